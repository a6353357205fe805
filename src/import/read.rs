//! The entry points: [`parse_file`] and [`parse_file_with`] refuse an oversized file before
//! reading it, hash the whole file, sniff its first bytes for the format and hand a
//! [`FileCtx`] to one format reader; and what they take and give (limits, options, the
//! summary of one file).

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::common::Notes;
use super::hashing::reset_bytes_read;
use super::{
    FileCtx, Format, HashingReader, ImportError, OtherFormat, Problem, detect, eml, ios, mbox, msg,
    outlook, screenshot, sms_csv, sms_ie, sms_xml,
};
use crate::model::NewItem;
#[cfg(doc)]
use crate::model::SourceRef;

/// Bounds that keep hostile input from exhausting memory.
#[derive(Debug, Clone)]
pub struct ImportLimits {
    /// Files larger than this are refused before they are read.
    pub max_file_bytes: u64,
    /// Images with more pixels than this are refused before they are decoded.
    pub max_image_pixels: u64,
}

impl Default for ImportLimits {
    fn default() -> Self {
        ImportLimits {
            max_file_bytes: 512 * 1024 * 1024,
            max_image_pixels: 100_000_000,
        }
    }
}

/// What one file gave.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ParsedFile {
    /// The detected format.
    pub format: Format,
    /// SHA-256 of the whole file.
    pub file_sha256: String,
    /// Human-readable (Swedish) notes on parts that were skipped, e.g. "sms 4: tomt meddelande".
    pub skipped: Vec<String>,
    /// How many messages the file holds and how many of them were skipped with a reason.
    pub count: SourceCount,
}

/// The messages of one source file as the reader found them. Every message is either handed on
/// as an item or skipped with a note in [`ParsedFile::skipped`], so
/// `messages == items handed on + skipped`: a message can only go missing with a reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SourceCount {
    /// Messages found in the file (SMS and MMS, e-mails, database rows, pictures).
    pub messages: usize,
    /// Of these, left out with a reason (a draft, an empty message, the one cut off by a
    /// truncation).
    pub skipped: usize,
    /// Of these, left out because the caseworker chose others (set by
    /// [`select::parse_selected`](super::select::parse_selected); 0 from [`parse_file`]).
    pub not_selected: usize,
    /// Of these, left out of a conversation because an earlier import stored them (set by
    /// [`select::parse_selected_noting`](super::select::parse_selected_noting)): duplicates
    /// that no item of this import stands for.
    pub known: usize,
}

/// Choices the caseworker makes about reading a file, beyond what to select from it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Import what can be saved from a truncated export (an SMS backup cut off mid-file, an
    /// NDJSON export with a broken last line, an mbox cut mid-message): the complete messages
    /// before the break, each with the truncation noted in its chain of custody. Off by default,
    /// when a truncated file is refused: half a conversation must not look like the whole.
    pub salvage: bool,
}

/// How many leading bytes format detection looks at.
const HEAD_BYTES: usize = 8 * 1024;

/// Parses one file and hands each item to `on_item`.
///
/// The format comes from the content, never the extension: a caseworker's "hyresavi.png" may be
/// anything. The file is hashed first (refused unread if larger than the limit), then parsed;
/// on any error — including one found after items were handed over, like a truncated XML file —
/// this returns `Err` so the caller can roll back everything from this file.
pub fn parse_file(
    path: &Path,
    limits: &ImportLimits,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<ParsedFile, ImportError> {
    parse_file_with(path, limits, ParseOptions::default(), on_item)
}

/// [`parse_file`] with the caseworker's [`ParseOptions`].
///
/// With `salvage`, a file is first read without handing anything on, to learn whether it is
/// truncated; only then are its items handed on, each carrying the truncation in its
/// [`SourceRef::notes`] when it is. Two passes cost twice the time, but only for a file the
/// caseworker already knows to be damaged.
pub fn parse_file_with(
    path: &Path,
    limits: &ImportLimits,
    options: ParseOptions,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<ParsedFile, ImportError> {
    if !options.salvage {
        return counted(path, limits, false, on_item);
    }
    let truncation = match counted(path, limits, false, &mut |_| Ok(())) {
        Ok(_) => return counted(path, limits, false, on_item),
        Err(e) => match e.truncation_sv() {
            Some(note) => note,
            None => return Err(e),
        },
    };
    let mut parsed = counted(path, limits, true, &mut |mut item: NewItem| {
        item.source.notes.push(truncation.clone());
        on_item(item)
    })?;
    // The summary says it too, also when the cut fell between two messages.
    parsed.skipped.insert(0, truncation);
    Ok(parsed)
}

/// Reads the file, counting the items handed on for [`ParsedFile::count`].
fn counted(
    path: &Path,
    limits: &ImportLimits,
    salvage: bool,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<ParsedFile, ImportError> {
    let mut items = 0usize;
    let (format, file_sha256, notes) = read_file(path, limits, salvage, &mut |item| {
        items += 1;
        on_item(item)
    })?;
    let skipped = notes.skipped_messages();
    Ok(ParsedFile {
        format,
        file_sha256,
        skipped: notes.into_lines(),
        count: SourceCount {
            messages: items + skipped,
            skipped,
            not_selected: 0,
            known: 0,
        },
    })
}

/// Hashes, detects and reads one file (or an iPhone backup folder): the format, the file's
/// hash and the reader's notes.
fn read_file(
    path: &Path,
    limits: &ImportLimits,
    salvage: bool,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<(Format, String, Notes), ImportError> {
    let io_err = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if meta.is_dir() && path.join("Manifest.db").is_file() {
        // An iPhone backup folder: the one kind of folder inkom reads.
        return ios::parse_backup(path, limits, on_item);
    }
    if !meta.is_file() {
        return Err(ImportError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > limits.max_file_bytes {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: limits.max_file_bytes,
        });
    }
    let abs = std::path::absolute(path).map_err(io_err)?;

    // Hash the whole file, keeping its first bytes for detection.
    let file = File::open(path).map_err(io_err)?;
    let mut reader = HashingReader::new(file.take(limits.max_file_bytes.saturating_add(1)));
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut reader)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io_err)?;
    let (sha256, size) = reader.finish().map_err(io_err)?;
    if size > limits.max_file_bytes {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: limits.max_file_bytes,
        });
    }
    if size == 0 || (size == head.len() as u64 && head.iter().all(u8::is_ascii_whitespace)) {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }

    reset_bytes_read();
    let ctx = FileCtx {
        path,
        abs_path: crate::path_text::to_text(&abs),
        sha256,
        size,
        mtime: meta.modified().ok(),
        limits,
        salvage,
    };

    let format = match detect::sniff(&head) {
        detect::Sniffed::Format(f) => f,
        detect::Sniffed::Other(Some(OtherFormat::Heif)) => {
            // The pixels need a libheif newer than Debian 12 has; the capture time is still
            // read, so the caseworker knows which picture to convert.
            return Err(ImportError::Heic {
                path: path.to_path_buf(),
                taken: screenshot::exif_capture_time(&ctx.read_all()?),
            });
        }
        detect::Sniffed::Other(None) if ios::is_backup_sms_db(path) => {
            // The iPhone's message database by its name in a backup, and no SQLite: the
            // backup is encrypted, and the caseworker was looking for the right file.
            return Err(ImportError::Invalid {
                path: path.to_path_buf(),
                format: Format::IosBackup,
                at: String::new(),
                problem: Problem::BackupEncrypted,
            });
        }
        detect::Sniffed::Other(other) => return Err(ctx.unsupported(other)),
    };
    let (format, notes) = match format {
        Format::Mbox => mbox::parse(&ctx, on_item)?,
        other => (other, parse_single(&ctx, other, on_item)?),
    };
    Ok((format, ctx.sha256, notes))
}

/// Dispatches a file whose format is final once detected.
fn parse_single(
    ctx: &FileCtx<'_>,
    format: Format,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<Notes, ImportError> {
    Ok(match format {
        Format::SmsBackupRestoreXml => sms_xml::parse(ctx, on_item)?,
        Format::Eml => {
            let bytes = ctx.read_all()?;
            eml::parse(ctx, &bytes, on_item)?.into()
        }
        Format::Png | Format::Jpeg | Format::WebP => {
            let bytes = ctx.read_all()?;
            screenshot::parse(ctx, bytes, format, on_item)?.into()
        }
        Format::Msg => {
            // The compound-file magic alone also fits Word and Excel files; whether the root
            // holds message properties is only known from the whole file.
            let bytes = ctx.read_all()?;
            if !msg::is_msg(&bytes) {
                return Err(ctx.unsupported(Some(OtherFormat::OleCompound)));
            }
            outlook::parse(ctx, &bytes, on_item)?.into()
        }
        Format::Tnef => {
            let bytes = ctx.read_all()?;
            outlook::parse_winmail(ctx, &bytes, on_item)?.into()
        }
        Format::Mbox => mbox::parse(ctx, on_item)?.1,
        Format::SmsIeZip => sms_ie::parse_zip(ctx, on_item)?,
        Format::SmsIeNdjson => sms_ie::parse_ndjson(ctx, on_item)?,
        Format::IosSmsDb => ios::parse_db(ctx, on_item)?,
        Format::SmsCsv => sms_csv::parse(ctx, on_item)?,
        // Reached only through a directory, handled in parse_file.
        Format::IosBackup => return Err(ctx.unsupported(None)),
    })
}
