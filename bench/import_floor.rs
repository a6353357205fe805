//! The floor of an encrypted, searchable, deduplicating SMS import (issue 15), run by
//! bench/import.sh beside inkom and the Python script. Not inkom's code: the least work any
//! importer keeping inkom's minimum guarantees must do, in one thread, so that the goal set for
//! inkom can be weighed against what the guarantees themselves cost.
//!
//! Kept: SQLCipher encryption (a random raw key; no passphrase derivation; inkom's 16 KiB
//! pages), WAL synced as inkom syncs it, a keyed fingerprint per message (HMAC-SHA256) with a
//! unique index for deduplication, a full-text index over the text, one transaction. Left out (inkom does them): the passphrase's Argon2id,
//! the audit trail, sender/recipient normalisation and local times, threads, item states and
//! their indexes, accounting, the export-file record.
//!
//! Usage: `import_floor EXPORT.xml DB [without-encryption] [without-search] [without-dedup]`;
//! prints the number of messages stored. The `without-…` words leave one guarantee out, to
//! measure what it costs.

use hmac::{Hmac, Mac};
use quick_xml::events::Event;
use rusqlite::{Connection, params};
use sha2::Sha256;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let (Some(src), Some(db)) = (args.next(), args.next()) else {
        return Err("usage: import_floor EXPORT.xml DB [without-encryption|-search|-dedup]".into());
    };
    let without: Vec<String> = args.map(|a| a.to_string_lossy().into_owned()).collect();
    let with = |guarantee: &str| !without.iter().any(|w| w == &format!("without-{guarantee}"));
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| e.to_string())?;
    let conn = Connection::open(&db)?;
    // inkom's page size (src/store/mod.rs, PAGE_SIZE), encrypted or not, so that the floor
    // is measured in the same pages as inkom's own import.
    let page_size = inkom::store::PAGE_SIZE;
    if with("encryption") {
        conn.execute_batch(&format!(
            "PRAGMA key = \"x'{}'\"; PRAGMA cipher_page_size = {page_size};",
            hex::encode(key)
        ))?;
    } else {
        conn.execute_batch(&format!("PRAGMA page_size = {page_size};"))?;
    }
    // inkom's own page cache is 64 MiB (src/store/mod.rs); SQLite's default of 2 MiB spills
    // pages to the log mid-transaction, and each spill is encrypted again.
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;
         CREATE TABLE sms (id INTEGER PRIMARY KEY, fingerprint BLOB NOT NULL {},
             address TEXT, date INTEGER, type INTEGER, body TEXT) STRICT;",
        if with("dedup") { "UNIQUE" } else { "" }
    ))?;
    if with("search") {
        conn.execute_batch(
            "CREATE VIRTUAL TABLE sms_fts USING fts5 (body, content = 'sms',
                 content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');",
        )?;
    }
    let tx = conn.unchecked_transaction()?;
    let mut insert = tx.prepare(&format!(
        "INSERT INTO sms (fingerprint, address, date, type, body) VALUES (?1, ?2, ?3, ?4, ?5) {}",
        if with("dedup") {
            "ON CONFLICT (fingerprint) DO NOTHING"
        } else {
            ""
        }
    ))?;
    let mut reader = quick_xml::Reader::from_file(&src)?;
    let mut buf = Vec::new();
    let mac = Hmac::<Sha256>::new_from_slice(&key)?;
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Eof => break,
            Event::Empty(e) | Event::Start(e) if e.name().0 == "sms" => {
                let (mut address, mut date, mut kind, mut body) =
                    (String::new(), 0i64, 0i64, String::new());
                for a in e.attributes() {
                    let a = a?;
                    let value = quick_xml::escape::unescape(&a.value)?;
                    match a.key.0 {
                        "address" => address = value.into_owned(),
                        "date" => date = value.parse()?,
                        "type" => kind = value.parse()?,
                        "body" => body = value.into_owned(),
                        _ => {}
                    }
                }
                let mut m = mac.clone();
                for part in [address.as_bytes(), &date.to_le_bytes(), &kind.to_le_bytes()] {
                    m.update(part);
                    m.update(&[0]);
                }
                m.update(body.as_bytes());
                let fingerprint = m.finalize().into_bytes();
                insert.execute(params![&fingerprint[..], address, date, kind, body])?;
            }
            _ => {}
        }
        buf.clear();
    }
    drop(insert);
    if with("search") {
        tx.execute_batch("INSERT INTO sms_fts (sms_fts) VALUES ('rebuild');")?;
    }
    tx.commit()?;
    let n: i64 = conn.query_row("SELECT count(*) FROM sms", [], |r| r.get(0))?;
    println!("{n}");
    Ok(())
}
