//! Nothing silently lost: how every message of a source file was accounted for by an import.
//!
//! The reader counts what it found ([`SourceCount`]); the import adds what became of each
//! message it handed on (new, or already stored). Together they must add up:
//! `messages = imported + duplicates + not_selected + skipped`. A message that is in none of
//! these is [`Tally::unaccounted`], which the import summary shows rather than hides.
//!
//! Reusable beyond the summary: before a source file is deleted, [`count_messages`] and
//! [`Tally::not_stored`] say how many of its messages are not in the store.

use std::path::Path;

use serde::Serialize;

use super::{ImportError, ImportLimits, SourceCount, parse_file};
use crate::model::NewItem;

/// The messages one item carries: one per [`crate::model::Part`] for an SMS conversation
/// grouped into one item, else one.
pub fn messages_in(item: &NewItem) -> usize {
    item.parts.len().max(1)
}

/// What became of the messages of one source file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Messages in the file, as its reader found them.
    pub messages: usize,
    /// Stored now as new items (or in them, for a conversation grouped into one item).
    pub imported: usize,
    /// Already in the store from an earlier import, so not stored again.
    pub duplicates: usize,
    /// Left out because the caseworker chose other messages (a thread, dates, numbers).
    pub not_selected: usize,
    /// Left out by the reader, each with its reason in the import's notes.
    pub skipped: usize,
}

impl Tally {
    /// A tally for a file whose reader found `count` (the messages of a conversation an
    /// earlier import stored are duplicates already); the stored messages are added with
    /// [`Tally::record`].
    pub fn new(count: SourceCount) -> Tally {
        Tally {
            messages: count.messages,
            not_selected: count.not_selected,
            skipped: count.skipped,
            duplicates: count.known,
            ..Tally::default()
        }
    }

    /// Adds the messages the store counted ([`Tally::record`] on another tally) to this one.
    pub fn add_stored(&mut self, stored: &Tally) {
        self.imported += stored.imported;
        self.duplicates += stored.duplicates;
    }

    /// Counts the messages of an item handed to the store: new, or a duplicate.
    pub fn record(&mut self, item: &NewItem, duplicate: bool) {
        let n = messages_in(item);
        if duplicate {
            self.duplicates += n;
        } else {
            self.imported += n;
        }
    }

    /// Messages neither stored, found stored, deselected nor skipped with a reason: always 0
    /// unless a reader has a bug. Shown, never hidden.
    pub fn unaccounted(&self) -> usize {
        self.messages.saturating_sub(self.accounted())
    }

    /// Messages of the file that are not in the store after this import: deselected, skipped,
    /// or unaccounted. What a deletion of the source would lose.
    pub fn not_stored(&self) -> usize {
        self.messages
            .saturating_sub(self.imported + self.duplicates)
    }

    fn accounted(&self) -> usize {
        self.imported + self.duplicates + self.not_selected + self.skipped
    }

    /// Adds the tally of another selection from the same file (the app imports one chosen
    /// conversation at a time): the file's messages and skips once, the stored ones summed.
    pub fn merge_selection(&mut self, other: &Tally) {
        self.messages = self.messages.max(other.messages);
        self.skipped = self.skipped.max(other.skipped);
        self.imported += other.imported;
        self.duplicates += other.duplicates;
        self.not_selected = self
            .messages
            .saturating_sub(self.imported + self.duplicates + self.skipped);
    }

    /// The account in Swedish, for the summary: "12 meddelanden i filen: 10 importerade,
    /// 1 fanns redan, 1 hoppades över (se nedan)".
    pub fn sv(&self) -> String {
        // The participle agrees with "meddelande" (ett-word): one "importerat", more "importerade".
        let imported = if self.imported == 1 {
            "importerat"
        } else {
            "importerade"
        };
        let mut parts = vec![format!("{} {imported}", self.imported)];
        if self.duplicates > 0 {
            parts.push(format!("{} fanns redan", self.duplicates));
        }
        if self.not_selected > 0 {
            parts.push(format!("{} valdes inte", self.not_selected));
        }
        if self.skipped > 0 {
            parts.push(format!("{} hoppades över (se nedan)", self.skipped));
        }
        if self.unaccounted() > 0 {
            parts.push(format!(
                "{} saknas utan förklaring: kontrollera filen och rapportera felet",
                self.unaccounted()
            ));
        }
        format!(
            "{} i filen: {}",
            if self.messages == 1 {
                "1 meddelande".to_string()
            } else {
                format!("{} meddelanden", self.messages)
            },
            parts.join(", ")
        )
    }
}

/// Counts the messages of a file without storing anything: what the file holds and what its
/// reader would skip.
pub fn count_messages(path: &Path, limits: &ImportLimits) -> Result<SourceCount, ImportError> {
    Ok(parse_file(path, limits, &mut |_| Ok(()))?.count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_up_and_says_so() {
        let mut t = Tally::new(SourceCount {
            messages: 5,
            skipped: 1,
            not_selected: 1,
            known: 0,
        });
        t.imported = 2;
        t.duplicates = 1;
        assert_eq!(t.unaccounted(), 0);
        assert_eq!(t.not_stored(), 2);
        assert_eq!(
            t.sv(),
            "5 meddelanden i filen: 2 importerade, 1 fanns redan, 1 valdes inte, \
             1 hoppades över (se nedan)"
        );
        t.imported = 1;
        assert_eq!(t.unaccounted(), 1);
        assert!(t.sv().contains("1 saknas utan förklaring"));
        assert!(t.sv().contains(": 1 importerat,"), "{}", t.sv());
    }

    #[test]
    fn selections_of_one_file_merge() {
        let count = SourceCount {
            messages: 10,
            skipped: 2,
            not_selected: 5,
            known: 0,
        };
        let mut a = Tally::new(count);
        a.imported = 3;
        let mut b = Tally::new(count);
        b.imported = 2;
        b.not_selected = 6;
        a.merge_selection(&b);
        assert_eq!((a.imported, a.not_selected, a.unaccounted()), (5, 3, 0));
    }
}
