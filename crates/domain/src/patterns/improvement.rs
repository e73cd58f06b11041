//! A structural improvement: what W&I, policy and the teams agreed to change about a bottleneck (a
//! phone call whenever a digital application is rejected as incomplete, an interpreter budget, …),
//! its status, and whether the number of tags of that bottleneck went down afterwards.

use time::Date;

crate::code_enum!(
    /// Where an improvement stands.
    ImprovementStatus { Agreed = "agreed", InProgress = "in_progress", Done = "done", Dropped = "dropped" }
);

/// The allowed status changes; anything else is refused.
pub const TRANSITIONS: &[(ImprovementStatus, ImprovementStatus)] = &[
    (ImprovementStatus::Agreed, ImprovementStatus::InProgress),
    (ImprovementStatus::Agreed, ImprovementStatus::Dropped),
    (ImprovementStatus::InProgress, ImprovementStatus::Done),
    (ImprovementStatus::InProgress, ImprovementStatus::Dropped),
    // A small change can be done at once, without a stage in progress.
    (ImprovementStatus::Agreed, ImprovementStatus::Done),
];

pub fn can_move(from: ImprovementStatus, to: ImprovementStatus) -> bool {
    TRANSITIONS.contains(&(from, to))
}

/// The number of tags of a bottleneck in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthCount {
    /// The first day of the month (any day of it counts for that month).
    pub month: Date,
    pub count: u32,
}

/// The mean number of tags per month before and after an improvement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect {
    pub before_per_month: f64,
    pub after_per_month: f64,
    pub months_before: u32,
    pub months_after: u32,
}

/// The effect of an improvement that took effect on `since`, seen on `today`.
///
/// The month of `since` itself is left out (partly before, partly after). Before: the
/// `window_months` full months before it. After: the full months after it up to the month before
/// `today` (the current month is not over yet), at most `window_months`. A month without a row
/// counts as 0; rows for the same month add up. `None` when there is no full month after yet, or
/// when the window is 0 months.
pub fn effect(counts: &[MonthCount], since: Date, window_months: u32, today: Date) -> Option<Effect> {
    let window = i64::from(window_months);
    let since_month = month_index(since);
    let last_full_month = month_index(today) - 1;
    let months_after = (last_full_month - since_month).clamp(0, window);
    if window == 0 || months_after == 0 {
        return None;
    }
    let before = (since_month - window)..since_month;
    let after = (since_month + 1)..=(since_month + months_after);
    let sum_over = |in_range: &dyn Fn(i64) -> bool| -> u64 {
        counts.iter().filter(|c| in_range(month_index(c.month))).map(|c| u64::from(c.count)).sum()
    };
    let before_total = sum_over(&|m| before.contains(&m));
    let after_total = sum_over(&|m| after.contains(&m));
    Some(Effect {
        before_per_month: before_total as f64 / window as f64,
        after_per_month: after_total as f64 / months_after as f64,
        months_before: window_months,
        months_after: u32::try_from(months_after).expect("at most window_months"),
    })
}

/// Months counted from year 0, so consecutive months are consecutive numbers.
fn month_index(date: Date) -> i64 {
    i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn counts(rows: &[(Date, u32)]) -> Vec<MonthCount> {
        rows.iter().map(|&(month, count)| MonthCount { month, count }).collect()
    }

    #[test]
    fn the_transition_table_allows_only_forward_moves() {
        use ImprovementStatus::*;
        assert!(can_move(Agreed, InProgress));
        assert!(can_move(Agreed, Done));
        assert!(can_move(InProgress, Dropped));
        for (from, to) in [(Done, InProgress), (Dropped, Agreed), (InProgress, Agreed), (Agreed, Agreed), (Done, Dropped)] {
            assert!(!can_move(from, to), "{from:?} → {to:?}");
        }
        assert_eq!(ImprovementStatus::parse("in_progress"), Ok(InProgress));
    }

    #[test]
    fn before_and_after_are_full_months_around_the_month_of_the_change() {
        let c = counts(&[
            (date!(2025 - 12 - 01), 100), // outside the 3-month window
            (date!(2026 - 01 - 01), 9),
            (date!(2026 - 02 - 01), 6),
            // March has no row: 0.
            (date!(2026 - 04 - 01), 50), // the month of the change: left out
            (date!(2026 - 05 - 01), 2),
            (date!(2026 - 06 - 01), 1),
            (date!(2026 - 07 - 01), 70), // the current month: not over yet
        ]);
        let e = effect(&c, date!(2026 - 04 - 15), 3, date!(2026 - 07 - 10)).unwrap();
        assert_eq!(e, Effect { before_per_month: 5.0, after_per_month: 1.5, months_before: 3, months_after: 2 });
    }

    #[test]
    fn the_after_period_is_capped_at_the_window() {
        let c = counts(&[(date!(2026 - 02 - 01), 4), (date!(2026 - 03 - 01), 2), (date!(2026 - 04 - 01), 100)]);
        let e = effect(&c, date!(2026 - 01 - 31), 2, date!(2027 - 01 - 01)).unwrap();
        assert_eq!((e.after_per_month, e.months_after), (3.0, 2));
        assert_eq!(e.before_per_month, 0.0);
    }

    #[test]
    fn rows_for_the_same_month_add_up_and_any_day_counts_for_its_month() {
        let c = counts(&[(date!(2026 - 05 - 01), 2), (date!(2026 - 05 - 20), 4)]);
        let e = effect(&c, date!(2026 - 04 - 01), 1, date!(2026 - 06 - 01)).unwrap();
        assert_eq!((e.after_per_month, e.months_after), (6.0, 1));
    }

    #[test]
    fn no_effect_without_a_full_month_after_or_without_a_window() {
        let c = counts(&[(date!(2026 - 03 - 01), 8)]);
        assert_eq!(effect(&c, date!(2026 - 04 - 01), 3, date!(2026 - 04 - 30)), None);
        assert_eq!(effect(&c, date!(2026 - 04 - 01), 3, date!(2026 - 05 - 31)), None, "May is not over");
        assert_eq!(effect(&c, date!(2026 - 04 - 01), 0, date!(2026 - 09 - 01)), None);
        assert_eq!(effect(&c, date!(2026 - 04 - 01), 3, date!(2025 - 01 - 01)), None, "today before the change");
        assert!(effect(&c, date!(2026 - 04 - 01), 3, date!(2026 - 06 - 01)).is_some());
    }

    #[test]
    fn the_window_crosses_years() {
        let c = counts(&[(date!(2025 - 11 - 01), 3), (date!(2025 - 12 - 01), 5), (date!(2026 - 02 - 01), 1)]);
        let e = effect(&c, date!(2026 - 01 - 10), 2, date!(2026 - 03 - 05)).unwrap();
        assert_eq!(e, Effect { before_per_month: 4.0, after_per_month: 1.0, months_before: 2, months_after: 1 });
    }
}
