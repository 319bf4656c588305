//! `teamsim report` and `teamsim gallery`: workshop handouts built from compare, sweep
//! and a single run.

use super::results::{in_unit, unit_of};
use super::{AppError, CompareOptions, Input, JobControl, Progress, RunOptions, SweepOptions};
use crate::batch::verdict::Verdict;
use crate::chart::data::{SummaryStats, Table};
use crate::chart::{ChartOptions, Format, Lang};
use crate::lang::count;
use crate::model::Quadrant;
use crate::output::{self, Staging};
use crate::problem::Said;
use crate::scenario::Scenario;
use crate::sim::Outcome;
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
    super::plan::check_runs_named("--runs", opts.runs)?;
    super::plan::check_grid("--grid", opts.grid)?;
    super::plan::check_runs_named("--sweep-runs", opts.sweep_runs)?;
    super::plan::threads(opts.threads)?;
    // The file is read and validated once, and every part runs what was read.
    let input = Input::read(&opts.scenario, opts.seed)?;
    let (source, scenario) = (&input.source, &input.scenario);
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| super::default_out_dir(scenario).join("report"));
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
    // Both batches are planned (and so checked) before either runs.
    let compare_dir = out.join("compare");
    let compare = super::batch::compare_plan(
        &input,
        &CompareOptions {
            scenario: opts.scenario.clone(),
            runs: Some(opts.runs),
            styles: None,
            design: None,
            without_interventions: !scenario.interventions.is_empty(),
            lang: opts.lang,
            threads: opts.threads,
            seed: opts.seed,
            out: Some(compare_dir.clone()),
            control: forced,
            xlsx: false,
        },
    )?;
    let sweep_dir = out.join("sweep");
    let sweep = super::batch::sweep_plan(
        &input,
        &SweepOptions {
            scenario: opts.scenario.clone(),
            grid: opts.grid,
            design: None,
            runs: Some(opts.sweep_runs),
            lang: opts.lang,
            threads: opts.threads,
            seed: opts.seed,
            out: Some(sweep_dir.clone()),
            control: forced,
            xlsx: false,
        },
    )?;
    compare.run(&forced, progress)?;
    super::charts(&compare_dir, &charts)?;
    sweep.run(&forced, progress)?;
    super::charts(&sweep_dir, &charts)?;
    let run_dir = out.join("run");
    super::run_from(
        &input,
        &RunOptions {
            scenario: opts.scenario.clone(),
            seed: opts.seed,
            out: Some(run_dir.clone()),
            force: true,
        },
    )?;
    super::charts(&run_dir, &charts)?;

    let html = page(scenario, &source.text, &out, opts)?;
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

/// The fixed text of the page in one language.
pub struct Words {
    title: &'static str,
    table: &'static str,
    differences: &'static str,
    differences_note: &'static str,
    charts: &'static str,
    scenario: &'static str,
    scenario_file: &'static str,
    model: &'static str,
    model_text: &'static str,
    style: &'static str,
    runs_note: &'static str,
    as_is_is: &'static str,
    applied: &'static str,
    applied_but: &'static str,
    team_of: &'static str,
    horizon: &'static str,
    you_see: &'static str,
    question: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            title: "Leadership styles compared",
            table: "Results per leader",
            differences: "What changes under another leader",
            differences_note: "Each leader against the scenario as written, on the same teams and the same luck: the mean difference and what it means. A difference counts from the amount in brackets.",
            charts: "Charts",
            scenario: "The scenario",
            scenario_file: "The scenario file",
            model: "How the model works",
            model_text: "Each member has an attachment style (secure, anxious, avoidant, fearful) and moves between Protect (Doel 1: safety first) and Grow (Doel 2: learning and connection). Doel 1 comes in episodes: a threat (a setback, blame, a reorganisation, a deadline) raises a member's alarm, and when what they face outweighs what they have to face it with (their felt safety, drained by stress) they switch to Protect. The alarm fades by itself, fastest for secure members, and faster with support from the leader or a calm colleague (more for an alarm from work than for one from home). Change also makes the whole team unsure; the leader's daring (decisions, direction) clears that, caring comforts but does not. The leader sits on the caring/daring grid: leader contacts bring support (with probability caring) and challenge (with probability daring); a challenge in Grow brings learning, in Protect it is a threat that care buffers. Setbacks are hidden in Protect, or met with restorative dialogue, blame, rescue or ignoring in the mix of the leader's quadrant; rescue comforts but teaches nothing, so safety comes to lean on the leader, and drops when the leader is away (the leader is sometimes sick too). Unvoiced concerns build an undercurrent that surfaces as conflict. A reorganisation leaves a loss that keeps safety low until the team has worked it through in its meetings, fastest with a leader who both gives it room and closes it: people take leave of the old before they commit to the new. It is a thinking tool, not a prediction: the numbers show what follows from these assumptions.",
            style: "Leader",
            runs_note: "per leader, the same seeds for every leader; mean per run with its 95% confidence interval",
            as_is_is: "the scenario's own leader",
            applied: "Applied under every leader",
            applied_but: "Applied under every leader but the row without interventions",
            team_of: "Team of",
            horizon: "horizon in working days:",
            you_see: "What you see:",
            question: "For the group:",
        },
        Lang::Nl => Words {
            title: "Leiderschapsstijlen vergeleken",
            table: "Resultaten per leider",
            differences: "Wat verandert er onder een andere leider",
            differences_note: "Elke leider naast het scenario zoals het is, met dezelfde teams en hetzelfde toeval: het gemiddelde verschil en wat het betekent. Een verschil telt vanaf de waarde tussen haakjes.",
            charts: "Grafieken",
            scenario: "Het scenario",
            scenario_file: "Het scenariobestand",
            model: "Hoe het model werkt",
            model_text: "Elk teamlid heeft een hechtingsstijl (veilig, angstig, vermijdend, angstig-vermijdend) en beweegt tussen Doel 1 (veiligheid eerst) en Doel 2 (leren en verbinding). Doel 1 komt in episodes: een dreiging (een tegenslag, een verwijt, een reorganisatie, een deadline) zet iemands alarm aan, en als wat op iemand afkomt zwaarder weegt dan waarmee hij het kan dragen (zijn gevoel van veiligheid, uitgeput door stress), schiet hij in Doel 1. Het alarm zakt vanzelf, het snelst bij veilig gehechte teamleden, en sneller met steun van de leider of van een rustige collega (meer bij alarm door het werk dan bij alarm van thuis). Verandering maakt ook het hele team onzeker; de daring van de leider (besluiten, richting geven) neemt die onzekerheid weg, caring troost maar neemt haar niet weg. De leider staat in het caring/daring-raster: contact met de leider brengt steun (kans = caring) en uitdaging (kans = daring); uitdaging in Doel 2 levert leren op, in Doel 1 is het een dreiging die door zorg wordt gedempt. Tegenslagen worden in Doel 1 verborgen, of beantwoord met een herstelgesprek, verwijten, redden of negeren, in de mix die bij het kwadrant van de leider hoort; redden troost maar leert niets, zodat veiligheid op de leider gaat leunen, en zakt als de leider er niet is (ook de leider is weleens ziek). Onuitgesproken zorgen vormen een onderstroom die als conflict bovenkomt. Een reorganisatie laat een verlies achter dat de veiligheid laag houdt tot het team het in zijn overleggen heeft verwerkt, het snelst met een leider die er ruimte aan geeft én het afsluit: mensen nemen afscheid van het oude voordat ze zich aan het nieuwe verbinden. Het model is een denkinstrument, geen voorspelling: de getallen laten zien wat uit deze aannames volgt.",
            style: "Leider",
            runs_note: "per leider, met hetzelfde toeval voor elke leider; gemiddelde per run met 95%-betrouwbaarheidsinterval",
            as_is_is: "de eigen leider van het scenario",
            applied: "Bij elke leider toegepast",
            applied_but: "Bij elke leider toegepast, behalve in de rij zonder interventies",
            team_of: "Team van",
            horizon: "horizon in werkdagen:",
            you_see: "Wat je ziet:",
            question: "Voor de groep:",
        },
    }
}

/// The charts of the page, in order: file, and per language a caption (what you
/// see) and a question for the group.
const FIGURES: [(&str, [(&str, &str); 2]); 7] = [
    (
        "compare/charts/trajectory-grow_share.svg",
        [
            (
                "the share of the team in Doel 2 (learning, connection) on every working day, one line per leader; the blue lines mark the scenario's events and interventions.",
                "Where would your team's line run, and what makes it dip?",
            ),
            (
                "het aandeel van het team in Doel 2 (leren, verbinding) op elke werkdag, een lijn per leider; de blauwe lijnen markeren de gebeurtenissen en interventies van het scenario.",
                "Waar zou de lijn van jullie team lopen, en wat laat hem zakken?",
            ),
        ],
    ),
    (
        "compare/charts/doel-grid.svg",
        [
            (
                "the same share as areas: green is Doel 2, orange is Doel 1 (safety first), one panel per leader.",
                "Which leader keeps the orange smallest after a setback, and what does that leader do?",
            ),
            (
                "hetzelfde aandeel als vlakken: groen is Doel 2, oranje is Doel 1 (veiligheid eerst), een paneel per leider.",
                "Welke leider houdt het oranje het kleinst na een tegenslag, en wat doet die leider?",
            ),
        ],
    ),
    (
        "compare/charts/trajectory-learning.svg",
        [
            (
                "learning added up over the year: it grows most while members are in Doel 2 and are challenged, and also with a guided step, a restorative dialogue after a setback and a concern voiced.",
                "Why does the team of a caring leader who does not challenge learn less?",
            ),
            (
                "leren, opgeteld over het jaar: het groeit vooral als teamleden in Doel 2 zijn en uitgedaagd worden, en verder met een begeleide stap, een herstelgesprek na een tegenslag en een uitgesproken zorg.",
                "Waarom leert het team van een zorgzame leider die niet uitdaagt minder?",
            ),
        ],
    ),
    (
        "compare/charts/attachment.svg",
        [
            (
                "per attachment style, the share in Doel 2 and the felt safety under each leader.",
                "Who in your team needs most from the leader to leave Doel 1?",
            ),
            (
                "per hechtingsstijl het aandeel in Doel 2 en de gevoelde veiligheid onder elke leider.",
                "Wie in jullie team heeft het meest van de leider nodig om uit Doel 1 te komen?",
            ),
        ],
    ),
    (
        "compare/charts/trajectory-safety.svg",
        [
            (
                "felt psychological safety through the year, one line per leader.",
                "What does a leader do on the days that safety falls?",
            ),
            (
                "gevoelde psychologische veiligheid in de loop van het jaar, een lijn per leider.",
                "Wat doet een leider op de dagen dat de veiligheid daalt?",
            ),
        ],
    ),
    (
        "sweep/charts/heatmap-grow_share.svg",
        [
            (
                "every point of the caring x daring grid: the brighter, the more of the team is in Doel 2.",
                "Where on this grid do you lead on a busy day, and where on a good day?",
            ),
            (
                "elk punt van het caring x daring-raster: hoe lichter, hoe meer van het team in Doel 2.",
                "Waar op dit raster leid jij op een drukke dag, en waar op een goede dag?",
            ),
        ],
    ),
    (
        "run/charts/team-pulse.svg",
        [
            (
                "one simulated year of this team: each row a member, each column a day; green is Doel 2, orange Doel 1, grey absent.",
                "Whose row reminds you of someone you know? What would bring them back to green?",
            ),
            (
                "een gesimuleerd jaar van dit team: elke rij een teamlid, elke kolom een dag; groen is Doel 2, oranje Doel 1, grijs afwezig.",
                "Wiens rij doet je denken aan iemand die je kent? Wat zou die persoon terug naar groen helpen?",
            ),
        ],
    ),
];

/// The outcomes in the page's tables, in column order.
const OUTCOMES: [Outcome; 5] = [
    Outcome::Safety,
    Outcome::GrowShare,
    Outcome::Learning,
    Outcome::AbsenceDays,
    Outcome::Departures,
];

/// Every fixed text of the page in `lang` (for the test that a Dutch page holds no
/// English of its own).
pub fn page_strings(lang: Lang) -> Vec<String> {
    let w = words(lang);
    let k = usize::from(lang == Lang::Nl);
    let mut out: Vec<String> = [
        w.title,
        w.table,
        w.differences,
        w.differences_note,
        w.charts,
        w.scenario,
        w.scenario_file,
        w.model,
        w.model_text,
        w.style,
        w.runs_note,
        w.as_is_is,
        w.applied,
        w.applied_but,
        w.team_of,
        w.horizon,
        w.you_see,
        w.question,
    ]
    .map(str::to_string)
    .to_vec();
    for (_, captions) in FIGURES {
        out.push(captions[k].0.to_string());
        out.push(captions[k].1.to_string());
    }
    for o in OUTCOMES {
        out.push(lang.outcome_heading(o).to_string());
    }
    use crate::batch::verdict::Verdict::*;
    for v in [
        TooFewRuns,
        NoMeaningfulDifference,
        ClearlyBetter,
        ClearlyWorse,
        TooCloseToCall,
    ] {
        out.push(lang.verdict(v).to_string());
    }
    for q in Quadrant::ALL {
        out.push(lang.quadrant(q).to_string());
    }
    out.extend(
        [
            lang.as_is(),
            lang.day(),
            lang.grow(),
            lang.protect(),
            lang.absent(),
            lang.vacant(),
            lang.doel_title(),
            lang.attachment_title(),
            lang.pulse_title(),
            lang.band_note(),
            lang.band_note_ci_only(),
            lang.whisker_note(),
            lang.marker_note(),
        ]
        .map(str::to_string),
    );
    for kind in [
        "reorganisation",
        "pressure",
        "leader-replacement",
        "team-session",
        "composition",
        "leader-sick",
        "leader-absence",
    ] {
        out.push(lang.event(kind));
    }
    out
}

const STYLE: &str = "\
:root{--green:#1e8c50}\n\
body{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1200px;margin:1.5em auto;padding:0 1em;color:#222;line-height:1.45}\n\
h1{font-size:2em;margin:.2em 0}\n\
h2{margin-top:1.4em;border-bottom:2px solid var(--green);padding-bottom:.15em;break-after:avoid}\n\
table{border-collapse:collapse;margin:.6em 0;font-size:1em}\n\
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right;vertical-align:top}\n\
th:first-child,td:first-child{text-align:left}\n\
th{background:#eef6f0}\n\
.ci,.note{color:#555;font-size:.85em}\n\
.v{display:block;font-size:.85em}\n\
.better{background:#e3f3e8}.worse{background:#fbe5dc}.unclear{background:#f4f4f4}\n\
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));gap:1em}\n\
figure{margin:0;break-inside:avoid}\n\
figure svg{width:100%;height:auto;display:block}\n\
figcaption{font-size:.95em;margin-top:.3em}\n\
pre{background:#f6f6f6;padding:1em;white-space:pre-wrap;word-break:break-word;font-size:.85em}\n\
@media (max-width:640px){\n\
 body{margin:.5em auto;padding:0 .5em}\n\
 table.wide,table.wide tbody,table.wide tr,table.wide td{display:block;width:100%;box-sizing:border-box}\n\
 table.wide thead{display:none}\n\
 table.wide tr{margin-bottom:.6em;border:1px solid #ccc}\n\
 table.wide td{border:none;border-top:1px solid #eee;text-align:right}\n\
 table.wide td::before{content:attr(data-label);float:left;font-weight:bold;text-align:left}\n\
 table.wide td:first-child{background:#eef6f0;font-weight:bold;text-align:left}\n\
}\n\
@page{size:A4;margin:10mm}\n\
@media print{\n\
 body{max-width:none;margin:0;padding:0;font-size:8pt;line-height:1.3}\n\
 h1{font-size:15pt} h2{font-size:10.5pt;margin:.7em 0 .3em}\n\
 table{font-size:7.5pt;margin:.3em 0} th,td{padding:.1em .35em}\n\
 .charts{grid-template-columns:1fr 1fr;gap:.4em 1em}\n\
 figure svg{max-height:62mm;width:auto;max-width:100%;margin:0 auto}\n\
 figcaption{font-size:7pt}\n\
 .screen{display:none}\n\
 .model{font-size:7pt}\n\
}\n";

fn page(
    scenario: &Scenario,
    toml: &str,
    out: &Path,
    opts: &ReportOptions,
) -> Result<String, AppError> {
    let w = words(opts.lang);
    let lang = opts.lang;
    let nl = usize::from(lang == Lang::Nl);
    let summary = SummaryStats::read(&out.join("compare/summary_stats.csv"))?;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} - {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        if nl == 1 { "nl" } else { "en" },
        esc(w.title),
        esc(&scenario.name)
    );
    let _ = writeln!(h, "<h1>{}: {}</h1>", esc(w.title), esc(&scenario.name));
    let description = scenario.description_in(lang);
    if !description.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(description));
    }
    let _ = writeln!(
        h,
        "<p>{} = {}: {}.",
        esc(lang.as_is()),
        esc(w.as_is_is),
        esc(&super::results::leader_text(scenario, lang))
    );
    if !scenario.interventions.is_empty() {
        let _ = write!(
            h,
            " {}: {}.",
            esc(w.applied_but),
            esc(&super::results::interventions_text(scenario, lang))
        );
    }
    h.push_str("</p>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">teamsim {}, seed {}, {} {}</p>",
        env!("CARGO_PKG_VERSION"),
        opts.seed.unwrap_or(scenario.seed),
        count(opts.runs, "run", "runs"),
        esc(w.runs_note)
    );
    let heading = |o: Outcome| lang.outcome_heading(o);

    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<table class=\"wide\">\n<thead><tr><th>{}</th>",
        esc(w.table),
        esc(w.style)
    );
    for o in OUTCOMES {
        let _ = write!(h, "<th>{}</th>", esc(heading(o)));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (variant, _, _) in &summary.variants {
        let _ = write!(h, "<tr><td>{}</td>", esc(&lang.variant(variant)));
        for o in OUTCOMES {
            let (field, unit) = (o.field(), unit_of(o));
            let cell = summary
                .get(variant, field)
                .map_or("-".to_string(), |(m, lo, hi)| {
                    format!(
                        "{} <span class=\"ci\">({} - {})</span>",
                        in_unit(m, unit, lang, false),
                        in_unit(lo, unit, lang, false),
                        in_unit(hi, unit, lang, false)
                    )
                });
            let _ = write!(h, "<td data-label=\"{}\">{cell}</td>", esc(heading(o)));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");

    let diffs = Table::read(&out.join("compare/differences.csv"))?;
    if !diffs.rows().is_empty() {
        let (v, m, mean, size, verdict) = (
            diffs.column("variant")?,
            diffs.column("metric")?,
            diffs.column("mean_difference")?,
            diffs.column("smallest_meaningful")?,
            diffs.column("verdict")?,
        );
        let _ = writeln!(
            h,
            "<h2>{}</h2>\n<p class=\"note\">{}</p>\n<table class=\"wide\">\n<thead><tr><th>{}</th>",
            esc(w.differences),
            esc(w.differences_note),
            esc(w.style)
        );
        for o in OUTCOMES {
            let (field, unit) = (o.field(), unit_of(o));
            let threshold = diffs
                .rows()
                .iter()
                .find(|r| diffs.text(r, m) == field)
                .and_then(|r| diffs.number(r, size).ok().flatten());
            let _ = write!(
                h,
                "<th>{}{}</th>",
                esc(heading(o)),
                threshold.map_or(String::new(), |t| format!(
                    " <span class=\"ci\">({})</span>",
                    esc(in_unit(t, unit, lang, true).trim_start_matches('+'))
                ))
            );
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        let mut names: Vec<&str> = Vec::new();
        for row in diffs.rows() {
            let name = diffs.text(row, v);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        for name in names {
            let _ = write!(h, "<tr><td>{}</td>", esc(&lang.variant(name)));
            for o in OUTCOMES {
                let (field, unit) = (o.field(), unit_of(o));
                let row = diffs
                    .rows()
                    .iter()
                    .find(|r| diffs.text(r, v) == name && diffs.text(r, m) == field);
                let cell = row.map_or(("-".to_string(), ""), |r| {
                    let d = diffs.number(r, mean).ok().flatten();
                    let verdict = Verdict::from_code(diffs.text(r, verdict));
                    let class = match verdict {
                        Some(Verdict::ClearlyBetter) => "better",
                        Some(Verdict::ClearlyWorse) => "worse",
                        _ => "unclear",
                    };
                    (
                        format!(
                            "{}<span class=\"v\">{}</span>",
                            d.map_or("-".into(), |d| in_unit(d, unit, lang, true)),
                            verdict.map_or("-", |x| lang.verdict(x))
                        ),
                        class,
                    )
                });
                let _ = write!(
                    h,
                    "<td class=\"{}\" data-label=\"{}\">{}</td>",
                    cell.1,
                    esc(heading(o)),
                    cell.0
                );
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n");
    }

    let _ = writeln!(h, "<h2>{}</h2>\n<div class=\"charts\">", esc(w.charts));
    for (file, captions) in FIGURES {
        let path = out.join(file);
        if path.is_file() {
            let (see, ask) = captions[nl];
            let _ = writeln!(
                h,
                "<figure>\n{}\n<figcaption><b>{}</b> {} <b>{}</b> {}</figcaption>\n</figure>",
                inline_svg(&path)?,
                esc(w.you_see),
                esc(see),
                esc(w.question),
                esc(ask)
            );
        }
    }
    h.push_str("</div>\n");

    let _ = writeln!(h, "<h2>{}</h2>", esc(w.scenario));
    let _ = writeln!(
        h,
        "<p>{} {}; {}; {} {}.</p>",
        esc(w.team_of),
        scenario.team.roster.size(),
        esc(&super::results::leader_text(scenario, lang)),
        esc(w.horizon),
        scenario.horizon
    );
    let _ = writeln!(
        h,
        "<details class=\"screen\"><summary>{}</summary>\n<pre>{}</pre>\n</details>",
        esc(w.scenario_file),
        esc(toml)
    );
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<p class=\"model\">{}</p>",
        esc(w.model),
        esc(w.model_text)
    );
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
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&opts.scenarios) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect(),
        // No `scenarios/` folder here (an installed binary): the bundled scenarios.
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && opts.scenarios == Path::new("scenarios") =>
        {
            crate::scenario::bundled::BUNDLED
                .iter()
                .map(|(name, _)| Path::new("scenarios").join(format!("{name}.toml")))
                .collect()
        }
        Err(cause) => {
            return Err(AppError::Output(output::OutputError::Read {
                path: opts.scenarios.clone(),
                cause,
            }));
        }
    };
    files.sort();
    if files.is_empty() {
        let d = opts.scenarios.display();
        return Err(AppError::Usage(Said::new(
            format!("{d}: no scenario files (*.toml) here"),
            format!("{d}: hier staan geen scenariobestanden (*.toml)"),
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
    let nl = usize::from(opts.lang == Lang::Nl);
    let w = words(opts.lang);
    let title = if nl == 1 {
        "teamsim-galerij"
    } else {
        "teamsim gallery"
    };
    let mut index = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n\
         <style>body{{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1300px;margin:2em auto;padding:0 1em;line-height:1.45}} \
         .charts{{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,560px),1fr));gap:1em}} \
         figure{{margin:0}} img{{max-width:100%;border:1px solid #ddd}} figcaption{{font-size:.95em}}</style>\n\
         </head>\n<body>\n<h1>{title}</h1>\n",
        if nl == 1 { "nl" } else { "en" }
    );
    for (k, file) in files.iter().enumerate() {
        // Each file is read and validated once; its run, compare and sweep use that.
        let input = Input::read(file, None)?;
        let scenario = &input.scenario;
        let name = output::safe_dir_name(&scenario.name);
        let dir = opts.out.join(&name);
        let _ = writeln!(
            index,
            "<h2>{}</h2>\n<p>{}</p>\n<p>{} = {}: {}.{}</p>",
            esc(&scenario.name),
            esc(scenario.description_in(opts.lang)),
            esc(opts.lang.as_is()),
            esc(w.as_is_is),
            esc(&super::results::leader_text(scenario, opts.lang)),
            if scenario.interventions.is_empty() {
                String::new()
            } else {
                format!(
                    " {}: {}.",
                    esc(w.applied_but),
                    esc(&super::results::interventions_text(scenario, opts.lang))
                )
            }
        );
        let run_dir = dir.join("run");
        super::run_from(
            &input,
            &RunOptions {
                scenario: file.clone(),
                seed: None,
                out: Some(run_dir.clone()),
                force: true,
            },
        )?;
        let mut images = super::charts(&run_dir, &charts)?;
        let compare_dir = dir.join("compare");
        super::batch::compare_from(
            &input,
            &CompareOptions {
                scenario: file.clone(),
                runs: Some(opts.runs),
                styles: None,
                design: None,
                without_interventions: !scenario.interventions.is_empty(),
                lang: opts.lang,
                threads: opts.threads,
                seed: None,
                out: Some(compare_dir.clone()),
                control: forced,
                xlsx: false,
            },
            progress,
        )?;
        images.extend(super::charts(&compare_dir, &charts)?);
        if k == 0 {
            let sweep_dir = dir.join("sweep");
            super::batch::sweep_from(
                &input,
                &SweepOptions {
                    scenario: file.clone(),
                    grid: 11,
                    design: None,
                    runs: Some(20),
                    lang: opts.lang,
                    threads: opts.threads,
                    seed: None,
                    out: Some(sweep_dir.clone()),
                    control: forced,
                    xlsx: false,
                },
                progress,
            )?;
            images.extend(super::charts(&sweep_dir, &charts)?);
        }
        index.push_str("<div class=\"charts\">\n");
        for image in images
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
        {
            let Ok(rel) = image.strip_prefix(&opts.out) else {
                continue;
            };
            let rel = rel.display().to_string();
            let caption = FIGURES
                .iter()
                .find(|(f, _)| Path::new(f).file_stem() == image.file_stem())
                .map(|(_, c)| c[nl]);
            let _ = write!(index, "<figure><img src=\"{}\" alt=\"\">", esc(&rel));
            if let Some((see, ask)) = caption {
                let _ = write!(
                    index,
                    "<figcaption><b>{}</b> {} <b>{}</b> {}</figcaption>",
                    esc(w.you_see),
                    esc(see),
                    esc(w.question),
                    esc(ask)
                );
            }
            index.push_str("</figure>\n");
        }
        index.push_str("</div>\n");
    }
    index.push_str("</body>\n</html>\n");
    let staging = Staging::new(&folder)?;
    output::write_text(&staging.path("index.html"), &index)?;
    staging.commit()?;
    Ok(opts.out.join("index.html"))
}
