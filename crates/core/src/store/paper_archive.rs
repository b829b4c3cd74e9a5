//! The `paper_archive` table (纸质归档, migration 012): where the paper file of a closed appeal is
//! kept — volume, box, retention period — and when and by whom it was filed.

use crate::error::Result;
use crate::model::Retention;
use crate::store::sql::{Connection, OptionalExtension, params};
use crate::time::{fmt_date, parse_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An appeal's archive record, as the detail page and the archive sheet show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveRecord {
    pub appeal_id: i64,
    /// 卷号.
    pub volume: String,
    /// 盒号, when the office files by box too.
    pub r#box: Option<String>,
    pub retention: Retention,
    pub archived_on: NaiveDate,
    pub archived_by: i64,
    /// The display name of who filed it.
    pub archived_by_name: String,
}

/// A row to write, as the use case has checked it.
pub(crate) struct ArchiveRow<'a> {
    pub appeal_id: i64,
    pub volume: &'a str,
    pub r#box: Option<&'a str>,
    pub retention: Retention,
    pub archived_on: NaiveDate,
    pub archived_by: i64,
    pub recorded_at: &'a str,
}

/// Writes (or replaces, for a correction) an appeal's archive record.
pub(crate) fn upsert(conn: &Connection, r: &ArchiveRow<'_>) -> Result<()> {
    conn.execute(
        "INSERT INTO paper_archive(appeal_id, volume, box, retention, archived_on, archived_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(appeal_id) DO UPDATE SET volume = excluded.volume, box = excluded.box,
           retention = excluded.retention, archived_on = excluded.archived_on,
           archived_by = excluded.archived_by, recorded_at = excluded.recorded_at",
        params![
            r.appeal_id,
            r.volume,
            r.r#box,
            r.retention.code(),
            fmt_date(r.archived_on),
            r.archived_by,
            r.recorded_at
        ],
    )?;
    Ok(())
}

/// The archive record of an appeal, if it has been filed.
pub(crate) fn get(conn: &Connection, appeal_id: i64) -> Result<Option<ArchiveRecord>> {
    let row = conn
        .prepare_cached(
            "SELECT p.volume, p.box, p.retention, p.archived_on, p.archived_by, u.display_name
             FROM paper_archive p JOIN users u ON u.id = p.archived_by WHERE p.appeal_id = ?1",
        )?
        .query_row(params![appeal_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .optional()?;
    let Some((volume, r#box, retention, on, by, name)) = row else {
        return Ok(None);
    };
    Ok(Some(ArchiveRecord {
        appeal_id,
        volume,
        r#box,
        retention: Retention::from_db(&retention),
        archived_on: parse_date(&on).unwrap_or_default(),
        archived_by: by,
        archived_by_name: name,
    }))
}
