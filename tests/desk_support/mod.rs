//! Shared by the `desk_*` tests: a real store in a temp dir, filled with the demo data set or
//! with files written by the test.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use inkom::desk::views::{InboxQuery, InboxRow};
use inkom::import::ImportLimits;
use inkom::import::select::Selection;
use inkom::lifecycle;
use inkom::store::Store;

/// The passphrase of every test store (an explicit passphrase never touches the OS key store).
pub const PASSPHRASE: &str = "korrekt häst batteri häftklammer";

/// A temp dir holding a store (`data/`) and source files (`files/`).
pub struct Desk {
    pub dir: tempfile::TempDir,
    pub store: Store,
}

impl Desk {
    /// An empty store.
    pub fn empty() -> Desk {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("files")).expect("files dir");
        let store =
            Store::open_with_passphrase(&dir.path().join("data"), PASSPHRASE).expect("open store");
        Desk { dir, store }
    }

    /// The demo data set (every class and state).
    pub fn demo() -> Desk {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        let store = inkom::desk::demo::create(&data).expect("demo data");
        Desk { dir, store }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Writes a source file and returns its path.
    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join("files").join(name);
        std::fs::write(&path, bytes).expect("write source file");
        path
    }

    /// Imports a file (SMS one item per message when `per_message`), returns the new ids.
    pub fn import(&mut self, path: &Path, per_message: bool) -> Vec<i64> {
        let act = inkom::desk::session::act(self.store.conn()).expect("act");
        let selection = Selection {
            per_message,
            ..Selection::default()
        };
        lifecycle::import_file(
            &mut self.store,
            path,
            &ImportLimits::default(),
            &selection,
            &act,
            &mut |_| {},
        )
        .expect("import")
        .created
    }

    /// Adds a gallringsbeslut with this reference: culling and the purge after printing cite
    /// one (issue 13, guard rail 8).
    pub fn gallringsbeslut(&mut self, reference: &str) {
        let input = inkom::desk::views::GallringsbeslutInput {
            decided_by: "Socialnämnden".into(),
            decided_on: "2025-11-20".into(),
            reference: reference.into(),
            plan_section: "4.2 Handlingar av ringa betydelse".into(),
        };
        inkom::desk::gallring::add(&mut self.store, &input).expect("gallringsbeslut");
    }

    /// Every inbox row matching `query`.
    pub fn rows(&self, query: &InboxQuery) -> Vec<InboxRow> {
        inkom::desk::inbox::inbox(self.store.conn(), query, 0, 500)
            .expect("inbox")
            .rows
    }

    /// Ids found by a full-text search.
    pub fn search(&self, text: &str) -> Vec<i64> {
        let query = InboxQuery {
            text: Some(text.to_string()),
            ..InboxQuery::default()
        };
        self.rows(&query).iter().map(|r| r.id).collect()
    }

    /// The first inbox row (newest first) that `pick` accepts.
    pub fn id_where(&self, pick: impl Fn(&InboxRow) -> bool) -> i64 {
        self.rows(&InboxQuery::default())
            .into_iter()
            .find(|r| pick(r))
            .expect("a matching inbox row")
            .id
    }

    /// The demo item whose sender is `number` (or whose preview starts with `text`).
    pub fn id_of(&self, needle: &str) -> i64 {
        self.rows(&InboxQuery::default())
            .iter()
            .find(|r| {
                r.sender.as_deref().is_some_and(|s| s.starts_with(needle))
                    || r.preview.starts_with(needle)
            })
            .unwrap_or_else(|| panic!("no inbox row for {needle:?}"))
            .id
    }
}

/// An SMS Backup & Restore export of `(number, epoch ms, text)` incoming messages.
pub fn sms_xml(messages: &[(&str, i64, &str)]) -> String {
    let mut xml = String::from("<?xml version='1.0' encoding='UTF-8'?>\n<smses>\n");
    for (number, date, text) in messages {
        xml.push_str(&format!(
            "<sms address=\"{number}\" date=\"{date}\" type=\"1\" body=\"{text}\" />\n"
        ));
    }
    xml.push_str("</smses>\n");
    xml
}
