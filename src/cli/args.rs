//! The command line as clap parses it: every command, flag and help text of `inkom`. Kept apart
//! from the handlers so the whole surface a user or script sees can be read in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use inkom::model::{Class, State};

use super::{recover, suggest, unit};

/// inkom: registrera, arkivera i personakt eller spara ordnat — inkomna SMS, e-post och
/// skärmdumpar.
#[derive(Debug, Parser)]
#[command(name = "inkom", version, about)]
pub(super) struct Cli {
    /// Data directory (default: the user's data directory, e.g. ~/.local/share/inkom).
    #[arg(long, global = true, env = "INKOM_DATA_DIR", value_name = "DIR")]
    pub(super) data_dir: Option<PathBuf>,
    /// Print one JSON document on stdout instead of text.
    #[arg(long, global = true)]
    pub(super) json: bool,
    /// Replace an existing file given with --out / --json-out.
    #[arg(long, global = true)]
    pub(super) force: bool,
    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Import files (SMS exports, e-mail, screenshots); the format is detected from the content.
    Import(ImportArgs),
    /// List items in arrival order.
    List {
        /// Only items in this state: imported, classified, registered, printed,
        /// source_deleted, purged, culled.
        #[arg(long, value_parser = state_arg)]
        state: Option<State>,
        /// Only items of this class.
        #[arg(long, value_name = "CLASS")]
        class: Option<ClassArg>,
        /// Only items waiting longer than the overdue_days setting (default 1 working day).
        #[arg(long)]
        overdue: bool,
    },
    /// Show one item.
    Show {
        /// Item id.
        id: i64,
    },
    /// Classify (or reclassify, before registration) an item.
    Classify(ClassifyArgs),
    /// Write the registration PDF into the store (and optionally to a file).
    Register {
        /// Item id.
        id: i64,
        /// Also write the PDF to this file.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Register again with the same designation, after a font was installed: only for a
        /// registration whose printout lacks characters (the source is kept until then).
        #[arg(long)]
        again: bool,
    },
    /// Give a registered diarium item the next diary number (registrar).
    AssignDnr {
        /// Item id.
        id: i64,
    },
    /// Record the diary number the registrar wrote in the paper diary, e.g. "SN 2026/0042".
    SetDnr {
        /// Item id.
        id: i64,
        /// The diary number as written in the diary.
        diarienummer: String,
    },
    /// Confirm that a personakt printout is filed in the client's akt.
    ConfirmFiled {
        /// Item id.
        id: i64,
    },
    /// Hold an item (request for public documents, appeal): nothing of it may be removed.
    Hold {
        /// Item id.
        id: i64,
        /// Why, e.g. "Begäran om allmän handling 2026-11-20".
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Release an item's hold.
    Release {
        /// Item id.
        id: i64,
    },
    /// Correct the date received before registration, e.g. "2026-11-03 14:22" (Swedish time),
    /// with a reason; audited and printed in the chain of custody.
    SetReceived {
        /// Item id.
        id: i64,
        /// The corrected date and time, "YYYY-MM-DD HH:MM[:SS]" in Swedish time.
        at: String,
        /// Why, e.g. "Skärmdumpen visar meddelandets eget datum".
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// For a screenshot: it documents an information search the unit made (upprättad).
        #[arg(long, conflicts_with = "inkommen")]
        upprattad: bool,
        /// For a screenshot: it shows a message the unit received (inkommen).
        #[arg(long)]
        inkommen: bool,
    },
    /// Write an item's stored registration PDF to a file (e.g. to print it again).
    Export {
        /// Item id.
        id: i64,
        /// Where to write the PDF.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Confirm that the registration PDF was printed.
    ConfirmPrinted {
        /// Item id.
        id: i64,
    },
    /// Confirm that the source was deleted (or let inkom delete a source file).
    ConfirmSourceDeleted {
        /// Item id.
        id: i64,
        /// Where the source was deleted, e.g. "tjänstemobil", "Outlook".
        #[arg(long = "where", value_name = "TEXT")]
        place: String,
        /// Delete the imported file itself (refused if it changed since import, or while it
        /// holds messages inkom never got).
        #[arg(long)]
        delete_file: bool,
        /// With --delete-file: the file holds messages inkom never got (other conversations,
        /// messages left out by --thread/--from/--to/--ids), and may go anyway: the export is a
        /// copy and the phone keeps the rest. Recorded in the audit trail.
        #[arg(long, requires = "delete_file")]
        ack_partial_export: bool,
        /// The attachments the printout cannot hold (a film, a sound recording, a file inkom
        /// does not print; the sheet names them) are saved and kept as the
        /// dokumenthanteringsplan says. Recorded in the audit trail with their checksums.
        #[arg(long)]
        ack_off_paper: bool,
    },
    /// Remove content, attachments and PDF of an item whose source is deleted (gallring: cites
    /// a gallringsbeslut).
    Purge {
        /// Item id.
        id: i64,
        /// The gallringsbeslut: its number or reference (default: the cull_decision setting,
        /// or the only decision in the register).
        #[arg(long, value_name = "NR|REFERENCE")]
        decision: Option<String>,
    },
    /// Cull (gallra) a ringa item whose source is deleted, under a gallringsbeslut.
    Cull {
        /// Item id.
        id: i64,
        /// The gallringsbeslut: its number or reference (default: the cull_decision setting,
        /// or the only decision in the register).
        #[arg(long, value_name = "NR|REFERENCE")]
        decision: Option<String>,
    },
    /// The register of gallringsbeslut that culling and purging cite.
    #[command(subcommand)]
    Gallringsbeslut(GallringsbeslutCommand),
    /// Print a list for the registrar: `ringa` (förteckning över handlingar av ringa
    /// betydelse) or `diarium` (diarielista) for a period.
    PrintList {
        /// Which list.
        list: ListArg,
        /// First day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: chrono::NaiveDate,
        /// Last day, inclusive (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        to: chrono::NaiveDate,
        /// Where to write the PDF (default: e.g. diarielista_2026-11-01_2026-11-30.pdf).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Unit settings.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Change the passphrase that unlocks the database: the current one (INKOM_PASSPHRASE, or
    /// asked) proves itself, the new one (INKOM_NEW_PASSPHRASE, or asked twice) replaces it;
    /// recorded in the audit trail without either passphrase.
    ChangePassphrase,
    /// Suggest personakt, diarium or ringa for messages in a JSONL file; stores nothing.
    Suggest(suggest::SuggestArgs),
    /// The client register that suggestions match senders and names against.
    #[command(subcommand)]
    Clients(suggest::ClientsCommand),
    /// The unit's shared register on PostgreSQL: set-up, connection, outbox.
    #[command(subcommand)]
    Unit(unit::UnitCommand),
    /// The registrar's work in the unit register.
    #[command(subcommand)]
    Registrar(unit::RegistrarCommand),
    /// Read a caseworker's store with the unit's recovery key (the archivist), read-only and
    /// logged in the store and the unit register.
    Recover(recover::RecoverArgs),
}

#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    /// Files to import.
    #[arg(required = true)]
    pub(super) files: Vec<PathBuf>,
    /// Only list conversations and messages; store nothing.
    #[arg(long)]
    pub(super) preview: bool,
    /// Only this conversation: a phone number, or a thread key from --preview.
    #[arg(long, value_name = "NUMBER")]
    pub(super) thread: Option<String>,
    /// Only messages from this day on (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub(super) from: Option<chrono::NaiveDate>,
    /// Only messages up to and including this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub(super) to: Option<chrono::NaiveDate>,
    /// Only these messages, by the numbers --preview shows, e.g. 1,3,7-9.
    #[arg(long, value_name = "LIST")]
    pub(super) ids: Option<String>,
    /// One item per SMS instead of one item per conversation.
    #[arg(long)]
    pub(super) per_message: bool,
    /// Read the text of screenshots with Tesseract OCR (Swedish), if installed.
    #[arg(long)]
    pub(super) ocr: bool,
    /// A truncated export (cut off mid-file): import the complete messages before the break,
    /// each noting the truncation, instead of refusing the file.
    #[arg(long)]
    pub(super) salvage: bool,
}

#[derive(Debug, Subcommand)]
pub(super) enum AuditCommand {
    /// Walk the keyed chain and name the first broken link.
    Verify,
    /// Export the log of a period as PDF and/or JSON (for the information security officer).
    Export {
        /// First day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: chrono::NaiveDate,
        /// Last day, inclusive (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        to: chrono::NaiveDate,
        /// Write the PDF here.
        #[arg(long, value_name = "FILE", required_unless_present = "json_out")]
        out: Option<PathBuf>,
        /// Write the JSON here.
        #[arg(long, value_name = "FILE")]
        json_out: Option<PathBuf>,
    },
    /// Show events, for one item or all.
    Log {
        /// Item id.
        id: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum GallringsbeslutCommand {
    /// Add a decision (as the nämnd made it) to the register.
    Add {
        /// Who decided, e.g. "Socialnämnden".
        #[arg(long, value_name = "BODY")]
        decided_by: String,
        /// The day of the decision (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        date: chrono::NaiveDate,
        /// The decision's reference, e.g. "SN 2025/0113 § 42".
        #[arg(long, value_name = "TEXT")]
        reference: String,
        /// The section of the dokumenthanteringsplan, e.g. "4.2 Handlingar av ringa betydelse".
        #[arg(long, value_name = "TEXT")]
        section: String,
    },
    /// List the decisions in the register.
    List,
}

#[derive(Debug, Subcommand)]
pub(super) enum SettingsCommand {
    /// Set a value (organisation, unit, user, diary_prefix, cull_decision); empty removes it.
    Set {
        /// The key.
        key: String,
        /// The value.
        value: String,
    },
    /// Show all settings.
    Show,
}

#[derive(Debug, Args)]
pub(super) struct ClassifyArgs {
    /// Item id.
    pub(super) id: i64,
    /// The class.
    #[arg(long = "as", value_name = "CLASS")]
    pub(super) class: ClassArg,
    /// personakt: the client's name.
    #[arg(long)]
    pub(super) client_name: Option<String>,
    /// personakt: personnummer or samordningsnummer.
    #[arg(long)]
    pub(super) personnummer: Option<String>,
    /// diarium: public-safe description (ärendemening).
    #[arg(long)]
    pub(super) description: Option<String>,
    /// personakt, diarium: secrecy marking under this provision: "26 kap. 1 § OSL"
    /// (socialtjänst), "26 kap. 5 § OSL" (anmälares identitet) or "25 kap. 1 § OSL" (hälso- och
    /// sjukvård); the authority setting names the nämnd.
    #[arg(long, value_name = "PROVISION")]
    pub(super) secrecy: Option<String>,
    /// diarium: the sender's identity is secret (default when --secrecy is given).
    #[arg(long, conflicts_with = "sender_public")]
    pub(super) sender_secret: bool,
    /// diarium: the sender may be shown even though the content is secret.
    #[arg(long)]
    pub(super) sender_public: bool,
    /// ringa: an optional note.
    #[arg(long)]
    pub(super) note: Option<String>,
    /// personakt: add the client (name and personnummer) to the client register when it does
    /// not hold this personnummer yet; audited.
    #[arg(long)]
    pub(super) add_client: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum ClassArg {
    Personakt,
    Diarium,
    Ringa,
}

/// The lists `print-list` can print.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum ListArg {
    /// Förteckning över handlingar av ringa betydelse.
    Ringa,
    /// Diarielista.
    Diarium,
}

impl From<ClassArg> for Class {
    fn from(c: ClassArg) -> Class {
        match c {
            ClassArg::Personakt => Class::Personakt,
            ClassArg::Diarium => Class::Diarium,
            ClassArg::Ringa => Class::Ringa,
        }
    }
}

/// Parses a state code (`imported`, `classified`, …) with the model's own table.
fn state_arg(code: &str) -> Result<State, String> {
    State::from_code(code).ok_or_else(|| {
        let all: Vec<&str> = State::ALL.iter().map(|s| s.code()).collect();
        format!("okänd status; välj en av {}", all.join(", "))
    })
}
