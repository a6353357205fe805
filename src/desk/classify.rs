//! Turning what the caseworker typed into a [`Classification`], and the checks the form runs
//! while typing (personnummer, a public-safe ärendemening). The CLI builds the same
//! [`ClassificationInput`] from its flags, so both clients complete a classification alike.

use super::views::{ClassificationInput, PersonnummerCheck};
use super::{DeskError, DeskResult};
use crate::model::{Act, Classification, SecrecyMarking};
use crate::personnummer::Personnummer;
use crate::store::Settings;

impl ClassificationInput {
    /// Completes the input: validates the personnummer (century from today), stamps a secrecy
    /// marking with today's date, the unit and the acting user, and keeps a secret sender (one
    /// with secrecy, or a client in the register: `sender_is_client`) out of the public register
    /// unless the caseworker explicitly marked the sender public.
    pub fn into_classification(
        self,
        settings: &Settings,
        act: &Act,
        sender_is_client: bool,
    ) -> DeskResult<Classification> {
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
                let sender_secret = sender_secret.unwrap_or(secrecy.is_some() || sender_is_client);
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
