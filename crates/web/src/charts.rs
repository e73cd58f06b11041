//! Server-side SVG charts of life-domain assessment scores: a radar (spider) chart of up to two
//! assessments over the life domains, and a line chart of one domain's score over time. Also
//! horizontal bars of money per stakeholder ([`money_bars`]), the same chart as the PDF's
//! [`MoneyChart`].
//!
//! Pure functions that return one `<svg>` element to embed inline (askama, `|safe`). Every text in
//! it is XML-escaped here. No JavaScript, no external resources, no `style` attributes or `<style>`
//! elements (the CSP forbids inline style): only presentation attributes, so a chart looks right
//! without any CSS and prints in black and white. Each chart is `role="img"`, labelled by a
//! `<title>` and a `<desc>` that is a full text alternative of the data. Series differ by colour,
//! dash pattern and marker shape, never by colour alone. Output is deterministic: the same input
//! gives a byte-identical string, and element ids are derived from a hash of all inputs.

use std::fmt::Write as _;

use eenplan_pdf::money::{MAX_DRAWN_AMOUNT, drawable_amount, group_thousands, next_round_step};
use eenplan_pdf::{MoneyChart, MoneyRow};

/// One axis of a radar / one life domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    pub label: String,
}

/// A named set of scores, one per axis (None = not scored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<u8>>,
}

/// Texts the charts need, passed in by the caller (the caller translates; the module has no strings
/// a user reads except numbers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartText {
    pub title: String,
    pub description: String,
    pub not_scored: String,
}

// ---------------------------------------------------------------------------------------------
// Visual style
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

#[derive(Clone, Copy)]
struct Style {
    /// Dark enough to print in black and white (contrast >= 7:1 on white).
    colour: &'static str,
    /// `None` = solid line.
    dash: Option<&'static str>,
    marker: Marker,
}

/// One style per series; a radar draws at most this many series (the brief asks for up to 2).
const STYLES: [Style; 4] = [
    Style { colour: "#1f4e79", dash: None, marker: Marker::Circle },
    Style { colour: "#8a3b00", dash: Some("7 4"), marker: Marker::Square },
    Style { colour: "#245a27", dash: Some("2 3"), marker: Marker::Triangle },
    Style { colour: "#5e2a5e", dash: Some("9 3 2 3"), marker: Marker::Diamond },
];

const TEXT_FILL: &str = "#1a1a1a";
const MUTED_FILL: &str = "#4a4a4a";
const GRID_STROKE: &str = "#c8c8c8";
const AXIS_STROKE: &str = "#8c8c8c";
const LINE_WIDTH: &str = "2.5";

/// Axis labels longer than this are wrapped onto two lines at a space or truncated with "…".
const LABEL_CHARS: usize = 22;
/// Legend entries (series names) longer than this are truncated.
const LEGEND_CHARS: usize = 40;
/// Trend x labels longer than this are truncated.
const X_LABEL_CHARS: usize = 12;
/// At most this many scale rings / grid lines; with a wider scale only every k-th level is drawn.
const MAX_TICKS: u16 = 10;

// ---------------------------------------------------------------------------------------------
// Radar
// ---------------------------------------------------------------------------------------------

const RADAR_W: f64 = 760.0;
const RADAR_CX: f64 = 380.0;
const RADAR_CY: f64 = 205.0;
const RADAR_R: f64 = 150.0;
const RADAR_LABEL_GAP: f64 = 14.0;
const LABEL_LINE_H: f64 = 15.0;
const LEGEND_X: f64 = 230.0;
const LEGEND_Y0: f64 = 432.0;
const LEGEND_ROW: f64 = 24.0;

/// A radar (spider) chart of up to 2 series (e.g. first and latest assessment) over n axes (3..=16),
/// scale min..=max (e.g. 1..=5).
///
/// Axes start at the top and go clockwise. A value v lies at (v - min + 1) / (max - min + 1) of the
/// full radius, so the minimum stays visible away from the centre. Values outside min..=max are
/// drawn clamped to the scale (the `<desc>` keeps the real number). Unscored axes are skipped: the
/// series shape closes over the scored axes only and has no marker there. Series beyond the fourth
/// are ignored; values beyond the number of axes are ignored, missing ones count as not scored.
pub fn radar(text: &ChartText, axes: &[Axis], series: &[Series], min: u8, max: u8) -> String {
    let scale = Scale::new(min, max);
    let series = &series[..series.len().min(STYLES.len())];
    let value = |s: &Series, axis: usize| s.values.get(axis).copied().flatten();

    let mut h = Fnv::new();
    h.str("radar");
    h.text(text);
    h.usize(axes.len());
    for a in axes {
        h.str(&a.label);
    }
    h.usize(series.len());
    for s in series {
        h.str(&s.name);
        for i in 0..axes.len() {
            h.opt(value(s, i));
        }
    }
    h.bytes(&[scale.lo, scale.hi]);
    let id = h.id();

    if axes.is_empty() || series.is_empty() {
        return message_svg("radar", &id, text);
    }

    // The text alternative: "label: name1 3, name2 4" per axis.
    let mut desc = clean(&text.description);
    for (i, a) in axes.iter().enumerate() {
        desc.push_str(if i == 0 { if desc.is_empty() { "" } else { " " } } else { "; " });
        desc.push_str(&clean(&a.label));
        desc.push(':');
        for (k, s) in series.iter().enumerate() {
            desc.push_str(if k == 0 { " " } else { ", " });
            let name = clean(&s.name);
            if !name.is_empty() {
                desc.push_str(&name);
                desc.push(' ');
            }
            match value(s, i) {
                Some(v) => desc.push_str(&v.to_string()),
                None => desc.push_str(&clean(&text.not_scored)),
            }
        }
    }
    desc.push('.');

    let n = axes.len();
    let height = LEGEND_Y0 + (series.len() - 1) as f64 * LEGEND_ROW + 18.0;
    let mut out = String::with_capacity(4096);
    open_svg(&mut out, "radar", &id, RADAR_W, height, &text.title, &desc);

    let angle = |i: usize| std::f64::consts::TAU * i as f64 / n as f64;
    let point = |i: usize, r: f64| {
        let a = angle(i);
        (RADAR_CX + r * a.sin(), RADAR_CY - r * a.cos())
    };

    // Scale rings (polygons along the axes; circles when there are too few axes for a polygon) and spokes.
    let ticks = scale.ticks();
    let _ = write!(out, r#"<g class="chart-grid" fill="none" stroke="{GRID_STROKE}" stroke-width="1">"#);
    for &t in &ticks {
        let r = RADAR_R * scale.radial(t);
        if n >= 3 {
            let pts: Vec<String> = (0..n).map(|i| pair(point(i, r))).collect();
            let _ = write!(out, r#"<polygon points="{}"/>"#, pts.join(" "));
        } else {
            let _ = write!(out, r#"<circle cx="{}" cy="{}" r="{}"/>"#, num(RADAR_CX), num(RADAR_CY), num(r));
        }
    }
    for i in 0..n {
        let (x, y) = point(i, RADAR_R);
        let _ = write!(out, r#"<line x1="{}" y1="{}" x2="{}" y2="{}"/>"#, num(RADAR_CX), num(RADAR_CY), num(x), num(y));
    }
    out.push_str("</g>");

    // Scale numbers along the first (top) axis, just left of it.
    let _ = write!(out, r#"<g class="chart-scale" fill="{MUTED_FILL}" font-size="11" text-anchor="end">"#);
    for &t in &ticks {
        let y = RADAR_CY - RADAR_R * scale.radial(t) + 4.0;
        let _ = write!(out, r#"<text x="{}" y="{}">{t}</text>"#, num(RADAR_CX - 10.0), num(y));
    }
    out.push_str("</g>");

    // Axis labels around the outer ring.
    let _ = write!(out, r#"<g class="chart-labels" fill="{TEXT_FILL}" font-size="13">"#);
    for (i, a) in axes.iter().enumerate() {
        let lines = wrap_label(&clean(&a.label), LABEL_CHARS);
        let (ax, ay) = point(i, RADAR_R + RADAR_LABEL_GAP);
        let (sin, cos) = (angle(i).sin(), angle(i).cos());
        let anchor = if sin.abs() < 0.3 {
            "middle"
        } else if sin > 0.0 {
            "start"
        } else {
            "end"
        };
        let extra = (lines.len() - 1) as f64 * LABEL_LINE_H;
        let y0 = if cos > 0.3 {
            // Upper part: the last line sits just above the point.
            ay - extra
        } else if cos < -0.3 {
            // Lower part: the first line hangs just below the point.
            ay + 12.0
        } else {
            ay + 4.5 - extra / 2.0
        };
        let _ = write!(out, r#"<text text-anchor="{anchor}">"#);
        for (j, line) in lines.iter().enumerate() {
            let y = y0 + j as f64 * LABEL_LINE_H;
            let _ = write!(out, r#"<tspan x="{}" y="{}">{}</tspan>"#, num(ax), num(y), esc(line));
        }
        out.push_str("</text>");
    }
    out.push_str("</g>");

    // The series, the first drawn first so the latest lies on top.
    for (k, s) in series.iter().enumerate() {
        let style = STYLES[k];
        let pts: Vec<(f64, f64)> = (0..n).filter_map(|i| value(s, i).map(|v| point(i, RADAR_R * scale.radial(u16::from(v))))).collect();
        let _ = write!(out, r#"<g class="chart-series chart-series-{}" fill="{c}" stroke="{c}">"#, k + 1, c = style.colour);
        if pts.len() >= 2 {
            let mut d = String::new();
            for (j, &p) in pts.iter().enumerate() {
                d.push_str(if j == 0 { "M" } else { " L" });
                d.push_str(&pair(p));
            }
            let fill = if pts.len() >= 3 {
                d.push_str(" Z");
                r#" fill-opacity="0.1""#
            } else {
                r#" fill="none""#
            };
            let _ = write!(
                out,
                r#"<path class="chart-line" d="{d}"{fill} stroke-width="{LINE_WIDTH}" stroke-linejoin="round"{}/>"#,
                dash_attr(style)
            );
        }
        for &(x, y) in &pts {
            marker(&mut out, style.marker, x, y);
        }
        out.push_str("</g>");
    }

    // Legend: the same line style and marker next to each series name.
    out.push_str(r#"<g class="chart-legend">"#);
    for (k, s) in series.iter().enumerate() {
        let y = LEGEND_Y0 + k as f64 * LEGEND_ROW;
        legend_entry(&mut out, STYLES[k], LEGEND_X, y, &s.name);
    }
    out.push_str("</g></svg>");
    out
}

// ---------------------------------------------------------------------------------------------
// Trend
// ---------------------------------------------------------------------------------------------

const TREND_W: f64 = 640.0;
const TREND_LEFT: f64 = 56.0;
const TREND_RIGHT: f64 = 24.0;
const TREND_TOP: f64 = 16.0;
const TREND_PLOT_H: f64 = 200.0;
/// Horizontal room inside the plot so the first and last x labels are not cut off.
const TREND_PAD: f64 = 36.0;
/// Minimum distance between horizontal x labels; closer than this they are turned 45 degrees.
const X_LABEL_SPACING: f64 = 76.0;

/// A line chart of one domain's score over time: points are (x label e.g. "12-03-2026", score).
///
/// Points are evenly spaced in the given order; an unscored point breaks the line (and has only a
/// tick on the x axis). Scores outside min..=max are drawn clamped to the scale (the `<desc>` keeps
/// the real number). When the x labels do not fit side by side they are turned 45 degrees and, if
/// needed, only every k-th one is written (all of them are in the `<desc>`).
pub fn trend(text: &ChartText, points: &[(String, Option<u8>)], min: u8, max: u8) -> String {
    let scale = Scale::new(min, max);

    let mut h = Fnv::new();
    h.str("trend");
    h.text(text);
    h.usize(points.len());
    for (label, v) in points {
        h.str(label);
        h.opt(*v);
    }
    h.bytes(&[scale.lo, scale.hi]);
    let id = h.id();

    if points.is_empty() {
        return message_svg("trend", &id, text);
    }

    // The text alternative: every point "date: score".
    let mut desc = clean(&text.description);
    for (i, (label, v)) in points.iter().enumerate() {
        desc.push_str(if i == 0 { if desc.is_empty() { "" } else { " " } } else { "; " });
        desc.push_str(&clean(label));
        desc.push_str(": ");
        match v {
            Some(v) => desc.push_str(&v.to_string()),
            None => desc.push_str(&clean(&text.not_scored)),
        }
    }
    desc.push('.');

    let n = points.len();
    let plot_right = TREND_W - TREND_RIGHT;
    let inner_w = plot_right - TREND_LEFT - 2.0 * TREND_PAD;
    let spacing = if n > 1 { inner_w / (n - 1) as f64 } else { f64::INFINITY };
    let x_of = |i: usize| {
        if n == 1 { TREND_LEFT + (plot_right - TREND_LEFT) / 2.0 } else { TREND_LEFT + TREND_PAD + i as f64 * spacing }
    };
    let base = TREND_TOP + TREND_PLOT_H;
    let y_of = |v: u16| base - scale.linear(v) * TREND_PLOT_H;
    let rotated = spacing < X_LABEL_SPACING;
    let bottom = if rotated { 84.0 } else { 30.0 };
    let height = base + bottom;

    let mut out = String::with_capacity(4096);
    open_svg(&mut out, "trend", &id, TREND_W, height, &text.title, &desc);

    // Horizontal grid lines at the scale levels, with their numbers on the y axis.
    let ticks = scale.ticks();
    let _ = write!(out, r#"<g class="chart-grid" fill="none" stroke="{GRID_STROKE}" stroke-width="1">"#);
    for &t in &ticks {
        let y = num(y_of(t));
        let _ = write!(out, r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#, num(TREND_LEFT), num(plot_right));
    }
    out.push_str("</g>");
    let _ = write!(out, r#"<g class="chart-scale" fill="{MUTED_FILL}" font-size="11" text-anchor="end">"#);
    for &t in &ticks {
        let _ = write!(out, r#"<text x="{}" y="{}">{t}</text>"#, num(TREND_LEFT - 8.0), num(y_of(t) + 4.0));
    }
    out.push_str("</g>");

    // Axes and a tick at every point, scored or not.
    let _ = write!(out, r#"<g class="chart-axes" fill="none" stroke="{AXIS_STROKE}" stroke-width="1">"#);
    let _ = write!(
        out,
        r#"<line x1="{l}" y1="{t}" x2="{l}" y2="{b}"/><line x1="{l}" y1="{b}" x2="{r}" y2="{b}"/>"#,
        l = num(TREND_LEFT),
        t = num(TREND_TOP),
        b = num(base),
        r = num(plot_right)
    );
    for i in 0..n {
        let x = num(x_of(i));
        let _ = write!(out, r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#, num(base), num(base + 5.0));
    }
    out.push_str("</g>");

    // X labels: side by side when there is room, else turned 45 degrees and thinned out.
    let step = if rotated { (16.0 / spacing).ceil().max(1.0) as usize } else { 1 };
    let anchor = if rotated { "end" } else { "middle" };
    let _ = write!(out, r#"<g class="chart-labels" fill="{TEXT_FILL}" font-size="11" text-anchor="{anchor}">"#);
    for (i, (label, _)) in points.iter().enumerate().step_by(step) {
        let label = esc(&truncate(&clean(label), X_LABEL_CHARS));
        let x = num(x_of(i));
        if rotated {
            let y = num(base + 14.0);
            let _ = write!(out, r#"<text x="{x}" y="{y}" transform="rotate(-45 {x} {y})">{label}</text>"#);
        } else {
            let _ = write!(out, r#"<text x="{x}" y="{}">{label}</text>"#, num(base + 20.0));
        }
    }
    out.push_str("</g>");

    // The line, broken at every unscored point, and a marker at every scored point.
    let style = STYLES[0];
    let _ = write!(out, r#"<g class="chart-series chart-series-1" fill="{c}" stroke="{c}">"#, c = style.colour);
    let scored: Vec<Option<(f64, f64)>> = points.iter().enumerate().map(|(i, (_, v))| v.map(|v| (x_of(i), y_of(u16::from(v))))).collect();
    for segment in scored.split(Option::is_none) {
        if segment.len() < 2 {
            continue;
        }
        let mut d = String::new();
        for (j, p) in segment.iter().flatten().enumerate() {
            d.push_str(if j == 0 { "M" } else { " L" });
            d.push_str(&pair(*p));
        }
        let _ = write!(
            out,
            r#"<path class="chart-line" d="{d}" fill="none" stroke-width="{LINE_WIDTH}" stroke-linejoin="round"{}/>"#,
            dash_attr(style)
        );
    }
    for &(x, y) in scored.iter().flatten() {
        marker(&mut out, style.marker, x, y);
    }
    out.push_str("</g></svg>");
    out
}

// ---------------------------------------------------------------------------------------------
// Money bars
// ---------------------------------------------------------------------------------------------

const MONEY_W: f64 = 720.0;
const MONEY_LABEL_X: f64 = 8.0;
/// The bars start right of this (labels, and the net text under the bars, start left of it).
const MONEY_LABEL_W: f64 = 200.0;
const MONEY_LABEL_CHARS: usize = 24;
/// The right end of everything drawn.
const MONEY_RIGHT: f64 = 712.0;
const MONEY_TOP: f64 = 8.0;
const MONEY_LEGEND_ROW: f64 = 24.0;
const MONEY_ROW_H: f64 = 66.0;
const MONEY_BAR_H: f64 = 14.0;
const MONEY_BAR_GAP: f64 = 4.0;
/// Estimated advance of one character of the 12px numbers (digits are about 0.56 em in sans fonts).
const MONEY_CHAR_W: f64 = 7.0;
/// The same for the 11px tick labels.
const MONEY_TICK_CHAR_W: f64 = 6.5;
/// Between a bar's end and its number.
const MONEY_NUMBER_GAP: f64 = 5.0;
const MONEY_NUMBER_CHARS: usize = 20;
const MONEY_NET_CHARS: usize = 70;
const MONEY_NOTE_CHARS: usize = 100;
/// The numbers beside the bars take at most this much width on either side of the bar area.
const MONEY_MAX_ROOM: f64 = 150.0;
/// Negative amounts' minus sign (the PDF's chart writes '-': its fonts lack this one).
const MONEY_MINUS: char = '−';
/// The scale starts with at most this many steps, fewer when the tick labels need the room.
const MONEY_MAX_STEPS: f64 = 5.0;
/// The first amount: hatched in this colour and outlined; the latest: solid in the other.
const MONEY_FIRST: &str = STYLES[1].colour;
const MONEY_LATEST: &str = STYLES[0].colour;

/// Horizontal bars of money per row, the same chart as the PDF's [`MoneyChart`]: per row (e.g. a
/// stakeholder) the first amount (e.g. the present-value cost without the tailored solution) as a
/// hatched, outlined bar and the latest (with it) as a solid bar, each with its text beside it, and
/// the row's `net_text` in bold under the two bars.
///
/// Bars start at a zero axis; negative amounts go left of it with their number on the left. The
/// scale's ticks are round euro amounts written as thousands ("10.000"); the chart's `note` is
/// written under it. Amounts that are not finite get no bar; an empty text is replaced by the
/// amount rounded to whole euros ("–" when it is not finite). The `<desc>` is `description`
/// followed, per row, by "label: first_label first_text, latest_label latest_text, net_text", and
/// the note. Without rows the SVG only says the description (or the title).
pub fn money_bars(chart: &MoneyChart, description: &str) -> String {
    let mut h = Fnv::new();
    h.str("money");
    for s in [&chart.title, &chart.first_label, &chart.latest_label, &chart.note] {
        h.str(s);
    }
    h.str(description);
    h.usize(chart.rows.len());
    for r in &chart.rows {
        h.str(&r.label);
        h.bytes(&r.first.to_bits().to_le_bytes());
        h.bytes(&r.latest.to_bits().to_le_bytes());
        for s in [&r.first_text, &r.latest_text, &r.net_text] {
            h.str(s);
        }
    }
    let id = h.id();

    if chart.rows.is_empty() {
        let text = ChartText { title: chart.title.clone(), description: description.to_string(), not_scored: String::new() };
        return message_svg("money", &id, &text);
    }

    let bar_texts = |r: &MoneyRow| [money_text(&r.first_text, r.first), money_text(&r.latest_text, r.latest)];

    // The text alternative: every row with both amounts and the net, then the note.
    let mut desc = clean(description).trim().to_string();
    let names = [clean(&chart.first_label), clean(&chart.latest_label)];
    for (i, r) in chart.rows.iter().enumerate() {
        desc.push_str(if i == 0 { if desc.is_empty() { "" } else { " " } } else { "; " });
        desc.push_str(clean(&r.label).trim());
        desc.push(':');
        for (k, (name, text)) in names.iter().zip(bar_texts(r)).enumerate() {
            desc.push_str(if k == 0 { " " } else { ", " });
            if !name.trim().is_empty() {
                desc.push_str(name.trim());
                desc.push(' ');
            }
            desc.push_str(&text);
        }
        let net = clean(&r.net_text);
        if !net.trim().is_empty() {
            desc.push_str(", ");
            desc.push_str(net.trim());
        }
    }
    desc.push('.');
    let note = clean(&chart.note);
    if !note.trim().is_empty() {
        desc.push(' ');
        desc.push_str(note.trim());
    }

    // The bar area leaves room for the numbers: left of it for negative amounts, right for the rest.
    let bars: Vec<[(Option<f64>, String); 2]> = chart
        .rows
        .iter()
        .map(|r| {
            let [a, b] = bar_texts(r).map(|t| truncate(&t, MONEY_NUMBER_CHARS));
            [(drawable_amount(r.first), a), (drawable_amount(r.latest), b)]
        })
        .collect();
    let (min, max) = bars.iter().flatten().filter_map(|(v, _)| *v).fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let room = |negative: bool| {
        bars.iter()
            .flatten()
            .filter(|(v, _)| v.is_some_and(|v| v < 0.0) == negative)
            .map(|(_, t)| t.chars().count() as f64 * MONEY_CHAR_W + MONEY_NUMBER_GAP + 2.0)
            .fold(0.0_f64, f64::max)
            .min(MONEY_MAX_ROOM)
    };
    let scale = MoneyScale::new(min, max, MONEY_LABEL_W + room(true), room(false));

    // Legend: both entries on one line when they fit, else one under the other.
    let legend: Vec<String> = names.iter().map(|n| truncate(n, LEGEND_CHARS)).collect();
    let entry_w = |name: &str| 36.0 + name.chars().count() as f64 * 7.5;
    let side_by_side = MONEY_LABEL_X + entry_w(&legend[0]) + 24.0 + entry_w(&legend[1]) <= MONEY_RIGHT;
    let legend_rows = if side_by_side { 1.0 } else { 2.0 };
    let scale_y = MONEY_TOP + legend_rows * MONEY_LEGEND_ROW + 22.0;
    let rows_top = scale_y + 4.0;
    let rows_bottom = rows_top + chart.rows.len() as f64 * MONEY_ROW_H;
    let note_lines = if note.trim().is_empty() { Vec::new() } else { wrap_words(note.trim(), MONEY_NOTE_CHARS) };
    let height = rows_bottom + note_lines.len() as f64 * 16.0 + 12.0;

    let mut out = String::with_capacity(4096 + chart.rows.len() * 1024);
    open_svg(&mut out, "money", &id, MONEY_W, height, &chart.title, &desc);
    // The hatching of the first amount's bars, on white so grid lines do not show through.
    let _ = write!(
        out,
        r##"<defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="{MONEY_FIRST}" stroke-width="2.5"/></pattern></defs>"##
    );

    out.push_str(r#"<g class="chart-legend">"#);
    for (k, name) in legend.iter().enumerate() {
        let (x, y) = match (side_by_side, k) {
            (_, 0) => (MONEY_LABEL_X, MONEY_TOP),
            (true, _) => (MONEY_LABEL_X + entry_w(&legend[0]) + 24.0, MONEY_TOP),
            (false, _) => (MONEY_LABEL_X, MONEY_TOP + MONEY_LEGEND_ROW),
        };
        money_bar(&mut out, &id, k, x, y, 28.0);
        let _ = write!(out, r#"<text x="{}" y="{}" fill="{TEXT_FILL}" font-size="13">{}</text>"#, num(x + 36.0), num(y + 11.5), esc(name));
    }
    out.push_str("</g>");

    // Tick amounts over the bar area, and light grid lines down through the rows.
    let _ = write!(out, r#"<g class="chart-scale" fill="{MUTED_FILL}" font-size="11" text-anchor="middle">"#);
    for &t in &scale.ticks {
        let _ =
            write!(out, r#"<text x="{}" y="{}">{}</text>"#, num(scale.x(t as f64)), num(scale_y - 8.0), group_thousands(t, MONEY_MINUS));
    }
    out.push_str("</g>");
    // The zero axis is drawn under the rows so the nets' halo keeps it out of their text.
    let zero = scale.x(0.0);
    let ticks: Vec<(f64, bool)> = scale.ticks.iter().map(|&t| (scale.x(t as f64), t == 0)).collect();
    bar_axes(&mut out, &ticks, (scale.x0, scale.x1), zero, (scale_y, rows_bottom));
    for (i, (r, row_bars)) in chart.rows.iter().zip(&bars).enumerate() {
        let top = rows_top + i as f64 * MONEY_ROW_H;
        out.push_str(r#"<g class="chart-row">"#);
        // The label, on one or two lines, in the middle of the two bars.
        let lines = wrap_label(&clean(&r.label), MONEY_LABEL_CHARS);
        let middle = top + 8.0 + MONEY_BAR_H + MONEY_BAR_GAP / 2.0;
        let y0 = middle + 4.5 - (lines.len() - 1) as f64 * LABEL_LINE_H / 2.0;
        let _ = write!(out, r#"<text class="chart-label" fill="{TEXT_FILL}" font-size="13">"#);
        for (j, line) in lines.iter().enumerate() {
            let _ = write!(out, r#"<tspan x="{}" y="{}">{}</tspan>"#, num(MONEY_LABEL_X), num(y0 + j as f64 * LABEL_LINE_H), esc(line));
        }
        out.push_str("</text>");

        for (k, (value, text)) in row_bars.iter().enumerate() {
            let y = top + 8.0 + k as f64 * (MONEY_BAR_H + MONEY_BAR_GAP);
            let end = value.map_or(zero, |v| scale.x(v));
            let (from, to) = (end.min(zero), end.max(zero));
            if to - from >= 0.5 {
                money_bar(&mut out, &id, k, from, y, to - from);
            }
            let (x, anchor) =
                if value.is_some_and(|v| v < 0.0) { (end - MONEY_NUMBER_GAP, "end") } else { (end + MONEY_NUMBER_GAP, "start") };
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" fill="{TEXT_FILL}" font-size="12" text-anchor="{anchor}">{}</text>"#,
                num(x),
                num(y + 11.0),
                esc(text)
            );
        }

        // The net under the bars, with a white halo so grid lines do not run through it.
        let net = truncate(&clean(&r.net_text), MONEY_NET_CHARS);
        if !net.is_empty() {
            let _ = write!(
                out,
                r##"<text class="chart-net" x="{}" y="{}" fill="{TEXT_FILL}" font-size="12" font-weight="bold" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">{}</text>"##,
                num(MONEY_LABEL_W),
                num(top + 56.0),
                esc(&net)
            );
        }
        out.push_str("</g>");
    }

    if !note_lines.is_empty() {
        let _ = write!(out, r#"<g class="chart-note" fill="{MUTED_FILL}" font-size="12">"#);
        for (j, line) in note_lines.iter().enumerate() {
            let _ =
                write!(out, r#"<text x="{}" y="{}">{}</text>"#, num(MONEY_LABEL_X), num(rows_bottom + 18.0 + j as f64 * 16.0), esc(line));
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// One bar (or legend swatch) of series `k`: hatched and outlined for the first, solid for the latest.
fn money_bar(out: &mut String, id: &str, k: usize, x: f64, y: f64, w: f64) {
    // Both ends rounded as a coordinate, so the bar meets the zero axis exactly.
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let (x, w) = (round(x), round(x + w) - round(x));
    let (x, y, w, h) = (num(x), num(y), num(w), num(MONEY_BAR_H));
    let _ = if k == 0 {
        write!(
            out,
            r#"<rect class="chart-bar chart-series-1" x="{x}" y="{y}" width="{w}" height="{h}" fill="url(#{id}-hatch)" stroke="{MONEY_FIRST}" stroke-width="1.5"/>"#
        )
    } else {
        write!(out, r#"<rect class="chart-bar chart-series-2" x="{x}" y="{y}" width="{w}" height="{h}" fill="{MONEY_LATEST}"/>"#)
    };
}

/// The text for an amount: the caller's, else the amount in whole euros, else "–".
fn money_text(text: &str, value: f64) -> String {
    let text = clean(text);
    if !text.trim().is_empty() {
        return text.trim().to_string();
    }
    drawable_amount(value).map_or_else(|| "–".to_string(), |v| group_thousands(v.round() as i64, MONEY_MINUS))
}

/// The money chart's horizontal scale: from the lowest amount (or 0) to the highest rounded up to
/// a tick, with ticks a round step (1, 2 or 5 times a power of ten) apart that leave their labels
/// room.
struct MoneyScale {
    x0: f64,
    x1: f64,
    lo: f64,
    hi: f64,
    ticks: Vec<i64>,
}

impl MoneyScale {
    /// `x0` is the left end of the bars; the right end leaves `right_room` for the numbers (and at
    /// least room for half the last tick label).
    fn new(min: f64, max: f64, x0: f64, right_room: f64) -> MoneyScale {
        let mut step = 1_i64;
        while (step as f64) < (max - min) / MONEY_MAX_STEPS {
            step = next_round_step(step);
        }
        loop {
            let lowest = (min / step as f64).ceil() as i64;
            let mut highest = (max / step as f64).ceil() as i64;
            if highest == 0 && min == 0.0 {
                highest = 1;
            }
            let ticks: Vec<i64> = (lowest..=highest).map(|i| i * step).collect();
            let label_w = |t: i64| group_thousands(t, MONEY_MINUS).chars().count() as f64 * MONEY_TICK_CHAR_W;
            let widest = ticks.iter().map(|&t| label_w(t)).fold(0.0, f64::max);
            let x1 = MONEY_RIGHT - right_room.max(label_w(highest * step) / 2.0 + 2.0);
            let (lo, hi) = (min, (highest * step) as f64);
            let spacing = (x1 - x0) * step as f64 / (hi - lo);
            if spacing >= widest + 10.0 || step as f64 >= MAX_DRAWN_AMOUNT {
                return MoneyScale { x0, x1, lo, hi, ticks };
            }
            step = next_round_step(step);
        }
    }

    fn x(&self, value: f64) -> f64 {
        self.x0 + (value.clamp(self.lo, self.hi) - self.lo) / (self.hi - self.lo) * (self.x1 - self.x0)
    }
}

// ---------------------------------------------------------------------------------------------
// Bars
// ---------------------------------------------------------------------------------------------

/// One row of a [`bars`] chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// The value; negative values go left of the zero axis. Not finite: no bar.
    pub value: f64,
    /// Written beside the bar (e.g. "12" or "+0,8"); when empty, the value rounded to one decimal is used ("–" when not finite).
    pub text: String,
}

const BARS_W: f64 = 720.0;
const BARS_LABEL_X: f64 = 8.0;
/// The bars start right of this (the labels are left of it).
const BARS_LABEL_W: f64 = 200.0;
const BARS_LABEL_CHARS: usize = 24;
/// The right end of everything drawn.
const BARS_RIGHT: f64 = 712.0;
const BARS_TOP: f64 = 8.0;
const BARS_ROW_H: f64 = 32.0;
const BARS_BAR_H: f64 = 18.0;
/// The smallest tick step is 10 to this power (0,01).
const BARS_MIN_EXP: i32 = -2;

/// Horizontal bars, one per row (e.g. the caseload per worker, or the average change of a score),
/// in the look of [`money_bars`]: the label on the left, a solid bar from the zero axis, negative
/// values going left of it, and the row's text beside the bar (right of a positive bar, left of a
/// negative one).
///
/// The scale's ticks are round steps (1, 2 or 5 times a power of ten, at least 0,01) covering
/// min(0, lowest value)..max(0, highest value), written with a decimal comma and "−"; without any
/// value other than 0 the scale is 0..1. Values that are not finite get no bar; finite ones are
/// drawn clamped to ±[`MAX_DRAWN_AMOUNT`]. An empty text is replaced by the value rounded to one
/// decimal ("–" when not finite). The `<desc>` is `description` followed by "label: text" per row.
/// Without rows the SVG only says the description (or the title).
pub fn bars(text: &ChartText, rows: &[Bar]) -> String {
    let mut h = Fnv::new();
    h.str("bars");
    h.text(text);
    h.usize(rows.len());
    for r in rows {
        h.str(&r.label);
        h.bytes(&r.value.to_bits().to_le_bytes());
        h.str(&r.text);
    }
    let id = h.id();

    if rows.is_empty() {
        return message_svg("bars", &id, text);
    }

    let texts: Vec<String> = rows.iter().map(|r| bar_text(&r.text, r.value)).collect();

    // The text alternative: every row "label: text".
    let mut desc = clean(&text.description).trim().to_string();
    for (i, (r, t)) in rows.iter().zip(&texts).enumerate() {
        desc.push_str(if i == 0 { if desc.is_empty() { "" } else { " " } } else { "; " });
        desc.push_str(clean(&r.label).trim());
        desc.push_str(": ");
        desc.push_str(t);
    }
    desc.push('.');

    // The bar area leaves room for the texts: left of it for negative values, right for the rest.
    let drawn: Vec<(Option<f64>, String)> =
        rows.iter().zip(&texts).map(|(r, t)| (drawable_amount(r.value), truncate(t, MONEY_NUMBER_CHARS))).collect();
    let (min, max) = drawn.iter().filter_map(|(v, _)| *v).fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let room = |negative: bool| {
        drawn
            .iter()
            .filter(|(v, _)| v.is_some_and(|v| v < 0.0) == negative)
            .map(|(_, t)| t.chars().count() as f64 * MONEY_CHAR_W + MONEY_NUMBER_GAP + 2.0)
            .fold(0.0_f64, f64::max)
            .min(MONEY_MAX_ROOM)
    };
    let scale = BarScale::new(min, max, BARS_LABEL_W + room(true), room(false));

    let scale_y = BARS_TOP + 22.0;
    let rows_top = scale_y + 6.0;
    let rows_bottom = rows_top + rows.len() as f64 * BARS_ROW_H;
    let height = rows_bottom + 10.0;

    let mut out = String::with_capacity(2048 + rows.len() * 512);
    open_svg(&mut out, "bars", &id, BARS_W, height, &text.title, &desc);

    // Tick numbers over the bar area, and light grid lines down through the rows.
    let _ = write!(out, r#"<g class="chart-scale" fill="{MUTED_FILL}" font-size="11" text-anchor="middle">"#);
    for (t, label) in scale.ticks.iter().zip(&scale.labels) {
        let _ = write!(out, r#"<text x="{}" y="{}">{}</text>"#, num(scale.x(*t)), num(scale_y - 8.0), esc(label));
    }
    out.push_str("</g>");
    let zero = scale.x(0.0);
    let ticks: Vec<(f64, bool)> = scale.ticks.iter().map(|&t| (scale.x(t), t == 0.0)).collect();
    bar_axes(&mut out, &ticks, (scale.x0, scale.x1), zero, (scale_y, rows_bottom));
    let colour = STYLES[0].colour;
    for (i, (r, (value, t))) in rows.iter().zip(&drawn).enumerate() {
        let top = rows_top + i as f64 * BARS_ROW_H;
        let middle = top + BARS_ROW_H / 2.0;
        out.push_str(r#"<g class="chart-row">"#);
        // The label, on one or two lines, beside the middle of the bar.
        let lines = wrap_label(&clean(&r.label), BARS_LABEL_CHARS);
        let y0 = middle + 4.5 - (lines.len() - 1) as f64 * LABEL_LINE_H / 2.0;
        let _ = write!(out, r#"<text class="chart-label" fill="{TEXT_FILL}" font-size="13">"#);
        for (j, line) in lines.iter().enumerate() {
            let _ = write!(out, r#"<tspan x="{}" y="{}">{}</tspan>"#, num(BARS_LABEL_X), num(y0 + j as f64 * LABEL_LINE_H), esc(line));
        }
        out.push_str("</text>");

        let end = value.map_or(zero, |v| scale.x(v));
        // Both ends rounded as a coordinate, so the bar meets the zero axis exactly.
        let round = |v: f64| (v * 10.0).round() / 10.0;
        let (from, to) = (round(end.min(zero)), round(end.max(zero)));
        if to - from >= 0.5 {
            let _ = write!(
                out,
                r#"<rect class="chart-bar chart-series-1" x="{}" y="{}" width="{}" height="{}" fill="{colour}"/>"#,
                num(from),
                num(middle - BARS_BAR_H / 2.0),
                num(to - from),
                num(BARS_BAR_H)
            );
        }
        let (x, anchor) = if value.is_some_and(|v| v < 0.0) { (end - MONEY_NUMBER_GAP, "end") } else { (end + MONEY_NUMBER_GAP, "start") };
        let _ = write!(
            out,
            r#"<text class="chart-value" x="{}" y="{}" fill="{TEXT_FILL}" font-size="12" text-anchor="{anchor}">{}</text>"#,
            num(x),
            num(middle + 4.0),
            esc(t)
        );
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// The text beside a bar: the caller's, else the value rounded to one decimal, else "–".
fn bar_text(text: &str, value: f64) -> String {
    let text = clean(text);
    if !text.trim().is_empty() {
        return text.trim().to_string();
    }
    drawable_amount(value).map_or_else(|| "–".to_string(), |v| decimal((v * 10.0).round() as i64, -1))
}

/// `n` × 10^`exp` written the Dutch way: dots between thousands, a decimal comma without trailing
/// zeros, and "−" for negative numbers ("−1,5", "12.000", "0,05"); never "−0".
fn decimal(n: i64, exp: i32) -> String {
    let digits = n.unsigned_abs();
    let (whole, fraction) = if exp >= 0 {
        (digits.saturating_mul(10_u64.saturating_pow(exp.unsigned_abs())), String::new())
    } else {
        let places = exp.unsigned_abs();
        let unit = 10_u64.pow(places);
        let fraction = format!("{:0width$}", digits % unit, width = places as usize);
        (digits / unit, fraction.trim_end_matches('0').to_string())
    };
    let mut out = String::new();
    if n < 0 {
        out.push(MONEY_MINUS);
    }
    out.push_str(&group_thousands(i64::try_from(whole).unwrap_or(i64::MAX), MONEY_MINUS));
    if !fraction.is_empty() {
        out.push(',');
        out.push_str(&fraction);
    }
    out
}

/// The bars chart's horizontal scale: round ticks from the lowest value (or 0) rounded down to a
/// step to the highest (or 0) rounded up, a step apart that leaves their labels room.
struct BarScale {
    x0: f64,
    x1: f64,
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    labels: Vec<String>,
}

impl BarScale {
    /// `min` <= 0 <= `max`, both finite. `x0` is the left end of the bars; the right end leaves
    /// `right_room` for the texts (and at least room for half the last tick label).
    fn new(min: f64, max: f64, x0: f64, right_room: f64) -> BarScale {
        // The step is `units` (1, 2 or 5) times 10^`exp`.
        let (mut units, mut exp) = if max > min { (1_i64, BARS_MIN_EXP) } else { (1_i64, 0) };
        let value = |n: i64, exp: i32| if exp >= 0 { n as f64 * 10_f64.powi(exp) } else { n as f64 / 10_f64.powi(-exp) };
        let next = |units: i64, exp: i32| match units {
            1 => (2, exp),
            2 => (5, exp),
            _ => (1, exp + 1),
        };
        let span = max - min;
        while value(units, exp) * MONEY_MAX_STEPS < span * (1.0 - 1e-9) {
            (units, exp) = next(units, exp);
        }
        loop {
            let step = value(units, exp);
            let lowest = (min / step + 1e-9).floor() as i64;
            let mut highest = (max / step - 1e-9).ceil() as i64;
            if highest <= lowest {
                highest = lowest + 1;
            }
            let labels: Vec<String> = (lowest..=highest).map(|i| decimal(i * units, exp)).collect();
            let label_w = |l: &String| l.chars().count() as f64 * MONEY_TICK_CHAR_W;
            let widest = labels.iter().map(label_w).fold(0.0, f64::max);
            let x1 = BARS_RIGHT - right_room.max(labels.last().map_or(0.0, label_w) / 2.0 + 2.0);
            let (lo, hi) = (value(lowest * units, exp), value(highest * units, exp));
            let spacing = (x1 - x0) * step / (hi - lo);
            if spacing >= widest + 10.0 || step >= MAX_DRAWN_AMOUNT {
                let ticks = (lowest..=highest).map(|i| value(i * units, exp)).collect();
                return BarScale { x0, x1, lo, hi, ticks, labels };
            }
            (units, exp) = next(units, exp);
        }
    }

    fn x(&self, value: f64) -> f64 {
        self.x0 + (value.clamp(self.lo, self.hi) - self.lo) / (self.hi - self.lo) * (self.x1 - self.x0)
    }
}

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/// The score scale, widened to at least two levels (min >= max is read as min..=min+1).
struct Scale {
    lo: u8,
    hi: u8,
}

impl Scale {
    fn new(min: u8, max: u8) -> Scale {
        if min < max {
            Scale { lo: min, hi: max }
        } else if min == u8::MAX {
            Scale { lo: u8::MAX - 1, hi: u8::MAX }
        } else {
            Scale { lo: min, hi: min + 1 }
        }
    }

    fn clamp(&self, v: u16) -> u16 {
        v.clamp(u16::from(self.lo), u16::from(self.hi))
    }

    /// Radar position: (v - min + 1) / (max - min + 1), so the minimum is off the centre.
    fn radial(&self, v: u16) -> f64 {
        let levels = f64::from(self.hi - self.lo) + 1.0;
        (f64::from(self.clamp(v) - u16::from(self.lo)) + 1.0) / levels
    }

    /// Trend position: 0 at min, 1 at max.
    fn linear(&self, v: u16) -> f64 {
        f64::from(self.clamp(v) - u16::from(self.lo)) / f64::from(self.hi - self.lo)
    }

    /// The levels that get a ring / grid line and a number: all of them on a short scale, every
    /// k-th on a wide one, always including min and max.
    fn ticks(&self) -> Vec<u16> {
        let (lo, hi) = (u16::from(self.lo), u16::from(self.hi));
        let step = (hi - lo + 1).div_ceil(MAX_TICKS).max(1);
        let mut t: Vec<u16> = (lo..=hi).step_by(usize::from(step)).collect();
        if t.last() != Some(&hi) {
            // Drop a level that would crowd the max.
            if t.len() > 1 && hi - t[t.len() - 1] < step / 2 {
                t.pop();
            }
            t.push(hi);
        }
        t
    }
}

/// The axes of a horizontal bar chart: the scale line over the bar area (`x0`..`x1` at `top`) with a
/// tick per step (x, whether it is the zero step), light grid lines down to `bottom` (not at zero),
/// and the zero line at `zero`.
fn bar_axes(out: &mut String, ticks: &[(f64, bool)], (x0, x1): (f64, f64), zero: f64, (top, bottom): (f64, f64)) {
    let _ = write!(out, r#"<g class="chart-axes" fill="none" stroke="{AXIS_STROKE}" stroke-width="1">"#);
    let _ = write!(out, r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#, num(x0), num(x1), y = num(top));
    for &(x, _) in ticks {
        let x = num(x);
        let _ = write!(out, r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#, num(top - 4.0), num(top));
    }
    out.push_str("</g>");
    let _ = write!(out, r#"<g class="chart-grid" fill="none" stroke="{GRID_STROKE}" stroke-width="1">"#);
    for &(x, _) in ticks.iter().filter(|(_, is_zero)| !is_zero) {
        let x = num(x);
        let _ = write!(out, r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#, num(top), num(bottom));
    }
    out.push_str("</g>");
    let _ = write!(
        out,
        r#"<line class="chart-zero" x1="{z}" y1="{}" x2="{z}" y2="{}" stroke="{TEXT_FILL}" stroke-width="1.5"/>"#,
        num(top),
        num(bottom),
        z = num(zero)
    );
}

fn open_svg(out: &mut String, kind: &str, id: &str, w: f64, h: f64, title: &str, desc: &str) {
    let (w, h) = (num(w), num(h));
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" id="{id}" viewBox="0 0 {w} {h}" width="100%" height="{h}" preserveAspectRatio="xMidYMin meet" role="img" aria-labelledby="{id}-title {id}-desc" font-family="sans-serif">"#
    );
    let _ = write!(out, r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#, esc(&clean(title)), esc(desc));
}

/// A chart without data: an SVG that only says the description (or the title if that is empty).
fn message_svg(kind: &str, id: &str, text: &ChartText) -> String {
    let mut desc = clean(&text.description);
    if desc.trim().is_empty() {
        desc = clean(&text.title);
    }
    let lines = wrap_words(&desc, 70);
    let h = 24.0 + lines.len() as f64 * 20.0;
    let mut out = String::new();
    open_svg(&mut out, kind, id, 640.0, h, &text.title, &desc);
    let _ = write!(out, r#"<g class="chart-message" fill="{TEXT_FILL}" font-size="14">"#);
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(out, r#"<text x="12" y="{}">{}</text>"#, num(28.0 + i as f64 * 20.0), esc(line));
    }
    out.push_str("</g></svg>");
    out
}

fn legend_entry(out: &mut String, style: Style, x: f64, y: f64, name: &str) {
    let _ = write!(out, r#"<g fill="{c}" stroke="{c}">"#, c = style.colour);
    let _ = write!(
        out,
        r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke-width="{LINE_WIDTH}"{}/>"#,
        num(x),
        num(x + 40.0),
        dash_attr(style),
        y = num(y)
    );
    marker(out, style.marker, x + 20.0, y);
    out.push_str("</g>");
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" fill="{TEXT_FILL}" font-size="13">{}</text>"#,
        num(x + 50.0),
        num(y + 4.5),
        esc(&truncate(&clean(name), LEGEND_CHARS))
    );
}

fn dash_attr(style: Style) -> String {
    style.dash.map(|d| format!(r#" stroke-dasharray="{d}""#)).unwrap_or_default()
}

/// A marker centred on (x, y); fill and stroke colour come from the enclosing group, the thin white
/// outline keeps overlapping markers apart.
fn marker(out: &mut String, shape: Marker, x: f64, y: f64) {
    let rest = r##" stroke="#ffffff" stroke-width="1""##;
    let _ = match shape {
        Marker::Circle => write!(out, r#"<circle cx="{}" cy="{}" r="4.5"{rest}/>"#, num(x), num(y)),
        Marker::Square => write!(out, r#"<rect x="{}" y="{}" width="9" height="9"{rest}/>"#, num(x - 4.5), num(y - 4.5)),
        Marker::Triangle => {
            write!(out, r#"<path d="M{} L{} L{} Z"{rest}/>"#, pair((x, y - 6.0)), pair((x + 5.5, y + 4.0)), pair((x - 5.5, y + 4.0)))
        }
        Marker::Diamond => write!(
            out,
            r#"<path d="M{} L{} L{} L{} Z"{rest}/>"#,
            pair((x, y - 6.0)),
            pair((x + 6.0, y)),
            pair((x, y + 6.0)),
            pair((x - 6.0, y))
        ),
    };
}

/// A number with at most one decimal, without a trailing ".0" and never "-0".
fn num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 { format!("{}", r as i64) } else { format!("{r:.1}") }
}

fn pair((x, y): (f64, f64)) -> String {
    format!("{},{}", num(x), num(y))
}

/// Drops characters XML 1.0 does not allow and turns control characters (newlines, tabs) into
/// spaces, so every text fits on one line of an SVG.
fn clean(s: &str) -> String {
    s.chars().filter(|&c| c != '\u{FFFE}' && c != '\u{FFFF}').map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Escapes text for element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters, the last one "…" when something was cut.
fn truncate(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.truncate(t.trim_end().len());
    t.push('…');
    t
}

/// A label on one line, or on two lines split at the last space that fits; what still does not fit
/// is truncated with "…".
fn wrap_label(s: &str, max: usize) -> Vec<String> {
    let s = s.trim();
    if s.chars().count() <= max {
        return vec![s.to_string()];
    }
    // Byte offset of the last space within the first `max + 1` characters (a space right after the
    // first `max` characters still makes a fitting first line).
    let split = s.char_indices().take(max + 1).filter(|&(_, c)| c == ' ').map(|(i, _)| i).last();
    match split {
        Some(i) if !s[..i].trim().is_empty() => vec![s[..i].trim_end().to_string(), truncate(&s[i + 1..], max)],
        _ => vec![truncate(s, max)],
    }
}

/// Greedy word wrap to lines of at most `max` characters (longer words are cut).
fn wrap_words(s: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let mut word: String = word.to_string();
        loop {
            let len = line.chars().count();
            let wlen = word.chars().count();
            if len == 0 && wlen > max {
                let head: String = word.chars().take(max).collect();
                lines.push(head);
                word = word.chars().skip(max).collect();
                continue;
            }
            if len == 0 {
                line = word;
                break;
            }
            if len + 1 + wlen <= max {
                line.push(' ');
                line.push_str(&word);
                break;
            }
            lines.push(std::mem::take(&mut line));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// FNV-1a over all inputs, for element ids that differ between charts yet stay deterministic.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn usize(&mut self, n: usize) {
        self.bytes(&(n as u64).to_le_bytes());
    }
    /// Length-prefixed, so ("ab", "c") and ("a", "bc") hash differently.
    fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.bytes(s.as_bytes());
    }
    fn opt(&mut self, v: Option<u8>) {
        match v {
            None => self.bytes(&[0]),
            Some(v) => self.bytes(&[1, v]),
        }
    }
    fn text(&mut self, t: &ChartText) {
        self.str(&t.title);
        self.str(&t.description);
        self.str(&t.not_scored);
    }
    fn id(&self) -> String {
        format!("chart-{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A small well-formedness check: one root element, balanced and properly nested tags, quoted
    /// attributes without duplicates or raw `<`, only known entities, no raw `<` in text, no
    /// characters XML 1.0 forbids.
    fn well_formed(s: &str) -> Result<(), String> {
        if let Some(c) = s.chars().find(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}') {
            return Err(format!("forbidden character {c:?}"));
        }
        let b = s.as_bytes();
        let mut stack: Vec<String> = Vec::new();
        let mut roots = 0;
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'<' => {
                    // Find the closing '>' outside quotes.
                    let mut j = i + 1;
                    let mut quote = None;
                    while j < b.len() {
                        match (quote, b[j]) {
                            (None, b'"' | b'\'') => quote = Some(b[j]),
                            (Some(q), c) if c == q => quote = None,
                            (None, b'>') => break,
                            _ => {}
                        }
                        j += 1;
                    }
                    if j >= b.len() {
                        return Err(format!("unterminated tag at {i}"));
                    }
                    let inner = &s[i + 1..j];
                    if let Some(name) = inner.strip_prefix('/') {
                        let open = stack.pop().ok_or_else(|| format!("stray </{name}>"))?;
                        if open != name.trim() {
                            return Err(format!("<{open}> closed by </{name}>"));
                        }
                    } else if inner.starts_with('?') || inner.starts_with('!') {
                        return Err(format!("unexpected markup <{inner}>"));
                    } else {
                        let self_closing = inner.ends_with('/');
                        let body = inner.strip_suffix('/').unwrap_or(inner);
                        let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
                        let name = &body[..name_end];
                        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':') {
                            return Err(format!("bad tag name {name:?}"));
                        }
                        check_attributes(&body[name_end..])?;
                        if stack.is_empty() {
                            roots += 1;
                            if roots > 1 {
                                return Err("more than one root element".into());
                            }
                        }
                        if !self_closing {
                            stack.push(name.to_string());
                        }
                    }
                    i = j + 1;
                }
                b'&' => {
                    check_entity(&s[i..])?;
                    i += 1;
                }
                c => {
                    if stack.is_empty() && !c.is_ascii_whitespace() {
                        return Err(format!("text outside the root at {i}"));
                    }
                    i += 1;
                }
            }
        }
        if !stack.is_empty() {
            return Err(format!("unclosed {stack:?}"));
        }
        if roots != 1 {
            return Err("no root element".into());
        }
        Ok(())
    }

    fn check_entity(s: &str) -> Result<(), String> {
        let end = s.find(';').ok_or("& without ;")?;
        let name = &s[1..end];
        let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
            || name.strip_prefix('#').is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
        if ok { Ok(()) } else { Err(format!("unknown entity &{name};")) }
    }

    fn check_attributes(mut s: &str) -> Result<(), String> {
        let mut seen = Vec::new();
        loop {
            s = s.trim_start();
            if s.is_empty() {
                return Ok(());
            }
            let eq = s.find('=').ok_or_else(|| format!("attribute without value: {s:?}"))?;
            let name = &s[..eq];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':') {
                return Err(format!("bad attribute name {name:?}"));
            }
            if seen.contains(&name) {
                return Err(format!("duplicate attribute {name}"));
            }
            seen.push(name);
            let rest = &s[eq + 1..];
            let q = rest.chars().next().filter(|&c| c == '"' || c == '\'').ok_or("unquoted attribute")?;
            let close = rest[1..].find(q).ok_or("unterminated attribute")? + 1;
            let value = &rest[1..close];
            if value.contains('<') {
                return Err(format!("raw < in attribute {name}"));
            }
            for (k, _) in value.match_indices('&') {
                check_entity(&value[k..])?;
            }
            s = &rest[close + 1..];
            if !s.is_empty() && !s.starts_with(char::is_whitespace) {
                return Err(format!("no space after attribute {name}"));
            }
        }
    }

    /// The text between `<tag ...>` and `</tag>` (first occurrence).
    fn element<'a>(svg: &'a str, tag: &str) -> &'a str {
        let start = svg.find(&format!("<{tag} ")).unwrap_or_else(|| panic!("no <{tag}>"));
        let open_end = start + svg[start..].find('>').unwrap() + 1;
        let close = open_end + svg[open_end..].find(&format!("</{tag}>")).unwrap();
        &svg[open_end..close]
    }

    /// The value of the first attribute `name="…"` in `s`.
    fn attr<'a>(s: &'a str, name: &str) -> &'a str {
        let key = format!(" {name}=\"");
        let start = s.find(&key).unwrap_or_else(|| panic!("no {name}")) + key.len();
        &s[start..start + s[start..].find('"').unwrap()]
    }

    fn text(title: &str) -> ChartText {
        ChartText { title: title.into(), description: "Scores per leefgebied.".into(), not_scored: "niet gescoord".into() }
    }

    fn axes(labels: &[&str]) -> Vec<Axis> {
        labels.iter().map(|l| Axis { label: l.to_string() }).collect()
    }

    fn domains() -> Vec<Axis> {
        axes(&[
            "Financiën",
            "Werk & opleiding",
            "Tijdsbesteding",
            "Huisvesting",
            "Huiselijke relaties",
            "Geestelijke gezondheid",
            "Lichamelijke gezondheid",
            "Verslaving",
            "Activiteiten dagelijks leven",
            "Sociaal netwerk",
            "Maatschappelijke participatie",
            "Justitie",
        ])
    }

    fn two_series() -> Vec<Series> {
        vec![
            Series {
                name: "Eerste meting".into(),
                values: vec![Some(1), Some(2), None, Some(3), Some(2), Some(1), Some(4), Some(5), Some(3), Some(2), Some(2), Some(5)],
            },
            Series {
                name: "Laatste meting".into(),
                values: vec![Some(3), Some(3), Some(2), Some(4), None, Some(3), Some(4), Some(5), Some(4), Some(3), Some(3), Some(5)],
            },
        ]
    }

    fn trend_points() -> Vec<(String, Option<u8>)> {
        vec![
            ("12-01-2026".into(), Some(2)),
            ("12-02-2026".into(), Some(3)),
            ("12-03-2026".into(), None),
            ("12-04-2026".into(), Some(3)),
            ("12-05-2026".into(), Some(4)),
        ]
    }

    /// Every chart must carry role="img" and aria-labelledby ids that exist in the same SVG.
    fn assert_accessible(svg: &str) {
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"), "{svg}");
        assert!(svg.contains(r#"role="img""#));
        let ids = attr(svg, "aria-labelledby");
        let ids: Vec<&str> = ids.split(' ').collect();
        assert_eq!(ids.len(), 2);
        assert!(svg.contains(&format!(r#"<title id="{}">"#, ids[0])), "{svg}");
        assert!(svg.contains(&format!(r#"<desc id="{}">"#, ids[1])), "{svg}");
        // Text is escaped, so `<` and `="` only occur in markup.
        for forbidden in ["<script", "<style", "style=\"", "href=\"", "<image", "<foreignObject"] {
            assert!(!svg.contains(forbidden), "{forbidden} in {svg}");
        }
        for (i, _) in svg.match_indices(" on") {
            let name_end = i + 3 + svg[i + 3..].bytes().take_while(u8::is_ascii_alphabetic).count();
            assert!(!svg[name_end..].starts_with("=\""), "event handler in {svg}");
        }
    }

    #[test]
    fn outputs_are_well_formed() {
        let long = axes(&[
            "Een heel lang leefgebied met veel woorden erin",
            "Onafbreekbaarlanglabelzonderspatiesdatnietpast",
            "Kort",
            "Nog een label van precies tweeëntwintig",
        ]);
        let sixteen: Vec<Axis> = (1..=16).map(|i| Axis { label: format!("Domein {i}") }).collect();
        let one = vec![Series { name: "Nu".into(), values: vec![Some(4); 16] }];
        let many_points: Vec<(String, Option<u8>)> =
            (0..60).map(|i| (format!("{:02}-01-2026", i % 28 + 1), if i % 7 == 3 { None } else { Some(i % 5 + 1) })).collect();
        let outputs = [
            radar(&text("r1"), &domains(), &two_series(), 1, 5),
            radar(&text("r2"), &long, &two_series(), 1, 5),
            radar(&text("r3"), &sixteen, &one, 1, 5),
            radar(&text("r4"), &axes(&["a", "b"]), &one, 0, 10),
            radar(&text("r5"), &[], &two_series(), 1, 5),
            radar(&text("r6"), &domains(), &[], 1, 5),
            radar(&text("r7"), &domains(), &two_series(), 0, 255),
            trend(&text("t1"), &trend_points(), 1, 5),
            trend(&text("t2"), &many_points, 1, 5),
            trend(&text("t3"), &[("01-01-2026".into(), Some(3))], 1, 5),
            trend(&text("t4"), &[], 1, 5),
            trend(&text("t5"), &[("x".into(), None), ("y".into(), None)], 5, 5),
        ];
        for svg in &outputs {
            well_formed(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
            assert_accessible(svg);
        }
    }

    #[test]
    fn the_checker_rejects_broken_xml() {
        for bad in ["<a><b></a></b>", "<a>", "<a/><b/>", "<a x=\"<\"/>", "<a>&nbsp;</a>", "<a>x < y</a>", "text<a/>", "<a x=1/>"] {
            assert!(well_formed(bad).is_err(), "{bad}");
        }
        well_formed(r#"<a x="1"><b y='2'/>t &amp; &#38;</a>"#).unwrap();
    }

    #[test]
    fn all_text_is_escaped() {
        let evil = "<script>alert('x & \"y\"')</script>";
        let t = ChartText { title: evil.into(), description: evil.into(), not_scored: evil.into() };
        let series = vec![Series { name: evil.into(), values: vec![Some(2), None, Some(4)] }];
        let r = radar(&t, &axes(&[evil, "b", "c"]), &series, 1, 5);
        let tr = trend(&t, &[(evil.into(), Some(3)), ("b".into(), None)], 1, 5);
        let empty = radar(&t, &[], &series, 1, 5);
        for svg in [&r, &tr, &empty] {
            well_formed(svg).unwrap();
            assert!(!svg.contains("<script"), "{svg}");
            assert!(svg.contains("&lt;script&gt;alert(&apos;x &amp; &quot;y&quot;&apos;)&lt;/script&gt;"), "{svg}");
        }
        // The axis label is truncated on the chart but complete (escaped) in the desc.
        assert!(element(&r, "desc").contains("&lt;script&gt;alert(&apos;x &amp; &quot;y&quot;&apos;)&lt;/script&gt;: "));
        // Control characters never reach the SVG.
        let ctl = radar(&text("a\u{0}b\u{1b}c\nd"), &axes(&["x\u{7}", "y", "z"]), &series, 1, 5);
        well_formed(&ctl).unwrap();
    }

    #[test]
    fn desc_lists_every_axis_with_its_values() {
        let svg = radar(&text("Zelfredzaamheid"), &domains(), &two_series(), 1, 5);
        let desc = element(&svg, "desc");
        assert!(desc.starts_with("Scores per leefgebied. Financiën: Eerste meting 1, Laatste meting 3; "), "{desc}");
        assert!(desc.contains("; Werk &amp; opleiding: Eerste meting 2, Laatste meting 3; "), "{desc}");
        assert!(desc.contains("; Tijdsbesteding: Eerste meting niet gescoord, Laatste meting 2; "), "{desc}");
        assert!(desc.contains("; Huiselijke relaties: Eerste meting 2, Laatste meting niet gescoord; "), "{desc}");
        assert!(desc.ends_with("; Justitie: Eerste meting 5, Laatste meting 5."), "{desc}");
        for a in domains() {
            assert!(desc.contains(&format!("{}: ", esc(&a.label))), "{}", a.label);
        }
        // Long labels are shortened on the chart, whole in the desc.
        let long = "Activiteiten van het dagelijks leven en zelfzorg";
        let svg = radar(&text("x"), &axes(&[long, "b", "c"]), &two_series(), 1, 5);
        assert!(element(&svg, "desc").contains(long));
        assert!(svg.contains(">Activiteiten van het</tspan><tspan"), "{svg}");
        assert!(svg.contains(">dagelijks leven en ze…</tspan>"), "{svg}");
    }

    #[test]
    fn trend_desc_lists_every_point() {
        let svg = trend(&text("Financiën"), &trend_points(), 1, 5);
        assert_eq!(
            element(&svg, "desc"),
            "Scores per leefgebied. 12-01-2026: 2; 12-02-2026: 3; 12-03-2026: niet gescoord; 12-04-2026: 3; 12-05-2026: 4."
        );
    }

    #[test]
    fn two_series_differ_by_dash_and_marker_and_have_a_legend() {
        let svg = radar(&text("x"), &domains(), &two_series(), 1, 5);
        let group = |k: usize| {
            let start = svg.find(&format!(r#"class="chart-series chart-series-{k}""#)).unwrap();
            &svg[start..start + svg[start..].find("</g>").unwrap()]
        };
        let (first, second) = (group(1), group(2));
        assert!(!first.contains("stroke-dasharray"), "the first series is solid");
        assert_eq!(attr(second, "stroke-dasharray"), "7 4");
        assert_ne!(attr(first, "stroke"), attr(second, "stroke"));
        // 11 scored axes each: circles for the first, squares for the second.
        assert_eq!(first.matches("<circle ").count(), 11);
        assert_eq!(first.matches("<rect ").count(), 0);
        assert_eq!(second.matches("<rect ").count(), 11);
        assert_eq!(second.matches("<circle ").count(), 0);
        // The legend repeats line style and marker next to each name.
        let legend = &svg[svg.find(r#"class="chart-legend""#).unwrap()..];
        let (l1, l2) = (legend.find("Eerste meting").unwrap(), legend.find("Laatste meting").unwrap());
        assert!(legend[..l1].contains("<circle ") && !legend[..l1].contains("stroke-dasharray"));
        assert!(legend[l1..l2].contains("<rect ") && legend[l1..l2].contains(r#"stroke-dasharray="7 4""#));
    }

    #[test]
    fn ids_differ_between_charts_and_are_stable() {
        let a = radar(&text("a"), &domains(), &two_series(), 1, 5);
        let b = radar(&text("b"), &domains(), &two_series(), 1, 5);
        let mut other = two_series();
        other[1].values[0] = Some(4);
        let c = radar(&text("a"), &domains(), &other, 1, 5);
        let t = trend(&text("a"), &trend_points(), 1, 5);
        let ids: Vec<&str> = [&a, &b, &c, &t].iter().map(|s| attr(s, "aria-labelledby")).collect();
        for (i, x) in ids.iter().enumerate() {
            for y in &ids[i + 1..] {
                assert_ne!(x, y);
            }
        }
        for svg in [&a, &b, &c, &t] {
            assert_accessible(svg);
        }
        assert_eq!(a, radar(&text("a"), &domains(), &two_series(), 1, 5), "deterministic");
        assert_eq!(t, trend(&text("a"), &trend_points(), 1, 5), "deterministic");
    }

    #[test]
    fn trend_breaks_the_line_at_unscored_points() {
        let svg = trend(&text("x"), &trend_points(), 1, 5);
        assert_eq!(svg.matches(r#"class="chart-line""#).count(), 2, "{svg}");
        assert_eq!(svg.matches("<circle ").count(), 4, "a marker per scored point");
        // A single point still renders, as a marker without a line.
        let one = trend(&text("x"), &[("01-01-2026".into(), Some(3))], 1, 5);
        assert_eq!(one.matches("<circle ").count(), 1);
        assert!(!one.contains("chart-line"));
        assert!(one.contains(">01-01-2026</text>"));
        // The y axis is labelled min..=max.
        for n in 1..=5 {
            assert!(svg.contains(&format!(">{n}</text>")), "{n}");
        }
    }

    #[test]
    fn radar_geometry_keeps_the_minimum_off_the_centre() {
        // Three axes all at the minimum of 1..=5: the points lie at 1/5 of the radius.
        let s = vec![Series { name: "n".into(), values: vec![Some(1), Some(1), Some(1)] }];
        let svg = radar(&text("x"), &axes(&["a", "b", "c"]), &s, 1, 5);
        let r = RADAR_R / 5.0;
        // The first axis points straight up.
        assert!(svg.contains(&format!(r#"<circle cx="{}" cy="{}""#, num(RADAR_CX), num(RADAR_CY - r))), "{svg}");
        // The second axis is clockwise: to the right of the centre.
        let a = std::f64::consts::TAU / 3.0;
        assert!(svg.contains(&format!(r#"<circle cx="{}" cy="{}""#, num(RADAR_CX + r * a.sin()), num(RADAR_CY - r * a.cos()))));
        // The scale is labelled min..=max.
        for n in 1..=5 {
            assert!(svg.contains(&format!(">{n}</text>")), "{n}");
        }
    }

    #[test]
    fn unscored_axes_have_no_marker() {
        let s = vec![Series { name: "n".into(), values: vec![Some(3), None, Some(3), Some(3)] }];
        let svg = radar(&text("x"), &axes(&["a", "b", "c", "d"]), &s, 1, 5);
        let series = &svg[svg.find("chart-series-1").unwrap()..svg.find("chart-legend").unwrap()];
        assert_eq!(series.matches("<circle ").count(), 3);
        let d = attr(series, "d");
        assert_eq!(d.matches('L').count(), 2, "{d}");
    }

    #[test]
    fn degenerate_input_is_handled() {
        // No axes or no series: only the description.
        for svg in [radar(&text("x"), &[], &two_series(), 1, 5), radar(&text("x"), &domains(), &[], 1, 5), trend(&text("x"), &[], 1, 5)] {
            well_formed(&svg).unwrap();
            assert!(svg.contains(">Scores per leefgebied.</text>"), "{svg}");
            assert!(!svg.contains("chart-series"));
        }
        // More values than axes are ignored, fewer count as not scored.
        let s = vec![Series { name: "n".into(), values: vec![Some(2), Some(3), Some(4), Some(5), Some(1)] }];
        let svg = radar(&text("x"), &axes(&["a", "b", "c"]), &s, 1, 5);
        assert!(element(&svg, "desc").ends_with("a: n 2; b: n 3; c: n 4."));
        let s = vec![Series { name: "n".into(), values: vec![Some(2)] }];
        let svg = radar(&text("x"), &axes(&["a", "b", "c"]), &s, 1, 5);
        assert!(element(&svg, "desc").ends_with("a: n 2; b: n niet gescoord; c: n niet gescoord."));
        // min >= max is read as min..=min+1; values beyond the scale are clamped, not a panic.
        for (min, max) in [(3, 3), (5, 1), (255, 255), (0, 0)] {
            let svg = radar(&text("x"), &domains(), &two_series(), min, max);
            well_formed(&svg).unwrap();
            let svg = trend(&text("x"), &trend_points(), min, max);
            well_formed(&svg).unwrap();
        }
        let svg = trend(&text("x"), &trend_points(), 3, 3);
        assert!(svg.contains(">3</text>") && svg.contains(">4</text>") && !svg.contains(">5</text>"));
    }

    #[test]
    fn numbers_have_at_most_one_decimal() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.25), "1.3");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(-2.56), "-2.6");
        let svg = radar(&text("x"), &domains(), &two_series(), 1, 5) + &trend(&text("x"), &trend_points(), 1, 5);
        let b = svg.as_bytes();
        for (i, _) in svg.match_indices('.') {
            let decimals = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            assert!(decimals <= 1, "{}", &svg[i.saturating_sub(10)..(i + 10).min(svg.len())]);
        }
    }

    #[test]
    fn label_wrapping() {
        assert_eq!(wrap_label("Kort", 22), vec!["Kort"]);
        assert_eq!(wrap_label("Maatschappelijke participatie", 22), vec!["Maatschappelijke", "participatie"]);
        assert_eq!(wrap_label("Onafbreekbaarlanglabelzonderspaties", 22), vec!["Onafbreekbaarlanglabe…"]);
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(wrap_words("een twee drie", 8), vec!["een twee", "drie"]);
        assert_eq!(wrap_words("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }

    /// Writes one example of each chart for a look in a browser:
    /// `cargo test -p eenplan-web --lib charts::tests::write_examples -- --ignored`
    #[test]
    #[ignore]
    fn write_examples() {
        let t = ChartText {
            title: "Zelfredzaamheid per leefgebied".into(),
            description: "Scores per leefgebied bij de eerste en de laatste meting, op een schaal van 1 tot en met 5.".into(),
            not_scored: "niet gescoord".into(),
        };
        std::fs::write("/tmp/charts-example-radar.svg", radar(&t, &domains(), &two_series(), 1, 5)).unwrap();
        let t = ChartText {
            title: "Financiën door de tijd".into(),
            description: "Score op het leefgebied Financiën per meting, op een schaal van 1 tot en met 5.".into(),
            not_scored: "niet gescoord".into(),
        };
        let mut points = trend_points();
        points.extend([("12-06-2026".into(), Some(5)), ("12-07-2026".into(), Some(4))]);
        std::fs::write("/tmp/charts-example-trend.svg", trend(&t, &points, 1, 5)).unwrap();
    }

    fn money_row(label: &str, first: f64, latest: f64) -> MoneyRow {
        let euro = |v: f64| format!("€ {}", group_thousands(v.round() as i64, MONEY_MINUS));
        MoneyRow {
            label: label.into(),
            first,
            latest,
            first_text: euro(first),
            latest_text: euro(latest),
            net_text: format!("Netto {}", euro(first - latest)),
        }
    }

    fn money_chart(rows: Vec<MoneyRow>) -> MoneyChart {
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
            money_row("Gemeente", 48_250.0, 12_400.0),
            money_row("Zorgverzekeraar", 9_800.0, 11_250.0),
            money_row("Woningcorporatie", 6_000.0, 0.0),
            money_row("Huishouden", 0.0, 0.0),
        ]
    }

    const MONEY_DESC: &str = "Contante waarde van de kosten per belanghebbende.";

    /// The `x`, `x + width` of every bar of series `k` (1 or 2), in drawing order (legend first).
    fn money_bar_spans(svg: &str, k: usize) -> Vec<(f64, f64)> {
        let key = format!(r#"<rect class="chart-bar chart-series-{k}""#);
        svg.match_indices(&key)
            .map(|(i, _)| {
                let x: f64 = attr(&svg[i..], "x").parse().unwrap();
                let w: f64 = attr(&svg[i..], "width").parse().unwrap();
                (x, x + w)
            })
            .collect()
    }

    /// The part of the SVG that draws row `i` (0-based).
    fn money_row_markup(svg: &str, i: usize) -> &str {
        let start = svg.match_indices(r#"<g class="chart-row">"#).nth(i).unwrap().0;
        &svg[start..start + svg[start..].find("</g>").unwrap()]
    }

    #[test]
    fn money_bars_draw_every_row_and_say_it_in_the_desc() {
        let svg = money_bars(&money_chart(stakeholders()), MONEY_DESC);
        well_formed(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        assert_accessible(&svg);
        assert!(svg.contains(r#"viewBox="0 0 720 "#) && svg.contains(r#"width="100%""#), "responsive: {svg}");
        assert_eq!(element(&svg, "title"), "Kosten per belanghebbende");
        assert_eq!(
            element(&svg, "desc"),
            "Contante waarde van de kosten per belanghebbende. \
             Gemeente: Zonder maatwerk € 48.250, Met maatwerk € 12.400, Netto € 35.850; \
             Zorgverzekeraar: Zonder maatwerk € 9.800, Met maatwerk € 11.250, Netto € −1.450; \
             Woningcorporatie: Zonder maatwerk € 6.000, Met maatwerk € 0, Netto € 6.000; \
             Huishouden: Zonder maatwerk € 0, Met maatwerk € 0, Netto € 0. \
             Contante waarde, bedragen in euro&apos;s."
        );
        assert_eq!(svg.matches(r#"<g class="chart-row">"#).count(), 4);
        for (i, label) in ["Gemeente", "Zorgverzekeraar", "Woningcorporatie", "Huishouden"].into_iter().enumerate() {
            let row = money_row_markup(&svg, i);
            assert!(row.contains(&format!(">{label}</tspan>")), "{row}");
            assert_eq!(row.matches(r#"class="chart-net""#).count(), 1);
        }
        assert!(money_row_markup(&svg, 0).contains(">€ 48.250</text>") && money_row_markup(&svg, 0).contains(">Netto € 35.850</text>"));
        // Legend swatches, then one bar per non-zero amount: hatched for the first, solid for the latest.
        assert_eq!(money_bar_spans(&svg, 1).len(), 1 + 3);
        assert_eq!(money_bar_spans(&svg, 2).len(), 1 + 2);
        assert!(svg.contains("fill=\"url(#chart-") && svg.contains("<pattern "));
        // Round ticks written as thousands, and the note under the chart.
        for tick in [">0</text>", ">10.000</text>", ">50.000</text>"] {
            assert!(svg.contains(tick), "{tick}");
        }
        assert!(svg.contains(">Contante waarde, bedragen in euro&apos;s.</text>"));
        // Zero amounts draw no bar but still say their number.
        let zero_row = money_row_markup(&svg, 3);
        assert!(!zero_row.contains("<rect") && zero_row.matches(">€ 0</text>").count() == 2, "{zero_row}");
    }

    #[test]
    fn money_bars_start_at_the_zero_axis_and_negatives_go_left() {
        let rows = vec![money_row("Plus", 5_000.0, 2_000.0), money_row("Min", -3_000.0, 1_000.0), money_row("Nul", 0.0, 0.0)];
        let svg = money_bars(&money_chart(rows), MONEY_DESC);
        well_formed(&svg).unwrap();
        let zero_line = &svg[svg.find(r#"<line class="chart-zero""#).unwrap()..];
        let zero: f64 = attr(zero_line, "x1").parse().unwrap();
        assert_eq!(attr(zero_line, "x1"), attr(zero_line, "x2"), "the zero axis is vertical");
        let first = money_bar_spans(&svg, 1);
        let latest = money_bar_spans(&svg, 2);
        // Skip the legend swatch.
        let at_zero = |x: f64| (x - zero).abs() < 0.01;
        assert!(at_zero(first[1].0), "a positive bar starts at zero");
        assert!(first[2].0 < zero && at_zero(first[2].1), "a negative bar ends at zero: {:?} {zero}", first[2]);
        assert!(latest[1..].iter().all(|&(from, _)| at_zero(from)));
        // The negative amount's number is right-aligned left of its bar.
        let row = money_row_markup(&svg, 1);
        let number = &row[row.find(">€ −3.000</text>").map(|end| row[..end].rfind("<text ").unwrap()).unwrap()..];
        assert_eq!(attr(number, "text-anchor"), "end");
        assert!(attr(number, "x").parse::<f64>().unwrap() < first[2].0);
        // Only negative amounts: the zero axis is the bars' right end.
        let svg = money_bars(&money_chart(vec![money_row("a", -300.0, -120.0)]), MONEY_DESC);
        let zero_line = &svg[svg.find(r#"<line class="chart-zero""#).unwrap()..];
        let zero: f64 = attr(zero_line, "x1").parse().unwrap();
        let bars = money_bar_spans(&svg, 1)[1..].iter().chain(&money_bar_spans(&svg, 2)[1..]).copied().collect::<Vec<_>>();
        assert!(bars.len() == 2 && bars.iter().all(|&(from, to)| from < zero && (to - zero).abs() < 0.01), "{bars:?} {zero}");
        assert!(svg.contains(">−300</text>") && svg.contains(">0</text>"));
    }

    #[test]
    fn money_bars_escape_every_text() {
        let evil = r#"<b>Zorg & "Welzijn"</b>"#;
        let mut row = money_row(evil, 1_000.0, -500.0);
        row.net_text = evil.into();
        row.first_text = evil.into();
        let chart = MoneyChart {
            title: evil.into(),
            first_label: evil.into(),
            latest_label: "Met".into(),
            rows: vec![row, money_row("b", 1.0, 2.0)],
            note: evil.into(),
        };
        let escaped = "&lt;b&gt;Zorg &amp; &quot;Welzijn&quot;&lt;/b&gt;";
        for svg in [money_bars(&chart, evil), money_bars(&MoneyChart { rows: vec![], ..chart.clone() }, evil)] {
            well_formed(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
            assert_accessible(&svg);
            assert!(!svg.contains("<b>") && !svg.contains(r#""Welzijn""#), "{svg}");
            assert!(element(&svg, "title").contains(escaped), "{svg}");
            assert!(element(&svg, "desc").starts_with(escaped), "{svg}");
        }
        let svg = money_bars(&chart, evil);
        let row = money_row_markup(&svg, 0);
        assert!(row.contains(&format!(">{escaped}</text>")), "net text: {row}");
        assert!(row.contains(&format!(">{escaped}</tspan>")), "label: {row}");
        assert!(element(&svg, "desc").contains(&format!("; {escaped}: {escaped} ")), "{svg}");
        // Control characters never reach the SVG.
        let mut ctl = money_chart(stakeholders());
        ctl.rows[0].label = "a\u{0}b\u{1b}c\nd".into();
        ctl.rows[0].net_text = "\u{7}".into();
        well_formed(&money_bars(&ctl, "x\u{FFFE}")).unwrap();
    }

    #[test]
    fn money_bars_handle_odd_input() {
        // No rows: only the description.
        let svg = money_bars(&money_chart(vec![]), MONEY_DESC);
        well_formed(&svg).unwrap();
        assert!(svg.contains(&format!(">{MONEY_DESC}</text>")) && !svg.contains("chart-row"), "{svg}");
        // All zero: a scale of one euro, no bars.
        let svg = money_bars(&money_chart(vec![money_row("a", 0.0, 0.0), money_row("b", -0.0, 0.0)]), MONEY_DESC);
        well_formed(&svg).unwrap();
        assert_eq!(money_bar_spans(&svg, 1).len() + money_bar_spans(&svg, 2).len(), 2, "only the legend");
        // Not finite, huge and empty texts: no panic, the amount in words or "–".
        let odd = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300, -1e300, f64::MIN_POSITIVE, 1234.5];
        let rows: Vec<MoneyRow> =
            odd.iter().map(|&v| MoneyRow { first_text: String::new(), latest_text: String::new(), ..money_row("r", v, -v) }).collect();
        let svg = money_bars(&money_chart(rows), "");
        well_formed(&svg).unwrap();
        assert_accessible(&svg);
        let desc = element(&svg, "desc");
        assert!(desc.starts_with("r: Zonder maatwerk –, Met maatwerk –, "), "{desc}");
        assert!(desc.contains("r: Zonder maatwerk 1.235, Met maatwerk −1.235, "), "{desc}");
        assert!(desc.contains("Zonder maatwerk 1.000.000.000.000, Met maatwerk −1.000.000.000.000"), "{desc}");
        // Long labels and texts are shortened on the chart, whole in the desc.
        let long = "Gemeente, afdeling Werk en Inkomen, team Bijzondere Bijstand";
        let mut row = money_row(long, 100.0, 50.0);
        row.first_text = "€ 100 (een bedrag met een heel lange toelichting)".into();
        let svg = money_bars(&money_chart(vec![row]), MONEY_DESC);
        assert!(element(&svg, "desc").contains(long) && element(&svg, "desc").contains("lange toelichting)"));
        assert!(svg.contains(">Gemeente, afdeling Werk</tspan><tspan") && svg.contains(">€ 100 (een bedrag m…</text>"), "{svg}");
    }

    #[test]
    fn money_bars_are_deterministic_with_distinct_ids_and_short_numbers() {
        let a = money_bars(&money_chart(stakeholders()), MONEY_DESC);
        assert_eq!(a, money_bars(&money_chart(stakeholders()), MONEY_DESC));
        let mut other = stakeholders();
        other[1].latest += 0.01;
        let b = money_bars(&money_chart(other), MONEY_DESC);
        assert_ne!(attr(&a, "aria-labelledby"), attr(&b, "aria-labelledby"));
        let r = radar(&text("Kosten per belanghebbende"), &domains(), &two_series(), 1, 5);
        assert_ne!(attr(&a, "aria-labelledby"), attr(&r, "aria-labelledby"));
        let outside_desc = a[..a.find("<desc").unwrap()].to_string() + &a[a.find("</desc>").unwrap()..];
        for (i, _) in outside_desc.match_indices('.') {
            let digits = outside_desc[i + 1..].bytes().take_while(u8::is_ascii_digit).count();
            // "48.250" (thousands) has three digits after the dot; coordinates have at most one.
            assert!(digits <= 1 || digits == 3, "{}", &outside_desc[i.saturating_sub(10)..(i + 10).min(outside_desc.len())]);
        }
    }

    #[test]
    fn money_scale_ticks_are_round_and_leave_room() {
        let scale = MoneyScale::new(0.0, 48_250.0, 200.0, 60.0);
        assert_eq!(scale.ticks, [0, 10_000, 20_000, 30_000, 40_000, 50_000]);
        let scale = MoneyScale::new(-2_500.0, 7_000.0, 200.0, 60.0);
        assert_eq!(scale.ticks, [-2_000, 0, 2_000, 4_000, 6_000, 8_000]);
        assert_eq!((scale.x(-2_500.0), scale.x(8_000.0)), (scale.x0, scale.x1));
        assert_eq!(MoneyScale::new(0.0, 0.0, 200.0, 60.0).ticks, [0, 1]);
        let wide = MoneyScale::new(0.0, 987_654_321_000.0, 350.0, 150.0);
        let spacing = wide.x(wide.ticks[1] as f64) - wide.x(wide.ticks[0] as f64);
        assert!(spacing >= 17.0 * MONEY_TICK_CHAR_W, "{:?}", wide.ticks);
        assert_eq!(group_thousands(-1_234_567, MONEY_MINUS), "−1.234.567");
        assert_eq!(group_thousands(999, MONEY_MINUS), "999");
    }

    /// Writes an example for a look in a browser:
    /// `cargo test -p eenplan-web --lib charts::tests::write_money_example -- --ignored`
    #[test]
    #[ignore]
    fn write_money_example() {
        let mut rows = stakeholders();
        rows.push(money_row("Zorgkantoor (Wlz)", -2_500.0, 4_000.0));
        rows.push(money_row("Gemeente, afdeling Werk en Inkomen, team Bijzondere Bijstand", 15_000.0, 3_000.0));
        std::fs::write("/tmp/charts-example-money.svg", money_bars(&money_chart(rows), MONEY_DESC)).unwrap();
    }

    fn bar(label: &str, value: f64, text: &str) -> Bar {
        Bar { label: label.into(), value, text: text.into() }
    }

    fn caseload() -> Vec<Bar> {
        vec![bar("Anna de Vries", 12.0, ""), bar("Bram Jansen", 7.0, "7 cliënten"), bar("Chantal Bakker", 0.0, "")]
    }

    /// The `x`, `x + width` of every bar, in drawing order.
    fn bar_spans(svg: &str) -> Vec<(f64, f64)> {
        svg.match_indices(r#"<rect class="chart-bar "#)
            .map(|(i, _)| {
                let x: f64 = attr(&svg[i..], "x").parse().unwrap();
                let w: f64 = attr(&svg[i..], "width").parse().unwrap();
                (x, x + w)
            })
            .collect()
    }

    fn zero_x(svg: &str) -> f64 {
        let zero_line = &svg[svg.find(r#"<line class="chart-zero""#).unwrap()..];
        assert_eq!(attr(zero_line, "x1"), attr(zero_line, "x2"), "the zero axis is vertical");
        attr(zero_line, "x1").parse().unwrap()
    }

    /// The texts of the tick numbers over the bars.
    fn tick_labels(svg: &str) -> Vec<String> {
        let start = svg.find(r#"<g class="chart-scale""#).unwrap();
        let group = &svg[start..start + svg[start..].find("</g>").unwrap()];
        group.split("</text>").filter_map(|t| t.rfind('>').map(|i| t[i + 1..].to_string())).collect()
    }

    #[test]
    fn bars_say_every_row_in_the_desc() {
        let t = ChartText { title: "Caseload per medewerker".into(), description: "Aantal cliënten.".into(), not_scored: String::new() };
        let svg = bars(&t, &caseload());
        well_formed(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        assert_accessible(&svg);
        assert!(svg.contains(r#"class="chart chart-bars""#) && svg.contains(r#"viewBox="0 0 720 "#), "{svg}");
        assert_eq!(element(&svg, "title"), "Caseload per medewerker");
        assert_eq!(element(&svg, "desc"), "Aantal cliënten. Anna de Vries: 12; Bram Jansen: 7 cliënten; Chantal Bakker: 0.");
        assert_eq!(svg.matches(r#"<g class="chart-row">"#).count(), 3);
        assert!(svg.contains(">Anna de Vries</tspan>") && svg.contains(">12</text>") && svg.contains(">7 cliënten</text>"), "{svg}");
        // A zero value draws no bar but still says its number.
        assert_eq!(bar_spans(&svg).len(), 2);
        assert!(svg.contains(">0</text></g>"), "{svg}");
        // One colour, solid bars.
        assert!(svg.matches(&format!(r#"fill="{}""#, STYLES[0].colour)).count() == 2 && !svg.contains("url(#"));
        // Default texts: one decimal with a decimal comma and a real minus sign.
        let svg = bars(&t, &[bar("a", -0.75, ""), bar("b", 1234.56, ""), bar("c", -0.04, ""), bar("d", 2.0, "")]);
        assert!(element(&svg, "desc").ends_with("a: −0,8; b: 1.234,6; c: 0; d: 2."), "{svg}");
    }

    #[test]
    fn bars_negative_values_go_left_of_the_zero_axis() {
        let rows = vec![bar("Financiën", -1.5, "−1,5"), bar("Huisvesting", 0.8, "+0,8"), bar("Werk", 0.0, "0")];
        let svg = bars(&text("Gemiddelde verandering"), &rows);
        well_formed(&svg).unwrap();
        let zero = zero_x(&svg);
        let spans = bar_spans(&svg);
        assert_eq!(spans.len(), 2, "{svg}");
        let at_zero = |x: f64| (x - zero).abs() < 0.01;
        assert!(spans[0].0 < zero && at_zero(spans[0].1), "the negative bar ends at zero: {:?} {zero}", spans[0]);
        assert!(at_zero(spans[1].0) && spans[1].1 > zero, "the positive bar starts at zero: {:?} {zero}", spans[1]);
        // -1.5 is almost twice as long as 0.8.
        let ratio = (spans[0].1 - spans[0].0) / (spans[1].1 - spans[1].0);
        assert!((ratio - 1.5 / 0.8).abs() < 0.02, "{ratio}");
        // The negative value's text is right-aligned left of its bar, the positive one's right of it.
        let number = |s: &str| {
            let end = svg.rfind(&format!(">{s}</text>")).unwrap();
            let tag = &svg[svg[..end].rfind("<text ").unwrap()..end];
            (attr(tag, "x").parse::<f64>().unwrap(), attr(tag, "text-anchor").to_string())
        };
        let (x, anchor) = number("−1,5");
        assert!(x < spans[0].0 && anchor == "end", "{x} {anchor}");
        let (x, anchor) = number("+0,8");
        assert!(x > spans[1].1 && anchor == "start", "{x} {anchor}");
        // Only negative values: the zero axis is the bars' right end.
        let svg = bars(&text("x"), &[bar("a", -3.0, ""), bar("b", -12.0, "")]);
        let zero = zero_x(&svg);
        let spans = bar_spans(&svg);
        assert!(spans.len() == 2 && spans.iter().all(|&(from, to)| from < zero && (to - zero).abs() < 0.01), "{spans:?} {zero}");
    }

    #[test]
    fn bars_ticks_are_round_and_include_zero() {
        let svg = bars(&text("x"), &[bar("a", -1.5, ""), bar("b", 0.8, "")]);
        assert_eq!(tick_labels(&svg), ["−1,5", "−1", "−0,5", "0", "0,5", "1"]);
        assert_eq!(BarScale::new(-1.5, 0.8, 250.0, 60.0).ticks, [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0]);
        // The zero tick sits on the zero axis.
        let zero_tick = &svg[svg[..svg.find(">0</text>").unwrap()].rfind("<text ").unwrap()..];
        assert_eq!(attr(zero_tick, "x").parse::<f64>().unwrap(), zero_x(&svg));
        // Whole numbers: whole steps, at most about five of them.
        assert_eq!(BarScale::new(0.0, 12.0, 200.0, 60.0).labels, ["0", "5", "10", "15"]);
        assert_eq!(BarScale::new(0.0, 38.0, 200.0, 60.0).labels, ["0", "10", "20", "30", "40"]);
        assert_eq!(BarScale::new(-0.3, 0.15, 200.0, 60.0).labels, ["−0,3", "−0,2", "−0,1", "0", "0,1", "0,2"]);
        assert_eq!(BarScale::new(0.0, 0.002, 200.0, 60.0).labels, ["0", "0,01"]);
        assert_eq!(BarScale::new(0.0, 1.1, 200.0, 60.0).labels, ["0", "0,5", "1", "1,5"]);
        assert_eq!(BarScale::new(0.0, 1_500_000.0, 200.0, 60.0).labels, ["0", "500.000", "1.000.000", "1.500.000"]);
        // Nothing but zeros, or no finite value at all: a scale of 0..1.
        for rows in [vec![bar("a", 0.0, ""), bar("b", -0.0, "")], vec![bar("a", f64::NAN, "")]] {
            let svg = bars(&text("x"), &rows);
            well_formed(&svg).unwrap();
            assert_eq!(tick_labels(&svg), ["0", "1"]);
            assert!(bar_spans(&svg).is_empty());
        }
        for t in [&BarScale::new(-1e12, 1e12, 350.0, 150.0), &BarScale::new(0.0, 1e-300, 200.0, 60.0)] {
            assert!(t.ticks.contains(&0.0) && t.ticks.len() <= 7 && t.ticks.windows(2).all(|w| w[0] < w[1]), "{:?}", t.labels);
        }
        assert_eq!(decimal(-15, -1), "−1,5");
        assert_eq!(decimal(10, -1), "1");
        assert_eq!(decimal(5, -2), "0,05");
        assert_eq!(decimal(-2, 3), "−2.000");
        assert_eq!(decimal(0, -2), "0");
    }

    #[test]
    fn bars_escape_text_and_never_use_style() {
        let evil = r#"<b>Zorg & "Welzijn"</b>"#;
        let escaped = "&lt;b&gt;Zorg &amp; &quot;Welzijn&quot;&lt;/b&gt;";
        let t = ChartText { title: evil.into(), description: evil.into(), not_scored: evil.into() };
        let rows = vec![bar(evil, 3.0, evil), bar("b", -1.0, "")];
        for svg in [bars(&t, &rows), bars(&t, &[])] {
            well_formed(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
            assert_accessible(&svg);
            assert!(!svg.contains("style=") && !svg.contains("<style"), "{svg}");
            assert!(!svg.contains("<b>") && !svg.contains(r#""Welzijn""#), "{svg}");
            assert!(element(&svg, "title").contains(escaped) && element(&svg, "desc").starts_with(escaped), "{svg}");
        }
        let svg = bars(&t, &rows);
        assert!(element(&svg, "desc").ends_with(&format!(" {escaped}: {escaped}; b: −1.")), "{svg}");
        // The value text is shortened on the chart (20 characters), whole in the desc.
        assert!(svg.contains(">&lt;b&gt;Zorg &amp; &quot;Welzijn&quot;…</text>"), "value text: {svg}");
        assert!(svg.contains(&format!(r#"<tspan x="8" y="56.5">{escaped}</tspan>"#)), "label: {svg}");
        // Control characters never reach the SVG.
        well_formed(&bars(&text("a\u{0}b\nc"), &[bar("x\u{7}\u{FFFE}", 1.0, "\u{1b}")])).unwrap();
    }

    #[test]
    fn bars_are_deterministic_with_distinct_ids() {
        let a = bars(&text("Caseload"), &caseload());
        assert_eq!(a, bars(&text("Caseload"), &caseload()), "byte-identical");
        let mut other = caseload();
        other[1].value += 0.01;
        let mut renamed = caseload();
        renamed[0].label.push('!');
        let ids: Vec<String> = [
            a.clone(),
            bars(&text("Caseload"), &other),
            bars(&text("Caseload"), &renamed),
            bars(&text("Caseload 2"), &caseload()),
            bars(&text("Caseload"), &caseload()[..2]),
        ]
        .iter()
        .map(|s| attr(s, "id").to_string())
        .collect();
        for (i, x) in ids.iter().enumerate() {
            for y in &ids[i + 1..] {
                assert_ne!(x, y);
            }
        }
        assert_ne!(attr(&a, "id"), attr(&trend(&text("Caseload"), &trend_points(), 1, 5), "id"));
        // Coordinates have at most one decimal.
        let outside_desc = a[..a.find("<desc").unwrap()].to_string() + &a[a.find("</desc>").unwrap()..];
        for (i, _) in outside_desc.match_indices('.') {
            let digits = outside_desc[i + 1..].bytes().take_while(u8::is_ascii_digit).count();
            assert!(digits <= 1, "{}", &outside_desc[i.saturating_sub(10)..(i + 10).min(outside_desc.len())]);
        }
    }

    #[test]
    fn bars_handle_empty_and_odd_input() {
        // No rows: only the description, or the title when there is none.
        let svg = bars(&text("Caseload"), &[]);
        well_formed(&svg).unwrap();
        assert_accessible(&svg);
        assert!(svg.contains(">Scores per leefgebied.</text>") && !svg.contains("chart-row") && svg.contains("chart-bars"), "{svg}");
        let t = ChartText { title: "Caseload per medewerker".into(), description: String::new(), not_scored: String::new() };
        let svg = bars(&t, &[]);
        assert!(svg.contains(">Caseload per medewerker</text>") && element(&svg, "title") == "Caseload per medewerker", "{svg}");
        // Not finite: no bar, but the row and "–" (or the caller's text).
        let rows = vec![bar("Anna", f64::NAN, ""), bar("Bram", 4.0, ""), bar("Chantal", f64::INFINITY, "onbekend")];
        let svg = bars(&text("x"), &rows);
        well_formed(&svg).unwrap();
        assert_eq!(svg.matches(r#"<g class="chart-row">"#).count(), 3);
        assert_eq!(bar_spans(&svg).len(), 1, "{svg}");
        assert!(svg.contains(">Anna</tspan>") && svg.contains(">–</text>") && svg.contains(">onbekend</text>"), "{svg}");
        assert!(element(&svg, "desc").ends_with("Anna: –; Bram: 4; Chantal: onbekend."), "{svg}");
        // Huge values are drawn clamped, and written clamped too.
        let svg = bars(&text("x"), &[bar("a", 1e300, ""), bar("b", -f64::MAX, ""), bar("c", f64::MIN_POSITIVE, "")]);
        well_formed(&svg).unwrap();
        assert!(element(&svg, "desc").contains("a: 1.000.000.000.000; b: −1.000.000.000.000; c: 0."), "{svg}");
    }

    /// Writes an example for a look in a browser:
    /// `cargo test -p eenplan-web --lib charts::tests::write_bars_example -- --ignored`
    #[test]
    #[ignore]
    fn write_bars_example() {
        let t = ChartText {
            title: "Gemiddelde verandering per leefgebied".into(),
            description: "Gemiddelde verandering van de score tussen de eerste en de laatste meting.".into(),
            not_scored: String::new(),
        };
        let rows: Vec<Bar> = domains()
            .iter()
            .zip([-1.5, 0.8, 0.0, 1.2, f64::NAN, 0.35, -0.2, 2.0, 0.5, -0.75, 1.0, 0.1])
            .map(|(a, v)| bar(&a.label, v, ""))
            .collect();
        std::fs::write("/tmp/charts-example-bars.svg", bars(&t, &rows)).unwrap();
        std::fs::write("/tmp/charts-example-caseload.svg", bars(&text("Caseload per medewerker"), &caseload())).unwrap();
    }

    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[ a-zA-Z<>&\"'é…]{0,40}", Just(String::new())]
    }

    proptest! {
        #[test]
        fn radar_never_panics_and_is_well_formed(
            title in any_text(),
            description in any_text(),
            not_scored in any_text(),
            labels in proptest::collection::vec(any_text(), 0..20),
            series in proptest::collection::vec((any_text(), proptest::collection::vec(any::<Option<u8>>(), 0..24)), 0..6),
            min in any::<u8>(),
            max in any::<u8>(),
        ) {
            let t = ChartText { title, description, not_scored };
            let axes: Vec<Axis> = labels.into_iter().map(|label| Axis { label }).collect();
            let series: Vec<Series> = series.into_iter().map(|(name, values)| Series { name, values }).collect();
            let svg = radar(&t, &axes, &series, min, max);
            prop_assert!(well_formed(&svg).is_ok(), "{:?}: {}", well_formed(&svg), svg);
            assert_accessible(&svg);
            prop_assert_eq!(svg, radar(&t, &axes, &series, min, max));
        }

        #[test]
        fn money_bars_never_panic_and_are_well_formed(
            title in any_text(),
            description in any_text(),
            rows in proptest::collection::vec(
                (any_text(), any::<f64>(), prop_oneof![any::<f64>(), -1e7..1e7_f64], any_text(), any_text()),
                0..12,
            ),
        ) {
            let rows = rows
                .into_iter()
                .map(|(label, first, latest, text, net_text)| MoneyRow {
                    label,
                    first,
                    latest,
                    first_text: text.clone(),
                    latest_text: text,
                    net_text,
                })
                .collect();
            let chart = MoneyChart { title, rows, ..money_chart(vec![]) };
            let svg = money_bars(&chart, &description);
            prop_assert!(well_formed(&svg).is_ok(), "{:?}: {}", well_formed(&svg), svg);
            assert_accessible(&svg);
            prop_assert_eq!(svg, money_bars(&chart, &description));
        }

        #[test]
        fn bars_never_panic_and_are_well_formed(
            title in any_text(),
            description in any_text(),
            rows in proptest::collection::vec((any_text(), prop_oneof![any::<f64>(), -100.0..100.0_f64, -3.0..3.0_f64], any_text()), 0..12),
        ) {
            let t = ChartText { title, description, not_scored: String::new() };
            let rows: Vec<Bar> = rows.into_iter().map(|(label, value, text)| Bar { label, value, text }).collect();
            let svg = bars(&t, &rows);
            prop_assert!(well_formed(&svg).is_ok(), "{:?}: {}", well_formed(&svg), svg);
            assert_accessible(&svg);
            prop_assert_eq!(svg.matches(r#"<g class="chart-row">"#).count(), rows.len());
            prop_assert_eq!(svg, bars(&t, &rows));
        }

        #[test]
        fn trend_never_panics_and_is_well_formed(
            title in any_text(),
            description in any_text(),
            not_scored in any_text(),
            points in proptest::collection::vec((any_text(), any::<Option<u8>>()), 0..80),
            min in any::<u8>(),
            max in any::<u8>(),
        ) {
            let t = ChartText { title, description, not_scored };
            let svg = trend(&t, &points, min, max);
            prop_assert!(well_formed(&svg).is_ok(), "{:?}: {}", well_formed(&svg), svg);
            assert_accessible(&svg);
            prop_assert_eq!(svg, trend(&t, &points, min, max));
        }
    }
}
