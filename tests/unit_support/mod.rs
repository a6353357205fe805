//! A real, throw-away PostgreSQL cluster for the unit register's tests: `initdb` in a temporary
//! directory, the server on a free loopback port, SCRAM passwords for every login, stopped and
//! removed when the test ends. Nothing is mocked.
//!
//! The server binaries are found in `INKOM_PG_BIN`, else Debian's `/usr/lib/postgresql/<ver>/bin`
//! (newest, 15 or later), else `pg_config --bindir`. Missing binaries FAIL the test with a message
//! saying how to install them (scripts/setup-debian.sh does): the unit register is not optional.
//! As root (CI containers) the server runs as the `postgres` user via `runuser`, because
//! `initdb` refuses to run as root.
#![allow(dead_code)]

use std::cell::Cell;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The cluster's superuser (municipal IT's admin in these tests).
pub const ADMIN: &str = "inkom_admin";
/// Its password.
pub const ADMIN_PASSWORD: &str = "admin-lösenord-för-test";
/// Every test login's password (≥ 12 characters, as `unit add-user` requires).
pub const USER_PASSWORD: &str = "testlösenord-1234";

/// One running cluster.
pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
    /// Seconds the server's clock runs ahead of the machine's (libfaketime), from the next
    /// [`Cluster::start_server`] on; None: the real clock.
    clock_offset: Cell<Option<i64>>,
    /// Extra `-c name=value` settings for the next [`Cluster::start_server`].
    settings: std::cell::RefCell<Vec<String>>,
}

/// Debian's libfaketime (package `faketime`), which moves the server's clock for the test of
/// the diary series' yearly restart: the server's own `now()` decides the year, as in use.
fn libfaketime() -> PathBuf {
    let candidates = [
        "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib/faketime/libfaketime.so.1",
    ];
    candidates
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            panic!(
                "libfaketime not found: install Debian's `faketime` package \
                 (scripts/setup-debian.sh does); the yearly restart of the diary series is \
                 tested with the server's clock moved to New Year's Eve"
            )
        })
}

fn pg_bin() -> PathBuf {
    if let Ok(dir) = std::env::var("INKOM_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            (v >= 15 && bin.join("initdb").exists()).then_some((v, bin))
        })
        .collect();
    found.sort();
    if let Some((_, bin)) = found.pop() {
        return bin;
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        let bin = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if bin.join("initdb").exists() {
            return bin;
        }
    }
    panic!(
        "PostgreSQL server binaries (initdb, pg_ctl; version 15 or later) not found. \
         The unit register's tests need a real server: install Debian's `postgresql` \
         (scripts/setup-debian.sh does) or set INKOM_PG_BIN to the directory holding initdb."
    );
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn check(out: Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

static DATABASES: AtomicUsize = AtomicUsize::new(0);

impl Cluster {
    /// initdb + start.
    pub fn start() -> Cluster {
        let bin = pg_bin();
        let as_postgres = is_root();
        let dir = tempfile::Builder::new()
            .prefix("inkom-pg-")
            .tempdir()
            .expect("tempdir");
        std::fs::write(dir.path().join("pwfile"), ADMIN_PASSWORD).expect("pwfile");
        if as_postgres {
            check(
                Command::new("chown")
                    .args(["-R", "postgres:postgres"])
                    .arg(dir.path())
                    .output()
                    .expect("chown"),
                "chown to postgres",
            );
        }
        let cluster = Cluster {
            dir,
            bin,
            port: free_port(),
            as_postgres,
            clock_offset: Cell::new(None),
            settings: std::cell::RefCell::new(Vec::new()),
        };
        let data = cluster.data();
        let pwfile = cluster.dir.path().join("pwfile");
        check(
            cluster
                .pg("initdb")
                .arg("-D")
                .arg(&data)
                .args([
                    "-U",
                    ADMIN,
                    "-A",
                    "scram-sha-256",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                ])
                .arg(format!("--pwfile={}", pwfile.display()))
                .output()
                .expect("initdb"),
            "initdb",
        );
        cluster.start_server();
        cluster
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// A command for one of the server binaries, as `postgres` when we are root, under
    /// libfaketime when the clock is moved ([`Cluster::set_clock_offset`]).
    fn pg(&self, program: &str) -> Command {
        let mut c = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", "env"]);
            c
        } else {
            Command::new("env")
        };
        if let Some(offset) = self.clock_offset.get() {
            c.arg(format!("LD_PRELOAD={}", libfaketime().display()))
                .arg(format!("FAKETIME={offset:+}"))
                .arg("FAKETIME_DONT_FAKE_MONOTONIC=1");
        }
        c.arg(self.bin.join(program));
        c
    }

    /// Moves the server's clock `seconds` ahead of the machine's (libfaketime) from the next
    /// [`Cluster::start_server`] on: stop, set, start. Every backend of the restarted server
    /// sees the moved clock; the machine and the clients keep the real one.
    pub fn set_clock_offset(&self, seconds: i64) {
        self.clock_offset.set(Some(seconds));
    }

    /// Adds `-c name=value` settings for the next [`Cluster::start_server`] (e.g. ssl=on).
    pub fn set_server_settings(&self, settings: &[&str]) {
        *self.settings.borrow_mut() = settings.iter().map(|s| (*s).to_string()).collect();
    }

    /// Starts the server (again).
    pub fn start_server(&self) {
        let mut options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=120",
            self.port,
            self.dir.path().display()
        );
        for setting in self.settings.borrow().iter() {
            options.push_str(" -c ");
            options.push_str(setting);
        }
        check(
            self.pg("pg_ctl")
                .arg("-D")
                .arg(self.data())
                .arg("-l")
                .arg(self.dir.path().join("server.log"))
                .args(["-w", "-t", "60", "-o", &options, "start"])
                .output()
                .expect("pg_ctl start"),
            "pg_ctl start",
        );
    }

    /// Stops the server (fast: open sessions are cut, as when IT restarts it).
    pub fn stop_server(&self) {
        check(
            self.pg("pg_ctl")
                .arg("-D")
                .arg(self.data())
                .args(["-w", "-m", "fast", "stop"])
                .output()
                .expect("pg_ctl stop"),
            "pg_ctl stop",
        );
    }

    /// The loopback port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `postgres://login@127.0.0.1:port/db`.
    pub fn url(&self, login: &str, db: &str) -> String {
        format!("postgres://{login}@127.0.0.1:{}/{db}", self.port)
    }

    /// A connection with a password.
    pub fn client(&self, login: &str, password: &str, db: &str) -> postgres::Client {
        postgres::Config::new()
            .host("127.0.0.1")
            .port(self.port)
            .user(login)
            .password(password)
            .dbname(db)
            .connect(postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect as {login} to {db}: {e}"))
    }

    /// The superuser on `db`.
    pub fn admin(&self, db: &str) -> postgres::Client {
        self.client(ADMIN, ADMIN_PASSWORD, db)
    }

    /// A new, empty database (one per unit), named `<prefix><n>`.
    pub fn new_database(&self, prefix: &str) -> String {
        let name = format!("{prefix}{}", DATABASES.fetch_add(1, Ordering::SeqCst));
        self.admin("postgres")
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        name
    }

    /// Runs the real `inkom` binary with the admin password, for set-up commands.
    pub fn inkom_admin(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_inkom"))
            .arg("--json")
            .args(args)
            .env("INKOM_UNIT_PASSWORD", ADMIN_PASSWORD)
            .env("INKOM_UNIT_NEW_PASSWORD", USER_PASSWORD)
            .env_remove("INKOM_DATA_DIR")
            .output()
            .expect("run inkom")
    }

    /// `inkom unit init` for a new unit database with the given diary series; returns its name.
    pub fn new_unit(&self, series: Option<&str>) -> String {
        let db = self.new_database("enhet");
        let url = self.url(ADMIN, &db);
        let mut args = vec!["unit", "init", "--url", &url];
        if let Some(s) = series {
            args.extend(["--series", s]);
        }
        check(self.inkom_admin(&args), "inkom unit init");
        db
    }

    /// `inkom unit add-user` with [`USER_PASSWORD`].
    pub fn add_user(&self, db: &str, login: &str, role: &str) {
        let url = self.url(ADMIN, db);
        check(
            self.inkom_admin(&["unit", "add-user", login, "--role", role, "--url", &url]),
            "inkom unit add-user",
        );
    }

    /// Turns TLS on with this certificate and key (PEM) and opens the server to `address`
    /// (a non-loopback address of this machine), where only TLS connections with a password
    /// are let in (`hostssl`); connections are logged, so a test can see TLS was used.
    /// Restarts the server.
    pub fn enable_tls(&self, cert_pem: &Path, key_pem: &Path, address: &str) {
        let cert = self.dir.path().join("server.crt");
        let key = self.dir.path().join("server.key");
        std::fs::copy(cert_pem, &cert).expect("server certificate");
        std::fs::copy(key_pem, &key).expect("server key");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        if self.as_postgres {
            check(
                Command::new("chown")
                    .args(["postgres:postgres"])
                    .arg(&cert)
                    .arg(&key)
                    .output()
                    .expect("chown"),
                "chown server key",
            );
        }
        let hba = self.data().join("pg_hba.conf");
        let mut rules = std::fs::read_to_string(&hba).expect("pg_hba.conf");
        if !rules.contains("hostssl all all 0.0.0.0/0") {
            rules.push_str("hostssl all all 0.0.0.0/0 scram-sha-256\n");
            std::fs::write(&hba, rules).expect("pg_hba.conf");
        }
        self.stop_server();
        self.set_server_settings(&[
            "ssl=on",
            &format!("ssl_cert_file={}", cert.display()),
            &format!("ssl_key_file={}", key.display()),
            &format!("listen_addresses=127.0.0.1,{address}"),
            "log_connections=on",
        ]);
        self.start_server();
    }

    /// The server log, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Where the cluster lives.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .pg("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-w", "-m", "immediate", "stop"])
            .output();
    }
}
