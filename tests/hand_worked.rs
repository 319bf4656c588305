//! Tiny scenarios whose expected values are worked out by hand in the comments.

use std::path::Path;
use teamsim::scenario::Scenario;
use teamsim::sim::{self, DailyRecord};

/// Every stochastic process switched off, so that only the closed-form relaxation acts:
/// no burn-in, no differences between members, no everyday changes, no life events.
const QUIET: &str = r#"
[params.member]
burn_in_days = 0
rest_sd = 0
team_rest_sd = 0
sensitivity_sd = 0
threshold_sd = 0
life_event_rate = 0
[params.uncertainty]
change_rate = 0
[params.peer]
rate = 0
[params.setback]
base_rate = 0
[params.meeting]
interval = 365
[params.pressure]
peak_rate = 0
[params.absence]
base_hazard = 0
strain_hazard = 0
[params.turnover]
base_hazard = 0
distress_hazard = 0
[params.attachment]
request_rate = 0
"#;

fn run(text: &str) -> Vec<DailyRecord> {
    let s = Scenario::parse(text, Path::new("hand.toml")).expect("valid scenario");
    let mut records = Vec::new();
    sim::run(&s, 1, &mut records);
    records
}

#[test]
fn safety_relaxes_to_its_anchor_and_low_safety_alone_is_no_threat() {
    // Two secure members start at safety 0.2 with trust 0.5 (= trust's resting level,
    // so trust stays put). Anchor a = 0.6 * 0.65 + 0.4 * 0.5 = 0.59 (a secure member
    // needs no presence, so the absent leader takes nothing from it).
    // s(t) = 0.59 - 0.39 e^{-0.05 t}:
    //   day 20: 0.59 - 0.39 * e^{-1} = 0.59 - 0.143473 = 0.446527
    // Doel 1 is a threat appraisal (demand / resources): with no alarm and no
    // uncertainty there is no demand, so both stay in Grow however low safety is.
    let text = format!(
        "name = \"relax\"\nhorizon = 30\n[team]\nmembers = [{{ style = \"secure\", count = 2, safety = 0.2 }}]\n\
         [leader]\ncaring = 0\ndaring = 0\navailability = 0\n{QUIET}"
    );
    let r = run(&text);
    assert_eq!(r.len(), 31);
    let s20 = r[20].safety.unwrap();
    assert!((s20 - 0.446527).abs() < 1e-6, "{s20}");
    assert!(r.iter().all(|d| d.grow_share == Some(1.0)));
    assert_eq!(r[30].trust, Some(0.5));
}

#[test]
fn trust_drags_the_anchor_down_as_it_relaxes() {
    // One fearful and one avoidant member with trust 0.9, safety at their anchors.
    // Trust: T(t) = 0.5 + 0.4 e^{-0.01 t}; at day 100: 0.5 + 0.4 e^{-1} = 0.647152.
    let text = format!(
        "name = \"trust\"\nhorizon = 100\n[team]\nmembers = [{{ style = \"fearful\", trust = 0.9 }}, {{ style = \"avoidant\", trust = 0.9 }}]\n\
         [leader]\ncaring = 0\ndaring = 0\navailability = 0\n{QUIET}"
    );
    let r = run(&text);
    let t = r[100].trust.unwrap();
    assert!((t - 0.647152).abs() < 1e-6, "{t}");
    // Safety starts at each resting level with the leader there: fearful
    // 0.6*0.35 + 0.4*0.9 = 0.57, avoidant 0.6*0.55 + 0.4*0.9 = 0.69; mean 0.63. It
    // follows the falling anchor from above; the leader is never there (availability 0),
    // which takes the fearful member's need for presence (0.08) off their anchor.
    assert!((r[0].safety.unwrap() - 0.63).abs() < 1e-12);
    let s = r[100].safety.unwrap();
    let anchor_mean = 0.6 * (0.35 + 0.55) / 2.0 + 0.4 * t - 0.08 / 2.0;
    assert!(s > anchor_mean && s < 0.63, "{s} vs anchor {anchor_mean}");
}

#[test]
fn a_scheduled_pressure_peak_builds_strain_toward_its_balance() {
    // Pressure 1.0 from day 0 for the whole run: dr/dt = 0.15 (1 - r) - 0.10 r, so
    // r(t) = 0.6 (1 - e^{-0.25 t}); at day 8: 0.6 (1 - e^{-2}) = 0.518799.
    let text = format!(
        "name = \"strain\"\nhorizon = 8\n[team]\nsize = 2\n[leader]\ncaring = 0\ndaring = 0\navailability = 0\n\
         [[events]]\nkind = \"pressure\"\nday = 0\nduration = 100\nlevel = 1.0\n{QUIET}"
    );
    let r = run(&text);
    let strain = r[8].strain.unwrap();
    assert!((strain - 0.518799).abs() < 1e-6, "{strain}");
    assert_eq!(r[8].pressure, 1.0);
}

#[test]
fn a_reorganisation_without_clarity_is_a_35_day_doel_1_episode_or_48_with_its_loss() {
    // Two secure members at rest (safety 0.59, trust 0.5, competence 0.5, no strain)
    // under a leader with no daring and no presence; a reorganisation of severity 2 at
    // day 10; no team meetings within the 60 days.
    // Uncertainty: raised by 0.5 * 2 = 1.0 to 1.0; it fades only at the base rate 0.02 a
    // day (no daring, no presence), once each day after that day's observation:
    //   u(k) = e^{-0.02 (k - 10)} at the observation of day k.
    // The shock: safety loses 0.25 * 2 * 0.6 (threat) * (1 - 0.6 * 0.5) (trust buffer)
    // * (1 - 0.5 * 0.5) (competence) = 0.1575, to 0.4325.
    // strain rises by 0.1 * 2 * 0.6 = 0.12 and relaxes at 0.1 a day; alarm rises by
    // 0.3 * 2 * 0.7 * 0.6 * 0.75 = 0.189 and fades at the secure rate 0.6 a day.
    // Appraisal = (alarm + 0.6 u (1 - 0.5 * 0.5)) / (s (1 - 0.5 strain)); back in Grow
    // below mode_up 0.4.
    //
    // Without the loss (loss_share 0), safety relaxes back: s(k) = 0.59 - 0.1575
    // e^{-0.05 (k - 10)}, and
    //   day 10: (0.189 + 0.45) / (0.4325 * 0.94) = 1.5718 > 0.6: Protect;
    //   day 44: 0.45 * 0.506617 / (0.561227 * 0.997998) = 0.4070 (still Protect);
    //   day 45: 0.45 * 0.496585 / (0.562631 * 0.998188) = 0.3979 < 0.4: back in Grow.
    // One episode of 35 days each; 60 days are a quarter of a working year, so
    // 4 episodes per member-year.
    //
    // With the loss (loss_share 1, the default), all 0.1575 stays as a loss that only a
    // meeting works through, so safety settles at 0.59 - 0.1575 = 0.4325, where it is,
    // and stays there:
    //   day 57: 0.45 * 0.390628 / (0.4325 * (1 - 0.06 * e^{-4.7})) = 0.4067 (Protect);
    //   day 58: 0.45 * 0.382893 / (0.4325 * (1 - 0.06 * e^{-4.8})) = 0.3986 < 0.4: Grow.
    // One episode of 48 days.
    for (loss_share, safety_44, last_protect, days) in
        [("0", None, 44, 35.0), ("1", Some(0.4325), 57, 48.0)]
    {
        let text = format!(
            "name = \"reorg\"\nhorizon = 60\n[team]\nmembers = [{{ style = \"secure\", count = 2 }}]\n\
             [leader]\ncaring = 0\ndaring = 0\navailability = 0\n\
             [[events]]\nkind = \"reorganisation\"\nday = 10\nseverity = 2\n{QUIET}\
             [params.reorganisation]\nloss_share = {loss_share}\n"
        );
        let s = Scenario::parse(&text, Path::new("hand.toml")).expect("valid scenario");
        let mut r: Vec<DailyRecord> = Vec::new();
        let summary = sim::run(&s, 1, &mut r);
        assert_eq!(r[9].grow_share, Some(1.0));
        assert_eq!(r[10].grow_share, Some(0.0));
        assert!((r[10].uncertainty - 1.0).abs() < 1e-12);
        assert!((r[10].safety.unwrap() - 0.4325).abs() < 1e-9);
        assert!((r[10].alarm.unwrap() - 0.189).abs() < 1e-9);
        if let Some(settled) = safety_44 {
            assert!(
                (r[44].safety.unwrap() - settled).abs() < 1e-9,
                "{:?}",
                r[44].safety
            );
        }
        assert_eq!(
            r[last_protect].grow_share,
            Some(0.0),
            "loss_share {loss_share}"
        );
        assert_eq!(
            r[last_protect + 1].grow_share,
            Some(1.0),
            "loss_share {loss_share}"
        );
        let field = |name: &str| summary.get(name).unwrap();
        assert!((field("mean_protect_episode_days") - days).abs() < 1e-9);
        assert!((field("protect_episodes_per_member_year") - 4.0).abs() < 1e-9);
        assert!((field("mean_protect_episode_days_secure") - days).abs() < 1e-9);
    }
}

#[test]
fn cutting_a_vacant_position_unsettles_nobody_while_moving_a_person_does() {
    // Three secure members under a leader with no daring and no presence, so the team's
    // uncertainty fades only at the base rate 0.02 a day. A composition change at day 5
    // cuts one position and seats nobody. Uncertainty comes from people who leave or
    // join (`uncertainty.composition`, 0.05 a person; docs/MODEL.md 7.6):
    // - all three are at work, so the cut takes one of them: 0.05 is added at day 5 and
    //   fades, so at day 10 u lies between 0.05 e^{-0.02 x 6} = 0.0443 and 0.05;
    // - all three resigned in the first days (turnover hazard 1 a day) and their
    //   positions are still open at day 5 (filled after 365 days on average): the cut
    //   takes nobody with it, and u stays 0.
    let cases = [("0", 0.0443, 0.05), ("1", 0.0, 0.0)];
    for (hazard, low, high) in cases {
        let quiet = QUIET.replace(
            "[params.turnover]\nbase_hazard = 0",
            &format!("[params.turnover]\nvacancy_mean_days = 365\nbase_hazard = {hazard}"),
        );
        let text = format!(
            "name = \"cut\"\nhorizon = 10\n[team]\nmembers = [{{ style = \"secure\", count = 3 }}]\n\
             [leader]\ncaring = 0\ndaring = 0\navailability = 0\n\
             [[interventions]]\nkind = \"composition\"\nday = 5\nleave = 1\n{quiet}"
        );
        let r = run(&text);
        if hazard == "1" {
            // The premise: the position was vacant when it was cut.
            assert_eq!(r[4].departures, 3, "hazard {hazard}");
            assert_eq!(r[4].present, 0, "hazard {hazard}");
        } else {
            assert_eq!(r[4].present, 3, "hazard {hazard}");
        }
        assert_eq!(r[4].team_size, 3, "hazard {hazard}");
        assert_eq!(r[6].team_size, 2, "hazard {hazard}");
        assert_eq!(r[4].uncertainty, 0.0, "hazard {hazard}");
        let u = r[10].uncertainty;
        assert!(u >= low && u <= high, "hazard {hazard}: u(10) = {u}");
    }
}
