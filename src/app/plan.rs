//! What every command does before any work: read the scenario once, settle the seed,
//! and check each command-line value against its range, so that a command either
//! runs with a checked plan or stops at once with a message naming the flag.

use super::{AppError, flag_out_of_range};
use crate::batch;
use crate::problem::Said;
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
        return Err(flag_out_of_range("--threads", n, 1, MAX_THREADS));
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
        return Err(flag_out_of_range(flag, value, lo, hi));
    }
    Ok(value)
}

/// Smallest and largest grid for `sweep`.
pub const GRID_RANGE: (usize, usize) = (2, 101);

/// Reads a text file of at most `limit` bytes (read up to the limit and no further, so
/// that an endless file or a pipe cannot hold the command), refusing a larger file or
/// one that is not UTF-8 through `refuse`.
pub(super) fn read_text(
    path: &Path,
    limit: u64,
    refuse: &dyn Fn(Said) -> AppError,
) -> Result<String, AppError> {
    use std::io::Read as _;
    let failed = |cause| crate::output::OutputError::Read {
        path: path.to_path_buf(),
        cause,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(failed)?;
    if bytes.len() as u64 > limit {
        return Err(refuse(Said::new(
            format!("it is larger than {limit} bytes"),
            format!("het is groter dan {limit} bytes"),
        )));
    }
    String::from_utf8(bytes).map_err(|_| refuse(Said::new("it is not text", "het is geen tekst")))
}

/// Largest design table read: about 100,000 rows of ten parameters. An exploration
/// saves the table in its plan, which is read back within 16 MiB.
const MAX_DESIGN_BYTES: u64 = 8 << 20;

/// Reads and checks the design table at `path` (`--design`) against `scenario`'s
/// parameters: at most `most_rows` rows, and every row's parameters valid together.
/// Returns the text as read, and the table.
pub(super) fn read_design(
    path: &Path,
    scenario: &Scenario,
    most_rows: usize,
) -> Result<(String, crate::explore::design::DesignTable), AppError> {
    let bad = |why: Said| {
        let file = path.display();
        AppError::Usage(Said::new(
            format!("--design {file}: {}", why.en),
            format!("--design {file}: {}", why.nl),
        ))
    };
    let text = read_text(path, MAX_DESIGN_BYTES, &bad)?;
    let table = crate::explore::design::DesignTable::read(&text, most_rows, &scenario.params)
        .map_err(|e| bad(e.said()))?;
    Ok((text, table))
}
