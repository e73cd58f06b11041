//! The social map (*sociale kaart*): organisations, their services and locations, shaped after Open
//! Referral HSDS 3.x with a Dutch profile.
//!
//! The model follows HSDS 3 names (`organization`, `service`, `location`, `service_at_location`,
//! `contact`, `schedule`, `taxonomy_term`) with these profile choices:
//!
//! - taxonomy terms are a closed Dutch list, written `scheme:code` ([`TaxonomyCode`]): the life domains
//!   of the household file (`domain:housing`, from [`LifeDomain`]), legal areas (`legal:family`, from
//!   [`LegalArea`]) and the service kinds of the financial screening (`kind:debt_counselling`, from
//!   [`ServiceKind`]); anything else is rejected;
//! - a service area is a list of PC4 ranges (`3500-3549`, `3560`, as a team's [`Area`]); no area means
//!   the service is open to every postcode (a national helpline);
//! - languages are ISO 639-1 codes; phones are one number on a service or contact (HSDS' `phone`
//!   table is folded in); a location's address is flat (`street`, `house_number`, `postcode`, `city`);
//! - Eenplan extensions on a service: `wait_time_days`, `capacity_note` and `referral_answer_days`
//!   (days to answer a referral, [`DEFAULT_REFERRAL_ANSWER_DAYS`] when absent).
//!
//! Reading and writing files lives in [`hsds`] (JSON and CSV), the CSV reader in [`csv`], search in
//! [`search`]. No IO: the caller reads the files and passes their text in.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::code_enum;
use crate::household::{LifeDomain, Postcode};
use crate::screening::ServiceKind;
use crate::team::Area;

pub mod csv;
pub mod hsds;
pub mod proposal;
pub mod search;

pub use hsds::{from_csv_files, from_json, from_json_bytes, to_csv_files, to_json};
pub use search::{Query, matches, search};

/// Days an organisation has to answer a referral when its service does not say.
pub const DEFAULT_REFERRAL_ANSWER_DAYS: u32 = 5;

code_enum!(
    /// Legal areas of social legal advice (*sociaal raadslieden*, *het Juridisch Loket*).
    LegalArea {
        SocialSecurity = "social_security",
        TaxesAllowances = "taxes_allowances",
        Labour = "labour",
        Housing = "housing",
        Immigration = "immigration",
        Family = "family",
        Education = "education",
        Consumer = "consumer",
    }
);

code_enum!(
    /// HSDS 3 service status.
    ServiceStatus { Active = "active", Inactive = "inactive", Defunct = "defunct", TemporarilyClosed = "temporarily closed" }
);

code_enum!(
    /// A day of the week, written as in iCalendar's `BYDAY` (HSDS 3 `schedule.byday`).
    Weekday { Monday = "MO", Tuesday = "TU", Wednesday = "WE", Thursday = "TH", Friday = "FR", Saturday = "SA", Sunday = "SU" }
);

/// A term of the Dutch profile's taxonomy, written `scheme:code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaxonomyCode {
    /// `domain:<code>`: a life domain of the household file.
    Domain(LifeDomain),
    /// `legal:<code>`: a legal area.
    Legal(LegalArea),
    /// `kind:<code>`: a kind of service the financial screening suggests.
    Kind(ServiceKind),
}

impl TaxonomyCode {
    /// Every term, scheme by scheme.
    pub fn all() -> Vec<TaxonomyCode> {
        let domains = LifeDomain::ALL.iter().map(|d| TaxonomyCode::Domain(*d));
        let legal = LegalArea::ALL.iter().map(|l| TaxonomyCode::Legal(*l));
        let kinds = ServiceKind::ALL.iter().map(|k| TaxonomyCode::Kind(*k));
        domains.chain(legal).chain(kinds).collect()
    }

    pub fn scheme(self) -> &'static str {
        match self {
            TaxonomyCode::Domain(_) => "domain",
            TaxonomyCode::Legal(_) => "legal",
            TaxonomyCode::Kind(_) => "kind",
        }
    }

    /// The code within its scheme.
    pub fn code(self) -> &'static str {
        match self {
            TaxonomyCode::Domain(d) => d.code(),
            TaxonomyCode::Legal(l) => l.code(),
            TaxonomyCode::Kind(k) => k.code(),
        }
    }

    /// Parses `scheme:code`; unknown schemes and codes are rejected.
    pub fn parse(s: &str) -> Result<TaxonomyCode, Problem> {
        let unknown = || Problem::UnknownTaxonomy(s.to_string());
        let (scheme, code) = s.trim().split_once(':').ok_or_else(unknown)?;
        match scheme {
            "domain" => LifeDomain::parse(code).map(TaxonomyCode::Domain),
            "legal" => LegalArea::parse(code).map(TaxonomyCode::Legal),
            "kind" => ServiceKind::parse(code).map(TaxonomyCode::Kind),
            _ => return Err(unknown()),
        }
        .map_err(|_| unknown())
    }

    /// The Dutch name of the term (used by free-text search).
    pub fn label_nl(self) -> &'static str {
        match self {
            TaxonomyCode::Domain(d) => match d {
                LifeDomain::Finances => "financiën",
                LifeDomain::WorkEducation => "werk en opleiding",
                LifeDomain::Daytime => "dagbesteding",
                LifeDomain::Housing => "huisvesting wonen",
                LifeDomain::DomesticRelations => "huiselijke relaties",
                LifeDomain::MentalHealth => "geestelijke gezondheid",
                LifeDomain::PhysicalHealth => "lichamelijke gezondheid",
                LifeDomain::Addiction => "verslaving",
                LifeDomain::DailyLiving => "activiteiten dagelijks leven",
                LifeDomain::SocialNetwork => "sociaal netwerk",
                LifeDomain::Participation => "maatschappelijke participatie",
                LifeDomain::Justice => "justitie",
                LifeDomain::Parenting => "opvoeding",
            },
            TaxonomyCode::Legal(l) => match l {
                LegalArea::SocialSecurity => "sociale zekerheid uitkering",
                LegalArea::TaxesAllowances => "belastingen en toeslagen",
                LegalArea::Labour => "arbeidsrecht werk",
                LegalArea::Housing => "huurrecht wonen",
                LegalArea::Immigration => "vreemdelingenrecht migratie",
                LegalArea::Family => "familierecht scheiding",
                LegalArea::Education => "onderwijsrecht",
                LegalArea::Consumer => "consumentenrecht",
            },
            TaxonomyCode::Kind(k) => match k {
                ServiceKind::DebtCounselling => "schuldhulpverlening schulden",
                ServiceKind::LandlordContact => "contact met verhuurder huurachterstand",
                ServiceKind::WorkAndIncomeUrgent => "werk en inkomen spoed",
                ServiceKind::SocialLegalAdvice => "sociaal raadslieden juridisch advies",
                ServiceKind::EnergySupplierContact => "contact met energieleverancier",
                ServiceKind::WaterCompanyContact => "contact met waterbedrijf",
                ServiceKind::HealthInsurerContact => "contact met zorgverzekeraar",
                ServiceKind::BudgetCoaching => "budgetcoaching",
                ServiceKind::BudgetManagement => "budgetbeheer",
            },
        }
    }
}

impl From<LifeDomain> for TaxonomyCode {
    fn from(d: LifeDomain) -> Self {
        TaxonomyCode::Domain(d)
    }
}

impl fmt::Display for TaxonomyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.scheme(), self.code())
    }
}

/// Serialises a type as the string of its `Display` and reads it back with its `parse`.
macro_rules! string_serde {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                <$t>::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

string_serde!(TaxonomyCode);
string_serde!(LanguageCode);
string_serde!(HourMinute);

/// ISO 639-1 two-letter language codes.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz \
ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki \
kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj \
om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt \
tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// An ISO 639-1 language code, stored in lower case (`nl`, `ar`, `tr`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageCode(String);

impl LanguageCode {
    pub fn parse(s: &str) -> Result<LanguageCode, Problem> {
        let code = s.trim().to_ascii_lowercase();
        if code.len() == 2 && ISO_639_1.split(' ').any(|c| c == code) {
            Ok(LanguageCode(code))
        } else {
            Err(Problem::BadLanguage(s.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A time of day, `HH:MM` (read also as `HH:MM:SS` with zero seconds, as HSDS writes times).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HourMinute {
    pub hour: u8,
    pub minute: u8,
}

impl HourMinute {
    pub fn parse(s: &str) -> Result<HourMinute, Problem> {
        let bad = || Problem::BadTime(s.to_string());
        let t = s.trim();
        let t = t.strip_suffix(":00").filter(|t| t.len() == 5).unwrap_or(t);
        let (h, m) = t.split_once(':').ok_or_else(bad)?;
        let two = |p: &str| if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) { p.parse::<u8>().ok() } else { None };
        let (hour, minute) = (two(h).ok_or_else(bad)?, two(m).ok_or_else(bad)?);
        if hour > 23 || minute > 59 {
            return Err(bad());
        }
        Ok(HourMinute { hour, minute })
    }
}

impl fmt::Display for HourMinute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

/// A person to contact about a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: String,
    pub name: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Opening hours on one weekday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub id: String,
    /// `byday` in files.
    pub weekday: Weekday,
    pub opens_at: HourMinute,
    pub closes_at: HourMinute,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub description: Option<String>,
    pub status: ServiceStatus,
    pub email: Option<String>,
    pub url: Option<String>,
    pub phone: Option<String>,
    /// How to refer (HSDS `application_process`).
    pub application_process: Option<String>,
    pub eligibility_description: Option<String>,
    pub fees_description: Option<String>,
    pub wait_time_days: Option<u32>,
    pub capacity_note: Option<String>,
    /// Eenplan extension: days to answer a referral; see [`Service::answer_days`].
    pub referral_answer_days: Option<u32>,
    pub languages: Vec<LanguageCode>,
    /// `None`: open to every postcode.
    pub service_areas: Option<Area>,
    pub taxonomy: Vec<TaxonomyCode>,
    pub contacts: Vec<Contact>,
    pub schedules: Vec<Schedule>,
}

impl Service {
    /// Days to answer a referral, [`DEFAULT_REFERRAL_ANSWER_DAYS`] when the service does not say.
    pub fn answer_days(&self) -> u32 {
        self.referral_answer_days.unwrap_or(DEFAULT_REFERRAL_ANSWER_DAYS)
    }

    /// Whether a household in this PC4 area may use the service.
    pub fn serves(&self, pc4: u16) -> bool {
        self.service_areas.as_ref().is_none_or(|a| a.contains(pc4))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub street: String,
    pub house_number: Option<String>,
    pub postcode: Postcode,
    pub city: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub id: String,
    pub organization_id: String,
    pub name: Option<String>,
    pub address: Option<Address>,
    pub accessibility: Option<String>,
}

/// Which service is offered where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceAtLocation {
    pub id: String,
    pub service_id: String,
    pub location_id: String,
}

/// One social map: everything one import file (or set of CSV files) holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dataset {
    pub organizations: Vec<Organization>,
    pub services: Vec<Service>,
    pub locations: Vec<Location>,
    pub service_at_locations: Vec<ServiceAtLocation>,
}

/// The kind of record an error is about; [`RecordKind::table`] is its HSDS table name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Organization,
    Service,
    Location,
    ServiceAtLocation,
    Contact,
    Schedule,
}

impl RecordKind {
    pub fn table(self) -> &'static str {
        match self {
            RecordKind::Organization => "organizations",
            RecordKind::Service => "services",
            RecordKind::Location => "locations",
            RecordKind::ServiceAtLocation => "service_at_locations",
            RecordKind::Contact => "contacts",
            RecordKind::Schedule => "schedules",
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.table())
    }
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("required")]
    Required,
    #[error("expected text")]
    NotText,
    #[error("expected a whole number (0 or more)")]
    NotNumber,
    #[error("expected a list of texts")]
    NotList,
    #[error("expected an object")]
    NotObject,
    #[error("id '{id}' was already used on row {first_row}")]
    DuplicateId { id: String, first_row: usize },
    #[error("unknown taxonomy code '{0}' (expected domain:…, legal:… or kind:… from the Dutch profile)")]
    UnknownTaxonomy(String),
    #[error("not a PC4 service area: {0}")]
    BadArea(String),
    #[error("'{0}' is not an ISO 639-1 language code")]
    BadLanguage(String),
    #[error("'{0}' is not a time (HH:MM)")]
    BadTime(String),
    #[error("'{0}' is not a Dutch postcode (1234 AB)")]
    BadPostcode(String),
    #[error("'{0}' is not a weekday (MO, TU, WE, TH, FR, SA, SU)")]
    BadWeekday(String),
    #[error("'{0}' is not a service status (active, inactive, defunct, temporarily closed)")]
    BadStatus(String),
    #[error("'{0}' is not an e-mail address")]
    BadEmail(String),
    #[error("no {kind} record with id '{id}'")]
    UnknownReference { kind: RecordKind, id: String },
    #[error("closes before it opens")]
    ClosesBeforeOpens,
    #[error("an address needs a street, a postcode and a city")]
    IncompleteAddress,
}

/// Why an import was refused. A file is imported whole or not at all, so an import returns all of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The file itself cannot be read (broken JSON, broken CSV quoting, a missing column).
    Syntax { file: String, line: usize, message: String },
    /// One field of one record. `row` is 1-based in the order of the file (for CSV: the record after
    /// the header, `line` then gives its first physical line).
    Record { kind: RecordKind, row: usize, line: Option<usize>, field: String, problem: Problem },
}

impl ImportError {
    fn record(kind: RecordKind, row: usize, field: impl Into<String>, problem: Problem) -> ImportError {
        ImportError::Record { kind, row, line: None, field: field.into(), problem }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Syntax { file, line, message } => write!(f, "{file}: line {line}: {message}"),
            ImportError::Record { kind, row, line, field, problem } => {
                write!(f, "{kind} row {row}")?;
                if let Some(line) = line {
                    write!(f, " (line {line})")?;
                }
                write!(f, ", field {field}: {problem}")
            }
        }
    }
}

impl std::error::Error for ImportError {}

fn valid_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, host)) => !user.is_empty() && host.contains('.') && !host.contains('@') && !s.chars().any(char::is_whitespace),
        None => false,
    }
}

/// Checks what types cannot: required fields, unique ids, references between records, e-mail
/// addresses and opening hours. Returns every problem found, in file order.
pub fn validate(dataset: &Dataset) -> Result<(), Vec<ImportError>> {
    use RecordKind as K;
    let mut errors = Vec::new();
    let mut required = |kind, row, field: &str, value: &str| {
        if value.trim().is_empty() {
            errors.push(ImportError::record(kind, row, field, Problem::Required));
        }
    };
    for (i, o) in dataset.organizations.iter().enumerate() {
        required(K::Organization, i + 1, "id", &o.id);
        required(K::Organization, i + 1, "name", &o.name);
    }
    for (i, s) in dataset.services.iter().enumerate() {
        required(K::Service, i + 1, "id", &s.id);
        required(K::Service, i + 1, "name", &s.name);
        required(K::Service, i + 1, "organization_id", &s.organization_id);
        for (j, c) in s.contacts.iter().enumerate() {
            required(K::Service, i + 1, &format!("contacts[{}].id", j + 1), &c.id);
        }
        for (j, c) in s.schedules.iter().enumerate() {
            required(K::Service, i + 1, &format!("schedules[{}].id", j + 1), &c.id);
        }
    }
    for (i, l) in dataset.locations.iter().enumerate() {
        required(K::Location, i + 1, "id", &l.id);
        required(K::Location, i + 1, "organization_id", &l.organization_id);
    }
    for (i, sl) in dataset.service_at_locations.iter().enumerate() {
        required(K::ServiceAtLocation, i + 1, "id", &sl.id);
        required(K::ServiceAtLocation, i + 1, "service_id", &sl.service_id);
        required(K::ServiceAtLocation, i + 1, "location_id", &sl.location_id);
    }
    for (i, l) in dataset.locations.iter().enumerate() {
        if let Some(a) = &l.address
            && (a.street.trim().is_empty() || a.city.trim().is_empty())
        {
            errors.push(ImportError::record(K::Location, i + 1, "address", Problem::IncompleteAddress));
        }
    }

    // Unique ids per table (contacts and schedules over all services).
    let mut unique = |kind, ids: Vec<(usize, String, &str)>| {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (row, field, id) in ids {
            if id.trim().is_empty() {
                continue;
            }
            if let Some(first_row) = seen.get(id) {
                errors.push(ImportError::record(kind, row, field, Problem::DuplicateId { id: id.to_string(), first_row: *first_row }));
            } else {
                seen.insert(id.to_string(), row);
            }
        }
        seen
    };
    let orgs =
        unique(K::Organization, dataset.organizations.iter().enumerate().map(|(i, o)| (i + 1, "id".into(), o.id.as_str())).collect());
    let services = unique(K::Service, dataset.services.iter().enumerate().map(|(i, s)| (i + 1, "id".into(), s.id.as_str())).collect());
    let locations = unique(K::Location, dataset.locations.iter().enumerate().map(|(i, l)| (i + 1, "id".into(), l.id.as_str())).collect());
    unique(
        K::ServiceAtLocation,
        dataset.service_at_locations.iter().enumerate().map(|(i, s)| (i + 1, "id".into(), s.id.as_str())).collect(),
    );
    let nested = |pick: fn(&Service) -> Vec<&str>, name: &str| {
        let mut ids = Vec::new();
        for (i, s) in dataset.services.iter().enumerate() {
            for (j, id) in pick(s).into_iter().enumerate() {
                ids.push((i + 1, format!("{name}[{}].id", j + 1), id));
            }
        }
        ids
    };
    unique(K::Service, nested(|s| s.contacts.iter().map(|c| c.id.as_str()).collect(), "contacts"));
    unique(K::Service, nested(|s| s.schedules.iter().map(|c| c.id.as_str()).collect(), "schedules"));

    // References.
    let mut reference = |kind, row, field: &str, to, known: &HashMap<String, usize>, id: &str| {
        if !id.trim().is_empty() && !known.contains_key(id) {
            errors.push(ImportError::record(kind, row, field, Problem::UnknownReference { kind: to, id: id.to_string() }));
        }
    };
    for (i, s) in dataset.services.iter().enumerate() {
        reference(K::Service, i + 1, "organization_id", K::Organization, &orgs, &s.organization_id);
    }
    for (i, l) in dataset.locations.iter().enumerate() {
        reference(K::Location, i + 1, "organization_id", K::Organization, &orgs, &l.organization_id);
    }
    for (i, sl) in dataset.service_at_locations.iter().enumerate() {
        reference(K::ServiceAtLocation, i + 1, "service_id", K::Service, &services, &sl.service_id);
        reference(K::ServiceAtLocation, i + 1, "location_id", K::Location, &locations, &sl.location_id);
    }

    // E-mail addresses and opening hours.
    let mut email = |kind, row, field: String, value: &Option<String>| {
        if let Some(v) = value
            && !valid_email(v)
        {
            errors.push(ImportError::record(kind, row, field, Problem::BadEmail(v.clone())));
        }
    };
    for (i, o) in dataset.organizations.iter().enumerate() {
        email(K::Organization, i + 1, "email".into(), &o.email);
    }
    for (i, s) in dataset.services.iter().enumerate() {
        email(K::Service, i + 1, "email".into(), &s.email);
        for (j, c) in s.contacts.iter().enumerate() {
            email(K::Service, i + 1, format!("contacts[{}].email", j + 1), &c.email);
        }
    }
    for (i, s) in dataset.services.iter().enumerate() {
        for (j, h) in s.schedules.iter().enumerate() {
            if h.closes_at <= h.opens_at {
                errors.push(ImportError::record(K::Service, i + 1, format!("schedules[{}].closes_at", j + 1), Problem::ClosesBeforeOpens));
            }
        }
    }

    errors.sort_by_key(|e| match e {
        ImportError::Record { kind, row, .. } => (*kind as u8, *row),
        ImportError::Syntax { line, .. } => (0, *line),
    });
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

#[cfg(test)]
mod tests;
