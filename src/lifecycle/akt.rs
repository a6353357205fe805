//! The right akt (guard rail 11): personakt material is printed with the client's name and
//! personnummer so it lands in the right file. When the client register holds the personnummer
//! for someone else (the name does not match its entry), the classification is refused: a
//! printout with one person's name and another's number would be filed wrongly. A client not in
//! the register is accepted (the app offers to add it).

use super::LifecycleError;
use crate::clients::ClientRegister;
use crate::model::Classification;

/// A name compared as people write it: case, diacritics-insensitive folding as the register's
/// search uses, extra spaces and word order ignored ("Haddad  Amira" is "Amira Haddad").
fn name_key(name: &str) -> Vec<String> {
    let mut words: Vec<String> = crate::suggest::fold(name)
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    words.sort();
    words
}

/// Refuses a personakt classification whose personnummer the register holds for a person of
/// another name.
pub fn check(c: &Classification, register: &ClientRegister) -> Result<(), LifecycleError> {
    let Classification::Personakt {
        client_name,
        personnummer,
        ..
    } = c
    else {
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
