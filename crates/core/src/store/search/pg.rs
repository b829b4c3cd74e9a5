//! The search index on PostgreSQL (decision 0014, §3.2), in place of SQLite's FTS5 table.
//!
//! Terms of three characters and up are found by pg_trgm's GIN indexes on the columns themselves
//! (`appeals.subject`, `appeals.content`, `appellants.address`) and on `appeal_search.numbers`,
//! so nothing has to be written for them but the numbers. Two-character terms cannot be expressed
//! as trigrams; they use the exact GIN index over `appeal_search.grams`, the distinct adjacent
//! character pairs of the subject, the content and the numbers, which this module computes and
//! writes (an SQL function computing them was measured far too slow, §3.2). A two-character term
//! searches no address, as on SQLite, so the address has no pairs.
//!
//! Matching ignores ASCII case, as SQLite's `LIKE` and the FTS5 trigram tokenizer do: a term with
//! an ASCII letter is matched with `ILIKE`, any other with `LIKE` ([`like_op`]: the same result
//! for such a term, and three times faster per row — `ILIKE` lowers every text it reads), and the
//! pairs are stored and looked up with ASCII letters lowered. Both operators use the trigram
//! indexes.
//!
//! The row is written in the registration's own transaction and a search sees it at once, so
//! there is no backlog on PostgreSQL (`store::fts_backlog` does nothing there). The search
//! indexes take the row's entries into GIN's pending lists, which searches read too and which
//! every process merges in the background (`store::pg::pending`, migration 019; decision 0014
//! §3.2): writing them into the indexes one by one cost a registration 10 ms at a million appeals,
//! and a list left to fill up was merged by the registration that overflowed it.

use crate::error::Result;
use crate::store::sql::{Connection, params};

/// The distinct adjacent character pairs of the texts, ASCII letters lowered, sorted. A text
/// contains a two-character term (ignoring ASCII case) exactly when the term's lowered pair is
/// among its pairs, so the pairs index needs no recheck for that.
pub(crate) fn pairs<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    char_pairs(texts)
        .into_iter()
        .map(|(a, b)| {
            let mut s = String::with_capacity(a.len_utf8() + b.len_utf8());
            s.push(a);
            s.push(b);
            s
        })
        .collect()
}

/// [`pairs`] as pairs of characters, in the same order (characters in code-point order sort as
/// their UTF-8 strings do): what a bulk load encodes straight into its COPY, without a string per
/// pair (a few hundred per appeal, a million appeals).
pub(crate) fn char_pairs<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<(char, char)> {
    let mut all: Vec<(char, char)> = Vec::new();
    for text in texts {
        let mut chars = text.chars().map(|c| c.to_ascii_lowercase());
        let Some(mut prev) = chars.next() else {
            continue;
        };
        for c in chars {
            all.push((prev, c));
            prev = c;
        }
    }
    all.sort_unstable();
    all.dedup();
    all
}

/// The operator that matches `term` as SQLite's `LIKE` does: ignoring the case of ASCII letters.
/// `ILIKE` only when the term has one (it also folds other scripts' letters, which SQLite's
/// `LIKE` does not; a term mixing both is the one case where the two stores can differ).
pub(crate) fn like_op(term: &str) -> &'static str {
    if term.chars().any(|c| c.is_ascii_alphabetic()) {
        "ILIKE"
    } else {
        "LIKE"
    }
}

/// The pair a two-character term is looked up by (see [`pairs`]).
pub(crate) fn pair_of(term: &str) -> String {
    term.chars().map(|c| c.to_ascii_lowercase()).collect()
}

/// The pairs as a JSON array, which the statements unpack with `jsonb_array_elements_text`: the
/// layer binds scalar values only, and JSON carries any character without a separator that a
/// text might contain.
fn json_array(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

/// Writes (or rewrites) the search row of one appeal (the address needs none: its trigram index
/// is on `appellants`).
pub(crate) fn index(
    conn: &Connection,
    appeal_id: i64,
    subject: &str,
    content: &str,
    numbers: &str,
) -> Result<()> {
    // PostgreSQL's text cannot hold NUL; the program's texts never do (validation), and a pair
    // with one could never be searched for.
    let grams = pairs([subject, content, numbers]);
    conn.prepare_cached(
        "INSERT INTO appeal_search(appeal_id, numbers, grams)
         VALUES (?1, ?2, ARRAY(SELECT jsonb_array_elements_text(CAST(?3 AS text)::jsonb)))
         ON CONFLICT (appeal_id) DO UPDATE SET numbers = EXCLUDED.numbers, grams = EXCLUDED.grams",
    )?
    .execute(params![appeal_id, numbers, json_array(&grams)])?;
    Ok(())
}

/// Writes the search row of an appeal from its stored columns (a registration, which on SQLite
/// records the appeal in the FTS backlog instead).
pub(crate) fn index_stored(conn: &Connection, appeal_id: i64) -> Result<()> {
    let (subject, content, reg_number): (String, String, String) = conn
        .prepare_cached("SELECT subject, content, reg_number FROM appeals WHERE id = ?1")?
        .query_row([appeal_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let numbers = super::numbers(conn, appeal_id, &reg_number)?;
    index(conn, appeal_id, &subject, &content, &numbers)
}

/// Whether some appeal's appellant address contains the term (ignoring ASCII case).
pub(crate) fn address_matches(conn: &Connection, term: &str) -> Result<bool> {
    if term.contains('\0') {
        return Ok(false);
    }
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM appellants p JOIN appeals a ON a.appellant_id = p.id
                        WHERE p.address {} ?1 ESCAPE '\\')",
        like_op(term)
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([super::like_pattern(term)], |r| r.get(0))?)
}

/// The query whose ids drive the list for a term of three characters or more: every appeal whose
/// subject, content, numbers or — `with_address` — appellant's address contains the term (bound
/// as an escaped `LIKE` pattern at `pattern`, matched with `like`, see [`like_op`]), at most
/// `cap`, and — `above` — only appeals with a larger id (a first look among the newest, see
/// [`recent_bound`]). Each branch is one table's trigram indexes (the subject and content ones
/// OR-ed into one bitmap) and takes at most `cap` matches, so a common term costs at most `cap`
/// matches per branch rather than all of them (a plain `UNION` fetched and sorted every match);
/// duplicates are dropped as the branches are merged.
///
/// `newest_first` for a page: each branch takes its newest `cap` and they are merged in id order.
/// Without it (a count, which any `cap` matches answer) the branches take whichever matches they
/// find first: read through [`with_bitmap_scans`], each is a bitmap of the index's matches read
/// until `cap` pass the recheck (decision 0014 §3.2: a count of 1,000 at 2.8 % of a million
/// appeals, 16 ms instead of 140 ms walking the newest appeals for them).
pub(crate) fn search_sql(
    pattern: &str,
    like: &str,
    cap: i64,
    with_address: bool,
    newest_first: bool,
    above: Option<i64>,
) -> String {
    let order = if newest_first { "ORDER BY 1 DESC " } else { "" };
    // An id from the database, not user input: safe to spell out in the SQL text.
    let newer = |column: &str| above.map_or(String::new(), |id| format!(" AND {column} > {id}"));
    let address = if with_address {
        format!(
            "UNION ALL (SELECT ap.id FROM appellants pp JOIN appeals ap ON ap.appellant_id = pp.id
                        WHERE pp.address {like} {pattern} ESCAPE '\\'{} {order}LIMIT {cap})",
            newer("ap.id")
        )
    } else {
        String::new()
    };
    format!(
        "SELECT DISTINCT id FROM (
             (SELECT st.id FROM appeals st
              WHERE (st.subject {like} {pattern} ESCAPE '\\' OR st.content {like} {pattern} ESCAPE '\\'){}
              {order}LIMIT {cap})
             UNION ALL (SELECT sn.appeal_id FROM appeal_search sn
                        WHERE sn.numbers {like} {pattern} ESCAPE '\\'{} {order}LIMIT {cap})
             {address}
         ) m {order}LIMIT {cap}",
        newer("st.id"),
        newer("sn.appeal_id")
    )
}

/// Counts that answer a term's capped count before its whole driver does when they reach `cap`:
/// its matches in the subjects alone, then in the contents alone, at most `cap` each (`pattern`
/// and `like` as in [`search_sql`]). Either reaching `cap` means the term is in at least `cap`
/// appeals. Each reads one trigram bitmap rather than both OR-ed, and the subjects' recheck reads
/// short texts (decision 0014 §3.2, "The newest appeals first": a common term's count 14.3 →
/// 11.8 ms at a million appeals).
pub(crate) fn probe_sqls(pattern: &str, like: &str, cap: i64) -> Vec<String> {
    ["subject", "content"]
        .iter()
        .map(|column| {
            format!(
                "SELECT count(*) FROM (SELECT 1 FROM appeals pr
                                       WHERE pr.{column} {like} {pattern} ESCAPE '\\' LIMIT {cap}) pc"
            )
        })
        .collect()
}

/// How many of the newest appeals a page of a term looks among first, at most (the newest eighth
/// of the appeals in a smaller office). At a million appeals a term in 0.35 % of them has ~350
/// matches among the newest 100,000: its page rechecks those instead of all 3,500 (18 → 4 ms,
/// decision 0014 §3.2, "The newest appeals first"), and a term with fewer than a page there is
/// looked up whole after (its matches are few, so that costs little).
pub(crate) const RECENT_WINDOW: i64 = 100_000;

/// The id above which the newest appeals lie that a page of a term looks among first
/// ([`RECENT_WINDOW`]), `None` when there are too few appeals for a window or the window holds
/// fewer ids than the `need`ed matches (it could never fill the page). Rounded down to an
/// eighth of the window, so that the statement's text — the bound is spelled out in it — stays
/// the same across registrations. The appeals' BRIN index over `id` (migration 021) hands the
/// trigram bitmaps the newest pages only: the rows are stored about in id order (appended), and
/// where they are not the index merely narrows less.
pub(crate) fn recent_bound(conn: &Connection, need: i64) -> Result<Option<i64>> {
    let newest: Option<i64> = conn
        .prepare_cached("SELECT max(id) FROM appeals")?
        .query_row([], |r| r.get(0))?;
    let Some(newest) = newest else {
        return Ok(None);
    };
    let window = (newest / 8).min(RECENT_WINDOW);
    let step = (window / 8).max(1);
    let bound = (newest - window) / step * step;
    Ok((window > 0 && bound > 0 && newest - bound >= need).then_some(bound))
}

/// Runs `read` with the planner limited to bitmap scans where an index serves (no index or
/// sequential scans), in a read-only transaction of its own; inside a caller's transaction (one
/// the layer began: a transaction opened with a raw `BEGIN`, as the bulk loader's batches are,
/// is not seen and must not read through here), as the planner chooses. For a query that wants
/// any few of a term's matches (a count): the planner's estimate of a Chinese `LIKE` is far off
/// (80,000 estimated for 28,000 matches), and with it the planner walks the newest appeals
/// rechecking every one (37,000 for 1,000 matches) where the trigram bitmap hands it only matches.
///
/// With the bitmaps the only way left, a statement's plan is the same for every term, so it is
/// planned once (`plan_cache_mode = force_generic_plan`; the connection's default plans each
/// execution with its values, `store::pg`): a count's plan of five trigram scans took ~1 ms to
/// make, every search. No parallel workers: a plan made without the term's values would start two
/// for the address scan (~9 ms) to find a handful of rows.
pub(crate) fn with_bitmap_scans<T>(
    conn: &Connection,
    read: impl FnOnce(&Connection) -> Result<T>,
) -> Result<T> {
    if !conn.is_autocommit() {
        return read(conn);
    }
    let tx = crate::store::sql::begin_read(conn)?;
    tx.execute_batch(
        "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off;
         SET LOCAL plan_cache_mode = force_generic_plan;
         SET LOCAL max_parallel_workers_per_gather = 0",
    )?;
    let out = read(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// The query whose ids drive the list for a two-character term whose pair is rare (see
/// [`pair_is_common`]): the appeals holding the pair (bound at `pair`) whose subject, content or
/// archive number contains the term (`pattern`; the pairs also hold every number ever issued,
/// which a short term does not search), newest first, at most `cap`.
pub(crate) fn pair_sql(pair: &str, pattern: &str, like: &str, cap: i64) -> String {
    format!(
        "SELECT sp.appeal_id AS id FROM appeal_search sp JOIN appeals ap ON ap.id = sp.appeal_id
         WHERE sp.grams @> ARRAY[CAST({pair} AS text)]
           AND (ap.subject {like} {pattern} ESCAPE '\\' OR ap.content {like} {pattern} ESCAPE '\\'
                OR ap.archive_number {like} {pattern} ESCAPE '\\')
         ORDER BY 1 DESC LIMIT {cap}"
    )
}

/// The plan (`EXPLAIN`, JSON) of [`pair_sql`] for `term`, with sequential and plain index scans
/// off: a test's proof that the pairs index serves that query (its collation matching the
/// query's, migration 020).
#[cfg(feature = "testing")]
pub(crate) fn pair_plan(conn: &Connection, term: &str) -> Result<String> {
    let tx = crate::store::sql::begin_read(conn)?;
    tx.execute_batch("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")?;
    let sql = pair_sql("?1", "?2", like_op(term), 50);
    let plan: String = tx.query_row(
        &format!("EXPLAIN (FORMAT JSON) {sql}"),
        params![pair_of(term), super::like_pattern(term)],
        |r| r.get(0),
    )?;
    tx.commit()?;
    Ok(plan)
}

/// Whether a pair is in so many appeals (by the planner's estimate, from the column's statistics)
/// that the newest-first scan finds a page sooner than the pairs index would list them all:
/// above [`COMMON_SHARE`] of the appeals (§3.2 measured the two plans on both sides of it).
pub(crate) fn pair_is_common(conn: &Connection, pair: &str) -> Result<bool> {
    let all: String = conn.query_row(
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM appeal_search",
        [],
        |r| r.get(0),
    )?;
    let with_pair: String = conn.query_row(
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM appeal_search WHERE grams @> ARRAY[CAST(?1 AS text)]",
        [pair],
        |r| r.get(0),
    )?;
    let (all, with_pair) = (plan_rows(&all), plan_rows(&with_pair));
    Ok(with_pair > all * COMMON_SHARE)
}

/// The share of appeals above which a pair counts as common (decision 0014, §3.2: 0.5 %).
pub(crate) const COMMON_SHARE: f64 = 0.005;

/// The planner's row estimate of the top node of an `EXPLAIN (FORMAT JSON)` answer; 0 when it
/// cannot be read (the pairs index is then chosen, which is right for every term but the most
/// common ones).
fn plan_rows(json: &str) -> f64 {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| v.get(0)?.get("Plan")?.get("Plan Rows")?.as_f64())
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_every_adjacent_two_characters_lowered_for_ascii() {
        assert_eq!(pairs(["井盖松"]), vec!["井盖", "盖松"]);
        assert_eq!(pairs(["Ab", "aB"]), vec!["ab"]);
        assert_eq!(pairs(["%_\\"]), vec!["%_", "_\\"]);
        assert_eq!(pairs(["", "x"]), Vec::<String>::new());
        // Not across texts.
        assert_eq!(pairs(["甲", "乙"]), Vec::<String>::new());
        assert_eq!(pair_of("Bu"), "bu");
    }

    #[test]
    fn ilike_only_for_terms_with_ascii_letters() {
        assert_eq!(like_op("井盖松动"), "LIKE");
        assert_eq!(like_op("%_\\"), "LIKE");
        assert_eq!(like_op("12"), "LIKE");
        assert_eq!(like_op("Bus-K12"), "ILIKE");
        assert_eq!(like_op("a号"), "ILIKE");
    }

    #[test]
    fn the_plan_rows_are_read_from_explain_json() {
        assert_eq!(
            plan_rows(r#"[{"Plan": {"Node Type": "Seq Scan", "Plan Rows": 1234}}]"#),
            1234.0
        );
        assert_eq!(plan_rows("nonsense"), 0.0);
    }
}
