//! The household file in the database: intake (matched to an existing household or new), members,
//! contact worker, status, involvements, network, timeline, caseload and search. Every change is
//! written with its audit record in one transaction; edits carry the version they were based on.

use crate::{Result, Store, StoreError, flag, new_id};
use eenplan_domain::access::{HouseholdFacts as AccessFacts, Purpose};
use eenplan_domain::alerts::{FollowUpFacts, HouseholdFacts as AlertFacts, InvolvementFacts, MaatwerkFacts, MemberFacts, PlanFacts};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::household::{
    Bsn, CloseReason, ContactType, HouseNumber, Law, LifeDomain, MemberRole, Postcode, Referrer, Status, Urgency, format_date, parse_date,
    transition,
};
use eenplan_domain::names::{Matcher, core_words, match_score, name_key, phonetic, reversed_core, search_text};
use eenplan_domain::team::TeamKind;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use time::Date;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub street: String,
    pub number: HouseNumber,
    pub postcode: Postcode,
    pub city: String,
}

impl Address {
    pub fn line(&self) -> String {
        let add = self.number.addition.as_deref().map(|a| format!(" {a}")).unwrap_or_default();
        format!("{} {}{add}, {} {}", self.street, self.number.number, self.postcode.as_str(), self.city)
    }
}

#[derive(Debug, Clone)]
pub struct NewMember {
    pub given_names: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
    pub date_of_birth: Option<Date>,
    pub role: MemberRole,
    pub languages: Vec<String>,
    pub interpreter_needed: bool,
    pub interpreter_language: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub bsn: Option<Bsn>,
}

#[derive(Debug, Clone)]
pub struct NewIntake {
    pub referrer: Referrer,
    pub question: String,
    pub domains: Vec<LifeDomain>,
    pub urgency: Urgency,
    pub wish: Option<TeamKind>,
    pub address: Address,
    pub member: NewMember,
    /// The team routing proposed, `None` for the triage queue.
    pub team_id: Option<String>,
    pub route_reason: String,
}

/// How an intake found an existing household.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    Bsn,
    NameAndBirth,
    Address,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeOutcome {
    pub household_id: String,
    pub matched: Option<MatchedBy>,
}

#[derive(Debug, Clone)]
pub struct Household {
    pub id: String,
    pub status: Status,
    pub close_reason: Option<CloseReason>,
    pub address: Address,
    pub lead_team_id: Option<String>,
    pub co_team_id: Option<String>,
    pub contact_worker_id: Option<String>,
    pub last_contact_on: Option<Date>,
    /// The one plan's state, kept with the household for the alerts (None: no plan yet).
    pub plan: Option<PlanFacts>,
    /// Maatwerk requests waiting for the MDT, kept with the household for the alerts.
    pub maatwerk: MaatwerkFacts,
    /// The last financial screening and the first referral answer deadline, for the alerts.
    pub follow_up: FollowUpFacts,
    pub version: i64,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub id: String,
    pub given_names: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
    pub date_of_birth: Option<Date>,
    pub role: MemberRole,
    pub languages: Vec<String>,
    pub interpreter_needed: bool,
    pub interpreter_language: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub has_bsn: bool,
}

impl Member {
    pub fn full_name(&self) -> String {
        [Some(self.given_names.as_str()), self.name_prefix.as_deref(), Some(self.family_name.as_str())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Debug, Clone)]
pub struct TimelineEntry {
    pub id: String,
    pub contact_type: ContactType,
    pub body: String,
    pub domains: Vec<LifeDomain>,
    pub member_id: Option<String>,
    pub author_name: String,
    pub occurred_on: Date,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewTimelineEntry {
    pub contact_type: ContactType,
    pub body: String,
    pub domains: Vec<LifeDomain>,
    pub member_id: Option<String>,
    pub occurred_on: Date,
}

#[derive(Debug, Clone)]
pub struct Involvement {
    pub id: String,
    pub organisation: String,
    pub professional: Option<String>,
    pub law: Law,
    pub since: Date,
    pub until: Option<Date>,
}

#[derive(Debug, Clone)]
pub struct NetworkContact {
    pub id: String,
    pub name: String,
    pub relation: String,
    pub phone: Option<String>,
    pub can_help_with: Option<String>,
    pub consent_member_id: String,
}

#[derive(Debug, Clone)]
pub struct Intake {
    pub address_line: String,
    pub referrer: Referrer,
    pub question: String,
    pub domains: Vec<LifeDomain>,
    pub urgency: Urgency,
    pub created_at: i64,
}

/// One line of a caseload or a search result: enough to list, never the whole file.
#[derive(Debug, Clone)]
pub struct HouseholdSummary {
    pub household: Household,
    pub members: Vec<Member>,
    pub contact_worker_name: Option<String>,
    pub contact_worker_available: bool,
    pub laws: Vec<(Law, bool)>,
}

impl HouseholdSummary {
    /// The facts the alert rules need.
    pub fn alert_facts(&self) -> AlertFacts {
        let created = time::OffsetDateTime::from_unix_timestamp(self.household.created_at).map(|t| t.date()).unwrap_or(Date::MIN);
        AlertFacts {
            status: self.household.status,
            created,
            contact_worker: self.household.contact_worker_id.clone(),
            contact_worker_available: self.contact_worker_available,
            members: self.members.iter().map(|m| MemberFacts { id: m.id.clone(), name: m.full_name(), born: m.date_of_birth }).collect(),
            involvements: self.laws.iter().map(|(law, active)| InvolvementFacts { law: *law, active: *active }).collect(),
            plan: self.household.plan,
            last_contact: self.household.last_contact_on,
            maatwerk: Some(self.household.maatwerk),
            follow_up: Some(self.household.follow_up),
        }
    }
}

/// A worker leaves: who hands over to whom, with which note, within which teams.
#[derive(Debug, Clone, Copy)]
pub struct Handover<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub to_name: &'a str,
    pub note: &'a str,
    /// The team lead's teams: only their households move.
    pub teams: &'a [String],
    /// (user id, display name) of the team lead, the author of the handover notes.
    pub author: (&'a str, &'a str),
}

/// What to search for. Empty fields are ignored; at least one must be given.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub name: Option<String>,
    pub date_of_birth: Option<Date>,
    pub postcode: Option<Postcode>,
    pub house_number: Option<u32>,
    pub bsn: Option<Bsn>,
}

/// id, organisation, professional, law, since, until
type InvolvementRow = (String, String, Option<String>, String, String, Option<String>);
/// id, name, relation, phone, can_help_with, consent_member_id
type NetworkRow = (String, String, String, Option<String>, Option<String>, String);

fn join_domains(d: &[LifeDomain]) -> String {
    d.iter().map(|x| x.code()).collect::<Vec<_>>().join(",")
}

fn split_domains(s: &str) -> Vec<LifeDomain> {
    s.split(',').filter_map(|c| LifeDomain::parse(c).ok()).collect()
}

/// Records that the household's data went to `org` for `purpose` (an MDT decision, a referral) and
/// whether a member consented.
pub fn add_sharing(facts: &mut AccessFacts, org: &str, purpose: Purpose, consented: bool) {
    let pair = (org.to_string(), purpose);
    if !facts.shared_with.contains(&pair) {
        facts.shared_with.push(pair.clone());
    }
    if consented && !facts.consents.contains(&pair) {
        facts.consents.push(pair);
    }
}

fn opt_date(s: Option<String>) -> Option<Date> {
    s.and_then(|d| parse_date(&d).ok())
}

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("stored {what} not understood"))
}

const HOUSEHOLD_COLUMNS: &str = "id, status, close_reason, street, house_number, house_addition, postcode, city, lead_team_id, co_team_id, \
     contact_worker_id, last_contact_on, plan_agreed, plan_evaluation_on, maatwerk_waiting, maatwerk_decide_by, last_screening_on, referral_answer_due, version, created_at";

/// `a, b` as `t.a, t.b`.
fn prefixed(columns: &str, table: &str) -> String {
    columns.split(',').map(|c| format!("{table}.{}", c.trim())).collect::<Vec<_>>().join(", ")
}

fn household_from_row(r: &AnyRow) -> Result<Household> {
    let status: String = r.try_get("status")?;
    let postcode: String = r.try_get("postcode")?;
    let number: i64 = r.try_get("house_number")?;
    Ok(Household {
        id: r.try_get("id")?,
        status: Status::parse(&status).map_err(|_| bad("status"))?,
        close_reason: r.try_get::<Option<String>, _>("close_reason")?.and_then(|c| CloseReason::parse(&c).ok()),
        address: Address {
            street: r.try_get("street")?,
            number: HouseNumber { number: number as u32, addition: r.try_get("house_addition")? },
            postcode: Postcode::parse(&postcode).map_err(|_| bad("postcode"))?,
            city: r.try_get("city")?,
        },
        lead_team_id: r.try_get("lead_team_id")?,
        co_team_id: r.try_get("co_team_id")?,
        contact_worker_id: r.try_get("contact_worker_id")?,
        last_contact_on: opt_date(r.try_get("last_contact_on")?),
        plan: r
            .try_get::<Option<i64>, _>("plan_agreed")?
            .map(|agreed| PlanFacts { agreed: agreed != 0, evaluation_on: opt_date(r.try_get("plan_evaluation_on").ok().flatten()) }),
        maatwerk: MaatwerkFacts {
            waiting: r.try_get::<i64, _>("maatwerk_waiting")?.clamp(0, i64::from(u32::MAX)) as u32,
            decide_by: opt_date(r.try_get("maatwerk_decide_by")?),
        },
        follow_up: FollowUpFacts {
            last_screening: opt_date(r.try_get("last_screening_on")?),
            referral_answer_due: opt_date(r.try_get("referral_answer_due")?),
        },
        version: r.try_get("version")?,
        created_at: r.try_get("created_at")?,
    })
}

const MEMBER_COLUMNS: &str = "id, household_id, given_names, name_prefix, family_name, date_of_birth, role, languages, interpreter_needed, \
     interpreter_language, phone, email, bsn_index";

fn member_from_row(r: &AnyRow) -> Result<Member> {
    let role: String = r.try_get("role")?;
    let languages: String = r.try_get("languages")?;
    Ok(Member {
        id: r.try_get("id")?,
        given_names: r.try_get("given_names")?,
        name_prefix: r.try_get("name_prefix")?,
        family_name: r.try_get("family_name")?,
        date_of_birth: opt_date(r.try_get("date_of_birth")?),
        role: MemberRole::parse(&role).map_err(|_| bad("member role"))?,
        languages: languages.split(',').filter(|l| !l.is_empty()).map(str::to_string).collect(),
        interpreter_needed: r.try_get::<i64, _>("interpreter_needed")? != 0,
        interpreter_language: r.try_get("interpreter_language")?,
        phone: r.try_get("phone")?,
        email: r.try_get("email")?,
        has_bsn: r.try_get::<Option<String>, _>("bsn_index")?.is_some(),
    })
}

/// A member's details as written on insert and on edit, in the order `bind_details` binds them
/// ($1 … $15): the name as typed, the derived search columns, and the rest.
const DETAIL_COLUMNS: &str = "given_names, name_prefix, family_name, search_text, family_core, family_key, given_core, family_rev, \
     date_of_birth, role, languages, interpreter_needed, interpreter_language, phone, email";

fn bind_details<'q>(
    q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    m: &'q NewMember,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    q.bind(&m.given_names)
        .bind(m.name_prefix.as_deref())
        .bind(&m.family_name)
        .bind(search_text(&m.given_names, m.name_prefix.as_deref().unwrap_or(""), &m.family_name))
        .bind(core_words(&m.family_name).first().cloned().unwrap_or_default())
        .bind(name_key(&m.family_name))
        .bind(core_words(&m.given_names).first().cloned().unwrap_or_default())
        .bind(reversed_core(&m.family_name))
        .bind(m.date_of_birth.map(format_date))
        .bind(m.role.code())
        .bind(m.languages.join(","))
        .bind(flag(m.interpreter_needed))
        .bind(m.interpreter_language.as_deref())
        .bind(m.phone.as_deref())
        .bind(m.email.as_deref())
}

impl Store {
    async fn insert_member(
        &self,
        tx: &mut Transaction<'static, Any>,
        household_id: &str,
        lead_team: Option<&str>,
        m: &NewMember,
    ) -> Result<String> {
        let id = new_id();
        let (bsn_encrypted, bsn_index) = match &m.bsn {
            Some(b) => {
                let v = self.vault()?;
                (Some(v.encrypt(b.as_str())), Some(v.blind_index(b.as_str())))
            }
            None => (None, None),
        };
        let sql = format!(
            "INSERT INTO members ({DETAIL_COLUMNS}, id, household_id, bsn_encrypted, bsn_index, version, created_at, lead_team_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1, $20, $21)"
        );
        bind_details(sqlx::query(&sql), m)
            .bind(&id)
            .bind(household_id)
            .bind(bsn_encrypted)
            .bind(bsn_index)
            .bind(self.now())
            .bind(lead_team)
            .execute(&mut **tx)
            .await?;
        Ok(id)
    }

    /// Finds the household an intake belongs to: by BSN, by a member's name and date of birth, or by
    /// address (a household not closed at the same postcode and house number).
    pub async fn match_household(&self, address: &Address, m: &NewMember) -> Result<Option<(String, MatchedBy)>> {
        if let Some(b) = &m.bsn {
            let idx = self.vault()?.blind_index(b.as_str());
            if let Some((id,)) = sqlx::query_as::<_, (String,)>("SELECT household_id FROM members WHERE bsn_index = $1 LIMIT 1")
                .bind(idx)
                .fetch_optional(self.pool())
                .await?
            {
                return Ok(Some((id, MatchedBy::Bsn)));
            }
        }
        if let Some(dob) = m.date_of_birth {
            let rows: Vec<(String, String)> =
                sqlx::query_as("SELECT household_id, search_text FROM members WHERE date_of_birth = $1 AND family_key = $2")
                    .bind(format_date(dob))
                    .bind(name_key(&m.family_name))
                    .fetch_all(self.pool())
                    .await?;
            let wanted = search_text(&m.given_names, "", &m.family_name);
            if let Some((id, _)) = rows.into_iter().find(|(_, text)| match_score(&wanted, text).is_some()) {
                return Ok(Some((id, MatchedBy::NameAndBirth)));
            }
        }
        let by_address: Option<(String,)> = sqlx::query_as(
            "SELECT id FROM households WHERE postcode = $1 AND house_number = $2 AND COALESCE(house_addition, '') = $3 AND status <> 'closed'
             ORDER BY created_at LIMIT 1",
        )
        .bind(address.postcode.as_str())
        .bind(address.number.number as i64)
        .bind(address.number.addition.clone().unwrap_or_default())
        .fetch_optional(self.pool())
        .await?;
        Ok(by_address.map(|(id,)| (id, MatchedBy::Address)))
    }

    /// Registers an intake: on a matched household (adding the person if they are not yet a member)
    /// or on a new household in the proposed team (or the triage queue).
    pub async fn register_intake(&self, tenant_id: &str, i: &NewIntake, created_by: &str, audit: &AuditDraft) -> Result<IntakeOutcome> {
        let matched = self.match_household(&i.address, &i.member).await?;
        let now = self.now();
        let mut tx = self.pool().begin().await?;
        let household_id = match &matched {
            Some((id, by)) => {
                let h = self.household(id).await?.ok_or_else(|| StoreError::NotFound("household".into()))?;
                // A new request for a closed file reopens it as an intake (the domain's table).
                let status = if h.status == Status::Closed {
                    transition(h.status, Status::Intake).map_err(|e| StoreError::Invalid(e.to_string()))?
                } else {
                    h.status
                };
                let reason = if status == Status::Closed { h.close_reason.map(|r| r.code()) } else { None };
                // A reopened file is no longer closed: its closing day goes with its reason.
                sqlx::query(
                    "UPDATE households SET updated_at = $1, version = version + 1, status = $2, close_reason = $3,
                     closed_on = CASE WHEN $2 = 'closed' THEN closed_on END WHERE id = $4",
                )
                .bind(now)
                .bind(status.code())
                .bind(reason)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                if *by == MatchedBy::Address {
                    self.insert_member(&mut tx, id, h.lead_team_id.as_deref(), &i.member).await?;
                }
                id.clone()
            }
            None => {
                let id = new_id();
                sqlx::query(
                    "INSERT INTO households (id, tenant_id, status, street, house_number, house_addition, postcode, pc4, city, lead_team_id,
                       version, created_at, updated_at)
                     VALUES ($1, $2, 'intake', $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)",
                )
                .bind(&id)
                .bind(tenant_id)
                .bind(&i.address.street)
                .bind(i.address.number.number as i64)
                .bind(i.address.number.addition.as_deref())
                .bind(i.address.postcode.as_str())
                .bind(i.address.postcode.pc4() as i64)
                .bind(&i.address.city)
                .bind(i.team_id.as_deref())
                .bind(now)
                .execute(&mut *tx)
                .await?;
                self.insert_member(&mut tx, &id, i.team_id.as_deref(), &i.member).await?;
                id
            }
        };
        sqlx::query(
            "INSERT INTO intakes (id, household_id, referrer, question, domains, urgency, wish_kind, routed_team_id, route_reason, created_by, created_at, address_line)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(new_id())
        .bind(&household_id)
        .bind(i.referrer.code())
        .bind(&i.question)
        .bind(join_domains(&i.domains))
        .bind(i.urgency.code())
        .bind(i.wish.map(|k| k.as_str()))
        .bind(i.team_id.as_deref())
        .bind(&i.route_reason)
                .bind(created_by)
        .bind(now)
        .bind(i.address.line())
        .execute(&mut *tx)
        .await?;
        let mut audit = audit.clone();
        audit.household = Some(household_id.clone());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(IntakeOutcome { household_id, matched: matched.map(|(_, by)| by) })
    }

    /// Several households in one query, in the order of `ids`.
    pub async fn households_by_ids(&self, ids: &[String]) -> Result<Vec<Household>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!("SELECT {HOUSEHOLD_COLUMNS} FROM households WHERE id IN ({})", placeholders.join(", "));
        let mut q = sqlx::query(&sql);
        for id in ids {
            q = q.bind(id);
        }
        let mut found = q.fetch_all(self.pool()).await?.iter().map(household_from_row).collect::<Result<Vec<_>>>()?;
        found.sort_by_key(|h| ids.iter().position(|id| *id == h.id));
        Ok(found)
    }

    /// The household with its contact worker's name and availability, in one read.
    pub(crate) async fn household_with_worker(&self, id: &str) -> Result<Option<(Household, Option<(String, bool)>)>> {
        let sql = format!(
            "SELECT {}, u.display_name AS worker_name, u.available AS worker_available
             FROM households h LEFT JOIN users u ON u.id = h.contact_worker_id WHERE h.id = $1",
            prefixed(HOUSEHOLD_COLUMNS, "h")
        );
        let Some(row) = sqlx::query(&sql).bind(id).fetch_optional(self.pool()).await? else { return Ok(None) };
        let worker = row
            .try_get::<Option<String>, _>("worker_name")?
            .map(|name| (name, row.try_get::<Option<i64>, _>("worker_available").ok().flatten() != Some(0)));
        Ok(Some((household_from_row(&row)?, worker)))
    }

    /// The workers of the household's lead team (see `team_workers`).
    pub(crate) async fn workers_of_lead_team(&self, household_id: &str) -> Result<Vec<(String, String, bool)>> {
        self.workers_of("(SELECT lead_team_id FROM households WHERE id = $1)", household_id).await
    }

    /// Active workers and team leads of the team `team` (an SQL expression of `$1`), by name.
    async fn workers_of(&self, team: &str, bind: &str) -> Result<Vec<(String, String, bool)>> {
        let sql = format!(
            "SELECT DISTINCT u.id, u.display_name, u.available FROM users u JOIN user_roles r ON r.user_id = u.id
             WHERE r.team_id = {team} AND r.role IN ('worker', 'team_lead') AND u.active = 1 ORDER BY u.display_name"
        );
        let rows: Vec<(String, String, i64)> = sqlx::query_as(&sql).bind(bind).fetch_all(self.pool()).await?;
        Ok(rows.into_iter().map(|(id, name, a)| (id, name, a != 0)).collect())
    }

    pub async fn household(&self, id: &str) -> Result<Option<Household>> {
        sqlx::query(&format!("SELECT {HOUSEHOLD_COLUMNS} FROM households WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .map(|r| household_from_row(&r))
            .transpose()
    }

    /// What the access policy needs to know about a household (consent and sharing come with their
    /// own capabilities and are empty until then).
    /// The organisations a maatwerk request of this household was shared with (in one read with the
    /// teams) count as shared for the MDT decision; the basis for sharing was recorded per organisation
    /// when it was shared (consent, legal task or legal obligation), so it counts as the consent fact.
    pub async fn access_facts(&self, id: &str) -> Result<Option<AccessFacts>> {
        // (lead team, co-team, an organisation shared with, the member who consented and did not withdraw)
        type Row = (Option<String>, Option<String>, Option<String>, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT h.lead_team_id, h.co_team_id, p.organisation_id,
                    CASE WHEN p.consent_withdrawn_at IS NULL THEN p.consent_member_id END FROM households h
             LEFT JOIN exception_requests r ON r.household_id = h.id AND r.state NOT IN ('concept', 'withdrawn')
             LEFT JOIN exception_parties p ON p.request_id = r.id
             WHERE h.id = $1",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let Some((lead_team, co_team, ..)) = rows.first().cloned() else { return Ok(None) };
        let mut facts = AccessFacts { id: id.to_string(), lead_team, co_team, ..Default::default() };
        for (_, _, org, consent) in rows {
            if let Some(org) = org {
                add_sharing(&mut facts, &org, Purpose::MdtDecision, consent.is_some());
            }
        }
        Ok(Some(facts))
    }

    pub async fn members(&self, household_id: &str) -> Result<Vec<Member>> {
        sqlx::query(&format!("SELECT {MEMBER_COLUMNS} FROM members WHERE household_id = $1 ORDER BY created_at, id"))
            .bind(household_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(member_from_row)
            .collect()
    }

    /// The BSN of a member, decrypted (shown only on explicit request, audited by the caller).
    pub async fn member_bsn(&self, member_id: &str) -> Result<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT bsn_encrypted FROM members WHERE id = $1").bind(member_id).fetch_optional(self.pool()).await?;
        match row.and_then(|r| r.0) {
            Some(enc) => Ok(Some(self.vault()?.decrypt(&enc)?)),
            None => Ok(None),
        }
    }

    /// Bumps the household's version if it is still `expected`; otherwise a conflict.
    async fn bump(&self, tx: &mut Transaction<'static, Any>, household_id: &str, expected: i64) -> Result<()> {
        let done = sqlx::query("UPDATE households SET version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3")
            .bind(self.now())
            .bind(household_id)
            .bind(expected)
            .execute(&mut **tx)
            .await?;
        if done.rows_affected() == 1 { Ok(()) } else { Err(StoreError::Conflict("the household".into())) }
    }

    /// Adds a member; refuses a duplicate (same name and date of birth in this household).
    pub async fn add_member(&self, household_id: &str, expected_version: i64, m: &NewMember, audit: &AuditDraft) -> Result<String> {
        let existing = self.members(household_id).await?;
        let wanted = search_text(&m.given_names, "", &m.family_name);
        if existing.iter().any(|e| e.date_of_birth == m.date_of_birth && search_text(&e.given_names, "", &e.family_name) == wanted) {
            return Err(StoreError::Duplicate("this member".into()));
        }
        let lead_team = self.household(household_id).await?.and_then(|h| h.lead_team_id);
        let mut tx = self.pool().begin().await?;
        self.bump(&mut tx, household_id, expected_version).await?;
        let id = self.insert_member(&mut tx, household_id, lead_team.as_deref(), m).await?;
        let mut audit = audit.clone();
        audit.member = Some(id.clone());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a member's details. An empty BSN keeps the stored one; the household's version guards
    /// against another worker's change in between. Refuses a duplicate of another member.
    pub async fn update_member(
        &self,
        household_id: &str,
        member_id: &str,
        expected_version: i64,
        m: &NewMember,
        audit: &AuditDraft,
    ) -> Result<()> {
        let existing = self.members(household_id).await?;
        if !existing.iter().any(|e| e.id == member_id) {
            return Err(StoreError::NotFound("member".into()));
        }
        let wanted = search_text(&m.given_names, "", &m.family_name);
        if existing
            .iter()
            .any(|e| e.id != member_id && e.date_of_birth == m.date_of_birth && search_text(&e.given_names, "", &e.family_name) == wanted)
        {
            return Err(StoreError::Duplicate("this member".into()));
        }
        let mut tx = self.pool().begin().await?;
        self.bump(&mut tx, household_id, expected_version).await?;
        let set: Vec<String> = DETAIL_COLUMNS.split(", ").enumerate().map(|(n, c)| format!("{c} = ${}", n + 1)).collect();
        let sql = format!("UPDATE members SET {}, version = version + 1 WHERE id = $16 AND household_id = $17", set.join(", "));
        bind_details(sqlx::query(&sql), m).bind(member_id).bind(household_id).execute(&mut *tx).await?;
        if let Some(b) = &m.bsn {
            let v = self.vault()?;
            sqlx::query("UPDATE members SET bsn_encrypted = $1, bsn_index = $2 WHERE id = $3")
                .bind(v.encrypt(b.as_str()))
                .bind(v.blind_index(b.as_str()))
                .bind(member_id)
                .execute(&mut *tx)
                .await?;
        }
        let mut audit = audit.clone();
        audit.member = Some(member_id.to_string());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves the household to a new address (a move keeps the team; the team lead decides on a
    /// handover). The old address stays in the timeline as a note by `author`.
    pub async fn change_address(
        &self,
        household_id: &str,
        expected_version: i64,
        to: &Address,
        author: (&str, &str),
        audit: &AuditDraft,
    ) -> Result<()> {
        let h = self.household(household_id).await?.ok_or_else(|| StoreError::NotFound("household".into()))?;
        let mut tx = self.pool().begin().await?;
        self.bump(&mut tx, household_id, expected_version).await?;
        sqlx::query("UPDATE households SET street = $1, house_number = $2, house_addition = $3, postcode = $4, city = $5 WHERE id = $6")
            .bind(&to.street)
            .bind(to.number.number as i64)
            .bind(to.number.addition.as_deref())
            .bind(to.postcode.as_str())
            .bind(&to.city)
            .bind(household_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO timeline_entries (id, household_id, contact_type, body, domains, member_id, author_id, author_name, occurred_on, created_at)
             VALUES ($1, $2, 'note', $3, 'housing', NULL, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(household_id)
        .bind(format!("{} → {}", h.address.line(), to.line()))
        .bind(author.0)
        .bind(author.1)
        .bind(format_date(self.today()))
        .bind(self.now())
        .execute(&mut *tx)
        .await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes `worker_id` the contact worker; an intake becomes active.
    pub async fn assign_contact_worker(
        &self,
        household_id: &str,
        expected_version: i64,
        worker_id: &str,
        audit: &AuditDraft,
    ) -> Result<()> {
        let h = self.household(household_id).await?.ok_or_else(|| StoreError::NotFound("household".into()))?;
        let status = if h.status == Status::Intake {
            transition(h.status, Status::Active).map_err(|e| StoreError::Invalid(e.to_string()))?
        } else {
            h.status
        };
        let mut tx = self.pool().begin().await?;
        self.bump(&mut tx, household_id, expected_version).await?;
        sqlx::query("UPDATE households SET contact_worker_id = $1, status = $2 WHERE id = $3")
            .bind(worker_id)
            .bind(status.code())
            .bind(household_id)
            .execute(&mut *tx)
            .await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes the status by the domain's table (closing needs a reason; reopening keeps history).
    pub async fn change_status(
        &self,
        household_id: &str,
        expected_version: i64,
        to: Status,
        reason: Option<CloseReason>,
        audit: &AuditDraft,
    ) -> Result<()> {
        let h = self.household(household_id).await?.ok_or_else(|| StoreError::NotFound("household".into()))?;
        transition(h.status, to).map_err(|e| StoreError::Invalid(e.to_string()))?;
        if to == Status::Closed && reason.is_none() {
            return Err(StoreError::Invalid("closing needs a reason".into()));
        }
        let mut tx = self.pool().begin().await?;
        self.bump(&mut tx, household_id, expected_version).await?;
        let closed = to == Status::Closed;
        sqlx::query("UPDATE households SET status = $1, close_reason = $2, closed_on = $3 WHERE id = $4")
            .bind(to.code())
            .bind(if closed { reason.map(|r| r.code()) } else { None })
            .bind(closed.then(|| format_date(self.today())))
            .bind(household_id)
            .execute(&mut *tx)
            .await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets the lead team (from the triage queue, or a move) and the optional co-team.
    pub async fn set_teams(
        &self,
        household_id: &str,
        expected_version: i64,
        lead: &str,
        co: Option<&str>,
        audit: &AuditDraft,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        self.bump(&mut tx, household_id, expected_version).await?;
        sqlx::query("UPDATE households SET lead_team_id = $1, co_team_id = $2 WHERE id = $3")
            .bind(lead)
            .bind(co)
            .bind(household_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE members SET lead_team_id = $1 WHERE household_id = $2").bind(lead).bind(household_id).execute(&mut *tx).await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a contact moment or note; a contact moment moves the household's last contact date.
    pub async fn add_timeline_entry(
        &self,
        household_id: &str,
        e: &NewTimelineEntry,
        author_id: &str,
        author_name: &str,
        audit: &AuditDraft,
    ) -> Result<String> {
        let id = new_id();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO timeline_entries (id, household_id, contact_type, body, domains, member_id, author_id, author_name, occurred_on, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&id)
        .bind(household_id)
        .bind(e.contact_type.code())
        .bind(&e.body)
        .bind(join_domains(&e.domains))
        .bind(e.member_id.as_deref())
        .bind(author_id)
        .bind(author_name)
        .bind(format_date(e.occurred_on))
        .bind(self.now())
        .execute(&mut *tx)
        .await?;
        if e.contact_type != ContactType::Note {
            sqlx::query("UPDATE households SET last_contact_on = $1 WHERE id = $2 AND (last_contact_on IS NULL OR last_contact_on < $1)")
                .bind(format_date(e.occurred_on))
                .bind(household_id)
                .execute(&mut *tx)
                .await?;
        }
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The newest timeline entries first, `limit` at a time; `before` is the last entry of the
    /// previous page (keyset pagination).
    pub async fn timeline(&self, household_id: &str, before: Option<(&str, i64)>, limit: i64) -> Result<Vec<TimelineEntry>> {
        let (on, at) = before.unwrap_or(("9999-12-31", i64::MAX));
        let rows = sqlx::query(
            "SELECT id, contact_type, body, domains, member_id, author_name, occurred_on, created_at FROM timeline_entries
             WHERE household_id = $1 AND (occurred_on < $2 OR (occurred_on = $2 AND created_at < $3))
             ORDER BY occurred_on DESC, created_at DESC LIMIT $4",
        )
        .bind(household_id)
        .bind(on)
        .bind(at)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let ct: String = r.try_get("contact_type")?;
                let on: String = r.try_get("occurred_on")?;
                Ok(TimelineEntry {
                    id: r.try_get("id")?,
                    contact_type: ContactType::parse(&ct).map_err(|_| bad("contact type"))?,
                    body: r.try_get("body")?,
                    domains: split_domains(&r.try_get::<String, _>("domains")?),
                    member_id: r.try_get("member_id")?,
                    author_name: r.try_get("author_name")?,
                    occurred_on: parse_date(&on).map_err(|_| bad("date"))?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    pub async fn add_involvement(&self, household_id: &str, i: &Involvement, audit: &AuditDraft) -> Result<String> {
        let id = new_id();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO involvements (id, household_id, organisation, professional, law, since, until, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(household_id)
        .bind(&i.organisation)
        .bind(i.professional.as_deref())
        .bind(i.law.code())
        .bind(format_date(i.since))
        .bind(i.until.map(format_date))
        .bind(self.now())
        .execute(&mut *tx)
        .await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn involvements(&self, household_id: &str) -> Result<Vec<Involvement>> {
        let rows: Vec<InvolvementRow> = sqlx::query_as(
            "SELECT id, organisation, professional, law, since, until FROM involvements WHERE household_id = $1 ORDER BY since, id",
        )
        .bind(household_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(id, organisation, professional, law, since, until)| {
                Ok(Involvement {
                    id,
                    organisation,
                    professional,
                    law: Law::parse(&law).map_err(|_| bad("law"))?,
                    since: parse_date(&since).map_err(|_| bad("date"))?,
                    until: opt_date(until),
                })
            })
            .collect()
    }

    pub async fn add_network_contact(&self, household_id: &str, c: &NetworkContact, audit: &AuditDraft) -> Result<String> {
        let id = new_id();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO network_contacts (id, household_id, name, relation, phone, can_help_with, consent_member_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(household_id)
        .bind(&c.name)
        .bind(&c.relation)
        .bind(c.phone.as_deref())
        .bind(c.can_help_with.as_deref())
        .bind(&c.consent_member_id)
        .bind(self.now())
        .execute(&mut *tx)
        .await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn network(&self, household_id: &str) -> Result<Vec<NetworkContact>> {
        let rows: Vec<NetworkRow> = sqlx::query_as(
            "SELECT id, name, relation, phone, can_help_with, consent_member_id FROM network_contacts WHERE household_id = $1 ORDER BY created_at, id",
        )
        .bind(household_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, relation, phone, can_help_with, consent_member_id)| NetworkContact {
                id,
                name,
                relation,
                phone,
                can_help_with,
                consent_member_id,
            })
            .collect())
    }

    pub async fn intakes(&self, household_id: &str) -> Result<Vec<Intake>> {
        let rows: Vec<(String, String, String, String, String, i64)> = sqlx::query_as(
            "SELECT address_line, referrer, question, domains, urgency, created_at FROM intakes WHERE household_id = $1 ORDER BY created_at DESC",
        )
        .bind(household_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(address_line, referrer, question, domains, urgency, created_at)| {
                Ok(Intake {
                    address_line,
                    referrer: Referrer::parse(&referrer).map_err(|_| bad("referrer"))?,
                    question,
                    domains: split_domains(&domains),
                    urgency: Urgency::parse(&urgency).map_err(|_| bad("urgency"))?,
                    created_at,
                })
            })
            .collect()
    }

    /// Summaries of the given households, with members, contact worker and laws, in three queries.
    pub async fn summaries_of(&self, households: &[Household]) -> Result<Vec<HouseholdSummary>> {
        self.summaries(households.to_vec()).await
    }

    async fn summaries(&self, households: Vec<Household>) -> Result<Vec<HouseholdSummary>> {
        if households.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = households.iter().map(|h| h.id.clone()).collect();
        let placeholders: String = (1..=ids.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let member_sql = format!("SELECT {MEMBER_COLUMNS} FROM members WHERE household_id IN ({placeholders}) ORDER BY created_at, id");
        let mut mq = sqlx::query(&member_sql);
        for id in &ids {
            mq = mq.bind(id);
        }
        let member_rows = mq.fetch_all(self.pool()).await?;
        let law_sql = format!("SELECT household_id, law, until FROM involvements WHERE household_id IN ({placeholders})");
        let mut lq = sqlx::query_as::<_, (String, String, Option<String>)>(&law_sql);
        for id in &ids {
            lq = lq.bind(id);
        }
        let laws = lq.fetch_all(self.pool()).await?;
        let workers: Vec<String> = households.iter().filter_map(|h| h.contact_worker_id.clone()).collect();
        let mut names = std::collections::HashMap::new();
        if !workers.is_empty() {
            let ph: String = (1..=workers.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
            let worker_sql = format!("SELECT id, display_name, available FROM users WHERE id IN ({ph})");
            let mut wq = sqlx::query_as::<_, (String, String, i64)>(&worker_sql);
            for w in &workers {
                wq = wq.bind(w);
            }
            for (id, name, available) in wq.fetch_all(self.pool()).await? {
                names.insert(id, (name, available != 0));
            }
        }
        let today = self.today();
        let mut members_by: std::collections::HashMap<String, Vec<Member>> = std::collections::HashMap::new();
        for row in &member_rows {
            let hh: String = row.try_get("household_id")?;
            members_by.entry(hh).or_default().push(member_from_row(row)?);
        }
        Ok(households
            .into_iter()
            .map(|h| {
                let worker = h.contact_worker_id.as_ref().and_then(|w| names.get(w).cloned());
                HouseholdSummary {
                    members: members_by.remove(&h.id).unwrap_or_default(),
                    contact_worker_name: worker.as_ref().map(|w| w.0.clone()),
                    contact_worker_available: worker.as_ref().is_none_or(|w| w.1),
                    laws: laws
                        .iter()
                        .filter(|(hh, ..)| *hh == h.id)
                        .filter_map(|(_, law, until)| {
                            let active = opt_date(until.clone()).is_none_or(|u| u >= today);
                            Law::parse(law).ok().map(|l| (l, active))
                        })
                        .collect(),
                    household: h,
                }
            })
            .collect())
    }

    /// The open households of a worker (as contact worker) or of teams, newest first, at most `limit`.
    pub async fn caseload(&self, worker: Option<&str>, teams: &[String], limit: i64) -> Result<Vec<HouseholdSummary>> {
        let mut sql = format!("SELECT {HOUSEHOLD_COLUMNS} FROM households WHERE status <> 'closed'");
        let mut binds: Vec<String> = Vec::new();
        if let Some(w) = worker {
            binds.push(w.to_string());
            sql.push_str(&format!(" AND contact_worker_id = ${}", binds.len()));
        } else {
            if teams.is_empty() {
                return Ok(Vec::new());
            }
            let start = binds.len();
            binds.extend(teams.iter().cloned());
            let ph: Vec<String> = (start + 1..=binds.len()).map(|i| format!("${i}")).collect();
            sql.push_str(&format!(" AND (lead_team_id IN ({0}) OR co_team_id IN ({0}))", ph.join(", ")));
        }
        sql.push_str(&format!(" ORDER BY created_at DESC, id DESC LIMIT {}", limit.clamp(1, 500)));
        let mut q = sqlx::query(&sql);
        for b in &binds {
            q = q.bind(b);
        }
        let households = q.fetch_all(self.pool()).await?.iter().map(household_from_row).collect::<Result<Vec<_>>>()?;
        self.summaries(households).await
    }

    /// Intakes that no team serves (postcode outside every area).
    pub async fn triage_queue(&self, limit: i64) -> Result<Vec<HouseholdSummary>> {
        let households = sqlx::query(&format!(
            "SELECT {HOUSEHOLD_COLUMNS} FROM households WHERE lead_team_id IS NULL AND status <> 'closed' ORDER BY created_at LIMIT $1"
        ))
        .bind(limit.clamp(1, 500))
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(household_from_row)
        .collect::<Result<Vec<_>>>()?;
        self.summaries(households).await
    }

    /// Searches households visible to `teams` (the caller's access, compiled into the query). Name
    /// matching is tolerant of prefixes, diacritics and small typos; the best matches come first.
    ///
    /// Candidates come from the members' (team, name) indexes: the first three letters, the last
    /// three (a typo early in the name), the sound-alike key, or the given name; the domain's
    /// `match_score` then decides. Households where the team only co-works are found through the
    /// households' co-team index.
    pub async fn search(&self, q: &SearchQuery, teams: &[String], limit: usize) -> Result<Vec<HouseholdSummary>> {
        if teams.is_empty() {
            return Ok(Vec::new());
        }
        let mut binds: Vec<String> = Vec::new();
        let bind = |v: String, binds: &mut Vec<String>| {
            binds.push(v);
            format!("${}", binds.len())
        };
        let team_ph = teams.iter().map(|t| bind(t.clone(), &mut binds)).collect::<Vec<_>>().join(", ");
        // Each way a name can match is its own branch, so each uses its (team, name) index.
        let mut name_branches: Vec<String> = Vec::new();
        let name_words = q.name.as_deref().map(core_words).unwrap_or_default();
        if let Some(word) = name_words.iter().max_by_key(|w| w.chars().count()) {
            // One typo is either in the first n-3 letters (then the last three are intact) or in
            // the last three (then the head is intact): the two branches together find it.
            let chars: Vec<char> = word.chars().collect();
            let head: String = chars.iter().take(if chars.len() >= 4 { (chars.len() - 3).max(3) } else { chars.len() }).collect();
            let (lo, hi) = (bind(head.clone(), &mut binds), bind(format!("{head}\u{ffff}"), &mut binds));
            let key = bind(phonetic(word), &mut binds);
            let (glo, ghi) = (bind(word.clone(), &mut binds), bind(format!("{word}\u{ffff}"), &mut binds));
            name_branches.push(format!("m.family_core >= {lo} AND m.family_core < {hi}"));
            name_branches.push(format!("m.family_key = {key}"));
            name_branches.push(format!("m.given_core >= {glo} AND m.given_core < {ghi}"));
            if chars.len() >= 4 {
                let tail: String = chars.iter().rev().take(3).collect();
                let (rlo, rhi) = (bind(tail.clone(), &mut binds), bind(format!("{tail}\u{ffff}"), &mut binds));
                name_branches.push(format!("m.family_rev >= {rlo} AND m.family_rev < {rhi}"));
            }
        }
        let mut mconds: Vec<String> = Vec::new();
        if let Some(d) = q.date_of_birth {
            let p = bind(format_date(d), &mut binds);
            mconds.push(format!("m.date_of_birth = {p}"));
        }
        if let Some(b) = &q.bsn {
            let p = bind(self.vault()?.blind_index(b.as_str()), &mut binds);
            mconds.push(format!("m.bsn_index = {p}"));
        }
        let any_name = if name_branches.is_empty() { String::new() } else { format!(" AND (({}))", name_branches.join(") OR (")) };
        let extra: String = mconds.iter().map(|c| format!(" AND {c}")).collect();
        let sql = if let Some(pc) = &q.postcode {
            // An address search starts from the households at that postcode.
            let p = bind(pc.as_str().to_string(), &mut binds);
            let mut sql = format!(
                "SELECT DISTINCT h.id, m.search_text FROM households h CROSS JOIN members m
                 WHERE m.household_id = h.id AND h.postcode = {p} AND (h.lead_team_id IN ({team_ph}) OR h.co_team_id IN ({team_ph})){any_name}{extra}"
            );
            if let Some(n) = q.house_number {
                sql.push_str(&format!(" AND h.house_number = {n}"));
            }
            sql
        } else if name_branches.is_empty() && mconds.is_empty() {
            return Ok(Vec::new());
        } else {
            let lead = |cond: &str| {
                format!("SELECT m.household_id, m.search_text FROM members m WHERE m.lead_team_id IN ({team_ph}) AND {cond}{extra}")
            };
            let mut parts: Vec<String> = if name_branches.is_empty() {
                vec![format!("SELECT m.household_id, m.search_text FROM members m WHERE m.lead_team_id IN ({team_ph}){extra}")]
            } else {
                name_branches.iter().map(|b| lead(b)).collect()
            };
            parts.push(format!(
                "SELECT m.household_id, m.search_text FROM households h CROSS JOIN members m
                 WHERE h.co_team_id IN ({team_ph}) AND m.household_id = h.id{any_name}{extra}"
            ));
            // UNION ALL: each household is kept once by the scoring below, and the database may stop
            // at the limit instead of first collecting every branch in full.
            parts.join(" UNION ALL ")
        };
        let matcher = Matcher::new(q.name.as_deref().unwrap_or(""));
        // First the exact name prefix only: a common name fills a page from it, and the wider typo
        // branches (thousands of candidates for a common name in a large team) are not needed.
        if q.postcode.is_none()
            && let Some((sql, exact_binds)) = self.exact_name_query(q, teams, &name_words, limit)?
        {
            let best = self.scored_candidates(&sql, &exact_binds, &matcher).await?;
            if best.len() >= limit {
                return self.ranked(best, limit).await;
            }
        }
        let sql = format!("{sql} LIMIT 5000");
        let best = self.scored_candidates(&sql, &binds, &matcher).await?;
        self.ranked(best, limit).await
    }

    /// The exact-prefix pass of a name search, with its own parameters.
    fn exact_name_query(&self, q: &SearchQuery, teams: &[String], words: &[String], limit: usize) -> Result<Option<(String, Vec<String>)>> {
        let Some(word) = words.iter().max_by_key(|w| w.chars().count()) else { return Ok(None) };
        let mut binds: Vec<String> = Vec::new();
        let mut bind = |v: String| {
            binds.push(v);
            format!("${}", binds.len())
        };
        let team_ph = teams.iter().map(|t| bind(t.clone())).collect::<Vec<_>>().join(", ");
        let (lo, hi) = (bind(word.clone()), bind(format!("{word}\u{ffff}")));
        let mut extra = String::new();
        if let Some(d) = q.date_of_birth {
            extra.push_str(&format!(" AND m.date_of_birth = {}", bind(format_date(d))));
        }
        if let Some(b) = &q.bsn {
            extra.push_str(&format!(" AND m.bsn_index = {}", bind(self.vault()?.blind_index(b.as_str()))));
        }
        let branches = [format!("m.family_core >= {lo} AND m.family_core < {hi}"), format!("m.given_core >= {lo} AND m.given_core < {hi}")];
        let mut parts: Vec<String> = branches
            .iter()
            .map(|c| format!("SELECT m.household_id, m.search_text FROM members m WHERE m.lead_team_id IN ({team_ph}) AND {c}{extra}"))
            .collect();
        parts.push(format!(
            "SELECT m.household_id, m.search_text FROM households h CROSS JOIN members m
             WHERE h.co_team_id IN ({team_ph}) AND m.household_id = h.id AND (({}) OR ({})){extra}",
            branches[0], branches[1]
        ));
        Ok(Some((format!("{} LIMIT {}", parts.join(" UNION ALL "), limit * 4), binds)))
    }

    /// Runs a candidate query and keeps each household's best score.
    async fn scored_candidates(&self, sql: &str, binds: &[String], matcher: &Matcher) -> Result<std::collections::HashMap<String, usize>> {
        let mut query = sqlx::query_as::<_, (String, String)>(sql);
        for b in binds {
            query = query.bind(b);
        }
        let candidates = query.fetch_all(self.pool()).await?;
        let mut best: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (id, text) in candidates {
            let score = if matcher.is_empty() {
                0
            } else {
                match matcher.score(&text) {
                    Some(s) => s,
                    None => continue,
                }
            };
            let entry = best.entry(id).or_insert(score);
            *entry = (*entry).min(score);
        }
        Ok(best)
    }

    /// The best `limit` households, best first, with their summaries.
    async fn ranked(&self, best: std::collections::HashMap<String, usize>, limit: usize) -> Result<Vec<HouseholdSummary>> {
        let mut scored: Vec<(usize, String)> = best.into_iter().map(|(id, score)| (score, id)).collect();
        scored.sort();
        scored.truncate(limit);
        let ids: Vec<String> = scored.into_iter().map(|(_, id)| id).collect();
        let households = self.households_by_ids(&ids).await?;
        self.summaries(households).await
    }

    /// Moves every open household of one contact worker to another (a worker leaves), with a handover
    /// note on each timeline, in one transaction. Returns how many moved.
    pub async fn reassign_all(&self, h: &Handover<'_>, audit: &AuditDraft) -> Result<u64> {
        let Handover { from, to, to_name, note, teams, author } = *h;
        if teams.is_empty() {
            return Ok(0);
        }
        // Only the households of the team lead's own teams move.
        let ph: Vec<String> = (2..teams.len() + 2).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT id FROM households WHERE contact_worker_id = $1 AND status <> 'closed' AND lead_team_id IN ({})",
            ph.join(", ")
        );
        let mut q = sqlx::query_as::<_, (String,)>(&sql).bind(from);
        for t in teams {
            q = q.bind(t);
        }
        let ids = q.fetch_all(self.pool()).await?;
        let mut tx = self.pool().begin().await?;
        let today = format_date(self.today());
        for (id,) in &ids {
            sqlx::query("UPDATE households SET contact_worker_id = $1, version = version + 1, updated_at = $2 WHERE id = $3")
                .bind(to)
                .bind(self.now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO timeline_entries (id, household_id, contact_type, body, domains, member_id, author_id, author_name, occurred_on, created_at)
                 VALUES ($1, $2, 'note', $3, '', NULL, $4, $5, $6, $7)",
            )
            .bind(new_id())
            .bind(id)
            .bind(format!("{note}\n→ {to_name}"))
            .bind(author.0)
            .bind(author.1)
            .bind(&today)
            .bind(self.now())
            .execute(&mut *tx)
            .await?;
            let mut a = audit.clone();
            a.household = Some(id.clone());
            self.append_audit(&mut tx, &a).await?;
        }
        tx.commit().await?;
        Ok(ids.len() as u64)
    }

    /// Workers (and team leads) of a team, for the contact-worker choice.
    pub async fn team_workers(&self, team_id: &str) -> Result<Vec<(String, String, bool)>> {
        self.workers_of("$1", team_id).await
    }

    pub async fn set_available(&self, user_id: &str, available: bool) -> Result<()> {
        sqlx::query("UPDATE users SET available = $1 WHERE id = $2").bind(flag(available)).bind(user_id).execute(self.pool()).await?;
        Ok(())
    }
}

impl Store {
    /// Records a break-the-glass grant for this session and household.
    pub async fn grant_break_glass(&self, session_id_hash: &str, household_id: &str, reason: &str) -> Result<()> {
        sqlx::query("INSERT INTO break_glass_grants (id, session_id_hash, household_id, reason, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(new_id())
            .bind(session_id_hash)
            .bind(household_id)
            .bind(reason)
            .bind(self.now())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The reason of this session's break-the-glass grant for the household, if any.
    pub async fn break_glass_reason(&self, session_id_hash: &str, household_id: &str) -> Result<Option<String>> {
        Ok(sqlx::query_as::<_, (String,)>("SELECT reason FROM break_glass_grants WHERE session_id_hash = $1 AND household_id = $2 LIMIT 1")
            .bind(session_id_hash)
            .bind(household_id)
            .fetch_optional(self.pool())
            .await?
            .map(|r| r.0))
    }
}
