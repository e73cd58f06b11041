//! API keys for partner systems: `ep_<prefix>_<secret>`. Only the SHA-256 of the whole key is stored;
//! the key is shown once when it is created.

use crate::credentials::{constant_time_eq, random_bytes, sha256_hex};
use crate::{Result, Store, StoreError, new_id};
use eenplan_domain::Role;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: String,
    pub organisation_id: String,
    pub role: Role,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("malformed API key: expected 'ep_' followed by an 8-character prefix, '_' and a 40-character secret")]
    Malformed,
    #[error("unknown or revoked API key")]
    Unknown,
}

fn split_key(key: &str) -> Option<&str> {
    let rest = key.strip_prefix("ep_")?;
    let (prefix, secret) = rest.split_once('_')?;
    let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    (ok(prefix, 8) && ok(secret, 40)).then_some(prefix)
}

impl Store {
    /// Creates a key; returns the plaintext key (to show once) and its record.
    pub async fn create_api_key(&self, organisation_id: &str, role: Role, label: &str) -> Result<(String, ApiKey)> {
        let prefix = hex::encode(random_bytes(4));
        let key = format!("ep_{prefix}_{}", hex::encode(random_bytes(20)));
        let id = new_id();
        sqlx::query(
            "INSERT INTO api_keys (id, prefix, key_hash, organisation_id, role, label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(&prefix)
        .bind(sha256_hex(&key))
        .bind(organisation_id)
        .bind(role.as_str())
        .bind(label)
        .bind(self.now())
        .execute(self.pool())
        .await?;
        Ok((key, ApiKey { id, organisation_id: organisation_id.to_string(), role, label: label.to_string() }))
    }

    /// Checks a presented key. Malformed keys are told apart from unknown ones, never echoed.
    pub async fn check_api_key(&self, key: &str) -> Result<std::result::Result<ApiKey, KeyError>> {
        let Some(prefix) = split_key(key) else { return Ok(Err(KeyError::Malformed)) };
        let row: Option<(String, String, String, String, String)> =
            sqlx::query_as("SELECT id, key_hash, organisation_id, role, label FROM api_keys WHERE prefix = $1 AND revoked_at IS NULL")
                .bind(prefix)
                .fetch_optional(self.pool())
                .await?;
        let Some((id, hash, organisation_id, role, label)) = row else { return Ok(Err(KeyError::Unknown)) };
        if !constant_time_eq(&hash, &sha256_hex(key)) {
            return Ok(Err(KeyError::Unknown));
        }
        let role = Role::parse(&role).map_err(|e| StoreError::Invalid(e.to_string()))?;
        Ok(Ok(ApiKey { id, organisation_id, role, label }))
    }

    pub async fn revoke_api_key(&self, id: &str) -> Result<()> {
        sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2").bind(self.now()).bind(id).execute(self.pool()).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_shape_is_checked() {
        assert_eq!(split_key("ep_0123abcd_0123456789abcdef0123456789abcdef01234567"), Some("0123abcd"));
        assert_eq!(split_key("ep_0123abcd_short"), None);
        assert_eq!(split_key("Bearer x"), None);
        assert_eq!(split_key("ep_0123ABCD_0123456789abcdef0123456789abcdef01234567"), None);
    }
}
