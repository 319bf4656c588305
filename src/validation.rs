//! The stylized facts of MODEL.md section 6, checked over many seeds.
//!
//! Every check is a paired comparison over common random numbers (the same seeds under
//! every leader) or a property of the model's update rules, reported with its estimate,
//! 95% confidence interval and margin: how far the interval's near end lies beyond the
//! threshold the claim needs (positive = the claim holds clear of noise).

use crate::batch::stats::{Accumulator, t_975};
use crate::batch::{self, BatchError, BatchSpec, RunRow};
use crate::model::{AttachmentStyle, Member, Params, Quadrant};
use crate::scenario::Scenario;
use crate::sim::{self, DailyRecord, Observer, Summary};
use std::fmt::Write as _;
use std::path::Path;

/// The bundled baseline scenario, the setting of facts 1-5.
const BASELINE: &str = include_str!("../scenarios/baseline.toml");

/// Fact 6's setting: the baseline team with one reorganisation at day 60.5 (half a day
/// after an observation, so day 60 is the level before the shock and day 61 just after).
const REORGANISATION: &str = r#"
name = "fact-6"
seed = 6
horizon = 120
[team]
size = 12
[leader]
quadrant = "secure-base"
[[events]]
kind = "reorganisation"
day = 60.5
"#;

/// Days after the shock at which recovery is measured (fact 6).
pub const RECOVERY_DAYS: usize = 20;

/// One checked claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The fact (1-6) of MODEL.md section 6.
    pub fact: u8,
    /// What is claimed, in words.
    pub claim: String,
    /// Estimate of the statistic.
    pub estimate: f64,
    /// Its 95% confidence interval.
    pub ci: (f64, f64),
    /// The distance of the interval's near end beyond the threshold (> 0: holds).
    pub margin: f64,
    /// Number of paired runs behind it (0 for a property of the rules).
    pub n: u64,
}

impl Check {
    /// Whether the claim holds clear of noise.
    pub fn passed(&self) -> bool {
        self.margin > 0.0
    }
}

/// A claim that `mean(x) > threshold` over paired runs.
fn above(fact: u8, claim: String, values: &[f64], threshold: f64) -> Check {
    let mut acc = Accumulator::new(None);
    values.iter().for_each(|v| acc.push(*v));
    let s = acc.stats();
    let (estimate, ci) = s.map_or((f64::NAN, (f64::NAN, f64::NAN)), |s| {
        (s.mean, (s.ci_low, s.ci_high))
    });
    Check {
        fact,
        claim,
        estimate,
        ci,
        margin: if ci.0.is_nan() {
            f64::NEG_INFINITY
        } else {
            ci.0 - threshold
        },
        n: values.len() as u64,
    }
}

/// Collects, per replication, every variant's summary.
fn batch(scenario: &Scenario, runs: u64, threads: usize) -> Result<Vec<Vec<Summary>>, BatchError> {
    let spec = BatchSpec::four_styles(scenario, runs);
    let mut rows: Vec<Vec<Summary>> = vec![Vec::new(); runs as usize];
    batch::run_batch::<BatchError>(
        &spec,
        threads,
        |row: &RunRow| {
            rows[row.replication as usize].push(row.summary.clone());
            Ok(())
        },
        &|| {},
    )?;
    Ok(rows)
}

fn q(index: Quadrant) -> usize {
    Quadrant::ALL.iter().position(|x| *x == index).unwrap_or(0)
}

fn field(s: &Summary, name: &str) -> f64 {
    s.get(name).unwrap_or(f64::NAN)
}

/// Paired differences `a - b` of a summary field over replications.
fn paired(rows: &[Vec<Summary>], a: Quadrant, b: Quadrant, name: &str) -> Vec<f64> {
    rows.iter()
        .map(|r| field(&r[q(a)], name) - field(&r[q(b)], name))
        .filter(|v| v.is_finite())
        .collect()
}

/// Checks every fact with `runs` paired replications per leader.
pub fn check_facts(runs: u64, threads: usize) -> Result<Vec<Check>, BatchError> {
    let base = Scenario::parse(BASELINE, Path::new("scenarios/baseline.toml"))
        .map_err(|e| BatchError::Invalid(e.to_string()))?;
    let rows = batch(&base, runs, threads)?;
    let mut out = Vec::new();
    let others = |me: Quadrant| Quadrant::ALL.into_iter().filter(move |x| *x != me);
    use Quadrant::*;

    // 1. The secure base yields the highest Grow share and the most learning.
    for x in others(SecureBase) {
        out.push(above(
            1,
            format!("Grow share: secure-base - {x} > 0"),
            &paired(&rows, SecureBase, x, "avg_grow_share"),
            0.0,
        ));
        out.push(above(
            1,
            format!("learning: secure-base - {x} > 0"),
            &paired(&rows, SecureBase, x, "total_learning"),
            0.0,
        ));
    }

    // 2. Pleasing keeps safety high, but learning clearly below the secure base.
    for x in [Dominating, Avoiding] {
        out.push(above(
            2,
            format!("safety: pleasing - {x} > 0"),
            &paired(&rows, Pleasing, x, "avg_safety"),
            0.0,
        ));
    }
    out.push(above(
        2,
        "safety: pleasing - secure-base > -0.05 (as high, within 0.05)".into(),
        &paired(&rows, Pleasing, SecureBase, "avg_safety"),
        -0.05,
    ));
    let learning_gap: Vec<f64> = rows
        .iter()
        .map(|r| {
            0.75 * field(&r[q(SecureBase)], "total_learning")
                - field(&r[q(Pleasing)], "total_learning")
        })
        .collect();
    out.push(above(
        2,
        "learning: 0.75 x secure-base - pleasing > 0 (at least 25% below)".into(),
        &learning_gap,
        0.0,
    ));

    // 3. A dominating leader: lowest safety, most absence and turnover.
    for x in others(Dominating) {
        out.push(above(
            3,
            format!("safety: {x} - dominating > 0"),
            &paired(&rows, x, Dominating, "avg_safety"),
            0.0,
        ));
        out.push(above(
            3,
            format!("absence days: dominating - {x} > 0"),
            &paired(&rows, Dominating, x, "total_absence_days"),
            0.0,
        ));
        out.push(above(
            3,
            format!("departures: dominating - {x} > 0"),
            &paired(&rows, Dominating, x, "total_departures"),
            0.0,
        ));
    }

    // 4. Negative events outweigh positive ones: one blame costs more than one support
    //    gains, for a member of every style at their resting state.
    out.extend(blame_outweighs_support(&base.params));

    // 5. Attachment moderates (pooled over the four leaders, so that no ceiling of one
    //    leader hides the ordering).
    // Mean over the leaders under which the value is defined (a style never in Protect
    // under a leader has no Protect hide rate there).
    let pooled = |name: &str| -> Vec<f64> {
        rows.iter()
            .map(|r| {
                let v: Vec<f64> = r
                    .iter()
                    .map(|s| field(s, name))
                    .filter(|v| v.is_finite())
                    .collect();
                v.iter().sum::<f64>() / v.len() as f64
            })
            .collect()
    };
    let pooled_diff = |a: &str, b: &str| -> Vec<f64> {
        pooled(a)
            .iter()
            .zip(pooled(b))
            .map(|(x, y)| x - y)
            .collect()
    };
    for x in [
        AttachmentStyle::Anxious,
        AttachmentStyle::Avoidant,
        AttachmentStyle::Fearful,
    ] {
        out.push(above(
            5,
            format!("Grow share: secure - {x} > 0"),
            &pooled_diff("grow_share_secure", &format!("grow_share_{x}")),
            0.0,
        ));
    }
    for x in [AttachmentStyle::Anxious, AttachmentStyle::Avoidant] {
        out.push(above(
            5,
            format!("Grow share: {x} - fearful > 0"),
            &pooled_diff(&format!("grow_share_{x}"), "grow_share_fearful"),
            0.0,
        ));
    }
    // Hiding and silence are ways of coping in Protect, so they are compared among
    // members in Protect: otherwise the styles that spend more time there (anxious,
    // fearful) would hide more simply for being there more often.
    for x in [
        AttachmentStyle::Secure,
        AttachmentStyle::Anxious,
        AttachmentStyle::Fearful,
    ] {
        out.push(above(
            5,
            format!("hidden setbacks in Protect: avoidant - {x} > 0"),
            &pooled_diff(
                "protect_hide_rate_avoidant",
                &format!("protect_hide_rate_{x}"),
            ),
            0.0,
        ));
        out.push(above(
            5,
            format!("speaking up in Protect: {x} - avoidant > 0"),
            &pooled_diff(
                &format!("protect_voice_rate_{x}"),
                "protect_voice_rate_avoidant",
            ),
            0.0,
        ));
    }

    // 6. After a reorganisation safety recovers fastest under a secure base.
    out.extend(recovery(runs, threads)?);
    Ok(out)
}

fn blame_outweighs_support(params: &Params) -> Vec<Check> {
    let mp = &params.member;
    AttachmentStyle::ALL
        .iter()
        .map(|style| {
            let m = Member::new(*style, mp.initial_trust, mp.initial_competence, mp);
            let mut blamed = m.clone();
            blamed.suffer(
                params.setback.blame_safety * mp.threat_sensitivity.get(*style),
                mp.resilience,
            );
            // At rest the member is in Grow, so the secure help bonus (Protect only) does
            // not apply.
            let mut supported = m.clone();
            supported.raise_safety(params.contact.support_safety * mp.receptivity.get(*style));
            let loss = m.safety - blamed.safety;
            let win = supported.safety - m.safety;
            let ratio = loss / win;
            Check {
                fact: 4,
                claim: format!(
                    "{style} at rest: safety lost to one blame / gained from one support > 1"
                ),
                estimate: ratio,
                ci: (ratio, ratio),
                margin: ratio - 1.0,
                n: 0,
            }
        })
        .collect()
}

/// Records the team's mean safety at each observation.
#[derive(Default)]
struct SafetySeries(Vec<f64>);

impl Observer for SafetySeries {
    fn record(&mut self, r: &DailyRecord) {
        self.0.push(r.safety.unwrap_or(f64::NAN));
    }
}

fn recovery(runs: u64, threads: usize) -> Result<Vec<Check>, BatchError> {
    let scenario = Scenario::parse(REORGANISATION, Path::new("fact-6"))
        .map_err(|e| BatchError::Invalid(e.to_string()))?;
    let pool = batch::thread_pool(threads)?;
    use rayon::prelude::*;
    // Share of the drop made good RECOVERY_DAYS after the shock, per leader and seed.
    let shares: Vec<[f64; 4]> = pool.install(|| {
        (0..runs)
            .into_par_iter()
            .map(|r| {
                let seed = batch::replication_seed(scenario.seed, r);
                Quadrant::ALL.map(|quadrant| {
                    let (c, d) = quadrant.preset();
                    let mut series = SafetySeries::default();
                    sim::run(&scenario.with_leader_at(c, d), seed, &mut series);
                    let s = &series.0;
                    let (before, after, later) = (s[60], s[61], s[61 + RECOVERY_DAYS]);
                    (later - after) / (before - after)
                })
            })
            .collect()
    });
    let mut out = Vec::new();
    let sb = q(Quadrant::SecureBase);
    for x in Quadrant::ALL
        .into_iter()
        .filter(|x| *x != Quadrant::SecureBase)
    {
        let diffs: Vec<f64> = shares
            .iter()
            .map(|s| s[sb] - s[q(x)])
            .filter(|v| v.is_finite())
            .collect();
        out.push(above(
            6,
            format!(
                "share of the drop recovered after {RECOVERY_DAYS} days: secure-base - {x} > 0"
            ),
            &diffs,
            0.0,
        ));
    }
    Ok(out)
}

/// The checks as a table for people.
pub fn report(checks: &[Check]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "fact  result  estimate   95% CI                 margin    n     claim"
    );
    for c in checks {
        let _ = writeln!(
            out,
            "{:>4}  {:6}  {:>9.4}  [{:>9.4}, {:>9.4}]  {:>+8.4}  {:>5}  {}",
            c.fact,
            if c.passed() { "ok" } else { "FAILED" },
            c.estimate,
            c.ci.0,
            c.ci.1,
            c.margin,
            c.n,
            c.claim
        );
    }
    let failed = checks.iter().filter(|c| !c.passed()).count();
    let _ = writeln!(
        out,
        "{} checks, {} passed, {} failed (t quantile for n-1 df; e.g. {:.3} at n = 300)",
        checks.len(),
        checks.len() - failed,
        failed,
        t_975(299)
    );
    out
}
