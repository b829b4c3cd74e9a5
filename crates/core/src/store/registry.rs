//! Registry records: archive numbers, links between appeals, attachments and the personal-data
//! access log.

use crate::error::Result;
use crate::model::{AccessKind, Category, LinkKind};
use crate::store::sql;
use crate::store::sql::{Connection, params};
use crate::time::parse_ts;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// One issued archive number (current or superseded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveNumberRecord {
    pub number: String,
    pub category: Category,
    pub year: i32,
    pub seq: i64,
    pub issued_at: DateTime<FixedOffset>,
    pub superseded: bool,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_archive_number(
    conn: &Connection,
    number: &str,
    appeal_id: i64,
    category: Category,
    year: i32,
    seq: i64,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO archive_numbers(number, appeal_id, category, year, seq, issued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![number, appeal_id, category, year, seq, at])?;
    Ok(())
}

pub(crate) fn supersede_archive_number(conn: &Connection, number: &str) -> Result<()> {
    conn.execute(
        "UPDATE archive_numbers SET superseded = 1 WHERE number = ?1",
        [number],
    )?;
    Ok(())
}

pub(crate) fn archive_numbers(
    conn: &Connection,
    appeal_id: i64,
) -> Result<Vec<ArchiveNumberRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT number, category, year, seq, issued_at, superseded FROM archive_numbers WHERE appeal_id = ?1 ORDER BY issued_at, seq",
    )?;
    let rows = stmt
        .query_map([appeal_id], |r| {
            Ok(ArchiveNumberRecord {
                number: r.get(0)?,
                category: Category::from_db(&r.get::<_, String>(1)?),
                year: r.get(2)?,
                seq: r.get(3)?,
                issued_at: parse_ts(&r.get::<_, String>(4)?).unwrap_or_default(),
                superseded: r.get(5)?,
            })
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A link from one appeal to another, as seen from the first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct LinkRecord {
    pub other_id: i64,
    pub other_reg_number: String,
    pub other_subject: String,
    pub kind: LinkKind,
    pub created_at: DateTime<FixedOffset>,
}

pub(crate) fn insert_link(
    conn: &Connection,
    a: i64,
    b: i64,
    kind: LinkKind,
    by: i64,
    at: &str,
) -> Result<bool> {
    // A link has no direction: b→a is the same link as a→b.
    let exists: bool = conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM appeal_links WHERE (appeal_id = ?1 AND other_id = ?2) OR (appeal_id = ?2 AND other_id = ?1))",
        )?
        .query_row(params![a, b], |r| r.get(0))?;
    if exists {
        return Ok(false);
    }
    let n = conn.execute(
        "INSERT INTO appeal_links(appeal_id, other_id, kind, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT DO NOTHING",
        params![a, b, kind, by, at],
    )?;
    Ok(n > 0)
}

pub(crate) fn links(conn: &Connection, appeal_id: i64) -> Result<Vec<LinkRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.reg_number, o.subject, l.kind, l.created_at FROM appeal_links l
           JOIN appeals o ON o.id = CASE WHEN l.appeal_id = ?1 THEN l.other_id ELSE l.appeal_id END
         WHERE l.appeal_id = ?1 OR l.other_id = ?1 ORDER BY l.id",
    )?;
    let rows = stmt
        .query_map([appeal_id], |r| {
            Ok(LinkRecord {
                other_id: r.get(0)?,
                other_reg_number: r.get(1)?,
                other_subject: r.get(2)?,
                kind: LinkKind::from_db(&r.get::<_, String>(3)?),
                created_at: parse_ts(&r.get::<_, String>(4)?).unwrap_or_default(),
            })
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// An attachment's metadata; the bytes live in the content-addressed folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentRecord {
    pub id: i64,
    pub appeal_id: i64,
    pub sha256: String,
    pub file_name: String,
    pub size: i64,
    pub added_by: i64,
    pub added_at: DateTime<FixedOffset>,
}

pub(crate) fn insert_attachment(
    conn: &Connection,
    appeal_id: i64,
    sha: &str,
    name: &str,
    size: i64,
    by: i64,
    at: &str,
) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO attachments(appeal_id, sha256, file_name, size, added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    )?
    .query_row(params![appeal_id, sha, name, size, by, at], |r| r.get(0))?)
}

fn attachment_from_row(r: &sql::Row<'_>) -> sql::Result<AttachmentRecord> {
    Ok(AttachmentRecord {
        id: r.get(0)?,
        appeal_id: r.get(1)?,
        sha256: r.get(2)?,
        file_name: r.get(3)?,
        size: r.get(4)?,
        added_by: r.get(5)?,
        added_at: parse_ts(&r.get::<_, String>(6)?).unwrap_or_default(),
    })
}

pub(crate) fn attachments(conn: &Connection, appeal_id: i64) -> Result<Vec<AttachmentRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, appeal_id, sha256, file_name, size, added_by, added_at FROM attachments WHERE appeal_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([appeal_id], attachment_from_row)?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every distinct attachment hash the database refers to (a backup copies these files).
pub(crate) fn attachment_hashes(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT DISTINCT sha256 FROM attachments ORDER BY sha256")?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(crate) fn attachment(conn: &Connection, id: i64) -> Result<Option<AttachmentRecord>> {
    use crate::store::sql::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT id, appeal_id, sha256, file_name, size, added_by, added_at FROM attachments WHERE id = ?1",
            [id],
            attachment_from_row,
        )
        .optional()?)
}

/// Records that `user_id` saw or exported personal data (`what`) for `purpose`.
pub(crate) fn log_access(
    conn: &Connection,
    at: &str,
    user_id: i64,
    appeal_id: Option<i64>,
    what: AccessKind,
    purpose: &str,
) -> Result<()> {
    // Chained like the security log, so that a removed or edited line is found by `check`.
    super::security_log::append_access(conn, (at, user_id, appeal_id, what.code(), purpose))
}

/// One access-log line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessRecord {
    pub at: String,
    pub user_id: i64,
    pub appeal_id: Option<i64>,
    pub what: String,
    pub purpose: String,
}

/// The newest `limit` access-log lines (of one appeal, or all). Nothing in the application reads
/// the log yet; tests do, through [`crate::testing`].
#[cfg(any(test, feature = "testing"))]
pub(crate) fn access_log(
    conn: &Connection,
    appeal_id: Option<i64>,
    limit: i64,
) -> Result<Vec<AccessRecord>> {
    let mut stmt = conn.prepare(
        "SELECT at, user_id, appeal_id, what, purpose FROM access_log
         WHERE (CAST(?1 AS BIGINT) IS NULL OR appeal_id = ?1) ORDER BY id DESC LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![appeal_id, limit], |r| {
            Ok(AccessRecord {
                at: r.get(0)?,
                user_id: r.get(1)?,
                appeal_id: r.get(2)?,
                what: r.get(3)?,
                purpose: r.get(4)?,
            })
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}
