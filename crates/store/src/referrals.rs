//! Referrals in the database. The rules (the table of moves and who makes each, what a draft needs
//! before it is sent, the answer deadline, the statistics) are the domain's (`domain::referral`);
//! here each change is one transaction with its audit record, guarded by the referral's version, and
//! a referral's state is always the last move of its history, which is checked again on every load.

use crate::households::add_sharing;
use crate::{Result, Store, StoreError, flag, new_id};
use eenplan_domain::access::{HouseholdFacts, Purpose};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::household::{Law, Urgency, format_date, parse_date};
use eenplan_domain::maatwerk::{MdtParty, SharingBasis};
use eenplan_domain::referral::{
    By, MoveDetails, Outcome, Referral, ReferralDraft, ReferralState, SharedItem, Side, Transition, add_working_days, check_recipient,
    check_referral_draft,
};
use eenplan_domain::screening::ServiceKind;
use eenplan_domain::social_map::Service;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeSet;
use time::Date;

/// What the worker writes in a referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralInput {
    /// Why, in plain words (B1): the household reads it too.
    pub reason: String,
    /// What goes with it, chosen item by item.
    pub shared: BTreeSet<SharedItem>,
    pub basis: Option<SharingBasis>,
    /// The member who consented to this referral.
    pub consent_member_id: Option<String>,
    pub urgency: Urgency,
    /// A joint first appointment is asked for (warm handover).
    pub joint_appointment: bool,
}

/// The screening suggestion a referral answers (the worker accepted it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromSuggestion {
    pub screening_id: String,
    pub rule: String,
    pub kind: ServiceKind,
}

/// One move of a referral with the name of who made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub transition: Transition,
    pub actor_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReferral {
    pub id: String,
    pub household_id: String,
    pub service_id: String,
    /// The service's name and organisation (social map id) when the referral was made.
    pub service_name: String,
    pub organization_id: String,
    pub input: ReferralInput,
    pub answer_days: u32,
    /// Once sent: the last day the partner answers in time.
    pub answer_due: Option<Date>,
    pub screening_id: Option<String>,
    pub involvement_id: Option<String>,
    pub created_by: String,
    pub created_at: i64,
    pub version: i64,
    pub moves: Vec<Move>,
    /// The domain's referral, rebuilt from the moves (its state is the last move's).
    pub referral: Referral,
}

impl StoredReferral {
    pub fn state(&self) -> ReferralState {
        self.referral.state()
    }

    /// The domain's draft, to check before sending.
    pub fn draft(&self, recipient_is_public_body: bool) -> ReferralDraft {
        ReferralDraft {
            service: self.service_id.clone(),
            reason: self.input.reason.clone(),
            shared: self.input.shared.clone(),
            basis: self.input.basis,
            consent_member: self.input.consent_member_id.clone(),
            recipient_is_public_body,
            urgency: self.input.urgency,
            joint_appointment: self.input.joint_appointment,
        }
    }
}

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("stored referral {what} not understood"))
}

fn invalid(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(e.to_string())
}

fn join_items(items: &BTreeSet<SharedItem>) -> String {
    items.iter().map(|i| i.code()).collect::<Vec<_>>().join(",")
}

fn split_items(s: &str) -> Result<BTreeSet<SharedItem>> {
    s.split(',').filter(|c| !c.is_empty()).map(|c| SharedItem::parse(c).map_err(|_| bad("shared item"))).collect()
}

const COLUMNS: &str = "id, household_id, service_id, service_name, sm_organization_id, reason, shared_items, basis, consent_member_id, \
     urgency, joint_appointment, answer_days, answer_due, screening_id, involvement_id, created_by, created_at, version";

/// A referral's row, without its moves yet.
fn row_to_referral(r: &AnyRow) -> Result<StoredReferral> {
    let urgency: String = r.try_get("urgency")?;
    let service_id: String = r.try_get("service_id")?;
    let organization_id: String = r.try_get("sm_organization_id")?;
    Ok(StoredReferral {
        id: r.try_get("id")?,
        household_id: r.try_get("household_id")?,
        referral: Referral::new(service_id.clone(), organization_id.clone()),
        service_id,
        service_name: r.try_get("service_name")?,
        organization_id,
        input: ReferralInput {
            reason: r.try_get("reason")?,
            shared: split_items(&r.try_get::<String, _>("shared_items")?)?,
            basis: r.try_get::<Option<String>, _>("basis")?.map(|b| SharingBasis::parse(&b).map_err(|_| bad("basis"))).transpose()?,
            consent_member_id: r.try_get("consent_member_id")?,
            urgency: Urgency::parse(&urgency).map_err(|_| bad("urgency"))?,
            joint_appointment: r.try_get::<i64, _>("joint_appointment")? != 0,
        },
        answer_days: u32::try_from(r.try_get::<i64, _>("answer_days")?).map_err(|_| bad("answer days"))?,
        answer_due: r.try_get::<Option<String>, _>("answer_due")?.and_then(|d| parse_date(&d).ok()),
        screening_id: r.try_get("screening_id")?,
        involvement_id: r.try_get("involvement_id")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        version: r.try_get("version")?,
        moves: Vec::new(),
    })
}

/// (referral, from, to, side, actor, actor name, at, reason, success)
type MoveRow = (String, String, String, String, String, String, i64, Option<String>, Option<i64>);

fn move_from_row(row: MoveRow) -> Result<(String, Move)> {
    let (referral_id, from, to, side, actor, actor_name, at, reason, success) = row;
    let (reason, outcome) = match success {
        Some(s) => (None, Some(Outcome { success: s != 0, reason: reason.unwrap_or_default() })),
        None => (reason, None),
    };
    let transition = Transition {
        from: ReferralState::parse(&from).map_err(|_| bad("state"))?,
        to: ReferralState::parse(&to).map_err(|_| bad("state"))?,
        at,
        actor,
        side: Side::parse(&side).map_err(|_| bad("side"))?,
        reason,
        outcome,
    };
    Ok((referral_id, Move { transition, actor_name }))
}

/// Whether a directory organisation of this kind is a public body (consent alone is no ground).
fn is_public_kind(kind: &str) -> bool {
    MdtParty::parse(kind).is_ok_and(|p| p.is_public_body())
}

/// A value bound to a query.
#[derive(Clone, Copy)]
enum Bind<'a> {
    Text(&'a str),
    Int(i64),
}

/// The day a unix time falls on (UTC).
pub(crate) fn day_of(at: i64) -> Date {
    time::OffsetDateTime::from_unix_timestamp(at).map(|t| t.date()).unwrap_or(Date::MIN)
}

impl Store {
    /// A new referral (a concept) of a household to a service, checked against the service: it takes
    /// referrals and serves the household's area. When it answers a screening suggestion, the
    /// worker's acceptance is recorded with it, in the same transaction.
    pub async fn create_referral(
        &self,
        household_id: &str,
        service: &Service,
        input: &ReferralInput,
        from: Option<&FromSuggestion>,
        author_id: &str,
        audit: &AuditDraft,
    ) -> Result<String> {
        let household = self.household(household_id).await?.ok_or_else(|| StoreError::NotFound("household".into()))?;
        check_recipient(service, household.address.postcode.pc4()).map_err(invalid)?;
        let id = new_id();
        let now = self.now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(&format!(
            "INSERT INTO referrals ({COLUMNS}, state, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, $13, NULL, $14, $15, 1, 'concept', $15)"
        ))
        .bind(&id)
        .bind(household_id)
        .bind(&service.id)
        .bind(&service.name)
        .bind(&service.organization_id)
        .bind(input.reason.trim())
        .bind(join_items(&input.shared))
        .bind(input.basis.map(|b| b.code()))
        .bind(input.consent_member_id.as_deref())
        .bind(input.urgency.code())
        .bind(flag(input.joint_appointment))
        .bind(i64::from(service.answer_days()))
        .bind(from.map(|f| f.screening_id.as_str()))
        .bind(author_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if let Some(f) = from {
            sqlx::query(
                "INSERT INTO screening_responses (screening_id, rule, kind, decision, reason, referral_id, decided_by, decided_at)
                 VALUES ($1, $2, $3, 'accepted', NULL, $4, $5, $6)",
            )
            .bind(&f.screening_id)
            .bind(&f.rule)
            .bind(f.kind.code())
            .bind(&id)
            .bind(author_id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::on_unique(e, "a response to this suggestion"))?;
        }
        let mut audit = audit.clone();
        audit.resource_id = Some(id.clone());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a concept's text, if its version is still `expected_version`.
    pub async fn update_referral(&self, id: &str, expected_version: i64, input: &ReferralInput, audit: &AuditDraft) -> Result<()> {
        let r = self.referral(id).await?.ok_or_else(|| StoreError::NotFound("referral".into()))?;
        if r.state() != ReferralState::Concept {
            return Err(invalid(format!("a {} referral cannot be changed", r.state().code())));
        }
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE referrals SET reason = $1, shared_items = $2, basis = $3, consent_member_id = $4, urgency = $5, joint_appointment = $6,
               version = version + 1, updated_at = $7
             WHERE id = $8 AND version = $9 AND state = 'concept'",
        )
        .bind(input.reason.trim())
        .bind(join_items(&input.shared))
        .bind(input.basis.map(|b| b.code()))
        .bind(input.consent_member_id.as_deref())
        .bind(input.urgency.code())
        .bind(flag(input.joint_appointment))
        .bind(self.now())
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict("the referral".into()));
        }
        let mut audit = audit.clone();
        audit.resource_id = Some(id.to_string());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes one move, if the referral's version is still `expected_version`: the domain rules on it
    /// (in the table, by the right side, with its reason or outcome, a partner only on referrals sent
    /// to its organisation). Sending checks the draft and the service again and starts the answer
    /// deadline. `by` comes with the mover's display name. Accepting a referral that asked for a joint appointment adds the partner's user as
    /// an involved professional until the referral ends (warm handover). Returns the new state.
    pub async fn move_referral(
        &self,
        id: &str,
        expected_version: i64,
        to: ReferralState,
        (by, actor_name): (By<'_>, &str),
        details: &MoveDetails,
        audit: &AuditDraft,
    ) -> Result<ReferralState> {
        let mut r = self.referral(id).await?.ok_or_else(|| StoreError::NotFound("referral".into()))?;
        if r.version != expected_version {
            return Err(StoreError::Conflict("the referral".into()));
        }
        let now = self.now();
        let today = day_of(now);
        if to == ReferralState::Sent {
            self.check_sendable(&r).await?;
        }
        let t = r.referral.record(to, now, by, details).map_err(invalid)?.clone();
        let mut tx = self.pool().begin().await?;
        let answer_due = (to == ReferralState::Sent).then(|| format_date(add_working_days(today, r.answer_days)));
        let done = sqlx::query(
            "UPDATE referrals SET state = $1, version = version + 1, updated_at = $2,
               sent_at = CASE WHEN $3 = 1 THEN $2 ELSE sent_at END, answer_due = COALESCE($4, answer_due)
             WHERE id = $5 AND version = $6",
        )
        .bind(to.code())
        .bind(now)
        .bind(flag(to == ReferralState::Sent))
        .bind(answer_due)
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict("the referral".into()));
        }
        let (reason, success) = match &t.outcome {
            Some(o) => (Some(o.reason.clone()), Some(flag(o.success))),
            None => (t.reason.clone(), None),
        };
        sqlx::query(
            "INSERT INTO referral_moves (referral_id, seq, from_state, to_state, side, actor_id, actor_name, at, reason, success)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id)
        .bind(r.moves.len() as i64 + 1)
        .bind(t.from.code())
        .bind(t.to.code())
        .bind(t.side.code())
        .bind(&t.actor)
        .bind(actor_name)
        .bind(t.at)
        .bind(reason)
        .bind(success)
        .execute(&mut *tx)
        .await?;
        if to == ReferralState::Accepted && r.input.joint_appointment && r.involvement_id.is_none() {
            let involvement = new_id();
            sqlx::query(
                "INSERT INTO involvements (id, household_id, organisation, professional, law, since, until, created_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)",
            )
            .bind(&involvement)
            .bind(&r.household_id)
            .bind(&r.service_name)
            .bind(actor_name)
            .bind(Law::Other.code())
            .bind(format_date(today))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE referrals SET involvement_id = $1 WHERE id = $2").bind(&involvement).bind(id).execute(&mut *tx).await?;
        }
        if to.is_terminal()
            && let Some(involvement) = &r.involvement_id
        {
            sqlx::query("UPDATE involvements SET until = $1 WHERE id = $2 AND until IS NULL")
                .bind(format_date(today))
                .bind(involvement)
                .execute(&mut *tx)
                .await?;
        }
        self.refresh_answer_due(&mut tx, &r.household_id).await?;
        let mut audit = audit.clone();
        audit.resource_id = Some(id.to_string());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(to)
    }

    /// A concept may be sent when its draft holds (reason, what is shared, basis, consent of a member
    /// of the household, no consent-only ground for a public body) and its service still takes
    /// referrals from the household's area.
    async fn check_sendable(&self, r: &StoredReferral) -> Result<()> {
        let members = self.members(&r.household_id).await?;
        let ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
        let public = self.organisations_on_social_map(&r.organization_id).await?.iter().any(|o| is_public_kind(&o.kind));
        check_referral_draft(&r.draft(public), &ids)
            .map_err(|errors| invalid(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")))?;
        let household = self.household(&r.household_id).await?.ok_or_else(|| StoreError::NotFound("household".into()))?;
        match self.service(&r.service_id).await? {
            Some(service) => check_recipient(&service, household.address.postcode.pc4()).map_err(invalid),
            None => Err(invalid("the service is no longer on the social map")),
        }
    }

    /// The household's earliest answer deadline of a referral still waiting for its answer.
    async fn refresh_answer_due(&self, tx: &mut sqlx::Transaction<'static, sqlx::Any>, household_id: &str) -> Result<()> {
        sqlx::query(
            "UPDATE households SET referral_answer_due =
               (SELECT MIN(r.answer_due) FROM referrals r WHERE r.household_id = households.id AND r.state = 'sent')
             WHERE id = $1",
        )
        .bind(household_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Fills in the moves of each referral, in one query for the whole list, and rebuilds each
    /// domain referral from them (a history that breaks the rules is an error, not a state).
    async fn attach_moves(&self, list: &mut [StoredReferral]) -> Result<()> {
        if list.is_empty() {
            return Ok(());
        }
        let ph: Vec<String> = (1..=list.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT referral_id, from_state, to_state, side, actor_id, actor_name, at, reason, success
             FROM referral_moves WHERE referral_id IN ({}) ORDER BY referral_id, seq",
            ph.join(", ")
        );
        let mut q = sqlx::query_as::<_, MoveRow>(&sql);
        for r in list.iter() {
            q = q.bind(&r.id);
        }
        for row in q.fetch_all(self.pool()).await? {
            let (referral_id, m) = move_from_row(row)?;
            if let Some(r) = list.iter_mut().find(|r| r.id == referral_id) {
                r.moves.push(m);
            }
        }
        for r in list.iter_mut() {
            let history = r.moves.iter().map(|m| m.transition.clone()).collect();
            r.referral = Referral::from_history(r.service_id.clone(), r.organization_id.clone(), history).map_err(invalid)?;
        }
        Ok(())
    }

    async fn referrals_where(&self, sql_where: &str, binds: &[Bind<'_>], limit: Option<i64>) -> Result<Vec<StoredReferral>> {
        let limit = limit.map(|l| format!(" LIMIT {}", l.clamp(1, 500))).unwrap_or_default();
        let sql = format!("SELECT {COLUMNS} FROM referrals WHERE {sql_where}{limit}");
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = match *b {
                Bind::Text(t) => q.bind(t),
                Bind::Int(i) => q.bind(i),
            };
        }
        let mut list = q.fetch_all(self.pool()).await?.iter().map(row_to_referral).collect::<Result<Vec<_>>>()?;
        self.attach_moves(&mut list).await?;
        Ok(list)
    }

    /// The referral with its moves.
    pub async fn referral(&self, id: &str) -> Result<Option<StoredReferral>> {
        Ok(self.referrals_where("id = $1", &[Bind::Text(id)], None).await?.pop())
    }

    /// The household's referrals, newest first.
    pub async fn referrals_of_household(&self, household_id: &str) -> Result<Vec<StoredReferral>> {
        self.referrals_where("household_id = $1 ORDER BY created_at DESC, id DESC", &[Bind::Text(household_id)], None).await
    }

    /// A page of the referrals sent to a social map organisation (a partner's inbox; never concepts),
    /// newest first: at most `limit`, before the keyset `(sent_at, id)` of the previous page's last one.
    pub async fn referrals_to(&self, organization_id: &str, before: Option<(i64, &str)>, limit: i64) -> Result<Vec<StoredReferral>> {
        match before {
            None => {
                self.referrals_where(
                    "sm_organization_id = $1 AND sent_at IS NOT NULL ORDER BY sent_at DESC, id DESC",
                    &[Bind::Text(organization_id)],
                    Some(limit),
                )
                .await
            }
            Some((at, id)) => {
                self.referrals_where(
                    "sm_organization_id = $1 AND sent_at IS NOT NULL AND (sent_at < $2 OR (sent_at = $2 AND id < $3))
                     ORDER BY sent_at DESC, id DESC",
                    &[Bind::Text(organization_id), Bind::Int(at), Bind::Text(id)],
                    Some(limit),
                )
                .await
            }
        }
    }

    /// Every referral sent from `from` (unix seconds) on, with its moves: the input of the statistics
    /// per service. No personal data leaves this function's callers (they count).
    pub async fn referrals_sent_since(&self, from: i64) -> Result<Vec<StoredReferral>> {
        self.referrals_where("sent_at >= $1 ORDER BY sent_at, id", &[Bind::Int(from)], None).await
    }

    /// The access facts of one referral: the household's teams, and as shared (for the referral
    /// purpose) only the directory organisations linked to the referral's organisation on the social
    /// map, once it was sent, with consent when a member's consent is recorded.
    pub async fn referral_facts(&self, r: &StoredReferral) -> Result<Option<HouseholdFacts>> {
        let Some(facts) = self.access_facts(&r.household_id).await? else { return Ok(None) };
        let mut facts = HouseholdFacts { shared_with: Vec::new(), consents: Vec::new(), ..facts };
        if r.referral.was_sent() {
            for org in self.organisations_on_social_map(&r.organization_id).await? {
                add_sharing(&mut facts, &org.id, Purpose::Referral, r.input.consent_member_id.is_some());
            }
        }
        Ok(Some(facts))
    }
}
