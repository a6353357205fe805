//! Argument parsing and output for the `inkom` binary. Every command opens the store, calls one
//! core function and prints the result; no rule of the domain lives here. This file only
//! dispatches: each command's handler lives in a module named after what it does.

use std::process::ExitCode;

use clap::Parser;

use inkom::lifecycle::FileDeletion;
use inkom::store::Store;

mod args;
mod audit;
mod classify;
mod failure;
mod gallring;
mod import;
mod items;
mod lists;
mod open;
mod out_file;
mod print;
mod records;
mod recover;
mod register;
mod secret;
mod settings;
mod suggest;
mod unit;

use args::{Cli, Command};
use failure::Failure;
use gallring::Removal;

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

/// Runs the commands that open no store (or only where they need it), and opens the store for
/// all others.
fn execute(cli: Cli) -> Result<ExitCode, Failure> {
    let Cli {
        data_dir,
        json,
        force,
        command,
    } = cli;
    match command {
        // A preview touches no store at all, not even to create it.
        Command::Import(args) if args.preview => import::preview(&args.files, args.salvage, json),
        // An import starts reading its first file while the store is opened.
        Command::Import(args) => import::import_opening(data_dir, &args, json),
        // With --clients FILE a suggestion run never opens or creates the store.
        Command::Suggest(args) if args.storeless() => suggest::run_suggest(&args, None, json),
        // The unit register's commands open the store only where they need it.
        Command::Unit(command) => unit::run_unit(command, data_dir, json),
        Command::Registrar(command) => unit::run_registrar(command, data_dir, json, force),
        // Changing the passphrase proves the current one by opening the store with it.
        Command::ChangePassphrase => {
            open::change_passphrase(data_dir, json)?;
            Ok(ExitCode::SUCCESS)
        }
        // A recovery opens the store only with the unit's recovery key.
        Command::Recover(args) => recover::run(args, data_dir, json, force),
        command => {
            let mut store = open::open_store(&open::data_dir(data_dir)?, json)?;
            if !json {
                open::tell_how_opened(&store);
            }
            with_store(&mut store, command, json, force)
        }
    }
}

/// One command on the open store: one handler call each.
fn with_store(
    store: &mut Store,
    command: Command,
    json: bool,
    force: bool,
) -> Result<ExitCode, Failure> {
    match command {
        Command::Suggest(args) => return suggest::run_suggest(&args, Some(store), json),
        Command::Clients(command) => return suggest::run_clients(store, command, json),
        Command::Audit(command) => return audit::run(store, command, json, force),
        Command::List {
            state,
            class,
            overdue,
        } => items::list(store, state, class.map(Into::into), overdue, json),
        Command::Show { id } => items::show(store, id, json),
        Command::Classify(args) => classify::classify(store, args, json),
        Command::Register { id, out, again } => {
            register::register(store, id, out, again, json, force)
        }
        Command::Export { id, out } => register::export(store, id, &out, json, force),
        Command::ConfirmPrinted { id } => register::confirm_printed(store, id, json),
        Command::ConfirmFiled { id } => register::confirm_filed(store, id, json),
        Command::AssignDnr { id } => records::assign_dnr(store, id, json),
        Command::SetDnr { id, diarienummer } => records::set_dnr(store, id, &diarienummer, json),
        Command::SetReceived {
            id,
            at,
            reason,
            upprattad,
            inkommen,
        } => records::set_received(store, id, &at, reason, upprattad, inkommen, json),
        Command::Hold { id, reason } => gallring::hold(store, id, &reason, json),
        Command::Release { id } => gallring::release(store, id, json),
        Command::ConfirmSourceDeleted {
            id,
            place,
            delete_file,
            ack_partial_export,
            ack_off_paper,
        } => {
            let how = FileDeletion {
                delete_file,
                ack_partial_export,
                ack_off_paper,
            };
            gallring::confirm_source_deleted(store, id, &place, how, json)
        }
        Command::Purge { id, decision } => {
            gallring::remove(store, id, Removal::Purge, decision.as_deref(), json)
        }
        Command::Cull { id, decision } => {
            gallring::remove(store, id, Removal::Cull, decision.as_deref(), json)
        }
        Command::Gallringsbeslut(command) => gallring::gallringsbeslut(store, command, json),
        Command::PrintList {
            list,
            from,
            to,
            out,
        } => lists::print(store, list, from, to, out, json, force),
        Command::Settings(command) => settings::run(store, command, json),
        // Run in execute, without (or with their own way into) the store.
        Command::Import(_)
        | Command::Unit(_)
        | Command::Registrar(_)
        | Command::Recover(_)
        | Command::ChangePassphrase => Ok(()),
    }?;
    Ok(ExitCode::SUCCESS)
}
