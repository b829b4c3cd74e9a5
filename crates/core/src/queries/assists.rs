//! Co-handling (会办) on the read side: the 会办 panel of the detail page, the assisting
//! department's own queue (协办事项 on its workbench), and the assists of a cohort for assessment.
//!
//! An assisting department's staff see the appeals their department assists on in the current
//! round ([`crate::access::authorize_cohandled`]): the panel and the detail page, never the lead's
//! actions or the appellant's personal data. A department that neither leads nor assists sees
//! nothing of the appeal.

use super::{DueFlags, due_flags};
use crate::access::{self, Action, Scope};
use crate::error::{CoreError, Result};
use crate::model::{Appeal, Ctx, Status};
use crate::store::assists::{self, AssistRecord, AssistStatus};
use crate::store::sql;
use crate::store::sql::params;
use crate::store::{Store, appeals, settings, users};
use crate::time::{parse_date, parse_ts};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One assisting department's part, with its due flags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AssistView {
    #[serde(flatten)]
    pub record: AssistRecord,
    /// On a pending part: overdue / due soon / working days left.
    pub due: DueFlags,
    /// Whether this user may submit (or type) this department's opinion now.
    pub may_submit: bool,
}

/// The 会办 panel of an appeal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct CoHandling {
    pub appeal_id: i64,
    pub round: i64,
    pub lead_department_id: Option<i64>,
    pub lead_department_name: Option<String>,
    /// The assisting departments of the current round.
    pub assists: Vec<AssistView>,
    /// Those of earlier rounds (read only).
    pub earlier: Vec<AssistRecord>,
    /// Names of the departments whose opinion the lead's plan still waits for.
    pub pending: Vec<String>,
    /// Whether this user may add an assisting department now.
    pub may_add: bool,
    /// Whether this user may let the lead submit without the missing opinions.
    pub may_override: bool,
    /// Whether this user belongs to an assisting (not the lead) department of the appeal.
    pub viewer_assists: bool,
}

/// The 会办 panel of `appeal_id` for `ctx.actor`.
pub fn cohandling(store: &Store, ctx: &Ctx<'_>, appeal_id: i64) -> Result<CoHandling> {
    let conn = store.conn();
    let a = appeals::get(conn, appeal_id)?;
    let assisting = assists::assisting_departments(conn, a.id)?;
    if access::authorize_cohandled(ctx.actor, Action::ViewAppeal, a.department_id, &assisting)
        .is_err()
    {
        return Err(CoreError::not_found(
            "找不到该诉求，或它不在您的办理范围内。",
        ));
    }
    let soon = settings::due_soon_days(conn)?;
    let (current, earlier): (Vec<_>, Vec<_>) = assists::for_appeal(conn, a.id)?
        .into_iter()
        .partition(|s| s.round == a.round);
    let open = !a.status.is_final();
    let assists: Vec<AssistView> = current
        .into_iter()
        .map(|s| AssistView {
            due: if s.status == AssistStatus::Submitted || !open {
                DueFlags::default()
            } else {
                due_flags(store.calendar(), Some(s.due_date), ctx.today(), soon)
            },
            may_submit: open
                && s.status != AssistStatus::Submitted
                && access::allows(
                    ctx.actor,
                    Action::SubmitAssistOpinion,
                    Some(s.department_id),
                ),
            record: s,
        })
        .collect();
    let pending: Vec<String> = assists
        .iter()
        .filter(|s| s.record.status == AssistStatus::Pending)
        .map(|s| s.record.department_name.clone())
        .collect();
    let routed = a.status == Status::Routed;
    Ok(CoHandling {
        appeal_id: a.id,
        round: a.round,
        lead_department_id: a.department_id,
        lead_department_name: a
            .department_id
            .map(|d| users::department(conn, d).map(|d| d.name))
            .transpose()?,
        may_add: routed && access::allows(ctx.actor, Action::AddAssist, a.department_id),
        may_override: routed
            && !pending.is_empty()
            && access::allows(ctx.actor, Action::OverrideAssists, a.department_id),
        viewer_assists: a.department_id != Some(ctx.actor.department_id)
            && assisting.contains(&ctx.actor.department_id),
        pending,
        assists,
        earlier,
    })
}

/// The departments assisting on `a` in its current round (for the detail page's access check).
pub(crate) fn assisting(store: &Store, a: &Appeal) -> Result<Vec<i64>> {
    assists::assisting_departments(store.conn(), a.id)
}

/// One line of an assisting department's queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AssistTask {
    pub assist_id: i64,
    pub appeal_id: i64,
    pub reg_number: String,
    pub subject: String,
    pub lead_department_name: Option<String>,
    pub department_id: i64,
    pub department_name: String,
    pub part: String,
    pub due_date: NaiveDate,
    pub due: DueFlags,
}

/// The assisting opinions waiting for the user's department (all departments' for the appeals
/// office, which may type them in), oldest deadline first, at most `limit` (and 200).
pub fn assist_tasks(store: &Store, ctx: &Ctx<'_>, limit: i64) -> Result<Vec<AssistTask>> {
    let department = match access::scope(ctx.actor, Action::SubmitAssistOpinion) {
        Some(Scope::All) => None,
        Some(Scope::OwnDepartment) => Some(ctx.actor.department_id),
        None => return Ok(Vec::new()),
    };
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, a.id, a.reg_number, a.subject, ld.name, s.department_id, d.name, s.part, s.due_date
         FROM appeal_assists s
         JOIN appeals a ON a.id = s.appeal_id AND a.round = s.round
         JOIN departments d ON d.id = s.department_id
         LEFT JOIN departments ld ON ld.id = a.department_id
         WHERE s.status IN ('pending', 'waived')
           AND a.status NOT IN ('closed', 'merged', 'rejected')
           AND (CAST(?1 AS BIGINT) IS NULL OR s.department_id = ?1)
         ORDER BY s.due_date, s.id
         LIMIT ?2",
    )?;
    let soon = settings::due_soon_days(conn)?;
    let rows = stmt
        .query_map(params![department, limit.clamp(1, 200)], |r| {
            let due_date = parse_date(&r.get::<_, String>(8)?).unwrap_or_default();
            Ok(AssistTask {
                assist_id: r.get(0)?,
                appeal_id: r.get(1)?,
                reg_number: r.get(2)?,
                subject: r.get(3)?,
                lead_department_name: r.get(4)?,
                department_id: r.get(5)?,
                department_name: r.get(6)?,
                part: r.get(7)?,
                due_date,
                due: DueFlags::default(),
            })
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|mut t| {
            t.due = due_flags(store.calendar(), Some(t.due_date), ctx.today(), soon);
            t
        })
        .collect())
}

/// One assist as assessment counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssistRun {
    pub appeal_id: i64,
    pub department_id: i64,
    pub due_date: NaiveDate,
    /// When the opinion came in (China time), if it did.
    pub answered_on: Option<NaiveDate>,
    /// When the office stopped waiting for it, if it did before the opinion.
    pub waived_on: Option<NaiveDate>,
    /// Who submitted the opinion (the typist when the office typed it) and for whom.
    pub opinion_by: Option<i64>,
    pub on_behalf_person: Option<String>,
}

/// Visits the assists of the appeals with ids in `first..=last`, in (appeal, assist) order.
pub fn for_each_assist(
    store: &Store,
    first: i64,
    last: i64,
    mut visit: impl FnMut(AssistRun),
) -> Result<()> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT appeal_id, department_id, due_date, opinion_at, waived_at, opinion_by, on_behalf_person
         FROM appeal_assists WHERE appeal_id BETWEEN ?1 AND ?2 ORDER BY appeal_id, id",
    )?;
    let day = |s: Option<String>| {
        s.as_deref()
            .and_then(parse_ts)
            .map(|t| crate::time::to_cst(&t).date_naive())
    };
    let mut rows = stmt.query(params![first, last])?;
    while let Some(r) = rows.next()? {
        visit(AssistRun {
            appeal_id: r.get(0)?,
            department_id: r.get(1)?,
            due_date: parse_date(&r.get::<_, String>(2)?).unwrap_or_default(),
            answered_on: day(r.get(3)?),
            waived_on: day(r.get(4)?),
            opinion_by: r.get(5)?,
            on_behalf_person: r.get(6)?,
        });
    }
    Ok(())
}
