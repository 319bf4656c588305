//! `teamsim compare` and `teamsim sweep`: the batch a command asks for, checked and
//! handed to the job runner ([`super::job`]), whose finished results
//! [`super::results`] writes.

use super::job::JobControl;
use super::plan::{Input, Progress, check_grid, check_runs, read_design, threads};
use super::results::{Kind, write_results};
use super::{AppError, default_out_dir};
use crate::batch::{self, BatchSpec, Variant};
use crate::chart::Lang;
use crate::explore::design::{DesignTable, LeaderField};
use crate::model::Quadrant;
use crate::output::fmt_value;
use crate::problem::Said;
use crate::scenario::Scenario;
use std::path::PathBuf;

/// Default runs per variant for `compare`.
pub const DEFAULT_COMPARE_RUNS: u64 = 1000;
/// Default runs per cell for `sweep`.
pub const DEFAULT_SWEEP_RUNS: u64 = 100;

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
    /// A design table whose rows are the variants instead of styles (see
    /// [`crate::explore::design`]).
    pub design: Option<PathBuf>,
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
                settings: Vec::new(),
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
    compare_from(&Input::read(&opts.scenario, opts.seed)?, opts, progress)
}

/// `teamsim compare` on a scenario already read (`opts.scenario` and `opts.seed` are
/// then those of `input`).
pub(super) fn compare_from(
    input: &Input,
    opts: &CompareOptions,
    progress: &dyn Progress,
) -> Result<BatchReport, AppError> {
    compare_plan(input, opts)?.run(&opts.control, progress)
}

/// Checks a compare's options against its scenario and settles what it runs.
pub(super) fn compare_plan<'a>(
    input: &'a Input,
    opts: &CompareOptions,
) -> Result<BatchPlan<'a>, AppError> {
    let (source, scenario) = (&input.source, &input.scenario);
    let runs = check_runs(
        opts.runs
            .or(scenario.compare.runs)
            .unwrap_or(DEFAULT_COMPARE_RUNS),
    )?;
    let threads = threads(opts.threads)?;
    if opts.without_interventions && scenario.interventions.is_empty() {
        let file = source.path.display();
        return Err(AppError::Usage(Said::new(
            format!("--without-interventions: {file} has no [[interventions]] to leave out"),
            format!("--without-interventions: {file} heeft geen [[interventions]] om weg te laten"),
        )));
    }
    let variants = match &opts.design {
        Some(path) => {
            let (_, table) = read_design(path, scenario, batch::MAX_DESIGN_VARIANTS)?;
            let mut variants = vec![Variant::as_is(scenario)];
            if opts.without_interventions {
                variants.push(Variant::as_is_without_interventions(scenario));
            }
            variants.extend(design_variants(&table, scenario));
            variants
        }
        None => compare_variants(scenario, opts.styles.as_deref(), opts.without_interventions),
    };
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = variants.iter().find(|v| !seen.insert(v.name.clone())) {
        let (name, file) = (&dup.name, source.path.display());
        let (as_is, without) = (batch::AS_IS, batch::AS_IS_WITHOUT_INTERVENTIONS);
        return Err(AppError::Usage(Said::new(
            format!(
                "the leader `{name}` is named twice (by --styles, or in [compare] of {file}, where `{as_is}` and `{without}` are taken by the scenario as written)"
            ),
            format!(
                "de leider `{name}` staat er twee keer in (in --styles, of in [compare] van {file}, waar `{as_is}` en `{without}` al de namen van het scenario zoals het is zijn)"
            ),
        )));
    }
    // Differences are taken against the scenario as written: "what would change
    // under another leader?"
    let reference = Some(0).filter(|_| variants.len() > 1);
    let spec = BatchSpec {
        root_seed: input.seed,
        scenario: scenario.clone(),
        variants,
        runs,
        daily: true,
        reference,
    };
    Ok(BatchPlan::new(
        Kind::Compare,
        input,
        spec,
        threads,
        opts.out.clone(),
        opts.lang,
        opts.xlsx,
    ))
}

/// Options of `teamsim sweep`.
#[derive(Debug, Clone, Default)]
pub struct SweepOptions {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Points per axis (caring and daring each take `grid` values from 0 to 1).
    pub grid: usize,
    /// A design table whose rows are the cells instead of the grid (see
    /// [`crate::explore::design`]).
    pub design: Option<PathBuf>,
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

/// `teamsim sweep`: a caring x daring grid with `runs` seeds per cell; writes
/// `cells.csv` (one row per cell, for heatmaps), `sweep_stats.csv`, `runs.csv` and
/// `manifest.toml`.
pub fn sweep(opts: &SweepOptions, progress: &dyn Progress) -> Result<BatchReport, AppError> {
    sweep_from(&Input::read(&opts.scenario, opts.seed)?, opts, progress)
}

/// `teamsim sweep` on a scenario already read (`opts.scenario` and `opts.seed` are
/// then those of `input`).
pub(super) fn sweep_from(
    input: &Input,
    opts: &SweepOptions,
    progress: &dyn Progress,
) -> Result<BatchReport, AppError> {
    sweep_plan(input, opts)?.run(&opts.control, progress)
}

/// Checks a sweep's options and settles its grid of leaders.
pub(super) fn sweep_plan<'a>(
    input: &'a Input,
    opts: &SweepOptions,
) -> Result<BatchPlan<'a>, AppError> {
    let runs = check_runs(opts.runs.unwrap_or(DEFAULT_SWEEP_RUNS))?;
    let threads = threads(opts.threads)?;
    let variants = match &opts.design {
        Some(path) => {
            let (_, table) = read_design(path, &input.scenario, super::saved::MAX_VARIANTS)?;
            design_variants(&table, &input.scenario)
        }
        None => {
            check_grid("--grid", opts.grid)?;
            grid_variants(opts.grid)
        }
    };
    let spec = BatchSpec {
        root_seed: input.seed,
        scenario: input.scenario.clone(),
        variants,
        runs,
        daily: false,
        reference: None,
    };
    Ok(BatchPlan::new(
        Kind::Sweep,
        input,
        spec,
        threads,
        opts.out.clone(),
        opts.lang,
        opts.xlsx,
    ))
}

/// One variant per row of a design table: the row's leader fields, else the
/// scenario's leader; the row's parameter values; the scenario's interventions.
fn design_variants(table: &DesignTable, scenario: &Scenario) -> Vec<Variant> {
    let factors = table.factors();
    (0..table.rows.len())
        .map(|i| Variant {
            name: table.row_name(i),
            caring: table
                .leader(i, LeaderField::Caring)
                .unwrap_or(scenario.leader.caring),
            daring: table
                .leader(i, LeaderField::Daring)
                .unwrap_or(scenario.leader.daring),
            availability: table.leader(i, LeaderField::Availability),
            interventions: true,
            settings: factors
                .iter()
                .map(|f| f.path.clone())
                .zip(table.param_values(i))
                .collect(),
        })
        .collect()
}

/// The cells of a `g` x `g` caring x daring grid.
fn grid_variants(g: usize) -> Vec<Variant> {
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
                settings: Vec::new(),
            });
        }
    }
    variants
}

/// A batch ready to run: every option checked, the scenario read once, the variants,
/// runs and seed settled (in `spec`) and the output folder chosen. Shards, resuming
/// and stopping are the job's ([`JobControl`]), given when it runs.
pub(super) struct BatchPlan<'a> {
    kind: Kind,
    input: &'a Input,
    spec: BatchSpec,
    threads: usize,
    out_dir: PathBuf,
    lang: Lang,
    xlsx: bool,
}

impl<'a> BatchPlan<'a> {
    /// A plan writing into `out`, else `output/<scenario-name>/<command>/`.
    fn new(
        kind: Kind,
        input: &'a Input,
        spec: BatchSpec,
        threads: usize,
        out: Option<PathBuf>,
        lang: Lang,
        xlsx: bool,
    ) -> Self {
        let out_dir = out.unwrap_or_else(|| {
            default_out_dir(&spec.scenario).join(match kind {
                Kind::Compare => "compare",
                Kind::Sweep => "sweep",
            })
        });
        BatchPlan {
            kind,
            input,
            spec,
            threads,
            out_dir,
            lang,
            xlsx,
        }
    }

    /// Runs (or continues, or runs a shard of) the batch and writes its files.
    pub(super) fn run(
        self,
        control: &JobControl,
        progress: &dyn Progress,
    ) -> Result<BatchReport, AppError> {
        let BatchPlan {
            kind,
            input,
            spec,
            threads,
            out_dir,
            lang,
            xlsx,
        } = self;
        let folder = crate::output::OutputFolder::claim(&out_dir)?;
        let source = &input.source;
        let done = super::job::execute(
            kind,
            source,
            &spec,
            &folder,
            control,
            threads,
            progress,
            |staging, aggregates| {
                write_results(kind, staging, &spec, aggregates, source, lang, xlsx)
            },
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
}
