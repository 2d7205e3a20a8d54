//! Reading a sheet of candidates: a CSV or TSV file (UTF-8 with or without a BOM, UTF-16, or
//! legacy Windows-1252, detected, never asked), rows pasted from a spreadsheet (tab-separated),
//! or an `.xlsx` / `.xls` / `.ods` workbook through calamine. The result is text cells by the
//! sheet's own row numbers; every refusal names what is wrong and how to fix it.

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::error::{AppError, AppResult, ErrorKind};

/// Files above this size are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// The most candidate rows one batch may hold.
pub const MAX_ROWS: usize = 10_000;

/// A sheet as read: the header row and the non-blank rows below it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The file's name, or "Pasted rows".
    pub source: String,
    /// One per column; an empty header cell is named after its column ("Column C").
    pub headers: Vec<String>,
    pub rows: Vec<SheetRow>,
    /// What the reader did that the coordinator should know ("read as Windows-1252", …).
    pub notes: Vec<String>,
}

/// One row of candidates: its number in the sheet (the header is usually row 1) and its cells,
/// as many as there are headers.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    pub row: u32,
    pub cells: Vec<String>,
    /// A problem of the row itself (more cells than the header, a spreadsheet error in a cell):
    /// the row is shown with it and never sent.
    pub problem: Option<String>,
}

fn refuse(message: impl Into<String>) -> AppError {
    AppError::new(ErrorKind::Validation, message).with_field("sheet")
}

/// Reads a file's bytes; `name` is its file name (for messages and the format hint).
pub fn read_file(name: &str, bytes: &[u8]) -> AppResult<Sheet> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(name, bytes.len() as u64));
    }
    if bytes.is_empty() {
        return Err(refuse(format!(
            "“{name}” is empty. Export the candidates again from your spreadsheet or ATS."
        )));
    }
    // Workbooks by their magic bytes, whatever the name says: a zip (.xlsx, .ods) or an OLE
    // compound file (.xls).
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return read_workbook(name, bytes);
    }
    let (text, note) = decode(name, bytes)?;
    let mut sheet = read_text(name, &text, None)?;
    sheet.notes.extend(note);
    Ok(sheet)
}

/// The message for a file over `MAX_FILE_BYTES`.
pub fn too_big(name: &str, len: u64) -> AppError {
    refuse(format!(
        "“{name}” is {:.1} MB; Invite Desk reads sheets up to {} MB ({MAX_ROWS} candidates fit \
         in far less). Save only the candidate columns, or split the file.",
        len as f64 / 1_048_576.0,
        MAX_FILE_BYTES / 1_048_576
    ))
}

/// Reads rows pasted from a spreadsheet (tab-separated; a comma or semicolon list works too).
pub fn read_pasted(text: &str) -> AppResult<Sheet> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big("The pasted text", text.len() as u64));
    }
    read_text(
        "Pasted rows",
        text.strip_prefix('\u{feff}').unwrap_or(text),
        None,
    )
}

/// Text from bytes: a BOM decides; else UTF-16 is recognised by its zero bytes, then UTF-8 is
/// tried, then Windows-1252 (what Excel on Windows writes as "CSV"). A file with zero bytes that
/// is not UTF-16, or with many control characters, is not a text sheet.
fn decode(name: &str, bytes: &[u8]) -> AppResult<(String, Option<String>)> {
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
/// cell; `""` inside a quoted cell is one quote): the byte offsets of the line breaks that end
/// rows (`\n` outside quotes; a CRLF counts once), and the line a quote opened on that never
/// closes, if any.
fn scan(text: &str, delimiter: char) -> (Vec<usize>, Option<usize>) {
    let mut breaks = Vec::new();
    let mut line = 1;
    let mut opened_at = 0;
    let mut quoted = false;
    let mut cell_start = true;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek().map(|(_, n)| *n) == Some('"') => {
                    chars.next();
                }
                '"' => quoted = false,
                '\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match c {
            '"' if cell_start => {
                quoted = true;
                opened_at = line;
                cell_start = false;
            }
            '\n' => {
                breaks.push(i);
                line += 1;
                cell_start = true;
            }
            c if c == delimiter => cell_start = true,
            '\r' => {}
            _ => cell_start = false,
        }
    }
    (breaks, quoted.then_some(opened_at))
}

/// Reads delimited text. `delimiter` is sniffed when not given.
pub fn read_text(source: &str, text: &str, delimiter: Option<u8>) -> AppResult<Sheet> {
    let d = delimiter.unwrap_or_else(|| sniff_delimiter(text));
    // A spreadsheet row is a record, whatever lines its cells span: a record's row number is
    // one more than the row breaks before it.
    let (breaks, unclosed) = scan(text, char::from(d));
    if let Some(line) = unclosed {
        return Err(refuse(format!(
            "{source}: a quote (\") opened on line {line} never closes, so the rest of the sheet \
             would be one cell. Fix that line (write a quote inside a cell as \"\") and try again."
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(d)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid: Vec<(u32, Vec<String>)> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            refuse(format!(
                "{source} could not be read as a table ({e}). Save it again from your \
                 spreadsheet as CSV and try again."
            ))
        })?;
        let row = record.position().map_or(grid.len() + 1, |p| {
            // With CRLF the reader stops at the `\r`, so the next record starts on the `\n`.
            breaks.partition_point(|&b| (b as u64) <= p.byte()) + 1
        });
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        grid.push((u32::try_from(row).unwrap_or(u32::MAX), cells));
        if grid.len() > MAX_ROWS + 1 + 1000 {
            // Far over the limit (blank rows aside): stop reading, the count below refuses it.
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

/// The header (the first row with any text) and the rows below it; blank rows skipped; short
/// rows padded; a row with text past the last header is marked with a problem.
fn from_grid(
    source: &str,
    grid: Vec<(u32, Vec<String>)>,
    cell_errors: Vec<(u32, usize, String)>,
) -> AppResult<Sheet> {
    let blank = |cells: &[String]| cells.iter().all(|c| c.trim().is_empty());
    let mut rows = grid.into_iter().filter(|(_, c)| !blank(c));
    let Some((header_row, header)) = rows.next() else {
        return Err(refuse(format!(
            "{source} has no rows with text. Export the candidates again from your spreadsheet or \
             ATS."
        )));
    };
    let width = header
        .iter()
        .rposition(|h| !h.trim().is_empty())
        .map_or(0, |i| i + 1);
    let headers: Vec<String> = header[..width]
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = h.trim();
            if h.is_empty() {
                format!("Column {}", column_letter(i))
            } else {
                h.to_string()
            }
        })
        .collect();
    let mut out = Vec::new();
    for (row, mut cells) in rows {
        if out.len() == MAX_ROWS {
            return Err(refuse(format!(
                "{source} has more than {MAX_ROWS} candidate rows; one batch sends up to \
                 {MAX_ROWS}. Split the sheet and send it in parts."
            )));
        }
        let extra = cells.len() > width && cells[width..].iter().any(|c| !c.trim().is_empty());
        let mut problem =
            extra.then(|| {
                format!(
                "Row {row} has {} cells but the header row has {width} columns: a cell holds an \
                 unquoted separator, or a column has no header. Fix the row in the sheet.",
                cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1)
            )
            });
        if let Some((_, col, err)) = cell_errors.iter().find(|(r, c, _)| *r == row && *c < width) {
            problem.get_or_insert_with(|| {
                format!(
                    "Row {row}, column {} ({}): the spreadsheet shows the error {err} there. Fix \
                     the cell or its formula and save again.",
                    column_letter(*col),
                    headers[*col]
                )
            });
        }
        cells.resize(width, String::new());
        out.push(SheetRow {
            row,
            cells,
            problem,
        });
    }
    if out.is_empty() {
        return Err(refuse(format!(
            "{source} has a header row (row {header_row}) but no candidate rows below it. Add \
             the candidates under the header and try again."
        )));
    }
    Ok(Sheet {
        source: source.to_string(),
        headers,
        rows: out,
        notes: Vec::new(),
    })
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The first worksheet with text of an `.xlsx`, `.xls` or `.ods` workbook. Cells are the values
/// the spreadsheet shows (a formula's last result; dates as `YYYY-MM-DD`, times as `HH:MM`);
/// a merged region's value fills every cell of the region, as the coordinator sees it.
fn read_workbook(name: &str, bytes: &[u8]) -> AppResult<Sheet> {
    let unreadable = |e: &dyn std::fmt::Display| {
        refuse(format!(
            "“{name}” could not be read as a spreadsheet ({e}). Open it in your spreadsheet, \
             save it again as .xlsx or CSV, and try again."
        ))
    };
    let mut book =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let names = book.sheet_names().to_vec();
    let mut notes = Vec::new();
    for sheet_name in names {
        let range = match book.worksheet_range(&sheet_name) {
            Ok(r) => r,
            Err(e) => return Err(unreadable(&e)),
        };
        if range.used_cells().next().is_none() {
            continue;
        }
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut grid: Vec<(u32, Vec<String>)> = Vec::new();
        let mut errors = Vec::new();
        for (r, cells) in range.rows().enumerate() {
            let row = top + r as u32 + 1;
            // Columns left of the used range are empty: keep sheet columns where they are.
            let mut line = vec![String::new(); left as usize];
            for (c, cell) in cells.iter().enumerate() {
                if let Data::Error(e) = cell {
                    errors.push((row, left as usize + c, e.to_string()));
                }
                line.push(cell_text(cell));
            }
            grid.push((row, line));
            if grid.len() > MAX_ROWS + 1 + 1000 {
                break;
            }
        }
        let merged = fill_merged(&mut book, &sheet_name, &mut grid, top);
        if merged > 0 {
            notes.push(format!(
                "{merged} merged cell region(s) were read as their value repeated in each row \
                 they cover."
            ));
        }
        if book.sheet_names().len() > 1 {
            notes.push(format!("Read the worksheet “{sheet_name}”."));
        }
        let mut sheet = from_grid(name, grid, errors)?;
        sheet.notes = notes;
        return Ok(sheet);
    }
    Err(refuse(format!(
        "“{name}” has no worksheet with text. Put the candidates in the first worksheet, with a \
         header row, and try again."
    )))
}

/// Copies each merged region's top-left value into the rest of the region (xlsx only: the
/// other formats do not report merged regions through calamine). Returns how many regions.
fn fill_merged<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Sheets<RS>,
    sheet: &str,
    grid: &mut [(u32, Vec<String>)],
    top: u32,
) -> usize {
    let calamine::Sheets::Xlsx(x) = book else {
        return 0;
    };
    let Ok(regions) = x.merge_cells_by_sheet_name(sheet) else {
        return 0;
    };
    let at = |grid: &[(u32, Vec<String>)], r: u32, c: u32| -> Option<String> {
        let i = r.checked_sub(top)? as usize;
        grid.get(i)?.1.get(c as usize).cloned()
    };
    let mut n = 0;
    for d in regions {
        let Some(value) = at(grid, d.start.0, d.start.1) else {
            continue;
        };
        n += 1;
        for r in d.start.0..=d.end.0 {
            let Some(i) = r.checked_sub(top).map(|i| i as usize) else {
                continue;
            };
            let Some((_, line)) = grid.get_mut(i) else {
                continue;
            };
            for c in d.start.1..=d.end.1 {
                let c = c as usize;
                if line.len() <= c {
                    line.resize(c + 1, String::new());
                }
                if line[c].is_empty() {
                    line[c] = value.clone();
                }
            }
        }
    }
    n
}

/// A cell as the text the spreadsheet shows: whole numbers without `.0` (phone numbers, ids),
/// dates and times in ISO form.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.as_f64() < 1.0 => t.format("%H:%M").to_string(),
            Some(t) if dt.as_f64().fract() == 0.0 => t.format("%Y-%m-%d").to_string(),
            Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) => iso_cell(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e}"),
    }
}

/// An ISO date-time from an .ods cell: `2026-03-08T00:00:00` → `2026-03-08`,
/// `2026-03-08T10:30:00` → `2026-03-08 10:30`.
fn iso_cell(s: &str) -> String {
    match s.split_once('T') {
        Some((d, t)) if t.trim_start_matches(['0', ':']).is_empty() => d.to_string(),
        Some((d, t)) => format!("{d} {}", t.get(..5).unwrap_or(t)),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn the_delimiter_is_the_first_lines_tab_semicolon_or_comma() {
        assert_eq!(sniff_delimiter("a\tb\n1,2\t3"), b'\t');
        assert_eq!(sniff_delimiter("Name;Email\nA, B;a@x.com"), b';');
        assert_eq!(sniff_delimiter("Name,Email\n"), b',');
        assert_eq!(sniff_delimiter("\"a;b\",c\n"), b',');
    }

    #[test]
    fn an_unclosed_quote_is_found_with_its_line() {
        assert_eq!(scan("a,b\n\"x,y\n", ',').1, Some(2));
        assert_eq!(scan("a,b\n\"x\"\"y\",z\n", ',').1, None);
        // A quote inside an unquoted cell is just a character.
        assert_eq!(scan("a,b\nO\"Brien,z\n", ',').1, None);
    }

    #[test]
    fn ods_dates_lose_an_empty_time() {
        assert_eq!(iso_cell("2026-03-08T00:00:00"), "2026-03-08");
        assert_eq!(iso_cell("2026-03-08T10:30:00"), "2026-03-08 10:30");
    }
}

#[cfg(test)]
mod row_numbers {
    use super::*;

    #[test]
    fn rows_are_numbered_as_the_sheet_shows_them_with_crlf_or_lf_and_multi_line_cells() {
        for text in [
            "Name;Email\r\nA;a@x.com\r\nB;b@x.com\r\n",
            "Name;Email\nA;a@x.com\nB;b@x.com\n",
        ] {
            let s = read_text("t", text, None).unwrap();
            assert_eq!(
                s.rows.iter().map(|r| r.row).collect::<Vec<_>>(),
                [2, 3],
                "{text:?}"
            );
        }
        let s = read_text("t", "Name,Note\nA,\"two\nlines\"\nB,x\n", None).unwrap();
        assert_eq!(s.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 3]);
    }
}
