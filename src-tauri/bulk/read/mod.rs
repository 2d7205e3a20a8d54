//! Reading a sheet of candidates: a CSV or TSV file (UTF-8 with or without a BOM, UTF-16, or
//! legacy Windows-1252, detected, never asked), rows pasted from a spreadsheet (tab-separated),
//! or an `.xlsx` / `.xls` / `.ods` workbook through calamine. The result is text cells by the
//! sheet's own row numbers; every refusal names what is wrong and how to fix it.
//!
//! A sheet comes from outside, so every read is bounded: a file of at most `MAX_FILE_BYTES`, at
//! most `MAX_COLUMNS` columns and `MAX_ROWS` candidate rows (blank rows are skipped, never
//! counted), a workbook's parts looked through before calamine opens it (`scan`), and, through
//! [`read_path`], a workbook read in a child process with its own memory and time limits
//! (`child`), so a hostile file ends in a message, never in the app going down.

mod child;
mod scan;
mod text;
mod workbook;
mod zipdir;

use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorKind};

pub use child::{child_main, read_path};
pub use text::read_text;

/// Files above this size are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// The most candidate rows one batch may hold.
pub const MAX_ROWS: usize = 10_000;

/// The most columns a sheet may have (a header wider than this is refused).
pub const MAX_COLUMNS: usize = 200;

/// The last row a workbook's cell may be on: room for `MAX_ROWS` candidates with a blank row
/// after each.
pub const MAX_SHEET_ROWS: u64 = 2 * MAX_ROWS as u64;

/// A sheet as read: the header row and the non-blank rows below it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// A workbook that calamine (or the zip reader under it) could not open.
fn unreadable(name: &str, e: &dyn std::fmt::Display) -> AppError {
    refuse(format!(
        "“{name}” could not be read as a spreadsheet ({e}). Open it in your spreadsheet, save it \
         again as .xlsx or CSV, and try again."
    ))
}

/// True for a workbook by its magic bytes, whatever the name says: a zip (.xlsx, .ods) or an
/// OLE compound file (.xls).
fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Reads a file's bytes in this process; `name` is its file name (for messages and the format
/// hint). The app reads files with [`read_path`], which reads workbooks in a child process.
pub fn read_file(name: &str, bytes: &[u8]) -> AppResult<Sheet> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(name, bytes.len() as u64));
    }
    if bytes.is_empty() {
        return Err(refuse(format!(
            "“{name}” is empty. Export the candidates again from your spreadsheet or ATS."
        )));
    }
    if is_workbook(bytes) {
        if bytes.starts_with(b"PK") {
            scan::zip_parts(name, bytes)?;
        }
        return workbook::read_workbook(name, bytes);
    }
    let (text, note) = text::decode(name, bytes)?;
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

/// A row as read, before the header is known: its number in the sheet, its first `MAX_COLUMNS`
/// cells, and how many cells it has up to its last one with text (counting those past
/// `MAX_COLUMNS`, which are not kept).
struct Line {
    row: u32,
    cells: Vec<String>,
    used: usize,
}

/// The rows of a sheet as they are read: blank rows are skipped, so they never count toward
/// `MAX_ROWS`; reading stops at the first candidate row past it.
struct Grid {
    lines: Vec<Line>,
    /// The row number of the first candidate row past `MAX_ROWS`, once one is seen.
    over: Option<u32>,
}

impl Grid {
    fn new() -> Self {
        Grid {
            lines: Vec::new(),
            over: None,
        }
    }

    /// Adds a row; false once reading should stop.
    fn push<S: AsRef<str>>(&mut self, row: u32, cells: impl IntoIterator<Item = S>) -> bool {
        let mut kept = Vec::new();
        let mut used = 0;
        for (i, cell) in cells.into_iter().enumerate() {
            let cell = cell.as_ref();
            if !cell.trim().is_empty() {
                used = i + 1;
            }
            if i < MAX_COLUMNS {
                kept.push(cell.to_string());
            }
        }
        self.push_line(Line {
            row,
            cells: kept,
            used,
        })
    }

    fn push_line(&mut self, line: Line) -> bool {
        if line.used == 0 {
            return true;
        }
        // The header and `MAX_ROWS` candidates below it.
        if self.lines.len() > MAX_ROWS {
            self.over = Some(line.row);
            return false;
        }
        self.lines.push(line);
        true
    }
}

/// The header (the first row with any text) and the rows below it; short rows padded; a row
/// with text past the last header is marked with a problem.
fn from_grid(source: &str, grid: Grid, cell_errors: Vec<(u32, usize, String)>) -> AppResult<Sheet> {
    if let Some(row) = grid.over {
        return Err(refuse(format!(
            "{source} has more than {MAX_ROWS} candidate rows (the first {MAX_ROWS} end before \
             row {row}); one batch sends up to {MAX_ROWS}. Split the sheet and send it in parts \
             of {MAX_ROWS} or fewer."
        )));
    }
    let mut rows = grid.lines.into_iter();
    let Some(header) = rows.next() else {
        return Err(refuse(format!(
            "{source} has no rows with text. Export the candidates again from your spreadsheet or \
             ATS."
        )));
    };
    let width = header.used;
    if width > MAX_COLUMNS {
        return Err(refuse(format!(
            "{source}: the header row (row {}) has {width} columns; Invite Desk reads up to \
             {MAX_COLUMNS} (A to {}). Delete the columns the invites do not need, or save only \
             the candidate columns, and try again.",
            header.row,
            column_letter(MAX_COLUMNS - 1)
        )));
    }
    let headers: Vec<String> = header.cells[..width]
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
    for Line {
        row,
        mut cells,
        used,
    } in rows
    {
        let mut problem = (used > width).then(|| {
            format!(
                "Row {row} has {used} cells but the header row has {width} columns: a cell holds \
                 an unquoted separator, or a column has no header. Fix the row in the sheet."
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
            "{source} has a header row (row {}) but no candidate rows below it. Add the \
             candidates under the header and try again.",
            header.row
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(199), "GR");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn blank_rows_never_count_toward_the_row_limit() {
        let mut grid = Grid::new();
        for i in 0..=MAX_ROWS as u32 {
            assert!(grid.push(2 * i + 1, ["x", "y"]));
            assert!(grid.push(2 * i + 2, ["", " "]));
        }
        assert_eq!(grid.lines.len(), MAX_ROWS + 1);
        assert!(!grid.push(50_000, ["one more"]));
        assert_eq!(grid.over, Some(50_000));
    }

    #[test]
    fn cells_past_the_column_limit_are_counted_not_kept() {
        let mut grid = Grid::new();
        let mut cells = vec![""; 1000];
        cells[999] = "far";
        grid.push(1, cells);
        assert_eq!(grid.lines[0].cells.len(), MAX_COLUMNS);
        assert_eq!(grid.lines[0].used, 1000);
    }
}
