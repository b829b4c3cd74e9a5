//! `archive pending` and `archive record` on the real binary: the demo office's closed appeals
//! wait to be filed; filing one by its number takes it off the pending list and records one
//! `paper_archive` event; a bad retention period or an open appeal is refused in Chinese.

mod common;

use common::*;

#[test]
fn filing_a_closed_appeal_takes_it_off_the_pending_list() {
    let (dir, db) = fresh();
    ok(&run(&db, &["demo", "--appeals", "80", "--seed", "3"]));
    let closed = count(&db, "SELECT count(*) FROM appeals WHERE status = 'closed'");
    assert!(closed > 0, "the demo office has closed appeals");

    let o = run(&db, &["archive", "pending", "--json", "--limit", "200"]);
    ok(&o);
    let page: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(page["total"], closed);
    let first = page["rows"][0]["regNumber"].as_str().unwrap().to_string();

    let table = run(&db, &["archive", "pending"]);
    ok(&table);
    assert!(table.stdout.contains(&first), "{}", table.stdout);
    assert!(
        table.stdout.contains(&format!("待归档共 {closed} 件。")),
        "{}",
        table.stdout
    );

    let bad = run(
        &db,
        &[
            "archive",
            "record",
            &first,
            "--volume",
            "2026-TS-001",
            "--retention",
            "五年",
        ],
    );
    assert_ne!(bad.code, 0);
    assert!(bad.stderr.contains("保管期限无效"), "{}", bad.stderr);

    let o = run(
        &db,
        &[
            "archive",
            "record",
            &first,
            "--volume",
            "2026-TS-001",
            "--box",
            "7",
            "--retention",
            "永久",
        ],
    );
    ok(&o);
    assert!(
        o.stdout.contains("卷号 2026-TS-001，盒号 7，保管期限 永久"),
        "{}",
        o.stdout
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM paper_archive WHERE volume = '2026-TS-001'"
        ),
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM events WHERE action = 'paper_archive'"
        ),
        1
    );

    ok(&run(&db, &["check"]));

    // The volume's archive sheets print together.
    let pdf = dir.path().join("卷.pdf");
    let o = run(
        &db,
        &[
            "print",
            "batch",
            "--volume",
            "2026-TS-001",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    ok(&o);
    assert!(o.stdout.contains("1 份"), "{}", o.stdout);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    let o = run(&db, &["archive", "pending", "--json", "--limit", "200"]);
    ok(&o);
    let page: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(page["total"], closed - 1);
    assert!(!o.stdout.contains(&first));

    // An appeal still being handled is refused, with what to do.
    let open = routed_number(&db);
    let o = run(
        &db,
        &["archive", "record", &open, "--volume", "2026-TS-001"],
    );
    assert_ne!(o.code, 0);
    assert!(
        o.stderr.contains("只有已办结的诉求可以登记纸质归档"),
        "{}",
        o.stderr
    );
}

/// The registration number of an appeal that is not closed (whichever open stage the demo left
/// it in: which stages hold appeals today depends on the day the demo is built for).
fn routed_number(db: &std::path::Path) -> String {
    let o = run(db, &["list", "--json", "--limit", "200"]);
    ok(&o);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let open = rows
        .iter()
        .find(|r| !matches!(r["status"].as_str(), Some("closed" | "merged")))
        .expect("the demo office has an appeal not yet closed");
    open["regNumber"].as_str().unwrap().to_string()
}
