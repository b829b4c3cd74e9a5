//! The full-text index of demo data, built on a thread of its own in a scratch database file and
//! copied into the real one at the end.
//!
//! Trigram indexing is the largest single cost of bulk-loading demo appeals (about 40% of the
//! writer's time). An FTS5 table keeps all its data in ordinary shadow tables, so an identical
//! table filled elsewhere can be copied over row for row; that lets the index be built in parallel
//! with the rest of the load on the second core. Only used while the real index is empty.

use super::rows::Row;
use super::writer;
use crate::error::{CoreError, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// Index rows per scratch transaction.
const BATCH_ROWS: usize = 20_000;

/// A running index builder.
pub(super) struct FtsBuild {
    pub send: SyncSender<Vec<Row>>,
    thread: JoinHandle<Result<()>>,
    path: PathBuf,
}

fn scratch_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".fts-build");
    PathBuf::from(p)
}

/// Starts the builder: a scratch file with the same FTS table definition as `conn`'s.
pub(super) fn start(conn: &Connection) -> Result<FtsBuild> {
    let db = conn
        .path()
        .map(PathBuf::from)
        .filter(|p| !p.as_os_str().is_empty())
        .ok_or_else(|| CoreError::storage("演示数据只能生成到数据库文件中。"))?;
    let create: String = conn.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'appeal_fts'",
        [],
        |r| r.get(0),
    )?;
    let path = scratch_path(&db);
    let _ = std::fs::remove_file(&path);
    let scratch = path.clone();
    let (send, receive): (SyncSender<Vec<Row>>, Receiver<Vec<Row>>) = sync_channel(8);
    let thread = std::thread::spawn(move || -> Result<()> {
        let aux = Connection::open(&scratch)?;
        aux.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;",
        )?;
        aux.execute_batch(&create)?;
        aux.execute_batch(
            "INSERT INTO appeal_fts(appeal_fts, rank) VALUES ('automerge', 0); BEGIN;",
        )?;
        let mut pending = 0;
        for batch in receive {
            pending += batch.len();
            writer::write(&aux, batch)?;
            if pending >= BATCH_ROWS {
                aux.execute_batch("COMMIT; BEGIN;")?;
                pending = 0;
            }
        }
        aux.execute_batch("COMMIT;")?;
        Ok(())
    });
    Ok(FtsBuild { send, thread, path })
}

impl FtsBuild {
    /// Waits for the builder and copies its index into `conn`'s (empty) one, in one transaction.
    /// The caller must reopen the connection afterwards: FTS5 caches the index structure.
    pub fn finish(self, conn: &Connection) -> Result<()> {
        drop(self.send);
        let built = self
            .thread
            .join()
            .map_err(|_| CoreError::storage("全文索引生成线程意外终止。"))?;
        let copied = built.and_then(|()| {
            let path = self.path.to_string_lossy().to_string();
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
        });
        let _ = std::fs::remove_file(&self.path);
        copied
    }
}
