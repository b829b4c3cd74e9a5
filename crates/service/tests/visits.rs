//! The 回访 commands through the one dispatch, as the window and the server call them: a closed
//! complaint is in `list_visits`; `record_visit` writes one call at a time and is announced; the
//! phone is in full only when asked for by staff who may see it.

mod common;

use common::{Desk, PASSWORD, complaint_form};
use minyi_core::ErrorCode;
use minyi_core::model::Role;
use minyi_service::Request;
use serde_json::{Value, json};

fn dispatch(desk: &Desk, name: &str, args: Value) -> minyi_service::Reply {
    Request::parse(name, args).unwrap().run(&desk.call())
}

#[test]
fn a_closed_complaint_is_visited_through_the_commands() {
    let mut desk = Desk::new(false);
    desk.add_user(
        "bangongshi",
        "冯立新",
        &[Role::IntakeClerk, Role::AppealsOffice],
        true,
    );
    desk.sign_in("bangongshi", PASSWORD).unwrap();
    let id = desk.register(complaint_form()).appeal_id;
    let r = dispatch(
        &desk,
        "initial_review",
        json!({"appealId": id, "input": {"decision": "reject", "reason": "不属于本单位受理范围"}}),
    );
    r.result.unwrap();
    let r = dispatch(
        &desk,
        "record_feedback",
        json!({"appealId": id, "input": {"method": "phone_call", "content": "已电话告知", "satisfaction": "satisfied"}}),
    );
    assert_eq!(r.result.unwrap()["status"], "closed");

    let list = dispatch(&desk, "list_visits", json!({"query": {}}))
        .result
        .unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["rows"][0]["phone"], "138****5678");
    let visit = list["rows"][0]["visitId"].as_i64().unwrap();
    let full = dispatch(&desk, "list_visits", json!({"query": {"personal": "full"}}))
        .result
        .unwrap();
    assert_eq!(full["rows"][0]["phone"], "13812345678");
    assert_eq!(full["personalDataShown"], true);

    let r = dispatch(
        &desk,
        "record_visit",
        json!({"visitId": visit, "call": {"reached": false, "remark": "无人接听"}}),
    );
    assert!(r.changed);
    assert_eq!(r.result.unwrap()["status"], "open");
    let r = dispatch(
        &desk,
        "record_visit",
        json!({"visitId": visit, "call": {"reached": true, "satisfaction": "satisfied"}}),
    );
    assert_eq!(r.result.unwrap()["status"], "completed");
    let open = dispatch(&desk, "list_visits", json!({"query": {}}))
        .result
        .unwrap();
    assert_eq!(open["total"], 0);
    let done = dispatch(
        &desk,
        "list_visits",
        json!({"query": {"status": "completed"}}),
    )
    .result
    .unwrap();
    assert_eq!(done["rows"][0]["attempts"], 2);
    assert_eq!(done["rows"][0]["satisfaction"], "satisfied");

    // A finished visit takes no more calls, and the refusal is announced as no change.
    let r = dispatch(
        &desk,
        "record_visit",
        json!({"visitId": visit, "call": {"reached": false}}),
    );
    assert!(!r.changed);
    assert_eq!(r.result.unwrap_err().code, ErrorCode::InvalidState);
}
