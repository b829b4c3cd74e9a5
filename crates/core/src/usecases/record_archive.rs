//! 纸质归档 (§二(三)2, issue 20 §13): the appeals office files the paper of a closed appeal — the
//! archive volume (卷号), optionally a box (盒号), the retention period (保管期限) and the day it
//! was filed — and the appeal leaves the 待归档 list.
//!
//! Only closed appeals are filed (a merged one is filed with the appeal it was merged into). Filing
//! again corrects the record: the row is replaced and the new event carries the previous volume,
//! so the event log shows every version. The appeal's state and deadlines do not change.

use super::*;
use crate::model::{Ctx, EventAction, Retention, Status};
use crate::store::paper_archive::{self, ArchiveRow};

/// What the office records for one appeal (or, in a batch, for each of them).
#[derive(
    Debug, Clone, PartialEq, Serialize, serde::Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveInput {
    /// 卷号, e.g. "2026-TS-003".
    pub volume: String,
    /// 盒号 (optional).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub r#box: Option<String>,
    pub retention: Retention,
    /// The day the paper was filed; today when absent.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub archived_on: Option<NaiveDate>,
}

pub fn record_archive(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    input: &ArchiveInput,
) -> Result<Outcome> {
    store.write(|tx, _cal| {
        let before = load(tx, ctx, appeal_id, Action::PaperArchive)?;
        require_status(
            &before,
            &[Status::Closed],
            "只有已办结的诉求可以登记纸质归档",
        )?;
        let volume = crate::validate::required("volume", "卷号", &input.volume, 40)?;
        let r#box = crate::validate::optional("box", "盒号", input.r#box.as_deref(), 40)?;
        let on = input.archived_on.unwrap_or_else(|| ctx.today());
        if on > ctx.today() {
            return Err(CoreError::field(
                "archivedOn",
                "归档日期不能晚于今天，请改为实际归档的日期。",
            ));
        }
        if let Some(closed) = before.closed_at
            && on < closed.date_naive()
        {
            return Err(CoreError::field(
                "archivedOn",
                "归档日期不能早于办结日期，请改为实际归档的日期。",
            ));
        }
        let previous = paper_archive::get(tx, before.id)?;
        paper_archive::upsert(
            tx,
            &ArchiveRow {
                appeal_id: before.id,
                volume: &volume,
                r#box: r#box.as_deref(),
                retention: input.retention,
                archived_on: on,
                archived_by: ctx.actor.user_id,
                recorded_at: &now_text(ctx),
            },
        )?;
        let mut a = before.clone();
        let detail = format!(
            "卷号 {volume}{}，保管期限 {}，归档日期 {}",
            r#box
                .as_deref()
                .map(|b| format!("，盒号 {b}"))
                .unwrap_or_default(),
            input.retention.label(),
            fmt_date_zh(on)
        );
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::PaperArchive,
            Some(&detail),
            serde_json::json!({
                "volume": volume,
                "box": r#box,
                "retention": input.retention.code(),
                "archivedOn": crate::time::fmt_date(on),
                "previousVolume": previous.map(|p| p.volume),
            }),
            (None, None),
        )?;
        Ok(Outcome::of(&a, format!("已登记归档：{detail}。")))
    })
}
