//! The road every item travels, and the guard rails along it.
//!
//! ```text
//!  imported ──classify──▶ classified ──register──▶ registered ──confirm-printed──▶ printed
//!     ▲  (reclassify)        │  (personakt, diarium)                                  │
//!     └──────────────────────┤                                        confirm-source-deleted
//!                            │ ringa: kept ordered;                                   ▼
//!                            │ source may be deleted at once           source_deleted ──purge──▶ purged
//!                            └──cull──▶ culled
//! ```
//!
//! Every function here is one user action: it checks the rules, changes the store and writes the
//! audit event in one transaction, and returns the item as it now is. The clock and the user come
//! in as an [`Act`]; nothing here reads them itself.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::Datelike;
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Action};
use crate::documents;
use crate::import::select::{self, Selection};
use crate::import::{Format, ImportError, ImportLimits};
use crate::model::{Act, Class, Classification, Item, Registration, State, sha256_hex};
use crate::pdf::PdfError;
use crate::store::items::{self, ActColumn, Inserted, Keep};
use crate::store::{Settings, Store, StoreError};

/// Why an action was refused or failed. Every refusal leaves the store unchanged.
#[derive(Debug, thiserror::Error)]
pub enum LifecycleError {
    /// Store failure.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The import of a file failed; nothing from it was stored.
    #[error("import of {path} failed: {source}")]
    Import {
        /// The file.
        path: PathBuf,
        /// Why.
        source: ImportError,
    },
    /// The PDF could not be produced.
    #[error("item {id}: PDF could not be produced: {source}")]
    Pdf {
        /// The item.
        id: i64,
        /// Why.
        source: PdfError,
    },
    /// The action is not allowed in the item's current state.
    #[error("item {id} is {state:?}: cannot {action}")]
    WrongState {
        /// The item.
        id: i64,
        /// Its state.
        state: State,
        /// What was attempted (English verb for logs).
        action: &'static str,
    },
    /// Register was asked of an unclassified item.
    #[error("item {0} is not classified; classify it before registering")]
    NotClassified(i64),
    /// Ringa items are kept ordered, not registered or purged.
    #[error("item {id} is ringa: cannot {action}")]
    Ringa {
        /// The item.
        id: i64,
        /// What was attempted.
        action: &'static str,
    },
    /// Cull was asked of a personakt or diarium item.
    #[error("item {0} is not ringa; only ringa items can be culled")]
    NotRinga(i64),
    /// The stored PDF is missing or its hash does not match the registration.
    #[error("item {0}: registration PDF missing or its hash does not match")]
    PdfMismatch(i64),
    /// The source file changed since import, so inkom will not delete it.
    #[error("item {id}: source file {path} changed since import")]
    SourceChanged {
        /// The item.
        id: i64,
        /// The file.
        path: PathBuf,
    },
    /// The source file is not there (any more).
    #[error("item {id}: source file {path} not found")]
    SourceMissing {
        /// The item.
        id: i64,
        /// The file.
        path: PathBuf,
    },
    /// The source is a folder (an iPhone backup); inkom deletes single files only.
    #[error("item {id}: source {path} is a folder; inkom deletes files only")]
    SourceIsFolder {
        /// The item.
        id: i64,
        /// The folder.
        path: PathBuf,
    },
    /// The source file also holds items that are not ready for their source to go.
    #[error("item {id}: the source file also holds items {others:?} that are not yet handled")]
    SourceShared {
        /// The item.
        id: i64,
        /// The items blocking deletion.
        others: Vec<i64>,
    },
    /// A file operation failed.
    #[error("{what} {path}: {source}")]
    Io {
        /// What inkom was doing.
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Diary numbers are for diarium items only.
    #[error("item {0} is not a diarium item; only those get a diary number")]
    NotDiarium(i64),
    /// The item already has its diary number.
    #[error("item {id} already has diary number {diarienummer}")]
    HasDiarienummer {
        /// The item.
        id: i64,
        /// Its number.
        diarienummer: String,
    },
    /// No diary series is configured.
    #[error("no diary series: set diary_prefix")]
    NoDiarySeries,
    /// A required text was empty.
    #[error("{0} must not be empty")]
    Empty(&'static str),
    /// The user cancelled an import; nothing from the file being read was stored.
    #[error("import cancelled by the user")]
    Cancelled,
    // --- issue 12: the fidelity gate (src/fidelity.rs) ---
    /// The registration printout lacks characters no font could draw: the source must stay.
    #[error("item {id}: the registration PDF lacks {count} characters ({scripts}); source kept")]
    IncompletePrintout {
        /// The item.
        id: i64,
        /// Characters drawn as a replacement mark.
        count: u64,
        /// Their scripts, in Swedish.
        scripts: String,
    },
    /// Re-registration was asked of an item whose printout is already complete.
    #[error("item {0}: the registration PDF is complete; nothing to register again")]
    PrintoutComplete(i64),
}

impl LifecycleError {
    /// The message for a Swedish user: what was refused and what to do instead.
    pub fn sv(&self) -> String {
        match self {
            LifecycleError::Store(e) => e.sv(),
            LifecycleError::Import { source, .. } => source.sv(),
            LifecycleError::Pdf { id, source } => {
                format!("PDF för objekt {id} kunde inte skapas: {}", source.sv())
            }
            LifecycleError::WrongState { id, state, action } => format!(
                "Objekt {id} har status \"{}\" och kan inte {}.",
                state.sv(),
                action_sv(action)
            ),
            LifecycleError::NotClassified(id) => format!(
                "Objekt {id} är inte klassificerat. Klassificera det innan det registreras."
            ),
            LifecycleError::Ringa { id, action } => format!(
                "Objekt {id} är av ringa betydelse och kan inte {}. Det sparas ordnat tills det gallras.",
                action_sv(action)
            ),
            LifecycleError::NotRinga(id) => format!(
                "Objekt {id} är inte av ringa betydelse. Bara sådana handlingar gallras; \
                 övriga registreras och rensas efter att källan raderats."
            ),
            LifecycleError::PdfMismatch(id) => format!(
                "Registreringens PDF för objekt {id} saknas eller stämmer inte med sin kontrollsumma. \
                 Källan får inte raderas."
            ),
            LifecycleError::SourceChanged { path, .. } => format!(
                "Filen {} har ändrats sedan importen. inkom raderar den inte; kontrollera den och \
                 radera den själv.",
                path.display()
            ),
            LifecycleError::SourceMissing { path, .. } => format!(
                "Filen {} finns inte. Ange var källan raderades med --where i stället.",
                path.display()
            ),
            LifecycleError::SourceIsFolder { path, .. } => format!(
                "Källan {} är en mapp (en säkerhetskopia). inkom raderar bara enskilda filer: \
                 radera säkerhetskopian själv och bekräfta raderingen utan --delete-file.",
                path.display()
            ),
            LifecycleError::SourceShared { others, .. } => format!(
                "Filen innehåller också objekt {} som inte är färdighanterade. Hantera dem först, \
                 eller radera källan själv.",
                others
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            LifecycleError::Io { path, .. } => {
                format!("Filen {} kunde inte läsas eller skrivas.", path.display())
            }
            LifecycleError::NotDiarium(id) => {
                format!("Objekt {id} ska inte diarieföras och får inget diarienummer.")
            }
            LifecycleError::HasDiarienummer { id, diarienummer } => format!(
                "Objekt {id} har redan diarienummer {diarienummer}. Ett diarienummer ändras aldrig."
            ),
            LifecycleError::NoDiarySeries => "Ingen diarieserie är inställd. Ange prefix med \
                 `inkom settings set diary_prefix SN`."
                .to_string(),
            LifecycleError::Empty(what) => format!("{} får inte vara tomt.", field_sv(what)),
            LifecycleError::IncompletePrintout { id, count, scripts } => format!(
                "Källan till objekt {id} får inte raderas: utskriften saknar {count} tecken \
                 ({scripts}) och är ingen fullständig kopia. Installera ett typsnitt för \
                 skriften (för kinesiska, japanska och koreanska: Noto Sans CJK, eller \
                 Windows språkstöd för språket) och registrera sedan handlingen på nytt med \
                 `inkom register --again {id}`; skriv ut det nya bladet och bekräfta \
                 raderingen därefter."
            ),
            LifecycleError::PrintoutComplete(id) => format!(
                "Utskriften för objekt {id} är redan fullständig; den registreras inte på nytt."
            ),
            LifecycleError::Cancelled => {
                "Importen avbröts. Inget från filen som lästes sparades; importera den igen \
                 när du vill."
                    .to_string()
            }
        }
    }
}

impl LifecycleError {
    /// A stable code for scripts (`--json`) and the app's front end, which may branch on it.
    pub fn code(&self) -> &'static str {
        match self {
            LifecycleError::Store(StoreError::NotFound(_)) => "not_found",
            LifecycleError::Store(StoreError::UnknownSetting(_)) => "invalid_input",
            LifecycleError::Store(StoreError::NeedsPassphrase) => "needs_passphrase",
            LifecycleError::Store(StoreError::WrongPassphrase) => "wrong_passphrase",
            LifecycleError::Store(StoreError::KeyMissing) => "key_missing",
            LifecycleError::Store(StoreError::WrongKey) => "wrong_key",
            LifecycleError::Store(StoreError::OsKeystore(_)) => "os_keystore",
            LifecycleError::Store(
                StoreError::BadKeystoreChoice(_) | StoreError::PassphraseTooShort { .. },
            ) => "invalid_input",
            LifecycleError::Store(_) => "store",
            LifecycleError::Import { .. } => "import_failed",
            LifecycleError::Pdf { .. } => "pdf_failed",
            LifecycleError::WrongState { .. } => "wrong_state",
            LifecycleError::NotClassified(_) => "not_classified",
            LifecycleError::Ringa { .. } => "ringa",
            LifecycleError::NotRinga(_) => "not_ringa",
            LifecycleError::PdfMismatch(_) => "pdf_mismatch",
            LifecycleError::SourceChanged { .. } => "source_changed",
            LifecycleError::SourceMissing { .. } => "source_missing",
            LifecycleError::SourceShared { .. } => "source_shared",
            LifecycleError::SourceIsFolder { .. } => "source_is_folder",
            LifecycleError::Io { .. } => "io",
            LifecycleError::Empty(_) => "invalid_input",
            LifecycleError::NotDiarium(_) => "not_diarium",
            LifecycleError::HasDiarienummer { .. } => "has_diarienummer",
            LifecycleError::NoDiarySeries => "no_diary_series",
            LifecycleError::Cancelled => "cancelled",
            LifecycleError::IncompletePrintout { .. } => "incomplete_printout",
            LifecycleError::PrintoutComplete(_) => "printout_complete",
        }
    }
}

/// Ends an action on item `id`: appends its audit event in the action's transaction and commits
/// both together, so that no change to an item is ever stored without its event.
fn commit_with_event(
    tx: rusqlite::Transaction<'_>,
    act: &Act,
    id: i64,
    action: Action,
    details: serde_json::Value,
) -> Result<(), LifecycleError> {
    audit::append(&tx, act, Some(id), action, details)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(())
}

fn action_sv(action: &str) -> &'static str {
    match action {
        "classify" => "klassificeras om",
        "register" => "registreras",
        "confirm printed" => "markeras som utskrivet",
        "confirm source deleted" => "få källan markerad som raderad",
        "purge" => "rensas",
        "cull" => "gallras",
        "export" => "exporteras",
        "assign diary number" => "få diarienummer (det är inte registrerat)",
        "unclassify" => "få klassificeringen ångrad (den är registrerad eller källan är raderad)",
        _ => "hanteras så",
    }
}

fn field_sv(what: &str) -> &'static str {
    match what {
        "client name" => "Klientens namn",
        "description" => "Ärendemeningen",
        "where" => "Uppgiften om var källan raderades",
        "decision" => "Gallringsbeslutet",
        "secrecy provision" => "Sekretessbestämmelsen",
        _ => "Fältet",
    }
}

/// How often [`import_file`] reports progress, in items.
pub const PROGRESS_EVERY: usize = 1000;

/// The outcome of importing one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileImport {
    /// The file as given.
    pub path: PathBuf,
    /// Detected format.
    pub format: Format,
    /// New items.
    pub created: Vec<i64>,
    /// Messages already in the store: (locator, existing item id).
    pub duplicates: Vec<(String, i64)>,
    /// Parts of the file that were skipped, with the reason (Swedish).
    pub skipped: Vec<String>,
}

/// How far an import has come, for a progress bar or the app's progress events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportProgress {
    /// Items handed over by the parser so far (stored or found to be duplicates).
    pub items: usize,
    /// Bytes of the file read so far.
    pub bytes: u64,
    /// Size of the file in bytes.
    pub total: u64,
}

/// Imports what `selection` chooses from one file, in one transaction: either every new item
/// from it is stored, or none. `on_progress` is called every [`PROGRESS_EVERY`] items.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    limits: &ImportLimits,
    selection: &Selection,
    act: &Act,
    on_progress: &mut dyn FnMut(ImportProgress),
) -> Result<FileImport, LifecycleError> {
    let never = AtomicBool::new(false);
    import_file_cancellable(store, path, limits, selection, act, on_progress, &never)
}

/// [`import_file`] that stops when `cancel` is set (the app's cancel button, from another
/// thread): the file's transaction is rolled back, so nothing from it is stored, and the result
/// is [`LifecycleError::Cancelled`]. Checked at every item and once more before the commit.
pub fn import_file_cancellable(
    store: &mut Store,
    path: &Path,
    limits: &ImportLimits,
    selection: &Selection,
    act: &Act,
    on_progress: &mut dyn FnMut(ImportProgress),
    cancel: &AtomicBool,
) -> Result<FileImport, LifecycleError> {
    let tx = store.write()?;
    let mut created = Vec::new();
    let mut duplicates = Vec::new();
    let mut seen = 0;
    let total = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let parsed = {
        let mut on_item = |item: crate::model::NewItem| -> Result<(), ImportError> {
            if cancel.load(Ordering::Relaxed) {
                return Err(ImportError::Sink(Box::new(LifecycleError::Cancelled)));
            }
            seen += 1;
            if seen % PROGRESS_EVERY == 0 {
                on_progress(ImportProgress {
                    items: seen,
                    bytes: crate::import::bytes_read().min(total),
                    total,
                });
            }
            let sink = |e: StoreError| ImportError::Sink(Box::new(e));
            match items::insert(&tx, &item, act).map_err(sink)? {
                Inserted::New(id) => {
                    let details = json!({
                        "channel": item.channel.code(),
                        "source_sha256": item.source.file_sha256,
                        "locator": item.source.locator,
                        "attachments": item.attachments.len(),
                    });
                    audit::append(&tx, act, Some(id), Action::Imported, details).map_err(sink)?;
                    created.push(id);
                }
                Inserted::Duplicate(id) => duplicates.push((item.source.locator.clone(), id)),
            }
            Ok(())
        };
        select::parse_selected(path, limits, selection, &mut on_item)
    };
    // Dropping `tx` without commit rolls the file back.
    if cancel.load(Ordering::Relaxed) {
        return Err(LifecycleError::Cancelled);
    }
    let parsed = parsed.map_err(|source| LifecycleError::Import {
        path: path.to_path_buf(),
        source,
    })?;
    tx.commit().map_err(StoreError::from)?;
    Ok(FileImport {
        path: path.to_path_buf(),
        format: parsed.format,
        created,
        duplicates,
        skipped: parsed.skipped,
    })
}

/// Undoes a classification (the caseworker's "ångra"): the item is `imported` again. Allowed
/// only while nothing rests on the classification: before registration, and for a ringa item
/// only while its source has not been deleted (the ordered keep then replaces the source).
pub fn unclassify(store: &mut Store, id: i64, act: &Act) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    if item.state != State::Classified || item.source_deleted.is_some() {
        return Err(LifecycleError::WrongState {
            id,
            state: item.state,
            action: "unclassify",
        });
    }
    items::clear_classification(&tx, id)?;
    let previous = item.class.map(Class::code);
    commit_with_event(
        tx,
        act,
        id,
        Action::Unclassified,
        json!({ "previous_class": previous }),
    )?;
    Ok(store.item(id)?)
}

/// Classifies or reclassifies an item. Allowed until it is registered (or culled); after that the
/// registration is a fact that cannot be rewritten.
pub fn classify(
    store: &mut Store,
    id: i64,
    classification: Classification,
    act: &Act,
) -> Result<Item, LifecycleError> {
    validate(&classification)?;
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    if !matches!(item.state, State::Imported | State::Classified) {
        return Err(LifecycleError::WrongState {
            id,
            state: item.state,
            action: "classify",
        });
    }
    items::set_classification(&tx, id, &classification, act)?;
    let action = if item.classification.is_some() {
        Action::Reclassified
    } else {
        Action::Classified
    };
    let mut details = json!({ "class": classification.class().code() });
    if let Some(previous) = item.class {
        details["previous_class"] = json!(previous.code());
    }
    commit_with_event(tx, act, id, action, details)?;
    Ok(store.item(id)?)
}

fn validate(c: &Classification) -> Result<(), LifecycleError> {
    match c {
        Classification::Personakt { client_name, .. } if client_name.trim().is_empty() => {
            Err(LifecycleError::Empty("client name"))
        }
        Classification::Diarium { description, .. } if description.trim().is_empty() => {
            Err(LifecycleError::Empty("description"))
        }
        Classification::Diarium {
            secrecy: Some(s), ..
        } if s.provision.trim().is_empty() => Err(LifecycleError::Empty("secrecy provision")),
        _ => Ok(()),
    }
}

/// Writes the registration PDF (registreringsblad or personaktsutskrift) into the store and
/// records its hash. The PDF and the state change commit together.
pub fn register(store: &mut Store, id: i64, act: &Act) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, true)?;
    match (item.state, item.class) {
        (State::Imported, _) => return Err(LifecycleError::NotClassified(id)),
        (State::Classified, Some(Class::Ringa)) => {
            return Err(LifecycleError::Ringa {
                id,
                action: "register",
            });
        }
        (State::Classified, _) => {}
        (state, _) => {
            return Err(LifecycleError::WrongState {
                id,
                state,
                action: "register",
            });
        }
    }
    let settings = Settings::load(&tx)?;
    let prefix = format!("INK-{}-", act.at.year());
    let designation = format!(
        "{prefix}{:05}",
        items::count_designations(&tx, &prefix)? + 1
    );
    // When inkom holds the unit's diary series, the number is allocated now and printed;
    // otherwise the sheet leaves a box for the registrar's hand.
    let diarienummer = match (item.class, settings.diary_prefix.as_deref()) {
        (Some(Class::Diarium), Some(series)) => {
            Some(items::next_diarienummer(&tx, series, act.at.year())?)
        }
        _ => None,
    };
    let sheet =
        documents::registration_sheet(&item, &settings, &designation, diarienummer.as_deref(), act);
    let rendered =
        crate::pdf::render_checked(&sheet).map_err(|source| LifecycleError::Pdf { id, source })?;
    let pdf = rendered.pdf;
    let reg = Registration {
        designation,
        registered_at: act.at,
        registered_by: act.by.clone(),
        pdf_sha256: sha256_hex(&pdf),
        pdf_size: pdf.len() as u64,
        diarienummer,
    };
    items::insert_registration(&tx, id, &reg, &pdf)?;
    crate::fidelity::record(&tx, id, &rendered.unprintable)?; // issue 12: the fidelity gate
    commit_with_event(
        tx,
        act,
        id,
        Action::Registered,
        json!({
            "designation": reg.designation,
            "pdf_sha256": reg.pdf_sha256,
            "diarienummer": reg.diarienummer,
            "unprintable": rendered.unprintable.count,
        }),
    )?;
    Ok(store.item(id)?)
}

/// Gives a registered diarium item the next number in the unit's diary series (the registrar's
/// act when the sheet was printed without one). A number, once given, is never changed.
pub fn assign_diarienummer(store: &mut Store, id: i64, act: &Act) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    if item.class != Some(Class::Diarium) {
        return Err(LifecycleError::NotDiarium(id));
    }
    let Some(reg) = &item.registration else {
        return Err(LifecycleError::WrongState {
            id,
            state: item.state,
            action: "assign diary number",
        });
    };
    if let Some(existing) = &reg.diarienummer {
        return Err(LifecycleError::HasDiarienummer {
            id,
            diarienummer: existing.clone(),
        });
    }
    let series = Settings::load(&tx)?
        .diary_prefix
        .ok_or(LifecycleError::NoDiarySeries)?;
    let dnr = items::next_diarienummer(&tx, &series, act.at.year())?;
    items::set_diarienummer(&tx, id, &dnr)?;
    commit_with_event(
        tx,
        act,
        id,
        Action::DiarienummerAssigned,
        json!({ "diarienummer": dnr }),
    )?;
    Ok(store.item(id)?)
}

/// Writes an item's stored registration PDF to `out` and records the export. The PDF must still
/// match its registered hash, so what leaves is what was registered.
pub fn export_pdf(store: &mut Store, id: i64, out: &Path, act: &Act) -> Result<(), LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    let pdf = verified_pdf(&tx, &item)?;
    write_file_durably(out, &pdf)?;
    commit_with_event(
        tx,
        act,
        id,
        Action::Exported,
        json!({ "pdf_sha256": sha256_hex(&pdf), "to": out.display().to_string() }),
    )?;
    Ok(())
}

/// The stored PDF, checked against the registration's hash.
fn verified_pdf(conn: &rusqlite::Connection, item: &Item) -> Result<Vec<u8>, LifecycleError> {
    let reg = item
        .registration
        .as_ref()
        .ok_or(LifecycleError::PdfMismatch(item.id))?;
    match items::registration_pdf(conn, item.id)? {
        Some(pdf) if sha256_hex(&pdf) == reg.pdf_sha256 => Ok(pdf),
        _ => Err(LifecycleError::PdfMismatch(item.id)),
    }
}

fn write_file_durably(path: &Path, bytes: &[u8]) -> Result<(), LifecycleError> {
    use std::io::Write;
    let io = |source| LifecycleError::Io {
        what: "writing",
        path: path.to_path_buf(),
        source,
    };
    let mut f = std::fs::File::create(path).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    Ok(())
}

/// Records that the registration PDF was printed.
pub fn confirm_printed(store: &mut Store, id: i64, act: &Act) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    if item.state != State::Registered {
        return Err(LifecycleError::WrongState {
            id,
            state: item.state,
            action: "confirm printed",
        });
    }
    items::record_act(&tx, id, ActColumn::Printed, Some(State::Printed), act)?;
    commit_with_event(tx, act, id, Action::Printed, json!({}))?;
    Ok(store.item(id)?)
}

/// May this item's source be deleted now? Personakt and diarium items: only once printed with an
/// intact registration PDF. Ringa items: as soon as classified, since inkom's ordered keep
/// replaces the source.
fn check_source_deletable(conn: &rusqlite::Connection, item: &Item) -> Result<(), LifecycleError> {
    let refuse = || LifecycleError::WrongState {
        id: item.id,
        state: item.state,
        action: "confirm source deleted",
    };
    match (item.class, item.state) {
        (Some(Class::Ringa), State::Classified) => Ok(()),
        (Some(Class::Personakt | Class::Diarium), State::Registered | State::Printed) => {
            verified_pdf(conn, item)?;
            crate::fidelity::check_source_deletable(conn, item.id)?; // issue 12
            if item.state == State::Printed {
                Ok(())
            } else {
                Err(refuse())
            }
        }
        (_, State::Imported | State::Classified) => Err(LifecycleError::PdfMismatch(item.id)),
        _ => Err(refuse()),
    }
}

/// Records that the source (on the phone, in Outlook, on disk) was deleted, and with
/// `delete_file` deletes a file-based source itself. The file is deleted only when it is unchanged
/// since import and every item it holds may lose its source; all of them are then marked.
pub fn confirm_source_deleted(
    store: &mut Store,
    id: i64,
    place: &str,
    delete_file: bool,
    act: &Act,
) -> Result<Item, LifecycleError> {
    if place.trim().is_empty() {
        return Err(LifecycleError::Empty("where"));
    }
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    if item.source_deleted.is_some() && item.state != State::Printed {
        return Err(LifecycleError::WrongState {
            id,
            state: item.state,
            action: "confirm source deleted",
        });
    }
    check_source_deletable(&tx, &item)?;
    let mut marked = vec![item.clone()];
    if delete_file {
        if Path::new(&item.source.path).is_dir() {
            return Err(LifecycleError::SourceIsFolder {
                id,
                path: PathBuf::from(&item.source.path),
            });
        }
        let others = items::same_source(&tx, &item)?;
        let blocking: Vec<i64> = others
            .iter()
            .filter(|o| o.source_deleted.is_none() && check_source_deletable(&tx, o).is_err())
            .map(|o| o.id)
            .collect();
        if !blocking.is_empty() {
            return Err(LifecycleError::SourceShared {
                id,
                others: blocking,
            });
        }
        marked.extend(others.into_iter().filter(|o| o.source_deleted.is_none()));
    }
    for m in &marked {
        let new_state = (m.class != Some(Class::Ringa)).then_some(State::SourceDeleted);
        items::record_act(&tx, m.id, ActColumn::SourceDeleted, new_state, act)?;
        items::set_source_deleted_where(&tx, m.id, place)?;
        audit::append(
            &tx,
            act,
            Some(m.id),
            Action::SourceDeleted,
            json!({ "where": place, "by_inkom": delete_file }),
        )?;
    }
    if delete_file {
        let path = PathBuf::from(&item.source.path);
        delete_unchanged_file(&path, &item.source.file_sha256, id)?;
        audit::append(
            &tx,
            act,
            Some(id),
            Action::SourceFileDeleted,
            json!({ "path": item.source.path, "sha256": item.source.file_sha256 }),
        )?;
    }
    // The file is gone before this commit: if the commit failed, the registration still exists
    // and the user can confirm again; the reverse order could record a deletion that never was.
    tx.commit().map_err(StoreError::from)?;
    Ok(store.item(id)?)
}

fn delete_unchanged_file(path: &Path, sha256: &str, id: i64) -> Result<(), LifecycleError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(LifecycleError::SourceMissing {
                id,
                path: path.to_path_buf(),
            });
        }
        Err(source) => {
            return Err(LifecycleError::Io {
                what: "reading",
                path: path.to_path_buf(),
                source,
            });
        }
    };
    if sha256_hex(&bytes) != sha256 {
        return Err(LifecycleError::SourceChanged {
            id,
            path: path.to_path_buf(),
        });
    }
    std::fs::remove_file(path).map_err(|source| LifecycleError::Io {
        what: "deleting",
        path: path.to_path_buf(),
        source,
    })
}

/// Removes content, attachments and PDF once the source is gone, keeping what 5 kap. 2 § OSL
/// asks: date received, designation, sender unless secret, and the description.
pub fn purge(store: &mut Store, id: i64, act: &Act) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    if item.class == Some(Class::Ringa) {
        return Err(LifecycleError::Ringa {
            id,
            action: "purge",
        });
    }
    if item.state != State::SourceDeleted {
        return Err(LifecycleError::WrongState {
            id,
            state: item.state,
            action: "purge",
        });
    }
    let keep = match &item.classification {
        Some(Classification::Diarium { sender_secret, .. }) => Keep {
            sender: !sender_secret,
            classification: true,
        },
        _ => Keep {
            sender: false,
            classification: false,
        },
    };
    items::remove_content(&tx, id, keep)?;
    items::record_act(&tx, id, ActColumn::Purged, Some(State::Purged), act)?;
    commit_with_event(tx, act, id, Action::Purged, json!({}))?;
    store.checkpoint()?;
    Ok(store.item(id)?)
}

/// Culls (gallrar) a `ringa` item under a gallring decision: the content goes, a record of what,
/// when, by whom and under which decision stays.
pub fn cull(store: &mut Store, id: i64, decision: &str, act: &Act) -> Result<Item, LifecycleError> {
    if decision.trim().is_empty() {
        return Err(LifecycleError::Empty("decision"));
    }
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    if item.class != Some(Class::Ringa) {
        return Err(LifecycleError::NotRinga(id));
    }
    if item.state != State::Classified {
        return Err(LifecycleError::WrongState {
            id,
            state: item.state,
            action: "cull",
        });
    }
    items::remove_content(
        &tx,
        id,
        Keep {
            sender: true,
            classification: true,
        },
    )?;
    items::record_act(&tx, id, ActColumn::Culled, Some(State::Culled), act)?;
    items::set_cull_decision(&tx, id, decision)?;
    commit_with_event(
        tx,
        act,
        id,
        Action::Culled,
        json!({
            "decision": decision,
            "channel": item.channel.code(),
            "received_at": item.received_at.to_rfc3339(),
        }),
    )?;
    store.checkpoint()?;
    Ok(store.item(id)?)
}

/// Changes a unit setting, audited: who the authority is and which gallring decision applies
/// are facts printed on public documents.
pub fn set_setting(
    store: &mut Store,
    setting: crate::store::Setting,
    value: &str,
    act: &Act,
) -> Result<(), LifecycleError> {
    let tx = store.write()?;
    Settings::set(&tx, setting, value)?;
    audit::append(
        &tx,
        act,
        None,
        Action::SettingChanged,
        json!({ "key": setting.key(), "value": value.trim() }),
    )?;
    tx.commit().map_err(StoreError::from)?;
    Ok(())
}
