//! Form state for pages: what the user typed and, per field, what is wrong — so a form comes back
//! with its values kept and a message next to each field (DONE.md: "forms keep what the user typed").

use crate::i18n::Tr;
use eenplan_domain::household::FieldError;
use std::collections::HashMap;

/// A urlencoded form body as its fields; a body that is not one is a bad request.
pub fn form_pairs(body: &[u8]) -> crate::error::WebResult<Vec<(String, String)>> {
    serde_urlencoded::from_bytes(body).map_err(|_| crate::error::WebError::new(crate::error::ErrorKind::BadRequest))
}

#[derive(Debug, Clone, Default)]
pub struct FormState {
    /// Which form on the page these values belong to.
    pub form: String,
    pub values: HashMap<String, String>,
    pub errors: HashMap<String, String>,
    /// A message for the whole form (a conflict, a duplicate).
    pub summary: Option<String>,
    /// Current values that selects show when the user has not typed into their form.
    pub defaults: HashMap<String, String>,
}

impl FormState {
    pub fn new(form: &str, values: &[(String, String)]) -> FormState {
        let mut map: HashMap<String, String> = HashMap::new();
        for (k, v) in values {
            // Checkbox groups arrive as repeated keys: keep them comma-joined.
            map.entry(k.clone())
                .and_modify(|e| {
                    e.push(',');
                    e.push_str(v);
                })
                .or_insert_with(|| v.clone());
        }
        FormState { form: form.to_string(), values: map, ..Default::default() }
    }

    /// The value typed into `field` of `form`; for another form the current value, if any.
    pub fn val(&self, form: &str, field: &str) -> String {
        let from = if self.form == form { &self.values } else { &self.defaults };
        from.get(field).cloned().unwrap_or_default()
    }

    /// Whether `value` is among the chosen values of a checkbox group or select.
    pub fn has(&self, form: &str, field: &str, value: &str) -> bool {
        let chosen = if self.form == form { self.values.get(field) } else { self.defaults.get(field) };
        chosen.is_some_and(|v| v.split(',').any(|x| x == value))
    }

    pub fn err(&self, form: &str, field: &str) -> Option<String> {
        if self.form == form { self.errors.get(field).cloned() } else { None }
    }

    pub fn summary_for(&self, form: &str) -> Option<String> {
        if self.form == form { self.summary.clone() } else { None }
    }

    pub fn raw(&self, field: &str) -> &str {
        self.values.get(field).map(String::as_str).unwrap_or("")
    }

    /// Runs a field parser; on error records the translated message and returns `None`.
    pub fn check<T>(&mut self, tr: Tr, field: &str, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                let msg = match e {
                    FieldError::TooLong(n) => tr.t1("err-too-long", "max", &n.to_string()),
                    other => tr.t(other.key()),
                };
                self.errors.insert(field.to_string(), msg);
                None
            }
        }
    }

    /// The version the form was based on (a hidden field); -1 when missing, which never matches.
    pub fn version(&self) -> i64 {
        self.raw("version").parse().unwrap_or(-1)
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty() && self.summary.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_values_per_form_and_joins_checkboxes() {
        let f = FormState::new(
            "member",
            &[("name".into(), "Anna".into()), ("domains".into(), "finances".into()), ("domains".into(), "housing".into())],
        );
        assert_eq!(f.val("member", "name"), "Anna");
        assert_eq!(f.val("contact", "name"), "");
        assert!(f.has("member", "domains", "housing") && !f.has("member", "domains", "justice"));
    }
}
