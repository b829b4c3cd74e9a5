//! Writes a batch of buffered demo rows ([`super::rows::Row`]) through the real store functions,
//! in order — on the main writer thread, or on the index builder's scratch file.

use super::rows::Row;
use crate::error::Result;
use crate::store::{appeals, events, handling, oversight, registry, search, stage_spans};
use rusqlite::Connection;

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
            Row::Fts {
                id,
                subject,
                content,
                address,
                numbers,
            } => search::index_new(conn, id, &subject, &content, &address, &numbers)?,
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
