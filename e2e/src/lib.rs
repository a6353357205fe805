//! Helpers for the end-to-end test of the desktop app: the real `inkom` CLI prepares a data
//! directory, `tauri-driver` (with WebKitWebDriver) starts the real `inkom-app` binary, and
//! fantoccini drives its webview by the `data-testid`s of docs/ipc.md.
//!
//! Facts from TAURI-NOTES: one session at a time (ports 4444/4445), stop tauri-driver with
//! SIGTERM (SIGKILL orphans WebKitWebDriver), and without a display the session hangs, so the
//! caller asserts `DISPLAY` and wraps the flow in a timeout.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

/// The workspace's build directory (`target/debug`), where `cargo build` put both binaries.
pub fn bin_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("debug")
}

/// The passphrase the test's store is created with; the app is started without it and the
/// flow types it on the lock screen.
pub const PASSPHRASE: &str = "korrekt häst batteri häftklammer";

/// Runs the real `inkom` CLI with `--json` on `data_dir` (a passphrase store: no OS key store
/// entry is left behind).
pub fn inkom(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(bin_dir().join("inkom"))
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--json")
        .args(args)
        .env("USER", "karin.e2e")
        .env("INKOM_KEYSTORE", "passphrase")
        .env("INKOM_PASSPHRASE", PASSPHRASE)
        .output()
        .unwrap_or_else(|e| panic!("run inkom {args:?}: {e}"))
}

/// Like [`inkom`], but expects success and returns the JSON.
pub fn inkom_ok(data_dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = inkom(data_dir, args);
    assert!(
        out.status.success(),
        "inkom {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("inkom {args:?} JSON: {e}"))
}

/// A running tauri-driver, stopped with SIGTERM on drop.
pub struct Driver {
    child: Child,
}

impl Driver {
    /// Starts `tauri-driver` and waits until both it (port 4444) and the WebKitWebDriver it
    /// spawns (port 4445) listen: tauri-driver listens at once and forwards the new-session
    /// request to 4445, so a request sent before WebKitWebDriver is up is dropped (on a busy
    /// 2-core CI machine: "IncompleteMessage" at `session`). The app it starts gets
    /// `INKOM_PASSPHRASE` only when `passphrase` is given; otherwise it must be unlocked on
    /// its lock screen, as a user would.
    pub fn start(passphrase: Option<&str>) -> Driver {
        let mut command = Command::new("tauri-driver");
        // The app it starts: a new store gets a passphrase (never the OS key store, which a
        // test machine may or may not have), and the OS login the first-run set-up suggests.
        command
            .env("INKOM_KEYSTORE", "passphrase")
            .env("USER", "karin.e2e");
        match passphrase {
            Some(p) => command.env("INKOM_PASSPHRASE", p),
            None => command.env_remove("INKOM_PASSPHRASE"),
        };
        let child = command.spawn().unwrap_or_else(|e| {
            panic!("tauri-driver not found ({e}); run scripts/setup-debian.sh")
        });
        let driver = Driver { child };
        let until = Instant::now() + Duration::from_secs(30);
        for (port, who) in [(4444, "tauri-driver"), (4445, "WebKitWebDriver")] {
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(Instant::now() < until, "{who} did not listen on {port}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

/// Where the screenshots go: `target/e2e-screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let dir = bin_dir().join("../e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("screenshot dir: {e}"));
    dir
}

/// How long a step may take to show in the window.
pub const WAIT: Duration = Duration::from_secs(20);

/// The CSS selector of a `data-testid`.
pub fn tid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// The element with `data-testid` `id`, waiting up to [`WAIT`] for it.
pub async fn find(c: &fantoccini::Client, id: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(WAIT)
        .for_element(fantoccini::Locator::Css(&tid(id)))
        .await
        .unwrap_or_else(|e| panic!("no element {id}: {e}"))
}

/// A screenshot of the window as `NAME.png` in [`screenshot_dir`].
pub async fn shot(c: &fantoccini::Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_dir().join(format!("{name}.png")), png).expect("write screenshot");
}

/// The app binary, after checking what every end-to-end test needs: a display (without one the
/// session hangs for minutes) and a built app.
pub fn app_binary() -> PathBuf {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no DISPLAY: run under xvfb-run (scripts/test.sh does)"
    );
    let app = bin_dir().join("inkom-app");
    assert!(
        app.exists(),
        "build the app first: cargo build --workspace --all-features"
    );
    app
}

/// A WebDriver session of the app started with `--data-dir data`, within 60 s.
pub async fn session(app: &Path, data: &Path) -> fantoccini::Client {
    let caps: serde_json::Map<String, serde_json::Value> =
        serde_json::from_value(serde_json::json!({
            "tauri:options": { "application": app, "args": ["--data-dir", data] }
        }))
        .expect("caps");
    tokio::time::timeout(
        Duration::from_secs(60),
        fantoccini::ClientBuilder::native()
            .capabilities(caps)
            .connect("http://127.0.0.1:4444"),
    )
    .await
    .expect("session within 60 s")
    .expect("webdriver session")
}

/// A fresh scratch directory `inkom-e2e-NAME-PID` in the system temp dir, and in it the path of
/// the data directory and a copy of the SMS fixture as `files/FILE` (a copy, since inkom may
/// delete it): `(dir, data, file)`.
pub fn scratch_with_sms(name: &str, file: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("inkom-e2e-{name}{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = dir.join("files");
    std::fs::create_dir_all(&files).expect("files dir");
    let copy = files.join(file);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/sms-backup-restore_sv_3-konversationer.xml"),
        &copy,
    )
    .expect("copy fixture");
    (dir.clone(), dir.join("data"), copy)
}

/// Sets the unit's name and the user in `data` through the CLI, as the first-run set-up would:
/// the window then shows the inbox (and takes drops) rather than the set-up.
pub fn set_up_unit(data: &Path) {
    inkom_ok(
        data,
        &[
            "settings",
            "set",
            "organisation",
            "Exempelby kommun, socialnämnden",
        ],
    );
    inkom_ok(data, &["settings", "set", "user", "karin.e2e"]);
}
