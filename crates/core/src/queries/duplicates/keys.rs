//! What the lookup measures in a text: its character bigrams, the Jaccard similarity of two bigram
//! lists, and the content fingerprint ([`sketch`]). Pure functions of the text, so that a batch
//! makes them on another thread ([`TextKeys`]).

use std::sync::Arc;

/// The distinct character bigrams of a text (whitespace and ASCII punctuation dropped), each
/// packed into one integer, sorted. Sorted integers rather than a hash set: the lookup compares
/// the new appeal with up to twenty candidates of up to a few thousand characters each, and
/// hashing every bigram into a set was a fifth of a batch import's time.
pub(super) fn bigrams(s: &str) -> Vec<u64> {
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
pub(super) fn jaccard(x: &[u64], y: &[u64]) -> f64 {
    // At threshold 0 nothing is pruned and every similarity qualifies.
    jaccard_at_least(x, y, 0.0).unwrap_or(0.0)
}

/// The Jaccard similarity of two sorted, distinct bigram lists when it reaches `t`, else `None` — decided early where possible: the similarity
/// cannot exceed the smaller list's length over the larger's, nor what the common part could
/// still become with what is left to merge. Most content candidates share a phrase or two, not
/// the text, and were a twentieth of an import in full merges.
pub(super) fn jaccard_at_least(x: &[u64], y: &[u64], t: f64) -> Option<f64> {
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
#[cfg(test)]
fn similarity(a: &str, b: &str) -> f64 {
    jaccard(&bigrams(a), &bigrams(b))
}

/// How many hashes a fingerprint keeps.
const SKETCH_SIZE: usize = 3;

/// The content fingerprint: the `SKETCH_SIZE` (three) smallest 64-bit hashes (FNV-1a) of the text's
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

/// What the lookup computes from a new text: its fingerprint ([`sketch`]) and its bigrams. A batch
/// makes them ahead, on another thread, while the previous chunk is being written.
#[derive(Debug, Clone)]
pub(super) struct TextKeys {
    pub(super) sketch: Vec<i64>,
    pub(super) bigrams: Arc<[u64]>,
    /// The text's length as SQLite counts it (the lookup's length bound).
    pub(super) chars: usize,
}

impl TextKeys {
    pub(super) fn of(text: &str) -> Self {
        Self {
            sketch: sketch(text),
            bigrams: bigrams(text).into(),
            chars: super::memo::sql_chars(text),
        }
    }

    /// What the batch's memo keeps of the text once its appeal is registered.
    pub(super) fn known(&self) -> super::memo::Known {
        super::memo::Known {
            bigrams: self.bigrams.clone(),
            chars: self.chars,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queries::duplicates::SIMILAR;

    #[test]
    fn similarity_is_one_for_identical_and_low_for_unrelated() {
        assert!((similarity("小区夜间施工噪音扰民", "小区夜间施工噪音扰民") - 1.0).abs() < 1e-9);
        assert!(similarity("小区夜间施工噪音扰民严重", "小区夜间施工噪音扰民") > SIMILAR);
        assert!(similarity("路灯不亮", "物业收费过高") < 0.1);
    }

    /// The definition, by counting the common part: the pruning merge must agree with it.
    fn jaccard_by_counting(x: &[u64], y: &[u64]) -> f64 {
        if x.is_empty() && y.is_empty() {
            return 1.0;
        }
        let inter = x.iter().filter(|v| y.binary_search(v).is_ok()).count();
        inter as f64 / (x.len() + y.len() - inter) as f64
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
            let full = jaccard_by_counting(&x, &y);
            assert_eq!(jaccard(&x, &y), full, "case {case}");
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
