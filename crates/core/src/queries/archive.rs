//! The read side of 纸质归档 (issue 20 §13): the list's archive filters (待归档 = closed and not
//! yet filed; 已归档; one volume; a hand-picked selection of rows) and an appeal's archive record
//! for the detail page.
//!
//! The filters are conditions of the one list query ([`super::list`]), so the 待归档 view, its
//! count, the batch actions and batch printing by volume all use the list's paging, access rules
//! and `matching_ids` — nothing is listed twice.

use super::list::{ListFilter, arg};
use crate::access::{self, Action};
use crate::error::{CoreError, Result};
use crate::model::Ctx;
use crate::store::sql::types::Value as Sql;
use crate::store::{Store, appeals, paper_archive};
use serde::{Deserialize, Serialize};

pub use crate::store::paper_archive::ArchiveRecord;

/// Where an appeal's paper stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ArchiveState {
    /// Closed, not yet filed (待归档).
    Pending,
    /// Filed (已归档).
    Archived,
}

/// Adds the archive and selection conditions of `f` to a list query.
pub(super) fn conditions(f: &ListFilter, args: &mut Vec<Sql>, conds: &mut Vec<String>) {
    if let Some(ids) = &f.ids {
        if ids.is_empty() {
            conds.push("1 = 0".into());
        } else {
            let ps: Vec<String> = ids.iter().map(|&id| arg(Sql::Integer(id), args)).collect();
            conds.push(format!("a.id IN ({})", ps.join(", ")));
        }
    }
    match f.archive {
        Some(ArchiveState::Pending) => conds.push(
            "a.status = 'closed' AND NOT EXISTS (SELECT 1 FROM paper_archive p WHERE p.appeal_id = a.id)"
                .into(),
        ),
        Some(ArchiveState::Archived) => conds
            .push("EXISTS (SELECT 1 FROM paper_archive p WHERE p.appeal_id = a.id)".into()),
        None => {}
    }
    if let Some(v) = f.volume.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        let p = arg(Sql::Text(v.to_string()), args);
        conds.push(format!(
            "a.id IN (SELECT appeal_id FROM paper_archive WHERE volume = {p})"
        ));
    }
}

/// The archive record of an appeal the user may see (`None` while not filed).
pub fn archive_record(
    store: &Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
) -> Result<Option<ArchiveRecord>> {
    let conn = store.conn();
    let a = appeals::get(conn, appeal_id)?;
    if access::authorize(ctx.actor, Action::ViewAppeal, a.department_id).is_err() {
        return Err(CoreError::not_found(
            "找不到该诉求，或它不在您的办理范围内。",
        ));
    }
    paper_archive::get(conn, appeal_id)
}
