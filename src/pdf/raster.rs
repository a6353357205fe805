//! Attached PDFs, page by page, as pictures.
//!
//! PDF/A-2b does not allow embedding another PDF file, and importing its pages as vector content
//! would carry over whatever the attachment holds (unembedded fonts, transparency, JavaScript …)
//! that an archival file must not. Each page is therefore rendered to a bitmap with hayro (a
//! pure-Rust PDF rasteriser) and placed as an image. The price: the text of these pages is not
//! searchable or copyable, which the sheet says in words.
//!
//! Attachments come from outside, so the work is bounded (pages, pixels, time) and a file hayro
//! cannot read, or a page it panics on, is reported rather than allowed to stop the printout.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::{LoadPdfError, Pdf};
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

/// How much of an attached PDF is rendered, and how finely.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RasterLimits {
    /// Pages rendered per attachment; the rest are counted and mentioned, not drawn.
    pub max_pages: usize,
    /// Resolution in dots per inch (150 prints text cleanly and keeps files small).
    pub dpi: f32,
    /// Most pixels per page: a page larger than A4 is rendered at a lower resolution instead.
    pub max_pixels: u64,
    /// Wall-clock budget for one attachment; pages after it runs out are not rendered.
    pub max_time: Duration,
}

impl Default for RasterLimits {
    fn default() -> Self {
        Self {
            max_pages: 50,
            dpi: 150.0,
            // A3 at 150 dpi, a little more than twice A4.
            max_pixels: 4_400_000,
            max_time: Duration::from_secs(60),
        }
    }
}

/// One rendered page: a PNG (greyscale when the page has no colour) and its physical size.
#[derive(Clone, PartialEq)]
pub struct PageImage {
    /// The encoded PNG.
    pub png: Arc<Vec<u8>>,
    /// Pixel width.
    pub width_px: u32,
    /// Pixel height.
    pub height_px: u32,
    /// The page's own size is `width_px × points_per_pixel` points: it is never drawn larger.
    pub points_per_pixel: f32,
}

impl fmt::Debug for PageImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageImage")
            .field("png_bytes", &self.png.len())
            .field("width_px", &self.width_px)
            .field("height_px", &self.height_px)
            .field("points_per_pixel", &self.points_per_pixel)
            .finish()
    }
}

/// An attached PDF as far as it could be rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct RasterPdf {
    /// Pages in order, at most [`RasterLimits::max_pages`]; a page that could not be rendered
    /// holds the English reason.
    pub pages: Vec<Result<PageImage, String>>,
    /// Number of pages in the file.
    pub page_count: usize,
    /// True when the time budget ran out before all pages within `max_pages` were rendered.
    pub out_of_time: bool,
}

/// Why an attached PDF could not be rendered at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RasterError {
    /// Password-protected (encrypted) and not readable without the password.
    #[error("the PDF is encrypted")]
    Encrypted,
    /// Not a readable PDF (truncated, damaged, or not a PDF).
    #[error("the PDF cannot be read: {0}")]
    Unreadable(String),
    /// A readable PDF without pages.
    #[error("the PDF has no pages")]
    NoPages,
}

impl RasterError {
    /// Why, in Swedish, as the end of a sentence ("Bilagan kunde inte återges: …").
    pub fn sv(&self) -> &'static str {
        match self {
            RasterError::Encrypted => "filen är lösenordsskyddad",
            RasterError::Unreadable(_) => "filen är skadad, ofullständig eller ingen PDF",
            RasterError::NoPages => "filen innehåller inga sidor",
        }
    }
}

/// Renders the pages of `bytes` within `limits`. Never panics.
///
/// # Errors
/// [`RasterError`] when the file cannot be opened as a PDF or has no pages.
pub fn rasterize(bytes: &[u8], limits: &RasterLimits) -> Result<RasterPdf, RasterError> {
    let data = bytes.to_vec();
    catch_unwind(AssertUnwindSafe(|| rasterize_inner(data, limits))).unwrap_or_else(|panic| {
        Err(RasterError::Unreadable(format!(
            "the renderer failed ({})",
            panic_message(panic.as_ref())
        )))
    })
}

/// How many pages [`rasterize`] would find in `bytes`, without drawing any: the same
/// refusals (a password, no PDF, no pages), so the deletion gate can tell what an attached
/// PDF's printout lacks without rendering it again. Never panics.
///
/// # Errors
/// [`RasterError`] when the file cannot be opened as a PDF or has no pages.
pub fn page_count(bytes: &[u8]) -> Result<usize, RasterError> {
    let data = bytes.to_vec();
    catch_unwind(AssertUnwindSafe(|| open(data).map(|pdf| pdf.pages().len()))).unwrap_or_else(
        |panic| {
            Err(RasterError::Unreadable(format!(
                "the renderer failed ({})",
                panic_message(panic.as_ref())
            )))
        },
    )
}

/// The document with at least one page.
fn open(data: Vec<u8>) -> Result<Pdf, RasterError> {
    let pdf = Pdf::new(data).map_err(|error| match error {
        LoadPdfError::Decryption(_) => RasterError::Encrypted,
        LoadPdfError::Invalid => RasterError::Unreadable("no valid PDF structure".to_owned()),
    })?;
    if pdf.pages().is_empty() {
        return Err(RasterError::NoPages);
    }
    Ok(pdf)
}

fn rasterize_inner(data: Vec<u8>, limits: &RasterLimits) -> Result<RasterPdf, RasterError> {
    let started = Instant::now();
    let pdf = open(data)?;
    let all = pdf.pages();
    let page_count = all.len();
    let cache = RenderCache::new();
    let interpreter = InterpreterSettings::default();
    let render_settings = RenderSettings::default();
    let mut pages = Vec::new();
    let mut out_of_time = false;
    for page in all.iter().take(limits.max_pages) {
        if started.elapsed() > limits.max_time {
            out_of_time = true;
            break;
        }
        let rendered = catch_unwind(AssertUnwindSafe(|| {
            let (width_pt, height_pt) = page.render_dimensions();
            let scale = page_scale(width_pt, height_pt, limits)?;
            let pixmap = hayro::render(
                page,
                &cache,
                &interpreter,
                &render_settings,
                &PixmapSettings {
                    x_scale: scale,
                    y_scale: scale,
                    bg_color: WHITE,
                },
            );
            let (width_px, height_px) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
            if width_px == 0 || height_px == 0 {
                return Err("the page has no area".to_owned());
            }
            let rgba = pixmap.data_as_u8_slice();
            let png = encode_png(rgba, width_px, height_px)?;
            Ok(PageImage {
                png: Arc::new(png),
                width_px,
                height_px,
                // The pixmap is the page scaled by `scale`: one pixel is 1/scale points.
                points_per_pixel: 1.0 / scale,
            })
        }))
        .unwrap_or_else(|panic| {
            Err(format!(
                "the renderer failed ({})",
                panic_message(panic.as_ref())
            ))
        });
        pages.push(rendered);
    }
    Ok(RasterPdf {
        pages,
        page_count,
        out_of_time,
    })
}

/// Pixels per point for a page of `width` × `height` points: the chosen resolution, lowered
/// when the page would exceed the pixel budget or the renderer's 16-bit size.
fn page_scale(width: f32, height: f32, limits: &RasterLimits) -> Result<f32, String> {
    if !(width.is_finite() && height.is_finite() && width >= 1.0 && height >= 1.0) {
        return Err(format!("unusable page size {width} × {height} pt"));
    }
    let mut scale = limits.dpi.max(1.0) / 72.0;
    let pixels = f64::from(width * scale) * f64::from(height * scale);
    let budget = limits.max_pixels.max(1) as f64;
    if pixels > budget {
        scale *= (budget / pixels).sqrt() as f32;
    }
    let longest = width.max(height) * scale;
    if longest > f32::from(u16::MAX) - 1.0 {
        scale *= (f32::from(u16::MAX) - 1.0) / longest;
    }
    if (width * scale) < 1.0 || (height * scale) < 1.0 {
        return Err(format!("page too narrow to render: {width} × {height} pt"));
    }
    Ok(scale)
}

/// Encodes opaque RGBA (the page is rendered on white) as PNG: greyscale when no pixel has
/// colour, which is what office printers print anyway and a third of the data.
fn encode_png(rgba: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let pixels = rgba.chunks_exact(4);
    let grey = pixels
        .clone()
        .all(|p| p[0].abs_diff(p[1]) <= 2 && p[1].abs_diff(p[2]) <= 2);
    let (colour, data): (png::ColorType, Vec<u8>) = if grey {
        (
            png::ColorType::Grayscale,
            pixels
                .map(|p| {
                    let luma = (u32::from(p[0]) * 299
                        + u32::from(p[1]) * 587
                        + u32::from(p[2]) * 114
                        + 500)
                        / 1000;
                    u8::try_from(luma).unwrap_or(u8::MAX)
                })
                .collect(),
        )
    } else {
        (
            png::ColorType::Rgb,
            pixels.flat_map(|p| [p[0], p[1], p[2]]).collect(),
        )
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&data).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_at_150_dpi_and_huge_pages_within_budget() {
        let limits = RasterLimits::default();
        let a4 = page_scale(595.0, 842.0, &limits).expect("a4");
        assert!((a4 - 150.0 / 72.0).abs() < 1e-4);
        let a0 = page_scale(2384.0, 3370.0, &limits).expect("a0");
        let pixels = f64::from(2384.0 * a0) * f64::from(3370.0 * a0);
        assert!(pixels <= limits.max_pixels as f64 * 1.001, "{pixels}");
        assert!(page_scale(0.0, 842.0, &limits).is_err());
        assert!(page_scale(f32::NAN, 842.0, &limits).is_err());
    }

    #[test]
    fn garbage_and_truncated_files_are_errors_not_panics() {
        let limits = RasterLimits::default();
        assert!(rasterize(b"", &limits).is_err());
        assert!(rasterize(b"not a pdf at all", &limits).is_err());
        assert!(rasterize(b"%PDF-1.7\n1 0 obj << /Type /Catalog", &limits).is_err());
    }

    #[test]
    fn grey_pages_are_encoded_as_greyscale() {
        let grey = [200u8, 200, 200, 255].repeat(4);
        let colour = [200u8, 10, 10, 255].repeat(4);
        let header = |png: &[u8]| png.get(25).copied();
        // IHDR colour type byte: 0 greyscale, 2 RGB.
        assert_eq!(header(&encode_png(&grey, 2, 2).expect("png")), Some(0));
        assert_eq!(header(&encode_png(&colour, 2, 2).expect("png")), Some(2));
    }
}
