//! Small-cell suppression for a two-dimensional table with totals (for example bottlenecks by team).
//!
//! A count from 1 up to [`MIN_SHOWN`] (exclusive) can point at one household, so it is hidden and
//! shown as "< 5". Hiding it is not enough when the table also shows totals: a hidden cell in a row
//! whose other cells and row total are shown can be derived by subtraction. The algorithm:
//!
//! 1. **Primary suppression**: hide every value from 1 to 4 — cells, row totals, column totals and
//!    the grand total. A 0 stays shown: it points at nobody.
//! 2. **Complementary suppression**, repeated until nothing changes. The table has these lines, each
//!    a set of values where one equals the sum of the others:
//!    - every row: its cells and its row total;
//!    - every column: its cells and its column total;
//!    - the totals column: the row totals and the grand total;
//!    - the totals row: the column totals and the grand total.
//!
//!    A line with exactly one hidden value gives that value away, so in such a line the smallest
//!    shown non-zero value is hidden as well (a cell rather than a total when they are equal; among
//!    equals, the first). Hiding a value can create a new line with exactly one hidden value, hence
//!    the repetition; every round hides one more value, so it ends.
//!
//! A line with no hidden value or with two or more gives nothing away by subtraction alone. (This is
//! the usual, simple protection; it does not solve the full linear system an attacker could set up
//! across lines, which for these small policy tables is accepted.)

use crate::maatwerk_totals::MIN_SHOWN;

/// Counts, rows × columns; every row has the same length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub cells: Vec<Vec<u32>>,
}

/// A table as it may be shown: `None` is shown as "< 5".
#[derive(Debug, Clone, PartialEq)]
pub struct Masked {
    pub cells: Vec<Vec<Option<u32>>>,
    pub row_totals: Vec<Option<u32>>,
    pub column_totals: Vec<Option<u32>>,
    pub total: Option<u32>,
}

/// The table with its small counts hidden, and every count they could be derived from (see the
/// module documentation for the algorithm).
pub fn suppress(table: &Table) -> Masked {
    suppress_forcing(table, &[], false)
}

/// Two tables of the same rows shown together (bottlenecks by team and bottlenecks by month): their
/// row totals and grand totals are the same numbers, so a total hidden in one would give itself away
/// in the other. Each is suppressed as [`suppress`] does, with the totals hidden in either hidden in
/// both (and the complementary suppression that follows from that), until the two agree.
pub fn suppress_linked(a: &Table, b: &Table) -> (Masked, Masked) {
    let (mut rows, mut total) = (Vec::new(), false);
    loop {
        let (ma, mb) = (suppress_forcing(a, &rows, total), suppress_forcing(b, &rows, total));
        let hidden = |m: &Masked, r: usize| m.row_totals.get(r).is_some_and(Option::is_none);
        let more: Vec<usize> = (0..ma.row_totals.len().max(mb.row_totals.len()))
            .filter(|&r| !rows.contains(&r) && (hidden(&ma, r) || hidden(&mb, r)))
            .collect();
        let total_hidden = total || ma.total.is_none() || mb.total.is_none();
        if more.is_empty() && total_hidden == total {
            return (ma, mb);
        }
        rows.extend(more);
        total = total_hidden;
    }
}

/// [`suppress`] with these row totals (and the grand total, when `hide_total`) hidden from the start.
fn suppress_forcing(table: &Table, row_totals: &[usize], hide_total: bool) -> Masked {
    let mut grid = Grid::new(table);
    grid.hide_small_values();
    let rows = grid.row_totals.len();
    for &r in row_totals.iter().filter(|&&r| r < rows) {
        grid.hide(Slot::RowTotal(r));
    }
    if hide_total {
        grid.hide(Slot::Total);
    }
    while let Some(line) = grid.lines().into_iter().find(|line| grid.hidden_in(line) == 1) {
        grid.hide_smallest_shown(&line);
    }
    grid.masked()
}

/// Where a value sits: a cell, a row total, a column total or the grand total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Cell(usize, usize),
    RowTotal(usize),
    ColumnTotal(usize),
    Total,
}

impl Slot {
    fn is_total(self) -> bool {
        !matches!(self, Slot::Cell(..))
    }
}

/// The table with its totals and a hidden flag per value.
struct Grid {
    cells: Vec<Vec<u32>>,
    row_totals: Vec<u32>,
    column_totals: Vec<u32>,
    total: u32,
    hidden: Vec<Slot>,
}

impl Grid {
    fn new(table: &Table) -> Grid {
        let columns = table.cells.iter().map(Vec::len).max().unwrap_or(0);
        let row_totals: Vec<u32> = table.cells.iter().map(|row| row.iter().sum()).collect();
        let column_totals = (0..columns).map(|c| table.cells.iter().filter_map(|row| row.get(c)).sum()).collect();
        let total = row_totals.iter().sum();
        Grid { cells: table.cells.clone(), row_totals, column_totals, total, hidden: Vec::new() }
    }

    fn value(&self, slot: Slot) -> u32 {
        match slot {
            Slot::Cell(r, c) => self.cells[r][c],
            Slot::RowTotal(r) => self.row_totals[r],
            Slot::ColumnTotal(c) => self.column_totals[c],
            Slot::Total => self.total,
        }
    }

    fn is_hidden(&self, slot: Slot) -> bool {
        self.hidden.contains(&slot)
    }

    fn hide(&mut self, slot: Slot) {
        if !self.is_hidden(slot) {
            self.hidden.push(slot);
        }
    }

    fn all_slots(&self) -> Vec<Slot> {
        let cells = self.cells.iter().enumerate().flat_map(|(r, row)| (0..row.len()).map(move |c| Slot::Cell(r, c)));
        let row_totals = (0..self.row_totals.len()).map(Slot::RowTotal);
        let column_totals = (0..self.column_totals.len()).map(Slot::ColumnTotal);
        cells.chain(row_totals).chain(column_totals).chain([Slot::Total]).collect()
    }

    /// Primary suppression: every value from 1 up to `MIN_SHOWN`.
    fn hide_small_values(&mut self) {
        for slot in self.all_slots() {
            if (1..MIN_SHOWN).contains(&self.value(slot)) {
                self.hide(slot);
            }
        }
    }

    /// Every line of values where one is the sum of the others, its parts first and its sum last.
    fn lines(&self) -> Vec<Vec<Slot>> {
        let rows = self.cells.iter().enumerate().map(|(r, row)| {
            let cells = (0..row.len()).map(move |c| Slot::Cell(r, c));
            cells.chain([Slot::RowTotal(r)]).collect()
        });
        let columns = (0..self.column_totals.len()).map(|c| {
            let cells = (0..self.cells.len()).filter(move |&r| c < self.cells[r].len()).map(move |r| Slot::Cell(r, c));
            cells.chain([Slot::ColumnTotal(c)]).collect()
        });
        let totals_column = (0..self.row_totals.len()).map(Slot::RowTotal).chain([Slot::Total]).collect();
        let totals_row = (0..self.column_totals.len()).map(Slot::ColumnTotal).chain([Slot::Total]).collect();
        rows.chain(columns).chain([totals_column, totals_row]).collect()
    }

    fn hidden_in(&self, line: &[Slot]) -> usize {
        line.iter().filter(|&&slot| self.is_hidden(slot)).count()
    }

    /// Complementary suppression in one line: its smallest shown non-zero value, a cell before a
    /// total at equal value, the first among equals. A line with one hidden value always has one:
    /// hidden values are non-zero, so the sum of the line is not zero and some other part shows it.
    fn hide_smallest_shown(&mut self, line: &[Slot]) {
        let candidate = line
            .iter()
            .copied()
            .filter(|&slot| !self.is_hidden(slot) && self.value(slot) > 0)
            .min_by_key(|&slot| (self.value(slot), slot.is_total()));
        if let Some(slot) = candidate {
            self.hide(slot);
        }
    }

    fn shown(&self, slot: Slot) -> Option<u32> {
        (!self.is_hidden(slot)).then(|| self.value(slot))
    }

    fn masked(&self) -> Masked {
        let cells = self.cells.iter().enumerate().map(|(r, row)| (0..row.len()).map(|c| self.shown(Slot::Cell(r, c))).collect()).collect();
        Masked {
            cells,
            row_totals: (0..self.row_totals.len()).map(|r| self.shown(Slot::RowTotal(r))).collect(),
            column_totals: (0..self.column_totals.len()).map(|c| self.shown(Slot::ColumnTotal(c))).collect(),
            total: self.shown(Slot::Total),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn table(cells: &[&[u32]]) -> Table {
        Table { cells: cells.iter().map(|row| row.to_vec()).collect() }
    }

    /// The masked table's lines, each as (shown-or-hidden values).
    fn masked_lines(m: &Masked) -> Vec<Vec<Option<u32>>> {
        let mut lines: Vec<Vec<Option<u32>>> =
            m.cells.iter().zip(&m.row_totals).map(|(row, total)| row.iter().copied().chain([*total]).collect()).collect();
        for (c, total) in m.column_totals.iter().enumerate() {
            lines.push(m.cells.iter().map(|row| row[c]).chain([*total]).collect());
        }
        lines.push(m.row_totals.iter().copied().chain([m.total]).collect());
        lines.push(m.column_totals.iter().copied().chain([m.total]).collect());
        lines
    }

    fn the_input_in_the_same_shape(t: &Table) -> Masked {
        let row_totals: Vec<u32> = t.cells.iter().map(|r| r.iter().sum()).collect();
        let columns = t.cells.first().map_or(0, Vec::len);
        Masked {
            cells: t.cells.iter().map(|r| r.iter().map(|&v| Some(v)).collect()).collect(),
            row_totals: row_totals.iter().map(|&v| Some(v)).collect(),
            column_totals: (0..columns).map(|c| Some(t.cells.iter().map(|r| r[c]).sum())).collect(),
            total: Some(row_totals.iter().sum()),
        }
    }

    #[test]
    fn a_table_without_small_counts_is_shown_whole() {
        let t = table(&[&[5, 0, 12], &[7, 30, 0]]);
        assert_eq!(suppress(&t), the_input_in_the_same_shape(&t));
    }

    #[test]
    fn a_small_cell_is_not_derivable_from_its_row_or_column() {
        // Team A has 3 tags of bottleneck 1: hiding only the 3 would give it away as 13 - 10 and as
        // 11 - 8. Its row and column partners go too, and then the 12 that completes column 2.
        let m = suppress(&table(&[&[3, 10], &[8, 12]]));
        assert_eq!(m.cells, vec![vec![None, None], vec![None, None]]);
        assert_eq!((m.row_totals, m.column_totals, m.total), (vec![Some(13), Some(20)], vec![Some(11), Some(22)], Some(33)));
    }

    #[test]
    fn a_small_row_total_is_not_derivable_across_rows_and_the_grand_total() {
        // Row 1 totals 4 (hidden), but 24 - 20 would give it away: row 2's total is hidden too, and
        // then one cell of row 2 and the cell of column 2 that would betray it.
        let m = suppress(&table(&[&[2, 2], &[10, 10]]));
        assert_eq!(m.row_totals, vec![None, None]);
        assert_eq!(m.cells, vec![vec![None, None], vec![None, None]]);
        assert_eq!((m.column_totals, m.total), (vec![Some(12), Some(12)], Some(24)));
    }

    #[test]
    fn zeros_are_shown_and_never_chosen_as_complement() {
        let m = suppress(&table(&[&[0, 4, 6], &[0, 9, 9]]));
        assert_eq!(m.cells[0][0], Some(0));
        assert_eq!(m.cells[1][0], Some(0));
        assert_eq!(m.column_totals[0], Some(0));
        assert_eq!(m.cells[0][1], None);
        assert_eq!(m.cells[0][2], None, "the smallest shown partner in row 1 (6 < 10)");
    }

    #[test]
    fn a_cell_is_preferred_over_a_total_of_equal_value() {
        // One bottleneck only: the row's single non-zero cell equals its row total.
        let m = suppress(&table(&[&[2, 0], &[6, 0], &[7, 0]]));
        assert_eq!(m.cells[0][0], None);
        assert_eq!(m.cells[1][0], None, "the 6 cell, not the 6 row total");
        assert!(masked_lines(&m).iter().all(|l| l.iter().filter(|v| v.is_none()).count() != 1));
    }

    #[test]
    fn empty_tables_are_fine() {
        assert_eq!(suppress(&table(&[])), Masked { cells: vec![], row_totals: vec![], column_totals: vec![], total: Some(0) });
        assert_eq!(suppress(&table(&[&[], &[]])).row_totals, vec![Some(0), Some(0)]);
    }

    fn tables() -> impl Strategy<Value = Table> {
        (1usize..=6, 1usize..=6).prop_flat_map(|(rows, columns)| {
            prop::collection::vec(prop::collection::vec(0u32..30, columns), rows).prop_map(|cells| Table { cells })
        })
    }

    proptest! {
        #[test]
        fn suppression_protects_small_counts_and_keeps_the_rest(t in tables()) {
            let m = suppress(&t);
            let input = the_input_in_the_same_shape(&t);
            let shown = |masked: &Masked| masked_lines(masked).concat();
            for (out, original) in shown(&m).into_iter().zip(shown(&input)) {
                let original = original.expect("the input shows everything");
                if (1..MIN_SHOWN).contains(&original) {
                    prop_assert_eq!(out, None);
                }
                if let Some(value) = out {
                    prop_assert_eq!(value, original);
                }
            }
            for line in masked_lines(&m) {
                prop_assert_ne!(line.iter().filter(|v| v.is_none()).count(), 1, "{:?}", line);
            }
        }

        #[test]
        fn linked_tables_hide_the_same_totals_and_stay_safe(
            rows in 1usize..5,
            a in prop::collection::vec(prop::collection::vec(0u32..12, 3), 4),
            b in prop::collection::vec(prop::collection::vec(0u32..12, 4), 4),
        ) {
            // The same rows: each of table b's rows splits table a's row total another way.
            let a = Table { cells: a[..rows].to_vec() };
            let b = Table {
                cells: a.cells.iter().zip(&b).map(|(ra, rb)| {
                    let want: u32 = ra.iter().sum();
                    let (x, y) = (rb[0].min(want), rb[1].min(want - rb[0].min(want)));
                    vec![x, y, want - x - y, 0]
                }).collect(),
            };
            let (ma, mb) = suppress_linked(&a, &b);
            prop_assert_eq!(&ma.row_totals.iter().map(Option::is_none).collect::<Vec<_>>(), &mb.row_totals.iter().map(Option::is_none).collect::<Vec<_>>());
            prop_assert_eq!(ma.total.is_none(), mb.total.is_none());
            for m in [&ma, &mb] {
                for line in masked_lines(m) {
                    prop_assert_ne!(line.iter().filter(|v| v.is_none()).count(), 1, "{:?}", line);
                }
            }
        }

        #[test]
        fn large_counts_hide_nothing(cells in prop::collection::vec(prop::collection::vec(5u32..30, 3), 1..6)) {
            let t = Table { cells };
            prop_assert_eq!(suppress(&t), the_input_in_the_same_shape(&t));
        }
    }
}
