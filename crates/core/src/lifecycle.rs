//! The pure part of every transition: how an appeal's state fields change, and the event payload
//! that records the change.
//!
//! Use cases (and the demo-data loader, which must produce the very same histories at bulk speed)
//! call these functions on an in-memory [`Appeal`]; only the use cases then write it. Every event
//! carries in `payload.set` exactly the tracked fields the transition changed, so folding the events
//! of an appeal in order ([`replay`]) must give back its stored row — the property tests and
//! `check` hold the core to that.

use crate::calendar::WorkCalendar;
use crate::model::{Appeal, Stage, Status};
use crate::time::{fmt_date, fmt_ts};
use chrono::NaiveDate;
use serde_json::{Map, Value, json};

/// The working days allowed per stage, read from settings once per action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowances {
    pub initial_review: i64,
    pub routing: i64,
    pub plan: i64,
    pub review: i64,
    pub feedback: i64,
    pub tracking_check: i64,
}

impl Default for Allowances {
    fn default() -> Self {
        Self {
            initial_review: 2,
            routing: 1,
            plan: 5,
            review: 3,
            feedback: 2,
            tracking_check: 10,
        }
    }
}

impl Allowances {
    pub fn for_stage(&self, stage: Stage) -> i64 {
        match stage {
            Stage::InitialReview => self.initial_review,
            Stage::Routing => self.routing,
            Stage::Plan => self.plan,
            Stage::Review => self.review,
            Stage::Feedback => self.feedback,
            Stage::Tracking => self.tracking_check,
        }
    }
    /// Working days from receipt to the expected feedback.
    pub fn expected_feedback_days(&self) -> i64 {
        self.initial_review + self.routing + self.plan + self.review + self.feedback
    }
}

/// Moves the appeal to `status`, starting that status's stage on `today` with its allowance.
/// A status whose stage equals the current one (e.g. review → approval) keeps the running
/// deadline: the SPEC gives review and approval one allowance together.
pub fn enter(
    a: &mut Appeal,
    status: Status,
    today: NaiveDate,
    allow: &Allowances,
    cal: &WorkCalendar,
) {
    let new_stage = status.stage();
    let keep =
        new_stage.is_some() && new_stage == a.stage && matches!(new_stage, Some(Stage::Review));
    a.status = status;
    if keep {
        return;
    }
    a.stage = new_stage;
    match new_stage {
        None => {
            a.stage_started_on = None;
            a.stage_days = None;
            a.due_date = None;
        }
        Some(stage) => {
            let days = allow.for_stage(stage);
            a.stage_started_on = Some(today);
            a.stage_days = Some(days);
            a.due_date = Some(cal.add_working_days(today, days).value);
        }
    }
}

/// Records the appellant's answer to feedback and moves the appeal on (§四(一)4): unreachable →
/// nothing changes (the attempt is recorded, the appeal keeps waiting); dissatisfied after a
/// handled result → follow-up talk; satisfied, or a rejection notice, or nothing to carry out →
/// closed at `now`; otherwise → tracking. The one rule for the use case and the demo generator.
pub fn record_feedback(
    a: &mut Appeal,
    satisfaction: crate::model::Satisfaction,
    has_measures: bool,
    now: chrono::DateTime<chrono::FixedOffset>,
    allow: &Allowances,
    cal: &WorkCalendar,
) {
    use crate::model::Satisfaction::*;
    let rejected = a.status == Status::Rejected;
    let next = match satisfaction {
        Unreachable => return,
        Dissatisfied if !rejected => Status::FollowUp,
        _ if rejected || !has_measures => Status::Closed,
        _ => Status::Tracking,
    };
    a.satisfaction = Some(satisfaction);
    enter(a, next, now.date_naive(), allow, cal);
    if next == Status::Closed {
        a.closed_at = Some(now);
    }
}

/// Sets an explicit due date (supervision, tracking check) that calendar edits must not move.
pub fn set_fixed_due(a: &mut Appeal, due: NaiveDate) {
    a.stage_days = None;
    a.due_date = Some(due);
}

/// The fields replay tracks, as JSON (status included).
pub fn tracked(a: &Appeal) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("status".into(), json!(a.status.code()));
    m.insert("archiveNumber".into(), json!(a.archive_number));
    m.insert("category".into(), json!(a.category.code()));
    m.insert("categoryConfirmed".into(), json!(a.category_confirmed));
    m.insert("major".into(), json!(a.major));
    m.insert("urgency".into(), json!(a.urgency.code()));
    m.insert("round".into(), json!(a.round));
    m.insert("departmentId".into(), json!(a.department_id));
    m.insert("stage".into(), json!(a.stage.map(|s| s.code())));
    m.insert(
        "stageStartedOn".into(),
        json!(a.stage_started_on.map(fmt_date)),
    );
    m.insert("stageDays".into(), json!(a.stage_days));
    m.insert("dueDate".into(), json!(a.due_date.map(fmt_date)));
    m.insert("supervisionCount".into(), json!(a.supervision_count));
    m.insert("escalated".into(), json!(a.escalated));
    m.insert(
        "satisfaction".into(),
        json!(a.satisfaction.map(|s| s.code())),
    );
    m.insert("mergedInto".into(), json!(a.merged_into));
    m.insert("closedAt".into(), json!(a.closed_at.as_ref().map(fmt_ts)));
    m
}

/// The tracked fields that differ between `before` (None = a new appeal: all of them) and `after`.
pub fn diff(before: Option<&Appeal>, after: &Appeal) -> Map<String, Value> {
    let new = tracked(after);
    match before {
        None => new,
        Some(b) => {
            let old = tracked(b);
            new.into_iter()
                .filter(|(k, v)| old.get(k) != Some(v))
                .collect()
        }
    }
}

/// The event payload: `{ "set": <changed fields>, ...extra }`.
pub fn payload(before: Option<&Appeal>, after: &Appeal, extra: Value) -> Value {
    let mut m = match extra {
        Value::Object(m) => m,
        Value::Null => Map::new(),
        other => {
            let mut m = Map::new();
            m.insert("data".into(), other);
            m
        }
    };
    m.insert("set".into(), Value::Object(diff(before, after)));
    Value::Object(m)
}

/// Folds event payloads (oldest first) into the tracked state they describe.
pub fn replay<'a>(payloads: impl IntoIterator<Item = &'a Value>) -> Map<String, Value> {
    let mut state = Map::new();
    for p in payloads {
        if let Some(Value::Object(set)) = p.get("set") {
            for (k, v) in set {
                state.insert(k.clone(), v.clone());
            }
        }
    }
    state
}
