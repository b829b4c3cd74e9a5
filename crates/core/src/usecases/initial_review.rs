//! Initial review (初审): accept the appeal and confirm its category — which issues the classified
//! archive number — or reject it (不予受理) with a reason; a rejected appellant is still told, so
//! the appeal then waits for that feedback.

use super::*;
use crate::model::{Category, Ctx, EventAction, Status, Urgency};
use crate::store::Store;
use serde::Deserialize;

/// The reviewer's decision.
#[derive(
    Debug, Clone, PartialEq, Deserialize, serde::Serialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(
    tag = "decision",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum InitialReviewInput {
    Accept {
        category: Category,
        #[serde(default)]
        major: Option<bool>,
        #[serde(default)]
        urgency: Option<Urgency>,
        #[serde(default)]
        note: Option<String>,
    },
    Reject {
        reason: String,
    },
}

pub fn initial_review(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    input: &InitialReviewInput,
) -> Result<Outcome> {
    store.write(|tx, cal| {
        let before = load(tx, ctx, appeal_id, Action::InitialReview)?;
        require_status(
            &before,
            &[Status::Registered],
            "该诉求已完成初审，不能重复初审",
        )?;
        let allow = allowances(tx)?;
        let mut a = before.clone();
        let now = now_text(ctx);
        match input {
            InitialReviewInput::Accept {
                category,
                major,
                urgency,
                note,
            } => {
                let note = crate::validate::optional("note", "初审意见", note.as_deref(), 2000)?;
                let number = issue_archive_number(tx, &mut a, *category, &now)?;
                if let Some(m) = major {
                    a.major = *m;
                }
                if let Some(u) = urgency {
                    a.urgency = *u;
                }
                lifecycle::enter(&mut a, Status::Accepted, ctx.today(), &allow, cal);
                commit(
                    tx,
                    ctx,
                    &before,
                    &mut a,
                    EventAction::InitialReview,
                    note.as_deref(),
                    serde_json::json!({"decision": "accept"}),
                    (None, None),
                )?;
                Ok(Outcome::of(
                    &a,
                    format!(
                        "已受理，归档编号 {number}，请在期限内分流{}。",
                        due_phrase(&a)
                    ),
                ))
            }
            InitialReviewInput::Reject { reason } => {
                let reason = text("reason", "不予受理的理由", reason, 2000)?;
                lifecycle::enter(&mut a, Status::Rejected, ctx.today(), &allow, cal);
                commit(
                    tx,
                    ctx,
                    &before,
                    &mut a,
                    EventAction::Reject,
                    Some(&reason),
                    serde_json::json!({"decision": "reject"}),
                    (None, None),
                )?;
                Ok(Outcome::of(
                    &a,
                    format!("已决定不予受理，请告知诉求人{}。", due_phrase(&a)),
                ))
            }
        }
    })
}
