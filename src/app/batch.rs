//! `teamsim compare` and `teamsim sweep`: batches of seeded runs and their files.

use super::job::JobControl;
use super::{AppError, Manifest, default_out_dir};
use crate::batch::stats::Stats;
use crate::batch::verdict::{self, Verdict};
use crate::batch::{self, Aggregates, BatchSpec, DIFF_KEYS, Variant};
use crate::chart::Lang;
use crate::model::Quadrant;
use crate::output::{self, CsvFile, STATS_COLUMNS, Staging, fmt_value, stats_cells};
use crate::scenario::{Intervention, Scenario, ScenarioSource};
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
    lang: Lang,
    xlsx: bool,
) -> Result<String, AppError> {
    if xlsx {
        super::workbook::write_workbook(
            &staging.path(super::workbook::WORKBOOK),
            matches!(kind, Kind::Sweep),
            spec,
            aggregates,
            lang,
        )?;
    }
    let table = match kind {
        Kind::Compare => {
            write_daily_stats(&staging.path("daily_stats.csv"), spec, aggregates)?;
            write_summary_stats(&staging.path("summary_stats.csv"), spec, aggregates)?;
            write_differences(&staging.path("differences.csv"), spec, aggregates)?;
            output::write_timeline_csv(&staging.path("timeline.csv"), &spec.scenario)?;
            let table = comparison_table(spec, aggregates, lang);
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
    /// Quadrants to compare (default: the scenario's variants, else all four), beside
    /// the scenario as written.
    pub styles: Option<Vec<Quadrant>>,
    /// Also run the scenario's own leader without the scenario's interventions.
    pub without_interventions: bool,
    /// Language of the printed table.
    pub lang: Lang,
    /// Also write an Excel workbook (`results.xlsx`) in the language.
    pub xlsx: bool,
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

/// The variants `compare` runs: first the scenario as written ("as is": its own
/// leader, its interventions), then, with `without_interventions`, the same leader
/// without the interventions, then the styles asked for, else the scenario's
/// `[compare]` variants, else the four quadrants. A style that would run exactly the
/// same scenario as the "as is" row is left out (its numbers would repeat that row).
pub fn compare_variants(
    scenario: &Scenario,
    styles: Option<&[Quadrant]>,
    without_interventions: bool,
) -> Vec<Variant> {
    let as_is = Variant::as_is(scenario);
    let mut variants = vec![as_is.clone()];
    if without_interventions {
        variants.push(Variant::as_is_without_interventions(scenario));
    }
    let others: Vec<Variant> = match styles {
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
                interventions: true,
            })
            .collect(),
        None => Quadrant::ALL
            .iter()
            .map(|q| Variant::of_quadrant(*q))
            .collect(),
    };
    variants.extend(
        others
            .into_iter()
            .filter(|v| !v.same_runs_as(&as_is, scenario)),
    );
    variants
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
    if opts.without_interventions && scenario.interventions.is_empty() {
        return Err(AppError::Usage(format!(
            "--without-interventions: {} has no [[interventions]] to leave out",
            source.path.display()
        )));
    }
    let variants = compare_variants(
        &scenario,
        opts.styles.as_deref(),
        opts.without_interventions,
    );
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = variants.iter().find(|v| !seen.insert(v.name.clone())) {
        return Err(AppError::Usage(format!(
            "the leader `{}` is named twice (by --styles, or in [compare] of {}, where `{}` and `{}` are taken by the scenario as written)",
            dup.name,
            source.path.display(),
            batch::AS_IS,
            batch::AS_IS_WITHOUT_INTERVENTIONS
        )));
    }
    // Differences are taken against the scenario as written: "what would change
    // under another leader?"
    let reference = Some(0).filter(|_| variants.len() > 1);
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
        (opts.out.clone(), opts.lang, opts.xlsx),
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
    /// Language of the printed summary.
    pub lang: Lang,
    /// Also write an Excel workbook (`results.xlsx`) in the language.
    pub xlsx: bool,
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
                interventions: true,
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
        (opts.out.clone(), opts.lang, opts.xlsx),
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
    (out, lang, xlsx): (Option<PathBuf>, Lang, bool),
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
        |staging, aggregates| write_results(kind, staging, &spec, aggregates, source, lang, xlsx),
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
        "smallest_meaningful",
        "verdict",
    ];
    let mut out = CsvFile::create(path, header)?;
    if let Some(reference) = spec.reference {
        for (v, variant) in spec.variants.iter().enumerate() {
            if v == reference {
                continue;
            }
            for key in DIFF_KEYS {
                let Some((s, size, verdict)) = judged(spec, agg, v, key) else {
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
                    fmt_value(Some(size)),
                    verdict.code().to_string(),
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

/// A number in a metric's own unit: a share as a percentage (or, for a difference,
/// in points), other values with the decimals that suit them.
pub(super) fn in_unit(x: f64, unit: Unit, lang: Lang, difference: bool) -> String {
    let (scale, decimals) = match (unit, difference) {
        (Unit::Share, false) => (100.0, 0),
        (Unit::Share, true) => (100.0, 1),
        (Unit::Level, false) => (1.0, 2),
        (Unit::Level, true) => (1.0, 3),
        (Unit::Amount, _) => (1.0, 0),
        (Unit::Few, _) => (1.0, 1),
    };
    let number = if difference {
        lang.signed(x * scale, decimals)
    } else {
        lang.number(x * scale, decimals)
    };
    match (unit, difference) {
        (Unit::Share, false) => format!("{number}%"),
        (Unit::Share, true) => format!(
            "{number} {}",
            match lang {
                Lang::En => "pts",
                Lang::Nl => "ptn",
            }
        ),
        _ => number,
    }
}

/// A cell like `62% (61 to 63%)`, in the metric's own unit.
fn with_ci(s: Option<Stats>, unit: Unit, lang: Lang, difference: bool) -> String {
    let Some(s) = s else {
        return "-".into();
    };
    let f = |v| in_unit(v, unit, lang, difference);
    let to = match lang {
        Lang::En => "to",
        Lang::Nl => "tot",
    };
    format!("{} ({} {to} {})", f(s.mean), f(s.ci_low), f(s.ci_high))
}

/// How an outcome is shown in the printed table and on the report page.
#[derive(Clone, Copy)]
pub(super) enum Unit {
    /// A share, shown as a percentage (differences in percentage points).
    Share,
    /// A level on the 0..1 scale.
    Level,
    /// A large count or amount.
    Amount,
    /// A small count.
    Few,
}

/// The metrics of the printed table: summary field, English and Dutch heading, unit.
const TABLE: [(&str, &str, &str, Unit); 7] = [
    ("avg_safety", "safety", "veiligheid", Unit::Level),
    (
        "avg_grow_share",
        "in Grow (Doel 2)",
        "in Doel 2",
        Unit::Share,
    ),
    (
        "protect_episodes_per_member_year",
        "Doel 1 episodes/year",
        "Doel 1-episodes/jaar",
        Unit::Few,
    ),
    (
        "mean_protect_episode_days",
        "Doel 1 episode days",
        "dagen per Doel 1-episode",
        Unit::Few,
    ),
    ("total_learning", "learning", "leren", Unit::Amount),
    (
        "total_absence_days",
        "absence days",
        "verzuimdagen",
        Unit::Amount,
    ),
    ("total_departures", "departures", "vertrokken", Unit::Few),
];

/// The interventions of a scenario, in plain words, e.g. "coaching from day 120 for
/// 40 days; team session on day 121".
pub fn interventions_text(scenario: &Scenario, lang: Lang) -> String {
    let day = |d: f64| lang.number(d, 0);
    scenario
        .interventions
        .iter()
        .map(|iv| {
            let what = lang.event(iv.label());
            match (iv, lang) {
                (
                    Intervention::Coaching {
                        day: d, duration, ..
                    },
                    Lang::En,
                ) => {
                    format!("{what} from day {} for {} days", day(*d), day(*duration))
                }
                (
                    Intervention::Coaching {
                        day: d, duration, ..
                    },
                    Lang::Nl,
                ) => {
                    format!("{what} vanaf dag {}, {} dagen", day(*d), day(*duration))
                }
                (_, Lang::En) => format!("{what} on day {}", day(iv.day())),
                (_, Lang::Nl) => format!("{what} op dag {}", day(iv.day())),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The scenario's own leader in words: "caring 0.20, daring 0.80 (dominating),
/// availability 0.40".
pub fn leader_text(scenario: &Scenario, lang: Lang) -> String {
    let l = &scenario.leader;
    let q = Quadrant::of(l.caring, l.daring);
    match lang {
        Lang::En => format!(
            "caring {}, daring {} ({}), availability {}",
            lang.number(l.caring, 2),
            lang.number(l.daring, 2),
            lang.quadrant(q).to_lowercase(),
            lang.number(l.availability, 2)
        ),
        Lang::Nl => format!(
            "caring {}, daring {} ({}), beschikbaarheid {}",
            lang.number(l.caring, 2),
            lang.number(l.daring, 2),
            lang.quadrant(q).to_lowercase(),
            lang.number(l.availability, 2)
        ),
    }
}

/// The paired difference of variant `v` from the reference in `field`, with its
/// smallest meaningful difference (in the field's unit) and verdict.
pub fn judged(
    spec: &BatchSpec,
    agg: &Aggregates,
    v: usize,
    field: &str,
) -> Option<(Stats, f64, Verdict)> {
    let reference = spec.reference?;
    let k = DIFF_KEYS.iter().position(|d| *d == field)?;
    let s = agg.diff(v, k).stats()?;
    let m = verdict::meaningful(field)?;
    let base = agg
        .summary_named(reference, field)
        .and_then(|a| a.stats())
        .map_or(0.0, |r| r.mean);
    let size = m.size(base);
    Some((s, size, Verdict::of(&s, &m, size)))
}

/// The plain-language comparison table printed at the end of `compare`.
pub fn comparison_table(spec: &BatchSpec, agg: &Aggregates, lang: Lang) -> String {
    let mut out = String::new();
    let nl = lang == Lang::Nl;
    let _ = writeln!(
        out,
        "{}",
        if nl {
            format!(
                "{}: {} leiders x {} runs, dezelfde seeds voor elke leider; gemiddelde per run (95%-BI)",
                spec.scenario.name,
                spec.variants.len(),
                spec.runs
            )
        } else {
            format!(
                "{}: {} leaders x {} runs, the same seeds for every leader; mean per run (95% CI)",
                spec.scenario.name,
                spec.variants.len(),
                spec.runs
            )
        }
    );
    if spec.variants.iter().any(|v| v.name == batch::AS_IS) {
        let _ = writeln!(
            out,
            "{} = {}: {}",
            lang.as_is(),
            if nl {
                "de eigen leider van het scenario"
            } else {
                "the scenario's own leader"
            },
            leader_text(&spec.scenario, lang)
        );
    }
    if !spec.scenario.interventions.is_empty() {
        let without = spec.variants.iter().filter(|v| !v.interventions).count();
        let _ = writeln!(
            out,
            "{}: {}",
            match (nl, without) {
                (false, 0) => "Applied under every leader",
                (false, _) => "Applied under every leader but the rows marked without",
                (true, 0) => "Bij elke leider toegepast",
                (true, _) => "Bij elke leider toegepast, behalve in de rijen zonder interventies",
            },
            interventions_text(&spec.scenario, lang)
        );
    }
    let names: Vec<String> = spec
        .variants
        .iter()
        .map(|v| lang.variant(&v.name))
        .collect();
    let name_w = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(5)
        .max(6);
    let col_w = 24;
    let _ = write!(out, "\n{:name_w$}", if nl { "leider" } else { "leader" });
    for (_, en, dutch, _) in TABLE {
        let heading = if nl { dutch } else { en };
        let _ = write!(out, "  {heading:>col_w$}");
    }
    out.push('\n');
    for (v, name) in names.iter().enumerate() {
        let pad = name_w.saturating_sub(name.chars().count());
        let _ = write!(out, "{name}{}", " ".repeat(pad));
        for (field, _, _, unit) in TABLE {
            let s = agg.summary_named(v, field).and_then(|a| a.stats());
            let _ = write!(out, "  {:>col_w$}", with_ci(s, unit, lang, false));
        }
        out.push('\n');
    }
    if let Some(reference) = spec.reference {
        let _ = writeln!(
            out,
            "\n{} {} ({}):",
            if nl {
                "Gepaarde verschillen met"
            } else {
                "Paired differences from"
            },
            names[reference],
            if nl {
                "zelfde teams en zelfde toeval; gemiddeld verschil (95%-BI), oordeel, en vanaf welk verschil het ertoe doet"
            } else {
                "the same team draws and event luck; mean difference (95% CI), verdict, and the smallest difference that matters"
            }
        );
        for (v, name) in names.iter().enumerate() {
            if v == reference {
                continue;
            }
            let _ = writeln!(out, "{name}:");
            for (field, en, dutch, unit) in TABLE {
                let Some((s, size, verdict)) = judged(spec, agg, v, field) else {
                    continue;
                };
                let heading = if nl { dutch } else { en };
                let heading_w = 26 - heading.chars().count().min(26);
                let _ = writeln!(
                    out,
                    "  {heading}{} {:>34}  {:<36} ({} {})",
                    " ".repeat(heading_w),
                    with_ci(Some(s), unit, lang, true),
                    lang.verdict(verdict),
                    if nl { "telt vanaf" } else { "matters from" },
                    in_unit(size, unit, lang, true).trim_start_matches('+')
                );
            }
        }
    }
    out
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
    for (field, heading, _, unit) in TABLE {
        let means: Vec<(usize, Stats)> = (0..spec.variants.len())
            .filter_map(|v| Some((v, agg.summary_named(v, field)?.stats()?)))
            .collect();
        let best = means.iter().max_by(|a, b| a.1.mean.total_cmp(&b.1.mean));
        let worst = means.iter().min_by(|a, b| a.1.mean.total_cmp(&b.1.mean));
        if let (Some(hi), Some(lo)) = (best, worst) {
            let _ = writeln!(
                out,
                "  {heading:18} highest {} at {}; lowest {} at {}",
                with_ci(Some(hi.1), unit, Lang::En, false),
                spec.variants[hi.0].name,
                with_ci(Some(lo.1), unit, Lang::En, false),
                spec.variants[lo.0].name
            );
        }
    }
    out
}
