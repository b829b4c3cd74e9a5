//! The steps of a lookup, shared by the two ways of running it: whole, on one connection
//! ([`whole`]), and split between a snapshot read ahead and the writer ([`super::ahead`]). Each
//! step answers for a range of appeal ids the same way on either side, which is what makes the
//! split result the whole one.

use super::keys::{TextKeys, bigrams, jaccard, jaccard_at_least};
use super::memo::{BigramMemo, Known, sql_chars};
use super::sql::{
    CANDIDATE_META_SQL, CANDIDATE_SQL, FIRST_IN_WINDOW_SQL, SAME_ID_NUMBER_SQL,
    SAME_PHONE_AFTER_SQL, SAME_PHONE_SQL, sketch_lists,
};
use super::{DuplicateHint, SIMILAR};
use crate::error::Result;
use crate::store::sql;
use crate::store::sql::{Connection, OptionalExtension, params};
use crate::time::{fmt_ts, parse_ts};
use chrono::{DateTime, Duration, FixedOffset};
use std::cell::OnceCell;
use std::sync::Arc;

/// What one lookup compares with: the window and the new text, whose bigrams are made once, not
/// once per candidate, and (unless made ahead) only when there is a candidate: most appeals have
/// none.
pub(super) struct Probe<'a> {
    from: String,
    to: String,
    days: i64,
    exclude: i64,
    received_at: DateTime<FixedOffset>,
    content: &'a str,
    mine: OnceCell<Arc<[u64]>>,
    memo: Option<&'a BigramMemo>,
}

impl<'a> Probe<'a> {
    pub(super) fn new(
        days: i64,
        content: &'a str,
        received_at: DateTime<FixedOffset>,
        exclude: Option<i64>,
        keys: Option<&TextKeys>,
        memo: Option<&'a BigramMemo>,
    ) -> Self {
        let mine = OnceCell::new();
        if let Some(k) = keys {
            let _ = mine.set(k.bigrams.clone());
        }
        Self {
            from: fmt_ts(&(received_at - Duration::days(days))),
            to: fmt_ts(&(received_at + Duration::days(days))),
            days,
            exclude: exclude.unwrap_or(0),
            received_at,
            content,
            mine,
            memo,
        }
    }

    pub(super) fn days(&self) -> i64 {
        self.days
    }

    /// The earliest registration time of an appeal that can be in the window.
    pub(super) fn registered_from(&self) -> String {
        fmt_ts(&(self.received_at - Duration::days(self.days + 3)))
    }

    /// Whether an appeal received at `at` (as stored) is in the window, as SQL's `BETWEEN`
    /// compares the text.
    pub(super) fn in_window(&self, id: i64, at: &str) -> bool {
        id != self.exclude && self.from.as_str() <= at && at <= self.to.as_str()
    }

    /// A hint from what a batch remembers of an appeal.
    pub(super) fn hint(
        &self,
        id: i64,
        reg_number: &str,
        subject: &str,
        at: &str,
        same_phone: bool,
        similarity: f64,
    ) -> DuplicateHint {
        DuplicateHint {
            appeal_id: id,
            reg_number: reg_number.to_string(),
            subject: subject.to_string(),
            received_at: parse_ts(at).unwrap_or(self.received_at),
            same_phone,
            same_id_number: false,
            similarity: Some(similarity),
        }
    }

    pub(super) fn mine(&self) -> &Arc<[u64]> {
        self.mine.get_or_init(|| bigrams(self.content).into())
    }

    /// A candidate's bigrams: from the memo, or made from its text (and remembered).
    fn theirs(&self, id: i64, text: &str) -> Arc<[u64]> {
        if let Some(k) = self.memo.and_then(|m| m.get(id)) {
            return k.bigrams;
        }
        let list: Arc<[u64]> = bigrams(text).into();
        if let Some(m) = self.memo {
            m.put(
                id,
                Known {
                    bigrams: list.clone(),
                    chars: sql_chars(text),
                },
            );
        }
        list
    }
}

/// The whole lookup on one connection: the same phone's appeals in the window, then the content
/// candidates that are similar enough.
pub(super) fn whole(
    conn: &Connection,
    p: &Probe<'_>,
    phone: Option<&str>,
    hashes: &[i64],
) -> Result<Vec<DuplicateHint>> {
    let mut hints = match phone {
        Some(phone) => same_phone(conn, p, phone, None)?,
        None => Vec::new(),
    };
    if !hashes.is_empty() {
        let min_id = first_in_window(conn, p)?;
        let lists = sketch_lists(conn, hashes, min_id)?;
        judge_all(
            conn,
            p,
            content_candidates(hashes, &lists),
            &mut hints,
            |_| None,
        )?;
    }
    Ok(hints)
}

/// Appeals of the same phone number in the window as hints, newest first; with `after`, only
/// those with a larger id.
pub(super) fn same_phone(
    conn: &Connection,
    p: &Probe<'_>,
    phone: &str,
    after: Option<i64>,
) -> Result<Vec<DuplicateHint>> {
    let read = |r: &sql::Row<'_>| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    };
    let rows = match after {
        None => conn
            .prepare_cached(SAME_PHONE_SQL)?
            .query_map(params![phone, p.from, p.to, p.exclude], read)?
            .collect::<sql::Result<Vec<_>>>()?,
        Some(after) => conn
            .prepare_cached(SAME_PHONE_AFTER_SQL)?
            .query_map(params![phone, p.from, p.to, p.exclude, after], read)?
            .collect::<sql::Result<Vec<_>>>()?,
    };
    Ok(rows
        .into_iter()
        .map(|(id, reg, subject, at, other)| {
            let other = p.theirs(id, &other);
            DuplicateHint {
                appeal_id: id,
                reg_number: reg,
                subject,
                received_at: parse_ts(&at).unwrap_or(p.received_at),
                same_phone: true,
                same_id_number: false,
                similarity: Some(jaccard(p.mine(), &other)),
            }
        })
        .collect())
}

/// Adds the appeals of the same ID number in the window to `hints`: an appeal already hinted (by
/// phone or content) is marked, the others are added after the phone's, newest first. Only the
/// registration form asks (an import's rows carry no ID number).
pub(super) fn same_id_number(
    conn: &Connection,
    p: &Probe<'_>,
    id_number: &str,
    hints: &mut Vec<DuplicateHint>,
) -> Result<()> {
    let rows = conn
        .prepare_cached(SAME_ID_NUMBER_SQL)?
        .query_map(params![id_number, p.from, p.to, p.exclude], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<sql::Result<Vec<_>>>()?;
    let at = hints.iter().filter(|h| h.same_phone).count();
    let mut added = Vec::new();
    for (id, reg, subject, received, other) in rows {
        if let Some(h) = hints.iter_mut().find(|h| h.appeal_id == id) {
            h.same_id_number = true;
            continue;
        }
        let other = p.theirs(id, &other);
        added.push(DuplicateHint {
            appeal_id: id,
            reg_number: reg,
            subject,
            received_at: parse_ts(&received).unwrap_or(p.received_at),
            same_phone: false,
            same_id_number: true,
            similarity: Some(jaccard(p.mine(), &other)),
        });
    }
    hints.splice(at..at, added);
    Ok(())
}

/// The first appeal registered in the window: only appeals from it on can be in the window (ids
/// grow with registration, which never precedes receipt; a few days' margin covers clock
/// adjustments). `i64::MAX` when there is none.
pub(super) fn first_in_window(conn: &Connection, p: &Probe<'_>) -> Result<i64> {
    Ok(first_in_window_at(conn, p)?.map_or(i64::MAX, |(id, _)| id))
}

/// [`first_in_window`] with its registration time, `None` when there is none.
pub(super) fn first_in_window_at(
    conn: &Connection,
    p: &Probe<'_>,
) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached(FIRST_IN_WINDOW_SQL)?
        .query_row([p.registered_from()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The content candidates: appeals sharing two of the hashes (all of a shorter fingerprint),
/// newest first, ten at most. Requiring two keeps texts that merely share one common phrase out
/// of the (costlier) similarity check.
pub(super) fn content_candidates(hashes: &[i64], lists: &[Vec<i64>]) -> Vec<i64> {
    let ids = lists.iter().flatten().copied().collect();
    shared_by_at_least(ids, hashes.len().min(2), 10)
}

/// The distinct ids that occur at least `min_shared` times in `ids`, largest first, at most
/// `limit` of them. Counted by sorting, not in a hash map: a lookup sees up to three hundred ids,
/// and hashing them (and growing the map) was a third of the sketch lookup in an import.
pub(super) fn shared_by_at_least(mut ids: Vec<i64>, min_shared: usize, limit: usize) -> Vec<i64> {
    ids.sort_unstable_by(|a, b| b.cmp(a));
    let mut out = Vec::new();
    for run in ids.chunk_by(|a, b| a == b) {
        if out.len() == limit {
            break;
        }
        if run.len() >= min_shared {
            out.push(run[0]);
        }
    }
    out
}

/// Judges the candidates in order and adds the similar ones to `hints` (skipping those already
/// there by phone). `judged` answers for candidates judged ahead; the others are read here.
pub(super) fn judge_all(
    conn: &Connection,
    p: &Probe<'_>,
    candidates: Vec<i64>,
    hints: &mut Vec<DuplicateHint>,
    judged: impl Fn(i64) -> Option<Option<DuplicateHint>>,
) -> Result<()> {
    if candidates.is_empty() {
        return Ok(());
    }
    let shortest = shortest(p);
    for id in candidates {
        if hints.iter().any(|h| h.appeal_id == id) {
            continue;
        }
        let hint = match judged(id) {
            Some(h) => h,
            None => judge(conn, p, id, shortest)?,
        };
        hints.extend(hint);
    }
    Ok(())
}

/// A text with fewer characters than SIMILAR × the new text's distinct bigrams cannot reach
/// SIMILAR (Jaccard ≤ |smaller set| / |larger set|, and a text of n characters has at most n − 1
/// bigrams): SQLite leaves its content out, and it is never compared.
pub(super) fn shortest(p: &Probe<'_>) -> i64 {
    (SIMILAR * p.mine().len() as f64).ceil() as i64 + 1
}

/// One content candidate: a hint when it is in the window, long enough and similar enough.
pub(super) fn judge(
    conn: &Connection,
    p: &Probe<'_>,
    id: i64,
    shortest: i64,
) -> Result<Option<DuplicateHint>> {
    let known = p.memo.and_then(|m| m.get(id));
    let read = |r: &sql::Row<'_>| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    };
    let row = if known.is_some() {
        conn.prepare_cached(CANDIDATE_META_SQL)?
            .query_row(params![id, p.from, p.to, p.exclude], read)
    } else {
        conn.prepare_cached(CANDIDATE_SQL)?
            .query_row(params![id, p.from, p.to, p.exclude, shortest], read)
    }
    .optional()?;
    let Some((reg, subject, at, text)) = row else {
        return Ok(None);
    };
    let other = match (known, text) {
        // The same length bound as SQLite applies to a text it reads.
        (Some(k), _) if (k.chars as i64) < shortest => return Ok(None),
        (Some(k), _) => k.bigrams,
        (None, Some(text)) => p.theirs(id, &text),
        (None, None) => return Ok(None),
    };
    Ok(
        jaccard_at_least(p.mine(), &other, SIMILAR).map(|sim| DuplicateHint {
            appeal_id: id,
            reg_number: reg,
            subject,
            received_at: parse_ts(&at).unwrap_or(p.received_at),
            same_phone: false,
            same_id_number: false,
            similarity: Some(sim),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_ids_are_counted_and_ordered_newest_first() {
        let ids = vec![5, 9, 7, 5, 9, 3, 9, 7, 1];
        assert_eq!(shared_by_at_least(ids.clone(), 2, 10), vec![9, 7, 5]);
        assert_eq!(shared_by_at_least(ids.clone(), 2, 2), vec![9, 7]);
        assert_eq!(shared_by_at_least(ids.clone(), 3, 10), vec![9]);
        assert_eq!(shared_by_at_least(ids, 1, 10), vec![9, 7, 5, 3, 1]);
        assert!(shared_by_at_least(Vec::new(), 1, 10).is_empty());
    }
}
