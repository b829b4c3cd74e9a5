//! Reading a lookup ahead against a snapshot ([`read`]) and completing it on the writer with the
//! appeals registered since — with SQL ([`complete`]), or from the writer's own rows
//! ([`complete_from`]). Why the completed list is the whole lookup's: the module doc of
//! [`super`].

use super::keys::{jaccard, jaccard_at_least};
use super::recent::Recent;
use super::sql::{SKETCH_LIST_LIMIT, sketch_lists};
use super::steps::{
    Probe, content_candidates, first_in_window, first_in_window_at, judge, judge_all, same_phone,
    shared_by_at_least, shortest,
};
use super::{DuplicateHint, SIMILAR};
use crate::error::Result;
use crate::store::sql::Connection;

/// The part of one row's lookup read ahead against a snapshot ([`read`]).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Lookahead {
    /// The snapshot's largest appeal id: appeals up to it were looked up here.
    last_id: i64,
    /// The window (days) the lookup used.
    days: i64,
    /// The snapshot's first appeal registered in the window (`i64::MAX`: none), and when it was
    /// registered.
    min_id: i64,
    min_registered: Option<String>,
    /// Same-phone hints, newest first, at most ten.
    phone: Vec<DuplicateHint>,
    /// For each fingerprint hash, the snapshot's appeals from `min_id` on that share it.
    lists: Vec<Vec<i64>>,
    /// The content candidates the snapshot picked, each with its verdict.
    judged: Vec<(i64, Option<DuplicateHint>)>,
}

/// How many same-phone hints a lookup returns: the `LIMIT` of the same-phone query.
const PHONE_LIMIT: usize = 10;

impl Lookahead {
    /// Whether this lookahead answers a lookup with window `days` and fingerprint `hashes`.
    pub(super) fn fits(&self, days: i64, hashes: &[i64]) -> bool {
        self.days == days && self.lists.len() == hashes.len()
    }
}

/// Reads a lookup against the snapshot `conn` is in (a read transaction whose largest appeal id
/// is `last_id`).
pub(super) fn read(
    conn: &Connection,
    last_id: i64,
    p: &Probe<'_>,
    phone: Option<&str>,
    hashes: &[i64],
) -> Result<Lookahead> {
    let phone = match phone {
        Some(phone) => same_phone(conn, p, phone, None)?,
        None => Vec::new(),
    };
    let (min_id, min_registered, lists) = if hashes.is_empty() {
        (i64::MAX, None, Vec::new())
    } else {
        let (min_id, registered) = match first_in_window_at(conn, p)? {
            Some((id, at)) => (id, Some(at)),
            None => (i64::MAX, None),
        };
        let lists = sketch_lists(conn, hashes, min_id)?;
        (min_id, registered, lists)
    };
    let mut judged = Vec::new();
    let candidates = content_candidates(hashes, &lists);
    if !candidates.is_empty() {
        let shortest = shortest(p);
        for id in candidates {
            if !phone.iter().any(|h| h.appeal_id == id) {
                judged.push((id, judge(conn, p, id, shortest)?));
            }
        }
    }
    Ok(Lookahead {
        last_id,
        days: p.days(),
        min_id,
        min_registered,
        phone,
        lists,
        judged,
    })
}

/// Completes a lookup read ahead with the appeals after its snapshot, on the writer's connection.
pub(super) fn complete(
    conn: &Connection,
    p: &Probe<'_>,
    phone: Option<&str>,
    hashes: &[i64],
    ahead: &Lookahead,
) -> Result<Vec<DuplicateHint>> {
    let last = ahead.last_id;
    let mut hints = match phone {
        Some(phone) => same_phone(conn, p, phone, Some(last))?,
        None => Vec::new(),
    };
    hints.extend(ahead.phone.iter().cloned());
    hints.truncate(PHONE_LIMIT);
    if hashes.is_empty() {
        return Ok(hints);
    }
    let min_id = first_in_window(conn, p)?;
    let lists = if min_id < ahead.min_id {
        sketch_lists(conn, hashes, min_id)?
    } else {
        let newer = sketch_lists(conn, hashes, min_id.max(last.saturating_add(1)))?;
        merge_lists(newer, &ahead.lists, min_id)
    };
    let candidates = content_candidates(hashes, &lists);
    judge_all(conn, p, candidates, &mut hints, |id| {
        (id <= last)
            .then(|| ahead.judged.iter().find(|(j, _)| *j == id))
            .flatten()
            .map(|(_, h)| h.clone())
    })?;
    Ok(hints)
}

/// [`complete`] from what the writer remembers of its own recent rows ([`Recent`]), without SQL;
/// `None` when those rows are not all the appeals after the snapshot, or the snapshot's answers do
/// not reach far enough (the caller then completes the lookup with SQL).
pub(super) fn complete_from(
    recent: &mut Recent,
    p: &Probe<'_>,
    phone: Option<&str>,
    hashes: &[i64],
    ahead: &Lookahead,
) -> Option<Vec<DuplicateHint>> {
    let last = ahead.last_id;
    if !recent.covers_after(last) {
        return None;
    }
    let recent = &*recent;
    let mut hints: Vec<DuplicateHint> = match phone {
        Some(phone) => recent
            .with_phone(phone, last)
            .filter_map(|id| recent.row(id))
            .filter(|r| p.in_window(r.id, &r.received_at))
            .take(PHONE_LIMIT)
            .map(|r| {
                let sim = jaccard(p.mine(), &r.known.bigrams);
                p.hint(r.id, &r.reg_number, &r.subject, &r.received_at, true, sim)
            })
            .collect(),
        None => Vec::new(),
    };
    hints.extend(ahead.phone.iter().cloned());
    hints.truncate(PHONE_LIMIT);
    if hashes.is_empty() {
        return Some(hints);
    }
    // The first appeal in the window is the snapshot's, unless one of the rows here was
    // registered before it (never, in one import: its rows share one registration time).
    let first_registered = ahead.min_registered.as_deref()?;
    if recent
        .min_registered()
        .is_some_and(|m| m < first_registered)
    {
        return None;
    }
    // As `merge_lists` and `content_candidates`, into one vector: this runs at every row.
    let mut ids = Vec::with_capacity(hashes.len() * SKETCH_LIST_LIMIT);
    for (h, older) in hashes.iter().zip(&ahead.lists) {
        let start = ids.len();
        ids.extend(recent.with_hash(*h, last).take(SKETCH_LIST_LIMIT));
        let room = SKETCH_LIST_LIMIT - (ids.len() - start);
        let min_id = ahead.min_id;
        ids.extend(
            older
                .iter()
                .copied()
                .take_while(|id| *id >= min_id)
                .take(room),
        );
    }
    let candidates = shared_by_at_least(ids, hashes.len().min(2), 10);
    if candidates.is_empty() {
        return Some(hints);
    }
    let shortest = shortest(p);
    for id in candidates {
        if hints.iter().any(|h| h.appeal_id == id) {
            continue;
        }
        let hint = if id > last {
            let r = recent.row(id)?;
            let long_enough = r.known.chars as i64 >= shortest;
            if p.in_window(id, &r.received_at) && long_enough {
                jaccard_at_least(p.mine(), &r.known.bigrams, SIMILAR)
                    .map(|sim| p.hint(id, &r.reg_number, &r.subject, &r.received_at, false, sim))
            } else {
                None
            }
        } else {
            // A candidate the snapshot did not judge: SQL must.
            ahead.judged.iter().find(|(j, _)| *j == id)?.1.clone()
        };
        hints.extend(hint);
    }
    Some(hints)
}

/// Each hash's newer ids followed by the snapshot's from `min_id` on, cut at the query's limit.
/// The snapshot's list is newest first, so the ids from `min_id` on are a prefix of it: the
/// newest of them are all there.
fn merge_lists(newer: Vec<Vec<i64>>, older: &[Vec<i64>], min_id: i64) -> Vec<Vec<i64>> {
    newer
        .into_iter()
        .zip(older)
        .map(|(mut list, older)| {
            list.extend(older.iter().copied().take_while(|id| *id >= min_id));
            list.truncate(SKETCH_LIST_LIMIT);
            list
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_lists_are_the_newest_from_the_first_appeal_on() {
        // 150 ids share the hash; the snapshot holds up to 120 and listed its newest 100 from 5 on.
        let all: Vec<i64> = (1..=150).rev().collect();
        let snapshot: Vec<i64> = (5..=120).rev().take(SKETCH_LIST_LIMIT).collect();
        for min_id in [5, 30, 119, 121, 140] {
            let newer: Vec<i64> = (min_id.max(121)..=150).rev().collect();
            let whole: Vec<i64> = all
                .iter()
                .copied()
                .filter(|id| *id >= min_id)
                .take(SKETCH_LIST_LIMIT)
                .collect();
            assert_eq!(
                merge_lists(vec![newer], std::slice::from_ref(&snapshot), min_id),
                vec![whole],
                "min_id {min_id}"
            );
        }
    }
}
