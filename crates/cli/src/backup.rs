//! `backup` and `restore`: the administrator's backups of the database file and its attachments
//! (`minyi_core::backup`), on the file itself. `backup` writes a checked copy into `--out` or the
//! office's backup folder (the setting `backup.dir`, by default `backups` beside the database,
//! where the oldest beyond `backup.keep` are removed); `restore` puts a backup in place after
//! checking it and asking for confirmation (`--yes` for scripts), keeping the current database
//! and attachments aside. Both work on the file alone: against an office server, the
//! administrator uses 设置 → 备份与恢复, or runs this on the server's computer with the server
//! stopped.

use crate::output::{CliError, CliResult};
use crate::session::{db_path, now, open_existing, system_actor};
use minyi_core::backup::{self, BackupInfo, BackupReason};
use minyi_core::usecases::office_acts::{self, Doer};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Options of `backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// 备份存放的文件夹（默认为设置中的备份文件夹）/ the folder to write the backup into
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Options of `restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// 要恢复的备份文件夹（minyi-backup-…）/ the backup folder to restore
    #[arg(value_name = "BACKUP")]
    backup: PathBuf,
    /// 不再询问，直接恢复（用于脚本）/ do not ask for confirmation
    #[arg(long)]
    yes: bool,
}

fn existing(db: Option<&Path>) -> CliResult<&Path> {
    let path = db_path(db)?;
    if !path.is_file() {
        return Err(CliError::user(format!(
            "找不到数据库文件 {}。请用 --db 指定要备份或恢复的数据库文件。",
            path.display()
        )));
    }
    Ok(path)
}

fn describe(out: &mut impl Write, info: &BackupInfo) -> std::io::Result<()> {
    writeln!(
        out,
        "  {}（{}，{}）：{} 条诉求、{} 条事件记录、{} 个附件，数据版本 {}",
        info.name,
        info.created_at,
        info.reason.label(),
        info.appeals,
        info.events,
        info.attachments,
        info.schema_version
    )
}

/// Runs `backup`.
pub fn run_backup(db: Option<&Path>, args: &BackupArgs) -> CliResult {
    let path = existing(db)?;
    let (dir, keep) = match &args.out {
        // A folder of the administrator's choice: nothing in it is removed.
        Some(dir) => (dir.clone(), None),
        None => {
            let (dir, keep) = backup::settings_of_file(path);
            (dir, Some(keep))
        }
    };
    let outcome = backup::back_up(path, &dir, BackupReason::Manual, keep);
    if let Some(data_dir) = path.parent() {
        backup::record(data_dir, BackupReason::Manual, &outcome);
    }
    log_act(path, |store, now, by| match &outcome {
        Ok(info) => office_acts::backup_made(store, now, by, info),
        Err(e) => office_acts::backup_failed(store, now, by, BackupReason::Manual, &e.message),
    });
    let info = outcome?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "备份完成，已通过完整性检查：")?;
    describe(&mut out, &info)?;
    writeln!(out, "位置：{}", dir.join(&info.name).display())?;
    Ok(())
}

/// Runs `restore`.
pub fn run_restore(db: Option<&Path>, args: &RestoreArgs) -> CliResult {
    let path = existing(db)?;
    let checked = backup::validate(&args.backup)?;
    let info = checked.info();
    let mut out = std::io::stdout().lock();
    writeln!(out, "备份已通过完整性检查：")?;
    describe(&mut out, info)?;
    writeln!(
        out,
        "恢复后，{} 将回到备份时的样子；当前的数据库和附件会保留在同一文件夹中（名称含 before-restore）。\
         请先关闭正在使用该数据库的桌面程序和办公室服务器。",
        path.display()
    )?;
    if !args.yes {
        write!(out, "确认恢复？请输入“是”或 yes 后回车：")?;
        out.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        let answer = answer.trim().to_lowercase();
        if !matches!(answer.as_str(), "是" | "yes" | "y") {
            writeln!(out)?;
            return Err(CliError::user("已取消恢复，数据未被改动。"));
        }
    }
    let outcome = backup::restore(path, checked)?;
    log_act(path, |store, now, by| {
        office_acts::restored(store, now, by, &outcome)
    });
    writeln!(
        out,
        "恢复完成。原数据库已保留为 {}。",
        outcome.previous_database
    )?;
    if !outcome.previous_attachments.is_empty() {
        writeln!(out, "原附件已保留为 {}。", outcome.previous_attachments)?;
    }
    Ok(())
}

/// Writes a backup or restore into the security log as the local command line's act (the
/// operating-system user who ran it). The act stands either way: a file that cannot take the entry
/// is reported by the next command that opens it.
fn log_act(
    path: &Path,
    write: impl FnOnce(
        &mut minyi_core::Store,
        chrono::DateTime<chrono::FixedOffset>,
        Doer<'_>,
    ) -> minyi_core::Result<()>,
) {
    let Ok(mut store) = open_existing(path) else {
        return;
    };
    let Ok(actor) = system_actor(&mut store) else {
        return;
    };
    let by = Doer::Account {
        id: actor.user_id,
        label: &actor.display_name,
    };
    let _ = write(&mut store, now(), by);
}
