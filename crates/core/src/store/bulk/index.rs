//! The full-text index of a bulk load, built in a scratch database file beside the real one and
//! copied into it at the end.
//!
//! Trigram indexing is the largest single cost of bulk-loading appeals (about 40% of the writer's
//! time). An FTS5 table keeps all its data in ordinary shadow tables, so an identical table filled
//! elsewhere can be copied over row for row; that lets a loader build the index on another thread
//! (and core) while the rest of the load is written. Only for a file whose real index is empty.
//!
//! [`ScratchIndex`] owns its own connection, so it can be moved to that thread; the scratch file
//! is removed when the index (built or not) is dropped.

use super::rows::index_entry;
use crate::error::{CoreError, Result};
use crate::store::search::NewEntry;
use crate::store::sql::Connection;
use std::path::{Path, PathBuf};

/// Index rows per scratch transaction.
const BATCH_ROWS: usize = 20_000;

/// The scratch file; removed when dropped.
struct ScratchFile(PathBuf);

impl Drop for ScratchFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A full-text index being built in a scratch file.
pub struct ScratchIndex {
    // Declared before `file`, so that the connection is closed before the file is removed.
    conn: Connection,
    file: ScratchFile,
    /// Rows written since the last commit.
    pending: usize,
}

/// A finished scratch index, ready for [`super::BulkLoad::replace_index`].
pub struct BuiltIndex {
    file: ScratchFile,
}

fn scratch_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".fts-build");
    PathBuf::from(p)
}

impl ScratchIndex {
    /// A scratch file beside `conn`'s with the same FTS table definition, in a transaction.
    pub(super) fn create(conn: &Connection) -> Result<Self> {
        let db = conn
            .path()
            .map(PathBuf::from)
            .filter(|p| !p.as_os_str().is_empty())
            .ok_or_else(|| CoreError::storage("批量载入只能写入数据库文件。"))?;
        let create: String = conn.query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'appeal_fts'",
            [],
            |r| r.get(0),
        )?;
        let path = scratch_path(&db);
        let _ = std::fs::remove_file(&path);
        let file = ScratchFile(path);
        let aux = Connection::from(rusqlite::Connection::open(&file.0)?);
        aux.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;",
        )?;
        aux.execute_batch(&create)?;
        aux.execute_batch(
            "INSERT INTO appeal_fts(appeal_fts, rank) VALUES ('automerge', 0); BEGIN;",
        )?;
        Ok(Self {
            conn: aux,
            file,
            pending: 0,
        })
    }

    /// Indexes new appeals, committing every few thousand.
    pub fn add(&mut self, entries: &[NewEntry]) -> Result<()> {
        self.pending += entries.len();
        for e in entries {
            index_entry(&self.conn, e)?;
        }
        if self.pending >= BATCH_ROWS {
            self.conn.execute_batch("COMMIT; BEGIN;")?;
            self.pending = 0;
        }
        Ok(())
    }

    /// Commits the last entries and closes the scratch file.
    pub fn close(self) -> Result<BuiltIndex> {
        let Self { conn, file, .. } = self;
        conn.execute_batch("COMMIT;")?;
        drop(conn);
        Ok(BuiltIndex { file })
    }
}

impl BuiltIndex {
    /// Copies the index into `conn`'s (empty) one, in one transaction. The caller must reopen the
    /// connection afterwards: FTS5 caches the index structure.
    pub(super) fn copy_into(self, conn: &Connection) -> Result<()> {
        let path = self.file.0.to_string_lossy().to_string();
        conn.execute("ATTACH DATABASE ?1 AS fts_build", [&path])?;
        let copy = conn.execute_batch(
            "BEGIN;
             DELETE FROM main.appeal_fts_data; DELETE FROM main.appeal_fts_idx; DELETE FROM main.appeal_fts_docsize;
             INSERT INTO main.appeal_fts_data SELECT * FROM fts_build.appeal_fts_data;
             INSERT INTO main.appeal_fts_idx SELECT * FROM fts_build.appeal_fts_idx;
             INSERT INTO main.appeal_fts_docsize SELECT * FROM fts_build.appeal_fts_docsize;
             COMMIT;",
        );
        if copy.is_err() && !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        let detach = conn.execute_batch("DETACH DATABASE fts_build");
        copy?;
        detach?;
        Ok(())
    }
}
