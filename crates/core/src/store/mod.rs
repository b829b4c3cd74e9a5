//! Storage: the only place that knows the data lives in SQLite, and the one boundary a second
//! backend (PostgreSQL, for offices with several workstations) implements.
//!
//! [`Store`] owns one connection (opened by `db::open`, which sets the pragmas and runs the
//! migrations) and the folder beside the database that holds attachments. Every user action runs
//! in one IMMEDIATE transaction through `Store::write`, so nothing is ever half-written and
//! concurrent writers serialise instead of failing mid-way.
//!
//! # The sealed boundary
//!
//! Nothing outside this module and core's read side ([`crate::queries`]) touches the connection:
//! `Store::conn`, `Store::write` and the functions of the table modules (plain functions over
//! `&Connection`, one module per table, which the use cases call inside their transaction) are
//! crate-private. What the other crates of the workspace may do with a store is typed:
//!
//! * the use cases ([`crate::usecases`]) and queries ([`crate::queries`]), which take the
//!   [`Store`] and check access;
//! * the few direct reads of configuration and accounts that the command surface, the server and
//!   the command line need, as methods of [`Store`] ([`Store::org_name`], [`Store::setting`],
//!   [`Store::session_rules`], [`Store::actor`], [`Store::departments`], [`Store::listed_days`],
//!   … — see `reads.rs`);
//! * wholesale writing for the demo generator ([`bulk`]) and the bare-SQL comparison of the bench
//!   ([`baseline`]), whose functions take the [`Store`] itself;
//! * file-level operations that take paths ([`db::upgrade_pending`], [`copy::vacuum_into`]).
//!
//! The table modules stay public where they define record types that cross the command surface
//! ([`users::UserRecord`], [`registry::AttachmentRecord`], [`calendar::ListedDay`], …); their
//! functions do not. The coded domain enums are bound to SQL here too (`codes.rs`), not in
//! [`crate::model`]. A PostgreSQL backend therefore replaces this module (and the SQL of
//! [`crate::queries`]) and keeps every signature the other crates see; no crate but minyi-core
//! depends on rusqlite, and a test (`tests/sealed_store.rs`) keeps it so.
//!
//! Inside core, the shared table modules, the queries and `check` name no rusqlite type either:
//! they import the database names from `sql`, the layer a PostgreSQL connection will sit behind
//! (docs/decisions/0014-postgresql.md, §2.2); only the SQLite-only modules (opening and migrating,
//! copies, the bulk loader, FTS5 search, the statistics fold) use rusqlite itself.
//!
//! Tests that look inside a database (row counts, raw rows, tampering with the file) use the
//! `testing` feature's [`testing`](crate::testing) module, which only dev-dependencies enable.

pub(crate) mod appeals;
pub mod assists;
pub mod baseline;
pub mod bulk;
pub mod calendar;
mod codes;
pub(crate) mod consistency;
pub mod copy;
pub(crate) mod counters;
pub mod db;
pub mod events;
pub(crate) mod fts_backlog;
pub mod grants;
pub mod handling;
pub(crate) mod imports;
pub mod move_to_pg;
pub mod oversight;
pub(crate) mod paper_archive;
pub(crate) mod pg;
/// LISTEN/NOTIFY between the server processes of one PostgreSQL office (see its module docs).
pub use pg::notify;
pub mod portal;
pub mod print_settings;
mod reads;
pub mod recommendations;
pub mod registry;
pub(crate) mod reminder_marks;
pub mod rewards;
pub mod search;
pub mod security_log;
pub mod server_state;
pub mod settings;
// The two-backend layer: the crate's own, but the test support's raw SQL on either store reaches
// it (`Store::sql_layer_for_tests`, only with the `testing` feature).
#[cfg(feature = "testing")]
pub mod sql;
#[cfg(not(feature = "testing"))]
pub(crate) mod sql;
pub mod stage_spans;
pub mod stock_texts;
pub mod users;
pub(crate) mod visits;
pub(crate) mod walk;

use crate::calendar::WorkCalendar;
use crate::error::Result;
use sql::{Connection, Transaction};
use std::path::{Path, PathBuf};

/// An open Minyi database plus the folder for its attachments.
pub struct Store {
    conn: Connection,
    dir: PathBuf,
    calendar: WorkCalendar,
    /// The calendar revision `calendar` was loaded at.
    calendar_revision: i64,
    /// On PostgreSQL: keeps this process's merging of the search indexes' pending lists running
    /// while the store is open (`pg::pending`).
    _merging: Option<std::sync::Arc<pg::pending::Merging>>,
}

impl Store {
    /// Opens (creating and migrating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = db::open(path)?;
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let calendar_revision = calendar::revision(&conn)?;
        let calendar = calendar::load(&conn)?;
        Ok(Self {
            conn,
            dir,
            calendar,
            calendar_revision,
            _merging: None,
        })
    }

    /// Opens (migrating if needed) the PostgreSQL database at `url` (`postgres://…`); attachments go
    /// to `dir`, the data folder of the server that opens it (docs/decisions/0014-postgresql.md).
    /// Each call is one connection: a server keeps a pool of such stores, as of SQLite's.
    pub fn open_url(url: &str, dir: &Path) -> Result<Self> {
        let conn = Connection::from_pg_at(pg::open(url)?, url);
        let calendar_revision = calendar::revision(&conn)?;
        let calendar = calendar::load(&conn)?;
        Ok(Self {
            conn,
            dir: dir.to_path_buf(),
            calendar,
            calendar_revision,
            _merging: Some(pg::pending::keep_merging(url)),
        })
    }

    /// Whether the store's connection is gone (PostgreSQL: the server restarted, a failover): a
    /// pool drops such a store and opens a new one instead of lending it again.
    pub fn is_broken(&self) -> bool {
        self.conn.pg().is_some_and(|pg| pg.is_closed())
    }

    /// Whether this store is a PostgreSQL database (else an SQLite file or memory database).
    pub fn is_postgres(&self) -> bool {
        self.conn.pg().is_some()
    }

    /// Opens the database at `path` read-only, to check a copy (a backup) without changing it: it
    /// is never created, migrated or written. The file must be at this program's schema version.
    pub(crate) fn open_read_only(path: &Path) -> Result<Self> {
        let conn = copy::open_read_only(path)?.into();
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let calendar_revision = calendar::revision(&conn)?;
        let calendar = calendar::load(&conn)?;
        Ok(Self {
            conn,
            dir,
            calendar,
            calendar_revision,
            _merging: None,
        })
    }

    /// The event log's head (the last event's id and hash), which a backup's manifest records.
    pub fn chain_head(&self) -> Result<(i64, String)> {
        events::head(&self.conn)
    }

    /// Every distinct attachment hash the database refers to.
    pub fn attachment_hashes(&self) -> Result<Vec<String>> {
        registry::attachment_hashes(&self.conn)
    }

    /// An in-memory database (tests); attachments go to `dir`.
    pub fn open_in_memory(dir: &Path) -> Result<Self> {
        let conn = db::open_in_memory()?;
        let calendar_revision = calendar::revision(&conn)?;
        let calendar = calendar::load(&conn)?;
        Ok(Self {
            conn,
            dir: dir.to_path_buf(),
            calendar,
            calendar_revision,
            _merging: None,
        })
    }

    /// The connection, for the table modules, queries and use cases of this crate only.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A second store on the same database file, for reading beside this one on another thread
    /// (statistics scan a year in slices at once), with this store's calendar. `None` when there
    /// is no file to share (an in-memory database) or the file is not at this program's schema
    /// version: the caller then reads through this store alone. Its connection is read-only: it
    /// is never migrated or written.
    pub fn sibling_reader(&self) -> Result<Option<Store>> {
        Ok(db::open_sibling_reader(&self.conn)?.map(|conn| Store {
            conn,
            dir: self.dir.clone(),
            calendar: self.calendar.clone(),
            calendar_revision: self.calendar_revision,
            _merging: self._merging.clone(),
        }))
    }

    /// Stops mapping the database file into memory on this connection, for a connection opened to
    /// read a large part of the file once (the ledger exports): the map (256 MB) would count in
    /// the process's resident memory for pages it does not read again, while SQLite's own page
    /// cache is bounded. Reads then go through the OS cache at about the same speed.
    pub fn stop_memory_map(&self) -> Result<()> {
        db::stop_memory_map(&self.conn)
    }

    /// Sets how many pages the write-ahead log may grow by before this connection copies it into
    /// the database (SQLite's default is 1,000, about 4 MB), returning the previous setting to
    /// restore. A long batch of writes (an import) raises it: the index pages each chunk rewrites
    /// are then copied once per several chunks rather than once per chunk.
    pub fn set_checkpoint_interval(&self, pages: i64) -> Result<i64> {
        db::set_checkpoint_interval(&self.conn, pages)
    }

    /// Bounds SQLite's page cache of this connection to about `mib` MiB (the default of every
    /// connection is 64 MiB, sized for bulk jobs). Pages beyond it are read again from the OS
    /// cache, which holds them anyway.
    pub fn limit_page_cache(&self, mib: u32) -> Result<()> {
        db::limit_page_cache(&self.conn, mib)
    }

    /// The folder beside the database.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The working-day calendar as loaded at open (or after the last calendar edit).
    pub fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    /// Re-reads the calendar after it was edited.
    pub fn reload_calendar(&mut self) -> Result<()> {
        self.calendar_revision = calendar::revision(&self.conn)?;
        self.calendar = calendar::load(&self.conn)?;
        Ok(())
    }

    /// Re-reads the calendar if another connection edited it since this one loaded it (the office
    /// server keeps several connections); a one-row read when nothing changed.
    pub fn refresh_calendar(&mut self) -> Result<()> {
        if calendar::revision(&self.conn)? != self.calendar_revision {
            self.reload_calendar()?;
        }
        Ok(())
    }

    /// Runs `f` in one IMMEDIATE transaction: committed if `f` returns `Ok`, rolled back otherwise.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &WorkCalendar) -> Result<T>,
    ) -> Result<T> {
        let tx = sql::begin_write(&self.conn)?;
        let out = f(&tx, &self.calendar)?;
        tx.commit()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mmap_size(store: &Store) -> i64 {
        store
            .conn()
            .query_row("PRAGMA mmap_size", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_bulk_reader_stops_mapping_the_file_and_others_keep_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let reader = Store::open(&path).unwrap();
        let other = Store::open(&path).unwrap();
        assert_eq!(mmap_size(&reader), 268_435_456);
        reader.stop_memory_map().unwrap();
        assert_eq!(mmap_size(&reader), 0);
        assert_eq!(mmap_size(&other), 268_435_456);
    }

    #[test]
    fn a_calendar_edit_on_one_connection_reaches_the_others_and_opening_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cal.db");
        let mut editor = Store::open(&path).unwrap();
        let mut other = Store::open(&path).unwrap();
        // Opening again re-seeds the shipped years without changing a row.
        let before = calendar::revision(other.conn()).unwrap();
        let _third = Store::open(&path).unwrap();
        assert_eq!(calendar::revision(other.conn()).unwrap(), before);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        assert!(other.calendar().is_working_day(day));
        editor
            .write(|tx, _| calendar::set_admin_day(tx, day, true, "停电检修"))
            .unwrap();
        editor.reload_calendar().unwrap();
        assert!(!editor.calendar().is_working_day(day));
        assert!(other.calendar().is_working_day(day), "not yet refreshed");
        other.refresh_calendar().unwrap();
        assert!(!other.calendar().is_working_day(day));
    }

    #[test]
    fn the_page_cache_is_bounded_on_one_connection_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let small = Store::open(&path).unwrap();
        let other = Store::open(&path).unwrap();
        let cache = |s: &Store| -> i64 {
            s.conn()
                .query_row("PRAGMA cache_size", [], |r| r.get(0))
                .unwrap()
        };
        small.limit_page_cache(16).unwrap();
        assert_eq!(cache(&small), -16 * 1024);
        assert_eq!(cache(&other), -65_536);
    }
}
