//! Input checks: every error names the field it is about, for per-field API errors.

use super::{
    Analysis, DISCOUNT_RATE_RANGE, MAX_AMOUNT, MAX_DRAWS, MAX_EVENTS, MAX_HORIZON_MONTHS, MAX_OPTIMISM_BIAS, MAX_QUANTITY,
    MAX_RANGE_FACTOR, Side,
};

/// An invalid input, naming the field it is about (see [`CbaError::field`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CbaError {
    #[error("settings.horizon_months: {0} is not 1 to 360 months")]
    Horizon(u32),
    #[error("settings.discount_rate: {0} is not a rate from -0.05 to 0.2")]
    DiscountRate(f64),
    #[error("settings.optimism_bias[{index}]: {value} is not an uplift from 0 to 2")]
    OptimismBias { index: usize, value: f64 },
    #[error("settings.draws: {0} is more than 100000 draws")]
    Draws(u32),
    #[error("{side}.events: {count} events, at most 500 per scenario")]
    TooManyEvents { side: Side, count: usize },
    #[error("{side}.events[{index}].probability: {value} is not a probability from 0 to 1")]
    Probability { side: Side, index: usize, value: f64 },
    #[error("{side}.events[{index}].amount: {value} is not an amount from 0 to 1e12")]
    Amount { side: Side, index: usize, value: f64 },
    #[error("{side}.events[{index}].quantity: {value} is not a quantity from 0 to 1e6")]
    Quantity { side: Side, index: usize, value: f64 },
    #[error("{side}.events[{index}].range: ({low}, {high}) is not a factor range with 0 <= low <= high <= 100")]
    Range { side: Side, index: usize, low: f64, high: f64 },
}

impl CbaError {
    /// The path of the offending field in the analysis, e.g. `without.events[2].probability`, for
    /// per-field API errors.
    pub fn field(&self) -> String {
        match self {
            CbaError::Horizon(_) => "settings.horizon_months".into(),
            CbaError::DiscountRate(_) => "settings.discount_rate".into(),
            CbaError::OptimismBias { index, .. } => format!("settings.optimism_bias[{index}]"),
            CbaError::Draws(_) => "settings.draws".into(),
            CbaError::TooManyEvents { side, .. } => format!("{side}.events"),
            CbaError::Probability { side, index, .. } => format!("{side}.events[{index}].probability"),
            CbaError::Amount { side, index, .. } => format!("{side}.events[{index}].amount"),
            CbaError::Quantity { side, index, .. } => format!("{side}.events[{index}].quantity"),
            CbaError::Range { side, index, .. } => format!("{side}.events[{index}].range"),
        }
    }
}

/// Every problem with an analysis, in field order (settings, then `without`, then `with`); empty when
/// it is valid. [`evaluate`] reports the first.
pub fn validate(a: &Analysis) -> Vec<CbaError> {
    let mut errors = Vec::new();
    let s = &a.settings;
    if !(1..=MAX_HORIZON_MONTHS).contains(&s.horizon_months) {
        errors.push(CbaError::Horizon(s.horizon_months));
    }
    if !(DISCOUNT_RATE_RANGE.0..=DISCOUNT_RATE_RANGE.1).contains(&s.discount_rate) {
        errors.push(CbaError::DiscountRate(s.discount_rate));
    }
    for (index, &value) in s.optimism_bias.iter().enumerate() {
        if !(0.0..=MAX_OPTIMISM_BIAS).contains(&value) {
            errors.push(CbaError::OptimismBias { index, value });
        }
    }
    if s.draws > MAX_DRAWS {
        errors.push(CbaError::Draws(s.draws));
    }
    for (side, scenario) in [(Side::Without, &a.without), (Side::With, &a.with)] {
        if scenario.events.len() > MAX_EVENTS {
            errors.push(CbaError::TooManyEvents { side, count: scenario.events.len() });
            continue;
        }
        for (index, e) in scenario.events.iter().enumerate() {
            // `contains` is false for NaN, so these also reject non-finite values.
            if !(0.0..=1.0).contains(&e.probability) {
                errors.push(CbaError::Probability { side, index, value: e.probability });
            }
            if !(0.0..=MAX_AMOUNT).contains(&e.amount) {
                errors.push(CbaError::Amount { side, index, value: e.amount });
            }
            if !(0.0..=MAX_QUANTITY).contains(&e.quantity) {
                errors.push(CbaError::Quantity { side, index, value: e.quantity });
            }
            if let Some((low, high)) = e.range
                && !((0.0..=MAX_RANGE_FACTOR).contains(&low) && (low..=MAX_RANGE_FACTOR).contains(&high))
            {
                errors.push(CbaError::Range { side, index, low, high });
            }
        }
    }
    errors
}
