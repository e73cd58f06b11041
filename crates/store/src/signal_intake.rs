//! Receiving early signals: each exactly once per sender reference (a repeat is a duplicate, a changed
//! amount an update that keeps the earlier figures), combined per address into a melding within the
//! window, matched to a known household or queued for the team of the postcode. A batch is one
//! transaction with one audit record. What the batch needs to know is read up front in a fixed
//! number of queries (the sender's references, the meldingen at the batch's addresses, the households
//! at those addresses or with those BSNs), so a signal costs only its own writes.

use crate::signals::{Received, SignalSettings};
use crate::{Result, Store, StoreError, flag, new_id};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::household::{HouseNumber, LifeDomain, Postcode, format_date, parse_date};
use eenplan_domain::routing::{Route, TeamCandidate, propose};
use eenplan_domain::signals::matching::{Candidate, MatchBy, OpenMelding, is_repeat, joins, match_household, priority};
use eenplan_domain::signals::outreach::{OutreachState, first_attempt_due};
use eenplan_domain::signals::{Signal, SignalType, address_key};
use sqlx::{Any, Transaction};
use std::collections::HashMap;
use time::Date;

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("stored signal {what} not understood"))
}

fn date(s: &str) -> Result<Date> {
    parse_date(s).map_err(|_| bad("date"))
}

/// A signal already received under a reference: (id, melding, amount, days, months, date).
#[derive(Clone)]
struct Known {
    id: String,
    melding_id: String,
    figures: (i64, Option<i64>, Option<i64>, String),
}

/// A melding at one of the batch's addresses, as the batch changes it.
struct MeldingAt {
    id: String,
    first: Date,
    last: Date,
    open: bool,
    types: Vec<SignalType>,
    count: i64,
    repeat: bool,
}

/// A household that may be a signal's: its address and lead team, and its members' family names
/// and dates of birth.
struct HouseholdRow {
    address_key: String,
    lead_team: Option<String>,
    members: Vec<(String, Option<Date>)>,
}

/// What one batch knows before it writes.
struct Batch {
    known: HashMap<String, Known>,
    meldingen: HashMap<String, Vec<MeldingAt>>,
    households: HashMap<String, HouseholdRow>,
    by_bsn: HashMap<String, Vec<String>>,
    teams: Vec<TeamCandidate>,
}

/// `$first, …` for `n` values.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

fn distinct<'a>(it: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = it.collect();
    v.sort_unstable();
    v.dedup();
    v
}

type KnownRow = (String, String, String, i64, Option<i64>, Option<i64>, String);
type MeldingRow = (String, String, String, String, String, String, i64, i64);
type HouseholdJoinRow = (String, String, i64, Option<String>, Option<String>, Option<String>, Option<String>);

impl Store {
    /// Receives checked signals of one sender, each exactly once per sender reference, in one
    /// transaction with one audit record for the batch. Returns what became of each, in order.
    pub async fn receive_signals(
        &self,
        sender_id: &str,
        signals: &[Signal],
        settings: &SignalSettings,
        audit: &AuditDraft,
    ) -> Result<Vec<Received>> {
        let teams: Vec<TeamCandidate> =
            self.teams().await?.into_iter().map(|t| TeamCandidate { id: t.id, kind: t.kind, area: t.area }).collect();
        let bsn_indexes: Vec<Option<String>> = match self.vault() {
            Ok(v) => signals.iter().map(|s| s.bsn.as_ref().map(|b| v.blind_index(b.as_str()))).collect(),
            Err(_) => signals.iter().map(|_| None).collect(),
        };
        let mut tx = self.pool().begin().await?;
        let mut batch = self.read_batch(&mut tx, sender_id, signals, &bsn_indexes, teams).await?;
        let mut out = Vec::with_capacity(signals.len());
        for (s, bsn_index) in signals.iter().zip(&bsn_indexes) {
            out.push(self.receive_one(&mut tx, &mut batch, sender_id, s, bsn_index.as_deref(), settings).await?);
        }
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Reads what the batch needs, in four queries.
    async fn read_batch(
        &self,
        tx: &mut Transaction<'static, Any>,
        sender_id: &str,
        signals: &[Signal],
        bsn_indexes: &[Option<String>],
        teams: Vec<TeamCandidate>,
    ) -> Result<Batch> {
        let mut batch =
            Batch { known: HashMap::new(), meldingen: HashMap::new(), households: HashMap::new(), by_bsn: HashMap::new(), teams };
        if signals.is_empty() {
            return Ok(batch);
        }
        let references = distinct(signals.iter().map(|s| s.sender_reference.as_str()));
        let sql = format!(
            "SELECT sender_reference, id, melding_id, amount_cents, days_in_arrears, months_in_arrears, signal_date FROM signals
             WHERE sender_id = $1 AND sender_reference IN ({})",
            placeholders(2, references.len())
        );
        let mut q = sqlx::query_as::<_, KnownRow>(&sql).bind(sender_id);
        for r in &references {
            q = q.bind(*r);
        }
        for (reference, id, melding_id, amount, days, months, on) in q.fetch_all(&mut **tx).await? {
            batch.known.insert(reference, Known { id, melding_id, figures: (amount, days, months, on) });
        }
        let keys: Vec<String> = signals.iter().map(Signal::address_key).collect();
        let keys = distinct(keys.iter().map(String::as_str));
        let sql = format!(
            "SELECT id, address_key, first_signal, last_signal, state, signal_types, signal_count, is_repeat FROM meldingen
             WHERE address_key IN ({})",
            placeholders(1, keys.len())
        );
        let mut q = sqlx::query_as::<_, MeldingRow>(&sql);
        for k in &keys {
            q = q.bind(*k);
        }
        for (id, key, first, last, state, types, count, repeat) in q.fetch_all(&mut **tx).await? {
            let types = crate::signals::split_types(&types)?;
            let m = MeldingAt {
                id,
                first: date(&first)?,
                last: date(&last)?,
                open: state != OutreachState::Closed.code(),
                types,
                count,
                repeat: repeat != 0,
            };
            batch.meldingen.entry(key).or_default().push(m);
        }
        // Households at the batch's postcodes (filtered to the exact address below) and with its BSNs.
        let postcodes = distinct(signals.iter().map(|s| s.postcode.as_str()));
        let sql = format!(
            "SELECT h.id, h.postcode, h.house_number, h.house_addition, h.lead_team_id, m.family_name, m.date_of_birth
             FROM households h LEFT JOIN members m ON m.household_id = h.id
             WHERE h.status != 'closed' AND h.postcode IN ({})",
            placeholders(1, postcodes.len())
        );
        let mut q = sqlx::query_as::<_, HouseholdJoinRow>(&sql);
        for p in &postcodes {
            q = q.bind(*p);
        }
        let mut rows = q.fetch_all(&mut **tx).await?;
        let indexes = distinct(bsn_indexes.iter().flatten().map(String::as_str));
        if !indexes.is_empty() {
            let sql = format!(
                "SELECT b.bsn_index, h.id FROM members b JOIN households h ON h.id = b.household_id
                 WHERE h.status != 'closed' AND b.bsn_index IN ({})",
                placeholders(1, indexes.len())
            );
            let mut q = sqlx::query_as::<_, (String, String)>(&sql);
            for i in &indexes {
                q = q.bind(*i);
            }
            let found = q.fetch_all(&mut **tx).await?;
            let missing: Vec<&str> = distinct(found.iter().map(|f| f.1.as_str()));
            if !missing.is_empty() {
                let sql = format!(
                    "SELECT h.id, h.postcode, h.house_number, h.house_addition, h.lead_team_id, m.family_name, m.date_of_birth
                     FROM households h LEFT JOIN members m ON m.household_id = h.id WHERE h.id IN ({})",
                    placeholders(1, missing.len())
                );
                let mut q = sqlx::query_as::<_, HouseholdJoinRow>(&sql);
                for id in &missing {
                    q = q.bind(*id);
                }
                rows.extend(q.fetch_all(&mut **tx).await?);
            }
            for (index, household) in found {
                batch.by_bsn.entry(index).or_default().push(household);
            }
        }
        for (id, postcode, number, addition, lead_team, family, born) in rows {
            let h = match batch.households.get_mut(&id) {
                Some(h) => h,
                None => {
                    let postcode = Postcode::parse(&postcode).map_err(|_| bad("postcode"))?;
                    let key = address_key(&postcode, &HouseNumber { number: number as u32, addition });
                    batch.households.entry(id).or_insert(HouseholdRow { address_key: key, lead_team, members: Vec::new() })
                }
            };
            if let Some(family) = family {
                let born = born.as_deref().map(date).transpose()?;
                if !h.members.contains(&(family.clone(), born)) {
                    h.members.push((family, born));
                }
            }
        }
        Ok(batch)
    }

    async fn receive_one(
        &self,
        tx: &mut Transaction<'static, Any>,
        batch: &mut Batch,
        sender_id: &str,
        s: &Signal,
        bsn_index: Option<&str>,
        settings: &SignalSettings,
    ) -> Result<Received> {
        let now = self.now();
        let days = s.days_in_arrears.map(i64::from);
        let months = s.months_in_arrears.map(i64::from);
        let figures = (s.amount_cents, days, months, format_date(s.signal_date));
        if let Some(known) = batch.known.get_mut(&s.sender_reference) {
            let (signal_id, melding_id) = (known.id.clone(), known.melding_id.clone());
            if known.figures == figures {
                return Ok(Received::Duplicate { signal_id, melding_id });
            }
            let (amount, old_days, old_months, old_date) = &known.figures;
            sqlx::query(
                "INSERT INTO signal_changes (signal_id, seq, amount_cents, days_in_arrears, months_in_arrears, signal_date, replaced_at)
                 VALUES ($1, (SELECT COUNT(*) + 1 FROM signal_changes WHERE signal_id = $1), $2, $3, $4, $5, $6)",
            )
            .bind(&signal_id)
            .bind(*amount)
            .bind(*old_days)
            .bind(*old_months)
            .bind(old_date)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                "UPDATE signals SET amount_cents = $1, days_in_arrears = $2, months_in_arrears = $3, signal_date = $4, updated_at = $5 WHERE id = $6",
            )
            .bind(s.amount_cents)
            .bind(days)
            .bind(months)
            .bind(&figures.3)
            .bind(now)
            .bind(&signal_id)
            .execute(&mut **tx)
            .await?;
            known.figures = figures;
            return Ok(Received::Updated { signal_id, melding_id });
        }
        let melding_id = self.melding_for(tx, batch, s, bsn_index, settings).await?;
        let signal_id = new_id();
        let bsn_encrypted = match &s.bsn {
            Some(b) => Some(self.vault()?.encrypt(b.as_str())),
            None => None,
        };
        sqlx::query(
            "INSERT INTO signals (id, sender_id, sender_reference, melding_id, signal_type, amount_cents, days_in_arrears, months_in_arrears,
               signal_date, given_names, name_prefix, family_name, date_of_birth, street, house_number, house_addition, postcode, city, phone,
               email, bsn_encrypted, bsn_index, received_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23)",
        )
        .bind(&signal_id)
        .bind(sender_id)
        .bind(&s.sender_reference)
        .bind(&melding_id)
        .bind(s.signal_type.code())
        .bind(s.amount_cents)
        .bind(days)
        .bind(months)
        .bind(&figures.3)
        .bind(&s.given_names)
        .bind(s.name_prefix.as_deref())
        .bind(&s.family_name)
        .bind(s.date_of_birth.map(format_date))
        .bind(&s.street)
        .bind(i64::from(s.number.number))
        .bind(s.number.addition.as_deref())
        .bind(s.postcode.as_str())
        .bind(&s.city)
        .bind(s.phone.as_deref())
        .bind(s.email.as_deref())
        .bind(bsn_encrypted)
        .bind(bsn_index)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        batch.known.insert(s.sender_reference.clone(), Known { id: signal_id.clone(), melding_id: melding_id.clone(), figures });
        Ok(Received::Created { signal_id, melding_id })
    }

    /// The melding a new signal joins (an open one at the address within the window) or a new one:
    /// matched to a known household when one fits, else for the team of its postcode.
    async fn melding_for(
        &self,
        tx: &mut Transaction<'static, Any>,
        batch: &mut Batch,
        s: &Signal,
        bsn_index: Option<&str>,
        settings: &SignalSettings,
    ) -> Result<String> {
        let now = self.now();
        let key = s.address_key();
        let here = batch.meldingen.entry(key.clone()).or_default();
        let open: Vec<OpenMelding> = here
            .iter()
            .filter(|m| m.open)
            .map(|m| OpenMelding { id: m.id.clone(), address_key: key.clone(), first_signal: m.first, last_signal: m.last })
            .collect();
        if let Some(joined) = joins(&open, &key, s.signal_date, settings.combine_days) {
            let m = here.iter_mut().find(|m| m.id == joined.id).expect("joined a melding at this address");
            if !m.types.contains(&s.signal_type) {
                m.types.push(s.signal_type);
            }
            m.count += 1;
            m.last = m.last.max(s.signal_date);
            m.first = m.first.min(s.signal_date);
            sqlx::query(
                "UPDATE meldingen SET signal_types = $1, signal_count = $2, last_signal = $3, first_signal = $4, priority = $5,
                   version = version + 1, updated_at = $6 WHERE id = $7",
            )
            .bind(crate::signals::join_types(&m.types))
            .bind(m.count)
            .bind(format_date(m.last))
            .bind(format_date(m.first))
            .bind(priority(&m.types, m.count as usize, m.repeat).code())
            .bind(now)
            .bind(&m.id)
            .execute(&mut **tx)
            .await?;
            return Ok(m.id.clone());
        }
        let earlier: Vec<Date> = here.iter().map(|m| m.last).collect();
        let repeat = is_repeat(&earlier, s.signal_date);
        let bsn_households: &[String] = bsn_index.and_then(|i| batch.by_bsn.get(i)).map(Vec::as_slice).unwrap_or_default();
        let candidates: Vec<Candidate> = batch
            .households
            .iter()
            .filter(|(id, h)| h.address_key == key || bsn_households.contains(id))
            .map(|(id, h)| Candidate {
                household_id: id.clone(),
                address_key: h.address_key.clone(),
                bsn_match: bsn_households.contains(id),
                members: h.members.clone(),
            })
            .collect();
        let matched = match_household(s, &candidates);
        let lead_team = matched.as_ref().and_then(|(id, _)| batch.households.get(id)).and_then(|h| h.lead_team.clone());
        let team = lead_team.or_else(|| match propose(s.postcode.pc4(), &[LifeDomain::Finances], None, &batch.teams) {
            Route::Team { id, .. } => Some(id),
            Route::Triage => None,
        });
        let id = new_id();
        let received = time::OffsetDateTime::from_unix_timestamp(now).map(|t| t.date()).unwrap_or(s.signal_date);
        sqlx::query(&format!(
            "INSERT INTO meldingen ({}, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, 'queued', NULL, $10, $10, $11, NULL, 0, NULL, NULL, 0, $12, 1, $12)",
            crate::signals::MELDING_COLUMNS
        ))
        .bind(&id)
        .bind(&key)
        .bind(i64::from(s.postcode.pc4()))
        .bind(team)
        .bind(matched.as_ref().map(|(h, _)| h.as_str()))
        .bind(matched.as_ref().map(|(_, by): &(String, MatchBy)| by.code()))
        .bind(priority(&[s.signal_type], 1, repeat).code())
        .bind(flag(repeat))
        .bind(s.signal_type.code())
        .bind(format_date(s.signal_date))
        .bind(format_date(first_attempt_due(received, settings.first_attempt_days)))
        .bind(now)
        .execute(&mut **tx)
        .await?;
        batch.meldingen.entry(key).or_default().push(MeldingAt {
            id: id.clone(),
            first: s.signal_date,
            last: s.signal_date,
            open: true,
            types: vec![s.signal_type],
            count: 1,
            repeat,
        });
        Ok(id)
    }
}
