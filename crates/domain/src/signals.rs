//! Early signals (vroegsignalering, Wgs art. 3a and the Besluit gemeentelijke schuldhulpverlening §2):
//! landlords, energy and water companies and health insurers report payment arrears, and the
//! municipality offers help. Pure rules: what one signal must hold ([`check_signal`]), reading a
//! batch file ([`csv`]), combining signals per address into a *melding* and matching it to a
//! household ([`matching`]), the outreach with its statutory feedback ([`outreach`]), when a signal
//! may be removed ([`retention`]) and the policy dashboard ([`dashboard`]).
//!
//! # One signal
//!
//! A signal arrives as text ([`RawSignal`], from JSON or a CSV row) and is checked field by field;
//! every problem is listed with its field ([`SignalProblem`]), so a sender fixes a row in one go.
//!
//! | field | rule |
//! |---|---|
//! | `sender_reference` | required, at most [`MAX_REFERENCE`] characters |
//! | `signal_type` | one of the [`SignalType`] codes (case and surrounding spaces ignored) |
//! | `amount` | euros, see [`parse_amount_cents`]; `end_of_supply` may leave it empty or 0, the others need more than 0; at most [`MAX_AMOUNT_CENTS`] |
//! | `days_in_arrears`, `months_in_arrears` | optional whole numbers, at most [`MAX_DAYS_IN_ARREARS`] and [`MAX_MONTHS_IN_ARREARS`] |
//! | `signal_date` | required, `YYYY-MM-DD`, not after today and not more than one year before it |
//! | `given_names`, `name_prefix` | optional |
//! | `family_name` | required |
//! | `date_of_birth` | optional, `YYYY-MM-DD`, not in the future, not more than 120 years ago |
//! | `street`, `city` | required |
//! | `house_number` | required; `12`, or `12A` / `12-2` / `12 A` with `house_addition` empty (split off) |
//! | `house_addition` | optional, letters, digits, `-` and spaces, at most 6 characters |
//! | `postcode` | required, a Dutch postcode (`3511 AB`, `3511ab`) |
//! | `phone` | optional: digits, spaces, `+`, `-`, `(`, `)`, 8 to 15 digits |
//! | `email` | optional: one `@` with text on both sides, no spaces |
//! | `bsn` | optional, 9 digits passing the 11-proof (only where the sender may lawfully give it) |
//!
//! Text fields are trimmed; names, street and city are at most [`MAX_SHORT`] characters and may not
//! hold control characters (a line break in a name is a broken file, not a name).

pub mod csv;
pub mod dashboard;
pub mod matching;
pub mod outreach;
pub mod retention;

use crate::code_enum;
use crate::household::{Bsn, FieldError, HouseNumber, MAX_SHORT, Postcode, parse_date, parse_date_of_birth};
use serde::{Deserialize, Serialize};
use time::{Date, Month};

code_enum!(
    /// What the arrears are for. The six statutory types (rent, electricity, gas, heat, drinking
    /// water, health insurance), the energy supplier's end-of-supply signal (eindeleveringssignaal,
    /// since 1 April 2023) and other signals a municipality accepts by configuration.
    SignalType {
        Rent = "rent",
        Electricity = "electricity",
        Gas = "gas",
        Heat = "heat",
        Water = "water",
        HealthInsurance = "health_insurance",
        EndOfSupply = "end_of_supply",
        Other = "other",
    }
);

code_enum!(
    /// The kind of organisation that sends signals.
    SenderKind {
        HousingCorporation = "housing_corporation",
        PrivateLandlord = "private_landlord",
        Energy = "energy",
        Water = "water",
        HealthInsurer = "health_insurer",
        Other = "other",
    }
);

/// The most a signal's amount may be: €100 000. Statutory signals are sent after 30 to 100 days of
/// arrears (Landelijk Convenant Vroegsignalering): a few months of rent, energy, water or premium.
/// Even a year of rent of an expensive dwelling stays far below this; an amount above it is almost
/// certainly an error (cents sent as euros, an account number in the amount column) and is refused
/// rather than raising the melding's priority. Team choice.
pub const MAX_AMOUNT_CENTS: i64 = 100_000 * 100;
/// Longest sender reference.
pub const MAX_REFERENCE: usize = 100;
/// Most days in arrears accepted (ten years): more is a typo.
pub const MAX_DAYS_IN_ARREARS: u32 = 3650;
/// Most months in arrears accepted (ten years): more is a typo.
pub const MAX_MONTHS_IN_ARREARS: u32 = 120;
/// Longest e-mail address (RFC 5321 path limit).
pub const MAX_EMAIL: usize = 254;

/// A signal as received: every field as text (from JSON or a CSV row). Optional fields are empty strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawSignal {
    pub sender_reference: String,
    pub signal_type: String,
    pub amount: String,
    pub days_in_arrears: String,
    pub months_in_arrears: String,
    pub signal_date: String,
    pub given_names: String,
    pub name_prefix: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub street: String,
    pub house_number: String,
    pub house_addition: String,
    pub postcode: String,
    pub city: String,
    pub phone: String,
    pub email: String,
    pub bsn: String,
}

impl RawSignal {
    /// The field names, in the order of the struct (also the CSV column names).
    pub const FIELDS: &'static [&'static str] = &[
        "sender_reference",
        "signal_type",
        "amount",
        "days_in_arrears",
        "months_in_arrears",
        "signal_date",
        "given_names",
        "name_prefix",
        "family_name",
        "date_of_birth",
        "street",
        "house_number",
        "house_addition",
        "postcode",
        "city",
        "phone",
        "email",
        "bsn",
    ];

    /// The fields that must be filled in for every signal (`amount` may stay empty for `end_of_supply`,
    /// but its column is still required in a file).
    pub const REQUIRED: &'static [&'static str] =
        &["sender_reference", "signal_type", "amount", "signal_date", "family_name", "street", "house_number", "postcode", "city"];

    /// The field called `name` (one of [`RawSignal::FIELDS`]), to fill in.
    pub fn field_mut(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "sender_reference" => &mut self.sender_reference,
            "signal_type" => &mut self.signal_type,
            "amount" => &mut self.amount,
            "days_in_arrears" => &mut self.days_in_arrears,
            "months_in_arrears" => &mut self.months_in_arrears,
            "signal_date" => &mut self.signal_date,
            "given_names" => &mut self.given_names,
            "name_prefix" => &mut self.name_prefix,
            "family_name" => &mut self.family_name,
            "date_of_birth" => &mut self.date_of_birth,
            "street" => &mut self.street,
            "house_number" => &mut self.house_number,
            "house_addition" => &mut self.house_addition,
            "postcode" => &mut self.postcode,
            "city" => &mut self.city,
            "phone" => &mut self.phone,
            "email" => &mut self.email,
            "bsn" => &mut self.bsn,
            _ => return None,
        })
    }
}

/// A checked signal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    pub sender_reference: String,
    pub signal_type: SignalType,
    pub amount_cents: i64,
    pub days_in_arrears: Option<u32>,
    pub months_in_arrears: Option<u32>,
    pub signal_date: Date,
    pub given_names: String,
    pub name_prefix: Option<String>,
    pub family_name: String,
    pub date_of_birth: Option<Date>,
    pub street: String,
    pub number: HouseNumber,
    pub postcode: Postcode,
    pub city: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub bsn: Option<Bsn>,
}

impl Signal {
    /// The address as signals are combined by: `3511AB|12|A` — the postcode without its space, the
    /// house number, and the addition upper-cased with only its letters and digits (`2-a`, `2 A`
    /// and `2A` are one address), or empty.
    pub fn address_key(&self) -> String {
        address_key(&self.postcode, &self.number)
    }
}

/// The address key of a postcode and house number (see [`Signal::address_key`]); the store uses it
/// for households too, so both sides compare alike.
pub fn address_key(postcode: &Postcode, number: &HouseNumber) -> String {
    let pc: String = postcode.as_str().chars().filter(|c| !c.is_whitespace()).collect();
    let addition: String =
        number.addition.as_deref().unwrap_or("").chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect();
    format!("{pc}|{}|{addition}", number.number)
}

/// What is wrong with one field of a signal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignalError {
    #[error("required")]
    Required,
    #[error("unknown signal type (rent, electricity, gas, heat, water, health_insurance, end_of_supply, other)")]
    UnknownType,
    #[error("not an amount in euros (1234.56, 1234,56 or 1.234,56)")]
    NotAnAmount,
    #[error("the amount is negative")]
    NegativeAmount,
    #[error("the amount must be more than 0 for this signal type")]
    ZeroAmount,
    #[error("the amount is more than €100 000: almost certainly an error")]
    AbsurdAmount,
    #[error("not a whole number")]
    NotANumber,
    #[error("the number is implausibly large")]
    OutOfRange,
    #[error("too long (at most {0} characters)")]
    TooLong(usize),
    #[error("contains a control character (a line break or tab)")]
    ControlCharacter,
    #[error("not a date (YYYY-MM-DD)")]
    Date,
    #[error("the date lies in the future")]
    InFuture,
    #[error("the date is too long ago")]
    TooOld,
    #[error("not a Dutch postcode (1234 AB)")]
    Postcode,
    #[error("not a house number")]
    HouseNumber,
    #[error("not a valid BSN (9 digits that pass the 11-proof)")]
    Bsn,
    #[error("not a phone number")]
    Phone,
    #[error("not an e-mail address")]
    Email,
}

/// Every i18n key [`SignalError::key`] returns (for the locale files' completeness test).
pub const ERROR_KEYS: &[&str] = &[
    "err-signal-required",
    "err-signal-unknown-type",
    "err-signal-not-an-amount",
    "err-signal-negative-amount",
    "err-signal-zero-amount",
    "err-signal-absurd-amount",
    "err-signal-not-a-number",
    "err-signal-out-of-range",
    "err-signal-too-long",
    "err-signal-control-character",
    "err-signal-date",
    "err-signal-in-future",
    "err-signal-too-old",
    "err-signal-postcode",
    "err-signal-house-number",
    "err-signal-bsn",
    "err-signal-phone",
    "err-signal-email",
];

impl SignalError {
    /// The i18n key of the message (`TooLong` takes its maximum as the argument `max`).
    pub fn key(&self) -> &'static str {
        match self {
            SignalError::Required => "err-signal-required",
            SignalError::UnknownType => "err-signal-unknown-type",
            SignalError::NotAnAmount => "err-signal-not-an-amount",
            SignalError::NegativeAmount => "err-signal-negative-amount",
            SignalError::ZeroAmount => "err-signal-zero-amount",
            SignalError::AbsurdAmount => "err-signal-absurd-amount",
            SignalError::NotANumber => "err-signal-not-a-number",
            SignalError::OutOfRange => "err-signal-out-of-range",
            SignalError::TooLong(_) => "err-signal-too-long",
            SignalError::ControlCharacter => "err-signal-control-character",
            SignalError::Date => "err-signal-date",
            SignalError::InFuture => "err-signal-in-future",
            SignalError::TooOld => "err-signal-too-old",
            SignalError::Postcode => "err-signal-postcode",
            SignalError::HouseNumber => "err-signal-house-number",
            SignalError::Bsn => "err-signal-bsn",
            SignalError::Phone => "err-signal-phone",
            SignalError::Email => "err-signal-email",
        }
    }
}

/// One problem of a signal: the field (a [`RawSignal`] field name) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignalProblem {
    pub field: &'static str,
    pub error: SignalError,
}

impl std::fmt::Display for SignalProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.error)
    }
}

/// `date` plus (or minus, when negative) whole calendar months; a day past the end of the target
/// month becomes its last day (31 March minus one month is 28 or 29 February). Saturates at the
/// dates `time` can represent.
pub fn add_months(date: Date, months: i32) -> Date {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let edge = if months < 0 { Date::MIN } else { Date::MAX };
    let Ok(year) = i32::try_from(index.div_euclid(12)) else {
        return edge;
    };
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).expect("1 to 12");
    Date::from_calendar_date(year, month, date.day().min(month.length(year))).unwrap_or(edge)
}

/// Parses an amount in euros into cents. Accepted: an optional `€` and spaces around, an optional
/// sign, digits, and at most two decimals after a `.` or a `,` (`123`, `123.4`, `123,45`). Thousands
/// separators only together with decimals, and then the other mark than the decimal one, in groups
/// of three: `1.234,56` (Dutch) and `1,234.56` (English). Refused as ambiguous: `1.234` and `1,234`
/// (a thousand euros or one euro and change?) and three or more decimals. A negative amount is
/// [`SignalError::NegativeAmount`]; more than [`MAX_AMOUNT_CENTS`] is [`SignalError::AbsurdAmount`].
pub fn parse_amount_cents(s: &str) -> Result<i64, SignalError> {
    let t = s.trim();
    let t = t.strip_prefix('€').unwrap_or(t).trim_start();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return Err(SignalError::NotAnAmount);
    }
    let (whole, decimals) = match t.rfind(['.', ',']) {
        None => (t, ""),
        Some(i) => {
            let decimals = &t[i + 1..];
            if decimals.is_empty() || decimals.len() > 2 || !decimals.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SignalError::NotAnAmount);
            }
            let mark = t.as_bytes()[i];
            let whole = &t[..i];
            if whole.as_bytes().contains(&mark) {
                return Err(SignalError::NotAnAmount);
            }
            (whole, decimals)
        }
    };
    // The whole part: plain digits, or groups of three after a first group of one to three.
    let digits: String = if whole.contains(['.', ',']) {
        let mut groups = whole.split(['.', ',']);
        let first = groups.next().unwrap_or("");
        if first.is_empty() || first.len() > 3 || groups.clone().any(|g| g.len() != 3) {
            return Err(SignalError::NotAnAmount);
        }
        whole.chars().filter(char::is_ascii_digit).collect()
    } else {
        whole.to_string()
    };
    if digits.is_empty() {
        return Err(SignalError::NotAnAmount);
    }
    let significant = digits.trim_start_matches('0');
    if significant.len() > 12 {
        return Err(if negative { SignalError::NegativeAmount } else { SignalError::AbsurdAmount });
    }
    let euros: i64 = if significant.is_empty() { 0 } else { significant.parse().map_err(|_| SignalError::NotAnAmount)? };
    let cents: i64 = match decimals.len() {
        0 => 0,
        1 => decimals.parse::<i64>().map_err(|_| SignalError::NotAnAmount)? * 10,
        _ => decimals.parse().map_err(|_| SignalError::NotAnAmount)?,
    };
    let total = euros * 100 + cents;
    if negative && total != 0 {
        return Err(SignalError::NegativeAmount);
    }
    if total > MAX_AMOUNT_CENTS {
        return Err(SignalError::AbsurdAmount);
    }
    Ok(total)
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// Trims a single-line text: `Ok(None)` when empty.
fn line_text(s: &str, max: usize) -> Result<Option<String>, SignalError> {
    let t = s.trim();
    if t.chars().count() > max {
        return Err(SignalError::TooLong(max));
    }
    if has_control(t) {
        return Err(SignalError::ControlCharacter);
    }
    Ok((!t.is_empty()).then(|| t.to_string()))
}

fn required_line(s: &str, max: usize) -> Result<String, SignalError> {
    line_text(s, max)?.ok_or(SignalError::Required)
}

fn optional_number(s: &str, max: u32) -> Result<Option<u32>, SignalError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SignalError::NotANumber);
    }
    match t.parse::<u32>() {
        Ok(n) if n <= max => Ok(Some(n)),
        _ => Err(SignalError::OutOfRange),
    }
}

fn phone(s: &str) -> Result<Option<String>, SignalError> {
    let Some(t) = line_text(s, 30).map_err(|e| if e == SignalError::ControlCharacter { SignalError::Phone } else { e })? else {
        return Ok(None);
    };
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let plus_first = t.find('+').is_none_or(|i| i == 0) && t.matches('+').count() <= 1;
    if !(8..=15).contains(&digits) || !plus_first || !t.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) {
        return Err(SignalError::Phone);
    }
    Ok(Some(t))
}

fn email(s: &str) -> Result<Option<String>, SignalError> {
    let Some(t) = line_text(s, MAX_EMAIL).map_err(|e| if e == SignalError::ControlCharacter { SignalError::Email } else { e })? else {
        return Ok(None);
    };
    let ok = match t.split_once('@') {
        Some((local, domain)) => !local.is_empty() && !domain.is_empty() && !domain.contains('@') && !t.contains(char::is_whitespace),
        None => false,
    };
    if ok { Ok(Some(t)) } else { Err(SignalError::Email) }
}

/// Splits `12A`, `12-2` or `12 a` into number and addition when the addition field is empty.
fn split_house_number<'a>(number: &'a str, addition: &'a str) -> (&'a str, &'a str) {
    let n = number.trim();
    if !addition.trim().is_empty() {
        return (n, addition);
    }
    let end = n.find(|c: char| !c.is_ascii_digit()).unwrap_or(n.len());
    if end == 0 || end == n.len() {
        return (n, addition);
    }
    let rest = n[end..].trim_start_matches([' ', '-']);
    (&n[..end], rest)
}

fn house_number(number: &str, addition: &str) -> Result<HouseNumber, SignalProblem> {
    if number.trim().is_empty() {
        return Err(SignalProblem { field: "house_number", error: SignalError::Required });
    }
    let (n, a) = split_house_number(number, addition);
    HouseNumber::parse(n, a).map_err(|_| {
        // Blame the addition when the number alone is fine.
        let field = if HouseNumber::parse(n, "").is_ok() && !a.trim().is_empty() { "house_addition" } else { "house_number" };
        SignalProblem { field, error: SignalError::HouseNumber }
    })
}

/// The oldest signal date accepted on `today`: the same day one year earlier (28 February for a
/// 29 February).
pub fn oldest_signal_date(today: Date) -> Date {
    add_months(today, -12)
}

/// Checks one signal received on `today`. Lists every problem (in the order of the fields), or
/// returns the signal with its texts trimmed, its amount in cents and its values parsed.
pub fn check_signal(raw: &RawSignal, today: Date) -> Result<Signal, Vec<SignalProblem>> {
    let mut problems = Vec::new();
    let mut note = |field: &'static str, error: SignalError| problems.push(SignalProblem { field, error });

    let sender_reference = required_line(&raw.sender_reference, MAX_REFERENCE).map_err(|e| note("sender_reference", e)).ok();
    let signal_type = match raw.signal_type.trim() {
        "" => {
            note("signal_type", SignalError::Required);
            None
        }
        t => SignalType::parse(&t.to_ascii_lowercase()).map_err(|_| note("signal_type", SignalError::UnknownType)).ok(),
    };
    let amount_cents = if raw.amount.trim().is_empty() {
        match signal_type {
            Some(SignalType::EndOfSupply) => Some(0),
            // Without a known type it is unclear whether an amount is needed: the type's problem says enough.
            None => Some(0),
            Some(_) => {
                note("amount", SignalError::Required);
                None
            }
        }
    } else {
        match parse_amount_cents(&raw.amount) {
            Ok(0) if signal_type.is_some_and(|t| t != SignalType::EndOfSupply) => {
                note("amount", SignalError::ZeroAmount);
                None
            }
            Ok(c) => Some(c),
            Err(e) => {
                note("amount", e);
                None
            }
        }
    };
    let days_in_arrears = optional_number(&raw.days_in_arrears, MAX_DAYS_IN_ARREARS).map_err(|e| note("days_in_arrears", e)).ok();
    let months_in_arrears = optional_number(&raw.months_in_arrears, MAX_MONTHS_IN_ARREARS).map_err(|e| note("months_in_arrears", e)).ok();
    let signal_date = if raw.signal_date.trim().is_empty() {
        note("signal_date", SignalError::Required);
        None
    } else {
        match parse_date(&raw.signal_date) {
            Err(_) => {
                note("signal_date", SignalError::Date);
                None
            }
            Ok(d) if d > today => {
                note("signal_date", SignalError::InFuture);
                None
            }
            Ok(d) if d < oldest_signal_date(today) => {
                note("signal_date", SignalError::TooOld);
                None
            }
            Ok(d) => Some(d),
        }
    };
    let given_names = line_text(&raw.given_names, MAX_SHORT).map_err(|e| note("given_names", e)).ok();
    let name_prefix = line_text(&raw.name_prefix, MAX_SHORT).map_err(|e| note("name_prefix", e)).ok();
    let family_name = required_line(&raw.family_name, MAX_SHORT).map_err(|e| note("family_name", e)).ok();
    let date_of_birth = if raw.date_of_birth.trim().is_empty() {
        Some(None)
    } else {
        parse_date_of_birth(&raw.date_of_birth, today)
            .map(Some)
            .map_err(|e| {
                note(
                    "date_of_birth",
                    match e {
                        FieldError::BornInFuture => SignalError::InFuture,
                        FieldError::TooOld => SignalError::TooOld,
                        _ => SignalError::Date,
                    },
                )
            })
            .ok()
    };
    let street = required_line(&raw.street, MAX_SHORT).map_err(|e| note("street", e)).ok();
    let number = house_number(&raw.house_number, &raw.house_addition).map_err(|p| note(p.field, p.error)).ok();
    let postcode = if raw.postcode.trim().is_empty() {
        note("postcode", SignalError::Required);
        None
    } else {
        Postcode::parse(&raw.postcode).map_err(|_| note("postcode", SignalError::Postcode)).ok()
    };
    let city = required_line(&raw.city, MAX_SHORT).map_err(|e| note("city", e)).ok();
    let phone = phone(&raw.phone).map_err(|e| note("phone", e)).ok();
    let email = email(&raw.email).map_err(|e| note("email", e)).ok();
    let bsn =
        if raw.bsn.trim().is_empty() { Some(None) } else { Bsn::parse(&raw.bsn).map(Some).map_err(|_| note("bsn", SignalError::Bsn)).ok() };

    match (
        sender_reference,
        signal_type,
        amount_cents,
        days_in_arrears,
        months_in_arrears,
        signal_date,
        given_names,
        name_prefix,
        family_name,
        date_of_birth,
        street,
        number,
        postcode,
        city,
        phone,
        email,
        bsn,
    ) {
        (
            Some(sender_reference),
            Some(signal_type),
            Some(amount_cents),
            Some(days_in_arrears),
            Some(months_in_arrears),
            Some(signal_date),
            Some(given_names),
            Some(name_prefix),
            Some(family_name),
            Some(date_of_birth),
            Some(street),
            Some(number),
            Some(postcode),
            Some(city),
            Some(phone),
            Some(email),
            Some(bsn),
        ) if problems.is_empty() => Ok(Signal {
            sender_reference,
            signal_type,
            amount_cents,
            days_in_arrears,
            months_in_arrears,
            signal_date,
            given_names: given_names.unwrap_or_default(),
            name_prefix,
            family_name,
            date_of_birth,
            street,
            number,
            postcode,
            city,
            phone,
            email,
            bsn,
        }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests;
