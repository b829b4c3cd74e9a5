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
//! streams a batch in one. The columns of each copied table are those of its table function's
//! `INSERT` (`appeals::insert`, `events::insert_prepared`, …), encoded through the same
//! `ToSql` impls, so a copied row is the row the statement would have written.
//!
//! [`Cell`] and [`copy_in`] serve `move_to_pg` too. Entering and leaving bulk-load mode (indexes,
//! foreign keys, the trigger, the identities) is `pg_mode`.

use crate::error::{CoreError, Result};
use crate::model::{Appeal, Appellant};
use crate::store::bulk::Row;
use crate::store::events::PreparedEvent;
use crate::store::search::{self, NewEntry};
use crate::store::sql::{self, Connection, types::Value};
use crate::store::stage_spans::SpanRow;
use crate::time::{fmt_date, fmt_ts};
use bytes::{BufMut, BytesMut};
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};

/// A PostgreSQL error of the client used directly (COPY, the catalog), as the layer reports it.
pub(crate) fn pg_err(e: postgres::Error) -> CoreError {
    sql::Error::from(e).into()
}

/// One value on its way into a binary COPY.
pub(crate) enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
    /// A `text[]` of two-character strings (the search rows' pairs, `search::pg::char_pairs`).
    Pairs(Vec<(char, char)>),
}

impl std::fmt::Debug for Cell {
    // The kind only: values are personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Cell::Null => "NULL",
            Cell::Integer(_) => "<integer>",
            Cell::Real(_) => "<real>",
            Cell::Text(_) => "<text>",
            Cell::Blob(_) => "<blob>",
            Cell::Pairs(_) => "<text[]>",
        })
    }
}

impl Cell {
    /// Whether the value can go into a column of type `ty` unchanged.
    pub(crate) fn fits(&self, ty: &Type) -> bool {
        matches!(
            (self, ty),
            (Cell::Null, _)
                | (Cell::Integer(_), &Type::INT8 | &Type::INT4)
                | (Cell::Real(_), &Type::FLOAT8)
                | (Cell::Text(_), &Type::TEXT)
                | (Cell::Blob(_), &Type::BYTEA)
        )
    }

    /// The value a rusqlite `ToSql` gives (the same encoding the table functions bind).
    fn of(v: &dyn sql::types::ToSql) -> Result<Self> {
        use sql::types::{ToSqlOutput, ValueRef};
        let value = match v.to_sql()? {
            ToSqlOutput::Borrowed(r) => match r {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Integer(n),
                ValueRef::Real(x) => Value::Real(x),
                ValueRef::Text(t) => Value::Text(match std::str::from_utf8(t) {
                    Ok(s) => s.to_owned(),
                    Err(_) => String::from_utf8_lossy(t).into_owned(),
                }),
                ValueRef::Blob(b) => Value::Blob(b.to_vec()),
            },
            ToSqlOutput::Owned(v) => v,
            _ => return Err(CoreError::storage("批量写入遇到无法写入的数据类型。")),
        };
        Ok(match value {
            Value::Null => Cell::Null,
            Value::Integer(n) => Cell::Integer(n),
            Value::Real(x) => Cell::Real(x),
            Value::Text(s) => Cell::Text(s),
            Value::Blob(b) => Cell::Blob(b),
        })
    }
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl ToSql for Cell {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match (self, ty) {
            (Cell::Null, _) => return Ok(IsNull::Yes),
            (Cell::Integer(n), &Type::INT8) => out.put_i64(*n),
            (Cell::Integer(n), &Type::INT4) => out.put_i32(i32::try_from(*n)?),
            (Cell::Real(x), &Type::FLOAT8) => out.put_f64(*x),
            (Cell::Text(s), &Type::TEXT) => out.put_slice(s.as_bytes()),
            (Cell::Blob(b), &Type::BYTEA) => out.put_slice(b),
            (Cell::Pairs(a), &Type::TEXT_ARRAY) => put_pairs(a, out)?,
            (cell, ty) => {
                return Err(format!("{cell:?} does not fit a column of type {ty}").into());
            }
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Encodes pairs of characters as a one-dimensional `text[]` in PostgreSQL's binary format
/// (`array_send`: one dimension, no nulls, the element type, the dimension's length and lower
/// bound, then each element's length and bytes), byte for byte as postgres-types encodes a
/// `Vec<String>` (tested).
fn put_pairs(pairs: &[(char, char)], out: &mut BytesMut) -> std::result::Result<(), BoxError> {
    out.put_i32(1); // dimensions
    out.put_i32(0); // no nulls
    out.put_u32(Type::TEXT.oid());
    out.put_i32(i32::try_from(pairs.len())?);
    out.put_i32(1); // lower bound
    let mut utf8 = [0u8; 8];
    for (a, b) in pairs {
        let n = a.encode_utf8(&mut utf8[..4]).len();
        let m = b.encode_utf8(&mut utf8[n..]).len();
        out.put_i32(i32::try_from(n + m)?);
        out.put_slice(&utf8[..n + m]);
    }
    Ok(())
}

/// Streams `rows` into `table`'s `columns` (name and type) with one binary COPY.
///
/// The rows are encoded here (PostgreSQL's binary COPY format: a header, per row the field count
/// and each field's length and bytes, a trailer) and sent in pieces of [`COPY_PIECE`] bytes:
/// `BinaryCopyInWriter` hands every 4 KB to the connection's task and waits for it, thousands of
/// thread switches per batch that took a fifth of a million-appeal load's time.
pub(crate) fn copy_in(
    client: &mut postgres::Client,
    table: &str,
    columns: &[(&str, Type)],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<u64> {
    use std::io::Write;
    let names = columns
        .iter()
        .map(|(c, _)| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut sink = client
        .copy_in(&format!(
            "COPY \"{table}\" ({names}) FROM STDIN (FORMAT binary)"
        ))
        .map_err(pg_err)?;
    let mut buf = BytesMut::with_capacity(COPY_PIECE + 64 * 1024);
    buf.put_slice(b"PGCOPY\n\xff\r\n\0");
    buf.put_i32(0); // flags
    buf.put_i32(0); // header extension
    let field_count =
        i16::try_from(columns.len()).map_err(|_| CoreError::storage("批量写入的列数超出范围。"))?;
    // The pieces are only buffered and sent: an error here is the connection's (the server's
    // answer to the rows comes with `finish`).
    let written = |_| CoreError::storage("批量写入时与数据库的连接中断，请重试。");
    for row in rows {
        buf.put_i16(field_count);
        for (cell, (_, ty)) in row.iter().zip(columns) {
            let at = buf.len();
            buf.put_i32(0);
            let len = match cell.to_sql(ty, &mut buf) {
                Ok(IsNull::Yes) => -1,
                Ok(IsNull::No) => i32::try_from(buf.len() - at - 4)
                    .map_err(|_| CoreError::storage("批量写入的一个值太大。"))?,
                Err(e) => return Err(CoreError::storage(format!("批量写入的数据有误：{e}"))),
            };
            buf[at..at + 4].copy_from_slice(&len.to_be_bytes());
        }
        if buf.len() >= COPY_PIECE {
            sink.write_all(&buf).map_err(written)?;
            buf.clear();
        }
    }
    buf.put_i16(-1);
    sink.write_all(&buf).map_err(written)?;
    sink.finish().map_err(pg_err)
}

/// How many bytes of encoded rows go to the server at a time.
const COPY_PIECE: usize = 1 << 20;

fn cells(values: &[&dyn sql::types::ToSql]) -> Result<Vec<Cell>> {
    values.iter().map(|v| Cell::of(*v)).collect()
}

const I: Type = Type::INT8;
const T: Type = Type::TEXT;

/// `appeals::insert_appellant`'s columns, with the id the loader predicted.
const APPELLANTS: &[(&str, Type)] = &[
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
const APPEALS: &[(&str, Type)] = &[
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
const EVENTS: &[(&str, Type)] = &[
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
const SPANS: &[(&str, Type)] = &[
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
const SEARCH: &[(&str, Type)] = &[
    ("appeal_id", I),
    ("numbers", T),
    ("grams", Type::TEXT_ARRAY),
];

/// The search row of a new appeal, as `search::pg::index` writes it: the pairs of the subject,
/// the content and the numbers (the address needs none: its trigram index is on `appellants`).
fn search_row(e: NewEntry) -> Vec<Cell> {
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
const FEEDBACKS: &[(&str, Type)] = &[
    ("appeal_id", I),
    ("round", I),
    ("method", T),
    ("content", T),
    ("satisfaction", T),
    ("recorded_by", I),
    ("recorded_at", T),
];

/// `handling::insert_progress`'s columns (the loader's reports are never on behalf of anyone).
const PROGRESS: &[(&str, Type)] = &[
    ("appeal_id", I),
    ("at", T),
    ("content", T),
    ("reported_by", I),
];

/// `oversight::insert_supervision`'s columns.
const SUPERVISIONS: &[(&str, Type)] = &[
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
const ARCHIVE_NUMBERS: &[(&str, Type)] = &[
    ("number", T),
    ("appeal_id", I),
    ("category", T),
    ("year", I),
    ("seq", I),
    ("issued_at", T),
];

/// `handling::insert_plan`'s columns with the id the loader predicted (never on behalf of
/// anyone), and the review status `handling::set_plan_review` sets.
const PLANS: &[(&str, Type)] = &[
    ("id", I),
    ("appeal_id", I),
    ("round", I),
    ("content", T),
    ("submitted_by", I),
    ("submitted_at", T),
    ("review_status", T),
];
const PLAN_REVIEW: usize = 6;

/// `handling::upsert_tracking`'s columns (the loader names no responsible person), and the
/// `resolved_at` that `handling::resolve_tracking` sets.
const TRACKING: &[(&str, Type)] = &[
    ("appeal_id", I),
    ("measures", T),
    ("department_id", I),
    ("responsible", T),
    ("next_check_date", T),
    ("started_at", T),
    ("resolved_at", T),
];
const TRACKING_RESOLVED: usize = 6;

/// `oversight::insert_escalation`'s columns with the id the loader predicted, and the three
/// `oversight::set_instruction` sets.
const ESCALATIONS: &[(&str, Type)] = &[
    ("id", I),
    ("appeal_id", I),
    ("escalated_by", I),
    ("escalated_at", T),
    ("reason", T),
    ("instruction", T),
    ("instructed_by", I),
    ("instructed_at", T),
];
const ESCALATION_INSTRUCTION: usize = 5;

/// `search::index_sketch`'s columns.
const SKETCH: &[(&str, Type)] = &[("appeal_id", I), ("h", I)];

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

/// An appellant's row under the id the loader predicted for it.
fn appellant_cells(a: &Appellant, id: i64) -> Result<Vec<Cell>> {
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
fn appeal_cells(a: &Appeal) -> Result<Vec<Cell>> {
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
fn event_cells(p: &PreparedEvent) -> Result<Vec<Cell>> {
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
fn span_cells(s: &SpanRow) -> Result<Vec<Cell>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_encoded_as_postgres_types_encodes_the_same_strings() {
        for pairs in [
            vec![],
            vec![('井', '盖'), ('a', 'b'), ('%', '\\'), ('𠀀', '1')],
        ] {
            let mut ours = BytesMut::new();
            put_pairs(&pairs, &mut ours).unwrap();
            let strings: Vec<String> = pairs.iter().map(|(a, b)| format!("{a}{b}")).collect();
            let mut theirs = BytesMut::new();
            strings.to_sql(&Type::TEXT_ARRAY, &mut theirs).unwrap();
            assert_eq!(ours, theirs, "{} pairs", pairs.len());
        }
    }
}
