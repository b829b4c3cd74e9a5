//! List rows for a given set of appeals: the drill-down behind a figure of the analysis screens
//! (the appeals behind a hot topic), shown as the same rows as the appeal list.
//!
//! The ids come from an analysis the caller already ran, so the check is the list's own rule
//! (a handler sees their department's rows only; others in the set are left out, not refused),
//! and the set is paged here because a hot topic of a busy month can stand for thousands.

use super::list::{AppealRow, Page, ROW_COLS, flag_rows, forced_department, row_from};
use crate::Result;
use crate::model::Ctx;
use crate::store::Store;
use crate::store::sql;

/// The largest page a caller may ask for.
const MAX_PAGE: i64 = 200;

/// Page `page` (from 0) of the rows of `ids`, in the order given.
pub fn rows_by_ids(
    store: &Store,
    ctx: &Ctx<'_>,
    ids: &[i64],
    page: i64,
    page_size: i64,
) -> Result<Page<AppealRow>> {
    let dept = forced_department(ctx.actor)?;
    let super::Window {
        page,
        size: page_size,
        offset,
    } = super::window(page, page_size.max(1), 1, MAX_PAGE)?;
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLS} FROM appeals a LEFT JOIN departments d ON d.id = a.department_id
         WHERE a.id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR a.department_id = ?2)"
    ))?;
    let start = offset as usize;
    let (mut rows, total) = match dept {
        // Everything is visible: only the page's ids are read.
        None => {
            let mut rows = Vec::new();
            for &id in ids.iter().skip(start).take(page_size as usize) {
                if let Some(row) = stmt.query_map(sql::params![id, dept], row_from)?.next() {
                    rows.push(row?);
                }
            }
            (rows, ids.len() as i64)
        }
        // Only the ids of the actor's department count, so the total and the pages agree
        // with what is shown.
        Some(_) => {
            let mut rows = Vec::new();
            let mut visible = 0usize;
            for &id in ids {
                if let Some(row) = stmt.query_map(sql::params![id, dept], row_from)?.next() {
                    let row = row?;
                    if visible >= start && rows.len() < page_size as usize {
                        rows.push(row);
                    }
                    visible += 1;
                }
            }
            (rows, visible as i64)
        }
    };
    flag_rows(store, &mut rows, ctx.today())?;
    Ok(Page {
        rows,
        total: Some(total),
        total_capped: false,
        has_more: total > offset + page_size,
        page,
        page_size,
    })
}
