//! What makes a batch robust: interrupt and resume, shards and their merge.
//!
//! A batch's statistics are exactly order-independent, so a batch can be cut into
//! pieces (the part before an interruption and the rest; shards run on different
//! machines) and put back together into the very files one uninterrupted run writes.
//! A piece is saved as its accumulators plus its rows of `runs.csv`.

use super::batch::{Kind, write_results};
use super::{AppError, BatchReport, Progress};
use crate::batch::{self, Aggregates, BatchSpec, RunRow, Variant};
use crate::output::{self, CsvFile, OutputError, Staging, fmt_value};
use crate::scenario::Scenario;
use crate::sim::SUMMARY_FIELDS;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Where an interrupted batch keeps its state, inside the output folder.
pub const PARTIAL: &str = ".partial";
/// The state file of a shard or of an interrupted batch.
const STATE: &str = "state.bin";

/// One of N slices of a batch's replications (`--shard K/N`, K from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which slice, 1..=count.
    pub index: u64,
    /// How many slices.
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad =
            || format!("`{s}` is not a shard: expected K/N with 1 <= K <= N <= 10000, e.g. 2/3");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count || count > 10_000 {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// The replications of this shard: contiguous, so shards in order are the batch in order.
    pub fn range(self, runs: u64) -> std::ops::Range<u64> {
        let at = |k: u64| (runs as u128 * k as u128 / self.count as u128) as u64;
        at(self.index - 1)..at(self.index)
    }
}

/// How a batch command may be cut and continued.
#[derive(Debug, Clone, Copy, Default)]
pub struct JobControl {
    /// Run only this slice and save it for `teamsim merge`.
    pub shard: Option<Shard>,
    /// Continue an interrupted batch in the output folder.
    pub resume: bool,
    /// Replace output already in the folder.
    pub force: bool,
    /// Set (by Ctrl-C or SIGTERM) to stop after the chunk of runs under way.
    pub stop: Option<&'static AtomicBool>,
}

/// Everything that must agree for two pieces to belong to the same batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct JobKey {
    kind: Kind,
    scenario_sha256: String,
    root_seed: u64,
    runs: u64,
    variants: Vec<(String, f64, f64, Option<f64>)>,
    daily: bool,
    reference: Option<usize>,
    shard: Option<Shard>,
}

/// A saved piece of a batch.
#[derive(Debug, Serialize, Deserialize)]
struct Saved {
    key: JobKey,
    scenario_file: String,
    scenario_text: String,
    /// First replication of the piece.
    start: u64,
    /// First replication not yet run.
    next: u64,
    aggregates: Aggregates,
}

fn key(kind: Kind, spec: &BatchSpec, text: &str, shard: Option<Shard>) -> JobKey {
    use sha2::{Digest, Sha256};
    JobKey {
        kind,
        scenario_sha256: Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        root_seed: spec.root_seed,
        runs: spec.runs,
        variants: spec
            .variants
            .iter()
            .map(|v| (v.name.clone(), v.caring, v.daring, v.availability))
            .collect(),
        daily: spec.daily,
        reference: spec.reference,
        shard,
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> AppError + '_ {
    move |cause| {
        AppError::Output(OutputError::Io {
            path: path.to_path_buf(),
            cause,
        })
    }
}

fn save(path: &Path, saved: &Saved) -> Result<(), AppError> {
    let bytes = postcard::to_stdvec(saved)
        .map_err(|e| AppError::Usage(format!("{}: {e}", path.display())))?;
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

fn load(path: &Path) -> Result<Saved, AppError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    postcard::from_bytes(&bytes).map_err(|e| {
        AppError::Usage(format!(
            "{}: not a teamsim batch state ({e}); was it written by another version?",
            path.display()
        ))
    })
}

/// The header of `runs.csv`.
fn runs_header() -> Vec<String> {
    ["variant", "replication", "seed", "caring", "daring"]
        .into_iter()
        .map(String::from)
        .chain(SUMMARY_FIELDS.iter().cloned())
        .collect()
}

/// The rows of a `runs.csv` without its header, as text.
fn runs_body(path: &Path) -> Result<String, AppError> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    Ok(text
        .split_once('\n')
        .map_or(String::new(), |(_, rest)| rest.to_string()))
}

/// Writes the header of `runs.csv` and then `bodies` (rows kept as text) in order.
fn start_runs_csv(path: &Path, bodies: &[String]) -> Result<(), AppError> {
    CsvFile::create(path, runs_header())?.finish()?;
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(io(path))?;
    for body in bodies {
        f.write_all(body.as_bytes()).map_err(io(path))?;
    }
    Ok(())
}

/// Runs (or continues) a batch. Returns the staging folder, with `runs.csv` written,
/// and the aggregates when the whole batch is done here; the caller adds the result
/// files and commits. Returns None when the piece was a shard (its files are then
/// committed already).
pub(super) fn execute(
    kind: Kind,
    scenario_file: &Path,
    spec: &BatchSpec,
    out_dir: &Path,
    ctl: &JobControl,
    threads: usize,
    progress: &dyn Progress,
) -> Result<Option<(Staging, Aggregates)>, AppError> {
    let text = std::fs::read_to_string(scenario_file).map_err(io(scenario_file))?;
    let key = key(kind, spec, &text, ctl.shard);
    let range = ctl.shard.map_or(0..spec.runs, |s| s.range(spec.runs));
    let partial = out_dir.join(PARTIAL);

    let (earlier, start, prefix) = if ctl.resume {
        let state = partial.join(STATE);
        if !state.is_file() {
            return Err(AppError::Usage(format!(
                "{}: no interrupted batch to resume here",
                out_dir.display()
            )));
        }
        let saved = load(&state)?;
        if saved.key != key {
            return Err(AppError::Usage(format!(
                "{}: the interrupted batch there was started with another scenario, seed, number of runs, styles or shard; resume it with the same command",
                out_dir.display()
            )));
        }
        let prefix = runs_body(&partial.join("runs.csv"))?;
        (Some(saved.aggregates), saved.next, prefix)
    } else {
        if partial.join(STATE).is_file() && !ctl.force {
            return Err(AppError::Usage(format!(
                "{} holds an interrupted batch: add --resume to continue it, or --force to start over",
                out_dir.display()
            )));
        }
        output::check_fresh(out_dir, ctl.force)?;
        (None, range.start, String::new())
    };

    let staging = Staging::new(out_dir)?;
    let runs_path = staging.path("runs.csv");
    // Rows of the earlier part go first, as text: they are the same bytes either way.
    start_runs_csv(&runs_path, &[prefix])?;
    let mut rows = csv::WriterBuilder::new().from_writer(std::io::BufWriter::new(
        std::fs::OpenOptions::new()
            .append(true)
            .open(&runs_path)
            .map_err(io(&runs_path))?,
    ));
    progress.start(range.end - start, spec.variants.len());
    let on_row = |row: &RunRow| -> Result<(), AppError> {
        let v: &Variant = &spec.variants[row.variant];
        let cells = [
            v.name.clone(),
            row.replication.to_string(),
            row.seed.to_string(),
            fmt_value(Some(v.caring)),
            fmt_value(Some(v.daring)),
        ];
        rows.write_record(
            cells
                .into_iter()
                .chain(row.summary.values.iter().map(|x| fmt_value(*x))),
        )
        .map_err(|cause| {
            AppError::Output(OutputError::Csv {
                path: runs_path.clone(),
                cause,
            })
        })
    };
    let result =
        batch::run_replications(spec, threads, start..range.end, ctl.stop, on_row, &|| {
            progress.tick()
        });
    progress.finish();
    let (mut aggregates, next) = result?;
    rows.flush().map_err(io(&runs_path))?;
    drop(rows);
    if let Some(e) = earlier {
        aggregates.merge(&e);
    }
    let saved = |next| Saved {
        key: key.clone(),
        scenario_file: scenario_file.display().to_string(),
        scenario_text: text.clone(),
        start: range.start,
        next,
        aggregates: aggregates.clone(),
    };

    if next < range.end {
        // Interrupted: keep every completed run, and the state to continue from.
        std::fs::create_dir_all(&partial).map_err(io(&partial))?;
        let kept = partial.join("runs.csv");
        std::fs::rename(&runs_path, &kept).map_err(io(&kept))?;
        save(&partial.join(STATE), &saved(next))?;
        return Err(AppError::Interrupted {
            done: next - range.start,
            total: range.end - range.start,
            dir: out_dir.to_path_buf(),
        });
    }
    if partial.exists() {
        std::fs::remove_dir_all(&partial).map_err(io(&partial))?;
    }
    if ctl.shard.is_some() {
        save(&staging.path("shard.bin"), &saved(next))?;
        staging.commit()?;
        return Ok(None);
    }
    Ok(Some((staging, aggregates)))
}

/// `teamsim merge`: combines the shards of one batch into exactly the files a single
/// run of the whole batch writes (the manifest's date aside).
pub fn merge(dirs: &[PathBuf], out: &Path, force: bool) -> Result<BatchReport, AppError> {
    if dirs.is_empty() {
        return Err(AppError::Usage(
            "merge needs at least one shard folder".into(),
        ));
    }
    let mut shards = Vec::new();
    for d in dirs {
        let path = d.join("shard.bin");
        if !path.is_file() {
            return Err(AppError::Usage(format!(
                "{}: no shard here (run compare or sweep with --shard K/N first)",
                d.display()
            )));
        }
        shards.push((d.clone(), load(&path)?));
    }
    shards.sort_by_key(|(_, s)| s.key.shard.map_or(0, |s| s.index));
    let first = &shards[0].1;
    let Some(Shard { count, .. }) = first.key.shard else {
        return Err(AppError::Usage(format!(
            "{}: not a shard",
            shards[0].0.display()
        )));
    };
    let mut common = first.key.clone();
    common.shard = None;
    for (k, (dir, s)) in shards.iter().enumerate() {
        let mut other = s.key.clone();
        let this = other.shard.take();
        if other != common {
            return Err(AppError::Usage(format!(
                "{}: this shard belongs to another batch (scenario, seed, runs or styles differ)",
                dir.display()
            )));
        }
        if this
            != Some(Shard {
                index: k as u64 + 1,
                count,
            })
        {
            return Err(AppError::Usage(format!(
                "shards must be 1/{count} to {count}/{count}, each once; {} is {}",
                dir.display(),
                this.map_or("none".into(), |s| format!("{}/{}", s.index, s.count))
            )));
        }
        if s.next
            != (Shard {
                index: k as u64 + 1,
                count,
            })
            .range(common.runs)
            .end
        {
            return Err(AppError::Usage(format!(
                "{}: this shard did not finish",
                dir.display()
            )));
        }
    }
    if shards.len() as u64 != count {
        return Err(AppError::Usage(format!(
            "{} of {count} shards given; merge needs all of them",
            shards.len()
        )));
    }
    output::check_fresh(out, force)?;

    let mut scenario = Scenario::parse(&first.scenario_text, Path::new(&first.scenario_file))?;
    scenario.seed = common.root_seed;
    let spec = BatchSpec {
        scenario: scenario.clone(),
        variants: common
            .variants
            .iter()
            .map(|(name, caring, daring, availability)| Variant {
                name: name.clone(),
                caring: *caring,
                daring: *daring,
                availability: *availability,
            })
            .collect(),
        runs: common.runs,
        root_seed: common.root_seed,
        daily: common.daily,
        reference: common.reference,
    };
    let mut aggregates = Aggregates::new(&spec);
    for (_, s) in &shards {
        aggregates.merge(&s.aggregates);
    }
    let staging = Staging::new(out)?;
    let bodies = shards
        .iter()
        .map(|(dir, _)| runs_body(&dir.join("runs.csv")))
        .collect::<Result<Vec<_>, _>>()?;
    start_runs_csv(&staging.path("runs.csv"), &bodies)?;
    let table = write_results(
        common.kind,
        &staging,
        &spec,
        &aggregates,
        Path::new(&first.scenario_file),
    )?;
    staging.commit()?;
    Ok(BatchReport {
        scenario,
        variants: spec.variants.clone(),
        runs: spec.runs,
        threads: 0,
        out_dir: out.to_path_buf(),
        table,
    })
}
