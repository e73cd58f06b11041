//! Receiving early signals: each exactly once per sender reference (a repeat is a duplicate, a changed
//! amount an update that keeps the earlier figures), combined per address into a melding within the
//! window, matched to a known household or queued for the team of the postcode. A batch is one
//! transaction with one audit record (over the API, batches arriving together share a transaction,
//! each with its own record). What the batch needs to know is read up front in a fixed
//! number of queries (the sender's references, the meldingen at the batch's addresses, the households
//! at those addresses or with those BSNs), so a signal costs only its own writes.

use crate::bulk::Json;
use crate::group_commit::GroupCommit;
use crate::signals::{Received, SignalSettings};
use crate::{Result, Store, StoreError, flag, new_id};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::household::{HouseNumber, LifeDomain, Postcode, format_date, parse_date};
use eenplan_domain::routing::{Route, TeamCandidate, propose};
use eenplan_domain::signals::matching::{Candidate, MatchBy, OpenMelding, is_repeat, joins, match_household, priority};
use eenplan_domain::signals::outreach::{OutreachState, first_attempt_due};
use eenplan_domain::signals::{Signal, SignalType, address_key};
use serde_json::json;
use sqlx::{Any, Transaction};
use std::collections::HashMap;
use time::Date;

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("stored signal {what} not understood"))
}

fn date(s: &str) -> Result<Date> {
    parse_date(s).map_err(|_| bad("date"))
}

/// A signal's figures: amount in cents, days and months in arrears, date.
type Figures = (i64, Option<i64>, Option<i64>, String);

/// A signal already received under a reference.
#[derive(Clone)]
struct Known {
    id: String,
    melding_id: String,
    figures: Figures,
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
    /// Made by this batch (inserted at its end): its team, match and first-attempt deadline.
    new: Option<NewMelding>,
    /// An existing melding this batch joined a signal to (updated at its end).
    changed: bool,
}

/// What a melding made by the batch is inserted with, besides what `MeldingAt` holds.
struct NewMelding {
    pc4: u16,
    team: Option<String>,
    household: Option<String>,
    match_by: Option<MatchBy>,
    first_attempt_due: Date,
}

/// A new signal's row, written at the batch's end.
struct SignalRow {
    id: String,
    melding_id: String,
    signal: Signal,
    bsn_encrypted: Option<String>,
    bsn_index: Option<String>,
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
    /// New signals in order, written at the end (after the meldingen they belong to).
    new_signals: Vec<SignalRow>,
    /// Signals whose figures changed: (id, the earlier figures, the new ones).
    changed_signals: Vec<(String, Figures, Figures)>,
    meldingen: HashMap<String, Vec<MeldingAt>>,
    households: HashMap<String, HouseholdRow>,
    /// The households at each address key.
    at_address: HashMap<String, Vec<String>>,
    by_bsn: HashMap<String, Vec<String>>,
    teams: Vec<TeamCandidate>,
}

fn distinct<'a>(it: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = it.collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// A batch queued for the group commit.
pub(crate) struct SignalJob {
    sender_id: String,
    signals: Vec<Signal>,
    settings: SignalSettings,
    audit: AuditDraft,
}

/// The background writer of queued signal batches.
pub(crate) type SignalWriter = GroupCommit<SignalJob, Vec<Received>>;

/// Most batches in one group.
const GROUP: usize = 128;

fn start_signal_writer(store: &Store) -> SignalWriter {
    let store = store.without_writers();
    GroupCommit::start(GROUP, move |jobs| {
        let store = store.clone();
        async move { store.receive_group(jobs).await }
    })
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
        let teams = self.team_candidates().await?;
        let mut tx = self.pool().begin().await?;
        let out = self.receive_in(&mut tx, sender_id, signals, settings, &teams).await?;
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Like `receive_signals`, for requests that arrive concurrently (the API): the batches waiting
    /// at the same moment are received in one transaction (group commit), each with its own audit
    /// record, so single-signal requests do not each wait for the audit chain head and a commit.
    pub async fn submit_signals(
        &self,
        sender_id: &str,
        signals: Vec<Signal>,
        settings: SignalSettings,
        audit: AuditDraft,
    ) -> Result<Vec<Received>> {
        let job = SignalJob { sender_id: sender_id.to_string(), signals, settings, audit };
        self.signal_writer.get_or_init(|| start_signal_writer(self)).submit(job).await
    }

    async fn team_candidates(&self) -> Result<Vec<TeamCandidate>> {
        Ok(self.teams().await?.into_iter().map(|t| TeamCandidate { id: t.id, kind: t.kind, area: t.area }).collect())
    }

    /// Receives waiting batches in one transaction: per sender (in a fixed order, so two writers
    /// cannot deadlock) their signals together, then one audit record per batch. When the group
    /// fails, each batch is tried alone, so a failure is answered to the batch that caused it.
    async fn receive_group(&self, jobs: Vec<SignalJob>) -> Vec<Result<Vec<Received>>> {
        if jobs.len() > 1 {
            match self.receive_together(&jobs).await {
                Ok(out) => return out.into_iter().map(Ok).collect(),
                Err(e) => tracing::warn!(error = %e, batches = jobs.len(), "signal group failed; receiving its batches one by one"),
            }
        }
        let mut out = Vec::with_capacity(jobs.len());
        for j in &jobs {
            out.push(self.receive_signals(&j.sender_id, &j.signals, &j.settings, &j.audit).await);
        }
        out
    }

    async fn receive_together(&self, jobs: &[SignalJob]) -> Result<Vec<Vec<Received>>> {
        let teams = self.team_candidates().await?;
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by(|&a, &b| (&jobs[a].sender_id, jobs[a].settings).cmp(&(&jobs[b].sender_id, jobs[b].settings)));
        let mut out: Vec<Vec<Received>> = vec![Vec::new(); jobs.len()];
        let mut tx = self.pool().begin().await?;
        for group in order.chunk_by(|&a, &b| jobs[a].sender_id == jobs[b].sender_id && jobs[a].settings == jobs[b].settings) {
            let first = &jobs[group[0]];
            let signals: Vec<Signal> = group.iter().flat_map(|&i| jobs[i].signals.iter().cloned()).collect();
            let mut received = self.receive_in(&mut tx, &first.sender_id, &signals, &first.settings, &teams).await?.into_iter();
            for &i in group {
                out[i] = received.by_ref().take(jobs[i].signals.len()).collect();
            }
        }
        let drafts: Vec<AuditDraft> = jobs.iter().map(|j| j.audit.clone()).collect();
        self.append_audits(&mut tx, &drafts).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Receives one sender's signals inside the caller's transaction.
    async fn receive_in(
        &self,
        tx: &mut Transaction<'static, Any>,
        sender_id: &str,
        signals: &[Signal],
        settings: &SignalSettings,
        teams: &[TeamCandidate],
    ) -> Result<Vec<Received>> {
        let bsn_indexes: Vec<Option<String>> = match self.vault() {
            Ok(v) => signals.iter().map(|s| s.bsn.as_ref().map(|b| v.blind_index(b.as_str()))).collect(),
            Err(_) => signals.iter().map(|_| None).collect(),
        };
        // The sender's row is written first: its batches queue one after the other (two requests with
        // the same reference cannot both find it new), and on SQLite the transaction holds the write
        // lock before it reads, so a concurrent writer makes it wait instead of failing as "locked".
        let sender =
            sqlx::query("UPDATE organisations SET sender_kind = sender_kind WHERE id = $1").bind(sender_id).execute(&mut **tx).await?;
        if sender.rows_affected() != 1 {
            return Err(StoreError::NotFound(format!("signal sender {sender_id}")));
        }
        if self.backend() == crate::Backend::Postgres {
            // The batch lookups take lists of a thousand values against tables that grow during an
            // import: a generic plan cached while they were small (sequential scans) would be reused as
            // they grow, and the import would slow down quadratically. Plan each lookup for its values.
            sqlx::query("SET LOCAL plan_cache_mode = force_custom_plan").execute(&mut **tx).await?;
        }
        let mut batch = self.read_batch(tx, sender_id, signals, &bsn_indexes, teams.to_vec()).await?;
        let mut out = Vec::with_capacity(signals.len());
        for (s, bsn_index) in signals.iter().zip(&bsn_indexes) {
            out.push(self.receive_one(&mut batch, s, bsn_index.as_deref(), settings)?);
        }
        self.write_batch(tx, &mut batch, sender_id).await?;
        Ok(out)
    }

    /// Reads what the batch needs: the sender's known references, then — for the signals under a new
    /// reference only — the meldingen at their addresses and the households at their postcodes or BSNs.
    async fn read_batch(
        &self,
        tx: &mut Transaction<'static, Any>,
        sender_id: &str,
        signals: &[Signal],
        bsn_indexes: &[Option<String>],
        teams: Vec<TeamCandidate>,
    ) -> Result<Batch> {
        let mut batch = Batch {
            known: HashMap::new(),
            new_signals: Vec::new(),
            changed_signals: Vec::new(),
            meldingen: HashMap::new(),
            households: HashMap::new(),
            at_address: HashMap::new(),
            by_bsn: HashMap::new(),
            teams,
        };
        if signals.is_empty() {
            return Ok(batch);
        }
        let references = distinct(signals.iter().map(|s| s.sender_reference.as_str()));
        let known: Vec<KnownRow> = self
            .fetch_in(
                tx,
                |condition| {
                    format!(
                        "SELECT sender_reference, id, melding_id, amount_cents, days_in_arrears, months_in_arrears, signal_date FROM signals
                         WHERE sender_id = $1 AND sender_reference {condition}"
                    )
                },
                Some(sender_id),
                &references,
            )
            .await?;
        for (reference, id, melding_id, amount, days, months, on) in known {
            batch.known.insert(reference, Known { id, melding_id, figures: (amount, days, months, on) });
        }
        // Only signals under a new reference are combined and matched: a repeat or an update needs
        // nothing more (a file sent again reads one list, not four).
        let fresh: Vec<(&Signal, Option<&str>)> = signals
            .iter()
            .zip(bsn_indexes)
            .filter(|(s, _)| !batch.known.contains_key(&s.sender_reference))
            .map(|(s, i)| (s, i.as_deref()))
            .collect();
        if fresh.is_empty() {
            return Ok(batch);
        }
        let keys: Vec<String> = fresh.iter().map(|(s, _)| s.address_key()).collect();
        let keys = distinct(keys.iter().map(String::as_str));
        let meldingen: Vec<MeldingRow> = self
            .fetch_in(
                tx,
                |condition| {
                    format!(
                        "SELECT id, address_key, first_signal, last_signal, state, signal_types, signal_count, is_repeat FROM meldingen
                         WHERE address_key {condition}"
                    )
                },
                None,
                &keys,
            )
            .await?;
        for (id, key, first, last, state, types, count, repeat) in meldingen {
            let types = crate::signals::split_types(&types)?;
            let m = MeldingAt {
                id,
                first: date(&first)?,
                last: date(&last)?,
                open: state != OutreachState::Closed.code(),
                types,
                count,
                repeat: repeat != 0,
                new: None,
                changed: false,
            };
            batch.meldingen.entry(key).or_default().push(m);
        }
        // Households at the batch's postcodes (filtered to the exact address below) and with its BSNs.
        let postcodes = distinct(fresh.iter().map(|(s, _)| s.postcode.as_str()));
        let mut rows: Vec<HouseholdJoinRow> = self
            .fetch_in(
                tx,
                |condition| {
                    format!(
                        "SELECT h.id, h.postcode, h.house_number, h.house_addition, h.lead_team_id, m.family_name, m.date_of_birth
                         FROM households h LEFT JOIN members m ON m.household_id = h.id
                         WHERE h.status != 'closed' AND h.postcode {condition}"
                    )
                },
                None,
                &postcodes,
            )
            .await?;
        let indexes = distinct(fresh.iter().filter_map(|(_, i)| *i));
        if !indexes.is_empty() {
            let found: Vec<(String, String)> = self
                .fetch_in(
                    tx,
                    |condition| {
                        format!(
                            "SELECT b.bsn_index, h.id FROM members b JOIN households h ON h.id = b.household_id
                             WHERE h.status != 'closed' AND b.bsn_index {condition}"
                        )
                    },
                    None,
                    &indexes,
                )
                .await?;
            let missing: Vec<&str> = distinct(found.iter().map(|f| f.1.as_str()));
            if !missing.is_empty() {
                let more: Vec<HouseholdJoinRow> = self
                    .fetch_in(
                        tx,
                        |condition| {
                            format!(
                                "SELECT h.id, h.postcode, h.house_number, h.house_addition, h.lead_team_id, m.family_name, m.date_of_birth
                                 FROM households h LEFT JOIN members m ON m.household_id = h.id WHERE h.id {condition}"
                            )
                        },
                        None,
                        &missing,
                    )
                    .await?;
                rows.extend(more);
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
                    batch.at_address.entry(key.clone()).or_default().push(id.clone());
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

    /// Decides what becomes of one signal, in memory: a duplicate, an update, or a new signal in a new
    /// or joined melding. The writes follow in `write_batch`.
    fn receive_one(&self, batch: &mut Batch, s: &Signal, bsn_index: Option<&str>, settings: &SignalSettings) -> Result<Received> {
        let figures: Figures =
            (s.amount_cents, s.days_in_arrears.map(i64::from), s.months_in_arrears.map(i64::from), format_date(s.signal_date));
        if let Some(known) = batch.known.get_mut(&s.sender_reference) {
            let (signal_id, melding_id) = (known.id.clone(), known.melding_id.clone());
            if known.figures == figures {
                return Ok(Received::Duplicate { signal_id, melding_id });
            }
            let before = std::mem::replace(&mut known.figures, figures.clone());
            batch.changed_signals.push((signal_id.clone(), before, figures));
            return Ok(Received::Updated { signal_id, melding_id });
        }
        let melding_id = self.melding_for(batch, s, bsn_index, settings);
        let signal_id = new_id();
        let bsn_encrypted = match &s.bsn {
            Some(b) => Some(self.vault()?.encrypt(b.as_str())),
            None => None,
        };
        batch.known.insert(s.sender_reference.clone(), Known { id: signal_id.clone(), melding_id: melding_id.clone(), figures });
        batch.new_signals.push(SignalRow {
            id: signal_id.clone(),
            melding_id: melding_id.clone(),
            signal: s.clone(),
            bsn_encrypted,
            bsn_index: bsn_index.map(str::to_string),
        });
        Ok(Received::Created { signal_id, melding_id })
    }

    /// The melding a new signal joins (an open one at the address within the window) or a new one:
    /// matched to a known household when one fits, else for the team of its postcode.
    fn melding_for(&self, batch: &mut Batch, s: &Signal, bsn_index: Option<&str>, settings: &SignalSettings) -> String {
        let key = s.address_key();
        let bsn_households: Vec<String> = bsn_index.and_then(|i| batch.by_bsn.get(i)).cloned().unwrap_or_default();
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
            m.changed = true;
            return m.id.clone();
        }
        let earlier: Vec<Date> = here.iter().map(|m| m.last).collect();
        let repeat = is_repeat(&earlier, s.signal_date);
        let mut ids: Vec<&String> = batch.at_address.get(&key).into_iter().flatten().chain(&bsn_households).collect();
        ids.sort_unstable();
        ids.dedup();
        let candidates: Vec<Candidate> = ids
            .into_iter()
            .filter_map(|id| batch.households.get(id).map(|h| (id, h)))
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
        let received = time::OffsetDateTime::from_unix_timestamp(self.now()).map(|t| t.date()).unwrap_or(s.signal_date);
        let id = new_id();
        let (household, match_by) = match matched {
            Some((h, by)) => (Some(h), Some(by)),
            None => (None, None),
        };
        batch.meldingen.entry(key).or_default().push(MeldingAt {
            id: id.clone(),
            first: s.signal_date,
            last: s.signal_date,
            open: true,
            types: vec![s.signal_type],
            count: 1,
            repeat,
            new: Some(NewMelding {
                pc4: s.postcode.pc4(),
                team,
                household,
                match_by,
                first_attempt_due: first_attempt_due(received, settings.first_attempt_days),
            }),
            changed: false,
        });
        id
    }

    /// Writes what the batch decided: changed signals with their history, new meldingen and the
    /// joined ones, then the new signals — new rows many to a statement.
    async fn write_batch(&self, tx: &mut Transaction<'static, Any>, batch: &mut Batch, sender_id: &str) -> Result<()> {
        let now = self.now();
        for (id, before, after) in &batch.changed_signals {
            sqlx::query(
                "INSERT INTO signal_changes (signal_id, seq, amount_cents, days_in_arrears, months_in_arrears, signal_date, replaced_at)
                 VALUES ($1, (SELECT COUNT(*) + 1 FROM signal_changes WHERE signal_id = $1), $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(before.0)
            .bind(before.1)
            .bind(before.2)
            .bind(&before.3)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                "UPDATE signals SET amount_cents = $1, days_in_arrears = $2, months_in_arrears = $3, signal_date = $4, updated_at = $5 WHERE id = $6",
            )
            .bind(after.0)
            .bind(after.1)
            .bind(after.2)
            .bind(&after.3)
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
        let all: Vec<(&str, &MeldingAt)> = batch.meldingen.iter().flat_map(|(k, ms)| ms.iter().map(move |m| (k.as_str(), m))).collect();
        let new: Vec<(&str, &MeldingAt, &NewMelding)> = all.iter().filter_map(|(k, m)| m.new.as_ref().map(|n| (*k, *m, n))).collect();
        let rows: Vec<serde_json::Value> = new
            .iter()
            .map(|(key, m, n)| {
                json!([
                    m.id,
                    key,
                    n.pc4,
                    n.team,
                    n.household,
                    n.match_by.map(|b| b.code()),
                    priority(&m.types, m.count as usize, m.repeat).code(),
                    flag(m.repeat),
                    crate::signals::join_types(&m.types),
                    m.count,
                    OutreachState::Queued.code(),
                    format_date(m.first),
                    format_date(m.last),
                    format_date(n.first_attempt_due),
                    0,
                    0,
                    now,
                    1,
                    now
                ])
            })
            .collect();
        self.insert_json(tx, "meldingen", MELDING_COLUMNS, &rows).await?;
        for (_, m) in all.iter().filter(|(_, m)| m.changed && m.new.is_none()) {
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
        }
        let rows: Vec<serde_json::Value> = batch
            .new_signals
            .iter()
            .map(|r| {
                let s = &r.signal;
                json!([
                    r.id,
                    sender_id,
                    s.sender_reference,
                    r.melding_id,
                    s.signal_type.code(),
                    s.amount_cents,
                    s.days_in_arrears,
                    s.months_in_arrears,
                    format_date(s.signal_date),
                    s.given_names,
                    s.name_prefix,
                    s.family_name,
                    s.date_of_birth.map(format_date),
                    s.street,
                    s.number.number,
                    s.number.addition,
                    s.postcode.as_str(),
                    s.city,
                    s.phone,
                    s.email,
                    r.bsn_encrypted,
                    r.bsn_index,
                    now,
                    now
                ])
            })
            .collect();
        self.insert_json(tx, "signals", SIGNAL_COLUMNS, &rows).await?;
        Ok(())
    }
}

/// The columns a new melding is inserted with, in the order `write_batch` gives them.
const MELDING_COLUMNS: &[(&str, Json)] = &[
    ("id", Json::Text),
    ("address_key", Json::Text),
    ("pc4", Json::Int),
    ("team_id", Json::Text),
    ("household_id", Json::Text),
    ("match_by", Json::Text),
    ("priority", Json::Text),
    ("is_repeat", Json::Int),
    ("signal_types", Json::Text),
    ("signal_count", Json::Int),
    ("state", Json::Text),
    ("first_signal", Json::Text),
    ("last_signal", Json::Text),
    ("first_attempt_due", Json::Text),
    ("reached", Json::Int),
    ("objection", Json::Int),
    ("created_at", Json::Int),
    ("version", Json::Int),
    ("updated_at", Json::Int),
];

/// The columns a new signal is inserted with, in the order `write_batch` gives them.
const SIGNAL_COLUMNS: &[(&str, Json)] = &[
    ("id", Json::Text),
    ("sender_id", Json::Text),
    ("sender_reference", Json::Text),
    ("melding_id", Json::Text),
    ("signal_type", Json::Text),
    ("amount_cents", Json::Int),
    ("days_in_arrears", Json::Int),
    ("months_in_arrears", Json::Int),
    ("signal_date", Json::Text),
    ("given_names", Json::Text),
    ("name_prefix", Json::Text),
    ("family_name", Json::Text),
    ("date_of_birth", Json::Text),
    ("street", Json::Text),
    ("house_number", Json::Int),
    ("house_addition", Json::Text),
    ("postcode", Json::Text),
    ("city", Json::Text),
    ("phone", Json::Text),
    ("email", Json::Text),
    ("bsn_encrypted", Json::Text),
    ("bsn_index", Json::Text),
    ("received_at", Json::Int),
    ("updated_at", Json::Int),
];
