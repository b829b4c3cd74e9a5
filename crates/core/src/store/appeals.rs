//! The `appeals` and `appellants` tables.
//!
//! The appeal row holds the current state; [`update_state`] writes the fields a transition may
//! change, all at once, so every use case changes state the same way.

use crate::error::{CoreError, Result};
use crate::model::*;
use crate::store::sql;
use crate::store::sql::{Connection, OptionalExtension, Row, params};
use crate::time::{fmt_date, fmt_ts, parse_date, parse_ts};

pub(crate) const APPEAL_COLS: &str = "a.id, a.reg_number, a.archive_number, a.appellant_id, a.channel, a.category, \
    a.category_confirmed, a.subject, a.content, a.urgency, a.major, a.received_at, a.registered_at, a.registered_by, \
    a.postmark_date, a.call_time, a.status, a.round, a.department_id, a.stage, a.stage_started_on, a.stage_days, \
    a.due_date, a.expected_feedback_date, a.supervision_count, a.escalated, a.satisfaction, a.merged_into, \
    a.closed_at, a.updated_at";

fn ts(r: &Row<'_>, i: usize) -> sql::Result<chrono::DateTime<chrono::FixedOffset>> {
    let s: String = r.get(i)?;
    parse_ts(&s).ok_or_else(|| sql::unreadable_text(i, "timestamp"))
}

fn opt_date(r: &Row<'_>, i: usize) -> sql::Result<Option<chrono::NaiveDate>> {
    Ok(r.get::<_, Option<String>>(i)?
        .as_deref()
        .and_then(parse_date))
}

pub(crate) fn appeal_from_row(r: &Row<'_>) -> sql::Result<Appeal> {
    Ok(Appeal {
        id: r.get(0)?,
        reg_number: r.get(1)?,
        archive_number: r.get(2)?,
        appellant_id: r.get(3)?,
        channel: Channel::from_db(&r.get::<_, String>(4)?),
        category: Category::from_db(&r.get::<_, String>(5)?),
        category_confirmed: r.get(6)?,
        subject: r.get(7)?,
        content: r.get(8)?,
        urgency: Urgency::from_db(&r.get::<_, String>(9)?),
        major: r.get(10)?,
        received_at: ts(r, 11)?,
        registered_at: ts(r, 12)?,
        registered_by: r.get(13)?,
        postmark_date: opt_date(r, 14)?,
        call_time: r
            .get::<_, Option<String>>(15)?
            .as_deref()
            .and_then(parse_ts),
        status: Status::from_db(&r.get::<_, String>(16)?),
        round: r.get(17)?,
        department_id: r.get(18)?,
        stage: r.get::<_, Option<String>>(19)?.map(|s| Stage::from_db(&s)),
        stage_started_on: opt_date(r, 20)?,
        stage_days: r.get(21)?,
        due_date: opt_date(r, 22)?,
        expected_feedback_date: opt_date(r, 23)?.unwrap_or_default(),
        supervision_count: r.get(24)?,
        escalated: r.get(25)?,
        satisfaction: r
            .get::<_, Option<String>>(26)?
            .map(|s| Satisfaction::from_db(&s)),
        merged_into: r.get(27)?,
        closed_at: r
            .get::<_, Option<String>>(28)?
            .as_deref()
            .and_then(parse_ts),
        updated_at: ts(r, 29)?,
    })
}

/// The largest appeal id (0 in an empty file): every appeal registered later has a larger one,
/// which is what a lookup made against a snapshot is completed from.
pub(crate) fn last_id(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM appeals")?
        .query_row([], |r| r.get(0))?)
}

/// How many appeals the file holds.
pub(crate) fn count(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM appeals")?
        .query_row([], |r| r.get(0))?)
}

/// The appeal with `id`, or a not-found error.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Appeal> {
    conn.prepare_cached(&format!(
        "SELECT {APPEAL_COLS} FROM appeals a WHERE a.id = ?1"
    ))?
    .query_row([id], appeal_from_row)
    .optional()?
    .ok_or_else(|| CoreError::not_found("找不到该诉求，可能编号有误或已被删除。"))
}

/// Finds an appeal by registration number, current archive number or any earlier archive number.
pub(crate) fn find_by_number(conn: &Connection, number: &str) -> Result<Option<i64>> {
    let n = number.trim();
    let direct: Option<i64> = conn
        .query_row(
            "SELECT id FROM appeals WHERE reg_number = ?1 OR archive_number = ?1",
            [n],
            |r| r.get(0),
        )
        .optional()?;
    if direct.is_some() {
        return Ok(direct);
    }
    Ok(conn
        .query_row(
            "SELECT appeal_id FROM archive_numbers WHERE number = ?1",
            [n],
            |r| r.get(0),
        )
        .optional()?)
}

pub(crate) fn get_appellant(conn: &Connection, id: i64) -> Result<Appellant> {
    conn.prepare_cached(
        "SELECT name, phone, address, id_number, email, organisation, anonymous FROM appellants WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(Appellant {
            name: r.get(0)?,
            phone: r.get(1)?,
            address: r.get(2)?,
            id_number: r.get(3)?,
            email: r.get(4)?,
            organisation: r.get(5)?,
            anonymous: r.get(6)?,
        })
    })
    .optional()?
    .ok_or_else(|| CoreError::not_found("找不到诉求人信息。"))
}

pub(crate) fn insert_appellant(conn: &Connection, a: &Appellant) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO appellants(name, phone, address, id_number, email, organisation, anonymous)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    )?
    .query_row(params![
        a.name,
        a.phone,
        a.address,
        a.id_number,
        a.email,
        a.organisation,
        a.anonymous
    ], |r| r.get(0))?)
}

/// The insert of an appeal row, with the id column (`insert_appeal!("id, ", "?30, ")`) or
/// without it (`insert_appeal!("", "")`): a new appeal leaves out the id rather than binding NULL,
/// which PostgreSQL's identity column refuses where SQLite assigns the next rowid.
macro_rules! insert_appeal {
    ($id_col:literal, $id_val:literal) => {
        concat!(
            "INSERT INTO appeals(",
            $id_col,
            "reg_number, archive_number, appellant_id, channel, category, category_confirmed, subject,
            content, urgency, major, received_at, registered_at, registered_by, postmark_date, call_time, status, round,
            department_id, stage, stage_started_on, stage_days, due_date, expected_feedback_date, supervision_count,
            escalated, satisfaction, merged_into, closed_at, updated_at)
         VALUES (",
            $id_val,
            "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
            ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29) RETURNING id"
        )
    };
}

/// Inserts a new appeal row (its state fields included) and returns its id; `a.id == 0` lets
/// the database choose the id, bulk loaders pass their own.
pub(crate) fn insert(conn: &Connection, a: &Appeal) -> Result<i64> {
    let args = params![
        a.reg_number,
        a.archive_number,
        a.appellant_id,
        a.channel,
        a.category,
        a.category_confirmed,
        a.subject,
        a.content,
        a.urgency,
        a.major,
        fmt_ts(&a.received_at),
        fmt_ts(&a.registered_at),
        a.registered_by,
        a.postmark_date.map(fmt_date),
        a.call_time.as_ref().map(fmt_ts),
        a.status,
        a.round,
        a.department_id,
        a.stage,
        a.stage_started_on.map(fmt_date),
        a.stage_days,
        a.due_date.map(fmt_date),
        fmt_date(a.expected_feedback_date),
        a.supervision_count,
        a.escalated,
        a.satisfaction,
        a.merged_into,
        a.closed_at.as_ref().map(fmt_ts),
        fmt_ts(&a.updated_at),
        a.id,
    ];
    let (sql, args) = if a.id == 0 {
        (insert_appeal!("", ""), &args[..29])
    } else {
        (insert_appeal!("id, ", "?30, "), args)
    };
    Ok(conn.prepare_cached(sql)?.query_row(args, |r| r.get(0))?)
}

/// Writes every mutable state field of `a` back to its row.
pub(crate) fn update_state(conn: &Connection, a: &Appeal) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE appeals SET archive_number = ?2, category = ?3, category_confirmed = ?4, major = ?5, status = ?6,
                round = ?7, department_id = ?8, stage = ?9, stage_started_on = ?10, stage_days = ?11, due_date = ?12,
                supervision_count = ?13, escalated = ?14, satisfaction = ?15, merged_into = ?16, closed_at = ?17,
                updated_at = ?18, urgency = ?19
             WHERE id = ?1",
        )?
        .execute(params![
            a.id,
            a.archive_number,
            a.category,
            a.category_confirmed,
            a.major,
            a.status,
            a.round,
            a.department_id,
            a.stage,
            a.stage_started_on.map(fmt_date),
            a.stage_days,
            a.due_date.map(fmt_date),
            a.supervision_count,
            a.escalated,
            a.satisfaction,
            a.merged_into,
            a.closed_at.as_ref().map(fmt_ts),
            fmt_ts(&a.updated_at),
            a.urgency,
        ])?;
    if n != 1 {
        return Err(CoreError::not_found("找不到该诉求。"));
    }
    Ok(())
}

/// Open appeals whose due date follows the calendar (for recomputation after a calendar edit).
pub(crate) fn open_with_computed_due(conn: &Connection) -> Result<Vec<Appeal>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {APPEAL_COLS} FROM appeals a
         WHERE a.status NOT IN ('closed', 'merged') AND a.stage_days IS NOT NULL AND a.stage_started_on IS NOT NULL"
    ))?;
    let rows = stmt
        .query_map([], appeal_from_row)?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}
