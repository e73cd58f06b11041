//! A small seeded pseudo-random generator for the Monte Carlo run, so the domain crate needs no
//! dependency for it and a result is reproducible from its seed on every platform.

/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators"; the public
/// domain reference is Vigna's `splitmix64.c`). One 64-bit state, passes BigCrush; ample for sampling
/// a few hundred thousand uniforms per analysis.
pub(super) struct SplitMix64(u64);

impl SplitMix64 {
    pub(super) fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1): the top 53 bits as a fraction, so every value is exact and 1.0 is
    /// never returned (a probability of 1 always fires, one of 0 never does).
    pub(super) fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_output() {
        // First outputs of Vigna's splitmix64.c for seed 1234567 (also the Rosetta Code task
        // "Pseudo-random numbers/Splitmix64").
        let mut r = SplitMix64::new(1_234_567);
        let got: Vec<u64> = (0..5).map(|_| r.next_u64()).collect();
        assert_eq!(got, [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821]);
    }

    #[test]
    fn uniforms_lie_in_the_unit_interval() {
        let mut r = SplitMix64::new(7);
        for _ in 0..10_000 {
            let u = r.next_f64();
            assert!((0.0..1.0).contains(&u));
        }
    }
}
