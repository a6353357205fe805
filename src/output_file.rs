//! Files the user asks for with `--out` (a registration PDF, a list, an audit export), written
//! so that they can never destroy the store or another file by accident.
//!
//! `register ID --out DATA_DIR/inkom.key` once replaced the key file with a PDF, and the store
//! was lost for good. Now:
//! * an output inside the data directory is refused (the check resolves links in the directory
//!   part, so `--out link-to-data-dir/x` is caught too);
//! * an existing file is never replaced unless the user said `--force`: the name is claimed by
//!   creating it exclusively, which also refuses a link already standing at that name;
//! * the content is written to a temporary file beside the target (owner-only, 0600), synced
//!   and renamed over it, so a crash leaves the old file or the new one, never half of one,
//!   and a link at the name is replaced rather than followed.

use std::path::{Path, PathBuf};

/// Why an output file was not written. Messages name the file, never content.
#[derive(Debug, thiserror::Error)]
pub enum OutputFileError {
    /// The file would be inside inkom's data directory.
    #[error("{0} is inside the data directory")]
    InsideDataDir(PathBuf),
    /// A file of that name exists and `--force` was not given.
    #[error("{0} exists")]
    Exists(PathBuf),
    /// The path names no file (it ends in `..` or `/`).
    #[error("{0} names no file")]
    NotAFileName(PathBuf),
    /// The file system refused.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl OutputFileError {
    /// The message for a Swedish user.
    pub fn sv(&self) -> String {
        match self {
            OutputFileError::InsideDataDir(p) => format!(
                "{} ligger i inkoms datakatalog. Där skriver inkom inga filer (de kunde ersätta \
                 databasen eller nyckeln); välj en annan plats.",
                crate::path_text::display(p)
            ),
            OutputFileError::Exists(p) => format!(
                "Filen {} finns redan. Välj ett annat namn, eller ange --force för att ersätta den.",
                crate::path_text::display(p)
            ),
            OutputFileError::NotAFileName(p) => {
                format!("{} är inget filnamn.", crate::path_text::display(p))
            }
            OutputFileError::Io { path, .. } => {
                format!(
                    "Filen {} kunde inte skrivas.",
                    crate::path_text::display(path)
                )
            }
        }
    }

    /// A stable code for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            OutputFileError::InsideDataDir(_) => "output_in_data_dir",
            OutputFileError::Exists(_) => "output_exists",
            OutputFileError::NotAFileName(_) | OutputFileError::Io { .. } => "io",
        }
    }
}

/// An output file name, checked and claimed; removed again if nothing was written to it.
#[derive(Debug)]
pub struct Target {
    path: PathBuf,
    claimed: bool,
    written: bool,
}

impl Target {
    /// Checks `path` against `data_dir` and, unless `force`, claims the name by creating it
    /// empty and exclusively (an existing file or link is refused).
    pub fn claim(path: &Path, data_dir: &Path, force: bool) -> Result<Target, OutputFileError> {
        let io = |source| OutputFileError::Io {
            path: path.to_path_buf(),
            source,
        };
        let absolute = std::path::absolute(path).map_err(io)?;
        let name = absolute
            .file_name()
            .ok_or_else(|| OutputFileError::NotAFileName(path.to_path_buf()))?;
        let parent = absolute.parent().unwrap_or(Path::new("."));
        // The data directory need not exist yet (the registrar's commands open no store).
        let data_dir = resolve_existing(&std::path::absolute(data_dir).map_err(io)?);
        if resolve_existing(parent).starts_with(&data_dir) {
            return Err(OutputFileError::InsideDataDir(path.to_path_buf()));
        }
        let resolved = std::fs::canonicalize(parent).map_err(io)?.join(name);
        let mut claimed = false;
        if !force {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            match options.open(&resolved) {
                Ok(_) => claimed = true,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(OutputFileError::Exists(path.to_path_buf()));
                }
                Err(e) => return Err(io(e)),
            }
        }
        Ok(Target {
            path: resolved,
            claimed,
            written: false,
        })
    }

    /// Where the file goes (directory links resolved).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `bytes` atomically to the target.
    pub fn write(mut self, bytes: &[u8]) -> Result<(), OutputFileError> {
        replace(&self.path, bytes).map_err(|source| OutputFileError::Io {
            path: self.path.clone(),
            source,
        })?;
        self.written = true;
        Ok(())
    }

    /// Keeps the file: something else (the lifecycle's export) wrote it through
    /// [`replace`].
    pub fn keep(mut self) {
        self.written = true;
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        if self.claimed && !self.written {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// `dir` with links resolved as far as it exists, the missing rest appended as written (so
/// that `DATA_DIR/not-yet/x` is recognised as inside the data directory too).
fn resolve_existing(dir: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = dir;
    loop {
        if let Ok(real) = std::fs::canonicalize(at) {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (at.parent(), at.file_name()) {
            (Some(up), Some(name)) => {
                rest.push(name.to_os_string());
                at = up;
            }
            _ => return dir.to_path_buf(),
        }
    }
}

/// Replaces `path` with `bytes` atomically: a temporary file beside it (0600), synced, then
/// renamed over it. A link at `path` is replaced, not followed.
pub fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut random = [0u8; 6];
    getrandom::fill(&mut random).map_err(|e| std::io::Error::other(e.to_string()))?;
    let tmp = dir.join(format!(".inkom-{}.tmp", hex::encode(random)));
    let result = crate::private_temp::write_new_private(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    crate::private_temp::sync_dir(dir);
    Ok(())
}
