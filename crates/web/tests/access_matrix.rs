//! The role × route matrix: every route of the registry, called as every role, as an API key, and
//! anonymously. The expected allowed set is written out here by hand, so a change of a route's
//! permission (or a new route without an expectation) fails this test. Every refusal of a known
//! caller is in the audit log.

mod common;

use common::{PASSWORD, TestApp, username};
use eenplan_domain::Role;
use eenplan_web::routes::registry;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    /// A worker of team B (the household is in team A).
    OtherTeamWorker,
    Session(Role),
    Key(Role),
}

/// Who may use each route. `None` = everyone.
fn expected(method: &str, path: &str) -> Option<Vec<Who>> {
    use Who::*;
    let login_roles: Vec<Who> = Role::ALL.into_iter().filter(|r| r.may_log_in()).map(Session).chain([OtherTeamWorker]).collect();
    let keys = [Role::SignalSender, Role::Partner, Role::MdtMember].map(Key);
    let team = vec![Session(Role::Worker), Session(Role::TeamLead)];
    Some(match (method, path) {
        ("GET", "/healthz" | "/metrics" | "/static/eenplan.css" | "/taal/{lang}" | "/login" | "/api/v1/openapi.json") => return None,
        ("POST", "/login") => return None,
        // The one-time link of a portal invitation is for someone without an account yet.
        ("GET" | "POST", "/uitnodiging/{token}") => return None,
        ("POST", "/logout") | ("GET" | "POST", "/login/code" | "/account/tweestaps") => login_roles,
        ("GET", "/account" | "/") | ("POST", "/account/wachtwoord") => login_roles,
        // Any worker may register an intake and search (search shows only their own teams' households).
        ("GET", "/aanmelding" | "/zoeken") | ("POST", "/aanmelding") => team.into_iter().chain([OtherTeamWorker]).collect(),
        // The social map holds no personal data: any worker.
        ("GET", "/sociale-kaart" | "/sociale-kaart/{sid}") => team.into_iter().chain([OtherTeamWorker]).collect(),
        ("GET", "/huishoudens/{id}") => team,
        ("POST", "/huishoudens/{id}/leden" | "/huishoudens/{id}/tijdlijn" | "/huishoudens/{id}/betrokkenen") => team,
        ("POST", "/huishoudens/{id}/netwerk" | "/huishoudens/{id}/contactpersoon" | "/huishoudens/{id}/team") => team,
        ("POST", "/huishoudens/{id}/status" | "/huishoudens/{id}/adres" | "/huishoudens/{id}/leden/{member}") => team,
        ("GET", "/huishoudens/{id}/leden/{member}") | ("POST", "/huishoudens/{id}/leden/{member}/uitnodigen") => team,
        ("GET", "/huishoudens/{id}/leefgebieden" | "/huishoudens/{id}/leefgebieden/nieuw" | "/huishoudens/{id}/plan") => team,
        ("GET", "/huishoudens/{id}/plan.pdf" | "/huishoudens/{id}/plan/versies/{no}") => team,
        ("POST", "/huishoudens/{id}/leefgebieden" | "/huishoudens/{id}/plan/doelen" | "/huishoudens/{id}/plan/acties") => team,
        ("POST", "/huishoudens/{id}/plan/status" | "/huishoudens/{id}/plan/afspraken" | "/huishoudens/{id}/plan/wetten") => team,
        ("POST", "/huishoudens/{id}/plan/akkoord") => team,
        (
            "GET" | "POST",
            "/huishoudens/{id}/maatwerk" | "/huishoudens/{id}/maatwerk/{rid}" | "/huishoudens/{id}/maatwerk/{rid}/analyse",
        ) => team,
        (
            "POST",
            "/huishoudens/{id}/maatwerk/{rid}/delen" | "/huishoudens/{id}/maatwerk/{rid}/status" | "/huishoudens/{id}/maatwerk/{rid}/plan",
        ) => team,
        ("GET", "/huishoudens/{id}/maatwerk/{rid}/samenvatting" | "/huishoudens/{id}/maatwerk/{rid}/pdf") => team,
        // The MDT member's organisation (W&I) is a party of the request the matrix makes.
        ("GET", "/mdt" | "/mdt/verzoeken/{rid}" | "/mdt/verzoeken/{rid}/pdf") | ("POST", "/mdt/verzoeken/{rid}/besluit") => {
            vec![Session(Role::MdtMember)]
        }
        // Without `?household=` a team member gets a 422 (not a refusal); the request itself is refused.
        ("GET", "/api/v1/exception-requests") => team.into_iter().chain([Session(Role::MdtMember), OtherTeamWorker]).collect(),
        ("GET", "/api/v1/exception-requests/{rid}") => team.into_iter().chain([Session(Role::MdtMember)]).collect(),
        ("POST", "/api/v1/households/{id}/exception-requests") => team,
        ("GET", "/maatwerk/overzicht" | "/api/v1/exception-requests/totals") => vec![Session(Role::Policy), Session(Role::TeamLead)],
        // Early signals in numbers (no personal data): policy makers and team leads.
        ("GET", "/vroegsignalering/overzicht" | "/api/v1/signals/statistics") => vec![Session(Role::Policy), Session(Role::TeamLead)],
        // Bottleneck tags are part of the household file: its team.
        ("GET" | "POST", "/huishoudens/{id}/knelpunten") | ("GET", "/huishoudens/{id}/knelpunten/{tid}") => team,
        ("POST", "/huishoudens/{id}/knelpunten/{tid}/delen" | "/huishoudens/{id}/knelpunten/{tid}/verwijderen") => team,
        // Patterns in numbers (no personal data): policy makers and team leads; improvements are policy's.
        ("GET", "/patronen" | "/patronen/verslag" | "/patronen/export.csv" | "/api/v1/patterns") => {
            vec![Session(Role::Policy), Session(Role::TeamLead)]
        }
        ("POST", "/patronen/verbeteringen" | "/patronen/verbeteringen/{iid}") => vec![Session(Role::Policy)],
        ("POST", "/api/v1/exception-requests/{rid}/decision") => vec![Session(Role::MdtMember)],
        // Referrals and screenings over the API: the household's team; one referral also for the partner
        // organisation it was sent to (the matrix's referral went to the partner's organisation).
        ("GET" | "POST", "/api/v1/households/{id}/referrals" | "/api/v1/households/{id}/screenings") => team,
        ("GET", "/api/v1/referrals/{vid}") | ("POST", "/api/v1/referrals/{vid}/moves") => {
            team.into_iter().chain([Session(Role::Partner)]).collect()
        }
        ("GET", "/api/v1/partner/referrals") => vec![Session(Role::Partner)],
        ("GET", "/api/v1/referrals/statistics" | "/verwijzingen/statistiek") => vec![Session(Role::Policy), Session(Role::TeamLead)],
        // The financial screening, referrals and consultations of a household: its team.
        ("GET" | "POST", "/huishoudens/{id}/financien" | "/huishoudens/{id}/verwijzingen") => team,
        ("GET", "/huishoudens/{id}/financien/{fid}" | "/huishoudens/{id}/verwijzingen/{vid}" | "/huishoudens/{id}/consulten/{cid}") => team,
        ("POST", "/huishoudens/{id}/financien/{fid}/suggesties" | "/huishoudens/{id}/verwijzingen/{vid}") => team,
        ("POST", "/huishoudens/{id}/verwijzingen/{vid}/status" | "/huishoudens/{id}/consulten" | "/huishoudens/{id}/consulten/{cid}") => {
            team
        }
        // The partner organisation the matrix's referral was sent to.
        ("GET", "/partner" | "/partner/verwijzingen/{vid}" | "/partner/consulten/{cid}") => vec![Session(Role::Partner)],
        ("POST", "/partner/verwijzingen/{vid}/status" | "/partner/consulten/{cid}") => vec![Session(Role::Partner)],
        // Early signals: the queue shows the caller's own teams; a melding only to the team of its postcode.
        ("GET", "/vroegsignalering") => team.into_iter().chain([OtherTeamWorker]).collect(),
        ("GET", "/vroegsignalering/{mid}") => team,
        ("POST", "/vroegsignalering/{mid}/toewijzen" | "/vroegsignalering/{mid}/contactpoging" | "/vroegsignalering/{mid}/afsluiten") => {
            team
        }
        // Sending a melding to another team is for the team lead.
        ("POST", "/vroegsignalering/{mid}/team") => vec![Session(Role::TeamLead)],
        // Signal senders deliver with their key and read the statutory feedback.
        ("POST", "/api/v1/signals") | ("GET", "/api/v1/signals/feedback") => vec![Key(Role::SignalSender)],
        // Breaking the glass is for workers outside the household's teams (with a reason).
        ("POST", "/huishoudens/{id}/noodtoegang") => team.into_iter().chain([OtherTeamWorker]).collect(),
        ("GET", "/triage" | "/team" | "/team/overzicht") | ("POST", "/team/overdragen" | "/team/beschikbaar") => {
            vec![Session(Role::TeamLead)]
        }
        ("GET", "/beheer") => vec![Session(Role::Admin)],
        ("GET" | "POST", "/beheer/kostprijzen" | "/beheer/kostprijzen/{code}") => vec![Session(Role::Admin)],
        ("GET" | "POST", "/beheer/knelpunten" | "/beheer/knelpunten/{code}") => vec![Session(Role::Admin)],
        // The administrator checks partners' proposals for the social map and links organisations to it.
        ("GET", "/beheer/sociale-kaart") => vec![Session(Role::Admin)],
        ("POST", "/beheer/sociale-kaart/voorstellen/{pid}/goedkeuren" | "/beheer/sociale-kaart/voorstellen/{pid}/afwijzen") => {
            vec![Session(Role::Admin)]
        }
        ("POST", "/beheer/sociale-kaart/koppelingen") => vec![Session(Role::Admin)],
        // A partner keeps its own listing on the social map (the matrix's service does not exist: 404).
        ("GET", "/partner/aanbod" | "/partner/aanbod/{sid}") | ("POST", "/partner/aanbod/{sid}") => vec![Session(Role::Partner)],
        ("GET", "/logboek") => vec![Session(Role::PrivacyOfficer)],
        ("GET", "/portaal" | "/portaal/inzage" | "/portaal/toestemming" | "/portaal/mijn-gegevens" | "/portaal/mijn-gegevens.json")
        | ("POST", "/portaal/akkoord" | "/portaal/bericht") => {
            vec![Session(Role::HouseholdMember)]
        }
        // The matrix's household member has no consent to withdraw: not found, after the policy allowed it.
        ("POST", "/portaal/toestemming/intrekken") => vec![Session(Role::HouseholdMember)],
        // The social map holds no personal data: every caller that logs in or has a key reads it.
        ("GET", "/api/v1/me" | "/api/v1/services" | "/api/v1/services/{sid}" | "/api/v1/hsds/" | "/api/v1/hsds/export") => {
            login_roles.into_iter().chain(keys).collect()
        }
        ("GET", "/api/v1/households") => team.into_iter().chain([OtherTeamWorker]).collect(),
        // The catalogue and the stateless engine hold no personal data.
        ("GET" | "POST", "/kosten-baten") => {
            vec![Session(Role::Worker), Session(Role::TeamLead), Session(Role::MdtMember), Session(Role::Policy), OtherTeamWorker]
        }
        ("GET", "/api/v1/unit-costs") | ("POST", "/api/v1/cost-benefit/evaluate") => {
            let mut costs =
                vec![Session(Role::Worker), Session(Role::TeamLead), Session(Role::MdtMember), Session(Role::Policy), OtherTeamWorker];
            costs.push(Key(Role::MdtMember));
            costs
        }
        ("GET", "/api/v1/households/{id}" | "/api/v1/households/{id}/members" | "/api/v1/households/{id}/timeline") => team,
        ("POST", "/api/v1/households/{id}/members" | "/api/v1/households/{id}/timeline") => team,
        ("PUT", "/api/v1/households/{id}/members/{member}" | "/api/v1/households/{id}/plan") => team,
        ("GET", "/api/v1/households/{id}/assessments" | "/api/v1/households/{id}/plan") => team,
        ("GET", "/api/v1/households/{id}/plan/versions" | "/api/v1/households/{id}/plan/versions/{no}") => team,
        ("POST", "/api/v1/households/{id}/assessments" | "/api/v1/households/{id}/plan/agreement") => team,
        _ => panic!("route {method} {path} has no expectation in the access matrix: add it"),
    })
}

fn callers() -> Vec<Who> {
    let mut v = vec![Who::Anonymous, Who::OtherTeamWorker];
    v.extend(Role::ALL.into_iter().filter(|r| r.may_log_in()).map(Who::Session));
    v.extend([Role::SignalSender, Role::Partner, Role::MdtMember].map(Who::Key));
    v
}

/// A refusal: 401/403, or being sent to log in.
fn denied(status: u16, location: Option<&str>) -> bool {
    status == 401 || status == 403 || matches!(location, Some("/login") | Some("/login?verlopen=1"))
}

async fn run_matrix(app: &TestApp) {
    let mut keys = std::collections::BTreeMap::new();
    for role in [Role::SignalSender, Role::Partner, Role::MdtMember] {
        keys.insert(role, app.db.store.create_api_key(&app.org, role, "matrix").await.unwrap().0);
    }
    let household = app.household_in_team_a().await;
    let member = app.db.store.members(&household).await.unwrap().remove(0).id;
    let request = common::shared_request(app, &household, &member).await;
    let referral = common::sent_referral(app, &household, &member).await;
    let melding = common::melding_in_team_a(app).await;
    let tag = common::tag_in(app, &household).await;
    let client = common::client();
    let mut failures = Vec::new();
    let mut forbidden = 0;
    for spec in registry() {
        let allowed = expected(spec.method, spec.path);
        let path = spec
            .path
            .replace("{lang}", "nl")
            .replace("{id}", &household)
            .replace("{member}", &member)
            .replace("{no}", "1")
            .replace("{code}", "bijstand_alleenstaande")
            .replace("{rid}", &request)
            .replace("{vid}", &referral)
            .replace("{mid}", &melding)
            .replace("{sid}", "svc-none")
            .replace("{pid}", "proposal-none")
            .replace("{tid}", &tag)
            .replace("{iid}", "improvement-none");
        for who in callers() {
            let mut req = match spec.method {
                "GET" => client.get(format!("{}{path}", app.base)),
                "POST" => client.post(format!("{}{path}", app.base)),
                "PUT" => client.put(format!("{}{path}", app.base)),
                m => panic!("method {m}"),
            };
            match who {
                Who::Anonymous => {}
                Who::Session(_) | Who::OtherTeamWorker => {
                    let b = match who {
                        Who::Session(role) => app.session_for(role).await,
                        _ => app.session_of("t.worker.b", Role::Worker).await,
                    };
                    let token = &b.cookies["eenplan_session"];
                    let session = app.db.store.session(token).await.unwrap().unwrap();
                    req = req.header("cookie", format!("eenplan_session={token}")).header("x-csrf-token", &session.csrf_token);
                    req = if spec.path.starts_with("/api/") {
                        req.json(&serde_json::json!({}))
                    } else {
                        req.form(&[("csrf", session.csrf_token.as_str())])
                    };
                }
                Who::Key(role) => req = req.bearer_auth(&keys[&role]),
            }
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_string());
            let was_denied = denied(status, location.as_deref());
            let should_allow = allowed.as_ref().is_none_or(|set| set.contains(&who));
            if was_denied == should_allow {
                failures.push(format!(
                    "{} {} as {who:?}: status {status} {location:?}, expected {}",
                    spec.method,
                    spec.path,
                    if should_allow { "allowed" } else { "denied" }
                ));
            }
            if status == 403 {
                forbidden += 1;
            }
        }
    }
    assert!(failures.is_empty(), "access matrix mismatches:\n{}", failures.join("\n"));
    assert!(forbidden > 0);
    // Besides the refusals (403), the matrix's empty forms make two kinds of audited denials that
    // are answered with a form error (422): a wrong login code, a too short break-the-glass reason;
    // and its made-up invitation token is an audited unknown link (410).
    let (form_denials,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND reason IN ('wrong_code', 'break_glass_reason_too_short', 'invitation_unknown')",
    )
    .fetch_one(app.db.store.pool())
    .await
    .unwrap();
    assert_eq!(app.denied_count().await - form_denials, forbidden, "every refusal of a known caller is audited");
}

app_test!(role_route_matrix, |app| {
    run_matrix(app).await;
});

#[test]
fn every_route_has_an_expectation_and_is_registered_once() {
    let mut seen = BTreeSet::new();
    for spec in registry() {
        let _ = expected(spec.method, spec.path);
        assert!(seen.insert((spec.method, spec.path)), "{} {} registered twice", spec.method, spec.path);
    }
}

app_test!(a_worker_of_the_team_logs_in_with_the_shared_password, |app| {
    // The matrix uses sessions made in the store; this proves those equal real logins.
    let mut b = app.browser();
    assert_eq!(b.login(username(Role::TeamLead), PASSWORD).await.location.as_deref(), Some("/"));
});
