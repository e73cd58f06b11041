//! The cost-benefit calculator page: a template prefills, a calculation shows who pays and who
//! benefits, a bad row gets a message at its field, and a code-less template row asks for an amount.

mod common;

use eenplan_domain::Role;

/// Every input of the page's calculator form with its value, as a browser would send them.
fn form_values(body: &str) -> Vec<(String, String)> {
    let form = body.split("id=\"kba\"").nth(1).unwrap();
    form.split("<input ")
        .skip(1)
        .filter_map(|tag| {
            let attr = |name: &str| tag.split(&format!("{name}=\"")).nth(1).map(|v| v.split('"').next().unwrap().to_string());
            Some((attr("name")?, attr("value").unwrap_or_default()))
        })
        .collect()
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
    }
    let ok = b.post("/kosten-baten", &refs(&values)).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body.contains("Wie betaalt, wie profiteert") && ok.body.contains("Gemeente (Participatiewet)"));
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
