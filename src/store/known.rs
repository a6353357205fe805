//! Which messages of the file being imported an earlier import stored already, so that none is
//! stored twice (issue 15): a conversation that grew since it was imported is stored with its
//! new messages only, and a message an earlier import folded into a conversation is not stored
//! again as an item of its own (nor the other way round). A message in two items could be
//! registered twice, or culled in one while it is registered in the other.
//!
//! What "stored" means: a message an import folded into a conversation is in `source_messages`
//! ([`items::record_taken`]); a message stored as an item of its own is in `items` under its
//! own fingerprint. Both keep the keyed fingerprint after purge and culling, so a message dealt
//! with long ago is still known and does not come back as a new document.
//!
//! A second copy of a message in the same file is what its first copy is: known only when an
//! earlier import stored the message. That this import recorded the first copy does not make
//! the second known (leaving both out would lose the message).

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use super::StoreError;
use super::items;
use crate::import::select::ThreadMessages;
use crate::model::{Channel, NewItem, Prepared};

/// What one import learns about the messages it takes, on the storing side: every message the
/// parser took ([`Parsed::Taken`](crate::import::pipeline::Parsed::Taken)), in order, recorded
/// ([`items::record_taken`]) unless it is stored as an item of its own, and whether an earlier
/// import stored it.
pub(crate) struct KnownMessages {
    /// The message taken last, by its fingerprint and its written one
    /// ([`NewItem::written_fingerprint`]), recorded once the next thing shows it is not its own
    /// item.
    pending: Option<(String, Option<String>)>,
    /// For each message taken, in order: did an earlier import store it?
    earlier: Vec<bool>,
    /// Messages this import recorded as new, by 64 bits of the fingerprint ([`short`]), and
    /// whether an earlier import stored them otherwise (as items of their own, or under the
    /// fingerprint as written): what a second copy in the file is, too. A collision can only make a known message look new, and be stored again,
    /// never the other way round.
    new_now: HashMap<u64, bool>,
    /// What the store held when the import began.
    before: Before,
    /// Threads of the file all of whose messages an earlier import stored, by key: their
    /// conversation item is stored only as a duplicate of an identical one.
    whole: HashSet<String>,
    /// Threads of the file some (not all) of whose messages an earlier import stored, by key:
    /// their conversation item holds the new ones and continues an earlier item.
    grown: HashSet<String>,
}

/// What became of a conversation item all of whose messages are stored already.
pub(crate) enum Stored {
    /// The same conversation is an item: this one is its duplicate.
    As(i64),
    /// Its messages are in other items (one per message, or in a longer conversation).
    Otherwise,
}

/// What the store holds before an import (or a preview) asks about messages, looked at once so
/// that a store without such messages is asked nothing per message.
pub(crate) struct Before {
    /// Items up to this id were stored before and some of them are an SMS of its own: a message
    /// is looked for among them. `None`: no such item.
    alone_up_to: Option<i64>,
    /// Whether an import recorded any message as taken (folded into a conversation): a message
    /// is looked for among them.
    any_taken: bool,
}

impl Before {
    /// Looks at the store now.
    pub(crate) fn look(conn: &Connection) -> Result<Before, StoreError> {
        // A conversation item has its parts; an SMS stored alone has none (only SMS are
        // folded into conversations, and a fingerprint covers the channel). The scan stops at
        // the first such item (a NULL is seen in the row's header, without reading a
        // conversation's long text).
        let alone_up_to = conn.query_row(
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM items WHERE channel = ?1 AND parts IS NULL)
                 THEN (SELECT max(id) FROM items) END",
            [Channel::Sms.code()],
            |r| r.get::<_, Option<i64>>(0),
        )?;
        let any_taken =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM source_messages)", [], |r| {
                r.get(0)
            })?;
        Ok(Before {
            alone_up_to,
            any_taken,
        })
    }

    /// Is this message (plain fingerprint) an item of its own stored before?
    fn stored_alone(&self, conn: &Connection, fingerprint: &str) -> Result<bool, StoreError> {
        match self.alone_up_to {
            Some(_) => items::held(conn, fingerprint, false, self.alone_up_to),
            None => Ok(false),
        }
    }

    /// Was this message (plain fingerprint) recorded as taken by an import?
    fn taken(&self, conn: &Connection, fingerprint: &str) -> Result<bool, StoreError> {
        if !self.any_taken {
            return Ok(false);
        }
        items::held(conn, fingerprint, true, None)
    }

    /// Could any message be in inkom? If not, nothing need be asked (nor fingerprinted).
    pub(crate) fn holds_any(&self) -> bool {
        self.any_taken || self.alone_up_to.is_some()
    }

    /// Is this message in inkom: taken into a conversation, or stored as an item of its own?
    pub(crate) fn holds(&self, conn: &Connection, fingerprint: &str) -> Result<bool, StoreError> {
        items::held(conn, fingerprint, self.any_taken, self.alone_up_to)
    }

    /// [`Before::holds`] for `message` by its fingerprint, or by the one an older inkom stored
    /// it under ([`NewItem::written_fingerprint`]). What the app's import preview counts as
    /// "finns redan".
    pub(crate) fn holds_message(
        &self,
        conn: &Connection,
        message: &NewItem,
    ) -> Result<bool, StoreError> {
        Ok(self.holds(conn, &message.fingerprint())?
            || self.holds_written(conn, message.written_fingerprint().as_deref())?)
    }

    /// Did an older inkom store a message under its fingerprint as written
    /// ([`NewItem::written_fingerprint`]; `None` when that is its fingerprint)?
    fn holds_written(&self, conn: &Connection, written: Option<&str>) -> Result<bool, StoreError> {
        match written {
            Some(written) if self.holds_any() => self.holds(conn, written),
            _ => Ok(false),
        }
    }
}

impl KnownMessages {
    /// Looks once at what the store holds before the import, so that an import into a store
    /// without such messages does no lookups at all.
    pub(crate) fn begin(conn: &Connection) -> Result<KnownMessages, StoreError> {
        Ok(KnownMessages {
            pending: None,
            earlier: Vec::new(),
            new_now: HashMap::new(),
            before: Before::look(conn)?,
            whole: HashSet::new(),
            grown: HashSet::new(),
        })
    }

    /// The parser took this message: the one before it is recorded (it was not its own item).
    pub(crate) fn taken(
        &mut self,
        conn: &Connection,
        fingerprint: String,
        written: Option<String>,
    ) -> Result<(), StoreError> {
        self.record_pending(conn)?;
        self.pending = Some((fingerprint, written));
        Ok(())
    }

    /// An item with this fingerprint is about to be stored: when it is the message taken last,
    /// that message is the item itself, found by the item's fingerprint, and not recorded.
    pub(crate) fn item(&mut self, fingerprint: &str) {
        if self.pending.as_ref().map(|(taken, _)| taken.as_str()) == Some(fingerprint) {
            self.pending = None;
            self.earlier.push(false);
        }
    }

    /// Records the message taken last, if it waits: before the store is asked about the
    /// file's conversations, and at the end of the file.
    pub(crate) fn record_pending(&mut self, conn: &Connection) -> Result<(), StoreError> {
        let Some((fingerprint, written)) = self.pending.take() else {
            return Ok(());
        };
        let hash = short(&fingerprint);
        let earlier = if items::record_taken(conn, &fingerprint)? {
            // Not recorded by an import, but maybe stored as an item of its own, or by an
            // older inkom under the fingerprint as written.
            let otherwise = self.before.stored_alone(conn, &fingerprint)?
                || self.before.holds_written(conn, written.as_deref())?;
            self.new_now.insert(hash, otherwise);
            otherwise
        } else {
            // Recorded already: by an earlier import, or by this one (a second copy in the file
            // is what the first one is).
            self.new_now.get(&hash).copied().unwrap_or(true)
        };
        self.earlier.push(earlier);
        Ok(())
    }

    /// Which of these messages of the file's conversations an earlier import stored, in order.
    /// Remembers the threads it knows wholly.
    pub(crate) fn of_conversations(
        &mut self,
        conn: &Connection,
        asked: &ThreadMessages,
    ) -> Result<Vec<bool>, StoreError> {
        self.record_pending(conn)?;
        let answers = asked
            .taken
            .iter()
            .map(|place| {
                self.earlier
                    .get(*place)
                    .copied()
                    .ok_or(StoreError::Corrupt {
                        id: 0,
                        field: "taken message",
                    })
            })
            .collect::<Result<Vec<bool>, StoreError>>()?;
        let mut rest = &answers[..];
        for (key, n) in &asked.threads {
            let (of_thread, after) = rest.split_at((*n).min(rest.len()));
            if !of_thread.is_empty() && of_thread.iter().all(|known| *known) {
                self.whole.insert(key.clone());
            } else if of_thread.iter().any(|known| *known) {
                self.grown.insert(key.clone());
            }
            rest = after;
        }
        Ok(answers)
    }

    /// Where a conversation item is stored already when all its messages are
    /// ([`of_conversations`](Self::of_conversations)); `None` when it is to be stored.
    pub(crate) fn conversation(
        &self,
        conn: &Connection,
        item: &NewItem,
        prepared: &Prepared,
    ) -> Result<Option<Stored>, StoreError> {
        if item.parts.is_empty() || !item.thread.as_ref().is_some_and(|t| self.whole.contains(t)) {
            return Ok(None);
        }
        let found = match items::with_fingerprint(conn, &prepared.fingerprint)? {
            Some(id) => Some(id),
            None => match &prepared.written_fingerprint {
                Some(written) => items::with_fingerprint(conn, written)?,
                None => None,
            },
        };
        Ok(Some(found.map_or(Stored::Otherwise, Stored::As)))
    }

    /// The earlier item a conversation item continues: its thread grew since an import stored
    /// it, and this item holds the new messages only. `None` for any other item, and for a
    /// thread whose earlier messages are in no conversation item inkom knows (stored one per
    /// item, or by an inkom before schema 17).
    pub(crate) fn continues(
        &self,
        conn: &Connection,
        item: &NewItem,
    ) -> Result<Option<i64>, StoreError> {
        match &item.thread {
            Some(thread) if !item.parts.is_empty() && self.grown.contains(thread) => {
                items::conversation_of(conn, thread)
            }
            _ => Ok(None),
        }
    }

    /// Did an earlier import fold this message, about to be stored as an item of its own,
    /// into a conversation?
    pub(crate) fn in_a_conversation(
        &self,
        conn: &Connection,
        fingerprint: &str,
    ) -> Result<bool, StoreError> {
        if self.new_now.contains_key(&short(fingerprint)) {
            return Ok(false);
        }
        self.before.taken(conn, fingerprint)
    }

    /// Did an older inkom store this message, about to be stored as an item of its own, under
    /// its fingerprint as written ([`Prepared::written_fingerprint`]): as an item of its own
    /// (that one), or folded into a conversation? Its fingerprint finds what this inkom
    /// stored; this finds what was stored before, contact names and all.
    pub(crate) fn stored_as_written(
        &self,
        conn: &Connection,
        prepared: &Prepared,
    ) -> Result<Option<Stored>, StoreError> {
        let Some(written) = prepared.written_fingerprint.as_deref() else {
            return Ok(None);
        };
        if self.before.alone_up_to.is_some()
            && let Some(id) = items::with_fingerprint(conn, written)?
        {
            return Ok(Some(Stored::As(id)));
        }
        Ok(self
            .before
            .taken(conn, written)?
            .then_some(Stored::Otherwise))
    }
}

/// 64 bits of a plain fingerprint (hex of a SHA-256, so its first 16 digits are as good as
/// any), without hashing its 64 characters again; any other string is hashed, the same way
/// every time.
fn short(fingerprint: &str) -> u64 {
    fingerprint
        .get(..16)
        .and_then(|digits| u64::from_str_radix(digits, 16).ok())
        .unwrap_or_else(|| {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::hash::DefaultHasher::new();
            fingerprint.hash(&mut hasher);
            hasher.finish()
        })
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn a_fingerprint_is_shortened_the_same_way_every_time() {
        let hex = crate::model::sha256_hex(b"Hej");
        assert_eq!(
            short(&hex),
            u64::from_str_radix(&hex[..16], 16).expect("hex")
        );
        for odd in ["", "kort", "ÅÄÖ åäö ÅÄÖ åäö ÅÄÖ"] {
            assert_eq!(short(odd), short(odd), "{odd}");
        }
        assert_ne!(short("kort"), short("lång"));
    }
}
