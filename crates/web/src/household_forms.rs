//! Reading the household forms (UI and API alike) into domain values, with a message per field.

use crate::forms::FormState;
use crate::i18n::Tr;
use eenplan_domain::household::{
    Bsn, CloseReason, ContactType, FieldError, HouseNumber, Law, LifeDomain, MAX_SHORT, MAX_TEXT, MemberRole, Postcode, Referrer, Urgency,
    optional_text, parse_date, parse_date_of_birth, required_text,
};
use eenplan_domain::team::TeamKind;
use eenplan_store::households::{Address, Involvement, NetworkContact, NewMember, NewTimelineEntry};
use time::Date;

fn choice<T>(f: &mut FormState, tr: Tr, field: &str, parse: impl Fn(&str) -> Result<T, FieldError>) -> Option<T> {
    let raw = f.raw(field).to_string();
    let r = if raw.trim().is_empty() { Err(FieldError::Required) } else { parse(raw.trim()) };
    f.check(tr, field, r)
}

fn text(f: &mut FormState, tr: Tr, field: &str, max: usize) -> Option<String> {
    let raw = f.raw(field).to_string();
    f.check(tr, field, required_text(&raw, max))
}

fn opt(f: &mut FormState, tr: Tr, field: &str, max: usize) -> Option<Option<String>> {
    let raw = f.raw(field).to_string();
    f.check(tr, field, optional_text(&raw, max))
}

fn domains(f: &mut FormState, tr: Tr, field: &str) -> Option<Vec<LifeDomain>> {
    let raw = f.raw(field).to_string();
    let r: Result<Vec<LifeDomain>, FieldError> = raw.split(',').filter(|s| !s.is_empty()).map(LifeDomain::parse).collect();
    f.check(tr, field, r)
}

fn date_not_after(f: &mut FormState, tr: Tr, field: &str, today: Date) -> Option<Date> {
    let raw = f.raw(field).to_string();
    let r = parse_date(&raw).and_then(|d| if d > today { Err(FieldError::BornInFuture) } else { Ok(d) });
    let r = r.map_err(|e| if e == FieldError::BornInFuture { FieldError::Date } else { e });
    f.check(tr, field, r)
}

pub fn parse_address(f: &mut FormState, tr: Tr) -> Option<Address> {
    let street = text(f, tr, "street", MAX_SHORT);
    let (num, add) = (f.raw("house_number").to_string(), f.raw("house_addition").to_string());
    let number = f.check(tr, "house_number", HouseNumber::parse(&num, &add));
    let pc = f.raw("postcode").to_string();
    let postcode = f.check(tr, "postcode", Postcode::parse(&pc));
    let city = text(f, tr, "city", MAX_SHORT);
    Some(Address { street: street?, number: number?, postcode: postcode?, city: city? })
}

pub fn parse_member(f: &mut FormState, tr: Tr, today: Date) -> Option<NewMember> {
    let given_names = text(f, tr, "given_names", MAX_SHORT);
    let name_prefix = opt(f, tr, "name_prefix", 20);
    let family_name = text(f, tr, "family_name", MAX_SHORT);
    let dob_raw = f.raw("date_of_birth").to_string();
    let date_of_birth =
        if dob_raw.trim().is_empty() { Some(None) } else { f.check(tr, "date_of_birth", parse_date_of_birth(&dob_raw, today)).map(Some) };
    let role = choice(f, tr, "role", MemberRole::parse);
    let languages_raw = opt(f, tr, "languages", MAX_SHORT);
    let interpreter_needed = !f.raw("interpreter_needed").is_empty();
    let interpreter_language = opt(f, tr, "interpreter_language", 40);
    if interpreter_needed && interpreter_language.as_ref().is_some_and(Option::is_none) {
        f.errors.insert("interpreter_language".into(), tr.t("err-interpreter-language"));
    }
    let phone = opt(f, tr, "phone", 30);
    let email = opt(f, tr, "email", MAX_SHORT);
    let bsn_raw = f.raw("bsn").to_string();
    let bsn = if bsn_raw.trim().is_empty() { Some(None) } else { f.check(tr, "bsn", Bsn::parse(&bsn_raw)).map(Some) };
    if !f.errors.is_empty() {
        return None;
    }
    Some(NewMember {
        given_names: given_names?,
        name_prefix: name_prefix?,
        family_name: family_name?,
        date_of_birth: date_of_birth?,
        role: role?,
        languages: languages_raw?
            .map(|l| l.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect())
            .unwrap_or_default(),
        interpreter_needed,
        interpreter_language: interpreter_language?,
        phone: phone?,
        email: email?,
        bsn: bsn?,
    })
}

pub struct IntakeInput {
    pub referrer: Referrer,
    pub question: String,
    pub domains: Vec<LifeDomain>,
    pub urgency: Urgency,
    pub wish: Option<TeamKind>,
    pub address: Address,
    pub member: NewMember,
}

pub fn parse_intake(f: &mut FormState, tr: Tr, today: Date) -> Option<IntakeInput> {
    let referrer = choice(f, tr, "referrer", Referrer::parse);
    let question = text(f, tr, "question", MAX_TEXT);
    let domains = domains(f, tr, "domains");
    if domains.as_ref().is_some_and(Vec::is_empty) {
        f.errors.insert("domains".into(), tr.t("err-domains"));
    }
    let urgency = choice(f, tr, "urgency", Urgency::parse);
    let wish_raw = f.raw("wish").to_string();
    let wish = if wish_raw.is_empty() {
        Some(None)
    } else {
        f.check(tr, "wish", TeamKind::parse(&wish_raw).ok_or(FieldError::UnknownValue)).map(Some)
    };
    let address = parse_address(f, tr);
    let member = parse_member(f, tr, today);
    if !f.errors.is_empty() {
        return None;
    }
    Some(IntakeInput {
        referrer: referrer?,
        question: question?,
        domains: domains?,
        urgency: urgency?,
        wish: wish?,
        address: address?,
        member: member?,
    })
}

pub fn parse_timeline(f: &mut FormState, tr: Tr, today: Date, members: &[String]) -> Option<NewTimelineEntry> {
    let contact_type = choice(f, tr, "contact_type", ContactType::parse);
    let occurred_on = date_not_after(f, tr, "occurred_on", today);
    let body = text(f, tr, "body", MAX_TEXT);
    let domains = domains(f, tr, "domains");
    let member_raw = f.raw("member_id").to_string();
    let member_id = if member_raw.is_empty() {
        Some(None)
    } else {
        f.check(tr, "member_id", if members.contains(&member_raw) { Ok(Some(member_raw)) } else { Err(FieldError::UnknownValue) })
    };
    Some(NewTimelineEntry { contact_type: contact_type?, body: body?, domains: domains?, member_id: member_id?, occurred_on: occurred_on? })
}

pub fn parse_involvement(f: &mut FormState, tr: Tr, today: Date) -> Option<Involvement> {
    let organisation = text(f, tr, "organisation", MAX_SHORT);
    let professional = opt(f, tr, "professional", MAX_SHORT);
    let law = choice(f, tr, "law", Law::parse);
    let since = date_not_after(f, tr, "since", today);
    Some(Involvement { id: String::new(), organisation: organisation?, professional: professional?, law: law?, since: since?, until: None })
}

pub fn parse_network(f: &mut FormState, tr: Tr, members: &[String]) -> Option<NetworkContact> {
    let name = text(f, tr, "name", MAX_SHORT);
    let relation = text(f, tr, "relation", MAX_SHORT);
    let phone = opt(f, tr, "phone", 30);
    let can_help_with = opt(f, tr, "can_help_with", MAX_TEXT);
    let consent_raw = f.raw("consent_member_id").to_string();
    // A network contact is recorded only with a member's consent (who gave it).
    let consent =
        f.check(tr, "consent_member_id", if members.contains(&consent_raw) { Ok(consent_raw) } else { Err(FieldError::Required) });
    Some(NetworkContact {
        id: String::new(),
        name: name?,
        relation: relation?,
        phone: phone?,
        can_help_with: can_help_with?,
        consent_member_id: consent?,
    })
}

pub fn parse_close_reason(f: &mut FormState, tr: Tr) -> Option<CloseReason> {
    choice(f, tr, "reason", CloseReason::parse)
}

/// The `version` a form was based on (optimistic concurrency).
pub fn version(f: &FormState) -> i64 {
    f.raw("version").parse().unwrap_or(-1)
}
