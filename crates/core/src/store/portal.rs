//! The portal's tables (migration 012, decision 0012): which appeals came through the public
//! portal with the hash of their query code, the citizens' own accounts, and the disclosure
//! reports published there. Plain functions over the caller's connection, like every table module.

use crate::error::Result;
use crate::store::sql;
use crate::store::sql::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// The SHA-256 of a query code, as stored (the code itself is shown once, on the receipt).
pub(crate) fn code_hash(code: &str) -> String {
    let digest = Sha256::digest(code.trim().to_ascii_uppercase().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn insert_appeal(
    conn: &Connection,
    appeal_id: i64,
    query_code: &str,
    citizen_id: Option<i64>,
    at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO portal_appeals(appeal_id, query_code_hash, citizen_id, submitted_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![appeal_id, code_hash(query_code), citizen_id, at],
    )?;
    Ok(())
}

/// The appeal with registration number `reg_number` whose query code is `code`, if both match a
/// portal appeal.
pub(crate) fn find_by_code(conn: &Connection, reg_number: &str, code: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT p.appeal_id FROM portal_appeals p JOIN appeals a ON a.id = p.appeal_id
              WHERE a.reg_number = ?1 AND p.query_code_hash = ?2",
        )?
        .query_row(params![reg_number.trim(), code_hash(code)], |r| r.get(0))
        .optional()?)
}

/// The portal appeals of one citizen's account, newest first.
pub(crate) fn appeals_of(conn: &Connection, citizen_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT appeal_id FROM portal_appeals WHERE citizen_id = ?1 ORDER BY appeal_id DESC",
    )?;
    let ids = stmt
        .query_map([citizen_id], |r| r.get(0))?
        .collect::<sql::Result<Vec<i64>>>()?;
    Ok(ids)
}

/// A citizen's account as stored.
#[derive(Debug, Clone)]
pub(crate) struct CitizenRow {
    pub id: i64,
    pub password_hash: String,
    pub failed_attempts: i64,
    pub locked_until: Option<String>,
}

pub(crate) fn citizen_by_phone(conn: &Connection, phone: &str) -> Result<Option<CitizenRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, password_hash, failed_attempts, locked_until FROM citizens WHERE phone = ?1",
        )?
        .query_row([phone], |r| {
            Ok(CitizenRow {
                id: r.get(0)?,
                password_hash: r.get(1)?,
                failed_attempts: r.get(2)?,
                locked_until: r.get(3)?,
            })
        })
        .optional()?)
}

pub(crate) fn citizen_phone(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT phone FROM citizens WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

pub(crate) fn insert_citizen(conn: &Connection, phone: &str, hash: &str, at: &str) -> Result<i64> {
    Ok(conn.query_row(
        "INSERT INTO citizens(phone, password_hash, created_at) VALUES (?1, ?2, ?3) RETURNING id",
        params![phone, hash, at],
        |r| r.get(0),
    )?)
}

pub(crate) fn set_citizen_failures(
    conn: &Connection,
    id: i64,
    failed: i64,
    locked_until: Option<&str>,
) -> Result<()> {
    conn.execute(
        "UPDATE citizens SET failed_attempts = ?2, locked_until = ?3 WHERE id = ?1",
        params![id, failed, locked_until],
    )?;
    Ok(())
}

/// A disclosure report published on the portal, without its HTML.
#[derive(
    Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PublishedReport {
    pub id: i64,
    /// The period, e.g. 2026-11-01 至 2026-11-30 (one report per period: publishing it again
    /// replaces it).
    pub period: String,
    pub title: String,
    pub published_at: String,
}

pub(crate) fn publish(
    conn: &Connection,
    period: &str,
    title: &str,
    html: &str,
    at: &str,
    by: i64,
) -> Result<PublishedReport> {
    conn.execute(
        "INSERT INTO published_disclosures(period, title, html, published_at, published_by)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(period) DO UPDATE SET title = excluded.title, html = excluded.html,
             published_at = excluded.published_at, published_by = excluded.published_by",
        params![period, title, html, at, by],
    )?;
    let id = conn.query_row(
        "SELECT id FROM published_disclosures WHERE period = ?1",
        [period],
        |r| r.get(0),
    )?;
    Ok(PublishedReport {
        id,
        period: period.to_string(),
        title: title.to_string(),
        published_at: at.to_string(),
    })
}

pub(crate) fn published(conn: &Connection) -> Result<Vec<PublishedReport>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, period, title, published_at FROM published_disclosures ORDER BY period DESC",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(PublishedReport {
                id: r.get(0)?,
                period: r.get(1)?,
                title: r.get(2)?,
                published_at: r.get(3)?,
            })
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(crate) fn published_html(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT html FROM published_disclosures WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}
