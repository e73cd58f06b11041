//! A small RFC 4180 CSV reader and writer: comma-separated, fields quoted with `"` when they hold a
//! comma, a quote or a line break, quotes inside doubled (`""`). Lines end in CRLF, LF or CR; quoted
//! fields may span lines. Blank lines are skipped; a UTF-8 byte-order mark is ignored. Broken quoting
//! is an error naming the 1-based line.

/// One record with the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRecord {
    pub line: usize,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted { opened: usize },
    AfterQuote,
}

/// Reads CSV text into records (the header is the first record).
pub fn read_csv(text: &str) -> Result<Vec<CsvRecord>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut state = State::FieldStart;
    let (mut line, mut record_line) = (1, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let line_end = c == '\n' || c == '\r';
        if c == '\r' && chars.peek() == Some(&'\n') && !matches!(state, State::Quoted { .. }) {
            chars.next();
        }
        match state {
            State::Quoted { .. } => match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => state = State::AfterQuote,
                _ => {
                    // A CRLF inside quotes counts as one line.
                    if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
                        line += 1;
                    }
                    field.push(c);
                }
            },
            _ if c == ',' => {
                fields.push(std::mem::take(&mut field));
                state = State::FieldStart;
            }
            _ if line_end => {
                let blank = state == State::FieldStart && fields.is_empty();
                if !blank {
                    fields.push(std::mem::take(&mut field));
                    records.push(CsvRecord { line: record_line, fields: std::mem::take(&mut fields) });
                }
                line += 1;
                record_line = line;
                state = State::FieldStart;
            }
            State::FieldStart if c == '"' => state = State::Quoted { opened: line },
            State::FieldStart | State::Unquoted if c == '"' => {
                return Err(CsvError {
                    line,
                    message: "a quote inside an unquoted field (quote the whole field and double the quotes inside)".into(),
                });
            }
            State::FieldStart | State::Unquoted => {
                field.push(c);
                state = State::Unquoted;
            }
            State::AfterQuote => {
                return Err(CsvError {
                    line,
                    message: format!("unexpected '{c}' after a closing quote (double a quote inside a field: \"\")"),
                });
            }
        }
    }
    match state {
        State::Quoted { opened } => {
            return Err(CsvError { line: opened, message: format!("the quote opened on line {opened} is never closed") });
        }
        State::FieldStart if fields.is_empty() => {}
        _ => {
            fields.push(field);
            records.push(CsvRecord { line: record_line, fields });
        }
    }
    Ok(records)
}

/// Writes rows as CSV with CRLF line ends, quoting only the fields that need it.
pub fn write_csv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        if let [only] = row.as_slice()
            && only.is_empty()
        {
            // A lone empty field would read back as a blank line.
            out.push_str("\"\"\r\n");
            continue;
        }
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if cell.contains([',', '"', '\r', '\n']) {
                out.push('"');
                out.push_str(&cell.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(cell);
            }
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        read_csv(text).unwrap().into_iter().map(|r| r.fields).collect()
    }

    #[test]
    fn quoting_line_ends_and_lines() {
        let text = "id,name\r\n1,\"Hulp, \"\"snel\"\"\"\n2,\"twee\r\nregels\"\r\n\r\n3,\n";
        let records = read_csv(text).unwrap();
        assert_eq!(records.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 2, 3, 6]);
        assert_eq!(records[1].fields, vec!["1", "Hulp, \"snel\""]);
        assert_eq!(records[2].fields, vec!["2", "twee\r\nregels"]);
        assert_eq!(records[3].fields, vec!["3", ""]);
        assert_eq!(fields("\u{feff}a,b"), vec![vec!["a", "b"]]);
        assert_eq!(fields("a\rb\r"), vec![vec!["a"], vec!["b"]]);
        assert_eq!(fields(""), Vec::<Vec<String>>::new());
    }

    #[test]
    fn broken_quoting_names_the_line() {
        let e = read_csv("id,name\n1,\"open\n2,x\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("never closed"), "{e}");
        let e = read_csv("id,name\n1,ok\n2,\"a\"b\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = read_csv("id,name\n1,ab\"c\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("line 2: a quote inside"), "{e}");
    }

    proptest! {
        #[test]
        fn write_then_read_is_identity(rows in prop::collection::vec(prop::collection::vec("[a-zé,\"\r\n ;]{0,6}", 2..4), 0..5)) {
            let back: Vec<Vec<String>> = read_csv(&write_csv(&rows)).unwrap().into_iter().map(|r| r.fields).collect();
            prop_assert_eq!(back, rows);
        }
    }
}
