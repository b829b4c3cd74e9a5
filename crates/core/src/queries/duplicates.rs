//! Likely-duplicate lookup for a new registration (SPEC: same appellant or near-identical content
//! within a window).
//!
//! Candidates come from two indexed paths — the same phone number, and appeals sharing a hash of
//! the content fingerprint ([`sketch`], table `appeal_sketch`) — both restricted to the window
//! around the receipt time; candidates by content are then scored by character-bigram Jaccard
//! similarity. Hints carry numbers and subjects only, never personal data.

use crate::error::Result;
use crate::queries::bigram_memo::BigramMemo;
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

/// The distinct character bigrams of a text (whitespace and ASCII punctuation dropped), each
/// packed into one integer, sorted. Sorted integers rather than a hash set: the lookup compares
/// the new appeal with up to twenty candidates of up to a few thousand characters each, and
/// hashing every bigram into a set was a fifth of a batch import's time.
fn bigrams(s: &str) -> Vec<u64> {
    let c: Vec<u32> = s
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
        .map(u32::from)
        .collect();
    let mut v: Vec<u64> = c
        .windows(2)
        .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Jaccard similarity of two sorted, distinct bigram lists.
fn jaccard(x: &[u64], y: &[u64]) -> f64 {
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (x.len() + y.len() - inter) as f64
}

/// [`jaccard`] when it reaches `t`, else `None` — decided early where possible: the similarity
/// cannot exceed the smaller list's length over the larger's, nor what the common part could
/// still become with what is left to merge. Most content candidates share a phrase or two, not
/// the text, and were a twentieth of an import in full merges.
fn jaccard_at_least(x: &[u64], y: &[u64], t: f64) -> Option<f64> {
    let total = x.len() + y.len();
    let (small, large) = (x.len().min(y.len()), x.len().max(y.len()));
    // The bounds prune with a hair of margin, so that rounding never drops a text that the full
    // computation below would keep.
    if (small as f64) + 1e-6 < t * large as f64 {
        return None;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    let mut steps = 0u32;
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
        steps += 1;
        if steps.is_multiple_of(32) {
            let best = inter + (x.len() - i).min(y.len() - j);
            if (best as f64) + 1e-6 < t * (total - best) as f64 {
                return None;
            }
        }
    }
    let sim = if total == 0 {
        1.0
    } else {
        inter as f64 / (total - inter) as f64
    };
    (sim >= t).then_some(sim)
}

/// Jaccard similarity of character bigrams.
pub fn similarity(a: &str, b: &str) -> f64 {
    jaccard(&bigrams(a), &bigrams(b))
}

/// How many hashes a fingerprint keeps.
pub const SKETCH_SIZE: usize = 3;

/// The content fingerprint: the [`SKETCH_SIZE`] smallest 64-bit hashes (FNV-1a) of the text's
/// character trigrams, letters and digits only. Two texts whose trigram sets overlap by a share
/// J have the same smallest hash with probability J, so near-identical texts almost always share
/// two of the three — an index lookup instead of a text search.
pub fn sketch(text: &str) -> Vec<i64> {
    let c: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    // The smallest distinct hashes in one pass (kept sorted): sorting every trigram's hash to take
    // three was a twentieth of an import.
    let mut smallest: Vec<i64> = Vec::with_capacity(SKETCH_SIZE + 1);
    for w in c.windows(3) {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for ch in w {
            for b in (*ch as u32).to_le_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        let h = h as i64;
        if smallest.len() == SKETCH_SIZE && h >= smallest[SKETCH_SIZE - 1] {
            continue;
        }
        if let Err(at) = smallest.binary_search(&h) {
            smallest.insert(at, h);
            smallest.truncate(SKETCH_SIZE);
        }
    }
    smallest
}

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

/// What the lookup computes from a new text: its fingerprint ([`sketch`]) and its bigrams. A batch
/// makes them ahead, on another thread, while the previous chunk is being written.
#[derive(Debug, Clone)]
pub struct TextKeys {
    sketch: Vec<i64>,
    bigrams: Arc<[u64]>,
}

impl TextKeys {
    pub fn of(text: &str) -> Self {
        Self {
            sketch: sketch(text),
            bigrams: bigrams(text).into(),
        }
    }

    pub fn sketch(&self) -> &[i64] {
        &self.sketch
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_is_one_for_identical_and_low_for_unrelated() {
        assert!((similarity("小区夜间施工噪音扰民", "小区夜间施工噪音扰民") - 1.0).abs() < 1e-9);
        assert!(similarity("小区夜间施工噪音扰民严重", "小区夜间施工噪音扰民") > SIMILAR);
        assert!(similarity("路灯不亮", "物业收费过高") < 0.1);
    }

    #[test]
    fn jaccard_at_least_agrees_with_jaccard_on_both_sides_of_the_threshold() {
        // Deterministic pseudo-random sorted lists with controlled overlap.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for case in 0..400 {
            let n = (next() % 400) as usize;
            let m = (next() % 400) as usize;
            let shared = (next() % (n.min(m) as u64 + 1)) as usize;
            let common: Vec<u64> = (0..shared).map(|_| next() % 100_000).collect();
            let mut x: Vec<u64> = common.clone();
            x.extend((shared..n).map(|_| 100_000 + next() % 100_000));
            let mut y: Vec<u64> = common;
            y.extend((shared..m).map(|_| 200_000 + next() % 100_000));
            for v in [&mut x, &mut y] {
                v.sort_unstable();
                v.dedup();
            }
            let full = jaccard(&x, &y);
            for t in [0.0, 0.3, SIMILAR, 0.9, 1.0] {
                let want = (full >= t).then_some(full);
                assert_eq!(jaccard_at_least(&x, &y, t), want, "case {case}, t {t}");
            }
        }
        assert_eq!(jaccard_at_least(&[], &[], SIMILAR), Some(1.0));
    }

    #[test]
    fn sketch_is_the_smallest_distinct_trigram_hashes() {
        // The definition, by sorting every hash: the one-pass sketch must agree with it.
        fn by_sorting(text: &str) -> Vec<i64> {
            let c: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
            let mut hashes: Vec<i64> = c
                .windows(3)
                .map(|w| {
                    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
                    for ch in w {
                        for b in (*ch as u32).to_le_bytes() {
                            h ^= u64::from(b);
                            h = h.wrapping_mul(0x0000_0100_0000_01b3);
                        }
                    }
                    h as i64
                })
                .collect();
            hashes.sort_unstable();
            hashes.dedup();
            hashes.truncate(SKETCH_SIZE);
            hashes
        }
        for text in [
            "",
            "路灯",
            "路灯不亮",
            "哈哈哈哈哈哈哈哈",
            "小区夜间施工噪音扰民，夜里十一点以后还在施工，噪音很大，影响休息。施工噪音扰民。",
            "abcabcabc 123123",
        ] {
            assert_eq!(sketch(text), by_sorting(text), "{text}");
        }
    }

    #[test]
    fn similarity_counts_distinct_bigrams_and_ignores_spaces_and_punctuation() {
        // "abab": {ab, ba}; "ab": {ab} → 1/2.
        assert!((similarity("abab", "ab") - 0.5).abs() < 1e-9);
        assert!((similarity("路灯 不亮!", "路灯不亮") - 1.0).abs() < 1e-9);
        assert!((similarity("", "") - 1.0).abs() < 1e-9);
        assert_eq!(similarity("甲乙", ""), 0.0);
    }
}
