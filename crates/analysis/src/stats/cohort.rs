//! The cohort's appeal ids as a bitset over their id range.
//!
//! Appeal ids follow registration order, so a period's appeals sit in one id range with few
//! strangers in it: the stage runs and acts of a cohort are read by id range, and each row is kept
//! or skipped by one bit. A cohort that is the whole of its range (a period without filters, as a
//! rule) needs no check at all, which saves reading the ids.

/// A set of appeal ids inside one id range.
pub(crate) struct IdSet {
    pub(crate) first: i64,
    last: i64,
    len: usize,
    bits: Vec<u64>,
}

impl IdSet {
    /// The set of `ids`, in any order.
    pub(crate) fn new(ids: &[i64]) -> Self {
        let first = ids.iter().copied().min().unwrap_or(0);
        let last = ids.iter().copied().max().unwrap_or(-1);
        let span = (last - first + 1).max(0) as usize;
        let mut bits = vec![0u64; span.div_ceil(64)];
        for id in ids {
            let i = (id - first) as usize;
            bits[i / 64] |= 1 << (i % 64);
        }
        // Counted from the bits, so that an id listed twice cannot pass for a missing one.
        let len = bits.iter().map(|w| w.count_ones() as usize).sum();
        Self {
            first,
            last,
            len,
            bits,
        }
    }
    /// The greatest id of the set.
    pub(crate) fn last(&self) -> i64 {
        self.last
    }
    pub(crate) fn contains(&self, id: i64) -> bool {
        let i = id - self.first;
        i >= 0
            && (i as usize) < self.bits.len() * 64
            && self.bits[i as usize / 64] >> (i % 64) & 1 == 1
    }
    /// Whether the set holds every id from its first to its last (so nothing of that range
    /// needs checking).
    pub(crate) fn is_whole_range(&self) -> bool {
        self.len > 0 && self.len as i64 == self.last - self.first + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_set_holds_exactly_its_ids() {
        let s = IdSet::new(&[70, 5, 64, 6]);
        for id in 0..200 {
            assert_eq!(s.contains(id), [70, 5, 64, 6].contains(&id), "{id}");
        }
        assert_eq!((s.first, s.last()), (5, 70));
        assert!(!s.is_whole_range());
        let empty = IdSet::new(&[]);
        assert!(!empty.contains(0));
        assert!(!empty.is_whole_range());
        let whole = IdSet::new(&[12, 10, 11, 13]);
        assert!(whole.is_whole_range());
        assert!(
            !IdSet::new(&[10, 11, 11, 13]).is_whole_range(),
            "11 twice, 12 missing"
        );
        assert!(IdSet::new(&[7]).is_whole_range());
    }
}
