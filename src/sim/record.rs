//! What a run reports: the daily time series and the run summary.
//!
//! Every metric is declared once, in a visitor that yields its name, scale and value
//! together ([`DailyRecord::visit`], and the summary's in `books.rs`); the name lists,
//! the value vectors and the batch statistics' binning are all read from it, so a value
//! can never be matched to the wrong name.

use crate::model::{AttachmentStyle, StyleTable};
use std::fmt;
use std::sync::LazyLock;

/// The scale of a metric's values, which decides how a batch bins them for quantiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// A level or share in 0..=1.
    Unit,
    /// A count, amount or duration: any value >= 0.
    Open,
}

/// The name of a metric: plain, or a per-style variant (`safety_secure`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricName {
    /// A team-wide metric.
    Plain(&'static str),
    /// The metric for members of one attachment style: written `{name}_{style}`.
    Styled(&'static str, AttachmentStyle),
    /// A metric with a prefix: written `{prefix}_{name}` (e.g. `avg_safety`).
    Prefixed(&'static str, &'static str),
}

impl fmt::Display for MetricName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetricName::Plain(n) => f.write_str(n),
            MetricName::Styled(n, s) => write!(f, "{n}_{s}"),
            MetricName::Prefixed(p, n) => write!(f, "{p}_{n}"),
        }
    }
}

/// One style's slice of an observation.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StyleSlice {
    /// Present members of this style.
    pub present: u32,
    /// Their mean felt safety (None when none is present).
    pub safety: Option<f64>,
    /// Their mean shown safety.
    pub shown_safety: Option<f64>,
    /// Their share in Grow.
    pub grow_share: Option<f64>,
    /// Their mean alarm.
    pub alarm: Option<f64>,
}

/// The team at one observation time (MODEL.md section 5). Means are over present
/// members and are `None` when nobody is present.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DailyRecord {
    /// Time of the observation, in working days.
    pub day: f64,
    /// Positions in the team (present + absent + vacant).
    pub team_size: u32,
    /// Members at work.
    pub present: u32,
    /// Members on sick leave.
    pub absent: u32,
    /// Open positions.
    pub vacant: u32,
    /// Mean felt safety.
    pub safety: Option<f64>,
    /// Mean shown safety: what a pulse survey would measure.
    pub shown_safety: Option<f64>,
    /// Share of present members in Grow (Doel 2).
    pub grow_share: Option<f64>,
    /// Mean alarm (threat activation).
    pub alarm: Option<f64>,
    /// Mean trust in the leader.
    pub trust: Option<f64>,
    /// Mean strain.
    pub strain: Option<f64>,
    /// Mean competence.
    pub competence: Option<f64>,
    /// Learning units gathered by the team since day 0 (including members who left).
    pub learning: f64,
    /// Productivity per position, 0..=1 (absence and vacancies count as zero).
    pub output: f64,
    /// Resignations since day 0.
    pub departures: u32,
    /// Unvoiced concerns.
    pub undercurrent: f64,
    /// The team's uncertainty, 0..=1.
    pub uncertainty: f64,
    /// Concerns voiced in meetings since the previous observation.
    pub voices: u32,
    /// Pressure level, 0..=1.
    pub pressure: f64,
    /// The leader's effective caring (after pressure).
    pub leader_caring: f64,
    /// The leader's daring.
    pub leader_daring: f64,
    /// The same split by attachment style.
    pub by_style: StyleTable<StyleSlice>,
}

impl DailyRecord {
    /// Visits every daily metric with its name, scale and value: the one declaration of
    /// the daily metrics. `day` is not one.
    pub fn visit(&self, mut f: impl FnMut(MetricName, Scale, Option<f64>)) {
        use MetricName::Plain;
        use Scale::{Open, Unit};
        let count = |n: u32| Some(f64::from(n));
        f(Plain("team_size"), Open, count(self.team_size));
        f(Plain("present"), Open, count(self.present));
        f(Plain("absent"), Open, count(self.absent));
        f(Plain("vacant"), Open, count(self.vacant));
        f(Plain("safety"), Unit, self.safety);
        f(Plain("shown_safety"), Unit, self.shown_safety);
        f(Plain("grow_share"), Unit, self.grow_share);
        f(Plain("alarm"), Unit, self.alarm);
        f(Plain("trust"), Unit, self.trust);
        f(Plain("strain"), Unit, self.strain);
        f(Plain("competence"), Unit, self.competence);
        f(Plain("learning"), Open, Some(self.learning));
        f(Plain("output"), Unit, Some(self.output));
        f(Plain("departures"), Open, count(self.departures));
        f(Plain("undercurrent"), Open, Some(self.undercurrent));
        f(Plain("uncertainty"), Unit, Some(self.uncertainty));
        f(Plain("voices"), Open, count(self.voices));
        f(Plain("pressure"), Unit, Some(self.pressure));
        f(Plain("leader_caring"), Unit, Some(self.leader_caring));
        f(Plain("leader_daring"), Unit, Some(self.leader_daring));
        for (style, s) in self.by_style.iter() {
            let styled = |n| MetricName::Styled(n, style);
            f(styled("present"), Open, count(s.present));
            f(styled("safety"), Unit, s.safety);
            f(styled("shown_safety"), Unit, s.shown_safety);
            f(styled("grow_share"), Unit, s.grow_share);
            f(styled("alarm"), Unit, s.alarm);
        }
    }

    /// Every metric as a number (None where undefined), in [`DAILY_METRICS`] order.
    pub fn metrics(&self) -> Vec<Option<f64>> {
        let mut v = Vec::with_capacity(DAILY_METRICS.len());
        self.visit(|_, _, value| v.push(value));
        v
    }
}

/// Names of the daily metrics, in the order of [`DailyRecord::metrics`]; `day` is not one.
pub static DAILY_METRICS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut names = Vec::new();
    DailyRecord::default().visit(|name, _, _| names.push(name.to_string()));
    names
});

/// The scale of each daily metric, in [`DAILY_METRICS`] order.
pub static DAILY_SCALES: LazyLock<Vec<Scale>> = LazyLock::new(|| {
    let mut scales = Vec::new();
    DailyRecord::default().visit(|_, scale, _| scales.push(scale));
    scales
});

/// Every daily metric's declared name and scale, in [`DAILY_METRICS`] order.
static DAILY_DECLARED: LazyLock<Vec<(MetricName, Scale)>> = LazyLock::new(|| {
    let mut declared = Vec::new();
    DailyRecord::default().visit(|name, scale, _| declared.push((name, scale)));
    declared
});

/// The declared name and scale of the daily metric written `name` (e.g.
/// `grow_share_fearful` is `Styled("grow_share", Fearful)`), if there is one: for a
/// name read back from a file or given on the command line.
pub fn daily_metric(name: &str) -> Option<(MetricName, Scale)> {
    let i = DAILY_METRICS.iter().position(|n| n == name)?;
    Some(DAILY_DECLARED[i])
}

/// Declares the event counters once, so their names and fields cannot drift apart.
macro_rules! counters {
    ($( $(#[doc = $doc:literal])* $field:ident ),* $(,)?) => {
        /// How often each kind of event happened in a run.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct Counts {
            $( $(#[doc = $doc])* pub $field: u64, )*
        }

        impl Counts {
            /// Counter names, in field order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];

            /// Counter values, in field order.
            pub fn values(&self) -> Vec<u64> {
                vec![$(self.$field),*]
            }
        }
    };
}

counters! {
    /// Events taken from the queue (including rejected candidates of the thinning).
    events,
    /// Leader contacts that took place.
    leader_contacts,
    /// Contacts with support.
    supports,
    /// Challenges met in Grow (learning).
    challenges_grow,
    /// Challenges met in Protect (threat).
    challenges_protect,
    /// Challenges met in Protect that came with support: a guided step (guided mastery).
    guided_steps,
    /// Challenges that turned into control under pressure.
    controls,
    /// Empty contacts: neither support nor challenge.
    empty_contacts,
    /// Peer contacts between two present members.
    peer_contacts,
    /// Setbacks.
    setbacks,
    /// Setbacks hidden in Protect.
    hidden_setbacks,
    /// Restorative dialogues after a setback.
    restorative,
    /// Blame after a setback.
    blame,
    /// Rescue after a setback.
    rescue,
    /// Setbacks ignored by the leader.
    ignored,
    /// Team meetings.
    meetings,
    /// Concerns voiced in meetings.
    voices,
    /// Voiced concerns met with appreciation.
    appreciations,
    /// Voiced concerns dismissed.
    dismissals,
    /// Conflicts resolved.
    conflicts_resolved,
    /// Conflicts escalated.
    conflicts_escalated,
    /// Conflicts smoothed over or avoided: the tension left lying.
    conflicts_stuck,
    /// Pressure peaks (scheduled and unscheduled).
    pressure_peaks,
    /// Everyday changes that raised the team's uncertainty.
    changes,
    /// Reorganisations.
    reorganisations,
    /// Requests for the leader from seeking members.
    requests,
    /// Requests answered.
    requests_answered,
    /// Days of separation protest.
    protest_days,
    /// Sick leaves started.
    absences,
    /// Resignations.
    departures,
    /// Vacancies filled.
    hires,
    /// Members who left through a composition change.
    transfers_out,
    /// Members who joined through a composition change.
    transfers_in,
    /// Interventions carried out.
    interventions,
    /// Events in members' lives outside work.
    life_events,
    /// Doel 1 episodes begun (switches from Grow to Protect).
    protect_episodes,
}

/// Names of the summary values, in the order of [`Summary::values`].
pub static SUMMARY_FIELDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut names = Vec::new();
    super::books::Books::default().visit_summary(|name, _, _| names.push(name.to_string()));
    names
});

/// The scale of each summary value, in [`SUMMARY_FIELDS`] order.
pub static SUMMARY_SCALES: LazyLock<Vec<Scale>> = LazyLock::new(|| {
    let mut scales = Vec::new();
    super::books::Books::default().visit_summary(|_, scale, _| scales.push(scale));
    scales
});

/// The names of the summary fields the rest of teamsim reads by name (the key
/// outcomes). A name misspelt where it is used is then a compile error, and the test
/// `every_named_field_is_a_summary_field` keeps each one a field [`Books`] declares.
///
/// [`Books`]: super::books::Books
pub mod field {
    /// Felt safety averaged over the run.
    pub const AVG_SAFETY: &str = "avg_safety";
    /// Share of the team in Grow (Doel 2), averaged over the run.
    pub const AVG_GROW_SHARE: &str = "avg_grow_share";
    /// Trust in the leader, averaged over the run.
    pub const AVG_TRUST: &str = "avg_trust";
    /// Output, averaged over the run.
    pub const AVG_OUTPUT: &str = "avg_output";
    /// Learning over the run.
    pub const TOTAL_LEARNING: &str = "total_learning";
    /// Days of sickness absence over the run.
    pub const TOTAL_ABSENCE_DAYS: &str = "total_absence_days";
    /// Members who left over the run.
    pub const TOTAL_DEPARTURES: &str = "total_departures";
    /// Doel 1 episodes per member-year.
    pub const PROTECT_EPISODES: &str = "protect_episodes_per_member_year";
    /// Mean length of a Doel 1 episode in days.
    pub const PROTECT_EPISODE_DAYS: &str = "mean_protect_episode_days";

    /// Shown safety (what members let others see) averaged over the run.
    pub const AVG_SHOWN_SAFETY: &str = "avg_shown_safety";
    /// Share of the team in Grow on the last day.
    pub const END_GROW_SHARE: &str = "end_grow_share";
    /// Share of one style's members in Grow over the run: a per-style field, named
    /// with [`of_style`] (`grow_share_secure`).
    pub const GROW_SHARE: &str = "grow_share";

    /// The name of the per-style field `base` for members of `style`.
    pub fn of_style(base: &str, style: crate::model::AttachmentStyle) -> String {
        format!("{base}_{style}")
    }

    /// Every key outcome above (an [`Outcome`](super::Outcome) each); the shown safety,
    /// the end-of-run Grow share and the per-style fields are not among them.
    pub const ALL: [&str; 9] = [
        AVG_SAFETY,
        AVG_GROW_SHARE,
        AVG_TRUST,
        AVG_OUTPUT,
        TOTAL_LEARNING,
        TOTAL_ABSENCE_DAYS,
        TOTAL_DEPARTURES,
        PROTECT_EPISODES,
        PROTECT_EPISODE_DAYS,
    ];
}

/// A key outcome of a run: one of the summary fields in [`field`] that tables, charts,
/// workbooks and explorations report, named in the words of [`crate::chart::Lang`]
/// (`Lang::outcome`, `Lang::outcome_heading`), so that every place that shows it calls
/// it the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Share of the team in Grow (Doel 2), averaged over the run.
    GrowShare,
    /// Felt safety averaged over the run.
    Safety,
    /// Doel 1 episodes per member-year.
    ProtectEpisodes,
    /// Mean length of a Doel 1 episode in days.
    ProtectEpisodeDays,
    /// Trust in the leader, averaged over the run.
    Trust,
    /// Learning over the run.
    Learning,
    /// Days of sickness absence over the run.
    AbsenceDays,
    /// Members who left over the run.
    Departures,
    /// Output, averaged over the run.
    Output,
}

impl Outcome {
    /// Every outcome, in the order of the tables (and of a batch's saved differences).
    pub const ALL: [Outcome; 9] = [
        Outcome::Safety,
        Outcome::GrowShare,
        Outcome::ProtectEpisodes,
        Outcome::ProtectEpisodeDays,
        Outcome::Trust,
        Outcome::Learning,
        Outcome::AbsenceDays,
        Outcome::Departures,
        Outcome::Output,
    ];

    /// The summary field that holds it.
    pub const fn field(self) -> &'static str {
        match self {
            Outcome::GrowShare => field::AVG_GROW_SHARE,
            Outcome::Safety => field::AVG_SAFETY,
            Outcome::ProtectEpisodes => field::PROTECT_EPISODES,
            Outcome::ProtectEpisodeDays => field::PROTECT_EPISODE_DAYS,
            Outcome::Trust => field::AVG_TRUST,
            Outcome::Learning => field::TOTAL_LEARNING,
            Outcome::AbsenceDays => field::TOTAL_ABSENCE_DAYS,
            Outcome::Departures => field::TOTAL_DEPARTURES,
            Outcome::Output => field::AVG_OUTPUT,
        }
    }

    /// Its short name in CSV columns (`grow_share`, `absence_days`, ...).
    pub const fn key(self) -> &'static str {
        match self {
            Outcome::GrowShare => "grow_share",
            Outcome::Safety => "safety",
            Outcome::ProtectEpisodes => "protect_episodes",
            Outcome::ProtectEpisodeDays => "protect_episode_days",
            Outcome::Trust => "trust",
            Outcome::Learning => "learning",
            Outcome::AbsenceDays => "absence_days",
            Outcome::Departures => "departures",
            Outcome::Output => "output",
        }
    }
}

/// The summary of one run: time averages, end values, totals, per-style rates and
/// event counts. Values are `None` where undefined (e.g. a style nobody has).
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Values in [`SUMMARY_FIELDS`] order.
    pub values: Vec<Option<f64>>,
    /// The raw event counts (from day 0).
    pub counts: Counts,
    /// Every event the engine processed, the burn-in's included: the work of the run.
    pub events_processed: u64,
}

impl Summary {
    /// The value of a named field, if the name exists and the value is defined.
    pub fn get(&self, name: &str) -> Option<f64> {
        let i = SUMMARY_FIELDS.iter().position(|n| n == name)?;
        self.values[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_field_is_a_summary_field() {
        for name in field::ALL
            .iter()
            .chain(&[field::AVG_SHOWN_SAFETY, field::END_GROW_SHARE])
        {
            assert!(SUMMARY_FIELDS.iter().any(|f| f == name), "{name}");
        }
        for style in crate::model::AttachmentStyle::ALL {
            let name = field::of_style(field::GROW_SHARE, style);
            assert!(SUMMARY_FIELDS.contains(&name), "{name}");
        }
    }

    #[test]
    fn every_outcome_is_a_named_field_with_its_own_key() {
        let fields: Vec<&str> = Outcome::ALL.iter().map(|o| o.field()).collect();
        assert_eq!(fields.len(), field::ALL.len());
        for name in field::ALL {
            assert!(fields.contains(&name), "{name} is no outcome");
        }
        let mut keys: Vec<&str> = Outcome::ALL.iter().map(|o| o.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Outcome::ALL.len());
    }

    #[test]
    fn a_written_daily_name_reads_back_as_its_declaration() {
        assert_eq!(
            daily_metric("grow_share_fearful"),
            Some((
                MetricName::Styled("grow_share", AttachmentStyle::Fearful),
                Scale::Unit
            ))
        );
        assert_eq!(
            daily_metric("learning"),
            Some((MetricName::Plain("learning"), Scale::Open))
        );
        assert_eq!(daily_metric("grow_share_nobody"), None);
    }

    #[test]
    fn names_scales_and_values_line_up() {
        let r = DailyRecord::default();
        assert_eq!(r.metrics().len(), DAILY_METRICS.len());
        assert_eq!(DAILY_SCALES.len(), DAILY_METRICS.len());
        assert_eq!(SUMMARY_SCALES.len(), SUMMARY_FIELDS.len());
        let mut unique = DAILY_METRICS.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), DAILY_METRICS.len());
        let mut unique = SUMMARY_FIELDS.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), SUMMARY_FIELDS.len());
        assert!(DAILY_METRICS.contains(&"grow_share_fearful".to_string()));
        for f in [
            "protect_episodes_per_member_year",
            "mean_protect_episode_days",
            "protect_episodes_per_member_year_fearful",
            "mean_protect_episode_days_secure",
            "avg_grow_share",
            "total_learning",
        ] {
            assert!(SUMMARY_FIELDS.contains(&f.to_string()), "{f}");
        }
    }
}
