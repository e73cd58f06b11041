//! The money chart: per row (a stakeholder) two amounts as horizontal bars from a zero axis, with
//! the net written under them.
//!
//! It speaks the bar chart's visual language: the first amount hatched and outlined, the latest
//! solid dark, every bar with its number next to it and a legend naming both, so it reads the same
//! in black and white. Negative amounts are drawn left of the zero axis, with their number on the
//! left. The scale's ticks are round euro amounts written as plain thousands ("10.000").

use std::rc::Rc;

use crate::blocks::{BODY, NOTE, heading_units, keep_together};
use crate::chart::{AXIS, BAR_GAP, BAR_HEIGHT, GRID, LABEL_LINES, NUMBER, ROW_PAD, SCALE_HEIGHT, legend_units, swatch};
use crate::encoding::encode;
use crate::layout::{BODY_HEIGHT, CONTENT_WIDTH, LEFT, Op, RIGHT, TextStyle, Unit, line_units};
use crate::metrics::Font;
use crate::money::{MAX_DRAWN_AMOUNT, drawable_amount, group_thousands, next_round_step};
use crate::wrap::{limit_lines, truncate, wrap};
use crate::{MoneyChart, MoneyRow};

/// The scale starts with at most this many intervals, fewer when the tick labels need the room.
const MAX_INTERVALS: f64 = 5.0;
/// Between a bar's end and its number.
const NUMBER_GAP: f32 = 3.0;
/// The numbers beside the bars take at most this much width on either side of the bar area.
const MAX_NUMBER_ROOM: f32 = CONTENT_WIDTH * 0.2;
/// Free space between two tick labels.
const TICK_GAP: f32 = 8.0;
/// The net under the bars: small, bold, black.
const NET: TextStyle = TextStyle { font: Font::Bold, size: 9.0, gray: 0.0, line_height: 12.0 };
/// Between the second bar and the net line.
const NET_GAP: f32 = 2.0;

/// Negative amounts' minus sign: WinAnsi has no '−', so a hyphen.
const MINUS: char = '-';

/// The text beside a bar: the caller's, or the rounded amount when that is empty.
fn amount_text(text: &str, value: f64) -> Vec<u8> {
    match drawable_amount(value) {
        Some(v) if text.trim().is_empty() => encode(&group_thousands(v.round() as i64, MINUS)),
        _ => encode(text),
    }
}

/// Horizontal placement shared by the scale and every row.
struct Scale {
    /// The left end of the drawing area right of the labels, where the net text starts.
    area: f32,
    /// The bar area, from `x0` (the amount `lo`) to `x1` (the amount `hi`).
    x0: f32,
    x1: f32,
    /// The lowest amount (or 0), so negative bars use no more room than they need.
    lo: f64,
    /// The highest amount (or 0) rounded up to a tick, at least 1 when every amount is 0.
    hi: f64,
    /// Tick amounts in euros, a round step apart, always including 0.
    ticks: Vec<i64>,
}

impl Scale {
    fn new(chart: &MoneyChart, label_width: f32) -> Scale {
        let bars = || chart.rows.iter().flat_map(|r| [(r.first, &r.first_text), (r.latest, &r.latest_text)]);
        let (min, max) = bars().filter_map(|(v, _)| drawable_amount(v)).fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        // Room for the numbers: left of the bar area for negative amounts, right of it for the rest.
        let room = |negative: bool| {
            bars()
                .filter(|(v, _)| drawable_amount(*v).is_some_and(|v| v < 0.0) == negative)
                .map(|(v, t)| NUMBER.font.width(&amount_text(t, v), NUMBER.size) + NUMBER_GAP)
                .fold(0.0_f32, f32::max)
                .min(MAX_NUMBER_ROOM)
        };
        let (left_room, right_room) = (room(true), room(false));
        let area = LEFT + label_width;

        let mut step = 1_i64;
        while (step as f64) < (max - min) / MAX_INTERVALS {
            step = next_round_step(step);
        }
        loop {
            let lowest = (min / step as f64).ceil() as i64;
            let mut highest = (max / step as f64).ceil() as i64;
            if highest == 0 && min == 0.0 {
                highest = 1;
            }
            let ticks: Vec<i64> = (lowest..=highest).map(|i| i * step).collect();
            let widths: Vec<f32> = ticks.iter().map(|&t| tick_width(t)).collect();
            let widest = widths.iter().copied().fold(0.0_f32, f32::max);
            // The highest tick's label is centred on the bar area's right end and must stay on the page.
            let last_half = widths.last().copied().unwrap_or(0.0) / 2.0;
            let x0 = area + left_room;
            let x1 = RIGHT - right_room.max(last_half + 1.0);
            let (lo, hi) = (min, (highest * step) as f64);
            let spacing = (x1 - x0) * (step as f64 / (hi - lo)) as f32;
            if spacing >= widest + TICK_GAP || step >= MAX_DRAWN_AMOUNT as i64 {
                return Scale { area, x0, x1, lo, hi, ticks };
            }
            step = next_round_step(step);
        }
    }

    fn x(&self, value: f64) -> f32 {
        let t = ((value.clamp(self.lo, self.hi) - self.lo) / (self.hi - self.lo)) as f32;
        self.x0 + t * (self.x1 - self.x0)
    }

    /// Light vertical lines at the ticks and the darker zero axis, over `height`.
    fn grid(&self, height: f32) -> Vec<Op> {
        let mut ops: Vec<Op> = self
            .ticks
            .iter()
            .filter(|&&t| t != 0)
            .map(|&t| self.x(t as f64))
            .map(|x| Op::Line { x1: x, y1: 0.0, x2: x, y2: height, stroke: GRID })
            .collect();
        let zero = self.x(0.0);
        ops.push(Op::Line { x1: zero, y1: 0.0, x2: zero, y2: height, stroke: AXIS });
        ops
    }
}

fn tick_width(tick: i64) -> f32 {
    NOTE.font.width(&encode(&group_thousands(tick, MINUS)), NOTE.size)
}

pub fn money_chart_units(chart: &MoneyChart) -> Vec<Unit> {
    let mut units = heading_units(&chart.title);

    let label_width = chart
        .rows
        .iter()
        .map(|row| BODY.font.width(&encode(&row.label), BODY.size) + 10.0)
        .fold(90.0_f32, f32::max)
        .min(CONTENT_WIDTH * 0.35);
    let scale = Scale::new(chart, label_width);

    let mut legend = legend_units(&chart.first_label, &chart.latest_label);
    keep_together(&mut legend, 2);
    units.extend(legend);

    let scale_unit = Rc::new(scale_unit(&scale));
    units.push(Unit { keep_next: 1, ..(*scale_unit).clone() });
    for row in &chart.rows {
        let mut unit = row_unit(&scale, label_width, row);
        unit.repeat = Some(scale_unit.clone());
        units.push(unit);
    }
    if !chart.note.trim().is_empty() {
        // The note stays with the last row (or the scale).
        if let Some(last) = units.last_mut() {
            last.keep_next = last.keep_next.max(1);
        }
        units.extend(line_units(wrap(&chart.note, NOTE.font, NOTE.size, CONTENT_WIDTH), NOTE, LEFT, 4.0));
    }
    // A chart that takes up to half a page is kept whole, like a figure.
    let height: f32 = units.iter().map(|u| u.space_before + u.height).sum();
    if height <= BODY_HEIGHT / 2.0 {
        keep_together(&mut units, 0);
    }
    units
}

/// Tick amounts above the bar area (repeated when the chart continues on a new page).
fn scale_unit(scale: &Scale) -> Unit {
    let mut ops = Vec::new();
    for &tick in &scale.ticks {
        let text = encode(&group_thousands(tick, MINUS));
        let x = scale.x(tick as f64);
        let half = NOTE.font.width(&text, NOTE.size) / 2.0;
        ops.push(Op::Text { x: x - half, y: NOTE.baseline(), font: NOTE.font, size: NOTE.size, gray: 0.2, text });
        ops.push(Op::Line { x1: x, y1: SCALE_HEIGHT - 3.0, x2: x, y2: SCALE_HEIGHT, stroke: AXIS });
    }
    ops.push(Op::Line { x1: scale.x0, y1: SCALE_HEIGHT, x2: scale.x1, y2: SCALE_HEIGHT, stroke: AXIS });
    Unit { space_before: 4.0, height: SCALE_HEIGHT, ops, ..Unit::default() }
}

/// One row: its label, the first and the latest amount's bars with their numbers, the net under them.
fn row_unit(scale: &Scale, label_width: f32, row: &MoneyRow) -> Unit {
    let label_room = label_width - 8.0;
    let lines = limit_lines(wrap(&row.label, BODY.font, BODY.size, label_room), LABEL_LINES, BODY.font, BODY.size, label_room);
    let bars_height = 2.0 * BAR_HEIGHT + BAR_GAP;
    let net_top = ROW_PAD + bars_height + NET_GAP;
    let height = (net_top + NET.line_height + ROW_PAD).max(lines.len() as f32 * BODY.line_height + 2.0 * ROW_PAD);
    let mut ops = scale.grid(height);

    // A one-line label sits in the middle of the two bars; longer labels start at the top.
    let label_top = if lines.len() == 1 { ROW_PAD + (bars_height - BODY.line_height) / 2.0 } else { ROW_PAD };
    for (k, line) in lines.into_iter().enumerate() {
        ops.push(BODY.text(LEFT, label_top + k as f32 * BODY.line_height, line));
    }

    let zero = scale.x(0.0);
    for (i, (value, text)) in [(row.first, &row.first_text), (row.latest, &row.latest_text)].into_iter().enumerate() {
        let y = ROW_PAD + i as f32 * (BAR_HEIGHT + BAR_GAP);
        let end = drawable_amount(value).map_or(zero, |v| scale.x(v));
        let (from, to) = (end.min(zero), end.max(zero));
        if to - from >= 0.5 {
            ops.extend(swatch(from, y, to - from, i == 1));
        }
        let text = amount_text(text, value);
        // The same test as the room for the numbers: the side never depends on rounding of `end`.
        if drawable_amount(value).is_some_and(|v| v < 0.0) {
            let text = truncate(&text, NUMBER.font, NUMBER.size, end - NUMBER_GAP - scale.area);
            let width = NUMBER.font.width(&text, NUMBER.size);
            ops.push(NUMBER.text(end - NUMBER_GAP - width, y, text));
        } else {
            let text = truncate(&text, NUMBER.font, NUMBER.size, RIGHT - end - NUMBER_GAP);
            ops.push(NUMBER.text(end + NUMBER_GAP, y, text));
        }
    }

    // The net on a white ground, so grid lines do not run through the text.
    let net = truncate(&encode(&row.net_text), NET.font, NET.size, RIGHT - scale.area);
    let width = NET.font.width(&net, NET.size);
    if width > 0.0 {
        let w = (width + 2.0).min(RIGHT - scale.area);
        ops.push(Op::Rect { x: scale.area, y: net_top, w, h: NET.line_height, fill: Some(1.0), stroke: None });
        ops.push(NET.text(scale.area, net_top, net));
    }
    Unit { height, ops, ..Unit::default() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PlanDocument, render};
    use proptest::prelude::*;

    fn row(label: &str, first: f64, latest: f64) -> MoneyRow {
        let euro = |v: f64| format!("€ {}", group_thousands(v.round() as i64, MINUS));
        MoneyRow {
            label: label.into(),
            first,
            latest,
            first_text: euro(first),
            latest_text: euro(latest),
            net_text: format!("Netto: {}", euro(first - latest)),
        }
    }

    fn chart(rows: Vec<MoneyRow>) -> MoneyChart {
        MoneyChart {
            title: "Kosten per belanghebbende".into(),
            first_label: "Zonder maatwerk".into(),
            latest_label: "Met maatwerk".into(),
            rows,
            note: "Contante waarde, bedragen in euro's.".into(),
        }
    }

    fn stakeholders() -> Vec<MoneyRow> {
        vec![
            row("Gemeente (Wmo, Jeugdwet, Participatiewet)", 48_250.0, 12_400.0),
            row("Zorgverzekeraar", 9_800.0, 11_250.0),
            row("Woningcorporatie", 6_000.0, 0.0),
            row("Huishouden", 0.0, 0.0),
        ]
    }

    fn document(money_chart: MoneyChart) -> PlanDocument {
        PlanDocument {
            title: "Maatwerk — familie Jansen".into(),
            subtitle: String::new(),
            sections: vec![],
            chart: None,
            money_chart: Some(money_chart),
            signatures: vec![],
            footer: "Eenplan · vertrouwelijk".into(),
            page_label: "pagina {x} van {n}".into(),
            date_label: "Datum:".into(),
        }
    }

    fn page_texts(bytes: &[u8]) -> Vec<String> {
        let doc = lopdf::Document::load_mem(bytes).expect("lopdf loads the PDF");
        doc.get_pages().keys().map(|&n| doc.extract_text(&[n]).expect("text extracts")).collect()
    }

    fn texts(unit: &Unit) -> Vec<String> {
        unit.ops
            .iter()
            .filter_map(|op| if let Op::Text { text, .. } = op { Some(text.iter().map(|&b| char::from(b)).collect()) } else { None })
            .collect()
    }

    /// Every drawing operation of `units` lies between the left and right margin.
    fn assert_within_margins(units: &[Unit]) {
        for op in units.iter().flat_map(|u| &u.ops) {
            let (from, to) = match op {
                Op::Text { x, font, size, text, .. } => (*x, x + font.width(text, *size)),
                Op::Rect { x, w, .. } | Op::Hatch { x, w, .. } => (*x, x + w),
                Op::Line { x1, x2, .. } => (x1.min(*x2), x1.max(*x2)),
            };
            assert!(from >= LEFT - 0.01 && to <= RIGHT + 0.01, "{op:?} outside {LEFT}..{RIGHT}");
            assert!(from.is_finite() && to.is_finite(), "{op:?}");
        }
    }

    /// The bars of a row unit: (left, right) per bar, from the outlines and solid rectangles.
    fn bars(unit: &Unit) -> Vec<(f32, f32)> {
        let bar = |op: &Op| match op {
            Op::Rect { x, w, fill, .. } if *fill != Some(1.0) => Some((*x, x + w)),
            _ => None,
        };
        unit.ops.iter().filter_map(bar).collect()
    }

    #[test]
    fn ticks_are_round_amounts_including_zero() {
        let scale = Scale::new(&chart(stakeholders()), 100.0);
        assert_eq!(scale.ticks, [0, 10_000, 20_000, 30_000, 40_000, 50_000]);
        // Negative amounts: the bars start at the lowest amount, the ticks at the first round one.
        let scale = Scale::new(&chart(vec![row("a", -2_500.0, 7_000.0)]), 100.0);
        assert_eq!(scale.ticks, [-2_000, 0, 2_000, 4_000, 6_000, 8_000]);
        assert_eq!(scale.x(-2_500.0), scale.x0);
        assert_eq!(scale.x(8_000.0), scale.x1);
        // All zero: still a scale of one step.
        let scale = Scale::new(&chart(vec![row("a", 0.0, 0.0)]), 100.0);
        assert_eq!(scale.ticks, [0, 1]);
        // Only negative amounts: the zero axis is on the right.
        let scale = Scale::new(&chart(vec![row("a", -300.0, -120.0)]), 100.0);
        assert_eq!(scale.ticks, [-300, -200, -100, 0]);
        assert_eq!(scale.x(0.0), scale.x1);
        // Barely negative: the zero axis is on the left.
        let scale = Scale::new(&chart(vec![row("a", -1e-9, 20.0)]), 100.0);
        assert_eq!(scale.ticks, [0, 5, 10, 15, 20]);
        assert!(scale.x(0.0) - scale.x0 < 0.01);
    }

    #[test]
    fn wide_tick_labels_get_fewer_ticks() {
        let scale = Scale::new(&chart(vec![row("a", 987_654_321_000.0, -3.0)]), CONTENT_WIDTH * 0.35);
        assert!(scale.ticks.len() >= 2);
        let spacing = scale.x(scale.ticks[1] as f64) - scale.x(scale.ticks[0] as f64);
        let widest = scale.ticks.iter().map(|&t| tick_width(t)).fold(0.0, f32::max);
        assert!(spacing >= widest, "{:?}", scale.ticks);
    }

    #[test]
    fn the_chart_shows_labels_amounts_nets_legend_and_note() {
        let text = page_texts(&render(&document(chart(stakeholders())))).join("\n");
        for expected in [
            "Kosten per belanghebbende",
            "Zonder maatwerk",
            "Met maatwerk",
            // The long label is wrapped.
            "Gemeente (Wmo, Jeugdwet,",
            "Participatiewet)",
            "Zorgverzekeraar",
            "€ 48.250",
            "€ 12.400",
            "€ 11.250",
            "Netto: € 35.850",
            "Netto: € -1.450",
            "20.000",
            "Contante waarde, bedragen in euro's.",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
    }

    #[test]
    fn bars_go_from_the_zero_axis_and_negatives_to_the_left() {
        let rows = vec![row("Plus", 5_000.0, 2_000.0), row("Min", -3_000.0, 1_000.0), row("Nul", 0.0, 0.0)];
        let c = chart(rows);
        let units = money_chart_units(&c);
        assert_within_margins(&units);
        let scale = Scale::new(&c, 90.0);
        let zero = scale.x(0.0);
        let row_units: Vec<&Unit> = units.iter().filter(|u| u.repeat.is_some()).collect();
        assert_eq!(row_units.len(), 3);

        let plus = bars(row_units[0]);
        assert!(!plus.is_empty() && plus.iter().all(|&(a, _)| (a - zero).abs() < 0.01), "{plus:?}");
        let min = bars(row_units[1]);
        assert!(min.iter().any(|&(a, b)| a < zero && (b - zero).abs() < 0.01), "negative bar left of zero: {min:?}");
        // The negative amount's number ends left of its bar.
        let t = texts(row_units[1]);
        assert!(t.contains(&"\u{80} -3.000".to_string()), "{t:?}");
        let number_x = row_units[1]
            .ops
            .iter()
            .find_map(|op| if let Op::Text { x, text, .. } = op { (text == b"\x80 -3.000").then_some(*x) } else { None })
            .unwrap();
        assert!(number_x < min.iter().map(|b| b.0).fold(f32::MAX, f32::min));
        // Zero amounts draw no bar but still say their number.
        assert!(bars(row_units[2]).is_empty());
        assert_eq!(texts(row_units[2]), ["Nul", "\u{80} 0", "\u{80} 0", "Netto: \u{80} 0"]);
    }

    #[test]
    fn odd_amounts_do_not_panic_and_stay_on_the_page() {
        let odd = [0.0, -0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300, -1e300, f64::MIN_POSITIVE, 0.4];
        for (i, &a) in odd.iter().enumerate() {
            for &b in &odd[i..] {
                let mut r = row("Rij", a, b);
                r.first_text = String::new();
                let c = chart(vec![r, row("ander", 10.0, -10.0)]);
                let units = money_chart_units(&c);
                assert_within_margins(&units);
                assert!(render(&document(c)).starts_with(b"%PDF-"));
            }
        }
        // Empty texts become the rounded amount.
        let mut r = row("Rij", 1234.6, f64::NAN);
        (r.first_text, r.latest_text) = (String::new(), String::new());
        let units = money_chart_units(&chart(vec![r]));
        assert!(texts(units.iter().find(|u| u.repeat.is_some()).unwrap()).contains(&"1.235".to_string()));
        // No rows at all, empty texts everywhere.
        let empty =
            MoneyChart { title: String::new(), first_label: String::new(), latest_label: String::new(), rows: vec![], note: String::new() };
        assert!(render(&document(empty)).starts_with(b"%PDF-"));
    }

    #[test]
    fn long_labels_and_texts_are_wrapped_or_shortened() {
        let mut r = row(&"Zeer lange naam van een belanghebbende ".repeat(20), 120_000.0, -80_000.0);
        r.first_text = "€ 120.000 (een heel lange toelichting bij dit bedrag)".repeat(5);
        r.net_text = "Netto ".repeat(200);
        let units = money_chart_units(&chart(vec![r]));
        assert_within_margins(&units);
        let row_unit = units.iter().find(|u| u.repeat.is_some()).unwrap();
        let label_lines = texts(row_unit).iter().filter(|t| t.starts_with("Zeer") || t.contains("belanghebbende")).count();
        assert!((2..=LABEL_LINES).contains(&label_lines), "{:?}", texts(row_unit));
        assert!(row_unit.height < BODY_HEIGHT / 4.0);
    }

    #[test]
    fn many_rows_continue_on_new_pages_with_the_scale_repeated() {
        let rows: Vec<MoneyRow> = (1..=90).map(|i| row(&format!("Partij {i:02}"), f64::from(i) * 1_000.0, f64::from(i) * 400.0)).collect();
        let pages = page_texts(&render(&document(chart(rows))));
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let all = pages.join("\n");
        for i in 1..=90 {
            assert_eq!(all.matches(&format!("Partij {i:02}")).count(), 1, "row {i}");
        }
        for (n, page) in pages.iter().enumerate() {
            assert!(page.contains("100.000"), "the scale on page {}", n + 1);
            assert!(page.contains(&format!("pagina {} van {}", n + 1, pages.len())));
        }
        assert!(pages.last().unwrap().contains("bedragen in euro's"));
    }

    #[test]
    fn a_small_chart_is_kept_whole_and_output_is_deterministic() {
        let units = money_chart_units(&chart(stakeholders()));
        assert_eq!(units[0].keep_next, units.len() - 1);
        let a = render(&document(chart(stakeholders())));
        assert_eq!(a, render(&document(chart(stakeholders()))));
    }

    /// Writes an example to /tmp/money-chart-example.pdf for a look:
    /// `cargo test -p eenplan-pdf --lib money_chart::tests::write_example -- --ignored`
    #[test]
    #[ignore]
    fn write_example() {
        let mut rows = stakeholders();
        rows.push(row("Zorgkantoor (Wlz)", -2_500.0, 4_000.0));
        let mut doc = document(chart(rows));
        doc.sections.push(crate::Section { heading: "Samenvatting".into(), blocks: vec![crate::Block::Paragraph("Tekst.".into())] });
        std::fs::write("/tmp/money-chart-example.pdf", render(&doc)).unwrap();
    }

    fn any_amount() -> impl Strategy<Value = f64> {
        prop_oneof![any::<f64>(), -1e7..1e7_f64, Just(0.0)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_amounts_render_within_the_margins(
            rows in prop::collection::vec(("\\PC{0,60}", any_amount(), any_amount(), "\\PC{0,20}", "\\PC{0,30}"), 0..12),
        ) {
            let rows = rows
                .into_iter()
                .map(|(label, first, latest, text, net_text)| MoneyRow {
                    label, first, latest, first_text: text.clone(), latest_text: text, net_text,
                })
                .collect();
            let c = chart(rows);
            assert_within_margins(&money_chart_units(&c));
            let bytes = render(&document(c));
            prop_assert!(lopdf::Document::load_mem(&bytes).is_ok());
        }
    }
}
