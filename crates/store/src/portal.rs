//! The household portal's invitations: a worker invites a member, the member turns the one-time link
//! into an account of role household member, linked to their household and member record. The token
//! is kept only as its SHA-256 hash; using it, making the account and the audit record are one
//! transaction, so a link works once even when sent twice at the same moment.

use crate::credentials::{random_token, sha256_hex};
use crate::directory::{NewUser, RoleGrant};
use crate::{Result, Store, StoreError, new_id};
use eenplan_domain::Role;
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::portal::{InvitationState, expires_at};

/// An invitation found by its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: String,
    pub household_id: String,
    pub member_id: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

impl Invitation {
    pub fn state(&self, now: i64) -> InvitationState {
        InvitationState::of(self.expires_at, self.used_at, now)
    }
}

/// The account a member chose on the invitation page.
pub struct NewMemberAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
}

impl Store {
    /// Makes an invitation for the member and returns the token for the link (shown once, never stored).
    pub async fn create_invitation(&self, household_id: &str, member_id: &str, created_by: &str, audit: &AuditDraft) -> Result<String> {
        let token = random_token();
        let now = self.now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO portal_invitations (id, household_id, member_id, token_hash, created_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(household_id)
        .bind(member_id)
        .bind(sha256_hex(&token))
        .bind(created_by)
        .bind(now)
        .bind(expires_at(now))
        .execute(&mut *tx)
        .await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(token)
    }

    pub async fn invitation(&self, token: &str) -> Result<Option<Invitation>> {
        let row: Option<(String, String, String, i64, Option<i64>)> =
            sqlx::query_as("SELECT id, household_id, member_id, expires_at, used_at FROM portal_invitations WHERE token_hash = $1")
                .bind(sha256_hex(token))
                .fetch_optional(self.pool())
                .await?;
        Ok(row.map(|(id, household_id, member_id, expires_at, used_at)| Invitation { id, household_id, member_id, expires_at, used_at }))
    }

    /// The username of the member's portal account, if they have one.
    pub async fn member_account(&self, member_id: &str) -> Result<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT username FROM users WHERE member_id = $1").bind(member_id).fetch_optional(self.pool()).await?;
        Ok(row.map(|(u,)| u))
    }

    /// Uses the invitation: the account of role household member, linked to the invitation's household
    /// and member, in one transaction with the audit record. An invitation used or expired in the
    /// meantime is a `Conflict`; a username taken a `Duplicate` (the invitation stays open).
    pub async fn accept_invitation(&self, token: &str, account: &NewMemberAccount<'_>, audit: &AuditDraft) -> Result<String> {
        let now = self.now();
        let mut tx = self.pool().begin().await?;
        let row: Option<(String, String, String)> = sqlx::query_as(
            "UPDATE portal_invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
             RETURNING id, household_id, member_id",
        )
        .bind(now)
        .bind(sha256_hex(token))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, household_id, member_id)) = row else {
            return Err(StoreError::Conflict("the invitation".into()));
        };
        let (tenant_id,): (String,) =
            sqlx::query_as("SELECT tenant_id FROM households WHERE id = $1").bind(&household_id).fetch_one(&mut *tx).await?;
        let user = NewUser {
            tenant_id: &tenant_id,
            username: account.username,
            display_name: account.display_name,
            password_hash: account.password_hash,
            organisation_id: None,
        };
        let user_id = self.insert_user(&mut tx, &user, &[RoleGrant { role: Role::HouseholdMember, team_id: None }]).await?;
        sqlx::query("UPDATE users SET household_id = $1, member_id = $2 WHERE id = $3")
            .bind(&household_id)
            .bind(&member_id)
            .bind(&user_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::on_unique(e, "an account of this member"))?;
        sqlx::query("UPDATE portal_invitations SET user_id = $1 WHERE id = $2").bind(&user_id).bind(&id).execute(&mut *tx).await?;
        let mut a = audit.clone();
        a.actor = user_id.clone();
        a.household = Some(household_id);
        a.member = Some(member_id);
        self.append_audit(&mut tx, &a).await?;
        tx.commit().await?;
        Ok(user_id)
    }
}

/// A sharing of the household's data that rests on this member's consent: an MDT party of a
/// maatwerk request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberConsent {
    pub request_id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub party: eenplan_domain::maatwerk::MdtParty,
    pub basis: eenplan_domain::maatwerk::SharingBasis,
    /// When the request was made (the consent was given for it).
    pub request_created_at: i64,
    pub withdrawn_at: Option<i64>,
}

impl Store {
    /// The consents this member gave, newest request first.
    pub async fn consents_of_member(&self, member_id: &str) -> Result<Vec<MemberConsent>> {
        type Row = (String, String, String, String, String, i64, Option<i64>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT p.request_id, p.organisation_id, o.name, p.party, p.basis, r.created_at, p.consent_withdrawn_at
             FROM exception_parties p JOIN exception_requests r ON r.id = p.request_id JOIN organisations o ON o.id = p.organisation_id
             WHERE p.consent_member_id = $1 ORDER BY r.created_at DESC, p.request_id, o.name",
        )
        .bind(member_id)
        .fetch_all(self.pool())
        .await?;
        let bad = |what: &str| StoreError::Invalid(format!("stored {what} not understood"));
        rows.into_iter()
            .map(|(request_id, organisation_id, organisation_name, party, basis, request_created_at, withdrawn_at)| {
                Ok(MemberConsent {
                    request_id,
                    organisation_id,
                    organisation_name,
                    party: eenplan_domain::maatwerk::MdtParty::parse(&party).map_err(|_| bad("party"))?,
                    basis: eenplan_domain::maatwerk::SharingBasis::parse(&basis).map_err(|_| bad("basis"))?,
                    request_created_at,
                    withdrawn_at,
                })
            })
            .collect()
    }

    /// The member withdraws their consent for one party of one request, with the audit record; from
    /// now on the access policy no longer counts it. A consent that is not theirs, or was already
    /// withdrawn, is `NotFound`.
    pub async fn withdraw_consent(&self, request_id: &str, organisation_id: &str, member_id: &str, audit: &AuditDraft) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE exception_parties SET consent_withdrawn_at = $1
             WHERE request_id = $2 AND organisation_id = $3 AND consent_member_id = $4 AND consent_withdrawn_at IS NULL",
        )
        .bind(self.now())
        .bind(request_id)
        .bind(organisation_id)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("a consent to withdraw".into()));
        }
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
