//! teamsim: a discrete-event simulator of team dynamics under secure base leadership.
//!
//! Members with attachment styles move between Doel 1 (Protect) and Doel 2 (Grow);
//! leaders sit on the caring/daring grid. The design is in `MODEL.md` (shared) and
//! `docs/`.
//!
//! Layers, from the inside out: [`engine`] (time and the event queue), [`model`]
//! (members, leader, parameters: pure), [`sim`] (one seeded run of a scenario),
//! [`scenario`] (files and validation), [`batch`] (many seeded runs in parallel,
//! streaming statistics), [`output`] (CSV and atomic files), [`workshop`] (the grid of
//! runs and the offline page of `teamsim workshop`) and [`app`] (the commands behind the
//! binary).
#![warn(missing_docs)]

pub mod app;
pub mod batch;
pub mod chart;
pub(crate) mod crash;
pub mod engine;
pub mod explore;
pub mod lang;
pub mod model;
pub mod output;
pub mod problem;
pub mod scenario;
pub mod sensitivity;
pub mod sim;
pub mod validation;
pub mod workshop;
