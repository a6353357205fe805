//! A file path as text, without losing a byte (issue 17, item 7).
//!
//! inkom records where each item came from ([`SourceRef::path`](crate::model::SourceRef)), so
//! `confirm-source-deleted --delete-file` can delete exactly that file later and the chain of
//! custody names it. Paths travel as text: in the store, in JSON output and across the app's
//! IPC. But a Linux file name is any bytes (a file copied from an old phone or a Windows share
//! may be named in Latin-1: `sms-\xff.xml`), and a lossy conversion turns such a name into
//! another one (`sms-\u{fffd}.xml`) — the file then cannot be found, let alone deleted.
//!
//! The text of a path is therefore:
//! - the path itself when it is valid Unicode and does not start with [`MARKER`] — every path
//!   a user normally has, stored exactly as before;
//! - otherwise [`MARKER`] followed by the path with each byte that is not part of valid UTF-8
//!   written `\xHH` (two lower-case hex digits) and each backslash doubled (`\\`). On Windows,
//!   where a path is UTF-16, an unpaired surrogate is written `\uHHHH`.
//!
//! An absolute path never starts with `bytes:` (it starts with `/`, a drive letter and `:`, or
//! `\\`), so the two forms cannot be confused, and [`from_text`] gives back the very path
//! [`to_text`] was given. [`for_display`] is the human form for a terminal or a printout (the
//! escapes without the marker); it is not meant to be parsed.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Starts the text of a path that is not valid Unicode (or that itself starts with these
/// characters).
pub const MARKER: &str = "bytes:";

/// The lossless text of `path` (see the module documentation).
pub fn to_text(path: &Path) -> String {
    match path.to_str() {
        Some(s) if !s.starts_with(MARKER) => s.to_string(),
        _ => format!("{MARKER}{}", escaped(path)),
    }
}

/// The path whose text is `text`: the inverse of [`to_text`]. A text with a malformed escape
/// after the marker (never made by [`to_text`]) is taken literally.
pub fn from_text(text: &str) -> PathBuf {
    match text.strip_prefix(MARKER) {
        Some(rest) => unescape(rest).unwrap_or_else(|| PathBuf::from(text)),
        None => PathBuf::from(text),
    }
}

/// The path of `text` for people: as written when it is valid Unicode, else with the bytes
/// that are not shown as `\xHH` (no marker). Still to be passed through
/// [`terminal::line`](crate::terminal::line) for a terminal.
pub fn for_display(text: &str) -> String {
    match text.strip_prefix(MARKER) {
        Some(rest) if unescape(rest).is_some() => rest.to_string(),
        _ => text.to_string(),
    }
}

/// `path` for people: [`for_display`] of its text.
pub fn display(path: &Path) -> String {
    for_display(&to_text(path))
}

/// Serializes a path as its lossless text, for `#[serde(serialize_with = ...)]` on a path
/// field (serde's own impl fails on a path that is not valid Unicode).
pub fn serialize<S: serde::Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&to_text(path))
}

/// The path with `\` doubled and every unit that is not valid Unicode escaped.
#[cfg(unix)]
fn escaped(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in path.as_os_str().as_bytes().utf8_chunks() {
        out.push_str(&chunk.valid().replace('\\', "\\\\"));
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

#[cfg(windows)]
fn escaped(path: &Path) -> String {
    use std::os::windows::ffi::OsStrExt;
    let mut out = String::new();
    for unit in char::decode_utf16(path.as_os_str().encode_wide()) {
        match unit {
            Ok('\\') => out.push_str("\\\\"),
            Ok(c) => out.push(c),
            Err(e) => {
                let _ = write!(out, "\\u{:04x}", e.unpaired_surrogate());
            }
        }
    }
    out
}

/// Undoes [`escaped`]; `None` when the text holds an escape it never writes.
fn unescape(text: &str) -> Option<PathBuf> {
    let mut units: Vec<u16> = Vec::new();
    let mut bytes: Vec<u8> = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0u8; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            units.extend(c.encode_utf16(&mut [0u16; 2]).iter());
            continue;
        }
        match chars.next()? {
            '\\' => {
                bytes.push(b'\\');
                units.push(u16::from(b'\\'));
            }
            'x' if cfg!(unix) => bytes.push(hex(&mut chars, 2)? as u8),
            'u' if cfg!(windows) => units.push(hex(&mut chars, 4)? as u16),
            _ => return None,
        }
    }
    Some(PathBuf::from(os_string(bytes, units)))
}

/// Reads `digits` hex digits.
fn hex(chars: &mut std::str::Chars<'_>, digits: usize) -> Option<u32> {
    let mut value = 0u32;
    for _ in 0..digits {
        value = value * 16 + chars.next()?.to_digit(16)?;
    }
    Some(value)
}

#[cfg(unix)]
fn os_string(bytes: Vec<u8>, _units: Vec<u16>) -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(bytes)
}

#[cfg(windows)]
fn os_string(_bytes: Vec<u8>, units: Vec<u16>) -> OsString {
    use std::os::windows::ffi::OsStringExt;
    OsString::from_wide(&units)
}
