//! The one dispatch every transport uses: a name and JSON arguments become a [`Request`], which
//! runs as the caller and answers JSON and whether open screens should reload. Unknown names and
//! bad arguments are refused in Chinese without echoing what was sent; a command that needs a
//! session refuses nobody; a write that succeeds is announced, a refused one is not.

mod common;

use common::{Desk, PASSWORD};
use minyi_core::ErrorCode;
use minyi_core::model::Role;
use minyi_service::{Call, Caller, Effect, Request, catalogue};
use serde_json::{Value, json};
use std::collections::HashSet;

fn dispatch(call: &Call<'_>, name: &str, args: Value) -> minyi_service::Reply {
    match Request::parse(name, args) {
        Ok(request) => request.run(call),
        Err(e) => minyi_service::Reply {
            result: Err(e),
            changed: false,
        },
    }
}

#[test]
fn an_unknown_name_is_refused_in_chinese() {
    let e = Request::parse("drop_all_appeals", json!({}))
        .err()
        .expect("no such command");
    assert_eq!(e.code, ErrorCode::NotFound);
    assert!(
        e.message.contains("没有名为“drop_all_appeals”的操作"),
        "{}",
        e.message
    );
    assert!(e.message.contains("升级"), "{}", e.message);
    assert_eq!(e.field, None);

    // A very long name is not echoed in full.
    let long = "x".repeat(5000);
    let e = Request::parse(&long, Value::Null).err().unwrap();
    assert!(e.message.chars().count() < 200, "{}", e.message);
}

#[test]
fn bad_arguments_name_the_command_and_the_field_but_never_the_value() {
    // A phone number where an id belongs.
    let e = Request::parse(
        "appeal_detail",
        json!({"id": "13812345678", "personal": "masked"}),
    )
    .err()
    .expect("an id is a number");
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.field.as_deref(), Some("args"));
    assert!(e.message.contains("appeal_detail"), "{}", e.message);
    assert!(!e.message.contains("13812345678"), "{}", e.message);

    // A personal name where a number belongs, deeper in.
    let e = Request::parse(
        "list_appeals",
        json!({"filter": {"departmentId": "张三丰", "pageSize": 20}}),
    )
    .err()
    .unwrap();
    assert_eq!(e.field.as_deref(), Some("args"));
    assert!(!e.message.contains("张三丰"), "{}", e.message);

    // A missing argument is named.
    let e = Request::parse("appeal_detail", json!({"personal": "masked"}))
        .err()
        .unwrap();
    assert_eq!(e.field.as_deref(), Some("args"));
    assert!(e.message.contains("`id`"), "{}", e.message);

    // Arguments that are not an object at all.
    let e = Request::parse("add_department", json!("城市管理局"))
        .err()
        .unwrap();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(!e.message.contains("城市管理局"), "{}", e.message);

    // A command without arguments may be sent with none.
    let r = Request::parse("vocabulary", Value::Null).unwrap();
    assert_eq!((r.name(), r.effect()), ("vocabulary", Effect::Open));
    assert!(Request::parse("cancel_import", Value::Null).is_ok());
}

#[test]
fn only_open_commands_answer_nobody() {
    let desk = Desk::new(false);
    let nobody = Call::new(&desk.office, &desk.host, Caller::Nobody);

    let reply = dispatch(&nobody, "vocabulary", Value::Null);
    assert!(reply.result.unwrap()["channels"].is_array());
    assert!(!reply.changed);

    let reply = dispatch(
        &nobody,
        "list_appeals",
        json!({"filter": {"page": 1, "pageSize": 20}}),
    );
    let e = reply.result.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotSignedIn);
    assert!(e.message.contains("重新登录"), "{}", e.message);
    assert!(!reply.changed);

    // A write as nobody is refused before it runs, and announces nothing.
    let reply = dispatch(&nobody, "add_department", json!({"name": "城市管理局"}));
    assert_eq!(reply.result.unwrap_err().code, ErrorCode::NotSignedIn);
    assert!(!reply.changed);
    // Even the cancel of a job is for a session.
    let reply = dispatch(&nobody, "cancel_batch_print", Value::Null);
    assert_eq!(reply.result.unwrap_err().code, ErrorCode::NotSignedIn);

    // Signed in, the list answers.
    let reply = dispatch(
        &desk.call(),
        "list_appeals",
        json!({"filter": {"page": 1, "pageSize": 20}}),
    );
    assert_eq!(reply.result.unwrap()["total"], 0);
    assert!(!reply.changed, "a read changes nothing others see");
}

#[test]
fn a_successful_write_is_announced_and_a_refused_one_is_not() {
    let mut desk = Desk::new(false);
    let reply = dispatch(
        &desk.call(),
        "add_department",
        json!({"name": "城市管理局"}),
    );
    assert!(reply.changed);
    let id = reply.result.unwrap().as_i64().unwrap();
    assert!(id > 0);

    // The same name again: refused by the rule, nothing changed.
    let reply = dispatch(
        &desk.call(),
        "add_department",
        json!({"name": "城市管理局"}),
    );
    assert!(reply.result.is_err());
    assert!(!reply.changed);

    // A write the caller may not make: refused, nothing changed.
    desk.add_user("wangwu", "王五", &[Role::IntakeClerk], false);
    desk.sign_in("wangwu", PASSWORD).unwrap();
    let reply = dispatch(
        &desk.call(),
        "add_department",
        json!({"name": "交通运输局"}),
    );
    assert_eq!(reply.result.unwrap_err().code, ErrorCode::Forbidden);
    assert!(!reply.changed);
    let reply = dispatch(&desk.call(), "departments", Value::Null);
    let names: Vec<String> = reply
        .result
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"城市管理局".to_string()));
    assert!(!names.contains(&"交通运输局".to_string()));
}

#[test]
fn the_catalogue_names_every_command_once_and_each_parses() {
    let entries = catalogue();
    let names: HashSet<&str> = entries.iter().map(|e| e.name).collect();
    assert_eq!(names.len(), entries.len(), "a name is used twice");
    for e in &entries {
        // Every name reaches its command: a parse fails on the arguments, never on the name.
        if let Err(err) = Request::parse(e.name, json!({"__unknown": true})) {
            assert_ne!(err.code, ErrorCode::NotFound, "{}: {}", e.name, err.message);
        }
    }
    let effect = |name: &str| entries.iter().find(|e| e.name == name).unwrap().effect;
    assert_eq!(effect("vocabulary"), Effect::Open);
    assert_eq!(effect("list_appeals"), Effect::Read);
    assert_eq!(effect("register_appeal"), Effect::Write);
    assert_eq!(effect("import_batch"), Effect::WriteInChunks);
    // What a failed call announces.
    assert!(!Effect::Write.changed(false) && Effect::Write.changed(true));
    assert!(Effect::WriteInChunks.changed(false));
    assert!(!Effect::Read.changed(true) && !Effect::Open.changed(true));
}

/// A desk locking its window writes the security log but changes nothing any screen shows: it
/// is not announced (it was, and every other desk reloaded its page whenever one desk locked).
#[test]
fn a_window_lock_is_logged_but_not_announced() {
    let desk = Desk::new(false);
    let reply = dispatch(
        &desk.call(),
        "record_window_lock",
        json!({"idleMinutes": 15}),
    );
    assert!(reply.result.is_ok(), "{:?}", reply.result);
    assert!(!reply.changed);
    // It still needs the office: a desk that cannot reach the server does not try.
    assert!(Effect::Quiet.writes());
}

/// Found by the API fuzzer: a page number near the largest integer overflowed the offset, and a
/// year near it overflowed the calendar's dates (a panic, answered as a server error). Both are
/// refused in Chinese now.
#[test]
fn absurd_pages_and_years_are_refused_not_overflowed() {
    let desk = Desk::new(false);
    let mut filter =
        serde_json::to_value(minyi_core::queries::list::ListFilter::default()).unwrap();
    filter["page"] = json!(9_223_372_036_854_775_806_i64);
    filter["pageSize"] = json!(0);
    for (name, args) in [
        ("list_appeals", json!({ "filter": filter })),
        (
            "tracking_ledger",
            json!({ "filter": {"departmentId": null, "includeResolved": false, "checkDueBy": null, "page": 9_223_372_036_854_775_806_i64, "pageSize": 0} }),
        ),
        (
            "appeal_rows",
            json!({ "ids": [], "page": i64::MAX, "pageSize": 0 }),
        ),
        ("calendar_year", json!({ "year": i32::MAX })),
    ] {
        let e = dispatch(&desk.call(), name, args).result.unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{name}: {}", e.message);
        assert!(
            e.message.contains("页码超出范围") || e.message.contains("年份"),
            "{}",
            e.message
        );
    }
}
