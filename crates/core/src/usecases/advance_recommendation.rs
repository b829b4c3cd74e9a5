//! Moving a recommendation on: proposed → adopted → done (已提出 → 已采纳 → 已落实). A step may not be
//! skipped or undone, because an adopted recommendation counts in its owner's assessment from the
//! day it was adopted, and a done one is history.

use super::*;
use crate::model::{Ctx, RecommendationStatus};
use crate::store::Store;
use crate::store::recommendations::{self, RecommendationRecord};
use crate::time::fmt_date_zh;

pub fn advance_recommendation(
    store: &mut Store,
    ctx: &Ctx<'_>,
    id: i64,
    to: RecommendationStatus,
) -> Result<RecommendationRecord> {
    authorize(ctx.actor, Action::Recommend, None)?;
    store.write(|tx, _| {
        let r = recommendations::get(tx, id)?;
        use RecommendationStatus::*;
        match (r.status, to) {
            (Proposed, Adopted) | (Adopted, Done) => {}
            (Done, _) => {
                return Err(CoreError::invalid_state(format!(
                    "已落实的建议不能再变更状态（{}已登记落实）。",
                    fmt_date_zh(r.done_on.unwrap_or(r.proposed_on))
                )));
            }
            (from, to) if from == to => {
                return Err(CoreError::invalid_state(format!(
                    "该建议已是“{}”状态，无需重复登记。",
                    to.label()
                )));
            }
            (Proposed, Done) => {
                return Err(CoreError::invalid_state(
                    "该建议尚未采纳，请先登记采纳，再登记落实。",
                ));
            }
            (_, Proposed) | (Adopted, Adopted) => {
                return Err(CoreError::invalid_state("已采纳的建议不能退回已提出状态。"));
            }
        }
        recommendations::set_status(tx, id, to, ctx.today(), ctx.actor.user_id)?;
        recommendations::get(tx, id)
    })
}
