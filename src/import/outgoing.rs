//! Mail the unit sent itself (guard rail 5). A message saved from Outlook's Sent Items, or an
//! .eml of a reply, is a public document too, but *expedierad*, not *inkommen*: the register
//! names its recipients and the date it was sent. An importer cannot tell from the file alone
//! who "we" are, so the unit lists its addresses (the `unit_addresses` setting) and a message
//! from one of them is marked outgoing here, after parsing and before it is stored.

use super::eml::NO_RECEIVED_NOTE;
use super::outlook::NO_DELIVERY_NOTE;
use crate::model::{Channel, Direction, NewItem};

/// The unit's own e-mail addresses from the setting's text: separated by commas, semicolons
/// or white space, compared without regard to case. Entries without an `@` are left out.
pub fn unit_addresses(setting: Option<&str>) -> Vec<String> {
    setting
        .unwrap_or_default()
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|a| a.trim().trim_matches(['<', '>']).to_lowercase())
        .filter(|a| a.contains('@'))
        .collect()
}

/// The address part of a sender as the importers write it: `Name <address>` or `address`.
fn address_of(sender: &str) -> String {
    let s = sender.trim();
    let inner = match (s.rfind('<'), s.rfind('>')) {
        (Some(open), Some(close)) if open < close => &s[open + 1..close],
        _ => s,
    };
    inner.trim().to_lowercase()
}

/// Marks an e-mail sent from one of the unit's addresses as outgoing (expedierad), dated when
/// it was sent (its `Date:` header or Outlook's submit time). The note that a received mail
/// lacked its server's time does not apply to a mail the unit sent, and is taken out again.
pub fn mark_sent_by_unit(item: &mut NewItem, unit_addresses: &[String]) {
    if item.channel != Channel::Email
        || item.direction != Direction::In
        || !unit_addresses.contains(&address_of(&item.sender))
    {
        return;
    }
    item.direction = Direction::Out;
    if let Some(sent) = item.sent_at {
        item.received_at = sent;
        item.source
            .notes
            .retain(|n| n != NO_RECEIVED_NOTE && n != NO_DELIVERY_NOTE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_is_a_list_of_addresses() {
        assert_eq!(
            unit_addresses(Some(" IFO@Exempelby.se, <mottagning@exempelby.se>;x  ")),
            ["ifo@exempelby.se", "mottagning@exempelby.se"]
        );
        assert!(unit_addresses(None).is_empty());
    }

    #[test]
    fn the_sender_address_is_read_from_a_display_form() {
        assert_eq!(
            address_of("Socialtjänsten <IFO@exempelby.se>"),
            "ifo@exempelby.se"
        );
        assert_eq!(address_of(" ifo@exempelby.se "), "ifo@exempelby.se");
    }
}
