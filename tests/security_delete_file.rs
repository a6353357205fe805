//! Issue 17, item 2: `confirm-source-deleted --delete-file` deletes the file that was imported
//! or nothing. A link, a second hard link, a FIFO or a swapped file is refused with the reason,
//! the store is unchanged and nothing is logged as deleted.
#![cfg(unix)]

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{Inkom, s};

const BODY: &str = "Hej, jag behöver hjälp med hyran";

fn sms_xml() -> String {
    format!(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n\
         <sms protocol=\"0\" address=\"+46701740666\" date=\"1793000000000\" type=\"1\" \
         body=\"{BODY}\" read=\"1\" status=\"-1\" contact_name=\"Bo Testsson\" />\n</smses>\n"
    )
}

/// Imports `path` and classifies its item as ringa, so its source may go at once.
fn imported_ringa(t: &Inkom, path: &Path) -> String {
    let v = t.ok(&["import", s(path)]);
    let id = v["imported"][0]["created"][0]
        .as_i64()
        .expect("an item")
        .to_string();
    t.ok(&["classify", &id, "--as", "ringa"]);
    id
}

/// Asks inkom to delete the source and expects a refusal naming `reason`; the store must be
/// as before.
fn refused_delete(t: &Inkom, id: &str, reason: &str) {
    let before = t.snapshot();
    let (code, message) = t.refused(&[
        "confirm-source-deleted",
        id,
        "--where",
        "datorn",
        "--delete-file",
    ]);
    assert_eq!(code, "source_unsafe", "{message}");
    assert!(message.contains(reason), "{message}");
    assert_eq!(t.snapshot(), before, "a refusal changed the store");
}

fn other_dir(t: &Inkom) -> PathBuf {
    let d = t.dir.path().join("elsewhere");
    std::fs::create_dir_all(&d).expect("mkdir");
    d
}

#[test]
fn security_delete_file_a_source_imported_through_a_symlink_is_not_half_deleted() {
    let t = Inkom::new();
    let target = other_dir(&t).join("sms.xml");
    std::fs::write(&target, sms_xml()).expect("write");
    let link = t.files().join("sms-link.xml");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let id = imported_ringa(&t, &link);
    refused_delete(&t, &id, "symbolisk länk");
    assert!(target.exists() && link.exists());
}

#[test]
fn security_delete_file_a_path_swapped_for_a_symlink_to_a_copy_is_refused() {
    let t = Inkom::new();
    let path = t.write("sms.xml", sms_xml().as_bytes());
    let id = imported_ringa(&t, &path);
    let copy = other_dir(&t).join("kopia.xml");
    std::fs::rename(&path, &copy).expect("move");
    std::os::unix::fs::symlink(&copy, &path).expect("symlink");
    refused_delete(&t, &id, "symbolisk länk");
    assert!(copy.exists());
}

#[test]
fn security_delete_file_a_hard_linked_source_is_refused() {
    let t = Inkom::new();
    let path = t.write("sms.xml", sms_xml().as_bytes());
    let id = imported_ringa(&t, &path);
    let second = other_dir(&t).join("andra-namnet.xml");
    std::fs::hard_link(&path, &second).expect("hard link");
    refused_delete(&t, &id, "hårda länkar");
    assert!(path.exists() && second.exists());
    // With the second name gone, the file is deleted and that is logged.
    std::fs::remove_file(&second).expect("rm");
    t.ok(&[
        "confirm-source-deleted",
        &id,
        "--where",
        "datorn",
        "--delete-file",
    ]);
    assert!(!path.exists());
    let log = t.ok(&["audit", "log", &id]);
    assert!(
        log.as_array()
            .expect("events")
            .iter()
            .any(|e| e["action"] == "source_file_deleted")
    );
}

#[test]
fn security_delete_file_a_fifo_in_its_place_is_refused_without_hanging() {
    let t = Inkom::new();
    let path = t.write("sms.xml", sms_xml().as_bytes());
    let id = imported_ringa(&t, &path);
    std::fs::remove_file(&path).expect("rm");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    // Before the fix this hung for good, holding the write lock; give it 20 seconds.
    let mut child = t
        .command()
        .args(["--json", "confirm-source-deleted", &id, "--where", "datorn"])
        .arg("--delete-file")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("inkom hangs on a FIFO in place of the source");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("output");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("source_unsafe") && err.contains("ingen vanlig fil"),
        "{err}"
    );
    refused_delete(&t, &id, "ingen vanlig fil");
    assert!(path.exists(), "the FIFO was removed");
}
