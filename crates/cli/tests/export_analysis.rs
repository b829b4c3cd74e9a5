//! `export stats` and `export disclosure` through the real binary on a demo database: each format
//! lands in its file and says so; the workbook's figures agree with `stats --json`; the web page
//! names no appellant; a wrong extension is refused in Chinese and writes nothing.

mod common;

use calamine::{Data, Reader, open_workbook_auto};
use common::*;
use serde_json::Value;

fn cell(path: &std::path::Path, sheet: &str, r: usize, c: usize) -> Data {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.get((r, c)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn stats_and_disclosure_export_every_format() {
    let (dir, db) = fresh();
    ok(&run(&db, &["demo", "--appeals", "400", "--seed", "3"]));
    let period = ["--from", "2025-01-01", "--to", "2025-12-31"];

    let json = run(&db, &[&["stats"][..], &period, &["--json"]].concat());
    ok(&json);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    let stats = dir.path().join("统计分析.xlsx");
    let o = run(
        &db,
        &[
            &["export", "stats"][..],
            &period,
            &["--out", stats.to_str().unwrap()],
        ]
        .concat(),
    );
    ok(&o);
    assert!(o.stdout.contains("已导出统计分析"), "{}", o.stdout);
    assert_eq!(
        cell(&stats, "概况", 3, 1),
        Data::Float(v["total"].as_f64().unwrap())
    );

    for ext in ["pdf", "xlsx", "html"] {
        let out = dir.path().join(format!("信息公开.{ext}"));
        let o = run(
            &db,
            &[
                &["export", "disclosure"][..],
                &period,
                &["--out", out.to_str().unwrap()],
            ]
            .concat(),
        );
        ok(&o);
        assert!(o.stdout.contains("少于 5 件的数字已隐去"), "{}", o.stdout);
        let bytes = std::fs::read(&out).unwrap();
        let magic: &[u8] = match ext {
            "pdf" => b"%PDF",
            "xlsx" => b"PK",
            _ => b"<!DOCTYPE html>",
        };
        assert!(bytes.starts_with(magic), "{ext}");
    }
    let xlsx = dir.path().join("信息公开.xlsx");
    assert_eq!(
        cell(&xlsx, "概况", 4, 1),
        Data::Float(v["total"].as_f64().unwrap())
    );
    let html = std::fs::read_to_string(dir.path().join("信息公开.html")).unwrap();
    assert!(html.contains("统计时段：2025年1月1日至2025年12月31日"));
    let conn = minyi_core::testing::rusqlite::Connection::open(&db).unwrap();
    let phones: Vec<String> = conn
        .prepare("SELECT phone FROM appellants WHERE phone IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!phones.is_empty());
    for p in phones {
        assert!(!html.contains(&p), "a phone number in the web page");
    }
}

#[test]
fn a_disclosure_file_of_another_type_is_refused() {
    let (dir, db) = fresh();
    let out = dir.path().join("信息公开.docx");
    let o = run(
        &db,
        &[
            "export",
            "disclosure",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains(".pdf、.xlsx 或 .html"), "{}", o.stderr);
    assert!(!out.exists());
    let o = run(
        &db,
        &[
            "export",
            "stats",
            "--from",
            "2026-12-01",
            "--to",
            "2026-11-01",
            "--out",
            "s.xlsx",
        ],
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("结束日期早于开始日期"), "{}", o.stderr);
}
