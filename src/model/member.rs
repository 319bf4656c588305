//! A team member's state and its continuous dynamics between events.
//!
//! Two time scales (docs/MODEL.md 7.1): felt `safety` is the climate as this member
//! experiences it and moves over weeks; `alarm` is threat activation and fades within
//! days. The member's mode follows their *felt security*, safety less alarm less the
//! share of the team's uncertainty this member feels, with hysteresis.

use super::exp::{exp, exp_pair};
use super::params::MemberParams;
use super::style::{AttachmentStyle, Mode};

/// How a fearful member copes during one Protect episode (section 4a): each episode
/// picks one. Other styles always have the same coping, given by their style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coping {
    /// Seeks the leader; protests when the leader is not there.
    Seeking,
    /// Withdraws: falls silent.
    Withdrawing,
    /// Asks for help through ordinary contacts (secure members).
    AskingForHelp,
}

/// What makes one member different from another of the same style (MODEL.md 8.1.5):
/// drawn once per member and run, so teams differ as real teams do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Disposition {
    /// Added to the resting safety level (the member's own part plus the team's).
    pub rest_offset: f64,
    /// Multiplies the style's threat sensitivity and divides the style's alarm fading
    /// rate: a member more easily alarmed than their style's typical member also calms
    /// down more slowly, as the styles themselves do (docs/MODEL.md 7.1).
    pub sensitivity: f64,
}

impl Disposition {
    /// The style's typical member: no offset, the style's sensitivity.
    pub const TYPICAL: Disposition = Disposition {
        rest_offset: 0.0,
        sensitivity: 1.0,
    };
}

/// A change of mode found by [`Member::update_mode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    /// Grow -> Protect: a Doel 1 episode starts.
    ToProtect,
    /// Protect -> Grow: the episode ends.
    ToGrow,
}

/// A team member.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Attachment style, fixed for the member's time in the team.
    pub style: AttachmentStyle,
    /// Felt psychological safety, 0..=1: the slow climate.
    pub safety: f64,
    /// Threat activation from work, 0..=1: the fast alarm.
    pub alarm: f64,
    /// Threat activation from life outside work (a life event), 0..=1 together with
    /// `alarm`: felt and shown with it and fading at the same rate, but soothed less by
    /// support at work, which works best on stress from its own domain (docs/MODEL.md
    /// 7.1).
    pub home_alarm: f64,
    /// Trust in the leader as a secure base, 0..=1.
    pub trust: f64,
    /// Accumulated stress load, 0..=1.
    pub strain: f64,
    /// Competence, 0..=1.
    pub competence: f64,
    /// How far this member's safety leans on being rescued, 0..=1 (the price of
    /// pleasing): grows with rescue, shrinks with mastery.
    pub dependence: f64,
    /// Learning units this member has gathered since joining (or since day 0).
    pub learning: f64,
    /// Doel 1 (Protect) or Doel 2 (Grow).
    pub mode: Mode,
    /// How the current Protect episode is coped with.
    pub coping: Coping,
    /// This member's differences from the style's typical member.
    pub disposition: Disposition,
    /// Shift of the threshold for the next switch of mode, drawn at each switch (the
    /// day-to-day variation that decides whether the same hit tips a member over).
    pub jitter: f64,
    /// What a change took from where this member's safety settles and they have not
    /// yet worked through (grieved): it lowers their resting safety until it is
    /// (seed 004: "zonder afscheid van de oude situatie kunnen mensen zich niet
    /// verbinden aan een nieuwe situatie"). Changes only at events.
    pub loss: f64,
    /// The rate (per day) at which this member's alarm fades by itself: the style's
    /// `alarm_decay` over the disposition's sensitivity factor.
    pub alarm_fade: f64,
}

/// What the member's surroundings contribute to an update between events: constant
/// over the interval, because every team event that changes them first brings all
/// members up to date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Surroundings {
    /// The pressure term `growth * p` that pushes strain up while present.
    pub strain_drive: f64,
    /// The strain relaxation rate: present or absent.
    pub strain_rest: Rate,
    /// How far the leader's contact rate falls short of what members need, 0..=1.
    pub presence_deficit: f64,
}

impl Member {
    /// A member at the resting state for their style and disposition, given their
    /// trust in the leader, with no alarm. The mode is Grow when the resting security
    /// lies above the middle of the hysteresis band.
    pub fn new(
        style: AttachmentStyle,
        trust: f64,
        competence: f64,
        disposition: Disposition,
        p: &MemberParams,
    ) -> Self {
        let mut m = Member {
            style,
            safety: 0.0,
            alarm: 0.0,
            home_alarm: 0.0,
            trust,
            strain: 0.0,
            competence,
            dependence: 0.0,
            learning: 0.0,
            mode: Mode::Grow,
            coping: default_coping(style),
            disposition,
            jitter: 0.0,
            loss: 0.0,
            alarm_fade: p.alarm_decay.get(style) / disposition.sensitivity,
        };
        m.safety = m.anchor(p, 0.0).clamp(0.0, 1.0);
        m.mode = m.middle_mode(p, 0.0);
        m
    }

    /// The mode a member would be in with no history: Protect when the appraisal lies
    /// above the middle of the hysteresis band.
    pub fn middle_mode(&self, p: &MemberParams, uncertainty: f64) -> Mode {
        let middle = 0.5 * (p.mode_down.get(self.style) + p.mode_up.get(self.style));
        if self.appraisal(p, uncertainty) > middle {
            Mode::Protect
        } else {
            Mode::Grow
        }
    }

    /// The safety level this member relaxes toward: the style's base level and trust in
    /// the leader (the secure-base effect), plus self-efficacy and the member's own
    /// offset, less what the leader's absence takes from a member who needs presence.
    pub fn anchor(&self, p: &MemberParams, presence_deficit: f64) -> f64 {
        anchor(
            *p.base_safety.get(self.style),
            self.trust,
            p.anchor_base_weight,
        ) + self.resting_extra(p, presence_deficit)
    }

    /// The part of the anchor that does not depend on trust; it only changes at events.
    fn resting_extra(&self, p: &MemberParams, presence_deficit: f64) -> f64 {
        self.efficacy(p) + self.disposition.rest_offset
            - self.presence_need(p) * presence_deficit
            - self.loss
    }

    /// How much this member's resting safety needs the leader's presence: the style's
    /// own need (anxious members most) plus what dependence on rescue adds.
    pub fn presence_need(&self, p: &MemberParams) -> f64 {
        p.presence_need.get(self.style) + p.dependence_lean * self.dependence
    }

    /// What competence adds to the resting safety level: `weight * (competence - 0.5)`,
    /// so a member who has learned to handle the work rests at a safer level.
    pub fn efficacy(&self, p: &MemberParams) -> f64 {
        p.anchor_competence_weight * (self.competence - 0.5)
    }

    /// This member's threat sensitivity: the style's, times their own disposition.
    pub fn threat(&self, p: &MemberParams) -> f64 {
        p.threat_sensitivity.get(self.style) * self.disposition.sensitivity
    }

    /// What the member has to face now: alarm plus the share of the team's uncertainty
    /// they feel (the demand side of a threat appraisal).
    pub fn demand(&self, p: &MemberParams, uncertainty: f64) -> f64 {
        self.felt_alarm() + self.felt_uncertainty(p, uncertainty)
    }

    /// The whole alarm this member feels, from work and from home, 0..=1.
    pub fn felt_alarm(&self) -> f64 {
        self.alarm + self.home_alarm
    }

    /// What the member has to face it with: felt safety, drained by strain (stress
    /// depletes the resources that meet the next threat; Hobfoll 1989).
    pub fn resources(&self, p: &MemberParams) -> f64 {
        self.safety * (1.0 - p.strain_drain * self.strain)
    }

    /// Threat appraisal: demand as a share of resources. Doel 1 when it is high (a
    /// threat state: demands exceed resources; Blascovich & Tomaka 1996), Doel 2 when
    /// it is low. Capped at 100 so that a member without resources stays finite.
    pub fn appraisal(&self, p: &MemberParams, uncertainty: f64) -> f64 {
        let demand = self.demand(p, uncertainty);
        let resources = self.resources(p);
        if demand >= 100.0 * resources {
            100.0
        } else {
            demand / resources
        }
    }

    /// The share of the team's uncertainty this member feels.
    pub fn felt_uncertainty(&self, p: &MemberParams, uncertainty: f64) -> f64 {
        self.threat(p) * uncertainty * (1.0 - p.trust_buffer * self.trust)
    }

    /// What the member lets others see of their safety (avoidant members mask).
    pub fn shown_safety(&self, p: &MemberParams) -> f64 {
        let mask = *p.mask.get(self.style);
        self.safety + 0.5 * (1.0 - self.safety) * mask
    }

    /// What the member lets others see of their alarm (avoidant members mask it too).
    pub fn shown_alarm(&self, p: &MemberParams) -> f64 {
        self.felt_alarm() * (1.0 - p.mask.get(self.style))
    }

    /// Advances trust, safety, alarm and strain by `dt` days with the closed-form
    /// solution of their linear equations (docs/MODEL.md 7.1); no ticking.
    #[inline]
    pub fn relax(&mut self, dt: f64, p: &MemberParams, rates: &RelaxRates, env: &Surroundings) {
        if dt <= 0.0 {
            return;
        }
        // Trust's unit decay and the alarm's fading, the two exponentials of an update.
        let (unit, alarm_decay) = exp_pair(-rates.trust.per_day * dt, -self.alarm_fade * dt);
        let w = p.anchor_base_weight;
        // Where safety settles once trust has: the rest of the anchor only changes at
        // events, so it is a constant here and the closed form stays exact.
        let settled = anchor(*p.base_safety.get(self.style), p.trust_target, w)
            + self.resting_extra(p, env.presence_deficit);
        // Safety's decay and, without pressure, strain's: two whole powers of `unit`
        // that share their squarings when both rates are whole multiples (the default).
        let calm = env.strain_drive == 0.0;
        let (es, strain_decay) = match (rates.safety.multiple, env.strain_rest.multiple) {
            (Some(a), Some(b)) if calm => whole_powers(unit, a, b),
            _ => (
                rates.safety.decay(dt, unit),
                if calm {
                    env.strain_rest.decay(dt, unit)
                } else {
                    0.0 // not used: pressure has its own exponential below
                },
            ),
        };
        let (trust, safety) = rates.trust_safety(
            self.trust,
            self.safety,
            dt,
            unit,
            es,
            p.trust_target,
            settled,
            1.0 - w,
        );
        self.trust = trust.clamp(0.0, 1.0);
        self.safety = safety.clamp(0.0, 1.0);
        // Self-regulation: alarm fades at the member's own rate, whatever its source.
        self.alarm *= alarm_decay;
        self.home_alarm *= alarm_decay;
        // dr/dt = drive * (1 - r) - rest * r: relaxes toward drive / (drive + rest).
        if calm {
            self.strain *= strain_decay;
        } else {
            let k = env.strain_drive + env.strain_rest.per_day;
            let target = env.strain_drive / k;
            self.strain = (target + (self.strain - target) * exp(-k * dt)).clamp(0.0, 1.0);
        }
    }

    /// Applies the hysteresis of the mode to the threat appraisal: Grow -> Protect above
    /// `mode_down + jitter`, Protect -> Grow below `mode_up + jitter`. Returns the
    /// switch, if any; the caller draws the jitter for the next one.
    pub fn update_mode(&mut self, p: &MemberParams, uncertainty: f64) -> Option<Switch> {
        // demand / resources compared without the division (resources are >= 0).
        let demand = self.demand(p, uncertainty);
        let resources = self.resources(p);
        match self.mode {
            Mode::Grow if demand > (p.mode_down.get(self.style) + self.jitter) * resources => {
                self.mode = Mode::Protect;
                Some(Switch::ToProtect)
            }
            Mode::Protect if demand < (p.mode_up.get(self.style) + self.jitter) * resources => {
                self.mode = Mode::Grow;
                Some(Switch::ToGrow)
            }
            _ => None,
        }
    }

    /// Whether this member, in Protect, seeks the leader (anxious, or fearful and seeking).
    pub fn seeks_leader(&self) -> bool {
        self.mode == Mode::Protect && self.coping == Coping::Seeking
    }

    /// Whether this member, in Protect, withdraws into silence.
    pub fn withdraws(&self) -> bool {
        self.mode == Mode::Protect && self.coping == Coping::Withdrawing
    }

    /// Adds `amount * (1 - safety)`: gains shrink near the ceiling.
    pub fn raise_safety(&mut self, amount: f64) {
        self.safety = (self.safety + amount * (1.0 - self.safety)).clamp(0.0, 1.0);
    }

    /// Adds `amount * (1 - trust)`.
    pub fn raise_trust(&mut self, amount: f64) {
        self.trust = (self.trust + amount * (1.0 - self.trust)).clamp(0.0, 1.0);
    }

    /// Subtracts `amount` from safety (losses do not shrink near the floor the way
    /// gains shrink near the ceiling: the negativity bias of MODEL.md fact 4).
    pub fn lower_safety(&mut self, amount: f64) {
        self.safety = (self.safety - amount).clamp(0.0, 1.0);
    }

    /// Takes a threat of size `amount` to safety, buffered by competence: a member who
    /// has learned to handle things loses `amount * (1 - resilience * competence)`.
    /// Mastery experiences build the confidence that dampens threat (self-efficacy,
    /// Bandura 1997; seed 002 on attachment and resilience), which is how the daring of
    /// a secure base pays off when times get hard.
    pub fn suffer(&mut self, amount: f64, resilience: f64) {
        self.lower_safety(amount * (1.0 - resilience * self.competence));
    }

    /// Raises the alarm by `amount` times this member's threat sensitivity, buffered by
    /// competence like [`Member::suffer`]; the alarm saturates at 1.
    pub fn alarm_by(&mut self, amount: f64, p: &MemberParams) {
        let hit = amount * self.threat(p) * (1.0 - p.resilience * self.competence);
        self.alarm += self.rise(hit);
    }

    /// Raises the alarm from home by `amount` times threat sensitivity, with no buffer
    /// from competence at work: for what happens outside work.
    pub fn startle(&mut self, amount: f64, p: &MemberParams) {
        self.home_alarm += self.rise(amount * self.threat(p));
    }

    /// What a hit adds: a share `hit` of the room left below 1 in the felt alarm. A hit
    /// can exceed 1 (a sensitive member meeting a large threat: a fearful member's
    /// sensitivity is 1.4), and a share above 1 would carry the alarm past its ceiling,
    /// so a hit of 1 or more is full activation.
    fn rise(&self, hit: f64) -> f64 {
        hit.clamp(0.0, 1.0) * (1.0 - self.felt_alarm())
    }

    /// Co-regulation at work: a share of the alarm from work is soothed away (capped at
    /// all of it), and `home_soothing` of that share of the alarm from home.
    pub fn soothe(&mut self, share: f64, p: &MemberParams) {
        let share = share.clamp(0.0, 1.0);
        self.alarm *= 1.0 - share;
        self.home_alarm *= 1.0 - p.home_soothing * share;
    }

    /// Emotional contagion: the felt alarm becomes `felt` (0..=1, where a colleague's
    /// pull took it); the change is felt at work, so it lands on the alarm from work
    /// (which cannot fall below 0: a calm colleague's pull does not reach the alarm from
    /// home, only their soothing does).
    pub fn catch_alarm(&mut self, felt: f64) {
        // At most 1 - home_alarm already, since `felt` is at most 1.
        self.alarm = (felt - self.home_alarm).max(0.0);
    }

    /// Subtracts `amount` from trust.
    pub fn lower_trust(&mut self, amount: f64) {
        self.trust = (self.trust - amount).clamp(0.0, 1.0);
    }

    /// Adds `amount` to strain.
    pub fn add_strain(&mut self, amount: f64) {
        self.strain = (self.strain + amount).clamp(0.0, 1.0);
    }

    /// Records `units` of learning and the competence it brings.
    pub fn learn(&mut self, units: f64, competence_gain: f64) {
        self.learning += units;
        // The pure-Rust `pow` of the libm crate, not the C library's: the C libraries of
        // different systems may round it differently in the last place, and a run's bits
        // should not depend on the system it runs on (the simulation's only `pow`).
        let gain = 1.0 - libm::pow(1.0 - competence_gain, units);
        self.competence = (self.competence + gain * (1.0 - self.competence)).clamp(0.0, 1.0);
    }

    /// Being rescued: the problem is taken away, and with it a share of the chance to
    /// learn to carry it oneself.
    pub fn lean_on(&mut self, amount: f64) {
        self.dependence = (self.dependence + amount * (1.0 - self.dependence)).clamp(0.0, 1.0);
    }

    /// A mastery experience: the member carried something themselves, so a share of
    /// their dependence on rescue falls away.
    pub fn stand_alone(&mut self, share: f64) {
        self.dependence = (self.dependence * (1.0 - share)).clamp(0.0, 1.0);
    }
}

/// The coping a style uses in Protect (fearful members redraw it each episode).
pub fn default_coping(style: AttachmentStyle) -> Coping {
    match style {
        AttachmentStyle::Anxious => Coping::Seeking,
        AttachmentStyle::Avoidant => Coping::Withdrawing,
        AttachmentStyle::Secure => Coping::AskingForHelp,
        AttachmentStyle::Fearful => Coping::Seeking,
    }
}

/// The safety anchor: `w * base + (1 - w) * trust`.
pub fn anchor(base: f64, trust: f64, w: f64) -> f64 {
    w * base + (1.0 - w) * trust
}

/// A relaxation rate (per day), with the multiple of the run's unit rate it is, if it
/// is a small whole one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// The rate per day.
    pub per_day: f64,
    /// `n` when the rate is `n` times the unit rate (1..=128), to within 1e-12
    /// relative: the decay factor is then off by at most that much times `rate * dt`.
    multiple: Option<u32>,
}

impl Rate {
    fn new(per_day: f64, unit: f64) -> Self {
        let n = (per_day / unit).round();
        let whole = unit > 0.0
            && (1.0..=128.0).contains(&n)
            && (n * unit - per_day).abs() <= 1e-12 * per_day;
        Rate {
            per_day,
            multiple: whole.then_some(n as u32),
        }
    }

    /// `e^{-rate dt}`, given `unit = e^{-unit_rate dt}`.
    #[inline]
    fn decay(self, dt: f64, unit: f64) -> f64 {
        match self.multiple {
            Some(n) => whole_power(unit, n),
            None => exp(-self.per_day * dt),
        }
    }
}

/// `x^n` by repeated squaring (at most 14 multiplications for n <= 128).
#[inline]
fn whole_power(mut x: f64, mut n: u32) -> f64 {
    let mut acc = 1.0;
    while n > 0 {
        if n & 1 == 1 {
            acc *= x;
        }
        x *= x;
        n >>= 1;
    }
    acc
}

/// `(x^a, x^b)` by repeated squaring, the squarings shared: each power is the product
/// of the same squares, in the same order, as [`whole_power`] takes them alone, so the
/// bits are the same.
///
/// The default rates (safety 5 and strain 10 times trust's) take a straight line of the
/// same products: the loop's branches and counters cost more than its five
/// multiplications, at every member update. (`1 * x` is exact, so the loop's first
/// products by 1 are left out.)
#[inline]
fn whole_powers(mut x: f64, mut a: u32, mut b: u32) -> (f64, f64) {
    if (a, b) == (5, 10) {
        let x2 = x * x;
        let x4 = x2 * x2;
        let x8 = x4 * x4;
        return (x * x4, x2 * x8);
    }
    let (mut xa, mut xb) = (1.0, 1.0);
    while (a | b) != 0 {
        if a & 1 == 1 {
            xa *= x;
        }
        if b & 1 == 1 {
            xb *= x;
        }
        x *= x;
        a >>= 1;
        b >>= 1;
    }
    (xa, xb)
}

/// The relaxation rates of one run, prepared so that a member update needs one pair of
/// exponentials (trust's unit decay and the member's own alarm fading, computed
/// together by [`exp_pair`]; a third while pressure drives strain) and no division
/// outside pressure.
///
/// Why: `exp` was the largest single cost of a run (BENCHMARKS.md). The default rates
/// 0.01 (trust), 0.05 (safety), 0.10 and 0.25 (strain) are whole multiples of the trust
/// rate, and `e^{-n k dt} = (e^{-k dt})^n`, so the unit decay and a few multiplications
/// give their factors. Rates that are not such multiples fall back to their own `exp`.
/// (The alarm's fading rate is each member's own, so it needs its own exponential.)
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RelaxRates {
    /// Trust's relaxation rate: the unit the others are measured in.
    pub trust: Rate,
    /// Safety's relaxation rate.
    pub safety: Rate,
    /// Strain's relaxation rate while present.
    pub strain_present: Rate,
    /// Strain's relaxation rate while absent.
    pub strain_absent: Rate,
    /// `ks / (ks - kt)`, or `None` in the resonant case `ks == kt`.
    forced: Option<f64>,
}

impl RelaxRates {
    /// The rates of `p`, with their multiples of the trust rate.
    pub fn new(p: &MemberParams) -> Self {
        let kt = p.trust_relax_rate;
        Self::from_rates(
            kt,
            p.safety_relax_rate,
            p.strain_relax_present,
            p.strain_relax_absent,
        )
    }

    fn from_rates(kt: f64, ks: f64, strain_present: f64, strain_absent: f64) -> Self {
        RelaxRates {
            trust: Rate::new(kt, kt),
            safety: Rate::new(ks, kt),
            strain_present: Rate::new(strain_present, kt),
            strain_absent: Rate::new(strain_absent, kt),
            forced: ((ks - kt).abs() > 1e-9).then(|| ks / (ks - kt)),
        }
    }

    /// `e^{-kt dt}`, alone (a member update takes it from [`exp_pair`] with the alarm's
    /// fading).
    #[inline]
    fn unit_decay(&self, dt: f64) -> f64 {
        exp(-self.trust.per_day * dt)
    }

    /// Closed-form solution of `dT/dt = -kt (T - target)` and
    /// `dS/dt = -ks (S - settled - trust_weight (T - target))` after `dt` days, given
    /// `unit = e^{-kt dt}` and `es = e^{-ks dt}`. Returns `(T, S)`.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn trust_safety(
        &self,
        trust: f64,
        safety: f64,
        dt: f64,
        unit: f64,
        es: f64,
        target: f64,
        settled: f64,
        trust_weight: f64,
    ) -> (f64, f64) {
        let d = trust - target; // trust's distance from its resting level
        let et = unit;
        let gain = trust_weight * d; // the anchor's excess over `settled` at time zero
        let trust_t = target + d * et;
        // S(t) = settled + C e^{-ks t} + B e^{-kt t}; B solves the particular part.
        let safety_t = match self.forced {
            Some(forced) => {
                let b = forced * gain;
                let c = safety - settled - b;
                settled + c * es + b * et
            }
            // Resonant case ks == kt: S(t) = settled + (C + ks * gain * t) e^{-k t}.
            None => settled + (safety - settled + self.safety.per_day * gain * dt) * es,
        };
        (trust_t, safety_t)
    }
}

/// Closed-form solution of
/// `dT/dt = -kt (T - target)` and `dS/dt = -ks (S - (w base + (1 - w) T))`
/// after `dt` days. Returns `(T, S)`.
#[allow(clippy::too_many_arguments)]
pub fn relax_trust_safety(
    trust: f64,
    safety: f64,
    dt: f64,
    target: f64,
    kt: f64,
    ks: f64,
    base: f64,
    w: f64,
) -> (f64, f64) {
    let rates = RelaxRates::from_rates(kt, ks, 0.0, 0.0);
    let settled = anchor(base, target, w);
    let unit = rates.unit_decay(dt);
    rates.trust_safety(
        trust,
        safety,
        dt,
        unit,
        rates.safety.decay(dt, unit),
        target,
        settled,
        1.0 - w,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Integrates the same equations with tiny Euler steps.
    fn euler(trust: f64, safety: f64, dt: f64, kt: f64, ks: f64) -> (f64, f64) {
        let (mut t, mut s) = (trust, safety);
        let steps = 200_000;
        let h = dt / steps as f64;
        for _ in 0..steps {
            let a = anchor(0.55, t, 0.6);
            let nt = t - kt * (t - 0.5) * h;
            s -= ks * (s - a) * h;
            t = nt;
        }
        (t, s)
    }

    fn calm(rates: &RelaxRates, drive: f64) -> Surroundings {
        Surroundings {
            strain_drive: drive,
            strain_rest: rates.strain_present,
            presence_deficit: 0.0,
        }
    }

    fn member(style: AttachmentStyle, trust: f64) -> Member {
        Member::new(
            style,
            trust,
            0.5,
            Disposition::TYPICAL,
            &MemberParams::default(),
        )
    }

    #[test]
    fn the_alarm_never_passes_full_activation() {
        let p = MemberParams::default();
        // A fearful member more sensitive than most: a life event alone is a hit above 1.
        let sensitive = Disposition {
            sensitivity: 1.5,
            ..Disposition::TYPICAL
        };
        let mut m = Member::new(AttachmentStyle::Fearful, 0.5, 0.0, sensitive, &p);
        assert!(p.life_event_alarm * m.threat(&p) > 1.0);
        for alarm in [0.0, 0.3, 0.9, 1.0] {
            (m.alarm, m.home_alarm) = (alarm, 0.0);
            m.startle(p.life_event_alarm, &p);
            assert_eq!(m.felt_alarm(), 1.0, "{alarm} -> {}", m.felt_alarm());
            (m.alarm, m.home_alarm) = (0.0, alarm);
            m.alarm_by(1.0, &p);
            assert!(m.felt_alarm() <= 1.0, "{alarm} -> {}", m.felt_alarm());
        }
    }

    #[test]
    fn support_at_work_soothes_an_alarm_from_home_less() {
        let p = MemberParams::default();
        let mut m = member(AttachmentStyle::Secure, 0.5);
        (m.alarm, m.home_alarm) = (0.3, 0.3);
        m.soothe(0.5, &p);
        assert!((m.alarm - 0.15).abs() < 1e-12);
        assert!((m.home_alarm - 0.3 * (1.0 - 0.5 * p.home_soothing)).abs() < 1e-12);
        assert!(m.home_alarm > m.alarm);
    }

    #[test]
    fn a_calm_colleague_pulls_the_alarm_from_work_down_but_not_below_zero() {
        let mut m = member(AttachmentStyle::Secure, 0.5);
        (m.alarm, m.home_alarm) = (0.1, 0.4);
        m.catch_alarm(0.25); // felt 0.5 -> 0.25: more than the work alarm can give
        assert_eq!(m.alarm, 0.0);
        assert_eq!(m.home_alarm, 0.4);
        m.catch_alarm(0.7); // felt 0.4 -> 0.7: the rise is felt at work
        assert!((m.alarm - 0.3).abs() < 1e-12 && (m.felt_alarm() - 0.7).abs() < 1e-12);
    }

    #[test]
    fn closed_form_matches_numeric_integration() {
        for &(t0, s0, dt, kt, ks) in &[
            (0.9, 0.2, 10.0, 0.01, 0.05),
            (0.1, 0.95, 35.0, 0.01, 0.05),
            (0.7, 0.4, 20.0, 0.05, 0.05),
            (0.3, 0.6, 3.0, 0.2, 0.02),
        ] {
            let (t, s) = relax_trust_safety(t0, s0, dt, 0.5, kt, ks, 0.55, 0.6);
            let (te, se) = euler(t0, s0, dt, kt, ks);
            assert!((t - te).abs() < 1e-4, "trust {t} vs {te}");
            assert!((s - se).abs() < 1e-4, "safety {s} vs {se}");
        }
    }

    #[test]
    fn whole_multiples_of_the_unit_rate_share_its_exp() {
        assert_eq!(Rate::new(0.05, 0.01).multiple, Some(5));
        assert_eq!(Rate::new(0.25, 0.01).multiple, Some(25));
        assert_eq!(Rate::new(1.0, 0.01).multiple, Some(100));
        assert_eq!(Rate::new(0.033, 0.01).multiple, None);
        assert_eq!(Rate::new(0.05, 0.0).multiple, None);
        assert_eq!(Rate::new(0.0, 0.01).multiple, None);
        for rate in [0.01, 0.05, 0.10, 0.25, 0.64, 1.0, 1.28, 0.033] {
            let r = Rate::new(rate, 0.01);
            for dt in [1e-6, 0.3, 1.0, 7.5, 40.0, 240.0] {
                let shared = r.decay(dt, (-0.01 * dt).exp());
                let own = (-rate * dt).exp();
                assert!(
                    (shared - own).abs() <= 1e-13 * own.max(1e-300) + 1e-300,
                    "rate {rate}, dt {dt}: {shared} vs {own}"
                );
            }
        }
    }

    #[test]
    fn shared_squarings_give_the_same_bits_as_separate_powers() {
        for x in [0.999_9, 0.97, 0.5, 0.123_456_789, 1.0, 0.0] {
            for a in 0..=128 {
                for b in [0, 1, 5, 10, 25, 100, 128] {
                    let (pa, pb) = whole_powers(x, a, b);
                    assert_eq!(pa.to_bits(), whole_power(x, a).to_bits(), "{x}^{a}");
                    assert_eq!(pb.to_bits(), whole_power(x, b).to_bits(), "{x}^{b}");
                }
            }
        }
    }

    #[test]
    fn relaxing_in_two_steps_equals_one_step() {
        let p = MemberParams::default();
        let mut a = member(AttachmentStyle::Anxious, 0.9);
        a.safety = 0.1;
        a.strain = 0.8;
        a.alarm = 0.7;
        let mut b = a.clone();
        let r = RelaxRates::new(&p);
        let env = calm(&r, 0.1);
        a.relax(7.0, &p, &r, &env);
        b.relax(3.0, &p, &r, &env);
        b.relax(4.0, &p, &r, &env);
        assert!((a.safety - b.safety).abs() < 1e-12);
        assert!((a.trust - b.trust).abs() < 1e-12);
        assert!((a.strain - b.strain).abs() < 1e-12);
        assert!((a.alarm - b.alarm).abs() < 1e-12);
    }

    #[test]
    fn a_member_more_easily_alarmed_than_their_style_also_calms_down_more_slowly() {
        let p = MemberParams::default();
        let r = RelaxRates::new(&p);
        let left = |sensitivity: f64| {
            let disposition = Disposition {
                rest_offset: 0.0,
                sensitivity,
            };
            let mut m = Member::new(AttachmentStyle::Secure, 0.5, 0.5, disposition, &p);
            m.alarm = 0.8;
            m.relax(2.0, &p, &r, &calm(&r, 0.0));
            m.alarm
        };
        // Twice as sensitive: half the style's fading rate.
        let rate = p.alarm_decay.secure;
        assert!((left(2.0) - 0.8 * (-2.0 * rate / 2.0).exp()).abs() < 1e-12);
        assert!(left(0.5) < left(1.0) && left(1.0) < left(2.0));
    }

    #[test]
    fn alarm_fades_fastest_for_secure_and_slowest_for_fearful_members() {
        let p = MemberParams::default();
        let r = RelaxRates::new(&p);
        let left = |style| {
            let mut m = member(style, 0.5);
            m.alarm = 0.8;
            m.relax(2.0, &p, &r, &calm(&r, 0.0));
            m.alarm
        };
        let secure = left(AttachmentStyle::Secure);
        let fearful = left(AttachmentStyle::Fearful);
        assert!(secure < left(AttachmentStyle::Anxious));
        assert!(secure < left(AttachmentStyle::Avoidant));
        assert!(fearful > left(AttachmentStyle::Anxious));
        assert!((secure - 0.8 * (-2.0 * p.alarm_decay.secure).exp()).abs() < 1e-12);
    }

    #[test]
    fn strain_settles_where_pressure_and_rest_balance() {
        let p = MemberParams::default();
        let mut m = member(AttachmentStyle::Secure, 0.5);
        let r = RelaxRates::new(&p);
        m.relax(1000.0, &p, &r, &calm(&r, 0.15));
        assert!((m.strain - 0.6).abs() < 1e-9);
    }

    #[test]
    fn a_missing_leader_lowers_the_resting_level_of_those_who_need_presence() {
        let p = MemberParams::default();
        let r = RelaxRates::new(&p);
        let rest = |style, dependence: f64, deficit: f64| {
            let mut m = member(style, 0.5);
            m.dependence = dependence;
            let env = Surroundings {
                presence_deficit: deficit,
                ..calm(&r, 0.0)
            };
            m.relax(2000.0, &p, &r, &env);
            m.safety
        };
        use AttachmentStyle::*;
        let anxious_drop = rest(Anxious, 0.0, 0.0) - rest(Anxious, 0.0, 1.0);
        let secure_drop = rest(Secure, 0.0, 0.0) - rest(Secure, 0.0, 1.0);
        assert!(
            anxious_drop > secure_drop,
            "{anxious_drop} vs {secure_drop}"
        );
        let dependent_drop = rest(Secure, 1.0, 0.0) - rest(Secure, 1.0, 1.0);
        assert!(dependent_drop > secure_drop + 0.5 * p.dependence_lean);
    }

    #[test]
    fn hysteresis_needs_the_lower_threshold_to_return_to_grow() {
        let p = MemberParams::default();
        let mut m = member(AttachmentStyle::Secure, 0.5);
        assert_eq!(m.mode, Mode::Grow);
        m.safety = 0.5;
        let (down, up) = (p.mode_down.secure, p.mode_up.secure);
        m.alarm = 0.5 * (down + 0.01);
        assert_eq!(m.update_mode(&p, 0.0), Some(Switch::ToProtect));
        m.alarm = 0.5 * 0.5 * (down + up); // inside the band: stays in Protect
        assert_eq!(m.update_mode(&p, 0.0), None);
        assert_eq!(m.mode, Mode::Protect);
        m.alarm = 0.5 * (up - 0.01);
        assert_eq!(m.update_mode(&p, 0.0), Some(Switch::ToGrow));
    }

    #[test]
    fn uncertainty_and_strain_tip_a_member_into_protect() {
        let p = MemberParams::default();
        let mut f = member(AttachmentStyle::Fearful, 0.5);
        f.safety = 0.5;
        assert_eq!(f.update_mode(&p, 0.0), None);
        let felt = p.threat_sensitivity.fearful * (1.0 - 0.5 * p.trust_buffer);
        let u = 0.5 * (p.mode_down.fearful + 0.01) / felt;
        assert_eq!(f.update_mode(&p, u), Some(Switch::ToProtect));
        let mut s = member(AttachmentStyle::Secure, 0.5);
        s.safety = 0.5;
        s.alarm = 0.5 * p.mode_down.secure * 0.9;
        assert_eq!(s.update_mode(&p, 0.0), None);
        s.strain = 1.0;
        assert_eq!(s.update_mode(&p, 0.0), Some(Switch::ToProtect));
    }

    #[test]
    fn avoidant_members_show_more_safety_and_less_alarm_than_they_feel() {
        let p = MemberParams::default();
        let mut m = member(AttachmentStyle::Avoidant, 0.5);
        m.safety = 0.2;
        m.alarm = 0.5;
        assert!((m.shown_safety(&p) - (0.2 + 0.4 * p.mask.avoidant)).abs() < 1e-12);
        assert!(m.shown_alarm(&p) < m.alarm);
        let s = member(AttachmentStyle::Secure, 0.5);
        assert_eq!(s.shown_safety(&p), s.safety);
    }

    #[test]
    fn rescue_builds_dependence_and_mastery_takes_it_away() {
        let mut m = member(AttachmentStyle::Secure, 0.5);
        m.lean_on(0.2);
        m.lean_on(0.2);
        assert!((m.dependence - 0.36).abs() < 1e-12);
        m.stand_alone(0.5);
        assert!((m.dependence - 0.18).abs() < 1e-12);
    }
}
