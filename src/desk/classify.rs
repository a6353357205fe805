//! Turning what the caseworker typed into a [`Classification`], and the checks the form runs
//! while typing (personnummer, a public-safe ärendemening). The CLI builds the same
//! [`ClassificationInput`] from its flags, so both clients complete a classification alike.

use super::views::{ClassificationInput, PersonnummerCheck, ProvisionOption};
use super::{DeskError, DeskResult};
use crate::clients::ClientRegister;
use crate::lifecycle::{LifecycleError, NewClient};
use crate::model::{Act, Classification, SecrecyMarking, Sekretessbestammelse};
use crate::personnummer::Personnummer;
use crate::store::Settings;

impl ClassificationInput {
    /// Completes the input: validates the personnummer (century from today), stamps a secrecy
    /// marking with the provision from the closed list, the authority (nämnd), the unit,
    /// today's date and the acting user, and keeps a secret sender (one with secrecy, or a
    /// client in the register: `sender_is_client`) out of the public register unless the
    /// caseworker explicitly marked the sender public.
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
                secrecy,
                ..
            } => Ok(Classification::Personakt {
                client_name: client_name.trim().to_string(),
                personnummer: Personnummer::parse(&personnummer, act.at.date_naive())?,
                secrecy: marking(secrecy.as_deref(), settings, act)?,
            }),
            ClassificationInput::Diarium {
                description,
                secrecy,
                sender_secret,
            } => {
                let secrecy = marking(secrecy.as_deref(), settings, act)?;
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

/// The secrecy marking for the provision typed or chosen (none when empty), or the refusal:
/// a provision not on the list, or no authority (nämnd) to name (guard rail 6).
fn marking(
    provision: Option<&str>,
    settings: &Settings,
    act: &Act,
) -> DeskResult<Option<SecrecyMarking>> {
    let Some(text) = provision.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let provision = Sekretessbestammelse::parse(text)
        .ok_or_else(|| LifecycleError::UnknownProvision(text.to_string()))?;
    let authority = settings
        .authority
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .ok_or(LifecycleError::NoAuthority)?;
    Ok(Some(SecrecyMarking {
        provision,
        date: act.at.date_naive(),
        authority: authority.to_string(),
        unit: settings.unit.clone().unwrap_or_default(),
        set_by: act.who(),
    }))
}

/// The provisions a marking may name, for the form's choice list.
pub fn provisions() -> Vec<ProvisionOption> {
    Sekretessbestammelse::LIST
        .iter()
        .map(|p| ProvisionOption {
            citation: p.citation().to_string(),
            sv: p.sv().to_string(),
        })
        .collect()
}

/// Checks a personnummer as the form field is typed, and tells whom the client register holds
/// under it: the form shows that name, or offers to add the client (guard rail 11).
pub fn check_personnummer(value: &str, act: &Act, register: &ClientRegister) -> PersonnummerCheck {
    match Personnummer::parse(value, act.at.date_naive()) {
        Ok(p) => PersonnummerCheck {
            valid: true,
            normalized: Some(p.to_string()),
            message: None,
            registered_name: register.by_personnummer(&p).map(|c| c.name.clone()),
        },
        Err(e) => PersonnummerCheck {
            valid: false,
            normalized: None,
            message: Some(DeskError::from(e).sv()),
            registered_name: None,
        },
    }
}

impl ClassificationInput {
    /// What to do with a personakt client the register does not hold.
    pub fn new_client(&self) -> NewClient {
        match self {
            ClassificationInput::Personakt {
                add_to_register: true,
                ..
            } => NewClient::Add,
            _ => NewClient::Leave,
        }
    }
}
