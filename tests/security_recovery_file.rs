//! Issue 17 (a writable data directory): the small files beside the database — the sealed
//! recovery key `inkom.recovery` and the key file `inkom.key` — are read by one bounded reader
//! (src/store/keys/small_file.rs). Whatever someone puts in their place (changed bytes, another
//! store's seal, an edited store id, a huge file, bytes that are not JSON, a FIFO) is refused
//! with a clear Swedish message before anything is opened or written: the store is unchanged.
//! `inkom recover` and `inkom unit status` read `inkom.recovery` without the unit register, so
//! no PostgreSQL is needed here; `unit connect`/`unit sync` read it through the same
//! `read_sealed` (keys::sealed_fingerprint).
#![cfg(unix)]

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::Inkom;
use inkom::model::sha256_hex;
use inkom::store::keys::{self, RecoverySecretKey};

const SEALED_FILE: &str = "inkom.recovery";

fn sms_xml(body: &str) -> String {
    format!(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n\
         <sms protocol=\"0\" address=\"+46701740669\" date=\"1793000000000\" type=\"1\" \
         body=\"{body}\" read=\"1\" status=\"-1\" contact_name=\"Bo Testsson\" />\n</smses>\n"
    )
}

/// A store holding one SMS, its data key sealed to `unit` the way `unit connect` seals it.
fn sealed_store(unit: &RecoverySecretKey, body: &str) -> Inkom {
    let t = Inkom::new();
    let file = t.write("sms.xml", sms_xml(body).as_bytes());
    t.ok(&["import", file.to_str().expect("UTF-8")]);
    let store = t.store();
    keys::seal_store_key(&store, &unit.public(), &chrono::Utc::now().fixed_offset()).expect("seal");
    drop(store);
    t
}

/// Every file of the data directory and its SHA-256.
fn files_of(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).expect("read dir") {
        let p = e.expect("entry").path();
        if p.is_file() {
            out.insert(p.clone(), sha256_hex(&std::fs::read(&p).expect("read")));
        } else {
            out.insert(p, "not a regular file".to_string());
        }
    }
    out
}

/// `inkom recover --key KEY list`, refused: the code and the Swedish message, and nothing in the
/// data directory changed.
fn refused_recovery(t: &Inkom, key: &Path) -> (String, String) {
    let before = files_of(&t.data_dir());
    let (code, message) = t.refused(&["recover", "--key", key.to_str().expect("UTF-8"), "list"]);
    assert_eq!(
        files_of(&t.data_dir()),
        before,
        "a refused recovery changed files"
    );
    (code, message)
}

fn sealed_json(t: &Inkom) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(t.data_dir().join(SEALED_FILE)).expect("read"))
        .expect("json")
}

#[test]
fn security_recovery_file_tampered_seals_are_refused_and_change_nothing() {
    let unit = RecoverySecretKey::generate().expect("random");
    let at = chrono::Utc::now().fixed_offset();
    let t = sealed_store(&unit, "Hej, jag skickar intyget i morgon");
    let key = t.write("enhet.key", unit.to_file_text("enhet", &at).as_bytes());
    let good = std::fs::read(t.data_dir().join(SEALED_FILE)).expect("read");
    let good_json = sealed_json(&t);
    let sealed_path = t.data_dir().join(SEALED_FILE);
    let damaged = |code: &str, message: &str, what: &str| {
        assert_eq!(code, "bad_sealed_file", "{what}: {message}");
        assert!(
            message.contains("(inkom.recovery) är skadad eller hör till en annan databas")
                && message.contains("Ingenting ändrades"),
            "{what}: {message}"
        );
    };

    // Changed bytes in the sealed box: it no longer opens.
    let mut v = good_json.clone();
    let hex = v["sealed_key"].as_str().expect("hex").to_string();
    let flipped = if hex.ends_with('0') { "1" } else { "0" };
    v["sealed_key"] = format!("{}{flipped}", &hex[..hex.len() - 1]).into();
    std::fs::write(&sealed_path, serde_json::to_vec(&v).expect("json")).expect("write");
    let (code, message) = refused_recovery(&t, &key);
    damaged(&code, &message, "changed bytes");

    // Another store's seal (to the same unit key), copied in as it is and with its store id
    // edited to this store's: both refused, the key never used for this store.
    let other = sealed_store(&unit, "Ett annat meddelande");
    let theirs = std::fs::read(other.data_dir().join(SEALED_FILE)).expect("read");
    std::fs::write(&sealed_path, &theirs).expect("write");
    let (code, message) = refused_recovery(&t, &key);
    damaged(&code, &message, "another store's seal");
    let mut v: serde_json::Value = serde_json::from_slice(&theirs).expect("json");
    v["store_id"] = good_json["store_id"].clone();
    std::fs::write(&sealed_path, serde_json::to_vec(&v).expect("json")).expect("write");
    let (code, message) = refused_recovery(&t, &key);
    damaged(&code, &message, "another store's seal, id edited");
    // This store's own seal with another store id written in: refused too.
    let mut v = good_json.clone();
    v["store_id"] = "0123456789abcdef0123456789abcdef".into();
    std::fs::write(&sealed_path, serde_json::to_vec(&v).expect("json")).expect("write");
    let (code, message) = refused_recovery(&t, &key);
    damaged(&code, &message, "wrong store id");

    // Larger than the 64 KiB cap, though valid JSON: not read.
    let mut big = good.clone();
    big.splice(1..1, std::iter::repeat_n(b' ', 65 * 1024));
    std::fs::write(&sealed_path, &big).expect("write");
    let (code, message) = refused_recovery(&t, &key);
    damaged(&code, &message, "oversized");

    // Not JSON (and not UTF-8).
    std::fs::write(&sealed_path, b"\xff\xfeinte en nyckel").expect("write");
    let (code, message) = refused_recovery(&t, &key);
    damaged(&code, &message, "not JSON");

    // A FIFO in its place: refused at once, not waited on.
    std::fs::remove_file(&sealed_path).expect("rm");
    let status = std::process::Command::new("mkfifo")
        .arg(&sealed_path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let (code, message) = refused_recovery(&t, &key);
    damaged(&code, &message, "FIFO");

    // `unit status` reads it too (as `unit connect` and `unit sync` do, through the same
    // reader): the same clear refusal, nothing changed.
    std::fs::remove_file(&sealed_path).expect("rm");
    std::fs::write(&sealed_path, b"{\"version\": 1, \"inte\": \"en nyckel\"}").expect("write");
    let before = files_of(&t.data_dir());
    let (code, message) = t.refused(&["unit", "status"]);
    assert_eq!(code, "bad_sealed_file", "{message}");
    assert!(
        message.contains("(inkom.recovery) är skadad") && message.contains("Ta bort filen"),
        "{message}"
    );
    assert_eq!(files_of(&t.data_dir()), before, "unit status changed files");

    // The intact seal still opens the store: the refusals above were the file's, not the key's.
    std::fs::remove_file(&sealed_path).expect("rm");
    std::fs::write(&sealed_path, &good).expect("restore");
    let out = t.ok(&["recover", "--key", key.to_str().expect("UTF-8"), "list"]);
    assert_eq!(out["items"].as_array().map(Vec::len), Some(1), "{out}");
}

#[test]
fn security_recovery_file_a_damaged_key_file_is_refused_the_same_way() {
    let t = Inkom::new();
    let file = t.write("sms.xml", sms_xml("Hej").as_bytes());
    t.ok(&["import", file.to_str().expect("UTF-8")]);
    let key_path = t.data_dir().join("inkom.key");
    let good = std::fs::read(&key_path).expect("read");
    let mut big = good.clone();
    big.splice(1..1, std::iter::repeat_n(b' ', 65 * 1024));
    let mut unknown: serde_json::Value = serde_json::from_slice(&good).expect("json");
    unknown["version"] = 2.into();
    for (what, bytes) in [
        ("oversized", big),
        ("not JSON", b"\xff\xfeinte en nyckel".to_vec()),
        (
            "unknown version",
            serde_json::to_vec(&unknown).expect("json"),
        ),
    ] {
        std::fs::write(&key_path, &bytes).expect("write");
        let before = files_of(&t.data_dir());
        let (code, message) = t.refused(&["list"]);
        assert_eq!(code, "bad_key_file", "{what}: {message}");
        assert!(
            message.contains("Nyckelfilen inkom.key är skadad"),
            "{what}: {message}"
        );
        assert_eq!(files_of(&t.data_dir()), before, "{what}: files changed");
    }
    std::fs::write(&key_path, &good).expect("restore");
    assert_eq!(t.ok(&["list"]).as_array().map(Vec::len), Some(1));
}
