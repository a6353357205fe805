//! Every file in `../shared/fixtures/realworld/` (written by others: phone exports, mail
//! programs, cameras; licences in its SOURCES.md) through the importer.
use std::path::{Path, PathBuf};
use std::time::Instant;

use inkom::import::*;
use inkom::model::NewItem;

fn realworld() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/realworld")
}

fn files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["sms-xml", "ios", "msg", "eml", "mbox", "images"] {
        for e in std::fs::read_dir(realworld().join(dir)).expect("dir") {
            let p = e.expect("entry").path();
            if p.is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn dump() {
    for path in files() {
        let mut items: Vec<NewItem> = Vec::new();
        let t = Instant::now();
        let r = parse_file(&path, &ImportLimits::default(), &mut |i| {
            items.push(i);
            Ok(())
        });
        let rel = path
            .strip_prefix(realworld())
            .unwrap()
            .display()
            .to_string();
        match r {
            Ok(p) => {
                let first = items.first();
                println!(
                    "OK {rel} {:?} n={} t={:?} skipped={:?}\n   first: {:?} | {} | {:?} | notes={:?}",
                    p.format,
                    items.len(),
                    t.elapsed(),
                    p.skipped
                        .iter()
                        .map(|s| s.chars().take(90).collect::<String>())
                        .collect::<Vec<_>>(),
                    first.map(|i| i.sender.clone()),
                    first
                        .map(|i| i.received_at.to_rfc3339())
                        .unwrap_or_default(),
                    first.map(|i| i.body.chars().take(60).collect::<String>()),
                    first.map(|i| i.source.notes.clone()),
                );
            }
            Err(e) => println!("ERR {rel} t={:?} {}", t.elapsed(), e.sv()),
        }
    }
}
