//! Copying a whole database while it may be in use: `VACUUM INTO` writes a consistent, compact
//! copy of one moment of the file (WAL included) without stopping other connections' writes. The
//! office server adopts a desktop's database this way, and backups ([`crate::backup`]) too, which
//! also read a copy's schema version and settings without changing it.

use crate::error::{CoreError, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// Writes a consistent copy of the database at `from` to the new file `to`. The source is opened
/// read-only and not upgraded (the copy is what gets upgraded when opened).
pub fn vacuum_into(from: &Path, to: &Path) -> Result<()> {
    if to.exists() {
        return Err(CoreError::conflict(format!(
            "目标文件 {} 已存在，为免覆盖数据，请换一个位置。",
            to.display()
        )));
    }
    super::db::roll_back_hot_journal(from);
    let conn = Connection::open_with_flags(
        from,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| {
        CoreError::storage(format!(
            "无法打开数据库文件 {}，请检查路径和权限。",
            from.display()
        ))
    })?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    let target = to.to_string_lossy();
    conn.execute("VACUUM INTO ?1", [target.as_ref()])
        .map_err(|e| {
            let _ = std::fs::remove_file(to);
            match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => CoreError::storage(format!(
                    "{} 不是民意诉求管理系统的数据库文件。",
                    from.display()
                )),
                _ => CoreError::storage(format!(
                    "复制数据库失败，请检查目标位置的磁盘空间和写入权限（{}）。",
                    to.display()
                )),
            }
        })?;
    Ok(())
}

/// The schema version of the database file at `path`, read without changing the file. A file that
/// is not a database of this program is refused in Chinese.
pub fn file_version(path: &Path) -> Result<i64> {
    let conn = open_read_only(path)?;
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| CoreError::storage("该文件不是民意诉求管理系统的数据库，或文件已损坏。"))
}

/// A setting of the database file at `path` as stored (`None`: not set or not readable), read
/// without opening the office (a backup before an upgrade reads where backups go).
pub(crate) fn file_setting(path: &Path, key: super::settings::SettingKey) -> Option<String> {
    use rusqlite::OptionalExtension;
    let conn = open_read_only(path).ok()?;
    conn.query_row(
        "SELECT value FROM settings WHERE key = ?1",
        [key.code()],
        |r| r.get(0),
    )
    .optional()
    .ok()
    .flatten()
}

/// A read-only connection to the file at `path` (never created, migrated or written; a write a
/// killed process left half done is rolled back first, see [`super::db::roll_back_hot_journal`]).
pub(crate) fn open_read_only(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        return Err(CoreError::not_found(format!(
            "找不到数据库文件 {}。",
            path.display()
        )));
    }
    super::db::roll_back_hot_journal(path);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| CoreError::storage("无法打开数据库文件，请检查文件路径和权限。"))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(conn)
}
