//! The team chaos run with real processes: three laptops (`examples/chaos_laptop.rs`, each its own
//! process, history file and keychain entries in the real Secret Service) send invites to one
//! PostgreSQL server of this test's own — so it can be stopped and started again — each through a
//! TCP fault proxy, while the run freezes, resets, delays and cuts the proxies, kills laptops with
//! SIGKILL mid-send (and starts them again on the same files) and restarts the server (a crash
//! and a clean stop). Then the network heals and every laptop syncs; the invariants:
//! - the vendor got at most one request per candidate unless a "Send anyway" was confirmed;
//! - every laptop's history equals the server's attempts (ids and outcomes), nothing pending;
//! - nothing lost: every vendor request is an attempt on the server, `sent` or — when its laptop
//!   was killed between the vendor's answer and writing it — `unknown`;
//! - every laptop's last sync ran to completion.
//!
//! Needs PostgreSQL's programs (scripts/setup.sh installs them) and a Secret Service
//! (scripts/with-keyring.sh); it fails without them, never skips.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests may unwrap

mod team_support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use invite_desk::providers::{self, Provider};
use invite_desk::secrets::{KeyringStore, SecretStore};
use invite_desk::state::AppState;
use invite_desk::team::Team;
use team_support::proxy::{Mode, Proxy};
use team_support::{
    history_attempts, laptop_with, server_attempts, vendor, Laptop, Rng, Server, VENDOR_KEY,
};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use uuid::Uuid;

/// A PostgreSQL cluster of this test's own in a temporary folder, so it can be restarted without
/// disturbing the other tests' server.
struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    password: String,
}

fn as_postgres(program: &Path) -> std::process::Command {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    // PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
    if root {
        let mut c = std::process::Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        std::process::Command::new(program)
    }
}

impl Cluster {
    fn start() -> Cluster {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()
            .and_then(|d| {
                let mut v: Vec<PathBuf> = d.flatten().map(|e| e.path().join("bin")).collect();
                v.sort();
                v.pop()
            })
            .filter(|b| b.join("initdb").exists())
            .expect("PostgreSQL's programs are missing: run bash scripts/setup.sh");
        let dir = tempfile::tempdir().unwrap();
        let password = Uuid::new_v4().simple().to_string();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        std::fs::write(dir.path().join("pw"), &password).unwrap();
        let owner = std::process::Command::new("chown")
            .args(["-R", "postgres"])
            .arg(dir.path())
            .status();
        let _ = owner; // only possible (and needed) as root
        std::fs::set_permissions(
            dir.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o755),
        )
        .unwrap();
        let ok = as_postgres(&bin.join("initdb"))
            .arg("-D")
            .arg(dir.path().join("data"))
            .args(["-U", "invite_desk_admin", "--auth-local=trust"])
            .args([
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ])
            .arg(format!("--pwfile={}", dir.path().join("pw").display()))
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(ok.success(), "initdb failed");
        let c = Cluster {
            bin,
            dir,
            port,
            password,
        };
        c.pg_ctl(&["start"]);
        c
    }

    fn pg_ctl(&self, what: &[&str]) {
        let opts = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off -c max_connections=100",
            self.port,
            self.dir.path().display()
        );
        let ok = as_postgres(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-l"])
            .arg(self.dir.path().join("server.log"))
            .args(["-w", "-t", "60", "-o", &opts])
            .args(what)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(ok.success(), "pg_ctl {what:?} failed");
    }

    /// Stops the server — `immediate` as a crash would, else a clean stop — and starts it again.
    fn restart(&self, crash: bool) {
        self.pg_ctl(&["-m", if crash { "immediate" } else { "fast" }, "stop"]);
        self.pg_ctl(&["start"]);
    }

    async fn server(&self) -> Server {
        let base = format!(
            "host=127.0.0.1 port={} user=invite_desk_admin password={} dbname=postgres",
            self.port, self.password
        );
        let (c, conn) = tokio_postgres::connect(&base, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        c.batch_execute("CREATE DATABASE chaos").await.unwrap();
        Server {
            db: "chaos".into(),
            admin: base.replace("dbname=postgres", "dbname=chaos"),
            port: self.port.to_string(),
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = as_postgres(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// The laptop process, built by `cargo test` beside this test's binary.
fn laptop_program() -> PathBuf {
    let deps = std::env::current_exe().unwrap();
    let target = deps.parent().unwrap().parent().unwrap();
    let p = target.join("examples").join("chaos_laptop");
    // Stale if any of its sources changed after it was built (`cargo test --test team_chaos`
    // alone does not build examples).
    fn newest(dir: &Path) -> Option<std::time::SystemTime> {
        let mut t = std::fs::metadata(dir).and_then(|m| m.modified()).ok();
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let m = if e.path().is_dir() {
                newest(&e.path())
            } else {
                e.metadata().and_then(|m| m.modified()).ok()
            };
            t = t.max(m);
        }
        t
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = newest(&root.join("src-tauri")).max(
        std::fs::metadata(root.join("examples/chaos_laptop.rs"))
            .and_then(|m| m.modified())
            .ok(),
    );
    let built = std::fs::metadata(&p).and_then(|m| m.modified()).ok();
    assert!(
        built.is_some() && built >= sources,
        "{} is missing or older than this test: cargo test builds it with the tests, or run \
         cargo build --example chaos_laptop",
        p.display()
    );
    p
}

struct Slot {
    dir: tempfile::TempDir,
    service: String,
    planned: usize,
    candidates: usize,
}

/// What the laptops' lines said, over all their lives.
#[derive(Default)]
struct Said {
    attempts: Vec<usize>,
    confirmed: HashMap<String, usize>,
    unexpected: Vec<String>,
    synced: Vec<usize>,
}

fn spawn(slot: &Slot, k: usize, seed: u64, invites: usize, said: &Arc<Mutex<Said>>) -> Child {
    let candidates = slot.candidates;
    let mut child = Command::new(laptop_program())
        .arg(slot.dir.path())
        .arg(&slot.service)
        .arg(seed.to_string())
        .arg(invites.to_string())
        .arg(candidates.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let said = said.clone();
    tokio::spawn(async move {
        let mut lines = BufReader::new(out).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            let mut s = said.lock().unwrap();
            if line.starts_with("attempt ") {
                s.attempts[k] += 1;
            } else if let Some(email) = line.strip_prefix("confirm ") {
                *s.confirmed.entry(email.to_string()).or_default() += 1;
            } else if line == "synced" {
                s.synced[k] += 1;
            } else if let Some(m) = line.strip_prefix("unexpected ") {
                s.unexpected.push(format!("laptop {k}: {m}"));
            }
        }
    });
    child
}

#[derive(Debug, Default)]
struct Run {
    invites: usize,
    proxy_faults: usize,
    kills: usize,
    restarts: usize,
    vendor_requests: usize,
}

/// One chaos run: `per_laptop` invites from each of three laptops to `candidates` candidates,
/// `kills` SIGKILLs and `restarts` server restarts spread over it.
async fn chaos_processes(
    per_laptop: usize,
    candidates: usize,
    kills: usize,
    restarts: usize,
    seed: u64,
) -> Run {
    let cluster = Cluster::start();
    let srv = cluster.server().await;
    srv.init("Chaos Team", &[]).await;
    let (vend, seen) = vendor().await;
    let upstream: std::net::SocketAddr = format!("127.0.0.1:{}", cluster.port).parse().unwrap();
    let mut slots = Vec::new();
    let mut proxies = Vec::new();
    for name in ["Ann", "Ben", "Cat"] {
        let proxy = Proxy::start(upstream).await;
        let (login, otp) = srv.member("Chaos Team", name).await;
        let slot = Slot {
            dir: tempfile::tempdir().unwrap(),
            service: format!("invite-desk-chaos-{}", Uuid::new_v4().simple()),
            planned: per_laptop,
            candidates,
        };
        // Joined and given its vendor key as the app would, in the real keychain.
        let secrets = Arc::new(KeyringStore::new(slot.service.clone()));
        secrets.set(Provider::Xobin, VENDOR_KEY).unwrap();
        let Laptop { dir, team, .. } = laptop_with(slot.dir, &vend, secrets);
        let url = format!("postgresql://127.0.0.1:{}/{}", proxy.addr.port(), srv.db);
        team.join(&url, &login, &otp).await.unwrap();
        let slot = Slot { dir, ..slot };
        slots.push(slot);
        proxies.push(proxy);
    }
    let said = Arc::new(Mutex::new(Said {
        attempts: vec![0; 3],
        synced: vec![0; 3],
        ..Default::default()
    }));
    let mut rng = Rng(seed | 1);
    let mut lives: Vec<Option<Child>> = (0..3)
        .map(|k| Some(spawn(&slots[k], k, rng.next(), per_laptop, &said)))
        .collect();
    let mut run = Run::default();
    // Kills (true) and restarts (false), shuffled, spread evenly over the run.
    let mut plan: Vec<bool> = (0..kills)
        .map(|_| true)
        .chain((0..restarts).map(|_| false))
        .collect();
    for i in (1..plan.len()).rev() {
        plan.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let started = Instant::now();
    // Proxy faults every 150 ms until every laptop has attempted its share.
    loop {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let attempted: usize = said.lock().unwrap().attempts.iter().sum();
        let total = per_laptop * 3;
        for k in 0..3 {
            // A laptop killed (or ended otherwise) starts again with what is left of its share
            // — nothing left: it only syncs; one that finished its share and its sync is done.
            let status = match lives[k].as_mut() {
                Some(c) => c.try_wait().unwrap(),
                None => continue,
            };
            if let Some(status) = status {
                let left = slots[k]
                    .planned
                    .saturating_sub(said.lock().unwrap().attempts[k]);
                lives[k] = if status.success() && left == 0 {
                    None
                } else {
                    Some(spawn(&slots[k], k, rng.next(), left, &said))
                };
            }
        }
        if attempted >= total {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "the run did not finish: {attempted} of {total} attempted"
        );
        // The kills and restarts, in the order planned, each once its share of the first three
        // quarters of the run is done (the last quarter leaves room for a kill that has to wait
        // for a laptop between two lives). A kill takes one of the laptops running now.
        if let Some(&kill) = plan.get(run.kills + run.restarts) {
            let due = total * 3 * (run.kills + run.restarts + 1) / (4 * (plan.len() + 1));
            if attempted >= due {
                if kill {
                    let mut running = Vec::new();
                    for (k, life) in lives.iter_mut().enumerate() {
                        if let Some(c) = life.as_mut() {
                            if c.try_wait().unwrap().is_none() {
                                running.push(k);
                            }
                        }
                    }
                    if !running.is_empty() {
                        let k = running[rng.below(running.len() as u64) as usize];
                        let c = lives[k].as_mut().unwrap();
                        c.start_kill().unwrap(); // SIGKILL
                        c.wait().await.unwrap();
                        run.kills += 1;
                    }
                } else {
                    cluster.restart(run.restarts % 2 == 0);
                    run.restarts += 1;
                }
            }
        }
        match rng.below(10) {
            0 | 1 => proxies[rng.below(3) as usize].set(Mode::Freeze),
            2 => proxies[rng.below(3) as usize].reset(),
            3 => proxies[rng.below(3) as usize]
                .set(Mode::Delay(Duration::from_millis(50 + rng.below(250)))),
            4 => proxies[rng.below(3) as usize].set(Mode::CutAfter(rng.below(400) as i64)),
            _ => proxies[rng.below(3) as usize].set(Mode::Pass),
        }
        run.proxy_faults += 1;
    }
    assert_eq!(run.kills, kills, "every kill landed among the sends");
    assert_eq!(
        run.restarts, restarts,
        "every restart landed among the sends"
    );
    // Heal; each laptop ends its life (its last sync completes), then every laptop syncs twice
    // more, in turn, so each has the others' last outcomes.
    for p in &proxies {
        p.set(Mode::Pass);
    }
    for (k, life) in lives.iter_mut().enumerate() {
        if let Some(mut c) = life.take() {
            let status = tokio::time::timeout(Duration::from_secs(90), c.wait())
                .await
                .expect("a laptop's last sync did not complete within 90 s after healing")
                .unwrap();
            assert!(
                status.success(),
                "laptop {k} ended with {status}: {:?}",
                said.lock().unwrap().unexpected
            );
        }
    }
    for _ in 0..2 {
        for (k, slot) in slots.iter().enumerate() {
            let before = said.lock().unwrap().synced[k];
            let status = spawn(slot, k, 1, 0, &said).wait().await.unwrap();
            assert!(
                status.success(),
                "laptop {k}'s sync ended with {status}: {:?}",
                said.lock().unwrap().unexpected
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
            assert_eq!(said.lock().unwrap().synced[k], before + 1);
        }
    }
    let said = std::mem::take(&mut *said.lock().unwrap());
    assert!(said.unexpected.is_empty(), "{:?}", said.unexpected);
    run.invites = said.attempts.iter().sum();

    // Invariant 1: one vendor request per candidate unless a send was confirmed.
    let seen = seen.lock().unwrap().clone();
    let mut per: HashMap<&str, usize> = HashMap::new();
    for e in &seen {
        *per.entry(e.as_str()).or_default() += 1;
    }
    for (email, n) in &per {
        let allowed = 1 + said.confirmed.get(*email).copied().unwrap_or(0);
        assert!(
            *n <= allowed,
            "{email}: {n} vendor requests, {allowed} allowed"
        );
    }
    // Invariant 2: every laptop's history equals the server's attempts (leaving out attempts
    // that failed on the server and never were a row anywhere), nothing pending.
    let server = server_attempts(&srv).await;
    assert!(
        server.values().all(|o| o != "pending"),
        "an attempt stayed pending: {server:?}"
    );
    for slot in &slots {
        let local = history_attempts(&slot.dir.path().join("history.sqlite3"));
        assert!(
            local.values().all(|o| o != "pending"),
            "a row stayed pending"
        );
        for (id, outcome) in &local {
            assert_eq!(server.get(id), Some(outcome), "laptop row {id} vs server");
        }
        for (id, outcome) in &server {
            if outcome != "failed" {
                assert_eq!(local.get(id), Some(outcome), "server attempt {id} missing");
            }
        }
    }
    // Invariant 3: nothing lost. Every vendor request is a `sent` attempt, or an `unknown` one
    // whose laptop was killed before it could write the vendor's answer.
    let count = |o: &str| server.values().filter(|v| *v == o).count();
    assert!(
        count("sent") <= seen.len() && seen.len() <= count("sent") + count("unknown"),
        "{} vendor requests, {} sent and {} unknown attempts",
        seen.len(),
        count("sent"),
        count("unknown")
    );
    // The keychain entries this run made go (the team login's secret with leaving).
    for slot in &slots {
        let secrets = Arc::new(KeyringStore::new(slot.service.clone()));
        secrets.delete(Provider::Xobin).unwrap();
        let state = AppState::open(
            slot.dir.path(),
            secrets,
            providers::http_client(Duration::from_secs(2), Duration::from_secs(5)).unwrap(),
        )
        .unwrap();
        Team::new(&state).leave().await.unwrap();
    }
    run.vendor_requests = seen.len();
    run
}

fn report(r: &Run, took: Duration) -> String {
    format!(
        "{} invites, {} proxy faults, {} kills, {} server restarts, {} vendor requests, {:.1} s",
        r.invites,
        r.proxy_faults,
        r.kills,
        r.restarts,
        r.vendor_requests,
        took.as_secs_f64()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_laptop_processes_killed_and_a_restarted_server_lose_nothing_and_send_nothing_twice()
{
    let started = Instant::now();
    let seed = std::env::var("CHAOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_0c4a_u64);
    let r = chaos_processes(40, 40, 3, 2, seed).await;
    println!("chaos (processes): {}", report(&r, started.elapsed()));
    assert_eq!(r.invites, 120, "every planned invite was attempted");
}

/// The long variant (`scripts/bench.sh`): CHAOS_RUNS runs (default 3) of 1,000 invites to 300
/// candidates, 12 kills and 6 server restarts each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "long: run by scripts/bench.sh"]
async fn chaos_processes_long() {
    let runs: u64 = std::env::var("CHAOS_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    for run in 0..runs {
        let started = Instant::now();
        let r = chaos_processes(334, 300, 12, 6, 0xc4a0_6000 + run).await;
        println!(
            "chaos run {} (processes): {}",
            run + 1,
            report(&r, started.elapsed())
        );
        assert_eq!(r.invites, 1002);
    }
}
