//! Consultations in the database: a worker asks a specialist organisation a question about a
//! household, identified or anonymised, without handing it over. The rules (the moves, who makes
//! them, that an anonymised consultation never carries the household to the specialist) are the
//! domain's (`domain::referral::Consult`). The specialist's answer is also written on the household's
//! timeline, in the same transaction.

use crate::{Result, Store, StoreError, new_id};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::household::{ContactType, format_date};
use eenplan_domain::referral::{Consult, ConsultState, Identification, Side, check_consult_consent, consult_transition};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultMessage {
    pub side: Side,
    pub author_name: String,
    pub body: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredConsult {
    pub id: String,
    /// The worker's side always knows the household; the specialist sees it only when identified.
    pub household_id: String,
    pub identification: Identification,
    /// The member who consented to naming the household (identified only).
    pub consent_member_id: Option<String>,
    /// The specialist organisation (social map id) and its name when asked.
    pub organization_id: String,
    pub organization_name: String,
    pub state: ConsultState,
    pub created_by: String,
    pub created_at: i64,
    pub version: i64,
    /// The question first, then answers and follow-up questions in order.
    pub messages: Vec<ConsultMessage>,
}

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("stored consultation {what} not understood"))
}

fn invalid(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(e.to_string())
}

fn consult_from_row(r: &AnyRow) -> Result<StoredConsult> {
    let state: String = r.try_get("state")?;
    Ok(StoredConsult {
        id: r.try_get("id")?,
        household_id: r.try_get("household_id")?,
        identification: if r.try_get::<i64, _>("identified")? != 0 { Identification::Identified } else { Identification::Anonymised },
        consent_member_id: r.try_get("consent_member_id")?,
        organization_id: r.try_get("sm_organization_id")?,
        organization_name: r.try_get("organization_name")?,
        state: ConsultState::parse(&state).map_err(|_| bad("state"))?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        version: r.try_get("version")?,
        messages: Vec::new(),
    })
}

const COLUMNS: &str =
    "id, household_id, identified, consent_member_id, sm_organization_id, organization_name, state, created_by, created_at, version";

/// Who writes a consultation message, and with what.
#[derive(Debug, Clone, Copy)]
pub struct Author<'a> {
    pub user_id: &'a str,
    pub name: &'a str,
}

impl Store {
    /// Asks a specialist organisation a question about a household (checked by `Consult::new`); an
    /// identified one needs the consent of a member (`consent_member_id`) of this household.
    pub async fn create_consult(
        &self,
        household_id: &str,
        (identification, consent_member_id): (Identification, Option<&str>),
        organization: (&str, &str),
        question: &str,
        author: Author<'_>,
        audit: &AuditDraft,
    ) -> Result<String> {
        let household = (identification == Identification::Identified).then_some(household_id);
        let consult = Consult::new(organization.0, identification, household, question).map_err(invalid)?;
        let consent_member_id = consent_member_id.filter(|_| identification == Identification::Identified);
        if let Some(m) = consent_member_id
            && !self.members(household_id).await?.iter().any(|x| x.id == m)
        {
            return Err(invalid("the consenting person is not a member of this household"));
        }
        check_consult_consent(identification, consent_member_id.is_some()).map_err(invalid)?;
        let id = new_id();
        let now = self.now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(&format!("INSERT INTO consults ({COLUMNS}, updated_at) VALUES ($1, $2, $3, $8, $4, $5, 'asked', $6, $7, 1, $7)"))
            .bind(&id)
            .bind(household_id)
            .bind(i64::from(identification == Identification::Identified))
            .bind(consult.organisation())
            .bind(organization.1)
            .bind(author.user_id)
            .bind(now)
            .bind(consent_member_id)
            .execute(&mut *tx)
            .await?;
        self.add_consult_message(&mut tx, &id, 1, Side::Worker, author, consult.question(), now).await?;
        let mut audit = audit.clone();
        audit.resource_id = Some(id.clone());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    #[allow(clippy::too_many_arguments)]
    async fn add_consult_message(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        consult_id: &str,
        seq: i64,
        side: Side,
        author: Author<'_>,
        body: &str,
        at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO consult_messages (consult_id, seq, side, author_id, author_name, body, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(consult_id)
        .bind(seq)
        .bind(side.code())
        .bind(author.user_id)
        .bind(author.name)
        .bind(body)
        .bind(at)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Moves a consultation, if its version is still `expected_version`: the specialist answers, the
    /// worker asks a follow-up question or closes it. An answer also goes on the household's timeline
    /// as a note (`timeline_note`, the text the worker's side reads there).
    #[allow(clippy::too_many_arguments)]
    pub async fn move_consult(
        &self,
        id: &str,
        expected_version: i64,
        to: ConsultState,
        side: Side,
        author: Author<'_>,
        text: Option<&str>,
        timeline_note: Option<&str>,
        audit: &AuditDraft,
    ) -> Result<()> {
        let c = self.consult(id).await?.ok_or_else(|| StoreError::NotFound("consultation".into()))?;
        consult_transition(c.state, to, side, text).map_err(invalid)?;
        let now = self.now();
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query("UPDATE consults SET state = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4")
            .bind(to.code())
            .bind(now)
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict("the consultation".into()));
        }
        if let Some(body) = text.map(str::trim).filter(|t| !t.is_empty()) {
            self.add_consult_message(&mut tx, id, c.messages.len() as i64 + 1, side, author, body, now).await?;
        }
        if to == ConsultState::Answered
            && let Some(note) = timeline_note
        {
            sqlx::query(
                "INSERT INTO timeline_entries (id, household_id, contact_type, body, domains, member_id, author_id, author_name, occurred_on, created_at)
                 VALUES ($1, $2, $3, $4, '', NULL, $5, $6, $7, $8)",
            )
            .bind(new_id())
            .bind(&c.household_id)
            .bind(ContactType::Note.code())
            .bind(note)
            .bind(author.user_id)
            .bind(author.name)
            .bind(format_date(self.today()))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let mut audit = audit.clone();
        audit.resource_id = Some(id.to_string());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The consultations where `sql_where` holds for `bind`, newest first, at most `limit`, before the
    /// keyset `(created_at, id)` of a previous page's last one.
    async fn consults_where(&self, sql_where: &str, bind: &str, before: Option<(i64, &str)>, limit: i64) -> Result<Vec<StoredConsult>> {
        let keyset = if before.is_some() { " AND (created_at < $2 OR (created_at = $2 AND id < $3))" } else { "" };
        let sql = format!(
            "SELECT {COLUMNS} FROM consults WHERE {sql_where}{keyset} ORDER BY created_at DESC, id DESC LIMIT {}",
            limit.clamp(1, 500)
        );
        let mut q = sqlx::query(&sql).bind(bind);
        if let Some((at, id)) = before {
            q = q.bind(at).bind(id);
        }
        let mut list = q.fetch_all(self.pool()).await?.iter().map(consult_from_row).collect::<Result<Vec<_>>>()?;
        if list.is_empty() {
            return Ok(list);
        }
        let ph: Vec<String> = (1..=list.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT consult_id, side, author_name, body, at FROM consult_messages WHERE consult_id IN ({}) ORDER BY consult_id, seq",
            ph.join(", ")
        );
        let mut q = sqlx::query_as::<_, (String, String, String, String, i64)>(&sql);
        for c in &list {
            q = q.bind(&c.id);
        }
        for (consult_id, side, author_name, body, at) in q.fetch_all(self.pool()).await? {
            let m = ConsultMessage { side: Side::parse(&side).map_err(|_| bad("side"))?, author_name, body, at };
            if let Some(c) = list.iter_mut().find(|c| c.id == consult_id) {
                c.messages.push(m);
            }
        }
        Ok(list)
    }

    /// The organisations on the social map (id, name), by name: whom a worker can consult, and what an
    /// administrator links directory organisations to.
    pub async fn social_map_organizations(&self) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as("SELECT id, name FROM sm_organizations ORDER BY name, id").fetch_all(self.pool()).await?)
    }

    pub async fn consult(&self, id: &str) -> Result<Option<StoredConsult>> {
        Ok(self.consults_where("id = $1", id, None, 1).await?.pop())
    }

    /// The household's consultations, newest first.
    pub async fn consults_of_household(&self, household_id: &str) -> Result<Vec<StoredConsult>> {
        self.consults_where("household_id = $1", household_id, None, 500).await
    }

    /// A page of the consultations addressed to a specialist organisation (social map id), newest
    /// first: at most `limit`, before the keyset `(created_at, id)` of the previous page's last one.
    pub async fn consults_to(&self, organization_id: &str, before: Option<(i64, &str)>, limit: i64) -> Result<Vec<StoredConsult>> {
        self.consults_where("sm_organization_id = $1", organization_id, before, limit).await
    }
}
