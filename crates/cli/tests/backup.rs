//! `minyi-cli backup` and `restore`, running the real binary: back up → change → restore gives the
//! office of the backup; restore asks to confirm (no answer: nothing changes; `--yes` for
//! scripts); a damaged backup is refused with nothing changed; a backup into a folder that cannot
//! be created fails with a Chinese message.

mod common;

use common::*;
use std::path::PathBuf;

fn backup_folder(stdout: &str) -> PathBuf {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("位置："))
        .unwrap_or_else(|| panic!("no location in:\n{stdout}"));
    PathBuf::from(line.trim_start_matches("位置：").trim())
}

#[test]
fn backup_change_restore_gives_back_the_office_of_the_backup() {
    let (dir, db) = fresh();
    ok(&register_file(
        dir.path(),
        &db,
        "13812345678",
        "夜间施工噪音扰民",
    ));
    let out_dir = dir.path().join("U盘");
    let made = run(&db, &["backup", "--out", out_dir.to_str().unwrap()]);
    ok(&made);
    assert!(made.stdout.contains("已通过完整性检查"), "{}", made.stdout);
    let folder = backup_folder(&made.stdout);
    assert!(folder.starts_with(&out_dir), "{}", folder.display());
    assert!(folder.join("minyi.db").is_file());
    assert!(folder.join("manifest.json").is_file());

    ok(&register_file(dir.path(), &db, "13900001111", "路灯不亮"));
    assert_eq!(count(&db, "SELECT count(*) FROM appeals"), 2);

    // No confirmation: nothing changes.
    let declined = run_stdin(&db, &["restore", folder.to_str().unwrap()], "不\n");
    assert_eq!(declined.code, 1);
    assert!(
        declined.stderr.contains("已取消恢复"),
        "{}",
        declined.stderr
    );
    assert_eq!(count(&db, "SELECT count(*) FROM appeals"), 2);

    let restored = run_stdin(&db, &["restore", folder.to_str().unwrap()], "是\n");
    ok(&restored);
    assert!(restored.stdout.contains("恢复完成"), "{}", restored.stdout);
    assert_eq!(count(&db, "SELECT count(*) FROM appeals"), 1);
    ok(&run(&db, &["check"]));
    let kept: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| {
            n.starts_with("minyi.db.before-restore-")
                && !n.ends_with("-wal")
                && !n.ends_with("-shm")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        count(&dir.path().join(&kept[0]), "SELECT count(*) FROM appeals"),
        2
    );

    // Without --out the backup goes to `backups` beside the database; --yes restores at once.
    let made = run(&db, &["backup"]);
    ok(&made);
    let folder = backup_folder(&made.stdout);
    assert!(folder.starts_with(dir.path().join("backups")));
    ok(&register_file(
        dir.path(),
        &db,
        "13900002222",
        "垃圾清运不及时",
    ));
    ok(&run(&db, &["restore", folder.to_str().unwrap(), "--yes"]));
    assert_eq!(count(&db, "SELECT count(*) FROM appeals"), 1);
}

#[test]
fn a_damaged_backup_is_refused_and_an_unwritable_folder_reported() {
    let (dir, db) = fresh();
    ok(&register_file(
        dir.path(),
        &db,
        "13812345678",
        "夜间施工噪音扰民",
    ));
    let made = run(&db, &["backup"]);
    ok(&made);
    let folder = backup_folder(&made.stdout);
    std::fs::write(folder.join("minyi.db"), b"garbage").unwrap();
    ok(&register_file(dir.path(), &db, "13900001111", "路灯不亮"));
    let refused = run(&db, &["restore", folder.to_str().unwrap(), "--yes"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("已损坏"), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("当前数据未被改动"),
        "{}",
        refused.stderr
    );
    assert_eq!(count(&db, "SELECT count(*) FROM appeals"), 2);

    let blocked = dir.path().join("a-file");
    std::fs::write(&blocked, b"x").unwrap();
    let failed = run(
        &db,
        &["backup", "--out", blocked.join("sub").to_str().unwrap()],
    );
    assert_eq!(failed.code, 1);
    assert!(
        failed.stderr.contains("无法创建备份文件夹"),
        "{}",
        failed.stderr
    );
    let status = std::fs::read_to_string(dir.path().join("backup-status.json")).unwrap();
    assert!(status.contains("无法创建备份文件夹"), "{status}");

    // Against a server it is refused as a usage error.
    let remote = run_plain(&["--server", "https://127.0.0.1:1", "backup"]);
    assert_eq!(remote.code, 2, "{}", remote.stderr);
}
