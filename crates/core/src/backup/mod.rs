//! Backups of an office (its database and its attachments) and restoring one.
//!
//! Why it is shaped so:
//! - A backup is a folder `minyi-backup-<yyyymmdd-hhmmss>` holding `minyi.db`, `attachments/` and
//!   `manifest.json` — the same layout as a data folder, so a backup can also be opened (or handed
//!   to the office server) as it is. The database is copied with `VACUUM INTO`, a consistent copy
//!   of one moment while others keep writing; attachments are content-addressed and never change,
//!   so copying the files the copy refers to after it is consistent too.
//! - Every new backup is checked before it counts: the copy is opened read-only and goes through
//!   the integrity check ([`crate::check`]: hash chain, replay, numbering). It is written under a
//!   hidden `.partial` name and renamed only when it passed, so a listed backup is a verified one;
//!   only then are the oldest beyond `backup.keep` removed — each hidden first by a rename, so a
//!   removal cut short never leaves a listed backup with half its files. A failed backup never
//!   costs an old one. What a killed backup or removal leaves hidden is swept by a later rotation.
//! - Restoring refuses a damaged backup and one from a newer program, in Chinese, before touching
//!   anything; then it keeps the current database and attachments aside
//!   (`minyi.db.before-restore-<time>`, `attachments.before-restore-<time>`) and puts the copy in
//!   place. The caller must have closed every connection to the database first (the service's
//!   `Office::restore` does, under the write gate).
//! - The outcome of the last backup is kept in a small file in the data folder
//!   (`backup-status.json`), not in the database: a backup that could not be written (disk full,
//!   folder gone) must still be reported on the administrators' workbench until one succeeds, and
//!   the database is what is being saved.
//!
//! Writing and checking a backup is here; the folder of backups (list, rotation, sweeping, the
//! daily one due) is `folder`, restoring is `restore`, the outcome record is `outcome`.

use crate::check::{CheckReport, check_copy};
use crate::error::{CoreError, ErrorCode, Result};
use crate::store::db::schema_version;
use crate::store::security_log::{self, Heads};
use crate::store::settings::SettingKey;
use crate::store::{Store, copy};
use crate::time::{fmt_ts, now_cst};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

mod folder;
mod outcome;
mod restore;

use folder::{PARTIAL, REMOVING};
pub use folder::{due, list, named, order, rotate};
pub use outcome::{BackupFailure, BackupStatus, STATUS_FILE, record, status};
pub use restore::{Checked, restore, validate};

/// The database file inside a data folder or a backup.
const DB_FILE: &str = "minyi.db";
/// The attachments folder beside it.
const ATTACHMENTS: &str = "attachments";
/// The backup's description, beside its database.
const MANIFEST: &str = "manifest.json";
/// The default folder of backups, inside the data folder.
pub const DEFAULT_DIR: &str = "backups";
/// Every backup folder's name starts so.
const PREFIX: &str = "minyi-backup-";
/// A daily backup is due when the newest is older than this.
const DAILY_HOURS: i64 = 24;

/// Why a backup was made.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    /// An administrator asked for it (设置 → 备份与恢复, `minyi-cli backup`).
    Manual,
    /// The daily backup while the app or the server runs.
    Daily,
    /// Before the program upgraded the database to its schema version.
    BeforeUpgrade,
}

impl BackupReason {
    /// The reason of a stored code (`manual`, `daily`, `before_upgrade`).
    pub fn parse_code(code: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
    }

    pub fn label(self) -> &'static str {
        match self {
            BackupReason::Manual => "手动备份",
            BackupReason::Daily => "每日自动备份",
            BackupReason::BeforeUpgrade => "升级前自动备份",
        }
    }
}

/// One backup, as its manifest describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    /// The folder's name (what restoring names).
    pub name: String,
    /// When it was made (RFC 3339, China time).
    pub created_at: String,
    pub reason: BackupReason,
    /// The database's schema version in the backup.
    pub schema_version: i64,
    /// The program that made it.
    pub program_version: String,
    pub appeals: i64,
    pub events: i64,
    /// The event log's head at the backup (id and hash): the office as it was then.
    pub chain_head_id: i64,
    pub chain_head_hash: String,
    /// The security log's and the access log's heads at the backup. The office's `check`
    /// finds every head of a later backup still in its chains, so a database file rewritten as a
    /// whole shows (a backup from before they were recorded has zeros: nothing to compare).
    #[serde(default)]
    pub security_head_id: i64,
    #[serde(default)]
    pub security_head_hash: String,
    #[serde(default)]
    pub access_head_id: i64,
    #[serde(default)]
    pub access_head_hash: String,
    /// Attachment files copied, and their bytes.
    pub attachments: i64,
    pub attachment_bytes: i64,
    /// Attachments the database refers to that were missing or damaged in the office when it was
    /// backed up (the integrity check of the office reports them too).
    pub missing_attachments: i64,
    /// The size of the backup's database file in bytes.
    pub database_bytes: i64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct RestoreOutcome {
    /// The backup now in place.
    pub restored: BackupInfo,
    /// Where the database that was replaced was kept (a file name in the data folder).
    pub previous_database: String,
    /// Where its attachments were kept (empty when there were none).
    pub previous_attachments: String,
}

/// Where the backups of the office whose database is `db_path` go: the setting `backup.dir` when
/// set (relative: inside the data folder), otherwise `backups` in the data folder.
pub fn folder(db_path: &Path, configured: &str) -> PathBuf {
    let data_dir = data_dir(db_path);
    let configured = configured.trim();
    if configured.is_empty() {
        data_dir.join(DEFAULT_DIR)
    } else {
        data_dir.join(configured)
    }
}

impl BackupInfo {
    /// The chain heads the backup recorded.
    pub(crate) fn heads(&self) -> Heads {
        Heads {
            events: (self.chain_head_id, self.chain_head_hash.clone()),
            security: (self.security_head_id, self.security_head_hash.clone()),
            access: (self.access_head_id, self.access_head_hash.clone()),
        }
    }
}

/// Where the backups of `store` go (its setting).
pub fn folder_of(store: &Store, db_path: &Path) -> Result<PathBuf> {
    Ok(folder(db_path, &store.setting(SettingKey::BackupDir)?))
}

/// How many backups `store` keeps (at least one).
pub fn keep_of(store: &Store) -> Result<usize> {
    let v = store.setting(SettingKey::BackupKeep)?;
    Ok(v.trim().parse::<usize>().unwrap_or(7).max(1))
}

/// The folder of backups and how many to keep, read from the file itself without opening the
/// office (the backup before an upgrade, which must not migrate first).
pub fn settings_of_file(db_path: &Path) -> (PathBuf, usize) {
    let dir = copy::file_setting(db_path, SettingKey::BackupDir).unwrap_or_default();
    let keep = copy::file_setting(db_path, SettingKey::BackupKeep)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(7)
        .max(1);
    (folder(db_path, &dir), keep)
}

fn data_dir(db_path: &Path) -> PathBuf {
    match db_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Backs up the database at `db_path` and its attachments into a new folder in `to_dir`, checks
/// the copy, and then removes the oldest backups beyond `keep` (`None`: none removed). The
/// outcome is not recorded here: see [`record`].
pub fn back_up(
    db_path: &Path,
    to_dir: &Path,
    reason: BackupReason,
    keep: Option<usize>,
) -> Result<BackupInfo> {
    if !db_path.is_file() {
        return Err(CoreError::not_found(format!(
            "找不到数据库文件 {}。",
            db_path.display()
        )));
    }
    std::fs::create_dir_all(to_dir).map_err(|_| {
        CoreError::storage(format!(
            "无法创建备份文件夹 {}，请检查该位置是否存在、磁盘空间和写入权限。",
            to_dir.display()
        ))
    })?;
    let now = now_cst();
    let name = free_name(to_dir, &now);
    let work = to_dir.join(format!(".{name}{PARTIAL}"));
    let _ = std::fs::remove_dir_all(&work);
    let result = write_backup(db_path, &work, &name, &now, reason);
    let info = match result {
        Ok(info) => info,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&work);
            return Err(e);
        }
    };
    std::fs::rename(&work, to_dir.join(&name)).map_err(|e| {
        let _ = std::fs::remove_dir_all(&work);
        write_error(to_dir, e)
    })?;
    if let Some(keep) = keep {
        rotate(to_dir, keep)?;
    }
    Ok(info)
}

fn write_error(to_dir: &Path, e: std::io::Error) -> CoreError {
    CoreError::storage(format!(
        "备份写入 {} 失败，请检查磁盘空间和写入权限。（{}）",
        to_dir.display(),
        e.kind()
    ))
}

/// A folder name not yet taken in `dir`, ordered after every backup made in the same second.
fn free_name(dir: &Path, now: &DateTime<FixedOffset>) -> String {
    let base = format!("{PREFIX}{}", now.format("%Y%m%d-%H%M%S"));
    let taken = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .map(|n| {
                    n.trim_start_matches('.')
                        .trim_end_matches(PARTIAL)
                        .trim_end_matches(REMOVING)
                        .to_string()
                })
                .filter(|n| order(n).0 == base)
                .map(|n| order(&n).1)
                .max()
        })
        .ok()
        .flatten();
    match taken {
        None => base,
        Some(n) => format!("{base}-{}", n + 1),
    }
}

fn write_backup(
    db_path: &Path,
    work: &Path,
    name: &str,
    now: &DateTime<FixedOffset>,
    reason: BackupReason,
) -> Result<BackupInfo> {
    std::fs::create_dir_all(work).map_err(|e| write_error(work, e))?;
    let copy_path = work.join(DB_FILE);
    copy::vacuum_into(db_path, &copy_path)?;
    let inspected = inspect(&copy_path)?;
    if !inspected.report.ok() {
        return Err(CoreError::storage(format!(
            "新备份未通过完整性检查，已删除该备份，旧备份均未删除。请先运行“完整性检查”处理以下问题：{}",
            inspected.report.problems.join("；")
        )));
    }
    // Attachments: the files the copy refers to, each checked against its name (its hash).
    let source = data_dir(db_path).join(ATTACHMENTS);
    let (mut files, mut bytes, mut missing) = (0i64, 0i64, 0i64);
    for sha in &inspected.hashes {
        let Some(rel) = attachment_rel(sha) else {
            missing += 1;
            continue;
        };
        let Ok(data) = std::fs::read(source.join(&rel)) else {
            missing += 1;
            continue;
        };
        if hex_sha(&data) != *sha {
            missing += 1;
            continue;
        }
        let to = work.join(ATTACHMENTS).join(&rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(work, e))?;
        }
        std::fs::write(&to, &data).map_err(|e| write_error(work, e))?;
        files += 1;
        bytes += data.len() as i64;
    }
    let info = BackupInfo {
        name: name.to_string(),
        created_at: fmt_ts(now),
        reason,
        schema_version: inspected.version,
        program_version: env!("CARGO_PKG_VERSION").to_string(),
        appeals: inspected.report.appeals,
        events: inspected.report.events,
        chain_head_id: inspected.heads.events.0,
        chain_head_hash: inspected.heads.events.1,
        security_head_id: inspected.heads.security.0,
        security_head_hash: inspected.heads.security.1,
        access_head_id: inspected.heads.access.0,
        access_head_hash: inspected.heads.access.1,
        attachments: files,
        attachment_bytes: bytes,
        missing_attachments: missing,
        database_bytes: std::fs::metadata(&copy_path)
            .map(|m| m.len() as i64)
            .unwrap_or(0),
    };
    let json = serde_json::to_vec_pretty(&info)?;
    std::fs::write(work.join(MANIFEST), json).map_err(|e| write_error(work, e))?;
    Ok(info)
}

/// `attachments/<first two>/<sha>` of a well-formed hash (anything else is not a file name).
fn attachment_rel(sha: &str) -> Option<PathBuf> {
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some(PathBuf::from(&sha[..2]).join(sha))
}

fn hex_sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a database copy holds, checked.
struct Inspection {
    version: i64,
    report: CheckReport,
    hashes: Vec<String>,
    heads: Heads,
}

/// Checks the database copy at `path` without changing it. A copy from an older program is
/// checked on a migrated scratch copy beside it (removed after); a newer one is refused.
fn inspect(path: &Path) -> Result<Inspection> {
    let version = copy::file_version(path)?;
    let current = schema_version();
    if version > current {
        return Err(CoreError::new(
            ErrorCode::NewerDatabase,
            format!(
                "该备份由更新版本的民意诉求管理系统制作（数据版本 {version}），本程序只支持到数据版本 {current}。请先升级程序再恢复，当前数据未被改动。"
            ),
        ));
    }
    if version == current {
        let store = Store::open_read_only(path)?;
        return Ok(Inspection {
            version,
            report: check_copy(&store)?,
            hashes: store.attachment_hashes()?,
            heads: security_log::heads(store.conn())?,
        });
    }
    let scratch = path.with_extension("verify");
    remove_db(&scratch);
    std::fs::copy(path, &scratch)?;
    let result = (|| {
        let store = Store::open(&scratch)?;
        Ok(Inspection {
            version,
            report: check_copy(&store)?,
            hashes: store.attachment_hashes()?,
            heads: security_log::heads(store.conn())?,
        })
    })();
    remove_db(&scratch);
    result
}

/// Removes a database file with its write-ahead log and shared memory.
fn remove_db(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Backs up the file at `db_path` before this program upgrades it, into the folder its settings
/// name, keeping as many as they say; recorded like every backup. Nothing to do (`Ok(None)`) when
/// no upgrade is pending.
pub fn before_upgrade(db_path: &Path) -> Result<Option<BackupInfo>> {
    if !crate::store::db::upgrade_pending(db_path) {
        return Ok(None);
    }
    let (dir, keep) = settings_of_file(db_path);
    let reason = BackupReason::BeforeUpgrade;
    let outcome = back_up(db_path, &dir, reason, Some(keep));
    record(&data_dir(db_path), reason, &outcome);
    outcome.map(Some)
}
