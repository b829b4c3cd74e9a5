//! A bounded memory of appeals' character bigrams for a batch of registrations (an import).
//!
//! The likely-duplicate lookup compares a new text with up to ten recent candidates, and in a
//! batch the candidates are mostly the batch's own earlier rows: near-identical posts arrive
//! together. Re-reading and re-splitting the same candidate texts row after row was a third of an
//! import's time, so the batch keeps the sorted bigram lists it has made, newest first, within a
//! byte budget (the oldest are forgotten first — they fall out of the window first too). A single
//! registration at the window has no memo: it compares once and is done.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

/// Bytes of bigram lists a memo keeps (a 300-character text takes about 2.4 KB).
const BUDGET_BYTES: usize = 64 << 20;

/// Sorted, distinct bigrams of appeals by id (see [`crate::queries::duplicates`]).
#[derive(Debug, Default)]
pub struct BigramMemo {
    lists: HashMap<i64, Arc<[u64]>>,
    order: VecDeque<i64>,
    bytes: usize,
    /// The bigrams of the text being registered, when the lookup made them; kept under its id
    /// once the appeal row exists ([`BigramMemo::adopt`]).
    pending: Option<Arc<[u64]>>,
}

impl BigramMemo {
    pub fn new() -> Self {
        Self::default()
    }

    pub(crate) fn get(&self, appeal_id: i64) -> Option<Arc<[u64]>> {
        self.lists.get(&appeal_id).cloned()
    }

    pub(crate) fn put(&mut self, appeal_id: i64, list: Arc<[u64]>) {
        let size = list.len() * std::mem::size_of::<u64>();
        if let Some(old) = self.lists.insert(appeal_id, list) {
            self.bytes -= old.len() * std::mem::size_of::<u64>();
        } else {
            self.order.push_back(appeal_id);
        }
        self.bytes += size;
        while self.bytes > BUDGET_BYTES {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if let Some(old) = self.lists.remove(&oldest) {
                self.bytes -= old.len() * std::mem::size_of::<u64>();
            }
        }
    }

    pub(crate) fn set_pending(&mut self, list: Option<Arc<[u64]>>) {
        self.pending = list;
    }

    /// Keeps the pending bigrams (of the text just looked up) under the id its appeal got.
    pub(crate) fn adopt(&mut self, appeal_id: i64) {
        if let Some(list) = self.pending.take() {
            self.put(appeal_id, list);
        }
    }

    /// How many lists the memo holds.
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_lists_by_id_and_forgets_the_oldest_past_the_budget() {
        let mut m = BigramMemo::new();
        m.put(1, Arc::from(vec![1u64, 2, 3]));
        m.set_pending(Some(Arc::from(vec![4u64])));
        m.adopt(2);
        assert_eq!(m.get(1).as_deref(), Some(&[1u64, 2, 3][..]));
        assert_eq!(m.get(2).as_deref(), Some(&[4u64][..]));
        assert_eq!(m.len(), 2);
        // Two lists of half the budget each fill it: the small old ones go first, then the
        // older half when a third arrives.
        let half = BUDGET_BYTES / 2 / std::mem::size_of::<u64>();
        m.put(3, Arc::from(vec![0u64; half]));
        m.put(4, Arc::from(vec![0u64; half]));
        assert!(m.get(1).is_none() && m.get(2).is_none());
        assert!(m.get(3).is_some() && m.get(4).is_some());
        m.put(5, Arc::from(vec![0u64; half]));
        assert!(m.get(3).is_none() && m.get(4).is_some() && m.get(5).is_some());
        assert_eq!(m.bytes, BUDGET_BYTES);
    }
}
