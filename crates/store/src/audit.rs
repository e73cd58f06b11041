//! The audit log: append-only (database triggers refuse UPDATE and DELETE), hash-chained, and
//! written in the same transaction as the change it records.

use crate::bulk::placeholders;
use crate::group_commit::GroupCommit;
use crate::{Result, Store, StoreError, flag};
use eenplan_domain::audit::{AuditDraft, AuditRecord, ChainBreak, Outcome, chain_hash, verify_chain};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

pub(crate) const AUDIT_COLUMNS: &str = "seq, at, actor, actor_name, role, organisation, household_id, member_id, resource, resource_id, \
     action, purpose, outcome, break_glass, reason, prev_hash, hash";

pub(crate) fn record_from_row(r: &AnyRow) -> Result<AuditRecord> {
    let outcome: String = r.try_get("outcome")?;
    Ok(AuditRecord {
        seq: r.try_get("seq")?,
        at: r.try_get("at")?,
        draft: AuditDraft {
            actor: r.try_get("actor")?,
            actor_name: r.try_get("actor_name")?,
            role: r.try_get("role")?,
            organisation: r.try_get("organisation")?,
            household: r.try_get("household_id")?,
            member: r.try_get("member_id")?,
            resource: r.try_get("resource")?,
            resource_id: r.try_get("resource_id")?,
            action: r.try_get("action")?,
            purpose: r.try_get("purpose")?,
            // An unknown outcome is kept visible as a denial-shaped record; the hash check flags it.
            outcome: Outcome::parse(&outcome).unwrap_or(Outcome::Denied),
            break_glass: r.try_get::<i64, _>("break_glass")? != 0,
            reason: r.try_get("reason")?,
        },
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

/// The background writer that commits queued audit records in batches.
pub(crate) type AuditWriter = GroupCommit<AuditDraft, AuditRecord>;

/// Most records in one batch.
const BATCH: usize = 256;

fn start_audit_writer(store: &Store) -> AuditWriter {
    let store = store.without_writers();
    GroupCommit::start(BATCH, move |drafts: Vec<AuditDraft>| {
        let store = store.clone();
        async move {
            let n = drafts.len();
            let written = async {
                let mut tx = store.pool().begin().await?;
                let records = store.append_audits(&mut tx, &drafts).await?;
                tx.commit().await?;
                Ok::<_, StoreError>(records)
            };
            match written.await {
                Ok(records) => records.into_iter().map(Ok).collect(),
                Err(e) => {
                    tracing::error!(error = %e, "audit batch failed");
                    (0..n).map(|_| Err(StoreError::Invalid(format!("audit write failed: {e}")))).collect()
                }
            }
        }
    })
}

/// Filters for reading the log (privacy officer, subject access).
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub household: Option<String>,
    pub actor: Option<String>,
    pub break_glass_only: bool,
    /// Keyset pagination: records with a sequence number below this one.
    pub before_seq: Option<i64>,
    pub limit: i64,
}

impl Store {
    /// Appends one record inside the caller's transaction. The first statement takes the write lock
    /// on the chain head (a row lock on PostgreSQL, the database write lock on SQLite), so concurrent
    /// writers queue instead of forking the chain.
    pub async fn append_audit(&self, tx: &mut Transaction<'static, Any>, draft: &AuditDraft) -> Result<AuditRecord> {
        let (seq, prev_hash): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").fetch_one(&mut **tx).await?;
        let at = self.now();
        let hash = chain_hash(&prev_hash, seq, at, draft);
        sqlx::query(&format!(
            "INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
        ))
        .bind(seq)
        .bind(at)
        .bind(&draft.actor)
        .bind(&draft.actor_name)
        .bind(&draft.role)
        .bind(draft.organisation.as_deref())
        .bind(draft.household.as_deref())
        .bind(draft.member.as_deref())
        .bind(&draft.resource)
        .bind(draft.resource_id.as_deref())
        .bind(&draft.action)
        .bind(&draft.purpose)
        .bind(draft.outcome.as_str())
        .bind(flag(draft.break_glass))
        .bind(draft.reason.as_deref())
        .bind(&prev_hash)
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&hash).execute(&mut **tx).await?;
        Ok(AuditRecord { seq, at, draft: draft.clone(), prev_hash, hash })
    }

    /// Appends one record after a read or for a denial, and returns once it is committed. Records
    /// of concurrent requests share one transaction (group commit): the chain head is locked once
    /// per batch instead of once per request.
    pub async fn audit(&self, draft: &AuditDraft) -> Result<AuditRecord> {
        self.audit_writer.get_or_init(|| start_audit_writer(self)).submit(draft.clone()).await
    }

    /// Appends several records inside the caller's transaction, chained in order (the group commits
    /// of reads and of signals).
    pub(crate) async fn append_audits(&self, tx: &mut Transaction<'static, Any>, drafts: &[AuditDraft]) -> Result<Vec<AuditRecord>> {
        let n = drafts.len() as i64;
        let (last, mut prev_hash): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash").bind(n).fetch_one(&mut **tx).await?;
        let at = self.now();
        let mut records = Vec::with_capacity(drafts.len());
        for (i, d) in drafts.iter().enumerate() {
            let seq = last - n + 1 + i as i64;
            let hash = chain_hash(&prev_hash, seq, at, d);
            records.push(AuditRecord { seq, at, draft: d.clone(), prev_hash: prev_hash.clone(), hash: hash.clone() });
            prev_hash = hash;
        }
        for chunk in records.chunks(self.rows_per_statement(17)) {
            // Numbered placeholders written out: sqlx's Any query builder does not number them for PostgreSQL.
            let rows: Vec<String> = (0..chunk.len()).map(|r| format!("({})", placeholders(1 + r * 17, 17))).collect();
            let sql = format!("INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES {}", rows.join(", "));
            let mut q = sqlx::query(&sql);
            for r in chunk {
                let d = &r.draft;
                q = q
                    .bind(r.seq)
                    .bind(r.at)
                    .bind(&d.actor)
                    .bind(&d.actor_name)
                    .bind(&d.role)
                    .bind(d.organisation.as_deref())
                    .bind(d.household.as_deref())
                    .bind(d.member.as_deref())
                    .bind(&d.resource)
                    .bind(d.resource_id.as_deref())
                    .bind(&d.action)
                    .bind(&d.purpose)
                    .bind(d.outcome.as_str())
                    .bind(flag(d.break_glass))
                    .bind(d.reason.as_deref())
                    .bind(&r.prev_hash)
                    .bind(&r.hash);
            }
            q.execute(&mut **tx).await?;
        }
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&prev_hash).execute(&mut **tx).await?;
        Ok(records)
    }

    pub async fn audit_records(&self, q: &AuditQuery) -> Result<Vec<AuditRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_log
             WHERE ($1 IS NULL OR household_id = $1) AND ($2 IS NULL OR actor = $2) AND ($3 = 0 OR break_glass = 1)
               AND seq < $4
             ORDER BY seq DESC LIMIT $5"
        ))
        .bind(q.household.as_deref())
        .bind(q.actor.as_deref())
        .bind(flag(q.break_glass_only))
        .bind(q.before_seq.unwrap_or(i64::MAX))
        .bind(q.limit.clamp(1, 500))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(record_from_row).collect()
    }

    /// Walks the whole chain in pages of 1 000 and names the first bad record.
    pub async fn verify_audit(&self) -> Result<std::result::Result<u64, ChainBreak>> {
        let (head_seq, head_hash): (i64, String) =
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(self.pool()).await?;
        let mut all = Vec::new();
        let mut after = 0i64;
        loop {
            let rows = sqlx::query(&format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000"))
                .bind(after)
                .fetch_all(self.pool())
                .await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let rec = record_from_row(r)?;
                after = rec.seq;
                all.push(rec);
            }
        }
        Ok(verify_chain(all, Some((head_seq, head_hash.as_str()))))
    }

    pub async fn audit_count(&self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log").fetch_one(self.pool()).await.map_err(StoreError::Db)?;
        Ok(n)
    }
}
