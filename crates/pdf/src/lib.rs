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
