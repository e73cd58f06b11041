//! "Wie heeft mijn dossier bekeken?" (`/portaal/inzage`, issue 9): a household member sees, in plain
//! words, every access by other people to the data of their household that concerns them, from the
//! audit log (NEN 7513 practice, AVG art. 15). Reading this page is itself an audited access.

use crate::AppState;
use crate::error::{ErrorKind, WebError, WebResult};
use crate::i18n::Tr;
use crate::page::{Ctx, Page};
use crate::routes::authorize;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse};
use eenplan_domain::access::{Action, Purpose, Resource};
use eenplan_domain::audit::AuditRecord;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};

/// Accesses per page.
const PAGE_SIZE: i64 = 50;

#[derive(Deserialize)]
pub struct LogQuery {
    /// Keyset pagination: show accesses with a sequence number below this one.
    voor: Option<String>,
}

/// One access, in plain words.
pub struct AccessRow {
    pub at: String,
    /// The person's name; `None` when unknown or when the municipality shows roles only.
    pub who: Option<String>,
    pub role: String,
    pub did: String,
    pub why: String,
    pub break_glass: bool,
    pub reason: Option<String>,
}

#[derive(Template)]
#[template(path = "portal_log.html")]
struct PortalLogPage {
    page: Page,
    linked: bool,
    rows: Vec<AccessRow>,
    /// Whether this is a later page (`?voor=`), so an empty list says "no older accesses".
    paged: bool,
    older_href: Option<String>,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<LogQuery>) -> WebResult {
    let before = parse_before(q.voor.as_deref())?;
    let u = ctx.user();
    let (Some(household), Some(member)) = (u.user.household_id.as_deref(), u.user.member_id.as_deref()) else {
        return render(PortalLogPage { page: ctx.page("portal-log-title"), linked: false, rows: vec![], paged: false, older_href: None });
    };
    let facts = state.store.access_facts(household).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    authorize(&state, u, Action::List, Purpose::SelfAccess, &Resource::Household(facts)).await?;
    let records = state.store.accesses_of_member(household, member, &u.user.id, before, PAGE_SIZE).await?;
    let older_href = older_link(&records);
    let rows = describe(&state, ctx.tr, records).await?;
    let page = PortalLogPage { page: ctx.page("portal-log-title"), linked: true, rows, paged: before.is_some(), older_href };
    render(page)
}

fn render(page: PortalLogPage) -> WebResult {
    Ok(Html(page.render()?).into_response())
}

/// `?voor=` must be a positive sequence number; anything else is refused (422).
fn parse_before(voor: Option<&str>) -> WebResult<Option<i64>> {
    match voor.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse::<i64>().ok().filter(|seq| *seq > 0).map(Some).ok_or_else(|| WebError::new(ErrorKind::Validation)),
    }
}

/// The link to the next (older) page, when this page is full.
fn older_link(records: &[AuditRecord]) -> Option<String> {
    let last = records.last()?;
    (records.len() as i64 == PAGE_SIZE).then(|| format!("/portaal/inzage?voor={}", last.seq))
}

/// The records in plain words, with the names of people and organisations looked up once for the page.
async fn describe(state: &AppState, t: Tr, records: Vec<AuditRecord>) -> WebResult<Vec<AccessRow>> {
    let people = if state.config.portal_log_role_only {
        HashMap::new()
    } else {
        state.store.user_display_names(&distinct(records.iter().map(|r| r.draft.actor.as_str()))).await?
    };
    let organisations = state.store.organisation_names(&distinct(records.iter().filter_map(|r| r.draft.organisation.as_deref()))).await?;
    Ok(records
        .into_iter()
        .map(|r| {
            let d = r.draft;
            let organisation = d.organisation.as_ref().and_then(|id| organisations.get(id)).map(String::as_str);
            AccessRow {
                at: crate::pages::format_time(r.at),
                who: people.get(&d.actor).cloned(),
                role: role_text(t, &d.role, organisation),
                did: t.ta("portal-log-did", &[("what", &resource_text(t, &d.resource)), ("action", &action_text(t, &d.action))]),
                why: purpose_text(t, &d.purpose),
                break_glass: d.break_glass,
                reason: d.reason.filter(|_| d.break_glass),
            }
        })
        .collect())
}

fn distinct<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    ids.collect::<BTreeSet<_>>().into_iter().collect()
}

/// The role in plain words, with the organisation's name where the role has a text for it (a
/// missing text comes back as its key).
fn role_text(t: Tr, role: &str, organisation: Option<&str>) -> String {
    let with_organisation = format!("portal-log-role-{role}-org");
    organisation
        .map(|name| t.t1(&with_organisation, "org", name))
        .filter(|text| *text != with_organisation)
        .unwrap_or_else(|| coded_or(t, "portal-log-role", role, "portal-log-role-other"))
}

/// What was touched, in plain words. A resource without a text of its own takes the text of the
/// resource it belongs to (`exception_request_share` → `exception_request`), else "your file".
fn resource_text(t: Tr, resource: &str) -> String {
    let mut kind = resource;
    loop {
        let key = format!("portal-log-what-{kind}");
        if t.has(&key) {
            return t.t(&key);
        }
        match kind.rsplit_once('_') {
            Some((broader, _)) => kind = broader,
            None => return t.t("portal-log-what-household"),
        }
    }
}

fn action_text(t: Tr, action: &str) -> String {
    coded_or(t, "portal-log-action", action, "portal-log-action-other")
}

fn purpose_text(t: Tr, purpose: &str) -> String {
    coded_or(t, "portal-log-why", purpose, "portal-log-why-other")
}

/// The text of `prefix-code`, or of `fallback` when there is none.
fn coded_or(t: Tr, prefix: &str, code: &str, fallback: &str) -> String {
    let key = format!("{prefix}-{code}");
    if t.has(&key) { t.t(&key) } else { t.t(fallback) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    const NL: Tr = Tr { lang: Lang::Nl };

    #[test]
    fn before_must_be_a_positive_number() {
        assert_eq!(parse_before(None).unwrap(), None);
        assert_eq!(parse_before(Some("")).unwrap(), None);
        assert_eq!(parse_before(Some("42")).unwrap(), Some(42));
        assert!(parse_before(Some("abc")).is_err());
        assert!(parse_before(Some("-1")).is_err());
    }

    #[test]
    fn a_detailed_resource_falls_back_to_its_kind_and_then_to_the_file() {
        assert_eq!(resource_text(NL, "exception_request_share"), resource_text(NL, "exception_request"));
        assert_eq!(resource_text(NL, "plan_doel"), resource_text(NL, "plan"));
        assert_eq!(resource_text(NL, "something_new"), resource_text(NL, "household"));
        assert_ne!(resource_text(NL, "plan"), resource_text(NL, "household"));
    }

    #[test]
    fn roles_and_purposes_have_plain_words_in_both_languages() {
        for lang in Lang::ALL {
            let t = Tr::new(lang);
            for role in eenplan_domain::Role::ALL {
                assert!(t.has(&format!("portal-log-role-{}", role.as_str())), "{lang:?} misses role {}", role.as_str());
            }
            for purpose in ["support", "mdt_decision", "referral", "early_signal", "self_access", "supervision", "administration"] {
                assert!(t.has(&format!("portal-log-why-{purpose}")), "{lang:?} misses purpose {purpose}");
            }
            for action in ["list", "read", "create", "update", "delete"] {
                assert!(t.has(&format!("portal-log-action-{action}")), "{lang:?} misses action {action}");
            }
        }
        assert_eq!(role_text(NL, "mdt_member", Some("W&I")), "medewerker van W&I (MDT)");
        assert_eq!(role_text(NL, "worker", Some("W&I")), "medewerker van het buurtteam");
        assert_eq!(role_text(NL, "unknown", None), NL.t("portal-log-role-other"));
    }
}
