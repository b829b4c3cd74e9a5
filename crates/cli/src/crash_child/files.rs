//! The crash child's writes that involve files besides the database: a batch import of a CSV file,
//! an attachment (its file and its row), a backup, and the upgrade of an old-schema file.
//!
//! Where they live, beside the database (the parent's test reads the same places):
//! - `crash-batches/batch-<tag>.csv`, and `batch-<tag>.done` once its import returned. A batch
//!   whose import was killed is imported again by the next import step, as a clerk would run the
//!   same file again: the rows already committed are skipped by their fingerprints.
//! - `attachments/` and the backup folder: where the office keeps them.
//! - `old/*.db`: old-schema files the test puts there; each is upgraded the way the app opens a
//!   file (a backup before the upgrade into `old/backups`, then the migration).

use crate::output::CliResult;
use crate::session::now;
use chrono::Duration;
use minyi_core::Store;
use minyi_core::backup::{self, BackupReason};
use minyi_core::model::{Category, Channel, Ctx, Status};
use minyi_core::queries::list::{ListFilter, matching_ids};
use minyi_core::store::copy::file_version;
use minyi_core::store::db::upgrade_pending;
use minyi_core::usecases::add_attachment::add_attachment;
use minyi_demo::Office;
use minyi_demo::rng::Rng;
use minyi_demo::text::{self, TextCategory};
use minyi_sheets::import::{ImportOptions, import_file};
use std::path::{Path, PathBuf};

/// The folder beside the database.
fn beside(db: &Path, name: &str) -> PathBuf {
    match db.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(name),
        _ => PathBuf::from(name),
    }
}

/// The batches' folder (the test reads it too).
pub const BATCHES: &str = "crash-batches";

/// A CSV field, quoted.
fn field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A new batch of 3–8 synthetic online appeals whose subjects carry `tag`.
fn new_batch(rng: &mut Rng, dir: &Path) -> CliResult<(String, PathBuf)> {
    std::fs::create_dir_all(dir)?;
    let tag = format!("{:012x}", rng.next_u64() & 0xffff_ffff_ffff);
    let mut csv = String::from("姓名,电话,标题,内容,时间\n");
    for i in 1..=rng.range(3, 8) {
        let t = text::appeal_text(rng, TextCategory::Complaint);
        let received = now() - Duration::minutes(rng.range(5, 900));
        csv.push_str(&format!(
            "{},{},{},{},{}\n",
            field(&text::person_name(rng)),
            field(&text::mobile_phone(rng)),
            field(&format!("{}（批次{tag}-{i}）", t.subject)),
            field(&t.content),
            received.format("%Y-%m-%d %H:%M"),
        ));
    }
    // Written whole before it is imported: a torn file is never imported.
    let path = dir.join(format!("batch-{tag}.csv"));
    let tmp = dir.join(format!("batch-{tag}.tmp"));
    std::fs::write(&tmp, csv)?;
    std::fs::rename(&tmp, &path)?;
    Ok((tag, path))
}

/// A batch whose import did not return (killed), if any.
fn unfinished_batch(dir: &Path) -> Option<(String, PathBuf)> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names.into_iter().find_map(|n| {
        let tag = n.strip_prefix("batch-")?.strip_suffix(".csv")?.to_string();
        (!dir.join(format!("batch-{tag}.done")).exists()).then(|| (tag, dir.join(&n)))
    })
}

/// Imports a batch (an unfinished one first) as the intake clerk, in chunks of two rows so that
/// a kill can land between two of its transactions; answers its tag and its rows.
pub fn import(store: &mut Store, office: &Office, rng: &mut Rng) -> CliResult<(String, u64)> {
    let dir = store.dir().join(BATCHES);
    let (tag, file) = match unfinished_batch(&dir) {
        Some(b) => b,
        None => new_batch(rng, &dir)?,
    };
    let mut opts = ImportOptions::new(Channel::Wechat, &file);
    opts.default_category = Category::Other;
    opts.chunk_rows = 2;
    opts.report = dir.join(format!("batch-{tag}-report.xlsx"));
    let ctx = Ctx::new(&office.clerk, now());
    let s = import_file(store, &ctx, &file, &opts, &mut |_, _| {})?;
    if s.registered + s.already_imported != s.rows {
        return Err(crate::output::CliError::user(format!(
            "crash-child: batch {tag}: {} of {} rows imported",
            s.registered + s.already_imported,
            s.rows
        )));
    }
    std::fs::write(dir.join(format!("batch-{tag}.done")), b"")?;
    Ok((tag, s.rows))
}

/// Attaches a file of random bytes (1 KB – 256 KB) to a random open appeal as the appeals office;
/// answers the attachment's id and hash, or `None` when no appeal is open.
pub fn attach(
    store: &mut Store,
    office: &Office,
    rng: &mut Rng,
) -> CliResult<Option<(i64, String)>> {
    let ctx = Ctx::new(&office.office, now());
    let filter = ListFilter {
        statuses: vec![
            Status::Registered,
            Status::Accepted,
            Status::Routed,
            Status::PlanSubmitted,
            Status::AwaitingFeedback,
            Status::Tracking,
        ],
        page_size: 200,
        ..Default::default()
    };
    let ids = matching_ids(store, &ctx, &filter, 200)?;
    if ids.is_empty() {
        return Ok(None);
    }
    let id = *rng.pick(&ids);
    let len = rng.range(1024, 256 * 1024) as usize;
    let mut bytes = Vec::with_capacity(len + 8);
    while bytes.len() < len {
        bytes.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    bytes.truncate(len);
    let name = format!("扫描件-{}.jpg", rng.range(1, 9999));
    let rec = add_attachment(store, &ctx, id, &name, &bytes)?;
    Ok(Some((rec.id, rec.sha256)))
}

/// Backs the office up as `minyi-cli backup` and the app do (into its backup folder, keeping as
/// many as its setting says, the outcome recorded); answers the new backup's folder name.
pub fn backup(store: &Store, db: &Path) -> CliResult<String> {
    let dir = backup::folder_of(store, db)?;
    let keep = backup::keep_of(store)?;
    let outcome = backup::back_up(db, &dir, BackupReason::Manual, Some(keep));
    backup::record(store.dir(), BackupReason::Manual, &outcome);
    Ok(outcome?.name)
}

/// Upgrades the first old-schema file in `old/` beside the database the way the app opens one
/// (the backup before the upgrade, then the migration); answers its name and former version, or
/// `None` when none is waiting.
pub fn migrate(db: &Path) -> CliResult<Option<(String, i64)>> {
    let dir = beside(db, "old");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(None);
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "db"))
        .collect();
    files.sort();
    let Some(file) = files.into_iter().find(|f| upgrade_pending(f)) else {
        return Ok(None);
    };
    let from = file_version(&file)?;
    // As the app does: a failed backup is recorded and the file still opens.
    let _ = backup::before_upgrade(&file);
    drop(Store::open(&file)?);
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    Ok(Some((name, from)))
}
