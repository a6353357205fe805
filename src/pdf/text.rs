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
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

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

/// One shaped and broken paragraph, ready to draw.
///
/// Cheap to clone: the shaped lines are shared, so a cell that repeats on every row of a list
/// (caseworker, secrecy provision, channel) costs one shaping per document, and a diary number
/// or a date costs none once a text of the same form has been shaped (see [`template`]).
#[derive(Clone)]
pub(crate) struct Para {
    shaped: Arc<Shaped>,
    /// The text as given (tabs expanded), which krilla records as the glyphs' text. For a
    /// paragraph drawn from a template this is its own text, not the template's: the two differ
    /// only in digits, byte for byte in the same places.
    text: Arc<str>,
    /// Shaped from a template: each glyph that stands for one digit of `text` is drawn as that
    /// digit's glyph instead of the template's zero.
    templated: bool,
}

/// What shaping one text gives: its lines with their glyphs, positioned relative to the line
/// box, in the form krilla draws. Kept instead of parley's layout because a paragraph is drawn
/// far more often than shaped (every row of a list repeats cells) and walking parley's clusters
/// to build krilla's glyphs was a third of drawing a page.
struct Shaped {
    /// The text that was shaped (tabs expanded); glyph ranges index into it.
    text: Arc<str>,
    /// Vertical extent of each line, at least one (see [`Para::lines`]).
    boxes: Vec<LineBox>,
    /// parley's lines (none for an empty paragraph).
    lines: Vec<ShapedLine>,
    /// Characters of `text` that no font could draw (normally none).
    unprintable: Vec<char>,
}

/// One line of a [`Shaped`] paragraph.
struct ShapedLine {
    /// parley's baseline and the top of the line box, kept apart so the drawn baseline is
    /// computed exactly as from the layout itself.
    baseline: f32,
    block_min: f32,
    /// Horizontal offset from alignment.
    offset: f32,
    runs: Vec<GlyphRun>,
}

/// Consecutive glyphs of one face and size on a line.
struct GlyphRun {
    /// Position of the face in [`Fonts`].
    face: usize,
    size: f32,
    /// Advances and offsets relative to the font size, ranges into the paragraph's text.
    glyphs: Vec<KrillaGlyph>,
    /// Each glyph's advance in points, added one by one to place the next run, as parley's
    /// layout was walked before.
    advances: Vec<f32>,
}

/// A run placed on the page: where it starts and ends, and its baseline.
struct Placed<'a> {
    run: &'a GlyphRun,
    start: f32,
    end: f32,
    baseline: f32,
}

/// Vertical extent of one line of a paragraph.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LineBox {
    pub(crate) height: f32,
}

impl Para {
    fn plain(shaped: Arc<Shaped>) -> Self {
        Self {
            text: shaped.text.clone(),
            shaped,
            templated: false,
        }
    }

    /// The lines, at least one (an empty paragraph is one blank line).
    ///
    /// A blank line is one font size high rather than a full line pitch. It still reads as an
    /// empty line, and it lets text extraction count empty lines exactly: `pdftotext -layout`
    /// emits ⌊baseline distance / font size⌋ line breaks, which is n + 1 for n blank lines only
    /// if each blank line adds exactly one font size (up to its cap of four blank lines).
    pub(crate) fn lines(&self) -> &[LineBox] {
        &self.shaped.boxes
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
        for placed in self.placed_runs(index, left, top) {
            let Some((font, _)) = fonts.face(placed.run.face) else {
                continue;
            };
            surface.draw_glyphs(
                Point::from_xy(placed.start, placed.baseline),
                &self.glyphs(placed.run, fonts),
                font.clone(),
                &self.text,
                placed.run.size,
                false,
            );
        }
    }

    /// The runs of line `index` with the line box's top-left corner at (`left`, `top`).
    fn placed_runs(&self, index: usize, left: f32, top: f32) -> impl Iterator<Item = Placed<'_>> {
        let line = self.shaped.lines.get(index);
        let baseline = line.map_or(top, |line| top + line.baseline - line.block_min);
        let mut x = line.map_or(left, |line| left + line.offset);
        line.into_iter()
            .flat_map(|line| &line.runs)
            .map(move |run| {
                let start = x;
                for advance in &run.advances {
                    x += advance;
                }
                Placed {
                    run,
                    start,
                    end: x,
                    baseline,
                }
            })
    }

    /// The glyphs to draw for one of this paragraph's runs: the shaped ones, or for a
    /// templated paragraph those with its own digits.
    fn glyphs<'a>(&self, run: &'a GlyphRun, fonts: &Fonts) -> Cow<'a, [KrillaGlyph]> {
        match self
            .templated
            .then(|| fonts.digit_glyphs(run.face))
            .flatten()
        {
            Some(digits) => Cow::Owned(self.with_digits(&run.glyphs, &digits)),
            None => Cow::Borrowed(&run.glyphs),
        }
    }

    /// The glyphs of a templated run with each digit of this paragraph's text drawn as itself.
    fn with_digits(&self, glyphs: &[KrillaGlyph], digits: &[u32; 10]) -> Vec<KrillaGlyph> {
        let bytes = self.text.as_bytes();
        glyphs
            .iter()
            .map(|glyph| {
                let mut glyph = glyph.clone();
                if glyph.text_range.len() == 1
                    && let Some(byte) = bytes
                        .get(glyph.text_range.start)
                        .filter(|b| b.is_ascii_digit())
                    && let Some(&id) = digits.get(usize::from(byte - b'0'))
                {
                    glyph.glyph_id = GlyphId::new(id);
                }
                glyph
            })
            .collect()
    }
}

/// Glyph runs drawn one after the other that share face, size and baseline, joined into one
/// krilla call (one `BT … TJ … ET` with one colour and transform instead of one per run).
///
/// A table row draws its cells one after the other: every cell on the row's first line
/// ("Karin Test", "–", "Orosanmälan, barn" …) is Noto Sans at 9 pt on one baseline, and
/// krilla's fixed cost per call and the bytes it writes per call were half of drawing a list.
/// The glyphs stay in the order they were drawn in, so the content stream reads cell by cell
/// as before; the space between two runs becomes part of the advance of the glyph before it,
/// so every glyph keeps its place. A run whose glyphs are in reverse text order (right to left)
/// is drawn alone: krilla marks such runs as reversed text, which a joined run would not be.
#[derive(Default)]
pub(crate) struct GlyphBatch {
    face: usize,
    size: f32,
    /// Where the first glyph starts: x, baseline.
    start: (f32, f32),
    /// Where the glyphs so far end, as the runs' own advances place them.
    end: f32,
    glyphs: Vec<KrillaGlyph>,
    /// The texts of the joined runs' paragraphs, one after the other; glyph ranges index it.
    text: String,
}

impl GlyphBatch {
    /// Draws line `index` of `para` like [`Para::draw_line`], joining its runs to the glyphs
    /// waiting to be drawn where they continue them.
    pub(crate) fn line(
        &mut self,
        surface: &mut Surface<'_>,
        fonts: &Fonts,
        para: &Para,
        index: usize,
        left: f32,
        top: f32,
    ) {
        for Placed {
            run,
            start,
            end,
            baseline,
        } in para.placed_runs(index, left, top)
        {
            if fonts.face(run.face).is_none() {
                continue;
            }
            let forward = run
                .glyphs
                .windows(2)
                .all(|w| w[0].text_range.start < w[1].text_range.end);
            let joins = !self.glyphs.is_empty()
                && forward
                && self.face == run.face
                && self.size.to_bits() == run.size.to_bits()
                && self.start.1.to_bits() == baseline.to_bits()
                && start >= self.end;
            if !joins {
                self.flush(surface, fonts);
                self.face = run.face;
                self.size = run.size;
                self.start = (start, baseline);
            } else if let Some(last) = self.glyphs.last_mut() {
                last.x_advance += (start - self.end) / run.size;
            }
            let offset = self.text.len();
            self.text.push_str(&para.text);
            let first = self.glyphs.len();
            self.glyphs.extend_from_slice(&para.glyphs(run, fonts));
            for glyph in &mut self.glyphs[first..] {
                glyph.text_range = glyph.text_range.start + offset..glyph.text_range.end + offset;
            }
            self.end = end;
            if !forward {
                self.flush(surface, fonts);
            }
        }
    }

    /// Draws the glyphs waiting to be drawn.
    pub(crate) fn flush(&mut self, surface: &mut Surface<'_>, fonts: &Fonts) {
        if self.glyphs.is_empty() {
            return;
        }
        if let Some((font, _)) = fonts.face(self.face) {
            surface.draw_glyphs(
                Point::from_xy(self.start.0, self.start.1),
                &self.glyphs,
                font.clone(),
                &self.text,
                self.size,
                false,
            );
        }
        self.glyphs.clear();
        self.text.clear();
    }
}

/// Fonts plus parley's scratch space: everything needed to turn strings into [`Para`]s.
pub(crate) struct Shaper {
    pub(crate) fonts: Fonts,
    layout_cx: LayoutContext<()>,
    /// Short paragraphs already shaped in this document: lists and field tables repeat the same
    /// cells (caseworker, secrecy provision, channel) on every row, and sharing the shaped lines
    /// is far cheaper than shaping again.
    cache: HashMap<ParaKey, Arc<Shaped>>,
    /// Templates already shaped in this document (see [`template`]); `None` for one whose zeros
    /// did not shape to the plain zero glyph, whose texts are then shaped themselves.
    templates: HashMap<ParaKey, Option<Arc<Shaped>>>,
    /// Per weight (regular, bold): whether the digits 0–9 shape to their own glyphs with one
    /// and the same advance, so that templates can be used. Found out on first need.
    digits_uniform: [Option<bool>; 2],
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

impl ParaKey {
    fn new(text: String, style: Style, width: f32) -> Self {
        Self {
            text,
            size: style.size.to_bits(),
            leading: style.leading.to_bits(),
            width: width.to_bits(),
            bold: style.bold,
            end: style.end,
            auto_direction: style.auto_direction,
        }
    }
}

/// Only short texts are cached (cells, labels), and only so many: long message text is rarely
/// repeated and would only cost memory.
const CACHE_TEXT_MAX: usize = 96;
const CACHE_ENTRIES_MAX: usize = 4096;

/// The template a short paragraph can be shaped from: its text with every ASCII digit replaced
/// by '0', if it holds a digit and nothing but [`template_char`]s.
///
/// Diary numbers, designations, dates, times and phone numbers make most cells of a list unique
/// although they share a handful of forms ("SN 2026/0417", "2026-03-02", "14:37"). In Noto Sans
/// the ten digits have one advance, and no default feature substitutes or kerns them (only
/// optional ones such as `frac`, `onum` or `zero` do; HarfBuzz applies `frac` by itself only
/// around U+2044 FRACTION SLASH, which is not a template character). Their Unicode properties
/// are alike for everything parley does: script, bidi class, line and word break class,
/// grapheme and emoji properties. So a text lays out exactly as its template, glyph for glyph
/// and line for line, but for the digits' glyph ids, which [`Para::draw_line`] puts back.
/// `tests::templates_draw_what_shaping_the_text_draws` checks this for every template character
/// next to every digit, in both weights; [`Shaper::digits_uniform`] and
/// [`Shaper::zeros_are_digits`] check the fonts at run time, so a change of font falls back to
/// shaping each text.
fn template(text: &str) -> Option<String> {
    let mut digits = false;
    for c in text.chars() {
        if !template_char(c) {
            return None;
        }
        digits |= c.is_ascii_digit();
    }
    digits.then(|| {
        text.chars()
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect()
    })
}

/// Characters a template may hold: printable ASCII, Latin-1 and Latin Extended-A letters and
/// signs (precomposed; no combining marks, no soft hyphen), general punctuation from the
/// hyphens to the ellipsis, and the euro sign. All are drawn by Noto Sans alone, left to right.
fn template_char(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{A0}'..='\u{AC}'
        | '\u{AE}'..='\u{17F}'
        | '\u{2010}'..='\u{2027}'
        | '\u{20AC}')
}

impl Shaper {
    pub(crate) fn new() -> Result<Self, PdfError> {
        Ok(Self {
            fonts: Fonts::new()?,
            layout_cx: LayoutContext::new(),
            cache: HashMap::new(),
            templates: HashMap::new(),
            digits_uniform: [None; 2],
            unprintable: Unprintable::default(),
        })
    }

    /// Shapes one paragraph (no line breaks inside) and breaks it into lines of `width`.
    /// Long words and URLs break anywhere rather than overflow.
    pub(crate) fn para(&mut self, text: &str, style: Style, width: f32) -> Para {
        let para = self.cached_para(text, style, width);
        self.unprintable.add(&para.shaped.unprintable);
        para
    }

    fn cached_para(&mut self, text: &str, style: Style, width: f32) -> Para {
        if text.len() > CACHE_TEXT_MAX {
            return Para::plain(Arc::new(self.shape(text, style, width)));
        }
        if let Some(shaped) = self.templated(text, style, width) {
            return Para {
                shaped,
                text: Arc::from(text),
                templated: true,
            };
        }
        let key = ParaKey::new(text.to_owned(), style, width);
        if let Some(shaped) = self.cache.get(&key) {
            return Para::plain(shaped.clone());
        }
        let shaped = Arc::new(self.shape(text, style, width));
        if self.cache.len() + self.templates.len() < CACHE_ENTRIES_MAX {
            self.cache.insert(key, shaped.clone());
        }
        Para::plain(shaped)
    }

    /// The shaped template of `text`, if it has one (see [`template`]) and the fonts allow it.
    fn templated(&mut self, text: &str, style: Style, width: f32) -> Option<Arc<Shaped>> {
        let template = template(text)?;
        if !self.digits_uniform(style.bold) {
            return None;
        }
        let key = ParaKey::new(template, style, width);
        if let Some(shaped) = self.templates.get(&key) {
            return shaped.clone();
        }
        let shaped = self.shape(&key.text, style, width);
        let shaped = self.zeros_are_digits(&shaped).then(|| Arc::new(shaped));
        if self.cache.len() + self.templates.len() < CACHE_ENTRIES_MAX {
            self.templates.insert(key, shaped.clone());
        }
        shaped
    }

    /// Whether the digits 0–9 in this weight shape to the face's own digit glyphs, one each,
    /// unmoved and with one and the same advance (true for Noto Sans; checked once per
    /// document and weight, so that other fonts can never be drawn wrongly from a template).
    fn digits_uniform(&mut self, bold: bool) -> bool {
        let weight = usize::from(bold);
        if let Some(uniform) = self.digits_uniform.get(weight).copied().flatten() {
            return uniform;
        }
        let probe = self.shape("0123456789", Style::new(10.0, bold), 1000.0);
        let uniform = match probe.lines.as_slice() {
            [line] => match line.runs.as_slice() {
                [run] => self.fonts.digit_glyphs(run.face).is_some_and(|digits| {
                    run.glyphs.len() == digits.len()
                        && run
                            .glyphs
                            .iter()
                            .zip(digits)
                            .enumerate()
                            .all(|(n, (glyph, id))| {
                                glyph.glyph_id.to_u32() == id
                                    && glyph.text_range == (n..n + 1)
                                    && glyph.x_offset == 0.0
                                    && glyph.y_offset == 0.0
                            })
                        && run
                            .advances
                            .iter()
                            .all(|&a| a.to_bits() == run.advances[0].to_bits())
                }),
                _ => false,
            },
            _ => false,
        };
        if let Some(slot) = self.digits_uniform.get_mut(weight) {
            *slot = Some(uniform);
        }
        uniform
    }

    /// Whether a shaped template can stand for its texts: every glyph whose text holds a zero
    /// stands for that one zero alone and is its face's zero glyph, one glyph per zero, and
    /// nothing was unprintable.
    fn zeros_are_digits(&self, shaped: &Shaped) -> bool {
        let zeros = shaped.text.bytes().filter(|&b| b == b'0').count();
        let mut drawn = 0;
        for line in &shaped.lines {
            for run in &line.runs {
                let zero = self.fonts.digit_glyphs(run.face).map(|digits| digits[0]);
                for glyph in &run.glyphs {
                    let text = shaped
                        .text
                        .get(glyph.text_range.clone())
                        .unwrap_or_default();
                    if !text.contains('0') {
                        continue;
                    }
                    if text.len() != 1 || zero != Some(glyph.glyph_id.to_u32()) {
                        return false;
                    }
                    drawn += 1;
                }
            }
        }
        shaped.unprintable.is_empty() && drawn == zeros
    }

    fn shape(&mut self, text: &str, style: Style, width: f32) -> Shaped {
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
        let original = |shaped_offset: usize| {
            sub.map
                .get(shaped_offset)
                .copied()
                .unwrap_or(text.len())
                .min(text.len())
        };
        let lines: Vec<ShapedLine> = layout
            .lines()
            .map(|line| {
                let metrics = line.metrics();
                ShapedLine {
                    baseline: metrics.baseline,
                    block_min: metrics.block_min_coord,
                    offset: metrics.offset,
                    runs: line
                        .runs()
                        .filter_map(|run| glyph_run(&self.fonts, &run, original))
                        .collect(),
                }
            })
            .collect();
        let mut boxes: Vec<LineBox> = if text.is_empty() {
            Vec::new()
        } else {
            layout
                .lines()
                .map(|line| {
                    let m = line.metrics();
                    LineBox {
                        height: m.block_max_coord - m.block_min_coord,
                    }
                })
                .collect()
        };
        if boxes.is_empty() {
            boxes.push(LineBox { height: style.size });
        }
        Shaped {
            text: Arc::from(text),
            boxes,
            lines,
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

/// krilla's glyphs for one run of a line, each carrying the *original* text of its cluster
/// (`original` maps offsets in the shaped text back to the text as given). `None` for a run
/// without glyphs or size.
fn glyph_run(
    fonts: &Fonts,
    run: &parley::Run<'_, ()>,
    original: impl Fn(usize) -> usize,
) -> Option<GlyphRun> {
    let size = run.font_size();
    if size <= 0.0 {
        return None;
    }
    let face = fonts.face_of(run.font())?;
    let (_, replacement) = fonts.face(face)?;
    let mut glyphs: Vec<KrillaGlyph> = Vec::new();
    let mut advances: Vec<f32> = Vec::new();
    for cluster in run.visual_clusters() {
        let range = cluster.text_range();
        let original = original(range.start)..original(range.end);
        if cluster.is_ligature_continuation() {
            if let Some(last) = glyphs.last_mut() {
                last.text_range.start = last.text_range.start.min(original.start);
                last.text_range.end = last.text_range.end.max(original.end);
            }
            // The ligature glyph's advance already covers this cluster.
            continue;
        }
        for glyph in cluster.glyphs() {
            // `.notdef` should not occur (unknown characters were replaced before shaping),
            // but if it does, draw the visible replacement mark instead.
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
            advances.push(glyph.advance);
        }
    }
    (!glyphs.is_empty()).then_some(GlyphRun {
        face,
        size,
        glyphs,
        advances,
    })
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
        let width = para
            .shaped
            .lines
            .iter()
            .map(|line| line.offset + line.runs.iter().flat_map(|r| &r.advances).sum::<f32>())
            .fold(0.0, f32::max);
        assert!(width <= 200.5, "width {width}");
    }

    /// What drawing a paragraph hands krilla, line by line: position, face, size, glyphs (with
    /// a template's digits put back) and advances, all floats by their bits.
    fn drawn(para: &Para, fonts: &Fonts) -> Vec<String> {
        let mut out = Vec::new();
        for line in &para.shaped.lines {
            out.push(format!(
                "line {:x} {:x} {:x}",
                line.baseline.to_bits(),
                line.block_min.to_bits(),
                line.offset.to_bits()
            ));
            for run in &line.runs {
                let glyphs = para.glyphs(run, fonts);
                out.push(format!("run {} {:x}", run.face, run.size.to_bits()));
                for (glyph, advance) in glyphs.iter().zip(&run.advances) {
                    out.push(format!(
                        "{} {:?} {:x} {:x} {:x} {:x} {:?}",
                        glyph.glyph_id.to_u32(),
                        glyph.text_range,
                        glyph.x_advance.to_bits(),
                        glyph.x_offset.to_bits(),
                        glyph.y_offset.to_bits(),
                        advance.to_bits(),
                        para.text.get(glyph.text_range.clone()),
                    ));
                }
            }
        }
        out.extend(
            para.lines()
                .iter()
                .map(|b| format!("box {:x}", b.height.to_bits())),
        );
        out
    }

    /// Shapes `text` itself, without cache or template.
    fn direct(shaper: &mut Shaper, text: &str, style: Style, width: f32) -> Para {
        Para::plain(Arc::new(shaper.shape(text, style, width)))
    }

    fn template_chars() -> impl Iterator<Item = char> {
        (0..=0x20AC_u32)
            .filter_map(char::from_u32)
            .filter(|&c| template_char(c))
    }

    #[test]
    fn templates_draw_what_shaping_the_text_draws() {
        let mut shaper = Shaper::new().expect("fonts");
        let styles = [
            Style::new(9.0, false).leading(1.3),
            Style::new(9.0, true).leading(1.3),
            Style::new(10.5, false).leading(1.4).auto_direction(),
            Style::new(8.5, false).leading(1.3).end(),
        ];
        let mut checked = 0;
        for style in styles {
            // Every template character before and after every digit, and digits side by side.
            for c in template_chars() {
                let mut text: String = "0123456789".chars().flat_map(|d| [c, d]).collect();
                text.push(c);
                text.push_str("9876543210");
                let para = shaper.para(&text, style, 2000.0);
                assert!(para.templated, "{c:?} not templated");
                let direct = direct(&mut shaper, &text, style, 2000.0);
                assert_eq!(
                    drawn(&para, &shaper.fonts),
                    drawn(&direct, &shaper.fonts),
                    "U+{:04X}",
                    u32::from(c)
                );
                checked += 1;
            }
            // Line breaking: the same texts in narrow columns.
            for (n, text) in [
                "SN 2026/0417 INK-2026-00417 +46701740606 (Jonas Berg)",
                "2026-03-02 14:37:00 – 2026-12-31, 0701740606 § 26:1 OSL",
                "1111111111111111111111111111111111111111111111111111",
                "Åsa Öberg 19870521-2382 tel. 08-123 45 67, 12,5 % – 3 € …",
            ]
            .into_iter()
            .enumerate()
            {
                for width in [20.0, 37.5, 61.0, 96.0, 150.0] {
                    let width = width + n as f32;
                    let para = shaper.para(text, style, width);
                    assert!(para.templated, "{text} not templated");
                    let direct = direct(&mut shaper, text, style, width);
                    assert!(para.lines().len() > 1 || width > 90.0, "{text} at {width}");
                    assert_eq!(
                        drawn(&para, &shaper.fonts),
                        drawn(&direct, &shaper.fonts),
                        "{text} at {width}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 4 * 300, "{checked}");
    }

    #[test]
    fn templates_are_only_for_digits_among_template_characters() {
        assert_eq!(template("SN 2026/0417").as_deref(), Some("SN 0000/0000"));
        assert_eq!(template("08:05 – ÅÄÖ").as_deref(), Some("00:00 – ÅÄÖ"));
        // No digit: the text is its own cache key.
        assert_eq!(template("Karin Test"), None);
        // Outside the template characters: shaped as it is.
        for text in [
            "1\u{2044}2",
            "مرحبا 070-174",
            "x\u{301}1",
            "a\u{AD}1",
            "1\t2",
            "٣ 1",
            "1\u{FE0F}\u{20E3}",
            "Tiếng 1",
        ] {
            assert_eq!(template(text), None, "{text}");
        }
    }

    #[test]
    fn a_templated_paragraph_keeps_its_own_text_and_digits() {
        let mut shaper = Shaper::new().expect("fonts");
        let style = Style::new(9.0, false);
        let a = shaper.para("SN 2026/0417", style, 100.0);
        let b = shaper.para("SN 1999/8235", style, 100.0);
        assert!(a.templated && b.templated);
        assert!(Arc::ptr_eq(&a.shaped, &b.shaped), "one shaping for both");
        assert_eq!(&*a.text, "SN 2026/0417");
        assert_eq!(&*b.text, "SN 1999/8235");
        let glyphs = |para: &Para| -> Vec<u32> {
            drawn(para, &shaper.fonts)
                .iter()
                .filter_map(|l| l.split(' ').next()?.parse().ok())
                .collect()
        };
        let digits = shaper.fonts.digit_glyphs(0).expect("Noto Sans digits");
        let (ga, gb) = (glyphs(&a), glyphs(&b));
        assert_eq!(ga.len(), 12);
        assert_eq!(ga[3..7], [digits[2], digits[0], digits[2], digits[6]]);
        assert_eq!(gb[3..7], [digits[1], digits[9], digits[9], digits[9]]);
        assert_eq!(ga[..3], gb[..3]);
    }
}
