//! Opening connections: pragmas and migrations, in one place.
//!
//! WAL with `synchronous=FULL` makes every acknowledged commit durable across power loss;
//! `foreign_keys=ON` keeps references honest; a busy timeout lets a second workstation or the CLI
//! wait instead of failing. Migrations are numbered SQL files applied in one IMMEDIATE transaction,
//! tracked in `PRAGMA user_version`; a file whose version is newer than this program knows is
//! refused with a message that tells the user to upgrade.

use crate::error::{CoreError, ErrorCode, Result};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// The migrations, in order; schema version N = the first N applied.
pub const MIGRATIONS: &[&str] = &[include_str!("migrations/001_initial.sql")];

/// The schema version this program writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Opens the database file (creating it), sets the pragmas and migrates it.
pub fn open(path: &Path) -> Result<Connection> {
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
    migrate(&conn)?;
    super::calendar::seed_shipped(&conn)?;
    Ok(conn)
}

/// An in-memory database with the same schema (tests).
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrate(&conn)?;
    super::calendar::seed_shipped(&conn)?;
    Ok(conn)
}

/// The pragmas every connection gets.
pub fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    // A non-database file fails here first; say so plainly.
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(|_| CoreError::storage("该文件不是民意诉求管理系统的数据库，或文件已损坏。"))?;
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

/// Applies every migration the file lacks, all in one IMMEDIATE transaction.
pub fn migrate(conn: &Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let target = schema_version();
    if current > target {
        return Err(CoreError::new(
            ErrorCode::NewerDatabase,
            format!(
                "该数据库由更新版本的民意诉求管理系统创建（数据版本 {current}），本程序只支持到数据版本 {target}。请升级程序后再打开，数据未被改动。"
            ),
        ));
    }
    if current == target {
        return Ok(());
    }
    // rusqlite's Transaction needs &mut; an unchecked one is fine because nothing else holds it.
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql).map_err(|e| {
            CoreError::storage(format!(
                "数据库升级到版本 {} 失败，数据未被改动。（{e}）",
                i + 1
            ))
        })?;
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}
