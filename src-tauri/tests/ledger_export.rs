//! Excel export from the list without a window: the workbook holds one row per appeal of the
//! filter, masked unless full personal data is asked for (then the export is logged once),
//! progress reaches the total, and a user who may not see personal data is refused with nothing
//! written. The tracking ledger's export goes through the same path (its rows are checked in
//! minyi-sheets' own tests).

use calamine::{Data, Reader, Xlsx, open_workbook};
use minyi_app::api;
use minyi_app::ledger_export::{ExportProgress, LedgerExports, default_path, run, run_tracking};
use minyi_app::state::AppState;
use minyi_app::views::SetupInput;
use minyi_core::ErrorCode;
use minyi_core::model::Role;
use minyi_core::queries::ledger::LedgerFilter;
use minyi_core::queries::list::ListFilter;
use minyi_core::usecases::accounts::NewUser;
use minyi_core::usecases::register::{RegisterInput, register};
use serde_json::json;
use std::path::Path;

fn office(dir: &Path, agreement: bool) -> AppState {
    let state = AppState::open(&dir.join("data")).unwrap();
    let input = SetupInput {
        org_name: "某市民意诉求管理办公室".into(),
        admin: NewUser {
            username: "zhangsan".into(),
            display_name: "张三".into(),
            department_id: 0,
            roles: vec![Role::Administrator, Role::AppealsOffice, Role::IntakeClerk],
            password: "Secret-2026".into(),
            agreement_signed_on: agreement
                .then(|| chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()),
        },
        load_demo: false,
    };
    api::setup(&state, &input).unwrap();
    for (i, name) in ["王堃甲", "王堃乙", "王堃丙"].iter().enumerate() {
        let appeal: RegisterInput = serde_json::from_value(json!({
            "appellant": {"name": name, "phone": "13812345678"},
            "channel": "walk_in", "category": "complaint",
            "subject": format!("小区夜间施工噪音第{i}号"),
            "content": "某小区工地夜间十一点后仍在施工，影响休息。",
            "receivedAt": format!("2026-11-{:02}T09:30:00+08:00", 10 + i)
        }))
        .unwrap();
        state.write(|s, c| register(s, c, &appeal)).unwrap();
    }
    state
}

fn exports_logged(state: &AppState) -> i64 {
    state
        .read(|s, _| {
            Ok(s.conn().query_row(
                "SELECT count(*) FROM access_log WHERE purpose LIKE '导出诉求台账%'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap()
}

/// Every cell of the first sheet as text.
fn cells(path: &Path) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range("诉求台账").unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn exports_the_filter_masked_by_default_and_in_full_when_asked_with_one_log_line() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path(), true);
    let jobs = LedgerExports::default();
    let filter = ListFilter {
        from: chrono::NaiveDate::from_ymd_opt(2026, 11, 11),
        ..Default::default()
    };

    let target = default_path(state.data_dir(), "诉求台账").unwrap();
    assert!(target.starts_with(state.data_dir().join("exports")));
    let mut seen: Vec<ExportProgress> = Vec::new();
    let out = run(&state, &jobs, &filter, false, &target, &mut |p| {
        seen.push(p)
    })
    .unwrap();
    assert_eq!(out.rows, 2);
    assert!(!out.personal_data);
    assert_eq!(seen.last(), Some(&ExportProgress { done: 2, total: 2 }));
    let rows = cells(&target);
    assert_eq!(
        rows.len(),
        3,
        "header and the two appeals received from the 11th"
    );
    assert_eq!(rows[0][0], "登记号");
    let text = rows.concat().join("|");
    assert!(text.contains("小区夜间施工噪音第1号") && text.contains("小区夜间施工噪音第2号"));
    assert!(!text.contains("第0号"), "an appeal outside the filter");
    assert!(
        !text.contains("王堃乙") && !text.contains("13812345678"),
        "masked: {text}"
    );
    assert_eq!(
        exports_logged(&state),
        0,
        "a masked export is not an access"
    );

    let full = dir.path().join("台账.xlsx");
    let out = run(&state, &jobs, &filter, true, &full, &mut |_| {}).unwrap();
    assert!(out.personal_data);
    let text = cells(&full).concat().join("|");
    assert!(text.contains("王堃乙") && text.contains("13812345678"));
    assert_eq!(exports_logged(&state), 1);
}

#[test]
fn full_personal_data_without_a_signed_agreement_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path(), false);
    let target = dir.path().join("台账.xlsx");
    let e = run(
        &state,
        &LedgerExports::default(),
        &ListFilter::default(),
        true,
        &target,
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden, "{}", e.message);
    assert!(!target.exists());
    assert_eq!(exports_logged(&state), 0);
}

#[test]
fn the_tracking_ledger_exports_through_its_own_connection_with_a_header_row() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path(), false);
    let target = default_path(state.data_dir(), "跟踪台账").unwrap();
    let mut last = None;
    let out = run_tracking(
        &state,
        &LedgerExports::default(),
        &LedgerFilter::default(),
        &target,
        &mut |p| last = Some(p),
    )
    .unwrap();
    assert_eq!((out.rows, out.personal_data), (0, false));
    assert_eq!(last, Some(ExportProgress { done: 0, total: 0 }));
    let mut book: Xlsx<_> = open_workbook(&target).unwrap();
    let range = book.worksheet_range("跟踪台账").unwrap();
    assert_eq!(
        range.height(),
        1,
        "the header row alone: nothing is being tracked yet"
    );
}
