//! The `stock_texts` table (常用语, issue 20 §11, migration 012): the office's stock texts, each
//! for one kind of text field and either one category or every category (`category` NULL).

use crate::error::{CoreError, Result};
use crate::model::{Category, StockTextKind};
use crate::store::sql;
use crate::store::sql::{Connection, OptionalExtension, Row, params};
use crate::time::parse_ts;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// A stored stock text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct StockText {
    pub id: i64,
    pub kind: StockTextKind,
    /// `None`: offered for every category.
    pub category: Option<Category>,
    /// A short name shown in the picker's list.
    pub title: String,
    /// The text inserted into the field.
    pub body: String,
    pub updated_by: String,
    pub updated_at: DateTime<FixedOffset>,
}

/// A row as the use case has checked it.
pub(crate) struct StockTextRow<'a> {
    pub kind: StockTextKind,
    pub category: Option<Category>,
    pub title: &'a str,
    pub body: &'a str,
    pub updated_by: i64,
    pub updated_at: &'a str,
}

const COLS: &str = "t.id, t.kind, t.category, t.title, t.body, u.display_name, t.updated_at
     FROM stock_texts t JOIN users u ON u.id = t.updated_by";

fn from_row(r: &Row<'_>) -> sql::Result<StockText> {
    Ok(StockText {
        id: r.get(0)?,
        kind: StockTextKind::from_db(&r.get::<_, String>(1)?),
        category: r
            .get::<_, Option<String>>(2)?
            .map(|c| Category::from_db(&c)),
        title: r.get(3)?,
        body: r.get(4)?,
        updated_by: r.get(5)?,
        updated_at: parse_ts(&r.get::<_, String>(6)?).unwrap_or_default(),
    })
}

pub(crate) fn insert(conn: &Connection, row: &StockTextRow<'_>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO stock_texts(kind, category, title, body, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        )?
        .query_row(
            params![
                row.kind,
                row.category,
                row.title,
                row.body,
                row.updated_by,
                row.updated_at
            ],
            |r| r.get(0),
        )?)
}

/// Rewrites row `id`; false when there is no such row.
pub(crate) fn update(conn: &Connection, id: i64, row: &StockTextRow<'_>) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE stock_texts SET kind = ?2, category = ?3, title = ?4, body = ?5,
                    updated_by = ?6, updated_at = ?7
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            row.kind,
            row.category,
            row.title,
            row.body,
            row.updated_by,
            row.updated_at
        ])?;
    Ok(n == 1)
}

/// Deletes row `id`; false when there is no such row.
pub(crate) fn delete(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM stock_texts WHERE id = ?1")?
        .execute([id])?
        == 1)
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<StockText> {
    conn.prepare_cached(&format!("SELECT {COLS} WHERE t.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| {
            CoreError::not_found("这条常用语已不存在（可能已被他人删除），请刷新后重试。")
        })
}

pub(crate) fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM stock_texts", [], |r| r.get(0))?)
}

/// The stock texts of `kind` (every kind when `None`) that apply to `category` (those for every
/// category, and those for it; every row when `None`), by kind, then general before specific, then
/// in the order they were written.
pub(crate) fn list(
    conn: &Connection,
    kind: Option<StockTextKind>,
    category: Option<Category>,
) -> Result<Vec<StockText>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS}
         WHERE (CAST(?1 AS TEXT) IS NULL OR t.kind = ?1)
           AND (CAST(?2 AS TEXT) IS NULL OR t.category IS NULL OR t.category = ?2)
         ORDER BY t.kind, t.category IS NOT NULL, t.category, t.id"
    ))?;
    let rows = stmt.query_map(params![kind, category], from_row)?;
    Ok(rows.collect::<sql::Result<Vec<_>>>()?)
}
