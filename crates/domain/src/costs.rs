//! The vocabulary of costs and benefits shared by the unit-cost catalogue and the cost-benefit engine:
//! who pays, per what, what kind of value, and how much the figure can be trusted.

use crate::code_enum;
use crate::household::FieldError;

code_enum!(
    /// Who pays a cost (or gains when it is avoided): "wie betaalt, wie profiteert".
    Stakeholder {
        GemeenteWmo = "gemeente_wmo",
        GemeenteJeugdwet = "gemeente_jeugdwet",
        GemeenteParticipatiewet = "gemeente_participatiewet",
        GemeenteWgs = "gemeente_wgs",
        GemeenteOverig = "gemeente_overig",
        Woningcorporatie = "woningcorporatie",
        Zorgverzekeraar = "zorgverzekeraar",
        Wlz = "wlz",
        RijkUwvSvb = "rijk_uwv_svb",
        PolitieJustitie = "politie_justitie",
        Werkgever = "werkgever",
        Huishouden = "huishouden",
        Overig = "overig",
    }
);

code_enum!(
    /// What one unit of a cost is.
    CostUnit { Once = "once", PerMonth = "per_month", PerYear = "per_year" }
);

code_enum!(
    /// The kind of value (as in the Greater Manchester CBA model): money a public body spends or saves,
    /// wider economic value, or social value.
    ValueType { Fiscal = "fiscal", Economic = "economic", Social = "social" }
);

/// How far a figure can be trusted: 1 (recent, audited, local) … 6 (expert judgement, old or foreign
/// data). The engine's optimism-bias correction is keyed by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Confidence(u8);

impl Confidence {
    pub const BEST: Confidence = Confidence(1);
    pub const WORST: Confidence = Confidence(6);

    pub fn new(grade: i64) -> Result<Confidence, FieldError> {
        u8::try_from(grade).ok().filter(|g| (1..=6).contains(g)).map(Confidence).ok_or(FieldError::OutOfScale)
    }

    pub fn grade(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Confidence {
    type Error = String;
    fn try_from(g: u8) -> Result<Confidence, String> {
        Confidence::new(i64::from(g)).map_err(|_| format!("confidence grade {g} is not 1–6"))
    }
}

impl From<Confidence> for u8 {
    fn from(c: Confidence) -> u8 {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_is_a_grade_from_1_to_6() {
        assert!(Confidence::new(0).is_err() && Confidence::new(7).is_err());
        assert_eq!(Confidence::new(3).unwrap().grade(), 3);
        assert_eq!(Stakeholder::parse("woningcorporatie"), Ok(Stakeholder::Woningcorporatie));
        assert_eq!(CostUnit::parse("per_month"), Ok(CostUnit::PerMonth));
    }
}
