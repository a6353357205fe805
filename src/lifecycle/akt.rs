//! The right akt (guard rail 11): personakt material is printed with the client's name and
//! personnummer so it lands in the right file. When the client register holds the personnummer
//! for someone else (the name does not match its entry), the classification is refused: a
//! printout with one person's name and another's number would be filed wrongly. A client not in
//! the register is accepted, and offered for adding ([`add_if_new`]): the next message from the
//! same number then finds the right akt by itself.

use super::LifecycleError;
use crate::audit::{self, Action as Event};
use crate::clients::{Client, ClientRegister};
use crate::model::{Act, Classification};
use crate::personnummer::Personnummer;
use crate::store::clients as store_clients;

/// A name compared as people write it: case, diacritics-insensitive folding as the register's
/// search uses, extra spaces and word order ignored ("Haddad  Amira" is "Amira Haddad").
fn name_key(name: &str) -> Vec<String> {
    let mut words: Vec<String> = crate::text_fold::fold(name)
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    words.sort();
    words
}

/// The client a personakt classification names; `None` for the other classes.
fn personakt_client(c: &Classification) -> Option<(&str, &Personnummer)> {
    match c {
        Classification::Personakt {
            client_name,
            personnummer,
            ..
        } => Some((client_name, personnummer)),
        _ => None,
    }
}

/// Refuses a personakt classification whose personnummer the register holds for a person of
/// another name.
pub fn check(c: &Classification, register: &ClientRegister) -> Result<(), LifecycleError> {
    let Some((client_name, personnummer)) = personakt_client(c) else {
        return Ok(());
    };
    match register.by_personnummer(personnummer) {
        Some(entry) if name_key(&entry.name) != name_key(client_name) => {
            Err(LifecycleError::WrongAkt {
                registered_name: entry.name.clone(),
                given_name: client_name.trim().to_string(),
            })
        }
        _ => Ok(()),
    }
}

/// Adds a personakt client the register does not hold, with name and personnummer only (the
/// sender's number may be a relative's, so contact details are the caseworker's to add), and
/// audits it on the item. Does nothing for other classes or a client already registered.
pub(super) fn add_if_new(
    tx: &rusqlite::Transaction<'_>,
    c: &Classification,
    register: &ClientRegister,
    item: i64,
    act: &Act,
) -> Result<(), LifecycleError> {
    let Some((client_name, personnummer)) = personakt_client(c) else {
        return Ok(());
    };
    if register.by_personnummer(personnummer).is_some() {
        return Ok(());
    }
    let client = Client::new(
        client_name,
        personnummer.clone(),
        Vec::<String>::new(),
        Vec::<String>::new(),
    );
    store_clients::upsert(tx, &client, act)?;
    audit::append(
        tx,
        act,
        Some(item),
        Event::ClientAdded,
        serde_json::json!({ "updated": false, "offered_at_classification": true }),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_regardless_of_case_spacing_and_order() {
        assert_eq!(name_key("Amira  Haddad"), name_key("haddad, AMIRA"));
        assert_ne!(name_key("Jonas Ek"), name_key("Amira Haddad"));
        assert_ne!(name_key("Amira"), name_key("Amira Haddad"));
    }
}
