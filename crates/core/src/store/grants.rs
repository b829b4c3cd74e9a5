//! The `access_grants` table (migration 010): personal-data grants waiting for, or decided by, a
//! second administrator. The rules are in [`crate::usecases::grants`].

use crate::error::{CoreError, Result};
use crate::model::{GrantStatus, Role};
use crate::store::sql;
use crate::store::sql::{Connection, OptionalExtension, Row, params};
use crate::store::users::{roles_from_text, roles_to_text};
use crate::time::{fmt_date, parse_date, parse_ts};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A grant as stored, with the names of its account (for the screens and the command line).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct GrantRecord {
    pub id: i64,
    /// The account that would gain access.
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    /// The roles that would be added (roles that may see personal data).
    pub roles: Vec<Role>,
    /// The agreement date that would be recorded.
    pub agreement_signed_on: Option<NaiveDate>,
    /// Who asked for it (account id, and the name as the security log writes it).
    pub requested_by: i64,
    pub requested_by_label: String,
    pub requested_at: DateTime<FixedOffset>,
    pub status: GrantStatus,
    pub decided_by_label: Option<String>,
    pub decided_at: Option<DateTime<FixedOffset>>,
    /// Whether the administrator reading the list may confirm or reject it (filled by the use
    /// case that reads the list).
    #[serde(default)]
    pub may_decide: bool,
    /// Why not, in words, when they may not (empty otherwise).
    #[serde(default)]
    pub why_not: String,
    /// The account's access-relevant state when the grant was asked for (compared at decision).
    #[serde(skip)]
    #[ts(skip)]
    #[schemars(skip)]
    pub base: String,
}

const COLS: &str = "g.id, g.user_id, u.username, u.display_name, g.roles, g.agreement_signed_on, \
     g.requested_by, g.requested_label, g.requested_at, g.status, g.decided_label, g.decided_at, g.base";

fn from_row(r: &Row<'_>) -> sql::Result<GrantRecord> {
    Ok(GrantRecord {
        id: r.get(0)?,
        user_id: r.get(1)?,
        username: r.get(2)?,
        display_name: r.get(3)?,
        roles: roles_from_text(&r.get::<_, String>(4)?),
        agreement_signed_on: r
            .get::<_, Option<String>>(5)?
            .as_deref()
            .and_then(parse_date),
        requested_by: r.get(6)?,
        requested_by_label: r.get(7)?,
        requested_at: parse_ts(&r.get::<_, String>(8)?).unwrap_or_default(),
        status: GrantStatus::from_db(&r.get::<_, String>(9)?),
        decided_by_label: r.get(10)?,
        decided_at: r
            .get::<_, Option<String>>(11)?
            .as_deref()
            .and_then(parse_ts),
        may_decide: false,
        why_not: String::new(),
        base: r.get(12)?,
    })
}

/// A grant to store (pending).
pub(crate) struct NewGrantRow<'a> {
    pub user_id: i64,
    pub roles: &'a [Role],
    pub agreement_signed_on: Option<NaiveDate>,
    pub base: &'a str,
    pub requested_by: i64,
    pub requested_label: &'a str,
    pub requested_at: &'a str,
}

pub(crate) fn insert(conn: &Connection, g: &NewGrantRow<'_>) -> Result<i64> {
    Ok(conn.query_row(
        "INSERT INTO access_grants(user_id, roles, agreement_signed_on, base, requested_by, requested_label, requested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id", params![
            g.user_id,
            roles_to_text(g.roles),
            g.agreement_signed_on.map(fmt_date),
            g.base,
            g.requested_by,
            g.requested_label,
            g.requested_at
        ], |r| r.get(0))?)
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<GrantRecord> {
    conn.query_row(
        &format!(
            "SELECT {COLS} FROM access_grants g JOIN users u ON u.id = g.user_id WHERE g.id = ?1"
        ),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| CoreError::not_found("找不到该授权申请，请刷新后再试。"))
}

/// The grants waiting for a decision, oldest first.
pub(crate) fn pending(conn: &Connection) -> Result<Vec<GrantRecord>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLS} FROM access_grants g JOIN users u ON u.id = g.user_id
          WHERE g.status = 'pending' ORDER BY g.id"
    ))?;
    let rows = stmt
        .query_map([], from_row)?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The ids of the grants of `user_id` waiting for a decision.
pub(crate) fn pending_for_user(conn: &Connection, user_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn
        .prepare_cached("SELECT id FROM access_grants WHERE status = 'pending' AND user_id = ?1")?;
    let rows = stmt
        .query_map([user_id], |r| r.get(0))?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// How many grants wait for a decision.
pub(crate) fn pending_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM access_grants WHERE status = 'pending'",
        [],
        |r| r.get(0),
    )?)
}

/// Records the decision on a pending grant.
pub(crate) fn decide(
    conn: &Connection,
    id: i64,
    status: GrantStatus,
    by: i64,
    label: &str,
    at: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE access_grants SET status = ?2, decided_by = ?3, decided_label = ?4, decided_at = ?5
          WHERE id = ?1 AND status = 'pending'",
        params![id, status, by, label, at],
    )?;
    Ok(())
}
