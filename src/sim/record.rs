//! What a run reports: the daily time series and the run summary.

use crate::model::{AttachmentStyle, StyleTable};
use std::sync::LazyLock;

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
}

/// The team at one observation time (MODEL.md section 5). Means are over present
/// members and are `None` when nobody is present.
#[derive(Debug, Clone, PartialEq)]
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

/// Names of the daily metrics, in the order of [`DailyRecord::metrics`]; `day` is not one.
pub static DAILY_METRICS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut names: Vec<String> = [
        "team_size",
        "present",
        "absent",
        "vacant",
        "safety",
        "shown_safety",
        "grow_share",
        "trust",
        "strain",
        "competence",
        "learning",
        "output",
        "departures",
        "undercurrent",
        "voices",
        "pressure",
        "leader_caring",
        "leader_daring",
    ]
    .map(String::from)
    .to_vec();
    for s in AttachmentStyle::ALL {
        for m in ["present", "safety", "shown_safety", "grow_share"] {
            names.push(format!("{m}_{s}"));
        }
    }
    names
});

impl DailyRecord {
    /// Every metric as a number (None where undefined), in [`DAILY_METRICS`] order.
    pub fn metrics(&self) -> Vec<Option<f64>> {
        let mut v = vec![
            Some(self.team_size as f64),
            Some(self.present as f64),
            Some(self.absent as f64),
            Some(self.vacant as f64),
            self.safety,
            self.shown_safety,
            self.grow_share,
            self.trust,
            self.strain,
            self.competence,
            Some(self.learning),
            Some(self.output),
            Some(self.departures as f64),
            Some(self.undercurrent),
            Some(self.voices as f64),
            Some(self.pressure),
            Some(self.leader_caring),
            Some(self.leader_daring),
        ];
        for (_, s) in self.by_style.iter() {
            v.extend([
                Some(s.present as f64),
                s.safety,
                s.shown_safety,
                s.grow_share,
            ]);
        }
        v
    }
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
    /// Pressure peaks (scheduled and unscheduled).
    pressure_peaks,
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
}

/// Names of the summary values, in the order of [`Summary::values`].
pub static SUMMARY_FIELDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut names: Vec<String> = Vec::new();
    for m in AVERAGED {
        names.push(format!("avg_{m}"));
    }
    for m in AVERAGED {
        names.push(format!("end_{m}"));
    }
    names
        .extend(["learning", "absence_days", "departures", "voices"].map(|m| format!("total_{m}")));
    for s in AttachmentStyle::ALL {
        for m in [
            "grow_share",
            "safety",
            "hide_rate",
            "voice_rate",
            "protect_hide_rate",
            "protect_voice_rate",
        ] {
            names.push(format!("{m}_{s}"));
        }
    }
    names.extend(Counts::NAMES.iter().map(|n| format!("n_{n}")));
    names
});

/// The daily metrics that are averaged over time and reported at the end.
pub(crate) const AVERAGED: [&str; 9] = [
    "safety",
    "shown_safety",
    "grow_share",
    "trust",
    "strain",
    "competence",
    "output",
    "undercurrent",
    "absent",
];

/// The summary of one run: time averages, end values, totals, per-style rates and
/// event counts. Values are `None` where undefined (e.g. a style nobody has).
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Values in [`SUMMARY_FIELDS`] order.
    pub values: Vec<Option<f64>>,
    /// The raw event counts.
    pub counts: Counts,
}

impl Summary {
    /// The value of a named field, if the name exists and the value is defined.
    pub fn get(&self, name: &str) -> Option<f64> {
        let i = SUMMARY_FIELDS.iter().position(|n| n == name)?;
        self.values[i]
    }
}
