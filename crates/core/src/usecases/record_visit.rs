//! Return visits (回访, issue 20 §9): after an appeal is closed, the office calls a share of the
//! appellants back and asks how satisfied they are, beside the satisfaction the feedback recorded.
//!
//! **Who enters the queue.** Closing (办结, by [`super::close`] or by a feedback that closes) puts
//! the appeal's round in the queue, in the closing's own transaction, when [`sampled`] says so:
//! `return_visit.complaint_percent` of the complaints (all of them by default) and
//! `return_visit.other_percent` of the rest. The choice is a hash of the appeal's id, not a random
//! draw, so the same appeal is always in or out for the same settings (tests and a re-run agree),
//! and the ids of an office spread evenly over the hundred buckets.
//!
//! **Calls.** Each call is one [`record_visit`]: one transaction that stores the call and appends
//! a `return_visit` event to the appeal (so the timeline of the detail page shows it). A call that
//! reached the appellant and got their satisfaction completes the visit; a call that reached them
//! without an answer (call back later) leaves it open; the [`MAX_UNREACHED`]-th call that reached
//! nobody closes it as 未联系上. A finished visit takes no more calls. The appeal's state does not
//! change: a visit is about a closed appeal, it does not reopen it.

use super::*;
use crate::model::{Ctx, EventAction, Satisfaction, VisitStatus};
use crate::store::{Store, visits};
use serde::Deserialize;

/// Calls that reach nobody before a visit is closed as 未联系上.
pub const MAX_UNREACHED: i64 = 3;

/// One call of a return visit, as the screen and the command line send it.
#[derive(
    Debug, Clone, PartialEq, Deserialize, serde::Serialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct VisitCall {
    /// Whether the call reached the appellant.
    pub reached: bool,
    /// Their satisfaction, when reached and they gave it (not 未能联系).
    #[serde(default)]
    pub satisfaction: Option<Satisfaction>,
    #[serde(default)]
    pub remark: Option<String>,
}

/// What a call changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct VisitOutcome {
    pub visit_id: i64,
    pub appeal_id: i64,
    pub reg_number: String,
    pub status: VisitStatus,
    /// Calls made so far, this one included.
    pub attempts: i64,
    /// e.g. "回访已完成：满意。"
    pub message: String,
}

/// Whether appeal `id` of `category` is visited, for the percentages of the settings: a stable
/// bucket 0–99 of the id (Fibonacci hashing) below the category's percentage.
pub fn sampled(id: i64, category: Category, complaint_percent: i64, other_percent: i64) -> bool {
    let percent = if category == Category::Complaint {
        complaint_percent
    } else {
        other_percent
    };
    let bucket = ((id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) % 100;
    (bucket as i64) < percent
}

/// Puts a just-closed appeal in the queue when it is sampled (in the closing's transaction);
/// returns whether it was queued.
pub(crate) fn enter_queue(conn: &Connection, a: &Appeal, now: &str) -> Result<bool> {
    let complaints = settings::get_i64(conn, settings::SettingKey::VisitComplaintPercent)?;
    let others = settings::get_i64(conn, settings::SettingKey::VisitOtherPercent)?;
    if sampled(a.id, a.category, complaints, others) {
        return visits::enqueue(conn, a.id, a.round, now);
    }
    // A visit held over a re-handling was in the queue already: it comes back even if the
    // settings no longer sample the appeal.
    visits::requeue_held(conn, a.id, a.round, now)
}

/// The closing hook for appeals written in bulk (the demo office, which skips the use cases): puts
/// every appeal closed at or after `since` in the queue as [`enter_queue`] would have when it was
/// closed, queued at its closing time. One transaction; returns how many were queued. Writes no
/// event, as closing writes none for the queue.
pub fn queue_closed_since(
    store: &mut Store,
    since: &chrono::DateTime<chrono::FixedOffset>,
) -> Result<u64> {
    store.write(|tx, _cal| {
        let mut queued = 0;
        for (id, closed_at) in visits::closed_without_visit(tx, &fmt_ts(since))? {
            let a = appeals::get(tx, id)?;
            queued += u64::from(enter_queue(tx, &a, &closed_at)?);
        }
        Ok(queued)
    })
}

/// Records one call of visit `visit_id`.
pub fn record_visit(
    store: &mut Store,
    ctx: &Ctx<'_>,
    visit_id: i64,
    call: &VisitCall,
) -> Result<VisitOutcome> {
    store.write(|tx, _cal| {
        let visit = visits::get(tx, visit_id)?;
        let before = load(tx, ctx, visit.appeal_id, Action::ReturnVisit)?;
        if visit.status != VisitStatus::Open {
            return Err(CoreError::invalid_state(format!(
                "该回访已结束（{}），不能再登记回访电话。",
                visit.status.label()
            )));
        }
        if before.closed_at.is_none() {
            return Err(CoreError::invalid_state(
                "该诉求正在重新办理，回访待办结后再进行。",
            ));
        }
        let satisfaction = match (call.reached, call.satisfaction) {
            (_, Some(Satisfaction::Unreachable)) => {
                return Err(CoreError::field(
                    "satisfaction",
                    "满意度请选择满意、基本满意或不满意；没有联系上时请选择“未联系上”。",
                ));
            }
            (false, Some(_)) => {
                return Err(CoreError::field(
                    "satisfaction",
                    "没有联系上诉求人时不能填写满意度。",
                ));
            }
            (_, s) => s,
        };
        let remark = crate::validate::optional("remark", "回访备注", call.remark.as_deref(), 500)?;
        let now = now_text(ctx);
        visits::insert_attempt(
            tx,
            visit.id,
            &now,
            ctx.actor.user_id,
            call.reached,
            satisfaction,
            remark.as_deref(),
        )?;
        let attempts = visit.attempts + 1;
        let unreached = visit.unreached + i64::from(!call.reached);
        let (status, message) = match satisfaction {
            Some(s) => (
                VisitStatus::Completed,
                format!("回访已完成：{}。", s.label()),
            ),
            None if call.reached => (
                VisitStatus::Open,
                "已记录联系上诉求人，尚未取得满意度评价，回访仍待完成。".to_string(),
            ),
            None if unreached >= MAX_UNREACHED => (
                VisitStatus::Unreached,
                format!("已 {unreached} 次未联系上，回访结束（未联系上）。"),
            ),
            None => (
                VisitStatus::Open,
                format!(
                    "已记录第 {unreached} 次未联系上，还可再回访 {} 次。",
                    MAX_UNREACHED - unreached
                ),
            ),
        };
        if status != VisitStatus::Open {
            visits::finish(tx, visit.id, status, satisfaction, &now)?;
        }
        let mut a = before.clone();
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::ReturnVisit,
            remark.as_deref(),
            serde_json::json!({
                "visit": visit.id,
                "attempt": attempts,
                "reached": call.reached,
                "satisfaction": satisfaction.map(|s| s.code()),
                "visitStatus": status.code(),
            }),
            (None, None),
        )?;
        Ok(VisitOutcome {
            visit_id: visit.id,
            appeal_id: a.id,
            reg_number: a.reg_number.clone(),
            status,
            attempts,
            message,
        })
    })
}
