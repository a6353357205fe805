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

use super::outgoing::mark_sent_by_unit;
use super::select::{Selection, ThreadMessages, parse_selected_noting};
use super::{ImportError, ImportLimits, ParsedFile, bytes_read};
use crate::model::{Channel, NewItem, Prepared};

/// How many messages go over the channel together: one hand-over per message made the two
/// threads wake each other 100,000 times for as many messages (measured: more time than the
/// parse the second thread saved).
const BATCH: usize = 256;

/// How many batches may wait between the parser and the caller: enough to keep both threads
/// busy, few enough that a long file is never held in memory.
const DEPTH: usize = 4;

/// How many may wait when parsing starts before the store is open ([`UnitAddresses::Later`])
/// and messages are grouped: what the parser reads while the passphrase is derived (about
/// 0.2 s, some 30,000 SMS, a few MB of fingerprints), so that it goes on.
const DEPTH_AHEAD: usize = 128;

/// What the parser found, in file order.
pub enum Parsed {
    /// A message the selection takes, by its plain fingerprint (before it is grouped into a
    /// thread, so also every message of a conversation item): what
    /// [`parse_selected_noting`]'s `on_taken` is given.
    Taken {
        /// [`NewItem::fingerprint`].
        fingerprint: String,
        /// [`NewItem::written_fingerprint`]: what an older inkom stored the message under.
        written: Option<String>,
    },
    /// [`parse_selected_noting`]'s `known`: which of these messages of the file's conversations
    /// an earlier import stored, each by its place among the [`Parsed::Taken`] before it (every
    /// one of them sent before this, so the storing side has them). The parser waits for the
    /// answer on `reply` (a dropped `reply` means the storing side stopped) before it folds the
    /// conversations.
    Known {
        /// The messages asked about.
        asked: ThreadMessages,
        /// One answer per message asked about, in order.
        reply: SyncSender<Vec<bool>>,
    },
    /// An item to store.
    Item {
        /// The item, as `on_item` is given it, marked as sent by the unit when it comes from
        /// one of the unit's own addresses ([`mark_sent_by_unit`]).
        item: Box<NewItem>,
        /// Its fingerprint and parts' JSON, computed here rather than on the storing thread.
        prepared: Prepared,
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

/// What the file is read with: what to take from it and the unit's own e-mail addresses
/// (the `unit_addresses` setting, [`crate::import::outgoing::unit_addresses`]).
pub struct Reading<'a> {
    /// The file.
    pub path: &'a Path,
    /// Bounds on what is read.
    pub limits: &'a ImportLimits,
    /// What the caseworker chose.
    pub selection: &'a Selection,
    /// The unit's own addresses: mail from them is marked as sent by the unit.
    pub unit_addresses: UnitAddresses<'a>,
}

/// The unit's own e-mail addresses, a setting in the store: known when parsing starts, or
/// handed over once the store is open (the CLI reads ahead). Only an e-mail waits for them; the
/// parser stops if the sender goes without sending (the store did not open).
pub enum UnitAddresses<'a> {
    /// Read from the open store.
    Known(&'a [String]),
    /// To come over this channel.
    Later(Receiver<Vec<String>>),
}

/// Starts parsing on a thread of `scope`. The receiver yields what was found, in batches; the
/// handle gives the file's summary (or the parse error) once the receiver has been drained or
/// dropped. Started before the store is open (the unit's addresses to come,
/// [`UnitAddresses::Later`]: the CLI derives the passphrase's key meanwhile), the channel holds
/// what a second or so of parsing finds.
pub fn parse_in_background<'scope>(
    scope: &'scope Scope<'scope, '_>,
    reading: Reading<'scope>,
    cancel: &'scope AtomicBool,
) -> (
    Receiver<Vec<Parsed>>,
    ScopedJoinHandle<'scope, Result<ParsedFile, ImportError>>,
) {
    // One item per message, storing is the slower side whenever parsing starts: a deep queue
    // would only hold memory (16 MB at 100,000 SMS, measured), not time.
    let depth = match reading.unit_addresses {
        UnitAddresses::Later(_) if !reading.selection.per_message => DEPTH_AHEAD,
        _ => DEPTH,
    };
    let (sender, receiver) = sync_channel(depth);
    let handle = scope.spawn(move || parse_sending(&reading, cancel, &sender));
    (receiver, handle)
}

/// How much of a batch a found thing fills: one message, or as many as a conversation item
/// holds. A long conversation goes over by itself as soon as it is built, so the storing
/// thread stores it while the next one is built (they all come at the end of the file).
fn weight(parsed: &Parsed) -> usize {
    match parsed {
        Parsed::Taken { .. } => 1,
        // Goes at once: the parser waits for the answer.
        Parsed::Known { .. } => BATCH,
        Parsed::Item { item, .. } => item.parts.len().max(1),
    }
}

fn parse_sending(
    reading: &Reading<'_>,
    cancel: &AtomicBool,
    sender: &SyncSender<Vec<Parsed>>,
) -> Result<ParsedFile, ImportError> {
    let batch = std::cell::RefCell::new((Vec::with_capacity(BATCH), 0));
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
        batch.1 += weight(&parsed);
        batch.0.push(parsed);
        if batch.1 < BATCH {
            return Ok(());
        }
        let full = std::mem::replace(&mut *batch, (Vec::with_capacity(BATCH), 0));
        send(full.0)
    };
    let later = std::cell::OnceCell::new();
    let unit_addresses = |item: &NewItem| match &reading.unit_addresses {
        UnitAddresses::Known(known) => Ok(*known),
        UnitAddresses::Later(_) if item.channel != Channel::Email => Ok(&[][..]),
        UnitAddresses::Later(coming) => later
            .get_or_init(|| coming.recv().ok())
            .as_deref()
            .ok_or_else(|| ImportError::Sink(Box::new(Stopped))),
    };
    let mut on_taken = |item: &NewItem, fingerprint: String| {
        push(Parsed::Taken {
            fingerprint,
            written: item.written_fingerprint(),
        })
    };
    let mut known = |asked: ThreadMessages| {
        let (reply, answer) = sync_channel(1);
        push(Parsed::Known { asked, reply })?;
        answer
            .recv()
            .map_err(|_| ImportError::Sink(Box::new(Stopped)))
    };
    let mut on_item = |mut item: NewItem| {
        let addresses = unit_addresses(&item)?;
        mark_sent_by_unit(&mut item, addresses);
        push(Parsed::Item {
            prepared: item.prepare().map_err(|e| ImportError::Sink(Box::new(e)))?,
            item: Box::new(item),
            bytes: bytes_read(),
        })
    };
    let parsed = parse_selected_noting(
        reading.path,
        reading.limits,
        reading.selection,
        &mut on_taken,
        &mut known,
        &mut on_item,
    )?;
    send(batch.take().0)?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Direction;

    /// An SMS Backup & Restore export of `n` messages from two numbers in turn, in a temporary
    /// directory.
    fn export(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut xml = format!("<?xml version='1.0' encoding='UTF-8'?>\n<smses count=\"{n}\">\n");
        for i in 0..n {
            xml.push_str(&format!(
                "<sms address=\"+4670174060{}\" date=\"{}\" type=\"1\" body=\"Meddelande {i}\" />\n",
                5 + i % 2,
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
        parsing_as(n, true, with)
    }

    /// [`parsing`], per message or grouped into conversations.
    fn parsing_as<T>(
        n: usize,
        per_message: bool,
        with: impl FnOnce(Receiver<Vec<Parsed>>, &AtomicBool) -> T,
    ) -> (T, Result<ParsedFile, ImportError>) {
        let (_dir, path) = export(n);
        let selection = Selection {
            per_message,
            ..Selection::default()
        };
        let (cancel, limits) = (AtomicBool::new(false), ImportLimits::default());
        let reading = Reading {
            path: &path,
            limits: &limits,
            selection: &selection,
            unit_addresses: UnitAddresses::Known(&[]),
        };
        std::thread::scope(|scope| {
            let (receiver, parser) = parse_in_background(scope, reading, &cancel);
            let got = with(receiver, &cancel);
            (got, parser.join().expect("parser thread"))
        })
    }

    /// Parses `path` ahead of the store, the unit's addresses to come over a channel, and
    /// hands the channel's sender to `with` with what was found.
    fn parsing_ahead<T>(
        path: &Path,
        with: impl FnOnce(std::sync::mpsc::Sender<Vec<String>>, Receiver<Vec<Parsed>>) -> T,
    ) -> (T, Result<ParsedFile, ImportError>) {
        let (selection, limits) = (Selection::default(), ImportLimits::default());
        let cancel = AtomicBool::new(false);
        let (addresses, coming) = std::sync::mpsc::channel();
        let reading = Reading {
            path,
            limits: &limits,
            selection: &selection,
            unit_addresses: UnitAddresses::Later(coming),
        };
        std::thread::scope(|scope| {
            let (found, parser) = parse_in_background(scope, reading, &cancel);
            let got = with(addresses, found);
            (got, parser.join().expect("parser thread"))
        })
    }

    /// The batches `receiver` yields, a grouped import's [`Parsed::Known`] answered as a store
    /// without the file's messages would answer it (the parser waits for that answer).
    fn answering(receiver: Receiver<Vec<Parsed>>) -> impl Iterator<Item = Vec<Parsed>> {
        receiver.into_iter().inspect(|batch| {
            for parsed in batch {
                if let Parsed::Known { asked, reply } = parsed {
                    reply
                        .send(vec![false; asked.taken.len()])
                        .expect("the parser waits");
                }
            }
        })
    }

    /// A mail from the unit's address, in a temporary directory.
    fn unit_mail() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("svar.eml");
        std::fs::write(
            &path,
            "From: Enheten <enheten@exempelby.example.se>\r\nTo: elsa@example.com\r\n\
             Subject: Svar\r\nDate: Tue, 3 Nov 2026 10:00:00 +0100\r\n\r\nHej Elsa.\r\n",
        )
        .expect("write mail");
        (dir, path)
    }

    /// An SMS export never waits for the unit's e-mail addresses: the whole file is read while
    /// the store is still being opened.
    #[test]
    fn sms_are_read_ahead_without_the_unit_addresses() {
        let (_dir, path) = export(3_000);
        let (found, parsed) = parsing_ahead(&path, |addresses, found| {
            let all: Vec<Parsed> = answering(found).flatten().collect();
            drop(addresses); // held, never sent, until everything was read
            all
        });
        assert_eq!(parsed.expect("parsed").count.messages, 3_000);
        assert_eq!(
            found.len(),
            3_000 + 1 + 2,
            "every message taken, one question, two conversations"
        );
        let Parsed::Known { asked, .. } = &found[3_000] else {
            panic!("the store was not asked before the conversations were folded");
        };
        assert_eq!(asked.taken.len(), 3_000);
        assert_eq!(asked.threads.len(), 2);
    }

    /// A mail waits for them and is marked as sent by the unit once they come.
    #[test]
    fn a_mail_read_ahead_waits_for_the_unit_addresses() {
        let (_dir, path) = unit_mail();
        let (found, parsed) = parsing_ahead(&path, |addresses, found| {
            addresses
                .send(vec!["enheten@exempelby.example.se".to_string()])
                .expect("parser waiting");
            answering(found).flatten().collect::<Vec<Parsed>>()
        });
        parsed.expect("parsed");
        let directions: Vec<Direction> = found
            .iter()
            .filter_map(|p| match p {
                Parsed::Item { item, .. } => Some(item.direction),
                _ => None,
            })
            .collect();
        assert_eq!(directions, [Direction::Out]);
    }

    /// When the store does not open, the addresses never come: the parser stops rather than
    /// wait for ever.
    #[test]
    fn a_mail_read_ahead_stops_when_the_store_does_not_open() {
        let (_dir, path) = unit_mail();
        let (found, parsed) = parsing_ahead(&path, |addresses, found| {
            drop(addresses);
            found.into_iter().flatten().count()
        });
        assert_eq!(found, 0);
        assert!(matches!(parsed, Err(ImportError::Sink(_))), "{parsed:?}");
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
            let [
                Parsed::Taken {
                    fingerprint: taken,
                    written,
                },
                Parsed::Item {
                    item,
                    prepared,
                    bytes,
                },
            ] = pair
            else {
                panic!("message {i}: not a Taken followed by its Item");
            };
            assert_eq!(item.body, format!("Meddelande {i}"));
            assert_eq!(*taken, item.fingerprint());
            assert_eq!(*written, item.written_fingerprint());
            assert_eq!(*prepared, item.prepare().expect("prepared"));
            assert!(*bytes > 0);
        }
    }

    /// The conversations of a grouped import come at the end of the file; each goes over as
    /// soon as it is built, not with the next ones in a batch of 256.
    #[test]
    fn a_long_conversation_goes_over_by_itself() {
        let (batches, parsed) = parsing_as(1_200, false, |receiver, _| {
            answering(receiver).collect::<Vec<Vec<Parsed>>>()
        });
        assert_eq!(parsed.expect("parsed").count.messages, 1_200);
        let items: Vec<(usize, usize)> = batches
            .iter()
            .enumerate()
            .flat_map(|(b, batch)| {
                batch.iter().filter_map(move |p| match p {
                    Parsed::Item { item, .. } => Some((b, item.parts.len())),
                    _ => None,
                })
            })
            .collect();
        assert_eq!(items.len(), 2, "two conversations: {items:?}");
        assert_eq!(items[0].1 + items[1].1, 1_200);
        let last = batches
            .iter()
            .rposition(|b| !b.is_empty())
            .expect("a batch");
        assert_eq!(items[1].0, last);
        assert_eq!(batches[last].len(), 1, "the second waited for a full batch");
        assert!(items[0].0 < last, "the first waited for the second");
    }

    /// The storing side stops while the parser waits for the answer to which messages it
    /// knows (its reply sender dropped unanswered): the parser stops too, nothing is folded.
    #[test]
    fn the_parser_stops_when_its_question_goes_unanswered() {
        let (items, parsed) = parsing_as(600, false, |receiver, _| {
            let mut items = 0;
            for batch in receiver {
                for parsed in batch {
                    match parsed {
                        Parsed::Known { reply, .. } => drop(reply),
                        Parsed::Item { .. } => items += 1,
                        Parsed::Taken { .. } => {}
                    }
                }
            }
            items
        });
        assert_eq!(items, 0);
        assert!(matches!(parsed, Err(ImportError::Sink(_))), "{parsed:?}");
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
