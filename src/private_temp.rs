//! A private place for the few moments content must exist as a loose file: a PDF handed to the
//! printer or a viewer. Everything else stays inside the encrypted database.
//!
//! The directory is `tmp/` inside the data directory (owner-only, 0700 on Unix; on Windows the
//! data directory under `%APPDATA%` is already private to the user), each file is created
//! owner-only (0600) and is overwritten and removed when its [`TempFile`] guard drops. Whatever
//! a crash left behind is removed by [`sweep`], which [`crate::store::Store::open`] calls at
//! every start.
//!
//! **Whose files.** The app and the CLI may run at once on one data directory, and a PDF the
//! app handed to a viewer must outlive a CLI start. So each process writes into a directory of
//! its own, `tmp/p-<random>/`, and holds an exclusive lock on its `.lock` file for as long as it
//! runs (the OS drops the lock when the process ends, also on a crash). [`sweep`] clears only
//! directories whose lock it can take: no running inkom owns them.
//!
//! For the app: `let pdf = private_temp::write(data_dir, "registreringsblad.pdf", &bytes)?;`,
//! hand `pdf.path()` to the viewer, and keep `pdf` alive until the viewer is done with it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The private directory's name inside the data directory.
pub const DIR: &str = "tmp";

/// The lock file in a process's own directory, held exclusively while the process runs.
const LOCK_FILE: &str = ".lock";

/// The prefix of a process's own directory in [`DIR`].
const OWN_PREFIX: &str = "p-";

/// This process's own directories (one per data directory it wrote to), each with its held
/// lock. Kept for the life of the process: the lock is what tells a sweeper "still in use".
static OWNED: Mutex<Vec<Owned>> = Mutex::new(Vec::new());

struct Owned {
    tmp: PathBuf,
    dir: PathBuf,
    /// Open, and locked exclusively, until the process ends.
    _lock: File,
}

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

/// Writes `bytes` as `name` (only its last component is used) in this process's own directory
/// inside the private directory. A random prefix keeps two hand-offs of the same name apart.
pub fn write(data_dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<TempFile> {
    let base = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "inkom.pdf".to_string());
    let path = own_dir(data_dir)?.join(format!("{}-{base}", random_hex(6)?));
    write_new_private(&path, bytes)?;
    Ok(TempFile { path })
}

fn random_hex(n: usize) -> std::io::Result<String> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(hex::encode(bytes))
}

/// This process's own directory in `data_dir`'s private directory, created owner-only with its
/// lock taken on first use.
fn own_dir(data_dir: &Path) -> std::io::Result<PathBuf> {
    let tmp = dir(data_dir)?;
    let mut owned = OWNED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(o) = owned.iter().find(|o| o.tmp == tmp)
        && std::fs::symlink_metadata(&o.dir).is_ok_and(|m| m.is_dir())
    {
        return Ok(o.dir.clone());
    }
    owned.retain(|o| o.tmp != tmp);
    let dir = tmp.join(format!("{OWN_PREFIX}{}", random_hex(8)?));
    std::fs::create_dir(&dir)?;
    restrict_dir(&dir)?;
    let lock = new_lock_file(&dir.join(LOCK_FILE))?;
    lock.lock()?;
    owned.push(Owned {
        tmp,
        dir: dir.clone(),
        _lock: lock,
    });
    Ok(dir)
}

fn new_lock_file(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Whether `dir` is this process's own directory.
fn is_own(dir: &Path) -> bool {
    OWNED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .any(|o| o.dir == dir)
}

/// Removes what no running inkom owns from the private directory (left by a crash while a PDF
/// was open, or by an inkom that has ended): loose files, and each process directory whose lock
/// can be taken. A directory whose lock is held belongs to a running inkom (the app, with a PDF
/// a viewer may still hold open) and is left alone. Returns how many files were removed. Links
/// are never followed: a link (the directory itself, or an entry in it) is removed as a link,
/// so a link planted there cannot make inkom overwrite the file it points to.
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
        removed += match entry.file_type() {
            Ok(t) if t.is_dir() => sweep_unowned(&entry.path()),
            _ => remove_entry(&entry),
        };
    }
    removed
}

/// Removes a link (as a link) or shreds a file; 1 when something was removed.
fn remove_entry(entry: &std::fs::DirEntry) -> usize {
    match entry.file_type() {
        Ok(t) if t.is_symlink() => {
            let _ = std::fs::remove_file(entry.path());
            1
        }
        Ok(t) if t.is_file() => {
            shred(&entry.path());
            1
        }
        _ => 0,
    }
}

/// Clears and removes a process directory unless a running inkom holds its lock (this one
/// included). A directory without a lock file is a process's that died while creating it.
fn sweep_unowned(dir: &Path) -> usize {
    if is_own(dir) {
        return 0;
    }
    let lock = match open_lock(&dir.join(LOCK_FILE)) {
        Ok(Some(f)) => match f.try_lock() {
            Ok(()) => Some(f),
            Err(TryLockError::WouldBlock) => return 0,
            Err(TryLockError::Error(e)) => {
                tracing::warn!("temporary directory lock: {e}");
                return 0;
            }
        },
        Ok(None) => None,
        Err(e) => {
            tracing::warn!("temporary directory lock: {e}");
            return 0;
        }
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let removed = entries
        .flatten()
        .filter(|e| e.file_name() != LOCK_FILE)
        .map(|e| remove_entry(&e))
        .sum();
    let _ = std::fs::remove_file(dir.join(LOCK_FILE));
    drop(lock);
    let _ = std::fs::remove_dir(dir);
    removed
}

/// Opens a process directory's lock file without following a link; `None` when there is none
/// (or it is not a plain file, which no inkom writes).
fn open_lock(path: &Path) -> std::io::Result<Option<File>> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    }
    open_no_follow(path).map(Some)
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
