//! The small files inkom keeps beside its database (`inkom.key`, `inkom.recovery`) and the
//! archivist's recovery-key file: one bounded reader and one atomic writer, so that every one
//! of them is read and replaced the same way (issue 17). Whoever can write to the data
//! directory can put anything there — a huge file, a FIFO, bytes that are not JSON — and each
//! must be refused the same clear way, before anything is written.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

/// Largest file read. Each is a few hundred bytes; a larger one is not inkom's and is not read
/// into memory.
pub(super) const MAX_BYTES: u64 = 64 * 1024;

/// Why a small file could not be read. The caller turns it into its own error, naming the file.
#[derive(Debug)]
pub(super) enum ReadError {
    /// Larger than [`MAX_BYTES`].
    TooLarge,
    /// Not a regular file (a FIFO, a device, a folder).
    NotAFile,
    /// Not JSON of the expected shape (or not UTF-8).
    NotJson,
    /// JSON of the right shape, but a version this inkom does not know.
    UnknownVersion,
    /// Reading failed.
    Io(std::io::Error),
}

impl ReadError {
    /// The short English reason for a damaged file (`BadKeyFile`, `BadSealedFile`), with
    /// `not_json` naming what the file should have been; or the I/O error, which the caller
    /// reports with the path.
    pub(super) fn damage(self, not_json: &'static str) -> Result<&'static str, std::io::Error> {
        match self {
            ReadError::TooLarge => Ok("too large"),
            ReadError::NotAFile => Ok("not a regular file"),
            ReadError::NotJson => Ok(not_json),
            ReadError::UnknownVersion => Ok("unknown version"),
            ReadError::Io(e) => Err(e),
        }
    }
}

/// A small JSON file's format version: each starts at 1, and a file of another version is
/// refused rather than half understood.
pub(super) trait Versioned {
    /// The file's `version` field.
    fn version(&self) -> u32;
}

/// The bytes of `path`, at most [`MAX_BYTES`], read from one open file (no size check that a
/// swapped file could outrun); `None` when there is no such file. Not blocking on a FIFO, and
/// zeroed when dropped (the archivist's file holds a private key).
pub(super) fn read_bytes(path: &Path) -> Result<Option<Zeroizing<Vec<u8>>>, ReadError> {
    let file = match open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ReadError::Io(e)),
    };
    if !file.metadata().map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(Some(bytes))
}

/// Reads and parses the JSON file `path` of version 1; `None` when there is no such file.
pub(super) fn read_json<T: DeserializeOwned + Versioned>(
    path: &Path,
) -> Result<Option<T>, ReadError> {
    let Some(bytes) = read_bytes(path)? else {
        return Ok(None);
    };
    let value: T = serde_json::from_slice(&bytes).map_err(|_| ReadError::NotJson)?;
    if value.version() != 1 {
        return Err(ReadError::UnknownVersion);
    }
    Ok(Some(value))
}

/// Writes `value` as `data_dir/name` atomically (a temporary file readable by the owner only,
/// fsync, rename, fsync of the directory): a crash leaves the old file or the new one, never
/// half of one. A serialising failure (never for these plain structs) is an I/O error, not a
/// panic.
pub(super) fn write_json<T: Serialize>(
    data_dir: &Path,
    name: &str,
    value: &T,
) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    let tmp = data_dir.join(format!("{name}.new"));
    crate::private_temp::write_private(&tmp, text.as_bytes())?;
    std::fs::rename(&tmp, data_dir.join(name))?;
    crate::private_temp::sync_dir(data_dir);
    Ok(())
}

#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<File> {
    File::open(path)
}
