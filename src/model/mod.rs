//! The team model: members, the leader and their parameters. Pure: no I/O, no clock,
//! no randomness of its own (callers pass in what was drawn).

pub mod leader;
pub mod member;
pub mod params;
pub mod style;

pub use leader::{Leader, Quadrant};
pub use member::{Coping, Member};
pub use params::{ParamInfo, Params};
pub use style::{AttachmentStyle, Mode, StyleTable};
