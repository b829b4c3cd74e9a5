//! `export ledger` through the real binary: a period's ledger lands in the file with masked data
//! by default; `--personal-data` writes the full data and says so; bad input gets a Chinese message
//! and no file.

mod common;

use common::*;

#[test]
fn ledger_export_writes_the_file_and_reports_it() {
    let (dir, db) = fresh();
    let path = dir.path().join("a.json");
    std::fs::write(&path, appeal_json("13812345678", "夜间施工噪音扰民")).unwrap();
    ok(&run(&db, &["register", "--json", path.to_str().unwrap()]));
    let out = dir.path().join("台账.xlsx");
    let o = run(&db, &["export", "ledger", "--out", out.to_str().unwrap()]);
    ok(&o);
    assert!(o.stdout.contains("1 件诉求"), "{}", o.stdout);
    assert!(o.stdout.contains("个人信息已隐去"), "{}", o.stdout);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx file is a zip archive");

    let full = dir.path().join("full.xlsx");
    let o = run(
        &db,
        &[
            "--personal-data",
            "export",
            "ledger",
            "--out",
            full.to_str().unwrap(),
        ],
    );
    ok(&o);
    assert!(o.stdout.contains("已记入访问日志"), "{}", o.stdout);
}

#[test]
fn bad_dates_and_names_are_refused_in_chinese() {
    let (dir, db) = fresh();
    let out = dir.path().join("x.xlsx");
    let o = run(
        &db,
        &[
            "export",
            "ledger",
            "--from",
            "2026-13-01",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("YYYY-MM-DD"), "{}", o.stderr);
    let o = run(
        &db,
        &[
            "export",
            "ledger",
            "--from",
            "2026-12-01",
            "--to",
            "2026-11-01",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.stderr.contains("对调"), "{}", o.stderr);
    let o = run(&db, &["export", "ledger", "--out", "x.csv"]);
    assert!(o.stderr.contains(".xlsx"), "{}", o.stderr);
    assert!(!out.exists());
}

#[test]
fn tracking_export_writes_a_file_even_when_empty() {
    let (dir, db) = fresh();
    let out = dir.path().join("跟踪台账.xlsx");
    let o = run(
        &db,
        &[
            "export",
            "tracking",
            "--all",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    ok(&o);
    assert!(o.stdout.contains("0 件诉求"), "{}", o.stdout);
    assert!(out.exists());
    let o = run(
        &db,
        &[
            "export",
            "tracking",
            "--check-due-by",
            "明天",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.stderr.contains("YYYY-MM-DD"), "{}", o.stderr);
}
