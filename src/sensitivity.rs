//! One-at-a-time sensitivity analysis: every documented parameter is moved down and up
//! by a fraction of its default (within its allowed range), the four leadership styles
//! are run on the same seeds at each setting, and the change in the key outcomes is
//! reported, together with whether the main findings still hold.

use crate::batch::stats::Accumulator;
use crate::batch::{self, BatchError, BatchSpec, RunRow};
use crate::model::{Params, Quadrant};
use crate::problem::Said;
use crate::scenario::Scenario;
use crate::sim::Outcome;

/// Outcomes whose dependence on the parameters is reported.
pub const OUTCOMES: [Outcome; 5] = [
    Outcome::GrowShare,
    Outcome::Learning,
    Outcome::AbsenceDays,
    Outcome::Safety,
    Outcome::Departures,
];

/// The mean outcomes of the four quadrant leaders at one parameter setting:
/// `[leader][outcome]`, leaders in [`Quadrant::ALL`] order.
pub type Point = [[f64; OUTCOMES.len()]; 4];

/// How one outcome under one leader responds to one parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    /// The parameter's path.
    pub param: String,
    /// Its default, as text.
    pub default: String,
    /// The outcome.
    pub outcome: Outcome,
    /// The leader.
    pub leader: Quadrant,
    /// Mean at the defaults.
    pub base: f64,
    /// Mean with the parameter lowered.
    pub at_low: f64,
    /// Mean with the parameter raised.
    pub at_high: f64,
}

impl Effect {
    /// (high - low) relative to the base level: the swing the parameter causes.
    pub fn swing(&self) -> f64 {
        if self.base.abs() > 1e-12 {
            (self.at_high - self.at_low) / self.base.abs()
        } else {
            self.at_high - self.at_low
        }
    }
}

/// A main finding of the model, checked at one parameter setting.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The parameter's path ("defaults" for the base point).
    pub param: String,
    /// "low", "high" or "default".
    pub level: &'static str,
    /// The finding.
    pub finding: &'static str,
    /// By how much it holds (> 0) or fails (<= 0), in the outcome's unit.
    pub margin: f64,
}

/// The main findings checked at every setting.
pub const FINDINGS: [&str; 4] = [
    "secure base learns the most",
    "secure base has the most Grow",
    "dominating has the lowest safety",
    "dominating has the most absence",
];

fn findings(param: &str, level: &'static str, p: &Point) -> Vec<Finding> {
    let (dom, avo, ple, sb) = (0, 1, 2, 3);
    let (grow, learning, absence, safety) = (0, 1, 2, 3);
    let margins = [
        p[sb][learning] - p[dom][learning].max(p[avo][learning]).max(p[ple][learning]),
        p[sb][grow] - p[dom][grow].max(p[avo][grow]).max(p[ple][grow]),
        p[avo][safety].min(p[ple][safety]).min(p[sb][safety]) - p[dom][safety],
        p[dom][absence] - p[avo][absence].max(p[ple][absence]).max(p[sb][absence]),
    ];
    FINDINGS
        .iter()
        .zip(margins)
        .map(|(f, margin)| Finding {
            param: param.to_string(),
            level,
            finding: f,
            margin,
        })
        .collect()
}

/// The result of a sensitivity analysis.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Relative step: parameters were multiplied by (1 - step) and (1 + step).
    pub step: f64,
    /// Runs per leader and setting.
    pub runs: u64,
    /// Every effect, for every parameter, outcome and leader.
    pub effects: Vec<Effect>,
    /// The findings at the defaults and at every setting.
    pub findings: Vec<Finding>,
    /// `[leader][outcome]`: the change between two settings that the run-to-run noise
    /// alone reaches about one time in twenty (1.96 x sqrt(2) x sd / sqrt(runs) at the
    /// defaults, a conservative bound since the seeds are shared).
    pub noise: Point,
}

impl Analysis {
    /// The noise level of an outcome under a leader.
    pub fn noise(&self, leader: Quadrant, outcome: Outcome) -> f64 {
        let v = Quadrant::ALL.iter().position(|q| *q == leader).unwrap_or(0);
        let k = OUTCOMES.iter().position(|o| *o == outcome).unwrap_or(0);
        self.noise[v][k]
    }
}

/// Runs the four leaders on `scenario` with `runs` seeds and returns their mean outcomes.
fn evaluate(
    scenario: &Scenario,
    runs: u64,
    threads: usize,
    progress: &(dyn Fn() + Sync),
) -> Result<(Point, Point), BatchError> {
    let spec = BatchSpec::four_styles(scenario, runs);
    let mut acc: Vec<Accumulator> = (0..4 * OUTCOMES.len())
        .map(|_| Accumulator::new(None))
        .collect();
    batch::run_batch::<BatchError>(
        &spec,
        threads,
        |row: &RunRow| {
            for (k, o) in OUTCOMES.iter().enumerate() {
                if let Some(v) = row.summary.get(o.field()) {
                    acc[row.variant * OUTCOMES.len() + k].push(v);
                }
            }
            Ok(())
        },
        progress,
    )?;
    let mut point = [[f64::NAN; OUTCOMES.len()]; 4];
    let mut noise = [[f64::NAN; OUTCOMES.len()]; 4];
    for v in 0..4 {
        for k in 0..OUTCOMES.len() {
            if let Some(s) = acc[v * OUTCOMES.len() + k].stats() {
                point[v][k] = s.mean;
                noise[v][k] = 1.96 * std::f64::consts::SQRT_2 * s.sd / (s.n as f64).sqrt();
            }
        }
    }
    Ok((point, noise))
}

/// Number of settings evaluated: the defaults plus two per parameter.
pub fn settings() -> u64 {
    1 + 2 * Params::describe().len() as u64
}

/// One-at-a-time analysis of every documented parameter, each moved by `step` (e.g.
/// 0.25 for +-25%) of its default, with `runs` seeds per leader and setting. All settings
/// use the same seeds, so differences are not blurred by different luck.
pub fn analyse(
    scenario: &Scenario,
    step: f64,
    runs: u64,
    threads: usize,
    progress: &(dyn Fn() + Sync),
) -> Result<Analysis, BatchError> {
    if !(step > 0.0 && step < 1.0) {
        return Err(BatchError::Invalid(Said::new(
            format!("a relative step of {step} is out of range: must be within 0..1 (exclusive)"),
            format!(
                "een relatieve stap van {step} valt buiten het bereik: moet tussen 0 en 1 liggen (0 en 1 zelf niet)"
            ),
        )));
    }
    let (base, noise) = evaluate(scenario, runs, threads, progress)?;
    let mut effects = Vec::new();
    let mut found = findings("defaults", "default", &base);
    for info in Params::describe() {
        let mut points = Vec::with_capacity(2);
        for (level, factor) in [("low", 1.0 - step), ("high", 1.0 + step)] {
            let mut s = scenario.clone();
            s.params.scale(&info.path, factor);
            // A step can break a relation between parameters (a Protect threshold above
            // its Grow threshold); such a setting is left at the defaults' values.
            let mut problems = crate::problem::Problems::default();
            s.params.check(&mut problems);
            let (p, _) = if problems.is_empty() {
                evaluate(&s, runs, threads, progress)?
            } else {
                (base, noise)
            };
            found.extend(findings(&info.path, level, &p));
            points.push(p);
        }
        for (v, leader) in Quadrant::ALL.iter().enumerate() {
            for (k, outcome) in OUTCOMES.into_iter().enumerate() {
                effects.push(Effect {
                    param: info.path.clone(),
                    default: info.default.clone(),
                    outcome,
                    leader: *leader,
                    base: base[v][k],
                    at_low: points[0][v][k],
                    at_high: points[1][v][k],
                });
            }
        }
    }
    Ok(Analysis {
        step,
        runs,
        effects,
        findings: found,
        noise,
    })
}
