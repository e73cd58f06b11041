//! Combining signals into meldingen and matching a melding to a known household.
//!
//! # Combining
//!
//! Signals for one address (the [`super::Signal::address_key`]) whose dates lie within
//! [`DEFAULT_COMBINE_DAYS`] of an open melding's signals join that melding ([`joins`]): one household
//! with rent and energy arrears gets one visit, not two. Divosa counts "meervoudig" signals per
//! address the same way.
//!
//! # Priority
//!
//! [`priority`] ranks the queue. Each rule with its reason (team choices):
//!
//! | rule | priority | why |
//! |---|---|---|
//! | one signal | normal | the statutory offer of help, in the order received |
//! | two or more signals, or two or more types | high | several creditors at once: the household can no longer prioritise its bills |
//! | an `end_of_supply` signal | urgent | energy supply ends in about 20 working days (sent at least that long before it stops) |
//! | `rent` and another type | urgent | rent arrears threaten the home, and another creditor makes clearing them less likely |
//! | three or more types | urgent | three creditors is a debt problem, not a late payment |
//! | health insurance arrears of [`HEALTH_INSURANCE_URGENT_MONTHS`] months or more ([`priority_with`]) | urgent | at six months the insurer reports the insured to the CAK (wanbetalersregeling) and the premium goes up |
//! | a repeat ([`is_repeat`]) | one step up | the earlier offer did not solve it; Divosa counts these as "opeenvolgend" |
//!
//! # Matching a household
//!
//! [`match_household`] takes the households the store found (by BSN index or by address) and picks
//! the best, with the reason shown to the worker ([`MatchBy`]): a BSN first; then the same address
//! and a member with the same family name and date of birth; then the same address alone. When two
//! households fit equally well at the best level found, nothing is chosen: the melding waits in the
//! queue and a worker decides.

use super::{Signal, SignalType, add_months};
use crate::code_enum;
use crate::names;
use time::{Date, Duration};

/// Signals for one address within this many days of an open melding's signals join it (team
/// choice): about one billing month, so a landlord's and an energy supplier's signals about the same
/// arrears meet, while a signal two months later is a new melding (and a repeat).
pub const DEFAULT_COMBINE_DAYS: u32 = 30;
/// Divosa 2023: a signal is "opeenvolgend" (a repeat) when the same address had a signal in the
/// previous 6 months.
pub const REPEAT_MONTHS: u32 = 6;
/// Health insurance arrears of this many months make a melding urgent: one month before the six
/// months at which the insurer reports the insured to the CAK under the Zvw wanbetalersregeling
/// (from general knowledge of the Zvw, not from /work/shared/research: verify). Team choice.
pub const HEALTH_INSURANCE_URGENT_MONTHS: u32 = 5;

code_enum!(
    /// A melding's place in the queue.
    Priority { Normal = "normal", High = "high", Urgent = "urgent" }
);

impl Priority {
    fn raised(self) -> Priority {
        match self {
            Priority::Normal => Priority::High,
            Priority::High | Priority::Urgent => Priority::Urgent,
        }
    }
}

/// An open melding (combined signals for one address) as the combiner needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenMelding {
    pub id: String,
    pub address_key: String,
    pub first_signal: Date,
    pub last_signal: Date,
}

/// The open melding a new signal for `address_key` on `date` joins, if any: the same address, and
/// `date` at most `window_days` days before its first signal or after its last (a signal may come
/// in late, dated before the melding's). Both edges count: a signal exactly `window_days` after the
/// last one joins. When several fit, the one with the latest last signal.
pub fn joins<'a>(open: &'a [OpenMelding], address_key: &str, date: Date, window_days: u32) -> Option<&'a OpenMelding> {
    let window = Duration::days(i64::from(window_days));
    open.iter()
        .filter(|m| m.address_key == address_key)
        .filter(|m| date >= m.first_signal.saturating_sub(window) && date <= m.last_signal.saturating_add(window))
        .max_by_key(|m| (m.last_signal, std::cmp::Reverse(m.id.as_str())))
}

/// The priority of a melding from its signals' types (one per signal, repeats allowed), the number
/// of signals and whether it is a repeat (see the module documentation for the rules and reasons).
/// Never lower with more signals.
pub fn priority(types: &[SignalType], signals: usize, repeat: bool) -> Priority {
    priority_with(types, signals, repeat, None)
}

/// [`priority`], also knowing the most months of health insurance arrears among the signals.
pub fn priority_with(types: &[SignalType], signals: usize, repeat: bool, health_insurance_months: Option<u32>) -> Priority {
    let mut kinds: Vec<SignalType> = types.to_vec();
    kinds.sort();
    kinds.dedup();
    let has = |t: SignalType| kinds.contains(&t);
    let urgent = has(SignalType::EndOfSupply)
        || (has(SignalType::Rent) && kinds.len() >= 2)
        || kinds.len() >= 3
        || (has(SignalType::HealthInsurance) && health_insurance_months.is_some_and(|m| m >= HEALTH_INSURANCE_URGENT_MONTHS));
    let base = if urgent {
        Priority::Urgent
    } else if signals >= 2 || kinds.len() >= 2 {
        Priority::High
    } else {
        Priority::Normal
    };
    if repeat { base.raised() } else { base }
}

/// Whether a signal on `date` is a repeat: one of the address's earlier signals (of other, earlier
/// meldingen: the caller leaves out the melding's own) lies in the [`REPEAT_MONTHS`] calendar
/// months up to and including `date`. Dates after `date` do not count.
pub fn is_repeat(previous_signal_dates: &[Date], date: Date) -> bool {
    let from = add_months(date, -(REPEAT_MONTHS as i32));
    previous_signal_dates.iter().any(|d| *d >= from && *d <= date)
}

code_enum!(
    /// Why a melding was matched to a household, strongest first.
    MatchBy { Bsn = "bsn", NameAndBirth = "name_and_birth", Address = "address" }
);

/// A household that may be the signal's, as the store found it (by BSN index or by address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub household_id: String,
    pub address_key: String,
    pub bsn_match: bool,
    /// The members' family names (prefix in or out) and dates of birth.
    pub members: Vec<(String, Option<Date>)>,
}

/// Whether two family names are the same person's: their words without prefixes and diacritics
/// ([`names::core_words`]) are equal, or one's are all in the other's (a double name: "Jansen" and
/// "Jansen-de Vries").
pub fn same_family_name(a: &str, b: &str) -> bool {
    let (a, b) = (names::core_words(a), names::core_words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a.iter().all(|w| b.contains(w)) || b.iter().all(|w| a.contains(w))
}

/// The one household among `ids`, or `None` when there is none or more than one.
fn unique<'a>(mut ids: impl Iterator<Item = &'a Candidate>) -> Option<&'a Candidate> {
    let first = ids.next()?;
    ids.all(|c| c.household_id == first.household_id).then_some(first)
}

/// The best match with its reason: a BSN match first; then the same address and a member with the
/// same family name ([`same_family_name`], the signal's prefix included) and date of birth; then the
/// same address alone (weakest, still shown with its reason). At each level two different
/// households are no match (the melding waits for a worker), except that among several BSN matches
/// the one at the signal's address wins.
pub fn match_household(signal: &Signal, candidates: &[Candidate]) -> Option<(String, MatchBy)> {
    let key = signal.address_key();
    let here = |c: &&Candidate| c.address_key == key;
    if candidates.iter().any(|c| c.bsn_match) {
        let bsn =
            unique(candidates.iter().filter(|c| c.bsn_match)).or_else(|| unique(candidates.iter().filter(|c| c.bsn_match).filter(here)));
        if let Some(c) = bsn {
            return Some((c.household_id.clone(), MatchBy::Bsn));
        }
    }
    let family = match &signal.name_prefix {
        Some(p) => format!("{p} {}", signal.family_name),
        None => signal.family_name.clone(),
    };
    if let Some(born) = signal.date_of_birth {
        let person = |c: &&Candidate| c.members.iter().any(|(name, dob)| *dob == Some(born) && same_family_name(name, &family));
        let mut found = candidates.iter().filter(here).filter(person).peekable();
        if found.peek().is_some() {
            return unique(found).map(|c| (c.household_id.clone(), MatchBy::NameAndBirth));
        }
    }
    unique(candidates.iter().filter(here)).map(|c| (c.household_id.clone(), MatchBy::Address))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::household::{HouseNumber, Postcode};
    use proptest::prelude::*;
    use time::macros::date;

    fn melding(id: &str, key: &str, first: Date, last: Date) -> OpenMelding {
        OpenMelding { id: id.into(), address_key: key.into(), first_signal: first, last_signal: last }
    }

    #[test]
    fn combining_window_edges() {
        let open = [melding("m1", "3511AB|12|", date!(2026 - 10 - 01), date!(2026 - 10 - 10))];
        let j = |d: Date| joins(&open, "3511AB|12|", d, DEFAULT_COMBINE_DAYS).map(|m| m.id.as_str());
        assert_eq!(j(date!(2026 - 11 - 09)), Some("m1"), "exactly 30 days after the last signal joins");
        assert_eq!(j(date!(2026 - 11 - 10)), None, "31 days after is a new melding");
        assert_eq!(j(date!(2026 - 10 - 05)), Some("m1"), "inside the span");
        assert_eq!(j(date!(2026 - 09 - 01)), Some("m1"), "a late signal 30 days before the first joins");
        assert_eq!(j(date!(2026 - 08 - 31)), None);
        assert_eq!(joins(&open, "3511AB|12|A", date!(2026 - 10 - 05), 30), None, "another addition is another address");
        assert_eq!(joins(&open, "3511AB|12|", date!(2026 - 10 - 11), 0), None, "a window of 0 days: the same day only");
        assert_eq!(joins(&open, "3511AB|12|", date!(2026 - 10 - 10), 0).map(|m| m.id.as_str()), Some("m1"));
        assert_eq!(joins(&[], "3511AB|12|", date!(2026 - 10 - 10), 30), None);
        // Two open meldingen fit: the one with the latest last signal.
        let two = [
            melding("a", "k", date!(2026 - 10 - 01), date!(2026 - 10 - 02)),
            melding("b", "k", date!(2026 - 10 - 20), date!(2026 - 10 - 25)),
        ];
        assert_eq!(joins(&two, "k", date!(2026 - 10 - 15), 30).map(|m| m.id.as_str()), Some("b"));
    }

    #[test]
    fn priority_rules() {
        use SignalType::*;
        assert_eq!(priority(&[Gas], 1, false), Priority::Normal);
        assert_eq!(priority(&[Gas, Gas], 2, false), Priority::High, "two signals");
        assert_eq!(priority(&[Gas, Water], 2, false), Priority::High, "two types");
        assert_eq!(priority(&[EndOfSupply], 1, false), Priority::Urgent);
        assert_eq!(priority(&[Rent], 1, false), Priority::Normal);
        assert_eq!(priority(&[Rent, Rent], 2, false), Priority::High);
        assert_eq!(priority(&[Rent, Water], 2, false), Priority::Urgent, "rent and another type");
        assert_eq!(priority(&[Gas, Water, HealthInsurance], 3, false), Priority::Urgent, "three types");
        assert_eq!(priority(&[Gas], 1, true), Priority::High, "a repeat raises one step");
        assert_eq!(priority(&[Gas, Water], 2, true), Priority::Urgent);
        assert_eq!(priority(&[EndOfSupply], 1, true), Priority::Urgent);
        assert_eq!(priority(&[HealthInsurance], 1, false), Priority::Normal);
        assert_eq!(priority_with(&[HealthInsurance], 1, false, Some(4)), Priority::Normal);
        assert_eq!(priority_with(&[HealthInsurance], 1, false, Some(5)), Priority::Urgent);
        assert_eq!(priority_with(&[Gas], 1, false, Some(9)), Priority::Normal, "months count for health insurance only");
        assert_eq!(priority(&[], 0, false), Priority::Normal);
    }

    #[test]
    fn repeats_within_six_calendar_months() {
        let d = date!(2026 - 08 - 31);
        assert!(is_repeat(&[date!(2026 - 02 - 28)], d), "six months before 31 August is 28 February");
        assert!(!is_repeat(&[date!(2026 - 02 - 27)], d));
        assert!(is_repeat(&[date!(2026 - 08 - 31)], d), "the same day");
        assert!(!is_repeat(&[date!(2026 - 09 - 01)], d), "a later date is no earlier signal");
        assert!(!is_repeat(&[], d));
        assert!(is_repeat(&[date!(2025 - 01 - 01), date!(2026 - 05 - 01)], d));
    }

    fn signal(family: &str, prefix: Option<&str>, born: Option<Date>) -> Signal {
        Signal {
            sender_reference: "R-1".into(),
            signal_type: SignalType::Rent,
            amount_cents: 100,
            days_in_arrears: None,
            months_in_arrears: None,
            signal_date: date!(2026 - 11 - 01),
            given_names: "Anna".into(),
            name_prefix: prefix.map(String::from),
            family_name: family.into(),
            date_of_birth: born,
            street: "Dorpsstraat".into(),
            number: HouseNumber::parse("12", "").unwrap(),
            postcode: Postcode::parse("3511AB").unwrap(),
            city: "Utrecht".into(),
            phone: None,
            email: None,
            bsn: None,
        }
    }

    fn cand(id: &str, key: &str, bsn: bool, members: &[(&str, Option<Date>)]) -> Candidate {
        Candidate {
            household_id: id.into(),
            address_key: key.into(),
            bsn_match: bsn,
            members: members.iter().map(|(n, d)| (n.to_string(), *d)).collect(),
        }
    }

    #[test]
    fn each_match_level() {
        let born = date!(1980 - 05 - 17);
        let s = signal("Berg", Some("van den"), Some(born));
        assert_eq!(s.address_key(), "3511AB|12|");
        let here = "3511AB|12|";
        // BSN wins, also elsewhere (the person moved).
        let cs = [cand("h-addr", here, false, &[("van den Berg", Some(born))]), cand("h-bsn", "1011AA|1|", true, &[])];
        assert_eq!(match_household(&s, &cs), Some(("h-bsn".into(), MatchBy::Bsn)));
        // Name (prefix and diacritics aside) and date of birth at the address.
        let cs = [cand("h-other", here, false, &[("Jansen", Some(born))]), cand("h-berg", here, false, &[("Bérg", Some(born))])];
        assert_eq!(match_household(&s, &cs), Some(("h-berg".into(), MatchBy::NameAndBirth)));
        // A double name matches.
        let cs = [cand("h-berg", here, false, &[("Berg-Jansen", Some(born))])];
        assert_eq!(match_household(&s, &cs), Some(("h-berg".into(), MatchBy::NameAndBirth)));
        // Same name, other date of birth: the address alone.
        let cs = [cand("h-1", here, false, &[("van den Berg", Some(date!(1981 - 05 - 17)))])];
        assert_eq!(match_household(&s, &cs), Some(("h-1".into(), MatchBy::Address)));
        // No date of birth on the signal: the address alone.
        let cs = [cand("h-1", here, false, &[("van den Berg", Some(born))])];
        assert_eq!(match_household(&signal("Berg", None, None), &cs), Some(("h-1".into(), MatchBy::Address)));
        // Two households at the address and no name match: ambiguous, no match.
        let cs = [cand("h-1", here, false, &[]), cand("h-2", here, false, &[])];
        assert_eq!(match_household(&s, &cs), None);
        // Name and birth at another address only (found by some other index): not a match.
        let cs = [cand("h-1", "1011AA|1|", false, &[("van den Berg", Some(born))])];
        assert_eq!(match_household(&s, &cs), None);
        assert_eq!(match_household(&s, &[]), None);
        // Two BSN matches: the one at the address; neither there: the next levels decide.
        let cs = [cand("h-a", "1011AA|1|", true, &[]), cand("h-b", here, true, &[])];
        assert_eq!(match_household(&s, &cs), Some(("h-b".into(), MatchBy::Bsn)));
        let cs = [cand("h-a", "1011AA|1|", true, &[]), cand("h-b", "1011AA|2|", true, &[]), cand("h-c", here, false, &[])];
        assert_eq!(match_household(&s, &cs), Some(("h-c".into(), MatchBy::Address)));
    }

    #[test]
    fn family_names() {
        assert!(same_family_name("van der Berg", "Berg"));
        assert!(same_family_name("Öztürk", "ozturk"));
        assert!(!same_family_name("Berg", "Bergen"));
        assert!(!same_family_name("", "Berg"));
        assert!(!same_family_name("van", "van"), "a prefix alone is no name");
    }

    fn any_type() -> impl Strategy<Value = SignalType> {
        proptest::sample::select(SignalType::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn joins_never_joins_another_address(
            open in proptest::collection::vec(("[ab]", 0i64..100, 0i64..40), 0..8),
            key in "[abc]",
            day in 0i64..200,
            window in 0u32..60,
        ) {
            let base = date!(2026 - 01 - 01);
            let open: Vec<OpenMelding> = open.iter().enumerate()
                .map(|(i, (k, first, len))| melding(&i.to_string(), k, base + Duration::days(*first), base + Duration::days(first + len)))
                .collect();
            let date = base + Duration::days(day);
            if let Some(m) = joins(&open, &key, date, window) {
                prop_assert_eq!(&m.address_key, &key);
                prop_assert!(date >= m.first_signal - Duration::days(window.into()));
                prop_assert!(date <= m.last_signal + Duration::days(window.into()));
            }
        }

        #[test]
        fn priority_is_monotone_in_signals(types in proptest::collection::vec(any_type(), 0..5), n in 0usize..10, more in 0usize..10, repeat: bool) {
            prop_assert!(priority(&types, n + more, repeat) >= priority(&types, n, repeat));
            prop_assert!(priority(&types, n, true) >= priority(&types, n, false));
        }
    }
}
