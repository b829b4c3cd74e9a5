//! The tracking ledger export on demo data, read back with calamine: the same rows as the core's
//! query (count and first row cell by cell), date cells, and a handler limited to their department.

mod common;

use calamine::Data;
use common::*;
use minyi_core::model::Ctx;
use minyi_core::queries::ledger::{LedgerFilter, ledger};
use minyi_demo::generate::{DemoOptions, generate};
use minyi_sheets::tracking_ledger::{COLUMNS, export_tracking_ledger};

#[test]
fn tracking_ledger_matches_the_query() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = minyi_core::Store::open(&dir.path().join("demo.db")).unwrap();
    let now = at("2026-11-27T00:00:00+08:00");
    generate(
        &mut store,
        &DemoOptions {
            appeals: 1500,
            seed: 5,
            now,
        },
        &mut |_, _| {},
    )
    .unwrap();
    let office = minyi_demo::seed_office(&mut store, now).unwrap();
    let ctx = Ctx::new(&office.office, now);
    let f = LedgerFilter {
        include_resolved: true,
        page_size: 500,
        ..Default::default()
    };
    let (first, total) = ledger(&store, &ctx, &f).unwrap();
    assert!(total > 0, "demo data has tracking lines");
    let out = dir.path().join("跟踪台账.xlsx");
    let mut last = (0, 0);
    let n = export_tracking_ledger(&store, &ctx, &f, &out, &mut |d, t| last = (d, t), None)
        .unwrap()
        .unwrap();
    assert_eq!(n as i64, total);
    assert_eq!(last, (n, n));
    let rows = read_sheet(&out, Some("跟踪台账"));
    assert_eq!(rows.len() as i64, total + 1);
    let headers: Vec<String> = rows[0].iter().map(s).collect();
    assert_eq!(
        headers,
        COLUMNS.iter().map(|c| c.header).collect::<Vec<_>>()
    );
    let want = &first[0];
    let got = &rows[1];
    assert_eq!(s(&got[0]), want.reg_number);
    assert_eq!(s(&got[2]), want.subject);
    assert_eq!(s(&got[3]), want.status.label());
    assert_eq!(s(&got[5]), want.measures);
    match &got[8] {
        Data::DateTime(d) => assert_eq!(
            d.as_datetime().unwrap(),
            want.started_at.naive_local().with_nanosecond(0).unwrap()
        ),
        other => panic!("开始跟踪 should be a date cell, got {other:?}"),
    }

    let print = assert_print_ready(&out);
    assert!(print[0].landscape);
    assert_eq!(print[0].title_rows, "$1:$1");

    // A handler sees only their department's lines.
    let handler = &office.handlers[0];
    let hctx = Ctx::new(handler, now);
    let (_, own) = ledger(&store, &hctx, &f).unwrap();
    let out = dir.path().join("own.xlsx");
    let n = export_tracking_ledger(&store, &hctx, &f, &out, &mut |_, _| {}, None)
        .unwrap()
        .unwrap();
    assert_eq!(n as i64, own);
    assert!(own < total);
    for r in &read_sheet(&out, None)[1..] {
        assert_eq!(s(&r[4]), office.departments[0].1);
    }
}

use chrono::Timelike;
