//! Seeded randomness: every random choice comes from a generator derived
//! from the run's `--seed`, a stage name and a task index, so results do
//! not depend on which thread ran which task. Never `thread_rng`.

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

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
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
}
