//! What an exploration saves and reads back: its plan (`explore.toml`, beside a
//! shard's points and inside `.partial/` of an interrupted run) and its table of
//! points, every row of which is checked against the design rebuilt from the plan;
//! and `teamsim merge` of an exploration's shards.

use super::super::plan::{Input, read_text};
use super::super::saved::Shard;
use super::super::{AppError, SavedKind};
use super::{ExploreReport, Method, make_design, write_analysis};
use crate::chart::Lang;
use crate::explore::design::DesignTable;
use crate::explore::{self, Factor, OUTCOMES, Ranges};
use crate::output::{OutputFolder, Staging};
use crate::problem::Said;
use crate::sim::Outcome;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The exploration as a whole: what a resumed run is checked against, and what a
/// shard saves beside its points (`explore.toml`) so that `teamsim merge` can rebuild
/// the design and check every row against it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Plan {
    /// Layout of this file.
    pub(super) format: u32,
    /// `morris`, `sobol` or `design`.
    pub(super) method: String,
    /// Root seed of the design and the replications.
    pub(super) seed: u64,
    /// Replications per point.
    pub(super) runs: u64,
    /// Morris levels.
    pub(super) levels: usize,
    /// Morris trajectories.
    pub(super) trajectories: usize,
    /// Sobol' base samples.
    pub(super) samples: usize,
    /// Design points in all.
    pub(super) points: usize,
    /// This piece's slice, `K/N`, if it is one.
    pub(super) shard: Option<String>,
    /// The scenario file as given.
    pub(super) scenario_file: String,
    /// SHA-256 of the scenario text.
    pub(super) scenario_sha256: String,
    /// The scenario text as read when the exploration started.
    pub(super) scenario_text: String,
    /// The design table given with `--design`, as named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) design_file: Option<String>,
    /// The design table's text as read (method `design`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) design_text: Option<String>,
    /// The factors and their ranges.
    pub(super) factors: Vec<SavedFactor>,
}

/// A factor as saved in a [`Plan`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SavedFactor {
    pub(super) parameter: String,
    pub(super) low: f64,
    pub(super) high: f64,
}

/// The layout of `explore.toml` this build writes and reads.
pub(super) const PLAN_FORMAT: u32 = 1;
/// The saved plan of a shard, beside its `points.csv`.
pub(super) const PLAN_FILE: &str = "explore.toml";
/// Largest `explore.toml` or `points.csv` read back.
const MAX_READ: u64 = 1 << 30;

impl Plan {
    pub(super) fn method(&self) -> Result<Method, String> {
        self.method.parse()
    }

    fn shard(&self) -> Result<Option<Shard>, String> {
        self.shard.as_deref().map(str::parse).transpose()
    }

    /// The factors, checked against the parameters and their allowed ranges.
    fn factors(&self) -> Result<Vec<Factor>, String> {
        let declared = explore::all_factors(Ranges::Declared);
        self.factors
            .iter()
            .map(|f| {
                let d = declared
                    .iter()
                    .find(|d| d.path == f.parameter)
                    .ok_or_else(|| format!("`{}` is not a parameter", f.parameter))?;
                if !(f.low.is_finite()
                    && f.high.is_finite()
                    && d.lo <= f.low
                    && f.low < f.high
                    && f.high <= d.hi)
                {
                    return Err(format!(
                        "the range of {} is not within {}..={}",
                        f.parameter, d.lo, d.hi
                    ));
                }
                Ok(Factor {
                    path: f.parameter.clone(),
                    default: d.default,
                    lo: f.low,
                    hi: f.high,
                })
            })
            .collect()
    }
}

/// The header of `points.csv`.
pub(super) fn points_header(factors: &[Factor]) -> Vec<String> {
    std::iter::once("point".to_string())
        .chain(factors.iter().map(|f| f.path.clone()))
        .chain(OUTCOMES.iter().map(|o| o.key().to_string()))
        .collect()
}

/// One row of `points.csv`: every value written in full (the shortest text that reads
/// back as the same number), so that rows read back give the very same analysis.
pub(super) fn point_row(i: usize, values: &[f64], out: &[f64; OUTCOMES.len()]) -> String {
    let mut row = i.to_string();
    for v in values {
        let _ = write!(row, ",{v}");
    }
    for v in out {
        let _ = write!(row, ",{v}");
    }
    row.push('\n');
    row
}

/// Reads back rows of `points.csv` (a shard's, or the points done before an
/// interruption): each must be the next point of the design, with the design's values,
/// and outcomes that are numbers. With `partial`, a last line without its newline (cut
/// by a crash) is left out; returns the outcomes and the length of the rows kept.
pub(super) fn read_points(
    path: &Path,
    factors: &[Factor],
    values: &[Vec<f64>],
    range: std::ops::Range<usize>,
    partial: bool,
) -> Result<(Vec<[f64; OUTCOMES.len()]>, u64), AppError> {
    let damaged = |why: String| AppError::Damaged {
        path: path.to_path_buf(),
        what: SavedKind::ExploredPoints,
        why,
    };
    let text = read_text(path, MAX_READ, &|why| damaged(why.en))?;
    let text = text.as_str();
    let whole = match text.rfind('\n') {
        Some(end) if partial => &text[..=end],
        _ if partial => "",
        _ => text,
    };
    if !partial && !text.ends_with('\n') {
        return Err(damaged("its last line is cut off".into()));
    }
    let mut lines = whole.lines();
    let header = points_header(factors).join(",");
    if lines.next() != Some(header.as_str()) {
        return Err(damaged("its header is not that of this exploration".into()));
    }
    let mut outputs = Vec::new();
    for (k, line) in lines.enumerate() {
        let i = range.start + k;
        if i >= range.end {
            return Err(damaged(format!(
                "it has more rows than the {} points of its slice",
                range.len()
            )));
        }
        let mut fields = line.split(',');
        let mut next = || fields.next().unwrap_or("");
        if next() != i.to_string() {
            return Err(damaged(format!("line {}: expected point {i}", k + 2)));
        }
        for (f, v) in factors.iter().zip(&values[i]) {
            if next() != format!("{v}") {
                return Err(damaged(format!(
                    "line {}: {} is not the design's value for point {i}",
                    k + 2,
                    f.path
                )));
            }
        }
        let mut out = [0.0; OUTCOMES.len()];
        for (o, name) in out.iter_mut().zip(OUTCOMES.map(Outcome::key)) {
            *o = next()
                .parse()
                .map_err(|_| damaged(format!("line {}: {name} is not a number", k + 2)))?;
        }
        if fields.next().is_some() {
            return Err(damaged(format!(
                "line {}: more fields than the header",
                k + 2
            )));
        }
        outputs.push(out);
    }
    if !partial && outputs.len() != range.len() {
        return Err(damaged(format!(
            "it holds {} of the {} points of its slice",
            outputs.len(),
            range.len()
        )));
    }
    Ok((outputs, whole.len() as u64))
}

/// Reads a small text file teamsim wrote (a saved plan), refusing anything too large.
pub(super) fn read_small(path: &Path) -> Result<String, AppError> {
    read_text(path, 16 << 20, &|why| AppError::Damaged {
        path: path.to_path_buf(),
        what: SavedKind::SavedExploration,
        why: why.en,
    })
}

/// Whether `dir` holds a shard of an exploration (rather than of a compare or sweep).
pub fn is_explore_shard(dir: &Path) -> bool {
    dir.join(PLAN_FILE).is_file()
}

/// `teamsim merge` of the shards of an exploration: checks that they are the N
/// slices of one exploration, each row against the design rebuilt from the saved
/// plan, and writes the files one run of the whole exploration writes.
pub fn merge_explore(
    dirs: &[PathBuf],
    out: &Path,
    force: bool,
    lang: Lang,
) -> Result<ExploreReport, AppError> {
    let mut pieces: Vec<(PathBuf, Plan, Shard)> = Vec::new();
    for d in dirs {
        let path = d.join(PLAN_FILE);
        let text = read_small(&path)?;
        let damaged = |why: String| AppError::Damaged {
            path: path.clone(),
            what: SavedKind::SavedExploration,
            why,
        };
        let plan: Plan = toml::from_str(&text).map_err(|e| damaged(e.message().to_string()))?;
        if plan.format != PLAN_FORMAT {
            return Err(damaged(format!(
                "its layout {} is not this build's ({PLAN_FORMAT})",
                plan.format
            )));
        }
        if crate::scenario::hex_sha256(plan.scenario_text.as_bytes()) != plan.scenario_sha256 {
            return Err(damaged("its scenario text does not match its hash".into()));
        }
        let shard = plan
            .shard()
            .map_err(damaged)?
            .ok_or_else(|| damaged("it is not a shard (run with --shard K/N)".into()))?;
        pieces.push((d.clone(), plan, shard));
    }
    let (_, first, _) = pieces
        .first()
        .ok_or_else(|| AppError::Usage(super::super::job::no_shard_folder()))?;
    let first = first.clone();
    for (d, plan, _) in &pieces {
        let same = Plan {
            shard: None,
            ..plan.clone()
        } == Plan {
            shard: None,
            ..first.clone()
        };
        if !same {
            let (d, other) = (d.display(), pieces[0].0.display());
            return Err(AppError::Usage(Said::new(
                format!(
                    "{d} is a shard of another exploration than {other} (scenario, parameters, method, sizes, runs or seed differ)"
                ),
                format!(
                    "{d} is een shard van een andere verkenning dan {other} (scenario, parameters, methode, aantallen, runs of seed verschillen)"
                ),
            )));
        }
    }
    pieces.sort_by_key(|(_, _, s)| s.index);
    let count = pieces[0].2.count;
    let indices: Vec<u64> = pieces.iter().map(|(_, _, s)| s.index).collect();
    if pieces.iter().any(|(_, _, s)| s.count != count) || indices != (1..=count).collect::<Vec<_>>()
    {
        let held = pieces
            .iter()
            .map(|(_, _, s)| s.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(AppError::Usage(Said::new(
            format!(
                "the folders hold shards {held} but an exploration in {count} shards needs each of 1..={count} once"
            ),
            format!(
                "de mappen bevatten de shards {held}, maar een verkenning in {count} shards heeft elk van 1 tot en met {count} één keer nodig"
            ),
        )));
    }
    let plan_path = pieces[0].0.join(PLAN_FILE);
    let bad_plan = |why: String| AppError::Damaged {
        path: plan_path.clone(),
        what: SavedKind::SavedExploration,
        why,
    };
    let method = first.method().map_err(bad_plan)?;
    let factors = first.factors().map_err(bad_plan)?;
    let source = crate::scenario::ScenarioSource::from_text(
        Path::new(&first.scenario_file),
        first.scenario_text.clone(),
    );
    let input = Input::from_source(source, Some(first.seed))?;
    let sizes = (first.levels, first.trajectories, first.samples);
    // A design table saved in the plan is read as untrusted as the file it came from.
    let table = match (method, &first.design_text) {
        (Method::Design, Some(text)) => {
            let table = DesignTable::read(text, usize::MAX, &input.scenario.params)
                .map_err(|e| bad_plan(format!("its design table: {e}")))?;
            Some(table)
        }
        (Method::Design, None) => return Err(bad_plan("its design table is missing".into())),
        (_, Some(_)) => {
            return Err(bad_plan(
                "it holds a design table for another method".into(),
            ));
        }
        (_, None) => None,
    };
    let super::Design {
        points,
        values,
        rng,
    } = make_design(
        method,
        &factors,
        &input.scenario,
        first.seed,
        sizes,
        table.as_ref(),
    )
    .map_err(|why| bad_plan(why.en))?;
    if points.len() != first.points {
        return Err(bad_plan(format!(
            "it counts {} points, the design {}",
            first.points,
            points.len()
        )));
    }
    let mut outputs = Vec::with_capacity(points.len());
    for (d, _, shard) in &pieces {
        let r = shard.range(points.len() as u64);
        let (rows, _) = read_points(
            &d.join("points.csv"),
            &factors,
            &values,
            r.start as usize..r.end as usize,
            false,
        )?;
        outputs.extend(rows);
    }
    let folder = OutputFolder::claim(out)?;
    folder.check_fresh(force)?;
    let staging = Staging::new(&folder)?;
    let design = (points.as_slice(), values.as_slice());
    let table = write_analysis(
        &staging, &first, &input, &factors, design, &outputs, rng, lang,
    )?;
    staging.commit()?;
    Ok(ExploreReport {
        out_dir: out.to_path_buf(),
        points: points.len(),
        table,
    })
}

/// One row per design point of `range`: the parameter values set and the mean
/// outcomes, in full (see [`point_row`]).
pub(super) fn write_points(
    path: &Path,
    factors: &[Factor],
    values: &[Vec<f64>],
    range: std::ops::Range<usize>,
    outputs: &[[f64; OUTCOMES.len()]],
) -> Result<(), AppError> {
    let mut text = points_header(factors).join(",");
    text.push('\n');
    for (i, out) in range.zip(outputs) {
        text.push_str(&point_row(i, &values[i], out));
    }
    Ok(crate::output::write_text(path, &text)?)
}
