//! The social map for workers (`/sociale-kaart`): find a service by need, the household's postcode,
//! language and words, and read how to refer to it. No personal data; the same search as the HSDS API.

use crate::AppState;
use crate::api_services::{ParamError, ServicesQuery, find, parse_query};
use crate::error::{ErrorKind, WebError, WebResult};
use crate::forms::FormState;
use crate::households::Opt;
use crate::i18n::Tr;
use crate::page::{Ctx, Page};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use eenplan_domain::social_map::{Service, TaxonomyCode};

/// A service as the pages show it.
pub struct ServiceView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub how_to_refer: String,
    pub eligibility: String,
    pub fees: String,
    pub wait: String,
    pub answer_days: String,
    pub areas: String,
    pub languages: String,
    pub needs: Vec<String>,
    pub contacts: Vec<String>,
    pub hours: Vec<String>,
    pub status: String,
}

fn term_label(tr: Tr, t: TaxonomyCode) -> String {
    match t {
        TaxonomyCode::Domain(d) => tr.code("domain", d.code()),
        other => tr.t(&format!("taxonomy-{}-{}", other.scheme(), other.code())),
    }
}

fn view(tr: Tr, s: &Service) -> ServiceView {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    ServiceView {
        id: s.id.clone(),
        name: s.name.clone(),
        description: text(&s.description),
        how_to_refer: text(&s.application_process),
        eligibility: text(&s.eligibility_description),
        fees: text(&s.fees_description),
        wait: s.wait_time_days.map(|d| tr.t1("sm-wait-days", "days", &d.to_string())).unwrap_or_default(),
        answer_days: tr.t1("sm-answer-days", "days", &s.answer_days().to_string()),
        areas: s.service_areas.as_ref().map(|a| a.to_string()).unwrap_or_else(|| tr.t("sm-everywhere")),
        languages: s.languages.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", "),
        needs: s.taxonomy.iter().map(|t| term_label(tr, *t)).collect(),
        contacts: s
            .contacts
            .iter()
            .map(|c| [&c.name, &c.title, &c.phone, &c.email].into_iter().flatten().cloned().collect::<Vec<_>>().join(" · "))
            .collect(),
        hours: s.schedules.iter().map(|h| format!("{} {}–{}", tr.code("weekday", h.weekday.code()), h.opens_at, h.closes_at)).collect(),
        status: tr.t(&format!("service-status-{}", s.status.code().replace(' ', "_"))),
    }
}

#[derive(Template)]
#[template(path = "social_map.html")]
struct SearchPage {
    page: Page,
    needs: Vec<Opt>,
    f: FormState,
    searched: bool,
    found: String,
    results: Vec<ServiceView>,
}

pub async fn search_page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ServicesQuery>) -> WebResult {
    let tr = ctx.tr;
    let pairs: Vec<(String, String)> = [("need", &q.need), ("postcode", &q.postcode), ("language", &q.language), ("q", &q.q)]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_string(), v.clone())))
        .collect();
    let searched = !pairs.is_empty();
    let mut f = FormState::new("kaart", &pairs);
    let (results, status) = match parse_query(&q) {
        Ok(query) if searched => (find(&state, &query).await?.iter().map(|s| view(tr, s)).collect(), StatusCode::OK),
        Ok(_) => (Vec::new(), StatusCode::OK),
        Err(errors) => {
            for e in errors {
                let key = match e {
                    ParamError::Need => "err-sm-need",
                    ParamError::Postcode => "err-postcode",
                    ParamError::Language => "err-sm-language",
                };
                f.errors.insert(e.field().into(), tr.t(key));
            }
            (Vec::new(), StatusCode::UNPROCESSABLE_ENTITY)
        }
    };
    let page = SearchPage {
        page: ctx.page("sm-title"),
        needs: TaxonomyCode::all().into_iter().map(|t| Opt { code: t.to_string(), label: term_label(tr, t) }).collect(),
        f,
        searched,
        found: tr.t1("sm-found", "n", &results.len().to_string()),
        results,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Template)]
#[template(path = "service.html")]
struct ServicePage {
    page: Page,
    s: ServiceView,
}

pub async fn service_page(State(state): State<AppState>, ctx: Ctx, Path(sid): Path<String>) -> WebResult {
    let s = state.store.service(&sid).await?.ok_or_else(|| WebError::new(ErrorKind::NotFound))?;
    let page = ServicePage { page: ctx.page("sm-service-title"), s: view(ctx.tr, &s) };
    Ok(Html(page.render()?).into_response())
}
