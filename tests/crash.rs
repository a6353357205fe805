//! A crash at any moment leaves a consistent store: real child processes killed with SIGKILL
//! during import and during registration.

mod common;

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{Inkom, s};
use serde_json::Value;

/// An SMS Backup & Restore export with `n` messages, big enough that importing takes a while.
fn big_export(n: usize) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"0\">\n",
    );
    for i in 0..n {
        xml.push_str(&format!(
            "  <sms protocol=\"0\" address=\"+467017406{:02}\" date=\"{}\" type=\"1\" subject=\"null\" \
             body=\"Meddelande {i} med åäö och lite mer text så att raden blir lång nog.\" \
             toa=\"null\" sc_toa=\"null\" service_center=\"null\" read=\"1\" status=\"-1\" \
             locked=\"0\" contact_name=\"(Unknown)\" />\n",
            5 + i % 90,
            1_790_000_000_000_u64 + i as u64 * 1000
        ));
    }
    xml.push_str("</smses>\n");
    xml.into_bytes()
}

/// Starts `inkom ARGS` and SIGKILLs it after `delay`; true when it was still running then.
fn run_and_kill(t: &Inkom, args: &[&str], delay: Duration) -> bool {
    let child = t
        .command()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    kill_after(child, delay)
}

fn kill_after(mut child: Child, delay: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < delay {
        if let Ok(Some(_)) = child.try_wait() {
            return false; // finished before the kill
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    true
}

fn assert_consistent(t: &Inkom) {
    let conn = t.sql();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(check, "ok");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("fk check");
    assert_eq!(fk, 0);
    // Every registered item has exactly one registration with a PDF matching its hash, and no
    // item has a registration without being registered.
    let mismatched: i64 = conn
        .query_row(
            "SELECT count(*) FROM items i LEFT JOIN registrations r ON r.item_id = i.id
             WHERE (i.state = 'registered') != (r.item_id IS NOT NULL)",
            [],
            |r| r.get(0),
        )
        .expect("query");
    assert_eq!(mismatched, 0, "state and registrations disagree");
    // Every item has its audit event, and the chain holds.
    let unaudited: i64 = conn
        .query_row(
            "SELECT count(*) FROM items i WHERE NOT EXISTS
               (SELECT 1 FROM audit_events a WHERE a.item_id = i.id AND a.action = 'imported')",
            [],
            |r| r.get(0),
        )
        .expect("query");
    assert_eq!(unaudited, 0);
    drop(conn);
    assert_eq!(t.ok(&["audit", "verify"])["first_broken"], Value::Null);
}

#[test]
fn killing_an_import_leaves_all_or_nothing_of_the_file() {
    let t = Inkom::new();
    let n = 20_000;
    let file = t.write("stor.xml", &big_export(n));
    t.ok(&["settings", "show"]); // create the store first
    let mut killed = 0;
    for delay_ms in [30_u64, 80, 150, 300] {
        let args = ["import", "--per-message", s(&file)];
        if run_and_kill(&t, &args, Duration::from_millis(delay_ms)) {
            killed += 1;
        }
        assert_consistent(&t);
        let count = t.ok(&["list"]).as_array().map(Vec::len).unwrap_or(0);
        assert!(
            count == 0 || count == n,
            "a killed import left {count} of {n} items"
        );
        if count == n {
            break;
        }
    }
    assert!(
        killed > 0,
        "no import was killed mid-way; make the file bigger"
    );
    // And the store still works: a full import afterwards completes.
    let done = t.ok(&["import", "--per-message", s(&file)]);
    let created = done["imported"][0]["created"]
        .as_array()
        .map(Vec::len)
        .unwrap_or(0);
    let dup = done["imported"][0]["duplicates"]
        .as_array()
        .map(Vec::len)
        .unwrap_or(0);
    assert_eq!(created + dup, n);
    assert_consistent(&t);
}

#[test]
fn killing_a_registration_leaves_it_done_or_not_done() {
    let t = Inkom::new();
    // A long e-mail (many pages) so that rendering takes long enough to be interrupted.
    let body: String = (0..4000)
        .map(|i| format!("Rad {i}: Jag skriver om min situation med åäö.\n"))
        .collect();
    let eml = format!(
        "From: Test Person <test@example.com>\r\nTo: ifo@example.org\r\nSubject: Lång\r\n\
         Date: Mon, 2 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}"
    );
    let file = t.write("lang.eml", eml.as_bytes());
    let id = t.ok(&["import", s(&file)])["imported"][0]["created"][0]
        .as_i64()
        .expect("id")
        .to_string();
    t.ok(&[
        "classify",
        &id,
        "--as",
        "diarium",
        "--description",
        "Skrivelse",
    ]);
    let started = Instant::now();
    let mut killed = 0;
    for delay_ms in [5_u64, 20, 60, 120, 250, 500] {
        if run_and_kill(&t, &["register", &id], Duration::from_millis(delay_ms)) {
            killed += 1;
        }
        assert_consistent(&t);
        if t.ok(&["show", &id])["state"] == "registered" {
            break;
        }
    }
    assert!(
        killed > 0,
        "no registration was killed ({:?})",
        started.elapsed()
    );
    if t.ok(&["show", &id])["state"] != "registered" {
        t.ok(&["register", &id]);
    }
    let item = t.ok(&["show", &id]);
    assert_eq!(item["state"], "registered");
    assert_consistent(&t);
}
