//! Scenario files: parsing (TOML, unknown fields rejected) and validation into a
//! [`Scenario`] whose every value is in range.
//!
//! Loading has two stages, as in `RawConfig -> Config`: [`raw::RawScenario`] mirrors the
//! file; [`Scenario::from_raw`] checks every field and collects every problem with
//! its path, so a user sees all of them at once.

pub mod bundled;
pub mod raw;
pub mod schema;
mod shape;
mod source;

use crate::lang::{Lang, count};
use crate::model::{AttachmentStyle, Leader, Params, Quadrant, StyleTable};
use crate::problem::{Problem, Problems, Said, out_of_range};
pub use raw::Draw;
use raw::{RawEvent, RawIntervention, RawLeader, RawMember, RawScenario};
pub(crate) use shape::{suggestion, suggestion_nl};
pub use source::{ScenarioSource, hex_sha256};
use std::path::{Path, PathBuf};

/// Smallest allowed team.
pub const MIN_TEAM: i64 = 2;
/// Largest allowed team.
pub const MAX_TEAM: i64 = 500;
/// Longest allowed horizon in working days (ten working years).
pub const MAX_HORIZON: f64 = 2400.0;
/// Largest scenario file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// Most observations a run may record (horizon / observe_every).
pub const MAX_OBSERVATIONS: f64 = 100_000.0;
/// Shortest allowed pressure peak, and shortest time between observations, in days.
pub const MIN_DURATION: f64 = 0.01;
/// Largest allowed severity of a reorganisation (a multiplier on the default shock).
pub const MAX_SEVERITY: f64 = 4.0;
/// Default horizon: one working year.
pub const DEFAULT_HORIZON: f64 = 240.0;
/// Default team size.
pub const DEFAULT_TEAM: i64 = 12;

/// The default attachment mix: the AAI norm of Bakermans-Kranenburg & van IJzendoorn
/// (2009): 58% secure, 23% dismissing, 19% preoccupied, 18% also unresolved. The
/// unresolved share becomes fearful and the other three are scaled by 0.82.
pub const DEFAULT_MIX: StyleTable<f64> = StyleTable::new(0.48, 0.15, 0.19, 0.18);

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("{}: cannot read the scenario: {cause}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        cause: std::io::Error,
    },
    /// The file is larger than a scenario can be.
    #[error("{}: the file holds more than {MAX_FILE_BYTES} bytes (1 MiB), the most a scenario file may hold", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Bytes read before giving up.
        size: u64,
    },
    /// The file is not valid TOML, or has unknown fields or wrong types.
    #[error("{}: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The file parses but values are out of range or inconsistent.
    #[error("{}", problem_list(path, problems, Lang::En))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Everything found wrong.
        problems: Vec<Problem>,
    },
}

impl ScenarioError {
    /// The error as a facilitator reads it in `lang` (its `Display` is the English).
    /// What the operating system or the TOML reader says stays in their words, after a
    /// lead in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ScenarioError::Read { path, cause } => {
                let why = match cause.kind() {
                    std::io::ErrorKind::NotFound => "het bestand bestaat niet".to_string(),
                    std::io::ErrorKind::PermissionDenied => {
                        "geen toestemming om het te lezen".to_string()
                    }
                    // Our own words in source.rs: "not UTF-8 text (invalid byte at offset N)".
                    std::io::ErrorKind::InvalidData
                        if cause.to_string().starts_with("not UTF-8") =>
                    {
                        let at = cause.to_string();
                        let offset = at
                            .rsplit("offset ")
                            .next()
                            .unwrap_or("")
                            .trim_end_matches(')');
                        format!(
                            "het is geen UTF-8-tekst (ongeldige byte op positie {offset}); sla het bestand op als UTF-8"
                        )
                    }
                    _ => format!("{cause}"),
                };
                format!(
                    "{}: het scenario kan niet gelezen worden: {why}",
                    path.display()
                )
            }
            ScenarioError::TooLarge { path, .. } => format!(
                "{}: het bestand is groter dan {MAX_FILE_BYTES} bytes (1 MiB); groter mag een scenariobestand niet zijn",
                path.display()
            ),
            ScenarioError::Syntax { path, message } => {
                format!("{}: {}", path.display(), syntax_message_nl(message))
            }
            ScenarioError::Invalid { path, problems } => problem_list(path, problems, lang),
        }
    }
}

/// "FILE: N problems:" and the problems one per line, in `lang`.
fn problem_list(path: &Path, problems: &[Problem], lang: Lang) -> String {
    let n = problems.len();
    let noun = match (lang, n == 1) {
        (Lang::En, true) => "problem",
        (Lang::En, false) => "problems",
        (Lang::Nl, true) => "probleem",
        (Lang::Nl, false) => "problemen",
    };
    let lines: Vec<String> = problems
        .iter()
        .map(|p| format!("  {}", p.render(lang)))
        .collect();
    format!("{}: {n} {noun}:\n{}", path.display(), lines.join("\n"))
}

/// The TOML reader's message with a Dutch lead: "TOML parse error at line 3, column 5"
/// becomes "geen geldige TOML op regel 3, kolom 5"; the reader's own explanation below
/// the marked line stays in English, and says so.
fn syntax_message_nl(message: &str) -> String {
    let message = message.replace(
        DATE_NOT_ALLOWED,
        "hier kan geen datum staan (schrijf een aantal werkdagen)",
    );
    let (first, rest) = message.split_once('\n').unwrap_or((&message, ""));
    let Some(place) = first.strip_prefix("TOML parse error at ") else {
        return format!("geen geldige TOML (de TOML-lezer meldt, in het Engels): {message}");
    };
    let place = place.replace("line", "regel").replace("column", "kolom");
    format!(
        "geen geldige TOML op {place} (de uitleg van de TOML-lezer hieronder is in het Engels)\n{rest}"
    )
}

/// A member as the scenario places them at the start.
#[derive(Debug, Clone, PartialEq)]
pub struct InitialMember {
    /// Attachment style.
    pub style: AttachmentStyle,
    /// Starting safety, or the style's resting level.
    pub safety: Option<f64>,
    /// Starting trust, or `params.member.initial_trust`.
    pub trust: Option<f64>,
    /// Starting competence, or `params.member.initial_competence`.
    pub competence: Option<f64>,
}

impl InitialMember {
    /// A member of `style` with every other value at its default.
    pub fn of_style(style: AttachmentStyle) -> Self {
        InitialMember {
            style,
            safety: None,
            trust: None,
            competence: None,
        }
    }
}

/// Who is in the team at the start.
#[derive(Debug, Clone, PartialEq)]
pub enum Roster {
    /// These members, in this order, in every run.
    Listed(Vec<InitialMember>),
    /// `size` members whose styles are drawn from the mix in each run.
    Drawn {
        /// Team size.
        size: usize,
    },
}

impl Roster {
    /// Number of members at the start.
    pub fn size(&self) -> usize {
        match self {
            Roster::Listed(m) => m.len(),
            Roster::Drawn { size } => *size,
        }
    }
}

/// The team of a validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    /// Who is there at day 0.
    pub roster: Roster,
    /// Mix that newcomers (and a drawn roster) come from; sums to 1.
    pub mix: StyleTable<f64>,
}

/// Something that happens to the team at a given day.
#[derive(Debug, Clone, PartialEq)]
pub enum ScenarioEvent {
    /// A pressure peak of `level` lasting `duration` days.
    Pressure {
        /// Start day.
        day: f64,
        /// Length in days.
        duration: f64,
        /// Pressure level.
        level: f64,
    },
    /// An unpredictability shock.
    Reorganisation {
        /// Day.
        day: f64,
        /// Multiplier on the default shock.
        severity: f64,
    },
    /// The leader away for `duration` days (docs/MODEL.md 7.8).
    LeaderAbsence {
        /// First day away.
        day: f64,
        /// Days away.
        duration: f64,
    },
}

/// Something done on purpose at a given day.
#[derive(Debug, Clone, PartialEq)]
pub enum Intervention {
    /// Caring and daring move linearly to the target over `duration` days.
    Coaching {
        /// Start day.
        day: f64,
        /// Length of the change.
        duration: f64,
        /// Target caring.
        caring: f64,
        /// Target daring.
        daring: f64,
    },
    /// A new leader takes over.
    LeaderReplacement {
        /// Day of the handover.
        day: f64,
        /// The new leader's caring.
        caring: f64,
        /// The new leader's daring.
        daring: f64,
        /// The new leader's availability, or unchanged.
        availability: Option<f64>,
    },
    /// The undercurrent is talked through and safety rises.
    TeamSession {
        /// Day.
        day: f64,
    },
    /// Members leave and join.
    Composition {
        /// Day.
        day: f64,
        /// How many members or open positions leave.
        leave: usize,
        /// Who joins.
        join: Vec<InitialMember>,
    },
}

impl Intervention {
    /// The day it starts.
    pub fn day(&self) -> f64 {
        match self {
            Intervention::Coaching { day, .. }
            | Intervention::LeaderReplacement { day, .. }
            | Intervention::TeamSession { day }
            | Intervention::Composition { day, .. } => *day,
        }
    }

    /// A short label for charts and logs.
    pub fn label(&self) -> &'static str {
        match self {
            Intervention::Coaching { .. } => "coaching",
            Intervention::LeaderReplacement { .. } => "leader-replacement",
            Intervention::TeamSession { .. } => "team-session",
            Intervention::Composition { .. } => "composition",
        }
    }
}

impl ScenarioEvent {
    /// The day it starts.
    pub fn day(&self) -> f64 {
        match self {
            ScenarioEvent::Pressure { day, .. }
            | ScenarioEvent::Reorganisation { day, .. }
            | ScenarioEvent::LeaderAbsence { day, .. } => *day,
        }
    }

    /// A short label for charts and logs.
    pub fn label(&self) -> &'static str {
        match self {
            ScenarioEvent::Pressure { .. } => "pressure",
            ScenarioEvent::Reorganisation { .. } => "reorganisation",
            ScenarioEvent::LeaderAbsence { .. } => "leader-absence",
        }
    }
}

/// A leader variant named in the scenario's `[compare]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareVariant {
    /// Name shown in outputs.
    pub name: String,
    /// Caring.
    pub caring: f64,
    /// Daring.
    pub daring: f64,
    /// Availability, or the scenario leader's.
    pub availability: Option<f64>,
}

/// The scenario's `[compare]` table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Compare {
    /// Runs per variant, if the scenario sets it.
    pub runs: Option<u64>,
    /// Named variants (empty: the four quadrants).
    pub variants: Vec<CompareVariant>,
}

/// Most variants a scenario's `[compare]` table may list.
pub const MAX_COMPARE_VARIANTS: usize = 100;

/// Most runs per variant a scenario's `[compare]` table may ask for.
pub const MAX_RUNS: i64 = 10_000_000;

/// A validated scenario: every value in range, ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Name (also the default output directory).
    pub name: String,
    /// Free text.
    pub description: String,
    /// The same text in Dutch, if the file gives it (`description_nl`).
    pub description_nl: Option<String>,
    /// Root seed.
    pub seed: u64,
    /// Length of a run in working days.
    pub horizon: f64,
    /// Days between observations.
    pub observe_every: f64,
    /// The team.
    pub team: Team,
    /// The leader at day 0.
    pub leader: Leader,
    /// Scheduled events, sorted by day (stable).
    pub events: Vec<ScenarioEvent>,
    /// Scheduled interventions, sorted by day (stable).
    pub interventions: Vec<Intervention>,
    /// Model parameters.
    pub params: Params,
    /// What `teamsim compare` compares.
    pub compare: Compare,
}

impl Scenario {
    /// The description in `lang`: the Dutch text in Dutch when the file gives one
    /// (`description_nl`), `description` otherwise.
    pub fn description_in(&self, lang: crate::lang::Lang) -> &str {
        match (lang, &self.description_nl) {
            (crate::lang::Lang::Nl, Some(dutch)) => dutch,
            _ => &self.description,
        }
    }

    /// Reads, parses and validates a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        ScenarioSource::read(path)?.parse()
    }

    /// Parses and validates scenario text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
        let shape = shape::check(text).map_err(|e| ScenarioError::Syntax {
            path: path.to_path_buf(),
            message: syntax_message(&e, text),
        })?;
        let mut problems = shape.problems;
        if let Some(raw) = shape.raw {
            match Scenario::from_raw(raw) {
                Ok(scenario) if problems.is_empty() => return Ok(scenario),
                Ok(_) => {}
                Err(more) => {
                    let aside = |field: &str| {
                        shape.set_aside.iter().any(|f| {
                            field == f
                                || field.starts_with(&format!("{f}."))
                                || field.starts_with(&format!("{f}["))
                        })
                    };
                    for mut p in more.into_iter().filter(|p| !aside(&p.field)) {
                        p.at = shape::locate(text, &shape.doc, &p.field);
                        problems.push(p);
                    }
                }
            }
        }
        // In file order; problems without a place (a missing table) last.
        problems.sort_by_key(|p| p.at.map_or((usize::MAX, 0), |l| (l.line, l.column)));
        Err(ScenarioError::Invalid {
            path: path.to_path_buf(),
            problems,
        })
    }

    /// Validates a parsed scenario, collecting every problem.
    pub fn from_raw(raw: RawScenario) -> Result<Scenario, Vec<Problem>> {
        let mut pr = Problems::default();

        let name = raw.name.trim().to_string();
        if let Some(problem) = name_problem(&name, 100) {
            pr.push("name", problem);
        } else if name.contains(['/', '\\']) {
            pr.push(
                "name",
                Said::new(
                    "must not contain / or \\: it names the output folder (letters, digits, spaces, - and _ are safe)",
                    "mag geen / of \\ bevatten: de naam wordt ook de naam van de map met uitkomsten (letters, cijfers, spaties, - en _ mogen altijd)",
                ),
            );
        }

        let horizon = raw.horizon.unwrap_or(DEFAULT_HORIZON);
        pr.range("horizon", horizon, 1.0, MAX_HORIZON);
        let horizon_ok = horizon.is_finite() && (1.0..=MAX_HORIZON).contains(&horizon);
        let horizon = if horizon_ok { horizon } else { DEFAULT_HORIZON };

        let observe_every = raw.observe_every.unwrap_or(1.0);
        pr.range("observe_every", observe_every, MIN_DURATION, horizon);
        if observe_every.is_finite()
            && observe_every > 0.0
            && horizon / observe_every > MAX_OBSERVATIONS
        {
            let n = horizon / observe_every;
            pr.push(
                "observe_every",
                Said::new(
                    format!(
                        "{observe_every} gives {n:.0} observations over the horizon; at most {MAX_OBSERVATIONS} are allowed"
                    ),
                    format!(
                        "{observe_every} geeft {n:.0} waarnemingen binnen de horizon; er mogen er hoogstens {MAX_OBSERVATIONS} zijn"
                    ),
                ),
            );
        }

        raw.params.check(&mut pr);
        let mix = check_mix(raw.team.mix, &mut pr);
        let roster = check_roster(&raw.team, &mut pr);
        let leader = check_leader(&raw.leader, &mut pr);

        let mut events = Vec::with_capacity(raw.events.len());
        for (i, e) in raw.events.iter().enumerate() {
            let path = format!("events[{i}]");
            match *e {
                RawEvent::Pressure {
                    day,
                    duration,
                    level,
                } => {
                    check_day(&path, day, horizon, &mut pr);
                    check_event_duration(&path, duration, &mut pr);
                    pr.range(&format!("{path}.level"), level, 0.0, 1.0);
                    events.push(ScenarioEvent::Pressure {
                        day,
                        duration,
                        level,
                    });
                }
                RawEvent::Reorganisation { day, severity } => {
                    check_day(&path, day, horizon, &mut pr);
                    let severity = severity.unwrap_or(1.0);
                    pr.range(&format!("{path}.severity"), severity, 0.0, MAX_SEVERITY);
                    events.push(ScenarioEvent::Reorganisation { day, severity });
                }
                RawEvent::LeaderAbsence { day, duration } => {
                    check_day(&path, day, horizon, &mut pr);
                    check_event_duration(&path, duration, &mut pr);
                    events.push(ScenarioEvent::LeaderAbsence { day, duration });
                }
            }
        }

        let mut interventions = Vec::with_capacity(raw.interventions.len());
        for (i, iv) in raw.interventions.iter().enumerate() {
            let path = format!("interventions[{i}]");
            match iv {
                RawIntervention::Coaching {
                    day,
                    duration,
                    quadrant,
                    caring,
                    daring,
                } => {
                    check_day(&path, *day, horizon, &mut pr);
                    pr.range(&format!("{path}.duration"), *duration, 0.0, MAX_HORIZON);
                    let (caring, daring) =
                        caring_daring(&path, *quadrant, *caring, *daring, &mut pr);
                    interventions.push(Intervention::Coaching {
                        day: *day,
                        duration: *duration,
                        caring,
                        daring,
                    });
                }
                RawIntervention::LeaderReplacement {
                    day,
                    quadrant,
                    caring,
                    daring,
                    availability,
                } => {
                    check_day(&path, *day, horizon, &mut pr);
                    let (caring, daring) =
                        caring_daring(&path, *quadrant, *caring, *daring, &mut pr);
                    if let Some(a) = availability {
                        pr.range(&format!("{path}.availability"), *a, 0.0, MAX_AVAILABILITY);
                    }
                    interventions.push(Intervention::LeaderReplacement {
                        day: *day,
                        caring,
                        daring,
                        availability: *availability,
                    });
                }
                RawIntervention::TeamSession { day } => {
                    check_day(&path, *day, horizon, &mut pr);
                    interventions.push(Intervention::TeamSession { day: *day });
                }
                RawIntervention::Composition { day, leave, join } => {
                    check_day(&path, *day, horizon, &mut pr);
                    check_count(&format!("{path}.leave"), *leave, 0, MAX_TEAM, &mut pr);
                    let join = expand_members(&format!("{path}.join"), join, &mut pr);
                    if *leave == 0 && join.is_empty() {
                        pr.push(
                            &path,
                            Said::new(
                                "a composition change needs `leave` > 0 or a `join` list",
                                "een wisseling in het team (`composition`) heeft `leave` > 0 of een `join`-lijst nodig",
                            ),
                        );
                    }
                    interventions.push(Intervention::Composition {
                        day: *day,
                        leave: (*leave).clamp(0, MAX_TEAM) as usize,
                        join,
                    });
                }
            }
        }
        events.sort_by(|a, b| a.day().total_cmp(&b.day()));
        check_interventions(&raw.interventions, roster.size(), &mut pr);
        let mut order: Vec<usize> = (0..interventions.len()).collect();
        order.sort_by(|&a, &b| interventions[a].day().total_cmp(&interventions[b].day()));
        let interventions = order
            .into_iter()
            .map(|i| interventions[i].clone())
            .collect();

        let compare = check_compare(raw.compare.as_ref(), &mut pr);

        if !pr.is_empty() {
            return Err(pr.into_vec());
        }
        Ok(Scenario {
            name,
            description: raw.description,
            description_nl: raw.description_nl.filter(|d| !d.trim().is_empty()),
            seed: raw.seed.unwrap_or(1),
            horizon,
            observe_every,
            team: Team { roster, mix },
            leader,
            events,
            interventions,
            params: raw.params,
            compare,
        })
    }

    /// The largest number of member slots a run of this scenario can need: the most
    /// positions the team has at any time (validation keeps that within [`MAX_TEAM`];
    /// positions removed by a composition change are reused by those who join).
    pub fn max_slots(&self) -> usize {
        let mut size = self.team.roster.size();
        let mut most = size;
        for iv in &self.interventions {
            if let Intervention::Composition { leave, join, .. } = iv {
                size = size.saturating_sub(*leave) + join.len();
                most = most.max(size);
            }
        }
        most
    }

    /// Every leader this scenario can have (start, replacements, coaching targets),
    /// used to bound event rates.
    pub fn max_availability(&self) -> f64 {
        self.interventions
            .iter()
            .filter_map(|iv| match iv {
                Intervention::LeaderReplacement { availability, .. } => *availability,
                _ => None,
            })
            .fold(self.leader.availability, f64::max)
    }

    /// This scenario with another leader at day 0 (same caring/daring behaviour
    /// parameters otherwise): used to compare leadership styles.
    pub fn with_leader_at(&self, caring: f64, daring: f64) -> Scenario {
        let mut s = self.clone();
        s.leader.caring = caring;
        s.leader.daring = daring;
        s
    }
}

/// Most leader contacts per member per day.
pub const MAX_AVAILABILITY: f64 = 20.0;

/// An event's length in days: at least [`MIN_DURATION`], at most [`MAX_HORIZON`].
fn check_event_duration(path: &str, duration: f64, pr: &mut Problems) {
    pr.range(
        &format!("{path}.duration"),
        duration,
        MIN_DURATION,
        MAX_HORIZON,
    );
}

fn check_day(path: &str, day: f64, horizon: f64, pr: &mut Problems) {
    if !day.is_finite() || day < 0.0 || day > horizon {
        pr.push(
            format!("{path}.day"),
            Said::new(
                format!("{day} is out of range: must be within 0..={horizon} (the horizon)"),
                format!(
                    "{day} valt buiten het bereik: moet van 0 tot en met {horizon} zijn (de horizon)"
                ),
            ),
        );
    }
}

fn check_count(path: &str, n: i64, lo: i64, hi: i64, pr: &mut Problems) {
    if n < lo || n > hi {
        pr.push(path, out_of_range(n, lo, hi));
    }
}

fn check_mix(mix: Option<StyleTable<f64>>, pr: &mut Problems) -> StyleTable<f64> {
    let Some(mix) = mix else {
        return DEFAULT_MIX;
    };
    let mut ok = true;
    for (style, v) in mix.iter() {
        if !v.is_finite() || *v < 0.0 || *v > 1.0 {
            pr.push(format!("team.mix.{style}"), out_of_range(v, 0, 1));
            ok = false;
        }
    }
    let sum: f64 = mix.iter().map(|(_, v)| *v).sum();
    if ok && (sum - 1.0).abs() > 0.01 {
        pr.push(
            "team.mix",
            Said::new(
                format!("the shares add up to {sum:.3}; they must add up to 1 (within 0.01)"),
                format!(
                    "de aandelen zijn samen {}; samen moeten ze 1 zijn (hoogstens 0,01 ernaast)",
                    Lang::Nl.number(sum, 3)
                ),
            ),
        );
        ok = false;
    }
    if !ok {
        return DEFAULT_MIX;
    }
    StyleTable::new(
        mix.secure / sum,
        mix.anxious / sum,
        mix.avoidant / sum,
        mix.fearful / sum,
    )
}

fn check_roster(team: &raw::RawTeam, pr: &mut Problems) -> Roster {
    if let Some(members) = &team.members {
        if team.mix.is_some() && team.draw == Draw::Random {
            pr.push(
                "team.draw",
                Said::new(
                    "`random` draws from the mix, but the team lists its members",
                    "`random` loot teamleden uit de mix, maar dit team somt zijn teamleden zelf op",
                ),
            );
        }
        let listed = expand_members("team.members", members, pr);
        if let Some(size) = team.size
            && size != listed.len() as i64
        {
            let n = listed.len();
            pr.push(
                "team.size",
                Said::new(
                    format!(
                        "{size} does not match the number of members listed ({n}); leave it out or make them agree"
                    ),
                    format!(
                        "{size} past niet bij het aantal opgesomde teamleden ({n}); laat size weg of zorg dat de aantallen gelijk zijn"
                    ),
                ),
            );
        }
        if (listed.len() as i64) < MIN_TEAM || (listed.len() as i64) > MAX_TEAM {
            let n = listed.len() as u64;
            pr.push(
                "team.members",
                Said::new(
                    format!(
                        "{} listed: a team must have {MIN_TEAM}..={MAX_TEAM}",
                        count(n, "member", "members")
                    ),
                    format!(
                        "{} opgesomd: een team moet er {MIN_TEAM} tot en met {MAX_TEAM} hebben",
                        count(n, "teamlid", "teamleden")
                    ),
                ),
            );
        }
        return Roster::Listed(listed);
    }
    let size = team.size.unwrap_or(DEFAULT_TEAM);
    check_count("team.size", size, MIN_TEAM, MAX_TEAM, pr);
    let size = size.clamp(MIN_TEAM, MAX_TEAM) as usize;
    match team.draw {
        Draw::Random => Roster::Drawn { size },
        Draw::Proportional => {
            let mix = team.mix.unwrap_or(DEFAULT_MIX);
            let styles = apportion(&mix, size);
            Roster::Listed(styles.into_iter().map(InitialMember::of_style).collect())
        }
    }
}

/// Largest-remainder apportionment of `size` members over the mix; ties go to the
/// style listed first. Returns the styles in [`AttachmentStyle::ALL`] order.
pub fn apportion(mix: &StyleTable<f64>, size: usize) -> Vec<AttachmentStyle> {
    let sum: f64 = mix.iter().map(|(_, v)| v.max(0.0)).sum();
    if sum <= 0.0 || !sum.is_finite() {
        return vec![AttachmentStyle::Secure; size];
    }
    let quotas: Vec<f64> = AttachmentStyle::ALL
        .iter()
        .map(|s| mix.get(*s).max(0.0) / sum * size as f64)
        .collect();
    let mut counts: Vec<usize> = quotas.iter().map(|q| q.floor() as usize).collect();
    let mut left = size - counts.iter().sum::<usize>();
    let mut by_remainder: Vec<usize> = (0..4).collect();
    by_remainder.sort_by(|&a, &b| {
        let ra = quotas[a] - quotas[a].floor();
        let rb = quotas[b] - quotas[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in by_remainder.iter().cycle() {
        if left == 0 {
            break;
        }
        counts[i] += 1;
        left -= 1;
    }
    AttachmentStyle::ALL
        .iter()
        .zip(counts)
        .flat_map(|(s, n)| std::iter::repeat_n(*s, n))
        .collect()
}

fn expand_members(path: &str, members: &[RawMember], pr: &mut Problems) -> Vec<InitialMember> {
    let mut out = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let count = m.count.unwrap_or(1);
        check_count(&format!("{p}.count"), count, 1, MAX_TEAM, pr);
        for (field, v) in [
            ("safety", m.safety),
            ("trust", m.trust),
            ("competence", m.competence),
        ] {
            if let Some(v) = v {
                pr.range(&format!("{p}.{field}"), v, 0.0, 1.0);
            }
        }
        let count = count.clamp(0, MAX_TEAM) as usize;
        if out.len() + count > MAX_TEAM as usize {
            pr.push(
                path,
                Said::new(
                    format!("more than {MAX_TEAM} members: a team may have at most {MAX_TEAM}"),
                    format!(
                        "meer dan {MAX_TEAM} teamleden: een team mag er hoogstens {MAX_TEAM} hebben"
                    ),
                ),
            );
            break;
        }
        out.extend(std::iter::repeat_n(
            InitialMember {
                style: m.style,
                safety: m.safety,
                trust: m.trust,
                competence: m.competence,
            },
            count,
        ));
    }
    out
}

fn caring_daring(
    path: &str,
    quadrant: Option<Quadrant>,
    caring: Option<f64>,
    daring: Option<f64>,
    pr: &mut Problems,
) -> (f64, f64) {
    let (c, d) = match (quadrant, caring, daring) {
        (Some(q), None, None) => q.preset(),
        (None, Some(c), Some(d)) => (c, d),
        (Some(_), _, _) => {
            pr.push(
                format!("{path}.quadrant"),
                Said::new(
                    "give either a quadrant or caring and daring, not both",
                    "geef óf een kwadrant, óf caring en daring, niet allebei",
                ),
            );
            return (0.5, 0.5);
        }
        (None, _, _) => {
            pr.push(
                path,
                Said::new(
                    "give a quadrant (dominating, avoiding, pleasing, secure-base) or both caring and daring (each within 0..=1)",
                    "geef een kwadrant (dominant, vermijdend, pleasend, veilige-basis) of zowel caring als daring (elk van 0 tot en met 1)",
                ),
            );
            return (0.5, 0.5);
        }
    };
    pr.range(&format!("{path}.caring"), c, 0.0, 1.0);
    pr.range(&format!("{path}.daring"), d, 0.0, 1.0);
    (c, d)
}

/// Unicode format characters (category Cf): invisible, and some (the bidirectional
/// overrides) reorder how the text around them is shown, in a terminal too.
fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{0600}'..='\u{0605}' | '\u{061C}' | '\u{06DD}' | '\u{070F}'
        | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}' | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

/// What is wrong with a name (already trimmed), if anything: it must show something,
/// be at most `max` characters, and hold no control or invisible format characters.
fn name_problem(name: &str, max: usize) -> Option<Said> {
    if name.chars().count() > max {
        Some(Said::new(
            format!("must be at most {max} characters"),
            format!("mag hoogstens {max} tekens lang zijn"),
        ))
    } else if name.chars().any(char::is_control) {
        Some(Said::new(
            "must not contain control characters",
            "mag geen stuurtekens (zoals een tab of regeleinde) bevatten",
        ))
    } else if let Some(c) = name.chars().find(|c| is_format_char(*c)) {
        let code = u32::from(c);
        Some(Said::new(
            format!("must not contain invisible formatting characters (found U+{code:04X})"),
            format!("mag geen onzichtbare opmaaktekens bevatten (gevonden: U+{code:04X})"),
        ))
    } else if !name.chars().any(|c| !c.is_whitespace()) {
        Some(Said::new("must not be empty", "mag niet leeg zijn"))
    } else {
        None
    }
}

/// The parser's message, made plainer where serde's wording would puzzle a user: a
/// TOML date where a number belongs reads "invalid type: map" (a date is a table
/// inside the TOML crate).
/// What a TOML date where a number belongs is said to be.
const DATE_NOT_ALLOWED: &str = "a date is not allowed here (write a number of working days)";

fn syntax_message(e: &toml::de::Error, text: &str) -> String {
    let message = e.to_string().trim_end().to_string();
    let at_date = e.span().and_then(|span| text.get(span)).is_some_and(|v| {
        let v = v.trim().as_bytes();
        v.len() >= 10 && v[..4].iter().all(u8::is_ascii_digit) && v[4] == b'-' && v[7] == b'-'
    });
    if at_date && message.contains("invalid type: map") {
        message.replace("invalid type: map", DATE_NOT_ALLOWED)
    } else {
        message
    }
}

fn check_compare(raw: Option<&raw::RawCompare>, pr: &mut Problems) -> Compare {
    let Some(raw) = raw else {
        return Compare::default();
    };
    if let Some(runs) = raw.runs {
        check_count("compare.runs", runs, 1, MAX_RUNS, pr);
    }
    if raw.variants.len() > MAX_COMPARE_VARIANTS {
        let n = raw.variants.len();
        pr.push(
            "compare.variants",
            Said::new(
                format!(
                    "{n} variants listed; at most {MAX_COMPARE_VARIANTS} are allowed (for a whole grid of leaders use `teamsim sweep`)"
                ),
                format!(
                    "{n} varianten genoemd; er mogen er hoogstens {MAX_COMPARE_VARIANTS} zijn (voor een heel raster van leiders: gebruik `teamsim sweep`)"
                ),
            ),
        );
        return Compare::default();
    }
    let mut variants = Vec::new();
    let mut names = std::collections::HashSet::new();
    for (i, v) in raw.variants.iter().enumerate() {
        let path = format!("compare.variants[{i}]");
        let name = v.name.trim();
        if let Some(problem) = name_problem(name, 60) {
            pr.push(format!("{path}.name"), problem);
        } else if !names.insert(name) {
            pr.push(
                format!("{path}.name"),
                Said::new(
                    format!("`{name}` is used twice"),
                    format!("`{name}` komt twee keer voor"),
                ),
            );
        }
        let (caring, daring) = caring_daring(&path, v.quadrant, v.caring, v.daring, pr);
        if let Some(a) = v.availability {
            pr.range(&format!("{path}.availability"), a, 0.0, MAX_AVAILABILITY);
        }
        variants.push(CompareVariant {
            name: name.to_string(),
            caring,
            daring,
            availability: v.availability,
        });
    }
    Compare {
        runs: raw.runs.map(|r| r.clamp(1, MAX_RUNS) as u64),
        variants,
    }
}

fn check_leader(raw: &RawLeader, pr: &mut Problems) -> Leader {
    let (caring, daring) = caring_daring("leader", raw.quadrant, raw.caring, raw.daring, pr);
    let mut get = |field: &str, v: Option<f64>, default: f64, hi: f64| {
        let v = v.unwrap_or(default);
        pr.range(&format!("leader.{field}"), v, 0.0, hi);
        v
    };
    Leader {
        caring,
        daring,
        availability: get("availability", raw.availability, 0.4, MAX_AVAILABILITY),
        pressure_sensitivity: get("pressure_sensitivity", raw.pressure_sensitivity, 0.3, 1.0),
        availability_pressure_drop: get(
            "availability_pressure_drop",
            raw.availability_pressure_drop,
            0.3,
            1.0,
        ),
        crisis_control: get("crisis_control", raw.crisis_control, 0.5, 1.0),
    }
}

/// Checks interventions against each other: coaching windows may not overlap, a
/// leader replacement may not fall inside a coaching window, and composition changes
/// must keep the team within its size limits.
fn check_interventions(ivs: &[RawIntervention], start_size: usize, pr: &mut Problems) {
    let mut windows: Vec<(usize, f64, f64)> = Vec::new();
    let mut replacements: Vec<(usize, f64)> = Vec::new();
    let mut changes: Vec<(usize, f64, i64, i64)> = Vec::new();
    for (i, iv) in ivs.iter().enumerate() {
        match iv {
            RawIntervention::Coaching { day, duration, .. } => {
                windows.push((i, *day, day + duration))
            }
            RawIntervention::LeaderReplacement { day, .. } => replacements.push((i, *day)),
            RawIntervention::Composition {
                day, leave, join, ..
            } => {
                let joined: i64 = join
                    .iter()
                    .map(|m| m.count.unwrap_or(1).clamp(0, MAX_TEAM))
                    .sum();
                changes.push((i, *day, *leave, joined));
            }
            RawIntervention::TeamSession { .. } => {}
        }
    }
    // Sorted by start, a window overlaps an earlier one exactly when it starts before
    // the latest end so far: one pass, not every pair (a file may list thousands).
    windows.retain(|w| w.1.is_finite() && w.2.is_finite());
    windows.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut latest: Option<(usize, f64, f64)> = None;
    for &(j, s2, e2) in &windows {
        if let Some((i, s1, e1)) = latest
            && (s2 < e1 || s1 == s2)
        {
            pr.push(
                format!("interventions[{j}].day"),
                Said::new(
                    format!("coaching from day {s2} to {e2} overlaps the coaching of interventions[{i}] (day {s1} to {e1}); one leader can follow one coaching at a time"),
                    format!("coaching van dag {s2} tot {e2} overlapt met de coaching van interventions[{i}] (dag {s1} tot {e1}); een leider kan maar één coaching tegelijk volgen"),
                ),
            );
        }
        if latest.is_none_or(|(_, _, e1)| e2 > e1) {
            latest = Some((j, s2, e2));
        }
    }
    // Of the windows that start on or before a day, the one reaching furthest is the
    // one that can hold it.
    let starts: Vec<f64> = windows.iter().map(|w| w.1).collect();
    let mut reach: Vec<(usize, f64, f64)> = Vec::with_capacity(windows.len());
    for &w in &windows {
        let far = match reach.last() {
            Some(&r) if r.2 >= w.2 => r,
            _ => w,
        };
        reach.push(far);
    }
    for &(j, d) in &replacements {
        let k = starts.partition_point(|&start| start <= d);
        if let Some(&(i, s1, e1)) = k.checked_sub(1).and_then(|k| reach.get(k))
            && d >= s1
            && d < e1
        {
            pr.push(
                format!("interventions[{j}].day"),
                Said::new(
                    format!("a leader replacement on day {d} falls inside the coaching of interventions[{i}] (day {s1} to {e1})"),
                    format!("een nieuwe leider op dag {d} valt binnen de coaching van interventions[{i}] (dag {s1} tot {e1})"),
                ),
            );
        }
    }
    changes.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut size = start_size as i64;
    for (i, day, leave, joined) in changes {
        if leave > size {
            pr.push(
                format!("interventions[{i}].leave"),
                Said::new(
                    format!(
                        "{} cannot leave on day {day}: the team has {} then; `leave` must be within 0..={size}",
                        count(leave.max(0) as u64, "member", "members"),
                        count(size.max(0) as u64, "position", "positions")
                    ),
                    format!(
                        "het vertrek van {} kan op dag {day} niet: het team heeft dan {}; `leave` moet van 0 tot en met {size} zijn",
                        count(leave.max(0) as u64, "teamlid", "teamleden"),
                        count(size.max(0) as u64, "plaats", "plaatsen")
                    ),
                ),
            );
            break;
        }
        size = size - leave + joined;
        if !(MIN_TEAM..=MAX_TEAM).contains(&size) {
            pr.push(
                format!("interventions[{i}]"),
                Said::new(
                    format!(
                        "this change leaves {} in the team; a team must have {MIN_TEAM}..={MAX_TEAM}",
                        count(size.max(0) as u64, "position", "positions")
                    ),
                    format!(
                        "na deze wisseling in het team heeft het team {}; een team moet er {MIN_TEAM} tot en met {MAX_TEAM} hebben",
                        count(size.max(0) as u64, "plaats", "plaatsen")
                    ),
                ),
            );
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::parse(text, Path::new("test.toml"))
    }

    const MINIMAL: &str = "name = \"t\"\n[team]\nsize = 12\n[leader]\nquadrant = \"secure-base\"\n";

    #[test]
    fn minimal_scenario_gets_defaults() {
        let s = parse(MINIMAL).expect("valid");
        assert_eq!(s.horizon, 240.0);
        assert_eq!(s.seed, 1);
        assert_eq!(s.team.roster.size(), 12);
        assert_eq!((s.leader.caring, s.leader.daring), (0.8, 0.8));
    }

    #[test]
    fn default_mix_apportions_a_team_of_twelve() {
        let styles = apportion(&DEFAULT_MIX, 12);
        let count = |s| styles.iter().filter(|x| **x == s).count();
        // quotas 5.76, 1.8, 2.28, 2.16 -> floors 5,1,2,2 and the one left goes to the largest remainder
        assert_eq!(count(AttachmentStyle::Secure), 6);
        assert_eq!(count(AttachmentStyle::Anxious), 2);
        assert_eq!(count(AttachmentStyle::Avoidant), 2);
        assert_eq!(count(AttachmentStyle::Fearful), 2);
    }

    #[test]
    fn reports_every_problem_with_its_field() {
        let text = "name = \"t\"\nhorizon = 100\n[team]\nsize = 0\n[leader]\ncaring = 1.5\ndaring = 0.2\n\
                    [[events]]\nkind = \"reorganisation\"\nday = 150\n[[events]]\nkind = \"pressure\"\nday = -3\nduration = 5\nlevel = 0.5\n";
        let Err(ScenarioError::Invalid { problems, .. }) = parse(text) else {
            panic!("expected invalid")
        };
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "team.size",
                "leader.caring",
                "events[0].day",
                "events[1].day"
            ]
        );
        assert!(problems[1].message.en.contains("0..=1"));
        assert!(problems[2].message.en.contains("0..=100"));
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let err = parse(&format!("{MINIMAL}colour = 3\n")).unwrap_err();
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
        let err = parse(&format!(
            "{MINIMAL}[[events]]\nkind = \"reorganisation\"\nday = 3\nsize = 2\n"
        ))
        .unwrap_err();
        assert!(err.to_string().contains("unknown field `size`"), "{err}");
    }

    #[test]
    fn overlapping_coaching_is_rejected() {
        let text = format!(
            "{MINIMAL}[[interventions]]\nkind = \"coaching\"\nday = 10\nduration = 30\nquadrant = \"secure-base\"\n\
             [[interventions]]\nkind = \"coaching\"\nday = 20\nduration = 5\ncaring = 0.5\ndaring = 0.5\n"
        );
        let err = parse(&text).unwrap_err().to_string();
        assert!(err.contains("interventions[1].day"), "{err}");
    }

    #[test]
    fn composition_may_not_shrink_the_team_below_two() {
        let text =
            format!("{MINIMAL}[[interventions]]\nkind = \"composition\"\nday = 10\nleave = 11\n");
        let err = parse(&text).unwrap_err().to_string();
        assert!(err.contains("interventions[0]"), "{err}");
    }
}
