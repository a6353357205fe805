//! A real drop through X11 onto the real app window (issue 17, item 7: a webview command takes
//! only paths the user chose or dropped in this session). A small GTK drag source (python3-gi)
//! offers a file as `text/uri-list`; `xdotool` presses, moves and releases the pointer through
//! XTest, as a hand would; the window's GTK drop target hands the paths to the shell, which
//! grants them and sends their handles in `inkom://dropped`; the import dialog's preview is then
//! the core reading that very file. Needs `xdotool` and `python3-gi` (scripts/setup-debian.sh).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use inkom_e2e::{Driver, PASSPHRASE, WAIT, find, inkom_ok};

/// A GTK 3 drag source at the top left of the screen offering one file URI (argv[1]).
const DRAG_SOURCE: &str = r#"
import sys, gi
gi.require_version("Gtk", "3.0")
from gi.repository import Gtk, Gdk
w = Gtk.Window(title="inkom-e2e-drag-source")
w.set_default_size(120, 80); w.move(0, 0); w.set_keep_above(True)
b = Gtk.Button(label="drag")
b.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
b.drag_source_add_uri_targets()
b.connect("drag-data-get", lambda wid, ctx, data, info, t: data.set_uris([sys.argv[1]]))
b.connect("drag-begin", lambda *a: print("drag-begin", flush=True))
b.connect("drag-end", lambda w, ctx: (print("drag-end", ctx.get_dest_window(), flush=True), Gtk.main_quit()))
w.add(b); w.connect("destroy", Gtk.main_quit); w.show_all(); Gtk.main()
"#;

fn xdotool(args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("xdotool not found ({e}); run scripts/setup-debian.sh"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The first window whose title is exactly `title`, waiting for it; its centre on screen.
fn window_centre(title: &str) -> (i64, i64) {
    let until = Instant::now() + WAIT;
    loop {
        let ids = xdotool(&["search", "--onlyvisible", "--name", &format!("^{title}$")]);
        if let Some(id) = ids.split_whitespace().next() {
            let geometry = xdotool(&["getwindowgeometry", "--shell", id]);
            let value = |key: &str| -> Option<i64> {
                geometry
                    .lines()
                    .find_map(|l| l.strip_prefix(&format!("{key}=")))
                    .and_then(|v| v.trim().parse().ok())
            };
            if let (Some(x), Some(y), Some(w), Some(h)) =
                (value("X"), value("Y"), value("WIDTH"), value("HEIGHT"))
            {
                eprintln!("window {title}: {x},{y} {w}x{h}");
                return (x + w / 2, y + h / 2);
            }
        }
        assert!(Instant::now() < until, "no window titled {title}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// `file://` and the path's bytes, each one that is not unreserved percent-encoded (RFC 8089):
/// an `ä` written raw is no URI, and GTK then finds no drop target.
fn file_uri(file: &Path) -> String {
    use std::fmt::Write as _;
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file://");
    for &b in file.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            let _ = write!(uri, "%{b:02X}");
        }
    }
    uri
}

/// Drags `file` from a GTK drag source onto the window titled `title`.
fn drag_onto(title: &str, file: &Path) -> Child {
    let uri = file_uri(file);
    let source = Command::new("/usr/bin/python3")
        .args(["-c", DRAG_SOURCE, &uri])
        .stdout(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("python3 not found ({e})"));
    let (sx, sy) = window_centre("inkom-e2e-drag-source");
    let (tx, ty) = window_centre(title);
    xdotool(&[
        "mousemove",
        &sx.to_string(),
        &sy.to_string(),
        "sleep",
        "0.3",
    ]);
    xdotool(&["mousedown", "1", "sleep", "0.3"]);
    // Past GTK's drag threshold, then across to the target in steps, as a hand moves.
    for i in 1..=10 {
        let x = sx + (tx - sx) * i / 10;
        let y = sy + (ty - sy) * i / 10;
        xdotool(&["mousemove", &x.to_string(), &y.to_string(), "sleep", "0.1"]);
    }
    // Small moves over the target until it has answered the source (XdndStatus), then release.
    for d in [3, 6, 9, 12] {
        let (x, y) = ((tx + d).to_string(), (ty + d).to_string());
        xdotool(&["mousemove", &x, &y, "sleep", "0.3"]);
    }
    xdotool(&["sleep", "0.5", "mouseup", "1"]);
    source
}

#[tokio::test(flavor = "current_thread")]
async fn security_a_file_dropped_on_the_real_window_is_previewed() {
    let app = inkom_e2e::app_binary();
    let (dir, data, dropped) = inkom_e2e::scratch_with_sms("drop-", "sms-släppt.xml");
    inkom_e2e::set_up_unit(&data);

    let driver = Driver::start(Some(PASSPHRASE));
    let client = inkom_e2e::session(&app, &data).await;
    let result = tokio::time::timeout(Duration::from_secs(90), async {
        // Unlocked (the passphrase was given): the main view is there.
        find(&client, "nav-import").await;
        let mut source = drag_onto("inkom", &dropped);
        let file = find(&client, "import-file")
            .await
            .text()
            .await
            .expect("text");
        let _ = source.kill();
        let _ = source.wait();
        inkom_e2e::shot(&client, "drop-preview").await;
        file
    })
    .await;
    let _ = client.close().await;
    drop(driver);
    let file = result.expect("the drop shown within 90 s");
    assert!(file.contains("sms-släppt.xml"), "preview: {file}");
    // A preview stores nothing.
    assert_eq!(inkom_ok(&data, &["list"]), serde_json::json!([]));
    let _ = std::fs::remove_dir_all(&dir);
}
