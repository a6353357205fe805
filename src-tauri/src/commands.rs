//! The IPC commands (docs/ipc.md): each a few lines forwarding to the core's desk API, which
//! holds every rule. Argument keys are `snake_case` like the views. All run off the main thread
//! (`async`), so a long import never freezes the window, and their store work runs off the
//! async workers too ([`AppState::with_store`]).

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use inkom::desk::preview::PdfPageView;
use inkom::desk::setup::{SetupInput, SetupView};
use inkom::desk::unit::UnitContext;
use inkom::desk::unit_connect::{UnitConnectInput, UnitConnectView};
use inkom::desk::views::{
    ArendemeningCheck, AttachmentData, AuditPage, AuditVerifyView, ClassificationInput,
    ClientImportSummary, ClientView, GallringsbeslutInput, ImportPreviewView, ImportProgressView,
    ImportSelection, ImportSummary, InboxPage, InboxQuery, ItemView, ListPreview, OffPaperView,
    PagesView, PassphraseChangeInput, PersonnummerCheck, SessionState, SettingsView, UnitQueueView,
    UnitStatusView, UnitSyncView,
};
use inkom::desk::{self, session};
use inkom::lists::ListKind;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{AppError, AppResult};
use crate::state::{AppState, blocking};
use crate::viewer;

/// Whether the window shows the lock screen, and who is working.
#[tauri::command(rename_all = "snake_case")]
pub async fn session_state(state: State<'_, AppState>) -> AppResult<SessionState> {
    if !state.is_unlocked() {
        return Ok(locked(&state));
    }
    state.with_store(|s| session::unlocked(s, state.demo))
}

fn locked(state: &AppState) -> SessionState {
    session::locked(&state.data_dir, state.demo, state.needs_passphrase())
}

/// Opens the store.
#[tauri::command(rename_all = "snake_case")]
pub async fn unlock(
    state: State<'_, AppState>,
    passphrase: Option<String>,
) -> AppResult<SessionState> {
    match state.unlock(passphrase.as_deref()) {
        // No passphrase was typed and the store needs one: the lock screen asks for it.
        Err(e) if e.code == "needs_passphrase" => return Ok(locked(&state)),
        other => other?,
    }
    state.with_store(|s| session::unlocked(s, state.demo))
}

/// Closes the store (idle lock or the lock button).
#[tauri::command(rename_all = "snake_case")]
pub async fn lock(state: State<'_, AppState>) -> AppResult<SessionState> {
    state.lock();
    Ok(locked(&state))
}

/// The window's heartbeat: someone is working (keyboard or mouse) though no command was
/// needed. Sent at most once a minute; keeps the core's idle lock from closing the store
/// under a user who is typing.
#[tauri::command(rename_all = "snake_case")]
pub async fn still_here(state: State<'_, AppState>) -> AppResult<()> {
    if state.is_unlocked() {
        state.idle.touch();
    }
    Ok(())
}

/// One inbox page.
#[tauri::command(rename_all = "snake_case")]
pub async fn inbox(
    state: State<'_, AppState>,
    query: InboxQuery,
    offset: u32,
    limit: u32,
) -> AppResult<InboxPage> {
    state.with_store(|s| desk::inbox::inbox(s.conn(), &query, offset, limit))
}

/// One item.
#[tauri::command(rename_all = "snake_case")]
pub async fn item(state: State<'_, AppState>, id: i64) -> AppResult<ItemView> {
    state.with_store(|s| desk::item_view::item_view(s, id))
}

/// An attachment's bytes for an image preview.
#[tauri::command(rename_all = "snake_case")]
pub async fn attachment_data(state: State<'_, AppState>, id: i64) -> AppResult<AttachmentData> {
    state.with_store(|s| desk::item_view::attachment_data(s.conn(), id))
}

/// The registration PDF's pages as pictures.
#[tauri::command(rename_all = "snake_case")]
pub async fn registration_preview(state: State<'_, AppState>, id: i64) -> AppResult<PagesView> {
    state.with_store(|s| desk::item_view::registration_preview(s, id))
}

/// Classifies an item.
#[tauri::command(rename_all = "snake_case")]
pub async fn classify(
    state: State<'_, AppState>,
    id: i64,
    classification: ClassificationInput,
) -> AppResult<ItemView> {
    state.with_store(|s| desk::batch::classify(s, id, classification))
}

/// Undoes a classification.
#[tauri::command(rename_all = "snake_case")]
pub async fn unclassify(state: State<'_, AppState>, id: i64) -> AppResult<ItemView> {
    state.with_store(|s| desk::batch::unclassify(s, id))
}

/// Registers an item again once its printout can be complete (a font was installed).
#[tauri::command(rename_all = "snake_case")]
pub async fn reregister(state: State<'_, AppState>, id: i64) -> AppResult<ItemView> {
    state.with_store(|s| desk::batch::reregister(s, id))
}

/// Checks a personnummer while it is typed.
#[tauri::command(rename_all = "snake_case")]
pub async fn check_personnummer(
    state: State<'_, AppState>,
    value: String,
) -> AppResult<PersonnummerCheck> {
    state.with_store(|s| {
        let act = session::act(s.conn())?;
        let register = desk::clients::register(s.conn())?;
        Ok(desk::classify::check_personnummer(&value, &act, &register))
    })
}

/// Warns about an ärendemening that would reveal secrets.
#[tauri::command(rename_all = "snake_case")]
pub async fn check_arendemening(
    state: State<'_, AppState>,
    text: String,
) -> AppResult<ArendemeningCheck> {
    state.with_store(|s| {
        let register = desk::clients::register(s.conn())?;
        Ok(desk::clients::check_arendemening(&register, &text))
    })
}

/// Searches the client register.
#[tauri::command(rename_all = "snake_case")]
pub async fn clients(state: State<'_, AppState>, text: String) -> AppResult<Vec<ClientView>> {
    state.with_store(|s| {
        let register = desk::clients::register(s.conn())?;
        Ok(desk::clients::search(&register, &text))
    })
}

/// Registers items (batch).
#[tauri::command(rename_all = "snake_case")]
pub async fn register(state: State<'_, AppState>, ids: Vec<i64>) -> AppResult<Vec<ItemView>> {
    state.with_store(|s| desk::batch::register(s, &ids))
}

/// Opens an item's registration PDF in the system viewer.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_pdf(state: State<'_, AppState>, id: i64) -> AppResult<()> {
    let path = export_pdf(&state, id)?;
    viewer::open(&path)
}

/// Sends an item's registration PDF to the default printer; says where the job went.
#[tauri::command(rename_all = "snake_case")]
pub async fn print_pdf(state: State<'_, AppState>, id: i64) -> AppResult<String> {
    let path = export_pdf(&state, id)?;
    viewer::print(&path)
}

/// The registration PDF, checked against its hash and audited as exported, in a private file.
fn export_pdf(state: &AppState, id: i64) -> AppResult<PathBuf> {
    let path = viewer::private_temp_file(&state.data_dir, &format!("inkom-{id}.pdf"))?;
    state.with_store(|s| {
        let act = session::act(s.conn())?;
        Ok(inkom::lifecycle::export_pdf(s, id, &path, &act)?)
    })?;
    Ok(path)
}

/// Confirms printouts (batch).
#[tauri::command(rename_all = "snake_case")]
pub async fn confirm_printed(
    state: State<'_, AppState>,
    ids: Vec<i64>,
) -> AppResult<Vec<ItemView>> {
    state.with_store(|s| desk::batch::confirm_printed(s, &ids))
}

/// Confirms (or performs) the source's deletion; the core then purges inkom's copy. An export
/// file with messages inkom never got goes only with `ack_partial_export` (guard rail 2; absent
/// means not given); a source whose printout does not hold every attachment only with
/// `ack_off_paper`.
#[tauri::command(rename_all = "snake_case")]
pub async fn confirm_source_deleted(
    state: State<'_, AppState>,
    id: i64,
    delete_file: bool,
    ack_partial_export: Option<bool>,
    ack_off_paper: Option<bool>,
) -> AppResult<ItemView> {
    let ack = desk::batch::Acknowledged {
        partial_export: ack_partial_export.unwrap_or(false),
        off_paper: ack_off_paper.unwrap_or(false),
    };
    state.with_store(|s| desk::batch::confirm_source_deleted(s, id, delete_file, ack))
}

/// What the item's printout names but cannot hold, for the delete dialog to list before the
/// caseworker confirms (the source then goes only with `ack_off_paper`).
#[tauri::command(rename_all = "snake_case")]
pub async fn off_paper(state: State<'_, AppState>, id: i64) -> AppResult<OffPaperView> {
    state.with_store(|s| desk::batch::off_paper(s, id))
}

/// Records a diary number from the registrar's paper diary.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_dnr(
    state: State<'_, AppState>,
    id: i64,
    diarienummer: String,
) -> AppResult<ItemView> {
    state.with_store(|s| desk::batch::set_dnr(s, id, &diarienummer))
}

/// Confirms that personakt printouts are filed in their akts (batch).
#[tauri::command(rename_all = "snake_case")]
pub async fn confirm_filed(state: State<'_, AppState>, ids: Vec<i64>) -> AppResult<Vec<ItemView>> {
    state.with_store(|s| desk::batch::confirm_filed(s, &ids))
}

/// Holds an item (request for public documents, appeal).
#[tauri::command(rename_all = "snake_case")]
pub async fn hold(state: State<'_, AppState>, id: i64, reason: String) -> AppResult<ItemView> {
    state.with_store(|s| desk::batch::hold(s, id, &reason))
}

/// Corrects the date received before registration (with a reason; audited). `drawn_up` marks
/// a screenshot as drawn up by the unit (`true`) or received (`false`).
#[tauri::command(rename_all = "snake_case")]
pub async fn set_received(
    state: State<'_, AppState>,
    id: i64,
    at: String,
    reason: String,
    drawn_up: Option<bool>,
) -> AppResult<ItemView> {
    state.with_store(|s| desk::batch::set_received(s, id, &at, &reason, drawn_up))
}

/// Releases an item's hold.
#[tauri::command(rename_all = "snake_case")]
pub async fn release(state: State<'_, AppState>, id: i64) -> AppResult<ItemView> {
    state.with_store(|s| desk::batch::release(s, id))
}

/// Purges an item whose source deletion was recorded through another item of the same file.
#[tauri::command(rename_all = "snake_case")]
pub async fn purge(state: State<'_, AppState>, id: i64) -> AppResult<ItemView> {
    state.with_store(|s| desk::batch::purge(s, id))
}

/// Culls ringa items (batch).
#[tauri::command(rename_all = "snake_case")]
pub async fn cull(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    decision: String,
) -> AppResult<Vec<ItemView>> {
    state.with_store(|s| desk::batch::cull(s, &ids, &decision))
}

/// Gives diary numbers (batch).
#[tauri::command(rename_all = "snake_case")]
pub async fn assign_dnr(state: State<'_, AppState>, ids: Vec<i64>) -> AppResult<Vec<ItemView>> {
    state.with_store(|s| desk::batch::assign_dnr(s, &ids))
}

/// Renders a list for a day or period and keeps its PDF for open/print.
#[tauri::command(rename_all = "snake_case")]
pub async fn print_list(
    state: State<'_, AppState>,
    kind: String,
    from: Option<String>,
    to: Option<String>,
) -> AppResult<ListPreview> {
    let (kind, pdf, pages) = state.with_store(|s| {
        let kind = desk::lists::kind(&kind)?;
        let (pdf, pages) = desk::lists::print_list(s, kind, from.as_deref(), to.as_deref())?;
        Ok((kind, pdf, pages))
    })?;
    let list_id = inkom::model::sha256_hex(&pdf)[..16].to_string();
    state
        .lists
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(list_id.clone(), (kind, pdf));
    Ok(ListPreview {
        pages: pages.pages,
        list_id,
    })
}

/// A PDF the window made earlier (a list, a sheet from the unit register), kept in memory under
/// its id; `gone_sv` tells the user what to do when it is no longer there.
fn kept_pdf<T: Clone>(
    kept: &std::sync::Mutex<std::collections::HashMap<String, T>>,
    id: &str,
    gone_sv: &str,
) -> AppResult<T> {
    kept.lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(id)
        .cloned()
        .ok_or_else(|| AppError::new("not_found", gone_sv))
}

/// `pdf` in a private temporary file (`file_name`) for the viewer or the printer.
fn private_pdf_file(state: &AppState, file_name: &str, pdf: &[u8]) -> AppResult<PathBuf> {
    let path = viewer::private_temp_file(&state.data_dir, file_name)?;
    std::fs::write(&path, pdf).map_err(|e| {
        tracing::warn!("writing {file_name}: {e}");
        AppError::new(
            "io",
            "Utskriften kunde inte sparas tillfälligt. Försök igen.",
        )
    })?;
    Ok(path)
}

/// A made list's kind and PDF, and a private file holding it for the viewer or the printer.
fn list_file(state: &AppState, list_id: &str) -> AppResult<(ListKind, Vec<u8>, PathBuf)> {
    let (kind, pdf) = kept_pdf(
        &state.lists,
        list_id,
        "Listan finns inte längre. Skapa den igen med \"Skriv ut lista\".",
    )?;
    let path = private_pdf_file(state, &format!("lista-{list_id}.pdf"), &pdf)?;
    Ok((kind, pdf, path))
}

/// Opens a printed list in the system viewer.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_list(state: State<'_, AppState>, list_id: String) -> AppResult<()> {
    viewer::open(&list_file(&state, &list_id)?.2)
}

/// Sends a printed list to the default printer; says where the job went.
#[tauri::command(rename_all = "snake_case")]
pub async fn print_list_pdf(state: State<'_, AppState>, list_id: String) -> AppResult<String> {
    let (kind, pdf, path) = list_file(&state, &list_id)?;
    let sent = viewer::print(&path)?;
    // Only now is the list printed; its creation was audited when it was made.
    state.with_store(|s| desk::lists::sent_to_printer(s, kind, &pdf))?;
    Ok(sent)
}

/// The native open dialog, opened from Rust: the front end gets the paths' handles
/// ([`AppState::grant`]), never file access.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_files<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> AppResult<Vec<String>> {
    let picked: Vec<PathBuf> = app
        .dialog()
        .file()
        .set_title("Välj filer att importera")
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect();
    Ok(state.grant(picked))
}

/// What the files hold (conversation picker, with what is in inkom already); stores nothing.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_preview(
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> AppResult<ImportPreviewView> {
    if !state.is_unlocked() {
        return Err(inkom::desk::DeskError::Locked.into());
    }
    let paths = state.granted_paths(&paths)?;
    // The store says how many of each conversation's messages it holds already.
    state.with_store(|s| Ok(desk::import::preview(s, &paths)))
}

/// Imports the chosen files with progress events; `cancel_import` stops it.
#[tauri::command(rename_all = "snake_case")]
pub async fn import(
    state: State<'_, AppState>,
    paths: Vec<String>,
    selection: ImportSelection,
    on_progress: Channel<ImportProgressView>,
) -> AppResult<ImportSummary> {
    let paths = state.granted_paths(&paths)?;
    state.cancel_import.store(false, Ordering::Relaxed);
    let mut progress = |p: ImportProgressView| {
        // A closed window cannot take progress; the import goes on.
        let _ = on_progress.send(p);
    };
    state.with_store(|s| {
        desk::import::import(s, &paths, &selection, &mut progress, &state.cancel_import)
    })
}

/// Cancels the running import (its current file rolls back).
#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_import(state: State<'_, AppState>) -> AppResult<()> {
    state.cancel_import.store(true, Ordering::Relaxed);
    Ok(())
}

/// The audit trail, per item or all.
#[tauri::command(rename_all = "snake_case")]
pub async fn audit_log(
    state: State<'_, AppState>,
    item_id: Option<i64>,
    offset: u32,
    limit: u32,
) -> AppResult<AuditPage> {
    state.with_store(|s| desk::history::audit_log(s.conn(), item_id, offset, limit))
}

/// Walks the audit chain.
#[tauri::command(rename_all = "snake_case")]
pub async fn audit_verify(state: State<'_, AppState>) -> AppResult<AuditVerifyView> {
    state.with_store(|s| desk::history::audit_verify(s.conn()))
}

/// The settings screen.
#[tauri::command(rename_all = "snake_case")]
pub async fn settings(state: State<'_, AppState>) -> AppResult<SettingsView> {
    state.with_store(|s| session::settings(s))
}

/// Changes one setting.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_setting(
    state: State<'_, AppState>,
    key: String,
    value: String,
) -> AppResult<SettingsView> {
    let view = state.with_store(|s| session::set_setting(s, &key, &value))?;
    state.idle.set_minutes(view.idle_lock_minutes);
    Ok(view)
}

/// Adds a gallringsbeslut to the register (issue 13, guard rail 8); returns the settings screen
/// with the register.
#[tauri::command(rename_all = "snake_case")]
pub async fn add_gallringsbeslut(
    state: State<'_, AppState>,
    input: GallringsbeslutInput,
) -> AppResult<SettingsView> {
    state.with_store(|s| desk::gallring::add(s, &input))
}

/// Imports the client register from a CSV file the user picked.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_clients(
    state: State<'_, AppState>,
    path: String,
) -> AppResult<ClientImportSummary> {
    let path = state.granted_paths(std::slice::from_ref(&path))?.remove(0);
    state.with_store(|s| {
        let act = session::act(s.conn())?;
        desk::clients::import_csv(s, &path, &act)
    })
}

/// The first-run set-up's starting values (and whether it is due).
#[tauri::command(rename_all = "snake_case")]
pub async fn setup_state(state: State<'_, AppState>) -> AppResult<SetupView> {
    state.with_store(|s| desk::setup::state(s))
}

/// Stores the first-run set-up's facts (audited settings).
#[tauri::command(rename_all = "snake_case")]
pub async fn complete_setup(state: State<'_, AppState>, setup: SetupInput) -> AppResult<SetupView> {
    state.with_store(|s| desk::setup::complete(s, &setup))
}

/// The set-up's optional last step: connects the store to the unit register (the core's
/// `unit::join`, as `inkom unit connect`). The password goes on to the OS key store; it is
/// never logged.
#[tauri::command(rename_all = "snake_case")]
pub async fn connect_unit_register(
    state: State<'_, AppState>,
    unit: UnitConnectInput,
) -> AppResult<UnitConnectView> {
    state.with_store(|s| desk::unit_connect::connect(s, &unit))
}

/// Inställningar: changes the passphrase that unlocks the store, after proving the current
/// one. Neither passphrase is logged.
#[tauri::command(rename_all = "snake_case")]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    change: PassphraseChangeInput,
) -> AppResult<()> {
    state.with_store(|s| session::change_passphrase(s, &change))
}

/// One page of the registration PDF at the window's resolution (the in-app preview).
#[tauri::command(rename_all = "snake_case")]
pub async fn pdf_page(
    state: State<'_, AppState>,
    id: i64,
    page: u32,
    dpi: u32,
) -> AppResult<PdfPageView> {
    state.with_store(|s| desk::preview::registration_page(s, id, page, dpi))
}

/// The unit register's status for the status bar: connected, what waits (local; no network).
#[tauri::command(rename_all = "snake_case")]
pub async fn unit_status(state: State<'_, AppState>) -> AppResult<UnitStatusView> {
    state.with_store(|s| desk::unit::status(s))
}

/// "Synka nu": delivers the outbox and fetches diary numbers the registrar recorded.
#[tauri::command(rename_all = "snake_case")]
pub async fn unit_sync(state: State<'_, AppState>) -> AppResult<UnitSyncView> {
    state.with_store(desk::unit::sync)
}

/// The register's address and who acts, read under the store's lock; the network work of the
/// registrar's commands then runs without holding the store.
fn unit_context(state: &AppState) -> AppResult<Option<UnitContext>> {
    state.with_store(|s| desk::unit::context(s))
}

/// Runs a registrar action against the unit register, off the async workers.
fn on_unit<T>(
    state: &AppState,
    f: impl FnOnce(Option<&UnitContext>) -> Result<T, desk::DeskError>,
) -> AppResult<T> {
    let ctx = unit_context(state)?;
    blocking(|| f(ctx.as_ref()).map_err(AppError::from))
}

/// The registrar view: the mode, and on a registrar's login the unit's queue.
#[tauri::command(rename_all = "snake_case")]
pub async fn unit_queue(state: State<'_, AppState>) -> AppResult<UnitQueueView> {
    on_unit(&state, desk::unit::queue)
}

/// The registrar takes a registration of the unit register.
#[tauri::command(rename_all = "snake_case")]
pub async fn unit_assign(
    state: State<'_, AppState>,
    registration_id: i64,
) -> AppResult<UnitQueueView> {
    on_unit(&state, |c| desk::unit::assign(c, registration_id))
}

/// Records a number from the paper diary on a registration of the unit register.
#[tauri::command(rename_all = "snake_case")]
pub async fn unit_set_dnr(
    state: State<'_, AppState>,
    registration_id: i64,
    diarienummer: String,
) -> AppResult<UnitQueueView> {
    on_unit(&state, |c| {
        desk::unit::set_dnr(c, registration_id, &diarienummer)
    })
}

/// Införd i diariet: the unit register purges the sheet.
#[tauri::command(rename_all = "snake_case")]
pub async fn unit_entered(
    state: State<'_, AppState>,
    registration_id: i64,
) -> AppResult<UnitQueueView> {
    on_unit(&state, |c| desk::unit::entered(c, registration_id))
}

/// Keeps a PDF from the unit register for open/print and answers with its preview.
fn keep_unit_pdf(state: &AppState, pdf: Vec<u8>, pages: PagesView) -> ListPreview {
    let list_id = inkom::model::sha256_hex(&pdf)[..16].to_string();
    state
        .unit_pdfs
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(list_id.clone(), pdf);
    ListPreview {
        pages: pages.pages,
        list_id,
    }
}

/// Fetches a registration's sheet to print (audited in the unit's log) with its preview.
#[tauri::command(rename_all = "snake_case")]
pub async fn unit_print_sheet(
    state: State<'_, AppState>,
    registration_id: i64,
) -> AppResult<ListPreview> {
    let (pdf, pages) = on_unit(&state, |c| desk::unit::print_sheet(c, registration_id))?;
    Ok(keep_unit_pdf(&state, pdf, pages))
}

/// The unit's diarielista for a period, with its preview.
#[tauri::command(rename_all = "snake_case")]
pub async fn unit_list(
    state: State<'_, AppState>,
    from: Option<String>,
    to: Option<String>,
) -> AppResult<ListPreview> {
    let (pdf, pages) = on_unit(&state, |c| {
        desk::unit::diarielista(c, from.as_deref(), to.as_deref())
    })?;
    Ok(keep_unit_pdf(&state, pdf, pages))
}

/// A kept unit PDF in a private file for the viewer or the printer.
fn unit_pdf_file(state: &AppState, list_id: &str) -> AppResult<PathBuf> {
    if !state.is_unlocked() {
        return Err(inkom::desk::DeskError::Locked.into());
    }
    let pdf = kept_pdf(
        &state.unit_pdfs,
        list_id,
        "Utskriften finns inte längre. Hämta den igen från enhetens register.",
    )?;
    private_pdf_file(state, &format!("enhet-{list_id}.pdf"), &pdf)
}

/// Opens a sheet or list from the unit register in the system viewer.
#[tauri::command(rename_all = "snake_case")]
pub async fn unit_open_pdf(state: State<'_, AppState>, list_id: String) -> AppResult<()> {
    viewer::open(&unit_pdf_file(&state, &list_id)?)
}

/// Sends a sheet or list from the unit register to the default printer.
#[tauri::command(rename_all = "snake_case")]
pub async fn unit_print_pdf(state: State<'_, AppState>, list_id: String) -> AppResult<String> {
    viewer::print(&unit_pdf_file(&state, &list_id)?)
}
