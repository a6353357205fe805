//! What every import fuzz target does with its bytes: write them to a file (the importers take
//! paths, as the CLI does) and run the real `parse_file` with tight limits. Any outcome but a
//! panic, a hang or unbounded memory is fine.

/// Parses `bytes` as a file through inkom's importer.
pub fn parse(bytes: &[u8]) {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("input");
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let limits = inkom::import::ImportLimits {
        max_file_bytes: 8 * 1024 * 1024,
        max_image_pixels: 4_000_000,
    };
    let _ = inkom::import::parse_file(&path, &limits, &mut |_item| Ok(()));
}
