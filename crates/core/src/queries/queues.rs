//! 待我处理: the decisions waiting for the signed-in user, one queue per kind of decision, and the
//! two rules of the regulation that find appeals nobody has flagged yet.
//!
//! The regulation asks for decisions that are not a status of their own: an extension request
//! (延期) waits for the office or management, an escalation (上报, §五(二)2) for management's
//! 批示, a dissatisfied appellant for the talk, and a department owes a progress report at the
//! interval the office sets (定期反馈进展, §五(一)2). Each queue here is one query whose count,
//! earliest due date and appeals come from the same condition; the workbench
//! ([`super::tasks::my_tasks`]) carries them, so every screen and the CLI show the same numbers.
//! Who sees a queue is the access matrix's answer for the action that decides it (a department's
//! staff only their department's appeals).
//!
//! 进度缓慢 (§五(二)1) is the office's early warning: an appeal not yet overdue whose current stage
//! has used at least `progress.slow_share_percent` of its working days with no progress report
//! since the stage began. Working days are counted with the office's calendar exactly as the
//! deadlines are.

use super::list::{AppealRow, ROW_COLS, flag_rows, forced_department, row_from};
use crate::access::{self, Action, Scope};
use crate::calendar::WorkCalendar;
use crate::error::Result;
use crate::model::{Ctx, Role, Stage, Status};
use crate::store::Store;
use crate::store::settings::{self, SettingKey};
use crate::store::sql;
use crate::store::sql::Connection;
use crate::store::sql::types::Value as Sql;
use crate::time::{fmt_date, parse_date, parse_ts};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// How many appeals of a queue are named (most urgent first); the count is always the whole queue.
pub const QUEUE_IDS: usize = 500;

/// The kind of decision a queue waits for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum QueueKind {
    /// 延期申请待审批: requests awaiting the office's or management's decision.
    Extension,
    /// 上报事项待批示: escalations awaiting management's instruction.
    Escalation,
    /// 处理方案待审核: plans awaiting the department head's review.
    Review,
    /// 处理方案待审批: plans awaiting management's approval.
    Approval,
    /// 不满意待沟通: dissatisfied appellants awaiting the talk.
    FollowUp,
    /// 待报告进展: appeals whose periodic progress report is due.
    Progress,
}

impl QueueKind {
    /// The queue's name on the workbench.
    pub const fn label(self) -> &'static str {
        match self {
            QueueKind::Extension => "延期申请待审批",
            QueueKind::Escalation => "上报事项待批示",
            QueueKind::Review => "处理方案待审核",
            QueueKind::Approval => "处理方案待审批",
            QueueKind::FollowUp => "不满意待沟通",
            QueueKind::Progress => "待报告进展",
        }
    }
}

/// One queue of decisions waiting for the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DecisionQueue {
    pub kind: QueueKind,
    pub label: String,
    pub count: i64,
    /// The earliest due date in the queue (for 待报告进展 the earliest report due).
    pub earliest_due: Option<NaiveDate>,
    /// The queue's appeals, most urgent first (at most [`QUEUE_IDS`]).
    pub appeal_ids: Vec<i64>,
}

/// Statuses in which the handling department owes periodic progress reports: from routing until
/// its feedback (tracking has its own check dates).
const REPORTING: [Status; 4] = [
    Status::Routed,
    Status::PlanSubmitted,
    Status::AwaitingApproval,
    Status::AwaitingFeedback,
];

/// Statuses in which an appeal's slowness is its department's: making the plan, the head's
/// review, carrying it out and feeding back.
const SLOW_STATUSES: [Status; 3] = [
    Status::Routed,
    Status::PlanSubmitted,
    Status::AwaitingFeedback,
];

/// The department a scope limits a queue to (`None`: all appeals).
fn department_of(ctx: &Ctx<'_>, scope: Scope) -> Option<i64> {
    match scope {
        Scope::All => None,
        Scope::OwnDepartment => Some(ctx.actor.department_id),
    }
}

/// The queues waiting for the signed-in user, in a fixed order; a queue the user's roles do not
/// decide is left out, an empty one the user decides is listed with 0.
pub fn decision_queues(store: &Store, ctx: &Ctx<'_>) -> Result<Vec<DecisionQueue>> {
    let conn = store.conn();
    let mut out = Vec::new();
    let by_action = [
        (QueueKind::Extension, Action::DecideExtension),
        (QueueKind::Escalation, Action::Instruct),
        (QueueKind::Review, Action::Review),
        (QueueKind::Approval, Action::Approve),
        (QueueKind::FollowUp, Action::FollowUp),
    ];
    for (kind, action) in by_action {
        let Some(scope) = access::scope(ctx.actor, action) else {
            continue;
        };
        let dept = department_of(ctx, scope);
        let (from, mut cond) = match kind {
            QueueKind::Extension => (
                "extensions e JOIN appeals a ON a.id = e.appeal_id",
                "e.status = 'pending'".to_string(),
            ),
            QueueKind::Escalation => (
                "escalations e JOIN appeals a ON a.id = e.appeal_id",
                "e.instruction IS NULL".to_string(),
            ),
            QueueKind::Review => ("appeals a", status_is(Status::PlanSubmitted)),
            QueueKind::Approval => ("appeals a", status_is(Status::AwaitingApproval)),
            QueueKind::FollowUp => ("appeals a", status_is(Status::FollowUp)),
            QueueKind::Progress => continue,
        };
        let mut args = Vec::new();
        if let Some(d) = dept {
            args.push(Sql::Integer(d));
            cond.push_str(" AND a.department_id = ?1");
        }
        out.push(sql_queue(conn, kind, from, &cond, &args)?);
    }
    // The periodic report is the handling department's own duty.
    let reports = ctx
        .actor
        .roles
        .iter()
        .any(|r| matches!(r, Role::Handler | Role::DepartmentHead));
    if reports {
        let due = progress_due(store, ctx.actor.department_id, ctx.today())?;
        out.push(DecisionQueue {
            kind: QueueKind::Progress,
            label: QueueKind::Progress.label().into(),
            count: due.len() as i64,
            earliest_due: due.first().map(|d| d.1),
            appeal_ids: due.iter().take(QUEUE_IDS).map(|d| d.0).collect(),
        });
    }
    Ok(out)
}

fn status_is(s: Status) -> String {
    // Codes are fixed identifiers of this program, not input.
    format!("a.status = '{}'", s.code())
}

fn sql_queue(
    conn: &Connection,
    kind: QueueKind,
    from: &str,
    cond: &str,
    args: &[Sql],
) -> Result<DecisionQueue> {
    let (count, earliest): (i64, Option<String>) = conn
        .prepare_cached(&format!(
            "SELECT count(*), min(a.due_date) FROM {from} WHERE {cond}"
        ))?
        .query_row(sql::params_from_iter(args.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let appeal_ids = conn
        .prepare_cached(&format!(
            "SELECT a.id FROM {from} WHERE {cond}
             ORDER BY a.due_date IS NULL, a.due_date, a.id LIMIT {QUEUE_IDS}"
        ))?
        .query_map(sql::params_from_iter(args.iter()), |r| r.get(0))?
        .collect::<sql::Result<Vec<i64>>>()?;
    Ok(DecisionQueue {
        kind,
        label: kind.label().into(),
        count,
        earliest_due: earliest.as_deref().and_then(parse_date),
        appeal_ids,
    })
}

/// When the next progress report on an appeal is due: `interval` working days after the later of
/// the stage's start and the last report (`None` when reports are not required).
pub fn report_due(
    cal: &WorkCalendar,
    interval: i64,
    stage_started_on: NaiveDate,
    last_report: Option<NaiveDate>,
) -> Option<NaiveDate> {
    if interval <= 0 {
        return None;
    }
    let since = last_report.map_or(stage_started_on, |r| r.max(stage_started_on));
    Some(cal.add_working_days(since, interval).value)
}

/// The appeals of `department` whose periodic progress report is due by `today` (with that due
/// date), earliest first. Empty when the office requires no periodic reports.
pub fn progress_due(
    store: &Store,
    department: i64,
    today: NaiveDate,
) -> Result<Vec<(i64, NaiveDate)>> {
    let conn = store.conn();
    let interval = settings::get_i64(conn, SettingKey::ProgressIntervalDays)?;
    if interval <= 0 {
        return Ok(Vec::new());
    }
    let statuses: Vec<String> = REPORTING
        .iter()
        .map(|s| format!("'{}'", s.code()))
        .collect();
    let sql = format!(
        "SELECT a.id, a.stage_started_on,
                (SELECT max(p.at) FROM progress_reports p WHERE p.appeal_id = a.id)
         FROM appeals a
         WHERE a.department_id = ?1 AND a.status IN ({}) AND a.stage_started_on IS NOT NULL",
        statuses.join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([department], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    let cal = store.calendar();
    let mut due: Vec<(i64, NaiveDate)> = rows
        .into_iter()
        .filter_map(|(id, started, last)| {
            let started = parse_date(&started)?;
            let last = last.as_deref().and_then(parse_ts).map(|t| t.date_naive());
            let d = report_due(cal, interval, started, last)?;
            (d <= today).then_some((id, d))
        })
        .collect();
    due.sort_unstable_by_key(|&(id, d)| (d, id));
    Ok(due)
}

/// An appeal that is slow (进度缓慢), with what makes it so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SlowAppeal {
    pub appeal: AppealRow,
    pub stage: Stage,
    pub stage_started_on: NaiveDate,
    /// Working days of the stage used by today.
    pub days_used: i64,
    /// Working days the stage has, from its start to the due date.
    pub days_allowed: i64,
    /// The appeal's last progress report, if any (before this stage: none in it).
    pub last_progress_at: Option<DateTime<FixedOffset>>,
}

/// A page of slow appeals and the rule's share, for the sentence that explains it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SlowPage {
    pub rows: Vec<SlowAppeal>,
    pub total: i64,
    pub share_percent: i64,
}

/// Whether a stage that has used `used` of `allowed` working days is past `share` percent of it.
pub fn past_share(used: i64, allowed: i64, share: i64) -> bool {
    allowed > 0 && used * 100 >= share * allowed
}

/// Page `page` (from 0) of the slow appeals the user may see, earliest due date first: handled
/// by a department, not overdue, at least `progress.slow_share_percent` of the stage's working
/// days used and no progress report since the stage began.
pub fn slow_appeals(store: &Store, ctx: &Ctx<'_>, page: i64, page_size: i64) -> Result<SlowPage> {
    let dept = forced_department(ctx.actor)?;
    let w = super::window(page, page_size, 50, 200)?;
    let conn = store.conn();
    let share = settings::get_i64(conn, SettingKey::SlowSharePercent)?.clamp(1, 100);
    let today = ctx.today();
    let statuses: Vec<String> = SLOW_STATUSES
        .iter()
        .map(|s| format!("'{}'", s.code()))
        .collect();
    let mut args = vec![Sql::Text(fmt_date(today))];
    let mut cond = format!(
        "a.status IN ({}) AND a.department_id IS NOT NULL AND a.due_date >= ?1
         AND a.stage_started_on IS NOT NULL",
        statuses.join(", ")
    );
    if let Some(d) = dept {
        args.push(Sql::Integer(d));
        cond.push_str(" AND a.department_id = ?2");
    }
    let sql = format!(
        "SELECT {ROW_COLS}, a.stage, a.stage_started_on,
                (SELECT max(p.at) FROM progress_reports p WHERE p.appeal_id = a.id)
         FROM appeals a LEFT JOIN departments d ON d.id = a.department_id
         WHERE {cond} ORDER BY a.due_date, a.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let cal = store.calendar();
    let mut slow = Vec::new();
    for r in stmt.query_map(sql::params_from_iter(args.iter()), |r| {
        Ok((
            row_from(r)?,
            r.get::<_, Option<String>>(17)?,
            r.get::<_, String>(18)?,
            r.get::<_, Option<String>>(19)?,
        ))
    })? {
        let (row, stage, started, last) = r?;
        let (Some(stage), Some(started), Some(due)) = (
            stage.as_deref().and_then(Stage::from_code),
            parse_date(&started),
            row.due_date,
        ) else {
            continue;
        };
        let last = last.as_deref().and_then(parse_ts);
        if last.is_some_and(|t| t.date_naive() >= started) {
            continue;
        }
        let allowed = cal.working_days_between(started, due).value;
        let used = cal.working_days_between(started, today).value.max(0);
        if past_share(used, allowed, share) {
            slow.push(SlowAppeal {
                appeal: row,
                stage,
                stage_started_on: started,
                days_used: used,
                days_allowed: allowed,
                last_progress_at: last,
            });
        }
    }
    let total = slow.len() as i64;
    let mut rows: Vec<SlowAppeal> = slow
        .into_iter()
        .skip(w.offset as usize)
        .take(w.size as usize)
        .collect();
    let mut appeals: Vec<AppealRow> = rows.iter().map(|s| s.appeal.clone()).collect();
    flag_rows(store, &mut appeals, today)?;
    for (s, a) in rows.iter_mut().zip(appeals) {
        s.appeal = a;
    }
    Ok(SlowPage {
        rows,
        total,
        share_percent: share,
    })
}
