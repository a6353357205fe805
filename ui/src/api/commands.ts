// The IPC contract as one type: every command the shell registers (src-tauri/src/lib.rs), its
// arguments (snake_case, as the Rust parameters are named) and what it answers. backend.ts
// calls through it and the Playwright fake backend (e2e/fake-backend.ts) must implement exactly
// it, so both are checked by the type checker; src-tauri/tests/security.rs checks this file
// against the Rust commands' names, parameters and return types.
import type { Channel as IpcChannel } from '@tauri-apps/api/core';
import type {
  ArendemeningCheck,
  AttachmentData,
  AuditPage,
  AuditVerification,
  ClassificationInput,
  Client,
  ClientImportSummary,
  GallringsbeslutInput,
  ImportPreviewView,
  ImportProgress,
  ImportSelection,
  ImportSummary,
  InboxPage,
  InboxQuery,
  ItemView,
  OffPaperView,
  ListPreview,
  PagesPreview,
  PdfPageView,
  PersonnummerCheck,
  SessionState,
  SettingsView,
  SetupInput,
  SetupView,
  UnitQueueView,
  UnitStatusView,
  UnitSyncView,
  UnitConnectInput,
  PassphraseChangeInput,
  UnitConnectView,
} from './types';

/** A command without arguments. */
export type None = Record<string, never>;

export interface Commands {
  session_state: { args: None; result: SessionState };
  unlock: { args: { passphrase?: string | null }; result: SessionState };
  lock: { args: None; result: SessionState };
  still_here: { args: None; result: null };
  inbox: { args: { query: InboxQuery; offset: number; limit: number }; result: InboxPage };
  item: { args: { id: number }; result: ItemView };
  attachment_data: { args: { id: number }; result: AttachmentData };
  registration_preview: { args: { id: number }; result: PagesPreview };
  classify: { args: { id: number; classification: ClassificationInput }; result: ItemView };
  unclassify: { args: { id: number }; result: ItemView };
  reregister: { args: { id: number }; result: ItemView };
  check_personnummer: { args: { value: string }; result: PersonnummerCheck };
  check_arendemening: { args: { text: string }; result: ArendemeningCheck };
  clients: { args: { text: string }; result: Client[] };
  register: { args: { ids: number[] }; result: ItemView[] };
  open_pdf: { args: { id: number }; result: null };
  print_pdf: { args: { id: number }; result: string };
  confirm_printed: { args: { ids: number[] }; result: ItemView[] };
  confirm_source_deleted: { args: { id: number; delete_file: boolean; ack_partial_export: boolean | null; ack_off_paper: boolean | null }; result: ItemView };
  off_paper: { args: { id: number }; result: OffPaperView };
  purge: { args: { id: number }; result: ItemView };
  set_dnr: { args: { id: number; diarienummer: string }; result: ItemView };
  confirm_filed: { args: { ids: number[] }; result: ItemView[] };
  hold: { args: { id: number; reason: string }; result: ItemView };
  release: { args: { id: number }; result: ItemView };
  set_received: { args: { id: number; at: string; reason: string; drawn_up: boolean | null }; result: ItemView };
  cull: { args: { ids: number[]; decision: string }; result: ItemView[] };
  assign_dnr: { args: { ids: number[] }; result: ItemView[] };
  print_list: { args: { kind: string; from: string | null; to: string | null }; result: ListPreview };
  open_list: { args: { list_id: string }; result: null };
  print_list_pdf: { args: { list_id: string }; result: string };
  pick_files: { args: None; result: string[] };
  import_preview: { args: { paths: string[] }; result: ImportPreviewView };
  import: {
    args: { paths: string[]; selection: ImportSelection; on_progress: IpcChannel<ImportProgress> };
    result: ImportSummary;
  };
  cancel_import: { args: None; result: null };
  audit_log: { args: { item_id: number | null; offset: number; limit: number }; result: AuditPage };
  audit_verify: { args: None; result: AuditVerification };
  settings: { args: None; result: SettingsView };
  set_setting: { args: { key: string; value: string }; result: SettingsView };
  add_gallringsbeslut: { args: { input: GallringsbeslutInput }; result: SettingsView };
  import_clients: { args: { path: string }; result: ClientImportSummary };
  setup_state: { args: None; result: SetupView };
  complete_setup: { args: { setup: SetupInput }; result: SetupView };
  connect_unit_register: { args: { unit: UnitConnectInput }; result: UnitConnectView };
  change_passphrase: { args: { change: PassphraseChangeInput }; result: null };
  pdf_page: { args: { id: number; page: number; dpi: number }; result: PdfPageView };
  unit_status: { args: None; result: UnitStatusView };
  unit_sync: { args: None; result: UnitSyncView };
  unit_queue: { args: None; result: UnitQueueView };
  unit_assign: { args: { registration_id: number }; result: UnitQueueView };
  unit_set_dnr: { args: { registration_id: number; diarienummer: string }; result: UnitQueueView };
  unit_entered: { args: { registration_id: number }; result: UnitQueueView };
  unit_print_sheet: { args: { registration_id: number }; result: ListPreview };
  unit_list: { args: { from: string | null; to: string | null }; result: ListPreview };
  unit_open_pdf: { args: { list_id: string }; result: null };
  unit_print_pdf: { args: { list_id: string }; result: string };
}

export type Command = keyof Commands;
export type Args<K extends Command> = Commands[K]['args'];
export type Result<K extends Command> = Commands[K]['result'];
