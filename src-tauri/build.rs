//! Builds the Tauri context. The app manifest lists inkom's own commands, so the capability
//! file can grant exactly these (and nothing of Tauri's fs/shell plugins) to the window.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| panic!("tauri build step failed: {e}"));
}

/// Keep in step with `src/lib.rs` and `capabilities/main.json` (tests/security.rs checks).
const COMMANDS: &[&str] = &[
    "session_state",
    "unlock",
    "lock",
    "still_here",
    "inbox",
    "item",
    "attachment_data",
    "registration_preview",
    "classify",
    "unclassify",
    "reregister",
    "check_personnummer",
    "check_arendemening",
    "clients",
    "register",
    "open_pdf",
    "print_pdf",
    "confirm_printed",
    "confirm_source_deleted",
    "purge",
    "set_dnr",
    "confirm_filed",
    "hold",
    "release",
    "set_received",
    "cull",
    "assign_dnr",
    "print_list",
    "open_list",
    "print_list_pdf",
    "pick_files",
    "import_preview",
    "import",
    "cancel_import",
    "audit_log",
    "audit_verify",
    "settings",
    "set_setting",
    "add_gallringsbeslut",
    "import_clients",
    "setup_state",
    "complete_setup",
    "connect_unit_register",
    "change_passphrase",
    "pdf_page",
    "unit_status",
    "unit_sync",
    "unit_queue",
    "unit_assign",
    "unit_set_dnr",
    "unit_entered",
    "unit_print_sheet",
    "unit_list",
    "unit_open_pdf",
    "unit_print_pdf",
];
