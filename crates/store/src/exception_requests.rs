//! Maatwerk requests in the database. The rules (states, the value triangle, who may decide, how the
//! decisions add up) are the domain's (`domain::maatwerk`); here each change is one transaction with
//! its audit record, guarded by the request's version.

use crate::{Result, Store, StoreError, new_id};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::household::{Law, format_date, parse_date};
use eenplan_domain::maatwerk::{
    Asked, Decision, MaatwerkError, MdtParty, RequestState, SharingBasis, Triangle, Verdict, check_triangle, decide, may_share, outcome,
    transition,
};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::Date;

/// What the worker writes in a request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestDraft {
    /// The household's situation in a few lines (for the MDT; no more than it needs).
    pub situation: String,
    pub blocking_law: Law,
    pub blocking_provision: String,
    pub blocking_organisation: String,
    pub proposal: String,
    pub triangle: Triangle,
    /// The cost-benefit analysis's input as JSON (no personal data).
    pub analysis: Option<String>,
    pub decide_by: Option<Date>,
}

/// One MDT party (an organisation) asked, on which basis, and its decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub organisation_id: String,
    pub party: MdtParty,
    pub basis: SharingBasis,
    pub consent_member_id: Option<String>,
    /// When the member withdrew that consent (the party's access ended then).
    pub consent_withdrawn_at: Option<i64>,
    pub decision: Option<Decision>,
    pub decided_by: Option<String>,
}

impl Party {
    /// Whether a member's consent for this party stands (given, not withdrawn): the access policy's
    /// consent fact.
    pub fn consent_stands(&self) -> bool {
        self.consent_member_id.is_some() && self.consent_withdrawn_at.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExceptionRequest {
    pub id: String,
    pub household_id: String,
    pub state: RequestState,
    pub draft: RequestDraft,
    pub parties: Vec<Party>,
    pub version: i64,
    pub created_at: i64,
}

fn invalid(e: MaatwerkError) -> StoreError {
    StoreError::Invalid(e.to_string())
}

const COLUMNS: &str = "id, household_id, state, situation, blocking_law, blocking_provision, blocking_organisation, proposal, legal_ground, \
     discretion_used, own_contribution, analysis, net_benefit, probability_positive, decide_by, version, created_at";

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("stored request {what} not understood"))
}

fn number(s: Option<String>) -> Result<Option<f64>> {
    s.map(|t| t.parse::<f64>().map_err(|_| bad("number"))).transpose()
}

fn request_from_row(r: &AnyRow) -> Result<ExceptionRequest> {
    let state: String = r.try_get("state")?;
    let law: String = r.try_get("blocking_law")?;
    Ok(ExceptionRequest {
        id: r.try_get("id")?,
        household_id: r.try_get("household_id")?,
        state: RequestState::parse(&state).map_err(|_| bad("state"))?,
        draft: RequestDraft {
            situation: r.try_get("situation")?,
            blocking_law: Law::parse(&law).map_err(|_| bad("law"))?,
            blocking_provision: r.try_get("blocking_provision")?,
            blocking_organisation: r.try_get("blocking_organisation")?,
            proposal: r.try_get("proposal")?,
            triangle: Triangle {
                legal_ground: r.try_get("legal_ground")?,
                discretion_used: r.try_get("discretion_used")?,
                own_contribution: r.try_get("own_contribution")?,
                net_benefit: number(r.try_get("net_benefit")?)?,
                probability_positive: number(r.try_get("probability_positive")?)?,
            },
            analysis: r.try_get("analysis")?,
            decide_by: r.try_get::<Option<String>, _>("decide_by")?.and_then(|d| parse_date(&d).ok()),
        },
        parties: Vec::new(),
        version: r.try_get("version")?,
        created_at: r.try_get("created_at")?,
    })
}

/// (organisation, party, basis, verdict, decision text)
type DecisionRow = (String, String, String, Option<String>, Option<String>);

/// What the policy totals need of one request: its household's lead team, when it was made, its
/// state, and its stored analysis (JSON) — no personal data.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestTotalsRow {
    pub team_id: Option<String>,
    pub created_at: i64,
    pub state: RequestState,
    pub analysis: Option<String>,
}

impl Store {
    /// Every request made from `from` (unix seconds) on, with its household's lead team, for the totals.
    pub async fn requests_for_totals(&self, from: i64) -> Result<Vec<RequestTotalsRow>> {
        let rows: Vec<(Option<String>, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT h.lead_team_id, r.created_at, r.state, r.analysis FROM exception_requests r JOIN households h ON h.id = r.household_id
             WHERE r.created_at >= $1 ORDER BY r.created_at",
        )
        .bind(from)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(team_id, created_at, state, analysis)| {
                Ok(RequestTotalsRow { team_id, created_at, state: RequestState::parse(&state).map_err(|_| bad("state"))?, analysis })
            })
            .collect()
    }

    /// A new request (a concept) on a household.
    pub async fn create_request(&self, household_id: &str, d: &RequestDraft, author_id: &str, audit: &AuditDraft) -> Result<String> {
        let id = new_id();
        let now = self.now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(&format!(
            "INSERT INTO exception_requests ({COLUMNS}, created_by, updated_at) VALUES ($1, $2, 'concept', $16, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $15, $14)"
        ))
        .bind(&id)
        .bind(household_id)
        .bind(d.blocking_law.code())
        .bind(&d.blocking_provision)
        .bind(&d.blocking_organisation)
        .bind(&d.proposal)
        .bind(&d.triangle.legal_ground)
        .bind(&d.triangle.discretion_used)
        .bind(&d.triangle.own_contribution)
        .bind(d.analysis.as_deref())
        // Numbers as text: a NULL first and a number later in one prepared statement trips sqlx's Any
        // driver on PostgreSQL; Rust's float text round-trips exactly.
        .bind(d.triangle.net_benefit.map(|x| x.to_string()))
        .bind(d.triangle.probability_positive.map(|x| x.to_string()))
        .bind(d.decide_by.map(format_date))
        .bind(now)
        .bind(author_id)
        .bind(&d.situation)
        .execute(&mut *tx)
        .await?;
        let mut audit = audit.clone();
        audit.resource_id = Some(id.clone());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The request with its parties.
    pub async fn request(&self, id: &str) -> Result<Option<ExceptionRequest>> {
        let Some(row) =
            sqlx::query(&format!("SELECT {COLUMNS} FROM exception_requests WHERE id = $1")).bind(id).fetch_optional(self.pool()).await?
        else {
            return Ok(None);
        };
        let mut list = vec![request_from_row(&row)?];
        self.attach_parties(&mut list).await?;
        Ok(list.pop())
    }

    /// Fills in the parties of each request, in one query for the whole list.
    async fn attach_parties(&self, list: &mut [ExceptionRequest]) -> Result<()> {
        if list.is_empty() {
            return Ok(());
        }
        let ph: Vec<String> = (1..=list.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT request_id, organisation_id, party, basis, consent_member_id, consent_withdrawn_at, verdict, decision_text, decided_by
             FROM exception_parties WHERE request_id IN ({}) ORDER BY party, organisation_id",
            ph.join(", ")
        );
        type Row = (String, String, String, String, Option<String>, Option<i64>, Option<String>, Option<String>, Option<String>);
        let mut q = sqlx::query_as::<_, Row>(&sql);
        for r in list.iter() {
            q = q.bind(&r.id);
        }
        for (request_id, organisation_id, party, basis, consent_member_id, consent_withdrawn_at, verdict, text, decided_by) in
            q.fetch_all(self.pool()).await?
        {
            let decision = match verdict {
                Some(v) => Some(Decision { verdict: Verdict::parse(&v).map_err(|_| bad("verdict"))?, text: text.unwrap_or_default() }),
                None => None,
            };
            let p = Party {
                organisation_id,
                party: MdtParty::parse(&party).map_err(|_| bad("party"))?,
                basis: SharingBasis::parse(&basis).map_err(|_| bad("basis"))?,
                consent_member_id,
                consent_withdrawn_at,
                decision,
                decided_by,
            };
            if let Some(r) = list.iter_mut().find(|r| r.id == request_id) {
                r.parties.push(p);
            }
        }
        Ok(())
    }

    /// The household's requests with their parties, newest first.
    pub async fn requests_of_household(&self, household_id: &str) -> Result<Vec<ExceptionRequest>> {
        let mut list =
            sqlx::query(&format!("SELECT {COLUMNS} FROM exception_requests WHERE household_id = $1 ORDER BY created_at DESC, id DESC"))
                .bind(household_id)
                .fetch_all(self.pool())
                .await?
                .iter()
                .map(request_from_row)
                .collect::<Result<Vec<_>>>()?;
        self.attach_parties(&mut list).await?;
        Ok(list)
    }

    /// A page of the requests shared with an organisation (what its MDT members may see; not concepts,
    /// not withdrawn ones), newest first, with their parties: at most `limit`, before the keyset
    /// `(created_at, id)` of the previous page's last one.
    pub async fn requests_shared_with(
        &self,
        organisation_id: &str,
        before: Option<(i64, &str)>,
        limit: i64,
    ) -> Result<Vec<ExceptionRequest>> {
        let columns = COLUMNS.split(", ").map(|c| format!("r.{}", c.trim())).collect::<Vec<_>>().join(", ");
        let keyset = if before.is_some() { " AND (r.created_at < $2 OR (r.created_at = $2 AND r.id < $3))" } else { "" };
        let sql = format!(
            "SELECT {columns} FROM exception_requests r JOIN exception_parties p ON p.request_id = r.id
             WHERE p.organisation_id = $1 AND r.state NOT IN ('concept', 'withdrawn'){keyset}
             ORDER BY r.created_at DESC, r.id DESC LIMIT {}",
            limit.clamp(1, 500)
        );
        let mut q = sqlx::query(&sql).bind(organisation_id);
        if let Some((at, id)) = before {
            q = q.bind(at).bind(id);
        }
        let mut list = q.fetch_all(self.pool()).await?.iter().map(request_from_row).collect::<Result<Vec<_>>>()?;
        self.attach_parties(&mut list).await?;
        Ok(list)
    }

    /// Moves the request on by the domain's table, if its version is still `expected`.
    async fn set_state(&self, tx: &mut sqlx::Transaction<'static, sqlx::Any>, id: &str, expected: i64, to: RequestState) -> Result<()> {
        let done =
            sqlx::query("UPDATE exception_requests SET state = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4")
                .bind(to.code())
                .bind(self.now())
                .bind(id)
                .bind(expected)
                .execute(&mut **tx)
                .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict("the request".into()));
        }
        // The household's caseload facts: how many requests wait for the MDT, and the first date asked.
        sqlx::query(
            "UPDATE households SET
               maatwerk_waiting = (SELECT COUNT(*) FROM exception_requests r WHERE r.household_id = households.id AND r.state = 'shared'),
               maatwerk_decide_by = (SELECT MIN(r.decide_by) FROM exception_requests r WHERE r.household_id = households.id AND r.state = 'shared')
             WHERE id = (SELECT household_id FROM exception_requests WHERE id = $1)",
        )
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Changes a concept's text (the rule, the proposal, the triangle, the date asked), if its version
    /// is still `expected`. The analysis's figures are kept; they change with `set_request_analysis`.
    pub async fn update_request(&self, id: &str, expected_version: i64, d: &RequestDraft, audit: &AuditDraft) -> Result<()> {
        let now = self.now();
        let q = sqlx::query(
                    "UPDATE exception_requests SET blocking_law = $1, blocking_provision = $2, blocking_organisation = $3, proposal = $4,
                       legal_ground = $5, discretion_used = $6, own_contribution = $7, decide_by = $8, version = version + 1, updated_at = $9,
                       situation = $12
                     WHERE id = $10 AND version = $11 AND state = 'concept'",
                )
                .bind(d.blocking_law.code())
                .bind(&d.blocking_provision)
                .bind(&d.blocking_organisation)
                .bind(&d.proposal)
                .bind(&d.triangle.legal_ground)
                .bind(&d.triangle.discretion_used)
                .bind(&d.triangle.own_contribution)
                .bind(d.decide_by.map(format_date))
                .bind(now)
                .bind(id)
                .bind(expected_version)
                .bind(&d.situation);
        self.change_concept(id, audit, q).await
    }

    /// Links a cost-benefit analysis (its input as JSON, no personal data) with its headline result to
    /// a concept: the total net benefit and, when simulated, the chance that it is positive.
    pub async fn set_request_analysis(
        &self,
        id: &str,
        expected_version: i64,
        analysis: &str,
        net_benefit: f64,
        probability_positive: Option<f64>,
        audit: &AuditDraft,
    ) -> Result<()> {
        let now = self.now();
        let q = sqlx::query(
                    "UPDATE exception_requests SET analysis = $1, net_benefit = $2, probability_positive = $3, version = version + 1, updated_at = $4
                     WHERE id = $5 AND version = $6 AND state = 'concept'",
                )
                .bind(analysis)
                .bind(net_benefit.to_string())
                .bind(probability_positive.map(|p| p.to_string()))
                .bind(now)
                .bind(id)
                .bind(expected_version);
        self.change_concept(id, audit, q).await
    }

    /// One change of a concept with its audit record; a request that moved on or changed meanwhile is
    /// a conflict, one that is no concept any more is refused.
    async fn change_concept<'q>(
        &self,
        id: &str,
        audit: &AuditDraft,
        update: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<()> {
        let r = self.request(id).await?.ok_or_else(|| StoreError::NotFound("request".into()))?;
        if r.state != RequestState::Concept {
            return Err(invalid(MaatwerkError::Transition { from: r.state, to: RequestState::Concept }));
        }
        let mut tx = self.pool().begin().await?;
        let done = update.execute(&mut *tx).await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict("the request".into()));
        }
        let mut audit = audit.clone();
        audit.resource_id = Some(id.to_string());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves a request by the worker's hand: withdraw it, or revise a rejected one (back to concept,
    /// the parties' decisions kept in the audit log but cleared on the request).
    pub async fn move_request(&self, id: &str, expected_version: i64, to: RequestState, audit: &AuditDraft) -> Result<()> {
        let r = self.request(id).await?.ok_or_else(|| StoreError::NotFound("request".into()))?;
        if !matches!(to, RequestState::Withdrawn | RequestState::Concept) {
            return Err(invalid(MaatwerkError::Transition { from: r.state, to }));
        }
        transition(r.state, to).map_err(invalid)?;
        let mut tx = self.pool().begin().await?;
        self.set_state(&mut tx, id, expected_version, to).await?;
        if to == RequestState::Concept {
            sqlx::query("DELETE FROM exception_parties WHERE request_id = $1").bind(id).execute(&mut *tx).await?;
        }
        let mut audit = audit.clone();
        audit.resource_id = Some(id.to_string());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Shares a concept with the MDT parties: the triangle must hold and each party needs a basis.
    pub async fn share_request(&self, id: &str, expected_version: i64, parties: &[Party], audit: &AuditDraft) -> Result<()> {
        let r = self.request(id).await?.ok_or_else(|| StoreError::NotFound("request".into()))?;
        let asked: Vec<Asked> = parties
            .iter()
            .map(|p| Asked { party: p.party, basis: Some(p.basis), consent: p.consent_member_id.is_some(), decision: None })
            .collect();
        may_share(r.state, &check_triangle(&r.draft.triangle), &asked).map_err(invalid)?;
        let mut tx = self.pool().begin().await?;
        self.set_state(&mut tx, id, expected_version, RequestState::Shared).await?;
        sqlx::query("DELETE FROM exception_parties WHERE request_id = $1").bind(id).execute(&mut *tx).await?;
        for p in parties {
            sqlx::query(
                "INSERT INTO exception_parties (request_id, organisation_id, party, basis, consent_member_id) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(&p.organisation_id)
            .bind(p.party.code())
            .bind(p.basis.code())
            .bind(p.consent_member_id.as_deref())
            .execute(&mut *tx)
            .await?;
        }
        let mut audit = audit.clone();
        audit.resource_id = Some(id.to_string());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records the decision of the party of `organisation_id`; when every party decided (or one
    /// rejected) the request is approved or rejected. Returns the request's state afterwards. The
    /// request row is written first, so two parties deciding at once queue and the second sees the first.
    pub async fn decide_request(
        &self,
        id: &str,
        organisation_id: &str,
        d: &Decision,
        user_id: &str,
        audit: &AuditDraft,
    ) -> Result<RequestState> {
        let mut tx = self.pool().begin().await?;
        let locked =
            sqlx::query("UPDATE exception_requests SET updated_at = $1 WHERE id = $2").bind(self.now()).bind(id).execute(&mut *tx).await?;
        if locked.rows_affected() != 1 {
            return Err(StoreError::NotFound("request".into()));
        }
        let (state, version): (String, i64) =
            sqlx::query_as("SELECT state, version FROM exception_requests WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        let state = RequestState::parse(&state).map_err(|_| bad("state"))?;
        let rows: Vec<DecisionRow> =
            sqlx::query_as("SELECT organisation_id, party, basis, verdict, decision_text FROM exception_parties WHERE request_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        let mut asked = Vec::new();
        let mut party = None;
        for (org, p, basis, verdict, text) in rows {
            let p = MdtParty::parse(&p).map_err(|_| bad("party"))?;
            let basis = SharingBasis::parse(&basis).map_err(|_| bad("basis"))?;
            if org == organisation_id {
                party = Some(p);
            }
            let decision = match verdict {
                Some(v) => Some(Decision { verdict: Verdict::parse(&v).map_err(|_| bad("verdict"))?, text: text.unwrap_or_default() }),
                None => None,
            };
            // Each organisation is its own entry, even when two share a kind of party.
            asked.push((org, Asked { party: p, basis: Some(basis), consent: true, decision }));
        }
        let party = party.ok_or_else(|| invalid(MaatwerkError::NotAsked))?;
        let mut mine: Vec<Asked> = asked.iter().filter(|(o, _)| o == organisation_id).map(|(_, a)| a.clone()).collect();
        decide(state, &mut mine, party, d.clone()).map_err(invalid)?;
        sqlx::query(
            "UPDATE exception_parties SET verdict = $1, decision_text = $2, decided_by = $3, decided_at = $4
             WHERE request_id = $5 AND organisation_id = $6",
        )
        .bind(d.verdict.code())
        .bind(&d.text)
        .bind(user_id)
        .bind(self.now())
        .bind(id)
        .bind(organisation_id)
        .execute(&mut *tx)
        .await?;
        let all: Vec<Asked> = asked.into_iter().map(|(o, a)| if o == organisation_id { mine[0].clone() } else { a }).collect();
        let after = match outcome(&all) {
            Some(to) => {
                transition(state, to).map_err(invalid)?;
                self.set_state(&mut tx, id, version, to).await?;
                to
            }
            None => state,
        };
        let mut audit = audit.clone();
        audit.resource_id = Some(id.to_string());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(after)
    }
}
