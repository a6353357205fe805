//! `inkom audit verify|log|export`: the keyed audit trail, for the user and for the information
//! security officer. Kept apart because `verify` is the one command whose exit code reports what
//! it found (1 for a broken chain) rather than whether it ran.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use serde_json::json;

use inkom::audit;
use inkom::audit_export::{self, verdict_sv};
use inkom::model::local_time;
use inkom::path_text;
use inkom::store::Store;
use inkom::terminal;

use super::args::AuditCommand;
use super::failure::{Failure, json_failure};
use super::open::act;
use super::out_file::write_output;
use super::print::{count_sv, print_json, say};

/// Runs one `inkom audit` command.
pub(super) fn run(
    store: &mut Store,
    command: AuditCommand,
    json: bool,
    force: bool,
) -> Result<ExitCode, Failure> {
    match command {
        AuditCommand::Verify => return verify(store, json),
        AuditCommand::Log { id } => log(store, id, json)?,
        AuditCommand::Export {
            from,
            to,
            out,
            json_out,
        } => export(store, from, to, out, json_out, json, force)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `inkom audit verify`: walks the chain; exit code 1 when a link is broken.
fn verify(store: &Store, json: bool) -> Result<ExitCode, Failure> {
    let v = audit::verify(store.conn())?;
    if json {
        print_json(&v)?;
    } else {
        say!("Granskningsloggen är {}.", verdict_sv(&v));
    }
    Ok(if v.first_broken.is_some() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `inkom audit log [ID]`: the events, of one item or all, one line each.
fn log(store: &Store, id: Option<i64>, json: bool) -> Result<(), Failure> {
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
    Ok(())
}

/// `inkom audit export --from DATE --to DATE [--out FILE] [--json-out FILE]`: the PDF, the
/// JSON, or both.
fn export(
    store: &mut Store,
    from: NaiveDate,
    to: NaiveDate,
    out: Option<PathBuf>,
    json_out: Option<PathBuf>,
    json: bool,
    force: bool,
) -> Result<(), Failure> {
    let act = act(store)?;
    let exported = audit_export::export(store, from, to, &act)?;
    if let Some(out) = &out {
        write_output(store, out, force, &exported.pdf)?;
    }
    if let Some(path) = &json_out {
        let text = serde_json::to_vec_pretty(&exported.export).map_err(json_failure)?;
        write_output(store, path, force, &text)?;
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
            verdict_sv(&e.verification)
        );
        for (what, path) in [("PDF", &out), ("JSON", &json_out)] {
            if let Some(p) = path {
                msg.push_str(&format!(" {what} skriven till {}.", path_text::display(p)));
            }
        }
        say!("{msg}");
    }
    Ok(())
}
