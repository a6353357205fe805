//! The shell's security settings, checked from the files Tauri builds from, so loosening any of
//! them fails CI: a strict Content-Security-Policy (no remote origin, no inline script or
//! style, no eval), and a capability that grants the window exactly inkom's own commands plus
//! the drop event — no fs, shell, opener or dialog plugin permission.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
        .unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

fn json(rel: &str) -> Value {
    serde_json::from_str(&read(rel)).unwrap_or_else(|e| panic!("parse {rel}: {e}"))
}

/// The names in the list that follows `start` (up to the next `]`), with `prefix` removed.
fn names_after(text: &str, start: &str, prefix: &str) -> BTreeSet<String> {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} not found"));
    let list = &text[from + start.len()..];
    let list = &list[..list.find(']').expect("end of list")];
    list.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter_map(|w| w.strip_prefix(prefix))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn csp_allows_no_remote_origin_inline_code_or_eval() {
    let conf = json("tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .expect("csp is set as directives");
    let directive = |name: &str| csp.get(name).and_then(Value::as_str).unwrap_or("");
    assert_eq!(directive("default-src"), "'self'");
    assert_eq!(directive("script-src"), "'self'");
    assert_eq!(
        directive("style-src"),
        "'self'",
        "no 'unsafe-inline' styles"
    );
    assert_eq!(directive("object-src"), "'none'");
    assert_eq!(directive("base-uri"), "'none'");
    for (name, value) in csp {
        let value = value.as_str().expect("directive text");
        for bad in [
            "'unsafe-inline'",
            "'unsafe-eval'",
            "*",
            "https:",
            "http:",
            "wss:",
        ] {
            assert!(
                !value.split_whitespace().any(|v| v == bad),
                "{name} allows {bad}: {value}"
            );
        }
        for origin in value.split_whitespace() {
            let remote = origin.starts_with("http") && origin != "http://ipc.localhost";
            assert!(!remote, "{name} allows the remote origin {origin}");
        }
    }
    assert_eq!(
        conf["app"]["withGlobalTauri"], false,
        "no window.__TAURI__ for injected code"
    );
    assert_eq!(conf["app"]["security"]["freezePrototype"], true);
}

#[test]
fn capability_grants_exactly_the_apps_commands_and_the_drop_event() {
    let cap = json("capabilities/main.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    let granted: BTreeSet<String> = cap["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("plain permission names").to_string())
        .collect();
    let plugin: Vec<String> = granted
        .iter()
        .filter(|p| p.contains(':'))
        .cloned()
        .collect();
    assert_eq!(
        plugin,
        ["core:event:allow-listen", "core:event:allow-unlisten"],
        "no fs, shell, opener or dialog permission for the window"
    );
    let allowed: BTreeSet<String> = granted
        .iter()
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    let manifest = names_after(&read("build.rs"), "const COMMANDS: &[&str] = &[", "");
    let manifest: BTreeSet<String> = manifest
        .into_iter()
        .filter(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    let handler = names_after(&read("src/lib.rs"), "generate_handler![", "commands::");
    assert_eq!(allowed, manifest, "capability vs. build.rs app manifest");
    assert_eq!(
        manifest, handler,
        "build.rs app manifest vs. registered commands"
    );
    assert!(handler.contains("confirm_source_deleted") && handler.len() >= 30);
}

#[test]
fn no_plugin_that_reaches_files_or_processes_is_registered() {
    let lib = read("src/lib.rs");
    let manifest = read("Cargo.toml");
    for plugin in [
        "tauri-plugin-fs",
        "tauri-plugin-shell",
        "tauri-plugin-opener",
    ] {
        assert!(
            !manifest.contains(plugin),
            "{plugin} must not be a dependency"
        );
    }
    let registered: Vec<&str> = lib
        .lines()
        .filter(|l| l.contains(".plugin("))
        .map(str::trim)
        .collect();
    assert_eq!(registered, [".plugin(tauri_plugin_dialog::init())"]);
}
