//! Short property tests (a few dozen cases each, fast) for the importers' invariants.

use std::path::Path;

use inkom::import::*;
use inkom::model::{normalize_phone, thread_key};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Starts that send random bytes into each parser rather than only to "unsupported".
const PREFIXES: &[&[u8]] = &[
    b"",
    b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR",
    b"\xFF\xD8\xFF\xE0",
    b"RIFF\x20\0\0\0WEBPVP8L",
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n<sms ",
    b"From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n",
    b"From a Tue Nov  3 09:00:00 2026\nFrom: a@example.com\nSubject: x\n\n",
    b"datum;nummer;riktning;text\n",
    b"{\"_id\":\"1\",\"thread_id\":\"1\",\"address\":\"0701740605\"",
    b"PK\x03\x04",
    b"SQLite format 3\0",
    b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
];

fn parse_bytes(dir: &Path, bytes: &[u8]) {
    let path = dir.join("slump.bin");
    std::fs::write(&path, bytes).expect("write");
    let limits = ImportLimits {
        max_file_bytes: 1024 * 1024,
        max_image_pixels: 1_000_000,
    };
    let mut n = 0usize;
    // Ok or Err are both fine; a panic fails the test.
    let _ = parse_file(&path, &limits, &mut |_| {
        n += 1;
        Ok(())
    });
}

fn is_reserved_windows_name(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    matches!(
        stem.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || ["COM", "LPT"].iter().any(|p| {
        stem.strip_prefix(p).is_some_and(|n| {
            n.len() <= 2
                && n.chars().all(|c| c.is_ascii_digit() || "¹²³".contains(c))
                && !n.is_empty()
        })
    })
}

/// Characters XML 1.0 allows (the `Char` production), as a Rust `char`.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn body_strategy() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        'å', 'ä', 'ö', 'Å', 'Ä', 'Ö', '😀', '📎', '\n', '&', '<', '>', '"', '\'', ' ', '\t', '–',
    ]);
    let any_xml = any::<char>().prop_filter("XML char", |c| xml_char(*c));
    prop::collection::vec(prop_oneof![special, any_xml], 1..40)
        .prop_map(|chars| chars.into_iter().collect::<String>())
}

fn xml_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic(
        prefix in prop::sample::select(PREFIXES),
        tail in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut bytes = prefix.to_vec();
        bytes.extend_from_slice(&tail);
        parse_bytes(dir.path(), &bytes);
    }

    #[test]
    fn normalize_phone_is_idempotent(raw in "[0-9+ ()./-]{0,16}|[a-zA-Z0-9@._+-]{0,12}") {
        let once = normalize_phone(&raw);
        prop_assert_eq!(normalize_phone(&once), once.clone());
    }

    #[test]
    fn thread_key_is_idempotent(
        parts in prop::collection::vec("[0-9+ ()-]{0,14}|[a-z0-9@.]{1,10}", 0..5),
    ) {
        let key = thread_key(parts.iter().map(String::as_str));
        prop_assert_eq!(thread_key(key.split(',')), key.clone());
        // Order does not matter.
        let reversed = thread_key(parts.iter().rev().map(String::as_str));
        prop_assert_eq!(reversed, key);
    }

    #[test]
    fn sanitized_names_are_safe(raw in any::<String>(), index in 1usize..100) {
        let name = sanitize_file_name(&raw, index);
        prop_assert!(!name.is_empty());
        prop_assert!(!name.contains(['/', '\\']), "{name:?}");
        prop_assert!(!name.starts_with('.') && !name.contains("/.."), "{name:?}");
        prop_assert!(!name.chars().any(char::is_control), "{name:?}");
        prop_assert!(!name.contains(['<', '>', ':', '"', '|', '?', '*']), "{name:?}");
        prop_assert!(!name.ends_with(['.', ' ']), "{name:?}");
        prop_assert!(!is_reserved_windows_name(&name), "{name:?}");
        prop_assert!(name.chars().count() <= 150);
        // Sanitising is stable.
        prop_assert_eq!(sanitize_file_name(&name, index), name.clone());
    }

    #[test]
    fn sms_xml_round_trip(bodies in prop::collection::vec(body_strategy(), 1..8)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut xml = format!(
            "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{}\">\n",
            bodies.len()
        );
        for (i, body) in bodies.iter().enumerate() {
            xml.push_str(&format!(
                "  <sms protocol=\"0\" address=\"0701740605\" date=\"{}\" type=\"{}\" \
                 body=\"{}\" read=\"1\" status=\"-1\" contact_name=\"Amira Haddad\" />\n",
                1_794_222_195_000u64 + i as u64 * 1000,
                1 + i % 2,
                xml_attr(body),
            ));
        }
        xml.push_str("</smses>\n");
        let path = dir.path().join("sms.xml");
        std::fs::write(&path, &xml).expect("write");
        let mut got = Vec::new();
        let parsed = parse_file(&path, &ImportLimits::default(), &mut |item| {
            got.push(item.body);
            Ok(())
        });
        prop_assert!(parsed.is_ok(), "{:?}", parsed.err());
        prop_assert_eq!(got, bodies);
    }
}
