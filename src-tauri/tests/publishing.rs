//! The statistics workbook and the disclosure report from the app, without a window: the files
//! land where asked (or in exports/ with the right extension), the preview is worded as the files
//! are, no appellant's name or phone reaches any of them, and a user without the permission is
//! refused with nothing written.

use minyi_analysis::period::Period;
use minyi_analysis::stats::StatsQuery;
use minyi_app::api;
use minyi_app::publishing::{
    DisclosureFormat, export_disclosure, export_stats, exports_path, preview,
};
use minyi_app::state::AppState;
use minyi_app::views::SetupInput;
use minyi_core::ErrorCode;
use minyi_core::model::Role;
use minyi_core::usecases::accounts::{NewUser, create_user};
use minyi_core::usecases::register::{RegisterInput, register};
use serde_json::json;
use std::path::Path;

fn d(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn november() -> Period {
    Period::new(d("2026-11-01"), d("2026-11-30")).unwrap()
}

/// An office with six walk-in complaints, five by hotline and one letter in November 2026.
fn office(dir: &Path) -> AppState {
    let state = AppState::open(&dir.join("data")).unwrap();
    let input = SetupInput {
        org_name: "某市民意诉求管理办公室".into(),
        admin: NewUser {
            username: "zhangsan".into(),
            display_name: "张三".into(),
            department_id: 0,
            roles: vec![Role::Administrator, Role::AppealsOffice, Role::IntakeClerk],
            password: "Secret-2026".into(),
            agreement_signed_on: Some(d("2026-01-05")),
        },
        load_demo: false,
    };
    api::setup(&state, &input).unwrap();
    for i in 0..12 {
        let channel = match i {
            0..6 => "walk_in",
            6..11 => "hotline",
            _ => "letter",
        };
        let appeal: RegisterInput = serde_json::from_value(json!({
            "appellant": {"name": format!("王堃{i}"), "phone": format!("138123456{i:02}"),
                          "address": format!("云江市青石巷{i}号")},
            "channel": channel, "category": "complaint",
            "subject": format!("小区夜间施工噪音第{i}号"),
            "content": "某小区工地夜间十一点后仍在施工，影响休息。",
            "receivedAt": format!("2026-11-{:02}T09:30:00+08:00", 10 + i),
            "postmarkDate": (channel == "letter").then_some("2026-11-15"),
        }))
        .unwrap();
        state.write(|s, c| register(s, c, &appeal)).unwrap();
    }
    state
}

fn assert_no_appellant(text: &str) {
    for i in 0..12 {
        assert!(!text.contains(&format!("王堃{i}")), "a name in {text}");
        assert!(
            !text.contains(&format!("138123456{i:02}")),
            "a phone in {text}"
        );
    }
}

#[test]
fn the_files_land_where_asked_and_the_preview_says_what_they_say() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path());

    let doc = preview(&state, november()).unwrap();
    assert_eq!(doc.title, "某市民意诉求管理办公室民意诉求办理情况公开");
    assert_eq!(doc.threshold, 5);
    let channels = &doc.tables[1];
    let walk_in = channels
        .rows
        .iter()
        .find(|r| r.label == "现场接待")
        .unwrap();
    assert_eq!((walk_in.text.as_str(), walk_in.suppressed), ("6", false));
    let letter = channels.rows.iter().find(|r| r.label == "书信").unwrap();
    assert_eq!((letter.text.as_str(), letter.suppressed), ("—", true));
    // The lone small cell takes the next smallest with it, so it cannot be subtracted out.
    let hotline = channels
        .rows
        .iter()
        .find(|r| r.label == "客服热线")
        .unwrap();
    assert_eq!((hotline.text.as_str(), hotline.suppressed), ("—", true));
    assert!(doc.any_suppressed);

    for format in [
        DisclosureFormat::Pdf,
        DisclosureFormat::Xlsx,
        DisclosureFormat::Html,
    ] {
        let target = exports_path(state.data_dir(), "信息公开", format.extension()).unwrap();
        assert!(target.starts_with(state.data_dir().join("exports")));
        let out = export_disclosure(&state, november(), format, &target).unwrap();
        assert_eq!(out.rows, 12);
        assert!(!out.personal_data);
        let bytes = std::fs::read(&target).unwrap();
        assert!(bytes.len() > 500, "{format:?} written");
        assert!(
            !target
                .with_extension(format!("{}.part", format.extension()))
                .exists()
        );
        if format == DisclosureFormat::Html {
            let html = String::from_utf8(bytes).unwrap();
            assert!(html.contains("<td>书信</td><td class=\"n hidden\">—</td>"));
            assert_no_appellant(&html);
        }
    }

    let book = dir.path().join("统计.xlsx");
    let q = StatsQuery {
        period: november(),
        category: None,
        channel: None,
        department_id: None,
        granularity: None,
    };
    let out = export_stats(&state, &q, &book).unwrap();
    assert_eq!(out.rows, 12);
    assert!(std::fs::read(&book).unwrap().starts_with(b"PK"));
}

#[test]
fn a_clerk_may_neither_preview_nor_export_the_disclosure() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path());
    let office_department: i64 = state
        .read(|s, _| {
            Ok(s.conn().query_row(
                "SELECT department_id FROM users WHERE username = 'zhangsan'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    state
        .write(|s, c| {
            create_user(
                s,
                c,
                &NewUser {
                    username: "jiedai".into(),
                    display_name: "钱小红".into(),
                    department_id: office_department,
                    roles: vec![Role::IntakeClerk],
                    password: "Secret-2026".into(),
                    agreement_signed_on: Some(d("2026-01-05")),
                },
            )
        })
        .unwrap();
    api::sign_in(&state, "jiedai", "Secret-2026").unwrap();
    let e = preview(&state, november()).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden, "{}", e.message);
    let target = dir.path().join("信息公开.pdf");
    let e = export_disclosure(&state, november(), DisclosureFormat::Pdf, &target).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(!target.exists());
}
