//! Text sheets: CSV / TSV files and pasted rows. Decoding (BOM, UTF-16, UTF-8, Windows-1252),
//! the delimiter, RFC 4180 quoting, and the sheet's own row numbers.

use super::{from_grid, refuse, Grid, Sheet};
use crate::error::AppResult;

/// Text from bytes: a BOM decides; else UTF-16 is recognised by its zero bytes, then UTF-8 is
/// tried, then Windows-1252 (what Excel on Windows writes as "CSV"). A file with zero bytes that
/// is not UTF-16, or with many control characters, is not a text sheet.
pub(super) fn decode(name: &str, bytes: &[u8]) -> AppResult<(String, Option<String>)> {
    let not_text = || {
        refuse(format!(
            "“{name}” is not a spreadsheet Invite Desk can read: it looks like a binary file. \
             Save it from your spreadsheet as CSV (UTF-8) or .xlsx and open that."
        ))
    };
    let (text, note) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (String::from_utf8_lossy(rest).into_owned(), None)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, encoding_rs::UTF_16LE), None)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, encoding_rs::UTF_16BE), None)
    } else if let Some(enc) = utf16_without_bom(bytes) {
        (utf16(bytes, enc), None)
    } else if bytes.contains(&0) {
        return Err(not_text());
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), None),
            Err(_) => {
                let (s, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                (
                    s.into_owned(),
                    Some(
                        "The file is not UTF-8, so it was read as Windows-1252 (what Excel on \
                         Windows saves as CSV). Check that accented names look right."
                            .to_string(),
                    ),
                )
            }
        }
    };
    let sample: Vec<char> = text.chars().take(4096).collect();
    let control = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
        .count();
    if control * 100 > sample.len().max(1) || text.contains('\0') {
        return Err(not_text());
    }
    Ok((text, note))
}

fn utf16(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> String {
    let (s, _) = enc.decode_without_bom_handling(bytes);
    s.into_owned()
}

/// UTF-16 with no BOM: in text that is mostly ASCII, every other byte is zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let pairs: Vec<&[u8]> = bytes.chunks_exact(2).take(2048).collect();
    if pairs.len() < 2 {
        return None;
    }
    let high_zero = pairs.iter().filter(|p| p[1] == 0 && p[0] != 0).count();
    let low_zero = pairs.iter().filter(|p| p[0] == 0 && p[1] != 0).count();
    if high_zero * 10 >= pairs.len() * 9 {
        Some(encoding_rs::UTF_16LE)
    } else if low_zero * 10 >= pairs.len() * 9 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The delimiter of a text sheet, from its first line outside quotes: a tab if there is one
/// (pasted cells), else whichever of `;` (European Excel) and `,` appears more.
fn sniff_delimiter(text: &str) -> u8 {
    let mut quoted = false;
    let (mut tabs, mut semis, mut commas) = (0, 0, 0);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted && tabs + semis + commas > 0 => break,
            '\t' if !quoted => tabs += 1,
            ';' if !quoted => semis += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if tabs > 0 {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

/// One pass over delimited text with RFC 4180 quoting (a quote opens only at the start of a
/// cell; `""` inside a quoted cell is one quote), resumable: it counts the line breaks that end
/// rows (`\n` outside quotes; a CRLF counts once) up to a byte offset, keeping nothing per line.
struct Breaks<'a> {
    text: &'a str,
    delimiter: char,
    at: usize,
    /// Row breaks before `at`.
    count: usize,
    /// Lines (any `\n`) before `at`, and the line the open quote opened on.
    line: usize,
    opened_at: usize,
    quoted: bool,
    cell_start: bool,
}

impl<'a> Breaks<'a> {
    fn new(text: &'a str, delimiter: char) -> Self {
        Breaks {
            text,
            delimiter,
            at: 0,
            count: 0,
            line: 1,
            opened_at: 0,
            quoted: false,
            cell_start: true,
        }
    }

    /// The row breaks at offsets up to and including `until`.
    fn up_to(&mut self, until: usize) -> usize {
        let mut chars = self.text[self.at..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let i = self.at + i;
            if i > until {
                self.at = i;
                return self.count;
            }
            if self.quoted {
                match c {
                    '"' if chars.peek().map(|(_, n)| *n) == Some('"') => {
                        chars.next();
                    }
                    '"' => self.quoted = false,
                    '\n' => self.line += 1,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' if self.cell_start => {
                    self.quoted = true;
                    self.opened_at = self.line;
                    self.cell_start = false;
                }
                '\n' => {
                    self.count += 1;
                    self.line += 1;
                    self.cell_start = true;
                }
                c if c == self.delimiter => self.cell_start = true,
                '\r' => {}
                _ => self.cell_start = false,
            }
        }
        self.at = self.text.len();
        self.count
    }

    /// The line a quote opened on that never closes, if any.
    fn unclosed(text: &str, delimiter: char) -> Option<usize> {
        let mut b = Breaks::new(text, delimiter);
        b.up_to(text.len());
        b.quoted.then_some(b.opened_at)
    }
}

/// Reads delimited text. `delimiter` is sniffed when not given.
pub fn read_text(source: &str, text: &str, delimiter: Option<u8>) -> AppResult<Sheet> {
    let d = delimiter.unwrap_or_else(|| sniff_delimiter(text));
    if let Some(line) = Breaks::unclosed(text, char::from(d)) {
        return Err(refuse(format!(
            "{source}: a quote (\") opened on line {line} never closes, so the rest of the sheet \
             would be one cell. Fix that line (write a quote inside a cell as \"\") and try again."
        )));
    }
    // A spreadsheet row is a record, whatever lines its cells span: a record's row number is
    // one more than the row breaks before it.
    let mut breaks = Breaks::new(text, char::from(d));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(d)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Grid::new();
    let mut record = csv::StringRecord::new();
    let mut records = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(refuse(format!(
                    "{source} could not be read as a table ({e}). Save it again from your \
                     spreadsheet as CSV and try again."
                )))
            }
        }
        records += 1;
        // With CRLF the reader stops at the `\r`, so the next record starts on the `\n`: a
        // break at the record's own first byte is one before it.
        let row = record.position().map_or(records, |p| {
            let at = usize::try_from(p.byte()).unwrap_or(usize::MAX);
            breaks.up_to(at) + 1
        });
        if !grid.push(u32::try_from(row).unwrap_or(u32::MAX), record.iter()) {
            break;
        }
    }
    let mut notes = Vec::new();
    if d == b';' {
        notes.push("Cells are separated by semicolons (European Excel).".to_string());
    }
    let mut sheet = from_grid(source, grid, Vec::new())?;
    notes.append(&mut sheet.notes);
    sheet.notes = notes;
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_first_lines_tab_semicolon_or_comma() {
        assert_eq!(sniff_delimiter("a\tb\n1,2\t3"), b'\t');
        assert_eq!(sniff_delimiter("Name;Email\nA, B;a@x.com"), b';');
        assert_eq!(sniff_delimiter("Name,Email\n"), b',');
        assert_eq!(sniff_delimiter("\"a;b\",c\n"), b',');
    }

    #[test]
    fn an_unclosed_quote_is_found_with_its_line() {
        assert_eq!(Breaks::unclosed("a,b\n\"x,y\n", ','), Some(2));
        assert_eq!(Breaks::unclosed("a,b\n\"x\"\"y\",z\n", ','), None);
        // A quote inside an unquoted cell is just a character.
        assert_eq!(Breaks::unclosed("a,b\nO\"Brien,z\n", ','), None);
    }

    #[test]
    fn row_breaks_are_counted_outside_quotes_and_resume_where_they_stopped() {
        let text = "a,b\n\"x\ny\",z\nc,d\n";
        let mut b = Breaks::new(text, ',');
        assert_eq!(b.up_to(3), 1);
        assert_eq!(b.up_to(3), 1);
        assert_eq!(b.up_to(text.find("c,d").unwrap()), 2);
        assert_eq!(b.up_to(text.len()), 3);
    }

    #[test]
    fn rows_are_numbered_as_the_sheet_shows_them_with_crlf_or_lf_and_multi_line_cells() {
        for text in [
            "Name;Email\r\nA;a@x.com\r\nB;b@x.com\r\n",
            "Name;Email\nA;a@x.com\nB;b@x.com\n",
            "Name;Email\n\n;\nA;a@x.com\n\nB;b@x.com\n",
        ] {
            let s = read_text("t", text, None).unwrap();
            let rows: Vec<u32> = s.rows.iter().map(|r| r.row).collect();
            assert!(rows == [2, 3] || rows == [4, 6], "{text:?}: {rows:?}");
        }
        let s = read_text("t", "Name,Note\nA,\"two\nlines\"\nB,x\n", None).unwrap();
        assert_eq!(s.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn a_very_wide_header_is_refused_before_any_row_is_padded() {
        let mut text = (0..100_000)
            .map(|i| format!("h{i}"))
            .collect::<Vec<_>>()
            .join(",");
        text.push_str("\na,b\n");
        let e = read_text("wide.csv", &text, None).unwrap_err();
        assert!(e
            .message
            .contains("wide.csv: the header row (row 1) has 100000 columns"));
        assert!(e.message.contains("up to 200"), "{}", e.message);
    }
}
