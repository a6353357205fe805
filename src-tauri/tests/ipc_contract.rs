//! The front end's contract with the shell (`ui/src/api/commands.ts`) against the Rust
//! commands themselves (`src/commands.rs`): the same commands, the same argument names and
//! types, the same result types. The UI's `backend.ts` and the Playwright fake backend are both
//! typed by that contract (the type checker holds them to it), so a fake that answers what the
//! shell does not — or a shell command the fake lacks — fails here or in `svelte-check`.

use std::collections::BTreeMap;
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
        .unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// One command's arguments (name → type) and result type, as comparable text.
#[derive(Debug, PartialEq, Eq)]
struct Signature {
    args: BTreeMap<String, String>,
    result: String,
}

/// Splits `text` at `sep` where no bracket of any kind is open.
fn split_top(text: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '<' | '(' | '{' | '[' => depth += 1,
            '>' | ')' | '}' | ']' => depth -= 1,
            _ => {}
        }
        if c == sep && depth == 0 {
            parts.push(current.trim().to_string());
            current.clear();
        } else {
            current.push(c);
        }
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_string());
    }
    parts
}

/// A Rust type written the way the TypeScript contract writes it.
fn rust_type_as_ts(ty: &str, aliases: &BTreeMap<String, String>) -> String {
    let ty = ty.trim();
    let inner = |prefix: &str| {
        ty.strip_prefix(prefix)
            .and_then(|t| t.strip_suffix('>'))
            .map(str::to_string)
    };
    if let Some(t) = inner("Option<") {
        return format!("{} | null", rust_type_as_ts(&t, aliases));
    }
    if let Some(t) = inner("Vec<") {
        return format!("{}[]", rust_type_as_ts(&t, aliases));
    }
    if let Some(t) = inner("Channel<") {
        return format!("IpcChannel<{}>", rust_type_as_ts(&t, aliases));
    }
    match ty {
        "i64" | "i32" | "u32" | "u64" | "f64" => "number".to_string(),
        "String" | "&str" => "string".to_string(),
        "bool" => "boolean".to_string(),
        "()" => "null".to_string(),
        other => aliases
            .get(other)
            .cloned()
            .unwrap_or_else(|| other.to_string()),
    }
}

/// `ui/src/api/types.ts` re-exports some bindings under UI names (`PagesView as PagesPreview`).
fn ui_aliases(types_ts: &str) -> BTreeMap<String, String> {
    types_ts
        .split([',', '{', '}', '\n'])
        .filter_map(|part| {
            let (rust, ui) = part.trim().split_once(" as ")?;
            Some((rust.trim().to_string(), ui.trim().to_string()))
        })
        .collect()
}

/// Every `#[tauri::command]` in commands.rs: parameters other than the shell's own (`State`,
/// `AppHandle`) and the `AppResult<…>` it answers.
fn rust_commands(src: &str, aliases: &BTreeMap<String, String>) -> BTreeMap<String, Signature> {
    let mut out = BTreeMap::new();
    for chunk in src.split("#[tauri::command").skip(1) {
        let after_fn = chunk
            .split_once("pub async fn ")
            .expect("a command is a pub async fn")
            .1;
        let name: String = after_fn
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let open = after_fn.find('(').expect("parameters");
        let mut depth = 0;
        let mut close = open;
        for (i, c) in after_fn[open..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let params = &after_fn[open + 1..close];
        let args = split_top(params, ',')
            .into_iter()
            .filter_map(|p| {
                let (n, t) = p.split_once(':')?;
                let t = t.trim();
                if t.starts_with("State<") || t.starts_with("AppHandle<") {
                    return None;
                }
                Some((n.trim().to_string(), rust_type_as_ts(t, aliases)))
            })
            .collect();
        let ret = after_fn[close..]
            .split_once("-> AppResult<")
            .expect("AppResult")
            .1;
        let ret = &ret[..ret.find(" {").expect("body")];
        let ret = ret.trim().strip_suffix('>').expect("closing >");
        out.insert(
            name,
            Signature {
                args,
                result: rust_type_as_ts(ret, aliases),
            },
        );
    }
    out
}

/// The `Commands` interface of commands.ts.
fn ts_commands(src: &str) -> BTreeMap<String, Signature> {
    let body = src
        .split_once("export interface Commands {")
        .expect("interface Commands")
        .1;
    let body = &body[..body.find("\n}\n").expect("end of interface")];
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = BTreeMap::new();
    for entry in split_top(&flat, ';') {
        let (name, rest) = entry.split_once(':').expect("name: { … }");
        let rest = rest
            .trim()
            .strip_prefix('{')
            .and_then(|r| r.strip_suffix('}'))
            .expect("braced entry");
        let mut args = BTreeMap::new();
        let mut result = String::new();
        for field in split_top(rest, ';') {
            let (key, value) = field.split_once(':').expect("key: value");
            match key.trim() {
                "args" if value.trim() == "None" => {}
                "args" => {
                    let inner = value
                        .trim()
                        .strip_prefix('{')
                        .and_then(|v| v.strip_suffix('}'))
                        .expect("braced args");
                    for arg in split_top(inner, ';') {
                        let (n, t) = arg.split_once(':').expect("arg: type");
                        args.insert(
                            n.trim().trim_end_matches('?').to_string(),
                            t.trim().to_string(),
                        );
                    }
                }
                "result" => result = value.trim().to_string(),
                other => panic!("unexpected field {other}"),
            }
        }
        out.insert(name.trim().to_string(), Signature { args, result });
    }
    out
}

#[test]
fn the_ui_contract_matches_the_shells_commands() {
    let aliases = ui_aliases(&read("../ui/src/api/types.ts"));
    let rust = rust_commands(&read("src/commands.rs"), &aliases);
    let ts = ts_commands(&read("../ui/src/api/commands.ts"));
    assert!(rust.len() >= 40, "commands found: {}", rust.len());
    let only_rust: Vec<&String> = rust.keys().filter(|k| !ts.contains_key(*k)).collect();
    let only_ts: Vec<&String> = ts.keys().filter(|k| !rust.contains_key(*k)).collect();
    assert!(
        only_rust.is_empty() && only_ts.is_empty(),
        "commands only in the shell: {only_rust:?}; only in the UI contract: {only_ts:?}"
    );
    for (name, sig) in &rust {
        assert_eq!(
            Some(sig),
            ts.get(name),
            "command {name}: shell vs. UI contract"
        );
    }
}

#[test]
fn the_parser_sees_a_difference() {
    // The comparison above must be able to fail: a changed type is seen.
    let aliases = BTreeMap::new();
    let rust = rust_commands(
        "#[tauri::command]\npub async fn item(state: State<'_, AppState>, id: i64) -> AppResult<ItemView> {",
        &aliases,
    );
    let same = ts_commands(
        "export interface Commands {\n  item: { args: { id: number }; result: ItemView };\n}\n",
    );
    let other = ts_commands(
        "export interface Commands {\n  item: { args: { id: string }; result: ItemView };\n}\n",
    );
    assert_eq!(rust, same);
    assert_ne!(rust, other);
}
