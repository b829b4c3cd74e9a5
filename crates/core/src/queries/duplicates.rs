//! Likely-duplicate lookup for a new registration (SPEC: same appellant or near-identical content
//! within a window).
//!
//! Candidates come from two indexed paths — the same phone number, and appeals sharing a hash of
//! the content fingerprint ([`sketch`], table `appeal_sketch`) — both restricted to the window
//! around the receipt time; candidates by content are then scored by character-bigram Jaccard
//! similarity ([`crate::queries::text_keys`]). Hints carry numbers and subjects only, never
//! personal data.

use crate::error::Result;
use crate::queries::bigram_memo::BigramMemo;
use crate::queries::text_keys::{TextKeys, bigrams, jaccard, jaccard_at_least, sketch};
use crate::store::{search, settings};
use crate::time::{fmt_ts, parse_ts};
use chrono::{DateTime, Duration, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::cell::OnceCell;
use std::sync::Arc;

/// One likely duplicate.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateHint {
    pub appeal_id: i64,
    pub reg_number: String,
    pub subject: String,
    pub received_at: DateTime<FixedOffset>,
    pub same_phone: bool,
    /// Content similarity 0–1 (bigram Jaccard), when compared.
    pub similarity: Option<f64>,
}

/// Similarity at or above which content counts as near-identical.
pub const SIMILAR: f64 = 0.6;

// The lookups run at every registration and every imported row. Their bound values are written
// `+?n`: a bare `?n` compared with an indexed column let SQLite plan with the bound value, which
// re-prepared the statement each time a new value was bound. The plans are the same either way —
// the index on the one column the lookup names (tests/statement_plans.rs checks that nothing is
// re-prepared).

/// Appeals of the same phone number within the window, newest first.
#[doc(hidden)]
pub const SAME_PHONE_SQL: &str = "SELECT a.id, a.reg_number, a.subject, a.received_at, a.content
     FROM appellants p JOIN appeals a ON a.appellant_id = p.id
     WHERE p.phone = +?1 AND a.received_at BETWEEN +?2 AND +?3 AND a.id <> +?4
     ORDER BY a.id DESC LIMIT 10";

/// The first appeal registered on or after a time (the lower bound of the content lookup).
#[doc(hidden)]
pub const FIRST_IN_WINDOW_SQL: &str =
    "SELECT id FROM appeals WHERE registered_at >= +?1 ORDER BY registered_at LIMIT 1";

/// A content candidate in the window; its text only when long enough to be similar.
#[doc(hidden)]
pub const CANDIDATE_SQL: &str = "SELECT a.reg_number, a.subject, a.received_at,
            CASE WHEN length(a.content) >= +?5 THEN a.content END
     FROM appeals a
     WHERE a.id = +?1 AND a.received_at BETWEEN +?2 AND +?3 AND a.id <> +?4";

/// A content candidate whose bigrams the batch already has: its text is not read.
#[doc(hidden)]
pub const CANDIDATE_META_SQL: &str = "SELECT a.reg_number, a.subject, a.received_at, NULL
     FROM appeals a
     WHERE a.id = +?1 AND a.received_at BETWEEN +?2 AND +?3 AND a.id <> +?4";

/// The window of the lookup in days either side of the receipt time (setting
/// `duplicate.window_days`).
pub fn window_days(conn: &Connection) -> Result<i64> {
    settings::get_i64(conn, "duplicate.window_days")
}

/// Finds likely duplicates of a new appeal. `exclude` skips the appeal itself.
pub fn likely_duplicates(
    conn: &Connection,
    phone: Option<&str>,
    content: &str,
    received_at: DateTime<FixedOffset>,
    exclude: Option<i64>,
) -> Result<Vec<DuplicateHint>> {
    likely_duplicates_within(
        conn,
        window_days(conn)?,
        phone,
        content,
        received_at,
        exclude,
        None,
    )
}

/// The batch side of a lookup: the batch's memo of bigrams ([`BigramMemo`]) — candidates found
/// there are not re-read and re-split, and the new text's bigrams wait there for the appeal's
/// id — and the new text's keys, made ahead.
pub struct BatchLookup<'a> {
    pub memo: &'a mut BigramMemo,
    pub keys: &'a TextKeys,
}

/// [`likely_duplicates`] with the window already read (a batch reads it once) and, in a batch, its
/// memo and the new text's keys ([`BatchLookup`]).
pub fn likely_duplicates_within(
    conn: &Connection,
    days: i64,
    phone: Option<&str>,
    content: &str,
    received_at: DateTime<FixedOffset>,
    exclude: Option<i64>,
    batch: Option<BatchLookup<'_>>,
) -> Result<Vec<DuplicateHint>> {
    let from = fmt_ts(&(received_at - Duration::days(days)));
    let to = fmt_ts(&(received_at + Duration::days(days)));
    let exclude = exclude.unwrap_or(0);
    let mut hints: Vec<DuplicateHint> = Vec::new();
    let (mut memo, keys) = match batch {
        Some(b) => (Some(b.memo), Some(b.keys)),
        None => (None, None),
    };
    // The new text's bigrams once, not once per candidate, and (unless made ahead) only when
    // there is a candidate: most appeals have none.
    let mine_cell: OnceCell<Arc<[u64]>> = OnceCell::new();
    if let Some(k) = keys {
        let _ = mine_cell.set(k.bigrams.clone());
    }
    let mine = || mine_cell.get_or_init(|| bigrams(content).into());
    if let Some(p) = phone.filter(|p| !p.is_empty()) {
        let mut stmt = conn.prepare_cached(SAME_PHONE_SQL)?;
        let rows = stmt.query_map(params![p, from, to, exclude], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for r in rows {
            let (id, reg, subject, at, other) = r?;
            let other = theirs(&mut memo, id, &other);
            hints.push(DuplicateHint {
                appeal_id: id,
                reg_number: reg,
                subject,
                received_at: parse_ts(&at).unwrap_or(received_at),
                same_phone: true,
                similarity: Some(jaccard(mine(), &other)),
            });
        }
    }
    let hashes = match keys {
        Some(k) => k.sketch.clone(),
        None => sketch(content),
    };
    if !hashes.is_empty() {
        // Only recent appeals can be in the window: bound the lookup by the first appeal
        // registered in it (ids grow with registration, which never precedes receipt; a few days'
        // margin covers clock adjustments).
        let registered_from = fmt_ts(&(received_at - Duration::days(days + 3)));
        let min_id: i64 = conn
            .prepare_cached(FIRST_IN_WINDOW_SQL)?
            .query_row([&registered_from], |r| r.get(0))
            .optional()?
            .unwrap_or(i64::MAX);
        let candidates = search::sketch_candidates(conn, &hashes, min_id, hashes.len().min(2), 10)?;
        // A text with fewer characters than SIMILAR × the new text's distinct bigrams cannot
        // reach SIMILAR (Jaccard ≤ |smaller set| / |larger set|, and a text of n characters has at
        // most n − 1 bigrams): SQLite leaves its content out, and it is never compared.
        let shortest = if candidates.is_empty() {
            0
        } else {
            (SIMILAR * mine().len() as f64).ceil() as i64 + 1
        };
        let mut with_text = conn.prepare_cached(CANDIDATE_SQL)?;
        let mut without_text = conn.prepare_cached(CANDIDATE_META_SQL)?;
        for id in candidates {
            if hints.iter().any(|h| h.appeal_id == id) {
                continue;
            }
            let known = memo.as_ref().and_then(|m| m.get(id));
            let read = |r: &rusqlite::Row<'_>| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            };
            let row = if known.is_some() {
                without_text.query_row(params![id, from, to, exclude], read)
            } else {
                with_text.query_row(params![id, from, to, exclude, shortest], read)
            }
            .optional()?;
            let Some((reg, subject, at, text)) = row else {
                continue;
            };
            let other = match (known, text) {
                (Some(list), _) => list,
                (None, Some(text)) => theirs(&mut memo, id, &text),
                (None, None) => continue,
            };
            if let Some(sim) = jaccard_at_least(mine(), &other, SIMILAR) {
                hints.push(DuplicateHint {
                    appeal_id: id,
                    reg_number: reg,
                    subject,
                    received_at: parse_ts(&at).unwrap_or(received_at),
                    same_phone: false,
                    similarity: Some(sim),
                });
            }
        }
    }
    if let Some(m) = memo {
        m.set_pending(mine_cell.get().cloned());
    }
    Ok(hints)
}

/// A candidate's bigrams: from the memo, or made from its text (and remembered).
fn theirs(memo: &mut Option<&mut BigramMemo>, id: i64, text: &str) -> Arc<[u64]> {
    if let Some(list) = memo.as_ref().and_then(|m| m.get(id)) {
        return list;
    }
    let list: Arc<[u64]> = bigrams(text).into();
    if let Some(m) = memo.as_mut() {
        m.put(id, list.clone());
    }
    list
}

/// Hints for the registration form while it is being typed: the same lookup registration does,
/// for a form that may still be incomplete (a phone that does not validate yet is ignored, an
/// unparsable receipt time counts as now). Only users who may register see hints.
pub fn hints_for_form(
    store: &crate::Store,
    ctx: &crate::model::Ctx<'_>,
    input: &crate::usecases::register::RegisterInput,
) -> Result<Vec<DuplicateHint>> {
    crate::access::authorize(ctx.actor, crate::access::Action::Register, None)?;
    let phone = input
        .appellant
        .phone
        .as_deref()
        .and_then(|p| crate::validate::phone("appellant.phone", p).ok());
    let content = input.content.trim();
    if phone.is_none() && content.chars().count() < 10 {
        return Ok(Vec::new());
    }
    let received = parse_ts(input.received_at.trim()).unwrap_or(ctx.now);
    likely_duplicates(store.conn(), phone.as_deref(), content, received, None)
}
