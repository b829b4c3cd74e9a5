//! The statistics workbook read back: every sheet's cells agree with the statistics it was written
//! from, dates are real date cells, rates are percentages, and the three native charts are in the
//! file with the right types.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::{DateTime, FixedOffset, NaiveDate};
use common::{read_sheet, s};
use minyi_analysis::period::Period;
use minyi_analysis::stats::{Statistics, StatsQuery, statistics};
use minyi_analysis::weak_links::{WeakLinks, reasons_text, weak_links};
use minyi_core::Store;
use minyi_demo::{DemoOptions, generate};
use minyi_sheets::stats_book::{self, export_stats_book};
use std::io::Read;
use std::path::Path;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn demo_stats(dir: &Path) -> (Statistics, WeakLinks) {
    let mut store = Store::open(&dir.join("demo.db")).unwrap();
    let now = DateTime::<FixedOffset>::parse_from_rfc3339("2026-11-27T17:00:00+08:00").unwrap();
    let opts = DemoOptions {
        appeals: 800,
        seed: 5,
        now,
    };
    generate(&mut store, &opts, &mut |_, _| {}).unwrap();
    let q = StatsQuery {
        period: Period::new(d("2026-01-01"), d("2026-11-27")).unwrap(),
        category: None,
        channel: None,
        department_id: None,
        granularity: None,
    };
    (
        statistics(&store, &q, d("2026-11-27")).unwrap(),
        weak_links(&store, &q, d("2026-11-27")).unwrap(),
    )
}

fn num(c: &Data) -> f64 {
    match c {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, got {other:?}"),
    }
}

fn date(c: &Data) -> NaiveDate {
    match c {
        Data::DateTime(t) => t.as_datetime().unwrap().date(),
        other => panic!("expected a date cell, got {other:?}"),
    }
}

#[test]
fn the_workbook_holds_the_statistics_and_three_native_charts() {
    let dir = tempfile::tempdir().unwrap();
    let (st, weak) = demo_stats(dir.path());
    assert!(st.total > 100, "the demo period has appeals");
    let out = dir.path().join("统计分析.xlsx");
    export_stats_book(&st, &weak, &out).unwrap();

    let book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "概况",
            "分类",
            "渠道",
            "部门",
            "状态",
            "各环节时效",
            "趋势",
            "薄弱环节",
            "回访"
        ]
    );

    let sum = read_sheet(&out, Some(stats_book::SUMMARY));
    assert_eq!(s(&sum[0][0]), "指标");
    assert_eq!(date(&sum[1][1]), st.query.period.from);
    assert_eq!(date(&sum[2][1]), st.query.period.to);
    assert_eq!(date(&sum[1][2]), st.previous_period.from);
    assert_eq!(s(&sum[3][0]), "受理诉求（件）");
    assert_eq!(num(&sum[3][1]), st.total as f64);
    assert_eq!(num(&sum[3][2]), st.previous_total as f64);
    assert_eq!(s(&sum[4][0]), "较上期增减");
    let change = (st.total - st.previous_total) as f64 / st.previous_total as f64;
    assert!((num(&sum[4][1]) - change).abs() < 1e-9);
    assert_eq!(s(&sum[5][0]), "满意率");
    let sat = num(&sum[5][1]);
    assert!((sat - st.satisfaction.rate.unwrap()).abs() < 1e-9);
    assert_eq!(s(&sum[6][0]), "回访满意率");
    let visits = read_sheet(&out, Some(stats_book::RETURN_VISITS));
    assert_eq!(s(&visits[1][0]), "进入回访（件）");
    assert_eq!(num(&visits[1][1]), st.return_visits.visits as f64);
    assert_eq!(s(&visits[11][0]), "对照：反馈满意率");
    assert!((num(&visits[11][2]) - st.satisfaction.rate.unwrap()).abs() < 1e-9);

    for (name, rows) in [
        (stats_book::BY_CATEGORY, &st.by_category),
        (stats_book::BY_CHANNEL, &st.by_channel),
        (stats_book::BY_DEPARTMENT, &st.by_department),
        (stats_book::BY_STATUS, &st.by_status),
    ] {
        let cells = read_sheet(&out, Some(name));
        assert_eq!(
            cells.len(),
            rows.len() + 1,
            "{name}: header and one row each"
        );
        assert_eq!(s(&cells[0][1]), "件数");
        for (row, want) in cells[1..].iter().zip(rows) {
            assert_eq!(s(&row[0]), want.label, "{name}");
            assert_eq!(num(&row[1]), want.count as f64, "{name} {}", want.label);
            let share = num(&row[2]);
            assert!((share - want.count as f64 / st.total as f64).abs() < 1e-9);
        }
        let sum: f64 = cells[1..].iter().map(|r| num(&r[1])).sum();
        assert_eq!(sum, st.total as f64, "{name} adds up to the total");
    }

    let stages = read_sheet(&out, Some(stats_book::STAGES));
    for (row, f) in stages[1..].iter().zip(&st.stages) {
        assert_eq!(s(&row[0]), f.label);
        assert_eq!(num(&row[1]), f.finished as f64);
        assert_eq!(num(&row[2]), f.on_time as f64);
        match f.on_time_rate {
            Some(r) => assert!((num(&row[6]) - r).abs() < 1e-9),
            None => assert_eq!(s(&row[6]), "—"),
        }
        match f.median_working_days {
            Some(m) => assert_eq!(num(&row[8]), m),
            None => assert_eq!(s(&row[8]), "—"),
        }
    }

    let trend = read_sheet(&out, Some(stats_book::TREND));
    assert_eq!(trend.len(), st.trend.len() + 1);
    for (row, t) in trend[1..].iter().zip(&st.trend) {
        assert_eq!(s(&row[0]), t.label);
        assert_eq!(date(&row[1]), t.from);
        assert_eq!(num(&row[3]), t.count as f64);
    }

    // The charts and the number formats, straight from the package's XML.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("{name} missing"))
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let charts: Vec<String> = (1..=3)
        .map(|i| part(&format!("xl/charts/chart{i}.xml")))
        .collect();
    for kind in ["<c:barChart>", "<c:pieChart>", "<c:lineChart>"] {
        assert_eq!(
            charts.iter().filter(|c| c.contains(kind)).count(),
            1,
            "one chart of type {kind}"
        );
    }
    let column = charts.iter().find(|c| c.contains("<c:barChart>")).unwrap();
    assert!(
        column.contains(r#"<c:barDir val="col"/>"#),
        "a column chart"
    );
    assert!(
        column.contains("部门"),
        "the column chart reads the department sheet"
    );
    let line = charts.iter().find(|c| c.contains("<c:lineChart>")).unwrap();
    assert_eq!(
        line.matches("<c:ser>").count(),
        2,
        "this and the previous period"
    );
    let print = common::assert_print_ready(&out);
    let landscape: Vec<&str> = print
        .iter()
        .filter(|p| p.landscape)
        .map(|p| p.sheet.as_str())
        .collect();
    assert_eq!(
        landscape,
        ["渠道", "部门", "各环节时效", "趋势", "薄弱环节"],
        "a chart beside its table, or a wide table (薄弱环节 with its reasons), needs a landscape page"
    );
    let styles = part("xl/styles.xml");
    assert!(styles.contains(r#"formatCode="0.0%""#));
    assert!(styles.contains(r#"formatCode="yyyy\-mm\-dd""#) || styles.contains("yyyy-mm-dd"));
}

#[test]
fn an_empty_period_gives_a_workbook_without_charts_rather_than_broken_ones() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("empty.db")).unwrap();
    let q = StatsQuery {
        period: Period::new(d("2026-11-01"), d("2026-11-30")).unwrap(),
        category: None,
        channel: None,
        department_id: None,
        granularity: None,
    };
    let st = statistics(&store, &q, d("2026-11-27")).unwrap();
    let weak = weak_links(&store, &q, d("2026-11-27")).unwrap();
    let out = dir.path().join("空.xlsx");
    export_stats_book(&st, &weak, &out).unwrap();
    let cells = read_sheet(&out, Some(stats_book::WEAK_LINKS));
    assert_eq!(s(&cells[0][2]), "部门或环节");
    // No appeals: no department to rank, the stages each say nothing counts against them.
    assert!(weak.departments.is_empty());
    assert_eq!(s(&cells[1][0]), "环节");
    assert_eq!(s(&cells[1][5]), "—");
    assert_eq!(s(&cells[1][10]), "无超期、不满意和督办");
    let sum = read_sheet(&out, Some(stats_book::SUMMARY));
    assert_eq!(num(&sum[3][1]), 0.0);
    assert_eq!(s(&sum[4][1]), "—");
    assert_eq!(s(&sum[4][3]), "上期没有诉求，无法计算增减");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    // The trend still has its (empty) weeks, so only the line chart is drawn.
    assert!(
        !names.iter().any(|n| n == "xl/charts/chart2.xml"),
        "{names:?}"
    );
    assert!(zip.by_name("xl/worksheets/sheet1.xml").is_ok());
}

#[test]
fn the_weak_links_sheet_ranks_departments_then_stages_with_their_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let (st, weak) = demo_stats(dir.path());
    let out = dir.path().join("统计分析.xlsx");
    export_stats_book(&st, &weak, &out).unwrap();
    let cells = read_sheet(&out, Some(stats_book::WEAK_LINKS));
    assert_eq!(s(&cells[0][0]), "类别");
    assert_eq!(s(&cells[0][10]), "薄弱原因");
    let rows = weak.departments.len() + weak.stages.len();
    assert!(weak.departments.len() >= 5);
    for (row, dl) in cells[1..].iter().zip(&weak.departments) {
        assert_eq!(s(&row[0]), "部门");
        assert_eq!(s(&row[2]), dl.department);
        assert_eq!(num(&row[3]), dl.measured as f64);
        assert_eq!(num(&row[4]), dl.overdue as f64);
        match dl.overdue_rate {
            Some(r) => assert!((num(&row[5]) - r).abs() < 1e-9),
            None => assert_eq!(s(&row[5]), "—"),
        }
        assert_eq!(num(&row[7]), dl.dissatisfied as f64);
        assert_eq!(num(&row[9]), dl.supervision_notices as f64);
        assert_eq!(s(&row[10]), reasons_text(&dl.reasons));
    }
    let first = &cells[1];
    assert_eq!(num(&first[1]), 1.0, "ranked from one");
    assert!(s(&first[10]).contains("超期"), "{}", s(&first[10]));
    for (row, sl) in cells[1 + weak.departments.len()..].iter().zip(&weak.stages) {
        assert_eq!(s(&row[0]), "环节");
        assert_eq!(s(&row[2]), sl.label);
        assert_eq!(num(&row[4]), sl.overdue as f64);
        assert_eq!(s(&row[6]), "—");
    }
    assert!(s(&cells[rows + 2][0]).starts_with("排序规则："));
    assert!(s(&cells[rows + 3][0]).starts_with("全办各环节超期率："));
}
