//! Simulation time, measured in working days.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Sub};

/// A point in simulation time, in working days since the start of the run.
///
/// Time is continuous. `Day` is a finite, non-negative `f64`; the constructor
/// enforces this so that the total order below is sound.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Day(f64);

impl Day {
    /// The start of every run.
    pub const ZERO: Day = Day(0.0);

    /// Wraps a number of days.
    ///
    /// # Panics
    /// Panics if `days` is negative or not finite: that is a programming error,
    /// because scenario input is validated before it becomes a `Day`.
    pub fn new(days: f64) -> Self {
        assert!(
            days.is_finite() && days >= 0.0,
            "Day must be finite and non-negative, got {days}"
        );
        Day(days)
    }

    /// The number of days as a float.
    pub fn get(self) -> f64 {
        self.0
    }

    /// Days elapsed since `earlier` (zero if `earlier` is later).
    pub fn since(self, earlier: Day) -> f64 {
        (self.0 - earlier.0).max(0.0)
    }
}

impl Eq for Day {}

impl PartialOrd for Day {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Day {
    fn cmp(&self, other: &Self) -> Ordering {
        // The same order as `f64::total_cmp`, with less work: a `Day` is finite and
        // not below -0.0, and for such values the bit patterns read as signed integers
        // already order correctly (total_cmp's flip only changes negative values, and
        // -0.0, the only one possible here, sorts first either way). The engine compares
        // times at every event.
        (self.0.to_bits() as i64).cmp(&(other.0.to_bits() as i64))
    }
}

impl Add<f64> for Day {
    type Output = Day;
    fn add(self, rhs: f64) -> Day {
        Day::new(self.0 + rhs)
    }
}

impl Sub for Day {
    type Output = f64;
    fn sub(self, rhs: Day) -> f64 {
        self.0 - rhs.0
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_value() {
        assert!(Day::new(1.0) < Day::new(1.5));
        assert_eq!(Day::new(2.0).since(Day::new(0.5)), 1.5);
        assert_eq!(Day::new(0.5).since(Day::new(2.0)), 0.0);
    }

    #[test]
    fn orders_exactly_as_total_cmp() {
        let values = [
            -0.0,
            0.0,
            f64::MIN_POSITIVE / 4.0,
            f64::MIN_POSITIVE,
            1e-300,
            0.5,
            1.0,
            1.0 + f64::EPSILON,
            359.999,
            360.0,
            1e300,
            f64::MAX,
        ];
        for a in values {
            for b in values {
                assert_eq!(Day::new(a).cmp(&Day::new(b)), a.total_cmp(&b), "{a} vs {b}");
            }
        }
    }

    #[test]
    #[should_panic]
    fn rejects_negative() {
        let _ = Day::new(-1.0);
    }
}
