//! Maatwerk in numbers, for policy: per period and team, how many requests there were and how they
//! were decided, and the projected net savings of the approved ones per stakeholder. Pure: the
//! caller passes the requests' facts (no personal data) and gets the table.

use crate::costs::Stakeholder;
use crate::maatwerk::RequestState;
use std::collections::BTreeMap;
use time::{Date, Month};

crate::code_enum!(
    /// How requests are grouped in time.
    Period { Month = "month", Quarter = "quarter", Year = "year" }
);

impl Period {
    /// The period a date falls in, as a sortable label: `2026-11`, `2026-Q4`, `2026`.
    pub fn label(self, d: Date) -> String {
        match self {
            Period::Month => format!("{}-{:02}", d.year(), u8::from(d.month())),
            Period::Quarter => format!("{}-Q{}", d.year(), (u8::from(d.month()) - 1) / 3 + 1),
            Period::Year => d.year().to_string(),
        }
    }

    /// The first day of the period `d` falls in.
    pub fn start(self, d: Date) -> Date {
        let month = match self {
            Period::Month => d.month(),
            Period::Quarter => Month::try_from((u8::from(d.month()) - 1) / 3 * 3 + 1).expect("a month"),
            Period::Year => Month::January,
        };
        Date::from_calendar_date(d.year(), month, 1).expect("the first of a month")
    }
}

/// Counts from 1 up to this many (exclusive) are not shown, and a sum over fewer approved requests
/// is not shown either: small numbers in a team and a period can point at one household.
pub const MIN_SHOWN: u32 = 5;

/// A count as it may be shown: exact (0, or at least `MIN_SHOWN`), or "fewer than `MIN_SHOWN`".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Exact(u32),
    Fewer,
}

pub fn shown(n: u32) -> Shown {
    if n == 0 || n >= MIN_SHOWN { Shown::Exact(n) } else { Shown::Fewer }
}

/// What the totals need of one request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFacts {
    pub team: String,
    /// The day the request was made.
    pub created: Date,
    pub state: RequestState,
    /// The linked analysis's net benefit per stakeholder (positive: that stakeholder saves).
    pub net: Vec<(Stakeholder, f64)>,
}

/// One row of the table: a period and a team.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Totals {
    pub requests: u32,
    /// Per state (concept, shared, approved, rejected, withdrawn), in the order of `RequestState::ALL`.
    pub by_state: BTreeMap<RequestState, u32>,
    /// The approved requests' projected net savings per stakeholder.
    pub approved_net: BTreeMap<Stakeholder, f64>,
}

impl Totals {
    pub fn approved_total(&self) -> f64 {
        self.approved_net.values().sum()
    }

    pub fn approved(&self) -> u32 {
        self.by_state.get(&RequestState::Approved).copied().unwrap_or(0)
    }

    /// Counts one request in (its savings when it was approved).
    pub fn add(&mut self, r: &RequestFacts) {
        self.requests += 1;
        *self.by_state.entry(r.state).or_default() += 1;
        if r.state == RequestState::Approved {
            for (s, net) in &r.net {
                *self.approved_net.entry(*s).or_default() += net;
            }
        }
    }

    /// The approved savings, only when they sum over at least `MIN_SHOWN` approved requests.
    pub fn approved_net_shown(&self) -> Option<&BTreeMap<Stakeholder, f64>> {
        (self.approved() >= MIN_SHOWN).then_some(&self.approved_net)
    }
}

/// The table, keyed by (period label, team), in order.
pub fn totals(requests: &[RequestFacts], period: Period) -> BTreeMap<(String, String), Totals> {
    let mut out: BTreeMap<(String, String), Totals> = BTreeMap::new();
    for r in requests {
        out.entry((period.label(r.created), r.team.clone())).or_default().add(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn req(team: &str, created: Date, state: RequestState, net: &[(Stakeholder, f64)]) -> RequestFacts {
        RequestFacts { team: team.into(), created, state, net: net.to_vec() }
    }

    #[test]
    fn periods_label_and_start() {
        let d = date!(2026 - 11 - 28);
        assert_eq!(
            (Period::Month.label(d), Period::Quarter.label(d), Period::Year.label(d)),
            ("2026-11".into(), "2026-Q4".into(), "2026".into())
        );
        assert_eq!(Period::Quarter.start(d), date!(2026 - 10 - 01));
        assert_eq!(Period::Quarter.label(date!(2026 - 03 - 31)), "2026-Q1");
    }

    #[test]
    fn only_approved_requests_count_towards_the_savings() {
        let w = Stakeholder::GemeenteParticipatiewet;
        let c = Stakeholder::Woningcorporatie;
        let list = [
            req("oost", date!(2026 - 10 - 02), RequestState::Approved, &[(w, 1_000.0), (c, 500.0)]),
            req("oost", date!(2026 - 12 - 30), RequestState::Approved, &[(w, -200.0)]),
            req("oost", date!(2026 - 11 - 01), RequestState::Rejected, &[(w, 9_999.0)]),
            req("west", date!(2026 - 11 - 01), RequestState::Shared, &[]),
            req("oost", date!(2027 - 01 - 01), RequestState::Approved, &[(c, 1.0)]),
        ];
        let t = totals(&list, Period::Quarter);
        let oost = &t[&("2026-Q4".to_string(), "oost".to_string())];
        assert_eq!(oost.requests, 3);
        assert_eq!(oost.by_state[&RequestState::Approved], 2);
        assert_eq!(oost.by_state[&RequestState::Rejected], 1);
        assert_eq!(oost.approved_net[&w], 800.0, "the rejected one does not count");
        assert_eq!(oost.approved_total(), 1_300.0);
        assert_eq!(t.len(), 3, "west in Q4, oost in Q4 and in 2027-Q1");
    }

    #[test]
    fn small_counts_and_their_sums_are_not_shown() {
        assert_eq!((shown(0), shown(1), shown(4), shown(5)), (Shown::Exact(0), Shown::Fewer, Shown::Fewer, Shown::Exact(5)));
        let w = Stakeholder::GemeenteWgs;
        let mut list: Vec<RequestFacts> =
            (0..4).map(|_| req("oost", date!(2026 - 10 - 02), RequestState::Approved, &[(w, 10.0)])).collect();
        let t = totals(&list, Period::Year);
        assert!(t.values().next().unwrap().approved_net_shown().is_none(), "four approved: the sum could point at a household");
        list.push(req("oost", date!(2026 - 10 - 03), RequestState::Approved, &[(w, 10.0)]));
        let t = totals(&list, Period::Year);
        assert_eq!(t.values().next().unwrap().approved_net_shown().map(|m| m[&w]), Some(50.0));
    }

    proptest! {
        /// However grouped, no request is lost or counted twice, and the approved savings add up.
        #[test]
        fn totals_keep_every_request(items in proptest::collection::vec((0u8..3, 0i64..800, 0usize..5, -5_000.0f64..5_000.0), 0..40)) {
            let list: Vec<RequestFacts> = items
                .iter()
                .map(|(team, day, state, net)| req(
                    &format!("team-{team}"),
                    date!(2025 - 01 - 01) + time::Duration::days(*day),
                    RequestState::ALL[*state],
                    &[(Stakeholder::GemeenteWgs, *net)],
                ))
                .collect();
            for period in Period::ALL {
                let t = totals(&list, *period);
                prop_assert_eq!(t.values().map(|x| x.requests as usize).sum::<usize>(), list.len());
                let approved: f64 = list.iter().filter(|r| r.state == RequestState::Approved).map(|r| r.net[0].1).sum();
                let summed: f64 = t.values().map(Totals::approved_total).sum();
                prop_assert!((approved - summed).abs() < 1e-6);
            }
        }
    }
}
