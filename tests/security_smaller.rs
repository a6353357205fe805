//! Issue 17, item 7 (the smaller items that live in the core): a mistyped `--data-dir` is not
//! taken over, the private temp sweep never follows links, and a busy store says so.

mod common;

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
