//! What a printout could not reproduce: the characters no font could draw, and their scripts.
//!
//! The printout is what remains of a message once its source is deleted, so a character drawn
//! as a replacement mark is content lost for good. The writer counts every such character while
//! shaping; the count goes on page 1 of the printout and into the registration, and the
//! fidelity gate ([`crate::fidelity`]) keeps the source from being deleted until a printout
//! without losses exists.

use std::collections::BTreeSet;

/// The characters a rendering could not draw. Empty for a faithful printout.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unprintable {
    /// How many characters were drawn as a replacement mark (an emoji sequence counts once).
    pub count: usize,
    /// The scripts they belong to, in Swedish (e.g. "kinesiska tecken (han)"), sorted.
    pub scripts: BTreeSet<&'static str>,
}

impl Unprintable {
    /// Whether every character was drawn.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    pub(crate) fn add(&mut self, chars: &[char]) {
        self.count += chars.len();
        self.scripts.extend(chars.iter().map(|&c| script_sv(c)));
    }

    /// The scripts as one Swedish phrase: "arabisk skrift och kinesiska tecken (han)".
    pub fn scripts_sv(&self) -> String {
        let names: Vec<&str> = self.scripts.iter().copied().collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => (*one).to_owned(),
            [rest @ .., last] => format!("{} och {last}", rest.join(", ")),
        }
    }

    /// The warning printed on page 1: "3 tecken kunde inte återges — behåll källan".
    pub fn notice_sv(&self) -> String {
        format!(
            "{} tecken kunde inte återges — behåll källan ({}). Utskriften är inte en \
             fullständig kopia av handlingen.",
            self.count,
            self.scripts_sv()
        )
    }
}

/// The Swedish name of the script of `c`, for the registrar and the caseworker: which font is
/// missing, and which interpreter may be needed.
pub fn script_sv(c: char) -> &'static str {
    match u32::from(c) {
        0x0000..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF => "latinsk skrift",
        0x0370..=0x03FF | 0x1F00..=0x1FFF => "grekisk skrift",
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => "kyrillisk skrift",
        0x0530..=0x058F | 0xFB13..=0xFB17 => "armenisk skrift",
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => "hebreisk skrift",
        0x0600..=0x06FF | 0x0750..=0x077F | 0x0870..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            "arabisk skrift"
        }
        0x0900..=0x097F | 0xA8E0..=0xA8FF => "devanagari",
        0x0980..=0x0DFF => "indisk skrift",
        0x0E00..=0x0E7F => "thailändsk skrift",
        0x10A0..=0x10FF | 0x1C90..=0x1CBF | 0x2D00..=0x2D2F => "georgisk skrift",
        0x1200..=0x139F | 0x2D80..=0x2DDF | 0xAB00..=0xAB2F => "etiopisk skrift (ge’ez)",
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF => {
            "koreansk skrift (hangul)"
        }
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => "japansk skrift (kana)",
        0x2E80..=0x2FDF
        | 0x3000..=0x303F
        | 0x3100..=0x312F
        | 0x3190..=0x31EF
        | 0x3200..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF65
        | 0xFFA0..=0xFFEF
        | 0x20000..=0x3FFFF => "kinesiska tecken (han)",
        0x2190..=0x2BFF | 0x1F000..=0x1FAFF => "emoji och symboler",
        0xE000..=0xF8FF | 0xF0000..=0x10FFFF => "privata tecken",
        _ => "övriga tecken",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_names_scripts_in_swedish() {
        let mut u = Unprintable::default();
        assert!(u.is_empty());
        u.add(&['你', '好', '\u{E000}']);
        assert_eq!(u.count, 3);
        assert_eq!(u.scripts_sv(), "kinesiska tecken (han) och privata tecken");
        assert!(
            u.notice_sv()
                .starts_with("3 tecken kunde inte återges — behåll källan")
        );
        u.add(&['ب']);
        assert_eq!(
            u.scripts_sv(),
            "arabisk skrift, kinesiska tecken (han) och privata tecken"
        );
    }
}
