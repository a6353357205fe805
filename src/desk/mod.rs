//! The app-facing API: what the desktop app's window asks of the core, answered with the serde
//! views in [`views`] (the IPC contract, `docs/ipc.md`). No Tauri here: the shell in
//! `src-tauri/` only forwards its commands to these functions, so every rule stays in
//! [`crate::lifecycle`] and every query is testable on a real store without a window.
//!
//! Mutations return the new view(s), so the front end never chains refetches.

pub mod batch;
pub mod classify;
pub mod clients;
pub mod demo;
pub mod gallring;
pub mod history;
pub mod idle;
pub mod import;
pub mod inbox;
pub mod item_view;
pub mod lists;
pub mod preview;
pub mod search;
pub mod session;
pub mod setup;
pub mod unit;
pub mod unit_connect;
pub mod views;

use crate::lifecycle::LifecycleError;
use crate::lists::ListError;
use crate::store::StoreError;

pub use views::ErrorView;

/// Why a desk call failed. Each variant maps to a stable code and a Swedish message; the
/// English `Display` goes to the log only and never holds message content.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// A lifecycle rule refused, or the store failed.
    #[error(transparent)]
    Lifecycle(#[from] LifecycleError),
    /// A printed list could not be made.
    #[error(transparent)]
    List(#[from] ListError),
    /// The store is locked (closed); unlock first.
    #[error("the store is locked")]
    Locked,
    /// The user's input was not usable; the Swedish text says why.
    #[error("invalid input: {en}")]
    Invalid {
        /// English, for the log.
        en: String,
        /// Swedish, for the user.
        sv: String,
    },
    /// A personnummer did not validate.
    #[error("invalid personnummer")]
    Personnummer(#[from] crate::personnummer::PersonnummerError),
    /// The registration PDF could not be rendered for a preview.
    #[error("preview could not be rendered: {0}")]
    Preview(#[from] crate::pdf::RasterError),
    /// An attachment is too large to preview or no longer stored.
    #[error("attachment {0} has no stored bytes or is too large to preview")]
    NoPreview(i64),
    /// The unit's register refused, could not be reached, or this store is not connected.
    #[error(transparent)]
    Unit(#[from] crate::unit::UnitError),
    /// Connecting to the unit register failed (the first-run step, [`unit_connect`]): the same
    /// errors, told in the set-up step's words and with the code of the field they concern.
    #[error("unit register set-up: {0}")]
    UnitSetup(crate::unit::UnitError),
    /// The current passphrase typed to change it was wrong ([`session::change_passphrase`]):
    /// the store is open, so the core's "not unlocked" does not fit.
    #[error("the current passphrase typed for a change is wrong")]
    WrongCurrentPassphrase,
}

impl From<StoreError> for DeskError {
    fn from(e: StoreError) -> Self {
        DeskError::Lifecycle(LifecycleError::Store(e))
    }
}

impl DeskError {
    /// Input the user must correct, with the Swedish explanation.
    pub fn invalid(en: impl Into<String>, sv: impl Into<String>) -> DeskError {
        DeskError::Invalid {
            en: en.into(),
            sv: sv.into(),
        }
    }

    /// The stable code (docs/ipc.md): the UI branches only on these, never on text.
    pub fn code(&self) -> &'static str {
        match self {
            DeskError::Lifecycle(e) => e.code(),
            DeskError::List(e) => e.code(),
            DeskError::Locked => "locked",
            DeskError::Invalid { .. } => "invalid_input",
            DeskError::Personnummer(_) => "invalid_personnummer",
            DeskError::Preview(_) => "pdf_failed",
            DeskError::NoPreview(_) => "not_found",
            DeskError::Unit(e) => e.code(),
            DeskError::UnitSetup(e) => unit_connect::error_code(e),
            DeskError::WrongCurrentPassphrase => "wrong_current_passphrase",
        }
    }

    /// Plain Swedish with what to do next.
    pub fn sv(&self) -> String {
        match self {
            DeskError::Lifecycle(e) => e.sv_for(crate::lifecycle::Surface::App),
            DeskError::List(e) => e.sv(),
            DeskError::Locked => "inkom är låst. Lås upp för att fortsätta.".to_string(),
            DeskError::Invalid { sv, .. } => sv.clone(),
            DeskError::Personnummer(e) => format!(
                "Personnumret är ogiltigt: {}. Kontrollera siffrorna (ÅÅÅÅMMDD-NNNN).",
                e.sv()
            ),
            DeskError::Preview(e) => format!(
                "Förhandsvisningen kunde inte visas ({}). Öppna PDF:en i stället.",
                e.sv()
            ),
            DeskError::NoPreview(_) => {
                "Bilagan kan inte visas här: den finns inte längre sparad, är för stor eller \
                 är ingen läsbar bild. Registreringsbladet säger vad som återges av den."
                    .to_string()
            }
            // In the window this is the registrar's (or "Synka nu"'s) error, where the core's
            // caseworker wording ("work goes on locally") does not fit.
            DeskError::Unit(crate::unit::UnitError::Unreachable(_)) => {
                "Enhetens register kan inte nås just nu. Kontrollera nätverket och försök igen \
                 om en stund; inget har ändrats."
                    .to_string()
            }
            DeskError::Unit(crate::unit::UnitError::NotConnected) => {
                "Denna dator är inte ansluten till enhetens register.".to_string()
            }
            DeskError::Unit(e) => e.sv(),
            DeskError::UnitSetup(e) => unit_connect::error_sv(e),
            DeskError::WrongCurrentPassphrase => {
                "Den nuvarande lösenfrasen stämmer inte. Lösenfrasen är inte bytt.".to_string()
            }
        }
    }

    /// The shape every IPC command rejects with.
    pub fn view(&self) -> ErrorView {
        ErrorView {
            code: self.code().to_string(),
            message: self.sv(),
        }
    }
}

/// Shorthand for desk results.
pub type DeskResult<T> = Result<T, DeskError>;
