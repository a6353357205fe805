//! Why a lifecycle action was refused or failed, with the Swedish message that says what to do
//! next and the stable code scripts and the app branch on.

use std::path::PathBuf;

use super::public::{PublicField, Revealed};
use crate::import::ImportError;
use crate::model::{Action, State};
use crate::pdf::PdfError;
use crate::store::StoreError;

/// Why an action was refused or failed. Every refusal leaves the store unchanged.
#[derive(Debug, thiserror::Error)]
pub enum LifecycleError {
    /// Store failure.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The import of a file failed; nothing from it was stored.
    #[error("import of {} failed: {source}", crate::path_text::display(path))]
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
        /// What was attempted.
        action: Action,
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
        action: Action,
    },
    /// Cull was asked of a personakt or diarium item.
    #[error("item {0} is not ringa; only ringa items can be culled")]
    NotRinga(i64),
    /// The stored PDF is missing or its hash does not match the registration.
    #[error("item {0}: registration PDF missing or its hash does not match")]
    PdfMismatch(i64),
    /// The source file changed since import, so inkom will not delete it.
    #[error(
        "item {id}: source file {} changed since import",
        crate::path_text::display(path)
    )]
    SourceChanged {
        /// The item.
        id: i64,
        /// The file.
        path: PathBuf,
    },
    /// The source file is not there (any more).
    #[error("item {id}: source file {} not found", crate::path_text::display(path))]
    SourceMissing {
        /// The item.
        id: i64,
        /// The file.
        path: PathBuf,
    },
    /// The source path is not safe to delete as the imported file (a link, a FIFO, a file
    /// with other names, or one swapped during the check): [`crate::source_file`].
    #[error(
        "item {id}: source file {} not deleted: {reason}",
        crate::path_text::display(path)
    )]
    SourceUnsafe {
        /// The item.
        id: i64,
        /// The file.
        path: PathBuf,
        /// Why.
        reason: crate::source_file::SourceFileError,
    },
    /// The source is a folder (an iPhone backup); inkom deletes single files only.
    #[error(
        "item {id}: source {} is a folder; inkom deletes files only",
        crate::path_text::display(path)
    )]
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
    /// The source file holds messages inkom never got (guard rail 2); deleting it needs the
    /// caseworker's acknowledgement. Who the messages are with is in the Swedish message only.
    #[error(
        "item {id}: the source file holds {} messages not in inkom; not deleted without \
         acknowledgement",
        unhandled.messages
    )]
    ExportHasMore {
        /// The item.
        id: i64,
        /// What the file holds that inkom does not.
        unhandled: super::export_file::Unhandled,
    },
    /// The source holds attachments its printout cannot reproduce (a film, a sound recording,
    /// a file inkom does not print, pages it did not draw), and the caseworker has not confirmed they are kept apart:
    /// once the source is deleted and inkom's copy purged, nothing else would hold them.
    #[error(
        "item {id}: the printout does not hold {} attachment(s); the source is deleted once they \
         are confirmed kept apart",
        off.files.len() + off.inner_left_out
    )]
    OffPaper {
        /// The item.
        id: i64,
        /// What its printout does not hold.
        off: crate::documents::OffPaper,
    },
    /// A file operation failed.
    #[error("{what} {}: {source}", crate::path_text::display(path))]
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
    /// The diary number is recorded on another item already: each registered document has its
    /// own (a typo, or the same paper number written twice).
    #[error("item {id}: diary number {diarienummer} is already recorded on item {other}")]
    DiarienummerTaken {
        /// The item.
        id: i64,
        /// The item that has it.
        other: i64,
        /// The number.
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
    /// The registration printout lacks characters no font could draw: the source must stay
    /// (issue 12, [`crate::fidelity`]).
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
    /// A diarium item's source may go only once the item is in the diarium (guard rail 1).
    #[error("item {0} has no diary number yet; its source may not be deleted")]
    NoDiarienummer(i64),
    /// A personakt item's source may go only once the printout is filed (guard rail 1).
    #[error("item {0}: filing in the personakt not confirmed; its source may not be deleted")]
    NotFiled(i64),
    /// The printout's filing was already confirmed.
    #[error("item {0}: filing already confirmed")]
    AlreadyFiled(i64),
    /// The item is held (request for public documents, appeal): nothing may be removed.
    #[error("item {id} is held: cannot {action}")]
    Held {
        /// The item.
        id: i64,
        /// What was attempted.
        action: Action,
        /// The reason given for the hold (the user's own words, shown back to them).
        reason: String,
    },
    /// The item already has a hold.
    #[error("item {0} is already held")]
    AlreadyHeld(i64),
    /// A corrected date received could not be read (guard rail 4).
    #[error("the corrected date is not a date and time")]
    BadReceivedTime,
    /// A corrected date received lies after the correction itself.
    #[error("item {0}: the corrected date is in the future")]
    ReceivedInFuture(i64),
    /// Only a screenshot can be marked as drawn up by the unit (upprättad) or as received.
    #[error("item {0} is not a screenshot; only a screenshot can be marked drawn up")]
    NotScreenshot(i64),
    /// Release was asked of an item that is not held.
    #[error("item {0} is not held")]
    NotHeld(i64),
    /// A diary number typed in from the paper diary is not usable as written.
    #[error("item {0}: diary number not usable as written")]
    BadDiarienummer(i64),
    /// A field printed on a public list names a client or holds a personnummer (rule 3). The
    /// text itself is not repeated here: it goes to logs.
    #[error("{field:?} reveals a {revealed:?}; refused for a public list")]
    NotPublic {
        /// Which field.
        field: PublicField,
        /// What it revealed.
        revealed: Revealed,
    },
    /// The register holds the personnummer for a person of another name (rule 11). The names
    /// are in the Swedish message only, never in this log text.
    #[error("personakt: the register holds this personnummer under another name")]
    WrongAkt {
        /// The name the register holds for the personnummer.
        registered_name: String,
        /// The name given.
        given_name: String,
    },
    /// A field of a gallringsbeslut is empty, not one line, or (the date) in the future.
    #[error("gallringsbeslut: {0} not accepted")]
    BadGallringsbeslut(&'static str),
    /// A gallringsbeslut with this reference is already registered.
    #[error("gallringsbeslut with this reference already registered")]
    GallringsbeslutExists(String),
    /// The decision named is not in the register (the user's own words, shown back).
    #[error("gallringsbeslut not in the register")]
    UnknownGallringsbeslut(String),
    /// The register holds no gallringsbeslut: nothing may be culled (guard rail 8).
    #[error("no gallringsbeslut in the register")]
    NoGallringsbeslut,
    /// The register holds several decisions and none is the default.
    #[error("{0} gallringsbeslut in the register and none is the default")]
    ChooseGallringsbeslut(usize),
    /// A ringa item is culled only once its source is deleted or marked as having none.
    #[error("item {0}: source not deleted; cannot cull")]
    SourceNotDeleted(i64),
    /// A secrecy provision not on the closed list (guard rail 6).
    #[error("secrecy provision not on the list")]
    UnknownProvision(String),
    /// A secrecy marking names the authority (nämnd), and none is set.
    #[error("secrecy marking without an authority: set authority")]
    NoAuthority,
    /// A setting's value is out of range.
    #[error("setting {key}: value out of range")]
    BadSetting {
        /// The key.
        key: &'static str,
        /// Swedish: what is accepted.
        sv: &'static str,
    },
}

/// Where the user acts on a refusal: the next step names the app's control or the command.
/// No message the app shows names a command (a caseworker never needs the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// The desktop app.
    App,
    /// The `inkom` command line.
    Cli,
}

impl LifecycleError {
    /// [`LifecycleError::sv`] followed by the next step where the user is.
    pub fn sv_for(&self, surface: Surface) -> String {
        match self.next_step(surface) {
            Some(step) => format!("{} {step}", self.sv()),
            None => self.sv(),
        }
    }

    /// The control or command that does what the message asks, where there is one.
    fn next_step(&self, surface: Surface) -> Option<String> {
        use Surface::{App, Cli};
        Some(match (self, surface) {
            (LifecycleError::IncompletePrintout { id, .. }, Cli) => {
                format!("På kommandoraden: `inkom register --again {id}`.")
            }
            (LifecycleError::IncompletePrintout { .. }, App) => {
                "Använd knappen \"Registrera om\" under \"Registrera och skriv ut\".".to_string()
            }
            (LifecycleError::NoDiarienummer(_), App) => {
                "Gör det under \"Registrera och skriv ut\" i handlingen.".to_string()
            }
            (LifecycleError::NoDiarienummer(id), Cli) => format!(
                "På kommandoraden: `inkom set-dnr {id} \"SN 2026/0042\"` eller \
                 `inkom assign-dnr {id}`."
            ),
            (LifecycleError::NotFiled(_), App) => {
                "Använd knappen \"Bekräfta att utskriften ligger i personakten\".".to_string()
            }
            (LifecycleError::NotFiled(id), Cli) => {
                format!("På kommandoraden: `inkom confirm-filed {id}`.")
            }
            (LifecycleError::Held { .. }, App) => "Använd knappen \"Häv spärren\".".to_string(),
            (LifecycleError::Held { id, .. }, Cli) => {
                format!("På kommandoraden: `inkom release {id}`.")
            }
            (LifecycleError::SourceMissing { .. }, Cli) => {
                "Ange var den raderades med --where, utan --delete-file.".to_string()
            }
            (LifecycleError::SourceIsFolder { .. }, Cli) => {
                "På kommandoraden: utan --delete-file.".to_string()
            }
            _ => return None,
        })
    }

    /// The message for a Swedish user: what was refused and what to do instead, in words
    /// that hold for the app and the command line alike ([`LifecycleError::sv_for`] adds
    /// where to do it).
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
                action.sv()
            ),
            LifecycleError::NotClassified(id) => format!(
                "Objekt {id} är inte klassificerat. Klassificera det innan det registreras."
            ),
            LifecycleError::Ringa { id, action } => format!(
                "Objekt {id} är av ringa betydelse och kan inte {}. Det sparas ordnat tills det gallras.",
                action.sv()
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
                crate::path_text::display(path)
            ),
            LifecycleError::SourceMissing { path, .. } => format!(
                "Filen {} finns inte. Bekräfta raderingen utan att inkom raderar filen, och ange \
                 var källan raderades.",
                crate::path_text::display(path)
            ),
            LifecycleError::SourceUnsafe { path, reason, .. } => format!(
                "Källfilen {} raderades inte: {}",
                crate::path_text::display(path),
                reason.sv()
            ),
            LifecycleError::SourceIsFolder { path, .. } => format!(
                "Källan {} är en mapp (en säkerhetskopia). inkom raderar bara enskilda filer: \
                 radera säkerhetskopian själv och bekräfta sedan raderingen utan att inkom \
                 raderar filen.",
                crate::path_text::display(path)
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
            LifecycleError::ExportHasMore { unhandled, .. } => {
                let mut lines: Vec<String> =
                    unhandled.lines.iter().map(|l| format!("  – {l}")).collect();
                if unhandled.more > 0 {
                    lines.push(format!(
                        "  – och {} samtal eller meddelanden till",
                        unhandled.more
                    ));
                }
                format!(
                    "Filen innehåller {} {} som inte finns i inkom, och raderas därför inte \
                     (ingenting ändrades):\n{}\nImportera det som ska diarieföras eller till en \
                     personakt också, eller bekräfta att exporten är en kopia och att telefonen \
                     har kvar resten (i appen med rutan \"Exporten är en kopia; telefonen har \
                     kvar resten\", på kommandoraden --ack-partial-export); då raderas filen.",
                    unhandled.messages,
                    if unhandled.messages == 1 {
                        "meddelande"
                    } else {
                        "meddelanden"
                    },
                    lines.join("\n")
                )
            }
            LifecycleError::OffPaper { id, off } => {
                let lines: Vec<String> = off
                    .described_sv()
                    .iter()
                    .map(|l| format!("  – {l}"))
                    .collect();
                format!(
                    "Utskriften av objekt {id} återger inte allt i källan, och källan raderas \
                     därför inte (ingenting ändrades):\n{}\nSpara bilagorna ur inkom och bevara \
                     dem som dokumenthanteringsplanen anger (ljud, film, filer och sidor som \
                     utskriften inte återger), och bekräfta det (i appen med rutan \"Bilagorna som utskriften inte återger är bevarade\", \
                     på kommandoraden --ack-off-paper); då raderas källan.",
                    lines.join("\n")
                )
            }
            LifecycleError::Io { path, .. } => {
                format!(
                    "Filen {} kunde inte läsas eller skrivas.",
                    crate::path_text::display(path)
                )
            }
            LifecycleError::NotDiarium(id) => {
                format!("Objekt {id} ska inte diarieföras och får inget diarienummer.")
            }
            LifecycleError::HasDiarienummer { id, diarienummer } => format!(
                "Objekt {id} har redan diarienummer {diarienummer}. Ett diarienummer ändras aldrig."
            ),
            LifecycleError::DiarienummerTaken {
                other,
                diarienummer,
                ..
            } => format!(
                "Diarienumret {diarienummer} är redan antecknat på objekt {other}. Varje \
                 registrerad handling har sitt eget nummer: kontrollera numret i diariet och \
                 skriv det som står där."
            ),
            LifecycleError::NoDiarySeries => "Ingen diarieserie är inställd. Ange diarieseriens \
                 prefix, till exempel SN, under Inställningar → Diarieserie (prefix)."
                .to_string(),
            LifecycleError::Empty(what) => format!("{} får inte vara tomt.", field_sv(what)),
            LifecycleError::IncompletePrintout { id, count, scripts } => format!(
                "Källan till objekt {id} får inte raderas: utskriften saknar {count} tecken \
                 ({scripts}) och är ingen fullständig kopia. Installera ett typsnitt för \
                 skriften (för kinesiska, japanska och koreanska: Noto Sans CJK, eller \
                 Windows språkstöd för språket) och registrera sedan handlingen på nytt; skriv \
                 ut det nya bladet och bekräfta raderingen därefter."
            ),
            LifecycleError::PrintoutComplete(id) => format!(
                "Utskriften för objekt {id} är redan fullständig; den registreras inte på nytt."
            ),
            LifecycleError::Cancelled => {
                "Importen avbröts. Inget från filen som lästes sparades; importera den igen \
                 när du vill."
                    .to_string()
            }
            LifecycleError::NoDiarienummer(id) => format!(
                "Objekt {id} har inget diarienummer ännu. Källan får raderas först när handlingen \
                 är diarieförd: ange numret från diariet eller låt inkom ge nästa nummer."
            ),
            LifecycleError::NotFiled(id) => format!(
                "Objekt {id}: det är inte bekräftat att utskriften ligger i personakten. Arkivera \
                 utskriften i akten och bekräfta det; radera källan sedan."
            ),
            LifecycleError::AlreadyFiled(id) => {
                format!("Objekt {id}: att utskriften ligger i personakten är redan bekräftat.")
            }
            LifecycleError::Held { id, action, reason } => format!(
                "Objekt {id} är spärrat ({reason}) och kan inte {} medan spärren gäller. \
                 Häv spärren när ärendet är avslutat.",
                action.sv()
            ),
            LifecycleError::AlreadyHeld(id) => format!("Objekt {id} är redan spärrat."),
            LifecycleError::BadReceivedTime => "Datumet kan inte läsas. Skriv det som \
                 \"2026-11-03 14:22\" (svensk tid)."
                .to_string(),
            LifecycleError::ReceivedInFuture(id) => format!(
                "Objekt {id} kan inte få ett inkomstdatum som ligger i framtiden. Kontrollera \
                 datum och klockslag."
            ),
            LifecycleError::NotScreenshot(id) => format!(
                "Objekt {id} är ingen skärmdump. Bara en skärmdump kan markeras som upprättad \
                 av enheten (dokumentation av en informationssökning)."
            ),
            LifecycleError::NotHeld(id) => format!("Objekt {id} är inte spärrat."),
            LifecycleError::BadDiarienummer(id) => format!(
                "Diarienumret för objekt {id} kan inte användas: skriv det som i diariet, på en \
                 rad och högst 40 tecken, t.ex. \"SN 2026/0042\"."
            ),
            LifecycleError::BadSetting { sv, .. } => (*sv).to_string(),
            LifecycleError::BadGallringsbeslut(field) => match *field {
                "decided_by" => "Ange vem som fattade gallringsbeslutet, t.ex. Socialnämnden \
                                 (på en rad, högst 200 tecken)."
                    .to_string(),
                "reference" => "Ange beslutets referens, t.ex. diarienummer och paragraf \
                                \"SN 2025/0113 § 42\" (på en rad, högst 200 tecken)."
                    .to_string(),
                "plan_section" => "Ange avsnittet i dokumenthanteringsplanen, t.ex. \
                                   \"4.2 Handlingar av ringa betydelse\" (på en rad, högst 200 \
                                   tecken)."
                    .to_string(),
                _ => "Beslutsdatumet kan inte ligga i framtiden.".to_string(),
            },
            LifecycleError::GallringsbeslutExists(reference) => {
                format!("Ett gallringsbeslut med referensen {reference} finns redan i registret.")
            }
            LifecycleError::UnknownGallringsbeslut(given) => format!(
                "Gallringsbeslutet \"{given}\" finns inte i registret över gallringsbeslut. Ange \
                 beslutets nummer eller referens (se `inkom gallringsbeslut list`), eller lägg \
                 till beslutet först: {WHERE_TO_ADD_GALLRINGSBESLUT}"
            ),
            LifecycleError::NoGallringsbeslut => format!(
                "Inget gallringsbeslut finns i registret, och utan beslut får inget gallras. Lägg \
                 till nämndens beslut (vem som beslutade, datum, referens och avsnitt i \
                 dokumenthanteringsplanen): {WHERE_TO_ADD_GALLRINGSBESLUT}"
            ),
            LifecycleError::ChooseGallringsbeslut(n) => format!(
                "Registret har {n} gallringsbeslut och inget är valt som standard. Ange vilket \
                 som gäller (på kommandoraden `--decision NUMMER`), eller välj standardbeslut: \
                 `inkom settings set cull_decision REFERENS` (i appen Inställningar → \
                 Gallringsbeslut)."
            ),
            LifecycleError::SourceNotDeleted(id) => format!(
                "Objekt {id} gallras först när källan är raderad. Radera sms:et, mejlet eller \
                 filen och bekräfta det (i appen \"Bekräfta att källan är raderad\", på \
                 kommandoraden `inkom confirm-source-deleted {id} --where \"tjänstemobil\"`). \
                 Finns ingen källa utanför inkom, bekräfta det med --where \"ingen källa\"."
            ),
            LifecycleError::UnknownProvision(given) => format!(
                "\"{given}\" finns inte i listan över sekretessbestämmelser. Välj en av: {}.",
                crate::model::Sekretessbestammelse::LIST
                    .iter()
                    .map(|p| format!("{} ({})", p.citation(), p.sv()))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            LifecycleError::NoAuthority => "En sekretessmarkering ska ange myndigheten, dvs. \
                 nämnden. Ange den först under Inställningar → Nämnd, på \
                 kommandoraden `inkom settings set authority Socialnämnden`."
                .to_string(),
            LifecycleError::WrongAkt {
                registered_name,
                given_name,
            } => format!(
                "Personnumret tillhör {registered_name} i klientregistret, inte {given_name}. \
                 Kontrollera namn och personnummer mot akten: utskriften skulle annars hamna i \
                 fel personakt. Är registret fel, rätta det först."
            ),
            LifecycleError::NotPublic { field, revealed } => format!(
                "{} skrivs ut på offentliga listor och får inte innehålla {}. Skriv om den utan \
                 uppgifter som pekar ut en enskild, t.ex. \"Ansökan om bistånd\".",
                field.sv(),
                match revealed {
                    Revealed::Personnummer => "ett personnummer eller samordningsnummer",
                    Revealed::ClientName => "namnet på en klient i klientregistret",
                }
            ),
        }
    }
}

impl LifecycleError {
    /// A refusal by a guard rail (a missing diary number, filing not confirmed, a hold) rather
    /// than by the road itself: the step is right, something must be done first.
    pub fn is_guard_rail(&self) -> bool {
        matches!(
            self,
            LifecycleError::NoDiarienummer(_)
                | LifecycleError::NotFiled(_)
                | LifecycleError::Held { .. }
                | LifecycleError::ExportHasMore { .. }
                | LifecycleError::OffPaper { .. }
                | LifecycleError::SourceNotDeleted(_)
        )
    }

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
            LifecycleError::Store(StoreError::BadKeyFile(_)) => "bad_key_file",
            LifecycleError::Store(
                StoreError::BadKeystoreChoice(_)
                | StoreError::PassphraseTooShort { .. }
                | StoreError::PassphraseTrivial
                | StoreError::PassphraseUnchanged,
            ) => "invalid_input",
            LifecycleError::Store(StoreError::NotPassphraseProtected) => "not_passphrase_protected",
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
            LifecycleError::SourceUnsafe { .. } => "source_unsafe",
            LifecycleError::ExportHasMore { .. } => "export_has_more",
            LifecycleError::OffPaper { .. } => "attachments_off_paper",
            LifecycleError::Io { .. } => "io",
            LifecycleError::Empty(_) => "invalid_input",
            LifecycleError::NotDiarium(_) => "not_diarium",
            LifecycleError::HasDiarienummer { .. } => "has_diarienummer",
            LifecycleError::DiarienummerTaken { .. } => "diarienummer_taken",
            LifecycleError::NoDiarySeries => "no_diary_series",
            LifecycleError::Cancelled => "cancelled",
            LifecycleError::IncompletePrintout { .. } => "incomplete_printout",
            LifecycleError::PrintoutComplete(_) => "printout_complete",
            LifecycleError::NoDiarienummer(_) => "no_diarienummer",
            LifecycleError::NotFiled(_) => "not_filed",
            LifecycleError::AlreadyFiled(_) => "already_filed",
            LifecycleError::Held { .. } => "held",
            LifecycleError::AlreadyHeld(_) => "already_held",
            LifecycleError::BadReceivedTime => "invalid_input",
            LifecycleError::ReceivedInFuture(_) => "invalid_input",
            LifecycleError::NotScreenshot(_) => "invalid_input",
            LifecycleError::NotHeld(_) => "not_held",
            LifecycleError::BadDiarienummer(_) => "invalid_input",
            LifecycleError::BadSetting { .. } => "invalid_input",
            LifecycleError::NotPublic { .. } => "not_public",
            LifecycleError::WrongAkt { .. } => "wrong_akt",
            LifecycleError::BadGallringsbeslut(_) => "invalid_input",
            LifecycleError::GallringsbeslutExists(_) => "gallringsbeslut_exists",
            LifecycleError::UnknownGallringsbeslut(_) => "unknown_gallringsbeslut",
            LifecycleError::NoGallringsbeslut => "no_gallringsbeslut",
            LifecycleError::ChooseGallringsbeslut(_) => "choose_gallringsbeslut",
            LifecycleError::SourceNotDeleted(_) => "source_not_deleted",
            LifecycleError::UnknownProvision(_) => "invalid_input",
            LifecycleError::NoAuthority => "no_authority",
        }
    }
}

/// Where a gallringsbeslut is added, for the refusals that need one.
const WHERE_TO_ADD_GALLRINGSBESLUT: &str = "i appen under Inställningar → Gallringsbeslut, på \
     kommandoraden `inkom gallringsbeslut add --decided-by Socialnämnden --date 2025-11-20 \
     --reference \"SN 2025/0113 § 42\" --section \"4.2 Handlingar av ringa betydelse\"`.";

fn field_sv(what: &str) -> &'static str {
    match what {
        "client name" => "Klientens namn",
        "description" => "Ärendemeningen",
        "where" => "Uppgiften om var källan raderades",
        "decision" => "Gallringsbeslutet",
        "secrecy provision" => "Sekretessbestämmelsen",
        "diarienummer" => "Diarienumret",
        "reason" => "Skälet till spärren",
        "correction reason" => "Skälet till rättelsen",
        _ => "Fältet",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_is_never_told_to_run_a_command_and_the_command_line_is() {
        let path = PathBuf::from("/hem/lena/export.xml");
        let errors = [
            LifecycleError::IncompletePrintout {
                id: 7,
                count: 3,
                scripts: "arabiska".into(),
            },
            LifecycleError::NoDiarienummer(7),
            LifecycleError::NotFiled(7),
            LifecycleError::Held {
                id: 7,
                action: Action::Purge,
                reason: "begäran om allmän handling".into(),
            },
            LifecycleError::SourceMissing {
                id: 7,
                path: path.clone(),
            },
            LifecycleError::SourceIsFolder { id: 7, path },
        ];
        for e in &errors {
            let app = e.sv_for(Surface::App);
            let cli = e.sv_for(Surface::Cli);
            for command_like in ["`", "--", "inkom set-dnr", "kommandoraden"] {
                assert!(!app.contains(command_like), "{app}");
            }
            assert!(cli.contains('`') || cli.contains("--"), "{cli}");
            assert!(cli.starts_with(&e.sv()) && app.starts_with(&e.sv()));
        }
    }
}
