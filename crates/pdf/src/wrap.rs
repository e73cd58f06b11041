//! Line breaking by measured width.

use crate::encoding::encode;
use crate::metrics::Font;

/// Slack for floating-point comparisons of widths, in points.
const EPSILON: f32 = 0.001;
/// The WinAnsi code of the horizontal ellipsis.
const ELLIPSIS: u8 = 0x85;

/// Wraps `text` into WinAnsi lines no wider than `max_width` at `font` and `size`.
///
/// Line breaks in the text are kept. Lines break at spaces; a word longer than a line is broken
/// between characters. Every input line gives at least one (possibly empty) output line, and
/// every output line holds at least one character when there is any, so this always ends even
/// when `max_width` is smaller than a single glyph.
pub fn wrap(text: &str, font: Font, size: f32, max_width: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    for hard_line in text.split('\n') {
        wrap_line(&encode(hard_line), font, size, max_width, &mut lines);
    }
    lines
}

fn wrap_line(bytes: &[u8], font: Font, size: f32, max_width: f32, out: &mut Vec<Vec<u8>>) {
    let first = out.len();
    let space = font.width(b" ", size);
    let mut line: Vec<u8> = Vec::new();
    let mut line_width = 0.0;
    for word in bytes.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
        let word_width = font.width(word, size);
        if !line.is_empty() {
            if line_width + space + word_width <= max_width + EPSILON {
                line.push(b' ');
                line.extend_from_slice(word);
                line_width += space + word_width;
                continue;
            }
            out.push(std::mem::take(&mut line));
        }
        if word_width <= max_width + EPSILON {
            line = word.to_vec();
            line_width = word_width;
        } else {
            // Too long for any line: break between characters; the rest starts the next line.
            let (rest, rest_width) = break_word(word, font, size, max_width, out);
            line = rest;
            line_width = rest_width;
        }
    }
    if !line.is_empty() || out.len() == first {
        out.push(line);
    }
}

/// Pushes full-width pieces of `word` to `out` and returns the last, partial piece and its width.
fn break_word(word: &[u8], font: Font, size: f32, max_width: f32, out: &mut Vec<Vec<u8>>) -> (Vec<u8>, f32) {
    let mut piece = Vec::new();
    let mut width = 0.0;
    for &b in word {
        let w = font.width(&[b], size);
        if !piece.is_empty() && width + w > max_width + EPSILON {
            out.push(std::mem::take(&mut piece));
            width = 0.0;
        }
        piece.push(b);
        width += w;
    }
    (piece, width)
}

/// Shortens WinAnsi `text` with an ellipsis so it is at most `max_width` wide.
pub fn truncate(text: &[u8], font: Font, size: f32, max_width: f32) -> Vec<u8> {
    if font.width(text, size) <= max_width + EPSILON {
        return text.to_vec();
    }
    let budget = max_width - font.width(&[ELLIPSIS], size);
    let mut out = Vec::new();
    let mut width = 0.0;
    for &b in text {
        let w = font.width(&[b], size);
        if width + w > budget + EPSILON {
            break;
        }
        out.push(b);
        width += w;
    }
    while out.last() == Some(&b' ') {
        out.pop();
    }
    out.push(ELLIPSIS);
    out
}

/// Keeps at most `max_lines` lines, ending the last one kept with an ellipsis when lines were cut.
pub fn limit_lines(mut lines: Vec<Vec<u8>>, max_lines: usize, font: Font, size: f32, max_width: f32) -> Vec<Vec<u8>> {
    if lines.len() <= max_lines || max_lines == 0 {
        return lines;
    }
    lines.truncate(max_lines);
    let mut last = lines.pop().unwrap_or_default();
    let ellipsis = font.width(&[ELLIPSIS], size);
    while !last.is_empty() && font.width(&last, size) + ellipsis > max_width + EPSILON {
        last.pop();
    }
    while last.last() == Some(&b' ') {
        last.pop();
    }
    last.push(ELLIPSIS);
    lines.push(last);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(lines: Vec<Vec<u8>>) -> Vec<String> {
        lines.into_iter().map(|l| String::from_utf8(l).unwrap()).collect()
    }

    #[test]
    fn breaks_at_spaces_within_width() {
        // "aaa" is 3 * 556 = 1668 units; a width of 4000 units holds "aaa aaa" (3614) but not three.
        let lines = wrap("aaa aaa aaa", Font::Regular, 1000.0, 4000.0);
        assert_eq!(strings(lines), ["aaa aaa", "aaa"]);
    }

    #[test]
    fn keeps_hard_line_breaks_and_empty_text() {
        assert_eq!(strings(wrap("a\r\n\nb", Font::Regular, 10.0, 100.0)), ["a", "", "b"]);
        assert_eq!(strings(wrap("", Font::Regular, 10.0, 100.0)), [""]);
        assert_eq!(strings(wrap("   ", Font::Regular, 10.0, 100.0)), [""]);
    }

    #[test]
    fn long_words_break_by_characters() {
        let lines = wrap("x aaaaaaa", Font::Regular, 1000.0, 2000.0);
        assert_eq!(strings(lines), ["x", "aaa", "aaa", "a"]);
        // Narrower than one glyph: one character per line, never an endless loop.
        assert_eq!(strings(wrap("abc", Font::Regular, 10.0, 0.0)), ["a", "b", "c"]);
    }

    #[test]
    fn truncates_with_ellipsis() {
        let t = truncate(b"abcdefgh", Font::Regular, 1000.0, 3000.0);
        assert_eq!(t, b"abc\x85");
        assert_eq!(truncate(b"ab", Font::Regular, 1000.0, 3000.0), b"ab");
    }

    #[test]
    fn limits_lines_with_ellipsis() {
        let lines = vec![b"aa".to_vec(), b"bbb".to_vec(), b"c".to_vec()];
        assert_eq!(limit_lines(lines.clone(), 3, Font::Regular, 1000.0, 2000.0), lines);
        assert_eq!(limit_lines(lines, 2, Font::Regular, 1000.0, 2000.0), [b"aa".to_vec(), b"b\x85".to_vec()]);
    }
}
