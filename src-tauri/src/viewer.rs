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

/// The environment variable that carries the PDF's path to the Windows print command.
const PRINT_FILE_ENV: &str = "INKOM_PRINT_FILE";

/// What PowerShell runs to print on Windows: the shell's "print" verb (ShellExecuteEx) for the
/// file named in [`PRINT_FILE_ENV`]. The script is constant; the path reaches it only as the
/// value of a variable, so no character in it (a space, `'`, `$(`, `;`, `[`) is ever parsed
/// as script or as a wildcard. Until issue 17 the path was appended to `-Command` and re-parsed.
const WINDOWS_PRINT_SCRIPT: &str = "$i = New-Object System.Diagnostics.ProcessStartInfo; \
    $i.FileName = $env:INKOM_PRINT_FILE; $i.Verb = 'print'; $i.UseShellExecute = $true; \
    $i.WindowStyle = 'Hidden'; [void][System.Diagnostics.Process]::Start($i)";

/// The command that sends `path` to the default printer: `lp` (CUPS) on Linux and macOS; on
/// Windows the print verb of the program registered for PDF, through [`WINDOWS_PRINT_SCRIPT`].
fn print_command(path: &Path, windows: bool) -> std::process::Command {
    if windows {
        let mut c = std::process::Command::new("powershell");
        c.args([
            "-NoProfile",
            "-NonInteractive",
            "-Command",
            WINDOWS_PRINT_SCRIPT,
        ])
        .env(PRINT_FILE_ENV, path);
        c
    } else {
        let mut c = std::process::Command::new("lp");
        c.arg("--").arg(path);
        c
    }
}

/// Sends a PDF to the default printer ([`print_command`]). Returns what the user is told: where
/// the job went ("Skickad till skrivaren PDF, jobb PDF-2."), and a warning when that printer is
/// paused, so nothing comes out silently.
pub fn print(path: &Path) -> AppResult<String> {
    match print_command(path, cfg!(windows)).output() {
        Ok(out) if out.status.success() => {
            let job = job_id(&String::from_utf8_lossy(&out.stdout));
            Ok(match job {
                Some(job) => {
                    let printer = printer_of(&job);
                    let sent = format!("Skickad till skrivaren {printer}, jobb {job}.");
                    if printer_paused(printer) {
                        format!(
                            "{sent} Skrivaren {printer} är pausad: inget skrivs ut förrän den \
                             startas igen. Be IT-supporten eller välj en annan skrivare."
                        )
                    } else {
                        sent
                    }
                }
                None => "Skickad till skrivaren.".to_string(),
            })
        }
        other => {
            tracing::warn!("printing: {:?}", other.map(|o| o.status));
            Err(AppError::new(
                "print_failed",
                "Utskriften kunde inte skickas till skrivaren. Kontrollera att en standardskrivare \
                 är vald, eller öppna PDF:en och skriv ut därifrån.",
            ))
        }
    }
}

/// The job id in `lp`'s answer: "request id is PDF-2 (1 file(s))" → "PDF-2".
pub fn job_id(lp_stdout: &str) -> Option<String> {
    let rest = lp_stdout.split("request id is ").nth(1)?;
    let id = rest.split_whitespace().next()?;
    (!id.is_empty()).then(|| id.to_string())
}

/// The queue of a CUPS job id: everything before the last hyphen ("Kontor-HP-12" → "Kontor-HP").
pub fn printer_of(job: &str) -> &str {
    job.rsplit_once('-').map_or(job, |(printer, _)| printer)
}

/// Whether CUPS reports the queue as paused (disabled); false when it cannot be asked.
fn printer_paused(printer: &str) -> bool {
    if cfg!(windows) {
        return false;
    }
    std::process::Command::new("lpstat")
        .args(["-p", printer])
        .env("LC_ALL", "C")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("disabled"))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_printing_on_windows_never_parses_the_path_as_script() {
        let hostile = Path::new("C:\\Users\\Anna Test\\tmp\\a'; $(Remove-Item x); [b].pdf");
        let c = print_command(hostile, true);
        let args: Vec<_> = c.get_args().collect();
        // The path is in no argument: PowerShell gets the constant script only …
        assert!(
            args.iter()
                .all(|a| !a.to_string_lossy().contains("Anna Test")),
            "{args:?}"
        );
        assert_eq!(
            args.last().map(|a| a.to_os_string()),
            Some(WINDOWS_PRINT_SCRIPT.into())
        );
        // … and the path, byte for byte, as the value of the variable the script reads.
        let env: Vec<_> = c.get_envs().collect();
        assert_eq!(
            env,
            vec![(
                std::ffi::OsStr::new(PRINT_FILE_ENV),
                Some(hostile.as_os_str())
            )]
        );
        assert!(WINDOWS_PRINT_SCRIPT.contains("$env:INKOM_PRINT_FILE"));
        // lp gets it as one argument after `--`.
        let lp: Vec<_> = print_command(hostile, false)
            .get_args()
            .map(|a| a.to_os_string())
            .collect();
        assert_eq!(
            lp,
            vec![
                std::ffi::OsString::from("--"),
                hostile.as_os_str().to_os_string()
            ]
        );
    }

    #[test]
    fn the_job_and_its_printer_come_from_lp() {
        let job = job_id("request id is PDF-2 (1 file(s))\n");
        assert_eq!(job.as_deref(), Some("PDF-2"));
        assert_eq!(printer_of("PDF-2"), "PDF");
        assert_eq!(printer_of("Kontor-HP-12"), "Kontor-HP");
        assert_eq!(job_id(""), None);
    }
}
