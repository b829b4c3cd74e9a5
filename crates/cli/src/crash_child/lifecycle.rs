//! The lifecycle step of the crash child: the next action on a random open appeal, by the person
//! whose job it is, along one path (accept as a complaint → route → plan → review → approval for
//! major appeals → satisfied feedback → tracking → close). Every action moves the appeal forward
//! on that path, so the parent can check that an appeal is at least as far as acknowledged.

use crate::output::CliResult;
use crate::session::now;
use minyi_core::Store;
use minyi_core::model::{Category, Ctx, FeedbackMethod, PlanContent, Satisfaction, Status};
use minyi_core::queries::detail::{PersonalData, detail};
use minyi_core::queries::list::{ListFilter, matching_ids};
use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
use minyi_core::usecases::record_feedback::{FeedbackInput, record_feedback};
use minyi_core::usecases::{OnBehalf, approve, close, review, route, submit_plan};
use minyi_demo::Office;
use minyi_demo::rng::Rng;

/// The statuses the path goes through, in order (the parent's test keeps the same list).
pub const PATH: &[Status] = &[
    Status::Registered,
    Status::Accepted,
    Status::Routed,
    Status::PlanSubmitted,
    Status::AwaitingApproval,
    Status::AwaitingFeedback,
    Status::Tracking,
    Status::Closed,
];

/// Takes one open appeal one action further; answers its number and new status, or `None` when
/// no appeal is open.
pub fn step(
    store: &mut Store,
    office: &Office,
    rng: &mut Rng,
) -> CliResult<Option<(String, Status)>> {
    let viewer = Ctx::new(&office.office, now());
    let filter = ListFilter {
        statuses: PATH[..PATH.len() - 1].to_vec(),
        page_size: 200,
        ..Default::default()
    };
    let ids = matching_ids(store, &viewer, &filter, 200)?;
    if ids.is_empty() {
        return Ok(None);
    }
    let id = *rng.pick(&ids);
    let a = detail(store, &viewer, id, PersonalData::Masked)?.appeal;
    // The department's staff (routed appeals only), found by the department's place in the office.
    let dept = a
        .department_id
        .and_then(|d| office.departments.iter().position(|(id, _)| *id == d))
        .unwrap_or(0);
    let (handler, head) = (&office.handlers[dept], &office.heads[dept]);
    let outcome = match a.status {
        Status::Registered => initial_review(
            store,
            &Ctx::new(&office.clerk, now()),
            id,
            &InitialReviewInput::Accept {
                category: Category::Complaint,
                major: Some(rng.chance(0.3)),
                urgency: None,
                note: None,
            },
        )?,
        Status::Accepted => {
            let (to, _) = rng.pick(&office.departments);
            route::route(
                store,
                &Ctx::new(&office.office, now()),
                id,
                *to,
                Some("请核实处理"),
            )?
        }
        Status::Routed => submit_plan::submit_plan(
            store,
            &Ctx::new(handler, now()),
            id,
            &PlanContent::Complaint {
                facts_found: "经现场核实，反映的情况属实。".into(),
                responsible_party: "属地街道".into(),
                measures: "责令整改，每周巡查一次。".into(),
            },
            &OnBehalf::default(),
        )?,
        Status::PlanSubmitted => review::review(store, &Ctx::new(head, now()), id, true, "同意")?,
        Status::AwaitingApproval => approve::approve(
            store,
            &Ctx::new(&office.management, now()),
            id,
            true,
            "同意，抓紧落实",
        )?,
        Status::AwaitingFeedback => record_feedback(
            store,
            &Ctx::new(handler, now()),
            id,
            &FeedbackInput {
                method: FeedbackMethod::PhoneCall,
                content: "已电话告知处理结果".into(),
                satisfaction: Satisfaction::Satisfied,
                responsible: None,
            },
        )?,
        Status::Tracking => close::close(
            store,
            &Ctx::new(&office.office, now()),
            id,
            "措施已落实，诉求人满意",
        )?,
        // Off the path (never reached by this child).
        _ => return Ok(None),
    };
    Ok(Some((outcome.reg_number, outcome.status)))
}
