//! Global sensitivity analysis of the model: which parameters matter for the key
//! outcomes, over their whole ranges and together (`teamsim explore`).
//!
//! Two methods, as researchers know them from SALib: Morris elementary effects for
//! screening many parameters ([`morris`]), and Sobol' indices for the share of an
//! outcome's variance each parameter accounts for ([`sobol`]). Every design point runs
//! the same replication seeds (common random numbers), so that differences between
//! points are the parameters' and not luck's.

pub mod design;
pub mod morris;
pub mod sobol;

use crate::batch::{self, BatchError};
use crate::model::{ParamDefault, Params};
use crate::problem::{Problems, Said};
use crate::scenario::Scenario;
use crate::sim;
use crate::sim::Outcome;
use rayon::prelude::*;

/// The outcomes every exploration reports, in the order of its columns.
pub const OUTCOMES: [Outcome; 6] = [
    Outcome::GrowShare,
    Outcome::Safety,
    Outcome::Learning,
    Outcome::AbsenceDays,
    Outcome::Departures,
    Outcome::ProtectEpisodes,
];

/// One parameter varied over `lo..=hi` (a per-style parameter is one factor per style).
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    /// The parameter's path, e.g. `params.peer.contagion` or
    /// `params.member.mode_down.secure`.
    pub path: String,
    /// Its default.
    pub default: f64,
    /// The lower end of the range explored.
    pub lo: f64,
    /// The upper end.
    pub hi: f64,
}

impl Factor {
    /// The value at `u` in 0..=1 of the range.
    pub fn at(&self, u: f64) -> f64 {
        self.lo + u * (self.hi - self.lo)
    }
}

/// How the range of each factor is chosen (unless a ranges file gives it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ranges {
    /// The default times `1 - span ..= 1 + span`, within the declared range.
    Span(f64),
    /// The whole declared (allowed) range of each parameter.
    Declared,
}

/// Every parameter as factors, in [`Params::describe`] order; a per-style parameter
/// gives one factor per style. Factors whose range is a single value (a default of 0
/// under [`Ranges::Span`]) are left out: nothing would vary.
pub fn all_factors(ranges: Ranges) -> Vec<Factor> {
    let mut out = Vec::new();
    for info in Params::describe() {
        let entries: Vec<(String, f64)> = match info.default_value {
            ParamDefault::One(d) => vec![(info.path.clone(), d)],
            ParamDefault::PerStyle(t) => t
                .iter()
                .map(|(style, d)| (format!("{}.{style}", info.path), *d))
                .collect(),
        };
        for (path, default) in entries {
            let (lo, hi) = match ranges {
                Ranges::Span(s) => (
                    (default * (1.0 - s)).max(info.min),
                    (default * (1.0 + s)).min(info.max),
                ),
                Ranges::Declared => (info.min, info.max),
            };
            if hi > lo {
                out.push(Factor {
                    path,
                    default,
                    lo,
                    hi,
                });
            }
        }
    }
    out
}

/// The parameters a design point in the unit cube of `factors` sets (see
/// [`params_with`]).
pub fn params_at(base: &Params, factors: &[Factor], unit: &[f64]) -> Option<Params> {
    let values: Vec<f64> = factors.iter().zip(unit).map(|(f, u)| f.at(*u)).collect();
    params_with(base, factors, &values)
}

/// The parameters a design point sets: the scenario's own, with each factor at its
/// value. `None` where the setting is not valid (a value out of its allowed range, or
/// a switch-down threshold below the switch-up threshold).
pub fn params_with(base: &Params, factors: &[Factor], values: &[f64]) -> Option<Params> {
    let mut p = base.clone();
    for (f, v) in factors.iter().zip(values) {
        if !p.set(&f.path, *v) {
            return None;
        }
    }
    let mut problems = Problems::default();
    p.check(&mut problems);
    problems.is_empty().then_some(p)
}

/// The mean of each of the [`OUTCOMES`] at each design point (the values of
/// `factors`), over `runs` replications. Replication `r` runs with the same seed at
/// every point (common random numbers), derived from `root_seed` as in a compare.
/// Points are spread over `threads` workers; the result is the same for any number of
/// threads. `progress` is called once per point.
pub fn evaluate(
    scenario: &Scenario,
    root_seed: u64,
    factors: &[Factor],
    values: &[Vec<f64>],
    runs: u64,
    threads: usize,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<[f64; OUTCOMES.len()]>, BatchError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| BatchError::Threads {
            threads,
            message: e.to_string(),
        })?;
    let seeds: Vec<u64> = (0..runs)
        .map(|r| batch::replication_seed(root_seed, r))
        .collect();
    pool.install(|| {
        values
            .par_iter()
            .enumerate()
            .map(|(i, point)| {
                let params = params_with(&scenario.params, factors, point).ok_or_else(|| {
                    BatchError::Invalid(Said::new(
                        format!("design point {i} is not a valid setting"),
                        format!("ontwerppunt {i} is geen geldige instelling"),
                    ))
                })?;
                let mut at = scenario.clone();
                at.params = params;
                let mut sums = [0.0; OUTCOMES.len()];
                // In replication order, so the sums do not depend on the threads.
                for &seed in &seeds {
                    let summary = sim::run(&at, seed, &mut ());
                    for (sum, o) in sums.iter_mut().zip(OUTCOMES) {
                        *sum += summary.get(o.field()).unwrap_or(f64::NAN);
                    }
                }
                progress();
                Ok(sums.map(|s| s / runs as f64))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_cover_every_parameter_within_its_declared_range() {
        let declared = all_factors(Ranges::Declared);
        let span = all_factors(Ranges::Span(0.25));
        assert!(
            declared.len() > Params::describe().len(),
            "per-style tables give four each"
        );
        for f in &span {
            let d = declared
                .iter()
                .find(|d| d.path == f.path)
                .expect("declared too");
            assert!(
                d.lo <= f.lo && f.hi <= d.hi && f.lo <= f.default && f.default <= f.hi,
                "{f:?}"
            );
        }
        let base = Params::default();
        let defaults: Vec<f64> = span
            .iter()
            .map(|f| (f.default - f.lo) / (f.hi - f.lo))
            .collect();
        assert_eq!(params_at(&base, &span, &defaults), Some(base));
    }

    #[test]
    fn a_setting_that_breaks_the_hysteresis_is_refused() {
        let factors = vec![
            Factor {
                path: "params.member.mode_down.secure".into(),
                default: 0.6,
                lo: 0.3,
                hi: 0.9,
            },
            Factor {
                path: "params.member.mode_up.secure".into(),
                default: 0.4,
                lo: 0.2,
                hi: 0.6,
            },
        ];
        assert!(params_at(&Params::default(), &factors, &[0.0, 1.0]).is_none());
        assert!(params_at(&Params::default(), &factors, &[1.0, 0.0]).is_some());
    }
}
