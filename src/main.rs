//! The `teamsim` command line: argument parsing and exit codes only.

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use teamsim::app;
use teamsim::chart::{ChartOptions, Format, Lang};
use teamsim::model::Quadrant;

/// A discrete-event simulator of team dynamics under secure base leadership.
#[derive(Parser)]
#[command(name = "teamsim", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How charts are drawn (shared by every command that draws).
#[derive(clap::Args, Clone)]
struct ChartArgs {
    #[command(flatten)]
    lang: Language,
    /// Image formats, comma-separated: png, svg.
    #[arg(long = "format", value_delimiter = ',', default_value = "png,svg", value_parser = parse_format)]
    formats: Vec<Format>,
    /// Metrics drawn over time, one chart each (columns of the daily series).
    #[arg(
        long = "metric",
        value_delimiter = ',',
        default_value = "safety,grow_share,learning"
    )]
    metrics: Vec<String>,
    /// Metric of the caring x daring heatmap (a column of cells.csv).
    #[arg(long, default_value = "grow_share")]
    heatmap_metric: String,
}

impl ChartArgs {
    fn options(&self) -> ChartOptions {
        ChartOptions {
            lang: self.lang.lang,
            formats: self.formats.clone(),
            metrics: self.metrics.clone(),
            heatmap_metric: self.heatmap_metric.clone(),
        }
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

// The flags several commands share, each declared once and flattened into the
// commands that take it.

/// `--threads`.
#[derive(clap::Args, Clone, Copy)]
struct Threads {
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
}

/// `--seed`.
#[derive(clap::Args, Clone, Copy)]
struct Seed {
    /// Root seed instead of the scenario's.
    #[arg(long)]
    seed: Option<u64>,
}

/// `--out DIR` and `--force`.
#[derive(clap::Args, Clone)]
struct OutDir {
    /// Output folder (default: output/<scenario-name>/<command>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace the files this command writes if the output folder already holds them.
    #[arg(long)]
    force: bool,
}

/// `--quiet`.
#[derive(clap::Args, Clone, Copy)]
struct Quiet {
    /// Print nothing but errors (no progress bar, no table).
    #[arg(long, short)]
    quiet: bool,
}

/// `--lang`.
#[derive(clap::Args, Clone, Copy)]
struct Language {
    /// Language of what the command writes: en or nl.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
}

/// Options shared by the batch commands, compare and sweep.
#[derive(clap::Args)]
struct BatchArgs {
    #[command(flatten)]
    jobs: Threads,
    #[command(flatten)]
    seed: Seed,
    #[command(flatten)]
    output: OutDir,
    /// Run only slice K of N of the replications (for a cluster); combine the
    /// slices with `teamsim merge`.
    #[arg(long, value_parser = parse_shard)]
    shard: Option<app::Shard>,
    /// Continue an interrupted batch in the output folder.
    #[arg(long)]
    resume: bool,
    #[command(flatten)]
    quiet: Quiet,
    /// Draw the charts right away into <out>/charts/.
    #[arg(long)]
    charts: bool,
    /// Also write results.xlsx, an Excel workbook with headers in the --lang language.
    #[arg(long)]
    xlsx: bool,
    #[command(flatten)]
    chart: ChartArgs,
}

impl BatchArgs {
    /// Shards, resume and --force, with Ctrl-C and SIGTERM asking the batch to stop.
    fn control(&self) -> app::JobControl {
        stop_batches_gracefully();
        app::JobControl {
            shard: self.shard,
            resume: self.resume,
            force: self.output.force,
            stop: Some(&STOP),
        }
    }

    /// Prints the batch's table and draws its charts if asked.
    fn show(&self, report: &app::BatchReport) -> anyhow::Result<ExitCode> {
        show_batch(
            report,
            self.quiet.quiet,
            self.chart.lang.lang,
            self.charts.then_some(&self.chart),
        )
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario once and write its daily time series and summary as CSV.
    Run {
        /// The scenario file (TOML).
        scenario: PathBuf,
        #[command(flatten)]
        seed: Seed,
        #[command(flatten)]
        output: OutDir,
        #[command(flatten)]
        quiet: Quiet,
        /// Draw the charts right away into <out>/charts/.
        #[arg(long)]
        charts: bool,
        #[command(flatten)]
        chart: ChartArgs,
    },
    /// Compare leadership styles over many seeded runs, in parallel.
    Compare {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Runs per style (default: the scenario's [compare] runs, else 1000).
        #[arg(long)]
        runs: Option<u64>,
        /// Styles to compare, comma-separated (default: the scenario's [compare]
        /// variants, else all four).
        #[arg(long, value_delimiter = ',', value_parser = parse_quadrant)]
        styles: Option<Vec<Quadrant>>,
        /// Also run the scenario's own leader without the scenario's interventions
        /// (coaching, a new leader, team sessions, team changes), to see what they bring.
        #[arg(long)]
        without_interventions: bool,
        /// Compare the rows of a CSV table instead of styles: one variant per row, its
        /// columns parameter paths from `teamsim params --json`, `leader.caring`,
        /// `leader.daring`, `leader.availability` (else the scenario's) and an optional
        /// `name`; each against the scenario as written, on the same seeds.
        #[arg(long, conflicts_with = "styles")]
        design: Option<PathBuf>,
        #[command(flatten)]
        batch: BatchArgs,
    },
    /// Run a caring x daring grid and write a cell table for heatmaps.
    Sweep {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Points per axis: caring and daring each take this many values from 0 to 1.
        #[arg(long, default_value_t = 11)]
        grid: usize,
        /// Runs per cell.
        #[arg(long, default_value_t = app::DEFAULT_SWEEP_RUNS)]
        runs: u64,
        /// Run the rows of a CSV table instead of the grid: one cell per row, its
        /// columns parameter paths from `teamsim params --json`, `leader.caring`,
        /// `leader.daring`, `leader.availability` (else the scenario's) and an optional
        /// `name`. With parameter columns, cells.csv starts with the row's name and values.
        #[arg(long, conflicts_with_all = ["grid", "charts"])]
        design: Option<PathBuf>,
        #[command(flatten)]
        batch: BatchArgs,
    },
    /// Write a one-page HTML workshop handout: compare, a small sweep, a single run,
    /// their charts inlined, the table, the scenario and a legend of the model.
    Report {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Runs per style.
        #[arg(long, default_value_t = 500)]
        runs: u64,
        /// Points per axis of the caring x daring sweep.
        #[arg(long, default_value_t = 6)]
        grid: usize,
        /// Runs per sweep cell.
        #[arg(long, default_value_t = 20)]
        sweep_runs: u64,
        #[command(flatten)]
        jobs: Threads,
        #[command(flatten)]
        seed: Seed,
        #[command(flatten)]
        output: OutDir,
        #[command(flatten)]
        lang: Language,
        #[command(flatten)]
        quiet: Quiet,
    },
    /// One offline page for a workshop: drag the leader over the caring x daring square
    /// and the room sees the team respond (computed from a grid of real runs).
    Workshop {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Language the page opens in: en or nl (it can switch on the page).
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        /// Points per axis: caring and daring each take this many values from 0 to 1.
        #[arg(long, default_value_t = teamsim::workshop::DEFAULT_GRID)]
        grid: usize,
        /// Runs per grid point.
        #[arg(long, default_value_t = teamsim::workshop::DEFAULT_RUNS)]
        runs: u64,
        /// The page to write (default: output/<scenario-name>/workshop.html).
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        jobs: Threads,
        #[command(flatten)]
        seed: Seed,
        #[command(flatten)]
        quiet: Quiet,
    },
    /// Write a commented starter scenario NAME.toml that validates as written.
    New {
        /// Name of the scenario (the file is NAME.toml).
        name: String,
        #[command(flatten)]
        lang: Language,
    },
    /// List the scenarios bundled with teamsim, or copy them into a folder.
    Scenarios {
        /// Copy every bundled scenario into this folder (files already there are never replaced).
        #[arg(long)]
        copy_to: Option<PathBuf>,
        #[command(flatten)]
        lang: Language,
    },
    /// Charts for every bundled scenario, with an index page, in output/gallery/.
    Gallery {
        /// Folder of scenario files.
        #[arg(long, default_value = "scenarios")]
        scenarios: PathBuf,
        /// Runs per style for each comparison.
        #[arg(long, default_value_t = 200)]
        runs: u64,
        /// Output folder.
        #[arg(long, default_value = "output/gallery")]
        out: PathBuf,
        /// Replace the files this command writes if the output folder already holds them.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        lang: Language,
        #[command(flatten)]
        jobs: Threads,
        #[command(flatten)]
        quiet: Quiet,
    },
    /// One-at-a-time sensitivity of the key outcomes to every model parameter, with
    /// tornado charts and a check of the main findings at every setting.
    Sensitivity {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Runs per leader and setting.
        #[arg(long, default_value_t = 40)]
        runs: u64,
        /// Relative step: each parameter at (1 - step) and (1 + step) times its default.
        #[arg(long, default_value_t = 0.25)]
        step: f64,
        #[command(flatten)]
        jobs: Threads,
        #[command(flatten)]
        output: OutDir,
        #[command(flatten)]
        quiet: Quiet,
        #[command(flatten)]
        lang: Language,
    },
    /// Global sensitivity: which parameters matter for the key outcomes over their whole
    /// ranges and together (Morris screening, or Sobol' indices for a few parameters).
    Explore {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// morris (screening, many parameters) or sobol (variance shares, up to 128).
        #[arg(long, default_value = "morris", value_parser = parse_method)]
        method: app::Method,
        /// Parameters to vary, comma-separated paths from `teamsim params` (a per-style
        /// one stands for its four entries); default: all.
        #[arg(long, value_delimiter = ',')]
        params: Vec<String>,
        /// A CSV file `parameter,low,high` with the range of each parameter.
        #[arg(long)]
        ranges: Option<PathBuf>,
        /// Without --ranges: each parameter over its default times 1-span..=1+span.
        #[arg(long, default_value_t = 0.5)]
        span: f64,
        /// Without --ranges: each parameter over its whole allowed range instead.
        #[arg(long, conflicts_with = "span")]
        declared_ranges: bool,
        /// Morris: levels of the grid (even).
        #[arg(long, default_value_t = 4)]
        levels: usize,
        /// Morris: trajectories (each runs parameters + 1 design points).
        #[arg(long, default_value_t = 10)]
        trajectories: usize,
        /// Sobol': base samples (the design runs samples x (parameters + 2) points).
        #[arg(long, default_value_t = 256)]
        samples: usize,
        /// Run the points of a CSV table instead (from SALib or a sampler of your own):
        /// a header of parameter paths from `teamsim params --json` (and optionally
        /// `name`), one row per point; points.csv gets each point's mean outcomes.
        #[arg(long, conflicts_with_all = ["method", "params", "ranges", "span", "declared_ranges", "levels", "trajectories", "samples"])]
        design: Option<PathBuf>,
        /// Replications per design point (the same seeds at every point).
        #[arg(long, default_value_t = 10)]
        runs: u64,
        #[command(flatten)]
        jobs: Threads,
        #[command(flatten)]
        seed: Seed,
        #[command(flatten)]
        output: OutDir,
        /// Run only slice K of N of the design points (for a cluster); combine the
        /// slices with `teamsim merge`.
        #[arg(long, value_parser = parse_shard)]
        shard: Option<app::Shard>,
        /// Continue an interrupted exploration in the output folder.
        #[arg(long)]
        resume: bool,
        #[command(flatten)]
        quiet: Quiet,
        #[command(flatten)]
        lang: Language,
    },
    /// Check the stylized facts (MODEL.md section 6) and the patterns of model version 2
    /// (section 8.2) over many seeds and print every statistic with its 95% confidence
    /// interval and margin.
    ValidateModel {
        /// Paired replications per leader.
        #[arg(long, default_value_t = 1000)]
        runs: u64,
        #[command(flatten)]
        jobs: Threads,
    },
    /// Combine the shards of a compare, sweep or explore (run with --shard K/N) into the
    /// files a single run of the whole batch writes.
    Merge {
        /// The shard folders, in any order.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output folder for the combined files.
        #[arg(long)]
        out: PathBuf,
        /// Replace the files this command writes if the output folder already holds them.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        quiet: Quiet,
        #[command(flatten)]
        lang: Language,
        /// Also write results.xlsx, an Excel workbook with headers in the --lang language.
        #[arg(long)]
        xlsx: bool,
    },
    /// Draw charts from the CSV files of an earlier run, compare or sweep (no rerun).
    Chart {
        /// An output directory of run, compare or sweep.
        dir: PathBuf,
        #[command(flatten)]
        chart: ChartArgs,
    },
    /// Check scenario files and report every problem with its field and allowed range.
    Validate {
        /// One or more scenario files.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        #[command(flatten)]
        lang: Language,
    },
    /// List every model parameter with its default, allowed range and meaning.
    Params {
        /// As JSON, one entry per value that can be set (for samplers such as SALib).
        #[arg(long)]
        json: bool,
    },
    /// Write the JSON Schema of the scenario format, for editors that complete and
    /// check a scenario file as you type (a `#:schema ./teamsim.schema.json` line at
    /// its top points to it).
    Schema {
        /// File to write (e.g. teamsim.schema.json); without it the schema is printed.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        lang: Language,
    },
}

/// Prints a batch's table and where it went, and draws its charts if asked.
fn show_batch(
    report: &app::BatchReport,
    quiet: bool,
    lang: Lang,
    charts: Option<&ChartArgs>,
) -> anyhow::Result<ExitCode> {
    if !quiet {
        println!("{}", report.table.trim_end());
        println!("{}", wrote(&report.out_dir, lang));
    }
    if let Some(args) = charts {
        draw_charts(&report.out_dir, args, quiet)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn draw_charts(dir: &std::path::Path, args: &ChartArgs, quiet: bool) -> anyhow::Result<()> {
    let files = app::charts(dir, &args.options())?;
    if !quiet {
        println!("{}", args.lang.lang.pick("charts:", "grafieken:"));
        for f in files {
            println!("  {}", f.display());
        }
    }
    Ok(())
}

/// The line that says where a command wrote its result, in the language asked for.
fn wrote(path: &std::path::Path, lang: Lang) -> String {
    let p = path.display();
    lang.pick(format!("wrote {p}"), format!("{p} geschreven"))
}

fn parse_method(s: &str) -> Result<app::Method, String> {
    s.parse()
}

fn parse_quadrant(s: &str) -> Result<Quadrant, String> {
    s.parse()
}

/// A progress bar on stderr with runs/s and ETA; hidden when stderr is not a terminal.
struct Bar {
    bar: ProgressBar,
    /// Runs per tick (one tick is one replication of every variant).
    variants: AtomicU64,
}

impl Bar {
    fn new(quiet: bool) -> Self {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            ProgressBar::no_length()
        };
        Bar {
            bar,
            variants: AtomicU64::new(1),
        }
    }
}

impl app::Progress for Bar {
    fn start(&self, total: u64, variants: usize) {
        self.bar.set_length(total * variants as u64);
        // indicatif's own units (per second, time left) are English; the words are ours.
        let template = match asked_lang() {
            Lang::En => "{bar:40} {pos}/{len} runs  {per_sec}  ETA {eta}",
            Lang::Nl => "{bar:40} {pos}/{len} runs  {per_sec}  nog {eta}",
        };
        let style =
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
        self.bar.set_style(style);
        self.variants.store(variants as u64, Ordering::Relaxed);
    }
    fn tick(&self) {
        self.bar.inc(self.variants.load(Ordering::Relaxed));
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Set by Ctrl-C or SIGTERM: batches stop after the chunk of runs under way.
static STOP: AtomicBool = AtomicBool::new(false);

/// For compare and sweep: the first Ctrl-C or SIGTERM asks the batch to stop after the
/// chunk under way and save what it has; a second one ends the process at once. Other
/// commands keep the default (end at once): they commit nothing until they complete.
fn stop_batches_gracefully() {
    let lang = asked_lang();
    let _ = ctrlc::set_handler(move || {
        if STOP.swap(true, Ordering::SeqCst) {
            eprintln!(
                "\n{}",
                lang.pick(
                    "stopped at once; runs since the last checkpoint are lost, the rest is kept: rerun with --resume",
                    "meteen gestopt; de runs sinds het laatste tussenpunt zijn verloren, de rest is bewaard: geef hetzelfde commando opnieuw met --resume",
                )
            );
            std::process::exit(130);
        }
        eprintln!(
            "\n{}",
            lang.pick(
                "stopping after the runs under way (press Ctrl-C again to stop at once)",
                "stopt na de runs die nu lopen (druk nogmaals op Ctrl-C om meteen te stoppen)",
            )
        );
    });
}

/// Text for the terminal with control and invisible formatting characters (a
/// right-to-left override in a file name or a scenario line) shown as escapes, so
/// that an error message cannot reorder or hide what the terminal shows.
fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            let format = matches!(c, '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}');
            if (c.is_control() && c != '\n' && c != '\t') || format {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The language the command line asks for (`--lang nl` or `--lang=nl`), for its errors;
/// English when it asks for none or for one that does not exist (clap says so itself).
fn asked_lang() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    let value = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=").or_else(|| {
            (a == "--lang")
                .then(|| args.get(i + 1).map(String::as_str))
                .flatten()
        })
    });
    value.and_then(|v| v.parse().ok()).unwrap_or_default()
}

/// An error as printed: "error: ..." in English, "fout: ..." in Dutch, with nothing
/// that could steer the terminal.
fn error_line(text: &str, lang: Lang) -> String {
    format!("{}: {}", lang.pick("error", "fout"), terminal_safe(text))
}

/// The text of an error in `lang`: teamsim's own errors say their cause themselves, in
/// that language (the chain would repeat it); anything else as its whole chain.
fn error_text(e: &anyhow::Error, lang: Lang) -> String {
    match e
        .chain()
        .next()
        .and_then(|top| top.downcast_ref::<app::AppError>())
    {
        Some(app) => app.render(lang),
        None => format!("{e:#}"),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            let lang = asked_lang();
            eprintln!("{}", error_line(&error_text(&e, lang), lang));
            let interrupted = e
                .downcast_ref::<app::AppError>()
                .is_some_and(|e| matches!(e, app::AppError::Interrupted { .. }));
            if interrupted {
                ExitCode::from(130)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn parse_shard(s: &str) -> Result<app::Shard, String> {
    s.parse()
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run {
            scenario,
            seed,
            output,
            quiet: Quiet { quiet },
            charts,
            chart,
        } => {
            let report = app::run(&app::RunOptions {
                scenario,
                seed: seed.seed,
                out: output.out,
                force: output.force,
            })?;
            if !quiet {
                println!("{}", report.describe(chart.lang.lang));
            }
            if charts {
                draw_charts(&report.out_dir, &chart, quiet)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare {
            scenario,
            runs,
            styles,
            without_interventions,
            design,
            batch,
        } => {
            let opts = app::CompareOptions {
                scenario,
                runs,
                styles,
                without_interventions,
                design,
                lang: batch.chart.lang.lang,
                xlsx: batch.xlsx,
                threads: batch.jobs.threads,
                seed: batch.seed.seed,
                out: batch.output.out.clone(),
                control: batch.control(),
            };
            batch.show(&app::compare(&opts, &Bar::new(batch.quiet.quiet))?)
        }
        Command::Sweep {
            scenario,
            grid,
            runs,
            design,
            batch,
        } => {
            let opts = app::SweepOptions {
                scenario,
                grid,
                design,
                runs: Some(runs),
                lang: batch.chart.lang.lang,
                xlsx: batch.xlsx,
                threads: batch.jobs.threads,
                seed: batch.seed.seed,
                out: batch.output.out.clone(),
                control: batch.control(),
            };
            batch.show(&app::sweep(&opts, &Bar::new(batch.quiet.quiet))?)
        }
        Command::Report {
            scenario,
            runs,
            grid,
            sweep_runs,
            jobs,
            seed,
            output,
            lang,
            quiet: Quiet { quiet },
        } => {
            let opts = app::ReportOptions {
                scenario,
                runs,
                grid,
                sweep_runs,
                threads: jobs.threads,
                seed: seed.seed,
                out: output.out,
                lang: lang.lang,
                force: output.force,
            };
            let page = app::report(&opts, &Bar::new(quiet))?;
            if !quiet {
                println!("{}", wrote(&page, opts.lang));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Workshop {
            scenario,
            lang,
            grid,
            runs,
            out,
            jobs,
            seed,
            quiet: Quiet { quiet },
        } => {
            let opts = app::WorkshopOptions {
                scenario,
                lang,
                grid,
                runs,
                threads: jobs.threads,
                seed: seed.seed,
                out,
            };
            let made = app::workshop(&opts, &Bar::new(quiet))?;
            if !quiet {
                let lang = opts.lang;
                println!(
                    "{} ({} MB, {} {}); {}",
                    wrote(&made.path, lang),
                    lang.number(made.bytes as f64 / 1e6, 1),
                    made.cells,
                    lang.pick("grid points", "rasterpunten"),
                    lang.pick(
                        "open it in a browser, no network needed",
                        "open het in een browser, zonder netwerk"
                    )
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::New { name, lang } => {
            let path = app::new_scenario(&name, lang.lang)?;
            let p = path.display();
            let check = lang.lang.pick(
                format!("check it with `teamsim validate {p}`"),
                format!("controleer het met `teamsim validate {p} --lang nl`"),
            );
            println!("{}; {check}", wrote(&path, lang.lang));
            Ok(ExitCode::SUCCESS)
        }
        Command::Scenarios { copy_to, lang } => {
            match copy_to {
                Some(dir) => {
                    let (n, d) = (app::copy_scenarios(&dir)?.len(), dir.display());
                    println!(
                        "{}",
                        lang.lang.pick(
                            format!("copied {n} scenarios into {d}"),
                            format!("{n} scenario's gekopieerd naar {d}"),
                        )
                    );
                }
                None => print!("{}", app::list_scenarios(lang.lang)?),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Gallery {
            scenarios,
            runs,
            out,
            force,
            lang,
            jobs,
            quiet: Quiet { quiet },
        } => {
            let opts = app::GalleryOptions {
                scenarios,
                runs,
                out,
                lang: lang.lang,
                threads: jobs.threads,
                force,
            };
            let index = app::gallery(&opts, &Bar::new(quiet))?;
            if !quiet {
                println!("{}", wrote(&index, opts.lang));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Sensitivity {
            scenario,
            runs,
            step,
            jobs,
            output,
            quiet: Quiet { quiet },
            lang,
        } => {
            let opts = app::SensitivityOptions {
                scenario,
                runs,
                step,
                threads: jobs.threads,
                out: output.out,
                force: output.force,
                lang: lang.lang,
            };
            let (text, dir) = app::sensitivity(&opts, &Bar::new(quiet))?;
            if !quiet {
                print!("{text}");
                println!("{}", wrote(&dir, opts.lang));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explore {
            scenario,
            method,
            params,
            ranges,
            span,
            declared_ranges,
            levels,
            trajectories,
            samples,
            design,
            runs,
            jobs,
            seed,
            output,
            shard,
            resume,
            quiet: Quiet { quiet },
            lang,
        } => {
            stop_batches_gracefully();
            let opts = app::ExploreOptions {
                design,
                scenario,
                method,
                params,
                ranges,
                span,
                declared_ranges,
                levels,
                trajectories,
                samples,
                runs,
                threads: jobs.threads,
                seed: seed.seed,
                out: output.out,
                force: output.force,
                lang: lang.lang,
                shard,
                resume,
                stop: Some(&STOP),
            };
            let report = app::explore(&opts, &Bar::new(quiet))?;
            if !quiet {
                print!("{}", report.table);
                println!("{}", wrote(&report.out_dir, opts.lang));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::ValidateModel { runs, jobs } => {
            let (text, all_passed) = app::validate_model(runs, jobs.threads)?;
            print!("{text}");
            Ok(if all_passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Merge {
            dirs,
            out,
            force,
            quiet: Quiet { quiet },
            lang,
            xlsx,
        } => {
            if dirs.first().is_some_and(|d| app::is_explore_shard(d)) {
                let report = app::merge_explore(&dirs, &out, force, lang.lang)?;
                if !quiet {
                    print!("{}", report.table);
                    println!("{}", wrote(&report.out_dir, lang.lang));
                }
                return Ok(ExitCode::SUCCESS);
            }
            let report = app::merge(&dirs, &out, force, lang.lang, xlsx)?;
            show_batch(&report, quiet, lang.lang, None)
        }
        Command::Chart { dir, chart } => {
            draw_charts(&dir, &chart, false)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { scenarios, lang } => {
            let mut failed = false;
            for path in &scenarios {
                match app::validate(path, lang.lang) {
                    Ok(line) => println!("{line}"),
                    Err(e) => {
                        eprintln!("{}", error_line(&e.render(lang.lang), lang.lang));
                        failed = true;
                    }
                }
            }
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Params { json } => {
            print!(
                "{}",
                if json {
                    app::params_json()
                } else {
                    app::params_table()
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema { out, lang } => {
            match out {
                Some(path) => {
                    app::write_schema(&path)?;
                    println!("{}", wrote(&path, lang.lang));
                }
                None => print!("{}", teamsim::scenario::schema::scenario_schema_json()),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
