//! Objects embedded in an Outlook message with OLE (a Word document, a spreadsheet, a file
//! dropped into the text as a "package"), as files a caseworker can open.
//!
//! They come two ways: as an attachment of method 6 (`ATTACH_OLE`), whose data is a storage
//! inside the `.msg` (MS-OXMSG 2.2.2.1), and inside an RTF body as an `\objdata` group, whose
//! hex is an OLE 1.0 object (MS-OLEDS 2.2.4: class name, then the native data). Before, both
//! were only said in the import summary and went with the source when it was deleted: they
//! were no attachment, so the deletion gate could not hold the source back. Now each is an
//! attachment, which the printout names and the gate holds back like any file it cannot draw.
//!
//! What the file is, is decided from what is inside, never by guessing: a packaged file
//! (`\x01Ole10Native`, MS-OLEDS 2.3.6) is given as the file the writer dropped in, with its
//! own name; an Office 2007 document (a `Package` stream) as its .docx/.xlsx/.pptx; an older
//! Office document as a compound file of its own (.doc, .xls, .ppt); an attached Outlook
//! message that is not followed (nested too deep, or damaged) as a .msg; anything else as the
//! object's bytes under `.bin`. Nothing is dropped when a structure does not read: the bytes
//! are then kept as they are. The input is hostile: every length is checked, nothing panics.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

/// The signature of a compound file (MS-CFB 2.2).
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Most entries copied from one object's storage; a larger one is kept as it is read so far
/// and the file is still valid (a hostile directory can be made to loop).
const MAX_ENTRIES: usize = 4096;

/// An embedded object as a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedObject {
    /// The file's own name, when the object says it (a packaged file).
    pub file_name: Option<String>,
    /// The extension it is kept under when it has no name of its own, without the dot.
    pub extension: &'static str,
    /// Its MIME type.
    pub mime: &'static str,
    /// The file.
    pub bytes: Vec<u8>,
}

impl EmbeddedObject {
    fn unnamed(extension: &'static str, mime: &'static str, bytes: Vec<u8>) -> Self {
        EmbeddedObject {
            file_name: None,
            extension,
            mime,
            bytes,
        }
    }

    /// Bytes that could not be read as anything more specific.
    fn raw(bytes: Vec<u8>) -> Self {
        Self::unnamed("bin", "application/octet-stream", bytes)
    }
}

/// The object of an RTF `\objdata` group: an OLE 1.0 object of an embedded kind (format 2)
/// gives its native data, read as [`from_native`]; a linked one (format 1) holds no content
/// and anything that does not read is kept whole.
pub(crate) fn from_ole1(data: Vec<u8>) -> EmbeddedObject {
    match ole1_native(&data) {
        Some((class, native)) => from_native(&class, native.to_vec()),
        None => EmbeddedObject::raw(data),
    }
}

/// The class name and native data of an embedded OLE 1.0 object (MS-OLEDS 2.2.4).
fn ole1_native(data: &[u8]) -> Option<(String, &[u8])> {
    let mut at = 4; // OLEVersion
    let format = u32_at(data, at)?;
    at += 4;
    if format != 2 {
        return None;
    }
    let class = counted_string(data, &mut at)?;
    counted_string(data, &mut at)?; // TopicName
    counted_string(data, &mut at)?; // ItemName
    let size = usize::try_from(u32_at(data, at)?).ok()?;
    at += 4;
    let native = data.get(at..at.checked_add(size)?)?;
    Some((class, native))
}

/// The native data of an OLE 1.0 object of class `class` as a file.
fn from_native(class: &str, native: Vec<u8>) -> EmbeddedObject {
    if class.eq_ignore_ascii_case("Package")
        && let Some((name, bytes)) = package(&native, false)
    {
        return named(name, bytes);
    }
    if native.starts_with(&CFB_MAGIC) {
        return from_compound(native);
    }
    EmbeddedObject::raw(native)
}

/// A packaged file (MS-OLEDS 2.3.6 OLENativeStream, as Packager writes it): an unknown short,
/// the label, the source path, two longs, the temporary path, the size and the bytes. In a
/// `\x01Ole10Native` stream the whole is preceded by its size (`sized`).
fn package(data: &[u8], sized: bool) -> Option<(String, Vec<u8>)> {
    let mut at = if sized { 4 } else { 0 };
    at += 2;
    let label = zero_terminated(data, &mut at)?;
    let path = zero_terminated(data, &mut at)?;
    at = at.checked_add(8)?;
    zero_terminated(data, &mut at)?; // the temporary path it was written to
    let size = usize::try_from(u32_at(data, at)?).ok()?;
    at += 4;
    let bytes = data.get(at..at.checked_add(size)?)?;
    // The source path's last part is the file's name as it was on the writer's disk (with its
    // extension, which tells its type); the label is what Packager shows, which the writer may
    // have changed, and is the name only when there is no path.
    let from_path = path
        .rsplit(['\\', '/'])
        .next()
        .unwrap_or_default()
        .to_string();
    let name = [from_path, label]
        .into_iter()
        .find(|n| !n.trim().is_empty())?;
    Some((name, bytes.to_vec()))
}

fn named(name: String, bytes: Vec<u8>) -> EmbeddedObject {
    let mime = super::super::common::mime_for_name(&name).unwrap_or("application/octet-stream");
    EmbeddedObject {
        file_name: Some(name),
        extension: "bin",
        mime,
        bytes,
    }
}

/// An object's compound file (an OLE 2 storage written out on its own) as the file it holds.
pub(crate) fn from_compound(bytes: Vec<u8>) -> EmbeddedObject {
    let Ok(mut cf) = cfb::CompoundFile::open(Cursor::new(&bytes[..])) else {
        return EmbeddedObject::raw(bytes);
    };
    let limit = bytes.len() as u64;
    let mut stream = |name: &str| -> Option<Vec<u8>> {
        let entry = cf.entry(name).ok().filter(|e| e.is_stream())?;
        if entry.len() > limit {
            return None;
        }
        let mut data = Vec::new();
        cf.open_stream(name)
            .ok()?
            .take(limit)
            .read_to_end(&mut data)
            .ok()?;
        Some(data)
    };
    if let Some(native) = stream("/\u{1}Ole10Native")
        && let Some((name, file)) = package(&native, true)
    {
        return named(name, file);
    }
    if let Some(zip) = stream("/Package").filter(|z| z.starts_with(b"PK\x03\x04")) {
        return ooxml(zip);
    }
    let has = |name: &str| cf.is_stream(name);
    if has("/__properties_version1.0") {
        // An Outlook message (its property stream, MS-OXMSG 2.4), kept as it was not followed.
        EmbeddedObject::unnamed("msg", "application/vnd.ms-outlook", bytes)
    } else if has("/WordDocument") {
        EmbeddedObject::unnamed("doc", "application/msword", bytes)
    } else if has("/Workbook") || has("/Book") {
        EmbeddedObject::unnamed("xls", "application/vnd.ms-excel", bytes)
    } else if has("/PowerPoint Document") {
        EmbeddedObject::unnamed("ppt", "application/vnd.ms-powerpoint", bytes)
    } else {
        EmbeddedObject::raw(bytes)
    }
}

/// An Office 2007 document, by the folder its main part is in.
fn ooxml(zip: Vec<u8>) -> EmbeddedObject {
    let holds = |part: &[u8]| zip.windows(part.len()).any(|w| w == part);
    let (extension, mime) = if holds(b"word/") {
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    } else if holds(b"xl/") {
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    } else if holds(b"ppt/") {
        (
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        )
    } else {
        ("zip", "application/zip")
    };
    EmbeddedObject::unnamed(extension, mime, zip)
}

/// One entry of an object's storage, as [`storage_entries`] lists it for [`compound_file`].
pub(crate) struct StorageEntry {
    /// Its path in the message's compound file.
    pub source: PathBuf,
    /// Its path in the object's own file.
    target: PathBuf,
    /// The length of a stream; `None` for a storage.
    pub stream_len: Option<u64>,
    /// The entry itself, for its class id.
    entry: cfb::Entry,
}

/// The entries of the storage at `path` of `cf`, itself first, at most [`MAX_ENTRIES`] (a
/// hostile directory can be made to loop); `None` when there is no such storage.
pub(crate) fn storage_entries<F>(
    cf: &cfb::CompoundFile<F>,
    path: &Path,
) -> Option<Vec<StorageEntry>> {
    let entries = cf.walk_storage(path).ok()?;
    Some(
        entries
            .take(MAX_ENTRIES)
            .filter_map(|e| {
                let target = Path::new("/").join(e.path().strip_prefix(path).ok()?);
                Some(StorageEntry {
                    source: e.path().to_path_buf(),
                    target,
                    stream_len: e.is_stream().then(|| e.len()),
                    entry: e,
                })
            })
            .collect(),
    )
}

/// The storage listed as `entries` written as a compound file of its own, with the same tree
/// and class ids (what Outlook gives when it saves an embedded object); `streams` holds the
/// streams' data in the order of `entries`. `None` when the tree does not write (a stream
/// listed inside a stream, a name twice).
pub(crate) fn compound_file(
    entries: &[StorageEntry],
    mut streams: impl Iterator<Item = Vec<u8>>,
) -> Option<Vec<u8>> {
    let mut copy = cfb::CompoundFile::create(Cursor::new(Vec::new())).ok()?;
    for entry in entries {
        if entry.stream_len.is_some() {
            let data = streams.next()?;
            copy.create_stream(&entry.target)
                .and_then(|mut s| s.write_all(&data))
                .ok()?;
        } else {
            if entry.target != Path::new("/") {
                copy.create_storage(&entry.target).ok()?;
            }
            copy.set_storage_clsid(&entry.target, *entry.entry.clsid())
                .ok()?;
        }
    }
    copy.flush().ok()?;
    Some(copy.into_inner().into_inner())
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// An OLE 1.0 `LengthPrefixedAnsiString`: its length counts the terminating NUL.
fn counted_string(data: &[u8], at: &mut usize) -> Option<String> {
    let len = usize::try_from(u32_at(data, *at)?).ok()?;
    let start = at.checked_add(4)?;
    let bytes = data.get(start..start.checked_add(len)?)?;
    *at = start + len;
    Some(ansi(bytes.split(|&b| b == 0).next().unwrap_or_default()))
}

/// A NUL-terminated ANSI string starting at `at`.
fn zero_terminated(data: &[u8], at: &mut usize) -> Option<String> {
    let rest = data.get(*at..)?;
    let end = rest.iter().position(|&b| b == 0)?;
    *at += end + 1;
    Some(ansi(&rest[..end]))
}

/// Packager writes names in the writer's ANSI code page; windows-1252 reads Swedish ones.
fn ansi(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A packaged file as Packager writes it, without its size (as in an OLE 1.0 object).
    fn packaged(name: &str, bytes: &[u8]) -> Vec<u8> {
        let ansi = |s: &str| encoding_rs::WINDOWS_1252.encode(s).0.into_owned();
        let mut p = vec![2, 0];
        p.extend_from_slice(&ansi(name));
        p.push(0);
        p.extend_from_slice(&ansi(&format!("C:\\Users\\karin\\{name}")));
        p.push(0);
        p.extend_from_slice(&[0, 0, 3, 0, 0, 0, 0, 0]);
        p.extend_from_slice(b"C:\\Temp\\x\0");
        p.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        p.extend_from_slice(bytes);
        p
    }

    fn ole1(class: &str, native: &[u8]) -> Vec<u8> {
        let mut o = vec![1, 5, 0, 0, 2, 0, 0, 0];
        for s in [class, "", ""] {
            o.extend_from_slice(&(s.len() as u32 + 1).to_le_bytes());
            o.extend_from_slice(s.as_bytes());
            o.push(0);
        }
        o.extend_from_slice(&(native.len() as u32).to_le_bytes());
        o.extend_from_slice(native);
        o
    }

    #[test]
    fn a_packaged_file_keeps_its_name_and_bytes() {
        let object = from_ole1(ole1("Package", &packaged("Intyg ö.txt", b"Intyg\n")));
        assert_eq!(object.file_name.as_deref(), Some("Intyg ö.txt"));
        assert_eq!(object.bytes, b"Intyg\n");
        assert_eq!(object.mime, "text/plain");
    }

    /// A label the writer changed ("Intyget") does not hide the file's own name and type.
    #[test]
    fn the_file_name_comes_from_the_source_path_before_the_label() {
        let mut p = vec![2, 0];
        p.extend_from_slice(b"Intyget\0C:\\Temp\\Intyg.pdf\0");
        p.extend_from_slice(&[0, 0, 3, 0, 0, 0, 0, 0]);
        p.extend_from_slice(b"C:\\x\0");
        p.extend_from_slice(&4u32.to_le_bytes());
        p.extend_from_slice(b"%PDF");
        let object = from_ole1(ole1("Package", &p));
        assert_eq!(
            (object.file_name.as_deref(), object.mime),
            (Some("Intyg.pdf"), "application/pdf")
        );
    }

    #[test]
    fn an_office_document_is_told_by_its_streams() {
        let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("create");
        cf.create_stream("/Workbook")
            .expect("stream")
            .write_all(b"BIFF")
            .expect("write");
        cf.flush().expect("flush");
        let bytes = cf.into_inner().into_inner();
        let object = from_ole1(ole1("Excel.Sheet.8", &bytes));
        assert_eq!((object.extension, object.file_name), ("xls", None));
        assert_eq!(object.bytes, bytes);
    }

    #[test]
    fn what_does_not_read_is_kept_whole() {
        for data in [
            vec![1, 5],
            ole1("Package", b"\x02\0no terminator"),
            ole1("Word.Document.8", b"not a compound file"),
        ] {
            let object = from_ole1(data.clone());
            assert_eq!(object.extension, "bin");
            assert!(!object.bytes.is_empty());
        }
        // A linked object (format 1) has no content of its own: its bytes are kept.
        let mut linked = ole1("Package", b"x");
        linked[4] = 1;
        assert_eq!(from_ole1(linked.clone()).bytes, linked);
    }

    #[test]
    fn hostile_lengths_do_not_panic() {
        let mut o = vec![1, 5, 0, 0, 2, 0, 0, 0];
        o.extend_from_slice(&u32::MAX.to_le_bytes());
        let _ = from_ole1(o);
        let _ = package(
            &[
                2, 0, b'a', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
            ],
            false,
        );
        let _ = from_compound(CFB_MAGIC.to_vec());
    }
}
