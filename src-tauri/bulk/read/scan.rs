//! A zip workbook (.xlsx, .ods) looked through before calamine opens it: the sizes its central
//! directory declares, then every part unpacked and counted (a part may lie about its size) and
//! its XML tags read for what would make calamine allocate far past any sheet of candidates:
//! the shared-strings count it reserves, a cell or a sheet extent past `MAX_SHEET_ROWS` ×
//! `MAX_COLUMNS` (calamine makes one dense grid from the top-left to the bottom-right cell), an
//! .ods cell or row with text repeated past those bounds. Nothing is kept but counts.

use std::io::{Cursor, Read};

use super::zipdir::{
    self, part_too_big, total_too_big, MAX_PART_BYTES, MAX_TOTAL_BYTES, SAVE_AGAIN,
};
use super::{column_letter, refuse, unreadable, MAX_COLUMNS, MAX_SHEET_ROWS};
use crate::error::AppResult;

/// The most shared strings a workbook may declare or hold.
pub(super) const MAX_SHARED_STRINGS: u64 = 2_000_000;
/// The most merged regions one sheet may have (each is checked against every row read).
pub(super) const MAX_MERGED: u64 = 10_000;
/// Of a longer tag only the start (its name and first attributes) is looked at.
const MAX_TAG: usize = 64 * 1024;

/// The central directory and then every part of a zip workbook.
pub(super) fn zip_parts(name: &str, bytes: &[u8]) -> AppResult<()> {
    zipdir::central_directory(name, bytes)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(name, &e))?;
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| unreadable(name, &e))?;
        let part_name = part.name().map_err(|e| unreadable(name, &e))?.into_owned();
        let mut tags = part_name
            .to_ascii_lowercase()
            .ends_with(".xml")
            .then(|| Tags::new(&part_name));
        let mut size = 0u64;
        loop {
            let n = part.read(&mut buf).map_err(|e| unreadable(name, &e))?;
            if n == 0 {
                break;
            }
            size += n as u64;
            total += n as u64;
            if size > MAX_PART_BYTES {
                return Err(part_too_big(name, &part_name));
            }
            if total > MAX_TOTAL_BYTES {
                return Err(total_too_big(name));
            }
            if let Some(tags) = tags.as_mut() {
                tags.feed(&buf[..n])
                    .map_err(|what| refuse(format!("“{name}” {what}")))?;
            }
        }
    }
    Ok(())
}

/// The tags of one XML part, read as its bytes come: each tag (`<…>`, with quoted `>` inside
/// attribute values) is looked at once it closes; text between tags is skipped.
struct Tags {
    part: String,
    tag: Vec<u8>,
    in_tag: bool,
    quote: Option<u8>,
    // Spreadsheet counts: the position of the last cell, cells with content, merged regions,
    // shared strings.
    row: u64,
    col: u64,
    cells: u64,
    merged: u64,
    strings: u64,
    // OpenDocument: the rows before the current one, and how often the current one repeats.
    ods_row: u64,
    ods_repeat: u64,
}

impl Tags {
    fn new(part: &str) -> Self {
        Tags {
            part: part.to_string(),
            tag: Vec::new(),
            in_tag: false,
            quote: None,
            row: 0,
            col: 0,
            cells: 0,
            merged: 0,
            strings: 0,
            ods_row: 0,
            ods_repeat: 1,
        }
    }

    /// The next bytes of the part; Err names what is wrong (to follow the file's name).
    fn feed(&mut self, bytes: &[u8]) -> Result<(), String> {
        for &b in bytes {
            if !self.in_tag {
                if b == b'<' {
                    self.in_tag = true;
                    self.tag.clear();
                }
                continue;
            }
            match (self.quote, b) {
                (Some(q), _) if q == b => self.quote = None,
                (None, b'"' | b'\'') => self.quote = Some(b),
                (None, b'>') => {
                    self.in_tag = false;
                    let tag = std::mem::take(&mut self.tag);
                    self.look_at(&tag)?;
                    self.tag = tag;
                    continue;
                }
                _ => {}
            }
            if self.tag.len() < MAX_TAG {
                self.tag.push(b);
            }
        }
        Ok(())
    }

    fn look_at(&mut self, tag: &[u8]) -> Result<(), String> {
        if let Some(end) = tag.strip_prefix(b"/") {
            if end.trim_ascii() == b"table:table-row" {
                self.ods_row = self.ods_row.saturating_add(self.ods_repeat);
                self.ods_repeat = 1;
            }
            return Ok(());
        }
        let closed = tag.trim_ascii_end().ends_with(b"/");
        let name_end = tag
            .iter()
            .position(|c| c.is_ascii_whitespace() || *c == b'/')
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        let attrs = &tag[name_end..];
        let local = name.rsplit(|c| *c == b':').next().unwrap_or(name);
        let part = &self.part;
        match (name, local) {
            (b"table:table", _) => self.ods_row = 0,
            (b"table:table-row", _) => {
                let repeat = attr(attrs, b"table:number-rows-repeated").map_or(1, number);
                if closed {
                    self.ods_row = self.ods_row.saturating_add(repeat);
                } else {
                    self.ods_repeat = repeat.max(1);
                    self.col = 0;
                }
            }
            (b"table:table-cell" | b"table:covered-table-cell", _) => {
                let repeat = attr(attrs, b"table:number-columns-repeated").map_or(1, number);
                let text = !closed || attr(attrs, b"office:value-type").is_some();
                self.col = self.col.saturating_add(repeat);
                if text && self.col > MAX_COLUMNS as u64 {
                    return Err(beyond_columns(repeat, self.col, part));
                }
                let last = self.ods_row.saturating_add(self.ods_repeat);
                if text && last > MAX_SHEET_ROWS {
                    return Err(if self.ods_repeat > 1 {
                        format!(
                            "repeats a row with text {} times ({part}); Invite Desk reads up to \
                             {MAX_SHEET_ROWS} rows, so the file is damaged or made to exhaust \
                             memory. {SAVE_AGAIN}",
                            self.ods_repeat
                        )
                    } else {
                        format!(
                            "has text in row {last} ({part}); Invite Desk reads sheets of up to \
                             {MAX_SHEET_ROWS} rows: delete the rows below the candidates and save \
                             it again."
                        )
                    });
                }
            }
            (_, b"sst") => {
                for key in [&b"count"[..], b"uniqueCount"] {
                    let n = attr(attrs, key).map_or(0, number);
                    if n > MAX_SHARED_STRINGS {
                        return Err(strings(n, part));
                    }
                }
            }
            (_, b"si") => {
                self.strings += 1;
                if self.strings > MAX_SHARED_STRINGS {
                    return Err(strings(self.strings, part));
                }
            }
            (_, b"dimension") => {
                let range = attr(attrs, b"ref").unwrap_or_default();
                let last = range.rsplit(|c| *c == b':').next().unwrap_or(range);
                let (row, col) = cell_ref(last);
                if row.unwrap_or(0) > MAX_SHEET_ROWS || col > MAX_COLUMNS as u64 {
                    return Err(format!(
                        "says its sheet spans {} ({part}); {BOUNDS}",
                        String::from_utf8_lossy(range)
                    ));
                }
            }
            (_, b"row") => {
                self.row = attr(attrs, b"r").map_or(self.row.saturating_add(1), number);
                self.col = 0;
            }
            (_, b"c") => {
                let (row, col) = attr(attrs, b"r").map_or((None, 0), cell_ref);
                self.row = row.unwrap_or(self.row);
                self.col = if col > 0 {
                    col
                } else {
                    self.col.saturating_add(1)
                };
                if closed {
                    return Ok(());
                }
                self.cells += 1;
                if self.row > MAX_SHEET_ROWS || self.col > MAX_COLUMNS as u64 {
                    let col = usize::try_from(self.col - 1).unwrap_or(usize::MAX);
                    return Err(format!(
                        "has a cell at {}{} ({part}); {BOUNDS}",
                        column_letter(col.min(1 << 20)),
                        self.row
                    ));
                }
                if self.cells > MAX_SHEET_ROWS * MAX_COLUMNS as u64 {
                    return Err(format!(
                        "has more than {} cells ({part}); {BOUNDS}",
                        self.cells - 1
                    ));
                }
            }
            (_, b"mergeCell") => {
                self.merged += 1;
                if self.merged > MAX_MERGED {
                    return Err(format!(
                        "has more than {MAX_MERGED} merged cell regions ({part}): unmerge the \
                         cells and save it again."
                    ));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

const BOUNDS: &str = "Invite Desk reads sheets of up to 20000 rows and 200 columns (A to GR): \
                      delete the rows and columns outside the candidates (or copy the candidates \
                      into a new sheet) and save it again.";

fn strings(n: u64, part: &str) -> String {
    format!(
        "says it holds {n} different texts ({part}); a sheet of candidates holds far fewer \
         (Invite Desk reads up to {MAX_SHARED_STRINGS}), so the file is damaged or made to \
         exhaust memory. {SAVE_AGAIN}"
    )
}

fn beyond_columns(repeat: u64, col: u64, part: &str) -> String {
    if repeat > 1 {
        format!(
            "repeats a cell with text {repeat} times across a row ({part}); Invite Desk reads up \
             to {MAX_COLUMNS} columns, so the file is damaged or made to exhaust memory. {SAVE_AGAIN}"
        )
    } else {
        format!(
            "has text in column {col} ({part}); Invite Desk reads up to {MAX_COLUMNS} columns: \
             delete the columns right of the candidates and save it again."
        )
    }
}

/// The value of attribute `key` in a tag's attributes (`key="value"` or `key='value'`).
fn attr<'a>(mut attrs: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    loop {
        attrs = attrs.trim_ascii_start();
        let eq = attrs.iter().position(|c| *c == b'=')?;
        let found = attrs[..eq].trim_ascii();
        let rest = attrs[eq + 1..].trim_ascii_start();
        let q = *rest.first()?;
        if q != b'"' && q != b'\'' {
            return None;
        }
        let len = rest[1..].iter().position(|c| *c == q)?;
        if found == key {
            return Some(&rest[1..1 + len]);
        }
        attrs = &rest[2 + len..];
    }
}

/// A whole number as written in an attribute; one too large for u64 is u64::MAX.
fn number(v: &[u8]) -> u64 {
    let v = v.trim_ascii();
    let v = v.strip_prefix(b"+").unwrap_or(v);
    v.iter()
        .take_while(|c| c.is_ascii_digit())
        .fold(0u64, |n, c| {
            n.saturating_mul(10).saturating_add(u64::from(c - b'0'))
        })
}

/// A cell reference (`XFD1048576`, `$B$2`): its row, if it has one, and its 1-based column
/// (0 when it has none).
fn cell_ref(v: &[u8]) -> (Option<u64>, u64) {
    let v: Vec<u8> = v.iter().copied().filter(|c| *c != b'$').collect();
    let letters = v.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let col = v[..letters].iter().fold(0u64, |n, c| {
        n.saturating_mul(26)
            .saturating_add(u64::from(c.to_ascii_uppercase() - b'A' + 1))
    });
    let digits = &v[letters..];
    let row = (!digits.is_empty()).then(|| number(digits));
    (row, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(part: &str, xml: &str) -> Result<(), String> {
        let mut t = Tags::new(part);
        // In small pieces, so tags are split between reads.
        for chunk in xml.as_bytes().chunks(7) {
            t.feed(chunk)?;
        }
        Ok(())
    }

    #[test]
    fn references_attributes_and_numbers_are_read_as_calamine_reads_them() {
        assert_eq!(cell_ref(b"XFD1048576"), (Some(1_048_576), 16_384));
        assert_eq!(cell_ref(b"$B$2"), (Some(2), 2));
        assert_eq!(cell_ref(b"C"), (None, 3));
        assert_eq!(attr(b" a=\"1\" b='x>y' r=\"A1\"", b"r"), Some(&b"A1"[..]));
        assert_eq!(attr(b" count=\"5\"", b"uniqueCount"), None);
        assert_eq!(number(b"100000000000000000000000"), u64::MAX);
        assert_eq!(number(b"+12"), 12);
    }

    #[test]
    fn a_sheet_within_bounds_passes_and_one_past_them_is_named() {
        let ok = "<worksheet><dimension ref=\"A1:B3\"/><sheetData><row r=\"1\"><c r=\"A1\" \
                  t=\"s\"><v>0</v></c><c r=\"XFD1\" s=\"3\"/></row></sheetData></worksheet>";
        assert_eq!(scan("xl/worksheets/sheet1.xml", ok), Ok(()));
        let far = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"1048576\"><c \
                   r=\"XFD1048576\"><v>1</v></c></row>";
        let e = scan("xl/worksheets/sheet1.xml", far).unwrap_err();
        assert!(
            e.starts_with("has a cell at XFD1048576 (xl/worksheets/sheet1.xml)"),
            "{e}"
        );
        let e = scan("s.xml", "<x:dimension ref='A1:XFD1048576'/>").unwrap_err();
        assert!(e.starts_with("says its sheet spans A1:XFD1048576"), "{e}");
    }

    #[test]
    fn shared_strings_and_ods_repeats_are_bounded() {
        let e = scan(
            "xl/sharedStrings.xml",
            "<sst count=\"1\" uniqueCount=\"100000000000\">",
        )
        .unwrap_err();
        assert!(
            e.starts_with("says it holds 100000000000 different texts"),
            "{e}"
        );
        let empty = "<table:table><table:table-row table:number-rows-repeated=\"1048576\">\
                     <table:table-cell table:number-columns-repeated=\"16384\"/>\
                     </table:table-row></table:table>";
        assert_eq!(scan("content.xml", empty), Ok(()));
        let wide = "<table:table-row><table:table-cell table:number-columns-repeated=\"16384\" \
                    office:value-type=\"string\"><text:p>x</text:p></table:table-cell>";
        let e = scan("content.xml", wide).unwrap_err();
        assert!(e.starts_with("repeats a cell with text 16384 times"), "{e}");
        let tall = "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell \
                    office:value-type=\"string\"><text:p>x</text:p></table:table-cell>";
        let e = scan("content.xml", tall).unwrap_err();
        assert!(
            e.starts_with("repeats a row with text 1000000 times"),
            "{e}"
        );
    }
}
