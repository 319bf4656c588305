//! The commands behind the binary: each takes plain options, does its work through the
//! library, and returns what to tell the user. No argument parsing here.

mod batch;
mod explore;
mod job;
mod plan;
mod report;
mod results;
mod saved;
mod sensitivity;
mod starter;
mod workbook;
mod workshop;

pub use batch::{
    BatchReport, CompareOptions, DEFAULT_COMPARE_RUNS, DEFAULT_SWEEP_RUNS, SweepOptions, compare,
    compare_variants, sweep,
};
pub use explore::{
    ExploreOptions, ExploreReport, Method, explore, is_explore_shard, merge_explore,
};
pub use job::{JobControl, PARTIAL, merge};
pub use plan::{GRID_RANGE, Input, MAX_THREADS, Progress};
pub use report::{GalleryOptions, ReportOptions, gallery, page_strings, report};
pub use results::{CELL_OUTCOMES, comparison_table};
pub use saved::{FORMAT_VERSION, Shard};
pub use sensitivity::{SensitivityOptions, sensitivity};
pub use starter::{copy_scenarios, list_scenarios, new_scenario, starter, write_schema};
pub use workbook::WORKBOOK;
pub use workshop::{WorkshopOptions, WorkshopReport, workshop};

use crate::lang::{Lang, count};
use crate::model::Params;
use crate::output::{self, OutputError};
use crate::problem::{Said, out_of_range};
use crate::scenario::{Scenario, ScenarioError, ScenarioSource};
use crate::sim::field;
use crate::sim::{self, DailyRecord, Summary};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The scenario file is unreadable or invalid.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// Output could not be written.
    #[error("{}", with_flags(.0, Lang::En))]
    Output(#[from] OutputError),
    /// A command-line value is out of range, or a command cannot do what was asked.
    #[error("{0}")]
    Usage(Said),
    /// A batch could not run.
    #[error(transparent)]
    Batch(#[from] crate::batch::BatchError),
    /// Charts could not be drawn.
    #[error(transparent)]
    Chart(#[from] crate::chart::ChartError),
    /// A file teamsim reads back (batch state, shard, runs table) failed its checks.
    #[error("{}: this {what} cannot be used: {why}. Nothing was merged or resumed from it", path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What kind of file it should be.
        what: SavedKind,
        /// What is wrong with it: a technical finding, said in English in both
        /// languages (the Dutch message says so).
        why: String,
    },
    /// Every run was done but the results could not be put in place.
    #[error("{cause}; every completed run is kept in {}/.partial: rerun the same command with --resume once this is fixed", dir.display())]
    NotCommitted {
        /// Why the results could not be written.
        cause: Box<AppError>,
        /// The output folder.
        dir: PathBuf,
    },
    /// Stopped by Ctrl-C or SIGTERM; every completed run is kept.
    #[error("interrupted after {done} of {total} replications; every completed run is kept in {}/.partial: rerun the same command with --resume to continue", dir.display())]
    Interrupted {
        /// Replications completed.
        done: u64,
        /// Replications asked for.
        total: u64,
        /// The output folder.
        dir: PathBuf,
    },
}

/// An error the checks before it should have made impossible (encoding teamsim's own
/// state), said as the library that found it says it.
pub(crate) fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Usage(internal_said(e))
}

/// The words of [`internal`].
pub(crate) fn internal_said(e: impl std::fmt::Display) -> Said {
    Said::new(format!("internal error: {e}"), format!("interne fout: {e}"))
}

/// The command-line `flag`'s `value` is not strictly between 0 and 1.
pub(crate) fn open_unit_interval(flag: &str, value: f64) -> Said {
    Said::new(
        format!("{flag} {value} is out of range: must be within 0..1 (exclusive)"),
        format!(
            "{flag} {value} valt buiten het bereik: moet tussen 0 en 1 liggen (0 en 1 zelf niet)"
        ),
    )
}

/// The command-line `flag`'s `value` lies outside `lo..=hi`.
pub(crate) fn flag_out_of_range(
    flag: &str,
    value: impl std::fmt::Display,
    lo: impl std::fmt::Display,
    hi: impl std::fmt::Display,
) -> AppError {
    let range = out_of_range(value, lo, hi);
    AppError::Usage(Said::new(
        format!("{flag} {}", range.en),
        format!("{flag} {}", range.nl),
    ))
}

/// A kind of file teamsim writes and reads back, as an error names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavedKind {
    /// The state of an interrupted compare or sweep.
    BatchState,
    /// One shard of a batch.
    Shard,
    /// The runs table of a batch (runs.csv).
    RunsTable,
    /// The state of an interrupted or sharded exploration.
    SavedExploration,
    /// The table of the points an exploration has run.
    ExploredPoints,
}

impl SavedKind {
    /// The kind's name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            SavedKind::BatchState => lang.pick("batch state", "opgeslagen batchstand"),
            SavedKind::Shard => lang.pick("shard", "shard"),
            SavedKind::RunsTable => lang.pick("runs table", "tabel van runs"),
            SavedKind::SavedExploration => lang.pick("saved exploration", "opgeslagen verkenning"),
            SavedKind::ExploredPoints => {
                lang.pick("table of explored points", "tabel van verkende punten")
            }
        }
    }
}

impl std::fmt::Display for SavedKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name(Lang::En))
    }
}

/// An output error, with what the user can do about it on the command line.
fn with_flags(e: &OutputError, lang: Lang) -> String {
    let what = e.render(lang);
    match (e, lang) {
        (OutputError::Exists { .. }, Lang::En) => format!(
            "{what}; pass --force to replace the files this command writes there (files of the same name; anything else in the folder stays), or choose another folder with --out"
        ),
        (OutputError::Exists { .. }, Lang::Nl) => format!(
            "{what}; geef --force om de bestanden die dit commando schrijft te vervangen (bestanden met dezelfde naam; al het andere in de map blijft staan), of kies een andere map met --out"
        ),
        (OutputError::Busy { .. }, Lang::En) => {
            format!("{what}; wait until it ends, or choose another folder with --out")
        }
        (OutputError::Busy { .. }, Lang::Nl) => {
            format!("{what}; wacht tot het klaar is, of kies een andere map met --out")
        }
        _ => what,
    }
}

impl AppError {
    /// The error in `lang`; its `Display` is the English.
    pub fn render(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            AppError::Scenario(e) => e.render(lang),
            AppError::Output(e) => with_flags(e, lang),
            AppError::Usage(said) => said.get(lang).to_string(),
            AppError::Batch(e) => e.render(lang),
            AppError::Chart(e) => e.render(lang),
            AppError::Damaged { path, what, why } => format!(
                "{}: deze {} is niet te gebruiken (in de woorden van de controle: {why}). Er is niets uit samengevoegd of hervat",
                path.display(),
                what.name(lang)
            ),
            AppError::NotCommitted { cause, dir } => format!(
                "{}; elke voltooide run staat in {}/.partial: geef hetzelfde commando opnieuw met --resume zodra dit is opgelost",
                cause.render(lang),
                dir.display()
            ),
            AppError::Interrupted { done, total, dir } => format!(
                "onderbroken na {done} van de {total} runs; elke voltooide run staat in {}/.partial: geef hetzelfde commando opnieuw met --resume om verder te gaan",
                dir.display()
            ),
        }
    }
}

/// `teamsim chart`: draws every chart the files in `dir` allow into `dir/charts/`.
pub fn charts(dir: &Path, opts: &crate::chart::ChartOptions) -> Result<Vec<PathBuf>, AppError> {
    if !dir.is_dir() {
        let d = dir.display();
        return Err(AppError::Usage(Said::new(
            format!("{d}: not a directory with teamsim output"),
            format!("{d}: geen map met resultaten van teamsim"),
        )));
    }
    crate::chart::draw_dir(dir, opts).map_err(|e| match e {
        // Named by the flag the user gave it.
        crate::chart::ChartError::UnknownMetric {
            chart,
            metric,
            valid,
        } => {
            let flag = match chart {
                crate::chart::MetricChart::OverTime => "--metric",
                crate::chart::MetricChart::Heatmap => "--heatmap-metric",
            };
            let valid = valid.join(", ");
            AppError::Usage(Said::new(
                format!("{flag} {metric}: no such metric; choose from: {valid}"),
                format!("{flag} {metric}: die maat bestaat niet; kies uit: {valid}"),
            ))
        }
        e => e.into(),
    })
}

/// Options of `teamsim run`.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Seed instead of the scenario's.
    pub seed: Option<u64>,
    /// Output directory instead of `output/<scenario-name>/`.
    pub out: Option<PathBuf>,
    /// Replace output that is already there.
    pub force: bool,
}

/// What `teamsim run` did.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// The scenario that ran.
    pub scenario: Scenario,
    /// The seed used.
    pub seed: u64,
    /// Where the files went.
    pub out_dir: PathBuf,
    /// The run summary.
    pub summary: Summary,
    /// The last observation.
    pub last: Option<DailyRecord>,
    /// The leader's spells of sick leave (start, end) in scenario days.
    pub leader_away: Vec<(f64, f64)>,
}

/// The provenance of an output directory, so that a result can be traced and rerun.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// teamsim version that wrote the files.
    pub teamsim_version: String,
    /// The command that wrote them.
    pub command: String,
    /// The scenario file as given.
    pub scenario_file: String,
    /// SHA-256 of the scenario file's bytes.
    pub scenario_sha256: String,
    /// The scenario's name.
    pub scenario_name: String,
    /// The seed (for a run) or root seed (for a batch).
    pub seed: u64,
    /// How per-run seeds are derived.
    pub seed_scheme: String,
    /// Number of runs per variant.
    pub runs: u64,
    /// Leadership variants.
    pub variants: Vec<String>,
    /// When the files were written (UTC); the only field that changes between reruns.
    pub created: String,
}

impl Manifest {
    /// A manifest for a scenario as it was read when the command started.
    pub fn new(command: &str, source: &ScenarioSource, scenario: &Scenario) -> Self {
        Manifest {
            teamsim_version: env!("CARGO_PKG_VERSION").into(),
            command: command.into(),
            scenario_file: source.path.display().to_string(),
            scenario_sha256: source.sha256.clone(),
            scenario_name: scenario.name.clone(),
            seed: scenario.seed,
            seed_scheme: "single run: ChaCha8Rng::seed_from_u64(seed)".into(),
            runs: 1,
            variants: vec![format!(
                "caring={} daring={}",
                scenario.leader.caring, scenario.leader.daring
            )],
            created: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        }
    }

    /// The manifest as TOML.
    pub fn to_toml(&self) -> String {
        // Serialising a struct of strings and numbers cannot fail.
        toml::to_string(self).unwrap_or_default()
    }
}

/// Keeps a single run's observations, every member's state at each of them, and the
/// leader's sick leave.
#[derive(Debug, Default)]
struct RunTrace {
    records: Vec<DailyRecord>,
    members: Vec<(f64, Vec<sim::MemberSnapshot>)>,
    /// The leader's spells away (start, end) in scenario days; one that began in the
    /// burn-in starts at 0, and one still going at the horizon has no end yet.
    leader_away: Vec<(f64, Option<f64>)>,
}

impl RunTrace {
    /// The leader's spells away, cut to `horizon`.
    fn leader_spells(&self, horizon: f64) -> Vec<(f64, f64)> {
        self.leader_away
            .iter()
            .map(|(start, end)| (*start, end.unwrap_or(horizon).min(horizon)))
            .collect()
    }
}

impl sim::Observer for RunTrace {
    fn record(&mut self, record: &DailyRecord) {
        self.records.push(record.clone());
    }
    fn event(&mut self, time: f64, kind: sim::EventKind) {
        match kind {
            sim::EventKind::LeaderAway => self.leader_away.push((time, None)),
            sim::EventKind::LeaderBack => match self.leader_away.last_mut() {
                Some((_, end @ None)) => *end = Some(time),
                _ => self.leader_away.push((0.0, Some(time))),
            },
            _ => {}
        }
    }
    fn wants_members(&self) -> bool {
        true
    }
    fn members(&mut self, day: f64, members: &[sim::MemberSnapshot]) {
        self.members.push((day, members.to_vec()));
    }
}

/// The default output directory for a scenario: `output/<safe name>/`.
pub fn default_out_dir(scenario: &Scenario) -> PathBuf {
    Path::new("output").join(output::safe_dir_name(&scenario.name))
}

/// `teamsim run`: one seeded run; writes `daily.csv`, `summary.csv` and `manifest.toml`.
pub fn run(opts: &RunOptions) -> Result<RunReport, AppError> {
    run_from(&Input::read(&opts.scenario, opts.seed)?, opts)
}

/// `teamsim run` on a scenario already read (`opts.scenario` and `opts.seed` are then
/// those of `input`).
pub(super) fn run_from(input: &Input, opts: &RunOptions) -> Result<RunReport, AppError> {
    let (source, scenario) = (&input.source, input.scenario.clone());
    let seed = input.seed;
    // Beside compare/, sweep/ and the others: commands never share a folder.
    let out_dir = opts
        .out
        .clone()
        .unwrap_or_else(|| default_out_dir(&scenario).join("run"));
    let folder = output::OutputFolder::claim(&out_dir)?;
    folder.check_fresh(opts.force)?;
    // Every member's state at every observation is kept for members.csv.
    let observations = (scenario.horizon / scenario.observe_every).floor() as u64 + 1;
    let snapshot = std::mem::size_of::<sim::MemberSnapshot>() as u64;
    job::check_memory(
        Said::new("this run", "deze run"),
        observations * scenario.max_slots() as u64 * snapshot,
    )?;
    let mut trace = RunTrace::default();
    let summary = sim::run(&scenario, seed, &mut trace);
    let spells = trace.leader_spells(scenario.horizon);
    let records = trace.records;

    let staging = output::Staging::new(&folder)?;
    output::write_daily_csv(&staging.path("daily.csv"), &records)?;
    output::write_members_csv(&staging.path("members.csv"), &trace.members)?;
    output::write_timeline_csv(&staging.path("timeline.csv"), &scenario, &spells)?;
    let leading = [
        ("scenario", scenario.name.clone()),
        ("seed", seed.to_string()),
        ("caring", output::fmt_value(Some(scenario.leader.caring))),
        ("daring", output::fmt_value(Some(scenario.leader.daring))),
    ];
    output::write_summary_csv(&staging.path("summary.csv"), &leading, &summary)?;
    let mut manifest = Manifest::new("run", source, &scenario);
    manifest.seed = seed;
    output::write_text(&staging.path("manifest.toml"), &manifest.to_toml())?;
    staging.commit()?;
    Ok(RunReport {
        scenario,
        seed,
        out_dir,
        summary,
        last: records.last().cloned(),
        leader_away: spells,
    })
}

/// A share as a whole percentage, `-` when there is none.
fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{:.0}%", v * 100.0))
}

impl RunReport {
    /// A short summary of the run in `lang`, for the facilitator at the terminal.
    pub fn describe(&self, lang: Lang) -> String {
        let s = &self.scenario;
        let sm = &self.summary;
        let c = &sm.counts;
        let num = |v: Option<f64>| v.map_or("-".into(), |v| lang.number(v, 2));
        let whole = |name: &str| lang.number(sm.get(name).unwrap_or(0.0), 0);
        let by_style: Vec<String> = crate::model::AttachmentStyle::ALL
            .iter()
            .filter_map(|&st| {
                let g = sm.get(&field::of_style(field::GROW_SHARE, st))?;
                Some(format!(
                    "{} {}",
                    lang.attachment(st).to_lowercase(),
                    pct(Some(g))
                ))
            })
            .collect();
        let quadrant = lang.quadrant(s.leader.quadrant()).to_lowercase();
        let (caring, daring) = (
            lang.number(s.leader.caring, 2),
            lang.number(s.leader.daring, 2),
        );
        let absence_days = sm.get(field::TOTAL_ABSENCE_DAYS).unwrap_or(0.0).round() as u64;
        let files = "daily.csv, members.csv, timeline.csv, summary.csv, manifest.toml";
        let leader_days = self
            .leader_away
            .iter()
            .map(|(start, end)| end - start)
            .sum::<f64>()
            .round() as u64;
        let spells = self.leader_away.len() as u64;
        let lines: Vec<(&str, String)> = match lang {
            Lang::En => vec![
                (
                    "",
                    format!(
                        "{}: {}, team of {}, leader caring {caring} / daring {daring} ({quadrant}), seed {}",
                        s.name,
                        lang.amount(s.horizon, "day", "days"),
                        s.team.roster.size(),
                        self.seed
                    ),
                ),
                (
                    "safety (felt / shown)",
                    format!(
                        "{} / {}   time average",
                        num(sm.get(field::AVG_SAFETY)),
                        num(sm.get(field::AVG_SHOWN_SAFETY))
                    ),
                ),
                (
                    "in Grow (Doel 2)",
                    format!(
                        "{}   time average; {} at the end",
                        pct(sm.get(field::AVG_GROW_SHARE)),
                        pct(sm.get(field::END_GROW_SHARE))
                    ),
                ),
                (
                    "trust in the leader",
                    format!("{}   time average", num(sm.get(field::AVG_TRUST))),
                ),
                (
                    "learning",
                    format!("{} units", whole(field::TOTAL_LEARNING)),
                ),
                (
                    "absence",
                    format!(
                        "{} in {}; {}, {}",
                        count(absence_days, "day", "days"),
                        count(c.absences, "sick leave", "sick leaves"),
                        count(c.departures, "resignation", "resignations"),
                        count(c.hires, "hire", "hires")
                    ),
                ),
                (
                    "leader off sick",
                    format!(
                        "{} in {}",
                        count(leader_days, "day", "days"),
                        count(spells, "spell", "spells")
                    ),
                ),
                (
                    "setbacks",
                    format!(
                        "{} ({} hidden; {} restorative, {} blamed, {} rescued, {} ignored)",
                        c.setbacks, c.hidden_setbacks, c.restorative, c.blame, c.rescue, c.ignored
                    ),
                ),
                (
                    "meetings",
                    format!(
                        "{} with {}; conflicts {} resolved, {} escalated, {} left lying",
                        c.meetings,
                        count(c.voices, "voice", "voices"),
                        c.conflicts_resolved,
                        c.conflicts_escalated,
                        c.conflicts_stuck
                    ),
                ),
                ("in Grow by style", by_style.join(", ")),
                ("", format!("wrote {} ({files})", self.out_dir.display())),
            ],
            Lang::Nl => vec![
                (
                    "",
                    format!(
                        "{}: {}, team van {}, leider: {quadrant} (caring {caring}, daring {daring}), seed {}",
                        s.name,
                        lang.amount(s.horizon, "werkdag", "werkdagen"),
                        s.team.roster.size(),
                        self.seed
                    ),
                ),
                (
                    "veiligheid (gevoeld / getoond)",
                    format!(
                        "{} / {}   gemiddeld over de tijd",
                        num(sm.get(field::AVG_SAFETY)),
                        num(sm.get(field::AVG_SHOWN_SAFETY))
                    ),
                ),
                (
                    "in Doel 2 (groei)",
                    format!(
                        "{}   gemiddeld over de tijd; {} aan het eind",
                        pct(sm.get(field::AVG_GROW_SHARE)),
                        pct(sm.get(field::END_GROW_SHARE))
                    ),
                ),
                (
                    "vertrouwen in de leider",
                    format!("{}   gemiddeld over de tijd", num(sm.get(field::AVG_TRUST))),
                ),
                (
                    "leren",
                    format!("{} eenheden", whole(field::TOTAL_LEARNING)),
                ),
                (
                    "verzuim",
                    format!(
                        "{} in {}; {} vertrokken, {} aangenomen",
                        count(absence_days, "dag", "dagen"),
                        count(c.absences, "ziekmelding", "ziekmeldingen"),
                        c.departures,
                        c.hires
                    ),
                ),
                (
                    "leider ziek",
                    format!(
                        "{} in {}",
                        count(leader_days, "dag", "dagen"),
                        count(spells, "periode", "periodes")
                    ),
                ),
                (
                    "tegenslagen",
                    format!(
                        "{} ({} verborgen; {} met een herstelgesprek, {} met een verwijt, {} gered, {} genegeerd)",
                        c.setbacks, c.hidden_setbacks, c.restorative, c.blame, c.rescue, c.ignored
                    ),
                ),
                (
                    "teamoverleg",
                    format!(
                        "{} keer, {}; conflicten: {} opgelost, {} geëscaleerd, {} blijven liggen",
                        c.meetings,
                        count(c.voices, "zorg uitgesproken", "zorgen uitgesproken"),
                        c.conflicts_resolved,
                        c.conflicts_escalated,
                        c.conflicts_stuck
                    ),
                ),
                ("in Doel 2 per hechtingsstijl", by_style.join(", ")),
                (
                    "",
                    format!("{} geschreven ({files})", self.out_dir.display()),
                ),
            ],
        };
        let width = lines
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for (label, text) in lines {
            if label.is_empty() && out.is_empty() {
                out.push_str(&text);
            } else if label.is_empty() {
                let _ = write!(out, "\n  {text}");
            } else {
                let pad = width - label.chars().count();
                let _ = write!(out, "\n  {label}{:pad$}  {text}", "");
            }
        }
        out
    }
}

/// `teamsim validate`: loads a scenario and describes it, or returns every problem.
pub fn validate(path: &Path, lang: Lang) -> Result<String, AppError> {
    let s = Scenario::load(path)?;
    let (file, name) = (path.display(), &s.name);
    let size = s.team.roster.size();
    let (caring, daring) = (
        lang.number(s.leader.caring, 2),
        lang.number(s.leader.daring, 2),
    );
    let (events, interventions) = (s.events.len(), s.interventions.len());
    let (events, interventions) = (events as u64, interventions as u64);
    let quadrant = s.leader.quadrant();
    Ok(match lang {
        Lang::En => format!(
            "{file}: ok: \"{name}\", {}, team of {size}, leader {quadrant} (caring {caring}, daring {daring}), {}, {}",
            lang.amount(s.horizon, "day", "days"),
            count(events, "event", "events"),
            count(interventions, "intervention", "interventions")
        ),
        Lang::Nl => format!(
            "{file}: in orde: \"{name}\", {}, team van {size}, leider: {} (caring {caring}, daring {daring}), {}, {}",
            lang.amount(s.horizon, "werkdag", "werkdagen"),
            lang.quadrant(quadrant).to_lowercase(),
            count(events, "gebeurtenis", "gebeurtenissen"),
            count(interventions, "interventie", "interventies")
        ),
    })
}

/// `teamsim validate-model`: the stylized-facts table, and whether every check passed.
pub fn validate_model(runs: u64, threads: Option<usize>) -> Result<(String, bool), AppError> {
    let threads = plan::threads(threads)?;
    let runs = plan::check_runs(runs)?;
    let checks = crate::validation::check_model(runs, threads)?;
    let passed = checks.iter().all(|c| c.passed());
    Ok((crate::validation::report(&checks), passed))
}

/// `teamsim params --json`: every model parameter as JSON, for samplers and scripts
/// (SALib, R): one entry per value that can be set, a per-style parameter as one entry
/// per style (`params.member.mode_down.secure`), each with its default, allowed range
/// and meaning. The paths are those of a scenario file, `--ranges` and `--params`.
pub fn params_json() -> String {
    let mut entries = Vec::new();
    for p in Params::describe() {
        let values: Vec<(String, Option<&str>, f64)> = match p.default_value {
            crate::model::ParamDefault::One(d) => vec![(p.path.clone(), None, d)],
            crate::model::ParamDefault::PerStyle(t) => t
                .iter()
                .map(|(style, d)| (format!("{}.{style}", p.path), Some(style.name()), *d))
                .collect(),
        };
        for (path, style, default) in values {
            entries.push(serde_json::json!({
                "path": path,
                "parameter": p.path,
                "style": style,
                "default": default,
                "min": p.min,
                "max": p.max,
                "doc": p.doc,
            }));
        }
    }
    let doc = serde_json::json!({
        "teamsim_version": env!("CARGO_PKG_VERSION"),
        "parameters": entries,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// `teamsim params`: every model parameter with its default, range and meaning.
pub fn params_table() -> String {
    let mut out = String::new();
    for p in Params::describe() {
        let _ = writeln!(
            out,
            "{}\n    default {}; allowed {}..={}\n    {}",
            p.path, p.default, p.min, p.max, p.doc
        );
    }
    out
}
