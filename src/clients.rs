//! The client register: the people the unit has a personakt for, so a suggestion can say
//! "the sender is a client" and point to the personakt instead of the diarium.
//!
//! The register holds what identifies a client in a message: name, personnummer, phone numbers
//! and e-mail addresses. It comes from a CSV file (`name,personnummer,phone,email`, several
//! phones or addresses separated by `;`) and is kept in the store (see
//! [`crate::store::Store::clients`]); `inkom suggest --clients FILE` uses a file directly.
//! Phone numbers are kept normalised ([`normalize_phone`]) and addresses lower-case, so a match
//! never depends on how a number was spelled.

use std::collections::HashMap;
use std::io::Read;

use aho_corasick::{AhoCorasick, MatchKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::audit::{self, Action};
use crate::model::{Act, normalize_phone};
use crate::personnummer::{Personnummer, PersonnummerError};
use crate::store::clients as store_clients;
use crate::store::{Store, StoreError, Upserted};

/// One client as the register knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    /// Full name as written in the register, e.g. "Amira Haddad".
    pub name: String,
    /// Validated personnummer or samordningsnummer; the register's key.
    pub personnummer: Personnummer,
    /// Normalised phone numbers (`+46701740605`).
    pub phones: Vec<String>,
    /// Lower-case e-mail addresses.
    pub emails: Vec<String>,
}

impl Client {
    /// Builds a client from what a person typed, normalising phones and addresses and dropping
    /// empty ones, so the CSV import and `clients add` store the same shape.
    pub fn new(
        name: &str,
        personnummer: Personnummer,
        phones: impl IntoIterator<Item = impl AsRef<str>>,
        emails: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> Client {
        let mut phones: Vec<String> = phones
            .into_iter()
            .map(|p| normalize_phone(p.as_ref()))
            .filter(|p| !p.is_empty())
            .collect();
        phones.dedup();
        let mut emails: Vec<String> = emails
            .into_iter()
            .map(|e| e.as_ref().trim().to_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        emails.dedup();
        Client {
            name: name.split_whitespace().collect::<Vec<_>>().join(" "),
            personnummer,
            phones,
            emails,
        }
    }
}

/// Why a row of a client CSV file was refused. Messages name the line, never its content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientsError {
    /// The file could not be read as CSV (encoding, quoting).
    #[error("line {line}: not readable as CSV")]
    Csv {
        /// 1-based line number.
        line: u64,
    },
    /// The header does not name the columns `name` and `personnummer`.
    #[error("the header must name the columns name,personnummer,phone,email")]
    Header,
    /// A row without a name.
    #[error("line {line}: the name is empty")]
    NoName {
        /// 1-based line number.
        line: u64,
    },
    /// A row whose personnummer is not valid.
    #[error("line {line}: invalid personnummer: {reason}")]
    Personnummer {
        /// 1-based line number.
        line: u64,
        /// Why.
        reason: PersonnummerError,
    },
    /// The same personnummer twice in one file.
    #[error("line {line}: the personnummer was already on line {first}")]
    Duplicate {
        /// 1-based line number.
        line: u64,
        /// Where it first appeared.
        first: u64,
    },
}

impl ClientsError {
    /// The 1-based line it is about (the header is line 1).
    pub fn line(&self) -> u64 {
        match self {
            ClientsError::Header => 1,
            ClientsError::Csv { line }
            | ClientsError::NoName { line }
            | ClientsError::Personnummer { line, .. }
            | ClientsError::Duplicate { line, .. } => *line,
        }
    }

    /// The message for a Swedish user.
    pub fn sv(&self) -> String {
        match self {
            ClientsError::Csv { line } => format!("Rad {line}: kan inte läsas som CSV."),
            ClientsError::Header => "Första raden ska namnge kolumnerna: \
                                     namn;personnummer;telefon;e-post \
                                     (eller på engelska name,personnummer,phone,email)."
                .to_string(),
            ClientsError::NoName { line } => format!("Rad {line}: namnet saknas."),
            ClientsError::Personnummer { line, reason } => {
                format!("Rad {line}: {}", reason.sv())
            }
            ClientsError::Duplicate { line, first } => {
                format!("Rad {line}: personnumret finns redan på rad {first}.")
            }
        }
    }
}

/// What a CSV file gave: the valid clients and the refused rows.
#[derive(Debug, Clone, Default)]
pub struct ParsedCsv {
    /// Valid rows, in file order.
    pub clients: Vec<Client>,
    /// Refused rows (and a header problem, if any), in file order.
    pub rejected: Vec<ClientsError>,
}

/// Reads a client CSV (`name,personnummer,phone,email`; `,` or `;` between columns is
/// detected from the header; `;` inside the phone and e-mail columns separates several).
/// `today` decides the century of 10-digit personnummer. Never fails as a whole: each bad row
/// is refused on its own, with its line number.
pub fn parse_csv(mut input: impl Read, today: NaiveDate) -> ParsedCsv {
    let mut out = ParsedCsv::default();
    let mut bytes = Vec::new();
    if input.read_to_end(&mut bytes).is_err() {
        out.rejected.push(ClientsError::Csv { line: 1 });
        return out;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let header_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if header_line.contains(&b',') {
        b','
    } else {
        b';'
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let Ok(header) = reader.headers().cloned() else {
        out.rejected.push(ClientsError::Header);
        return out;
    };
    let column = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let (Some(name_col), Some(pnr_col)) = (column(&["name", "namn"]), column(&["personnummer"]))
    else {
        out.rejected.push(ClientsError::Header);
        return out;
    };
    let phone_col = column(&["phone", "telefon"]);
    let email_col = column(&["email", "e-post", "epost"]);
    let mut seen: HashMap<Personnummer, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                out.rejected.push(ClientsError::Csv { line });
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let field = |col: Option<usize>| col.and_then(|c| record.get(c)).unwrap_or("");
        let name = field(Some(name_col));
        if record.iter().all(str::is_empty) {
            continue;
        }
        if name.is_empty() {
            out.rejected.push(ClientsError::NoName { line });
            continue;
        }
        let personnummer = match Personnummer::parse(field(Some(pnr_col)), today) {
            Ok(p) => p,
            Err(reason) => {
                out.rejected
                    .push(ClientsError::Personnummer { line, reason });
                continue;
            }
        };
        if let Some(first) = seen.get(&personnummer) {
            out.rejected.push(ClientsError::Duplicate {
                line,
                first: *first,
            });
            continue;
        }
        seen.insert(personnummer.clone(), line);
        out.clients.push(Client::new(
            name,
            personnummer,
            field(phone_col).split(';'),
            field(email_col).split(';'),
        ));
    }
    out
}

/// What [`import`] did: counts only, as the audit trail records them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    /// New clients.
    pub added: usize,
    /// Clients whose row was replaced (same personnummer).
    pub updated: usize,
}

/// Stores the valid rows of a CSV file in one transaction, updating clients already there by
/// personnummer, and audits it. The audit event holds counts only: no name, no number.
pub fn import(
    store: &mut Store,
    clients: &[Client],
    rejected: usize,
    act: &Act,
) -> Result<ImportCounts, StoreError> {
    let tx = store.write()?;
    let mut counts = ImportCounts::default();
    for c in clients {
        match store_clients::upsert(&tx, c, act)? {
            Upserted::Added => counts.added += 1,
            Upserted::Updated => counts.updated += 1,
        }
    }
    audit::append(
        &tx,
        act,
        None,
        Action::ClientsImported,
        serde_json::json!({
            "added": counts.added, "updated": counts.updated, "rejected": rejected
        }),
    )?;
    tx.commit()?;
    Ok(counts)
}

/// Adds one client (or replaces the one with the same personnummer) and audits it.
pub fn add(store: &mut Store, client: &Client, act: &Act) -> Result<Upserted, StoreError> {
    let tx = store.write()?;
    let done = store_clients::upsert(&tx, client, act)?;
    audit::append(
        &tx,
        act,
        None,
        Action::ClientAdded,
        serde_json::json!({ "updated": done == Upserted::Updated }),
    )?;
    tx.commit()?;
    Ok(done)
}

/// Removes a client and audits it; `false` (and no event) when there was none.
pub fn remove(store: &mut Store, p: &Personnummer, act: &Act) -> Result<bool, StoreError> {
    let tx = store.write()?;
    if !store_clients::remove(&tx, p)? {
        return Ok(false);
    }
    audit::append(&tx, act, None, Action::ClientRemoved, serde_json::json!({}))?;
    tx.commit()?;
    Ok(true)
}

/// The register with the indexes a suggestion needs: by phone, by address, by personnummer and
/// an automaton over the names, built once so 10,000 messages cost no more than one.
#[derive(Debug, Clone, Default)]
pub struct ClientRegister {
    clients: Vec<Client>,
    by_phone: HashMap<String, usize>,
    by_email: HashMap<String, usize>,
    by_personnummer: HashMap<Personnummer, usize>,
    /// Over lower-case full names; pattern i is client `name_owner[i]`.
    names: Option<AhoCorasick>,
    name_owner: Vec<usize>,
}

impl ClientRegister {
    /// Builds the indexes. A later client with the same phone or address as an earlier one
    /// does not take it over: the first stays, so a match is stable.
    pub fn new(clients: Vec<Client>) -> ClientRegister {
        let mut by_phone = HashMap::new();
        let mut by_email = HashMap::new();
        let mut by_personnummer = HashMap::new();
        let mut patterns = Vec::new();
        let mut name_owner = Vec::new();
        for (i, c) in clients.iter().enumerate() {
            for p in &c.phones {
                by_phone.entry(p.clone()).or_insert(i);
            }
            for e in &c.emails {
                by_email.entry(e.clone()).or_insert(i);
            }
            by_personnummer.entry(c.personnummer.clone()).or_insert(i);
            // A name of one word would match far too much ("Ali", "Eva"): full names only.
            if c.name.split_whitespace().count() >= 2 {
                patterns.push(crate::text_fold::fold(&c.name));
                name_owner.push(i);
            }
        }
        let names = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .ok()
        };
        ClientRegister {
            clients,
            by_phone,
            by_email,
            by_personnummer,
            names,
            name_owner,
        }
    }

    /// All clients, in register order.
    pub fn clients(&self) -> &[Client] {
        &self.clients
    }

    /// True when the register is empty.
    pub fn is_empty(&self) -> bool {
        self.clients.is_empty()
    }

    /// The client with this phone number, in any spelling.
    pub fn by_phone(&self, raw: &str) -> Option<&Client> {
        self.by_phone
            .get(&normalize_phone(raw))
            .map(|&i| &self.clients[i])
    }

    /// The client with this e-mail address (case-insensitive).
    pub fn by_email(&self, address: &str) -> Option<&Client> {
        self.by_email
            .get(&address.trim().to_lowercase())
            .map(|&i| &self.clients[i])
    }

    /// The client with this personnummer.
    pub fn by_personnummer(&self, p: &Personnummer) -> Option<&Client> {
        self.by_personnummer.get(p).map(|&i| &self.clients[i])
    }

    /// Client names in `folded` (text already passed through [`crate::text_fold::fold`]), as
    /// byte ranges into it. A name must stand as words of its own; a possessive `s` is allowed
    /// ("Amira Haddads").
    pub fn find_names<'r>(&'r self, folded: &str) -> Vec<(std::ops::Range<usize>, &'r Client)> {
        let Some(ac) = &self.names else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in ac.find_iter(folded) {
            let before = folded[..m.start()].chars().next_back();
            let mut after = folded[m.end()..].chars();
            let next = after.next();
            let ends_word = match next {
                Some('s') => after.next().is_none_or(|c| !c.is_alphanumeric()),
                Some(c) => !c.is_alphanumeric(),
                None => true,
            };
            if before.is_none_or(|c| !c.is_alphanumeric()) && ends_word {
                let owner = self.name_owner[m.pattern().as_usize()];
                out.push((m.range(), &self.clients[owner]));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
    }

    #[test]
    fn csv_rows_with_several_phones_and_bad_rows_by_line() {
        let csv = "name,personnummer,phone,email\n\
                   Amira Haddad,19850314-9828,070-174 06 05;+46 70 174 06 06,Amira@Example.se\n\
                   Fel Person,19850314-9829,,\n\
                   ,19121212-1212,,\n\
                   Jonas Ek,920707-9824,,\n\
                   Igen Ek,19920707-9824,,\n";
        let parsed = parse_csv(csv.as_bytes(), today());
        assert_eq!(parsed.clients.len(), 2);
        let amira = &parsed.clients[0];
        assert_eq!(amira.phones, ["+46701740605", "+46701740606"]);
        assert_eq!(amira.emails, ["amira@example.se"]);
        assert_eq!(
            parsed.rejected,
            [
                ClientsError::Personnummer {
                    line: 3,
                    reason: PersonnummerError::CheckDigit
                },
                ClientsError::NoName { line: 4 },
                ClientsError::Duplicate { line: 6, first: 5 },
            ]
        );
        assert_eq!(
            parsed.rejected[0].sv(),
            "Rad 3: Personnumrets kontrollsiffra stämmer inte. Kontrollera numret."
        );
    }

    #[test]
    fn header_is_required_and_semicolon_files_work() {
        let parsed = parse_csv("a,b\nx,y\n".as_bytes(), today());
        assert_eq!(parsed.rejected, [ClientsError::Header]);
        let parsed = parse_csv(
            "namn;personnummer;telefon;e-post\nJonas Ek;19920707-9824;0701740617;\n".as_bytes(),
            today(),
        );
        assert_eq!(parsed.clients.len(), 1);
        assert!(parsed.rejected.is_empty());
    }

    #[test]
    fn lookups_in_any_spelling() {
        let parsed = parse_csv(
            "name,personnummer,phone,email\nAmira Haddad,19850314-9828,070-1740605,a@b.se\n"
                .as_bytes(),
            today(),
        );
        let reg = ClientRegister::new(parsed.clients);
        for spelling in [
            "+46701740605",
            "070-174 06 05",
            "0046 70 174 06 05",
            "0701740605",
        ] {
            assert!(reg.by_phone(spelling).is_some(), "{spelling}");
        }
        assert!(reg.by_phone("070-1740606").is_none());
        assert!(reg.by_email(" A@B.SE ").is_some());
        let text = crate::text_fold::fold("Angående Amira Haddads ansökan; inte Amira Haddadsson");
        let found = reg.find_names(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].0.clone()], "amira haddad");
    }
}
