//! `teamsim explore`: global sensitivity of the key outcomes to the model's parameters
//! (Morris screening or Sobol' indices), as CSV files and a table.

use super::plan::{Input, Progress, check_flag, check_runs, threads};
use super::{AppError, Manifest, default_out_dir};
use crate::chart::explore::{MorrisPlot, SobolBars, factor_label};
use crate::chart::{self, Format, Lang};
use crate::explore::{self, Factor, OUTCOMES, Ranges, morris, sobol};
use crate::output::{CsvFile, OutputFolder, Staging, fmt_value};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The method of an exploration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Morris elementary effects: a screening of many parameters.
    Morris,
    /// Sobol' first-order and total indices: variance shares of a few parameters.
    Sobol,
}

impl std::str::FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_lowercase().as_str() {
            "morris" => Ok(Method::Morris),
            "sobol" => Ok(Method::Sobol),
            other => Err(format!(
                "unknown method `{other}`: expected morris or sobol"
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

/// Reads a ranges file: a header `parameter,low,high`, then one row per parameter
/// (a per-style parameter as `path.style`). Every value is checked against the
/// parameter's allowed range.
fn read_ranges(path: &Path, wanted: &[Factor]) -> Result<Vec<Factor>, AppError> {
    let bad = |line: usize, why: String| {
        AppError::Usage(format!("{}: line {line}: {why}", path.display()))
    };
    let declared = explore::all_factors(Ranges::Declared);
    let text = std::fs::read_to_string(path).map_err(|cause| crate::output::OutputError::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| bad(1, e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    if header != ["parameter", "low", "high"] {
        return Err(bad(
            1,
            format!(
                "the header must be `parameter,low,high`, not `{}`",
                header.join(",")
            ),
        ));
    }
    let mut out: Vec<Factor> = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| bad(line, e.to_string()))?;
        let name = row.get(0).unwrap_or_default();
        let Some(d) = declared.iter().find(|f| f.path == name) else {
            let near = declared
                .iter()
                .min_by_key(|f| strsim::damerau_levenshtein(&f.path, name))
                .map(|f| format!(" (did you mean `{}`?)", f.path))
                .unwrap_or_default();
            return Err(bad(
                line,
                format!(
                    "`{name}` is not a parameter{near}; `teamsim params` lists them (a per-style one as path.style)"
                ),
            ));
        };
        let number = |k: usize, field: &str| -> Result<f64, AppError> {
            let v: f64 = row
                .get(k)
                .unwrap_or_default()
                .parse()
                .map_err(|_| bad(line, format!("{field} of {name} is not a number")))?;
            if !v.is_finite() || v < d.lo || v > d.hi {
                return Err(bad(
                    line,
                    format!(
                        "{field} {v} of {name} is out of range: must be within {}..={}",
                        d.lo, d.hi
                    ),
                ));
            }
            Ok(v)
        };
        let (lo, hi) = (number(1, "low")?, number(2, "high")?);
        if lo >= hi {
            return Err(bad(
                line,
                format!("low {lo} must be below high {hi} for {name}"),
            ));
        }
        if out.iter().any(|f| f.path == name) {
            return Err(bad(line, format!("{name} is given twice")));
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
        return Err(AppError::Usage(format!(
            "{}: no parameter to vary",
            path.display()
        )));
    }
    Ok(out)
}

/// The factors `opts` asks for, with their ranges.
fn choose_factors(opts: &ExploreOptions) -> Result<Vec<Factor>, AppError> {
    let span_ok = opts.span > 0.0 && opts.span < 1.0;
    if !opts.declared_ranges && !span_ok {
        return Err(AppError::Usage(format!(
            "--span {} is out of range: must be within 0..1 (exclusive)",
            opts.span
        )));
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
            let near = all
                .iter()
                .min_by_key(|f| strsim::damerau_levenshtein(&f.path, name))
                .map(|f| format!(" (did you mean `{}`?)", f.path))
                .unwrap_or_default();
            return Err(AppError::Usage(format!(
                "--params: `{name}` is not a parameter that can vary{near}; `teamsim params` lists them"
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

/// `teamsim explore`: runs the design and writes `factors.csv`, `points.csv`, the
/// effects (`morris.csv`) or indices (`sobol.csv`) and `manifest.toml`.
pub fn explore(opts: &ExploreOptions, progress: &dyn Progress) -> Result<ExploreReport, AppError> {
    // Every argument before the scenario is read and anything runs.
    let runs = check_runs(opts.runs)?;
    let threads = threads(opts.threads)?;
    match opts.method {
        Method::Morris => {
            check_flag("--levels", opts.levels, (2, 16))?;
            if !opts.levels.is_multiple_of(2) {
                return Err(AppError::Usage(format!(
                    "--levels {} must be even",
                    opts.levels
                )));
            }
            check_flag("--trajectories", opts.trajectories, (2, 10_000))?;
        }
        Method::Sobol => {
            check_flag("--samples", opts.samples, (8, sobol::MAX_ROWS))?;
        }
    }
    let factors = choose_factors(opts)?;
    let k = factors.len();
    if opts.method == Method::Sobol && k > sobol::MAX_FACTORS {
        return Err(AppError::Usage(format!(
            "a Sobol' analysis takes at most {} parameters and {k} were chosen: screen them with --method morris first, then give the ones that matter with --params",
            sobol::MAX_FACTORS
        )));
    }
    let input = Input::read(&opts.scenario, opts.seed)?;
    let scenario = &input.scenario;
    let out_dir = opts
        .out
        .clone()
        .unwrap_or_else(|| default_out_dir(scenario).join("explore"));
    let folder = OutputFolder::claim(&out_dir)?;
    folder.check_fresh(opts.force)?;

    let base = &scenario.params;
    let valid = |u: &[f64]| explore::params_at(base, &factors, u).is_some();
    // The design is drawn from its own stream of the seed, apart from the runs'.
    let mut rng = ChaCha8Rng::seed_from_u64(input.seed);
    rng.set_stream(u64::from(u32::MAX) + 1);
    let points = match opts.method {
        Method::Morris => morris::design(
            k,
            opts.trajectories,
            opts.levels,
            &mut rng,
            &valid,
            1000 * opts.trajectories,
        ),
        Method::Sobol => sobol::design(k, opts.samples, input.seed as u32, &valid),
    }
    .map_err(AppError::Usage)?;
    progress.start(points.len() as u64, runs as usize);
    let result = explore::evaluate(
        scenario,
        input.seed,
        &factors,
        &points,
        runs,
        threads,
        &|| progress.tick(),
    );
    progress.finish();
    let outputs = result?;

    let staging = Staging::new(&folder)?;
    write_factors(&staging.path("factors.csv"), &factors)?;
    write_points(&staging.path("points.csv"), &factors, &points, &outputs)?;
    let charts = staging.path("charts");
    std::fs::create_dir_all(&charts).map_err(crate::output::io_err(&charts))?;
    let formats = [Format::Png, Format::Svg];
    let labels: Vec<String> = factors
        .iter()
        .map(|f| factor_label(&f.path, opts.lang))
        .collect();
    let mut table = String::new();
    let column = |o: usize| -> Vec<f64> { outputs.iter().map(|v| v[o]).collect() };
    match opts.method {
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
            for (o, (_, outcome)) in OUTCOMES.iter().enumerate() {
                let effects = morris::effects(&points, &column(o), k, RESAMPLES, &mut rng);
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
                    outcome,
                    points: &dots,
                    labelled: 8,
                    lang: opts.lang,
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
                    "\n{outcome}: largest mu* (change over the whole range; 95% interval), sigma"
                );
                for &i in order.iter().take(TOP) {
                    let e = &effects[i];
                    let _ = writeln!(
                        table,
                        "  {:<48} {:>10.4} ({:.4} to {:.4})  sigma {:.4}",
                        factors[i].path, e.mu_star, e.mu_star_ci.0, e.mu_star_ci.1, e.sigma
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
            for (o, (_, outcome)) in OUTCOMES.iter().enumerate() {
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
                    outcome,
                    bars: &bars,
                    lang: opts.lang,
                };
                chart::render(&bars, &charts, &formats)?;
                let _ = writeln!(
                    table,
                    "\n{outcome}: share of variance, alone (S1) and with interactions (ST), 95% intervals"
                );
                for &i in order.iter().take(TOP) {
                    let s = &indices[i];
                    let _ = writeln!(
                        table,
                        "  {:<48} S1 {:>6.3} ({:.3} to {:.3})  ST {:>6.3} ({:.3} to {:.3})",
                        factors[i].path,
                        s.first,
                        s.first_ci.0,
                        s.first_ci.1,
                        s.total,
                        s.total_ci.0,
                        s.total_ci.1
                    );
                }
            }
            csv.finish()?;
        }
    }
    let head = format!(
        "{} of {k} parameters on {}: {} design points x {runs} runs (the same seeds at every point)\n",
        match opts.method {
            Method::Morris => "Morris screening",
            Method::Sobol => "Sobol' indices",
        },
        scenario.name,
        points.len()
    );
    let table = head + &table;
    crate::output::write_text(&staging.path("table.txt"), &table)?;
    let mut manifest = Manifest::new("explore", &input.source, scenario);
    manifest.seed = input.seed;
    manifest.seed_scheme = "design: ChaCha8Rng::seed_from_u64(seed) on stream 2^32 (Morris) or the Sobol' sequence scrambled with the low 32 bits of the seed; replication r at every point runs replication_seed(seed, r), as in compare".into();
    manifest.runs = runs;
    manifest.variants = vec![format!("{} design points", points.len())];
    crate::output::write_text(&staging.path("manifest.toml"), &manifest.to_toml())?;
    staging.commit()?;
    Ok(ExploreReport {
        out_dir,
        points: points.len(),
        table,
    })
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

/// One row per design point: the parameter values set and the mean outcomes.
fn write_points(
    path: &Path,
    factors: &[Factor],
    points: &[Vec<f64>],
    outputs: &[[f64; OUTCOMES.len()]],
) -> Result<(), AppError> {
    let header: Vec<String> = std::iter::once("point".to_string())
        .chain(factors.iter().map(|f| f.path.clone()))
        .chain(OUTCOMES.iter().map(|(_, o)| o.to_string()))
        .collect();
    let mut csv = CsvFile::create(path, header)?;
    for (i, (unit, out)) in points.iter().zip(outputs).enumerate() {
        let row: Vec<String> = std::iter::once(i.to_string())
            .chain(
                factors
                    .iter()
                    .zip(unit)
                    .map(|(f, u)| fmt_value(Some(f.at(*u)))),
            )
            .chain(out.iter().map(|v| fmt_value(Some(*v))))
            .collect();
        csv.row(row)?;
    }
    csv.finish()?;
    Ok(())
}
