//! Roles and row-level security of the unit register, on a real PostgreSQL server: caseworker A
//! cannot read B's registration or sheet with any SQL it can send; only registrars see the
//! queue; group roles cannot be borrowed; a login of another unit cannot even connect.

use crate::unit_support;

use chrono::{FixedOffset, TimeZone};
use inkom::unit::caseworker::{self, RegistrationFacts};
use unit_support::{Cluster, USER_PASSWORD};

/// Words that only B's registration holds; no query of A's may return them.
const B_SECRET_WORDS: &str = "Underrättelse från Exempelby skola";
const B_SHEET: &[u8] = b"%PDF-1.7 Bs registreringsblad: Kalle Testsson 199803139996";

fn facts(arendemening: &str) -> RegistrationFacts {
    RegistrationFacts {
        received_at: FixedOffset::east_opt(3600)
            .and_then(|tz| tz.with_ymd_and_hms(2026, 11, 3, 9, 0, 0).single())
            .expect("time"),
        direction: "inkommen".into(),
        designation: "INK-2026-00001".into(),
        sender: "Exempelby skola".into(),
        arendemening: arendemening.into(),
        secrecy: None,
    }
}

fn key(c: char) -> String {
    std::iter::repeat_n(c, 32).collect()
}

fn contains(haystack: &str, needle: &str) -> bool {
    haystack.contains(needle) || haystack.contains("Kalle") || haystack.contains("199803139996")
}

#[test]
fn caseworker_a_cannot_read_bs_registration_or_sheet_with_any_sql() {
    let pg = Cluster::start();
    let db = pg.new_unit(Some("SN"));
    pg.add_user(&db, "hl_anna", "caseworker");
    pg.add_user(&db, "hl_bo", "caseworker");
    pg.add_user(&db, "reg_eva", "registrar");

    let mut bo = pg.client("hl_bo", USER_PASSWORD, &db);
    let b = caseworker::publish(&mut bo, &key('b'), &facts(B_SECRET_WORDS), B_SHEET)
        .expect("B publishes");
    let mut anna = pg.client("hl_anna", USER_PASSWORD, &db);
    let a = caseworker::publish(
        &mut anna,
        &key('a'),
        &facts("Fråga om öppettider"),
        b"%PDF a",
    )
    .expect("A publishes");
    // Statistics are gathered, so pg_stats has something it could leak.
    pg.admin(&db).batch_execute("ANALYZE").expect("analyze");

    // B sees B's own registration and sheet.
    let own = caseworker::own_registrations(&mut bo).expect("own");
    assert_eq!(
        own.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![b.registration_id]
    );

    // Everything A may send that reads: none returns B's row, words or sheet.
    let b_id = b.registration_id;
    let reads = [
        "SELECT * FROM inkom.registrations".to_string(),
        format!("SELECT * FROM inkom.registrations WHERE id = {b_id}"),
        "SELECT * FROM inkom.registration_sheets".to_string(),
        format!("SELECT pdf FROM inkom.registration_sheets WHERE registration_id = {b_id}"),
        "SELECT count(*) FROM inkom.registrations WHERE caseworker = 'hl_bo'".to_string(),
        "SELECT * FROM inkom.registrations WHERE arendemening LIKE '%skola%'".to_string(),
        "SELECT * FROM pg_stats WHERE schemaname = 'inkom'".to_string(),
        "SELECT string_agg(arendemening, ',') FROM inkom.registrations".to_string(),
        "WITH RECURSIVE r AS (SELECT * FROM inkom.registrations) SELECT * FROM r".to_string(),
        "SELECT * FROM inkom.registrations r FULL JOIN inkom.registration_sheets s ON s.registration_id = r.id".to_string(),
    ];
    for sql in &reads {
        let text = match anna.simple_query(sql) {
            Ok(msgs) => msgs
                .iter()
                .filter_map(|m| match m {
                    postgres::SimpleQueryMessage::Row(r) => Some(
                        (0..r.len())
                            .map(|i| r.get(i).unwrap_or("").to_string())
                            .collect::<Vec<_>>()
                            .join("|"),
                    ),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Err(e) => format!("refused: {e}"),
        };
        assert!(!contains(&text, B_SECRET_WORDS), "{sql} leaked: {text}");
        assert!(!text.contains("hl_bo"), "{sql} shows B's row: {text}");
    }
    let counted: i64 = anna
        .query_one(
            "SELECT count(*) FROM inkom.registrations WHERE caseworker = 'hl_bo'",
            &[],
        )
        .expect("count")
        .get(0);
    assert_eq!(counted, 0, "B's rows do not exist for A");

    // COPY applies row-level security too.
    let mut copied = String::new();
    {
        use std::io::Read;
        let mut reader = anna
            .copy_out("COPY (SELECT * FROM inkom.registrations) TO STDOUT")
            .expect("copy");
        reader.read_to_string(&mut copied).expect("read copy");
    }
    assert!(!contains(&copied, B_SECRET_WORDS), "COPY leaked: {copied}");

    // What A may not do at all.
    let refused = [
        format!("UPDATE inkom.registrations SET arendemening = 'x' WHERE id = {b_id}"),
        format!("DELETE FROM inkom.registrations WHERE id = {b_id}"),
        format!("DELETE FROM inkom.registration_sheets WHERE registration_id = {b_id}"),
        "INSERT INTO inkom.registration_sheets VALUES (1, 'hl_anna', '\\x00')".to_string(),
        "COPY inkom.registrations TO '/tmp/inkom-leak.csv'".to_string(),
        format!("SELECT inkom.sheet_for_print({b_id})"),
        format!("SELECT inkom.assign({b_id})"),
        format!("SELECT inkom.set_dnr({b_id}, 'SN 2026/9999')"),
        format!("SELECT inkom.entered({b_id})"),
        "SELECT * FROM inkom.audit_events".to_string(),
        "SELECT * FROM inkom.diary_series".to_string(),
        format!("SET ROLE {db}_owner"),
        format!("SET ROLE {db}_registrar"),
        "SET ROLE hl_bo".to_string(),
        "SET SESSION AUTHORIZATION hl_bo".to_string(),
        "ALTER TABLE inkom.registrations DISABLE ROW LEVEL SECURITY".to_string(),
        "DROP POLICY caseworker_own ON inkom.registrations".to_string(),
        "CREATE FUNCTION inkom.peek() RETURNS bigint LANGUAGE sql AS 'SELECT 1'".to_string(),
        "CREATE TABLE inkom.x (a int)".to_string(),
        "SELECT inkom.audit_append(NULL, 'x', '{}'::jsonb)".to_string(),
    ];
    for sql in &refused {
        let e = anna.batch_execute(sql).expect_err(sql);
        assert!(
            e.code().is_some(),
            "{sql} must be refused by the server: {e}"
        );
    }

    // Publishing with B's idempotency key gives A neither B's id nor its number.
    let e =
        caseworker::publish(&mut anna, &key('b'), &facts("x"), b"%PDF other").expect_err("B's key");
    assert!(!e.to_string().contains(B_SECRET_WORDS), "{e}");
    // Nor does sending B's exact sheet with B's key: the caseworker must match.
    assert!(caseworker::publish(&mut anna, &key('b'), &facts(B_SECRET_WORDS), B_SHEET).is_err());

    // The registrar sees the whole unit's queue, and B's sheet, through the audited function.
    let mut eva = pg.client("reg_eva", USER_PASSWORD, &db);
    let queue = inkom::unit::registrar::queue(&mut eva, 50, 0).expect("queue");
    let ids: Vec<i64> = queue.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![b.registration_id, a.registration_id]);
    let sheet = inkom::unit::registrar::sheet_for_print(&mut eva, b_id).expect("print");
    assert_eq!(sheet, B_SHEET);
    // The registrar cannot take sheets without the audit trail, nor register as a caseworker.
    assert!(
        eva.batch_execute("SELECT * FROM inkom.registration_sheets")
            .is_err()
    );
    assert!(
        caseworker::publish(&mut eva, &key('e'), &facts("x"), b"%PDF e").is_err(),
        "registrars do not publish"
    );

    // A login of another unit cannot connect to this unit's database.
    let other = pg.new_unit(Some("AO"));
    pg.add_user(&other, "hl_olle", "caseworker");
    let Err(e) = postgres::Config::new()
        .host("127.0.0.1")
        .port(pg.port())
        .user("hl_olle")
        .password(USER_PASSWORD)
        .dbname(&db)
        .connect(postgres::NoTls)
    else {
        panic!("another unit's login connected");
    };
    assert_eq!(e.code().map(|c| c.code()), Some("42501"), "{e}");
}

#[test]
fn the_register_refuses_a_personnummer_in_the_arendemening() {
    let pg = Cluster::start();
    let db = pg.new_unit(Some("SN"));
    pg.add_user(&db, "hl_anna", "caseworker");
    let mut anna = pg.client("hl_anna", USER_PASSWORD, &db);
    let e = caseworker::publish(
        &mut anna,
        &key('c'),
        &facts("Anmälan om 19980313-9996"),
        b"%PDF x",
    )
    .expect_err("personnummer");
    assert!(e.sv().contains("personnummer"), "{}", e.sv());
    assert!(
        caseworker::own_registrations(&mut anna)
            .expect("own")
            .is_empty()
    );
}

/// This machine's first non-loopback IPv4 address (`hostname -I`), if it has one.
fn non_loopback_address() -> Option<String> {
    let out = std::process::Command::new("hostname")
        .arg("-I")
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|a| a.parse::<std::net::Ipv4Addr>().ok())
        .find(|a| !a.is_loopback())
        .map(|a| a.to_string())
}

fn openssl(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl (Debian's openssl package)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A test CA (`<name>.pem`, `<name>.key`) in `dir`.
fn test_ca(dir: &std::path::Path, name: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
            "-subj",
            &format!("/CN=Exempelby kommun test-CA {name}"),
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
}

/// A server certificate `<name>.crt` (key `<name>.key`) signed by `ca` for `san`.
fn server_cert(dir: &std::path::Path, name: &str, ca: &str, san: &str) {
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.csr"),
            "-subj",
            "/CN=enhetsregister",
        ],
    );
    std::fs::write(
        dir.join(format!("{name}.ext")),
        format!(
            "subjectAltName={san}\nbasicConstraints=CA:FALSE\n\
             keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        ),
    )
    .expect("ext");
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-CA",
            &format!("{ca}.pem"),
            "-CAkey",
            &format!("{ca}.key"),
            "-CAcreateserial",
            "-days",
            "2",
            "-out",
            &format!("{name}.crt"),
            "-extfile",
            &format!("{name}.ext"),
        ],
    );
}

/// `inkom registrar queue` against `url`, trusting `ca` (a PEM file) besides the OS store.
fn queue_over_tls(url: &str, ca: Option<&std::path::Path>) -> std::process::Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_inkom"));
    c.args(["--json", "registrar", "queue"])
        .env("INKOM_UNIT_URL", url)
        .env("INKOM_UNIT_PASSWORD", USER_PASSWORD)
        .env_remove("INKOM_DATA_DIR")
        .env_remove("INKOM_UNIT_CA_FILE");
    if let Some(ca) = ca {
        c.env("INKOM_UNIT_CA_FILE", ca);
    }
    c.output().expect("run inkom")
}

fn tls_refusal(out: &std::process::Output) -> String {
    assert!(!out.status.success(), "the connection should be refused");
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "stderr not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(v["error"]["code"], "unit_tls", "{v}");
    v["error"]["message"].as_str().expect("message").to_string()
}

/// Off the machine the connection is TLS with `verify-full`: the server's certificate must
/// come from a trusted CA (here a test CA given in INKOM_UNIT_CA_FILE) and be issued for the
/// address's host (here an IP address, matched against the certificate's IP SAN). A wrong CA
/// or a certificate for another name is refused with a Swedish message, and nothing is sent.
#[test]
fn a_remote_unit_register_is_reached_only_over_verified_tls() {
    let Some(address) = non_loopback_address() else {
        eprintln!(
            "skipped: this machine has no non-loopback IPv4 address, and inkom goes without \
             TLS on loopback by design, so there is nothing to verify TLS against"
        );
        return;
    };
    let pg = Cluster::start();
    let db = pg.new_unit(Some("SN"));
    pg.add_user(&db, "reg_tls", "registrar");
    let certs = tempfile::tempdir().expect("tempdir");
    let dir = certs.path();
    test_ca(dir, "ca");
    test_ca(dir, "other_ca");
    server_cert(dir, "server", "ca", &format!("IP:{address}"));
    pg.enable_tls(&dir.join("server.crt"), &dir.join("server.key"), &address);
    let url = format!("postgres://reg_tls@{address}:{}/{db}", pg.port());
    let ca = dir.join("ca.pem");

    // The right CA and the right name: connected, and the server saw TLS.
    let out = queue_over_tls(&url, Some(&ca));
    assert!(
        out.status.success(),
        "verify-full with the test CA: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        pg.log()
    );
    let log = pg.log();
    assert!(
        log.lines()
            .any(|l| l.contains("user=reg_tls") && l.contains("SSL enabled")),
        "the server logged a TLS connection: {log}"
    );

    // Without the CA (the OS store does not know it) and with another CA: refused.
    let message = tls_refusal(&queue_over_tls(&url, None));
    assert!(message.contains("betrodd utfärdare"), "{message}");
    let message = tls_refusal(&queue_over_tls(&url, Some(&dir.join("other_ca.pem"))));
    assert!(message.contains("betrodd utfärdare"), "{message}");
    assert!(message.contains("inget skickades"), "{message}");

    // A certificate from the right CA but for another name: refused as such.
    server_cert(dir, "named", "ca", "DNS:enhetsregister.exempelby.se");
    pg.enable_tls(&dir.join("named.crt"), &dir.join("named.key"), &address);
    let message = tls_refusal(&queue_over_tls(&url, Some(&ca)));
    assert!(message.contains("gäller inte för adressen"), "{message}");

    // TLS cannot be switched off for a host off the machine.
    let out = queue_over_tls(&format!("{url}?sslmode=disable"), Some(&ca));
    assert!(!out.status.success());
}
