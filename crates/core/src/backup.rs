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

use crate::check::{CheckReport, check_copy};
use crate::error::{CoreError, ErrorCode, Result};
use crate::store::db::schema_version;
use crate::store::security_log::{self, Heads};
use crate::store::settings::SettingKey;
use crate::store::{Store, copy};
use crate::time::{fmt_ts, now_cst, parse_ts};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The database file inside a data folder or a backup.
const DB_FILE: &str = "minyi.db";
/// The attachments folder beside it.
const ATTACHMENTS: &str = "attachments";
/// The backup's description, beside its database.
const MANIFEST: &str = "manifest.json";
/// Where the outcome of the last backup is kept, in the data folder.
pub const STATUS_FILE: &str = "backup-status.json";
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

/// A backup that failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct BackupFailure {
    pub at: String,
    pub reason: BackupReason,
    pub message: String,
}

/// The outcome of the latest backups of an office.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct BackupStatus {
    /// When the last backup succeeded.
    pub last_success: Option<String>,
    /// The last failure, until a backup succeeds again.
    pub last_failure: Option<BackupFailure>,
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

/// The backups in `dir`, newest first (folders with a readable manifest; a missing folder has
/// none).
pub fn list(dir: &Path) -> Result<Vec<BackupInfo>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if !name.starts_with(PREFIX) || !e.path().is_dir() {
            continue;
        }
        if let Ok(info) = read_manifest(&e.path()) {
            out.push(info);
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(order(&b.name)));
    Ok(out)
}

/// The order of backups: by the time in the name, then by the number added to a name taken in
/// the same second (`…-2`, `…-3`, …, `…-10`: not the names' text order).
pub fn order(name: &str) -> (String, u32) {
    let stamp_len = PREFIX.len() + "yyyymmdd-hhmmss".len();
    if name.len() <= stamp_len || !name.is_char_boundary(stamp_len) {
        return (name.to_string(), 1);
    }
    let (base, rest) = name.split_at(stamp_len);
    let n = rest.trim_start_matches('-').parse().unwrap_or(1);
    (base.to_string(), n)
}

fn read_manifest(folder: &Path) -> Result<BackupInfo> {
    let bytes = std::fs::read(folder.join(MANIFEST)).map_err(|_| damaged())?;
    let mut info: BackupInfo = serde_json::from_slice(&bytes).map_err(|_| damaged())?;
    // The folder's name is what restoring names, whatever the manifest says.
    if let Some(name) = folder.file_name() {
        info.name = name.to_string_lossy().to_string();
    }
    Ok(info)
}

fn damaged() -> CoreError {
    CoreError::storage("该备份已损坏（缺少说明文件或数据库文件），不能用于恢复。请选择其他备份。")
}

/// Removes the oldest backups in `dir` beyond the newest `keep`.
///
/// Each leaves the list in one rename (to a hidden `.<name>.removing`) before its files are
/// removed: removing a big backup takes a while, and a crash, a power cut or a file held open
/// midway must not leave a listed backup with half its files (a restore would refuse it, but the
/// list would show it and count it as kept). What such an interruption leaves hidden is removed
/// here next time, with backups that were being written more than a day ago (`.<name>.partial`,
/// from a backup killed midway; a running backup is never that old).
pub fn rotate(dir: &Path, keep: usize) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for old in list(dir)?.into_iter().skip(keep.max(1)) {
        let doomed = dir.join(format!(".{}{REMOVING}", old.name));
        std::fs::rename(dir.join(&old.name), &doomed).map_err(|e| write_error(dir, e))?;
        removed.push(old.name);
    }
    sweep_leftovers(dir);
    Ok(removed)
}

/// The suffix of a backup folder being removed by [`rotate`].
const REMOVING: &str = ".removing";
/// The suffix of a backup folder being written by [`back_up`].
const PARTIAL: &str = ".partial";
/// A backup folder still being written after this long was left by a backup that was killed.
const STALE_PARTIAL_HOURS: u64 = 24;

/// Removes what interrupted rotations and backups left hidden in `dir` (see [`rotate`]). A folder
/// that cannot be removed now (a file held open) is tried again at the next rotation.
fn sweep_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let stale = std::time::Duration::from_secs(STALE_PARTIAL_HOURS * 3600);
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if !name.starts_with(&format!(".{PREFIX}")) {
            continue;
        }
        let old_partial = name.ends_with(PARTIAL)
            && e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > stale));
        if name.ends_with(REMOVING) || old_partial {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Whether a daily backup is due in `dir` at `now`: none yet, or the newest is a day old.
pub fn due(dir: &Path, now: &DateTime<FixedOffset>) -> bool {
    let newest = list(dir)
        .ok()
        .and_then(|l| l.into_iter().find_map(|b| parse_ts(&b.created_at)));
    match newest {
        None => true,
        Some(t) => (*now - t).num_hours() >= DAILY_HOURS || t > *now,
    }
}

/// The backup folder named `name` in `dir`; a name that is not one of its backups is refused.
pub fn named(dir: &Path, name: &str) -> Result<PathBuf> {
    let ok = name.starts_with(PREFIX)
        && !name.contains(['/', '\\'])
        && !name.contains("..")
        && dir.join(name).is_dir();
    if !ok {
        return Err(CoreError::not_found(
            "没有这个备份，请刷新备份列表后重新选择。",
        ));
    }
    Ok(dir.join(name))
}

/// A backup that passed [`validate`], ready for [`restore`] (which then does not check it again:
/// the check of a large office takes a while).
#[derive(Debug, Clone)]
pub struct Checked {
    folder: PathBuf,
    info: BackupInfo,
}

impl Checked {
    /// The backup's manifest.
    pub fn info(&self) -> &BackupInfo {
        &self.info
    }
}

/// Checks the backup in the folder `backup` for restoring: readable, passes the integrity check,
/// from this program or an older one, and every attachment it refers to is there.
pub fn validate(backup: &Path) -> Result<Checked> {
    let db = backup.join(DB_FILE);
    if !db.is_file() {
        return Err(damaged());
    }
    let info = read_manifest(backup)?;
    let inspected = match inspect(&db) {
        Ok(i) => i,
        Err(e) if e.code == ErrorCode::NewerDatabase => return Err(e),
        Err(_) => {
            return Err(CoreError::storage(
                "该备份的数据库文件已损坏，无法打开，不能用于恢复。请选择其他备份，当前数据未被改动。",
            ));
        }
    };
    if !inspected.report.ok() {
        return Err(CoreError::storage(format!(
            "该备份未通过完整性检查，不能用于恢复（{}）。请选择其他备份，当前数据未被改动。",
            inspected.report.problems.join("；")
        )));
    }
    let mut missing = 0;
    for sha in &inspected.hashes {
        let present = attachment_rel(sha)
            .map(|rel| backup.join(ATTACHMENTS).join(rel))
            .and_then(|p| std::fs::read(p).ok())
            .is_some_and(|data| hex_sha(&data) == *sha);
        if !present {
            missing += 1;
        }
    }
    if missing > info.missing_attachments {
        return Err(CoreError::storage(format!(
            "该备份中有{}个附件文件缺失或已损坏，不能用于恢复。请选择其他备份，当前数据未被改动。",
            missing - info.missing_attachments
        )));
    }
    Ok(Checked {
        folder: backup.to_path_buf(),
        info,
    })
}

/// Restores the checked backup (see [`validate`], which refuses a damaged or newer one) into the
/// office whose database is `db_path`. Every connection to that database must be closed. Copies
/// first (a full disk fails with nothing changed), then keeps the current database and
/// attachments aside and puts the copy in place.
pub fn restore(db_path: &Path, checked: Checked) -> Result<RestoreOutcome> {
    let Checked {
        folder: backup,
        info,
    } = checked;
    let backup = backup.as_path();
    let dir = data_dir(db_path);
    let stamp = now_cst().format("%Y%m%d-%H%M%S").to_string();
    let file_name = db_path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| DB_FILE.to_string());
    // Copy first, beside the database: a full disk fails here, with nothing changed.
    let incoming = dir.join(format!("{file_name}.restoring"));
    remove_db(&incoming);
    std::fs::copy(backup.join(DB_FILE), &incoming).map_err(|e| {
        remove_db(&incoming);
        CoreError::storage(format!(
            "复制备份失败，当前数据未被改动。请检查数据目录的磁盘空间和写入权限。（{}）",
            e.kind()
        ))
    })?;
    let incoming_attachments = dir.join(format!("{ATTACHMENTS}.restoring"));
    let _ = std::fs::remove_dir_all(&incoming_attachments);
    if let Err(e) = copy_tree(&backup.join(ATTACHMENTS), &incoming_attachments) {
        remove_db(&incoming);
        let _ = std::fs::remove_dir_all(&incoming_attachments);
        return Err(CoreError::storage(format!(
            "复制备份的附件失败，当前数据未被改动。请检查数据目录的磁盘空间和写入权限。（{}）",
            e.kind()
        )));
    }
    // Keep the current database (with its log and the chain heads its last check recorded)
    // aside, then put the copy in place. The heads go with the file they describe: beside the
    // restored (older) file they would report it as replaced; its next clean check records its own.
    let aside = format!("{file_name}.before-restore-{stamp}");
    if db_path.exists() {
        std::fs::rename(db_path, dir.join(&aside))?;
    }
    for suffix in ["-wal", "-shm", ".heads.json"] {
        let from = with_suffix(db_path, suffix);
        if from.exists() {
            std::fs::rename(&from, with_suffix(&dir.join(&aside), suffix))?;
        }
    }
    std::fs::rename(&incoming, db_path)?;
    let attachments = dir.join(ATTACHMENTS);
    let mut previous_attachments = String::new();
    if attachments.exists() {
        previous_attachments = format!("{ATTACHMENTS}.before-restore-{stamp}");
        std::fs::rename(&attachments, dir.join(&previous_attachments))?;
    }
    std::fs::rename(&incoming_attachments, &attachments)?;
    Ok(RestoreOutcome {
        restored: info,
        previous_database: aside,
        previous_attachments,
    })
}

/// Copies the folder `from` (if it exists) to the new folder `to`.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    for e in entries {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_tree(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), &target)?;
        }
    }
    Ok(())
}

/// The recorded outcome of the latest backups of the office in `data_dir`.
pub fn status(data_dir: &Path) -> BackupStatus {
    std::fs::read(data_dir.join(STATUS_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Records the outcome of a backup of the office in `data_dir`: a success clears the failure.
/// Writing the record may itself fail (the disk that is full); that is ignored, the caller still
/// has the error in hand.
pub fn record(data_dir: &Path, reason: BackupReason, outcome: &Result<BackupInfo>) {
    let mut s = status(data_dir);
    match outcome {
        Ok(info) => {
            s.last_success = Some(info.created_at.clone());
            s.last_failure = None;
        }
        Err(e) => {
            s.last_failure = Some(BackupFailure {
                at: fmt_ts(&now_cst()),
                reason,
                message: e.message.clone(),
            });
        }
    }
    if let Ok(json) = serde_json::to_vec_pretty(&s) {
        let tmp = data_dir.join(format!("{STATUS_FILE}.tmp"));
        if std::fs::write(&tmp, json).is_ok() {
            let _ = std::fs::rename(&tmp, data_dir.join(STATUS_FILE));
        }
    }
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
