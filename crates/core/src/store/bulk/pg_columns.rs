//! What a copied row of each table is, for the bulk loader's batches (`bulk::pg`): the columns of
//! the table function's `INSERT` (`appeals::insert`, `events::insert_prepared`, …) with their
//! types, and the row's cells encoded through the same `ToSql` impls, so that a copied row is the
//! row the statement would have written. Where a later row changes a copied one (a plan's review,
//! tracking resolved, an escalation's instruction), the index of the column it sets.

use super::copy_in::{Cell, copy_in};
use crate::error::{CoreError, Result};
use crate::model::{Appeal, Appellant};
use crate::store::events::PreparedEvent;
use crate::store::search::{self, NewEntry};
use crate::store::sql;
use crate::store::stage_spans::SpanRow;
use crate::time::{fmt_date, fmt_ts};
use postgres::types::Type;

pub(super) fn cells(values: &[&dyn sql::types::ToSql]) -> Result<Vec<Cell>> {
    values.iter().map(|v| Cell::of(*v)).collect()
}

pub(super) const I: Type = Type::INT8;
pub(super) const T: Type = Type::TEXT;

/// `appeals::insert_appellant`'s columns, with the id the loader predicted.
pub(super) const APPELLANTS: &[(&str, Type)] = &[
    ("id", I),
    ("name", T),
    ("phone", T),
    ("address", T),
    ("id_number", T),
    ("email", T),
    ("organisation", T),
    ("anonymous", I),
];

/// `appeals::insert`'s columns, with the id the loader gave the appeal.
pub(super) const APPEALS: &[(&str, Type)] = &[
    ("id", I),
    ("reg_number", T),
    ("archive_number", T),
    ("appellant_id", I),
    ("channel", T),
    ("category", T),
    ("category_confirmed", I),
    ("subject", T),
    ("content", T),
    ("urgency", T),
    ("major", I),
    ("received_at", T),
    ("registered_at", T),
    ("registered_by", I),
    ("postmark_date", T),
    ("call_time", T),
    ("status", T),
    ("round", I),
    ("department_id", I),
    ("stage", T),
    ("stage_started_on", T),
    ("stage_days", I),
    ("due_date", T),
    ("expected_feedback_date", T),
    ("supervision_count", I),
    ("escalated", I),
    ("satisfaction", T),
    ("merged_into", I),
    ("closed_at", T),
    ("updated_at", T),
];

/// `events::insert_prepared`'s columns.
pub(super) const EVENTS: &[(&str, Type)] = &[
    ("id", I),
    ("appeal_id", I),
    ("at", T),
    ("actor_id", I),
    ("action", T),
    ("from_status", T),
    ("to_status", T),
    ("reason", T),
    ("payload", T),
    ("on_behalf_department", I),
    ("on_behalf_person", T),
    ("prev_hash", T),
    ("hash", T),
];

/// `stage_spans::insert`'s columns.
pub(super) const SPANS: &[(&str, Type)] = &[
    ("appeal_id", I),
    ("seq", I),
    ("stage", T),
    ("department_id", I),
    ("started_day", I),
    ("due_day", I),
    ("due_now_day", I),
    ("ended_day", I),
    ("supervised", I),
];

/// The search rows' columns (`search::pg::index`).
pub(super) const SEARCH: &[(&str, Type)] = &[
    ("appeal_id", I),
    ("numbers", T),
    ("grams", Type::TEXT_ARRAY),
];

/// The search row of a new appeal, as `search::pg::index` writes it: the pairs of the subject,
/// the content and the numbers (the address needs none: its trigram index is on `appellants`).
pub(super) fn search_row(e: NewEntry) -> Vec<Cell> {
    let grams = search::pg::char_pairs([e.subject.as_str(), &e.content, &e.numbers]);
    vec![
        Cell::Integer(e.appeal_id),
        Cell::Text(e.numbers),
        Cell::Pairs(grams),
    ]
}

/// Writes the search rows of new appeals (already in `appeals`) with one COPY.
pub(crate) fn copy_search(client: &mut postgres::Client, entries: Vec<NewEntry>) -> Result<u64> {
    if entries.is_empty() {
        return Ok(0);
    }
    copy_in(
        client,
        "appeal_search",
        SEARCH,
        entries.into_iter().map(search_row),
    )
}

/// `handling::insert_feedback`'s columns (the id is the identity's, as there).
pub(super) const FEEDBACKS: &[(&str, Type)] = &[
    ("appeal_id", I),
    ("round", I),
    ("method", T),
    ("content", T),
    ("satisfaction", T),
    ("recorded_by", I),
    ("recorded_at", T),
];

/// `handling::insert_progress`'s columns (the loader's reports are never on behalf of anyone).
pub(super) const PROGRESS: &[(&str, Type)] = &[
    ("appeal_id", I),
    ("at", T),
    ("content", T),
    ("reported_by", I),
];

/// `oversight::insert_supervision`'s columns.
pub(super) const SUPERVISIONS: &[(&str, Type)] = &[
    ("number", T),
    ("appeal_id", I),
    ("department_id", I),
    ("issued_by", I),
    ("issued_at", T),
    ("reason", T),
    ("stage", T),
    ("old_due_date", T),
    ("new_due_date", T),
];

/// `registry::insert_archive_number`'s columns.
pub(super) const ARCHIVE_NUMBERS: &[(&str, Type)] = &[
    ("number", T),
    ("appeal_id", I),
    ("category", T),
    ("year", I),
    ("seq", I),
    ("issued_at", T),
];

/// `handling::insert_plan`'s columns with the id the loader predicted (never on behalf of
/// anyone), and the review status `handling::set_plan_review` sets.
pub(super) const PLANS: &[(&str, Type)] = &[
    ("id", I),
    ("appeal_id", I),
    ("round", I),
    ("content", T),
    ("submitted_by", I),
    ("submitted_at", T),
    ("review_status", T),
];
pub(super) const PLAN_REVIEW: usize = 6;

/// `handling::upsert_tracking`'s columns (the loader names no responsible person), and the
/// `resolved_at` that `handling::resolve_tracking` sets.
pub(super) const TRACKING: &[(&str, Type)] = &[
    ("appeal_id", I),
    ("measures", T),
    ("department_id", I),
    ("responsible", T),
    ("next_check_date", T),
    ("started_at", T),
    ("resolved_at", T),
];
pub(super) const TRACKING_RESOLVED: usize = 6;

/// `oversight::insert_escalation`'s columns with the id the loader predicted, and the three
/// `oversight::set_instruction` sets.
pub(super) const ESCALATIONS: &[(&str, Type)] = &[
    ("id", I),
    ("appeal_id", I),
    ("escalated_by", I),
    ("escalated_at", T),
    ("reason", T),
    ("instruction", T),
    ("instructed_by", I),
    ("instructed_at", T),
];
pub(super) const ESCALATION_INSTRUCTION: usize = 5;

/// `search::index_sketch`'s columns.
pub(super) const SKETCH: &[(&str, Type)] = &[("appeal_id", I), ("h", I)];

/// An appellant's row under the id the loader predicted for it.
pub(super) fn appellant_cells(a: &Appellant, id: i64) -> Result<Vec<Cell>> {
    cells(&[
        &id,
        &a.name,
        &a.phone,
        &a.address,
        &a.id_number,
        &a.email,
        &a.organisation,
        &a.anonymous,
    ])
}

/// An appeal's row; its id must be set (the copy writes it as given).
pub(super) fn appeal_cells(a: &Appeal) -> Result<Vec<Cell>> {
    if a.id == 0 {
        return Err(CoreError::storage(
            "批量写入的诉求缺少编号（id），无法写入 PostgreSQL 数据库。",
        ));
    }
    cells(&[
        &a.id,
        &a.reg_number,
        &a.archive_number,
        &a.appellant_id,
        &a.channel,
        &a.category,
        &a.category_confirmed,
        &a.subject,
        &a.content,
        &a.urgency,
        &a.major,
        &fmt_ts(&a.received_at),
        &fmt_ts(&a.registered_at),
        &a.registered_by,
        &a.postmark_date.map(fmt_date),
        &a.call_time.as_ref().map(fmt_ts),
        &a.status,
        &a.round,
        &a.department_id,
        &a.stage,
        &a.stage_started_on.map(fmt_date),
        &a.stage_days,
        &a.due_date.map(fmt_date),
        &fmt_date(a.expected_feedback_date),
        &a.supervision_count,
        &a.escalated,
        &a.satisfaction,
        &a.merged_into,
        &a.closed_at.as_ref().map(fmt_ts),
        &fmt_ts(&a.updated_at),
    ])
}

/// An event as chained and hashed by the loader.
pub(super) fn event_cells(p: &PreparedEvent) -> Result<Vec<Cell>> {
    cells(&[
        &p.id,
        &p.appeal_id,
        &p.at,
        &p.actor_id,
        &p.action,
        &p.from_status,
        &p.to_status,
        &p.reason,
        &p.payload,
        &p.on_behalf_department,
        &p.on_behalf_person,
        &p.prev_hash,
        &p.hash,
    ])
}

/// A stage run.
pub(super) fn span_cells(s: &SpanRow) -> Result<Vec<Cell>> {
    cells(&[
        &s.appeal_id,
        &s.seq,
        &s.stage,
        &s.department_id,
        &s.started_day,
        &s.due_day,
        &s.due_now_day,
        &s.ended_day,
        &s.supervised,
    ])
}
