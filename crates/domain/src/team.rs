//! Teams serve an area of 4-digit postcodes (PC4) and have a kind.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamKind {
    /// Social / Wmo team (adults, finances, housing, care).
    Social,
    /// Youth and family team.
    YouthFamily,
    /// Integrated team serving everyone.
    Integrated,
}

impl TeamKind {
    pub const ALL: [TeamKind; 3] = [TeamKind::Social, TeamKind::YouthFamily, TeamKind::Integrated];

    pub fn as_str(self) -> &'static str {
        match self {
            TeamKind::Social => "social",
            TeamKind::YouthFamily => "youth_family",
            TeamKind::Integrated => "integrated",
        }
    }

    pub fn parse(s: &str) -> Option<TeamKind> {
        TeamKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// An inclusive range of PC4 codes, e.g. 3500–3599.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pc4Range {
    pub from: u16,
    pub to: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AreaError {
    #[error("'{0}' is not a 4-digit postcode (1000–9999)")]
    NotPc4(String),
    #[error("range '{0}' runs backwards")]
    Backwards(String),
    #[error("an area needs at least one postcode range")]
    Empty,
}

fn parse_pc4(s: &str) -> Result<u16, AreaError> {
    let t = s.trim();
    if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) || t.starts_with('0') {
        return Err(AreaError::NotPc4(t.to_string()));
    }
    t.parse().map_err(|_| AreaError::NotPc4(t.to_string()))
}

impl Pc4Range {
    pub fn contains(&self, pc4: u16) -> bool {
        (self.from..=self.to).contains(&pc4)
    }
}

/// A team's area: a list of PC4 ranges, written as `3500-3599,3612`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area(pub Vec<Pc4Range>);

impl Area {
    pub fn parse(s: &str) -> Result<Area, AreaError> {
        let mut ranges = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let range = match part.split_once('-') {
                Some((a, b)) => {
                    let (from, to) = (parse_pc4(a)?, parse_pc4(b)?);
                    if from > to {
                        return Err(AreaError::Backwards(part.to_string()));
                    }
                    Pc4Range { from, to }
                }
                None => {
                    let one = parse_pc4(part)?;
                    Pc4Range { from: one, to: one }
                }
            };
            ranges.push(range);
        }
        if ranges.is_empty() {
            return Err(AreaError::Empty);
        }
        Ok(Area(ranges))
    }

    pub fn contains(&self, pc4: u16) -> bool {
        self.0.iter().any(|r| r.contains(pc4))
    }
}

impl std::fmt::Display for Area {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> =
            self.0.iter().map(|r| if r.from == r.to { r.from.to_string() } else { format!("{}-{}", r.from, r.to) }).collect();
        f.write_str(&parts.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_ranges_and_single_codes() {
        let a = Area::parse("3500-3599, 3612").unwrap();
        assert!(a.contains(3500) && a.contains(3599) && a.contains(3612));
        assert!(!a.contains(3600) && !a.contains(3499));
    }

    #[test]
    fn rejects_bad_areas_with_the_offending_part() {
        assert_eq!(Area::parse("35a0"), Err(AreaError::NotPc4("35a0".into())));
        assert_eq!(Area::parse("0999"), Err(AreaError::NotPc4("0999".into())));
        assert_eq!(Area::parse("3600-3500"), Err(AreaError::Backwards("3600-3500".into())));
        assert_eq!(Area::parse(" , "), Err(AreaError::Empty));
    }

    proptest! {
        #[test]
        fn display_round_trips(ranges in proptest::collection::vec((1000u16..=9999, 0u16..50), 1..5)) {
            let area = Area(ranges.into_iter().map(|(f, w)| Pc4Range { from: f, to: (f + w).min(9999) }).collect());
            prop_assert_eq!(Area::parse(&area.to_string()).unwrap(), area);
        }
    }
}
