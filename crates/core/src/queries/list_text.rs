//! The text term of the appeal list: how a search word becomes the list's driving query or a
//! condition. Three or more characters drive the query from the trigram index (plus the appeals
//! still waiting for it, `store::fts_backlog`), newest first and capped at [`SEARCH_CAP`]; shorter
//! terms become a `LIKE` condition over the newest-first scan. A term that is exactly a phone or
//! a name also finds that person's appeals, for staff who may look people up (logged).
//!
//! On PostgreSQL (`store::search::pg`, decision 0014 §3.2) the index is pg_trgm's, matching with
//! `ILIKE` (ASCII case ignored, as SQLite's `LIKE` and FTS5's trigrams do). A two-character term
//! whose pair is rare by the planner's estimate is driven from the exact index of character
//! pairs, newest first; a common one takes the newest-first scan as on SQLite, which finds its
//! page within a few hundred rows. Either way a short term is not counted, as on SQLite.

use super::list::{SEARCH_CAP, arg, personal_lookup};
use crate::error::{CoreError, Result};
use crate::model::Ctx;
use crate::store::sql;
use crate::store::sql::Connection;
use crate::store::sql::types::Value as Sql;
use crate::store::{fts_backlog, search};
use chrono::NaiveDate;

/// What the term adds to the list's plan.
pub(super) struct TextTerm {
    /// The query whose ids drive the list (index terms), newest first.
    pub driver: Option<String>,
    /// Whether the total is counted (not for `LIKE` scans, which stop at the page).
    pub counted: bool,
}

pub(super) fn text_term(
    conn: &Connection,
    ctx: &Ctx<'_>,
    today: NaiveDate,
    t: &str,
    args: &mut Vec<Sql>,
    conds: &mut Vec<String>,
) -> Result<TextTerm> {
    let mut driver: Option<String> = None;
    let mut counted = true;
    if t.chars().count() > 100 {
        return Err(CoreError::field(
            "text",
            "搜索词太长，请控制在100个字以内。",
        ));
    }
    // Appellants whose phone or name is exactly the term (only for staff who may look people
    // up); the lookup is logged only when it actually matched someone.
    let appellant_ids: Vec<i64> = if personal_lookup(ctx.actor, t, today) {
        let phone = crate::validate::normalise_phone(t);
        let mut st = conn
            .prepare_cached("SELECT id FROM appellants WHERE phone = ?1 OR name = ?2 LIMIT 500")?;
        st.query_map(sql::params![phone, t], |r| r.get(0))?
            .collect::<sql::Result<_>>()?
    } else {
        Vec::new()
    };
    let personal = !appellant_ids.is_empty();
    // Ids from the database, not user input: safe to spell out in the SQL text.
    let id_list = appellant_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    if personal {
        crate::store::registry::log_access(
            conn,
            &crate::time::fmt_ts(&ctx.now),
            ctx.actor.user_id,
            None,
            crate::model::AccessKind::PhoneOrNameSearch,
            "按电话或姓名检索",
        )?;
    }
    if conn.pg().is_some() && t.contains('\0') {
        // PostgreSQL's text cannot hold NUL, so no appeal contains the term (and binding it
        // would fail).
        conds.push("1 = 0".into());
        return Ok(TextTerm {
            driver: None,
            counted: false,
        });
    }
    let like = if conn.pg().is_some() { "ILIKE" } else { "LIKE" };
    if search::uses_index(t) {
        // The index covers subject, content, the appellant's address and every number ever
        // issued; the address only for staff who may find appeals through the people behind them
        // (logged when it matched). Appeals still waiting for the index (`store::fts_backlog`, a
        // few dozen at most) are matched by LIKE over the same columns.
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
        let fts = if conn.pg().is_some() {
            let pl = arg(Sql::Text(search::like_pattern(t)), args);
            search::pg::search_sql(&pl, SEARCH_CAP, with_address)
        } else {
            let pq = arg(Sql::Text(search::fts_query(t, with_address)), args);
            let pl = arg(Sql::Text(search::like_pattern(t)), args);
            fts_backlog::search_sql(&pq, &pl, SEARCH_CAP, with_address)
        };
        driver = Some(if personal {
            format!(
                "SELECT id FROM ({fts}) s UNION SELECT a2.id FROM appeals a2 WHERE a2.appellant_id IN ({id_list})
                 ORDER BY 1 DESC"
            )
        } else {
            fts
        });
    } else {
        counted = false;
        let pn = arg(Sql::Text(t.to_string()), args);
        let pl = arg(Sql::Text(search::like_pattern(t)), args);
        let by_number = format!(
            "a.reg_number = {pn} OR a.id IN (SELECT appeal_id FROM archive_numbers WHERE number = {pn})"
        );
        let rare_pair = if conn.pg().is_some() && t.chars().count() == 2 {
            let pair = search::pg::pair_of(t);
            if search::pg::pair_is_common(conn, &pair)? {
                None
            } else {
                Some(pair)
            }
        } else {
            None
        };
        if let Some(pair) = rare_pair {
            // The pairs index lists the few appeals holding the pair; the numbers and the
            // people looked up join them, newest first.
            let pp = arg(Sql::Text(pair), args);
            let pairs = search::pg::pair_sql(&pp, &pl, SEARCH_CAP);
            let mut parts = vec![
                format!("SELECT id FROM ({pairs}) sp2"),
                format!("SELECT a.id FROM appeals a WHERE {by_number}"),
            ];
            if personal {
                parts.push(format!(
                    "SELECT a2.id FROM appeals a2 WHERE a2.appellant_id IN ({id_list})"
                ));
            }
            driver = Some(format!(
                "{} ORDER BY 1 DESC LIMIT {SEARCH_CAP}",
                parts.join(" UNION ")
            ));
        } else {
            let mut alternatives = vec![
                by_number,
                format!(
                    "a.subject {like} {pl} ESCAPE '\\' OR a.content {like} {pl} ESCAPE '\\' OR a.archive_number {like} {pl} ESCAPE '\\'"
                ),
            ];
            if personal {
                alternatives.push(format!("a.appellant_id IN ({id_list})"));
            }
            conds.push(format!("({})", alternatives.join(" OR ")));
        }
    }
    Ok(TextTerm { driver, counted })
}
