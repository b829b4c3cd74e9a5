//! Opening connections: pragmas and migrations, in one place.
//!
//! WAL with `synchronous=FULL` makes every acknowledged commit durable across power loss;
//! `foreign_keys=ON` keeps references honest; a busy timeout lets a second workstation or the CLI
//! wait instead of failing. Migrations are numbered SQL files applied in one IMMEDIATE transaction,
//! tracked in `PRAGMA user_version`; a file whose version is newer than this program knows is
//! refused with a message that tells the user to upgrade.

use super::sql;
use crate::error::{CoreError, ErrorCode, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// The migrations, in order; schema version N = the first N applied.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_duplicate_sketch.sql"),
    include_str!("migrations/003_stage_spans.sql"),
    include_str!("migrations/004_imported_rows.sql"),
    include_str!("migrations/005_assessment.sql"),
    include_str!("migrations/006_fts_backlog.sql"),
    include_str!("migrations/007_import_writes.sql"),
    include_str!("migrations/008_calendar_revision.sql"),
    include_str!("migrations/009_security_log.sql"),
    include_str!("migrations/010_access_grants.sql"),
    include_str!("migrations/011_appellant_id_number.sql"),
    include_str!("migrations/012_bell_phrases.sql"),
    include_str!("migrations/013_return_visits.sql"),
    include_str!("migrations/014_assists.sql"),
    include_str!("migrations/015_paper_archive.sql"),
    include_str!("migrations/016_portal.sql"),
    include_str!("migrations/017_server_state.sql"),
    include_str!("migrations/018_search_gin.sql"),
    include_str!("migrations/019_search_merge.sql"),
    include_str!("migrations/020_pairs_collation.sql"),
    include_str!("migrations/021_recent_appeals.sql"),
];

/// The schema version this program writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Opens the database file (creating it), sets the pragmas and migrates it.
pub(crate) fn open(path: &Path) -> Result<sql::Connection> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)?;
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| CoreError::storage("无法打开数据库文件，请检查文件路径和权限。"))?;
    configure(&conn)?;
    let conn = sql::Connection::from(conn);
    migrate(&conn)?;
    super::calendar::seed_shipped(&conn)?;
    Ok(conn)
}

/// Whether opening the file at `path` will upgrade it (it exists, is a database of this program
/// and is at an older schema version). The app then opens it off the UI thread with a notice on
/// screen, since an upgrade of a big file can take minutes. Any doubt (missing, unreadable or newer
/// file) answers `false`: the ordinary open then creates the file or reports the problem.
pub fn upgrade_pending(path: &Path) -> bool {
    if !path.is_file() {
        return false;
    }
    roll_back_hot_journal(path);
    let Ok(conn) = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return false;
    };
    let _ = conn.busy_timeout(BUSY_TIMEOUT);
    matches!(current_version(&conn), Ok(v) if v > 0 && v < schema_version())
}

/// Rolls back what a process killed in the middle of a rollback-journal write left beside the file
/// at `path` (a hot `-journal`: an old file's switch to WAL as its upgrade began is such a write).
/// SQLite rolls a hot journal back on the next read, but only on a connection that may write; a
/// read-only one is refused. So the readers that must not change a file (the upgrade notice, the
/// backup before an upgrade, the schema version and settings of a file) call this first and see
/// the file as last committed, instead of taking it for damaged — which skipped the backup before
/// the upgrade after such a kill. Without a journal beside the file nothing is opened; a journal
/// of a write still running (not hot) only makes this wait for it, like any reader.
pub(crate) fn roll_back_hot_journal(path: &Path) {
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    if !Path::new(&journal).exists() {
        return;
    }
    if let Ok(conn) = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        let _ = conn.busy_timeout(BUSY_TIMEOUT);
        // The first read takes the shared lock, and with it rolls a hot journal back.
        let _ = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
    }
}

/// A second connection to the database file `conn` has open, for reading beside it on another
/// thread (statistics scan a year in slices at once). `None` when there is no file to share (an
/// in-memory database) or the file is not at this program's schema version: the caller then reads
/// through `conn` alone (so does a PostgreSQL store). It is never migrated or written from here.
pub(crate) fn open_sibling_reader(conn: &sql::Connection) -> Result<Option<sql::Connection>> {
    // PostgreSQL: one more connection to the same (already migrated) database.
    if let Some(url) = conn.pg().and_then(|pg| pg.url()) {
        return Ok(Some(sql::Connection::from_pg_at(
            super::pg::connect(url)?,
            url,
        )));
    }
    let Some(path) = conn.path().filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let reader = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| CoreError::storage("无法打开数据库文件，请检查文件路径和权限。"))?;
    reader.busy_timeout(BUSY_TIMEOUT)?;
    if current_version(&reader)? != schema_version() {
        return Ok(None);
    }
    reader.execute_batch(
        "PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -65536;
         PRAGMA mmap_size = 268435456;",
    )?;
    Ok(Some(reader.into()))
}

/// An in-memory database with the same schema (tests).
pub(crate) fn open_in_memory() -> Result<sql::Connection> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    let conn = sql::Connection::from(conn);
    migrate(&conn)?;
    super::calendar::seed_shipped(&conn)?;
    Ok(conn)
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// A file that cannot even be read as a database (busy is reported as busy).
fn unreadable(e: rusqlite::Error) -> CoreError {
    if is_busy(&e) {
        return e.into();
    }
    CoreError::storage("该文件不是民意诉求管理系统的数据库，或文件已损坏。")
}

/// Switches to WAL. When several processes open a new file at once, SQLite answers BUSY at once
/// (without the busy handler) to those that lose the race for the lock, so retry for a while.
fn switch_to_wal(conn: &Connection) -> Result<String> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
            Ok(mode) => return Ok(mode),
            Err(e) if is_busy(&e) && std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => return Err(unreadable(e)),
        }
    }
}

/// The pragmas every connection gets.
pub(crate) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // The default of 16 cached statements is fewer than one registration uses; a miss re-parses SQL.
    conn.set_prepared_statement_cache_capacity(256);
    // A non-database or newer file is refused here, before the WAL switch writes to it.
    current_version(conn)?;
    let mode = switch_to_wal(conn)?;
    if mode != "wal" && mode != "memory" {
        return Err(CoreError::storage(
            "数据库无法切换到 WAL 模式，请检查文件所在磁盘是否可写。",
        ));
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -65536;
         PRAGMA mmap_size = 268435456;",
    )?;
    Ok(())
}

/// The file's schema version; refuses a file written by a newer program.
fn current_version(conn: &Connection) -> Result<i64> {
    let current: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(unreadable)?;
    let target = schema_version();
    if current > target {
        return Err(newer_database(current, target));
    }
    Ok(current)
}

/// The refusal of a database at schema version `current`, written by a newer program than this
/// one (which writes `target`); the PostgreSQL store says the same (`store::pg`).
pub(crate) fn newer_database(current: i64, target: i64) -> CoreError {
    CoreError::new(
        ErrorCode::NewerDatabase,
        format!(
            "该数据库由更新版本的民意诉求管理系统创建（数据版本 {current}），本程序只支持到数据版本 {target}。请升级程序后再打开，数据未被改动。"
        ),
    )
}

/// Applies every migration the file lacks, all in one IMMEDIATE transaction.
pub(crate) fn migrate(conn: &sql::Connection) -> Result<()> {
    let raw = conn.sqlite_only("数据库文件的升级")?;
    let target = schema_version();
    if current_version(raw)? == target {
        return Ok(());
    }
    let tx = sql::begin_write(conn)?;
    // Another process may have migrated the file while this one waited for the write lock.
    let current = current_version(raw)?;
    if current == target {
        return Ok(());
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        raw.execute_batch(sql).map_err(|e| {
            CoreError::storage(format!(
                "数据库升级到版本 {} 失败，数据未被改动。（{e}）",
                i + 1
            ))
        })?;
    }
    // Version 9 chains the access log; rows written before it get their hashes here (SQLite has
    // no SHA-256 of its own), in the same transaction.
    if current < 9 {
        super::security_log::chain_unhashed_access(&tx)?;
    }
    raw.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

/// Stops mapping the file into memory on `conn` (see `Store::stop_memory_map`).
pub(crate) fn stop_memory_map(conn: &sql::Connection) -> Result<()> {
    let Some(conn) = conn.sqlite() else {
        return Ok(());
    };
    conn.execute_batch("PRAGMA mmap_size = 0")?;
    Ok(())
}

/// Sets the WAL auto-checkpoint interval of `conn` in pages and answers the previous one (see
/// `Store::set_checkpoint_interval`).
/// On PostgreSQL there is no such setting: it answers `pages` and changes nothing.
pub(crate) fn set_checkpoint_interval(conn: &sql::Connection, pages: i64) -> Result<i64> {
    let Some(conn) = conn.sqlite() else {
        return Ok(pages);
    };
    let previous: i64 = conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?;
    conn.query_row(&format!("PRAGMA wal_autocheckpoint = {pages}"), [], |_| {
        Ok(())
    })?;
    Ok(previous)
}

/// Bounds the page cache of `conn` to about `mib` MiB (see `Store::limit_page_cache`).
pub(crate) fn limit_page_cache(conn: &sql::Connection, mib: u32) -> Result<()> {
    let Some(conn) = conn.sqlite() else {
        return Ok(());
    };
    conn.execute_batch(&format!("PRAGMA cache_size = -{}", u64::from(mib) * 1024))?;
    Ok(())
}

/// SQLite's own checks of the file (`check`): its structure and its foreign keys, as problems
/// described in Chinese. PostgreSQL has no such check to call (amcheck needs a superuser): none.
pub(crate) fn file_problems(conn: &sql::Connection) -> Result<Vec<String>> {
    let Some(conn) = conn.sqlite() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |x| x.get(0))?;
    if integrity != "ok" {
        out.push(format!("数据库文件结构损坏：{integrity}"));
    }
    let fk: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |x| {
        x.get(0)
    })?;
    if fk > 0 {
        out.push(format!("有{fk}条记录引用了不存在的数据（外键检查失败）。"));
    }
    Ok(out)
}
