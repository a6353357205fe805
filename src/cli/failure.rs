//! How the CLI reports a failure. Kept apart from the commands so that every error of the
//! library reaches the user the same way: a stable code for scripts, a Swedish message for
//! people, the English detail for the log, and exit code 1 (clap's usage errors exit with 2).

use std::process::ExitCode;

use serde::Serialize;
use serde_json::json;

use inkom::lifecycle::{LifecycleError, Surface};
use inkom::lists::ListError;
use inkom::output_file::OutputFileError;
use inkom::store::StoreError;
use inkom::terminal;
use inkom::unit::UnitError;

/// A failure as the CLI reports it: a stable code for scripts, a Swedish message for people and
/// the English detail for logs.
#[derive(Debug, Serialize)]
pub(super) struct Failure {
    pub(super) code: &'static str,
    pub(super) message: String,
    pub(super) detail: String,
}

impl Failure {
    /// Logs the failure, tells the user on stderr (one JSON document with `--json`) and gives
    /// the exit code for a refused or failed action.
    pub(super) fn exit(self, json: bool) -> ExitCode {
        tracing::error!(code = self.code, "{}", self.detail);
        if json {
            eprintln!("{}", json!({ "error": self }));
        } else {
            // A refusal may list what it is about, a line each (names escaped within them).
            eprintln!("fel: {}", terminal::lines(&self.message));
        }
        ExitCode::FAILURE
    }
}

impl From<LifecycleError> for Failure {
    fn from(e: LifecycleError) -> Failure {
        let code = e.code();
        Failure {
            code,
            message: e.sv_for(Surface::Cli),
            detail: e.to_string(),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        LifecycleError::Store(e).into()
    }
}

/// `From` for the errors that carry their own code and Swedish message (`code()`, `sv()`).
macro_rules! failure_from_coded {
    ($($error:ty),+) => {$(
        impl From<$error> for Failure {
            fn from(e: $error) -> Failure {
                Failure {
                    code: e.code(),
                    message: e.sv(),
                    detail: e.to_string(),
                }
            }
        }
    )+};
}

failure_from_coded!(ListError, OutputFileError, UnitError);

/// Input the CLI itself refuses (a missing flag, a malformed list), before the library sees it.
pub(super) fn invalid(message: impl Into<String>, detail: impl Into<String>) -> Failure {
    Failure {
        code: "invalid_input",
        message: message.into(),
        detail: detail.into(),
    }
}

/// A value that could not be turned into JSON (for stdout or a file the user asked for).
pub(super) fn json_failure(e: serde_json::Error) -> Failure {
    invalid("Kunde inte skriva JSON.", e.to_string())
}
