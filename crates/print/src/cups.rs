//! CUPS through its own command-line client (`lp`, `lpstat`), as every Linux and macOS desktop
//! has it: the path is one argument after `--`, never part of a command line a shell reads.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Output};

use crate::{Job, PrintError, Sent, job_id, printer_of};

/// The CUPS server jobs go to. `Cups::default()` is the one the user's CUPS client would use
/// (`CUPS_SERVER`, `client.conf`, the local scheduler); [`Cups::at`] names another one, so a
/// test can print to a private cupsd without changing its own process environment.
#[derive(Debug, Clone, Default)]
pub struct Cups {
    server: Option<OsString>,
}

impl Cups {
    /// The server at `server`, as `CUPS_SERVER` takes it: `host:port` or a domain socket path.
    pub fn at(server: impl Into<OsString>) -> Cups {
        Cups {
            server: Some(server.into()),
        }
    }

    /// Sends `path` to the default destination and says where it went: the job id and queue
    /// from `lp`, whether that queue is paused and whether the job is held (either way CUPS
    /// keeps the job and nothing comes out, issue 18).
    pub fn print(&self, path: &Path) -> Result<Sent, PrintError> {
        let out = run(self.lp(path), "lp")?;
        let Some(id) = job_id(&String::from_utf8_lossy(&out.stdout)) else {
            tracing::info!("lp printed no request id");
            return Ok(Sent::HandedOver);
        };
        let printer = printer_of(&id).to_string();
        let paused = self.is_paused(&printer).unwrap_or_else(|e| {
            tracing::warn!("asking CUPS whether {printer} is paused: {e}");
            false
        });
        let held = self.is_held(&id).unwrap_or_else(|e| {
            tracing::warn!("asking CUPS whether job {id} is held: {e}");
            false
        });
        Ok(Sent::Job(Job {
            id,
            printer,
            paused,
            held,
        }))
    }

    /// Whether CUPS holds the job `id` (it waits to be released: `job-hold-until-specified`
    /// or another `held` reason among its alerts).
    pub fn is_held(&self, id: &str) -> Result<bool, PrintError> {
        // `-o` takes queues, not job ids: the job's queue, then its entry in the listing.
        let mut arg = OsString::from("-o");
        arg.push(printer_of(id));
        let mut c = self.command("lpstat");
        c.arg("-l").arg(arg);
        let out = run(c, "lpstat")?;
        Ok(held_in(&String::from_utf8_lossy(&out.stdout), id))
    }

    /// Whether CUPS reports the queue `printer` as paused (disabled).
    pub fn is_paused(&self, printer: &str) -> Result<bool, PrintError> {
        // `-pNAME` in one argument: a separate name starting with `-` would be read as an option.
        let mut arg = OsString::from("-p");
        arg.push(printer);
        let mut c = self.command("lpstat");
        c.arg(arg);
        let out = run(c, "lpstat")?;
        Ok(paused_in(&String::from_utf8_lossy(&out.stdout), printer))
    }

    /// `lp -- PATH`: the path one argument after the end of options, so no name (not even one
    /// starting with `-`) is read as anything but a file.
    fn lp(&self, path: &Path) -> Command {
        let mut c = self.command("lp");
        c.arg("--").arg(path);
        c
    }

    /// A CUPS client command in the C locale (its answers are parsed) aimed at this server.
    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("LC_ALL", "C");
        if let Some(server) = &self.server {
            c.env("CUPS_SERVER", server);
        }
        c
    }
}

/// Runs a CUPS client command; its English stderr becomes the error when it fails.
fn run(mut c: Command, program: &'static str) -> Result<Output, PrintError> {
    let out = c
        .output()
        .map_err(|source| PrintError::Spawn { program, source })?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(PrintError::Refused {
            program,
            status: out.status.to_string(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}

/// Whether `lpstat -p` (C locale) says "printer NAME disabled since …" for `printer`.
fn paused_in(lpstat_stdout: &str, printer: &str) -> bool {
    lpstat_stdout.lines().any(|line| {
        let mut words = line.split_whitespace();
        words.next() == Some("printer")
            && words.next() == Some(printer)
            && words.next() == Some("disabled")
    })
}

/// Whether `lpstat -l -oQUEUE` (C locale) lists job `id` with a hold among its alerts: its own
/// line, then indented lines up to the next job.
fn held_in(lpstat_stdout: &str, id: &str) -> bool {
    let mut lines = lpstat_stdout.lines();
    let mut found = false;
    for line in lines.by_ref() {
        if line.split_whitespace().next() == Some(id) {
            found = true;
            break;
        }
    }
    found
        && lines
            .take_while(|l| l.starts_with(char::is_whitespace))
            .filter_map(|l| l.trim_start().strip_prefix("Alerts:"))
            .any(|alerts| {
                alerts
                    .split_whitespace()
                    .any(|a| a == "job-hold-until-specified" || a.contains("held"))
            })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn lp_gets_the_path_as_one_argument_after_a_double_dash() {
        let hostile = Path::new("/home/Anna Test/tmp/-d a'; $(rm -rf x); [b] åäö.pdf");
        let c = Cups::at("/tmp/cups.sock").lp(hostile);
        assert_eq!(c.get_program(), "lp");
        let args: Vec<_> = c.get_args().collect();
        assert_eq!(args, vec![OsStr::new("--"), hostile.as_os_str()]);
        let env: Vec<_> = c.get_envs().collect();
        assert!(env.contains(&(
            OsStr::new("CUPS_SERVER"),
            Some(OsStr::new("/tmp/cups.sock"))
        )));
        assert!(env.contains(&(OsStr::new("LC_ALL"), Some(OsStr::new("C")))));
        // The user's own server unless one is named.
        let default = Cups::default().lp(hostile);
        assert!(default.get_envs().all(|(k, _)| k != "CUPS_SERVER"));
    }

    #[test]
    fn a_paused_queue_is_read_from_lpstat() {
        let paused = "printer PDF disabled since Thu Dec  3 22:17:55 2026 -\n\tPaused\n";
        assert!(paused_in(paused, "PDF"));
        assert!(!paused_in(paused, "PD"));
        let idle = "printer PDF is idle.  enabled since Thu Dec  3 22:17:55 2026\n";
        assert!(!paused_in(idle, "PDF"));
        // A queue whose name holds the word is not paused by its name.
        let named = "printer disabled is idle.  enabled since Thu Dec  3 2026\n";
        assert!(!paused_in(named, "disabled"));
        assert!(!paused_in("", "PDF"));
    }

    #[test]
    fn a_held_job_is_read_from_lpstat() {
        let listing = "Q-15                    root              1024   Thu Dec  3 22:27:05 2026\n\
                       \tAlerts: job-hold-until-specified\n\
                       \tqueued for Q\n\
                       Q-16                    root              1024   Thu Dec  3 22:27:06 2026\n\
                       \tAlerts: none\n\
                       \tqueued for Q\n";
        assert!(held_in(listing, "Q-15"));
        assert!(!held_in(listing, "Q-16"));
        assert!(!held_in(listing, "Q-1"));
        let auth = "Q-3  anna  1024  Thu Dec  3 2026\n\tAlerts: cups-held-for-authentication\n";
        assert!(held_in(auth, "Q-3"));
        assert!(!held_in("", "Q-3"));
    }
}
