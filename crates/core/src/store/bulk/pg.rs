//! The PostgreSQL side of bulk loading: the rows that make up nearly all of a load (appellants,
//! appeals, events, stage runs, duplicate sketches, feedback, progress reports, supervision
//! notices, archive numbers, search rows) go through `COPY … FROM STDIN (FORMAT binary)`, one COPY per table per batch of rows; the rest (plans and their reviews, tracking,
//! escalations and their instructions: rows that later rows of the same batch update, by the id
//! the statement gave them) through the ordinary table functions after the COPYs, in their order.
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
use postgres::binary_copy::BinaryCopyInWriter;
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
    /// A `text[]` (the search rows' pairs).
    TextArray(Vec<String>),
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
            Cell::TextArray(_) => "<text[]>",
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
                ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
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
            (Cell::TextArray(a), &Type::TEXT_ARRAY) => return a.to_sql(ty, out),
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

/// Streams `rows` into `table`'s `columns` (name and type) with one binary COPY.
pub(crate) fn copy_in(
    client: &mut postgres::Client,
    table: &str,
    columns: &[(&str, Type)],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<u64> {
    let names = columns
        .iter()
        .map(|(c, _)| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let types: Vec<Type> = columns.iter().map(|(_, t)| t.clone()).collect();
    let sink = client
        .copy_in(&format!(
            "COPY \"{table}\" ({names}) FROM STDIN (FORMAT binary)"
        ))
        .map_err(pg_err)?;
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    for row in rows {
        let refs: Vec<&(dyn ToSql + Sync)> = row.iter().map(|c| c as _).collect();
        writer.write(&refs).map_err(pg_err)?;
    }
    writer.finish().map_err(pg_err)
}

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
    let grams = search::pg::pairs([e.subject.as_str(), &e.content, &e.numbers]);
    vec![
        Cell::Integer(e.appeal_id),
        Cell::Text(e.numbers),
        Cell::TextArray(grams),
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

/// `search::index_sketch`'s columns.
const SKETCH: &[(&str, Type)] = &[("appeal_id", I), ("h", I)];

/// Writes a batch of rows on PostgreSQL (see the module docs), inside the loader's transaction:
/// the copied rows sorted into their tables and copied, then the rest through the table functions.
/// Appellants get their ids from `next_appellant` (what the loader predicted: the rows come in
/// order), so that no id depends on the identity's state.
pub(super) fn write(
    conn: &Connection,
    rows: Vec<Row>,
    next_appellant: &std::cell::Cell<i64>,
) -> Result<()> {
    let pg = conn
        .pg()
        .ok_or_else(|| CoreError::storage("批量写入的目标不是 PostgreSQL 数据库。"))?;
    let mut copies = Copies::default();
    let mut rest = Vec::new();
    for row in rows {
        if let Some(row) = copies.take(row, next_appellant)? {
            rest.push(row);
        }
    }
    copies.copy(&mut pg.client())?;
    super::rows::write(conn, rest)
}

/// The copied rows of one batch, as cells per table.
#[derive(Default)]
struct Copies {
    appellants: Vec<Vec<Cell>>,
    appeals: Vec<Vec<Cell>>,
    events: Vec<Vec<Cell>>,
    spans: Vec<Vec<Cell>>,
    sketch: Vec<Vec<Cell>>,
    feedbacks: Vec<Vec<Cell>>,
    progress: Vec<Vec<Cell>>,
    supervisions: Vec<Vec<Cell>>,
    archive_numbers: Vec<Vec<Cell>>,
    search: Vec<NewEntry>,
}

impl Copies {
    /// Puts `row` among its table's cells, or answers it back when it is written by a statement.
    fn take(&mut self, row: Row, next_appellant: &std::cell::Cell<i64>) -> Result<Option<Row>> {
        match row {
            Row::Appellant(a) => {
                let id = next_appellant.replace(next_appellant.get() + 1);
                self.appellants.push(appellant_cells(&a, id)?);
            }
            Row::Appeal(a) => self.appeals.push(appeal_cells(&a)?),
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
