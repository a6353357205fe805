//! The unit register on a real PostgreSQL server (issue 16): set-up, the diary series under
//! eight concurrent caseworker processes, and the append-only, hash-chained unit audit log.

use crate::unit_support;

use std::collections::BTreeSet;
use std::process::Command;

use chrono::{FixedOffset, TimeZone};
use inkom::unit::caseworker::{self, RegistrationFacts};
use inkom::unit::{UnitUrl, audit};
use unit_support::{ADMIN, Cluster, USER_PASSWORD};

const PROCESSES: usize = 8;
const PER_PROCESS: usize = 250;

/// Invented 5:2 facts; the sheet is a small stand-in (the server stores and hashes bytes).
fn facts(n: usize) -> RegistrationFacts {
    RegistrationFacts {
        received_at: FixedOffset::east_opt(3600)
            .and_then(|tz| tz.with_ymd_and_hms(2026, 11, 2, 10, 3, 12).single())
            .expect("time"),
        direction: "inkommen".into(),
        designation: format!("INK-2026-{n:05}"),
        sender: "Sekretess".into(),
        arendemening: "Orosanmälan".into(),
        secrecy: None,
    }
}

fn random_key() -> String {
    let mut k = [0u8; 16];
    getrandom::fill(&mut k).expect("random");
    hex::encode(k)
}

/// Run only as a child process of [`eight_caseworkers_get_2000_distinct_numbers_without_gaps`]:
/// one caseworker publishing its registrations as fast as the server takes them.
#[test]
fn child_caseworker() {
    let (Ok(url), Ok(count)) = (
        std::env::var("INKOM_TEST_CHILD_URL"),
        std::env::var("INKOM_TEST_CHILD_COUNT"),
    ) else {
        return; // not a child
    };
    let count: usize = count.parse().expect("count");
    let url = UnitUrl::parse(&url).expect("url");
    let mut client = url.connect().expect("connect");
    for n in 0..count {
        let sheet = format!("%PDF-1.7 registreringsblad {n}");
        let published =
            caseworker::publish(&mut client, &random_key(), &facts(n), sheet.as_bytes())
                .expect("publish");
        assert!(published.created);
        assert!(published.dnr.is_some());
    }
}

#[test]
fn eight_caseworkers_get_2000_distinct_numbers_without_gaps() {
    let pg = Cluster::start();
    let db = pg.new_unit(Some("SN"));
    let logins: Vec<String> = (0..PROCESSES).map(|i| format!("hl_{i}")).collect();
    for login in &logins {
        pg.add_user(&db, login, "caseworker");
    }
    let exe = std::env::current_exe().expect("test binary");
    let children: Vec<_> = logins
        .iter()
        .map(|login| {
            Command::new(&exe)
                .arg(crate::test_name(module_path!(), "child_caseworker"))
                .args(["--exact", "--nocapture", "--test-threads=1"])
                .env("INKOM_TEST_CHILD_URL", pg.url(login, &db))
                .env("INKOM_TEST_CHILD_COUNT", PER_PROCESS.to_string())
                .env("INKOM_UNIT_PASSWORD", USER_PASSWORD)
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn caseworker")
        })
        .collect();
    for mut child in children {
        let status = child.wait().expect("wait");
        assert!(
            status.success(),
            "a caseworker process failed\n{}",
            pg.log()
        );
    }

    let mut admin = pg.admin(&db);
    let rows = admin
        .query(
            "SELECT dnr, diary_prefix, diary_year, diary_number, caseworker, idempotency_key
             FROM inkom.registrations ORDER BY diary_number",
            &[],
        )
        .expect("rows");
    let total = PROCESSES * PER_PROCESS;
    assert_eq!(rows.len(), total, "every registration present once");
    let dnrs: BTreeSet<String> = rows.iter().map(|r| r.get::<_, String>(0)).collect();
    assert_eq!(dnrs.len(), total, "2,000 distinct diary numbers");
    let keys: BTreeSet<String> = rows.iter().map(|r| r.get::<_, String>(5)).collect();
    assert_eq!(keys.len(), total, "each registration once");
    let year: i32 = admin
        .query_one(
            "SELECT extract(year FROM now() AT TIME ZONE 'Europe/Stockholm')::int",
            &[],
        )
        .expect("year")
        .get(0);
    for (i, r) in rows.iter().enumerate() {
        let n = i as i32 + 1;
        assert_eq!(
            r.get::<_, i32>(3),
            n,
            "running numbers 1..=2000 without gaps"
        );
        assert_eq!(r.get::<_, String>(1), "SN");
        assert_eq!(r.get::<_, i32>(2), year);
        assert_eq!(r.get::<_, String>(0), format!("SN {year}/{n:04}"));
    }
    for login in &logins {
        let n = rows
            .iter()
            .filter(|r| r.get::<_, String>(4) == *login)
            .count();
        assert_eq!(n, PER_PROCESS, "{login}'s registrations all there");
    }
    let last: i32 = admin
        .query_one(
            "SELECT last_number FROM inkom.diary_series WHERE prefix = 'SN' AND year = $1",
            &[&year],
        )
        .expect("series")
        .get(0);
    assert_eq!(last, total as i32);

    // One audit event per registration, and the chain holds.
    let v = audit::verify(&mut admin).expect("verify");
    assert_eq!(v.events, total as u64);
    assert_eq!(v.first_broken, None);
}

#[test]
fn init_creates_the_schema_once_and_a_second_run_changes_nothing() {
    let pg = Cluster::start();
    let db = pg.new_unit(Some("SN"));
    let again = pg.inkom_admin(&["unit", "init", "--url", &pg.url(ADMIN, &db)]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&again.stdout).expect("json");
    assert_eq!(v["from_version"], inkom::unit::schema::SCHEMA_VERSION);
    assert_eq!(v["to_version"], inkom::unit::schema::SCHEMA_VERSION);
    assert_eq!(v["diary_prefix"], "SN", "the series is kept");
    let mut admin = pg.admin(&db);
    let versions: Vec<i32> = admin
        .query(
            "SELECT version FROM inkom.schema_migrations ORDER BY version",
            &[],
        )
        .expect("versions")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        versions,
        (1..=inkom::unit::schema::SCHEMA_VERSION).collect::<Vec<_>>()
    );
    let roles: Vec<String> = admin
        .query(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE $1 || '\\_%' ORDER BY 1",
            &[&db],
        )
        .expect("roles")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        roles,
        vec![
            format!("{db}_caseworker"),
            format!("{db}_owner"),
            format!("{db}_registrar")
        ]
    );
    let can_login: bool = admin
        .query_one(
            "SELECT bool_or(rolcanlogin) FROM pg_roles WHERE rolname LIKE $1 || '\\_%'",
            &[&db],
        )
        .expect("login")
        .get(0);
    assert!(!can_login, "group roles cannot log in");

    // A password in the URL is refused before anything is sent.
    let out = pg.inkom_admin(&[
        "unit",
        "init",
        "--url",
        &format!("postgres://{ADMIN}:hemligt@127.0.0.1:{}/{db}", pg.port()),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid_input"));
}

#[test]
fn audit_rows_cannot_be_changed_and_a_forged_row_is_named() {
    let pg = Cluster::start();
    let db = pg.new_unit(Some("SN"));
    pg.add_user(&db, "hl_anna", "caseworker");
    pg.add_user(&db, "reg_eva", "registrar");
    let mut anna = pg.client("hl_anna", USER_PASSWORD, &db);
    for n in 0..3 {
        caseworker::publish(&mut anna, &random_key(), &facts(n), b"%PDF-1.7 x").expect("publish");
    }
    let mut eva = pg.client("reg_eva", USER_PASSWORD, &db);
    for sql in [
        "UPDATE inkom.audit_events SET actor = 'x' WHERE id = 2",
        "DELETE FROM inkom.audit_events WHERE id = 3",
        "TRUNCATE inkom.audit_events",
        "INSERT INTO inkom.audit_events VALUES (4, now(), 'x', NULL, 'x', '{}', 'x', 'x')",
    ] {
        let e = eva.batch_execute(sql).expect_err(sql);
        assert_eq!(
            e.code().map(|c| c.code()),
            Some("42501"),
            "{sql} must be refused: {e}"
        );
    }
    // Even the superuser meets the append-only trigger.
    let mut admin = pg.admin(&db);
    let e = admin
        .batch_execute("UPDATE inkom.audit_events SET actor = 'x' WHERE id = 2")
        .expect_err("trigger");
    let message = e
        .as_db_error()
        .map(|d| d.message().to_string())
        .unwrap_or_default();
    assert!(message.contains("append-only"), "{e:?}");
    assert_eq!(audit::verify(&mut eva).expect("verify").first_broken, None);

    // Someone with the power to drop the trigger cuts the last event off: the head names it.
    admin
        .batch_execute(
            "ALTER TABLE inkom.audit_events DISABLE TRIGGER audit_events_append_only;
             DELETE FROM inkom.audit_events WHERE id = 3;",
        )
        .expect("cut");
    let v = audit::verify(&mut eva).expect("verify");
    assert_eq!(v.first_broken.expect("broken").event_id, 3);

    // … and edits event 2: verify names it.
    admin
        .batch_execute(
            "UPDATE inkom.audit_events SET details = '{\"dnr\": \"SN 2026/9999\"}' WHERE id = 2",
        )
        .expect("forge");
    let v = audit::verify(&mut eva).expect("verify");
    let broken = v.first_broken.expect("broken");
    assert_eq!(broken.event_id, 2, "{}", broken.reason);
}

/// The crash window of the outbox: the server committed, the answer was lost. Sending the same
/// key again returns the same registration and number, and the series does not move.
#[test]
fn the_same_idempotency_key_registers_once() {
    let pg = Cluster::start();
    let db = pg.new_unit(Some("SN"));
    pg.add_user(&db, "hl_anna", "caseworker");
    let mut anna = pg.client("hl_anna", USER_PASSWORD, &db);
    let key = random_key();
    let first = caseworker::publish(&mut anna, &key, &facts(1), b"%PDF-1.7 a").expect("first");
    let again = caseworker::publish(&mut anna, &key, &facts(1), b"%PDF-1.7 a").expect("again");
    assert!(first.created && !again.created);
    assert_eq!(first.registration_id, again.registration_id);
    assert_eq!(first.dnr, again.dnr);
    // The same key with another sheet is refused, not silently merged.
    assert!(caseworker::publish(&mut anna, &key, &facts(1), b"%PDF-1.7 b").is_err());
    let next = caseworker::publish(&mut anna, &random_key(), &facts(2), b"%PDF c").expect("next");
    assert!(
        next.dnr.as_deref().is_some_and(|d| d.ends_with("/0002")),
        "{next:?}"
    );
    let count: i64 = pg
        .admin(&db)
        .query_one("SELECT count(*) FROM inkom.registrations", &[])
        .expect("count")
        .get(0);
    assert_eq!(count, 2);
}

/// The diary series starts over each year: `SN <Y+1>/0001` follows `SN <Y>/0123`, with
/// caseworkers registering at the same time across midnight on New Year's Eve. The year is
/// the server's (`now()` in the unit's time zone, inside `inkom.register()`), so the server's
/// clock is moved (libfaketime) to a few seconds before New Year in Stockholm; the allocation
/// runs exactly as in use, nothing is bypassed.
#[test]
fn the_series_starts_over_at_new_year_without_duplicates_under_concurrency() {
    use chrono::{Datelike, Utc};
    use std::time::{Duration, Instant};

    const WORKERS: usize = 6;
    const BEFORE: usize = 123;
    let pg = Cluster::start();
    let db = pg.new_unit(Some("SN"));
    let logins: Vec<String> = (0..WORKERS).map(|i| format!("hl_ar_{i}")).collect();
    for login in &logins {
        pg.add_user(&db, login, "caseworker");
    }

    // New Year in Stockholm (UTC+1 in winter): 23:00 UTC on 31 December. The server's clock
    // is moved to a few seconds before it; everything is in the same year until then.
    let now = Utc::now();
    let year = (now + chrono::Duration::hours(1)).year();
    let new_year = Utc
        .with_ymd_and_hms(year, 12, 31, 23, 0, 0)
        .single()
        .expect("new year");
    let lead = 8;
    pg.stop_server();
    pg.set_clock_offset((new_year - now).num_seconds() - 60);
    pg.start_server();
    let mut client = pg.client(&logins[0], USER_PASSWORD, &db);
    for n in 0..BEFORE {
        let p = caseworker::publish(&mut client, &random_key(), &facts(n), b"%PDF blad")
            .expect("publish");
        assert_eq!(
            p.dnr.as_deref(),
            Some(format!("SN {year}/{:04}", n + 1).as_str())
        );
    }
    drop(client);

    // Now to `lead` seconds before midnight, and six caseworkers register for twice that.
    pg.stop_server();
    let started = Utc::now();
    pg.set_clock_offset((new_year - started).num_seconds() - lead);
    pg.start_server();
    let until = Instant::now() + Duration::from_secs(2 * lead as u64);
    let workers: Vec<_> = logins
        .iter()
        .enumerate()
        .map(|(w, login)| {
            let mut client = pg.client(login, USER_PASSWORD, &db);
            std::thread::spawn(move || {
                let mut n = 0;
                while Instant::now() < until {
                    let sheet = format!("%PDF blad {w} {n}");
                    caseworker::publish(
                        &mut client,
                        &random_key(),
                        &facts(1000 * (w + 1) + n),
                        sheet.as_bytes(),
                    )
                    .expect("publish across New Year");
                    n += 1;
                }
                n
            })
        })
        .collect();
    let published: usize = workers.into_iter().map(|w| w.join().expect("worker")).sum();

    let mut admin = pg.admin(&db);
    let rows = admin
        .query(
            "SELECT dnr, diary_year, diary_number,
                    extract(year FROM registered_at AT TIME ZONE 'Europe/Stockholm')::int
             FROM inkom.registrations ORDER BY diary_year, diary_number",
            &[],
        )
        .expect("rows");
    assert_eq!(
        rows.len(),
        BEFORE + published,
        "every registration present once"
    );
    let dnrs: BTreeSet<String> = rows.iter().map(|r| r.get::<_, String>(0)).collect();
    assert_eq!(dnrs.len(), rows.len(), "no diary number twice");
    let mut per_year: std::collections::BTreeMap<i32, Vec<i32>> = Default::default();
    for r in &rows {
        let (dnr, y, n, registered): (String, i32, i32, i32) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        assert_eq!(
            y, registered,
            "{dnr}: numbered in the year it was registered"
        );
        assert_eq!(dnr, format!("SN {y}/{n:04}"));
        per_year.entry(y).or_default().push(n);
    }
    let years: Vec<i32> = per_year.keys().copied().collect();
    assert_eq!(years, vec![year, year + 1], "both years: {per_year:?}");
    for (y, numbers) in &per_year {
        let expected: Vec<i32> = (1..=numbers.len() as i32).collect();
        assert_eq!(numbers, &expected, "{y}: 1, 2, 3 … without gaps");
    }
    assert!(
        per_year[&year].len() > BEFORE,
        "some of the concurrent registrations fell before midnight: {}",
        per_year[&year].len()
    );
    assert!(dnrs.contains(&format!("SN {year}/{BEFORE:04}")));
    assert!(dnrs.contains(&format!("SN {}/0001", year + 1)));
    let v = audit::verify(&mut admin).expect("verify");
    assert_eq!(v.first_broken, None);
}
