//! What the CLI prints on stdout: one JSON document with `--json`, Swedish lines otherwise. Every
//! command prints through here so that a closed pipe, the columns of a listing and the fields an
//! item shows are decided once.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use inkom::documents;
use inkom::model::{Class, Classification, DocumentKind, Item, State, local_time};
use inkom::terminal;

use super::failure::{Failure, json_failure};

/// Prints a line on stdout. A closed pipe (`inkom list | head`) ends the program quietly
/// instead of panicking as `println!` would.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}
pub(super) use say;

/// Prints one value as pretty JSON: the whole of stdout for `--json`. Written as it is
/// serialised, never held whole in memory: a preview of 100,000 messages is tens of megabytes
/// of JSON (issue 15: the preview's memory). A closed pipe ends the program quietly, as `say!`.
pub(super) fn print_json(value: &impl Serialize) -> Result<(), Failure> {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, value);
    match written {
        Err(e) if e.is_io() => std::process::exit(0),
        Err(e) => return Err(json_failure(e)),
        Ok(()) => {}
    }
    if writeln!(out).and_then(|()| out.flush()).is_err() {
        std::process::exit(0);
    }
    Ok(())
}

pub(super) use inkom::model::count_sv;

/// Item ids, each run of three or more as a range ([`inkom::model::number_ranges`]).
pub(super) fn id_ranges(ids: &[i64]) -> String {
    inkom::model::number_ranges(ids)
}

/// The row `list --json` prints: no content, so listing never spills message text.
#[derive(Serialize)]
pub(super) struct ItemSummary<'a> {
    id: i64,
    state: State,
    class: Option<Class>,
    channel: inkom::model::Channel,
    direction: inkom::model::Direction,
    sender: Option<&'a str>,
    received_at: DateTime<FixedOffset>,
    designation: Option<&'a str>,
    diarienummer: Option<&'a str>,
    attachments: usize,
}

impl<'a> From<&'a Item> for ItemSummary<'a> {
    fn from(i: &'a Item) -> Self {
        ItemSummary {
            id: i.id,
            state: i.state,
            class: i.class,
            channel: i.channel,
            direction: i.direction,
            sender: i.sender.as_deref(),
            received_at: i.received_at,
            designation: i.registration.as_ref().map(|r| r.designation.as_str()),
            diarienummer: i
                .registration
                .as_ref()
                .and_then(|r| r.diarienummer.as_deref()),
            attachments: i.attachments.len(),
        }
    }
}

/// The item's class in Swedish, or "oklassificerat" before classification.
pub(super) fn class_sv(item: &Item) -> &'static str {
    item.class.map(Class::sv).unwrap_or("oklassificerat")
}

/// `inkom list` as text: one line an item, no content, the sender cut to fit.
pub(super) fn print_list(items: &[Item]) {
    if items.is_empty() {
        say!("Inga objekt.");
        return;
    }
    say!(
        "{:>5}  {:<19}  {:<10} {:<14} {:<19} avsändare",
        "id",
        "inkom",
        "kanal",
        "status",
        "klass"
    );
    for i in items {
        say!(
            "{:>5}  {:<19}  {:<10} {:<14} {:<19} {}",
            i.id,
            local_time(&i.received_at),
            i.channel.sv(),
            i.state.sv(),
            class_sv(i),
            truncate(&terminal::line(&party(i)), 40)
        );
    }
}

/// The list's party column: the sender, or for an item sent "till" and whom it went to (a
/// caseworker's own reply has no sender to show).
fn party(item: &Item) -> String {
    match item.kind() {
        DocumentKind::Expedierad => format!("till {}", item.party()),
        _ => item.party(),
    }
}

/// Cuts a text to `n` characters (not bytes), ending with "…" when it was longer.
pub(super) fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// `inkom show` as text: the register fields an item has, then its content.
pub(super) fn print_item(item: &Item) {
    let line = |k: &str, v: &str| say!("{k:<18} {}", terminal::line(v));
    line("Objekt", &item.id.to_string());
    line("Status", item.state.sv());
    line("Klass", class_sv(item));
    let kind = item.kind();
    line("Kanal", &format!("{}, {}", item.channel.sv(), kind.sv()));
    line(kind.date_label(), &local_time(&item.received_at));
    if let (DocumentKind::Inkommen, Some(sent)) = (kind, &item.sent_at) {
        line(documents::SENT_BY_SENDER, &local_time(sent));
    }
    line("Avsändare", item.sender.as_deref().unwrap_or("(rensad)"));
    if !item.recipients.is_empty() {
        line("Mottagare", &item.recipients.join(", "));
    }
    if let Some(s) = &item.subject {
        line("Ämne", s);
    }
    match &item.classification {
        Some(Classification::Personakt {
            client_name,
            personnummer,
            secrecy,
        }) => {
            line("Klient", &format!("{client_name}, {personnummer}"));
            if let Some(s) = secrecy {
                line("Sekretess", &s.to_string());
            }
        }
        Some(Classification::Diarium {
            description,
            secrecy,
            sender_secret,
        }) => {
            line("Ärendemening", description);
            if let Some(s) = secrecy {
                line("Sekretess", &s.to_string());
            }
            if *sender_secret {
                line("Avsändaren", "sekretess");
            }
        }
        Some(Classification::Ringa { note: Some(n) }) => line("Anteckning", n),
        _ => {}
    }
    if let Some(r) = &item.registration {
        if let Some(dnr) = &r.diarienummer {
            line("Diarienummer", dnr);
        }
        line("Registrerings-id", &r.designation);
        line("PDF, SHA-256", &r.pdf_sha256);
    }
    for (label, a) in [
        ("Importerad", Some(&item.imported)),
        ("Klassificerad", item.classified.as_ref()),
        ("Utskriven", item.printed.as_ref()),
        ("Källa raderad", item.source_deleted.as_ref()),
        ("Rensad", item.purged.as_ref()),
        ("Gallrad", item.culled.as_ref()),
    ] {
        if let Some(a) = a {
            line(label, &format!("{} av {}", local_time(&a.at), a.who()));
        }
    }
    if let Some(w) = &item.source_deleted_where {
        line("Källa raderad i", w);
    }
    if let Some(d) = &item.cull_decision {
        line("Gallringsbeslut", d);
    }
    if !item.source.path.is_empty() {
        line("Källfil", &inkom::path_text::for_display(&item.source.path));
    }
    for note in &item.source.notes {
        line("Anmärkning vid import", note);
    }
    for a in &item.attachments {
        line(
            "Bilaga",
            &format!("{} ({}, {} byte)", a.name, a.mime, a.size),
        );
    }
    if let Some(body) = &item.body {
        say!("\n{}", terminal::text(body));
    }
}

/// The item as JSON with one more field (`suggestion`, `warnings`).
pub(super) fn with_field(
    item: &Item,
    key: &str,
    value: &impl Serialize,
) -> Result<serde_json::Value, Failure> {
    let mut v = serde_json::to_value(item).map_err(json_failure)?;
    v[key] = serde_json::to_value(value).map_err(json_failure)?;
    Ok(v)
}

/// What most commands print when done: the changed item as JSON, or one Swedish line.
pub(super) fn report(item: &Item, json: bool, message: &str) -> Result<(), Failure> {
    if json {
        print_json(item)
    } else {
        say!("{}", terminal::line(message));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::id_ranges;

    #[test]
    fn ids_read_as_runs() {
        assert_eq!(id_ranges(&[]), "");
        assert_eq!(id_ranges(&[7]), "7");
        assert_eq!(id_ranges(&[3, 4]), "3, 4");
        assert_eq!(id_ranges(&[9, 7, 8, 3, 4, 4]), "3, 4, 7–9");
        let many: Vec<i64> = (1..=100_000).collect();
        assert_eq!(id_ranges(&many), "1–100000");
    }
}
