//! The financial screening (*uitvragen financiën*) as data.
//!
//! A screening is a TOML file (see `data/screening/`) with a short questionnaire that a generalist goes
//! through with the household — income, pending applications, allowances, arrears, debt collection, help
//! with money — and rules that turn the answers into suggestions (debt counselling, a call to the landlord,
//! …), each with its urgency and the reason shown to the worker. The worker accepts a suggestion (a
//! referral draft) or dismisses it with a reason: a [`Response`].
//!
//! Conditions are a small declarative language, not expressions: `all` and `any` lists of tests on one
//! question each (`is = true` for yes/no, `in = [..]` for a choice, `op` and `value` for a number). An
//! unanswered question never makes a test true.
//!
//! Every active household gets a screening every few months, whatever the team's work (youth care
//! included, situation 4): [`screening_overdue`] and [`screening_alert`].
//!
//! Like the instrument loader ([`crate::instrument`]) this module does no IO: the caller reads the files
//! and passes their text in, and every error names the file and the 1-based line of the offending item.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use time::{Date, Month};
use toml::Spanned;

use crate::code_enum;
use crate::household::{FieldError, MAX_TEXT, Status, Urgency, required_text};
use crate::instrument::{
    CODE_RULE, ID_RULE, Invalid, RawText, Text, VERSION_RULE, formatted, is_code, is_id, is_version, line_at, required, unique,
};

/// Months without a financial screening after which an active household gets an alert.
pub const DEFAULT_SCREENING_MONTHS: u32 = 6;

/// How deep conditions may nest: the rule's own condition is level 1.
pub const MAX_DEPTH: usize = 4;

code_enum!(
    /// What a rule suggests: the kind of service a referral draft goes to.
    ServiceKind {
        DebtCounselling = "debt_counselling",
        LandlordContact = "landlord_contact",
        WorkAndIncomeUrgent = "work_and_income_urgent",
        SocialLegalAdvice = "social_legal_advice",
        EnergySupplierContact = "energy_supplier_contact",
        WaterCompanyContact = "water_company_contact",
        HealthInsurerContact = "health_insurer_contact",
        BudgetCoaching = "budget_coaching",
        BudgetManagement = "budget_management",
    }
);

code_enum!(
    /// The kind of answer a question takes (the `kind` field of a question).
    KindCode { YesNo = "yes_no", Choice = "choice", Number = "number", Months = "months", Weeks = "weeks" }
);

code_enum!(
    /// How a test compares a number answer with its value: `answer op value`.
    Op { Ge = ">=", Gt = ">", Le = "<=", Lt = "<", Eq = "==", Ne = "!=" }
);

impl Op {
    pub fn holds(self, answer: i64, value: i64) -> bool {
        match self {
            Op::Ge => answer >= value,
            Op::Gt => answer > value,
            Op::Le => answer <= value,
            Op::Lt => answer < value,
            Op::Eq => answer == value,
            Op::Ne => answer != value,
        }
    }
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceOption {
    pub code: String,
    pub label: Text,
}

/// What a question takes as its answer. Number, months and weeks are whole numbers in `min..=max`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    YesNo,
    /// One of at least two options.
    Choice(Vec<ChoiceOption>),
    Number {
        unit: Text,
        min: i64,
        max: i64,
    },
    Months {
        min: i64,
        max: i64,
    },
    Weeks {
        min: i64,
        max: i64,
    },
}

impl Kind {
    pub fn code(&self) -> KindCode {
        match self {
            Kind::YesNo => KindCode::YesNo,
            Kind::Choice(_) => KindCode::Choice,
            Kind::Number { .. } => KindCode::Number,
            Kind::Months { .. } => KindCode::Months,
            Kind::Weeks { .. } => KindCode::Weeks,
        }
    }

    /// The range of a number, months or weeks question.
    pub fn range(&self) -> Option<(i64, i64)> {
        match *self {
            Kind::Number { min, max, .. } | Kind::Months { min, max } | Kind::Weeks { min, max } => Some((min, max)),
            Kind::YesNo | Kind::Choice(_) => None,
        }
    }

    /// The options of a choice question (empty for the other kinds).
    pub fn options(&self) -> &[ChoiceOption] {
        match self {
            Kind::Choice(options) => options,
            _ => &[],
        }
    }
}

/// One question of the questionnaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// snake_case, unique within the screening.
    pub code: String,
    pub text: Text,
    pub help: Option<Text>,
    pub kind: Kind,
    /// A required question must be answered whenever it is asked.
    pub required: bool,
    /// Asked only when this holds (it tests earlier questions only); always asked when `None`.
    pub ask_if: Option<Condition>,
}

/// A titled group of questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub code: String,
    pub title: Text,
    pub questions: Vec<Question>,
}

/// The questions, in sections, in the order they are asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Questionnaire {
    pub sections: Vec<Section>,
}

impl Questionnaire {
    /// Every question in order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    pub fn question(&self, code: &str) -> Option<&Question> {
        self.questions().find(|q| q.code == code)
    }
}

/// An answer. In JSON it is the bare value: `true`, `3` or `"none"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// The answer to a yes/no question.
    Bool(bool),
    /// The answer to a number, months or weeks question.
    Number(i64),
    /// The code of the chosen option of a choice question.
    Choice(String),
}

/// The household's answers: question code → answer. A question left out is unanswered.
pub type Answers = BTreeMap<String, Value>;

/// What a test asks of one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// A yes/no answer is this.
    Is(bool),
    /// A choice answer is one of these options.
    In(Vec<String>),
    /// A number answer compares so with the value.
    Compare { op: Op, value: i64 },
}

impl Check {
    /// Whether `answer` passes; an answer of the wrong kind never does.
    pub fn holds(&self, answer: &Value) -> bool {
        match (self, answer) {
            (Check::Is(expected), Value::Bool(b)) => b == expected,
            (Check::In(options), Value::Choice(c)) => options.contains(c),
            (Check::Compare { op, value }, Value::Number(n)) => op.holds(*n, *value),
            _ => false,
        }
    }
}

/// A condition over the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// Every part holds (never empty).
    All(Vec<Condition>),
    /// At least one part holds (never empty).
    Any(Vec<Condition>),
    /// The answer to one question passes a check; an unanswered question fails every check.
    Test { question: String, check: Check },
}

impl Condition {
    pub fn holds(&self, answers: &Answers) -> bool {
        match self {
            Condition::All(parts) => parts.iter().all(|c| c.holds(answers)),
            Condition::Any(parts) => parts.iter().any(|c| c.holds(answers)),
            Condition::Test { question, check } => answers.get(question).is_some_and(|a| check.holds(a)),
        }
    }

    /// Every test in the condition, depth first, in file order.
    pub fn tests(&self) -> Vec<(&str, &Check)> {
        let mut out = Vec::new();
        self.collect_tests(&mut out);
        out
    }

    fn collect_tests<'a>(&'a self, out: &mut Vec<(&'a str, &'a Check)>) {
        match self {
            Condition::All(parts) | Condition::Any(parts) => parts.iter().for_each(|c| c.collect_tests(out)),
            Condition::Test { question, check } => out.push((question, check)),
        }
    }
}

/// A rule: when its condition holds, it suggests services with an urgency and a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// snake_case, unique within the screening.
    pub code: String,
    pub when: Condition,
    /// At least one, no kind twice.
    pub suggest: Vec<ServiceKind>,
    pub urgency: Urgency,
    /// Shown to the worker with the suggestion.
    pub reason: Text,
}

/// A parsed and validated screening: its questionnaire and its rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screening {
    pub id: String,
    pub version: String,
    pub licence: String,
    pub source: String,
    pub name: Text,
    pub description: Text,
    pub questionnaire: Questionnaire,
    /// In file order; codes are unique.
    pub rules: Vec<Rule>,
}

/// Why a screening file was rejected, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct ScreeningError {
    pub file: String,
    /// 1-based.
    pub line: usize,
    pub reason: String,
}

/// What is wrong with the answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerProblem {
    #[error("no such question")]
    UnknownQuestion,
    #[error("a {} question needs {}", .expected.code(), expected_value(*.expected))]
    WrongKind { expected: KindCode },
    #[error("not one of the options")]
    UnknownOption,
    #[error("outside {min}–{max}")]
    OutOfRange { min: i64, max: i64 },
    #[error("required")]
    Missing,
    #[error("answered, but not asked given the other answers")]
    NotAsked,
}

impl AnswerProblem {
    /// The i18n key of the message shown next to the question.
    pub fn key(&self) -> &'static str {
        match self {
            AnswerProblem::UnknownQuestion => "err-screening-unknown-question",
            AnswerProblem::WrongKind { .. } => "err-screening-wrong-kind",
            AnswerProblem::UnknownOption => "err-screening-unknown-option",
            AnswerProblem::OutOfRange { .. } => "err-screening-out-of-range",
            AnswerProblem::Missing => "err-required",
            AnswerProblem::NotAsked => "err-screening-not-asked",
        }
    }
}

fn expected_value(kind: KindCode) -> &'static str {
    match kind {
        KindCode::YesNo => "yes or no",
        KindCode::Choice => "one of its options",
        KindCode::Number | KindCode::Months | KindCode::Weeks => "a whole number",
    }
}

/// A problem with the answer to the question `question`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{question}: {problem}")]
pub struct AnswerError {
    pub question: String,
    pub problem: AnswerProblem,
}

impl Question {
    /// Whether the question is asked, given the other answers.
    pub fn asked(&self, answers: &Answers) -> bool {
        self.ask_if.as_ref().is_none_or(|c| c.holds(answers))
    }

    /// Checks one answer against the question's kind, options and range.
    pub fn check(&self, answer: &Value) -> Result<(), AnswerProblem> {
        let wrong = AnswerProblem::WrongKind { expected: self.kind.code() };
        match (&self.kind, answer) {
            (Kind::YesNo, Value::Bool(_)) => Ok(()),
            (Kind::Choice(options), Value::Choice(c)) => {
                if options.iter().any(|o| &o.code == c) {
                    Ok(())
                } else {
                    Err(AnswerProblem::UnknownOption)
                }
            }
            (kind, Value::Number(n)) => match kind.range() {
                Some((min, max)) if (min..=max).contains(n) => Ok(()),
                Some((min, max)) => Err(AnswerProblem::OutOfRange { min, max }),
                None => Err(wrong),
            },
            _ => Err(wrong),
        }
    }

    /// Reads a form field: blank is unanswered (`None`); yes/no takes `ja`/`nee`, `yes`/`no` or
    /// `true`/`false`; a choice takes an option code; the others take a whole number. The answer is checked.
    pub fn parse_input(&self, input: &str) -> Result<Option<Value>, AnswerProblem> {
        let input = input.trim();
        if input.is_empty() {
            return Ok(None);
        }
        let wrong = AnswerProblem::WrongKind { expected: self.kind.code() };
        let value = match &self.kind {
            Kind::YesNo => match input.to_lowercase().as_str() {
                "ja" | "yes" | "true" => Value::Bool(true),
                "nee" | "no" | "false" => Value::Bool(false),
                _ => return Err(wrong),
            },
            Kind::Choice(_) => Value::Choice(input.to_string()),
            Kind::Number { .. } | Kind::Months { .. } | Kind::Weeks { .. } => Value::Number(input.parse().map_err(|_| wrong)?),
        };
        self.check(&value)?;
        Ok(Some(value))
    }
}

/// Checks the answers against the questionnaire: every answer belongs to a question that is asked and fits
/// its kind, options and range, and every required question that is asked has an answer. All problems are
/// returned, in the order of the questions, then unknown codes in alphabetical order.
pub fn check_answers(questionnaire: &Questionnaire, answers: &Answers) -> Result<(), Vec<AnswerError>> {
    let mut errors = Vec::new();
    let mut known = HashSet::new();
    for q in questionnaire.questions() {
        known.insert(q.code.as_str());
        let problem = match (answers.get(&q.code), q.asked(answers)) {
            (None, true) if q.required => Some(AnswerProblem::Missing),
            (None, _) => None,
            (Some(_), false) => Some(AnswerProblem::NotAsked),
            (Some(answer), true) => q.check(answer).err(),
        };
        if let Some(problem) = problem {
            errors.push(AnswerError { question: q.code.clone(), problem });
        }
    }
    for code in answers.keys().filter(|c| !known.contains(c.as_str())) {
        errors.push(AnswerError { question: code.clone(), problem: AnswerProblem::UnknownQuestion });
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// A suggestion made by a rule: one per service kind the rule suggests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The code of the rule that made it.
    pub rule: String,
    pub kind: ServiceKind,
    pub urgency: Urgency,
    pub reason: Text,
}

/// The suggestions of every rule whose condition holds: most urgent first, then in the order of the
/// rules in the file, then in the order of each rule's `suggest` list. Check the answers first
/// ([`check_answers`]); this function takes them as they are.
pub fn suggestions(screening: &Screening, answers: &Answers) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = screening
        .rules
        .iter()
        .filter(|r| r.when.holds(answers))
        .flat_map(|r| r.suggest.iter().map(|&kind| Suggestion { rule: r.code.clone(), kind, urgency: r.urgency, reason: r.reason.clone() }))
        .collect();
    // A stable sort keeps the file order within one urgency.
    out.sort_by_key(|s| Reverse(s.urgency));
    out
}

/// The worker's response to a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// Accepted: a referral draft to the suggested kind of service is wanted.
    Accepted,
    /// Dismissed, with the worker's reason (required, trimmed, at most [`MAX_TEXT`] characters).
    Dismissed { reason: String },
}

impl Decision {
    /// A dismissal with its reason, trimmed; a blank reason is [`FieldError::Required`].
    pub fn dismiss(reason: &str) -> Result<Decision, FieldError> {
        Ok(Decision::Dismissed { reason: required_text(reason, MAX_TEXT)? })
    }

    /// Checks a decision built elsewhere (a form, the API, the store): a dismissal needs a reason that is
    /// not blank and at most [`MAX_TEXT`] characters.
    pub fn check(&self) -> Result<(), FieldError> {
        match self {
            Decision::Accepted => Ok(()),
            Decision::Dismissed { reason } => required_text(reason, MAX_TEXT).map(|_| ()),
        }
    }

    pub fn wants_referral_draft(&self) -> bool {
        matches!(self, Decision::Accepted)
    }
}

/// The worker's decision on one suggestion (a rule and a kind), to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub rule: String,
    pub kind: ServiceKind,
    pub decision: Decision,
}

/// A response must answer one of the suggestions made ([`FieldError::UnknownValue`] otherwise) and its
/// decision must pass [`Decision::check`].
pub fn check_response(suggested: &[Suggestion], response: &Response) -> Result<(), FieldError> {
    if !suggested.iter().any(|s| s.rule == response.rule && s.kind == response.kind) {
        return Err(FieldError::UnknownValue);
    }
    response.decision.check()
}

/// Whether a financial screening is due: there was none yet, or the last one (`last`) was `months` or
/// more calendar months before `today`. A screening on 31 August is due again on the last day of
/// February for six months. A `last` after `today` is not overdue.
pub fn screening_overdue(last: Option<Date>, today: Date, months: u32) -> bool {
    match last {
        None => true,
        // A due date beyond the calendar's range never comes.
        Some(last) => add_months(last, months).is_some_and(|due| due <= today),
    }
}

/// Whether a household shows the "no financial screening" alert: it is active and its screening is
/// overdue. The team's kind of work is deliberately not an input: a household with youth care gets the
/// alert like any other (situation 4).
pub fn screening_alert(status: Status, last: Option<Date>, today: Date, months: u32) -> bool {
    status == Status::Active && screening_overdue(last, today, months)
}

/// `date` plus whole calendar months; a day past the end of the target month becomes its last day.
fn add_months(date: Date, months: u32) -> Option<Date> {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    Date::from_calendar_date(year, month, date.day().min(month.length(year))).ok()
}

// Loading.

impl Screening {
    /// Parses and validates one screening file; `file` is the name used in errors.
    pub fn parse(file: &str, text: &str) -> Result<Screening, ScreeningError> {
        let err = |offset: usize, reason: String| ScreeningError { file: file.to_string(), line: line_at(text, offset), reason };
        let raw: RawScreening = toml::from_str(text).map_err(|e| err(e.span().map_or(0, |s| s.start), e.message().trim().to_string()))?;
        raw.validate(text).map_err(|(offset, reason)| err(offset, reason))
    }

    pub fn rule(&self, code: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.code == code)
    }
}

/// The file name and text of the screening Eenplan ships (built into the program, so it runs from
/// anywhere); a municipality adds its own files beside it.
pub const BUILTIN: (&str, &str) = ("eenplan-financien.toml", include_str!("../../../data/screening/eenplan-financien.toml"));

/// The screening Eenplan ships, parsed (its validity is a test).
pub fn builtin() -> Vec<Screening> {
    vec![Screening::parse(BUILTIN.0, BUILTIN.1).expect("the built-in screening is valid (tested)")]
}

/// Parses every (file name, text) pair; a second screening with the same id and version is an error
/// (reported at the second file, line 1). Returns them sorted by id, then version.
pub fn load_all(files: &[(String, String)]) -> Result<Vec<Screening>, ScreeningError> {
    let mut seen: HashMap<(String, String), &str> = HashMap::new();
    let mut all = Vec::with_capacity(files.len());
    for (file, text) in files {
        let screening = Screening::parse(file, text)?;
        if let Some(first) = seen.insert((screening.id.clone(), screening.version.clone()), file) {
            return Err(ScreeningError {
                file: file.clone(),
                line: 1,
                reason: format!("screening `{}` version `{}` is already defined in {first}", screening.id, screening.version),
            });
        }
        all.push(screening);
    }
    all.sort_by(|a, b| (&a.id, &a.version).cmp(&(&b.id, &b.version)));
    Ok(all)
}

// The file as written, with the byte spans needed to point at mistakes.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScreening {
    id: Spanned<String>,
    version: Spanned<String>,
    licence: Spanned<String>,
    source: Spanned<String>,
    name: RawText,
    description: RawText,
    #[serde(default, rename = "section")]
    sections: Vec<Spanned<RawSection>>,
    #[serde(default, rename = "rule")]
    rules: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    code: Spanned<String>,
    title: RawText,
    #[serde(default, rename = "question")]
    questions: Vec<Spanned<RawQuestion>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    code: Spanned<String>,
    kind: Spanned<String>,
    text: RawText,
    help: Option<RawText>,
    #[serde(default = "yes")]
    required: bool,
    unit: Option<Spanned<RawText>>,
    min: Option<Spanned<i64>>,
    max: Option<Spanned<i64>>,
    options: Option<Spanned<Vec<Spanned<RawOption>>>>,
    ask_if: Option<Spanned<RawCondition>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    code: Spanned<String>,
    label: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    code: Spanned<String>,
    suggest: Spanned<Vec<Spanned<String>>>,
    urgency: Spanned<String>,
    reason: RawText,
    when: Spanned<RawCondition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    question: Option<Spanned<String>>,
    is: Option<Spanned<bool>>,
    #[serde(rename = "in")]
    within: Option<Spanned<Vec<Spanned<String>>>>,
    op: Option<Spanned<String>>,
    value: Option<Spanned<i64>>,
    all: Option<Spanned<Vec<Spanned<RawCondition>>>>,
    any: Option<Spanned<Vec<Spanned<RawCondition>>>>,
}

/// The questions a condition may test: code → kind. `later` holds the codes that exist but may not be
/// used here (an `ask_if` tests earlier questions only).
struct Scope<'a> {
    kinds: &'a HashMap<String, Kind>,
    later: &'a HashSet<String>,
}

impl Scope<'_> {
    fn kind(&self, question: &Spanned<String>, whose: &str) -> Result<&Kind, Invalid> {
        let code = question.get_ref();
        self.kinds.get(code).ok_or_else(|| {
            let why = if self.later.contains(code) {
                "which is not asked before it; a question's `ask_if` may only test earlier questions"
            } else {
                "which is not a question of this screening"
            };
            (question.span().start, format!("{whose}: the condition tests `{code}`, {why}"))
        })
    }
}

impl RawScreening {
    /// Checks the rules serde cannot express and builds the public types. `text` is the whole file,
    /// used only to name the line of an earlier duplicate.
    fn validate(self, text: &str) -> Result<Screening, Invalid> {
        let id = formatted(&self.id, "id", is_id, ID_RULE)?;
        let version = formatted(&self.version, "version", is_version, VERSION_RULE)?;
        let licence = required(&self.licence, "licence")?;
        let source = required(&self.source, "source")?;
        let name = self.name.validate("the screening name")?;
        let description = self.description.validate("the screening description")?;

        let all_codes: HashSet<String> =
            self.sections.iter().flat_map(|s| s.get_ref().questions.iter().map(|q| q.get_ref().code.get_ref().clone())).collect();
        let mut kinds: HashMap<String, Kind> = HashMap::new();
        let mut section_codes = HashMap::new();
        let mut question_codes = HashMap::new();
        let mut sections = Vec::with_capacity(self.sections.len());
        for section in self.sections {
            let at = section.span().start;
            let section = section.into_inner();
            let code = formatted(&section.code, "section code", is_code, CODE_RULE)?;
            unique(&mut section_codes, &section.code, "section", text)?;
            let title = section.title.validate(&format!("section `{code}` title"))?;
            if section.questions.is_empty() {
                return Err((at, format!("section `{code}` needs at least one [[section.question]]")));
            }
            let mut questions = Vec::with_capacity(section.questions.len());
            for question in section.questions {
                let question = question.into_inner();
                unique(&mut question_codes, &question.code, "question", text)?;
                let later: HashSet<String> = all_codes.iter().filter(|c| !kinds.contains_key(*c)).cloned().collect();
                let question = question.validate(&Scope { kinds: &kinds, later: &later })?;
                kinds.insert(question.code.clone(), question.kind.clone());
                questions.push(question);
            }
            sections.push(Section { code, title, questions });
        }
        if sections.is_empty() {
            return Err((0, "a screening needs at least one [[section]]".to_string()));
        }

        let scope = Scope { kinds: &kinds, later: &HashSet::new() };
        let mut rule_codes = HashMap::new();
        let mut rules = Vec::with_capacity(self.rules.len());
        for rule in self.rules {
            let rule = rule.into_inner();
            let code = formatted(&rule.code, "rule code", is_code, CODE_RULE)?;
            unique(&mut rule_codes, &rule.code, "rule", text)?;
            rules.push(rule.validate(code, &scope)?);
        }

        Ok(Screening { id, version, licence, source, name, description, questionnaire: Questionnaire { sections }, rules })
    }
}

impl RawQuestion {
    /// `scope` holds the questions before this one (for `ask_if`).
    fn validate(self, scope: &Scope) -> Result<Question, Invalid> {
        let code = formatted(&self.code, "question code", is_code, CODE_RULE)?;
        let whose = format!("question `{code}`");
        let kind_code = KindCode::parse(self.kind.get_ref()).map_err(|_| {
            let known: Vec<&str> = KindCode::ALL.iter().map(|k| k.code()).collect();
            (self.kind.span().start, format!("{whose}: unknown kind `{}`; use one of: {}", self.kind.get_ref(), known.join(", ")))
        })?;
        let text = self.text.validate(&format!("{whose} text"))?;
        let help = self.help.map(|h| h.validate(&format!("{whose} help"))).transpose()?;

        if let (Some(unit), false) = (&self.unit, kind_code == KindCode::Number) {
            return Err((unit.span().start, format!("{whose}: only a number question has a unit (months and weeks are their own unit)")));
        }
        if let (Some(options), false) = (&self.options, kind_code == KindCode::Choice) {
            return Err((options.span().start, format!("{whose}: only a choice question has options")));
        }
        if matches!(kind_code, KindCode::YesNo | KindCode::Choice)
            && let Some(bound) = self.min.as_ref().or(self.max.as_ref())
        {
            return Err((bound.span().start, format!("{whose}: only number, months and weeks questions have `min` and `max`")));
        }

        let kind = match kind_code {
            KindCode::YesNo => Kind::YesNo,
            KindCode::Choice => Kind::Choice(check_options(self.options, &whose, self.code.span().start)?),
            KindCode::Number => {
                let unit = self.unit.ok_or((self.code.span().start, format!("{whose}: a number question needs a `unit`")))?;
                let unit = unit.into_inner().validate(&format!("{whose} unit"))?;
                let min = self.min.as_ref().ok_or((self.code.span().start, format!("{whose}: a number question needs `min`")))?;
                let (min, max) = check_range(min, self.max.as_ref(), &whose, self.code.span().start)?;
                Kind::Number { unit, min, max }
            }
            KindCode::Months | KindCode::Weeks => {
                let zero = Spanned::new(0..0, 0);
                let min = self.min.as_ref().unwrap_or(&zero);
                if *min.get_ref() < 0 {
                    return Err((min.span().start, format!("{whose}: `min` of a {} question must not be negative", kind_code.code())));
                }
                let (min, max) = check_range(min, self.max.as_ref(), &whose, self.code.span().start)?;
                if kind_code == KindCode::Months { Kind::Months { min, max } } else { Kind::Weeks { min, max } }
            }
        };

        let ask_if = self.ask_if.map(|c| condition(c, scope, &format!("{whose} `ask_if`"), 1)).transpose()?;
        Ok(Question { code, text, help, kind, required: self.required, ask_if })
    }
}

/// A choice needs at least two options with unique snake_case codes and both labels.
fn check_options(options: Option<Spanned<Vec<Spanned<RawOption>>>>, whose: &str, at: usize) -> Result<Vec<ChoiceOption>, Invalid> {
    let options = options.ok_or((at, format!("{whose}: a choice question needs `options`")))?;
    let (at, options) = (options.span().start, options.into_inner());
    if options.len() < 2 {
        return Err((at, format!("{whose}: a choice question needs at least 2 options, found {}", options.len())));
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(options.len());
    for option in options {
        let option = option.into_inner();
        let code = formatted(&option.code, &format!("{whose}: option code"), is_code, CODE_RULE)?;
        if seen.insert(code.clone(), option.code.span().start).is_some() {
            return Err((option.code.span().start, format!("{whose}: option `{code}` is listed twice")));
        }
        let label = option.label.validate(&format!("{whose} option `{code}` label"))?;
        out.push(ChoiceOption { code, label });
    }
    Ok(out)
}

/// `max` is required and above `min`.
fn check_range(min: &Spanned<i64>, max: Option<&Spanned<i64>>, whose: &str, at: usize) -> Result<(i64, i64), Invalid> {
    let max = max.ok_or((at, format!("{whose}: needs `max`")))?;
    let (lo, hi) = (*min.get_ref(), *max.get_ref());
    if hi <= lo {
        return Err((max.span().start, format!("{whose}: `max` ({hi}) must be above `min` ({lo})")));
    }
    Ok((lo, hi))
}

impl RawRule {
    fn validate(self, code: String, scope: &Scope) -> Result<Rule, Invalid> {
        let whose = format!("rule `{code}`");
        let (at, kinds) = (self.suggest.span().start, self.suggest.into_inner());
        if kinds.is_empty() {
            return Err((at, format!("{whose}: `suggest` needs at least one service kind")));
        }
        let mut suggest = Vec::with_capacity(kinds.len());
        for kind in &kinds {
            let parsed = ServiceKind::parse(kind.get_ref()).map_err(|_| {
                let known: Vec<&str> = ServiceKind::ALL.iter().map(|k| k.code()).collect();
                (kind.span().start, format!("{whose}: unknown service kind `{}`; use one of: {}", kind.get_ref(), known.join(", ")))
            })?;
            if suggest.contains(&parsed) {
                return Err((kind.span().start, format!("{whose}: service kind `{}` is suggested twice", parsed.code())));
            }
            suggest.push(parsed);
        }
        let urgency = Urgency::parse(self.urgency.get_ref()).map_err(|_| {
            let known: Vec<&str> = Urgency::ALL.iter().map(|u| u.code()).collect();
            (self.urgency.span().start, format!("{whose}: unknown urgency `{}`; use one of: {}", self.urgency.get_ref(), known.join(", ")))
        })?;
        let reason = self.reason.validate(&format!("{whose} reason"))?;
        let when = condition(self.when, scope, &whose, 1)?;
        Ok(Rule { code, when, suggest, urgency, reason })
    }
}

/// Builds one condition node: a test on one question, or an `all`/`any` list of conditions.
fn condition(raw: Spanned<RawCondition>, scope: &Scope, whose: &str, depth: usize) -> Result<Condition, Invalid> {
    let at = raw.span().start;
    let c = raw.into_inner();
    if depth > MAX_DEPTH {
        return Err((at, format!("{whose}: conditions may nest at most {MAX_DEPTH} levels deep")));
    }
    let group = |list: Spanned<Vec<Spanned<RawCondition>>>, name: &str| -> Result<Vec<Condition>, Invalid> {
        let (at, list) = (list.span().start, list.into_inner());
        if list.is_empty() {
            return Err((at, format!("{whose}: `{name}` needs at least one condition")));
        }
        list.into_iter().map(|c| condition(c, scope, whose, depth + 1)).collect()
    };
    let test_field =
        c.is.as_ref()
            .map(|s| s.span().start)
            .or(c.within.as_ref().map(|s| s.span().start))
            .or(c.op.as_ref().map(|s| s.span().start))
            .or(c.value.as_ref().map(|s| s.span().start));
    match (c.question, c.all, c.any) {
        (Some(question), None, None) => test(question, c.is, c.within, c.op, c.value, scope, whose),
        (None, Some(_), None) | (None, None, Some(_)) if test_field.is_some() => Err((
            test_field.unwrap_or(at),
            format!("{whose}: `is`, `in`, `op` and `value` belong to a condition with `question`, not to `all` or `any`"),
        )),
        (None, Some(list), None) => group(list, "all").map(Condition::All),
        (None, None, Some(list)) => group(list, "any").map(Condition::Any),
        (None, None, None) => {
            Err((at, format!("{whose}: a condition needs `question` (with `is`, `in`, or `op` and `value`), `all` or `any`")))
        }
        _ => Err((at, format!("{whose}: a condition has one of `question`, `all` or `any`, not more"))),
    }
}

/// How to test a question of this kind, for the error messages.
fn how_to_test(kind: &Kind) -> &'static str {
    match kind {
        Kind::YesNo => "test it with `is = true` or `is = false`",
        Kind::Choice(_) => "test it with `in = [\"option\", …]`",
        _ => "compare it with `op` (>=, >, <=, <, ==, !=) and a whole-number `value`",
    }
}

/// A test on one question: exactly one of `is`, `in`, or `op` with `value`, fitting the question's kind.
fn test(
    question: Spanned<String>,
    is: Option<Spanned<bool>>,
    within: Option<Spanned<Vec<Spanned<String>>>>,
    op: Option<Spanned<String>>,
    value: Option<Spanned<i64>>,
    scope: &Scope,
    whose: &str,
) -> Result<Condition, Invalid> {
    let kind = scope.kind(&question, whose)?;
    let at = question.span().start;
    let code = question.into_inner();
    let mismatch = |at: usize, what: &str| {
        (at, format!("{whose}: `{code}` is a {} question and cannot be {what}; {}", kind.code().code(), how_to_test(kind)))
    };
    let check = match (is, within, op, value) {
        (Some(is), None, None, None) => {
            if *kind != Kind::YesNo {
                return Err(mismatch(is.span().start, "tested with `is`"));
            }
            Check::Is(is.into_inner())
        }
        (None, Some(within), None, None) => {
            let Kind::Choice(options) = kind else {
                return Err(mismatch(within.span().start, "tested with `in`"));
            };
            let (list_at, list) = (within.span().start, within.into_inner());
            if list.is_empty() {
                return Err((list_at, format!("{whose}: `in` on `{code}` needs at least one option")));
            }
            let mut codes: Vec<String> = Vec::with_capacity(list.len());
            for option in list {
                let (option_at, option) = (option.span().start, option.into_inner());
                if !options.iter().any(|o| o.code == option) {
                    let known: Vec<&str> = options.iter().map(|o| o.code.as_str()).collect();
                    return Err((option_at, format!("{whose}: `{code}` has no option `{option}`; its options are: {}", known.join(", "))));
                }
                if codes.contains(&option) {
                    return Err((option_at, format!("{whose}: option `{option}` is listed twice")));
                }
                codes.push(option);
            }
            Check::In(codes)
        }
        (None, None, Some(op), Some(value)) => {
            let Some((min, max)) = kind.range() else {
                return Err(mismatch(op.span().start, "compared with a number"));
            };
            let parsed = Op::parse(op.get_ref()).map_err(|_| {
                let known: Vec<&str> = Op::ALL.iter().map(|o| o.code()).collect();
                (op.span().start, format!("{whose}: unknown comparison `{}`; use one of: {}", op.get_ref(), known.join(", ")))
            })?;
            let (value_at, value) = (value.span().start, value.into_inner());
            if !(min..=max).contains(&value) {
                return Err((value_at, format!("{whose}: value {value} is outside the range of `{code}` ({min}–{max})")));
            }
            let never = (parsed == Op::Gt && value == max) || (parsed == Op::Lt && value == min);
            if never {
                return Err((value_at, format!("{whose}: `{code}` {} {value} can never hold ({min}–{max})", parsed.code())));
            }
            Check::Compare { op: parsed, value }
        }
        (None, None, Some(op), None) => return Err((op.span().start, format!("{whose}: `op` on `{code}` needs a `value`"))),
        (None, None, None, Some(value)) => return Err((value.span().start, format!("{whose}: `value` on `{code}` needs an `op`"))),
        (None, None, None, None) => return Err((at, format!("{whose}: the condition on `{code}` needs a test; {}", how_to_test(kind)))),
        _ => {
            return Err((
                at,
                format!("{whose}: the condition on `{code}` has more than one test; use one of `is`, `in`, or `op` with `value`"),
            ));
        }
    };
    Ok(Condition::Test { question: code, check })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const SHIPPED: &str = include_str!("../../../data/screening/eenplan-financien.toml");

    /// A small valid screening; the tests below break it one rule at a time.
    const SMALL: &str = r#"id = "test"
version = "1"
licence = "EUPL-1.2"
source = "Test"
name.nl = "Toets"
name.en = "Test"
description.nl = "Een toets."
description.en = "A test."

[[section]]
code = "money"
title.nl = "Geld"
title.en = "Money"

[[section.question]]
code = "arrears"
kind = "yes_no"
text.nl = "Achterstand?"
text.en = "Arrears?"

[[section.question]]
code = "months"
kind = "months"
max = 12
text.nl = "Hoeveel maanden?"
text.en = "How many months?"
ask_if = { question = "arrears", is = true }

[[section.question]]
code = "stage"
kind = "choice"
text.nl = "Stap?"
text.en = "Step?"
help.nl = "Kies er een."
help.en = "Choose one."
options = [
    { code = "none", label.nl = "Geen", label.en = "None" },
    { code = "bailiff", label.nl = "Deurwaarder", label.en = "Bailiff" },
]

[[section.question]]
code = "amount"
kind = "number"
unit.nl = "euro"
unit.en = "euros"
min = 0
max = 5000
required = false
text.nl = "Bedrag?"
text.en = "Amount?"

[[rule]]
code = "two_months"
suggest = ["debt_counselling", "landlord_contact"]
urgency = "high"
reason.nl = "Twee maanden."
reason.en = "Two months."
when = { question = "months", op = ">=", value = 2 }

[[rule]]
code = "bailiff"
suggest = ["social_legal_advice"]
urgency = "crisis"
reason.nl = "Deurwaarder."
reason.en = "Bailiff."
when.any = [
    { question = "stage", in = ["bailiff"] },
    { all = [{ question = "arrears", is = true }, { question = "amount", op = ">", value = 1000 }] },
]
"#;

    /// `SMALL` with one exact, unique piece of text replaced.
    fn small_with(from: &str, to: &str) -> String {
        assert_eq!(SMALL.matches(from).count(), 1, "{from:?} must occur once");
        SMALL.replacen(from, to, 1)
    }

    /// The 1-based line of the one occurrence of `needle` in `text`.
    fn line_of(text: &str, needle: &str) -> usize {
        assert_eq!(text.matches(needle).count(), 1, "{needle:?} must occur once");
        line_at(text, text.find(needle).unwrap())
    }

    /// Parsing `text` fails at the line of `at` (a unique piece of `text`) with a reason containing `reason`.
    fn assert_err(text: &str, at: &str, reason: &str) {
        let e = Screening::parse("test.toml", text).expect_err("must be rejected");
        assert_eq!(e.file, "test.toml");
        assert!(e.reason.contains(reason), "reason {:?} should contain {reason:?}", e.reason);
        assert_eq!(e.line, line_of(text, at), "wrong line for {e}");
    }

    fn shipped() -> Screening {
        Screening::parse(BUILTIN.0, SHIPPED).unwrap()
    }

    fn small() -> Screening {
        Screening::parse("test.toml", SMALL).unwrap()
    }

    fn answers(pairs: &[(&str, Value)]) -> Answers {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    fn yes(code: &str) -> (&str, Value) {
        (code, Value::Bool(true))
    }

    fn no(code: &str) -> (&str, Value) {
        (code, Value::Bool(false))
    }

    fn num(code: &str, n: i64) -> (&str, Value) {
        (code, Value::Number(n))
    }

    fn choice<'a>(code: &'a str, option: &str) -> (&'a str, Value) {
        (code, Value::Choice(option.to_string()))
    }

    /// The (rule, kind) pairs suggested for `a`, in order.
    fn suggested(s: &Screening, a: &Answers) -> Vec<(String, &'static str)> {
        suggestions(s, a).into_iter().map(|s| (s.rule, s.kind.code())).collect()
    }

    fn fired(s: &Screening, a: &Answers) -> Vec<String> {
        let mut rules: Vec<String> = suggestions(s, a).into_iter().map(|s| s.rule).collect();
        rules.dedup();
        rules
    }

    fn assert_filled(t: &Text, what: &str) {
        assert!(!t.nl.trim().is_empty() && !t.en.trim().is_empty(), "{what} has an empty text");
    }

    // The shipped file.

    const QUESTIONS: [&str; 17] = [
        "income_source",
        "income_stable",
        "short_months",
        "application_pending",
        "application_pending_weeks",
        "allowance_repayment",
        "tax_question",
        "rent_arrears_months",
        "energy_arrears",
        "energy_cutoff_notice",
        "water_arrears",
        "health_insurance_arrears_months",
        "tax_or_fine_arrears",
        "total_debt_euros",
        "collection_stage",
        "keeps_overview",
        "money_help",
    ];

    const RULES: [&str; 11] = [
        "rent_arrears_two_months",
        "no_income_application_pending",
        "allowance_or_tax_question",
        "collection_agency_or_bailiff",
        "seizure",
        "energy_cutoff",
        "energy_arrears",
        "water_arrears",
        "health_insurance_arrears",
        "no_overview",
        "irregular_income_with_arrears",
    ];

    #[test]
    fn shipped_screening_parses_with_its_questions_and_rules() {
        let s = shipped();
        assert_eq!((s.id.as_str(), s.version.as_str(), s.licence.as_str()), ("eenplan-financien", "1", "EUPL-1.2"));
        assert_filled(&s.name, "name");
        assert_filled(&s.description, "description");
        let codes: Vec<&str> = s.questionnaire.questions().map(|q| q.code.as_str()).collect();
        assert_eq!(codes, QUESTIONS);
        let sections: Vec<&str> = s.questionnaire.sections.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(sections, ["income", "applications", "arrears", "collection", "overview"]);
        for section in &s.questionnaire.sections {
            assert_filled(&section.title, &section.code);
        }
        for q in s.questionnaire.questions() {
            assert_filled(&q.text, &q.code);
            if let Some(help) = &q.help {
                assert_filled(help, &q.code);
            }
            for o in q.kind.options() {
                assert_filled(&o.label, &o.code);
            }
        }
        let rules: Vec<&str> = s.rules.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(rules, RULES);
        for r in &s.rules {
            assert_filled(&r.reason, &r.code);
        }
        // Every question is used by a rule or an `ask_if`, except the estimate of the total debt.
        let tested: HashSet<&str> = s
            .rules
            .iter()
            .map(|r| &r.when)
            .chain(s.questionnaire.questions().filter_map(|q| q.ask_if.as_ref()))
            .flat_map(|c| c.tests().into_iter().map(|(q, _)| q))
            .collect();
        let unused: Vec<&str> = QUESTIONS.iter().copied().filter(|q| !tested.contains(q)).collect();
        assert_eq!(unused, ["total_debt_euros"]);
        // The kinds of the issue.
        assert_eq!(s.questionnaire.question("rent_arrears_months").unwrap().kind, Kind::Months { min: 0, max: 36 });
        assert_eq!(s.questionnaire.question("application_pending_weeks").unwrap().kind, Kind::Weeks { min: 0, max: 104 });
        assert_eq!(s.questionnaire.question("total_debt_euros").unwrap().kind.code(), KindCode::Number);
        assert!(!s.questionnaire.question("total_debt_euros").unwrap().required);
    }

    #[test]
    fn builtin_is_the_shipped_file() {
        assert_eq!(builtin(), vec![shipped()]);
        assert_eq!(BUILTIN.1, SHIPPED);
        assert_eq!(shipped().rule("seizure").unwrap().urgency, Urgency::Crisis);
        assert!(shipped().rule("nope").is_none());
    }

    #[test]
    fn the_issue_examples() {
        let s = shipped();
        // Rent arrears of two months or more → debt counselling and contact with the landlord.
        let two = answers(&[num("rent_arrears_months", 2)]);
        assert_eq!(
            suggested(&s, &two),
            [("rent_arrears_two_months".to_string(), "debt_counselling"), ("rent_arrears_two_months".to_string(), "landlord_contact")]
        );
        assert_eq!(suggestions(&s, &two)[0].reason.nl.split(':').next(), Some("Twee maanden of meer huurachterstand"));
        assert!(suggested(&s, &answers(&[num("rent_arrears_months", 1)])).is_empty());
        // No income while an application is pending over four weeks → urgent contact with W&I.
        let waiting =
            |weeks| answers(&[choice("income_source", "none"), yes("application_pending"), num("application_pending_weeks", weeks)]);
        assert_eq!(suggested(&s, &waiting(4)), [("no_income_application_pending".to_string(), "work_and_income_urgent")]);
        assert_eq!(suggestions(&s, &waiting(4))[0].urgency, Urgency::Crisis);
        assert!(suggested(&s, &waiting(3)).is_empty());
        // Allowance repayment or a tax question → social legal advisors.
        for q in ["allowance_repayment", "tax_question", "tax_or_fine_arrears"] {
            assert_eq!(suggested(&s, &answers(&[yes(q)])), [("allowance_or_tax_question".to_string(), "social_legal_advice")]);
            assert!(suggested(&s, &answers(&[no(q)])).is_empty());
        }
    }

    #[test]
    fn suggestions_are_most_urgent_first_then_in_file_order() {
        let s = shipped();
        let a = answers(&[
            num("rent_arrears_months", 3),
            yes("allowance_repayment"),
            yes("energy_arrears"),
            yes("energy_cutoff_notice"),
            choice("collection_stage", "bailiff"),
            choice("money_help", "none"),
            no("keeps_overview"),
        ]);
        let expected = [
            ("energy_cutoff", "energy_supplier_contact"),
            ("energy_cutoff", "debt_counselling"),
            ("rent_arrears_two_months", "debt_counselling"),
            ("rent_arrears_two_months", "landlord_contact"),
            ("collection_agency_or_bailiff", "debt_counselling"),
            ("allowance_or_tax_question", "social_legal_advice"),
            ("no_overview", "budget_coaching"),
        ];
        let expected: Vec<(String, &str)> = expected.iter().map(|(r, k)| (r.to_string(), *k)).collect();
        assert_eq!(suggested(&s, &a), expected);
        let urgencies: Vec<Urgency> = suggestions(&s, &a).iter().map(|s| s.urgency).collect();
        assert!(urgencies.windows(2).all(|w| w[0] >= w[1]), "{urgencies:?}");
        assert!(suggestions(&s, &Answers::new()).is_empty());
    }

    // Every rule fires on its condition and not otherwise: answer sets generated from each rule's own tests.

    /// A partial answer set: `None` leaves the question unanswered.
    type Partial = BTreeMap<String, Option<Value>>;

    fn merge(base: &Partial, over: &Partial) -> Partial {
        let mut out = base.clone();
        out.extend(over.iter().map(|(k, v)| (k.clone(), v.clone())));
        out
    }

    fn to_answers(p: &Partial) -> Answers {
        p.iter().filter_map(|(k, v)| v.clone().map(|v| (k.clone(), v))).collect()
    }

    fn range_of(q: &Questionnaire, code: &str) -> (i64, i64) {
        q.question(code).unwrap().kind.range().unwrap()
    }

    /// The smallest answer set that meets `c`: each compared number exactly at (or just past) its threshold.
    fn meet(q: &Questionnaire, c: &Condition) -> Partial {
        match c {
            Condition::Test { question, check } => {
                let value = match check {
                    Check::Is(b) => Value::Bool(*b),
                    Check::In(options) => Value::Choice(options[0].clone()),
                    Check::Compare { op, value: v } => Value::Number(match op {
                        Op::Ge | Op::Le | Op::Eq => *v,
                        Op::Gt => v + 1,
                        Op::Lt => v - 1,
                        Op::Ne if *v < range_of(q, question).1 => v + 1,
                        Op::Ne => v - 1,
                    }),
                };
                Partial::from([(question.clone(), Some(value))])
            }
            Condition::All(parts) => parts.iter().fold(Partial::new(), |acc, part| {
                let next = meet(q, part);
                for (k, v) in &next {
                    assert!(acc.get(k).is_none_or(|old| old == v), "two tests of `{k}` in one `all` want different answers");
                }
                merge(&acc, &next)
            }),
            Condition::Any(parts) => meet(q, &parts[0]),
        }
    }

    /// Answer sets that just miss `c`: each test in turn unanswered or answered just past its threshold (a
    /// number one below `>=`, the other yes/no, an option outside `in`) while the rest still meet it.
    fn misses(q: &Questionnaire, c: &Condition) -> Vec<Partial> {
        match c {
            Condition::Test { question, check } => {
                let mut values: Vec<Option<Value>> = vec![None];
                match check {
                    Check::Is(b) => values.push(Some(Value::Bool(!b))),
                    Check::In(options) => {
                        let outside = q.question(question).unwrap().kind.options().iter().find(|o| !options.contains(&o.code));
                        values.extend(outside.map(|o| Some(Value::Choice(o.code.clone()))));
                    }
                    Check::Compare { op, value: v } => {
                        let (min, max) = range_of(q, question);
                        let candidates = match op {
                            Op::Ge => vec![v - 1],
                            Op::Gt | Op::Lt | Op::Ne => vec![*v],
                            Op::Le => vec![v + 1],
                            Op::Eq => vec![v - 1, v + 1],
                        };
                        values.extend(candidates.into_iter().filter(|n| (min..=max).contains(n)).map(|n| Some(Value::Number(n))));
                    }
                }
                values.into_iter().map(|v| Partial::from([(question.clone(), v)])).collect()
            }
            Condition::All(parts) => {
                let mut out = Vec::new();
                for (i, part) in parts.iter().enumerate() {
                    let others =
                        parts.iter().enumerate().filter(|(j, _)| *j != i).fold(Partial::new(), |acc, (_, p)| merge(&acc, &meet(q, p)));
                    out.extend(misses(q, part).iter().map(|m| merge(&others, m)));
                }
                out
            }
            Condition::Any(parts) => {
                let firsts = parts.iter().fold(Partial::new(), |acc, p| merge(&acc, &misses(q, p).pop().unwrap()));
                parts.iter().flat_map(|p| misses(q, p)).map(|m| merge(&firsts, &m)).collect()
            }
        }
    }

    /// `p` with the answers that make each of its questions asked (its own answers win).
    fn with_asked(q: &Questionnaire, p: &Partial) -> Partial {
        let mut pre = Partial::new();
        for code in p.keys() {
            if let Some(ask_if) = &q.question(code).unwrap().ask_if {
                pre = merge(&pre, &with_asked(q, &meet(q, ask_if)));
            }
        }
        merge(&pre, p)
    }

    /// Every generated answer fits its question.
    fn assert_valid_values(q: &Questionnaire, a: &Answers, what: &str) {
        for (code, value) in a {
            assert_eq!(q.question(code).map(|qq| qq.check(value)), Some(Ok(())), "{what}: {code} = {value:?}");
        }
    }

    fn assert_rules_fire_exactly_on_their_conditions(s: &Screening) {
        let q = &s.questionnaire;
        for rule in &s.rules {
            let meets = to_answers(&with_asked(q, &meet(q, &rule.when)));
            assert_valid_values(q, &meets, &rule.code);
            // The minimal set is a possible state of the form: nothing answered that is not asked.
            let problems: Vec<AnswerError> = check_answers(q, &meets).err().unwrap_or_default();
            assert!(problems.iter().all(|e| e.problem == AnswerProblem::Missing), "{}: {problems:?}", rule.code);
            let made: Vec<Suggestion> = suggestions(s, &meets).into_iter().filter(|x| x.rule == rule.code).collect();
            let kinds: Vec<ServiceKind> = made.iter().map(|x| x.kind).collect();
            assert_eq!(kinds, rule.suggest, "{} must fire on {meets:?}", rule.code);
            assert!(made.iter().all(|x| x.urgency == rule.urgency && x.reason == rule.reason));

            let missed = misses(q, &rule.when);
            assert!(missed.len() > rule.when.tests().len(), "{}: every test is missed at least once", rule.code);
            for m in &missed {
                let m = to_answers(&with_asked(q, m));
                assert_valid_values(q, &m, &rule.code);
                assert!(!fired(s, &m).contains(&rule.code), "{} must not fire on {m:?}", rule.code);
            }
        }
    }

    #[test]
    fn every_shipped_rule_fires_on_its_condition_and_not_otherwise() {
        assert_rules_fire_exactly_on_their_conditions(&shipped());
    }

    #[test]
    fn every_small_rule_fires_on_its_condition_and_not_otherwise() {
        assert_rules_fire_exactly_on_their_conditions(&small());
    }

    #[test]
    fn thresholds_sit_exactly_where_the_rules_say() {
        let s = shipped();
        let at = |q: &str, n: i64| fired(&s, &answers(&[num(q, n)]));
        assert_eq!(at("rent_arrears_months", 2), ["rent_arrears_two_months"]);
        assert_eq!(at("rent_arrears_months", 36), ["rent_arrears_two_months"]);
        assert!(at("rent_arrears_months", 1).is_empty());
        assert_eq!(at("health_insurance_arrears_months", 2), ["health_insurance_arrears"]);
        assert!(at("health_insurance_arrears_months", 1).is_empty());
        let overview = |short| fired(&s, &answers(&[choice("money_help", "informal"), num("short_months", short)]));
        assert_eq!(overview(3), ["no_overview"]);
        assert!(overview(2).is_empty());
        // Help with money already in place: no budget coaching suggested.
        assert!(fired(&s, &answers(&[choice("money_help", "budget_coaching"), no("keeps_overview")])).is_empty());
        // Irregular income with any one of the arrears.
        let irregular = |extra: (&str, Value)| fired(&s, &answers(&[no("income_stable"), extra]));
        assert!(irregular(num("rent_arrears_months", 1)).contains(&"irregular_income_with_arrears".to_string()));
        assert!(irregular(num("health_insurance_arrears_months", 1)).contains(&"irregular_income_with_arrears".to_string()));
        assert!(irregular(num("rent_arrears_months", 0)).is_empty());
        // A cut-off notice makes it `energy_cutoff`, not both.
        assert_eq!(fired(&s, &answers(&[yes("energy_arrears"), yes("energy_cutoff_notice")])), ["energy_cutoff"]);
        assert_eq!(fired(&s, &answers(&[yes("energy_arrears"), no("energy_cutoff_notice")])), ["energy_arrears"]);
    }

    #[test]
    fn an_answer_of_the_wrong_kind_never_passes_a_test() {
        let s = shipped();
        assert!(fired(&s, &answers(&[(("rent_arrears_months"), Value::Bool(true))])).is_empty());
        assert!(fired(&s, &answers(&[("water_arrears", Value::Number(1))])).is_empty());
        assert!(fired(&s, &answers(&[("collection_stage", Value::Bool(true))])).is_empty());
        for op in Op::ALL {
            let c = Check::Compare { op: *op, value: 2 };
            assert!(!c.holds(&Value::Choice("2".into())));
        }
    }

    #[test]
    fn ops_compare_answer_with_value() {
        let table = [(Op::Ge, [false, true, true]), (Op::Gt, [false, false, true]), (Op::Le, [true, true, false])];
        let table2 = [(Op::Lt, [true, false, false]), (Op::Eq, [false, true, false]), (Op::Ne, [true, false, true])];
        for (op, expected) in table.into_iter().chain(table2) {
            let got: Vec<bool> = [1, 2, 3].iter().map(|&a| op.holds(a, 2)).collect();
            assert_eq!(got, expected, "{op:?}");
        }
    }

    // Answers.

    fn full_small_answers() -> Answers {
        answers(&[yes("arrears"), num("months", 3), choice("stage", "none"), num("amount", 100)])
    }

    #[test]
    fn complete_answers_pass() {
        let s = small();
        assert_eq!(check_answers(&s.questionnaire, &full_small_answers()), Ok(()));
        // `amount` is optional, and `months` is not asked without arrears.
        assert_eq!(check_answers(&s.questionnaire, &answers(&[no("arrears"), choice("stage", "bailiff")])), Ok(()));
    }

    #[test]
    fn answers_are_checked_per_question() {
        let s = small();
        let q = &s.questionnaire;
        let with = |code: &str, v: Value| {
            let mut a = full_small_answers();
            a.insert(code.to_string(), v);
            check_answers(q, &a).unwrap_err()
        };
        let one = |question: &str, problem| vec![AnswerError { question: question.to_string(), problem }];
        // A wrong answer to `arrears` also means `months` is not asked.
        let mut both = one("arrears", AnswerProblem::WrongKind { expected: KindCode::YesNo });
        both.extend(one("months", AnswerProblem::NotAsked));
        assert_eq!(with("arrears", Value::Number(1)), both);
        assert_eq!(with("months", Value::Number(13)), one("months", AnswerProblem::OutOfRange { min: 0, max: 12 }));
        assert_eq!(with("months", Value::Number(-1)), one("months", AnswerProblem::OutOfRange { min: 0, max: 12 }));
        assert_eq!(with("months", Value::Choice("3".into())), one("months", AnswerProblem::WrongKind { expected: KindCode::Months }));
        assert_eq!(with("stage", Value::Choice("police".into())), one("stage", AnswerProblem::UnknownOption));
        assert_eq!(with("stage", Value::Bool(true)), one("stage", AnswerProblem::WrongKind { expected: KindCode::Choice }));
        assert_eq!(with("amount", Value::Number(5001)), one("amount", AnswerProblem::OutOfRange { min: 0, max: 5000 }));
        assert_eq!(with("horoscope", Value::Bool(true)), one("horoscope", AnswerProblem::UnknownQuestion));
        // Without arrears the months are not asked; answering them anyway is an error.
        assert_eq!(with("arrears", Value::Bool(false)), one("months", AnswerProblem::NotAsked));

        // Missing required answers, in question order, then unknown codes.
        let a = answers(&[yes("arrears"), ("zzz", Value::Bool(true)), ("aaa", Value::Number(1))]);
        let errors = check_answers(q, &a).unwrap_err();
        let got: Vec<(&str, &AnswerProblem)> = errors.iter().map(|e| (e.question.as_str(), &e.problem)).collect();
        assert_eq!(
            got,
            [
                ("months", &AnswerProblem::Missing),
                ("stage", &AnswerProblem::Missing),
                ("aaa", &AnswerProblem::UnknownQuestion),
                ("zzz", &AnswerProblem::UnknownQuestion),
            ]
        );
        assert_eq!(errors[0].to_string(), "months: required");
        assert_eq!(
            AnswerError { question: "arrears".into(), problem: AnswerProblem::WrongKind { expected: KindCode::YesNo } }.to_string(),
            "arrears: a yes_no question needs yes or no"
        );
        assert_eq!(AnswerProblem::OutOfRange { min: 0, max: 12 }.to_string(), "outside 0–12");
        assert_eq!(AnswerProblem::Missing.key(), "err-required");
    }

    #[test]
    fn the_shipped_questionnaire_checks_a_whole_household() {
        let s = shipped();
        let mut a = answers(&[
            choice("income_source", "none"),
            num("short_months", 6),
            yes("application_pending"),
            num("application_pending_weeks", 5),
            no("allowance_repayment"),
            no("tax_question"),
            num("rent_arrears_months", 2),
            no("energy_arrears"),
            no("water_arrears"),
            num("health_insurance_arrears_months", 0),
            no("tax_or_fine_arrears"),
            choice("collection_stage", "reminders"),
            yes("keeps_overview"),
            choice("money_help", "none"),
        ]);
        assert_eq!(check_answers(&s.questionnaire, &a), Ok(()));
        // Short of money in each of the last six months, and no help yet: budget coaching too.
        assert_eq!(fired(&s, &a), ["no_income_application_pending", "rent_arrears_two_months", "no_overview"]);
        // With income, its stability is asked too.
        a.insert("income_source".into(), Value::Choice("work".into()));
        let errors = check_answers(&s.questionnaire, &a).unwrap_err();
        assert_eq!(errors, [AnswerError { question: "income_stable".into(), problem: AnswerProblem::Missing }]);
    }

    #[test]
    fn form_input_is_read_per_kind() {
        let s = small();
        let q = |code| s.questionnaire.question(code).unwrap();
        assert_eq!(q("arrears").parse_input(" Ja "), Ok(Some(Value::Bool(true))));
        assert_eq!(q("arrears").parse_input("no"), Ok(Some(Value::Bool(false))));
        assert_eq!(q("arrears").parse_input("misschien"), Err(AnswerProblem::WrongKind { expected: KindCode::YesNo }));
        assert_eq!(q("arrears").parse_input("  "), Ok(None));
        assert_eq!(q("months").parse_input("4"), Ok(Some(Value::Number(4))));
        assert_eq!(q("months").parse_input("40"), Err(AnswerProblem::OutOfRange { min: 0, max: 12 }));
        assert_eq!(q("months").parse_input("2.5"), Err(AnswerProblem::WrongKind { expected: KindCode::Months }));
        assert_eq!(q("stage").parse_input("bailiff"), Ok(Some(Value::Choice("bailiff".into()))));
        assert_eq!(q("stage").parse_input("Bailiff"), Err(AnswerProblem::UnknownOption));
        assert_eq!(q("amount").parse_input("1200"), Ok(Some(Value::Number(1200))));
    }

    #[test]
    fn answers_are_plain_json_values() {
        let a = answers(&[yes("arrears"), num("months", 3), choice("stage", "none")]);
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, r#"{"arrears":true,"months":3,"stage":"none"}"#);
        assert_eq!(serde_json::from_str::<Answers>(&json).unwrap(), a);
    }

    // The worker's response.

    #[test]
    fn dismissing_needs_a_reason() {
        assert_eq!(Decision::dismiss("  "), Err(FieldError::Required));
        assert_eq!(Decision::dismiss(""), Err(FieldError::Required));
        assert_eq!(Decision::dismiss(&"x".repeat(MAX_TEXT + 1)), Err(FieldError::TooLong(MAX_TEXT)));
        let d = Decision::dismiss("  Al in schuldhulp bij de kredietbank. ").unwrap();
        assert_eq!(d, Decision::Dismissed { reason: "Al in schuldhulp bij de kredietbank.".into() });
        assert!(!d.wants_referral_draft());
        assert_eq!(d.check(), Ok(()));
        assert_eq!(Decision::Dismissed { reason: " \n".into() }.check(), Err(FieldError::Required));
        assert!(Decision::Accepted.wants_referral_draft());
        assert_eq!(Decision::Accepted.check(), Ok(()));
    }

    #[test]
    fn a_response_answers_a_suggestion_that_was_made() {
        let s = shipped();
        let made = suggestions(&s, &answers(&[num("rent_arrears_months", 2)]));
        let response = |rule: &str, kind, decision| Response { rule: rule.into(), kind, decision };
        let accept = response("rent_arrears_two_months", ServiceKind::LandlordContact, Decision::Accepted);
        assert_eq!(check_response(&made, &accept), Ok(()));
        let blank = response("rent_arrears_two_months", ServiceKind::DebtCounselling, Decision::Dismissed { reason: String::new() });
        assert_eq!(check_response(&made, &blank), Err(FieldError::Required));
        let other_kind = response("rent_arrears_two_months", ServiceKind::BudgetCoaching, Decision::Accepted);
        assert_eq!(check_response(&made, &other_kind), Err(FieldError::UnknownValue));
        let other_rule = response("seizure", ServiceKind::DebtCounselling, Decision::Accepted);
        assert_eq!(check_response(&made, &other_rule), Err(FieldError::UnknownValue));
        // Recorded as JSON: {"rule":…,"kind":…,"decision":{"decision":"dismissed","reason":…}}.
        let dismissed = response("seizure", ServiceKind::DebtCounselling, Decision::dismiss("Loopt al.").unwrap());
        let json = serde_json::to_value(&dismissed).unwrap();
        assert_eq!(json["decision"], serde_json::json!({"decision": "dismissed", "reason": "Loopt al."}));
        assert_eq!(json["kind"], "debt_counselling");
        assert_eq!(serde_json::from_value::<Response>(json).unwrap(), dismissed);
    }

    // When a screening is due.

    #[test]
    fn overdue_from_the_same_day_six_months_later() {
        let six = DEFAULT_SCREENING_MONTHS;
        assert_eq!(six, 6);
        assert!(screening_overdue(None, date!(2026 - 03 - 01), six));
        assert!(!screening_overdue(Some(date!(2025 - 01 - 15)), date!(2025 - 07 - 14), six));
        assert!(screening_overdue(Some(date!(2025 - 01 - 15)), date!(2025 - 07 - 15), six));
        assert!(!screening_overdue(Some(date!(2025 - 01 - 15)), date!(2025 - 01 - 15), six));
        // The end of a longer month counts from the end of the shorter one.
        assert!(!screening_overdue(Some(date!(2024 - 08 - 31)), date!(2025 - 02 - 27), six));
        assert!(screening_overdue(Some(date!(2024 - 08 - 31)), date!(2025 - 02 - 28), six));
        assert!(!screening_overdue(Some(date!(2023 - 08 - 31)), date!(2024 - 02 - 28), six));
        assert!(screening_overdue(Some(date!(2023 - 08 - 31)), date!(2024 - 02 - 29), six));
        // Across the year end, and with another setting.
        assert!(screening_overdue(Some(date!(2025 - 11 - 30)), date!(2026 - 02 - 28), 3));
        assert!(!screening_overdue(Some(date!(2025 - 11 - 30)), date!(2026 - 02 - 27), 3));
        // A screening dated after today (a clock off by a day) is not overdue.
        assert!(!screening_overdue(Some(date!(2026 - 03 - 02)), date!(2026 - 03 - 01), six));
        // Beyond the calendar's range the due date never comes.
        assert!(!screening_overdue(Some(date!(2025 - 01 - 01)), date!(2026 - 01 - 01), u32::MAX));
    }

    #[test]
    fn the_alert_is_for_active_households_whatever_the_team() {
        let (today, old) = (date!(2026 - 03 - 01), Some(date!(2025 - 08 - 01)));
        assert!(screening_alert(Status::Active, None, today, DEFAULT_SCREENING_MONTHS));
        assert!(screening_alert(Status::Active, old, today, DEFAULT_SCREENING_MONTHS));
        assert!(!screening_alert(Status::Active, Some(date!(2025 - 12 - 01)), today, DEFAULT_SCREENING_MONTHS));
        assert!(!screening_alert(Status::Intake, None, today, DEFAULT_SCREENING_MONTHS));
        assert!(!screening_alert(Status::Closed, old, today, DEFAULT_SCREENING_MONTHS));
    }

    /// Overdue, said another way: `months` whole calendar months have passed, counting a day past the end
    /// of today's month as its last day.
    fn overdue_oracle(last: Date, today: Date, months: u32) -> bool {
        let index = |d: Date| i64::from(d.year()) * 12 + i64::from(u8::from(d.month()));
        let passed = index(today) - index(last);
        let last_day_of_month = today.day() == today.month().length(today.year());
        passed > i64::from(months) || (passed == i64::from(months) && (today.day() >= last.day() || last_day_of_month))
    }

    proptest! {
        #[test]
        fn overdue_agrees_with_counting_months(a in 0i64..40_000, b in 0i64..40_000, months in 0u32..=36) {
            let base = date!(1990 - 01 - 01);
            let (last, today) = (base + time::Duration::days(a), base + time::Duration::days(b));
            prop_assert_eq!(screening_overdue(Some(last), today, months), overdue_oracle(last, today, months));
            prop_assert!(screening_overdue(None, today, months));
        }

        #[test]
        fn once_overdue_stays_overdue(a in 0i64..40_000, gap in 0i64..2_000, later in 0i64..400, months in 1u32..=24) {
            let last = date!(1990 - 01 - 01) + time::Duration::days(a);
            let today = last + time::Duration::days(gap);
            if screening_overdue(Some(last), today, months) {
                prop_assert!(screening_overdue(Some(last), today + time::Duration::days(later), months));
            }
            // A later screening is never more overdue.
            if !screening_overdue(Some(last), today, months) {
                prop_assert!(!screening_overdue(Some(last + time::Duration::days(later)), today, months));
            }
        }

        #[test]
        fn six_months_boundary(a in 0i64..40_000) {
            let last = date!(1990 - 01 - 01) + time::Duration::days(a);
            let due = add_months(last, DEFAULT_SCREENING_MONTHS).unwrap();
            prop_assert!((181..=184).contains(&(due - last).whole_days()), "{} → {}", last, due);
            prop_assert!(screening_overdue(Some(last), due, DEFAULT_SCREENING_MONTHS));
            prop_assert!(!screening_overdue(Some(last), due.previous_day().unwrap(), DEFAULT_SCREENING_MONTHS));
        }
    }

    // Bad files.

    #[test]
    fn small_screening_parses() {
        let s = small();
        assert_eq!(s.questionnaire.questions().count(), 4);
        assert_eq!(s.questionnaire.question("amount").unwrap().kind.range(), Some((0, 5000)));
        let months = s.questionnaire.question("months").unwrap();
        assert_eq!(months.ask_if, Some(Condition::Test { question: "arrears".into(), check: Check::Is(true) }));
        assert!(months.required);
        let stage = s.questionnaire.question("stage").unwrap();
        assert_eq!(stage.help.as_ref().map(|h| h.get("en")), Some("Choose one."));
        assert_eq!(s.rules[1].when.tests().len(), 3);
    }

    #[test]
    fn syntax_error_names_file_and_line() {
        let text = small_with("max = 12", "max = = 12");
        let e = Screening::parse("test.toml", &text).unwrap_err();
        assert_eq!(e.line, line_of(&text, "max = = 12"));
        assert!(e.to_string().starts_with(&format!("test.toml:{}: ", e.line)), "{e}");
    }

    #[test]
    fn unknown_question_in_a_condition() {
        let text = small_with(r#"{ question = "stage", in"#, r#"{ question = "stadium", in"#);
        assert_err(&text, "stadium", "rule `bailiff`: the condition tests `stadium`, which is not a question of this screening");
        let text = small_with(r#"ask_if = { question = "arrears""#, r#"ask_if = { question = "stage""#);
        assert_err(
            &text,
            r#"ask_if = { question = "stage""#,
            "question `months` `ask_if`: the condition tests `stage`, which is not asked before it",
        );
        let text = small_with(r#"ask_if = { question = "arrears""#, r#"ask_if = { question = "months""#);
        assert_err(&text, r#"ask_if = { question = "months""#, "which is not asked before it");
    }

    #[test]
    fn a_yes_no_question_is_not_compared_with_a_number() {
        let text = small_with(
            r#"{ question = "arrears", is = true }, { question = "amount""#,
            r#"{ question = "arrears", op = ">=", value = 1 }, { question = "amount""#,
        );
        assert_err(
            &text,
            r#"op = ">=", value = 1"#,
            "`arrears` is a yes_no question and cannot be compared with a number; test it with `is = true`",
        );
        let text = small_with(r#"question = "months", op = ">=", value = 2"#, r#"question = "months", is = true"#);
        assert_err(
            &text,
            r#"question = "months", is = true"#,
            "`months` is a months question and cannot be tested with `is`; compare it with `op`",
        );
        let text = small_with(r#"in = ["bailiff"]"#, r#"op = "==", value = 1"#);
        assert_err(&text, r#"op = "==", value = 1"#, "`stage` is a choice question and cannot be compared with a number");
        let text = small_with(r#"question = "months", op = ">=", value = 2"#, r#"question = "months", in = ["two"]"#);
        assert_err(&text, r#"in = ["two"]"#, "cannot be tested with `in`");
        let text = small_with("value = 1000", "value = true");
        assert_err(&text, "value = true", "invalid type: boolean `true`, expected i64");
    }

    #[test]
    fn unknown_suggestion_kind_and_urgency() {
        let text = small_with(r#"suggest = ["social_legal_advice"]"#, r#"suggest = ["lawyer"]"#);
        assert_err(&text, "lawyer", "rule `bailiff`: unknown service kind `lawyer`; use one of: debt_counselling, landlord_contact");
        let text = small_with(r#"suggest = ["social_legal_advice"]"#, "suggest = []");
        assert_err(&text, "suggest = []", "`suggest` needs at least one service kind");
        let text = small_with(r#"suggest = ["social_legal_advice"]"#, r#"suggest = ["budget_coaching", "budget_coaching"]"#);
        assert_err(&text, r#""budget_coaching", "budget_coaching""#, "service kind `budget_coaching` is suggested twice");
        let text = small_with(r#"urgency = "crisis""#, r#"urgency = "asap""#);
        assert_err(&text, "asap", "unknown urgency `asap`; use one of: normal, high, crisis");
    }

    #[test]
    fn duplicate_codes_are_rejected() {
        let text = small_with("code = \"bailiff\"\nsuggest", "code = \"two_months\"\nsuggest");
        let e = Screening::parse("test.toml", &text).unwrap_err();
        assert_eq!(e.reason, format!("rule code `two_months` is used twice (first on line {})", line_of(SMALL, r#"code = "two_months""#)));
        assert_eq!(e.line, line_of(SMALL, "code = \"bailiff\"\nsuggest"));
        let text = small_with(r#"code = "amount""#, r#"code = "arrears""#);
        assert_err(
            &text,
            r#"code = "arrears"
kind = "number""#,
            "question code `arrears` is used twice",
        );
        let text = small_with(r#"code = "none", label.nl = "Geen""#, r#"code = "bailiff", label.nl = "Geen""#);
        assert_err(&text, r#"code = "bailiff", label.nl = "Deurwaarder""#, "question `stage`: option `bailiff` is listed twice");
        let second = "\n[[section]]\ncode = \"money\"\ntitle.nl = \"Nog eens\"\ntitle.en = \"Again\"\n\n[[section.question]]\ncode = \"other\"\nkind = \"yes_no\"\ntext.nl = \"a\"\ntext.en = \"a\"\n";
        let text = format!("{}{second}", &SMALL[..SMALL.find("[[rule]]").unwrap()]);
        assert_err(&text, "code = \"money\"\ntitle.nl = \"Nog", "section code `money` is used twice");
        let text = small_with(r#"in = ["bailiff"]"#, r#"in = ["bailiff", "bailiff"]"#);
        assert_err(&text, r#"["bailiff", "bailiff"]"#, "option `bailiff` is listed twice");
    }

    #[test]
    fn question_kinds_need_their_fields() {
        assert_err(
            &small_with(r#"kind = "yes_no""#, r#"kind = "slider""#),
            "slider",
            "unknown kind `slider`; use one of: yes_no, choice, number, months, weeks",
        );
        assert_err(&small_with("unit.nl = \"euro\"\nunit.en = \"euros\"\n", ""), r#"code = "amount""#, "a number question needs a `unit`");
        assert_err(&small_with("min = 0\n", ""), r#"code = "amount""#, "a number question needs `min`");
        assert_err(&small_with("max = 12\n", ""), r#"code = "months""#, "question `months`: needs `max`");
        assert_err(&small_with("max = 5000", "max = 0"), "max = 0", "`max` (0) must be above `min` (0)");
        assert_err(&small_with("max = 12", "max = 12\nmin = -1"), "min = -1", "`min` of a months question must not be negative");
        assert_err(
            &small_with("max = 12", "max = 12\nunit.nl = \"m\"\nunit.en = \"m\""),
            "unit.nl = \"m\"",
            "only a number question has a unit",
        );
        assert_err(
            &small_with(r#"kind = "yes_no""#, "kind = \"yes_no\"\nmax = 3"),
            "max = 3",
            "only number, months and weeks questions have `min` and `max`",
        );
        assert_err(
            &small_with(r#"kind = "yes_no""#, "kind = \"yes_no\"\noptions = []"),
            "options = []",
            "only a choice question has options",
        );
        let one_option = small_with("    { code = \"bailiff\", label.nl = \"Deurwaarder\", label.en = \"Bailiff\" },\n", "");
        assert_err(&one_option, "options = [", "a choice question needs at least 2 options, found 1");
        assert_err(
            &small_with(r#"code = "bailiff", label.nl"#, r#"code = "Bailiff", label.nl"#),
            "Bailiff\", label.nl",
            "option code `Bailiff` is invalid",
        );
        assert_err(&small_with(r#"code = "arrears""#, r#"code = "Arrears""#), r#"code = "Arrears""#, "question code `Arrears` is invalid");
        assert_err(
            &small_with(r#"text.nl = "Stap?""#, r#"text.nl = " ""#),
            r#"text.nl = " ""#,
            "the Dutch text (nl) of question `stage` text",
        );
        assert_err(&small_with("help.en = \"Choose one.\"\n", ""), "help.nl", "missing field `en`");
    }

    #[test]
    fn conditions_must_be_well_formed() {
        let cut = |from: &str, to: &str| small_with(from, to);
        assert_err(
            &cut("value = 2 }", "value = 13 }"),
            "value = 13",
            "rule `two_months`: value 13 is outside the range of `months` (0–12)",
        );
        assert_err(&cut(r#"op = ">", value = 1000"#, r#"op = ">", value = 5000"#), "value = 5000", "`amount` > 5000 can never hold");
        assert_err(
            &cut(r#"op = ">=", value = 2"#, r#"op = "=>", value = 2"#),
            "=>",
            "unknown comparison `=>`; use one of: >=, >, <=, <, ==, !=",
        );
        assert_err(&cut(r#"op = ">=", value = 2"#, r#"op = ">=""#), r#"op = ">=""#, "`op` on `months` needs a `value`");
        assert_err(&cut(r#"op = ">=", value = 2"#, "value = 2"), "value = 2 }", "`value` on `months` needs an `op`");
        assert_err(
            &cut(r#"op = ">=", value = 2"#, r#"op = ">=", value = 2, is = true"#),
            r#"when = { question = "months""#,
            "has more than one test",
        );
        assert_err(
            &cut(r#"question = "months", op = ">=", value = 2"#, r#"question = "months""#),
            r#"when = { question = "months" }"#,
            "the condition on `months` needs a test; compare it",
        );
        assert_err(&cut(r#"in = ["bailiff"]"#, "in = []"), "in = []", "`in` on `stage` needs at least one option");
        assert_err(
            &cut(r#"in = ["bailiff"]"#, r#"in = ["police"]"#),
            "police",
            "`stage` has no option `police`; its options are: none, bailiff",
        );
        assert_err(&cut("{ all = [{", "{ all = [], x = [{"), "x = [", "unknown field `x`");
        assert_err(
            &cut("{ all = [{", "{ all = [], any = [{"),
            "all = [], any",
            "a condition has one of `question`, `all` or `any`, not more",
        );
        let empty_all =
            cut(r#"{ all = [{ question = "arrears", is = true }, { question = "amount", op = ">", value = 1000 }] },"#, "{ all = [] },");
        assert_err(&empty_all, "all = []", "`all` needs at least one condition");
        assert_err(
            &cut(r#"when = { question = "months", op = ">=", value = 2 }"#, "when = {}"),
            "when = {}",
            "a condition needs `question`",
        );
        assert_err(
            &cut("{ all = [{", "{ is = true, all = [{"),
            "is = true, all",
            "belong to a condition with `question`, not to `all` or `any`",
        );
        let deep = cut(
            r#"{ question = "stage", in = ["bailiff"] },"#,
            r#"{ any = [{ all = [{ any = [{ question = "arrears", is = true }] }] }] },"#,
        );
        assert_err(&deep, r#"{ question = "arrears", is = true }] }] }] }"#, "conditions may nest at most 4 levels deep");
        let missing_when = cut("when = { question = \"months\", op = \">=\", value = 2 }\n", "");
        assert_err(&missing_when, "[[rule]]\ncode = \"two_months\"", "missing field `when`");
    }

    #[test]
    fn header_fields_are_checked() {
        assert_err(&small_with(r#"id = "test""#, r#"id = "Test One""#), "Test One", "id `Test One` is invalid");
        assert_err(&small_with(r#"version = "1""#, r#"version = "1 b""#), "1 b", "version `1 b` is invalid");
        assert_err(&small_with(r#"licence = "EUPL-1.2""#, r#"licence = """#), r#"licence = """#, "licence must not be empty");
        assert_err(&small_with(r#"name.en = "Test""#, "name.en = \"Test\"\nname.de = \"Test\""), "name.de", "unknown field `de`");
        let no_sections = format!("{}{}", &SMALL[..SMALL.find("[[section]]").unwrap()], "");
        assert_err(&no_sections, r#"id = "test""#, "a screening needs at least one [[section]]");
        let empty_section = format!("{}{}", &SMALL[..SMALL.find("[[section.question]]").unwrap()], "");
        assert_err(&empty_section, "[[section]]", "section `money` needs at least one [[section.question]]");
    }

    #[test]
    fn load_all_sorts_and_rejects_duplicates() {
        let files = |pairs: &[(&str, String)]| pairs.iter().map(|(f, t)| (f.to_string(), t.clone())).collect::<Vec<_>>();
        let v2 = small_with(r#"version = "1""#, r#"version = "2""#);
        let all = load_all(&files(&[("b.toml", v2.clone()), ("a.toml", SMALL.to_string()), ("c.toml", SHIPPED.to_string())])).unwrap();
        let keys: Vec<(&str, &str)> = all.iter().map(|s| (s.id.as_str(), s.version.as_str())).collect();
        assert_eq!(keys, [("eenplan-financien", "1"), ("test", "1"), ("test", "2")]);
        let e = load_all(&files(&[("a.toml", SMALL.to_string()), ("b.toml", v2), ("c.toml", SMALL.to_string())])).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("c.toml", 1));
        assert!(e.reason.contains("screening `test` version `1` is already defined in a.toml"), "{e}");
        let e = load_all(&files(&[("a.toml", SMALL.to_string()), ("bad.toml", "id = ".to_string())])).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("bad.toml", 1));
        assert_eq!(load_all(&[]), Ok(vec![]));
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in ".{0,400}") {
            let _ = Screening::parse("fuzz.toml", &text);
        }

        #[test]
        fn parse_never_panics_on_a_cut_or_patched_file(cut in 0usize..SHIPPED.len(), patch in "[ -~\n]{0,12}") {
            let mut cut = cut;
            while !SHIPPED.is_char_boundary(cut) {
                cut -= 1;
            }
            let _ = Screening::parse("fuzz.toml", &SHIPPED[..cut]);
            let _ = Screening::parse("fuzz.toml", &format!("{}{patch}{}", &SHIPPED[..cut], &SHIPPED[cut..]));
        }

        #[test]
        fn suggestions_are_deterministic_and_sorted(
            rent in 0i64..=36, health in 0i64..=24, short in 0i64..=6, weeks in 0i64..=104,
            flags in proptest::collection::vec(any::<bool>(), 8), stage in 0usize..5, help in 0usize..6, income in 0usize..7,
        ) {
            let s = shipped();
            let q = &s.questionnaire;
            let option = |code: &str, i: usize| Value::Choice(q.question(code).unwrap().kind.options()[i].code.clone());
            let a = answers(&[
                num("rent_arrears_months", rent), num("health_insurance_arrears_months", health), num("short_months", short),
                num("application_pending_weeks", weeks), ("application_pending", Value::Bool(flags[0])),
                ("allowance_repayment", Value::Bool(flags[1])), ("tax_question", Value::Bool(flags[2])),
                ("energy_arrears", Value::Bool(flags[3])), ("energy_cutoff_notice", Value::Bool(flags[4])),
                ("water_arrears", Value::Bool(flags[5])), ("keeps_overview", Value::Bool(flags[6])),
                ("income_stable", Value::Bool(flags[7])), ("collection_stage", option("collection_stage", stage)),
                ("money_help", option("money_help", help)), ("income_source", option("income_source", income)),
            ]);
            let first = suggestions(&s, &a);
            prop_assert_eq!(&first, &suggestions(&s, &a));
            let order: Vec<(Reverse<Urgency>, usize)> =
                first.iter().map(|x| (Reverse(x.urgency), s.rules.iter().position(|r| r.code == x.rule).unwrap())).collect();
            prop_assert!(order.windows(2).all(|w| w[0] <= w[1]), "{:?}", order);
            // Each rule's suggestions appear exactly when its condition holds.
            for rule in &s.rules {
                let count = first.iter().filter(|x| x.rule == rule.code).count();
                prop_assert_eq!(count, if rule.when.holds(&a) { rule.suggest.len() } else { 0 });
            }
        }
    }
}
