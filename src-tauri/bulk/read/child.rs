//! A workbook is read in a child process, `invite-desk read-sheet <path>`: calamine decodes
//! formats a hostile file can make allocate without bound or crash, and a child that runs out
//! of memory or time ends alone. The child limits its own address space and processor time
//! (Unix; elsewhere only the parent's wall-clock limit applies), reads the file with
//! [`read_file`] and writes the sheet, or its refusal, as JSON on stdout. The parent kills it
//! after `WALL_CLOCK`, reads at most `MAX_ANSWER` of its answer, and turns any other end into a
//! message naming the file and what happened.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{is_workbook, read_file, refuse, too_big, zipdir, Sheet, MAX_FILE_BYTES};
use crate::error::{AppError, AppResult, ErrorKind};

/// How long the parent waits for the child before killing it.
pub const WALL_CLOCK: Duration = Duration::from_secs(30);
/// The child's processor time, and its address space (what it may map, code included).
const CPU_SECONDS: u64 = 20;
const ADDRESS_SPACE: u64 = 1024 * 1024 * 1024;
/// The most JSON the parent reads: 10,000 rows × 200 columns of ordinary cells fit.
const MAX_ANSWER: u64 = 64 * 1024 * 1024;
/// What the parent keeps of the child's stderr (to tell an allocation failure).
const MAX_STDERR: u64 = 16 * 1024;

/// What the child writes on stdout.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
enum Answer {
    Sheet(Sheet),
    Refused {
        kind: String,
        message: String,
        field: Option<String>,
    },
}

/// Reads the sheet at `path`: a text sheet in this process, a workbook in a child process
/// (`exe read-sheet <path>`; `exe` is this app's own binary). Blocking.
pub fn read_path(exe: &Path, path: &Path) -> AppResult<Sheet> {
    let name = file_name(path);
    let bytes = read_bytes(&name, path)?;
    if !is_workbook(&bytes) {
        return read_file(&name, &bytes);
    }
    if bytes.starts_with(b"PK") {
        // The sizes the zip declares, before anything is unpacked.
        zipdir::central_directory(&name, &bytes)?;
    }
    drop(bytes);
    run_child(exe, path, &name)
}

/// `invite-desk read-sheet <path>`: limits itself, reads, answers on stdout. The exit code is 0
/// whenever an answer was written, a refusal included.
pub fn child_main(args: &[String]) -> i32 {
    let [path] = args else {
        eprintln!("usage: invite-desk read-sheet <path>");
        return 2;
    };
    limit_resources();
    let path = Path::new(path);
    let name = file_name(path);
    let answer = match read_bytes(&name, path).and_then(|bytes| read_file(&name, &bytes)) {
        Ok(sheet) => Answer::Sheet(sheet),
        Err(e) => Answer::Refused {
            kind: serde_json::to_value(e.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            message: e.message,
            field: e.field,
        },
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match serde_json::to_writer(&mut out, &answer) {
        Ok(()) if out.flush().is_ok() => 0,
        _ => 1,
    }
}

/// The child's own limits: address space, processor time (SIGXCPU at the soft limit, SIGKILL
/// one second later), and no core file when it aborts.
#[cfg(unix)]
fn limit_resources() {
    use rlimit::Resource;
    for (resource, limit, hard) in [
        (Resource::AS, ADDRESS_SPACE, ADDRESS_SPACE),
        (Resource::CPU, CPU_SECONDS, CPU_SECONDS + 1),
        (Resource::CORE, 0, 0),
    ] {
        // Never above a hard limit already set (raising one is refused).
        let max = resource.get_hard().unwrap_or(rlimit::INFINITY);
        let hard = hard.min(max);
        if let Err(e) = resource.set(limit.min(hard), hard) {
            eprintln!("read-sheet: {} not limited: {e}", resource.as_name());
        }
    }
}

/// Not on Unix: the parent's wall-clock limit is the only one.
#[cfg(not(unix))]
fn limit_resources() {}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "The file".into())
}

/// The file's bytes, at most `MAX_FILE_BYTES` of them.
fn read_bytes(name: &str, path: &Path) -> AppResult<Vec<u8>> {
    let opened = |e: std::io::Error| {
        AppError::new(
            ErrorKind::Io,
            format!("“{name}” could not be opened ({e}). Check that it still exists."),
        )
    };
    let file = std::fs::File::open(path).map_err(opened)?;
    let len = file.metadata().map_err(opened)?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_big(name, len));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| AppError::new(ErrorKind::Io, format!("“{name}” could not be read ({e}).")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(name, bytes.len() as u64));
    }
    Ok(bytes)
}

/// How the child ended, as the parent saw it.
enum End {
    Exited(ExitStatus, Vec<u8>),
    TimedOut,
    TooLong,
    Lost(std::io::Error),
}

fn run_child(exe: &Path, path: &Path, name: &str) -> AppResult<Sheet> {
    let mut command = Command::new(exe);
    command
        .arg("read-sheet")
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        // CREATE_NO_WINDOW: no console flashes up beside the app.
        command.creation_flags(0x0800_0000);
    }
    let not_started = |e: &dyn std::fmt::Display| {
        AppError::new(
            ErrorKind::Internal,
            format!(
                "“{name}” could not be read: the sheet reader did not start ({e}). Restart \
                 Invite Desk and try again."
            ),
        )
    };
    let mut child = command.spawn().map_err(|e| not_started(&e))?;
    let (Some(stdout), Some(mut stderr)) = (child.stdout.take(), child.stderr.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(not_started(&"no pipe to it"));
    };
    let started = Instant::now();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut answer = Vec::new();
        let read = stdout.take(MAX_ANSWER + 1).read_to_end(&mut answer);
        let _ = tx.send(read.map(|_| answer));
    });
    let errors = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = (&mut stderr).take(MAX_STDERR).read_to_end(&mut text);
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        text
    });
    let end = match rx.recv_timeout(WALL_CLOCK) {
        Ok(Ok(answer)) if answer.len() as u64 > MAX_ANSWER => End::TooLong,
        Ok(Ok(answer)) => loop {
            // The answer is complete: the child is exiting.
            match child.try_wait() {
                Ok(Some(status)) => break End::Exited(status, answer),
                Ok(None) if started.elapsed() < WALL_CLOCK => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Ok(None) => break End::TimedOut,
                Err(e) => break End::Lost(e),
            }
        },
        Ok(Err(e)) => End::Lost(e),
        Err(_) => End::TimedOut,
    };
    if !matches!(end, End::Exited(..)) {
        let _ = child.kill();
    }
    let _ = child.wait();
    let stderr = String::from_utf8_lossy(&errors.join().unwrap_or_default()).into_owned();
    let what = match end {
        End::Exited(status, answer) if status.success() => {
            return match serde_json::from_slice::<Answer>(&answer) {
                Ok(Answer::Sheet(sheet)) => Ok(sheet),
                Ok(Answer::Refused {
                    kind,
                    message,
                    field,
                }) => Err(AppError {
                    field,
                    ..AppError::new(error_kind(&kind), message)
                }),
                Err(e) => Err(not_safe(
                    name,
                    &format!("its reader gave an answer that could not be understood: {e}"),
                )),
            };
        }
        End::Exited(status, _) => ended(status, &stderr),
        End::TimedOut => format!("it took longer than {} seconds", WALL_CLOCK.as_secs()),
        End::TooLong => format!(
            "its cells come to more than {} MB of text",
            MAX_ANSWER >> 20
        ),
        End::Lost(e) => format!("its reader could not be followed: {e}"),
    };
    Err(not_safe(name, &what))
}

fn not_safe(name: &str, what: &str) -> AppError {
    refuse(format!(
        "“{name}” could not be read safely ({what}). Open it in your spreadsheet app and save it \
         again as .xlsx or CSV."
    ))
}

fn error_kind(name: &str) -> ErrorKind {
    match name {
        "validation" => ErrorKind::Validation,
        "io" => ErrorKind::Io,
        _ => ErrorKind::Internal,
    }
}

/// What an abnormal end of the child means, in the coordinator's terms.
fn ended(status: ExitStatus, stderr: &str) -> String {
    let memory = stderr.contains("memory allocation") || stderr.contains("capacity overflow");
    let memory_text = format!("it needed more than {} MB of memory", ADDRESS_SPACE >> 20);
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            // SIGABRT (an allocation failure aborts), SIGKILL, SIGXCPU, SIGBUS, SIGSEGV.
            return match signal {
                6 if memory => memory_text,
                6 => "its reader stopped on an error in the file".to_string(),
                9 => "the system stopped it, most likely for using too much memory or time"
                    .to_string(),
                24 => format!("it needed more than {CPU_SECONDS} seconds of processing"),
                7 | 11 => "its reader crashed on the file".to_string(),
                n => format!("its reader was stopped by signal {n}"),
            };
        }
    }
    match status.code() {
        _ if memory => memory_text,
        Some(101) => "its reader stopped on an error in the file".to_string(),
        Some(code) => format!("its reader ended with code {code}"),
        None => "its reader was stopped".to_string(),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    #[test]
    fn each_abnormal_end_of_the_reader_is_told_in_the_coordinators_terms() {
        let abort = ExitStatus::from_raw(6);
        assert_eq!(
            ended(abort, "memory allocation of 17179869180 bytes failed\n"),
            "it needed more than 1024 MB of memory"
        );
        assert_eq!(
            ended(abort, ""),
            "its reader stopped on an error in the file"
        );
        assert!(ended(ExitStatus::from_raw(24), "").contains("20 seconds of processing"));
        assert!(ended(ExitStatus::from_raw(9), "").contains("too much memory or time"));
        assert_eq!(
            ended(ExitStatus::from_raw(101 << 8), "thread 'main' panicked"),
            "its reader stopped on an error in the file"
        );
        let m = not_safe("a.xls", "it took longer than 30 seconds").message;
        assert_eq!(
            m,
            "“a.xls” could not be read safely (it took longer than 30 seconds). Open it in your \
             spreadsheet app and save it again as .xlsx or CSV."
        );
    }
}
