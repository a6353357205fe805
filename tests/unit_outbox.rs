//! The caseworker's side, offline first, through the real `inkom` binary against a real
//! PostgreSQL server: registering publishes through the outbox; with the server down the work
//! goes on and the registration waits; the server stopped in the middle and a caseworker
//! process SIGKILLed at random points lose nothing and duplicate nothing.

use crate::common;
use crate::unit_support;

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
            .any(|e| e["action"] == "diarienummer_recorded" && e["details"]["diarienummer"] == dnr2),
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

    // How long a sync takes before it delivers anything (start, open the store, connect; the
    // least of three, a busy machine only adds): the kills are aimed from just before that
    // into the delivery, and move a few milliseconds later each time one lands before
    // anything was delivered. A random point after it could land past the whole delivery
    // (some 60 ms here) on the first sync, and nothing would have been killed.
    let base = (0..3)
        .map(|_| {
            let started = Instant::now();
            ok(&t, &["unit", "status"]);
            started.elapsed()
        })
        .min()
        .expect("three runs")
        * 9
        / 10;
    let mut later = Duration::ZERO;
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
        let delay = base + later + Duration::from_millis(random_below(8));
        let killed = sync_killed_after(&t, delay).is_none();
        let now = waiting_now();
        if killed {
            kills += 1;
            if now < waiting && now > 0 {
                kills_mid_delivery += 1;
            }
            if now == waiting {
                later += Duration::from_millis(if round < 40 { 8 } else { 25 });
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

/// The unit register's year now (its series counts in Europe/Stockholm).
fn unit_year() -> i32 {
    use chrono::Datelike;
    (chrono::Utc::now() + chrono::Duration::hours(1)).year()
}

fn events_of(t: &Inkom, id: &str, action: &str) -> Vec<Value> {
    t.events(Some(id))
        .into_iter()
        .filter(|e| e["action"] == action)
        .collect()
}

/// A number that comes back from the unit register goes through the same rule as one typed in
/// with `set-dnr`: the same audit event (`diarienummer_recorded`, saying where it came from),
/// and the same guard rail: a number, once recorded, is never changed. A registrar expects the
/// number they already wrote on the sheet and in the paper diary to stand (the source may be
/// gone on its strength), and to be told that the unit register has another one, so that
/// they can reconcile the two diaries: the item keeps its number, the delivery is not sent
/// again, and `unit sync` and `unit status` name the disagreement until it is resolved.
#[test]
fn a_returned_number_is_recorded_like_set_dnr_and_never_overwrites_one() {
    let pg = Cluster::start();
    let db = pg.new_unit(Some("SN"));
    pg.add_user(&db, "hl_cia", "caseworker");
    let (t, ids) = caseworker_store(3);
    ok(&t, &["unit", "connect", "--url", &pg.url("hl_cia", &db)]);
    let year = unit_year();

    // All three wait in the outbox; meanwhile two get numbers typed in by hand: one another
    // number than the unit register will give, one the same.
    pg.stop_server();
    for id in &ids {
        ok(&t, &["register", id]);
    }
    let paper = format!("SN {year}/0900");
    let same = format!("SN {year}/0003");
    ok(&t, &["set-dnr", &ids[1], &paper]);
    ok(&t, &["set-dnr", &ids[2], &same]);
    let manual = t.last_event(&ids[1], "diarienummer_recorded");
    assert_eq!(manual["details"]["diarienummer"], paper.as_str());

    pg.start_server();
    let report = ok(&t, &["unit", "sync"]);
    assert_eq!(
        report["delivered"].as_array().map(Vec::len),
        Some(3),
        "{report}"
    );
    assert_eq!(report["waiting"], 0);

    // The first: recorded with the same event as set-dnr, naming the unit register.
    let first = format!("SN {year}/0001");
    let shown = ok(&t, &["show", &ids[0]]);
    assert_eq!(shown["registration"]["diarienummer"], first.as_str());
    let recorded = events_of(&t, &ids[0], "diarienummer_recorded");
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    assert_eq!(recorded[0]["details"]["diarienummer"], first.as_str());
    assert_eq!(recorded[0]["details"]["source"], "unit_register");
    assert!(recorded[0]["details"]["unit_registration_id"].is_i64());
    assert!(events_of(&t, &ids[0], "diarienummer_assigned").is_empty());
    // ... and guarded like one: it cannot be changed by hand afterwards.
    t.refused_unchanged(
        &["set-dnr", &ids[0], &format!("SN {year}/0777")],
        "has_diarienummer",
    );

    // The second keeps the number typed in; the unit register's is reported, not written.
    let shown = ok(&t, &["show", &ids[1]]);
    assert_eq!(shown["registration"]["diarienummer"], paper.as_str());
    assert_eq!(
        events_of(&t, &ids[1], "diarienummer_recorded").len(),
        1,
        "no second number event"
    );
    let conflict = json_conflicts(&report);
    assert_eq!(conflict.len(), 1, "{report}");
    assert_eq!(conflict[0]["item_id"].to_string(), ids[1]);
    assert_eq!(conflict[0]["unit_dnr"], format!("SN {year}/0002").as_str());
    assert_eq!(conflict[0]["local_dnr"], paper.as_str());

    // The third: the same number is no conflict and no second event.
    assert_eq!(events_of(&t, &ids[2], "diarienummer_recorded").len(), 1);

    // The disagreement stays visible, and nothing is sent again.
    let status = ok(&t, &["unit", "status"]);
    assert_eq!(json_conflicts(&status), conflict, "{status}");
    // In words, one line per disagreement naming both numbers.
    let out = t
        .command()
        .args(["unit", "status"])
        .env("INKOM_UNIT_PASSWORD", USER_PASSWORD)
        .output()
        .expect("run inkom");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = format!(
        "Objekt {} har diarienummer {paper} här men SN {year}/0002 i enhetens register \
         (registrering {}). Numret här ändras inte; registratorn behöver stämma av diarierna.",
        ids[1], conflict[0]["registration_id"]
    );
    assert!(text.lines().any(|l| l == line), "{text}");
    let again = ok(&t, &["unit", "sync"]);
    assert_eq!(again["delivered"].as_array().map(Vec::len), Some(0));
    assert_eq!(server_rows(&pg, &db).len(), 3);
    let verify = ok(&t, &["audit", "verify"]);
    assert!(verify["first_broken"].is_null(), "{verify}");
}

fn json_conflicts(v: &Value) -> Vec<Value> {
    v["dnr_conflicts"].as_array().cloned().unwrap_or_default()
}

/// On a unit that keeps the paper diary, the number comes later, when the registrar records
/// it in the unit register (`registrar set-dnr`); the caseworker's next sync brings it home
/// through the same rule, so the source may then be deleted. A number the local rule refuses
/// (a control character the server let through) is not written; it is reported.
#[test]
fn a_number_the_registrar_records_later_comes_home_through_the_same_rule() {
    let pg = Cluster::start();
    let db = pg.new_unit(None);
    pg.add_user(&db, "hl_dan", "caseworker");
    pg.add_user(&db, "reg_eva", "registrar");
    let (t, ids) = caseworker_store(2);
    ok(&t, &["unit", "connect", "--url", &pg.url("hl_dan", &db)]);
    for id in &ids {
        let item = ok(&t, &["register", id]);
        assert!(item["registration"]["diarienummer"].is_null(), "{item}");
    }
    assert_eq!(ok(&t, &["unit", "status"])["waiting"], 0);
    let reg_ids: Vec<i64> = pg
        .admin(&db)
        .query("SELECT id FROM inkom.registrations ORDER BY id", &[])
        .expect("ids")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(reg_ids.len(), 2);

    // Nothing to bring home yet.
    let report = ok(&t, &["unit", "sync"]);
    assert_eq!(report["dnrs_received"].as_array().map(Vec::len), Some(0));

    let registrar = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_inkom"))
            .arg("--json")
            .args(args)
            .env("INKOM_UNIT_URL", pg.url("reg_eva", &db))
            .env("INKOM_UNIT_PASSWORD", USER_PASSWORD)
            .env_remove("INKOM_DATA_DIR")
            .output()
            .expect("run inkom");
        assert!(
            out.status.success(),
            "inkom {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    registrar(&[
        "registrar",
        "set-dnr",
        &reg_ids[0].to_string(),
        "SN 2026/0042",
    ]);
    registrar(&[
        "registrar",
        "set-dnr",
        &reg_ids[1].to_string(),
        "SN 2026/\u{7}43",
    ]);
    pg.admin(&db)
        .execute(
            "UPDATE inkom.registrations SET dnr = 'SN 2026/' || chr(7) || '43' WHERE id = $1",
            &[&reg_ids[1]],
        )
        .expect("a number with a control character, as a damaged row would hold");

    let report = ok(&t, &["unit", "sync"]);
    let received = report["dnrs_received"].as_array().expect("received");
    assert_eq!(received.len(), 1, "{report}");
    assert_eq!(received[0]["dnr"], "SN 2026/0042");
    let shown = ok(&t, &["show", &ids[0]]);
    assert_eq!(shown["registration"]["diarienummer"], "SN 2026/0042");
    let recorded = t.last_event(&ids[0], "diarienummer_recorded");
    assert_eq!(recorded["details"]["source"], "unit_register");
    assert_eq!(recorded["details"]["unit_registration_id"], reg_ids[0]);

    // The refused one: not written, reported, and the item still may not lose its source.
    let shown = ok(&t, &["show", &ids[1]]);
    assert!(shown["registration"]["diarienummer"].is_null(), "{shown}");
    let conflicts = json_conflicts(&report);
    assert_eq!(conflicts.len(), 1, "{report}");
    assert!(conflicts[0]["local_dnr"].is_null());
    assert_eq!(json_conflicts(&ok(&t, &["unit", "status"])), conflicts);

    // A later sync brings nothing twice.
    let again = ok(&t, &["unit", "sync"]);
    assert_eq!(again["dnrs_received"].as_array().map(Vec::len), Some(0));
    assert_eq!(events_of(&t, &ids[0], "diarienummer_recorded").len(), 1);
}

/// Runs `script` (bash) in a fresh D-Bus session with a real Secret Service (GNOME Keyring,
/// its login keyring in `home`), as a caseworker's desktop session is. None when the tools
/// are missing (scripts/setup-debian.sh installs them; CI must have them).
fn in_keyring_session(home: &std::path::Path, script: &str) -> Option<String> {
    let have = |p: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {p}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !["dbus-run-session", "gnome-keyring-daemon", "secret-tool"]
        .iter()
        .all(|p| have(p))
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "dbus, gnome-keyring and libsecret-tools are not installed"
        );
        return None;
    }
    let run = home.join("run");
    std::fs::create_dir_all(&run).expect("runtime dir");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let full = format!(
        "set -e\necho -n inloggning | gnome-keyring-daemon --unlock --components=secrets \
         >/dev/null\n{script}"
    );
    let out = Command::new("timeout")
        .args(["120", "dbus-run-session", "--", "bash", "-c", &full])
        .env("HOME", home)
        .env("XDG_RUNTIME_DIR", &run)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("INKOM_BIN", env!("CARGO_BIN_EXE_inkom"))
        .env("INKOM_KEYSTORE", "passphrase")
        .env("INKOM_PASSPHRASE", common::PASSPHRASE)
        .env("INKOM_TEST_ONLY_CHEAP_KDF", "1")
        .env_remove("INKOM_UNIT_PASSWORD")
        .env_remove("INKOM_DATA_DIR")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .expect("run dbus-run-session");
    assert!(
        out.status.success(),
        "session script failed:\n{script}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `unit connect --save-password` puts the password in the OS key store (here a real Secret
/// Service), under the address it belongs to; from then on inkom connects without
/// INKOM_UNIT_PASSWORD, and no file of the data directory holds the password.
#[test]
fn a_saved_password_lives_in_the_os_key_store_and_nowhere_in_the_data_directory() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let pg = Cluster::start();
    let db = pg.new_unit(Some("SN"));
    pg.add_user(&db, "hl_eva", "caseworker");
    let (t, ids) = caseworker_store(1);
    let url = pg.url("hl_eva", &db);
    let home = t.dir.path().join("home");
    let d = t.data_dir();
    let Some(out) = in_keyring_session(
        &home,
        &format!(
            "INKOM_UNIT_PASSWORD='{USER_PASSWORD}' \"$INKOM_BIN\" --json --data-dir '{d}' \
             unit connect --url '{url}' --save-password >/dev/null\n\
             secret-tool lookup service inkom-unit username 'hl_eva@127.0.0.1:{port}/{db}'\n\
             echo\necho ---\n\
             \"$INKOM_BIN\" --json --data-dir '{d}' unit status\necho ---\n\
             \"$INKOM_BIN\" --json --data-dir '{d}' register {id}",
            d = s(&d),
            port = pg.port(),
            id = ids[0],
        ),
    ) else {
        eprintln!("skipped: no dbus-run-session/gnome-keyring-daemon/secret-tool");
        return;
    };
    let parts: Vec<&str> = out.split("---").collect();
    assert_eq!(parts.len(), 3, "{out}");
    assert_eq!(
        parts[0].trim(),
        USER_PASSWORD,
        "the key store holds the password"
    );
    let status: Value = serde_json::from_str(parts[1]).expect("status JSON");
    assert_eq!(
        status["reachable"], true,
        "connects with the saved password: {status}"
    );
    let item: Value = serde_json::from_str(parts[2]).expect("register JSON");
    assert!(
        item["registration"]["diarienummer"]
            .as_str()
            .is_some_and(|n| n.ends_with("/0001")),
        "published with the saved password: {item}"
    );
    for entry in walk(&d) {
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
