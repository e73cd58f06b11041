//! Partners keep their own listing on the social map up to date; an administrator checks each change
//! before it is shown to workers.
//!
//! A partner (a user of a directory organisation linked to a social-map organisation) proposes a
//! service record: a change to one of its own organisation's services, or a new service. The rules:
//!
//! - the proposed record is read and checked exactly as an import reads and checks a file
//!   ([`super::from_json`]: taxonomy codes, ISO 639-1 languages, PC4 ranges, a required name, e-mail
//!   addresses, …); the problems come back per field ([`check`]);
//! - a partner proposes only for services of its own social-map organisation ([`may_propose`]);
//! - the administrator sees what changes, field by field ([`diff`]);
//! - a proposal is pending until an administrator approves or rejects it, a rejection with a reason;
//!   nothing else ([`TRANSITIONS`], [`decide`]).

use serde_json::{Map, Value};

use super::{ImportError, Organization, Problem, Service, validate};
use crate::code_enum;

code_enum!(
    /// Where a proposal stands.
    ProposalState { Pending = "pending", Approved = "approved", Rejected = "rejected" }
);

/// The only state changes there are: a pending proposal is approved or rejected, once.
pub const TRANSITIONS: &[(ProposalState, ProposalState)] =
    &[(ProposalState::Pending, ProposalState::Approved), (ProposalState::Pending, ProposalState::Rejected)];

/// Whether the state table allows `from` → `to`.
pub fn allowed(from: ProposalState, to: ProposalState) -> bool {
    TRANSITIONS.contains(&(from, to))
}

/// What an administrator decides on a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Approve,
    /// Rejected, with the reason the partner reads.
    Reject {
        reason: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecideError {
    #[error("the proposal was already decided ({0:?})")]
    NotPending(ProposalState),
    #[error("a rejection needs a reason")]
    ReasonRequired,
}

/// The state a verdict moves a proposal in `state` to, by [`TRANSITIONS`].
pub fn decide(state: ProposalState, verdict: &Verdict) -> Result<ProposalState, DecideError> {
    let to = match verdict {
        Verdict::Approve => ProposalState::Approved,
        Verdict::Reject { reason } if reason.trim().is_empty() => return Err(DecideError::ReasonRequired),
        Verdict::Reject { .. } => ProposalState::Rejected,
    };
    if allowed(state, to) { Ok(to) } else { Err(DecideError::NotPending(state)) }
}

/// Why a partner may not propose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The partner's organisation is not linked to an organisation on the social map.
    #[error("the organisation is not linked to the social map")]
    NotLinked,
    /// The service belongs to another organisation.
    #[error("the service belongs to another organisation")]
    NotOwnService,
}

/// Whether a partner whose organisation is linked to `own` (a social-map organisation id) may propose
/// for `service` (`None`: a new service, which is then its own organisation's).
pub fn may_propose(own: Option<&str>, service: Option<&Service>) -> Result<(), Refusal> {
    let own = own.filter(|o| !o.trim().is_empty()).ok_or(Refusal::NotLinked)?;
    match service {
        Some(s) if s.organization_id != own => Err(Refusal::NotOwnService),
        _ => Ok(()),
    }
}

/// A service as a partner types it: every field as text (as the form sends it). Languages and
/// taxonomy terms are separated by commas, semicolons or spaces; service areas are PC4 ranges as
/// `3500-3549, 3560` (empty: every postcode).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub name: String,
    pub description: String,
    pub status: String,
    pub phone: String,
    pub email: String,
    pub url: String,
    pub application_process: String,
    pub eligibility_description: String,
    pub fees_description: String,
    pub wait_time_days: String,
    pub capacity_note: String,
    pub referral_answer_days: String,
    pub languages: String,
    pub service_areas: String,
    pub taxonomy: String,
}

/// The fields a partner maintains, in form order (the names of the HSDS columns).
pub const FIELDS: &[&str] = &[
    "name",
    "description",
    "status",
    "phone",
    "email",
    "url",
    "application_process",
    "eligibility_description",
    "fees_description",
    "wait_time_days",
    "capacity_note",
    "referral_answer_days",
    "languages",
    "service_areas",
    "taxonomy",
];

impl Draft {
    /// The typed text of one of [`FIELDS`].
    pub fn get(&self, field: &str) -> &str {
        match field {
            "name" => &self.name,
            "description" => &self.description,
            "status" => &self.status,
            "phone" => &self.phone,
            "email" => &self.email,
            "url" => &self.url,
            "application_process" => &self.application_process,
            "eligibility_description" => &self.eligibility_description,
            "fees_description" => &self.fees_description,
            "wait_time_days" => &self.wait_time_days,
            "capacity_note" => &self.capacity_note,
            "referral_answer_days" => &self.referral_answer_days,
            "languages" => &self.languages,
            "service_areas" => &self.service_areas,
            "taxonomy" => &self.taxonomy,
            _ => "",
        }
    }

    /// A draft from `(field, text)` pairs (a form); unknown fields are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Draft {
        let mut d = Draft::default();
        for (k, v) in pairs {
            let slot = match k {
                "name" => &mut d.name,
                "description" => &mut d.description,
                "status" => &mut d.status,
                "phone" => &mut d.phone,
                "email" => &mut d.email,
                "url" => &mut d.url,
                "application_process" => &mut d.application_process,
                "eligibility_description" => &mut d.eligibility_description,
                "fees_description" => &mut d.fees_description,
                "wait_time_days" => &mut d.wait_time_days,
                "capacity_note" => &mut d.capacity_note,
                "referral_answer_days" => &mut d.referral_answer_days,
                "languages" => &mut d.languages,
                "service_areas" => &mut d.service_areas,
                "taxonomy" => &mut d.taxonomy,
                _ => continue,
            };
            *slot = v.to_string();
        }
        d
    }
}

/// The text of one field of a service, as [`Draft`] and [`diff`] write it.
pub fn field_text(s: &Service, field: &str) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let number = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    let join = |items: Vec<String>| items.join(", ");
    match field {
        "name" => s.name.clone(),
        "description" => text(&s.description),
        "status" => s.status.code().to_string(),
        "phone" => text(&s.phone),
        "email" => text(&s.email),
        "url" => text(&s.url),
        "application_process" => text(&s.application_process),
        "eligibility_description" => text(&s.eligibility_description),
        "fees_description" => text(&s.fees_description),
        "wait_time_days" => number(s.wait_time_days),
        "capacity_note" => text(&s.capacity_note),
        "referral_answer_days" => number(s.referral_answer_days),
        "languages" => join(s.languages.iter().map(ToString::to_string).collect()),
        "service_areas" => s.service_areas.as_ref().map(|a| a.to_string().replace(',', ", ")).unwrap_or_default(),
        "taxonomy" => join(s.taxonomy.iter().map(ToString::to_string).collect()),
        _ => String::new(),
    }
}

/// A stored service as the form's starting values.
pub fn draft_of(s: &Service) -> Draft {
    let texts: Vec<(&str, String)> = FIELDS.iter().map(|f| (*f, field_text(s, f))).collect();
    Draft::from_pairs(texts.iter().map(|(k, v)| (*k, v.as_str())))
}

/// Splits a typed list on commas, semicolons and white space.
fn items(s: &str) -> Vec<Value> {
    s.split([',', ';', ' ', '\t', '\n', '\r']).map(str::trim).filter(|i| !i.is_empty()).map(|i| Value::from(i.to_string())).collect()
}

/// What is wrong with one field of a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// One of [`FIELDS`].
    pub field: String,
    pub problem: Problem,
}

/// Reads and checks a proposed service of `org` with id `service_id`, by the import's own reader and
/// rules. Contacts and opening hours are not part of the form: those of `current` (the service as
/// stored, if any) are kept. Returns the service record, or every problem with its field.
pub fn check(org: &Organization, service_id: &str, current: Option<&Service>, draft: &Draft) -> Result<Service, Vec<FieldProblem>> {
    let mut obj = Map::new();
    obj.insert("id".into(), Value::from(service_id.to_string()));
    obj.insert("organization_id".into(), Value::from(org.id.clone()));
    for field in FIELDS {
        let raw = draft.get(field).trim();
        let value = match *field {
            "languages" | "taxonomy" => Value::Array(items(raw)),
            // Read as one comma-separated list of ranges (the reader joins list items with commas).
            "service_areas" => Value::from(raw.replace(';', ",")),
            _ => Value::from(raw.to_string()),
        };
        obj.insert(field.to_string(), value);
    }
    let org_json = serde_json::to_value(org).expect("an organisation serialises");
    let doc = Value::Object(Map::from_iter([
        ("organizations".to_string(), Value::Array(vec![org_json])),
        ("services".to_string(), Value::Array(vec![Value::Object(obj)])),
    ]));
    let to_problems = |errors: Vec<ImportError>| -> Vec<FieldProblem> {
        errors
            .into_iter()
            .map(|e| match e {
                ImportError::Record { field, problem, .. } => FieldProblem { field, problem },
                // The document is built here, so it always parses; kept for completeness.
                ImportError::Syntax { message, .. } => FieldProblem { field: String::new(), problem: Problem::BadArea(message) },
            })
            .collect()
    };
    let mut dataset = super::from_json(&doc.to_string()).map_err(to_problems)?;
    let mut service = dataset.services.pop().expect("one service was given");
    if let Some(c) = current {
        service.contacts = c.contacts.clone();
        service.schedules = c.schedules.clone();
    }
    validate_service(org, &service)?;
    Ok(service)
}

/// Checks a whole service record of `org` by the import's rules (again before it is applied).
pub fn validate_service(org: &Organization, service: &Service) -> Result<(), Vec<FieldProblem>> {
    let dataset = super::Dataset { organizations: vec![org.clone()], services: vec![service.clone()], ..Default::default() };
    validate(&dataset).map_err(|errors| {
        errors
            .into_iter()
            .filter_map(|e| match e {
                ImportError::Record { field, problem, .. } => Some(FieldProblem { field, problem }),
                ImportError::Syntax { .. } => None,
            })
            .collect()
    })
}

/// One changed field: its name (one of [`FIELDS`]) and the text before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// The fields `proposed` changes of `current` (`None`: a new service, every filled-in field).
pub fn diff(current: Option<&Service>, proposed: &Service) -> Vec<Change> {
    FIELDS
        .iter()
        .filter_map(|field| {
            let old = current.map(|c| field_text(c, field)).unwrap_or_default();
            let new = field_text(proposed, field);
            // A new service's status is always a choice: list it even when it equals the default.
            let changed = old != new || (current.is_none() && *field == "status");
            changed.then_some(Change { field, old, new })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::social_map::{LanguageCode, ServiceStatus, TaxonomyCode, from_json};
    use crate::team::Area;
    use proptest::prelude::*;

    const SAMPLE: &str = include_str!("../../../../data/social-map/voorbeeld-hsds.json");

    fn sample() -> super::super::Dataset {
        from_json(SAMPLE).unwrap()
    }

    fn org() -> Organization {
        sample().organizations.into_iter().find(|o| o.id == "org-geldzorg").unwrap()
    }

    fn debt() -> Service {
        sample().services.into_iter().find(|s| s.id == "svc-schuldhulp").unwrap()
    }

    fn fields(problems: &[FieldProblem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    #[test]
    fn an_unchanged_form_gives_back_the_stored_service() {
        for s in sample().services {
            let d = sample();
            let org = d.organizations.iter().find(|o| o.id == s.organization_id).unwrap();
            assert_eq!(check(org, &s.id, Some(&s), &draft_of(&s)), Ok(s.clone()));
            assert!(diff(Some(&s), &s).is_empty());
        }
    }

    #[test]
    fn the_import_rules_apply_per_field() {
        let s = debt();
        let mut d = draft_of(&s);
        d.name = "  ".into();
        d.languages = "nl, xx".into();
        d.service_areas = "3500-3549, 35".into();
        d.taxonomy = "domain:finances kind:nope".into();
        d.email = "geen-adres".into();
        d.wait_time_days = "twee weken".into();
        d.status = "open".into();
        let problems = check(&org(), &s.id, Some(&s), &d).unwrap_err();
        let mut got = fields(&problems);
        got.sort();
        got.dedup();
        assert_eq!(got, ["email", "languages", "name", "service_areas", "status", "taxonomy", "wait_time_days"]);
        assert!(problems.contains(&FieldProblem { field: "languages".into(), problem: Problem::BadLanguage("xx".into()) }));
        assert!(problems.contains(&FieldProblem { field: "name".into(), problem: Problem::Required }));
        let backwards = Draft { service_areas: "3549-3500".into(), ..d.clone() };
        let p = check(&org(), &s.id, Some(&s), &backwards).unwrap_err();
        assert!(p.iter().any(|p| p.field == "service_areas" && matches!(p.problem, Problem::BadArea(_))));
    }

    #[test]
    fn typed_lists_are_read_leniently_and_contacts_are_kept() {
        let s = debt();
        let mut d = draft_of(&s);
        d.languages = "NL;en  ar".into();
        d.service_areas = "3500-3549;3560, 3570".into();
        d.wait_time_days = "".into();
        let got = check(&org(), &s.id, Some(&s), &d).unwrap();
        assert_eq!(got.languages, ["nl", "en", "ar"].map(|l| LanguageCode::parse(l).unwrap()));
        assert_eq!(got.service_areas, Some(Area::parse("3500-3549,3560,3570").unwrap()));
        assert_eq!(got.wait_time_days, None);
        assert_eq!((got.contacts, got.schedules), (s.contacts.clone(), s.schedules.clone()));
        let changes = diff(Some(&s), &check(&org(), &s.id, Some(&s), &d).unwrap());
        let names: Vec<&str> = changes.iter().map(|c| c.field).collect();
        assert_eq!(names, ["wait_time_days", "languages", "service_areas"]);
        assert_eq!(changes[0], Change { field: "wait_time_days", old: "14".into(), new: String::new() });
    }

    #[test]
    fn a_new_service_lists_every_filled_in_field() {
        let d = Draft { name: "Formulierenhulp".into(), status: "active".into(), taxonomy: "domain:finances".into(), ..Draft::default() };
        let s = check(&org(), "svc-nieuw", None, &d).unwrap();
        assert_eq!(
            (s.organization_id.as_str(), s.status, s.taxonomy.clone()),
            ("org-geldzorg", ServiceStatus::Active, vec![TaxonomyCode::parse("domain:finances").unwrap()])
        );
        let names: Vec<&str> = diff(None, &s).iter().map(|c| c.field).collect();
        assert_eq!(names, ["name", "status", "taxonomy"]);
    }

    #[test]
    fn partners_propose_only_for_their_own_organisation() {
        let s = debt();
        assert_eq!(may_propose(Some("org-geldzorg"), Some(&s)), Ok(()));
        assert_eq!(may_propose(Some("org-raadslieden"), Some(&s)), Err(Refusal::NotOwnService));
        assert_eq!(may_propose(None, Some(&s)), Err(Refusal::NotLinked));
        assert_eq!(may_propose(None, None), Err(Refusal::NotLinked));
        assert_eq!(may_propose(Some("org-raadslieden"), None), Ok(()), "a new service is the partner's own");
    }

    #[test]
    fn the_state_table_is_pending_to_approved_or_rejected_only() {
        use ProposalState::*;
        let reject = |r: &str| Verdict::Reject { reason: r.into() };
        assert_eq!(decide(Pending, &Verdict::Approve), Ok(Approved));
        assert_eq!(decide(Pending, &reject("Telefoonnummer klopt niet")), Ok(Rejected));
        assert_eq!(decide(Pending, &reject("  ")), Err(DecideError::ReasonRequired));
        assert_eq!(decide(Approved, &reject("later")), Err(DecideError::NotPending(Approved)));
        assert_eq!(decide(Rejected, &Verdict::Approve), Err(DecideError::NotPending(Rejected)));
        for from in ProposalState::ALL {
            for to in ProposalState::ALL {
                assert_eq!(allowed(*from, *to), *from == Pending && *to != Pending, "{from:?} → {to:?}");
            }
        }
    }

    fn any_state() -> impl Strategy<Value = ProposalState> {
        prop::sample::select(ProposalState::ALL.to_vec())
    }

    fn any_text() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["", " ", "nl", "xx", "3500-3549", "35", "domain:finances", "kind:nope", "a@b.nl", "7", "-1", "é"])
            .prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn decisions_follow_the_table(state in any_state(), approve: bool, reason in any_text()) {
            let verdict = if approve { Verdict::Approve } else { Verdict::Reject { reason: reason.clone() } };
            match decide(state, &verdict) {
                Ok(to) => {
                    prop_assert!(allowed(state, to));
                    prop_assert!(approve || !reason.trim().is_empty());
                }
                Err(_) => prop_assert!(state != ProposalState::Pending || (!approve && reason.trim().is_empty())),
            }
        }

        /// Whatever is typed: either a record that the import's rules accept and that reads back as the
        /// same form (a fixed point), or problems that each name one of the form's fields.
        #[test]
        fn a_checked_proposal_is_a_valid_record_or_names_its_fields(
            name in any_text(), status in prop::sample::select(vec!["active", "inactive", "gesloten", ""]),
            email in any_text(), wait in any_text(), languages in any_text(), areas in any_text(), taxonomy in any_text(),
        ) {
            let base = debt();
            let d = Draft {
                name, status: status.to_string(), email, wait_time_days: wait, languages, service_areas: areas, taxonomy,
                ..draft_of(&base)
            };
            match check(&org(), &base.id, Some(&base), &d) {
                Ok(s) => {
                    prop_assert!(validate_service(&org(), &s).is_ok());
                    prop_assert_eq!(check(&org(), &base.id, Some(&base), &draft_of(&s)), Ok(s.clone()));
                    let changed: Vec<&str> = diff(Some(&base), &s).iter().map(|c| c.field).collect();
                    for f in FIELDS {
                        prop_assert_eq!(changed.contains(f), field_text(&base, f) != field_text(&s, f));
                    }
                }
                Err(problems) => {
                    prop_assert!(!problems.is_empty());
                    for p in problems {
                        prop_assert!(FIELDS.contains(&p.field.as_str()), "{:?}", p);
                    }
                }
            }
        }
    }
}
