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
//! in as an [`Act`]; nothing here reads them itself. Which step is allowed when is the one table
//! in [`machine`]; each function asks it first.
//!
//! Guard rails before anything is removed: a diarium item's source goes only once it has its
//! diary number, a personakt item's only once the printout is confirmed filed in the akt, and a
//! held item (request for public documents, appeal) loses nothing until released. Once the
//! source of a personakt or diarium item is confirmed deleted, inkom's copy is purged in the
//! same step, whoever asks (CLI or app).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::Datelike;
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Action as Event};
use crate::documents;
use crate::import::pipeline::{self, Parsed};
use crate::import::select::Selection;
use crate::import::{Format, ImportError, ImportLimits};
use crate::model::{Act, Action, Class, Classification, Item, Registration, count_sv, sha256_hex};
use crate::store::items::{self, ActColumn, Inserted};
use crate::store::known::{KnownMessages, Stored};
use crate::store::search_bulk::DeferredIndex;
use crate::store::{Setting, Settings, Store, StoreError};

mod akt;
mod deletion;
mod diary;
mod error;
pub mod export_file;
pub mod gallring;
mod hold;
pub mod machine;
pub mod overdue;
pub mod public;
pub mod received;

pub use deletion::{
    FileDeletion, OFF_PAPER_STATEMENT, confirm_source_deleted, confirm_source_deleted_with,
    off_paper, purge,
};
pub use diary::{
    DnrSource, assign_diarienummer, confirm_filed, record_diarienummer, set_diarienummer,
};
pub use error::{LifecycleError, Surface};
pub use gallring::NewGallringsbeslut;
pub use hold::{hold, release};
pub use received::{ReceivedCorrection, set_received};

/// Ends an action on item `id`: appends its audit event in the action's transaction and commits
/// both together, so that no change to an item is ever stored without its event.
pub(crate) fn commit_with_event(
    tx: rusqlite::Transaction<'_>,
    act: &Act,
    id: i64,
    event: Event,
    details: serde_json::Value,
) -> Result<(), LifecycleError> {
    audit::append(&tx, act, Some(id), event, details)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(())
}

/// How often [`import_file`] reports progress, in items.
pub const PROGRESS_EVERY: usize = 1000;

/// The outcome of importing one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileImport {
    /// The file as given; serialized as its lossless text ([`crate::path_text`]).
    #[serde(serialize_with = "crate::path_text::serialize")]
    pub path: PathBuf,
    /// Detected format.
    pub format: Format,
    /// New items.
    pub created: Vec<i64>,
    /// Messages already in the store: (locator, existing item id).
    pub duplicates: Vec<(String, i64)>,
    /// Parts of the file that were skipped, with the reason (Swedish).
    pub skipped: Vec<String>,
    /// How every message in the file was accounted for (nothing silently lost).
    pub tally: crate::import::Tally,
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
/// from it is stored, or none. The search index of the new items is written in one statement
/// at the end ([`DeferredIndex`]). `on_progress` is called every [`PROGRESS_EVERY`] items.
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
    let unit_addresses = unit_addresses_in(&tx)?;
    // The file is parsed on a second thread while this one stores (src/import/pipeline.rs).
    std::thread::scope(|scope| {
        let reading = pipeline::Reading {
            path,
            limits,
            selection,
            unit_addresses: pipeline::UnitAddresses::Known(&unit_addresses),
        };
        let (found, parser) = pipeline::parse_in_background(scope, reading, cancel);
        let ahead = ReadAhead {
            path,
            found,
            parser,
        };
        store_parsed(tx, ahead, act, on_progress, cancel)
    })
}

/// The unit's own e-mail addresses (the `unit_addresses` setting): mail from them is imported
/// as sent by the unit. For [`read_ahead`], whose parser starts before the store is open.
pub fn unit_addresses(store: &Store) -> Result<Vec<String>, LifecycleError> {
    unit_addresses_in(store.conn())
}

fn unit_addresses_in(conn: &rusqlite::Connection) -> Result<Vec<String>, LifecycleError> {
    let setting = Settings::load(conn)?.unit_addresses;
    Ok(crate::import::outgoing::unit_addresses(setting.as_deref()))
}

/// A file being parsed on a thread of `scope` before the store it goes into is open: the CLI
/// reads while the passphrase's key is derived (Argon2id, about 0.2 s; issue 15). Hand it to
/// [`import_read_ahead`] once the store is open. Dropped instead, it stops the parser.
pub struct ReadAhead<'scope> {
    path: &'scope Path,
    found: std::sync::mpsc::Receiver<Vec<Parsed>>,
    parser: std::thread::ScopedJoinHandle<'scope, Result<crate::import::ParsedFile, ImportError>>,
}

/// Starts parsing `path` on a thread of `scope`. The unit's addresses come over `addresses`
/// once the store is open ([`unit_addresses`]); only an e-mail waits for them.
pub fn read_ahead<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    path: &'scope Path,
    limits: &'scope ImportLimits,
    selection: &'scope Selection,
    addresses: std::sync::mpsc::Receiver<Vec<String>>,
    cancel: &'scope AtomicBool,
) -> ReadAhead<'scope> {
    let reading = pipeline::Reading {
        path,
        limits,
        selection,
        unit_addresses: pipeline::UnitAddresses::Later(addresses),
    };
    let (found, parser) = pipeline::parse_in_background(scope, reading, cancel);
    ReadAhead {
        path,
        found,
        parser,
    }
}

/// [`import_file_cancellable`] of a file [`read_ahead`] is parsing: the same transaction,
/// accounting and audit event.
pub fn import_read_ahead(
    store: &mut Store,
    ahead: ReadAhead<'_>,
    act: &Act,
    on_progress: &mut dyn FnMut(ImportProgress),
    cancel: &AtomicBool,
) -> Result<FileImport, LifecycleError> {
    let tx = store.write()?;
    store_parsed(tx, ahead, act, on_progress, cancel)
}

/// Stores what the parser finds in `tx` and commits it with the import's audit event and
/// search index, or rolls it all back.
fn store_parsed(
    tx: rusqlite::Transaction<'_>,
    ahead: ReadAhead<'_>,
    act: &Act,
    on_progress: &mut dyn FnMut(ImportProgress),
    cancel: &AtomicBool,
) -> Result<FileImport, LifecycleError> {
    let ReadAhead {
        path,
        found,
        parser,
    } = ahead;
    let mut created = Vec::new();
    let mut duplicates = Vec::new();
    let mut tally = crate::import::Tally::default();
    let mut seen = 0;
    let total = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut index = DeferredIndex::begin(&tx)?;
    let mut known = KnownMessages::begin(&tx)?;
    // Messages of the file an earlier import stored in other items (folded into a conversation,
    // or one per item) than this import would: counted as duplicates without an item to name.
    let mut elsewhere = 0;
    let freeing = Freeing::start();
    let stored = (|| -> Result<(), ImportError> {
        let sink = |e: StoreError| ImportError::Sink(Box::new(e));
        // Every message taken, thread or not, new or a duplicate, is recorded by its keyed
        // fingerprint: the export-file check before deletion (rule 2) looks for the rest.
        // A message that is its own item is recorded by the item's fingerprint, so the
        // last one taken waits to see whether the next item is that message.
        for parsed in found.into_iter().flatten() {
            if cancel.load(Ordering::Relaxed) {
                return Err(ImportError::Sink(Box::new(LifecycleError::Cancelled)));
            }
            let (mut item, prepared, bytes) = match parsed {
                Parsed::Taken {
                    fingerprint,
                    written,
                } => {
                    known.taken(&tx, fingerprint, written).map_err(sink)?;
                    continue;
                }
                Parsed::Known { asked, reply } => {
                    let answers = known.of_conversations(&tx, &asked).map_err(sink)?;
                    // The parser is gone only when it was stopped: it then says why.
                    let _ = reply.send(answers);
                    continue;
                }
                Parsed::Item {
                    item,
                    prepared,
                    bytes,
                } => (item, prepared, bytes),
            };
            known.item(&prepared.fingerprint);
            seen += 1;
            if seen % PROGRESS_EVERY == 0 {
                on_progress(ImportProgress {
                    items: seen,
                    bytes: bytes.min(total),
                    total,
                });
            }
            // A file that is one document and was imported before is that document, and a
            // message of a mailbox imported again is the one stored then, even when a reader
            // that has since improved made another text of it then.
            let whole_file = match item.source.locator.is_empty() {
                true => items::at_place(&tx, &item.source.file_sha256, "").map_err(sink)?,
                false => None,
            };
            let earlier = match whole_file {
                Some(id) => Some(id),
                None => items::same_mail(&tx, &item).map_err(sink)?,
            };
            if let Some(id) = earlier {
                // The message as read now is in inkom as that item: recorded by its fingerprint
                // now, so that the check before the file is deleted finds it too.
                if !items::is_in_store(&tx, &prepared.fingerprint).map_err(sink)? {
                    items::record_taken(&tx, &prepared.fingerprint).map_err(sink)?;
                }
                tally.record(&item, true);
                duplicates.push((item.source.locator.clone(), id));
                freeing.free(item);
                continue;
            }
            let stored_before = if item.parts.is_empty() {
                match known
                    .in_a_conversation(&tx, &prepared.fingerprint)
                    .map_err(sink)?
                {
                    true => Some(Stored::Otherwise),
                    false => known.stored_as_written(&tx, &prepared).map_err(sink)?,
                }
            } else {
                known.conversation(&tx, &item, &prepared).map_err(sink)?
            };
            if let Some(stored) = stored_before {
                tally.record(&item, true);
                match stored {
                    Stored::As(id) => duplicates.push((item.source.locator.clone(), id)),
                    Stored::Otherwise => elsewhere += crate::import::messages_in(&item),
                }
                freeing.free(item);
                continue;
            }
            // A conversation that grew names the item holding its earlier messages.
            if let Some(earlier) = known.continues(&tx, &item).map_err(sink)? {
                item.source
                    .notes
                    .push(format!("Fortsättning på tråden i objekt {earlier}"));
            }
            let inserted = items::insert(&tx, &item, &prepared, act).map_err(sink)?;
            tally.record(&item, matches!(inserted, Inserted::Duplicate(_)));
            match inserted {
                Inserted::New(id) => {
                    created.push(id);
                    if let Some(thread) = item.thread.as_deref().filter(|_| !item.parts.is_empty())
                    {
                        items::record_conversation(&tx, thread, id).map_err(sink)?;
                    }
                    // Indexed while the parser builds the next conversation.
                    if is_conversation(&item) {
                        index.index_now(&tx, id).map_err(sink)?;
                    }
                }
                Inserted::Duplicate(id) => {
                    duplicates.push((item.source.locator.clone(), id));
                }
            }
            freeing.free(item);
        }
        known.record_pending(&tx).map_err(sink)?;
        Ok(())
    })();
    // A store error dropped the receiver above, so the parser has stopped or will at its
    // next message; a panic there is this thread's panic.
    let parsed = parser
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    // Dropping `tx` without commit rolls the file back.
    if cancel.load(Ordering::Relaxed) {
        return Err(LifecycleError::Cancelled);
    }
    let import_error = |source| LifecycleError::Import {
        path: path.to_path_buf(),
        source,
    };
    // The storing side's error first: the parser's is then only that it was stopped.
    stored.map_err(import_error)?;
    let mut parsed = parsed.map_err(import_error)?;
    if elsewhere > 0 {
        parsed.skipped.push(format!(
            "{} fanns redan i inkom, i andra objekt från en tidigare import, och \
             importerades inte igen",
            count_sv(elsewhere, "meddelande", "meddelanden")
        ));
    }
    let new_ids = created.first().zip(created.last()).map(|(a, b)| *a..=*b);
    if let Some(ids) = &new_ids {
        // One event for the whole import, covering its items by their fingerprints (issue 15:
        // an event per item was a sixth of the time of storing one).
        let details = audit::ImportedDetails {
            source_sha256: &parsed.file_sha256,
            format: parsed.format,
            items: audit::ImportedItems::of(&tx, *ids.start(), *ids.end())?,
        };
        let mut events = audit::Events::new(&tx)?;
        events.append(act, None, Event::Imported, &details)?;
        events.finish()?;
    }
    index.fill(&tx, new_ids)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(FileImport {
        path: path.to_path_buf(),
        format: parsed.format,
        created,
        duplicates,
        skipped: parsed.skipped,
        tally: {
            let mut whole = crate::import::Tally::new(parsed.count);
            whole.add_stored(&tally);
            whole
        },
    })
}

/// An item of this many messages or more is a long conversation: the storing thread indexes it
/// as soon as it is stored and has it freed by another thread ([`Freeing`]), where a single
/// message waits for the index's one fill and is freed at once.
const CONVERSATION: usize = 64;

fn is_conversation(item: &crate::model::NewItem) -> bool {
    item.parts.len() >= CONVERSATION
}

/// A thread that frees stored conversations: the strings of a conversation of 100,000
/// messages take a tenth of a second to free, which the storing thread need not wait for
/// (issue 15). If the thread cannot be started, every item is freed where it is.
struct Freeing(Option<std::sync::mpsc::Sender<Box<crate::model::NewItem>>>);

impl Freeing {
    fn start() -> Freeing {
        let (sender, items) = std::sync::mpsc::channel::<Box<crate::model::NewItem>>();
        let started = std::thread::Builder::new()
            .name("inkom-free".to_string())
            .spawn(move || items.into_iter().for_each(drop));
        Freeing(started.ok().map(|_| sender))
    }

    fn free(&self, item: Box<crate::model::NewItem>) {
        match &self.0 {
            // Should the thread be gone, the item comes back in the error and is freed here.
            Some(sender) if is_conversation(&item) => drop(sender.send(item)),
            _ => drop(item),
        }
    }
}

/// Undoes a classification (the caseworker's "ångra"): the item is `imported` again. Allowed
/// only while nothing rests on the classification: before registration, and for a ringa item
/// only while its source has not been deleted (the ordered keep then replaces the source).
pub fn unclassify(store: &mut Store, id: i64, act: &Act) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    machine::check(&item, Action::Unclassify)?;
    items::clear_classification(&tx, id)?;
    let previous = item.class.map(Class::code);
    commit_with_event(
        tx,
        act,
        id,
        Event::Unclassified,
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
    classify_with(store, id, classification, NewClient::Leave, act)
}

/// What to do with a personakt client the register does not hold (guard rail 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NewClient {
    /// Leave the register as it is.
    #[default]
    Leave,
    /// Add the client (name and personnummer only) in the classification's transaction, audited
    /// as `client_added` on the item: the caseworker accepted the offer.
    Add,
}

/// [`classify`], and a personakt client not yet in the register added to it when the caseworker
/// accepted the offer ([`NewClient::Add`]). A client already there is left as it is; one whose
/// personnummer the register holds under another name is refused as in [`classify`].
pub fn classify_with(
    store: &mut Store,
    id: i64,
    classification: Classification,
    new_client: NewClient,
    act: &Act,
) -> Result<Item, LifecycleError> {
    validate(&classification)?;
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    machine::check(&item, Action::Classify)?;
    let register = crate::clients::ClientRegister::new(crate::store::clients::all(&tx)?);
    public::check(&classification, &register, act.at.date_naive())?;
    akt::check(&classification, &register)?;
    if new_client == NewClient::Add {
        akt::add_if_new(&tx, &classification, &register, id, act)?;
    }
    items::set_classification(&tx, id, &classification, act)?;
    let event = if item.classification.is_some() {
        Event::Reclassified
    } else {
        Event::Classified
    };
    let mut details = json!({ "class": classification.class().code() });
    if let Some(previous) = item.class {
        details["previous_class"] = json!(previous.code());
    }
    // The secrecy marking is audited: which provision, which authority (guard rail 6).
    if let Classification::Diarium {
        secrecy: Some(m), ..
    }
    | Classification::Personakt {
        secrecy: Some(m), ..
    } = &classification
    {
        details["secrecy"] = json!({
            "provision": m.provision.citation(),
            "authority": m.authority,
            "date": m.date.to_string(),
        });
    }
    commit_with_event(tx, act, id, event, details)?;
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
        }
        | Classification::Personakt {
            secrecy: Some(s), ..
        } => validate_marking(s),
        _ => Ok(()),
    }
}

/// A new secrecy marking names a provision from the closed list and the authority (the
/// nämnd) (guard rail 6); free text an earlier version stored is not accepted again.
fn validate_marking(s: &crate::model::SecrecyMarking) -> Result<(), LifecycleError> {
    if let crate::model::Sekretessbestammelse::Tidigare(text) = &s.provision {
        return Err(LifecycleError::UnknownProvision(text.clone()));
    }
    if s.authority.trim().is_empty() {
        return Err(LifecycleError::NoAuthority);
    }
    Ok(())
}

/// Writes the registration PDF (registreringsblad or personaktsutskrift) into the store and
/// records its hash. The PDF and the state change commit together.
pub fn register(store: &mut Store, id: i64, act: &Act) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, true)?;
    machine::check(&item, Action::Register)?;
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
    let mut undrawn = Vec::new();
    let mut sheet = documents::registration_sheet_noting(
        &item,
        &settings,
        &designation,
        diarienummer.as_deref(),
        act,
        &mut undrawn,
    );
    if let Some(answered) = answered(&tx, &item)? {
        documents::add_answers_fact(&mut sheet, &answered);
    }
    let rendered =
        crate::pdf::render_checked(&sheet).map_err(|source| LifecycleError::Pdf { id, source })?;
    let pdf = &rendered.pdf;
    let reg = Registration {
        designation,
        registered_at: act.at,
        // As printed on paper: "Karin Test (karin)" with a display name, else the login; the
        // audit event names the login itself.
        registered_by: act.who(),
        pdf_sha256: sha256_hex(pdf),
        pdf_size: pdf.len() as u64,
        diarienummer,
    };
    items::insert_registration(&tx, id, &reg, pdf)?;
    // Issue 12's fidelity gate, and what of the attachments the off-paper gate must know.
    crate::fidelity::record(&tx, id, &rendered, undrawn)?;
    commit_with_event(
        tx,
        act,
        id,
        Event::Registered,
        json!({
            "designation": reg.designation,
            "pdf_sha256": reg.pdf_sha256,
            "diarienummer": reg.diarienummer,
            "unprintable": rendered.unprintable.count,
        }),
    )?;
    Ok(store.item(id)?)
}

/// The stored message that `item` answers (its `In-Reply-To` is that message's `Message-ID`),
/// so a reply is registered and shown with it (guard rail 5).
pub fn answered(conn: &rusqlite::Connection, item: &Item) -> Result<Option<Item>, StoreError> {
    let Some(parent) = item.message_ids.in_reply_to.as_deref() else {
        return Ok(None);
    };
    match items::by_message_id(conn, parent)? {
        Some(id) if id != item.id => items::load(conn, id, false).map(Some),
        _ => Ok(None),
    }
}

/// Writes an item's stored registration PDF to `out` and records the export. The PDF must still
/// match its registered hash, so what leaves is what was registered.
pub fn export_pdf(store: &mut Store, id: i64, out: &Path, act: &Act) -> Result<(), LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    let pdf = verified_pdf(&tx, &item)?;
    write_file_durably(out, &pdf)?;
    // Not the path: a file named after the client would outlive the purge in the append-only
    // audit trail (rule 9). Its keyed hash still tells, with the key, which file it was.
    let to_key = crate::store::keyed::path_key(&tx, &crate::path_text::to_text(out))?;
    commit_with_event(
        tx,
        act,
        id,
        Event::Exported,
        json!({ "pdf_sha256": sha256_hex(&pdf), "medium": "fil", "to_key": to_key }),
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
    crate::output_file::replace(path, bytes).map_err(|source| LifecycleError::Io {
        what: "writing",
        path: path.to_path_buf(),
        source,
    })
}

/// Records that the registration PDF was printed.
pub fn confirm_printed(store: &mut Store, id: i64, act: &Act) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    let next = machine::check(&item, Action::ConfirmPrinted)?;
    items::record_act(&tx, id, ActColumn::Printed, Some(next), act)?;
    commit_with_event(tx, act, id, Event::Printed, json!({}))?;
    Ok(store.item(id)?)
}

/// Culls (gallrar) a `ringa` item under a gallringsbeslut from the register (guard rail 8):
/// `decision` names it (number or reference; empty: the unit's default, see
/// [`gallring::applicable`]). The item's source must be deleted (or marked as having none)
/// first. The content goes; a record of what, when, by whom and under which decision stays.
pub fn cull(store: &mut Store, id: i64, decision: &str, act: &Act) -> Result<Item, LifecycleError> {
    let tx = store.write()?;
    let item = items::load(&tx, id, false)?;
    let next = machine::check(&item, Action::Cull)?;
    let beslut = gallring::applicable(&tx, decision)?;
    items::remove_content(
        &tx,
        id,
        items::Keep {
            sender: true,
            classification: true,
            medium: deletion::source_medium(item.channel),
        },
    )?;
    items::record_act(&tx, id, ActColumn::Culled, Some(next), act)?;
    crate::store::gallringsbeslut::cite_on_item(&tx, id, &beslut)?;
    commit_with_event(
        tx,
        act,
        id,
        Event::Culled,
        json!({
            "decision": beslut.citation(),
            "gallringsbeslut_id": beslut.id,
            "channel": item.channel.code(),
            "received_at": item.received_at.to_rfc3339(),
        }),
    )?;
    store.checkpoint()?;
    Ok(store.item(id)?)
}

/// Changes the passphrase that unlocks the store, after proving the current one: someone at
/// an unlocked computer left alone cannot lock the caseworker out. Only the key file changes;
/// it is written inside the transaction that records the change (no passphrase in the event)
/// and written back as it was if that transaction does not commit.
pub fn change_passphrase(
    store: &mut Store,
    current: &str,
    new: &str,
    act: &Act,
) -> Result<(), LifecycleError> {
    let rewrapped = store.rewrap_key(current, new)?;
    let tx = store.write()?;
    audit::append(&tx, act, None, Event::PassphraseChanged, json!({}))?;
    rewrapped.write()?;
    if let Err(e) = tx.commit() {
        if let Err(undo) = rewrapped.undo() {
            tracing::error!("the key file could not be restored after a failed commit: {undo}");
        }
        return Err(StoreError::from(e).into());
    }
    Ok(())
}

/// Changes a unit setting, audited: who the authority is and which gallring decision applies
/// are facts printed on public documents.
pub fn set_setting(
    store: &mut Store,
    setting: Setting,
    value: &str,
    act: &Act,
) -> Result<(), LifecycleError> {
    if setting == Setting::OverdueDays && !value.trim().is_empty() {
        overdue::parse_days(value)?;
    }
    if setting == Setting::UnitAddresses
        && !value.trim().is_empty()
        && crate::import::outgoing::unit_addresses(Some(value)).is_empty()
    {
        return Err(LifecycleError::BadSetting {
            key: "unit_addresses",
            sv: "Ange enhetens e-postadresser åtskilda med kommatecken, t.ex. \
                 \"ifo@exempelby.se, mottagning@exempelby.se\".",
        });
    }
    let tx = store.write()?;
    // The default decision must be one in the register: culling cites it (guard rail 8).
    if setting == Setting::CullDecision && !value.trim().is_empty() {
        gallring::applicable(&tx, value)?;
    }
    Settings::set(&tx, setting, value)?;
    audit::append(
        &tx,
        act,
        None,
        Event::SettingChanged,
        json!({ "key": setting.key(), "value": value.trim() }),
    )?;
    tx.commit().map_err(StoreError::from)?;
    Ok(())
}
