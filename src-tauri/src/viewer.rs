//! Handing a PDF to the system viewer or the printer. The PDF goes to a private temp file
//! (`inkom::private_temp`: 0600 in a 0700 directory inside the data directory), which is
//! overwritten and removed after a delay and, failing that, swept when the store next opens.

use std::path::{Path, PathBuf};
use std::time::Duration;

use inkom_print::{PrintError, Sent};

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

/// Opens a file with the system's default program (never exposed to the front end). On Linux
/// `xdg-open` reports nothing when no program handles PDF (it runs detached), so the handler is
/// looked up first and its absence said in Swedish instead of nothing happening.
pub fn open(path: &Path) -> AppResult<()> {
    #[cfg(target_os = "linux")]
    if pdf_handler_missing() {
        tracing::warn!("opening viewer: no application/pdf handler");
        return Err(AppError::new(
            "viewer_failed",
            "Det finns inget program för PDF på datorn, så PDF-läsaren kunde inte öppnas. Läs \
             utskriften i förhandsvisningen här i inkom, eller skriv ut direkt.",
        ));
    }
    opener::open(path).map_err(|e| {
        tracing::warn!("opening viewer: {e}");
        AppError::new(
            "viewer_failed",
            "PDF-visaren kunde inte startas. Kontrollera att ett program för PDF finns \
             installerat, eller skriv ut direkt.",
        )
    })
}

/// True when `xdg-mime` answers and names no program for PDF files and mailcap has none either;
/// false when one is named or nothing can be asked (then `opener` tries, as before).
#[cfg(target_os = "linux")]
fn pdf_handler_missing() -> bool {
    match std::process::Command::new("xdg-mime")
        .args(["query", "default", "application/pdf"])
        .stderr(std::process::Stdio::null())
        .output()
    {
        Ok(out) => {
            out.status.success()
                && String::from_utf8_lossy(&out.stdout).trim().is_empty()
                && !in_mailcap()
        }
        Err(_) => false,
    }
}

/// xdg-open's fallback without a desktop: a mailcap entry for PDF.
#[cfg(target_os = "linux")]
fn in_mailcap() -> bool {
    let home = std::env::var_os("HOME").map(|h| Path::new(&h).join(".mailcap"));
    home.into_iter()
        .chain([PathBuf::from("/etc/mailcap")])
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .any(|text| {
            text.lines().any(|l| {
                l.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/pdf")
            })
        })
}

/// Sends a PDF to the default printer (`inkom_print`: `lp` on Linux and macOS, the print verb
/// through ShellExecuteExW on Windows, no shell either way). Returns what the user is told:
/// where the job went ("Skickad till skrivaren PDF, jobb PDF-2."), and a warning when that
/// printer is paused, so nothing comes out silently (issue 18).
pub fn print(path: &Path) -> AppResult<String> {
    inkom_print::print(path)
        .map(|sent| told(&sent))
        .map_err(print_failed)
}

/// The Swedish sentence for a job that went out.
fn told(sent: &Sent) -> String {
    match sent {
        Sent::Job(job) => {
            let printer = &job.printer;
            let sent = format!("Skickad till skrivaren {printer}, jobb {}.", job.id);
            if job.paused {
                format!(
                    "{sent} Skrivaren {printer} är pausad: inget skrivs ut förrän den startas \
                     igen. Be IT-supporten eller välj en annan skrivare."
                )
            } else if job.held {
                format!(
                    "{sent} Jobbet väntar i kön och skrivs inte ut förrän det släpps, vid \
                     skrivaren eller av IT-supporten."
                )
            } else {
                sent
            }
        }
        Sent::HandedOver => "Skickad till skrivaren.".to_string(),
    }
}

/// The Swedish message for a print that could not be sent; the English reason goes to the log.
fn print_failed(e: PrintError) -> AppError {
    tracing::warn!("printing: {e}");
    let message = match e {
        PrintError::NoAssociation => {
            "Det finns inget program på datorn som kan skriva ut PDF-filer direkt. Öppna PDF:en \
             och skriv ut därifrån, eller be IT-supporten installera en PDF-läsare."
        }
        _ => {
            "Utskriften kunde inte skickas till skrivaren. Kontrollera att en standardskrivare \
             är vald, eller öppna PDF:en och skriv ut därifrån."
        }
    };
    AppError::new("print_failed", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_is_told_where_the_job_went_and_when_it_will_not_come_out() {
        let job = |paused, held| {
            Sent::Job(inkom_print::Job {
                id: "PDF-2".into(),
                printer: "PDF".into(),
                paused,
                held,
            })
        };
        assert_eq!(
            told(&job(false, false)),
            "Skickad till skrivaren PDF, jobb PDF-2."
        );
        let paused = told(&job(true, false));
        assert!(paused.contains("Skrivaren PDF är pausad"), "{paused}");
        let held = told(&job(false, true));
        assert!(held.contains("väntar i kön"), "{held}");
        assert_eq!(told(&Sent::HandedOver), "Skickad till skrivaren.");
    }

    #[test]
    fn no_print_program_on_windows_says_what_to_do_instead() {
        let e = print_failed(PrintError::NoAssociation);
        assert_eq!(e.code, "print_failed");
        assert!(e.message.contains("inget program"), "{}", e.message);
        let e = print_failed(PrintError::HandlerFailed { code: 3 });
        assert!(e.message.contains("standardskrivare"), "{}", e.message);
    }
}
