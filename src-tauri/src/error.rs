//! The one error shape every command rejects with: `{code, message}` (docs/ipc.md). The code is
//! stable and the UI may branch on it; the message is plain Swedish with what to do next. The
//! English detail goes to the log, never content.

use inkom::desk::DeskError;
use serde::Serialize;

/// A command's failure as the front end receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppError {
    /// Stable code, e.g. `not_found`, `invalid_personnummer`, `locked`.
    pub code: String,
    /// Swedish text for the user.
    pub message: String,
}

impl AppError {
    /// An error of the shell itself (opening a viewer, printing, the file dialog).
    pub fn new(code: &str, message: impl Into<String>) -> AppError {
        AppError {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl From<DeskError> for AppError {
    fn from(e: DeskError) -> AppError {
        tracing::warn!(code = e.code(), "{e}");
        let view = e.view();
        AppError {
            code: view.code,
            message: view.message,
        }
    }
}

impl From<inkom::store::StoreError> for AppError {
    fn from(e: inkom::store::StoreError) -> AppError {
        DeskError::from(e).into()
    }
}

/// Command results.
pub type AppResult<T> = Result<T, AppError>;
