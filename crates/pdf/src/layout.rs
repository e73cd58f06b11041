//! Page geometry, drawing operations and pagination.
//!
//! The document is first turned into a flat list of [`Unit`]s (a line of text, a table row, a bar
//! of the chart, a signature box), each with its height and its drawing operations in local
//! coordinates. The [`Paginator`] then stacks them onto pages, honouring "keep with next" and
//! repeating table headers, so the page count is known before anything is written.

use std::rc::Rc;

use crate::metrics::Font;

/// A4 portrait in points (210 mm x 297 mm).
pub const PAGE_WIDTH: f32 = 595.2756;
pub const PAGE_HEIGHT: f32 = 841.8898;
/// 2 cm on every side.
pub const MARGIN: f32 = 56.6929;
pub const LEFT: f32 = MARGIN;
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
pub const RIGHT: f32 = LEFT + CONTENT_WIDTH;
const TOP: f32 = PAGE_HEIGHT - MARGIN;
const BOTTOM: f32 = MARGIN;
/// The height available for content on every page.
pub const BODY_HEIGHT: f32 = TOP - BOTTOM;

/// How a line is stroked: grey level (0 black, 1 white) and width in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub gray: f32,
    pub width: f32,
}

/// One drawing operation. Inside a [`Unit`], `y` values are measured downwards from the unit's top;
/// on a page (after [`Op::placed`]) they are PDF coordinates (upwards from the page's bottom, and a
/// rectangle's `y` is its lower edge).
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// One line of WinAnsi text; `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        font: Font,
        size: f32,
        gray: f32,
        text: Vec<u8>,
    },
    /// A rectangle, filled and/or outlined; `y` is its top edge within a unit.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<f32>,
        stroke: Option<Stroke>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        stroke: Stroke,
    },
    /// Diagonal hatching clipped to a rectangle (no outline).
    Hatch {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        stroke: Stroke,
        spacing: f32,
    },
}

impl Op {
    /// This operation in page coordinates, for a unit whose top edge is at `top`.
    fn placed(&self, top: f32) -> Op {
        match self {
            Op::Text { x, y, font, size, gray, text } => {
                Op::Text { x: *x, y: top - y, font: *font, size: *size, gray: *gray, text: text.clone() }
            }
            Op::Rect { x, y, w, h, fill, stroke } => Op::Rect { x: *x, y: top - y - h, w: *w, h: *h, fill: *fill, stroke: *stroke },
            Op::Line { x1, y1, x2, y2, stroke } => Op::Line { x1: *x1, y1: top - y1, x2: *x2, y2: top - y2, stroke: *stroke },
            Op::Hatch { x, y, w, h, stroke, spacing } => {
                Op::Hatch { x: *x, y: top - y - h, w: *w, h: *h, stroke: *stroke, spacing: *spacing }
            }
        }
    }
}

/// Something placed as a whole on one page.
#[derive(Debug, Clone, Default)]
pub struct Unit {
    /// Space above the unit, dropped at the top of a page.
    pub space_before: f32,
    pub height: f32,
    pub ops: Vec<Op>,
    /// How many of the following units must fit on the same page as this one.
    pub keep_next: usize,
    /// Placed first when this unit has to start a new page (a table's header row).
    pub repeat: Option<Rc<Unit>>,
}

/// The look of a run of text.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub font: Font,
    pub size: f32,
    pub gray: f32,
    pub line_height: f32,
}

impl TextStyle {
    /// The baseline's distance below the top of a line box, centring Helvetica's ascender
    /// (718/1000) and descender (207/1000) in it.
    pub fn baseline(&self) -> f32 {
        (self.line_height - 0.925 * self.size) / 2.0 + 0.718 * self.size
    }

    /// A text operation for `text` on a line whose box starts `line_top` below the unit top.
    pub fn text(&self, x: f32, line_top: f32, text: Vec<u8>) -> Op {
        Op::Text { x, y: line_top + self.baseline(), font: self.font, size: self.size, gray: self.gray, text }
    }
}

/// One unit per wrapped line, at `x`, so long texts flow over pages line by line.
pub fn line_units(lines: Vec<Vec<u8>>, style: TextStyle, x: f32, space_before: f32) -> Vec<Unit> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| Unit {
            space_before: if i == 0 { space_before } else { 0.0 },
            height: style.line_height,
            ops: vec![style.text(x, 0.0, line)],
            ..Unit::default()
        })
        .collect()
}

/// Lays units out on pages.
pub struct Paginator {
    pages: Vec<Vec<Op>>,
    /// The top of the free space on the current page (PDF coordinates).
    cursor: f32,
    /// Whether nothing but a repeated header has been placed on the current page.
    fresh: bool,
}

impl Paginator {
    pub fn new() -> Self {
        Paginator { pages: vec![Vec::new()], cursor: TOP, fresh: true }
    }

    /// Places all units in order and returns the pages' operations.
    pub fn paginate(mut self, units: &[Unit]) -> Vec<Vec<Op>> {
        for (i, unit) in units.iter().enumerate() {
            let mut need = unit.height;
            for next in units.iter().skip(i + 1).take(unit.keep_next) {
                need += next.space_before + next.height;
            }
            let repeat_height = unit.repeat.as_ref().map_or(0.0, |r| r.height);
            // A group that can never fit on one page only keeps the unit itself together.
            if need + repeat_height > BODY_HEIGHT {
                need = unit.height;
            }
            if !self.fresh && self.cursor - unit.space_before - need < BOTTOM - 0.01 {
                self.new_page();
                if let Some(header) = &unit.repeat {
                    self.place(header);
                    self.fresh = true;
                }
            }
            self.place(unit);
        }
        self.pages
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.cursor = TOP;
        self.fresh = true;
    }

    fn place(&mut self, unit: &Unit) {
        if !self.fresh {
            self.cursor -= unit.space_before;
        }
        let top = self.cursor;
        let page = self.pages.last_mut().expect("there is always a current page");
        page.extend(unit.ops.iter().map(|op| op.placed(top)));
        self.cursor -= unit.height;
        self.fresh = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(height: f32, keep_next: usize) -> Unit {
        let op = Op::Line { x1: 0.0, y1: 0.0, x2: 1.0, y2: 0.0, stroke: Stroke { gray: 0.0, width: 1.0 } };
        Unit { height, keep_next, ops: vec![op], ..Unit::default() }
    }

    #[test]
    fn units_flow_onto_new_pages() {
        let units: Vec<Unit> = (0..10).map(|_| unit(BODY_HEIGHT / 4.0, 0)).collect();
        let pages = Paginator::new().paginate(&units);
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [4, 4, 2]);
    }

    #[test]
    fn keep_next_moves_a_unit_to_the_next_page() {
        let mut units = vec![unit(BODY_HEIGHT * 0.85, 0), unit(10.0, 2), unit(BODY_HEIGHT * 0.1, 0), unit(BODY_HEIGHT * 0.1, 0)];
        units.push(unit(1.0, 0));
        let pages = Paginator::new().paginate(&units);
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [1, 4]);
    }

    #[test]
    fn impossible_keeps_do_not_loop_or_leave_empty_pages() {
        let units = vec![unit(10.0, 3), unit(BODY_HEIGHT, 0), unit(BODY_HEIGHT, 0)];
        let pages = Paginator::new().paginate(&units);
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [1, 1, 1]);
    }

    #[test]
    fn repeated_header_comes_first_on_a_new_page() {
        let header = Rc::new(unit(20.0, 0));
        let rows: Vec<Unit> = (0..3).map(|_| Unit { repeat: Some(header.clone()), ..unit(BODY_HEIGHT / 2.0, 0) }).collect();
        let pages = Paginator::new().paginate(&rows);
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2]);
        let Op::Line { y1, .. } = pages[1][0] else { panic!("expected the header first") };
        assert_eq!(y1, TOP);
    }
}
