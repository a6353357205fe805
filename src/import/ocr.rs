//! Optional OCR of screenshots with Tesseract's Swedish model, so a screenshot's text becomes
//! searchable. Never required: when `tesseract` or its `swe` model is missing, the import goes
//! on and says so once. The picture goes to Tesseract on stdin and the text comes back on
//! stdout, so no copy of the screenshot is ever written to a temp file.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long one picture may take before Tesseract is stopped.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Why there is no OCR text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OcrError {
    /// `tesseract` or its Swedish model is not installed.
    Unavailable,
    /// Tesseract ran but failed or timed out (reason in English, no content).
    Failed(String),
}

/// Whether `tesseract` with the `swe` model is installed; asked once per process. The app's
/// import turns OCR on by default when it is (issue 18).
pub fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        Command::new("tesseract")
            .arg("--list-langs")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .is_ok_and(|o| {
                o.status.success()
                    && String::from_utf8_lossy(&o.stdout)
                        .lines()
                        .any(|l| l == "swe")
            })
    })
}

/// The text Tesseract reads in `image` (PNG, JPEG or WebP bytes), trimmed.
pub(crate) fn recognise(image: &[u8]) -> Result<String, OcrError> {
    if !available() {
        return Err(OcrError::Unavailable);
    }
    let failed = |why: &str| OcrError::Failed(why.to_string());
    let mut child = Command::new("tesseract")
        .args(["stdin", "stdout", "-l", "swe"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|_| failed("could not start tesseract"))?;
    let mut stdin = child.stdin.take().ok_or_else(|| failed("no stdin"))?;
    let mut stdout = child.stdout.take().ok_or_else(|| failed("no stdout"))?;
    let input = image.to_vec();
    // Feed and drain on threads, so neither pipe can fill up and block the other.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).map(|_| out)
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed("tesseract timed out"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => return Err(failed("could not wait for tesseract")),
        }
    };
    let _ = writer.join();
    let out = reader
        .join()
        .map_err(|_| failed("reading tesseract's output failed"))?
        .map_err(|_| failed("reading tesseract's output failed"))?;
    if !status.success() {
        return Err(failed("tesseract failed"));
    }
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}
