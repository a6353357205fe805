//! `inkom recover`: the authority produces its documents when the caseworker who holds them is
//! away (TF 2 kap., issue 16). The archivist opens a caseworker's store with the unit's
//! recovery key ([`crate::store::keys::open_recovered`]) — no passphrase, no OS key store — and
//! reads what is there.
//!
//! A recovery is read-only for the store's content and never silent:
//! 1. the key is checked against the sealed key first; a wrong key is refused before anything
//!    is written;
//! 2. one `recovered` event goes into the store's own audit chain (who, when, which key, what
//!    was read) and commits before anything is read;
//! 3. the connection is then switched to `query_only`, so no later statement can change the
//!    store, whatever the caller does;
//! 4. the unit's log records it too when the unit register can be reached ([`log_in_unit`]).
//!
//! What can be read is deliberately small ([`Reading`]): the list of items, one item shown,
//! and one item as a PDF — enough to find a document and hand out a copy (utlämnande), and
//! nothing that could change the road an item is on.

use std::path::Path;

use chrono::Utc;
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Action};
use crate::documents;
use crate::model::Act;
use crate::pdf::PdfError;
use crate::store::keys::{self, RecoverySecretKey, SealError};
use crate::store::{Settings, Store, StoreError};
use crate::unit::{UnitError, UnitUrl, recovery};

/// What a recovery reads; recorded in both logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "reading", content = "item", rename_all = "snake_case")]
pub enum Reading {
    /// The items, without content.
    List,
    /// One item, content included.
    Show(i64),
    /// One item as a PDF file.
    Export(i64),
}

impl Reading {
    /// The code in the logs.
    pub fn code(self) -> &'static str {
        match self {
            Reading::List => "list",
            Reading::Show(_) => "show",
            Reading::Export(_) => "export",
        }
    }

    /// The item read, if one.
    pub fn item(self) -> Option<i64> {
        match self {
            Reading::List => None,
            Reading::Show(id) | Reading::Export(id) => Some(id),
        }
    }
}

/// Why a recovery failed. English Display for logs, [`RecoverError::sv`] for the user; never
/// key material or content.
#[derive(Debug, thiserror::Error)]
pub enum RecoverError {
    /// The key file, the sealed key or the store refused.
    #[error(transparent)]
    Seal(#[from] SealError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The item has no content left to print (purged or culled) and no stored PDF.
    #[error("item {0} has no content or stored PDF left")]
    NothingToPrint(i64),
    /// The stored PDF does not match its registered hash.
    #[error("item {0}: stored PDF does not match its registered SHA-256")]
    PdfMismatch(i64),
    /// The PDF could not be made.
    #[error("item {id}: {source}")]
    Pdf {
        /// The item.
        id: i64,
        /// Why.
        source: PdfError,
    },
}

impl RecoverError {
    /// A stable code for `--json`.
    pub fn code(&self) -> &'static str {
        match self {
            RecoverError::Seal(SealError::WrongRecoveryKey) => "wrong_recovery_key",
            RecoverError::Seal(SealError::BadSecretFile(_)) => "bad_recovery_key_file",
            RecoverError::Seal(SealError::NotSealed) => "not_sealed",
            RecoverError::Seal(SealError::Io { .. }) => "io",
            RecoverError::Seal(SealError::BadSealedFile(_)) => "bad_sealed_file",
            RecoverError::Seal(_) => "recovery",
            RecoverError::Store(StoreError::NotFound(_)) => "not_found",
            RecoverError::Store(_) => "store",
            RecoverError::NothingToPrint(_) => "nothing_to_print",
            RecoverError::PdfMismatch(_) => "pdf_mismatch",
            RecoverError::Pdf { .. } => "pdf_failed",
        }
    }

    /// The message for the user, in Swedish.
    pub fn sv(&self) -> String {
        match self {
            RecoverError::Seal(SealError::WrongRecoveryKey) => "Återställningsnyckeln passar inte \
                 denna databas: databasens nyckel är förseglad till en annan nyckel. Ingenting \
                 öppnades eller ändrades."
                .into(),
            RecoverError::Seal(SealError::BadSecretFile(_)) => {
                "Filen är ingen återställningsnyckel \
                 från inkom (eller är skadad). Ingenting öppnades eller ändrades."
                    .into()
            }
            RecoverError::Seal(SealError::NotSealed) => {
                "Databasen har ingen nyckel förseglad till \
                 enhetens återställningsnyckel (den har inte anslutits till enhetens register \
                 sedan nyckeln skapades). Den kan inte öppnas utan handläggarens lösenfras."
                    .into()
            }
            RecoverError::Seal(SealError::BadSealedFile(_)) => "Den förseglade nyckeln \
                 (inkom.recovery) är skadad eller hör till en annan databas. Ingenting ändrades."
                .into(),
            RecoverError::Seal(SealError::BadPublicKey) => {
                "Återställningsnyckeln är skadad.".into()
            }
            RecoverError::Seal(SealError::Io { path, .. }) => {
                format!(
                    "Filen {} kunde inte läsas eller skrivas.",
                    crate::path_text::display(path)
                )
            }
            RecoverError::Seal(SealError::Store(e)) | RecoverError::Store(e) => e.sv(),
            RecoverError::NothingToPrint(id) => format!(
                "Objekt {id} har inget innehåll kvar (rensat eller gallrat) och ingen sparad PDF."
            ),
            RecoverError::PdfMismatch(id) => {
                format!("Den sparade PDF:en för objekt {id} stämmer inte med sin kontrollsumma.")
            }
            RecoverError::Pdf { source, .. } => source.sv(),
        }
    }
}

/// An open recovery: the store, read-only from now on, and what the logs need.
#[derive(Debug)]
pub struct Recovery {
    /// The store (its connection is `query_only`).
    pub store: Store,
    /// The store's random id.
    pub store_id: String,
    /// The recovery key's fingerprint.
    pub fingerprint: String,
    /// Who recovered, and when.
    pub act: Act,
}

/// The person recovering: the OS login, no display name (the store's `user` setting names
/// the caseworker, not the archivist).
pub fn archivist() -> Act {
    Act::new(
        Utc::now()
            .with_timezone(&chrono_tz::Europe::Stockholm)
            .fixed_offset(),
        crate::desk::session::os_user().unwrap_or_else(|| "okänd".to_string()),
    )
}

/// Opens the store in `data_dir` with the private half in `key_file`, records the recovery
/// in the store's audit chain, then makes the store read-only. `unit_login` (the unit
/// register login given, if any) is recorded beside the OS login.
pub fn open(
    data_dir: &Path,
    key_file: &Path,
    reading: Reading,
    unit_login: Option<&str>,
) -> Result<Recovery, RecoverError> {
    let secret = RecoverySecretKey::read(key_file)?;
    let fingerprint = secret.public().fingerprint();
    let mut store = keys::open_recovered(data_dir, &secret)?;
    drop(secret);
    let store_id = keys::store_id(data_dir)?;
    let act = archivist();
    let tx = store.write()?;
    audit::append(
        &tx,
        &act,
        reading.item(),
        Action::Recovered,
        json!({
            "fingerprint": fingerprint,
            "reading": reading.code(),
            "unit_login": unit_login,
        }),
    )?;
    tx.commit().map_err(StoreError::from)?;
    // From here on the store refuses every write: a recovery reads, it never acts.
    store
        .conn()
        .pragma_update(None, "query_only", true)
        .map_err(StoreError::from)?;
    Ok(Recovery {
        store,
        store_id,
        fingerprint,
        act,
    })
}

/// How the unit's log took the recovery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", content = "reason", rename_all = "snake_case")]
pub enum UnitLog {
    /// No unit register address was given.
    NotAsked,
    /// Recorded in the unit's audit log.
    Recorded,
    /// The register could not be reached (English reason); the store's own log has it.
    Unreachable(String),
    /// The register refused (no such function, no grant; English reason).
    Refused(String),
}

/// Records the recovery in the unit's audit log, when the register can be reached. Never
/// fails the recovery: the store's own chain already holds the event.
pub fn log_in_unit(url: &UnitUrl, recovery: &Recovery, reading: Reading) -> UnitLog {
    let result = url.connect().and_then(|mut client| {
        recovery::record_recovery(
            &mut client,
            &recovery.store_id,
            &recovery.fingerprint,
            reading.code(),
            reading.item(),
        )
    });
    match result {
        Ok(()) => UnitLog::Recorded,
        Err(e @ UnitError::Unreachable(_)) => UnitLog::Unreachable(e.to_string()),
        Err(e) => UnitLog::Refused(e.to_string()),
    }
}

/// The item as a PDF: its registration PDF as stored (checked against its hash) when it has
/// one — the document as it was registered — else a printout made now from the content the
/// store still holds, titled as a copy from a recovered store and naming the archivist.
pub fn item_pdf(recovery: &Recovery, id: i64) -> Result<Vec<u8>, RecoverError> {
    let store = &recovery.store;
    let item = store.item_with_content(id)?;
    if let Some(reg) = &item.registration
        && let Some(pdf) = store.registration_pdf(id)?
    {
        return if crate::model::sha256_hex(&pdf) == reg.pdf_sha256 {
            Ok(pdf)
        } else {
            Err(RecoverError::PdfMismatch(id))
        };
    }
    if item.body.is_none() && item.attachments.is_empty() {
        return Err(RecoverError::NothingToPrint(id));
    }
    let settings = Settings::load(store.conn())?;
    let designation = format!("objekt {id}");
    let mut sheet =
        documents::registration_sheet(&item, &settings, &designation, None, &recovery.act);
    sheet.title = "Utskrift ur återställd databas".to_string();
    // The sheet names the caseworker who acts; here the archivist prints, so say that instead.
    sheet.facts.retain(|(label, _)| label != "Handläggare");
    sheet.facts.push((
        "Utskriven av".to_string(),
        format!("{} med enhetens återställningsnyckel", recovery.act.who()),
    ));
    crate::pdf::render(&sheet).map_err(|source| RecoverError::Pdf { id, source })
}
