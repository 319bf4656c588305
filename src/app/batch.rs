//! `teamsim compare` and `teamsim sweep`: batches of seeded runs and their files.

use super::job::JobControl;
use super::{AppError, Manifest, default_out_dir};
use crate::batch::stats::Stats;
use crate::batch::{self, Aggregates, BatchSpec, DIFF_KEYS, Variant};
use crate::model::Quadrant;
use crate::output::{self, CsvFile, STATS_COLUMNS, Staging, fmt_value, stats_cells};
use crate::scenario::{Scenario, ScenarioSource};
use crate::sim::{DAILY_METRICS, SUMMARY_FIELDS};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Which batch command produced a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// `teamsim compare`.
    Compare,
    /// `teamsim sweep`.
    Sweep,
}

/// Writes a finished batch's result files (besides `runs.csv`) into `staging` and
/// returns the text for the user.
pub(super) fn write_results(
    kind: Kind,
    staging: &Staging,
    spec: &BatchSpec,
    aggregates: &Aggregates,
    source: &ScenarioSource,
) -> Result<String, AppError> {
    let table = match kind {
        Kind::Compare => {
            write_daily_stats(&staging.path("daily_stats.csv"), spec, aggregates)?;
            write_summary_stats(&staging.path("summary_stats.csv"), spec, aggregates)?;
            write_differences(&staging.path("differences.csv"), spec, aggregates)?;
            let table = comparison_table(spec, aggregates);
            output::write_text(&staging.path("table.txt"), &table)?;
            table
        }
        Kind::Sweep => {
            write_cells(&staging.path("cells.csv"), spec, aggregates)?;
            write_summary_stats(&staging.path("sweep_stats.csv"), spec, aggregates)?;
            sweep_table(spec, aggregates)
        }
    };
    let name = match kind {
        Kind::Compare => "compare",
        Kind::Sweep => "sweep",
    };
    let manifest = batch_manifest(name, source, spec);
    output::write_text(&staging.path("manifest.toml"), &manifest.to_toml())?;
    Ok(table)
}

/// Default runs per variant for `compare`.
pub const DEFAULT_COMPARE_RUNS: u64 = 1000;
/// Default runs per cell for `sweep`.
pub const DEFAULT_SWEEP_RUNS: u64 = 100;
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

/// Options of `teamsim compare`.
#[derive(Debug, Clone, Default)]
pub struct CompareOptions {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Runs per variant (default: the scenario's `[compare]` runs, else 1000).
    pub runs: Option<u64>,
    /// Quadrants to compare (default: the scenario's variants, else all four).
    pub styles: Option<Vec<Quadrant>>,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Root seed instead of the scenario's.
    pub seed: Option<u64>,
    /// Output directory instead of `output/<scenario-name>/compare/`.
    pub out: Option<PathBuf>,
    /// Shards, resume, --force and the stop flag.
    pub control: JobControl,
}

/// What a batch command did.
#[derive(Debug, Clone)]
pub struct BatchReport {
    /// The scenario.
    pub scenario: Scenario,
    /// The variants run.
    pub variants: Vec<Variant>,
    /// Runs per variant.
    pub runs: u64,
    /// Worker threads used.
    pub threads: usize,
    /// Where the files went.
    pub out_dir: PathBuf,
    /// The plain-language table.
    pub table: String,
}

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

pub(super) fn check_runs(runs: u64) -> Result<u64, AppError> {
    check_runs_named("--runs", runs)
}

/// Checks a number of runs given as `flag`.
pub(super) fn check_runs_named(flag: &str, runs: u64) -> Result<u64, AppError> {
    if runs == 0 || runs > batch::MAX_RUNS {
        return Err(AppError::Usage(format!(
            "{flag} {runs} is out of range: must be within 1..={}",
            batch::MAX_RUNS
        )));
    }
    Ok(runs)
}

/// Checks a sweep grid given as `flag`.
pub(super) fn check_grid(flag: &str, grid: usize) -> Result<usize, AppError> {
    let (lo, hi) = GRID_RANGE;
    if grid < lo || grid > hi {
        return Err(AppError::Usage(format!(
            "{flag} {grid} is out of range: must be within {lo}..={hi}"
        )));
    }
    Ok(grid)
}

/// The variants `compare` runs: the styles asked for, else the scenario's `[compare]`
/// variants, else the four quadrants.
pub fn compare_variants(scenario: &Scenario, styles: Option<&[Quadrant]>) -> Vec<Variant> {
    match styles {
        Some(styles) => styles.iter().map(|q| Variant::of_quadrant(*q)).collect(),
        None if !scenario.compare.variants.is_empty() => scenario
            .compare
            .variants
            .iter()
            .map(|v| Variant {
                name: v.name.clone(),
                caring: v.caring,
                daring: v.daring,
                availability: v.availability,
            })
            .collect(),
        None => Quadrant::ALL
            .iter()
            .map(|q| Variant::of_quadrant(*q))
            .collect(),
    }
}

/// `teamsim compare`: every variant over the same seeds; writes `runs.csv`,
/// `daily_stats.csv`, `summary_stats.csv`, `differences.csv`, `table.txt` and
/// `manifest.toml`.
pub fn compare(opts: &CompareOptions, progress: &dyn Progress) -> Result<BatchReport, AppError> {
    compare_from(&ScenarioSource::read(&opts.scenario)?, opts, progress)
}

/// `teamsim compare` on a scenario already read.
pub(super) fn compare_from(
    source: &ScenarioSource,
    opts: &CompareOptions,
    progress: &dyn Progress,
) -> Result<BatchReport, AppError> {
    let mut scenario = source.parse()?;
    if let Some(seed) = opts.seed {
        scenario.seed = seed;
    }
    let runs = check_runs(
        opts.runs
            .or(scenario.compare.runs)
            .unwrap_or(DEFAULT_COMPARE_RUNS),
    )?;
    let threads = threads(opts.threads)?;
    let variants = compare_variants(&scenario, opts.styles.as_deref());
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = variants.iter().find(|v| !seen.insert(v.name.clone())) {
        return Err(AppError::Usage(format!(
            "--styles names `{}` twice",
            dup.name
        )));
    }
    // Differences are taken against the secure base when it is there, else the first.
    let reference = variants
        .iter()
        .position(|v| v.name == Quadrant::SecureBase.name())
        .or(Some(0))
        .filter(|_| variants.len() > 1);
    let spec = BatchSpec {
        root_seed: scenario.seed,
        scenario,
        variants,
        runs,
        daily: true,
        reference,
    };
    finish(
        Kind::Compare,
        source,
        opts.out.clone(),
        spec,
        &opts.control,
        threads,
        progress,
    )
}

/// Options of `teamsim sweep`.
#[derive(Debug, Clone, Default)]
pub struct SweepOptions {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Points per axis (caring and daring each take `grid` values from 0 to 1).
    pub grid: usize,
    /// Runs per cell (default 100).
    pub runs: Option<u64>,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Root seed instead of the scenario's.
    pub seed: Option<u64>,
    /// Output directory instead of `output/<scenario-name>/sweep/`.
    pub out: Option<PathBuf>,
    /// Shards, resume, --force and the stop flag.
    pub control: JobControl,
}

/// Smallest and largest grid for `sweep`.
pub const GRID_RANGE: (usize, usize) = (2, 101);

/// The metrics of the wide `cells.csv` (summary field, column name).
pub const CELL_METRICS: [(&str, &str); 7] = [
    ("avg_safety", "safety"),
    ("avg_grow_share", "grow_share"),
    ("avg_trust", "trust"),
    ("total_learning", "learning"),
    ("total_absence_days", "absence_days"),
    ("total_departures", "departures"),
    ("avg_output", "output"),
];

/// `teamsim sweep`: a caring x daring grid with `runs` seeds per cell; writes
/// `cells.csv` (one row per cell, for heatmaps), `sweep_stats.csv`, `runs.csv` and
/// `manifest.toml`.
pub fn sweep(opts: &SweepOptions, progress: &dyn Progress) -> Result<BatchReport, AppError> {
    sweep_from(&ScenarioSource::read(&opts.scenario)?, opts, progress)
}

/// `teamsim sweep` on a scenario already read.
pub(super) fn sweep_from(
    source: &ScenarioSource,
    opts: &SweepOptions,
    progress: &dyn Progress,
) -> Result<BatchReport, AppError> {
    let mut scenario = source.parse()?;
    if let Some(seed) = opts.seed {
        scenario.seed = seed;
    }
    check_grid("--grid", opts.grid)?;
    let runs = check_runs(opts.runs.unwrap_or(DEFAULT_SWEEP_RUNS))?;
    let threads = threads(opts.threads)?;
    let g = opts.grid;
    let mut variants = Vec::with_capacity(g * g);
    for i in 0..g {
        for j in 0..g {
            let caring = i as f64 / (g - 1) as f64;
            let daring = j as f64 / (g - 1) as f64;
            variants.push(Variant {
                name: format!(
                    "caring={} daring={}",
                    fmt_value(Some(caring)),
                    fmt_value(Some(daring))
                ),
                caring,
                daring,
                availability: None,
            });
        }
    }
    let spec = BatchSpec {
        root_seed: scenario.seed,
        scenario,
        variants,
        runs,
        daily: false,
        reference: None,
    };
    finish(
        Kind::Sweep,
        source,
        opts.out.clone(),
        spec,
        &opts.control,
        threads,
        progress,
    )
}

/// Runs (or continues, or runs a shard of) the batch and writes its files into `out`
/// (default `output/<scenario-name>/<command>/`).
fn finish(
    kind: Kind,
    source: &ScenarioSource,
    out: Option<PathBuf>,
    spec: BatchSpec,
    control: &JobControl,
    threads: usize,
    progress: &dyn Progress,
) -> Result<BatchReport, AppError> {
    let out_dir = out.unwrap_or_else(|| {
        default_out_dir(&spec.scenario).join(match kind {
            Kind::Compare => "compare",
            Kind::Sweep => "sweep",
        })
    });
    let folder = crate::output::OutputFolder::claim(&out_dir)?;
    let done = super::job::execute(
        kind,
        source,
        &spec,
        &folder,
        control,
        threads,
        progress,
        |staging, aggregates| write_results(kind, staging, &spec, aggregates, source),
    )?;
    let table = match done {
        Some(table) => table,
        None => {
            let shard = control.shard.map_or(String::new(), |s| s.to_string());
            format!(
                "shard {shard} of {}: done; combine all shards with `teamsim merge`\n",
                spec.scenario.name
            )
        }
    };
    Ok(BatchReport {
        scenario: spec.scenario,
        variants: spec.variants,
        runs: spec.runs,
        threads,
        out_dir,
        table,
    })
}

fn write_daily_stats(path: &Path, spec: &BatchSpec, agg: &Aggregates) -> Result<(), AppError> {
    let header = ["variant", "day", "metric"]
        .into_iter()
        .chain(STATS_COLUMNS);
    let mut out = CsvFile::create(path, header)?;
    let days = spec.days();
    for (v, variant) in spec.variants.iter().enumerate() {
        for (k, day) in days.iter().enumerate().take(agg.observations()) {
            for (m, metric) in DAILY_METRICS.iter().enumerate() {
                let lead = [variant.name.clone(), fmt_value(Some(*day)), metric.clone()];
                out.row(
                    lead.into_iter()
                        .chain(stats_cells(agg.daily(v, k, m).stats())),
                )?;
            }
        }
    }
    out.finish()?;
    Ok(())
}

fn write_summary_stats(path: &Path, spec: &BatchSpec, agg: &Aggregates) -> Result<(), AppError> {
    let header = ["variant", "caring", "daring", "metric"]
        .into_iter()
        .chain(STATS_COLUMNS);
    let mut out = CsvFile::create(path, header)?;
    for (v, variant) in spec.variants.iter().enumerate() {
        for (f, field) in SUMMARY_FIELDS.iter().enumerate() {
            let lead = [
                variant.name.clone(),
                fmt_value(Some(variant.caring)),
                fmt_value(Some(variant.daring)),
                field.clone(),
            ];
            out.row(
                lead.into_iter()
                    .chain(stats_cells(agg.summary(v, f).stats())),
            )?;
        }
    }
    out.finish()?;
    Ok(())
}

/// Whether a paired difference is clear of noise: its 95% interval excludes zero.
fn verdict(s: &Stats) -> &'static str {
    if s.n < 2 {
        "too few runs"
    } else if s.ci_low > 0.0 || s.ci_high < 0.0 {
        "clear"
    } else if s.sd == 0.0 {
        "no difference"
    } else {
        "too close to call: run more (--runs)"
    }
}

/// Standardised effect size of paired differences: mean / sd (Cohen's d_z).
fn effect_size(s: &Stats) -> Option<f64> {
    (s.sd > 0.0).then(|| s.mean / s.sd)
}

fn write_differences(path: &Path, spec: &BatchSpec, agg: &Aggregates) -> Result<(), AppError> {
    let header = [
        "variant",
        "reference",
        "metric",
        "n",
        "mean_difference",
        "sd",
        "ci_low",
        "ci_high",
        "effect_size",
        "verdict",
    ];
    let mut out = CsvFile::create(path, header)?;
    if let Some(reference) = spec.reference {
        for (v, variant) in spec.variants.iter().enumerate() {
            if v == reference {
                continue;
            }
            for (k, key) in DIFF_KEYS.iter().enumerate() {
                let Some(s) = agg.diff(v, k).stats() else {
                    continue;
                };
                out.row([
                    variant.name.clone(),
                    spec.variants[reference].name.clone(),
                    key.to_string(),
                    s.n.to_string(),
                    fmt_value(Some(s.mean)),
                    fmt_value(Some(s.sd)),
                    fmt_value(Some(s.ci_low)),
                    fmt_value(Some(s.ci_high)),
                    fmt_value(effect_size(&s)),
                    verdict(&s).to_string(),
                ])?;
            }
        }
    }
    out.finish()?;
    Ok(())
}

fn write_cells(path: &Path, spec: &BatchSpec, agg: &Aggregates) -> Result<(), AppError> {
    let mut header: Vec<String> = ["caring", "daring", "quadrant", "runs"]
        .map(String::from)
        .to_vec();
    for (_, col) in CELL_METRICS {
        header.extend([
            col.to_string(),
            format!("{col}_ci_low"),
            format!("{col}_ci_high"),
        ]);
    }
    let mut out = CsvFile::create(path, &header)?;
    for (v, variant) in spec.variants.iter().enumerate() {
        let mut row = vec![
            fmt_value(Some(variant.caring)),
            fmt_value(Some(variant.daring)),
            Quadrant::of(variant.caring, variant.daring)
                .name()
                .to_string(),
            spec.runs.to_string(),
        ];
        for (field, _) in CELL_METRICS {
            let s = agg.summary_named(v, field).and_then(|a| a.stats());
            row.extend([
                fmt_value(s.map(|s| s.mean)),
                fmt_value(s.map(|s| s.ci_low)),
                fmt_value(s.map(|s| s.ci_high)),
            ]);
        }
        out.row(&row)?;
    }
    out.finish()?;
    Ok(())
}

fn batch_manifest(command: &str, source: &ScenarioSource, spec: &BatchSpec) -> Manifest {
    let mut m = Manifest::new(command, source, &spec.scenario);
    m.seed = spec.root_seed;
    m.seed_scheme = "replication r runs with the first u64 of ChaCha8Rng::seed_from_u64(root_seed) on stream r; the same seed under every variant (common random numbers); each run then uses ChaCha8Rng::seed_from_u64(run_seed)".into();
    m.runs = spec.runs;
    m.variants = spec
        .variants
        .iter()
        .map(|v| format!("{}: caring={} daring={}", v.name, v.caring, v.daring))
        .collect();
    m
}

/// A cell like `0.62 (0.61-0.63)`, in the metric's own unit.
fn with_ci(s: Option<Stats>, unit: Unit) -> String {
    let Some(s) = s else {
        return "-".into();
    };
    let (scale, decimals, suffix) = match unit {
        Unit::Share => (100.0, 0, "%"),
        Unit::Level => (1.0, 2, ""),
        Unit::Amount => (1.0, 0, ""),
        Unit::Few => (1.0, 1, ""),
        Unit::Fine => (1.0, 3, ""),
    };
    let f = |v: f64| format!("{:.*}", decimals, v * scale);
    format!(
        "{}{suffix} ({} to {}{suffix})",
        f(s.mean),
        f(s.ci_low),
        f(s.ci_high)
    )
}

#[derive(Clone, Copy)]
enum Unit {
    /// A share, shown as a percentage.
    Share,
    /// A level on the 0..1 scale.
    Level,
    /// A large count or amount.
    Amount,
    /// A small count.
    Few,
    /// A small difference on the 0..1 scale.
    Fine,
}

/// The metrics of the printed table: summary field, heading, unit.
const TABLE: [(&str, &str, Unit); 7] = [
    ("avg_safety", "safety", Unit::Level),
    ("avg_grow_share", "in Grow (Doel 2)", Unit::Share),
    (
        "protect_episodes_per_member_year",
        "Doel 1 episodes/year",
        Unit::Few,
    ),
    (
        "mean_protect_episode_days",
        "Doel 1 episode days",
        Unit::Few,
    ),
    ("total_learning", "learning", Unit::Amount),
    ("total_absence_days", "absence days", Unit::Amount),
    ("total_departures", "departures", Unit::Few),
];

/// The plain-language comparison table printed at the end of `compare`.
pub fn comparison_table(spec: &BatchSpec, agg: &Aggregates) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} leadership variants x {} runs, same seeds for every variant; mean (95% CI) per run",
        spec.scenario.name,
        spec.variants.len(),
        spec.runs
    );
    let name_w = spec
        .variants
        .iter()
        .map(|v| v.name.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let col_w = 24;
    let _ = write!(out, "\n{:name_w$}", "style");
    for (_, heading, _) in TABLE {
        let _ = write!(out, "  {heading:>col_w$}");
    }
    out.push('\n');
    for (v, variant) in spec.variants.iter().enumerate() {
        let _ = write!(out, "{:name_w$}", variant.name);
        for (field, _, unit) in TABLE {
            let s = agg.summary_named(v, field).and_then(|a| a.stats());
            let _ = write!(out, "  {:>col_w$}", with_ci(s, unit));
        }
        out.push('\n');
    }
    if let Some(reference) = spec.reference {
        let _ = writeln!(
            out,
            "\nPaired differences with {} (same team draws and event luck): mean difference (95% CI), effect size d",
            spec.variants[reference].name
        );
        for (v, variant) in spec.variants.iter().enumerate() {
            if v == reference {
                continue;
            }
            let _ = writeln!(out, "{}:", variant.name);
            for (field, heading, unit) in TABLE {
                let Some(k) = DIFF_KEYS.iter().position(|d| *d == field) else {
                    continue;
                };
                let Some(s) = agg.diff(v, k).stats() else {
                    continue;
                };
                let d = effect_size(&s).map_or("-".into(), |d| format!("{d:+.2}"));
                // Differences on the 0..1 scale get a third decimal: they can be small.
                let unit = match unit {
                    Unit::Level => Unit::Fine,
                    other => other,
                };
                let _ = writeln!(
                    out,
                    "  {heading:18} {:>30}  d = {d:>6}  {}",
                    signed(with_ci(Some(s), unit), s.mean),
                    verdict(&s)
                );
            }
        }
    }
    out
}

fn signed(text: String, mean: f64) -> String {
    if mean >= 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// A short text for `sweep`: the best and worst cells on the key outcomes.
fn sweep_table(spec: &BatchSpec, agg: &Aggregates) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: caring x daring grid of {} cells x {} runs",
        spec.scenario.name,
        spec.variants.len(),
        spec.runs
    );
    for (field, heading, unit) in TABLE {
        let means: Vec<(usize, Stats)> = (0..spec.variants.len())
            .filter_map(|v| Some((v, agg.summary_named(v, field)?.stats()?)))
            .collect();
        let best = means.iter().max_by(|a, b| a.1.mean.total_cmp(&b.1.mean));
        let worst = means.iter().min_by(|a, b| a.1.mean.total_cmp(&b.1.mean));
        if let (Some(hi), Some(lo)) = (best, worst) {
            let _ = writeln!(
                out,
                "  {heading:18} highest {} at {}; lowest {} at {}",
                with_ci(Some(hi.1), unit),
                spec.variants[hi.0].name,
                with_ci(Some(lo.1), unit),
                spec.variants[lo.0].name
            );
        }
    }
    out
}
