//! Re-classification (变更分类): a confirmed appeal found to belong to another category gets a new
//! archive number in that category; the old number is kept as superseded and stays searchable.

use super::*;
use crate::model::{Category, Ctx, EventAction, Status};
use crate::store::Store;

pub fn reclassify(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    category: Category,
    reason: &str,
) -> Result<Outcome> {
    store.write(|tx, _cal| {
        let before = load(tx, ctx, appeal_id, Action::Reclassify)?;
        if !before.category_confirmed {
            return Err(CoreError::invalid_state(
                "该诉求尚未初审，请在初审时确认分类。",
            ));
        }
        require_status(
            &before,
            &[Status::Accepted, Status::Routed],
            "只有尚未提交处理方案的诉求可以变更分类",
        )?;
        if before.category == category {
            return Err(CoreError::field("category", "新分类与当前分类相同。"));
        }
        let reason = text("reason", "变更分类的理由", reason, 2000)?;
        let mut a = before.clone();
        let old = before.archive_number.clone();
        let number = issue_archive_number(tx, &mut a, category, &now_text(ctx))?;
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::Reclassify,
            Some(&reason),
            serde_json::json!({"oldNumber": old}),
            (None, None),
        )?;
        Ok(Outcome::of(
            &a,
            format!("分类已变更为{}，新归档编号 {number}。", category.label()),
        ))
    })
}
