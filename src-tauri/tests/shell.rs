//! The shell's own logic without a window: start arguments, the idle lock dropping the store,
//! and the private temp files a PDF is handed to a viewer through.

use inkom_app::{AppState, StartArgs, prepare};

fn args(list: &[&str], env: Option<&str>) -> StartArgs {
    StartArgs::parse(list.iter().map(|s| s.to_string()), env.map(str::to_string))
}

#[test]
fn start_arguments_pick_the_data_directory() {
    assert_eq!(
        args(&["--data-dir", "/x"], Some("/env")).data_dir.to_str(),
        Some("/x")
    );
    assert_eq!(args(&["--data-dir=/y"], None).data_dir.to_str(), Some("/y"));
    assert_eq!(args(&[], Some("/env")).data_dir.to_str(), Some("/env"));
    let demo = args(&["--demo", "--data-dir", "/z"], None);
    assert!(demo.demo);
    assert!(
        demo.data_dir.starts_with(std::env::temp_dir()),
        "demo data never goes into a real data directory: {:?}",
        demo.data_dir
    );
}

const PASSPHRASE: &str = "korrekt häst batteri häftklammer";

#[test]
fn a_passphrase_store_locks_and_asks_for_its_passphrase_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let state = AppState::new(dir.path().to_path_buf(), false);
    assert!(!state.is_unlocked());
    // First run: the passphrase typed on the lock screen creates the store.
    state
        .unlock(Some(PASSPHRASE))
        .expect("create with passphrase");
    assert!(state.is_unlocked());
    state.with_store(|_| Ok(())).expect("open store usable");
    state.lock();
    assert!(!state.is_unlocked());
    assert!(state.needs_passphrase(), "the lock screen must ask again");
    let err = state.with_store(|_| Ok(())).expect_err("locked");
    assert_eq!(err.code, "locked");
    assert!(err.message.contains("Lås upp"), "{}", err.message);
    let wrong = state
        .unlock(Some("fel lösenfras, helt fel"))
        .expect_err("wrong");
    assert_eq!(wrong.code, "wrong_passphrase");
    assert!(!state.is_unlocked());
    state.unlock(Some(PASSPHRASE)).expect("unlock");
    assert!(state.is_unlocked());
}

#[cfg(unix)]
#[test]
fn pdfs_for_the_viewer_are_private_and_kept_while_the_app_runs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = inkom_app::viewer::private_temp_file(dir.path(), "inkom-7.pdf").expect("file");
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(file.parent().expect("dir")), 0o700);
    assert!(file.starts_with(dir.path()), "inside the data directory");
    std::fs::write(&file, b"%PDF-1.7 hemligt").expect("fill");
    // The app owns its directory while it runs: another inkom starting (a sweep) leaves the
    // PDF a viewer may hold open. What a crash left is swept (tests/temp_sweep.rs, two
    // processes).
    assert_eq!(inkom::private_temp::sweep(dir.path()), 0);
    assert!(
        file.exists(),
        "the running app's PDF survives another start"
    );
}

#[test]
fn the_demo_starts_with_every_class_and_state() {
    let a = args(&["--demo"], None);
    let state = prepare(&a);
    assert!(state.is_unlocked(), "the demo opens without asking");
    let states: Vec<String> = state
        .with_store(|s| {
            let page = inkom::desk::inbox::inbox(s.conn(), &Default::default(), 0, 100)?;
            Ok(page
                .rows
                .iter()
                .map(|r| r.state.code().to_string())
                .collect())
        })
        .expect("inbox");
    for wanted in [
        "imported",
        "classified",
        "registered",
        "printed",
        "purged",
        "culled",
    ] {
        assert!(
            states.iter().any(|s| s == wanted),
            "{wanted} missing: {states:?}"
        );
    }
    state.lock();
    let _ = std::fs::remove_dir_all(&a.data_dir);
}

/// An SMS Backup & Restore export with `n` messages in one conversation.
fn big_sms_export(n: usize) -> String {
    let mut xml = format!(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{n}\">\n"
    );
    for i in 0..n {
        xml.push_str(&format!(
            "  <sms protocol=\"0\" address=\"+46701740605\" date=\"{}\" type=\"1\" \
             subject=\"null\" body=\"Meddelande nummer {i} om tiden på mötet\" toa=\"null\" \
             sc_toa=\"null\" service_center=\"null\" read=\"1\" status=\"-1\" locked=\"0\" \
             date_sent=\"0\" sub_id=\"1\" contact_name=\"Amira Haddad\" />\n",
            1_789_401_720_000_u64 + i as u64 * 60_000
        ));
    }
    xml.push_str("</smses>\n");
    xml
}

#[test]
fn idle_lock_engages_during_an_import_without_waiting_for_it() {
    use std::sync::atomic::Ordering;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().expect("tempdir");
    let export = dir.path().join("export.xml");
    std::fs::write(&export, big_sms_export(20_000)).expect("export");
    let data = dir.path().join("data");
    let state = AppState::new(data, false);
    state.unlock(Some(PASSPHRASE)).expect("create");
    let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();

    let summary = std::thread::scope(|scope| {
        let import = scope.spawn(|| {
            state.cancel_import.store(false, Ordering::SeqCst);
            let mut progress = |_| {
                let _ = started_tx.send(());
            };
            let paths = [export.clone()];
            let one_item_per_sms = inkom::desk::views::ImportSelection {
                per_message: true,
                ..Default::default()
            };
            state.with_store(|s| {
                inkom::desk::import::import(
                    s,
                    &paths,
                    &one_item_per_sms,
                    &mut progress,
                    &state.cancel_import,
                )
            })
        });
        started_rx
            .recv_timeout(Duration::from_secs(120))
            .expect("the import reports progress");
        // Nothing came from the window for a day: the watchdog locks, now, not after the import.
        assert!(!state.idle.expired(Instant::now()), "a command just came");
        assert!(state.lock_if_idle(Instant::now() + Duration::from_secs(24 * 3600)));
        assert!(!state.is_unlocked(), "locked at once");
        let refused = state.with_store(|_| Ok(())).expect_err("locked");
        assert_eq!(refused.code, "locked");
        import.join().expect("import thread")
    })
    .expect("the import ends with a summary");

    assert!(summary.cancelled, "the lock cancelled the running import");
    assert!(!state.is_unlocked());
    // The key went with the store; the file being read was rolled back, nothing half-imported.
    state.unlock(Some(PASSPHRASE)).expect("unlock again");
    let stored = state
        .with_store(|s| Ok(inkom::desk::inbox::inbox(s.conn(), &Default::default(), 0, 10)?.total))
        .expect("inbox");
    assert_eq!(stored, 0, "the cancelled file left nothing behind");
}

#[test]
fn only_paths_the_user_chose_or_dropped_are_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let state = AppState::new(dir.path().join("data"), false);
    let chosen = dir.path().join("export.xml");
    let other = "/etc/passwd".to_string();
    let refused = state
        .granted_paths(std::slice::from_ref(&other))
        .expect_err("never chosen");
    assert_eq!(refused.code, "path_not_chosen");
    assert!(
        refused.message.contains("Välj filer"),
        "{}",
        refused.message
    );
    assert!(
        !refused.message.contains("passwd"),
        "no path in the message"
    );

    state.grant([chosen.clone()]);
    let ok = state
        .granted_paths(&[chosen.display().to_string()])
        .expect("chosen");
    assert_eq!(ok, std::slice::from_ref(&chosen));
    // One path not chosen refuses the whole command.
    let mixed = state
        .granted_paths(&[chosen.display().to_string(), other])
        .expect_err("mixed");
    assert_eq!(mixed.code, "path_not_chosen");
}

/// Issue 17, item 7: a file whose name is not UTF-8, chosen in the dialog or dropped, is read
/// exactly. The window gets a handle (the path's lossless text) and names the file by it; the
/// name a lossy conversion makes of it is not the chosen file and is refused.
#[cfg(unix)]
#[test]
fn only_paths_the_user_chose_or_dropped_are_read_a_name_that_is_not_utf8_included() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let chosen = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"sms-\xe5r-\xff.xml"));
    std::fs::write(&chosen, big_sms_export(3)).expect("export");
    let state = AppState::new(dir.path().join("data"), false);
    state.unlock(Some(PASSPHRASE)).expect("create");

    let handles = state.grant([chosen.clone()]);
    let handle = handles[0].clone();
    assert!(handle.starts_with("bytes:") && handle.ends_with("sms-\\xe5r-\\xff.xml"));
    // The handle travels as JSON to the window and back unchanged.
    let round: Vec<String> =
        serde_json::from_str(&serde_json::to_string(&handles).expect("json")).expect("json");
    let paths = state.granted_paths(&round).expect("chosen");
    assert_eq!(
        paths[0].as_os_str().as_bytes(),
        chosen.as_os_str().as_bytes()
    );
    let lossy = chosen.to_string_lossy().into_owned();
    let refused = state
        .granted_paths(&[lossy])
        .expect_err("not the chosen file");
    assert_eq!(refused.code, "path_not_chosen");

    // The preview and the import read it and name it by the same handle.
    let preview = state
        .with_store(|s| Ok(inkom::desk::import::preview(s, &paths)))
        .expect("preview");
    assert_eq!(preview.files[0].path, handle);
    assert!(preview.files[0].error.is_none(), "{:?}", preview.files[0]);
    assert_eq!(preview.files[0].messages, 3);
    let summary = state
        .with_store(|s| {
            inkom::desk::import::import(
                s,
                &paths,
                &Default::default(),
                &mut |_| {},
                &state.cancel_import,
            )
        })
        .expect("imported");
    assert!(summary.rejected.is_empty(), "{:?}", summary.rejected);
    assert_eq!(summary.sources[0].path, handle);
    assert_eq!(
        summary.sources[0].imported + summary.sources[0].duplicates,
        3
    );
}
