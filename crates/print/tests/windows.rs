//! Windows printing through the real `ShellExecuteExW` (issue 17 item 6), run under Wine by
//! `scripts/test-windows-print.sh` in a private prefix. Each test registers a private file type
//! under `HKCU\Software\Classes` (and, under Wine, `HKLM\Software\Classes`: Wine 8 does not
//! merge the per-user classes into `HKEY_CLASSES_ROOT`) whose print verb is
//! `examples/print_recorder.rs` (built by the same `cargo test`), prints through the crate, and
//! reads what the program was given. The keys are deleted afterwards, so a run on a real
//! Windows machine leaves nothing behind either.
#![cfg(windows)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use inkom_print::{PrintError, Sent, print};

/// Far more than Wine needs to start a program; a hang fails the test instead of CI's clock.
const PATIENCE: Duration = Duration::from_secs(60);

/// The recorder that `cargo test` built beside this test binary (`target/…/debug/examples`).
fn recorder() -> PathBuf {
    let exe = std::env::current_exe().expect("own path");
    let debug = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary lives in target/…/deps");
    let recorder = debug.join("examples").join("print_recorder.exe");
    assert!(
        recorder.is_file(),
        "{} is missing: run these tests with `cargo test -p inkom-print`, which builds the \
         examples too (scripts/test-windows-print.sh)",
        recorder.display()
    );
    recorder
}

/// A file type `.EXT` whose ProgID has the given verbs, registered for the current user and
/// deleted again on drop.
struct FileType {
    ext: String,
    prog_id: String,
}

impl FileType {
    fn register(ext: &str, verbs: &[(&str, String)]) -> FileType {
        let prog_id = format!("Inkom.Test{ext}");
        for root in class_roots() {
            let ext_key = format!(r"{root}\.{ext}");
            reg(&["add", &ext_key, "/ve", "/d", &prog_id, "/f"]);
            for (verb, command) in verbs {
                let key = format!(r"{root}\{prog_id}\shell\{verb}\command");
                reg(&["add", &key, "/ve", "/d", command, "/f"]);
            }
        }
        FileType {
            ext: ext.to_string(),
            prog_id,
        }
    }
}

impl Drop for FileType {
    fn drop(&mut self) {
        for root in class_roots() {
            for key in [format!(".{}", self.ext), self.prog_id.clone()] {
                let _ = Command::new("reg")
                    .args(["delete", &format!(r"{root}\{key}"), "/f"])
                    .output();
            }
        }
    }
}

/// Where file types are registered: the user's classes, and under Wine the machine's too.
fn class_roots() -> Vec<&'static str> {
    let wine = Command::new("reg")
        .args(["query", r"HKCU\Software\Wine"])
        .output()
        .is_ok_and(|o| o.status.success());
    let mut roots = vec![r"HKCU\Software\Classes"];
    if wine {
        roots.push(r"HKLM\Software\Classes");
    }
    roots
}

/// `reg.exe` with these arguments (Rust quotes each one for the Windows command line).
fn reg(args: &[&str]) {
    let out = Command::new("reg")
        .args(args)
        .output()
        .expect("reg.exe runs (Wine ships one)");
    assert!(
        out.status.success(),
        "reg {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The print verb's command line: the recorder, where it writes, the file, and an exit code.
fn recorder_command(out: &Path, exit_code: u32) -> String {
    format!(
        r#""{}" "{}" "%1" {exit_code}"#,
        recorder().display(),
        out.display()
    )
}

/// Prints on another thread so that a hang fails within [`PATIENCE`].
fn print_within_patience(path: &Path) -> Result<Sent, PrintError> {
    let (tx, rx) = mpsc::channel();
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(print(&path));
    });
    rx.recv_timeout(PATIENCE)
        .unwrap_or_else(|_| panic!("print did not return within {PATIENCE:?}"))
}

/// The recorder's `done-PID` markers in `out`, once at least one is there.
fn wait_for_recorder(out: &Path) -> Vec<String> {
    let start = Instant::now();
    loop {
        let done: Vec<String> = std::fs::read_dir(out)
            .expect("out dir")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.starts_with("done-"))
            .collect();
        if !done.is_empty() {
            // Room for a second start, if the verb ran twice, to show up too.
            std::thread::sleep(Duration::from_millis(500));
            return std::fs::read_dir(out)
                .expect("out dir")
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.starts_with("done-"))
                .collect();
        }
        assert!(
            start.elapsed() < PATIENCE,
            "the print verb's program never ran"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The UTF-16 arguments in an `args-PID.utf16` record, each one as its units.
fn recorded_args(record: &[u8]) -> Vec<Vec<u16>> {
    let units: Vec<u16> = record
        .chunks_exact(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .collect();
    let mut args: Vec<Vec<u16>> = units.split(|&u| u == 0).map(<[u16]>::to_vec).collect();
    assert_eq!(args.pop(), Some(Vec::new()), "record ends with a zero unit");
    args
}

fn wide(path: &Path) -> Vec<u16> {
    use std::os::windows::ffi::OsStrExt;
    path.as_os_str().encode_wide().collect()
}

/// Issue 17 item 6: a path with a space, `'`, `$(`, `;`, `[` and Swedish letters reaches the
/// registered print program as exactly that file, once, and nothing in it runs.
#[test]
fn security_printing_on_windows_passes_the_path_to_shellexecute_intact() {
    let root = tempfile::tempdir().expect("temp dir");
    let out = root.path().join("out");
    std::fs::create_dir(&out).expect("out dir");
    let dir = root.path().join("Anna Test").join("tmp");
    std::fs::create_dir_all(&dir).expect("profile dir");
    let file = dir.join("a'; $(Remove-Item x); [b] åäö & echo pwned.inkomprint");
    let content: Vec<u8> = b"%PDF-1.7\n% inkom print test \xc3\xa5\xc3\xa4\xc3\xb6\n"
        .iter()
        .copied()
        .chain((0..=255u8).rev())
        .collect();
    std::fs::write(&file, &content).expect("the hostile file");
    // What `Remove-Item x` would delete, were the name ever run as script.
    std::fs::write(dir.join("x"), b"keep").expect("sentinel");

    let _type = FileType::register("inkomprint", &[("print", recorder_command(&out, 0))]);
    let sent = print_within_patience(&file).expect("the print verb starts");
    assert_eq!(sent, Sent::HandedOver);

    let done = wait_for_recorder(&out);
    assert_eq!(done.len(), 1, "the print program ran once: {done:?}");
    let pid = done[0].trim_start_matches("done-");
    let record = std::fs::read(out.join(format!("args-{pid}.utf16"))).expect("args record");
    let args = recorded_args(&record);
    assert_eq!(args.len(), 3, "out dir, file, exit code: {args:?}");
    assert_eq!(
        String::from_utf16_lossy(&args[1]),
        file.display().to_string(),
        "the program got another path"
    );
    assert_eq!(args[1], wide(&file), "the path's UTF-16 units changed");
    let received = std::fs::read(out.join(format!("received-{pid}"))).expect("copy");
    assert_eq!(received, content, "the program read another file");

    assert_eq!(std::fs::read(dir.join("x")).expect("sentinel"), b"keep");
    let mut left: Vec<_> = std::fs::read_dir(&dir)
        .expect("profile dir")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    left.sort();
    assert_eq!(
        left.len(),
        2,
        "nothing created or removed beside the file: {left:?}"
    );
}

/// A file type whose program opens but cannot print (a browser as PDF reader), and one nothing
/// is registered for: the no-association error the app explains, no dialog, no hang.
#[test]
fn a_type_without_a_print_verb_is_reported_as_no_association() {
    let root = tempfile::tempdir().expect("temp dir");
    let out = root.path().join("out");
    std::fs::create_dir(&out).expect("out dir");
    let _type = FileType::register("inkomopenonly", &[("open", recorder_command(&out, 0))]);

    let file = root.path().join("only open.inkomopenonly");
    std::fs::write(&file, b"%PDF-1.7\n").expect("file");
    let err = print_within_patience(&file).expect_err("no print verb");
    assert!(matches!(err, PrintError::NoAssociation), "{err:?}");

    let unknown = root.path().join("nobody.inkomunregistered");
    std::fs::write(&unknown, b"%PDF-1.7\n").expect("file");
    let err = print_within_patience(&unknown).expect_err("no type at all");
    assert!(matches!(err, PrintError::NoAssociation), "{err:?}");

    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        std::fs::read_dir(&out).expect("out dir").count(),
        0,
        "the open verb must not stand in for print"
    );
}

/// A print program that fails at once is a failure the user is told about, not "sent".
#[test]
fn a_print_program_that_fails_at_once_is_an_error() {
    let root = tempfile::tempdir().expect("temp dir");
    let out = root.path().join("out");
    std::fs::create_dir(&out).expect("out dir");
    let _type = FileType::register("inkomfails", &[("print", recorder_command(&out, 3))]);
    let file = root.path().join("fails.inkomfails");
    std::fs::write(&file, b"%PDF-1.7\n").expect("file");

    let err = print_within_patience(&file).expect_err("exit code 3");
    assert!(
        matches!(err, PrintError::HandlerFailed { code: 3 }),
        "{err:?}"
    );
}
