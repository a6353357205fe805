//! Files the user asked for (`--out`, `--json-out`): never into the data directory, never
//! replacing a file without `--force`, written atomically. Kept apart so that every command
//! writing a PDF or JSON file goes through the one check in [`inkom::output_file`].

use std::path::Path;

use inkom::output_file;
use inkom::store::Store;

use super::failure::Failure;

/// Checks and claims a file the user asked for (never in the data directory, never replacing
/// a file without --force): [`inkom::output_file`].
pub(super) fn output(
    store: &Store,
    path: &Path,
    force: bool,
) -> Result<output_file::Target, Failure> {
    Ok(output_file::Target::claim(path, store.data_dir(), force)?)
}

/// Writes a file the user asked for, atomically; the error names the file.
pub(super) fn write_output(
    store: &Store,
    path: &Path,
    force: bool,
    bytes: &[u8],
) -> Result<(), Failure> {
    write_output_beside(store.data_dir(), path, force, bytes)
}

/// [`write_output`] for commands that open no store (the registrar's): still never into the
/// data directory, never replacing a file without --force.
pub(super) fn write_output_beside(
    data_dir: &Path,
    path: &Path,
    force: bool,
    bytes: &[u8],
) -> Result<(), Failure> {
    Ok(output_file::Target::claim(path, data_dir, force)?.write(bytes)?)
}
