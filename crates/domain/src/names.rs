//! Dutch names for search: diacritics folded, prefixes (tussenvoegsels) set apart, a phonetic key
//! for small spelling differences, and an edit distance to rank candidates.

/// Prefixes that stand before a Dutch family name and do not count when sorting or searching.
const PREFIXES: &[&str] =
    &["van", "von", "der", "den", "de", "het", "ter", "ten", "te", "op", "in", "'t", "t", "la", "le", "du", "d'", "el", "al"];

/// Lowercases and folds diacritics: "Çelik-Öztürk" → "celik-ozturk".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'ď' | 'đ' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ğ' => "g",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
            'ĳ' => "ij",
            'ł' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'œ' => "oe",
            'ř' => "r",
            'ś' | 'š' | 'ş' | 'ș' => "s",
            'ß' => "ss",
            'ť' | 'ţ' | 'ț' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            '’' | '`' | '´' => "'",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(mapped);
    }
    out
}

/// Folded words of a name, hyphens and punctuation turned into spaces.
pub fn words(s: &str) -> Vec<String> {
    fold(s).split(|c: char| c.is_whitespace() || c == '-' || c == ',' || c == '.').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The words of a name without its prefixes: "van der Berg" → ["berg"].
pub fn core_words(s: &str) -> Vec<String> {
    words(s).into_iter().filter(|w| !PREFIXES.contains(&w.as_str())).collect()
}

/// The text a member is found by: given names and family name, folded, without prefixes.
pub fn search_text(given: &str, prefix: &str, family: &str) -> String {
    let _ = prefix; // prefixes are never needed to find someone
    let mut w = core_words(given);
    w.extend(core_words(family));
    w.join(" ")
}

/// A Dutch phonetic key of one word: sounds that are often spelt differently get one letter
/// (ij/ei/y, ou/au, ch/g, dt/d/t at the end, ph/f, c/k, z/s, double letters), vowels after the first
/// letter are dropped. "Jansen", "Janssen" and "Jansens" share a key; so do "Meijer" and "Meyer".
pub fn phonetic(word: &str) -> String {
    let w = fold(word);
    let mut s = w.replace("sch", "s").replace("ch", "g").replace("ph", "f").replace("ij", "y").replace("ei", "y");
    s = s.replace("au", "o").replace("ou", "o").replace("th", "t").replace("ck", "k").replace('c', "k").replace('z', "s").replace('v', "f");
    s = s.replace("dt", "t");
    if s.ends_with('d') {
        s.pop();
        s.push('t');
    }
    let mut out = String::new();
    for (i, ch) in s.chars().filter(|c| c.is_ascii_alphabetic()).enumerate() {
        let vowel = matches!(ch, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h');
        if i > 0 && vowel {
            continue;
        }
        if out.ends_with(ch) {
            continue;
        }
        out.push(ch);
    }
    // A trailing plural/genitive s is often added or left out.
    if out.len() > 3 && out.ends_with('s') {
        out.pop();
    }
    out
}

/// The first core word of a family name, reversed: found by its ending when a typo is early.
pub fn reversed_core(family: &str) -> String {
    core_words(family).first().map(|w| w.chars().rev().collect()).unwrap_or_default()
}

/// The key a member's family name is found by: the phonetic key of its first core word.
pub fn name_key(family: &str) -> String {
    core_words(family).first().map(|w| phonetic(w)).unwrap_or_default()
}

/// Optimal string alignment distance (Levenshtein with adjacent swaps), on characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// A search query prepared once: its words and their sound-alike keys.
pub struct Matcher {
    words: Vec<(String, String, usize)>,
}

impl Matcher {
    pub fn new(query: &str) -> Matcher {
        Matcher { words: core_words(query).into_iter().map(|w| (phonetic(&w), w.chars().count(), w)).map(|(p, n, w)| (w, p, n)).collect() }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// How well a member's search text matches (lower is better), or `None` for no match. Every
    /// query word must match some name word: as a prefix (score 0) or, for words of 4 or more
    /// letters, within one typo (two for 8 or more letters), or sounding alike (score 1).
    pub fn score(&self, search_text: &str) -> Option<usize> {
        if self.words.is_empty() {
            return None;
        }
        let mut total = 0;
        for (qw, qkey, len) in &self.words {
            let allowed = match len {
                0..=3 => 0,
                4..=7 => 1,
                _ => 2,
            };
            let best = search_text
                .split(' ')
                .filter_map(|nw| {
                    if nw.starts_with(qw.as_str()) {
                        return Some(0);
                    }
                    if allowed == 0 {
                        return None;
                    }
                    // Cheap bound first: lengths further apart than the allowed typos never match.
                    let d = if nw.chars().count().abs_diff(*len) <= allowed { edit_distance(qw, nw) } else { usize::MAX };
                    if d <= allowed {
                        return Some(d);
                    }
                    // Spelling variants that sound alike (Meyer/Meijer, Smid/Smit) count as one typo.
                    (phonetic(nw) == *qkey).then_some(1)
                })
                .min()?;
            total += best;
        }
        Some(total)
    }
}

/// How well a member's search text matches a query (see `Matcher::score`).
pub fn match_score(query: &str, search_text: &str) -> Option<usize> {
    Matcher::new(query).score(search_text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_diacritics_and_drops_prefixes() {
        assert_eq!(fold("Çelik-Öztürk"), "celik-ozturk");
        assert_eq!(search_text("Anna Maria", "van der", "Berg"), "anna maria berg");
        assert_eq!(core_words("'t Hart"), vec!["hart"]);
        assert_eq!(search_text("José", "", "Pérez-de Vries"), "jose perez vries");
    }

    #[test]
    fn spelling_variants_share_a_key() {
        assert_eq!(name_key("Jansen"), name_key("Janssen"));
        assert_eq!(name_key("Meijer"), name_key("Meyer"));
        assert_eq!(name_key("van der Berg"), name_key("Berg"));
        assert_eq!(name_key("Smit"), name_key("Smid"));
        assert_eq!(name_key("Dijkstra"), name_key("Dykstra"));
        assert_ne!(name_key("Jansen"), name_key("Bakker"));
    }

    #[test]
    fn matching_tolerates_small_typos_but_not_short_words() {
        assert_eq!(match_score("berg", "anna berg"), Some(0));
        assert_eq!(match_score("van den berg", "anna berg"), Some(0), "prefixes in the query do not matter");
        assert_eq!(match_score("Yilmz", "fatima yilmaz"), Some(1));
        assert_eq!(match_score("Yimlaz", "fatima yilmaz"), Some(1), "a swap is one typo");
        assert_eq!(match_score("bos", "anna bas"), None, "three letters must match exactly");
        assert_eq!(match_score("meyer", "jan meijer"), Some(1), "sounds alike");
        assert_eq!(match_score("jamsen", "piet jansen"), Some(1));
        assert_eq!(match_score("fatima bakker", "fatima yilmaz"), None, "every word must match");
        assert_eq!(match_score("", "anna"), None);
    }

    proptest! {
        #[test]
        fn distance_is_a_metric(a in "[a-z]{0,8}", b in "[a-z]{0,8}") {
            prop_assert_eq!(edit_distance(&a, &b), edit_distance(&b, &a));
            prop_assert_eq!(edit_distance(&a, &a), 0);
            prop_assert!(edit_distance(&a, &b) <= a.len().max(b.len()));
        }

        #[test]
        fn a_name_always_finds_itself(given in "[A-Z][a-z]{2,8}", family in "[A-Z][a-z]{2,10}") {
            let text = search_text(&given, "", &family);
            prop_assert_eq!(match_score(&format!("{given} {family}"), &text), Some(0));
            prop_assert_eq!(name_key(&family), name_key(&family.to_uppercase()));
        }
    }
}
