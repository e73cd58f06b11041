//! Life-domain assessments: scores per domain on a date, for a member or the whole household, with
//! the conversation in the household's own words. The instrument's rules are checked by the caller
//! (the domain's `Instrument`); here an assessment is written in one transaction with its audit record.

use crate::{Result, Store, StoreError, new_id};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::household::{format_date, parse_date};
use std::collections::BTreeMap;
use time::Date;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub domain: String,
    pub score: u8,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssessment {
    /// `None`: about the household as a whole.
    pub member_id: Option<String>,
    pub instrument_id: String,
    pub instrument_version: String,
    pub assessed_on: Date,
    /// Who took part, in words.
    pub participants: String,
    /// Conversation field code → the household's own words.
    pub conversation: BTreeMap<String, String>,
    pub scores: Vec<Score>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub id: String,
    pub household_id: String,
    pub new: NewAssessment,
    pub author_name: String,
    pub created_at: i64,
}

impl Assessment {
    /// The scores by domain code.
    pub fn score_map(&self) -> BTreeMap<String, u8> {
        self.new.scores.iter().map(|s| (s.domain.clone(), s.score)).collect()
    }
}

type AssessmentRow = (String, String, Option<String>, String, String, String, String, String, String, i64);

impl Store {
    pub async fn add_assessment(&self, household_id: &str, a: &NewAssessment, author: (&str, &str), audit: &AuditDraft) -> Result<String> {
        let id = new_id();
        let conversation = serde_json::to_string(&a.conversation).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO assessments (id, household_id, member_id, instrument_id, instrument_version, assessed_on, participants, conversation,
               author_id, author_name, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&id)
        .bind(household_id)
        .bind(a.member_id.as_deref())
        .bind(&a.instrument_id)
        .bind(&a.instrument_version)
        .bind(format_date(a.assessed_on))
        .bind(&a.participants)
        .bind(conversation)
        .bind(author.0)
        .bind(author.1)
        .bind(self.now())
        .execute(&mut *tx)
        .await?;
        for s in &a.scores {
            sqlx::query("INSERT INTO assessment_scores (assessment_id, domain_code, score, reason) VALUES ($1, $2, $3, $4)")
                .bind(&id)
                .bind(&s.domain)
                .bind(i64::from(s.score))
                .bind(&s.reason)
                .execute(&mut *tx)
                .await?;
        }
        let mut audit = audit.clone();
        audit.member = a.member_id.clone();
        audit.resource_id = Some(id.clone());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The household's assessments, oldest first, each with its scores.
    pub async fn assessments(&self, household_id: &str) -> Result<Vec<Assessment>> {
        let rows: Vec<AssessmentRow> = sqlx::query_as(
            "SELECT id, household_id, member_id, instrument_id, instrument_version, assessed_on, participants, conversation, author_name, created_at
             FROM assessments WHERE household_id = $1 ORDER BY assessed_on, created_at",
        )
        .bind(household_id)
        .fetch_all(self.pool())
        .await?;
        let scores: Vec<(String, String, i64, String)> = sqlx::query_as(
            "SELECT s.assessment_id, s.domain_code, s.score, s.reason FROM assessment_scores s JOIN assessments a ON a.id = s.assessment_id
             WHERE a.household_id = $1",
        )
        .bind(household_id)
        .fetch_all(self.pool())
        .await?;
        let mut by: BTreeMap<String, Vec<Score>> = BTreeMap::new();
        for (aid, domain, score, reason) in scores {
            by.entry(aid).or_default().push(Score { domain, score: u8::try_from(score).unwrap_or(0), reason });
        }
        rows.into_iter()
            .map(
                |(
                    id,
                    household_id,
                    member_id,
                    instrument_id,
                    instrument_version,
                    on,
                    participants,
                    conversation,
                    author_name,
                    created_at,
                )| {
                    Ok(Assessment {
                        new: NewAssessment {
                            member_id,
                            instrument_id,
                            instrument_version,
                            assessed_on: parse_date(&on)
                                .map_err(|_| StoreError::Invalid("stored assessment date not understood".into()))?,
                            participants,
                            conversation: serde_json::from_str(&conversation).unwrap_or_default(),
                            scores: by.remove(&id).unwrap_or_default(),
                        },
                        id,
                        household_id,
                        author_name,
                        created_at,
                    })
                },
            )
            .collect()
    }
}
