//! Hand-built Outlook .msg files (compound files with MAPI property streams), for the tests
//! that need a message no fixture holds: odd code pages, deep nesting, every script.

use std::io::{Cursor, Write};

/// Writes a compound file with the given streams (paths like "/__substg1.0_0037001E").
pub fn build_cfb(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("create");
    for (path, data) in streams {
        let path = std::path::Path::new(path);
        if let Some(parent) = path.parent() {
            cf.create_storage_all(parent).expect("storage");
        }
        cf.create_stream(path)
            .expect("stream")
            .write_all(data)
            .expect("write");
    }
    cf.flush().expect("flush");
    cf.into_inner().into_inner()
}

/// A property stream: `header` zero bytes, then one entry per (id, type, 8-byte value).
pub fn properties(header: usize, props: &[(u16, u16, u64)]) -> Vec<u8> {
    let mut out = vec![0u8; header];
    for &(id, ty, value) in props {
        out.extend_from_slice(&((u32::from(id) << 16) | u32::from(ty)).to_le_bytes());
        out.extend_from_slice(&6u32.to_le_bytes());
        out.extend_from_slice(&value.to_le_bytes());
    }
    out
}

/// A PT_UNICODE property value: UTF-16LE without terminator.
pub fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// A PT_SYSTIME value: 100-nanosecond intervals since 1601-01-01 UTC.
pub fn filetime(unix_seconds: i64) -> u64 {
    const UNIX_EPOCH_IN_1601_SECONDS: i64 = 11_644_473_600;
    u64::try_from(unix_seconds + UNIX_EPOCH_IN_1601_SECONDS).expect("after 1601") * 10_000_000
}

/// PR_RTF_COMPRESSED stored without compression ("MELA", MS-OXRTFCP 2.1.3.1.1).
pub fn uncompressed_rtf(rtf: &[u8]) -> Vec<u8> {
    let size = u32::try_from(rtf.len()).expect("small");
    let mut out = Vec::new();
    out.extend_from_slice(&(size + 12).to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(b"MELA");
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(rtf);
    out
}
