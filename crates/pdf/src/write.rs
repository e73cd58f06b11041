//! Writing laid-out pages as a PDF file with `pdf-writer`.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::PlanDocument;
use crate::blocks::{HAIRLINE, NOTE};
use crate::encoding::encode;
use crate::layout::{CONTENT_WIDTH, LEFT, MARGIN, Op, PAGE_HEIGHT, PAGE_WIDTH, RIGHT};
use crate::metrics::Font;
use crate::wrap::truncate;

const CATALOG: Ref = Ref::new(1);
const PAGE_TREE: Ref = Ref::new(2);
const INFO: Ref = Ref::new(3);
const FONT_REGULAR: Ref = Ref::new(4);
const FONT_BOLD: Ref = Ref::new(5);
/// Pages take two object numbers each (page and content stream), from here on.
const FIRST_PAGE: i32 = 6;
const FONTS: [(Font, Ref); 2] = [(Font::Regular, FONT_REGULAR), (Font::Bold, FONT_BOLD)];

/// Adds the footer to every page and writes the document. Object numbers are fixed and there is
/// no date or file identifier, so the same pages always give the same bytes.
pub fn write(doc: &PlanDocument, pages: Vec<Vec<Op>>) -> Vec<u8> {
    let count = pages.len();
    let page_ref = |i: usize| Ref::new(FIRST_PAGE + 2 * i as i32);
    let content_ref = |i: usize| Ref::new(FIRST_PAGE + 2 * i as i32 + 1);

    let mut pdf = Pdf::new();
    let mut catalog = pdf.catalog(CATALOG);
    catalog.pages(PAGE_TREE);
    catalog.lang(TextStr("nl-NL"));
    catalog.viewer_preferences().display_doc_title(true);
    catalog.finish();

    pdf.document_info(INFO).title(TextStr(&doc.title)).producer(TextStr("Eenplan")).creator(TextStr("Eenplan"));
    pdf.pages(PAGE_TREE).kids((0..count).map(page_ref)).count(count as i32);

    for (font, id) in FONTS {
        pdf.type1_font(id)
            .base_font(Name(font.base_name()))
            .encoding_predefined(Name(b"WinAnsiEncoding"))
            .first_char(32)
            .last_char(255)
            .widths(font.widths()[32..].iter().map(|&w| f32::from(w)));
    }

    for (i, mut ops) in pages.into_iter().enumerate() {
        ops.extend(footer(doc, i + 1, count));
        let mut page = pdf.page(page_ref(i));
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        page.parent(PAGE_TREE);
        page.contents(content_ref(i));
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        for (font, id) in FONTS {
            fonts.pair(Name(font.resource_name()), id);
        }
        fonts.finish();
        resources.finish();
        page.finish();
        pdf.stream(content_ref(i), &content(&ops));
    }
    pdf.finish()
}

/// The footer text on the left and "page x of n" on the right, under a thin rule.
fn footer(doc: &PlanDocument, page: usize, count: usize) -> Vec<Op> {
    let label = doc.page_label.replace("{x}", &page.to_string()).replace("{n}", &count.to_string());
    let label = truncate(&encode(&label), NOTE.font, NOTE.size, CONTENT_WIDTH / 2.0);
    let label_width = NOTE.font.width(&label, NOTE.size);
    let text = truncate(&encode(&doc.footer), NOTE.font, NOTE.size, CONTENT_WIDTH - label_width - 12.0);
    let baseline = MARGIN - 28.0;
    let rule = MARGIN - 14.0;
    let gray = 0.3;
    vec![
        Op::Line { x1: LEFT, y1: rule, x2: RIGHT, y2: rule, stroke: HAIRLINE },
        Op::Text { x: LEFT, y: baseline, font: NOTE.font, size: NOTE.size, gray, text },
        Op::Text { x: RIGHT - label_width, y: baseline, font: NOTE.font, size: NOTE.size, gray, text: label },
    ]
}

/// The content stream of one page. Every line of text is its own text object, so text
/// extraction sees one line per line.
fn content(ops: &[Op]) -> Vec<u8> {
    let mut c = Content::new();
    for op in ops {
        match op {
            Op::Text { text, .. } if text.is_empty() => {}
            Op::Text { x, y, font, size, gray, text } => {
                c.set_fill_gray(*gray);
                c.begin_text();
                c.set_font(Name(font.resource_name()), *size);
                c.set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, *y]);
                c.show(Str(text));
                c.end_text();
            }
            Op::Rect { x, y, w, h, fill, stroke } => {
                if let Some(gray) = fill {
                    c.set_fill_gray(*gray);
                }
                if let Some(s) = stroke {
                    c.set_stroke_gray(s.gray);
                    c.set_line_width(s.width);
                }
                c.rect(*x, *y, *w, *h);
                match (fill, stroke) {
                    (Some(_), Some(_)) => c.fill_nonzero_and_stroke(),
                    (Some(_), None) => c.fill_nonzero(),
                    (None, Some(_)) => c.stroke(),
                    (None, None) => c.end_path(),
                };
            }
            Op::Line { x1, y1, x2, y2, stroke } => {
                c.set_stroke_gray(stroke.gray);
                c.set_line_width(stroke.width);
                c.move_to(*x1, *y1);
                c.line_to(*x2, *y2);
                c.stroke();
            }
            Op::Hatch { x, y, w, h, stroke, spacing } => {
                c.save_state();
                c.rect(*x, *y, *w, *h);
                c.clip_nonzero();
                c.end_path();
                c.set_stroke_gray(stroke.gray);
                c.set_line_width(stroke.width);
                // Lines at 45 degrees, from below-left of the box to above-right, covering it.
                let spacing = spacing.max(1.0);
                let mut offset = -*h;
                while offset < *w {
                    c.move_to(x + offset, *y);
                    c.line_to(x + offset + h, y + h);
                    offset += spacing;
                }
                c.stroke();
                c.restore_state();
            }
        }
    }
    c.finish().to_vec()
}
