//! inkom's desktop app: a thin Tauri shell. It parses the start arguments, opens the store,
//! registers the commands of [`commands`] (each forwarding to `inkom::desk`) and nothing else:
//! no fs, shell or opener plugin is exposed to the window (see `capabilities/main.json`).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod commands;
pub mod error;
pub mod state;
pub mod viewer;

use std::path::PathBuf;

use tauri::{Builder, Runtime};

pub use state::AppState;

/// How the app was started: `inkom-app [--data-dir DIR] [--demo]` (env `INKOM_DATA_DIR`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartArgs {
    /// The data directory.
    pub data_dir: PathBuf,
    /// Fill a fresh temporary data directory with the invented demo data set.
    pub demo: bool,
}

impl StartArgs {
    /// Parses the arguments (without the program name). Unknown arguments are ignored: a
    /// desktop launcher may add its own.
    pub fn parse(args: impl IntoIterator<Item = String>, env_dir: Option<String>) -> StartArgs {
        let mut data_dir = env_dir.filter(|d| !d.is_empty()).map(PathBuf::from);
        let mut demo = false;
        let mut args = args.into_iter();
        while let Some(a) = args.next() {
            match a.as_str() {
                "--demo" => demo = true,
                "--data-dir" => data_dir = args.next().map(PathBuf::from).or(data_dir),
                _ => {
                    if let Some(d) = a.strip_prefix("--data-dir=") {
                        data_dir = Some(PathBuf::from(d));
                    }
                }
            }
        }
        if demo {
            data_dir =
                Some(std::env::temp_dir().join(format!("inkom-demo-{}", std::process::id())));
        }
        StartArgs {
            data_dir: data_dir
                .or_else(|| dirs::data_dir().map(|d| d.join("inkom")))
                .unwrap_or_else(|| PathBuf::from("inkom-data")),
            demo,
        }
    }
}

/// Registers state, plugins and commands on any runtime (the real one, or the mock runtime in
/// tests).
pub fn app<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(|app| {
            watch_idle(app.handle().clone());
            Ok(())
        })
        .on_window_event(|window, event| {
            // A drop on the window is the user's choice too: its paths may be read. The window
            // hears of it from us, by the paths' handles: the webview's own drop event cannot
            // carry a name that is not UTF-8 (serde refuses such a path).
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                use tauri::{Emitter, Manager};
                let handles = window.state::<AppState>().grant(paths.iter().cloned());
                if !handles.is_empty() {
                    let _ = window.emit(DROPPED_EVENT, handles);
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::session_state,
            commands::unlock,
            commands::lock,
            commands::still_here,
            commands::inbox,
            commands::item,
            commands::attachment_data,
            commands::registration_preview,
            commands::classify,
            commands::unclassify,
            commands::reregister,
            commands::check_personnummer,
            commands::check_arendemening,
            commands::clients,
            commands::register,
            commands::open_pdf,
            commands::print_pdf,
            commands::confirm_printed,
            commands::confirm_source_deleted,
            commands::off_paper,
            commands::purge,
            commands::set_dnr,
            commands::confirm_filed,
            commands::hold,
            commands::release,
            commands::set_received,
            commands::cull,
            commands::assign_dnr,
            commands::print_list,
            commands::open_list,
            commands::print_list_pdf,
            commands::pick_files,
            commands::import_preview,
            commands::import,
            commands::cancel_import,
            commands::audit_log,
            commands::audit_verify,
            commands::settings,
            commands::set_setting,
            commands::add_gallringsbeslut,
            commands::import_clients,
            commands::setup_state,
            commands::complete_setup,
            commands::connect_unit_register,
            commands::change_passphrase,
            commands::pdf_page,
            commands::unit_status,
            commands::unit_sync,
            commands::unit_queue,
            commands::unit_assign,
            commands::unit_set_dnr,
            commands::unit_entered,
            commands::unit_print_sheet,
            commands::unit_list,
            commands::unit_open_pdf,
            commands::unit_print_pdf,
        ])
}

/// What the window is told when files were dropped on it: the handles of their paths
/// ([`AppState::grant`]), to pass to `import_preview` and `import`.
pub const DROPPED_EVENT: &str = "inkom://dropped";

/// What the window is told when the core locked by itself: it shows the lock screen.
pub const LOCKED_EVENT: &str = "inkom://locked";

/// The core's idle lock: a thread that looks at the idle clock every few seconds and locks
/// when no command or heartbeat came within the set time — whatever the window does.
fn watch_idle<R: Runtime>(app: tauri::AppHandle<R>) {
    use tauri::{Emitter, Manager};
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(5));
            let state = app.state::<AppState>();
            if state.lock_if_idle(std::time::Instant::now()) {
                let _ = app.emit(LOCKED_EVENT, ());
            }
        }
    });
}

/// Opens the store if it can be opened without asking (OS key store, `INKOM_PASSPHRASE`, the
/// demo), so the window's first `session_state` finds it unlocked; otherwise the window starts
/// at the lock screen, which asks for the passphrase.
pub fn prepare(args: &StartArgs) -> AppState {
    let state = AppState::new(args.data_dir.clone(), args.demo);
    if let Err(e) = state.unlock(None) {
        tracing::info!(code = e.code, "store not opened at start");
    }
    state
}

/// Starts the app.
pub fn run() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("INKOM_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let args = StartArgs::parse(
        std::env::args().skip(1),
        std::env::var("INKOM_DATA_DIR").ok(),
    );
    let state = prepare(&args);
    // The demo's directory is a fresh one under the OS temp dir (never a real data directory,
    // see StartArgs::parse): it goes when the app exits.
    let demo_dir = args.demo.then(|| args.data_dir.clone());
    match app(tauri::Builder::default(), state).build(tauri::generate_context!()) {
        Ok(app) => app.run(move |_, event| {
            if let (tauri::RunEvent::Exit, Some(dir)) = (&event, &demo_dir) {
                let _ = std::fs::remove_dir_all(dir);
            }
        }),
        Err(e) => {
            tracing::error!("the app could not start: {e}");
            eprintln!("inkom kunde inte starta: {e}");
            std::process::exit(1);
        }
    }
}
