//! The life-domain assessment instrument as data.
//!
//! An instrument is a TOML file (see `data/instruments/`) that lists the life domains (*leefgebieden*)
//! with a self-reliance scale each, plus the open conversation fields. This module parses and
//! validates such a file; it does no IO: the caller reads the files and passes their text in.
//!
//! Every error names the file and the 1-based line of the offending item, so a team that edits its
//! own instrument can find the mistake.

use std::collections::HashMap;

use serde::Deserialize;
use toml::Spanned;

/// A text in Dutch and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub nl: String,
    pub en: String,
}

impl Text {
    /// The text in `lang`: English for `"en"`, Dutch for anything else.
    pub fn get(&self, lang: &str) -> &str {
        if lang == "en" { &self.en } else { &self.nl }
    }
}

/// One step of a domain's scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub score: u8,
    pub label: Text,
    pub description: Text,
}

/// A life domain with its scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainDef {
    pub code: String,
    pub name: Text,
    /// Ascending by score: 1, 2, 3, … without gaps.
    pub levels: Vec<Level>,
}

impl DomainDef {
    /// The lowest score of the scale (0 if the domain has no levels, which a parsed one never has).
    pub fn min(&self) -> u8 {
        self.levels.iter().map(|l| l.score).min().unwrap_or(0)
    }

    /// The highest score of the scale (0 if the domain has no levels, which a parsed one never has).
    pub fn max(&self) -> u8 {
        self.levels.iter().map(|l| l.score).max().unwrap_or(0)
    }

    pub fn level(&self, score: u8) -> Option<&Level> {
        self.levels.iter().find(|l| l.score == score)
    }
}

/// An open question of the conversation, answered in the household's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationField {
    pub code: String,
    pub label: Text,
    pub hint: Text,
}

/// A parsed and validated instrument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instrument {
    pub id: String,
    pub version: String,
    pub licence: String,
    pub source: String,
    pub name: Text,
    pub description: Text,
    pub conversation: Vec<ConversationField>,
    pub domains: Vec<DomainDef>,
}

/// Why an instrument file was rejected, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct InstrumentError {
    pub file: String,
    /// 1-based.
    pub line: usize,
    pub reason: String,
}

/// Why a score does not fit an instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    #[error("unknown life domain")]
    UnknownDomain,
    #[error("score outside the scale {min}–{max}")]
    OutOfScale { min: u8, max: u8 },
}

impl Instrument {
    /// Parses and validates one instrument file; `file` is the name used in errors.
    pub fn parse(file: &str, text: &str) -> Result<Instrument, InstrumentError> {
        let err = |offset: usize, reason: String| InstrumentError { file: file.to_string(), line: line_at(text, offset), reason };
        let raw: RawInstrument = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            err(offset, e.message().trim().to_string())
        })?;
        raw.validate(text).map_err(|(offset, reason)| err(offset, reason))
    }

    pub fn domain(&self, code: &str) -> Option<&DomainDef> {
        self.domains.iter().find(|d| d.code == code)
    }

    /// A score for a domain, checked against that domain's scale.
    pub fn check_score(&self, domain: &str, score: i64) -> Result<u8, ScoreError> {
        let def = self.domain(domain).ok_or(ScoreError::UnknownDomain)?;
        u8::try_from(score)
            .ok()
            .and_then(|s| def.level(s))
            .map(|l| l.score)
            .ok_or(ScoreError::OutOfScale { min: def.min(), max: def.max() })
    }
}

/// The file name and text of the instrument Eenplan ships (built into the program, so it runs from
/// anywhere); a municipality adds its own files beside it.
pub const BUILTIN: (&str, &str) = ("eenplan-leefgebieden.toml", include_str!("../../../data/instruments/eenplan-leefgebieden.toml"));

/// The instrument Eenplan ships, parsed (its validity is a test).
pub fn builtin() -> Vec<Instrument> {
    vec![Instrument::parse(BUILTIN.0, BUILTIN.1).expect("the built-in instrument is valid (tested)")]
}

/// Parses every (file name, text) pair; a second instrument with the same id and version is an error
/// (reported at the second file, line 1). Returns them sorted by id, then version.
pub fn load_all(files: &[(String, String)]) -> Result<Vec<Instrument>, InstrumentError> {
    let mut seen: HashMap<(String, String), &str> = HashMap::new();
    let mut all = Vec::with_capacity(files.len());
    for (file, text) in files {
        let instrument = Instrument::parse(file, text)?;
        let key = (instrument.id.clone(), instrument.version.clone());
        if let Some(first) = seen.insert(key, file) {
            return Err(InstrumentError {
                file: file.clone(),
                line: 1,
                reason: format!("instrument `{}` version `{}` is already defined in {first}", instrument.id, instrument.version),
            });
        }
        all.push(instrument);
    }
    all.sort_by(|a, b| (&a.id, &a.version).cmp(&(&b.id, &b.version)));
    Ok(all)
}

/// The 1-based line that holds byte `offset` of `text` (shared by the other TOML data parsers).
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    1 + text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count()
}

// The file as written, with the byte spans needed to point at mistakes.

/// A semantic error: the byte offset of the offending item and the reason.
pub(crate) type Invalid = (usize, String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstrument {
    id: Spanned<String>,
    version: Spanned<String>,
    licence: Spanned<String>,
    source: Spanned<String>,
    name: RawText,
    description: RawText,
    #[serde(default)]
    conversation: Vec<RawConversation>,
    #[serde(default)]
    domain: Vec<Spanned<RawDomain>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawText {
    nl: Spanned<String>,
    en: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConversation {
    code: Spanned<String>,
    label: RawText,
    hint: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDomain {
    code: Spanned<String>,
    name: RawText,
    #[serde(default, rename = "level")]
    levels: Vec<Spanned<RawLevel>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    score: Spanned<i64>,
    label: RawText,
    description: RawText,
}

pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(crate) fn is_version(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

/// A snake_case code: a lowercase letter, then lowercase letters, digits or underscores.
pub(crate) fn is_code(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase()) && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A required, non-blank string field.
pub(crate) fn required(field: &Spanned<String>, what: &str) -> Result<String, Invalid> {
    if field.get_ref().trim().is_empty() {
        return Err((field.span().start, format!("{what} must not be empty")));
    }
    Ok(field.get_ref().clone())
}

/// A string field that must match `ok`; `rule` explains the format.
pub(crate) fn formatted(field: &Spanned<String>, what: &str, ok: fn(&str) -> bool, rule: &str) -> Result<String, Invalid> {
    let value = field.get_ref();
    if !ok(value) {
        return Err((field.span().start, format!("{what} `{value}` is invalid: {rule}")));
    }
    Ok(value.clone())
}

/// Rejects a code already used by an earlier item of the same kind; `text` gives the first one's line.
pub(crate) fn unique(seen: &mut HashMap<String, usize>, code: &Spanned<String>, kind: &str, text: &str) -> Result<(), Invalid> {
    let at = code.span().start;
    if let Some(first) = seen.insert(code.get_ref().clone(), at) {
        return Err((at, format!("{kind} code `{}` is used twice (first on line {})", code.get_ref(), line_at(text, first))));
    }
    Ok(())
}

impl RawText {
    /// Both languages must be present and not blank; `what` names the text in the error.
    pub(crate) fn validate(self, what: &str) -> Result<Text, Invalid> {
        let nl = required(&self.nl, &format!("the Dutch text (nl) of {what}"))?;
        let en = required(&self.en, &format!("the English text (en) of {what}"))?;
        Ok(Text { nl, en })
    }
}

pub(crate) const ID_RULE: &str = "use only lowercase letters, digits and hyphens";
pub(crate) const VERSION_RULE: &str = "use at least one character, only letters, digits, dots and hyphens";
pub(crate) const CODE_RULE: &str = "use snake_case: a lowercase letter, then lowercase letters, digits or underscores";

impl RawInstrument {
    /// Checks the rules serde cannot express and builds the public types. `text` is the whole file,
    /// used only to name the line of an earlier duplicate.
    fn validate(self, text: &str) -> Result<Instrument, Invalid> {
        let id = formatted(&self.id, "id", is_id, ID_RULE)?;
        let version = formatted(&self.version, "version", is_version, VERSION_RULE)?;
        let licence = required(&self.licence, "licence")?;
        let source = required(&self.source, "source")?;
        let name = self.name.validate("the instrument name")?;
        let description = self.description.validate("the instrument description")?;

        let mut codes = HashMap::new();
        let mut conversation = Vec::with_capacity(self.conversation.len());
        for field in self.conversation {
            let code = formatted(&field.code, "conversation code", is_code, CODE_RULE)?;
            unique(&mut codes, &field.code, "conversation", text)?;
            let label = field.label.validate(&format!("conversation `{code}` label"))?;
            let hint = field.hint.validate(&format!("conversation `{code}` hint"))?;
            conversation.push(ConversationField { code, label, hint });
        }

        if self.domain.is_empty() {
            return Err((0, "an instrument needs at least one [[domain]]".to_string()));
        }
        let mut codes = HashMap::new();
        let mut domains = Vec::with_capacity(self.domain.len());
        for domain in self.domain {
            let at = domain.span().start;
            let domain = domain.into_inner();
            let code = formatted(&domain.code, "domain code", is_code, CODE_RULE)?;
            unique(&mut codes, &domain.code, "domain", text)?;
            let name = domain.name.validate(&format!("domain `{code}` name"))?;
            if domain.levels.len() < 2 {
                return Err((at, format!("domain `{code}` has {} level(s); a scale needs at least 2", domain.levels.len())));
            }
            let mut levels = Vec::with_capacity(domain.levels.len());
            for (i, level) in domain.levels.into_iter().enumerate() {
                let level = level.into_inner();
                let score = check_level_score(&level.score, i + 1, &code)?;
                let label = level.label.validate(&format!("domain `{code}` level {score} label"))?;
                let description = level.description.validate(&format!("domain `{code}` level {score} description"))?;
                levels.push(Level { score, label, description });
            }
            domains.push(DomainDef { code, name, levels });
        }

        Ok(Instrument { id, version, licence, source, name, description, conversation, domains })
    }
}

/// The `n`-th level (1-based) of a domain must have score `n`: 1, 2, 3, … ascending without gaps.
fn check_level_score(score: &Spanned<i64>, n: usize, domain: &str) -> Result<u8, Invalid> {
    let (at, found) = (score.span().start, *score.get_ref());
    let expected = i64::try_from(n).unwrap_or(i64::MAX);
    if found == expected {
        return u8::try_from(found).map_err(|_| (at, format!("domain `{domain}` has more than {} levels", u8::MAX)));
    }
    let problem = if found < expected { "scores must ascend" } else { "gap in the scores" };
    Err((
        at,
        format!("domain `{domain}`: {problem}: level {n} must have score {expected}, found {found} (scores run 1, 2, 3, … without gaps)"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SHIPPED: &str = include_str!("../../../data/instruments/eenplan-leefgebieden.toml");

    /// A small valid instrument; the tests below break it one rule at a time.
    const SMALL: &str = r#"id = "test"
version = "1"
licence = "EUPL-1.2"
source = "Test"
name.nl = "Toets"
name.en = "Test"
description.nl = "Een toets."
description.en = "A test."

[[conversation]]
code = "goes_well"
label.nl = "Wat gaat goed?"
label.en = "What goes well?"
hint.nl = "In eigen woorden."
hint.en = "In their own words."

[[domain]]
code = "finances"
name.nl = "Financiën"
name.en = "Finances"

[[domain.level]]
score = 1
label.nl = "Crisis"
label.en = "Crisis"
description.nl = "Slecht."
description.en = "Bad."

[[domain.level]]
score = 2
label.nl = "Goed"
label.en = "Good"
description.nl = "Goed."
description.en = "Good."
"#;

    /// `SMALL` with one exact, unique piece of text replaced.
    fn small_with(from: &str, to: &str) -> String {
        assert_eq!(SMALL.matches(from).count(), 1, "{from:?} must occur once");
        SMALL.replacen(from, to, 1)
    }

    fn parse_err(text: &str) -> InstrumentError {
        Instrument::parse("test.toml", text).expect_err("must be rejected")
    }

    fn assert_err(text: &str, line: usize, reason: &str) {
        let e = parse_err(text);
        assert_eq!(e.file, "test.toml");
        assert!(e.reason.contains(reason), "reason {:?} should contain {reason:?}", e.reason);
        assert_eq!(e.line, line, "wrong line for {e}");
    }

    const CODES: [&str; 13] = [
        "finances",
        "work_education",
        "daytime",
        "housing",
        "domestic_relations",
        "mental_health",
        "physical_health",
        "addiction",
        "daily_living",
        "social_network",
        "participation",
        "justice",
        "parenting",
    ];

    fn assert_filled(t: &Text, what: &str) {
        assert!(!t.nl.trim().is_empty() && !t.en.trim().is_empty(), "{what} has an empty text");
    }

    #[test]
    fn shipped_instrument_parses_with_13_domains_of_5_levels() {
        let i = Instrument::parse("eenplan-leefgebieden.toml", SHIPPED).unwrap();
        assert_eq!((i.id.as_str(), i.version.as_str(), i.licence.as_str()), ("eenplan-leefgebieden", "1", "EUPL-1.2"));
        assert_filled(&i.name, "name");
        assert_filled(&i.description, "description");
        let codes: Vec<&str> = i.domains.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, CODES);
        for d in &i.domains {
            assert_filled(&d.name, &d.code);
            assert_eq!(d.levels.iter().map(|l| l.score).collect::<Vec<_>>(), [1, 2, 3, 4, 5], "{}", d.code);
            assert_eq!((d.min(), d.max()), (1, 5));
            for l in &d.levels {
                assert_filled(&l.label, &d.code);
                assert_filled(&l.description, &d.code);
            }
        }
        assert_eq!(i.domain("finances").unwrap().name.get("nl"), "Financiën");
        assert_eq!(i.domain("finances").unwrap().level(1).unwrap().label.get("en"), "Acute crisis");
        let conversation: Vec<&str> = i.conversation.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(conversation, ["goes_well", "hard", "matters_most"]);
        for c in &i.conversation {
            assert_filled(&c.label, &c.code);
            assert_filled(&c.hint, &c.code);
        }
    }

    #[test]
    fn text_get_falls_back_to_dutch() {
        let t = Text { nl: "hallo".into(), en: "hello".into() };
        assert_eq!((t.get("en"), t.get("nl"), t.get("de"), t.get("")), ("hello", "hallo", "hallo", "hallo"));
    }

    #[test]
    fn check_score_follows_the_domain_scale() {
        let i = Instrument::parse("eenplan-leefgebieden.toml", SHIPPED).unwrap();
        for code in CODES {
            for s in 1..=5 {
                assert_eq!(i.check_score(code, s), Ok(s as u8));
            }
            for s in [0, 6, -1, 256, i64::MIN, i64::MAX] {
                assert_eq!(i.check_score(code, s), Err(ScoreError::OutOfScale { min: 1, max: 5 }));
            }
        }
        assert_eq!(i.check_score("astrology", 3), Err(ScoreError::UnknownDomain));
        assert_eq!(ScoreError::OutOfScale { min: 1, max: 5 }.to_string(), "score outside the scale 1–5");
    }

    #[test]
    fn small_instrument_parses() {
        let i = Instrument::parse("test.toml", SMALL).unwrap();
        assert_eq!(i.domains.len(), 1);
        assert_eq!((i.domains[0].min(), i.domains[0].max()), (1, 2));
    }

    #[test]
    fn syntax_error_names_its_line() {
        assert_err(&small_with("score = 2", "score = = 2"), 30, "");
        let e = parse_err(&small_with("source = \"Test\"", "source = \"Test"));
        assert_eq!(e.line, 4);
        assert!(e.to_string().starts_with("test.toml:4: "), "{e}");
    }

    #[test]
    fn missing_field_is_rejected() {
        assert_err(&small_with("licence = \"EUPL-1.2\"\n", ""), 1, "missing field `licence`");
        assert_err(&small_with("hint.en = \"In their own words.\"\n", ""), 14, "missing field `en`");
    }

    #[test]
    fn wrong_type_is_rejected() {
        assert_err(&small_with("score = 2", "score = \"2\""), 30, "invalid type");
    }

    #[test]
    fn unknown_key_is_rejected() {
        assert_err(&small_with("code = \"finances\"", "code = \"finances\"\ncolour = \"red\""), 19, "unknown field `colour`");
        assert_err(&small_with("name.en = \"Test\"", "name.en = \"Test\"\nname.de = \"Test\""), 7, "unknown field `de`");
    }

    #[test]
    fn duplicate_domain_code_is_rejected() {
        let second = "\n[[domain]]\ncode = \"finances\"\nname.nl = \"Geld\"\nname.en = \"Money\"\n";
        let text = format!("{SMALL}{second}");
        assert_err(&text, 37, "domain code `finances` is used twice (first on line 18)");
    }

    #[test]
    fn duplicate_conversation_code_is_rejected() {
        let second = "\n[[conversation]]\ncode = \"goes_well\"\nlabel.nl = \"a\"\nlabel.en = \"a\"\nhint.nl = \"a\"\nhint.en = \"a\"\n";
        assert_err(&format!("{SMALL}{second}"), 37, "conversation code `goes_well` is used twice (first on line 11)");
    }

    #[test]
    fn gap_in_scores_is_rejected() {
        assert_err(&small_with("score = 2", "score = 3"), 30, "gap in the scores: level 2 must have score 2, found 3");
        assert_err(&small_with("score = 1", "score = 0"), 23, "scores must ascend: level 1 must have score 1, found 0");
    }

    #[test]
    fn descending_scores_are_rejected() {
        let text = small_with("score = 1", "score = 9").replacen("score = 2", "score = 1", 1);
        assert_err(&text, 23, "level 1 must have score 1, found 9");
        let text = small_with("score = 2", "score = 1");
        assert_err(&text, 30, "scores must ascend: level 2 must have score 2, found 1");
    }

    #[test]
    fn empty_dutch_text_is_rejected() {
        assert_err(
            &small_with("description.nl = \"Goed.\"", "description.nl = \"  \""),
            33,
            "Dutch text (nl) of domain `finances` level 2 description",
        );
        assert_err(&small_with("name.nl = \"Toets\"", "name.nl = \"\""), 5, "Dutch text (nl) of the instrument name");
        assert_err(
            &small_with("label.en = \"What goes well?\"", "label.en = \"\""),
            13,
            "English text (en) of conversation `goes_well` label",
        );
    }

    #[test]
    fn bad_id_version_and_codes_are_rejected() {
        assert_err(&small_with("id = \"test\"", "id = \"Test One\""), 1, "id `Test One` is invalid");
        assert_err(&small_with("id = \"test\"", "id = \"\""), 1, "id `` is invalid");
        assert_err(&small_with("version = \"1\"", "version = \"1 beta\""), 2, "version `1 beta` is invalid");
        assert_err(&small_with("version = \"1\"", "version = \"\""), 2, "version `` is invalid");
        assert_err(&small_with("code = \"finances\"", "code = \"Finances\""), 18, "domain code `Finances` is invalid");
        assert_err(&small_with("code = \"goes_well\"", "code = \"1st\""), 11, "conversation code `1st` is invalid");
        assert_err(&small_with("licence = \"EUPL-1.2\"", "licence = \" \""), 3, "licence must not be empty");
    }

    #[test]
    fn a_domain_needs_two_levels() {
        let one_level = &SMALL[..SMALL.find("\n[[domain.level]]\nscore = 2").unwrap() + 1];
        assert_err(one_level, 17, "domain `finances` has 1 level(s); a scale needs at least 2");
        let no_levels = &SMALL[..SMALL.find("\n[[domain.level]]").unwrap() + 1];
        assert_err(no_levels, 17, "has 0 level(s)");
    }

    #[test]
    fn an_instrument_needs_a_domain() {
        let no_domains = &SMALL[..SMALL.find("[[domain]]").unwrap()];
        assert_err(no_domains, 1, "at least one [[domain]]");
    }

    #[test]
    fn load_all_sorts_and_rejects_duplicates() {
        let files = |pairs: &[(&str, String)]| pairs.iter().map(|(f, t)| (f.to_string(), t.clone())).collect::<Vec<_>>();
        let v2 = small_with("version = \"1\"", "version = \"2\"");
        let other = small_with("id = \"test\"", "id = \"another\"");
        let all = load_all(&files(&[("a.toml", v2.clone()), ("b.toml", SMALL.to_string()), ("c.toml", other)])).unwrap();
        let keys: Vec<(&str, &str)> = all.iter().map(|i| (i.id.as_str(), i.version.as_str())).collect();
        assert_eq!(keys, [("another", "1"), ("test", "1"), ("test", "2")]);

        let e = load_all(&files(&[("a.toml", SMALL.to_string()), ("b.toml", v2), ("c.toml", SMALL.to_string())])).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("c.toml", 1));
        assert!(e.reason.contains("`test` version `1` is already defined in a.toml"), "{e}");

        let e = load_all(&files(&[("a.toml", SMALL.to_string()), ("bad.toml", "id = ".to_string())])).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("bad.toml", 1));
        assert_eq!(load_all(&[]), Ok(vec![]));
    }

    #[test]
    fn line_at_counts_newlines_before_the_offset() {
        assert_eq!(line_at("a\nb\nc", 0), 1);
        assert_eq!(line_at("a\nb\nc", 2), 2);
        assert_eq!(line_at("a\nb\nc", 4), 3);
        assert_eq!(line_at("a\nb\nc", 99), 3);
    }

    /// Writes a valid instrument with one domain per entry of `levels`, each with that many levels.
    fn generated(levels: &[usize]) -> String {
        let mut t = String::from(
            "id = \"gen\"\nversion = \"0.1-a\"\nlicence = \"CC0\"\nsource = \"s\"\nname = { nl = \"n\", en = \"n\" }\n\
             description = { nl = \"d\", en = \"d\" }\n",
        );
        for (d, &count) in levels.iter().enumerate() {
            t.push_str(&format!("\n[[domain]]\ncode = \"d{d}\"\nname.nl = \"Domein {d}\"\nname.en = \"Domain {d}\"\n"));
            for s in 1..=count {
                t.push_str(&format!(
                    "[[domain.level]]\nscore = {s}\nlabel = {{ nl = \"L{s}\", en = \"L{s}\" }}\ndescription.nl = \"B{s}\"\ndescription.en = \"D{s}\"\n"
                ));
            }
        }
        t
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in ".{0,400}") {
            let _ = Instrument::parse("fuzz.toml", &text);
        }

        #[test]
        fn parse_never_panics_on_a_cut_or_patched_file(cut in 0usize..SHIPPED.len(), patch in "[ -~\n]{0,12}") {
            let mut cut = cut;
            while !SHIPPED.is_char_boundary(cut) {
                cut -= 1;
            }
            let _ = Instrument::parse("fuzz.toml", &SHIPPED[..cut]);
            let _ = Instrument::parse("fuzz.toml", &format!("{}{patch}{}", &SHIPPED[..cut], &SHIPPED[cut..]));
        }

        #[test]
        fn generated_instrument_round_trips_its_scales(levels in proptest::collection::vec(2usize..=7, 1..=6)) {
            let i = Instrument::parse("gen.toml", &generated(&levels)).unwrap();
            prop_assert_eq!(i.domains.len(), levels.len());
            for (d, &count) in i.domains.iter().zip(&levels) {
                let scores: Vec<u8> = d.levels.iter().map(|l| l.score).collect();
                prop_assert_eq!(scores, (1..=count as u8).collect::<Vec<_>>());
                prop_assert_eq!((d.min(), d.max()), (1, count as u8));
                prop_assert_eq!(i.check_score(&d.code, count as i64), Ok(count as u8));
                prop_assert_eq!(i.check_score(&d.code, count as i64 + 1), Err(ScoreError::OutOfScale { min: 1, max: count as u8 }));
                prop_assert_eq!(i.check_score(&d.code, 0), Err(ScoreError::OutOfScale { min: 1, max: count as u8 }));
                prop_assert_eq!(d.level(2).unwrap().description.get("en"), "D2");
            }
        }
    }
}
