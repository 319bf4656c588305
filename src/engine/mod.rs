//! The discrete-event kernel: simulation time and a time-ordered event queue.
//!
//! The kernel knows nothing about teams. Events are ordered by `(time, sequence)`:
//! two events scheduled for the same instant run in the order they were scheduled,
//! so a run is a pure function of its inputs and its seed.

mod queue;
mod time;

pub use queue::{EventQueue, Scheduled};
pub use time::Day;
