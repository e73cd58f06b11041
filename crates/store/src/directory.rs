//! The directory: tenants, teams, organisations, users and their roles.

use crate::{Result, Store, StoreError, flag, new_id};
use eenplan_domain::Role;
use eenplan_domain::access::Actor;
use eenplan_domain::login::LoginState;
use eenplan_domain::team::{Area, TeamKind};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub kind: TeamKind,
    pub area: Area,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub tenant_id: String,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub organisation_id: Option<String>,
    pub household_id: Option<String>,
    pub member_id: Option<String>,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub totp_last_step: Option<i64>,
    pub login: LoginState,
    pub active: bool,
    /// Not left or absent (a team lead marks absence; households of an absent worker alert).
    pub available: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGrant {
    pub role: Role,
    pub team_id: Option<String>,
}

pub struct NewUser<'a> {
    pub tenant_id: &'a str,
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub organisation_id: Option<&'a str>,
}

pub(crate) const USER_COLUMNS: &str = "id, tenant_id, username, display_name, password_hash, organisation_id, household_id, member_id, \
     totp_secret, totp_enabled, totp_last_step, failed_logins, locked_until, active, available";

pub(crate) fn user_from_row(r: &AnyRow) -> Result<User> {
    Ok(User {
        id: r.try_get("id")?,
        tenant_id: r.try_get("tenant_id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        password_hash: r.try_get("password_hash")?,
        organisation_id: r.try_get("organisation_id")?,
        household_id: r.try_get("household_id")?,
        member_id: r.try_get("member_id")?,
        totp_secret: r.try_get("totp_secret")?,
        totp_enabled: r.try_get::<i64, _>("totp_enabled")? != 0,
        totp_last_step: r.try_get("totp_last_step")?,
        login: LoginState { failed: r.try_get::<i64, _>("failed_logins")? as u32, locked_until: r.try_get("locked_until")? },
        active: r.try_get::<i64, _>("active")? != 0,
        available: r.try_get::<i64, _>("available")? != 0,
    })
}

fn team_from_row(r: &AnyRow) -> Result<Team> {
    let kind: String = r.try_get("kind")?;
    let area: String = r.try_get("area")?;
    Ok(Team {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        kind: TeamKind::parse(&kind).ok_or_else(|| StoreError::Invalid(format!("stored team kind '{kind}'")))?,
        area: Area::parse(&area).map_err(|e| StoreError::Invalid(format!("stored team area: {e}")))?,
    })
}

impl Store {
    /// The tenant with this name, created if it does not exist yet.
    pub async fn ensure_tenant(&self, name: &str) -> Result<String> {
        if let Some((id,)) =
            sqlx::query_as::<_, (String,)>("SELECT id FROM tenants WHERE name = $1").bind(name).fetch_optional(self.pool()).await?
        {
            return Ok(id);
        }
        let id = new_id();
        sqlx::query("INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(&id)
            .bind(name)
            .bind(self.now())
            .execute(self.pool())
            .await
            .map_err(|e| StoreError::on_unique(e, format!("tenant '{name}'")))?;
        Ok(id)
    }

    /// The only tenant, when there is exactly one (single-municipality installations).
    pub async fn sole_tenant(&self) -> Result<Option<String>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT id FROM tenants ORDER BY created_at LIMIT 2").fetch_all(self.pool()).await?;
        Ok(if rows.len() == 1 { Some(rows[0].0.clone()) } else { None })
    }

    pub async fn create_team(&self, tenant_id: &str, name: &str, kind: TeamKind, area: &Area) -> Result<Team> {
        let id = new_id();
        sqlx::query("INSERT INTO teams (id, tenant_id, name, kind, area, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&id)
            .bind(tenant_id)
            .bind(name)
            .bind(kind.as_str())
            .bind(area.to_string())
            .bind(self.now())
            .execute(self.pool())
            .await
            .map_err(|e| StoreError::on_unique(e, format!("team '{name}'")))?;
        Ok(Team { id, name: name.to_string(), kind, area: area.clone() })
    }

    pub async fn team_by_name(&self, name: &str) -> Result<Option<Team>> {
        sqlx::query("SELECT id, name, kind, area FROM teams WHERE name = $1")
            .bind(name)
            .fetch_optional(self.pool())
            .await?
            .map(|r| team_from_row(&r))
            .transpose()
    }

    pub async fn teams(&self) -> Result<Vec<Team>> {
        sqlx::query("SELECT id, name, kind, area FROM teams ORDER BY name")
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(team_from_row)
            .collect()
    }

    pub async fn create_organisation(&self, tenant_id: &str, name: &str, kind: &str) -> Result<Organisation> {
        let id = new_id();
        sqlx::query("INSERT INTO organisations (id, tenant_id, name, kind, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&id)
            .bind(tenant_id)
            .bind(name)
            .bind(kind)
            .bind(self.now())
            .execute(self.pool())
            .await
            .map_err(|e| StoreError::on_unique(e, format!("organisation '{name}'")))?;
        Ok(Organisation { id, name: name.to_string(), kind: kind.to_string() })
    }

    pub async fn organisation_by_name(&self, name: &str) -> Result<Option<Organisation>> {
        Ok(sqlx::query_as::<_, (String, String, String)>("SELECT id, name, kind FROM organisations WHERE name = $1")
            .bind(name)
            .fetch_optional(self.pool())
            .await?
            .map(|(id, name, kind)| Organisation { id, name, kind }))
    }

    /// Every organisation, by name (the parties a maatwerk request can be shared with).
    pub async fn organisations(&self) -> Result<Vec<Organisation>> {
        Ok(sqlx::query_as::<_, (String, String, String)>("SELECT id, name, kind FROM organisations ORDER BY name, id")
            .fetch_all(self.pool())
            .await?
            .into_iter()
            .map(|(id, name, kind)| Organisation { id, name, kind })
            .collect())
    }

    /// Links a directory organisation (whose users log in) to its organisation on the social map (an
    /// HSDS id), so referrals to the map's services reach its users; `None` removes the link.
    pub async fn link_social_map(&self, organisation_id: &str, social_map_id: Option<&str>) -> Result<()> {
        let done = sqlx::query("UPDATE organisations SET social_map_id = $1 WHERE id = $2")
            .bind(social_map_id)
            .bind(organisation_id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound(format!("organisation {organisation_id}")));
        }
        Ok(())
    }

    /// The social map organisation (HSDS id) a directory organisation is linked to.
    pub async fn social_map_id_of(&self, organisation_id: &str) -> Result<Option<String>> {
        Ok(sqlx::query_as::<_, (Option<String>,)>("SELECT social_map_id FROM organisations WHERE id = $1")
            .bind(organisation_id)
            .fetch_optional(self.pool())
            .await?
            .and_then(|r| r.0))
    }

    /// The directory organisations linked to a social map organisation (usually one).
    pub async fn organisations_on_social_map(&self, social_map_id: &str) -> Result<Vec<Organisation>> {
        Ok(sqlx::query_as::<_, (String, String, String)>("SELECT id, name, kind FROM organisations WHERE social_map_id = $1 ORDER BY id")
            .bind(social_map_id)
            .fetch_all(self.pool())
            .await?
            .into_iter()
            .map(|(id, name, kind)| Organisation { id, name, kind })
            .collect())
    }

    pub async fn organisation_name(&self, id: &str) -> Result<Option<String>> {
        Ok(sqlx::query_as::<_, (String,)>("SELECT name FROM organisations WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .map(|r| r.0))
    }

    /// Creates a user with their roles in one transaction.
    pub async fn create_user(&self, u: &NewUser<'_>, roles: &[RoleGrant]) -> Result<String> {
        let mut tx = self.pool().begin().await?;
        let id = self.insert_user(&mut tx, u, roles).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Inserts a user with their role grants in the caller's transaction; a taken username is a
    /// `Duplicate`.
    pub(crate) async fn insert_user(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        u: &NewUser<'_>,
        roles: &[RoleGrant],
    ) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO users (id, tenant_id, username, display_name, password_hash, organisation_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(u.tenant_id)
        .bind(u.username)
        .bind(u.display_name)
        .bind(u.password_hash)
        .bind(u.organisation_id)
        .bind(self.now())
        .execute(&mut **tx)
        .await
        .map_err(|e| StoreError::on_unique(e, format!("user '{}'", u.username)))?;
        for g in roles {
            sqlx::query("INSERT INTO user_roles (id, user_id, role, team_id) VALUES ($1, $2, $3, $4)")
                .bind(new_id())
                .bind(&id)
                .bind(g.role.as_str())
                .bind(g.team_id.as_deref())
                .execute(&mut **tx)
                .await
                .map_err(|e| StoreError::on_unique(e, format!("role {} for '{}'", g.role.as_str(), u.username)))?;
        }
        Ok(id)
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>> {
        sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1"))
            .bind(username)
            .fetch_optional(self.pool())
            .await?
            .map(|r| user_from_row(&r))
            .transpose()
    }

    pub async fn user_by_id(&self, id: &str) -> Result<Option<User>> {
        sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .map(|r| user_from_row(&r))
            .transpose()
    }

    pub async fn roles_of(&self, user_id: &str) -> Result<Vec<RoleGrant>> {
        let rows: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT role, team_id FROM user_roles WHERE user_id = $1 ORDER BY role, team_id")
                .bind(user_id)
                .fetch_all(self.pool())
                .await?;
        rows.into_iter()
            .map(|(role, team_id)| {
                let role = Role::parse(&role).map_err(|e| StoreError::Invalid(e.to_string()))?;
                Ok(RoleGrant { role, team_id })
            })
            .collect()
    }

    /// The actor as the access policy sees them: one active role and the teams held with it.
    pub async fn actor(&self, user: &User, role: Role) -> Result<Actor> {
        Ok(actor_from(user, role, &self.roles_of(&user.id).await?))
    }

    /// Counts one failed login with the domain's lockout rule. Safe against concurrent failures from
    /// several processes: the update only applies to the state it was computed from.
    pub async fn record_login_failure(&self, user_id: &str) -> Result<LoginState> {
        loop {
            let user = self.user_by_id(user_id).await?.ok_or_else(|| StoreError::NotFound("user".into()))?;
            let next = user.login.after_failure(self.now());
            let done = sqlx::query(
                "UPDATE users SET failed_logins = $1, locked_until = $2
                 WHERE id = $3 AND failed_logins = $4 AND COALESCE(locked_until, -1) = $5",
            )
            .bind(next.failed as i64)
            .bind(next.locked_until)
            .bind(user_id)
            .bind(user.login.failed as i64)
            .bind(user.login.locked_until.unwrap_or(-1))
            .execute(self.pool())
            .await?;
            if done.rows_affected() == 1 {
                return Ok(next);
            }
        }
    }

    pub async fn record_login_success(&self, user_id: &str) -> Result<()> {
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1").bind(user_id).execute(self.pool()).await?;
        Ok(())
    }

    pub async fn set_password_hash(&self, user_id: &str, hash: &str) -> Result<()> {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(hash).bind(user_id).execute(self.pool()).await?;
        Ok(())
    }

    /// Stores a new, not yet confirmed, TOTP secret (base32).
    pub async fn set_totp_secret(&self, user_id: &str, secret_b32: &str) -> Result<()> {
        sqlx::query("UPDATE users SET totp_secret = $1, totp_enabled = 0, totp_last_step = NULL WHERE id = $2")
            .bind(secret_b32)
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Links a household member's account to their household and member record: the portal shows
    /// only these (`access::decide`, purpose self-access).
    pub async fn link_household_member(&self, user_id: &str, household_id: &str, member_id: &str) -> Result<()> {
        let done = sqlx::query("UPDATE users SET household_id = $1, member_id = $2 WHERE id = $3")
            .bind(household_id)
            .bind(member_id)
            .bind(user_id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("user {user_id}")));
        }
        Ok(())
    }

    pub async fn set_active(&self, user_id: &str, active: bool) -> Result<()> {
        sqlx::query("UPDATE users SET active = $1 WHERE id = $2").bind(flag(active)).bind(user_id).execute(self.pool()).await?;
        Ok(())
    }

    pub async fn user_count(&self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(self.pool()).await?;
        Ok(n)
    }
}

/// The actor of `user` acting in `role`, with the teams of their grants of that role.
pub fn actor_from(user: &User, role: Role, grants: &[RoleGrant]) -> Actor {
    Actor {
        id: user.id.clone(),
        name: user.username.clone(),
        role,
        teams: grants.iter().filter(|g| g.role == role).filter_map(|g| g.team_id.clone()).collect(),
        organisation: user.organisation_id.clone(),
        household: user.household_id.clone(),
        member: user.member_id.clone(),
    }
}
