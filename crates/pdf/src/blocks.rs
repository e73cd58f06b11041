//! Units for the title, section headings, text blocks, tables and signature boxes.

use std::rc::Rc;

use crate::encoding::encode;
use crate::layout::{BODY_HEIGHT, CONTENT_WIDTH, LEFT, Op, RIGHT, Stroke, TextStyle, Unit, line_units};
use crate::metrics::Font;
use crate::wrap::{limit_lines, wrap};
use crate::{Block, PlanDocument, Section};

pub const TITLE: TextStyle = TextStyle { font: Font::Bold, size: 18.0, gray: 0.0, line_height: 22.0 };
pub const HEADING: TextStyle = TextStyle { font: Font::Bold, size: 13.0, gray: 0.0, line_height: 16.5 };
pub const BODY: TextStyle = TextStyle { font: Font::Regular, size: 10.5, gray: 0.0, line_height: 14.0 };
pub const BODY_BOLD: TextStyle = TextStyle { font: Font::Bold, ..BODY };
pub const SUBTITLE: TextStyle = TextStyle { gray: 0.3, ..BODY };
pub const NOTE: TextStyle = TextStyle { font: Font::Regular, size: 9.0, gray: 0.4, line_height: 12.0 };

/// Thin rules and table borders.
pub const HAIRLINE: Stroke = Stroke { gray: 0.55, width: 0.5 };
/// Gap between blocks within a section.
const BLOCK_GAP: f32 = 6.0;
const BULLET_INDENT: f32 = 14.0;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;
const HEADER_FILL: f32 = 0.9;
/// A signature box is 2.5 cm high.
const SIGNATURE_BOX_HEIGHT: f32 = 70.87;
const SIGNATURE_GAP: f32 = 24.0;
const SIGNATURE_LABEL_LINES: usize = 4;

/// Makes `units` one group: each keeps with all units after it in the group plus `extra` more.
pub fn keep_together(units: &mut [Unit], extra: usize) {
    let n = units.len();
    for (i, unit) in units.iter_mut().enumerate() {
        unit.keep_next = n - 1 - i + extra;
    }
}

/// The title, the subtitle and a rule under them.
pub fn title_units(doc: &PlanDocument) -> Vec<Unit> {
    let mut units = line_units(wrap(&doc.title, TITLE.font, TITLE.size, CONTENT_WIDTH), TITLE, LEFT, 0.0);
    keep_together(&mut units, 1);
    if !doc.subtitle.trim().is_empty() {
        let subtitle = wrap(&doc.subtitle, SUBTITLE.font, SUBTITLE.size, CONTENT_WIDTH);
        units.extend(line_units(subtitle, SUBTITLE, LEFT, 4.0));
    }
    let rule = Op::Line { x1: LEFT, y1: 8.0, x2: RIGHT, y2: 8.0, stroke: Stroke { gray: 0.3, width: 0.75 } };
    units.push(Unit { space_before: 2.0, height: 12.0, ops: vec![rule], ..Unit::default() });
    units
}

/// A heading in the section style, kept with the two lines after it.
pub fn heading_units(heading: &str) -> Vec<Unit> {
    if heading.trim().is_empty() {
        return Vec::new();
    }
    let mut units = line_units(wrap(heading, HEADING.font, HEADING.size, CONTENT_WIDTH), HEADING, LEFT, 18.0);
    keep_together(&mut units, 2);
    units
}

pub fn section_units(section: &Section) -> Vec<Unit> {
    let mut units = heading_units(&section.heading);
    for block in &section.blocks {
        units.extend(block_units(block));
    }
    units
}

fn block_units(block: &Block) -> Vec<Unit> {
    match block {
        Block::Paragraph(text) => paragraph_units(text, BODY),
        Block::Note(text) => paragraph_units(text, NOTE),
        Block::Bullets(items) => items.iter().enumerate().flat_map(|(i, item)| bullet_units(item, i == 0)).collect(),
        Block::Table { headers, rows } => table_units(headers, rows),
    }
}

/// A paragraph, line by line, avoiding a lone first or last line on a page.
fn paragraph_units(text: &str, style: TextStyle) -> Vec<Unit> {
    let mut units = line_units(wrap(text, style.font, style.size, CONTENT_WIDTH), style, LEFT, BLOCK_GAP);
    let n = units.len();
    if n >= 2 {
        units[0].keep_next = 1;
        units[n - 2].keep_next = 1;
    }
    units
}

fn bullet_units(item: &str, first: bool) -> Vec<Unit> {
    let lines = wrap(item, BODY.font, BODY.size, CONTENT_WIDTH - BULLET_INDENT);
    let mut units = line_units(lines, BODY, LEFT + BULLET_INDENT, if first { BLOCK_GAP } else { 2.0 });
    if let Some(first_line) = units.first_mut() {
        first_line.ops.push(BODY.text(LEFT + 3.0, 0.0, encode("•")));
    }
    units
}

/// Column widths shared by content length: columns whose text fits get its width, and when the
/// table is too wide every column keeps its longest word (if possible) and shares the rest in
/// proportion to how much more its text wants.
fn column_widths(headers: &[String], rows: &[Vec<String>], columns: usize) -> Vec<f32> {
    let mut natural = vec![2.0 * CELL_PAD_X; columns];
    let mut minimum = vec![2.0 * CELL_PAD_X; columns];
    let cells = headers.iter().map(|h| (h, Font::Bold)).enumerate();
    let cells = cells.chain(rows.iter().flat_map(|row| row.iter().map(|c| (c, Font::Regular)).enumerate()));
    for (column, (text, font)) in cells {
        for line in text.split('\n') {
            let line = encode(line);
            let width = font.width(&line, BODY.size) + 2.0 * CELL_PAD_X;
            natural[column] = natural[column].max(width);
            for word in line.split(|&b| b == b' ') {
                minimum[column] = minimum[column].max(font.width(word, BODY.size) + 2.0 * CELL_PAD_X);
            }
        }
    }
    let total: f32 = natural.iter().sum();
    if total <= CONTENT_WIDTH {
        return natural.iter().map(|w| w * CONTENT_WIDTH / total).collect();
    }
    // Nobody needs more than a fair share to avoid breaking words, when that is all there is.
    let fair = CONTENT_WIDTH / columns as f32;
    let minimum: Vec<f32> = minimum.iter().zip(&natural).map(|(m, n)| m.min(*n).min(fair.max(40.0))).collect();
    let min_total: f32 = minimum.iter().sum();
    if min_total >= CONTENT_WIDTH {
        return minimum.iter().map(|w| w * CONTENT_WIDTH / min_total).collect();
    }
    let wants: Vec<f32> = natural.iter().zip(&minimum).map(|(n, m)| n - m).collect();
    let want_total: f32 = wants.iter().sum();
    let extra = CONTENT_WIDTH - min_total;
    minimum
        .iter()
        .zip(&wants)
        .map(|(m, w)| if want_total > 0.0 { m + extra * w / want_total } else { m + extra / columns as f32 })
        .collect()
}

/// A table: one unit per row (rows taller than a page are cut into page-sized pieces), with the
/// header row repeated at the top of each page the table continues on.
fn table_units(headers: &[String], rows: &[Vec<String>]) -> Vec<Unit> {
    let columns = rows.iter().map(Vec::len).chain([headers.len()]).max().unwrap_or(0);
    if columns == 0 {
        return Vec::new();
    }
    let widths = column_widths(headers, rows, columns);
    let mut units = Vec::new();
    let mut repeat = None;
    if !headers.is_empty() {
        let mut header = row_units(headers, &widths, BODY_BOLD, Some(HEADER_FILL), BODY_HEIGHT);
        if let [single] = header.as_slice()
            && single.height <= BODY_HEIGHT / 3.0
        {
            repeat = Some(Rc::new(single.clone()));
        }
        // The header stays with the first row.
        keep_together(&mut header, 1);
        units.extend(header);
    }
    let max_row_height = BODY_HEIGHT - repeat.as_ref().map_or(0.0, |r: &Rc<Unit>| r.height);
    for row in rows {
        for mut unit in row_units(row, &widths, BODY, None, max_row_height) {
            unit.repeat = repeat.clone();
            units.push(unit);
        }
    }
    if let Some(first) = units.first_mut() {
        first.space_before = BLOCK_GAP + 2.0;
    }
    units
}

/// The units for one table row: normally one, more when the row is taller than `max_height`.
fn row_units(cells: &[String], widths: &[f32], style: TextStyle, fill: Option<f32>, max_height: f32) -> Vec<Unit> {
    let wrapped: Vec<Vec<Vec<u8>>> = widths
        .iter()
        .enumerate()
        .map(|(i, width)| wrap(cells.get(i).map_or("", String::as_str), style.font, style.size, width - 2.0 * CELL_PAD_X))
        .collect();
    let line_count = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let per_piece = (((max_height - 2.0 * CELL_PAD_Y) / style.line_height).floor() as usize).max(1);
    let mut units = Vec::new();
    let mut start = 0;
    while start < line_count {
        let end = (start + per_piece).min(line_count);
        let height = (end - start) as f32 * style.line_height + 2.0 * CELL_PAD_Y;
        let mut backgrounds = Vec::new();
        let mut texts = Vec::new();
        let mut x = LEFT;
        for (lines, width) in wrapped.iter().zip(widths) {
            backgrounds.push(Op::Rect { x, y: 0.0, w: *width, h: height, fill, stroke: Some(HAIRLINE) });
            for (k, line) in lines.iter().enumerate().take(end).skip(start) {
                let line_top = CELL_PAD_Y + (k - start) as f32 * style.line_height;
                texts.push(style.text(x + CELL_PAD_X, line_top, line.clone()));
            }
            x += width;
        }
        backgrounds.extend(texts);
        units.push(Unit { height, ops: backgrounds, ..Unit::default() });
        start = end;
    }
    units
}

/// Signature boxes, two side by side: the label, then a 2.5 cm box with a date line in it.
pub fn signature_units(labels: &[String], date_label: &str) -> Vec<Unit> {
    let column_width = (CONTENT_WIDTH - SIGNATURE_GAP) / 2.0;
    let date_label = encode(date_label);
    let date_label_width = NOTE.font.width(&date_label, NOTE.size);
    let mut units = Vec::new();
    for (row, pair) in labels.chunks(2).enumerate() {
        let labels: Vec<Vec<Vec<u8>>> = pair.iter().map(|label| signature_label(label, column_width)).collect();
        let label_lines = labels.iter().map(Vec::len).max().unwrap_or(1);
        let box_top = label_lines as f32 * BODY.line_height + 4.0;
        let mut ops = Vec::new();
        for (column, lines) in labels.into_iter().enumerate() {
            let x = LEFT + column as f32 * (column_width + SIGNATURE_GAP);
            for (k, line) in lines.into_iter().enumerate() {
                ops.push(BODY.text(x, k as f32 * BODY.line_height, line));
            }
            let stroke = Stroke { gray: 0.3, width: 0.75 };
            ops.push(Op::Rect { x, y: box_top, w: column_width, h: SIGNATURE_BOX_HEIGHT, fill: None, stroke: Some(stroke) });
            let line_top = box_top + SIGNATURE_BOX_HEIGHT - NOTE.line_height - 4.0;
            ops.push(NOTE.text(x + 6.0, line_top, date_label.clone()));
            let baseline = line_top + NOTE.baseline() + 1.0;
            let start = x + 6.0 + date_label_width + 4.0;
            let end = (x + column_width * 0.7).max(start + 20.0).min(x + column_width - 6.0);
            ops.push(Op::Line { x1: start, y1: baseline, x2: end, y2: baseline, stroke: HAIRLINE });
        }
        let space_before = if row == 0 { 28.0 } else { 14.0 };
        units.push(Unit { space_before, height: box_top + SIGNATURE_BOX_HEIGHT, ops, ..Unit::default() });
    }
    units
}

/// A signature label wrapped to its column, shortened to a few lines so the box always fits a page.
fn signature_label(label: &str, width: f32) -> Vec<Vec<u8>> {
    limit_lines(wrap(label, BODY.font, BODY.size, width), SIGNATURE_LABEL_LINES, BODY.font, BODY.size, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_widths_fill_the_line_and_follow_content() {
        let headers = vec!["Doel".to_string(), "Toelichting".to_string()];
        let rows = vec![vec!["Kort".to_string(), "Een veel langere toelichting bij dit doel".to_string()]];
        let widths = column_widths(&headers, &rows, 2);
        assert!((widths.iter().sum::<f32>() - CONTENT_WIDTH).abs() < 0.01);
        assert!(widths[1] > widths[0] * 2.0);
    }

    #[test]
    fn too_wide_tables_share_the_width() {
        let long = "woord ".repeat(200);
        let rows = vec![vec![long.clone(), long, "x".to_string()]];
        let widths = column_widths(&[], &rows, 3);
        assert!((widths.iter().sum::<f32>() - CONTENT_WIDTH).abs() < 0.01);
        assert!(widths[2] < widths[0]);
    }

    #[test]
    fn very_tall_rows_are_cut_to_fit_a_page() {
        let tall = "regel\n".repeat(200);
        let units = table_units(&["Kop".to_string()], &[vec![tall]]);
        assert!(units.len() > 2);
        assert!(units.iter().all(|u| u.height <= BODY_HEIGHT));
    }

    #[test]
    fn signature_labels_are_limited() {
        let units = signature_units(&["lang ".repeat(500), "kort".to_string(), "derde".to_string()], "Datum:");
        assert_eq!(units.len(), 2);
        assert!(units[0].height < BODY_HEIGHT / 2.0);
    }
}
