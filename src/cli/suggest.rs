//! `inkom suggest` and `inkom clients`: classification suggestions and the client register.
//! Kept apart from the main command table so each piece stays small.

use std::io::{BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::json;

use inkom::clients::{self, Client, ClientRegister, ParsedCsv};
use inkom::model::Item;
use inkom::path_text;
use inkom::personnummer::Personnummer;
use inkom::store::{Store, Upserted};
use inkom::suggest::{self, Message, Suggestion, batch};
use inkom::terminal;

use super::failure::{Failure, invalid};
use super::open::act;
use super::print::{print_json, say};

#[derive(Debug, Args)]
pub(super) struct SuggestArgs {
    /// Messages, one JSON object per line (`-` for standard input).
    messages: PathBuf,
    /// Client register as CSV (name,personnummer,phone,email); the store is then not opened.
    #[arg(long, value_name = "FILE")]
    clients: Option<PathBuf>,
}

impl SuggestArgs {
    /// True when the command needs no store at all.
    pub(super) fn storeless(&self) -> bool {
        self.clients.is_some()
    }
}

#[derive(Debug, Subcommand)]
pub(super) enum ClientsCommand {
    /// Import clients from CSV (name,personnummer,phone,email; several phones or e-mail
    /// addresses separated by `;`). A client already in the register is updated.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
    /// List the register.
    List,
    /// Add a client, or update the one with this personnummer.
    Add {
        /// Full name.
        #[arg(long)]
        name: String,
        /// Personnummer or samordningsnummer.
        #[arg(long)]
        personnummer: String,
        /// Phone number (repeat for several).
        #[arg(long)]
        phone: Vec<String>,
        /// E-mail address (repeat for several).
        #[arg(long)]
        email: Vec<String>,
    },
    /// Remove a client.
    Remove {
        /// Personnummer or samordningsnummer.
        personnummer: String,
    },
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive()
}

fn io_failure(path: &Path, e: &std::io::Error) -> Failure {
    Failure {
        code: "io",
        message: format!("Filen {} kunde inte läsas.", path_text::display(path)),
        detail: format!("{}: {e}", path.display()),
    }
}

fn read_csv(path: &Path) -> Result<ParsedCsv, Failure> {
    let file = std::fs::File::open(path).map_err(|e| io_failure(path, &e))?;
    Ok(clients::parse_csv(BufReader::new(file), today()))
}

fn rejected_failure(path: &Path, parsed: &ParsedCsv) -> Failure {
    let lines: Vec<String> = parsed.rejected.iter().map(|e| e.sv()).collect();
    Failure {
        code: "invalid_input",
        message: format!("{}: {}", path_text::display(path), lines.join(" ")),
        detail: parsed
            .rejected
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// `inkom suggest`: one line out per line in. With `--clients` the register comes from the
/// file and no store is touched; otherwise from `store`.
pub(super) fn run_suggest(
    args: &SuggestArgs,
    store: Option<&Store>,
    json: bool,
) -> Result<ExitCode, Failure> {
    let register = match (&args.clients, store) {
        (Some(path), _) => {
            let parsed = read_csv(path)?;
            if !parsed.rejected.is_empty() {
                return Err(rejected_failure(path, &parsed));
            }
            ClientRegister::new(parsed.clients)
        }
        (None, Some(store)) => store.clients()?,
        (None, None) => ClientRegister::default(),
    };
    let input: Box<dyn Read> = if args.messages.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(&args.messages).map_err(|e| io_failure(&args.messages, &e))?)
    };
    let input = BufReader::with_capacity(1 << 16, input);
    let batch_failure = |e: batch::BatchError| Failure {
        code: "io",
        message: e.sv(),
        detail: e.to_string(),
    };
    let counts = if json {
        let out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        batch::run(input, out, &register, today()).map_err(batch_failure)?
    } else {
        // Text: the same run, read back line by line into Swedish.
        let mut buf = Vec::new();
        let counts = batch::run(input, &mut buf, &register, today()).map_err(batch_failure)?;
        for line in buf.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            let v: serde_json::Value = serde_json::from_slice(line).unwrap_or_default();
            if let Some(e) = v["error"]["message"].as_str() {
                eprintln!("fel: {}", terminal::line(e));
                continue;
            }
            let class = v["suggestion"].as_str().unwrap_or("inget förslag");
            let why = v["reasons"][0].as_str().unwrap_or("");
            // The id as the input wrote it: a string without its JSON quotes.
            let id = v["id"]
                .as_str()
                .map_or_else(|| v["id"].to_string(), str::to_string);
            // The id and the reasons (which quote the message) come from the input file.
            say!("{}\t{class}\t{}", terminal::line(&id), terminal::line(why));
        }
        counts
    };
    Ok(if counts.errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `inkom clients …`.
pub(super) fn run_clients(
    store: &mut Store,
    command: ClientsCommand,
    json: bool,
) -> Result<ExitCode, Failure> {
    match command {
        ClientsCommand::Import { file } => {
            let parsed = read_csv(&file)?;
            let act = act(store)?;
            let counts = clients::import(store, &parsed.clients, parsed.rejected.len(), &act)?;
            let rejected: Vec<_> = parsed
                .rejected
                .iter()
                .map(|e| json!({ "message": e.sv(), "detail": e.to_string() }))
                .collect();
            if json {
                print_json(&json!({ "imported": counts, "rejected": rejected }))?;
            } else {
                say!(
                    "{}: {} nya klienter, {} uppdaterade, {} rader avvisade.",
                    terminal::line(&path_text::display(&file)),
                    counts.added,
                    counts.updated,
                    rejected.len()
                );
                for e in &parsed.rejected {
                    say!("  avvisad: {}", e.sv());
                }
            }
            return Ok(if rejected.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        ClientsCommand::List => {
            let register = store.clients()?;
            if json {
                print_json(&register.clients())?;
            } else if register.is_empty() {
                say!("Klientregistret är tomt.");
            } else {
                for c in register.clients() {
                    say!(
                        "{}  {:<28} {}  {}",
                        c.personnummer,
                        c.name,
                        c.phones.join(", "),
                        c.emails.join(", ")
                    );
                }
            }
        }
        ClientsCommand::Add {
            name,
            personnummer,
            phone,
            email,
        } => {
            let p = parse_pnr(&personnummer)?;
            if name.trim().is_empty() {
                return Err(invalid("Namnet får inte vara tomt.", "empty --name"));
            }
            let client = Client::new(&name, p, &phone, &email);
            let act = act(store)?;
            let done = clients::add(store, &client, &act)?;
            if json {
                print_json(&client)?;
            } else if done == Upserted::Updated {
                say!("Klienten {} är uppdaterad.", client.personnummer);
            } else {
                say!("Klienten {} är tillagd.", client.personnummer);
            }
        }
        ClientsCommand::Remove { personnummer } => {
            let p = parse_pnr(&personnummer)?;
            let act = act(store)?;
            if !clients::remove(store, &p, &act)? {
                return Err(Failure {
                    code: "not_found",
                    message: format!("Det finns ingen klient med personnummer {p} i registret."),
                    detail: "no such client".to_string(),
                });
            }
            if json {
                print_json(&json!({ "removed": p }))?;
            } else {
                say!("Klienten {p} är borttagen ur registret.");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_pnr(s: &str) -> Result<Personnummer, Failure> {
    Personnummer::parse(s, today()).map_err(|e| invalid(e.sv(), e.to_string()))
}

/// The suggestion for a stored item, against the store's register.
pub(super) fn for_item(store: &Store, item: &Item) -> Result<Suggestion, Failure> {
    Ok(suggest::suggest(&Message::from(item), &store.clients()?))
}

/// The suggestion lines of `inkom show`.
pub(super) fn print_suggestion(s: &Suggestion) {
    let class = s.class.map_or("inget förslag", |c| c.sv());
    say!("{:<18} {class}", "Förslag");
    for r in &s.reasons {
        say!("{:<18} {}", "", terminal::line(&r.text));
    }
    if let Some(m) = &s.secrecy {
        say!("{:<18} {} ({})", "Sekretess", m.provision, m.reason);
    }
}

/// Warnings for an ärendemening, printed on stderr in text mode.
pub(super) fn arendemening_warnings(
    store: &Store,
    description: &str,
) -> Result<Vec<String>, Failure> {
    Ok(suggest::check_arendemening(description, &store.clients()?))
}

/// Prints warnings as "varning: …" lines.
pub(super) fn print_warnings(warnings: &[String]) {
    for w in warnings {
        say!("varning: {}", terminal::line(w));
    }
}
