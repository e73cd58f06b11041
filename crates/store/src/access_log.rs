//! What a household member sees of the audit log (NEN 7513 practice, AVG art. 15): the allowed
//! accesses by other people to their household's data that concern them, and the names to show
//! with them, looked up once per page.

use crate::audit::{AUDIT_COLUMNS, record_from_row};
use crate::{Result, Store};
use eenplan_domain::audit::{AuditRecord, Outcome};
use std::collections::HashMap;

/// Most records on one page of the member's log.
const MAX_LIMIT: i64 = 500;

impl Store {
    /// The allowed accesses to household `household_id` that concern member `member_id` (records
    /// about the whole household, without a member, and records about this member), by anyone but
    /// `exclude_actor`; newest first, `limit` of them (at most 500) with a sequence number below
    /// `before_seq` (keyset pagination). Uses the index on `(household_id, seq)`.
    pub async fn accesses_of_member(
        &self,
        household_id: &str,
        member_id: &str,
        exclude_actor: &str,
        before_seq: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_log
             WHERE household_id = $1 AND seq < $2
               AND (member_id IS NULL OR member_id = $3) AND actor <> $4 AND outcome = $5
             ORDER BY seq DESC LIMIT $6"
        ))
        .bind(household_id)
        .bind(before_seq.unwrap_or(i64::MAX))
        .bind(member_id)
        .bind(exclude_actor)
        .bind(Outcome::Allowed.as_str())
        .bind(limit.clamp(1, MAX_LIMIT))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(record_from_row).collect()
    }

    /// The display names of these users, by id, in one query; unknown ids are left out.
    pub async fn user_display_names(&self, ids: &[&str]) -> Result<HashMap<String, String>> {
        self.names_by_id("SELECT id, display_name FROM users WHERE id", ids).await
    }

    /// The names of these organisations, by id, in one query; unknown ids are left out.
    pub async fn organisation_names(&self, ids: &[&str]) -> Result<HashMap<String, String>> {
        self.names_by_id("SELECT id, name FROM organisations WHERE id", ids).await
    }

    /// Runs `select_where_id` (selecting an id and a name, ending in the id column) for all of `ids`.
    async fn names_by_id(&self, select_where_id: &str, ids: &[&str]) -> Result<HashMap<String, String>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut tx = self.pool().begin().await?;
        let rows: Vec<(String, String)> = self.fetch_in(&mut tx, |condition| format!("{select_where_id} {condition}"), None, ids).await?;
        tx.commit().await?;
        Ok(rows.into_iter().collect())
    }
}
