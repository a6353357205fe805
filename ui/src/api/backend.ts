// The only module that talks to the Tauri shell (docs/ipc.md). Every other module calls these
// typed functions; every rejection is normalised to {code, message} (a BackendError).
import { invoke, Channel } from '@tauri-apps/api/core';
import { BackendError, normalizeError } from './errors';
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
} from './types';

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw new BackendError(normalizeError(e));
  }
}

export const backend = {
  sessionState: () => call<SessionState>('session_state'),
  unlock: (passphrase?: string) =>
    call<SessionState>('unlock', passphrase === undefined ? {} : { passphrase }),
  lock: () => call<SessionState>('lock'),

  inbox: (query: InboxQuery, offset: number, limit: number) =>
    call<InboxPage>('inbox', { query, offset, limit }),
  item: (id: number) => call<ItemView>('item', { id }),
  attachmentData: (id: number) => call<AttachmentData>('attachment_data', { id }),
  registrationPreview: (id: number) => call<PagesPreview>('registration_preview', { id }),
  pdfPage: (id: number, page: number, dpi: number) => call<PdfPageView>('pdf_page', { id, page, dpi }),

  classify: (id: number, classification: ClassificationInput) =>
    call<ItemView>('classify', { id, classification }),
  unclassify: (id: number) => call<ItemView>('unclassify', { id }),
  checkPersonnummer: (value: string) => call<PersonnummerCheck>('check_personnummer', { value }),
  checkArendemening: (text: string) => call<ArendemeningCheck>('check_arendemening', { text }),
  clients: (text: string) => call<Client[]>('clients', { text }),
  register: (ids: number[]) => call<ItemView[]>('register', { ids }),
  openPdf: (id: number) => call<null>('open_pdf', { id }),
  /** Resolves to where the job went ("Skickad till skrivaren PDF, jobb PDF-2."), with a warning for a paused queue. */
  printPdf: (id: number) => call<string>('print_pdf', { id }),
  confirmPrinted: (ids: number[]) => call<ItemView[]>('confirm_printed', { ids }),

  confirmSourceDeleted: (id: number, deleteFile: boolean) =>
    call<ItemView>('confirm_source_deleted', { id, delete_file: deleteFile }),

  setDnr: (id: number, diarienummer: string) => call<ItemView>('set_dnr', { id, diarienummer }),
  confirmFiled: (ids: number[]) => call<ItemView[]>('confirm_filed', { ids }),
  hold: (id: number, reason: string) => call<ItemView>('hold', { id, reason }),
  release: (id: number) => call<ItemView>('release', { id }),

  cull: (ids: number[], decision: string) => call<ItemView[]>('cull', { ids, decision }),
  assignDnr: (ids: number[]) => call<ItemView[]>('assign_dnr', { ids }),
  printList: (kind: ListKind, from: string | null, to: string | null) =>
    call<ListPreview>('print_list', { kind, from, to }),
  openList: (listId: string) => call<null>('open_list', { list_id: listId }),
  printListPdf: (listId: string) => call<string>('print_list_pdf', { list_id: listId }),

  pickFiles: () => call<string[]>('pick_files'),
  importPreview: (paths: string[]) => call<ImportPreviewView>('import_preview', { paths }),
  import: (paths: string[], selection: ImportSelection, onProgress: (p: ImportProgress) => void) => {
    const channel = new Channel<ImportProgress>();
    channel.onmessage = onProgress;
    return call<ImportSummary>('import', { paths, selection, on_progress: channel });
  },
  cancelImport: () => call<null>('cancel_import'),

  auditLog: (itemId: number | null, offset: number, limit: number) =>
    call<AuditPage>('audit_log', { item_id: itemId, offset, limit }),
  auditVerify: () => call<AuditVerification>('audit_verify'),
  settings: () => call<SettingsView>('settings'),
  setSetting: (key: SettingKey, value: string) => call<SettingsView>('set_setting', { key, value }),
  addGallringsbeslut: (input: GallringsbeslutInput) => call<SettingsView>('add_gallringsbeslut', { input }),
  importClients: (path: string) => call<ClientImportSummary>('import_clients', { path }),
  setupState: () => call<SetupView>('setup_state'),
  completeSetup: (setup: SetupInput) => call<SetupView>('complete_setup', { setup }),
};

/**
 * Files dropped on the window: the webview's native drop event carries paths (the front end
 * never reads files). Returns an unsubscribe function; outside Tauri it does nothing.
 */
export async function onFileDrop(handler: (paths: string[]) => void): Promise<() => void> {
  try {
    const { getCurrentWebview } = await import('@tauri-apps/api/webview');
    return await getCurrentWebview().onDragDropEvent((event) => {
      if (event.payload.type === 'drop' && event.payload.paths.length > 0) {
        handler(event.payload.paths);
      }
    });
  } catch {
    return () => {};
  }
}
