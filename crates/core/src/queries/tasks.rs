//! "My tasks" (工作台): what the signed-in user should do next, by due date.
//!
//! Each role contributes queues — (statuses, department or all) — and each queue is one indexed
//! query with its own limit; the results are merged by due date. Counts of all, overdue and
//! due-soon tasks come from the same conditions.

use super::list::{AppealRow, ROW_COLS, flag_rows, row_from};
use super::queues::{DecisionQueue, decision_queues};
use crate::error::Result;
use crate::model::*;
use crate::store::sql;
use crate::store::sql::types::Value as Sql;
use crate::store::{Store, settings};
use crate::time::fmt_date;
use serde::{Deserialize, Serialize};

/// One task: an appeal and what to do with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub appeal: AppealRow,
    /// e.g. "初审", "分流", "制定处理方案".
    pub todo: String,
}

/// The workbench: tasks and counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Workbench {
    pub tasks: Vec<Task>,
    pub total: i64,
    pub overdue: i64,
    pub due_soon: i64,
    /// 待我处理: the decisions waiting for the user, one queue per kind ([`super::queues`]).
    pub queues: Vec<DecisionQueue>,
}

pub(crate) struct Queue {
    pub(crate) statuses: &'static [Status],
    pub(crate) department: Option<i64>,
    /// Only appeals without a department (e.g. direct answers awaiting feedback at intake).
    pub(crate) unrouted_only: bool,
}

pub(crate) fn todo(status: Status) -> &'static str {
    match status {
        Status::Registered => "初审",
        Status::Accepted => "分流",
        Status::Rejected => "告知不予受理",
        Status::Routed => "制定处理方案",
        Status::PlanSubmitted => "审核处理方案",
        Status::AwaitingApproval => "审批",
        Status::AwaitingFeedback => "反馈处理结果",
        Status::FollowUp => "与诉求人沟通",
        Status::Talked => "决定重新办理或办结",
        Status::Tracking => "跟踪检查",
        Status::Closed | Status::Merged => "",
    }
}

pub(crate) fn queues(actor: &Actor) -> Vec<Queue> {
    let own = Some(actor.department_id);
    let mut q = Vec::new();
    for role in &actor.roles {
        match role {
            Role::IntakeClerk if actor.has_role(Role::AppealsOffice) => {}
            Role::IntakeClerk => {
                q.push(Queue {
                    statuses: &[Status::Registered, Status::Accepted, Status::Rejected],
                    department: None,
                    unrouted_only: false,
                });
                q.push(Queue {
                    statuses: &[Status::AwaitingFeedback],
                    department: None,
                    unrouted_only: true,
                });
            }
            Role::AppealsOffice => q.push(Queue {
                statuses: &[
                    Status::Registered,
                    Status::Accepted,
                    Status::Rejected,
                    Status::AwaitingFeedback,
                    Status::FollowUp,
                    Status::Talked,
                ],
                department: None,
                unrouted_only: false,
            }),
            Role::Handler => q.push(Queue {
                statuses: &[
                    Status::Routed,
                    Status::AwaitingFeedback,
                    Status::FollowUp,
                    Status::Tracking,
                ],
                department: own,
                unrouted_only: false,
            }),
            Role::DepartmentHead => q.push(Queue {
                statuses: &[Status::PlanSubmitted],
                department: own,
                unrouted_only: false,
            }),
            Role::Management => q.push(Queue {
                statuses: &[Status::AwaitingApproval],
                department: None,
                unrouted_only: false,
            }),
            Role::Administrator => {}
        }
    }
    q
}

pub(crate) fn condition(q: &Queue, args: &mut Vec<Sql>) -> String {
    let mut parts = Vec::new();
    let ps: Vec<String> = q
        .statuses
        .iter()
        .map(|s| {
            args.push(Sql::Text(s.code().into()));
            format!("?{}", args.len())
        })
        .collect();
    parts.push(format!("a.status IN ({})", ps.join(", ")));
    if let Some(d) = q.department {
        args.push(Sql::Integer(d));
        parts.push(format!("a.department_id = ?{}", args.len()));
    }
    if q.unrouted_only {
        parts.push("a.department_id IS NULL".into());
    }
    parts.join(" AND ")
}

/// The signed-in user's tasks (at most `limit`, most urgent first) and counts.
pub fn my_tasks(store: &Store, ctx: &Ctx<'_>, limit: i64) -> Result<Workbench> {
    let conn = store.conn();
    let today = ctx.today();
    let soon = settings::due_soon_days(conn)?;
    let soon_until = fmt_date(store.calendar().add_working_days(today, soon).value);
    let today_s = fmt_date(today);
    let mut rows: Vec<AppealRow> = Vec::new();
    let (mut total, mut overdue, mut due_soon) = (0, 0, 0);
    let mut seen_conditions = Vec::new();
    for q in queues(ctx.actor) {
        let mut args = Vec::new();
        let cond = condition(&q, &mut args);
        if seen_conditions.contains(&cond) {
            continue;
        }
        seen_conditions.push(cond.clone());
        let sql = format!(
            "SELECT {ROW_COLS} FROM appeals a LEFT JOIN departments d ON d.id = a.department_id
             WHERE {cond} ORDER BY a.due_date IS NULL, a.due_date, a.id LIMIT {limit}"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        for r in stmt.query_map(sql::params_from_iter(args.iter()), row_from)? {
            let r = r?;
            if !rows.iter().any(|x| x.id == r.id) {
                rows.push(r);
            }
        }
        let n = args.len();
        let count_sql = format!(
            "SELECT count(*), count(*) FILTER (WHERE a.due_date < ?{}),
                    count(*) FILTER (WHERE a.due_date >= ?{} AND a.due_date <= ?{})
             FROM appeals a WHERE {cond}",
            n + 1,
            n + 1,
            n + 2
        );
        args.push(Sql::Text(today_s.clone()));
        args.push(Sql::Text(soon_until.clone()));
        let (t, o, s): (i64, i64, i64) = conn
            .prepare_cached(&count_sql)?
            .query_row(sql::params_from_iter(args.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        total += t;
        overdue += o;
        due_soon += s;
    }
    rows.sort_by(|a, b| {
        (a.due_date.is_none(), a.due_date, a.id).cmp(&(b.due_date.is_none(), b.due_date, b.id))
    });
    rows.truncate(limit.max(0) as usize);
    flag_rows(store, &mut rows, today)?;
    let tasks = rows
        .into_iter()
        .map(|r| Task {
            todo: todo(r.status).to_string(),
            appeal: r,
        })
        .collect();
    Ok(Workbench {
        tasks,
        total,
        overdue,
        due_soon,
        queues: decision_queues(store, ctx)?,
    })
}
