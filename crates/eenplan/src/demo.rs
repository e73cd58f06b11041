//! The fictitious demo municipality: two teams in one area (as in Utrecht, a social team and a youth
//! and family team), two partner organisations, one demo user per role, and the fictitious households
//! of `demo_households`.

use anyhow::Result;
use eenplan_domain::Role;
use eenplan_domain::team::{Area, TeamKind};
use eenplan_store::Store;
use eenplan_store::credentials::hash_password;
use eenplan_store::directory::{NewUser, RoleGrant};

pub const TENANT: &str = "Gemeente Voorbeeldstad";
const TEAM_SOCIAL: &str = "Buurtteam Oost";
const TEAM_YOUTH: &str = "Buurtteam Jeugd en Gezin Oost";
pub const ORG_WI: &str = "Werk en Inkomen Voorbeeldstad";
const ORG_SRA: &str = "Sociaal Raadslieden Voorbeeldstad";
const ORG_GELDZORG: &str = "Stichting Geldzorg Voorbeeldstad";

/// A demo login: (username, display name, role, team, organisation).
type DemoUser = (&'static str, &'static str, Role, Option<&'static str>, Option<&'static str>);

const USERS: [DemoUser; 10] = [
    ("demo.worker", "Fatima Yilmaz", Role::Worker, Some(TEAM_SOCIAL), None),
    ("demo.teamlead", "Joost de Vries", Role::TeamLead, Some(TEAM_SOCIAL), None),
    // A worker of the youth and family team, so its households can get a contact worker too.
    ("demo.jeugd", "Sem Bouali", Role::Worker, Some(TEAM_YOUTH), None),
    ("demo.mdt", "Sanne Bakker", Role::MdtMember, None, Some(ORG_WI)),
    ("demo.partner", "Ahmed El Amrani", Role::Partner, None, Some(ORG_SRA)),
    // Debt counselling and budget coaching (another partner organisation on the social map).
    ("demo.geldzorg", "Fatima el Amrani", Role::Partner, None, Some(ORG_GELDZORG)),
    ("demo.policy", "Petra van den Berg", Role::Policy, None, None),
    ("demo.privacy", "Kees Janssen", Role::PrivacyOfficer, None, None),
    ("demo.admin", "Lotte Visser", Role::Admin, None, None),
    ("demo.household", "Marco Jansen", Role::HouseholdMember, None, None),
];

/// Loads the demo once and returns the text with the logins to print.
pub async fn load(store: &Store) -> Result<String> {
    let env_password = std::env::var("EENPLAN_DEMO_PASSWORD").ok().filter(|p| !p.is_empty());
    let already = store.user_by_username("demo.worker").await?.is_some();
    let password_line = if already {
        match &env_password {
            Some(p) => {
                let hash = hash_password(p);
                for (username, ..) in USERS {
                    if let Some(u) = store.user_by_username(username).await? {
                        store.set_password_hash(&u.id, &hash).await?;
                    }
                }
                "Demo-wachtwoord / password: from EENPLAN_DEMO_PASSWORD".to_string()
            }
            None => "Demo-gegevens bestonden al; wachtwoord ongewijzigd (zet EENPLAN_DEMO_PASSWORD om het te vervangen)".to_string(),
        }
    } else {
        let password = env_password.clone().unwrap_or_else(crate::generate_password);
        create(store, &password).await?;
        format!("Demo-wachtwoord / password: {password}")
    };
    let mut out = String::from("\nDemo-logins (fictief / fictitious):\n");
    for (username, name, role, ..) in USERS {
        out.push_str(&format!("  {username:<16} {:<18} {name}\n", role.as_str()));
    }
    out.push_str(&password_line);
    out.push_str("\n(admin and privacy_officer set up two-step verification at first login)\n");
    Ok(out)
}

async fn create(store: &Store, password: &str) -> Result<()> {
    let tenant = store.ensure_tenant(TENANT).await?;
    let area = Area::parse("3500-3549")?;
    store.create_team(&tenant, TEAM_SOCIAL, TeamKind::Social, &area).await?;
    store.create_team(&tenant, TEAM_YOUTH, TeamKind::YouthFamily, &area).await?;
    store.create_organisation(&tenant, ORG_WI, "work_and_income").await?;
    let sra = store.create_organisation(&tenant, ORG_SRA, "social_legal_advisors").await?;
    let geldzorg = store.create_organisation(&tenant, ORG_GELDZORG, "debt_counselling").await?;
    // The partners' organisations on the demo social map: referrals to their services reach their users.
    store.link_social_map(&sra.id, Some("org-raadslieden")).await?;
    store.link_social_map(&geldzorg.id, Some("org-geldzorg")).await?;
    let hash = hash_password(password);
    for (username, name, role, team, org) in USERS {
        let team_id = match team {
            Some(t) => store.team_by_name(t).await?.map(|t| t.id),
            None => None,
        };
        let org_id = match org {
            Some(o) => store.organisation_by_name(o).await?.map(|o| o.id),
            None => None,
        };
        store
            .create_user(
                &NewUser { tenant_id: &tenant, username, display_name: name, password_hash: &hash, organisation_id: org_id.as_deref() },
                &[RoleGrant { role, team_id }],
            )
            .await?;
    }
    // A fictitious social map for Voorbeeldstad (the same file the docs and tests use).
    let map = eenplan_domain::social_map::from_json(include_str!("../../../data/social-map/voorbeeld-hsds.json"))
        .map_err(|e| anyhow::anyhow!("demo social map: {} problem(s)", e.len()))?;
    let audit = eenplan_domain::audit::AuditDraft {
        actor: "demo".into(),
        actor_name: "demo".into(),
        role: "admin".into(),
        organisation: None,
        household: None,
        member: None,
        resource: "social_map".into(),
        resource_id: None,
        action: "import".into(),
        purpose: eenplan_domain::access::Purpose::Administration.as_str().into(),
        outcome: eenplan_domain::audit::Outcome::Allowed,
        break_glass: false,
        reason: None,
    };
    store.import_social_map(&map, &audit).await?;
    let households = crate::demo_households::load(store, &tenant).await?;
    tracing::info!(households, "demo households loaded");
    Ok(())
}
