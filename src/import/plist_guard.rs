//! Property lists from files inkom did not write (an iPhone backup's `Manifest.plist`, a
//! message's `message_summary_info`), read so that a hostile one cannot crash the import.
//!
//! The `plist` crate builds a [`plist::Value`] by recursion, one stack frame per level of
//! nesting, and a binary plist can nest as deep as it has objects: 1.8 MB of arrays inside
//! arrays overflowed the stack and aborted the process (found by a test written for the edited
//! iMessages). Its event reader keeps its own stack, so the value is built from its events and
//! the builder is given them only while the nesting and the count stay sane. The event API is
//! behind the crate's "unstable" feature, so `Cargo.toml` pins the exact version.

use std::io::Cursor;

use plist::stream::{Event, Reader};

/// Deepest nesting read: Apple's own plists nest a handful of levels.
const MAX_DEPTH: usize = 64;

/// Most events (values, and ends of collections) read from one plist.
const MAX_EVENTS: usize = 1_000_000;

/// The plist in `bytes` (binary, XML or ASCII), or `None` when it does not read, nests deeper
/// than [`MAX_DEPTH`] or holds more than [`MAX_EVENTS`] values.
pub(crate) fn read(bytes: &[u8]) -> Option<plist::Value> {
    let mut depth = 0usize;
    let mut events = 0usize;
    let refused = std::cell::Cell::new(false);
    // One pass: the builder is handed the events only while they stay within the limits; past
    // them it gets no more, fails for want of the rest, and the plist is refused.
    let within = Reader::new(Cursor::new(bytes)).map_while(|event| {
        events += 1;
        match &event {
            Ok(Event::StartArray(_) | Event::StartDictionary(_)) => depth += 1,
            Ok(Event::EndCollection) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_DEPTH || events > MAX_EVENTS {
            refused.set(true);
            return None;
        }
        Some(event)
    });
    let value = plist::Value::from_events(within).ok()?;
    (!refused.get()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A binary plist of `n` arrays, each holding the next (the last empty).
    fn nested(n: u32) -> Vec<u8> {
        let mut plist = b"bplist00".to_vec();
        let mut offsets = Vec::new();
        for i in 0..n {
            offsets.push(u32::try_from(plist.len()).expect("small"));
            if i + 1 < n {
                plist.push(0xA1);
                plist.extend_from_slice(&(i + 1).to_be_bytes());
            } else {
                plist.push(0xA0);
            }
        }
        let table = plist.len() as u64;
        for offset in offsets {
            plist.extend_from_slice(&offset.to_be_bytes());
        }
        plist.extend_from_slice(&[0, 0, 0, 0, 0, 0, 4, 4]);
        plist.extend_from_slice(&u64::from(n).to_be_bytes());
        plist.extend_from_slice(&0u64.to_be_bytes());
        plist.extend_from_slice(&table.to_be_bytes());
        plist
    }

    #[test]
    fn a_plist_of_sane_depth_reads() {
        let value = read(&nested(10)).expect("reads");
        assert!(value.as_array().is_some());
        let xml = b"<?xml version=\"1.0\"?><plist version=\"1.0\"><dict><key>IsEncrypted</key>\
                    <false/></dict></plist>";
        let value = read(xml).expect("reads");
        assert_eq!(
            value
                .as_dictionary()
                .and_then(|d| d.get("IsEncrypted"))
                .and_then(plist::Value::as_boolean),
            Some(false)
        );
    }

    /// 200,000 levels overflowed the stack when built at once (the process aborted).
    #[test]
    fn a_plist_nested_deep_is_refused_without_overflow() {
        assert!(read(&nested(200_000)).is_none());
        assert!(read(&nested(MAX_DEPTH as u32 + 1)).is_none());
        assert!(read(&nested(MAX_DEPTH as u32)).is_some());
    }

    #[test]
    fn hostile_bytes_do_not_read() {
        assert!(read(b"").is_none());
        assert!(read(b"bplist00").is_none());
        assert!(read(&nested(5)[..20]).is_none());
    }
}
