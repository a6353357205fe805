//! [`FileCtx`]: what a format reader knows about the file it reads, computed once by
//! [`parse_file`](super::parse_file), and the helpers every reader needs (reading the file again
//! through a hasher, naming a position, making an error).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::time::SystemTime;

use chrono::{DateTime, FixedOffset};

use super::common;
use super::{Format, HashingReader, ImportError, ImportLimits, OtherFormat, Problem};
use crate::model::SourceRef;

/// Everything a format module needs to know about the file it reads, computed once by
/// [`parse_file`](super::parse_file).
pub(crate) struct FileCtx<'a> {
    /// The file as given (for error messages).
    pub path: &'a Path,
    /// Absolute path, as stored in [`SourceRef::path`]: its lossless text
    /// ([`crate::path_text`]).
    pub abs_path: String,
    /// SHA-256 of the whole file, lower-case hex.
    pub sha256: String,
    /// Size in bytes at hashing time.
    pub size: u64,
    /// Last modification time, the fallback for "when did it arrive".
    pub mtime: Option<SystemTime>,
    /// The caller's limits.
    pub limits: &'a ImportLimits,
    /// Stop at a truncation with the complete messages read so far instead of refusing the
    /// file ([`ParseOptions::salvage`](super::ParseOptions::salvage)); set only once a first pass has found the truncation.
    pub salvage: bool,
}

impl FileCtx<'_> {
    /// The source reference for an item found at `locator`.
    pub fn source(&self, locator: impl Into<String>) -> SourceRef {
        SourceRef {
            path: self.abs_path.clone(),
            locator: locator.into(),
            file_sha256: self.sha256.clone(),
            notes: Vec::new(),
        }
    }

    /// The file's modification time in Europe/Stockholm; "now" if the system has none.
    pub fn mtime_stockholm(&self) -> DateTime<FixedOffset> {
        common::stockholm_from_system_time(self.mtime.unwrap_or_else(SystemTime::now))
    }

    /// The file's own name, for naming the attachment of a screenshot and reading a time from
    /// it: the name itself when it is valid Unicode, else with each byte that is not written
    /// `\xHH` ([`crate::path_text::display`]) — a lossy conversion would show another name
    /// (`U+FFFD`) and make two different names one.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| crate::path_text::display(Path::new(n)))
            .unwrap_or_default()
    }

    /// Whether the file's own name is valid Unicode (so [`Self::file_name`] is the name itself,
    /// without escapes).
    pub fn file_name_is_unicode(&self) -> bool {
        self.path.file_name().is_none_or(|n| n.to_str().is_some())
    }

    /// A read error on this file.
    pub fn io_err(&self, source: io::Error) -> ImportError {
        ImportError::Io {
            path: self.path.to_path_buf(),
            source,
        }
    }

    /// Opens the file again, reading through a hasher so the caller can check at the end that
    /// what was parsed is what was hashed.
    pub fn open_hashed(&self) -> Result<HashingReader<io::Take<File>>, ImportError> {
        let file = File::open(self.path).map_err(|e| self.io_err(e))?;
        Ok(HashingReader::new(
            file.take(self.limits.max_file_bytes.saturating_add(1)),
        ))
    }

    /// Checks a finished [`HashingReader`] against the hash taken first.
    pub fn verify(&self, reader: HashingReader<impl Read>) -> Result<(), ImportError> {
        let (hash, count) = reader.finish().map_err(|e| self.io_err(e))?;
        if count > self.limits.max_file_bytes {
            return Err(ImportError::TooLarge {
                path: self.path.to_path_buf(),
                size: count,
                limit: self.limits.max_file_bytes,
            });
        }
        if hash != self.sha256 {
            return Err(ImportError::Changed {
                path: self.path.to_path_buf(),
            });
        }
        Ok(())
    }

    /// Reads the whole file (for formats whose parsers need it in memory), bounded by the limit
    /// and checked against the first hash.
    pub fn read_all(&self) -> Result<Vec<u8>, ImportError> {
        let mut reader = self.open_hashed()?;
        let mut bytes = Vec::with_capacity(usize::try_from(self.size).unwrap_or(0));
        reader.read_to_end(&mut bytes).map_err(|e| self.io_err(e))?;
        self.verify(reader)?;
        Ok(bytes)
    }

    /// The 1-based line of a byte position, found by reading the file again; 0 if unknown.
    /// Only used on the error path, so a second read costs nothing in the normal case.
    pub fn line_of(&self, position: u64) -> u64 {
        let Ok(file) = File::open(self.path) else {
            return 0;
        };
        let mut reader = io::BufReader::new(file.take(position));
        let mut line = 1u64;
        let mut buf = [0u8; 64 * 1024];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return line,
                Ok(n) => line += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64,
                Err(_) => return 0,
            }
        }
    }

    /// An error for a damaged file of a recognised format, at a position inkom names.
    pub fn invalid(&self, format: Format, at: impl Into<String>, problem: Problem) -> ImportError {
        ImportError::Invalid {
            path: self.path.to_path_buf(),
            format,
            at: at.into(),
            problem,
        }
    }

    /// A refusal of this file as not importable, naming what it seems to be when known.
    pub fn unsupported(&self, detected: Option<OtherFormat>) -> ImportError {
        ImportError::Unsupported {
            path: self.path.to_path_buf(),
            detected,
        }
    }
}
