//! Plain language (issue 9): every Dutch text of the household portal (`locales/nl/portal*.ftl`) is
//! checked on readability (Flesch-Douma), long words and passive constructions. The method and its
//! limits are in `eenplan_domain::plain_language`. When this test fails, it lists every text to
//! rewrite with the reasons; run it with `--no-capture` to see the scores of all texts. It also keeps
//! the translation template (`crates/web/translations/portal.ftl`) in step with the portal's texts.

use eenplan_domain::plain_language::{Levels, Report};
use std::path::{Path, PathBuf};

/// The lowest Flesch-Douma score a portal text of [`MIN_WORDS_FOR_SCORE`] words or more may have.
/// Flesch-Douma (W.H. Douma, 1960) is the Dutch adaptation of Flesch's Reading Ease:
/// 206.835 − 0.93 × words per sentence − 77 × syllables per word. Douma's own table reads 60–70 as
/// "normaal" and 70–80 as "tamelijk gemakkelijk"; we take 60 as the floor for language level B1 (the
/// level Dutch government texts for citizens aim at), so no portal text may be harder than
/// "normaal". That mapping of a score to B1 is a convention, not a standard: the formula only sees
/// sentence and word length, so a text can pass and still be unclear, and a reviewer still reads it.
const MIN_SCORE: f64 = 60.0;

/// Texts with fewer words (titles, labels, buttons, table headings, fragments) get no score: on a few
/// words the formula is noise (a single two-syllable word already scores 52). They are still checked
/// for long words and passives.
const MIN_WORDS_FOR_SCORE: usize = 8;

/// A word, or a part of a word between hyphens, with more letters than this is a long word. Dutch
/// glues compounds together, so a limit like 13 would flag everyday words a B1 reader knows
/// ("contactpersoon", 14). Words of 16 letters and more are long compounds
/// ("persoonsgegevens", "betaalachterstanden") that plain-language guides tell you to split or
/// rephrase ("uw gegevens", "achterstand met betalen"). Writing the hyphen ("privacy-medewerker")
/// counts as splitting.
const MAX_WORD_LETTERS: usize = 15;

/// Long words accepted anyway, each with the reason (lower case). Empty on purpose: every long word
/// met so far has a plain alternative. Add a word only when there is none, for instance the name of
/// a law or a scheme the household has to recognise in letters from the gemeente.
const ALLOWED_LONG_WORDS: &[(&str, &str)] = &[];

/// One Fluent message or attribute: file, key (`key` or `key.attribute`) and text.
struct Message {
    file: String,
    key: String,
    text: String,
}

/// Every `crates/web/locales/nl/portal*.ftl`, sorted by name.
fn portal_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join("nl");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("portal") && name.ends_with(".ftl")
        })
        .collect();
    files.sort();
    files
}

/// A simple Fluent reader: `key = value` at the start of a line, continuation lines start with
/// whitespace, `.attribute = value` lines are messages of their own, `#` comments and blank lines are
/// skipped. Continuation lines are joined with a space: the source is wrapped for width, and the HTML
/// page shows a wrapped sentence as one sentence, so it must count as one (end a line with a full
/// stop where a sentence ends).
fn messages(file: &str, source: &str) -> Vec<Message> {
    let mut out: Vec<Message> = Vec::new();
    let mut message_key: Option<String> = None;
    for (n, line) in source.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            let trimmed = line.trim();
            if let Some(attribute) = trimmed.strip_prefix('.')
                && let Some((name, value)) = attribute.split_once('=')
            {
                let message = message_key.as_deref().unwrap_or_else(|| panic!("{file}:{}: attribute without a message", n + 1));
                out.push(Message { file: file.into(), key: format!("{message}.{}", name.trim()), text: value.trim().into() });
            } else {
                let last = out.last_mut().unwrap_or_else(|| panic!("{file}:{}: continuation line without a message", n + 1));
                if !last.text.is_empty() {
                    last.text.push(' ');
                }
                last.text.push_str(trimmed);
            }
            continue;
        }
        let (key, value) = line.split_once('=').unwrap_or_else(|| panic!("{file}:{}: expected `key = value`: {line}", n + 1));
        message_key = Some(key.trim().into());
        out.push(Message { file: file.into(), key: key.trim().into(), text: value.trim().into() });
    }
    // A message with only attributes has no text of its own.
    out.retain(|m| !m.text.is_empty());
    out
}

#[test]
fn the_simple_ftl_reader_reads_messages_attributes_and_continuations() {
    let source =
        "# comment\nportal-a = Eén regel.\n\nportal-b =\n    Eerste regel\n    loopt door.\n    .title = Een titel\n-term = Mijn plan\n";
    let read: Vec<(String, String)> = messages("x.ftl", source).into_iter().map(|m| (m.key, m.text)).collect();
    let expected =
        [("portal-a", "Eén regel."), ("portal-b", "Eerste regel loopt door."), ("portal-b.title", "Een titel"), ("-term", "Mijn plan")];
    assert_eq!(read, expected.map(|(k, v)| (k.to_string(), v.to_string())));
}

#[test]
fn every_dutch_portal_text_is_plain_language() {
    let allowed: Vec<&str> = ALLOWED_LONG_WORDS.iter().map(|(word, _reason)| *word).collect();
    let levels = Levels {
        min_score: MIN_SCORE,
        min_words_for_score: MIN_WORDS_FOR_SCORE,
        max_word_letters: MAX_WORD_LETTERS,
        allowed_long_words: &allowed,
    };

    let files = portal_files();
    assert!(files.iter().any(|f| f.ends_with("portal.ftl")), "locales/nl/portal.ftl not found: {files:?}");
    let mut all = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(path).unwrap();
        let read = messages(&name, &source);
        assert!(!read.is_empty(), "{name}: no messages read; is the reader broken?");
        all.extend(read);
    }

    let mut failures = Vec::new();
    for message in &all {
        let report = Report::of(&message.text, &levels);
        let verdict = report.verdict(&levels);
        let score = report.score.map_or("-".to_string(), |s| format!("{s:.1}"));
        let exempt = if report.words < MIN_WORDS_FOR_SCORE { " (short: no score check)" } else { "" };
        let summary =
            format!("{} {}: score {score}{exempt}, words {}, sentences {}", message.file, message.key, report.words, report.sentences);
        println!("{summary}");
        if !verdict.passes() {
            let problems: Vec<String> = verdict.problems.iter().map(ToString::to_string).collect();
            failures.push(format!("  {summary}\n    {}\n    text: {}", problems.join("; "), message.text));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} Dutch portal texts are not plain language (B1): score at least {MIN_SCORE} for texts of \
         {MIN_WORDS_FOR_SCORE}+ words, no word (part) over {MAX_WORD_LETTERS} letters, no passive. \
         Rewrite them (shorter sentences, shorter words, say who does it):\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

/// The translation template (`crates/web/translations/portal.ftl`) holds exactly the portal's texts,
/// so a translator always starts from the current set.
#[test]
fn the_translation_template_has_every_portal_text() {
    let mut portal: Vec<String> = portal_files()
        .iter()
        .flat_map(|path| messages(&path.display().to_string(), &std::fs::read_to_string(path).unwrap()))
        .map(|m| m.key)
        .collect();
    let template_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("translations").join("portal.ftl");
    let template_source = std::fs::read_to_string(&template_path).unwrap_or_else(|e| panic!("{}: {e}", template_path.display()));
    let mut template: Vec<String> = messages("translations/portal.ftl", &template_source).into_iter().map(|m| m.key).collect();
    portal.sort();
    template.sort();
    let missing: Vec<&String> = portal.iter().filter(|k| !template.contains(k)).collect();
    let extra: Vec<&String> = template.iter().filter(|k| !portal.contains(k)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "update crates/web/translations/portal.ftl: add {missing:?} (Dutch in a `# nl:` comment, English as the value), remove {extra:?}"
    );
}
