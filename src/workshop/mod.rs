//! Workshop mode (issue 14): the data behind one offline page on which a facilitator
//! moves the leader over the caring x daring square and the room sees the team respond.
//!
//! The page interpolates between the cells of a caring x daring grid, so every number
//! it shows comes from real runs: each cell is `runs` seeded replications of the
//! scenario with the leader at that point (the seeds of `teamsim sweep`, so a cell's
//! means equal the sweep's `cells.csv`), folded into the mean and the 5-95% range of
//! each day, plus the member states of one representative run for the team pulse.
//! Scenarios with interventions get a second grid without them, for the page's toggle.
//!
//! Work is split by replication inside a cell and gathered in replication order, so
//! the result, and the page, are byte-identical for any number of threads.

mod page;

pub use page::{PageError, render};

use crate::batch::stats::Accumulator;
use crate::batch::{self, BatchError};
use crate::model::{AttachmentStyle, Mode, StyleTable};
use crate::problem::Said;
use crate::scenario::Scenario;
use crate::sim::field;
use crate::sim::{self, DailyRecord, MemberSnapshot, Observer, PositionState, Summary};
use rayon::prelude::*;

/// Smallest and largest grid: 2 puts a cell at each corner; 11 keeps the page of a
/// scenario with interventions under about 5 MB.
pub const GRID_RANGE: (usize, usize) = (2, 11);
/// Default points per axis: 0, 0.2, ... 1, so the quadrant presets (0.2 and 0.8) are
/// cells of their own.
pub const DEFAULT_GRID: usize = 6;
/// Default runs per cell: the standard error of a cell's Grow share is then about a
/// point (its run-to-run sd is about 0.1).
pub const DEFAULT_RUNS: u64 = 100;
/// Most runs per cell.
pub const MAX_RUNS: u64 = 10_000;
/// Most bytes the per-run daily values of one cell may take while it is folded.
const MAX_CELL_BYTES: u64 = 1 << 30;

/// What to compute.
#[derive(Debug, Clone)]
pub struct WorkshopSpec {
    /// The scenario, with the leader to be moved.
    pub scenario: Scenario,
    /// The root seed: replication `r` of every cell runs `replication_seed(seed, r)`,
    /// as in `sweep`.
    pub seed: u64,
    /// Points per axis, within [`GRID_RANGE`].
    pub grid: usize,
    /// Runs per cell, within 1..=[`MAX_RUNS`].
    pub runs: u64,
}

impl WorkshopSpec {
    /// Checks the grid, the runs and the memory one cell needs.
    pub fn check(&self) -> Result<(), BatchError> {
        let (lo, hi) = GRID_RANGE;
        if !(lo..=hi).contains(&self.grid) {
            let grid = self.grid;
            return Err(BatchError::Invalid(Said::new(
                format!(
                    "a grid of {grid} points per axis is out of range: must be within {lo}..={hi}"
                ),
                format!(
                    "een raster van {grid} punten per as valt buiten het bereik: moet van {lo} tot en met {hi} zijn"
                ),
            )));
        }
        if !(1..=MAX_RUNS).contains(&self.runs) {
            let runs = self.runs;
            return Err(BatchError::Invalid(Said::new(
                format!(
                    "{runs} runs per grid point is out of range: must be within 1..={MAX_RUNS}"
                ),
                format!(
                    "{runs} runs per rasterpunt valt buiten het bereik: moet van 1 tot en met {MAX_RUNS} zijn"
                ),
            )));
        }
        let bytes = self.runs * self.observations() as u64 * (DAILY_VALUES * 4) as u64;
        if bytes > MAX_CELL_BYTES {
            let (runs, observations) = (self.runs, self.observations());
            let (need, most) = (bytes >> 20, MAX_CELL_BYTES >> 20);
            return Err(BatchError::Invalid(Said::new(
                format!(
                    "{runs} runs x {observations} observations need {need} MiB per grid point; at most {most} MiB: use fewer runs or raise observe_every in the scenario"
                ),
                format!(
                    "{runs} runs x {observations} waarnemingen hebben {need} MiB per rasterpunt nodig; hoogstens {most} MiB: neem minder runs of verhoog observe_every in het scenario"
                ),
            )));
        }
        Ok(())
    }

    /// Observations per run.
    pub fn observations(&self) -> usize {
        let s = &self.scenario;
        (s.horizon / s.observe_every + 1e-9).floor() as usize + 1
    }

    /// The grid's values on each axis: `k / (grid - 1)`.
    pub fn axis(&self) -> Vec<f64> {
        (0..self.grid)
            .map(|k| k as f64 / (self.grid - 1) as f64)
            .collect()
    }
}

/// A daily series: the mean over runs and the 5% and 95% quantiles.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Band {
    /// Mean per observation.
    pub mean: Vec<f64>,
    /// 5% quantile per observation.
    pub low: Vec<f64>,
    /// 95% quantile per observation.
    pub high: Vec<f64>,
}

/// The year in numbers for one cell: means over runs of the run summaries.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// Share of member-time in Doel 2 (`avg_grow_share`).
    pub grow_share: f64,
    /// Mean felt safety (`avg_safety`).
    pub safety: f64,
    /// Learning units over the year (`total_learning`).
    pub learning: f64,
    /// Sick days as a share of position-days (`total_absence_days / (size * horizon)`).
    pub absence_share: f64,
    /// Resignations over the run (`total_departures`).
    pub departures: f64,
    /// Doel 1 episodes per member-year (`protect_episodes_per_member_year`).
    pub episodes: f64,
    /// Share of time in Doel 2 per attachment style (`grow_share_<style>`), where the
    /// style was in the team.
    pub grow_by_style: StyleTable<Option<f64>>,
}

/// One cell of the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The leader's caring.
    pub caring: f64,
    /// The leader's daring.
    pub daring: f64,
    /// The year in numbers.
    pub headline: Headline,
    /// Share of present members in Doel 2, per day.
    pub grow: Band,
    /// Mean felt safety, per day.
    pub safety: Band,
    /// Learning since day 0, per day.
    pub learning: Band,
    /// The replication whose Grow share lies closest to the cell's mean.
    pub representative: u64,
    /// Its team pulse: per position, one state per observation.
    pub pulse: Vec<Vec<PulseState>>,
}

/// A position's state at one observation of the representative run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PulseState {
    /// At work, in Doel 2.
    Grow,
    /// At work, in Doel 1.
    Protect,
    /// On sick leave.
    Absent,
    /// Open after a resignation.
    Vacant,
    /// Not part of the team at that time (before joining, after leaving it).
    Outside,
}

/// One grid: every cell, caring-major (`cells[i * grid + j]` has caring `i` and daring `j`).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Whether the scenario's interventions happen in these runs.
    pub interventions: bool,
    /// The cells.
    pub cells: Vec<Cell>,
}

/// Everything the page shows.
#[derive(Debug, Clone)]
pub struct Workshop {
    /// What was computed.
    pub spec: WorkshopSpec,
    /// The observation days.
    pub days: Vec<f64>,
    /// The scenario as written.
    pub with: Grid,
    /// The same without its interventions, when it has any.
    pub without: Option<Grid>,
}

/// How many values of each observation a run keeps while its cell is folded.
const DAILY_VALUES: usize = 3;

/// Keeps a run's daily values: Grow share, safety (NaN when nobody is present) and
/// learning.
struct Daily(Vec<f32>);

impl Observer for Daily {
    fn record(&mut self, r: &DailyRecord) {
        let v = |x: Option<f64>| x.map_or(f32::NAN, |x| x as f32);
        self.0
            .extend([v(r.grow_share), v(r.safety), r.learning as f32]);
    }
}

/// Keeps every position's state at every observation.
#[derive(Default)]
struct PulseRecorder {
    rows: Vec<Vec<PulseState>>,
    /// Observations seen so far.
    seen: usize,
}

impl Observer for PulseRecorder {
    fn record(&mut self, _r: &DailyRecord) {}
    fn wants_members(&self) -> bool {
        true
    }
    fn members(&mut self, _day: f64, members: &[MemberSnapshot]) {
        for m in members {
            let state = match m.state {
                PositionState::Present if m.member.mode == Mode::Grow => PulseState::Grow,
                PositionState::Present => PulseState::Protect,
                PositionState::Absent => PulseState::Absent,
                PositionState::Vacant => PulseState::Vacant,
            };
            if self.rows.len() <= m.position {
                self.rows.resize(m.position + 1, Vec::new());
            }
            // A position that joins later was outside the team until now.
            let row = &mut self.rows[m.position];
            row.resize(self.seen, PulseState::Outside);
            row.push(state);
        }
        self.seen += 1;
    }
}

impl PulseRecorder {
    /// The rows, each as long as the run: positions that left are outside after.
    fn finish(mut self) -> Vec<Vec<PulseState>> {
        for row in &mut self.rows {
            row.resize(self.seen, PulseState::Outside);
        }
        self.rows
    }
}

/// Computes the workshop's grids on `threads` workers; `tick` is called once per cell.
pub fn compute(
    spec: &WorkshopSpec,
    threads: usize,
    tick: &(dyn Fn() + Sync),
) -> Result<Workshop, BatchError> {
    spec.check()?;
    let pool = batch::thread_pool(threads)?;
    let days: Vec<f64> = (0..spec.observations())
        .map(|k| k as f64 * spec.scenario.observe_every)
        .collect();
    let grid = |interventions: bool| -> Grid {
        let axis = spec.axis();
        let mut cells = Vec::with_capacity(spec.grid * spec.grid);
        for &caring in &axis {
            for &daring in &axis {
                let mut scenario = spec.scenario.with_leader_at(caring, daring);
                if !interventions {
                    scenario.interventions.clear();
                }
                cells.push(pool.install(|| cell(&scenario, spec, caring, daring)));
                tick();
            }
        }
        Grid {
            interventions,
            cells,
        }
    };
    let with = grid(true);
    let without = (!spec.scenario.interventions.is_empty()).then(|| grid(false));
    Ok(Workshop {
        spec: spec.clone(),
        days,
        with,
        without,
    })
}

/// Number of cells [`compute`] runs (for progress bars).
pub fn cell_count(spec: &WorkshopSpec) -> u64 {
    let per_grid = (spec.grid * spec.grid) as u64;
    if spec.scenario.interventions.is_empty() {
        per_grid
    } else {
        2 * per_grid
    }
}

/// Runs one cell: every replication in parallel, gathered in replication order.
fn cell(scenario: &Scenario, spec: &WorkshopSpec, caring: f64, daring: f64) -> Cell {
    let obs = spec.observations();
    let runs: Vec<(Vec<f32>, Summary)> = (0..spec.runs)
        .into_par_iter()
        .map(|r| {
            let mut daily = Daily(Vec::with_capacity(obs * DAILY_VALUES));
            let summary = sim::run(scenario, batch::replication_seed(spec.seed, r), &mut daily);
            (daily.0, summary)
        })
        .collect();
    let headline = headline(scenario, &runs);
    let representative = runs
        .iter()
        .enumerate()
        .map(|(r, (_, s))| {
            let g = s.get(field::AVG_GROW_SHARE).unwrap_or(f64::NAN);
            (r as u64, (g - headline.grow_share).abs())
        })
        .filter(|(_, d)| d.is_finite())
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
        .map_or(0, |(r, _)| r);
    let mut pulse = PulseRecorder::default();
    sim::run(
        scenario,
        batch::replication_seed(spec.seed, representative),
        &mut pulse,
    );
    let column = |k: usize| -> Vec<Vec<f64>> {
        (0..obs)
            .map(|d| {
                runs.iter()
                    .filter_map(|(v, _)| v.get(d * DAILY_VALUES + k))
                    .map(|x| f64::from(*x))
                    .filter(|x| x.is_finite())
                    .collect()
            })
            .collect()
    };
    let band = |k: usize| -> Band {
        let mut b = Band::default();
        for mut values in column(k) {
            b.mean.push(mean(&values).unwrap_or(f64::NAN));
            values.sort_by(f64::total_cmp);
            b.low.push(quantile(&values, 0.05));
            b.high.push(quantile(&values, 0.95));
        }
        b
    };
    Cell {
        caring,
        daring,
        headline,
        grow: band(0),
        safety: band(1),
        learning: band(2),
        representative,
        pulse: pulse.finish(),
    }
}

/// The cell's means of the run summaries, with the batch's own accumulator so that
/// they equal what `teamsim sweep` reports for the same cell.
fn headline(scenario: &Scenario, runs: &[(Vec<f32>, Summary)]) -> Headline {
    let field = |name: &str| -> Option<f64> {
        let mut acc = Accumulator::new(None);
        for (_, s) in runs {
            if let Some(v) = s.get(name) {
                acc.push(v);
            }
        }
        acc.stats().map(|s| s.mean)
    };
    let nan = f64::NAN;
    let position_days = scenario.team.roster.size() as f64 * scenario.horizon;
    let by_style = |style: AttachmentStyle| field(&field::of_style(field::GROW_SHARE, style));
    Headline {
        grow_share: field(field::AVG_GROW_SHARE).unwrap_or(nan),
        safety: field(field::AVG_SAFETY).unwrap_or(nan),
        learning: field(field::TOTAL_LEARNING).unwrap_or(nan),
        absence_share: field(field::TOTAL_ABSENCE_DAYS).unwrap_or(nan) / position_days,
        departures: field(field::TOTAL_DEPARTURES).unwrap_or(nan),
        episodes: field(field::PROTECT_EPISODES).unwrap_or(nan),
        grow_by_style: StyleTable::new(
            by_style(AttachmentStyle::Secure),
            by_style(AttachmentStyle::Anxious),
            by_style(AttachmentStyle::Avoidant),
            by_style(AttachmentStyle::Fearful),
        ),
    }
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The `p` quantile of sorted `values` by linear interpolation (NaN when empty).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        n => {
            let x = p * (n - 1) as f64;
            let (i, f) = (x.floor() as usize, x - x.floor());
            let next = sorted[(i + 1).min(n - 1)];
            sorted[i] + f * (next - sorted[i])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn spec(grid: usize, runs: u64) -> WorkshopSpec {
        let text = include_str!("../../scenarios/coaching-halfway.toml");
        let scenario = Scenario::parse(text, Path::new("coaching-halfway.toml")).expect("parses");
        WorkshopSpec {
            seed: scenario.seed,
            scenario,
            grid,
            runs,
        }
    }

    #[test]
    fn the_pulse_keeps_joiners_and_leavers_on_their_days() {
        let text = include_str!("../../scenarios/merger.toml");
        let scenario = Scenario::parse(text, Path::new("merger.toml")).expect("parses");
        let s = WorkshopSpec {
            seed: scenario.seed,
            scenario,
            grid: 2,
            runs: 2,
        };
        let w = compute(&s, 1, &|| {}).expect("runs");
        let pulse = &w.with.cells[0].pulse;
        assert!(pulse.iter().all(|row| row.len() == w.days.len()));
        // Three leave and five join on day 80: three newcomers take over the positions
        // left, two take new ones, which were outside the team before.
        assert_eq!(pulse.len(), s.scenario.max_slots());
        let joined = pulse
            .iter()
            .filter(|row| row[0] == PulseState::Outside && row[100] != PulseState::Outside)
            .count();
        assert_eq!(joined, 2);
        assert!(pulse.iter().all(|row| row[100] != PulseState::Outside));
    }

    #[test]
    fn quantiles_interpolate_and_tolerate_empty_input() {
        assert!(quantile(&[], 0.5).is_nan());
        assert_eq!(quantile(&[1.0, 2.0, 3.0], 0.5), 2.0);
        assert!((quantile(&[0.0, 10.0], 0.05) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn grid_and_runs_are_checked() {
        assert!(spec(1, 10).check().is_err());
        assert!(spec(12, 10).check().is_err());
        assert!(spec(6, 0).check().is_err());
        assert!(spec(6, MAX_RUNS + 1).check().is_err());
        assert!(spec(6, 100).check().is_ok());
        assert_eq!(spec(6, 1).axis(), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    }

    #[test]
    fn cells_are_the_same_for_any_thread_count_and_hold_every_day() {
        let s = spec(2, 6);
        let one = compute(&s, 1, &|| {}).expect("runs");
        let two = compute(&s, 2, &|| {}).expect("runs");
        assert_eq!((&one.with, &one.without), (&two.with, &two.without));
        assert!(one.without.is_some(), "the scenario has interventions");
        assert_eq!(one.with.cells.len(), 4);
        let c = &one.with.cells[3];
        assert_eq!((c.caring, c.daring), (1.0, 1.0));
        assert_eq!(c.grow.mean.len(), one.days.len());
        assert!(c.pulse.iter().all(|row| row.len() == one.days.len()));
        for (lo, (m, hi)) in c.grow.low.iter().zip(c.grow.mean.iter().zip(&c.grow.high)) {
            assert!(lo <= hi && *m >= lo - 1e-9 && *m <= hi + 1e-9);
        }
    }
}
