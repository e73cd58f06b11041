//! `eenplan import signals --sender NAME FILE`: a signal sender's CSV file (see
//! `domain::signals::csv` for the columns). The file is read and every row checked first; rows that
//! cannot be read or checked are reported by line and field and not stored; the others are stored
//! exactly once per sender reference (a repeat is a duplicate, a changed amount an update), in
//! transactions of `CHUNK` rows, each with its audit record. Progress goes to stderr.

use anyhow::{Context, Result, bail};
use eenplan_domain::signals::csv::read_signals_csv;
use eenplan_domain::signals::{Signal, check_signal};
use eenplan_store::Store;
use eenplan_store::signals::{Received, SignalSettings};

/// Rows per transaction.
const CHUNK: usize = 1000;

/// What an import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub created: usize,
    pub duplicates: usize,
    pub updated: usize,
    pub rejected: usize,
}

pub async fn run(store: &Store, sender: &str, path: &std::path::Path) -> Result<Counts> {
    let org = store.organisation_by_name(sender).await?.with_context(|| {
        format!("organisation '{sender}' not found: create it with `eenplan apikey create --org \"{sender}\" --role signal_sender --org-kind KIND`")
    })?;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let rows = match read_signals_csv(&bytes) {
        Ok(rows) => rows,
        Err(e) => bail!("{}: {e}; nothing was stored", path.display()),
    };
    let today = store.today();
    let mut counts = Counts::default();
    let mut valid: Vec<Signal> = Vec::new();
    for row in rows {
        match row
            .result
            .map_err(|why| vec![why])
            .and_then(|raw| check_signal(&raw, today).map_err(|problems| problems.iter().map(ToString::to_string).collect()))
        {
            Ok(signal) => valid.push(signal),
            Err(problems) => {
                counts.rejected += 1;
                eprintln!("{}:{}: {}", path.display(), row.line, problems.join("; "));
            }
        }
    }
    let total = valid.len();
    let audit = audit(&org.id, &org.name);
    let settings = SignalSettings::default();
    for (i, chunk) in valid.chunks(CHUNK).enumerate() {
        for r in store.receive_signals(&org.id, chunk, &settings, &audit).await? {
            match r {
                Received::Created { .. } => counts.created += 1,
                Received::Duplicate { .. } => counts.duplicates += 1,
                Received::Updated { .. } => counts.updated += 1,
            }
        }
        let done = (i * CHUNK + chunk.len()).min(total);
        eprint!("\r{done}/{total} signals stored ({:.0}%)", done as f64 * 100.0 / total.max(1) as f64);
    }
    if total > 0 {
        eprintln!();
    }
    Ok(counts)
}

fn audit(org_id: &str, org_name: &str) -> eenplan_domain::audit::AuditDraft {
    eenplan_domain::audit::AuditDraft {
        actor: "cli".into(),
        actor_name: format!("eenplan import signals ({org_name})"),
        role: "admin".into(),
        organisation: Some(org_id.to_string()),
        household: None,
        member: None,
        resource: "signals".into(),
        resource_id: None,
        action: "import".into(),
        purpose: eenplan_domain::access::Purpose::EarlySignal.as_str().into(),
        outcome: eenplan_domain::audit::Outcome::Allowed,
        break_glass: false,
        reason: None,
    }
}
