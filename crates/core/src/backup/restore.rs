//! Restoring a backup: [`validate`] refuses a damaged backup and one from a newer program before
//! anything is touched; [`restore`] copies first (a full disk fails with nothing changed), then
//! keeps the current database and attachments aside and puts the copy in place.

use super::folder::{damaged, read_manifest};
use super::{
    ATTACHMENTS, BackupInfo, DB_FILE, RestoreOutcome, attachment_rel, data_dir, hex_sha, inspect,
    remove_db, with_suffix,
};
use crate::error::{CoreError, ErrorCode, Result};
use crate::time::now_cst;
use std::path::{Path, PathBuf};

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
