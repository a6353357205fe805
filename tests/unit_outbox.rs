//! The caseworker's side, offline first, through the real `inkom` binary against a real
//! PostgreSQL server: registering publishes through the outbox; with the server down the work
//! goes on and the registration waits; the server stopped in the middle and a caseworker
//! process SIGKILLed at random points lose nothing and duplicate nothing.

mod common;
mod unit_support;

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{Inkom, s};
use serde_json::Value;
use unit_support::{Cluster, USER_PASSWORD};

fn with_unit(t: &Inkom, args: &[&str]) -> Command {
    let mut c = t.command();
    c.arg("--json")
        .args(args)
        .env("INKOM_UNIT_PASSWORD", USER_PASSWORD);
    c
}

fn ok(t: &Inkom, args: &[&str]) -> Value {
    let out = with_unit(t, args).output().expect("run inkom");
    assert!(
        out.status.success(),
        "inkom {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// A caseworker's store with `n` SMS imported one item per message, classified diarium.
fn caseworker_store(n_wanted: usize) -> (Inkom, Vec<String>) {
    let t = Inkom::new();
    t.ok(&["settings", "set", "organisation", "Exempelby kommun"]);
    t.ok(&["settings", "set", "unit", "Individ- och familjeomsorgen"]);
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let import = t.ok(&["import", "--per-message", s(&xml)]);
    let ids: Vec<String> = import["imported"][0]["created"]
        .as_array()
        .expect("created")
        .iter()
        .take(n_wanted)
        .map(|v| v.as_i64().expect("id").to_string())
        .collect();
    for id in &ids {
        t.classify_diarium(id, "Inkommet meddelande");
    }
    (t, ids)
}

fn server_rows(pg: &Cluster, db: &str) -> Vec<(String, String, Option<String>)> {
    pg.admin(db)
        .query(
            "SELECT designation, idempotency_key, dnr FROM inkom.registrations ORDER BY id",
            &[],
        )
        .expect("rows")
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

#[test]
fn registering_publishes_and_waits_while_the_server_is_down() {
    let pg = Cluster::start();
    let db = pg.new_unit(Some("SN"));
    pg.add_user(&db, "hl_anna", "caseworker");
    let (t, ids) = caseworker_store(2);

    // Not connected: registering works as before, nothing is published.
    let status = ok(&t, &["unit", "status"]);
    assert_eq!(status["connected"], false);

    let url = pg.url("hl_anna", &db);
    ok(&t, &["unit", "connect", "--url", &url]);

    let item = ok(&t, &["register", &ids[0]]);
    let dnr = item["registration"]["diarienummer"]
        .as_str()
        .unwrap_or_else(|| panic!("the number came back: {item}"))
        .to_string();
    assert!(dnr.starts_with("SN 20") && dnr.ends_with("/0001"), "{dnr}");

    // The server goes down; the caseworker goes on working.
    pg.stop_server();
    let item = ok(&t, &["register", &ids[1]]);
    assert!(item["registration"]["diarienummer"].is_null(), "{item}");
    let status = ok(&t, &["unit", "status"]);
    assert_eq!(status["connected"], true);
    assert_eq!(status["reachable"], false);
    assert_eq!(status["waiting"], 1);
    let report = ok(&t, &["unit", "sync"]);
    assert!(report["offline"].is_string(), "{report}");
    assert_eq!(report["waiting"], 1);

    // Back again: delivered once, and the number lands on the item with an audit event.
    pg.start_server();
    let report = ok(&t, &["unit", "sync"]);
    assert_eq!(
        report["delivered"].as_array().map(Vec::len),
        Some(1),
        "{report}"
    );
    assert_eq!(report["waiting"], 0);
    let shown = ok(&t, &["show", &ids[1]]);
    let dnr2 = shown["registration"]["diarienummer"].as_str().expect("dnr");
    assert!(dnr2.ends_with("/0002"), "{dnr2}");
    let log = ok(&t, &["audit", "log", &ids[1]]);
    assert!(
        log.as_array()
            .expect("log")
            .iter()
            .any(|e| e["action"] == "diarienummer_assigned" && e["details"]["diarienummer"] == dnr2),
        "{log}"
    );
    let again = ok(&t, &["unit", "sync"]);
    assert_eq!(again["delivered"].as_array().map(Vec::len), Some(0));
    let rows = server_rows(&pg, &db);
    assert_eq!(rows.len(), 2, "{rows:?}");

    // The store holds no password: not the login's, not in any file of the data directory.
    for entry in walk(&t.data_dir()) {
        let bytes = std::fs::read(&entry).expect("read");
        assert!(
            !bytes
                .windows(USER_PASSWORD.len())
                .any(|w| w == USER_PASSWORD.as_bytes()),
            "{} holds the password",
            entry.display()
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn random_below(n: u64) -> u64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("random");
    u64::from_le_bytes(b) % n
}

/// Starts `inkom unit sync` and SIGKILLs it after `delay` unless it ended first.
fn sync_killed_after(t: &Inkom, delay: Duration) -> Option<Output> {
    let mut child = with_unit(t, &["unit", "sync"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    while start.elapsed() < delay {
        if child.try_wait().expect("try_wait").is_some() {
            return Some(child.wait_with_output().expect("output"));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    None
}

#[test]
fn server_restarted_and_caseworker_killed_at_random_points_lose_and_duplicate_nothing() {
    let pg = Cluster::start();
    let db = pg.new_unit(Some("SN"));
    pg.add_user(&db, "hl_bo", "caseworker");
    let (t, ids) = caseworker_store(usize::MAX);
    assert!(ids.len() >= 20, "enough items: {}", ids.len());
    ok(&t, &["unit", "connect", "--url", &pg.url("hl_bo", &db)]);

    // Everything is registered while the server is down: the outbox fills.
    pg.stop_server();
    for id in &ids {
        ok(&t, &["register", id]);
    }
    assert_eq!(ok(&t, &["unit", "status"])["waiting"], ids.len());
    pg.start_server();

    // How long a sync takes before it delivers anything (start, open the store, connect):
    // the kills are aimed just after that, into the delivery, and move later each time one
    // lands too early.
    let started = Instant::now();
    ok(&t, &["unit", "status"]);
    let mut base = started.elapsed();
    let waiting_now = || {
        ok(&t, &["unit", "status"])["waiting"]
            .as_u64()
            .expect("waiting")
    };

    // Sync runs killed at random points; half-way the server is stopped and started again.
    let mut waiting = waiting_now();
    let (mut kills, mut kills_mid_delivery) = (0, 0);
    for round in 0..80 {
        if round == 6 {
            pg.stop_server();
            assert!(sync_killed_after(&t, Duration::from_secs(30)).is_some());
            assert_eq!(
                waiting_now(),
                waiting,
                "nothing leaves while the server is down"
            );
            pg.start_server();
        }
        let delay = base + Duration::from_millis(random_below(120));
        let killed = sync_killed_after(&t, delay).is_none();
        let now = waiting_now();
        if killed {
            kills += 1;
            if now < waiting && now > 0 {
                kills_mid_delivery += 1;
            }
            if now == waiting {
                base += Duration::from_millis(25);
            }
        }
        eprintln!("round {round}: delay {delay:?}, killed {killed}, waiting {now}");
        waiting = now;
        if waiting == 0 {
            break;
        }
    }
    assert!(kills > 0, "syncs were killed");
    assert!(
        kills_mid_delivery > 0,
        "at least one sync was killed in the middle of delivering"
    );
    let last = ok(&t, &["unit", "sync"]);
    assert_eq!(last["waiting"], 0, "the outbox drains: {last}");

    // Server: every item exactly once, numbers 1..=n without gaps.
    let rows = server_rows(&pg, &db);
    assert_eq!(rows.len(), ids.len(), "nothing lost, nothing duplicated");
    let mut numbers: Vec<u32> = rows
        .iter()
        .map(|(_, _, dnr)| {
            dnr.as_deref()
                .and_then(|d| d.rsplit('/').next())
                .and_then(|n| n.parse().ok())
                .expect("numbered")
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=ids.len() as u32).collect::<Vec<_>>());

    // Local: each item carries the number the server gave its designation.
    for id in &ids {
        let item = ok(&t, &["show", id]);
        let designation = item["registration"]["designation"]
            .as_str()
            .expect("designation");
        let dnr = item["registration"]["diarienummer"].as_str();
        let on_server = rows
            .iter()
            .find(|(d, _, _)| d == designation)
            .expect("on server");
        assert_eq!(dnr, on_server.2.as_deref(), "item {id}");
    }
    let verify = ok(&t, &["audit", "verify"]);
    assert!(verify["first_broken"].is_null(), "{verify}");
}
