//! The command surface as every transport meets it, without a window: the error JSON clients
//! switch on, the first-run and sign-in flow over a temporary data folder, the session gate every
//! command goes through, a write running as the signed-in user, attachments in and out through
//! the host (with safe file names), and the vocabulary that needs no session.

mod common;

use common::{Desk, ORG, PASSWORD, TestHost, admin, refused, setup_input};
use minyi_core::model::Role;
use minyi_core::queries::list::ListFilter;
use minyi_core::usecases::accounts::NewUser;
use minyi_core::{CoreError, ErrorCode};
use minyi_service::commands::admin::{CreateUser, GetUsers};
use minyi_service::commands::appeals::{
    AddAttachment, AttachmentFile, FindAppeal, GetVocabulary, ListAppeals,
};
use minyi_service::session;
use minyi_service::{Call, Caller, Command, Office, OutputKind, Profile};
use serde_json::json;

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
        ErrorCode::Unreachable,
        ErrorCode::Untrusted,
        ErrorCode::WindowLocked,
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
            "not_signed_in",
            "unreachable",
            "untrusted",
            "window_locked"
        ]
    );
}

#[test]
fn first_run_then_sign_in_and_out() {
    let dir = tempfile::tempdir().unwrap();
    let office = Office::open(&dir.path().join("data"), Profile::DESKTOP).unwrap();
    let host = TestHost::new(&dir.path().join("host"));
    let status = session::status(&office, Caller::Nobody, None).unwrap();
    assert!(status.needs_setup);
    assert!(status.session.is_none());

    // Nothing but status, set-up and sign-in works before anyone signs in: neither through the
    // transports' gate nor when a command is run directly.
    let list = || ListAppeals {
        filter: ListFilter::default(),
    };
    let nobody = Call::new(&office, &host, Caller::Nobody);
    let reply = nobody.run(list());
    assert_eq!(reply.result.unwrap_err().code, ErrorCode::NotSignedIn);
    assert!(!reply.changed);
    let err = list().run(&nobody).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotSignedIn);

    let signed = session::setup(&office, &setup_input(admin(false))).unwrap();
    let info = &signed.info;
    assert_eq!(info.user_id, signed.user_id);
    assert_eq!(info.display_name, "张三");
    assert_eq!(info.org_name, ORG);
    assert!(info.roles.contains(&Role::Administrator));
    let perms = serde_json::to_value(&info.permissions).unwrap();
    assert!(perms.as_array().unwrap().contains(&json!("manageUsers")));
    assert!(perms.as_array().unwrap().contains(&json!("register")));

    // The transport keeps the id; the status of that session names the user.
    let me = Caller::Session(signed.user_id);
    let status = session::status(&office, me, Some("/data".into())).unwrap();
    assert!(!status.needs_setup);
    assert_eq!(status.org_name, ORG);
    assert_eq!(status.data_dir.as_deref(), Some("/data"));
    assert_eq!(status.session.unwrap().username, "zhangsan");

    // A second set-up is refused.
    assert_eq!(
        session::setup(&office, &setup_input(admin(false)))
            .unwrap_err()
            .code,
        ErrorCode::Conflict
    );

    // Signed out, the transport calls as nobody again.
    assert!(
        session::status(&office, Caller::Nobody, None)
            .unwrap()
            .session
            .is_none()
    );
    let wrong = session::sign_in(&office, "zhangsan", "wrong-password").unwrap_err();
    assert_eq!(wrong.code, ErrorCode::Auth);
    assert!(!wrong.message.contains("zhangsan"));
    let again = session::sign_in(&office, "zhangsan", PASSWORD).unwrap();
    assert_eq!(again.info.username, "zhangsan");
    assert_eq!(again.user_id, signed.user_id);

    // The users screen is for administrators only.
    let as_admin = Call::new(&office, &host, Caller::Session(again.user_id));
    let clerk = NewUser {
        username: "wangwu".into(),
        display_name: "王五".into(),
        department_id: again.info.department_id,
        roles: vec![Role::IntakeClerk],
        password: "Clerk-2026".into(),
        agreement_signed_on: None,
    };
    CreateUser { user: clerk }.run(&as_admin).unwrap();
    assert_eq!(GetUsers {}.run(&as_admin).unwrap().len(), 2);
    let clerk_in = session::sign_in(&office, "wangwu", "Clerk-2026").unwrap();
    let perms = serde_json::to_value(&clerk_in.info.permissions).unwrap();
    assert!(!perms.as_array().unwrap().contains(&json!("manageUsers")));
    let as_clerk = Call::new(&office, &host, Caller::Session(clerk_in.user_id));
    let refused = GetUsers {}.run(&as_clerk).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
}

fn noise_complaint() -> serde_json::Value {
    json!({
        "appellant": {"name": "李四", "phone": "13812345678"},
        "channel": "walk_in", "category": "complaint",
        "subject": "小区夜间施工噪音", "content": "某小区工地夜间十一点后仍在施工，影响休息。",
        "receivedAt": "2026-11-20T09:30:00+08:00"
    })
}

#[test]
fn a_write_runs_as_the_signed_in_user_and_attachments_round_trip() {
    // Opening an attachment needs a signed confidentiality agreement (core tests/attachments.rs).
    let desk = Desk::new(true);
    let reg = desk.register(noise_complaint());
    let id = desk
        .run(FindAppeal {
            number: format!(" {} ", reg.reg_number),
        })
        .unwrap();
    assert_eq!(id, reg.appeal_id);
    let by: i64 = desk.count(&format!(
        "SELECT registered_by FROM appeals WHERE id = {id}"
    ));
    assert_eq!(by, desk.user_id);

    let file = desk.dir().join("现场照片.txt");
    std::fs::write(&file, "photo bytes").unwrap();
    let rec = desk
        .run(AddAttachment {
            appeal_id: id,
            file: file.to_string_lossy().into_owned(),
            name: None,
        })
        .unwrap();
    assert_eq!(rec.file_name, "现场照片.txt");
    assert_eq!(rec.added_by, desk.user_id);
    let shown = desk.run(AttachmentFile { id: rec.id }).unwrap();
    let made = desk.host.last_made();
    assert_eq!(made.kind, OutputKind::Attachment);
    assert_eq!(made.target.shown, shown);
    let copy = desk.host.file(&shown);
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), "photo bytes");
    assert!(copy.to_string_lossy().ends_with("现场照片.txt"));

    let missing = desk
        .run(AddAttachment {
            appeal_id: id,
            file: "/no/such/file.pdf".into(),
            name: None,
        })
        .unwrap_err();
    assert_eq!(missing.field.as_deref(), Some("file"));
}

#[test]
fn an_attachments_name_becomes_a_safe_file_name_for_its_copy() {
    let desk = Desk::new(true);
    let id = desk.register(noise_complaint()).appeal_id;
    let file = desk.dir().join("scan.pdf");
    std::fs::write(&file, "%PDF-1.7 scan").unwrap();
    let attach = |name: &str| {
        desk.run(AddAttachment {
            appeal_id: id,
            file: file.to_string_lossy().into_owned(),
            name: Some(name.into()),
        })
        .unwrap()
    };

    // Characters Windows refuses in a file name are kept in the record, not in the copy.
    let rec = attach("会议纪要: 第1版|终稿*?<定稿>\".pdf");
    assert_eq!(rec.file_name, "会议纪要: 第1版|终稿*?<定稿>\".pdf");
    let shown = desk.run(AttachmentFile { id: rec.id }).unwrap();
    let made = desk.host.last_made();
    assert_eq!(
        made.name,
        format!("{}-会议纪要_ 第1版_终稿___定稿__.pdf", rec.id)
    );
    let copy = desk.host.file(&shown);
    assert_eq!(
        copy.parent(),
        Some(desk.host.folder(OutputKind::Attachment).as_path())
    );
    assert_eq!(std::fs::read(&copy).unwrap(), b"%PDF-1.7 scan");

    // A long Chinese name (600 bytes: more than a file system takes) is shortened, keeping its
    // extension, and the copy can be written.
    let long = format!("{}.pdf", "长".repeat(190));
    let rec = attach(&long);
    assert_eq!(rec.file_name, long);
    let shown = desk.run(AttachmentFile { id: rec.id }).unwrap();
    let name = desk.host.last_made().name;
    assert!(
        name.ends_with(".pdf") && name.chars().count() <= 85,
        "{name}"
    );
    assert_eq!(
        std::fs::read(desk.host.file(&shown)).unwrap(),
        b"%PDF-1.7 scan"
    );

    // A name of dots alone does not name the folder above.
    let rec = attach("..");
    let shown = desk.run(AttachmentFile { id: rec.id }).unwrap();
    let copy = desk.host.file(&shown);
    assert_eq!(
        copy.parent(),
        Some(desk.host.folder(OutputKind::Attachment).as_path())
    );
    assert!(copy.is_file());
    // A path separator is refused when the attachment is added.
    let e = desk
        .run(AddAttachment {
            appeal_id: id,
            file: file.to_string_lossy().into_owned(),
            name: Some("../../etc/passwd".into()),
        })
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("fileName"));
}

#[test]
fn the_vocabulary_lists_every_code_with_its_label_without_a_session() {
    let desk = Desk::new(false);
    let reply = desk.as_nobody(GetVocabulary {});
    assert!(!reply.changed);
    let v = reply.result.unwrap();
    assert_eq!(v["channels"].as_array().unwrap().len(), 7);
    assert_eq!(
        v["categories"][1],
        json!({"code": "complaint", "label": "投诉"})
    );
    assert_eq!(v["feedbackMethods"].as_array().unwrap().len(), 4);
    // Signed in, the same.
    assert_eq!(desk.reply(GetVocabulary {}).result.unwrap(), v);
}

#[test]
fn a_deactivated_account_loses_its_session_at_the_next_call() {
    let mut admin_desk = Desk::new(false);
    let clerk_id = admin_desk.add_user("wangwu", "王五", &[Role::IntakeClerk], false);
    let admin_caller = admin_desk.caller;
    // The clerk signs in at this desk; the administrator keeps working elsewhere.
    let clerk = admin_desk.sign_in("wangwu", PASSWORD).unwrap();
    assert_eq!(clerk.user_id, clerk_id);
    let list = || ListAppeals {
        filter: ListFilter::default(),
    };
    admin_desk.run(list()).unwrap();

    let as_admin = Call::new(&admin_desk.office, &admin_desk.host, admin_caller);
    minyi_service::commands::admin::UpdateUser {
        id: clerk_id,
        display_name: "王五".into(),
        department_id: clerk.info.department_id,
        roles: vec![Role::IntakeClerk],
        active: false,
    }
    .run(&as_admin)
    .unwrap();

    let e = refused(admin_desk.run(list()), ErrorCode::NotSignedIn);
    assert!(e.message.contains("停用"), "{}", e.message);
    let reply = admin_desk.reply(list());
    assert_eq!(reply.result.unwrap_err().code, ErrorCode::NotSignedIn);
    // Nor can the session be shown as signed in, or signed into again.
    assert!(
        session::status(&admin_desk.office, admin_desk.caller, None)
            .unwrap()
            .session
            .is_none()
    );
    assert!(session::sign_in(&admin_desk.office, "wangwu", PASSWORD).is_err());

    // A session of an id no account has ends the same way.
    let ghost = Call::new(&admin_desk.office, &admin_desk.host, Caller::Session(9999));
    let e = refused(list().run(&ghost), ErrorCode::NotSignedIn);
    assert!(e.message.contains("重新登录"), "{}", e.message);
}
