//! The bottleneck taxonomy: the systemic obstacles a worker can tag in a household file.
//!
//! The list is data: Eenplan ships `data/bottlenecks/eenplan-knelpunten.toml` and a municipality
//! adds its own files beside it, or an admin adds one in a form ([`RawBottleneck`]). Both go through
//! [`check_bottleneck`], so a bottleneck from a file obeys the same rules as one typed in a form.
//!
//! A file holds `[[bottleneck]]` tables with the keys `code`, `kind`, `name_nl`, `name_en`,
//! `description_nl` and `description_en` (the last one may be left out: it falls back to Dutch).
//! Every error names the file and the 1-based line of the offending entry or key.

use std::collections::HashMap;

use serde::Deserialize;
use toml::Spanned;

use crate::instrument::{Text, line_at};

crate::code_enum!(
    /// What kind of obstacle a bottleneck is: a rule or law (the 18-year boundary between Jeugdwet
    /// and Wmo), an organisation's process (a digital benefit application that gets stuck), a gap in
    /// provision (no interpreter, a waiting list) or a financial trap (an allowance to repay, a car
    /// that must be sold).
    BottleneckKind { Rule = "rule", Process = "process", Gap = "gap", FinancialTrap = "financial_trap" }
);

/// A checked bottleneck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bottleneck {
    /// Stable identifier, used in tags: lowercase letters, digits and hyphens.
    pub code: String,
    pub kind: BottleneckKind,
    pub name: Text,
    pub description: Text,
}

/// A bottleneck as an admin types it in a form (or as a file gives it), unchecked.
#[derive(Default, Debug, Clone)]
pub struct RawBottleneck {
    pub code: String,
    pub kind: String,
    pub name_nl: String,
    pub name_en: String,
    pub description_nl: String,
    pub description_en: String,
}

/// What is wrong with one field of a [`RawBottleneck`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BottleneckProblem {
    #[error("required")]
    Required,
    #[error("use 3 to 60 characters: a lowercase letter, then lowercase letters, digits or hyphens")]
    BadCode,
    #[error("unknown kind (use rule, process, gap or financial_trap)")]
    UnknownKind,
    #[error("too long")]
    TooLong,
}

impl BottleneckProblem {
    /// The i18n key of the message shown next to the field.
    pub fn key(self) -> &'static str {
        match self {
            BottleneckProblem::Required => "err-required",
            BottleneckProblem::BadCode => "err-bad-code",
            BottleneckProblem::UnknownKind => "err-unknown-value",
            BottleneckProblem::TooLong => "err-too-long",
        }
    }
}

/// Shortest and longest code, in characters.
pub const CODE_LENGTH: std::ops::RangeInclusive<usize> = 3..=60;
/// Longest name, in characters.
pub const MAX_NAME: usize = 120;
/// Longest description, in characters.
pub const MAX_DESCRIPTION: usize = 1000;

/// A field's name with what is wrong with it.
pub type FieldProblem = (&'static str, BottleneckProblem);

/// Checks every field (all problems at once, in field order) and builds the bottleneck. Texts are
/// trimmed; the English description falls back to the Dutch one when empty.
pub fn check_bottleneck(raw: &RawBottleneck) -> Result<Bottleneck, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let code = noted(&mut problems, "code", check_code(&raw.code));
    let kind = noted(&mut problems, "kind", check_kind(&raw.kind));
    let name_nl = noted(&mut problems, "name_nl", required_text(&raw.name_nl, MAX_NAME));
    let name_en = noted(&mut problems, "name_en", required_text(&raw.name_en, MAX_NAME));
    let description_nl = noted(&mut problems, "description_nl", required_text(&raw.description_nl, MAX_DESCRIPTION));
    let description_en = noted(&mut problems, "description_en", optional_text(&raw.description_en, MAX_DESCRIPTION));
    let (Some(code), Some(kind), Some(name_nl), Some(name_en), Some(description_nl), Some(description_en)) =
        (code, kind, name_nl, name_en, description_nl, description_en)
    else {
        return Err(problems);
    };
    let description_en = if description_en.is_empty() { description_nl.clone() } else { description_en };
    Ok(Bottleneck { code, kind, name: Text { nl: name_nl, en: name_en }, description: Text { nl: description_nl, en: description_en } })
}

/// The value of a checked field, or `None` with its problem added to `problems`.
fn noted<T>(problems: &mut Vec<FieldProblem>, field: &'static str, checked: Result<T, BottleneckProblem>) -> Option<T> {
    checked.map_err(|problem| problems.push((field, problem))).ok()
}

fn check_code(code: &str) -> Result<String, BottleneckProblem> {
    let code = required_text(code, usize::MAX)?;
    if is_bottleneck_code(&code) { Ok(code) } else { Err(BottleneckProblem::BadCode) }
}

/// A lowercase letter, then lowercase letters, digits or hyphens; 3 to 60 characters.
fn is_bottleneck_code(code: &str) -> bool {
    let starts_with_letter = code.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
    let allowed = code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    starts_with_letter && allowed && CODE_LENGTH.contains(&code.len())
}

fn check_kind(kind: &str) -> Result<BottleneckKind, BottleneckProblem> {
    let kind = required_text(kind, usize::MAX)?;
    BottleneckKind::parse(&kind).map_err(|_| BottleneckProblem::UnknownKind)
}

fn required_text(text: &str, max: usize) -> Result<String, BottleneckProblem> {
    let text = optional_text(text, max)?;
    if text.is_empty() { Err(BottleneckProblem::Required) } else { Ok(text) }
}

fn optional_text(text: &str, max: usize) -> Result<String, BottleneckProblem> {
    let text = text.trim();
    if text.chars().count() > max { Err(BottleneckProblem::TooLong) } else { Ok(text.to_string()) }
}

/// Why a bottleneck file was rejected, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct TaxonomyError {
    pub file: String,
    /// 1-based.
    pub line: usize,
    pub reason: String,
}

/// The file name and text of the bottlenecks Eenplan ships (built into the program, so it runs from
/// anywhere); a municipality adds its own files beside it.
pub const BUILTIN: (&str, &str) = ("eenplan-knelpunten.toml", include_str!("../../../../data/bottlenecks/eenplan-knelpunten.toml"));

/// The bottlenecks Eenplan ships, checked (their validity is a test).
pub fn builtin() -> Vec<Bottleneck> {
    load_all(&[(BUILTIN.0.to_string(), BUILTIN.1.to_string())]).expect("the built-in bottlenecks are valid (tested)")
}

/// Parses and checks every (file name, text) pair. A code used twice, in one file or across files, is
/// an error at the second use. Returns the bottlenecks in the order of the files and their entries.
pub fn load_all(files: &[(String, String)]) -> Result<Vec<Bottleneck>, TaxonomyError> {
    let mut first_use: HashMap<String, (String, usize)> = HashMap::new();
    let mut all = Vec::new();
    for (file, text) in files {
        for (bottleneck, line) in parse_file(file, text)? {
            if let Some((first_file, first_line)) = first_use.get(&bottleneck.code) {
                let reason = format!("bottleneck code `{}` is already used in {first_file}:{first_line}", bottleneck.code);
                return Err(TaxonomyError { file: file.clone(), line, reason });
            }
            first_use.insert(bottleneck.code.clone(), (file.clone(), line));
            all.push(bottleneck);
        }
    }
    Ok(all)
}

/// One file's bottlenecks, each with the line of its code (or of its table when the code is missing).
fn parse_file(file: &str, text: &str) -> Result<Vec<(Bottleneck, usize)>, TaxonomyError> {
    let error = |offset: usize, reason: String| TaxonomyError { file: file.to_string(), line: line_at(text, offset), reason };
    let raw: RawFile = toml::from_str(text).map_err(|e| error(e.span().map_or(0, |s| s.start), e.message().trim().to_string()))?;
    raw.bottleneck
        .into_iter()
        .map(|entry| {
            let entry_start = entry.span().start;
            let entry = entry.into_inner();
            let line = line_at(text, entry.offset_of("code").unwrap_or(entry_start));
            check_bottleneck(&entry.to_raw()).map(|b| (b, line)).map_err(|problems| {
                let (field, problem) = problems[0];
                error(entry.offset_of(field).unwrap_or(entry_start), format!("{field}: {problem}"))
            })
        })
        .collect()
}

// The file as written, with the byte spans needed to point at mistakes.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    bottleneck: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    code: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    name_nl: Option<Spanned<String>>,
    name_en: Option<Spanned<String>>,
    description_nl: Option<Spanned<String>>,
    description_en: Option<Spanned<String>>,
}

impl RawEntry {
    fn field(&self, name: &str) -> Option<&Spanned<String>> {
        match name {
            "code" => self.code.as_ref(),
            "kind" => self.kind.as_ref(),
            "name_nl" => self.name_nl.as_ref(),
            "name_en" => self.name_en.as_ref(),
            "description_nl" => self.description_nl.as_ref(),
            "description_en" => self.description_en.as_ref(),
            _ => None,
        }
    }

    /// The byte offset of a field's value, when the field is present.
    fn offset_of(&self, name: &str) -> Option<usize> {
        self.field(name).map(|value| value.span().start)
    }

    fn to_raw(&self) -> RawBottleneck {
        let text = |name: &str| self.field(name).map(|value| value.get_ref().clone()).unwrap_or_default();
        RawBottleneck {
            code: text("code"),
            kind: text("kind"),
            name_nl: text("name_nl"),
            name_en: text("name_en"),
            description_nl: text("description_nl"),
            description_en: text("description_en"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawBottleneck {
        RawBottleneck {
            code: "wachtlijst-schulden".into(),
            kind: "gap".into(),
            name_nl: "Wachtlijst schuldhulp".into(),
            name_en: "Waiting list debt counselling".into(),
            description_nl: "Lang wachten op schuldhulp.".into(),
            description_en: String::new(),
        }
    }

    fn problems(raw: &RawBottleneck) -> Vec<FieldProblem> {
        check_bottleneck(raw).expect_err("must be rejected")
    }

    #[test]
    fn a_valid_form_is_trimmed_and_the_english_description_falls_back_to_dutch() {
        let b = check_bottleneck(&RawBottleneck { name_nl: "  Wachtlijst schuldhulp ".into(), ..raw() }).unwrap();
        assert_eq!(b.code, "wachtlijst-schulden");
        assert_eq!(b.kind, BottleneckKind::Gap);
        assert_eq!(b.name.nl, "Wachtlijst schuldhulp");
        assert_eq!(b.description.en, "Lang wachten op schuldhulp.");
    }

    #[test]
    fn codes_must_be_lowercase_with_hyphens_and_start_with_a_letter() {
        for good in ["abc", "a-1", "toeslagen-terugbetalen", &"a".repeat(60)] {
            assert!(check_bottleneck(&RawBottleneck { code: good.into(), ..raw() }).is_ok(), "{good}");
        }
        for bad in ["ab", "1abc", "-abc", "Abc", "a_b_c", "a b c", "äbc", &"a".repeat(61)] {
            assert_eq!(problems(&RawBottleneck { code: bad.into(), ..raw() }), vec![("code", BottleneckProblem::BadCode)], "{bad}");
        }
    }

    #[test]
    fn every_problem_is_reported_in_field_order() {
        let all_wrong = RawBottleneck {
            code: " ".into(),
            kind: "law".into(),
            name_nl: String::new(),
            name_en: "x".repeat(121),
            description_nl: String::new(),
            description_en: "y".repeat(1001),
        };
        assert_eq!(
            problems(&all_wrong),
            vec![
                ("code", BottleneckProblem::Required),
                ("kind", BottleneckProblem::UnknownKind),
                ("name_nl", BottleneckProblem::Required),
                ("name_en", BottleneckProblem::TooLong),
                ("description_nl", BottleneckProblem::Required),
                ("description_en", BottleneckProblem::TooLong),
            ]
        );
        assert_eq!(problems(&RawBottleneck { kind: String::new(), ..raw() }), vec![("kind", BottleneckProblem::Required)]);
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert!(check_bottleneck(&RawBottleneck { name_nl: "é".repeat(120), ..raw() }).is_ok());
        assert!(check_bottleneck(&RawBottleneck { description_nl: "ë".repeat(1000), ..raw() }).is_ok());
    }

    const FILE: &str = r#"# Two bottlenecks.
[[bottleneck]]
code = "wachtlijst-schulden"
kind = "gap"
name_nl = "Wachtlijst schuldhulp"
name_en = "Waiting list debt counselling"
description_nl = "Lang wachten op schuldhulp."

[[bottleneck]]
code = "auto-verkopen"
kind = "financial_trap"
name_nl = "Auto verkopen"
name_en = "Car must be sold"
description_nl = "Voor bijstand moet de auto weg."
description_en = "The car must go for social assistance."
"#;

    fn load(files: &[(&str, &str)]) -> Result<Vec<Bottleneck>, TaxonomyError> {
        load_all(&files.iter().map(|(f, t)| (f.to_string(), t.to_string())).collect::<Vec<_>>())
    }

    fn load_err(text: &str) -> TaxonomyError {
        load(&[("test.toml", text)]).expect_err("must be rejected")
    }

    #[test]
    fn a_file_loads_in_order() {
        let all = load(&[("test.toml", FILE)]).unwrap();
        assert_eq!(all.iter().map(|b| b.code.as_str()).collect::<Vec<_>>(), ["wachtlijst-schulden", "auto-verkopen"]);
        assert_eq!(all[1].kind, BottleneckKind::FinancialTrap);
        assert_eq!(all[0].description.en, "Lang wachten op schuldhulp.");
    }

    #[test]
    fn errors_point_at_the_offending_key() {
        let e = load_err(&FILE.replace(r#"kind = "gap""#, r#"kind = "law""#));
        assert_eq!((e.file.as_str(), e.line), ("test.toml", 4), "{e}");
        assert!(e.reason.contains("kind"), "{e}");
        let e = load_err(&FILE.replace("auto-verkopen", "Auto"));
        assert_eq!(e.line, 10, "{e}");
        let e = load_err(&FILE.replace(r#"name_en = "Car must be sold""#, ""));
        assert_eq!(e.line, 9, "a missing key points at its table: {e}");
        assert!(e.reason.contains("name_en: required"), "{e}");
    }

    #[test]
    fn unknown_keys_and_tables_are_refused_with_their_line() {
        let e = load_err(&FILE.replace(r#"name_en = "Car must be sold""#, "name_en = \"Car\"\nname_de = \"Auto\""));
        assert_eq!(e.line, 14, "{e}");
        assert!(e.reason.contains("unknown field `name_de`"), "{e}");
        let e = load_err(&format!("{FILE}\n[[knelpunt]]\ncode = \"x\"\n"));
        assert!(e.reason.contains("unknown field `knelpunt`"), "{e}");
    }

    #[test]
    fn duplicate_codes_are_refused_within_and_across_files() {
        let twice = FILE.replace("auto-verkopen", "wachtlijst-schulden");
        let e = load_err(&twice);
        assert_eq!(e.line, 10, "{e}");
        assert!(e.reason.contains("test.toml:3"), "{e}");
        let other = "[[bottleneck]]\ncode = \"auto-verkopen\"\nkind = \"rule\"\nname_nl = \"a\"\nname_en = \"a\"\ndescription_nl = \"a\"\n";
        let e = load(&[("eenplan.toml", FILE), ("gemeente.toml", other)]).expect_err("duplicate across files");
        assert_eq!((e.file.as_str(), e.line), ("gemeente.toml", 2), "{e}");
        assert!(e.reason.contains("eenplan.toml:10"), "{e}");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let e = load_err(&FILE.replace(r#"kind = "gap""#, "kind = gap"));
        assert_eq!(e.line, 4, "{e}");
    }

    #[test]
    fn the_shipped_file_is_valid_and_covers_every_kind() {
        let all = builtin();
        assert!((16..=24).contains(&all.len()), "{} bottlenecks", all.len());
        for kind in BottleneckKind::ALL {
            assert!(all.iter().any(|b| b.kind == *kind), "no bottleneck of kind {kind:?}");
        }
        for b in &all {
            assert_ne!(b.name.nl, b.name.en, "{}: translate the name", b.code);
            assert_ne!(b.description.nl, b.description.en, "{}: translate the description", b.code);
        }
    }
}
