//! Co-handling 会办 through the command surface, as the window sends it (names and JSON): the
//! office routes with an assisting department, the lead's plan waits, the assisting handler finds
//! the part in `assist_tasks` and answers with `submit_assist_opinion`, a third department sees
//! nothing, and the lead's plan then goes through.

mod common;

use chrono::{Datelike, Duration, Weekday};
use common::{Desk, PASSWORD, day};
use minyi_core::ErrorCode;
use minyi_core::model::Role;
use minyi_core::usecases::accounts::NewUser;
use minyi_service::commands::admin::{AddDepartment, CreateUser};
use minyi_service::{Call, Reply, Request};
use serde_json::{Value, json};

fn dispatch(call: &Call<'_>, name: &str, args: Value) -> Reply {
    Request::parse(name, args).unwrap().run(call)
}

fn ok(r: Reply) -> Value {
    match r.result {
        Ok(v) => serde_json::to_value(v).unwrap(),
        Err(e) => panic!("refused: {}", e.message),
    }
}

fn refused(r: Reply, code: ErrorCode) -> String {
    let e = r.result.expect_err("refused");
    assert_eq!(e.code, code, "{}", e.message);
    e.message
}

/// A working day (Mon–Fri) a week from today in China.
fn due() -> String {
    let mut d = minyi_core::time::now_cst().date_naive() + Duration::days(7);
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d += Duration::days(1);
    }
    d.to_string()
}

#[test]
fn a_cohandled_appeal_goes_through_the_surface() {
    let mut desk = Desk::new(true);
    let dept = |name: &str| desk.run(AddDepartment { name: name.into() }).unwrap();
    let (lead, helper, third) = (dept("城市管理局"), dept("交通运输局"), dept("生态环境局"));
    let user = |username: &str, department_id: i64, roles: &[Role]| {
        desk.run(CreateUser {
            user: NewUser {
                username: username.into(),
                display_name: username.into(),
                department_id,
                roles: roles.to_vec(),
                password: PASSWORD.into(),
                agreement_signed_on: Some(day("2026-01-05")),
            },
        })
        .unwrap()
    };
    let office_dept = desk.signed_in.info.department_id;
    user("bgs", office_dept, &[Role::AppealsOffice]);
    user("cg", lead, &[Role::Handler]);
    user("jt", helper, &[Role::Handler]);
    user("hb", third, &[Role::Handler]);
    minyi_core::testing::confirm_grants_directly(&mut desk.store()).unwrap();

    desk.sign_in("bgs", PASSWORD).unwrap();
    let id = desk
        .register(json!({
            "appellant": {"name": "孙先生", "phone": "13700002222"},
            "channel": "walk_in", "category": "complaint",
            "subject": "渣土车夜间经过小区噪音扰民", "content": "每天夜里有渣土车经过小区门口，噪音很大。",
            "receivedAt": "2026-11-20T09:30:00+08:00"
        }))
        .appeal_id;
    ok(dispatch(
        &desk.call(),
        "initial_review",
        json!({"appealId": id, "input": {"decision": "accept", "category": "complaint"}}),
    ));
    let routed = dispatch(
        &desk.call(),
        "route_cohandled",
        json!({"appealId": id, "departmentId": lead, "note": null,
               "assists": [{"departmentId": helper, "part": "核实渣土车通行情况", "dueDate": due()}]}),
    );
    assert!(routed.changed);
    let out = ok(routed);
    assert!(
        out["message"]
            .as_str()
            .unwrap()
            .contains("协办部门：交通运输局"),
        "{out}"
    );
    let panel = ok(dispatch(
        &desk.call(),
        "cohandling",
        json!({"appealId": id}),
    ));
    assert_eq!(panel["pending"], json!(["交通运输局"]));
    assert_eq!(panel["mayOverride"], json!(true));
    assert_eq!(panel["assists"][0]["status"], json!("pending"));

    let plan = json!({"appealId": id, "plan": {"kind": "complaint", "factsFound": "属实。",
                      "responsibleParty": "某运输公司", "measures": "限制通行时段。"}});
    desk.sign_in("cg", PASSWORD).unwrap();
    let m = refused(
        dispatch(&desk.call(), "submit_plan", plan.clone()),
        ErrorCode::InvalidState,
    );
    assert!(m.contains("交通运输局"), "{m}");
    assert_eq!(
        ok(dispatch(&desk.call(), "assist_tasks", json!({"limit": 50}))),
        json!([])
    );

    desk.sign_in("hb", PASSWORD).unwrap();
    refused(
        dispatch(&desk.call(), "cohandling", json!({"appealId": id})),
        ErrorCode::NotFound,
    );
    refused(
        dispatch(
            &desk.call(),
            "appeal_detail",
            json!({"id": id, "personal": "masked"}),
        ),
        ErrorCode::NotFound,
    );

    desk.sign_in("jt", PASSWORD).unwrap();
    let tasks = ok(dispatch(&desk.call(), "assist_tasks", json!({"limit": 50})));
    assert_eq!(tasks[0]["appealId"], json!(id));
    assert_eq!(tasks[0]["leadDepartmentName"], json!("城市管理局"));
    let detail = ok(dispatch(
        &desk.call(),
        "appeal_detail",
        json!({"id": id, "personal": "full"}),
    ));
    assert_eq!(detail["personalDataMasked"], json!(true));
    let answered = dispatch(
        &desk.call(),
        "submit_assist_opinion",
        json!({"appealId": id, "opinion": "已调整通行时段。"}),
    );
    assert!(answered.changed);
    ok(answered);

    desk.sign_in("cg", PASSWORD).unwrap();
    let out = ok(dispatch(&desk.call(), "submit_plan", plan));
    assert_eq!(out["status"], json!("plan_submitted"));
}
