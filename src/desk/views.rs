//! The views the app exchanges with its front end: plain serde data, `snake_case`, times as
//! RFC 3339 strings, ids as numbers. `docs/ipc.md` is the contract; with the `ts` feature every
//! type here also derives ts-rs's `TS`, and `tests/desk_bindings.rs` writes or checks the
//! generated TypeScript in `ui/src/api/bindings/`, so the UI cannot drift from these shapes.

use serde::{Deserialize, Serialize};

use crate::model::{
    Action, Channel, Class, Classification, Direction, DocumentKind, Gallringsbeslut,
    SecrecyMarking, State,
};

#[cfg(feature = "ts")]
use ts_rs::TS;

/// Which key opened the store: the core's own type, so the app cannot disagree with the CLI.
pub use crate::store::keys::KeySource;

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Swedish, the default.
    #[default]
    Sv,
    /// English.
    En,
}

impl Language {
    /// Parses the stored setting; anything unknown is Swedish, the default.
    pub fn from_code(code: &str) -> Language {
        match code.trim() {
            "en" => Language::En,
            _ => Language::Sv,
        }
    }
}

/// What the window needs before it shows anything: locked or not, who, which language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SessionState {
    /// No store is open: the UI shows the lock screen.
    pub locked: bool,
    /// Unlocking needs a passphrase typed on the lock screen (with `first_run`: a new one,
    /// to be typed twice).
    pub needs_passphrase: bool,
    /// The store holds no item and no setting yet.
    pub first_run: bool,
    /// How the store's key was found.
    pub key_source: Option<KeySource>,
    /// The person acting (setting `user`, else the OS login).
    pub user: String,
    /// Started with `--demo`.
    pub demo: bool,
    /// UI language.
    pub language: Language,
    /// Minutes without input before the UI calls `lock`.
    pub idle_lock_minutes: u32,
}

/// A class filter: one of the three classes, or unclassified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum ClassFilter {
    /// Personakt material.
    Personakt,
    /// To be registered.
    Diarium,
    /// Of minor importance.
    Ringa,
    /// Not classified yet.
    None,
}

/// What the inbox shows. Empty lists mean "all".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct InboxQuery {
    /// Only these states.
    #[serde(default)]
    pub states: Vec<State>,
    /// Only these classes.
    #[serde(default)]
    pub classes: Vec<ClassFilter>,
    /// Full-text search (prefix match on the last word; å/ä/ö folding, see `desk::search`).
    #[serde(default)]
    pub text: Option<String>,
    /// Only diarium items registered without a diary number (the registrar's queue).
    #[serde(default)]
    pub awaiting_dnr: bool,
    /// Only these items: the ones an import just created ([`ImportSummary::created`]), which
    /// the inbox shows and selects after an import. `null`: no such restriction.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub ids: Option<Vec<i64>>,
}

/// One page of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct InboxPage {
    /// Rows matching the query in all.
    pub total: u32,
    /// This page, newest first.
    pub rows: Vec<InboxRow>,
}

/// One inbox line: enough to recognise the item, no more content than a preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct InboxRow {
    /// Item id.
    pub id: i64,
    /// Arrival time (RFC 3339).
    pub received_at: String,
    /// How it arrived.
    pub channel: Channel,
    /// In or out.
    pub direction: Direction,
    /// Sender as stored.
    pub sender: Option<String>,
    /// The client's name when the client register knows the sender (client register).
    pub sender_label: Option<String>,
    /// Whom an item sent went to, To then Cc ([`crate::model::sent_to`]): the row names them,
    /// not a sender ("Till 070-174 06 48"). Empty for a received item.
    pub sent_to: Vec<String>,
    /// The client's name when the client register knows the first of `sent_to`.
    pub sent_to_label: Option<String>,
    /// At most 140 characters of subject or text, whitespace collapsed; empty after purge.
    pub preview: String,
    /// Class, once classified.
    pub class: Option<Class>,
    /// Where it is on its road.
    pub state: State,
    /// inkom's designation, once registered.
    pub designation: Option<String>,
    /// Diary number, once given.
    pub diarienummer: Option<String>,
    /// Number of attachments.
    pub attachments: u32,
    /// Messages in an SMS thread item (0 for other items).
    pub thread_messages: u32,
    /// Waiting longer than the unit's limit for registration without delay.
    pub overdue: bool,
    /// Held (request for public documents, appeal).
    pub held: bool,
    /// A diarium item's ärendemening (public by design: the registrar's view shows it rather
    /// than the content).
    pub arendemening: Option<String>,
}

/// One message of an SMS thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PartView {
    /// When (RFC 3339).
    pub at: String,
    /// In or out.
    pub direction: Direction,
    /// The other party as the export showed it.
    pub sender: String,
    /// The text.
    pub text: String,
}

/// An attachment's facts; the bytes come through `attachment_data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AttachmentView {
    /// Attachment id (for `attachment_data`).
    pub id: i64,
    /// File name.
    pub name: String,
    /// MIME type.
    pub mime: String,
    /// Size in bytes.
    pub size: u32,
    /// SHA-256, hex.
    pub sha256: String,
    /// A picture the UI may preview (PNG, JPEG, WebP, GIF) and whose bytes are still stored.
    pub is_image: bool,
    /// The attachment's text exactly as the printout prints it (a text file, among them a
    /// message inkom could not split, or an attached e-mail), so the caseworker reads it
    /// before classifying; `null` for other files and once purged.
    pub text: Option<String>,
}

/// A file inside an attached e-mail (forwarded, or an Outlook .msg) or inside the signed form of
/// a message: on the printout it is listed with its checksum and reproduced (pictures drawn,
/// PDFs appended, text printed), so the caseworker sees before classifying that it is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct InnerFileView {
    /// "OUTER › INNER", as the printout names it.
    pub name: String,
    /// MIME type.
    pub mime: String,
    /// Size in bytes.
    pub size: u32,
    /// SHA-256, hex.
    pub sha256: String,
    /// Its text exactly as the printout prints it; `null` for other files.
    pub text: Option<String>,
    /// A picture the view shows (PNG, JPEG, WebP, GIF; the first few, each of limited size)
    /// as a `data:` URL; `null` for other files. The printout draws it; the caseworker sees it
    /// before classifying.
    pub image: Option<String>,
}

/// Where the item came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SourceView {
    /// What kind of source: `sms_export`, `email_file`, `screenshot_file`, `iphone_backup`.
    pub kind: String,
    /// The file or folder; `null` after purge.
    pub path: Option<String>,
    /// Where in the file.
    pub locator: String,
    /// What the import repaired, guessed or noticed about this message ("datum saknas …
    /// kontrollera den", a guessed character set, a salvaged export, the item a grown
    /// conversation continues), as the printout's chain of custody prints them under
    /// "Anmärkning vid import": the caseworker sees them before classifying, not only on paper.
    pub notes: Vec<String>,
}

/// A registration's facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct RegistrationView {
    /// inkom's designation, e.g. `INK-2026-00007`.
    pub designation: String,
    /// When (RFC 3339).
    pub registered_at: String,
    /// SHA-256 of the PDF.
    pub pdf_sha256: String,
    /// Diary number, once given.
    pub diarienummer: Option<String>,
    /// What the printout could not draw (issue 12's fidelity gate); `None` when it is a
    /// faithful copy. While set, the source stays and the sheet can be registered again.
    pub unprintable: Option<UnprintableView>,
}

/// What an item's printout names but cannot hold (a film, a sound recording, a file inkom does
/// not print, a PDF it cannot open), shown in the delete dialog before the caseworker confirms:
/// the source goes only once these are kept apart (`ack_off_paper`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct OffPaperView {
    /// Each file: its name as the printout gives it, and what it is in Swedish.
    pub files: Vec<OffPaperFileView>,
    /// Files inside attached e-mails beyond the printout's limits, which it only counts.
    pub inner_left_out: u32,
}

/// One file of [`OffPaperView`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct OffPaperFileView {
    /// "samtal.mp3", or "OUTER › INNER" inside an attached e-mail.
    pub name: String,
    /// "en film", "en ljudinspelning", "en PDF som inte kan återges: …".
    pub kind: String,
}

/// Characters a registration printout drew as replacement marks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct UnprintableView {
    /// How many.
    pub count: u32,
    /// Their scripts, in Swedish ("kinesiska tecken (han)").
    pub scripts: String,
}

/// What the core would allow now, so the UI enables exactly those buttons: one flag per
/// [`crate::model::Action`], set from [`crate::lifecycle::machine::allowed`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Actions {
    /// Classify or reclassify.
    pub classify: bool,
    /// Undo the classification.
    pub unclassify: bool,
    /// Write the registration PDF.
    pub register: bool,
    /// Confirm the printout.
    pub confirm_printed: bool,
    /// Confirm (or perform) the deletion of the source.
    pub confirm_source_deleted: bool,
    /// Purge inkom's copy.
    pub purge: bool,
    /// Cull a ringa item.
    pub cull: bool,
    /// Give a registered diarium item the next number of inkom's series.
    pub assign_dnr: bool,
    /// Record a diary number from the paper diary.
    pub set_dnr: bool,
    /// Confirm that a personakt printout is filed in the akt.
    pub confirm_filed: bool,
    /// Hold the item.
    pub hold: bool,
    /// Release the hold.
    pub release: bool,
    /// Correct the date received (before registration).
    pub set_received: bool,
}

impl Actions {
    /// The flag of one action; exhaustive, so a new action cannot be forgotten here.
    pub fn flag(&mut self, action: Action) -> &mut bool {
        match action {
            Action::Classify => &mut self.classify,
            Action::Unclassify => &mut self.unclassify,
            Action::Register => &mut self.register,
            Action::ConfirmPrinted => &mut self.confirm_printed,
            Action::AssignDnr => &mut self.assign_dnr,
            Action::SetDnr => &mut self.set_dnr,
            Action::ConfirmFiled => &mut self.confirm_filed,
            Action::ConfirmSourceDeleted => &mut self.confirm_source_deleted,
            Action::Purge => &mut self.purge,
            Action::Cull => &mut self.cull,
            Action::Hold => &mut self.hold,
            Action::Release => &mut self.release,
            Action::SetReceived => &mut self.set_received,
        }
    }
}

/// A step the road allows in this state but a guard rail holds back (no diary number yet, the
/// printout not confirmed filed, a hold), with what to do first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct BlockedAction {
    /// The step.
    pub action: Action,
    /// The refusal's stable code (`no_diarienummer`, `not_filed`, `held`).
    pub code: String,
    /// Plain Swedish: why, and what to do first.
    pub message: String,
}

/// A stretch of one of the item's fields a reason rests on (UTF-16 offsets, what JS strings
/// index).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Span {
    /// `subject`, `text`, `from` or `to`.
    pub field: String,
    /// Start, UTF-16 code units.
    pub start: u32,
    /// End (exclusive), UTF-16 code units.
    pub end: u32,
}

/// One reason for a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SuggestionReason {
    /// Swedish text, e.g. "Innehåller personnummer".
    pub text: String,
    /// Where in the item it was found.
    pub spans: Vec<Span>,
}

/// A word in the item that triggered a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SuggestionFlag {
    /// Category code, e.g. `health`.
    pub category: String,
    /// Swedish label.
    pub label: String,
    /// The word found.
    pub term: String,
    /// `subject`, `text`, `from` or `to`.
    pub field: String,
    /// Start in the field, UTF-16 code units.
    pub start: u32,
    /// End (exclusive), UTF-16 code units.
    pub end: u32,
}

/// A classification suggestion with its reasons (`crate::suggest`); the caseworker decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Suggestion {
    /// Suggested class, if any.
    pub class: Option<Class>,
    /// Why.
    pub reasons: Vec<SuggestionReason>,
    /// Trigger words.
    pub flags: Vec<SuggestionFlag>,
    /// Suggested secrecy marking, stamped with today, the unit and the user.
    pub secrecy: Option<SecrecyMarking>,
}

/// One audit event as the history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AuditEventView {
    /// Position in the chain.
    pub seq: i64,
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// Action code.
    pub action: String,
    /// Item, if any.
    pub item_id: Option<i64>,
    /// The event's details (ids, classes, hashes; never content).
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub detail: serde_json::Value,
}

/// One item with everything the item view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ItemView {
    /// Item id.
    pub id: i64,
    /// How it arrived.
    pub channel: Channel,
    /// In or out.
    pub direction: Direction,
    /// Sender.
    pub sender: Option<String>,
    /// Client name for the sender (client register).
    pub sender_label: Option<String>,
    /// Recipients (To).
    pub recipients: Vec<String>,
    /// Whom an item sent went to, To then Cc then Bcc ([`crate::model::sent_to`]): it is
    /// headed by them. Empty for an item received.
    pub sent_to: Vec<String>,
    /// Client name for the first of `sent_to` (client register).
    pub sent_to_label: Option<String>,
    /// Cc.
    pub cc: Vec<String>,
    /// Bcc: only a sent copy names them.
    pub bcc: Vec<String>,
    /// E-mail subject.
    pub subject: Option<String>,
    /// Arrival (RFC 3339); for a sent document when it was sent, for one the unit drew up
    /// when it was made (see `kind`).
    pub received_at: String,
    /// Received, drawn up or sent: which label `received_at` takes ("Inkom", "Upprättad",
    /// "Expedierad") and whether the party shown is the sender or the recipients.
    pub kind: DocumentKind,
    /// When the sender says it was sent (e-mail `Date:`, SMS sent time), RFC 3339; shown
    /// beside the time received as "Avsänt (enligt avsändaren)".
    pub sent_at: Option<String>,
    /// The item this one answers (an e-mail whose `In-Reply-To` names a stored message), so a
    /// reply is shown with the message it answers.
    pub answers: Option<i64>,
    /// An import note questions the time received (the file's time, the sender's own time):
    /// the correction of the date received is offered open.
    pub time_questioned: bool,
    /// Text; `null` after purge.
    pub body: Option<String>,
    /// Sanitised HTML (ammonia, in the core); show only in a sandboxed iframe.
    pub body_html: Option<String>,
    /// The messages of an SMS thread.
    pub parts: Vec<PartView>,
    /// Attachments.
    pub attachments: Vec<AttachmentView>,
    /// The files inside attached e-mails and signed forms ([`InnerFileView`]); empty once
    /// purged.
    pub inner_files: Vec<InnerFileView>,
    /// Page address of a screenshot.
    pub page_address: Option<String>,
    /// The source.
    pub source: SourceView,
    /// Where it is on its road.
    pub state: State,
    /// Class, once classified.
    pub class: Option<Class>,
    /// The classification as stored.
    pub classification: Option<Classification>,
    /// The registration.
    pub registration: Option<RegistrationView>,
    /// Suggestion (client register).
    pub suggestion: Option<Suggestion>,
    /// What the caseworker must delete and where, in one Swedish sentence.
    pub delete_instruction: String,
    /// inkom can delete the source file itself (a single file, still there).
    pub can_delete_file: bool,
    /// What inkom keeps after purge or culling, in Swedish; empty before.
    pub kept_after_purge: Vec<String>,
    /// Steps held back by a guard rail, with what to do first.
    pub blocked: Vec<BlockedAction>,
    /// The reason of the hold, while one stands.
    pub held_reason: Option<String>,
    /// When the printout was confirmed filed in the personakt (RFC 3339).
    pub filed_at: Option<String>,
    /// Waiting longer than the unit's limit for registration without delay.
    pub overdue: bool,
    /// What the core allows now.
    pub actions: Actions,
    /// The item's audit trail, oldest first.
    pub history: Vec<AuditEventView>,
}

/// A classification as the UI sends it. The shell completes it (the secrecy marking's date,
/// authority, unit and author; the personnummer's century) with [`ClassificationInput::into_classification`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "class", rename_all = "snake_case")]
pub enum ClassificationInput {
    /// Personakt material.
    Personakt {
        /// The client's name.
        client_name: String,
        /// Personnummer or samordningsnummer in any common form.
        personnummer: String,
        /// The secrecy provision (e.g. `26 kap. 1 § OSL`) to mark the printout with.
        #[serde(default)]
        secrecy: Option<String>,
        /// Add the client to the register when it does not hold this personnummer: the offer
        /// the form makes (guard rail 11). Ignored for a client already there.
        #[serde(default)]
        add_to_register: bool,
    },
    /// To be registered.
    Diarium {
        /// Public-safe ärendemening.
        description: String,
        /// The secrecy provision (e.g. `26 kap. 1 § OSL`), when the document holds secrets.
        #[serde(default)]
        secrecy: Option<String>,
        /// Leave the sender out of the public register; default: true when secrecy is given.
        #[serde(default)]
        sender_secret: Option<bool>,
    },
    /// Of minor importance.
    Ringa {
        /// Optional note.
        #[serde(default)]
        note: Option<String>,
    },
}

/// An attachment's bytes for a preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AttachmentData {
    /// MIME type.
    pub mime: String,
    /// The bytes, base64.
    pub base64: String,
    /// For a TIFF (a scanned letter, a fax), which the webview cannot draw: its number of
    /// pages; `mime` and `base64` are then its first page as a PNG. `None` for any other
    /// picture.
    pub pages: Option<u32>,
}

/// Pages of a PDF as PNG pictures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PagesView {
    /// One PNG (base64) per page.
    pub pages: Vec<String>,
}

/// A printed list's preview and the handle to open or print it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ListPreview {
    /// One PNG (base64) per page.
    pub pages: Vec<String>,
    /// Pass to `open_list` / `print_list_pdf`.
    pub list_id: String,
}

/// The answer to `check_personnummer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PersonnummerCheck {
    /// Valid personnummer or samordningsnummer.
    pub valid: bool,
    /// The 12-digit form `YYYYMMDD-NNNN`.
    pub normalized: Option<String>,
    /// Why not, in Swedish.
    pub message: Option<String>,
    /// The name the client register holds for this number; `None` when the register does not
    /// hold it (the form then offers to add the client) or the number is invalid.
    pub registered_name: Option<String>,
}

/// The answer to `check_arendemening`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ArendemeningCheck {
    /// Swedish warnings; empty when nothing was found.
    pub warnings: Vec<String>,
}

/// A client in the client register (identified by personnummer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ClientView {
    /// Name.
    pub name: String,
    /// Personnummer.
    pub personnummer: String,
    /// Phone numbers.
    pub phones: Vec<String>,
    /// E-mail addresses.
    pub emails: Vec<String>,
}

/// One error, as every command rejects: a stable code, a Swedish message saying what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ErrorView {
    /// Stable code the UI may branch on.
    pub code: String,
    /// Swedish, plain, with what to do next.
    pub message: String,
}

/// One conversation in a file, for the picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PreviewThreadView {
    /// Key to pass in `ImportSelection::threads`.
    pub key: String,
    /// The other party (number and name).
    pub counterpart: String,
    /// Messages.
    pub count: u32,
    /// Of them, in inkom already from an earlier import: importing the conversation stores
    /// only the others (`count - known` new; none when all are known).
    #[serde(default)]
    pub known: u32,
    /// First message (RFC 3339).
    pub first: String,
    /// Last message (RFC 3339).
    pub last: String,
}

/// One file as the import preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PreviewFileView {
    /// The path.
    pub path: String,
    /// Detected format in Swedish; empty when refused.
    pub format: String,
    /// Messages in the file.
    pub messages: u32,
    /// SMS conversations.
    pub threads: Vec<PreviewThreadView>,
    /// Why it cannot be imported as it is. With `truncated`, why only part of it can.
    pub error: Option<ErrorView>,
    /// The file is cut off (a truncated export): refused as it is, but the complete messages
    /// before the break can be imported in salvage mode. `messages` and `threads` then say
    /// what salvage would import, so the caseworker sees it before ticking the box.
    #[serde(default)]
    pub truncated: bool,
}

/// What the chosen files hold; nothing is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ImportPreviewView {
    /// One entry per path, in order.
    pub files: Vec<PreviewFileView>,
    /// Tesseract with its Swedish model is installed: screenshots can be read (OCR), and the
    /// import dialog offers it switched on.
    pub ocr_available: bool,
}

/// What to import from the chosen files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ImportSelection {
    /// Only these conversations (keys from the preview); `null` = all.
    #[serde(default)]
    pub threads: Option<Vec<String>>,
    /// First day (YYYY-MM-DD), inclusive.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[serde(default)]
    pub to: Option<String>,
    /// One item per SMS.
    #[serde(default)]
    pub per_message: bool,
    /// Read screenshot text with Tesseract.
    #[serde(default)]
    pub ocr: bool,
    /// A truncated export: import the complete messages before the break instead of refusing.
    #[serde(default)]
    pub salvage: bool,
}

/// A refused file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct RejectedFile {
    /// The path.
    pub path: String,
    /// Why, in Swedish.
    pub message: String,
}

/// The result of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ImportSummary {
    /// New items.
    pub imported: u32,
    /// Messages already stored.
    pub duplicates: u32,
    /// Refused files.
    pub rejected: Vec<RejectedFile>,
    /// The user cancelled; the file being read was rolled back, earlier files stay.
    pub cancelled: bool,
    /// Per imported file, how every message in it was accounted for.
    pub sources: Vec<SourceSummary>,
    /// The ids of the new items, in import order: the inbox selects and shows them.
    #[serde(default)]
    pub created: Vec<i64>,
}

/// One imported file's account: messages in it = imported + duplicates + not selected +
/// skipped (each with its reason), so nothing is lost without a word.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SourceSummary {
    /// The path.
    pub path: String,
    /// The format, in Swedish.
    pub format: String,
    /// Messages in the file.
    pub messages: u32,
    /// Of these, stored now.
    pub imported: u32,
    /// Already stored before.
    pub duplicates: u32,
    /// Not chosen (other conversations or dates).
    pub not_selected: u32,
    /// Skipped by the reader, each with its reason in `notes`.
    pub skipped: u32,
    /// Messages in none of the above: 0 unless inkom has a bug; shown, never hidden.
    pub unaccounted: u32,
    /// The account in one Swedish sentence.
    pub account: String,
    /// What was skipped or repaired, and why (Swedish); the same note on many messages is one
    /// line naming them (`import::summary::collapsed_notes`).
    pub notes: Vec<String>,
}

/// Progress of an import, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ImportProgressView {
    /// Which file (0-based).
    pub file_index: u32,
    /// Files in all.
    pub files: u32,
    /// Items read from this file so far.
    pub items: u32,
    /// Bytes of this file read.
    pub bytes: f64,
    /// Size of this file.
    pub total_bytes: f64,
}

/// A page of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AuditPage {
    /// Events in all.
    pub total: u32,
    /// This page, newest first.
    pub events: Vec<AuditEventView>,
}

/// Where the audit chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct BrokenLinkView {
    /// The first event that does not check out.
    pub seq: i64,
    /// Why (English, technical).
    pub reason: String,
}

/// The result of `audit_verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AuditVerifyView {
    /// The chain is whole.
    pub ok: bool,
    /// Events checked.
    pub events: u32,
    /// The first broken link.
    pub first_bad: Option<BrokenLinkView>,
}

/// The settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SettingsView {
    /// The organisation (kommun).
    pub organisation: Option<String>,
    /// The authority (nämnd).
    pub authority: Option<String>,
    /// The unit.
    pub unit: Option<String>,
    /// The user's display name (default: the OS login). Only shown and printed: the audit
    /// names `login`.
    pub user: String,
    /// The OS login the audit names (guard rail 7).
    pub login: String,
    /// Diary series prefix.
    pub diary_prefix: Option<String>,
    /// The default gallringsbeslut (its reference) that culling and purging cite.
    pub cull_decision: Option<String>,
    /// The register of gallringsbeslut (guard rail 8), oldest first.
    pub gallringsbeslut: Vec<Gallringsbeslut>,
    /// The secrecy provisions a marking may name (guard rail 6), for the classification form.
    pub provisions: Vec<ProvisionOption>,
    /// Minutes without input before the lock.
    pub idle_lock_minutes: u32,
    /// UI language.
    pub language: Language,
}

/// The result of a client-register import (client register).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ClientImportSummary {
    /// New clients.
    pub imported: u32,
    /// Updated clients.
    pub updated: u32,
    /// Refused lines.
    pub rejected: Vec<RejectedLine>,
}

/// A refused CSV line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct RejectedLine {
    /// 1-based line.
    pub line: u32,
    /// Why, in Swedish.
    pub message: String,
}

/// A secrecy provision the classification form offers (guard rail 6): the closed list of
/// [`crate::model::Sekretessbestammelse`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ProvisionOption {
    /// The citation the form sends back, e.g. `26 kap. 1 § OSL`.
    pub citation: String,
    /// What it protects, in Swedish.
    pub sv: String,
}

/// A gallringsbeslut as the settings form sends it (guard rail 8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct GallringsbeslutInput {
    /// Who decided, e.g. "Socialnämnden".
    pub decided_by: String,
    /// The day of the decision, `YYYY-MM-DD`.
    pub decided_on: String,
    /// The reference, e.g. "SN 2025/0113 § 42".
    pub reference: String,
    /// The section of the dokumenthanteringsplan.
    pub plan_section: String,
}

/// This store and the unit's register (issue 16), for the status bar: connected or not, what
/// waits in the outbox. Read from the local store only; no network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct UnitStatusView {
    /// The store publishes its diarium registrations to a unit register.
    pub connected: bool,
    /// The login the store connects with (`null` when not connected).
    pub login: Option<String>,
    /// The unit (the register's database; `null` when not connected).
    pub unit: Option<String>,
    /// Registrations waiting in the outbox.
    pub waiting: u64,
    /// Registrations delivered.
    pub delivered: u64,
    /// Why the last waiting registration was not delivered, in Swedish.
    pub last_error: Option<String>,
}

/// What "Synka nu" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct UnitSyncView {
    /// The status after the sync.
    pub status: UnitStatusView,
    /// Registrations delivered now.
    pub delivered: u64,
    /// Diary numbers the registrar had recorded, now on their items.
    pub numbers_back: u64,
    /// The register could not be reached: what waits, waits.
    pub offline: bool,
    /// What happened, in Swedish, for the notice.
    pub message: String,
}

/// How the registrar view works on this PC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum UnitMode {
    /// No unit register: the local store's diarium, as always.
    Local,
    /// Connected with a caseworker's login: the local store's view (the unit's queue is the
    /// registrar's).
    Caseworker,
    /// Connected with a registrar's login: the unit's queue and lists.
    Registrar,
}

/// One registration in the unit register, as the registrar's queue shows it. Holds only the
/// 5 kap. 2 § OSL facts (public by design), never document content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct UnitRegistrationView {
    /// Id in the unit register.
    pub id: i64,
    /// The caseworker who published it (login).
    pub caseworker: String,
    /// When the authority got it (RFC 3339).
    pub received_at: String,
    /// When it reached the unit register (RFC 3339).
    pub registered_at: String,
    /// `inkommen`, `upprattad` or `expedierad`.
    pub direction: String,
    /// inkom's designation on the caseworker's PC, e.g. `INK-2026-00007`.
    pub designation: String,
    /// Sender, or "Sekretess".
    pub sender: String,
    /// The public short description.
    pub arendemening: String,
    /// The secrecy marking's provision, if any.
    pub secrecy: Option<String>,
    /// The diary number, once there is one.
    pub dnr: Option<String>,
    /// `queued`, `assigned` or `entered`.
    pub state: String,
    /// The registrar who took it.
    pub assigned_to: Option<String>,
    /// The registration sheet is still held (not purged after filing).
    pub has_sheet: bool,
}

/// The registrar view's data: the mode and, for a registrar, the unit's queue sorted by diary
/// number (those without one last, oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct UnitQueueView {
    /// How the view works on this PC.
    pub mode: UnitMode,
    /// The login (registrar mode).
    pub login: Option<String>,
    /// The unit (registrar mode).
    pub unit: Option<String>,
    /// The registrations not yet entered in the diary.
    pub rows: Vec<UnitRegistrationView>,
    /// More wait than one page shows (the oldest are shown).
    pub truncated: bool,
}

/// A passphrase change as typed in Inställningar (the new one was typed twice and compared in
/// the window).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PassphraseChangeInput {
    /// The passphrase in use, proving that the person at the computer is its owner.
    pub current: String,
    /// The new passphrase.
    pub new: String,
}

impl std::fmt::Debug for PassphraseChangeInput {
    /// Never prints either passphrase.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PassphraseChangeInput { … }")
    }
}
