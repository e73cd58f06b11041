//! Login rules: password strength and the lockout after repeated failures.

/// Consecutive failures after which an account is locked.
pub const MAX_FAILURES: u32 = 5;
/// How long a locked account stays locked, in seconds.
pub const LOCK_SECONDS: i64 = 15 * 60;
/// Minimum password length (characters). Long passphrases beat composition rules (NIST SP 800-63B).
pub const MIN_PASSWORD_CHARS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginState {
    pub failed: u32,
    pub locked_until: Option<i64>,
}

impl LoginState {
    pub fn is_locked(&self, now: i64) -> bool {
        self.locked_until.is_some_and(|t| now < t)
    }

    /// The state after one more failed attempt: the `MAX_FAILURES`th consecutive failure locks.
    pub fn after_failure(self, now: i64) -> LoginState {
        // A lock that has run out starts a fresh count.
        let failed = if self.locked_until.is_some_and(|t| now >= t) { 1 } else { self.failed + 1 };
        let locked_until = if failed >= MAX_FAILURES { Some(now + LOCK_SECONDS) } else { self.locked_until.filter(|t| now < *t) };
        LoginState { failed, locked_until }
    }

    pub fn after_success() -> LoginState {
        LoginState::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("password must be at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("password must not contain the username")]
    ContainsUsername,
}

pub fn check_new_password(username: &str, password: &str) -> Result<(), PasswordError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Err(PasswordError::ContainsUsername);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fifth_failure_locks_for_fifteen_minutes() {
        let mut s = LoginState::default();
        for _ in 0..MAX_FAILURES - 1 {
            s = s.after_failure(100);
            assert!(!s.is_locked(100));
        }
        s = s.after_failure(100);
        assert!(s.is_locked(100));
        assert!(s.is_locked(100 + LOCK_SECONDS - 1));
        assert!(!s.is_locked(100 + LOCK_SECONDS));
    }

    #[test]
    fn a_failure_after_the_lock_ran_out_starts_counting_again() {
        let locked = LoginState { failed: MAX_FAILURES, locked_until: Some(1000) };
        let s = locked.after_failure(1000);
        assert_eq!(s, LoginState { failed: 1, locked_until: None });
    }

    #[test]
    fn password_rules() {
        assert_eq!(check_new_password("anna", "kort"), Err(PasswordError::TooShort));
        assert_eq!(check_new_password("anna", "mijnAnnaWachtwoord"), Err(PasswordError::ContainsUsername));
        assert_eq!(check_new_password("anna", "paard-batterij-nietje"), Ok(()));
    }

    proptest! {
        #[test]
        fn never_locked_before_max_failures(n in 0u32..MAX_FAILURES, now in 0i64..1_000_000) {
            let mut s = LoginState::default();
            for _ in 0..n { s = s.after_failure(now); }
            prop_assert!(!s.is_locked(now));
        }
    }
}
