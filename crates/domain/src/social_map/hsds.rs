//! Reading and writing the social map as HSDS 3-shaped JSON and CSV.
//!
//! # JSON
//!
//! One object with an array per table; unknown keys are ignored (so a full HSDS document with tables
//! Eenplan does not use still reads):
//!
//! ```json
//! { "profile": "eenplan-nl-1",
//!   "organizations": [{ "id": "…", "name": "…", "description": "…", "email": "…", "website": "…" }],
//!   "services": [{ "id": "…", "organization_id": "…", "name": "…", "status": "active",
//!                  "languages": ["nl", "ar"], "service_areas": ["3500-3549", "3560"],
//!                  "taxonomy": ["domain:finances", "kind:debt_counselling"],
//!                  "wait_time_days": 10, "referral_answer_days": 5, …,
//!                  "contacts": [{ "id": "…", "name": "…", "title": "…", "email": "…", "phone": "…" }],
//!                  "schedules": [{ "id": "…", "byday": "MO", "opens_at": "09:00", "closes_at": "17:00" }] }],
//!   "locations": [{ "id": "…", "organization_id": "…", "name": "…", "street": "…", "house_number": "12a",
//!                   "postcode": "3511 AB", "city": "…", "accessibility": "…" }],
//!   "service_at_locations": [{ "id": "…", "service_id": "…", "location_id": "…" }] }
//! ```
//!
//! Contacts and schedules are written nested in their service. Read are also flat top-level
//! `contacts` and `schedules` arrays whose records carry a `service_id`, and a Frictionless data
//! package whose `resources` carry inline `data` arrays under these names. Absent, `null` and `""`
//! fields are the same: not given. Numbers may be JSON numbers or digit strings.
//!
//! # CSV
//!
//! One file per table: `organizations.csv`, `services.csv`, `locations.csv`,
//! `service_at_locations.csv`, `contacts.csv` and `schedules.csv` (the last two with a `service_id`
//! column), each with a header row naming the columns above, in any order; unknown columns are
//! ignored, a missing file is an empty table. List fields (`languages`, `service_areas`, `taxonomy`)
//! are `;`-separated in one cell: `nl;en`, `3500-3549;3560`. Files are written with CRLF line ends.
//!
//! An import is all or nothing: every problem of every file is returned, and no dataset unless there
//! are none.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::csv::{read_csv, write_csv};
use super::{
    Address, Contact, Dataset, HourMinute, ImportError, LanguageCode, Location, Organization, Problem, RecordKind, Schedule, Service,
    ServiceAtLocation, ServiceStatus, TaxonomyCode, Weekday, validate,
};
use crate::household::Postcode;
use crate::team::Area;

/// Written as `profile` in exported JSON.
pub const PROFILE: &str = "eenplan-nl-1";

pub const ORGANIZATION_COLUMNS: &[&str] = &["id", "name", "description", "email", "website"];
pub const SERVICE_COLUMNS: &[&str] = &[
    "id",
    "organization_id",
    "name",
    "description",
    "status",
    "email",
    "url",
    "phone",
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
pub const LOCATION_COLUMNS: &[&str] = &["id", "organization_id", "name", "street", "house_number", "postcode", "city", "accessibility"];
pub const SERVICE_AT_LOCATION_COLUMNS: &[&str] = &["id", "service_id", "location_id"];
pub const CONTACT_COLUMNS: &[&str] = &["id", "name", "title", "email", "phone"];
pub const SCHEDULE_COLUMNS: &[&str] = &["id", "byday", "opens_at", "closes_at"];

/// One field's value on the way out.
enum Cell {
    Text(Option<String>),
    List(Vec<String>),
    Number(Option<u32>),
}

fn req(s: &str) -> Cell {
    Cell::Text((!s.is_empty()).then(|| s.to_string()))
}

fn opt(s: &Option<String>) -> Cell {
    Cell::Text(s.clone())
}

fn organization_cells(o: &Organization) -> Vec<Cell> {
    vec![req(&o.id), req(&o.name), opt(&o.description), opt(&o.email), opt(&o.website)]
}

fn service_cells(s: &Service) -> Vec<Cell> {
    vec![
        req(&s.id),
        req(&s.organization_id),
        req(&s.name),
        opt(&s.description),
        req(s.status.code()),
        opt(&s.email),
        opt(&s.url),
        opt(&s.phone),
        opt(&s.application_process),
        opt(&s.eligibility_description),
        opt(&s.fees_description),
        Cell::Number(s.wait_time_days),
        opt(&s.capacity_note),
        Cell::Number(s.referral_answer_days),
        Cell::List(s.languages.iter().map(|l| l.to_string()).collect()),
        Cell::List(s.service_areas.as_ref().map(|a| a.to_string().split(',').map(str::to_string).collect()).unwrap_or_default()),
        Cell::List(s.taxonomy.iter().map(|t| t.to_string()).collect()),
    ]
}

fn location_cells(l: &Location) -> Vec<Cell> {
    let a = l.address.as_ref();
    vec![
        req(&l.id),
        req(&l.organization_id),
        opt(&l.name),
        req(a.map_or("", |a| &a.street)),
        Cell::Text(a.and_then(|a| a.house_number.clone())),
        req(a.map_or("", |a| a.postcode.as_str())),
        req(a.map_or("", |a| &a.city)),
        opt(&l.accessibility),
    ]
}

fn service_at_location_cells(s: &ServiceAtLocation) -> Vec<Cell> {
    vec![req(&s.id), req(&s.service_id), req(&s.location_id)]
}

fn contact_cells(c: &Contact) -> Vec<Cell> {
    vec![req(&c.id), opt(&c.name), opt(&c.title), opt(&c.email), opt(&c.phone)]
}

fn schedule_cells(s: &Schedule) -> Vec<Cell> {
    vec![req(&s.id), req(s.weekday.code()), req(&s.opens_at.to_string()), req(&s.closes_at.to_string())]
}

/// One field's value on the way in.
enum Raw {
    Missing,
    Text(String),
    List(Vec<String>),
    Number(u64),
    Other,
}

trait Source {
    fn get(&self, field: &str) -> Raw;
}

struct JsonSource<'a>(&'a Map<String, Value>);

impl Source for JsonSource<'_> {
    fn get(&self, field: &str) -> Raw {
        match self.0.get(field) {
            None | Some(Value::Null) => Raw::Missing,
            Some(Value::String(s)) if s.is_empty() => Raw::Missing,
            Some(Value::String(s)) => Raw::Text(s.clone()),
            Some(Value::Number(n)) => n.as_u64().map_or(Raw::Other, Raw::Number),
            Some(Value::Array(items)) => {
                let texts: Option<Vec<String>> = items.iter().map(|v| v.as_str().map(str::to_string)).collect();
                texts.map_or(Raw::Other, Raw::List)
            }
            Some(_) => Raw::Other,
        }
    }
}

struct CsvSource<'a> {
    header: &'a HashMap<String, usize>,
    fields: &'a [String],
}

impl Source for CsvSource<'_> {
    fn get(&self, field: &str) -> Raw {
        match self.header.get(field).map(|i| &self.fields[*i]) {
            None => Raw::Missing,
            Some(s) if s.is_empty() => Raw::Missing,
            Some(s) => Raw::Text(s.clone()),
        }
    }
}

/// Reads typed fields from a source, collecting problems with their field names.
struct Reader<'a> {
    src: &'a dyn Source,
    prefix: String,
    problems: Vec<(String, Problem)>,
}

impl<'a> Reader<'a> {
    fn new(src: &'a dyn Source, prefix: String) -> Reader<'a> {
        Reader { src, prefix, problems: Vec::new() }
    }

    fn problem(&mut self, field: &str, problem: Problem) {
        self.problems.push((format!("{}{field}", self.prefix), problem));
    }

    fn text(&mut self, field: &str) -> Option<String> {
        match self.src.get(field) {
            Raw::Missing => None,
            Raw::Text(s) => Some(s),
            _ => {
                self.problem(field, Problem::NotText);
                None
            }
        }
    }

    /// A required text; a missing one is reported by [`validate`].
    fn req(&mut self, field: &str) -> String {
        self.text(field).unwrap_or_default()
    }

    fn number(&mut self, field: &str) -> Option<u32> {
        let n = match self.src.get(field) {
            Raw::Missing => return None,
            Raw::Number(n) => u32::try_from(n).ok(),
            Raw::Text(s) if !s.trim().is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit()) => s.trim().parse().ok(),
            _ => None,
        };
        if n.is_none() {
            self.problem(field, Problem::NotNumber);
        }
        n
    }

    fn list(&mut self, field: &str) -> Vec<String> {
        match self.src.get(field) {
            Raw::Missing => Vec::new(),
            Raw::List(items) => items,
            Raw::Text(s) => s.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect(),
            _ => {
                self.problem(field, Problem::NotList);
                Vec::new()
            }
        }
    }

    /// A required coded field: missing or unparsable ones are reported here.
    fn coded<T>(&mut self, field: &str, parse: impl Fn(&str) -> Result<T, Problem>) -> Option<T> {
        match self.src.get(field) {
            Raw::Text(s) => parse(&s).map_err(|p| self.problem(field, p)).ok(),
            Raw::Missing => {
                self.problem(field, Problem::Required);
                None
            }
            _ => {
                self.problem(field, Problem::NotText);
                None
            }
        }
    }

    fn parsed_list<T>(&mut self, field: &str, parse: impl Fn(&str) -> Result<T, Problem>) -> Vec<T> {
        let mut out = Vec::new();
        for item in self.list(field) {
            match parse(&item) {
                Ok(v) => out.push(v),
                Err(p) => self.problem(field, p),
            }
        }
        out
    }
}

fn read_organization(r: &mut Reader) -> Organization {
    Organization {
        id: r.req("id"),
        name: r.req("name"),
        description: r.text("description"),
        email: r.text("email"),
        website: r.text("website"),
    }
}

fn read_service(r: &mut Reader) -> Service {
    let status = r.coded("status", |s| ServiceStatus::parse(s).map_err(|_| Problem::BadStatus(s.to_string())));
    let areas = r.list("service_areas");
    let service_areas = if areas.is_empty() {
        None
    } else {
        Area::parse(&areas.join(",")).map_err(|e| r.problem("service_areas", Problem::BadArea(e.to_string()))).ok()
    };
    Service {
        id: r.req("id"),
        organization_id: r.req("organization_id"),
        name: r.req("name"),
        description: r.text("description"),
        status: status.unwrap_or(ServiceStatus::Active),
        email: r.text("email"),
        url: r.text("url"),
        phone: r.text("phone"),
        application_process: r.text("application_process"),
        eligibility_description: r.text("eligibility_description"),
        fees_description: r.text("fees_description"),
        wait_time_days: r.number("wait_time_days"),
        capacity_note: r.text("capacity_note"),
        referral_answer_days: r.number("referral_answer_days"),
        languages: r.parsed_list("languages", LanguageCode::parse),
        service_areas,
        taxonomy: r.parsed_list("taxonomy", TaxonomyCode::parse),
        contacts: Vec::new(),
        schedules: Vec::new(),
    }
}

fn read_location(r: &mut Reader) -> Location {
    let (street, house_number, postcode, city) = (r.text("street"), r.text("house_number"), r.text("postcode"), r.text("city"));
    let address = match postcode {
        None if street.is_none() && house_number.is_none() && city.is_none() => None,
        None => {
            r.problem("postcode", Problem::IncompleteAddress);
            None
        }
        Some(p) => match Postcode::parse(&p) {
            Ok(postcode) => Some(Address { street: street.unwrap_or_default(), house_number, postcode, city: city.unwrap_or_default() }),
            Err(_) => {
                r.problem("postcode", Problem::BadPostcode(p));
                None
            }
        },
    };
    Location {
        id: r.req("id"),
        organization_id: r.req("organization_id"),
        name: r.text("name"),
        address,
        accessibility: r.text("accessibility"),
    }
}

fn read_service_at_location(r: &mut Reader) -> ServiceAtLocation {
    ServiceAtLocation { id: r.req("id"), service_id: r.req("service_id"), location_id: r.req("location_id") }
}

fn read_contact(r: &mut Reader) -> Contact {
    Contact { id: r.req("id"), name: r.text("name"), title: r.text("title"), email: r.text("email"), phone: r.text("phone") }
}

fn read_schedule(r: &mut Reader) -> Schedule {
    let weekday = r.coded("byday", |s| Weekday::parse(s.trim()).map_err(|_| Problem::BadWeekday(s.to_string())));
    let opens_at = r.coded("opens_at", HourMinute::parse);
    let closes_at = r.coded("closes_at", HourMinute::parse);
    Schedule {
        id: r.req("id"),
        weekday: weekday.unwrap_or(Weekday::Monday),
        // Placeholders only when a problem was reported: the dataset is then never returned.
        opens_at: opens_at.unwrap_or(HourMinute { hour: 0, minute: 0 }),
        closes_at: closes_at.unwrap_or(HourMinute { hour: 23, minute: 59 }),
    }
}

/// Collects parse problems and the CSV lines of records while a dataset is assembled.
#[derive(Default)]
struct Assembly {
    dataset: Dataset,
    errors: Vec<ImportError>,
    /// Per kind, the first physical line of each row (CSV only).
    lines: HashMap<RecordKind, Vec<usize>>,
    /// Flat contacts and schedules: (row, line, service_id, record).
    contacts: Vec<(usize, Option<usize>, String, Contact)>,
    schedules: Vec<(usize, Option<usize>, String, Schedule)>,
}

impl Assembly {
    fn report(&mut self, kind: RecordKind, row: usize, line: Option<usize>, problems: Vec<(String, Problem)>) {
        for (field, problem) in problems {
            self.errors.push(ImportError::Record { kind, row, line, field, problem });
        }
    }

    /// Reads one record of a table; `row` is 1-based.
    fn add(&mut self, kind: RecordKind, row: usize, line: Option<usize>, src: &dyn Source) {
        let mut r = Reader::new(src, String::new());
        match kind {
            RecordKind::Organization => {
                let o = read_organization(&mut r);
                self.dataset.organizations.push(o);
            }
            RecordKind::Service => {
                let s = read_service(&mut r);
                self.dataset.services.push(s);
            }
            RecordKind::Location => {
                let l = read_location(&mut r);
                self.dataset.locations.push(l);
            }
            RecordKind::ServiceAtLocation => {
                let s = read_service_at_location(&mut r);
                self.dataset.service_at_locations.push(s);
            }
            RecordKind::Contact => {
                let (c, service_id) = (read_contact(&mut r), r.req("service_id"));
                self.contacts.push((row, line, service_id, c));
            }
            RecordKind::Schedule => {
                let (s, service_id) = (read_schedule(&mut r), r.req("service_id"));
                self.schedules.push((row, line, service_id, s));
            }
        }
        if let Some(line) = line {
            self.lines.entry(kind).or_default().push(line);
        }
        let problems = r.problems;
        self.report(kind, row, line, problems);
    }

    /// Hangs flat contacts and schedules under their services, checks the whole, and hands out the
    /// dataset only when nothing was wrong.
    fn finish(mut self) -> Result<Dataset, Vec<ImportError>> {
        let index: HashMap<String, usize> = self.dataset.services.iter().enumerate().rev().map(|(i, s)| (s.id.clone(), i)).collect();
        let mut attach = |kind: RecordKind, row: usize, line: Option<usize>, service_id: &str| match index.get(service_id) {
            Some(i) => Some(*i),
            None => {
                let problem = if service_id.trim().is_empty() {
                    Problem::Required
                } else {
                    Problem::UnknownReference { kind: RecordKind::Service, id: service_id.to_string() }
                };
                self.errors.push(ImportError::Record { kind, row, line, field: "service_id".into(), problem });
                None
            }
        };
        let mut contacts = Vec::new();
        for (row, line, service_id, c) in std::mem::take(&mut self.contacts) {
            if let Some(i) = attach(RecordKind::Contact, row, line, &service_id) {
                contacts.push((i, c));
            }
        }
        let mut schedules = Vec::new();
        for (row, line, service_id, s) in std::mem::take(&mut self.schedules) {
            if let Some(i) = attach(RecordKind::Schedule, row, line, &service_id) {
                schedules.push((i, s));
            }
        }
        for (i, c) in contacts {
            self.dataset.services[i].contacts.push(c);
        }
        for (i, s) in schedules {
            self.dataset.services[i].schedules.push(s);
        }
        if let Err(more) = validate(&self.dataset) {
            let seen: HashSet<(RecordKind, usize, String)> = self
                .errors
                .iter()
                .filter_map(|e| match e {
                    ImportError::Record { kind, row, field, .. } => Some((*kind, *row, field.clone())),
                    ImportError::Syntax { .. } => None,
                })
                .collect();
            for mut e in more {
                if let ImportError::Record { kind, row, line, field, .. } = &mut e {
                    if seen.contains(&(*kind, *row, field.clone())) {
                        continue;
                    }
                    *line = self.lines.get(kind).and_then(|l| l.get(*row - 1)).copied();
                }
                self.errors.push(e);
            }
        }
        if self.errors.is_empty() { Ok(self.dataset) } else { Err(self.errors) }
    }
}

const TABLES: &[(&str, RecordKind)] = &[
    ("organizations", RecordKind::Organization),
    ("services", RecordKind::Service),
    ("locations", RecordKind::Location),
    ("service_at_locations", RecordKind::ServiceAtLocation),
    ("contacts", RecordKind::Contact),
    ("schedules", RecordKind::Schedule),
];

fn syntax(file: &str, line: usize, message: impl Into<String>) -> ImportError {
    ImportError::Syntax { file: file.to_string(), line, message: message.into() }
}

/// Reads an HSDS JSON document given as bytes (it must be UTF-8).
pub fn from_json_bytes(bytes: &[u8]) -> Result<Dataset, Vec<ImportError>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => from_json(text),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            Err(vec![syntax("json", line, "not UTF-8 text")])
        }
    }
}

/// Reads an HSDS JSON document (see the module documentation for the shape).
pub fn from_json(text: &str) -> Result<Dataset, Vec<ImportError>> {
    let value: Value = serde_json::from_str(text).map_err(|e| vec![syntax("json", e.line(), e.to_string())])?;
    let Value::Object(top) = value else {
        return Err(vec![syntax("json", 1, "expected an object with the arrays organizations, services, locations, …")]);
    };
    // A Frictionless data package: tables are resources with inline data.
    let mut tables: HashMap<String, &Value> = HashMap::new();
    if let Some(Value::Array(resources)) = top.get("resources") {
        for r in resources {
            if let (Some(name), Some(data)) = (r.get("name").and_then(Value::as_str), r.get("data")) {
                tables.insert(name.to_string(), data);
            }
        }
    }
    for (name, _) in TABLES {
        if let Some(v) = top.get(*name) {
            tables.insert(name.to_string(), v);
        }
    }
    let mut a = Assembly::default();
    for (name, kind) in TABLES {
        let items = match tables.get(*name) {
            None | Some(Value::Null) => continue,
            Some(Value::Array(items)) => items,
            Some(_) => {
                a.errors.push(syntax("json", 1, format!("'{name}' must be an array of objects")));
                continue;
            }
        };
        for (i, item) in items.iter().enumerate() {
            let empty = Map::new();
            let obj = match item {
                Value::Object(obj) => obj,
                _ => {
                    // Still added (empty), so that later rows keep their numbers.
                    a.report(*kind, i + 1, None, vec![(String::new(), Problem::NotObject)]);
                    &empty
                }
            };
            a.add(*kind, i + 1, None, &JsonSource(obj));
            if *kind == RecordKind::Service {
                read_nested(&mut a, i + 1, obj);
            }
        }
    }
    a.finish()
}

/// Reads a service's nested `contacts` and `schedules`.
fn read_nested(a: &mut Assembly, row: usize, obj: &Map<String, Value>) {
    for nested in ["contacts", "schedules"] {
        let items = match obj.get(nested) {
            None | Some(Value::Null) => continue,
            Some(Value::Array(items)) => items,
            Some(_) => {
                a.report(RecordKind::Service, row, None, vec![(nested.to_string(), Problem::NotList)]);
                continue;
            }
        };
        for (j, item) in items.iter().enumerate() {
            let prefix = format!("{nested}[{}].", j + 1);
            let Value::Object(o) = item else {
                a.report(RecordKind::Service, row, None, vec![(prefix, Problem::NotObject)]);
                continue;
            };
            let src = JsonSource(o);
            let mut r = Reader::new(&src, prefix);
            let service = a.dataset.services.last_mut().expect("the service was just read");
            if nested == "contacts" {
                service.contacts.push(read_contact(&mut r));
            } else {
                service.schedules.push(read_schedule(&mut r));
            }
            let problems = r.problems;
            a.report(RecordKind::Service, row, None, problems);
        }
    }
}

fn json_record(columns: &[&str], cells: Vec<Cell>) -> Map<String, Value> {
    debug_assert_eq!(columns.len(), cells.len());
    let mut obj = Map::new();
    for (name, cell) in columns.iter().zip(cells) {
        let value = match cell {
            Cell::Text(Some(s)) => Value::String(s),
            Cell::Number(Some(n)) => Value::from(n),
            Cell::List(items) if !items.is_empty() => Value::from(items),
            _ => continue,
        };
        obj.insert(name.to_string(), value);
    }
    obj
}

/// Writes the dataset as an HSDS JSON document (pretty-printed).
pub fn to_json(dataset: &Dataset) -> String {
    let services: Vec<Value> = dataset
        .services
        .iter()
        .map(|s| {
            let mut obj = json_record(SERVICE_COLUMNS, service_cells(s));
            if !s.contacts.is_empty() {
                let contacts = s.contacts.iter().map(|c| Value::Object(json_record(CONTACT_COLUMNS, contact_cells(c))));
                obj.insert("contacts".into(), Value::Array(contacts.collect()));
            }
            if !s.schedules.is_empty() {
                let schedules = s.schedules.iter().map(|h| Value::Object(json_record(SCHEDULE_COLUMNS, schedule_cells(h))));
                obj.insert("schedules".into(), Value::Array(schedules.collect()));
            }
            Value::Object(obj)
        })
        .collect();
    let table =
        |columns: &[&str], rows: Vec<Vec<Cell>>| Value::Array(rows.into_iter().map(|c| Value::Object(json_record(columns, c))).collect());
    let mut top = Map::new();
    top.insert("profile".into(), Value::from(PROFILE));
    top.insert("organizations".into(), table(ORGANIZATION_COLUMNS, dataset.organizations.iter().map(organization_cells).collect()));
    top.insert("services".into(), Value::Array(services));
    top.insert("locations".into(), table(LOCATION_COLUMNS, dataset.locations.iter().map(location_cells).collect()));
    top.insert(
        "service_at_locations".into(),
        table(SERVICE_AT_LOCATION_COLUMNS, dataset.service_at_locations.iter().map(service_at_location_cells).collect()),
    );
    serde_json::to_string_pretty(&Value::Object(top)).expect("a JSON value always serialises")
}

fn csv_cell(cell: Cell) -> String {
    match cell {
        Cell::Text(s) => s.unwrap_or_default(),
        Cell::List(items) => items.join(";"),
        Cell::Number(n) => n.map(|n| n.to_string()).unwrap_or_default(),
    }
}

fn csv_table(columns: &[&str], rows: impl Iterator<Item = Vec<Cell>>) -> String {
    let mut out = vec![columns.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
    out.extend(rows.map(|cells| cells.into_iter().map(csv_cell).collect()));
    write_csv(&out)
}

/// Writes the dataset as CSV files: (file name, text), all six tables, empty ones as a header only.
pub fn to_csv_files(dataset: &Dataset) -> Vec<(String, String)> {
    fn with_service(columns: &[&'static str]) -> Vec<&'static str> {
        let mut c = columns.to_vec();
        c.insert(1, "service_id");
        c
    }
    let contacts = dataset.services.iter().flat_map(|s| {
        s.contacts.iter().map(|c| {
            let mut cells = contact_cells(c);
            cells.insert(1, req(&s.id));
            cells
        })
    });
    let schedules = dataset.services.iter().flat_map(|s| {
        s.schedules.iter().map(|h| {
            let mut cells = schedule_cells(h);
            cells.insert(1, req(&s.id));
            cells
        })
    });
    vec![
        ("organizations.csv".into(), csv_table(ORGANIZATION_COLUMNS, dataset.organizations.iter().map(organization_cells))),
        ("services.csv".into(), csv_table(SERVICE_COLUMNS, dataset.services.iter().map(service_cells))),
        ("locations.csv".into(), csv_table(LOCATION_COLUMNS, dataset.locations.iter().map(location_cells))),
        (
            "service_at_locations.csv".into(),
            csv_table(SERVICE_AT_LOCATION_COLUMNS, dataset.service_at_locations.iter().map(service_at_location_cells)),
        ),
        ("contacts.csv".into(), csv_table(&with_service(CONTACT_COLUMNS), contacts)),
        ("schedules.csv".into(), csv_table(&with_service(SCHEDULE_COLUMNS), schedules)),
    ]
}

/// The columns a CSV table must have.
fn required_columns(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Organization => &["id", "name"],
        RecordKind::Service => &["id", "organization_id", "name", "status"],
        RecordKind::Location => &["id", "organization_id"],
        RecordKind::ServiceAtLocation => &["id", "service_id", "location_id"],
        RecordKind::Contact => &["id", "service_id"],
        RecordKind::Schedule => &["id", "service_id", "byday", "opens_at", "closes_at"],
    }
}

/// Reads CSV files given as (file name, text); names may carry a directory (`export/services.csv`).
pub fn from_csv_files(files: &[(&str, &str)]) -> Result<Dataset, Vec<ImportError>> {
    let mut by_table: HashMap<&str, (&str, &str)> = HashMap::new();
    let mut errors = Vec::new();
    for (name, text) in files {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        match TABLES.iter().find(|(t, _)| base.strip_suffix(".csv") == Some(*t)) {
            Some((t, _)) if by_table.contains_key(t) => errors.push(syntax(name, 1, "this table was given twice")),
            Some((t, _)) => {
                by_table.insert(t, (name, text));
            }
            None => errors.push(syntax(name, 1, "unknown file: expected organizations.csv, services.csv, locations.csv, service_at_locations.csv, contacts.csv or schedules.csv")),
        }
    }
    let mut a = Assembly { errors, ..Assembly::default() };
    for (table, kind) in TABLES {
        let Some((name, text)) = by_table.get(table) else { continue };
        let records = match read_csv(text) {
            Ok(r) => r,
            Err(e) => {
                a.errors.push(syntax(name, e.line, e.message));
                continue;
            }
        };
        let Some((head, rows)) = records.split_first() else { continue };
        let header: HashMap<String, usize> = head.fields.iter().enumerate().map(|(i, h)| (h.trim().to_string(), i)).collect();
        let missing: Vec<&str> = required_columns(*kind).iter().copied().filter(|c| !header.contains_key(*c)).collect();
        if !missing.is_empty() {
            a.errors.push(syntax(name, head.line, format!("missing column(s): {}", missing.join(", "))));
            continue;
        }
        for (i, record) in rows.iter().enumerate() {
            let mut fields = record.fields.clone();
            if fields.len() != head.fields.len() {
                let message = format!("this row has {} fields, the header has {}", fields.len(), head.fields.len());
                a.errors.push(syntax(name, record.line, message));
                // Still added, so that later rows keep their numbers.
                fields.resize(head.fields.len(), String::new());
            }
            a.add(*kind, i + 1, Some(record.line), &CsvSource { header: &header, fields: &fields });
        }
    }
    a.finish()
}
