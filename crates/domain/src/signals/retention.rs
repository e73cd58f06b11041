//! When a melding's signals may be removed (`eenplan retention run`).
//!
//! Signals that led to nothing are personal data held without a purpose: closed with no contact or
//! with help declined, or with a resident's objection, they are removed [`DEFAULT_RETENTION_MONTHS`]
//! calendar months after closing. An open melding is never removed (the outreach runs), nor one
//! that ended in accepted help (the signal is part of the household's file now, which has its own
//! retention). Already resolved and moved are kept by this rule, as the issue asks only for no
//! contact and declined help; a municipality may want them removed too (open question).

use super::add_months;
use super::outreach::Outcome;
use time::Date;

/// Months after closing before a signal without help is removed. Team choice **[UNVERIFIED]**: no
/// sourced figure was found in /work/shared/research (the Wgs and the Besluit text on retention were
/// not retrieved; check art. 3a Wgs and the municipality's own Besluit). Twelve months keeps at
/// least the [`super::matching::REPEAT_MONTHS`] a repeat is looked for, plus time for a resident's
/// late question about what happened.
pub const DEFAULT_RETENTION_MONTHS: u32 = 12;

const _: () = assert!(DEFAULT_RETENTION_MONTHS >= super::matching::REPEAT_MONTHS, "repeats need the signals of the last six months");

/// Whether a melding may be removed on `today`: closed (`closed_on` is set) with no contact or help
/// declined, or with a resident's objection, at least `months` calendar months ago (the day itself
/// counts: closed on 15 March, removable from 15 March a year later with 12 months). Never an open
/// melding, never one that ended in accepted help.
pub fn removable(outcome: Option<Outcome>, closed_on: Option<Date>, objection: bool, today: Date, months: u32) -> bool {
    let Some(closed) = closed_on else {
        return false;
    };
    let kind = match outcome {
        Some(Outcome::HelpAccepted) => false,
        Some(Outcome::NoContact | Outcome::HelpDeclined) => true,
        _ => objection,
    };
    kind && add_months(closed, i32::try_from(months).unwrap_or(i32::MAX)) <= today
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn retention_boundaries() {
        let closed = Some(date!(2025 - 03 - 15));
        let m = DEFAULT_RETENTION_MONTHS;
        for o in [Outcome::NoContact, Outcome::HelpDeclined] {
            assert!(!removable(Some(o), closed, false, date!(2026 - 03 - 14), m), "{o:?}: one day early");
            assert!(removable(Some(o), closed, false, date!(2026 - 03 - 15), m), "{o:?}: on the day");
            assert!(removable(Some(o), closed, false, date!(2030 - 01 - 01), m));
        }
        assert!(!removable(Some(Outcome::HelpAccepted), closed, false, date!(2030 - 01 - 01), m), "in the household file");
        assert!(!removable(Some(Outcome::HelpAccepted), closed, true, date!(2030 - 01 - 01), m), "even with an objection");
        assert!(!removable(None, None, true, date!(2030 - 01 - 01), m), "open");
        assert!(!removable(Some(Outcome::NoContact), None, false, date!(2030 - 01 - 01), m), "no closing date: open");
        assert!(!removable(Some(Outcome::AlreadyResolved), closed, false, date!(2030 - 01 - 01), m));
        assert!(!removable(Some(Outcome::Moved), closed, false, date!(2030 - 01 - 01), m));
        assert!(removable(Some(Outcome::Moved), closed, true, date!(2026 - 03 - 15), m), "an objection");
        assert!(!removable(Some(Outcome::Moved), closed, true, date!(2026 - 03 - 14), m));
        // Month ends: closed 31 August, six months is 28 February.
        assert!(removable(Some(Outcome::NoContact), Some(date!(2025 - 08 - 31)), false, date!(2026 - 02 - 28), 6));
        assert!(!removable(Some(Outcome::NoContact), Some(date!(2025 - 08 - 31)), false, date!(2026 - 02 - 27), 6));
        assert!(removable(Some(Outcome::NoContact), closed, false, date!(2025 - 03 - 15), 0), "0 months: at once");
        assert!(!removable(Some(Outcome::NoContact), closed, false, date!(2030 - 01 - 01), u32::MAX), "never with a huge period");
    }
}
