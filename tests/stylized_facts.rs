//! The stylized facts of MODEL.md section 6 and the patterns of its section 8.2, with
//! the default parameters.
//!
//! Every check is a paired comparison over 1,000 replications per leader (common random
//! numbers) on the bundled baseline scenario, a property of the update rules (fact 4), or
//! a level or spread over those runs (patterns 1 and 6). A check passes when its 95%
//! confidence interval lies beyond the threshold (margin > 0). Run with `-- --nocapture`
//! to see every statistic: `cargo test --release --test stylized_facts -- --nocapture`.
//!
//! Claims the model does not yet meet are listed in [`KNOWN_GAPS`], written up in
//! docs/LIMITS.md, and asserted by the ignored test `known_gaps_are_closed`, which fails
//! today: `cargo test --release --test stylized_facts -- --ignored`. Every other check of
//! a fact or pattern must pass.

use std::sync::OnceLock;
use teamsim::validation::{Check, Source, check_model, report};

/// Replications per leader. The weakest effect checked is then several standard errors
/// from its threshold; the whole file takes seconds in release.
const RUNS: u64 = 1000;

/// Claims that fail with the default parameters (docs/LIMITS.md, "Known gaps of model
/// version 2"): reported, not tuned away.
const KNOWN_GAPS: [&str; 1] = ["Grow share of secure members under secure-base within 3%..97%"];

fn checks() -> &'static [Check] {
    static CHECKS: OnceLock<Vec<Check>> = OnceLock::new();
    CHECKS.get_or_init(|| {
        let checks = check_model(RUNS, 2).expect("the model batches run");
        eprintln!("{}", report(&checks));
        checks
    })
}

fn print(c: &Check) {
    eprintln!(
        "{:<7} {:<80} estimate {:>10.4}  CI [{:.4}, {:.4}]  margin {:+.4}",
        c.source.to_string(),
        c.claim,
        c.estimate,
        c.ci.0,
        c.ci.1,
        c.margin
    );
}

/// Asserts every check of `source` except the known gaps, printing each statistic first.
fn assert_source(source: Source) {
    let mine: Vec<&Check> = checks().iter().filter(|c| c.source == source).collect();
    assert!(!mine.is_empty(), "no checks for {source}");
    for c in mine {
        print(c);
        if KNOWN_GAPS.contains(&c.claim.as_str()) {
            eprintln!("        (a known gap: see docs/LIMITS.md)");
            continue;
        }
        assert!(
            c.passed(),
            "{source} fails: {} (margin {:+.4})",
            c.claim,
            c.margin
        );
    }
}

#[test]
fn every_known_gap_names_a_check() {
    for gap in KNOWN_GAPS {
        assert!(
            checks().iter().any(|c| c.claim == gap),
            "KNOWN_GAPS names no check: {gap}"
        );
    }
}

#[test]
#[ignore = "the known gaps of model v2 (docs/LIMITS.md): fails until they are closed"]
fn known_gaps_are_closed() {
    for c in checks()
        .iter()
        .filter(|c| KNOWN_GAPS.contains(&c.claim.as_str()))
    {
        print(c);
        assert!(
            c.passed(),
            "still open: {} (margin {:+.4})",
            c.claim,
            c.margin
        );
    }
}

#[test]
fn fact_1_secure_base_yields_the_most_grow_and_learning() {
    assert_source(Source::Fact(1));
}

#[test]
fn fact_2_pleasing_keeps_safety_high_but_learns_less() {
    assert_source(Source::Fact(2));
}

#[test]
fn fact_3_dominating_gives_lowest_safety_most_absence_and_turnover() {
    assert_source(Source::Fact(3));
}

#[test]
fn fact_4_one_blame_costs_more_than_one_support_gains() {
    assert_source(Source::Fact(4));
}

#[test]
fn fact_5_attachment_moderates() {
    assert_source(Source::Fact(5));
}

#[test]
fn fact_6_safety_recovers_fastest_under_a_secure_base() {
    assert_source(Source::Fact(6));
}

#[test]
fn pattern_1_no_floors_or_ceilings() {
    assert_source(Source::Pattern(1));
}

#[test]
fn pattern_2_doel_1_comes_in_episodes_shortest_under_a_secure_base() {
    assert_source(Source::Pattern(2));
}

#[test]
fn pattern_3_green_versus_red() {
    assert_source(Source::Pattern(3));
}

#[test]
fn pattern_4_daring_matters_for_doel_2() {
    assert_source(Source::Pattern(4));
}

#[test]
fn pattern_5_attachment_persists() {
    assert_source(Source::Pattern(5));
}

#[test]
fn pattern_6_plausible_levels() {
    assert_source(Source::Pattern(6));
}
