//! The `inkom` command line: a thin shell over [`inkom::lifecycle`]. Human output is Swedish;
//! `--json` prints one JSON document on stdout for scripts. Errors go to stderr with a non-zero
//! exit code (1 for a refused or failed action, 2 for a usage error).

#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
