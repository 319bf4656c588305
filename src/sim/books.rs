//! The books of a run: what is counted while it runs, the daily observation, and the
//! summary at the end. The summary's fields are declared once, in
//! [`Books::visit_summary`].

use super::record::{Counts, DailyRecord, MetricName, Scale, StyleSlice, Summary};
use super::team::{Presence, Team};
use crate::model::{Leader, Mode, Params, StyleTable};

/// Working days in a year: the unit of "per member-year" (a scenario's default horizon).
pub const WORKING_DAYS_PER_YEAR: f64 = 240.0;

/// How often something could happen and did, overall and while in Protect.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Rate {
    chances: u64,
    hits: u64,
    protect_chances: u64,
    protect_hits: u64,
}

impl Rate {
    /// Records one chance and whether it was taken.
    pub fn record(&mut self, in_protect: bool, hit: bool) {
        self.chances += 1;
        self.hits += u64::from(hit);
        if in_protect {
            self.protect_chances += 1;
            self.protect_hits += u64::from(hit);
        }
    }
}

/// Per-style counts behind the summary's per-style values.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tally {
    /// Setbacks (chances) and hidden setbacks (hits).
    pub setbacks: Rate,
    /// Meeting attendances (chances) and voiced concerns (hits).
    pub voice: Rate,
    /// Member-observations, those in Grow, and the sum of their safety.
    observed: u64,
    grow: u64,
    safety: f64,
    /// Doel 1 episodes begun since day 0.
    pub episodes: u64,
    /// Episodes under way at day 0.
    pub ongoing: u64,
    /// Member-days spent in Protect since day 0.
    pub protect_days: f64,
    /// Member-days in the team (present or absent) since day 0.
    pub occupied_days: f64,
}

/// A daily metric averaged over the run and reported at its end.
struct Averaged {
    name: &'static str,
    scale: Scale,
    value: fn(&DailyRecord) -> Option<f64>,
}

/// The daily metrics that are averaged over time and reported at the end.
const AVERAGED: [Averaged; 11] = [
    Averaged {
        name: "safety",
        scale: Scale::Unit,
        value: |r| r.safety,
    },
    Averaged {
        name: "shown_safety",
        scale: Scale::Unit,
        value: |r| r.shown_safety,
    },
    Averaged {
        name: "grow_share",
        scale: Scale::Unit,
        value: |r| r.grow_share,
    },
    Averaged {
        name: "alarm",
        scale: Scale::Unit,
        value: |r| r.alarm,
    },
    Averaged {
        name: "trust",
        scale: Scale::Unit,
        value: |r| r.trust,
    },
    Averaged {
        name: "strain",
        scale: Scale::Unit,
        value: |r| r.strain,
    },
    Averaged {
        name: "competence",
        scale: Scale::Unit,
        value: |r| r.competence,
    },
    Averaged {
        name: "output",
        scale: Scale::Unit,
        value: |r| Some(r.output),
    },
    Averaged {
        name: "undercurrent",
        scale: Scale::Open,
        value: |r| Some(r.undercurrent),
    },
    Averaged {
        name: "uncertainty",
        scale: Scale::Unit,
        value: |r| Some(r.uncertainty),
    },
    Averaged {
        name: "absent",
        scale: Scale::Open,
        value: |r| Some(f64::from(r.absent)),
    },
];

/// What a run counts from day 0 on.
#[derive(Debug, Clone, Default)]
pub(super) struct Books {
    pub counts: Counts,
    /// Member-days of sick leave.
    pub absence_days: f64,
    /// The team's learning at the end of the run (after the last observation too).
    pub learning: f64,
    pub voices_since_observation: u32,
    pub tally: StyleTable<Tally>,
    averaged_sums: [f64; AVERAGED.len()],
    averaged_counts: [u64; AVERAGED.len()],
    last: Option<DailyRecord>,
}

impl Books {
    /// Takes one observation of `team` at `day` into the books and returns it.
    pub fn observe(
        &mut self,
        team: &Team,
        params: &Params,
        day: f64,
        pressure: f64,
        leader: &Leader,
    ) -> DailyRecord {
        let mp = &params.member;
        let op = &params.output;
        let (mut present, mut absent, mut vacant) = (0u32, 0u32, 0u32);
        // safety, shown, grow, alarm, trust, strain, competence
        let mut sums = [0.0f64; 7];
        let mut output = 0.0;
        let mut by_style: StyleTable<([f64; 4], u32)> = StyleTable::default();
        for slot in &team.slots {
            match slot.presence {
                Presence::Present => present += 1,
                Presence::Absent { .. } => {
                    absent += 1;
                    continue;
                }
                Presence::Vacant => {
                    vacant += 1;
                    continue;
                }
                Presence::Removed => continue,
            }
            let m = &slot.member;
            let grow = f64::from(u8::from(m.mode == Mode::Grow));
            let shown = m.shown_safety(mp);
            for (k, v) in [
                m.safety,
                shown,
                grow,
                m.felt_alarm(),
                m.trust,
                m.strain,
                m.competence,
            ]
            .into_iter()
            .enumerate()
            {
                sums[k] += v;
            }
            let novel = if m.mode == Mode::Grow {
                1.0
            } else {
                op.protect_novel_output
            };
            output += ((1.0 - op.novel_work_share) + op.novel_work_share * novel)
                * (1.0 - op.strain_penalty * m.strain)
                * ((1.0 - op.competence_weight) + op.competence_weight * m.competence);
            let (entry, n) = by_style.get_mut(m.style);
            *n += 1;
            for (k, v) in [m.safety, shown, grow, m.felt_alarm()]
                .into_iter()
                .enumerate()
            {
                entry[k] += v;
            }
            let tally = self.tally.get_mut(m.style);
            tally.observed += 1;
            tally.grow += u64::from(m.mode == Mode::Grow);
            tally.safety += m.safety;
        }
        let team_size = present + absent + vacant;
        let mean = |s: f64| (present > 0).then(|| s / f64::from(present));
        let slice = |(s, n): ([f64; 4], u32)| {
            let mean = |v: f64| (n > 0).then(|| v / f64::from(n));
            StyleSlice {
                present: n,
                safety: mean(s[0]),
                shown_safety: mean(s[1]),
                grow_share: mean(s[2]),
                alarm: mean(s[3]),
            }
        };
        let record = DailyRecord {
            day,
            team_size,
            present,
            absent,
            vacant,
            safety: mean(sums[0]),
            shown_safety: mean(sums[1]),
            grow_share: mean(sums[2]),
            alarm: mean(sums[3]),
            trust: mean(sums[4]),
            strain: mean(sums[5]),
            competence: mean(sums[6]),
            learning: team.learning,
            output: if team_size > 0 {
                output / f64::from(team_size)
            } else {
                0.0
            },
            departures: self.counts.departures as u32,
            undercurrent: team.undercurrent,
            uncertainty: team.uncertainty.level(),
            voices: std::mem::take(&mut self.voices_since_observation),
            pressure,
            leader_caring: leader.caring_eff(pressure),
            leader_daring: leader.daring,
            by_style: StyleTable::new(
                slice(by_style.secure),
                slice(by_style.anxious),
                slice(by_style.avoidant),
                slice(by_style.fearful),
            ),
        };
        for (k, a) in AVERAGED.iter().enumerate() {
            if let Some(v) = (a.value)(&record) {
                self.averaged_sums[k] += v;
                self.averaged_counts[k] += 1;
            }
        }
        self.last = Some(record.clone());
        record
    }

    /// Visits every summary value with its name and scale: the one declaration of the
    /// summary fields.
    pub fn visit_summary(&self, mut f: impl FnMut(MetricName, Scale, Option<f64>)) {
        use MetricName::{Plain, Prefixed, Styled};
        for (k, a) in AVERAGED.iter().enumerate() {
            let n = self.averaged_counts[k];
            let avg = (n > 0).then(|| self.averaged_sums[k] / n as f64);
            f(Prefixed("avg", a.name), a.scale, avg);
        }
        for a in &AVERAGED {
            let end = self.last.as_ref().and_then(|r| (a.value)(r));
            f(Prefixed("end", a.name), a.scale, end);
        }
        f(Plain("total_learning"), Scale::Open, Some(self.learning));
        f(
            Plain("total_absence_days"),
            Scale::Open,
            Some(self.absence_days),
        );
        f(
            Plain("total_departures"),
            Scale::Open,
            Some(self.counts.departures as f64),
        );
        f(
            Plain("total_voices"),
            Scale::Open,
            Some(self.counts.voices as f64),
        );
        let mut all = Tally::default();
        for (_, t) in self.tally.iter() {
            all.episodes += t.episodes;
            all.ongoing += t.ongoing;
            all.protect_days += t.protect_days;
            all.occupied_days += t.occupied_days;
        }
        let (per_year, length) = episodes(&all);
        f(
            Plain("protect_episodes_per_member_year"),
            Scale::Open,
            per_year,
        );
        f(Plain("mean_protect_episode_days"), Scale::Open, length);
        let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        for (style, t) in self.tally.iter() {
            let styled = |n| Styled(n, style);
            f(styled("grow_share"), Scale::Unit, ratio(t.grow, t.observed));
            f(
                styled("safety"),
                Scale::Unit,
                (t.observed > 0).then(|| t.safety / t.observed as f64),
            );
            f(
                styled("hide_rate"),
                Scale::Unit,
                ratio(t.setbacks.hits, t.setbacks.chances),
            );
            f(
                styled("voice_rate"),
                Scale::Unit,
                ratio(t.voice.hits, t.voice.chances),
            );
            f(
                styled("protect_hide_rate"),
                Scale::Unit,
                ratio(t.setbacks.protect_hits, t.setbacks.protect_chances),
            );
            f(
                styled("protect_voice_rate"),
                Scale::Unit,
                ratio(t.voice.protect_hits, t.voice.protect_chances),
            );
            let (per_year, length) = episodes(t);
            f(
                styled("protect_episodes_per_member_year"),
                Scale::Open,
                per_year,
            );
            f(styled("mean_protect_episode_days"), Scale::Open, length);
        }
        for (name, value) in Counts::NAMES.iter().zip(self.counts.values()) {
            f(Prefixed("n", name), Scale::Open, Some(value as f64));
        }
    }

    /// The run summary.
    pub fn summary(&self) -> Summary {
        let mut values = Vec::new();
        self.visit_summary(|_, _, v| values.push(v));
        Summary {
            values,
            counts: self.counts,
            events_processed: 0,
        }
    }
}

/// Doel 1 episodes begun per member-year, and the mean length in days of the episodes
/// that overlap the run (begun in it, or under way at day 0); None without members or
/// without episodes.
fn episodes(t: &Tally) -> (Option<f64>, Option<f64>) {
    let years = t.occupied_days / WORKING_DAYS_PER_YEAR;
    let per_year = (years > 0.0).then(|| t.episodes as f64 / years);
    let overlapping = t.episodes + t.ongoing;
    let length = (overlapping > 0).then(|| t.protect_days / overlapping as f64);
    (per_year, length)
}
