//! The fonts of a printout and the substitution of characters they cannot draw.
//!
//! Every script a client of Swedish social services is likely to write in is embedded in the
//! binary (Noto families, SIL OFL 1.1, `assets/fonts/OFL.txt`), so a printout looks the same on
//! every office PC and never depends on what Windows happens to have installed:
//! Latin (Vietnamese's stacked diacritics included), Greek and Cyrillic (Noto Sans), Arabic with
//! Persian, Sorani and Pashto letters (Noto Naskh Arabic), Hebrew, Devanagari, Thai, Ethiopic,
//! Armenian and Georgian. Emoji and symbols come from a subset of Symbola.
//!
//! CJK (Chinese, Japanese, Korean) is the one exception: a CJK font is 16–20 MB per weight, more
//! than the whole rest of the installer, so it is taken from the system (Noto Sans CJK on Linux,
//! Microsoft YaHei / Yu Gothic / Malgun Gothic on Windows, PingFang / Hiragino / Apple SD Gothic
//! on macOS), read only when a text holds a character the embedded fonts lack, and kept for the
//! life of the process. When no such font is installed the characters are replaced by a visible
//! mark and the fidelity gate ([`super::fidelity`]) keeps the source from being deleted.

use std::sync::{Arc, OnceLock};

use parley::fontique::{Blob, Charmap, Collection, CollectionOptions, SourceCache};
use parley::{FontContext, FontData, FontFamilyName};

use super::PdfError;

/// One embedded font file.
struct Embedded {
    bytes: &'static [u8],
    /// For error messages only.
    name: &'static str,
}

macro_rules! embedded {
    ($file:literal) => {
        Embedded {
            bytes: include_bytes!(concat!("../../assets/fonts/", $file)),
            name: $file,
        }
    };
}

/// The embedded text fonts, in fallback order: for each character the first family that has it
/// draws it. Noto Sans comes first, so Latin digits and punctuation inside an Arabic or Thai
/// sentence look like the Swedish text around them. Versions and sources: `assets/fonts/OFL.txt`.
static EMBEDDED: &[Embedded] = &[
    embedded!("NotoSans-Regular.ttf"),
    embedded!("NotoSans-Bold.ttf"),
    embedded!("NotoNaskhArabic-Regular.ttf"),
    embedded!("NotoNaskhArabic-Bold.ttf"),
    embedded!("NotoSansHebrew-Regular.ttf"),
    embedded!("NotoSansHebrew-Bold.ttf"),
    embedded!("NotoSansDevanagari-Regular.ttf"),
    embedded!("NotoSansDevanagari-Bold.ttf"),
    embedded!("NotoSansThai-Regular.ttf"),
    embedded!("NotoSansThai-Bold.ttf"),
    embedded!("NotoSansEthiopic-Regular.ttf"),
    embedded!("NotoSansEthiopic-Bold.ttf"),
    embedded!("NotoSansArmenian-Regular.ttf"),
    embedded!("NotoSansArmenian-Bold.ttf"),
    embedded!("NotoSansGeorgian-Regular.ttf"),
    embedded!("NotoSansGeorgian-Bold.ttf"),
];

/// Symbola 2.60 by George Douros ("free for any use", see `assets/fonts/Symbola-LICENSE.txt`),
/// subset to arrows, symbols, dingbats and emoji (U+2190–2BFF, U+1F000–1FAFF) without hinting:
/// monochrome outlines, so emoji print in black like the text and PDF/A stays valid. Last in the
/// fallback order.
static EMOJI: Embedded = embedded!("Symbola-emoji.ttf");

/// CJK fonts looked for on the system, in order of preference: (file, the families to use from
/// it). Only the first family of a collection file is needed for coverage; Chinese forms (SC)
/// come first because Chinese is the most common CJK language among the unit's clients.
const SYSTEM_CJK: &[(&str, &[&str])] = &[
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        &["Noto Sans CJK SC"],
    ),
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        &["Noto Sans CJK SC"],
    ),
    (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        &["Droid Sans Fallback"],
    ),
    (r"C:\Windows\Fonts\msyh.ttc", &["Microsoft YaHei"]),
    (r"C:\Windows\Fonts\msyhbd.ttc", &["Microsoft YaHei"]),
    (r"C:\Windows\Fonts\YuGothR.ttc", &["Yu Gothic"]),
    (r"C:\Windows\Fonts\YuGothB.ttc", &["Yu Gothic"]),
    (r"C:\Windows\Fonts\malgun.ttf", &["Malgun Gothic"]),
    (r"C:\Windows\Fonts\malgunbd.ttf", &["Malgun Gothic"]),
    ("/System/Library/Fonts/PingFang.ttc", &["PingFang SC"]),
    (
        "/System/Library/Fonts/Hiragino Sans GB.ttc",
        &["Hiragino Sans GB"],
    ),
    (
        "/System/Library/Fonts/AppleSDGothicNeo.ttc",
        &["Apple SD Gothic Neo"],
    ),
];

/// Drawn in place of a character the fonts lack, so that it shows up as a visible mark instead
/// of vanishing. The original character stays in the PDF's text layer (via `/ActualText`), and
/// the fidelity gate counts it.
pub(crate) const REPLACEMENT: char = '\u{FFFD}';

/// Characters tried, in order, as the visible mark a font draws instead of `.notdef` (which
/// PDF/A forbids): the replacement character, a white square, the dotted circle every Noto
/// script font has for lone combining marks, a question mark.
const MARKS: [char; 4] = [REPLACEMENT, '\u{25A1}', '\u{25CC}', '?'];

/// One font of one rendering, in both worlds: parley shapes with it, krilla embeds it.
struct Face {
    blob_id: u64,
    index: u32,
    krilla: krilla::text::Font,
    charmap: Charmap<'static>,
    /// Glyph drawn instead of `.notdef`.
    replacement_glyph: u32,
    /// The glyphs of the ASCII digits 0–9, when the face maps all ten (see
    /// [`Fonts::digit_glyphs`]).
    digits: Option<[u32; 10]>,
}

/// End (exclusive) of the characters whose Noto Sans coverage is tabled: Basic Latin through
/// Latin Extended-B, which holds every letter of Swedish, the Nordic and the Central European
/// languages clients write in.
const LATIN_TABLE_END: u32 = 0x250;

/// How one paragraph is shaped, from [`Fonts::for_shaping`].
pub(crate) struct Shaping<'a> {
    pub(crate) context: &'a mut FontContext,
    pub(crate) families: &'a [FontFamilyName<'static>],
    /// Noto Sans in the paragraph's weight maps every character to a real glyph, so no
    /// cluster can shape to `.notdef`: the shaper composes or decomposes only into characters
    /// the font maps.
    pub(crate) alone: bool,
}

/// The fonts of one rendering.
pub(crate) struct Fonts {
    pub(crate) context: FontContext,
    /// Embedded text fonts (Noto Sans Regular and Bold first), emoji, then system CJK fonts
    /// once loaded. Only appended to, so a face's position identifies it for the whole
    /// rendering (shaped paragraphs refer to their faces by position); the fallback order is
    /// `families`.
    faces: Vec<Face>,
    /// Family names in fallback order, as parley's family list for every paragraph.
    families: Vec<FontFamilyName<'static>>,
    /// Whether the system's CJK fonts have been looked for in this rendering.
    system_loaded: bool,
}

/// The embedded fonts, parsed once per process (same order as [`EMBEDDED`], then [`EMOJI`]).
fn embedded_krilla() -> Result<&'static [krilla::text::Font], PdfError> {
    static FONTS: OnceLock<Result<Vec<krilla::text::Font>, String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            EMBEDDED
                .iter()
                .chain(std::iter::once(&EMOJI))
                .map(|e| {
                    krilla::text::Font::new(e.bytes.into(), 0)
                        .ok_or_else(|| format!("{}: not readable by krilla", e.name))
                })
                .collect()
        })
        .as_deref()
        .map_err(|message| PdfError::Font(message.clone()))
}

/// A CJK font file found on the system, read once per process.
struct SystemFile {
    blob: Blob<u8>,
    /// Faces of the wanted families: index within the file, krilla's font.
    faces: Vec<(u32, krilla::text::Font)>,
}

/// Set (to anything) to print as on a PC without CJK fonts: for testing the fidelity gate and
/// for seeing what a registration would look like on such a PC.
pub const NO_SYSTEM_FONTS: &str = "INKOM_NO_SYSTEM_FONTS";

/// The system's CJK fonts, looked for and read on first need. A missing or unreadable file is
/// skipped: the characters it would have drawn are then counted by the fidelity gate.
fn system_files() -> &'static [SystemFile] {
    static FILES: OnceLock<Vec<SystemFile>> = OnceLock::new();
    FILES.get_or_init(|| {
        if std::env::var_os(NO_SYSTEM_FONTS).is_some() {
            return Vec::new();
        }
        let mut scratch = Collection::new(CollectionOptions {
            shared: false,
            system_fonts: false,
        });
        SYSTEM_CJK
            .iter()
            .filter_map(|(path, families)| {
                let bytes = std::fs::read(path).ok()?;
                let data: Arc<Vec<u8>> = Arc::new(bytes);
                let blob = Blob::new(data.clone());
                let faces: Vec<(u32, krilla::text::Font)> = scratch
                    .register_fonts(blob.clone(), None)
                    .into_iter()
                    .filter(|(family, _)| {
                        scratch
                            .family_name(*family)
                            .is_some_and(|name| families.contains(&name))
                    })
                    .flat_map(|(_, infos)| infos)
                    .filter_map(|info| {
                        let font = krilla::text::Font::new(data.clone().into(), info.index())?;
                        Some((info.index(), font))
                    })
                    .collect();
                if faces.is_empty() {
                    tracing::warn!(path, "system CJK font not usable");
                    return None;
                }
                Some(SystemFile { blob, faces })
            })
            .collect()
    })
}

impl Fonts {
    /// Registers the embedded fonts in a fresh font context without system fonts.
    pub(crate) fn new() -> Result<Self, PdfError> {
        let mut fonts = Self {
            context: FontContext {
                collection: Collection::new(CollectionOptions {
                    shared: false,
                    system_fonts: false,
                }),
                source_cache: SourceCache::default(),
            },
            faces: Vec::with_capacity(EMBEDDED.len() + 1),
            families: Vec::new(),
            system_loaded: false,
        };
        let krilla = embedded_krilla()?;
        for (embedded, font) in EMBEDDED.iter().chain(std::iter::once(&EMOJI)).zip(krilla) {
            let blob = Blob::new(Arc::new(embedded.bytes));
            fonts
                .add(blob, embedded.bytes, &[(0, font.clone())])
                .map_err(|what| PdfError::Font(format!("{}: {what}", embedded.name)))?;
        }
        Ok(fonts)
    }

    /// Registers the faces `wanted` of one font file (in the fallback order before the emoji
    /// font, which stays last).
    fn add(
        &mut self,
        blob: Blob<u8>,
        bytes: &'static [u8],
        wanted: &[(u32, krilla::text::Font)],
    ) -> Result<(), &'static str> {
        let blob_id = blob.id();
        let registered = self.context.collection.register_fonts(blob, None);
        let mut added = false;
        for (family, infos) in registered {
            for info in infos {
                let Some((index, krilla)) = wanted.iter().find(|(i, _)| *i == info.index()) else {
                    continue;
                };
                let charmap = info
                    .charmap_index()
                    .charmap(bytes)
                    .ok_or("no character map")?;
                let replacement_glyph = MARKS
                    .iter()
                    .chain(std::iter::once(&' '))
                    .find_map(|&c| charmap.map(c).filter(|glyph| *glyph != 0))
                    .ok_or("no replacement mark")?;
                let name = self
                    .context
                    .collection
                    .family_name(family)
                    .ok_or("family without a name")?
                    .to_owned();
                let digits = digit_glyphs(&charmap);
                let face = Face {
                    blob_id,
                    index: *index,
                    krilla: krilla.clone(),
                    charmap,
                    replacement_glyph,
                    digits,
                };
                // The emoji font, once registered, stays last in the fallback order.
                let emoji_last = self.faces.len() > EMBEDDED.len();
                self.faces.push(face);
                if !self
                    .families
                    .iter()
                    .any(|f| matches!(f, FontFamilyName::Named(n) if *n == name))
                {
                    let at = if emoji_last {
                        self.families.len() - 1
                    } else {
                        self.families.len()
                    };
                    self.families.insert(at, FontFamilyName::Named(name.into()));
                }
                added = true;
            }
        }
        if added { Ok(()) } else { Err("not registered") }
    }

    /// Adds the system's CJK fonts to this rendering if `text` holds a character no embedded
    /// font has. Latin, Arabic … text never pays for reading a 20 MB font file.
    pub(crate) fn cover(&mut self, text: &str) {
        if self.system_loaded || text.chars().all(|c| c.is_control() || self.covers(c)) {
            return;
        }
        self.system_loaded = true;
        for file in system_files() {
            let bytes: &'static [u8] = file.blob.data();
            if let Err(what) = self.add(file.blob.clone(), bytes, &file.faces) {
                tracing::warn!(what, "system CJK font not registered");
            }
        }
    }

    /// How to shape a paragraph of `shaped` text: the font context, the family list in
    /// fallback order, and whether Noto Sans draws every character alone.
    ///
    /// Text that Noto Sans (the first family; its regular and bold faces are the first two)
    /// draws alone — nearly every Swedish paragraph — gets only that family: parley resolves
    /// every listed name for every paragraph and searches the list for each character, which
    /// made Latin printouts about 12 % slower once the script families were embedded. Any
    /// other text gets the whole list.
    pub(crate) fn for_shaping(&mut self, shaped: &str, bold: bool) -> Shaping<'_> {
        let weight = usize::from(bold);
        let alone = self.faces.len() > weight
            && shaped
                .chars()
                .all(|c| match self.latin_table().get(c as usize) {
                    Some(flags) => flags & (1 << weight) != 0,
                    None => self.faces[weight]
                        .charmap
                        .map(c)
                        .is_some_and(|glyph| glyph != 0),
                });
        let families = if alone {
            self.families.get(..1).unwrap_or_default()
        } else {
            &self.families[..]
        };
        Shaping {
            context: &mut self.context,
            families,
            alone,
        }
    }

    /// Whether some font has a real, visible glyph for `c`. Control characters count as
    /// missing: the font maps some of them (NUL, CR) to empty glyphs, and a stray control
    /// character in a message should show up as a mark, not vanish.
    pub(crate) fn covers(&self, c: char) -> bool {
        if self
            .latin_table()
            .get(c as usize)
            .is_some_and(|flags| flags & 0b11 != 0)
        {
            return !c.is_control();
        }
        !c.is_control()
            && self
                .faces
                .iter()
                .any(|face| face.charmap.map(c).is_some_and(|glyph| glyph != 0))
    }

    /// For each character below [`LATIN_TABLE_END`]: bit 0 set if Noto Sans Regular has a real
    /// glyph for it, bit 1 if Noto Sans Bold has. Latin text is nearly all of what is printed,
    /// and looking each character up in the character map three times per paragraph (cover,
    /// substitute, shaping) was a measurable share of a sheet. The embedded fonts are the same
    /// in every rendering, so the table is built once per process.
    fn latin_table(&self) -> &'static [u8] {
        static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
        TABLE.get_or_init(|| {
            (0..LATIN_TABLE_END)
                .map(|code| {
                    let Some(c) = char::from_u32(code) else {
                        return 0;
                    };
                    self.faces
                        .iter()
                        .take(2)
                        .enumerate()
                        .filter(|(_, face)| face.charmap.map(c).is_some_and(|glyph| glyph != 0))
                        .fold(0u8, |flags, (weight, _)| flags | 1 << weight)
                })
                .collect()
        })
    }

    /// The position (see [`Fonts::face`]) of the face parley chose, the first face if parley
    /// chose one that is not registered. `None` only if no font is registered at all, which
    /// [`Fonts::new`] does not allow.
    pub(crate) fn face_of(&self, font: &FontData) -> Option<usize> {
        let id = font.data.id();
        self.faces
            .iter()
            .position(|face| face.blob_id == id && face.index == font.index)
            .or_else(|| (!self.faces.is_empty()).then_some(0))
    }

    /// The krilla font and replacement glyph of the face at `position` (from
    /// [`Fonts::face_of`]; positions stay valid for the whole rendering).
    pub(crate) fn face(&self, position: usize) -> Option<(&krilla::text::Font, u32)> {
        self.faces
            .get(position)
            .map(|face| (&face.krilla, face.replacement_glyph))
    }

    /// The glyphs of the digits 0–9 in the face at `position`, if it maps all ten.
    ///
    /// Noto Sans draws every ASCII digit with the same advance and no substitution or kerning
    /// by default (only optional features such as `frac` or `onum` touch them), so a paragraph
    /// shaped with zeros in place of its digits differs from the real one only in those glyphs:
    /// the shaping cache uses that (see `text::template`).
    pub(crate) fn digit_glyphs(&self, position: usize) -> Option<[u32; 10]> {
        self.faces.get(position).and_then(|face| face.digits)
    }
}

/// The glyphs of '0'–'9' in a character map, if all ten are there.
fn digit_glyphs(charmap: &Charmap<'_>) -> Option<[u32; 10]> {
    let mut glyphs = [0; 10];
    for (glyph, digit) in glyphs.iter_mut().zip('0'..='9') {
        *glyph = charmap.map(digit).filter(|&g| g != 0)?;
    }
    Some(glyphs)
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
    /// The characters replaced because no font has them, one per replacement (the first of an
    /// emoji sequence stands for the sequence). Control characters are replaced too but not
    /// listed: they have no visible form to lose.
    pub(crate) unprintable: Vec<char>,
}

/// Replaces every run of characters the fonts lack by one [`REPLACEMENT`] per visible symbol.
///
/// Emoji sequences (ZWJ families, skin tones, flags, keycaps, tags) count as one symbol, and a
/// variation selector after a drawable character is simply kept with that character, so "©️"
/// prints as "©", not "©�".
pub(crate) fn substitute(original: &str, fonts: &Fonts) -> Substituted {
    let mut shaped = String::with_capacity(original.len());
    let mut map = Vec::with_capacity(original.len() + 1);
    let mut unprintable = Vec::new();
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
        if !c.is_control() {
            unprintable.push(c);
        }
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
    let (shaped, map) = isolate_numbers(shaped, map);
    Substituted {
        shaped,
        map,
        unprintable,
    }
}

/// Left-to-right isolate and its end (U+2066, U+2069), drawn as nothing.
const LRI: char = '\u{2066}';
const PDI: char = '\u{2069}';

/// In a paragraph with right-to-left letters, wraps each phone number or date
/// ("070-174 06 05", "+46 70 174 06 05", "2026-11-03") in a left-to-right isolate.
///
/// By UAX #9 alone, digits after an Arabic letter become Arabic numbers (rule W2), and a hyphen
/// or space between Arabic numbers stays neutral, so "070-1740606" would print as
/// "1740606-070". The isolate is the higher-level protocol the algorithm allows (HL4): the
/// number reads as written, and the sentence around it stays right to left. The inserted marks
/// map to no text, so the PDF's text layer keeps exactly the original.
fn isolate_numbers(shaped: String, map: Vec<usize>) -> (String, Vec<usize>) {
    if !shaped.chars().any(is_rtl) {
        return (shaped, map);
    }
    let chars: Vec<(usize, char)> = shaped.char_indices().collect();
    let mut out = String::with_capacity(shaped.len() + 12);
    let mut out_map = Vec::with_capacity(map.len() + 12);
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(shaped.len(), |&(byte, _)| byte);
    let original = |byte: usize| map.get(byte).copied().unwrap_or_default();
    let mut i = 0;
    while i < chars.len() {
        let starts = at(i).is_some_and(|c| c.is_ascii_digit())
            || (at(i) == Some('+') && at(i + 1).is_some_and(|c| c.is_ascii_digit()));
        let after_digit = i > 0 && at(i - 1).is_some_and(|c| c.is_ascii_digit());
        if starts && !after_digit {
            let mut end = i + 1;
            let mut separated = at(i) == Some('+');
            while let Some(c) = at(end) {
                if c.is_ascii_digit() {
                    end += 1;
                } else if matches!(c, '-' | ' ' | '/' | '.')
                    && at(end + 1).is_some_and(|n| n.is_ascii_digit())
                {
                    separated |= c != '.';
                    end += 1;
                } else {
                    break;
                }
            }
            if separated {
                let first = original(offset(i));
                out.push(LRI);
                out_map.extend(std::iter::repeat_n(first, LRI.len_utf8()));
                for k in i..end {
                    let byte = offset(k);
                    let len = at(k).map_or(0, char::len_utf8);
                    out.push_str(&shaped[byte..byte + len]);
                    out_map.extend_from_slice(&map[byte..byte + len]);
                }
                let last = original(offset(end));
                out.push(PDI);
                out_map.extend(std::iter::repeat_n(last, PDI.len_utf8()));
                i = end;
                continue;
            }
        }
        let byte = offset(i);
        let len = at(i).map_or(0, char::len_utf8);
        out.push_str(&shaped[byte..byte + len]);
        out_map.extend_from_slice(&map[byte..byte + len]);
        i += 1;
    }
    out_map.push(original(shaped.len()));
    (out, out_map)
}

/// Left-to-right mark (U+200E): a strong left-to-right character drawn as nothing.
const LRM: char = '\u{200E}';

/// Makes a paragraph with right-to-left letters left to right by starting it with a
/// left-to-right mark (UAX #9 P2 takes the first strong character; the mark is the protocol's
/// own means). The mark maps to no text, so the text layer keeps exactly the original.
pub(crate) fn left_to_right(sub: Substituted) -> Substituted {
    if !sub.shaped.chars().any(is_rtl) {
        return sub;
    }
    let mut shaped = String::with_capacity(sub.shaped.len() + LRM.len_utf8());
    shaped.push(LRM);
    shaped.push_str(&sub.shaped);
    let mut map = Vec::with_capacity(sub.map.len() + LRM.len_utf8());
    map.extend(std::iter::repeat_n(0, LRM.len_utf8()));
    map.extend_from_slice(&sub.map);
    Substituted {
        shaped,
        map,
        unprintable: sub.unprintable,
    }
}

/// Letters of right-to-left scripts (Hebrew, Arabic and its presentation forms, Syriac, Thaana,
/// N'Ko).
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
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
    fn only_text_noto_sans_draws_alone_is_shaped_with_one_family() {
        let mut fonts = Fonts::new().expect("fonts");
        let all = fonts.families.len();
        for (text, bold, alone) in [
            ("Hej Åsa, ring 070-174 06 05 – ”tack” § 1 €", false, true),
            ("Łódź, Dvořák, Þórr, Şəki", true, true),
            ("Tiếng Việt", false, true),
            ("مرحبا 070-174 06 05", false, false),
            ("Hej \u{E000}", false, false),
            (
                "Hej \u{FFFD}",
                false,
                fonts.faces[0].charmap.map('\u{FFFD}').is_some(),
            ),
        ] {
            let shaping = fonts.for_shaping(text, bold);
            assert_eq!(shaping.alone, alone, "{text}");
            assert_eq!(
                shaping.families.len(),
                if alone { 1 } else { all },
                "{text}"
            );
        }
        for code in 0..LATIN_TABLE_END {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let any = fonts
                .faces
                .iter()
                .any(|face| face.charmap.map(c).is_some_and(|glyph| glyph != 0));
            assert_eq!(fonts.covers(c), any && !c.is_control(), "U+{code:04X}");
        }
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
    fn numbers_in_right_to_left_text_are_isolated_and_map_to_nothing() {
        let text = "هاتفي 070-1740606 الساعة 10:30";
        let (shaped, map) = sub(text);
        assert_eq!(shaped, "هاتفي \u{2066}070-1740606\u{2069} الساعة 10:30");
        assert_eq!(map.len(), shaped.len() + 1);
        // The isolate's marks cover no original text; every original character is still there.
        let lri = shaped.find('\u{2066}').expect("LRI");
        assert_eq!(map[lri], map[lri + 3]);
        assert_eq!(&text[map[lri + 3]..map[lri + 4]], "0");
        // Left-to-right text is left alone.
        assert_eq!(sub("ring 070-1740606").0, "ring 070-1740606");
    }

    #[test]
    fn variation_selector_stays_with_drawable_base() {
        let (shaped, map) = sub("©\u{FE0F}x");
        assert_eq!(shaped, "©x");
        let x = shaped.find('x').expect("x");
        assert_eq!(map[x], "©\u{FE0F}".len());
    }
}
