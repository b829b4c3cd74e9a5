//! The office's follow-ups at the end of the demo, which the bulk-written history skips: it
//! writes appeals without the use cases, so no closing put anything in the return-visit queue
//! (回访) and nothing was co-handled (会办). Like [`super::pending`], this is written through the
//! core's use cases, so tables, events and the hash chain are those of a real office:
//!
//! * **Return visits.** Every appeal closed in the last [`VISIT_WEEKS`] weeks enters the queue as
//!   its closing would have ([`queue_closed_since`], the settings' sample, queued at its closing
//!   time). Most visits are then completed with a satisfaction a few days after the closing, a few
//!   end as 未联系上 after three calls, a few have one unanswered call, and the latest closings
//!   stay open for the office to call.
//! * **Co-handling.** A few appeals the departments are working on (分流交办; every other one at
//!   most) ask another department to assist; most assisting departments have sent their opinion,
//!   one is waiting.
//!
//! Calls and opinions are dated between the closing (or the demo's "now" for 会办) and "now", so
//! every visit's calls follow its appeal's closing and nothing lies in the future.

use super::office::Office;
use chrono::{DateTime, Duration, FixedOffset};
use minyi_core::Store;
use minyi_core::error::Result;
use minyi_core::model::{Ctx, Satisfaction, Status, VisitStatus};
use minyi_core::queries::list::{ListFilter, SortKey, list};
use minyi_core::queries::visits::{VisitQuery, list_visits};
use minyi_core::usecases::add_assist::{AssistInput, add_assist};
use minyi_core::usecases::record_visit::{VisitCall, queue_closed_since, record_visit};
use minyi_core::usecases::submit_assist_opinion::submit_assist_opinion;

/// How far back closed appeals get a return visit.
pub(crate) const VISIT_WEEKS: i64 = 4;
/// Co-handled appeals; the last one's assisting department has not answered yet.
const COHANDLED: usize = 3;

/// Writes the visits and the co-handling; returns how many events that wrote.
pub(crate) fn follow_up(
    store: &mut Store,
    office: &Office,
    now: DateTime<FixedOffset>,
) -> Result<u64> {
    Ok(visits(store, office, now)? + cohandle(store, office, now)?)
}

fn call(reached: bool, satisfaction: Option<Satisfaction>, remark: &str) -> VisitCall {
    VisitCall {
        reached,
        satisfaction,
        remark: Some(remark.to_string()),
    }
}

fn visits(store: &mut Store, office: &Office, now: DateTime<FixedOffset>) -> Result<u64> {
    queue_closed_since(store, &(now - Duration::weeks(VISIT_WEEKS)))?;
    let ctx = Ctx::new(&office.office, now);
    let mut queue = Vec::new();
    for page in 0.. {
        let q = VisitQuery {
            status: Some(VisitStatus::Open),
            page,
            page_size: 200,
            ..Default::default()
        };
        let got = list_visits(store, &ctx, &q)?;
        let done = got.rows.len() < 200;
        queue.extend(
            got.rows
                .into_iter()
                .map(|r| (r.visit_id, r.closed_at.unwrap_or(r.queued_at))),
        );
        if done {
            break;
        }
    }
    let mut events = 0;
    for (i, (visit, closed)) in queue.into_iter().enumerate() {
        // A call on the `n`-th day after the closing, in the morning; none after "now".
        let day = |n: i64| (closed + Duration::days(n)).min(now);
        let age = (now - closed).num_days();
        let calls: Vec<(i64, VisitCall)> = match i % 10 {
            // The latest closings are still to be called.
            _ if age < 2 => vec![],
            0..=5 => {
                let s = match i % 7 {
                    0 => Satisfaction::BasicallySatisfied,
                    3 if i % 3 == 0 => Satisfaction::Dissatisfied,
                    _ => Satisfaction::Satisfied,
                };
                vec![(2, call(true, Some(s), "诉求人对办理结果作了评价"))]
            }
            6 if age >= 4 => vec![
                (1, call(false, None, "无人接听")),
                (2, call(false, None, "电话关机")),
                (3, call(false, None, "无人接听")),
            ],
            7 => vec![(1, call(false, None, "无人接听，择日再打"))],
            8 => vec![(1, call(true, None, "诉求人正忙，约定改日再谈"))],
            _ => vec![],
        };
        for (n, c) in calls {
            record_visit(store, &Ctx::new(&office.office, day(n)), visit, &c)?;
            events += 1;
        }
    }
    Ok(events)
}

fn cohandle(store: &mut Store, office: &Office, now: DateTime<FixedOffset>) -> Result<u64> {
    let ctx = Ctx::new(&office.office, now);
    let routed = list(
        store,
        &ctx,
        &ListFilter {
            statuses: vec![Status::Routed],
            sort: SortKey::DueDesc,
            page_size: 50,
            ..Default::default()
        },
    )?;
    let due = store.calendar().add_working_days(now.date_naive(), 3).value;
    let mut events = 0;
    let mut picked = 0;
    // Every other routed appeal at most: in a small demo most of them stay single-handled.
    for row in routed.rows.iter().step_by(2) {
        if picked == COHANDLED {
            break;
        }
        // The next department after the lead one assists; its handler answers.
        let Some(lead) = office
            .departments
            .iter()
            .position(|(id, _)| Some(*id) == row.department_id)
        else {
            continue;
        };
        let k = (lead + 1) % office.departments.len();
        let assisting = office.departments[k].0;
        add_assist(
            store,
            &ctx,
            row.id,
            &AssistInput {
                department_id: assisting,
                part: "请就职责范围内的相关情况提出协办意见，配合主办部门做好处置。".into(),
                due_date: due,
            },
        )?;
        events += 1;
        picked += 1;
        if picked < COHANDLED
            && let Some(handler) = office.handlers.get(k)
        {
            submit_assist_opinion(
                store,
                &Ctx::new(handler, now),
                row.id,
                None,
                "经核查，本部门职责范围内的情况已了解清楚，同意主办部门的处理意见，将配合做好后续工作。",
                None,
            )?;
            events += 1;
        }
    }
    Ok(events)
}
