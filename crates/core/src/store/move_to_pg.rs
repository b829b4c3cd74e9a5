//! Moving a whole SQLite office into an empty PostgreSQL database (`minyi-server migrate-store`,
//! docs/decisions/0014-postgresql.md §2.3 and §4): the way a desk's or a small office's file
//! becomes a city's server database.
//!
//! Why it is shaped as it is (rehearsed by `docs/decisions/0014/schema_draft.py` on the
//! 200,000-appeal demo: 4.4 million rows in 148 s):
//!
//! * **One transaction, all or nothing.** Every row is copied, the search rows built, the
//!   indexes rebuilt, the identities set, the counts compared, the three hash chains verified and
//!   `check` run inside one transaction under the office's write lock; only a clean result is
//!   committed. A move that fails, is interrupted or loses its connection half-way leaves the
//!   target exactly as it was before: migrated, with no office data — so it can simply be run
//!   again.
//! * **Only into an empty database.** A database that holds any office data (users, appeals,
//!   settings, …: anything but the schema and the shipped calendar that opening it writes) is
//!   refused before anything is written: two offices are never merged.
//! * **`COPY … FROM STDIN (FORMAT binary)`, table by table, parents before children** (the order
//!   comes from the target's foreign keys), rows in SQLite's rowid order so that
//!   `appeals.merged_into` points backwards. Values travel as they are stored — text byte for
//!   byte, so the event and log hashes, which cover the stored text, still verify. Secondary
//!   indexes (the trigram GIN indexes above all) are dropped first and built once at the end: a
//!   sort instead of millions of index insertions.
//! * **What is derived is not copied but rebuilt or kept consistent**: the FTS5 index is
//!   SQLite's own; the PostgreSQL search rows (`appeal_search`) are made from the moved appeals
//!   as the search module makes them (its pairs) and copied like the rest. The stage-span trigger is off during the copy (the runs
//!   are copied as they are; the trigger would derive them a second time). Identities are set
//!   past the copied ids, so the next registration gets the next id.
//! * **Verified with the program's own code**, not trusted: the chains with the Rust verifiers of
//!   `events` and `security_log` (the hashes are computed in Rust on both stores, §3.3), every
//!   table's count against the source, then the integrity check of a copy (`check`).
//!
//! The source is opened read-only and never changed. Attachments are files beside the database,
//! not rows: the caller says where they are to be copied.
//!
//! The steps are the submodules, by what each is for: `plan` (source and target before anything
//! is written: opening, refusals, the order of the tables), `copy` (the COPYs, the search rows,
//! the indexes and identities), `verify` (chains, counts, `check`); this module runs them in the
//! one transaction.

mod copy;
mod plan;
mod verify;

use crate::check::CheckReport;
use crate::error::{CoreError, Result};
use crate::store::Store;
use crate::store::sql;
use std::path::Path;
use std::time::Instant;

/// What a move did.
#[derive(Debug, Clone)]
pub struct MoveReport {
    /// Every copied table and its rows, in the order they were copied.
    pub tables: Vec<(String, i64)>,
    /// All rows copied.
    pub rows: i64,
    /// Search rows written (one per appeal).
    pub search_rows: i64,
    /// The integrity check of the moved office (clean, or the move was not committed).
    pub check: CheckReport,
    /// Seconds the whole move took.
    pub seconds: f64,
}

/// A step of the move, for a progress line: the table being copied (or `""` for the steps
/// after the copy) and the rows done so far in all.
pub type Progress<'a> = &'a mut dyn FnMut(MoveStep<'_>);

/// Where a move is.
#[derive(Debug, Clone, Copy)]
pub enum MoveStep<'a> {
    /// A table was copied (its name, its rows).
    Copied(&'a str, i64),
    /// The search rows are being written.
    Search,
    /// The indexes are being built again.
    Indexes,
    /// The counts, chains and `check` are being verified.
    Verifying,
}

/// Moves the SQLite office at `from` into the PostgreSQL database at `url`, which must hold no
/// office data (it is migrated first if new). `dir` is the data folder of the server that will
/// open the database. See the module documentation for what is checked.
pub fn sqlite_to_pg(
    from: &Path,
    url: &str,
    dir: &Path,
    progress: Progress<'_>,
) -> Result<MoveReport> {
    let started = Instant::now();
    let source = plan::open_source(from)?;
    let target = Store::open_url(url, dir)?;
    plan::refuse_unless_empty(&target)?;
    let tables = plan::tables(target.conn())?;
    plan::check_columns(&source, &tables)?;
    if let Some((name, id)) = verify::broken_chain(&source)? {
        return Err(CoreError::conflict(format!(
            "原数据库的{name}在第{id}条处校验失败，未迁移任何数据。请先在原系统中运行 check 查明原因。"
        )));
    }

    let conn = target.conn();
    let tx = sql::begin_write(conn).map_err(|e| moved_nothing(&e.into()))?;
    let mut run = || -> Result<MoveReport> {
        let pg = conn
            .pg()
            .ok_or_else(|| CoreError::storage("迁移的目标必须是 PostgreSQL 数据库。"))?;
        let indexes = copy::prepare(&mut pg.client())?;
        let mut copied = Vec::with_capacity(tables.len());
        let mut rows = 0i64;
        for t in &tables {
            let n = copy::copy_table(&source, &mut pg.client(), t)?;
            rows += n;
            progress(MoveStep::Copied(&t.name, n));
            copied.push((t.name.clone(), n));
        }
        progress(MoveStep::Search);
        let search_rows = copy::write_search_rows(&source, conn)?;
        progress(MoveStep::Indexes);
        copy::finish(&mut pg.client(), &indexes)?;
        progress(MoveStep::Verifying);
        let check = verify::moved(&source, &target, &copied)?;
        Ok(MoveReport {
            tables: copied,
            rows,
            search_rows,
            check,
            seconds: 0.0,
        })
    };
    let mut report = match run() {
        Ok(r) => r,
        Err(e) => {
            drop(tx);
            return Err(moved_nothing(&e));
        }
    };
    tx.commit().map_err(|e| moved_nothing(&e.into()))?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// A failure during the move, said so that the user knows the target was left as it was.
fn moved_nothing(e: &CoreError) -> CoreError {
    if e.message.contains("未被改动") || e.message.contains("未迁移") {
        return e.clone();
    }
    CoreError {
        message: format!(
            "{}（迁移已撤销，目标数据库未被改动，可在排除问题后重新运行。）",
            e.message
        ),
        ..e.clone()
    }
}
