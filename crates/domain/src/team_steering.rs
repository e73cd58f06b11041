//! Team steering: the figures a team lead steers the team by, from the team's own households.
//!
//! The counts of open work (caseload per worker, plan evaluations due, households without recent
//! contact, meldingen without a contact attempt, referrals without an answer) are counted by the
//! store with the alert rules' cutoff dates ([`crate::alerts::evaluation_due`],
//! [`crate::alerts::no_contact_cutoff`]), so the dashboard and the caseload's alerts agree. Here are
//! the two figures that need more than a count:
//!
//! - [`waiting`]: how long intakes waited for the first contact with the household;
//! - [`score_changes`]: the average change in life-domain scores between the first and the last
//!   assessment of the households whose support ended.
//!
//! Pure: the caller passes the facts and today's date.

use crate::stats::{median, percentile};
use std::collections::BTreeMap;
use time::Date;

/// An intake and the first contact with the household after it (a contact moment other than a
/// note), if there was one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntakeWait {
    pub intake_on: Date,
    pub first_contact: Option<Date>,
}

/// How long the intakes waited for their first contact, in calendar days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Waiting {
    /// Intakes that had their first contact.
    pub contacted: u32,
    pub median_days: Option<f64>,
    /// The 90th percentile (nearest rank): nine in ten were contacted within this many days.
    pub p90_days: Option<f64>,
    /// Intakes still waiting for a first contact.
    pub waiting: u32,
    /// The longest of those waits so far, in days.
    pub longest_waiting_days: Option<i64>,
}

/// The waiting times of the given intakes. A contact recorded for a date before the intake's (a
/// conversation on the day, written down later) counts as a wait of 0 days.
pub fn waiting(intakes: &[IntakeWait], today: Date) -> Waiting {
    let mut days: Vec<f64> = intakes.iter().filter_map(|i| Some((i.first_contact? - i.intake_on).whole_days().max(0) as f64)).collect();
    days.sort_unstable_by(f64::total_cmp);
    let open: Vec<i64> = intakes.iter().filter(|i| i.first_contact.is_none()).map(|i| (today - i.intake_on).whole_days().max(0)).collect();
    Waiting {
        contacted: count(days.len()),
        median_days: median(&days),
        p90_days: percentile(&days, 90),
        waiting: count(open.len()),
        longest_waiting_days: open.iter().copied().max(),
    }
}

/// The scores of one assessment of a household (or of one of its members).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentScores {
    /// Whom the assessment is about: the household, or one member of it (their assessments are
    /// compared with each other, never with the household's).
    pub subject: String,
    pub instrument: String,
    pub on: Date,
    /// (domain code, score) for the domains that were scored.
    pub scores: Vec<(String, u8)>,
}

/// The average change of one life domain's score between households' first and last assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreChange {
    pub instrument: String,
    pub domain: String,
    /// Subjects (households or members) scored on this domain in both their first and their last
    /// assessment.
    pub assessed: u32,
    /// Mean of (last − first); positive is better (scales run from crisis to self-reliant).
    pub mean_change: f64,
    /// Of those: how many scored higher at the end, how many lower.
    pub better: u32,
    pub worse: u32,
}

/// Per instrument and domain (ordered by instrument, then domain code), the average change between
/// each subject's first and last assessment with that instrument (the given order breaks ties of
/// one date). A subject with one assessment does not count: there is no change to measure.
pub fn score_changes(assessments: &[AssessmentScores]) -> Vec<ScoreChange> {
    let mut per_subject: BTreeMap<(&str, &str), Vec<&AssessmentScores>> = BTreeMap::new();
    for a in assessments {
        per_subject.entry((&a.subject, &a.instrument)).or_default().push(a);
    }
    let mut per_domain: BTreeMap<(&str, &str), Vec<i32>> = BTreeMap::new();
    for ((_, instrument), mut list) in per_subject {
        if list.len() < 2 {
            continue;
        }
        list.sort_by_key(|a| a.on);
        let (first, last) = (list[0], list[list.len() - 1]);
        for (domain, start) in &first.scores {
            if let Some((_, end)) = last.scores.iter().find(|(d, _)| d == domain) {
                per_domain.entry((instrument, domain)).or_default().push(i32::from(*end) - i32::from(*start));
            }
        }
    }
    per_domain
        .into_iter()
        .map(|((instrument, domain), changes)| ScoreChange {
            instrument: instrument.to_string(),
            domain: domain.to_string(),
            assessed: count(changes.len()),
            mean_change: f64::from(changes.iter().sum::<i32>()) / changes.len() as f64,
            better: count(changes.iter().filter(|c| **c > 0).count()),
            worse: count(changes.iter().filter(|c| **c < 0).count()),
        })
        .collect()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    fn intake(on: Date, contact: Option<Date>) -> IntakeWait {
        IntakeWait { intake_on: on, first_contact: contact }
    }

    #[test]
    fn waiting_counts_days_to_the_first_contact_and_the_ones_still_waiting() {
        let w = waiting(
            &[
                intake(date!(2026 - 11 - 01), Some(date!(2026 - 11 - 03))),
                intake(date!(2026 - 11 - 01), Some(date!(2026 - 11 - 11))),
                intake(date!(2026 - 11 - 02), Some(date!(2026 - 11 - 06))),
                intake(date!(2026 - 11 - 10), None),
                intake(date!(2026 - 11 - 20), None),
            ],
            TODAY,
        );
        assert_eq!((w.contacted, w.median_days, w.p90_days), (3, Some(4.0), Some(10.0)));
        assert_eq!((w.waiting, w.longest_waiting_days), (2, Some(17)));
    }

    #[test]
    fn a_contact_written_down_for_an_earlier_day_is_a_wait_of_nothing() {
        let w = waiting(&[intake(date!(2026 - 11 - 05), Some(date!(2026 - 11 - 04)))], TODAY);
        assert_eq!((w.contacted, w.median_days), (1, Some(0.0)));
    }

    #[test]
    fn no_intakes_no_figures() {
        let w = waiting(&[], TODAY);
        assert_eq!((w.contacted, w.median_days, w.p90_days, w.waiting, w.longest_waiting_days), (0, None, None, 0, None));
    }

    fn assessed(subject: &str, instrument: &str, on: Date, scores: &[(&str, u8)]) -> AssessmentScores {
        AssessmentScores {
            subject: subject.into(),
            instrument: instrument.into(),
            on,
            scores: scores.iter().map(|(d, s)| (d.to_string(), *s)).collect(),
        }
    }

    #[test]
    fn the_change_is_last_minus_first_averaged_over_households() {
        let changes = score_changes(&[
            // Out of order on purpose: the dates decide which is first.
            assessed("a", "i", date!(2026 - 09 - 01), &[("finances", 4), ("housing", 3)]),
            assessed("a", "i", date!(2026 - 01 - 01), &[("finances", 1), ("housing", 3)]),
            assessed("a", "i", date!(2026 - 05 - 01), &[("finances", 5)]),
            assessed("b", "i", date!(2026 - 02 - 01), &[("finances", 3)]),
            assessed("b", "i", date!(2026 - 08 - 01), &[("finances", 2), ("housing", 4)]),
            // One assessment only: no change to measure.
            assessed("c", "i", date!(2026 - 03 - 01), &[("finances", 1)]),
        ]);
        assert_eq!(changes.len(), 2, "{changes:?}");
        let finances = &changes[0];
        assert_eq!((finances.domain.as_str(), finances.assessed, finances.better, finances.worse), ("finances", 2, 1, 1));
        // a: 1 → 4 (+3), b: 3 → 2 (−1): mean +1.
        assert!((finances.mean_change - 1.0).abs() < 1e-9);
        let housing = &changes[1];
        // Only a was scored on housing at both ends (b's first assessment did not score it).
        assert_eq!((housing.assessed, housing.better, housing.worse), (1, 0, 0));
        assert!(housing.mean_change.abs() < 1e-9);
    }

    #[test]
    fn instruments_are_not_mixed() {
        let changes = score_changes(&[
            assessed("a", "old", date!(2026 - 01 - 01), &[("finances", 1)]),
            assessed("a", "new", date!(2026 - 06 - 01), &[("finances", 5)]),
        ]);
        assert!(changes.is_empty(), "{changes:?}");
    }

    proptest! {
        #[test]
        fn the_mean_change_lies_within_the_scale(scores in proptest::collection::vec((1u8..=5, 1u8..=5), 1..40)) {
            let mut list = Vec::new();
            for (i, (start, end)) in scores.iter().enumerate() {
                let h = format!("h{i}");
                list.push(assessed(&h, "i", date!(2026 - 01 - 01), &[("d", *start)]));
                list.push(assessed(&h, "i", date!(2026 - 06 - 01), &[("d", *end)]));
            }
            let changes = score_changes(&list);
            prop_assert_eq!(changes.len(), 1);
            let c = &changes[0];
            prop_assert_eq!(c.assessed as usize, scores.len());
            prop_assert!(c.mean_change >= -4.0 && c.mean_change <= 4.0);
            prop_assert!(c.better + c.worse <= c.assessed);
        }
    }
}
