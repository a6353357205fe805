//! Printable PDF documents: registration sheets (registreringsblad) and personakt printouts.
//!
//! The diarium is kept on paper, so what is printed here *is* the record: it must carry the
//! organisation, the designation and the page count on every page (pages get separated), keep
//! the message text exactly as received (line breaks included, nothing cut off at the margin),
//! and stay searchable and copyable as text. Output is A4 PDF/A-2b when the content allows it,
//! with fonts embedded in the binary so every PC prints the same.
//!
//! Inside: `layout` paginates, `text` shapes with parley and draws glyphs with krilla, `fonts`
//! holds the embedded Noto Sans (SIL OFL, `assets/fonts/OFL.txt`), `image` checks and places
//! pictures, `raster` renders the pages of attached PDFs to pictures (PDF/A forbids embedding
//! the PDFs themselves).

mod fidelity;
mod fonts;
mod image;
mod layout;
mod raster;
mod text;

pub use fidelity::{Unprintable, script_sv};
pub(crate) use image::{is_animated, picture_decodes, tiff_page_png, tiff_pages};
pub use raster::{PageImage, RasterError, RasterLimits, RasterPdf, page_count, rasterize};

use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::{Datelike, Timelike};
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::error::KrillaError;
use krilla::metadata::{DateTime, Metadata};
use krilla::{Document, SerializeSettings};

/// One printable document: everything [`render`] needs, already in the words that should be
/// printed (the PDF module makes no decisions about what is secret or what to show).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Large title on page 1 and in the footer of every page, e.g. "Registreringsblad".
    pub title: String,
    /// The authority, e.g. "Exempelby kommun"; in the header of every page.
    pub organisation: String,
    /// The unit within the authority, e.g. "Individ- och familjeomsorgen"; header of every page.
    pub unit: String,
    /// The registration's designation, e.g. "INK-2026-00007"; header of every page, so a loose
    /// page can be put back where it belongs.
    pub designation: String,
    /// Printed on every page under the organisation, e.g. "Amira Haddad, 19870521-2382" on a
    /// personakt printout, so each page lands in the right personal file.
    pub running_header: Option<String>,
    /// Label/value table under the title on page 1 (Inkom, Avsändare, Ärendemening, Klass …).
    pub facts: Vec<(String, String)>,
    /// Labels of facts whose (empty) value is drawn as an empty framed box to be filled in by
    /// hand, e.g. the diary number when inkom does not hold the unit's diary series.
    pub fill_in: Vec<String>,
    /// Secrecy marking, drawn in a framed box on every page: a warning that must not be missed
    /// on whichever page someone picks up.
    pub secrecy: Option<String>,
    /// The content, in order.
    pub blocks: Vec<Block>,
    /// A4 landscape instead of portrait (wide tables such as the diarielista).
    pub landscape: bool,
    /// Stored as the PDF's creation date. Passed in rather than read from the clock so the same
    /// input always gives the same bytes.
    pub created: chrono::DateTime<chrono::FixedOffset>,
}

/// A piece of content on a [`Sheet`].
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Bold section heading, e.g. "Innehåll", "Bilagor"; never left alone at a page bottom.
    Heading(String),
    /// A small bold line under a thin rule, introducing one message of a transcript (time,
    /// direction, number and name); never left alone at a page bottom.
    Subheading(String),
    /// Label/value rows, e.g. Från/Till/Datum/Ämne or the attachment list.
    Fields(Vec<(String, String)>),
    /// Message text: wrapped to the page width, every line break kept exactly (empty lines
    /// too), long words and URLs broken anywhere; may run over many pages.
    Text(String),
    /// A PNG or JPEG (screenshot, photo), scaled down to fit the page but never enlarged beyond
    /// its natural size at 96 dpi; EXIF orientation is honoured. The caption is printed below.
    Image {
        /// The encoded file, PNG or JPEG.
        bytes: Vec<u8>,
        /// Printed under the image, e.g. the file name and what it shows.
        caption: String,
    },
    /// A screenshot: like [`Block::Image`], but drawn at the full text width (or as large as
    /// the page height allows), enlarged if need be, because the picture *is* the document.
    Screenshot {
        /// The encoded file, PNG or JPEG.
        bytes: Vec<u8>,
        /// Printed under the image: file name, capture time …
        caption: String,
    },
    /// A picture sent with a message (an e-mail's image attachment, an MMS photo): drawn like
    /// [`Block::Image`] when it decodes, otherwise `unreadable` is printed in its place. The
    /// sender chose the file and its label, so a "PNG" that is not one must not stop the
    /// message's printout; it is named instead (the attachment list gives its checksum).
    AttachedImage {
        /// The encoded file as received.
        bytes: Vec<u8>,
        /// Printed under the image.
        caption: String,
        /// Printed instead of the image when it cannot be decoded.
        unreadable: String,
        /// Names the picture in [`Rendered::undrawn`] when it cannot be decoded (the caller's
        /// own key, e.g. the attachment's checksum).
        key: String,
    },
    /// A page of an attached PDF, rendered to a picture ([`rasterize`]): the caption (e.g.
    /// "Bilaga intyg.pdf, sida 2 av 5") is printed above it, the page is drawn in a thin frame,
    /// scaled down to fit the text area and never enlarged beyond its own size.
    AttachedPage {
        /// The rendered page.
        page: PageImage,
        /// Printed above the page.
        caption: String,
    },
    /// A table with a bold header row that is repeated at the top of every page the table
    /// runs over. Rows are never split across pages; cells wrap within their column.
    Table(Table),
}

/// A table for [`Block::Table`].
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column titles with their share of the text width (any positive numbers; they are
    /// scaled to the width).
    pub columns: Vec<(String, f32)>,
    /// The rows; a row with fewer cells than columns leaves the rest empty, extra cells are
    /// ignored.
    pub rows: Vec<Vec<String>>,
}

/// Why a PDF could not be produced. `Display` is English (logs); [`PdfError::sv`] is for users.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// An image block is not a readable PNG or JPEG: the user has to pick another file.
    #[error("image in block {number} ({caption:?}) cannot be used: {reason}")]
    Image {
        /// 1-based position of the block in [`Sheet::blocks`].
        number: usize,
        /// The block's caption, to tell the user which image it is.
        caption: String,
        /// What the decoder said.
        reason: String,
    },
    /// The embedded font could not be loaded: a broken build, not the user's fault.
    #[error("embedded font cannot be used: {0}")]
    Font(String),
    /// krilla refused to write the document.
    #[error("the PDF could not be written: {0}")]
    Write(String),
    /// A bug (a panic inside layout or PDF writing) caught so that the program survives it.
    #[error("internal error while creating the PDF: {0}")]
    Internal(String),
}

impl PdfError {
    /// The message to show a caseworker or registrar, in Swedish.
    pub fn sv(&self) -> String {
        match self {
            PdfError::Image {
                number, caption, ..
            } => {
                let name = if caption.trim().is_empty() {
                    format!("Bild nummer {number}")
                } else {
                    format!("Bilden ”{}”", caption.trim())
                };
                format!(
                    "{name} kan inte skrivas ut: filen är ingen läsbar PNG- eller JPEG-bild. \
                     Spara bilden på nytt eller ta en ny skärmdump och försök igen."
                )
            }
            PdfError::Font(_) => "Programmets inbyggda typsnitt kunde inte läsas. \
                                  Installera om programmet eller kontakta IT-supporten."
                .to_owned(),
            PdfError::Write(detail) => {
                format!("PDF-filen kunde inte skapas ({detail}). Kontakta IT-supporten.")
            }
            PdfError::Internal(_) => "Ett internt fel uppstod när PDF-filen skapades. \
                                      Försök igen, och kontakta IT-supporten om felet kvarstår."
                .to_owned(),
        }
    }
}

/// Renders a sheet to PDF bytes.
///
/// PDF/A-2b is tried first because these printouts are records; if krilla's validator rejects
/// the content (e.g. a CMYK JPEG without colour profile), the document is written as plain
/// PDF 1.7 instead and a warning is logged: a printout must never fail for archival niceties.
/// The same input always gives the same bytes. Never panics: a panic inside the libraries is
/// caught and returned as [`PdfError::Internal`].
///
/// # Errors
/// [`PdfError::Image`] for an image block that is not a complete PNG or JPEG; the other
/// variants only for broken builds or library bugs.
pub fn render(sheet: &Sheet) -> Result<Vec<u8>, PdfError> {
    render_checked(sheet).map(|rendered| rendered.pdf)
}

/// A rendered PDF with what it could not reproduce.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// Characters no font could draw; when not empty, page 1 says so in a framed box.
    pub unprintable: Unprintable,
    /// The keys of the [`Block::AttachedImage`]s that could not be decoded and were printed as
    /// their `unreadable` note: only drawing finds them, and what the printout lacks must be
    /// known without drawing again (the deletion gate).
    pub undrawn: Vec<String>,
}

/// Like [`render`], and also says which characters could not be drawn, so the caller can keep
/// the source of a printout that is not a faithful copy (the fidelity gate).
///
/// # Errors
/// As [`render`].
pub fn render_checked(sheet: &Sheet) -> Result<Rendered, PdfError> {
    let attempt = |archival: bool| {
        catch_unwind(AssertUnwindSafe(|| render_with(sheet, archival))).unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_owned());
            Err(Attempt::Failed(PdfError::Internal(message)))
        })
    };
    match attempt(true) {
        Ok(bytes) => Ok(bytes),
        Err(Attempt::NotArchival(problems)) => {
            tracing::warn!(
                designation = %sheet.designation,
                ?problems,
                "PDF/A-2b not possible for this content; writing plain PDF"
            );
            attempt(false).map_err(Attempt::into_error)
        }
        Err(Attempt::Failed(error)) => Err(error),
    }
}

/// Outcome of one rendering attempt.
enum Attempt {
    /// The PDF/A validator found these problems.
    NotArchival(Vec<String>),
    Failed(PdfError),
}

impl Attempt {
    fn into_error(self) -> PdfError {
        match self {
            Attempt::NotArchival(problems) => PdfError::Write(problems.join("; ")),
            Attempt::Failed(error) => error,
        }
    }
}

impl From<PdfError> for Attempt {
    fn from(error: PdfError) -> Self {
        Attempt::Failed(error)
    }
}

fn render_with(sheet: &Sheet, archival: bool) -> Result<Rendered, Attempt> {
    let mut pages = layout::Pages::layout(sheet)?;
    let unprintable = pages.unprintable.clone();
    let undrawn = pages.undrawn.clone();
    let mut configuration = ConfigurationBuilder::new();
    if archival {
        configuration = configuration.with_archival_validator(Archival::A2_B);
    }
    let configuration = configuration
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    document.set_metadata(metadata(sheet));
    pages.draw(&mut document)?;
    let pdf = document.finish().map_err(|error| match error {
        KrillaError::Validation(problems) => Attempt::NotArchival(
            problems
                .iter()
                .map(|(problem, _)| problem_kind(problem))
                .collect(),
        ),
        KrillaError::Font(_, message) => Attempt::Failed(PdfError::Font(message)),
        other => Attempt::Failed(PdfError::Write(other.to_string())),
    })?;
    Ok(Rendered {
        pdf,
        unprintable,
        undrawn,
    })
}

/// The kind of a PDF/A problem, without its details: some carry the text they are about
/// (`ContainsNotDefGlyph` holds the characters no font could draw), and the problems are
/// logged and end up in error details, which never hold content (issue 17).
fn problem_kind(problem: &krilla::configure::ValidationError) -> String {
    let debug = format!("{problem:?}");
    debug
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Document information. Deliberately holds nothing from the content: the title is the sheet
/// type and designation only, never a client's name.
fn metadata(sheet: &Sheet) -> Metadata {
    let created = sheet.created;
    let offset = created.offset().local_minus_utc();
    let offset_hours = i8::try_from(offset / 3600).unwrap_or(0);
    let offset_minutes = u8::try_from((offset.abs() % 3600) / 60).unwrap_or(0);
    let date = DateTime::new(u16::try_from(created.year()).unwrap_or(0))
        .month(u8::try_from(created.month()).unwrap_or(1))
        .day(u8::try_from(created.day()).unwrap_or(1))
        .hour(u8::try_from(created.hour()).unwrap_or(0))
        .minute(u8::try_from(created.minute()).unwrap_or(0))
        .second(u8::try_from(created.second()).unwrap_or(0))
        .utc_offset_hour(offset_hours)
        .utc_offset_minute(offset_minutes);
    let title = [sheet.title.trim(), sheet.designation.trim()]
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    Metadata::new()
        .title(if title.is_empty() {
            "Utskrift".to_owned()
        } else {
            title
        })
        .language("sv-SE".to_owned())
        .creation_date(date)
        .creator(format!("inkom {}", env!("CARGO_PKG_VERSION")))
        .document_id(sheet.designation.clone())
}
