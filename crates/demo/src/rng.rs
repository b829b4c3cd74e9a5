//! A small, dependency-free, deterministic pseudo-random number generator for
//! demo data.
//!
//! The generator is xoshiro256** (Blackman & Vigna), seeded by expanding a
//! single `u64` with SplitMix64. Every operation is defined purely in terms of
//! 64-bit integer arithmetic (floating point is only used in [`Rng::chance`],
//! where the value is built exactly from 53 random bits), so a given seed
//! produces exactly the same sequence on every platform and in every version of
//! this crate. Changing the algorithm or the way the helpers consume random
//! numbers changes all generated demo data; the golden-value tests below guard
//! against doing so by accident.
//!
//! This is **not** a cryptographically secure generator; never use it for
//! passwords, tokens or salts.

/// Deterministic xoshiro256** generator seeded through SplitMix64.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    s: [u64; 4],
}

/// One step of SplitMix64: advances `state` and returns the next output.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// Creates a generator from a seed. Equal seeds give equal sequences.
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        // SplitMix64 is a bijection on its counter, so four consecutive outputs
        // can never all be zero; the all-zero state (a fixed point) is impossible.
        Rng { s }
    }

    /// Returns the next 64 uniformly distributed random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Returns a uniformly distributed value in `0..n` (without modulo bias).
    ///
    /// # Panics
    /// Panics if `n == 0`.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "Rng::below called with n == 0");
        // Lemire's multiply-and-reject method.
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        let mut low = m as u64;
        if low < n {
            let threshold = n.wrapping_neg() % n;
            while low < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
                low = m as u64;
            }
        }
        (m >> 64) as u64
    }

    /// Returns a uniformly distributed value in `lo..=hi_inclusive`.
    ///
    /// # Panics
    /// Panics if `lo > hi_inclusive`.
    pub fn range(&mut self, lo: i64, hi_inclusive: i64) -> i64 {
        assert!(lo <= hi_inclusive, "Rng::range called with lo > hi");
        let span = (i128::from(hi_inclusive) - i128::from(lo) + 1) as u128;
        if span > u128::from(u64::MAX) {
            // The full i64 range: every bit pattern is equally likely.
            return self.next_u64() as i64;
        }
        (i128::from(lo) + i128::from(self.below(span as u64))) as i64
    }

    /// Returns `true` with probability `p` (clamped to `0.0..=1.0`; NaN is
    /// treated as `0.0`). Always consumes exactly one random number.
    pub fn chance(&mut self, p: f64) -> bool {
        // 53 random bits mapped exactly onto [0, 1).
        let x = (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        x < p
    }

    /// Returns a uniformly chosen element of `items`.
    ///
    /// # Panics
    /// Panics if `items` is empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        assert!(!items.is_empty(), "Rng::pick called with an empty slice");
        &items[self.below(items.len() as u64) as usize]
    }

    /// Returns an index into `weights`, chosen with probability proportional
    /// to its weight. Zero weights are never chosen.
    ///
    /// # Panics
    /// Panics if `weights` is empty or all weights are zero.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        assert!(
            total > 0,
            "Rng::weighted needs at least one positive weight"
        );
        let mut r = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            let w = u64::from(w);
            if r < w {
                return i;
            }
            r -= w;
        }
        unreachable!("r < total guarantees a hit")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_reference() {
        // Reference outputs of SplitMix64 for seed 0 (Vigna's splitmix64.c).
        let mut s = 0u64;
        assert_eq!(splitmix64(&mut s), 0xE220_A839_7B1D_CDAF);
        assert_eq!(splitmix64(&mut s), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(splitmix64(&mut s), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn golden_values_are_stable() {
        // If this fails, every seeded demo data set changes: don't "fix" the
        // expected values unless that is really intended.
        let mut r = Rng::new(42);
        let got: Vec<u64> = (0..4).map(|_| r.next_u64()).collect();
        assert_eq!(got, GOLDEN_42);
    }

    // Cross-checked against Vigna's reference xoshiro256starstar.c seeded
    // with four splitmix64.c outputs for seed 42.
    const GOLDEN_42: [u64; 4] = [
        1_546_998_764_402_558_742,
        6_990_951_692_964_543_102,
        12_544_586_762_248_559_009,
        17_057_574_109_182_124_193,
    ];

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..1000 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut c = Rng::new(8);
        let mut a = Rng::new(7);
        let differ = (0..10).any(|_| a.next_u64() != c.next_u64());
        assert!(differ);
    }

    #[test]
    fn below_is_in_range_and_roughly_uniform() {
        let mut r = Rng::new(1);
        let mut counts = [0u32; 7];
        for _ in 0..70_000 {
            let v = r.below(7);
            assert!(v < 7);
            counts[v as usize] += 1;
        }
        for c in counts {
            assert!((9_000..11_000).contains(&c), "{counts:?}");
        }
        assert_eq!(r.below(1), 0);
        assert!(r.below(u64::MAX) < u64::MAX);
    }

    #[test]
    fn range_bounds_are_inclusive() {
        let mut r = Rng::new(2);
        let (mut saw_lo, mut saw_hi) = (false, false);
        for _ in 0..10_000 {
            let v = r.range(-3, 3);
            assert!((-3..=3).contains(&v));
            saw_lo |= v == -3;
            saw_hi |= v == 3;
        }
        assert!(saw_lo && saw_hi);
        assert_eq!(r.range(5, 5), 5);
        // Extreme spans must not overflow.
        let _ = r.range(i64::MIN, i64::MAX);
        let v = r.range(i64::MAX - 1, i64::MAX);
        assert!(v >= i64::MAX - 1);
        let v = r.range(i64::MIN, i64::MIN + 1);
        assert!(v <= i64::MIN + 1);
    }

    #[test]
    fn chance_matches_probability() {
        let mut r = Rng::new(3);
        let hits = (0..100_000).filter(|_| r.chance(0.25)).count();
        assert!((24_000..26_000).contains(&hits), "{hits}");
        assert!((0..1000).all(|_| !r.chance(0.0)));
        assert!((0..1000).all(|_| r.chance(1.0)));
        assert!((0..1000).all(|_| !r.chance(f64::NAN)));
    }

    #[test]
    fn pick_and_weighted() {
        let mut r = Rng::new(4);
        let items = ["a", "b", "c"];
        for _ in 0..100 {
            assert!(items.contains(r.pick(&items)));
        }
        let mut counts = [0u32; 4];
        for _ in 0..40_000 {
            counts[r.weighted(&[1, 0, 3, 0])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert_eq!(counts[3], 0);
        assert!((9_000..11_000).contains(&counts[0]), "{counts:?}");
        assert!((29_000..31_000).contains(&counts[2]), "{counts:?}");
    }

    #[test]
    #[should_panic]
    fn below_zero_panics() {
        Rng::new(0).below(0);
    }

    #[test]
    #[should_panic]
    fn weighted_all_zero_panics() {
        Rng::new(0).weighted(&[0, 0]);
    }
}
