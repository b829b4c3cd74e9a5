//! The text term of the appeal list: how a search word becomes the list's driving query or a
//! condition. Three or more characters drive the query from the trigram index (plus the appeals
//! still waiting for it, `store::fts_backlog`), newest first and capped; shorter terms become a
//! `LIKE` condition over the newest-first scan. A term that is exactly a phone or a name also
//! finds that person's appeals, for staff who may look people up (logged).
//!
//! On PostgreSQL (`store::search::pg`, decision 0014 §3.2) the index is pg_trgm's, matching with
//! `LIKE`, or `ILIKE` for a term with ASCII letters (their case ignored, as SQLite's `LIKE` and
//! FTS5's trigrams do). A two-character term whose pair is rare by the planner's estimate is
//! driven from the exact index of character pairs, newest first; a common one takes the
//! newest-first scan as on SQLite, which finds its page within a few hundred rows. Either way a
//! short term is not counted, as on SQLite.
//!
//! A driver is handed to the list as a [`Driver`], rendered with the number of matches it may
//! yield: the page asks for only as many as it shows when nothing else filters the matches, the
//! count asks for no more than it counts (`list::count_cap`), so that the branches' limits tell
//! the planner how few rows are wanted (a backward primary-key scan for a common term, which stops
//! early, instead of fetching and rechecking every match). On PostgreSQL a page is first asked of
//! the newest appeals only ([`Order::NewestAbove`]), where a rare term has few matches to recheck,
//! and the count first of one column at a time ([`TextTerm::probes`]; decision 0014 §3.2).

use super::list::{arg, personal_lookup};
use crate::error::{CoreError, Result};
use crate::model::Ctx;
use crate::store::sql;
use crate::store::sql::Connection;
use crate::store::sql::types::Value as Sql;
use crate::store::{fts_backlog, search};
use chrono::NaiveDate;

/// The query whose ids drive the list, rendered for at most the given number of matches (never
/// more than `list::SEARCH_CAP`) in the given order.
pub(super) type Driver = Box<dyn Fn(i64, Order) -> String>;

/// The order a driver yields its ids in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    /// Newest first: a page, which shows the newest matches.
    NewestFirst,
    /// Newest first among the appeals with a larger id than this: a first try at a page among the
    /// newest appeals (`list::list`, `search::pg::recent_bound`), kept when it fills the page.
    /// Only drivers whose term says [`TextTerm::windowed`] are asked for it.
    NewestAbove(i64),
    /// Any: a count, which any `cap` matches answer (on PostgreSQL read through the indexes'
    /// bitmaps, `search::pg::with_bitmap_scans`); drivers that are never counted ignore it.
    Any,
}

/// What the term adds to the list's plan.
pub(super) struct TextTerm {
    /// The query whose ids drive the list (index terms and rare pairs).
    pub driver: Option<Driver>,
    /// Whether the total is counted (not for `LIKE` scans, which stop at the page).
    pub counted: bool,
    /// Counts of some of the driver's matches, each at most `list::count_cap`, any of which
    /// reaching the cap answers the total without the driver (`search::pg::probe_sqls`).
    pub probes: Vec<String>,
    /// Whether the driver takes [`Order::NewestAbove`] (PostgreSQL's trigram driver, whose rare
    /// terms' pages otherwise recheck every match; decision 0014 §3.2).
    pub windowed: bool,
}

pub(super) fn text_term(
    conn: &Connection,
    ctx: &Ctx<'_>,
    today: NaiveDate,
    t: &str,
    args: &mut Vec<Sql>,
    conds: &mut Vec<String>,
) -> Result<TextTerm> {
    if t.chars().count() > 100 {
        return Err(CoreError::field(
            "text",
            "搜索词太长，请控制在100个字以内。",
        ));
    }
    let people = people_named(conn, ctx, today, t)?;
    if conn.pg().is_some() && t.contains('\0') {
        // PostgreSQL's text cannot hold NUL, so no appeal contains the term (and binding it
        // would fail).
        conds.push("1 = 0".into());
        return Ok(TextTerm {
            driver: None,
            counted: false,
            probes: Vec::new(),
            windowed: false,
        });
    }
    if search::uses_index(t) {
        let (index, probes) = index_driver(conn, ctx, today, t, args)?;
        return Ok(TextTerm {
            driver: Some(with_people(index, people)),
            counted: true,
            probes,
            windowed: conn.pg().is_some(),
        });
    }
    let driver = match rare_pair(conn, t)? {
        Some(pair) => Some(pair_driver(t, &pair, people, args)),
        None => {
            conds.push(scan_condition(conn, t, people.as_deref(), args));
            None
        }
    };
    Ok(TextTerm {
        driver,
        counted: false,
        probes: Vec::new(),
        windowed: false,
    })
}

/// The ids of the appellants whose phone or name is exactly the term, as an SQL list, when the
/// actor may look people up and someone matched (the lookup is then logged); `None` otherwise.
fn people_named(
    conn: &Connection,
    ctx: &Ctx<'_>,
    today: NaiveDate,
    t: &str,
) -> Result<Option<String>> {
    if !personal_lookup(ctx.actor, t, today) {
        return Ok(None);
    }
    let phone = crate::validate::normalise_phone(t);
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM appellants WHERE phone = ?1 OR name = ?2 LIMIT 500")?
        .query_map(sql::params![phone, t], |r| r.get(0))?
        .collect::<sql::Result<_>>()?;
    if ids.is_empty() {
        return Ok(None);
    }
    crate::store::registry::log_access(
        conn,
        &crate::time::fmt_ts(&ctx.now),
        ctx.actor.user_id,
        None,
        crate::model::AccessKind::PhoneOrNameSearch,
        "按电话或姓名检索",
    )?;
    // Ids from the database, not user input: safe to spell out in the SQL text.
    Ok(Some(
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","),
    ))
}

/// The operator a term is matched with on this store (see `search::pg::like_op`).
fn like_for(conn: &Connection, t: &str) -> &'static str {
    if conn.pg().is_some() {
        search::pg::like_op(t)
    } else {
        "LIKE"
    }
}

/// The driver of a term of three characters or more. The index covers subject, content, the
/// appellant's address and every number ever issued; the address only for staff who may find
/// appeals through the people behind them (logged when it matched). On SQLite, FTS5 plus the
/// appeals still waiting for it (`store::fts_backlog`, a few dozen at most, matched by `LIKE`);
/// on PostgreSQL, pg_trgm's indexes, with the counts that may answer the total sooner.
fn index_driver(
    conn: &Connection,
    ctx: &Ctx<'_>,
    today: NaiveDate,
    t: &str,
    args: &mut Vec<Sql>,
) -> Result<(Driver, Vec<String>)> {
    let with_address = crate::access::may_look_up_people(ctx.actor, today);
    if with_address && search::address_matches(conn, t)? {
        crate::store::registry::log_access(
            conn,
            &crate::time::fmt_ts(&ctx.now),
            ctx.actor.user_id,
            None,
            crate::model::AccessKind::AddressSearch,
            "按地址检索",
        )?;
    }
    Ok(if conn.pg().is_some() {
        let like = search::pg::like_op(t);
        let pl = arg(Sql::Text(search::like_pattern(t)), args);
        let probes = search::pg::probe_sqls(&pl, like, super::list::count_cap(conn));
        let driver: Driver = Box::new(move |cap, order| {
            let (newest_first, above) = match order {
                Order::NewestFirst => (true, None),
                Order::NewestAbove(id) => (true, Some(id)),
                Order::Any => (false, None),
            };
            search::pg::search_sql(&pl, like, cap, with_address, newest_first, above)
        });
        (driver, probes)
    } else {
        // FTS5 lists its matches by rowid and counts them without reading a row: one order.
        let pq = arg(Sql::Text(search::fts_query(t, with_address)), args);
        let pl = arg(Sql::Text(search::like_pattern(t)), args);
        let driver: Driver =
            Box::new(move |cap, _| fts_backlog::search_sql(&pq, &pl, cap, with_address));
        (driver, Vec::new())
    })
}

/// The index driver joined by the appeals of the people the term named. Their branch honours
/// [`Order::NewestAbove`] as the index driver must (only windowed drivers are asked for it,
/// [`TextTerm::windowed`]: a driver ignoring the bound under this one would lose the matches
/// between the people's and the window).
fn with_people(index: Driver, people: Option<String>) -> Driver {
    match people {
        None => index,
        Some(ids) => Box::new(move |cap, order| {
            let (newest, above) = match order {
                Order::NewestFirst => ("ORDER BY 1 DESC ", String::new()),
                // An id from the database: safe to spell out.
                Order::NewestAbove(id) => ("ORDER BY 1 DESC ", format!(" AND a2.id > {id}")),
                Order::Any => ("", String::new()),
            };
            format!(
                "SELECT id FROM ({}) s UNION SELECT a2.id FROM appeals a2 WHERE a2.appellant_id IN ({ids}){above}
                 {newest}LIMIT {cap}",
                index(cap, order)
            )
        }),
    }
}

/// The pair of a two-character term on PostgreSQL when the planner estimates it rare (then the
/// pairs index lists its appeals faster than the newest-first scan finds a page); `None` for
/// every other term and on SQLite.
fn rare_pair(conn: &Connection, t: &str) -> Result<Option<String>> {
    if conn.pg().is_none() || t.chars().count() != 2 {
        return Ok(None);
    }
    let pair = search::pg::pair_of(t);
    Ok((!search::pg::pair_is_common(conn, &pair)?).then_some(pair))
}

/// The driver of a rare two-character term on PostgreSQL: the pairs index lists the few appeals
/// holding the pair; the numbers and the people looked up join them, newest first. The numbers
/// are two branches of their own: an `OR` over a subquery makes PostgreSQL scan all appeals.
fn pair_driver(t: &str, pair: &str, people: Option<String>, args: &mut Vec<Sql>) -> Driver {
    let like = search::pg::like_op(t);
    let pn = arg(Sql::Text(t.to_string()), args);
    let pl = arg(Sql::Text(search::like_pattern(t)), args);
    let pp = arg(Sql::Text(pair.to_string()), args);
    // Never counted (a short term is not): always newest first.
    Box::new(move |cap, _| {
        let pairs = search::pg::pair_sql(&pp, &pl, like, cap);
        let mut parts = vec![
            format!("SELECT id FROM ({pairs}) sp2"),
            format!("SELECT an.id FROM appeals an WHERE an.reg_number = {pn}"),
            format!("SELECT nn.appeal_id FROM archive_numbers nn WHERE nn.number = {pn}"),
        ];
        if let Some(ids) = &people {
            parts.push(format!(
                "SELECT a2.id FROM appeals a2 WHERE a2.appellant_id IN ({ids})"
            ));
        }
        format!("{} ORDER BY 1 DESC LIMIT {cap}", parts.join(" UNION "))
    })
}

/// The condition of a short term over the newest-first scan (both stores): the exact
/// registration or archive number, the texts by `LIKE`, or the people looked up.
fn scan_condition(conn: &Connection, t: &str, people: Option<&str>, args: &mut Vec<Sql>) -> String {
    let like = like_for(conn, t);
    let pn = arg(Sql::Text(t.to_string()), args);
    let pl = arg(Sql::Text(search::like_pattern(t)), args);
    let mut alternatives = vec![
        format!(
            "a.reg_number = {pn} OR a.id IN (SELECT appeal_id FROM archive_numbers WHERE number = {pn})"
        ),
        format!(
            "a.subject {like} {pl} ESCAPE '\\' OR a.content {like} {pl} ESCAPE '\\' OR a.archive_number {like} {pl} ESCAPE '\\'"
        ),
    ];
    if let Some(ids) = people {
        alternatives.push(format!("a.appellant_id IN ({ids})"));
    }
    format!("({})", alternatives.join(" OR "))
}
