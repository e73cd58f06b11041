//! What the team lead's dashboard reads about one team: open work per contact worker, the waits
//! from intake to first contact, meldingen without a contact attempt, referrals without an answer,
//! and the life-domain scores of the households whose support ended. Counts are made here; the
//! waits and score changes are computed by `domain::team_steering`.
//!
//! A household belongs to the team that leads it; an intake to the team it was routed to (or, when
//! it waited in the triage queue, to the household's lead team).

use crate::referrals::day_of;
use crate::{Result, Store};
use eenplan_domain::household::{format_date, parse_date};
use eenplan_domain::team_steering::{AssessmentScores, IntakeWait};
use sqlx::Row;
use time::{Date, Duration};

/// The open households (intake or active) of one contact worker (`None`: without one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerLoad {
    pub worker: Option<String>,
    pub intake: i64,
    pub active: i64,
    /// Plans due for evaluation (`alerts::evaluation_due`).
    pub evaluation_due: i64,
    /// Active households without contact since the cutoff (`alerts::no_contact_cutoff`).
    pub no_recent_contact: i64,
}

/// Meldingen of the team whose outreach is not closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OpenMeldingen {
    /// Without any contact attempt yet.
    pub no_attempt: i64,
    /// Of those, past the first-attempt deadline.
    pub no_attempt_overdue: i64,
    /// Attempted, but the resident was not reached yet.
    pub not_reached: i64,
}

/// Sent referrals of the team's households that wait for the partner's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UnansweredReferrals {
    pub waiting: i64,
    /// Of those, past the answer deadline.
    pub overdue: i64,
}

fn bad(what: &str) -> crate::StoreError {
    crate::StoreError::Invalid(format!("stored assessment {what} not understood"))
}

fn unix_midnight(d: Date) -> i64 {
    d.midnight().assume_utc().unix_timestamp()
}

impl Store {
    /// Per contact worker, the team's open households and what is due in them, ordered by worker
    /// (households without a contact worker last).
    pub async fn team_caseload(&self, team_id: &str, today: Date, no_contact_cutoff: Date) -> Result<Vec<WorkerLoad>> {
        // A household opened on or before the cutoff day without any contact since counts too.
        let opened_before = unix_midnight(no_contact_cutoff + Duration::days(1));
        let rows = sqlx::query(
            "SELECT contact_worker_id,
                    SUM(CASE WHEN status = 'intake' THEN 1 ELSE 0 END) AS intake,
                    SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS active,
                    SUM(CASE WHEN plan_evaluation_on <= $2 THEN 1 ELSE 0 END) AS evaluation_due,
                    SUM(CASE WHEN status = 'active' AND (last_contact_on <= $3 OR (last_contact_on IS NULL AND created_at < $4))
                        THEN 1 ELSE 0 END) AS no_recent_contact
             FROM households WHERE lead_team_id = $1 AND status <> 'closed'
             GROUP BY contact_worker_id",
        )
        .bind(team_id)
        .bind(format_date(today))
        .bind(format_date(no_contact_cutoff))
        .bind(opened_before)
        .fetch_all(self.pool())
        .await?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok(WorkerLoad {
                    worker: r.try_get("contact_worker_id")?,
                    intake: r.try_get("intake")?,
                    active: r.try_get("active")?,
                    evaluation_due: r.try_get("evaluation_due")?,
                    no_recent_contact: r.try_get("no_recent_contact")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| (a.worker.is_none(), &a.worker).cmp(&(b.worker.is_none(), &b.worker)));
        Ok(out)
    }

    /// The team's intakes made on `from` up to and including `to`, each with the date of the first
    /// contact moment (not a note) recorded after it.
    pub async fn team_intake_waits(&self, team_id: &str, from: Date, to: Date) -> Result<Vec<IntakeWait>> {
        let rows: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT i.created_at,
                    (SELECT MIN(t.occurred_on) FROM timeline_entries t
                     WHERE t.household_id = i.household_id AND t.contact_type <> 'note' AND t.created_at >= i.created_at)
             FROM intakes i JOIN households h ON h.id = i.household_id
             WHERE (i.routed_team_id = $1 OR (i.routed_team_id IS NULL AND h.lead_team_id = $1))
               AND i.created_at >= $2 AND i.created_at < $3",
        )
        .bind(team_id)
        .bind(unix_midnight(from))
        .bind(unix_midnight(to + Duration::days(1)))
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(at, first)| IntakeWait { intake_on: day_of(at), first_contact: first.and_then(|d| parse_date(&d).ok()) })
            .collect())
    }

    /// The team's meldingen whose outreach is still open.
    pub async fn team_open_meldingen(&self, team_id: &str, today: Date) -> Result<OpenMeldingen> {
        let row: Option<(Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT SUM(CASE WHEN first_attempt_on IS NULL THEN 1 ELSE 0 END),
                    SUM(CASE WHEN first_attempt_on IS NULL AND first_attempt_due < $2 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN first_attempt_on IS NOT NULL AND reached = 0 THEN 1 ELSE 0 END)
             FROM meldingen WHERE team_id = $1 AND state <> 'closed'",
        )
        .bind(team_id)
        .bind(format_date(today))
        .fetch_optional(self.pool())
        .await?;
        let (a, b, c) = row.unwrap_or_default();
        Ok(OpenMeldingen { no_attempt: a.unwrap_or(0), no_attempt_overdue: b.unwrap_or(0), not_reached: c.unwrap_or(0) })
    }

    /// The sent referrals of the team's open households that still wait for an answer.
    pub async fn team_unanswered_referrals(&self, team_id: &str, today: Date) -> Result<UnansweredReferrals> {
        let row: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT SUM(1), SUM(CASE WHEN r.answer_due < $2 THEN 1 ELSE 0 END)
             FROM households h JOIN referrals r ON r.household_id = h.id
             WHERE h.lead_team_id = $1 AND h.status <> 'closed' AND r.state = 'sent'",
        )
        .bind(team_id)
        .bind(format_date(today))
        .fetch_optional(self.pool())
        .await?;
        let (a, b) = row.unwrap_or_default();
        Ok(UnansweredReferrals { waiting: a.unwrap_or(0), overdue: b.unwrap_or(0) })
    }

    /// How many of the team's households were closed on `from` up to and including `to`, and the
    /// scores of every assessment of those households (of the household, or of one member).
    pub async fn team_closed_assessments(&self, team_id: &str, from: Date, to: Date) -> Result<(i64, Vec<AssessmentScores>)> {
        let (from, to) = (format_date(from), format_date(to));
        let (closed,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM households WHERE lead_team_id = $1 AND closed_on >= $2 AND closed_on <= $3 AND status = 'closed'",
        )
        .bind(team_id)
        .bind(&from)
        .bind(&to)
        .fetch_one(self.pool())
        .await?;
        let rows = sqlx::query(
            "SELECT a.id, a.household_id, a.member_id, a.instrument_id, a.assessed_on, s.domain_code, s.score
             FROM households h JOIN assessments a ON a.household_id = h.id JOIN assessment_scores s ON s.assessment_id = a.id
             WHERE h.lead_team_id = $1 AND h.closed_on >= $2 AND h.closed_on <= $3 AND h.status = 'closed'
             ORDER BY a.household_id, a.assessed_on, a.created_at, a.id, s.domain_code",
        )
        .bind(team_id)
        .bind(&from)
        .bind(&to)
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<(String, AssessmentScores)> = Vec::new();
        for r in &rows {
            let id: String = r.try_get("id")?;
            let score = u8::try_from(r.try_get::<i64, _>("score")?).map_err(|_| bad("score"))?;
            let domain: String = r.try_get("domain_code")?;
            if let Some((last, a)) = out.last_mut()
                && *last == id
            {
                a.scores.push((domain, score));
                continue;
            }
            let household: String = r.try_get("household_id")?;
            let member: Option<String> = r.try_get("member_id")?;
            let on: String = r.try_get("assessed_on")?;
            out.push((
                id,
                AssessmentScores {
                    subject: member.map_or_else(|| household.clone(), |m| format!("{household}/{m}")),
                    instrument: r.try_get("instrument_id")?,
                    on: parse_date(&on).map_err(|_| bad("date"))?,
                    scores: vec![(domain, score)],
                },
            ));
        }
        Ok((closed, out.into_iter().map(|(_, a)| a).collect()))
    }
}
