//! The unit-cost catalogue as data.
//!
//! A catalogue is a TOML file (see `data/unit-costs/`) that lists what things cost: a month of social
//! assistance, an eviction, an hour of support at home. Each item carries its amount in its own price year,
//! the unit, who pays, the kind of value, a confidence grade and its source. A price index series (the CBS
//! CPI, also a TOML file) brings an amount to the prices of the analysis year.
//!
//! This module parses and validates those files; it does no IO: the caller reads the files and passes their
//! text in. Every error names the file and the 1-based line of the offending item, so a municipality that
//! edits its own catalogue can find the mistake. A municipality's own catalogue is laid over the shipped one
//! with [`Catalogue::overlay`]. The rules of one item live in [`validate_item`], used by the file loader and
//! by the administrator's form alike.

use std::collections::{BTreeMap, HashMap};
use std::ops::RangeInclusive;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::costs::{Confidence, CostUnit, Stakeholder, ValueType};
use crate::household::FieldError;
use crate::instrument::{Text, is_code, line_at};

/// Where a figure comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub publication: String,
    pub publisher: String,
    pub year: i32,
    pub url: String,
    pub note: Option<String>,
}

/// One priced thing: an amount in euros per unit, in the prices of `price_year`.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitCost {
    /// snake_case, unique within a catalogue.
    pub code: String,
    pub name: Text,
    /// Euros, finite and not negative.
    pub amount: f64,
    pub unit: CostUnit,
    pub price_year: i32,
    /// Who pays (or gains when the cost is avoided).
    pub stakeholder: Stakeholder,
    pub value_type: ValueType,
    pub confidence: Confidence,
    /// The source is weak (secondary, one provider, old): show the figure as an indication only.
    pub indicative: bool,
    pub licence: String,
    pub source: Source,
}

/// A parsed and validated unit-cost catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    pub id: String,
    pub version: String,
    /// In file order; codes are unique.
    pub items: Vec<UnitCost>,
}

/// A price index series by year (for example the CBS CPI, 2015 = 100).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexSeries {
    pub id: String,
    pub name: Text,
    /// What the index is relative to, e.g. "2015 = 100"; only ratios between years are used.
    pub base: String,
    pub source: Source,
    /// Year → index level, every level finite and above 0.
    pub years: BTreeMap<i32, f64>,
}

/// Why a catalogue or index file was rejected, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct CatalogueError {
    pub file: String,
    /// 1-based.
    pub line: usize,
    pub reason: String,
}

/// Why an amount could not be indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    #[error("no price index for {0}")]
    MissingYear(i32),
}

/// The years an item's price year may take.
const PRICE_YEARS: RangeInclusive<i64> = 1990..=2100;

/// The years a source or an index level may have (an index series may reach further back than any item).
const OTHER_YEARS: RangeInclusive<i64> = 1900..=2100;

impl Catalogue {
    /// Parses and validates one catalogue file; `file` is the name used in errors.
    pub fn parse(file: &str, text: &str) -> Result<Catalogue, CatalogueError> {
        parse_file(file, text, |raw: RawCatalogue| raw.validate(text, None))
    }

    /// Like [`Catalogue::parse`], and every item's price year must be a year of `index` (a municipality's
    /// own file is checked against the price index it will be used with).
    pub fn parse_with_index(file: &str, text: &str, index: &IndexSeries) -> Result<Catalogue, CatalogueError> {
        parse_file(file, text, |raw: RawCatalogue| raw.validate(text, Some(index)))
    }

    /// The item with this code, if any.
    pub fn item(&self, code: &str) -> Option<&UnitCost> {
        self.items.iter().find(|i| i.code == code)
    }

    /// A municipality's own file on top of this one: same code replaces the item, new codes are added.
    /// Replaced items keep their place; new items come after the existing ones, in `other`'s order. The id
    /// and version stay this catalogue's.
    pub fn overlay(&mut self, other: Catalogue) {
        for item in other.items {
            match self.items.iter_mut().find(|i| i.code == item.code) {
                Some(slot) => *slot = item,
                None => self.items.push(item),
            }
        }
    }
}

impl IndexSeries {
    /// Parses and validates one index series file; `file` is the name used in errors.
    pub fn parse(file: &str, text: &str) -> Result<IndexSeries, CatalogueError> {
        parse_file(file, text, |raw: RawIndexSeries| raw.validate(text))
    }

    /// amount in price_year brought to analysis_year prices: amount × index(analysis_year) / index(price_year).
    /// Both years must be in the series (also when they are equal; then the amount comes back unchanged).
    pub fn index(&self, amount: f64, price_year: i32, analysis_year: i32) -> Result<f64, IndexError> {
        let level = |year: i32| self.years.get(&year).copied().ok_or(IndexError::MissingYear(year));
        let (from, to) = (level(price_year)?, level(analysis_year)?);
        if price_year == analysis_year {
            return Ok(amount);
        }
        Ok(amount * to / from)
    }
}

impl UnitCost {
    /// This item's amount in the prices of `analysis_year`.
    pub fn amount_in(&self, series: &IndexSeries, analysis_year: i32) -> Result<f64, IndexError> {
        series.index(self.amount, self.price_year, analysis_year)
    }
}

// One item's rules, in one place: the file loader and the administrator's form both check an item with
// `validate_item`.

/// The fields of an item, named as in the administrator's form (`source_*` is the file's `[item.source]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemField {
    Code,
    NameNl,
    NameEn,
    Amount,
    Unit,
    PriceYear,
    Stakeholder,
    ValueType,
    Confidence,
    Licence,
    SourcePublication,
    SourcePublisher,
    SourceYear,
    SourceUrl,
    SourceNote,
}

impl ItemField {
    /// The form field's name.
    pub fn name(self) -> &'static str {
        match self {
            ItemField::Code => "code",
            ItemField::NameNl => "name_nl",
            ItemField::NameEn => "name_en",
            ItemField::Amount => "amount",
            ItemField::Unit => "unit",
            ItemField::PriceYear => "price_year",
            ItemField::Stakeholder => "stakeholder",
            ItemField::ValueType => "value_type",
            ItemField::Confidence => "confidence",
            ItemField::Licence => "licence",
            ItemField::SourcePublication => "source_publication",
            ItemField::SourcePublisher => "source_publisher",
            ItemField::SourceYear => "source_year",
            ItemField::SourceUrl => "source_url",
            ItemField::SourceNote => "source_note",
        }
    }
}

/// A source as typed, before its rules are checked; a year that is not a whole number is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceDraft {
    pub publication: String,
    pub publisher: String,
    pub year: Option<i64>,
    pub url: String,
    /// Blank: no note.
    pub note: String,
}

/// An item as typed — an `[[item]]` of a file or the administrator's form — before its rules are
/// checked. A number that could not be read is `None`; codes of code lists are their text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemDraft {
    pub code: String,
    pub name_nl: String,
    pub name_en: String,
    pub amount: Option<f64>,
    pub unit: String,
    pub price_year: Option<i64>,
    pub stakeholder: String,
    pub value_type: String,
    pub confidence: Option<i64>,
    pub indicative: bool,
    pub licence: String,
    pub source: SourceDraft,
}

impl From<&UnitCost> for ItemDraft {
    fn from(i: &UnitCost) -> ItemDraft {
        ItemDraft {
            code: i.code.clone(),
            name_nl: i.name.nl.clone(),
            name_en: i.name.en.clone(),
            amount: Some(i.amount),
            unit: i.unit.code().into(),
            price_year: Some(i64::from(i.price_year)),
            stakeholder: i.stakeholder.code().into(),
            value_type: i.value_type.code().into(),
            confidence: Some(i64::from(i.confidence.grade())),
            indicative: i.indicative,
            licence: i.licence.clone(),
            source: SourceDraft {
                publication: i.source.publication.clone(),
                publisher: i.source.publisher.clone(),
                year: Some(i64::from(i.source.year)),
                url: i.source.url.clone(),
                note: i.source.note.clone().unwrap_or_default(),
            },
        }
    }
}

/// One broken rule of an item: the field, the i18n key of the message shown at the form's field, and
/// the message for a file (English, naming the item).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ItemProblem {
    pub field: ItemField,
    pub key: &'static str,
    pub message: String,
}

/// The longest code, name, licence, publication, publisher or web address of an item (characters).
pub const MAX_ITEM_TEXT: usize = 500;
/// The longest note on a source (characters).
pub const MAX_ITEM_NOTE: usize = 4000;

/// The problems found so far.
#[derive(Default)]
struct Problems(Vec<ItemProblem>);

impl Problems {
    fn add(&mut self, field: ItemField, key: &'static str, message: String) {
        self.0.push(ItemProblem { field, key, message });
    }

    /// A required text, trimmed, at most `max` characters; `what` names it in the message.
    fn text(&mut self, field: ItemField, key: &'static str, value: &str, what: &str, max: usize) -> Option<String> {
        let t = value.trim();
        if t.is_empty() {
            self.add(field, key, format!("{what} must not be empty"));
            return None;
        }
        if t.chars().count() > max {
            self.add(field, "err-uc-too-long", format!("{what} is longer than {max} characters"));
            return None;
        }
        Some(t.to_string())
    }

    /// A year within `range`; `what` names it in the message.
    fn year(&mut self, field: ItemField, key: &'static str, found: Option<i64>, range: RangeInclusive<i64>, what: &str) -> Option<i32> {
        let checked = found.filter(|y| range.contains(y)).and_then(|y| i32::try_from(y).ok());
        if checked.is_none() {
            let found = found.map_or_else(|| "no whole number".to_string(), |y| y.to_string());
            self.add(field, key, format!("{what} {found} is outside {}–{}", range.start(), range.end()));
        }
        checked
    }

    /// One of the codes of a code list (`parse` and `all` come from the `code_enum!` type); the field's
    /// name names it in the message.
    fn coded<T: Copy>(
        &mut self,
        field: ItemField,
        key: &'static str,
        found: &str,
        parse: fn(&str) -> Result<T, FieldError>,
        all: &[T],
        code: fn(T) -> &'static str,
    ) -> Option<T> {
        let parsed = parse(found).ok();
        if parsed.is_none() {
            let known: Vec<&str> = all.iter().map(|&v| code(v)).collect();
            self.add(field, key, format!("unknown {} `{found}`; use one of: {}", field.name().replace('_', " "), known.join(", ")));
        }
        parsed
    }
}

/// Publication, publisher, year and a web address are required; a blank note counts as none. `whose`
/// starts each message ("item `bijstand`", "the index series").
fn check_source(s: &SourceDraft, whose: &str, p: &mut Problems) -> Option<Source> {
    use ItemField as F;
    let publication = p.text(
        F::SourcePublication,
        "err-uc-source_publication",
        &s.publication,
        &format!("{whose}: the source publication"),
        MAX_ITEM_TEXT,
    );
    let publisher =
        p.text(F::SourcePublisher, "err-uc-source_publisher", &s.publisher, &format!("{whose}: the source publisher"), MAX_ITEM_TEXT);
    let year = p.year(F::SourceYear, "err-uc-source_year", s.year, OTHER_YEARS, &format!("{whose}: the source year"));
    let url = p.text(F::SourceUrl, "err-uc-source_url", &s.url, &format!("{whose}: the source url"), MAX_ITEM_TEXT).and_then(|url| {
        if url.starts_with("https://") || url.starts_with("http://") {
            Some(url)
        } else {
            p.add(F::SourceUrl, "err-uc-source_url", format!("{whose}: the source url `{url}` must start with https:// or http://"));
            None
        }
    });
    let note = s.note.trim();
    if note.chars().count() > MAX_ITEM_NOTE {
        p.add(F::SourceNote, "err-uc-too-long", format!("{whose}: the source note is longer than {MAX_ITEM_NOTE} characters"));
    }
    let note = (!note.is_empty()).then(|| note.to_string());
    Some(Source { publication: publication?, publisher: publisher?, year: year?, url: url?, note })
}

/// Checks every rule of one catalogue item and builds it, or names every broken rule in field order:
/// the code is snake_case; both names, the licence and the source (publication, publisher, year, a web
/// address) are present; the amount is a finite number of euros, not negative; unit, stakeholder and
/// value type are known codes; the confidence grade is 1–6; the price year is 1990–2100 and, given a
/// price index, one of its years (else the amount cannot be brought to the analysis year). Texts are
/// trimmed.
pub fn validate_item(d: &ItemDraft, index: Option<&IndexSeries>) -> Result<UnitCost, Vec<ItemProblem>> {
    use ItemField as F;
    let mut p = Problems::default();
    let code = d.code.clone();
    let whose = format!("item `{code}`");
    if !is_code(&code) {
        p.add(F::Code, "err-uc-code", format!("item code `{code}` is invalid: {CODE_RULE}"));
    } else if code.len() > MAX_ITEM_TEXT {
        p.add(F::Code, "err-uc-too-long", format!("item code `{code}` is longer than {MAX_ITEM_TEXT} characters"));
    }
    let name_nl = p.text(F::NameNl, "err-uc-name_nl", &d.name_nl, &format!("the Dutch text (nl) of the name of {whose}"), MAX_ITEM_TEXT);
    let name_en = p.text(F::NameEn, "err-uc-name_en", &d.name_en, &format!("the English text (en) of the name of {whose}"), MAX_ITEM_TEXT);
    let amount = match d.amount {
        Some(a) if !a.is_finite() => {
            p.add(F::Amount, "err-uc-amount", format!("{whose}: the amount must be a finite number of euros, found {a}"));
            None
        }
        Some(a) if a < 0.0 => {
            p.add(F::Amount, "err-uc-amount-negative", format!("{whose}: the amount {a} must not be negative"));
            None
        }
        Some(a) => Some(a),
        None => {
            p.add(F::Amount, "err-uc-amount", format!("{whose}: the amount must be a finite number of euros"));
            None
        }
    };
    let unit = p.coded(F::Unit, "err-uc-unit", &d.unit, CostUnit::parse, CostUnit::ALL, CostUnit::code);
    let price_year = p.year(F::PriceYear, "err-uc-price_year", d.price_year, PRICE_YEARS, &format!("{whose}: the price year"));
    let stakeholder =
        p.coded(F::Stakeholder, "err-uc-stakeholder", &d.stakeholder, Stakeholder::parse, Stakeholder::ALL, Stakeholder::code);
    let value_type = p.coded(F::ValueType, "err-uc-value_type", &d.value_type, ValueType::parse, ValueType::ALL, ValueType::code);
    let confidence = d.confidence.and_then(|g| Confidence::new(g).ok());
    if confidence.is_none() {
        let found = d.confidence.map_or_else(|| "no whole number".to_string(), |g| g.to_string());
        p.add(F::Confidence, "err-uc-confidence", format!("{whose}: confidence {found} is outside 1–6 (1 = best, 6 = weakest)"));
    }
    let licence = p.text(F::Licence, "err-uc-licence", &d.licence, &format!("{whose}: the licence"), MAX_ITEM_TEXT);
    let source = check_source(&d.source, &whose, &mut p);
    if let (Some(year), Some(index)) = (price_year, index)
        && !index.years.contains_key(&year)
    {
        p.add(F::PriceYear, "err-uc-price_year-index", format!("{whose}: the price index has no year {year}; use a year the index lists"));
    }
    // Every field that is `None` added a problem, so all are `Some` exactly when there is none.
    match (name_nl, name_en, amount, unit, price_year, stakeholder, value_type, confidence, licence, source) {
        (
            Some(nl),
            Some(en),
            Some(amount),
            Some(unit),
            Some(price_year),
            Some(stakeholder),
            Some(value_type),
            Some(confidence),
            Some(licence),
            Some(source),
        ) if p.0.is_empty() => Ok(UnitCost {
            code,
            name: Text { nl, en },
            amount,
            unit,
            price_year,
            stakeholder,
            value_type,
            confidence,
            indicative: d.indicative,
            licence,
            source,
        }),
        _ => Err(p.0),
    }
}

/// The file name and text of the catalogue Eenplan ships (built into the program, so it runs from anywhere).
pub const BUILTIN_CATALOGUE: (&str, &str) = ("eenplan-2026.toml", include_str!("../../../data/unit-costs/eenplan-2026.toml"));

/// The file name and text of the price index series Eenplan ships (CBS CPI, 2015 = 100).
pub const BUILTIN_INDEX: (&str, &str) = ("cpi-cbs.toml", include_str!("../../../data/unit-costs/cpi-cbs.toml"));

/// The catalogue and index series Eenplan ships, parsed (their validity, and that the index covers every
/// price year of the catalogue, are tests).
pub fn builtin() -> (Catalogue, IndexSeries) {
    let catalogue = Catalogue::parse(BUILTIN_CATALOGUE.0, BUILTIN_CATALOGUE.1).expect("the built-in catalogue is valid (tested)");
    let index = IndexSeries::parse(BUILTIN_INDEX.0, BUILTIN_INDEX.1).expect("the built-in index series is valid (tested)");
    (catalogue, index)
}

/// Reads `text` as TOML into `R`, then checks the rules serde cannot express; every error gets `file` and
/// the line of its byte offset.
fn parse_file<R: DeserializeOwned, T>(file: &str, text: &str, validate: impl FnOnce(R) -> Result<T, Invalid>) -> Result<T, CatalogueError> {
    let err = |offset: usize, reason: String| CatalogueError { file: file.to_string(), line: line_at(text, offset), reason };
    let raw: R = toml::from_str(text).map_err(|e| err(e.span().map_or(0, |s| s.start), e.message().trim().to_string()))?;
    validate(raw).map_err(|(offset, reason)| err(offset, reason))
}

// The files as written, with the byte spans needed to point at mistakes.

/// A semantic error: the byte offset of the offending item and the reason.
type Invalid = (usize, String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogue {
    id: Spanned<String>,
    version: Spanned<String>,
    #[serde(default, rename = "item")]
    items: Vec<Spanned<RawItem>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    code: Spanned<String>,
    name: RawText,
    amount: Spanned<f64>,
    unit: Spanned<String>,
    price_year: Spanned<i64>,
    stakeholder: Spanned<String>,
    value_type: Spanned<String>,
    confidence: Spanned<i64>,
    indicative: bool,
    licence: Spanned<String>,
    source: Spanned<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    nl: Spanned<String>,
    en: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    publication: Spanned<String>,
    publisher: Spanned<String>,
    year: Spanned<i64>,
    url: Spanned<String>,
    note: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndexSeries {
    id: Spanned<String>,
    name: RawText,
    base: Spanned<String>,
    source: Spanned<RawSource>,
    #[serde(default, rename = "year")]
    years: Vec<Spanned<RawYear>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: Spanned<i64>,
    index: Spanned<f64>,
}

/// A required, non-blank string field; `what` names it in the error.
fn required(field: &Spanned<String>, what: &str) -> Result<String, Invalid> {
    if field.get_ref().trim().is_empty() {
        return Err((field.span().start, format!("{what} must not be empty")));
    }
    Ok(field.get_ref().clone())
}

/// A year within `range`; `what` names it in the error.
fn year(field: &Spanned<i64>, range: RangeInclusive<i64>, what: &str) -> Result<i32, Invalid> {
    let found = *field.get_ref();
    i32::try_from(found)
        .ok()
        .filter(|_| range.contains(&found))
        .ok_or_else(|| (field.span().start, format!("{what} {found} is outside {}–{}", range.start(), range.end())))
}

impl RawText {
    /// Both languages must be present and not blank; `what` names the text in the error.
    fn validate(self, what: &str) -> Result<Text, Invalid> {
        let nl = required(&self.nl, &format!("the Dutch text (nl) of {what}"))?;
        let en = required(&self.en, &format!("the English text (en) of {what}"))?;
        Ok(Text { nl, en })
    }
}

impl RawSource {
    fn draft(&self) -> SourceDraft {
        SourceDraft {
            publication: self.publication.get_ref().clone(),
            publisher: self.publisher.get_ref().clone(),
            year: Some(*self.year.get_ref()),
            url: self.url.get_ref().clone(),
            note: self.note.as_ref().map(|n| n.get_ref().clone()).unwrap_or_default(),
        }
    }

    /// Where a source field starts in the file.
    fn offset(&self, field: ItemField) -> Option<usize> {
        Some(match field {
            ItemField::SourcePublication => self.publication.span().start,
            ItemField::SourcePublisher => self.publisher.span().start,
            ItemField::SourceYear => self.year.span().start,
            ItemField::SourceUrl => self.url.span().start,
            ItemField::SourceNote => self.note.as_ref()?.span().start,
            _ => return None,
        })
    }

    /// The rules of `check_source`; the first broken one with its place in the file.
    fn validate(&self, whose: &str, at: usize) -> Result<Source, Invalid> {
        let mut p = Problems::default();
        match (check_source(&self.draft(), whose, &mut p), p.0.first()) {
            (Some(source), None) => Ok(source),
            (_, first) => {
                let first = first.expect("a source without a value has a problem");
                Err((self.offset(first.field).unwrap_or(at), first.message.clone()))
            }
        }
    }
}

const CODE_RULE: &str = "use snake_case: a lowercase letter, then lowercase letters, digits or underscores";

impl RawCatalogue {
    /// Checks the rules serde cannot express and builds the public types. `text` is the whole file, used
    /// only to name the line of an earlier duplicate; with `index`, every price year must be one of its years.
    fn validate(self, text: &str, index: Option<&IndexSeries>) -> Result<Catalogue, Invalid> {
        let id = required(&self.id, "the catalogue id")?;
        let version = required(&self.version, "the catalogue version")?;
        if self.items.is_empty() {
            return Err((0, "a catalogue needs at least one [[item]]".to_string()));
        }
        let mut first_line: HashMap<String, usize> = HashMap::new();
        let mut items = Vec::with_capacity(self.items.len());
        for item in self.items {
            let item = item.into_inner();
            let at = item.code.span().start;
            let valid = item.validate(index)?;
            if let Some(first) = first_line.insert(valid.code.clone(), at) {
                return Err((at, format!("item code `{}` is used twice (first on line {})", valid.code, line_at(text, first))));
            }
            items.push(valid);
        }
        Ok(Catalogue { id, version, items })
    }
}

impl RawItem {
    fn draft(&self) -> ItemDraft {
        ItemDraft {
            code: self.code.get_ref().clone(),
            name_nl: self.name.nl.get_ref().clone(),
            name_en: self.name.en.get_ref().clone(),
            amount: Some(*self.amount.get_ref()),
            unit: self.unit.get_ref().clone(),
            price_year: Some(*self.price_year.get_ref()),
            stakeholder: self.stakeholder.get_ref().clone(),
            value_type: self.value_type.get_ref().clone(),
            confidence: Some(*self.confidence.get_ref()),
            indicative: self.indicative,
            licence: self.licence.get_ref().clone(),
            source: self.source.get_ref().draft(),
        }
    }

    /// Where a field starts in the file.
    fn offset(&self, field: ItemField) -> usize {
        match field {
            ItemField::Code => self.code.span().start,
            ItemField::NameNl => self.name.nl.span().start,
            ItemField::NameEn => self.name.en.span().start,
            ItemField::Amount => self.amount.span().start,
            ItemField::Unit => self.unit.span().start,
            ItemField::PriceYear => self.price_year.span().start,
            ItemField::Stakeholder => self.stakeholder.span().start,
            ItemField::ValueType => self.value_type.span().start,
            ItemField::Confidence => self.confidence.span().start,
            ItemField::Licence => self.licence.span().start,
            source => self.source.get_ref().offset(source).unwrap_or(self.source.span().start),
        }
    }

    /// The rules of `validate_item`; the first broken one with its place in the file.
    fn validate(&self, index: Option<&IndexSeries>) -> Result<UnitCost, Invalid> {
        validate_item(&self.draft(), index).map_err(|problems| {
            let first = &problems[0];
            (self.offset(first.field), first.message.clone())
        })
    }
}

impl RawIndexSeries {
    /// Years must be unique and ascending, every index level positive. `text` names an earlier line.
    fn validate(self, text: &str) -> Result<IndexSeries, Invalid> {
        let id = required(&self.id, "the index id")?;
        let name = self.name.validate("the index name")?;
        let base = required(&self.base, "the index base")?;
        let source = self.source.get_ref().validate("the index series", self.source.span().start)?;
        if self.years.is_empty() {
            return Err((0, "an index series needs at least one [[year]]".to_string()));
        }
        let mut years = BTreeMap::new();
        let mut previous: Option<(i32, usize)> = None;
        for entry in self.years {
            let entry = entry.into_inner();
            let at = entry.year.span().start;
            let y = year(&entry.year, OTHER_YEARS, "index year")?;
            match previous {
                Some((p, line)) if p == y => return Err((at, format!("index year {y} is listed twice (first on line {line})"))),
                Some((p, _)) if y < p => return Err((at, format!("index years must ascend: {y} comes after {p}"))),
                _ => {}
            }
            let level = *entry.index.get_ref();
            if !(level.is_finite() && level > 0.0) {
                return Err((entry.index.span().start, format!("the index for {y} must be a positive number, found {level}")));
            }
            years.insert(y, level);
            previous = Some((y, line_at(text, at)));
        }
        Ok(IndexSeries { id, name, base, source, years })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A small valid catalogue; the tests below break it one rule at a time.
    const SMALL: &str = r#"id = "test"
version = "1"

[[item]]
code = "bijstand"
name.nl = "Bijstand"
name.en = "Social assistance"
amount = 1345.45
unit = "per_month"
price_year = 2025
stakeholder = "gemeente_participatiewet"
value_type = "fiscal"
confidence = 2
indicative = false
licence = "public information"
[item.source]
publication = "Normen"
publisher = "Rijksoverheid"
year = 2025
url = "https://example.org/normen"
note = "incl. vakantiegeld"
"#;

    /// A small valid index series.
    const SMALL_INDEX: &str = r#"id = "cpi"
name.nl = "CPI"
name.en = "CPI"
base = "2015 = 100"

[source]
publication = "CPI"
publisher = "CBS"
year = 2025
url = "https://example.org/cpi"

[[year]]
year = 2015
index = 100.0

[[year]]
year = 2022
index = 121.43
"#;

    /// `text` with one exact, unique piece of text replaced.
    fn with(text: &str, from: &str, to: &str) -> String {
        assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
        text.replacen(from, to, 1)
    }

    fn small_with(from: &str, to: &str) -> String {
        with(SMALL, from, to)
    }

    fn index_with(from: &str, to: &str) -> String {
        with(SMALL_INDEX, from, to)
    }

    fn check(result: Result<(), CatalogueError>, line: usize, reason: &str) {
        let e = result.expect_err("must be rejected");
        assert_eq!(e.file, "test.toml");
        assert!(e.reason.contains(reason), "reason {:?} should contain {reason:?}", e.reason);
        assert_eq!(e.line, line, "wrong line for {e}");
    }

    fn assert_err(text: &str, line: usize, reason: &str) {
        check(Catalogue::parse("test.toml", text).map(|_| ()), line, reason);
    }

    fn assert_index_err(text: &str, line: usize, reason: &str) {
        check(IndexSeries::parse("test.toml", text).map(|_| ()), line, reason);
    }

    /// A second item, `code`, appended to `SMALL`; it starts on line 23.
    fn small_plus(code: &str, amount: &str) -> String {
        let second = SMALL[SMALL.find("[[item]]").unwrap()..].replacen("code = \"bijstand\"", &format!("code = \"{code}\""), 1);
        format!("{SMALL}\n{}", second.replacen("amount = 1345.45", &format!("amount = {amount}"), 1))
    }

    // The shipped files.

    #[test]
    fn shipped_files_parse() {
        let (catalogue, index) = builtin();
        assert_eq!((catalogue.id.as_str(), catalogue.version.as_str()), ("eenplan-eenheidsprijzen", "2026.1"));
        assert_eq!(index.id, "cbs-cpi-alle-bestedingen");
        assert_eq!(index.base, "2015 = 100");
        assert_eq!(index.years.get(&2015), Some(&100.0));
        assert_eq!(index.years.get(&2022), Some(&121.43));
    }

    #[test]
    fn shipped_catalogue_has_at_least_30_items_each_with_a_sourced_url() {
        let (catalogue, _) = builtin();
        assert!(catalogue.items.len() >= 30, "only {} items", catalogue.items.len());
        for item in &catalogue.items {
            let s = &item.source;
            assert!(s.url.starts_with("https://") || s.url.starts_with("http://"), "{}: {}", item.code, s.url);
            assert!(!s.publication.trim().is_empty() && !s.publisher.trim().is_empty(), "{}", item.code);
            assert!(!item.name.nl.trim().is_empty() && !item.name.en.trim().is_empty(), "{}", item.code);
            assert!(!item.licence.trim().is_empty(), "{}", item.code);
        }
    }

    #[test]
    fn shipped_index_covers_every_price_year_of_the_catalogue() {
        let (catalogue, index) = builtin();
        let last = *index.years.keys().last().unwrap();
        for item in &catalogue.items {
            assert!(index.years.contains_key(&item.price_year), "{}: no index for {}", item.code, item.price_year);
            let indexed = item.amount_in(&index, last).unwrap();
            assert!(indexed.is_finite() && indexed >= item.amount, "{}: {} → {indexed}", item.code, item.amount);
        }
    }

    #[test]
    fn shipped_grades_follow_the_indicative_rule() {
        // Weak sources (secondary, one provider, old) are indicative and graded 4–6; the rest 1–3.
        let (catalogue, _) = builtin();
        for item in &catalogue.items {
            assert_eq!(
                item.indicative,
                item.confidence.grade() >= 4,
                "{}: indicative {} with grade {}",
                item.code,
                item.indicative,
                item.confidence.grade()
            );
        }
    }

    #[test]
    fn shipped_catalogue_covers_the_main_areas() {
        let (catalogue, _) = builtin();
        for code in [
            "huisuitzetting_corporatie",
            "griffierecht_kanton_rechtspersoon",
            "maatschappelijke_opvang_plek",
            "bijstand_alleenstaande",
            "bijstand_gehuwden",
            "budgetbeheer_alleenstaande",
            "beschermingsbewind_schulden",
            "uithuisplaatsing",
            "pleegvergoeding_0_8",
            "wmo_begeleiding_basis",
            "wmo_begeleiding_plus",
            "beschermd_wonen_pgb",
            "ggz_contact_specialistisch",
            "delict_mishandeling",
            "detentie_dag_volwassene",
            "energie_afsluiten_meter",
            "cak_bestuursrechtelijke_premie",
            "huisarts_consult",
            "seh_bezoek",
            "maatschappelijk_werk_contact",
            "mantelzorg_uur",
            "productiviteitsverlies_uur",
        ] {
            assert!(catalogue.item(code).is_some(), "{code} is missing");
        }
        let bijstand = catalogue.item("bijstand_alleenstaande").unwrap();
        assert_eq!((bijstand.amount, bijstand.unit, bijstand.price_year), (1345.45, CostUnit::PerMonth, 2025));
        assert_eq!(bijstand.stakeholder, Stakeholder::GemeenteParticipatiewet);
    }

    // Indexing.

    fn small_index() -> IndexSeries {
        IndexSeries::parse("test.toml", SMALL_INDEX).unwrap()
    }

    #[test]
    fn indexing_in_the_same_year_keeps_the_amount() {
        let series = small_index();
        assert_eq!(series.index(1345.45, 2022, 2022), Ok(1345.45));
        assert_eq!(series.index(0.1, 2015, 2015), Ok(0.1));
    }

    #[test]
    fn indexing_uses_the_ratio_of_the_two_years() {
        let series = small_index();
        let up = series.index(100.0, 2015, 2022).unwrap();
        assert!((up - 121.43).abs() < 1e-9, "{up}");
        let down = series.index(121.43, 2022, 2015).unwrap();
        assert!((down - 100.0).abs() < 1e-9, "{down}");
        // The shipped series: 2022 → 2024 is 130.20 / 121.43.
        let (catalogue, cpi) = builtin();
        let ggz = catalogue.item("ggz_contact_specialistisch").unwrap();
        let in_2024 = ggz.amount_in(&cpi, 2024).unwrap();
        assert!((in_2024 - 134.0 * 130.20 / 121.43).abs() < 1e-9, "{in_2024}");
    }

    #[test]
    fn indexing_needs_both_years() {
        let series = small_index();
        assert_eq!(series.index(1.0, 2014, 2022), Err(IndexError::MissingYear(2014)));
        assert_eq!(series.index(1.0, 2015, 2030), Err(IndexError::MissingYear(2030)));
        assert_eq!(series.index(1.0, 2030, 2030), Err(IndexError::MissingYear(2030)));
        assert_eq!(IndexError::MissingYear(2030).to_string(), "no price index for 2030");
    }

    // The small files and each validation rule.

    #[test]
    fn small_catalogue_parses() {
        let c = Catalogue::parse("test.toml", SMALL).unwrap();
        let item = c.item("bijstand").unwrap();
        assert_eq!(item.name.get("en"), "Social assistance");
        assert_eq!((item.amount, item.unit, item.price_year), (1345.45, CostUnit::PerMonth, 2025));
        assert_eq!(
            (item.stakeholder, item.value_type, item.confidence.grade()),
            (Stakeholder::GemeenteParticipatiewet, ValueType::Fiscal, 2)
        );
        assert!(!item.indicative);
        assert_eq!(item.source.note.as_deref(), Some("incl. vakantiegeld"));
        assert_eq!(item.source.year, 2025);
        assert!(c.item("nothing").is_none());
    }

    #[test]
    fn an_integer_amount_is_accepted_and_a_blank_note_is_none() {
        let c = Catalogue::parse("test.toml", &small_with("amount = 1345.45", "amount = 130")).unwrap();
        assert_eq!(c.items[0].amount, 130.0);
        let c = Catalogue::parse("test.toml", &small_with("note = \"incl. vakantiegeld\"", "note = \" \"")).unwrap();
        assert_eq!(c.items[0].source.note, None);
        let c = Catalogue::parse("test.toml", &small_with("note = \"incl. vakantiegeld\"\n", "")).unwrap();
        assert_eq!(c.items[0].source.note, None);
    }

    #[test]
    fn syntax_error_names_its_line() {
        let e = Catalogue::parse("test.toml", &small_with("price_year = 2025", "price_year = = 2025")).unwrap_err();
        assert_eq!(e.line, 10);
        assert!(e.to_string().starts_with("test.toml:10: "), "{e}");
    }

    #[test]
    fn missing_source_field_is_rejected() {
        assert_err(&small_with("publisher = \"Rijksoverheid\"\n", ""), 16, "missing field `publisher`");
        assert_err(&small_with("url = \"https://example.org/normen\"\n", ""), 16, "missing field `url`");
        assert_err(&small_with("\nyear = 2025\n", "\n"), 16, "missing field `year`");
        let no_source = &SMALL[..SMALL.find("[item.source]").unwrap()];
        assert_err(no_source, 4, "missing field `source`");
    }

    #[test]
    fn empty_source_field_is_rejected() {
        assert_err(
            &small_with("publication = \"Normen\"", "publication = \"\""),
            17,
            "item `bijstand`: the source publication must not be empty",
        );
        assert_err(
            &small_with("publisher = \"Rijksoverheid\"", "publisher = \"  \""),
            18,
            "item `bijstand`: the source publisher must not be empty",
        );
        assert_err(
            &small_with("url = \"https://example.org/normen\"", "url = \"\""),
            20,
            "item `bijstand`: the source url must not be empty",
        );
        assert_err(&small_with("url = \"https://example.org/normen\"", "url = \"example.org\""), 20, "must start with https:// or http://");
        assert_err(&small_with("\nyear = 2025", "\nyear = 0"), 19, "item `bijstand`: the source year 0 is outside 1900–2100");
    }

    #[test]
    fn negative_or_non_finite_amount_is_rejected() {
        assert_err(&small_with("amount = 1345.45", "amount = -1.5"), 8, "item `bijstand`: the amount -1.5 must not be negative");
        assert_err(&small_with("amount = 1345.45", "amount = inf"), 8, "the amount must be a finite number of euros, found inf");
        assert_err(&small_with("amount = 1345.45", "amount = nan"), 8, "the amount must be a finite number of euros, found NaN");
        assert_err(&small_with("amount = 1345.45", "amount = \"1345\""), 8, "invalid type");
        assert!(Catalogue::parse("test.toml", &small_with("amount = 1345.45", "amount = 0")).is_ok());
    }

    #[test]
    fn unknown_stakeholder_is_rejected() {
        assert_err(
            &small_with("stakeholder = \"gemeente_participatiewet\"", "stakeholder = \"gemeente\""),
            11,
            "unknown stakeholder `gemeente`; use one of: gemeente_wmo, gemeente_jeugdwet",
        );
    }

    #[test]
    fn unknown_unit_is_rejected() {
        assert_err(
            &small_with("unit = \"per_month\"", "unit = \"per_week\""),
            9,
            "unknown unit `per_week`; use one of: once, per_month, per_year",
        );
    }

    #[test]
    fn unknown_value_type_is_rejected() {
        assert_err(
            &small_with("value_type = \"fiscal\"", "value_type = \"moral\""),
            12,
            "unknown value type `moral`; use one of: fiscal, economic, social",
        );
    }

    #[test]
    fn confidence_outside_1_to_6_is_rejected() {
        assert_err(&small_with("confidence = 2", "confidence = 0"), 13, "item `bijstand`: confidence 0 is outside 1–6");
        assert_err(&small_with("confidence = 2", "confidence = 7"), 13, "confidence 7 is outside 1–6");
        assert_err(&small_with("confidence = 2", "confidence = 300"), 13, "confidence 300 is outside 1–6");
        assert_err(&small_with("confidence = 2", "confidence = 2.5"), 13, "invalid type");
    }

    #[test]
    fn duplicate_code_is_rejected() {
        assert_err(&small_plus("bijstand", "1.0"), 24, "item code `bijstand` is used twice (first on line 5)");
        let c = Catalogue::parse("test.toml", &small_plus("bijstand_paar", "1922.07")).unwrap();
        assert_eq!(c.items.len(), 2);
    }

    #[test]
    fn bad_code_format_is_rejected() {
        assert_err(&small_with("code = \"bijstand\"", "code = \"Bijstand\""), 5, "item code `Bijstand` is invalid: use snake_case");
        assert_err(&small_with("code = \"bijstand\"", "code = \"1e_lijn\""), 5, "item code `1e_lijn` is invalid");
        assert_err(&small_with("code = \"bijstand\"", "code = \"bij-stand\""), 5, "item code `bij-stand` is invalid");
        assert_err(&small_with("code = \"bijstand\"", "code = \"\""), 5, "item code `` is invalid");
    }

    #[test]
    fn empty_name_is_rejected() {
        assert_err(
            &small_with("name.nl = \"Bijstand\"", "name.nl = \"\""),
            6,
            "the Dutch text (nl) of the name of item `bijstand` must not be empty",
        );
        assert_err(
            &small_with("name.en = \"Social assistance\"", "name.en = \" \""),
            7,
            "the English text (en) of the name of item `bijstand`",
        );
        assert_err(&small_with("name.en = \"Social assistance\"\n", ""), 6, "missing field `en`");
    }

    #[test]
    fn price_year_outside_1990_to_2100_is_rejected() {
        assert_err(&small_with("price_year = 2025", "price_year = 1989"), 10, "item `bijstand`: the price year 1989 is outside 1990–2100");
        assert_err(&small_with("price_year = 2025", "price_year = 2101"), 10, "the price year 2101 is outside 1990–2100");
        assert_err(&small_with("price_year = 2025", "price_year = 9999999999"), 10, "the price year 9999999999 is outside");
        assert!(Catalogue::parse("test.toml", &small_with("price_year = 2025", "price_year = 1990")).is_ok());
        assert!(Catalogue::parse("test.toml", &small_with("price_year = 2025", "price_year = 2100")).is_ok());
    }

    #[test]
    fn unknown_key_is_rejected() {
        assert_err(&small_with("unit = \"per_month\"", "unit = \"per_month\"\ncurrency = \"EUR\""), 10, "unknown field `currency`");
        assert_err(
            &small_with("name.en = \"Social assistance\"", "name.en = \"Social assistance\"\nname.de = \"Sozialhilfe\""),
            8,
            "unknown field `de`",
        );
        assert_err(&small_with("note = \"incl. vakantiegeld\"", "note = \"x\"\npage = 3"), 22, "unknown field `page`");
        assert_err(&small_with("version = \"1\"", "version = \"1\"\nowner = \"x\""), 3, "unknown field `owner`");
    }

    #[test]
    fn other_required_fields_are_checked() {
        assert_err(&small_with("licence = \"public information\"", "licence = \"\""), 15, "item `bijstand`: the licence must not be empty");
        assert_err(&small_with("indicative = false\n", ""), 4, "missing field `indicative`");
        assert_err(&small_with("id = \"test\"", "id = \" \""), 1, "the catalogue id must not be empty");
        assert_err(&small_with("version = \"1\"", "version = \"\""), 2, "the catalogue version must not be empty");
        assert_err(&SMALL[..SMALL.find("[[item]]").unwrap()], 1, "a catalogue needs at least one [[item]]");
    }

    // Index series validation.

    #[test]
    fn index_years_must_be_unique_and_ascending() {
        assert_index_err(&index_with("year = 2022", "year = 2015"), 17, "index year 2015 is listed twice (first on line 13)");
        assert_index_err(&index_with("year = 2022", "year = 2014"), 17, "index years must ascend: 2014 comes after 2015");
        assert_index_err(&index_with("year = 2022", "year = 1899"), 17, "index year 1899 is outside 1900–2100");
    }

    #[test]
    fn index_levels_must_be_positive() {
        assert_index_err(&index_with("index = 121.43", "index = 0.0"), 18, "the index for 2022 must be a positive number, found 0");
        assert_index_err(&index_with("index = 100.0", "index = -100.0"), 14, "the index for 2015 must be a positive number, found -100");
        assert_index_err(&index_with("index = 100.0", "index = nan"), 14, "must be a positive number, found NaN");
        assert_index_err(&index_with("index = 100.0", "index = inf"), 14, "must be a positive number, found inf");
    }

    #[test]
    fn index_file_other_rules() {
        assert_index_err(
            &index_with("url = \"https://example.org/cpi\"", "url = \"\""),
            10,
            "the index series: the source url must not be empty",
        );
        assert_index_err(&index_with("base = \"2015 = 100\"", "base = \"\""), 4, "the index base must not be empty");
        assert_index_err(&index_with("name.nl = \"CPI\"", "name.nl = \"\""), 2, "the Dutch text (nl) of the index name");
        assert_index_err(&index_with("base = \"2015 = 100\"", "base = \"2015 = 100\"\nunit = \"%\""), 5, "unknown field `unit`");
        assert_index_err(&SMALL_INDEX[..SMALL_INDEX.find("[[year]]").unwrap()], 1, "at least one [[year]]");
        let older = IndexSeries::parse("test.toml", &index_with("year = 2015", "year = 1963")).unwrap();
        assert_eq!(older.years.keys().copied().collect::<Vec<_>>(), [1963, 2022]);
        let series = small_index();
        assert_eq!(series.years.keys().copied().collect::<Vec<_>>(), [2015, 2022]);
        assert_eq!(series.name.get("nl"), "CPI");
    }

    // Overlay.

    #[test]
    fn overlay_replaces_same_codes_and_adds_new_ones() {
        let mut base = Catalogue::parse("base.toml", &small_plus("bijstand_paar", "1922.07")).unwrap();
        let own = format!(
            "{}\n{}",
            small_with("amount = 1345.45", "amount = 1400"),
            SMALL[SMALL.find("[[item]]").unwrap()..].replacen("code = \"bijstand\"", "code = \"eigen_post\"", 1)
        );
        let own = Catalogue::parse("own.toml", &own.replacen("id = \"test\"", "id = \"gemeente\"", 1)).unwrap();
        base.overlay(own);
        assert_eq!(base.id, "test");
        let codes: Vec<&str> = base.items.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["bijstand", "bijstand_paar", "eigen_post"]);
        assert_eq!(base.item("bijstand").unwrap().amount, 1400.0);
        assert_eq!(base.item("bijstand_paar").unwrap().amount, 1922.07);
    }

    // One item's rules, as the administrator's form uses them.

    #[test]
    fn an_item_survives_the_round_trip_through_a_draft() {
        let (catalogue, index) = builtin();
        for item in &catalogue.items {
            assert_eq!(validate_item(&ItemDraft::from(item), Some(&index)).as_ref(), Ok(item));
        }
    }

    #[test]
    fn a_form_gets_every_broken_rule_in_field_order_with_its_key() {
        let (catalogue, _) = builtin();
        let mut d = ItemDraft::from(catalogue.item("bijstand_alleenstaande").unwrap());
        d.code = "Bijstand!".into();
        d.amount = Some(-3.0);
        d.stakeholder = "gemeente".into();
        d.confidence = Some(9);
        d.source.publication = "  ".into();
        d.source.url = "www.example.org".into();
        let problems = validate_item(&d, None).unwrap_err();
        let found: Vec<(&str, &str)> = problems.iter().map(|p| (p.field.name(), p.key)).collect();
        assert_eq!(
            found,
            [
                ("code", "err-uc-code"),
                ("amount", "err-uc-amount-negative"),
                ("stakeholder", "err-uc-stakeholder"),
                ("confidence", "err-uc-confidence"),
                ("source_publication", "err-uc-source_publication"),
                ("source_url", "err-uc-source_url"),
            ]
        );
        assert!(problems[1].message.contains("the amount -3 must not be negative"), "{}", problems[1]);
    }

    #[test]
    fn a_number_that_could_not_be_read_and_too_long_texts_are_named() {
        let (catalogue, _) = builtin();
        let mut d = ItemDraft::from(&catalogue.items[0]);
        (d.amount, d.price_year, d.confidence, d.source.year) = (None, None, None, None);
        d.licence = "x".repeat(MAX_ITEM_TEXT + 1);
        let keys: Vec<&str> = validate_item(&d, None).unwrap_err().iter().map(|p| p.key).collect();
        assert_eq!(keys, ["err-uc-amount", "err-uc-price_year", "err-uc-confidence", "err-uc-too-long", "err-uc-source_year"]);
    }

    #[test]
    fn texts_are_trimmed_and_a_blank_note_is_none() {
        let (catalogue, _) = builtin();
        let mut d = ItemDraft::from(&catalogue.items[0]);
        d.name_nl = "  Bijstand  ".into();
        d.source.note = "   ".into();
        let item = validate_item(&d, None).unwrap();
        assert_eq!((item.name.nl.as_str(), item.source.note), ("Bijstand", None));
    }

    #[test]
    fn a_price_year_the_index_lacks_is_refused_with_its_line() {
        let index = small_index();
        let file = small_with("price_year = 2025", "price_year = 2021");
        assert!(Catalogue::parse("test.toml", &file).is_ok(), "without an index any year 1990–2100 goes");
        check(Catalogue::parse_with_index("test.toml", &file, &index).map(|_| ()), 10, "item `bijstand`: the price index has no year 2021");
        let fine = small_with("price_year = 2025", "price_year = 2022");
        assert!(Catalogue::parse_with_index("test.toml", &fine, &index).is_ok());
        let mut d = ItemDraft::from(&Catalogue::parse("test.toml", &file).unwrap().items[0]);
        let keys: Vec<&str> = validate_item(&d, Some(&index)).unwrap_err().iter().map(|p| p.key).collect();
        assert_eq!(keys, ["err-uc-price_year-index"]);
        d.price_year = Some(2015);
        assert!(validate_item(&d, Some(&index)).is_ok());
    }

    #[test]
    fn overlaying_the_shipped_catalogue_on_itself_changes_nothing() {
        let (mut catalogue, _) = builtin();
        let before = catalogue.clone();
        catalogue.overlay(before.clone());
        assert_eq!(catalogue, before);
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in ".{0,400}") {
            let _ = Catalogue::parse("fuzz.toml", &text);
            let _ = IndexSeries::parse("fuzz.toml", &text);
        }

        #[test]
        fn parse_never_panics_on_a_cut_or_patched_file(cut in 0usize..BUILTIN_CATALOGUE.1.len(), patch in "[ -~\n]{0,12}") {
            for shipped in [BUILTIN_CATALOGUE.1, BUILTIN_INDEX.1] {
                let mut cut = cut.min(shipped.len());
                while !shipped.is_char_boundary(cut) {
                    cut -= 1;
                }
                let _ = Catalogue::parse("fuzz.toml", &shipped[..cut]);
                let _ = IndexSeries::parse("fuzz.toml", &shipped[..cut]);
                let patched = format!("{}{patch}{}", &shipped[..cut], &shipped[cut..]);
                let _ = Catalogue::parse("fuzz.toml", &patched);
                let _ = IndexSeries::parse("fuzz.toml", &patched);
            }
        }

        #[test]
        fn indexing_there_and_back_returns_the_amount(amount in 0.0f64..1e7, a in 2012i32..=2025, b in 2012i32..=2025) {
            let (_, cpi) = builtin();
            let there = cpi.index(amount, a, b).unwrap();
            let back = cpi.index(there, b, a).unwrap();
            prop_assert!((back - amount).abs() <= 1e-9 * amount.max(1.0));
        }
    }
}
