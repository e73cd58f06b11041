//! Sessions in the database, so that any `serve` process can serve any request. The cookie holds a
//! random token; the table holds only its SHA-256.

use crate::credentials::{random_token, sha256_hex};
use crate::directory::{RoleGrant, USER_COLUMNS, User, user_from_row};
use crate::{Result, Store, StoreError, flag};
use eenplan_domain::Role;
use eenplan_domain::audit::AuditDraft;
use sqlx::Row;

/// Idle timeout: a session not used for this long expires.
pub const IDLE_SECONDS: i64 = 30 * 60;
/// Absolute lifetime of a session.
pub const MAX_SECONDS: i64 = 10 * 60 * 60;

/// (user, role, csrf token, second factor done, created, expires)
type SessionRow = (String, String, String, i64, i64, i64);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id_hash: String,
    pub user_id: String,
    pub role: Role,
    pub csrf_token: String,
    pub second_factor_ok: bool,
    pub created_at: i64,
    pub expires_at: i64,
}

impl Store {
    /// Starts a session and records the login in the audit log, in one transaction; returns the
    /// cookie token (shown once) and the session.
    pub async fn create_session(&self, user_id: &str, role: Role, second_factor_ok: bool, audit: &AuditDraft) -> Result<(String, Session)> {
        let token = random_token();
        let now = self.now();
        let s = Session {
            id_hash: sha256_hex(&token),
            user_id: user_id.to_string(),
            role,
            csrf_token: random_token(),
            second_factor_ok,
            created_at: now,
            expires_at: now + IDLE_SECONDS,
        };
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, role, csrf_token, second_factor_ok, created_at, last_seen, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&s.id_hash)
        .bind(&s.user_id)
        .bind(role.as_str())
        .bind(&s.csrf_token)
        .bind(flag(second_factor_ok))
        .bind(now)
        .bind(now)
        .bind(s.expires_at)
        .execute(&mut *tx)
        .await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok((token, s))
    }

    /// The live session for a cookie token, with its idle expiry moved on. Expired sessions are removed.
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        let id_hash = sha256_hex(token);
        let row: Option<SessionRow> =
            sqlx::query_as("SELECT user_id, role, csrf_token, second_factor_ok, created_at, expires_at FROM sessions WHERE id_hash = $1")
                .bind(&id_hash)
                .fetch_optional(self.pool())
                .await?;
        match row {
            Some(row) => self.live(id_hash, row).await,
            None => Ok(None),
        }
    }

    /// The live session for a cookie token with its user and the user's role grants, read in one
    /// query (every request needs all three).
    pub async fn session_with_user(&self, token: &str) -> Result<Option<(Session, Option<User>, Vec<RoleGrant>)>> {
        let id_hash = sha256_hex(token);
        let user_columns = USER_COLUMNS.split(',').map(|c| format!("u.{0} AS {0}", c.trim())).collect::<Vec<_>>().join(", ");
        let rows = sqlx::query(&format!(
            "SELECT s.user_id AS s_user_id, s.role AS s_role, s.csrf_token AS s_csrf_token, s.second_factor_ok AS s_second_factor_ok,
                    s.created_at AS s_created_at, s.expires_at AS s_expires_at, u.id AS u_present, {user_columns},
                    r.role AS grant_role, r.team_id AS grant_team
             FROM sessions s LEFT JOIN users u ON u.id = s.user_id LEFT JOIN user_roles r ON r.user_id = s.user_id
             WHERE s.id_hash = $1 ORDER BY r.role, r.team_id"
        ))
        .bind(&id_hash)
        .fetch_all(self.pool())
        .await?;
        let Some(first) = rows.first() else { return Ok(None) };
        let session_row: SessionRow = (
            first.try_get("s_user_id")?,
            first.try_get("s_role")?,
            first.try_get("s_csrf_token")?,
            first.try_get("s_second_factor_ok")?,
            first.try_get("s_created_at")?,
            first.try_get("s_expires_at")?,
        );
        let user = match first.try_get::<Option<String>, _>("u_present")? {
            Some(_) => Some(user_from_row(first)?),
            None => None,
        };
        let mut grants = Vec::new();
        for r in &rows {
            if let Some(role) = r.try_get::<Option<String>, _>("grant_role")? {
                let role = Role::parse(&role).map_err(|e| StoreError::Invalid(e.to_string()))?;
                grants.push(RoleGrant { role, team_id: r.try_get("grant_team")? });
            }
        }
        Ok(self.live(id_hash, session_row).await?.map(|s| (s, user, grants)))
    }

    /// A session row as a live session: expired ones are removed, the idle expiry moves on.
    async fn live(&self, id_hash: String, row: SessionRow) -> Result<Option<Session>> {
        let (user_id, role, csrf_token, sf, created_at, expires_at) = row;
        let now = self.now();
        if now >= expires_at || now >= created_at + MAX_SECONDS {
            self.delete_session(&id_hash).await?;
            return Ok(None);
        }
        let new_expiry = (now + IDLE_SECONDS).min(created_at + MAX_SECONDS);
        // Only write when the expiry moves by more than a minute: most requests stay read-only.
        if new_expiry - expires_at > 60 {
            sqlx::query("UPDATE sessions SET last_seen = $1, expires_at = $2 WHERE id_hash = $3")
                .bind(now)
                .bind(new_expiry)
                .bind(&id_hash)
                .execute(self.pool())
                .await?;
        }
        let role = Role::parse(&role).map_err(|e| StoreError::Invalid(e.to_string()))?;
        Ok(Some(Session {
            id_hash,
            user_id,
            role,
            csrf_token,
            second_factor_ok: sf != 0,
            created_at,
            expires_at: new_expiry.max(expires_at),
        }))
    }

    /// Accepts a TOTP step for the session's user (refusing a replayed or older step), completes the
    /// session's second factor, turns TOTP on when `enable` (enrolment), and records it, in one
    /// transaction. `false` when the step was already used.
    pub async fn complete_second_factor(&self, session: &Session, step: i64, enable: bool, audit: &AuditDraft) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let sql = if enable {
            "UPDATE users SET totp_last_step = $1, totp_enabled = 1 WHERE id = $2 AND COALESCE(totp_last_step, -1) < $1"
        } else {
            "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND COALESCE(totp_last_step, -1) < $1"
        };
        if sqlx::query(sql).bind(step).bind(&session.user_id).execute(&mut *tx).await?.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query("UPDATE sessions SET second_factor_ok = 1 WHERE id_hash = $1").bind(&session.id_hash).execute(&mut *tx).await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Ends a session (logout) and records it, in one transaction.
    pub async fn end_session(&self, id_hash: &str, audit: &AuditDraft) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(&mut *tx).await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets a new password hash, ends the user's other sessions and records it, in one transaction.
    pub async fn change_password(&self, session: &Session, hash: &str, audit: &AuditDraft) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(hash).bind(&session.user_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
            .bind(&session.user_id)
            .bind(&session.id_hash)
            .execute(&mut *tx)
            .await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(self.pool()).await?;
        Ok(())
    }

    pub async fn purge_expired_sessions(&self) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(self.now()).execute(self.pool()).await?;
        Ok(done.rows_affected())
    }
}
