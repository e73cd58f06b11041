//! Partners' proposals for their own listing on the social map, and the administrator's verdicts.
//! The rules (what a valid record is, who may propose, the state table) are the domain's
//! (`domain::social_map::proposal`); here a proposal is stored with its audit record, and an approval
//! writes the service into the social map (`sm_services` with its area and taxonomy rows) in the same
//! transaction as the verdict and its audit record, guarded by the version the administrator saw.

use crate::{Result, Store, StoreError, flag, new_id};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::social_map::proposal::{DecideError, ProposalState, Verdict, decide, validate_service};
use eenplan_domain::social_map::{Organization, Service};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

/// A stored proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub id: String,
    /// The social-map organisation (HSDS id).
    pub organization_id: String,
    pub service_id: String,
    /// A new service (no service with this id existed when it was proposed).
    pub is_new: bool,
    /// The service record as proposed (the domain's shape).
    pub service: Service,
    /// The service as stored when the change was proposed.
    pub based_on: Option<Service>,
    pub state: ProposalState,
    /// Why it was rejected.
    pub reason: Option<String>,
    pub proposed_by: String,
    pub proposed_by_name: String,
    pub proposed_at: i64,
    pub decided_by: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<i64>,
    /// 1 when proposed, one more with the verdict.
    pub version: i64,
}

/// A new proposal.
pub struct NewProposal<'a> {
    pub service: &'a Service,
    /// The service as stored now (`None`: a new service).
    pub based_on: Option<&'a Service>,
    /// The user's id and name.
    pub by: (&'a str, &'a str),
}

const COLUMNS: &str = "id, organization_id, service_id, is_new, record, based_on, state, reason, proposed_by, proposed_by_name, \
     proposed_at, decided_by, decided_by_name, decided_at, version";

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("stored listing proposal {what} not understood"))
}

fn record(s: &Service) -> Result<String> {
    serde_json::to_string(s).map_err(|e| StoreError::Invalid(format!("service record cannot be written: {e}")))
}

fn from_row(r: &AnyRow) -> Result<Proposal> {
    let text: String = r.try_get("record")?;
    let based_on: Option<String> = r.try_get("based_on")?;
    let state: String = r.try_get("state")?;
    Ok(Proposal {
        id: r.try_get("id")?,
        organization_id: r.try_get("organization_id")?,
        service_id: r.try_get("service_id")?,
        is_new: r.try_get::<i64, _>("is_new")? != 0,
        service: serde_json::from_str(&text).map_err(|_| bad("record"))?,
        based_on: based_on.map(|b| serde_json::from_str(&b).map_err(|_| bad("base"))).transpose()?,
        state: ProposalState::parse(&state).map_err(|_| bad("state"))?,
        reason: r.try_get("reason")?,
        proposed_by: r.try_get("proposed_by")?,
        proposed_by_name: r.try_get("proposed_by_name")?,
        proposed_at: r.try_get("proposed_at")?,
        decided_by: r.try_get("decided_by")?,
        decided_by_name: r.try_get("decided_by_name")?,
        decided_at: r.try_get("decided_at")?,
        version: r.try_get("version")?,
    })
}

async fn exec(tx: &mut Transaction<'static, Any>, sql: &str, id: &str) -> Result<()> {
    sqlx::query(sql).bind(id).execute(&mut **tx).await?;
    Ok(())
}

/// Writes a service into the social map: its record and its search rows (PC4 ranges, taxonomy
/// terms). Its places (service at location) stay as they are; a new service goes last.
async fn write_service(tx: &mut Transaction<'static, Any>, s: &Service) -> Result<()> {
    let existing: Option<(String,)> =
        sqlx::query_as("SELECT organization_id FROM sm_services WHERE id = $1").bind(&s.id).fetch_optional(&mut **tx).await?;
    match existing {
        Some((org,)) if org != s.organization_id => {
            return Err(StoreError::Conflict(format!("service {} (it now belongs to another organisation)", s.id)));
        }
        Some(_) => {
            sqlx::query("UPDATE sm_services SET name = $1, status = $2, record = $3 WHERE id = $4")
                .bind(&s.name)
                .bind(s.status.code())
                .bind(record(s)?)
                .bind(&s.id)
                .execute(&mut **tx)
                .await?;
        }
        None => {
            let (last,): (Option<i64>,) = sqlx::query_as("SELECT MAX(position) FROM sm_services").fetch_one(&mut **tx).await?;
            sqlx::query("INSERT INTO sm_services (id, organization_id, name, status, record, position) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(&s.id)
                .bind(&s.organization_id)
                .bind(&s.name)
                .bind(s.status.code())
                .bind(record(s)?)
                .bind(last.map_or(0, |p| p + 1))
                .execute(&mut **tx)
                .await
                .map_err(|e| StoreError::on_unique(e, format!("service {}", s.id)))?;
        }
    }
    exec(tx, "DELETE FROM sm_service_areas WHERE service_id = $1", &s.id).await?;
    exec(tx, "DELETE FROM sm_service_taxonomy WHERE service_id = $1", &s.id).await?;
    for range in s.service_areas.iter().flat_map(|a| a.0.iter()) {
        sqlx::query("INSERT INTO sm_service_areas (service_id, pc4_from, pc4_to) VALUES ($1, $2, $3)")
            .bind(&s.id)
            .bind(i64::from(range.from))
            .bind(i64::from(range.to))
            .execute(&mut **tx)
            .await?;
    }
    let mut codes: Vec<String> = s.taxonomy.iter().map(ToString::to_string).collect();
    codes.sort();
    codes.dedup();
    for code in codes {
        sqlx::query("INSERT INTO sm_service_taxonomy (service_id, code) VALUES ($1, $2)").bind(&s.id).bind(code).execute(&mut **tx).await?;
    }
    Ok(())
}

impl Store {
    /// An organisation on the social map.
    pub async fn social_map_organization(&self, id: &str) -> Result<Option<Organization>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT record FROM sm_organizations WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
        row.map(|(r,)| serde_json::from_str(&r).map_err(|_| bad("organisation"))).transpose()
    }

    /// Stores a proposal (pending, version 1) with `audit` (its `resource_id` set to the new id) in one
    /// transaction. The record must pass the import's rules for its organisation.
    pub async fn propose_listing(&self, p: &NewProposal<'_>, audit: &AuditDraft) -> Result<Proposal> {
        let org = self
            .social_map_organization(&p.service.organization_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("social map organisation {}", p.service.organization_id)))?;
        if let Err(problems) = validate_service(&org, p.service) {
            let why: Vec<String> = problems.iter().map(|x| format!("{}: {}", x.field, x.problem)).collect();
            return Err(StoreError::Invalid(why.join("; ")));
        }
        let id = new_id();
        let now = self.now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(&format!(
            "INSERT INTO listing_proposals ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, $10, NULL, NULL, NULL, 1)"
        ))
        .bind(&id)
        .bind(&p.service.organization_id)
        .bind(&p.service.id)
        .bind(flag(p.based_on.is_none()))
        .bind(record(p.service)?)
        .bind(p.based_on.map(record).transpose()?)
        .bind(ProposalState::Pending.code())
        .bind(p.by.0)
        .bind(p.by.1)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let mut audit = audit.clone();
        audit.resource_id = Some(id.clone());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.listing_proposal(&id).await?.ok_or_else(|| StoreError::NotFound("proposal".into()))
    }

    pub async fn listing_proposal(&self, id: &str) -> Result<Option<Proposal>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM listing_proposals WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    /// Pending proposals of every organisation, oldest first, at most `limit`.
    pub async fn pending_listing_proposals(&self, limit: i64) -> Result<Vec<Proposal>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM listing_proposals WHERE state = $1 ORDER BY proposed_at, id LIMIT $2"))
            .bind(ProposalState::Pending.code())
            .bind(limit)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// The proposals of one social-map organisation, newest first, at most `limit`.
    pub async fn listing_proposals_of(&self, organization_id: &str, limit: i64) -> Result<Vec<Proposal>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM listing_proposals WHERE organization_id = $1 ORDER BY proposed_at DESC, id DESC LIMIT $2"
        ))
        .bind(organization_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// Approves a pending proposal still at `expected_version`: the service record is written into the
    /// social map, the verdict and `audit` (its `resource_id` set to the proposal) in the same
    /// transaction. `Conflict` when it was decided or changed in the meantime (nothing is stored);
    /// `Invalid` when the record no longer passes the import's rules.
    pub async fn approve_listing(&self, id: &str, expected_version: i64, by: (&str, &str), audit: &AuditDraft) -> Result<Proposal> {
        self.decide_listing(id, expected_version, &Verdict::Approve, by, audit).await
    }

    /// Rejects a pending proposal still at `expected_version`, with a reason (required); the social map
    /// stays as it is.
    pub async fn reject_listing(
        &self,
        id: &str,
        expected_version: i64,
        reason: &str,
        by: (&str, &str),
        audit: &AuditDraft,
    ) -> Result<Proposal> {
        self.decide_listing(id, expected_version, &Verdict::Reject { reason: reason.trim().to_string() }, by, audit).await
    }

    async fn decide_listing(
        &self,
        id: &str,
        expected_version: i64,
        verdict: &Verdict,
        by: (&str, &str),
        audit: &AuditDraft,
    ) -> Result<Proposal> {
        let p = self.listing_proposal(id).await?.ok_or_else(|| StoreError::NotFound(format!("proposal {id}")))?;
        let to = decide(p.state, verdict).map_err(|e| match e {
            DecideError::NotPending(_) => StoreError::Conflict("the proposal".into()),
            DecideError::ReasonRequired => StoreError::Invalid("a rejection needs a reason".into()),
        })?;
        if p.version != expected_version {
            return Err(StoreError::Conflict("the proposal".into()));
        }
        if to == ProposalState::Approved {
            let org = self
                .social_map_organization(&p.organization_id)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("social map organisation {}", p.organization_id)))?;
            if let Err(problems) = validate_service(&org, &p.service) {
                let why: Vec<String> = problems.iter().map(|x| format!("{}: {}", x.field, x.problem)).collect();
                return Err(StoreError::Invalid(why.join("; ")));
            }
        }
        let reason = match verdict {
            Verdict::Reject { reason } => Some(reason.clone()),
            Verdict::Approve => None,
        };
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE listing_proposals SET state = $1, reason = $2, decided_by = $3, decided_by_name = $4, decided_at = $5,
             version = version + 1 WHERE id = $6 AND version = $7 AND state = $8",
        )
        .bind(to.code())
        .bind(reason)
        .bind(by.0)
        .bind(by.1)
        .bind(self.now())
        .bind(id)
        .bind(expected_version)
        .bind(ProposalState::Pending.code())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict("the proposal".into()));
        }
        if to == ProposalState::Approved {
            write_service(&mut tx, &p.service).await?;
        }
        let mut audit = audit.clone();
        audit.resource_id = Some(id.to_string());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.listing_proposal(id).await?.ok_or_else(|| StoreError::NotFound("proposal".into()))
    }
}
