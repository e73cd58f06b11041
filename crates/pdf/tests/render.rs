//! Renders plans and reads the PDFs back with lopdf.

use eenplan_pdf::{BarChart, Block, PlanDocument, Section, render};
use proptest::prelude::*;

fn sample() -> PlanDocument {
    PlanDocument {
        title: "Ons plan — familie Jansen".into(),
        subtitle: "Versie 3, afgesproken op 12-03-2026".into(),
        sections: vec![
            Section {
                heading: "Wat wij willen bereiken".into(),
                blocks: vec![
                    Block::Paragraph(
                        "Marco en Zoë willen weer grip op hun financiën. Ze sparen elke maand € 250 voor de energierekening, \
                         zodat er in de winter geen achterstand ontstaat. Zoë’s school en de “thuissituatie” krijgen ook aandacht."
                            .into(),
                    ),
                    Block::Bullets(vec![
                        "Schulden in beeld – samen met de budgetcoach".into(),
                        "Zoë gaat twee middagen per week naar de naschoolse opvang".into(),
                        "Marco solliciteert bij drie werkgevers per maand; café-werk is ook een optie".into(),
                    ]),
                    Block::Note("Bron: keukentafelgesprek van 12-03-2026, naïeve aannames zijn nagevraagd.".into()),
                ],
            },
            Section {
                heading: "Afspraken".into(),
                blocks: vec![Block::Table {
                    headers: vec!["Wie".into(), "Doet wat".into(), "Wanneer".into()],
                    rows: vec![
                        vec!["Marco".into(), "Belt de Kredietbank over een betalingsregeling".into(), "vóór 1 april".into()],
                        vec!["Contactpersoon".into(), "Regelt een gesprek met de school van Zoë".into(), "deze maand".into()],
                        vec!["Zoë".into(), "Vertelt op school wat ze lastig vindt".into(), "wekelijks".into()],
                    ],
                }],
            },
        ],
        chart: Some(BarChart {
            title: "Zelfredzaamheid per leefgebied".into(),
            first_label: "Eerste meting".into(),
            latest_label: "Laatste meting".into(),
            min: 1,
            max: 5,
            rows: vec![
                ("Financiën".into(), Some(2), Some(3)),
                ("Wonen".into(), Some(4), Some(4)),
                ("Gezondheid".into(), None, Some(3)),
                ("Dagbesteding".into(), Some(1), None),
            ],
            not_scored: "niet gescoord".into(),
        }),
        money_chart: None,
        signatures: vec!["Handtekening Marco Jansen".into(), "Handtekening contactpersoon".into()],
        footer: "Eenplan · vertrouwelijk".into(),
        page_label: "pagina {x} van {n}".into(),
        date_label: "Datum:".into(),
    }
}

/// The text of each page, in page order.
fn page_texts(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf loads the PDF");
    doc.get_pages().keys().map(|&n| doc.extract_text(&[n]).expect("text extracts")).collect()
}

fn all_text(bytes: &[u8]) -> String {
    page_texts(bytes).join("\n")
}

fn long_document() -> PlanDocument {
    let mut doc = sample();
    let paragraphs = (1..=120)
        .map(|i| Block::Paragraph(format!("Alinea {i}: de buurtcoach en het gezin bespreken de voortgang van het plan en de financiën.")))
        .collect();
    let rows =
        (1..=60).map(|i| vec![format!("rij-{i:02}"), format!("Actie {i} met een wat langere omschrijving"), "maart".into()]).collect();
    doc.sections.push(Section { heading: "Verslag".into(), blocks: paragraphs });
    doc.sections.push(Section {
        heading: "Alle acties".into(),
        blocks: vec![Block::Table { headers: vec!["Kolom-nummer".into(), "Kolom-actie".into(), "Kolom-maand".into()], rows }],
    });
    doc
}

#[test]
fn text_is_extractable_with_diacritics() {
    let text = all_text(&render(&sample()));
    for expected in [
        "Ons plan — familie Jansen",
        "Versie 3, afgesproken op 12-03-2026",
        "Wat wij willen bereiken",
        "Afspraken",
        "Zelfredzaamheid per leefgebied",
        "financiën",
        "€ 250",
        "Zoë",
        "Zoë’s",
        "“thuissituatie”",
        "Schulden in beeld – samen",
        "naïeve",
        "café-werk",
        "vóór 1 april",
        "Belt de Kredietbank",
        "Eerste meting",
        "Laatste meting",
        "niet gescoord",
        "Handtekening Marco Jansen",
        "Handtekening contactpersoon",
        "Datum:",
        "Eenplan · vertrouwelijk",
        "pagina 1 van 1",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn long_documents_get_several_pages_each_with_page_x_of_n() {
    let pages = page_texts(&render(&long_document()));
    let n = pages.len();
    assert!(n >= 4, "expected several pages, got {n}");
    for (i, page) in pages.iter().enumerate() {
        let label = format!("pagina {} van {n}", i + 1);
        assert!(page.contains(&label), "page {} lacks {label:?}", i + 1);
        assert!(page.contains("Eenplan · vertrouwelijk"));
    }
    let text = pages.join("\n");
    for i in 1..=120 {
        assert!(text.contains(&format!("Alinea {i}:")), "paragraph {i} lost");
    }
    for i in 1..=60 {
        assert_eq!(text.matches(&format!("rij-{i:02}")).count(), 1, "row {i} lost or split");
    }
}

#[test]
fn table_header_repeats_on_every_page_the_table_continues_on() {
    let pages = page_texts(&render(&long_document()));
    let table_pages: Vec<&String> = pages.iter().filter(|p| p.contains("rij-")).collect();
    assert!(table_pages.len() >= 2, "the 60-row table should span pages");
    for page in table_pages {
        let header = page.find("Kolom-actie").expect("header row on every table page");
        assert!(header < page.find("rij-").unwrap(), "header comes before the rows");
    }
}

/// The lines of a page without the footer (its last two lines).
fn content_lines(page: &str) -> Vec<&str> {
    let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[..lines.len().saturating_sub(2)].to_vec()
}

#[test]
fn headings_are_never_the_last_line_of_a_page() {
    for filler in 30..50 {
        let mut doc = sample();
        doc.sections = (0..12)
            .map(|s| Section {
                heading: format!("Kop {s}"),
                blocks: (0..(filler / 3 + s % 4)).map(|p| Block::Paragraph(format!("Tekst {s}.{p} ").repeat(1 + p % 5))).collect(),
            })
            .collect();
        for page in page_texts(&render(&doc)) {
            let lines = content_lines(&page);
            if let Some(pos) = lines.iter().position(|l| l.starts_with("Kop ")) {
                let heading = lines.iter().rposition(|l| l.starts_with("Kop ")).unwrap_or(pos);
                assert!(lines.len() - heading > 2, "heading {:?} without two lines after it on its page", lines[heading]);
            }
        }
    }
}

#[test]
fn signature_boxes_stay_together() {
    for filler in 20..50 {
        let mut doc = sample();
        doc.sections[0].blocks.extend((0..filler).map(|i| Block::Paragraph(format!("Opvulling {i}"))));
        doc.signatures = (1..=5).map(|i| format!("Handtekening persoon {i}")).collect();
        let pages = page_texts(&render(&doc));
        for page in &pages {
            assert_eq!(page.matches("Handtekening persoon").count(), page.matches("Datum:").count(), "a box was split:\n{page}");
        }
        assert_eq!(pages.iter().map(|p| p.matches("Datum:").count()).sum::<usize>(), 5);
    }
}

/// What a page draws: rectangles (`re`: x, y, w, h) and text positions (`Tm`: x, y).
type Drawn = (Vec<[f32; 4]>, Vec<[f32; 2]>);

/// What every page draws, from the content streams.
fn drawn_boxes_and_text_positions(bytes: &[u8]) -> Vec<Drawn> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    doc.get_pages()
        .values()
        .map(|&id| {
            let content = lopdf::content::Content::decode(&doc.get_page_content(id)).unwrap();
            let numbers = |op: &lopdf::content::Operation| op.operands.iter().map(|o| o.as_float().unwrap()).collect::<Vec<f32>>();
            let rects = content.operations.iter().filter(|op| op.operator == "re").map(|op| numbers(op).try_into().unwrap()).collect();
            let texts = content.operations.iter().filter(|op| op.operator == "Tm").map(|op| [numbers(op)[4], numbers(op)[5]]).collect();
            (rects, texts)
        })
        .collect()
}

#[test]
fn nothing_but_the_footer_is_drawn_in_the_margins() {
    const MARGIN: f32 = 56.69;
    const FOOTER_BASELINE: f32 = MARGIN - 28.0;
    for filler in [0, 20, 31, 37, 44, 52] {
        let mut doc = long_document();
        doc.sections[0].blocks.extend((0..filler).map(|i| Block::Paragraph(format!("Opvulling {i}"))));
        doc.signatures = (1..=5).map(|i| format!("Handtekening persoon {i}")).collect();
        let sections = doc.sections.split_off(2);
        doc.sections.splice(0..0, sections);
        for (page, (rects, texts)) in drawn_boxes_and_text_positions(&render(&doc)).into_iter().enumerate() {
            for [x, y, w, h] in rects {
                let inside = x >= MARGIN - 0.01 && x + w <= 595.28 - MARGIN + 0.01 && y >= MARGIN - 0.01 && y + h <= 841.89 - MARGIN + 0.01;
                assert!(inside, "box {:?} outside the margins on page {}", [x, y, w, h], page + 1);
            }
            for [x, y] in texts {
                let inside = y >= MARGIN || (y - FOOTER_BASELINE).abs() < 0.01;
                assert!(inside && x >= MARGIN - 0.01 && y <= 841.89 - MARGIN, "text at {x},{y} on page {}", page + 1);
            }
        }
    }
}

#[test]
fn unsupported_characters_become_question_marks() {
    let mut doc = sample();
    doc.title = "Plan 😀 voor 王".into();
    doc.sections[0].blocks.push(Block::Paragraph("Smiley 😀 en 中文 tekst".into()));
    let bytes = render(&doc);
    let text = all_text(&bytes);
    assert!(text.contains("Plan ? voor ?"), "{text}");
    assert!(text.contains("Smiley ? en ?? tekst"), "{text}");
}

#[test]
fn output_is_a_deterministic_pdf() {
    let a = render(&long_document());
    let b = render(&long_document());
    assert!(a.starts_with(b"%PDF-"));
    assert_eq!(a, b);
}

#[test]
fn metadata_is_set() {
    let bytes = render(&sample());
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_object(info_id).unwrap().as_dict().unwrap();
    let field = |key: &[u8]| lopdf::decode_text_string(info.get(key).unwrap()).unwrap();
    assert_eq!(field(b"Title"), "Ons plan — familie Jansen");
    assert_eq!(field(b"Producer"), "Eenplan");
    assert_eq!(field(b"Creator"), "Eenplan");
    let lang = doc.catalog().unwrap().get(b"Lang").unwrap();
    assert_eq!(lopdf::decode_text_string(lang).unwrap(), "nl-NL");
    // A4 portrait.
    let (_, page_id) = doc.get_pages().into_iter().next().unwrap();
    let media_box = doc.get_object(page_id).unwrap().as_dict().unwrap().get(b"MediaBox").unwrap().as_array().unwrap().clone();
    let size: Vec<f32> = media_box.iter().map(|v| v.as_float().unwrap()).collect();
    assert!((size[2] - 595.28).abs() < 0.1 && (size[3] - 841.89).abs() < 0.1, "{size:?}");
}

#[test]
fn empty_document_still_renders_one_page() {
    let doc = PlanDocument {
        title: String::new(),
        subtitle: String::new(),
        sections: vec![Section { heading: String::new(), blocks: vec![Block::Table { headers: vec![], rows: vec![] }] }],
        chart: Some(BarChart {
            title: String::new(),
            first_label: String::new(),
            latest_label: String::new(),
            min: 9,
            max: 0,
            rows: vec![(String::new(), Some(200), Some(0))],
            not_scored: String::new(),
        }),
        money_chart: None,
        signatures: vec![],
        footer: String::new(),
        page_label: "{x}/{n}".into(),
        date_label: "Datum:".into(),
    };
    let pages = page_texts(&render(&doc));
    assert_eq!(pages.len(), 1);
    assert!(pages[0].contains("1/1"));
}

#[test]
fn pathological_inputs_render_within_the_margins() {
    let mut doc = sample();
    doc.title = "T".repeat(3000);
    doc.footer = "voet ".repeat(500);
    doc.page_label = "{x}{n}".repeat(100);
    doc.sections.push(Section {
        heading: "Kop ".repeat(2000),
        blocks: vec![
            Block::Table { headers: (0..150).map(|i| format!("k{i}")).collect(), rows: vec![vec!["w".repeat(400)]] },
            Block::Table { headers: vec!["h".repeat(9000)], rows: vec![vec!["regel\n".repeat(400), "x".into()]] },
            Block::Bullets(vec!["\n".repeat(300)]),
        ],
    });
    let chart = doc.chart.as_mut().unwrap();
    chart.rows = (0..80).map(|i| ("domein ".repeat(i), Some(i as u8), Some(255))).collect();
    chart.max = 255;
    chart.not_scored = "n".repeat(1000);
    chart.first_label = "eerste ".repeat(300);
    doc.signatures = vec!["naam ".repeat(1000); 3];
    let bytes = render(&doc);
    for (page, (rects, texts)) in drawn_boxes_and_text_positions(&bytes).into_iter().enumerate() {
        for [_, y, _, h] in rects {
            assert!(y >= 56.68 && y + h <= 841.89 - 56.68, "box off the page body on page {}", page + 1);
        }
        for [_, y] in texts {
            assert!(y <= 841.89 - 56.68 && y > 20.0, "text off the page on page {}", page + 1);
        }
    }
    assert!(page_texts(&bytes).len() > 5);
}

/// Writes an example to /tmp/plan-example.pdf for a look: `cargo test -p eenplan-pdf -- --ignored`.
#[test]
#[ignore]
fn write_example() {
    let mut doc = long_document();
    let chart = doc.chart.take();
    doc.sections.truncate(2);
    doc.sections[1].blocks.push(Block::Paragraph("Een lange tabel volgt in het verslag.".into()));
    doc.sections.extend(long_document().sections.into_iter().skip(2).map(|mut s| {
        s.blocks.truncate(20);
        s
    }));
    doc.chart = chart;
    std::fs::write("/tmp/plan-example.pdf", render(&doc)).unwrap();
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[a-zA-Zëéïöü€ \n]{0,300}", "\\PC{0,40}"]
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        text().prop_map(Block::Paragraph),
        text().prop_map(Block::Note),
        prop::collection::vec(text(), 0..4).prop_map(Block::Bullets),
        (prop::collection::vec(text(), 0..4), prop::collection::vec(prop::collection::vec(text(), 0..5), 0..6))
            .prop_map(|(headers, rows)| Block::Table { headers, rows }),
    ]
}

fn document() -> impl Strategy<Value = PlanDocument> {
    let section = (text(), prop::collection::vec(block(), 0..4)).prop_map(|(heading, blocks)| Section { heading, blocks });
    let row = (text(), any::<Option<u8>>(), any::<Option<u8>>());
    let chart = (text(), text(), text(), any::<u8>(), any::<u8>(), prop::collection::vec(row, 0..6), text()).prop_map(
        |(title, first_label, latest_label, min, max, rows, not_scored)| BarChart {
            title,
            first_label,
            latest_label,
            min,
            max,
            rows,
            not_scored,
        },
    );
    (text(), text(), prop::collection::vec(section, 0..4), prop::option::of(chart), prop::collection::vec(text(), 0..4), text(), text())
        .prop_map(|(title, subtitle, sections, chart, signatures, footer, page_label)| PlanDocument {
            title,
            subtitle,
            sections,
            chart,
            money_chart: None,
            signatures,
            footer,
            date_label: page_label.chars().rev().collect(),
            page_label,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_input_gives_a_loadable_pdf(doc in document()) {
        let bytes = render(&doc);
        prop_assert!(bytes.starts_with(b"%PDF-"));
        let pdf = lopdf::Document::load_mem(&bytes).expect("lopdf loads the PDF");
        let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
        prop_assert!(!pages.is_empty());
        pdf.extract_text(&pages).expect("text extracts");
    }
}
