//! What the early-signals dashboard needs of the meldingen (`domain::signals::dashboard`): per
//! melding its team, the day it was received, one type and one sender kind per signal, the first
//! contact attempt, whether the resident was reached, the outcome and the repeat flag. No personal
//! data leaves this module: no name, address, contact detail, amount or sender reference.
//!
//! Two queries whatever the number of meldingen (the meldingen, then their signals with the
//! senders' kinds), both on `meldingen.created_at` (index `meldingen_created`, migration
//! 20261128000011).

use crate::{Result, Store, StoreError};
use eenplan_domain::household::parse_date;
use eenplan_domain::signals::dashboard::MeldingFacts;
use eenplan_domain::signals::outreach::Outcome;
use eenplan_domain::signals::{SenderKind, SignalType};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("stored melding {what} not understood"))
}

/// (id, team, created at, first attempt day, reached, outcome, repeat) of one melding.
type FactsRow = (String, Option<String>, i64, Option<String>, i64, Option<String>, i64);

impl Store {
    /// The facts of every melding received on or after `from` (UTC days), oldest first. `team` is the
    /// team's id (the caller shows its name). A signal whose sender has no kind set counts as
    /// [`SenderKind::Other`].
    pub async fn signal_facts(&self, from: Date) -> Result<Vec<MeldingFacts>> {
        let start = from.midnight().assume_utc().unix_timestamp();
        let rows: Vec<FactsRow> = sqlx::query_as(
            "SELECT id, team_id, created_at, first_attempt_on, reached, outcome, is_repeat FROM meldingen
             WHERE created_at >= $1 ORDER BY created_at, id",
        )
        .bind(start)
        .fetch_all(self.pool())
        .await?;
        let signals: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT s.melding_id, s.signal_type, o.sender_kind FROM signals s
               JOIN meldingen m ON m.id = s.melding_id JOIN organisations o ON o.id = s.sender_id
             WHERE m.created_at >= $1 ORDER BY s.melding_id, s.received_at, s.id",
        )
        .bind(start)
        .fetch_all(self.pool())
        .await?;
        let mut per_melding: HashMap<String, (Vec<SignalType>, Vec<SenderKind>)> = HashMap::new();
        for (melding, ty, kind) in signals {
            let entry = per_melding.entry(melding).or_default();
            entry.0.push(SignalType::parse(&ty).map_err(|_| bad("signal type"))?);
            entry.1.push(match kind {
                Some(k) => SenderKind::parse(&k).map_err(|_| bad("sender kind"))?,
                None => SenderKind::Other,
            });
        }
        rows.into_iter()
            .map(|(id, team, created_at, first_attempt, reached, outcome, repeat)| {
                let (types, sender_kinds) = per_melding.remove(&id).unwrap_or_default();
                Ok(MeldingFacts {
                    team,
                    received: OffsetDateTime::from_unix_timestamp(created_at).map_err(|_| bad("receipt"))?.date(),
                    types,
                    sender_kinds,
                    first_attempt: first_attempt.as_deref().map(parse_date).transpose().map_err(|_| bad("attempt date"))?,
                    reached: reached != 0,
                    outcome: outcome.as_deref().map(Outcome::parse).transpose().map_err(|_| bad("outcome"))?,
                    repeat: repeat != 0,
                })
            })
            .collect()
    }
}
