//! A CSV written as Invite Desk exports it (UTF-8 BOM, every cell through
//! `history::neutralise_formula`) opened by a real spreadsheet: LibreOffice, headless, imports it
//! with formula evaluation on and saves it as CSV again. Every hostile cell comes back as the
//! text it was, never as a computed value; an unguarded `=1+1` beside them shows that formulas
//! were evaluated. Needs `soffice` (Debian: libreoffice-calc-nogui, in scripts/setup.sh): under
//! CI=true a missing one fails the test, elsewhere the test says why it did not run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests may unwrap and print

use std::process::Command;

use invite_desk::history::neutralise_formula;

const HOSTILE: [&str; 9] = [
    "=1+1",
    "  =1+1",
    "\u{FF1D}1+1",
    "+1+1",
    "@SUM(1)",
    "-1+1",
    "\u{A0}=1+1",
    "\t=1+1",
    "\u{FF0B}1+1",
];

fn soffice() -> Option<String> {
    ["soffice", "libreoffice"]
        .into_iter()
        .find(|bin| {
            Command::new(bin)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(str::to_string)
}

#[test]
fn hostile_cells_of_an_export_open_in_libreoffice_as_text_not_formulas() {
    let Some(soffice) = soffice() else {
        let why = "soffice (LibreOffice) is not installed: run scripts/setup.sh, or apt-get \
                   install libreoffice-calc-nogui";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{why}");
        println!(
            "SKIPPED hostile_cells_of_an_export_open_in_libreoffice_as_text_not_formulas: {why}"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("export.csv");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    {
        let mut out = csv::Writer::from_writer(&mut bytes);
        out.write_record(["case", "cell"]).unwrap();
        // The control: written as it is, so LibreOffice computes it.
        out.write_record(["control", "=1+1"]).unwrap();
        for (i, cell) in HOSTILE.iter().enumerate() {
            out.write_record([
                format!("hostile {i}"),
                neutralise_formula(cell).into_owned(),
            ])
            .unwrap();
        }
        out.flush().unwrap();
    }
    std::fs::write(&input, &bytes).unwrap();
    let outdir = dir.path().join("out");
    let profile = format!("file://{}", dir.path().join("profile").display());
    let run = Command::new(&soffice)
        .args([
            "--headless",
            "--norestore",
            &format!("-env:UserInstallation={profile}"),
            // Comma, double quote, UTF-8, from line 1, …, token 13: evaluate formulas.
            "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,,true",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
        ])
        .arg(&outdir)
        .arg(&input)
        .output()
        .unwrap();
    let converted = std::fs::read_to_string(outdir.join("export.csv")).unwrap_or_else(|e| {
        panic!(
            "LibreOffice wrote no CSV ({e}): {}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        )
    });
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(converted.trim_start_matches('\u{feff}').as_bytes());
    let cells: Vec<(String, String)> = rows
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string())
        })
        .collect();
    println!("{cells:?}");
    assert_eq!(
        cells[0],
        ("control".to_string(), "2".to_string()),
        "LibreOffice evaluated no formula, so this test would prove nothing"
    );
    for (i, cell) in HOSTILE.iter().enumerate() {
        let (case, back) = &cells[i + 1];
        assert_eq!(case, &format!("hostile {i}"));
        // Text: the neutralised cell as written, leading apostrophe and all — never "2" or "0".
        assert_eq!(back, &format!("'{cell}"), "{cell:?} came back as {back:?}");
    }
}
