//! Closed-loop referrals (verwijzingen): a worker refers a household to a service of a partner
//! organisation and follows it until its outcome; and consultations, where a worker asks a
//! specialist a question without handing the household over. Pure rules: what a draft must hold
//! before it is sent (the reason in plain words, what is shared — chosen item by item, the minimum
//! necessary — consent and the legal basis), the states a referral moves through with an explicit
//! table of who may make which move, the answer deadline in working days, and the statistics per
//! service.
//!
//! # The referral's moves
//!
//! The worker's side (the neighbourhood team that refers) sends and withdraws; the partner's side
//! (the users of the receiving organisation) answers: it confirms receipt, accepts or rejects,
//! starts and completes. Each move in [`TRANSITIONS`] belongs to exactly one side.
//!
//! | from | to | side | needs |
//! |---|---|---|---|
//! | concept | sent | worker | a checked draft ([`check_referral_draft`]) |
//! | concept | withdrawn | worker | a reason |
//! | sent | received | partner | |
//! | sent | accepted | partner | |
//! | sent | rejected | partner | a reason |
//! | sent | withdrawn | worker | a reason |
//! | received | accepted | partner | |
//! | received | rejected | partner | a reason |
//! | received | withdrawn | worker | a reason |
//! | accepted | in_progress | partner | |
//! | accepted | completed | partner | an outcome |
//! | accepted | withdrawn | worker | a reason |
//! | in_progress | completed | partner | an outcome |
//! | in_progress | withdrawn | worker | a reason |
//!
//! Completed, rejected and withdrawn are final: a rejected referral is not sent again, the worker
//! makes a new referral (to this or another service), so each referral's history and the service's
//! statistics stay true. A partner may answer straight away without confirming receipt first
//! (sent → accepted or rejected). An accepted referral may be completed without starting (the
//! household never came: an outcome that is not a success, with its reason).

use crate::code_enum;
use crate::household::{FieldError, MAX_TEXT, Urgency, optional_text};
use crate::maatwerk::SharingBasis;
use crate::social_map::{Service, ServiceStatus};
use crate::stats::{median, percentile};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, Duration, Weekday};

code_enum!(
    /// Where a referral stands (Dutch: concept, verstuurd, ontvangen, geaccepteerd, afgewezen,
    /// in behandeling, afgerond, teruggetrokken).
    ReferralState {
        Concept = "concept",
        Sent = "sent",
        Received = "received",
        Accepted = "accepted",
        Rejected = "rejected",
        InProgress = "in_progress",
        Completed = "completed",
        Withdrawn = "withdrawn",
    }
);

code_enum!(
    /// Which side of a referral or consultation makes a move: the worker's (the neighbourhood team,
    /// who refers or asks) or the partner's (the receiving organisation or the specialist).
    Side { Worker = "worker", Partner = "partner" }
);

code_enum!(
    /// What of the household's file goes with a referral. Nothing is shared by default: the worker
    /// chooses each item, and only what the service needs (the minimum necessary).
    SharedItem {
        ContactDetails = "contact_details",
        HouseholdComposition = "household_composition",
        Question = "question",
        FinancesSummary = "finances_summary",
        PlanGoals = "plan_goals",
        Assessment = "assessment",
        Documents = "documents",
    }
);

impl ReferralState {
    /// Completed, rejected and withdrawn referrals make no further move.
    pub fn is_terminal(self) -> bool {
        matches!(self, ReferralState::Completed | ReferralState::Rejected | ReferralState::Withdrawn)
    }
}

/// The moves a referral may make, each with the one side that may make it (see the module
/// documentation for the table in words). A move not in this table is an error.
pub const TRANSITIONS: &[(ReferralState, ReferralState, Side)] = &[
    // The worker sends a draft that passed `check_referral_draft`, or discards it.
    (ReferralState::Concept, ReferralState::Sent, Side::Worker),
    (ReferralState::Concept, ReferralState::Withdrawn, Side::Worker),
    // The partner confirms receipt, or answers straight away.
    (ReferralState::Sent, ReferralState::Received, Side::Partner),
    (ReferralState::Sent, ReferralState::Accepted, Side::Partner),
    (ReferralState::Sent, ReferralState::Rejected, Side::Partner),
    (ReferralState::Sent, ReferralState::Withdrawn, Side::Worker),
    (ReferralState::Received, ReferralState::Accepted, Side::Partner),
    (ReferralState::Received, ReferralState::Rejected, Side::Partner),
    (ReferralState::Received, ReferralState::Withdrawn, Side::Worker),
    (ReferralState::Accepted, ReferralState::InProgress, Side::Partner),
    // Accepted, but support never started (the household did not come): completed, not a success.
    (ReferralState::Accepted, ReferralState::Completed, Side::Partner),
    (ReferralState::Accepted, ReferralState::Withdrawn, Side::Worker),
    (ReferralState::InProgress, ReferralState::Completed, Side::Partner),
    (ReferralState::InProgress, ReferralState::Withdrawn, Side::Worker),
];

/// The side that may move a referral from `from` to `to`, or `None` when the move is not in the table.
pub fn side_of(from: ReferralState, to: ReferralState) -> Option<Side> {
    TRANSITIONS.iter().find(|(f, t, _)| *f == from && *t == to).map(|(_, _, side)| *side)
}

/// The states one side may move a referral to from `from`, in the table's order (the buttons to show).
pub fn next_states(from: ReferralState, side: Side) -> Vec<ReferralState> {
    TRANSITIONS.iter().filter(|(f, _, s)| *f == from && *s == side).map(|(_, t, _)| *t).collect()
}

/// Whether a move to `to` needs a reason: a rejection (why not) and a withdrawal (why no longer).
pub fn reason_required(to: ReferralState) -> bool {
    matches!(to, ReferralState::Rejected | ReferralState::Withdrawn)
}

/// How a referral ended: whether the support succeeded, and why (required when it did not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub success: bool,
    pub reason: String,
}

/// What a move carries besides its target: a reason (required to reject or withdraw, an optional
/// note with any other move) and, only when completing, the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MoveDetails {
    pub reason: Option<String>,
    pub outcome: Option<Outcome>,
}

impl MoveDetails {
    /// No reason, no outcome.
    pub fn none() -> MoveDetails {
        MoveDetails::default()
    }

    pub fn reason(text: impl Into<String>) -> MoveDetails {
        MoveDetails { reason: Some(text.into()), outcome: None }
    }

    pub fn outcome(success: bool, reason: impl Into<String>) -> MoveDetails {
        MoveDetails { reason: None, outcome: Some(Outcome { success, reason: reason.into() }) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferralError {
    #[error("a referral cannot go from {} to {}", .from.code(), .to.code())]
    Transition { from: ReferralState, to: ReferralState },
    #[error("the {} side may not move a referral from {} to {}", .side.code(), .from.code(), .to.code())]
    WrongSide { from: ReferralState, to: ReferralState, side: Side },
    #[error("rejecting or withdrawing a referral needs a reason")]
    ReasonRequired,
    #[error("completing a referral needs its outcome")]
    OutcomeRequired,
    #[error("an outcome that is not a success needs a reason")]
    OutcomeReasonRequired,
    #[error("only completing a referral records an outcome")]
    OutcomeNotExpected,
    #[error("text too long (at most {0} characters)")]
    TooLong(usize),
    #[error("a move needs the user who made it")]
    ActorRequired,
    #[error("this referral is not addressed to your organisation")]
    NotAddressed,
    #[error("a move cannot be dated before the move it follows")]
    OutOfOrder,
    #[error("the history is broken: a move from {} follows the state {}", .found.code(), .expected.code())]
    BrokenHistory { expected: ReferralState, found: ReferralState },
}

fn text(s: &str) -> Result<Option<String>, ReferralError> {
    optional_text(s, MAX_TEXT).map_err(|e| match e {
        FieldError::TooLong(n) => ReferralError::TooLong(n),
        _ => ReferralError::TooLong(MAX_TEXT),
    })
}

/// Checks one move and returns its trimmed reason and outcome.
fn check_move(
    current: ReferralState,
    to: ReferralState,
    side: Side,
    details: &MoveDetails,
) -> Result<(Option<String>, Option<Outcome>), ReferralError> {
    let mover = side_of(current, to).ok_or(ReferralError::Transition { from: current, to })?;
    if mover != side {
        return Err(ReferralError::WrongSide { from: current, to, side });
    }
    let outcome = match (&details.outcome, to) {
        (None, ReferralState::Completed) => return Err(ReferralError::OutcomeRequired),
        (None, _) => None,
        (Some(_), t) if t != ReferralState::Completed => return Err(ReferralError::OutcomeNotExpected),
        (Some(o), _) => {
            let reason = text(&o.reason)?;
            if !o.success && reason.is_none() {
                return Err(ReferralError::OutcomeReasonRequired);
            }
            Some(Outcome { success: o.success, reason: reason.unwrap_or_default() })
        }
    };
    let reason = text(details.reason.as_deref().unwrap_or(""))?;
    if reason_required(to) && reason.is_none() {
        return Err(ReferralError::ReasonRequired);
    }
    Ok((reason, outcome))
}

/// Rules on one move of a referral in state `current`: the move is in [`TRANSITIONS`], `side` is
/// the side that may make it, a rejection or withdrawal has a reason, and a completion has an
/// [`Outcome`] (with a reason when it is not a success) — and only a completion has one. Returns
/// the new state; on an error the referral keeps its state.
pub fn apply(current: ReferralState, to: ReferralState, side: Side, details: &MoveDetails) -> Result<ReferralState, ReferralError> {
    check_move(current, to, side, details).map(|_| to)
}

/// One move in a referral's history: when, by whom, on which side, and with what reason or outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub from: ReferralState,
    pub to: ReferralState,
    /// Unix seconds.
    pub at: i64,
    /// The id of the user who made the move.
    pub actor: String,
    pub side: Side,
    pub reason: Option<String>,
    pub outcome: Option<Outcome>,
}

/// Who makes a move: a worker of the referring team, or a user of a partner organisation (who may
/// only act on referrals sent to that organisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By<'a> {
    Worker { user: &'a str },
    Partner { user: &'a str, organisation: &'a str },
}

impl By<'_> {
    pub fn side(&self) -> Side {
        match self {
            By::Worker { .. } => Side::Worker,
            By::Partner { .. } => Side::Partner,
        }
    }

    pub fn user(&self) -> &str {
        match self {
            By::Worker { user } | By::Partner { user, .. } => user,
        }
    }
}

/// A referral to one service of one organisation, with its history of moves. Its state is derived
/// from the history, and the history only grows by moves that [`apply`] allows, in time order: a
/// referral cannot be in an illegal state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    service: String,
    organisation: String,
    history: Vec<Transition>,
}

impl Referral {
    /// A new referral (a concept) to `service`, offered by `organisation`.
    pub fn new(service: impl Into<String>, organisation: impl Into<String>) -> Referral {
        Referral { service: service.into(), organisation: organisation.into(), history: Vec::new() }
    }

    /// Rebuilds a referral from its stored history, checking every move again: each follows the
    /// state the previous one left, is allowed, and is not dated before the previous one.
    pub fn from_history(
        service: impl Into<String>,
        organisation: impl Into<String>,
        history: Vec<Transition>,
    ) -> Result<Referral, ReferralError> {
        let mut r = Referral::new(service, organisation);
        for t in history {
            if t.from != r.state() {
                return Err(ReferralError::BrokenHistory { expected: r.state(), found: t.from });
            }
            r.push(t.to, t.at, &t.actor, t.side, &MoveDetails { reason: t.reason, outcome: t.outcome })?;
        }
        Ok(r)
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    pub fn organisation(&self) -> &str {
        &self.organisation
    }

    /// The moves, oldest first.
    pub fn history(&self) -> &[Transition] {
        &self.history
    }

    /// The state the last move left (concept when there is none).
    pub fn state(&self) -> ReferralState {
        self.history.last().map_or(ReferralState::Concept, |t| t.to)
    }

    /// Records a move at `at` (unix seconds). A partner may only move referrals addressed to its
    /// organisation that were sent; otherwise the rules of [`apply`] hold, and a move may not be
    /// dated before the previous one. On an error nothing changes.
    pub fn record(&mut self, to: ReferralState, at: i64, by: By<'_>, details: &MoveDetails) -> Result<&Transition, ReferralError> {
        if let By::Partner { organisation, .. } = by
            && !self.visible_to_partner(organisation)
        {
            return Err(ReferralError::NotAddressed);
        }
        self.push(to, at, by.user(), by.side(), details)
    }

    fn push(&mut self, to: ReferralState, at: i64, actor: &str, side: Side, details: &MoveDetails) -> Result<&Transition, ReferralError> {
        let from = self.state();
        let (reason, outcome) = check_move(from, to, side, details)?;
        let actor = actor.trim();
        if actor.is_empty() {
            return Err(ReferralError::ActorRequired);
        }
        if self.history.last().is_some_and(|last| at < last.at) {
            return Err(ReferralError::OutOfOrder);
        }
        self.history.push(Transition { from, to, at, actor: actor.to_string(), side, reason, outcome });
        Ok(self.history.last().expect("just pushed"))
    }

    fn first_at(&self, states: &[ReferralState]) -> Option<i64> {
        self.history.iter().find(|t| states.contains(&t.to)).map(|t| t.at)
    }

    /// When the referral was sent.
    pub fn sent_at(&self) -> Option<i64> {
        self.first_at(&[ReferralState::Sent])
    }

    /// When the partner first answered: confirmed receipt, accepted or rejected.
    pub fn answered_at(&self) -> Option<i64> {
        self.first_at(&[ReferralState::Received, ReferralState::Accepted, ReferralState::Rejected])
    }

    /// When the partner decided: accepted or rejected.
    pub fn decided_at(&self) -> Option<i64> {
        self.first_at(&[ReferralState::Accepted, ReferralState::Rejected])
    }

    pub fn was_sent(&self) -> bool {
        self.sent_at().is_some()
    }

    pub fn was_accepted(&self) -> bool {
        self.first_at(&[ReferralState::Accepted]).is_some()
    }

    /// Sent and not yet answered nor withdrawn: the answer deadline runs (see [`answer_overdue`]).
    pub fn awaits_answer(&self) -> bool {
        self.state() == ReferralState::Sent
    }

    /// A partner sees a referral when it is addressed to its organisation and was sent (a concept
    /// is the worker's own; a withdrawn referral that was sent stays visible, marked withdrawn).
    pub fn visible_to_partner(&self, organisation: &str) -> bool {
        self.organisation == organisation && self.was_sent()
    }

    /// The outcome, once completed.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.history.iter().rev().find_map(|t| t.outcome.as_ref())
    }

    /// The reason of the move that ended the referral (rejection or withdrawal), if it ended so.
    pub fn end_reason(&self) -> Option<&str> {
        self.history.last().filter(|t| reason_required(t.to)).and_then(|t| t.reason.as_deref())
    }
}

/// A partner's inbox: the referrals addressed to `organisation` that were sent, in the given order.
pub fn partner_inbox<'a>(referrals: &'a [Referral], organisation: &str) -> Vec<&'a Referral> {
    referrals.iter().filter(|r| r.visible_to_partner(organisation)).collect()
}

/// A referral's draft as the worker fills it in, before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralDraft {
    /// The service referred to (an id in the social map).
    pub service: String,
    /// Why, in plain words (B1): the household reads it too.
    pub reason: String,
    /// What goes with the referral, chosen item by item.
    pub shared: BTreeSet<SharedItem>,
    /// The ground for sharing with the receiving organisation.
    pub basis: Option<SharingBasis>,
    /// The member who consented to this referral.
    pub consent_member: Option<String>,
    /// Whether the receiving organisation is a public body (classified as
    /// [`crate::maatwerk::MdtParty::is_public_body`] does: the municipality's own services, UWV, SVB).
    pub recipient_is_public_body: bool,
    pub urgency: Urgency,
    /// The worker asks for a joint first appointment with the household (warm handover).
    pub joint_appointment: bool,
}

/// A problem with a referral's draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    #[error("no service is chosen")]
    NoService,
    #[error("the reason for the referral is missing")]
    ReasonRequired,
    #[error("the reason is too long (at most {0} characters)")]
    ReasonTooLong(usize),
    #[error("nothing is chosen to share")]
    NothingShared,
    #[error("no basis for sharing is chosen")]
    NoBasis,
    #[error("no member of the household consented to the referral")]
    NoConsent,
    #[error("the consenting person is not a member of this household")]
    UnknownMember,
    #[error("consent alone is no ground for sharing with a public body")]
    ConsentIsNoGround,
    #[error("the service does not take referrals now (inactive or temporarily closed)")]
    ServiceNotActive,
    #[error("the service does not serve the household's postcode area")]
    OutsideArea,
}

impl DraftError {
    /// The draft's field the problem is shown next to.
    pub fn field(&self) -> &'static str {
        match self {
            DraftError::NoService | DraftError::ServiceNotActive | DraftError::OutsideArea => "service",
            DraftError::ReasonRequired | DraftError::ReasonTooLong(_) => "reason",
            DraftError::NothingShared => "shared",
            DraftError::NoBasis | DraftError::ConsentIsNoGround => "basis",
            DraftError::NoConsent | DraftError::UnknownMember => "consent_member_id",
        }
    }
}

/// Checks a draft before it is sent; every problem is listed. A service is chosen; the reason is
/// written; at least one item is shared; a basis for sharing is chosen; a member of the household
/// (`members`: their ids) consented — asked for every referral, as for every MDT party, because the
/// partner's access to the household rests on consent for the referral purpose (`access`), in
/// addition to the basis, never instead of it; and consent is not the only ground for a public body
/// (consent cannot replace a missing legal basis, Autoriteit Persoonsgegevens 2016).
pub fn check_referral_draft(draft: &ReferralDraft, members: &[&str]) -> Result<(), Vec<DraftError>> {
    let mut out = Vec::new();
    if draft.service.trim().is_empty() {
        out.push(DraftError::NoService);
    }
    match optional_text(&draft.reason, MAX_TEXT) {
        Ok(None) => out.push(DraftError::ReasonRequired),
        Err(_) => out.push(DraftError::ReasonTooLong(MAX_TEXT)),
        Ok(Some(_)) => {}
    }
    if draft.shared.is_empty() {
        out.push(DraftError::NothingShared);
    }
    match draft.basis {
        None => out.push(DraftError::NoBasis),
        Some(SharingBasis::Consent) if draft.recipient_is_public_body => out.push(DraftError::ConsentIsNoGround),
        Some(_) => {}
    }
    match draft.consent_member.as_deref().map(str::trim) {
        None | Some("") => out.push(DraftError::NoConsent),
        Some(m) if !members.contains(&m) => out.push(DraftError::UnknownMember),
        Some(_) => {}
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

/// Whether a household living in PC4 area `pc4` may be referred to `service`: the service is active
/// (not inactive, defunct or temporarily closed) and serves that area (a service without areas serves
/// every postcode). Checked when the referral is made and again when it is sent.
pub fn check_recipient(service: &Service, pc4: u16) -> Result<(), DraftError> {
    if service.status != ServiceStatus::Active {
        return Err(DraftError::ServiceNotActive);
    }
    if !service.serves(pc4) {
        return Err(DraftError::OutsideArea);
    }
    Ok(())
}

/// The working days a partner has to answer when its service sets none.
pub use crate::social_map::DEFAULT_REFERRAL_ANSWER_DAYS as DEFAULT_ANSWER_DAYS;

fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The day on which `n` working days (Monday to Friday) have passed after `date`: Friday plus one
/// is Monday, and a Saturday counts from the Friday before (Saturday plus one is Monday too). With
/// `n` = 0, the first working day on or after `date`. The result is a working day and never before
/// `date`. Public holidays are not counted yet: they count as working days. Saturates at the last
/// date `time` can represent.
pub fn add_working_days(date: Date, n: u32) -> Date {
    let mut d = date;
    if n == 0 {
        while is_weekend(d) {
            d = d.next_day().unwrap_or(d);
        }
        return d;
    }
    // n working days after a Saturday or Sunday end where n working days after the Friday end.
    while is_weekend(d) {
        d = d.previous_day().unwrap_or(d);
    }
    // From a weekday, each whole week is five working days.
    d = d.saturating_add(Duration::weeks(i64::from(n / 5)));
    for _ in 0..n % 5 {
        d = d.next_day().unwrap_or(d);
        while is_weekend(d) {
            d = d.next_day().unwrap_or(d);
        }
    }
    d
}

/// The answer deadline of a referral sent on `sent_on`, when it has passed unanswered by `today`:
/// `Some(deadline)` is the alert ("no answer since …"). The deadline is `days` working days after
/// the day it was sent ([`add_working_days`]); an answer on the deadline itself is in time.
pub fn answer_overdue(sent_on: Date, answered: bool, days: u32, today: Date) -> Option<Date> {
    if answered {
        return None;
    }
    let due = add_working_days(sent_on, days);
    (today > due).then_some(due)
}

/// The figures of one service over a set of referrals. Concepts (never sent) are left out; every
/// sent referral is rejected, completed (successfully or not), withdrawn or open. When shown to
/// policy, counts pass the small-cell rule (`maatwerk_totals::shown`).
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceStats {
    pub service: String,
    /// Referrals sent to the service.
    pub sent: u32,
    /// Of those, answered by the partner (receipt, acceptance or rejection).
    pub answered: u32,
    /// Calendar hours from sending to the partner's first answer, over the answered referrals
    /// (unanswered ones are not in it; see `open`). Median, and the 90th percentile by nearest rank.
    pub median_response_hours: Option<f64>,
    pub p90_response_hours: Option<f64>,
    /// Referrals the partner accepted (whatever came after) and rejected.
    pub accepted: u32,
    pub rejected: u32,
    /// accepted / (accepted + rejected); `None` before any decision.
    pub acceptance_rate: Option<f64>,
    pub completed_success: u32,
    pub completed_failure: u32,
    pub withdrawn: u32,
    /// Sent, received, accepted or in progress.
    pub open: u32,
}

/// The statistics per service (ordered by service id) of the given referrals.
pub fn service_statistics(referrals: &[Referral]) -> Vec<ServiceStats> {
    let mut per_service: BTreeMap<&str, Vec<&Referral>> = BTreeMap::new();
    for r in referrals.iter().filter(|r| r.was_sent()) {
        per_service.entry(r.service()).or_default().push(r);
    }
    per_service
        .into_iter()
        .map(|(service, rs)| {
            let count = |f: &dyn Fn(&Referral) -> bool| rs.iter().filter(|r| f(r)).count() as u32;
            let mut hours: Vec<f64> = rs.iter().filter_map(|r| Some((r.answered_at()? - r.sent_at()?) as f64 / 3600.0)).collect();
            hours.sort_by(f64::total_cmp);
            let accepted = count(&|r| r.was_accepted());
            let rejected = count(&|r| r.state() == ReferralState::Rejected);
            let completed =
                |success: bool| count(&|r| r.state() == ReferralState::Completed && r.outcome().is_some_and(|o| o.success == success));
            ServiceStats {
                service: service.to_string(),
                sent: rs.len() as u32,
                answered: hours.len() as u32,
                median_response_hours: median(&hours),
                p90_response_hours: percentile(&hours, 90),
                accepted,
                rejected,
                acceptance_rate: (accepted + rejected > 0).then(|| f64::from(accepted) / f64::from(accepted + rejected)),
                completed_success: completed(true),
                completed_failure: completed(false),
                withdrawn: count(&|r| r.state() == ReferralState::Withdrawn),
                open: count(&|r| !r.state().is_terminal()),
            }
        })
        .collect()
}

code_enum!(
    /// Where a consultation stands: a question to a specialist, without a handover.
    ConsultState { Asked = "asked", Answered = "answered", Closed = "closed" }
);

code_enum!(
    /// Whether a consultation names the household or is about an anonymised situation.
    Identification { Identified = "identified", Anonymised = "anonymised" }
);

/// The moves a consultation may make, with the side that makes each: the specialist (partner side)
/// answers; the worker asks a follow-up question, or closes the consultation — answered or not.
pub const CONSULT_TRANSITIONS: &[(ConsultState, ConsultState, Side)] = &[
    (ConsultState::Asked, ConsultState::Answered, Side::Partner),
    (ConsultState::Asked, ConsultState::Closed, Side::Worker),
    (ConsultState::Answered, ConsultState::Asked, Side::Worker),
    (ConsultState::Answered, ConsultState::Closed, Side::Worker),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsultError {
    #[error("a consultation cannot go from {} to {}", .from.code(), .to.code())]
    Transition { from: ConsultState, to: ConsultState },
    #[error("the {} side may not move a consultation from {} to {}", .side.code(), .from.code(), .to.code())]
    WrongSide { from: ConsultState, to: ConsultState, side: Side },
    #[error("the question or answer is missing")]
    TextRequired,
    #[error("text too long (at most {0} characters)")]
    TooLong(usize),
    #[error("no specialist organisation is chosen")]
    NoOrganisation,
    #[error("an identified consultation needs its household")]
    HouseholdRequired,
    #[error("an anonymised consultation cannot name a household")]
    HouseholdNotAllowed,
    #[error("naming the household to a specialist needs the consent of a member")]
    ConsentRequired,
}

/// An identified consultation names the household to the specialist: like a referral, that needs a
/// member's consent. An anonymised one does not.
pub fn check_consult_consent(identification: Identification, consented: bool) -> Result<(), ConsultError> {
    if identification == Identification::Identified && !consented { Err(ConsultError::ConsentRequired) } else { Ok(()) }
}

/// Rules on one move of a consultation: it is in [`CONSULT_TRANSITIONS`], made by its side, and an
/// answer (to answered) or a follow-up question (back to asked) has its text.
pub fn consult_transition(from: ConsultState, to: ConsultState, side: Side, text: Option<&str>) -> Result<ConsultState, ConsultError> {
    let mover = CONSULT_TRANSITIONS
        .iter()
        .find(|(f, t, _)| *f == from && *t == to)
        .map(|(_, _, s)| *s)
        .ok_or(ConsultError::Transition { from, to })?;
    if mover != side {
        return Err(ConsultError::WrongSide { from, to, side });
    }
    let text = optional_text(text.unwrap_or(""), MAX_TEXT).map_err(|_| ConsultError::TooLong(MAX_TEXT))?;
    if to != ConsultState::Closed && text.is_none() {
        return Err(ConsultError::TextRequired);
    }
    Ok(to)
}

/// A question to a specialist of an organisation. An anonymised consultation carries no household:
/// the constructor refuses one, and nothing can add one later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consult {
    organisation: String,
    household: Option<String>,
    question: String,
    state: ConsultState,
}

impl Consult {
    /// A new consultation (asked). Identified needs the household's id; anonymised refuses one.
    pub fn new(
        organisation: &str,
        identification: Identification,
        household: Option<&str>,
        question: &str,
    ) -> Result<Consult, ConsultError> {
        let organisation = organisation.trim();
        if organisation.is_empty() {
            return Err(ConsultError::NoOrganisation);
        }
        let household = household.map(str::trim).filter(|h| !h.is_empty());
        let household = match (identification, household) {
            (Identification::Identified, None) => return Err(ConsultError::HouseholdRequired),
            (Identification::Anonymised, Some(_)) => return Err(ConsultError::HouseholdNotAllowed),
            (_, h) => h.map(str::to_string),
        };
        let question = optional_text(question, MAX_TEXT).map_err(|_| ConsultError::TooLong(MAX_TEXT))?.ok_or(ConsultError::TextRequired)?;
        Ok(Consult { organisation: organisation.to_string(), household, question, state: ConsultState::Asked })
    }

    pub fn organisation(&self) -> &str {
        &self.organisation
    }

    /// The household, for an identified consultation; never for an anonymised one.
    pub fn household(&self) -> Option<&str> {
        self.household.as_deref()
    }

    pub fn identification(&self) -> Identification {
        if self.household.is_some() { Identification::Identified } else { Identification::Anonymised }
    }

    pub fn question(&self) -> &str {
        &self.question
    }

    pub fn state(&self) -> ConsultState {
        self.state
    }

    /// A specialist sees the consultations addressed to its organisation.
    pub fn addressed_to(&self, organisation: &str) -> bool {
        self.organisation == organisation
    }

    /// Moves the consultation by [`consult_transition`]; on an error nothing changes.
    pub fn move_to(&mut self, to: ConsultState, side: Side, text: Option<&str>) -> Result<ConsultState, ConsultError> {
        self.state = consult_transition(self.state, to, side, text)?;
        Ok(self.state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const ORG: &str = "org-slr";
    const WORKER: By<'static> = By::Worker { user: "w-1" };
    const PARTNER: By<'static> = By::Partner { user: "p-1", organisation: ORG };

    fn by(side: Side) -> By<'static> {
        match side {
            Side::Worker => WORKER,
            Side::Partner => PARTNER,
        }
    }

    /// The least a move to `to` needs.
    fn valid_details(to: ReferralState) -> MoveDetails {
        match to {
            ReferralState::Rejected => MoveDetails::reason("Wij doen geen schuldhulp voor ondernemers"),
            ReferralState::Withdrawn => MoveDetails::reason("Het huishouden wil het zelf regelen"),
            ReferralState::Completed => MoveDetails::outcome(true, ""),
            _ => MoveDetails::none(),
        }
    }

    /// A path of moves from concept to `state`.
    fn path_to(state: ReferralState) -> Vec<ReferralState> {
        use ReferralState::*;
        match state {
            Concept => vec![],
            Sent => vec![Sent],
            Received => vec![Sent, Received],
            Accepted => vec![Sent, Received, Accepted],
            InProgress => vec![Sent, Received, Accepted, InProgress],
            Completed => vec![Sent, Received, Accepted, InProgress, Completed],
            Rejected => vec![Sent, Rejected],
            Withdrawn => vec![Withdrawn],
        }
    }

    /// A referral to `service` of `ORG` in `state`, one move an hour from t = 0.
    fn referral_in(service: &str, state: ReferralState) -> Referral {
        let mut r = Referral::new(service, ORG);
        for (i, to) in path_to(state).into_iter().enumerate() {
            let side = side_of(r.state(), to).unwrap();
            r.record(to, i as i64 * 3600, by(side), &valid_details(to)).unwrap();
        }
        assert_eq!(r.state(), state);
        r
    }

    fn check_allowed_move(from: ReferralState, to: ReferralState, side: Side) {
        assert!(TRANSITIONS.contains(&(from, to, side)), "{from:?} → {to:?} by {side:?} is not in the table");
        assert_eq!(apply(from, to, side, &valid_details(to)), Ok(to));
        let other = if side == Side::Worker { Side::Partner } else { Side::Worker };
        assert_eq!(apply(from, to, other, &valid_details(to)), Err(ReferralError::WrongSide { from, to, side: other }));
        if reason_required(to) {
            assert_eq!(apply(from, to, side, &MoveDetails::none()), Err(ReferralError::ReasonRequired));
            assert_eq!(apply(from, to, side, &MoveDetails::reason("  ")), Err(ReferralError::ReasonRequired));
        }
        if to == ReferralState::Completed {
            assert_eq!(apply(from, to, side, &MoveDetails::none()), Err(ReferralError::OutcomeRequired));
        } else {
            assert_eq!(apply(from, to, side, &MoveDetails::outcome(true, "")), Err(ReferralError::OutcomeNotExpected));
        }
        // The same move on a referral's history, by a user of that side.
        let mut r = referral_in("svc", from);
        let at = 1_000_000;
        let t = r.record(to, at, by(side), &valid_details(to)).unwrap().clone();
        assert_eq!((t.from, t.to, t.at, t.side), (from, to, at, side));
        assert_eq!(t.actor, by(side).user());
        assert_eq!(r.state(), to);
        assert_eq!(Referral::from_history("svc", ORG, r.history().to_vec()), Ok(r));
    }

    macro_rules! allowed_moves {
        ($($name:ident: $from:ident -> $to:ident by $side:ident;)+) => {
            $(
                #[test]
                fn $name() {
                    check_allowed_move(ReferralState::$from, ReferralState::$to, Side::$side);
                }
            )+
            /// The moves tested one by one above.
            const TESTED_ONE_BY_ONE: &[(ReferralState, ReferralState, Side)] =
                &[$((ReferralState::$from, ReferralState::$to, Side::$side)),+];
        };
    }

    allowed_moves! {
        the_worker_sends_a_concept: Concept -> Sent by Worker;
        the_worker_discards_a_concept: Concept -> Withdrawn by Worker;
        the_partner_confirms_receipt: Sent -> Received by Partner;
        the_partner_accepts_straight_away: Sent -> Accepted by Partner;
        the_partner_rejects_straight_away: Sent -> Rejected by Partner;
        the_worker_withdraws_a_sent_referral: Sent -> Withdrawn by Worker;
        the_partner_accepts_after_receipt: Received -> Accepted by Partner;
        the_partner_rejects_after_receipt: Received -> Rejected by Partner;
        the_worker_withdraws_a_received_referral: Received -> Withdrawn by Worker;
        the_partner_starts: Accepted -> InProgress by Partner;
        the_partner_completes_without_starting: Accepted -> Completed by Partner;
        the_worker_withdraws_an_accepted_referral: Accepted -> Withdrawn by Worker;
        the_partner_completes: InProgress -> Completed by Partner;
        the_worker_withdraws_during_support: InProgress -> Withdrawn by Worker;
    }

    #[test]
    fn every_table_move_has_its_own_test_and_one_side() {
        let table: BTreeSet<_> = TRANSITIONS.iter().copied().collect();
        let tested: BTreeSet<_> = TESTED_ONE_BY_ONE.iter().copied().collect();
        assert_eq!(table, tested);
        assert_eq!(table.len(), TRANSITIONS.len(), "no move twice");
        let pairs: BTreeSet<_> = TRANSITIONS.iter().map(|(f, t, _)| (*f, *t)).collect();
        assert_eq!(pairs.len(), TRANSITIONS.len(), "each move belongs to one side");
    }

    #[test]
    fn apply_succeeds_exactly_for_the_tables_moves() {
        let mut forbidden = 0;
        for &from in ReferralState::ALL {
            for &to in ReferralState::ALL {
                for &side in Side::ALL {
                    let got = apply(from, to, side, &valid_details(to));
                    if TRANSITIONS.contains(&(from, to, side)) {
                        assert_eq!(got, Ok(to));
                        continue;
                    }
                    forbidden += 1;
                    let expected = if side_of(from, to).is_some() {
                        ReferralError::WrongSide { from, to, side }
                    } else {
                        ReferralError::Transition { from, to }
                    };
                    assert_eq!(got, Err(expected), "{from:?} → {to:?} by {side:?}");
                    // Not on a history either, and the referral keeps its state.
                    let mut r = referral_in("svc", from);
                    let before = r.clone();
                    assert!(r.record(to, 1_000_000, by(side), &valid_details(to)).is_err());
                    assert_eq!(r, before);
                }
            }
        }
        assert_eq!(forbidden, 8 * 8 * 2 - TRANSITIONS.len());
    }

    #[test]
    fn final_states_make_no_move() {
        for &from in ReferralState::ALL.iter().filter(|s| s.is_terminal()) {
            assert!(TRANSITIONS.iter().all(|(f, _, _)| *f != from), "{from:?} is final");
            assert!(next_states(from, Side::Worker).is_empty() && next_states(from, Side::Partner).is_empty());
            for &to in ReferralState::ALL {
                for &side in Side::ALL {
                    assert_eq!(apply(from, to, side, &valid_details(to)), Err(ReferralError::Transition { from, to }));
                }
            }
        }
        let e = apply(ReferralState::Completed, ReferralState::Sent, Side::Worker, &MoveDetails::none()).unwrap_err();
        assert_eq!(e.to_string(), "a referral cannot go from completed to sent");
        let non_final: Vec<_> = ReferralState::ALL.iter().filter(|s| !s.is_terminal()).collect();
        assert!(non_final.iter().all(|s| TRANSITIONS.iter().any(|(f, t, _)| f == *s && *t == ReferralState::Withdrawn)));
    }

    #[test]
    fn who_may_do_what() {
        use ReferralState::*;
        assert_eq!(next_states(Concept, Side::Worker), vec![Sent, Withdrawn]);
        assert_eq!(next_states(Concept, Side::Partner), vec![]);
        assert_eq!(next_states(Sent, Side::Partner), vec![Received, Accepted, Rejected]);
        assert_eq!(next_states(Accepted, Side::Partner), vec![InProgress, Completed]);
        assert_eq!(next_states(InProgress, Side::Worker), vec![Withdrawn]);
        let e = apply(Sent, Accepted, Side::Worker, &MoveDetails::none()).unwrap_err();
        assert_eq!(e.to_string(), "the worker side may not move a referral from sent to accepted");
    }

    #[test]
    fn reasons_and_outcomes_are_required_where_they_matter() {
        use ReferralState::*;
        let (w, p) = (Side::Worker, Side::Partner);
        assert_eq!(apply(Received, Rejected, p, &MoveDetails::none()), Err(ReferralError::ReasonRequired));
        assert_eq!(apply(Sent, Withdrawn, w, &MoveDetails::reason(" \n ")), Err(ReferralError::ReasonRequired));
        assert_eq!(apply(InProgress, Completed, p, &MoveDetails::none()), Err(ReferralError::OutcomeRequired));
        assert_eq!(apply(InProgress, Completed, p, &MoveDetails::outcome(false, " ")), Err(ReferralError::OutcomeReasonRequired));
        assert_eq!(apply(InProgress, Completed, p, &MoveDetails::outcome(false, "Niet meer gekomen")), Ok(Completed));
        assert_eq!(apply(InProgress, Completed, p, &MoveDetails::outcome(true, "")), Ok(Completed), "success needs no reason");
        assert_eq!(apply(Received, Accepted, p, &MoveDetails::reason("Intake dinsdag 10:00")), Ok(Accepted), "a note may go along");
        let long = "x".repeat(MAX_TEXT + 1);
        assert_eq!(apply(Sent, Rejected, p, &MoveDetails::reason(long.clone())), Err(ReferralError::TooLong(MAX_TEXT)));
        assert_eq!(apply(InProgress, Completed, p, &MoveDetails::outcome(false, long)), Err(ReferralError::TooLong(MAX_TEXT)));
        // The table comes first: an illegal move is that, whatever its details.
        assert_eq!(
            apply(Completed, Sent, w, &MoveDetails::outcome(false, "")),
            Err(ReferralError::Transition { from: Completed, to: Sent })
        );
    }

    #[test]
    fn a_history_keeps_its_times_actors_reasons_and_outcome() {
        use ReferralState::*;
        let mut r = Referral::new("schuldhulp", ORG);
        assert_eq!(r.state(), Concept);
        r.record(Sent, 100, WORKER, &MoveDetails::none()).unwrap();
        assert!(r.awaits_answer());
        assert_eq!(r.record(Received, 99, PARTNER, &MoveDetails::none()), Err(ReferralError::OutOfOrder));
        let nobody = By::Partner { user: " ", organisation: ORG };
        assert_eq!(r.record(Received, 200, nobody, &MoveDetails::none()), Err(ReferralError::ActorRequired));
        r.record(Received, 200, PARTNER, &MoveDetails::none()).unwrap();
        r.record(Accepted, 300, PARTNER, &MoveDetails::reason("  Intake op dinsdag  ")).unwrap();
        r.record(InProgress, 300, PARTNER, &MoveDetails::none()).unwrap();
        r.record(Completed, 900, PARTNER, &MoveDetails::outcome(false, " Schuldeiser werkte niet mee ")).unwrap();
        assert_eq!(r.state(), Completed);
        assert_eq!((r.sent_at(), r.answered_at(), r.decided_at()), (Some(100), Some(200), Some(300)));
        assert!(!r.awaits_answer() && r.was_accepted());
        assert_eq!(r.history()[2].reason.as_deref(), Some("Intake op dinsdag"), "trimmed");
        assert_eq!(r.outcome(), Some(&Outcome { success: false, reason: "Schuldeiser werkte niet mee".into() }));
        assert_eq!(r.end_reason(), None);
        assert_eq!(r.history().iter().map(|t| t.actor.as_str()).collect::<Vec<_>>(), ["w-1", "p-1", "p-1", "p-1", "p-1"]);

        let mut withdrawn = referral_in("schuldhulp", Received);
        withdrawn.record(Withdrawn, 10_000, WORKER, &MoveDetails::reason("Toestemming ingetrokken")).unwrap();
        assert_eq!(withdrawn.end_reason(), Some("Toestemming ingetrokken"));
        assert_eq!(withdrawn.outcome(), None);
    }

    #[test]
    fn a_stored_history_is_checked_when_loaded() {
        use ReferralState::*;
        let r = referral_in("svc", Completed);
        assert_eq!(Referral::from_history("svc", ORG, r.history().to_vec()).unwrap().state(), Completed);
        let mut skipped = r.history().to_vec();
        skipped.remove(1);
        assert_eq!(Referral::from_history("svc", ORG, skipped), Err(ReferralError::BrokenHistory { expected: Sent, found: Received }));
        let mut forged = r.history().to_vec();
        forged.push(Transition {
            from: Completed,
            to: Sent,
            at: 1_000_000,
            actor: "w-1".into(),
            side: Side::Worker,
            reason: None,
            outcome: None,
        });
        assert_eq!(Referral::from_history("svc", ORG, forged), Err(ReferralError::Transition { from: Completed, to: Sent }));
        let mut backwards = r.history().to_vec();
        backwards[2].at = 0;
        assert_eq!(Referral::from_history("svc", ORG, backwards), Err(ReferralError::OutOfOrder));
    }

    #[test]
    fn a_partner_sees_and_answers_only_referrals_sent_to_its_organisation() {
        use ReferralState::*;
        let ours = referral_in("slr", Sent);
        let our_concept = referral_in("slr", Concept);
        let our_discarded_concept = referral_in("slr", Withdrawn);
        let mut theirs = Referral::new("schuldhulp", "org-other");
        theirs.record(Sent, 0, WORKER, &MoveDetails::none()).unwrap();
        let all = vec![ours.clone(), our_concept.clone(), theirs.clone(), our_discarded_concept];
        assert_eq!(partner_inbox(&all, ORG), vec![&ours]);
        assert_eq!(partner_inbox(&all, "org-other"), vec![&theirs]);
        assert!(partner_inbox(&all, "org-unknown").is_empty());

        assert_eq!(theirs.record(Accepted, 10, PARTNER, &MoveDetails::none()), Err(ReferralError::NotAddressed));
        assert_eq!(theirs.state(), Sent);
        let mut concept = our_concept;
        assert_eq!(concept.record(Sent, 10, PARTNER, &MoveDetails::none()), Err(ReferralError::NotAddressed));
        let other = By::Partner { user: "p-9", organisation: "org-other" };
        assert_eq!(theirs.record(Accepted, 10, other, &MoveDetails::none()).map(|t| t.to), Ok(Accepted));

        // A referral withdrawn after it was sent stays in the inbox, marked withdrawn.
        let mut ours = ours;
        ours.record(Withdrawn, 20, WORKER, &MoveDetails::reason("Verhuisd")).unwrap();
        assert!(ours.visible_to_partner(ORG));
    }

    fn draft() -> ReferralDraft {
        ReferralDraft {
            service: "svc-slr-1".into(),
            reason: "Mevrouw krijgt een brief van de Belastingdienst die ze niet begrijpt.".into(),
            shared: [SharedItem::ContactDetails, SharedItem::Question].into(),
            basis: Some(SharingBasis::Consent),
            consent_member: Some("m-1".into()),
            recipient_is_public_body: false,
            urgency: Urgency::Normal,
            joint_appointment: true,
        }
    }

    #[test]
    fn a_draft_needs_a_reason_items_a_basis_and_consent() {
        let members = ["m-1", "m-2"];
        assert_eq!(check_referral_draft(&draft(), &members), Ok(()));
        let empty = ReferralDraft {
            service: " ".into(),
            reason: "  ".into(),
            shared: BTreeSet::new(),
            basis: None,
            consent_member: None,
            ..draft()
        };
        let errors = check_referral_draft(&empty, &members).unwrap_err();
        assert_eq!(
            errors,
            vec![DraftError::NoService, DraftError::ReasonRequired, DraftError::NothingShared, DraftError::NoBasis, DraftError::NoConsent]
        );
        assert_eq!(errors.iter().map(DraftError::field).collect::<Vec<_>>(), ["service", "reason", "shared", "basis", "consent_member_id"]);

        let d = ReferralDraft { consent_member: Some("m-9".into()), ..draft() };
        assert_eq!(check_referral_draft(&d, &members), Err(vec![DraftError::UnknownMember]));
        let d = ReferralDraft { basis: Some(SharingBasis::LegalTask), consent_member: None, ..draft() };
        assert_eq!(check_referral_draft(&d, &members), Err(vec![DraftError::NoConsent]), "consent is asked in any case");
        let d = ReferralDraft { reason: "x".repeat(MAX_TEXT + 1), ..draft() };
        assert_eq!(check_referral_draft(&d, &members), Err(vec![DraftError::ReasonTooLong(MAX_TEXT)]));
    }

    #[test]
    fn consent_alone_is_no_ground_for_a_public_body() {
        let members = ["m-1"];
        let d = ReferralDraft { recipient_is_public_body: true, ..draft() };
        assert_eq!(check_referral_draft(&d, &members), Err(vec![DraftError::ConsentIsNoGround]));
        for basis in [SharingBasis::LegalTask, SharingBasis::LegalObligation] {
            let d = ReferralDraft { basis: Some(basis), ..d.clone() };
            assert_eq!(check_referral_draft(&d, &members), Ok(()));
        }
    }

    #[test]
    fn working_days_skip_the_weekend() {
        let friday = date!(2026 - 11 - 27);
        let saturday = date!(2026 - 11 - 28);
        let sunday = date!(2026 - 11 - 29);
        let wednesday = date!(2026 - 11 - 25);
        assert_eq!(friday.weekday(), Weekday::Friday);
        assert_eq!(add_working_days(friday, 0), friday);
        assert_eq!(add_working_days(friday, 1), date!(2026 - 11 - 30));
        assert_eq!(add_working_days(friday, 5), date!(2026 - 12 - 04));
        assert_eq!(add_working_days(saturday, 0), date!(2026 - 11 - 30));
        assert_eq!(add_working_days(saturday, 1), date!(2026 - 11 - 30));
        assert_eq!(add_working_days(sunday, 5), date!(2026 - 12 - 04));
        assert_eq!(add_working_days(wednesday, 2), friday);
        assert_eq!(add_working_days(wednesday, 3), date!(2026 - 11 - 30));
        assert_eq!(add_working_days(wednesday, 10), date!(2026 - 12 - 09));
        // Across a year end (Christmas and New Year's Day are not skipped yet).
        assert_eq!(add_working_days(date!(2026 - 12 - 24), 5), date!(2026 - 12 - 31));
    }

    #[test]
    fn an_unanswered_referral_is_overdue_after_its_working_days() {
        let sent = date!(2026 - 11 - 27);
        let due = date!(2026 - 12 - 04);
        assert_eq!(answer_overdue(sent, false, DEFAULT_ANSWER_DAYS, due), None, "the last day is in time");
        assert_eq!(answer_overdue(sent, false, DEFAULT_ANSWER_DAYS, date!(2026 - 12 - 05)), Some(due));
        assert_eq!(answer_overdue(sent, true, DEFAULT_ANSWER_DAYS, date!(2027 - 01 - 01)), None);
        assert_eq!(answer_overdue(sent, false, 2, date!(2026 - 12 - 02)), Some(date!(2026 - 12 - 01)), "a service's own term");
    }

    fn approx(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn statistics_per_service_on_a_small_example() {
        use ReferralState::*;
        const H: i64 = 3600;
        let p = PARTNER;
        let mut rs = Vec::new();
        // slr 1: receipt after 2 h, accepted, started, completed successfully.
        let mut r = Referral::new("slr", ORG);
        r.record(Sent, 0, WORKER, &MoveDetails::none()).unwrap();
        r.record(Received, 2 * H, p, &MoveDetails::none()).unwrap();
        r.record(Accepted, 3 * H, p, &MoveDetails::none()).unwrap();
        r.record(InProgress, 4 * H, p, &MoveDetails::none()).unwrap();
        r.record(Completed, 100 * H, p, &MoveDetails::outcome(true, "")).unwrap();
        rs.push(r);
        // slr 2: rejected after 10 h.
        let mut r = Referral::new("slr", ORG);
        r.record(Sent, 0, WORKER, &MoveDetails::none()).unwrap();
        r.record(Rejected, 10 * H, p, &MoveDetails::reason("Geen sociaaljuridische vraag")).unwrap();
        rs.push(r);
        // slr 3: accepted after 4 h, completed without success.
        let mut r = Referral::new("slr", ORG);
        r.record(Sent, 0, WORKER, &MoveDetails::none()).unwrap();
        r.record(Accepted, 4 * H, p, &MoveDetails::none()).unwrap();
        r.record(Completed, 50 * H, p, &MoveDetails::outcome(false, "Niet op de afspraak gekomen")).unwrap();
        rs.push(r);
        // slr 4: no answer yet. slr 5: a concept (left out). slr 6: withdrawn before an answer.
        rs.push(referral_in("slr", Sent));
        rs.push(referral_in("slr", Concept));
        let mut r = referral_in("slr", Sent);
        r.record(Withdrawn, 5 * H, WORKER, &MoveDetails::reason("Zelf opgelost")).unwrap();
        rs.push(r);
        // debt 1: receipt after 30 h, still open.
        let mut r = Referral::new("debt", ORG);
        r.record(Sent, 0, WORKER, &MoveDetails::none()).unwrap();
        r.record(Received, 30 * H, p, &MoveDetails::none()).unwrap();
        rs.push(r);

        let stats = service_statistics(&rs);
        assert_eq!(stats.iter().map(|s| s.service.as_str()).collect::<Vec<_>>(), ["debt", "slr"]);
        let debt = &stats[0];
        assert_eq!((debt.sent, debt.answered, debt.open, debt.acceptance_rate), (1, 1, 1, None));
        assert!(approx(debt.median_response_hours, 30.0) && approx(debt.p90_response_hours, 30.0));

        let slr = &stats[1];
        // Response times 2, 10 and 4 hours: sorted 2, 4, 10; median 4; P90 the 3rd of 3 (nearest rank).
        assert_eq!((slr.sent, slr.answered), (5, 3));
        assert!(approx(slr.median_response_hours, 4.0), "{:?}", slr.median_response_hours);
        assert!(approx(slr.p90_response_hours, 10.0), "{:?}", slr.p90_response_hours);
        assert_eq!((slr.accepted, slr.rejected), (2, 1));
        assert!(approx(slr.acceptance_rate, 2.0 / 3.0));
        assert_eq!((slr.completed_success, slr.completed_failure, slr.withdrawn, slr.open), (1, 1, 1, 1));
        assert!(service_statistics(&[]).is_empty());
    }

    #[test]
    fn an_anonymised_consultation_has_no_household() {
        let c = Consult::new("org-slr", Identification::Anonymised, None, "Mag een bijstandsgerechtigde een gift van 500 euro houden?")
            .unwrap();
        assert_eq!((c.household(), c.identification(), c.state()), (None, Identification::Anonymised, ConsultState::Asked));
        assert_eq!(c.household(), None);
        assert_eq!(Consult::new("org-slr", Identification::Anonymised, Some("hh-1"), "Vraag"), Err(ConsultError::HouseholdNotAllowed));
        assert_eq!(Consult::new("org-slr", Identification::Anonymised, Some("  "), "Vraag").unwrap().household(), None);
        assert_eq!(Consult::new("org-slr", Identification::Identified, None, "Vraag"), Err(ConsultError::HouseholdRequired));
        let c = Consult::new("org-slr", Identification::Identified, Some("hh-1"), "Vraag").unwrap();
        assert_eq!((c.household(), c.identification()), (Some("hh-1"), Identification::Identified));
        assert!(c.addressed_to("org-slr") && !c.addressed_to("org-other"));
        assert_eq!(Consult::new(" ", Identification::Anonymised, None, "Vraag"), Err(ConsultError::NoOrganisation));
        assert_eq!(Consult::new("org-slr", Identification::Anonymised, None, " "), Err(ConsultError::TextRequired));
    }

    #[test]
    fn a_consultation_is_answered_followed_up_and_closed() {
        use ConsultState::*;
        let mut c = Consult::new("org-slr", Identification::Anonymised, None, "Vraag").unwrap();
        assert_eq!(
            c.move_to(Answered, Side::Worker, Some("x")),
            Err(ConsultError::WrongSide { from: Asked, to: Answered, side: Side::Worker })
        );
        assert_eq!(c.move_to(Answered, Side::Partner, Some(" ")), Err(ConsultError::TextRequired));
        assert_eq!(c.move_to(Answered, Side::Partner, Some("Ja, tot de vrijlatingsgrens")), Ok(Answered));
        assert_eq!(c.move_to(Asked, Side::Worker, Some("En bij 1000 euro?")), Ok(Asked));
        assert_eq!(c.move_to(Answered, Side::Partner, Some("Dan telt het mee")), Ok(Answered));
        assert_eq!(c.move_to(Closed, Side::Worker, None), Ok(Closed));
        assert_eq!(c.move_to(Asked, Side::Worker, Some("Nog iets")), Err(ConsultError::Transition { from: Closed, to: Asked }));
        assert_eq!(c.state(), Closed);
    }

    #[test]
    fn consult_moves_succeed_exactly_for_the_table() {
        for &from in ConsultState::ALL {
            for &to in ConsultState::ALL {
                for &side in Side::ALL {
                    let got = consult_transition(from, to, side, Some("tekst"));
                    assert_eq!(got.is_ok(), CONSULT_TRANSITIONS.contains(&(from, to, side)), "{from:?} → {to:?} by {side:?}");
                }
            }
        }
    }

    fn any_state() -> impl Strategy<Value = ReferralState> {
        proptest::sample::select(ReferralState::ALL.to_vec())
    }

    fn any_side() -> impl Strategy<Value = Side> {
        proptest::sample::select(Side::ALL.to_vec())
    }

    fn any_details() -> impl Strategy<Value = MoveDetails> {
        (
            proptest::option::of(prop_oneof!["", " ", "[a-z ]{1,20}"]),
            proptest::option::of((proptest::bool::ANY, prop_oneof!["", " ", "[a-z ]{1,20}"])),
        )
            .prop_map(|(reason, outcome)| MoveDetails { reason, outcome: outcome.map(|(success, reason)| Outcome { success, reason }) })
    }

    proptest! {
        /// Whatever the details, a move outside the table never succeeds; one inside it succeeds
        /// exactly when its details are complete.
        #[test]
        fn apply_never_leaves_the_table(from in any_state(), to in any_state(), side in any_side(), details in any_details()) {
            let got = apply(from, to, side, &details);
            if !TRANSITIONS.contains(&(from, to, side)) {
                prop_assert!(got.is_err());
            } else {
                let filled = |s: &str| !s.trim().is_empty();
                let reason_ok = !reason_required(to) || details.reason.as_deref().is_some_and(filled);
                let outcome_ok = match &details.outcome {
                    None => to != ReferralState::Completed,
                    Some(o) => to == ReferralState::Completed && (o.success || filled(&o.reason)),
                };
                prop_assert_eq!(got.is_ok(), reason_ok && outcome_ok);
            }
        }

        /// Random attempts on a referral: its history only holds table moves, each following the
        /// last, its state is the last move's, and the statistics account for every sent referral.
        #[test]
        fn a_referral_never_reaches_an_illegal_state(
            attempts in proptest::collection::vec((any_state(), any_side(), any_details(), 0i64..10_000), 0..30)
        ) {
            let mut r = Referral::new("svc", ORG);
            let mut now = 0;
            for (to, side, details, step) in attempts {
                let before = r.clone();
                now += step;
                if r.record(to, now, by(side), &details).is_err() {
                    prop_assert_eq!(&r, &before);
                }
            }
            let mut state = ReferralState::Concept;
            for t in r.history() {
                prop_assert_eq!(t.from, state);
                prop_assert!(TRANSITIONS.contains(&(t.from, t.to, t.side)));
                state = t.to;
            }
            prop_assert_eq!(r.state(), state);
            prop_assert_eq!(Referral::from_history("svc", ORG, r.history().to_vec()), Ok(r.clone()));
            let stats = service_statistics(std::slice::from_ref(&r));
            if let Some(s) = stats.first() {
                prop_assert_eq!(s.sent, 1);
                prop_assert_eq!(s.rejected + s.completed_success + s.completed_failure + s.withdrawn + s.open, 1);
                prop_assert!(s.median_response_hours.is_none_or(|h| h >= 0.0));
            } else {
                prop_assert!(!r.was_sent());
            }
        }

        /// The result is a working day, never before the start, and exactly `n` working days follow
        /// the start up to it.
        #[test]
        fn working_days_land_on_a_weekday(offset in 0i64..3650, n in 0u32..80) {
            let start = date!(2024 - 01 - 01) + Duration::days(offset);
            let end = add_working_days(start, n);
            prop_assert!(!is_weekend(end));
            prop_assert!(end >= start);
            let mut counted = 0;
            let mut d = start;
            while d < end {
                d = d.next_day().unwrap();
                if !is_weekend(d) {
                    counted += 1;
                }
            }
            if n == 0 {
                prop_assert!((end - start).whole_days() <= 2);
            } else {
                prop_assert_eq!(counted, n);
            }
            // One more working day lands later, except from a weekend, where 0 and 1 both give the Monday.
            let next = add_working_days(start, n + 1);
            prop_assert!(next > end || (n == 0 && is_weekend(start) && next == end));
        }
    }

    #[test]
    fn naming_the_household_needs_consent() {
        assert_eq!(check_consult_consent(Identification::Identified, false), Err(ConsultError::ConsentRequired));
        assert_eq!(check_consult_consent(Identification::Identified, true), Ok(()));
        assert_eq!(check_consult_consent(Identification::Anonymised, false), Ok(()));
    }

    #[test]
    fn a_referral_goes_only_to_an_active_service_that_serves_the_household_area() {
        let map = crate::social_map::hsds::from_json(include_str!("../../../data/social-map/voorbeeld-hsds.json")).expect("sample map");
        let service = |id: &str| map.services.iter().find(|s| s.id == id).expect("service in sample").clone();
        // Debt counselling serves 3500-3549 and 3560.
        assert_eq!(check_recipient(&service("svc-schuldhulp"), 3511), Ok(()));
        assert_eq!(check_recipient(&service("svc-schuldhulp"), 3560), Ok(()));
        assert_eq!(check_recipient(&service("svc-schuldhulp"), 3550), Err(DraftError::OutsideArea));
        // The social legal advisors have no area: every postcode.
        assert_eq!(check_recipient(&service("svc-raadslieden"), 9999), Ok(()));
        // Temporarily closed, also inside its area.
        assert_eq!(check_recipient(&service("svc-huur"), 3521), Err(DraftError::ServiceNotActive));
        assert_eq!(DraftError::OutsideArea.field(), "service");
    }
}
