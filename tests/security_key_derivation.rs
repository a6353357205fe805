//! Issue 17, item 5: the passphrase key derivation. New key files use Argon2id at 64 MiB and
//! 3 passes (RFC 9106's second recommendation); a key file wrapped with the old parameters
//! (19 MiB, 2 passes) still opens and is re-wrapped with the new ones at that unlock; trivial
//! passphrases are refused. These tests run without the cheap test-only cost.

use crate::common;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use common::{Inkom, PASSPHRASE, s};
use serde_json::Value;

/// The production cost: the cheap test-only one removed.
fn production(t: &Inkom, args: &[&str]) -> std::process::Output {
    t.command()
        .env_remove("INKOM_TEST_ONLY_CHEAP_KDF")
        .arg("--json")
        .args(args)
        .output()
        .expect("run")
}

fn key_file(t: &Inkom) -> Value {
    let text = std::fs::read_to_string(t.data_dir().join("inkom.key")).expect("key file");
    serde_json::from_str(&text).expect("json")
}

#[test]
fn security_key_derivation_new_key_files_use_argon2id_64_mib_3_passes() {
    let t = Inkom::new();
    let out = production(&t, &["list"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let k = key_file(&t);
    assert_eq!(k["kdf"], "argon2id");
    assert!(k["m_kib"].as_u64().expect("m") >= 64 * 1024, "{k}");
    assert!(k["t"].as_u64().expect("t") >= 3, "{k}");
    assert_eq!(
        inkom::store::keys::ARGON2_M_KIB as u64,
        k["m_kib"].as_u64().expect("m")
    );
}

/// Rewrites the store's key file the way inkom before issue 17 wrapped it: Argon2id 19 MiB,
/// t=2, p=1, XChaCha20-Poly1305 with the store id in the associated data. Written here from
/// the format, not with inkom's own code.
fn wrap_like_the_old_inkom(t: &Inkom) {
    let data_key = t.key();
    let mut k = key_file(t);
    let store_id = k["store_id"].as_str().expect("store id").to_string();
    let salt = *b"old-inkom-salt-1";
    let nonce = [7u8; 24];
    let params = argon2::Params::new(19 * 1024, 2, 1, Some(32)).expect("params");
    let mut kek = [0u8; 32];
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(PASSPHRASE.as_bytes(), &salt, &mut kek)
        .expect("argon2");
    let wrapped = XChaCha20Poly1305::new((&kek).into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: data_key.bytes(),
                aad: format!("inkom data key v1 {store_id}").as_bytes(),
            },
        )
        .expect("wrap");
    k["m_kib"] = (19 * 1024).into();
    k["t"] = 2.into();
    k["p"] = 1.into();
    k["salt"] = hex::encode(salt).into();
    k["nonce"] = hex::encode(nonce).into();
    k["wrapped_key"] = hex::encode(wrapped).into();
    std::fs::write(
        t.data_dir().join("inkom.key"),
        serde_json::to_string_pretty(&k).expect("json"),
    )
    .expect("write key file");
}

#[test]
fn security_key_derivation_an_old_key_file_opens_and_is_rewrapped_on_unlock() {
    let t = Inkom::new();
    let xml = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n\
        <sms protocol=\"0\" address=\"+46701740677\" date=\"1793000000000\" type=\"1\" \
        body=\"Hej\" read=\"1\" status=\"-1\" />\n</smses>\n";
    t.ok(&["import", s(&t.write("sms.xml", xml.as_bytes()))]);
    wrap_like_the_old_inkom(&t);
    assert_eq!(key_file(&t)["m_kib"], 19 * 1024);

    let out = production(&t, &["list"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(items.as_array().map(Vec::len), Some(1));
    let k = key_file(&t);
    assert_eq!(k["m_kib"], 64 * 1024, "not re-wrapped: {k}");
    assert_eq!(k["t"], 3, "not re-wrapped: {k}");
    assert_ne!(k["salt"], hex::encode(b"old-inkom-salt-1"));
    // The re-wrapped file opens with the same passphrase and the same data key.
    let again = production(&t, &["list"]);
    assert!(again.status.success());
    assert_eq!(
        inkom::store::keys::unlock_with_passphrase(&t.data_dir(), PASSPHRASE)
            .expect("unlock")
            .bytes(),
        t.key().bytes()
    );
}

#[test]
fn security_key_derivation_trivial_passphrases_are_refused() {
    for trivial in ["Sommar2026!", "aaaaaaaaaaaa", "1234567890", "lösenord1234"] {
        let t = Inkom::new();
        let out = t
            .command()
            .env("INKOM_PASSPHRASE", trivial)
            .args(["--json", "list"])
            .output()
            .expect("run");
        assert!(!out.status.success(), "{trivial:?} accepted");
        let v: Value = serde_json::from_slice(&out.stderr).expect("json");
        assert_eq!(v["error"]["code"], "invalid_input", "{v}");
        let message = v["error"]["message"].as_str().expect("message");
        assert!(message.contains("för lätt att gissa"), "{message}");
        assert!(!t.data_dir().join("inkom.key").exists());
    }
    // Changing to one is refused too.
    let t = Inkom::new();
    t.ok(&["list"]);
    let mut store = t.store();
    let act = inkom::desk::session::act(store.conn()).expect("act");
    assert!(matches!(
        inkom::lifecycle::change_passphrase(&mut store, PASSPHRASE, "qwertyuiop123", &act),
        Err(inkom::lifecycle::LifecycleError::Store(
            inkom::store::StoreError::PassphraseTrivial
        ))
    ));
}
