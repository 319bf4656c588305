//! Tiny scenarios whose expected values are worked out by hand in the comments.

use std::path::Path;
use teamsim::scenario::Scenario;
use teamsim::sim::{self, DailyRecord};

/// Every stochastic process switched off, so that only the closed-form relaxation acts.
const QUIET: &str = r#"
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
fn safety_relaxes_to_its_anchor_and_crosses_into_grow_on_day_21() {
    // Two secure members start at safety 0.2 with trust 0.5 (= trust's resting level,
    // so trust stays put). Anchor a = 0.6 * 0.65 + 0.4 * 0.5 = 0.59.
    // s(t) = 0.59 - 0.39 e^{-0.05 t}:
    //   day 20: 0.59 - 0.39 * e^{-1} = 0.59 - 0.143473 = 0.446527
    // They start in Protect (0.2 < midpoint 0.375 of secure's 0.30/0.45 band) and return
    // to Grow once s > 0.45, i.e. t > 20 ln(0.39 / 0.14) = 20.49: still Protect at the
    // day-20 observation, Grow at day 21.
    let text = format!(
        "name = \"relax\"\nhorizon = 30\n[team]\nmembers = [{{ style = \"secure\", count = 2, safety = 0.2 }}]\n\
         [leader]\ncaring = 0\ndaring = 0\navailability = 0\n{QUIET}"
    );
    let r = run(&text);
    assert_eq!(r.len(), 31);
    assert_eq!(r[0].grow_share, Some(0.0));
    let s20 = r[20].safety.unwrap();
    assert!((s20 - 0.446527).abs() < 1e-6, "{s20}");
    assert_eq!(r[20].grow_share, Some(0.0));
    assert_eq!(r[21].grow_share, Some(1.0));
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
    // Safety starts at each anchor: fearful 0.6*0.35 + 0.4*0.9 = 0.57, avoidant
    // 0.6*0.55 + 0.4*0.9 = 0.69; mean 0.63. It follows the falling anchor from above.
    assert!((r[0].safety.unwrap() - 0.63).abs() < 1e-12);
    let s = r[100].safety.unwrap();
    let anchor_mean = 0.6 * (0.35 + 0.55) / 2.0 + 0.4 * t;
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
