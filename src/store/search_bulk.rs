//! The search index filled in bulk for an import (issue 15: import at the speed of the disk).
//!
//! The index (`items_fts`, FTS5) is kept by triggers on `items`. FTS5 buffers what a
//! transaction writes and flushes it as one segment at the commit, but it also flushes at every
//! statement savepoint, and an INSERT that fires a trigger runs in one. So an import that
//! stored one item per statement wrote one index segment per item and then merged them: a third
//! of the time of importing 100,000 messages one by one. For an import, the insert trigger is
//! lifted inside the import's transaction, the items are stored, and the index rows of all of
//! them are written by one statement before the trigger is put back, byte for byte as the
//! migrations made it (the open-time schema check compares it). Everything happens in the one
//! transaction: a crash or an error rolls the trigger back with the items.

use std::ops::RangeInclusive;

use rusqlite::Connection;

use super::StoreError;

/// The trigger that indexes a new item (migration 15).
const INSERT_TRIGGER: &str = "items_fts_after_insert";

/// The insert trigger, lifted; [`DeferredIndex::fill`] indexes the new items and puts it back.
/// Only inside a write transaction, and `fill` must run before the commit.
#[must_use = "fill() puts the search index's trigger back; commit only after it"]
pub(crate) struct DeferredIndex {
    /// The trigger's `CREATE TRIGGER` text as stored in `sqlite_schema`.
    trigger_sql: String,
    /// Items indexed already ([`DeferredIndex::index_now`]), in the order they were stored.
    indexed: Vec<i64>,
}

/// Indexes the items with ids in `?1..=?2` from the view the insert trigger reads too.
const FILL: &str = "INSERT INTO items_fts (rowid, exact, folded, spaced)
    SELECT id, exact, folded, spaced FROM items_fts_row WHERE id BETWEEN ?1 AND ?2";

impl DeferredIndex {
    /// Lifts the insert trigger for the rest of the transaction `tx`.
    pub(crate) fn begin(tx: &Connection) -> Result<Self, StoreError> {
        let trigger_sql: String = tx.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
            [INSERT_TRIGGER],
            |r| r.get(0),
        )?;
        tx.execute_batch(&format!("DROP TRIGGER {INSERT_TRIGGER}"))?;
        Ok(DeferredIndex {
            trigger_sql,
            indexed: Vec::new(),
        })
    }

    /// Indexes the item just stored as `id` now, in a statement of its own: a conversation of
    /// thousands of messages, indexed while the parser builds the next one (one index segment
    /// each, which FTS5 merges; a single message waits for [`DeferredIndex::fill`]).
    pub(crate) fn index_now(&mut self, tx: &Connection, id: i64) -> Result<(), StoreError> {
        tx.execute(FILL, [id, id])?;
        self.indexed.push(id);
        Ok(())
    }

    /// Indexes the items whose ids are in `new_ids` (those the transaction stored: ids only
    /// grow and one writer holds the store) with the same view the trigger reads, but for those
    /// indexed already, and puts the trigger back.
    pub(crate) fn fill(
        self,
        tx: &Connection,
        new_ids: Option<RangeInclusive<i64>>,
    ) -> Result<(), StoreError> {
        if let Some(ids) = new_ids {
            for (first, last) in not_indexed(ids, &self.indexed) {
                tx.execute(FILL, [first, last])?;
            }
        }
        tx.execute_batch(&self.trigger_sql)?;
        Ok(())
    }
}

/// The runs of `ids` left when the ascending `indexed` are taken out.
fn not_indexed(ids: RangeInclusive<i64>, indexed: &[i64]) -> Vec<(i64, i64)> {
    let mut runs = Vec::new();
    let mut next = *ids.start();
    for &id in indexed.iter().filter(|id| ids.contains(id)) {
        if id > next {
            runs.push((next, id - 1));
        }
        next = next.max(id + 1);
    }
    if next <= *ids.end() {
        runs.push((next, *ids.end()));
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::not_indexed;

    #[test]
    fn the_runs_left_to_index() {
        assert_eq!(not_indexed(1..=10, &[]), [(1, 10)]);
        assert_eq!(not_indexed(1..=10, &[1, 2, 3]), [(4, 10)]);
        assert_eq!(not_indexed(1..=10, &[3, 7]), [(1, 2), (4, 6), (8, 10)]);
        assert_eq!(not_indexed(1..=3, &[1, 2, 3]), []);
        assert_eq!(not_indexed(5..=6, &[2, 6, 9]), [(5, 5)]);
    }
}
