//! The period of a dashboard as whole months (`?van=YYYY-MM&tot=YYYY-MM`, or `from` / `to` in the
//! API): parsed, checked and listed, the same for every dashboard.

use crate::error::{FieldError, WebError, WebResult};
use serde::Deserialize;
use time::{Date, Month};

/// The longest period a dashboard covers, in months.
pub const MAX_MONTHS: usize = 36;

#[derive(Deserialize, Default, utoipa::IntoParams)]
pub struct MonthsQuery {
    /// First month, YYYY-MM (default: eleven months before `to`).
    #[serde(alias = "van")]
    pub from: Option<String>,
    /// Last month, YYYY-MM (default: this month).
    #[serde(alias = "tot")]
    pub to: Option<String>,
}

pub fn month_code(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), d.month() as u8)
}

/// The first day of a month written YYYY-MM.
pub fn parse_month(s: &str) -> Option<Date> {
    let (y, m) = s.split_once('-')?;
    let (y, m): (i32, u8) = (y.parse().ok()?, m.parse().ok()?);
    Date::from_calendar_date(y, Month::try_from(m).ok()?, 1).ok().filter(|_| s.len() == 7)
}

/// A month as a count of months since year 0 (January 2026 = 2026 * 12).
pub fn month_index(d: Date) -> i32 {
    d.year() * 12 + d.month() as i32 - 1
}

/// The first day of the month with this [`month_index`].
pub fn month_at(index: i32) -> Option<Date> {
    Date::from_calendar_date(index.div_euclid(12), Month::try_from((index.rem_euclid(12) + 1) as u8).ok()?, 1).ok()
}

/// The months from `from` to `to`, both included (at most one more than `MAX_MONTHS`).
fn months_between(from: Date, to: Date) -> Vec<String> {
    (month_index(from)..=month_index(to)).take(MAX_MONTHS + 1).filter_map(month_at).map(month_code).collect()
}

fn months_back(d: Date, n: i32) -> Date {
    month_at(month_index(d) - n).unwrap_or(d)
}

/// The months asked for (YYYY-MM, oldest first); a bad month or range is a 422 naming the field.
pub fn period(today: Date, q: &MonthsQuery) -> WebResult<Vec<String>> {
    let bad = |field: &str| WebError::validation(vec![FieldError { field: field.into(), message: "a month as YYYY-MM".into() }]);
    let this_month = today.replace_day(1).unwrap_or(today);
    let to = match q.to.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => parse_month(s).ok_or_else(|| bad("to"))?,
        None => this_month,
    };
    let from = match q.from.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => parse_month(s).ok_or_else(|| bad("from"))?,
        None => months_back(to, 11),
    };
    let months = months_between(from, to);
    if from > to || months.len() > MAX_MONTHS {
        return Err(WebError::validation(vec![FieldError {
            field: "from".into(),
            message: format!("a first month not after the last, at most {MAX_MONTHS} months before it"),
        }]));
    }
    Ok(months)
}

/// The first and the last day of a period of months (`None` for no months).
pub fn days_of(months: &[String]) -> Option<(Date, Date)> {
    let first = parse_month(months.first()?)?;
    let last = parse_month(months.last()?)?;
    let after = month_at(month_index(last) + 1)?;
    Some((first, after.previous_day()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_default_period_is_the_last_twelve_months() {
        let months = period(date!(2026 - 11 - 27), &MonthsQuery::default()).unwrap();
        assert_eq!((months.len(), months[0].as_str(), months[11].as_str()), (12, "2025-12", "2026-11"));
        assert_eq!(days_of(&months), Some((date!(2025 - 12 - 01), date!(2026 - 11 - 30))));
    }

    #[test]
    fn a_bad_month_or_range_is_refused() {
        let q = |from: &str, to: &str| MonthsQuery { from: Some(from.into()), to: Some(to.into()) };
        assert!(period(date!(2026 - 11 - 27), &q("2026-13", "2026-11")).is_err());
        assert!(period(date!(2026 - 11 - 27), &q("2026-11", "2026-01")).is_err());
        assert!(period(date!(2026 - 11 - 27), &q("2020-01", "2026-01")).is_err());
        assert_eq!(
            days_of(&period(date!(2026 - 11 - 27), &q("2024-02", "2024-02")).unwrap()),
            Some((date!(2024 - 02 - 01), date!(2024 - 02 - 29)))
        );
    }
}
