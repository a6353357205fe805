//! The audit log of a period, exported for the municipality's information security officer:
//! a PDF to read and file, and JSON to check by machine.
//!
//! Both carry the verification of the *whole* chain at the time of export and the MAC of its
//! last event. Kept outside inkom, that MAC is an anchor: a later export whose chain does not
//! pass through it shows that the log was rewritten (which the keyed MAC alone cannot prove
//! against someone holding the database key). The export is itself an audited event.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Action, AuditEvent, Verification};
use crate::lists::{ListError, PeriodSheet, period};
use crate::model::{Act, local_time, sha256_hex};
use crate::pdf::{self, Sheet, Table};
use crate::store::{Settings, Store, StoreError};

/// The exported log.
#[derive(Debug, Clone, Serialize)]
pub struct AuditExport {
    /// First day of the period (Europe/Stockholm).
    pub from: NaiveDate,
    /// Last day, inclusive.
    pub to: NaiveDate,
    /// When the export was made.
    pub exported_at: DateTime<FixedOffset>,
    /// By whom.
    pub exported_by: String,
    /// The authority, as in the settings.
    pub organisation: Option<String>,
    /// The unit.
    pub unit: Option<String>,
    /// The whole chain, checked now.
    pub verification: Verification,
    /// Id and MAC of the chain's last event before this export: the anchor to keep.
    pub chain_head: Option<(i64, String)>,
    /// The period's events, oldest first.
    pub events: Vec<AuditEvent>,
}

/// The export as JSON and PDF.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The content (also the JSON document).
    pub export: AuditExport,
    /// The PDF/A-2b printout.
    pub pdf: Vec<u8>,
}

/// Verifies the chain, collects the period's events, renders the PDF and records the export,
/// in one transaction.
pub fn export(
    store: &mut Store,
    from: NaiveDate,
    to: NaiveDate,
    act: &Act,
) -> Result<Exported, ListError> {
    let (start, end) = period(from, to)?;
    let tx = store.write()?;
    let verification = audit::verify(&tx)?;
    let all = audit::log(&tx, None)?;
    let chain_head = all.last().map(|e| (e.id, e.hash.clone()));
    let events: Vec<AuditEvent> = all
        .into_iter()
        .filter(|e| {
            let at = e.at.with_timezone(&Utc);
            at >= start && at < end
        })
        .collect();
    let settings = Settings::load(&tx)?;
    let export = AuditExport {
        from,
        to,
        exported_at: act.at,
        exported_by: act.by.clone(),
        organisation: settings.heading(),
        unit: settings.unit,
        verification,
        chain_head,
        events,
    };
    let pdf = pdf::render(&sheet(&export))?;
    audit::append(
        &tx,
        act,
        None,
        Action::AuditExported,
        json!({
            "from": from.to_string(),
            "to": to.to_string(),
            "events": export.events.len(),
            "chain_intact": export.verification.first_broken.is_none(),
            "pdf_sha256": sha256_hex(&pdf),
        }),
    )?;
    tx.commit().map_err(StoreError::from)?;
    Ok(Exported { export, pdf })
}

/// The Swedish verdict on the chain, as printed and as the CLI says it.
pub fn verdict_sv(v: &Verification) -> String {
    let checked = if v.events == 1 {
        "1 händelse kontrollerad".to_string()
    } else {
        format!("{} händelser kontrollerade", v.events)
    };
    let verdict = match &v.first_broken {
        None => format!("hel ({checked})"),
        Some(b) => format!(
            "BRUTEN vid händelse {} ({}); {checked}",
            b.event_id, b.reason
        ),
    };
    match &v.resigned_from_unkeyed {
        None => verdict,
        Some(r) => format!(
            "{verdict}. OBS: händelse 1–{} signerades om från en okrypterad logg vid händelse {} \
             och bevisar bara att de är oförändrade sedan dess",
            r.last_event, r.sealed_by_event
        ),
    }
}

fn sheet(e: &AuditExport) -> Sheet {
    let head = PeriodSheet {
        title: "Granskningslogg",
        organisation: e.organisation.as_deref(),
        unit: e.unit.as_deref(),
        from: e.from,
        to: e.to,
        created: e.exported_at,
    };
    let mut facts = vec![
        ("Period".to_string(), head.label()),
        ("Antal händelser".to_string(), e.events.len().to_string()),
        ("Kedjan".to_string(), verdict_sv(&e.verification)),
    ];
    if let Some((id, mac)) = &e.chain_head {
        facts.push(("Sista händelse".to_string(), format!("{id}, MAC {mac}")));
    }
    facts.push((
        "Utskriven".to_string(),
        format!("{} av {}", local_time(&e.exported_at), e.exported_by),
    ));
    let rows = e
        .events
        .iter()
        .map(|ev| {
            vec![
                ev.id.to_string(),
                local_time(&ev.at),
                ev.user.clone(),
                object(ev),
                ev.action.clone(),
                details_text(&ev.details),
                short(&ev.hash),
            ]
        })
        .collect();
    let table = Table {
        columns: vec![
            ("Nr".to_string(), 0.5),
            ("Tid".to_string(), 1.4),
            ("Användare".to_string(), 1.2),
            ("Objekt".to_string(), 0.6),
            ("Händelse".to_string(), 1.4),
            ("Uppgifter".to_string(), 3.4),
            ("MAC (början)".to_string(), 1.3),
        ],
        rows,
    };
    let empty = e
        .events
        .is_empty()
        .then_some("Inga händelser under perioden.");
    head.sheet(facts, table, empty)
}

/// What the event is about: its item, or the items an import stored ("1–28"), or nothing.
fn object(ev: &AuditEvent) -> String {
    match (ev.item_id, ev.imported_items()) {
        (Some(id), _) => id.to_string(),
        (None, Some(ids)) if ids.start() == ids.end() => ids.start().to_string(),
        (None, Some(ids)) => format!("{}–{}", ids.start(), ids.end()),
        (None, None) => String::new(),
    }
}

/// `key: value` lines; long hashes shortened (the JSON export has them in full).
fn details_text(details: &serde_json::Value) -> String {
    let Some(map) = details.as_object() else {
        return details.to_string();
    };
    map.iter()
        .map(|(k, v)| {
            let value = match v {
                serde_json::Value::String(s) if s.len() > 40 && !s.contains(' ') => short(s),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!("{k}: {value}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn short(hash: &str) -> String {
    match hash.get(..16) {
        Some(head) if hash.len() > 16 => format!("{head}…"),
        _ => hash.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_counts_in_swedish_singular_and_plural() {
        let v = |events| Verification {
            events,
            first_broken: None,
            resigned_from_unkeyed: None,
        };
        assert_eq!(verdict_sv(&v(1)), "hel (1 händelse kontrollerad)");
        assert_eq!(verdict_sv(&v(3)), "hel (3 händelser kontrollerade)");
    }
}
