//! Gapless counters for registration, archive and supervision numbers.
//!
//! A counter is read and bumped inside the caller's IMMEDIATE transaction, so two writers can never
//! draw the same value and a rolled-back action leaves no gap.

use crate::error::Result;
use crate::store::sql::{Connection, params};

/// Returns the next value of counter `name` (starting at 1) and records it.
pub(crate) fn next(conn: &Connection, name: &str) -> Result<i64> {
    let v: i64 = conn
        .prepare_cached(
            "INSERT INTO counters(name, value) VALUES (?1, 1)
             ON CONFLICT(name) DO UPDATE SET value = counters.value + 1
             RETURNING value",
        )?
        .query_row(params![name], |r| r.get(0))?;
    Ok(v)
}

/// The last value drawn from `name` (0 if never).
pub(crate) fn current(conn: &Connection, name: &str) -> Result<i64> {
    use crate::store::sql::OptionalExtension;
    Ok(conn
        .query_row("SELECT value FROM counters WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or(0))
}

/// Sets a counter (bulk loaders that assign numbers themselves).
pub(crate) fn set(conn: &Connection, name: &str, value: i64) -> Result<()> {
    conn.prepare_cached("INSERT INTO counters(name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = excluded.value")?.execute(params![name, value],)?;
    Ok(())
}
