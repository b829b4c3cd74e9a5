//! Recording an improvement recommendation (决策参考, §六): the appeals office or management writes
//! down what the analysis suggests, the finding it rests on, and who is to carry it out. It starts
//! as proposed; [`super::advance_recommendation`] moves it on.

use super::*;
use crate::model::Ctx;
use crate::store::recommendations::{self, NewRecommendationRow, RecommendationRecord};
use crate::store::{Store, users};

/// What the form sends. The owner is a department, a person, or both (a person of that department).
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    serde::Serialize,
    serde::Deserialize,
    ts_rs::TS,
    schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct NewRecommendation {
    pub title: String,
    pub content: String,
    pub basis: String,
    pub owner_department_id: Option<i64>,
    pub owner_user_id: Option<i64>,
}

pub fn record_recommendation(
    store: &mut Store,
    ctx: &Ctx<'_>,
    input: &NewRecommendation,
) -> Result<RecommendationRecord> {
    authorize(ctx.actor, Action::Recommend, None)?;
    store.write(|tx, _| {
        let title = text("title", "建议标题", &input.title, 100)?;
        let content = text("content", "建议内容", &input.content, 4000)?;
        let basis = text("basis", "依据（分析发现）", &input.basis, 4000)?;
        check_owner(tx, input.owner_department_id, input.owner_user_id)?;
        let id = recommendations::insert(
            tx,
            &NewRecommendationRow {
                title: &title,
                content: &content,
                basis: &basis,
                owner_department_id: input.owner_department_id,
                owner_user_id: input.owner_user_id,
                proposed_on: ctx.today(),
                recorded_by: ctx.actor.user_id,
                recorded_at: &now_text(ctx),
            },
        )?;
        recommendations::get(tx, id)
    })
}

/// The owner must exist; a person and a department together must belong together.
fn check_owner(conn: &Connection, department: Option<i64>, user: Option<i64>) -> Result<()> {
    if department.is_none() && user.is_none() {
        return Err(CoreError::field(
            "ownerDepartmentId",
            "请选择负责落实的部门或人员。",
        ));
    }
    if let Some(d) = department {
        users::department(conn, d)
            .map_err(|_| CoreError::field("ownerDepartmentId", "所选部门不存在，请重新选择。"))?;
    }
    if let Some(u) = user {
        let person = users::get(conn, u)
            .map_err(|_| CoreError::field("ownerUserId", "所选人员不存在，请重新选择。"))?;
        if department.is_some_and(|d| d != person.department_id) {
            return Err(CoreError::field(
                "ownerUserId",
                "所选人员不属于所选部门，请重新选择人员或部门。",
            ));
        }
    }
    Ok(())
}
