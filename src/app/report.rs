//! `teamsim report` and `teamsim gallery`: workshop handouts built from compare, sweep
//! and a single run.

use super::{AppError, CompareOptions, JobControl, Progress, RunOptions, SweepOptions};
use crate::chart::data::{SummaryStats, Table};
use crate::chart::{ChartOptions, Format, Lang};
use crate::model::Quadrant;
use crate::output::{self, Staging};
use crate::scenario::{Scenario, ScenarioSource};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Options of `teamsim report`.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Runs per style for the comparison.
    pub runs: u64,
    /// Grid of the caring x daring sweep.
    pub grid: usize,
    /// Runs per sweep cell.
    pub sweep_runs: u64,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Root seed instead of the scenario's.
    pub seed: Option<u64>,
    /// Output directory instead of `output/<scenario-name>/report/`.
    pub out: Option<PathBuf>,
    /// Language of the page and its charts.
    pub lang: Lang,
    /// Replace output that is already there.
    pub force: bool,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            scenario: PathBuf::new(),
            runs: 500,
            grid: 6,
            sweep_runs: 20,
            threads: None,
            seed: None,
            out: None,
            lang: Lang::En,
            force: false,
        }
    }
}

/// `teamsim report`: runs compare, a small sweep and one run, draws their charts, and
/// writes `report.html`, a single self-contained page (charts inlined as SVG, no
/// external resources). Returns the page's path.
pub fn report(opts: &ReportOptions, progress: &dyn Progress) -> Result<PathBuf, AppError> {
    // Every argument is checked before any work, so that nothing runs for minutes and
    // then fails on the last part.
    super::batch::check_runs_named("--runs", opts.runs)?;
    super::batch::check_grid("--grid", opts.grid)?;
    super::batch::check_runs_named("--sweep-runs", opts.sweep_runs)?;
    super::batch::threads(opts.threads)?;
    let source = ScenarioSource::read(&opts.scenario)?;
    let scenario = source.parse()?;
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| super::default_out_dir(&scenario).join("report"));
    // Checked once here; the parts below then replace what an earlier report left.
    let folder = output::OutputFolder::claim(&out)?;
    folder.check_fresh(opts.force)?;
    let forced = JobControl {
        force: true,
        ..JobControl::default()
    };
    let charts = ChartOptions {
        lang: opts.lang,
        formats: vec![Format::Svg, Format::Png],
        ..ChartOptions::default()
    };
    let compare_dir = out.join("compare");
    super::batch::compare_from(
        &source,
        &CompareOptions {
            scenario: opts.scenario.clone(),
            runs: Some(opts.runs),
            styles: None,
            without_interventions: !scenario.interventions.is_empty(),
            lang: opts.lang,
            threads: opts.threads,
            seed: opts.seed,
            out: Some(compare_dir.clone()),
            control: forced,
        },
        progress,
    )?;
    super::charts(&compare_dir, &charts)?;
    let sweep_dir = out.join("sweep");
    super::batch::sweep_from(
        &source,
        &SweepOptions {
            scenario: opts.scenario.clone(),
            grid: opts.grid,
            runs: Some(opts.sweep_runs),
            lang: opts.lang,
            threads: opts.threads,
            seed: opts.seed,
            out: Some(sweep_dir.clone()),
            control: forced,
        },
        progress,
    )?;
    super::charts(&sweep_dir, &charts)?;
    let run_dir = out.join("run");
    super::run_from(
        &source,
        &RunOptions {
            scenario: opts.scenario.clone(),
            seed: opts.seed,
            out: Some(run_dir.clone()),
            force: true,
        },
    )?;
    super::charts(&run_dir, &charts)?;

    let html = page(&scenario, &source.text, &out, opts)?;
    let staging = Staging::new(&folder)?;
    output::write_text(&staging.path("report.html"), &html)?;
    staging.commit()?;
    Ok(out.join("report.html"))
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An SVG chart file, ready to inline: the XML namespace is dropped (HTML does not need
/// it), so the page names no external address at all.
fn inline_svg(path: &Path) -> Result<String, AppError> {
    let svg = std::fs::read_to_string(path).map_err(|cause| {
        AppError::Output(output::OutputError::Io {
            path: path.to_path_buf(),
            cause,
        })
    })?;
    Ok(svg
        .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replacen(
            "<svg ",
            "<svg role=\"img\" style=\"max-width:100%;height:auto\" ",
            1,
        ))
}

struct Words {
    title: &'static str,
    table: &'static str,
    differences: &'static str,
    charts: &'static str,
    scenario: &'static str,
    model: &'static str,
    model_text: &'static str,
    style: &'static str,
    metric: &'static str,
    difference: &'static str,
    effect: &'static str,
    verdict: &'static str,
    runs_note: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            title: "Leadership styles compared",
            table: "Results per leadership style",
            differences: "Paired differences",
            charts: "Charts",
            scenario: "The scenario",
            model: "How the model works",
            model_text: "Each member has an attachment style (secure, anxious, avoidant, fearful) and moves between Protect (Doel 1: safety first) and Grow (Doel 2: learning and connection). Doel 1 comes in episodes: a threat (a setback, blame, a reorganisation, a deadline) raises a member's alarm, and when what they face outweighs what they have to face it with (their felt safety, drained by stress) they switch to Protect. The alarm fades by itself, fastest for secure members, and faster with support from the leader or a calm colleague. Change also makes the whole team unsure; the leader's daring (decisions, direction) clears that, caring comforts but does not. The leader sits on the caring/daring grid: leader contacts bring support (with probability caring) and challenge (with probability daring); a challenge in Grow brings learning, in Protect it is a threat that care buffers. Setbacks are hidden in Protect, or met with restorative dialogue, blame, rescue or ignoring in the mix of the leader's quadrant; rescue comforts but teaches nothing, so safety comes to lean on the leader. Unvoiced concerns build an undercurrent that surfaces as conflict. It is a thinking tool, not a prediction: the numbers show what follows from these assumptions.",
            style: "Style",
            metric: "Outcome",
            difference: "Mean difference (95% CI)",
            effect: "Effect size d",
            verdict: "Verdict",
            runs_note: "runs per style, the same seeds for every style; mean per run with its 95% confidence interval",
        },
        Lang::Nl => Words {
            title: "Leiderschapsstijlen vergeleken",
            table: "Resultaten per leiderschapsstijl",
            differences: "Gepaarde verschillen",
            charts: "Grafieken",
            scenario: "Het scenario",
            model: "Hoe het model werkt",
            model_text: "Elk teamlid heeft een hechtingsstijl (veilig, angstig, vermijdend, angstig-vermijdend) en beweegt tussen Doel 1 (veiligheid eerst) en Doel 2 (leren en verbinding). Doel 1 komt in episodes: een dreiging (een tegenslag, een verwijt, een reorganisatie, een deadline) zet iemands alarm aan, en als wat op iemand afkomt zwaarder weegt dan waarmee hij het kan dragen (zijn gevoel van veiligheid, uitgeput door stress), schiet hij in Doel 1. Het alarm zakt vanzelf, het snelst bij veilig gehechte teamleden, en sneller met steun van de leider of van een rustige collega. Verandering maakt ook het hele team onzeker; de daring van de leider (besluiten, richting geven) neemt die onzekerheid weg, caring troost maar neemt haar niet weg. De leider staat in het caring/daring-raster: contact met de leider brengt steun (kans = caring) en uitdaging (kans = daring); uitdaging in Doel 2 levert leren op, in Doel 1 is het een dreiging die door zorg wordt gedempt. Tegenslagen worden in Doel 1 verborgen, of beantwoord met een herstelgesprek, schuld, redden of negeren, in de mix die bij het kwadrant van de leider hoort; redden troost maar leert niets, zodat veiligheid op de leider gaat leunen. Onuitgesproken zorgen vormen een onderstroom die als conflict bovenkomt. Het model is een denkinstrument, geen voorspelling: de getallen laten zien wat uit deze aannames volgt.",
            style: "Stijl",
            metric: "Uitkomst",
            difference: "Gemiddeld verschil (95%-BI)",
            effect: "Effectgrootte d",
            verdict: "Oordeel",
            runs_note: "runs per stijl, met dezelfde seeds voor elke stijl; gemiddelde per run met 95%-betrouwbaarheidsinterval",
        },
    }
}

/// A summary field's name for the page.
fn outcome(field: &str, lang: Lang) -> String {
    OUTCOMES
        .iter()
        .find(|o| o.0 == field)
        .map(|o| if lang == Lang::En { o.1 } else { o.2 })
        .or(match (field, lang) {
            ("avg_trust", Lang::En) => Some("Trust"),
            ("avg_trust", Lang::Nl) => Some("Vertrouwen"),
            ("avg_output", Lang::En) => Some("Output"),
            ("avg_output", Lang::Nl) => Some("Productiviteit"),
            _ => None,
        })
        .map_or_else(|| field.to_string(), str::to_string)
}

/// Outcomes in the table: summary field, English and Dutch heading, scale, decimals.
const OUTCOMES: [(&str, &str, &str, f64, usize); 5] = [
    ("avg_safety", "Safety", "Veiligheid", 1.0, 2),
    ("avg_grow_share", "In Grow (%)", "In Doel 2 (%)", 100.0, 0),
    ("total_learning", "Learning", "Leren", 1.0, 0),
    ("total_absence_days", "Absence days", "Verzuimdagen", 1.0, 0),
    ("total_departures", "Departures", "Vertrokken", 1.0, 1),
];

fn page(
    scenario: &Scenario,
    toml: &str,
    out: &Path,
    opts: &ReportOptions,
) -> Result<String, AppError> {
    let w = words(opts.lang);
    let lang = opts.lang;
    let summary = SummaryStats::read(&out.join("compare/summary_stats.csv"))?;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} - {}</title>\n<style>\n\
         body{{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}}\n\
         h1{{font-size:2.2em;margin-bottom:.2em}} h2{{margin-top:1.6em;border-bottom:2px solid #1e8c50;padding-bottom:.2em}}\n\
         table{{border-collapse:collapse;margin:1em 0;font-size:1.05em}} th,td{{border:1px solid #ccc;padding:.35em .7em;text-align:right}}\n\
         th:first-child,td:first-child{{text-align:left}} th{{background:#eef6f0}}\n\
         figure{{margin:1.5em 0}} pre{{background:#f6f6f6;padding:1em;overflow:auto;font-size:.9em}}\n\
         .note{{color:#555;font-size:.95em}}\n</style>\n</head>\n<body>\n",
        match lang {
            Lang::En => "en",
            Lang::Nl => "nl",
        },
        esc(w.title),
        esc(&scenario.name)
    );
    let _ = writeln!(h, "<h1>{}: {}</h1>", esc(w.title), esc(&scenario.name));
    if !scenario.description.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(&scenario.description));
    }
    let _ = writeln!(
        h,
        "<p class=\"note\">teamsim {}, seed {}, {} {}</p>",
        env!("CARGO_PKG_VERSION"),
        opts.seed.unwrap_or(scenario.seed),
        opts.runs,
        esc(w.runs_note)
    );

    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<table>\n<tr><th>{}</th>",
        esc(w.table),
        esc(w.style)
    );
    for (_, en, nl, _, _) in OUTCOMES {
        let _ = write!(
            h,
            "<th>{}</th>",
            esc(if lang == Lang::En { en } else { nl })
        );
    }
    h.push_str("</tr>\n");
    for (variant, _, _) in &summary.variants {
        let _ = write!(h, "<tr><td>{}</td>", esc(&lang.variant(variant)));
        for (field, _, _, scale, dec) in OUTCOMES {
            let cell = summary
                .get(variant, field)
                .map_or("-".to_string(), |(m, lo, hi)| {
                    format!(
                        "{:.*} <span class=\"note\">({:.*} - {:.*})</span>",
                        dec,
                        m * scale,
                        dec,
                        lo * scale,
                        dec,
                        hi * scale
                    )
                });
            let _ = write!(h, "<td>{cell}</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");

    let diffs = Table::read(&out.join("compare/differences.csv"))?;
    if !diffs.rows().is_empty() {
        let (v, r, m, mean, lo, hi, d, verdict) = (
            diffs.column("variant")?,
            diffs.column("reference")?,
            diffs.column("metric")?,
            diffs.column("mean_difference")?,
            diffs.column("ci_low")?,
            diffs.column("ci_high")?,
            diffs.column("effect_size")?,
            diffs.column("verdict")?,
        );
        let _ = writeln!(
            h,
            "<h2>{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            esc(w.differences),
            esc(w.style),
            esc(w.metric),
            esc(w.difference),
            esc(w.effect),
            esc(w.verdict)
        );
        for row in diffs.rows() {
            let num = |c| diffs.number(row, c).ok().flatten();
            let fmt = |x: Option<f64>| x.map_or("-".into(), |x| format!("{x:.3}"));
            let _ = writeln!(
                h,
                "<tr><td>{} - {}</td><td>{}</td><td>{} ({} to {})</td><td>{}</td><td>{}</td></tr>",
                esc(&lang.variant(diffs.text(row, v))),
                esc(&lang.variant(diffs.text(row, r))),
                esc(&outcome(diffs.text(row, m), lang)),
                fmt(num(mean)),
                fmt(num(lo)),
                fmt(num(hi)),
                fmt(num(d)),
                esc(diffs.text(row, verdict))
            );
        }
        h.push_str("</table>\n");
    }

    let _ = writeln!(h, "<h2>{}</h2>", esc(w.charts));
    for file in [
        "compare/charts/trajectory-safety.svg",
        "compare/charts/trajectory-grow_share.svg",
        "compare/charts/doel-grid.svg",
        "compare/charts/attachment.svg",
        "sweep/charts/heatmap-grow_share.svg",
        "run/charts/team-pulse.svg",
    ] {
        let path = out.join(file);
        if path.is_file() {
            let _ = writeln!(h, "<figure>\n{}\n</figure>", inline_svg(&path)?);
        }
    }

    let _ = writeln!(h, "<h2>{}</h2>", esc(w.scenario));
    let _ = writeln!(
        h,
        "<p>{} {}; {} {:.2}, {} {:.2} ({}); {} {}.</p>",
        match lang {
            Lang::En => "Team of",
            Lang::Nl => "Team van",
        },
        scenario.team.roster.size(),
        lang.caring(),
        scenario.leader.caring,
        lang.daring(),
        scenario.leader.daring,
        esc(lang.quadrant(Quadrant::of(scenario.leader.caring, scenario.leader.daring))),
        match lang {
            Lang::En => "horizon in working days:",
            Lang::Nl => "horizon in werkdagen:",
        },
        scenario.horizon
    );
    let _ = writeln!(h, "<pre>{}</pre>", esc(toml));
    let _ = writeln!(h, "<h2>{}</h2>\n<p>{}</p>", esc(w.model), esc(w.model_text));
    h.push_str("</body>\n</html>\n");
    Ok(h)
}

/// Options of `teamsim gallery`.
#[derive(Debug, Clone)]
pub struct GalleryOptions {
    /// Folder of scenario files (every `*.toml`).
    pub scenarios: PathBuf,
    /// Runs per style for each comparison.
    pub runs: u64,
    /// Output folder.
    pub out: PathBuf,
    /// Language of the charts.
    pub lang: Lang,
    /// Worker threads.
    pub threads: Option<usize>,
    /// Replace output that is already there.
    pub force: bool,
}

/// `teamsim gallery`: charts for every scenario in a folder (a single run, a
/// comparison of the four styles, and a sweep of the first scenario), with an
/// `index.html` that shows them all. Returns the index path.
pub fn gallery(opts: &GalleryOptions, progress: &dyn Progress) -> Result<PathBuf, AppError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(&opts.scenarios)
        .map_err(|cause| {
            AppError::Output(output::OutputError::Io {
                path: opts.scenarios.clone(),
                cause,
            })
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(AppError::Usage(format!(
            "{}: no scenario files (*.toml) here",
            opts.scenarios.display()
        )));
    }
    let folder = output::OutputFolder::claim(&opts.out)?;
    folder.check_fresh(opts.force)?;
    let forced = JobControl {
        force: true,
        ..JobControl::default()
    };
    let charts = ChartOptions {
        lang: opts.lang,
        formats: vec![Format::Png, Format::Svg],
        ..ChartOptions::default()
    };
    let mut index = String::from(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>teamsim gallery</title>\n\
         <style>body{font-family:sans-serif;max-width:1300px;margin:2em auto} img{max-width:100%;border:1px solid #ddd;margin:.5em 0}</style>\n\
         </head>\n<body>\n<h1>teamsim gallery</h1>\n",
    );
    for (k, file) in files.iter().enumerate() {
        let scenario = Scenario::load(file)?;
        let name = output::safe_dir_name(&scenario.name);
        let dir = opts.out.join(&name);
        let _ = writeln!(
            index,
            "<h2>{}</h2>\n<p>{}</p>",
            esc(&scenario.name),
            esc(&scenario.description)
        );
        let run_dir = dir.join("run");
        super::run(&RunOptions {
            scenario: file.clone(),
            seed: None,
            out: Some(run_dir.clone()),
            force: true,
        })?;
        let mut images = super::charts(&run_dir, &charts)?;
        let compare_dir = dir.join("compare");
        super::compare(
            &CompareOptions {
                scenario: file.clone(),
                runs: Some(opts.runs),
                styles: Some(Quadrant::ALL.to_vec()),
                without_interventions: !scenario.interventions.is_empty(),
                lang: opts.lang,
                threads: opts.threads,
                seed: None,
                out: Some(compare_dir.clone()),
                control: forced,
            },
            progress,
        )?;
        images.extend(super::charts(&compare_dir, &charts)?);
        if k == 0 {
            let sweep_dir = dir.join("sweep");
            super::sweep(
                &SweepOptions {
                    scenario: file.clone(),
                    grid: 11,
                    runs: Some(20),
                    lang: opts.lang,
                    threads: opts.threads,
                    seed: None,
                    out: Some(sweep_dir.clone()),
                    control: forced,
                },
                progress,
            )?;
            images.extend(super::charts(&sweep_dir, &charts)?);
        }
        for image in images
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
        {
            if let Ok(rel) = image.strip_prefix(&opts.out) {
                let _ = writeln!(
                    index,
                    "<img src=\"{}\" alt=\"\">",
                    esc(&rel.display().to_string())
                );
            }
        }
    }
    index.push_str("</body>\n</html>\n");
    let staging = Staging::new(&folder)?;
    output::write_text(&staging.path("index.html"), &index)?;
    staging.commit()?;
    Ok(opts.out.join("index.html"))
}
