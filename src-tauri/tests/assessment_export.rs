//! 考核 → 导出 Excel without a window: the ranking workbook is written through its own connection
//! with its four sheets, progress reaches the end, and a period that ends before it starts is
//! refused in Chinese with nothing written.

use calamine::{Reader, Xlsx, open_workbook};
use minyi_analysis::period::Period;
use minyi_app::api;
use minyi_app::assessment_export::run;
use minyi_app::ledger_export::{ExportProgress, LedgerExports, default_path};
use minyi_app::state::AppState;
use minyi_app::views::SetupInput;
use minyi_core::ErrorCode;
use minyi_core::model::Role;
use minyi_core::usecases::accounts::NewUser;
use std::path::Path;

fn office(dir: &Path) -> AppState {
    let state = AppState::open(&dir.join("data")).unwrap();
    let input = SetupInput {
        org_name: "某市民意诉求管理办公室".into(),
        admin: NewUser {
            username: "zhangsan".into(),
            display_name: "张三".into(),
            department_id: 0,
            roles: vec![Role::Administrator, Role::AppealsOffice],
            password: "Secret-2026".into(),
            agreement_signed_on: None,
        },
        load_demo: false,
    };
    api::setup(&state, &input).unwrap();
    state
}

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn the_assessment_workbook_is_written_with_its_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path());
    let target = default_path(state.data_dir(), "考核排名").unwrap();
    let mut seen = Vec::new();
    let period = Period {
        from: day("2026-01-01"),
        to: day("2026-12-31"),
    };
    let out = run(
        &state,
        &LedgerExports::default(),
        period,
        &target,
        &mut |p| seen.push(p),
    )
    .unwrap();
    assert_eq!(out.rows, 0, "a new office has nothing to rank yet");
    assert!(!out.personal_data);
    assert_eq!(seen.last(), Some(&ExportProgress { done: 1, total: 1 }));
    let book: Xlsx<_> = open_workbook(&target).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["部门考核", "人员考核", "权重与说明", "奖惩记录"]
    );

    let backwards = Period {
        from: day("2026-12-31"),
        to: day("2026-01-01"),
    };
    let other = dir.path().join("data").join("exports").join("倒序.xlsx");
    let e = run(
        &state,
        &LedgerExports::default(),
        backwards,
        &other,
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(e.message.contains("结束日期早于开始日期"), "{}", e.message);
    assert!(!other.exists());
}
