//! The `calendar_days` / `calendar_years` tables.
//!
//! Shipped rows are refreshed on every open (so an upgrade brings corrected data) but never
//! overwrite a row the administrator wrote: `ON CONFLICT … WHERE source = 'shipped'`.

use crate::calendar::{SHIPPED, WorkCalendar, parse_holiday_file};
use crate::error::Result;
use crate::store::sql;
use crate::store::sql::{Connection, params};
use crate::time::{fmt_date, parse_date};
use chrono::NaiveDate;

/// Copies the shipped holiday data into the tables, leaving admin rows alone.
pub(crate) fn seed_shipped(conn: &Connection) -> Result<()> {
    let tx = sql::begin_write(conn)?;
    seed_rows(&tx)?;
    tx.commit()?;
    Ok(())
}

/// The seeding itself, inside the caller's transaction.
pub(crate) fn seed_rows(tx: &Connection) -> Result<()> {
    for (year, json) in SHIPPED {
        let (_, rows) = parse_holiday_file(json)?;
        for (date, off, name) in rows {
            tx.execute(
                "INSERT INTO calendar_days(date, is_off_day, name, source) VALUES (?1, ?2, ?3, 'shipped')
                 ON CONFLICT(date) DO UPDATE SET is_off_day = excluded.is_off_day, name = excluded.name
                 WHERE calendar_days.source = 'shipped'
                   AND (calendar_days.is_off_day IS DISTINCT FROM excluded.is_off_day
                        OR calendar_days.name IS DISTINCT FROM excluded.name)",
                params![fmt_date(date), off, name],
            )?;
        }
        tx.execute(
            "INSERT INTO calendar_years(year, source) VALUES (?1, 'shipped') ON CONFLICT DO NOTHING",
            [year],
        )?;
    }
    Ok(())
}

/// The calendar's revision (migration 008): it changes whenever a calendar row does.
pub(crate) fn revision(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT revision FROM calendar_revision WHERE id = 1")?
        .query_row([], |r| r.get(0))?)
}

/// Loads the calendar into memory.
pub(crate) fn load(conn: &Connection) -> Result<WorkCalendar> {
    let mut stmt = conn.prepare("SELECT date, is_off_day FROM calendar_days")?;
    let days = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))?
        .filter_map(|r| r.ok())
        .filter_map(|(d, off)| parse_date(&d).map(|d| (d, off)))
        .collect::<Vec<_>>();
    let mut stmt = conn.prepare("SELECT year FROM calendar_years")?;
    let years = stmt
        .query_map([], |r| r.get::<_, i32>(0))?
        .collect::<sql::Result<Vec<_>>>()?;
    Ok(WorkCalendar::new(days, years))
}

/// One listed day as shown in the settings year view.
#[derive(
    Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ListedDay {
    pub date: NaiveDate,
    pub is_off_day: bool,
    pub name: String,
    pub admin: bool,
}

/// The listed days of one year.
pub(crate) fn listed_days(conn: &Connection, year: i32) -> Result<Vec<ListedDay>> {
    let mut stmt = conn.prepare(
        "SELECT date, is_off_day, name, source FROM calendar_days WHERE date >= ?1 AND date < ?2 ORDER BY date",
    )?;
    let rows = stmt
        .query_map(
            params![format!("{year}-01-01"), format!("{}-01-01", year + 1)],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, bool>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            },
        )?
        .filter_map(|r| r.ok())
        .filter_map(|(d, off, name, src)| {
            parse_date(&d).map(|date| ListedDay {
                date,
                is_off_day: off,
                name,
                admin: src == "admin",
            })
        })
        .collect();
    Ok(rows)
}

/// Writes an administrator's day (wins over shipped data from now on).
pub(crate) fn set_admin_day(
    conn: &Connection,
    date: NaiveDate,
    is_off_day: bool,
    name: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO calendar_days(date, is_off_day, name, source) VALUES (?1, ?2, ?3, 'admin')
         ON CONFLICT(date) DO UPDATE SET is_off_day = excluded.is_off_day, name = excluded.name, source = 'admin'",
        params![fmt_date(date), is_off_day, name],
    )?;
    Ok(())
}

/// Removes an administrator's row for `date`, so the day follows shipped data or the weekday rule.
pub(crate) fn clear_admin_day(conn: &Connection, date: NaiveDate) -> Result<bool> {
    Ok(conn.execute(
        "DELETE FROM calendar_days WHERE date = ?1 AND source = 'admin'",
        [fmt_date(date)],
    )? > 0)
}

/// Marks a year as having complete data from the administrator.
pub(crate) fn mark_year_known(conn: &Connection, year: i32) -> Result<()> {
    conn.execute(
        "INSERT INTO calendar_years(year, source) VALUES (?1, 'admin') ON CONFLICT(year) DO UPDATE SET source = 'admin'",
        [year],
    )?;
    Ok(())
}
