//! The team's state during a run: its positions and who holds them, and the team-level
//! climate (undercurrent, uncertainty, learning).

use crate::engine::Day;
use crate::model::{Member, Uncertainty};

/// Where a position in the team stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Presence {
    /// At work.
    Present,
    /// On sick leave since a time.
    Absent { since: Day },
    /// Open after a resignation.
    Vacant,
    /// Not a position of the team (yet, or any more): room for composition changes.
    Removed,
}

/// A position in the team and the member who holds it.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    pub member: Member,
    pub presence: Presence,
    /// Time up to which `member` has been relaxed.
    pub updated: Day,
    /// Bumped whenever the occupant changes, so that events of a former occupant lapse.
    pub generation: u32,
    /// Last time the member received support (for separation protest).
    pub last_support: Day,
    pub protesting: bool,
    /// When the current Protect episode began (meaningful only in Protect).
    pub protect_since: Day,
    /// When the current holder's time in the position began (or day 0, if later).
    pub tenure_start: Day,
}

impl Slot {
    /// A position held by `member` from `now`.
    pub fn held(member: Member, now: Day) -> Self {
        Slot {
            member,
            presence: Presence::Present,
            updated: now,
            generation: 0,
            last_support: now,
            protesting: false,
            protect_since: now,
            tenure_start: now,
        }
    }
}

/// The team: positions, and what belongs to the team rather than to one member.
#[derive(Debug, Clone)]
pub(super) struct Team {
    pub slots: Vec<Slot>,
    /// Unvoiced concerns.
    pub undercurrent: f64,
    /// Unpredictability and lack of clarity.
    pub uncertainty: Uncertainty,
    /// Learning of the whole team since day 0, including members who left.
    pub learning: f64,
}

impl Team {
    /// Whether position `i` has a holder (at work or on sick leave).
    pub fn is_occupied(&self, i: usize) -> bool {
        matches!(
            self.slots[i].presence,
            Presence::Present | Presence::Absent { .. }
        )
    }

    /// Whether the holder of position `i` is at work.
    pub fn is_present(&self, i: usize) -> bool {
        self.slots[i].presence == Presence::Present
    }

    /// A position other than `i`, uniformly, from a uniform draw `u` in [0, 1).
    pub fn other_than(&self, i: usize, u: f64) -> usize {
        let n = self.slots.len();
        let j = index_below(u * (n - 1) as f64, n - 1);
        if j >= i { j + 1 } else { j }
    }

    /// Members `i` and `j` (distinct), both mutably.
    pub fn pair_mut(&mut self, i: usize, j: usize) -> (&mut Member, &mut Member) {
        debug_assert_ne!(i, j);
        if i < j {
            let (a, b) = self.slots.split_at_mut(j);
            (&mut a[i].member, &mut b[0].member)
        } else {
            let (a, b) = self.slots.split_at_mut(i);
            (&mut b[0].member, &mut a[j].member)
        }
    }
}

/// The integer part of `x` (>= 0) as an index below `len` (>= 1), at most `len - 1`.
///
/// Through a signed conversion: x86-64 has one instruction for float to signed integer
/// but none for float to unsigned, which takes a dozen (the team clock converts at every
/// firing). For `x` in `[0, len)` the result is the same as `(x as usize).min(len - 1)`.
#[inline]
pub(super) fn index_below(x: f64, len: usize) -> usize {
    (x as i64).clamp(0, len as i64 - 1) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_below_equals_the_unsigned_conversion_inside_the_range() {
        for len in [1usize, 2, 11, 12, 500] {
            for k in 0..10_000 {
                let x = k as f64 / 10_000.0 * len as f64;
                assert_eq!(
                    index_below(x, len),
                    (x as usize).min(len - 1),
                    "{x} of {len}"
                );
            }
            assert_eq!(index_below(len as f64, len), len - 1);
            assert_eq!(index_below(f64::NAN, len), 0);
            assert_eq!(index_below(-3.0, len), 0);
        }
    }
}
