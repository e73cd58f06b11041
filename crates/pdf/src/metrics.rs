//! Glyph widths of the two standard fonts used, indexed by WinAnsi code.
//!
//! Source: Adobe Core14 AFM metrics (Helvetica.afm and Helvetica-Bold.afm, version 002.000), the
//! `WX` advance widths in thousandths of an em, arranged by their WinAnsiEncoding code. Codes
//! without a glyph in WinAnsi (controls, 0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D) have width 0; the
//! encoder never produces them.

/// One of the two standard Type 1 fonts in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
}

impl Font {
    /// The PostScript name of the standard font.
    pub fn base_name(self) -> &'static [u8] {
        match self {
            Font::Regular => b"Helvetica",
            Font::Bold => b"Helvetica-Bold",
        }
    }

    /// The resource name the content streams use for this font.
    pub fn resource_name(self) -> &'static [u8] {
        match self {
            Font::Regular => b"F1",
            Font::Bold => b"F2",
        }
    }

    /// The width table in thousandths of an em.
    pub fn widths(self) -> &'static [u16; 256] {
        match self {
            Font::Regular => &HELVETICA,
            Font::Bold => &HELVETICA_BOLD,
        }
    }

    /// The advance width of WinAnsi-encoded `text` at `size` points.
    pub fn width(self, text: &[u8], size: f32) -> f32 {
        let table = self.widths();
        let units: u32 = text.iter().map(|&b| u32::from(table[usize::from(b)])).sum();
        units as f32 * size / 1000.0
    }
}

/// Helvetica advance widths by WinAnsi code (Adobe Core14 AFM metrics).
#[rustfmt::skip]
pub const HELVETICA: [u16; 256] = [
    // 0x00..0x1F: control codes, no glyphs
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    // 0x20: space ! " # $ % & ' ( ) * + , - . /
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    // 0x30: 0-9 : ; < = > ?
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    // 0x40: @ A-O
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    // 0x50: P-Z [ \ ] ^ _
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    // 0x60: ` a-o
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    // 0x70: p-z { | } ~ (0x7F undefined)
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0,
    // 0x80: Euro, -, quotesinglbase, florin, quotedblbase, ellipsis, dagger, daggerdbl,
    //       circumflex, perthousand, Scaron, guilsinglleft, OE, -, Zcaron, -
    556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
    // 0x90: -, quoteleft, quoteright, quotedblleft, quotedblright, bullet, endash, emdash,
    //       tilde, trademark, scaron, guilsinglright, oe, -, zcaron, Ydieresis
    0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667,
    // 0xA0: nbsp ¡ ¢ £ ¤ ¥ ¦ § ¨ © ª « ¬ soft-hyphen ® ¯
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    // 0xB0: ° ± ² ³ ´ µ ¶ · ¸ ¹ º » ¼ ½ ¾ ¿
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    // 0xC0: À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    // 0xD0: Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    // 0xE0: à á â ã ä å æ ç è é ê ë ì í î ï
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
    // 0xF0: ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];

/// Helvetica-Bold advance widths by WinAnsi code (Adobe Core14 AFM metrics).
#[rustfmt::skip]
pub const HELVETICA_BOLD: [u16; 256] = [
    // 0x00..0x1F: control codes, no glyphs
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    // 0x20: space ! " # $ % & ' ( ) * + , - . /
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    // 0x30: 0-9 : ; < = > ?
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    // 0x40: @ A-O
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    // 0x50: P-Z [ \ ] ^ _
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    // 0x60: ` a-o
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    // 0x70: p-z { | } ~ (0x7F undefined)
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0,
    // 0x80: Euro, -, quotesinglbase, florin, quotedblbase, ellipsis, dagger, daggerdbl,
    //       circumflex, perthousand, Scaron, guilsinglleft, OE, -, Zcaron, -
    556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
    // 0x90: -, quoteleft, quoteright, quotedblleft, quotedblright, bullet, endash, emdash,
    //       tilde, trademark, scaron, guilsinglright, oe, -, zcaron, Ydieresis
    0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667,
    // 0xA0: nbsp ¡ ¢ £ ¤ ¥ ¦ § ¨ © ª « ¬ soft-hyphen ® ¯
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    // 0xB0: ° ± ² ³ ´ µ ¶ · ¸ ¹ º » ¼ ½ ¾ ¿
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    // 0xC0: À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    // 0xD0: Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    // 0xE0: à á â ã ä å æ ç è é ê ë ì í î ï
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
    // 0xF0: ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::encode_char;

    #[test]
    fn every_encodable_character_has_a_width() {
        // Every byte the encoder can produce must be measurable, or wrapping could stall.
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let b = usize::from(encode_char(c));
            assert!(HELVETICA[b] > 0 && HELVETICA_BOLD[b] > 0, "{c:?} -> {b:#x} has no width");
        }
    }

    #[test]
    fn known_widths() {
        assert_eq!(Font::Regular.width(b"Hello", 1000.0), 722.0 + 556.0 + 222.0 + 222.0 + 556.0);
        assert_eq!(Font::Bold.width(b"Hello", 1000.0), 722.0 + 556.0 + 278.0 + 278.0 + 611.0);
        assert_eq!(Font::Regular.width(&[0x80, 0x97], 10.0), 15.56);
    }
}
