//! The PostgreSQL side of bulk loading: every row of a load (appellants, appeals, events, stage
//! runs, duplicate sketches, plans, feedback, tracking, progress reports, supervision notices,
//! escalations, archive numbers, search rows) goes through `COPY … FROM STDIN (FORMAT binary)`, one
//! COPY per table per batch of rows. Rows that later rows change (a plan's review, tracking
//! resolved, an escalation's instruction) are changed in the batch before they are copied; only a
//! change to a row of an earlier batch goes through the ordinary table function, after the COPYs.
//! (Until 2026-12 plans, tracking and escalations went through statements: a round trip each,
//! most of a million-appeal load's time.)
//!
//! Why that order is the loader's order: the copied rows reference only rows copied before them
//! (appellants, then appeals; the others reference appeals and the office's accounts), and
//! the statement rows reference copied appeals or each other, in the order the loader made them.
//! The search rows are copied too, made as `search::pg::index` makes them (its pairs function).
//!
//! A statement per row costs a round trip to the server (and a bind, execute and sync); `COPY`
//! streams a batch in one. The columns and cells of each copied table are `pg_columns`'.
//!
//! The COPY encoding itself is `copy_in` (shared with `move_to_pg`); entering and leaving
//! bulk-load mode (indexes, foreign keys, the trigger, the identities) is `pg_mode`.

use super::pg_columns::*;
use crate::error::{CoreError, Result};
use crate::store::bulk::Row;
use crate::store::search::NewEntry;
use crate::store::sql::Connection;
use crate::time::fmt_date;

pub(crate) use super::copy_in::{Cell, copy_in, pg_err};
pub(crate) use super::pg_columns::copy_search;

/// The ids the next copied rows of the tables whose ids the loader predicts get (appellants, plans,
/// escalations): the rows come in order, so the loader's prediction and these agree, and no id
/// depends on an identity's state.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CopyIds {
    pub appellant: i64,
    pub plan: i64,
    pub escalation: i64,
    /// The largest appeal id written so far: an appeal above it is new in the batch being written
    /// (the loader numbers appeals in order), even where its own row comes after rows about it.
    pub last_appeal: i64,
}

impl CopyIds {
    fn take(counter: &mut i64) -> i64 {
        let id = *counter;
        *counter += 1;
        id
    }
}

/// Writes a batch of rows on PostgreSQL (see the module docs), inside the loader's transaction:
/// the copied rows sorted into their tables and copied, then the rest through the table functions.
pub(super) fn write(
    conn: &Connection,
    rows: Vec<Row>,
    ids: &std::cell::Cell<CopyIds>,
) -> Result<()> {
    let pg = conn
        .pg()
        .ok_or_else(|| CoreError::storage("批量写入的目标不是 PostgreSQL 数据库。"))?;
    let mut copies = Copies {
        ids: ids.get(),
        earlier_appeals: ids.get().last_appeal,
        ..Copies::default()
    };
    let mut rest = Vec::new();
    for row in rows {
        if let Some(row) = copies.take(row)? {
            rest.push(row);
        }
    }
    ids.set(copies.ids);
    copies.copy(&mut pg.client())?;
    super::rows::write(conn, rest)
}

/// The copied rows of one batch, as cells per table.
///
/// Plans, tracking and escalations are rows that later rows of the same appeal change (a plan's
/// review, tracking resolved, an escalation's instruction): such a change is folded into the
/// row's cells while the row is still in the batch, and written by a statement after the COPYs
/// when the row came in an earlier batch (the loader's appeals come whole in one batch, so that
/// is the exception).
#[derive(Default)]
struct Copies {
    ids: CopyIds,
    appellants: Vec<Vec<Cell>>,
    appeals: Vec<Vec<Cell>>,
    /// The largest appeal id of the earlier batches: only the tracking of a later appeal can be
    /// new here (its `Row::Appeal` comes after the rows of its handling).
    earlier_appeals: i64,
    events: Vec<Vec<Cell>>,
    spans: Vec<Vec<Cell>>,
    sketch: Vec<Vec<Cell>>,
    feedbacks: Vec<Vec<Cell>>,
    progress: Vec<Vec<Cell>>,
    supervisions: Vec<Vec<Cell>>,
    archive_numbers: Vec<Vec<Cell>>,
    plans: Folded,
    tracking: Folded,
    escalations: Folded,
    search: Vec<NewEntry>,
}

/// Rows of one table that later rows of the batch may change, by key (id or appeal).
#[derive(Default)]
struct Folded {
    rows: Vec<Vec<Cell>>,
    at: std::collections::HashMap<i64, usize>,
}

impl Folded {
    fn push(&mut self, key: i64, row: Vec<Cell>) {
        self.at.insert(key, self.rows.len());
        self.rows.push(row);
    }

    /// The cells of the row under `key`, when it is in this batch.
    fn get(&mut self, key: i64) -> Option<&mut Vec<Cell>> {
        self.at.get(&key).map(|&i| &mut self.rows[i])
    }
}

impl Copies {
    /// Puts `row` among its table's cells, or answers it back when it is written by a statement.
    fn take(&mut self, row: Row) -> Result<Option<Row>> {
        match row {
            Row::Appellant(a) => {
                let id = CopyIds::take(&mut self.ids.appellant);
                self.appellants.push(appellant_cells(&a, id)?);
            }
            Row::Appeal(a) => {
                self.ids.last_appeal = self.ids.last_appeal.max(a.id);
                self.appeals.push(appeal_cells(&a)?)
            }
            Row::Event(p) => self.events.push(event_cells(&p)?),
            Row::StageSpan(s) => self.spans.push(span_cells(&s)?),
            Row::Sketch { id, hashes } => self.sketch.extend(
                hashes
                    .into_iter()
                    .map(|h| vec![Cell::Integer(id), Cell::Integer(h)]),
            ),
            Row::Fts(e) => self.search.push(e),
            other => return self.take_handling(other),
        }
        Ok(None)
    }

    /// [`Copies::take`] for the copied rows of an appeal's handling: feedback, progress reports,
    /// supervision notices, archive numbers.
    fn take_handling(&mut self, row: Row) -> Result<Option<Row>> {
        match row {
            Row::Feedback {
                appeal_id,
                round,
                method,
                content,
                satisfaction,
                by,
                at,
            } => self.feedbacks.push(cells(&[
                &appeal_id,
                &round,
                &method,
                &content,
                &satisfaction,
                &by,
                &at,
            ])?),
            Row::Progress {
                appeal_id,
                at,
                content,
                by,
            } => self
                .progress
                .push(cells(&[&appeal_id, &at, &content, &by])?),
            Row::Supervision(v) => self.supervisions.push(cells(&[
                &v.number,
                &v.appeal_id,
                &v.department_id,
                &v.by,
                &v.at,
                &v.reason,
                &v.stage,
                &v.old_due.map(fmt_date),
                &fmt_date(v.new_due),
            ])?),
            Row::ArchiveNumber {
                number,
                appeal_id,
                category,
                year,
                seq,
                at,
            } => self
                .archive_numbers
                .push(cells(&[&number, &appeal_id, &category, &year, &seq, &at])?),
            other => return self.take_folded(other),
        }
        Ok(None)
    }

    /// [`Copies::take`] for plans, tracking and escalations, and the rows that change them.
    fn take_folded(&mut self, row: Row) -> Result<Option<Row>> {
        match row {
            Row::Plan {
                appeal_id,
                round,
                content,
                by,
                at,
            } => {
                let id = CopyIds::take(&mut self.ids.plan);
                let content = serde_json::to_string(&content)?;
                let row = cells(&[&id, &appeal_id, &round, &content, &by, &at, &"pending"])?;
                self.plans.push(id, row);
            }
            Row::PlanReview { id, status } => match self.plans.get(id) {
                Some(plan) => plan[PLAN_REVIEW] = Cell::Text(status.to_owned()),
                None => return Ok(Some(Row::PlanReview { id, status })),
            },
            Row::Escalation {
                appeal_id,
                by,
                at,
                reason,
            } => {
                let id = CopyIds::take(&mut self.ids.escalation);
                let row = cells(&[
                    &id,
                    &appeal_id,
                    &by,
                    &at,
                    &reason,
                    &None::<String>,
                    &None::<i64>,
                    &None::<String>,
                ])?;
                self.escalations.push(id, row);
            }
            Row::Instruction { id, text, by, at } => match self.escalations.get(id) {
                Some(e) => {
                    e[ESCALATION_INSTRUCTION] = Cell::Text(text);
                    e[ESCALATION_INSTRUCTION + 1] = Cell::Integer(by);
                    e[ESCALATION_INSTRUCTION + 2] = Cell::Text(at);
                }
                None => return Ok(Some(Row::Instruction { id, text, by, at })),
            },
            other => return self.take_tracking(other),
        }
        Ok(None)
    }

    /// [`Copies::take`] for tracking: `handling::upsert_tracking`'s insert or update and
    /// `handling::resolve_tracking`, folded while the appeal is in this batch.
    fn take_tracking(&mut self, row: Row) -> Result<Option<Row>> {
        match row {
            Row::Tracking {
                appeal_id,
                measures,
                department_id,
                next_check,
                at,
            } if appeal_id > self.earlier_appeals => {
                let next_check = next_check.map(fmt_date);
                match self.tracking.get(appeal_id) {
                    // The upsert's update: started_at stays, resolved_at is cleared.
                    Some(t) => {
                        t[1] = Cell::Text(measures);
                        t[2] = department_id.map_or(Cell::Null, Cell::Integer);
                        t[3] = Cell::Null;
                        t[4] = next_check.map_or(Cell::Null, Cell::Text);
                        t[TRACKING_RESOLVED] = Cell::Null;
                    }
                    None => {
                        let row = cells(&[
                            &appeal_id,
                            &measures,
                            &department_id,
                            &None::<String>,
                            &next_check,
                            &at,
                            &None::<String>,
                        ])?;
                        self.tracking.push(appeal_id, row);
                    }
                }
            }
            Row::ResolveTracking { appeal_id, at } => match self.tracking.get(appeal_id) {
                Some(t) => t[TRACKING_RESOLVED] = Cell::Text(at),
                None => return Ok(Some(Row::ResolveTracking { appeal_id, at })),
            },
            other => return Ok(Some(other)),
        }
        Ok(None)
    }

    /// One COPY per table that has rows, parents before children, then the search rows.
    fn copy(self, client: &mut postgres::Client) -> Result<()> {
        for (table, columns, rows) in [
            ("appellants", APPELLANTS, self.appellants),
            ("appeals", APPEALS, self.appeals),
            ("events", EVENTS, self.events),
            ("stage_spans", SPANS, self.spans),
            ("appeal_sketch", SKETCH, self.sketch),
            ("feedbacks", FEEDBACKS, self.feedbacks),
            ("progress_reports", PROGRESS, self.progress),
            ("supervisions", SUPERVISIONS, self.supervisions),
            ("archive_numbers", ARCHIVE_NUMBERS, self.archive_numbers),
            ("plans", PLANS, self.plans.rows),
            ("tracking", TRACKING, self.tracking.rows),
            ("escalations", ESCALATIONS, self.escalations.rows),
        ] {
            if !rows.is_empty() {
                copy_in(client, table, columns, rows)?;
            }
        }
        copy_search(client, self.search)?;
        Ok(())
    }
}
