//! The `reminder_marks` table (the bell, issue 20 §8, migration 012): how far each person has read
//! their reminders — every reminder from an event up to `event_id`, and the "due tomorrow"
//! reminders of the day `due_read_on`.

use crate::error::Result;
use crate::store::sql::{Connection, OptionalExtension, params};
use crate::time::{fmt_date, parse_date};
use chrono::NaiveDate;

/// A person's read mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mark {
    pub event_id: i64,
    pub due_read_on: Option<NaiveDate>,
}

pub(crate) fn get(conn: &Connection, user_id: i64) -> Result<Option<Mark>> {
    Ok(conn
        .prepare_cached("SELECT event_id, due_read_on FROM reminder_marks WHERE user_id = ?1")?
        .query_row([user_id], |r| {
            Ok(Mark {
                event_id: r.get(0)?,
                due_read_on: r.get::<_, Option<String>>(1)?.and_then(|d| parse_date(&d)),
            })
        })
        .optional()?)
}

/// Sets the mark; it never moves back (two windows of one person may mark in either order).
pub(crate) fn set(conn: &Connection, user_id: i64, mark: Mark) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO reminder_marks(user_id, event_id, due_read_on) VALUES (?1, ?2, ?3)
         ON CONFLICT(user_id) DO UPDATE SET
           event_id = CASE WHEN excluded.event_id > reminder_marks.event_id
                           THEN excluded.event_id ELSE reminder_marks.event_id END,
           due_read_on = CASE WHEN reminder_marks.due_read_on IS NULL
                                   OR excluded.due_read_on > reminder_marks.due_read_on
                              THEN excluded.due_read_on ELSE reminder_marks.due_read_on END",
    )?
    .execute(params![
        user_id,
        mark.event_id,
        mark.due_read_on.map(fmt_date)
    ])?;
    Ok(())
}
