//! Everything the household page shows, read in one go: the independent reads run concurrently
//! (each on its own pooled connection), so the page waits for the slowest read, not for their sum.

use crate::directory::Team;
use crate::households::{HouseholdSummary, Intake, Involvement, NetworkContact, TimelineEntry};
use crate::referrals::StoredReferral;
use crate::{Result, Store};

/// A household's file as the household page shows it.
#[derive(Debug, Clone)]
pub struct HouseholdFile {
    /// The household, its members, contact worker and laws (the alert rules' facts).
    pub summary: HouseholdSummary,
    pub involvements: Vec<Involvement>,
    pub network: Vec<NetworkContact>,
    pub intakes: Vec<Intake>,
    /// The newest entries first, at most the limit asked for.
    pub timeline: Vec<TimelineEntry>,
    /// Who may become the contact worker: (id, name, available) of the lead team's workers.
    pub team_workers: Vec<(String, String, bool)>,
    pub teams: Vec<Team>,
    /// The household's referrals, newest first, with their moves.
    pub referrals: Vec<StoredReferral>,
}

impl Store {
    /// The household's file, or `None` when there is no such household.
    pub async fn household_file(&self, id: &str, timeline_limit: i64) -> Result<Option<HouseholdFile>> {
        let (head, members, involvements, network, intakes, timeline, team_workers, teams, referrals) = tokio::try_join!(
            self.household_with_worker(id),
            self.members(id),
            self.involvements(id),
            self.network(id),
            self.intakes(id),
            self.timeline(id, None, timeline_limit),
            self.workers_of_lead_team(id),
            self.teams(),
            self.referrals_of_household(id),
        )?;
        let Some((household, worker)) = head else { return Ok(None) };
        let today = self.today();
        let summary = HouseholdSummary {
            laws: involvements.iter().map(|i| (i.law, i.until.is_none_or(|u| u >= today))).collect(),
            contact_worker_name: worker.as_ref().map(|w| w.0.clone()),
            contact_worker_available: worker.as_ref().is_none_or(|w| w.1),
            household,
            members,
        };
        Ok(Some(HouseholdFile { summary, involvements, network, intakes, timeline, team_workers, teams, referrals }))
    }
}
