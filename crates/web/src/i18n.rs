//! Dutch first, English second: every text a user reads comes from `locales/{nl,en}/*.ftl`.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "nl",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == s)
    }

    /// The first supported language in an Accept-Language header, else Dutch.
    pub fn from_accept_language(header: &str) -> Lang {
        header
            .split(',')
            .filter_map(|p| p.split(';').next())
            .filter_map(|tag| Lang::parse(tag.trim().get(..2)?.to_ascii_lowercase().as_str()))
            .next()
            .unwrap_or_default()
    }

    fn id(self) -> LanguageIdentifier {
        self.code().parse().expect("valid language tag")
    }
}

/// The translator handed to every template.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    /// The text for `key`; a missing key shows as the key itself (and the i18n test fails).
    pub fn t(&self, key: &str) -> String {
        LOCALES.try_lookup(&self.lang.id(), key).unwrap_or_else(|| key.to_string())
    }

    /// The text for `key` with one named argument.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Owned(name.to_string()), FluentValue::from(value.to_string()));
        LOCALES.try_lookup_with_args(&self.lang.id(), key, &args).unwrap_or_else(|| key.to_string())
    }

    /// The text for `key` with several named arguments.
    pub fn ta(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        for (k, v) in args {
            map.insert(Cow::Owned(k.to_string()), FluentValue::from(v.to_string()));
        }
        LOCALES.try_lookup_with_args(&self.lang.id(), key, &map).unwrap_or_else(|| key.to_string())
    }

    /// The label of a coded value: `prefix-code`.
    pub fn code(&self, prefix: &str, code: &str) -> String {
        self.t(&format!("{prefix}-{code}"))
    }

    /// A number with `places` decimals: a decimal comma in Dutch, a point in English.
    pub fn decimal(&self, x: f64, places: usize) -> String {
        let text = format!("{x:.places$}");
        if self.lang.code() == "nl" { text.replace('.', ",") } else { text }
    }

    /// The text for `key` in the household's voice when `household` is true and the portal has its own
    /// (`portal-KEY`, plain Dutch with "u"), otherwise the staff text.
    pub fn voiced(&self, household: bool, key: &str) -> String {
        let own = format!("portal-{key}");
        if household && self.has(&own) { self.t(&own) } else { self.t(key) }
    }

    pub fn has(&self, key: &str) -> bool {
        LOCALES.try_lookup(&self.lang.id(), key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(lang: &str) -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang);
        let mut keys = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some((k, _)) = line.split_once(" =")
                    && !k.starts_with(['#', ' ', '.'])
                    && !k.is_empty()
                {
                    keys.push(k.trim().to_string());
                }
            }
        }
        keys.sort();
        keys
    }

    #[test]
    fn dutch_and_english_have_the_same_keys() {
        assert_eq!(keys("nl"), keys("en"));
    }

    #[test]
    fn every_key_used_in_templates_and_code_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let known = keys("nl");
        let mut missing = Vec::new();
        for dir in ["templates", "src"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for pattern in [".t(\"", ".t1(\"", ".ta(\""] {
                    for quote in text.split(pattern).skip(1) {
                        let key = quote.split('"').next().unwrap();
                        if !key.is_empty() && !known.iter().any(|k| k == key) {
                            missing.push(key.to_string());
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys used but not in locales: {missing:?}");
    }

    #[test]
    fn every_coded_value_has_a_label_in_both_languages() {
        use eenplan_domain::household::*;
        let mut codes: Vec<(String, &str)> = Vec::new();
        codes.extend(Referrer::ALL.iter().map(|v| ("referrer".to_string(), v.code())));
        codes.extend(Urgency::ALL.iter().map(|v| ("urgency".to_string(), v.code())));
        codes.extend(LifeDomain::ALL.iter().map(|v| ("domain".to_string(), v.code())));
        codes.extend(MemberRole::ALL.iter().map(|v| ("member-role".to_string(), v.code())));
        codes.extend(ContactType::ALL.iter().map(|v| ("contact-type".to_string(), v.code())));
        codes.extend(Law::ALL.iter().map(|v| ("law".to_string(), v.code())));
        codes.extend(CloseReason::ALL.iter().map(|v| ("close-reason".to_string(), v.code())));
        codes.extend(Status::ALL.iter().map(|v| ("status".to_string(), v.code())));
        codes.extend(eenplan_domain::team::TeamKind::ALL.iter().map(|v| ("team-kind".to_string(), v.as_str())));
        codes.extend(eenplan_domain::Role::ALL.iter().map(|v| ("role".to_string(), v.as_str())));
        for lang in Lang::ALL {
            for (prefix, code) in &codes {
                assert!(Tr::new(lang).has(&format!("{prefix}-{code}")), "{lang:?} misses {prefix}-{code}");
            }
        }
    }

    #[test]
    fn accept_language_picks_a_supported_language() {
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("de-DE,nl;q=0.5"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("fr"), Lang::Nl);
        assert_eq!(Tr::new(Lang::En).t("app-name"), "Eenplan");
        assert_ne!(Tr::new(Lang::En).t("login-title"), Tr::new(Lang::Nl).t("login-title"));
    }
}
