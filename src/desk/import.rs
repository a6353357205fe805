//! Import from the app: look first ([`preview`], stores nothing), then import what was chosen
//! with progress and cancel ([`import`]). Paths come from the native dialog or a drop on the
//! window; the front end never reads files.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;

use super::session::act;
use super::views::{
    ErrorView, ImportPreviewView, ImportProgressView, ImportSelection, ImportSummary,
    PreviewFileView, PreviewThreadView, RejectedFile, SourceSummary,
};
use super::{DeskError, DeskResult};
use crate::import::select::{self, Selection};
use crate::import::{ImportError, ImportLimits, ParseOptions};
use crate::lifecycle::{self, LifecycleError};
use crate::store::Store;
use crate::store::known::Before;

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What each file holds (conversations, counts, dates, and how many of each conversation's
/// messages are in the store already), without storing anything. A file the core refuses as
/// truncated is looked at once more in salvage mode, and the preview offers salvage with what
/// it would import.
pub fn preview(store: &Store, paths: &[PathBuf]) -> ImportPreviewView {
    let limits = ImportLimits::default();
    let conn = store.conn();
    // What is in inkom already is advice for choosing (the import itself checks again): a
    // store that cannot say shows every message as new. A store without SMS asks nothing.
    let before = Before::look(conn)
        .inspect_err(|e| {
            tracing::warn!("import preview: the store could not say what it holds: {e}")
        })
        .ok()
        .filter(Before::holds_any);
    let look = |path: &Path, options: ParseOptions| {
        select::preview_knowing(path, &limits, options, &mut |item| match &before {
            Some(before) => before
                .holds_message(conn, item)
                .map_err(|e| ImportError::Sink(Box::new(e))),
            None => Ok(false),
        })
    };
    let files = paths
        .iter()
        .map(|path| match look(path, ParseOptions::default()) {
            Ok(p) => file_view(path, &p),
            Err(e) => {
                let salvage = ParseOptions { salvage: true };
                match e.is_truncated().then(|| look(path, salvage)) {
                    Some(Ok(p)) if !p.messages.is_empty() => PreviewFileView {
                        error: Some(ErrorView {
                            code: "truncated".to_string(),
                            message: truncated_sv(path, p.messages.len()),
                        }),
                        truncated: true,
                        ..file_view(path, &p)
                    },
                    _ => PreviewFileView {
                        path: crate::path_text::to_text(path),
                        format: String::new(),
                        messages: 0,
                        threads: Vec::new(),
                        error: Some(ErrorView {
                            code: "import_failed".to_string(),
                            // Cut off before its first complete message: nothing to salvage.
                            message: if e.is_truncated() {
                                format!(
                                    "Filen {} är avkortad före sitt första fullständiga \
                                     meddelande. Exportera eller kopiera den på nytt.",
                                    file_name(path)
                                )
                            } else {
                                e.sv()
                            },
                        }),
                        truncated: false,
                    },
                }
            }
        })
        .collect();
    ImportPreviewView {
        files,
        ocr_available: crate::import::ocr::available(),
    }
}

fn file_view(path: &Path, p: &select::Preview) -> PreviewFileView {
    PreviewFileView {
        path: crate::path_text::to_text(path),
        format: p.format.sv().to_string(),
        messages: count(p.messages.len()),
        threads: p
            .threads
            .iter()
            .map(|t| PreviewThreadView {
                key: t.key.clone(),
                counterpart: t.counterpart.clone(),
                count: count(t.count),
                known: count(t.known.unwrap_or(0)),
                first: t.first.to_rfc3339(),
                last: t.last.to_rfc3339(),
            })
            .collect(),
        error: None,
        truncated: false,
    }
}

/// The preview's word on a truncated file, pointing to the box in the dialog (the core's
/// message names the command-line flag instead).
fn truncated_sv(path: &Path, complete: usize) -> String {
    let name = file_name(path);
    let messages = if complete == 1 {
        "det fullständiga meddelandet".to_string()
    } else {
        format!("de {complete} fullständiga meddelandena")
    };
    format!(
        "Filen {name} är avkortad: den tar slut mitt i ett meddelande. Exportera eller kopiera \
         den på nytt om du kan. Annars kan {messages} före avbrottet importeras: kryssa i \
         Räddningsläge nedan. Varje handling får en anteckning om att källfilen var avkortad."
    )
}

fn day(text: &Option<String>) -> DeskResult<Option<NaiveDate>> {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                DeskError::invalid(
                    "date is not YYYY-MM-DD",
                    format!("Datumet {t:?} går inte att läsa. Skriv det som ÅÅÅÅ-MM-DD."),
                )
            }),
    }
}

/// The core selections for the app's choice: one per chosen conversation (the core picks one
/// thread at a time), or one for everything. The thread keys apply to every file, so the picker
/// offers them for one SMS export at a time.
fn selections(choice: &ImportSelection) -> DeskResult<Vec<Selection>> {
    let (from, to) = (day(&choice.from)?, day(&choice.to)?);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        return Err(DeskError::invalid(
            "to before from",
            "Slutdatumet är före startdatumet. Rätta datumintervallet.",
        ));
    }
    let base = Selection {
        thread: None,
        from,
        to,
        ids: None,
        per_message: choice.per_message,
        ocr: choice.ocr,
        salvage: choice.salvage,
    };
    Ok(match &choice.threads {
        None => vec![base],
        Some(keys) => keys
            .iter()
            .map(|k| Selection {
                thread: Some(k.clone()),
                ..base.clone()
            })
            .collect(),
    })
}

/// Imports the chosen files (each file, and each chosen conversation of it, one transaction).
/// `on_progress` gets the figures for the progress bar; when `cancel` is set the file being
/// read is rolled back, the files before it stay, and the summary says `cancelled`.
pub fn import(
    store: &mut Store,
    paths: &[PathBuf],
    choice: &ImportSelection,
    on_progress: &mut dyn FnMut(ImportProgressView),
    cancel: &AtomicBool,
) -> DeskResult<ImportSummary> {
    let selections = selections(choice)?;
    let act = act(store.conn())?;
    let limits = ImportLimits::default();
    let mut summary = ImportSummary::default();
    let files = count(paths.len());
    for (index, path) in paths.iter().enumerate() {
        let mut source: Option<(lifecycle::FileImport, crate::import::Tally)> = None;
        for selection in &selections {
            let mut progress = |p: lifecycle::ImportProgress| {
                on_progress(ImportProgressView {
                    file_index: count(index),
                    files,
                    items: count(p.items),
                    bytes: p.bytes as f64,
                    total_bytes: p.total as f64,
                });
            };
            match lifecycle::import_file_cancellable(
                store,
                path,
                &limits,
                selection,
                &act,
                &mut progress,
                cancel,
            ) {
                Ok(r) => {
                    summary.imported += count(r.created.len());
                    summary.created.extend(r.created.iter().copied());
                    summary.duplicates += count(r.duplicates.len());
                    match &mut source {
                        Some((_, tally)) => tally.merge_selection(&r.tally),
                        None => {
                            let tally = r.tally;
                            source = Some((r, tally));
                        }
                    }
                }
                Err(LifecycleError::Cancelled) => {
                    summary.cancelled = true;
                    return Ok(summary);
                }
                Err(e) => {
                    summary.rejected.push(rejected(path, &e));
                    break;
                }
            }
        }
        if let Some((r, tally)) = source {
            summary.sources.push(source_summary(&r, &tally));
        }
    }
    Ok(summary)
}

fn source_summary(r: &lifecycle::FileImport, t: &crate::import::Tally) -> SourceSummary {
    SourceSummary {
        path: crate::path_text::to_text(&r.path),
        format: r.format.sv().to_string(),
        messages: count(t.messages),
        imported: count(t.imported),
        duplicates: count(t.duplicates),
        not_selected: count(t.not_selected),
        skipped: count(t.skipped),
        unaccounted: count(t.unaccounted()),
        account: t.sv(),
        notes: crate::import::summary::collapsed_notes(&r.skipped),
    }
}

fn rejected(path: &Path, e: &LifecycleError) -> RejectedFile {
    tracing::warn!(code = e.code(), "import refused: {e}");
    let message = match e {
        // The core's words name the command-line flag; the app names its box.
        LifecycleError::Import { source, .. } if source.is_truncated() => format!(
            "Filen {} är avkortad och importerades inte. Vill du ta med de fullständiga \
             meddelandena före avbrottet: importera den igen och kryssa i Räddningsläge.",
            file_name(path)
        ),
        _ => e.sv(),
    };
    RejectedFile {
        path: crate::path_text::to_text(path),
        message,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| crate::path_text::display(Path::new(n)))
        .unwrap_or_else(|| crate::path_text::display(path))
}
