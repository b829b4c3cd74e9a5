//! Who did what, for assessment (§八): the acts of an appeal that assessment credits to a person —
//! the initial review, each routing, each return as mis-routed and each handling plan — and the
//! stage runs with the due date a supervision notice set.
//!
//! Like [`super::stats`], these are streaming visitors over an id range (the caller keeps its
//! cohort), so assessment shares the statistics' shape and cost. The event log is read only for
//! the five actions that matter, through its `(appeal_id, id)` index, in order, so the k-th routing
//! of an appeal can be matched with its k-th routing stage run. Nothing here is personal data:
//! acts name staff, never appellants.

use crate::error::Result;
use crate::model::{EventAction, Stage};
use crate::queries::stats::from_day_number;
use crate::store::Store;
use crate::store::sql;
use crate::store::sql::params;
use chrono::NaiveDate;

/// What an act was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActKind {
    /// The initial review ended: accepted (`initial_review`) or rejected (`reject`).
    InitialReview,
    /// A routing stage ended: routed to a department (`route`) or answered directly.
    Route,
    /// The department returned the appeal as mis-routed.
    ReturnMisrouted,
    /// A handling plan was submitted.
    SubmitPlan,
}

/// One act, in the order of the event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Act {
    pub appeal_id: i64,
    pub kind: ActKind,
    /// Whether a `Route` act handed the appeal to a department (an answer given directly did not).
    pub to_department: bool,
    pub actor_id: i64,
    /// When the appeals office typed the act for a department (the single-workstation office).
    pub on_behalf_department: Option<i64>,
    pub on_behalf_person: Option<String>,
}

/// Visits the acts of the appeals with ids in `first..=last`, in (appeal, event) order.
pub fn for_each_act(
    store: &Store,
    first: i64,
    last: i64,
    mut visit: impl FnMut(Act),
) -> Result<()> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT appeal_id, action, actor_id, on_behalf_department, on_behalf_person
         FROM events INDEXED BY events_appeal
         WHERE appeal_id BETWEEN ?1 AND ?2
           AND action IN ('initial_review', 'reject', 'route', 'answer_directly',
                          'return_misrouted', 'submit_plan')
         ORDER BY appeal_id, id",
    )?;
    let mut rows = stmt.query(params![first, last])?;
    while let Some(r) = rows.next()? {
        let action = EventAction::from_db(&r.get::<_, String>(1)?);
        let kind = match action {
            EventAction::InitialReview | EventAction::Reject => ActKind::InitialReview,
            EventAction::Route | EventAction::AnswerDirectly => ActKind::Route,
            EventAction::ReturnMisrouted => ActKind::ReturnMisrouted,
            _ => ActKind::SubmitPlan,
        };
        visit(Act {
            appeal_id: r.get(0)?,
            kind,
            to_department: action == EventAction::Route,
            actor_id: r.get(2)?,
            on_behalf_department: r.get(3)?,
            on_behalf_person: r.get(4)?,
        });
    }
    Ok(())
}

/// One stage run with both its deadlines (see migration 003).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRow {
    pub appeal_id: i64,
    pub seq: i64,
    pub stage: Stage,
    pub department_id: Option<i64>,
    pub started_on: NaiveDate,
    /// The deadline timeliness is measured against (extensions move it, supervision does not).
    pub due_date: Option<NaiveDate>,
    /// The deadline now in force: after a supervision notice, the new due date it set.
    pub due_now: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub supervised: i64,
}

/// Visits the stage runs of the appeals with ids in `first..=last`, in (appeal, run) order.
pub fn for_each_run(
    store: &Store,
    first: i64,
    last: i64,
    mut visit: impl FnMut(RunRow),
) -> Result<()> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT appeal_id, seq, stage, department_id, started_day, due_day, due_now_day,
                ended_day, supervised
         FROM stage_spans WHERE appeal_id BETWEEN ?1 AND ?2
         ORDER BY appeal_id, seq",
    )?;
    let mut rows = stmt.query(params![first, last])?;
    while let Some(r) = rows.next()? {
        let Some(started_on) = from_day_number(r.get(4)?) else {
            continue;
        };
        let day = |i: usize| -> sql::Result<Option<NaiveDate>> {
            Ok(r.get::<_, Option<i64>>(i)?.and_then(from_day_number))
        };
        visit(RunRow {
            appeal_id: r.get(0)?,
            seq: r.get(1)?,
            stage: Stage::from_db(&r.get::<_, String>(2)?),
            department_id: r.get(3)?,
            started_on,
            due_date: day(5)?,
            due_now: day(6)?,
            ended_on: day(7)?,
            supervised: r.get(8)?,
        });
    }
    Ok(())
}

/// Every user's display name and department (retired users included: old acts still name them).
pub fn staff(store: &Store) -> Result<Vec<(i64, String, i64)>> {
    let conn = store.conn();
    let mut stmt =
        conn.prepare_cached("SELECT id, display_name, department_id FROM users ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The recommendations adopted from `from` to `to` (inclusive), as (owner department, owner
/// user): what assessment credits their owners with.
pub fn adopted_recommendation_owners(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(Option<i64>, Option<i64>)>> {
    crate::store::recommendations::adopted_owners(store.conn(), from, to)
}
