//! Property tests: invariants that must hold for every valid scenario and seed.

use proptest::prelude::*;
use std::path::Path;
use teamsim::scenario::Scenario;
use teamsim::sim::{self, DailyRecord, EventKind, MemberSnapshot, Observer, PositionState};

/// Checks every invariant as the run streams by, and remembers the first violation.
#[derive(Default)]
struct Checker {
    last_event: f64,
    events: u64,
    violation: Option<String>,
}

impl Checker {
    fn fail(&mut self, what: String) {
        if self.violation.is_none() {
            self.violation = Some(what);
        }
    }
}

fn unit(v: f64) -> bool {
    v.is_finite() && (0.0..=1.0).contains(&v)
}

impl Observer for Checker {
    fn record(&mut self, r: &DailyRecord) {
        if r.present + r.absent + r.vacant != r.team_size {
            self.fail(format!("day {}: present+absent+vacant != team size", r.day));
        }
        for (name, v) in teamsim::sim::DAILY_METRICS.iter().zip(r.metrics()) {
            if let Some(v) = v
                && (!v.is_finite() || v < 0.0)
            {
                self.fail(format!("day {}: {name} = {v}", r.day));
            }
        }
        for v in [
            r.safety,
            r.shown_safety,
            r.grow_share,
            r.alarm,
            r.trust,
            r.strain,
            r.competence,
        ]
        .into_iter()
        .flatten()
        .chain([r.pressure, r.leader_caring, r.leader_daring, r.output])
        {
            if !unit(v) {
                self.fail(format!("day {}: a 0..=1 metric is {v}", r.day));
            }
        }
    }

    fn event(&mut self, time: f64, _kind: EventKind) {
        if time.is_nan() || time < self.last_event {
            self.fail(format!("event at {time} after one at {}", self.last_event));
        }
        self.last_event = time;
        self.events += 1;
    }

    fn wants_members(&self) -> bool {
        true
    }

    fn members(&mut self, day: f64, members: &[MemberSnapshot]) {
        for s in members {
            if s.state == PositionState::Vacant {
                continue;
            }
            let m = &s.member;
            for (name, v) in [
                ("safety", m.safety),
                ("alarm", m.alarm),
                ("home alarm", m.home_alarm),
                ("felt alarm", m.felt_alarm()),
                ("trust", m.trust),
                ("strain", m.strain),
                ("competence", m.competence),
                ("shown", s.shown_safety),
            ] {
                if !unit(v) {
                    self.fail(format!("day {day}: member {} {name} = {v}", s.position));
                }
            }
            if !(m.learning.is_finite() && m.learning >= 0.0) {
                self.fail(format!("day {day}: learning {}", m.learning));
            }
        }
    }
}

const STYLES: [&str; 4] = ["secure", "anxious", "avoidant", "fearful"];

prop_compose! {
    /// A random valid scenario, written as TOML so the parser is exercised too.
    fn scenario_text()(
        size in 2usize..40,
        horizon in 5.0f64..300.0,
        caring in 0.0f64..=1.0,
        daring in 0.0f64..=1.0,
        availability in 0.0f64..3.0,
        mix in prop::array::uniform4(0.01f64..1.0),
        random_draw in any::<bool>(),
        reorgs in prop::collection::vec((0.0f64..1.0, 0.0f64..4.0), 0..3),
        peaks in prop::collection::vec((0.0f64..1.0, 0.1f64..60.0, 0.0f64..=1.0), 0..3),
        coaching in prop::option::of((0.0f64..1.0, 0.0f64..80.0, 0.0f64..=1.0, 0.0f64..=1.0)),
        session in prop::option::of(0.0f64..1.0),
        composition in prop::option::of((0.0f64..1.0, 0usize..3, 0usize..4, 0usize..4)),
        peer_rate in 0.0f64..8.0,
        setback_rate in 0.0f64..2.0,
        absence in 0.0f64..0.5,
        turnover in 0.0f64..0.2,
        observe_every in prop::sample::select(vec![0.5f64, 1.0, 2.5]),
    ) -> String {
        let total: f64 = mix.iter().sum();
        let mut t = format!(
            "name = \"prop\"\nhorizon = {horizon}\nobserve_every = {observe_every}\n[team]\nsize = {size}\n\
             draw = \"{}\"\nmix = {{ secure = {}, anxious = {}, avoidant = {}, fearful = {} }}\n\
             [leader]\ncaring = {caring}\ndaring = {daring}\navailability = {availability}\n",
            if random_draw { "random" } else { "proportional" },
            mix[0] / total, mix[1] / total, mix[2] / total, mix[3] / total,
        );
        for (f, severity) in reorgs {
            t += &format!("[[events]]\nkind = \"reorganisation\"\nday = {}\nseverity = {severity}\n", f * horizon);
        }
        for (f, duration, level) in peaks {
            t += &format!("[[events]]\nkind = \"pressure\"\nday = {}\nduration = {duration}\nlevel = {level}\n", f * horizon);
        }
        if let Some((f, duration, c, d)) = coaching {
            t += &format!("[[interventions]]\nkind = \"coaching\"\nday = {}\nduration = {duration}\ncaring = {c}\ndaring = {d}\n", f * horizon);
        }
        if let Some(f) = session {
            t += &format!("[[interventions]]\nkind = \"team-session\"\nday = {}\n", f * horizon);
        }
        if let Some((f, leave, join, style)) = composition {
            let leave = leave.min(size - 2);
            if leave + join > 0 {
                t += &format!(
                    "[[interventions]]\nkind = \"composition\"\nday = {}\nleave = {leave}\n",
                    f * horizon
                );
                if join > 0 {
                    t += &format!("join = [{{ style = \"{}\", count = {join} }}]\n", STYLES[style]);
                }
            }
        }
        t += &format!(
            "[params.peer]\nrate = {peer_rate}\n[params.setback]\nbase_rate = {setback_rate}\n\
             [params.absence]\nstrain_hazard = {absence}\n[params.turnover]\ndistress_hazard = {turnover}\n"
        );
        t
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn state_stays_in_range_and_time_moves_forward(text in scenario_text(), seed in any::<u64>()) {
        let scenario = Scenario::parse(&text, Path::new("prop.toml"))
            .map_err(|e| TestCaseError::fail(format!("generated scenario invalid: {e}\n{text}")))?;
        let mut checker = Checker::default();
        let summary = sim::run(&scenario, seed, &mut checker);
        prop_assert!(checker.violation.is_none(), "{:?}\n{}", checker.violation, text);
        prop_assert_eq!(summary.counts.events, checker.events);
        for v in summary.values.iter().flatten() {
            prop_assert!(v.is_finite() && *v >= 0.0, "summary value {}", v);
        }
    }

    #[test]
    fn a_run_is_a_pure_function_of_scenario_and_seed(text in scenario_text(), seed in any::<u64>()) {
        let scenario = Scenario::parse(&text, Path::new("prop.toml")).unwrap();
        let mut a: Vec<DailyRecord> = Vec::new();
        let mut b: Vec<DailyRecord> = Vec::new();
        let sa = sim::run(&scenario, seed, &mut a);
        let sb = sim::run(&scenario, seed, &mut b);
        prop_assert_eq!(a, b);
        prop_assert_eq!(sa, sb);
    }
}

/// A valid scenario to mutate: every kind of table and event appears.
const SEED_SCENARIO: &str = "name = \"fuzz\"\nseed = 3\nhorizon = 120\n[team]\nsize = 8\nmix = { secure = 0.5, anxious = 0.2, avoidant = 0.2, fearful = 0.1 }\n\
[leader]\ncaring = 0.6\ndaring = 0.7\n[[events]]\nkind = \"pressure\"\nday = 10\nduration = 5\nlevel = 0.5\n\
[[interventions]]\nkind = \"coaching\"\nday = 20\nduration = 10\nquadrant = \"secure-base\"\n[params.peer]\ncontagion = 0.1\n";

proptest! {
    // PROPTEST_CASES raises the count for a longer fuzzing session.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
    ))]

    /// The parser's fuzz target: arbitrary bytes never panic, they parse or are refused.
    #[test]
    fn arbitrary_bytes_never_panic_the_parser(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = Scenario::parse(&text, Path::new("fuzz.toml"));
    }

    /// Mutations of a valid scenario (bytes replaced, deleted or inserted) never panic,
    /// and whatever still parses is within the limits a run needs.
    #[test]
    fn mutated_scenarios_never_panic_the_parser(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..8)
    ) {
        let mut bytes = SEED_SCENARIO.as_bytes().to_vec();
        for (at, op, byte) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, byte),
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(s) = Scenario::parse(&text, Path::new("fuzz.toml")) {
            prop_assert!((2..=500).contains(&s.team.roster.size()));
            prop_assert!(s.horizon >= 1.0 && s.horizon <= 2400.0);
            prop_assert!((0.0..=1.0).contains(&s.leader.caring) && (0.0..=1.0).contains(&s.leader.daring));
        }
    }
}
