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
    /// present; `strain_relax` is the present or absent relaxation rate.
    pub fn relax(&mut self, dt: f64, p: &MemberParams, strain_drive: f64, strain_relax: f64) {
        if dt <= 0.0 {
            return;
        }
        let w = p.anchor_base_weight;
        let base = *p.base_safety.get(self.style);
        // Competence only changes at events, so its part of the anchor is a constant
        // here; folding it into the base keeps the closed form exact.
        let base = if w > 0.0 {
            base + self.efficacy(p) / w
        } else {
            base
        };
        let (trust, safety) = relax_trust_safety(
            self.trust,
            self.safety,
            dt,
            p.trust_target,
            p.trust_relax_rate,
            p.safety_relax_rate,
            base,
            w,
        );
        self.trust = trust.clamp(0.0, 1.0);
        self.safety = safety.clamp(0.0, 1.0);
        // dr/dt = drive * (1 - r) - relax * r: relaxes toward drive / (drive + relax).
        let k = strain_drive + strain_relax;
        if k > 0.0 {
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
    let d = trust - target; // trust's distance from its resting level
    let et = (-kt * dt).exp();
    let es = (-ks * dt).exp();
    let a_inf = anchor(base, target, w); // where safety ends up once trust has settled
    let gain = (1.0 - w) * d; // the anchor's excess over a_inf at time zero
    let trust_t = target + d * et;
    // S(t) = a_inf + C e^{-ks t} + B e^{-kt t}; B solves the particular part.
    let safety_t = if (ks - kt).abs() > 1e-9 {
        let b = ks * gain / (ks - kt);
        let c = safety - a_inf - b;
        a_inf + c * es + b * et
    } else {
        // Resonant case ks == kt: S(t) = a_inf + (C + ks * gain * t) e^{-k t}.
        a_inf + (safety - a_inf + ks * gain * dt) * es
    };
    (trust_t, safety_t)
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
    fn relaxing_in_two_steps_equals_one_step() {
        let p = MemberParams::default();
        let mut a = Member::new(AttachmentStyle::Anxious, 0.9, 0.5, &p);
        a.safety = 0.1;
        a.strain = 0.8;
        let mut b = a.clone();
        a.relax(7.0, &p, 0.1, 0.1);
        b.relax(3.0, &p, 0.1, 0.1);
        b.relax(4.0, &p, 0.1, 0.1);
        assert!((a.safety - b.safety).abs() < 1e-12);
        assert!((a.trust - b.trust).abs() < 1e-12);
        assert!((a.strain - b.strain).abs() < 1e-12);
    }

    #[test]
    fn strain_settles_where_pressure_and_rest_balance() {
        let p = MemberParams::default();
        let mut m = Member::new(AttachmentStyle::Secure, 0.5, 0.5, &p);
        m.relax(1000.0, &p, 0.15, 0.10);
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
