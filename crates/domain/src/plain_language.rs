//! Plain language (taal op B1-niveau) for the Dutch texts a household reads: a readability score,
//! long words and passive constructions, for one text at a time.
//!
//! # Method
//!
//! - **Score**: Flesch-Douma (W.H. Douma, 1960, *De leesbaarheid van landbouwbladen*, Landbouwhogeschool
//!   Wageningen), the Dutch adaptation of Flesch's Reading Ease (Flesch, 1948):
//!   `206.835 − 0.93 × (words / sentences) − 77 × (syllables / words)`. Higher is easier; it only sees
//!   sentence length and word length, not the words themselves.
//! - **Syllables** are counted from the spelling: every group of vowels (a e i o u y, with the Dutch
//!   digraphs and trigraphs such as aa, ie, ei, ij, ui, eu, ou, au, eeu, ieu, oei, aai, ooi) is one
//!   syllable; a vowel sequence that is not a Dutch digraph (the "ua" of "situatie") is two, and a
//!   trema (ë, ï, ö, ü, ä) starts a new syllable ("ruïne", "geëist", "ideeën"). Every word has at least one.
//! - **Sentences** end at `.`, `!`, `?`, `…` and at line ends; a full stop after a known abbreviation
//!   ("bijv.", "o.a.") or inside a word ("3.5") does not end one. **Words** are runs of letters and
//!   digits, with `'`, `-` and `.` kept inside a word ("auto's", "e-mail"). A Fluent placeable
//!   (`{ $name }`) counts as the one word "X".
//! - **Long words** are counted in letters per hyphen-separated part: "privacy-medewerker" is two
//!   parts, because splitting a compound with a hyphen is exactly the plain-language advice.
//! - **Passive**: a form of "worden" (word, wordt, worden, werd, werden), or a form of "zijn" with
//!   "geworden", with a past participle in the same clause: after the auxiliary ("U wordt morgen
//!   gebeld") or right before it at the end of a clause ("als u geholpen wordt"). A participle is
//!   recognised by its shape: ge-…-d/t/en/aan, or be-/ver-/ont-/her-/er-…-d/t/en, optionally after a
//!   separable prefix ("aangepast", "opgestuurd", "voorbereid").
//!
//! # Limits
//!
//! These are heuristics on spelling, not a parser of Dutch. The score is a rough measure: a short
//! sentence with rare short words scores well, and a text of only a few words scores erratically,
//! which is why callers exempt short texts ([`Levels::min_words_for_score`]). Syllable counts miss
//! some loan words ("museum" counts 2, "service" 3). The passive check stops at commas and
//! conjunctions (en, of, maar, dat, als, …) to keep false positives low, so it misses a participle
//! in a later clause ("wordt besproken en aangepast" reports only "besproken"); it does not report
//! "zijn" + participle ("uw plan is aangepast"), because that is just as often an active perfect tense
//! ("u bent verhuisd"). Participles without ge- or one of the prefixes above ("overlegd") are missed;
//! nouns shaped like participles ("bericht", "gezond") are in a stop list. The select variants of a
//! Fluent placeable (`{ $n -> [one] … }`) are hidden inside the "X" and not checked.

use std::fmt;

/// The agreed levels for a text: the caller (the plain-language test of the portal texts) owns them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Levels<'a> {
    /// The lowest Flesch-Douma score a text may have.
    pub min_score: f64,
    /// Texts with fewer words are exempt from the score (labels, buttons); still checked for long
    /// words and passives.
    pub min_words_for_score: usize,
    /// A word (or a hyphen-separated part of one) with more letters than this is a long word.
    pub max_word_letters: usize,
    /// Long words that are accepted anyway (lower case).
    pub allowed_long_words: &'a [&'a str],
}

/// The facts about one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Flesch-Douma; `None` for a text without words.
    pub score: Option<f64>,
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// Words with a part longer than the limit, in order, each once.
    pub long_words: Vec<String>,
    /// The passive phrases, from auxiliary to participle ("wordt morgen gebeld").
    pub passives: Vec<String>,
}

/// One reason a text is not plain enough.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    ScoreTooLow { score: f64, min: f64 },
    LongWord(String),
    Passive(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::ScoreTooLow { score, min } => write!(f, "Flesch-Douma score {score:.1} is below {min}"),
            Problem::LongWord(word) => write!(f, "long word \"{word}\""),
            Problem::Passive(phrase) => write!(f, "passive \"{phrase}\""),
        }
    }
}

/// The verdict on one text against the agreed levels: it passes when there are no problems.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub problems: Vec<Problem>,
}

impl Verdict {
    pub fn passes(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Report {
    /// Analyses `text`; long words are those with a part of more than `levels.max_word_letters` letters.
    pub fn of(text: &str, levels: &Levels) -> Report {
        let sentences = split(text);
        let all: Vec<&String> = sentences.iter().flatten().flatten().collect();
        let words = all.len();
        let syllables: usize = all.iter().map(|w| syllables(w)).sum();
        let score = score_of(words, sentences.len(), syllables);
        Report {
            score,
            words,
            sentences: sentences.len(),
            syllables,
            long_words: long_words_in(all, levels.max_word_letters),
            passives: sentences.iter().flatten().flat_map(|clause| passives_in_clause(clause)).collect(),
        }
    }

    /// The problems of this text against `levels`.
    pub fn verdict(&self, levels: &Levels) -> Verdict {
        let mut problems = Vec::new();
        if let Some(score) = self.score
            && self.words >= levels.min_words_for_score
            && score < levels.min_score
        {
            problems.push(Problem::ScoreTooLow { score, min: levels.min_score });
        }
        for word in &self.long_words {
            if !levels.allowed_long_words.iter().any(|allowed| allowed.to_lowercase() == word.to_lowercase()) {
                problems.push(Problem::LongWord(word.clone()));
            }
        }
        problems.extend(self.passives.iter().cloned().map(Problem::Passive));
        Verdict { problems }
    }
}

/// Flesch-Douma (Douma, 1960): `206.835 − 0.93 × (words / sentences) − 77 × (syllables / words)`.
/// `None` when the text has no words.
pub fn flesch_douma(text: &str) -> Option<f64> {
    let sentences = split(text);
    let words: Vec<&String> = sentences.iter().flatten().flatten().collect();
    score_of(words.len(), sentences.len(), words.iter().map(|w| syllables(w)).sum())
}

fn score_of(words: usize, sentences: usize, syllables: usize) -> Option<f64> {
    if words == 0 || sentences == 0 {
        return None;
    }
    let (words, sentences, syllables) = (words as f64, sentences as f64, syllables as f64);
    Some(206.835 - 0.93 * (words / sentences) - 77.0 * (syllables / words))
}

/// The words of `text` that have a part (split at hyphens) of more than `max_letters` letters, in
/// order, each once.
pub fn long_words(text: &str, max_letters: usize) -> Vec<String> {
    long_words_in(split(text).iter().flatten().flatten().collect(), max_letters)
}

fn long_words_in(words: Vec<&String>, max_letters: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in words {
        let long = word.split('-').any(|part| part.chars().filter(|c| c.is_alphabetic()).count() > max_letters);
        if long && !out.contains(word) {
            out.push(word.clone());
        }
    }
    out
}

/// The passive constructions in `text`, each as the phrase from auxiliary to participle.
pub fn passive_constructions(text: &str) -> Vec<String> {
    split(text).iter().flatten().flat_map(|clause| passives_in_clause(clause)).collect()
}

/// The words of `text` per sentence (placeables as "X", punctuation dropped).
pub fn sentences(text: &str) -> Vec<Vec<String>> {
    split(text).into_iter().map(|s| s.into_iter().flatten().collect()).collect()
}

// ---------------------------------------------------------------------------------------------
// Syllables
// ---------------------------------------------------------------------------------------------

/// Vowel sequences that are one syllable in Dutch, longest first (a few English ones for loan words).
const VOWEL_UNITS: &[&str] = &[
    "aai", "ooi", "oei", "eeu", "ieu", "eau", "aa", "ee", "oo", "uu", "ie", "oe", "ei", "ui", "eu", "ou", "au", "ai", "oi", "ey", "ay",
    "oy",
];

/// Lower case letter without accent, and whether it carried a trema (which starts a new syllable).
fn fold(c: char) -> (char, bool) {
    match c {
        'ä' => ('a', true),
        'ë' => ('e', true),
        'ï' => ('i', true),
        'ö' => ('o', true),
        'ü' => ('u', true),
        'ÿ' => ('y', true),
        'á' | 'à' | 'â' | 'ã' | 'å' => ('a', false),
        'é' | 'è' | 'ê' => ('e', false),
        'í' | 'ì' | 'î' => ('i', false),
        'ó' | 'ò' | 'ô' | 'õ' => ('o', false),
        'ú' | 'ù' | 'û' => ('u', false),
        'ý' => ('y', false),
        c => (c, false),
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// The number of syllables of one Dutch word, at least 1.
pub fn syllables(word: &str) -> usize {
    let mut chars: Vec<(char, bool)> = Vec::new();
    for c in word.chars().flat_map(char::to_lowercase) {
        match (c, chars.last_mut()) {
            // A combining diaeresis (decomposed "ë") marks the letter before it.
            ('\u{308}', Some(last)) => last.1 = true,
            _ => chars.push(fold(c)),
        }
    }
    let vowel_at = |i: usize| {
        let (c, _) = chars[i];
        // A "y" that starts a word before a vowel is a consonant ("yoga").
        is_vowel(c) && !(c == 'y' && i == 0 && chars.get(1).is_some_and(|&(n, _)| is_vowel(n)))
    };
    let mut count = 0;
    let mut i = 0;
    while i < chars.len() {
        if !vowel_at(i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && vowel_at(j) && !chars[j].1 {
            j += 1;
        }
        let run: String = chars[i..j].iter().map(|&(c, _)| c).collect();
        count += vowel_units(&run);
        i = j;
    }
    count.max(1)
}

/// Splits a run of vowels into Dutch vowel units, greedily, longest first.
fn vowel_units(run: &str) -> usize {
    let mut rest = run;
    let mut units = 0;
    while !rest.is_empty() {
        let len = VOWEL_UNITS
            .iter()
            .find(|unit| rest.starts_with(*unit))
            .map_or_else(|| rest.chars().next().map_or(1, char::len_utf8), |u| u.len());
        rest = &rest[len..];
        units += 1;
    }
    units
}

// ---------------------------------------------------------------------------------------------
// Sentences, clauses, words
// ---------------------------------------------------------------------------------------------

/// Abbreviations whose full stop does not end a sentence (lower case, without the last full stop).
const ABBREVIATIONS: &[&str] = &[
    "bijv", "bv", "o.a", "d.w.z", "z.s.m", "enz", "etc", "nr", "dhr", "mevr", "mw", "ca", "evt", "incl", "excl", "i.p.v", "m.b.t", "t.a.v",
    "t.o.v", "o.b.v", "n.a.v", "tel",
];

/// Replaces every Fluent placeable `{ … }` (nested braces included) by the word "X".
fn without_placeables(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push_str(" X ");
                }
                depth += 1;
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            c => out.push(c),
        }
    }
    out
}

type Clause = Vec<String>;
type Sentence = Vec<Clause>;

/// Splits `text` into sentences of clauses of words; sentences without words are dropped.
fn split(text: &str) -> Vec<Sentence> {
    let text = without_placeables(text);
    let chars: Vec<char> = text.chars().collect();
    let mut sentences: Vec<Sentence> = Vec::new();
    let mut sentence: Sentence = Vec::new();
    let mut clause: Clause = Vec::new();
    let mut word = String::new();

    fn end_clause(clause: &mut Clause, sentence: &mut Sentence) {
        if !clause.is_empty() {
            sentence.push(std::mem::take(clause));
        }
    }
    fn end_sentence(clause: &mut Clause, sentence: &mut Sentence, sentences: &mut Vec<Sentence>) {
        end_clause(clause, sentence);
        if !sentence.is_empty() {
            sentences.push(std::mem::take(sentence));
        }
    }

    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        let joins = matches!(c, '\'' | '’' | '-' | '.')
            && word.chars().last().is_some_and(char::is_alphanumeric)
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if joins {
            word.push(c);
            continue;
        }
        // Combining marks (decomposed "ë") belong to the word.
        if !word.is_empty() && is_combining(c) {
            word.push(c);
            continue;
        }
        let abbreviation = c == '.' && !word.is_empty() && ABBREVIATIONS.contains(&word.to_lowercase().as_str());
        if !word.is_empty() {
            clause.push(std::mem::take(&mut word));
        }
        match c {
            '.' if abbreviation => {}
            '.' | '!' | '?' | '…' | '\n' | '\r' => end_sentence(&mut clause, &mut sentence, &mut sentences),
            ',' | ';' | ':' | '(' | ')' | '[' | ']' | '"' | '“' | '”' | '„' | '-' | '–' | '—' | '/' => {
                end_clause(&mut clause, &mut sentence)
            }
            _ => {}
        }
    }
    if !word.is_empty() {
        clause.push(word);
    }
    end_sentence(&mut clause, &mut sentence, &mut sentences);
    sentences
}

fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

// ---------------------------------------------------------------------------------------------
// Passive constructions
// ---------------------------------------------------------------------------------------------

const WORDEN: &[&str] = &["word", "wordt", "worden", "werd", "werden"];
const ZIJN: &[&str] = &["ben", "bent", "is", "zijn", "was", "waren"];

/// Words that end a clause for the passive check: a participle after them belongs to another verb.
const CLAUSE_WORDS: &[&str] = &[
    "en", "of", "maar", "want", "dus", "dat", "die", "als", "omdat", "wanneer", "zodat", "terwijl", "nadat", "voordat", "doordat", "zodra",
    "totdat", "welke", "waarin", "waarna", "waarmee", "waardoor",
];

/// Separable prefixes before the "ge" (or be-/ver-) of a participle: "aan|gepast", "voor|bereid".
const SEPARABLE: &[&str] = &[
    "aan", "achter", "af", "bij", "binnen", "dicht", "door", "goed", "in", "klaar", "kwijt", "los", "mee", "na", "neer", "om", "onder",
    "op", "open", "over", "rond", "samen", "stil", "tegen", "terug", "thuis", "toe", "uit", "vast", "voor", "vrij", "weg",
];

/// Words shaped like a participle that are not one (nouns, adjectives, present tense forms).
const NOT_PARTICIPLES: &[&str] = &[
    "geen",
    "geld",
    "gezond",
    "gebied",
    "gebieden",
    "gedicht",
    "gezinnen",
    "gemeenten",
    "gesprekken",
    "gevolgen",
    "gedachten",
    "getuigen",
    "gewoonten",
    "geleden",
    "geven",
    "geeft",
    "geest",
    "gebruiken",
    "gebeuren",
    "geloven",
    "genieten",
    "gelden",
    "gewicht",
    "gerecht",
    "gebit",
    "gebouwen",
    "bericht",
    "berichten",
    "bestand",
    "bestanden",
    "besluit",
    "beleid",
    "bekend",
    "bestaat",
    "betaalt",
    "betekent",
    "begint",
    "betreft",
    "bedrijven",
    "verschillend",
    "verstand",
    "verband",
    "verleden",
    "ontvangst",
    "ontbijt",
    "herfst",
    "herkomst",
    "ernst",
    "ernaast",
    "geworden",
];

/// Whether `word` (lower case) looks like a Dutch past participle.
fn is_participle(word: &str) -> bool {
    if NOT_PARTICIPLES.contains(&word) || !word.chars().all(char::is_alphabetic) {
        return false;
    }
    if word.ends_with("heid") || word.ends_with("heden") || word.ends_with("ingen") || word.ends_with("nissen") {
        return false;
    }
    core_participle(word)
        || SEPARABLE.iter().any(|prefix| word.strip_prefix(prefix).is_some_and(|rest| rest.len() >= 4 && core_participle(rest)))
}

fn core_participle(word: &str) -> bool {
    let len = word.chars().count();
    if word.starts_with("ge") {
        return (len >= 5 && (word.ends_with('d') || word.ends_with('t'))) || (len >= 6 && (word.ends_with("en") || word.ends_with("aan")));
    }
    ["be", "ver", "ont", "her", "er"].iter().any(|prefix| word.starts_with(prefix))
        && len >= 6
        && (word.ends_with('d') || word.ends_with('t') || word.ends_with("en"))
}

/// The passive phrases in one clause.
fn passives_in_clause(words: &[String]) -> Vec<String> {
    // Cut the clause further at conjunctions; keep the original words for the phrase.
    let mut out = Vec::new();
    let mut start = 0;
    for end in 0..=words.len() {
        if end == words.len() || CLAUSE_WORDS.contains(&words[end].to_lowercase().as_str()) {
            passives_in_part(&words[start..end], &mut out);
            start = end + 1;
        }
    }
    out
}

fn passives_in_part(words: &[String], out: &mut Vec<String>) {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let phrase = |from: usize, to: usize| words[from..=to].join(" ");
    // A participle candidate: not the word after "te" (an infinitive: "lastig te begrijpen").
    let candidate = |k: usize| is_participle(&lower[k]) && !(k > 0 && lower[k - 1] == "te");
    for (i, word) in lower.iter().enumerate() {
        if !WORDEN.contains(&word.as_str()) {
            continue;
        }
        if let Some(j) = (i + 1..lower.len()).find(|&k| candidate(k)) {
            out.push(phrase(i, j));
        } else if i + 1 == lower.len() && i > 0 && candidate(i - 1) {
            out.push(phrase(i - 1, i));
        }
    }
    if let Some(g) = lower.iter().position(|w| w == "geworden")
        && let Some(z) = lower.iter().position(|w| ZIJN.contains(&w.as_str()))
        && let Some(p) = (0..lower.len()).find(|&k| k != g && candidate(k))
    {
        let from = g.min(z).min(p);
        let to = g.max(z).max(p);
        out.push(phrase(from, to));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LEVELS: Levels =
        Levels { min_score: 60.0, min_words_for_score: 8, max_word_letters: 15, allowed_long_words: &["persoonsgegevens"] };

    #[test]
    fn counts_dutch_syllables() {
        // Known counts from the usual Dutch hyphenation, per number of syllables ("brrr" has no vowel: still one).
        let words: &[(usize, &str)] = &[
            (1, "de u uw huis eeuw nieuw één ja brrr"),
            (2, "maken afspraak gee\u{308}ist nieuwe mooie koeien draaien geëist zeeën knieën dossier bureau baby yoga jeugdzorg welkom"),
            (3, "ruïne ideeën sociaal gemeente toestemming uitkering huishouden theater gegevens bekeken privacy iedereen"),
            (4, "situatie beïnvloeden ondersteuning vrijwilliger"),
            (5, "coördinatie financiële individueel schuldhulpverlening Coëfficiënt"),
        ];
        let wrong: Vec<_> = words
            .iter()
            .flat_map(|(n, ws)| ws.split_whitespace().map(move |w| (w, *n, syllables(w))))
            .filter(|(_, expected, counted)| expected != counted)
            .collect();
        assert!(wrong.is_empty(), "(word, expected, counted): {wrong:?}");
    }

    #[test]
    fn splits_sentences_and_words() {
        assert_eq!(sentences("Welkom, { $name }."), vec![vec!["Welkom", "X"]]);
        assert_eq!(
            sentences("Kies een naam. Klaar!\nNog iets? Ja…"),
            vec![vec!["Kies", "een", "naam"], vec!["Klaar"], vec!["Nog", "iets"], vec!["Ja"]]
        );
        // Abbreviations, numbers, apostrophes and hyphens stay inside the sentence or word.
        assert_eq!(
            sentences("Bel bijv. de auto's van 3.5 ton o.a. per e-mail."),
            vec![vec!["Bel", "bijv", "de", "auto's", "van", "3.5", "ton", "o.a", "per", "e-mail"]]
        );
        // Nested placeables and select expressions are one word; punctuation is no word.
        assert_eq!(
            sentences("U heeft { $n -> [one] één *[other] { $n } } afspraken — zie: hier!!"),
            vec![vec!["U", "heeft", "X", "afspraken", "zie", "hier"]]
        );
        assert!(sentences(" ... !? \n ").is_empty());
    }

    #[test]
    fn computes_flesch_douma() {
        assert_eq!(flesch_douma(""), None);
        assert_eq!(flesch_douma("{ $name } ?"), Some(206.835 - 0.93 - 77.0));
        // 14 words, 1 sentence, 19 syllables.
        let text = "Hier ziet u straks uw plan, uw afspraken en wie uw dossier heeft bekeken.";
        let expected = 206.835 - 0.93 * 14.0 - 77.0 * 19.0 / 14.0;
        assert!((flesch_douma(text).unwrap() - expected).abs() < 1e-9);
        // Two sentences of 7 words score higher than one of 14.
        let split = "Hier ziet u straks uw plan. Uw afspraken en wie uw dossier heeft bekeken.";
        assert!(flesch_douma(split).unwrap() > flesch_douma(text).unwrap());
        // Official prose scores low.
        let hard = "De gemeentelijke verantwoordelijkheid voor de maatschappelijke ondersteuning impliceert een integrale afweging.";
        assert!(flesch_douma(hard).unwrap() < 0.0);
    }

    #[test]
    fn finds_long_words_per_hyphen_part() {
        let text = "De betaalachterstand en de privacy-medewerker; de toestemming van de contactpersoon, betaalachterstand.";
        assert_eq!(long_words(text, 15), vec!["betaalachterstand"]);
        assert_eq!(long_words(text, 13), vec!["betaalachterstand", "contactpersoon"]);
        assert!(long_words("", 3).is_empty());
    }

    #[test]
    fn finds_passive_constructions() {
        let passive = [
            ("Uw plan wordt volgende week besproken.", "wordt volgende week besproken"),
            ("U wordt door uw hulpverlener gebeld.", "wordt door uw hulpverlener gebeld"),
            ("Uw gegevens worden veilig bewaard.", "worden veilig bewaard"),
            ("Het dossier werd gisteren aangepast.", "werd gisteren aangepast"),
            ("De afspraken werden door het team vastgelegd.", "werden door het team vastgelegd"),
            ("Wilt u geholpen worden?", "geholpen worden"),
            ("Uw plan is door de gemeente goedgekeurd geworden.", "is door de gemeente goedgekeurd geworden"),
            ("We laten het weten wanneer uw aanvraag wordt ontvangen.", "wordt ontvangen"),
            ("Er wordt van u verwacht dat u de brief leest.", "wordt van u verwacht"),
            ("Het formulier wordt naar u opgestuurd.", "wordt naar u opgestuurd"),
            ("Wordt u al geholpen?", "Wordt u al geholpen"),
            ("Het werk wordt gedaan door uw contactpersoon.", "wordt gedaan"),
        ];
        for (sentence, phrase) in passive {
            assert_eq!(passive_constructions(sentence), vec![phrase.to_string()], "{sentence}");
        }
        let active = [
            "Uw hulpverlener belt u volgende week.",
            "Wij bewaren uw gegevens veilig.",
            "Hij wordt boos als het te laat is.",
            "Het wordt een gezellige dag.",
            "U kunt lid worden van de club.",
            "Als u lid wordt, bent u welkom.",
            "U heeft de brief gisteren ontvangen.",
            "Het wordt geen probleem.",
            "Uw kind wordt gezond en gaat weer naar school.",
            "Wij hebben uw plan besproken en aangepast.",
            "Zij is boos geworden.",
            "Het wordt lastig om te begrijpen.",
            "U wordt lid en ontvangt een brief.",
            "De gesprekken worden leuker.",
            "U krijgt een bericht als het klaar is.",
            "Wie heeft mijn dossier bekeken?",
        ];
        for sentence in active {
            assert!(passive_constructions(sentence).is_empty(), "{sentence}: {:?}", passive_constructions(sentence));
        }
    }

    #[test]
    fn reports_a_verdict_against_the_levels() {
        let easy = Report::of("Hier ziet u uw plan. U ziet ook wie uw dossier heeft bekeken.", &LEVELS);
        assert_eq!((easy.words, easy.sentences), (13, 2));
        assert!(easy.verdict(&LEVELS).passes(), "{easy:?}");

        // Short texts are exempt from the score, not from long words and passives.
        let short = Report::of("Betaalachterstanden", &LEVELS);
        assert!(short.score.unwrap() < LEVELS.min_score);
        assert_eq!(short.verdict(&LEVELS).problems, vec![Problem::LongWord("Betaalachterstanden".into())]);
        assert!(Report::of("Uw persoonsgegevens", &LEVELS).verdict(&LEVELS).passes(), "allowed long word");
        assert_eq!(Report::of("U wordt gebeld.", &LEVELS).verdict(&LEVELS).problems, vec![Problem::Passive("wordt gebeld".into())]);

        let hard =
            Report::of("De gemeentelijke verantwoordelijkheid voor de maatschappelijke ondersteuning impliceert een afweging.", &LEVELS);
        let problems = hard.verdict(&LEVELS).problems;
        assert!(matches!(problems[0], Problem::ScoreTooLow { min, .. } if min == 60.0), "{problems:?}");
        assert_eq!(problems[1..], [Problem::LongWord("verantwoordelijkheid".into()), Problem::LongWord("maatschappelijke".into())]);
        assert_eq!(problems[0].to_string(), format!("Flesch-Douma score {:.1} is below 60", hard.score.unwrap()));
    }

    proptest! {
        #[test]
        fn never_panics_and_scores_are_finite(text in any::<String>()) {
            let report = Report::of(&text, &LEVELS);
            prop_assert_eq!(report.score.is_none(), report.words == 0);
            prop_assert!(report.score.is_none_or(f64::is_finite));
            let _ = report.verdict(&LEVELS);
        }

        #[test]
        fn dutch_like_text_never_panics(text in "[a-zA-Zëïéüö'{}$ .,!?\n-]{0,120}") {
            let report = Report::of(&text, &LEVELS);
            prop_assert_eq!(report.score.is_none(), report.words == 0);
            prop_assert!(report.score.is_none_or(f64::is_finite));
            prop_assert!(report.syllables >= report.words);
            prop_assert!(report.sentences <= report.words);
        }
    }
}
