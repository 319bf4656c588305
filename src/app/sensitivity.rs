//! `teamsim sensitivity`: one-at-a-time parameter sensitivity, as CSV, a table and
//! tornado charts.

use super::{AppError, Progress};
use crate::chart::{self, Format, Lang, Tornado};
use crate::lang::count;
use crate::model::Quadrant;
use crate::output::{CsvFile, Staging, fmt_value};
use crate::sensitivity::{self, Analysis, FINDINGS};
use crate::sim::Outcome;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Options of `teamsim sensitivity`.
#[derive(Debug, Clone)]
pub struct SensitivityOptions {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Runs per leader and setting.
    pub runs: u64,
    /// Relative step (0.25: each parameter at 75% and 125% of its default).
    pub step: f64,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Output directory instead of `output/<scenario-name>/sensitivity/`.
    pub out: Option<PathBuf>,
    /// Replace output that is already there.
    pub force: bool,
    /// Language of the charts.
    pub lang: Lang,
}

/// Key outcomes shown in the table and the charts.
const KEY: [Outcome; 3] = [Outcome::GrowShare, Outcome::Learning, Outcome::AbsenceDays];

/// Parameters shown per tornado chart and table.
const TOP: usize = 12;

/// `teamsim sensitivity`: writes `sensitivity.csv`, `findings.csv`, tornado charts and
/// returns a text summary.
pub fn sensitivity(
    opts: &SensitivityOptions,
    progress: &dyn Progress,
) -> Result<(String, PathBuf), AppError> {
    let runs = super::plan::check_runs(opts.runs)?;
    let threads = super::plan::threads(opts.threads)?;
    if !(opts.step > 0.0 && opts.step < 1.0) {
        return Err(AppError::Usage(super::open_unit_interval(
            "--step", opts.step,
        )));
    }
    let scenario = super::plan::Input::read(&opts.scenario, None)?.scenario;
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| super::default_out_dir(&scenario).join("sensitivity"));
    let folder = crate::output::OutputFolder::claim(&out)?;
    folder.check_fresh(opts.force)?;
    progress.start(sensitivity::settings() * runs, 4);
    let result = sensitivity::analyse(&scenario, opts.step, runs, threads, &|| progress.tick());
    progress.finish();
    let analysis = result?;
    let leader = Quadrant::of(scenario.leader.caring, scenario.leader.daring);

    let staging = Staging::new(&folder)?;
    write_effects(&staging.path("sensitivity.csv"), &analysis)?;
    write_findings(&staging.path("findings.csv"), &analysis)?;
    let charts_dir = staging.path("charts");
    std::fs::create_dir_all(&charts_dir).map_err(|cause| crate::output::OutputError::Io {
        path: charts_dir.clone(),
        cause,
    })?;
    for field in KEY {
        let lang = opts.lang;
        let what = lang.outcome(field);
        let bars = top(&analysis, field, leader, lang);
        let pct = (analysis.step * 100.0).round();
        let base = analysis
            .effects
            .iter()
            .find(|e| e.outcome == field && e.leader == leader)
            .map_or(f64::NAN, |e| e.base.abs());
        let tornado = Tornado {
            name: format!("tornado-{}", field.field()),
            title: match lang {
                Lang::En => format!(
                    "{what} under a {} leader: change when a parameter moves -/+{pct}%",
                    lang.quadrant(leader).to_lowercase()
                ),
                Lang::Nl => format!(
                    "{what}, leider {}: verandering als een parameter -/+{pct}% verschuift",
                    lang.quadrant(leader).to_lowercase()
                ),
            },
            bars: &bars,
            legend: match lang {
                Lang::En => (format!("parameter -{pct}%"), format!("parameter +{pct}%")),
                Lang::Nl => (format!("parameter -{pct}%"), format!("parameter +{pct}%")),
            },
            noise: analysis.noise(leader, field) / base,
            lang,
        };
        chart::render(&tornado, &charts_dir, &[Format::Png, Format::Svg])?;
    }
    staging.commit()?;
    Ok((summary(&analysis, leader, opts.lang), out))
}

/// The parameters that move `field` most under `leader`, as tornado bars.
fn top(a: &Analysis, field: Outcome, leader: Quadrant, lang: Lang) -> Vec<(String, f64, f64)> {
    let mut rows: Vec<(String, f64, f64, f64)> = a
        .effects
        .iter()
        .filter(|e| e.outcome == field && e.leader == leader && e.base.abs() > 1e-12)
        .map(|e| {
            let name = chart::param_names::param_name(&e.param, lang == Lang::Nl).map_or_else(
                || {
                    e.param
                        .trim_start_matches("params.")
                        .replace(['.', '_'], " ")
                },
                str::to_string,
            );
            let lo = (e.at_low - e.base) / e.base.abs();
            let hi = (e.at_high - e.base) / e.base.abs();
            (name, lo, hi, e.swing().abs())
        })
        .collect();
    rows.sort_by(|x, y| y.3.total_cmp(&x.3).then_with(|| x.0.cmp(&y.0)));
    rows.into_iter()
        .take(TOP)
        .map(|r| (r.0, r.1, r.2))
        .collect()
}

fn write_effects(path: &std::path::Path, a: &Analysis) -> Result<(), AppError> {
    let mut csv = CsvFile::create(
        path,
        [
            "parameter",
            "default",
            "step",
            "outcome",
            "leader",
            "base",
            "at_low",
            "at_high",
            "relative_swing",
            "noise",
        ],
    )?;
    for e in &a.effects {
        csv.row([
            e.param.clone(),
            e.default.clone(),
            fmt_value(Some(a.step)),
            e.outcome.field().to_string(),
            e.leader.name().to_string(),
            fmt_value(Some(e.base)),
            fmt_value(Some(e.at_low)),
            fmt_value(Some(e.at_high)),
            fmt_value(Some(e.swing())),
            fmt_value(Some(a.noise(e.leader, e.outcome))),
        ])?;
    }
    csv.finish()?;
    Ok(())
}

fn write_findings(path: &std::path::Path, a: &Analysis) -> Result<(), AppError> {
    let mut csv = CsvFile::create(path, ["parameter", "level", "finding", "margin", "holds"])?;
    for f in &a.findings {
        csv.row([
            f.param.clone(),
            f.level.to_string(),
            f.finding.to_string(),
            fmt_value(Some(f.margin)),
            (f.margin > 0.0).to_string(),
        ])?;
    }
    csv.finish()?;
    Ok(())
}

/// The printed summary in `lang`: what each key outcome depends on most, and whether
/// the main findings hold at every setting.
fn summary(a: &Analysis, leader: Quadrant, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    // Signed shares with one decimal, with a decimal comma in Dutch.
    let pct1 = |v: f64| {
        let t = format!("{:+6.1}", v * 100.0);
        if nl { t.replace('.', ",") } else { t }
    };
    let mut out = String::new();
    let step = (a.step * 100.0).round();
    let runs = count(a.runs, "run", "runs");
    let _ = writeln!(
        out,
        "{}",
        if nl {
            format!(
                "Gevoeligheid per parameter: elke parameter op -{step}% en +{step}% van zijn standaardwaarde, {runs} per leider en instelling (overal hetzelfde toeval)"
            )
        } else {
            format!(
                "One-at-a-time sensitivity: every parameter at -{step}% and +{step}% of its default, {runs} per leader and setting (same seeds throughout)"
            )
        }
    );
    for field in KEY {
        let words = lang.outcome(field);
        let base = a
            .effects
            .iter()
            .find(|e| e.outcome == field && e.leader == leader)
            .map_or(1.0, |e| e.base.abs().max(1e-12));
        let noise = a.noise(leader, field) / base;
        let noise_pct = pct1(noise);
        let noise_pct = noise_pct.trim().trim_start_matches('+');
        let _ = writeln!(
            out,
            "\n{}",
            if nl {
                format!(
                    "{words} bij leiderschapsstijl {} hangt het meest af van (veranderingen binnen +-{noise_pct}% zijn ruis):",
                    lang.quadrant(leader).to_lowercase()
                )
            } else {
                format!(
                    "{words} under a {leader} leader depends most on (changes within +-{noise_pct}% are noise):"
                )
            }
        );
        for (name, lo, hi) in top(a, field, leader, lang).iter().take(6) {
            let flag = match (lo.abs().max(hi.abs()) < noise, nl) {
                (false, _) => "",
                (true, false) => "  (noise)",
                (true, true) => "  (ruis)",
            };
            let _ = writeln!(out, "  {name:45} {}% / {}%{flag}", pct1(*lo), pct1(*hi));
        }
    }
    let settings = (a.findings.len() / FINDINGS.len()) as u64;
    let _ = writeln!(
        out,
        "\n{}",
        if nl {
            format!(
                "Belangrijkste bevindingen over alle {}:",
                count(settings, "instelling", "instellingen")
            )
        } else {
            format!(
                "Main findings across all {}:",
                count(settings, "setting", "settings")
            )
        }
    );
    for (k, finding) in FINDINGS.iter().enumerate() {
        let all: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.finding == *finding)
            .collect();
        let broken: Vec<String> = all
            .iter()
            .filter(|f| f.margin <= 0.0)
            .map(|f| {
                let level = match (nl, f.level) {
                    (true, "low") => "laag",
                    (true, "high") => "hoog",
                    (_, level) => level,
                };
                format!("{} {level}", f.param.trim_start_matches("params."))
            })
            .collect();
        let said = if nl { FINDINGS_NL[k] } else { finding };
        let (holds, not_at) = if nl {
            ("klopt in", "niet bij")
        } else {
            ("holds in", "not at")
        };
        let _ = writeln!(
            out,
            "  {said:55} {holds} {}/{}{}",
            all.len() - broken.len(),
            all.len(),
            if broken.is_empty() {
                String::new()
            } else {
                format!(" ({not_at}: {})", broken.join(", "))
            }
        );
    }
    out
}

/// [`FINDINGS`] in Dutch, in the same order.
const FINDINGS_NL: [&str; 4] = [
    "veilige basis leert het meest",
    "veilige basis heeft het meest Doel 2",
    "dominant heeft de laagste veiligheid",
    "dominant heeft het meeste verzuim",
];
