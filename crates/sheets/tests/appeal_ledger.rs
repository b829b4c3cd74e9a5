//! The appeal ledger export, read back with calamine: headers, a known row cell by cell, masking,
//! real date cells, the period filter, full personal data only with the right (and then logged),
//! and a handler's export limited to their department.

mod common;

use calamine::Data;
use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::Ctx;
use minyi_core::queries::detail::PersonalData;
use minyi_core::queries::list::ListFilter;
use minyi_sheets::appeal_ledger::{COLUMNS, export_appeal_ledger};

fn day(s: &str) -> chrono::NaiveDate {
    minyi_core::time::parse_date(s).unwrap()
}

fn export(
    env: &Env,
    actor: &minyi_core::model::Actor,
    f: &ListFilter,
    personal: PersonalData,
    name: &str,
) -> Result<(std::path::PathBuf, Vec<(u64, u64)>), minyi_core::CoreError> {
    let out = env.dir.path().join(name);
    let ctx = Ctx::new(actor, at("2026-11-25T09:00:00+08:00"));
    let mut calls = Vec::new();
    export_appeal_ledger(
        &env.store,
        &ctx,
        f,
        personal,
        &out,
        &mut |d, t| calls.push((d, t)),
        None,
    )?;
    Ok((out, calls))
}

fn three(env: &mut Env) -> Vec<String> {
    vec![
        register_one(
            env,
            "欧阳春花",
            "13812345678",
            "翠苑小区夜间施工噪音扰民",
            "小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。",
            "2026-11-10T09:30:00+08:00",
        ),
        register_one(
            env,
            "李四",
            "13912345678",
            "学院路路灯不亮",
            "学院路中段路灯已经坏了两个星期，晚上行人很不安全。",
            "2026-11-12T14:05:00+08:00",
        ),
        register_one(
            env,
            "王五",
            "13712345678",
            "物业收费过高",
            "物业费今年涨了三成，没有任何公示和说明，请相关部门核查。",
            "2026-10-01T08:00:00+08:00",
        ),
    ]
}

#[test]
fn masked_ledger_has_headers_a_known_row_masking_and_date_cells() {
    let mut env = env();
    let numbers = three(&mut env);
    let f = ListFilter {
        from: Some(day("2026-11-01")),
        to: Some(day("2026-11-30")),
        ..Default::default()
    };
    let office = env.office.office.clone();
    let (out, calls) = export(&env, &office, &f, PersonalData::Masked, "台账.xlsx").unwrap();
    let rows = read_sheet(&out, Some("诉求台账"));
    let headers: Vec<String> = rows[0].iter().map(s).collect();
    let want: Vec<&str> = COLUMNS.iter().map(|c| c.header).collect();
    assert_eq!(headers, want);
    // The October appeal is outside the period; the other two come in order of receipt.
    assert_eq!(rows.len(), 3);
    assert_eq!(s(&rows[1][0]), numbers[0]);
    assert_eq!(s(&rows[2][0]), numbers[1]);
    let r = &rows[1];
    let col = |h: &str| COLUMNS.iter().position(|c| c.header == h).unwrap();
    assert_eq!(s(&r[col("渠道")]), "微信");
    assert_eq!(s(&r[col("分类")]), "投诉");
    assert_eq!(s(&r[col("诉求标题")]), "翠苑小区夜间施工噪音扰民");
    assert_eq!(s(&r[col("诉求人")]), "欧***");
    assert_eq!(s(&r[col("联系电话")]), "138****5678");
    assert_eq!(s(&r[col("地址")]), "云江市西湖区****");
    assert_eq!(s(&r[col("状态")]), "待初审");
    assert_eq!(s(&r[col("重大复杂")]), "否");
    // Dates are date cells, not text.
    let received = match &r[col("收到时间")] {
        Data::DateTime(d) => d.as_datetime().unwrap(),
        other => panic!("收到时间 should be a date cell, got {other:?}"),
    };
    assert_eq!(received.to_string(), "2026-11-10 09:30:00");
    let due = match &r[col("办理期限")] {
        Data::DateTime(d) => d.as_datetime().unwrap().date(),
        other => panic!("办理期限 should be a date cell, got {other:?}"),
    };
    // Initial review: 2 working days from Tuesday 2026-11-10.
    assert_eq!(due.to_string(), "2026-11-12");
    assert!(matches!(r[col("预计反馈日期")], Data::DateTime(_)));
    // No personal data anywhere in the masked file, and nothing logged.
    for row in &rows {
        for c in row {
            let t = s(c);
            assert!(!t.contains("欧阳春花") && !t.contains("13812345678"), "{t}");
        }
    }
    assert_eq!(count(&env.store, "access_log"), 0);
    assert_eq!(calls.first(), Some(&(0, 2)));
    assert_eq!(calls.last(), Some(&(2, 2)));
    assert!(!env.dir.path().join("台账.xlsx.part").exists());
    // It prints as a paper ledger: wide, so landscape; the header row on every page.
    let print = assert_print_ready(&out);
    assert_eq!(print.len(), 1);
    assert!(print[0].landscape, "{print:?}");
    assert_eq!(print[0].title_rows, "$1:$1");
    // The long text columns wrap (their cells take the column's wrapping format).
    let titles = 1 + COLUMNS.iter().position(|c| c.header == "诉求标题").unwrap();
    let xml = sheet_xml(&out, 1);
    let col = &xml[xml.find(&format!(r#"<col min="{titles}" "#)).unwrap()..];
    let style: usize = col[col.find("style=\"").unwrap() + 7..]
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(cell_format_wraps(&out, style), "诉求标题 wraps");
}

#[test]
fn full_personal_data_needs_the_right_and_is_logged() {
    let mut env = env();
    three(&mut env);
    let office = env.office.office.clone();
    let (out, _) = export(
        &env,
        &office,
        &ListFilter::default(),
        PersonalData::Full,
        "full.xlsx",
    )
    .unwrap();
    let rows = read_sheet(&out, None);
    assert_eq!(rows.len(), 4);
    let names: Vec<String> = rows[1..].iter().map(|r| s(&r[6])).collect();
    assert_eq!(names, ["王五", "欧阳春花", "李四"]);
    assert_eq!(s(&rows[2][7]), "13812345678");
    let (what, purpose): (String, String) = env
        .store
        .sql_for_tests()
        .query_row("SELECT what, purpose FROM access_log", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(what, "appeal_ledger_export");
    assert!(purpose.contains("3 件"), "{purpose}");

    // A clerk without a signed confidentiality agreement is refused, and no file appears.
    let unsigned = env.office.unsigned_clerk.clone();
    let e = export(
        &env,
        &unsigned,
        &ListFilter::default(),
        PersonalData::Full,
        "refused.xlsx",
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(e.message.contains("保密协议"), "{}", e.message);
    assert!(!env.dir.path().join("refused.xlsx").exists());
    assert_eq!(count(&env.store, "access_log"), 1);
}

#[test]
fn a_handler_exports_only_their_departments_appeals() {
    let mut env = env();
    let n = three(&mut env);
    // Route the first appeal to the first department.
    let clerk = env.office.clerk.clone();
    let id = minyi_core::testing::appeal_id(&env.store, &n[0])
        .unwrap()
        .unwrap();
    let now = at("2026-11-20T11:00:00+08:00");
    minyi_core::usecases::initial_review::initial_review(
        &mut env.store,
        &Ctx::new(&clerk, now),
        id,
        &minyi_core::usecases::initial_review::InitialReviewInput::Accept {
            category: minyi_core::model::Category::Complaint,
            major: None,
            urgency: None,
            note: None,
        },
    )
    .unwrap();
    let dept = env.office.departments[0].0;
    minyi_core::usecases::route::route(&mut env.store, &Ctx::new(&clerk, now), id, dept, None)
        .unwrap();
    let handler = env.office.handlers[0].clone();
    let (out, _) = export(
        &env,
        &handler,
        &ListFilter::default(),
        PersonalData::Masked,
        "dept.xlsx",
    )
    .unwrap();
    let rows = read_sheet(&out, None);
    assert_eq!(rows.len(), 2);
    assert_eq!(s(&rows[1][0]), n[0]);
    assert_eq!(s(&rows[1][12]), env.office.departments[0].1);
    // Asking for another department gives an empty ledger, not theirs.
    let other = ListFilter {
        department_id: Some(env.office.departments[1].0),
        ..Default::default()
    };
    let (out, _) = export(&env, &handler, &other, PersonalData::Masked, "other.xlsx").unwrap();
    assert_eq!(read_sheet(&out, None).len(), 1);
}

#[test]
fn a_text_filter_exports_the_search_matches() {
    let mut env = env();
    let n = three(&mut env);
    let office = env.office.office.clone();
    let f = ListFilter {
        text: Some("路灯不亮".into()),
        ..Default::default()
    };
    let (out, _) = export(&env, &office, &f, PersonalData::Masked, "search.xlsx").unwrap();
    let rows = read_sheet(&out, None);
    assert_eq!(rows.len(), 2);
    assert_eq!(s(&rows[1][0]), n[1]);
}

/// Cancelled part-way (the user's 取消导出), the export stops and leaves no workbook, not even a
/// partial one; without a cancel it writes every row.
#[test]
fn a_cancelled_export_leaves_no_file() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let mut env = env();
    three(&mut env);
    let office = env.office.office.clone();
    let ctx = Ctx::new(&office, at("2026-11-25T09:00:00+08:00"));
    let out = env.dir.path().join("cancelled.xlsx");
    let cancel = AtomicBool::new(true);
    let s = export_appeal_ledger(
        &env.store,
        &ctx,
        &ListFilter::default(),
        PersonalData::Masked,
        &out,
        &mut |_, _| {},
        Some(&cancel),
    )
    .unwrap();
    assert!(s.cancelled);
    assert_eq!(s.rows, 0);
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("cancelled"))
        .collect();
    assert!(leftovers.is_empty(), "no partial file");
    cancel.store(false, Ordering::SeqCst);
    let s = export_appeal_ledger(
        &env.store,
        &ctx,
        &ListFilter::default(),
        PersonalData::Masked,
        &out,
        &mut |_, _| {},
        Some(&cancel),
    )
    .unwrap();
    assert!(!s.cancelled);
    assert_eq!(s.rows, 3);
    assert!(out.exists());
}
