//! Printing from the window without a window: the PDF a detail-page button produces, where it is
//! written, and the refusal of personal-data documents to a user without the right to see them.

use minyi_app::api;
use minyi_app::printing::{PrintDocument, render, render_agreement, write_for_viewer, write_to};
use minyi_app::state::AppState;
use minyi_app::views::SetupInput;
use minyi_core::ErrorCode;
use minyi_core::model::Role;
use minyi_core::usecases::accounts::NewUser;
use minyi_core::usecases::register::{RegisterInput, register};
use serde_json::json;

fn signed_in_office(dir: &std::path::Path, agreement: bool) -> (AppState, i64) {
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
    let appeal: RegisterInput = serde_json::from_value(json!({
        "appellant": {"name": "王堃", "phone": "13812345678"},
        "channel": "walk_in", "category": "complaint",
        "subject": "小区夜间施工噪音", "content": "某小区工地夜间十一点后仍在施工，影响休息。",
        "receivedAt": "2026-11-20T09:30:00+08:00"
    }))
    .unwrap();
    let reg = state.write(|s, c| register(s, c, &appeal)).unwrap();
    let id = state
        .read(|s, c| api::find_appeal(s, c, &reg.reg_number))
        .unwrap();
    (state, id)
}

#[test]
fn the_archive_sheet_prints_into_the_data_dir_and_saves_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (state, id) = signed_in_office(dir.path(), true);
    let (name, pdf) = state
        .read(|s, c| render(s, c, id, PrintDocument::ArchiveSheet))
        .unwrap();
    assert!(name.ends_with("-民意诉求登记表.pdf"), "{name}");
    assert!(pdf.starts_with(b"%PDF"));
    let path = write_for_viewer(state.data_dir(), &name, &pdf).unwrap();
    assert!(path.starts_with(dir.path().join("data").join("prints")));
    assert_eq!(std::fs::read(&path).unwrap(), pdf);

    let chosen = dir.path().join("另存.pdf");
    write_to(&chosen, &pdf).unwrap();
    assert_eq!(std::fs::read(&chosen).unwrap(), pdf);
    let bad = write_to(&dir.path().join("no/such/dir/x.pdf"), &pdf).unwrap_err();
    assert_eq!(bad.code, ErrorCode::Storage);
}

#[test]
fn without_a_signed_agreement_only_masked_documents_print() {
    let dir = tempfile::tempdir().unwrap();
    let (state, id) = signed_in_office(dir.path(), false);
    let refused = state
        .read(|s, c| render(s, c, id, PrintDocument::ArchiveSheet))
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(!refused.message.contains("王堃"));
    let (name, pdf) = state
        .read(|s, c| render(s, c, id, PrintDocument::TransferSlip))
        .unwrap();
    assert!(name.ends_with("-交办单.pdf"));
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn an_administrator_prints_a_staff_members_agreement() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = signed_in_office(dir.path(), true);
    let me = state.read(|_, c| Ok(c.actor.user_id)).unwrap();
    let (name, pdf) = state.read(|s, c| render_agreement(s, c, me)).unwrap();
    assert_eq!(name, "保密协议-zhangsan.pdf");
    assert!(pdf.starts_with(b"%PDF"));
    let missing = state.read(|s, c| render_agreement(s, c, 9999)).unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
}
