//! A real server per test on 127.0.0.1:0 over a fresh database (SQLite or PostgreSQL), with one
//! user per role, and a small browser (cookies by hand, no redirects followed).
#![allow(dead_code)]

use eenplan_domain::Role;
use eenplan_domain::team::{Area, TeamKind};
use eenplan_store::Backend;
use eenplan_store::credentials::hash_password;
use eenplan_store::directory::{NewUser, RoleGrant};
use eenplan_store::testing::TestDb;
use eenplan_web::{AppState, Config};
use std::collections::BTreeMap;
use std::net::SocketAddr;

pub const PASSWORD: &str = "een-lang-test-wachtwoord";

pub struct TestApp {
    pub base: String,
    pub db: TestDb,
    /// username per role, all in team A (worker, team lead) or organisation W&I (mdt, partner).
    pub users: BTreeMap<&'static str, String>,
    pub team_a: String,
    pub team_b: String,
    pub org: String,
}

pub fn username(role: Role) -> &'static str {
    match role {
        Role::Worker => "t.worker",
        Role::TeamLead => "t.teamlead",
        Role::MdtMember => "t.mdt",
        Role::Partner => "t.partner",
        Role::SignalSender => "t.sender",
        Role::Policy => "t.policy",
        Role::PrivacyOfficer => "t.privacy",
        Role::Admin => "t.admin",
        Role::HouseholdMember => "t.household",
    }
}

impl TestApp {
    pub async fn start(backend: Backend, config: Config) -> Option<TestApp> {
        let db = TestDb::new(backend).await?;
        let s = &db.store;
        let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
        let team_a = s.create_team(&tenant, "Team A", TeamKind::Social, &Area::parse("3500-3549").unwrap()).await.unwrap().id;
        let team_b = s.create_team(&tenant, "Team B", TeamKind::YouthFamily, &Area::parse("3550-3599").unwrap()).await.unwrap().id;
        let org = s.create_organisation(&tenant, "W&I Test", "work_and_income").await.unwrap().id;
        // One hash for all: Argon2id is slow on purpose.
        let hash = hash_password(PASSWORD);
        let mut users = BTreeMap::new();
        for role in Role::ALL {
            let name = username(role);
            let team = role.needs_team().then(|| team_a.clone());
            let organisation = role.needs_organisation().then(|| org.clone());
            let id = s
                .create_user(
                    &NewUser {
                        tenant_id: &tenant,
                        username: name,
                        display_name: name,
                        password_hash: &hash,
                        organisation_id: organisation.as_deref(),
                    },
                    &[RoleGrant { role, team_id: team }],
                )
                .await
                .unwrap();
            users.insert(name, id);
        }
        // A worker of the other team: must not see team A's households.
        let other = s
            .create_user(
                &NewUser {
                    tenant_id: &tenant,
                    username: "t.worker.b",
                    display_name: "t.worker.b",
                    password_hash: &hash,
                    organisation_id: None,
                },
                &[RoleGrant { role: Role::Worker, team_id: Some(team_b.clone()) }],
            )
            .await
            .unwrap();
        users.insert("t.worker.b", other);
        let state = AppState::load(db.store.clone(), config).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, eenplan_web::app(state).into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
        });
        Some(TestApp { base: format!("http://{addr}"), db, users, team_a, team_b, org })
    }

    pub fn browser(&self) -> Browser {
        Browser { base: self.base.clone(), cookies: BTreeMap::new(), client: client() }
    }

    /// A browser with a complete session for `role`, made directly in the store (no Argon2 per role).
    pub async fn session_for(&self, role: Role) -> Browser {
        self.session_of(username(role), role).await
    }

    pub async fn session_of(&self, user: &str, role: Role) -> Browser {
        let id = &self.users[user];
        let (token, _) = self.db.store.create_session(id, role, true, &eenplan_store::testing::test_audit("login")).await.unwrap();
        let mut b = self.browser();
        b.cookies.insert("eenplan_session".into(), token);
        b
    }

    pub async fn denied_count(&self) -> i64 {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied'").fetch_one(self.db.store.pool()).await.unwrap();
        n
    }

    pub async fn audit_count(&self, resource: &str, outcome: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE resource = $1 AND outcome = $2")
            .bind(resource)
            .bind(outcome)
            .fetch_one(self.db.store.pool())
            .await
            .unwrap();
        n
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub struct Browser {
    pub base: String,
    pub cookies: BTreeMap<String, String>,
    client: reqwest::Client,
}

pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    /// The value of the first hidden `csrf` field.
    pub fn csrf(&self) -> String {
        let (_, rest) = self.body.split_once("name=\"csrf\" value=\"").expect("page has a csrf field");
        rest.split('"').next().unwrap().to_string()
    }
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect()
    }
}

impl Browser {
    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    async fn finish(&mut self, res: reqwest::Response) -> Page {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        for c in headers.get_all("set-cookie") {
            let c = c.to_str().unwrap();
            let (kv, attrs) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = kv.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), v.to_string());
            }
        }
        let location = headers.get("location").map(|v| v.to_str().unwrap().to_string());
        Page { status, location, headers, body: res.text().await.unwrap() }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let res = self.client.get(format!("{}{path}", self.base)).header("cookie", self.cookie_header()).send().await.unwrap();
        self.finish(res).await
    }

    /// A download: the status and the body as bytes.
    pub async fn get_bytes(&mut self, path: &str) -> (u16, Vec<u8>) {
        let res = self.client.get(format!("{}{path}", self.base)).header("cookie", self.cookie_header()).send().await.unwrap();
        (res.status().as_u16(), res.bytes().await.unwrap().to_vec())
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let res = self.client.post(format!("{}{path}", self.base)).header("cookie", self.cookie_header()).form(form).send().await.unwrap();
        self.finish(res).await
    }

    /// Opens the login page and submits the form.
    pub async fn login(&mut self, username: &str, password: &str) -> Page {
        let csrf = self.get("/login").await.csrf();
        self.post("/login", &[("csrf", &csrf), ("username", username), ("password", password)]).await
    }
}

/// Runs one async test body on SQLite and on PostgreSQL with a fresh app.
#[macro_export]
macro_rules! app_test {
    ($name:ident, |$app:ident| $body:block) => {
        app_test!($name, eenplan_web::Config { totp_required: vec![], ..Default::default() }, |$app| $body);
    };
    ($name:ident, $config:expr, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $app = &$crate::common::TestApp::start(eenplan_store::Backend::Sqlite, $config).await.unwrap();
                $body
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(app) = $crate::common::TestApp::start(eenplan_store::Backend::Postgres, $config).await else { return };
                let $app = &app;
                $body
            }
        }
    };
}

impl TestApp {
    /// A household (with one member) in team A, as an intake, made directly in the store.
    pub async fn household_in_team_a(&self) -> String {
        let tenant = self.db.store.ensure_tenant("Gemeente Test").await.unwrap();
        let intake = eenplan_store::testing::sample_intake(&self.team_a);
        let worker = self.users[username(Role::Worker)].clone();
        self.db.store.register_intake(&tenant, &intake, &worker, &eenplan_store::testing::test_audit("intake")).await.unwrap().household_id
    }
}

/// A maatwerk request on the household, with a saving, shared with W&I (`app.org`) on a legal task
/// with the member's consent; returns its id.
pub async fn shared_request(app: &TestApp, household: &str, member: &str) -> String {
    use eenplan_domain::household::Law;
    use eenplan_domain::maatwerk::{MdtParty, SharingBasis, Triangle};
    use eenplan_store::exception_requests::{Party, RequestDraft};
    let s = &app.db.store;
    let audit = eenplan_store::testing::test_audit("request");
    let draft = RequestDraft {
        situation: "Schulden en een auto die nodig is voor de dialyse".into(),
        blocking_law: Law::Wgs,
        blocking_provision: "Eerst de auto verkopen".into(),
        blocking_organisation: "Schuldhulp".into(),
        proposal: "Schuldhulp met behoud van de auto".into(),
        triangle: Triangle {
            legal_ground: "Wgs art. 3".into(),
            discretion_used: "Maatwerk".into(),
            own_contribution: "Budgetbeheer".into(),
            net_benefit: Some(12_000.0),
            probability_positive: Some(0.9),
        },
        analysis: None,
        decide_by: None,
    };
    let worker = app.users[username(Role::Worker)].clone();
    let id = s.create_request(household, &draft, &worker, &audit).await.unwrap();
    let party = Party {
        organisation_id: app.org.clone(),
        party: MdtParty::WerkEnInkomen,
        basis: SharingBasis::LegalTask,
        consent_member_id: Some(member.to_string()),
        consent_withdrawn_at: None,
        decision: None,
        decided_by: None,
    };
    s.share_request(&id, 1, &[party], &audit).await.unwrap();
    id
}

/// The sample social map (`data/social-map/voorbeeld-hsds.json`) imported once, and `app.org` (the
/// organisation of the test partner user `t.partner`) linked to its `org-geldzorg`.
pub async fn geldzorg_on_social_map(app: &TestApp) {
    let s = &app.db.store;
    if s.service("svc-schuldhulp").await.unwrap().is_none() {
        let map = eenplan_domain::social_map::from_json(include_str!("../../../../data/social-map/voorbeeld-hsds.json")).unwrap();
        s.import_social_map(&map, &eenplan_store::testing::test_audit("import")).await.unwrap();
    }
    s.link_social_map(&app.org, Some("org-geldzorg")).await.unwrap();
}

/// A referral of the household to Geldzorg's debt counselling (`svc-schuldhulp`), sent by the team's
/// worker with the member's consent, so `t.partner` (linked by `geldzorg_on_social_map`) receives it.
pub async fn sent_referral(app: &TestApp, household: &str, member: &str) -> String {
    use eenplan_domain::referral::{By, MoveDetails, ReferralState, SharedItem};
    use eenplan_store::referrals::ReferralInput;
    geldzorg_on_social_map(app).await;
    let s = &app.db.store;
    let audit = eenplan_store::testing::test_audit("referral");
    let input = ReferralInput {
        reason: "Drie maanden huurachterstand; wil een betalingsregeling.".into(),
        shared: [SharedItem::ContactDetails, SharedItem::FinancesSummary].into(),
        basis: Some(eenplan_domain::maatwerk::SharingBasis::Consent),
        consent_member_id: Some(member.to_string()),
        urgency: eenplan_domain::household::Urgency::High,
        joint_appointment: false,
    };
    let worker = app.users[username(Role::Worker)].clone();
    let service = s.service("svc-schuldhulp").await.unwrap().unwrap();
    let id = s.create_referral(household, &service, &input, None, &worker, &audit).await.unwrap();
    s.move_referral(&id, 1, ReferralState::Sent, (By::Worker { user: &worker }, "t.worker"), &MoveDetails::none(), &audit).await.unwrap();
    id
}

/// A signal sender (a housing corporation) and one rent-arrears signal for an address in team A's
/// area, received through the store; returns the melding's id.
pub async fn melding_in_team_a(app: &TestApp) -> String {
    eenplan_store::testing::rent_arrears_melding(&app.db.store).await
}

/// A bottleneck tag (a shipped code) on a household, recorded by the test worker.
pub async fn tag_in(app: &TestApp, household: &str) -> String {
    let worker = &app.users[username(Role::Worker)];
    let tag = eenplan_store::patterns::NewTag {
        household_id: household.to_string(),
        subject: eenplan_store::patterns::TagSubject::Household,
        subject_id: None,
        bottleneck_code: eenplan_domain::patterns::taxonomy::builtin()[0].code.clone(),
        organisation: "Werk en Inkomen".into(),
        description: "De aanvraag liep vast.".into(),
        tagged_on: app.db.store.today(),
        by_user: worker.clone(),
        by_name: "t.worker".into(),
    };
    app.db.store.add_tag(&tag, &eenplan_store::testing::test_audit("tag")).await.unwrap()
}
