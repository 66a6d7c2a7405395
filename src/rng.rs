//! Seeded randomness: every random choice comes from a generator derived
//! from the run's `--seed`, a stage and a task index, so results do not
//! depend on which thread ran which task. Never `thread_rng`.
//!
//! One generator, two derivations and two ways to draw below `n`, because
//! each user's stream is part of its output: the layout and betweenness
//! sampling use [`Rng::for_task`] (stage named by a string) and the
//! unbiased rejection draw [`Rng::below`]; Leiden uses [`Rng::derive`]
//! (stage and indices as numbers) and the multiply-shift
//! [`Rng::below_shift`]. Changing either pairing would move the pictures,
//! the sampled betweenness or the partitions of every earlier run.

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast, and good enough
/// for sampling; not for cryptography.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// The generator of task `index` of `stage`, for `seed`.
    pub fn for_task(seed: u64, stage: &str, index: u64) -> Rng {
        let mut h = Rng(seed ^ 0x6A09_E667_F3BC_C909);
        for b in stage.bytes() {
            h.0 ^= u64::from(b);
            h.next_u64();
        }
        h.0 ^= index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h.next_u64();
        h
    }

    /// The generator of a task named by numbers: `seed`, then `stage`,
    /// then each of `index` in turn, folded through the SplitMix64
    /// finaliser. Leiden's derivation (its stages and its (iteration,
    /// level, community) indices are numbers); it was Leiden's own and
    /// keeps its stream, so partitions stay those of earlier runs.
    pub fn derive(seed: u64, stage: u64, index: &[u64]) -> Rng {
        let mut h = mix(seed);
        h = mix(h ^ stage);
        for &i in index {
            h = mix(h ^ i);
        }
        Rng(h)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), without modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % n;
            }
        }
    }

    /// Uniform in `0..n` by Lemire's multiply-shift: one draw, no loop,
    /// with a bias below n / 2^64 (irrelevant for visiting orders). Leiden's
    /// draw; [`Rng::below`] (rejection) stays for the other users, whose
    /// streams it fixes.
    pub fn below_shift(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in [0, 1): the top 53 bits scaled by 2^-53 (exact, so the
    /// same bits whether written as a division or a multiplication).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniformly random permutation of `0..n` (Fisher-Yates from the
    /// top, drawing with [`Rng::below_shift`], as Leiden always has).
    pub fn permutation(&mut self, n: usize) -> Vec<u32> {
        let mut p: Vec<u32> = (0..n as u32).collect();
        for i in (1..n).rev() {
            p.swap(i, self.below_shift(i as u64 + 1) as usize);
        }
        p
    }
}

/// The SplitMix64 step as a hash of one word (add the golden gamma, then
/// the finaliser), for [`Rng::derive`].
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_get_distinct_reproducible_streams() {
        let a: Vec<u64> = (0..4).map(|_| Rng::for_task(1, "x", 0).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(Rng::for_task(1, "x", 0).next_u64(), Rng::for_task(1, "x", 1).next_u64());
        assert_ne!(Rng::for_task(1, "x", 0).next_u64(), Rng::for_task(1, "y", 0).next_u64());
        assert_ne!(Rng::for_task(1, "x", 0).next_u64(), Rng::for_task(2, "x", 0).next_u64());
        let mut r = Rng::for_task(7, "below", 0);
        let mut seen = [0u32; 3];
        for _ in 0..3000 {
            seen[r.below(3) as usize] += 1;
        }
        assert!(seen.iter().all(|&c| (900..1100).contains(&c)), "{seen:?}");
    }

    #[test]
    fn derived_streams_are_distinct_reproducible_and_uniform_enough() {
        let a: Vec<u64> = (0..4).map(|_| Rng::derive(1, 2, &[3]).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(Rng::derive(1, 2, &[3]).next_u64(), Rng::derive(1, 2, &[4]).next_u64());
        assert_ne!(Rng::derive(1, 2, &[3]).next_u64(), Rng::derive(2, 2, &[3]).next_u64());
        let mut r = Rng::derive(7, 0, &[]);
        let mut counts = [0u32; 4];
        for _ in 0..40_000 {
            counts[r.below_shift(4) as usize] += 1;
        }
        assert!(counts.iter().all(|&c| (9_500..10_500).contains(&c)), "{counts:?}");
        let p = r.permutation(100);
        let mut sorted = p.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..100).collect::<Vec<u32>>());
    }

    /// The streams are part of the outputs (pictures, sampled betweenness,
    /// partitions): these values, computed independently from the
    /// definitions (SplitMix64 in Python), pin both derivations and the
    /// multiply-shift draw, so a refactoring cannot move them unnoticed.
    #[test]
    fn streams_are_pinned() {
        let mut r = Rng::derive(42, 2, &[1, 0, 7]);
        assert_eq!(
            [r.next_u64(), r.next_u64(), r.next_u64()],
            [0x4186_0f3c_3dd8_f419, 0x876e_dc0b_413b_1173, 0x41d2_7f74_8187_798b]
        );
        let mut r = Rng::derive(42, 2, &[1, 0, 7]);
        assert_eq!((0..8).map(|_| r.below_shift(10)).collect::<Vec<_>>(), [2, 5, 2, 1, 8, 5, 2, 2]);
        let mut r = Rng::for_task(42, "layout", 3);
        assert_eq!(
            [r.next_u64(), r.next_u64(), r.next_u64()],
            [0xeb23_e746_48af_cd00, 0x1346_8a93_c0ca_3de0, 0x55a8_faed_5637_16b4]
        );
    }
}
