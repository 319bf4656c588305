//! A team member's state and its continuous dynamics between events.

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

/// A team member.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Attachment style, fixed for the member's time in the team.
    pub style: AttachmentStyle,
    /// Felt psychological safety, 0..=1.
    pub safety: f64,
    /// Trust in the leader as a secure base, 0..=1.
    pub trust: f64,
    /// Accumulated stress load, 0..=1.
    pub strain: f64,
    /// Competence, 0..=1.
    pub competence: f64,
    /// Learning units this member has gathered since joining.
    pub learning: f64,
    /// Doel 1 (Protect) or Doel 2 (Grow).
    pub mode: Mode,
    /// How the current Protect episode is coped with.
    pub coping: Coping,
}

impl Member {
    /// A member at the resting state for their style, given their trust in the leader.
    /// Starts in Grow when the resting safety lies above the middle of the hysteresis band.
    pub fn new(style: AttachmentStyle, trust: f64, competence: f64, p: &MemberParams) -> Self {
        let mut m = Member {
            style,
            safety: 0.0,
            trust,
            strain: 0.0,
            competence,
            learning: 0.0,
            mode: Mode::Grow,
            coping: default_coping(style),
        };
        m.safety = m.anchor(p);
        let middle = 0.5 * (p.mode_down.get(style) + p.mode_up.get(style));
        if m.safety < middle {
            m.mode = Mode::Protect;
        }
        m
    }

    /// The safety level this member relaxes toward: a mix of the style's base level
    /// and trust in the leader (the secure-base effect).
    pub fn anchor(&self, p: &MemberParams) -> f64 {
        anchor(
            *p.base_safety.get(self.style),
            self.trust,
            p.anchor_base_weight,
        ) + self.efficacy(p)
    }

    /// What competence adds to the resting safety level: `weight * (competence - 0.5)`,
    /// so a member who has learned to handle the work rests at a safer level.
    pub fn efficacy(&self, p: &MemberParams) -> f64 {
        p.anchor_competence_weight * (self.competence - 0.5)
    }

    /// What the member lets others see of their safety (avoidant members mask).
    pub fn shown_safety(&self, p: &MemberParams) -> f64 {
        let mask = *p.mask.get(self.style);
        self.safety + 0.5 * (1.0 - self.safety) * mask
    }

    /// Advances trust, safety and strain by `dt` days with the closed-form solution of
    /// the linear relaxation equations (MODEL.md section 3); no ticking.
    ///
    /// `strain_drive` is the pressure term `growth * p` that pushes strain up while
    /// present; `strain_rest` is the present or absent relaxation rate (from `rates`).
    pub fn relax(
        &mut self,
        dt: f64,
        p: &MemberParams,
        rates: &RelaxRates,
        strain_drive: f64,
        strain_rest: Rate,
    ) {
        if dt <= 0.0 {
            return;
        }
        let unit = rates.unit_decay(dt);
        let w = p.anchor_base_weight;
        // Where safety settles once trust has: competence only changes at events, so
        // its part of the anchor is a constant here and the closed form stays exact.
        let settled = anchor(*p.base_safety.get(self.style), p.trust_target, w) + self.efficacy(p);
        let (trust, safety) = rates.trust_safety(
            self.trust,
            self.safety,
            dt,
            unit,
            p.trust_target,
            settled,
            1.0 - w,
        );
        self.trust = trust.clamp(0.0, 1.0);
        self.safety = safety.clamp(0.0, 1.0);
        // dr/dt = drive * (1 - r) - rest * r: relaxes toward drive / (drive + rest).
        if strain_drive == 0.0 {
            self.strain *= strain_rest.decay(dt, unit);
        } else {
            let k = strain_drive + strain_rest.per_day;
            let target = strain_drive / k;
            self.strain = (target + (self.strain - target) * (-k * dt).exp()).clamp(0.0, 1.0);
        }
    }

    /// Applies the Protect/Grow hysteresis. Returns true when the member just
    /// entered Protect (so a fearful member's coping for the episode can be drawn).
    pub fn update_mode(&mut self, p: &MemberParams) -> bool {
        match self.mode {
            Mode::Grow if self.safety < *p.mode_down.get(self.style) => {
                self.mode = Mode::Protect;
                true
            }
            Mode::Protect if self.safety > *p.mode_up.get(self.style) => {
                self.mode = Mode::Grow;
                false
            }
            _ => false,
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
        let gain = 1.0 - (1.0 - competence_gain).powf(units);
        self.competence = (self.competence + gain * (1.0 - self.competence)).clamp(0.0, 1.0);
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
    /// `n` when the rate is `n` times the unit rate (1..=64), to within 1e-12 relative:
    /// the decay factor is then off by at most that much times `rate * dt`.
    multiple: Option<u32>,
}

impl Rate {
    fn new(per_day: f64, unit: f64) -> Self {
        let n = (per_day / unit).round();
        let whole = unit > 0.0
            && (1.0..=64.0).contains(&n)
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
            None => (-self.per_day * dt).exp(),
        }
    }
}

/// `x^n` by repeated squaring (at most 12 multiplications for n <= 64).
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

/// The relaxation rates of one run, prepared so that a member update needs one `exp`
/// (two while pressure drives strain) and no division outside pressure.
///
/// Why: `exp` was the largest single cost of a run (three calls per member update,
/// about a fifth of all instructions; BENCHMARKS.md). The default rates 0.01 (trust),
/// 0.05 (safety), 0.10 and 0.25 (strain) are 1, 5, 10 and 25 times the trust rate, and
/// `e^{-n k dt} = (e^{-k dt})^n`, so one `exp` and a few multiplications give all three
/// factors. Rates that are not such multiples fall back to their own `exp`.
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
        Self::from_rates(
            p.trust_relax_rate,
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

    /// `e^{-kt dt}`: the one `exp` of a member update.
    #[inline]
    fn unit_decay(&self, dt: f64) -> f64 {
        (-self.trust.per_day * dt).exp()
    }

    /// Closed-form solution of `dT/dt = -kt (T - target)` and
    /// `dS/dt = -ks (S - settled - trust_weight (T - target))` after `dt` days, given
    /// `unit = e^{-kt dt}`. Returns `(T, S)`.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn trust_safety(
        &self,
        trust: f64,
        safety: f64,
        dt: f64,
        unit: f64,
        target: f64,
        settled: f64,
        trust_weight: f64,
    ) -> (f64, f64) {
        let d = trust - target; // trust's distance from its resting level
        let et = unit;
        let es = self.safety.decay(dt, unit);
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
    rates.trust_safety(
        trust,
        safety,
        dt,
        rates.unit_decay(dt),
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
        assert_eq!(Rate::new(0.033, 0.01).multiple, None);
        assert_eq!(Rate::new(0.05, 0.0).multiple, None);
        assert_eq!(Rate::new(0.0, 0.01).multiple, None);
        for rate in [0.01, 0.05, 0.10, 0.25, 0.64, 0.033] {
            let r = Rate::new(rate, 0.01);
            for dt in [1e-6, 0.3, 1.0, 7.5, 40.0, 240.0] {
                let shared = r.decay(dt, (-0.01 * dt).exp());
                let own = (-rate * dt).exp();
                assert!(
                    (shared - own).abs() <= 1e-14 * own.max(1e-300) + 1e-300,
                    "rate {rate}, dt {dt}: {shared} vs {own}"
                );
            }
        }
    }

    #[test]
    fn relaxing_in_two_steps_equals_one_step() {
        let p = MemberParams::default();
        let mut a = Member::new(AttachmentStyle::Anxious, 0.9, 0.5, &p);
        a.safety = 0.1;
        a.strain = 0.8;
        let mut b = a.clone();
        let r = RelaxRates::new(&p);
        a.relax(7.0, &p, &r, 0.1, r.strain_present);
        b.relax(3.0, &p, &r, 0.1, r.strain_present);
        b.relax(4.0, &p, &r, 0.1, r.strain_present);
        assert!((a.safety - b.safety).abs() < 1e-12);
        assert!((a.trust - b.trust).abs() < 1e-12);
        assert!((a.strain - b.strain).abs() < 1e-12);
    }

    #[test]
    fn strain_settles_where_pressure_and_rest_balance() {
        let p = MemberParams::default();
        let mut m = Member::new(AttachmentStyle::Secure, 0.5, 0.5, &p);
        let r = RelaxRates::new(&p);
        m.relax(1000.0, &p, &r, 0.15, r.strain_present);
        assert!((m.strain - 0.6).abs() < 1e-9);
    }

    #[test]
    fn hysteresis_needs_the_upper_threshold_to_return_to_grow() {
        let p = MemberParams::default();
        let mut m = Member::new(AttachmentStyle::Secure, 0.5, 0.5, &p);
        assert_eq!(m.mode, Mode::Grow);
        m.safety = 0.29;
        assert!(m.update_mode(&p));
        assert_eq!(m.mode, Mode::Protect);
        m.safety = 0.40; // above down, below up: stays in Protect
        m.update_mode(&p);
        assert_eq!(m.mode, Mode::Protect);
        m.safety = 0.46;
        m.update_mode(&p);
        assert_eq!(m.mode, Mode::Grow);
    }

    #[test]
    fn avoidant_members_show_more_safety_than_they_feel() {
        let p = MemberParams::default();
        let mut m = Member::new(AttachmentStyle::Avoidant, 0.5, 0.5, &p);
        m.safety = 0.2;
        assert!((m.shown_safety(&p) - 0.44).abs() < 1e-12);
        let s = Member::new(AttachmentStyle::Secure, 0.5, 0.5, &p);
        assert_eq!(s.shown_safety(&p), s.safety);
    }
}
