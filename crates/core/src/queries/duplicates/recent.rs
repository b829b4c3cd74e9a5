//! What the writer of an import remembers of the rows it registered itself, to complete a lookup
//! read ahead without SQL (the module doc of [`super`] says when that is allowed): the rows'
//! phone, fingerprint, receipt and registration times, number, subject and bigrams, indexed by
//! phone and by hash, answering the questions the SQL asks as SQLite would (text by bytes).
//!
//! The count check: the writer knows the file's largest appeal id (read when its transaction
//! starts, then its own inserts), and ids are assigned one above the largest, so the rows here
//! above the snapshot must number exactly the ids between ([`Recent::covers_after`]). Row data is
//! dropped once a snapshot has passed it; the indexes keep only ids (a few megabytes for 100,000
//! rows).

use super::memo::Known;
use std::collections::{HashMap, VecDeque};

/// One registered row of the import, as the lookup reads it.
#[derive(Debug, Clone)]
pub(super) struct RecentRow {
    pub id: i64,
    pub reg_number: String,
    pub subject: String,
    /// `received_at` and `registered_at` as stored (`fmt_ts`).
    pub received_at: String,
    pub registered_at: String,
    pub phone: Option<String>,
    pub sketch: Vec<i64>,
    pub known: Known,
}

/// The import's own recent registrations (see the module doc).
#[derive(Debug, Default)]
pub(super) struct Recent {
    /// The file's largest appeal id as the writer knows it; `None` outside a transaction.
    max_id: Option<i64>,
    /// Rows above the latest snapshot, ascending ids.
    rows: VecDeque<RecentRow>,
    /// Ids by phone and by fingerprint hash, ascending.
    by_phone: HashMap<String, Vec<i64>>,
    by_hash: HashMap<i64, Vec<i64>>,
    /// The earliest registration time of any row kept.
    min_registered: Option<String>,
}

impl Recent {
    /// A write transaction starts: `max_id` is the file's largest appeal id in it.
    pub(super) fn begin(&mut self, max_id: i64) {
        self.max_id = Some(max_id);
    }

    /// The transaction ended: until the next [`Recent::begin`] nothing is answered from here.
    /// After a rollback the rows kept name ids that do not exist (and that later appeals may
    /// get): everything is forgotten.
    pub(super) fn end(&mut self, committed: bool) {
        if committed {
            self.max_id = None;
        } else {
            *self = Self::default();
        }
    }

    pub(super) fn push(&mut self, row: RecentRow) {
        if let Some(m) = self.max_id.as_mut() {
            *m = (*m).max(row.id);
        }
        if let Some(phone) = &row.phone {
            self.by_phone.entry(phone.clone()).or_default().push(row.id);
        }
        for h in &row.sketch {
            self.by_hash.entry(*h).or_default().push(row.id);
        }
        if self
            .min_registered
            .as_ref()
            .is_none_or(|m| row.registered_at < *m)
        {
            self.min_registered = Some(row.registered_at.clone());
        }
        self.rows.push_back(row);
    }

    /// Drops the rows a snapshot up to `last_id` covers, and answers whether the rows kept are
    /// all the appeals after it.
    pub(super) fn covers_after(&mut self, last_id: i64) -> bool {
        while self.rows.front().is_some_and(|r| r.id <= last_id) {
            self.rows.pop_front();
        }
        self.max_id
            .is_some_and(|m| m >= last_id && self.rows.len() as i64 == m - last_id)
    }

    /// The earliest registration time of the rows kept.
    pub(super) fn min_registered(&self) -> Option<&str> {
        self.min_registered.as_deref()
    }

    /// The row with `id`, when kept.
    pub(super) fn row(&self, id: i64) -> Option<&RecentRow> {
        let i = self.rows.partition_point(|r| r.id < id);
        self.rows.get(i).filter(|r| r.id == id)
    }

    /// Ids above `after` with this phone, newest first.
    pub(super) fn with_phone(&self, phone: &str, after: i64) -> impl Iterator<Item = i64> + '_ {
        newest_above(self.by_phone.get(phone), after)
    }

    /// Ids above `after` with this fingerprint hash, newest first.
    pub(super) fn with_hash(&self, h: i64, after: i64) -> impl Iterator<Item = i64> + '_ {
        newest_above(self.by_hash.get(&h), after)
    }
}

fn newest_above(ids: Option<&Vec<i64>>, after: i64) -> impl Iterator<Item = i64> + '_ {
    ids.into_iter()
        .flat_map(|v| v.iter().rev().copied())
        .take_while(move |id| *id > after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn row(id: i64, phone: &str, sketch: Vec<i64>) -> RecentRow {
        RecentRow {
            id,
            reg_number: format!("20261120-{id:04}"),
            subject: String::new(),
            received_at: "2026-11-20T09:00:00+08:00".into(),
            registered_at: "2026-11-20T10:00:00+08:00".into(),
            phone: Some(phone.into()),
            sketch,
            known: Known {
                bigrams: Arc::from(vec![1u64]),
                chars: 2,
            },
        }
    }

    #[test]
    fn answers_only_when_its_rows_are_all_the_appeals_after_the_snapshot() {
        let mut r = Recent::default();
        r.begin(10);
        for id in 11..=14 {
            r.push(row(
                id,
                if id % 2 == 0 { "a" } else { "b" },
                vec![id % 3, 7],
            ));
        }
        assert!(r.covers_after(12));
        assert!(r.row(12).is_none() && r.row(13).is_some());
        assert_eq!(r.with_phone("a", 12).collect::<Vec<_>>(), vec![14]);
        assert_eq!(r.with_hash(7, 11).collect::<Vec<_>>(), vec![14, 13, 12]);
        // Another workstation registered 15: the rows kept fall short of the ids after 12.
        r.begin(15);
        assert!(!r.covers_after(12));
        r.push(row(16, "a", vec![]));
        assert!(!r.covers_after(13));
        assert!(r.covers_after(15));
        r.end(true);
        assert!(!r.covers_after(15));
        r.begin(16);
        assert!(r.covers_after(15));
        r.end(false);
        r.begin(16);
        assert!(!r.covers_after(15) && r.row(16).is_none());
    }
}
