//! Sessions in the database, so that any `serve` process can serve any request. The cookie holds a
//! random token; the table holds only its SHA-256.

use crate::credentials::{random_token, sha256_hex};
use crate::{Result, Store, StoreError, flag};
use eenplan_domain::Role;

/// Idle timeout: a session not used for this long expires.
pub const IDLE_SECONDS: i64 = 30 * 60;
/// Absolute lifetime of a session.
pub const MAX_SECONDS: i64 = 10 * 60 * 60;

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
    /// Starts a session; returns the cookie token (shown once) and the session.
    pub async fn create_session(&self, user_id: &str, role: Role, second_factor_ok: bool) -> Result<(String, Session)> {
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
        .execute(self.pool())
        .await?;
        Ok((token, s))
    }

    /// The live session for a cookie token, with its idle expiry moved on. Expired sessions are removed.
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        let id_hash = sha256_hex(token);
        let now = self.now();
        let row: Option<(String, String, String, i64, i64, i64)> =
            sqlx::query_as("SELECT user_id, role, csrf_token, second_factor_ok, created_at, expires_at FROM sessions WHERE id_hash = $1")
                .bind(&id_hash)
                .fetch_optional(self.pool())
                .await?;
        let Some((user_id, role, csrf_token, sf, created_at, expires_at)) = row else { return Ok(None) };
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

    pub async fn mark_second_factor(&self, id_hash: &str) -> Result<()> {
        sqlx::query("UPDATE sessions SET second_factor_ok = 1 WHERE id_hash = $1").bind(id_hash).execute(self.pool()).await?;
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(self.pool()).await?;
        Ok(())
    }

    /// Ends every session of a user except `keep` (after a password change).
    pub async fn delete_other_sessions(&self, user_id: &str, keep: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2").bind(user_id).bind(keep).execute(self.pool()).await?;
        Ok(())
    }

    pub async fn purge_expired_sessions(&self) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(self.now()).execute(self.pool()).await?;
        Ok(done.rows_affected())
    }
}
