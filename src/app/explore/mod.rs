//! `teamsim explore`: global sensitivity of the key outcomes to the model's parameters
//! (Morris screening or Sobol' indices), as CSV files and a table.

use super::plan::{Input, Progress, check_flag, check_runs, read_design, read_text, threads};
use super::saved::Shard;
use super::{AppError, Manifest, SavedKind, default_out_dir, open_unit_interval};
use crate::chart::explore::{MorrisPlot, SobolBars, factor_label};
use crate::chart::{self, Format, Lang};
use crate::explore::design::{Column, DesignTable, unreadable};
use crate::explore::{self, Factor, OUTCOMES, Ranges, morris, sobol};
use crate::lang::count;
use crate::output::{CsvFile, OutputFolder, Staging, fmt_value};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

mod saved;
use crate::problem::Said;
use crate::scenario::{suggestion, suggestion_nl};
use saved::{
    PLAN_FILE, PLAN_FORMAT, Plan, SavedFactor, point_row, points_header, read_points, read_small,
    write_points,
};
pub use saved::{is_explore_shard, merge_explore};

/// The method of an exploration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Morris elementary effects: a screening of many parameters.
    Morris,
    /// Sobol' first-order and total indices: variance shares of a few parameters.
    Sobol,
    /// The points of a design table given with `--design` (from SALib or a sampler of
    /// the user's own): run, not analysed.
    Design,
}

impl Method {
    /// The name saved in a plan.
    fn name(self) -> &'static str {
        match self {
            Method::Morris => "morris",
            Method::Sobol => "sobol",
            Method::Design => "design",
        }
    }
}

impl std::str::FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_lowercase().as_str() {
            "morris" => Ok(Method::Morris),
            "sobol" => Ok(Method::Sobol),
            "design" => Ok(Method::Design),
            other => Err(format!(
                "unknown method `{other}`: expected morris or sobol (or a table of points with --design FILE.csv)"
            )),
        }
    }
}

/// Options of `teamsim explore`.
#[derive(Debug, Clone)]
pub struct ExploreOptions {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Morris or Sobol'.
    pub method: Method,
    /// Parameter paths to vary (a per-style parameter stands for all four styles, or
    /// one entry as `path.style`); empty for all.
    pub params: Vec<String>,
    /// A CSV file of ranges (`parameter,low,high`) instead of the default ranges.
    pub ranges: Option<PathBuf>,
    /// Each parameter over its default times `1 - span ..= 1 + span`.
    pub span: f64,
    /// Each parameter over its whole allowed range instead.
    pub declared_ranges: bool,
    /// Morris: grid levels (even).
    pub levels: usize,
    /// Morris: trajectories.
    pub trajectories: usize,
    /// Sobol': base samples (rows of A and B).
    pub samples: usize,
    /// A CSV table of design points to run instead of a Morris or Sobol' design (see
    /// [`crate::explore::design`]).
    pub design: Option<PathBuf>,
    /// Replications per design point.
    pub runs: u64,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Root seed instead of the scenario's (the design and the replications).
    pub seed: Option<u64>,
    /// Output folder instead of `output/<scenario-name>/explore/`.
    pub out: Option<PathBuf>,
    /// Replace output already there.
    pub force: bool,
    /// Language of the charts.
    pub lang: Lang,
    /// Run only slice K of N of the design points, for `teamsim merge`.
    pub shard: Option<Shard>,
    /// Continue an interrupted exploration in the output folder.
    pub resume: bool,
    /// Set (by Ctrl-C or SIGTERM) to stop after the points under way.
    pub stop: Option<&'static std::sync::atomic::AtomicBool>,
}

/// What `teamsim explore` did.
#[derive(Debug, Clone)]
pub struct ExploreReport {
    /// Where the files went.
    pub out_dir: PathBuf,
    /// Design points run.
    pub points: usize,
    /// The table for the terminal.
    pub table: String,
}

/// Bootstrap resamples for the intervals.
const RESAMPLES: usize = 1000;
/// Parameters listed per outcome in the table.
const TOP: usize = 8;
/// Points evaluated between two saves of the points done.
const CHUNK: usize = 16;

/// Largest ranges file read (a row per parameter takes well under 1 KB).
const MAX_RANGES: u64 = 1 << 20;
/// Most rows of a design table given to explore.
const MAX_DESIGN_ROWS: usize = 1_000_000;

/// The paths of `factors`, for a "did you mean".
fn paths(factors: &[Factor]) -> Vec<String> {
    factors.iter().map(|f| f.path.clone()).collect()
}

/// Reads a ranges file: a header `parameter,low,high`, then one row per parameter
/// (a per-style parameter as `path.style`). Every value is checked against the
/// parameter's allowed range.
fn read_ranges(path: &Path, wanted: &[Factor]) -> Result<Vec<Factor>, AppError> {
    let bad = |line: usize, why: Said| {
        let file = path.display();
        AppError::Usage(Said::new(
            format!("{file}: line {line}: {}", why.en),
            format!("{file}: regel {line}: {}", why.nl),
        ))
    };
    let declared = explore::all_factors(Ranges::Declared);
    let text = read_text(path, MAX_RANGES, &|why| bad(1, why))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| bad(1, unreadable(&e)))?
        .iter()
        .map(str::to_string)
        .collect();
    if header != ["parameter", "low", "high"] {
        let given = header.join(",");
        return Err(bad(
            1,
            Said::new(
                format!("the header must be `parameter,low,high`, not `{given}`"),
                format!("de kopregel moet `parameter,low,high` zijn, niet `{given}`"),
            ),
        ));
    }
    let mut out: Vec<Factor> = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| bad(line, unreadable(&e)))?;
        let name = row.get(0).unwrap_or_default();
        let Some(d) = declared.iter().find(|f| f.path == name) else {
            let known = paths(&declared);
            let (near, near_nl) = (suggestion(name, &known), suggestion_nl(name, &known));
            return Err(bad(
                line,
                Said::new(
                    format!(
                        "`{name}` is not a parameter{near}; `teamsim params` lists them (a per-style one as path.style)"
                    ),
                    format!(
                        "`{name}` is geen parameter{near_nl}; `teamsim params` geeft ze (een parameter per stijl als pad.stijl)"
                    ),
                ),
            ));
        };
        let number = |k: usize, field: &str| -> Result<f64, AppError> {
            let v: f64 = row.get(k).unwrap_or_default().parse().map_err(|_| {
                bad(
                    line,
                    Said::new(
                        format!("{field} of {name} is not a number"),
                        format!("{field} van {name} is geen getal"),
                    ),
                )
            })?;
            if !v.is_finite() || v < d.lo || v > d.hi {
                let (lo, hi) = (d.lo, d.hi);
                return Err(bad(
                    line,
                    Said::new(
                        format!(
                            "{field} {v} of {name} is out of range: must be within {lo}..={hi}"
                        ),
                        format!(
                            "{field} {v} van {name} valt buiten het bereik: moet van {lo} tot en met {hi} zijn"
                        ),
                    ),
                ));
            }
            Ok(v)
        };
        let (lo, hi) = (number(1, "low")?, number(2, "high")?);
        if lo >= hi {
            return Err(bad(
                line,
                Said::new(
                    format!("low {lo} must be below high {hi} for {name}"),
                    format!("low {lo} moet onder high {hi} liggen voor {name}"),
                ),
            ));
        }
        if out.iter().any(|f| f.path == name) {
            return Err(bad(
                line,
                Said::new(
                    format!("{name} is given twice"),
                    format!("{name} staat er twee keer in"),
                ),
            ));
        }
        out.push(Factor {
            path: name.to_string(),
            default: d.default,
            lo,
            hi,
        });
    }
    // Only the parameters asked for (all of the file's, without --params).
    if !wanted.is_empty() {
        out.retain(|f| wanted.iter().any(|w| w.path == f.path));
    }
    if out.is_empty() {
        let file = path.display();
        return Err(AppError::Usage(Said::new(
            format!("{file}: no parameter to vary"),
            format!("{file}: geen parameter om te variëren"),
        )));
    }
    Ok(out)
}

/// The factors `opts` asks for, with their ranges.
fn choose_factors(opts: &ExploreOptions) -> Result<Vec<Factor>, AppError> {
    let span_ok = opts.span > 0.0 && opts.span < 1.0;
    if !opts.declared_ranges && !span_ok {
        return Err(AppError::Usage(open_unit_interval("--span", opts.span)));
    }
    let ranges = if opts.declared_ranges {
        Ranges::Declared
    } else {
        Ranges::Span(opts.span)
    };
    let all = explore::all_factors(ranges);
    let mut chosen = Vec::new();
    for name in &opts.params {
        let name = name.trim();
        let matching: Vec<&Factor> = all
            .iter()
            .filter(|f| {
                f.path == name
                    || f.path
                        .strip_prefix(name)
                        .is_some_and(|r| r.starts_with('.'))
            })
            .collect();
        if matching.is_empty() {
            let near = suggestion(name, &paths(&all));
            let near_nl = suggestion_nl(name, &paths(&all));
            return Err(AppError::Usage(Said::new(
                format!(
                    "--params: `{name}` is not a parameter that can vary{near}; `teamsim params` lists them"
                ),
                format!(
                    "--params: `{name}` is geen parameter die kan variëren{near_nl}; `teamsim params` geeft ze"
                ),
            )));
        }
        for f in matching {
            if !chosen.iter().any(|c: &Factor| c.path == f.path) {
                chosen.push(f.clone());
            }
        }
    }
    match &opts.ranges {
        Some(file) => read_ranges(file, &chosen),
        None if chosen.is_empty() => Ok(all),
        None => Ok(chosen),
    }
}

/// An exploration's design: the points in the unit cube (what the analysis uses), the
/// values each sets (what runs and is written), and the generator the bootstrap
/// continues on.
struct Design {
    points: Vec<Vec<f64>>,
    values: Vec<Vec<f64>>,
    rng: ChaCha8Rng,
}

/// The design points of `method` for `factors` on `scenario`'s parameters, drawn from
/// `seed` (or, for [`Method::Design`], the rows of `table`): the same for a whole run,
/// its shards and a resumed run.
fn make_design(
    method: Method,
    factors: &[Factor],
    scenario: &crate::scenario::Scenario,
    seed: u64,
    (levels, trajectories, samples): (usize, usize, usize),
    table: Option<&DesignTable>,
) -> Result<Design, Said> {
    let base = &scenario.params;
    let valid = |u: &[f64]| explore::params_at(base, factors, u).is_some();
    // The design is drawn from its own stream of the seed, apart from the runs'; the
    // bootstrap continues on it.
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(u64::from(u32::MAX) + 1);
    let k = factors.len();
    let points = match method {
        Method::Morris => morris::design(
            k,
            trajectories,
            levels,
            &mut rng,
            &valid,
            1000 * trajectories,
        ),
        Method::Sobol => sobol::design(k, samples, seed as u32, &valid),
        Method::Design => {
            let internal = super::internal_said;
            let table = table.ok_or_else(|| internal("a design method without its table"))?;
            if table.factors() != factors {
                return Err(internal("the design table's columns are not the factors"));
            }
            let values: Vec<Vec<f64>> = (0..table.rows.len())
                .map(|i| table.param_values(i))
                .collect();
            let points = values
                .iter()
                .map(|v| {
                    factors
                        .iter()
                        .zip(v)
                        .map(|(f, v)| (v - f.lo) / (f.hi - f.lo))
                        .collect()
                })
                .collect();
            return Ok(Design {
                points,
                values,
                rng,
            });
        }
    }?;
    let values = points
        .iter()
        .map(|u| factors.iter().zip(u).map(|(f, u)| f.at(*u)).collect())
        .collect();
    Ok(Design {
        points,
        values,
        rng,
    })
}

/// `teamsim explore`: runs the design (or a shard of it, or continues an interrupted
/// run) and writes `factors.csv`, `points.csv`, the effects (`morris.csv`) or indices
/// (`sobol.csv`), charts, `table.txt` and `manifest.toml`; a shard writes its points
/// and `explore.toml` for `teamsim merge`.
pub fn explore(opts: &ExploreOptions, progress: &dyn Progress) -> Result<ExploreReport, AppError> {
    // Every argument before the scenario is read and anything runs.
    let runs = check_runs(opts.runs)?;
    let threads = threads(opts.threads)?;
    let method = match (&opts.design, opts.method) {
        (Some(_), _) => Method::Design,
        (None, Method::Design) => {
            return Err(AppError::Usage(Said::new(
                "--method design needs the table: --design FILE.csv",
                "--method design heeft de tabel nodig: --design BESTAND.csv",
            )));
        }
        (None, m) => m,
    };
    match method {
        Method::Morris => {
            check_flag("--levels", opts.levels, (2, 16))?;
            if !opts.levels.is_multiple_of(2) {
                let n = opts.levels;
                return Err(AppError::Usage(Said::new(
                    format!("--levels {n} must be even"),
                    format!("--levels {n} moet even zijn"),
                )));
            }
            check_flag("--trajectories", opts.trajectories, (2, 10_000))?;
        }
        Method::Sobol => {
            check_flag("--samples", opts.samples, (8, sobol::MAX_ROWS))?;
        }
        Method::Design => {}
    }
    let (input, design, factors) = match &opts.design {
        Some(path) => {
            let input = Input::read(&opts.scenario, opts.seed)?;
            let (text, table) = read_design(path, &input.scenario, MAX_DESIGN_ROWS)?;
            if let Some(leader) = table
                .columns
                .iter()
                .find(|c| matches!(c, Column::Leader(_)))
            {
                let (file, name) = (path.display(), leader.name());
                return Err(AppError::Usage(Said::new(
                    format!(
                        "--design {file}: explore varies parameters, and `{name}` is the leader's: run leaders with `teamsim compare --design` or `teamsim sweep --design`"
                    ),
                    format!(
                        "--design {file}: explore varieert parameters, en `{name}` hoort bij de leider: draai leiders met `teamsim compare --design` of `teamsim sweep --design`"
                    ),
                )));
            }
            let factors = table.factors();
            (input, Some((text, table)), factors)
        }
        None => {
            let factors = choose_factors(opts)?;
            (Input::read(&opts.scenario, opts.seed)?, None, factors)
        }
    };
    let k = factors.len();
    if method == Method::Sobol && k > sobol::MAX_FACTORS {
        let most = sobol::MAX_FACTORS;
        return Err(AppError::Usage(Said::new(
            format!(
                "a Sobol' analysis takes at most {most} parameters and {k} were chosen: screen them with --method morris first, then give the ones that matter with --params"
            ),
            format!(
                "een Sobol'-analyse neemt hoogstens {most} parameters en er zijn er {k} gekozen: schift ze eerst met --method morris, en geef dan de parameters die ertoe doen met --params"
            ),
        )));
    }
    let scenario = &input.scenario;
    let out_dir = opts
        .out
        .clone()
        .unwrap_or_else(|| default_out_dir(scenario).join("explore"));
    let folder = OutputFolder::claim(&out_dir)?;
    // Sizes that do not apply to the method are saved as 0, so that a plan does not
    // differ by a flag that changed nothing.
    let sizes = match method {
        Method::Morris => (opts.levels, opts.trajectories, 0),
        Method::Sobol => (0, 0, opts.samples),
        Method::Design => (0, 0, 0),
    };
    let Design {
        points,
        values,
        rng,
    } = make_design(
        method,
        &factors,
        scenario,
        input.seed,
        sizes,
        design.as_ref().map(|(_, t)| t),
    )
    .map_err(AppError::Usage)?;
    let plan = Plan {
        format: PLAN_FORMAT,
        method: method.name().into(),
        seed: input.seed,
        runs,
        levels: sizes.0,
        trajectories: sizes.1,
        samples: sizes.2,
        design_file: opts.design.as_ref().map(|p| p.display().to_string()),
        design_text: design.map(|(text, _)| text),
        points: points.len(),
        shard: opts.shard.map(|s| s.to_string()),
        scenario_file: input.source.path.display().to_string(),
        scenario_sha256: input.source.sha256.clone(),
        scenario_text: input.source.text.clone(),
        factors: factors
            .iter()
            .map(|f| SavedFactor {
                parameter: f.path.clone(),
                low: f.lo,
                high: f.hi,
            })
            .collect(),
    };
    let range = opts.shard.map_or(0..points.len(), |s| {
        let r = s.range(points.len() as u64);
        r.start as usize..r.end as usize
    });

    // Points done before an interruption are in .partial/, with the plan they belong to.
    let partial = out_dir.join(super::PARTIAL);
    let saved_plan = partial.join(PLAN_FILE);
    let saved_points = partial.join("points.csv");
    let mut outputs: Vec<[f64; OUTCOMES.len()]> = Vec::new();
    if partial.exists() && !opts.resume {
        if !opts.force {
            let d = out_dir.display();
            return Err(AppError::Usage(Said::new(
                format!(
                    "{d} holds an interrupted exploration; rerun the same command with --resume to continue it, or with --force to start again"
                ),
                format!(
                    "in {d} staat een onderbroken verkenning; geef hetzelfde commando opnieuw met --resume om verder te gaan, of met --force om opnieuw te beginnen"
                ),
            )));
        }
        std::fs::remove_dir_all(&partial).map_err(crate::output::io_err(&partial))?;
    }
    if opts.resume && saved_plan.is_file() {
        let text = read_small(&saved_plan)?;
        let earlier: Plan = toml::from_str(&text).map_err(|e| AppError::Damaged {
            path: saved_plan.clone(),
            what: SavedKind::SavedExploration,
            why: e.message().to_string(),
        })?;
        if earlier != plan {
            let d = out_dir.display();
            return Err(AppError::Usage(Said::new(
                format!(
                    "{d} holds an exploration with other settings (scenario, parameters, ranges, method, sizes, runs, seed or shard); give the same command as before to continue it, or --force without --resume to start again"
                ),
                format!(
                    "in {d} staat een verkenning met andere instellingen (scenario, parameters, bereiken, methode, aantallen, runs, seed of shard); geef hetzelfde commando als toen om verder te gaan, of --force zonder --resume om opnieuw te beginnen"
                ),
            )));
        }
        let (done, keep) = read_points(&saved_points, &factors, &values, range.clone(), true)?;
        // Cut what a crash left after the last whole row.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&saved_points)
            .map_err(crate::output::io_err(&saved_points))?;
        file.set_len(keep)
            .map_err(crate::output::io_err(&saved_points))?;
        outputs = done;
    } else {
        // Nothing to continue: a fresh start, which must not replace results unasked.
        folder.check_fresh(opts.force)?;
        std::fs::create_dir_all(&partial).map_err(crate::output::io_err(&partial))?;
        let plan_text = toml::to_string(&plan).map_err(super::internal)?;
        crate::output::replace_file(
            &saved_plan,
            plan_text.as_bytes(),
            "explore-plan-before-rename",
        )?;
        crate::output::replace_file(
            &saved_points,
            format!("{}\n", points_header(&factors).join(",")).as_bytes(),
            "explore-points-before-rename",
        )?;
    }

    let mut appender = std::fs::OpenOptions::new()
        .append(true)
        .open(&saved_points)
        .map_err(crate::output::io_err(&saved_points))?;
    progress.start(range.len() as u64, runs as usize);
    for _ in 0..outputs.len() {
        progress.tick();
    }
    let mut at = range.start + outputs.len();
    while at < range.end {
        if opts
            .stop
            .is_some_and(|s| s.load(std::sync::atomic::Ordering::SeqCst))
        {
            progress.finish();
            return Err(AppError::Interrupted {
                done: outputs.len() as u64,
                total: range.len() as u64,
                dir: out_dir,
            });
        }
        let end = (at + CHUNK.max(4 * threads)).min(range.end);
        let chunk = explore::evaluate(
            scenario,
            input.seed,
            &factors,
            &values[at..end],
            runs,
            threads,
            &|| progress.tick(),
        )?;
        let mut rows = String::new();
        for (j, out) in chunk.iter().enumerate() {
            rows.push_str(&point_row(at + j, &values[at + j], out));
        }
        std::io::Write::write_all(&mut appender, rows.as_bytes())
            .and_then(|_| appender.sync_data())
            .map_err(crate::output::io_err(&saved_points))?;
        crate::crash::point("explore-chunk-saved");
        outputs.extend(chunk);
        at = end;
    }
    progress.finish();

    let staging = Staging::new(&folder)?;
    let report = if let Some(shard) = opts.shard {
        write_factors(&staging.path("factors.csv"), &factors)?;
        write_points(
            &staging.path("points.csv"),
            &factors,
            &values,
            range.clone(),
            &outputs,
        )?;
        let plan_text = toml::to_string(&plan).map_err(super::internal)?;
        crate::output::write_text(&staging.path(PLAN_FILE), &plan_text)?;
        ExploreReport {
            out_dir: out_dir.clone(),
            points: range.len(),
            table: format!(
                "shard {shard} of the exploration of {}: {} of {} design points done; combine all shards with `teamsim merge`\n",
                scenario.name,
                range.len(),
                points.len()
            ),
        }
    } else {
        let design = (points.as_slice(), values.as_slice());
        let table = write_analysis(
            &staging, &plan, &input, &factors, design, &outputs, rng, opts.lang,
        )?;
        ExploreReport {
            out_dir: out_dir.clone(),
            points: points.len(),
            table,
        }
    };
    staging.commit()?;
    std::fs::remove_dir_all(&partial).map_err(crate::output::io_err(&partial))?;
    Ok(report)
}

/// Writes the files of a whole exploration into `staging` and returns its table.
#[allow(clippy::too_many_arguments)]
fn write_analysis(
    staging: &Staging,
    plan: &Plan,
    input: &Input,
    factors: &[Factor],
    (points, values): (&[Vec<f64>], &[Vec<f64>]),
    outputs: &[[f64; OUTCOMES.len()]],
    mut rng: ChaCha8Rng,
    lang: Lang,
) -> Result<String, AppError> {
    let method = plan.method().map_err(super::internal)?;
    let k = factors.len();
    let runs = plan.runs;
    let scenario = &input.scenario;
    write_factors(&staging.path("factors.csv"), factors)?;
    write_points(
        &staging.path("points.csv"),
        factors,
        values,
        0..values.len(),
        outputs,
    )?;
    let charts = staging.path("charts");
    if method != Method::Design {
        std::fs::create_dir_all(&charts).map_err(crate::output::io_err(&charts))?;
    }
    let formats = [Format::Png, Format::Svg];
    let labels: Vec<String> = factors
        .iter()
        .map(|f| factor_label(&f.path, lang))
        .collect();
    let mut table = String::new();
    let column = |o: usize| -> Vec<f64> { outputs.iter().map(|v| v[o]).collect() };
    // Numbers in the printed table: fixed decimals, a decimal comma in Dutch.
    let num = |v: f64, decimals: usize| lang.number(v, decimals);
    let to = lang.pick("to", "tot");
    match method {
        Method::Morris => {
            let mut csv = CsvFile::create(
                &staging.path("morris.csv"),
                [
                    "parameter",
                    "outcome",
                    "mu",
                    "mu_star",
                    "mu_star_ci_low",
                    "mu_star_ci_high",
                    "sigma",
                ],
            )?;
            for (o, which) in OUTCOMES.into_iter().enumerate() {
                let outcome = which.key();
                let effects = morris::effects(points, &column(o), k, RESAMPLES, &mut rng);
                for (f, e) in factors.iter().zip(&effects) {
                    csv.row([
                        f.path.clone(),
                        outcome.to_string(),
                        fmt_value(Some(e.mu)),
                        fmt_value(Some(e.mu_star)),
                        fmt_value(Some(e.mu_star_ci.0)),
                        fmt_value(Some(e.mu_star_ci.1)),
                        fmt_value(Some(e.sigma)),
                    ])?;
                }
                let dots: Vec<(String, f64, f64)> = labels
                    .iter()
                    .zip(&effects)
                    .map(|(l, e)| (l.clone(), e.mu_star, e.sigma))
                    .collect();
                let plot = MorrisPlot {
                    outcome: which,
                    points: &dots,
                    labelled: 8,
                    lang,
                };
                chart::render(&plot, &charts, &formats)?;
                let mut order: Vec<usize> = (0..k).collect();
                order.sort_by(|&a, &b| {
                    effects[b]
                        .mu_star
                        .total_cmp(&effects[a].mu_star)
                        .then(a.cmp(&b))
                });
                let _ = writeln!(
                    table,
                    "\n{outcome}: {}",
                    lang.pick(
                        "largest mu* (change over the whole range; 95% interval), sigma",
                        "grootste mu* (verandering over het hele bereik; 95%-interval), sigma"
                    )
                );
                for &i in order.iter().take(TOP) {
                    let e = &effects[i];
                    let _ = writeln!(
                        table,
                        "  {:<48} {:>10} ({} {} {})  sigma {}",
                        factors[i].path,
                        num(e.mu_star, 4),
                        num(e.mu_star_ci.0, 4),
                        to,
                        num(e.mu_star_ci.1, 4),
                        num(e.sigma, 4)
                    );
                }
            }
            csv.finish()?;
        }
        Method::Sobol => {
            let mut csv = CsvFile::create(
                &staging.path("sobol.csv"),
                [
                    "parameter",
                    "outcome",
                    "s1",
                    "s1_ci_low",
                    "s1_ci_high",
                    "st",
                    "st_ci_low",
                    "st_ci_high",
                ],
            )?;
            for (o, which) in OUTCOMES.into_iter().enumerate() {
                let outcome = which.key();
                let indices = sobol::indices(&column(o), k, RESAMPLES, &mut rng);
                for (f, s) in factors.iter().zip(&indices) {
                    csv.row([
                        f.path.clone(),
                        outcome.to_string(),
                        fmt_value(Some(s.first)),
                        fmt_value(Some(s.first_ci.0)),
                        fmt_value(Some(s.first_ci.1)),
                        fmt_value(Some(s.total)),
                        fmt_value(Some(s.total_ci.0)),
                        fmt_value(Some(s.total_ci.1)),
                    ])?;
                }
                let mut order: Vec<usize> = (0..k).collect();
                order.sort_by(|&a, &b| {
                    indices[b]
                        .total
                        .total_cmp(&indices[a].total)
                        .then(a.cmp(&b))
                });
                let bars: Vec<_> = order
                    .iter()
                    .take(15)
                    .map(|&i| (labels[i].clone(), indices[i]))
                    .collect();
                let bars = SobolBars {
                    outcome: which,
                    bars: &bars,
                    lang,
                };
                chart::render(&bars, &charts, &formats)?;
                let _ = writeln!(
                    table,
                    "\n{outcome}: {}",
                    lang.pick(
                        "share of variance, alone (S1) and with interactions (ST), 95% intervals",
                        "aandeel in de variantie, alleen (S1) en met interacties (ST), 95%-intervallen"
                    )
                );
                for &i in order.iter().take(TOP) {
                    let s = &indices[i];
                    let _ = writeln!(
                        table,
                        "  {:<48} S1 {:>6} ({} {to} {})  ST {:>6} ({} {to} {})",
                        factors[i].path,
                        num(s.first, 3),
                        num(s.first_ci.0, 3),
                        num(s.first_ci.1, 3),
                        num(s.total, 3),
                        num(s.total_ci.0, 3),
                        num(s.total_ci.1, 3)
                    );
                }
            }
            csv.finish()?;
        }
        Method::Design => {
            // The points are the user's: their analysis is the user's tool's. The table
            // says what came out, and where.
            let _ = match lang {
                Lang::En => writeln!(
                    table,
                    "\npoints.csv holds every point's values and mean outcomes, in the order of {}",
                    plan.design_file.as_deref().unwrap_or("the design table")
                ),
                Lang::Nl => writeln!(
                    table,
                    "\npoints.csv bevat de waarden en gemiddelde uitkomsten van elk punt, in de volgorde van {}",
                    plan.design_file.as_deref().unwrap_or("de ontwerptabel")
                ),
            };
            let (outcome_h, lowest, mean_h, highest) = match lang {
                Lang::En => ("outcome", "lowest", "mean", "highest"),
                Lang::Nl => ("uitkomst", "laagste", "gemiddeld", "hoogste"),
            };
            let _ = writeln!(
                table,
                "\n{:<18} {:>12} {:>12} {:>12}",
                outcome_h, lowest, mean_h, highest
            );
            for (o, which) in OUTCOMES.into_iter().enumerate() {
                let outcome = which.key();
                let c = column(o);
                let finite: Vec<f64> = c.into_iter().filter(|v| v.is_finite()).collect();
                let (lo, hi) = finite
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                        (l.min(*v), h.max(*v))
                    });
                let mean = finite.iter().sum::<f64>() / finite.len().max(1) as f64;
                let _ = writeln!(
                    table,
                    "{outcome:<18} {:>12} {:>12} {:>12}",
                    num(lo, 4),
                    num(mean, 4),
                    num(hi, 4)
                );
            }
        }
    }
    let what = match (method, lang) {
        (Method::Morris, Lang::En) => "Morris screening",
        (Method::Sobol, Lang::En) => "Sobol' indices",
        (Method::Design, Lang::En) => "A design table",
        (Method::Morris, Lang::Nl) => "Morris-screening",
        (Method::Sobol, Lang::Nl) => "Sobol'-indices",
        (Method::Design, Lang::Nl) => "Een ontwerptabel",
    };
    let (of, on, point, points_, same) = lang.pick(
        (
            "of",
            "on",
            "design point",
            "design points",
            "the same seeds at every point",
        ),
        (
            "van",
            "op",
            "ontwerppunt",
            "ontwerppunten",
            "hetzelfde toeval op elk punt",
        ),
    );
    let head = format!(
        "{what} {of} {} {on} {}: {} x {} ({same})\n",
        count(k as u64, "parameter", "parameters"),
        scenario.name,
        count(points.len() as u64, point, points_),
        count(runs, "run", "runs")
    );
    let table = head + &table;
    crate::output::write_text(&staging.path("table.txt"), &table)?;
    let mut manifest = Manifest::new("explore", &input.source, scenario);
    manifest.seed = input.seed;
    manifest.seed_scheme = if method == Method::Design {
        "design: the rows of the design table; replication r at every point runs replication_seed(seed, r), as in compare".into()
    } else {
        "design: ChaCha8Rng::seed_from_u64(seed) on stream 2^32 (Morris) or the Sobol' sequence scrambled with the low 32 bits of the seed; replication r at every point runs replication_seed(seed, r), as in compare".into()
    };
    manifest.runs = runs;
    manifest.variants = vec![match (&plan.design_file, &plan.design_text) {
        (Some(file), Some(text)) => format!(
            "{} design points: the rows of {file} (sha256 {})",
            points.len(),
            crate::scenario::hex_sha256(text.as_bytes())
        ),
        _ => format!("{} design points", points.len()),
    }];
    crate::output::write_text(&staging.path("manifest.toml"), &manifest.to_toml())?;
    Ok(table)
}

fn write_factors(path: &Path, factors: &[Factor]) -> Result<(), AppError> {
    let mut csv = CsvFile::create(path, ["parameter", "default", "low", "high"])?;
    for f in factors {
        csv.row([
            f.path.clone(),
            fmt_value(Some(f.default)),
            fmt_value(Some(f.lo)),
            fmt_value(Some(f.hi)),
        ])?;
    }
    csv.finish()?;
    Ok(())
}
