//! The scenario file as written: serde types that mirror the TOML, nothing checked yet.

//!
//! The same types describe the format to editors: `teamsim schema` derives a JSON
//! Schema from them (see [`super::schema`]), so the `schemars(range(..))` attributes
//! below name the same limits that [`super::Scenario::from_raw`] checks; a test in
//! `schema.rs` probes every one of them against the validation.

use super::{
    MAX_AVAILABILITY, MAX_HORIZON, MAX_RUNS, MAX_SEVERITY, MAX_TEAM, MIN_DURATION, MIN_TEAM,
};
use crate::model::{AttachmentStyle, Params, Quadrant, StyleTable};
use schemars::JsonSchema;
use serde::Deserialize;

/// Names an event or intervention `kind` may also be given (English spellings and
/// Dutch names), beside the kebab-case name of the variant. Each is a serde `alias`
/// on its variant below; this list tells the schema, and a test checks the two agree.
pub const KIND_ALIASES: &[(&str, &str)] = &[
    ("druk", "pressure"),
    ("reorganization", "reorganisation"),
    ("change", "reorganisation"),
    ("reorganisatie", "reorganisation"),
    ("nieuwe-leider", "leader-replacement"),
    ("teamsessie", "team-session"),
    ("teamwissel", "composition"),
    ("leader-away", "leader-absence"),
    ("leider-afwezig", "leader-absence"),
];

/// A scenario file as parsed, before validation.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Name of the scenario; also names the output directory.
    pub name: String,
    /// Free text shown in reports.
    #[serde(default)]
    pub description: String,
    /// The same text in Dutch, shown in Dutch reports instead of `description`.
    pub description_nl: Option<String>,
    /// Root seed (default 1).
    pub seed: Option<u64>,
    /// Length of the run in working days (default 240).
    #[schemars(range(min = 1.0, max = MAX_HORIZON))]
    pub horizon: Option<f64>,
    /// Days between observations (default 1).
    #[schemars(range(min = MIN_DURATION, max = MAX_HORIZON))]
    pub observe_every: Option<f64>,
    /// The team.
    pub team: RawTeam,
    /// The leader.
    pub leader: RawLeader,
    /// Things that happen to the team.
    #[serde(default)]
    pub events: Vec<RawEvent>,
    /// Things done on purpose.
    #[serde(default)]
    pub interventions: Vec<RawIntervention>,
    /// Model parameters that differ from the defaults.
    #[serde(default)]
    pub params: Params,
    /// What `teamsim compare` compares, if not the four quadrants.
    pub compare: Option<RawCompare>,
}

/// The `[compare]` table: defaults for `teamsim compare`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCompare {
    /// Runs per variant.
    #[schemars(range(min = 1, max = MAX_RUNS))]
    pub runs: Option<i64>,
    /// Named leader variants instead of the four quadrants.
    #[serde(default)]
    pub variants: Vec<RawVariant>,
}

/// One `[[compare.variants]]` entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    /// Name shown in outputs.
    pub name: String,
    /// A quadrant, instead of caring and daring.
    pub quadrant: Option<Quadrant>,
    /// Caring.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub caring: Option<f64>,
    /// Daring.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub daring: Option<f64>,
    /// Availability (default: the scenario leader's).
    #[schemars(range(min = 0.0, max = MAX_AVAILABILITY))]
    pub availability: Option<f64>,
}

/// How a team's styles are drawn from a mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Draw {
    /// Deterministic apportionment of the mix (largest remainder): the same team in every run.
    #[default]
    Proportional,
    /// Each member's style drawn at random from the mix in every run.
    Random,
}

/// The `[team]` table.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    /// Number of members (default 12, or the number of listed members).
    #[schemars(range(min = MIN_TEAM, max = MAX_TEAM))]
    pub size: Option<i64>,
    /// Attachment mix for the team and for newcomers; defaults to the population norm.
    #[serde(default)]
    #[schemars(schema_with = "super::schema::mix")]
    pub mix: Option<StyleTable<f64>>,
    /// How styles are drawn from the mix.
    #[serde(default)]
    pub draw: Draw,
    /// An explicit list of members instead of a mix.
    pub members: Option<Vec<RawMember>>,
}

/// One `[[team.members]]` entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMember {
    /// Attachment style.
    pub style: AttachmentStyle,
    /// How many members of this kind (default 1).
    #[schemars(range(min = 1, max = MAX_TEAM))]
    pub count: Option<i64>,
    /// Starting safety (default: the resting level for the style).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub safety: Option<f64>,
    /// Starting trust in the leader (default `params.member.initial_trust`).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub trust: Option<f64>,
    /// Starting competence (default `params.member.initial_competence`).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub competence: Option<f64>,
}

/// The `[leader]` table.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLeader {
    /// A named quadrant, instead of caring and daring.
    pub quadrant: Option<Quadrant>,
    /// Caring, 0..=1.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub caring: Option<f64>,
    /// Daring, 0..=1.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub daring: Option<f64>,
    /// Contacts per member per day (default 0.4).
    #[schemars(range(min = 0.0, max = MAX_AVAILABILITY))]
    pub availability: Option<f64>,
    /// Drop of caring at full pressure (default 0.3).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub pressure_sensitivity: Option<f64>,
    /// Drop of availability at full pressure (default 0.3).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub availability_pressure_drop: Option<f64>,
    /// Share of challenges that become control at full pressure (default 0.5).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub crisis_control: Option<f64>,
}

/// One `[[events]]` entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum RawEvent {
    /// A pressure peak (deadline, crunch).
    #[serde(alias = "druk")]
    Pressure {
        /// Start day.
        #[schemars(range(min = 0.0, max = MAX_HORIZON))]
        day: f64,
        /// Length in days.
        #[schemars(range(min = MIN_DURATION, max = MAX_HORIZON))]
        duration: f64,
        /// Pressure level, 0..=1.
        #[schemars(range(min = 0.0, max = 1.0))]
        level: f64,
    },
    /// A reorganisation or other unpredictable change.
    #[serde(alias = "reorganization", alias = "change", alias = "reorganisatie")]
    Reorganisation {
        /// Day it is announced.
        #[schemars(range(min = 0.0, max = MAX_HORIZON))]
        day: f64,
        /// Multiplier on the default shock (default 1).
        #[schemars(range(min = 0.0, max = MAX_SEVERITY))]
        severity: Option<f64>,
    },
    /// The leader is away (leave, a long illness) for a stretch of days: no contacts,
    /// no answers, no meetings.
    #[serde(alias = "leader-away", alias = "leider-afwezig")]
    LeaderAbsence {
        /// First day away.
        #[schemars(range(min = 0.0, max = MAX_HORIZON))]
        day: f64,
        /// Days away.
        #[schemars(range(min = MIN_DURATION, max = MAX_HORIZON))]
        duration: f64,
    },
}

/// One `[[interventions]]` entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum RawIntervention {
    /// Leader coaching: caring and daring move linearly to a target over a window.
    Coaching {
        /// Start day.
        #[schemars(range(min = 0.0, max = MAX_HORIZON))]
        day: f64,
        /// Days over which the leader changes (0: at once).
        #[schemars(range(min = 0.0, max = MAX_HORIZON))]
        duration: f64,
        /// Target quadrant, instead of caring and daring.
        quadrant: Option<Quadrant>,
        /// Target caring.
        #[schemars(range(min = 0.0, max = 1.0))]
        caring: Option<f64>,
        /// Target daring.
        #[schemars(range(min = 0.0, max = 1.0))]
        daring: Option<f64>,
    },
    /// A new leader takes over.
    #[serde(alias = "nieuwe-leider")]
    LeaderReplacement {
        /// Day of the handover.
        #[schemars(range(min = 0.0, max = MAX_HORIZON))]
        day: f64,
        /// The new leader's quadrant, instead of caring and daring.
        quadrant: Option<Quadrant>,
        /// The new leader's caring.
        #[schemars(range(min = 0.0, max = 1.0))]
        caring: Option<f64>,
        /// The new leader's daring.
        #[schemars(range(min = 0.0, max = 1.0))]
        daring: Option<f64>,
        /// The new leader's availability (default: as before).
        #[schemars(range(min = 0.0, max = MAX_AVAILABILITY))]
        availability: Option<f64>,
    },
    /// A team session: the undercurrent is talked through.
    #[serde(alias = "teamsessie")]
    TeamSession {
        /// Day of the session.
        #[schemars(range(min = 0.0, max = MAX_HORIZON))]
        day: f64,
    },
    /// Members leave and join at once (a merger, a split, a transfer).
    #[serde(alias = "teamwissel")]
    Composition {
        /// Day of the change.
        #[schemars(range(min = 0.0, max = MAX_HORIZON))]
        day: f64,
        /// How many members (or open positions) leave, chosen at random.
        #[serde(default)]
        #[schemars(range(min = 0, max = MAX_TEAM))]
        leave: i64,
        /// Who joins.
        #[serde(default)]
        join: Vec<RawMember>,
    },
}
