//! Co-handling (会办, issue 20 §6): routing with assisting departments, their opinions, the lead's
//! plan waiting for them (or the office's override), and what each department may see and do.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::check::check;
use minyi_core::model::*;
use minyi_core::queries::assists::{assist_tasks, cohandling};
use minyi_core::queries::detail::{PersonalData, detail};
use minyi_core::store::assists::AssistStatus;
use minyi_core::usecases::add_assist::{AssistInput, add_assist};
use minyi_core::usecases::override_assists::override_assists;
use minyi_core::usecases::route_cohandled::route_cohandled;
use minyi_core::usecases::submit_assist_opinion::submit_assist_opinion;
use minyi_core::usecases::submit_plan::submit_plan;
use minyi_core::usecases::*;

fn t(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
    at(&format!("2026-11-{s}+08:00"))
}

fn plan() -> PlanContent {
    PlanContent::Complaint {
        facts_found: "经现场核实，该工地确有夜间施工行为。".into(),
        responsible_party: "某建设工程有限公司".into(),
        measures: "责令停止夜间施工，交通运输局调整渣土车通行时间。".into(),
    }
}

/// A complaint accepted by the clerk, not yet routed.
fn accepted(env: &mut Env) -> i64 {
    let id = registered(env, "complaint", false);
    let clerk = env.office.clerk.clone();
    accept(
        &mut env.store,
        &clerk,
        id,
        Category::Complaint,
        t("20T10:05:00"),
    );
    id
}

fn assist(dept: i64, due: &str) -> AssistInput {
    AssistInput {
        department_id: dept,
        part: "核实渣土车夜间通行情况并提出管控意见".into(),
        due_date: due.parse().unwrap(),
    }
}

/// Event actions of an appeal, in order.
fn actions(env: &Env, id: i64) -> Vec<String> {
    let conn = env.store.sql_layer_for_tests();
    let mut stmt = conn
        .prepare("SELECT action FROM events WHERE appeal_id = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Routed by the clerk to 城市管理局 (lead) with 交通运输局 assisting, opinion due 2026-11-25.
fn cohandled(env: &mut Env) -> i64 {
    let id = accepted(env);
    let o = env.office.clone();
    let ctx = Ctx::new(&o.clerk, t("20T10:06:00"));
    let r = route_cohandled(
        &mut env.store,
        &ctx,
        id,
        o.departments[0].0,
        Some("请会同交通运输局办理"),
        &[assist(o.departments[3].0, "2026-11-25")],
    )
    .unwrap();
    assert_eq!(r.status, Status::Routed);
    assert!(r.message.contains("协办部门：交通运输局"), "{}", r.message);
    id
}

#[test]
fn routing_with_an_assisting_department_appends_both_events() {
    let mut env = env();
    let id = cohandled(&mut env);
    assert_eq!(
        actions(&env, id)[2..],
        ["route".to_string(), "add_assist".to_string()]
    );
    assert_eq!(count(&env.store, "appeal_assists"), 1);
    let o = env.office.clone();
    let p = cohandling(&env.store, &Ctx::new(&o.office, t("20T11:00:00")), id).unwrap();
    assert_eq!(p.lead_department_name.as_deref(), Some("城市管理局"));
    assert_eq!(p.assists.len(), 1);
    let a = &p.assists[0];
    assert_eq!(a.record.department_name, "交通运输局");
    assert_eq!(a.record.status, AssistStatus::Pending);
    assert_eq!(a.record.due_date.to_string(), "2026-11-25");
    assert_eq!(p.pending, ["交通运输局"]);
    assert!(p.may_override && p.may_add && a.may_submit);
    assert!(check(&env.store).unwrap().ok());
}

#[test]
fn a_bad_assisting_line_leaves_the_appeal_unrouted() {
    let mut env = env();
    let id = accepted(&mut env);
    let o = env.office.clone();
    let ctx = Ctx::new(&o.clerk, t("20T10:06:00"));
    let before = actions(&env, id).len();
    // The lead department itself, then a Saturday: each refused, naming the line's field.
    let e = route_cohandled(
        &mut env.store,
        &ctx,
        id,
        o.departments[0].0,
        None,
        &[
            assist(o.departments[3].0, "2026-11-25"),
            assist(o.departments[0].0, "2026-11-25"),
        ],
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.field.as_deref(), Some("assists.1.departmentId"));
    assert!(e.message.contains("主办部门"), "{}", e.message);
    let e = route_cohandled(
        &mut env.store,
        &ctx,
        id,
        o.departments[0].0,
        None,
        &[assist(o.departments[3].0, "2026-11-28")],
    )
    .unwrap_err();
    assert!(e.message.contains("休息日"), "{}", e.message);
    let e = route_cohandled(
        &mut env.store,
        &ctx,
        id,
        o.departments[0].0,
        None,
        &[AssistInput {
            part: "  ".into(),
            ..assist(o.departments[3].0, "2026-11-25")
        }],
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("assists.0.part"));
    // Nothing of any attempt was written.
    assert_eq!(actions(&env, id).len(), before);
    assert_eq!(count(&env.store, "appeal_assists"), 0);
    let a = minyi_core::testing::appeal(&env.store, id).unwrap();
    assert_eq!(a.status, Status::Accepted);
    assert_eq!(a.department_id, None);
}

#[test]
fn the_lead_plan_waits_for_the_assisting_opinion() {
    let mut env = env();
    let id = cohandled(&mut env);
    let o = env.office.clone();
    let lead = Ctx::new(&o.handlers[0], t("23T09:00:00"));
    let e = submit_plan(&mut env.store, &lead, id, &plan(), &OnBehalf::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("交通运输局"), "{}", e.message);
    assert!(e.message.contains("诉求管理员"), "{}", e.message);

    // The lead's staff cannot give the assisting department's opinion.
    let e = submit_assist_opinion(
        &mut env.store,
        &lead,
        id,
        Some(o.departments[3].0),
        "已核实",
        None,
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(e.message.contains("交通运输局"), "{}", e.message);

    // The assisting department's handler gives it (its own department by default).
    let helper = Ctx::new(&o.handlers[3], t("24T15:00:00"));
    let r = submit_assist_opinion(
        &mut env.store,
        &helper,
        id,
        None,
        "已调整渣土车通行时间为6时至22时，并加强夜间巡查。",
        None,
    )
    .unwrap();
    assert!(
        r.message.contains("交通运输局的协办意见已提交"),
        "{}",
        r.message
    );
    assert_eq!(r.status, Status::Routed);
    let e = submit_assist_opinion(&mut env.store, &helper, id, None, "再次提交", None).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);

    let p = cohandling(&env.store, &lead, id).unwrap();
    assert!(p.pending.is_empty());
    let a = &p.assists[0].record;
    assert_eq!(a.status, AssistStatus::Submitted);
    assert_eq!(
        a.opinion_by_name.as_deref(),
        Some(o.handlers[3].display_name.as_str())
    );
    assert!(a.opinion.as_deref().unwrap().contains("渣土车"));

    let r = submit_plan(&mut env.store, &lead, id, &plan(), &OnBehalf::default()).unwrap();
    assert_eq!(r.status, Status::PlanSubmitted);
    assert_eq!(
        actions(&env, id)[2..],
        [
            "route",
            "add_assist",
            "submit_assist_opinion",
            "submit_plan"
        ]
        .map(String::from)
    );
    assert!(check(&env.store).unwrap().ok());
}

#[test]
fn the_office_may_let_the_plan_go_ahead_with_a_reason() {
    let mut env = env();
    let id = cohandled(&mut env);
    let o = env.office.clone();
    let lead = Ctx::new(&o.handlers[0], t("23T09:00:00"));
    // Neither the lead's handler nor the clerk may override.
    for who in [&o.handlers[0], &o.clerk] {
        let e = override_assists(&mut env.store, &Ctx::new(who, t("23T09:00:00")), id, "急")
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden, "{}", e.message);
    }
    let office = Ctx::new(&o.office, t("26T09:00:00"));
    let e = override_assists(&mut env.store, &office, id, " ").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("reason"));
    let r = override_assists(
        &mut env.store,
        &office,
        id,
        "协办部门逾期未复，群众反映强烈，先行处理",
    )
    .unwrap();
    assert!(r.message.contains("交通运输局"), "{}", r.message);
    let (action, reason): (String, Option<String>) = env
        .store
        .sql_layer_for_tests()
        .query_row(
            "SELECT action, reason FROM events WHERE appeal_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(action, "override_assists");
    assert!(reason.unwrap().contains("先行处理"));
    let e = override_assists(&mut env.store, &office, id, "再来一次").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);

    submit_plan(&mut env.store, &lead, id, &plan(), &OnBehalf::default()).unwrap();
    // A late opinion is still taken while the appeal is open; the office may type it in.
    let r = submit_assist_opinion(
        &mut env.store,
        &Ctx::new(&o.office, t("27T09:00:00")),
        id,
        Some(o.departments[3].0),
        "同意城管局处理意见。",
        Some("李科长"),
    )
    .unwrap();
    assert_eq!(r.status, Status::PlanSubmitted);
    let (dept, person): (Option<i64>, Option<String>) = env
        .store
        .sql_layer_for_tests()
        .query_row(
            "SELECT on_behalf_department, on_behalf_person FROM events WHERE appeal_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(dept, Some(o.departments[3].0));
    assert_eq!(person.as_deref(), Some("李科长"));
}

#[test]
fn an_assisting_department_sees_the_appeal_and_a_third_department_sees_nothing() {
    let mut env = env();
    let id = cohandled(&mut env);
    let o = env.office.clone();
    let helper = Ctx::new(&o.handlers[3], t("23T09:00:00"));
    let d = detail(&env.store, &helper, id, PersonalData::Full).unwrap();
    // Personal data stays with the lead department; none of the lead's actions.
    assert!(d.personal_data_masked && !d.may_reveal);
    assert!(d.allowed_actions.is_empty(), "{:?}", d.allowed_actions);
    let p = cohandling(&env.store, &helper, id).unwrap();
    assert!(p.viewer_assists && p.assists[0].may_submit && !p.may_override && !p.may_add);
    // Nor may it act as the lead.
    let e = submit_plan(&mut env.store, &helper, id, &plan(), &OnBehalf::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let tasks = assist_tasks(&env.store, &helper, 50).unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].appeal_id, id);
    assert_eq!(tasks[0].lead_department_name.as_deref(), Some("城市管理局"));

    for third in [&o.handlers[1], &o.heads[1]] {
        let c = Ctx::new(third, t("23T09:00:00"));
        assert_eq!(
            detail(&env.store, &c, id, PersonalData::Masked)
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );
        assert_eq!(
            cohandling(&env.store, &c, id).unwrap_err().code,
            ErrorCode::NotFound
        );
        let e = submit_assist_opinion(&mut env.store, &c, id, Some(o.departments[3].0), "x", None)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
        assert!(assist_tasks(&env.store, &c, 50).unwrap().is_empty());
    }
    // The lead's handler sees the panel but is not asked for an opinion.
    let lead = Ctx::new(&o.handlers[0], t("23T09:00:00"));
    let p = cohandling(&env.store, &lead, id).unwrap();
    assert!(!p.viewer_assists && !p.assists[0].may_submit);
    assert!(assist_tasks(&env.store, &lead, 50).unwrap().is_empty());

    // Once the opinion is in, the queue is empty.
    submit_assist_opinion(&mut env.store, &helper, id, None, "已核实。", None).unwrap();
    assert!(assist_tasks(&env.store, &helper, 50).unwrap().is_empty());
}

#[test]
fn the_office_adds_an_assisting_department_while_the_lead_handles() {
    let mut env = env();
    let id = routed(&mut env);
    let o = env.office.clone();
    let office = Ctx::new(&o.office, t("23T09:00:00"));
    // A handler may not; the lead department itself and a past date are refused.
    let e = add_assist(
        &mut env.store,
        &Ctx::new(&o.handlers[0], t("23T09:00:00")),
        id,
        &assist(o.departments[1].0, "2026-11-26"),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = add_assist(
        &mut env.store,
        &office,
        id,
        &assist(o.departments[0].0, "2026-11-26"),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("departmentId"));
    let e = add_assist(
        &mut env.store,
        &office,
        id,
        &assist(o.departments[1].0, "2026-11-20"),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("dueDate"));
    let r = add_assist(
        &mut env.store,
        &office,
        id,
        &assist(o.departments[1].0, "2026-11-26"),
    )
    .unwrap();
    assert!(r.message.contains("住房和城乡建设局"), "{}", r.message);
    let e = add_assist(
        &mut env.store,
        &office,
        id,
        &assist(o.departments[1].0, "2026-11-27"),
    )
    .unwrap_err();
    assert!(e.message.contains("无需重复"), "{}", e.message);
    assert_eq!(actions(&env, id).last().unwrap(), "add_assist");

    // Once the plan is in, no assisting department is added any more.
    let lead = Ctx::new(&o.handlers[0], t("24T09:00:00"));
    override_assists(&mut env.store, &office, id, "先行处理").unwrap();
    submit_plan(&mut env.store, &lead, id, &plan(), &OnBehalf::default()).unwrap();
    let e = add_assist(
        &mut env.store,
        &office,
        id,
        &assist(o.departments[2].0, "2026-11-27"),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
}

#[test]
fn an_unrouted_appeal_gets_no_assisting_department_outside_routing() {
    let mut env = env();
    let id = accepted(&mut env);
    let o = env.office.clone();
    let e = add_assist(
        &mut env.store,
        &Ctx::new(&o.office, t("20T11:00:00")),
        id,
        &assist(o.departments[1].0, "2026-11-26"),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("分流时"), "{}", e.message);
}
