//! The app's own log, for support: one line per event worth knowing (start, a send's provider and
//! outcome, a batch's counts, a sync's problem kind, an update check), in `logs/invite-desk.log`
//! of the data folder, kept under 512 KB (one older file beside it). It never holds a candidate
//! field, a link or a key: callers write fixed words, and every line is scrubbed of anything
//! shaped like an address or a link on its way in. A panic writes a crash file beside it (the
//! place in the code and the scrubbed message), which the next start mentions.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use chrono::{SecondsFormat, Utc};

static STARTED: OnceLock<std::time::Instant> = OnceLock::new();

/// When this process started running Invite Desk code (set first thing in `run`; the launch
/// figure "form interactive N ms after start" counts from it).
pub fn started() -> std::time::Instant {
    *STARTED.get_or_init(std::time::Instant::now)
}

/// The benchmark build writes when start-up reached `what` (ms since [`started`]) to stderr, so
/// the launch figure can be split into its steps; other builds write nothing.
pub fn start_step(what: &str) {
    #[cfg(feature = "bench")]
    eprintln!(
        "Invite Desk: start step {what} {} ms after start",
        started().elapsed().as_millis()
    );
    #[cfg(not(feature = "bench"))]
    let _ = what;
}

const MAX_BYTES: u64 = 512 * 1024;

static LOG: OnceLock<Mutex<PathBuf>> = OnceLock::new();

fn logs_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Starts the log in `data_dir` (once per process; later calls change nothing).
pub fn init(data_dir: &Path) {
    let dir = logs_dir(data_dir);
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = LOG.set(Mutex::new(dir.join("invite-desk.log")));
    }
}

/// Removes from `text` every word that could carry a person or a secret: anything with an `@`
/// (an email), a `://` (a link), or a long run of letters and digits (a key, a token, an id).
pub fn scrub(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let long_token = w.chars().filter(char::is_ascii_alphanumeric).count() >= 20
                && w.chars().any(|c| c.is_ascii_digit());
            if w.contains('@') || w.contains("://") || long_token {
                "[…]"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(300)
        .collect()
}

/// Appends one line (best effort: a log that cannot be written never stops the app).
pub fn line(event: &str) {
    let Some(path) = LOG.get() else {
        return;
    };
    let path = path.lock().unwrap_or_else(|p| p.into_inner());
    if std::fs::metadata(&*path).is_ok_and(|m| m.len() > MAX_BYTES) {
        let _ = std::fs::rename(&*path, path.with_extension("log.1"));
    }
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&*path)
    {
        let now = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let _ = writeln!(f, "{now} {}", scrub(event));
    }
}

/// The last `n` lines of the log (the older file first when the current one is short).
pub fn tail(data_dir: &Path, n: usize) -> Vec<String> {
    let dir = logs_dir(data_dir);
    let mut lines = Vec::new();
    for name in ["invite-desk.log.1", "invite-desk.log"] {
        if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
            lines.extend(text.lines().map(str::to_string));
        }
    }
    let skip = lines.len().saturating_sub(n);
    lines.split_off(skip)
}

/// From now on, a panic also writes `logs/crash-<time>.txt`: where in the code, and the message
/// scrubbed like a log line.
pub fn install_panic_hook(data_dir: &Path) {
    let dir = logs_dir(data_dir);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "an unknown place".into());
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let now = Utc::now();
        let text = format!(
            "Invite Desk {} stopped unexpectedly at {} in {place}: {}\n",
            env!("CARGO_PKG_VERSION"),
            now.to_rfc3339_opts(SecondsFormat::Secs, true),
            scrub(&message)
        );
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(
            dir.join(format!("crash-{}.txt", now.format("%Y%m%dT%H%M%SZ"))),
            &text,
        );
        line(&format!("crash in {place}"));
        previous(info);
    }));
}

/// How many crash reports appeared since the last start looked (each is mentioned once).
pub fn new_crashes(data_dir: &Path) -> usize {
    let dir = logs_dir(data_dir);
    let seen_file = dir.join("crashes-seen");
    let seen: usize = std::fs::read_to_string(&seen_file)
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0);
    let now = crash_reports(data_dir).len();
    let _ = std::fs::write(&seen_file, now.to_string());
    now.saturating_sub(seen)
}

/// The crash reports left by earlier runs, newest last.
pub fn crash_reports(data_dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(logs_dir(data_dir))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("crash-") && n.ends_with(".txt"))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| t.trim_end().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_keeps_its_words_and_loses_addresses_links_and_keys() {
        let s = scrub("sent via Xobin to kim.lee@example.com at https://acme.xobin.com/i/ABC123 key XOBIN-KEY-1234567890abcdef1234");
        assert_eq!(s, "sent via Xobin to […] at […] key […]");
        assert_eq!(
            scrub("batch done: 20 sent, 3 failed"),
            "batch done: 20 sent, 3 failed"
        );
    }
}
