//! The files of a finished compare or sweep (beside `runs.csv`, which the job writes
//! as it goes): the statistics tables, the differences, the cell table, the manifest,
//! the workbook, and the plain-language table printed for the user. Used by a batch
//! that completes and by `teamsim merge`.

use super::{AppError, Manifest};
use crate::batch::stats::Stats;
use crate::batch::verdict::{self, Verdict};
use crate::batch::{self, Aggregates, BatchSpec, DIFF_OUTCOMES};
use crate::chart::Lang;
use crate::lang::count;
use crate::model::Quadrant;
use crate::output::{self, CsvFile, STATS_COLUMNS, Staging, fmt_value, stats_cells};
use crate::scenario::{Intervention, Scenario, ScenarioSource};
use crate::sim::{DAILY_METRICS, Outcome, SUMMARY_FIELDS};
use std::fmt::Write as _;
use std::path::Path;

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
            output::write_timeline_csv(&staging.path("timeline.csv"), &spec.scenario, &[])?;
            let table = comparison_table(spec, aggregates, lang);
            output::write_text(&staging.path("table.txt"), &table)?;
            table
        }
        Kind::Sweep => {
            write_cells(&staging.path("cells.csv"), spec, aggregates)?;
            write_summary_stats(&staging.path("sweep_stats.csv"), spec, aggregates)?;
            sweep_table(spec, aggregates, lang)
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

/// The outcomes of the wide `cells.csv`, in column order (each column named by its
/// key).
pub const CELL_OUTCOMES: [Outcome; 7] = [
    Outcome::Safety,
    Outcome::GrowShare,
    Outcome::Trust,
    Outcome::Learning,
    Outcome::AbsenceDays,
    Outcome::Departures,
    Outcome::Output,
];

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
            for o in DIFF_OUTCOMES {
                let Some((s, size, verdict)) = judged(spec, agg, v, o) else {
                    continue;
                };
                out.row([
                    variant.name.clone(),
                    spec.variants[reference].name.clone(),
                    o.field().to_string(),
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
    // The cells of a design table start with the row's name and the values it sets
    // (every row of a table sets the same parameters).
    let set: Vec<String> = spec
        .variants
        .first()
        .map(|v| v.settings.iter().map(|(p, _)| p.clone()).collect())
        .unwrap_or_default();
    let mut header: Vec<String> = Vec::new();
    if !set.is_empty() {
        header.push("name".into());
        header.extend(set.iter().cloned());
    }
    header.extend(["caring", "daring", "quadrant", "runs"].map(String::from));
    for col in CELL_OUTCOMES.map(Outcome::key) {
        header.extend([
            col.to_string(),
            format!("{col}_ci_low"),
            format!("{col}_ci_high"),
        ]);
    }
    let mut out = CsvFile::create(path, &header)?;
    for (v, variant) in spec.variants.iter().enumerate() {
        let mut row = Vec::new();
        if !set.is_empty() {
            row.push(variant.name.clone());
            row.extend(variant.settings.iter().map(|(_, x)| fmt_value(Some(*x))));
        }
        row.extend([
            fmt_value(Some(variant.caring)),
            fmt_value(Some(variant.daring)),
            Quadrant::of(variant.caring, variant.daring)
                .name()
                .to_string(),
            spec.runs.to_string(),
        ]);
        for o in CELL_OUTCOMES {
            let s = agg.summary_named(v, o.field()).and_then(|a| a.stats());
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
        .map(|v| {
            let mut line = format!("{}: caring={} daring={}", v.name, v.caring, v.daring);
            if let Some(a) = v.availability {
                line.push_str(&format!(" availability={a}"));
            }
            for (path, value) in &v.settings {
                line.push_str(&format!(" {path}={value}"));
            }
            line
        })
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
                Lang::Nl => "%-punt",
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

/// The outcomes of the printed table, in column order.
const TABLE: [Outcome; 7] = [
    Outcome::Safety,
    Outcome::GrowShare,
    Outcome::ProtectEpisodes,
    Outcome::ProtectEpisodeDays,
    Outcome::Learning,
    Outcome::AbsenceDays,
    Outcome::Departures,
];

/// How `o` is shown in the printed table, on the report page and in the workbook.
pub(super) fn unit_of(o: Outcome) -> Unit {
    match o {
        Outcome::GrowShare => Unit::Share,
        Outcome::Safety | Outcome::Trust | Outcome::Output => Unit::Level,
        Outcome::Learning | Outcome::AbsenceDays => Unit::Amount,
        Outcome::ProtectEpisodes | Outcome::ProtectEpisodeDays | Outcome::Departures => Unit::Few,
    }
}

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
                    format!(
                        "{what} from day {} for {} {}",
                        day(*d),
                        day(*duration),
                        if day(*duration) == "1" { "day" } else { "days" }
                    )
                }
                (
                    Intervention::Coaching {
                        day: d, duration, ..
                    },
                    Lang::Nl,
                ) => {
                    format!(
                        "{what} vanaf dag {}, {} {}",
                        day(*d),
                        day(*duration),
                        if day(*duration) == "1" {
                            "dag"
                        } else {
                            "dagen"
                        }
                    )
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
    o: Outcome,
) -> Option<(Stats, f64, Verdict)> {
    let reference = spec.reference?;
    let k = DIFF_OUTCOMES.iter().position(|d| *d == o)?;
    let s = agg.diff(v, k).stats()?;
    let m = verdict::meaningful(o);
    let base = agg
        .summary_named(reference, o.field())
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
                "{}: {} x {}, hetzelfde toeval voor elke leider; gemiddelde per run (95%-BI)",
                spec.scenario.name,
                count(spec.variants.len() as u64, "leider", "leiders"),
                count(spec.runs, "run", "runs")
            )
        } else {
            format!(
                "{}: {} x {}, the same seeds for every leader; mean per run (95% CI)",
                spec.scenario.name,
                count(spec.variants.len() as u64, "leader", "leaders"),
                count(spec.runs, "run", "runs")
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
    let _ = write!(out, "\n{:name_w$}", if nl { "Leider" } else { "Leader" });
    for o in TABLE {
        let heading = lang.outcome_heading(o);
        let _ = write!(out, "  {heading:>col_w$}");
    }
    out.push('\n');
    for (v, name) in names.iter().enumerate() {
        let pad = name_w.saturating_sub(name.chars().count());
        let _ = write!(out, "{name}{}", " ".repeat(pad));
        for o in TABLE {
            let s = agg.summary_named(v, o.field()).and_then(|a| a.stats());
            let _ = write!(out, "  {:>col_w$}", with_ci(s, unit_of(o), lang, false));
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
                "dezelfde teams en hetzelfde toeval; gemiddeld verschil (95%-BI), oordeel, en vanaf welk verschil het ertoe doet"
            } else {
                "the same team draws and event luck; mean difference (95% CI), verdict, and the smallest difference that matters"
            }
        );
        for (v, name) in names.iter().enumerate() {
            if v == reference {
                continue;
            }
            let _ = writeln!(out, "{name}:");
            for o in TABLE {
                let Some((s, size, verdict)) = judged(spec, agg, v, o) else {
                    continue;
                };
                let (heading, unit) = (lang.outcome_heading(o), unit_of(o));
                let heading_w = 26 - heading.chars().count().min(26);
                // Wide enough for "-64,5 %-punt (-70,6 %-punt tot -58,4 %-punt)".
                let diff_w = if nl { 44 } else { 34 };
                let _ = writeln!(
                    out,
                    "  {heading}{} {:>diff_w$}  {:<36} ({} {})",
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

/// A short text for `sweep`: the best and worst cells on the key outcomes, in `lang`.
fn sweep_table(spec: &BatchSpec, agg: &Aggregates, lang: Lang) -> String {
    let mut out = String::new();
    let (cells, runs) = (spec.variants.len() as u64, spec.runs);
    let _ = writeln!(
        out,
        "{}: {}",
        spec.scenario.name,
        match lang {
            Lang::En => format!(
                "caring x daring grid of {} x {}",
                count(cells, "cell", "cells"),
                count(runs, "run", "runs")
            ),
            Lang::Nl => format!(
                "caring x daring-raster van {} x {}",
                count(cells, "vak", "vakken"),
                count(runs, "run", "runs")
            ),
        }
    );
    let (highest, lowest, at) = match lang {
        Lang::En => ("highest", "lowest", "at"),
        Lang::Nl => ("hoogst", "laagst", "bij"),
    };
    for o in TABLE {
        let (heading, unit) = (lang.outcome_heading(o), unit_of(o));
        let means: Vec<(usize, Stats)> = (0..spec.variants.len())
            .filter_map(|v| Some((v, agg.summary_named(v, o.field())?.stats()?)))
            .collect();
        let best = means.iter().max_by(|a, b| a.1.mean.total_cmp(&b.1.mean));
        let worst = means.iter().min_by(|a, b| a.1.mean.total_cmp(&b.1.mean));
        if let (Some(hi), Some(lo)) = (best, worst) {
            let pad = 26 - heading.chars().count().min(26);
            let _ = writeln!(
                out,
                "  {heading}{} {highest} {} {at} {}; {lowest} {} {at} {}",
                " ".repeat(pad),
                with_ci(Some(hi.1), unit, lang, false),
                spec.variants[hi.0].name,
                with_ci(Some(lo.1), unit, lang, false),
                spec.variants[lo.0].name
            );
        }
    }
    out
}
