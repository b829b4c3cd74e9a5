//! A citizen rates the office's reply on the portal (§四(一)4: feedback through the channel the
//! appeal came in by). The office's reply is the feedback it recorded; while it could not yet hear
//! the appellant's view it records that feedback as 未能联系, and the appeal waits at 待反馈. The
//! rating is then recorded as the appeal's feedback by the office's own
//! [`record_feedback`](super::record_feedback::record_feedback) — method 网络留言回复, the reply's
//! words, the citizen's satisfaction — as the built-in `portal` account, so everything after it is
//! today's flow: satisfied closes (or goes to tracking), dissatisfied starts the follow-up.
//! Only the account that submitted the appeal may rate it.

use super::Outcome;
use super::portal_submit::portal_actor;
use super::record_feedback::{FeedbackInput, record_feedback};
use crate::error::{CoreError, Result};
use crate::model::*;
use crate::store::{Store, appeals, handling, portal};
use chrono::{DateTime, FixedOffset};

/// Whether the appeal waits for the appellant's view of a reply already given (what the portal
/// offers to rate).
pub(crate) fn awaits_rating(status: Status, last: Option<&handling::FeedbackRecord>) -> bool {
    status == Status::AwaitingFeedback
        && last.is_some_and(|f| f.satisfaction == Satisfaction::Unreachable)
}

/// Records `satisfaction` with the reply of appeal `reg_number`, for the account `citizen_id`.
pub fn rate(
    store: &mut Store,
    now: DateTime<FixedOffset>,
    citizen_id: i64,
    reg_number: &str,
    satisfaction: Satisfaction,
) -> Result<Outcome> {
    if satisfaction == Satisfaction::Unreachable {
        return Err(CoreError::field(
            "satisfaction",
            "请选择满意、基本满意或不满意。",
        ));
    }
    let (appeal_id, reply) = {
        let conn = store.conn();
        let id = appeals::find_by_number(conn, reg_number.trim())?
            .filter(|id| portal::appeals_of(conn, citizen_id).is_ok_and(|own| own.contains(id)))
            .ok_or_else(|| CoreError::not_found("在您的诉求中找不到这个登记号。"))?;
        let a = appeals::get(conn, id)?;
        let last = handling::feedbacks(conn, id)?.into_iter().last();
        if !awaits_rating(a.status, last.as_ref()) {
            return Err(CoreError::invalid_state(
                "这件诉求现在不需要评价（尚未答复，或已经评价过）。",
            ));
        }
        (id, last.map(|f| f.content).unwrap_or_default())
    };
    let actor = store.write(|tx, _| portal_actor(tx, now))?;
    let ctx = Ctx::new(&actor, now);
    record_feedback(
        store,
        &ctx,
        appeal_id,
        &FeedbackInput {
            method: FeedbackMethod::Message,
            content: reply,
            satisfaction,
            responsible: None,
        },
    )
}
