//! Storage: the only place that knows the data lives in SQLite.
//!
//! [`Store`] owns one connection (opened by [`db::open`], which sets the pragmas and runs the
//! migrations) and the folder beside the database that holds attachments. Every user action runs
//! in one IMMEDIATE transaction through [`Store::write`], so nothing is ever half-written and
//! concurrent writers serialise instead of failing mid-way. The table modules are plain functions
//! over `&Connection`; use cases call them and never write SQL themselves — a PostgreSQL backend
//! later replaces these modules, not the use cases. Code outside core that writes wholesale (the
//! demo generator) goes through [`bulk`], whose functions take the [`Store`] itself.

pub mod appeals;
pub mod baseline;
pub mod bulk;
pub mod calendar;
pub mod copy;
pub mod counters;
pub mod db;
pub mod events;
pub mod fts_backlog;
pub mod handling;
pub mod imports;
pub mod oversight;
pub mod print_settings;
pub mod recommendations;
pub mod registry;
pub mod rewards;
pub mod search;
pub mod settings;
pub mod stage_spans;
pub mod users;

use crate::calendar::WorkCalendar;
use crate::error::Result;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};

/// An open Minyi database plus the folder for its attachments.
pub struct Store {
    conn: Connection,
    dir: PathBuf,
    calendar: WorkCalendar,
    /// The calendar revision `calendar` was loaded at.
    calendar_revision: i64,
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
        })
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
        })
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Mutable access for bulk jobs (demo data, benchmarks) that manage their own transactions.
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Stops mapping the database file into memory on this connection, for a connection opened to
    /// read a large part of the file once (the ledger exports): the map (256 MB) would count in
    /// the process's resident memory for pages it does not read again, while SQLite's own page
    /// cache is bounded. Reads then go through the OS cache at about the same speed.
    pub fn stop_memory_map(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA mmap_size = 0")?;
        Ok(())
    }

    /// Sets how many pages the write-ahead log may grow by before this connection copies it into
    /// the database (SQLite's default is 1,000, about 4 MB), returning the previous setting to
    /// restore. A long batch of writes (an import) raises it: the index pages each chunk rewrites
    /// are then copied once per several chunks rather than once per chunk.
    pub fn set_checkpoint_interval(&self, pages: i64) -> Result<i64> {
        let previous: i64 = self
            .conn
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?;
        self.conn
            .query_row(&format!("PRAGMA wal_autocheckpoint = {pages}"), [], |_| {
                Ok(())
            })?;
        Ok(previous)
    }

    /// Bounds SQLite's page cache of this connection to about `mib` MiB (the default of every
    /// connection is 64 MiB, sized for bulk jobs). Pages beyond it are read again from the OS
    /// cache, which holds them anyway.
    pub fn limit_page_cache(&self, mib: u32) -> Result<()> {
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{}", u64::from(mib) * 1024))?;
        Ok(())
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
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &WorkCalendar) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
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
