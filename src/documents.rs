//! What goes on the printed page: turns an [`Item`] and the unit's settings into a
//! [`Sheet`] for [`crate::pdf`]. The PDF module knows layout; this module knows the law's facts.

use crate::model::{Act, Channel, Class, Classification, Item, local_time};
use crate::pdf::{Block, Sheet};
use crate::store::Settings;

/// Printed instead of the sender when the sender's identity is secret.
pub const SECRET_SENDER: &str = "Enskild – uppgift om avsändaren omfattas av sekretess";

/// The registration sheet (diarium) or personakt printout for an item, with the facts of
/// 5 kap. 2 § OSL first, then the full content, then the chain of custody.
pub fn registration_sheet(
    item: &Item,
    settings: &Settings,
    designation: &str,
    diarienummer: Option<&str>,
    act: &Act,
) -> Sheet {
    let mut facts = Vec::new();
    if item.class == Some(Class::Diarium) {
        // An empty line for the registrar's hand when inkom does not hold the series.
        let dnr = diarienummer.unwrap_or("____________________");
        facts.push(("Diarienummer".to_string(), dnr.to_string()));
    }
    facts.extend([
        ("Registrerings-id".to_string(), designation.to_string()),
        ("Inkom".to_string(), local_time(&item.received_at)),
        (
            "Handling".to_string(),
            format!(
                "{}, {}",
                item.channel.sv(),
                item.direction.sv().to_lowercase()
            ),
        ),
    ]);
    let mut running_header = None;
    let mut secrecy = None;
    let sender = item.sender.clone().unwrap_or_default();
    match &item.classification {
        Some(Classification::Personakt {
            client_name,
            personnummer,
        }) => {
            let who = format!("{client_name}, {personnummer}");
            facts.push(("Avsändare".to_string(), or_unknown(&sender)));
            facts.push(("Avser".to_string(), who.clone()));
            running_header = Some(format!("Personakt: {who}"));
        }
        Some(Classification::Diarium {
            description,
            secrecy: marking,
            sender_secret,
        }) => {
            let shown = if *sender_secret {
                SECRET_SENDER.to_string()
            } else {
                or_unknown(&sender)
            };
            facts.push(("Avsändare".to_string(), shown));
            facts.push(("Ärendemening".to_string(), description.clone()));
            secrecy = marking.as_ref().map(ToString::to_string);
        }
        Some(Classification::Ringa { .. }) | None => {
            facts.push(("Avsändare".to_string(), or_unknown(&sender)));
        }
    }
    if let Some(class) = item.class {
        facts.push(("Klass".to_string(), class.sv().to_string()));
    }
    facts.push(("Handläggare".to_string(), act.by.clone()));

    let title = match item.class {
        Some(Class::Personakt) => "Personaktsutskrift",
        _ => "Registreringsblad",
    };
    Sheet {
        title: title.to_string(),
        organisation: settings.organisation.clone().unwrap_or_default(),
        unit: settings.unit.clone().unwrap_or_default(),
        designation: designation.to_string(),
        running_header,
        facts,
        secrecy,
        blocks: content_blocks(item, designation),
        created: act.at,
    }
}

fn or_unknown(s: &str) -> String {
    if s.trim().is_empty() {
        "Okänd".to_string()
    } else {
        s.to_string()
    }
}

fn content_blocks(item: &Item, designation: &str) -> Vec<Block> {
    let mut blocks = vec![Block::Heading("Innehåll".to_string())];
    let mut header = Vec::new();
    if item.channel != Channel::Screenshot {
        header.push((
            "Från".to_string(),
            or_unknown(item.sender.as_deref().unwrap_or("")),
        ));
        if !item.recipients.is_empty() {
            header.push(("Till".to_string(), item.recipients.join(", ")));
        }
    }
    header.push(("Datum".to_string(), local_time(&item.received_at)));
    if let Some(subject) = &item.subject {
        header.push(("Ämne".to_string(), subject.clone()));
    }
    blocks.push(Block::Fields(header));
    if let Some(body) = item.body.as_deref().filter(|b| !b.is_empty()) {
        blocks.push(Block::Text(body.to_string()));
    }
    if !item.attachments.is_empty() {
        blocks.push(Block::Heading("Bilagor".to_string()));
        blocks.push(Block::Fields(
            item.attachments
                .iter()
                .map(|a| {
                    (
                        a.name.clone(),
                        format!("{}, {} byte, SHA-256 {}", a.mime, a.size, a.sha256),
                    )
                })
                .collect(),
        ));
        for a in item
            .attachments
            .iter()
            .filter(|a| is_printable_image(&a.mime))
        {
            blocks.push(Block::Image {
                bytes: a.bytes.clone(),
                caption: a.name.clone(),
            });
        }
    }
    blocks.push(Block::Heading("Spårbarhet".to_string()));
    let mut custody = vec![(
        "Importerad".to_string(),
        format!("{} av {}", local_time(&item.imported.at), item.imported.by),
    )];
    if let Some(c) = &item.classified {
        custody.push((
            "Klassificerad".to_string(),
            format!("{} av {}", local_time(&c.at), c.by),
        ));
    }
    custody.push((
        "Källfil, SHA-256".to_string(),
        item.source.file_sha256.clone(),
    ));
    if !item.source.locator.is_empty() {
        custody.push(("Plats i källfilen".to_string(), item.source.locator.clone()));
    }
    custody.push(("Registrerings-id".to_string(), designation.to_string()));
    blocks.push(Block::Fields(custody));
    blocks
}

fn is_printable_image(mime: &str) -> bool {
    matches!(mime, "image/png" | "image/jpeg")
}
