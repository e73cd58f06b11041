//! The outreach on a melding (outreachend werken): a worker is assigned, tries to get in touch
//! (letter, phone, home visit, e-mail, via a partner), and closes the melding with an outcome. The
//! sender only hears the outcome's category ([`Feedback`]): the statutory feedback, nothing more.
//!
//! # The moves
//!
//! | from | to | when |
//! |---|---|---|
//! | queued | assigned | a worker takes the melding |
//! | assigned | queued | the worker gives it back (unassign) |
//! | assigned | contacting | the first contact attempt is recorded |
//! | assigned | closed | an outcome without any attempt (already resolved, moved) — through [`close`] |
//! | contacting | closed | an outcome — through [`close`] |
//!
//! Closed is final: a new signal for the address makes a new melding (a repeat, see
//! [`super::matching::is_repeat`]), so each melding's outcome and the feedback sent stay true. A
//! queued melding is not closed directly: someone is assigned and answers for the outcome. A
//! melding in contact is not given back to the queue: it is handed to another worker by changing
//! its assignee, which is no state change.

use crate::code_enum;
use crate::referral::add_working_days;
use time::Date;

code_enum!(
    /// Where a melding's outreach stands.
    OutreachState { Queued = "queued", Assigned = "assigned", Contacting = "contacting", Closed = "closed" }
);

code_enum!(
    /// How a contact attempt was made (the GGM's Contactpoging `soort`).
    AttemptKind { Letter = "letter", Phone = "phone", HomeVisit = "home_visit", Email = "email", ViaPartner = "via_partner" }
);

code_enum!(
    /// What a contact attempt gave.
    AttemptResult { Reached = "reached", NotReached = "not_reached", MessageLeft = "message_left", WrongAddress = "wrong_address" }
);

code_enum!(
    /// How the outreach ended.
    Outcome {
        HelpAccepted = "help_accepted",
        HelpDeclined = "help_declined",
        NoContact = "no_contact",
        AlreadyResolved = "already_resolved",
        Moved = "moved",
    }
);

code_enum!(
    /// The only thing the sender hears (statutory feedback): the outcome's category, no details,
    /// no dates of attempts, no notes, no household.
    Feedback { Helped = "in_help", Declined = "declined", NotReached = "not_reached", Resolved = "resolved", Moved = "moved" }
);

/// The allowed moves (see the module documentation for the table in words). Closing goes through
/// [`close`], which checks the outcome against the attempts.
pub const TRANSITIONS: &[(OutreachState, OutreachState)] = &[
    (OutreachState::Queued, OutreachState::Assigned),
    (OutreachState::Assigned, OutreachState::Queued),
    (OutreachState::Assigned, OutreachState::Contacting),
    (OutreachState::Assigned, OutreachState::Closed),
    (OutreachState::Contacting, OutreachState::Closed),
];

/// The feedback the sender gets for an outcome.
pub fn feedback(outcome: Outcome) -> Feedback {
    match outcome {
        Outcome::HelpAccepted => Feedback::Helped,
        Outcome::HelpDeclined => Feedback::Declined,
        Outcome::NoContact => Feedback::NotReached,
        Outcome::AlreadyResolved => Feedback::Resolved,
        Outcome::Moved => Feedback::Moved,
    }
}

/// Working days from receipt to the first contact attempt (team choice): one working week. An
/// end-of-supply signal comes at least 20 working days before the energy stops, so this leaves three
/// weeks to arrange help; arrears signals come after 30 to 100 days, when a week more matters.
pub const DEFAULT_FIRST_ATTEMPT_DAYS: u32 = 5;

/// The day the first contact attempt is due: `working_days` working days after `received`
/// ([`add_working_days`]: weekends skipped, public holidays not yet).
pub fn first_attempt_due(received: Date, working_days: u32) -> Date {
    add_working_days(received, working_days)
}

/// Whether the first attempt is overdue on `today`: none was made and the due day has passed.
pub fn first_attempt_overdue(received: Date, working_days: u32, first_attempt: Option<Date>, today: Date) -> bool {
    first_attempt.is_none() && today > first_attempt_due(received, working_days)
}

/// Attempts needed before closing with no contact (team choice): two, at least one of them a letter
/// or a home visit ([`AttemptKind::reaches_the_door`]): not everyone answers an unknown number or
/// reads e-mail, and the offer of help must have had a real chance to arrive.
pub const MIN_ATTEMPTS_FOR_NO_CONTACT: usize = 2;

impl AttemptKind {
    /// A letter or a home visit: an attempt that reaches the address itself.
    pub fn reaches_the_door(self) -> bool {
        matches!(self, AttemptKind::Letter | AttemptKind::HomeVisit)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutreachError {
    #[error("a melding cannot go from {} to {}", .from.code(), .to.code())]
    Transition { from: OutreachState, to: OutreachState },
    #[error("closing a melding needs its outcome")]
    OutcomeRequired,
    #[error("closing with no contact needs at least {needed} contact attempts ({made} made)")]
    TooFewAttempts { needed: usize, made: usize },
    #[error("closing with no contact needs a letter or a home visit among the attempts")]
    NoLetterOrVisit,
    #[error("this outcome needs an attempt in which the resident was reached")]
    NotReached,
    #[error("the resident was reached: the outcome cannot be no contact")]
    WasReached,
}

/// One move, not closing (closing needs an outcome: [`close`]). Returns the new state.
pub fn apply(from: OutreachState, to: OutreachState) -> Result<OutreachState, OutreachError> {
    if !TRANSITIONS.contains(&(from, to)) {
        return Err(OutreachError::Transition { from, to });
    }
    if to == OutreachState::Closed {
        return Err(OutreachError::OutcomeRequired);
    }
    Ok(to)
}

/// Closes a melding in `state` with `outcome`, given its attempts. Help accepted or declined needs
/// an attempt that reached the resident (the offer was made); no contact needs at least
/// [`MIN_ATTEMPTS_FOR_NO_CONTACT`] attempts, one of them a letter or a home visit, and none that
/// reached the resident. Already resolved and moved need no attempt (the sender or the BRP may say
/// so). Returns [`OutreachState::Closed`].
pub fn close(state: OutreachState, outcome: Outcome, attempts: &[(AttemptKind, AttemptResult)]) -> Result<OutreachState, OutreachError> {
    let to = OutreachState::Closed;
    if !TRANSITIONS.contains(&(state, to)) {
        return Err(OutreachError::Transition { from: state, to });
    }
    let reached = attempts.iter().any(|(_, r)| *r == AttemptResult::Reached);
    match outcome {
        Outcome::HelpAccepted | Outcome::HelpDeclined if !reached => Err(OutreachError::NotReached),
        Outcome::NoContact if reached => Err(OutreachError::WasReached),
        Outcome::NoContact if attempts.len() < MIN_ATTEMPTS_FOR_NO_CONTACT => {
            Err(OutreachError::TooFewAttempts { needed: MIN_ATTEMPTS_FOR_NO_CONTACT, made: attempts.len() })
        }
        Outcome::NoContact if !attempts.iter().any(|(k, _)| k.reaches_the_door()) => Err(OutreachError::NoLetterOrVisit),
        _ => Ok(to),
    }
}

/// The state after recording a contact attempt: an assigned melding moves to contacting; a melding
/// in contact stays. Attempts on a queued or closed melding are refused.
pub fn after_attempt(state: OutreachState) -> Result<OutreachState, OutreachError> {
    match state {
        OutreachState::Assigned => apply(state, OutreachState::Contacting),
        OutreachState::Contacting => Ok(state),
        _ => Err(OutreachError::Transition { from: state, to: OutreachState::Contacting }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AttemptKind::*;
    use AttemptResult::*;
    use OutreachState::*;
    use time::macros::date;

    #[test]
    fn every_move_is_allowed_exactly_by_the_table() {
        for &from in OutreachState::ALL {
            for &to in OutreachState::ALL {
                let got = apply(from, to);
                match (TRANSITIONS.contains(&(from, to)), to) {
                    (false, _) => assert_eq!(got, Err(OutreachError::Transition { from, to }), "{from:?} → {to:?}"),
                    (true, Closed) => assert_eq!(got, Err(OutreachError::OutcomeRequired), "{from:?} → closed"),
                    (true, _) => assert_eq!(got, Ok(to)),
                }
            }
        }
        assert_eq!(apply(Queued, Assigned), Ok(Assigned));
        assert_eq!(apply(Assigned, Queued), Ok(Queued));
        assert_eq!(apply(Assigned, Contacting), Ok(Contacting));
        for forbidden in [
            (Queued, Contacting),
            (Queued, Closed),
            (Contacting, Queued),
            (Contacting, Assigned),
            (Closed, Queued),
            (Closed, Assigned),
            (Closed, Contacting),
            (Closed, Closed),
        ] {
            assert!(apply(forbidden.0, forbidden.1).is_err(), "{forbidden:?}");
            assert!(!TRANSITIONS.contains(&forbidden));
        }
    }

    #[test]
    fn closing_checks_the_outcome_against_the_attempts() {
        let reached = [(Phone, Reached)];
        assert_eq!(close(Contacting, Outcome::HelpAccepted, &reached), Ok(Closed));
        assert_eq!(close(Contacting, Outcome::HelpDeclined, &reached), Ok(Closed));
        assert_eq!(close(Contacting, Outcome::HelpAccepted, &[(Phone, NotReached)]), Err(OutreachError::NotReached));
        assert_eq!(close(Assigned, Outcome::HelpDeclined, &[]), Err(OutreachError::NotReached));
        assert_eq!(close(Assigned, Outcome::AlreadyResolved, &[]), Ok(Closed));
        assert_eq!(close(Assigned, Outcome::Moved, &[]), Ok(Closed));
        assert_eq!(close(Queued, Outcome::Moved, &[]), Err(OutreachError::Transition { from: Queued, to: Closed }));
        assert_eq!(close(Closed, Outcome::Moved, &[]), Err(OutreachError::Transition { from: Closed, to: Closed }));
    }

    #[test]
    fn no_contact_needs_enough_attempts() {
        assert_eq!(close(Assigned, Outcome::NoContact, &[]), Err(OutreachError::TooFewAttempts { needed: 2, made: 0 }));
        assert_eq!(
            close(Contacting, Outcome::NoContact, &[(Letter, NotReached)]),
            Err(OutreachError::TooFewAttempts { needed: 2, made: 1 })
        );
        assert_eq!(
            close(Contacting, Outcome::NoContact, &[(Phone, NotReached), (Email, MessageLeft)]),
            Err(OutreachError::NoLetterOrVisit)
        );
        assert_eq!(close(Contacting, Outcome::NoContact, &[(Phone, NotReached), (HomeVisit, NotReached)]), Ok(Closed));
        assert_eq!(close(Contacting, Outcome::NoContact, &[(Letter, NotReached), (Phone, MessageLeft)]), Ok(Closed));
        assert_eq!(close(Contacting, Outcome::NoContact, &[(Letter, NotReached), (Phone, Reached)]), Err(OutreachError::WasReached));
    }

    #[test]
    fn feedback_is_the_category_only() {
        let pairs: Vec<(Outcome, Feedback)> = Outcome::ALL.iter().map(|o| (*o, feedback(*o))).collect();
        assert_eq!(
            pairs,
            [
                (Outcome::HelpAccepted, Feedback::Helped),
                (Outcome::HelpDeclined, Feedback::Declined),
                (Outcome::NoContact, Feedback::NotReached),
                (Outcome::AlreadyResolved, Feedback::Resolved),
                (Outcome::Moved, Feedback::Moved),
            ]
        );
        // One outcome, one category, and what goes out is the bare code: no detail fits in it.
        let mut codes: Vec<&str> = Feedback::ALL.iter().map(|f| f.code()).collect();
        codes.dedup();
        assert_eq!(codes.len(), Outcome::ALL.len());
        for o in Outcome::ALL {
            let json = serde_json::to_value(feedback(*o)).unwrap();
            assert_eq!(json, serde_json::Value::String(feedback(*o).code().into()));
        }
        assert_eq!(Feedback::Helped.code(), "in_help");
    }

    #[test]
    fn first_attempt_deadline_in_working_days() {
        let friday = date!(2026 - 11 - 27);
        assert_eq!(first_attempt_due(friday, DEFAULT_FIRST_ATTEMPT_DAYS), date!(2026 - 12 - 04));
        assert!(!first_attempt_overdue(friday, 5, None, date!(2026 - 12 - 04)), "the last day is in time");
        assert!(first_attempt_overdue(friday, 5, None, date!(2026 - 12 - 05)));
        assert!(!first_attempt_overdue(friday, 5, Some(date!(2026 - 12 - 05)), date!(2026 - 12 - 09)));
    }

    #[test]
    fn attempts_move_an_assigned_melding_into_contact() {
        assert_eq!(after_attempt(Assigned), Ok(Contacting));
        assert_eq!(after_attempt(Contacting), Ok(Contacting));
        assert!(after_attempt(Queued).is_err());
        assert!(after_attempt(Closed).is_err());
    }
}
