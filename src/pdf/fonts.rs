//! The embedded fonts and the substitution of characters they cannot draw.
//!
//! Only Noto Sans Regular and Bold are used for text, with a subset of Symbola (emoji and
//! symbols, monochrome outlines) as fallback for the characters Noto Sans lacks; all compiled
//! into the binary, so that a printout looks
//! the same on every office PC and never depends on which fonts Windows happens to have. System
//! fonts are deliberately not scanned: that keeps rendering fast and the output deterministic.

use std::sync::Arc;

use parley::fontique::{Blob, Charmap, Collection, CollectionOptions, SourceCache};
use parley::{FontContext, FontData};

use super::PdfError;

/// Noto Sans Regular 2.004 (SIL OFL 1.1, see `assets/fonts/OFL.txt`).
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
/// Noto Sans Bold 2.004 (SIL OFL 1.1, see `assets/fonts/OFL.txt`).
static BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// Symbola 2.60 by George Douros ("free for any use", see `assets/fonts/Symbola-LICENSE.txt`),
/// subset to arrows, symbols, dingbats and emoji (U+2190–2BFF, U+1F000–1FAFF) without hinting:
/// monochrome outlines, so emoji print in black like the text and PDF/A stays valid.
static EMOJI: &[u8] = include_bytes!("../../assets/fonts/Symbola-emoji.ttf");

/// The family name both embedded text fonts register under.
pub(crate) const FAMILY: &str = "Noto Sans";
/// The family name of the emoji fallback.
pub(crate) const EMOJI_FAMILY: &str = "Symbola";

/// Drawn in place of a character the fonts lack (emoji, most non-European scripts), so that it
/// shows up as a visible mark instead of vanishing. The original character stays in the PDF's
/// text layer (via `/ActualText`), so copying or extracting text still gives it back.
pub(crate) const REPLACEMENT: char = '\u{FFFD}';

/// One embedded font, in both worlds: parley shapes with it, krilla embeds it.
struct Face {
    blob_id: u64,
    krilla: krilla::text::Font,
    charmap: Charmap<'static>,
    /// Glyph of [`REPLACEMENT`], also used instead of `.notdef` (which PDF/A forbids).
    replacement_glyph: u32,
}

/// The fonts of one rendering.
pub(crate) struct Fonts {
    pub(crate) context: FontContext,
    regular: Face,
    bold: Face,
    emoji: Face,
}

impl Fonts {
    /// Registers the embedded fonts in a fresh font context without system fonts.
    pub(crate) fn new() -> Result<Self, PdfError> {
        let mut context = FontContext {
            collection: Collection::new(CollectionOptions {
                shared: false,
                system_fonts: false,
            }),
            source_cache: SourceCache::default(),
        };
        let regular = register(&mut context, REGULAR, "Noto Sans Regular", REPLACEMENT)?;
        let bold = register(&mut context, BOLD, "Noto Sans Bold", REPLACEMENT)?;
        // Symbola has no U+FFFD; a white square stands in should `.notdef` ever come up.
        let emoji = register(&mut context, EMOJI, "Symbola", '\u{25A1}')?;
        Ok(Self {
            context,
            regular,
            bold,
            emoji,
        })
    }

    /// Whether both faces have a real, visible glyph for `c`. Control characters count as
    /// missing: the font maps some of them (NUL, CR) to empty glyphs, and a stray control
    /// character in a message should show up as a mark, not vanish.
    pub(crate) fn covers(&self, c: char) -> bool {
        let has = |face: &Face| face.charmap.map(c).is_some_and(|glyph| glyph != 0);
        !c.is_control() && ((has(&self.regular) && has(&self.bold)) || has(&self.emoji))
    }

    /// The krilla font and replacement glyph for a font parley chose.
    pub(crate) fn krilla_font(&self, font: &FontData) -> (&krilla::text::Font, u32) {
        let id = font.data.id();
        let face = if id == self.bold.blob_id {
            &self.bold
        } else if id == self.emoji.blob_id {
            &self.emoji
        } else {
            &self.regular
        };
        (&face.krilla, face.replacement_glyph)
    }
}

fn register(
    context: &mut FontContext,
    bytes: &'static [u8],
    name: &str,
    replacement: char,
) -> Result<Face, PdfError> {
    let font_error = |what: &str| PdfError::Font(format!("{name}: {what}"));
    let blob = Blob::new(Arc::new(bytes));
    let blob_id = blob.id();
    let registered = context.collection.register_fonts(blob, None);
    let info = registered
        .first()
        .and_then(|(_, fonts)| fonts.first())
        .ok_or_else(|| font_error("not registered"))?;
    let charmap = info
        .charmap_index()
        .charmap(bytes)
        .ok_or_else(|| font_error("no character map"))?;
    let replacement_glyph = charmap
        .map(replacement)
        .filter(|glyph| *glyph != 0)
        .ok_or_else(|| font_error("no replacement character"))?;
    let krilla = krilla::text::Font::new(bytes.into(), 0)
        .ok_or_else(|| font_error("not readable by krilla"))?;
    Ok(Face {
        blob_id,
        krilla,
        charmap,
        replacement_glyph,
    })
}

/// Text prepared for shaping: characters the fonts lack are replaced by [`REPLACEMENT`], with a
/// map back to the original so the PDF's text layer keeps the original characters.
pub(crate) struct Substituted {
    /// What parley shapes.
    pub(crate) shaped: String,
    /// For every byte offset of `shaped` (and its end), the byte offset in the original text.
    /// A replacement maps to the start of the whole sequence it stands for, so a cluster's range
    /// `a..b` in `shaped` maps to `map[a]..map[b]` in the original.
    pub(crate) map: Vec<usize>,
}

/// Replaces every run of characters the fonts lack by one [`REPLACEMENT`] per visible symbol.
///
/// Emoji sequences (ZWJ families, skin tones, flags, keycaps, tags) count as one symbol, and a
/// variation selector after a drawable character is simply kept with that character, so "©️"
/// prints as "©", not "©�".
pub(crate) fn substitute(original: &str, fonts: &Fonts) -> Substituted {
    let mut shaped = String::with_capacity(original.len());
    let mut map = Vec::with_capacity(original.len() + 1);
    let mut chars = original.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if fonts.covers(c) {
            push(&mut shaped, &mut map, c, start);
            continue;
        }
        if is_attached(c) && !shaped.is_empty() {
            // Belongs to the previous symbol; the previous cluster's range grows over it.
            continue;
        }
        push(&mut shaped, &mut map, REPLACEMENT, start);
        let mut regional_indicators = usize::from(is_regional_indicator(c));
        while let Some(&(_, next)) = chars.peek() {
            if next == '\u{200D}' {
                chars.next();
                chars.next();
            } else if is_attached(next) {
                chars.next();
            } else if is_regional_indicator(next) && regional_indicators == 1 {
                regional_indicators += 1;
                chars.next();
            } else {
                break;
            }
        }
    }
    map.push(original.len());
    Substituted { shaped, map }
}

fn push(shaped: &mut String, map: &mut Vec<usize>, c: char, original_start: usize) {
    shaped.push(c);
    map.extend(std::iter::repeat_n(original_start, c.len_utf8()));
}

/// Characters that modify the symbol before them rather than standing alone.
fn is_attached(c: char) -> bool {
    matches!(c,
        '\u{FE00}'..='\u{FE0F}'
        | '\u{E0100}'..='\u{E01EF}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}'
        | '\u{20E3}'
        | '\u{200D}')
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(text: &str) -> (String, Vec<usize>) {
        let fonts = Fonts::new().expect("fonts");
        let s = substitute(text, &fonts);
        (s.shaped, s.map)
    }

    #[test]
    fn swedish_text_is_untouched() {
        let (shaped, map) = sub("Hej åäö ÅÄÖ é ü – ”citat” § 1 €");
        assert_eq!(shaped, "Hej åäö ÅÄÖ é ü – ”citat” § 1 €");
        assert_eq!(map.len(), shaped.len() + 1);
        assert!(shaped.char_indices().all(|(i, _)| map[i] == i));
        assert_eq!(map[shaped.len()], shaped.len());
    }

    #[test]
    fn control_characters_are_visible() {
        let (shaped, _) = sub("a\u{0}b\u{7}c");
        assert_eq!(shaped, "a\u{FFFD}b\u{FFFD}c");
    }

    #[test]
    fn emoji_are_drawn_from_the_fallback_font() {
        let text = "a👍b😀c☎d";
        let (shaped, _) = sub(text);
        assert_eq!(shaped, text);
    }

    #[test]
    fn sequences_no_font_has_become_one_replacement() {
        // U+1FAE8 (Unicode 15) is in neither font; with a skin tone, and joined by ZWJ.
        let text = "a\u{1FAE8}\u{1F3FD}b\u{1FAE8}\u{200D}\u{1FAE8}c你d";
        let (shaped, map) = sub(text);
        assert_eq!(shaped, "a\u{FFFD}b\u{FFFD}c\u{FFFD}d");
        // The first replacement maps back to the whole symbol with its skin tone.
        let start = map[1];
        let end = map[1 + REPLACEMENT.len_utf8()];
        assert_eq!(&text[start..end], "\u{1FAE8}\u{1F3FD}");
    }

    #[test]
    fn variation_selector_stays_with_drawable_base() {
        let (shaped, map) = sub("©\u{FE0F}x");
        assert_eq!(shaped, "©x");
        let x = shaped.find('x').expect("x");
        assert_eq!(map[x], "©\u{FE0F}".len());
    }
}
