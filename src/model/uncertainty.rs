//! The team's uncertainty (MODEL.md 8.1.2): unpredictability and a lack of clarity,
//! which trigger Doel 1 in everyone in proportion to their threat sensitivity (seed 004:
//! "onvoorspelbaarheid en een gebrek aan duidelijkheid"). Change raises it; the
//! leader's daring (decisions, direction: seed 001) and presence make it fade. Caring
//! comforts, it does not remove unpredictability.

use super::params::UncertaintyParams;

/// The team's uncertainty, 0..=1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Uncertainty {
    level: f64,
}

impl Uncertainty {
    /// The current level.
    pub fn level(&self) -> f64 {
        self.level
    }

    /// A change adds `amount * (1 - level)`: the team cannot be more than wholly unsure.
    pub fn raise(&mut self, amount: f64) {
        self.level = (self.level + amount.max(0.0) * (1.0 - self.level)).clamp(0.0, 1.0);
    }

    /// Fades for `days` at `rate` per day.
    pub fn fade(&mut self, days: f64, rate: f64) {
        self.level *= super::exp::exp(-rate * days);
    }
}

/// The rate (per day) at which uncertainty fades under a leader with `daring` whose
/// contacts meet the members' need for presence to the share `presence` (0..=1).
pub fn fade_rate(p: &UncertaintyParams, daring: f64, presence: f64) -> f64 {
    p.base_fade + p.clarity * daring * presence
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daring_and_presence_bring_clarity_caring_does_not_enter() {
        let p = UncertaintyParams::default();
        let bold = fade_rate(&p, 0.8, 1.0);
        let timid = fade_rate(&p, 0.2, 1.0);
        let absent = fade_rate(&p, 0.8, 0.2);
        assert!(bold > timid && bold > absent);
        assert_eq!(fade_rate(&p, 0.0, 1.0), p.base_fade);
    }

    #[test]
    fn raising_saturates_and_fading_is_exponential() {
        let mut u = Uncertainty::default();
        u.raise(0.5);
        u.raise(0.5);
        assert!((u.level() - 0.75).abs() < 1e-12);
        u.fade(10.0, 0.1);
        assert!((u.level() - 0.75 * (-1.0f64).exp()).abs() < 1e-12);
    }
}
