// The only module that talks to the Tauri shell (docs/ipc.md). Every other module calls these
// typed functions; every rejection is normalised to {code, message} (a BackendError).
import { invoke, Channel } from '@tauri-apps/api/core';
import { BackendError, normalizeError } from './errors';
import type { Args, Command, None, Result } from './commands';
import type {
  ArendemeningCheck,
  AttachmentData,
  AuditPage,
  AuditVerification,
  ClassificationInput,
  Client,
  ClientImportSummary,
  GallringsbeslutInput,
  InboxPage,
  InboxQuery,
  ImportPreviewView,
  ImportProgress,
  ImportSelection,
  ImportSummary,
  ItemView,
  ListKind,
  ListPreview,
  PagesPreview,
  PdfPageView,
  PersonnummerCheck,
  SessionState,
  SettingKey,
  SettingsView,
  SetupInput,
  SetupView,
  UnitConnectInput,
  PassphraseChangeInput,
} from './types';

async function call<K extends Command>(cmd: K, ...args: Args<K> extends None ? [] : [Args<K>]): Promise<Result<K>> {
  try {
    return await invoke<Result<K>>(cmd, args[0] as Record<string, unknown> | undefined);
  } catch (e) {
    throw new BackendError(normalizeError(e));
  }
}

export const backend = {
  sessionState: () => call('session_state'),
  unlock: (passphrase?: string) =>
    call('unlock', passphrase === undefined ? {} : { passphrase }),
  lock: () => call('lock'),
  /** Heartbeat for the core's idle lock: someone is typing or pointing (at most once a minute). */
  stillHere: () => call('still_here'),

  inbox: (query: InboxQuery, offset: number, limit: number) =>
    call('inbox', { query, offset, limit }),
  item: (id: number) => call('item', { id }),
  attachmentData: (id: number) => call('attachment_data', { id }),
  registrationPreview: (id: number) => call('registration_preview', { id }),
  pdfPage: (id: number, page: number, dpi: number) => call('pdf_page', { id, page, dpi }),

  classify: (id: number, classification: ClassificationInput) =>
    call('classify', { id, classification }),
  unclassify: (id: number) => call('unclassify', { id }),
  reregister: (id: number) => call('reregister', { id }),
  checkPersonnummer: (value: string) => call('check_personnummer', { value }),
  checkArendemening: (text: string) => call('check_arendemening', { text }),
  clients: (text: string) => call('clients', { text }),
  register: (ids: number[]) => call('register', { ids }),
  openPdf: (id: number) => call('open_pdf', { id }),
  /** Resolves to where the job went ("Skickad till skrivaren PDF, jobb PDF-2."), with a warning for a paused queue. */
  printPdf: (id: number) => call('print_pdf', { id }),
  confirmPrinted: (ids: number[]) => call('confirm_printed', { ids }),

  /** `ackOffPaper`: the attachments the printout cannot hold (a film, a recording) are kept apart. */
  confirmSourceDeleted: (id: number, deleteFile: boolean, ackPartialExport = false, ackOffPaper = false) =>
    call('confirm_source_deleted', {
      id,
      delete_file: deleteFile,
      ack_partial_export: ackPartialExport,
      ack_off_paper: ackOffPaper,
    }),

  /** What the printout names but cannot hold, for the delete dialog to list before confirming. */
  offPaper: (id: number) => call('off_paper', { id }),
  setDnr: (id: number, diarienummer: string) => call('set_dnr', { id, diarienummer }),
  confirmFiled: (ids: number[]) => call('confirm_filed', { ids }),
  hold: (id: number, reason: string) => call('hold', { id, reason }),
  release: (id: number) => call('release', { id }),
  /** Corrects the date received ("ÅÅÅÅ-MM-DD TT:MM", Swedish time) before registration. */
  setReceived: (id: number, at: string, reason: string, drawnUp: boolean | null = null) =>
    call('set_received', { id, at, reason, drawn_up: drawnUp }),

  cull: (ids: number[], decision: string) => call('cull', { ids, decision }),
  assignDnr: (ids: number[]) => call('assign_dnr', { ids }),
  printList: (kind: ListKind, from: string | null, to: string | null) =>
    call('print_list', { kind, from, to }),
  openList: (listId: string) => call('open_list', { list_id: listId }),
  printListPdf: (listId: string) => call('print_list_pdf', { list_id: listId }),

  pickFiles: () => call('pick_files'),
  importPreview: (paths: string[]) => call('import_preview', { paths }),
  import: (paths: string[], selection: ImportSelection, onProgress: (p: ImportProgress) => void) => {
    const channel = new Channel<ImportProgress>();
    channel.onmessage = onProgress;
    return call('import', { paths, selection, on_progress: channel });
  },
  cancelImport: () => call('cancel_import'),

  auditLog: (itemId: number | null, offset: number, limit: number) =>
    call('audit_log', { item_id: itemId, offset, limit }),
  auditVerify: () => call('audit_verify'),
  settings: () => call('settings'),
  setSetting: (key: SettingKey, value: string) => call('set_setting', { key, value }),
  addGallringsbeslut: (input: GallringsbeslutInput) => call('add_gallringsbeslut', { input }),
  importClients: (path: string) => call('import_clients', { path }),
  setupState: () => call('setup_state'),
  completeSetup: (setup: SetupInput) => call('complete_setup', { setup }),

  /** The unit register (issue 16): the status bar's figures (local, no network). */
  unitStatus: () => call('unit_status'),
  /** "Synka nu": delivers the outbox, fetches diary numbers the registrar recorded. */
  unitSync: () => call('unit_sync'),
  /** The registrar view's mode and, on a registrar's login, the unit's queue. */
  unitQueue: () => call('unit_queue'),
  unitAssign: (registrationId: number) => call('unit_assign', { registration_id: registrationId }),
  unitSetDnr: (registrationId: number, diarienummer: string) =>
    call('unit_set_dnr', { registration_id: registrationId, diarienummer }),
  unitEntered: (registrationId: number) => call('unit_entered', { registration_id: registrationId }),
  /** The registration sheet from the unit register (the hand-out is audited there), with its preview. */
  unitPrintSheet: (registrationId: number) => call('unit_print_sheet', { registration_id: registrationId }),
  unitList: (from: string | null, to: string | null) => call('unit_list', { from, to }),
  unitOpenPdf: (listId: string) => call('unit_open_pdf', { list_id: listId }),
  unitPrintPdf: (listId: string) => call('unit_print_pdf', { list_id: listId }),
  connectUnitRegister: (unit: UnitConnectInput) => call('connect_unit_register', { unit }),
  /** Inställningar: a new passphrase, proven by the current one; neither is kept in the window. */
  changePassphrase: (change: PassphraseChangeInput) => call('change_passphrase', { change }),
};

/**
 * Files dropped on the window: the shell grants them and sends their path handles in
 * `inkom://dropped` (the webview's own drop event cannot carry a name that is not UTF-8; the
 * front end never reads files). Returns an unsubscribe function; outside Tauri it does nothing.
 */
export async function onFileDrop(handler: (paths: string[]) => void): Promise<() => void> {
  try {
    const { listen } = await import('@tauri-apps/api/event');
    return await listen<string[]>('inkom://dropped', (event) => {
      if (event.payload.length > 0) handler(event.payload);
    });
  } catch {
    return () => {};
  }
}

/**
 * The core locked by itself (its idle clock ran out, whatever the window did): the window must
 * show the lock screen. Returns an unsubscribe function; outside Tauri it does nothing.
 */
export async function onCoreLocked(handler: () => void): Promise<() => void> {
  try {
    const { listen } = await import('@tauri-apps/api/event');
    return await listen('inkom://locked', () => handler());
  } catch {
    return () => {};
  }
}
