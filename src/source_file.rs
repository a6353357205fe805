//! Deleting an imported source file (`confirm-source-deleted --delete-file`) so that what is
//! deleted is what was imported, and nothing else.
//!
//! inkom logs "source file deleted", and a caseworker relies on that: the copy on the computer
//! is gone. A path is only a name, so the file is opened once, without following a symbolic
//! link and without blocking (a FIFO put in its place would otherwise hang inkom while it
//! holds the store's write lock). That open file must be a regular file with exactly one
//! link (a second hard link would keep the content under another name), its content is hashed
//! from the same open file and compared with the hash at import, and just before unlinking,
//! the name must still lead to that same file (device and inode). Anything else is refused
//! with the reason, and the file is left alone.
//!
//! What remains: the name is checked and unlinked in two steps, so a process of the same user
//! that swaps the file in that instant is not caught; directories above the file may be links.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::lifecycle::LifecycleError;

/// Why a source file was not deleted. Messages name the file, never its content.
#[derive(Debug, thiserror::Error)]
pub enum SourceFileError {
    /// Nothing at that path.
    #[error("not found")]
    Missing,
    /// The content differs from what was imported.
    #[error("content changed since import")]
    Changed,
    /// The path is a symbolic link.
    #[error("is a symbolic link")]
    Symlink,
    /// A FIFO, device, socket or directory.
    #[error("is not a regular file")]
    NotRegular,
    /// The file has more than one name.
    #[error("has {0} hard links")]
    HardLinked(u64),
    /// The name led to another file by the time it was to be unlinked.
    #[error("was replaced while being checked")]
    Swapped,
    /// Reading or unlinking failed.
    #[error("{what}: {source}")]
    Io {
        /// What inkom was doing.
        what: &'static str,
        /// The cause.
        source: std::io::Error,
    },
}

impl SourceFileError {
    /// The reason in Swedish, to follow "Källfilen … raderades inte:".
    pub fn sv(&self) -> String {
        match self {
            SourceFileError::Missing => "den finns inte.".to_string(),
            SourceFileError::Changed => "den har ändrats sedan importen.".to_string(),
            SourceFileError::Symlink => "sökvägen är en symbolisk länk, inte själva filen. \
                 Radera filen som länken pekar på själv och bekräfta utan --delete-file."
                .to_string(),
            SourceFileError::NotRegular => {
                "det är ingen vanlig fil (t.ex. en namngiven pipe eller en enhet).".to_string()
            }
            SourceFileError::HardLinked(n) => format!(
                "filen har {n} namn (hårda länkar); innehållet skulle finnas kvar under de \
                 andra. Radera alla namn själv och bekräfta utan --delete-file."
            ),
            SourceFileError::Swapped => {
                "filen byttes ut medan den kontrollerades. Försök igen.".to_string()
            }
            SourceFileError::Io { .. } => "filen kunde inte läsas eller raderas.".to_string(),
        }
    }

    /// The lifecycle error for item `id`: the long-standing codes for a missing or changed
    /// file, `source_unsafe` for the rest.
    pub(crate) fn for_item(self, id: i64, path: &Path) -> LifecycleError {
        let path = path.to_path_buf();
        match self {
            SourceFileError::Missing => LifecycleError::SourceMissing { id, path },
            SourceFileError::Changed => LifecycleError::SourceChanged { id, path },
            reason => LifecycleError::SourceUnsafe { id, path, reason },
        }
    }
}

/// Opens `path` if it is the regular, singly linked file whose SHA-256 is `sha256`.
fn open_unchanged(path: &Path, sha256: &str) -> Result<std::fs::Metadata, SourceFileError> {
    let file = open_no_follow(path)?;
    let meta = file.metadata().map_err(io("reading"))?;
    if !meta.file_type().is_file() {
        return Err(SourceFileError::NotRegular);
    }
    let links = link_count(&meta);
    if links != 1 {
        return Err(SourceFileError::HardLinked(links));
    }
    if hash(&file)? != sha256 {
        return Err(SourceFileError::Changed);
    }
    Ok(meta)
}

/// The checks of [`delete_if_unchanged`] without the deletion: whatever would refuse the
/// deletion refuses before inkom reads the file again to see what else it holds.
pub fn check_unchanged(path: &Path, sha256: &str) -> Result<(), SourceFileError> {
    open_unchanged(path, sha256).map(|_| ())
}

/// Deletes `path` if it is the regular, singly linked file whose SHA-256 is `sha256`.
pub fn delete_if_unchanged(path: &Path, sha256: &str) -> Result<(), SourceFileError> {
    let meta = open_unchanged(path, sha256)?;
    let now = std::fs::symlink_metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => SourceFileError::Swapped,
        _ => SourceFileError::Io {
            what: "checking",
            source: e,
        },
    })?;
    if now.file_type().is_symlink() || !same_file(&meta, &now) {
        return Err(SourceFileError::Swapped);
    }
    std::fs::remove_file(path).map_err(io("deleting"))
}

fn io(what: &'static str) -> impl Fn(std::io::Error) -> SourceFileError {
    move |source| SourceFileError::Io { what, source }
}

fn hash(mut file: &File) -> Result<String, SourceFileError> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io("reading")(e)),
        }
    }
    Ok(hex::encode(hasher.finalize()))
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> Result<File, SourceFileError> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => SourceFileError::Symlink,
            // FreeBSD and macOS say EMLINK for O_NOFOLLOW on a link.
            Some(libc::EMLINK) => SourceFileError::Symlink,
            _ if e.kind() == std::io::ErrorKind::NotFound => SourceFileError::Missing,
            _ => io("opening")(e),
        })
}

/// Without O_NOFOLLOW: the name is checked first and the opened file compared after (by
/// size and modification time, as std offers no file id here).
#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> Result<File, SourceFileError> {
    let before = std::fs::symlink_metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => SourceFileError::Missing,
        _ => io("opening")(e),
    })?;
    if before.file_type().is_symlink() {
        return Err(SourceFileError::Symlink);
    }
    if !before.file_type().is_file() {
        return Err(SourceFileError::NotRegular);
    }
    File::open(path).map_err(io("opening"))
}

#[cfg(unix)]
fn link_count(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

/// std gives no link count on Windows (see SECURITY.md).
#[cfg(not(unix))]
fn link_count(_: &std::fs::Metadata) -> u64 {
    1
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}
