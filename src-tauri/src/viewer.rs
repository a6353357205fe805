//! Handing a PDF to the system viewer or the printer. The PDF goes to a private temp file
//! (0600 in a 0700 directory inside the data directory), which is removed after a delay and,
//! failing that, at the next start. Issue 6 may replace [`private_temp_file`] with its own
//! module: it is the one seam.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{AppError, AppResult};

/// The private directory's name inside the data directory.
const TEMP_DIR: &str = "tmp";

/// How long a handed-over PDF may live: long enough for a viewer or the spooler to read it.
const KEEP_FOR: Duration = Duration::from_secs(10 * 60);

/// The private temp directory, created 0700.
pub fn temp_dir(data_dir: &Path) -> AppResult<PathBuf> {
    let dir = data_dir.join(TEMP_DIR);
    std::fs::create_dir_all(&dir).map_err(io_err)?;
    restrict(&dir, 0o700)?;
    Ok(dir)
}

/// Removes every file left in the private temp directory (at start, after a crash).
pub fn clear_temp(data_dir: &Path) {
    let _ = std::fs::remove_dir_all(data_dir.join(TEMP_DIR));
}

/// An empty file readable by the owner only, to be filled with a PDF; it is removed after
/// [`KEEP_FOR`]. The seam issue 6 replaces.
pub fn private_temp_file(data_dir: &Path, name: &str) -> AppResult<PathBuf> {
    let path = temp_dir(data_dir)?.join(name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(&path).map_err(io_err)?;
    restrict(&path, 0o600)?;
    let later = path.clone();
    std::thread::spawn(move || {
        std::thread::sleep(KEEP_FOR);
        let _ = std::fs::remove_file(later);
    });
    Ok(path)
}

#[cfg(unix)]
fn restrict(path: &Path, mode: u32) -> AppResult<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(io_err)
}

#[cfg(not(unix))]
fn restrict(_path: &Path, _mode: u32) -> AppResult<()> {
    // On Windows the data directory under %APPDATA% is already the user's own.
    Ok(())
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
