//! A crash inside a write transaction leaves a consistent store. Real `inkom` processes are
//! killed with SIGKILL at a moment the test sees from outside that their write transaction has
//! begun and has not committed:
//!
//! - an import by its own progress bar on a terminal, which it draws from inside the file's
//!   transaction after every 1000 messages stored in it, while a second connection finds the
//!   store's write lock taken;
//! - a registration by its hold on the write lock, which it takes before rendering the PDF (if
//!   the rendering ever moves out of the transaction, the kill needs another moment to aim at:
//!   the test then fails saying no kill landed inside).
//!
//! Then the store must hold all of the work or none of it, and its audit chain must verify. An
//! import that committed as it went, or a registration whose PDF and state change committed
//! apart, would leave part of the work behind and fail here.

use crate::common;

use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::{Inkom, s};
use serde_json::Value;

/// How many fresh stores a test tries before it gives up finding a kill inside the transaction
/// (on a loaded machine the work may finish between the observation and the kill).
const ATTEMPTS: usize = 3;

/// How long a child may take to reach its write transaction on a busy machine.
const PATIENCE: Duration = Duration::from_secs(60);

/// A second connection to the store that asks for the write lock without waiting. SQLite
/// refuses it with plain `SQLITE_BUSY` exactly while another connection has a write transaction
/// open (inkom's begin with `BEGIN IMMEDIATE`, so they hold the lock from their first
/// statement to their commit or rollback).
struct WriteLockProbe(rusqlite::Connection);

impl WriteLockProbe {
    fn new(t: &Inkom) -> WriteLockProbe {
        let conn = t.sql();
        conn.busy_timeout(Duration::ZERO).expect("no waiting");
        WriteLockProbe(conn)
    }

    /// True while another connection holds the write lock.
    fn taken_elsewhere(&self) -> bool {
        match self.0.execute_batch("BEGIN IMMEDIATE") {
            Ok(()) => {
                self.0.execute_batch("ROLLBACK").expect("rollback");
                false
            }
            // Not SQLITE_BUSY_RECOVERY or another extended code: those mean something else.
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == rusqlite::ffi::SQLITE_BUSY =>
            {
                true
            }
            Err(e) => panic!("probing the write lock: {e}"),
        }
    }
}

/// True when the child ended by SIGKILL, not by finishing (or failing) on its own.
fn killed(status: ExitStatus) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        status.signal() == Some(9)
    }
    #[cfg(not(unix))]
    {
        !status.success()
    }
}

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The store is sound whatever was killed: SQLite's own checks, registrations agree with
/// states, every item is covered by an `imported` event and no event claims more items, and `inkom audit verify` is clean.
fn assert_consistent(t: &Inkom) {
    let conn = t.sql();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(check, "ok");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    // Every registered item has exactly one registration, and no item has a registration
    // without being registered.
    let mismatched = count(
        &conn,
        "SELECT count(*) FROM items i LEFT JOIN registrations r ON r.item_id = i.id
         WHERE (i.state = 'registered') != (r.item_id IS NOT NULL)",
    );
    assert_eq!(mismatched, 0, "state and registrations disagree");
    // Every item has its import event and every import event its items: since issue 15 one
    // event per imported file, naming its items' id range and count (an older store's event per
    // item names the item).
    let unaudited = count(
        &conn,
        "SELECT count(*) FROM items i WHERE NOT EXISTS
           (SELECT 1 FROM audit_events a WHERE a.action = 'imported'
              AND (a.item_id = i.id
                   OR (a.item_id IS NULL
                       AND i.id BETWEEN a.details ->> '$.first_item'
                                    AND a.details ->> '$.last_item')))",
    );
    assert_eq!(unaudited, 0, "an item without its import event");
    assert_eq!(
        count(
            &conn,
            "SELECT coalesce(sum(CASE WHEN item_id IS NULL THEN details ->> '$.items' ELSE 1 END), 0)
             FROM audit_events WHERE action = 'imported'"
        ),
        count(&conn, "SELECT count(*) FROM items"),
        "import events without their items"
    );
    drop(conn);
    assert_eq!(t.ok(&["audit", "verify"])["first_broken"], Value::Null);
}

/// Tries `attempt` on fresh stores until one reports a kill proven to have landed inside the
/// write transaction; fails when none did.
fn until_killed_inside(what: &str, attempt: impl Fn() -> bool) {
    let started = Instant::now();
    let inside = (0..ATTEMPTS).any(|_| attempt());
    assert!(
        inside,
        "no {what} was killed inside its transaction in {ATTEMPTS} attempts ({:?})",
        started.elapsed()
    );
}

#[cfg(target_os = "linux")]
mod on_terminal {
    //! `inkom` run with a pseudo-terminal for its output, as a caseworker runs it: util-linux
    //! `script` provides the terminal and copies what inkom draws on it to a pipe the test reads.

    use std::ffi::OsStr;
    use std::io::Read;
    use std::path::PathBuf;
    use std::process::{Child, Command, ExitStatus, Stdio};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use super::Inkom;

    /// A running `inkom` on a terminal: its process id (to kill it), `script` around it (to reap
    /// it and learn how it ended) and the message counts its progress bar showed so far.
    pub struct Running {
        script: Child,
        pub pid: u32,
        progress: mpsc::Receiver<usize>,
    }

    /// Starts `inkom ARGS` on a terminal.
    pub fn spawn(t: &Inkom, args: &[&str]) -> Running {
        let inkom = t.command();
        let words: Vec<String> = std::iter::once(inkom.get_program())
            .chain(inkom.get_args())
            .chain(args.iter().map(OsStr::new))
            .map(|w| quote(w.to_str().expect("utf-8 argument")))
            .collect();
        let mut script = Command::new("script");
        // `exec`: the shell script starts becomes inkom itself, so inkom is script's child.
        script.args(["--quiet", "--return", "--command"]);
        script.arg(format!("exec {}", words.join(" ")));
        script.arg("/dev/null");
        for (key, value) in inkom.get_envs() {
            match value {
                Some(v) => script.env(key, v),
                None => script.env_remove(key),
            };
        }
        let mut script = script
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("script (util-linux, Debian's bsdutils) is installed");
        let output = script.stdout.take().expect("stdout");
        let (send, progress) = mpsc::channel();
        std::thread::spawn(move || read_progress(output, send));
        let pid = inkom_child(&mut script);
        Running {
            script,
            pid,
            progress,
        }
    }

    impl Running {
        /// Waits until the progress bar shows at least `items` messages; false when inkom
        /// ended first.
        pub fn progress_shows(&self, items: usize, patience: Duration) -> bool {
            let deadline = Instant::now() + patience;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                match self.progress.recv_timeout(left) {
                    Ok(n) if n >= items => return true,
                    Ok(_) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => return false,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        panic!("no progress of {items} messages in {patience:?}")
                    }
                }
            }
        }

        /// SIGKILLs inkom and returns how it ended (as `script --return` passes it on). An
        /// inkom that ended first has nothing to kill (`kill` then fails, quietly); the status
        /// says it was not killed.
        pub fn kill(mut self) -> ExitStatus {
            Command::new("kill")
                .args(["-KILL", &self.pid.to_string()])
                .stderr(Stdio::null())
                .status()
                .expect("kill");
            self.script.wait().expect("reap script")
        }
    }

    /// True when `script --return` says its command ended by SIGKILL (128 + 9).
    pub fn killed(status: ExitStatus) -> bool {
        status.code() == Some(128 + 9)
    }

    /// Sends every count of messages the progress bar (`… 1000 meddelanden`) shows.
    fn read_progress(mut output: impl Read, send: mpsc::Sender<usize>) {
        let shown = regex::Regex::new(r"(\d+) meddelanden").expect("regex");
        let mut pending = String::new();
        let mut chunk = [0_u8; 4096];
        while let Ok(n @ 1..) = output.read(&mut chunk) {
            pending.push_str(&String::from_utf8_lossy(&chunk[..n]));
            // The bar is redrawn after `\r` with no line end: a count is whole once the word
            // after it is there.
            let mut seen = 0;
            for c in shown.captures_iter(&pending) {
                if send.send(c[1].parse().expect("count")).is_err() {
                    return;
                }
                seen = c.get(0).expect("match").end();
            }
            pending.drain(..seen);
        }
    }

    /// The process id of the inkom that `script` runs, once the shell has become it.
    fn inkom_child(script: &mut Child) -> u32 {
        let binary = PathBuf::from(env!("CARGO_BIN_EXE_inkom"))
            .canonicalize()
            .expect("inkom binary");
        let children = format!("/proc/{0}/task/{0}/children", script.id());
        let started = Instant::now();
        while started.elapsed() < super::PATIENCE {
            let listed = std::fs::read_to_string(&children).unwrap_or_default();
            for pid in listed.split_whitespace() {
                let exe = std::fs::read_link(format!("/proc/{pid}/exe"));
                if exe.is_ok_and(|e| e == binary) {
                    return pid.parse().expect("pid");
                }
            }
            if let Ok(Some(status)) = script.try_wait() {
                panic!("inkom ended before it was seen running: {status}");
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        panic!("script did not start inkom");
    }

    /// One word for `sh -c`.
    fn quote(word: &str) -> String {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(target_os = "linux")]
#[test]
fn an_import_killed_inside_its_transaction_leaves_nothing_of_the_file() {
    // A debug build stores about a thousand messages a second: the first bar (1000) leaves
    // seconds of work inside the transaction for the kill to land in.
    let n = 3_000;
    let stored_in_transaction = inkom::lifecycle::PROGRESS_EVERY;
    let export = common::sms_export(n, |i| {
        format!("Meddelande {i} med åäö och lite mer text så att raden blir lång nog.")
    });
    until_killed_inside("import", || {
        let t = Inkom::new();
        let file = t.write("stor.xml", &export);
        t.ok(&["settings", "show"]); // the store exists before the probe opens it
        let probe = WriteLockProbe::new(&t);
        let import = on_terminal::spawn(&t, &["import", "--per-message", s(&file)]);
        // The bar is drawn from inside the file's transaction, after storing that many
        // messages in it; the probe confirms that a write transaction is open.
        let in_transaction =
            import.progress_shows(stored_in_transaction, PATIENCE) && probe.taken_elsewhere();
        let status = import.kill();
        drop(probe);

        assert_consistent(&t);
        let conn = t.sql();
        let items = count(&conn, "SELECT count(*) FROM items") as usize;
        // Each message is recorded by its item's fingerprint or, failing that, in
        // source_messages (what the export-file check before deletion looks in).
        let taken = count(
            &conn,
            "SELECT count(*) FROM (SELECT message_key FROM source_messages
                                   UNION SELECT fingerprint FROM items)",
        ) as usize;
        drop(conn);
        assert!(
            items == 0 || items == n,
            "a killed import left {items} of {n} items"
        );
        assert_eq!(
            taken, items,
            "what the file gave is recorded with its items"
        );
        let inside = in_transaction && on_terminal::killed(status) && items == 0;
        if inside {
            // The store still works: the same file imports whole afterwards.
            let done = t.ok(&["import", "--per-message", s(&file)]);
            assert_eq!(common::created_ids(&done).len(), n);
            assert_consistent(&t);
        }
        inside
    });
}

/// A classified e-mail long enough (many pages) that rendering its registration sheet, inside
/// the registration's transaction, takes a while; returns its id.
fn long_classified_email(t: &Inkom) -> String {
    let body: String = (0..800)
        .map(|i| format!("Rad {i}: Jag skriver om min situation med åäö.\n"))
        .collect();
    let eml = format!(
        "From: Test Person <test@example.com>\r\nTo: ifo@example.org\r\nSubject: Lång\r\n\
         Date: Mon, 2 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}"
    );
    let id = t.import_first(&t.write("lang.eml", eml.as_bytes()));
    t.classify_diarium(&id, "Skrivelse");
    id
}

/// Starts `inkom register ID` and SIGKILLs it as soon as the probe finds the write lock taken;
/// returns whether the lock was seen taken and how the child ended.
fn kill_registration_in_transaction(t: &Inkom, id: &str) -> (bool, ExitStatus) {
    let probe = WriteLockProbe::new(t);
    let mut child: Child = t
        .command()
        .args(["register", id])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    let mut taken = false;
    while started.elapsed() < PATIENCE {
        if probe.taken_elsewhere() {
            taken = true;
            break;
        }
        if let Ok(Some(_)) = child.try_wait() {
            break; // finished without the probe seeing its transaction
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().expect("SIGKILL");
    (taken, child.wait().expect("reap"))
}

#[test]
fn a_registration_killed_inside_its_transaction_is_not_done() {
    until_killed_inside("registration", || {
        let t = Inkom::new();
        let id = long_classified_email(&t);
        let (taken, status) = kill_registration_in_transaction(&t, &id);
        assert_consistent(&t);
        let item = t.ok(&["show", &id]);
        if !(taken && killed(status) && item["state"] == "classified") {
            return false; // it committed before the kill landed: no proof, try again
        }
        // Not done at all: no registration, no event, no designation used up.
        let conn = t.sql();
        assert_eq!(count(&conn, "SELECT count(*) FROM registrations"), 0);
        let registered = "SELECT count(*) FROM audit_events WHERE action = 'registered'";
        assert_eq!(count(&conn, registered), 0);
        drop(conn);
        // And the store still works: the registration runs whole, as the first one.
        let r = t.ok(&["register", &id]);
        assert_eq!(r["state"], "registered");
        let designation = r["registration"]["designation"]
            .as_str()
            .expect("designation");
        assert!(designation.ends_with("-00001"), "{designation}");
        assert_eq!(count(&t.sql(), registered), 1);
        assert_consistent(&t);
        true
    });
}
