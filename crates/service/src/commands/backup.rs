//! Backups and restore (设置 → 备份与恢复, `minyi-cli backup` / `restore`): the administrator's,
//! who may back up and restore (`Action::Backup`). The work is the office's
//! ([`crate::Office::back_up`], [`crate::Office::restore`]) and core's
//! ([`minyi_core::backup`]); these commands check who asks and say what happened.

use crate::command::{Call, Command, Effect};
use minyi_core::Result;
use minyi_core::access::{Action, authorize};
use minyi_core::backup::{
    self, BackupFailure, BackupInfo, BackupReason, BackupStatus, RestoreOutcome,
};
use minyi_core::usecases::office_acts::Doer;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Refuses a caller who may not back up (before any file is touched); answers who asks, as the
/// security log names them.
fn allowed(call: &Call<'_>) -> Result<(i64, String)> {
    call.read(|_, c| {
        authorize(c.actor, Action::Backup, None)?;
        Ok((c.actor.user_id, c.actor.display_name.clone()))
    })
}

/// Backs up the office now (database and attachments), checks the copy and removes the oldest
/// beyond the number kept; answers the new backup.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct BackupNow {}

impl Command for BackupNow {
    const NAME: &'static str = "backup_now";
    // It changes no data anyone's screen shows.
    const EFFECT: Effect = Effect::Read;
    type Output = BackupInfo;
    fn run(self, call: &Call<'_>) -> Result<BackupInfo> {
        let (id, label) = allowed(call)?;
        call.office()
            .back_up(BackupReason::Manual, Doer::Account { id, label: &label })
    }
}

/// The backups of the office, where they are and the last outcome.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct BackupOverview {
    /// The backup folder (on the computer that holds the data).
    pub folder: String,
    /// How many backups are kept.
    pub keep: i64,
    /// Newest first.
    pub backups: Vec<BackupInfo>,
    pub status: BackupStatus,
}

/// Lists the backups.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ListBackups {}

impl Command for ListBackups {
    const NAME: &'static str = "list_backups";
    const EFFECT: Effect = Effect::Read;
    type Output = BackupOverview;
    fn run(self, call: &Call<'_>) -> Result<BackupOverview> {
        allowed(call)?;
        let office = call.office();
        let (dir, keep) = office.backup_folder()?;
        Ok(BackupOverview {
            folder: dir.display().to_string(),
            keep: keep as i64,
            backups: backup::list(&dir)?,
            status: backup::status(office.data_dir()),
        })
    }
}

/// Restores the backup `name` (one of [`ListBackups`]): the office becomes exactly what it was
/// at that backup; the current database and attachments are kept aside in the data folder. A
/// damaged backup or one from a newer program is refused with nothing changed.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct RestoreBackup {
    pub name: String,
}

impl Command for RestoreBackup {
    const NAME: &'static str = "restore_backup";
    const EFFECT: Effect = Effect::Write;
    type Output = RestoreOutcome;
    fn run(self, call: &Call<'_>) -> Result<RestoreOutcome> {
        let (id, label) = allowed(call)?;
        call.office()
            .restore(&self.name, Doer::Account { id, label: &label })
    }
}

/// The last backup failure, for the workbench of whoever may back up (until a backup succeeds);
/// nothing for everyone else, who could not act on it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct BackupAlert {}

impl Command for BackupAlert {
    const NAME: &'static str = "backup_alert";
    const EFFECT: Effect = Effect::Read;
    type Output = Option<BackupFailure>;
    fn run(self, call: &Call<'_>) -> Result<Option<BackupFailure>> {
        if call
            .read(|_, c| authorize(c.actor, Action::Backup, None))
            .is_err()
        {
            return Ok(None);
        }
        Ok(backup::status(call.office().data_dir()).last_failure)
    }
}
