//! `eenplan retention run [--months N] [--dry-run]`: removes the early signals that led to nothing
//! once their retention period is over (`domain::signals::retention::removable`: closed with no
//! contact or help declined, or with a resident's objection, at least N calendar months ago; never an
//! open melding, never accepted help). It first lists what goes — the number of meldingen per outcome
//! and the oldest closing date, no names or addresses — and with `--dry-run` stops there. Otherwise
//! the meldingen, their signals, the signals' history and the contact attempts are removed in one
//! transaction with one audit record.

use anyhow::Result;
use clap::Subcommand;
use eenplan_domain::household::format_date;
use eenplan_domain::signals::outreach::Outcome;
use eenplan_domain::signals::retention::DEFAULT_RETENTION_MONTHS;
use eenplan_store::Store;
use std::collections::BTreeMap;

#[derive(Subcommand)]
pub enum RetentionCommand {
    /// List the meldingen whose retention period is over (count per outcome, oldest closing date)
    /// and remove them with their signals and contact attempts.
    Run {
        /// Calendar months after closing before a melding without help is removed.
        #[arg(long, env = "EENPLAN_RETENTION_MONTHS", default_value_t = DEFAULT_RETENTION_MONTHS)]
        months: u32,
        /// Only list what would be removed; remove nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// What a run found (and removed, unless it was a dry run).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub per_outcome: BTreeMap<Outcome, usize>,
    pub meldingen: usize,
    pub signals: i64,
    pub oldest_closed: Option<time::Date>,
    pub removed: u64,
}

pub async fn run(store: &Store, cmd: RetentionCommand) -> Result<()> {
    let RetentionCommand::Run { months, dry_run } = cmd;
    let today = store.today();
    let due = store.meldingen_to_remove(today, months).await?;
    let mut report = Report { meldingen: due.len(), ..Report::default() };
    for m in &due {
        if let Some(o) = m.outcome {
            *report.per_outcome.entry(o).or_default() += 1;
        }
        report.signals += m.signal_count;
        report.oldest_closed = match (report.oldest_closed, m.closed_on) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    println!(
        "retention: meldingen closed with no contact, help declined or an objection at least {months} month(s) before {}",
        format_date(today)
    );
    if due.is_empty() {
        println!("nothing to remove");
        return Ok(());
    }
    for (outcome, n) in &report.per_outcome {
        println!("  {}: {n}", outcome.code());
    }
    println!("  total: {} meldingen with {} signals", report.meldingen, report.signals);
    if let Some(oldest) = report.oldest_closed {
        println!("  oldest closing date: {}", format_date(oldest));
    }
    if dry_run {
        println!("dry run: nothing removed");
        return Ok(());
    }
    let ids: Vec<String> = due.into_iter().map(|m| m.id).collect();
    report.removed = store.remove_meldingen(&ids, &audit(months, &report)).await?;
    println!("removed {} meldingen with their signals and contact attempts", report.removed);
    Ok(())
}

fn audit(months: u32, report: &Report) -> eenplan_domain::audit::AuditDraft {
    let per_outcome: Vec<String> = report.per_outcome.iter().map(|(o, n)| format!("{}: {n}", o.code())).collect();
    eenplan_domain::audit::AuditDraft {
        actor: "cli".into(),
        actor_name: "eenplan retention run".into(),
        role: "admin".into(),
        organisation: None,
        household: None,
        member: None,
        resource: "signals".into(),
        resource_id: None,
        action: "retention".into(),
        purpose: eenplan_domain::access::Purpose::EarlySignal.as_str().into(),
        outcome: eenplan_domain::audit::Outcome::Allowed,
        break_glass: false,
        reason: Some(format!(
            "retention period {months} month(s): {} meldingen, {} signals ({})",
            report.meldingen,
            report.signals,
            per_outcome.join(", ")
        )),
    }
}
