//! The demo's referrals: Ruud van der Linden (SITUATIONS.md 1) had his money matters asked about three
//! weeks ago; the allowance repayment that came up became a referral to the social legal advisors,
//! sent two weeks ago and not answered yet — so the team sees the "no answer in time" alert and
//! `demo.partner` finds it in the inbox. The Dijkstra family (SITUATIONS.md 4) has had no financial
//! screening at all: its alert is the point of that situation, and the browser journey starts there.

use crate::demo_households::Who;
use anyhow::{Context, Result};
use eenplan_domain::access::Action;
use eenplan_domain::household::Urgency;
use eenplan_domain::maatwerk::SharingBasis;
use eenplan_domain::referral::{By, MoveDetails, ReferralState, SharedItem};
use eenplan_domain::screening::{ServiceKind, Value};
use eenplan_store::Store;
use eenplan_store::referrals::{FromSuggestion, ReferralInput};
use eenplan_store::testing::{ManualClock, calm_answers};

const DAY: i64 = 86_400;

pub async fn load(store: &Store, worker: &Who, ruud: &str) -> Result<()> {
    let member = store.members(ruud).await?.first().context("Ruud")?.id.clone();
    let screening = eenplan_domain::screening::builtin().into_iter().next().context("the shipped screening")?;
    let mut answers = calm_answers();
    answers.insert("income_source".into(), Value::Choice("benefit".into()));
    answers.insert("allowance_repayment".into(), Value::Bool(true));
    answers.insert("money_help".into(), Value::Choice("debt_counselling".into()));
    let then = store.with_clock(ManualClock::new(store.now() - 21 * DAY));
    let sid = then
        .save_screening(ruud, &screening, &answers, then.today(), &worker.id, &worker.audit(Some(ruud), "screening", Action::Create))
        .await?;
    let service = store.service("svc-raadslieden").await?.context("svc-raadslieden on the demo social map")?;
    let input = ReferralInput {
        reason: "Ruud moet zorgtoeslag terugbetalen en begrijpt de brief niet. Hij wil hulp bij bezwaar of een regeling.".into(),
        shared: [SharedItem::ContactDetails, SharedItem::Question].into(),
        basis: Some(SharingBasis::Consent),
        consent_member_id: Some(member),
        urgency: Urgency::Normal,
        joint_appointment: false,
    };
    let from = FromSuggestion { screening_id: sid, rule: "allowance_or_tax_question".into(), kind: ServiceKind::SocialLegalAdvice };
    let sent = store.with_clock(ManualClock::new(store.now() - 14 * DAY));
    let rid = sent
        .create_referral(ruud, &service, &input, Some(&from), &worker.id, &worker.audit(Some(ruud), "referral", Action::Create))
        .await?;
    sent.move_referral(
        &rid,
        1,
        ReferralState::Sent,
        (By::Worker { user: &worker.id }, &worker.name),
        &MoveDetails::none(),
        &worker.audit(Some(ruud), "referral_state", Action::Update),
    )
    .await?;
    Ok(())
}
