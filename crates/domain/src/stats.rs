//! Small order statistics shared by the dashboards: the median and the nearest-rank percentile of
//! values the caller has sorted.

/// The median of sorted values (the mean of the middle two for an even count); `None` when empty.
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The nearest-rank percentile: the smallest value with at least `p` percent of the values at or
/// below it; `None` when empty.
pub fn percentile(sorted: &[f64], p: usize) -> Option<f64> {
    let rank = (sorted.len() * p).div_ceil(100);
    sorted.get(rank.max(1) - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_or_the_mean_of_the_middle_two() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[4.0]), Some(4.0));
        assert_eq!(median(&[1.0, 3.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 10.0]), Some(2.0));
    }

    #[test]
    fn the_percentile_is_a_value_that_occurs() {
        assert_eq!(percentile(&[], 90), None);
        assert_eq!(percentile(&[2.0, 4.0, 10.0], 90), Some(10.0));
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&ten, 90), Some(9.0));
        assert_eq!(percentile(&ten, 50), Some(5.0));
        assert_eq!(percentile(&ten, 0), Some(1.0));
        assert_eq!(percentile(&ten, 100), Some(10.0));
        assert_eq!(percentile(&[7.0], 90), Some(7.0));
    }
}
