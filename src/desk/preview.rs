//! One page of an item's registration PDF, rendered in Rust at the resolution the window asks
//! for, so the in-app preview stays sharp when zoomed and no PDF viewer is needed to read the
//! sheet. The renderer is the one attachments use ([`crate::pdf::rasterize`]).

use base64::Engine;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use super::item_view::registration_pdf;
use super::{DeskError, DeskResult};
use crate::pdf::{RasterLimits, rasterize};
use crate::store::Store;

/// Lowest resolution asked for: below this a sheet's small print cannot be read.
pub const MIN_DPI: u32 = 48;
/// Highest resolution: 300 % zoom on a high-density screen, an A4 page of about 12 MP.
pub const MAX_DPI: u32 = 400;

/// One rendered page and where it is in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PdfPageView {
    /// The page as PNG, base64.
    pub png: String,
    /// This page, from 1.
    pub page: u32,
    /// Pages in the document.
    pub pages: u32,
    /// Pixel width of the PNG.
    pub width_px: u32,
    /// Pixel height of the PNG.
    pub height_px: u32,
}

/// Page `page` (from 1) of item `id`'s registration PDF at `dpi` (clamped to
/// [`MIN_DPI`]–[`MAX_DPI`]).
pub fn registration_page(store: &Store, id: i64, page: u32, dpi: u32) -> DeskResult<PdfPageView> {
    let pdf = registration_pdf(store, id)?;
    let page = page.max(1);
    let limits = RasterLimits {
        // Pages are rendered in order; the ones before the wanted page are few (a sheet has
        // one to a handful), and a missing page is refused below.
        max_pages: page as usize,
        dpi: dpi.clamp(MIN_DPI, MAX_DPI) as f32,
        // The pixel cap scales with the resolution asked for: A3 at that resolution.
        max_pixels: ((dpi.clamp(MIN_DPI, MAX_DPI) as u64).pow(2) * 4_400_000) / (150 * 150),
        ..RasterLimits::default()
    };
    let raster = rasterize(&pdf, &limits)?;
    let pages = u32::try_from(raster.page_count).unwrap_or(u32::MAX);
    if page > pages {
        return Err(DeskError::invalid(
            format!("page {page} of {pages}"),
            format!("Sidan finns inte: utskriften har {pages} sidor."),
        ));
    }
    match raster.pages.into_iter().nth(page as usize - 1) {
        Some(Ok(img)) => Ok(PdfPageView {
            png: base64::engine::general_purpose::STANDARD.encode(img.png.as_slice()),
            page,
            pages,
            width_px: img.width_px,
            height_px: img.height_px,
        }),
        Some(Err(reason)) => Err(crate::pdf::RasterError::Unreadable(reason).into()),
        None => Err(crate::pdf::RasterError::Unreadable("out of time".to_owned()).into()),
    }
}
