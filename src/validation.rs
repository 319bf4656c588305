//! The stylized facts of MODEL.md section 6 and the patterns of its section 8.2 (what
//! version 2 of the model must show), checked over many seeds.
//!
//! Every check is a paired comparison over common random numbers (the same seeds under
//! every leader) or a property of the model's update rules, reported with its estimate,
//! 95% confidence interval and margin: how far the interval's near end lies beyond the
//! threshold the claim needs (positive = the claim holds clear of noise).

use crate::batch::stats::{Accumulator, Stats, t_975};
use crate::batch::{self, BatchError, BatchSpec, RunRow, Variant};
use crate::lang::Lang;
use crate::model::{AttachmentStyle, Disposition, Member, Params, Quadrant};
use crate::problem::Said;
use crate::scenario::Scenario;
use crate::sim::field;
use crate::sim::{self, DailyRecord, MemberSnapshot, Observer, PositionState, Summary};
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

/// Where a checked claim comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A stylized fact of MODEL.md section 6 (1-6).
    Fact(u8),
    /// A pattern version 2 of the model must show, MODEL.md section 8.2 (1-6).
    Pattern(u8),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Fact(k) => write!(f, "fact {k}"),
            Source::Pattern(k) => write!(f, "8.2.{k}"),
        }
    }
}

/// One checked claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The fact or pattern it belongs to.
    pub source: Source,
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

/// The statistics of `values` (moments only), None when there are none.
fn stats_of(values: &[f64]) -> Option<Stats> {
    let mut acc = Accumulator::new(None);
    values.iter().for_each(|v| acc.push(*v));
    acc.stats()
}

/// Mean and 95% confidence interval of `values` (NaN when there are none).
fn mean_ci(values: &[f64]) -> (f64, (f64, f64)) {
    stats_of(values).map_or((f64::NAN, (f64::NAN, f64::NAN)), |s| {
        (s.mean, (s.ci_low, s.ci_high))
    })
}

/// A claim that the mean of `values` lies within `lo..=hi`, with its whole 95% interval.
fn within(source: Source, claim: String, values: &[f64], lo: f64, hi: f64) -> Check {
    let (estimate, ci) = mean_ci(values);
    let margin = (ci.0 - lo).min(hi - ci.1);
    Check {
        source,
        claim,
        estimate,
        ci,
        margin: if margin.is_nan() {
            f64::NEG_INFINITY
        } else {
            margin
        },
        n: values.len() as u64,
    }
}

/// A claim that `mean(x) > threshold` over paired runs.
fn above(source: Source, claim: String, values: &[f64], threshold: f64) -> Check {
    let (estimate, ci) = mean_ci(values);
    Check {
        source,
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

/// The middle leader of pattern 8.2.6 (caring 0.5, daring 0.5): the fifth variant.
const MIDDLE: usize = 4;

/// Collects, per replication, every variant's summary: the four quadrant leaders and
/// the middle leader.
fn batch(scenario: &Scenario, runs: u64, threads: usize) -> Result<Vec<Vec<Summary>>, BatchError> {
    let mut spec = BatchSpec::four_styles(scenario, runs);
    spec.variants.push(Variant {
        name: "middle".into(),
        caring: 0.5,
        daring: 0.5,
        availability: None,
        interventions: true,
        settings: Vec::new(),
    });
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

/// Checks every fact and every pattern with `runs` paired replications per leader.
pub fn check_model(runs: u64, threads: usize) -> Result<Vec<Check>, BatchError> {
    let base = Scenario::parse(BASELINE, Path::new("scenarios/baseline.toml"))
        .map_err(|e| BatchError::Invalid(Said::new(e.render(Lang::En), e.render(Lang::Nl))))?;
    let rows = batch(&base, runs, threads)?;
    let mut out = Vec::new();
    let others = |me: Quadrant| Quadrant::ALL.into_iter().filter(move |x| *x != me);
    use Quadrant::*;

    // 1. The secure base yields the highest Grow share and the most learning.
    for x in others(SecureBase) {
        out.push(above(
            Source::Fact(1),
            format!("Grow share: secure-base - {x} > 0"),
            &paired(&rows, SecureBase, x, field::AVG_GROW_SHARE),
            0.0,
        ));
        out.push(above(
            Source::Fact(1),
            format!("learning: secure-base - {x} > 0"),
            &paired(&rows, SecureBase, x, field::TOTAL_LEARNING),
            0.0,
        ));
    }

    // 2. Pleasing keeps safety high, but learning clearly below the secure base.
    for x in [Dominating, Avoiding] {
        out.push(above(
            Source::Fact(2),
            format!("safety: pleasing - {x} > 0"),
            &paired(&rows, Pleasing, x, field::AVG_SAFETY),
            0.0,
        ));
    }
    out.push(above(
        Source::Fact(2),
        "safety: pleasing - secure-base > -0.05 (as high, within 0.05)".into(),
        &paired(&rows, Pleasing, SecureBase, field::AVG_SAFETY),
        -0.05,
    ));
    let learning_gap: Vec<f64> = rows
        .iter()
        .map(|r| {
            0.75 * field(&r[q(SecureBase)], field::TOTAL_LEARNING)
                - field(&r[q(Pleasing)], field::TOTAL_LEARNING)
        })
        .collect();
    out.push(above(
        Source::Fact(2),
        "learning: 0.75 x secure-base - pleasing > 0 (at least 25% below)".into(),
        &learning_gap,
        0.0,
    ));

    // 3. A dominating leader: lowest safety, most absence and turnover.
    for x in others(Dominating) {
        out.push(above(
            Source::Fact(3),
            format!("safety: {x} - dominating > 0"),
            &paired(&rows, x, Dominating, field::AVG_SAFETY),
            0.0,
        ));
        out.push(above(
            Source::Fact(3),
            format!("absence days: dominating - {x} > 0"),
            &paired(&rows, Dominating, x, field::TOTAL_ABSENCE_DAYS),
            0.0,
        ));
        out.push(above(
            Source::Fact(3),
            format!("departures: dominating - {x} > 0"),
            &paired(&rows, Dominating, x, field::TOTAL_DEPARTURES),
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
    let grow = |style| field::of_style(field::GROW_SHARE, style);
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
            Source::Fact(5),
            format!("Grow share: secure - {x} > 0"),
            &pooled_diff(&grow(AttachmentStyle::Secure), &grow(x)),
            0.0,
        ));
    }
    for x in [AttachmentStyle::Anxious, AttachmentStyle::Avoidant] {
        out.push(above(
            Source::Fact(5),
            format!("Grow share: {x} - fearful > 0"),
            &pooled_diff(&grow(x), &grow(AttachmentStyle::Fearful)),
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
            Source::Fact(5),
            format!("hidden setbacks in Protect: avoidant - {x} > 0"),
            &pooled_diff(
                "protect_hide_rate_avoidant",
                &format!("protect_hide_rate_{x}"),
            ),
            0.0,
        ));
        out.push(above(
            Source::Fact(5),
            format!("speaking up in Protect: {x} - avoidant > 0"),
            &pooled_diff(
                &format!("protect_voice_rate_{x}"),
                "protect_voice_rate_avoidant",
            ),
            0.0,
        ));
    }

    // 6. After a reorganisation safety recovers fastest under a secure base (and 8.2.3:
    //    the Grow dip after it is smallest under the secure base).
    let series = reorganisation_series(runs, threads)?;
    out.extend(recovery(&series));
    out.extend(patterns(&rows, &base, &series));
    out.push(day_to_day(&base, runs.min(DIARY_RUNS), threads)?);
    Ok(out)
}

/// Runs behind the day-to-day check: enough for a tight interval at a fraction of the cost.
const DIARY_RUNS: u64 = 200;

/// Fewest working days a member must be seen at work to count as one diary.
const DIARY_MIN_DAYS: usize = 10;

/// Each member's daily resources (felt safety drained by strain, times the day's form),
/// as a diary study would sample them: one series per person, on the days at work.
#[derive(Default)]
struct Diaries {
    /// The open diary of each position.
    open: Vec<Vec<f64>>,
    /// Closed diaries.
    done: Vec<Vec<f64>>,
    params: crate::model::params::MemberParams,
}

impl Observer for Diaries {
    fn record(&mut self, _r: &DailyRecord) {}
    fn wants_members(&self) -> bool {
        true
    }
    fn members(&mut self, _day: f64, members: &[MemberSnapshot]) {
        if self.open.len() < members.len() {
            self.open.resize(members.len(), Vec::new());
        }
        for m in members {
            match m.state {
                PositionState::Present => {
                    self.open[m.position].push(m.member.resources(&self.params))
                }
                PositionState::Absent => {}
                // A vacancy ends the holder's diary; a newcomer starts a new one.
                PositionState::Vacant => {
                    let diary = std::mem::take(&mut self.open[m.position]);
                    self.done.push(diary);
                }
            }
        }
    }
}

impl Diaries {
    /// The share of the variance of daily values that lies within persons (1 - ICC(1)),
    /// over the diaries of at least [`DIARY_MIN_DAYS`] days.
    fn within_share(mut self) -> f64 {
        self.done.append(&mut self.open);
        let kept: Vec<(f64, f64)> = self
            .done
            .iter()
            .filter(|d| d.len() >= DIARY_MIN_DAYS)
            .map(|d| {
                let n = d.len() as f64;
                let mean = d.iter().sum::<f64>() / n;
                let var = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
                (mean, var)
            })
            .collect();
        if kept.len() < 2 {
            return f64::NAN;
        }
        let k = kept.len() as f64;
        let within = kept.iter().map(|(_, v)| v).sum::<f64>() / k;
        let grand = kept.iter().map(|(m, _)| m).sum::<f64>() / k;
        let between = kept.iter().map(|(m, _)| (m - grand).powi(2)).sum::<f64>() / (k - 1.0);
        within / (within + between)
    }
}

/// Pattern 8.2.6, day to day: under the middle leader, the share of the variance of a
/// member's daily resources that lies within persons is as large as diary studies of
/// daily states at work find: 23% for daily job insecurity, 36% for job satisfaction
/// (Ilies & Judge 2002), 54% for its affective part (Elfering, Odoni & Meier 2016), 56%
/// for mood at work (Miner, Glomb & Hulin 2005).
fn day_to_day(base: &Scenario, runs: u64, threads: usize) -> Result<Check, BatchError> {
    let scenario = base.with_leader_at(0.5, 0.5);
    let pool = batch::thread_pool(threads)?;
    use rayon::prelude::*;
    let shares: Vec<f64> = pool.install(|| {
        (0..runs)
            .into_par_iter()
            .map(|r| {
                let mut diaries = Diaries {
                    params: scenario.params.member.clone(),
                    ..Diaries::default()
                };
                sim::run(
                    &scenario,
                    batch::replication_seed(scenario.seed, r),
                    &mut diaries,
                );
                diaries.within_share()
            })
            .filter(|v| v.is_finite())
            .collect()
    });
    Ok(within(
        Source::Pattern(6),
        "middle leader: within-person share of the variance of daily resources within 23%..56%"
            .into(),
        &shares,
        0.23,
        0.56,
    ))
}

/// The checks of MODEL.md section 8.2 on the baseline rows and the reorganisation series.
fn patterns(rows: &[Vec<Summary>], base: &Scenario, series: &[[Series; 4]]) -> Vec<Check> {
    use Quadrant::*;
    let mut out = Vec::new();
    let column = |leader: usize, name: &str| -> Vec<f64> {
        rows.iter()
            .map(|r| field(&r[leader], name))
            .filter(|v| v.is_finite())
            .collect()
    };
    let styled = field::of_style;

    // 1. No floors or ceilings: every leader x style within 3%..97% of the time in
    //    Grow, with a 5-95% range across runs wider than 2 points.
    for leader in Quadrant::ALL {
        for style in AttachmentStyle::ALL {
            let v = column(q(leader), &styled(field::GROW_SHARE, style));
            out.push(within(
                Source::Pattern(1),
                format!("Grow share of {style} members under {leader} within 3%..97%"),
                &v,
                0.03,
                0.97,
            ));
            let spread = spread_5_95(&v);
            out.push(Check {
                source: Source::Pattern(1),
                claim: format!(
                    "5-95% range of the {style} Grow share under {leader} across runs > 2 points"
                ),
                estimate: spread,
                ci: (spread, spread),
                margin: spread - 0.02,
                n: v.len() as u64,
            });
        }
    }

    // 2. Episodes: every style has Doel 1 episodes under every leader, at least 2 per
    //    member-year under the secure base; episodes are shortest under the secure base.
    for leader in Quadrant::ALL {
        for style in AttachmentStyle::ALL {
            let (threshold, what) = if leader == SecureBase {
                (2.0, ">= 2")
            } else {
                (0.0, "> 0")
            };
            out.push(above(
                Source::Pattern(2),
                format!("Doel 1 episodes per member-year, {style} under {leader} {what}"),
                &column(q(leader), &styled(field::PROTECT_EPISODES, style)),
                threshold,
            ));
        }
    }
    for x in Quadrant::ALL.into_iter().filter(|x| *x != SecureBase) {
        out.push(above(
            Source::Pattern(2),
            format!("mean Doel 1 episode length: {x} - secure-base > 0 days"),
            &paired(rows, x, SecureBase, field::PROTECT_EPISODE_DAYS),
            0.0,
        ));
    }

    // 3. Green versus red: the secure base at least 5 points above pleasing in Grow
    //    (95% CI above 0); its Grow dip after a reorganisation smallest; every red
    //    quadrant harms someone.
    let gap = paired(rows, SecureBase, Pleasing, field::AVG_GROW_SHARE);
    let (estimate, ci) = mean_ci(&gap);
    out.push(Check {
        source: Source::Pattern(3),
        claim: "Grow share: secure-base - pleasing >= 5 points, 95% CI above 0".into(),
        estimate,
        ci,
        margin: (estimate - 0.05).min(ci.0),
        n: gap.len() as u64,
    });
    let sb = q(SecureBase);
    for x in Quadrant::ALL.into_iter().filter(|x| *x != SecureBase) {
        let diffs: Vec<f64> = series
            .iter()
            .map(|s| s[q(x)].grow_days_lost() - s[sb].grow_days_lost())
            .filter(|v| v.is_finite())
            .collect();
        out.push(above(
            Source::Pattern(3),
            format!(
                "Grow-days lost per member in the {RECOVERY_DAYS} days after a reorganisation: {x} - secure-base > 0"
            ),
            &diffs,
            0.0,
        ));
    }
    for x in [Dominating, Avoiding, Pleasing] {
        // The style and measure that show the harm most clearly.
        let best = AttachmentStyle::ALL
            .into_iter()
            .flat_map(|style| {
                ["grow_share", "safety"].map(|m| {
                    above(
                        Source::Pattern(3),
                        format!("{x} harms someone: {m} of {style} members, secure-base - {x} > 0"),
                        &paired(rows, SecureBase, x, &styled(m, style)),
                        0.0,
                    )
                })
            })
            .max_by(|a, b| a.margin.total_cmp(&b.margin));
        out.extend(best);
    }

    // 4. Daring matters for Doel 2: at caring 0.8, daring 0.8 against 0.2.
    out.push(above(
        Source::Pattern(4),
        "Grow share at caring 0.8: daring 0.8 (secure-base) - daring 0.2 (pleasing) > 0".into(),
        &gap,
        0.0,
    ));

    // 5. Attachment persists: under every leader secure members most in Grow, fearful
    //    least; the secure-fearful gap at least 5 points under the secure base and
    //    larger under the dominating leader.
    let style_gap = |leader: usize, a: AttachmentStyle, b: AttachmentStyle| -> Vec<f64> {
        rows.iter()
            .map(|r| {
                field(&r[leader], &styled(field::GROW_SHARE, a))
                    - field(&r[leader], &styled(field::GROW_SHARE, b))
            })
            .filter(|v| v.is_finite())
            .collect()
    };
    use AttachmentStyle::{Anxious, Avoidant, Fearful, Secure};
    for leader in Quadrant::ALL {
        for (a, b) in [
            (Secure, Anxious),
            (Secure, Avoidant),
            (Anxious, Fearful),
            (Avoidant, Fearful),
        ] {
            out.push(above(
                Source::Pattern(5),
                format!("Grow share under {leader}: {a} - {b} > 0"),
                &style_gap(q(leader), a, b),
                0.0,
            ));
        }
    }
    out.push(above(
        Source::Pattern(5),
        "Grow share under secure-base: secure - fearful >= 5 points".into(),
        &style_gap(sb, Secure, Fearful),
        0.05,
    ));
    let widening: Vec<f64> = rows
        .iter()
        .map(|r| {
            let g = |leader: usize| {
                let grow = |style| field(&r[leader], &field::of_style(field::GROW_SHARE, style));
                grow(Secure) - grow(Fearful)
            };
            g(q(Dominating)) - g(sb)
        })
        .filter(|v| v.is_finite())
        .collect();
    out.push(above(
        Source::Pattern(5),
        "secure - fearful Grow gap: dominating - secure-base > 0".into(),
        &widening,
        0.0,
    ));

    // 6. Plausible levels for a middle leader (caring 0.5, daring 0.5).
    let positions = base.team.roster.size() as f64;
    let years = base.horizon / crate::sim::WORKING_DAYS_PER_YEAR;
    let scaled =
        |name: &str, by: f64| -> Vec<f64> { column(MIDDLE, name).iter().map(|v| v / by).collect() };
    out.push(within(
        Source::Pattern(6),
        "middle leader: sickness absence within 3%..6% of working days".into(),
        &scaled(field::TOTAL_ABSENCE_DAYS, positions * base.horizon),
        0.03,
        0.06,
    ));
    out.push(within(
        Source::Pattern(6),
        "middle leader: voluntary departures within 8%..20% of positions per year".into(),
        &scaled(field::TOTAL_DEPARTURES, positions * years),
        0.08,
        0.20,
    ));
    for (name, leader) in Quadrant::ALL
        .iter()
        .map(|x| (x.name(), q(*x)))
        .chain([("middle", MIDDLE)])
    {
        let v = column(leader, field::AVG_SAFETY);
        let (sd, ci) = sd_ci(&v);
        out.push(Check {
            source: Source::Pattern(6),
            claim: format!(
                "between-run sd of the team's mean safety under {name} within 0.03..0.12"
            ),
            estimate: sd,
            ci,
            margin: (ci.0 - 0.03).min(0.12 - ci.1),
            n: v.len() as u64,
        });
    }
    out
}

/// The range between the 5th and 95th percentiles of `values`.
fn spread_5_95(values: &[f64]) -> f64 {
    if values.len() < 2 {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |p: f64| {
        let x = p * (v.len() - 1) as f64;
        let (i, f) = (x.floor() as usize, x - x.floor());
        v[i] + f * (v[(i + 1).min(v.len() - 1)] - v[i])
    };
    at(0.95) - at(0.05)
}

/// The standard deviation of `values` with its 95% interval (normal approximation for
/// the sd of a sample: sd / (1 -/+ 1.96 / sqrt(2 (n - 1)))).
fn sd_ci(values: &[f64]) -> (f64, (f64, f64)) {
    match stats_of(values) {
        Some(s) if s.n >= 3 => {
            let h = 1.96 / (2.0 * (s.n - 1) as f64).sqrt();
            (s.sd, (s.sd / (1.0 + h), s.sd / (1.0 - h)))
        }
        _ => (f64::NAN, (f64::NAN, f64::NAN)),
    }
}

fn blame_outweighs_support(params: &Params) -> Vec<Check> {
    let mp = &params.member;
    AttachmentStyle::ALL
        .iter()
        .map(|style| {
            let m = Member::new(
                *style,
                mp.initial_trust,
                mp.initial_competence,
                Disposition::TYPICAL,
                mp,
            );
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
                source: Source::Fact(4),
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

/// The team's mean safety and Grow share at each observation of one run.
#[derive(Default)]
struct Series {
    safety: Vec<f64>,
    grow: Vec<f64>,
}

impl Observer for Series {
    fn record(&mut self, r: &DailyRecord) {
        self.safety.push(r.safety.unwrap_or(f64::NAN));
        self.grow.push(r.grow_share.unwrap_or(f64::NAN));
    }
}

impl Series {
    /// Share of the safety drop at the shock (day 60 to 61) made good RECOVERY_DAYS later.
    fn recovered_share(&self) -> f64 {
        let s = &self.safety;
        let (before, after, later) = (s[60], s[61], s[61 + RECOVERY_DAYS]);
        (later - after) / (before - after)
    }

    /// Grow-days lost per member in the RECOVERY_DAYS after the shock, against the
    /// level just before it: the area of the dip, so that it is small when the dip is
    /// shallow or short.
    fn grow_days_lost(&self) -> f64 {
        let before = self.grow[60];
        self.grow[61..61 + RECOVERY_DAYS]
            .iter()
            .map(|g| (before - g).max(0.0))
            .sum()
    }
}

/// Fact 6's scenario under each quadrant leader, per replication.
fn reorganisation_series(runs: u64, threads: usize) -> Result<Vec<[Series; 4]>, BatchError> {
    let scenario = Scenario::parse(REORGANISATION, Path::new("fact-6"))
        .map_err(|e| BatchError::Invalid(Said::new(e.render(Lang::En), e.render(Lang::Nl))))?;
    let pool = batch::thread_pool(threads)?;
    use rayon::prelude::*;
    Ok(pool.install(|| {
        (0..runs)
            .into_par_iter()
            .map(|r| {
                let seed = batch::replication_seed(scenario.seed, r);
                Quadrant::ALL.map(|quadrant| {
                    let (c, d) = quadrant.preset();
                    let mut series = Series::default();
                    sim::run(&scenario.with_leader_at(c, d), seed, &mut series);
                    series
                })
            })
            .collect()
    }))
}

fn recovery(series: &[[Series; 4]]) -> Vec<Check> {
    let mut out = Vec::new();
    let sb = q(Quadrant::SecureBase);
    for x in Quadrant::ALL
        .into_iter()
        .filter(|x| *x != Quadrant::SecureBase)
    {
        let diffs: Vec<f64> = series
            .iter()
            .map(|s| s[sb].recovered_share() - s[q(x)].recovered_share())
            .filter(|v| v.is_finite())
            .collect();
        out.push(above(
            Source::Fact(6),
            format!(
                "share of the drop recovered after {RECOVERY_DAYS} days: secure-base - {x} > 0"
            ),
            &diffs,
            0.0,
        ));
    }
    out
}

/// The checks as a table for people.
pub fn report(checks: &[Check]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "source   result  estimate   95% CI                 margin    n     claim"
    );
    for c in checks {
        let _ = writeln!(
            out,
            "{:<7}  {:6}  {:>9.4}  [{:>9.4}, {:>9.4}]  {:>+8.4}  {:>5}  {}",
            c.source.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn diaries(done: Vec<Vec<f64>>) -> Diaries {
        Diaries {
            done,
            ..Diaries::default()
        }
    }

    #[test]
    fn within_share_splits_variance_between_and_within_persons() {
        // Two persons whose means differ by 2 (between variance 2), each alternating
        // by +-1 around their mean over 10 days (within variance 10/9).
        let a: Vec<f64> = (0..10)
            .map(|d| if d % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        let b: Vec<f64> = a.iter().map(|x| x + 2.0).collect();
        let within = 10.0 / 9.0;
        let expected = within / (within + 2.0);
        assert!((diaries(vec![a, b]).within_share() - expected).abs() < 1e-12);
    }

    #[test]
    fn within_share_ignores_short_diaries_and_needs_two_persons() {
        let long = vec![0.25; DIARY_MIN_DAYS];
        let short = vec![9.0; DIARY_MIN_DAYS - 1];
        assert!(diaries(vec![long.clone(), short]).within_share().is_nan());
        // Constant persons with different means: all variance lies between them.
        let other = vec![0.75; DIARY_MIN_DAYS];
        assert_eq!(diaries(vec![long, other]).within_share(), 0.0);
    }
}
