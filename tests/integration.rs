//! inkom's integration tests, one module per area, linked into one test binary.
//!
//! One binary, not one per file: each test binary links the whole core statically (about
//! 120 MB unoptimised), and sixty-odd of them filled CI's disk (the linker died with SIGBUS,
//! `No space left on device`); linking them took minutes besides. `import_realworld` stays a
//! binary of its own: it measures its process's peak memory per file.
//!
//! A test that runs this binary again on one of its tests (a child process with another
//! environment) names it with [`test_name`].

mod common;
mod desk_support;
mod scripts;
mod unit_support;

mod crash;
mod desk_batch;
mod desk_bindings;
mod desk_clients;
mod desk_dates;
mod desk_export_file;
mod desk_fidelity;
mod desk_import;
mod desk_import_account;
mod desk_inbox;
mod desk_item_view;
mod desk_preview;
mod desk_rails;
mod desk_records;
mod desk_search_scripts;
mod desk_unit_registrar;
mod desk_unit_setup;
mod documents_content;
mod documents_golden;
mod documents_lists;
mod documents_scripts;
mod export_file_rails;
mod import_accounting;
mod import_audit;
mod import_csv;
mod import_eml_fidelity;
mod import_formats;
mod import_hostile;
mod import_html_pictures;
mod import_images;
mod import_ios;
mod import_japanese;
mod import_known;
mod import_mbox_variants;
mod import_mms_content;
mod import_msg;
mod import_outlook_items;
mod import_props;
mod import_salvage;
mod import_search_index;
mod import_smime;
mod import_sms_ie;
mod import_tnef;
mod items_constraints;
mod lifecycle;
mod lifecycle_dates;
mod lifecycle_rails;
mod lifecycle_records;
mod off_paper;
mod pdf_render;
mod pdf_scripts;
mod purge_traces;
mod security;
mod security_delete_file;
mod security_key_derivation;
mod security_non_utf8_names;
mod security_output_file;
mod security_plaintext_swap;
mod security_recovery_file;
mod security_smaller;
mod security_terminal_escapes;
mod store_pages;
mod suggest_adversarial;
mod suggest_batch;
mod suggest_clients;
mod suggest_eval;
mod temp_sweep;
mod unit_access;
mod unit_outbox;
mod unit_recovery;
mod unit_register;
mod unit_registrar;

/// The name libtest knows the test `function` of `module` by (`module_path!()` of the caller),
/// for `--exact` when this binary runs one of its own tests in a child process: the module's
/// path without the crate's name, then the function.
pub fn test_name(module: &str, function: &str) -> String {
    match module.split_once("::") {
        Some((_, path)) => format!("{path}::{function}"),
        None => function.to_string(),
    }
}
