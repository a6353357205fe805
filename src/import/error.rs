//! [`ImportError`]: why a file could not be imported, in English for logs (`Display`) and in
//! Swedish for the caseworker ([`ImportError::sv`]). Errors name the file and a position made
//! by inkom, never message content: they end up in logs and on screen where content must not.

use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

#[cfg(doc)]
use super::ImportLimits;
use super::{EmailProblem, Format, OtherFormat, Problem, XmlProblem};

/// Why a file could not be imported. Every variant names the file; none carries message
/// content, because errors are logged and shown where the content must not be.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The caller's sink refused an item (e.g. a database error).
    #[error("storing item failed: {0}")]
    Sink(Box<dyn std::error::Error + Send + Sync>),
    /// Reading the file failed.
    #[error("{}: cannot read file: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The path is a directory or device, not a file.
    #[error("{}: not a regular file", path.display())]
    NotAFile {
        /// The path given.
        path: PathBuf,
    },
    /// The file is larger than [`ImportLimits::max_file_bytes`]; refused before reading.
    #[error("{}: file is {size} bytes, the limit is {limit} bytes", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size (or the bytes read when it grew while being read).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is empty (or only whitespace).
    #[error("{}: file is empty", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// A HEIC/HEIF photo: its pixels cannot be decoded here, its EXIF capture time can.
    #[error("{}: HEIC picture, pixels not decodable here (convert to JPEG or PNG)", path.display())]
    Heic {
        /// The file.
        path: PathBuf,
        /// EXIF capture time, when the file has one.
        taken: Option<DateTime<FixedOffset>>,
    },
    /// The content is not a format inkom imports.
    #[error("{}: unsupported format{}", path.display(),
        detected.map(|d| format!(" ({})", d.en())).unwrap_or_default())]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What the file seems to be, when that is known.
        detected: Option<OtherFormat>,
    },
    /// The file's content changed between hashing and parsing; the hash would not describe
    /// what was imported.
    #[error("{}: file changed while it was being imported", path.display())]
    Changed {
        /// The file.
        path: PathBuf,
    },
    /// Malformed XML.
    #[error("{}: XML error at byte {position}{}: {}", path.display(), line_suffix_en(*line),
        reason.en())]
    Xml {
        /// The file.
        path: PathBuf,
        /// Byte offset where the problem was found.
        position: u64,
        /// 1-based line of `position`, 0 when unknown.
        line: u64,
        /// What was wrong.
        reason: XmlProblem,
    },
    /// The file ends before its root element is closed: an interrupted copy or export.
    #[error("{}: truncated: input ends at byte {position}{} before the document is complete",
        path.display(), line_suffix_en(*line))]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Byte offset where the input ended inside the document.
        position: u64,
        /// 1-based line of `position`, 0 when unknown.
        line: u64,
    },
    /// An e-mail file that looked like one but could not be read.
    #[error("{}: e-mail error: {}", path.display(), reason.en())]
    Email {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        reason: EmailProblem,
    },
    /// A file of a recognised format whose content is damaged or not as the format requires.
    #[error("{}: {}{}: {}", path.display(), format.en(),
        if at.is_empty() { String::new() } else { format!(" at {at}") }, problem.en())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The format it was read as.
        format: Format,
        /// Where: a position made by inkom ("rad 4", "meddelande 2", "byte 512"), never
        /// content; empty when the whole file is meant.
        at: String,
        /// What was wrong.
        problem: Problem,
    },
    /// A picture that does not decode.
    #[error("{}: image error: {reason}", path.display())]
    Image {
        /// The file.
        path: PathBuf,
        /// The decoder's (English) explanation; it names no content.
        reason: String,
    },
    /// A picture whose header declares more pixels than [`ImportLimits::max_image_pixels`];
    /// refused before decoding so a 30000×30000 header cannot claim gigabytes.
    #[error("{}: image is {width}×{height} pixels, the limit is {limit} pixels", path.display())]
    TooManyPixels {
        /// The file.
        path: PathBuf,
        /// Declared width.
        width: u32,
        /// Declared height.
        height: u32,
        /// The limit in pixels.
        limit: u64,
    },
}

/// " (line 12)" after a byte position in an English message; nothing when the line is unknown.
fn line_suffix_en(line: u64) -> String {
    if line > 0 {
        format!(" (line {line})")
    } else {
        String::new()
    }
}

/// The file's own name, not its whole path: the folders may name the client. Bytes that are
/// not UTF-8 are shown as `\xHH`, so the name is the file's, not a look-alike's.
fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| crate::path_text::display(Path::new(n)))
        .unwrap_or_else(|| crate::path_text::display(path))
}

/// What went wrong reading, in the few words a caseworker can act on.
fn io_kind_sv(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::NotFound => "filen finns inte",
        io::ErrorKind::PermissionDenied => "behörighet saknas",
        io::ErrorKind::UnexpectedEof => "filen tog slut oväntat",
        _ => "läsfel",
    }
}

/// A file size as a Swedish user reads it ("1,5 MB", "12 kB").
fn size_sv(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.1} MB", bytes as f64 / MIB as f64).replace('.', ",")
    } else if bytes >= 1024 {
        format!("{} kB", bytes / 1024)
    } else {
        format!("{bytes} byte")
    }
}

impl ImportError {
    /// The file is cut off (a truncated export), so salvage could import its complete part:
    /// the app's preview offers salvage on this refusal only.
    pub fn is_truncated(&self) -> bool {
        self.truncation_sv().is_some()
    }

    /// For a truncated file, the note every salvaged item carries (Swedish, no content): where
    /// the file breaks off and that only the complete messages before it were taken. It is
    /// part of the chain of custody that the app, the CLI and the printed sheet all show, so
    /// it names the mode, not the CLI flag that chose it (issue 18).
    pub(super) fn truncation_sv(&self) -> Option<String> {
        let at = match self {
            ImportError::Truncated { position, line, .. } => position_sv(*position, *line),
            ImportError::Invalid {
                at,
                problem: Problem::Truncated,
                ..
            } => at.clone(),
            _ => return None,
        };
        Some(format!(
            "källfilen är avkortad ({at}); importerad i räddningsläge: bara de \
             fullständiga meddelandena före avbrottet togs med, det som följde saknas"
        ))
    }

    /// The message for a Swedish user.
    pub fn sv(&self) -> String {
        match self {
            ImportError::Sink(_) => "Det gick inte att spara meddelandet.".to_string(),
            ImportError::Io { path, source } => {
                format!(
                    "Filen {} kunde inte läsas ({}).",
                    file_label(path),
                    io_kind_sv(source)
                )
            }
            ImportError::NotAFile { path } => {
                format!("{} är inte en fil (utan t.ex. en mapp).", file_label(path))
            }
            ImportError::TooLarge { path, size, limit } => format!(
                "Filen {} är för stor ({}); största tillåtna storlek är {}.",
                file_label(path),
                size_sv(*size),
                size_sv(*limit)
            ),
            ImportError::Empty { path } => format!("Filen {} är tom.", file_label(path)),
            ImportError::Heic { path, taken } => format!(
                "{}{} är en HEIC-bild, som inkom inte kan visa. Konvertera den till JPEG eller \
                 PNG (på iPhone: Inställningar › Kamera › Format › Mest kompatibelt) och \
                 importera igen.",
                file_label(path),
                taken
                    .map(|t| format!(" (tagen {})", crate::model::local_time(&t)))
                    .unwrap_or_default()
            ),
            ImportError::Unsupported {
                path,
                detected: None,
            } => {
                format!("Formatet stöds inte: {}", file_label(path))
            }
            ImportError::Unsupported {
                path,
                detected: Some(d),
            } => {
                format!("Formatet stöds inte: {} ({}).", file_label(path), d.sv())
            }
            ImportError::Changed { path } => format!(
                "Filen {} ändrades medan den importerades. Försök igen när den inte används.",
                file_label(path)
            ),
            ImportError::Xml {
                path,
                position,
                line,
                reason,
            } => format!(
                "Filen {} är inte giltig XML: {} ({}).",
                file_label(path),
                reason.sv(),
                position_sv(*position, *line)
            ),
            ImportError::Truncated {
                path,
                position,
                line,
            } => format!(
                "Filen {} är avkortad: XML-filen tar slut mitt i ett element ({}). \
                 Exportera eller kopiera den på nytt. Går det inte kan de fullständiga \
                 meddelandena före avbrottet importeras i räddningsläge (--salvage).",
                file_label(path),
                position_sv(*position, *line)
            ),
            ImportError::Email { path, reason } => {
                format!(
                    "E-postfilen {} kunde inte läsas: {}.",
                    file_label(path),
                    reason.sv()
                )
            }
            ImportError::Invalid {
                path,
                format,
                at,
                problem,
            } => {
                let at = if at.is_empty() {
                    String::new()
                } else {
                    format!(" ({at})")
                };
                format!(
                    "Filen {} ({}) kunde inte importeras: {}{at}.",
                    file_label(path),
                    format.sv(),
                    problem.sv()
                )
            }
            ImportError::Image { path, .. } => format!(
                "Filen {} är inte en bild som stöds (PNG, JPEG eller WebP), eller så är bilden \
                 skadad.",
                file_label(path)
            ),
            ImportError::TooManyPixels {
                path,
                width,
                height,
                limit,
            } => format!(
                "Bilden {} är för stor ({width} × {height} bildpunkter); största tillåtna är {} \
                 bildpunkter.",
                file_label(path),
                pixels_sv(*limit)
            ),
        }
    }
}

/// "100 miljoner" for the default limit, the plain number for small ones.
fn pixels_sv(pixels: u64) -> String {
    if pixels >= 1_000_000 && pixels.is_multiple_of(1_000_000) {
        format!("{} miljoner", pixels / 1_000_000)
    } else {
        pixels.to_string()
    }
}

/// Where in the file: the line when it is known, else the byte.
fn position_sv(position: u64, line: u64) -> String {
    if line > 0 {
        format!("rad {line}")
    } else {
        format!("byte {position}")
    }
}
