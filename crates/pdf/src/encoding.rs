//! Unicode text to WinAnsiEncoding bytes (the one-byte encoding of the standard PDF fonts).
//!
//! Every byte this module produces has a glyph in Helvetica and Helvetica-Bold, so the layout can
//! measure it and a viewer can draw it. Anything else becomes `?`.

/// The byte written for a character that WinAnsiEncoding cannot show.
pub const REPLACEMENT: u8 = b'?';

/// Encodes `text` as WinAnsi bytes for one line of text.
///
/// Tabs and line breaks become spaces (callers split on line breaks first when they mean them),
/// a base letter followed by a combining accent is composed where Latin-1 has the letter
/// (`e` + U+0308 becomes `ë`), and every other character outside WinAnsi becomes `?`.
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match chars.peek().and_then(|&mark| compose(c, mark)) {
            Some(composed) => {
                chars.next();
                composed
            }
            None => c,
        };
        out.push(encode_char(c));
    }
    out
}

/// The WinAnsi byte for one character, or `?`.
pub fn encode_char(c: char) -> u8 {
    match c {
        '\t' | '\n' | '\r' => b' ',
        ' '..='~' => c as u8,
        // Latin-1 Supplement maps one to one (U+00A0..U+00FF is 0xA0..0xFF).
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        // The 0x80..0x9F block, where WinAnsi differs from Latin-1.
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        // Common look-alikes that WinAnsi lacks but can show faithfully.
        '\u{2010}' | '\u{2011}' | '\u{2212}' => b'-',
        '\u{2007}' | '\u{2009}' | '\u{202f}' | '\u{2002}' | '\u{2003}' => b' ',
        '\u{2032}' => 0x92,
        _ => REPLACEMENT,
    }
}

/// Composes a base letter and a following combining mark into one Latin-1 letter, if one exists.
fn compose(base: char, mark: char) -> Option<char> {
    // Each row: the combining mark, then the letters it composes with and their results.
    const TABLE: [(char, &str, &str); 6] = [
        ('\u{300}', "AEIOUaeiou", "ÀÈÌÒÙàèìòù"),
        ('\u{301}', "AEIOUYaeiouy", "ÁÉÍÓÚÝáéíóúý"),
        ('\u{302}', "AEIOUaeiou", "ÂÊÎÔÛâêîôû"),
        ('\u{303}', "ANOano", "ÃÑÕãñõ"),
        ('\u{308}', "AEIOUaeiouyY", "ÄËÏÖÜäëïöüÿŸ"),
        ('\u{327}', "Cc", "Çç"),
    ];
    let (_, bases, composed) = TABLE.iter().find(|(m, _, _)| *m == mark)?;
    let index = bases.chars().position(|b| b == base)?;
    composed.chars().nth(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_diacritics_map_to_winansi() {
        assert_eq!(encode("ë é ï ö ü à ç"), b"\xeb \xe9 \xef \xf6 \xfc \xe0 \xe7");
        assert_eq!(encode("€–—‘’“”"), b"\x80\x96\x97\x91\x92\x93\x94");
        assert_eq!(encode("financiën"), b"financi\xebn");
    }

    #[test]
    fn decomposed_accents_are_composed() {
        assert_eq!(encode("Zoe\u{308}"), b"Zo\xeb");
        assert_eq!(encode("e\u{301}\u{301}"), b"\xe9?");
    }

    #[test]
    fn unsupported_characters_become_question_marks() {
        assert_eq!(encode("a😀b中"), b"a?b?");
        assert_eq!(encode("\u{0}\u{7f}\u{81}\u{9d}"), b"????");
    }
}
