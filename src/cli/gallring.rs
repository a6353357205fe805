//! Gallring and what stops it: `hold`/`release` (nothing of a held item may go),
//! `confirm-source-deleted`, `purge` and `cull` (content removed under a gallringsbeslut), and
//! the register of gallringsbeslut they cite. Kept apart because these are the commands that
//! remove something; the rules that allow it live in [`inkom::lifecycle`].

use inkom::lifecycle;
use inkom::model::{Item, State};
use inkom::store::Store;
use inkom::terminal;

use super::args::GallringsbeslutCommand;
use super::failure::Failure;
use super::open::act;
use super::print::{print_json, report, say};

/// `inkom hold ID --reason TEXT`.
pub(super) fn hold(store: &mut Store, id: i64, reason: &str, json: bool) -> Result<(), Failure> {
    let act = act(store)?;
    let item = lifecycle::hold(store, id, reason, &act)?;
    report(
        &item,
        json,
        &format!("Objekt {id} är spärrat: inget av det tas bort förrän spärren hävs."),
    )
}

/// `inkom release ID`.
pub(super) fn release(store: &mut Store, id: i64, json: bool) -> Result<(), Failure> {
    let act = act(store)?;
    let item = lifecycle::release(store, id, &act)?;
    report(&item, json, &format!("Spärren för objekt {id} är hävd."))
}

/// `inkom confirm-source-deleted ID --where TEXT [--delete-file [--ack-partial-export]]`; says
/// whether the content went at once (a decision applies) or stays until `inkom purge`.
pub(super) fn confirm_source_deleted(
    store: &mut Store,
    id: i64,
    place: &str,
    how: lifecycle::FileDeletion,
    json: bool,
) -> Result<(), Failure> {
    let act = act(store)?;
    let item = lifecycle::confirm_source_deleted_with(store, id, place, how, &act)?;
    let mut msg = if how.delete_file {
        format!("Objekt {id}: källfilen är raderad.")
    } else {
        format!("Objekt {id}: radering av källan bekräftad ({place}).")
    };
    match item.state {
        State::Purged => msg.push_str(&format!(
            " Innehållet är rensat enligt {}; registeruppgifterna finns kvar.",
            cited(&item)
        )),
        State::SourceDeleted => msg.push_str(&format!(
            " Innehållet finns kvar tills ett gallringsbeslut gäller; rensa det sedan \
             med `inkom purge {id}`."
        )),
        _ => {}
    }
    report(&item, json, &msg)
}

/// What `purge` and `cull` remove under a gallringsbeslut.
#[derive(Debug, Clone, Copy)]
pub(super) enum Removal {
    /// `inkom purge`: content, attachments and PDF go; the register entry stays.
    Purge,
    /// `inkom cull`: a ringa item is gallrat.
    Cull,
}

/// `inkom purge|cull ID [--decision NR|REFERENCE]`; without --decision the library picks the
/// cull_decision setting or the register's only decision.
pub(super) fn remove(
    store: &mut Store,
    id: i64,
    removal: Removal,
    decision: Option<&str>,
    json: bool,
) -> Result<(), Failure> {
    let act = act(store)?;
    let decision = decision.unwrap_or("");
    let item = match removal {
        Removal::Purge => lifecycle::purge(store, id, decision, &act)?,
        Removal::Cull => lifecycle::cull(store, id, decision, &act)?,
    };
    let msg = match removal {
        Removal::Purge => format!(
            "Objekt {id}: innehållet är rensat enligt {}; registeruppgifterna finns kvar.",
            cited(&item)
        ),
        Removal::Cull => format!("Objekt {id} gallrat enligt {}.", cited(&item)),
    };
    report(&item, json, &msg)
}

/// The gallringsbeslut an item's removal cites, as the messages name it.
fn cited(item: &Item) -> &str {
    item.cull_decision.as_deref().unwrap_or("gallringsbeslut")
}

/// `inkom gallringsbeslut add|list`.
pub(super) fn gallringsbeslut(
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
