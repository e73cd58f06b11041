//! Login throttling per key (an IP address, a username) in the database, so that several `serve`
//! processes share the count.

use crate::{Result, Store};

impl Store {
    /// Counts one attempt for `key` in a fixed window of `window_secs`; returns the number of attempts
    /// in the current window, this one included.
    pub async fn throttle_hit(&self, key: &str, window_secs: i64) -> Result<i64> {
        let now = self.now();
        let (attempts,): (i64,) = sqlx::query_as(
            "INSERT INTO login_throttle (key, window_start, attempts) VALUES ($1, $2, 1)
             ON CONFLICT (key) DO UPDATE SET
               attempts = CASE WHEN login_throttle.window_start <= $3 THEN 1 ELSE login_throttle.attempts + 1 END,
               window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2 ELSE login_throttle.window_start END
             RETURNING attempts",
        )
        .bind(key)
        .bind(now)
        .bind(now - window_secs)
        .fetch_one(self.pool())
        .await?;
        Ok(attempts)
    }
}
