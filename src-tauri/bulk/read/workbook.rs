//! Workbooks through calamine: the first worksheet with text of an `.xlsx`, `.xls` or `.ods`.
//! The app reads them in a child process (`child`); a zip workbook's parts have been looked
//! through first (`scan`).

use std::io::Cursor;

use calamine::{Data, Dimensions, Reader};

use super::{from_grid, refuse, unreadable, Grid, Line, Sheet, MAX_COLUMNS};
use crate::error::AppResult;

/// The first worksheet with text. Cells are the values the spreadsheet shows (a formula's last
/// result; dates as `YYYY-MM-DD`, times as `HH:MM`); a merged region's value fills every cell of
/// the region, as the coordinator sees it.
pub(super) fn read_workbook(name: &str, bytes: &[u8]) -> AppResult<Sheet> {
    // An OLE compound file is opened as .xls, so its own error is what is reported.
    let mut book = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        calamine::Sheets::Xls(
            calamine::open_workbook_from_rs(Cursor::new(bytes))
                .map_err(|e: calamine::XlsError| unreadable(name, &e))?,
        )
    } else {
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
            .map_err(|e| unreadable(name, &e))?
    };
    let names = book.sheet_names().to_vec();
    for sheet_name in &names {
        let range = book
            .worksheet_range(sheet_name)
            .map_err(|e| unreadable(name, &e))?;
        if range.used_cells().next().is_none() {
            continue;
        }
        let mut merged = Merged::of(&mut book, sheet_name);
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut grid = Grid::new();
        let mut errors = Vec::new();
        for (r, cells) in range.rows().enumerate() {
            let row = top
                .saturating_add(u32::try_from(r).unwrap_or(u32::MAX))
                .saturating_add(1);
            // Columns left of the used range are empty: keep sheet columns where they are.
            let left = left as usize;
            let mut line = vec![String::new(); left.min(MAX_COLUMNS)];
            let mut used = 0;
            for (c, cell) in cells.iter().enumerate() {
                let col = left + c;
                if let Data::Error(e) = cell {
                    errors.push((row, col, e.to_string()));
                }
                let text = cell_text(cell);
                if !text.trim().is_empty() {
                    used = col + 1;
                }
                if col < MAX_COLUMNS {
                    line.push(text);
                }
            }
            merged.fill(row - 1, &mut line, &mut used);
            if !grid.push_line(Line {
                row,
                cells: line,
                used,
            }) {
                break;
            }
        }
        let mut notes = Vec::new();
        if merged.filled > 0 {
            notes.push(format!(
                "{} merged cell region(s) were read as their value repeated in each row they \
                 cover.",
                merged.filled
            ));
        }
        if names.len() > 1 {
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

/// A sheet's merged regions (xlsx only: the other formats do not report them through
/// calamine), each with its top-left value once its first row has been read.
struct Merged {
    regions: Vec<(Dimensions, Option<String>)>,
    /// Regions whose value was copied into the rest of the region.
    filled: usize,
}

impl Merged {
    fn of<RS: std::io::Read + std::io::Seek>(book: &mut calamine::Sheets<RS>, sheet: &str) -> Self {
        let regions = match book {
            calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            _ => Vec::new(),
        };
        Merged {
            regions: regions.into_iter().map(|d| (d, None)).collect(),
            filled: 0,
        }
    }

    /// Copies into `line` (0-based sheet row `r`) the value of each region covering it, in the
    /// cells that are empty; `used` grows with what was copied.
    fn fill(&mut self, r: u32, line: &mut Vec<String>, used: &mut usize) {
        for (d, value) in &mut self.regions {
            if r < d.start.0 || r > d.end.0 {
                continue;
            }
            if r == d.start.0 {
                *value = line
                    .get(d.start.1 as usize)
                    .filter(|v| !v.is_empty())
                    .cloned();
                if value.is_some() {
                    self.filled += 1;
                }
            }
            let Some(value) = value.as_ref() else {
                continue;
            };
            let end = (d.end.1 as usize).min(MAX_COLUMNS - 1);
            for c in d.start.1 as usize..=end {
                if line.len() <= c {
                    line.resize(c + 1, String::new());
                }
                if line[c].is_empty() {
                    line[c].clone_from(value);
                    *used = (*used).max(c + 1);
                }
            }
        }
    }
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
    fn ods_dates_lose_an_empty_time() {
        assert_eq!(iso_cell("2026-03-08T00:00:00"), "2026-03-08");
        assert_eq!(iso_cell("2026-03-08T10:30:00"), "2026-03-08 10:30");
    }

    #[test]
    fn a_merged_region_fills_the_rows_below_and_stops_at_the_column_limit() {
        let mut m = Merged {
            regions: vec![(
                Dimensions {
                    start: (1, 1),
                    end: (2, 100_000),
                },
                None,
            )],
            filled: 0,
        };
        let mut first = vec!["a".to_string(), "Team".to_string()];
        let mut used = 2;
        m.fill(1, &mut first, &mut used);
        assert_eq!((first.len(), used), (MAX_COLUMNS, MAX_COLUMNS));
        let mut second = vec!["b".to_string()];
        let mut used = 1;
        m.fill(2, &mut second, &mut used);
        assert_eq!(second[1], "Team");
        assert_eq!(m.filled, 1);
    }
}
