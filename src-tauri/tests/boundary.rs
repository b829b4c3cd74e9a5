//! The desktop boundary without a window: the error JSON the UI switches on, the first-run and
//! sign-in flow over a temporary data directory, and the session gate every command goes through.

use minyi_app::api;
use minyi_app::state::AppState;
use minyi_app::views::{SetupInput, Vocabulary};
use minyi_core::model::Role;
use minyi_core::queries::list::{ListFilter, list};
use minyi_core::usecases::accounts::{self, NewUser};
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_core::{CoreError, ErrorCode};
use serde_json::json;

fn setup_input() -> SetupInput {
    SetupInput {
        org_name: "某市民意诉求管理办公室".into(),
        admin: NewUser {
            username: "zhangsan".into(),
            display_name: "张三".into(),
            department_id: 0,
            roles: vec![Role::Administrator, Role::AppealsOffice, Role::IntakeClerk],
            password: "Secret-2026".into(),
            agreement_signed_on: None,
        },
        load_demo: false,
    }
}

#[test]
fn errors_cross_as_code_message_and_field() {
    let e = CoreError::field("appellant.phone", "联系电话格式不正确。");
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        json!({"code": "validation", "message": "联系电话格式不正确。", "field": "appellant.phone"})
    );
    let e = CoreError::invalid_state("该诉求尚未分流，不能提交处理方案");
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        json!({"code": "invalid_state", "message": "该诉求尚未分流，不能提交处理方案"})
    );
    let codes: Vec<String> = [
        ErrorCode::Validation,
        ErrorCode::NotFound,
        ErrorCode::Forbidden,
        ErrorCode::InvalidState,
        ErrorCode::Conflict,
        ErrorCode::Auth,
        ErrorCode::Locked,
        ErrorCode::NewerDatabase,
        ErrorCode::Storage,
        ErrorCode::NotSignedIn,
    ]
    .iter()
    .map(|c| {
        serde_json::to_value(c)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    })
    .collect();
    assert_eq!(
        codes,
        [
            "validation",
            "not_found",
            "forbidden",
            "invalid_state",
            "conflict",
            "auth",
            "locked",
            "newer_database",
            "storage",
            "not_signed_in"
        ]
    );
}

#[test]
fn first_run_then_sign_in_and_out() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(dir.path()).unwrap();
    let status = api::app_status(&state).unwrap();
    assert!(status.needs_setup);
    assert!(status.session.is_none());

    // Nothing but status, set-up and sign-in works before anyone signs in.
    let err = state
        .read(|s, c| list(s, c, &ListFilter::default()))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotSignedIn);

    let info = api::setup(&state, &setup_input()).unwrap();
    assert_eq!(info.display_name, "张三");
    assert_eq!(info.org_name, "某市民意诉求管理办公室");
    assert!(info.roles.contains(&Role::Administrator));
    let perms = serde_json::to_value(&info.permissions).unwrap();
    assert!(perms.as_array().unwrap().contains(&json!("manageUsers")));
    assert!(perms.as_array().unwrap().contains(&json!("register")));

    let status = api::app_status(&state).unwrap();
    assert!(!status.needs_setup);
    assert_eq!(status.session.unwrap().username, "zhangsan");

    // A second set-up is refused.
    assert_eq!(
        api::setup(&state, &setup_input()).unwrap_err().code,
        ErrorCode::Conflict
    );

    state.set_session(None);
    assert!(api::app_status(&state).unwrap().session.is_none());
    let wrong = api::sign_in(&state, "zhangsan", "wrong-password").unwrap_err();
    assert_eq!(wrong.code, ErrorCode::Auth);
    assert!(!wrong.message.contains("zhangsan"));
    let info = api::sign_in(&state, "zhangsan", "Secret-2026").unwrap();
    assert_eq!(info.username, "zhangsan");

    // The users screen is for administrators only.
    let clerk = NewUser {
        username: "wangwu".into(),
        display_name: "王五".into(),
        department_id: info.department_id,
        roles: vec![Role::IntakeClerk],
        password: "Clerk-2026".into(),
        agreement_signed_on: None,
    };
    state
        .write(|s, c| accounts::create_user(s, c, &clerk))
        .unwrap();
    assert_eq!(state.read(accounts::list_users).unwrap().len(), 2);
    let clerk_info = api::sign_in(&state, "wangwu", "Clerk-2026").unwrap();
    let perms = serde_json::to_value(&clerk_info.permissions).unwrap();
    assert!(!perms.as_array().unwrap().contains(&json!("manageUsers")));
    let refused = state.read(accounts::list_users).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
}

#[test]
fn a_write_runs_as_the_signed_in_user_and_attachments_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(&dir.path().join("data")).unwrap();
    api::setup(&state, &setup_input()).unwrap();
    let input: RegisterInput = serde_json::from_value(json!({
        "appellant": {"name": "李四", "phone": "13812345678"},
        "channel": "walk_in", "category": "complaint",
        "subject": "小区夜间施工噪音", "content": "某小区工地夜间十一点后仍在施工，影响休息。",
        "receivedAt": "2026-11-20T09:30:00+08:00"
    }))
    .unwrap();
    let reg = state.write(|s, c| register(s, c, &input)).unwrap();
    let id = state
        .read(|s, c| api::find_appeal(s, c, &reg.reg_number))
        .unwrap();

    let file = dir.path().join("现场照片.txt");
    std::fs::write(&file, "photo bytes").unwrap();
    let rec = state
        .write(|s, c| api::attach_file(s, c, id, file.to_str().unwrap()))
        .unwrap();
    assert_eq!(rec.file_name, "现场照片.txt");
    let copy = state
        .read(|s, c| api::export_attachment(s, c, rec.id))
        .unwrap();
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), "photo bytes");
    assert!(copy.to_string_lossy().ends_with("现场照片.txt"));

    let missing = state
        .write(|s, c| api::attach_file(s, c, id, "/no/such/file.pdf"))
        .unwrap_err();
    assert_eq!(missing.field.as_deref(), Some("file"));
}

#[test]
fn the_vocabulary_lists_every_code_with_its_label() {
    let v = serde_json::to_value(Vocabulary::build()).unwrap();
    assert_eq!(v["channels"].as_array().unwrap().len(), 7);
    assert_eq!(
        v["categories"][1],
        json!({"code": "complaint", "label": "投诉"})
    );
    assert_eq!(v["feedbackMethods"].as_array().unwrap().len(), 4);
}
