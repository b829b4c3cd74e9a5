//! The bigram memo of a batch (the module doc of [`super`] says why): sorted bigram lists of
//! appeals by id, within a byte budget, the oldest forgotten first.
//!
//! Both threads of an import use it (the writer, and the thread that reads the next chunk's
//! lookups ahead), so it locks inside: each call holds the lock for a map operation only.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

/// Bytes of bigram lists a memo keeps (a 300-character text takes about 2.4 KB).
const BUDGET_BYTES: usize = 64 << 20;

/// A text's sorted, distinct bigrams and its length in characters (as SQLite's `length()` counts
/// them: up to the first NUL).
#[derive(Debug, Clone)]
pub(super) struct Known {
    pub bigrams: Arc<[u64]>,
    pub chars: usize,
}

/// Sorted, distinct bigrams of appeals by id (see [`crate::queries::duplicates`]).
#[derive(Debug, Default)]
pub(super) struct BigramMemo {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    lists: HashMap<i64, Known>,
    order: VecDeque<i64>,
    bytes: usize,
}

/// A text's length as SQLite's `length()` counts it.
pub(super) fn sql_chars(text: &str) -> usize {
    text.split('\0').next().unwrap_or("").chars().count()
}

impl BigramMemo {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic elsewhere cannot leave the map half-updated in a way that matters: at worst a
        // list is missing or counted twice in the budget.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn get(&self, appeal_id: i64) -> Option<Known> {
        self.lock().lists.get(&appeal_id).cloned()
    }

    pub(super) fn put(&self, appeal_id: i64, known: Known) {
        let size = known.bigrams.len() * std::mem::size_of::<u64>();
        let mut m = self.lock();
        if let Some(old) = m.lists.insert(appeal_id, known) {
            m.bytes -= old.bigrams.len() * std::mem::size_of::<u64>();
        } else {
            m.order.push_back(appeal_id);
        }
        m.bytes += size;
        while m.bytes > BUDGET_BYTES {
            let Some(oldest) = m.order.pop_front() else {
                break;
            };
            if let Some(old) = m.lists.remove(&oldest) {
                m.bytes -= old.bigrams.len() * std::mem::size_of::<u64>();
            }
        }
    }

    /// How many lists the memo holds.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().lists.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(list: Vec<u64>) -> Known {
        Known {
            chars: list.len() + 1,
            bigrams: Arc::from(list),
        }
    }

    #[test]
    fn keeps_lists_by_id_and_forgets_the_oldest_past_the_budget() {
        let m = BigramMemo::default();
        m.put(1, known(vec![1u64, 2, 3]));
        m.put(2, known(vec![4u64]));
        assert_eq!(
            m.get(1).map(|k| k.bigrams).as_deref(),
            Some(&[1u64, 2, 3][..])
        );
        assert_eq!(m.get(2).map(|k| k.chars), Some(2));
        assert_eq!(m.len(), 2);
        // Two lists of half the budget each fill it: the small old ones go first, then the
        // older half when a third arrives.
        let half = BUDGET_BYTES / 2 / std::mem::size_of::<u64>();
        m.put(3, known(vec![0u64; half]));
        m.put(4, known(vec![0u64; half]));
        assert!(m.get(1).is_none() && m.get(2).is_none());
        assert!(m.get(3).is_some() && m.get(4).is_some());
        m.put(5, known(vec![0u64; half]));
        assert!(m.get(3).is_none() && m.get(4).is_some() && m.get(5).is_some());
        assert_eq!(m.lock().bytes, BUDGET_BYTES);
    }

    #[test]
    fn counts_characters_as_sqlite_does() {
        assert_eq!(sql_chars("路灯不亮ab"), 6);
        assert_eq!(sql_chars("路灯\0不亮"), 2);
        assert_eq!(sql_chars(""), 0);
    }
}
