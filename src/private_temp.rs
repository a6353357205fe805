//! A private place for the few moments content must exist as a loose file: a PDF handed to the
//! printer or a viewer. Everything else stays inside the encrypted database.
//!
//! The directory is `tmp/` inside the data directory (owner-only, 0700 on Unix; on Windows the
//! data directory under `%APPDATA%` is already private to the user), each file is created
//! owner-only (0600) and is overwritten and removed when its [`TempFile`] guard drops. Whatever
//! a crash left behind is removed by [`sweep`], which [`crate::store::Store::open`] calls at
//! every start.
//!
//! For the app: `let pdf = private_temp::write(data_dir, "registreringsblad.pdf", &bytes)?;`,
//! hand `pdf.path()` to the viewer, and keep `pdf` alive until the viewer is done with it.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The private directory's name inside the data directory.
pub const DIR: &str = "tmp";

/// A file in the private directory; overwritten and removed when dropped.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    /// Where the file is, to hand to a viewer or printer.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        shred(&self.path);
    }
}

/// The private directory for `data_dir`, created owner-only if missing.
pub fn dir(data_dir: &Path) -> std::io::Result<PathBuf> {
    let dir = data_dir.join(DIR);
    std::fs::create_dir_all(&dir)?;
    restrict_dir(&dir)?;
    Ok(dir)
}

/// Writes `bytes` as `name` (only its last component is used) in the private directory.
/// A random prefix keeps two hand-offs of the same name apart.
pub fn write(data_dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<TempFile> {
    let base = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "inkom.pdf".to_string());
    let mut prefix = [0u8; 6];
    getrandom::fill(&mut prefix).map_err(|e| std::io::Error::other(e.to_string()))?;
    let path = dir(data_dir)?.join(format!("{}-{base}", hex::encode(prefix)));
    write_private(&path, bytes)?;
    Ok(TempFile { path })
}

/// Removes everything left in the private directory (a crash while a PDF was open). Returns
/// how many files were removed. Links are never followed: a link (the directory itself, or an
/// entry in it) is removed as a link, so a link planted there cannot make inkom overwrite the
/// file it points to.
pub fn sweep(data_dir: &Path) -> usize {
    let dir = data_dir.join(DIR);
    match std::fs::symlink_metadata(&dir) {
        Ok(m) if m.file_type().is_symlink() => {
            let _ = std::fs::remove_file(&dir);
            return 0;
        }
        Ok(m) if m.is_dir() => {}
        _ => return 0,
    }
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_symlink() => {
                let _ = std::fs::remove_file(&path);
                removed += 1;
            }
            Ok(t) if t.is_file() => {
                shred(&path);
                removed += 1;
            }
            _ => {}
        }
    }
    removed
}

/// Creates (or truncates) `path` owner-only, writes `bytes` and syncs them to disk.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Creates `path` owner-only, failing if anything (a file or a link) is already there, writes
/// `bytes` and syncs them to disk.
pub(crate) fn write_new_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Overwrites a file with zeros, syncs and removes it. On flash storage the old blocks may
/// survive the overwrite (see SECURITY.md); on a disk and in the file system's view they do not.
/// A link is removed, never followed.
pub(crate) fn shred(path: &Path) {
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && meta.is_file()
        && let Ok(mut f) = open_no_follow(path)
    {
        let zeros = vec![0u8; 64 * 1024];
        let mut left = meta.len();
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            if f.write_all(&zeros[..n]).is_err() {
                break;
            }
            left -= n as u64;
        }
        let _ = f.sync_all();
    }
    let _ = std::fs::remove_file(path);
}

/// Opens for writing without following a link at the last component (where the OS can say so).
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Makes a directory owner-only (0700) on Unix.
pub(crate) fn restrict_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Syncs a directory so a rename in it is durable (a no-op where directories cannot be opened).
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
