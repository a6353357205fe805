//! Shaping and line breaking with parley, drawing the resulting glyphs with krilla.
//!
//! Each paragraph (one line of the source text, between line breaks) becomes its own parley
//! layout, so that pagination can move line by line and the source's line breaks are kept
//! exactly. Glyphs are handed to krilla together with the *original* text of their cluster,
//! which makes krilla write a correct ToUnicode map (and `/ActualText` where a drawn glyph
//! stands for something else, like the replacement mark for an emoji).

use krilla::geom::Point;
use krilla::surface::Surface;
use krilla::text::{GlyphId, KrillaGlyph};
use parley::{
    Alignment, AlignmentOptions, FontFamily, FontWeight, Layout, LayoutContext, LineHeight,
    OverflowWrap, StyleProperty,
};

use super::PdfError;
use std::collections::HashMap;

use super::fidelity::Unprintable;
use super::fonts::{Fonts, left_to_right, substitute};

/// How a paragraph looks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Style {
    pub(crate) size: f32,
    pub(crate) bold: bool,
    /// Line height as a multiple of the font size.
    pub(crate) leading: f32,
    /// Right-aligned within its width (header designation, page numbers).
    pub(crate) end: bool,
    /// The paragraph takes its direction from its first strong character (UAX #9, rules P2–P3):
    /// a message's own text, where an Arabic paragraph reads right to left. Otherwise it is a
    /// field of the Swedish form (a label's value, a table cell, a header line) and is laid out
    /// left to right, with right-to-left names inside it in their own order: "+46701740611
    /// (ليلى حداد)" stays beside its label instead of flipping to the far margin.
    pub(crate) auto_direction: bool,
}

impl Style {
    pub(crate) const fn new(size: f32, bold: bool) -> Self {
        Self {
            size,
            bold,
            leading: 1.35,
            end: false,
            auto_direction: false,
        }
    }

    pub(crate) const fn auto_direction(mut self) -> Self {
        self.auto_direction = true;
        self
    }

    pub(crate) const fn leading(mut self, leading: f32) -> Self {
        self.leading = leading;
        self
    }

    pub(crate) const fn end(mut self) -> Self {
        self.end = true;
        self
    }

    /// Height of one line, also used for empty paragraphs.
    pub(crate) fn line_height(self) -> f32 {
        self.size * self.leading
    }
}

/// One shaped and broken paragraph.
#[derive(Clone)]
pub(crate) struct Para {
    layout: Layout<()>,
    /// The text as given (tabs expanded), which krilla records as the glyphs' text.
    text: String,
    /// Byte offsets in the shaped text → byte offsets in `text`.
    map: Vec<usize>,
    style: Style,
    /// Characters of `text` that no font could draw (normally none).
    unprintable: Vec<char>,
}

/// Vertical extent of one line of a paragraph.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LineBox {
    pub(crate) height: f32,
}

impl Para {
    /// The lines, at least one (an empty paragraph is one blank line).
    ///
    /// A blank line is one font size high rather than a full line pitch. It still reads as an
    /// empty line, and it lets text extraction count empty lines exactly: `pdftotext -layout`
    /// emits ⌊baseline distance / font size⌋ line breaks, which is n + 1 for n blank lines only
    /// if each blank line adds exactly one font size (up to its cap of four blank lines).
    pub(crate) fn lines(&self) -> Vec<LineBox> {
        if self.text.is_empty() {
            return vec![LineBox {
                height: self.style.size,
            }];
        }
        let lines: Vec<LineBox> = self
            .layout
            .lines()
            .map(|line| {
                let m = line.metrics();
                LineBox {
                    height: m.block_max_coord - m.block_min_coord,
                }
            })
            .collect();
        if lines.is_empty() {
            vec![LineBox {
                height: self.style.size,
            }]
        } else {
            lines
        }
    }

    /// Height of the first `max_lines` lines.
    pub(crate) fn height(&self, max_lines: usize) -> f32 {
        self.lines().iter().take(max_lines).map(|l| l.height).sum()
    }

    /// Draws line `index` with its line box's top-left corner at (`left`, `top`).
    pub(crate) fn draw_line(
        &self,
        surface: &mut Surface<'_>,
        fonts: &Fonts,
        index: usize,
        left: f32,
        top: f32,
    ) {
        let Some(line) = self.layout.get(index) else {
            return;
        };
        let metrics = line.metrics();
        let baseline = top + metrics.baseline - metrics.block_min_coord;
        let mut x = left + metrics.offset;
        for run in line.runs() {
            let size = run.font_size();
            if size <= 0.0 {
                continue;
            }
            let Some((font, replacement)) = fonts.krilla_font(run.font()) else {
                continue;
            };
            let start = x;
            let mut glyphs: Vec<KrillaGlyph> = Vec::new();
            for cluster in run.visual_clusters() {
                let range = cluster.text_range();
                let original = self.original(range.start)..self.original(range.end);
                if cluster.is_ligature_continuation() {
                    if let Some(last) = glyphs.last_mut() {
                        last.text_range.start = last.text_range.start.min(original.start);
                        last.text_range.end = last.text_range.end.max(original.end);
                    }
                    // The ligature glyph's advance already covers this cluster.
                    continue;
                }
                for glyph in cluster.glyphs() {
                    // `.notdef` should not occur (unknown characters were replaced before
                    // shaping), but if it does, draw the visible replacement mark instead.
                    let id = if glyph.id == 0 { replacement } else { glyph.id };
                    glyphs.push(KrillaGlyph::new(
                        GlyphId::new(id),
                        glyph.advance / size,
                        glyph.x / size,
                        glyph.y / size,
                        0.0,
                        original.clone(),
                        None,
                    ));
                    x += glyph.advance;
                }
            }
            if !glyphs.is_empty() {
                surface.draw_glyphs(
                    Point::from_xy(start, baseline),
                    &glyphs,
                    font.clone(),
                    &self.text,
                    size,
                    false,
                );
            }
        }
    }

    fn original(&self, shaped_offset: usize) -> usize {
        self.map
            .get(shaped_offset)
            .copied()
            .unwrap_or(self.text.len())
            .min(self.text.len())
    }
}

/// Fonts plus parley's scratch space: everything needed to turn strings into [`Para`]s.
pub(crate) struct Shaper {
    pub(crate) fonts: Fonts,
    layout_cx: LayoutContext<()>,
    /// Short paragraphs already shaped in this document: lists and field tables repeat the same
    /// cells (caseworker, secrecy provision, channel) on every row, and a clone is far cheaper
    /// than shaping again.
    cache: HashMap<ParaKey, Para>,
    /// Every character shaped so far that no font could draw, for the fidelity gate.
    pub(crate) unprintable: Unprintable,
}

/// Text, style and width of a cached paragraph (floats by their bits: equal input, equal key).
#[derive(Clone, PartialEq, Eq, Hash)]
struct ParaKey {
    text: String,
    size: u32,
    leading: u32,
    width: u32,
    bold: bool,
    end: bool,
    auto_direction: bool,
}

/// Only short texts are cached (cells, labels), and only so many: long message text is rarely
/// repeated and would only cost memory.
const CACHE_TEXT_MAX: usize = 96;
const CACHE_ENTRIES_MAX: usize = 4096;

impl Shaper {
    pub(crate) fn new() -> Result<Self, PdfError> {
        Ok(Self {
            fonts: Fonts::new()?,
            layout_cx: LayoutContext::new(),
            cache: HashMap::new(),
            unprintable: Unprintable::default(),
        })
    }

    /// Shapes one paragraph (no line breaks inside) and breaks it into lines of `width`.
    /// Long words and URLs break anywhere rather than overflow.
    pub(crate) fn para(&mut self, text: &str, style: Style, width: f32) -> Para {
        let para = self.cached_para(text, style, width);
        self.unprintable.add(&para.unprintable);
        para
    }

    fn cached_para(&mut self, text: &str, style: Style, width: f32) -> Para {
        if text.len() > CACHE_TEXT_MAX {
            return self.shape(text, style, width);
        }
        let key = ParaKey {
            text: text.to_owned(),
            size: style.size.to_bits(),
            leading: style.leading.to_bits(),
            width: width.to_bits(),
            bold: style.bold,
            end: style.end,
            auto_direction: style.auto_direction,
        };
        if let Some(para) = self.cache.get(&key) {
            return para.clone();
        }
        let para = self.shape(text, style, width);
        if self.cache.len() < CACHE_ENTRIES_MAX {
            self.cache.insert(key, para.clone());
        }
        para
    }

    fn shape(&mut self, text: &str, style: Style, width: f32) -> Para {
        let text = text.replace('\t', "    ");
        self.fonts.cover(&text);
        let mut sub = substitute(&text, &self.fonts);
        if !style.auto_direction {
            sub = left_to_right(sub);
        }
        let shaping = self.fonts.for_shaping(&sub.shaped, style.bold);
        let (families, alone) = (shaping.families, shaping.alone);
        let mut builder = self
            .layout_cx
            .ranged_builder(shaping.context, &sub.shaped, 1.0, false);
        builder.push_default(StyleProperty::FontFamily(FontFamily::List(families.into())));
        builder.push_default(StyleProperty::FontSize(style.size));
        builder.push_default(StyleProperty::FontWeight(if style.bold {
            FontWeight::BOLD
        } else {
            FontWeight::NORMAL
        }));
        builder.push_default(StyleProperty::LineHeight(LineHeight::FontSizeRelative(
            style.leading,
        )));
        builder.push_default(StyleProperty::OverflowWrap(OverflowWrap::Anywhere));
        let mut layout = builder.build(&sub.shaped);
        layout.break_all_lines(Some(width.max(1.0)));
        // Start is left for a Swedish paragraph and right for an Arabic or Hebrew one (a
        // message paragraph's direction comes from its first strong character, UAX #9; a
        // field's is left to right, see `Style::auto_direction`).
        let alignment = if style.end {
            Alignment::Right
        } else {
            Alignment::Start
        };
        layout.align(alignment, AlignmentOptions::default());
        let mut unprintable = sub.unprintable;
        if !alone {
            unprintable.extend(notdef_chars(&layout, &sub.shaped));
        }
        Para {
            layout,
            text,
            map: sub.map,
            style,
            unprintable,
        }
    }

    /// Shapes text that may contain line breaks (`\n`, `\r\n`, `\r`) into one [`Para`] per line,
    /// so every source line starts a new printed line and empty lines stay empty lines.
    pub(crate) fn paras(&mut self, text: &str, style: Style, width: f32) -> Vec<Para> {
        split_lines(text)
            .into_iter()
            .map(|line| self.para(line, style, width))
            .collect()
    }
}

/// Characters whose cluster shaped to `.notdef` although substitution found a font for each of
/// them (a font that has a character but not in the combination the text asks for).
fn notdef_chars(layout: &Layout<()>, shaped: &str) -> Vec<char> {
    let mut missing = Vec::new();
    for line in layout.lines() {
        for item in line.items() {
            let parley::PositionedLayoutItem::GlyphRun(glyph_run) = item else {
                continue;
            };
            for cluster in glyph_run.run().clusters() {
                if cluster.glyphs().any(|glyph| glyph.id == 0) {
                    let range = cluster.text_range();
                    missing.extend(
                        shaped
                            .get(range)
                            .unwrap_or_default()
                            .chars()
                            .filter(|&c| c != super::fonts::REPLACEMENT),
                    );
                }
            }
        }
    }
    missing
}

/// Splits at every line break, keeping empty lines (a trailing break gives no extra line).
pub(crate) fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = text;
    loop {
        match rest.find(['\n', '\r']) {
            Some(at) => {
                lines.push(&rest[..at]);
                let skip = if rest[at..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[at + skip..];
                if rest.is_empty() {
                    break;
                }
            }
            None => {
                lines.push(rest);
                break;
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_blank_lines() {
        assert_eq!(split_lines("a\n\nb"), vec!["a", "", "b"]);
        assert_eq!(split_lines("a\r\nb\rc\n"), vec!["a", "b", "c"]);
        assert_eq!(split_lines(""), vec![""]);
        assert_eq!(split_lines("\n"), vec![""]);
    }

    #[test]
    fn long_word_breaks_within_width() {
        let mut shaper = Shaper::new().expect("fonts");
        let word = "x".repeat(300);
        let para = shaper.para(&word, Style::new(10.0, false), 200.0);
        assert!(para.lines().len() > 3);
        assert!(
            para.layout.width() <= 200.5,
            "width {}",
            para.layout.width()
        );
    }
}
