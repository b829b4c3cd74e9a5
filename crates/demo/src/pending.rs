//! Decisions left waiting at the end of the demo, so that a new user's 待我处理 shows the appeals
//! office and management something in their queues (the simulation decides every extension and
//! escalation it makes at once): an extension request on two appeals in their plan stage that are
//! not overdue, and an escalation of a supervised appeal with the latest due date (the supervision
//! scenario escalates the earliest overdue one). Written through the core's use cases at the
//! demo's "now".

use super::office::Office;
use chrono::{DateTime, FixedOffset};
use minyi_core::Store;
use minyi_core::error::Result;
use minyi_core::model::{Ctx, Status};
use minyi_core::queries::list::{ListFilter, SortKey, list};
use minyi_core::usecases::{escalate::escalate, extend_deadline::request_extension};

/// Leaves the decisions waiting; returns how many events that wrote.
pub(crate) fn leave_pending(
    store: &mut Store,
    office: &Office,
    now: DateTime<FixedOffset>,
) -> Result<u64> {
    let ctx = Ctx::new(&office.office, now);
    let open = |statuses: Vec<Status>| ListFilter {
        statuses,
        sort: SortKey::DueDesc,
        page_size: 50,
        ..Default::default()
    };
    let mut events = 0;
    let routed = list(store, &ctx, &open(vec![Status::Routed]))?;
    for row in routed.rows.iter().filter(|r| !r.due.overdue).take(2) {
        // The department asks: its handler when the demo has one for it.
        let handler = office
            .departments
            .iter()
            .position(|(id, _)| Some(*id) == row.department_id)
            .and_then(|i| office.handlers.get(i))
            .unwrap_or(&office.office);
        request_extension(
            store,
            &Ctx::new(handler, now),
            row.id,
            3,
            "需要会同相关单位现场核实，申请延长办理期限。",
        )?;
        events += 1;
    }
    let handled = list(
        store,
        &ctx,
        &open(vec![
            Status::Routed,
            Status::PlanSubmitted,
            Status::AwaitingFeedback,
        ]),
    )?;
    // The latest due of at least two candidates: never the earliest overdue appeal.
    let supervised: Vec<_> = handled
        .rows
        .iter()
        .filter(|r| r.supervision_count > 0 && !r.escalated)
        .collect();
    if let (true, Some(row)) = (supervised.len() >= 2, supervised.first()) {
        escalate(
            store,
            &ctx,
            row.id,
            "督办后承办部门仍未报送进展，请管理层协调。",
        )?;
        events += 1;
    }
    Ok(events)
}
