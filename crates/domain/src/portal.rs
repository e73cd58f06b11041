//! The household portal (*Mijn plan*): who may be invited to it, and the life of an invitation.
//!
//! A worker invites a member of the household: an adult, or a young person from 16 for their own part
//! (the age from which the civil code lets a minor agree to their own care, BW 7:447; that the same age
//! fits a portal to the social file is this team's choice). The member gets a one-time link, valid for [`INVITATION_DAYS`] days, sets a username and a
//! password there, and sets up the second factor at the first login. Pure: the caller passes the dates.

use crate::household::age_on;
use time::Date;

/// The youngest age at which a member can have their own portal account.
pub const MIN_AGE: i32 = 16;
/// How long an invitation link can be used.
pub const INVITATION_DAYS: i64 = 14;

/// Why a member cannot be invited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteRefusal {
    /// Without a date of birth the age cannot be checked.
    NoDateOfBirth,
    TooYoung {
        age: i32,
    },
    /// The member already has an account.
    HasAccount,
}

impl InviteRefusal {
    pub fn key(self) -> &'static str {
        match self {
            InviteRefusal::NoDateOfBirth => "invite-refused-no-birth-date",
            InviteRefusal::TooYoung { .. } => "invite-refused-too-young",
            InviteRefusal::HasAccount => "invite-refused-has-account",
        }
    }
}

/// Whether a member born on `born` (with or without an account already) may be invited today.
pub fn may_invite(born: Option<Date>, has_account: bool, today: Date) -> Result<(), InviteRefusal> {
    if has_account {
        return Err(InviteRefusal::HasAccount);
    }
    let born = born.ok_or(InviteRefusal::NoDateOfBirth)?;
    let age = age_on(born, today);
    if age < MIN_AGE {
        return Err(InviteRefusal::TooYoung { age });
    }
    Ok(())
}

/// Where an invitation stands at a moment (unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationState {
    Open,
    Expired,
    Used,
}

impl InvitationState {
    pub fn of(expires_at: i64, used_at: Option<i64>, now: i64) -> InvitationState {
        match used_at {
            Some(_) => InvitationState::Used,
            None if now >= expires_at => InvitationState::Expired,
            None => InvitationState::Open,
        }
    }
}

/// Whether a member sees a goal of the plan in the portal: their own goals, and — for a parent — the
/// goals of members younger than 16. A goal of another member of 16 or older is theirs to see (a
/// parent does not read a 17-year-old's goals); a goal whose owner's age is unknown counts as an
/// adult's.
pub fn goal_visible(viewer: &str, viewer_is_parent: bool, owner: &str, owner_age: Option<i32>) -> bool {
    owner == viewer || (viewer_is_parent && owner_age.is_some_and(|age| age < MIN_AGE))
}

/// When an invitation made at `now` (unix seconds) expires.
pub fn expires_at(now: i64) -> i64 {
    now + INVITATION_DAYS * 86_400
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    #[test]
    fn an_adult_and_a_sixteen_year_old_may_be_invited_a_younger_child_not() {
        assert_eq!(may_invite(Some(date!(1990 - 04 - 01)), false, TODAY), Ok(()));
        assert_eq!(may_invite(Some(date!(2010 - 11 - 27)), false, TODAY), Ok(()), "16 today");
        assert_eq!(may_invite(Some(date!(2010 - 11 - 28)), false, TODAY), Err(InviteRefusal::TooYoung { age: 15 }));
        assert_eq!(may_invite(None, false, TODAY), Err(InviteRefusal::NoDateOfBirth));
        assert_eq!(may_invite(Some(date!(1990 - 04 - 01)), true, TODAY), Err(InviteRefusal::HasAccount));
    }

    #[test]
    fn an_invitation_is_open_until_it_expires_or_is_used() {
        let made = 1_000_000;
        let until = expires_at(made);
        assert_eq!(until - made, 14 * 86_400);
        assert_eq!(InvitationState::of(until, None, made), InvitationState::Open);
        assert_eq!(InvitationState::of(until, None, until - 1), InvitationState::Open);
        assert_eq!(InvitationState::of(until, None, until), InvitationState::Expired);
        assert_eq!(InvitationState::of(until, Some(made + 5), made + 10), InvitationState::Used);
    }

    #[test]
    fn a_parent_sees_young_childrens_goals_not_a_seventeen_year_olds() {
        assert!(goal_visible("mother", true, "mother", Some(40)));
        assert!(goal_visible("mother", true, "child", Some(9)));
        assert!(!goal_visible("mother", true, "teen", Some(17)));
        assert!(!goal_visible("mother", true, "unknown", None));
        assert!(!goal_visible("teen", false, "mother", Some(40)), "a young person sees only their own goals");
        assert!(!goal_visible("partner", false, "child", Some(9)), "only a parent sees a child's goals");
    }

    proptest! {
        #[test]
        fn whoever_may_be_invited_is_at_least_sixteen(days in 0i64..40_000) {
            let born = TODAY - time::Duration::days(days);
            if may_invite(Some(born), false, TODAY).is_ok() {
                prop_assert!(age_on(born, TODAY) >= MIN_AGE);
            }
        }
    }
}
