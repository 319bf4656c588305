//! The team clock: member-level Poisson processes by thinning.
//!
//! One clock fires at the sum of upper bounds on every member process's rate, for every
//! position. Each firing picks a position and a process in proportion to the bounds; the
//! simulation then accepts it with probability `rate / bound`, using the member's state
//! at that instant. This is exact for state-dependent rates and keeps the event queue
//! small, so an event costs O(log q) with q independent of team size.

use crate::model::{AttachmentStyle, Params, StyleTable};

/// The member-level processes run by the team clock, in the order of the bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Process {
    LeaderContact,
    PeerContact,
    Setback,
    SickLeave,
    Resignation,
    SupportRequest,
    LifeEvent,
}

const PROCESSES: [Process; 7] = [
    Process::LeaderContact,
    Process::PeerContact,
    Process::Setback,
    Process::SickLeave,
    Process::Resignation,
    Process::SupportRequest,
    Process::LifeEvent,
];

/// A firing of the clock: a position, a process, and where the draw fell within the
/// process's bound (uniform on `[0, bound)`), for the acceptance test `within < rate`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Candidate {
    pub position: usize,
    pub process: Process,
    pub within: f64,
}

/// Upper bounds of the member processes' rates, per style.
#[derive(Debug, Clone)]
pub(super) struct Bounds {
    /// Per style, where each process's bound ends when they are laid end to end in
    /// [`PROCESSES`] order: the running sums, added in that order (so a candidate's
    /// process and `within` are the bits a running sum at every firing would give).
    ends: StyleTable<[f64; 7]>,
    /// The largest total of a style's bounds: the clock runs at this rate per position.
    pub sum: f64,
}

/// The bounds of one style's processes, in [`PROCESSES`] order.
fn style_bounds(params: &Params, max_availability: f64, style: AttachmentStyle) -> [f64; 7] {
    let mp = &params.member;
    let can_seek = matches!(style, AttachmentStyle::Anxious | AttachmentStyle::Fearful);
    [
        max_availability,
        params.peer.rate * mp.protect_peer_multiplier.get(style).max(1.0),
        params.setback.base_rate * 2.0,
        params.absence.base_hazard + params.absence.strain_hazard,
        params.turnover.base_hazard + params.turnover.distress_hazard,
        if can_seek {
            params.attachment.request_rate
        } else {
            0.0
        },
        mp.life_event_rate,
    ]
}

impl Bounds {
    /// Bounds for a run of `params` whose leader is never more available than
    /// `max_availability`. A style whose members never seek the leader gets no request
    /// candidates, and the peer bound is the style's own largest rate, so fewer
    /// candidates are drawn only to be rejected.
    pub fn new(params: &Params, max_availability: f64) -> Self {
        let of = |style| style_bounds(params, max_availability, style);
        let per_style = StyleTable::new(
            of(AttachmentStyle::Secure),
            of(AttachmentStyle::Anxious),
            of(AttachmentStyle::Avoidant),
            of(AttachmentStyle::Fearful),
        );
        let sum = per_style
            .iter()
            .map(|(_, b)| b.iter().sum::<f64>())
            .fold(0.0, f64::max);
        let running = |bounds: &[f64; 7]| {
            let mut start = 0.0;
            bounds.map(|bound| {
                start += bound;
                start
            })
        };
        let ends = StyleTable::new(
            running(per_style.get(AttachmentStyle::Secure)),
            running(per_style.get(AttachmentStyle::Anxious)),
            running(per_style.get(AttachmentStyle::Avoidant)),
            running(per_style.get(AttachmentStyle::Fearful)),
        );
        Bounds { ends, sum }
    }

    /// The candidate for a uniform draw `u` in [0, 1) over `positions` positions, if the
    /// draw falls within the bounds of the style holding the picked position.
    ///
    /// One uniform draw does three jobs: its integer part (times the team size) picks
    /// the position, the rest picks the process by its bound, and where it falls within
    /// that bound decides acceptance; each step leaves what remains uniform. This saves
    /// two of three random draws per candidate (ChaCha refills were a tenth of a run),
    /// and at 53 bits the acceptance draw still has more than 45.
    #[inline(always)] // once per firing, from one place: the event loop
    pub fn candidate(
        &self,
        u: f64,
        positions: usize,
        style_at: impl Fn(usize) -> Option<AttachmentStyle>,
    ) -> Option<Candidate> {
        let scaled = u * positions as f64;
        let position = super::team::index_below(scaled, positions);
        let style = style_at(position)?;
        // Beyond the style's total bound the candidate is rejected before the member is
        // touched, and before the walk along the bounds (nearly a third of all firings in
        // the baseline: a secure member's bounds add up to two thirds of an anxious one's).
        let pick = (scaled - position as f64) * self.sum;
        let ends = self.ends.get(style);
        if pick >= ends[6] {
            return None;
        }
        let mut start = 0.0;
        for (k, &end) in ends.iter().enumerate() {
            if pick < end {
                return Some(Candidate {
                    position,
                    process: PROCESSES[k],
                    within: pick - start,
                });
            }
            start = end;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_fall_in_proportion_to_the_bounds() {
        let params = Params::default();
        let b = Bounds::new(&params, 0.4);
        let n = 200_000;
        let mut contacts = 0;
        for k in 0..n {
            let u = (k as f64 + 0.5) / n as f64;
            if let Some(c) = b.candidate(u, 1, |_| Some(AttachmentStyle::Anxious)) {
                assert!(c.within >= 0.0);
                if c.process == Process::LeaderContact {
                    assert!(c.within < 0.4);
                    contacts += 1;
                }
            }
        }
        let share = contacts as f64 / n as f64;
        assert!((share - 0.4 / b.sum).abs() < 1e-3, "{share}");
    }

    #[test]
    fn candidates_are_those_of_a_running_sum_at_every_firing() {
        // The bounds summed afresh at each draw, in order, give the process and `within`;
        // the precomputed ends must give the same bits.
        let params = Params::default();
        let b = Bounds::new(&params, 0.4);
        for style in [
            AttachmentStyle::Secure,
            AttachmentStyle::Anxious,
            AttachmentStyle::Avoidant,
            AttachmentStyle::Fearful,
        ] {
            let bounds = style_bounds(&params, 0.4, style);
            let n = 50_000;
            for k in 0..n {
                let u = (k as f64 + 0.37) / n as f64;
                let pick = u * b.sum;
                let mut start = 0.0;
                let mut expected = None;
                for (m, bound) in bounds.iter().enumerate() {
                    if pick < start + bound {
                        expected = Some((PROCESSES[m], (pick - start).to_bits()));
                        break;
                    }
                    start += bound;
                }
                let got = b
                    .candidate(u, 1, |_| Some(style))
                    .map(|c| (c.process, c.within.to_bits()));
                assert_eq!(got, expected, "{style:?} at {u}");
            }
        }
    }

    #[test]
    fn secure_members_get_no_request_candidates() {
        let b = Bounds::new(&Params::default(), 0.4);
        let n = 100_000;
        for k in 0..n {
            let u = (k as f64 + 0.5) / n as f64;
            if let Some(c) = b.candidate(u, 3, |_| Some(AttachmentStyle::Secure)) {
                assert_ne!(c.process, Process::SupportRequest);
            }
        }
    }
}
