//! The SMS an older inkom stored, made known by the fingerprint today's inkom computes (issue 15).
//!
//! Up to schema 21 an SMS's fingerprint hashed its sender and recipients as the export wrote
//! them, contact names included ("+46701740650 (Sara Lund)"); today's counts the number in one
//! form without the name ([`NewItem::fingerprint`]). An import looks for a message under both
//! ([`NewItem::written_fingerprint`]), which finds what an older inkom stored as long as the
//! phone still writes the number and name as it did then. A contact renamed since, or a number
//! the phone now writes another way, made the message new again: stored and registrable twice.
//!
//! So once, when a store moves to schema 22, every SMS it still holds is rebuilt from what is
//! stored (an item of its own from its row; each message of a conversation from its part) and
//! its fingerprint in today's form is recorded as taken (`source_messages`), where every lookup
//! of a message looks ([`super::items::held`]). A rebuilt message is trusted only when its
//! fingerprint in the old form is the one stored for it: what cannot be rebuilt exactly (an MMS
//! whose recipients or subject its part does not keep, a purged item) is left as it is, found
//! as before, and never mistaken for another message.

use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, params};

use super::StoreError;
use super::items::record_taken;
use super::keyed::FINGERPRINT_FN;
use crate::model::{Attachment, Channel, Direction, NewItem, Part, SourceRef};

/// The schema version whose migration runs [`learn`].
pub(super) const VERSION: usize = 22;

/// Records today's fingerprint of every SMS the store holds under an older one; returns how
/// many were recorded. Runs inside the migration's transaction.
pub(super) fn learn(conn: &Connection) -> Result<usize, StoreError> {
    let mut learned = 0;
    let mut stmt = conn.prepare(
        "SELECT id, fingerprint, direction, sender, recipients, received_at, received_original,
             subject, body, parts
         FROM items
         WHERE channel = 'sms' AND state <> 'purged' AND state <> 'culled' AND body IS NOT NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let stored = Stored {
            id: row.get(0)?,
            fingerprint: row.get(1)?,
            direction: row.get(2)?,
            sender: row.get(3)?,
            recipients: row.get(4)?,
            received_at: row.get(5)?,
            received_original: row.get(6)?,
            subject: row.get(7)?,
            body: row.get(8)?,
            parts: row.get(9)?,
        };
        let attachments = attachment_hashes(conn, stored.id)?;
        learned += match &stored.parts {
            None => learn_alone(conn, &stored, &attachments)?,
            Some(parts) => learn_parts(conn, parts, &attachments)?,
        };
    }
    Ok(learned)
}

/// An SMS item's row, as much of it as its fingerprint covers.
struct Stored {
    id: i64,
    fingerprint: String,
    direction: String,
    sender: Option<String>,
    recipients: String,
    received_at: String,
    received_original: Option<String>,
    subject: Option<String>,
    body: Option<String>,
    parts: Option<String>,
}

/// The SHA-256 of an item's attachments, in order.
fn attachment_hashes(conn: &Connection, id: i64) -> Result<Vec<String>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT sha256 FROM attachments WHERE item_id = ?1 ORDER BY position")?;
    let hashes = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(hashes)
}

/// A message of its own: rebuilt from its row, with the date it was received as imported (a
/// corrected date keeps the original beside it).
fn learn_alone(
    conn: &Connection,
    stored: &Stored,
    attachments: &[String],
) -> Result<usize, StoreError> {
    let (Some(direction), Ok(recipients)) = (
        Direction::from_code(&stored.direction),
        serde_json::from_str::<Vec<String>>(&stored.recipients),
    ) else {
        return Ok(0);
    };
    for received in [
        stored.received_original.as_deref(),
        Some(&stored.received_at),
    ]
    .into_iter()
    .flatten()
    {
        let Ok(received_at) = DateTime::parse_from_rfc3339(received) else {
            continue;
        };
        let message = NewItem {
            sender: stored.sender.clone().unwrap_or_default(),
            recipients: recipients.clone(),
            subject: stored.subject.clone(),
            body: stored.body.clone().unwrap_or_default(),
            attachments: attachments.iter().map(|h| hashed(h)).collect(),
            ..sms(direction, received_at)
        };
        if let Some(written) = message.written_fingerprint()
            && keyed(conn, &written)? == stored.fingerprint
        {
            return Ok(usize::from(record_taken(conn, &message.fingerprint())?));
        }
    }
    Ok(0)
}

/// The messages of a conversation: each rebuilt from its part, with the attachments that are
/// its own (a conversation's attachments are its messages', in order). An outgoing message to
/// several is tried with its recipients as one name and as the list the part joined.
fn learn_parts(
    conn: &Connection,
    parts: &str,
    attachments: &[String],
) -> Result<usize, StoreError> {
    let Ok(parts) = serde_json::from_str::<Vec<Part>>(parts) else {
        return Ok(0);
    };
    let mut learned = 0;
    let mut next = 0;
    for part in parts {
        let own = attachments
            .get(next..next + part.attachments.len())
            .unwrap_or_default();
        next += part.attachments.len();
        let recipients = match part.direction {
            Direction::In => vec![Vec::new()],
            Direction::Out => {
                let listed: Vec<String> = part.counterpart.split(", ").map(String::from).collect();
                match listed.len() {
                    1 => vec![listed],
                    _ => vec![vec![part.counterpart.clone()], listed],
                }
            }
        };
        for recipients in recipients {
            let message = NewItem {
                sender: match part.direction {
                    Direction::In => part.counterpart.clone(),
                    Direction::Out => String::new(),
                },
                recipients,
                body: part.text.clone(),
                attachments: own.iter().map(|h| hashed(h)).collect(),
                ..sms(part.direction, part.at)
            };
            let Some(written) = message.written_fingerprint() else {
                break;
            };
            if is_taken(conn, &written)? {
                learned += usize::from(record_taken(conn, &message.fingerprint())?);
                break;
            }
        }
    }
    Ok(learned)
}

/// An SMS received at `at`, with nothing else yet.
fn sms(direction: Direction, at: DateTime<FixedOffset>) -> NewItem {
    let nowhere = SourceRef {
        path: String::new(),
        locator: String::new(),
        file_sha256: String::new(),
        notes: Vec::new(),
    };
    crate::import::common::new_item(Channel::Sms, direction, at, nowhere)
}

/// An attachment as far as a fingerprint sees it: its hash.
fn hashed(sha256: &str) -> Attachment {
    Attachment {
        sha256: sha256.to_string(),
        ..Attachment::new("", "", Vec::new())
    }
}

/// The keyed form of a plain fingerprint, as `items.fingerprint` holds it.
fn keyed(conn: &Connection, plain: &str) -> Result<String, StoreError> {
    let sql = format!("SELECT {FINGERPRINT_FN}(?1)");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([plain], |r| r.get(0))?)
}

/// Was this message (plain fingerprint) recorded as taken into a conversation?
fn is_taken(conn: &Connection, plain: &str) -> Result<bool, StoreError> {
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM source_messages WHERE message_key = {FINGERPRINT_FN}(?1))"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![plain], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Act, Prepared};
    use crate::store::items::{insert, is_in_store};

    /// A store at schema 21, as an older inkom left it, with the key's functions.
    fn older_store() -> Connection {
        let mut conn = Connection::open_in_memory().expect("memory");
        let key = crate::store::DataKey::random().expect("key");
        super::super::keyed::install_functions(&conn, &key).expect("keyed");
        super::super::fts_text::install(&conn).expect("search functions");
        super::super::migrations::migrate_to(&mut conn, VERSION - 1).expect("schema 21");
        conn
    }

    fn at(t: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(t).expect("time")
    }

    /// `message` stored as an older inkom stored it: under `stored_as`.
    fn store_alone(conn: &Connection, message: &NewItem, stored_as: String) {
        let prepared = Prepared {
            fingerprint: stored_as,
            written_fingerprint: None,
            parts_json: None,
        };
        let act = Act::new(at("2026-12-01T10:00:00+01:00"), "karin.test");
        insert(conn, message, &prepared, &act).expect("stored");
    }

    fn sms_from(sender: &str, body: &str) -> NewItem {
        NewItem {
            sender: sender.to_string(),
            body: body.to_string(),
            ..sms(Direction::In, at("2026-11-30T09:15:00+01:00"))
        }
    }

    /// An SMS stored alone under its fingerprint as written is found under today's after the
    /// migration, and so is the same message written with another name or number form.
    #[test]
    fn a_message_stored_under_its_written_fingerprint_is_learnt() {
        let conn = older_store();
        let then = sms_from("+46701740650 (Sara Lund)", "Kan vi ses i morgon?");
        let written = then.written_fingerprint().expect("differs from today's");
        store_alone(&conn, &then, written);
        let renamed = sms_from("0701740650 (Sara L)", "Kan vi ses i morgon?");
        assert!(!is_in_store(&conn, &renamed.fingerprint()).expect("lookup"));
        assert_eq!(learn(&conn).expect("learn"), 1);
        assert!(is_in_store(&conn, &renamed.fingerprint()).expect("lookup"));
        // Once: a second run records nothing more.
        assert_eq!(learn(&conn).expect("learn"), 0);
    }

    /// An MMS an older inkom stored with its sender as the MMS header writes it
    /// ("…/TYPE=PLMN", which today's readers leave out) is found as today's reader reads it.
    #[test]
    fn an_mms_sender_written_with_its_header_suffix_is_learnt() {
        let conn = older_store();
        let then = sms_from("+46701740671/TYPE=PLMN (Sara Lund)", "Bilden från i går");
        store_alone(&conn, &then, then.written_fingerprint().expect("differs"));
        assert_eq!(learn(&conn).expect("learn"), 1);
        let today = sms_from("+46701740671 (Sara Lund)", "Bilden från i går");
        assert!(is_in_store(&conn, &today.fingerprint()).expect("lookup"));
    }

    /// A conversation whose parts are not what inkom writes (damaged, or from a build that
    /// wrote them otherwise) teaches nothing and does not stop the store from opening.
    #[test]
    fn parts_that_do_not_read_teach_nothing_and_stop_nothing() {
        let conn = older_store();
        let conversation = NewItem {
            body: "utskrift".to_string(),
            ..sms(Direction::In, at("2026-11-30T09:15:00+01:00"))
        };
        let prepared = Prepared {
            fingerprint: "ab".repeat(32),
            written_fingerprint: None,
            parts_json: Some("[{\"at\": 12}".to_string()),
        };
        let act = Act::new(at("2026-12-01T10:00:00+01:00"), "karin.test");
        insert(&conn, &conversation, &prepared, &act).expect("stored");
        assert_eq!(learn(&conn).expect("learn"), 0);
    }

    /// A row whose rebuild does not give the fingerprint stored for it (a field the rebuild
    /// cannot see, a row changed since) teaches nothing: the message it would have named could
    /// be another one.
    #[test]
    fn a_rebuild_that_does_not_match_what_was_stored_is_not_trusted() {
        let conn = older_store();
        let then = sms_from("+46701740650 (Sara Lund)", "Kan vi ses i morgon?");
        let other = sms_from("+46701740650 (Sara Lund)", "Något annat");
        store_alone(&conn, &then, other.written_fingerprint().expect("differs"));
        assert_eq!(learn(&conn).expect("learn"), 0);
        assert!(!is_in_store(&conn, &then.fingerprint()).expect("lookup"));
    }

    /// The messages of a conversation, recorded as taken under their fingerprints as written,
    /// are learnt from the parts: one received, one sent to two (the part joins them).
    #[test]
    fn the_messages_of_a_conversation_are_learnt_from_its_parts() {
        let conn = older_store();
        let received = sms_from("+46701740650 (ሰላም ተስፋይ)", "ሰላም! مرحبا 你好");
        let sent = NewItem {
            recipients: vec![
                "+46701740650 (ሰላም ተስፋይ)".to_string(),
                "0701740651 (عمر)".to_string(),
            ],
            body: "Hej båda".to_string(),
            ..sms(Direction::Out, at("2026-11-30T09:20:00+01:00"))
        };
        for message in [&received, &sent] {
            let written = message.written_fingerprint().expect("differs");
            record_taken(&conn, &written).expect("taken");
        }
        let part = |m: &NewItem, counterpart: String| Part {
            at: m.received_at,
            direction: m.direction,
            counterpart,
            text: m.body.clone(),
            attachments: Vec::new(),
            locator: String::new(),
        };
        let conversation = NewItem {
            parts: vec![
                part(&received, received.sender.clone()),
                part(&sent, sent.recipients.join(", ")),
            ],
            body: "utskrift".to_string(),
            ..sms(Direction::In, received.received_at)
        };
        let prepared = conversation.prepare().expect("prepared");
        let act = Act::new(at("2026-12-01T10:00:00+01:00"), "karin.test");
        insert(&conn, &conversation, &prepared, &act).expect("stored");
        assert_eq!(learn(&conn).expect("learn"), 2);
        for message in [&received, &sent] {
            assert!(is_in_store(&conn, &message.fingerprint()).expect("lookup"));
        }
    }
}
