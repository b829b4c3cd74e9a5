//! Attachments: added and read back intact, the size limit from settings, identical bytes stored
//! once, bad names and empty files refused without writing, a tampered or missing file detected on
//! reading, readers limited to those who may view the appeal and see personal data (each
//! opening logged), and files an upload cut short left without a row swept once a day old.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::{Category, Ctx};
use minyi_core::usecases::add_attachment::{
    add_attachment, attachment_path, read_attachment, sweep_unreferenced,
};
use minyi_core::usecases::route::route;
use minyi_core::usecases::settings_admin::set_setting;
use std::path::Path;

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// A "scanned letter": a few KiB of varied bytes.
fn scan(seed: u8) -> Vec<u8> {
    (0..5000u32)
        .map(|i| (i.wrapping_mul(31) as u8) ^ seed)
        .collect()
}

#[test]
fn attachments_are_stored_once_by_content_and_read_back_intact() {
    let mut env = common::env();
    let o = env.office.clone();
    let now = at("2026-11-20T11:00:00+08:00");
    let clerk = Ctx::new(&o.clerk, now);
    let first = registered(&mut env, "complaint", false);
    let second = registered(&mut env, "complaint", false);
    let bytes = scan(7);

    let rec = add_attachment(&mut env.store, &clerk, first, "来信扫描件.pdf", &bytes).unwrap();
    assert_eq!(rec.appeal_id, first);
    assert_eq!(rec.size, bytes.len() as i64);
    assert_eq!(rec.file_name, "来信扫描件.pdf");
    assert_eq!(rec.sha256.len(), 64);
    let (back, read) = read_attachment(&env.store, &clerk, rec.id).unwrap();
    assert_eq!((back, read), (rec.clone(), bytes.clone()));

    // The same bytes on another appeal: a second record, one file on disk.
    let again = add_attachment(&mut env.store, &clerk, second, "复印件.pdf", &bytes).unwrap();
    assert_ne!(again.id, rec.id);
    assert_eq!(again.sha256, rec.sha256);
    let other = add_attachment(&mut env.store, &clerk, second, "现场照片.jpg", &scan(9)).unwrap();
    let stored = files(&env.dir.path().join("attachments"));
    assert_eq!(stored.len(), 2, "{stored:?}");
    assert!(stored.contains(&attachment_path(&env.store, &rec.sha256)));
    assert!(stored.contains(&attachment_path(&env.store, &other.sha256)));
    assert_eq!(count(&env.store, "attachments"), 3);
    // Each addition is an event of its appeal.
    let n: i64 = env
        .store
        .sql_layer_for_tests()
        .query_row(
            "SELECT count(*) FROM events WHERE action = 'add_attachment'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 3);
    let report = minyi_core::check::check(&env.store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn size_limit_names_and_empty_files_are_checked_before_anything_is_written() {
    let mut env = common::env();
    let o = env.office.clone();
    let now = at("2026-11-20T11:00:00+08:00");
    let clerk = Ctx::new(&o.clerk, now);
    let id = registered(&mut env, "complaint", false);
    set_setting(
        &mut env.store,
        &Ctx::new(&o.admin, now),
        "attachment.max_mb",
        "1",
    )
    .unwrap();
    let before = (
        count(&env.store, "attachments"),
        count(&env.store, "events"),
    );
    let mb = 1024 * 1024;
    let too_big = vec![1u8; mb + 1];
    let e = add_attachment(&mut env.store, &clerk, id, "录音.mp3", &too_big).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Validation, Some("file"))
    );
    assert!(e.message.contains("1MB"), "{}", e.message);
    for (name, bytes) in [
        ("空文件.txt", &[][..]),
        ("../../etc/passwd", b"x"),
        ("a\\b.txt", b"x"),
        ("  ", b"x"),
    ] {
        let e = add_attachment(&mut env.store, &clerk, id, name, bytes).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{name:?}");
        assert!(is_chinese(&e.message), "{name:?}");
    }
    assert_eq!(
        (
            count(&env.store, "attachments"),
            count(&env.store, "events")
        ),
        before
    );
    assert!(files(&env.dir.path().join("attachments")).is_empty());
    // Exactly at the limit is fine.
    add_attachment(&mut env.store, &clerk, id, "录音.mp3", &vec![1u8; mb]).unwrap();
}

#[test]
fn a_tampered_or_missing_file_is_detected_and_readers_need_access() {
    let mut env = common::env();
    let o = env.office.clone();
    let now = at("2026-11-20T11:00:00+08:00");
    let clerk = Ctx::new(&o.clerk, now);
    let id = registered(&mut env, "complaint", false);
    accept(&mut env.store, &o.clerk, id, Category::Complaint, now);
    route(&mut env.store, &clerk, id, o.departments[0].0, None).unwrap();
    let bytes = scan(3);
    let rec = add_attachment(&mut env.store, &clerk, id, "照片.jpg", &bytes).unwrap();

    // The handling department may read it; another department learns nothing.
    let own = Ctx::new(&o.handlers[0], now);
    assert_eq!(read_attachment(&env.store, &own, rec.id).unwrap().1, bytes);
    let other = Ctx::new(&o.handlers[1], now);
    let e = read_attachment(&env.store, &other, rec.id).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = add_attachment(&mut env.store, &other, id, "照片2.jpg", &scan(4)).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(count(&env.store, "attachments"), 1);

    let path = attachment_path(&env.store, &rec.sha256);
    let mut tampered = bytes.clone();
    tampered[100] ^= 0xff;
    std::fs::write(&path, &tampered).unwrap();
    let e = read_attachment(&env.store, &clerk, rec.id).unwrap_err();
    assert_eq!(e.code, ErrorCode::Storage);
    assert!(e.message.contains("损坏"), "{}", e.message);
    std::fs::remove_file(&path).unwrap();
    let e = read_attachment(&env.store, &clerk, rec.id).unwrap_err();
    assert_eq!(e.code, ErrorCode::Storage);
    assert!(e.message.contains("丢失"), "{}", e.message);
    let e = read_attachment(&env.store, &clerk, 9999).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn opening_needs_the_personal_data_right_and_an_agreement_and_is_logged() {
    let mut env = common::env();
    let o = env.office.clone();
    let now = at("2026-11-20T11:00:00+08:00");
    let clerk = Ctx::new(&o.clerk, now);
    let id = registered(&mut env, "complaint", false);
    let rec = add_attachment(&mut env.store, &clerk, id, "来信扫描件.pdf", &scan(5)).unwrap();
    let logged = |env: &Env| {
        minyi_core::testing::access_log(&env.store, Some(id), 100)
            .unwrap()
            .into_iter()
            .filter(|l| l.what == "attachment")
            .count()
    };
    assert_eq!(logged(&env), 0);

    // A clerk who has not signed the confidentiality agreement may see the appeal (masked) but
    // not open what may carry the appellant's name, phone and address; nothing is logged.
    let unsigned = Ctx::new(&o.unsigned_clerk, now);
    let e = read_attachment(&env.store, &unsigned, rec.id).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(e.message.contains("保密协议"), "{}", e.message);
    assert_eq!(logged(&env), 0);

    // Who may, opens it, and the opening is in the access log with who and when.
    read_attachment(&env.store, &clerk, rec.id).unwrap();
    read_attachment(&env.store, &clerk, rec.id).unwrap();
    assert_eq!(logged(&env), 2);
    let line = minyi_core::testing::access_log(&env.store, Some(id), 1).unwrap();
    assert_eq!(line[0].user_id, o.clerk.user_id);
    assert_eq!(line[0].purpose, "打开附件");
}

/// Sets a file's modification time `hours` back.
fn age(path: &Path, hours: u64) {
    let t = std::time::SystemTime::now() - std::time::Duration::from_secs(hours * 3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

#[test]
fn files_left_without_a_row_are_swept_once_a_day_old_and_an_upload_brings_its_file_back() {
    let mut env = env();
    let id = registered(&mut env, "complaint", false);
    let clerk = env.office.clerk.clone();
    let ctx = Ctx::new(&clerk, at("2026-11-20T11:00:00+08:00"));
    let kept = add_attachment(&mut env.store, &ctx, id, "来信.pdf", &scan(1)).unwrap();
    let kept_path = attachment_path(&env.store, &kept.sha256);
    // What uploads killed between the file and the row leave: a file (old, and one of a moment
    // ago) and a temporary file of one killed while writing.
    let orphan = attachment_path(&env.store, &"ab".repeat(32));
    let fresh = attachment_path(&env.store, &"cd".repeat(32));
    let tmp = orphan.with_file_name(format!(".{}.tmp", "ef".repeat(32)));
    for p in [&orphan, &fresh, &tmp] {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, b"half an upload").unwrap();
    }
    for p in [&orphan, &tmp, &kept_path] {
        age(p, 48);
    }
    let day = std::time::Duration::from_secs(24 * 3600);
    assert_eq!(sweep_unreferenced(&mut env.store, day).unwrap(), 2);
    assert!(!orphan.exists() && !tmp.exists());
    assert!(
        fresh.exists(),
        "a file of a moment ago may be an upload about to commit"
    );
    assert!(
        kept_path.exists(),
        "a referenced file is never swept, however old"
    );
    assert_eq!(
        read_attachment(&env.store, &ctx, kept.id).unwrap().1,
        scan(1)
    );

    // A swept file's content uploaded again is written again with its row.
    std::fs::remove_file(&kept_path).unwrap();
    let again = add_attachment(&mut env.store, &ctx, id, "来信2.pdf", &scan(1)).unwrap();
    assert_eq!(again.sha256, kept.sha256);
    assert_eq!(
        read_attachment(&env.store, &ctx, again.id).unwrap().1,
        scan(1)
    );
}
