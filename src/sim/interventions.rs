//! Scheduled interventions: coaching of the leader, a new leader, a team session, and
//! changes of the team's composition.

use super::run::{Event, Ramp, Sim};
use super::team::Presence;
use crate::engine::Day;
use crate::model::respond;
use crate::scenario::Intervention;
use rand::Rng;

impl Sim<'_> {
    pub(super) fn intervention(&mut self, now: Day, index: usize) {
        self.books.counts.interventions += 1;
        let p = self.params;
        match &self.scenario.interventions[index] {
            Intervention::Coaching {
                duration,
                caring,
                daring,
                ..
            } => {
                let current = self.lead.at(now);
                if *duration <= 0.0 {
                    self.lead.leader.caring = *caring;
                    self.lead.leader.daring = *daring;
                    self.lead.ramp = None;
                } else {
                    self.lead.ramp = Some(Ramp {
                        start: now,
                        end: now + *duration,
                        from: (current.caring, current.daring),
                        to: (*caring, *daring),
                    });
                    self.ctx.queue.schedule(now + *duration, Event::CoachingEnd);
                }
            }
            Intervention::LeaderReplacement {
                caring,
                daring,
                availability,
                ..
            } => {
                // Everyone up to now under the old leader, then the new one takes over.
                self.advance_all(now);
                self.lead.ramp = None;
                self.lead.leader.caring = *caring;
                self.lead.leader.daring = *daring;
                if let Some(a) = availability {
                    self.lead.leader.availability = *a;
                }
                // The new leader is there, whether or not the one they replace was away.
                self.lead.sick = false;
                self.lead.absences = 0;
                self.lead.generation += 1;
                self.lead.refresh();
                self.team.uncertainty.raise(p.uncertainty.new_leader);
                for i in 0..self.team.slots.len() {
                    if self.team.is_occupied(i) {
                        respond::new_leader(&mut self.team.slots[i].member, p);
                        self.settle(i, now);
                    }
                }
            }
            Intervention::TeamSession { .. } => {
                self.team.undercurrent *= 1.0 - p.intervention.session_release;
                for i in 0..self.team.slots.len() {
                    if self.team.is_present(i) {
                        self.advance(i, now);
                        respond::team_session(&mut self.team.slots[i].member, p);
                        self.settle(i, now);
                    }
                }
            }
            Intervention::Composition { leave, join, .. } => {
                // Positions that leave are drawn uniformly from the current positions.
                let mut positions: Vec<usize> = (0..self.team.slots.len())
                    .filter(|&i| self.team.slots[i].presence != Presence::Removed)
                    .collect();
                let leaving = (*leave).min(positions.len());
                // Uncertainty comes from people who leave or join (docs/MODEL.md 7.6); a
                // vacant position that is cut takes nobody with it.
                let mut people_left = 0;
                for k in 0..leaving {
                    let pick = self.ctx.rng.random_range(k..positions.len());
                    positions.swap(k, pick);
                    let i = positions[k];
                    if self.team.is_occupied(i) {
                        self.books.counts.transfers_out += 1;
                        people_left += 1;
                    }
                    self.vacate(i, now, Presence::Removed);
                }
                for newcomer in join {
                    let Some(i) = self
                        .team
                        .slots
                        .iter()
                        .position(|s| s.presence == Presence::Removed)
                    else {
                        break; // cannot happen: slots are sized for every join
                    };
                    self.join(i, newcomer, now);
                    self.books.counts.transfers_in += 1;
                }
                let changed = (people_left + join.len()) as f64;
                self.team
                    .uncertainty
                    .raise((p.uncertainty.composition * changed).min(1.0));
            }
        }
    }
}
