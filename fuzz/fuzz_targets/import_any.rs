//! Every importer through the public entry point: the bytes become a file, `parse_file` detects
//! the format from content and must return Ok or Err — never panic, hang or allocate without
//! bound. Seed the corpus with the fixtures: `cp ../../shared/fixtures/*/*/* corpus/import_any/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("input");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let limits = inkom::import::ImportLimits {
        max_file_bytes: 8 * 1024 * 1024,
        max_image_pixels: 4_000_000,
    };
    let _ = inkom::import::parse_file(&path, &limits, &mut |_item| Ok(()));
});
