//! The folder of backups: listing them newest first, removing the oldest beyond the number kept
//! (each hidden by a rename first, so a removal cut short never leaves a listed backup with half
//! its files), sweeping what interrupted backups and removals left, and whether a daily backup is
//! due.

use super::{BackupInfo, DAILY_HOURS, MANIFEST, PREFIX, write_error};
use crate::error::{CoreError, Result};
use crate::time::parse_ts;
use chrono::{DateTime, FixedOffset};
use std::path::{Path, PathBuf};

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

pub(super) fn read_manifest(folder: &Path) -> Result<BackupInfo> {
    let bytes = std::fs::read(folder.join(MANIFEST)).map_err(|_| damaged())?;
    let mut info: BackupInfo = serde_json::from_slice(&bytes).map_err(|_| damaged())?;
    // The folder's name is what restoring names, whatever the manifest says.
    if let Some(name) = folder.file_name() {
        info.name = name.to_string_lossy().to_string();
    }
    Ok(info)
}

pub(super) fn damaged() -> CoreError {
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
pub(super) const REMOVING: &str = ".removing";
/// The suffix of a backup folder being written by [`back_up`].
pub(super) const PARTIAL: &str = ".partial";
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
