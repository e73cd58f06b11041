//! What the referral pages (the worker's and the partner's) and the referral API share: reading a
//! referral's draft and a move from a form (the API turns its JSON body into one first), the Dutch
//! message for each rule a draft or a move breaks, and the partner's access to one referral or
//! consultation — always through the access policy, always audited.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::i18n::Tr;
use crate::page::UserCtx;
use eenplan_domain::access::{AccessRequest, Action, HouseholdFacts, Purpose, Resource, decide};
use eenplan_domain::household::{FieldError, MAX_TEXT, Urgency, optional_text, required_text};
use eenplan_domain::maatwerk::SharingBasis;
use eenplan_domain::referral::{DraftError, MoveDetails, Outcome, ReferralError, ReferralState, SharedItem, reason_required};
use eenplan_store::consults::StoredConsult;
use eenplan_store::referrals::{ReferralInput, StoredReferral};

/// Reads a referral's draft. A concept may still miss what sending needs (what is shared, the basis,
/// the consent): [`eenplan_domain::referral::check_referral_draft`] asks for that when it is sent.
/// A consent must name a member of the household (`members`: their ids).
pub fn parse_referral_input(f: &mut FormState, tr: Tr, members: &[&str]) -> Option<ReferralInput> {
    let raw = f.raw("reason").to_string();
    let reason = f.check(tr, "reason", required_text(&raw, MAX_TEXT));
    let mut shared = std::collections::BTreeSet::new();
    for code in f.raw("shared").split(',').map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect::<Vec<_>>() {
        match SharedItem::parse(&code) {
            Ok(item) => {
                shared.insert(item);
            }
            Err(e) => {
                f.check::<()>(tr, "shared", Err(e));
            }
        }
    }
    let basis_raw = f.raw("basis").trim().to_string();
    let basis = if basis_raw.is_empty() { Some(None) } else { f.check(tr, "basis", SharingBasis::parse(&basis_raw)).map(Some) };
    let consent_raw = f.raw("consent_member_id").trim().to_string();
    let consent = match consent_raw.as_str() {
        "" => Some(None),
        m if members.contains(&m) => Some(Some(m.to_string())),
        _ => {
            f.errors.insert("consent_member_id".into(), tr.t(draft_error_key(DraftError::UnknownMember)));
            None
        }
    };
    let urgency_raw = f.raw("urgency").trim().to_string();
    let urgency = if urgency_raw.is_empty() { Some(Urgency::Normal) } else { f.check(tr, "urgency", Urgency::parse(&urgency_raw)) };
    let joint_appointment = matches!(f.raw("joint_appointment"), "1" | "on" | "true");
    if !f.errors.is_empty() {
        return None;
    }
    Some(ReferralInput { reason: reason?, shared, basis: basis?, consent_member_id: consent?, urgency: urgency?, joint_appointment })
}

/// The i18n key of the message for a problem with a draft.
pub fn draft_error_key(e: DraftError) -> &'static str {
    match e {
        DraftError::NoService => "err-referral-no-service",
        DraftError::ReasonRequired => "err-required",
        DraftError::ReasonTooLong(_) => "err-too-long",
        DraftError::NothingShared => "err-referral-nothing-shared",
        DraftError::NoBasis => "err-referral-no-basis",
        DraftError::NoConsent => "err-referral-no-consent",
        DraftError::UnknownMember => "err-referral-unknown-member",
        DraftError::ConsentIsNoGround => "err-referral-consent-no-ground",
        DraftError::ServiceNotActive => "err-referral-service-closed",
        DraftError::OutsideArea => "err-referral-outside-area",
    }
}

/// Puts each problem of a draft next to its field.
pub fn draft_errors(f: &mut FormState, tr: Tr, errors: &[DraftError]) {
    for e in errors {
        let msg = match e {
            DraftError::ReasonTooLong(n) => tr.t1("err-too-long", "max", &n.to_string()),
            other => tr.t(draft_error_key(*other)),
        };
        f.errors.insert(e.field().to_string(), msg);
    }
}

/// Reads a move: the state to go to (`to`), a reason (required to reject or withdraw) and, to
/// complete, the outcome (`outcome` = `success` or `failure`, the reason required for a failure).
pub fn parse_move(f: &mut FormState, tr: Tr) -> Option<(ReferralState, MoveDetails)> {
    let to_raw = f.raw("to").trim().to_string();
    let to = f.check(tr, "to", if to_raw.is_empty() { Err(FieldError::Required) } else { ReferralState::parse(&to_raw) })?;
    let reason_raw = f.raw("reason").to_string();
    let reason = f.check(tr, "reason", optional_text(&reason_raw, MAX_TEXT))?;
    if reason_required(to) && reason.is_none() {
        f.errors.insert("reason".into(), tr.t("err-referral-reason"));
        return None;
    }
    if to != ReferralState::Completed {
        return Some((to, MoveDetails { reason, outcome: None }));
    }
    let success = match f.raw("outcome").trim() {
        "success" => true,
        "failure" => false,
        _ => {
            f.errors.insert("outcome".into(), tr.t("err-referral-outcome"));
            return None;
        }
    };
    if !success && reason.is_none() {
        f.errors.insert("reason".into(), tr.t("err-referral-outcome-reason"));
        return None;
    }
    Some((to, MoveDetails { reason: None, outcome: Some(Outcome { success, reason: reason.unwrap_or_default() }) }))
}

/// The message for a move the domain refused (the page's summary).
pub fn move_error_text(tr: Tr, e: &ReferralError) -> String {
    match e {
        ReferralError::Transition { from, to } | ReferralError::WrongSide { from, to, .. } => {
            tr.ta("err-referral-transition", &[("from", &tr.code("ref-state", from.code())), ("to", &tr.code("ref-state", to.code()))])
        }
        ReferralError::NotAddressed => tr.t("err-referral-not-addressed"),
        _ => tr.t("err-referral-move"),
    }
}

/// The social map organisation (HSDS id) the caller's organisation is linked to; a user of an
/// organisation that is not on the social map receives no referrals.
pub async fn partner_organisation(state: &AppState, u: &UserCtx) -> WebResult<Option<String>> {
    match u.user.organisation_id.as_deref() {
        Some(org) => Ok(state.store.social_map_id_of(org).await?),
        None => Ok(None),
    }
}

/// Asks the policy whether the caller (a partner user) may do `action` on what this referral shares
/// of the household, and writes the decision, allowed or refused, to the audit log before anything
/// is shown or changed. Concepts and referrals to another organisation are refused.
pub async fn referral_for_partner(state: &AppState, u: &UserCtx, rid: &str, action: Action, what: &str) -> WebResult<StoredReferral> {
    let r = state.store.referral(rid).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let facts = state.store.referral_facts(&r).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    ask_partner(state, u, facts, action, what, rid).await?;
    Ok(r)
}

/// The same for a consultation: the specialist's organisation must be the one asked. An identified
/// consultation shares the household (with the consent recorded); an anonymised one shares nothing
/// of it, and its audit record names no household.
pub async fn consult_for_partner(state: &AppState, u: &UserCtx, cid: &str, action: Action, what: &str) -> WebResult<StoredConsult> {
    let c = state.store.consult(cid).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let org = partner_organisation(state, u).await?;
    let addressed = org.as_deref() == Some(c.organization_id.as_str());
    let mut facts = HouseholdFacts::default();
    if c.identification == eenplan_domain::referral::Identification::Identified {
        facts = state.store.access_facts(&c.household_id).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
        facts.shared_with.clear();
        facts.consents.clear();
    }
    // An anonymised consultation needs no consent: nothing of the household goes with it.
    let consented = c.consent_member_id.is_some() || facts.id.is_empty();
    if addressed && let Some(own) = u.user.organisation_id.clone() {
        eenplan_store::households::add_sharing(&mut facts, &own, Purpose::Referral, consented);
    }
    ask_partner(state, u, facts, action, what, cid).await?;
    Ok(c)
}

async fn ask_partner(state: &AppState, u: &UserCtx, facts: HouseholdFacts, action: Action, what: &str, id: &str) -> WebResult<()> {
    let anonymous = facts.id.is_empty();
    let resource = Resource::Household(facts);
    let d = decide(&AccessRequest { actor: &u.actor, action, purpose: Purpose::Referral, resource: &resource, break_glass: None });
    let mut audit = d.audit.clone();
    audit.resource = what.into();
    audit.resource_id = Some(id.to_string());
    if anonymous {
        audit.household = None;
    }
    state.store.audit(&audit).await?;
    d.allowed.map_err(|_| WebError::new(ErrorKind::Forbidden))
}
