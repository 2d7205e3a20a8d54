//! Hostile sheets: files made to exhaust memory or crash a reader, each ending in a message that
//! names the file and what is wrong while this process's own memory stays bounded; blank rows
//! that never cost a candidate; the time of 10,000 rows through the child process; and a
//! seeded mutation loop over real small CSV, .xlsx, .xls and .ods files (every read ends in Ok
//! or Err). Workbooks are read through `read_path`, in the app's own binary as the child.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests may unwrap and print

mod hostile_support;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use hostile_support::*;
use invite_desk::bulk::read;

const EXE: &str = env!("CARGO_BIN_EXE_invite-desk");

/// The most this process's resident memory may rise while reading one hostile file.
const MAX_GROWTH_MIB: f64 = 250.0;

/// One test at a time: each measures this process's memory.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Reads `path` through the child, checks this process's memory, and returns the refusal.
fn refused_within_bounds(path: &Path) -> String {
    let (result, growth) = peak_growth(|| read::read_path(Path::new(EXE), path));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    println!("{name}: this process grew by {growth:.1} MiB while reading it");
    assert!(
        growth < MAX_GROWTH_MIB,
        "{name}: this process grew by {growth:.1} MiB"
    );
    let e = result.expect_err("a hostile file is refused");
    assert_eq!(e.field.as_deref(), Some("sheet"), "{e:?}");
    println!("  {}", e.message);
    // Workbooks name the file in quotes, text sheets at the start of the message.
    assert!(
        e.message.contains(&name),
        "the message names the file: {}",
        e.message
    );
    e.message
}

fn shared_strings_bomb() -> Vec<u8> {
    zip_of(&xlsx_parts(
        Part::stored(
            "xl/worksheets/sheet1.xml",
            sheet_xml(
                "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>",
            ),
        ),
        &shared_strings_xml(&["Name", "Email"], "100000000000"),
    ))
}

#[test]
fn a_shared_strings_count_of_a_hundred_billion_is_refused_in_a_two_kb_file() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let bytes = shared_strings_bomb();
    assert!(bytes.len() < 4096, "{} bytes", bytes.len());
    let path = write(dir.path(), "strings-bomb.xlsx", &bytes);
    let m = refused_within_bounds(&path);
    assert!(m.contains("100000000000 different texts"), "{m}");
    assert!(m.contains("xl/sharedStrings.xml"), "{m}");
    assert!(m.contains("save it again as .xlsx or CSV"), "{m}");
    // The same look-through runs when the bytes are read in this process.
    let e = read::read_file("strings-bomb.xlsx", &bytes).unwrap_err();
    assert_eq!(e.message, m);
}

#[test]
fn cells_in_a1_and_xfd1048576_are_refused_naming_the_far_cell() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let rows = format!(
        "{}<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
        inline_row(1, &["Name"])
    );
    let bytes = zip_of(&xlsx_parts(
        Part::stored("xl/worksheets/sheet1.xml", sheet_xml(&rows)),
        &shared_strings_xml(&[], "0"),
    ));
    let m = refused_within_bounds(&write(dir.path(), "corners.xlsx", &bytes));
    assert!(m.contains("has a cell at XFD1048576"), "{m}");
    assert!(m.contains("up to 20000 rows and 200 columns"), "{m}");
    let rows = inline_row(1, &["Name"]);
    let xml = sheet_xml(&rows).replace(
        "<sheetData>",
        "<dimension ref=\"A1:XFD1048576\"/><sheetData>",
    );
    let bytes = zip_of(&xlsx_parts(
        Part::stored("xl/worksheets/sheet1.xml", xml),
        &shared_strings_xml(&[], "0"),
    ));
    let m = refused_within_bounds(&write(dir.path(), "dimension.xlsx", &bytes));
    assert!(m.contains("says its sheet spans A1:XFD1048576"), "{m}");
}

/// An .xlsx whose sheet inflates to 300 MB of one repeated row; `declared` is the size its
/// zip says the sheet unpacks to.
fn deflate_bomb(declared: Option<u32>) -> Vec<u8> {
    const TOTAL: usize = 300 * 1024 * 1024;
    let prefix = sheet_xml("").replace("</sheetData></worksheet>", "");
    let unit = "<row><c t=\"inlineStr\"><is><t>Candidate</t></is></c></row>";
    let data = deflate_repeating(prefix.as_bytes(), unit.as_bytes(), TOTAL);
    let sheet = Part {
        name: "xl/worksheets/sheet1.xml".into(),
        method: 8,
        crc: 0,
        size: declared.unwrap_or(TOTAL as u32),
        data,
    };
    zip_of(&xlsx_parts(sheet, &shared_strings_xml(&[], "0")))
}

#[test]
fn a_deflate_bomb_is_refused_by_its_declared_size_and_when_it_lies_by_what_it_unpacks_to() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let honest = deflate_bomb(None);
    println!("deflate bomb: {} bytes packed", honest.len());
    let m = refused_within_bounds(&write(dir.path(), "bomb.xlsx", &honest));
    assert!(
        m.contains("unpacks to more than 100 MB in one part (xl/worksheets/sheet1.xml)"),
        "{m}"
    );
    let lying = deflate_bomb(Some(4096));
    let m = refused_within_bounds(&write(dir.path(), "lying-bomb.xlsx", &lying));
    // Counted while unpacking, or stopped by the zip reader at the size it declared.
    assert!(
        m.contains("unpacks to more than 100 MB") || m.contains("could not be read"),
        "{m}"
    );
}

#[test]
fn a_hundred_thousand_columns_in_a_file_or_pasted_are_refused_before_any_row_is_padded() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut text = (0..100_000)
        .map(|i| format!("Column{i}"))
        .collect::<Vec<_>>()
        .join(",");
    text.push('\n');
    for r in 0..50 {
        text.push_str(&format!("{}\n", vec![format!("v{r}"); 100_000].join(",")));
    }
    let m = refused_within_bounds(&write(dir.path(), "wide.csv", text.as_bytes()));
    assert!(
        m.contains("the header row (row 1) has 100000 columns"),
        "{m}"
    );
    assert!(m.contains("up to 200"), "{m}");
    let pasted = text.replace(',', "\t");
    let (result, growth) = peak_growth(|| read::read_pasted(&pasted));
    println!("pasted 100,000 columns: this process grew by {growth:.1} MiB");
    assert!(growth < MAX_GROWTH_MIB, "{growth:.1} MiB");
    let m = result.unwrap_err().message;
    assert!(
        m.starts_with("Pasted rows: the header row (row 1) has 100000 columns"),
        "{m}"
    );
}

#[test]
fn six_thousand_candidates_each_followed_by_a_blank_row_are_all_read_from_csv_and_xlsx() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Name,Email,Notes\n");
    let mut rows = vec![(1, vec!["Name".to_string(), "Email".to_string()])];
    for i in 0..6_000u32 {
        csv.push_str(&format!("C{i},c{i}@example.com,\n,,\n"));
        rows.push((
            2 * i + 2,
            vec![format!("C{i}"), format!("c{i}@example.com")],
        ));
        rows.push((2 * i + 3, vec![String::new(), " ".to_string()]));
    }
    let exe = Path::new(EXE);
    let from_csv = read::read_path(exe, &write(dir.path(), "blanks.csv", csv.as_bytes())).unwrap();
    let from_xlsx = read::read_path(exe, &write(dir.path(), "blanks.xlsx", &xlsx(&rows))).unwrap();
    for s in [&from_csv, &from_xlsx] {
        assert_eq!(s.rows.len(), 6_000, "{}", s.source);
        assert_eq!(s.rows[0].row, 2);
        assert_eq!(s.rows[5_999].row, 12_000);
        assert_eq!(s.rows[5_999].cells[0], "C5999");
        assert!(s.rows.iter().all(|r| r.problem.is_none()));
    }
}

#[test]
fn a_legacy_xls_with_a_corrupt_header_is_refused_naming_the_file() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let m = refused_within_bounds(&write(
        dir.path(),
        "header.xls",
        &xls_with_a_corrupt_header(),
    ));
    assert!(m.contains("could not be read"), "{m}");
    assert!(m.contains("save it again as .xlsx or CSV"), "{m}");
}

#[test]
fn an_ods_cell_with_text_repeated_past_the_sheet_is_refused() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let wide = format!(
        "{}<table:table-row table:number-rows-repeated=\"1048576\"><table:table-cell \
         table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>x</text:p>\
         </table:table-cell></table:table-row>",
        ods_row(&["Name", "Email"])
    );
    let m = refused_within_bounds(&write(dir.path(), "repeated.ods", &ods(&wide)));
    assert!(m.contains("repeats a cell with text 16384 times"), "{m}");
    let huge = format!(
        "{}<table:table-row><table:table-cell table:number-columns-repeated=\"4000000000\" \
         office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>",
        ods_row(&["Name", "Email"])
    );
    let m = refused_within_bounds(&write(dir.path(), "columns.ods", &ods(&huge)));
    assert!(
        m.contains("repeats a cell with text 4000000000 times"),
        "{m}"
    );
    // Empty cells repeated to the sheet's edge, as LibreOffice saves every sheet, are fine.
    let saved = format!(
        "{}{}<table:table-row table:number-rows-repeated=\"1048574\"><table:table-cell \
         table:number-columns-repeated=\"16384\"/></table:table-row>",
        ods_row(&["Name", "Email"]),
        ods_row(&["Ana", "ana@example.com"])
    );
    let s = read::read_path(
        Path::new(EXE),
        &write(dir.path(), "saved.ods", &ods(&saved)),
    )
    .unwrap();
    assert_eq!(s.rows.len(), 1);
}

#[test]
fn a_workbook_read_through_the_child_gives_the_same_sheet_and_refusals_pass_through() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        (1, vec!["Name".to_string(), "Email".to_string()]),
        (2, vec!["Ana".to_string(), "ana@example.com".to_string()]),
    ];
    let bytes = xlsx(&rows);
    let path = write(dir.path(), "small.xlsx", &bytes);
    let child = read::read_path(Path::new(EXE), &path).unwrap();
    assert_eq!(child, read::read_file("small.xlsx", &bytes).unwrap());
    let only_header = xlsx(&rows[..1]);
    let e = read::read_path(
        Path::new(EXE),
        &write(dir.path(), "header.xlsx", &only_header),
    )
    .unwrap_err();
    assert!(
        e.message
            .starts_with("header.xlsx has a header row (row 1) but no candidate rows"),
        "{}",
        e.message
    );
    let e = read::read_path(Path::new(EXE), &dir.path().join("gone.xlsx")).unwrap_err();
    assert!(
        e.message.starts_with("“gone.xlsx” could not be opened"),
        "{}",
        e.message
    );
}

#[test]
fn ten_thousand_rows_through_the_child_stay_fast() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Full name", "E-mail", "Phone", "Notes"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..10_000u32 {
        ws.write_string(i + 1, 0, format!("Candidate Number {i}"))
            .unwrap();
        ws.write_string(i + 1, 1, format!("candidate{i}@example.com"))
            .unwrap();
        ws.write_string(i + 1, 2, format!("+44 20 7946 {i:04}"))
            .unwrap();
        ws.write_string(i + 1, 3, format!("Applied via ATS, batch {}", i / 100))
            .unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let path = write(dir.path(), "ten-thousand.xlsx", &bytes);
    let t = Instant::now();
    let in_process = read::read_file("ten-thousand.xlsx", &bytes).unwrap();
    let in_process_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let child = read::read_path(Path::new(EXE), &path).unwrap();
    let child_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "10,000-row .xlsx ({} KB): {in_process_ms:.0} ms in this process, {child_ms:.0} ms \
         through the child (debug build)",
        bytes.len() / 1024
    );
    assert_eq!(child, in_process);
    assert_eq!(child.rows.len(), 10_000);
    assert!(child_ms < 20_000.0, "{child_ms:.0} ms");
}

#[test]
fn a_sheet_that_passes_the_look_through_but_needs_gigabytes_ends_the_child_not_the_app() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    // One 8 MB text in 300 cells: each cell is its own copy once read, 2.4 GB in all.
    let text = "a".repeat(8 * 1024 * 1024);
    let mut rows = inline_row(1, &["Name"]);
    for r in 2..=301 {
        rows.push_str(&format!(
            "<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>0</v></c></row>"
        ));
    }
    let bytes = zip_of(&xlsx_parts(
        Part::stored("xl/worksheets/sheet1.xml", sheet_xml(&rows)),
        &shared_strings_xml(&[&text], "1"),
    ));
    let m = refused_within_bounds(&write(dir.path(), "copies.xlsx", &bytes));
    assert!(m.contains("could not be read safely ("), "{m}");
    assert!(m.contains("save it again as .xlsx or CSV"), "{m}");
}

#[test]
fn the_seed_files_of_the_mutation_loop_read_as_sheets() {
    let _serial = serial();
    for (name, seed) in seeds() {
        let s = match seed {
            Seed::Text(bytes) | Seed::Binary(bytes) => read::read_file(name, &bytes),
            Seed::Zip(parts) => read::read_file(name, &zip_parts(&parts)),
        }
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(s.headers[..2], ["Name", "Email"], "{name}");
        assert_eq!(
            s.rows[0].cells[..2],
            ["Ana Lopez", "ana@example.com"],
            "{name}"
        );
    }
}

/// A real small file to mutate: text, a zip kept as its parts (so its XML can be changed and
/// packed again with the right checksums), or other bytes (.xls).
enum Seed {
    Text(Vec<u8>),
    Zip(Vec<(String, Vec<u8>)>),
    Binary(Vec<u8>),
}

fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    zip_of(
        &parts
            .iter()
            .map(|(n, d)| Part::stored(n, d.clone()))
            .collect::<Vec<_>>(),
    )
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read as _;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

fn seeds() -> Vec<(&'static str, Seed)> {
    let rows: &[&[&str]] = &[
        &["Name", "Email", "Team"],
        &["Ana Lopez", "ana@example.com", "Platform"],
        &["Ben Okafor", "ben@example.com", ""],
    ];
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    ws.write_number(1, 3, 47_550.0).unwrap();
    ws.merge_range(1, 4, 2, 4, "Merged", &rust_xlsxwriter::Format::new())
        .unwrap();
    let inline: Vec<(u32, Vec<String>)> = rows
        .iter()
        .enumerate()
        .map(|(r, cells)| (r as u32 + 1, cells.iter().map(|c| c.to_string()).collect()))
        .collect();
    let ods_rows: String = rows.iter().map(|r| ods_row(r)).collect();
    vec![
        (
            "seed.csv",
            Seed::Text(
                b"Name,Email,Notes\nAna Lopez,ana@example.com,\"a, \"\"b\"\"\"\n,,\nBen;x,b@example.com,ok\n"
                    .to_vec(),
            ),
        ),
        ("seed.xlsx", Seed::Zip(unzip(&wb.save_to_buffer().unwrap()))),
        ("inline.xlsx", Seed::Zip(unzip(&xlsx(&inline)))),
        ("seed.ods", Seed::Zip(unzip(&ods(&ods_rows)))),
        ("seed.xls", Seed::Binary(xls(rows))),
    ]
}

/// xorshift64*: the same mutations for the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const HUGE: [&str; 7] = [
    "4294967295",
    "18446744073709551615",
    "100000000000",
    "1048576",
    "-1",
    "99999999999999999999999",
    "XFD1048576",
];

fn flip_bytes(rng: &mut Rng, bytes: &mut [u8]) {
    for _ in 0..1 + rng.below(8) {
        if !bytes.is_empty() {
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 << rng.below(8);
        }
    }
}

/// Puts a huge number (or a far cell) in place of one attribute value of an XML part.
fn huge_attribute(rng: &mut Rng, xml: &mut Vec<u8>) {
    let quotes: Vec<usize> = xml
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w == b"=\"")
        .map(|(i, _)| i + 2)
        .collect();
    if quotes.is_empty() {
        return;
    }
    let start = quotes[rng.below(quotes.len())];
    let Some(len) = xml[start..].iter().position(|c| *c == b'"') else {
        return;
    };
    let value = HUGE[rng.below(HUGE.len())].as_bytes();
    xml.splice(start..start + len, value.iter().copied());
}

/// One mutation of a seed, as the bytes of a file.
fn mutate(rng: &mut Rng, seed: &Seed) -> Vec<u8> {
    match seed {
        Seed::Zip(parts) if rng.below(3) > 0 => {
            let mut parts = parts.clone();
            let xml: Vec<usize> = (0..parts.len())
                .filter(|&i| parts[i].0.ends_with(".xml"))
                .collect();
            let i = xml[rng.below(xml.len())];
            for _ in 0..1 + rng.below(3) {
                if rng.below(3) == 0 {
                    flip_bytes(rng, &mut parts[i].1);
                } else {
                    huge_attribute(rng, &mut parts[i].1);
                }
            }
            zip_parts(&parts)
        }
        _ => {
            let mut bytes = match seed {
                Seed::Text(b) | Seed::Binary(b) => b.clone(),
                Seed::Zip(parts) => zip_parts(parts),
            };
            match rng.below(4) {
                0 => bytes.truncate(rng.below(bytes.len())),
                1 if bytes.len() >= 8 => {
                    // A 32-bit field set to its largest value, as a corrupt header has it.
                    let at = rng.below(bytes.len() - 4) & !3;
                    bytes[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
                }
                _ => flip_bytes(rng, &mut bytes),
            }
            bytes
        }
    }
}

/// Every mutated read ends in a sheet or a refusal naming the sheet, never in a panic or an
/// abort of this process, whose memory stays bounded. `INVITE_DESK_FUZZ_ITERS` sets how many
/// files (300 by default), `INVITE_DESK_FUZZ_SEED` the mutations.
#[test]
fn mutated_csv_xlsx_xls_and_ods_files_end_in_a_sheet_or_a_refusal() {
    let _serial = serial();
    let iterations: usize = std::env::var("INVITE_DESK_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("INVITE_DESK_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x1DE5_4D05);
    let dir = tempfile::tempdir().unwrap();
    let seeds = seeds();
    let mut rng = Rng(seed | 1);
    let (mut read_ok, mut refused, mut unsafe_ends) = (0, 0, 0);
    let t = Instant::now();
    let ((), growth) = peak_growth(|| {
        for i in 0..iterations {
            let (name, seed) = &seeds[i % seeds.len()];
            let bytes = mutate(&mut rng, seed);
            let path = write(dir.path(), name, &bytes);
            match read::read_path(Path::new(EXE), &path) {
                Ok(_) => read_ok += 1,
                Err(e) => {
                    assert!(e.message.contains(*name), "iteration {i}: {e:?}");
                    if e.message.contains("could not be read safely") {
                        unsafe_ends += 1;
                        println!("iteration {i}: {}", e.message);
                    }
                    refused += 1;
                }
            }
        }
    });
    println!(
        "{iterations} mutated files (seed {seed}): {read_ok} read, {refused} refused ({unsafe_ends} \
         ended the child abnormally), {:.1} s, this process grew by {growth:.1} MiB",
        t.elapsed().as_secs_f64()
    );
    assert!(growth < MAX_GROWTH_MIB, "{growth:.1} MiB");
}
