//! Every numeric parameter of the model, with its default and allowed range.
//!
//! Each group below is a table under `[params]` in a scenario file, e.g.
//! `[params.setback] blame_safety = 0.2`. A scenario only lists what it changes.
//! The defaults and their reasoning are documented in `docs/` and next to each field.

use super::style::StyleTable;
use crate::problem::Problems;
use serde::{Deserialize, Serialize};

/// A parameter value that can be checked against an allowed range.
trait InRange {
    fn check(&self, field: &str, lo: f64, hi: f64, problems: &mut Problems);
    fn describe(&self) -> String;
    /// The value as a [`ParamDefault`].
    fn value(&self) -> ParamDefault;
    /// Multiplies the value (every entry of a table) by `factor`, kept within `lo..=hi`.
    fn scale(&mut self, factor: f64, lo: f64, hi: f64);
    /// Sets the value (for a table, the entry of `style`); false if `style` does not
    /// fit (given for a single value, missing or unknown for a table).
    fn set(&mut self, style: Option<&str>, value: f64) -> bool;
}

impl InRange for f64 {
    fn check(&self, field: &str, lo: f64, hi: f64, problems: &mut Problems) {
        problems.range(field, *self, lo, hi);
    }
    fn describe(&self) -> String {
        format!("{self}")
    }
    fn value(&self) -> ParamDefault {
        ParamDefault::One(*self)
    }
    fn scale(&mut self, factor: f64, lo: f64, hi: f64) {
        *self = (*self * factor).clamp(lo, hi);
    }
    fn set(&mut self, style: Option<&str>, value: f64) -> bool {
        *self = value;
        style.is_none()
    }
}

impl InRange for StyleTable<f64> {
    fn check(&self, field: &str, lo: f64, hi: f64, problems: &mut Problems) {
        for (style, v) in self.iter() {
            problems.range(&format!("{field}.{style}"), *v, lo, hi);
        }
    }
    fn describe(&self) -> String {
        format!(
            "secure {}, anxious {}, avoidant {}, fearful {}",
            self.secure, self.anxious, self.avoidant, self.fearful
        )
    }
    fn value(&self) -> ParamDefault {
        ParamDefault::PerStyle(*self)
    }
    fn scale(&mut self, factor: f64, lo: f64, hi: f64) {
        for style in super::style::AttachmentStyle::ALL {
            self.get_mut(style).scale(factor, lo, hi);
        }
    }
    fn set(&mut self, style: Option<&str>, value: f64) -> bool {
        match style.map(str::parse::<super::style::AttachmentStyle>) {
            Some(Ok(style)) => {
                *self.get_mut(style) = value;
                true
            }
            _ => false,
        }
    }
}

/// The default of a parameter: one number, or one per attachment style.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParamDefault {
    /// The same value for every member.
    One(f64),
    /// A value per attachment style, written as a table (`[params.member.rest_safety]`).
    PerStyle(StyleTable<f64>),
}

/// One documented parameter: where it lives, its default, its range and meaning.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamInfo {
    /// Dotted path in a scenario file, e.g. `params.peer.contagion`.
    pub path: String,
    /// The default value, as text.
    pub default: String,
    /// The default value, as numbers.
    pub default_value: ParamDefault,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
    /// What the parameter means.
    pub doc: String,
}

/// Declares a parameter group: the struct, its defaults, its range checks and its
/// self-description, from one list, so that a default and its range cannot drift apart.
macro_rules! param_group {
    (
        $(#[doc = $gdoc:literal])*
        $name:ident {
            $( #[doc = $doc:literal] $field:ident : $ty:ty = $default:expr, $lo:literal ..= $hi:literal; )*
        }
    ) => {
        $(#[doc = $gdoc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            $( #[doc = $doc] pub $field: $ty, )*
        }

        impl Default for $name {
            fn default() -> Self {
                Self { $( $field: $default, )* }
            }
        }

        impl $name {
            /// What the group is for (its doc comment).
            pub const DOC: &'static str = concat!($($gdoc),*);

            /// Checks every field against its allowed range.
            pub fn check(&self, path: &str, problems: &mut Problems) {
                $( InRange::check(&self.$field, &format!("{path}.{}", stringify!($field)), $lo, $hi, problems); )*
            }

            /// Multiplies the field `name` by `factor` within its range; false if there is
            /// no such field.
            pub fn scale(&mut self, name: &str, factor: f64) -> bool {
                match name {
                    $( stringify!($field) => { InRange::scale(&mut self.$field, factor, $lo, $hi); true } )*
                    _ => false,
                }
            }

            /// Sets the field `name` (for a per-style table `name.style`, e.g.
            /// `mode_down.secure`) to `value`, unchecked; false if there is no such field.
            pub fn set(&mut self, name: &str, value: f64) -> bool {
                let (field, style) = match name.split_once('.') {
                    Some((f, s)) => (f, Some(s)),
                    None => (name, None),
                };
                match field {
                    $( stringify!($field) => InRange::set(&mut self.$field, style, value), )*
                    _ => false,
                }
            }

            /// Describes every field of the defaults.
            pub fn describe(path: &str) -> Vec<ParamInfo> {
                let d = Self::default();
                vec![ $( ParamInfo {
                    path: format!("{path}.{}", stringify!($field)),
                    default: InRange::describe(&d.$field),
                    default_value: InRange::value(&d.$field),
                    min: $lo,
                    max: $hi,
                    doc: $doc.trim().to_string(),
                }, )* ]
            }
        }
    };
}

param_group! {
    /// Member state: relaxation between events, thresholds and per-style factors.
    MemberParams {
        /// Resting level that trust relaxes toward between events.
        trust_target: f64 = 0.5, 0.0..=1.0;
        /// Rate (per day) at which trust relaxes toward `trust_target`.
        trust_relax_rate: f64 = 0.01, 0.0..=10.0;
        /// Rate (per day) at which safety relaxes toward its anchor (the slow climate).
        safety_relax_rate: f64 = 0.05, 0.0..=10.0;
        /// Weight of the style's base safety in the anchor; the rest is trust in the leader.
        anchor_base_weight: f64 = 0.6, 0.0..=1.0;
        /// Self-efficacy: the anchor rises by this weight times (competence - 0.5).
        anchor_competence_weight: f64 = 0.15, 0.0..=1.0;
        /// Resting safety per style (the anchor's style part).
        base_safety: StyleTable<f64> = StyleTable::new(0.65, 0.45, 0.55, 0.35), 0.0..=1.0;
        /// Rate (per day) at which strain relaxes toward 0 while present.
        strain_relax_present: f64 = 0.10, 0.0..=10.0;
        /// Rate (per day) at which strain relaxes toward 0 while absent.
        strain_relax_absent: f64 = 0.25, 0.0..=10.0;
        /// Grow -> Protect when demand (alarm + felt uncertainty) exceeds this share of resources (safety drained by strain).
        mode_down: StyleTable<f64> = StyleTable::new(0.6, 0.6, 0.6, 0.6), 0.0..=10.0;
        /// Protect -> Grow when demand falls below this share of resources.
        mode_up: StyleTable<f64> = StyleTable::new(0.4, 0.4, 0.4, 0.4), 0.0..=10.0;
        /// Share of resources that strain drains at full strain.
        strain_drain: f64 = 0.5, 0.0..=1.0;
        /// Standard deviation of the shift of the next switch threshold, drawn at each switch of mode.
        threshold_sd: f64 = 0.05, 0.0..=0.5;
        /// Rate (per day) at which alarm fades by itself (self-regulation), per style, for its typical member; divided by a member's own sensitivity factor.
        alarm_decay: StyleTable<f64> = StyleTable::new(0.6, 0.4, 0.5, 0.3), 0.0..=10.0;
        /// Standard deviation of a member's own offset on resting safety, drawn per member.
        rest_sd: f64 = 0.1, 0.0..=0.5;
        /// Standard deviation of the team's offset on every member's resting safety, drawn per run.
        team_rest_sd: f64 = 0.1, 0.0..=0.5;
        /// Standard deviation of the log of a member's own factor on threat sensitivity (which also divides their alarm's fading rate).
        sensitivity_sd: f64 = 0.4, 0.0..=2.0;
        /// How much a member's resting safety needs the leader's presence, per style.
        presence_need: StyleTable<f64> = StyleTable::new(0.0, 0.15, 0.0, 0.08), 0.0..=1.0;
        /// Leader contacts per member per day at which every member's need for presence is met.
        presence_reference: f64 = 0.5, 0.01..=50.0;
        /// How much a fully dependent member's resting safety needs the leader's presence on top of the style's need.
        dependence_lean: f64 = 0.2, 0.0..=1.0;
        /// How much trust in the leader buffers the team's uncertainty: felt uncertainty is times (1 - buffer * trust).
        trust_buffer: f64 = 0.5, 0.0..=1.0;
        /// Events in a member's life outside work (illness at home, a loss, a move) per day.
        life_event_rate: f64 = 0.02, 0.0..=1.0;
        /// Alarm raised by a life event, times threat sensitivity (not buffered by competence at work).
        life_event_alarm: f64 = 0.8, 0.0..=1.0;
        /// Share of the soothing at work (support, a calm colleague) that reaches alarm from a life event, against 1 for alarm from work: support works best on stress from its own domain (Kelley et al. 2021: family support r = -.178 with family-to-work and -.099 with work-to-family conflict).
        home_soothing: f64 = 0.56, 0.0..=1.0;
        /// Days the team runs under its first leader before day 0, not reported (no start-up artefact).
        burn_in_days: f64 = 120.0, 0.0..=2000.0;
        /// Multiplier on safety and trust gained from support.
        receptivity: StyleTable<f64> = StyleTable::new(1.0, 1.2, 0.5, 0.7), 0.0..=5.0;
        /// Multiplier on every threat: challenge in Protect, blame, reorganisation, dismissal.
        threat_sensitivity: StyleTable<f64> = StyleTable::new(0.6, 1.2, 0.8, 1.4), 0.0..=5.0;
        /// Probability of hiding a setback while in Protect.
        hide_probability: StyleTable<f64> = StyleTable::new(0.1, 0.3, 0.6, 0.5), 0.0..=1.0;
        /// Peer-contact rate multiplier while in Protect.
        protect_peer_multiplier: StyleTable<f64> = StyleTable::new(1.0, 1.5, 0.3, 0.8), 0.0..=5.0;
        /// Multiplier on the chance of speaking up in a meeting while in Protect (avoidant members fall silent).
        protect_voice: StyleTable<f64> = StyleTable::new(1.0, 1.0, 0.0, 1.0), 0.0..=1.0;
        /// Masking: shown safety = felt + 0.5 * (1 - felt) * mask; shown alarm = felt * (1 - mask).
        mask: StyleTable<f64> = StyleTable::new(0.0, 0.0, 0.6, 0.0), 0.0..=1.0;
        /// How much competence buffers threats: a loss is scaled by (1 - resilience * competence).
        resilience: f64 = 0.5, 0.0..=1.0;
        /// Extra factor on support for a secure member in Protect, who asks for help.
        secure_help_bonus: f64 = 1.5, 0.0..=5.0;
        /// Probability that a fearful member's Protect episode is seeking (else withdrawing).
        fearful_seek_probability: f64 = 0.5, 0.0..=1.0;
        /// Trust in the leader of a member at the start of a run or on joining.
        initial_trust: f64 = 0.5, 0.0..=1.0;
        /// Competence of a member at the start of a run.
        initial_competence: f64 = 0.5, 0.0..=1.0;
        /// Competence of a newcomer who fills a vacancy.
        newcomer_competence: f64 = 0.3, 0.0..=1.0;
    }
}

param_group! {
    /// Leader contacts: support, challenge, control and empty contacts.
    ContactParams {
        /// Safety gained from support, times (1 - safety) and receptivity.
        support_safety: f64 = 0.06, 0.0..=1.0;
        /// Co-regulation: share of the alarm a supportive contact soothes away, times receptivity.
        soothe: f64 = 0.5, 0.0..=1.0;
        /// Trust gained from support, times (1 - trust) and receptivity.
        support_trust: f64 = 0.05, 0.0..=1.0;
        /// Learning units from a challenge met in Grow.
        challenge_learning: f64 = 1.0, 0.0..=100.0;
        /// Safety gained from a challenge met in Grow (a mastery experience), times (1 - safety) and the leader's effective caring.
        mastery_safety: f64 = 0.03, 0.0..=1.0;
        /// Competence gained per learning unit, times (1 - competence).
        competence_gain: f64 = 0.01, 0.0..=1.0;
        /// Safety lost to a challenge in Protect, times (1 - caring_eff) and threat sensitivity.
        challenge_threat: f64 = 0.04, 0.0..=1.0;
        /// Strain added by a challenge in Protect, times the same factors as the threat.
        challenge_strain: f64 = 0.05, 0.0..=1.0;
        /// Alarm raised by a challenge in Protect, times (1 - caring_eff) and threat sensitivity.
        challenge_alarm: f64 = 0.3, 0.0..=1.0;
        /// Share of a member's dependence on rescue that one mastery experience takes away.
        mastery_independence: f64 = 0.05, 0.0..=1.0;
        /// Guided step: safety gained when a challenge in Protect comes with support in the same contact, times (1 - safety).
        guided_safety: f64 = 0.03, 0.0..=1.0;
        /// Guided step: share of a Grow challenge's learning and competence taken from it.
        guided_learning_share: f64 = 0.5, 0.0..=1.0;
        /// Safety lost to a controlling contact (crisis reflex), times threat sensitivity.
        control_safety: f64 = 0.02, 0.0..=1.0;
        /// Trust lost to an empty contact (present but not available).
        empty_trust: f64 = 0.01, 0.0..=1.0;
    }
}

param_group! {
    /// Contacts between members: emotional contagion.
    PeerParams {
        /// Peer contacts per member per day (before the Protect multiplier).
        rate: f64 = 2.0, 0.0..=50.0;
        /// Fraction of the gap in (slow) safety closed by one contact.
        contagion: f64 = 0.005, 0.0..=0.5;
        /// Fraction of the gap in shown alarm closed by one contact (contagion of the fast component).
        alarm_contagion: f64 = 0.1, 0.0..=1.0;
        /// Colleagues as secure bases: share of the alarm soothed by a contact with a colleague in Grow, times receptivity.
        peer_soothe: f64 = 0.1, 0.0..=1.0;
        /// How much stronger a pull downward is than a pull upward.
        negativity_bias: f64 = 1.5, 1.0..=5.0;
    }
}

param_group! {
    /// Setbacks (mistakes, failed attempts) and the leader's response to them.
    SetbackParams {
        /// Setbacks per member per day at zero strain; the rate is base * (1 + strain).
        base_rate: f64 = 0.1, 0.0..=10.0;
        /// Undercurrent added by a hidden setback.
        hidden_undercurrent: f64 = 0.5, 0.0..=10.0;
        /// Strain added by hiding a setback.
        hidden_strain: f64 = 0.02, 0.0..=1.0;
        /// Alarm raised by a setback itself (a mistake is a moment of threat), times threat sensitivity.
        setback_alarm: f64 = 0.4, 0.0..=1.0;
        /// Alarm raised in a blamed member on top of the setback's own, times threat sensitivity.
        blame_alarm: f64 = 0.3, 0.0..=1.0;
        /// Dependence added by one rescue, times (1 - dependence).
        rescue_dependence: f64 = 0.1, 0.0..=1.0;
        /// Learning units from a restorative dialogue.
        restorative_learning: f64 = 1.0, 0.0..=100.0;
        /// Safety gained in a restorative dialogue, times (1 - safety) and receptivity.
        restorative_safety: f64 = 0.10, 0.0..=1.0;
        /// Trust gained in a restorative dialogue, times (1 - trust) and receptivity.
        restorative_trust: f64 = 0.08, 0.0..=1.0;
        /// Safety lost by a blamed member, times threat sensitivity.
        blame_safety: f64 = 0.08, 0.0..=1.0;
        /// Safety lost by each present witness of blame, times their threat sensitivity.
        blame_witness_safety: f64 = 0.015, 0.0..=1.0;
        /// Alarm raised in each present witness of blame, times their threat sensitivity (how mistakes are treated is watched).
        blame_witness_alarm: f64 = 0.1, 0.0..=1.0;
        /// Strain added to a blamed member.
        blame_strain: f64 = 0.05, 0.0..=1.0;
        /// Trust lost by a blamed member.
        blame_trust: f64 = 0.08, 0.0..=1.0;
        /// Safety gained when rescued, times (1 - safety) and receptivity.
        rescue_safety: f64 = 0.03, 0.0..=1.0;
        /// Trust gained when rescued, times (1 - trust) and receptivity.
        rescue_trust: f64 = 0.01, 0.0..=1.0;
        /// Safety lost when ignored.
        ignore_safety: f64 = 0.03, 0.0..=1.0;
        /// Trust lost when ignored.
        ignore_trust: f64 = 0.03, 0.0..=1.0;
        /// Undercurrent added when a setback is ignored.
        ignore_undercurrent: f64 = 0.5, 0.0..=10.0;
    }
}

param_group! {
    /// Team meetings, voice and conflict.
    MeetingParams {
        /// Days between team meetings.
        interval: f64 = 5.0, 0.5..=365.0;
        /// Chance of speaking up in Grow: base + slope * safety.
        voice_grow_base: f64 = 0.2, 0.0..=1.0;
        /// Chance of speaking up in Grow: base + slope * safety.
        voice_grow_slope: f64 = 0.7, 0.0..=1.0;
        /// Chance of speaking up in Protect: slope * safety (times the style's protect_voice).
        voice_protect_slope: f64 = 0.1, 0.0..=1.0;
        /// Undercurrent released by one voiced concern, times `release_without_daring + (1 - release_without_daring) d`, whatever the answer (section 7.5).
        voice_release: f64 = 0.5, 0.0..=10.0;
        /// Share of the release that happens without daring: release is times (share + (1 - share) * daring).
        release_without_daring: f64 = 0.3, 0.0..=1.0;
        /// Alarm raised in a speaker who is dismissed, times threat sensitivity.
        dismissal_alarm: f64 = 0.2, 0.0..=1.0;
        /// Learning units for the speaker of one voiced concern.
        voice_learning: f64 = 0.2, 0.0..=100.0;
        /// Safety gained by a speaker met with appreciation, times (1 - safety) and receptivity.
        appreciation_safety: f64 = 0.03, 0.0..=1.0;
        /// Trust gained by a speaker met with appreciation, times (1 - trust) and receptivity.
        appreciation_trust: f64 = 0.02, 0.0..=1.0;
        /// Safety lost by a speaker who is dismissed, times threat sensitivity.
        dismissal_safety: f64 = 0.03, 0.0..=1.0;
        /// Undercurrent above which a meeting turns into a conflict.
        conflict_threshold: f64 = 6.0, 0.0..=1000.0;
        /// Safety gained by every present member when a conflict is resolved, times (1 - safety).
        resolved_safety: f64 = 0.05, 0.0..=1.0;
        /// Learning units for every present member when a conflict is resolved.
        resolved_learning: f64 = 0.5, 0.0..=100.0;
        /// Safety lost by every present member in an escalated conflict, times threat sensitivity.
        escalated_safety: f64 = 0.03, 0.0..=1.0;
        /// Trust lost by every present member in an escalated conflict.
        escalated_trust: f64 = 0.02, 0.0..=1.0;
        /// Strain added to every present member in an escalated conflict.
        escalated_strain: f64 = 0.05, 0.0..=1.0;
        /// Alarm raised in every present member by an escalated conflict, times threat sensitivity.
        escalated_alarm: f64 = 0.2, 0.0..=1.0;
        /// Share of the undercurrent that remains after an escalated conflict.
        escalation_residual: f64 = 0.3, 0.0..=1.0;
        /// Strain added to every present member when a conflict is smoothed over or avoided (energy leaks away).
        stuck_strain: f64 = 0.02, 0.0..=1.0;
    }
}

param_group! {
    /// Pressure peaks and the strain they cause.
    PressureParams {
        /// Unscheduled pressure peaks per day (Poisson); 0 for none.
        peak_rate: f64 = 0.02, 0.0..=1.0;
        /// Pressure level of an unscheduled peak.
        peak_level: f64 = 0.5, 0.0..=1.0;
        /// Mean duration in days of an unscheduled peak (exponential).
        peak_mean_duration: f64 = 10.0, 0.1..=365.0;
        /// Strain growth per day at full pressure: dr/dt = growth * p * (1 - r) - relax * r.
        strain_growth: f64 = 0.15, 0.0..=10.0;
        /// Alarm raised in every present member when a peak starts, times its level and threat sensitivity.
        alarm: f64 = 0.3, 0.0..=1.0;
    }
}

param_group! {
    /// Reorganisations: unpredictability shocks.
    ReorganisationParams {
        /// Safety lost at severity 1, times threat sensitivity and the trust buffer.
        safety_shock: f64 = 0.25, 0.0..=1.0;
        /// How much trust in the leader buffers the shock: factor (1 - buffer * trust).
        trust_buffer: f64 = 0.6, 0.0..=1.0;
        /// Strain added at severity 1, times threat sensitivity.
        strain_shock: f64 = 0.10, 0.0..=1.0;
        /// Team uncertainty added at severity 1, times (1 - uncertainty).
        uncertainty: f64 = 0.5, 0.0..=1.0;
        /// Alarm raised at severity 1, times threat sensitivity and the trust buffer.
        alarm: f64 = 0.3, 0.0..=1.0;
        /// Share of the safety a reorganisation takes that stays as a loss not yet worked through: it lowers where the member's safety settles until it is grieved.
        loss_share: f64 = 1.0, 0.0..=1.0;
        /// Share of the loss not yet worked through that a team meeting works through whatever the leader does (colleagues talk it over).
        grief_base: f64 = 0.1, 0.0..=1.0;
        /// Extra share worked through per meeting, times the leader's effective caring x daring: the loss named and given room, then closed and the new welcomed.
        grief_leader: f64 = 0.5, 0.0..=1.0;
    }
}

param_group! {
    /// The team's uncertainty: what change raises and the leader's clarity takes away.
    UncertaintyParams {
        /// Everyday changes (plans, priorities, a client's request) per day (Poisson); 0 for none.
        change_rate: f64 = 0.1, 0.0..=10.0;
        /// Uncertainty added by one everyday change, times (1 - uncertainty).
        change_size: f64 = 0.15, 0.0..=1.0;
        /// Rate (per day) at which uncertainty fades with no leader at all.
        base_fade: f64 = 0.02, 0.0..=10.0;
        /// Extra fading rate (per day) at full daring and full presence: decisions and direction.
        clarity: f64 = 0.4, 0.0..=10.0;
        /// Uncertainty added when a pressure peak starts, times its level.
        pressure: f64 = 0.3, 0.0..=1.0;
        /// Uncertainty added when the leader is replaced.
        new_leader: f64 = 0.4, 0.0..=1.0;
        /// Uncertainty added per member who leaves or joins in a composition change.
        composition: f64 = 0.05, 0.0..=1.0;
        /// Uncertainty added by an escalated conflict.
        escalation: f64 = 0.05, 0.0..=1.0;
    }
}

param_group! {
    /// Members seeking the leader in Protect, and separation protest (section 4a).
    AttachmentParams {
        /// Extra leader-contact requests per day from a seeking member in Protect.
        request_rate: f64 = 0.5, 0.0..=50.0;
        /// P(leader answers a request within a day) = 1 - exp(-responsiveness * availability).
        leader_responsiveness: f64 = 3.0, 0.0..=100.0;
        /// Undercurrent added by each day of protest.
        protest_undercurrent: f64 = 0.5, 0.0..=10.0;
        /// Safety lost by one peer pulled into the protest each day.
        protest_peer_safety: f64 = 0.02, 0.0..=1.0;
    }
}

param_group! {
    /// Sickness absence.
    AbsenceParams {
        /// Sick-leave hazard per day at zero strain.
        base_hazard: f64 = 0.0035, 0.0..=1.0;
        /// Extra hazard at full strain; the hazard is base + strain_hazard * strain^2.
        strain_hazard: f64 = 0.02, 0.0..=1.0;
        /// Mean absence in days at zero strain (exponential).
        mean_duration: f64 = 8.0, 0.1..=365.0;
        /// The mean duration is multiplied by (1 + factor * strain).
        duration_strain_factor: f64 = 2.0, 0.0..=100.0;
        /// Share of strain that remains on return.
        return_strain: f64 = 0.5, 0.0..=1.0;
        /// The leader's own sick-leave hazard as a multiple of `base_hazard`; spells last `mean_duration` days on average (0: the leader is never away).
        leader_share: f64 = 1.0, 0.0..=10.0;
    }
}

impl AbsenceParams {
    /// The leader's sick-leave hazard per day (docs/MODEL.md 7.8).
    pub fn leader_hazard(&self) -> f64 {
        self.base_hazard * self.leader_share
    }
}

param_group! {
    /// Resignations and vacancies.
    TurnoverParams {
        /// Resignation hazard per day for a content member.
        base_hazard: f64 = 0.0002, 0.0..=1.0;
        /// Extra hazard at full distress; distress is the mean of (1 - trust), (1 - safety), strain and alarm, squared.
        distress_hazard: f64 = 0.006, 0.0..=1.0;
        /// Mean days until a vacancy is filled (exponential).
        vacancy_mean_days: f64 = 30.0, 0.1..=365.0;
    }
}

param_group! {
    /// Scheduled interventions.
    InterventionParams {
        /// Safety gained by every present member in a team session, times (1 - safety).
        session_safety: f64 = 0.10, 0.0..=1.0;
        /// Share of the undercurrent released by a team session.
        session_release: f64 = 1.0, 0.0..=1.0;
        /// Trust in a new leader after a leader replacement.
        new_leader_trust: f64 = 0.5, 0.0..=1.0;
        /// Alarm raised at a leader replacement in a fully dependent member, times threat sensitivity.
        replacement_alarm: f64 = 0.4, 0.0..=1.0;
    }
}

param_group! {
    /// Output (productivity) of present members.
    OutputParams {
        /// Share of the work that is novel (where Grow matters).
        novel_work_share: f64 = 0.5, 0.0..=1.0;
        /// Productivity on novel work in Protect, relative to Grow.
        protect_novel_output: f64 = 0.4, 0.0..=1.0;
        /// Productivity lost at full strain.
        strain_penalty: f64 = 0.5, 0.0..=1.0;
        /// Weight of competence in productivity: (1 - w) + w * competence.
        competence_weight: f64 = 0.3, 0.0..=1.0;
    }
}

/// All model parameters: the `[params]` table of a scenario.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Member state and per-style factors.
    pub member: MemberParams,
    /// Leader contacts.
    pub contact: ContactParams,
    /// Peer contacts.
    pub peer: PeerParams,
    /// Setbacks and responses.
    pub setback: SetbackParams,
    /// Meetings, voice and conflict.
    pub meeting: MeetingParams,
    /// Pressure peaks.
    pub pressure: PressureParams,
    /// Reorganisations.
    pub reorganisation: ReorganisationParams,
    /// Team uncertainty and clarity.
    pub uncertainty: UncertaintyParams,
    /// Seeking and protest.
    pub attachment: AttachmentParams,
    /// Sickness absence.
    pub absence: AbsenceParams,
    /// Resignation and vacancies.
    pub turnover: TurnoverParams,
    /// Interventions.
    pub intervention: InterventionParams,
    /// Productivity.
    pub output: OutputParams,
}

impl Params {
    /// Checks every parameter, and the thresholds against each other.
    pub fn check(&self, problems: &mut Problems) {
        self.member.check("params.member", problems);
        self.contact.check("params.contact", problems);
        self.peer.check("params.peer", problems);
        self.setback.check("params.setback", problems);
        self.meeting.check("params.meeting", problems);
        self.pressure.check("params.pressure", problems);
        self.reorganisation.check("params.reorganisation", problems);
        self.uncertainty.check("params.uncertainty", problems);
        self.attachment.check("params.attachment", problems);
        self.absence.check("params.absence", problems);
        self.turnover.check("params.turnover", problems);
        self.intervention.check("params.intervention", problems);
        self.output.check("params.output", problems);
        for (style, down) in self.member.mode_down.iter() {
            let up = *self.member.mode_up.get(style);
            if *down <= up {
                problems.push(
                    format!("params.member.mode_down.{style}"),
                    crate::problem::Said::new(
                        format!(
                            "{down} must be above params.member.mode_up.{style} ({up}): the Protect/Grow hysteresis needs down > up"
                        ),
                        format!(
                            "{down} moet boven params.member.mode_up.{style} ({up}) liggen: de overgang tussen Doel 1 en Doel 2 heeft down > up nodig"
                        ),
                    ),
                );
            }
        }
    }

    /// Multiplies the parameter at `path` (e.g. `params.peer.contagion`) by `factor`,
    /// kept within its allowed range. Returns false for an unknown path.
    pub fn scale(&mut self, path: &str, factor: f64) -> bool {
        let Some(rest) = path.strip_prefix("params.") else {
            return false;
        };
        let Some((group, field)) = rest.split_once('.') else {
            return false;
        };
        match group {
            "member" => self.member.scale(field, factor),
            "contact" => self.contact.scale(field, factor),
            "peer" => self.peer.scale(field, factor),
            "setback" => self.setback.scale(field, factor),
            "meeting" => self.meeting.scale(field, factor),
            "pressure" => self.pressure.scale(field, factor),
            "reorganisation" => self.reorganisation.scale(field, factor),
            "uncertainty" => self.uncertainty.scale(field, factor),
            "attachment" => self.attachment.scale(field, factor),
            "absence" => self.absence.scale(field, factor),
            "turnover" => self.turnover.scale(field, factor),
            "intervention" => self.intervention.scale(field, factor),
            "output" => self.output.scale(field, factor),
            _ => false,
        }
    }

    /// The tables under `[params]`, each with what it is for, in the order of
    /// [`Params::describe`].
    pub fn groups() -> [(&'static str, &'static str); 13] {
        [
            ("member", MemberParams::DOC.trim()),
            ("contact", ContactParams::DOC.trim()),
            ("peer", PeerParams::DOC.trim()),
            ("setback", SetbackParams::DOC.trim()),
            ("meeting", MeetingParams::DOC.trim()),
            ("pressure", PressureParams::DOC.trim()),
            ("reorganisation", ReorganisationParams::DOC.trim()),
            ("uncertainty", UncertaintyParams::DOC.trim()),
            ("attachment", AttachmentParams::DOC.trim()),
            ("absence", AbsenceParams::DOC.trim()),
            ("turnover", TurnoverParams::DOC.trim()),
            ("intervention", InterventionParams::DOC.trim()),
            ("output", OutputParams::DOC.trim()),
        ]
    }

    /// Sets the parameter at `path` (e.g. `params.peer.contagion`, or
    /// `params.member.mode_down.secure` for one style's entry of a table) to `value`,
    /// unchecked (see [`Params::check`]). Returns false for an unknown path.
    pub fn set(&mut self, path: &str, value: f64) -> bool {
        let Some(rest) = path.strip_prefix("params.") else {
            return false;
        };
        let Some((group, field)) = rest.split_once('.') else {
            return false;
        };
        match group {
            "member" => self.member.set(field, value),
            "contact" => self.contact.set(field, value),
            "peer" => self.peer.set(field, value),
            "setback" => self.setback.set(field, value),
            "meeting" => self.meeting.set(field, value),
            "pressure" => self.pressure.set(field, value),
            "reorganisation" => self.reorganisation.set(field, value),
            "uncertainty" => self.uncertainty.set(field, value),
            "attachment" => self.attachment.set(field, value),
            "absence" => self.absence.set(field, value),
            "turnover" => self.turnover.set(field, value),
            "intervention" => self.intervention.set(field, value),
            "output" => self.output.set(field, value),
            _ => false,
        }
    }

    /// Every parameter with its default, range and meaning.
    pub fn describe() -> Vec<ParamInfo> {
        [
            MemberParams::describe("params.member"),
            ContactParams::describe("params.contact"),
            PeerParams::describe("params.peer"),
            SetbackParams::describe("params.setback"),
            MeetingParams::describe("params.meeting"),
            PressureParams::describe("params.pressure"),
            ReorganisationParams::describe("params.reorganisation"),
            UncertaintyParams::describe("params.uncertainty"),
            AttachmentParams::describe("params.attachment"),
            AbsenceParams::describe("params.absence"),
            TurnoverParams::describe("params.turnover"),
            InterventionParams::describe("params.intervention"),
            OutputParams::describe("params.output"),
        ]
        .concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_pass_their_own_checks() {
        let mut p = Problems::default();
        Params::default().check(&mut p);
        assert!(p.is_empty(), "{:?}", p.into_vec());
    }

    #[test]
    fn out_of_range_values_are_named() {
        let mut params = Params::default();
        params.peer.contagion = 0.9;
        params.member.receptivity.avoidant = -1.0;
        params.member.mode_down.secure = 0.1;
        let mut p = Problems::default();
        params.check(&mut p);
        let fields: Vec<_> = p.into_vec().into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "params.member.receptivity.avoidant",
                "params.peer.contagion",
                "params.member.mode_down.secure"
            ]
        );
    }

    #[test]
    fn every_described_parameter_can_be_scaled() {
        for info in Params::describe() {
            let mut p = Params::default();
            assert!(p.scale(&info.path, 1.1), "{}", info.path);
        }
        let mut p = Params::default();
        assert!(p.scale("params.peer.contagion", 100.0));
        assert_eq!(p.peer.contagion, 0.5, "kept within its range");
        assert!(!p.scale("params.peer.colour", 2.0));
    }

    #[test]
    fn every_parameter_and_table_entry_can_be_set() {
        for info in Params::describe() {
            let mut p = Params::default();
            // A value that differs from the default: a quarter or three quarters of
            // the way into the range.
            let (a, b) = (
                info.min + 0.25 * (info.max - info.min),
                info.min + 0.75 * (info.max - info.min),
            );
            let d = match info.default_value {
                ParamDefault::One(d) => d,
                ParamDefault::PerStyle(t) => t.fearful,
            };
            let v = if (d - a).abs() < 1e-12 { b } else { a };
            match info.default_value {
                ParamDefault::One(_) => {
                    assert!(p.set(&info.path, v), "{}", info.path);
                    assert!(!p.set(&format!("{}.secure", info.path), v));
                }
                ParamDefault::PerStyle(_) => {
                    assert!(!p.set(&info.path, v), "{} needs a style", info.path);
                    assert!(p.set(&format!("{}.fearful", info.path), v));
                    assert!(!p.set(&format!("{}.sekure", info.path), v));
                }
            }
            assert_ne!(p, Params::default(), "{} changed nothing", info.path);
        }
        assert!(!Params::default().set("params.peer.nope", 1.0));
    }

    #[test]
    fn the_groups_are_the_groups_described() {
        let mut described: Vec<String> = Vec::new();
        for p in Params::describe() {
            let group = p.path.split('.').nth(1).unwrap_or_default().to_string();
            if described.last() != Some(&group) {
                described.push(group);
            }
        }
        let listed: Vec<String> = Params::groups()
            .iter()
            .map(|(g, _)| g.to_string())
            .collect();
        assert_eq!(described, listed);
        assert!(Params::groups().iter().all(|(_, doc)| !doc.is_empty()));
    }

    #[test]
    fn every_parameter_is_described() {
        let all = Params::describe();
        assert!(all.len() > 80, "{}", all.len());
        assert!(all.iter().all(|p| !p.doc.is_empty() && p.min <= p.max));
    }
}
