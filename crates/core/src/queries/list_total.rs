//! The total of the appeal list: counted with the filter's conditions, or — for a text term that
//! drives the list — stopped at [`list::count_cap`], and for a term with nothing else filtering
//! its matches counted the cheapest way the store allows (decision 0014 §3.2). A page that holds
//! every match needs no count at all; `list::list` knows that before it asks here.

use super::list::{AppealRow, SEARCH_CAP, count_cap, driver_join};
use super::list_text::{Driver, Order};
use crate::error::Result;
use crate::store::sql;
use crate::store::sql::types::Value as Sql;

/// The list's total and whether it stopped at the cap: the appeals the conditions (`where_sql`,
/// bound by `args`) select, or, with a driver, the driver's matches they keep, at most
/// [`count_cap`] (sooner through one of the `probes` when it reaches the cap, see [`count_term`]).
/// `dense` as [`dense`] says of the page just read.
pub(super) fn count(
    conn: &sql::Connection,
    driver: Option<&Driver>,
    probes: &[String],
    where_sql: &str,
    args: &[Sql],
    dense: bool,
) -> Result<(i64, bool)> {
    let Some(d) = driver else {
        let n = run(
            conn,
            &format!("SELECT count(*) FROM appeals a {where_sql}"),
            args,
        )?;
        return Ok((n, false));
    };
    let cap = count_cap(conn);
    let n = if where_sql.is_empty() {
        count_term(conn, d, probes, cap, args, dense)?
    } else {
        run(
            conn,
            &format!(
                "SELECT count(*) FROM (SELECT 1 FROM ({}) f {} appeals a ON a.id = f.id {where_sql} LIMIT {cap}) c",
                d(SEARCH_CAP, Order::NewestFirst),
                driver_join(conn)
            ),
            args,
        )?
    };
    // The count stops at the cap; reaching it means there may be more.
    Ok((n, n >= cap))
}

/// Runs a count query with the filter's arguments.
fn run(conn: &sql::Connection, sql: &str, args: &[Sql]) -> Result<i64> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(sql::params_from_iter(args.iter()), |r| r.get(0))?)
}

/// The total of a term with nothing else filtering its matches, stopped at `cap`: any `cap`
/// matches answer it, so the driver yields them in any order, and on PostgreSQL they are read
/// through the indexes' bitmaps (`search::pg::with_bitmap_scans`) rather than by walking the
/// newest appeals until `cap` of them match — unless the term is `dense` (see [`dense`]): then
/// the walk finds `cap` matches within a few thousand appeals, where the bitmaps would list
/// every one of its hundreds of thousands of matches first (decision 0014 §3.2). Read through
/// bitmaps, the `probes` go first, in one statement: the first to reach `cap` answers it.
fn count_term(
    conn: &sql::Connection,
    d: &Driver,
    probes: &[String],
    cap: i64,
    args: &[Sql],
    dense: bool,
) -> Result<i64> {
    let order = if dense {
        Order::NewestFirst
    } else {
        Order::Any
    };
    let all = format!("SELECT count(*) FROM ({}) f", d(cap, order));
    let sql = if dense || probes.is_empty() {
        all
    } else {
        // PostgreSQL runs a `CASE` branch's subquery only when the branches before it failed.
        let sooner: String = probes
            .iter()
            .map(|p| format!("WHEN ({p}) >= {cap} THEN {cap} "))
            .collect();
        format!("SELECT CASE {sooner}ELSE ({all}) END")
    };
    if conn.pg().is_some() && !dense {
        crate::store::search::pg::with_bitmap_scans(conn, |c| run(c, &sql, args))
    } else {
        run(conn, &sql, args)
    }
}

/// Whether a full page of a term's matches, newest first, lies so close together that the term is
/// in more than [`DENSE_SHARE`] of the appeals around them (the page's ids span at most
/// `1 / DENSE_SHARE` times its rows).
pub(super) fn dense(rows: &[AppealRow]) -> bool {
    match (rows.first(), rows.last()) {
        (Some(first), Some(last)) if rows.len() > 1 => {
            let span = (first.id - last.id + 1) as f64;
            rows.len() as f64 >= span * DENSE_SHARE
        }
        _ => false,
    }
}

/// The share of appeals above which a term's count walks the newest appeals instead of reading
/// the trigram bitmaps. At a million appeals the bitmaps cost ~0.3 µs per match (two indexes,
/// every match listed) and the walk ~4 µs per appeal read (1,000 / share of them): equal near 12 %;
/// 15 % leaves the walk to the terms it clearly wins (a term in 30 %: ~15 ms walked, ~90 ms by
/// bitmaps).
const DENSE_SHARE: f64 = 0.15;
