//! Early signals in the database: receiving a sender's signals exactly once per sender reference (a
//! changed amount updates the signal and keeps the earlier values), combining them per address into a
//! melding, matching the melding to a known household or queueing it for the team of its postcode,
//! and the outreach (assignment, contact attempts, outcome). The rules are the domain's
//! (`domain::signals`); here each change is one transaction with its audit record.

use crate::{Result, Store, StoreError, flag};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::household::{HouseNumber, format_date, parse_date};
use eenplan_domain::signals::matching::{MatchBy, Priority};
use eenplan_domain::signals::outreach::{AttemptKind, AttemptResult, Outcome, OutreachState, close};
use eenplan_domain::signals::{SenderKind, SignalType};
use sqlx::any::AnyRow;
use sqlx::{Any, Row};
use time::Date;

/// The municipality's choices for combining and outreach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SignalSettings {
    /// Signals for one address within this many days form one melding.
    pub combine_days: u32,
    /// Working days from receipt to the first contact attempt.
    pub first_attempt_days: u32,
}

impl Default for SignalSettings {
    fn default() -> SignalSettings {
        SignalSettings {
            combine_days: eenplan_domain::signals::matching::DEFAULT_COMBINE_DAYS,
            first_attempt_days: eenplan_domain::signals::outreach::DEFAULT_FIRST_ATTEMPT_DAYS,
        }
    }
}

/// What became of one received signal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// New: stored, in a new or an open melding.
    Created { signal_id: String, melding_id: String },
    /// The same sender reference with the same figures again: nothing changed.
    Duplicate { signal_id: String, melding_id: String },
    /// The same sender reference with other figures: updated, the earlier values kept.
    Updated { signal_id: String, melding_id: String },
}

impl Received {
    pub fn signal_id(&self) -> &str {
        match self {
            Received::Created { signal_id, .. } | Received::Duplicate { signal_id, .. } | Received::Updated { signal_id, .. } => signal_id,
        }
    }

    pub fn melding_id(&self) -> &str {
        match self {
            Received::Created { melding_id, .. } | Received::Duplicate { melding_id, .. } | Received::Updated { melding_id, .. } => {
                melding_id
            }
        }
    }
}

/// A stored signal as a worker reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSignal {
    pub id: String,
    pub sender_id: String,
    pub sender_name: String,
    pub sender_reference: String,
    pub signal_type: SignalType,
    pub amount_cents: i64,
    pub days_in_arrears: Option<i64>,
    pub months_in_arrears: Option<i64>,
    pub signal_date: Date,
    pub name: String,
    pub date_of_birth: Option<Date>,
    pub address: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub has_bsn: bool,
    /// How many times the sender changed the figures.
    pub changes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub kind: AttemptKind,
    pub result: AttemptResult,
    pub on: Date,
    pub note: Option<String>,
    pub by_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Melding {
    pub id: String,
    pub address_key: String,
    pub pc4: u16,
    pub team_id: Option<String>,
    pub household_id: Option<String>,
    pub match_by: Option<MatchBy>,
    pub priority: Priority,
    pub repeat: bool,
    pub types: Vec<SignalType>,
    pub signal_count: i64,
    pub state: OutreachState,
    pub assigned_to: Option<String>,
    pub first_signal: Date,
    pub last_signal: Date,
    pub first_attempt_due: Date,
    pub first_attempt_on: Option<Date>,
    pub reached: bool,
    pub outcome: Option<Outcome>,
    pub closed_on: Option<Date>,
    pub objection: bool,
    pub created_at: i64,
    pub version: i64,
    /// Filled by `melding`; empty in lists.
    pub signals: Vec<StoredSignal>,
    pub attempts: Vec<Attempt>,
}

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("stored melding {what} not understood"))
}

fn invalid(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(e.to_string())
}

pub(crate) fn join_types(types: &[SignalType]) -> String {
    types.iter().map(|t| t.code()).collect::<Vec<_>>().join(",")
}

pub(crate) fn split_types(s: &str) -> Result<Vec<SignalType>> {
    s.split(',').filter(|c| !c.is_empty()).map(|c| SignalType::parse(c).map_err(|_| bad("type"))).collect()
}

fn date(s: &str) -> Result<Date> {
    parse_date(s).map_err(|_| bad("date"))
}

fn opt_date(s: Option<String>) -> Result<Option<Date>> {
    s.as_deref().map(date).transpose()
}

pub(crate) const MELDING_COLUMNS: &str = "id, address_key, pc4, team_id, household_id, match_by, priority, is_repeat, signal_types, signal_count, \
     state, assigned_to, first_signal, last_signal, first_attempt_due, first_attempt_on, reached, outcome, closed_on, objection, created_at, version";

fn melding_from_row(r: &AnyRow) -> Result<Melding> {
    let code = |c: &str| -> Result<String> { Ok(r.try_get::<String, _>(c)?) };
    Ok(Melding {
        id: code("id")?,
        address_key: code("address_key")?,
        pc4: u16::try_from(r.try_get::<i64, _>("pc4")?).map_err(|_| bad("pc4"))?,
        team_id: r.try_get("team_id")?,
        household_id: r.try_get("household_id")?,
        match_by: r.try_get::<Option<String>, _>("match_by")?.map(|m| MatchBy::parse(&m).map_err(|_| bad("match"))).transpose()?,
        priority: Priority::parse(&code("priority")?).map_err(|_| bad("priority"))?,
        repeat: r.try_get::<i64, _>("is_repeat")? != 0,
        types: split_types(&code("signal_types")?)?,
        signal_count: r.try_get("signal_count")?,
        state: OutreachState::parse(&code("state")?).map_err(|_| bad("state"))?,
        assigned_to: r.try_get("assigned_to")?,
        first_signal: date(&code("first_signal")?)?,
        last_signal: date(&code("last_signal")?)?,
        first_attempt_due: date(&code("first_attempt_due")?)?,
        first_attempt_on: opt_date(r.try_get("first_attempt_on")?)?,
        reached: r.try_get::<i64, _>("reached")? != 0,
        outcome: r.try_get::<Option<String>, _>("outcome")?.map(|o| Outcome::parse(&o).map_err(|_| bad("outcome"))).transpose()?,
        closed_on: opt_date(r.try_get("closed_on")?)?,
        objection: r.try_get::<i64, _>("objection")? != 0,
        created_at: r.try_get("created_at")?,
        version: r.try_get("version")?,
        signals: Vec::new(),
        attempts: Vec::new(),
    })
}

impl Store {
    /// Marks an organisation as a signal sender of this kind.
    pub async fn set_sender_kind(&self, organisation_id: &str, kind: SenderKind) -> Result<()> {
        let done = sqlx::query("UPDATE organisations SET sender_kind = $1 WHERE id = $2")
            .bind(kind.code())
            .bind(organisation_id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound(format!("organisation {organisation_id}")));
        }
        Ok(())
    }

    /// A melding with its signals (senders' names) and contact attempts.
    pub async fn melding(&self, id: &str) -> Result<Option<Melding>> {
        let Some(row) =
            sqlx::query(&format!("SELECT {MELDING_COLUMNS} FROM meldingen WHERE id = $1")).bind(id).fetch_optional(self.pool()).await?
        else {
            return Ok(None);
        };
        let mut m = melding_from_row(&row)?;
        let signals = sqlx::query(
            "SELECT s.id, s.sender_id, o.name AS sender_name, s.sender_reference, s.signal_type, s.amount_cents, s.days_in_arrears,
               s.months_in_arrears, s.signal_date, s.given_names, s.name_prefix, s.family_name, s.date_of_birth, s.street, s.house_number,
               s.house_addition, s.postcode, s.city, s.phone, s.email, s.bsn_index,
               (SELECT COUNT(*) FROM signal_changes c WHERE c.signal_id = s.id) AS changes
             FROM signals s JOIN organisations o ON o.id = s.sender_id WHERE s.melding_id = $1 ORDER BY s.signal_date, s.received_at, s.id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        for r in &signals {
            let t: String = r.try_get("signal_type")?;
            let prefix: Option<String> = r.try_get("name_prefix")?;
            let name = [Some(r.try_get::<String, _>("given_names")?), prefix, Some(r.try_get::<String, _>("family_name")?)]
                .into_iter()
                .flatten()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let addition: Option<String> = r.try_get("house_addition")?;
            let address = format!(
                "{} {}{}, {} {}",
                r.try_get::<String, _>("street")?,
                r.try_get::<i64, _>("house_number")?,
                addition.map(|a| format!(" {a}")).unwrap_or_default(),
                r.try_get::<String, _>("postcode")?,
                r.try_get::<String, _>("city")?
            );
            m.signals.push(StoredSignal {
                id: r.try_get("id")?,
                sender_id: r.try_get("sender_id")?,
                sender_name: r.try_get("sender_name")?,
                sender_reference: r.try_get("sender_reference")?,
                signal_type: SignalType::parse(&t).map_err(|_| bad("type"))?,
                amount_cents: r.try_get("amount_cents")?,
                days_in_arrears: r.try_get("days_in_arrears")?,
                months_in_arrears: r.try_get("months_in_arrears")?,
                signal_date: date(&r.try_get::<String, _>("signal_date")?)?,
                name,
                date_of_birth: opt_date(r.try_get("date_of_birth")?)?,
                address,
                phone: r.try_get("phone")?,
                email: r.try_get("email")?,
                has_bsn: r.try_get::<Option<String>, _>("bsn_index")?.is_some(),
                changes: r.try_get("changes")?,
            });
        }
        let attempts: Vec<(String, String, String, Option<String>, String)> =
            sqlx::query_as("SELECT kind, result, on_date, note, by_name FROM outreach_attempts WHERE melding_id = $1 ORDER BY seq")
                .bind(id)
                .fetch_all(self.pool())
                .await?;
        for (kind, result, on, note, by_name) in attempts {
            m.attempts.push(Attempt {
                kind: AttemptKind::parse(&kind).map_err(|_| bad("attempt"))?,
                result: AttemptResult::parse(&result).map_err(|_| bad("attempt result"))?,
                on: date(&on)?,
                note,
                by_name,
            });
        }
        Ok(Some(m))
    }

    /// The open meldingen (not closed) of these teams, and with `unrouted` also those outside every
    /// team's area (for the team leads' triage), most urgent first, then oldest first: at most `limit`.
    pub async fn signal_queue(&self, team_ids: &[String], unrouted: bool, limit: i64) -> Result<Vec<Melding>> {
        if team_ids.is_empty() && !unrouted {
            return Ok(Vec::new());
        }
        let ph: Vec<String> = (1..=team_ids.len()).map(|i| format!("${i}")).collect();
        let mut scope = Vec::new();
        if !team_ids.is_empty() {
            scope.push(format!("team_id IN ({})", ph.join(", ")));
        }
        if unrouted {
            scope.push("team_id IS NULL".to_string());
        }
        let sql = format!(
            "SELECT {MELDING_COLUMNS} FROM meldingen WHERE ({}) AND state != 'closed'
             ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END, created_at, id LIMIT {}",
            scope.join(" OR "),
            limit.clamp(1, 500)
        );
        let mut q = sqlx::query(&sql);
        for t in team_ids {
            q = q.bind(t);
        }
        q.fetch_all(self.pool()).await?.iter().map(melding_from_row).collect()
    }

    /// Moves a melding's state (assign to a worker, or back to the queue), if its version is still `expected`.
    pub async fn assign_melding(&self, id: &str, expected_version: i64, to: Option<&str>, audit: &AuditDraft) -> Result<()> {
        let m = self.melding(id).await?.ok_or_else(|| StoreError::NotFound("melding".into()))?;
        let target = if to.is_some() { OutreachState::Assigned } else { OutreachState::Queued };
        if m.state != target {
            eenplan_domain::signals::outreach::apply(m.state, target).map_err(invalid)?;
        }
        self.change_melding(
            id,
            audit,
            sqlx::query(
                "UPDATE meldingen SET state = $1, assigned_to = $2, version = version + 1, updated_at = $3 WHERE id = $4 AND version = $5",
            )
            .bind(target.code())
            .bind(to)
            .bind(self.now())
            .bind(id)
            .bind(expected_version),
        )
        .await
    }

    /// Routes an open melding that nobody has contacted yet to a team (by a team lead: one outside
    /// every team's area, or sent to the wrong team): it waits in that team's queue, unassigned.
    pub async fn route_melding(&self, id: &str, expected_version: i64, team_id: &str, audit: &AuditDraft) -> Result<()> {
        let m = self.melding(id).await?.ok_or_else(|| StoreError::NotFound("melding".into()))?;
        if m.state != OutreachState::Queued {
            eenplan_domain::signals::outreach::apply(m.state, OutreachState::Queued).map_err(invalid)?;
        }
        self.change_melding(
            id,
            audit,
            sqlx::query(
                "UPDATE meldingen SET team_id = $1, state = $2, assigned_to = NULL, version = version + 1, updated_at = $3
                 WHERE id = $4 AND version = $5",
            )
            .bind(team_id)
            .bind(OutreachState::Queued.code())
            .bind(self.now())
            .bind(id)
            .bind(expected_version),
        )
        .await
    }

    /// One version-guarded change of a melding (`update` binds the expected version) with its audit record.
    async fn change_melding<'q>(
        &self,
        id: &str,
        audit: &AuditDraft,
        update: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        if update.execute(&mut *tx).await?.rows_affected() != 1 {
            return Err(StoreError::Conflict("the melding".into()));
        }
        let mut audit = audit.clone();
        audit.resource_id = Some(id.to_string());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a contact attempt (the first one moves an assigned melding to contacting).
    #[allow(clippy::too_many_arguments)]
    pub async fn record_attempt(
        &self,
        id: &str,
        expected_version: i64,
        (kind, result): (AttemptKind, AttemptResult),
        on: Date,
        note: Option<&str>,
        (user_id, user_name): (&str, &str),
        audit: &AuditDraft,
    ) -> Result<()> {
        let m = self.melding(id).await?.ok_or_else(|| StoreError::NotFound("melding".into()))?;
        let to = eenplan_domain::signals::outreach::after_attempt(m.state).map_err(invalid)?;
        let now = self.now();
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE meldingen SET state = $1, first_attempt_on = COALESCE(first_attempt_on, $2), reached = CASE WHEN $3 = 1 THEN 1 ELSE reached END,
               version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6",
        )
        .bind(to.code())
        .bind(format_date(on))
        .bind(flag(result == AttemptResult::Reached))
        .bind(now)
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict("the melding".into()));
        }
        sqlx::query(
            "INSERT INTO outreach_attempts (melding_id, seq, kind, result, on_date, note, by_user, by_name, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(m.attempts.len() as i64 + 1)
        .bind(kind.code())
        .bind(result.code())
        .bind(format_date(on))
        .bind(note)
        .bind(user_id)
        .bind(user_name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let mut audit = audit.clone();
        audit.resource_id = Some(id.to_string());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Closes a melding with its outcome (the domain checks the attempts it needs); an objection of the
    /// resident is recorded with it. `household` links a household made or found for accepted help.
    pub async fn close_melding(
        &self,
        id: &str,
        expected_version: i64,
        outcome: Outcome,
        (objection, household): (bool, Option<&str>),
        audit: &AuditDraft,
    ) -> Result<()> {
        let m = self.melding(id).await?.ok_or_else(|| StoreError::NotFound("melding".into()))?;
        let attempts: Vec<(AttemptKind, AttemptResult)> = m.attempts.iter().map(|a| (a.kind, a.result)).collect();
        close(m.state, outcome, &attempts).map_err(invalid)?;
        self.change_melding(
            id,
            audit,
            sqlx::query(
                "UPDATE meldingen SET state = 'closed', outcome = $1, closed_on = $2, objection = $3, household_id = COALESCE($4, household_id),
                   version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7",
            )
            .bind(outcome.code())
            .bind(format_date(self.today()))
            .bind(flag(objection))
            .bind(household)
            .bind(self.now())
            .bind(id)
            .bind(expected_version),
        )
        .await
    }

    /// The person and address of a signal as a new member and address, for an intake when the
    /// resident accepts help and no household was known (the BSN decrypted when the sender gave one).
    pub async fn signal_as_member(&self, signal_id: &str) -> Result<(crate::households::Address, crate::households::NewMember)> {
        let r = sqlx::query(
            "SELECT given_names, name_prefix, family_name, date_of_birth, street, house_number, house_addition, postcode, city, phone, email,
               bsn_encrypted FROM signals WHERE id = $1",
        )
        .bind(signal_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound("signal".into()))?;
        let bsn = match r.try_get::<Option<String>, _>("bsn_encrypted")? {
            Some(enc) => Some(eenplan_domain::household::Bsn::parse(&self.vault()?.decrypt(&enc)?).map_err(|_| bad("bsn"))?),
            None => None,
        };
        let postcode: String = r.try_get("postcode")?;
        let address = crate::households::Address {
            street: r.try_get("street")?,
            number: HouseNumber { number: r.try_get::<i64, _>("house_number")? as u32, addition: r.try_get("house_addition")? },
            postcode: eenplan_domain::household::Postcode::parse(&postcode).map_err(|_| bad("postcode"))?,
            city: r.try_get("city")?,
        };
        let member = crate::households::NewMember {
            given_names: r.try_get("given_names")?,
            name_prefix: r.try_get("name_prefix")?,
            family_name: r.try_get("family_name")?,
            date_of_birth: opt_date(r.try_get("date_of_birth")?)?,
            role: eenplan_domain::household::MemberRole::OtherAdult,
            languages: vec![],
            interpreter_needed: false,
            interpreter_language: None,
            phone: r.try_get("phone")?,
            email: r.try_get("email")?,
            bsn,
        };
        Ok((address, member))
    }

    /// The closed meldingen with signals of this sender: (sender reference, outcome) — what the sender
    /// hears back is the outcome's feedback category only (`outreach::feedback`).
    pub async fn outcomes_for_sender(&self, sender_id: &str, since: Date) -> Result<Vec<(String, Outcome, Date)>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT s.sender_reference, m.outcome, m.closed_on FROM signals s JOIN meldingen m ON m.id = s.melding_id
             WHERE s.sender_id = $1 AND m.state = 'closed' AND m.closed_on >= $2 ORDER BY m.closed_on, s.sender_reference",
        )
        .bind(sender_id)
        .bind(format_date(since))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(|(r, o, on)| Ok((r, Outcome::parse(&o).map_err(|_| bad("outcome"))?, date(&on)?))).collect()
    }

    /// The closed meldingen the retention rule removes on `today` (`domain::signals::retention::removable`).
    pub async fn meldingen_to_remove(&self, today: Date, months: u32) -> Result<Vec<Melding>> {
        let rows = sqlx::query(&format!("SELECT {MELDING_COLUMNS} FROM meldingen WHERE state = 'closed' ORDER BY closed_on, id"))
            .fetch_all(self.pool())
            .await?;
        let mut out = Vec::new();
        for r in &rows {
            let m = melding_from_row(r)?;
            if eenplan_domain::signals::retention::removable(m.outcome, m.closed_on, m.objection, today, months) {
                out.push(m);
            }
        }
        Ok(out)
    }

    /// Removes meldingen with their signals, history and attempts, in one transaction with the audit record.
    pub async fn remove_meldingen(&self, ids: &[String], audit: &AuditDraft) -> Result<u64> {
        let mut tx = self.pool().begin().await?;
        let mut removed = 0;
        for id in ids {
            sqlx::query("DELETE FROM signal_changes WHERE signal_id IN (SELECT id FROM signals WHERE melding_id = $1)")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM signals WHERE melding_id = $1").bind(id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM outreach_attempts WHERE melding_id = $1").bind(id).execute(&mut *tx).await?;
            removed += sqlx::query("DELETE FROM meldingen WHERE id = $1").bind(id).execute(&mut *tx).await?.rows_affected();
        }
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(removed)
    }
}
