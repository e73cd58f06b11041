//! Reading a batch of signals from a CSV file (`eenplan import signals FILE`).
//!
//! # The file
//!
//! - **Encoding**: UTF-8, with or without a byte-order mark. Anything else is refused as a whole
//!   ([`FileError::NotUtf8`]), with the line of the first bad byte and, when the bytes look like it,
//!   the advice that the file is Latin-1 (ISO-8859-1, also Windows-1252 as Excel writes it) and must
//!   be saved as UTF-8: reading it anyway would store misspelt names.
//! - **Separator**: `;` (Dutch Excel) or `,`, taken from the header line: `;` when it holds more
//!   semicolons than commas.
//! - **Header**: the first line names the columns, in any order, case and surrounding spaces
//!   ignored. The names are the [`RawSignal`] fields: `sender_reference`, `signal_type`, `amount`,
//!   `days_in_arrears`, `months_in_arrears`, `signal_date`, `given_names`, `name_prefix`,
//!   `family_name`, `date_of_birth`, `street`, `house_number`, `house_addition`, `postcode`, `city`,
//!   `phone`, `email`, `bsn`. These columns are required: `sender_reference`, `signal_type`,
//!   `amount`, `signal_date`, `family_name`, `street`, `house_number`, `postcode`, `city`
//!   ([`RawSignal::REQUIRED`]); a missing optional column reads as empty. An unknown column name is
//!   refused (it is most likely a misspelt optional column whose data would be lost silently); a
//!   column with an empty name (a trailing separator) is ignored.
//! - **Rows**: one signal per row, with as many fields as the header. Quoting as RFC 4180: a field
//!   holding the separator, a quote or a line break is quoted with `"`, quotes inside doubled
//!   (`""`); a quoted field may span lines. Blank lines are skipped.
//!
//! # Errors
//!
//! A problem with the file as a whole is a [`FileError`] and nothing is read. A problem with one row
//! (broken quoting, a wrong number of fields, a row longer than [`MAX_LINE_BYTES`]) is that row's
//! error in [`CsvRow::result`] and the other rows still read. A too-long row is skipped without
//! being copied, so a 10 MB line costs no memory beyond the file itself. Whether a readable row is a
//! valid signal is [`super::check_signal`]'s to say.
//!
//! Quoted fields are decoded by the social map's RFC 4180 reader ([`crate::social_map::csv`]); this
//! module only finds the rows and fields, with either separator and with the length limit.

use super::RawSignal;
use crate::social_map::csv::read_csv;

/// The longest row read (64 KiB, a quoted field spanning lines included): a signal is a few hundred
/// bytes, so a longer row is a broken export (a missing closing quote, binary data).
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// One row of the file: the 1-based line it starts on, and the signal's fields as text, or why the
/// row could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    pub line: usize,
    pub result: Result<RawSignal, String>,
}

/// Why a whole file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("{}", not_utf8_text(*.latin1, *.line))]
    NotUtf8 { latin1: bool, line: usize },
    #[error("the file holds no signals (it is empty or has only a header)")]
    Empty,
    #[error("the header misses the column(s) {}", .0.join(", "))]
    MissingColumns(Vec<String>),
    #[error("the header names unknown column(s) {}; the columns are {}", .0.join(", "), RawSignal::FIELDS.join(", "))]
    UnknownColumns(Vec<String>),
    #[error("the header names the column {0} more than once")]
    DuplicateColumn(String),
    #[error("the header line cannot be read: {0}")]
    BadHeader(String),
}

fn not_utf8_text(latin1: bool, line: usize) -> String {
    if latin1 {
        format!("line {line}: the file is not UTF-8; the file looks like Latin-1 (ISO-8859-1); save it as UTF-8")
    } else {
        format!("line {line}: the file is not UTF-8 (perhaps UTF-16 or a binary file); save it as UTF-8")
    }
}

/// Whether non-UTF-8 bytes look like Latin-1 / Windows-1252 text: no NUL bytes (UTF-16 has many)
/// and none of the five byte values Windows-1252 leaves undefined.
fn looks_latin1(bytes: &[u8]) -> bool {
    !bytes.contains(&0) && !bytes.iter().any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    AfterQuote,
}

/// Finds rows and their raw fields (quotes still in), never copying a field.
struct Rows<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    sep: u8,
}

type RawRow<'a> = (usize, Result<Vec<&'a str>, String>);

impl<'a> Rows<'a> {
    fn new(text: &'a str, sep: u8) -> Rows<'a> {
        Rows { text, pos: 0, line: 1, sep }
    }

    /// Moves past the line end at `i` (CRLF, LF or CR), counting the line.
    fn past_line_end(&mut self, i: usize) {
        let bytes = self.text.as_bytes();
        self.pos = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
        self.line += 1;
    }
}

impl<'a> Iterator for Rows<'a> {
    type Item = RawRow<'a>;

    fn next(&mut self) -> Option<RawRow<'a>> {
        let bytes = self.text.as_bytes();
        loop {
            if self.pos >= bytes.len() {
                return None;
            }
            let (start, start_line) = (self.pos, self.line);
            let mut fields = Vec::new();
            let mut field_start = start;
            let mut state = State::FieldStart;
            let mut i = start;
            let mut end = None;
            while i < bytes.len() {
                if i - start >= MAX_LINE_BYTES {
                    // Skip to the next line end, quotes or not, without copying anything.
                    let rest = self.text[i..].find(['\n', '\r']).map(|j| i + j);
                    let length = rest.unwrap_or(bytes.len()) - start;
                    match rest {
                        Some(j) => self.past_line_end(j),
                        None => self.pos = bytes.len(),
                    }
                    return Some((
                        start_line,
                        Err(format!("the row is {length} bytes long, more than the {MAX_LINE_BYTES} allowed; it is skipped")),
                    ));
                }
                let b = bytes[i];
                if state == State::Quoted {
                    if b == b'"' {
                        state = State::AfterQuote;
                    } else if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                        self.line += 1;
                    }
                } else if b == self.sep {
                    fields.push(&self.text[field_start..i]);
                    field_start = i + 1;
                    state = State::FieldStart;
                } else if b == b'\n' || b == b'\r' {
                    end = Some(i);
                    break;
                } else if b == b'"' && matches!(state, State::FieldStart | State::AfterQuote) {
                    // Opens a quoted field, or is the second quote of a doubled one.
                    state = State::Quoted;
                } else {
                    state = State::Unquoted;
                }
                i += 1;
            }
            let stop = end.unwrap_or(bytes.len());
            fields.push(&self.text[field_start..stop]);
            match end {
                Some(j) => self.past_line_end(j),
                None => self.pos = bytes.len(),
            }
            if state == State::Quoted {
                return Some((start_line, Err(format!("the quote opened on line {start_line} is never closed"))));
            }
            if self.text[start..stop].trim().is_empty() {
                continue;
            }
            return Some((start_line, Ok(fields)));
        }
    }
}

/// Decodes one raw field: a quoted one by the RFC 4180 reader, an unquoted one as it is.
fn decode(raw: &str) -> Result<String, String> {
    if raw.starts_with('"') {
        match read_csv(raw) {
            Ok(mut records) if records.len() == 1 && records[0].fields.len() == 1 => Ok(records.remove(0).fields.remove(0)),
            Ok(_) => Err("text after a closing quote (double a quote inside a field: \"\")".into()),
            Err(e) => Err(e.message),
        }
    } else if raw.contains('"') {
        Err("a quote inside an unquoted field (quote the whole field and double the quotes inside)".into())
    } else {
        Ok(raw.to_string())
    }
}

/// The separator of a header line: `;` when it holds more semicolons than commas, else `,`.
fn separator(text: &str) -> u8 {
    let first = &text.as_bytes()[..text.find(['\n', '\r']).unwrap_or(text.len()).min(MAX_LINE_BYTES)];
    let count = |c: u8| first.iter().filter(|b| **b == c).count();
    if count(b';') > count(b',') { b';' } else { b',' }
}

/// Reads a signals file into rows (see the module documentation for the format).
pub fn read_signals_csv(bytes: &[u8]) -> Result<Vec<CsvRow>, FileError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(FileError::NotUtf8 { latin1: false, line: 1 });
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count();
        FileError::NotUtf8 { latin1: looks_latin1(bytes), line }
    })?;
    let sep = separator(text);
    let mut rows = Rows::new(text, sep);
    let (_, header) = rows.next().ok_or(FileError::Empty)?;
    let header = header.map_err(FileError::BadHeader)?;
    let mut columns: Vec<Option<&'static str>> = Vec::with_capacity(header.len());
    let mut unknown = Vec::new();
    for raw in header {
        let name = decode(raw).map_err(FileError::BadHeader)?.trim().to_lowercase();
        if name.is_empty() {
            columns.push(None);
            continue;
        }
        match RawSignal::FIELDS.iter().find(|f| **f == name) {
            Some(f) if columns.contains(&Some(*f)) => return Err(FileError::DuplicateColumn(name)),
            Some(f) => columns.push(Some(*f)),
            None => unknown.push(name),
        }
    }
    if !unknown.is_empty() {
        return Err(FileError::UnknownColumns(unknown));
    }
    let missing: Vec<String> = RawSignal::REQUIRED.iter().filter(|f| !columns.contains(&Some(**f))).map(|f| f.to_string()).collect();
    if !missing.is_empty() {
        return Err(FileError::MissingColumns(missing));
    }
    let out: Vec<CsvRow> = rows.map(|(line, fields)| CsvRow { line, result: fields.and_then(|f| signal(&columns, &f)) }).collect();
    if out.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(out)
}

fn signal(columns: &[Option<&'static str>], fields: &[&str]) -> Result<RawSignal, String> {
    if fields.len() != columns.len() {
        return Err(format!(
            "the row has {} fields where the header has {} (a field holding the separator must be quoted)",
            fields.len(),
            columns.len()
        ));
    }
    let mut raw = RawSignal::default();
    for (column, field) in columns.iter().zip(fields) {
        if let Some(name) = column {
            let value = decode(field).map_err(|e| format!("column {name}: {e}"))?;
            *raw.field_mut(name).expect("a RawSignal field") = value;
        }
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "sender_reference;signal_type;amount;signal_date;family_name;street;house_number;postcode;city";

    fn ok(rows: &[CsvRow]) -> Vec<&RawSignal> {
        rows.iter().map(|r| r.result.as_ref().expect("readable row")).collect()
    }

    #[test]
    fn semicolons_quotes_and_lines() {
        let text = format!(
            "{HEADER}\r\nR-1;rent;1.234,56;2026-11-01;\"Jansen; \"\"de\"\" jongere\";Dorpsstraat;12;3511 AB;Utrecht\r\n\r\n\
             R-2;gas;10;2026-11-01;\"twee\nregels\";Laan;3;3511AB;Utrecht\nR-3;gas;10;2026-11-01;X;Laan;3;3511AB;Utrecht"
        );
        let rows = read_signals_csv(text.as_bytes()).unwrap();
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4, 6]);
        let signals = ok(&rows);
        assert_eq!(signals[0].family_name, "Jansen; \"de\" jongere");
        assert_eq!(signals[0].amount, "1.234,56", "a comma inside a semicolon file is data");
        assert_eq!(signals[1].family_name, "twee\nregels");
        assert_eq!(signals[2].sender_reference, "R-3");
        assert_eq!(signals[0].bsn, "", "a missing optional column reads as empty");
    }

    #[test]
    fn commas_in_any_column_order_and_case() {
        let text = " City ,Postcode,house_number,street,family_name,signal_date,amount,signal_type,sender_reference,bsn\n\
                    Utrecht,3511 AB,12,Dorpsstraat,Jansen,2026-11-01,\"1,234.56\",rent,R-1,111222333\n";
        let rows = read_signals_csv(text.as_bytes()).unwrap();
        let s = ok(&rows)[0];
        assert_eq!((s.city.as_str(), s.amount.as_str(), s.bsn.as_str()), ("Utrecht", "1,234.56", "111222333"));
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(format!("{HEADER}\nR-1;rent;1;2026-11-01;Jansen;Laan;1;3511AB;Utrecht\n").as_bytes());
        let rows = read_signals_csv(&bytes).unwrap();
        assert_eq!(ok(&rows)[0].sender_reference, "R-1");
    }

    #[test]
    fn latin1_is_detected_and_said() {
        let mut bytes = format!("{HEADER}\nR-1;rent;1;2026-11-01;Jansen;Laan;1;3511AB;Utrecht\nR-2;rent;1;2026-11-01;Ren").into_bytes();
        bytes.push(0xE9); // "é" in Latin-1
        bytes.extend_from_slice(b";Laan;1;3511AB;Utrecht\n");
        let e = read_signals_csv(&bytes).unwrap_err();
        assert_eq!(e, FileError::NotUtf8 { latin1: true, line: 3 });
        let text = e.to_string();
        assert!(text.contains("the file looks like Latin-1 (ISO-8859-1); save it as UTF-8"), "{text}");
        assert!(text.starts_with("line 3:"), "{text}");

        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(HEADER.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(read_signals_csv(&utf16), Err(FileError::NotUtf8 { latin1: false, line: 1 }));
        assert_eq!(read_signals_csv(b"a\0b\xff"), Err(FileError::NotUtf8 { latin1: false, line: 1 }));
    }

    #[test]
    fn a_ten_megabyte_line_is_one_row_error() {
        let mut text = format!("{HEADER}\nR-1;rent;1;2026-11-01;Jansen;Laan;1;3511AB;Utrecht\nR-2;rent;1;2026-11-01;");
        text.push_str(&"x".repeat(10 * 1024 * 1024));
        text.push_str(";Laan;1;3511AB;Utrecht\r\nR-3;rent;1;2026-11-01;Jansen;Laan;1;3511AB;Utrecht\n");
        let rows = read_signals_csv(text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].line, 3);
        let e = rows[1].result.as_ref().unwrap_err();
        assert!(e.contains("more than the 65536 allowed"), "{e}");
        assert_eq!((rows[2].line, rows[2].result.as_ref().unwrap().sender_reference.as_str()), (4, "R-3"));
        assert!(rows[0].result.is_ok());
    }

    #[test]
    fn an_unclosed_quote_is_bounded_by_the_line_limit() {
        // The quote never closes: the row runs to the limit, then ends at the next line end.
        let mut text = format!("{HEADER}\nR-1;rent;1;2026-11-01;\"Jansen;Laan;1;3511AB;Utrecht\n");
        for i in 0..2000 {
            text.push_str(&format!("R-{i};rent;1;2026-11-01;Jansen;Laan;1;3511AB;Utrecht\n"));
        }
        let rows = read_signals_csv(text.as_bytes()).unwrap();
        assert!(rows[0].result.as_ref().unwrap_err().contains("more than"));
        assert!(rows.last().unwrap().result.is_ok(), "rows after the limit read again");
        // At the end of the file, an unclosed quote names its line.
        let rows = read_signals_csv(format!("{HEADER}\nR-1;rent;1;2026-11-01;\"Jansen;Laan;1;3511AB;Utrecht\n").as_bytes()).unwrap();
        assert_eq!(rows[0].result, Err("the quote opened on line 2 is never closed".into()));
    }

    #[test]
    fn row_errors_do_not_stop_the_others() {
        let text = format!(
            "{HEADER}\nR-1;rent;1;2026-11-01;Jansen;Laan;1\nR-2;rent;1;2026-11-01;Jan\"sen;Laan;1;3511AB;Utrecht\n\
             R-3;rent;1;2026-11-01;\"Jansen\"x;Laan;1;3511AB;Utrecht\nR-4;rent;1;2026-11-01;Jansen;Laan;1;3511AB;Utrecht\n"
        );
        let rows = read_signals_csv(text.as_bytes()).unwrap();
        let e: Vec<_> = rows.iter().map(|r| r.result.as_ref().err().cloned().unwrap_or_default()).collect();
        assert!(e[0].contains("7 fields where the header has 9"), "{}", e[0]);
        assert!(e[1].contains("a quote inside an unquoted field"), "{}", e[1]);
        assert!(e[2].contains("family_name"), "{}", e[2]);
        assert!(rows[3].result.is_ok());
    }

    #[test]
    fn file_errors() {
        assert_eq!(read_signals_csv(b""), Err(FileError::Empty));
        assert_eq!(read_signals_csv(b"\n\r\n"), Err(FileError::Empty));
        assert_eq!(read_signals_csv(HEADER.as_bytes()), Err(FileError::Empty));
        let e = read_signals_csv(b"sender_reference;signal_type;amount\nR-1;rent;1\n").unwrap_err();
        assert_eq!(
            e,
            FileError::MissingColumns(
                ["signal_date", "family_name", "street", "house_number", "postcode", "city"].map(String::from).to_vec()
            )
        );
        assert!(e.to_string().contains("signal_date, family_name"));
        let e = read_signals_csv(format!("{HEADER};bsm\n").as_bytes()).unwrap_err();
        assert_eq!(e, FileError::UnknownColumns(vec!["bsm".into()]));
        let e = read_signals_csv(format!("{HEADER};city\n").as_bytes()).unwrap_err();
        assert_eq!(e, FileError::DuplicateColumn("city".into()));
        // A trailing separator in the header (an empty column name) is ignored.
        let rows = read_signals_csv(format!("{HEADER};\nR-1;rent;1;2026-11-01;Jansen;Laan;1;3511AB;Utrecht;\n").as_bytes()).unwrap();
        assert!(rows[0].result.is_ok());
    }
}
