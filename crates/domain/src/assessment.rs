//! Life-domain assessments over time: comparing one assessment's scores with an earlier one's.

use std::collections::BTreeMap;

/// How a life domain's score moved between two assessments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Up,
    Down,
    Same,
    /// Scored now, not before.
    New,
    /// Scored before, not now.
    Dropped,
}

impl Change {
    /// The i18n key that names the change in words (an arrow alone is not enough).
    pub fn key(self) -> &'static str {
        match self {
            Change::Up => "change-up",
            Change::Down => "change-down",
            Change::Same => "change-same",
            Change::New => "change-new",
            Change::Dropped => "change-dropped",
        }
    }
}

/// Compares scores per domain code, in the order of `order` (the instrument's domains); domains
/// scored in neither assessment are left out.
pub fn compare(order: &[&str], earlier: &BTreeMap<String, u8>, later: &BTreeMap<String, u8>) -> Vec<(String, Change)> {
    order
        .iter()
        .filter_map(|code| {
            let change = match (earlier.get(*code), later.get(*code)) {
                (Some(a), Some(b)) if b > a => Change::Up,
                (Some(a), Some(b)) if b < a => Change::Down,
                (Some(_), Some(_)) => Change::Same,
                (None, Some(_)) => Change::New,
                (Some(_), None) => Change::Dropped,
                (None, None) => return None,
            };
            Some((code.to_string(), change))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scores(pairs: &[(&str, u8)]) -> BTreeMap<String, u8> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn each_kind_of_change_in_the_instruments_order() {
        let order = ["finances", "housing", "justice", "parenting", "addiction"];
        let before = scores(&[("finances", 1), ("housing", 3), ("justice", 4), ("parenting", 2)]);
        let after = scores(&[("finances", 3), ("housing", 3), ("justice", 2), ("addiction", 5)]);
        assert_eq!(
            compare(&order, &before, &after),
            vec![
                ("finances".into(), Change::Up),
                ("housing".into(), Change::Same),
                ("justice".into(), Change::Down),
                ("parenting".into(), Change::Dropped),
                ("addiction".into(), Change::New),
            ]
        );
    }

    proptest! {
        #[test]
        fn comparing_in_reverse_mirrors_every_change(a in proptest::collection::btree_map("[a-c]", 1u8..=5, 0..3),
                                                     b in proptest::collection::btree_map("[a-c]", 1u8..=5, 0..3)) {
            let order = ["a", "b", "c"];
            let forward = compare(&order, &a, &b);
            let back = compare(&order, &b, &a);
            prop_assert_eq!(forward.len(), back.len());
            for ((k1, c1), (k2, c2)) in forward.iter().zip(back.iter()) {
                prop_assert_eq!(k1, k2);
                let mirrored = match c1 { Change::Up => Change::Down, Change::Down => Change::Up, Change::Same => Change::Same,
                                          Change::New => Change::Dropped, Change::Dropped => Change::New };
                prop_assert_eq!(*c2, mirrored);
            }
        }
    }
}
