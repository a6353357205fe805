//! Issue 17, item 7 (the smaller items that live in the core): a mistyped `--data-dir` is not
//! taken over, the private temp sweep never follows links, and a busy store says so.

use crate::common;

use std::time::{Duration, Instant};

use common::Inkom;

#[cfg(unix)]
fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("meta").permissions().mode() & 0o777
}

#[test]
fn security_data_dir_an_existing_foreign_directory_is_refused_not_chmodded() {
    let t = Inkom::new();
    let home = t.data_dir();
    std::fs::create_dir_all(&home).expect("mkdir");
    std::fs::write(home.join("uppsats.odt"), b"mitt arbete").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let out = t.run_json(&["list"]);
    assert!(!out.status.success(), "a foreign directory was taken over");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("innehåller andra filer"), "{err}");
    let names: Vec<_> = std::fs::read_dir(&home)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["uppsats.odt".to_string()]);
    #[cfg(unix)]
    assert_eq!(mode(&home), 0o755);
    // An empty directory and inkom's own are fine.
    let fresh = Inkom::new();
    std::fs::create_dir_all(fresh.data_dir()).expect("empty dir");
    fresh.ok(&["list"]);
    fresh.ok(&["list"]);
}

#[cfg(unix)]
#[test]
fn security_temp_sweep_never_follows_symlinks() {
    let t = Inkom::new();
    t.ok(&["list"]);
    let outside = t.dir.path().join("annat");
    std::fs::create_dir_all(&outside).expect("mkdir");
    let precious = outside.join("viktig.txt");
    std::fs::write(&precious, b"ska vara kvar").expect("write");
    // A link among the temp files.
    let tmp = t.data_dir().join("tmp");
    std::fs::create_dir_all(&tmp).expect("tmp");
    let link = tmp.join("0a0b0c-blad.pdf");
    std::os::unix::fs::symlink(&precious, &link).expect("symlink");
    t.ok(&["list"]);
    assert_eq!(std::fs::read(&precious).expect("kept"), b"ska vara kvar");
    assert!(!link.is_symlink(), "the link was left");
    // The temp directory itself a link to another directory.
    std::fs::remove_dir_all(&tmp).expect("rm tmp");
    std::os::unix::fs::symlink(&outside, &tmp).expect("symlink dir");
    t.ok(&["list"]);
    assert_eq!(std::fs::read(&precious).expect("kept"), b"ska vara kvar");
    assert!(!tmp.is_symlink());
}

#[test]
fn security_busy_store_says_another_inkom_is_writing() {
    let t = Inkom::new();
    t.ok(&["list"]);
    let holder = t.sql();
    holder
        .execute_batch("BEGIN IMMEDIATE")
        .expect("take the write lock");
    let started = Instant::now();
    let (code, message) = t.refused(&["settings", "set", "unit", "IFO Norr"]);
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_eq!(code, "store");
    assert!(
        message.contains("en annan inkom skriver just nu"),
        "{message}"
    );
    holder.execute_batch("ROLLBACK").expect("release");
    t.ok(&["settings", "set", "unit", "IFO Norr"]);
}

/// SECURITY.md states the webview's Content-Security-Policy exactly as `tauri.conf.json` sets
/// it: every directive of the config, with its value, and none that the config lacks.
#[test]
fn security_csp_security_md_states_the_policy_of_the_config() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("src-tauri/tauri.conf.json")).expect("config"),
    )
    .expect("JSON");
    let configured: std::collections::BTreeSet<String> = conf["app"]["security"]["csp"]
        .as_object()
        .expect("csp as directives")
        .iter()
        .map(|(name, value)| format!("{name} {}", value.as_str().expect("text")))
        .collect();
    assert!(configured.len() >= 5, "{configured:?}");
    let doc = std::fs::read_to_string(root.join("SECURITY.md")).expect("SECURITY.md");
    let start = doc
        .find("**Content-Security-Policy**")
        .expect("SECURITY.md has a CSP item");
    let item = &doc[start..];
    let item = &item[..item.find("\n- **").unwrap_or(item.len())];
    let item = item.split_whitespace().collect::<Vec<_>>().join(" ");
    let stated: std::collections::BTreeSet<String> = item
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|code| {
            code.split_once(' ').is_some_and(|(name, _)| {
                name.ends_with("-src") || name == "base-uri" || name == "form-action"
            })
        })
        .map(str::to_string)
        .collect();
    assert_eq!(
        stated, configured,
        "SECURITY.md and tauri.conf.json disagree"
    );
}

/// The log (`INKOM_LOG`) never holds content: an attached PDF that cannot be drawn is logged by
/// its item's id, not by the file name its sender chose (which may name the client).
#[test]
fn security_logs_never_name_an_attachment() {
    let t = Inkom::new();
    let (id, _) = t.import_fixture("public/eml/pdf-attachment_emoji-subject_mbox-from-line.eml");
    t.classify_diarium(&id, "Intyg");
    let out = t
        .command()
        .env("INKOM_LOG", "warn")
        .args(["--json", "register", &id])
        .output()
        .expect("run inkom");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    // The warning was written (so the check below looks at a real log line) …
    assert!(log.contains("attached PDF not rendered"), "{log}");
    // … and names no attachment; the printout itself still does.
    assert!(!log.contains("broken.pdf"), "{log}");
    let shown = t.ok(&["show", &id]);
    assert_eq!(shown["attachments"][0]["name"], "broken.pdf", "{shown}");
}

/// The idle lock has a maximum the core keeps (issue 17): at most 240 minutes from the app's
/// settings screen, and a longer time stored another way (the CLI takes any text) is held to
/// 240 when the app asks for the session, so the lock always comes.
#[test]
fn security_idle_lock_has_a_maximum_whatever_is_stored() {
    use inkom::desk::session;
    let t = Inkom::new();
    t.ok(&["settings", "set", "idle_lock_minutes", "100000"]);
    let mut store = t.store();
    assert_eq!(
        session::unlocked(&store, false)
            .expect("session")
            .idle_lock_minutes,
        session::MAX_IDLE_LOCK_MINUTES
    );
    assert_eq!(session::MAX_IDLE_LOCK_MINUTES, 240);
    for refused in ["241", "0", "100000"] {
        let err = session::set_setting(&mut store, "idle_lock_minutes", refused)
            .expect_err("out of range");
        assert_eq!(err.code(), "invalid_input", "{refused}");
    }
    session::set_setting(&mut store, "idle_lock_minutes", "240").expect("the maximum");
    session::set_setting(&mut store, "idle_lock_minutes", "15").expect("15");
    assert_eq!(
        session::unlocked(&store, false)
            .expect("session")
            .idle_lock_minutes,
        15
    );
}
