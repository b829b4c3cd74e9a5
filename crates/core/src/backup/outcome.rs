//! The outcome of the latest backups, kept in a small file in the data folder
//! (`backup-status.json`), not in the database: a backup that could not be written (disk full,
//! folder gone) must still be reported on the administrators' workbench until one succeeds, and
//! the database is what is being saved.

use super::{BackupInfo, BackupReason};
use crate::error::Result;
use crate::time::{fmt_ts, now_cst};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Where the outcome of the last backup is kept, in the data folder.
pub const STATUS_FILE: &str = "backup-status.json";

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
