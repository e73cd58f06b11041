//! The one plan per household, versioned. The rules (which version may change, status tables, the
//! diff) live in the domain; here each change is one transaction with its audit record, and the
//! plan's state is copied onto the household for the alerts.

use crate::{Result, Store, StoreError};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::household::format_date;
use eenplan_domain::plan::{AgreedHow, EditTarget, PlanContent, PlanError, VersionState, edit_target};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

/// One version of a household's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVersion {
    pub household_id: String,
    pub version_no: i64,
    pub state: VersionState,
    /// Moves on with every change of a draft; an edit names the revision it was based on.
    pub revision: i64,
    pub content: PlanContent,
    pub created_by_name: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub agreed: Option<Agreement>,
}

/// Who agreed to a version, how, when, and who recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub by: String,
    pub how: AgreedHow,
    pub at: i64,
    pub recorded_by: String,
}

/// The version (0 = no plan yet) and revision an edit was based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BasedOn {
    pub version_no: i64,
    pub revision: i64,
}

const COLUMNS: &str = "household_id, version_no, state, revision, content, created_by_name, created_at, updated_at, agreed_by, agreed_how, \
     agreed_at, agreed_recorded_by";

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("stored plan {what} not understood"))
}

fn version_from_row(r: &AnyRow) -> Result<PlanVersion> {
    let state: String = r.try_get("state")?;
    let content: String = r.try_get("content")?;
    let agreed = match (r.try_get::<Option<String>, _>("agreed_by")?, r.try_get::<Option<String>, _>("agreed_how")?) {
        (Some(by), Some(how)) => Some(Agreement {
            by,
            how: AgreedHow::parse(&how).map_err(|_| bad("agreement"))?,
            at: r.try_get::<Option<i64>, _>("agreed_at")?.unwrap_or_default(),
            recorded_by: r.try_get::<Option<String>, _>("agreed_recorded_by")?.unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(PlanVersion {
        household_id: r.try_get("household_id")?,
        version_no: r.try_get("version_no")?,
        state: VersionState::parse(&state).map_err(|_| bad("state"))?,
        revision: r.try_get("revision")?,
        content: serde_json::from_str(&content).map_err(|_| bad("content"))?,
        created_by_name: r.try_get("created_by_name")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        agreed,
    })
}

fn to_json(c: &PlanContent) -> Result<String> {
    serde_json::to_string(c).map_err(|e| StoreError::Invalid(format!("plan content: {e}")))
}

impl Store {
    /// Every version of the household's plan, oldest first.
    pub async fn plan_versions(&self, household_id: &str) -> Result<Vec<PlanVersion>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM plan_versions WHERE household_id = $1 ORDER BY version_no"))
            .bind(household_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(version_from_row)
            .collect()
    }

    /// The newest version of the household's plan, if it has one.
    pub async fn latest_plan(&self, household_id: &str) -> Result<Option<PlanVersion>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM plan_versions WHERE household_id = $1 ORDER BY version_no DESC LIMIT 1"))
            .bind(household_id)
            .fetch_optional(self.pool())
            .await?
            .map(|r| version_from_row(&r))
            .transpose()
    }

    /// Starts the transaction of a plan change: the household row is written first, so two changes of
    /// one household's plan queue instead of both reading the same newest version.
    async fn plan_tx(&self, household_id: &str) -> Result<(Transaction<'static, Any>, Option<PlanVersion>)> {
        let mut tx = self.pool().begin().await?;
        let found = sqlx::query("UPDATE households SET updated_at = $1 WHERE id = $2")
            .bind(self.now())
            .bind(household_id)
            .execute(&mut *tx)
            .await?;
        if found.rows_affected() == 0 {
            return Err(StoreError::NotFound("household".into()));
        }
        let latest = sqlx::query(&format!("SELECT {COLUMNS} FROM plan_versions WHERE household_id = $1 ORDER BY version_no DESC LIMIT 1"))
            .bind(household_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| version_from_row(&r))
            .transpose()?;
        Ok((tx, latest))
    }

    /// Copies the plan's state onto the household: agreed if any version was agreed; the evaluation
    /// date of the newest version.
    async fn sync_plan_facts(&self, tx: &mut Transaction<'static, Any>, household_id: &str, newest: &PlanContent) -> Result<()> {
        let (agreed,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM plan_versions WHERE household_id = $1 AND state <> 'draft'")
            .bind(household_id)
            .fetch_one(&mut **tx)
            .await?;
        sqlx::query("UPDATE households SET plan_agreed = $1, plan_evaluation_on = $2 WHERE id = $3")
            .bind(i64::from(agreed > 0))
            .bind(newest.evaluation_on.map(format_date))
            .bind(household_id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Changes the plan: `change` edits the content of the version the edit was based on. A draft
    /// is changed in place; an agreed version stays as it was and the change becomes a new draft;
    /// with no plan yet (`version_no` 0) the change makes version 1. An edit of an older version is
    /// refused (`Superseded`), an edit of a draft changed in between is a `Conflict`; `change` may
    /// refuse with `Invalid`. Returns the version as stored.
    pub async fn edit_plan(
        &self,
        household_id: &str,
        based_on: BasedOn,
        author: (&str, &str),
        audit: &AuditDraft,
        change: impl FnOnce(&mut PlanContent) -> Result<()>,
    ) -> Result<PlanVersion> {
        let (mut tx, latest) = self.plan_tx(household_id).await?;
        let now = self.now();
        let (target, mut content) = match &latest {
            None if based_on.version_no == 0 => (EditTarget::NewVersion(1), PlanContent::default()),
            None => return Err(StoreError::NotFound("plan version".into())),
            Some(v) => {
                let target = edit_target(v.version_no, v.state, based_on.version_no).map_err(|e| match e {
                    PlanError::Superseded { based_on, latest } => StoreError::Superseded { based_on, latest },
                    other => StoreError::Invalid(other.to_string()),
                })?;
                if v.revision != based_on.revision {
                    return Err(StoreError::Conflict("the plan".into()));
                }
                (target, v.content.clone())
            }
        };
        change(&mut content)?;
        let json = to_json(&content)?;
        match target {
            EditTarget::Draft(no) => {
                let done = sqlx::query(
                    "UPDATE plan_versions SET content = $1, revision = revision + 1, updated_at = $2
                     WHERE household_id = $3 AND version_no = $4 AND revision = $5",
                )
                .bind(&json)
                .bind(now)
                .bind(household_id)
                .bind(no)
                .bind(based_on.revision)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict("the plan".into()));
                }
            }
            EditTarget::NewVersion(no) => {
                sqlx::query(
                    "INSERT INTO plan_versions (household_id, version_no, state, revision, content, created_by, created_by_name, created_at, updated_at)
                     VALUES ($1, $2, 'draft', 1, $3, $4, $5, $6, $6)",
                )
                .bind(household_id)
                .bind(no)
                .bind(&json)
                .bind(author.0)
                .bind(author.1)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        self.sync_plan_facts(&mut tx, household_id, &content).await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        self.latest_plan(household_id).await?.ok_or_else(|| StoreError::NotFound("plan".into()))
    }

    /// Records that the household agreed to the newest version (a draft, the one the worker saw:
    /// `based_on`). The version agreed before it is superseded.
    pub async fn agree_plan(&self, household_id: &str, based_on: BasedOn, agreement: &Agreement, audit: &AuditDraft) -> Result<()> {
        let (mut tx, latest) = self.plan_tx(household_id).await?;
        let v = latest.ok_or_else(|| StoreError::NotFound("plan".into()))?;
        if v.version_no != based_on.version_no {
            return Err(StoreError::Superseded { based_on: based_on.version_no, latest: v.version_no });
        }
        if v.revision != based_on.revision {
            return Err(StoreError::Conflict("the plan".into()));
        }
        if v.state != VersionState::Draft {
            return Err(StoreError::Invalid("this version was already agreed".into()));
        }
        sqlx::query("UPDATE plan_versions SET state = 'superseded' WHERE household_id = $1 AND state = 'agreed'")
            .bind(household_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE plan_versions SET state = 'agreed', agreed_by = $1, agreed_how = $2, agreed_at = $3, agreed_recorded_by = $4, revision = revision + 1
             WHERE household_id = $5 AND version_no = $6",
        )
        .bind(&agreement.by)
        .bind(agreement.how.code())
        .bind(agreement.at)
        .bind(&agreement.recorded_by)
        .bind(household_id)
        .bind(v.version_no)
        .execute(&mut *tx)
        .await?;
        self.sync_plan_facts(&mut tx, household_id, &v.content).await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
