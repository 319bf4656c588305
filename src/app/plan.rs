//! What every command does before any work: read the scenario once, settle the seed,
//! and check each command-line value against its range, so that a command either
//! runs with a checked plan or stops at once with a message naming the flag.

use super::AppError;
use crate::batch;
use crate::scenario::{Scenario, ScenarioSource};
use std::path::Path;

/// A scenario as a command runs it: the file read once (its bytes and their SHA-256,
/// which the manifest records and a resumed batch is checked against), parsed and
/// validated once, and the seed the command runs with. A `--seed` given on the
/// command line is kept here, beside the scenario, which stays as the file says.
#[derive(Debug, Clone)]
pub struct Input {
    /// The file as read.
    pub source: ScenarioSource,
    /// The validated scenario, as the file says.
    pub scenario: Scenario,
    /// The (root) seed: `--seed`, else the scenario's own.
    pub seed: u64,
}

impl Input {
    /// Reads and validates the scenario at `path` (or the bundled one it names), with
    /// `seed` instead of the scenario's if given.
    pub fn read(path: &Path, seed: Option<u64>) -> Result<Input, AppError> {
        Input::from_source(ScenarioSource::read(path)?, seed)
    }

    /// Validates a scenario already read.
    pub fn from_source(source: ScenarioSource, seed: Option<u64>) -> Result<Input, AppError> {
        let scenario = source.parse()?;
        Ok(Input {
            seed: seed.unwrap_or(scenario.seed),
            source,
            scenario,
        })
    }
}

/// Most worker threads.
pub const MAX_THREADS: usize = 256;

/// Reports progress of a batch; implemented by the binary (a progress bar) or nothing.
pub trait Progress: Sync {
    /// The batch starts: `total` replications of `variants` runs each.
    fn start(&self, total: u64, variants: usize);
    /// One replication finished (called from worker threads).
    fn tick(&self);
    /// The batch is over.
    fn finish(&self);
}

/// No progress reporting.
impl Progress for () {
    fn start(&self, _total: u64, _variants: usize) {}
    fn tick(&self) {}
    fn finish(&self) {}
}

/// The worker threads to use: `--threads`, else every core, within 1..=[`MAX_THREADS`].
pub(super) fn threads(requested: Option<usize>) -> Result<usize, AppError> {
    let n = requested.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    if n == 0 || n > MAX_THREADS {
        return Err(AppError::Usage(format!(
            "--threads {n} is out of range: must be within 1..={MAX_THREADS}"
        )));
    }
    Ok(n)
}

/// Checks `--runs`.
pub(super) fn check_runs(runs: u64) -> Result<u64, AppError> {
    check_runs_named("--runs", runs)
}

/// Checks a number of runs given as `flag`.
pub(super) fn check_runs_named(flag: &str, runs: u64) -> Result<u64, AppError> {
    check_flag(flag, runs, (1, batch::MAX_RUNS))
}

/// Checks a sweep grid given as `flag`.
pub(super) fn check_grid(flag: &str, grid: usize) -> Result<usize, AppError> {
    check_flag(flag, grid, GRID_RANGE)
}

/// Checks that the value of command-line `flag` lies within `lo..=hi`.
pub(super) fn check_flag<T: PartialOrd + std::fmt::Display>(
    flag: &str,
    value: T,
    (lo, hi): (T, T),
) -> Result<T, AppError> {
    if value < lo || value > hi {
        return Err(AppError::Usage(format!(
            "{flag} {value} is out of range: must be within {lo}..={hi}"
        )));
    }
    Ok(value)
}

/// Smallest and largest grid for `sweep`.
pub const GRID_RANGE: (usize, usize) = (2, 101);
