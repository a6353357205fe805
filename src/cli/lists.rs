//! `inkom print-list`: the registrar's lists for a period — the förteckning över handlingar av
//! ringa betydelse and the diarielista — as a PDF file. Kept apart because it is the one command
//! that prints many items at once; the lists themselves are made in [`inkom::lists`].

use std::path::PathBuf;

use chrono::NaiveDate;
use serde_json::json;

use inkom::lists::{self, ListKind};
use inkom::store::Store;
use inkom::{path_text, terminal};

use super::args::ListArg;
use super::failure::Failure;
use super::open::act;
use super::out_file::write_output;
use super::print::{count_sv, print_json, say};

/// `inkom print-list ringa|diarium --from DATE --to DATE [--out FILE]`; without --out the file
/// is named after the list and the period, e.g. diarielista_2026-11-01_2026-11-30.pdf.
pub(super) fn print(
    store: &mut Store,
    list: ListArg,
    from: NaiveDate,
    to: NaiveDate,
    out: Option<PathBuf>,
    json: bool,
    force: bool,
) -> Result<(), Failure> {
    let kind = match list {
        ListArg::Ringa => ListKind::Ringa,
        ListArg::Diarium => ListKind::Diarium,
    };
    let act = act(store)?;
    let printed = lists::print_list(store, kind, from, to, &act)?;
    let out = out.unwrap_or_else(|| {
        let name = match kind {
            ListKind::Ringa => "ringa",
            ListKind::Diarium => "diarielista",
        };
        PathBuf::from(format!("{name}_{from}_{to}.pdf"))
    });
    write_output(store, &out, force, &printed.pdf)?;
    if json {
        print_json(&json!({ "list": printed, "out": out }))?;
    } else {
        say!(
            "{} {from} – {to}: {}. PDF skriven till {}.",
            kind.title(),
            count_sv(printed.items, "handling", "handlingar"),
            terminal::line(&path_text::display(&out))
        );
    }
    Ok(())
}
