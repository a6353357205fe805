//! Handing a PDF to the system viewer or the printer. The PDF goes to a private temp file
//! (`inkom::private_temp`: 0600 in a 0700 directory inside the data directory), which is
//! overwritten and removed after a delay and, failing that, swept when the store next opens.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{AppError, AppResult};

/// How long a handed-over PDF may live: long enough for a viewer or the spooler to read it.
const KEEP_FOR: Duration = Duration::from_secs(10 * 60);

/// An empty owner-only file to be filled with a PDF and handed to a viewer; it is shredded
/// after [`KEEP_FOR`].
pub fn private_temp_file(data_dir: &Path, name: &str) -> AppResult<PathBuf> {
    let file = inkom::private_temp::write(data_dir, name, &[]).map_err(io_err)?;
    let path = file.path().to_path_buf();
    std::thread::spawn(move || {
        std::thread::sleep(KEEP_FOR);
        drop(file);
    });
    Ok(path)
}

fn io_err(e: std::io::Error) -> AppError {
    tracing::warn!("private temp file: {e}");
    AppError::new(
        "io",
        "Det gick inte att skriva en tillfällig fil i inkoms datakatalog. Kontrollera att \
         disken inte är full.",
    )
}

/// Opens a file with the system's default program (never exposed to the front end).
pub fn open(path: &Path) -> AppResult<()> {
    opener::open(path).map_err(|e| {
        tracing::warn!("opening viewer: {e}");
        AppError::new(
            "viewer_failed",
            "PDF-visaren kunde inte startas. Kontrollera att ett program för PDF finns \
             installerat, eller skriv ut direkt.",
        )
    })
}

/// Sends a PDF to the default printer: `lp` (CUPS) on Linux and macOS, the shell's print verb
/// on Windows.
pub fn print(path: &Path) -> AppResult<()> {
    #[cfg(windows)]
    let status = std::process::Command::new("powershell")
        .args([
            "-NoProfile",
            "-Command",
            "Start-Process",
            "-Verb",
            "Print",
            "-FilePath",
        ])
        .arg(path)
        .status();
    #[cfg(not(windows))]
    let status = std::process::Command::new("lp")
        .arg("--")
        .arg(path)
        .status();
    match status {
        Ok(s) if s.success() => Ok(()),
        other => {
            tracing::warn!("printing: {other:?}");
            Err(AppError::new(
                "print_failed",
                "Utskriften kunde inte skickas till skrivaren. Kontrollera att en standardskrivare \
                 är vald, eller öppna PDF:en och skriv ut därifrån.",
            ))
        }
    }
}
