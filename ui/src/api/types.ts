// The IPC types, generated from the Rust views by ts-rs into ./bindings/ (never edit those by
// hand). This module re-exports them under the names the UI uses and adds the few UI-side types.
import type { SettingsView } from './bindings';

export type {
  Action,
  Actions,
  ArendemeningCheck,
  BlockedAction,
  AttachmentData,
  AttachmentView,
  Channel,
  Class,
  ClassFilter,
  Classification,
  ClassificationInput,
  ClientImportSummary,
  Direction,
  Gallringsbeslut,
  GallringsbeslutInput,
  ImportPreviewView,
  ImportSelection,
  ImportSummary,
  InboxPage,
  InboxQuery,
  InboxRow,
  ItemView,
  KeySource,
  Language,
  ListPreview,
  OffPaperFileView,
  OffPaperView,
  PassphraseChangeInput,
  PdfPageView,
  PersonnummerCheck,
  SecrecyMarking,
  SessionState,
  SettingsView,
  SetupInput,
  SetupView,
  SourceView,
  UnitConnectInput,
  UnitConnectView,
  Span,
  State,
  Suggestion,
  SuggestionFlag,
  SuggestionReason,
  UnitMode,
  UnitQueueView,
  UnitRegistrationView,
  UnitStatusView,
  UnitSyncView,
} from './bindings';
export type {
  AuditEventView as AuditEvent,
  AuditVerifyView as AuditVerification,
  ClientView as Client,
  ImportProgressView as ImportProgress,
  PagesView as PagesPreview,
  PartView as Part,
  PreviewFileView as ImportPreviewFile,
  PreviewThreadView as ImportThread,
  RegistrationView as Registration,
  AuditPage,
} from './bindings';

/** The item fields a suggestion flag's offsets point into (`SuggestionFlag.field`). */
export type SuggestionField = 'subject' | 'text' | 'from';

export type ListKind = 'ringa' | 'diarium';

/** The keys `set_setting` accepts (the register of gallringsbeslut and the login are read-only). */
export type SettingKey = Exclude<keyof SettingsView, 'gallringsbeslut' | 'login'>;

/** Every command rejects with this shape (bindings: ErrorView; normalised in backend.ts). */
export type { ErrorView as AppError } from './bindings';
