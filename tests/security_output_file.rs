//! Issue 17, item 4: `--out` can no longer destroy the store or another file. An output inside
//! the data directory is refused (`register ID --out DATA_DIR/inkom.key` once replaced the key
//! file with a PDF), an existing file is replaced only with `--force`, and outputs are written
//! atomically and owner-only.

use crate::common;

use common::{Inkom, s};
use serde_json::Value;

/// A diarium item, imported and classified (ready to register); returns its id.
fn classified(t: &Inkom) -> String {
    let eml = "From: Vera Testsson <vera@example.com>\r\nTo: ifo@example.org\r\n\
        Subject: Ansokan\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\n\r\nHej.\r\n";
    let id = t.import_first(&t.write("brev.eml", eml.as_bytes()));
    t.classify_diarium(&id, "Ansökan");
    id
}

fn exported_events(t: &Inkom) -> usize {
    t.ok(&["audit", "log"])
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["action"] == "exported")
        .count()
}

#[test]
fn security_output_file_out_inside_the_data_directory_is_refused() {
    let t = Inkom::new();
    let id = classified(&t);
    let key = t.data_dir().join("inkom.key");
    let key_before = std::fs::read(&key).expect("key");
    let before = t.snapshot();
    // The key file itself, the database, a new name in the data directory, with and without
    // --force: all refused before anything is registered or written.
    for (out, force) in [
        (key.clone(), false),
        (key.clone(), true),
        (t.db(), true),
        (t.data_dir().join("blad.pdf"), false),
        (t.data_dir().join("tmp").join("blad.pdf"), false),
    ] {
        let mut args = vec!["register", &id, "--out", s(&out)];
        if force {
            args.push("--force");
        }
        let (code, message) = t.refused(&args);
        assert_eq!(code, "output_in_data_dir", "{out:?}: {message}");
        assert!(message.contains("datakatalog"), "{message}");
    }
    // Through a link to the data directory.
    #[cfg(unix)]
    {
        let link = t.files().join("genvag");
        std::os::unix::fs::symlink(t.data_dir(), &link).expect("symlink");
        let out = link.join("inkom.key");
        let (code, _) = t.refused(&["register", &id, "--out", s(&out), "--force"]);
        assert_eq!(code, "output_in_data_dir");
    }
    assert_eq!(std::fs::read(&key).expect("key"), key_before);
    assert!(!t.data_dir().join("blad.pdf").exists());
    assert_eq!(t.snapshot(), before, "a refused register changed the store");
    // The store still opens, and a proper --out works.
    let pdf = t.files().join("blad.pdf");
    t.ok(&["register", &id, "--out", s(&pdf)]);
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF"));
}

#[test]
fn security_output_file_an_existing_file_is_replaced_only_with_force() {
    let t = Inkom::new();
    let id = classified(&t);
    t.ok(&["register", &id]);
    let out = t.write("viktig.pdf", b"mitt eget dokument");
    let (code, message) = t.refused(&["export", &id, "--out", s(&out)]);
    assert_eq!(code, "output_exists", "{message}");
    assert!(message.contains("--force"), "{message}");
    assert_eq!(std::fs::read(&out).expect("kept"), b"mitt eget dokument");
    assert_eq!(exported_events(&t), 0);

    // The lists and the audit export too.
    for args in [
        &[
            "print-list",
            "diarium",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ][..],
        &[
            "audit",
            "export",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ],
    ] {
        let mut args = args.to_vec();
        args.extend(["--out", s(&out)]);
        let (code, _) = t.refused(&args);
        assert_eq!(code, "output_exists", "{args:?}");
        assert_eq!(std::fs::read(&out).expect("kept"), b"mitt eget dokument");
    }

    let v: Value = t.ok(&["export", &id, "--out", s(&out), "--force"]);
    assert_eq!(v["id"].as_i64().map(|i| i.to_string()), Some(id.clone()));
    assert!(std::fs::read(&out).expect("pdf").starts_with(b"%PDF"));
    assert_eq!(exported_events(&t), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(t.files())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        !names.iter().any(|n| n.to_string_lossy().ends_with(".tmp")),
        "{names:?}"
    );
}

#[cfg(unix)]
#[test]
fn security_output_file_a_link_at_the_name_is_replaced_not_followed() {
    let t = Inkom::new();
    let id = classified(&t);
    t.ok(&["register", &id]);
    let precious = t.write("annat.txt", b"ska vara kvar");
    let out = t.files().join("blad.pdf");
    std::os::unix::fs::symlink(&precious, &out).expect("symlink");
    let (code, _) = t.refused(&["export", &id, "--out", s(&out)]);
    assert_eq!(code, "output_exists");
    t.ok(&["export", &id, "--out", s(&out), "--force"]);
    assert_eq!(std::fs::read(&precious).expect("kept"), b"ska vara kvar");
    assert!(!out.is_symlink());
    assert!(std::fs::read(&out).expect("pdf").starts_with(b"%PDF"));
}
