//! The client register and the classification suggestion as the window sees them: the search
//! behind the client-name field, the client's name beside a known sender, the suggestion in the
//! item view, the ärendemening check and the CSV import. The rules are the core's
//! ([`crate::clients`], [`crate::suggest`]); this module only shapes their answers into views.
//!
//! The register is read once per command ([`register`]) and indexed in memory: a unit's
//! clients are a few thousand rows at most, and an inbox page asks for fifty sender labels.

use std::path::Path;

use super::search::{fold_diacritics, has_diacritics};
use super::views::{
    ArendemeningCheck, ClientImportSummary, ClientView, RejectedLine, Span, Suggestion,
    SuggestionFlag, SuggestionReason,
};
use super::{DeskError, DeskResult};
use crate::clients::{self, Client, ClientRegister};
use crate::lifecycle::LifecycleError;
use crate::model::{Act, Item, State};
use crate::store::{Settings, Store};
use crate::suggest::{self, Message};

/// At most this many clients answer a search: the field shows a short list.
const SEARCH_LIMIT: usize = 10;

/// The client register of the open store.
pub fn register(conn: &rusqlite::Connection) -> DeskResult<ClientRegister> {
    Ok(ClientRegister::new(crate::store::clients::all(conn)?))
}

fn view(c: &Client) -> ClientView {
    ClientView {
        name: c.name.clone(),
        personnummer: c.personnummer.to_string(),
        phones: c.phones.clone(),
        emails: c.emails.clone(),
    }
}

/// Clients whose name, personnummer, phone number or e-mail address holds `text`: letters as
/// in the inbox search (without case; "odman" finds "Ödman", "får" does not find "far"),
/// numbers by their digits. Fewer than two characters give nothing: every client would match.
pub fn search(register: &ClientRegister, text: &str) -> Vec<ClientView> {
    let text = text.trim();
    if text.chars().count() < 2 {
        return Vec::new();
    }
    let exact = has_diacritics(text);
    let fold = |s: &str| {
        if exact {
            s.to_lowercase()
        } else {
            fold_diacritics(s)
        }
    };
    let wanted = fold(text);
    // A leading 0 is dropped so that 070… finds the stored +4670….
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.strip_prefix('0').unwrap_or(&digits);
    let digits_match = |s: &str| {
        digits.len() >= 3
            && s.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .contains(digits)
    };
    register
        .clients()
        .iter()
        .filter(|c| {
            fold(&c.name).contains(&wanted)
                || digits_match(&c.personnummer.to_string())
                || c.phones.iter().any(|p| digits_match(p))
                || c.emails.iter().any(|e| e.contains(&wanted))
        })
        .take(SEARCH_LIMIT)
        .map(view)
        .collect()
}

/// The client's name when the register knows the address, a sender's or a recipient's (see
/// [`crate::lifecycle::public::sender_client`]).
pub fn sender_label(register: &ClientRegister, sender: Option<&str>) -> Option<String> {
    crate::lifecycle::public::sender_client(register, sender?).map(|c| c.name.clone())
}

/// The suggestion for an item whose content inkom still holds; none once it is purged or
/// culled. A pre-filled secrecy marking carries today's date, the authority, the unit and the
/// user, as the form would stamp it.
pub fn suggestion(
    item: &Item,
    register: &ClientRegister,
    settings: &Settings,
    act: &Act,
) -> Option<Suggestion> {
    if matches!(item.state, State::Purged | State::Culled) || item.body.is_none() {
        return None;
    }
    let s = suggest::suggest(&Message::from(item), register);
    let field = |f: suggest::FieldName| {
        serde_json::to_value(f)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    Some(Suggestion {
        class: s.class,
        reasons: s
            .reasons
            .iter()
            .map(|r| SuggestionReason {
                text: r.text.clone(),
                spans: r
                    .spans
                    .iter()
                    .map(|sp| Span {
                        field: field(sp.field),
                        start: sp.start,
                        end: sp.end,
                    })
                    .collect(),
            })
            .collect(),
        flags: s
            .flags
            .iter()
            .map(|f| SuggestionFlag {
                category: serde_json::to_value(f.category)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                label: f.label.to_string(),
                term: f.term.clone(),
                field: field(f.field),
                start: f.start,
                end: f.end,
            })
            .collect(),
        secrecy: s.secrecy.map(|p| {
            p.marking(
                act.at.date_naive(),
                settings.authority.as_deref().unwrap_or(""),
                settings.unit.as_deref().unwrap_or(""),
                &act.who(),
            )
        }),
    })
}

/// Warnings for an ärendemening the public register would expose (the core's check, with the
/// register's names).
pub fn check_arendemening(register: &ClientRegister, text: &str) -> ArendemeningCheck {
    ArendemeningCheck {
        warnings: suggest::check_arendemening(text, register),
    }
}

/// Imports the client register from a CSV file (`name,personnummer,phone,email`): valid rows
/// are stored in one transaction, each refused row is named by its line number.
pub fn import_csv(store: &mut Store, path: &Path, act: &Act) -> DeskResult<ClientImportSummary> {
    let file = std::fs::File::open(path).map_err(|source| {
        DeskError::from(LifecycleError::Io {
            what: "reading",
            path: path.to_path_buf(),
            source,
        })
    })?;
    let parsed = clients::parse_csv(std::io::BufReader::new(file), act.at.date_naive());
    let counts = clients::import(store, &parsed.clients, parsed.rejected.len(), act)?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(ClientImportSummary {
        imported: count(counts.added),
        updated: count(counts.updated),
        rejected: parsed
            .rejected
            .iter()
            .map(|e| RejectedLine {
                line: u32::try_from(e.line()).unwrap_or(u32::MAX),
                message: e.sv(),
            })
            .collect(),
    })
}
