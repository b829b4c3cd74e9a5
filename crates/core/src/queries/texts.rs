//! The subject and content of the appeals received in a period, for hot-spot analysis.
//!
//! Free text can carry personal data (appellants write their names and numbers into it), so this
//! visitor hands the text out only borrowed, row by row, to code that reduces it to topic words;
//! nothing here keeps, logs or returns it.

use super::stats::{CohortFilter, day};
use crate::error::Result;
use crate::model::Channel;
use crate::store::Store;
use crate::store::sql::params;
use crate::time::fmt_date;
use chrono::{Duration, NaiveDate};

/// One appeal's text and where it came from.
#[derive(Debug, Clone, Copy)]
pub struct TextRow<'a> {
    pub id: i64,
    pub received_on: NaiveDate,
    pub channel: Channel,
    pub department_id: Option<i64>,
    pub subject: &'a str,
    pub content: &'a str,
}

/// Visits the text of every appeal of the cohort (merged duplicates left out: their text is
/// already counted in the appeal they were merged into).
pub fn for_each_text(
    store: &Store,
    f: &CohortFilter,
    visit: impl FnMut(TextRow<'_>),
) -> Result<()> {
    for_each_text_sample(store, f, 1, visit)
}

/// Like [`for_each_text`], but only every `every`-th appeal by id (a deterministic sample: hot
/// spots estimate a year's background word frequencies from a few thousand texts).
pub fn for_each_text_sample(
    store: &Store,
    f: &CohortFilter,
    every: i64,
    mut visit: impl FnMut(TextRow<'_>),
) -> Result<()> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT id, received_at, channel, department_id, subject, content
         FROM appeals INDEXED BY appeals_received
         WHERE received_at >= ?1 AND received_at < ?2 AND status <> 'merged'
           AND (CAST(?3 AS TEXT) IS NULL OR category = ?3)
           AND (CAST(?4 AS TEXT) IS NULL OR channel = ?4)
           AND (CAST(?5 AS BIGINT) IS NULL OR department_id = ?5)
           AND id % ?6 = 0",
    )?;
    let mut rows = stmt.query(params![
        fmt_date(f.from),
        fmt_date(f.to + Duration::days(1)),
        f.category.map(|c| c.code()),
        f.channel.map(|c| c.code()),
        f.department_id,
        every.max(1)
    ])?;
    while let Some(r) = rows.next()? {
        let received: String = r.get(1)?;
        let Some(received_on) = day(&received) else {
            continue;
        };
        let channel: String = r.get(2)?;
        let subject: String = r.get(4)?;
        let content: String = r.get(5)?;
        visit(TextRow {
            id: r.get(0)?,
            received_on,
            channel: Channel::from_db(&channel),
            department_id: r.get(3)?,
            subject: &subject,
            content: &content,
        });
    }
    Ok(())
}
