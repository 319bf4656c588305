//! Verdicts on paired differences: is a difference between two leaders large enough
//! to matter, and is the batch sure of it?
//!
//! A difference "clear of noise" can still be too small to matter (with 1,000 paired
//! runs a difference of 0.1 points of Grow share is statistically clear and means
//! nothing to a team). Each compared outcome therefore has a documented *smallest
//! meaningful difference* ([`meaningful`]); docs/MODEL.md gives the reasoning. The
//! verdict compares the 95% confidence interval of the mean paired difference with
//! that threshold, as an equivalence test does (Lakens 2017, "Equivalence tests"):
//!
//! - the whole interval within +/- the threshold: **no meaningful difference**;
//! - the interval excludes zero and the mean is at least the threshold: **clearly
//!   better** or **clearly worse**, by the outcome's direction;
//! - anything else: **too close to call**, more runs narrow the interval.

use super::stats::Stats;
use crate::sim::Outcome;

/// Which way an outcome is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// More is better (safety, Grow share, learning).
    HigherIsBetter,
    /// Less is better (absence, departures, Doel 1 episodes).
    LowerIsBetter,
}

/// The smallest difference in an outcome that matters to a team.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    /// In the outcome's own unit.
    Absolute(f64),
    /// As a share of the reference leader's mean (for totals that scale with team size
    /// and horizon).
    Relative(f64),
}

/// An outcome compared pairwise: its direction and smallest meaningful difference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Meaningful {
    /// Which way is better.
    pub direction: Direction,
    /// The smallest difference that matters.
    pub threshold: Threshold,
}

/// The direction and smallest meaningful difference of an outcome compared in a batch
/// ([`super::DIFF_OUTCOMES`]). The reasoning for every value is in docs/MODEL.md
/// ("Reading a comparison").
pub fn meaningful(o: Outcome) -> Meaningful {
    use Direction::*;
    use Threshold::*;
    let (direction, threshold) = match o {
        // Half a between-team standard deviation of psychological safety (about 0.1
        // on the 0..1 scale).
        Outcome::Safety => (HigherIsBetter, Absolute(0.05)),
        // Two points of the team's time in Grow: about five working days a year.
        Outcome::GrowShare => (HigherIsBetter, Absolute(0.02)),
        Outcome::ProtectEpisodes => (LowerIsBetter, Absolute(0.5)),
        Outcome::ProtectEpisodeDays => (LowerIsBetter, Absolute(1.0)),
        Outcome::Trust => (HigherIsBetter, Absolute(0.05)),
        Outcome::Learning => (HigherIsBetter, Relative(0.05)),
        Outcome::AbsenceDays => (LowerIsBetter, Relative(0.10)),
        // Half a person leaving a year.
        Outcome::Departures => (LowerIsBetter, Absolute(0.5)),
        Outcome::Output => (HigherIsBetter, Relative(0.05)),
    };
    Meaningful {
        direction,
        threshold,
    }
}

impl Meaningful {
    /// The threshold in the outcome's unit, given the reference leader's mean.
    pub fn size(&self, reference_mean: f64) -> f64 {
        match self.threshold {
            Threshold::Absolute(x) => x,
            Threshold::Relative(r) => r * reference_mean.abs(),
        }
    }
}

/// What a paired difference says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Fewer than two runs: no interval.
    TooFewRuns,
    /// The whole 95% interval lies within the smallest meaningful difference.
    NoMeaningfulDifference,
    /// Clear of noise and at least the smallest meaningful difference, for the better.
    ClearlyBetter,
    /// Clear of noise and at least the smallest meaningful difference, for the worse.
    ClearlyWorse,
    /// The interval is too wide to say: run more.
    TooCloseToCall,
}

impl Verdict {
    /// The verdict on the paired differences `s` (variant minus reference) of an
    /// outcome with smallest meaningful difference `size` (in its unit).
    pub fn of(s: &Stats, m: &Meaningful, size: f64) -> Verdict {
        if s.n < 2 {
            return Verdict::TooFewRuns;
        }
        if s.ci_low >= -size && s.ci_high <= size {
            return Verdict::NoMeaningfulDifference;
        }
        let clear = s.ci_low > 0.0 || s.ci_high < 0.0;
        if clear && s.mean.abs() >= size {
            let up = s.mean > 0.0;
            let better = match m.direction {
                Direction::HigherIsBetter => up,
                Direction::LowerIsBetter => !up,
            };
            return if better {
                Verdict::ClearlyBetter
            } else {
                Verdict::ClearlyWorse
            };
        }
        Verdict::TooCloseToCall
    }

    /// The verdict of a code written by [`Verdict::code`].
    pub fn from_code(code: &str) -> Option<Verdict> {
        [
            Verdict::TooFewRuns,
            Verdict::NoMeaningfulDifference,
            Verdict::ClearlyBetter,
            Verdict::ClearlyWorse,
            Verdict::TooCloseToCall,
        ]
        .into_iter()
        .find(|v| v.code() == code)
    }

    /// A stable code for CSV files.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::TooFewRuns => "too-few-runs",
            Verdict::NoMeaningfulDifference => "no-meaningful-difference",
            Verdict::ClearlyBetter => "clearly-better",
            Verdict::ClearlyWorse => "clearly-worse",
            Verdict::TooCloseToCall => "too-close-to-call",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(mean: f64, lo: f64, hi: f64) -> Stats {
        Stats {
            n: 1000,
            mean,
            sd: 0.1,
            ci_low: lo,
            ci_high: hi,
            quantiles: None,
        }
    }

    #[test]
    fn a_difference_that_rounds_to_zero_is_not_clear() {
        let grow = meaningful(Outcome::GrowShare);
        // The case of the issue: -0.1 points of Grow, clear of noise, meaningless.
        let s = stats(-0.001, -0.0012, -0.0008);
        assert_eq!(
            Verdict::of(&s, &grow, 0.02),
            Verdict::NoMeaningfulDifference
        );
    }

    #[test]
    fn direction_decides_better_or_worse() {
        let grow = meaningful(Outcome::GrowShare);
        let absence = meaningful(Outcome::AbsenceDays);
        let up = stats(0.05, 0.04, 0.06);
        assert_eq!(Verdict::of(&up, &grow, 0.02), Verdict::ClearlyBetter);
        assert_eq!(Verdict::of(&up, &absence, 0.02), Verdict::ClearlyWorse);
        let down = stats(-0.05, -0.06, -0.04);
        assert_eq!(Verdict::of(&down, &grow, 0.02), Verdict::ClearlyWorse);
        assert_eq!(Verdict::of(&down, &absence, 0.02), Verdict::ClearlyBetter);
    }

    #[test]
    fn a_wide_interval_is_too_close_to_call() {
        let grow = meaningful(Outcome::GrowShare);
        assert_eq!(
            Verdict::of(&stats(0.01, -0.03, 0.05), &grow, 0.02),
            Verdict::TooCloseToCall
        );
        // Clear of zero but smaller than what matters, and not sure to be below it.
        assert_eq!(
            Verdict::of(&stats(0.015, 0.005, 0.025), &grow, 0.02),
            Verdict::TooCloseToCall
        );
        let mut one = stats(0.5, 0.5, 0.5);
        one.n = 1;
        assert_eq!(Verdict::of(&one, &grow, 0.02), Verdict::TooFewRuns);
    }

    #[test]
    fn a_relative_threshold_scales_with_the_reference() {
        assert!((meaningful(Outcome::Learning).size(200.0) - 10.0).abs() < 1e-9);
    }
}
