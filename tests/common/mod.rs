//! Shared test harness: runs the real `inkom` binary against a fresh data directory.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A fresh data directory and a scratch directory for input files.
pub struct Inkom {
    pub dir: tempfile::TempDir,
}

impl Inkom {
    pub fn new() -> Inkom {
        let inkom = Inkom {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        std::fs::create_dir_all(inkom.files()).expect("files dir");
        inkom
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Where tests put input files (copies, since inkom may delete them).
    pub fn files(&self) -> PathBuf {
        self.dir.path().join("files")
    }

    pub fn db(&self) -> PathBuf {
        self.data_dir().join("inkom.sqlite3")
    }

    pub fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_inkom"));
        c.arg("--data-dir")
            .arg(self.data_dir())
            .env_remove("INKOM_DATA_DIR")
            .env("USER", "karin.test");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run inkom")
    }

    /// Runs with `--json`.
    pub fn run_json(&self, args: &[&str]) -> Output {
        self.command()
            .arg("--json")
            .args(args)
            .output()
            .expect("run inkom")
    }

    /// Runs with `--json`, expects success, returns stdout as JSON.
    pub fn ok(&self, args: &[&str]) -> Value {
        let out = self.run_json(args);
        assert!(
            out.status.success(),
            "inkom {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "inkom {args:?}: stdout is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Runs with `--json`, expects failure, returns the error code and Swedish message.
    pub fn refused(&self, args: &[&str]) -> (String, String) {
        let out = self.run_json(args);
        assert!(
            !out.status.success(),
            "inkom {args:?} should have been refused"
        );
        assert!(out.stdout.is_empty(), "a refused command printed on stdout");
        let v: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
            panic!(
                "stderr is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (
            v["error"]["code"].as_str().unwrap_or_default().to_string(),
            v["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
    }

    /// Copies a fixture from ../shared/fixtures into the scratch directory.
    pub fn fixture(&self, rel: &str) -> PathBuf {
        let src = fixtures().join(rel);
        let dst = self
            .files()
            .join(Path::new(rel).file_name().expect("file name"));
        std::fs::copy(&src, &dst).unwrap_or_else(|e| panic!("copy {}: {e}", src.display()));
        dst
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.files().join(name);
        std::fs::write(&p, bytes).expect("write input");
        p
    }

    /// Everything observable about the store, to check that a refusal changed nothing.
    pub fn snapshot(&self) -> (Value, Value) {
        (self.ok(&["list"]), self.ok(&["audit", "log"]))
    }

    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db()).expect("open db")
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures")
}

pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Text of a PDF via poppler's `pdftotext -layout` (installed by .ci/run), each line trimmed:
/// `-layout` keeps empty lines where the page has them, and the trimming drops only the
/// indentation that reflects the position on the page.
pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed (apt-get install poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).expect("pdftotext gives UTF-8")
}

/// True when `text` (pdftotext output) holds `message` exactly: every character and every line
/// break of the message, where a space may have become a line break because a long line was
/// wrapped on the page. Nothing else is forgiven.
pub fn pdf_text_contains(text: &str, message: &str) -> bool {
    let pattern: String = message
        .split(' ')
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join("[ \n]");
    regex::Regex::new(&pattern).expect("pattern").is_match(text)
}
