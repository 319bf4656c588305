//! The leader's own sick leave (docs/MODEL.md 7.8): how often it comes, how long it
//! lasts, and that the team meeting, which is the leader's, does not take place while
//! the leader is away.

mod common;

use std::path::Path;
use teamsim::scenario::Scenario;
use teamsim::sim::{self, DailyRecord, EventKind, Observer};

/// What a run shows of the leader's absence: the spells (start, end) in scenario days
/// (one that began in the burn-in is seen from day 0) and the times of the meetings due.
#[derive(Default)]
struct Spells {
    away_since: Option<f64>,
    spells: Vec<(f64, f64)>,
    meetings: Vec<f64>,
    starts: u64,
}

impl Spells {
    /// Meetings due while the leader was there, and while away.
    fn meetings(&self) -> (u64, u64) {
        let away = |t: f64| {
            self.spells.iter().any(|(a, b)| *a <= t && t < *b)
                || self.away_since.is_some_and(|a| a <= t)
        };
        let n_away = self.meetings.iter().filter(|t| away(**t)).count() as u64;
        (self.meetings.len() as u64 - n_away, n_away)
    }
}

impl Observer for Spells {
    fn record(&mut self, _: &DailyRecord) {}

    fn event(&mut self, time: f64, kind: EventKind) {
        match kind {
            EventKind::LeaderAway => {
                assert!(self.away_since.is_none(), "two spells at once at {time}");
                self.away_since = Some(time);
                self.starts += 1;
            }
            EventKind::LeaderBack => {
                // A spell that began in the burn-in is seen from day 0.
                let since = self.away_since.take().unwrap_or(0.0);
                self.spells.push((since, time));
            }
            EventKind::Meeting => self.meetings.push(time),
            _ => {}
        }
    }
}

fn baseline(extra: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let text = std::fs::read_to_string(&path).expect("bundled scenario") + extra;
    Scenario::parse(&text, &path).expect("valid scenario")
}

#[test]
fn the_leader_is_away_about_as_often_and_as_long_as_a_member_at_rest() {
    let s = baseline("");
    let p = &s.params.absence;
    let (h, d) = (p.base_hazard * p.leader_share, p.mean_duration);
    let runs = 400;
    let (mut starts, mut days_away) = (0u64, 0.0);
    for seed in 0..runs {
        let mut o = Spells::default();
        sim::run(&s, seed, &mut o);
        if let Some(since) = o.away_since {
            o.spells.push((since, s.horizon));
        }
        starts += o.starts;
        days_away += o
            .spells
            .iter()
            .map(|(a, b)| b.min(s.horizon) - a)
            .sum::<f64>();
    }
    // An alternating chain: present for 1/h days on average, away for d.
    let cycle = 1.0 / h + d;
    let expected_starts = s.horizon / cycle;
    let mean_starts = starts as f64 / runs as f64;
    // Spell starts are close to Poisson: sd of the mean about sqrt(0.8 / 400) = 0.045.
    assert!(
        (mean_starts - expected_starts).abs() < 0.18,
        "{mean_starts} spells a year, expected {expected_starts}"
    );
    let share = days_away / (runs as f64 * s.horizon);
    let expected_share = d / cycle;
    assert!(
        (share - expected_share).abs() < 0.01,
        "away {share} of the days, expected {expected_share}"
    );
}

#[test]
fn no_meeting_takes_place_while_the_leader_is_away() {
    // A leader away often, so that many meetings fall in a spell.
    let s = baseline("\n[params.absence]\nleader_share = 10\n");
    let (mut away, mut present) = (0, 0);
    for seed in 0..20 {
        let mut o = Spells::default();
        let summary = sim::run(&s, seed, &mut o);
        let (held, missed) = o.meetings();
        assert_eq!(summary.counts.meetings, held, "seed {seed}");
        away += missed;
        present += held;
    }
    assert!(
        away > 20 && present > 20,
        "{away} meetings fell in a spell, {present} not"
    );
}

#[test]
fn a_leader_share_of_zero_means_a_leader_who_is_never_away() {
    let s = baseline("\n[params.absence]\nleader_share = 0\n");
    for seed in 0..20 {
        let mut o = Spells::default();
        sim::run(&s, seed, &mut o);
        assert_eq!(o.starts + o.spells.len() as u64, 0, "seed {seed}");
    }
}

#[test]
fn a_run_marks_the_leaders_spells_on_its_timeline() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("often-away.toml");
    let base = std::fs::read_to_string(common::scenario("baseline.toml")).expect("bundled");
    std::fs::write(&file, base + "\n[params.absence]\nleader_share = 10\n").expect("written");
    let out = dir.path().join("run");
    let o = common::teamsim(&[
        "run",
        &file.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let timeline = std::fs::read_to_string(out.join("timeline.csv")).expect("timeline.csv");
    let horizon = baseline("").horizon;
    let spells: Vec<(f64, f64)> = timeline
        .lines()
        .filter(|l| l.ends_with(",leader-sick"))
        .map(|l| {
            let f: Vec<f64> = l
                .split(',')
                .take(2)
                .map(|x| x.parse().expect("a number"))
                .collect();
            (f[0], f[1])
        })
        .collect();
    // About eight spells a year at ten times a member's hazard.
    assert!(spells.len() >= 2, "{timeline}");
    for w in spells.windows(2) {
        assert!(w[0].1 <= w[1].0, "spells overlap: {timeline}");
    }
    for (start, end) in &spells {
        assert!(
            0.0 <= *start && start < end && *end <= horizon,
            "{timeline}"
        );
    }
    // The summary at the terminal says the same.
    let days: f64 = spells.iter().map(|(a, b)| b - a).sum();
    let said = format!("{} days in {} spells", days.round(), spells.len());
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.lines().any(|l| {
            let l = l.trim();
            l.starts_with("leader off sick") && l.ends_with(&said)
        }),
        "{said:?} not in:\n{stdout}"
    );
}

#[test]
fn a_scheduled_absence_cancels_the_meetings_it_covers() {
    // Only the scheduled absence: the leader is never off sick here.
    let s = baseline(
        "\n[[events]]\nkind = \"leider-afwezig\"\nday = 100\nduration = 30\n\n[params.absence]\nleader_share = 0\n",
    );
    for seed in 0..10 {
        let mut o = Spells::default();
        let summary = sim::run(&s, seed, &mut o);
        assert_eq!(o.starts, 0, "seed {seed}: off sick with leader_share 0");
        let due_outside = o
            .meetings
            .iter()
            .filter(|t| !(100.0..130.0).contains(*t))
            .count() as u64;
        let due_inside = o.meetings.len() as u64 - due_outside;
        assert!(
            due_inside >= 5,
            "seed {seed}: {due_inside} meetings due while away"
        );
        assert_eq!(summary.counts.meetings, due_outside, "seed {seed}");
    }
}

#[test]
fn an_absence_of_a_replaced_leader_does_not_end_the_new_leaders() {
    // The first leader is away from day 100 to 130 and replaced on day 110; the new
    // leader is away from day 120 to 150. The first absence's end on day 130 belongs to
    // a leader who has gone, so no meeting takes place until day 150.
    let s = baseline(
        "\n[[events]]\nkind = \"leader-absence\"\nday = 100\nduration = 30\n\n\
         [[events]]\nkind = \"leader-absence\"\nday = 120\nduration = 30\n\n\
         [[interventions]]\nkind = \"leader-replacement\"\nday = 110\ncaring = 0.8\ndaring = 0.8\n\n\
         [params.absence]\nleader_share = 0\n",
    );
    for seed in 0..5 {
        let mut o = Spells::default();
        let summary = sim::run(&s, seed, &mut o);
        let away = |t: &f64| (100.0..110.0).contains(t) || (120.0..150.0).contains(t);
        let due_there = o.meetings.iter().filter(|t| !away(t)).count() as u64;
        assert!(
            o.meetings
                .iter()
                .filter(|t| (130.0..150.0).contains(*t))
                .count()
                >= 3,
            "seed {seed}: too few meetings due between days 130 and 150"
        );
        assert_eq!(summary.counts.meetings, due_there, "seed {seed}");
    }
}
