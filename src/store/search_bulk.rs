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
}

impl DeferredIndex {
    /// Lifts the insert trigger for the rest of the transaction `tx`.
    pub(crate) fn begin(tx: &Connection) -> Result<Self, StoreError> {
        let trigger_sql: String = tx.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
            [INSERT_TRIGGER],
            |r| r.get(0),
        )?;
        tx.execute_batch(&format!("DROP TRIGGER {INSERT_TRIGGER}"))?;
        Ok(DeferredIndex { trigger_sql })
    }

    /// Indexes the items whose ids are in `new_ids` (those the transaction stored: ids only
    /// grow and one writer holds the store) with the same view the trigger reads, and puts the
    /// trigger back.
    pub(crate) fn fill(
        self,
        tx: &Connection,
        new_ids: Option<RangeInclusive<i64>>,
    ) -> Result<(), StoreError> {
        if let Some(ids) = new_ids {
            tx.execute(
                "INSERT INTO items_fts (rowid, exact, folded, spaced)
                     SELECT id, exact, folded, spaced FROM items_fts_row
                     WHERE id BETWEEN ?1 AND ?2",
                [ids.start(), ids.end()],
            )?;
        }
        tx.execute_batch(&self.trigger_sql)?;
        Ok(())
    }
}
