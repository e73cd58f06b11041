//! Financial screenings in the database: the answers a worker recorded with a household, and the
//! worker's response to each suggestion the rules made (accepted with a referral drafted, or
//! dismissed with a reason). The questionnaire and its rules are data (`domain::screening`); the
//! answers are checked against the questionnaire again here, so no invalid screening is stored.

use crate::{Result, Store, StoreError, new_id};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::household::{format_date, parse_date};
use eenplan_domain::screening::{Answers, Decision, Response, Screening, ServiceKind, check_answers, check_response, suggestions};
use time::Date;

/// A worker's recorded response to one suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub rule: String,
    pub kind: ServiceKind,
    pub decision: Decision,
    /// The referral drafted when it was accepted.
    pub referral_id: Option<String>,
    pub decided_by: String,
    pub decided_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredScreening {
    pub id: String,
    pub household_id: String,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub answers: Answers,
    pub done_on: Date,
    pub created_by: String,
    pub created_at: i64,
    pub responses: Vec<StoredResponse>,
}

impl StoredScreening {
    /// The response to a suggestion (rule and kind), if the worker gave one.
    pub fn response(&self, rule: &str, kind: ServiceKind) -> Option<&StoredResponse> {
        self.responses.iter().find(|r| r.rule == rule && r.kind == kind)
    }
}

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("stored screening {what} not understood"))
}

/// (id, household, questionnaire, version, answers, done on, created by, created at)
type ScreeningRow = (String, String, String, String, String, String, String, i64);
/// (screening, rule, kind, decision, reason, referral, decided by, decided at)
type ResponseRow = (String, String, String, String, Option<String>, Option<String>, String, i64);

impl Store {
    /// Records a screening done with a household on `done_on`, after checking the answers against the
    /// questionnaire; the household's last screening date moves with it (for the alert).
    pub async fn save_screening(
        &self,
        household_id: &str,
        screening: &Screening,
        answers: &Answers,
        done_on: Date,
        author_id: &str,
        audit: &AuditDraft,
    ) -> Result<String> {
        check_answers(&screening.questionnaire, answers)
            .map_err(|errors| StoreError::Invalid(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")))?;
        let json = serde_json::to_string(answers).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let id = new_id();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO screenings (id, household_id, questionnaire_id, questionnaire_version, answers, done_on, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(household_id)
        .bind(&screening.id)
        .bind(&screening.version)
        .bind(json)
        .bind(format_date(done_on))
        .bind(author_id)
        .bind(self.now())
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE households SET last_screening_on = $1 WHERE id = $2 AND (last_screening_on IS NULL OR last_screening_on < $1)")
            .bind(format_date(done_on))
            .bind(household_id)
            .execute(&mut *tx)
            .await?;
        let mut audit = audit.clone();
        audit.resource_id = Some(id.clone());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records the dismissal of one of the screening's suggestions, with its reason. The suggestion
    /// must be one the rules made for these answers, and not answered before.
    pub async fn dismiss_suggestion(
        &self,
        stored: &StoredScreening,
        screening: &Screening,
        (rule, kind): (&str, ServiceKind),
        reason: &str,
        user_id: &str,
        audit: &AuditDraft,
    ) -> Result<()> {
        let decision = Decision::dismiss(reason).map_err(|e| StoreError::Invalid(format!("reason: {e}")))?;
        let response = Response { rule: rule.to_string(), kind, decision: decision.clone() };
        check_response(&suggestions(screening, &stored.answers), &response)
            .map_err(|e| StoreError::Invalid(format!("suggestion {rule}/{}: {e}", kind.code())))?;
        let Decision::Dismissed { reason } = decision else { unreachable!("built as a dismissal") };
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO screening_responses (screening_id, rule, kind, decision, reason, referral_id, decided_by, decided_at)
             VALUES ($1, $2, $3, 'dismissed', $4, NULL, $5, $6)",
        )
        .bind(&stored.id)
        .bind(rule)
        .bind(kind.code())
        .bind(reason)
        .bind(user_id)
        .bind(self.now())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::on_unique(e, "a response to this suggestion"))?;
        let mut audit = audit.clone();
        audit.resource_id = Some(stored.id.clone());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn screenings_where(&self, sql_where: &str, bind: &str) -> Result<Vec<StoredScreening>> {
        let rows: Vec<ScreeningRow> = sqlx::query_as(&format!(
            "SELECT id, household_id, questionnaire_id, questionnaire_version, answers, done_on, created_by, created_at
             FROM screenings WHERE {sql_where} ORDER BY done_on DESC, created_at DESC, id DESC"
        ))
        .bind(bind)
        .fetch_all(self.pool())
        .await?;
        let mut list = rows
            .into_iter()
            .map(|(id, household_id, questionnaire_id, questionnaire_version, answers, done_on, created_by, created_at)| {
                Ok(StoredScreening {
                    id,
                    household_id,
                    questionnaire_id,
                    questionnaire_version,
                    answers: serde_json::from_str(&answers).map_err(|_| bad("answers"))?,
                    done_on: parse_date(&done_on).map_err(|_| bad("date"))?,
                    created_by,
                    created_at,
                    responses: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if list.is_empty() {
            return Ok(list);
        }
        let ph: Vec<String> = (1..=list.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT screening_id, rule, kind, decision, reason, referral_id, decided_by, decided_at FROM screening_responses
             WHERE screening_id IN ({}) ORDER BY decided_at, rule, kind",
            ph.join(", ")
        );
        let mut q = sqlx::query_as::<_, ResponseRow>(&sql);
        for s in &list {
            q = q.bind(&s.id);
        }
        for (screening_id, rule, kind, decision, reason, referral_id, decided_by, decided_at) in q.fetch_all(self.pool()).await? {
            let decision = match decision.as_str() {
                "accepted" => Decision::Accepted,
                "dismissed" => Decision::Dismissed { reason: reason.unwrap_or_default() },
                _ => return Err(bad("decision")),
            };
            let r = StoredResponse {
                rule,
                kind: ServiceKind::parse(&kind).map_err(|_| bad("kind"))?,
                decision,
                referral_id,
                decided_by,
                decided_at,
            };
            if let Some(s) = list.iter_mut().find(|s| s.id == screening_id) {
                s.responses.push(r);
            }
        }
        Ok(list)
    }

    /// The screening with the worker's responses.
    pub async fn screening(&self, id: &str) -> Result<Option<StoredScreening>> {
        Ok(self.screenings_where("id = $1", id).await?.pop())
    }

    /// The household's screenings, newest first, with the responses.
    pub async fn screenings_of_household(&self, household_id: &str) -> Result<Vec<StoredScreening>> {
        self.screenings_where("household_id = $1", household_id).await
    }
}
