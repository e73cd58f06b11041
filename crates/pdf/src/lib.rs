//! Eenplan PDF output: a household's plan as an A4 PDF, in pure Rust.
//!
//! The PDF uses the standard fonts Helvetica and Helvetica-Bold in WinAnsiEncoding, so no font
//! files are embedded and no external program runs. Text stays real text (selectable and
//! searchable); characters WinAnsi cannot show are written as `?`. Layout happens first (with
//! the fonts' published glyph widths), so every page's footer can say "page x of n", and the
//! output is the same bytes for the same input.
//!
//! ```
//! use eenplan_pdf::{Block, MoneyChart, MoneyRow, PlanDocument, Section, render};
//!
//! let doc = PlanDocument {
//!     title: "Ons plan — familie Jansen".into(),
//!     subtitle: "Versie 3, afgesproken op 12-03-2026".into(),
//!     sections: vec![Section {
//!         heading: "Doelen".into(),
//!         blocks: vec![Block::Bullets(vec!["Grip op financiën".into(), "€ 250 sparen".into()])],
//!     }],
//!     chart: None,
//!     money_chart: Some(MoneyChart {
//!         title: "Kosten per belanghebbende".into(),
//!         first_label: "Zonder maatwerk".into(),
//!         latest_label: "Met maatwerk".into(),
//!         rows: vec![MoneyRow {
//!             label: "Gemeente".into(),
//!             first: 12_345.0,
//!             latest: 8_000.0,
//!             first_text: "€ 12.345".into(),
//!             latest_text: "€ 8.000".into(),
//!             net_text: "Besparing: € 4.345".into(),
//!         }],
//!         note: "Contante waarde, bedragen in euro's.".into(),
//!     }),
//!     signatures: vec!["Handtekening Marco Jansen".into(), "Handtekening contactpersoon".into()],
//!     footer: "Eenplan · vertrouwelijk".into(),
//!     page_label: "pagina {x} van {n}".into(),
//!     date_label: "Datum:".into(),
//! };
//! let pdf = render(&doc);
//! assert!(pdf.starts_with(b"%PDF-"));
//! ```

mod blocks;
mod chart;
mod encoding;
mod layout;
mod metrics;
mod money_chart;
mod wrap;
mod write;

/// Euro amounts as the money charts (this crate's PDF chart and the web's SVG chart) and the
/// calculator write and scale them: one implementation of the thousands grouping, the round scale
/// steps and the drawable range.
pub mod money {
    /// Amounts beyond a trillion euros are drawn at that length (their text stays the caller's).
    pub const MAX_DRAWN_AMOUNT: f64 = 1e12;

    /// Whole euros with dots between thousands, negative ones after `minus` (the PDF's WinAnsi
    /// fonts want '-', web pages '−'): `group_thousands(-12345, '-')` → "-12.345".
    pub fn group_thousands(value: i64, minus: char) -> String {
        let digits = value.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + minus.len_utf8());
        if value < 0 {
            out.push(minus);
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        out
    }

    /// The round step after `step` in the series 1, 2, 5, 10, 20, 50, …
    pub fn next_round_step(step: i64) -> i64 {
        let mut magnitude = 1;
        while magnitude * 10 <= step {
            magnitude *= 10;
        }
        match step / magnitude {
            1 => 2 * magnitude,
            2 => 5 * magnitude,
            _ => 10 * magnitude,
        }
    }

    /// An amount to draw: finite ones clamped to ±[`MAX_DRAWN_AMOUNT`], `None` for NaN and infinities.
    pub fn drawable_amount(value: f64) -> Option<f64> {
        value.is_finite().then(|| value.clamp(-MAX_DRAWN_AMOUNT, MAX_DRAWN_AMOUNT))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn thousands_are_separated_by_dots_with_the_given_minus() {
            assert_eq!(group_thousands(0, '-'), "0");
            assert_eq!(group_thousands(999, '-'), "999");
            assert_eq!(group_thousands(1_000, '-'), "1.000");
            assert_eq!(group_thousands(12_345, '−'), "12.345");
            assert_eq!(group_thousands(-1_234_567, '-'), "-1.234.567");
            assert_eq!(group_thousands(-1_234_567, '−'), "−1.234.567");
            assert_eq!(group_thousands(i64::MIN, '-'), "-9.223.372.036.854.775.808");
        }

        #[test]
        fn steps_are_round() {
            let mut step = 1;
            let mut seen = vec![];
            for _ in 0..7 {
                seen.push(step);
                step = next_round_step(step);
            }
            assert_eq!(seen, [1, 2, 5, 10, 20, 50, 100]);
            assert_eq!(next_round_step(3), 10, "an odd step goes to the next power of ten");
        }

        #[test]
        fn only_finite_amounts_are_drawn_within_the_range() {
            assert_eq!(drawable_amount(-12.5), Some(-12.5));
            assert_eq!(drawable_amount(1e300), Some(MAX_DRAWN_AMOUNT));
            assert_eq!(drawable_amount(-1e300), Some(-MAX_DRAWN_AMOUNT));
            for odd in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                assert_eq!(drawable_amount(odd), None);
            }
        }
    }
}

/// A plan to print: a title block, sections, optional charts and signature boxes.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDocument {
    /// E.g. "Ons plan — familie Jansen"; also the PDF's document title.
    pub title: String,
    /// E.g. "Versie 3, afgesproken op 12-03-2026".
    pub subtitle: String,
    pub sections: Vec<Section>,
    /// Drawn after the sections, before the signatures.
    pub chart: Option<BarChart>,
    /// Drawn after `chart`, before the signatures.
    pub money_chart: Option<MoneyChart>,
    /// Labels of the signature boxes at the end (e.g. "Handtekening Marco Jansen", "Handtekening contactpersoon").
    pub signatures: Vec<String>,
    /// The text at the foot of each page before "page x of n" (e.g. "Eenplan · vertrouwelijk").
    pub footer: String,
    /// Text for "page {x} of {n}", with the placeholders `{x}` and `{n}` (e.g. "pagina {x} van {n}").
    pub page_label: String,
    /// The label of the date line in each signature box (e.g. "Datum:").
    pub date_label: String,
}

/// A heading and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// A piece of section content. Line breaks (`\n`) in texts are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    /// A paragraph in a smaller grey font (a hint, a source).
    Note(String),
    Bullets(Vec<String>),
    /// A table; column widths are shared by content length; cells wrap.
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

/// Horizontal bars per life domain: the first and the latest score side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarChart {
    pub title: String,
    /// Legend text for the first score (hatched, outlined bars).
    pub first_label: String,
    /// Legend text for the latest score (solid dark bars).
    pub latest_label: String,
    /// The scale's ends; scores outside are drawn at the nearer end, with their own number.
    pub min: u8,
    pub max: u8,
    /// Domain label, first score, latest score.
    pub rows: Vec<(String, Option<u8>, Option<u8>)>,
    /// Written instead of a bar for a missing score.
    pub not_scored: String,
}

/// Horizontal bars of money per row (e.g. per stakeholder the present-value cost without and with
/// a tailored solution), drawn from a zero axis: negative amounts go left of it. The scale's ticks
/// are round euro amounts written as plain thousands ("10.000"); say the unit in `note`.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyChart {
    pub title: String,
    /// Legend text for the first amount (hatched, outlined bars), e.g. "Zonder maatwerk".
    pub first_label: String,
    /// Legend text for the latest amount (solid dark bars), e.g. "Met maatwerk".
    pub latest_label: String,
    pub rows: Vec<MoneyRow>,
    /// A small grey line under the chart, e.g. "Contante waarde, bedragen in euro's."
    pub note: String,
}

/// One row of a [`MoneyChart`]: a label, two amounts and their texts as the caller formats them.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyRow {
    pub label: String,
    /// The amounts in euros. Amounts that are not finite get no bar; amounts beyond a trillion
    /// euros are drawn at that length.
    pub first: f64,
    pub latest: f64,
    /// Written next to the bars (e.g. "€ 12.345"); when empty, the amount rounded to whole euros.
    pub first_text: String,
    pub latest_text: String,
    /// Written under the two bars in bold (e.g. "Besparing: € 4.345").
    pub net_text: String,
}

/// Renders the document as PDF bytes (A4 portrait, 2 cm margins, as many pages as needed).
pub fn render(doc: &PlanDocument) -> Vec<u8> {
    let mut units = blocks::title_units(doc);
    for section in &doc.sections {
        units.extend(blocks::section_units(section));
    }
    if let Some(chart) = &doc.chart {
        units.extend(chart::chart_units(chart));
    }
    if let Some(chart) = &doc.money_chart {
        units.extend(money_chart::money_chart_units(chart));
    }
    units.extend(blocks::signature_units(&doc.signatures, &doc.date_label));
    let pages = layout::Paginator::new().paginate(&units);
    write::write(doc, pages)
}
