//! The household file's values: Dutch postcodes and house numbers, the BSN with its 11-proof, dates
//! of birth, members, and the household's status with its table of allowed changes.

use serde::{Deserialize, Serialize};
use time::Date;

/// Longest free text accepted in one field (a question, a note) — a page of text.
pub const MAX_TEXT: usize = 4000;
/// Longest short text (a name, a street).
pub const MAX_SHORT: usize = 120;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("required")]
    Required,
    #[error("too long (at most {0} characters)")]
    TooLong(usize),
    #[error("not a Dutch postcode (1234 AB)")]
    Postcode,
    #[error("not a house number")]
    HouseNumber,
    #[error("not a valid BSN (9 digits that pass the 11-proof)")]
    Bsn,
    #[error("not a date (YYYY-MM-DD)")]
    Date,
    #[error("date of birth lies in the future")]
    BornInFuture,
    #[error("date of birth more than 120 years ago")]
    TooOld,
    #[error("unknown value")]
    UnknownValue,
    #[error("date lies in the past")]
    DateInPast,
    #[error("score outside the scale")]
    OutOfScale,
}

impl FieldError {
    /// The i18n key of the message shown next to the field.
    pub fn key(&self) -> &'static str {
        match self {
            FieldError::Required => "err-required",
            FieldError::TooLong(_) => "err-too-long",
            FieldError::Postcode => "err-postcode",
            FieldError::HouseNumber => "err-house-number",
            FieldError::Bsn => "err-bsn",
            FieldError::Date => "err-date",
            FieldError::BornInFuture => "err-born-in-future",
            FieldError::TooOld => "err-too-old",
            FieldError::UnknownValue => "err-unknown-value",
            FieldError::DateInPast => "err-date-in-past",
            FieldError::OutOfScale => "err-out-of-scale",
        }
    }
}

/// Trims and checks a required short text.
pub fn required_text(s: &str, max: usize) -> Result<String, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(FieldError::Required);
    }
    optional_text(t, max).map(|o| o.unwrap_or_default())
}

/// Trims an optional text; empty becomes `None`.
pub fn optional_text(s: &str, max: usize) -> Result<Option<String>, FieldError> {
    let t = s.trim();
    if t.chars().count() > max {
        return Err(FieldError::TooLong(max));
    }
    Ok((!t.is_empty()).then(|| t.to_string()))
}

/// A Dutch postcode, stored as `1234 AB`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Postcode(String);

impl Postcode {
    pub fn parse(s: &str) -> Result<Postcode, FieldError> {
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let b = compact.as_bytes();
        let ok = b.len() == 6
            && b[0] != b'0'
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4..].iter().all(u8::is_ascii_uppercase)
            // PostNL does not use the letter combinations SA, SD and SS.
            && !matches!(&compact[4..], "SA" | "SD" | "SS");
        if !ok {
            return Err(FieldError::Postcode);
        }
        Ok(Postcode(format!("{} {}", &compact[..4], &compact[4..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn pc4(&self) -> u16 {
        self.0[..4].parse().expect("checked at parse")
    }
}

/// A house number with an optional addition (`12`, `12 A`, `12-2`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseNumber {
    pub number: u32,
    pub addition: Option<String>,
}

impl HouseNumber {
    pub fn parse(number: &str, addition: &str) -> Result<HouseNumber, FieldError> {
        let number: u32 = number.trim().parse().map_err(|_| FieldError::HouseNumber)?;
        if number == 0 || number > 99_999 {
            return Err(FieldError::HouseNumber);
        }
        let addition = optional_text(addition, 6)?;
        if addition.as_deref().is_some_and(|a| !a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')) {
            return Err(FieldError::HouseNumber);
        }
        Ok(HouseNumber { number, addition: addition.map(|a| a.to_uppercase()) })
    }
}

/// A citizen service number (burgerservicenummer): 9 digits passing the 11-proof.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bsn(String);

impl std::fmt::Debug for Bsn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Bsn(***)")
    }
}

impl Bsn {
    pub fn parse(s: &str) -> Result<Bsn, FieldError> {
        let digits: String = s.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
        let d: Vec<u32> = digits.chars().map(|c| c.to_digit(10)).collect::<Option<_>>().ok_or(FieldError::Bsn)?;
        if d.len() != 9 || d.iter().all(|x| *x == 0) {
            return Err(FieldError::Bsn);
        }
        let sum: i64 = d[..8].iter().enumerate().map(|(i, x)| (9 - i as i64) * *x as i64).sum::<i64>() - d[8] as i64;
        if sum % 11 != 0 {
            return Err(FieldError::Bsn);
        }
        Ok(Bsn(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub fn parse_date(s: &str) -> Result<Date, FieldError> {
    Date::parse(s.trim(), time::macros::format_description!("[year]-[month]-[day]")).map_err(|_| FieldError::Date)
}

pub fn format_date(d: Date) -> String {
    d.format(time::macros::format_description!("[year]-[month]-[day]")).expect("dates format")
}

/// A date of birth: not in the future, not more than 120 years ago.
pub fn parse_date_of_birth(s: &str, today: Date) -> Result<Date, FieldError> {
    let d = parse_date(s)?;
    if d > today {
        return Err(FieldError::BornInFuture);
    }
    if today.year() - d.year() > 120 {
        return Err(FieldError::TooOld);
    }
    Ok(d)
}

/// Age in whole years on `on`.
pub fn age_on(born: Date, on: Date) -> i32 {
    let mut age = on.year() - born.year();
    if (on.month() as u8, on.day()) < (born.month() as u8, born.day()) {
        age -= 1;
    }
    age
}

/// The day someone reaches `years` (29 February birthdays count from 1 March in other years).
pub fn birthday(born: Date, years: i32) -> Date {
    let y = born.year() + years;
    Date::from_calendar_date(y, born.month(), born.day())
        .unwrap_or_else(|_| Date::from_calendar_date(y, time::Month::March, 1).expect("1 March exists"))
}

#[macro_export]
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name { $(#[serde(rename = $code)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn parse(s: &str) -> Result<$name, $crate::household::FieldError> {
                match s { $($code => Ok($name::$variant),)+ _ => Err($crate::household::FieldError::UnknownValue) }
            }
        }
    };
}

code_enum!(
    /// Who asked for support.
    Referrer {
        Self_ = "self",
        FamilyNetwork = "family_network",
        Neighbour = "neighbour",
        Gp = "gp",
        School = "school",
        Police = "police",
        Landlord = "landlord",
        OtherProfessional = "other_professional",
        EarlySignal = "early_signal",
    }
);

code_enum!(Urgency { Normal = "normal", High = "high", Crisis = "crisis" });

code_enum!(
    /// The life domains (leefgebieden) a question, note or goal is about.
    LifeDomain {
        Finances = "finances",
        WorkEducation = "work_education",
        Daytime = "daytime",
        Housing = "housing",
        DomesticRelations = "domestic_relations",
        MentalHealth = "mental_health",
        PhysicalHealth = "physical_health",
        Addiction = "addiction",
        DailyLiving = "daily_living",
        SocialNetwork = "social_network",
        Participation = "participation",
        Justice = "justice",
        Parenting = "parenting",
    }
);

code_enum!(
    /// A member's place in the household.
    MemberRole { Parent = "parent", Partner = "partner", Child = "child", OtherAdult = "other_adult", Other = "other" }
);

code_enum!(
    /// The law a professional or organisation acts under.
    Law {
        Wmo = "wmo",
        Jeugdwet = "jeugdwet",
        Participatiewet = "participatiewet",
        Wgs = "wgs",
        Zvw = "zvw",
        Wlz = "wlz",
        Other = "other",
    }
);

code_enum!(
    /// How a contact moment took place.
    ContactType {
        HomeVisit = "home_visit",
        Office = "office",
        Phone = "phone",
        Video = "video",
        CaseConsultation = "case_consultation",
        Note = "note",
    }
);

code_enum!(
    /// Why a household's file was closed.
    CloseReason {
        GoalsReached = "goals_reached",
        ReferredElsewhere = "referred_elsewhere",
        MovedAway = "moved_away",
        NoLongerWanted = "no_longer_wanted",
        NoContact = "no_contact",
        Deceased = "deceased",
        Other = "other",
    }
);

code_enum!(
    /// Where a household stands.
    Status { Intake = "intake", Active = "active", Closed = "closed" }
);

/// The allowed status changes (the Signalen lesson: an explicit table; anything else is an error).
pub const STATUS_TRANSITIONS: &[(Status, Status)] = &[
    // A contact worker is assigned: support starts.
    (Status::Intake, Status::Active),
    // An intake that needs no support (referred elsewhere, withdrawn).
    (Status::Intake, Status::Closed),
    (Status::Active, Status::Closed),
    // Reopening keeps the history.
    (Status::Closed, Status::Active),
    // A new intake for a closed household reopens it as an intake, waiting for its contact worker.
    (Status::Closed, Status::Intake),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a household cannot go from {from:?} to {to:?}")]
pub struct BadTransition {
    pub from: Status,
    pub to: Status,
}

pub fn transition(from: Status, to: Status) -> Result<Status, BadTransition> {
    if STATUS_TRANSITIONS.contains(&(from, to)) { Ok(to) } else { Err(BadTransition { from, to }) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn postcodes_are_normalised_and_checked() {
        assert_eq!(Postcode::parse("3511ab").unwrap().as_str(), "3511 AB");
        assert_eq!(Postcode::parse(" 3511 AB ").unwrap().pc4(), 3511);
        for bad in ["0123 AB", "351 AB", "3511 A1", "3511 SS", "3511", "ABCD 12", ""] {
            assert_eq!(Postcode::parse(bad), Err(FieldError::Postcode), "{bad}");
        }
    }

    #[test]
    fn bsn_eleven_proof() {
        // 111222333: 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3 = 69, 69 - 3 = 66 = 6 * 11.
        assert!(Bsn::parse("111222333").is_ok());
        assert!(Bsn::parse("111.222.333").is_ok());
        assert_eq!(Bsn::parse("111222334"), Err(FieldError::Bsn));
        assert_eq!(Bsn::parse("000000000"), Err(FieldError::Bsn));
        assert_eq!(Bsn::parse("12345678"), Err(FieldError::Bsn));
        assert_eq!(format!("{:?}", Bsn::parse("111222333").unwrap()), "Bsn(***)", "never in logs");
    }

    #[test]
    fn dates_of_birth() {
        let today = date!(2026 - 11 - 27);
        assert_eq!(parse_date_of_birth("2026-11-28", today), Err(FieldError::BornInFuture));
        assert_eq!(parse_date_of_birth("1890-01-01", today), Err(FieldError::TooOld));
        assert_eq!(parse_date_of_birth("2026-02-30", today), Err(FieldError::Date));
        assert_eq!(age_on(date!(2008 - 11 - 28), today), 17);
        assert_eq!(age_on(date!(2008 - 11 - 27), today), 18);
        assert_eq!(birthday(date!(2008 - 02 - 29), 18), date!(2026 - 03 - 01));
    }

    #[test]
    fn house_numbers() {
        assert_eq!(HouseNumber::parse("12", " a ").unwrap(), HouseNumber { number: 12, addition: Some("A".into()) });
        assert_eq!(HouseNumber::parse("0", ""), Err(FieldError::HouseNumber));
        assert_eq!(HouseNumber::parse("12", "<b>"), Err(FieldError::HouseNumber));
    }

    #[test]
    fn status_table() {
        assert_eq!(transition(Status::Intake, Status::Active), Ok(Status::Active));
        assert_eq!(transition(Status::Closed, Status::Active), Ok(Status::Active));
        assert_eq!(transition(Status::Closed, Status::Intake), Ok(Status::Intake));
        assert!(transition(Status::Active, Status::Intake).is_err());
        assert!(transition(Status::Intake, Status::Intake).is_err());
    }

    proptest! {
        #[test]
        fn any_valid_bsn_round_trips(first8 in proptest::collection::vec(0u32..10, 8)) {
            let sum: u32 = first8.iter().enumerate().map(|(i, d)| (9 - i as u32) * d).sum();
            let check = sum % 11;
            prop_assume!(check < 10 && (first8.iter().any(|d| *d != 0) || check != 0));
            let s: String = first8.iter().map(|d| char::from_digit(*d, 10).unwrap()).chain(std::iter::once(char::from_digit(check, 10).unwrap())).collect();
            let parsed = Bsn::parse(&s).unwrap();
            prop_assert_eq!(parsed.as_str(), s.as_str());
        }

        #[test]
        fn postcode_parse_is_idempotent(n in 1000u16..=9999, a in "[A-Z]{2}") {
            prop_assume!(!matches!(a.as_str(), "SA" | "SD" | "SS"));
            let p = Postcode::parse(&format!("{n}{a}")).unwrap();
            prop_assert_eq!(Postcode::parse(p.as_str()).unwrap(), p.clone());
            prop_assert_eq!(p.pc4(), n);
        }

        #[test]
        fn only_table_transitions_succeed(from in proptest::sample::select(Status::ALL.to_vec()), to in proptest::sample::select(Status::ALL.to_vec())) {
            prop_assert_eq!(transition(from, to).is_ok(), STATUS_TRANSITIONS.contains(&(from, to)));
        }
    }
}
