//! Who may do what through the office server: no command without a session, none with an ended or
//! idle one, none a role may not take, and a handler sees her department's appeals only — each
//! refusal writes nothing.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_service::{Effect, catalogue};
use serde_json::{Value, json};
use std::time::Duration;

#[test]
fn every_command_without_a_session_is_refused_and_writes_nothing() {
    let office = TestOffice::start();
    let admin = office.admin();
    let id = register(&admin, "13812345678", "夜间施工噪音扰民");
    let events = office.count("events");
    let nobody = office.client();
    let mut open = 0;
    for entry in catalogue() {
        // Realistic arguments where the command takes an appeal; others get none.
        let args = json!({ "appealId": id, "id": id, "filter": any_filter() });
        let r = nobody.call_value(entry.name, args);
        if entry.effect == Effect::Open {
            assert!(r.is_ok(), "{} answers without a session", entry.name);
            open += 1;
        } else {
            assert_eq!(code(r), ErrorCode::NotSignedIn, "{}", entry.name);
        }
    }
    assert_eq!(open, 2, "the vocabulary and the import channels");
    // Garbage tokens are no better than none.
    let mut forged = office.client();
    forged.set_token(Some("0".repeat(64)));
    assert_eq!(
        code(forged.call_value("list_appeals", json!({ "filter": any_filter() }))),
        ErrorCode::NotSignedIn
    );
    assert_eq!(office.count("events"), events, "nothing was written");
    // Even an unknown command answers nothing but "sign in" to nobody.
    assert_eq!(
        code(nobody.call_value("drop_everything", Value::Null)),
        ErrorCode::NotSignedIn
    );
}

#[test]
fn a_session_ends_at_sign_out_and_after_the_idle_time() {
    let office = TestOffice::start_with(|c| c.idle_override = Some(Duration::from_millis(400)));
    let mut admin = office.admin();
    let list = json!({ "filter": any_filter() });
    assert!(admin.call_value("list_appeals", list.clone()).is_ok());
    std::thread::sleep(Duration::from_millis(700));
    let e = admin.call_value("list_appeals", list.clone()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotSignedIn);
    assert!(e.message.contains("超时"), "{}", e.message);

    admin.sign_in(ADMIN, PASSWORD).unwrap();
    let token = admin.token().unwrap().to_string();
    admin.sign_out().unwrap();
    let mut old = office.client();
    old.set_token(Some(token));
    assert_eq!(
        code(old.call_value("list_appeals", list)),
        ErrorCode::NotSignedIn
    );
}

#[test]
fn a_role_the_matrix_forbids_is_refused_and_writes_nothing() {
    let office = TestOffice::start();
    let admin = office.admin();
    let cg = add_department(&admin, "城市管理局");
    add_user(&admin, "cg_cbr", "王承办", cg, &["handler"]);
    let id = register(&admin, "13812345678", "夜间施工噪音扰民");
    let handler = office.signed_in("cg_cbr", "Staff-2026");
    let events = office.count("events");
    let r = handler.call_value(
        "route_appeal",
        json!({ "appealId": id, "departmentId": cg, "note": null }),
    );
    // The appeal is not yet her department's, so she learns nothing about it.
    assert!(matches!(
        code(r),
        ErrorCode::NotFound | ErrorCode::Forbidden
    ));
    for (name, args) in [
        (
            "create_user",
            json!({ "user": {"username": "x", "displayName": "x", "departmentId": cg, "roles": ["administrator"], "password": "Secret-2026", "agreementSignedOn": null}}),
        ),
        (
            "set_setting",
            json!({ "key": "org.name", "value": "别的单位" }),
        ),
        (
            "register_appeal",
            json!({ "input": {"appellant": {"name": "王五", "phone": "13912345678"}, "channel": "walk_in", "category": "complaint", "subject": "路灯不亮", "content": "小区路灯坏了一个月。", "receivedAt": "2026-12-01T09:30:00+08:00"}}),
        ),
    ] {
        assert_eq!(
            code(handler.call_value(name, args)),
            ErrorCode::Forbidden,
            "{name}"
        );
    }
    assert_eq!(office.count("events"), events, "nothing was written");
    assert_eq!(
        office.count("users"),
        3,
        "system, admin and the handler only"
    );

    // A deactivated account's session ends at its next request.
    let users = admin.call_value("users", json!({})).unwrap();
    let me = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "cg_cbr")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    admin
        .call_value(
            "update_user",
            json!({ "id": me, "displayName": "王承办", "departmentId": cg, "roles": ["handler"], "active": false }),
        )
        .unwrap();
    let e = handler
        .call_value("list_appeals", json!({ "filter": any_filter() }))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotSignedIn);
    assert!(e.message.contains("停用"), "{}", e.message);
}

#[test]
fn a_handler_sees_only_her_departments_appeals() {
    let office = TestOffice::start();
    let admin = office.admin();
    let cg = add_department(&admin, "城市管理局");
    let zj = add_department(&admin, "住房和城乡建设局");
    add_user(&admin, "cg_cbr", "王承办", cg, &["handler"]);
    let ours = register(&admin, "13812345678", "夜间施工噪音扰民");
    let theirs = register(&admin, "13912345678", "小区电梯长期故障");
    route(&admin, ours, cg);
    route(&admin, theirs, zj);
    let handler = office.signed_in("cg_cbr", "Staff-2026");
    let page = handler
        .call_value("list_appeals", json!({ "filter": any_filter() }))
        .unwrap();
    let ids: Vec<i64> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![ours]);
    // Asking for the other department's list or appeal directly gets nothing more.
    let mut other = any_filter();
    other["departmentId"] = json!(zj);
    let page = handler
        .call_value("list_appeals", json!({ "filter": other }))
        .unwrap();
    assert!(page["rows"].as_array().unwrap().is_empty());
    assert_eq!(
        code(handler.call_value(
            "appeal_detail",
            json!({ "id": theirs, "personal": "masked" })
        )),
        ErrorCode::NotFound
    );
    assert!(
        handler
            .call_value("appeal_detail", json!({ "id": ours, "personal": "masked" }))
            .is_ok()
    );
}

#[test]
fn a_desk_that_keeps_failing_to_sign_in_is_paused() {
    let office = TestOffice::start();
    let admin = office.admin();
    admin
        .call_value(
            "set_setting",
            json!({ "key": "lockout.address_failures", "value": "3" }),
        )
        .unwrap();
    // Let the server's few seconds of cached rules pass.
    std::thread::sleep(Duration::from_millis(5200));
    let mut c = office.client();
    for name in ["nobody", "zhangsan", "lisi"] {
        assert_eq!(c.sign_in(name, "guess").unwrap_err().code, ErrorCode::Auth);
    }
    let e = c.sign_in(ADMIN, PASSWORD).unwrap_err();
    assert_eq!(e.code, ErrorCode::Locked);
    assert!(e.message.contains("这台电脑"), "{}", e.message);
    // The pause is in the security log once, by the program, naming the computer's address.
    let mut found = Vec::new();
    for _ in 0..50 {
        let page = admin
            .call_value(
                "security_log",
                json!({ "filter": { "action": "address_lockout" }, "limit": 10 }),
            )
            .unwrap();
        found = page["rows"].as_array().cloned().unwrap_or_default();
        if !found.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["actorLabel"], "系统");
    assert_eq!(found[0]["target"], "address:127.0.0.1");
}
