//! Giving the system back memory the app has freed.
//!
//! glibc's allocator keeps what a thread freed in that thread's arena for later reuse, so after
//! a burst that frees what it built — the ~600 time zones read for the picker's list, the update
//! check's TLS client (the whole trust store parsed) — those pages stay resident although nothing
//! uses them. `malloc_trim(0)` hands the free pages of every arena back; live allocations are
//! untouched. Called after those two (`commands::settings::list_time_zones`,
//! `commands::about::update_check`).
//!
//! A leaf: imports nothing from the app.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Asks the allocator to return its free pages now. Returns whether it gave anything back.
/// Elsewhere than Linux with glibc it does nothing (those allocators return memory
/// themselves, or have no such call).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn release_freed() -> bool {
    // SAFETY: `malloc_trim` takes no pointers and only rearranges glibc's own free lists,
    // locking each arena while it does; it is safe to call from any thread at any time.
    unsafe { libc::malloc_trim(0) == 1 }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_freed() -> bool {
    false
}

/// After a burst: one [`release_freed`] a moment later, once the answer that the burst built
/// has been serialized and sent (several bursts in that moment share one). Needs a Tokio
/// runtime (every command runs on one).
pub fn release_soon() {
    static PENDING: AtomicBool = AtomicBool::new(false);
    if PENDING.swap(true, Ordering::AcqRel) {
        return;
    }
    tauri::async_runtime::spawn(async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        PENDING.store(false, Ordering::Release);
        let _ = tokio::task::spawn_blocking(release_freed).await;
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn freed_memory_goes_back_to_the_system() {
        // 64 MiB in 4 KiB pieces, touched, then all but every 64th freed: the allocator keeps
        // the holes; trimming returns them, so the process's resident size falls.
        let resident = || -> u64 {
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            status
                .lines()
                .find_map(|l| l.strip_prefix("RssAnon:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0)
        };
        let mut blocks: Vec<Vec<u8>> = (0..16_384).map(|i| vec![i as u8; 4000]).collect();
        let mut kept = Vec::new();
        for (i, b) in blocks.drain(..).enumerate() {
            if i % 64 == 0 {
                kept.push(b);
            }
        }
        let before = resident();
        assert!(release_freed(), "nothing was given back");
        let after = resident();
        assert!(
            after + 32 * 1024 < before,
            "resident {before} kB before the trim, {after} kB after"
        );
        assert_eq!(kept.len(), 256);
        assert!(kept.iter().enumerate().all(|(i, b)| b[0] == (i * 64) as u8));
    }
}
