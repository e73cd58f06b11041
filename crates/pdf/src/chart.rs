//! The bar chart: per life domain the first and the latest score as two horizontal bars.
//!
//! The two series differ in pattern as well as in shade (the first is hatched and outlined, the
//! latest solid dark), every bar has its number written next to it and a legend names both, so
//! the chart reads the same in black and white.

use std::rc::Rc;

use crate::BarChart;
use crate::blocks::{BODY, NOTE, heading_units, keep_together};
use crate::encoding::encode;
use crate::layout::{BODY_HEIGHT, CONTENT_WIDTH, LEFT, Op, RIGHT, Stroke, TextStyle, Unit, line_units};
use crate::metrics::Font;
use crate::wrap::{limit_lines, truncate, wrap};

pub const BAR_HEIGHT: f32 = 9.0;
pub const BAR_GAP: f32 = 3.0;
pub const ROW_PAD: f32 = 5.0;
const SWATCH_WIDTH: f32 = 18.0;
pub const LABEL_LINES: usize = 3;
/// Room right of the bar area for the number next to a full bar.
const NUMBER_ROOM: f32 = 24.0;
pub const SCALE_HEIGHT: f32 = 16.0;
/// Numbers next to bars: small but black.
pub const NUMBER: TextStyle = TextStyle { font: Font::Regular, size: 9.0, gray: 0.0, line_height: BAR_HEIGHT };
pub const GRID: Stroke = Stroke { gray: 0.82, width: 0.4 };
pub const AXIS: Stroke = Stroke { gray: 0.2, width: 0.6 };
const OUTLINE: Stroke = Stroke { gray: 0.15, width: 0.6 };
const HATCH: Stroke = Stroke { gray: 0.35, width: 0.5 };
const FILL: f32 = 0.25;

/// Horizontal placement shared by the scale and every row.
struct Scale {
    /// Left end of the bars (the value `min`).
    x0: f32,
    /// Right end of the bars (the value `max`).
    x1: f32,
    min: f32,
    max: f32,
    ticks: Vec<u32>,
}

impl Scale {
    fn new(chart: &BarChart, label_width: f32) -> Scale {
        let min = u32::from(chart.min);
        // A degenerate range still gets a usable scale of one step.
        let max = u32::from(chart.max).max(min + 1);
        let step = [1, 2, 5, 10, 20, 25, 50, 100].into_iter().find(|s| (max - min) / s <= 10).unwrap_or(100);
        let ticks = (min..=max).step_by(step as usize).collect();
        Scale { x0: LEFT + label_width, x1: RIGHT - NUMBER_ROOM, min: min as f32, max: max as f32, ticks }
    }

    fn x(&self, value: f32) -> f32 {
        let t = (value.clamp(self.min, self.max) - self.min) / (self.max - self.min);
        self.x0 + t * (self.x1 - self.x0)
    }

    /// Light vertical lines at the ticks and the axis on the left, over `height`.
    fn grid(&self, height: f32) -> Vec<Op> {
        let mut ops: Vec<Op> = self
            .ticks
            .iter()
            .map(|&t| self.x(t as f32))
            .filter(|&x| x > self.x0 + 0.5)
            .map(|x| Op::Line { x1: x, y1: 0.0, x2: x, y2: height, stroke: GRID })
            .collect();
        ops.push(Op::Line { x1: self.x0, y1: 0.0, x2: self.x0, y2: height, stroke: AXIS });
        ops
    }
}

pub fn chart_units(chart: &BarChart) -> Vec<Unit> {
    let mut units = heading_units(&chart.title);

    let label_width = chart
        .rows
        .iter()
        .map(|(label, _, _)| BODY.font.width(&encode(label), BODY.size) + 10.0)
        .fold(90.0_f32, f32::max)
        .min(CONTENT_WIDTH * 0.35);
    let scale = Scale::new(chart, label_width);

    let mut legend = legend_units(&chart.first_label, &chart.latest_label);
    keep_together(&mut legend, 2);
    units.extend(legend);

    let scale_unit = Rc::new(scale_unit(&scale));
    units.push(Unit { keep_next: 1, ..(*scale_unit).clone() });
    for (label, first, latest) in &chart.rows {
        let mut row = row_unit(&scale, label_width, label, [*first, *latest], &chart.not_scored);
        row.repeat = Some(scale_unit.clone());
        units.push(row);
    }
    // A chart that takes up to half a page is kept whole, like a figure.
    let height: f32 = units.iter().map(|u| u.space_before + u.height).sum();
    if height <= BODY_HEIGHT / 2.0 {
        keep_together(&mut units, 0);
    }
    units
}

/// A small sample of a bar, hatched (first score) or solid (latest score).
pub fn swatch(x: f32, y: f32, w: f32, latest: bool) -> Vec<Op> {
    if latest {
        vec![Op::Rect { x, y, w, h: BAR_HEIGHT, fill: Some(FILL), stroke: None }]
    } else {
        vec![
            Op::Hatch { x, y, w, h: BAR_HEIGHT, stroke: HATCH, spacing: 3.0 },
            Op::Rect { x, y, w, h: BAR_HEIGHT, fill: None, stroke: Some(OUTLINE) },
        ]
    }
}

/// The legend: both entries on one line when they fit, else one under the other.
pub fn legend_units(first_label: &str, latest_label: &str) -> Vec<Unit> {
    let swatch_top = (BODY.line_height - BAR_HEIGHT) / 2.0;
    let text_x = SWATCH_WIDTH + 6.0;
    let labels = [encode(first_label), encode(latest_label)];
    let widths = labels.iter().map(|l| BODY.font.width(l, BODY.size)).collect::<Vec<_>>();
    if 2.0 * text_x + widths[0] + 20.0 + widths[1] <= CONTENT_WIDTH {
        let second_x = LEFT + text_x + widths[0] + 20.0;
        let mut ops = swatch(LEFT, swatch_top, SWATCH_WIDTH, false);
        ops.extend(swatch(second_x, swatch_top, SWATCH_WIDTH, true));
        let [first, latest] = labels;
        ops.push(BODY.text(LEFT + text_x, 0.0, first));
        ops.push(BODY.text(second_x + text_x, 0.0, latest));
        return vec![Unit { space_before: 4.0, height: BODY.line_height + 4.0, ops, ..Unit::default() }];
    }
    let mut units = Vec::new();
    for (i, label) in [first_label, latest_label].into_iter().enumerate() {
        let lines = limit_lines(
            wrap(label, BODY.font, BODY.size, CONTENT_WIDTH - text_x),
            LABEL_LINES,
            BODY.font,
            BODY.size,
            CONTENT_WIDTH - text_x,
        );
        let mut entry = line_units(lines, BODY, LEFT + text_x, if i == 0 { 4.0 } else { 2.0 });
        entry[0].ops.extend(swatch(LEFT, swatch_top, SWATCH_WIDTH, i == 1));
        units.extend(entry);
    }
    units
}

/// Tick numbers above the bar area (repeated when the chart continues on a new page).
fn scale_unit(scale: &Scale) -> Unit {
    let mut ops = Vec::new();
    for &tick in &scale.ticks {
        let text = tick.to_string().into_bytes();
        let x = scale.x(tick as f32);
        let half = NOTE.font.width(&text, NOTE.size) / 2.0;
        ops.push(Op::Text { x: x - half, y: NOTE.baseline(), font: NOTE.font, size: NOTE.size, gray: 0.2, text });
        ops.push(Op::Line { x1: x, y1: SCALE_HEIGHT - 3.0, x2: x, y2: SCALE_HEIGHT, stroke: AXIS });
    }
    ops.push(Op::Line { x1: scale.x0, y1: SCALE_HEIGHT, x2: scale.x1, y2: SCALE_HEIGHT, stroke: AXIS });
    Unit { space_before: 4.0, height: SCALE_HEIGHT, ops, ..Unit::default() }
}

/// One domain: its label, then the first score's bar and the latest score's bar.
fn row_unit(scale: &Scale, label_width: f32, label: &str, scores: [Option<u8>; 2], not_scored: &str) -> Unit {
    let lines = limit_lines(wrap(label, BODY.font, BODY.size, label_width - 8.0), LABEL_LINES, BODY.font, BODY.size, label_width - 8.0);
    let bars_height = 2.0 * ROW_PAD + 2.0 * BAR_HEIGHT + BAR_GAP;
    let height = bars_height.max(lines.len() as f32 * BODY.line_height + 2.0 * ROW_PAD);
    let mut ops = scale.grid(height);

    // A one-line label sits in the middle of the two bars; longer labels start at the top.
    let label_top = if lines.len() == 1 { ROW_PAD + (2.0 * BAR_HEIGHT + BAR_GAP - BODY.line_height) / 2.0 } else { ROW_PAD };
    for (k, line) in lines.into_iter().enumerate() {
        ops.push(BODY.text(LEFT, label_top + k as f32 * BODY.line_height, line));
    }

    for (i, score) in scores.into_iter().enumerate() {
        let y = ROW_PAD + i as f32 * (BAR_HEIGHT + BAR_GAP);
        let latest = i == 1;
        match score {
            Some(value) => {
                let end = scale.x(f32::from(value));
                if end - scale.x0 >= 0.5 {
                    ops.extend(swatch(scale.x0, y, end - scale.x0, latest));
                }
                ops.push(NUMBER.text(end + 3.0, y, value.to_string().into_bytes()));
            }
            None => {
                let text = truncate(&encode(not_scored), NOTE.font, NOTE.size, RIGHT - scale.x0 - 4.0);
                let style = TextStyle { line_height: BAR_HEIGHT, ..NOTE };
                ops.push(style.text(scale.x0 + 4.0, y, text));
            }
        }
    }
    Unit { height, ops, ..Unit::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(min: u8, max: u8) -> BarChart {
        BarChart {
            title: "Zelfredzaamheid".into(),
            first_label: "Eerste meting".into(),
            latest_label: "Laatste meting".into(),
            min,
            max,
            rows: vec![("Financiën".into(), Some(2), Some(4)), ("Wonen".into(), None, Some(5))],
            not_scored: "niet gescoord".into(),
        }
    }

    #[test]
    fn ticks_cover_the_range_with_few_steps() {
        assert_eq!(Scale::new(&chart(1, 5), 100.0).ticks, [1, 2, 3, 4, 5]);
        assert_eq!(Scale::new(&chart(0, 100), 100.0).ticks, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
        assert_eq!(Scale::new(&chart(0, 255), 100.0).ticks, (0..=250).step_by(25).collect::<Vec<_>>());
        assert_eq!(Scale::new(&chart(5, 5), 100.0).ticks, [5, 6]);
        assert_eq!(Scale::new(&chart(9, 3), 100.0).ticks, [9, 10]);
    }

    #[test]
    fn bars_scale_between_min_and_max() {
        let scale = Scale::new(&chart(1, 5), 100.0);
        assert_eq!(scale.x(1.0), scale.x0);
        assert_eq!(scale.x(5.0), scale.x1);
        assert_eq!(scale.x(0.0), scale.x0);
        assert!((scale.x(3.0) - (scale.x0 + scale.x1) / 2.0).abs() < 0.01);
    }

    #[test]
    fn unscored_rows_show_the_text_instead_of_a_bar() {
        let units = chart_units(&chart(1, 5));
        let wonen = units.last().unwrap();
        let texts: Vec<&[u8]> =
            wonen.ops.iter().filter_map(|op| if let Op::Text { text, .. } = op { Some(text.as_slice()) } else { None }).collect();
        assert_eq!(texts, [b"Wonen".as_slice(), b"niet gescoord", b"5"]);
        assert_eq!(wonen.ops.iter().filter(|op| matches!(op, Op::Hatch { .. })).count(), 0);
    }
}
