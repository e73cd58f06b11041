use proptest::prelude::*;

use super::*;
use crate::team::Pc4Range;

const SAMPLE: &str = include_str!("../../../../data/social-map/voorbeeld-hsds.json");

fn sample() -> Dataset {
    from_json(SAMPLE).unwrap_or_else(|e| panic!("{e:?}"))
}

fn csv_back(d: &Dataset) -> Result<Dataset, Vec<ImportError>> {
    let files = to_csv_files(d);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    from_csv_files(&refs)
}

/// The single record error of a failed import, as (kind, row, field, problem).
fn record_errors(result: Result<Dataset, Vec<ImportError>>) -> Vec<(RecordKind, usize, String, Problem)> {
    result
        .expect_err("import should fail")
        .into_iter()
        .filter_map(|e| match e {
            ImportError::Record { kind, row, field, problem, .. } => Some((kind, row, field, problem)),
            ImportError::Syntax { .. } => None,
        })
        .collect()
}

#[test]
fn sample_file_reads_and_round_trips() {
    let d = sample();
    assert_eq!((d.organizations.len(), d.services.len(), d.locations.len(), d.service_at_locations.len()), (3, 4, 2, 2));
    let s = &d.services[0];
    assert_eq!(s.taxonomy, vec![TaxonomyCode::Domain(LifeDomain::Finances), TaxonomyCode::Kind(ServiceKind::DebtCounselling)]);
    assert_eq!(s.service_areas, Some(Area(vec![Pc4Range { from: 3500, to: 3549 }, Pc4Range { from: 3560, to: 3560 }])));
    assert_eq!(s.schedules[1].closes_at, HourMinute { hour: 12, minute: 30 });
    assert_eq!(s.contacts[0].name.as_deref(), Some("Fatima el Amrani"));
    assert_eq!(d.services[1].answer_days(), DEFAULT_REFERRAL_ANSWER_DAYS);
    assert_eq!(d.services[3].status, ServiceStatus::TemporarilyClosed);
    assert_eq!(d.locations[0].address.as_ref().unwrap().postcode.as_str(), "3512 KL");
    assert_eq!(from_json(&to_json(&d)).unwrap(), d);
    assert_eq!(csv_back(&d).unwrap(), d);
    assert_eq!(from_json_bytes(SAMPLE.as_bytes()).unwrap(), d);
}

#[test]
fn taxonomy_codes_print_and_parse() {
    let all = TaxonomyCode::all();
    assert_eq!(all.len(), LifeDomain::ALL.len() + LegalArea::ALL.len() + ServiceKind::ALL.len());
    for t in all {
        assert_eq!(TaxonomyCode::parse(&t.to_string()), Ok(t));
        assert!(!t.label_nl().is_empty());
    }
    assert_eq!(TaxonomyCode::parse("legal:family"), Ok(TaxonomyCode::Legal(LegalArea::Family)));
    for bad in ["domain:weather", "legal:finances", "finances", "weather:x", ""] {
        assert_eq!(TaxonomyCode::parse(bad), Err(Problem::UnknownTaxonomy(bad.to_string())), "{bad}");
    }
    assert_eq!(serde_json::to_string(&TaxonomyCode::Kind(ServiceKind::BudgetCoaching)).unwrap(), "\"kind:budget_coaching\"");
}

#[test]
fn languages_and_times() {
    assert_eq!(LanguageCode::parse("NL").unwrap().as_str(), "nl");
    for bad in ["xx", "nld", "", "n"] {
        assert!(LanguageCode::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(HourMinute::parse("09:30:00"), Ok(HourMinute { hour: 9, minute: 30 }));
    assert_eq!(HourMinute::parse("9:30"), Err(Problem::BadTime("9:30".into())));
    assert!(HourMinute::parse("24:00").is_err());
    assert!(HourMinute::parse("12:60").is_err());
    assert!(HourMinute::parse("12:30:15").is_err());
}

fn with_service_field(field: &str, value: serde_json::Value) -> String {
    let mut v: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    v["services"][1][field] = value;
    v.to_string()
}

#[test]
fn missing_required_fields_name_row_and_field() {
    let mut v: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    v["services"][1].as_object_mut().unwrap().remove("name");
    v["services"][2].as_object_mut().unwrap().remove("status");
    v["organizations"][2]["id"] = "".into();
    v["service_at_locations"][0]["location_id"] = serde_json::Value::Null;
    let errors = record_errors(from_json(&v.to_string()));
    assert!(errors.contains(&(RecordKind::Service, 2, "name".into(), Problem::Required)), "{errors:?}");
    assert!(errors.contains(&(RecordKind::Service, 3, "status".into(), Problem::Required)), "{errors:?}");
    assert!(errors.contains(&(RecordKind::Organization, 3, "id".into(), Problem::Required)), "{errors:?}");
    assert!(errors.contains(&(RecordKind::ServiceAtLocation, 1, "location_id".into(), Problem::Required)), "{errors:?}");
    // The service of the organisation without id now points nowhere.
    assert!(errors.iter().any(|e| e.0 == RecordKind::Service && e.1 == 4 && e.2 == "organization_id"), "{errors:?}");
}

#[test]
fn bad_values_name_row_and_field() {
    use serde_json::json;
    let cases = [
        ("taxonomy", json!(["domain:finances", "domain:weather"]), Problem::UnknownTaxonomy("domain:weather".into())),
        ("languages", json!(["nl", "xx"]), Problem::BadLanguage("xx".into())),
        ("status", json!("open"), Problem::BadStatus("open".into())),
        ("wait_time_days", json!(-3), Problem::NotNumber),
        ("email", json!("geen adres"), Problem::BadEmail("geen adres".into())),
        ("organization_id", json!("org-nergens"), Problem::UnknownReference { kind: RecordKind::Organization, id: "org-nergens".into() }),
    ];
    for (field, value, problem) in cases {
        let errors = record_errors(from_json(&with_service_field(field, value)));
        assert_eq!(errors, vec![(RecordKind::Service, 2, field.to_string(), problem)], "{field}");
    }
    let errors = record_errors(from_json(&with_service_field("service_areas", json!(["3500-3400"]))));
    assert!(matches!(&errors[..], [(RecordKind::Service, 2, f, Problem::BadArea(_))] if f == "service_areas"), "{errors:?}");
    let errors = record_errors(from_json(&with_service_field(
        "schedules",
        json!([{"id": "s9", "byday": "XX", "opens_at": "9:00", "closes_at": "17:00"}, {"id": "s10", "byday": "FR", "opens_at": "17:00", "closes_at": "09:00"}]),
    )));
    assert_eq!(
        errors,
        vec![
            (RecordKind::Service, 2, "schedules[1].byday".into(), Problem::BadWeekday("XX".into())),
            (RecordKind::Service, 2, "schedules[1].opens_at".into(), Problem::BadTime("9:00".into())),
            (RecordKind::Service, 2, "schedules[2].closes_at".into(), Problem::ClosesBeforeOpens),
        ]
    );
    let mut v: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    v["locations"][1]["postcode"] = "3511 SS".into();
    let errors = record_errors(from_json(&v.to_string()));
    assert_eq!(errors, vec![(RecordKind::Location, 2, "postcode".into(), Problem::BadPostcode("3511 SS".into()))]);
}

#[test]
fn duplicate_ids_name_the_first_row() {
    let mut v: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    v["organizations"][2]["id"] = "org-geldzorg".into();
    v["services"][3]["schedules"] = serde_json::json!([{"id": "sch-1", "byday": "FR", "opens_at": "09:00", "closes_at": "10:00"}]);
    let errors = record_errors(from_json(&v.to_string()));
    let dup = Problem::DuplicateId { id: "org-geldzorg".into(), first_row: 1 };
    assert!(errors.contains(&(RecordKind::Organization, 3, "id".into(), dup)), "{errors:?}");
    let dup = Problem::DuplicateId { id: "sch-1".into(), first_row: 1 };
    assert!(errors.contains(&(RecordKind::Service, 4, "schedules[1].id".into(), dup)), "{errors:?}");
}

#[test]
fn bad_json_is_a_syntax_error_with_a_line() {
    let errors = from_json("{\n\"organizations\": [\n{\"id\": }\n]}").unwrap_err();
    assert!(matches!(&errors[..], [ImportError::Syntax { line: 3, .. }]), "{errors:?}");
    let errors = from_json("[]").unwrap_err();
    assert!(matches!(&errors[..], [ImportError::Syntax { line: 1, .. }]), "{errors:?}");
    let errors = from_json_bytes(b"{\n\"x\": \"\xff\"}").unwrap_err();
    assert!(matches!(&errors[..], [ImportError::Syntax { line: 2, .. }]), "{errors:?}");
    let errors = record_errors(from_json(r#"{"organizations": [{"id": "a", "name": "A"}, 7, {"id": 5, "name": "C"}]}"#));
    assert_eq!(
        errors,
        vec![
            (RecordKind::Organization, 2, String::new(), Problem::NotObject),
            (RecordKind::Organization, 3, "id".into(), Problem::NotText),
            (RecordKind::Organization, 2, "id".into(), Problem::Required),
            (RecordKind::Organization, 2, "name".into(), Problem::Required),
        ]
    );
}

#[test]
fn flat_contacts_and_data_package_resources_are_read() {
    let text = r#"{"resources": [
        {"name": "organizations", "data": [{"id": "o1", "name": "Org"}]},
        {"name": "services", "data": [{"id": "s1", "organization_id": "o1", "name": "Dienst", "status": "active"}]},
        {"name": "contacts", "data": [{"id": "c1", "service_id": "s1", "name": "Ans"}, {"id": "c2", "service_id": "s9"}]}
    ]}"#;
    let errors = record_errors(from_json(text));
    let unknown = Problem::UnknownReference { kind: RecordKind::Service, id: "s9".into() };
    assert_eq!(errors, vec![(RecordKind::Contact, 2, "service_id".into(), unknown)]);
    let d = from_json(&text.replace("s9", "s1")).unwrap();
    assert_eq!(d.services[0].contacts.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["c1", "c2"]);
}

fn sample_csv() -> Vec<(String, String)> {
    to_csv_files(&sample())
}

fn replace_file(files: &mut [(String, String)], name: &str, text: &str) {
    files.iter_mut().find(|(n, _)| n == name).unwrap().1 = text.to_string();
}

fn import(files: &[(String, String)]) -> Result<Dataset, Vec<ImportError>> {
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    from_csv_files(&refs)
}

#[test]
fn csv_list_cells_and_lines() {
    let files = sample_csv();
    let services = &files.iter().find(|(n, _)| n == "services.csv").unwrap().1;
    assert!(services.contains("nl;en;ar;tr"), "{services}");
    assert!(services.contains("3500-3549;3560"), "{services}");
    assert!(services.contains("domain:finances;kind:debt_counselling"), "{services}");

    let text = "id,name,email\r\no1,\"Stichting \"\"Samen\"\"\nVoorbeeldstad\",info@samen.example.org\r\no1,Dubbel,\r\n";
    let errors = import(&[("export/organizations.csv".into(), text.into())]).unwrap_err();
    assert_eq!(
        errors,
        vec![ImportError::Record {
            kind: RecordKind::Organization,
            row: 2,
            line: Some(4),
            field: "id".into(),
            problem: Problem::DuplicateId { id: "o1".into(), first_row: 1 },
        }]
    );
    assert_eq!(errors[0].to_string(), "organizations row 2 (line 4), field id: id 'o1' was already used on row 1");
}

#[test]
fn csv_bad_input_names_file_line_row_and_field() {
    let mut files = sample_csv();
    replace_file(&mut files, "organizations.csv", "id,name\r\no1,\"Open quote\r\no2,Twee\r\n");
    let errors = import(&files).unwrap_err();
    assert!(
        errors.contains(&ImportError::Syntax {
            file: "organizations.csv".into(),
            line: 2,
            message: "the quote opened on line 2 is never closed".into()
        }),
        "{errors:?}"
    );

    let mut files = sample_csv();
    replace_file(&mut files, "locations.csv", "id,organization_id,postcode\r\nl1,org-geldzorg,3512 KL\r\nl2,org-geldzorg,35 KL\r\n");
    let errors = import(&files).unwrap_err();
    let expected = ImportError::Record {
        kind: RecordKind::Location,
        row: 2,
        line: Some(3),
        field: "postcode".into(),
        problem: Problem::BadPostcode("35 KL".into()),
    };
    assert!(errors.contains(&expected), "{errors:?}");

    let mut files = sample_csv();
    replace_file(&mut files, "schedules.csv", "id,service_id,byday\r\n");
    let errors = import(&files).unwrap_err();
    assert!(
        matches!(&errors[..], [ImportError::Syntax { file, line: 1, message }] if file == "schedules.csv" && message.contains("opens_at, closes_at")),
        "{errors:?}"
    );

    let mut files = sample_csv();
    replace_file(&mut files, "service_at_locations.csv", "id,service_id,location_id\r\nsal-1,svc-schuldhulp\r\n");
    let errors = import(&files).unwrap_err();
    assert!(errors.iter().any(|e| matches!(e, ImportError::Syntax { line: 2, .. })), "{errors:?}");

    let mut files = sample_csv();
    files.push(("kaart.csv".into(), String::new()));
    assert!(matches!(&import(&files).unwrap_err()[..], [ImportError::Syntax { file, .. }] if file == "kaart.csv"));
}

#[test]
fn a_missing_csv_file_is_an_empty_table() {
    let files = vec![("organizations.csv".to_string(), "id,name\no1,Org\n".to_string())];
    let d = import(&files).unwrap();
    assert_eq!(d.organizations.len(), 1);
    assert!(d.services.is_empty());
}

// Search.

fn ids(found: Vec<&Service>) -> Vec<&str> {
    found.into_iter().map(|s| s.id.as_str()).collect()
}

#[test]
fn search_filters_each_on_their_own() {
    let d = sample();
    let q = Query::default();
    assert_eq!(ids(search(&d.services, &q)), vec!["svc-budgetcoach", "svc-schuldhulp", "svc-raadslieden"], "active only, by name");
    let all = search(&d.services, &Query { include_inactive: true, ..Query::default() });
    assert_eq!(all.len(), 4);

    let need = Query { need: Some(LifeDomain::Finances.into()), ..Query::default() };
    assert_eq!(ids(search(&d.services, &need)), vec!["svc-budgetcoach", "svc-schuldhulp"]);
    let legal = Query { need: Some(TaxonomyCode::Legal(LegalArea::TaxesAllowances)), ..Query::default() };
    assert_eq!(ids(search(&d.services, &legal)), vec!["svc-raadslieden"]);

    let pc4 = Query { pc4: Some(3550), ..Query::default() };
    assert_eq!(ids(search(&d.services, &pc4)), vec!["svc-budgetcoach", "svc-raadslieden"], "no area: everywhere");
    let pc4 = Query { pc4: Some(3560), ..Query::default() };
    assert_eq!(search(&d.services, &pc4).len(), 3);

    let language = Query { language: Some(LanguageCode::parse("so").unwrap()), ..Query::default() };
    assert_eq!(ids(search(&d.services, &language)), vec!["svc-raadslieden"]);

    for text in ["financien", "FINANCIËN", "Financiën"] {
        let q = Query { text: text.into(), ..Query::default() };
        assert_eq!(ids(search(&d.services, &q)), vec!["svc-budgetcoach", "svc-schuldhulp"], "{text}");
    }
    let q = Query { text: "bezwaar toeslagen".into(), ..Query::default() };
    assert_eq!(ids(search(&d.services, &q)), vec!["svc-raadslieden"]);
    let q = Query { text: "bezwaar verhuizing".into(), ..Query::default() };
    assert!(search(&d.services, &q).is_empty(), "every word must match");

    let huur = &d.services[3];
    assert!(!matches(huur, &Query::default()), "temporarily closed");
    assert!(matches(huur, &Query { include_inactive: true, pc4: Some(3525), ..Query::default() }));
    assert!(!matches(huur, &Query { include_inactive: true, pc4: Some(3530), ..Query::default() }));
}

#[test]
fn search_ranks_taxonomy_then_name() {
    let mut d = sample();
    let base = d.services[1].clone();
    let service = |id: &str, name: &str, description: &str, taxonomy: Vec<TaxonomyCode>| Service {
        id: id.into(),
        name: name.into(),
        description: Some(description.into()),
        taxonomy,
        ..base.clone()
    };
    d.services = vec![
        service("c", "Algemeen spreekuur", "Ook voor vragen over schulden.", vec![]),
        service("b", "Schuldenwijzer", "Online overzicht.", vec![]),
        service("a", "Hulp bij geld", "Samen een plan maken.", vec![TaxonomyCode::Kind(ServiceKind::DebtCounselling)]),
    ];
    let q = Query { text: "schulden".into(), ..Query::default() };
    assert_eq!(ids(search(&d.services, &q)), vec!["a", "b", "c"]);
}

// Round trips over generated datasets.

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Zéëïöüçß ,;\"'\n\r]{1,12}".prop_filter("not blank", |s| !s.trim().is_empty())
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

prop_compose! {
    fn contact()(id in "[a-z0-9,\" ]{1,6}", name in opt_text(), title in opt_text(), email in prop::option::of("[a-z]{1,5}@[a-z]{1,5}\\.nl"), phone in prop::option::of("0[0-9]{9}")) -> Contact {
        Contact { id: format!("c{id}"), name, title, email, phone }
    }
}

prop_compose! {
    fn schedule()(weekday in prop::sample::select(Weekday::ALL), oh in 0u8..23, om in 0u8..60, ch in 1u8..24, cm in 0u8..60) -> Schedule {
        let closes = if ch > oh { ch } else { oh + 1 };
        Schedule { id: String::new(), weekday, opens_at: HourMinute { hour: oh, minute: om }, closes_at: HourMinute { hour: closes, minute: cm } }
    }
}

prop_compose! {
    fn area()(ranges in prop::collection::vec((1000u16..9999, 0u16..60), 0..3)) -> Option<Area> {
        (!ranges.is_empty()).then(|| Area(ranges.into_iter().map(|(from, len)| Pc4Range { from, to: (from + len).min(9999) }).collect()))
    }
}

prop_compose! {
    fn service()(
        name in text(), description in opt_text(), status in prop::sample::select(ServiceStatus::ALL),
        url in opt_text(), application_process in opt_text(), eligibility_description in opt_text(), fees_description in opt_text(),
        wait_time_days in prop::option::of(any::<u32>()), capacity_note in opt_text(), referral_answer_days in prop::option::of(0u32..30),
        languages in prop::sample::subsequence(vec!["nl", "en", "ar", "tr", "pl", "so", "ti", "uk"], 0..4),
        service_areas in area(), taxonomy in prop::sample::subsequence(TaxonomyCode::all(), 0..4),
        contacts in prop::collection::vec(contact(), 0..3), schedules in prop::collection::vec(schedule(), 0..3),
        org in any::<prop::sample::Index>(),
    ) -> (prop::sample::Index, Service) {
        let service = Service {
            id: String::new(), organization_id: String::new(), name, description, status, email: None, url, phone: None,
            application_process, eligibility_description, fees_description, wait_time_days, capacity_note, referral_answer_days,
            languages: languages.into_iter().map(|l| LanguageCode::parse(l).unwrap()).collect(),
            service_areas, taxonomy, contacts, schedules,
        };
        (org, service)
    }
}

prop_compose! {
    fn location()(name in opt_text(), accessibility in opt_text(), org in any::<prop::sample::Index>(),
        address in prop::option::of((text(), prop::option::of("[0-9]{1,3}[a-z]?"), prop::sample::select(vec!["3512KL", "1011 ab", "9999 ZZ"]), text()))
    ) -> (prop::sample::Index, Location) {
        let address = address.map(|(street, house_number, postcode, city)| Address { street, house_number, postcode: Postcode::parse(postcode).unwrap(), city });
        (org, Location { id: String::new(), organization_id: String::new(), name, address, accessibility })
    }
}

prop_compose! {
    fn dataset()(
        orgs in prop::collection::vec((text(), opt_text(), prop::option::of("[a-z]{1,5}@voorbeeld\\.nl"), opt_text()), 1..4),
        services in prop::collection::vec(service(), 0..4),
        locations in prop::collection::vec(location(), 0..3),
        links in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..3),
    ) -> Dataset {
        let organizations: Vec<Organization> = orgs.into_iter().enumerate().map(|(i, (name, description, email, website))| {
            Organization { id: format!("org-{i}, \"é\""), name, description, email, website }
        }).collect();
        let n = organizations.len();
        let mut contact_no = 0;
        let services: Vec<Service> = services.into_iter().enumerate().map(|(i, (org, mut s))| {
            s.id = format!("svc-{i}");
            s.organization_id = organizations[org.index(n)].id.clone();
            for c in &mut s.contacts {
                contact_no += 1;
                c.id = format!("{}-{contact_no}", c.id);
            }
            for (j, h) in s.schedules.iter_mut().enumerate() {
                h.id = format!("sch-{i}-{j}");
            }
            s
        }).collect();
        let locations: Vec<Location> = locations.into_iter().enumerate().map(|(i, (org, mut l))| {
            l.id = format!("loc-{i}");
            l.organization_id = organizations[org.index(n)].id.clone();
            l
        }).collect();
        let service_at_locations = if services.is_empty() || locations.is_empty() { Vec::new() } else {
            links.into_iter().enumerate().map(|(i, (s, l))| ServiceAtLocation {
                id: format!("sal-{i}"),
                service_id: services[s.index(services.len())].id.clone(),
                location_id: locations[l.index(locations.len())].id.clone(),
            }).collect()
        };
        Dataset { organizations, services, locations, service_at_locations }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn json_round_trip(d in dataset()) {
        prop_assert_eq!(validate(&d), Ok(()));
        prop_assert_eq!(from_json(&to_json(&d)), Ok(d));
    }

    #[test]
    fn csv_round_trip(d in dataset()) {
        prop_assert_eq!(csv_back(&d), Ok(d));
    }
}
