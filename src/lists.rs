//! Printed lists for the registrar's paper: the **diarielista** (every diarium item of a day or
//! period) and the **förteckning över handlingar av ringa betydelse** (the ordered keep of minor
//! items, with their culling).
//!
//! Both are public documents in their own right, so they hold only what 5 kap. 2 § OSL asks and
//! nothing secret: no content, a secret sender printed as "Sekretess", the ärendemening (which is
//! public-safe by construction). Producing a list is audited.

use chrono::{DateTime, Days, FixedOffset, NaiveDate, TimeZone, Utc};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Action};
use crate::model::{Act, Class, Classification, DocumentKind, Item, local_time, sha256_hex};
use crate::pdf::{self, Block, PdfError, Sheet, Table};
use crate::store::items;
use crate::store::{Settings, Store, StoreError};

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// Förteckning över handlingar av ringa betydelse.
    Ringa,
    /// Diarielista.
    Diarium,
}

impl ListKind {
    /// The code used on the command line and in the audit trail.
    pub fn code(self) -> &'static str {
        match self {
            ListKind::Ringa => "ringa",
            ListKind::Diarium => "diarium",
        }
    }

    /// The printed title.
    pub fn title(self) -> &'static str {
        match self {
            ListKind::Ringa => "Förteckning över handlingar av ringa betydelse",
            ListKind::Diarium => "Diarielista",
        }
    }

    fn class(self) -> Class {
        match self {
            ListKind::Ringa => Class::Ringa,
            ListKind::Diarium => Class::Diarium,
        }
    }
}

/// Why a list could not be printed. `Display` is English; [`ListError::sv`] is for users.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// Store failure.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The PDF could not be produced.
    #[error("list PDF could not be produced: {0}")]
    Pdf(#[from] PdfError),
    /// The period ends before it starts.
    #[error("period ends ({to}) before it starts ({from})")]
    Period {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
}

impl ListError {
    /// The message for a Swedish user.
    pub fn sv(&self) -> String {
        match self {
            ListError::Store(e) => e.sv(),
            ListError::Pdf(e) => format!("Listan kunde inte skapas: {}", e.sv()),
            ListError::Period { from, to } => {
                format!("Perioden slutar ({to}) innan den börjar ({from}).")
            }
        }
    }

    /// A stable code for scripts (`--json`).
    pub fn code(&self) -> &'static str {
        match self {
            ListError::Store(StoreError::NotFound(_)) => "not_found",
            ListError::Store(_) => "store",
            ListError::Pdf(_) => "pdf_failed",
            ListError::Period { .. } => "invalid_input",
        }
    }
}

/// A printed list.
#[derive(Debug, Clone, Serialize)]
pub struct PrintedList {
    /// Which list.
    pub kind: ListKind,
    /// First day of the period (Europe/Stockholm).
    pub from: NaiveDate,
    /// Last day of the period, inclusive.
    pub to: NaiveDate,
    /// Number of rows (documents) on the list.
    pub items: usize,
    /// SHA-256 of the PDF.
    pub pdf_sha256: String,
    /// The PDF. Not in JSON output.
    #[serde(skip)]
    pub pdf: Vec<u8>,
}

/// Queries the store for the period's items, renders the list and records the printing in the
/// audit trail (one transaction: no list leaves without its trace).
pub fn print_list(
    store: &mut Store,
    kind: ListKind,
    from: NaiveDate,
    to: NaiveDate,
    act: &Act,
) -> Result<PrintedList, ListError> {
    let (start, end) = period(from, to)?;
    let tx = store.write()?;
    let mut settings = Settings::load(&tx)?;
    // The list names the default gallringsbeslut in full, as the culled rows cite it (rule 8).
    settings.cull_decision = crate::lifecycle::gallring::applicable(&tx, "")
        .ok()
        .map(|b| b.citation());
    let mut rows = items::received_between(&tx, kind.class(), start, end)?;
    if kind == ListKind::Diarium {
        // The registrar reads the list against the diary: in diary-number order.
        rows.sort_by_cached_key(diary_order);
    }
    let sheet = list_sheet(kind, &rows, &settings, from, to, act);
    let pdf = pdf::render(&sheet)?;
    let pdf_sha256 = sha256_hex(&pdf);
    audit::append(
        &tx,
        act,
        None,
        Action::ListPrinted,
        json!({
            "list": kind.code(),
            "from": from.to_string(),
            "to": to.to_string(),
            "items": rows.len(),
            "pdf_sha256": pdf_sha256,
        }),
    )?;
    tx.commit().map_err(StoreError::from)?;
    Ok(PrintedList {
        kind,
        from,
        to,
        items: rows.len(),
        pdf_sha256,
        pdf,
    })
}

/// Records that a list made by [`print_list`] went to the printer (its creation is audited
/// when it is made; only this says it was printed).
pub fn record_sent_to_printer(
    store: &mut Store,
    kind: ListKind,
    pdf: &[u8],
    act: &Act,
) -> Result<(), ListError> {
    let tx = store.write()?;
    audit::append(
        &tx,
        act,
        None,
        Action::ListSentToPrinter,
        json!({ "list": kind.code(), "pdf_sha256": sha256_hex(pdf) }),
    )?;
    tx.commit().map_err(StoreError::from)?;
    Ok(())
}

/// The instants bounding the days `from` to `to` (inclusive); refuses a period that ends before
/// it starts.
pub(crate) fn period(
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(DateTime<Utc>, DateTime<Utc>), ListError> {
    if to < from {
        return Err(ListError::Period { from, to });
    }
    Ok(period_bounds(from, to))
}

/// Start of `from` and start of the day after `to`, Swedish local time, as UTC instants.
fn period_bounds(from: NaiveDate, to: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let midnight = |day: NaiveDate| {
        let local = day.and_time(chrono::NaiveTime::MIN);
        chrono_tz::Europe::Stockholm
            .from_local_datetime(&local)
            .earliest()
            .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
    };
    let after = to.checked_add_days(Days::new(1)).unwrap_or(to);
    (midnight(from), midnight(after))
}

/// The list as a [`Sheet`], from items already chosen (in arrival order).
pub fn list_sheet(
    kind: ListKind,
    rows: &[Item],
    settings: &Settings,
    from: NaiveDate,
    to: NaiveDate,
    act: &Act,
) -> Sheet {
    let heading = settings.heading();
    let head = PeriodSheet {
        title: kind.title(),
        organisation: heading.as_deref(),
        unit: settings.unit.as_deref(),
        from,
        to,
        created: act.at,
    };
    let mut facts = vec![
        ("Period".to_string(), head.label()),
        ("Antal handlingar".to_string(), rows.len().to_string()),
        (
            "Utskriven".to_string(),
            format!("{} av {}", local_time(&act.at), act.who()),
        ),
    ];
    let table = match kind {
        ListKind::Ringa => {
            if let Some(decision) = &settings.cull_decision {
                facts.push(("Gallringsbeslut".to_string(), decision.clone()));
            }
            ringa_table(rows)
        }
        ListKind::Diarium => diarium_table(rows),
    };
    let empty = rows.is_empty().then_some("Inga handlingar under perioden.");
    head.sheet(facts, table, empty)
}

/// What every printed list of a period shares: title, authority, the period as its
/// designation, landscape pages with one table.
pub(crate) struct PeriodSheet<'a> {
    /// The printed title.
    pub title: &'a str,
    /// The authority.
    pub organisation: Option<&'a str>,
    /// The unit.
    pub unit: Option<&'a str>,
    /// First day.
    pub from: NaiveDate,
    /// Last day, inclusive.
    pub to: NaiveDate,
    /// When the list was made.
    pub created: DateTime<FixedOffset>,
}

impl PeriodSheet<'_> {
    /// `2026-11-01 – 2026-11-30`, or the one day.
    pub(crate) fn label(&self) -> String {
        if self.from == self.to {
            self.from.to_string()
        } else {
            format!("{} – {}", self.from, self.to)
        }
    }

    /// The sheet, with `empty` printed under the table when the period holds nothing.
    pub(crate) fn sheet(
        self,
        facts: Vec<(String, String)>,
        table: Table,
        empty: Option<&str>,
    ) -> Sheet {
        let mut blocks = vec![Block::Table(table)];
        if let Some(note) = empty {
            blocks.push(Block::Text(note.to_string()));
        }
        Sheet {
            title: self.title.to_string(),
            organisation: self.organisation.unwrap_or_default().to_string(),
            unit: self.unit.unwrap_or_default().to_string(),
            designation: self.label(),
            running_header: None,
            facts,
            fill_in: Vec::new(),
            secrecy: None,
            blocks,
            // Landscape: six or seven columns need the width (and a list is read across).
            landscape: true,
            created: self.created,
        }
    }
}

/// Where an item goes in a diarielista: by diary number (series prefix, year, running number
/// compared as numbers, so 0042 < 0100 < 1000), items without one after them in arrival order
/// (the sort is stable).
fn diary_order(item: &Item) -> (bool, String, u32, u64) {
    let Some(dnr) = item
        .registration
        .as_ref()
        .and_then(|r| r.diarienummer.as_deref())
    else {
        return (true, String::new(), 0, 0);
    };
    let (series, number) = dnr.rsplit_once('/').unwrap_or((dnr, ""));
    let (prefix, year) = series.rsplit_once(' ').unwrap_or((series, ""));
    (
        false,
        prefix.trim().to_string(),
        year.trim().parse().unwrap_or(0),
        number.trim().parse().unwrap_or(u64::MAX),
    )
}

fn ringa_table(rows: &[Item]) -> Table {
    let labels = Labels::of(rows);
    Table {
        columns: vec![
            ("Nr".to_string(), 0.4),
            (labels.date.to_string(), 1.3),
            ("Kanal".to_string(), 0.8),
            (labels.party.to_string(), 2.2),
            ("Anteckning".to_string(), 2.2),
            ("Gallrad".to_string(), 2.8),
        ],
        rows: rows
            .iter()
            .map(|item| {
                let note = match &item.classification {
                    Some(Classification::Ringa { note: Some(n) }) => n.clone(),
                    _ => String::new(),
                };
                let culled = match &item.culled {
                    Some(c) => format!(
                        "{} av {}\nenligt {}",
                        local_time(&c.at),
                        c.by,
                        item.cull_decision.as_deref().unwrap_or("–")
                    ),
                    None => "–".to_string(),
                };
                vec![
                    item.id.to_string(),
                    labels.date(item),
                    item.channel.sv().to_string(),
                    labels.party(item, false),
                    note,
                    culled,
                ]
            })
            .collect(),
    }
}

fn diarium_table(rows: &[Item]) -> Table {
    let labels = Labels::of(rows);
    Table {
        columns: vec![
            ("Diarienummer".to_string(), 1.3),
            (labels.date.to_string(), 1.1),
            (labels.party.to_string(), 2.2),
            ("Ärendemening".to_string(), 2.8),
            ("Handläggare".to_string(), 1.2),
            ("Sekretess".to_string(), 1.4),
        ],
        rows: rows
            .iter()
            .map(|item| {
                let (description, secrecy, secret_sender) = match &item.classification {
                    Some(Classification::Diarium {
                        description,
                        secrecy,
                        sender_secret,
                    }) => (
                        description.clone(),
                        secrecy
                            .as_ref()
                            .map_or_else(|| "–".to_string(), |s| s.provision.to_string()),
                        *sender_secret,
                    ),
                    _ => (String::new(), "–".to_string(), false),
                };
                let number = match &item.registration {
                    Some(r) => format!(
                        "{}\n{}",
                        r.diarienummer.as_deref().unwrap_or("–"),
                        r.designation
                    ),
                    None => "Ej registrerad".to_string(),
                };
                let caseworker = item
                    .registration
                    .as_ref()
                    .map(|r| r.registered_by.clone())
                    .or_else(|| item.classified.as_ref().map(|c| c.by.clone()))
                    .unwrap_or_default();
                vec![
                    number,
                    labels.date(item),
                    labels.party(item, secret_sender),
                    description,
                    caseworker,
                    secrecy,
                ]
            })
            .collect(),
    }
}

/// The date and party columns of a list (guard rail 5). A list of received documents only
/// keeps the plain "Inkom" and "Avsändare"; as soon as it holds a document the unit sent or
/// drew up, the columns are "Datum" and "Avsändare/mottagare" and each row says which date
/// ("Inkom", "Expedierad", "Upprättad") and, for a sent one, that the party is its recipient.
struct Labels {
    date: &'static str,
    party: &'static str,
    mixed: bool,
}

impl Labels {
    fn of(rows: &[Item]) -> Labels {
        let mixed = rows.iter().any(|i| i.kind() != DocumentKind::Inkommen);
        if mixed {
            Labels {
                date: "Datum",
                party: "Avsändare/mottagare",
                mixed,
            }
        } else {
            Labels {
                date: DocumentKind::Inkommen.date_label(),
                party: DocumentKind::Inkommen.party_label(),
                mixed,
            }
        }
    }

    fn date(&self, item: &Item) -> String {
        let at = local_time(&item.received_at);
        if self.mixed {
            format!("{at}\n{}", item.kind().date_label())
        } else {
            at
        }
    }

    fn party(&self, item: &Item, secret: bool) -> String {
        let kind = item.kind();
        let party = item.party();
        let shown = match party.trim() {
            _ if secret => "Sekretess",
            "" if kind == DocumentKind::Upprattad => "–",
            "" => "Okänd",
            p => p,
        };
        if self.mixed && kind == DocumentKind::Expedierad {
            format!("{}: {shown}", kind.party_label())
        } else {
            shown.to_string()
        }
    }
}
