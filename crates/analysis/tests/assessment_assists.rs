//! Assessment counts co-handling (会办): each assisting department for its part (on time or late)
//! and the person who gave the opinion, beside the lead department's own handling runs.

use chrono::{DateTime, FixedOffset};
use minyi_analysis::assessment::assessment;
use minyi_analysis::period::Period;
use minyi_core::Store;
use minyi_core::model::{Category, Ctx};
use minyi_core::usecases::add_assist::AssistInput;
use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_core::usecases::route_cohandled::route_cohandled;
use minyi_core::usecases::submit_assist_opinion::submit_assist_opinion;
use minyi_demo::seed_office;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("2026-11-{s}+08:00")).unwrap()
}

#[test]
fn each_assisting_department_is_counted_for_its_part_on_time_or_late() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("minyi.db")).unwrap();
    let o = seed_office(&mut store, at("02T08:00:00")).unwrap();
    let input = RegisterInput {
        appellant: minyi_core::model::Appellant {
            name: "张三丰".into(),
            phone: Some("13812345678".into()),
            ..Default::default()
        },
        channel: "walk_in".into(),
        category: "complaint".into(),
        subject: "渣土车夜间通行噪音扰民".into(),
        content: "每天夜里渣土车经过小区门口，噪音很大。".into(),
        received_at: "2026-11-20T09:30:00+08:00".into(),
        ..Default::default()
    };
    let clerk = Ctx::new(&o.clerk, at("20T10:00:00"));
    let id = register(&mut store, &clerk, &input).unwrap().appeal_id;
    initial_review(
        &mut store,
        &clerk,
        id,
        &InitialReviewInput::Accept {
            category: Category::Complaint,
            major: None,
            urgency: None,
            note: None,
        },
    )
    .unwrap();
    let part = |dept: i64| AssistInput {
        department_id: dept,
        part: "提出协办意见".into(),
        due_date: "2026-11-24".parse().unwrap(),
    };
    let (lead, on_time, late) = (o.departments[0].0, o.departments[3].0, o.departments[1].0);
    route_cohandled(
        &mut store,
        &clerk,
        id,
        lead,
        None,
        &[part(on_time), part(late)],
    )
    .unwrap();
    submit_assist_opinion(
        &mut store,
        &Ctx::new(&o.handlers[3], at("24T16:00:00")),
        id,
        None,
        "已核实，同意主办部门意见。",
        None,
    )
    .unwrap();

    let period = Period::new("2026-11-01".parse().unwrap(), "2026-11-30".parse().unwrap()).unwrap();
    // Before the deadline the missing part is not judged yet.
    let a = assessment(&store, period, "2026-11-24".parse().unwrap()).unwrap();
    let dept = |a: &minyi_analysis::assessment::Assessment, d: i64| {
        a.departments
            .iter()
            .find(|r| r.department_id == Some(d))
            .map(|r| r.figures.clone())
    };
    let f = dept(&a, on_time).unwrap();
    assert_eq!((f.assists_measured, f.assists_on_time), (1, 1));
    assert_eq!(dept(&a, late), None);

    // After it, the missing part counts as late for its department.
    let a = assessment(&store, period, "2026-11-26".parse().unwrap()).unwrap();
    let f = dept(&a, late).unwrap();
    assert_eq!((f.assists_measured, f.assists_on_time), (1, 0));
    let row = a
        .departments
        .iter()
        .find(|r| r.department_id == Some(late))
        .unwrap();
    assert_eq!(row.scores.efficiency, Some(0.0));
    // The person who gave the on-time opinion is credited too; the lead is not, for the parts.
    let person = a
        .people
        .iter()
        .find(|r| r.user_id == Some(o.handlers[3].user_id))
        .unwrap();
    assert_eq!(person.figures.assists_on_time, 1);
    if let Some(f) = dept(&a, lead) {
        assert_eq!(f.assists_measured, 0);
    }
}
