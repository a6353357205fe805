//! `inkom import`: a preview that stores nothing, or the import of files with a progress bar on
//! a terminal. Kept apart because it is the one command that works file by file: a rejected file
//! is reported and the others still go in, and the exit code says whether any was rejected.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use serde::Serialize;
use serde_json::json;

use inkom::import::select::{self, Preview, Selection};
use inkom::import::{ImportLimits, ParseOptions};
use inkom::lifecycle::{self, FileImport};
use inkom::model::local_time;
use inkom::path_text;
use inkom::store::Store;
use inkom::terminal;

use super::args::ImportArgs;
use super::failure::{Failure, invalid};
use super::open::{self, act};
use super::print::{count_sv, id_ranges, print_json, say, truncate};

/// The messages to import, from `--thread`, `--from`, `--to`, `--ids` and the other flags.
fn selection(args: &ImportArgs) -> Result<Selection, Failure> {
    let ids = match &args.ids {
        Some(list) => Some(Selection::parse_ids(list).ok_or_else(|| {
            invalid(
                format!("Ogiltig lista för --ids: {list:?}. Skriv t.ex. 1,3,7-9."),
                "invalid --ids",
            )
        })?),
        None => None,
    };
    if let (Some(f), Some(t)) = (args.from, args.to)
        && t < f
    {
        return Err(invalid("--to är före --from.", "--to before --from"));
    }
    Ok(Selection {
        thread: args.thread.clone(),
        from: args.from,
        to: args.to,
        ids,
        per_message: args.per_message,
        ocr: args.ocr,
        salvage: args.salvage,
    })
}

/// `inkom import --preview`: lists what each file holds and stores nothing, not even a new
/// store; exit code 1 when a file was rejected.
pub(super) fn preview(files: &[PathBuf], salvage: bool, json: bool) -> Result<ExitCode, Failure> {
    let limits = ImportLimits::default();
    let mut previews = Vec::new();
    let mut rejected = Rejected::default();
    for file in files {
        match select::preview_with(file, &limits, ParseOptions { salvage }) {
            Ok(p) => {
                if !json {
                    print_preview(file, &p);
                    // The JSON value (a map per message) is built only when asked for: text
                    // mode never used it (issue 15: the preview's memory).
                    continue;
                }
                previews.push(FilePreview {
                    path: path_text::to_text(file),
                    preview: p,
                });
            }
            Err(e) => {
                let f = Failure {
                    code: "import_failed",
                    message: e.sv(),
                    detail: e.to_string(),
                };
                rejected.add(file, f, json);
            }
        }
    }
    rejected.finish("previews", &previews, json)
}

/// One file's preview in `--json`: serialised straight from the parsed preview, not through
/// a `serde_json::Value` (a map per message, several times the memory).
#[derive(Serialize)]
struct FilePreview {
    path: String,
    preview: Preview,
}

/// One file's preview as text: its conversations, then its numbered messages.
fn print_preview(file: &Path, p: &Preview) {
    say!(
        "{} ({}): {} meddelanden. Inget har sparats.",
        terminal::line(&path_text::display(file)),
        p.format.sv(),
        p.messages.len()
    );
    if !p.threads.is_empty() {
        say!(
            "\n{:<28} {:<32} {:>6}  {:<19}  sista",
            "--thread",
            "motpart",
            "antal",
            "första"
        );
        for t in &p.threads {
            say!(
                "{:<28} {:<32} {:>6}  {:<19}  {}",
                t.key,
                truncate(&terminal::line(&t.counterpart), 32),
                t.count,
                local_time(&t.first),
                local_time(&t.last)
            );
        }
    }
    say!(
        "\n{:>5}  {:<19}  {:<9} {:<40} ämne",
        "nr",
        "tid",
        "riktning",
        "motpart"
    );
    for m in &p.messages {
        say!(
            "{:>5}  {:<19}  {:<9} {:<40} {}",
            m.n,
            local_time(&m.at),
            m.direction.sv(),
            truncate(&terminal::line(&m.counterpart), 40),
            terminal::line(m.subject.as_deref().unwrap_or(""))
        );
    }
    // As the import says them: skipped messages and repairs alike, the same note once.
    for s in inkom::import::summary::collapsed_notes(&p.skipped) {
        say!("  anmärkning: {}", terminal::line(&s));
    }
}

/// `inkom import`: opens the store while the first file is read already (with a passphrase,
/// deriving its key takes about 0.2 s; issue 15), then imports each file in turn.
pub(super) fn import_opening(
    data_dir: Option<PathBuf>,
    args: &ImportArgs,
    json: bool,
) -> Result<ExitCode, Failure> {
    let selection = selection(args)?;
    let dir = open::data_dir(data_dir)?;
    let limits = ImportLimits::default();
    let paths: Vec<PathBuf> = args.files.iter().map(|f| absolute(f)).collect();
    let never = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (addresses, coming) = std::sync::mpsc::channel();
        let first = paths
            .first()
            .map(|p| lifecycle::read_ahead(scope, p, &limits, &selection, coming, &never));
        // Returning early drops `first` and `addresses`: the parser stops at its next step.
        let mut store = open::open_store(&dir, json)?;
        if !json {
            open::tell_how_opened(&store);
        }
        // Sent only if the parser still waits for it (an e-mail); it may have finished.
        let _ = addresses.send(lifecycle::unit_addresses(&store)?);
        let ahead = first.map(|reading| (reading, &never));
        import(
            &mut store,
            &args.files,
            &paths,
            ahead,
            &selection,
            &limits,
            json,
        )
    })
}

/// The file as given, made absolute (the source path the items keep).
fn absolute(file: &Path) -> PathBuf {
    std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf())
}

/// Each file in turn (`given` as the user named them, `paths` made absolute; the first one's
/// parsing begun by `first`, with the flag its parser watches); a rejected file is named and
/// the others still go in.
fn import(
    store: &mut Store,
    given: &[PathBuf],
    paths: &[PathBuf],
    mut first: Option<(lifecycle::ReadAhead<'_>, &AtomicBool)>,
    selection: &Selection,
    limits: &ImportLimits,
    json: bool,
) -> Result<ExitCode, Failure> {
    let act = act(store)?;
    let mut imported: Vec<FileImport> = Vec::new();
    let mut rejected = Rejected::default();
    for (file, path) in given.iter().zip(paths) {
        let terminal = std::io::stderr().is_terminal() && !json;
        let mut progress = |p: lifecycle::ImportProgress| {
            if terminal {
                eprint!(
                    "\r{}",
                    progress_bar(&terminal::line(&display_name(file)), &p)
                );
            }
        };
        let result = match first.take() {
            Some((ahead, never)) => {
                lifecycle::import_read_ahead(store, ahead, &act, &mut progress, never)
            }
            None => lifecycle::import_file(store, path, limits, selection, &act, &mut progress),
        };
        if terminal {
            eprint!("\r\x1b[2K");
        }
        match result {
            Ok(r) => {
                if !json {
                    print_import(&r);
                }
                imported.push(r);
            }
            Err(e) => {
                let f = Failure::from(e);
                tracing::warn!(file = %display_name(file), "{}", f.detail);
                rejected.add(file, f, json);
            }
        }
    }
    rejected.finish("imported", &imported, json)
}

/// The files a preview or an import refused. Each is named on stderr when it is refused, the
/// others still go on; with `--json` they are listed beside what went well, and any of them
/// makes the exit code 1.
#[derive(Default)]
struct Rejected(Vec<serde_json::Value>);

impl Rejected {
    /// Records a refused file and, in text mode, says so on stderr at once.
    fn add(&mut self, file: &Path, f: Failure, json: bool) {
        if !json {
            eprintln!(
                "{}: avvisad: {}",
                terminal::line(&path_text::display(file)),
                terminal::line(&f.message)
            );
        }
        self.0
            .push(json!({ "path": path_text::to_text(file), "error": f }));
    }

    /// Prints the JSON document (`done_key`: what went well, `rejected`: the refused files)
    /// and gives the exit code.
    fn finish(
        self,
        done_key: &str,
        done: &impl Serialize,
        json: bool,
    ) -> Result<ExitCode, Failure> {
        if json {
            print_json(&Document {
                done_key,
                done,
                rejected: &self.0,
            })?;
        }
        Ok(if self.0.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        })
    }
}

/// The JSON document of `import` and `import --preview`: `{done_key: …, "rejected": […]}`,
/// serialised as it is written.
struct Document<'a, T> {
    done_key: &'a str,
    done: &'a T,
    rejected: &'a [serde_json::Value],
}

impl<T: Serialize> Serialize for Document<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry(self.done_key, self.done)?;
        map.serialize_entry("rejected", self.rejected)?;
        map.end()
    }
}

/// The file's own name, without its folder, for the progress bar and the log (bytes that are
/// not UTF-8 as `\xHH`).
fn display_name(p: &Path) -> String {
    p.file_name()
        .map(|n| path_text::display(Path::new(n)))
        .unwrap_or_default()
}

/// `namn.xml [########------------]  40 %  12000 meddelanden`, for stderr on a terminal.
fn progress_bar(name: &str, p: &lifecycle::ImportProgress) -> String {
    const WIDTH: u64 = 30;
    let done = (p.bytes * WIDTH)
        .checked_div(p.total)
        .unwrap_or(0)
        .min(WIDTH);
    let percent = (p.bytes * 100).checked_div(p.total).unwrap_or(0).min(100);
    format!(
        "{name} [{}{}] {percent:>3} %  {} meddelanden",
        "#".repeat(done as usize),
        "-".repeat((WIDTH - done) as usize),
        p.items
    )
}

/// One file's outcome as text: the new items, duplicates left out, the tally and every note.
fn print_import(r: &FileImport) {
    let mut line = format!("{}: ", terminal::line(&path_text::display(&r.path)));
    if r.created.is_empty() {
        line.push_str("inga nya objekt");
    } else {
        line.push_str(&format!(
            "{} (id {})",
            count_sv(r.created.len(), "nytt objekt", "nya objekt"),
            id_ranges(&r.created)
        ));
    }
    if !r.duplicates.is_empty() {
        let existing: Vec<i64> = r.duplicates.iter().map(|(_, id)| *id).collect();
        line.push_str(&format!(
            "; {} fanns redan och importerades inte igen (objekt {})",
            r.duplicates.len(),
            id_ranges(&existing)
        ));
    }
    say!("{line}.");
    say!("  {}.", r.tally.sv());
    // Skipped messages and repairs alike (a skipped message's note ends "hoppades över"), the
    // same note on many messages once.
    for s in inkom::import::summary::collapsed_notes(&r.skipped) {
        say!("  anmärkning: {}", terminal::line(&s));
    }
}
