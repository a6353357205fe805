//! A file parsed on a thread of its own while the caller stores what it finds (issue 15:
//! import at the speed of the disk).
//!
//! Reading an SMS export (XML, entities, fingerprints, thread keys) and storing its messages
//! (encrypted pages, indexes, the audit trail) each take a good share of an import; on a
//! machine with two cores they can run side by side. The parser thread does everything
//! [`parse_selected_noting`] does and sends what it would have handed to its callbacks, in the
//! same order, over a bounded channel, so memory stays flat however long the file. The caller
//! keeps its one write transaction on its own thread.
//!
//! Nothing can be lost between the two: the caller commits only after the parser thread has
//! finished without error and every message sent has been stored; when the caller stops taking
//! messages (an error while storing, or a cancellation), the parser's next send fails and it
//! stops too.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::{Scope, ScopedJoinHandle};

use super::select::{Selection, parse_selected_noting};
use super::{ImportError, ImportLimits, ParsedFile, bytes_read};
use crate::model::NewItem;

/// How many messages go over the channel together: one hand-over per message made the two
/// threads wake each other 100,000 times for as many messages (measured: more time than the
/// parse the second thread saved).
const BATCH: usize = 256;

/// How many batches may wait between the parser and the caller: enough to keep both threads
/// busy, few enough that a long file is never held in memory.
const DEPTH: usize = 4;

/// What the parser found, in file order.
pub enum Parsed {
    /// A message the selection takes, by its plain fingerprint (before it is grouped into a
    /// thread, so also every message of a conversation item): what
    /// [`parse_selected_noting`]'s `on_taken` is given.
    Taken(String),
    /// An item to store.
    Item {
        /// The item, as `on_item` is given it.
        item: Box<NewItem>,
        /// How far into the file the parser had read when the item was complete (a progress
        /// bar's position).
        bytes: u64,
    },
}

/// Why the parser thread stopped early: the caller stopped receiving or cancelled. The caller
/// reports its own reason; this one never reaches the user.
#[derive(Debug, thiserror::Error)]
#[error("the import stopped taking messages")]
struct Stopped;

/// Starts parsing `path` on a thread of `scope`. The receiver yields what was found, in
/// batches; the
/// handle gives the file's summary (or the parse error) once the receiver has been drained or
/// dropped.
pub fn parse_in_background<'scope>(
    scope: &'scope Scope<'scope, '_>,
    path: &'scope Path,
    limits: &'scope ImportLimits,
    selection: &'scope Selection,
    cancel: &'scope AtomicBool,
) -> (
    Receiver<Vec<Parsed>>,
    ScopedJoinHandle<'scope, Result<ParsedFile, ImportError>>,
) {
    let (sender, receiver) = sync_channel(DEPTH);
    let handle = scope.spawn(move || parse_sending(path, limits, selection, cancel, &sender));
    (receiver, handle)
}

fn parse_sending(
    path: &Path,
    limits: &ImportLimits,
    selection: &Selection,
    cancel: &AtomicBool,
    sender: &SyncSender<Vec<Parsed>>,
) -> Result<ParsedFile, ImportError> {
    let batch = std::cell::RefCell::new(Vec::with_capacity(BATCH));
    let send = |batch: Vec<Parsed>| {
        if cancel.load(Ordering::Relaxed) {
            return Err(ImportError::Sink(Box::new(Stopped)));
        }
        sender
            .send(batch)
            .map_err(|_| ImportError::Sink(Box::new(Stopped)))
    };
    let push = |parsed: Parsed| {
        let mut batch = batch.borrow_mut();
        batch.push(parsed);
        if batch.len() < BATCH {
            return Ok(());
        }
        send(std::mem::replace(&mut *batch, Vec::with_capacity(BATCH)))
    };
    let mut on_taken = |message: &NewItem| push(Parsed::Taken(message.fingerprint()));
    let mut on_item = |item: NewItem| {
        push(Parsed::Item {
            item: Box::new(item),
            bytes: bytes_read(),
        })
    };
    let parsed = parse_selected_noting(path, limits, selection, &mut on_taken, &mut on_item)?;
    send(batch.take())?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An SMS Backup & Restore export of `n` messages in a temporary directory.
    fn export(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut xml = format!("<?xml version='1.0' encoding='UTF-8'?>\n<smses count=\"{n}\">\n");
        for i in 0..n {
            xml.push_str(&format!(
                "<sms address=\"+46701740605\" date=\"{}\" type=\"1\" body=\"Meddelande {i}\" />\n",
                1_790_000_000_000 + i as u64 * 1000
            ));
        }
        xml.push_str("</smses>\n");
        let path = dir.path().join("export.xml");
        std::fs::write(&path, xml).expect("write export");
        (dir, path)
    }

    /// Parses an export of `n` messages per message in the background, hands the receiver
    /// and the cancel flag to `with`, then joins the parser.
    fn parsing<T>(
        n: usize,
        with: impl FnOnce(Receiver<Vec<Parsed>>, &AtomicBool) -> T,
    ) -> (T, Result<ParsedFile, ImportError>) {
        let (_dir, path) = export(n);
        let selection = Selection {
            per_message: true,
            ..Selection::default()
        };
        let (cancel, limits) = (AtomicBool::new(false), ImportLimits::default());
        std::thread::scope(|scope| {
            let (receiver, parser) =
                parse_in_background(scope, &path, &limits, &selection, &cancel);
            let got = with(receiver, &cancel);
            (got, parser.join().expect("parser thread"))
        })
    }

    #[test]
    fn every_message_arrives_in_file_order_taken_before_its_item() {
        let (found, parsed) = parsing(1_000, |receiver, _| {
            receiver.into_iter().flatten().collect::<Vec<Parsed>>()
        });
        let parsed = parsed.expect("parsed");
        assert_eq!(parsed.count.messages, 1_000);
        assert_eq!(found.len(), 2_000);
        for (i, pair) in found.chunks(2).enumerate() {
            let [Parsed::Taken(fingerprint), Parsed::Item { item, bytes }] = pair else {
                panic!("message {i}: not a Taken followed by its Item");
            };
            assert_eq!(item.body, format!("Meddelande {i}"));
            assert_eq!(*fingerprint, item.fingerprint());
            assert!(*bytes > 0);
        }
    }

    #[test]
    fn the_parser_stops_when_the_receiver_goes() {
        let (received, parsed) = parsing(20_000, |receiver, _| {
            receiver.recv().expect("a first batch").len()
        });
        assert_eq!(received, BATCH);
        assert!(
            matches!(parsed, Err(ImportError::Sink(_))),
            "the parser read on: {parsed:?}"
        );
    }

    #[test]
    fn the_parser_stops_when_cancelled() {
        let (after, parsed) = parsing(20_000, |receiver, cancel| {
            receiver.recv().expect("a first batch");
            cancel.store(true, Ordering::Relaxed);
            // Still receiving: the parser stops by itself, not because the channel closed.
            receiver.into_iter().map(|b| b.len()).sum::<usize>()
        });
        assert!(
            after <= (DEPTH + 1) * BATCH,
            "{after} more after the cancel"
        );
        assert!(matches!(parsed, Err(ImportError::Sink(_))), "{parsed:?}");
    }
}
