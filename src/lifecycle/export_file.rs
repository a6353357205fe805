//! Guard rail 2: an export file with more in it is not deleted because one thread was handled.
//!
//! A phone's SMS export or an mbox holds every conversation, and the caseworker imports the one
//! that concerns the matter (`--thread`, `--from/--to`, `--ids`). Deleting the file would delete
//! the rest, which inkom never got. Before inkom deletes a source file it therefore reads the
//! file again and looks up every message in it: a message is handled when an import took it
//! (the import records each message it takes by its keyed fingerprint, [`items::record_taken`])
//! or when it is an item of its own (a message imported one per item, which the import records
//! by the item's fingerprint alone; a duplicate of something already in inkom; or an item an
//! earlier inkom imported before imports recorded what they took). An SMS conversation stored
//! whole as one item by an earlier inkom counts all its messages as handled.
//!
//! What is not handled is listed for the caseworker (how many, and per conversation the
//! counterpart and the dates, which the import preview showed them already), never the text.
//! The caseworker can still let the file go with an explicit acknowledgement: the export is a
//! copy and the phone keeps the rest ([`ACK_STATEMENT`], recorded in the audit trail).
//!
//! Parts of the file the importer could not read at all (reported as skipped at import) are not
//! counted here: they are no message inkom could take.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::LifecycleError;
use crate::import::select::{self, Selection};
use crate::import::{ImportError, ImportLimits};
use crate::model::{Channel, Direction, NewItem, local_time};
use crate::store::items;

/// What the caseworker acknowledges by letting a partly handled export file go, as recorded.
pub const ACK_STATEMENT: &str = "exporten är en kopia; telefonen har kvar resten";

/// How many lines a refusal lists before it says how many more there are.
const LIST_AT_MOST: usize = 10;

/// What a source file holds that inkom never got.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Unhandled {
    /// Messages in the file that are not in inkom.
    pub messages: usize,
    /// Conversations (or single messages) they belong to, e.g. "samtal med +46701740699:
    /// 3 meddelanden, 2026-03-01 09:12:00 – 2026-03-04 18:40:10". At most ten.
    pub lines: Vec<String>,
    /// Conversations not listed in `lines`.
    pub more: usize,
}

impl Unhandled {
    /// True when everything in the file is in inkom.
    pub fn is_empty(&self) -> bool {
        self.messages == 0
    }
}

/// A message in the file that is not in inkom, as much as a refusal lists of it.
struct Missing {
    channel: Channel,
    counterpart: String,
    /// The counterpart is the sender of a received message (preferred for naming a thread).
    named: bool,
    thread: Option<String>,
    at: DateTime<FixedOffset>,
}

/// One conversation (or one message outside a conversation) with unhandled messages.
struct Group {
    channel: Channel,
    counterpart: String,
    count: usize,
    first: DateTime<FixedOffset>,
    last: DateTime<FixedOffset>,
}

impl Group {
    fn line(&self) -> String {
        let what = match self.channel {
            Channel::Sms => format!("samtal med {}", self.counterpart),
            Channel::Email if self.counterpart.is_empty() => "e-post".to_string(),
            Channel::Email => format!("e-post från {}", self.counterpart),
            Channel::Screenshot => "skärmdump".to_string(),
        };
        let count = match self.count {
            1 => "1 meddelande".to_string(),
            n => format!("{n} meddelanden"),
        };
        if self.first == self.last {
            format!("{what}: {count}, {}", local_time(&self.first))
        } else {
            format!(
                "{what}: {count}, {} – {}",
                local_time(&self.first),
                local_time(&self.last)
            )
        }
    }
}

fn counterpart(m: &NewItem) -> String {
    match m.direction {
        Direction::In if !m.sender.is_empty() => m.sender.clone(),
        _ => m.recipients.join(", "),
    }
}

/// Reads the source file at `path` again and returns what in it is not in inkom. The file must
/// still be the one imported (`file_sha256`), or [`LifecycleError::SourceChanged`].
pub(crate) fn unhandled(
    conn: &rusqlite::Connection,
    id: i64,
    path: &Path,
    file_sha256: &str,
) -> Result<Unhandled, LifecycleError> {
    // A file that may not be deleted anyway (changed, missing, a link) is refused as such
    // before it is read again.
    crate::source_file::check_unchanged(path, file_sha256).map_err(|e| e.for_item(id, path))?;
    // Only what a refusal lists is kept of a message not in inkom; nothing of the others.
    let mut missing: Vec<Missing> = Vec::new();
    let mut whole_threads: BTreeSet<String> = BTreeSet::new();
    let sink = |e: crate::store::StoreError| ImportError::Sink(Box::new(e));
    let parsed = {
        let mut on_taken = |m: &NewItem, fingerprint: String| {
            // By its fingerprint as read now, or, read otherwise by the inkom that imported
            // it, by its place in this very file (checked unchanged above).
            let in_inkom = items::message_in_store(conn, m, &fingerprint).map_err(sink)?
                || items::at_place(conn, file_sha256, &m.source.locator)
                    .map_err(sink)?
                    .is_some();
            if !in_inkom {
                missing.push(Missing {
                    channel: m.channel,
                    counterpart: counterpart(m),
                    named: m.direction == Direction::In && !m.sender.is_empty(),
                    thread: m.thread.clone(),
                    at: m.received_at,
                });
            }
            Ok(())
        };
        // A whole conversation stored as one item by an inkom that did not yet record the
        // messages it took.
        let mut on_item = |item: NewItem| {
            if let Some(thread) = &item.thread
                && items::message_in_store(conn, &item, &item.fingerprint()).map_err(sink)?
            {
                whole_threads.insert(thread.clone());
            }
            Ok(())
        };
        select::parse_selected_noting(
            path,
            &ImportLimits::default(),
            &Selection::default(),
            &mut on_taken,
            &mut select::nothing_known,
            &mut on_item,
        )
    };
    let parsed = parsed.map_err(|source| match source {
        ImportError::Sink(e) => match e.downcast::<crate::store::StoreError>() {
            Ok(e) => LifecycleError::Store(*e),
            Err(e) => LifecycleError::Import {
                path: path.to_path_buf(),
                source: ImportError::Sink(e),
            },
        },
        source => LifecycleError::Import {
            path: path.to_path_buf(),
            source,
        },
    })?;
    if parsed.file_sha256 != file_sha256 {
        return Err(LifecycleError::SourceChanged {
            id,
            path: path.to_path_buf(),
        });
    }
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut count = 0;
    for m in missing {
        if m.thread.as_ref().is_some_and(|t| whole_threads.contains(t)) {
            continue;
        }
        count += 1;
        // Messages of one conversation are one line; anything else is a line of its own.
        let key = match &m.thread {
            Some(t) => format!("t:{t}"),
            None => format!("m:{count}"),
        };
        let g = groups.entry(key).or_insert_with(|| Group {
            channel: m.channel,
            counterpart: m.counterpart.clone(),
            count: 0,
            first: m.at,
            last: m.at,
        });
        g.count += 1;
        g.first = g.first.min(m.at);
        g.last = g.last.max(m.at);
        if m.named {
            g.counterpart = m.counterpart;
        }
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    groups.sort_by_key(|g| g.first);
    let more = groups.len().saturating_sub(LIST_AT_MOST);
    Ok(Unhandled {
        messages: count,
        lines: groups.iter().take(LIST_AT_MOST).map(Group::line).collect(),
        more,
    })
}
