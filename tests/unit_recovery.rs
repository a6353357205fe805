//! The authority can always produce its documents (issue 16, TF 2 kap.): `unit init` makes the
//! unit's recovery key, every connected store seals its data key to it, and the archivist
//! opens a caseworker's store with the private half alone — read-only, logged in the store's
//! chain and the unit's log. Real `inkom` processes against a real PostgreSQL server.

use crate::common;
use crate::unit_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{Inkom, pdf_text_contains, pdftotext, s, sms_export};
use serde_json::Value;
use unit_support::{ADMIN, Cluster, USER_PASSWORD};

const RINGA_TEXT: &str = "Tack för i dag, vi hörs nästa vecka om mötet på skolan";
const OPEN_TEXT: &str = "Kan du ringa mig efter lunch om besöket hos familjen";

fn check(out: &Output, what: &str) -> Value {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{what}: not JSON ({e})"))
}

/// `inkom unit init` for `db` with the private half written to `out`.
fn init(pg: &Cluster, db: &str, out: &Path) -> Value {
    let url = pg.url(ADMIN, db);
    let o = pg.inkom_admin(&[
        "unit",
        "init",
        "--url",
        &url,
        "--series",
        "SN",
        "--recovery-key-out",
        s(out),
    ]);
    check(&o, "unit init")
}

/// A caseworker's command with the unit password (the store's passphrase as always in tests).
fn caseworker(t: &Inkom, args: &[&str]) -> Output {
    t.command()
        .arg("--json")
        .args(args)
        .env("INKOM_UNIT_PASSWORD", USER_PASSWORD)
        .output()
        .expect("run inkom")
}

/// The archivist: another process, with neither the store's passphrase nor an OS key store,
/// only the recovery key file (and a registrar login for the unit's log, when given).
fn recover(data_dir: &Path, key: &Path, url: Option<&str>, what: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_inkom"));
    c.arg("--json")
        .arg("--data-dir")
        .arg(data_dir)
        .args(["recover", "--key", s(key)]);
    if let Some(url) = url {
        c.args(["--url", url]);
    }
    c.args(what)
        .env_remove("INKOM_PASSPHRASE")
        .env_remove("INKOM_KEYSTORE")
        .env_remove("INKOM_DATA_DIR")
        .env_remove("INKOM_UNIT_URL")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("INKOM_UNIT_PASSWORD", USER_PASSWORD)
        .output()
        .expect("run inkom recover")
}

fn refused(out: &Output) -> (String, String) {
    assert!(!out.status.success(), "should have been refused");
    assert!(out.stdout.is_empty(), "a refused command printed on stdout");
    let v: Value = serde_json::from_slice(&out.stderr).expect("error JSON");
    (
        v["error"]["code"].as_str().unwrap_or_default().to_string(),
        v["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

/// A caseworker's store: a ringa keep and an item not yet classified.
fn caseworker_store() -> (Inkom, String, String) {
    let t = Inkom::new();
    let file = t.write(
        "sms.xml",
        &sms_export(2, |i| {
            if i == 0 { RINGA_TEXT } else { OPEN_TEXT }.to_string()
        }),
    );
    let import = t.ok(&["import", "--per-message", s(&file)]);
    let ids = common::created_ids(&import);
    assert_eq!(ids.len(), 2, "{import}");
    let (ringa, open) = (ids[0].to_string(), ids[1].to_string());
    t.classify_ringa(&ringa);
    (t, ringa, open)
}

fn unit_actions(pg: &Cluster, db: &str) -> Vec<String> {
    pg.admin(db)
        .query("SELECT action FROM inkom.audit_events ORDER BY id", &[])
        .expect("unit log")
        .iter()
        .map(|r| r.get(0))
        .collect()
}

#[test]
fn the_archivist_reads_a_ringa_keep_with_the_recovery_key_alone() {
    let pg = Cluster::start();
    let db = pg.new_database("enhet");
    let keys = tempfile::tempdir().expect("tempdir");
    let key = keys.path().join("arkivarie.key");

    // unit init: the key pair; the private half written once, owner-only.
    let done = init(&pg, &db, &key);
    assert_eq!(done["recovery_key"]["created"], true, "{done}");
    let fingerprint = done["recovery_key"]["fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string();
    let text = std::fs::read_to_string(&key).expect("key file");
    assert!(
        text.contains(&fingerprint),
        "the file names its fingerprint"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the private half is owner-only");
    }
    // Init again, even naming a new file: the key pair stays, nothing is written.
    let other = keys.path().join("andra.key");
    let again = init(&pg, &db, &other);
    assert_eq!(again["recovery_key"]["created"], false, "{again}");
    assert_eq!(again["recovery_key"]["fingerprint"], fingerprint.as_str());
    assert!(!other.exists(), "no second private half");
    assert_eq!(std::fs::read_to_string(&key).expect("key"), text);
    // The register's key is written once: not even the owner may change it.
    let refused_update = pg
        .admin(&db)
        .batch_execute("UPDATE inkom.recovery_key SET fingerprint = repeat('0', 64)");
    assert!(refused_update.is_err(), "the recovery key was updated");

    pg.add_user(&db, "hl_anna", "caseworker");
    pg.add_user(&db, "reg_eva", "registrar");
    let (t, ringa, open) = caseworker_store();

    // Connecting seals the data key to the unit's public half.
    let connected = check(
        &caseworker(&t, &["unit", "connect", "--url", &pg.url("hl_anna", &db)]),
        "unit connect",
    );
    assert_eq!(connected["recovery"]["state"], "sealed_now", "{connected}");
    assert_eq!(connected["recovery"]["fingerprint"], fingerprint.as_str());
    assert!(t.data_dir().join("inkom.recovery").exists());
    let status = check(&caseworker(&t, &["unit", "status"]), "unit status");
    assert_eq!(status["recovery_fingerprint"], fingerprint.as_str());
    let again = check(
        &caseworker(&t, &["unit", "connect", "--url", &pg.url("hl_anna", &db)]),
        "unit connect again",
    );
    assert_eq!(again["recovery"]["state"], "already_sealed", "{again}");

    let items_before = t.ok(&["list"]);
    let shown_before = t.ok(&["show", &ringa]);

    // The archivist, in another process, with no passphrase: list, show, export.
    let reg_url = pg.url("reg_eva", &db);
    let listed = check(
        &recover(&t.data_dir(), &key, Some(&reg_url), &["list"]),
        "recover list",
    );
    assert_eq!(
        listed["recovered"]["unit_log"]["state"], "recorded",
        "{listed}"
    );
    assert_eq!(listed["recovered"]["fingerprint"], fingerprint.as_str());
    let ids: Vec<i64> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(
        ids,
        vec![
            ringa.parse::<i64>().expect("id"),
            open.parse::<i64>().expect("id")
        ]
    );
    let shown = check(
        &recover(&t.data_dir(), &key, Some(&reg_url), &["show", &ringa]),
        "recover show",
    );
    assert_eq!(shown["item"]["body"], RINGA_TEXT, "{shown}");
    assert_eq!(shown["item"]["class"], shown_before["class"]);
    let pdf = t.files().join("kopia.pdf");
    check(
        &recover(
            &t.data_dir(),
            &key,
            Some(&reg_url),
            &["export", &open, "--out", s(&pdf)],
        ),
        "recover export",
    );
    let printed = pdftotext(&pdf);
    assert!(pdf_text_contains(&printed, OPEN_TEXT), "{printed}");
    assert!(
        printed.contains("Utskrift ur återställd databas"),
        "{printed}"
    );

    // Read-only for the content; one `recovered` event per reading, chain intact.
    assert_eq!(t.ok(&["list"]), items_before);
    let recovered: Vec<Value> = t
        .events(None)
        .into_iter()
        .filter(|e| e["action"] == "recovered")
        .collect();
    let readings: Vec<&str> = recovered
        .iter()
        .map(|e| e["details"]["reading"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(readings, ["list", "show", "export"], "{recovered:?}");
    assert!(
        recovered
            .iter()
            .all(|e| e["details"]["fingerprint"] == fingerprint.as_str()
                && e["details"]["unit_login"] == "reg_eva")
    );
    assert!(
        t.events(None)
            .iter()
            .any(|e| e["action"] == "sealed_for_recovery")
    );
    t.assert_audit_intact();

    // The unit's log: the key, the seal, the three recoveries; the chain verifies.
    let actions = unit_actions(&pg, &db);
    for expected in ["recovery_key_created", "store_sealed"] {
        assert_eq!(
            actions.iter().filter(|a| *a == expected).count(),
            1,
            "{actions:?}"
        );
    }
    assert_eq!(
        actions.iter().filter(|a| *a == "store_recovered").count(),
        3,
        "{actions:?}"
    );
    let verified = check(
        &pg.inkom_admin(&["registrar", "verify-log", "--url", &pg.url(ADMIN, &db)]),
        "verify-log",
    );
    assert_eq!(verified["first_broken"], Value::Null, "{verified}");

    // Without a unit address the store's own log still records it.
    let local_only = check(&recover(&t.data_dir(), &key, None, &["list"]), "recover");
    assert_eq!(local_only["recovered"]["unit_log"]["state"], "not_asked");

    // A wrong key (another unit's) and a file that is no key: refused, store unchanged.
    let db2 = pg.new_database("enhet");
    let key2 = keys.path().join("annan-enhet.key");
    init(&pg, &db2, &key2);
    let before = t.snapshot();
    let (code, message) = refused(&recover(&t.data_dir(), &key2, None, &["list"]));
    assert_eq!(code, "wrong_recovery_key", "{message}");
    assert!(
        message.contains("Återställningsnyckeln passar inte"),
        "{message}"
    );
    let not_a_key = t.write("inte-en-nyckel.key", b"{\"kind\": \"annat\"}");
    let (code, message) = refused(&recover(&t.data_dir(), &not_a_key, None, &["list"]));
    assert_eq!(code, "bad_recovery_key_file", "{message}");
    assert_eq!(t.snapshot(), before, "a refused recovery changed the store");
    // An output file inside the data directory is refused before the store is opened.
    let inside = t.data_dir().join("kopia.pdf");
    let (code, _) = refused(&recover(
        &t.data_dir(),
        &key,
        None,
        &["export", &ringa, "--out", s(&inside)],
    ));
    assert_eq!(code, "output_in_data_dir");
    assert_eq!(t.snapshot(), before);
}

#[test]
fn a_store_connected_before_the_unit_had_a_key_is_sealed_at_the_next_sync() {
    let pg = Cluster::start();
    // A unit set up without a recovery key (as before issue 16).
    let db = pg.new_unit(Some("SN"));
    pg.add_user(&db, "hl_bo", "caseworker");
    let (t, ringa, _) = caseworker_store();
    let connected = check(
        &caseworker(&t, &["unit", "connect", "--url", &pg.url("hl_bo", &db)]),
        "unit connect",
    );
    assert_eq!(connected["recovery"]["state"], "no_unit_key", "{connected}");
    assert!(!t.data_dir().join("inkom.recovery").exists());

    // The unit gets its key later; the store is sealed at its next sync.
    let keys = tempfile::tempdir().expect("tempdir");
    let key: PathBuf = keys.path().join("arkivarie.key");
    let (code, _) = refused(&recover(&t.data_dir(), &key, None, &["list"]));
    assert_eq!(code, "io", "no key file yet");
    let done = init(&pg, &db, &key);
    assert_eq!(done["recovery_key"]["created"], true, "{done}");
    let (code, message) = refused(&recover(&t.data_dir(), &key, None, &["list"]));
    assert_eq!(code, "not_sealed", "{message}");

    let synced = check(&caseworker(&t, &["unit", "sync"]), "unit sync");
    assert_eq!(synced["recovery"]["state"], "sealed_now", "{synced}");
    let shown = check(
        &recover(&t.data_dir(), &key, None, &["show", &ringa]),
        "show",
    );
    assert_eq!(shown["item"]["body"], RINGA_TEXT);
    // Sealed once: the next sync has nothing to do.
    let synced = check(&caseworker(&t, &["unit", "sync"]), "unit sync");
    assert!(synced.get("recovery").is_none(), "{synced}");
    t.assert_audit_intact();
}

#[test]
fn a_recovery_key_swapped_in_the_register_is_refused_by_a_sealed_store() {
    let pg = Cluster::start();
    let db = pg.new_database("enhet");
    let keys = tempfile::tempdir().expect("tempdir");
    let key = keys.path().join("arkivarie.key");
    init(&pg, &db, &key);
    pg.add_user(&db, "hl_cia", "caseworker");
    let (t, _, _) = caseworker_store();
    let url = pg.url("hl_cia", &db);
    check(
        &caseworker(&t, &["unit", "connect", "--url", &url]),
        "connect",
    );
    let sealed = std::fs::read(t.data_dir().join("inkom.recovery")).expect("sealed");

    // Someone with superuser rights replaces the unit's public key with their own.
    let db2 = pg.new_database("enhet");
    let theirs = keys.path().join("inkraktare.key");
    init(&pg, &db2, &theirs);
    let (public, fingerprint): (String, String) = {
        let row = pg
            .admin(&db2)
            .query_one(
                "SELECT public_key, fingerprint FROM inkom.recovery_key",
                &[],
            )
            .expect("their key");
        (row.get(0), row.get(1))
    };
    pg.admin(&db)
        .batch_execute(&format!(
            "SET session_replication_role = replica;
             UPDATE inkom.recovery_key SET public_key = '{public}', fingerprint = '{fingerprint}';"
        ))
        .expect("swap the key as superuser");

    // The store pinned the first key: connect and sync refuse to seal to the new one.
    std::fs::remove_file(t.data_dir().join("inkom.recovery")).expect("remove seal");
    let out = caseworker(&t, &["unit", "connect", "--url", &url]);
    let (code, message) = refused(&out);
    assert_eq!(code, "recovery_key_changed", "{message}");
    let synced = check(&caseworker(&t, &["unit", "sync"]), "sync");
    assert!(
        synced["recovery_refused"]
            .as_str()
            .is_some_and(|m| m.contains("återställningsnyckel")),
        "{synced}"
    );
    assert!(
        !t.data_dir().join("inkom.recovery").exists(),
        "sealed to a swapped key"
    );
    // The intruder's key opens nothing; the archivist's does once the seal is back.
    std::fs::write(t.data_dir().join("inkom.recovery"), &sealed).expect("restore");
    let (code, _) = refused(&recover(&t.data_dir(), &theirs, None, &["list"]));
    assert_eq!(code, "wrong_recovery_key");
    check(&recover(&t.data_dir(), &key, None, &["list"]), "recover");
}

/// A passphrase change re-wraps the same data key (the database is not touched), so the seal
/// to the unit's recovery key (`inkom.recovery`) stays valid: after the change the new
/// passphrase opens the store, the old one does not, and the archivist still opens it with the
/// recovery key alone.
#[test]
fn a_passphrase_change_leaves_the_recovery_seal_valid() {
    const NEW_PASSPHRASE: &str = "ny lång lösenfras för hösten på kontoret";
    let pg = Cluster::start();
    let db = pg.new_database("enhet");
    let keys = tempfile::tempdir().expect("tempdir");
    let key = keys.path().join("arkivarie.key");
    let fingerprint = init(&pg, &db, &key)["recovery_key"]["fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string();
    pg.add_user(&db, "hl_bo", "caseworker");
    let (t, ringa, _open) = caseworker_store();
    let connected = check(
        &caseworker(&t, &["unit", "connect", "--url", &pg.url("hl_bo", &db)]),
        "unit connect",
    );
    assert_eq!(connected["recovery"]["state"], "sealed_now", "{connected}");
    let seal = t.data_dir().join("inkom.recovery");
    let key_file = t.data_dir().join("inkom.key");
    let (seal_before, key_file_before) = (
        std::fs::read(&seal).expect("seal"),
        std::fs::read(&key_file).expect("key file"),
    );

    let changed = t
        .command()
        .env("INKOM_NEW_PASSPHRASE", NEW_PASSPHRASE)
        .arg("change-passphrase")
        .output()
        .expect("run");
    assert!(
        changed.status.success(),
        "{}",
        String::from_utf8_lossy(&changed.stderr)
    );
    assert_ne!(
        std::fs::read(&key_file).expect("key file"),
        key_file_before,
        "the key file is re-wrapped"
    );
    assert_eq!(
        std::fs::read(&seal).expect("seal"),
        seal_before,
        "the seal is not touched"
    );
    let old = t.run_json(&["list"]);
    assert!(
        !old.status.success(),
        "the old passphrase still opens the store"
    );
    let new = t
        .command()
        .env("INKOM_PASSPHRASE", NEW_PASSPHRASE)
        .args(["--json", "show", &ringa])
        .output()
        .expect("run inkom");
    let shown_by_owner = check(&new, "show with the new passphrase");

    // The archivist, with the recovery key alone, still opens it and reads the same item.
    let recovered = check(
        &recover(&t.data_dir(), &key, None, &["show", &ringa]),
        "recover show after the change",
    );
    assert_eq!(recovered["item"]["body"], RINGA_TEXT, "{recovered}");
    assert_eq!(recovered["item"]["class"], shown_by_owner["class"]);
    assert_eq!(recovered["recovered"]["fingerprint"], fingerprint.as_str());

    // And the store says it is still sealed to the same key.
    let status = check(
        &t.command()
            .env("INKOM_PASSPHRASE", NEW_PASSPHRASE)
            .env("INKOM_UNIT_PASSWORD", USER_PASSWORD)
            .args(["--json", "unit", "status"])
            .output()
            .expect("run inkom"),
        "unit status",
    );
    assert_eq!(status["recovery_fingerprint"], fingerprint.as_str());
}
