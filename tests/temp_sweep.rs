//! The sweep of private temporary files at start-up, with two real processes: a PDF that a
//! running inkom (the app) handed to a viewer survives a CLI start on the same data directory;
//! once that inkom has ended — here killed, so its guard never ran — the next start removes
//! it. Links planted in the private directory are removed as links, never followed.
//!
//! The holding process is this test binary run again with [`HOLDER_ENV`] set: its ignored
//! test `holder_process` writes a temporary file through `inkom::private_temp` and waits.

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::Inkom;

/// Set to a data directory: `holder_process` holds a temporary file in it.
const HOLDER_ENV: &str = "INKOM_TEST_TEMP_HOLDER_DIR";

const PDF: &[u8] = b"%PDF-1.7 registreringsblad som visaren har oppen";

/// Not a test of its own: the second process of the test below (run with `--ignored`).
#[test]
#[ignore = "run as a child process by a_running_inkoms_temporary_file_survives_another_start"]
fn holder_process() {
    let Some(dir) = std::env::var_os(HOLDER_ENV) else {
        return;
    };
    let file = inkom::private_temp::write(Path::new(&dir), "blad.pdf", PDF).expect("write");
    println!("HELD {}", file.path().display());
    // Until the parent closes stdin (or kills this process).
    let mut line = String::new();
    while std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) {}
    drop(file);
}

/// Starts the holder on `data_dir` and returns it with the path it holds.
fn holder(data_dir: &Path) -> (Child, PathBuf) {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--ignored", "--exact", "--nocapture"])
        .arg(crate::test_name(module_path!(), "holder_process"))
        .env(HOLDER_ENV, data_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the holder");
    let mut out = BufReader::new(child.stdout.take().expect("stdout")).lines();
    for line in out.by_ref() {
        let line = line.expect("read");
        if let Some(path) = line.strip_prefix("HELD ") {
            // Keep reading what the test harness prints at the end, so it never writes into a
            // closed pipe.
            std::thread::spawn(move || out.for_each(drop));
            return (child, PathBuf::from(path));
        }
    }
    let _ = child.kill();
    let status = child.wait();
    panic!("the holder wrote no file: {status:?}");
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_running_inkoms_temporary_file_survives_another_start_and_goes_once_it_has_ended() {
    let t = Inkom::new();
    t.ok(&["list"]);
    let tmp = t.data_dir().join(inkom::private_temp::DIR);

    let (mut app, held) = holder(&t.data_dir());
    let own = held.parent().expect("its directory").to_path_buf();
    assert_eq!(own.parent(), Some(tmp.as_path()), "{held:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!((mode(&own), mode(&held)), (0o700, 0o600));
    }

    // What an ended inkom left: loose in tmp/ (an older inkom) and in a directory whose lock
    // nobody holds.
    let loose = tmp.join("0a0b0c-gammal.pdf");
    std::fs::write(&loose, PDF).expect("write");
    let dead = tmp.join("p-0000000000000000");
    std::fs::create_dir(&dead).expect("mkdir");
    std::fs::write(dead.join(".lock"), b"").expect("write");
    std::fs::write(dead.join("aabbcc-lista.pdf"), PDF).expect("write");
    // Links planted there: removed as links; what they point to is untouched.
    let outside = t.files().join("utanför.txt");
    std::fs::write(&outside, b"not inkoms").expect("write");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, dead.join("ddeeff-länk.pdf")).expect("symlink");
        let linked = tmp.join("p-1111111111111111");
        std::fs::create_dir(&linked).expect("mkdir");
        std::os::unix::fs::symlink(&outside, linked.join(".lock")).expect("symlink");
    }

    // The CLI starts while the app runs: the app's file stays, whole; the rest goes.
    let cli = t.run(&["list"]);
    assert!(cli.status.success(), "{}", stderr(&cli));
    assert_eq!(
        std::fs::read(&held).ok().as_deref(),
        Some(PDF),
        "the app's PDF was swept"
    );
    assert!(
        !loose.exists() && !dead.exists(),
        "{:?}",
        std::fs::read_dir(&tmp)
    );
    assert_eq!(std::fs::read(&outside).expect("outside"), b"not inkoms");
    #[cfg(unix)]
    assert!(!tmp.join("p-1111111111111111").exists());
    #[cfg(unix)]
    assert!(
        stderr(&cli).contains("3 tillfälliga filer"),
        "{}",
        stderr(&cli)
    );

    // The app ends without its guard running (killed): the next start removes its file.
    app.kill().expect("kill");
    app.wait().expect("wait");
    assert!(held.exists(), "a killed process cannot have removed it");
    let next = t.run(&["list"]);
    assert!(!held.exists(), "an ended inkom's file stays");
    assert!(!own.exists());
    assert!(
        stderr(&next).contains("1 tillfälliga filer"),
        "{}",
        stderr(&next)
    );
    assert_eq!(std::fs::read(&outside).expect("outside"), b"not inkoms");
}

#[test]
fn a_holder_that_ends_normally_removes_its_own_file() {
    let t = Inkom::new();
    t.ok(&["list"]);
    let (mut app, held) = holder(&t.data_dir());
    drop(app.stdin.take());
    assert!(app.wait().expect("wait").success());
    assert!(
        !held.exists(),
        "the guard removes the file when the viewer is done"
    );
}
