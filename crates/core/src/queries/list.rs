//! The appeal list (诉求列表) and text search: filters, sort and paging done in SQL.
//!
//! Sorting and filtering use the indexes `(status, department_id, due_date)`,
//! `(department_id, status, due_date)` and `registered_at`. A text term of three or more characters
//! goes through the trigram index, newest first, capped at [`SEARCH_CAP`] matches so a common word
//! cannot make a page slow; a shorter term scans newest-first with `LIKE` and stops at the page
//! (its total is not counted — the page says whether there is more). Handlers and heads get their
//! department forced into the filter.
//!
//! The total of an index-driven search stops at [`count_cap`]: the search cap on SQLite, where
//! FTS5 counts ids without reading a row, but [`PG_SEARCH_COUNT_CAP`] (1,000, shown as "1,000+")
//! on PostgreSQL, where every trigram match is rechecked against its row (~10 µs each) and
//! counting a common term's 10,000 cost 30–250 ms (decision 0014 §3.2). Paging goes on past the
//! count to the search cap (`has_more`).

use super::list_text::{Driver, Order, text_term};
use super::list_total;
use super::{DueFlags, due_flags};
use crate::access::{self, Action, Scope};
use crate::error::{CoreError, Result};
use crate::model::*;
use crate::store::search::pg::recent_bound;
use crate::store::sql;
use crate::store::sql::types::Value as Sql;
use crate::store::{Store, settings};
use crate::time::{fmt_date, parse_date, parse_ts};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// At most this many text matches are considered (newest first).
pub const SEARCH_CAP: i64 = 10_000;

/// On PostgreSQL, the total of an index-driven search counts at most this many matches (the page
/// says "1,000+"); the pages still go on to [`SEARCH_CAP`]. The product call of decision 0014
/// §3.2: counting up to 1,000 costs ≤ 12 ms p95 at a million appeals, up to 10,000 30–250 ms.
pub const PG_SEARCH_COUNT_CAP: i64 = 1_000;

/// How many matches of an index-driven search the list's total counts on this store: SQLite
/// counts FTS5's ids without reading rows, so it keeps the search cap; PostgreSQL rechecks every
/// match against its row, so it stops at [`PG_SEARCH_COUNT_CAP`].
pub fn count_cap(conn: &sql::Connection) -> i64 {
    if conn.pg().is_some() {
        PG_SEARCH_COUNT_CAP
    } else {
        SEARCH_CAP
    }
}

/// Sort orders offered by the list.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    ts_rs::TS,
    schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    RegisteredDesc,
    RegisteredAsc,
    DueAsc,
    DueDesc,
}

/// The list's filters (all optional).
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct ListFilter {
    pub statuses: Vec<Status>,
    pub category: Option<Category>,
    pub channel: Option<Channel>,
    pub department_id: Option<i64>,
    /// Received on or after (inclusive).
    pub from: Option<NaiveDate>,
    /// Received on or before (inclusive).
    pub to: Option<NaiveDate>,
    pub overdue: bool,
    pub due_soon: bool,
    pub major: Option<bool>,
    pub text: Option<String>,
    pub sort: SortKey,
    pub page: i64,
    pub page_size: i64,
    /// Only these appeals (the rows ticked in the list, for a batch action or print); an empty
    /// list matches nothing. Absent: no restriction.
    #[ts(optional = nullable)]
    pub ids: Option<Vec<i64>>,
    /// 纸质归档: closed appeals not yet filed (待归档), or filed ones.
    #[ts(optional = nullable)]
    pub archive: Option<super::archive::ArchiveState>,
    /// Filed in this archive volume (卷号), exactly: the sheets of a volume print together.
    #[ts(optional = nullable)]
    pub volume: Option<String>,
}

/// One row of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AppealRow {
    pub id: i64,
    pub reg_number: String,
    pub archive_number: Option<String>,
    pub category: Category,
    pub subject: String,
    pub channel: Channel,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub status: Status,
    pub due_date: Option<NaiveDate>,
    pub due: DueFlags,
    pub received_at: DateTime<FixedOffset>,
    pub registered_at: DateTime<FixedOffset>,
    pub major: bool,
    pub urgency: Urgency,
    pub round: i64,
    /// Escalated to management at some time (an instruction may since have been given).
    pub escalated: bool,
    /// Supervision notices issued so far.
    pub supervision_count: i64,
}

/// A page of rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
#[schemars(rename = "{T}Page")]
pub struct Page<T> {
    pub rows: Vec<T>,
    /// Total matching rows; `None` when not counted (short search terms).
    pub total: Option<i64>,
    /// The total stopped at the search cap.
    pub total_capped: bool,
    pub has_more: bool,
    pub page: i64,
    pub page_size: i64,
}

pub(crate) const ROW_COLS: &str = "a.id, a.reg_number, a.archive_number, a.category, a.subject, a.channel, a.department_id, \
    d.name, a.status, a.due_date, a.received_at, a.registered_at, a.major, a.urgency, a.round, a.escalated, a.supervision_count";

pub(crate) fn row_from(r: &sql::Row<'_>) -> sql::Result<AppealRow> {
    Ok(AppealRow {
        id: r.get(0)?,
        reg_number: r.get(1)?,
        archive_number: r.get(2)?,
        category: Category::from_db(&r.get::<_, String>(3)?),
        subject: r.get(4)?,
        channel: Channel::from_db(&r.get::<_, String>(5)?),
        department_id: r.get(6)?,
        department_name: r.get(7)?,
        status: Status::from_db(&r.get::<_, String>(8)?),
        due_date: r
            .get::<_, Option<String>>(9)?
            .as_deref()
            .and_then(parse_date),
        due: DueFlags::default(),
        received_at: parse_ts(&r.get::<_, String>(10)?).unwrap_or_default(),
        registered_at: parse_ts(&r.get::<_, String>(11)?).unwrap_or_default(),
        major: r.get(12)?,
        urgency: Urgency::from_db(&r.get::<_, String>(13)?),
        round: r.get(14)?,
        escalated: r.get(15)?,
        supervision_count: r.get(16)?,
    })
}

/// Fills the due flags of fetched rows (only their 50 dates touch the calendar).
pub(crate) fn flag_rows(store: &Store, rows: &mut [AppealRow], today: NaiveDate) -> Result<()> {
    let soon = settings::due_soon_days(store.conn())?;
    for r in rows {
        if !r.status.is_final() {
            r.due = due_flags(store.calendar(), r.due_date, today, soon);
        }
    }
    Ok(())
}

/// The department an actor's list is restricted to, if any; `Err` if they may not list at all.
pub(crate) fn forced_department(actor: &Actor) -> Result<Option<i64>> {
    match access::scope(actor, Action::ViewAppeal) {
        Some(Scope::All) => Ok(None),
        Some(Scope::OwnDepartment) => Ok(Some(actor.department_id)),
        None => Err(CoreError::forbidden("您的角色没有权限查看诉求。")),
    }
}

/// Whether a search term is looked up by appellant phone or name for this actor. Looking an
/// appeal up that way touches personal data: only when the term looks like a phone number or a
/// Chinese name, only for staff who may see personal data (role and signed agreement); the list
/// logs each such lookup.
pub fn personal_lookup(actor: &Actor, term: &str, today: NaiveDate) -> bool {
    let t = term.trim();
    let phone = crate::validate::normalise_phone(t);
    let phone_like = phone.len() >= 7 && phone.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    let name_like = (2..=4).contains(&t.chars().count())
        && t.chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·');
    (phone_like || name_like) && access::may_look_up_people(actor, today)
}

/// The SQL a filter turns into: the text term's driver (rendered for a cap by [`from`]), the
/// conditions and their arguments, the order, and whether the matches can be counted. `None` when the filter cannot match anything
/// the actor may see.
struct Plan {
    where_sql: String,
    order: &'static str,
    args: Vec<Sql>,
    driver: Option<Driver>,
    counted: bool,
    /// Counts that may answer the total sooner (see `list_text::TextTerm::probes`).
    probes: Vec<String>,
    /// The driver takes [`Order::NewestAbove`] (see `list_text::TextTerm::windowed`).
    windowed: bool,
}

/// The appeal list for `ctx.actor`.
pub fn list(store: &Store, ctx: &Ctx<'_>, f: &ListFilter) -> Result<Page<AppealRow>> {
    let super::Window {
        page,
        size: page_size,
        offset,
    } = super::window(f.page, f.page_size, 50, 200)?;
    let Some(plan) = plan(store, ctx, f)? else {
        return Ok(Page {
            rows: vec![],
            total: Some(0),
            total_capped: false,
            has_more: false,
            page,
            page_size,
        });
    };
    let Plan {
        where_sql,
        order,
        args,
        driver,
        counted,
        probes,
        windowed,
    } = plan;
    let conn = store.conn();
    let term_only = driver.is_some() && where_sql.is_empty() && order == DRIVER_ORDER;
    // With nothing but the term filtering the matches, newest first, the page needs no more of
    // them than it shows (the planner then stops a common term's scan early); otherwise all the
    // capped matches, which the filters and the order pick from.
    let page_cap = if term_only {
        (offset + page_size + 1).min(SEARCH_CAP)
    } else {
        SEARCH_CAP
    };
    let read = |driver_order: Order| -> Result<Vec<AppealRow>> {
        let sql = format!(
            "SELECT {ROW_COLS} FROM {} LEFT JOIN departments d ON d.id = a.department_id {where_sql}
             ORDER BY {order} LIMIT {} OFFSET {}",
            from(conn, driver.as_ref(), page_cap, driver_order),
            page_size + 1,
            offset
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(sql::params_from_iter(args.iter()), row_from)?
            .collect::<sql::Result<Vec<_>>>()?;
        Ok(rows)
    };
    // A page of a term first looks among the newest appeals; when they fill it (one row more than
    // it shows), those are the newest matches of all, and a rare term has not had every match
    // rechecked (decision 0014 §3.2, "The newest appeals first").
    let recent = match (windowed && term_only)
        .then(|| recent_bound(conn, page_cap))
        .transpose()?
    {
        Some(Some(above)) => Some(read(Order::NewestAbove(above))?),
        _ => None,
    };
    // A term with too few matches among the newest appeals for a page has too few for the
    // count's probes to reach the cap: they are skipped, the count reads all at once.
    let (mut rows, probes) = match recent {
        Some(rows) if rows.len() as i64 > page_size => (rows, probes),
        Some(_) => (read(Order::NewestFirst)?, Vec::new()),
        None => (read(Order::NewestFirst)?, probes),
    };
    let has_more = rows.len() as i64 > page_size;
    rows.truncate(page_size as usize);
    flag_rows(store, &mut rows, ctx.today())?;
    let (total, capped) = if !counted {
        (None, false)
    } else if term_only
        && !has_more
        && page_cap > offset + page_size
        && (offset == 0 || !rows.is_empty())
    {
        // The driver yielded every match for this page (it was asked for one more than the page
        // holds, and not stopped by the search cap): the total is known without counting.
        (Some(offset + rows.len() as i64), false)
    } else {
        let (n, at_cap) = list_total::count(
            conn,
            driver.as_ref(),
            &probes,
            &where_sql,
            &args,
            term_only && list_total::dense(&rows),
        )?;
        (Some(n), at_cap)
    };
    Ok(Page {
        rows,
        total,
        total_capped: capped,
        has_more,
        page,
        page_size,
    })
}

/// The list's order when a driver yields the ids newest first (no sort needed).
const DRIVER_ORDER: &str = "f.id DESC";

/// What the list selects from: the appeals, or the driver's ids (at most `cap`, newest first in
/// `order`) joined to them.
fn from(conn: &sql::Connection, driver: Option<&Driver>, cap: i64, order: Order) -> String {
    match driver {
        // CROSS JOIN keeps the index's order as the outer loop: no sort, early stop at the page.
        Some(d) => format!(
            "({}) f {} appeals a ON a.id = f.id",
            d(cap, order),
            driver_join(conn)
        ),
        None => "appeals a".to_string(),
    }
}

/// The ids of every appeal the filter matches for `ctx.actor`, in the list's order, at most
/// `cap + 1` of them (one more than the cap, so the caller can tell "too many" apart from
/// "exactly the cap" without counting). Paging is ignored. Batch work (printing the archive
/// sheets of a filter) uses this: one query instead of paging through [`list`], which would
/// count the matches again for every page.
pub fn matching_ids(store: &Store, ctx: &Ctx<'_>, f: &ListFilter, cap: usize) -> Result<Vec<i64>> {
    let Some(Plan {
        where_sql,
        order,
        args,
        driver,
        ..
    }) = plan(store, ctx, f)?
    else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT a.id FROM {} {where_sql} ORDER BY {order} LIMIT {}",
        from(
            store.conn(),
            driver.as_ref(),
            SEARCH_CAP,
            Order::NewestFirst
        ),
        cap.saturating_add(1)
    );
    let mut stmt = store.conn().prepare(&sql)?;
    let ids = stmt
        .query_map(sql::params_from_iter(args.iter()), |r| r.get(0))?
        .collect::<sql::Result<Vec<i64>>>()?;
    Ok(ids)
}

/// Turns a filter into SQL for `ctx.actor` (see [`Plan`]). A lookup by phone or name is logged
/// here, once per query.
/// How the driver's ids join the appeals: SQLite's `CROSS JOIN` keeps the driver as the outer
/// loop; PostgreSQL has no `CROSS JOIN … ON` (its planner keeps the small driver outside itself).
pub(super) fn driver_join(conn: &sql::Connection) -> &'static str {
    if conn.pg().is_some() {
        "JOIN"
    } else {
        "CROSS JOIN"
    }
}

/// Binds `v` as the next parameter and returns its placeholder.
pub(super) fn arg(v: Sql, args: &mut Vec<Sql>) -> String {
    args.push(v);
    format!("?{}", args.len())
}

fn plan(store: &Store, ctx: &Ctx<'_>, f: &ListFilter) -> Result<Option<Plan>> {
    let forced = forced_department(ctx.actor)?;
    let today = ctx.today();
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<Sql> = Vec::new();
    if let Some(d) = forced {
        if f.department_id.is_some_and(|x| x != d) {
            return Ok(None);
        }
        let p = arg(Sql::Integer(d), &mut args);
        conds.push(format!("a.department_id = {p}"));
    } else if let Some(d) = f.department_id {
        let p = arg(Sql::Integer(d), &mut args);
        conds.push(format!("a.department_id = {p}"));
    }
    if !f.statuses.is_empty() {
        let ps: Vec<String> = f
            .statuses
            .iter()
            .map(|s| arg(Sql::Text(s.code().into()), &mut args))
            .collect();
        conds.push(format!("a.status IN ({})", ps.join(", ")));
    }
    if let Some(c) = f.category {
        let p = arg(Sql::Text(c.code().into()), &mut args);
        conds.push(format!("a.category = {p}"));
    }
    if let Some(c) = f.channel {
        let p = arg(Sql::Text(c.code().into()), &mut args);
        conds.push(format!("a.channel = {p}"));
    }
    if let Some(d) = f.from {
        let p = arg(Sql::Text(fmt_date(d)), &mut args);
        conds.push(format!("a.received_at >= {p}"));
    }
    if let Some(d) = f.to {
        let p = arg(Sql::Text(fmt_date(d.succ_opt().unwrap_or(d))), &mut args);
        conds.push(format!("a.received_at < {p}"));
    }
    if let Some(m) = f.major {
        let p = arg(Sql::Integer(m as i64), &mut args);
        conds.push(format!("a.major = {p}"));
    }
    super::archive::conditions(f, &mut args, &mut conds);
    if f.overdue || f.due_soon {
        conds.push("a.status NOT IN ('closed', 'merged')".into());
    }
    if f.overdue {
        let p = arg(Sql::Text(fmt_date(today)), &mut args);
        conds.push(format!("a.due_date < {p}"));
    }
    if f.due_soon {
        let soon = settings::due_soon_days(store.conn())?;
        let until = store.calendar().add_working_days(today, soon).value;
        let p1 = arg(Sql::Text(fmt_date(today)), &mut args);
        let p2 = arg(Sql::Text(fmt_date(until)), &mut args);
        conds.push(format!("a.due_date >= {p1} AND a.due_date <= {p2}"));
    }
    let text = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let conn = store.conn();
    // Text terms of three or more characters drive the query from the trigram index, newest
    // first, so a page costs ~50 row lookups however common the term; other filters apply to the
    // rows the index yields.
    let (driver, counted, probes, windowed) = match text {
        Some(t) => {
            let term = text_term(conn, ctx, today, t, &mut args, &mut conds)?;
            (term.driver, term.counted, term.probes, term.windowed)
        }
        None => (None, true, Vec::new(), false),
    };
    let where_sql = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    let order = match (text.is_some(), f.sort) {
        (true, SortKey::RegisteredDesc) => "a.id DESC",
        (_, SortKey::RegisteredDesc) => "a.registered_at DESC, a.id DESC",
        (_, SortKey::RegisteredAsc) => "a.registered_at ASC, a.id ASC",
        (_, SortKey::DueAsc) => "a.due_date IS NULL, a.due_date ASC, a.id ASC",
        (_, SortKey::DueDesc) => "a.due_date IS NULL, a.due_date DESC, a.id DESC",
    };
    let order = match (&driver, order) {
        (Some(_), "a.id DESC") => DRIVER_ORDER,
        (_, order) => order,
    };
    Ok(Some(Plan {
        where_sql,
        order,
        args,
        driver,
        counted,
        probes,
        windowed,
    }))
}

/// Text search as the global search box does it: newest first, one page.
pub fn search(
    store: &Store,
    ctx: &Ctx<'_>,
    term: &str,
    page: i64,
    page_size: i64,
) -> Result<Page<AppealRow>> {
    list(
        store,
        ctx,
        &ListFilter {
            text: Some(term.to_string()),
            page,
            page_size,
            ..Default::default()
        },
    )
}
