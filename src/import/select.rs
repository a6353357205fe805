//! Choose before storing: an SMS export or an mbox holds far more than the matter at hand, so
//! the caseworker first looks ([`preview`], which stores nothing) and then imports only what is
//! chosen ([`parse_selected`]): one conversation, a date range, or picked messages. An SMS thread
//! becomes one item by default, so a question and its reply are registered together.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use super::common::new_item;
use super::ocr::{self, OcrError};
use super::{Format, ImportError, ImportLimits, ParseOptions, ParsedFile, parse_file_with};
use crate::model::{Channel, Direction, NewItem, Part, normalize_phone, write_local_time};

/// What to take from a file. The default takes everything, SMS grouped by thread.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only this conversation: a phone number (any common form) for a one-to-one thread, or a
    /// thread key as [`preview`] shows it for a group thread.
    pub thread: Option<String>,
    /// Only messages on or after this day (Europe/Stockholm).
    pub from: Option<NaiveDate>,
    /// Only messages on or before this day (Europe/Stockholm).
    pub to: Option<NaiveDate>,
    /// Only these messages, by the numbers [`preview`] gives them (1-based, file order).
    pub ids: Option<BTreeSet<usize>>,
    /// One item per SMS instead of one per thread.
    pub per_message: bool,
    /// Read the text of screenshots with Tesseract (`-l swe`) into the item's text, when it is
    /// installed. Off by default: it takes seconds per picture.
    pub ocr: bool,
    /// Import the complete messages of a truncated export ([`ParseOptions::salvage`]).
    pub salvage: bool,
}

impl Selection {
    /// Parses an `--ids` list like `1,3,7-9`.
    pub fn parse_ids(list: &str) -> Option<BTreeSet<usize>> {
        let mut ids = BTreeSet::new();
        for piece in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match piece.split_once('-') {
                Some((a, b)) => {
                    let (a, b): (usize, usize) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
                    if a == 0 || b < a || b - a > 1_000_000 {
                        return None;
                    }
                    ids.extend(a..=b);
                }
                None => {
                    ids.insert(piece.parse().ok().filter(|n| *n > 0)?);
                }
            }
        }
        (!ids.is_empty()).then_some(ids)
    }

    fn wanted_thread(&self) -> Option<String> {
        self.thread.as_deref().map(|t| {
            if t.contains(',') {
                t.split(',')
                    .map(normalize_phone)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect::<Vec<_>>()
                    .join(",")
            } else {
                normalize_phone(t)
            }
        })
    }

    fn accepts(&self, n: usize, item: &NewItem, thread: Option<&str>) -> bool {
        let day = item
            .received_at
            .with_timezone(&chrono_tz::Europe::Stockholm)
            .date_naive();
        self.ids.as_ref().is_none_or(|ids| ids.contains(&n))
            && self.from.is_none_or(|f| day >= f)
            && self.to.is_none_or(|t| day <= t)
            && thread.is_none_or(|t| item.thread.as_deref() == Some(t))
    }
}

/// One message as the preview lists it: enough to choose, nothing stored.
#[derive(Debug, Clone, Serialize)]
pub struct PreviewMessage {
    /// The number to pass to `--ids`.
    pub n: usize,
    /// Where in the file.
    pub locator: String,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// In or out.
    pub direction: Direction,
    /// The other party.
    pub counterpart: String,
    /// The thread key, for SMS.
    pub thread: Option<String>,
    /// E-mail subject.
    pub subject: Option<String>,
    /// Number of attachments.
    pub attachments: usize,
}

/// One conversation as the preview lists it.
#[derive(Debug, Clone, Serialize)]
pub struct PreviewThread {
    /// The key to pass to `--thread`.
    pub key: String,
    /// The other party as shown in the export (number and name).
    pub counterpart: String,
    /// Messages in it.
    pub count: usize,
    /// First message.
    pub first: DateTime<FixedOffset>,
    /// Last message.
    pub last: DateTime<FixedOffset>,
    /// Of its messages, how many are in inkom already (from an earlier import): asked of a
    /// store by [`preview_knowing`]; absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known: Option<usize>,
}

/// What a file holds.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    /// The detected format.
    pub format: Format,
    /// SMS conversations, in order of their first message.
    pub threads: Vec<PreviewThread>,
    /// Every message, in file order.
    pub messages: Vec<PreviewMessage>,
    /// What the importer would skip.
    pub skipped: Vec<String>,
}

fn counterpart(item: &NewItem) -> String {
    match item.direction {
        Direction::In if !item.sender.is_empty() => item.sender.clone(),
        _ => item.recipients.join(", "),
    }
}

/// Lists conversations and messages without storing anything.
pub fn preview(path: &Path, limits: &ImportLimits) -> Result<Preview, ImportError> {
    preview_with(path, limits, ParseOptions::default())
}

/// [`preview`] with the caseworker's [`ParseOptions`]: with salvage, what a truncated export
/// still holds.
pub fn preview_with(
    path: &Path,
    limits: &ImportLimits,
    options: ParseOptions,
) -> Result<Preview, ImportError> {
    preview_counting(path, limits, options, None)
}

/// Is this message in inkom already (from an earlier import)? Asked of the open store.
pub type InInkom<'a> = dyn FnMut(&NewItem) -> Result<bool, ImportError> + 'a;

/// [`preview_with`] that also counts, per conversation, the messages `known` says are in inkom
/// already (the app asks its open store): a conversation exported again every week shows what
/// is new in it before the caseworker chooses.
pub fn preview_knowing(
    path: &Path,
    limits: &ImportLimits,
    options: ParseOptions,
    known: &mut InInkom<'_>,
) -> Result<Preview, ImportError> {
    preview_counting(path, limits, options, Some(known))
}

fn preview_counting(
    path: &Path,
    limits: &ImportLimits,
    options: ParseOptions,
    mut known: Option<&mut InInkom<'_>>,
) -> Result<Preview, ImportError> {
    let mut messages = Vec::new();
    let mut threads: BTreeMap<String, PreviewThread> = BTreeMap::new();
    let parsed = parse_file_with(path, limits, options, &mut |item: NewItem| {
        let n = messages.len() + 1;
        if let Some(key) = &item.thread {
            let t = threads.entry(key.clone()).or_insert_with(|| PreviewThread {
                key: key.clone(),
                counterpart: counterpart(&item),
                count: 0,
                first: item.received_at,
                last: item.received_at,
                known: None,
            });
            t.count += 1;
            if let Some(known) = known.as_mut() {
                let more = usize::from(known(&item)?);
                t.known = Some(t.known.unwrap_or(0) + more);
            }
            t.first = t.first.min(item.received_at);
            t.last = t.last.max(item.received_at);
            if item.direction == Direction::In && !item.sender.is_empty() {
                t.counterpart = item.sender.clone();
            }
        }
        messages.push(PreviewMessage {
            n,
            locator: item.source.locator.clone(),
            at: item.received_at,
            direction: item.direction,
            counterpart: counterpart(&item),
            thread: item.thread.clone(),
            subject: item.subject.clone(),
            attachments: item.attachments.len(),
        });
        Ok(())
    })?;
    let mut threads: Vec<PreviewThread> = threads.into_values().collect();
    threads.sort_by_key(|t| t.first);
    Ok(Preview {
        format: parsed.format,
        threads,
        messages,
        skipped: parsed.skipped,
    })
}

/// Parses a file and hands on only what `selection` chooses, SMS grouped into one item per
/// thread unless `per_message`. Threads are emitted after the whole file has parsed cleanly, in
/// order of their first message.
pub fn parse_selected(
    path: &Path,
    limits: &ImportLimits,
    selection: &Selection,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<ParsedFile, ImportError> {
    parse_selected_noting(
        path,
        limits,
        selection,
        &mut |_, _| Ok(()),
        &mut nothing_known,
        on_item,
    )
}

/// The messages of a file's conversations, asked about before they are folded: each message by
/// its place among the messages `on_taken` was shown (0 for the first), thread by thread, and
/// each thread's key with how many of them are its. The one asked has seen every one of them
/// with its fingerprint already, so nothing is sent twice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadMessages {
    /// Every message of every thread, the threads one after the other.
    pub taken: Vec<usize>,
    /// Each thread's key ([`NewItem::thread`]) and how many messages in turn are its.
    pub threads: Vec<(String, usize)>,
}

/// Which of these messages an *earlier* import stored: one answer per message, in the order
/// asked. A second copy of a message in the same file is what its first copy is: never known
/// because of the first (it would be lost).
pub type Known<'a> = dyn FnMut(ThreadMessages) -> Result<Vec<bool>, ImportError> + 'a;

/// A [`Known`] for reading without a store: nothing is known.
pub fn nothing_known(asked: ThreadMessages) -> Result<Vec<bool>, ImportError> {
    Ok(vec![false; asked.taken.len()])
}

/// [`parse_selected`] that also shows `on_taken` every message the selection takes, as the file
/// holds it (before OCR, before an SMS thread is folded into one item), with its plain
/// fingerprint ([`NewItem::fingerprint`]). The import records them, so that deleting the file
/// later can tell what in it inkom never got (issue 13, guard rail 2: [`crate::lifecycle`]'s
/// export-file check).
///
/// Before folding threads it asks `known` which of their messages an earlier import stored: a
/// conversation that grew since is folded from its new messages only (a note on the item says
/// how many were there already), and the messages left out count as duplicates
/// ([`SourceCount::known`](super::SourceCount::known)). Without this a message would be in two
/// items, and could be registered, or culled, twice. A conversation wholly known is folded
/// whole, as before: the store finds it as it is, or tells it is stored otherwise.
pub fn parse_selected_noting(
    path: &Path,
    limits: &ImportLimits,
    selection: &Selection,
    on_taken: &mut dyn FnMut(&NewItem, String) -> Result<(), ImportError>,
    known: &mut Known<'_>,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<ParsedFile, ImportError> {
    let wanted = selection.wanted_thread();
    let mut n = 0;
    let mut threads: BTreeMap<String, Vec<(NewItem, usize)>> = BTreeMap::new();
    let mut taken = 0;
    let mut notes = Vec::new();
    let mut not_selected = 0;
    let options = ParseOptions {
        salvage: selection.salvage,
    };
    let mut parsed = parse_file_with(path, limits, options, &mut |mut item: NewItem| {
        n += 1;
        if !selection.accepts(n, &item, wanted.as_deref()) {
            not_selected += 1;
            return Ok(());
        }
        let place = taken;
        taken += 1;
        on_taken(&item, item.fingerprint())?;
        if selection.ocr
            && item.channel == Channel::Screenshot
            && let Some(note) = read_text(&mut item)
        {
            notes.push(note);
        }
        match (&item.thread, selection.per_message) {
            (Some(key), false) => {
                // The key is copied once per conversation, not once per message.
                match threads.get_mut(key) {
                    Some(messages) => messages.push((item, place)),
                    None => {
                        threads.insert(key.clone(), vec![(item, place)]);
                    }
                }
                Ok(())
            }
            _ => on_item(item),
        }
    })?;
    let left_out = fold_new_messages(threads, known, on_item)?;
    parsed.skipped.extend(notes);
    parsed.count.not_selected = not_selected;
    parsed.count.known = left_out;
    Ok(parsed)
}

/// Folds each thread into one item ([`thread_item`]) from the messages `known` does not know
/// (or from all of them, when it knows all) and hands the items to `on_item` in order of their
/// first message, each as soon as it is folded: the storing thread stores one conversation
/// while the next is folded (issue 15; folding them all first kept it waiting). Returns how
/// many messages were left out.
fn fold_new_messages(
    threads: BTreeMap<String, Vec<(NewItem, usize)>>,
    known: &mut Known<'_>,
    on_item: &mut dyn FnMut(NewItem) -> Result<(), ImportError>,
) -> Result<usize, ImportError> {
    if threads.is_empty() {
        return Ok(0);
    }
    let mut asked = ThreadMessages::default();
    let mut folding = Vec::with_capacity(threads.len());
    for (key, messages) in threads {
        asked.threads.push((key, messages.len()));
        let (messages, places): (Vec<NewItem>, Vec<usize>) = messages.into_iter().unzip();
        asked.taken.extend(places);
        folding.push(messages);
    }
    let asked_len = asked.taken.len();
    let answers = known(asked)?;
    if answers.len() != asked_len {
        return Err(ImportError::Sink(Box::new(KnownMismatch)));
    }
    let mut answers = answers.into_iter();
    let mut left_out = 0;
    // Each conversation's messages to fold, how many of them inkom had (when some, not all,
    // were left out), and the time of its first message: the item's time.
    let mut conversations = Vec::with_capacity(folding.len());
    for messages in folding {
        let total = messages.len();
        let marks: Vec<bool> = answers.by_ref().take(total).collect();
        let there = marks.iter().filter(|known| **known).count();
        let (messages, noted) = if there == 0 || there == total {
            (messages, 0)
        } else {
            left_out += there;
            let new: Vec<NewItem> = messages
                .into_iter()
                .zip(marks)
                .filter_map(|(message, known)| (!known).then_some(message))
                .collect();
            (new, there)
        };
        // A thread has at least one message, a partly known one at least one new: never empty,
        // so nothing is left out here.
        let Some(first) = messages.iter().map(|m| m.received_at).min() else {
            continue;
        };
        conversations.push((first, messages, noted));
    }
    // Stable, as the items' order always was: conversations that begin together keep the
    // order of their keys.
    conversations.sort_by_key(|(first, ..)| *first);
    for (_, messages, there) in conversations {
        let mut item = thread_item(messages);
        if there > 0 {
            item.source.notes.push(format!(
                "{there} av trådens meddelanden i filen fanns redan i inkom från en tidigare \
                 import och togs inte med igen"
            ));
        }
        on_item(item)?;
    }
    Ok(left_out)
}

/// A [`Known`] answered for a different number of messages than it was asked about: a bug,
/// refused rather than guessed.
#[derive(Debug, thiserror::Error)]
#[error("the store answered for a different number of messages than it was asked about")]
struct KnownMismatch;

/// Puts a screenshot's OCR text into its body. Returns a note when there is none to say:
/// OCR missing (said once per process, not per file) or failed for this picture.
fn read_text(item: &mut NewItem) -> Option<String> {
    static SAID_UNAVAILABLE: std::sync::atomic::AtomicBool =
        std::sync::atomic::AtomicBool::new(false);
    let picture = item.attachments.first()?;
    match ocr::recognise(&picture.bytes) {
        Ok(text) => {
            item.body = text;
            None
        }
        Err(OcrError::Unavailable) => {
            let first = !SAID_UNAVAILABLE.swap(true, std::sync::atomic::Ordering::Relaxed);
            first.then(|| {
                "textigenkänning (OCR) är inte installerad: installera tesseract-ocr och \
                 tesseract-ocr-swe för att göra skärmdumparnas text sökbar"
                    .to_string()
            })
        }
        Err(OcrError::Failed(why)) => {
            tracing::warn!("OCR failed: {why}");
            Some(format!("{}: texten kunde inte läsas med OCR", picture.name))
        }
    }
}

/// Folds the messages of one conversation into one item: the transcript as its text, every
/// message as a [`Part`], all attachments, arriving when the first message did.
fn thread_item(mut messages: Vec<NewItem>) -> NewItem {
    messages.sort_by_key(|m| m.received_at);
    let first = &messages[0];
    let last = &messages[messages.len() - 1];
    let locator = if messages.len() == 1 {
        first.source.locator.clone()
    } else {
        format!(
            "tråd, {} meddelanden: {} – {}",
            messages.len(),
            first.source.locator,
            last.source.locator
        )
    };
    let direction = if messages.iter().any(|m| m.direction == Direction::In) {
        Direction::In
    } else {
        Direction::Out
    };
    let source = crate::model::SourceRef {
        locator,
        // What was repaired in any message of the thread stays on the thread's item.
        notes: messages
            .iter()
            .flat_map(|m| {
                m.source
                    .notes
                    .iter()
                    .map(|n| format!("{}: {n}", m.source.locator))
            })
            .collect(),
        ..first.source.clone()
    };
    let mut item = NewItem {
        sender: messages
            .iter()
            .find(|m| m.direction == Direction::In && !m.sender.is_empty())
            .map(|m| m.sender.clone())
            .unwrap_or_default(),
        thread: first.thread.clone(),
        ..new_item(Channel::Sms, direction, first.received_at, source)
    };
    // The transcript is written straight into one string (it was a string per message, joined:
    // every text copied twice) and the parts' list is made as long as it will be.
    let mut transcript =
        String::with_capacity(messages.iter().map(|m| m.body.len() + 64).sum::<usize>());
    item.parts.reserve_exact(messages.len());
    for m in messages {
        for r in &m.recipients {
            if !item.recipients.contains(r) {
                item.recipients.push(r.clone());
            }
        }
        let who = counterpart(&m);
        if !transcript.is_empty() {
            transcript.push_str("\n\n");
        }
        write_local_time(&mut transcript, &m.received_at);
        transcript.push_str(match m.direction {
            Direction::In => " från ",
            Direction::Out => " till ",
        });
        transcript.push_str(&who);
        transcript.push('\n');
        transcript.push_str(&m.body);
        item.parts.push(Part {
            at: m.received_at,
            direction: m.direction,
            counterpart: who,
            text: m.body,
            attachments: m.attachments.iter().map(|a| a.name.clone()).collect(),
            locator: m.source.locator,
        });
        item.attachments.extend(m.attachments);
    }
    item.body = transcript;
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the `n`th SMS of a test export comes from.
    fn sms_source(n: usize) -> crate::model::SourceRef {
        crate::model::SourceRef {
            path: "/tmp/export.xml".into(),
            locator: format!("sms {n}"),
            file_sha256: "ab".repeat(32),
            notes: Vec::new(),
        }
    }

    /// A conversation's transcript, and so its fingerprint, is byte for byte what inkom wrote
    /// before the transcript was built in one string: a conversation imported then is still
    /// recognised when it is imported again.
    #[test]
    fn the_transcript_is_written_as_before() {
        let at = |t: &str| DateTime::parse_from_rfc3339(t).expect("time");
        let message = |t: &str, direction, sender: &str, to: &[&str], body: &str, n: usize| {
            let source = sms_source(n);
            NewItem {
                sender: sender.into(),
                recipients: to.iter().map(|r| r.to_string()).collect(),
                body: body.into(),
                ..new_item(Channel::Sms, direction, at(t), source)
            }
        };
        let messages = vec![
            message(
                "2026-11-02T10:05:00+01:00",
                Direction::Out,
                "",
                &["+46701740648"],
                "Tack.",
                2,
            ),
            message(
                "2026-11-02T10:03:12+01:00",
                Direction::In,
                "+46701740648",
                &[],
                "Hej!\nRad två",
                1,
            ),
            message(
                "2026-07-01T09:00:00Z",
                Direction::In,
                "+46701740648",
                &[],
                "",
                3,
            ),
        ];
        // As thread_item wrote it until 2026-12-04: a string per message, joined.
        let mut sorted = messages.clone();
        sorted.sort_by_key(|m| m.received_at);
        let before = sorted
            .iter()
            .map(|m| {
                let arrow = match m.direction {
                    Direction::In => format!("från {}", counterpart(m)),
                    Direction::Out => format!("till {}", counterpart(m)),
                };
                format!(
                    "{} {}\n{}",
                    crate::model::local_time(&m.received_at),
                    arrow,
                    m.body
                )
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        let item = thread_item(messages);
        assert_eq!(item.body, before);
        assert_eq!(item.parts.len(), 3);
        assert_eq!(item.parts.capacity(), 3);
    }

    /// Conversations go to `on_item` one by one in order of their first message (not of their
    /// keys), the first new message when inkom had some of them, with the note saying so.
    #[test]
    fn conversations_are_handed_over_in_order_of_their_first_message() {
        let at = |t: &str| DateTime::parse_from_rfc3339(t).expect("time");
        let message = |key: &str, t: &str, n: usize| {
            let source = sms_source(n);
            NewItem {
                sender: key.into(),
                body: format!("meddelande {n}"),
                thread: Some(key.into()),
                ..new_item(Channel::Sms, Direction::In, at(t), source)
            }
        };
        let mut threads: BTreeMap<String, Vec<(NewItem, usize)>> = BTreeMap::new();
        // "a" sorts first by key, but its first message is the last of all. "b"'s first
        // message (place 1) is known, so its item begins with its second, after "c"'s first.
        let messages = [
            ("b", "2026-11-02T08:00:00+01:00"),
            ("c", "2026-11-02T08:30:00+01:00"),
            ("b", "2026-11-02T09:00:00+01:00"),
            ("a", "2026-11-02T10:00:00+01:00"),
        ];
        for (place, (key, t)) in messages.iter().enumerate() {
            threads
                .entry(key.to_string())
                .or_default()
                .push((message(key, t, place + 1), place));
        }
        let mut known =
            |asked: ThreadMessages| Ok(asked.taken.iter().map(|place| *place == 0).collect());
        let mut handed = Vec::new();
        let left_out = fold_new_messages(threads, &mut known, &mut |item| {
            handed.push(item);
            Ok(())
        })
        .expect("folded");
        assert_eq!(left_out, 1);
        let order: Vec<(&str, &str)> = handed
            .iter()
            .map(|i| (i.thread.as_deref().unwrap_or(""), i.body.as_str()))
            .collect();
        assert_eq!(order.len(), 3);
        assert_eq!(order[0].0, "c");
        assert_eq!(order[1].0, "b");
        assert!(order[1].1.ends_with("meddelande 3"), "{}", order[1].1);
        assert!(!order[1].1.contains("meddelande 1"), "{}", order[1].1);
        assert_eq!(order[2].0, "a");
        assert!(handed[1].source.notes[0].starts_with("1 av trådens meddelanden"));
        assert!(handed[0].source.notes.is_empty());
    }

    /// An export with two conversations, of three and two messages, in a temporary directory.
    fn two_threads() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("export.xml");
        let mut xml = String::from("<?xml version='1.0' encoding='UTF-8'?>\n<smses count=\"5\">\n");
        for (i, address) in [
            "+46701740605",
            "+46701740606",
            "+46701740605",
            "+46701740606",
            "+46701740605",
        ]
        .iter()
        .enumerate()
        {
            xml.push_str(&format!(
                "<sms address=\"{address}\" date=\"{}\" type=\"1\" body=\"Meddelande {i}\" />\n",
                1_790_000_000_000u64 + i as u64 * 60_000
            ));
        }
        xml.push_str("</smses>\n");
        std::fs::write(&path, xml).expect("write export");
        (dir, path)
    }

    /// The store is asked once, thread by thread; a thread partly known is folded from its new
    /// messages with a note, one wholly known is folded whole (the store finds it), and the
    /// messages left out are counted.
    #[test]
    fn conversations_are_folded_from_the_messages_the_store_does_not_know() {
        let (_dir, path) = two_threads();
        let mut asked_once = Vec::new();
        let mut items = Vec::new();
        let parsed = parse_selected_noting(
            &path,
            &ImportLimits::default(),
            &Selection::default(),
            &mut |_, _| Ok(()),
            &mut |asked: ThreadMessages| {
                let answers = asked
                    .threads
                    .iter()
                    .flat_map(|(key, n)| {
                        // The first thread's first message is known; the second wholly.
                        let whole = key.ends_with("0606");
                        (0..*n).map(move |i| whole || i == 0)
                    })
                    .collect();
                asked_once.push(asked);
                Ok(answers)
            },
            &mut |item| {
                items.push(item);
                Ok(())
            },
        )
        .expect("parsed");
        assert_eq!(asked_once.len(), 1);
        assert_eq!(asked_once[0].taken, [0, 2, 4, 1, 3]);
        assert_eq!(parsed.count.known, 1);
        let texts: Vec<Vec<&str>> = items
            .iter()
            .map(|i| i.parts.iter().map(|p| p.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            [
                vec!["Meddelande 1", "Meddelande 3"],
                vec!["Meddelande 2", "Meddelande 4"]
            ]
        );
        assert!(
            items[1].source.notes[0].starts_with("1 av trådens meddelanden"),
            "{:?}",
            items[1].source.notes
        );
        assert!(items[0].source.notes.is_empty());
    }

    /// An answer for a different number of messages is a bug in the caller: refused, nothing
    /// folded or guessed.
    #[test]
    fn a_wrong_number_of_answers_is_refused() {
        let (_dir, path) = two_threads();
        let mut items = 0;
        let parsed = parse_selected_noting(
            &path,
            &ImportLimits::default(),
            &Selection::default(),
            &mut |_, _| Ok(()),
            &mut |_| Ok(vec![false; 4]),
            &mut |_| {
                items += 1;
                Ok(())
            },
        );
        assert!(matches!(parsed, Err(ImportError::Sink(_))), "{parsed:?}");
        assert_eq!(items, 0);
    }

    #[test]
    fn id_lists() {
        let ids = Selection::parse_ids("1, 3,7-9").expect("valid");
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), [1, 3, 7, 8, 9]);
        assert_eq!(Selection::parse_ids("0"), None);
        assert_eq!(Selection::parse_ids("5-2"), None);
        assert_eq!(Selection::parse_ids("x"), None);
        assert_eq!(Selection::parse_ids(""), None);
    }

    #[test]
    fn thread_numbers_in_any_form() {
        let s = Selection {
            thread: Some("070-174 06 05".into()),
            ..Selection::default()
        };
        assert_eq!(s.wanted_thread().as_deref(), Some("+46701740605"));
    }
}
