//! Screenshots and photos: checked, oriented and sized before they go into the PDF.
//!
//! krilla decodes images lazily while writing the file, and passes JPEG data through as is, so a
//! truncated or corrupt file would otherwise surface late or produce a broken picture. Every
//! image is therefore fully decoded once with the `image` crate first; only images that decode
//! cleanly are embedded (from their original bytes, so JPEGs stay small).

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use krilla::geom::{Size, Transform};
use krilla::image::Image;
use krilla::surface::Surface;

use super::raster::PageImage;

/// Points per image pixel at 96 dpi: an image is never drawn larger than this, because
/// screenshots enlarged beyond their natural size only get blurry.
const POINTS_PER_PIXEL: f32 = 0.75;

/// An image ready to be placed.
pub(crate) struct Picture {
    image: Image,
    orientation: Orientation,
    /// Pixel size as displayed (after EXIF orientation).
    width_px: u32,
    height_px: u32,
    /// Drawn size of one pixel at natural size: 96 dpi for screenshots and photos, the
    /// rendering resolution for a page of an attached PDF.
    points_per_pixel: f32,
}

/// Whether [`Picture::decode`] reads `bytes`: what a sheet draws of an attached picture, asked
/// by the deletion gate (`documents::off_paper`), which must hold back what the sheet could not
/// draw.
pub(crate) fn picture_decodes(bytes: &[u8]) -> bool {
    Picture::decode(bytes).is_ok()
}

impl Picture {
    /// Decodes PNG, JPEG, WebP, GIF or BMP bytes completely (the first frame of an animated
    /// one); any problem is returned as an English reason.
    pub(crate) fn decode(bytes: &[u8]) -> Result<Self, String> {
        let format = image::guess_format(bytes).map_err(|e| e.to_string())?;
        if !matches!(
            format,
            ImageFormat::Png
                | ImageFormat::Jpeg
                | ImageFormat::WebP
                | ImageFormat::Gif
                | ImageFormat::Bmp
        ) {
            return Err(format!(
                "unsupported image format {format:?} (only PNG, JPEG, WebP, GIF and BMP)"
            ));
        }
        let mut decoder = ImageReader::with_format(Cursor::new(bytes), format)
            .into_decoder()
            .map_err(|e| e.to_string())?;
        // `ImageReader::decode` holds the decoded size to its limits (512 MiB); decoding
        // through the decoder, for its orientation, must do so itself, or a picture whose
        // header claims 30,000 × 30,000 pixels is allocated in full.
        image::Limits::default()
            .reserve(decoder.total_bytes())
            .map_err(|e| e.to_string())?;
        let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
        let decoded = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
        let (stored_w, stored_h) = (decoded.width(), decoded.height());
        if stored_w == 0 || stored_h == 0 {
            return Err("the image is empty (zero pixels)".to_owned());
        }
        // PDF/A forbids interpolation, hence `false`.
        let image = match format {
            ImageFormat::Png => Image::from_png(bytes.to_vec().into(), false),
            ImageFormat::Jpeg => Image::from_jpeg(bytes.to_vec().into(), false),
            _ => {
                // krilla embeds PNG and JPEG only: a WebP, GIF or BMP goes in as lossless PNG.
                let mut png = Vec::new();
                decoded
                    .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
                    .map_err(|e| e.to_string())?;
                Image::from_png(png.into(), false)
            }
        }?;
        let (width_px, height_px) = if swaps_axes(orientation) {
            (stored_h, stored_w)
        } else {
            (stored_w, stored_h)
        };
        Ok(Self {
            image,
            orientation,
            width_px,
            height_px,
            points_per_pixel: POINTS_PER_PIXEL,
        })
    }

    /// A page of an attached PDF, rendered by [`super::raster`]: its natural size is the
    /// page's own size. The PNG is inkom's own output, so it is not decoded again here.
    pub(crate) fn from_page(page: &PageImage) -> Result<Self, String> {
        if page.width_px == 0
            || page.height_px == 0
            || !page.points_per_pixel.is_finite()
            || page.points_per_pixel <= 0.0
        {
            return Err("the rendered page is empty".to_owned());
        }
        let image = Image::from_png(page.png.clone().into(), false)?;
        Ok(Self {
            image,
            orientation: Orientation::NoTransforms,
            width_px: page.width_px,
            height_px: page.height_px,
            points_per_pixel: page.points_per_pixel,
        })
    }

    /// The drawn size in points: as large as possible within `max_width` × `max_height`,
    /// keeping the aspect ratio, and never beyond the natural size (96 dpi for pictures).
    pub(crate) fn fit(&self, max_width: f32, max_height: f32) -> (f32, f32) {
        let natural_w = self.width_px as f32 * self.points_per_pixel;
        let natural_h = self.height_px as f32 * self.points_per_pixel;
        let scale = 1.0_f32
            .min(max_width / natural_w)
            .min(max_height / natural_h)
            .max(0.0);
        // Keep at least a sliver visible for absurd aspect ratios.
        ((natural_w * scale).max(0.5), (natural_h * scale).max(0.5))
    }

    /// The drawn size in points for a screenshot: the full `max_width`, or less if the page
    /// height does not allow it; enlarged beyond the natural size when needed.
    pub(crate) fn fill(&self, max_width: f32, max_height: f32) -> (f32, f32) {
        let natural_w = self.width_px as f32 * self.points_per_pixel;
        let natural_h = self.height_px as f32 * self.points_per_pixel;
        let scale = (max_width / natural_w).min(max_height / natural_h).max(0.0);
        ((natural_w * scale).max(0.5), (natural_h * scale).max(0.5))
    }

    /// Draws the picture with its displayed top-left corner at (`x`, `y`), `width` × `height`.
    pub(crate) fn draw(&self, surface: &mut Surface<'_>, x: f32, y: f32, width: f32, height: f32) {
        // Size of the image as stored, before orientation.
        let (sw, sh) = if swaps_axes(self.orientation) {
            (height, width)
        } else {
            (width, height)
        };
        let Some(size) = Size::from_wh(sw, sh) else {
            return;
        };
        // Maps the stored image (u, v) onto the page; y grows downwards.
        let (sx, ky, kx, sy, tx, ty) = match self.orientation {
            Orientation::NoTransforms => (1.0, 0.0, 0.0, 1.0, x, y),
            Orientation::Rotate90 => (0.0, 1.0, -1.0, 0.0, x + sh, y),
            Orientation::Rotate180 => (-1.0, 0.0, 0.0, -1.0, x + sw, y + sh),
            Orientation::Rotate270 => (0.0, -1.0, 1.0, 0.0, x, y + sw),
            Orientation::FlipHorizontal => (-1.0, 0.0, 0.0, 1.0, x + sw, y),
            Orientation::FlipVertical => (1.0, 0.0, 0.0, -1.0, x, y + sh),
            Orientation::Rotate90FlipH => (0.0, 1.0, 1.0, 0.0, x, y),
            Orientation::Rotate270FlipH => (0.0, -1.0, -1.0, 0.0, x + sh, y + sw),
        };
        surface.push_transform(&Transform::from_row(sx, ky, kx, sy, tx, ty));
        surface.draw_image(self.image.clone(), size);
        surface.pop();
    }
}

/// Most page directories of a TIFF followed: a loop or a hostile chain ends there.
const MAX_TIFF_DIRECTORIES: usize = 10_000;

/// The pages of a TIFF (a scanned letter, a fax), by the offset of each page's directory;
/// `None` when the bytes are no classic TIFF (BigTIFF is read as its first page only). A
/// chain cut short ends at the last directory that is there.
pub(crate) fn tiff_pages(bytes: &[u8]) -> Option<Vec<u32>> {
    let little = match bytes.get(..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    let u16_at = |at: usize| {
        let b = bytes.get(at..at.checked_add(2)?)?;
        Some(if little {
            u16::from_le_bytes([b[0], b[1]])
        } else {
            u16::from_be_bytes([b[0], b[1]])
        })
    };
    let u32_at = |at: usize| {
        let b = bytes.get(at..at.checked_add(4)?)?;
        let b = [b[0], b[1], b[2], b[3]];
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let mut pages = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut next = u32_at(4)?;
    while next != 0 && pages.len() < MAX_TIFF_DIRECTORIES && seen.insert(next) {
        let at = usize::try_from(next).ok()?;
        let Some(entries) = u16_at(at) else { break };
        pages.push(next);
        match u32_at(at + 2 + usize::from(entries) * 12) {
            Some(following) => next = following,
            None => break,
        }
    }
    Some(pages)
}

/// One page of a TIFF ([`tiff_pages`]) as a PNG: the file with its header pointing at that
/// page's directory is a TIFF whose first page is that page, which the decoder reads. Held to
/// the decoder's limits, like every picture.
pub(crate) fn tiff_page_png(bytes: &[u8], directory: u32) -> Result<Vec<u8>, String> {
    let mut page = bytes.to_vec();
    let offset = if page.starts_with(b"II") {
        directory.to_le_bytes()
    } else {
        directory.to_be_bytes()
    };
    page.get_mut(4..8)
        .ok_or("the TIFF header is cut short")?
        .copy_from_slice(&offset);
    let decoded = ImageReader::with_format(Cursor::new(&page), ImageFormat::Tiff)
        .decode()
        .map_err(|e| e.to_string())?;
    drop(page);
    let mut png = Vec::new();
    decoded
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(png)
}

/// Whether the picture moves (an animated GIF or WebP): the printout shows its first frame and
/// must say so. Bytes that are no such picture are not animated.
pub(crate) fn is_animated(bytes: &[u8]) -> bool {
    match image::guess_format(bytes) {
        // `GifDecoder::new` has no limits: without the reader's, a GIF's canvas of 30,000 ×
        // 30,000 pixels was allocated (3.6 GB per frame) to composite its first frame.
        Ok(ImageFormat::Gif) => image::codecs::gif::GifDecoder::new(Cursor::new(bytes))
            .and_then(|mut d| d.set_limits(image::Limits::default()).map(|()| d))
            .is_ok_and(|d| {
                image::AnimationDecoder::into_frames(d)
                    .take(2)
                    .filter(Result::is_ok)
                    .count()
                    > 1
            }),
        Ok(ImageFormat::WebP) => image::codecs::webp::WebPDecoder::new(Cursor::new(bytes))
            .is_ok_and(|d| d.has_animation()),
        _ => false,
    }
}

fn swaps_axes(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(width, height, image::Rgb([200, 10, 10]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).expect("encode");
        out.into_inner()
    }

    #[test]
    fn never_upscaled_beyond_96_dpi() {
        let picture = Picture::decode(&png(100, 50)).expect("decode");
        assert_eq!(picture.fit(500.0, 500.0), (75.0, 37.5));
    }

    #[test]
    fn scaled_down_to_fit_keeping_ratio() {
        let picture = Picture::decode(&png(1000, 3000)).expect("decode");
        let (w, h) = picture.fit(400.0, 600.0);
        assert!(
            (h - 600.0).abs() < 0.01 && (w - 200.0).abs() < 0.01,
            "{w}×{h}"
        );
    }

    #[test]
    fn truncated_and_foreign_bytes_are_errors() {
        let bytes = png(40, 40);
        assert!(Picture::decode(&bytes[..bytes.len() / 2]).is_err());
        assert!(Picture::decode(b"GIF89a....").is_err());
        assert!(Picture::decode(b"BM....").is_err());
        assert!(Picture::decode(b"").is_err());
    }

    /// A TIFF's chain of page directories from hostile bytes: a directory that points to
    /// itself, one cut short, and a header alone end the walk without a panic.
    #[test]
    fn a_hostile_tiff_directory_chain_ends() {
        // Header, then at 8 a directory of 0 entries whose next pointer is 8 again.
        let looped = b"II*\0\x08\0\0\0\0\0\x08\0\0\0".to_vec();
        assert_eq!(tiff_pages(&looped), Some(vec![8]));
        let cut = b"MM\0*\0\0\0\x08\0\x05".to_vec();
        assert_eq!(tiff_pages(&cut), Some(vec![8]));
        assert_eq!(tiff_pages(b"II*\0\xff\xff\xff\xff"), Some(vec![]));
        assert_eq!(tiff_pages(b"GIF89a"), None);
        assert!(tiff_page_png(&looped, 8).is_err());
    }

    /// A GIF whose canvas is 30,000 × 30,000 pixels (3.6 GB to composite its frames) with two
    /// frames of one pixel each: neither the animation check nor the decoder may allocate it.
    #[test]
    fn a_gif_with_a_giant_canvas_is_refused_not_allocated() {
        let mut gif = b"GIF89a".to_vec();
        gif.extend_from_slice(&30_000u16.to_le_bytes());
        gif.extend_from_slice(&30_000u16.to_le_bytes());
        gif.extend_from_slice(&[0x00, 0x00, 0x00]);
        for _ in 0..2 {
            gif.extend_from_slice(&[0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0x80]);
            gif.extend_from_slice(&[0, 0, 0, 255, 255, 255]);
            gif.extend_from_slice(&[0x02, 0x02, 0x44, 0x01, 0x00]);
        }
        gif.push(0x3B);
        let started = std::time::Instant::now();
        let _ = is_animated(&gif);
        assert!(Picture::decode(&gif).is_err());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }
}
