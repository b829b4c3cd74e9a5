//! Batch printing from the list without a window: the count the dialog shows, the PDF with one
//! archive sheet per matching appeal, one access-log line per appeal written before printing,
//! progress after every sheet, cancel leaving no file, one batch at a time, and the refusal of a
//! user who may not see personal data.

use minyi_app::api;
use minyi_app::batch_print::{BatchPrints, BatchProgress, count, run};
use minyi_app::state::AppState;
use minyi_app::views::SetupInput;
use minyi_core::ErrorCode;
use minyi_core::model::{Role, Status};
use minyi_core::queries::list::ListFilter;
use minyi_core::usecases::accounts::NewUser;
use minyi_core::usecases::register::{RegisterInput, register};
use serde_json::json;
use std::path::Path;
use std::process::Command;

fn office(dir: &Path, agreement: bool, appeals: usize) -> AppState {
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
    for i in 0..appeals {
        let appeal: RegisterInput = serde_json::from_value(json!({
            "appellant": {"name": format!("王堃{}", ["甲", "乙", "丙", "丁"][i % 4]), "phone": "13812345678"},
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

fn logged(state: &AppState) -> i64 {
    state
        .read(|s, _| {
            Ok(s.conn().query_row(
                "SELECT count(*) FROM access_log WHERE purpose = '打印诉求登记表'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap()
}

fn pdf_text(p: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(p)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8(o.stdout).unwrap()
}

/// Received from 2026-11-11 on: the second and third of three appeals.
fn from_11th() -> ListFilter {
    ListFilter {
        from: chrono::NaiveDate::from_ymd_opt(2026, 11, 11),
        statuses: vec![Status::Registered],
        ..Default::default()
    }
}

#[test]
fn the_filters_appeals_print_into_one_pdf_with_progress_and_a_logged_access_each() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path(), true, 3);
    assert_eq!(count(&state, &from_11th()).unwrap().matched, 2);
    assert_eq!(count(&state, &ListFilter::default()).unwrap().matched, 3);

    let jobs = BatchPrints::default();
    let running = jobs.start().unwrap();
    let target = dir.path().join("批量.pdf");
    let mut seen: Vec<BatchProgress> = Vec::new();
    let out = run(&state, &running, &from_11th(), &target, &mut |p| {
        seen.push(p)
    })
    .unwrap();
    assert!(!out.cancelled);
    assert_eq!(out.sheets, 2);
    assert!(out.pages >= 2);
    assert_eq!(out.path.as_deref(), Some(target.to_str().unwrap()));
    assert_eq!(
        seen,
        [
            BatchProgress { done: 1, total: 2 },
            BatchProgress { done: 2, total: 2 }
        ]
    );
    assert!(std::fs::read(&target).unwrap().starts_with(b"%PDF"));
    let t = pdf_text(&target);
    // Each sheet's title once; continuation pages carry the running head 民意诉求登记表（续）.
    assert_eq!(
        t.matches("民意诉求登记表").count() - t.matches("民意诉求登记表（续）").count(),
        2
    );
    // Full personal data on the archive copy, of the matching appeals only.
    assert!(t.contains("王堃乙") && t.contains("王堃丙") && !t.contains("王堃甲"));
    assert_eq!(logged(&state), 2);
}

#[test]
fn a_cancelled_batch_leaves_no_file_and_one_batch_runs_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path(), true, 3);
    let jobs = BatchPrints::default();
    assert!(!jobs.cancel(), "nothing runs yet");
    let running = jobs.start().unwrap();
    assert_eq!(jobs.start().unwrap_err().code, ErrorCode::Conflict);
    let target = dir.path().join("out").join("批量.pdf");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let mut calls = 0;
    let out = run(
        &state,
        &running,
        &ListFilter::default(),
        &target,
        &mut |_| {
            calls += 1;
            // The user presses 取消 after the first sheet.
            assert!(jobs.cancel());
        },
    )
    .unwrap();
    assert!(out.cancelled && out.path.is_none());
    assert_eq!(calls, 1, "stopped after the sheet during which cancel came");
    assert_eq!(
        std::fs::read_dir(target.parent().unwrap()).unwrap().count(),
        0,
        "neither the PDF nor a partial file is left"
    );
    drop(running);
    assert!(jobs.start().is_ok(), "the next batch may start");
}

#[test]
fn a_user_without_a_signed_agreement_is_refused_and_nothing_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path(), false, 2);
    let jobs = BatchPrints::default();
    let running = jobs.start().unwrap();
    let target = dir.path().join("批量.pdf");
    let e = run(
        &state,
        &running,
        &ListFilter::default(),
        &target,
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(!e.message.contains("王堃"));
    assert!(!target.exists());
    assert_eq!(logged(&state), 0);
}

#[test]
fn an_empty_filter_result_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path(), true, 1);
    let jobs = BatchPrints::default();
    let running = jobs.start().unwrap();
    let none = ListFilter {
        statuses: vec![Status::Closed],
        ..Default::default()
    };
    assert_eq!(count(&state, &none).unwrap().matched, 0);
    let e = run(
        &state,
        &running,
        &none,
        &dir.path().join("x.pdf"),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(e.message.contains("没有符合条件的诉求"), "{}", e.message);
}
