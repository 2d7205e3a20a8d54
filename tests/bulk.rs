//! Bulk invites in Rust, on real history files: reading sheets (every encoding, delimiter and
//! workbook format, and every kind of bad input), checking rows, the vendors' own batching
//! against local mock vendors (wiremock), the 429 pause, Cancel, and resuming after a crash.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests may unwrap and print

use std::io::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use invite_desk::bulk::{self, columns, read, run, BatchEvent, Control, RunOptions};
use invite_desk::history::{BatchSummary, Db, HistoryQuery, NewInvite, Outcome, RowEnd};
use invite_desk::providers::{self, Provider};
use invite_desk::secrets::ApiKey;
use invite_desk::settings::Settings;
use serde_json::{json, Value};
use tokio::sync::watch;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

fn names(s: &read::Sheet, col: usize) -> Vec<String> {
    s.rows.iter().map(|r| r.cells[col].clone()).collect()
}

fn refused(r: invite_desk::error::AppResult<read::Sheet>) -> String {
    let e = r.expect_err("the sheet should be refused");
    assert_eq!(e.field.as_deref(), Some("sheet"));
    e.message
}

const CSV: &str = "Name,Email\nRenée François,renee@example.com\nJosé Núñez,jose@example.com\n";

#[test]
fn utf8_with_and_without_a_bom_reads_the_same_names() {
    let plain = read::read_file("a.csv", CSV.as_bytes()).unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(CSV.as_bytes());
    let with_bom = read::read_file("a.csv", &bom).unwrap();
    assert_eq!(plain.headers, ["Name", "Email"]);
    assert_eq!(
        with_bom.headers,
        ["Name", "Email"],
        "the BOM is not part of the first header"
    );
    assert_eq!(names(&plain, 0), ["Renée François", "José Núñez"]);
    assert_eq!(names(&with_bom, 0), names(&plain, 0));
    assert!(plain.notes.is_empty());
}

#[test]
fn utf16_le_and_be_with_a_bom_and_le_without_one_are_detected() {
    let units: Vec<u16> = CSV.encode_utf16().collect();
    let le: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
    let be: Vec<u8> = units.iter().flat_map(|u| u.to_be_bytes()).collect();
    for (what, bytes) in [
        ("LE with BOM", [vec![0xFF, 0xFE], le.clone()].concat()),
        ("BE with BOM", [vec![0xFE, 0xFF], be.clone()].concat()),
        ("LE without BOM", le.clone()),
        ("BE without BOM", be.clone()),
    ] {
        let s = read::read_file("export.csv", &bytes).unwrap_or_else(|e| panic!("{what}: {e:?}"));
        assert_eq!(names(&s, 0), ["Renée François", "José Núñez"], "{what}");
    }
}

#[test]
fn windows_1252_is_read_as_such_and_said_so() {
    let bytes = b"Name;Email\r\nRen\xe9e Fran\xe7ois;renee@example.com\r\n\x93Quoted\x94 M\xfcller;m@example.com\r\n";
    let s = read::read_file("excel.csv", bytes).unwrap();
    assert_eq!(
        names(&s, 0),
        ["Renée François", "\u{201c}Quoted\u{201d} Müller"]
    );
    assert!(
        s.notes.iter().any(|n| n.contains("Windows-1252")),
        "{:?}",
        s.notes
    );
    assert!(
        s.notes.iter().any(|n| n.contains("semicolons")),
        "{:?}",
        s.notes
    );
    assert_eq!(s.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 3]);
}

#[test]
fn comma_semicolon_and_tab_separated_rows_give_the_same_cells() {
    let comma = read::read_file("c.csv", b"Name,Email\n\"Doe, Jane\",jane@example.com\n").unwrap();
    let semi = read::read_file("s.csv", b"Name;Email\nDoe, Jane;jane@example.com\n").unwrap();
    let tab = read::read_pasted("Name\tEmail\nDoe, Jane\tjane@example.com\n").unwrap();
    for s in [&comma, &semi, &tab] {
        assert_eq!(s.headers, ["Name", "Email"]);
        assert_eq!(s.rows[0].cells, ["Doe, Jane", "jane@example.com"]);
    }
    assert_eq!(tab.source, "Pasted rows");
}

/// An .xlsx as Excel would save it: a date cell, a date typed as a plain number, a formula with
/// its last result, a merged cell over three rows, and an error cell.
fn workbook() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["Name", "Email", "Interview date", "Team"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Ana López").unwrap();
    ws.write_string(1, 1, "ana@example.com").unwrap();
    ws.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2030, 3, 8).unwrap(), &date)
        .unwrap();
    ws.write_string(2, 0, "Ben Okafor").unwrap();
    ws.write_formula(2, 1, "=LOWER(\"BEN@EXAMPLE.COM\")")
        .unwrap();
    ws.set_formula_result(2, 1, "ben@example.com");
    ws.write_number(2, 2, 47_550.0).unwrap();
    ws.write_string(3, 0, "Chloé Martin").unwrap();
    ws.write_formula(3, 1, "=NA()").unwrap();
    ws.set_formula_result(3, 1, "#N/A");
    ws.merge_range(1, 3, 3, 3, "Platform", &Format::new())
        .unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn an_xlsx_gives_dates_as_dates_formulas_as_their_result_and_merged_cells_in_every_row() {
    let s = read::read_file("candidates.xlsx", &workbook()).unwrap();
    assert_eq!(s.headers, ["Name", "Email", "Interview date", "Team"]);
    assert_eq!(
        s.rows[0].cells,
        ["Ana López", "ana@example.com", "2030-03-08", "Platform"]
    );
    // The formula's last result, as the spreadsheet shows it.
    assert_eq!(s.rows[1].cells[1], "ben@example.com");
    // A date typed as a plain number stays that number (the check says what it probably is).
    assert_eq!(s.rows[1].cells[2], "47550");
    assert_eq!(names(&s, 3), ["Platform", "Platform", "Platform"]);
    assert!(
        s.notes.iter().any(|n| n.contains("merged")),
        "{:?}",
        s.notes
    );
    assert_eq!(s.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 3, 4]);
}

#[test]
fn an_error_cell_in_a_spreadsheet_is_never_sent_and_named_with_its_cell() {
    let s = read::read_file("candidates.xlsx", &workbook()).unwrap();
    let row4 = &s.rows[2];
    match &row4.problem {
        Some(p) => {
            assert!(p.starts_with("Row 4, column B (Email)"), "{p}");
            assert!(p.contains("#N/A"), "{p}");
        }
        // Written as text by the spreadsheet: then it is an email that the check refuses.
        None => assert_eq!(row4.cells[1], "#N/A"),
    }
}

/// A minimal OpenDocument spreadsheet, as a zip.
fn ods(rows: &[&[&str]]) -> Vec<u8> {
    let mut table = String::new();
    for r in rows {
        table.push_str("<table:table-row>");
        for c in *r {
            table.push_str(&format!(
                "<table:table-cell office:value-type=\"string\"><text:p>{c}</text:p></table:table-cell>"
            ));
        }
        table.push_str("</table:table-row>");
    }
    table.push_str(
        "<table:table-row><table:table-cell office:value-type=\"date\" office:date-value=\"2030-03-08T00:00:00\"><text:p>2030-03-08</text:p></table:table-cell></table:table-row>",
    );
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"Candidates\">{table}\
         </table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest \
         xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
         <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
         </manifest:manifest>";
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        z.start_file("mimetype", stored).unwrap();
        z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        z.start_file("META-INF/manifest.xml", stored).unwrap();
        z.write_all(manifest.as_bytes()).unwrap();
        z.start_file("content.xml", stored).unwrap();
        z.write_all(content.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn an_ods_sheet_is_read_with_its_dates_in_iso_form() {
    let s = read::read_file(
        "candidates.ods",
        &ods(&[&["Name", "Email"], &["Ana López", "ana@example.com"]]),
    )
    .unwrap();
    assert_eq!(s.headers, ["Name", "Email"]);
    assert_eq!(s.rows[0].cells, ["Ana López", "ana@example.com"]);
    assert_eq!(s.rows[1].cells[0], "2030-03-08");
}

#[test]
fn empty_binary_and_oversized_files_are_refused_naming_the_file_and_the_fix() {
    let m = refused(read::read_file("empty.csv", b""));
    assert!(m.starts_with("“empty.csv” is empty."), "{m}");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa";
    let m = refused(read::read_file("photo.csv", png));
    assert!(m.contains("“photo.csv” is not a spreadsheet"), "{m}");
    assert!(m.contains("CSV (UTF-8) or .xlsx"), "{m}");
    let big = vec![b'a'; 50 * 1024 * 1024];
    let m = refused(read::read_file("huge.csv", &big));
    assert!(m.starts_with("“huge.csv” is 50.0 MB"), "{m}");
    assert!(m.contains("split the file"), "{m}");
    let m = refused(read::read_file("fake.xlsx", b"PK\x03\x04garbage"));
    assert!(m.contains("could not be read as a spreadsheet"), "{m}");
}

#[test]
fn more_than_ten_thousand_rows_are_refused_and_ten_thousand_are_read() {
    let mut text = String::from("Name,Email\n");
    for i in 0..10_000 {
        text.push_str(&format!("C{i},c{i}@example.com\n"));
    }
    assert_eq!(read::read_pasted(&text).unwrap().rows.len(), 10_000);
    text.push_str("One More,one@example.com\n");
    let m = refused(read::read_pasted(&text));
    assert!(m.contains("more than 10000 candidate rows"), "{m}");
    assert!(m.contains("Split the sheet"), "{m}");
}

#[test]
fn a_header_row_only_ragged_rows_and_an_unclosed_quote_each_say_where_and_how_to_fix() {
    let m = refused(read::read_pasted("Name\tEmail\n\n"));
    assert!(
        m.contains("header row (row 1) but no candidate rows"),
        "{m}"
    );
    let s = read::read_file(
        "r.csv",
        b"Name,Email\nAna,ana@example.com\nBen,ben@example.com,extra,cells\nCy\n",
    )
    .unwrap();
    assert_eq!(s.rows[0].problem, None);
    let p = s.rows[1].problem.as_deref().unwrap();
    assert!(
        p.starts_with("Row 3 has 4 cells but the header row has 2 columns"),
        "{p}"
    );
    // A short row is padded: its email is simply empty (the check says so).
    assert_eq!(s.rows[2].cells, ["Cy", ""]);
    let m = refused(read::read_file(
        "q.csv",
        b"Name,Email\nAna,ana@example.com\n\"Ben,ben@example.com\nCy,cy@example.com\n",
    ));
    assert!(m.contains("opened on line 3 never closes"), "{m}");
}

// ---------------------------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------------------------

fn temp_db() -> (tempfile::TempDir, Arc<Db>) {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = Db::open(&dir.path().join("history.sqlite3")).unwrap();
    (dir, Arc::new(db))
}

fn xobin_job() -> Value {
    json!({"provider": "xobin", "aiInterviewId": "305", "inviteFormat": "getlink"})
}

fn check(db: &Db, text: &str, job: &Value, include: &[u32]) -> bulk::Checked {
    let sheet = read::read_pasted(text).unwrap();
    let p = Provider::from_id(job["provider"].as_str().unwrap()).unwrap();
    let mapping = columns::suggest(p.bulk_fields(), &sheet.headers);
    bulk::check_sheet(db, &sheet, job, &mapping, include).unwrap()
}

#[test]
fn every_row_is_checked_with_the_single_invite_rules_and_duplicates_are_named() {
    let (_d, db) = temp_db();
    db.insert_pending(&NewInvite {
        account: Default::default(),
        provider: Provider::Xobin,
        candidate_name: "Earlier".into(),
        candidate_email: "earlier@example.com".into(),
        job_ref: "305".into(),
        job_name: None,
        scheduled_at: None,
        start_at: None,
        expiry_at: None,
        zone: None,
    })
    .unwrap();
    let c = check(
        &db,
        "Name\tEmail\tNotes\nAna\tAna@Example.com\t=HYPERLINK(\"http://x\",\"y\")\nBen\tben@\t\n\
         Ana L.\tana@example.com\t\nEarly Bird\tearlier@example.com\t\n<img src=x onerror=alert(1)>\tcy@example.com\t\n",
        &xobin_job(),
        &[],
    );
    let r = &c.report;
    let status: Vec<_> = r.rows.iter().map(|v| (v.row, v.status)).collect();
    use invite_desk::bulk::check::RowStatus::*;
    assert_eq!(
        status,
        [
            (2, Ready),
            (3, Error),
            (4, DuplicateInFile),
            (5, AlreadyInvited),
            (6, Ready)
        ]
    );
    assert_eq!(
        r.rows[0].email, "ana@example.com",
        "canonical, as single invites"
    );
    assert!(r.rows[1]
        .message
        .as_deref()
        .unwrap()
        .starts_with("Row 3, Email: \"ben@\" is not an email address"));
    assert_eq!(r.rows[1].field.as_deref(), Some("candidateEmail"));
    let dup = r.rows[2].message.as_deref().unwrap();
    assert!(
        dup.contains("the same email as row 2 but another name (“Ana” there, “Ana L.” here)"),
        "{dup}"
    );
    let prev = r.rows[3].message.as_deref().unwrap();
    assert!(
        prev.contains("was invited on") && prev.contains("via Xobin (still being sent"),
        "{prev}"
    );
    // Cell text is text: the check returns it as it was.
    assert_eq!(r.rows[4].name, "<img src=x onerror=alert(1)>");
    assert_eq!((r.counts.ready, r.counts.to_send), (2, 2));
    assert_eq!(c.ready.len(), 2);
    // Included one by one.
    let c = check(
        &db,
        "Name\tEmail\nAna\tana@example.com\nAna L.\tana@example.com\nEarly Bird\tearlier@example.com\n",
        &xobin_job(),
        &[3, 4],
    );
    assert_eq!(c.report.counts.to_send, 3);
}

#[test]
fn a_missing_email_column_or_a_wrong_job_blocks_every_row_with_one_message() {
    let (_d, db) = temp_db();
    let c = check(&db, "Name\tPhone\nAna\t+44\n", &xobin_job(), &[]);
    let b = c.report.blocking.unwrap();
    assert!(b.starts_with("No column is mapped to Email"), "{b}");
    assert!(b.contains("A “Name”, B “Phone”"), "{b}");
    assert!(c.ready.is_empty());
    let c = check(
        &db,
        "Name\tEmail\nAna\tana@example.com\n",
        &json!({"provider": "xobin", "inviteFormat": "getlink"}),
        &[],
    );
    let b = c.report.blocking.unwrap();
    assert!(b.starts_with("The Invite form's job details:"), "{b}");
    assert!(b.contains("Fix it on the Invite screen"), "{b}");
    assert_eq!(c.report.counts.to_send, 0);
}

#[test]
fn apploi_rows_carry_their_own_interview_and_a_number_in_a_date_gets_the_spreadsheet_hint() {
    let (_d, db) = temp_db();
    let job = json!({"provider": "apploi", "durationMinutes": "30", "location": "Virtual",
                     "interviewerId": "42", "interview": {"date": "", "time": "09:00", "zone": "Europe/Paris"}});
    let c = check(
        &db,
        "Name\tEmail\tApplication ID\tInterview date\tTime zone\n\
         Ana\tana@example.com\t265733753\t2031-03-08\tAmerica/New_York\n\
         Ben\tben@example.com\t265733754\t47550\t\n",
        &job,
        &[],
    );
    let r = &c.report;
    assert_eq!(
        r.rows[0].status,
        invite_desk::bulk::check::RowStatus::Ready,
        "{:?}",
        r.rows[0].message
    );
    let v = &c.ready[0].valid;
    assert_eq!(v.zone.as_deref(), Some("America/New_York"));
    assert_eq!(v.job_ref, "265733753");
    let m = r.rows[1].message.as_deref().unwrap();
    assert!(m.starts_with("Row 3, Interview"), "{m}");
    assert!(m.contains("spreadsheet date number"), "{m}");
}

#[test]
fn a_hireflix_full_name_column_is_split_into_first_and_last_name() {
    let (_d, db) = temp_db();
    let c = check(
        &db,
        "Full name\tEmail\nAna María López\tana@example.com\nPrince\tp@example.com\n",
        &json!({"provider": "hireflix", "positionId": "pos-1"}),
        &[],
    );
    let v = &c.ready[0].valid;
    assert_eq!(v.candidate_name, "Ana María López");
    assert_eq!(c.ready[0].form["firstName"], "Ana María");
    assert_eq!(c.ready[0].form["lastName"], "López");
    let m = c.report.rows[1].message.as_deref().unwrap();
    assert!(m.starts_with("Row 3, Last name:"), "{m}");
}

// ---------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------

/// Every request the mock got, with when it arrived.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<(Instant, Value)>>>);

impl Log {
    fn bodies(&self) -> Vec<Value> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(|(_, b)| b.clone())
            .collect()
    }
}

/// A mock vendor answer computed from the request (and recorded).
struct Answer<F: Fn(&Value, usize) -> ResponseTemplate + Send + Sync>(Log, F);

impl<F: Fn(&Value, usize) -> ResponseTemplate + Send + Sync> Respond for Answer<F> {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        let n = {
            let mut log = self.0 .0.lock().unwrap();
            log.push((Instant::now(), body.clone()));
            log.len()
        };
        (self.1)(&body, n)
    }
}

fn xobin_ok(body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "email": body["candidate_email"], "ai_interview_id": 305, "response_id": 7421,
        "invite_link": format!("https://acme.xobin.com/i?e={}", body["candidate_email"].as_str().unwrap_or("")),
        "name": body["candidate_name"], "status": "Invite Link created"
    }))
}

fn rows_text(n: usize) -> String {
    let mut s = String::from("Name\tEmail\n");
    for i in 0..n {
        s.push_str(&format!("Candidate {i}\tc{i}@example.com\n"));
    }
    s
}

/// Queues `n` rows for `job` and runs the batch against `base`, collecting the events.
async fn send_batch(
    db: &Arc<Db>,
    base: &str,
    job: &Value,
    n: usize,
    opts: RunOptions,
    control: watch::Receiver<Control>,
) -> (BatchSummary, Vec<BatchEvent>) {
    let sheet = read::read_pasted(&rows_text(n)).unwrap();
    let p = Provider::from_id(job["provider"].as_str().unwrap()).unwrap();
    let mapping = columns::suggest(p.bulk_fields(), &sheet.headers);
    let checked = bulk::check_sheet(db, &sheet, job, &mapping, &[]).unwrap();
    assert!(
        checked.report.blocking.is_none(),
        "{:?}",
        checked.report.blocking
    );
    let batch = bulk::queue(db, &sheet, &checked).unwrap();
    run_queued(db, base, batch, opts, control).await
}

async fn run_queued(
    db: &Arc<Db>,
    base: &str,
    batch: i64,
    opts: RunOptions,
    control: watch::Receiver<Control>,
) -> (BatchSummary, Vec<BatchEvent>) {
    let events = Mutex::new(Vec::new());
    let http = providers::default_client().unwrap();
    let key = ApiKey::new("BULK-TEST-KEY-9q8w7e");
    let vendor = run::Vendor {
        http: &http,
        key: &key,
        base_url: base,
    };
    let summary = run::run(
        db.clone(),
        vendor,
        batch,
        opts,
        control,
        &|e| events.lock().unwrap().push(e),
        None,
    )
    .await
    .unwrap();
    (summary, events.into_inner().unwrap())
}

fn running() -> watch::Receiver<Control> {
    // The sender stays alive for the whole test (leaked on purpose: Control::Run forever).
    let (tx, rx) = watch::channel(Control::Run);
    std::mem::forget(tx);
    rx
}

fn tidyhire_job() -> Value {
    json!({"provider": "tidyhire", "externalId": "ats-77", "jobTitle": "Data Engineer",
           "jobDescription": "Build the data platform.", "experienceLevel": "2-5 Years",
           "seniorityLevel": "Mid", "workType": "Remote", "employmentType": "Full Time",
           "location": "Berlin", "mustHaveSkills": ["SQL", "Python", "Airflow"]})
}

#[tokio::test]
async fn tidyhire_rows_go_out_as_candidates_chunks_of_the_setting_and_each_row_gets_its_outcome() {
    let server = MockServer::start().await;
    let log = Log::default();
    Mock::given(method("POST"))
        .and(path("/interview/invite"))
        .respond_with(Answer(log.clone(), |b: &Value, _| {
            let cands = b["candidates"].as_array().unwrap();
            // The vendor lists every candidate but the very last of the last chunk.
            let listed: Vec<Value> = cands
                .iter()
                .filter(|c| c["email"] != "c59@example.com")
                .enumerate()
                .map(|(i, c)| json!({"id": format!("iv-{i}"), "name": c["name"], "email": c["email"]}))
                .collect();
            ResponseTemplate::new(200).set_body_json(json!({"success": true, "data": {
                "project_id": "p-1", "job_url": "https://jobs.tidyhire.app/j/1",
                "project_login_url": "https://beta.tidyhire.app/p/1", "interviews": listed}}))
        }))
        .mount(&server)
        .await;
    let (_d, db) = temp_db();
    let (summary, _) = send_batch(
        &db,
        &server.uri(),
        &tidyhire_job(),
        60,
        RunOptions::default(),
        running(),
    )
    .await;
    let sizes: Vec<usize> = log
        .bodies()
        .iter()
        .map(|b| b["candidates"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [25, 25, 10], "one request per chunk of 25");
    assert_eq!((summary.sent, summary.unknown, summary.failed), (59, 1, 0));
    let page = db
        .query(&HistoryQuery {
            batch: Some(summary.id),
            limit: 200,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 60);
    let missing = page
        .rows
        .iter()
        .find(|r| r.candidate_email == "c59@example.com")
        .unwrap();
    assert_eq!(
        missing.outcome,
        Outcome::Unknown,
        "not listed by the vendor: it may exist"
    );
    let sent = page
        .rows
        .iter()
        .find(|r| r.candidate_email == "c0@example.com")
        .unwrap();
    assert_eq!(
        sent.vendor_ids.get("project_id").map(String::as_str),
        Some("p-1")
    );
    assert!(sent.vendor_ids.contains_key("interview_id"));
}

#[tokio::test]
async fn hireflix_rows_go_out_as_ten_aliased_mutations_per_request_each_read_on_its_own() {
    let server = MockServer::start().await;
    let log = Log::default();
    Mock::given(method("POST"))
        .respond_with(Answer(log.clone(), |b: &Value, _| {
            let q = b["query"].as_str().unwrap();
            let vars = b["variables"].as_object().unwrap();
            let mut data = serde_json::Map::new();
            for i in 0..vars.len() {
                let email = vars[&format!("i{i}")]["candidate"]["email"].as_str().unwrap().to_string();
                assert!(q.contains(&format!("r{i}: inviteCandidateToInterview(input: $i{i})")));
                let v = match email.as_str() {
                    "c3@example.com" => json!({"__typename": "InterviewAlreadyExistsInPositionError",
                                               "e1Code": 409, "e1Name": "exists", "e1Message": "Already invited"}),
                    "c4@example.com" => Value::Null,
                    _ => json!({"__typename": "InterviewType", "id": format!("iv-{email}"),
                                "url": {"public": format!("https://app.hireflix.com/{email}"), "short": null}}),
                };
                data.insert(format!("r{i}"), v);
            }
            let errors = if vars.len() > 4 && vars["i4"]["candidate"]["email"] == "c4@example.com" {
                json!([{"message": "internal error", "path": ["r4"]}])
            } else {
                json!([])
            };
            ResponseTemplate::new(200).set_body_json(json!({"data": data, "errors": errors}))
        }))
        .mount(&server)
        .await;
    let (_d, db) = temp_db();
    let job = json!({"provider": "hireflix", "positionId": "pos-1"});
    let sheet = "Full name\tEmail\n".to_string()
        + &(0..25)
            .map(|i| format!("Cand Idate{i}\tc{i}@example.com\n"))
            .collect::<String>();
    let sheet = read::read_pasted(&sheet).unwrap();
    let mapping = columns::suggest(Provider::Hireflix.bulk_fields(), &sheet.headers);
    let checked = bulk::check_sheet(&db, &sheet, &job, &mapping, &[]).unwrap();
    let batch = bulk::queue(&db, &sheet, &checked).unwrap();
    let (summary, _) =
        run_queued(&db, &server.uri(), batch, RunOptions::default(), running()).await;
    let mut sizes: Vec<usize> = log
        .bodies()
        .iter()
        .map(|b| b["variables"].as_object().unwrap().len())
        .collect();
    // The chunks go out concurrently, in any order.
    sizes.sort_unstable();
    assert_eq!(sizes, [5, 10, 10], "one HTTP request per 10 invites");
    assert_eq!((summary.sent, summary.failed, summary.unknown), (23, 1, 1));
    let rows = db
        .query(&HistoryQuery {
            batch: Some(batch),
            limit: 50,
            ..Default::default()
        })
        .unwrap()
        .rows;
    let by = |e: &str| rows.iter().find(|r| r.candidate_email == e).unwrap();
    assert_eq!(by("c3@example.com").outcome, Outcome::Failed);
    assert_eq!(
        by("c3@example.com").error_kind.as_deref(),
        Some("duplicate")
    );
    assert_eq!(by("c4@example.com").outcome, Outcome::Unknown);
    assert!(by("c4@example.com")
        .error_message
        .as_deref()
        .unwrap()
        .contains("internal error"));
    assert_eq!(
        by("c7@example.com").link.as_deref(),
        Some("https://app.hireflix.com/c7@example.com")
    );
}

#[tokio::test]
async fn xobin_rows_go_out_with_bounded_concurrency() {
    let server = MockServer::start().await;
    let log = Log::default();
    Mock::given(method("POST"))
        .and(path("/ai-interviews/invite"))
        .respond_with(Answer(log.clone(), |b: &Value, _| {
            xobin_ok(b).set_delay(Duration::from_millis(150))
        }))
        .mount(&server)
        .await;
    let (_d, db) = temp_db();
    let started = Instant::now();
    let opts = RunOptions {
        concurrency: 3,
        ..RunOptions::default()
    };
    let (summary, _) = send_batch(&db, &server.uri(), &xobin_job(), 12, opts, running()).await;
    let took = started.elapsed();
    assert_eq!(summary.sent, 12);
    // 12 requests of 150 ms, at most 3 at a time: at least 4 rounds.
    assert!(
        took >= Duration::from_millis(600),
        "{took:?}: more than 3 at once"
    );
    // And more than one at a time: within less than one answer's delay, three arrive.
    let times: Vec<Instant> = log.0.lock().unwrap().iter().map(|(t, _)| *t).collect();
    let most_at_once = times
        .iter()
        .map(|t| {
            times
                .iter()
                .filter(|u| **u >= *t && **u < *t + Duration::from_millis(140))
                .count()
        })
        .max()
        .unwrap();
    assert_eq!(most_at_once, 3, "requests arrive three at a time");
}

#[tokio::test]
async fn a_429_pauses_the_whole_batch_for_its_retry_after_and_no_row_is_created_twice() {
    let server = MockServer::start().await;
    let log = Log::default();
    Mock::given(method("POST"))
        .and(path("/ai-interviews/invite"))
        .respond_with(Answer(log.clone(), |b: &Value, n| {
            if n == 2 {
                ResponseTemplate::new(429)
                    .insert_header("Retry-After", "1")
                    .set_body_json(json!({"error": "slow down"}))
            } else {
                xobin_ok(b)
            }
        }))
        .mount(&server)
        .await;
    let (_d, db) = temp_db();
    let events = Arc::new(Mutex::new(Vec::new()));
    let opts = RunOptions {
        concurrency: 1,
        ..RunOptions::default()
    };
    let started = Instant::now();
    let (summary, evs) = send_batch(&db, &server.uri(), &xobin_job(), 5, opts, running()).await;
    events.lock().unwrap().extend(evs);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "the batch waited for Retry-After"
    );
    assert_eq!((summary.sent, summary.failed, summary.unknown), (5, 0, 0));
    let bodies = log.bodies();
    assert_eq!(
        bodies.len(),
        6,
        "5 rows + the one refused with 429, sent again after the wait"
    );
    let refused = bodies[1]["candidate_email"].clone();
    assert_eq!(
        bodies
            .iter()
            .filter(|b| b["candidate_email"] == refused)
            .count(),
        2
    );
    let waited = events.lock().unwrap().iter().any(|e| matches!(e, BatchEvent::Progress(p) if p.state == bulk::progress::RunState::Waiting && p.wait_secs == Some(1)));
    assert!(waited, "the progress said the vendor asked to wait");
}

#[tokio::test]
async fn every_retry_after_is_bounded_and_shown_and_none_panics() {
    // 0 → the shortest wait; 5 → as asked; an hour and u64::MAX seconds → the longest wait (ten
    // minutes), shown as such; the batch is cancelled during the wait and nothing panics.
    for (asked, shown) in [
        ("0", 1),
        ("5", 5),
        ("3600", 600),
        ("18446744073709551615", 600),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/ai-interviews/invite"))
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("Retry-After", asked)
                    .set_body_json(json!({"error": "slow down"})),
            )
            .mount(&server)
            .await;
        let (_d, db) = temp_db();
        let sheet = read::read_pasted(&rows_text(1)).unwrap();
        let mapping = columns::suggest(Provider::Xobin.bulk_fields(), &sheet.headers);
        let checked = bulk::check_sheet(&db, &sheet, &xobin_job(), &mapping, &[]).unwrap();
        let batch = bulk::queue(&db, &sheet, &checked).unwrap();
        let (tx, rx) = watch::channel(Control::Run);
        let waits = Mutex::new(Vec::new());
        let http = providers::default_client().unwrap();
        let key = ApiKey::new("BULK-TEST-KEY-9q8w7e");
        let vendor = run::Vendor {
            http: &http,
            key: &key,
            base_url: &server.uri(),
        };
        let started = Instant::now();
        let summary = run::run(
            db.clone(),
            vendor,
            batch,
            RunOptions::default(),
            rx,
            &|e| {
                if let BatchEvent::Progress(p) = e {
                    if p.state == bulk::progress::RunState::Waiting {
                        waits.lock().unwrap().push(p.wait_secs);
                        tx.send_replace(Control::Cancel);
                    }
                }
            },
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            waits.into_inner().unwrap(),
            vec![Some(shown)],
            "Retry-After: {asked}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "cancelled during the wait"
        );
        assert_eq!(
            (summary.sent, summary.unknown),
            (0, 0),
            "Retry-After: {asked}"
        );
    }
}

#[tokio::test]
async fn an_unknown_outcome_is_never_retried() {
    let server = MockServer::start().await;
    let log = Log::default();
    Mock::given(method("POST"))
        .and(path("/ai-interviews/invite"))
        .respond_with(Answer(log.clone(), |b: &Value, _| {
            if b["candidate_email"] == "c1@example.com" {
                ResponseTemplate::new(502).set_body_string("bad gateway")
            } else {
                xobin_ok(b)
            }
        }))
        .mount(&server)
        .await;
    let (_d, db) = temp_db();
    let (summary, _) = send_batch(
        &db,
        &server.uri(),
        &xobin_job(),
        3,
        RunOptions::default(),
        running(),
    )
    .await;
    assert_eq!((summary.sent, summary.unknown), (2, 1));
    assert_eq!(
        log.bodies()
            .iter()
            .filter(|b| b["candidate_email"] == "c1@example.com")
            .count(),
        1
    );
}

#[tokio::test]
async fn cancel_stops_new_requests_records_those_on_their_way_and_closes_the_rest() {
    let server = MockServer::start().await;
    let log = Log::default();
    Mock::given(method("POST"))
        .and(path("/ai-interviews/invite"))
        .respond_with(Answer(log.clone(), |b: &Value, _| {
            xobin_ok(b).set_delay(Duration::from_millis(300))
        }))
        .mount(&server)
        .await;
    let (_d, db) = temp_db();
    let (tx, rx) = watch::channel(Control::Run);
    let canceller = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(450)).await;
        tx.send_replace(Control::Cancel);
        tx
    });
    let opts = RunOptions {
        concurrency: 1,
        ..RunOptions::default()
    };
    let (summary, _) = send_batch(&db, &server.uri(), &xobin_job(), 6, opts, rx).await;
    let _tx = canceller.await.unwrap();
    let sent_to_vendor = log.bodies().len() as u32;
    // 300 ms answers, one at a time, Cancel at 450 ms: the first request (and the one on its
    // way at Cancel, unless the machine was slow to send it) — never the other four.
    assert!(
        (1..=2).contains(&sent_to_vendor),
        "{sent_to_vendor} requests reached the vendor"
    );
    assert_eq!(
        summary.sent, sent_to_vendor,
        "requests on their way were recorded"
    );
    assert_eq!(
        (summary.failed, summary.queued, summary.state.as_str()),
        (6 - sent_to_vendor, 0, "cancelled")
    );
    let rows = db
        .query(&HistoryQuery {
            batch: Some(summary.id),
            limit: 50,
            ..Default::default()
        })
        .unwrap()
        .rows;
    assert_eq!(
        rows.iter()
            .filter(|r| r.error_kind.as_deref() == Some("cancelled"))
            .count() as u32,
        6 - sent_to_vendor
    );
}

#[tokio::test]
async fn a_batch_stopped_by_a_crash_resumes_its_queued_rows_and_never_resends_a_pending_one() {
    let server = MockServer::start().await;
    let log = Log::default();
    Mock::given(method("POST"))
        .and(path("/ai-interviews/invite"))
        .respond_with(Answer(log.clone(), |b: &Value, _| xobin_ok(b)))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.sqlite3");
    let batch;
    {
        let (db, _) = Db::open(&file).unwrap();
        let sheet = read::read_pasted(&rows_text(6)).unwrap();
        let mapping = columns::suggest(Provider::Xobin.bulk_fields(), &sheet.headers);
        let checked = bulk::check_sheet(&db, &sheet, &xobin_job(), &mapping, &[]).unwrap();
        batch = bulk::queue(&db, &sheet, &checked).unwrap();
        let items = db.queued_items(batch).unwrap();
        assert_eq!(items.len(), 6);
        // The app died with two rows on their way: pending on disk, no answer recorded.
        let moved = db
            .batch_step(
                &[] as &[(i64, RowEnd<'_>)],
                &[items[0].invite_id, items[1].invite_id],
            )
            .unwrap();
        assert_eq!(moved.len(), 2);
    }
    let (db, report) = Db::open(&file).unwrap();
    assert_eq!(report.recovered_unknown, 2);
    let unfinished = db.unfinished_batches().unwrap();
    assert_eq!(unfinished.len(), 1);
    assert_eq!((unfinished[0].queued, unfinished[0].unknown), (4, 2));
    let db = Arc::new(db);
    let (summary, _) =
        run_queued(&db, &server.uri(), batch, RunOptions::default(), running()).await;
    assert_eq!(
        (
            summary.sent,
            summary.unknown,
            summary.queued,
            summary.state.as_str()
        ),
        (4, 2, 0, "done")
    );
    let emails: Vec<String> = log
        .bodies()
        .iter()
        .map(|b| b["candidate_email"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(emails.len(), 4);
    assert!(
        !emails.contains(&"c0@example.com".to_string())
            && !emails.contains(&"c1@example.com".to_string())
    );
    assert!(db.unfinished_batches().unwrap().is_empty());
}

#[tokio::test]
async fn the_results_csv_holds_the_sheets_columns_and_each_rows_outcome_formula_safe() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ai-interviews/invite"))
        .respond_with(Answer(Log::default(), |b: &Value, _| xobin_ok(b)))
        .mount(&server)
        .await;
    let (dir, db) = temp_db();
    let sheet = read::read_pasted("Name\tEmail\tNotes\n=HYPERLINK(\"http://x\",\"y\")\ta@example.com\t@SUM(1)\nBo\tb@example.com\tok\n").unwrap();
    let mapping = columns::suggest(Provider::Xobin.bulk_fields(), &sheet.headers);
    let checked = bulk::check_sheet(&db, &sheet, &xobin_job(), &mapping, &[]).unwrap();
    let batch = bulk::queue(&db, &sheet, &checked).unwrap();
    run_queued(&db, &server.uri(), batch, RunOptions::default(), running()).await;
    let out = dir.path().join("results.csv");
    assert_eq!(
        bulk::export_results(&db, &Settings::default(), batch, &out).unwrap(),
        2
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    let csv = csv.strip_prefix('\u{feff}').expect("UTF-8 with a BOM");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "Row,Name,Email,Notes,Provider,Interview link,Outcome,Message,Vendor IDs,Language,Invite message"
    );
    assert!(lines[1].starts_with("2,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",a@example.com,'@SUM(1),Xobin,https://acme.xobin.com/i?e=a@example.com,Sent,"), "{}", lines[1]);
    let rows = results_csv(&out);
    assert!(rows[0][8].ends_with("response_id: 7421"), "{}", rows[0][8]);
    // The message of a formula-looking name is still text, and carries the row's own link.
    assert!(
        rows[0][10].contains("https://acme.xobin.com/i?e=a@example.com"),
        "{}",
        rows[0][10]
    );
}

/// The results CSV's rows after the header, as cells.
fn results_csv(path: &std::path::Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect()
}

#[tokio::test]
async fn a_language_column_gives_each_row_its_message_in_that_language_in_the_results_csv() {
    let server = MockServer::start().await;
    let log = Log::default();
    Mock::given(method("POST"))
        .and(path("/ai-interviews/invite"))
        .respond_with(Answer(log.clone(), |b: &Value, _| xobin_ok(b)))
        .mount(&server)
        .await;
    let (dir, db) = temp_db();
    let sheet = read::read_pasted(
        "Name\tEmail\tLangue\nAnna Schmidt\tanna@example.com\tde\nChloé Martin\tchloe@example.com\t fr-CA \nBo Lee\tbo@example.com\t\n",
    )
    .unwrap();
    // "Langue" is found as the Language column by its French word.
    let mapping = columns::suggest(&bulk::check::fields_of(Provider::Xobin), &sheet.headers);
    assert_eq!(mapping.get("language"), Some(&2));
    let checked = bulk::check_sheet(&db, &sheet, &xobin_job(), &mapping, &[]).unwrap();
    assert_eq!(checked.report.counts.ready, 3, "{:?}", checked.report.rows);
    assert!(checked
        .report
        .fields
        .iter()
        .any(|f| f.field == "language" && f.label == "Language"));
    let batch = bulk::queue(&db, &sheet, &checked).unwrap();
    run_queued(&db, &server.uri(), batch, RunOptions::default(), running()).await;
    // The language is never sent to the vendor: it picks the message only.
    for body in log.bodies() {
        assert!(
            !body.to_string().to_lowercase().contains("\"language\""),
            "{body}"
        );
    }
    // Kept on each row, for its reminders.
    let records = db.batch_records(batch).unwrap();
    let langs: Vec<Option<&str>> = records.iter().map(|r| r.language.as_deref()).collect();
    assert_eq!(langs, [Some("de"), Some("fr-CA"), None]);

    let out = dir.path().join("results.csv");
    bulk::export_results(&db, &Settings::default(), batch, &out).unwrap();
    let rows = results_csv(&out);
    assert_eq!(rows.len(), 3);
    // Row, the three columns of the sheet, Provider … Vendor IDs, then Language and the message.
    let (de, fr, default) = (&rows[0][10], &rows[1][10], &rows[2][10]);
    assert_eq!(rows[0][9], "de");
    assert!(de.starts_with("Ihr Interview für"), "{de}");
    assert!(
        de.contains("Hallo Anna,") && de.contains("https://acme.xobin.com/i?e=anna@example.com"),
        "{de}"
    );
    assert_eq!(rows[1][9], "fr-CA");
    assert!(fr.starts_with("Votre entretien pour"), "{fr}");
    assert!(
        fr.contains("Bonjour Chloé,") && fr.contains("e=chloe@example.com"),
        "{fr}"
    );
    assert_eq!(rows[2][9], "");
    assert!(default.starts_with("Your interview for"), "{default}");
    assert!(
        default.contains("Hi Bo,") && default.contains("e=bo@example.com"),
        "{default}"
    );
}

#[test]
fn a_language_cell_that_is_not_a_language_code_is_the_rows_error_naming_the_column() {
    let (_dir, db) = temp_db();
    let sheet = read::read_pasted(
        "Name\tEmail\tLanguage\nAnna\tanna@example.com\tGerman please\nBo\tbo@example.com\tnl\n",
    )
    .unwrap();
    let mapping = columns::suggest(&bulk::check::fields_of(Provider::Xobin), &sheet.headers);
    let checked = bulk::check_sheet(&db, &sheet, &xobin_job(), &mapping, &[]).unwrap();
    let bad = &checked.report.rows[0];
    assert_eq!(bad.status, bulk::check::RowStatus::Error);
    assert_eq!(bad.field.as_deref(), Some("language"));
    let m = bad.message.as_deref().unwrap();
    assert!(
        m.starts_with("Row 2, Language:") && m.contains("pt-BR"),
        "{m}"
    );
    assert_eq!(checked.report.rows[1].status, bulk::check::RowStatus::Ready);
    assert_eq!(checked.ready.len(), 1);
}

#[test]
fn a_history_at_schema_3_upgrades_to_batches_keeping_its_ids_outcomes_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.sqlite3");
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        for m in &invite_desk::history::MIGRATIONS[..3] {
            conn.execute_batch(m.sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
        conn.execute(
            "INSERT INTO invites (id, provider, candidate_name, candidate_email, job_ref, outcome, \
             link, created_at, updated_at) VALUES (41, 'xobin', 'Kiran Rao', 'kiran@example.com', \
             '305', 'sent', 'https://x.example/1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
    }
    let (db, _) = Db::open(&file).unwrap();
    let r = db.get(41).unwrap().unwrap();
    assert_eq!((r.outcome, r.batch_id), (Outcome::Sent, None));
    for term in ["kiran", "ki", "x.example"] {
        let page = db
            .query(&HistoryQuery {
                search: Some(term.into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(page.total, 1, "search {term:?} after the upgrade");
    }
    // The new outcome is allowed now.
    let conn = rusqlite::Connection::open(&file).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, invite_desk::history::SCHEMA_VERSION);
}
