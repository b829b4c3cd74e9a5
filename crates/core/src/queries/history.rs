//! The appellant's history (issue 20 item 10): from one appeal, every other appeal of the same
//! person — the same phone, the same ID number, or the same name and address — with how each
//! ended (status, the closing text, satisfaction), newest first.
//!
//! Finding appeals through the person behind them is the personal-data lookup of search and of the
//! registration form's hints ([`access::may_look_up_people`]): staff without it get `None`, not an
//! empty list and not a count, so the screen shows nothing at all. Department staff who have it
//! see only the appeals of their department, as everywhere else. Every viewing by someone who may
//! is logged in the access log ([`AccessKind::AppellantHistory`]) with the number of appeals shown
//! and no personal data.
//!
//! The three ways in are indexed (`appellants_phone`, `appellants_id_number` of migration 011,
//! `appellants_name`), so the lookup stays an index walk on a million appeals. An anonymous
//! appellant, or one without an address, is matched by phone and ID number only: a bare name
//! names many people.

use crate::access::{self, Action};
use crate::error::{CoreError, Result};
use crate::model::{AccessKind, Category, Ctx, Satisfaction, Status};
use crate::store::sql::params;
use crate::store::{Store, appeals, registry};
use crate::time::{fmt_ts, parse_ts};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// How another appeal was found to be the same person's.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum HistoryMatch {
    Phone,
    IdNumber,
    NameAndAddress,
}

impl HistoryMatch {
    pub fn label(self) -> &'static str {
        match self {
            Self::Phone => "同一电话",
            Self::IdNumber => "同一证件号码",
            Self::NameAndAddress => "同一姓名和地址",
        }
    }
}

/// One other appeal of the same person, and how it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub appeal_id: i64,
    pub reg_number: String,
    pub archive_number: Option<String>,
    pub subject: String,
    pub category: Category,
    pub received_at: DateTime<FixedOffset>,
    /// Received before the appeal whose page this is (else after it).
    pub earlier: bool,
    pub status: Status,
    pub department_name: Option<String>,
    pub closed_at: Option<DateTime<FixedOffset>>,
    /// What the closing said (落实情况 or 办结说明), when it was closed.
    pub closing_result: Option<String>,
    pub satisfaction: Option<Satisfaction>,
    pub matched_on: Vec<HistoryMatch>,
}

/// The other appeals of an appeal's appellant, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AppellantHistory {
    pub appeal_id: i64,
    pub appeals: Vec<HistoryEntry>,
    /// More were found than are listed ([`HISTORY_LIMIT`]).
    pub truncated: bool,
}

/// The most appeals one history lists.
pub const HISTORY_LIMIT: usize = 100;

/// The other appeals of one person: same phone, same ID number, or (for a named appellant with
/// an address) same name and address. `?1` the appeal, `?2..?5` phone, ID number, name, address
/// (NULL for a way that does not apply). Each way is its own indexed lookup.
const HISTORY_SQL: &str = "
    SELECT a.id, a.reg_number, a.archive_number, a.subject, a.category, a.received_at,
           a.status, d.name, a.closed_at, a.satisfaction, a.department_id,
           (SELECT e.reason FROM events e
             WHERE e.appeal_id = a.id AND e.to_status = 'closed'
             ORDER BY e.id DESC LIMIT 1),
           p.phone = ?2, p.id_number = ?3, (p.name = ?4 AND p.address = ?5)
    FROM appellants p
    JOIN appeals a ON a.appellant_id = p.id
    LEFT JOIN departments d ON d.id = a.department_id
    WHERE a.id <> ?1
      AND p.id IN (SELECT id FROM appellants WHERE phone = ?2
                   UNION SELECT id FROM appellants WHERE id_number = ?3
                   UNION SELECT id FROM appellants WHERE name = ?4 AND address = ?5)
    ORDER BY a.received_at DESC, a.id DESC";

fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The history of `appeal_id`'s appellant as `ctx.actor` may see it: `None` when they may not
/// look people up. The appeal itself must be one they may see.
pub fn appellant_history(
    store: &Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
) -> Result<Option<AppellantHistory>> {
    let conn = store.conn();
    let a = appeals::get(conn, appeal_id)?;
    if access::authorize(ctx.actor, Action::ViewAppeal, a.department_id).is_err() {
        return Err(CoreError::not_found(
            "找不到该诉求，或它不在您的办理范围内。",
        ));
    }
    if !access::may_look_up_people(ctx.actor, ctx.today()) {
        return Ok(None);
    }
    let p = appeals::get_appellant(conn, a.appellant_id)?;
    let phone = present(&p.phone);
    let id_number = present(&p.id_number);
    let named = !p.anonymous && !p.name.trim().is_empty();
    let (name, address) = match (named, present(&p.address)) {
        (true, Some(addr)) => (Some(p.name.trim()), Some(addr)),
        _ => (None, None),
    };
    let mut appeals = Vec::new();
    let mut truncated = false;
    if phone.is_some() || id_number.is_some() || name.is_some() {
        let mut st = conn.prepare_cached(HISTORY_SQL)?;
        let mut rows = st.query(params![a.id, phone, id_number, name, address])?;
        while let Some(r) = rows.next()? {
            let department: Option<i64> = r.get(10)?;
            if !access::allows(ctx.actor, Action::ViewAppeal, department) {
                continue;
            }
            if appeals.len() == HISTORY_LIMIT {
                truncated = true;
                break;
            }
            let received_at = parse_ts(&r.get::<_, String>(5)?).unwrap_or(a.received_at);
            let mut matched_on = Vec::new();
            for (col, m) in [
                (12, HistoryMatch::Phone),
                (13, HistoryMatch::IdNumber),
                (14, HistoryMatch::NameAndAddress),
            ] {
                if r.get::<_, Option<bool>>(col)?.unwrap_or(false) {
                    matched_on.push(m);
                }
            }
            appeals.push(HistoryEntry {
                appeal_id: r.get(0)?,
                reg_number: r.get(1)?,
                archive_number: r.get(2)?,
                subject: r.get(3)?,
                category: Category::from_db(&r.get::<_, String>(4)?),
                earlier: (received_at, r.get::<_, i64>(0)?) < (a.received_at, a.id),
                received_at,
                status: Status::from_db(&r.get::<_, String>(6)?),
                department_name: r.get(7)?,
                closed_at: r.get::<_, Option<String>>(8)?.and_then(|t| parse_ts(&t)),
                satisfaction: r
                    .get::<_, Option<String>>(9)?
                    .map(|s| Satisfaction::from_db(&s)),
                closing_result: r.get(11)?,
                matched_on,
            });
        }
    }
    registry::log_access(
        conn,
        &fmt_ts(&ctx.now),
        ctx.actor.user_id,
        Some(a.id),
        AccessKind::AppellantHistory,
        &format!("查看诉求人的历次诉求（{} 件）", appeals.len()),
    )?;
    Ok(Some(AppellantHistory {
        appeal_id: a.id,
        appeals,
        truncated,
    }))
}
