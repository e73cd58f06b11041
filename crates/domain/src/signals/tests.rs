use super::*;
use proptest::prelude::*;
use time::macros::date;

const TODAY: Date = date!(2026 - 11 - 27);

fn raw() -> RawSignal {
    RawSignal {
        sender_reference: "WC-2026-0001".into(),
        signal_type: "rent".into(),
        amount: "1.234,56".into(),
        days_in_arrears: "45".into(),
        signal_date: "2026-11-20".into(),
        given_names: "Anna Maria".into(),
        name_prefix: "van der".into(),
        family_name: "Berg".into(),
        date_of_birth: "1980-05-17".into(),
        street: "Dorpsstraat".into(),
        house_number: "12".into(),
        house_addition: "a".into(),
        postcode: "3511ab".into(),
        city: "Utrecht".into(),
        phone: "06-12345678".into(),
        email: "anna@example.nl".into(),
        bsn: "111222333".into(),
        ..RawSignal::default()
    }
}

fn problems(r: &RawSignal) -> Vec<(&'static str, SignalError)> {
    check_signal(r, TODAY).expect_err("refused").into_iter().map(|p| (p.field, p.error)).collect()
}

#[test]
fn a_complete_signal_is_checked_and_normalised() {
    let s = check_signal(&raw(), TODAY).unwrap();
    assert_eq!(s.amount_cents, 123_456);
    assert_eq!(s.signal_type, SignalType::Rent);
    assert_eq!((s.days_in_arrears, s.months_in_arrears), (Some(45), None));
    assert_eq!(s.postcode.as_str(), "3511 AB");
    assert_eq!(s.address_key(), "3511AB|12|A");
    assert_eq!(s.name_prefix.as_deref(), Some("van der"));
    assert_eq!(s.date_of_birth, Some(date!(1980 - 05 - 17)));
    assert_eq!(s.bsn.as_ref().map(Bsn::as_str), Some("111222333"));
    // Optional fields empty.
    let r = RawSignal {
        given_names: String::new(),
        name_prefix: " ".into(),
        date_of_birth: String::new(),
        house_addition: String::new(),
        phone: String::new(),
        email: String::new(),
        bsn: String::new(),
        days_in_arrears: String::new(),
        ..raw()
    };
    let s = check_signal(&r, TODAY).unwrap();
    assert_eq!(s.address_key(), "3511AB|12|");
    assert_eq!((s.given_names.as_str(), s.name_prefix, s.date_of_birth, s.bsn, s.phone, s.email), ("", None, None, None, None, None));
}

#[test]
fn house_numbers_with_their_addition_in_one_field() {
    for (number, key) in [("12A", "3511AB|12|A"), ("12-2", "3511AB|12|2"), ("12 b", "3511AB|12|B"), ("12", "3511AB|12|")] {
        let s = check_signal(&RawSignal { house_number: number.into(), house_addition: String::new(), ..raw() }, TODAY).unwrap();
        assert_eq!(s.address_key(), key, "{number}");
    }
    let r = RawSignal { house_addition: "2-a".into(), ..raw() };
    assert_eq!(check_signal(&r, TODAY).unwrap().address_key(), "3511AB|12|2A");
    assert_eq!(problems(&RawSignal { house_number: "twaalf".into(), ..raw() }), [("house_number", SignalError::HouseNumber)]);
    assert_eq!(problems(&RawSignal { house_addition: "<b>".into(), ..raw() }), [("house_addition", SignalError::HouseNumber)]);
    assert_eq!(problems(&RawSignal { house_number: " ".into(), ..raw() }), [("house_number", SignalError::Required)]);
}

#[test]
fn bad_type() {
    assert_eq!(problems(&RawSignal { signal_type: "huur".into(), ..raw() }), [("signal_type", SignalError::UnknownType)]);
    assert_eq!(problems(&RawSignal { signal_type: "".into(), ..raw() }), [("signal_type", SignalError::Required)]);
    assert_eq!(
        check_signal(&RawSignal { signal_type: " Health_Insurance ".into(), ..raw() }, TODAY).unwrap().signal_type,
        SignalType::HealthInsurance
    );
    // An unknown type does not also complain about a missing amount.
    assert_eq!(
        problems(&RawSignal { signal_type: "huur".into(), amount: "".into(), ..raw() }),
        [("signal_type", SignalError::UnknownType)]
    );
}

#[test]
fn amounts() {
    for (text, cents) in [
        ("123", 12_300),
        ("123.45", 12_345),
        ("123,45", 12_345),
        ("123,5", 12_350),
        ("1.234,56", 123_456),
        ("1,234.56", 123_456),
        ("12.345,00", 1_234_500),
        ("€ 99,95", 9_995),
        ("  0007 ", 700),
        ("100000", MAX_AMOUNT_CENTS),
        ("-0", 0),
    ] {
        assert_eq!(parse_amount_cents(text), Ok(cents), "{text}");
    }
    for text in [
        "",
        "abc",
        "1.234",
        "1,234",
        "1.2345",
        "12,",
        ",5",
        "1.234.56",
        "1,234,56",
        "1.234.567",
        "1.23,45",
        "1 234",
        "12e3",
        "--1",
        "1,234.5.6",
        "€",
    ] {
        assert_eq!(parse_amount_cents(text), Err(SignalError::NotAnAmount), "{text}");
    }
    assert_eq!(parse_amount_cents("-12,50"), Err(SignalError::NegativeAmount));
    assert_eq!(parse_amount_cents("100000,01"), Err(SignalError::AbsurdAmount));
    assert_eq!(parse_amount_cents("99999999999999999999999"), Err(SignalError::AbsurdAmount));
    assert_eq!(parse_amount_cents("-99999999999999999999999"), Err(SignalError::NegativeAmount));

    assert_eq!(problems(&RawSignal { amount: "-5".into(), ..raw() }), [("amount", SignalError::NegativeAmount)]);
    assert_eq!(problems(&RawSignal { amount: "250000".into(), ..raw() }), [("amount", SignalError::AbsurdAmount)]);
    assert_eq!(problems(&RawSignal { amount: "0".into(), ..raw() }), [("amount", SignalError::ZeroAmount)]);
    assert_eq!(problems(&RawSignal { amount: "".into(), ..raw() }), [("amount", SignalError::Required)]);
    // End of supply needs no amount.
    let eos = |amount: &str| check_signal(&RawSignal { signal_type: "end_of_supply".into(), amount: amount.into(), ..raw() }, TODAY);
    assert_eq!(eos("").unwrap().amount_cents, 0);
    assert_eq!(eos("0").unwrap().amount_cents, 0);
    assert_eq!(eos("12,34").unwrap().amount_cents, 1234);
    assert!(eos("-1").is_err());
}

#[test]
fn arrears_numbers() {
    assert_eq!(check_signal(&RawSignal { months_in_arrears: "3".into(), ..raw() }, TODAY).unwrap().months_in_arrears, Some(3));
    assert_eq!(problems(&RawSignal { days_in_arrears: "-3".into(), ..raw() }), [("days_in_arrears", SignalError::NotANumber)]);
    assert_eq!(problems(&RawSignal { days_in_arrears: "4000".into(), ..raw() }), [("days_in_arrears", SignalError::OutOfRange)]);
    assert_eq!(problems(&RawSignal { months_in_arrears: "2.5".into(), ..raw() }), [("months_in_arrears", SignalError::NotANumber)]);
    assert_eq!(problems(&RawSignal { months_in_arrears: "99999999999".into(), ..raw() }), [("months_in_arrears", SignalError::OutOfRange)]);
}

#[test]
fn signal_dates() {
    assert_eq!(problems(&RawSignal { signal_date: "2026-11-28".into(), ..raw() }), [("signal_date", SignalError::InFuture)]);
    assert!(check_signal(&RawSignal { signal_date: "2026-11-27".into(), ..raw() }, TODAY).is_ok(), "today");
    assert!(check_signal(&RawSignal { signal_date: "2025-11-27".into(), ..raw() }, TODAY).is_ok(), "exactly a year ago");
    assert_eq!(problems(&RawSignal { signal_date: "2025-11-26".into(), ..raw() }), [("signal_date", SignalError::TooOld)]);
    assert_eq!(problems(&RawSignal { signal_date: "27-11-2026".into(), ..raw() }), [("signal_date", SignalError::Date)]);
    assert_eq!(problems(&RawSignal { signal_date: "2026-02-30".into(), ..raw() }), [("signal_date", SignalError::Date)]);
    assert_eq!(problems(&RawSignal { signal_date: "".into(), ..raw() }), [("signal_date", SignalError::Required)]);
    assert_eq!(oldest_signal_date(date!(2028 - 02 - 29)), date!(2027 - 02 - 28));
    assert_eq!(problems(&RawSignal { date_of_birth: "2027-01-01".into(), ..raw() }), [("date_of_birth", SignalError::InFuture)]);
    assert_eq!(problems(&RawSignal { date_of_birth: "1890-01-01".into(), ..raw() }), [("date_of_birth", SignalError::TooOld)]);
    assert_eq!(problems(&RawSignal { date_of_birth: "17-05-1980".into(), ..raw() }), [("date_of_birth", SignalError::Date)]);
}

#[test]
fn reference_names_and_address() {
    assert_eq!(problems(&RawSignal { sender_reference: "  ".into(), ..raw() }), [("sender_reference", SignalError::Required)]);
    assert_eq!(problems(&RawSignal { sender_reference: "x".repeat(101), ..raw() }), [("sender_reference", SignalError::TooLong(100))]);
    assert!(check_signal(&RawSignal { sender_reference: "x".repeat(100), ..raw() }, TODAY).is_ok());
    assert_eq!(problems(&RawSignal { postcode: "0123 AB".into(), ..raw() }), [("postcode", SignalError::Postcode)]);
    assert_eq!(problems(&RawSignal { postcode: "3511 SS".into(), ..raw() }), [("postcode", SignalError::Postcode)]);
    assert_eq!(problems(&RawSignal { family_name: "".into(), ..raw() }), [("family_name", SignalError::Required)]);
    assert_eq!(problems(&RawSignal { family_name: "Berg\nJansen".into(), ..raw() }), [("family_name", SignalError::ControlCharacter)]);
    assert_eq!(problems(&RawSignal { city: "x".repeat(MAX_SHORT + 1), ..raw() }), [("city", SignalError::TooLong(MAX_SHORT))]);
    assert_eq!(problems(&RawSignal { bsn: "111222334".into(), ..raw() }), [("bsn", SignalError::Bsn)]);
    assert_eq!(problems(&RawSignal { phone: "bel me".into(), ..raw() }), [("phone", SignalError::Phone)]);
    assert_eq!(problems(&RawSignal { phone: "12".into(), ..raw() }), [("phone", SignalError::Phone)]);
    assert!(check_signal(&RawSignal { phone: "+31 (0)30 123 4567".into(), ..raw() }, TODAY).is_ok());
    assert_eq!(problems(&RawSignal { email: "anna at example".into(), ..raw() }), [("email", SignalError::Email)]);
    assert_eq!(problems(&RawSignal { email: "a@b@c".into(), ..raw() }), [("email", SignalError::Email)]);
}

#[test]
fn every_problem_is_listed_in_field_order() {
    let got = problems(&RawSignal::default());
    assert_eq!(
        got,
        [
            ("sender_reference", SignalError::Required),
            ("signal_type", SignalError::Required),
            ("signal_date", SignalError::Required),
            ("family_name", SignalError::Required),
            ("street", SignalError::Required),
            ("house_number", SignalError::Required),
            ("postcode", SignalError::Required),
            ("city", SignalError::Required),
        ]
    );
    let p = check_signal(&RawSignal { amount: "-1".into(), postcode: "x".into(), ..raw() }, TODAY).unwrap_err();
    assert_eq!(
        p.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["amount: the amount is negative", "postcode: not a Dutch postcode (1234 AB)"]
    );
}

#[test]
fn error_keys_are_unique_and_listed() {
    let all = [
        SignalError::Required,
        SignalError::UnknownType,
        SignalError::NotAnAmount,
        SignalError::NegativeAmount,
        SignalError::ZeroAmount,
        SignalError::AbsurdAmount,
        SignalError::NotANumber,
        SignalError::OutOfRange,
        SignalError::TooLong(1),
        SignalError::ControlCharacter,
        SignalError::Date,
        SignalError::InFuture,
        SignalError::TooOld,
        SignalError::Postcode,
        SignalError::HouseNumber,
        SignalError::Bsn,
        SignalError::Phone,
        SignalError::Email,
    ];
    assert_eq!(all.iter().map(SignalError::key).collect::<Vec<_>>(), ERROR_KEYS);
    let mut keys = ERROR_KEYS.to_vec();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), ERROR_KEYS.len());
    assert_eq!(SignalError::UnknownType.key(), "err-signal-unknown-type");
}

#[test]
fn raw_fields_are_all_named() {
    let mut r = RawSignal::default();
    for (i, f) in RawSignal::FIELDS.iter().enumerate() {
        *r.field_mut(f).unwrap() = i.to_string();
    }
    let json = serde_json::to_value(&r).unwrap();
    for (i, f) in RawSignal::FIELDS.iter().enumerate() {
        assert_eq!(json[f], serde_json::Value::String(i.to_string()), "{f}");
    }
    assert_eq!(json.as_object().unwrap().len(), RawSignal::FIELDS.len());
    assert!(RawSignal::REQUIRED.iter().all(|f| RawSignal::FIELDS.contains(f)));
    assert!(r.field_mut("nope").is_none());
}

#[test]
fn months_are_added_by_the_calendar() {
    assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
    assert_eq!(add_months(date!(2026 - 03 - 31), -1), date!(2026 - 02 - 28));
    assert_eq!(add_months(date!(2026 - 01 - 15), -13), date!(2024 - 12 - 15));
    assert_eq!(add_months(date!(2026 - 01 - 15), i32::MAX), Date::MAX);
    assert_eq!(add_months(date!(2026 - 01 - 15), i32::MIN), Date::MIN);
}

fn field() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[0-9 .,€+-]{0,20}", "[0-9]{4}-[0-9]{2}-[0-9]{2}", "[0-9]{1,6}[a-zA-Z -]{0,4}", Just(String::new())]
}

proptest! {
    /// Whatever arrives, the check answers (a signal or its problems) and never panics; an
    /// accepted signal has an amount within bounds and a date within the year.
    #[test]
    fn check_signal_never_panics(fields in proptest::collection::vec(field(), 18), mix in proptest::collection::vec(any::<bool>(), 18)) {
        let base = raw();
        let mut r = base.clone();
        for (i, f) in RawSignal::FIELDS.iter().enumerate() {
            if mix[i] {
                *r.field_mut(f).unwrap() = fields[i].clone();
            }
        }
        match check_signal(&r, TODAY) {
            Ok(s) => {
                prop_assert!((0..=MAX_AMOUNT_CENTS).contains(&s.amount_cents));
                prop_assert!(s.signal_date <= TODAY && s.signal_date >= oldest_signal_date(TODAY));
                prop_assert!(!s.family_name.is_empty());
            }
            Err(p) => prop_assert!(!p.is_empty()),
        }
    }

    #[test]
    fn parse_amount_never_panics(s in any::<String>()) {
        if let Ok(c) = parse_amount_cents(&s) {
            prop_assert!((0..=MAX_AMOUNT_CENTS).contains(&c));
        }
    }

    #[test]
    fn amounts_round_trip(cents in 0i64..=MAX_AMOUNT_CENTS) {
        let euros = cents / 100;
        let rest = cents % 100;
        prop_assert_eq!(parse_amount_cents(&format!("{euros}.{rest:02}")), Ok(cents));
        prop_assert_eq!(parse_amount_cents(&format!("{euros},{rest:02}")), Ok(cents));
    }
}
