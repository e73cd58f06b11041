//! Finding services for a household's need: by taxonomy term (a life domain is `domain:<code>`), by
//! postcode area, by language and by free text, diacritics-insensitive. Pure, over a slice.

use super::{LanguageCode, Service, ServiceStatus, TaxonomyCode};
use crate::names::fold;

/// What to look for; every field that is set must match. The default finds every active service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// A taxonomy term the service must carry (`TaxonomyCode::from(LifeDomain::Housing)`).
    pub need: Option<TaxonomyCode>,
    /// The household's PC4 area; services without a service area match any.
    pub pc4: Option<u16>,
    pub language: Option<LanguageCode>,
    /// Words that must each occur in the service's name, description, eligibility, how to refer or
    /// its taxonomy terms (codes or Dutch names).
    pub text: String,
    /// Also inactive, defunct and temporarily closed services.
    pub include_inactive: bool,
}

fn query_words(text: &str) -> Vec<String> {
    fold(text).split_whitespace().map(str::to_string).collect()
}

fn taxonomy_text(service: &Service) -> String {
    let terms: Vec<String> = service.taxonomy.iter().map(|t| format!("{} {} {}", t, t.code().replace('_', " "), t.label_nl())).collect();
    fold(&terms.join(" "))
}

fn haystack(service: &Service) -> String {
    let parts = [
        Some(service.name.as_str()),
        service.description.as_deref(),
        service.eligibility_description.as_deref(),
        service.application_process.as_deref(),
    ];
    let text: Vec<&str> = parts.into_iter().flatten().collect();
    format!("{} {}", fold(&text.join(" ")), taxonomy_text(service))
}

fn matches_words(service: &Service, words: &[String]) -> bool {
    if words.is_empty() {
        return true;
    }
    let hay = haystack(service);
    words.iter().all(|w| hay.contains(w.as_str()))
}

/// Whether a service answers the query.
pub fn matches(service: &Service, query: &Query) -> bool {
    (query.include_inactive || service.status == ServiceStatus::Active)
        && query.need.is_none_or(|need| service.taxonomy.contains(&need))
        && query.pc4.is_none_or(|pc4| service.serves(pc4))
        && query.language.as_ref().is_none_or(|l| service.languages.contains(l))
        && matches_words(service, &query_words(&query.text))
}

/// The services that answer the query, best first: a free-text word that hits a taxonomy term ranks
/// first, then all words in the name, then the rest; ties by name (diacritics folded) and id.
pub fn search<'a>(services: &'a [Service], query: &Query) -> Vec<&'a Service> {
    let words = query_words(&query.text);
    let mut hits: Vec<((bool, bool, String), &Service)> = services
        .iter()
        .filter(|s| matches(s, query))
        .map(|s| {
            let taxonomy = taxonomy_text(s);
            let name = fold(&s.name);
            let taxonomy_hit = words.iter().any(|w| taxonomy.contains(w.as_str()));
            let name_hit = !words.is_empty() && words.iter().all(|w| name.contains(w.as_str()));
            ((!taxonomy_hit, !name_hit, name), s)
        })
        .collect();
    hits.sort_by(|(a, sa), (b, sb)| a.cmp(b).then_with(|| sa.id.cmp(&sb.id)));
    hits.into_iter().map(|(_, s)| s).collect()
}
