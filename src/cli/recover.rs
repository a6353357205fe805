//! `inkom recover --key FILE --data-dir DIR [--url URL] list|show ID|export ID --out FILE`:
//! the archivist reads a caseworker's store with the unit's recovery key (issue 16). Every
//! rule is in `inkom::recover`; this file parses, prints and writes the file asked for.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::json;

use inkom::output_file;
use inkom::recover::{self, Reading, RecoverError, UnitLog};
use inkom::store::ItemFilter;
use inkom::unit::UnitUrl;
use inkom::{path_text, terminal};

use super::failure::Failure;
use super::open::data_dir;
use super::print::{ItemSummary, print_item, print_json, print_list, say};

/// The unit register's address, when not given with --url.
const URL_ENV: &str = "INKOM_UNIT_URL";

#[derive(Debug, Args)]
pub(super) struct RecoverArgs {
    /// The unit's recovery key (the private half `unit init` wrote for the archivist).
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// The unit register (postgres://login@host/database), to record the recovery in the
    /// unit's log too (default: INKOM_UNIT_URL; password from INKOM_UNIT_PASSWORD or the OS
    /// key store).
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    #[command(subcommand)]
    what: RecoverCommand,
}

/// What a recovery may read: find a document, read it, hand out a copy. Nothing that changes
/// the store.
#[derive(Debug, Subcommand)]
pub(super) enum RecoverCommand {
    /// The store's items in arrival order, without content.
    List,
    /// One item, its content included.
    Show {
        /// Item id.
        id: i64,
    },
    /// One item as a PDF: its registration PDF if it has one, else a printout made now.
    Export {
        /// Item id.
        id: i64,
        /// Where to write the PDF (never inside the data directory; never replaced without
        /// --force).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

impl From<RecoverError> for Failure {
    fn from(e: RecoverError) -> Failure {
        Failure {
            code: e.code(),
            message: e.sv(),
            detail: e.to_string(),
        }
    }
}

/// Runs `inkom recover …`. The store is opened only through the recovery key.
pub(super) fn run(
    args: RecoverArgs,
    dir: Option<PathBuf>,
    json: bool,
    force: bool,
) -> Result<ExitCode, Failure> {
    let dir = data_dir(dir)?;
    let url = args
        .url
        .or_else(|| std::env::var(URL_ENV).ok().filter(|u| !u.is_empty()))
        .map(|u| UnitUrl::parse(&u))
        .transpose()?;
    let reading = match &args.what {
        RecoverCommand::List => Reading::List,
        RecoverCommand::Show { id } => Reading::Show(*id),
        RecoverCommand::Export { id, .. } => Reading::Export(*id),
    };
    // The output file is checked and claimed first: a name that is refused opens nothing.
    let target = match &args.what {
        RecoverCommand::Export { out, .. } => Some(output_file::Target::claim(out, &dir, force)?),
        _ => None,
    };
    let recovery = recover::open(&dir, &args.key, reading, url.as_ref().map(|u| u.login()))?;
    let unit_log = match &url {
        Some(u) => recover::log_in_unit(u, &recovery, reading),
        None => UnitLog::NotAsked,
    };
    if !json {
        eprintln!("inkom: {}", recovery.store.key_source().sv());
        match &unit_log {
            UnitLog::Recorded => {
                eprintln!("inkom: återställningen är antecknad i databasens och enhetens logg.")
            }
            UnitLog::NotAsked => eprintln!(
                "inkom: återställningen är antecknad i databasens logg (ange --url för att \
                 anteckna den i enhetens logg också)."
            ),
            UnitLog::Unreachable(_) | UnitLog::Refused(_) => eprintln!(
                "inkom: återställningen är antecknad i databasens logg; enhetens register \
                 kunde inte anteckna den."
            ),
        }
    }
    let store = &recovery.store;
    let recovered = json!({
        "store_id": recovery.store_id,
        "fingerprint": recovery.fingerprint,
        "by": recovery.act.by,
        "at": recovery.act.at,
        "unit_log": unit_log,
    });
    match args.what {
        RecoverCommand::List => {
            let items = store.list(&ItemFilter::default())?;
            if json {
                print_json(&json!({
                    "recovered": recovered,
                    "items": items.iter().map(ItemSummary::from).collect::<Vec<_>>(),
                }))?;
            } else {
                print_list(&items);
            }
        }
        RecoverCommand::Show { id } => {
            let item = store.item(id)?;
            if json {
                print_json(&json!({ "recovered": recovered, "item": item }))?;
            } else {
                print_item(&item);
            }
        }
        RecoverCommand::Export { id, out } => {
            let pdf = recover::item_pdf(&recovery, id)?;
            if let Some(target) = target {
                target.write(&pdf)?;
            }
            if json {
                print_json(&json!({ "recovered": recovered, "item": id, "out": out }))?;
            } else {
                say!(
                    "Objekt {id} är skrivet som PDF till {}.",
                    terminal::line(&path_text::display(&out))
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
