//! One seeded run of a scenario: the model of [`crate::model`] driven by the event
//! queue of [`crate::engine`].
//!
//! - `run.rs`: the event loop, the member events and the team-level events;
//! - `clock.rs`: the team clock that generates member events by thinning;
//! - `team.rs`: the team's positions and climate;
//! - `interventions.rs`: scheduled interventions;
//! - `books.rs` and `record.rs`: what a run counts, observes and reports.
//!
//! A run starts with a burn-in (`params.member.burn_in_days`) under the scenario's
//! first leader, without scheduled events and without reporting, so that day 0 finds
//! the team in a state that belongs to it rather than in a start-up artefact.

mod books;
mod clock;
mod interventions;
mod record;
mod run;
mod team;

pub use books::WORKING_DAYS_PER_YEAR;
pub use record::{
    Counts, DAILY_METRICS, DAILY_SCALES, DailyRecord, MetricName, Outcome, SUMMARY_FIELDS,
    SUMMARY_SCALES, Scale, StyleSlice, Summary, daily_metric, field,
};
pub use run::{EventKind, MemberSnapshot, Observer, PositionState, run};
