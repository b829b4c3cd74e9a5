//! Acts on the office as a whole that the security log must show although no screen of appeals
//! records them: backups (made, or failed), restoring one, and the office server pausing sign-ins
//! from one computer after too many failures.
//!
//! They happen outside any user's ordinary transaction — a backup copies the file while others
//! write, a restore replaces the file, a lockout is the server's own — so each is written here
//! afterwards, in a transaction of its own, by whoever did it: the administrator who asked, or the
//! program itself ("系统") for the daily backup, the backup before an upgrade and a lockout.
//! A restore is written into the restored database: the office as it was at the backup, plus the
//! fact that it was put back (the chain goes on from the backup's head, which the manifest
//! recorded).

use crate::backup::{BackupInfo, BackupReason, RestoreOutcome};
use crate::error::Result;
use crate::model::SecurityAction;
use crate::store::security_log::{self, NewSecurityEntry};
use crate::store::{Store, users};
use chrono::{DateTime, FixedOffset};
use serde_json::json;

/// Who did an act on the whole office: a signed-in account (its id and name), or the program.
#[derive(Debug, Clone, Copy)]
pub enum Doer<'a> {
    Account { id: i64, label: &'a str },
    Program,
}

/// How the log names the program when it acts by itself.
pub const PROGRAM_LABEL: &str = "系统";

fn append(
    store: &mut Store,
    now: DateTime<FixedOffset>,
    by: Doer<'_>,
    action: SecurityAction,
    target: Option<&str>,
    detail: serde_json::Value,
) -> Result<()> {
    store.write(|tx, _| {
        // An account missing from this database (a restore from before it existed) is named,
        // not referred to.
        let (actor_id, label) = match by {
            Doer::Account { id, label } => (users::get(tx, id).ok().map(|u| u.id), label),
            Doer::Program => (None, PROGRAM_LABEL),
        };
        security_log::append(
            tx,
            &NewSecurityEntry {
                at: crate::time::to_cst(&now),
                actor_id,
                actor_label: label,
                action,
                target,
                detail,
            },
        )?;
        Ok(())
    })
}

/// A backup that was made and checked.
pub fn backup_made(
    store: &mut Store,
    now: DateTime<FixedOffset>,
    by: Doer<'_>,
    info: &BackupInfo,
) -> Result<()> {
    let target = format!("backup:{}", info.name);
    append(
        store,
        now,
        by,
        SecurityAction::Backup,
        Some(&target),
        json!({
            "reason": info.reason,
            "appeals": info.appeals,
            "attachments": info.attachments,
            "missingAttachments": info.missing_attachments,
        }),
    )
}

/// A backup that could not be made; `message` is the Chinese sentence the administrators see
/// (paths and counts, never personal data).
pub fn backup_failed(
    store: &mut Store,
    now: DateTime<FixedOffset>,
    by: Doer<'_>,
    reason: BackupReason,
    message: &str,
) -> Result<()> {
    append(
        store,
        now,
        by,
        SecurityAction::BackupFailed,
        None,
        json!({ "reason": reason, "message": message }),
    )
}

/// A restore, written into the database just put in place.
pub fn restored(
    store: &mut Store,
    now: DateTime<FixedOffset>,
    by: Doer<'_>,
    outcome: &RestoreOutcome,
) -> Result<()> {
    let target = format!("backup:{}", outcome.restored.name);
    append(
        store,
        now,
        by,
        SecurityAction::Restore,
        Some(&target),
        json!({
            "backupCreatedAt": outcome.restored.created_at,
            "previousDatabase": outcome.previous_database,
        }),
    )
}

/// The office server paused sign-ins from `address` after `failures` failures within
/// `window_minutes`.
pub fn address_locked_out(
    store: &mut Store,
    now: DateTime<FixedOffset>,
    address: &str,
    failures: usize,
    window_minutes: u64,
) -> Result<()> {
    let target = format!("address:{address}");
    append(
        store,
        now,
        Doer::Program,
        SecurityAction::AddressLockout,
        Some(&target),
        json!({ "failures": failures, "minutes": window_minutes }),
    )
}
