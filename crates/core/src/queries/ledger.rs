//! The tracking ledger (跟踪台账, §五(一)): every appeal whose measures are being followed, with
//! the measures, who carries them out, the next check date and the latest progress report.

use crate::access::{self, Action, Scope};
use crate::error::{CoreError, Result};
use crate::model::{Ctx, Status};
use crate::store::Store;
use crate::store::sql;
use crate::store::sql::params;
use crate::time::{fmt_date, parse_date, parse_ts};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct LedgerFilter {
    pub department_id: Option<i64>,
    pub include_resolved: bool,
    /// Only lines whose next check is on or before this date.
    pub check_due_by: Option<NaiveDate>,
    pub page: i64,
    pub page_size: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct LedgerRow {
    pub appeal_id: i64,
    pub reg_number: String,
    pub archive_number: Option<String>,
    pub subject: String,
    pub status: Status,
    pub department_name: Option<String>,
    pub measures: String,
    pub responsible: Option<String>,
    pub next_check_date: Option<NaiveDate>,
    pub started_at: DateTime<FixedOffset>,
    pub resolved_at: Option<DateTime<FixedOffset>>,
    pub progress_count: i64,
    pub last_progress: Option<String>,
    pub last_progress_at: Option<DateTime<FixedOffset>>,
}

pub fn ledger(store: &Store, ctx: &Ctx<'_>, f: &LedgerFilter) -> Result<(Vec<LedgerRow>, i64)> {
    let dept = match access::scope(ctx.actor, Action::ViewLedger) {
        Some(Scope::All) => f.department_id,
        _ => match access::scope(ctx.actor, Action::AddProgress) {
            Some(_) => Some(ctx.actor.department_id),
            None => return Err(CoreError::forbidden("您的角色没有权限查看跟踪台账。")),
        },
    };
    let super::Window {
        size: page_size,
        offset,
        ..
    } = super::window(f.page, f.page_size, 50, 500)?;
    let check = f.check_due_by.map(fmt_date);
    let conn = store.conn();
    let where_sql = "WHERE (CAST(?1 AS BIGINT) IS NULL OR t.department_id = ?1) AND (?2 OR t.resolved_at IS NULL)
                       AND (CAST(?3 AS TEXT) IS NULL OR t.next_check_date <= ?3)";
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM tracking t {where_sql}"),
        params![dept, f.include_resolved, check],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, a.reg_number, a.archive_number, a.subject, a.status, d.name, t.measures, t.responsible,
                t.next_check_date, t.started_at, t.resolved_at,
                (SELECT count(*) FROM progress_reports p WHERE p.appeal_id = a.id),
                (SELECT content FROM progress_reports p WHERE p.appeal_id = a.id ORDER BY p.id DESC LIMIT 1),
                (SELECT at FROM progress_reports p WHERE p.appeal_id = a.id ORDER BY p.id DESC LIMIT 1)
         FROM tracking t JOIN appeals a ON a.id = t.appeal_id LEFT JOIN departments d ON d.id = t.department_id
         {where_sql}
         ORDER BY t.resolved_at IS NOT NULL, t.next_check_date, a.id LIMIT ?4 OFFSET ?5"
    ))?;
    let rows = stmt
        .query_map(
            params![dept, f.include_resolved, check, page_size, offset],
            |r| {
                Ok(LedgerRow {
                    appeal_id: r.get(0)?,
                    reg_number: r.get(1)?,
                    archive_number: r.get(2)?,
                    subject: r.get(3)?,
                    status: Status::parse(&r.get::<_, String>(4)?, "").unwrap_or(Status::Tracking),
                    department_name: r.get(5)?,
                    measures: r.get(6)?,
                    responsible: r.get(7)?,
                    next_check_date: r
                        .get::<_, Option<String>>(8)?
                        .as_deref()
                        .and_then(parse_date),
                    started_at: parse_ts(&r.get::<_, String>(9)?).unwrap_or_default(),
                    resolved_at: r
                        .get::<_, Option<String>>(10)?
                        .as_deref()
                        .and_then(parse_ts),
                    progress_count: r.get(11)?,
                    last_progress: r.get(12)?,
                    last_progress_at: r
                        .get::<_, Option<String>>(13)?
                        .as_deref()
                        .and_then(parse_ts),
                })
            },
        )?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok((rows, total))
}
