//! Recording a reward or a penalty (奖励/惩罚, §八(二)(三)) for an assessment period, given to one
//! department or one person. Only those who carry out assessment may record one.

use super::*;
use crate::model::{Ctx, RewardKind};
use crate::store::rewards::{self, NewRewardPenaltyRow, RewardPenaltyRecord};
use crate::store::{Store, users};

/// What the form sends: the period, exactly one of a department or a person, the kind and why.
#[derive(
    Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct NewRewardPenalty {
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    #[serde(default)]
    pub department_id: Option<i64>,
    #[serde(default)]
    pub user_id: Option<i64>,
    pub kind: RewardKind,
    pub reason: String,
}

pub fn record_reward_penalty(
    store: &mut Store,
    ctx: &Ctx<'_>,
    input: &NewRewardPenalty,
) -> Result<RewardPenaltyRecord> {
    authorize(ctx.actor, Action::Assessment, None)?;
    store.write(|tx, _| {
        if input.period_to < input.period_from {
            return Err(CoreError::field(
                "periodTo",
                "考核时段的结束日期早于开始日期，请重新选择。",
            ));
        }
        match (input.department_id, input.user_id) {
            (None, None) => {
                return Err(CoreError::field(
                    "target",
                    "请选择奖惩对象：一个部门或一名人员。",
                ));
            }
            (Some(_), Some(_)) => {
                return Err(CoreError::field(
                    "target",
                    "一条奖惩记录只能对应一个部门或一名人员，请只选其一。",
                ));
            }
            (Some(d), None) => {
                users::department(tx, d)
                    .map_err(|_| CoreError::field("target", "所选部门不存在，请重新选择。"))?;
            }
            (None, Some(u)) => {
                users::get(tx, u)
                    .map_err(|_| CoreError::field("target", "所选人员不存在，请重新选择。"))?;
            }
        }
        let reason = text("reason", "奖惩事由", &input.reason, 2000)?;
        let id = rewards::insert(
            tx,
            &NewRewardPenaltyRow {
                period_from: input.period_from,
                period_to: input.period_to,
                department_id: input.department_id,
                user_id: input.user_id,
                kind: input.kind,
                reason: &reason,
                recorded_by: ctx.actor.user_id,
                recorded_at: &now_text(ctx),
            },
        )?;
        rewards::get(tx, id)
    })
}
