//! Argument parsing and output for the `inkom` binary. Every command opens the store, calls one
//! core function and prints the result; no rule of the domain lives here.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use serde_json::json;

use inkom::audit;
use inkom::desk::views::ClassificationInput;
use inkom::documents;
use inkom::lifecycle::{self, NewClient};
use inkom::model::{Act, Classification, State, local_time};
use inkom::store::{ItemFilter, Setting, Settings, Store};
use inkom::terminal;

mod args;
mod failure;
mod import;
mod open;
mod out_file;
mod print;
mod suggest;
mod unit;

use args::{
    AuditCommand, ClassArg, ClassifyArgs, Cli, Command, GallringsbeslutCommand, ListArg,
    SettingsCommand,
};
use failure::{Failure, invalid, json_failure};
use open::{act, data_dir, open_store, tell_how_opened};
use out_file::{output, write_output};
use print::{
    ItemSummary, class_sv, count_sv, print_item, print_json, print_list, report, say, with_field,
};

/// Parses arguments, runs the command and maps the outcome to an exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("INKOM_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off")),
        )
        .init();
    let json = cli.json;
    execute(cli).unwrap_or_else(|f| f.exit(json))
}

/// `inkom gallringsbeslut add|list`.
fn gallringsbeslut(
    store: &mut Store,
    command: GallringsbeslutCommand,
    json: bool,
) -> Result<(), Failure> {
    match command {
        GallringsbeslutCommand::Add {
            decided_by,
            date,
            reference,
            section,
        } => {
            let act = act(store)?;
            let new = lifecycle::NewGallringsbeslut {
                decided_by,
                decided_on: date,
                reference,
                plan_section: section,
            };
            let beslut = lifecycle::gallring::add(store, &new, &act)?;
            if json {
                print_json(&beslut)?;
            } else {
                say!(
                    "Gallringsbeslut {} tillagt: {}",
                    beslut.id,
                    terminal::line(&beslut.citation())
                );
            }
        }
        GallringsbeslutCommand::List => {
            let all = lifecycle::gallring::list(store)?;
            if json {
                print_json(&all)?;
            } else if all.is_empty() {
                say!("Inga gallringsbeslut i registret.");
            } else {
                for b in &all {
                    say!("{:>4}  {}", b.id, terminal::line(&b.citation()));
                }
            }
        }
    }
    Ok(())
}

fn execute(cli: Cli) -> Result<ExitCode, Failure> {
    let json = cli.json;
    let force = cli.force;
    if let Command::Import(args) = &cli.command
        && args.preview
    {
        // A preview touches no store at all, not even to create it.
        return import::preview(&args.files, args.salvage, json);
    }
    if let Command::Suggest(args) = &cli.command
        && args.storeless()
    {
        // With --clients FILE a suggestion run never opens or creates the store.
        return suggest::run_suggest(args, None, json);
    }
    // The unit register's commands open the store only where they need it.
    match cli.command {
        Command::Unit(command) => return unit::run_unit(command, cli.data_dir, json),
        Command::Registrar(command) => {
            return unit::run_registrar(command, cli.data_dir, json, force);
        }
        _ => {}
    }
    let mut store = open_store(&data_dir(cli.data_dir)?, json)?;
    if !json {
        tell_how_opened(&store);
    }
    match cli.command {
        Command::Import(args) => return import::import(&mut store, &args, json),
        Command::Suggest(args) => return suggest::run_suggest(&args, Some(&store), json),
        Command::Clients(command) => return suggest::run_clients(&mut store, command, json),
        Command::List {
            state,
            class,
            overdue,
        } => {
            let filter = ItemFilter {
                state,
                class: class.map(Into::into),
                ..ItemFilter::default()
            };
            let mut items = store.list(&filter)?;
            if overdue {
                let now = act(&store)?.at;
                let days = lifecycle::overdue::days(&Settings::load(store.conn())?);
                items.retain(|i| lifecycle::overdue::is_overdue(i, &now, days));
            }
            if json {
                print_json(&items.iter().map(ItemSummary::from).collect::<Vec<_>>())?;
            } else {
                print_list(&items);
            }
        }
        Command::Show { id } => {
            let item = store.item(id)?;
            let suggestion = match item.body {
                Some(_) => Some(suggest::for_item(&store, &item)?),
                None => None,
            };
            let answers = lifecycle::answered(store.conn(), &item)?.map(|a| a.id);
            if json {
                let mut v = with_field(&item, "suggestion", &suggestion)?;
                v["answers"] = answers.into();
                print_json(&v)?;
            } else {
                print_item(&item);
                if let Some(a) = answers {
                    say!("{:<18} objekt {a}", documents::ANSWERS);
                }
                if let Some(s) = &suggestion {
                    say!();
                    suggest::print_suggestion(s);
                }
            }
        }
        Command::Classify(args) => {
            let act = act(&store)?;
            let settings = Settings::load(store.conn())?;
            let sender_is_client = lifecycle::public::sender_is_client(&store, args.id)?;
            let (classification, new_client) =
                classification(args.clone_parts(), &settings, &act, sender_is_client)?;
            let warnings = match &classification {
                Classification::Diarium { description, .. } => {
                    suggest::arendemening_warnings(&store, description)?
                }
                _ => Vec::new(),
            };
            // Guard rail 11: a client the register does not hold is offered for adding.
            let unregistered = match &classification {
                Classification::Personakt { personnummer, .. } => {
                    store.clients()?.by_personnummer(personnummer).is_none()
                }
                _ => false,
            };
            let item =
                lifecycle::classify_with(&mut store, args.id, classification, new_client, &act)?;
            let client_added = unregistered && new_client == NewClient::Add;
            if json {
                let mut v = with_field(&item, "warnings", &warnings)?;
                v["client_added"] = client_added.into();
                print_json(&v)?;
            } else {
                say!("Objekt {} klassificerat som {}.", item.id, class_sv(&item));
                suggest::print_warnings(&warnings);
                if client_added {
                    say!("Klienten är tillagd i klientregistret.");
                } else if unregistered {
                    say!(
                        "Klienten finns inte i klientregistret. Lägg till: klassificera igen med \
                         --add-client, eller `inkom clients add`."
                    );
                }
            }
        }
        Command::Register { id, out, again } => {
            let act = act(&store)?;
            let target = out.as_ref().map(|o| output(&store, o, force)).transpose()?;
            let item = if again {
                inkom::fidelity::reregister(&mut store, id, &act)?
            } else {
                lifecycle::register(&mut store, id, &act)?
            };
            if let Some(target) = target {
                lifecycle::export_pdf(&mut store, id, target.path(), &act)?;
                target.keep();
            }
            // Issue 16: a store connected to the unit register publishes the registration.
            let unit_note = unit::publish_after_register(&mut store, &act);
            let item = if unit_note.is_some() {
                store.item(id)?
            } else {
                item
            };
            let reg = item
                .registration
                .as_ref()
                .map(|r| r.designation.as_str())
                .unwrap_or("");
            let mut msg = format!("Objekt {id} registrerat som {reg}.");
            if let Some(lost) = inkom::fidelity::recorded(store.conn(), id)?
                && lost.count > 0
            {
                msg.push_str(&format!(
                    " OBS: {} tecken ({}) kunde inte återges i utskriften — behåll källan.",
                    lost.count, lost.scripts
                ));
            }
            if let Some(out) = &out {
                msg.push_str(&format!(" PDF skriven till {}.", out.display()));
            }
            msg.push_str(unit_note.as_deref().unwrap_or_default());
            report(&item, json, &msg)?;
        }
        Command::AssignDnr { id } => {
            let act = act(&store)?;
            let item = lifecycle::assign_diarienummer(&mut store, id, &act)?;
            let dnr = item
                .registration
                .as_ref()
                .and_then(|r| r.diarienummer.as_deref())
                .unwrap_or("");
            report(
                &item,
                json,
                &format!("Objekt {id} har fått diarienummer {dnr}."),
            )?;
        }
        Command::SetDnr { id, diarienummer } => {
            let act = act(&store)?;
            let item = lifecycle::set_diarienummer(&mut store, id, &diarienummer, &act)?;
            report(
                &item,
                json,
                &format!("Objekt {id} har diarienummer {}.", diarienummer.trim()),
            )?;
        }
        Command::ConfirmFiled { id } => {
            let act = act(&store)?;
            let item = lifecycle::confirm_filed(&mut store, id, &act)?;
            report(
                &item,
                json,
                &format!("Objekt {id}: utskriften ligger i personakten. Källan får nu raderas."),
            )?;
        }
        Command::Hold { id, reason } => {
            let act = act(&store)?;
            let item = lifecycle::hold(&mut store, id, &reason, &act)?;
            report(
                &item,
                json,
                &format!("Objekt {id} är spärrat: inget av det tas bort förrän spärren hävs."),
            )?;
        }
        Command::Release { id } => {
            let act = act(&store)?;
            let item = lifecycle::release(&mut store, id, &act)?;
            report(&item, json, &format!("Spärren för objekt {id} är hävd."))?;
        }
        Command::SetReceived {
            id,
            at,
            reason,
            upprattad,
            inkommen,
        } => {
            let act = act(&store)?;
            let correction = lifecycle::ReceivedCorrection {
                at: lifecycle::received::parse_local_time(&at)?,
                reason,
                drawn_up: (upprattad || inkommen).then_some(upprattad),
            };
            let item = lifecycle::set_received(&mut store, id, &correction, &act)?;
            let kind = item.kind();
            report(
                &item,
                json,
                &format!(
                    "Objekt {id} har rättats: {} {}.",
                    kind.date_label(),
                    local_time(&item.received_at)
                ),
            )?;
        }
        Command::Export { id, out } => {
            let act = act(&store)?;
            let target = output(&store, &out, force)?;
            lifecycle::export_pdf(&mut store, id, target.path(), &act)?;
            target.keep();
            let item = store.item(id)?;
            report(
                &item,
                json,
                &format!("PDF för objekt {id} skriven till {}.", out.display()),
            )?;
        }
        Command::ConfirmPrinted { id } => {
            let act = act(&store)?;
            let item = lifecycle::confirm_printed(&mut store, id, &act)?;
            report(&item, json, &format!("Objekt {id}: utskrift bekräftad."))?;
        }
        Command::ConfirmSourceDeleted {
            id,
            place,
            delete_file,
            ack_partial_export,
        } => {
            let act = act(&store)?;
            let how = lifecycle::FileDeletion {
                delete_file,
                ack_partial_export,
            };
            let item = lifecycle::confirm_source_deleted_with(&mut store, id, &place, how, &act)?;
            let mut msg = if delete_file {
                format!("Objekt {id}: källfilen är raderad.")
            } else {
                format!("Objekt {id}: radering av källan bekräftad ({place}).")
            };
            match item.state {
                State::Purged => msg.push_str(&format!(
                    " Innehållet är rensat enligt {}; registeruppgifterna finns kvar.",
                    item.cull_decision.as_deref().unwrap_or("gallringsbeslut")
                )),
                State::SourceDeleted => msg.push_str(&format!(
                    " Innehållet finns kvar tills ett gallringsbeslut gäller; rensa det sedan \
                     med `inkom purge {id}`."
                )),
                _ => {}
            }
            report(&item, json, &msg)?;
        }
        Command::Purge { id, decision } => {
            let act = act(&store)?;
            let item = lifecycle::purge(&mut store, id, decision.as_deref().unwrap_or(""), &act)?;
            report(
                &item,
                json,
                &format!(
                    "Objekt {id}: innehållet är rensat enligt {}; registeruppgifterna finns kvar.",
                    item.cull_decision.as_deref().unwrap_or("gallringsbeslut")
                ),
            )?;
        }
        Command::Cull { id, decision } => {
            let act = act(&store)?;
            let item = lifecycle::cull(&mut store, id, decision.as_deref().unwrap_or(""), &act)?;
            report(
                &item,
                json,
                &format!(
                    "Objekt {id} gallrat enligt {}.",
                    item.cull_decision.as_deref().unwrap_or("gallringsbeslut")
                ),
            )?;
        }
        Command::Gallringsbeslut(command) => gallringsbeslut(&mut store, command, json)?,
        Command::PrintList {
            list,
            from,
            to,
            out,
        } => {
            let kind = match list {
                ListArg::Ringa => inkom::lists::ListKind::Ringa,
                ListArg::Diarium => inkom::lists::ListKind::Diarium,
            };
            let act = act(&store)?;
            let printed = inkom::lists::print_list(&mut store, kind, from, to, &act)?;
            let out = out.unwrap_or_else(|| {
                let name = match kind {
                    inkom::lists::ListKind::Ringa => "ringa",
                    inkom::lists::ListKind::Diarium => "diarielista",
                };
                PathBuf::from(format!("{name}_{from}_{to}.pdf"))
            });
            write_output(&store, &out, force, &printed.pdf)?;
            if json {
                print_json(&json!({ "list": printed, "out": out }))?;
            } else {
                say!(
                    "{} {from} – {to}: {}. PDF skriven till {}.",
                    kind.title(),
                    count_sv(printed.items, "handling", "handlingar"),
                    out.display()
                );
            }
        }
        Command::Audit(AuditCommand::Verify) => {
            let v = audit::verify(store.conn())?;
            if json {
                print_json(&v)?;
            } else {
                say!(
                    "Granskningsloggen är {}.",
                    inkom::audit_export::verdict_sv(&v)
                );
            }
            if v.first_broken.is_some() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Audit(AuditCommand::Log { id }) => {
            let events = audit::log(store.conn(), id)?;
            if json {
                print_json(&events)?;
            } else {
                for e in &events {
                    let item = e.item_id.map(|i| format!("objekt {i}")).unwrap_or_default();
                    say!(
                        "{:>5}  {}  {:<12} {:<20} {:<10} {}",
                        e.id,
                        local_time(&e.at),
                        terminal::line(&e.user),
                        e.action,
                        item,
                        e.details
                    );
                }
            }
        }
        Command::Audit(AuditCommand::Export {
            from,
            to,
            out,
            json_out,
        }) => {
            let act = act(&store)?;
            let exported = inkom::audit_export::export(&mut store, from, to, &act)?;
            if let Some(out) = &out {
                write_output(&store, out, force, &exported.pdf)?;
            }
            if let Some(path) = &json_out {
                let text = serde_json::to_vec_pretty(&exported.export).map_err(json_failure)?;
                write_output(&store, path, force, &text)?;
            }
            let e = &exported.export;
            if json {
                print_json(&json!({
                    "from": e.from,
                    "to": e.to,
                    "events": e.events.len(),
                    "verification": e.verification,
                    "chain_head": e.chain_head,
                    "out": out,
                    "json_out": json_out,
                }))?;
            } else {
                let mut msg = format!(
                    "Granskningslogg {from} – {to}: {}. Kedjan är {}.",
                    count_sv(e.events.len(), "händelse", "händelser"),
                    inkom::audit_export::verdict_sv(&e.verification)
                );
                for (what, path) in [("PDF", &out), ("JSON", &json_out)] {
                    if let Some(p) = path {
                        msg.push_str(&format!(" {what} skriven till {}.", p.display()));
                    }
                }
                say!("{msg}");
            }
        }
        Command::Settings(SettingsCommand::Set { key, value }) => {
            let setting = Setting::from_key(&key)?;
            let act = act(&store)?;
            lifecycle::set_setting(&mut store, setting, &value, &act)?;
            let settings = Settings::load(store.conn())?;
            if json {
                print_json(&settings)?;
            } else {
                say!("{key} = {}", settings.get(setting).unwrap_or("(tomt)"));
            }
        }
        Command::Unit(_) | Command::Registrar(_) => {} // run above, without the store
        Command::Settings(SettingsCommand::Show) => {
            let settings = Settings::load(store.conn())?;
            if json {
                // The settings' own keys, plus how the store is unlocked.
                let mut shown = serde_json::to_value(&settings).map_err(json_failure)?;
                shown["key_source"] = json!(store.key_source());
                print_json(&shown)?;
            } else {
                for s in Setting::ALL {
                    say!("{:<14} {}", s.key(), settings.get(s).unwrap_or("(tomt)"));
                }
                say!("{:<14} {}", "datakatalog", store.path().display());
                say!("{:<14} {}", "skydd", store.key_source().sv());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The parts of [`ClassifyArgs`] that make a classification (everything but the id).
struct ClassifyParts {
    class: ClassArg,
    client_name: Option<String>,
    personnummer: Option<String>,
    description: Option<String>,
    secrecy: Option<String>,
    sender_secret: bool,
    sender_public: bool,
    note: Option<String>,
    add_client: bool,
}

impl ClassifyArgs {
    fn clone_parts(&self) -> ClassifyParts {
        ClassifyParts {
            class: self.class,
            client_name: self.client_name.clone(),
            personnummer: self.personnummer.clone(),
            description: self.description.clone(),
            secrecy: self.secrecy.clone(),
            sender_secret: self.sender_secret,
            sender_public: self.sender_public,
            note: self.note.clone(),
            add_client: self.add_client,
        }
    }
}

fn classification(
    p: ClassifyParts,
    settings: &Settings,
    act: &Act,
    sender_is_client: bool,
) -> Result<(Classification, NewClient), Failure> {
    let input = match p.class {
        ClassArg::Personakt => {
            let (Some(client_name), Some(personnummer)) = (p.client_name, p.personnummer) else {
                return Err(invalid(
                    "Personaktsmaterial kräver --client-name och --personnummer.",
                    "personakt needs --client-name and --personnummer",
                ));
            };
            ClassificationInput::Personakt {
                client_name,
                personnummer,
                secrecy: p.secrecy,
                add_to_register: p.add_client,
            }
        }
        ClassArg::Diarium => {
            let description = p.description.ok_or_else(|| {
                invalid(
                    "Diarieföring kräver en ärendemening: --description TEXT.",
                    "diarium needs --description",
                )
            })?;
            let sender_secret = if p.sender_secret {
                Some(true)
            } else if p.sender_public {
                Some(false)
            } else {
                None
            };
            ClassificationInput::Diarium {
                description,
                secrecy: p.secrecy,
                sender_secret,
            }
        }
        ClassArg::Ringa => ClassificationInput::Ringa { note: p.note },
    };
    let new_client = input.new_client();
    let classification = input
        .into_classification(settings, act, sender_is_client)
        .map_err(|e| match e {
            // A guard rail's refusal keeps its own code (no_authority, …).
            inkom::desk::DeskError::Lifecycle(e) => e.into(),
            e => invalid(e.sv(), e.to_string()),
        })?;
    Ok((classification, new_client))
}
