//! The rows a bulk load writes, and the writer that applies a batch of them in order through the
//! ordinary table functions (cached statements; on the main file, or the full-text rows on the
//! scratch file of [`super::index`]).
//!
//! A row is what one table function call writes, with the same arguments minus the connection, so
//! a loader can produce rows on one thread and the store write them on another.

use crate::error::Result;
use crate::model::{Appeal, Appellant, Category, FeedbackMethod, PlanContent, Satisfaction, Stage};
use crate::store::events::PreparedEvent;
use crate::store::search::NewEntry;
use crate::store::sql::Connection;
use crate::store::stage_spans::SpanRow;
use crate::store::{appeals, events, handling, oversight, registry, search, stage_spans};
use chrono::NaiveDate;

/// One buffered write.
pub enum Row {
    Appellant(Appellant),
    Appeal(Box<Appeal>),
    /// A new appeal's full-text entry.
    Fts(NewEntry),
    Sketch {
        id: i64,
        hashes: Vec<i64>,
    },
    /// An event already chained and hashed ([`events::prepare`]).
    Event(Box<PreparedEvent>),
    Plan {
        appeal_id: i64,
        round: i64,
        content: PlanContent,
        by: i64,
        at: String,
    },
    PlanReview {
        id: i64,
        status: &'static str,
    },
    Feedback {
        appeal_id: i64,
        round: i64,
        method: FeedbackMethod,
        content: &'static str,
        satisfaction: Satisfaction,
        by: i64,
        at: String,
    },
    Tracking {
        appeal_id: i64,
        measures: String,
        department_id: Option<i64>,
        next_check: Option<NaiveDate>,
        at: String,
    },
    ResolveTracking {
        appeal_id: i64,
        at: String,
    },
    Progress {
        appeal_id: i64,
        at: String,
        content: &'static str,
        by: i64,
    },
    Supervision(Box<SupervisionRow>),
    Escalation {
        appeal_id: i64,
        by: i64,
        at: String,
        reason: String,
    },
    Instruction {
        id: i64,
        text: String,
        by: i64,
        at: String,
    },
    /// A finished stage run (the trigger that derives them from events is off during a load).
    StageSpan(Box<SpanRow>),
    ArchiveNumber {
        number: String,
        appeal_id: i64,
        category: Category,
        year: i32,
        seq: i64,
        at: String,
    },
}

/// A supervision notice.
pub struct SupervisionRow {
    pub number: String,
    pub appeal_id: i64,
    pub department_id: Option<i64>,
    pub by: i64,
    pub at: String,
    pub reason: String,
    pub stage: Option<Stage>,
    pub old_due: Option<NaiveDate>,
    pub new_due: NaiveDate,
}

/// Writes a batch through the store functions.
pub(super) fn write(conn: &Connection, rows: Vec<Row>) -> Result<()> {
    for row in rows {
        match row {
            Row::Appellant(a) => {
                appeals::insert_appellant(conn, &a)?;
            }
            Row::Appeal(a) => {
                appeals::insert(conn, &a)?;
            }
            Row::Fts(e) => index_entry(conn, &e)?,
            Row::Sketch { id, hashes } => search::index_sketch(conn, id, &hashes)?,
            Row::Event(e) => events::insert_prepared(conn, &e)?,
            Row::StageSpan(s) => stage_spans::insert(conn, &s)?,
            Row::Plan {
                appeal_id,
                round,
                content,
                by,
                at,
            } => {
                handling::insert_plan(conn, appeal_id, round, &content, by, &at, None, None)?;
            }
            Row::PlanReview { id, status } => handling::set_plan_review(conn, id, status)?,
            Row::Feedback {
                appeal_id,
                round,
                method,
                content,
                satisfaction,
                by,
                at,
            } => {
                handling::insert_feedback(
                    conn,
                    appeal_id,
                    round,
                    method,
                    content,
                    satisfaction,
                    by,
                    &at,
                )?;
            }
            Row::Tracking {
                appeal_id,
                measures,
                department_id,
                next_check,
                at,
            } => handling::upsert_tracking(
                conn,
                appeal_id,
                &measures,
                department_id,
                None,
                next_check,
                &at,
            )?,
            Row::ResolveTracking { appeal_id, at } => {
                handling::resolve_tracking(conn, appeal_id, &at)?
            }
            Row::Progress {
                appeal_id,
                at,
                content,
                by,
            } => {
                handling::insert_progress(conn, appeal_id, &at, content, by, None, None)?;
            }
            Row::Supervision(s) => {
                oversight::insert_supervision(
                    conn,
                    &s.number,
                    s.appeal_id,
                    s.department_id,
                    s.by,
                    &s.at,
                    &s.reason,
                    s.stage,
                    s.old_due,
                    s.new_due,
                )?;
            }
            Row::Escalation {
                appeal_id,
                by,
                at,
                reason,
            } => {
                oversight::insert_escalation(conn, appeal_id, by, &at, &reason)?;
            }
            Row::Instruction { id, text, by, at } => {
                oversight::set_instruction(conn, id, &text, by, &at)?
            }
            Row::ArchiveNumber {
                number,
                appeal_id,
                category,
                year,
                seq,
                at,
            } => {
                registry::insert_archive_number(conn, &number, appeal_id, category, year, seq, &at)?
            }
        }
    }
    Ok(())
}

/// Writes one full-text entry of a new appeal.
pub(super) fn index_entry(conn: &Connection, e: &NewEntry) -> Result<()> {
    search::index_new(
        conn,
        e.appeal_id,
        &e.subject,
        &e.content,
        &e.address,
        &e.numbers,
    )
}
