//! Removes identifying details from an example text before it leaves a household file for the
//! patterns overview ("the application was rejected as incomplete; [naam] was 3 months without
//! income").
//!
//! Two sources: what the household file knows about its members ([`KnownIdentifiers`]: names,
//! streets, postcodes, dates of birth, BSNs, phone numbers, e-mail addresses), removed in any
//! spelling; and what looks like an identifier whoever it belongs to: any Dutch postcode, any number
//! that passes the BSN eleven test, any Dutch phone number, any e-mail address and any full date.
//! Bare years ("in 2023") and months ("maart 2024") stay: policy needs them.
//!
//! Matching is case- and diacritics-insensitive ("Özdemir" is "OZDEMIR") and on whole words only, so
//! "Bergen" stays when "Berg" is a name. A name prefix ("de", "van den") is only removed together with
//! the family name it belongs to. The result is stable: de-identifying twice changes nothing more.

use std::ops::Range;

use time::{Date, Month};

use crate::names;

/// What the household file holds about its members.
#[derive(Default, Debug, Clone)]
pub struct KnownIdentifiers {
    /// Given names and family names, family names with their prefix ("de Vries", "van den Berg").
    pub names: Vec<String>,
    pub streets: Vec<String>,
    pub postcodes: Vec<String>,
    pub dates_of_birth: Vec<Date>,
    pub bsns: Vec<String>,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
}

crate::code_enum!(
    /// What kind of identifier was removed.
    IdentifierKind {
        Name = "name",
        Address = "address",
        Postcode = "postcode",
        Date = "date",
        Bsn = "bsn",
        Phone = "phone",
        Email = "email",
    }
);

/// The text that replaces an identifier of `kind`.
pub fn placeholder(kind: IdentifierKind) -> &'static str {
    match kind {
        IdentifierKind::Name => "[naam]",
        IdentifierKind::Address => "[adres]",
        IdentifierKind::Postcode => "[postcode]",
        IdentifierKind::Date => "[datum]",
        IdentifierKind::Bsn => "[BSN]",
        IdentifierKind::Phone => "[telefoon]",
        IdentifierKind::Email => "[e-mail]",
    }
}

/// A de-identified text with how many identifiers of each kind were removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deidentified {
    pub text: String,
    /// Only kinds with a count above 0, in the order of `IdentifierKind::ALL`.
    pub removed: Vec<(IdentifierKind, usize)>,
}

/// Replaces every identifier in `text` by its [`placeholder`].
///
/// The finders run in a fixed order and a later one never takes text an earlier one took: existing
/// placeholders (kept as they are), e-mail addresses, dates, phone numbers, BSNs, postcodes, streets,
/// names. So "1 april 1990" is a date even when April is someone's name, and a phone number is never
/// read as a BSN.
pub fn deidentify(text: &str, known: &KnownIdentifiers) -> Deidentified {
    let folded = Folded::new(text);
    let mut claims = Claims::new(folded.chars.len());
    claims.take_all(None, existing_placeholders(&folded));
    claims.take_all(Some(IdentifierKind::Email), emails(&folded));
    claims.take_all(Some(IdentifierKind::Date), dates(&folded, &known.dates_of_birth));
    claims.take_all(Some(IdentifierKind::Phone), phones(&folded, &known.phones));
    claims.take_all(Some(IdentifierKind::Bsn), bsns(&folded, &known.bsns));
    claims.take_all(Some(IdentifierKind::Postcode), postcodes(&folded, &known.postcodes));
    claims.take_all(Some(IdentifierKind::Address), streets(&folded, &known.streets));
    claims.take_all(Some(IdentifierKind::Name), names_in(&folded, &known.names));
    claims.render(text, &folded)
}

// The text, folded for matching.

/// The text lowercased with diacritics folded, one entry per folded character, each remembering the
/// bytes of the original character it came from. Combining marks are dropped (kept in the bytes of
/// the character before them).
struct Folded {
    chars: Vec<char>,
    originals: Vec<char>,
    byte_starts: Vec<usize>,
    byte_ends: Vec<usize>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let mut folded = Folded { chars: Vec::new(), originals: Vec::new(), byte_starts: Vec::new(), byte_ends: Vec::new() };
        let mut buffer = [0u8; 4];
        for (start, original) in text.char_indices() {
            let end = start + original.len_utf8();
            if is_combining_mark(original) {
                if let Some(last) = folded.byte_ends.last_mut() {
                    *last = end;
                }
                continue;
            }
            for c in names::fold(original.encode_utf8(&mut buffer)).chars().filter(|&c| !is_combining_mark(c)) {
                folded.chars.push(c);
                folded.originals.push(original);
                folded.byte_starts.push(start);
                folded.byte_ends.push(end);
            }
        }
        folded
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn is_word(&self, i: usize) -> bool {
        self.at(i).is_some_and(char::is_alphanumeric)
    }

    fn is_digit(&self, i: usize) -> bool {
        self.at(i).is_some_and(|c| c.is_ascii_digit())
    }

    /// Whether a word may start at `i`: the character before is not a letter or digit.
    fn word_starts(&self, i: usize) -> bool {
        i == 0 || !self.is_word(i - 1)
    }

    fn digit_before(&self, i: usize) -> bool {
        i > 0 && self.is_digit(i - 1)
    }

    /// The end of the run of characters from `i` that satisfy `keep`.
    fn run_end(&self, i: usize, keep: impl Fn(char) -> bool) -> usize {
        (i..self.len()).find(|&j| !keep(self.chars[j])).unwrap_or(self.len())
    }

    fn text(&self, range: Range<usize>) -> String {
        self.chars[range].iter().collect()
    }

    /// Whether `word` stands at `i`.
    fn has_at(&self, i: usize, word: &[char]) -> bool {
        self.chars.get(i..i + word.len()).is_some_and(|here| here == word)
    }

    /// The end of `words` at `i` (a whole-word start), with `separator` characters (at least one)
    /// between the words; the end is not checked for a word boundary.
    fn phrase_at(&self, i: usize, words: &[Vec<char>], separator: fn(char) -> bool) -> Option<usize> {
        if !self.word_starts(i) {
            return None;
        }
        let mut at = i;
        for (n, word) in words.iter().enumerate() {
            if n > 0 {
                let next = self.run_end(at, separator);
                if next == at {
                    return None;
                }
                at = next;
            }
            if !self.has_at(at, word) {
                return None;
            }
            at += word.len();
        }
        Some(at)
    }
}

fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

fn is_space_or_hyphen(c: char) -> bool {
    c.is_whitespace() || c == '-'
}

/// The letters of an identifier, folded, split into words; words of fewer than 2 letters in total are
/// not worth matching.
fn phrase(words: Vec<String>) -> Option<Vec<Vec<char>>> {
    let letters = words.iter().flat_map(|w| w.chars()).filter(|c| c.is_alphabetic()).count();
    (letters >= 2).then(|| words.into_iter().map(|w| w.chars().filter(|&c| !is_combining_mark(c)).collect()).collect())
}

// Which finder took which characters.

struct Claims {
    taken: Vec<bool>,
    /// `None`: an existing placeholder, kept as it is.
    found: Vec<(Range<usize>, Option<IdentifierKind>)>,
}

impl Claims {
    fn new(len: usize) -> Claims {
        Claims { taken: vec![false; len], found: Vec::new() }
    }

    /// Takes the free ones of `ranges`, leftmost and then longest first.
    fn take_all(&mut self, kind: Option<IdentifierKind>, mut ranges: Vec<Range<usize>>) {
        ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        for range in ranges {
            if !range.is_empty() && !self.taken[range.clone()].contains(&true) {
                self.taken[range.clone()].fill(true);
                self.found.push((range, kind));
            }
        }
    }

    fn render(mut self, text: &str, folded: &Folded) -> Deidentified {
        self.found.sort_by_key(|(range, _)| range.start);
        let mut out = String::with_capacity(text.len());
        let mut counts = [0usize; 7];
        let mut copied_up_to = 0;
        for (range, kind) in &self.found {
            let start = folded.byte_starts[range.start].max(copied_up_to);
            let end = folded.byte_ends[range.end - 1].max(start);
            out.push_str(&text[copied_up_to..start]);
            match kind {
                Some(kind) => {
                    out.push_str(placeholder(*kind));
                    counts[kind_index(*kind)] += 1;
                }
                None => out.push_str(&text[start..end]),
            }
            copied_up_to = end;
        }
        out.push_str(&text[copied_up_to..]);
        let removed = IdentifierKind::ALL.iter().map(|&kind| (kind, counts[kind_index(kind)])).filter(|&(_, n)| n > 0).collect();
        Deidentified { text: out, removed }
    }
}

fn kind_index(kind: IdentifierKind) -> usize {
    IdentifierKind::ALL.iter().position(|&k| k == kind).expect("every kind is in ALL")
}

// The finders. Each returns ranges of folded characters.

fn existing_placeholders(folded: &Folded) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for kind in IdentifierKind::ALL {
        let word: Vec<char> = names::fold(placeholder(*kind)).chars().collect();
        found.extend((0..folded.len()).filter(|&i| folded.has_at(i, &word)).map(|i| i..i + word.len()));
    }
    found
}

/// E-mail addresses from left to right; an address's local part starts after the one before it.
fn emails(folded: &Folded) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = Vec::new();
    for at in (0..folded.len()).filter(|&i| folded.chars[i] == '@') {
        let free_from = found.last().map_or(0, |last| last.end);
        if at > free_from {
            found.extend(email_around(folded, free_from, at));
        }
    }
    found
}

fn is_email_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._%+-'".contains(c)
}

fn is_email_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '-'
}

/// The e-mail address around the `@` at `at`: a local part, and the longest domain whose last label
/// is at least two letters ("a@b.nl-x" is the address "a@b.nl" followed by "-x").
fn email_around(folded: &Folded, free_from: usize, at: usize) -> Option<Range<usize>> {
    let local_start = (free_from..at).rev().take_while(|&i| is_email_local(folded.chars[i])).last()?;
    let start = (local_start..at).find(|&i| folded.is_word(i))?;
    let domain_end = folded.run_end(at + 1, is_email_domain);
    let end = (at + 2..=domain_end).rev().find(|&end| !folded.is_word(end) && has_top_level_domain(&folded.text(at + 1..end)))?;
    Some(start..end)
}

fn has_top_level_domain(domain: &str) -> bool {
    domain.rsplit_once('.').is_some_and(|(name, top)| !name.is_empty() && top.len() >= 2 && top.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Month names and abbreviations, Dutch and English, folded.
const MONTHS: &[(&str, u8)] = &[
    ("januari", 1),
    ("january", 1),
    ("jan", 1),
    ("februari", 2),
    ("february", 2),
    ("feb", 2),
    ("maart", 3),
    ("march", 3),
    ("mrt", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("mei", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("jul", 7),
    ("augustus", 8),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("oktober", 10),
    ("october", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// Full dates in any common notation, plus day and month of a known date of birth.
fn dates(folded: &Folded, dates_of_birth: &[Date]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for i in (0..folded.len()).filter(|&i| folded.word_starts(i)) {
        found.extend(numeric_date(folded, i));
        found.extend(day_month_year(folded, i));
        found.extend(month_day_year(folded, i));
        found.extend(birthday_without_year(folded, i, dates_of_birth));
    }
    found
}

/// A number of `digits` digits (a range of lengths) at `i`, with its end.
fn number_at(folded: &Folded, i: usize, digits: Range<usize>) -> Option<(u32, usize)> {
    let end = folded.run_end(i, |c| c.is_ascii_digit());
    if !digits.contains(&(end - i)) {
        return None;
    }
    folded.text(i..end).parse().ok().map(|n| (n, end))
}

/// A month name (with an optional dot after it) at `i`, with its end.
fn month_at(folded: &Folded, i: usize) -> Option<(u8, usize)> {
    let end = folded.run_end(i, char::is_alphabetic);
    let word = folded.text(i..end);
    let month = MONTHS.iter().find(|(name, _)| *name == word)?.1;
    Some((month, if folded.at(end) == Some('.') { end + 1 } else { end }))
}

/// The end of the white space from `i`, if there is any.
fn spaces_at(folded: &Folded, i: usize) -> Option<usize> {
    let end = folded.run_end(i, is_space);
    (end > i).then_some(end)
}

fn is_date(year: u32, month: u32, day: u32) -> bool {
    let (Ok(year), Ok(month), Ok(day)) = (i32::try_from(year), u8::try_from(month), u8::try_from(day)) else {
        return false;
    };
    Month::try_from(month).is_ok_and(|month| Date::from_calendar_date(year, month, day).is_ok())
}

/// A two-digit year could be 19xx or 20xx.
fn is_date_any_century(year: u32, year_digits: usize, month: u32, day: u32) -> bool {
    if year_digits == 2 { is_date(1900 + year, month, day) || is_date(2000 + year, month, day) } else { is_date(year, month, day) }
}

/// `1990-04-01`, `01-04-1990`, `1/4/1990`, `1.4.90`: three numbers with the same separator.
fn numeric_date(folded: &Folded, i: usize) -> Option<Range<usize>> {
    let (first, end) = number_at(folded, i, 1..5)?;
    let separator = folded.at(end).filter(|c| "-/.".contains(*c))?;
    let (second, end2) = number_at(folded, end + 1, 1..3)?;
    (folded.at(end2) == Some(separator)).then_some(())?;
    let (third, end3) = number_at(folded, end2 + 1, 1..5)?;
    if folded.is_word(end3) {
        return None;
    }
    let valid = match (end - i, end3 - end2 - 1) {
        (4, 1 | 2) => is_date(first, second, third),
        (1 | 2, digits @ (2 | 4)) => is_date_any_century(third, digits, second, first),
        _ => false,
    };
    valid.then_some(i..end3)
}

/// `1 april 1990`, `01 apr. 1990`.
fn day_month_year(folded: &Folded, i: usize) -> Option<Range<usize>> {
    let (day, month, after_month) = day_month(folded, i)?;
    let (year, end) = number_at(folded, spaces_at(folded, after_month)?, 4..5)?;
    (!folded.is_word(end) && is_date(year, u32::from(month), day)).then_some(i..end)
}

/// A day number and a month name at `i`: the day, the month and the end.
fn day_month(folded: &Folded, i: usize) -> Option<(u32, u8, usize)> {
    let (day, end) = number_at(folded, i, 1..3)?;
    let (month, end) = month_at(folded, spaces_at(folded, end)?)?;
    Some((day, month, end))
}

/// `april 1, 1990`, `April 1 1990`.
fn month_day_year(folded: &Folded, i: usize) -> Option<Range<usize>> {
    let (month, end) = month_at(folded, i)?;
    let (day, mut end) = number_at(folded, spaces_at(folded, end)?, 1..3)?;
    if folded.at(end) == Some(',') {
        end += 1;
    }
    let (year, end) = number_at(folded, spaces_at(folded, end)?, 4..5)?;
    (!folded.is_word(end) && is_date(year, u32::from(month), day)).then_some(i..end)
}

/// `1 april` when someone in the household was born on 1 April.
fn birthday_without_year(folded: &Folded, i: usize, dates_of_birth: &[Date]) -> Option<Range<usize>> {
    let (day, month, end) = day_month(folded, i)?;
    let born_then = dates_of_birth.iter().any(|d| u32::from(d.day()) == day && u8::from(d.month()) == month);
    (born_then && !folded.is_word(end)).then_some(i..end)
}

/// Dutch phone numbers in any common notation, and the known numbers, also foreign ones.
fn phones(folded: &Folded, known: &[String]) -> Vec<Range<usize>> {
    let known: Vec<String> = known.iter().map(|p| phone_digits(p)).filter(|d| d.len() >= 6).collect();
    let longest = known.iter().map(String::len).max().unwrap_or(0).max(14);
    let starts = (0..folded.len()).filter(|&i| folded.word_starts(i) && !(i > 0 && folded.chars[i - 1] == '+'));
    starts.filter_map(|i| phone_at(folded, i, &known, longest)).collect()
}

/// The digits of a phone number, `+` written as `00`.
fn phone_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if phone.trim_start().starts_with('+') { format!("00{digits}") } else { digits }
}

/// A Dutch number in national form: `+31 6…`, `0031 6…` and `+31 (0)6…` become `06…`.
fn national(digits: &str) -> String {
    match digits.strip_prefix("0031") {
        Some(rest) => format!("0{}", rest.strip_prefix('0').unwrap_or(rest)),
        None => digits.to_string(),
    }
}

fn is_dutch_phone(digits: &str) -> bool {
    let national = national(digits);
    national.len() == 10 && national.starts_with('0') && !national[1..].starts_with('0')
}

fn is_phone_separator(c: char) -> bool {
    " -.()".contains(c)
}

/// Reads digits from `i` (a `+` or `(` may come first), with at most two separator characters between
/// them, until they form a Dutch or a known number that is not followed by another digit.
fn phone_at(folded: &Folded, i: usize, known: &[String], longest: usize) -> Option<Range<usize>> {
    let mut digits = String::new();
    let mut at = i;
    match folded.at(i)? {
        '+' => {
            digits.push_str("00");
            at += 1;
        }
        '(' => at += 1,
        c if c.is_ascii_digit() => {}
        _ => return None,
    }
    while digits.len() <= longest {
        let c = folded.at(at)?;
        if c.is_ascii_digit() {
            digits.push(c);
            at += 1;
            if !folded.is_digit(at) && (is_dutch_phone(&digits) || known.contains(&digits)) {
                return Some(i..at);
            }
            continue;
        }
        let next = folded.run_end(at, is_phone_separator);
        if digits.is_empty() || next - at > 2 || !folded.is_digit(next) {
            return None;
        }
        at = next;
    }
    None
}

/// The eleven test of a BSN; eight digits are read with a leading zero.
fn passes_eleven_test(digits: &str) -> bool {
    let padded = if digits.len() == 8 { format!("0{digits}") } else { digits.to_string() };
    let values: Vec<i64> = padded.chars().filter_map(|c| c.to_digit(10)).map(i64::from).collect();
    if values.len() != 9 || values.iter().all(|&v| v == 0) {
        return false;
    }
    let weighted: i64 = values[..8].iter().zip((2..=9).rev()).map(|(v, weight)| v * weight).sum();
    (weighted - values[8]) % 11 == 0
}

/// Any 8- or 9-digit number that passes the eleven test, and the known BSNs with dots, spaces or
/// hyphens between their digits.
fn bsns(folded: &Folded, known: &[String]) -> Vec<Range<usize>> {
    let known: Vec<String> =
        known.iter().map(|b| b.chars().filter(char::is_ascii_digit).collect::<String>()).filter(|d| d.len() >= 8).collect();
    let mut found = Vec::new();
    for i in (0..folded.len()).filter(|&i| folded.is_digit(i) && !folded.digit_before(i)) {
        let end = folded.run_end(i, |c| c.is_ascii_digit());
        if matches!(end - i, 8 | 9) && passes_eleven_test(&folded.text(i..end)) {
            found.push(i..end);
        }
        found.extend(known_number_at(folded, i, &known));
    }
    found
}

/// A known BSN at `i`, written with single dots, spaces or hyphens between its digits.
fn known_number_at(folded: &Folded, i: usize, known: &[String]) -> Option<Range<usize>> {
    let mut digits = String::new();
    let mut at = i;
    while let Some(c) = folded.at(at) {
        if c.is_ascii_digit() {
            digits.push(c);
            at += 1;
            if !folded.is_digit(at) && known.contains(&digits) {
                return Some(i..at);
            }
        } else if ".- ".contains(c) && !digits.is_empty() && folded.is_digit(at + 1) {
            at += 1;
        } else {
            return None;
        }
        if digits.len() > 9 {
            return None;
        }
    }
    None
}

/// Any Dutch postcode (`1234 AB`, `1234AB`, `1234ab`; with a space only in capitals, so "2023 en"
/// stays), and the known postcodes in any case.
fn postcodes(folded: &Folded, known: &[String]) -> Vec<Range<usize>> {
    let known: Vec<String> = known.iter().map(|p| compact_postcode(p)).collect();
    (0..folded.len()).filter(|&i| folded.word_starts(i)).filter_map(|i| postcode_at(folded, i, &known)).collect()
}

fn compact_postcode(postcode: &str) -> String {
    postcode.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

fn postcode_at(folded: &Folded, i: usize, known: &[String]) -> Option<Range<usize>> {
    let (_, digits_end) = number_at(folded, i, 4..5)?;
    if folded.chars[i] == '0' {
        return None;
    }
    let spaced = folded.at(digits_end) == Some(' ');
    let letters = if spaced { digits_end + 1 } else { digits_end };
    let end = letters + 2;
    let two_letters = (letters..end).all(|j| folded.at(j).is_some_and(|c| c.is_ascii_lowercase()));
    if !two_letters || folded.is_word(end) {
        return None;
    }
    let capitals = (letters..end).all(|j| folded.originals[j].is_uppercase());
    let is_known = known.contains(&compact_postcode(&folded.text(i..end)));
    (!spaced || capitals || is_known).then_some(i..end)
}

/// Additions after a house number written as a separate word.
const HOUSE_NUMBER_WORDS: &[&str] = &["hs", "bis", "zw", "rd", "bg", "huis", "boven", "beneden"];

/// The known streets, with a house number and addition when one follows.
fn streets(folded: &Folded, streets: &[String]) -> Vec<Range<usize>> {
    let phrases: Vec<Vec<Vec<char>>> =
        streets.iter().filter_map(|s| phrase(names::fold(s).split_whitespace().map(str::to_string).collect())).collect();
    let mut found = Vec::new();
    for i in 0..folded.len() {
        for words in &phrases {
            if let Some(end) = folded.phrase_at(i, words, is_space).filter(|&end| !folded.is_word(end)) {
                found.push(i..house_number_end(folded, end).unwrap_or(end));
            }
        }
    }
    found
}

/// The end of a house number with its addition after a street ending at `i`: `12`, `12a`, `12-2`,
/// `12 A`, `12 hs`.
fn house_number_end(folded: &Folded, i: usize) -> Option<usize> {
    let (_, end) = number_at(folded, spaces_at(folded, i)?, 1..6)?;
    let letters_end = folded.run_end(end, char::is_alphabetic);
    if (1..=3).contains(&(letters_end - end)) && !folded.is_word(letters_end) {
        return Some(letters_end);
    }
    if folded.is_word(end) {
        return None;
    }
    Some(addition_end(folded, end).unwrap_or(end))
}

/// `-2`, `-hs`, ` A` (a capital), ` hs` after a house number ending at `i`.
fn addition_end(folded: &Folded, i: usize) -> Option<usize> {
    let after = folded.at(i)?;
    let start = i + 1;
    let end = folded.run_end(start, char::is_alphanumeric);
    let word = folded.text(start..end);
    let fits = match after {
        '-' => (1..=4).contains(&(end - start)),
        ' ' => (end - start == 1 && folded.originals[start].is_uppercase()) || HOUSE_NUMBER_WORDS.contains(&word.as_str()),
        _ => false,
    };
    fits.then_some(end)
}

/// The known names as whole words: each name as written, without its leading prefix ("van den Berg",
/// "Berg"), and each of its words on its own except the prefixes ("Anna-Maria": "Anna", "Maria").
/// A name may be followed by a possessive: "Jan's", "Jan-s", and "Jans" (for names that end in a
/// consonant other than s, x or z).
fn names_in(folded: &Folded, known: &[String]) -> Vec<Range<usize>> {
    let phrases: Vec<Vec<Vec<char>>> = known.iter().flat_map(|name| name_variants(name)).collect();
    let mut found = Vec::new();
    for i in 0..folded.len() {
        for words in &phrases {
            if let Some(end) = folded.phrase_at(i, words, is_space_or_hyphen).and_then(|end| name_end(folded, end, words)) {
                found.push(i..end);
            }
        }
    }
    found
}

fn name_variants(name: &str) -> Vec<Vec<Vec<char>>> {
    let whole = names::words(name);
    let core = names::core_words(name);
    let first_core = core.first().and_then(|first| whole.iter().position(|w| w == first)).unwrap_or(whole.len());
    let mut variants = vec![whole.clone(), whole[first_core..].to_vec()];
    variants.extend(core.into_iter().map(|word| vec![word]));
    let mut phrases: Vec<Vec<Vec<char>>> = Vec::new();
    for phrase in variants.into_iter().filter(|v| v.iter().any(|w| names::core_words(w).len() == 1)).filter_map(phrase) {
        if !phrases.contains(&phrase) {
            phrases.push(phrase);
        }
    }
    phrases
}

/// Where a name ending at `end` ends as a whole word, with a possessive `s` taken along.
fn name_end(folded: &Folded, end: usize, words: &[Vec<char>]) -> Option<usize> {
    if !folded.is_word(end) {
        return Some(end);
    }
    let last = words.last()?.last().copied()?;
    let takes_plain_s = last.is_alphabetic() && !"aeiouysxz".contains(last);
    (takes_plain_s && folded.at(end) == Some('s') && !folded.is_word(end + 1)).then_some(end + 1)
}
