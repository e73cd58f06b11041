//! The cost-benefit calculator page: a template prefills, a calculation shows who pays and who
//! benefits, a bad row gets a message at its field, and a code-less template row asks for an amount.
//! An own amount says per what it is and who pays it; with a code, a choice overrides the price list.

mod common;

use eenplan_domain::Role;

/// The value of attribute `name` in the markup after a tag's name.
fn attr(tag: &str, name: &str) -> Option<String> {
    tag.split(&format!("{name}=\"")).nth(1).map(|v| v.split('"').next().unwrap().to_string())
}

/// Every input and select of the page's calculator form with its value, as a browser would send them.
fn form_values(body: &str) -> Vec<(String, String)> {
    let form = body.split("id=\"kba\"").nth(1).unwrap();
    let inputs = form.split("<input ").skip(1).filter_map(|tag| Some((attr(tag, "name")?, attr(tag, "value").unwrap_or_default())));
    let selects = form.split("<select ").skip(1).filter_map(|select| {
        let (tag, options) = select.split_once("</select>")?.0.split_once('>')?;
        let chosen = options.split("<option ").skip(1).find(|o| o.split('>').next().unwrap().contains(" selected"));
        Some((attr(tag, "name")?, chosen.and_then(|o| attr(o, "value")).unwrap_or_default()))
    });
    inputs.chain(selects).collect()
}

fn refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn set(values: &mut [(String, String)], name: &str, value: &str) {
    values.iter_mut().find(|(k, _)| k == name).unwrap_or_else(|| panic!("field {name}")).1 = value.to_string();
}

app_test!(a_template_is_calculated_and_a_bad_row_is_named, |app| {
    let mut b = app.session_for(Role::Worker).await;
    let page = b.get("/kosten-baten?sjabloon=benefits_without_work").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("value=\"bijstand_alleenstaande\""), "the template is prefilled from the catalogue");
    let mut values = form_values(&page.body);
    // Rows the catalogue cannot price (the tailored solution itself) get the worker's own amount.
    let unpriced: Vec<String> = values
        .iter()
        .filter(|(k, v)| k.ends_with("_label") && !v.is_empty())
        .map(|(k, _)| k.trim_end_matches("_label").to_string())
        .filter(|row| values.iter().any(|(k, v)| *k == format!("{row}_code") && v.is_empty()))
        .collect();
    for row in unpriced {
        set(&mut values, &format!("{row}_amount"), "1500");
        set(&mut values, &format!("{row}_unit"), "once");
        set(&mut values, &format!("{row}_stakeholder"), "gemeente_overig");
    }
    let ok = b.post("/kosten-baten", &refs(&values)).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body.contains("Wie betaalt, wie profiteert") && ok.body.contains("<th scope=\"row\">Gemeente (Participatiewet)</th>"));
    assert!(ok.body.contains("In 80 % van de berekeningen"), "the uncertainty is in words");
    set(&mut values, "without_0_probability", "150");
    let bad = b.post("/kosten-baten", &refs(&values)).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("without_0_probability-error") && bad.body.contains("Vul een kans tussen 0 en 100 in"));
    assert!(bad.body.contains("value=\"150\""), "what was typed is kept");

    // The eviction template's tailored solution has no catalogue price: the worker must give an amount.
    let eviction = b.get("/kosten-baten?sjabloon=threatened_eviction").await;
    let values = form_values(&eviction.body);
    let asked = b.post("/kosten-baten", &refs(&values)).await;
    assert_eq!(asked.status, 422);
    assert!(asked.body.contains("Vul een bedrag van 0 of meer in, of een code uit de prijslijst"), "{}", asked.body);
});

/// The empty calculator's form with a 12-month horizon, no discounting and these rows filled in.
async fn own_rows(b: &mut common::Browser, rows: &[(&str, &[(&str, &str)])]) -> Vec<(String, String)> {
    let page = b.get("/kosten-baten").await;
    let mut values = form_values(&page.body);
    set(&mut values, "horizon_months", "12");
    set(&mut values, "discount_rate", "0");
    for (row, fields) in rows {
        for (field, value) in *fields {
            set(&mut values, &format!("{row}_{field}"), value);
        }
    }
    values
}

app_test!(an_own_amount_is_per_month_for_the_payer_chosen_and_a_choice_overrides_the_price_list, |app| {
    let mut b = app.session_for(Role::Worker).await;
    // 100 a month for 12 months without the tailored solution, 1,200 once with it: the same cost.
    let monthly: &[(&str, &str)] =
        &[("label", "Schuldhulp"), ("amount", "100"), ("unit", "per_month"), ("stakeholder", "gemeente_wgs"), ("duration_months", "12")];
    let once: &[(&str, &str)] = &[("label", "Schuldhulp"), ("amount", "1200"), ("unit", "once"), ("stakeholder", "gemeente_wgs")];
    let values = own_rows(&mut b, &[("without_0", monthly), ("with_0", once)]).await;
    let page = b.post("/kosten-baten", &refs(&values)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    // 12 × € 100, raised by the optimism bias for an own amount (grade 6: 40 %) to € 1.680.
    assert!(
        page.body.contains(
            "<th scope=\"row\">Gemeente (schuldhulp)</th><td class=\"num\">€ 1.680,00</td><td class=\"num\">€ 1.680,00</td><td class=\"num\">€ 0,00</td>"
        ),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<th scope=\"row\">Gemeente (overig)</th>"), "nothing falls back to the municipality's other costs");
    assert!(page.body.contains("<option value=\"per_month\" selected>per maand</option>"), "the choice is shown again");

    // A price-list row with a payer chosen: that payer, not the price list's, bears its cost.
    let benefit: &[(&str, &str)] = &[("code", "bijstand_alleenstaande"), ("stakeholder", "huishouden"), ("duration_months", "12")];
    let values = own_rows(&mut b, &[("without_0", benefit), ("with_0", once)]).await;
    let page = b.post("/kosten-baten", &refs(&values)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<th scope=\"row\">Het huishouden</th>"), "{}", page.body);
    assert!(!page.body.contains("<th scope=\"row\">Gemeente (Participatiewet)</th>"));
});

app_test!(an_own_amount_without_unit_or_payer_is_named_and_kept, |app| {
    let mut b = app.session_for(Role::Worker).await;
    let no_unit: &[(&str, &str)] = &[("label", "Budgetcoach"), ("amount", "1500"), ("stakeholder", "gemeente_wgs")];
    let no_payer: &[(&str, &str)] = &[("label", "Eigen bijdrage"), ("amount", "250"), ("unit", "per_year"), ("duration_months", "12")];
    let values = own_rows(&mut b, &[("without_0", no_unit), ("with_0", no_payer)]).await;
    let page = b.post("/kosten-baten", &refs(&values)).await;
    assert_eq!(page.status, 422, "{}", page.body);
    let select = |name: &str| page.body.split(&format!("<select id=\"{name}\"")).nth(1).unwrap().split('>').next().unwrap().to_string();
    assert!(select("without_0_unit").contains("aria-invalid=\"true\" aria-describedby=\"without_0_unit-error\""));
    assert!(page.body.contains("<p class=\"field-error\" id=\"without_0_unit-error\">Kies eenmalig, per maand of per jaar.</p>"));
    assert!(select("with_0_stakeholder").contains("aria-describedby=\"with_0_stakeholder-error\""));
    assert!(page.body.contains("<p class=\"field-error\" id=\"with_0_stakeholder-error\">Kies wie dit betaalt.</p>"));
    assert!(
        select("without_0_unit").contains("aria-label=\"Eenheid 1\"")
            && select("with_0_stakeholder").contains("aria-label=\"Wie betaalt 1\"")
    );
    // What was typed and chosen is kept.
    assert!(page.body.contains("value=\"Budgetcoach\"") && page.body.contains("value=\"1500\""));
    assert!(page.body.contains("<option value=\"gemeente_wgs\" selected>Gemeente (schuldhulp)</option>"));
    assert!(page.body.contains("<option value=\"per_year\" selected>per jaar</option>"));
    assert!(!page.body.contains("Wie betaalt, wie profiteert"), "nothing is calculated");
});
