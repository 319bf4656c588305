//! The team model: members, the leader, their parameters and how members respond to
//! events. Pure: no I/O, no clock, no randomness of its own (callers pass in what was
//! drawn).

pub mod exp;
pub mod leader;
pub mod member;
pub mod names;
pub mod params;
pub mod respond;
pub mod style;
pub mod uncertainty;

pub use leader::{Leader, Quadrant};
pub use member::{Coping, Disposition, Member, Switch};
pub use params::{ParamDefault, ParamInfo, Params};
pub use style::{AttachmentStyle, Mode, StyleTable};
pub use uncertainty::Uncertainty;
