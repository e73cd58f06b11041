//! The Monte Carlo run (see [`MonteCarlo`] for the method). Each event's present value if it happens
//! is computed once beforehand, so a draw only samples and sums.

use super::{Item, MonteCarlo, Side, rng};

/// The inverse CDF of a triangular distribution, prepared once per event.
#[derive(Clone, Copy)]
struct Triangular {
    low: f64,
    high: f64,
    /// CDF at the mode.
    at_mode: f64,
    /// `(high − low)(mode − low)` and `(high − low)(high − mode)`.
    left: f64,
    right: f64,
}

impl Triangular {
    fn new(low: f64, high: f64) -> Triangular {
        let mode = 1.0_f64.clamp(low, high);
        let width = high - low;
        let at_mode = if width > 0.0 { (mode - low) / width } else { 0.0 };
        Triangular { low, high, at_mode, left: width * (mode - low), right: width * (high - mode) }
    }

    fn sample(&self, u: f64) -> f64 {
        if u < self.at_mode { self.low + (u * self.left).sqrt() } else { self.high - ((1.0 - u) * self.right).sqrt() }
    }
}

struct Sampler {
    without: bool,
    probability: f64,
    pv_if_occurs: f64,
    range: Option<Triangular>,
}

pub(super) fn run(items: &[Item<'_>], draws: u32, seed: u64) -> MonteCarlo {
    let samplers: Vec<Sampler> = items
        .iter()
        .map(|it| Sampler {
            without: it.side == Side::Without,
            probability: it.event.probability,
            pv_if_occurs: it.pv_if_occurs,
            range: it.event.range.map(|(low, high)| Triangular::new(low, high)),
        })
        .collect();
    let mut rng = rng::SplitMix64::new(seed);
    let mut nets = Vec::with_capacity(draws as usize);
    for _ in 0..draws {
        let (mut without, mut with) = (0.0, 0.0);
        for s in &samplers {
            // Two uniforms per event and draw, used or not, so one event's outcome never shifts the
            // random stream of the others.
            let (happens, factor) = (rng.next_f64(), rng.next_f64());
            if happens < s.probability {
                let pv = match s.range {
                    Some(t) => s.pv_if_occurs * t.sample(factor),
                    None => s.pv_if_occurs,
                };
                if s.without {
                    without += pv;
                } else {
                    with += pv;
                }
            }
        }
        nets.push(without - with);
    }
    nets.sort_by(f64::total_cmp);
    let n = nets.len();
    let percentile = |p: usize| nets[(p * n).div_ceil(100).clamp(1, n) - 1];
    MonteCarlo {
        draws,
        mean: nets.iter().sum::<f64>() / n as f64,
        p10: percentile(10),
        p50: percentile(50),
        p90: percentile(90),
        probability_positive: nets.iter().filter(|&&v| v > 0.0).count() as f64 / n as f64,
    }
}
