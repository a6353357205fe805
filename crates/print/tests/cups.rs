//! Printing through a real CUPS (issue 18, "Printing"): each test starts a private cupsd of its
//! own (configuration, spool, logs and domain socket in a temporary directory, no network, no
//! browsing), adds a queue whose device is a file, prints through the crate with
//! [`Cups::at`] the private socket, and reads what the device received. Needs `cupsd`,
//! `lpadmin`, `lpstat`, `lp`, `cupsenable`/`cupsdisable` and the `gziptoany` filter
//! (cups-daemon, cups-client, cups-core-drivers: scripts/setup-debian.sh); a missing one fails
//! the test with that advice, it never skips.
#![cfg(target_os = "linux")]

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use inkom_print::{Cups, Job, PrintError, Sent};
use tempfile::TempDir;

/// How long cupsd may take to answer or a job to come out; it takes about 30 ms to start here.
const PATIENCE: Duration = Duration::from_secs(30);

/// A small PDF with bytes beyond ASCII, so that a device receiving anything else shows.
const PDF: &[u8] = b"%PDF-1.4\n% inkom \xc3\xa5\xc3\xa4\xc3\xb6\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A pass-through driver: CUPS sends a raw queue's job to a `file:` device through no filter
/// at all, and so writes nothing; this PPD runs `gziptoany`, which copies the job unchanged.
const PPD: &str = r#"*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "INKOMTST.PPD"
*Manufacturer: "inkom"
*Product: "(inkom test queue)"
*ModelName: "inkom test queue"
*ShortNickName: "inkom test queue"
*NickName: "inkom test queue"
*PSVersion: "(3010.000) 0"
*cupsVersion: 2.4
*cupsFilter2: "application/pdf application/vnd.cups-pdf 0 gziptoany"
*OpenUI *PageSize: PickOne
*DefaultPageSize: A4
*PageSize A4/A4: ""
*CloseUI: *PageSize
*DefaultImageableArea: A4
*ImageableArea A4/A4: "0 0 595 842"
*DefaultPaperDimension: A4
*PaperDimension A4/A4: "595 842"
"#;

/// The directory holding `filter/gziptoany` (Debian: /usr/lib/cups), or a failure saying what
/// to install.
fn server_bin() -> PathBuf {
    ["/usr/lib/cups", "/usr/libexec/cups"]
        .iter()
        .map(PathBuf::from)
        .find(|d| d.join("filter/gziptoany").is_file())
        .unwrap_or_else(|| {
            panic!("CUPS' gziptoany filter is missing: install cups-core-drivers (scripts/setup-debian.sh)")
        })
}

/// `program` on PATH or in /usr/sbin (cupsd, lpadmin), or a failure saying what to install.
fn tool(program: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .map(|d| d.join(program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("{program} is missing: install cups-daemon and cups-client (scripts/setup-debian.sh)")
        })
}

/// A cupsd of the test's own, stopped (its whole process group) when dropped.
struct PrivateCups {
    root: TempDir,
    /// The devices' files: this CUPS opens a `file:` device outside /dev with "could not open
    /// the output file", so they live in /dev/shm.
    devices: TempDir,
    cupsd: Child,
}

impl PrivateCups {
    fn start() -> PrivateCups {
        let root = tempfile::Builder::new()
            .prefix("inkom-cups-")
            .tempdir()
            .expect("temp dir");
        // cupsd runs filters as the user lp when started as root: they must reach the spool.
        std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        let devices = tempfile::Builder::new()
            .prefix("inkom-cups-")
            .tempdir_in("/dev/shm")
            .expect("a directory in /dev/shm");
        let r = root.path().display();
        for dir in ["spool", "cache", "state", "logs", "tmp"] {
            std::fs::create_dir(root.path().join(dir)).expect("cups dir");
        }
        let files = format!(
            "ServerRoot {r}\nRequestRoot {r}/spool\nTempDir {r}/tmp\nCacheDir {r}/cache\n\
             StateDir {r}/state\nServerBin {}\nDataDir /usr/share/cups\n\
             AccessLog {r}/logs/access_log\nErrorLog {r}/logs/error_log\n\
             PageLog {r}/logs/page_log\nPrintcap {r}/printcap\nFileDevice Yes\n",
            server_bin().display()
        );
        let conf = format!(
            "Listen {r}/cups.sock\nBrowsing No\nBrowseLocalProtocols none\nWebInterface No\n\
             DefaultAuthType None\nLogLevel info\n\
             <Location />\n  Order allow,deny\n  Allow all\n</Location>\n\
             <Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
        );
        std::fs::write(root.path().join("cups-files.conf"), files).expect("cups-files.conf");
        std::fs::write(root.path().join("cupsd.conf"), conf).expect("cupsd.conf");
        std::fs::write(root.path().join("inkom-test.ppd"), PPD).expect("ppd");

        let log = std::fs::File::create(root.path().join("logs/cupsd.out")).expect("log");
        let cupsd = Command::new(tool("cupsd"))
            .arg("-f")
            .arg("-c")
            .arg(root.path().join("cupsd.conf"))
            .arg("-s")
            .arg(root.path().join("cups-files.conf"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .process_group(0)
            .spawn()
            .expect("cupsd starts");
        let mut cups = PrivateCups {
            root,
            devices,
            cupsd,
        };
        cups.wait_until_running();
        cups
    }

    fn socket(&self) -> PathBuf {
        self.root.path().join("cups.sock")
    }

    /// The crate's view of this server.
    fn cups(&self) -> Cups {
        Cups::at(self.socket())
    }

    /// Polls `lpstat -r` until the scheduler answers (it takes ~30 ms; [`PATIENCE`] at most).
    fn wait_until_running(&mut self) {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.cupsd.try_wait() {
                panic!("cupsd exited ({status}) at start:\n{}", self.logs());
            }
            let answer = self
                .client("lpstat")
                .arg("-r")
                .output()
                .expect("lpstat runs");
            if String::from_utf8_lossy(&answer.stdout).contains("scheduler is running") {
                eprintln!("private cupsd answered after {:?}", start.elapsed());
                return;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "cupsd did not answer within {PATIENCE:?}:\n{}",
                self.logs()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A CUPS client command aimed at this server (the command's environment, not the test's).
    fn client(&self, program: &str) -> Command {
        let mut c = Command::new(tool(program));
        c.env("CUPS_SERVER", self.socket()).env("LC_ALL", "C");
        c
    }

    /// Runs an administration command against this server; it must succeed.
    fn admin(&self, program: &str, args: &[&str]) {
        let out = self.client(program).args(args).output().expect("runs");
        assert!(
            out.status.success(),
            "{program} {args:?}: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            self.logs()
        );
    }

    /// Adds the queue `name` (enabled, accepting, the default) printing to an empty file;
    /// returns the file.
    fn add_queue(&self, name: &str) -> PathBuf {
        let device = self.devices.path().join(format!("{name}.out"));
        std::fs::write(&device, b"").expect("device file");
        let ppd = self.root.path().join("inkom-test.ppd");
        self.admin(
            "lpadmin",
            &[
                "-p",
                name,
                "-E",
                "-v",
                &format!("file://{}", device.display()),
                "-P",
                &ppd.display().to_string(),
            ],
        );
        self.admin("lpadmin", &["-d", name]);
        device
    }

    /// The ids of jobs not yet completed on `queue`.
    fn pending(&self, queue: &str) -> Vec<String> {
        let out = self
            .client("lpstat")
            .args(["-W", "not-completed", &format!("-o{queue}")])
            .output()
            .expect("lpstat runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.split_whitespace().next().map(str::to_string))
            .collect()
    }

    fn logs(&self) -> String {
        ["logs/error_log", "logs/cupsd.out"]
            .iter()
            .map(|f| std::fs::read_to_string(self.root.path().join(f)).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Drop for PrivateCups {
    fn drop(&mut self) {
        // cupsd leads its own process group: its filters go with it.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.cupsd.id())])
            .status();
        let start = Instant::now();
        while matches!(self.cupsd.try_wait(), Ok(None)) && start.elapsed() < PATIENCE {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.cupsd.kill();
        let _ = self.cupsd.wait();
    }
}

/// A PDF under a profile directory with a space, named with `'`, `$(`, `;`, `[` and Swedish
/// letters. No space in the name itself: Debian 12's cupsd (2.4.2-3+deb12u10) crashes on a job
/// whose document name has one (inkom's own file names never do).
fn hostile_pdf(dir: &Path) -> PathBuf {
    let profile = dir.join("Anna Test");
    std::fs::create_dir_all(&profile).expect("profile dir");
    let file = profile.join("a';$(rm-x);[b]åäö.pdf");
    std::fs::write(&file, PDF).expect("pdf");
    file
}

/// Waits until `device` holds `expected` bytes (the job came out); its content then.
fn wait_for_output(device: &Path, expected: usize, cups: &PrivateCups) -> Vec<u8> {
    let start = Instant::now();
    loop {
        let got = std::fs::read(device).expect("device file");
        if got.len() >= expected {
            return got;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "nothing came out of the queue within {PATIENCE:?} ({} bytes):\n{}",
            got.len(),
            cups.logs()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_enabled_queue_prints_and_names_the_job_and_printer() {
    let server = PrivateCups::start();
    let device = server.add_queue("Kontor-PDF");
    let file = hostile_pdf(server.root.path());

    let sent = server.cups().print(&file).expect("printed");
    let Sent::Job(Job {
        id,
        printer,
        paused,
        held,
    }) = sent
    else {
        panic!("no job named: {sent:?}");
    };
    assert_eq!(printer, "Kontor-PDF");
    assert!(id.starts_with("Kontor-PDF-"), "{id}");
    assert!(!paused && !held, "paused {paused}, held {held}");
    assert_eq!(wait_for_output(&device, PDF.len(), &server), PDF);
}

#[test]
fn a_paused_queue_keeps_the_job_and_says_so() {
    let server = PrivateCups::start();
    let device = server.add_queue("PDF");
    server.admin("cupsdisable", &["PDF"]);
    assert!(server.cups().is_paused("PDF").expect("lpstat"));
    let file = hostile_pdf(server.root.path());

    let sent = server.cups().print(&file).expect("CUPS takes the job");
    let Sent::Job(job) = sent else {
        panic!("no job named: {sent:?}");
    };
    assert_eq!(job.printer, "PDF");
    assert!(job.paused, "{job:?}");
    assert!(!job.held, "{job:?}");
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(server.pending("PDF"), vec![job.id.clone()], "the job waits");
    assert!(
        std::fs::read(&device).expect("device").is_empty(),
        "a paused queue printed"
    );

    // Kept, not lost: it comes out once the queue is started again.
    server.admin("cupsenable", &["PDF"]);
    assert!(!server.cups().is_paused("PDF").expect("lpstat"));
    assert_eq!(wait_for_output(&device, PDF.len(), &server), PDF);
}

#[test]
fn a_job_the_queue_holds_is_reported_as_waiting() {
    let server = PrivateCups::start();
    let device = server.add_queue("Foljmig");
    // Follow-me printing: the queue holds every job until someone releases it.
    server.admin(
        "lpadmin",
        &["-p", "Foljmig", "-o", "job-hold-until-default=indefinite"],
    );
    let file = hostile_pdf(server.root.path());

    let sent = server.cups().print(&file).expect("CUPS takes the job");
    let Sent::Job(job) = sent else {
        panic!("no job named: {sent:?}");
    };
    assert!(job.held, "{job:?}");
    assert!(!job.paused, "{job:?}");
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(server.pending("Foljmig"), vec![job.id.clone()]);
    assert!(std::fs::read(&device).expect("device").is_empty());

    // Released, it prints.
    server.admin("lp", &["-i", &job.id, "-H", "resume"]);
    assert_eq!(wait_for_output(&device, PDF.len(), &server), PDF);
}

#[test]
fn no_server_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = hostile_pdf(dir.path());
    let start = Instant::now();
    let err = Cups::at(dir.path().join("no-cupsd.sock"))
        .print(&file)
        .expect_err("nothing listens");
    assert!(
        matches!(err, PrintError::Refused { program: "lp", .. }),
        "{err:?}"
    );
    assert!(start.elapsed() < PATIENCE);
}
