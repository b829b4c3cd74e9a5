//! The bell (issue 20 §8): reminders for the signed-in person, derived from the event log and the
//! due dates, so that nothing is written when an appeal moves and the bell reads the same in 单机
//! and 联网 (a desk refreshes it when it hears `data-changed`, as the workbench does).
//!
//! Four kinds, each only about appeals the person may see and only made by someone else:
//!
//! * **new task** — an appeal moved into one of the person's queues (the workbench's queues: routed
//!   to my department, a plan to review, a plan to approve, …), still waiting there; also an
//!   escalation for management's 批示 and an extension request for those who decide it;
//! * **supervision** — a supervision notice issued on an appeal my department handles;
//! * **due tomorrow** — an appeal in my queues due on the next working day (the office calendar);
//! * **decision** — an extension approved or refused, or management's 批示, on an appeal I asked
//!   for or my department handles.
//!
//! What is read is one mark per person (`reminder_marks`): events up to an id, and the due
//! reminders of a day. Only the newest [`SCAN`] events are looked at, so the bell stays fast on a
//! million appeals; a person with no mark yet has the events of the last [`FRESH_DAYS`] days unread.

use super::tasks::{condition, queues, todo};
use crate::access::{Action, authorize, scope};
use crate::error::Result;
use crate::model::{Actor, Ctx, EventAction, Role, Status};
use crate::store::sql;
use crate::store::{Store, events, reminder_marks};
use crate::time::{fmt_date, parse_ts};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// How many of the newest events the bell looks at.
pub const SCAN: i64 = 5000;
/// With no read mark yet, events of this many days count as unread.
pub const FRESH_DAYS: i64 = 2;
/// At most this many "due tomorrow" reminders.
const DUE_LIMIT: i64 = 50;

/// What a reminder is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub enum ReminderKind {
    NewTask,
    Supervision,
    DueTomorrow,
    Decision,
}

/// One reminder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    /// Stable across refreshes: `e<event id>` or `d<appeal id>:<due date>` (a desk notifies each
    /// key once).
    pub key: String,
    pub kind: ReminderKind,
    pub appeal_id: i64,
    pub reg_number: String,
    pub subject: String,
    /// What happened or what is due, in Chinese (e.g. "分流：待制定处理方案").
    pub text: String,
    /// When it happened (`None` for a due date).
    pub at: Option<DateTime<FixedOffset>>,
    pub due_date: Option<NaiveDate>,
    pub unread: bool,
}

/// The bell: the newest reminders, how many are unread, and what "all read" marks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Reminders {
    /// Due reminders first, then events, newest first.
    pub items: Vec<Reminder>,
    pub unread: i64,
    /// The newest event looked at: 全部已读 marks up to it (a reminder arriving meanwhile stays
    /// unread).
    pub up_to_event: i64,
    /// The day the due reminders are for (today).
    pub today: NaiveDate,
}

struct EventRow {
    id: i64,
    at: String,
    action: EventAction,
    from: Option<Status>,
    to: Status,
    appeal_id: i64,
    reg_number: String,
    subject: String,
    department_id: Option<i64>,
    status: Status,
    requested_by_me: bool,
    escalated_by_me: bool,
}

fn handles_department(actor: &Actor) -> bool {
    actor.has_role(Role::Handler) || actor.has_role(Role::DepartmentHead)
}

/// The kind and text of event `e` as a reminder for `actor`, or `None` if it is not one.
fn classify(actor: &Actor, e: &EventRow) -> Option<(ReminderKind, String)> {
    let mine = e.department_id == Some(actor.department_id) && handles_department(actor);
    match e.action {
        EventAction::IssueSupervision if mine => {
            Some((ReminderKind::Supervision, "收到督办通知".to_string()))
        }
        EventAction::ApproveExtension | EventAction::RefuseExtension
            if mine || e.requested_by_me =>
        {
            Some((ReminderKind::Decision, e.action.label().to_string()))
        }
        EventAction::Instruct if mine || e.escalated_by_me => {
            Some((ReminderKind::Decision, e.action.label().to_string()))
        }
        EventAction::Escalate if actor.has_role(Role::Management) => Some((
            ReminderKind::NewTask,
            format!("{}：待批示", e.action.label()),
        )),
        EventAction::RequestExtension
            if scope(actor, Action::DecideExtension).is_some()
                && !actor.has_role(Role::Handler)
                && !actor.has_role(Role::DepartmentHead) =>
        {
            Some((
                ReminderKind::NewTask,
                format!("{}：待审批", e.action.label()),
            ))
        }
        EventAction::Register => None,
        _ if e.from != Some(e.to) && e.status == e.to && in_my_queue(actor, e) => Some((
            ReminderKind::NewTask,
            format!("{}：待{}", e.action.label(), todo(e.to)),
        )),
        _ => None,
    }
}

fn in_my_queue(actor: &Actor, e: &EventRow) -> bool {
    queues(actor).iter().any(|q| {
        q.statuses.contains(&e.to)
            && q.department.is_none_or(|d| e.department_id == Some(d))
            && (!q.unrouted_only || e.department_id.is_none())
    })
}

/// The acts that may make a reminder (`classify` decides which do, for whom): status moves into
/// someone's queue, supervision, escalation and extension decisions.
const SEEN_ACTIONS: [EventAction; 19] = [
    EventAction::InitialReview,
    EventAction::Reject,
    EventAction::AnswerDirectly,
    EventAction::Route,
    EventAction::ReturnMisrouted,
    EventAction::SubmitPlan,
    EventAction::ReviewPass,
    EventAction::ReviewReturn,
    EventAction::Approve,
    EventAction::ApprovalReturn,
    EventAction::RecordFeedback,
    EventAction::FollowUp,
    EventAction::Reopen,
    EventAction::IssueSupervision,
    EventAction::Escalate,
    EventAction::Instruct,
    EventAction::RequestExtension,
    EventAction::ApproveExtension,
    EventAction::RefuseExtension,
];

/// The signed-in person's reminders: at most `limit` of them, and the unread count.
pub fn reminders(store: &Store, ctx: &Ctx<'_>, limit: i64) -> Result<Reminders> {
    let conn = store.conn();
    let actor = ctx.actor;
    let me = actor.user_id;
    let today = ctx.today();
    let mark = reminder_marks::get(conn, me)?;
    let (head, _) = events::head(conn)?;
    let fresh_from = today - Duration::days(FRESH_DAYS);
    let unread_event = |id: i64, at: &str| match mark {
        Some(m) => id > m.event_id,
        None => parse_ts(at).is_some_and(|t| t.date_naive() >= fresh_from),
    };

    // Due tomorrow (the next working day), from the workbench's queues.
    let due_unread = mark.and_then(|m| m.due_read_on) != Some(today);
    let due = due_tomorrow(store, actor, today, due_unread)?;

    // Events by others among the newest SCAN.
    let actions = SEEN_ACTIONS
        .iter()
        .map(|a| format!("'{}'", a.code()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.id, e.at, e.action, e.from_status, e.to_status, a.id, a.reg_number, a.subject,
                a.department_id, a.status,
                EXISTS (SELECT 1 FROM extensions x WHERE x.appeal_id = a.id AND x.requested_by = ?2),
                EXISTS (SELECT 1 FROM escalations s WHERE s.appeal_id = a.id AND s.escalated_by = ?2)
         FROM events e JOIN appeals a ON a.id = e.appeal_id
         WHERE e.id > ?1 AND e.actor_id <> ?2 AND e.action IN ({actions})
         ORDER BY e.id DESC"
    ))?;
    let rows = stmt.query_map(sql::params![head - SCAN, me], |r| {
        Ok(EventRow {
            id: r.get(0)?,
            at: r.get(1)?,
            action: EventAction::from_db(&r.get::<_, String>(2)?),
            from: r.get::<_, Option<String>>(3)?.map(|s| Status::from_db(&s)),
            to: Status::from_db(&r.get::<_, String>(4)?),
            appeal_id: r.get(5)?,
            reg_number: r.get(6)?,
            subject: r.get(7)?,
            department_id: r.get(8)?,
            status: Status::from_db(&r.get::<_, String>(9)?),
            requested_by_me: r.get(10)?,
            escalated_by_me: r.get(11)?,
        })
    })?;
    let mut happened: Vec<Reminder> = Vec::new();
    let mut unread = if due_unread { due.len() as i64 } else { 0 };
    for r in rows {
        let e = r?;
        let Some((kind, text)) = classify(actor, &e) else {
            continue;
        };
        if authorize(actor, Action::ViewAppeal, e.department_id).is_err() {
            continue;
        }
        let is_unread = unread_event(e.id, &e.at);
        if is_unread {
            unread += 1;
        }
        if (happened.len() as i64) < limit {
            happened.push(Reminder {
                key: format!("e{}", e.id),
                kind,
                appeal_id: e.appeal_id,
                reg_number: e.reg_number,
                subject: e.subject,
                text,
                at: parse_ts(&e.at),
                due_date: None,
                unread: is_unread,
            });
        }
    }
    let mut items = due;
    items.extend(happened);
    items.truncate(limit.max(0) as usize);
    Ok(Reminders {
        items,
        unread,
        up_to_event: head,
        today,
    })
}

/// The appeals of `actor`'s queues due on the next working day (each once, at most DUE_LIMIT);
/// `unread` until the person has read the bell today.
fn due_tomorrow(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    unread: bool,
) -> Result<Vec<Reminder>> {
    let conn = store.conn();
    let tomorrow = store.calendar().add_working_days(today, 1).value;
    let mut due: Vec<Reminder> = Vec::new();
    for q in queues(actor) {
        let mut args = Vec::new();
        let cond = condition(&q, &mut args);
        args.push(sql::types::Value::Text(fmt_date(tomorrow)));
        let sql = format!(
            "SELECT a.id, a.reg_number, a.subject, a.status FROM appeals a
             WHERE {cond} AND a.due_date = ?{} ORDER BY a.id LIMIT {DUE_LIMIT}",
            args.len()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(sql::params_from_iter(args.iter()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for r in rows {
            let (id, reg_number, subject, status) = r?;
            if due.iter().any(|d| d.appeal_id == id) {
                continue;
            }
            due.push(Reminder {
                key: format!("d{id}:{}", fmt_date(tomorrow)),
                kind: ReminderKind::DueTomorrow,
                appeal_id: id,
                reg_number,
                subject,
                text: format!("明天到期：{}", todo(Status::from_db(&status))),
                at: None,
                due_date: Some(tomorrow),
                unread,
            });
        }
    }
    due.truncate(DUE_LIMIT as usize);
    Ok(due)
}
