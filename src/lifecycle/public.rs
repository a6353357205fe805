//! What is printed on public lists must not reveal a client (guard rail 3): the ärendemening
//! of a diarium item and the note of a ringa item are printed on the diarielista and the
//! förteckning över handlingar av ringa betydelse, which anyone may ask to see. A personnummer,
//! a samordningsnummer or the name of a client in the register there is refused, not warned
//! about; the caseworker rewrites the text.

use chrono::NaiveDate;

use super::LifecycleError;
use crate::clients::{Client, ClientRegister};
use crate::model::{Classification, DocumentKind};
use crate::store::Store;

/// A classification field printed on a public list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicField {
    /// A diarium item's ärendemening.
    Arendemening,
    /// A ringa item's note.
    RingaNote,
}

impl PublicField {
    /// The field as a Swedish sentence starts with it.
    pub fn sv(self) -> &'static str {
        match self {
            PublicField::Arendemening => "Ärendemeningen",
            PublicField::RingaNote => "Anteckningen",
        }
    }
}

/// What a public field revealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revealed {
    /// A personnummer or samordningsnummer.
    Personnummer,
    /// The name of a client in the register.
    ClientName,
}

/// Refuses a classification whose public fields name a client or hold a personnummer.
pub fn check(
    c: &Classification,
    register: &ClientRegister,
    today: NaiveDate,
) -> Result<(), LifecycleError> {
    let (field, text) = match c {
        Classification::Diarium { description, .. } => (PublicField::Arendemening, description),
        Classification::Ringa { note: Some(note) } => (PublicField::RingaNote, note),
        _ => return Ok(()),
    };
    let revealed = if !crate::suggest::personnummer_in(text, today).is_empty() {
        Some(Revealed::Personnummer)
    } else if !register
        .find_names(&crate::text_fold::fold(text))
        .is_empty()
    {
        Some(Revealed::ClientName)
    } else {
        None
    };
    match revealed {
        Some(revealed) => Err(LifecycleError::NotPublic { field, revealed }),
        None => Ok(()),
    }
}

/// The client the register knows as this sender: by phone number in any spelling (also as an
/// SMS export writes it, `+4670… (Contact name)`), or by the address of `Name <address>`.
/// Such a sender is printed as "Sekretess" on public lists unless explicitly marked public.
pub fn sender_client<'r>(register: &'r ClientRegister, sender: &str) -> Option<&'r Client> {
    let sender = sender.trim();
    let address = sender
        .rsplit_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map_or(sender, |(address, _)| address);
    register
        .by_email(address)
        .or_else(|| register.by_phone(sender.split(" (").next().unwrap_or(sender)))
}

/// Whether item `id`'s party is a client in the register — the sender of a received item,
/// any recipient of one the unit sent (guard rail 5) — so that a diarium classification leaves
/// the party off public lists unless the caseworker explicitly marks it public.
pub fn sender_is_client(store: &Store, id: i64) -> Result<bool, LifecycleError> {
    let item = store.item(id)?;
    let parties: Vec<&str> = match item.kind() {
        DocumentKind::Expedierad => item
            .recipients
            .iter()
            .chain(&item.cc)
            .chain(&item.bcc)
            .map(String::as_str)
            .collect(),
        _ => item.sender.as_deref().into_iter().collect(),
    };
    let register = store.clients()?;
    Ok(parties
        .iter()
        .any(|p| sender_client(&register, p).is_some()))
}
