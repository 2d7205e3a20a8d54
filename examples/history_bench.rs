//! Measures the invite history at 100,000 rows: search and paging, count, and start-up open
//! time against an empty file. Run with `cargo run --release --example history_bench`;
//! `-- --keep-db PATH` also keeps a copy of the 100k-row file there (for start-up benchmarks).
//! `-- --rows 1000000` measures a 200-person team's year: every 200th row is this computer's,
//! the others colleagues'. `-- --db PATH` fills that file once and measures it again on later
//! runs without filling (filling 1,000,000 rows takes about 6 minutes).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests and benchmarks may unwrap and print

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Duration as Span, TimeZone, Utc};
use invite_desk::error::{AppError, ErrorKind};
use invite_desk::history::{Db, HistoryQuery, NewInvite, Outcome, PastInvite, TeamFilter};
use invite_desk::providers::{InviteOutcome, Provider};

/// Rows in the big history (`--rows N` changes it: 1,000,000 for a 200-person team's year).
const ROWS: usize = 100_000;
const RUNS: usize = 40;
const OPEN_RUNS: usize = 200;

/// A small deterministic generator, so every run measures the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn hex(&mut self, len: usize) -> String {
        let mut s = String::with_capacity(len);
        while s.len() < len {
            s.push_str(&format!("{:016x}", self.next()));
        }
        s.truncate(len);
        s
    }
}

const FIRST: &[&str] = &[
    "Jane", "Ravi", "Maria", "Chen", "Fatima", "Lucas", "Aisha", "Oliver", "Sofia", "Kenji",
    "Amara", "Noah", "Priya", "Mateo", "Zoë", "Liam", "Yara", "Ethan", "Ingrid", "Omar",
];
const LAST: &[&str] = &[
    "Doe", "Kumar", "Garcia", "Wang", "Okafor", "Silva", "Müller", "Smith", "Rossi", "Tanaka",
    "Nguyen", "Johnson", "Haddad", "Kowalski", "Brown", "Ivanova", "Patel", "Lopez", "Kim",
    "Andersen",
];
const DOMAINS: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "proton.me",
    "acme.io",
    "globex.com",
    "initech.co",
];
const JOBS: &[&str] = &[
    "Backend Engineer",
    "Product Designer",
    "Data Analyst",
    "Support Specialist",
    "Registered Nurse",
    "Sales Associate",
    "Warehouse Lead",
];

fn past_invite(rng: &mut Rng, n: usize, start: chrono::DateTime<Utc>) -> PastInvite {
    let provider = Provider::ALL[n % Provider::ALL.len()];
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    let email = format!(
        "{}.{}{}@{}",
        first.to_lowercase(),
        last.to_lowercase(),
        rng.next() % 1000,
        rng.pick(DOMAINS)
    );
    let job_ref = match provider {
        Provider::Xobin => format!("{}", 1000 + rng.next() % 400),
        Provider::Interviewflow => format!("ifw_{}", rng.hex(8)),
        Provider::Tidyhire => format!("job-{}", rng.next() % 300),
        Provider::Hireflix => format!("pos_{}", rng.hex(10)),
        Provider::Apploi => format!("{}", 500_000 + rng.next() % 90_000),
    };
    let token = rng.hex(24);
    let link = match provider {
        Provider::Xobin => format!("https://xobin.com/ai-interview?inviteToken={token}"),
        Provider::Interviewflow => format!("https://app.interviewflow.ai/i/{token}"),
        Provider::Tidyhire => format!("https://app.tidyhire.co/invite/{token}"),
        Provider::Hireflix => format!("https://app.hireflix.com/{token}"),
        Provider::Apploi => format!("https://apploi.com/interview/{token}"),
    };
    let created_at = start + Span::minutes(n as i64 * 3);
    let roll = rng.next() % 100;
    let (outcome, result, error) = if roll < 85 {
        let result = InviteOutcome {
            link: Some(link),
            vendor_ids: BTreeMap::from([("response_id".to_owned(), format!("{}", n + 7000))]),
            vendor_status: Some("invited".into()),
            vendor_emails_candidate: provider == Provider::Tidyhire,
            summary: "Link ready to share.".into(),
            ..Default::default()
        };
        (Outcome::Sent, Some(result), None)
    } else if roll < 97 {
        let e = AppError::new(ErrorKind::Vendor, "The vendor refused the invite.");
        (Outcome::Failed, None, Some(e))
    } else {
        let e = AppError::new(ErrorKind::Timeout, "No answer in 30 s.");
        (Outcome::Unknown, None, Some(e))
    };
    PastInvite {
        invite: NewInvite {
            account: Default::default(),
            provider,
            candidate_name: format!("{first} {last}"),
            candidate_email: email,
            job_ref,
            job_name: Some(rng.pick(JOBS).to_owned()),
            scheduled_at: None,
            start_at: Some(created_at + Span::hours(1)),
            expiry_at: Some(created_at + Span::days(7)),
            zone: Some("Europe/London".into()),
        },
        outcome,
        result,
        error,
        created_at,
    }
}

struct Stats {
    median: Duration,
    min: Duration,
    max: Duration,
}

fn measure(mut f: impl FnMut()) -> Stats {
    f(); // warm the page cache and the statement cache once
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    Stats {
        median: times[times.len() / 2],
        min: times[0],
        max: times[times.len() - 1],
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

fn row(label: &str, detail: &str, s: &Stats) {
    println!(
        "{label:<34} {detail:>14} {:>10} {:>10} {:>10}",
        ms(s.median),
        ms(s.min),
        ms(s.max)
    );
}

/// A page of 50 newest first with its total ("1000+" when the count stopped at the cap).
fn page(db: &Db, q: &HistoryQuery) -> String {
    let p = db
        .query(&HistoryQuery {
            limit: 50,
            ..q.clone()
        })
        .expect("query");
    format!("{}{}", p.total, if p.total_capped { "+" } else { "" })
}

/// Twelve characters from the middle of the first link at or after row `n`.
fn rare_link_token(db: &Db, n: usize) -> String {
    (n as i64..n as i64 + 100)
        .find_map(|id| db.get(id).ok().flatten().and_then(|r| r.link))
        .filter(|l| l.len() > 20)
        .map(|l| l[l.len() - 20..l.len() - 8].to_owned())
        .unwrap_or_else(|| "zz-none".to_owned())
}

/// Opens each file in turn, alternating, so both see the same machine load; the first round
/// warms the page cache and is not counted.
fn open_times(paths: [&Path; 2]) -> [Stats; 2] {
    let mut times: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    for round in 0..=OPEN_RUNS {
        for (n, path) in paths.iter().enumerate() {
            let t = Instant::now();
            let (db, _) = Db::open(path).expect("open");
            let took = t.elapsed();
            drop(db);
            if round > 0 {
                times[n].push(took);
            }
        }
    }
    times.map(|mut t| {
        t.sort();
        Stats {
            median: t[t.len() / 2],
            min: t[0],
            max: t[t.len() - 1],
        }
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows_n: usize = args
        .iter()
        .position(|a| a == "--rows")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(ROWS);
    // "100k", "1M": the labels scripts/bench/report.py reads say the size.
    let size_label = if rows_n.is_multiple_of(1_000_000) {
        format!("{}M", rows_n / 1_000_000)
    } else {
        format!("{}k", rows_n / 1000)
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let big = args
        .iter()
        .position(|a| a == "--db")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join(format!("history-{size_label}.sqlite")));
    let empty = dir.path().join("history-empty.sqlite");
    let team = rows_n >= 1_000_000;

    let (db, _) = Db::open(&big).expect("open");
    let t = Instant::now();
    let filled = db.count().expect("count") as usize;
    let added = if filled == 0 {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let start = Utc.with_ymd_and_hms(2025, 1, 1, 8, 0, 0).unwrap();
        let rows = (0..rows_n).map(|n| past_invite(&mut rng, n, start));
        db.import(rows).expect("import")
    } else {
        println!("(reusing the {filled} rows already in {})", big.display());
        filled
    };
    if team {
        // A team's history: one row in 200 is this computer's, the rest colleagues'.
        db.mark_colleagues(200).expect("the colleagues' rows");
    }
    let fill = t.elapsed();
    drop(Db::open(&empty).expect("open empty"));
    let size = std::fs::metadata(&big).map(|m| m.len()).unwrap_or(0);
    // Invite n/3's link token: a 12-character piece matches exactly one row.
    let rare = rare_link_token(&db, added / 3);

    println!(
        "Invite history benchmark: {added} rows filled in {:.2} s; file {:.1} MB; {RUNS} runs each ({OPEN_RUNS} for open)",
        fill.as_secs_f64(),
        size as f64 / 1e6
    );
    println!();
    println!(
        "{:<34} {:>14} {:>10} {:>10} {:>10}",
        "operation (page of 50 + total)", "rows matched", "p50 ms", "min ms", "max ms"
    );
    println!("{}", "-".repeat(82));

    let search = |term: &str| HistoryQuery {
        search: Some(term.into()),
        ..Default::default()
    };
    let with = |term: &str, provider: Option<Provider>, outcome: Option<Outcome>| HistoryQuery {
        search: Some(term.into()),
        provider,
        outcome,
        ..Default::default()
    };
    // Labels fit in 34 columns (scripts/bench/report.py reads them there). One- and
    // two-character terms match the start of words, through the word index.
    let cases: Vec<(&str, HistoryQuery)> = vec![
        ("search \"garcia\" (common)", search("garcia")),
        ("search \"gmail\" (very common)", search("gmail")),
        ("search rare link token", search(&rare)),
        ("search \"ravi.kumar12\" (rare)", search("ravi.kumar12")),
        (
            "search \"kim\" + provider Xobin",
            with("kim", Some(Provider::Xobin), None),
        ),
        (
            "search \"kim\" + outcome failed",
            with("kim", None, Some(Outcome::Failed)),
        ),
        ("search \"zq\" (2 chars: word prefix)", search("zq")),
        ("search \"k\" (1 char: word prefix)", search("k")),
        ("search \"ma\" (2 chars: common)", search("ma")),
        ("search \"co\" (2 chars: ~every row)", search("co")),
        (
            "search \"ki\" + provider Xobin",
            with("ki", Some(Provider::Xobin), None),
        ),
        ("unfiltered first page", HistoryQuery::default()),
        (
            "provider filter Hireflix",
            HistoryQuery {
                provider: Some(Provider::Hireflix),
                ..Default::default()
            },
        ),
        (
            "team filter: only mine",
            HistoryQuery {
                team: Some(TeamFilter::Mine),
                ..Default::default()
            },
        ),
        (
            "unfiltered page 21 (offset 1000)",
            HistoryQuery {
                offset: 1000,
                ..Default::default()
            },
        ),
    ];
    let mut search_p50s = Vec::new();
    for (label, q) in &cases {
        let total = page(&db, q);
        let s = measure(|| {
            page(&db, q);
        });
        if label.starts_with("search") {
            search_p50s.push(s.median);
        }
        row(label, &total, &s);
    }
    let n = db.count().expect("count");
    let s = measure(|| {
        db.count().expect("count");
    });
    row("count()", &n.to_string(), &s);
    drop(db);
    search_p50s.sort();
    println!();
    println!(
        "searches: {} cases, the slowest p50 {} ms, the median case {} ms",
        search_p50s.len(),
        ms(search_p50s[search_p50s.len() - 1]),
        ms(search_p50s[search_p50s.len() / 2])
    );

    println!();
    let [open_big, open_empty] = open_times([&big, &empty]);
    row(&format!("Db::open, {size_label}-row file"), "", &open_big);
    row("Db::open, empty file", "", &open_empty);
    let ratio = open_big.median.as_secs_f64() / open_empty.median.as_secs_f64();
    println!();
    println!(
        "open {size_label} / open empty (p50): {:.3} ({:+.1}%)",
        ratio,
        (ratio - 1.0) * 100.0
    );

    if let Some(keep) = args
        .iter()
        .position(|a| a == "--keep-db")
        .and_then(|i| args.get(i + 1))
    {
        // Every connection is closed by now, so the file holds all rows (no WAL beside it).
        std::fs::copy(&big, keep).expect("copy the 100k-row file");
        println!("kept the 100k-row file at {keep}");
    }

    // Forgetting one person at this size (after the copy above: the kept file is untouched): every
    // row of theirs deleted with secure_delete (their search entries in place), the log truncated.
    let (db, _) = Db::open(&big).expect("open");
    // The first row still there from the middle on (an earlier run on a kept file forgot some).
    let email = ((added / 2) as i64..)
        .take(1_000)
        .find_map(|id| db.get(id).expect("read"))
        .map(|r| r.candidate_email)
        .unwrap_or_default();
    let t = Instant::now();
    let erased = db.forget_person(&email, "benchmark").expect("forget");
    let took = t.elapsed();
    println!();
    println!(
        "forget one person at {size_label} ({} rows): {:.0} ms",
        erased.rows,
        took.as_secs_f64() * 1e3
    );
    let s = measure(|| {
        page(&db, &search("garcia"));
    });
    row("search \"garcia\" after a forget", "", &s);
}
