//! Hands a PDF to the operating system's printing, with no shell between the path and the
//! spooler: on Linux and macOS CUPS `lp` gets the path as one argument after `--`
//! ([`Cups`]); on Windows `ShellExecuteExW` runs the print verb of the program registered for
//! the file's type with the path as one UTF-16 string (issue 17 item 6: a profile path with a
//! space, `'`, `$(`, `;` or `[` is only a name, never script).
//!
//! The crate knows no Tauri and speaks English; the app's shell turns [`Sent`] and
//! [`PrintError`] into what the user reads.

#[cfg(unix)]
mod cups;
#[cfg(windows)]
mod windows;

use std::path::Path;

#[cfg(unix)]
pub use cups::Cups;

/// Where a job went, so that a successful print does not say nothing (issue 18).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// The spooler took the job and named it.
    Job(Job),
    /// Handed over without a job to name: the Windows print verb (the program registered for
    /// the type prints it and talks to the spooler itself), or an `lp` that printed no id.
    HandedOver,
}

/// A CUPS job as `lp` named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The request id, e.g. `PDF-2`.
    pub id: String,
    /// The queue it went to, e.g. `PDF`.
    pub printer: String,
    /// True when the queue is paused (disabled): CUPS takes the job and nothing comes out until
    /// someone starts the queue again. False also when the state could not be asked.
    pub paused: bool,
    /// True when the job waits to be released (held: the queue holds every job until someone
    /// releases it, as follow-me printing does, or an administrator held it). False also when
    /// the state could not be asked.
    pub held: bool,
}

/// Why nothing was sent. The shell shows one Swedish message for most of these and logs this
/// English text; [`PrintError::NoAssociation`] gets its own advice.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// `lp` or `lpstat` could not be started: the CUPS client is not installed.
    #[error("could not start {program}: {source}")]
    Spawn {
        /// The program that was not started.
        program: &'static str,
        /// Why the OS refused.
        #[source]
        source: std::io::Error,
    },
    /// The spooler refused the job (no default printer, the queue rejects jobs, no server).
    #[error("{program} failed ({status}): {stderr}")]
    Refused {
        /// The program that failed.
        program: &'static str,
        /// Its exit status.
        status: String,
        /// What it said on stderr, trimmed (CUPS' English messages with `LC_ALL=C`).
        stderr: String,
    },
    /// Windows: no program is registered to print this type of file (`SE_ERR_NOASSOC`,
    /// `ERROR_NO_ASSOCIATION`), e.g. only a browser that opens PDFs but does not print them.
    #[error("no program is registered to print this type of file")]
    NoAssociation,
    /// Windows: `ShellExecuteExW` failed for another reason.
    #[error("ShellExecuteExW failed with Windows error {code}")]
    ShellExecute {
        /// `GetLastError()` after the call.
        code: u32,
    },
    /// Windows: the registered print program ended at once with an error code.
    #[error("the print program exited with code {code}")]
    HandlerFailed {
        /// Its exit code.
        code: u32,
    },
    /// The path cannot be handed over whole (a NUL inside it would cut it short).
    #[error("the path contains a NUL character")]
    NulInPath,
}

/// Sends the file at `path` to the default printer of this computer: CUPS' default destination
/// on Linux and macOS, the print verb of the program registered for the file's type on Windows.
pub fn print(path: &Path) -> Result<Sent, PrintError> {
    #[cfg(unix)]
    {
        Cups::default().print(path)
    }
    #[cfg(windows)]
    {
        windows::print(path)
    }
}

/// The job id in `lp`'s answer: "request id is PDF-2 (1 file(s))" → "PDF-2". `lp` runs with
/// `LC_ALL=C`; for a CUPS that translates anyway, the first word shaped like `QUEUE-N` counts.
pub fn job_id(lp_stdout: &str) -> Option<String> {
    if let Some(rest) = lp_stdout.split("request id is ").nth(1) {
        return rest
            .split_whitespace()
            .next()
            .filter(|id| is_job_id(id))
            .map(str::to_string);
    }
    lp_stdout
        .split_whitespace()
        .find(|w| is_job_id(w))
        .map(str::to_string)
}

/// `QUEUE-N`: a non-empty queue name, a hyphen, digits.
fn is_job_id(word: &str) -> bool {
    word.rsplit_once('-').is_some_and(|(queue, n)| {
        !queue.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The queue of a CUPS job id: everything before the last hyphen ("Kontor-HP-12" → "Kontor-HP").
pub fn printer_of(job: &str) -> &str {
    job.rsplit_once('-').map_or(job, |(printer, _)| printer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_job_and_its_printer_come_from_lp() {
        let job = job_id("request id is PDF-2 (1 file(s))\n");
        assert_eq!(job.as_deref(), Some("PDF-2"));
        assert_eq!(printer_of("PDF-2"), "PDF");
        assert_eq!(printer_of("Kontor-HP-12"), "Kontor-HP");
        assert_eq!(job_id(""), None);
        assert_eq!(job_id("request id is \n"), None);
        // A CUPS that translates its messages despite LC_ALL=C.
        assert_eq!(
            job_id("begärans-id är Kontor-HP-12 (1 fil(er))").as_deref(),
            Some("Kontor-HP-12")
        );
        assert_eq!(job_id("lp: inget -id här"), None);
    }
}
