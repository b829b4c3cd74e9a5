//! Backups and restore on real files: back up → change → restore gives back exactly the office of
//! the backup (every table and every attachment); a damaged or newer backup is refused in Chinese
//! with nothing changed; only verified backups are listed and rotation keeps the newest; a backup
//! that cannot be written is recorded until one succeeds; a file of an older schema is backed up
//! before it is upgraded.

mod common;

use common::*;
use minyi_core::backup::{self, BackupReason};
use minyi_core::model::Ctx;
use minyi_core::store::db;
use minyi_core::testing::rusqlite;
use minyi_core::usecases::add_attachment::add_attachment;
use minyi_core::{ErrorCode, Store};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every row of every table, as text, sorted: two databases with equal dumps hold the same office.
fn dump(store: &Store) -> BTreeMap<String, Vec<String>> {
    let conn = store.sql_for_tests();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = BTreeMap::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut s = String::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    s.push_str(&format!("{v:?}|"));
                }
                Ok(s)
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        out.insert(t, rows);
    }
    out
}

/// Every file under `dir` with its bytes, by path relative to `dir`.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(root, &p, out);
                } else {
                    out.insert(
                        p.strip_prefix(root).unwrap().to_path_buf(),
                        std::fs::read(&p).unwrap(),
                    );
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Changes the first event behind the program's back (its hash chain then breaks).
fn tamper(c: &rusqlite::Connection) {
    c.execute_batch(
        "DROP TRIGGER events_append_only_update;
         UPDATE events SET reason = '改过' WHERE id = 1;",
    )
    .unwrap();
}

fn scan(seed: u8) -> Vec<u8> {
    (0..3000u32)
        .map(|i| (i.wrapping_mul(17) as u8) ^ seed)
        .collect()
}

#[test]
fn back_up_change_restore_gives_back_exactly_the_office_of_the_backup() {
    let mut env = sqlite_env();
    let db_path = env.dir.path().join("minyi.db");
    let clerk = env.office.clerk.clone();
    let first = registered(&mut env, "complaint", false);
    add_attachment(
        &mut env.store,
        &Ctx::new(&clerk, at("2026-11-20T11:00:00+08:00")),
        first,
        "来信扫描件.pdf",
        &scan(1),
    )
    .unwrap();
    let before = dump(&env.store);
    let attachments_before = files(&env.dir.path().join("attachments"));
    assert_eq!(attachments_before.len(), 1);

    let to = env.dir.path().join("backups");
    let info = backup::back_up(&db_path, &to, BackupReason::Manual, Some(3)).unwrap();
    assert!(info.name.starts_with("minyi-backup-"), "{}", info.name);
    assert_eq!((info.appeals, info.attachments), (1, 1));
    assert_eq!(info.schema_version, db::schema_version());
    assert_eq!(info.chain_head_id, env.store.chain_head().unwrap().0);
    assert_eq!(backup::list(&to).unwrap(), vec![info.clone()]);
    // The backup is a data folder of its own: it opens and passes the check.
    let copy = Store::open(&to.join(&info.name).join("minyi.db")).unwrap();
    assert!(minyi_core::check::check(&copy).unwrap().ok());
    drop(copy);

    // Change: a second appeal with another attachment, a setting.
    let second = registered(&mut env, "suggestion", false);
    add_attachment(
        &mut env.store,
        &Ctx::new(&clerk, at("2026-11-20T11:30:00+08:00")),
        second,
        "现场照片.jpg",
        &scan(2),
    )
    .unwrap();
    assert_ne!(dump(&env.store), before);
    // A clean check now records the newer chain heads beside the database; the restored (older)
    // file must not then be reported as "replaced".
    assert!(minyi_core::check::check(&env.store).unwrap().ok());
    drop(env.store);

    let outcome = backup::validate(&to.join(&info.name))
        .and_then(|c| backup::restore(&db_path, c))
        .unwrap();
    assert_eq!(outcome.restored.name, info.name);
    assert!(
        outcome
            .previous_database
            .starts_with("minyi.db.before-restore-")
    );
    let restored = Store::open(&db_path).unwrap();
    assert_eq!(dump(&restored), before);
    assert!(minyi_core::check::check(&restored).unwrap().ok());
    assert_eq!(
        files(&env.dir.path().join("attachments")),
        attachments_before
    );
    // The replaced office is kept aside, whole: it still opens with both appeals.
    drop(restored);
    let aside = Store::open(&env.dir.path().join(&outcome.previous_database)).unwrap();
    assert_eq!(count(&aside, "appeals"), 2);
    assert_eq!(
        files(&env.dir.path().join(&outcome.previous_attachments)).len(),
        2
    );
}

#[test]
fn a_damaged_or_newer_backup_is_refused_in_chinese_and_nothing_changes() {
    let mut env = sqlite_env();
    let db_path = env.dir.path().join("minyi.db");
    registered(&mut env, "complaint", false);
    let to = env.dir.path().join("backups");
    let tampered = backup::back_up(&db_path, &to, BackupReason::Manual, None).unwrap();
    let newer = backup::back_up(&db_path, &to, BackupReason::Manual, None).unwrap();
    let torn = backup::back_up(&db_path, &to, BackupReason::Manual, None).unwrap();
    registered(&mut env, "complaint", false);
    let now = dump(&env.store);
    drop(env.store);

    // An event changed behind the program's back: the hash chain breaks.
    {
        let c = rusqlite::Connection::open(to.join(&tampered.name).join("minyi.db")).unwrap();
        tamper(&c);
    }
    let e = backup::validate(&to.join(&tampered.name))
        .and_then(|c| backup::restore(&db_path, c))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Storage);
    assert!(e.message.contains("未通过完整性检查"), "{}", e.message);
    assert!(e.message.contains("当前数据未被改动"), "{}", e.message);

    // Made by a newer program.
    {
        let c = rusqlite::Connection::open(to.join(&newer.name).join("minyi.db")).unwrap();
        c.pragma_update(None, "user_version", db::schema_version() + 1)
            .unwrap();
    }
    let e = backup::validate(&to.join(&newer.name))
        .and_then(|c| backup::restore(&db_path, c))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NewerDatabase);
    assert!(e.message.contains("请先升级程序"), "{}", e.message);

    // Not a database at all.
    std::fs::write(to.join(&torn.name).join("minyi.db"), b"not a database").unwrap();
    let e = backup::validate(&to.join(&torn.name))
        .and_then(|c| backup::restore(&db_path, c))
        .unwrap_err();
    assert!(e.message.contains("已损坏"), "{}", e.message);

    // Nothing was touched.
    let store = Store::open(&db_path).unwrap();
    assert_eq!(dump(&store), now);
    let names: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("before-restore")),
        "{names:?}"
    );
}

#[test]
fn rotation_keeps_the_newest_verified_backups_and_a_failed_one_costs_none() {
    let mut env = sqlite_env();
    let db_path = env.dir.path().join("minyi.db");
    registered(&mut env, "complaint", false);
    let to = env.dir.path().join("backups");
    let mut made = Vec::new();
    for _ in 0..4 {
        made.push(backup::back_up(&db_path, &to, BackupReason::Daily, Some(2)).unwrap());
    }
    let names: Vec<_> = backup::list(&to)
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(names, vec![made[3].name.clone(), made[2].name.clone()]);

    // The office's own database damaged: the new backup fails its check and both old ones stay.
    {
        let c = env.store.sql_for_tests();
        tamper(c);
    }
    let e = backup::back_up(&db_path, &to, BackupReason::Daily, Some(1)).unwrap_err();
    assert!(e.message.contains("未通过完整性检查"), "{}", e.message);
    assert_eq!(backup::list(&to).unwrap().len(), 2);
    assert_eq!(
        std::fs::read_dir(&to).unwrap().count(),
        2,
        "no partial folder is left"
    );
}

#[test]
fn a_backup_that_cannot_be_written_is_recorded_until_one_succeeds() {
    let mut env = sqlite_env();
    let db_path = env.dir.path().join("minyi.db");
    registered(&mut env, "complaint", false);
    // The configured folder is a file: it cannot be created.
    let blocked = env.dir.path().join("not-a-folder");
    std::fs::write(&blocked, b"x").unwrap();
    let outcome = backup::back_up(&db_path, &blocked, BackupReason::Daily, Some(3));
    let e = outcome.as_ref().unwrap_err();
    assert!(e.message.contains("无法创建备份文件夹"), "{}", e.message);
    assert!(is_chinese(&e.message));
    backup::record(env.dir.path(), BackupReason::Daily, &outcome);
    let status = backup::status(env.dir.path());
    let failure = status.last_failure.unwrap();
    assert_eq!(failure.reason, BackupReason::Daily);
    assert_eq!(failure.message, e.message);

    let to = env.dir.path().join("backups");
    assert!(backup::due(&to, &minyi_core::time::now_cst()));
    let ok = backup::back_up(&db_path, &to, BackupReason::Daily, Some(3));
    backup::record(env.dir.path(), BackupReason::Daily, &ok);
    let status = backup::status(env.dir.path());
    assert_eq!(status.last_failure, None);
    assert_eq!(status.last_success, Some(ok.unwrap().created_at));
    assert!(!backup::due(&to, &minyi_core::time::now_cst()));
}

#[test]
fn a_file_of_an_older_schema_is_backed_up_before_it_is_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minyi.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(include_str!("fixtures/schema_v7.sql"))
            .unwrap();
    }
    let old: i64 = minyi_core::store::copy::file_version(&path).unwrap();
    assert_eq!(old, 7);
    let info = backup::before_upgrade(&path).unwrap().expect("a backup");
    assert_eq!(info.reason, BackupReason::BeforeUpgrade);
    assert_eq!(info.schema_version, old);
    let listed = backup::list(&dir.path().join("backups")).unwrap();
    assert_eq!(listed.len(), 1);
    // The file itself was not upgraded by the backup.
    assert_eq!(minyi_core::store::copy::file_version(&path).unwrap(), old);
    // And the backup restores (it is upgraded when opened).
    let checked = backup::validate(&dir.path().join("backups").join(&info.name)).unwrap();
    assert_eq!(checked.info().name, info.name);
    // Once upgraded, no further backup is due before opening.
    drop(Store::open(&path).unwrap());
    assert_eq!(backup::before_upgrade(&path).unwrap(), None);
}

#[test]
fn a_file_put_back_without_a_restore_is_found_by_the_heads_its_backups_recorded() {
    let mut env = sqlite_env();
    let db_path = env.dir.path().join("minyi.db");
    let to = env.dir.path().join("backups");
    registered(&mut env, "complaint", false);
    let older = backup::back_up(&db_path, &to, BackupReason::Manual, None).unwrap();
    registered(&mut env, "suggestion", false);
    let newer = backup::back_up(&db_path, &to, BackupReason::Daily, None).unwrap();
    assert!(!newer.security_head_hash.is_empty() && !newer.access_head_hash.is_empty());
    assert!(minyi_core::check::check(&env.store).unwrap().ok());
    drop(env.store);

    // Someone puts the older file in place (hiding what came after) and removes the heads the
    // last check recorded beside it: each chain is consistent in itself.
    std::fs::copy(to.join(&older.name).join("minyi.db"), &db_path).unwrap();
    for suffix in ["-wal", "-shm", ".heads.json"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db_path.display()));
    }
    let mut store = Store::open(&db_path).unwrap();
    let report = minyi_core::check::check(&store).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains(&format!("备份 {}", newer.name)) && p.contains("事件日志")),
        "{:?}",
        report.problems
    );
    assert!(!minyi_core::check::quick_check(&store).unwrap().is_empty());

    // A restore, recorded as one, puts an earlier office back knowingly: later backups are not
    // part of it.
    let outcome = backup::RestoreOutcome {
        restored: older.clone(),
        previous_database: "minyi.db.before-restore-test".into(),
        previous_attachments: String::new(),
    };
    minyi_core::usecases::office_acts::restored(
        &mut store,
        minyi_core::time::now_cst(),
        minyi_core::usecases::office_acts::Doer::Program,
        &outcome,
    )
    .unwrap();
    let report = minyi_core::check::check(&store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

/// Whether the backup folder `f` is whole: its database, its manifest and the first and last of
/// the attachment files put in it.
fn whole(f: &Path, first: &Path, last: &Path) -> bool {
    f.join("minyi.db").is_file()
        && f.join("manifest.json").is_file()
        && f.join(first).is_file()
        && f.join(last).is_file()
}

#[test]
fn rotation_takes_an_old_backup_out_of_the_list_before_removing_its_files() {
    // A crash (or a file held open) while rotation removes an old backup must not leave a listed
    // backup with half its files: the folder leaves its name in one rename, then goes.
    let mut env = sqlite_env();
    let db_path = env.dir.path().join("minyi.db");
    registered(&mut env, "complaint", false);
    let to = env.dir.path().join("backups");
    let old = backup::back_up(&db_path, &to, BackupReason::Daily, None).unwrap();
    let folder = to.join(&old.name);
    // A big office's backup: thousands of attachment files, so removing them takes a while.
    let (first, last) = (
        PathBuf::from("attachments/00/first"),
        PathBuf::from("attachments/ff/last"),
    );
    for sub in 0..=255u32 {
        let d = folder.join("attachments").join(format!("{sub:02x}"));
        std::fs::create_dir_all(&d).unwrap();
        for i in 0..16 {
            std::fs::write(d.join(format!("f{i}")), b"x").unwrap();
        }
    }
    std::fs::write(folder.join(&first), b"x").unwrap();
    std::fs::write(folder.join(&last), b"x").unwrap();
    assert!(whole(&folder, &first, &last));

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (stop, folder, first, last) =
            (stop.clone(), folder.clone(), first.clone(), last.clone());
        std::thread::spawn(move || {
            let mut half = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // Whole first: a folder renamed away between the two looks gone, not half.
                if !whole(&folder, &first, &last) && folder.is_dir() {
                    half += 1;
                }
            }
            half
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(20));
    let newer = backup::back_up(&db_path, &to, BackupReason::Daily, Some(1)).unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let half = watcher.join().unwrap();
    assert_eq!(
        half, 0,
        "the old backup was seen half removed under its own name"
    );
    let names: Vec<_> = backup::list(&to)
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(names, vec![newer.name]);
    assert_eq!(
        std::fs::read_dir(&to).unwrap().count(),
        1,
        "nothing of the old backup is left"
    );
}

#[test]
fn rotation_sweeps_what_killed_backups_and_removals_left_hidden() {
    let mut env = sqlite_env();
    let db_path = env.dir.path().join("minyi.db");
    registered(&mut env, "complaint", false);
    let to = env.dir.path().join("backups");
    // Left by a backup killed two days ago, by a removal killed midway, and a backup another
    // process is writing right now (which must stay).
    let stale = to.join(".minyi-backup-20261101-020000.partial");
    let removing = to.join(".minyi-backup-20261001-020000.removing");
    let running = to.join(".minyi-backup-20991231-235959.partial");
    for d in [&stale, &removing, &running] {
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(d.join("minyi.db"), b"half").unwrap();
    }
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(48 * 3600);
    std::fs::File::open(&stale)
        .unwrap()
        .set_modified(two_days_ago)
        .unwrap();
    let made = backup::back_up(&db_path, &to, BackupReason::Daily, Some(2)).unwrap();
    let mut left: Vec<String> = std::fs::read_dir(&to)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    left.sort();
    assert_eq!(
        left,
        vec![
            ".minyi-backup-20991231-235959.partial".to_string(),
            made.name
        ]
    );
}

/// The files a process killed in the middle of a rollback-journal write leaves: the database,
/// partly overwritten, and its hot journal holding the pages as they were (copied from a
/// transaction in progress whose changes spilled to the file; the copy holds no lock).
fn killed_mid_write(from: &Path, to: &Path) {
    let c = rusqlite::Connection::open(from).unwrap();
    c.execute_batch(
        "PRAGMA cache_size = 1; PRAGMA cache_spill = 1;
         BEGIN IMMEDIATE;
         CREATE TABLE filler(x);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
           INSERT INTO filler SELECT randomblob(500) FROM n;",
    )
    .unwrap();
    let mut journal = from.as_os_str().to_owned();
    journal.push("-journal");
    assert!(
        Path::new(&journal).exists(),
        "the write spilled to the file"
    );
    std::fs::copy(from, to).unwrap();
    let mut to_journal = to.as_os_str().to_owned();
    to_journal.push("-journal");
    std::fs::copy(&journal, &to_journal).unwrap();
    c.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_file_killed_mid_write_before_its_upgrade_is_still_backed_up_before_it() {
    // An upgrade killed as it began (switching an old file's journal to WAL) leaves a hot journal,
    // which only a writing connection may roll back. The next start must still see the upgrade
    // coming and back the file up first.
    let dir = tempfile::tempdir().unwrap();
    let built = dir.path().join("built.db");
    {
        let c = rusqlite::Connection::open(&built).unwrap();
        c.execute_batch(include_str!("fixtures/schema_v7.sql"))
            .unwrap();
    }
    let path = dir.path().join("minyi.db");
    killed_mid_write(&built, &path);
    assert_eq!(minyi_core::store::copy::file_version(&path).unwrap(), 7);
    assert!(db::upgrade_pending(&path));
    let info = backup::before_upgrade(&path).unwrap().expect("a backup");
    assert_eq!(info.schema_version, 7);
    backup::validate(&dir.path().join("backups").join(&info.name)).unwrap();
    // The interrupted write was rolled back: the office opens, upgraded, with a clean check.
    let store = Store::open(&path).unwrap();
    let report = minyi_core::check::check(&store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}
