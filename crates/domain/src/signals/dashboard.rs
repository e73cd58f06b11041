//! The early-signals dashboard for policy: per period and team, the signals per type and sender
//! kind, the days to the first contact attempt, the reach rate, the outcomes and the repeats. Pure
//! aggregation over facts without personal data; every count passes the small-cell rule
//! ([`crate::maatwerk_totals::shown`]) and a median or rate over fewer than
//! [`crate::maatwerk_totals::MIN_SHOWN`] meldingen is not shown.

use super::SenderKind;
use super::SignalType;
use super::outreach::Outcome;
use crate::maatwerk_totals::{MIN_SHOWN, Period, Shown, shown};
use std::collections::BTreeMap;
use time::Date;

/// What the dashboard needs of one melding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeldingFacts {
    /// The team whose queue it is in; `None` when no team covers the postcode.
    pub team: Option<String>,
    /// The day the melding's first signal was received.
    pub received: Date,
    /// One per signal (a melding with two rent signals lists rent twice).
    pub types: Vec<SignalType>,
    /// One per signal, the kind of its sender.
    pub sender_kinds: Vec<SenderKind>,
    pub first_attempt: Option<Date>,
    /// Whether an attempt reached the resident.
    pub reached: bool,
    /// `None` while the melding is open.
    pub outcome: Option<Outcome>,
    pub repeat: bool,
}

/// One row: a period and a team. Counts are [`Shown`]: 0 or at least `MIN_SHOWN` exactly, else "fewer".
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardRow {
    /// The first day of the period.
    pub period_start: Date,
    /// The period's label (`2026-11`, `2026-Q4`, `2026`).
    pub period: String,
    pub team: Option<String>,
    pub meldingen: Shown,
    pub signals: Shown,
    /// Signals per type, every type listed (0 included), in the order of `SignalType::ALL`.
    pub by_type: BTreeMap<SignalType, Shown>,
    /// Signals per sender kind, every kind listed.
    pub by_sender: BTreeMap<SenderKind, Shown>,
    /// Meldingen with a first contact attempt.
    pub attempted: Shown,
    /// The median of the calendar days from receipt to the first attempt, over the meldingen with
    /// one; `None` when fewer than `MIN_SHOWN` have one.
    pub median_days_to_first_attempt: Option<f64>,
    pub reached: Shown,
    /// Reached ÷ attempted (a melding not yet tried does not lower the rate); `None` when fewer than
    /// `MIN_SHOWN` were attempted.
    pub reach_rate: Option<f64>,
    /// Closed meldingen per outcome, every outcome listed.
    pub outcomes: BTreeMap<Outcome, Shown>,
    pub open: Shown,
    /// Meldingen flagged as a repeat (a signal at the address in the previous six months).
    pub repeats: Shown,
}

#[derive(Default)]
struct Tally {
    meldingen: u32,
    signals: u32,
    by_type: BTreeMap<SignalType, u32>,
    by_sender: BTreeMap<SenderKind, u32>,
    days: Vec<f64>,
    reached: u32,
    outcomes: BTreeMap<Outcome, u32>,
    open: u32,
    repeats: u32,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The dashboard, one row per (period start, team) that has meldingen, ordered by period and then
/// team (no team first).
pub fn dashboard(facts: &[MeldingFacts], period: Period) -> Vec<DashboardRow> {
    let mut tallies: BTreeMap<(Date, Option<String>), Tally> = BTreeMap::new();
    for f in facts {
        let t = tallies.entry((period.start(f.received), f.team.clone())).or_default();
        t.meldingen += 1;
        t.signals = t.signals.saturating_add(count(f.types.len()));
        for ty in &f.types {
            *t.by_type.entry(*ty).or_default() += 1;
        }
        for s in &f.sender_kinds {
            *t.by_sender.entry(*s).or_default() += 1;
        }
        if let Some(first) = f.first_attempt {
            t.days.push((first - f.received).whole_days().max(0) as f64);
            t.reached += u32::from(f.reached);
        }
        match f.outcome {
            Some(o) => *t.outcomes.entry(o).or_default() += 1,
            None => t.open += 1,
        }
        t.repeats += u32::from(f.repeat);
    }
    tallies
        .into_iter()
        .map(|((start, team), mut t)| {
            t.days.sort_unstable_by(f64::total_cmp);
            let attempted = count(t.days.len());
            let enough = attempted >= MIN_SHOWN;
            DashboardRow {
                period_start: start,
                period: period.label(start),
                team,
                meldingen: shown(t.meldingen),
                signals: shown(t.signals),
                by_type: SignalType::ALL.iter().map(|k| (*k, shown(t.by_type.get(k).copied().unwrap_or(0)))).collect(),
                by_sender: SenderKind::ALL.iter().map(|k| (*k, shown(t.by_sender.get(k).copied().unwrap_or(0)))).collect(),
                attempted: shown(attempted),
                median_days_to_first_attempt: if enough { crate::stats::median(&t.days) } else { None },
                reached: shown(t.reached),
                reach_rate: enough.then(|| f64::from(t.reached) / f64::from(attempted)),
                outcomes: Outcome::ALL.iter().map(|k| (*k, shown(t.outcomes.get(k).copied().unwrap_or(0)))).collect(),
                open: shown(t.open),
                repeats: shown(t.repeats),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn facts(team: Option<&str>, received: Date, days: Option<i64>, reached: bool, outcome: Option<Outcome>, repeat: bool) -> MeldingFacts {
        MeldingFacts {
            team: team.map(String::from),
            received,
            types: vec![SignalType::Rent, SignalType::Gas],
            sender_kinds: vec![SenderKind::HousingCorporation, SenderKind::Energy],
            first_attempt: days.map(|d| received + time::Duration::days(d)),
            reached,
            outcome,
            repeat,
        }
    }

    #[test]
    fn rows_per_period_and_team_with_small_cells_hidden() {
        let nov = date!(2026 - 11 - 03);
        let mut list: Vec<MeldingFacts> =
            (0..6).map(|i| facts(Some("oost"), nov, Some(i), i % 2 == 0, (i < 5).then_some(Outcome::NoContact), i == 0)).collect();
        list.push(facts(None, date!(2026 - 11 - 30), None, false, None, false));
        list.push(facts(Some("oost"), date!(2026 - 12 - 01), Some(1), true, Some(Outcome::HelpAccepted), false));
        let rows = dashboard(&list, Period::Month);
        assert_eq!(rows.len(), 3);
        assert_eq!((rows[0].team.as_deref(), rows[0].period.as_str()), (None, "2026-11"));
        let oost = &rows[1];
        assert_eq!((oost.team.as_deref(), oost.period_start), (Some("oost"), date!(2026 - 11 - 01)));
        assert_eq!(oost.meldingen, Shown::Exact(6));
        assert_eq!(oost.signals, Shown::Exact(12));
        assert_eq!(oost.by_type[&SignalType::Rent], Shown::Exact(6));
        assert_eq!(oost.by_type[&SignalType::Water], Shown::Exact(0));
        assert_eq!(oost.by_sender[&SenderKind::Energy], Shown::Exact(6));
        // Days 0..=5: median 2.5; reached 0, 2, 4: three of six, shown as fewer, but the rate is over six.
        assert_eq!(oost.median_days_to_first_attempt, Some(2.5));
        assert_eq!(oost.reached, Shown::Fewer);
        assert_eq!(oost.reach_rate, Some(0.5));
        assert_eq!(oost.outcomes[&Outcome::NoContact], Shown::Exact(5));
        assert_eq!(oost.outcomes[&Outcome::HelpAccepted], Shown::Exact(0));
        assert_eq!(oost.open, Shown::Fewer);
        assert_eq!(oost.repeats, Shown::Fewer);
        // One melding in December: nothing that points at it is shown.
        let dec = &rows[2];
        assert_eq!((dec.meldingen, dec.median_days_to_first_attempt, dec.reach_rate), (Shown::Fewer, None, None));
        assert_eq!(dec.outcomes[&Outcome::HelpAccepted], Shown::Fewer);
        assert!(dashboard(&[], Period::Year).is_empty());
        // By quarter, both months of oost fall together.
        let q = dashboard(&list, Period::Quarter);
        assert_eq!(q.len(), 2);
        assert_eq!(q[1].meldingen, Shown::Exact(7));
    }
}
