//! Turning what the caseworker typed into a [`Classification`], and the checks the form runs
//! while typing (personnummer, a public-safe ärendemening). The CLI builds the same
//! [`ClassificationInput`] from its flags, so both clients complete a classification alike.

use super::views::{ArendemeningCheck, ClassificationInput, PersonnummerCheck};
use super::{DeskError, DeskResult};
use crate::model::{Act, Classification, SecrecyMarking};
use crate::personnummer::Personnummer;
use crate::store::Settings;

impl ClassificationInput {
    /// Completes the input: validates the personnummer (century from today), stamps a secrecy
    /// marking with today's date, the unit and the acting user, and keeps a secret sender out of
    /// the public register unless the caseworker said otherwise.
    pub fn into_classification(self, settings: &Settings, act: &Act) -> DeskResult<Classification> {
        match self {
            ClassificationInput::Personakt {
                client_name,
                personnummer,
            } => Ok(Classification::Personakt {
                client_name: client_name.trim().to_string(),
                personnummer: Personnummer::parse(&personnummer, act.at.date_naive())?,
            }),
            ClassificationInput::Diarium {
                description,
                secrecy,
                sender_secret,
            } => {
                let secrecy = secrecy
                    .map(|text| provision(&text))
                    .filter(|p| !p.is_empty())
                    .map(|provision| SecrecyMarking {
                        provision,
                        date: act.at.date_naive(),
                        unit: settings.unit.clone().unwrap_or_default(),
                        set_by: act.by.clone(),
                    });
                let sender_secret = sender_secret.unwrap_or(secrecy.is_some());
                Ok(Classification::Diarium {
                    description: description.trim().to_string(),
                    secrecy,
                    sender_secret,
                })
            }
            ClassificationInput::Ringa { note } => Ok(Classification::Ringa {
                note: note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
            }),
        }
    }
}

/// Accepts both "26 kap. 1 § OSL" and "Sekretess enligt 26 kap. 1 § OSL".
pub fn provision(text: &str) -> String {
    let t = text.trim();
    for prefix in ["Sekretess enligt ", "sekretess enligt "] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return rest.trim().to_string();
        }
    }
    t.to_string()
}

/// Checks a personnummer as the form field is typed.
pub fn check_personnummer(value: &str, act: &Act) -> PersonnummerCheck {
    match Personnummer::parse(value, act.at.date_naive()) {
        Ok(p) => PersonnummerCheck {
            valid: true,
            normalized: Some(p.to_string()),
            message: None,
        },
        Err(e) => PersonnummerCheck {
            valid: false,
            normalized: None,
            message: Some(DeskError::from(e).sv()),
        },
    }
}

/// Words that reveal sensitive circumstances (GDPR art. 9 and what DOMAIN.md adds) and so must
/// not stand in a public ärendemening. A first list; issue 5's classifier brings the full one.
const SENSITIVE: &[&str] = &[
    "missbruk",
    "alkohol",
    "narkotika",
    "drog",
    "psykisk",
    "psykiatri",
    "diagnos",
    "sjukdom",
    "sjukhus",
    "hiv",
    "våld",
    "misshandel",
    "övergrepp",
    "brott",
    "dom ",
    "skulder",
    "skuld",
    "ekonomiskt bistånd",
    "försörjningsstöd",
    "religion",
    "sexuell",
    "graviditet",
    "abort",
    "självmord",
];

/// Warnings for an ärendemening that the public register would expose: a personnummer, a word
/// about health, crime, money or similar. A warning, not a refusal: the caseworker decides.
pub fn check_arendemening(text: &str, act: &Act) -> ArendemeningCheck {
    let mut warnings = Vec::new();
    let lower = format!("{} ", text.to_lowercase());
    let looks_like_pnr = text
        .split(|c: char| !(c.is_ascii_digit() || c == '-' || c == '+'))
        .any(|w| Personnummer::parse(w, act.at.date_naive()).is_ok());
    if looks_like_pnr {
        warnings.push(
            "Ärendemeningen innehåller ett personnummer. Den är offentlig: ta bort numret."
                .to_string(),
        );
    }
    let found: Vec<&str> = SENSITIVE
        .iter()
        .copied()
        .filter(|w| lower.contains(w))
        .map(str::trim)
        .collect();
    if !found.is_empty() {
        warnings.push(format!(
            "Ärendemeningen innehåller {}, som kan röja känsliga förhållanden. Skriv mer allmänt, \
             t.ex. \"Orosanmälan\" eller \"Ansökan\".",
            found
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    ArendemeningCheck { warnings }
}

/// Client register search. Seam for issue 5 (the client register table): until it lands there
/// is no register and the answer is empty.
pub fn clients(_conn: &rusqlite::Connection, _text: &str) -> Vec<super::views::ClientView> {
    Vec::new()
}

/// The client's name for a sender, when the client register knows it. Seam for issue 5.
pub fn sender_label(_conn: &rusqlite::Connection, _sender: Option<&str>) -> Option<String> {
    None
}

/// The classification suggestion for an item. Seam for issue 5 (`inkom::suggest::suggest`):
/// until it lands there is none.
pub fn suggestion(_item: &crate::model::Item) -> Option<super::views::Suggestion> {
    None
}
