//! Crash points: named places in the save and commit sequence where a test can have
//! the process killed, to prove that a crash at any of them loses nothing.
//!
//! `TEAMSIM_CRASH_AT=NAME` kills the process with SIGKILL the first time it reaches
//! point NAME; `NAME#K` the K-th time. Unset (always, outside tests), a point costs
//! one check of a cached value; points lie only on the save and commit path, never
//! in the simulation.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

static TARGET: OnceLock<Option<(String, u64)>> = OnceLock::new();
static HITS: AtomicU64 = AtomicU64::new(0);

fn target() -> &'static Option<(String, u64)> {
    TARGET.get_or_init(|| {
        let spec = std::env::var("TEAMSIM_CRASH_AT").ok()?;
        match spec.split_once('#') {
            Some((name, k)) => Some((name.to_string(), k.parse().ok()?)),
            None => Some((spec, 1)),
        }
    })
}

/// Marks crash point `name`.
pub fn point(name: &str) {
    let Some((wanted, k)) = target() else {
        return;
    };
    if wanted == name && HITS.fetch_add(1, Ordering::SeqCst) + 1 == *k {
        eprintln!("crash point {name}: killed");
        #[cfg(unix)]
        // SAFETY: sends SIGKILL to this process; no memory is involved.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
        std::process::abort();
    }
}
