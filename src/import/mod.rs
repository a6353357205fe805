//! Import: turns files a caseworker saved (SMS exports, e-mails, screenshots) into [`NewItem`]s.
//!
//! CONTRACT (owned by the import helper; the store calls exactly this):
//! `parse_file(path, limits, on_item)` detects the format from content, streams each item to
//! `on_item`, and returns a summary. It never writes anything itself.

use std::path::Path;

use crate::model::NewItem;

/// Bounds that keep hostile input from exhausting memory.
#[derive(Debug, Clone)]
pub struct ImportLimits {
    /// Files larger than this are refused before they are read.
    pub max_file_bytes: u64,
    /// Images with more pixels than this are refused before they are decoded.
    pub max_image_pixels: u64,
}

impl Default for ImportLimits {
    fn default() -> Self {
        ImportLimits { max_file_bytes: 512 * 1024 * 1024, max_image_pixels: 100_000_000 }
    }
}

/// Recognised formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// SMS Backup & Restore XML.
    SmsBackupRestoreXml,
    /// RFC 5322 e-mail (.eml).
    Eml,
    /// PNG screenshot.
    Png,
    /// JPEG photo or screenshot.
    Jpeg,
}

/// What one file gave.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ParsedFile {
    /// The detected format.
    pub format: Format,
    /// SHA-256 of the whole file.
    pub file_sha256: String,
    /// Human-readable (Swedish) notes on parts that were skipped, e.g. "sms 4: tomt meddelande".
    pub skipped: Vec<String>,
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The caller's sink refused an item (e.g. a database error).
    #[error("storing item failed: {0}")]
    Sink(Box<dyn std::error::Error + Send + Sync>),
}

impl ImportError {
    /// The message for a Swedish user.
    pub fn sv(&self) -> String {
        match self {
            ImportError::Sink(_) => "Det gick inte att spara meddelandet.".to_string(),
        }
    }
}

/// Parses one file and hands each item to `on_item`.
pub fn parse_file(
    path: &Path,
    limits: &ImportLimits,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<ParsedFile, ImportError> {
    let _ = (path, limits, on_item);
    unimplemented!("import helper fills this in")
}
