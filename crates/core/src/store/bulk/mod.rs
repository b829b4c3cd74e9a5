//! Bulk loading: filling an empty database wholesale (the demo generator's million appeals),
//! through the same table functions the use cases write with, but without their per-action
//! transaction and with the file tuned for a load.
//!
//! The loader (minyi-demo) decides what to write and how to spread the work over threads; this
//! module is the storage side of it, so that no SQL lives outside the store and a second backend
//! replaces this module, not the loader. [`BulkLoad`] holds the store for the whole load:
//!
//! * [`BulkLoad::begin`] switches bulk-load mode on: no WAL double write, no fsync, a 1 GB page
//!   cache, foreign keys checked by `check` rather than per row. (The FTS index merges only when a
//!   level fills up — `automerge` is 0 — which also suits bulk loading.) Secondary indexes whose
//!   keys arrive in random order are dropped and built once at the end: a sort instead of a
//!   million random B-tree inserts. The trigger that derives stage runs from each event is dropped:
//!   the loader writes the runs itself ([`Row::StageSpan`]).
//! * [`BulkLoad::write`] writes buffered [`Row`]s in order, with cached statements, inside the
//!   batch transaction the loader opens and commits ([`BulkLoad::begin_batch`],
//!   [`BulkLoad::commit_batch`]).
//! * The full-text index may be built aside ([`index::ScratchIndex`]) and copied in at the end
//!   ([`BulkLoad::replace_index`]).
//! * [`BulkLoad::finish`] switches it all back, whatever happened, so the file always keeps its
//!   full schema.
//!
//! On PostgreSQL ([`pg`]) the same calls do the same in PostgreSQL's terms: the big tables'
//! secondary indexes (the trigram and pairs GIN indexes among them) are dropped and built once at
//! the end, the stage-span trigger is off, the bulk of the rows goes through binary `COPY`, each
//! batch is a transaction under the office's write lock without a wait for the disk, and at the
//! end every identity is set past the ids written and the tables analysed. The search rows are
//! written with the other rows rather than aside ([`BulkLoad::builds_index_aside`]). A load that
//! dies before [`BulkLoad::finish`] leaves the indexes dropped and the trigger off, as a dead
//! SQLite load leaves its file: a demo database is made again, not repaired.

pub mod accounts;
mod copy_in;
pub mod index;
pub(crate) mod pg;
mod pg_columns;
pub(crate) mod pg_mode;
mod rows;

pub use accounts::{AccountSeed, SeededAccounts, ensure_accounts};
pub use index::{BuiltIndex, ScratchIndex};
pub use rows::{Row, SupervisionRow};

use crate::error::{CoreError, Result};
use crate::store::stage_spans::FEED_TRIGGER;
use crate::store::{Store, appeals, counters, events};

/// Whether the database holds no appeals yet (a bulk load only fills an empty one).
pub fn is_empty(store: &Store) -> Result<bool> {
    Ok(appeals::last_id(store.conn())? == 0)
}

/// The ids the next rows of the tables a loader predicts ids for will get, and the event chain's
/// head: a loader that buffers rows on another thread numbers them itself, which holds because
/// [`BulkLoad::write`] applies them in order and nothing else writes during the load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextIds {
    pub appellant: i64,
    pub plan: i64,
    pub progress: i64,
    pub escalation: i64,
    /// The last event's id and hash.
    pub event_head: (i64, String),
}

/// A bulk load in progress on a store; see the module documentation.
pub struct BulkLoad<'s> {
    store: &'s mut Store,
    /// The schema objects dropped for the load, as `CREATE` statements to run again.
    deferred: Vec<String>,
    /// The full-text index was replaced underneath the connection, which FTS5 caches.
    index_replaced: bool,
    /// On PostgreSQL: the ids the next copied appellant, plan and escalation get (see
    /// [`pg::write`]).
    copy_ids: std::cell::Cell<pg::CopyIds>,
    /// On PostgreSQL: a batch transaction is open.
    in_batch: bool,
}

impl<'s> BulkLoad<'s> {
    /// Enters bulk-load mode on an empty file.
    pub fn begin(store: &'s mut Store) -> Result<Self> {
        let conn = store.conn();
        if conn.pg().is_some() {
            let deferred = pg_mode::begin(conn)?;
            let load = Self {
                store,
                deferred,
                index_replaced: false,
                copy_ids: Default::default(),
                in_batch: false,
            };
            let next = load.next_ids()?;
            load.copy_ids.set(pg::CopyIds {
                appellant: next.appellant,
                plan: next.plan,
                escalation: next.escalation,
                last_appeal: appeals::last_id(load.store.conn())?,
            });
            return Ok(load);
        }
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF; PRAGMA journal_mode = DELETE;
             PRAGMA cache_size = -1048576;",
        )?;
        let dropped: Vec<(String, String, String)> = {
            let mut stmt = conn.prepare(
                "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND (
                     (type = 'index'
                      AND tbl_name IN ('appeals', 'appellants', 'plans', 'feedbacks', 'progress_reports',
                                       'tracking', 'appeal_sketch')
                      AND name NOT IN ('appeals_registered', 'appeals_received'))
                     OR (type = 'trigger' AND name = ?1))",
            )?;
            stmt.query_map([FEED_TRIGGER], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<crate::store::sql::Result<_>>()?
        };
        for (kind, name, _) in &dropped {
            let kind = if kind == "trigger" {
                "TRIGGER"
            } else {
                "INDEX"
            };
            conn.execute_batch(&format!("DROP {kind} {name}"))?;
        }
        Ok(Self {
            store,
            deferred: dropped.into_iter().map(|(_, _, sql)| sql).collect(),
            index_replaced: false,
            copy_ids: Default::default(),
            in_batch: false,
        })
    }

    /// The next ids and the event chain's head, as the file stands now.
    pub fn next_ids(&self) -> Result<NextIds> {
        let conn = self.store.conn();
        let next = |table: &str| -> Result<i64> {
            Ok(conn.query_row(
                &format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"),
                [],
                |r| r.get(0),
            )?)
        };
        Ok(NextIds {
            appellant: next("appellants")?,
            plan: next("plans")?,
            progress: next("progress_reports")?,
            escalation: next("escalations")?,
            event_head: events::head(conn)?,
        })
    }

    /// Opens the transaction the next batches of rows are written in.
    pub fn begin_batch(&mut self) -> Result<()> {
        let conn = self.store.conn();
        if conn.pg().is_some() {
            pg_mode::begin_batch(conn)?;
            self.in_batch = true;
            return Ok(());
        }
        conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    /// Commits the rows written since [`Self::begin_batch`].
    pub fn commit_batch(&mut self) -> Result<()> {
        self.store.conn().execute_batch("COMMIT")?;
        self.in_batch = false;
        Ok(())
    }

    /// Writes `rows` in order (inside a batch). On PostgreSQL the full-text rows ([`Row::Fts`])
    /// are written here too (see [`Self::builds_index_aside`]).
    pub fn write(&self, rows: Vec<Row>) -> Result<()> {
        let conn = self.store.conn();
        if conn.pg().is_some() {
            return pg::write(conn, rows, &self.copy_ids);
        }
        rows::write(conn, rows)
    }

    /// Whether the full-text index is built aside ([`Self::scratch_index`], SQLite's FTS5) rather
    /// than written with the rows ([`Self::write`], PostgreSQL's search rows).
    pub fn builds_index_aside(&self) -> bool {
        self.store.conn().pg().is_none()
    }

    /// Sets the numbering counters the loader drew from itself, in one transaction.
    pub fn set_counters<'a>(
        &mut self,
        values: impl IntoIterator<Item = (&'a str, i64)>,
    ) -> Result<()> {
        let tx = crate::store::sql::begin_write(self.store.conn())?;
        for (name, value) in values {
            counters::set(&tx, name, value)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// A scratch file beside the database with the same full-text table, to build the index in
    /// on another thread ([`ScratchIndex`]). Only for a file (not an in-memory database).
    pub fn scratch_index(&self) -> Result<ScratchIndex> {
        ScratchIndex::create(self.store.conn())
    }

    /// Replaces the (empty) full-text index with the one built aside, in one transaction.
    pub fn replace_index(&mut self, built: BuiltIndex) -> Result<()> {
        built.copy_into(self.store.conn())?;
        self.index_replaced = true;
        Ok(())
    }

    /// Leaves bulk-load mode, whatever happened before: a batch still open is rolled back, the
    /// dropped objects are created again, the normal pragmas set, and the store reopened when its
    /// full-text index was replaced (FTS5 caches the index structure per connection).
    pub fn finish(self) -> Result<()> {
        let conn = self.store.conn();
        if conn.pg().is_some() {
            if self.in_batch {
                let _ = conn.execute_batch("ROLLBACK");
            }
            return pg_mode::finish(conn, &self.deferred);
        }
        if !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        for sql in &self.deferred {
            conn.execute_batch(sql)?;
        }
        let restore = conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA optimize;",
        );
        crate::store::db::configure(conn.sqlite_only("批量写入")?)?;
        restore?;
        if self.index_replaced {
            let path = conn
                .path()
                .map(std::path::PathBuf::from)
                .ok_or_else(|| CoreError::storage("无法重新打开数据库文件。"))?;
            *self.store = Store::open(&path)?;
        }
        Ok(())
    }
}
