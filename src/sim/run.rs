//! The simulation loop and the event handlers.

use super::record::{AVERAGED, Counts, DailyRecord, StyleSlice, Summary};
use crate::engine::{Day, EventQueue};
use crate::model::member::{RelaxRates, default_coping};
use crate::model::{AttachmentStyle, Coping, Leader, Member, Mode, Params, StyleTable};
use crate::scenario::{InitialMember, Intervention, Roster, Scenario, ScenarioEvent};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::Exp1;

/// The kinds of event a run processes, as reported to an [`Observer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A firing of the team clock (a candidate member event, accepted or not).
    MemberClock,
    /// A check whether a seeking member is still waiting for the leader.
    ProtestCheck,
    /// A member returns from sick leave.
    Return,
    /// A vacancy is filled.
    Hire,
    /// A team meeting.
    Meeting,
    /// An unscheduled pressure peak arrives.
    PressureArrival,
    /// A pressure peak starts.
    PressureStart,
    /// A pressure peak ends.
    PressureEnd,
    /// A reorganisation.
    Reorganisation,
    /// A scheduled intervention.
    Intervention,
    /// The end of a coaching window.
    CoachingEnd,
    /// An observation.
    Observe,
}

/// Receives what a run produces, as it is produced, so that callers decide what to keep.
pub trait Observer {
    /// Called at every observation time.
    fn record(&mut self, record: &DailyRecord);
    /// Called for every event taken from the queue, before it is handled.
    fn event(&mut self, _time: f64, _kind: EventKind) {}
    /// Whether [`Observer::members`] should be called (it copies every member's state).
    fn wants_members(&self) -> bool {
        false
    }
    /// Called at each observation, before [`Observer::record`], with every position of
    /// the team, when [`Observer::wants_members`] says so.
    fn members(&mut self, _day: f64, _members: &[MemberSnapshot]) {}
}

/// Whether a position is filled and its holder at work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionState {
    /// At work.
    Present,
    /// On sick leave.
    Absent,
    /// Open after a resignation.
    Vacant,
}

/// One position of the team at an observation.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberSnapshot {
    /// Index of the position (stable over the run; a newcomer takes over the index).
    pub position: usize,
    /// Whether the position is filled and its holder at work.
    pub state: PositionState,
    /// The holder's state (for a vacancy: the last holder's, and not meaningful).
    pub member: Member,
    /// What the holder lets others see of their safety.
    pub shown_safety: f64,
}

/// Keeps every record.
impl Observer for Vec<DailyRecord> {
    fn record(&mut self, record: &DailyRecord) {
        self.push(record.clone());
    }
}

/// Keeps nothing: for runs where only the summary matters.
impl Observer for () {
    fn record(&mut self, _record: &DailyRecord) {}
}

/// Runs `scenario` once with `seed`, streaming observations to `observer`, and returns
/// the run summary. A pure function of `(scenario, seed)`.
pub fn run(scenario: &Scenario, seed: u64, observer: &mut impl Observer) -> Summary {
    let mut sim = Sim::new(scenario, seed);
    sim.run(observer);
    sim.summary()
}

#[derive(Debug, Clone, Copy)]
enum Event {
    ProtestCheck {
        slot: u32,
        generation: u32,
        since: Day,
    },
    Return {
        slot: u32,
        generation: u32,
    },
    Hire {
        slot: u32,
        generation: u32,
    },
    Meeting,
    PressureArrival,
    PressureStart {
        level: f64,
        duration: f64,
    },
    PressureEnd {
        id: u32,
    },
    Reorganisation {
        severity: f64,
    },
    Intervention {
        index: u32,
    },
    CoachingEnd,
    Observe {
        index: u64,
    },
}

impl Event {
    fn kind(&self) -> EventKind {
        match self {
            Event::ProtestCheck { .. } => EventKind::ProtestCheck,
            Event::Return { .. } => EventKind::Return,
            Event::Hire { .. } => EventKind::Hire,
            Event::Meeting => EventKind::Meeting,
            Event::PressureArrival => EventKind::PressureArrival,
            Event::PressureStart { .. } => EventKind::PressureStart,
            Event::PressureEnd { .. } => EventKind::PressureEnd,
            Event::Reorganisation { .. } => EventKind::Reorganisation,
            Event::Intervention { .. } => EventKind::Intervention,
            Event::CoachingEnd => EventKind::CoachingEnd,
            Event::Observe { .. } => EventKind::Observe,
        }
    }
}

/// Where a position in the team stands.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Presence {
    Present,
    Absent {
        since: Day,
    },
    Vacant,
    /// Not a position of the team (yet, or any more): room for composition changes.
    Removed,
}

/// A position in the team and the member who holds it.
#[derive(Debug, Clone)]
struct Slot {
    member: Member,
    presence: Presence,
    /// Time up to which `member` has been relaxed.
    updated: Day,
    /// Bumped whenever the occupant changes, so that events of a former occupant lapse.
    generation: u32,
    /// Last time the member received support (for separation protest).
    last_support: Day,
    protesting: bool,
}

/// The member-level processes run by the team clock, in the order of `bounds`.
#[derive(Debug, Clone, Copy)]
enum Process {
    LeaderContact,
    PeerContact,
    Setback,
    SickLeave,
    Resignation,
    SupportRequest,
}

const PROCESSES: [Process; 6] = [
    Process::LeaderContact,
    Process::PeerContact,
    Process::Setback,
    Process::SickLeave,
    Process::Resignation,
    Process::SupportRequest,
];

/// How often something could happen and did, overall and while in Protect.
#[derive(Debug, Clone, Copy, Default)]
struct Rate {
    chances: u64,
    hits: u64,
    protect_chances: u64,
    protect_hits: u64,
}

impl Rate {
    /// Records one chance and whether it was taken.
    fn record(&mut self, in_protect: bool, hit: bool) {
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
struct Tally {
    /// Setbacks (chances) and hidden setbacks (hits).
    setbacks: Rate,
    /// Meeting attendances (chances) and voiced concerns (hits).
    voice: Rate,
    /// Member-observations, those in Grow, and the sum of their safety.
    observed: u64,
    grow: u64,
    safety: f64,
}

/// A linear move of the leader's caring and daring (coaching).
#[derive(Debug, Clone, Copy)]
struct Ramp {
    start: Day,
    end: Day,
    from: (f64, f64),
    to: (f64, f64),
}

struct Sim<'a> {
    scenario: &'a Scenario,
    params: &'a Params,
    rng: ChaCha8Rng,
    queue: EventQueue<Event>,
    /// When the member clock fires next (None: all member processes have rate 0).
    clock: Option<Day>,
    slots: Vec<Slot>,
    leader: Leader,
    ramp: Option<Ramp>,
    /// Active pressure peaks: (id, level).
    peaks: Vec<(u32, f64)>,
    next_peak_id: u32,
    undercurrent: f64,
    /// Learning of the whole team since day 0, including members who left.
    learning: f64,
    counts: Counts,
    absence_days: f64,
    voices_since_observation: u32,
    /// The members' relaxation rates, prepared once per run.
    rates: RelaxRates,
    /// Upper bound of each member process's rate, per member of each style.
    bounds: StyleTable<[f64; 6]>,
    /// The largest total of a style's bounds: the clock runs at this rate per position.
    bound_sum: f64,
    /// Per-style tallies for the summary.
    tally: StyleTable<Tally>,
    // Sums of daily metrics over observations, for time averages.
    averaged_sums: [f64; AVERAGED.len()],
    averaged_counts: [u64; AVERAGED.len()],
    last_record: Option<DailyRecord>,
}

impl<'a> Sim<'a> {
    fn new(scenario: &'a Scenario, seed: u64) -> Self {
        let params = &scenario.params;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mp = &params.member;
        let start: Vec<InitialMember> = match &scenario.team.roster {
            Roster::Listed(members) => members.clone(),
            Roster::Drawn { size } => (0..*size)
                .map(|_| InitialMember::of_style(draw_style(&mut rng, &scenario.team.mix)))
                .collect(),
        };
        let max_slots = scenario.max_slots().max(start.len());
        let mut slots = Vec::with_capacity(max_slots);
        for m in &start {
            let mut member = Member::new(
                m.style,
                m.trust.unwrap_or(mp.initial_trust),
                m.competence.unwrap_or(mp.initial_competence),
                mp,
            );
            if let Some(s) = m.safety {
                member.safety = s;
                let middle = 0.5 * (mp.mode_down.get(m.style) + mp.mode_up.get(m.style));
                member.mode = if s < middle {
                    Mode::Protect
                } else {
                    Mode::Grow
                };
            }
            if member.style == AttachmentStyle::Fearful && member.mode == Mode::Protect {
                member.coping = draw_coping(&mut rng, mp.fearful_seek_probability);
            }
            slots.push(Slot {
                member,
                presence: Presence::Present,
                updated: Day::ZERO,
                generation: 0,
                last_support: Day::ZERO,
                protesting: false,
            });
        }
        while slots.len() < max_slots {
            let placeholder = Member::new(AttachmentStyle::Secure, 0.5, 0.5, mp);
            slots.push(Slot {
                member: placeholder,
                presence: Presence::Removed,
                updated: Day::ZERO,
                generation: 0,
                last_support: Day::ZERO,
                protesting: false,
            });
        }

        // Upper bounds per style: a style whose members never seek the leader gets no
        // request candidates, and the peer bound is the style's own largest rate, so
        // fewer candidates are drawn only to be rejected.
        let style_bounds = |style: AttachmentStyle| {
            let can_seek = matches!(style, AttachmentStyle::Anxious | AttachmentStyle::Fearful);
            [
                scenario.max_availability(),
                params.peer.rate * mp.protect_peer_multiplier.get(style).max(1.0),
                params.setback.base_rate * 2.0,
                params.absence.base_hazard + params.absence.strain_hazard,
                params.turnover.base_hazard + params.turnover.distress_hazard,
                if can_seek {
                    params.attachment.request_rate
                } else {
                    0.0
                },
            ]
        };
        let bounds = StyleTable::new(
            style_bounds(AttachmentStyle::Secure),
            style_bounds(AttachmentStyle::Anxious),
            style_bounds(AttachmentStyle::Avoidant),
            style_bounds(AttachmentStyle::Fearful),
        );
        let bound_sum = bounds
            .iter()
            .map(|(_, b)| b.iter().sum::<f64>())
            .fold(0.0, f64::max);
        let mut sim = Sim {
            scenario,
            params,
            rng,
            queue: EventQueue::with_capacity(64),
            clock: None,
            slots,
            leader: scenario.leader,
            ramp: None,
            peaks: Vec::new(),
            next_peak_id: 0,
            undercurrent: 0.0,
            learning: 0.0,
            counts: Counts::default(),
            absence_days: 0.0,
            voices_since_observation: 0,
            rates: RelaxRates::new(&params.member),
            bounds,
            bound_sum,
            tally: StyleTable::default(),
            averaged_sums: [0.0; AVERAGED.len()],
            averaged_counts: [0; AVERAGED.len()],
            last_record: None,
        };
        sim.schedule_initial();
        sim
    }

    fn schedule_initial(&mut self) {
        let s = self.scenario;
        self.queue.schedule(Day::ZERO, Event::Observe { index: 0 });
        self.schedule_clock(Day::ZERO);
        self.queue
            .schedule(Day::new(self.params.meeting.interval), Event::Meeting);
        if let Some(gap) = exp_gap(&mut self.rng, self.params.pressure.peak_rate) {
            self.queue.schedule(Day::new(gap), Event::PressureArrival);
        }
        for e in &s.events {
            let ev = match *e {
                ScenarioEvent::Pressure {
                    level, duration, ..
                } => Event::PressureStart { level, duration },
                ScenarioEvent::Reorganisation { severity, .. } => {
                    Event::Reorganisation { severity }
                }
            };
            self.queue.schedule(Day::new(e.day()), ev);
        }
        for (i, iv) in s.interventions.iter().enumerate() {
            self.queue
                .schedule(Day::new(iv.day()), Event::Intervention { index: i as u32 });
        }
    }

    fn schedule_clock(&mut self, now: Day) {
        let rate = self.bound_sum * self.slots.len() as f64;
        self.clock = exp_gap(&mut self.rng, rate).map(|gap| now + gap);
    }

    fn run(&mut self, observer: &mut impl Observer) {
        let horizon = Day::new(self.scenario.horizon);
        loop {
            // The member clock fires far more often than anything else, so it is kept
            // beside the queue instead of in it: most events then cost no heap push and
            // pop. At equal times the queued event goes first.
            let clock_first = match (self.clock, self.queue.peek_time()) {
                (Some(c), Some(q)) => c < q,
                (Some(_), None) => true,
                (None, _) => false,
            };
            if clock_first {
                let Some(now) = self.clock else { break };
                if now > horizon {
                    break;
                }
                self.counts.events += 1;
                observer.event(now.get(), EventKind::MemberClock);
                self.schedule_clock(now);
                self.member_clock(now);
                continue;
            }
            let Some(next) = self.queue.pop() else { break };
            if next.time > horizon {
                break;
            }
            self.counts.events += 1;
            observer.event(next.time.get(), next.event.kind());
            self.handle(next.time, next.event, observer);
        }
        // Close the books on members still absent at the end.
        for slot in &self.slots {
            if let Presence::Absent { since } = slot.presence {
                self.absence_days += horizon.since(since);
            }
        }
    }

    fn handle(&mut self, now: Day, event: Event, observer: &mut impl Observer) {
        match event {
            Event::ProtestCheck {
                slot,
                generation,
                since,
            } => self.protest_check(now, slot as usize, generation, since),
            Event::Return { slot, generation } => self.sick_return(now, slot as usize, generation),
            Event::Hire { slot, generation } => self.hire(now, slot as usize, generation),
            Event::Meeting => {
                let next = now + self.params.meeting.interval;
                self.queue.schedule(next, Event::Meeting);
                self.meeting(now);
            }
            Event::PressureArrival => {
                if let Some(gap) = exp_gap(&mut self.rng, self.params.pressure.peak_rate) {
                    self.queue.schedule(now + gap, Event::PressureArrival);
                }
                let mean = self.params.pressure.peak_mean_duration;
                let duration = self.rng.sample::<f64, _>(Exp1) * mean;
                self.start_pressure(now, self.params.pressure.peak_level, duration);
            }
            Event::PressureStart { level, duration } => self.start_pressure(now, level, duration),
            Event::PressureEnd { id } => {
                self.advance_all(now);
                self.peaks.retain(|(peak, _)| *peak != id);
            }
            Event::Reorganisation { severity } => self.reorganisation(now, severity),
            Event::Intervention { index } => self.intervention(now, index as usize),
            Event::CoachingEnd => {
                if let Some(r) = self.ramp.take() {
                    (self.leader.caring, self.leader.daring) = r.to;
                }
            }
            Event::Observe { index } => {
                let next = Day::new((index + 1) as f64 * self.scenario.observe_every);
                if next.get() <= self.scenario.horizon + 1e-9 {
                    self.queue
                        .schedule(next, Event::Observe { index: index + 1 });
                }
                let record = self.observe(now);
                if observer.wants_members() {
                    let snapshot = self.snapshot();
                    observer.members(now.get(), &snapshot);
                }
                observer.record(&record);
            }
        }
    }

    // ----- shared helpers -------------------------------------------------------------

    fn pressure(&self) -> f64 {
        self.peaks.iter().map(|(_, l)| l).sum::<f64>().min(1.0)
    }

    /// The leader as they are at `now` (coaching moves caring and daring linearly).
    fn leader_at(&self, now: Day) -> Leader {
        let mut l = self.leader;
        if let Some(r) = self.ramp {
            let span = r.end - r.start;
            let f = if span > 0.0 {
                ((now - r.start) / span).clamp(0.0, 1.0)
            } else {
                1.0
            };
            l.caring = r.from.0 + f * (r.to.0 - r.from.0);
            l.daring = r.from.1 + f * (r.to.1 - r.from.1);
        }
        l
    }

    fn is_occupied(&self, i: usize) -> bool {
        matches!(
            self.slots[i].presence,
            Presence::Present | Presence::Absent { .. }
        )
    }

    fn is_present(&self, i: usize) -> bool {
        self.slots[i].presence == Presence::Present
    }

    /// Brings member `i` up to `now` with the closed-form relaxation, then applies the
    /// mode hysteresis.
    fn advance(&mut self, i: usize, now: Day) {
        let p = self.pressure();
        let params = self.params;
        let slot = &mut self.slots[i];
        let dt = now.since(slot.updated);
        slot.updated = now;
        let rates = &self.rates;
        let (drive, rest) = match slot.presence {
            Presence::Present => (params.pressure.strain_growth * p, rates.strain_present),
            Presence::Absent { .. } => (0.0, rates.strain_absent),
            Presence::Vacant | Presence::Removed => return,
        };
        slot.member.relax(dt, &params.member, rates, drive, rest);
        self.settle(i);
    }

    fn advance_all(&mut self, now: Day) {
        for i in 0..self.slots.len() {
            self.advance(i, now);
        }
    }

    /// Re-evaluates the mode after a change; a fearful member entering Protect draws
    /// whether this episode is seeking or withdrawing.
    fn settle(&mut self, i: usize) {
        let mp = &self.params.member;
        let m = &mut self.slots[i].member;
        if m.update_mode(mp) && m.style == AttachmentStyle::Fearful {
            m.coping = draw_coping(&mut self.rng, mp.fearful_seek_probability);
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random::<f64>() < p
    }

    fn new_member(&mut self, m: &InitialMember, competence_default: f64) -> Member {
        let mp = &self.params.member;
        let mut member = Member::new(
            m.style,
            m.trust.unwrap_or(mp.initial_trust),
            m.competence.unwrap_or(competence_default),
            mp,
        );
        if let Some(s) = m.safety {
            member.safety = s;
        }
        member.coping = default_coping(m.style);
        if member.style == AttachmentStyle::Fearful && member.mode == Mode::Protect {
            member.coping = draw_coping(&mut self.rng, mp.fearful_seek_probability);
        }
        member
    }

    fn seat(&mut self, i: usize, member: Member, now: Day) {
        let slot = &mut self.slots[i];
        slot.member = member;
        slot.presence = Presence::Present;
        slot.updated = now;
        slot.last_support = now;
        slot.protesting = false;
        slot.generation = slot.generation.wrapping_add(1);
    }

    /// Ends member `i`'s tenure (resignation or transfer), keeping the books straight.
    fn vacate(&mut self, i: usize, now: Day, to: Presence) {
        let slot = &mut self.slots[i];
        if let Presence::Absent { since } = slot.presence {
            self.absence_days += now.since(since);
        }
        slot.presence = to;
        slot.protesting = false;
        slot.generation = slot.generation.wrapping_add(1);
    }

    // ----- the team clock ---------------------------------------------------------------

    fn member_clock(&mut self, now: Day) {
        // One uniform draw does three jobs: its integer part (times the team size) picks
        // the position, the rest picks the process by its bound, and where it falls within
        // that bound decides acceptance; each step leaves what remains uniform. This saves
        // two of three random draws per candidate (ChaCha refills were a tenth of a run),
        // and at 53 bits the acceptance draw still has more than 45.
        let n = self.slots.len();
        let u = self.rng.random::<f64>() * n as f64;
        let i = (u as usize).min(n - 1);
        if !self.is_occupied(i) {
            return;
        }
        // Beyond the style's total bound the candidate is rejected before the member is
        // touched.
        let pick = (u - i as f64) * self.bound_sum;
        let bounds = *self.bounds.get(self.slots[i].member.style);
        let mut start = 0.0;
        let mut k = 0;
        while k < bounds.len() && pick >= start + bounds[k] {
            start += bounds[k];
            k += 1;
        }
        if k == bounds.len() {
            return;
        }
        let process = PROCESSES[k];
        // Uniform on [0, bound): the candidate is accepted with probability rate / bound.
        let within = pick - start;
        self.advance(i, now);
        let present = self.is_present(i);
        let p = self.pressure();
        let params = self.params;
        let m = &self.slots[i].member;
        // The actual rate of the chosen process for this member now; 0 = cannot happen.
        let rate = match process {
            Process::LeaderContact if present => self.leader_at(now).availability_eff(p),
            Process::PeerContact if present => {
                let mult = match m.mode {
                    Mode::Protect => *params.member.protect_peer_multiplier.get(m.style),
                    Mode::Grow => 1.0,
                };
                params.peer.rate * mult
            }
            Process::Setback if present => params.setback.base_rate * (1.0 + m.strain),
            Process::SickLeave if present => {
                params.absence.base_hazard + params.absence.strain_hazard * m.strain * m.strain
            }
            Process::Resignation => {
                let distress = ((1.0 - m.trust) + (1.0 - m.safety) + m.strain) / 3.0;
                params.turnover.base_hazard + params.turnover.distress_hazard * distress * distress
            }
            Process::SupportRequest if present && m.seeks_leader() => {
                params.attachment.request_rate
            }
            _ => return,
        };
        if within >= rate {
            return;
        }
        match process {
            Process::LeaderContact => self.leader_contact(now, i),
            Process::PeerContact => self.peer_contact(now, i),
            Process::Setback => self.setback(now, i),
            Process::SickLeave => self.sick_leave(now, i),
            Process::Resignation => self.resign(now, i),
            Process::SupportRequest => self.support_request(now, i),
        }
    }

    fn leader_contact(&mut self, now: Day, i: usize) {
        let p = self.pressure();
        let leader = self.leader_at(now);
        let caring = leader.caring_eff(p);
        let cp = &self.params.contact;
        let mp = &self.params.member;
        self.counts.leader_contacts += 1;
        let support = self.chance(caring);
        let challenge = self.chance(leader.daring);
        let control = challenge && self.chance(leader.control_share(p));
        let slot = &mut self.slots[i];
        let m = &mut slot.member;
        let receptivity = *mp.receptivity.get(m.style);
        let threat = *mp.threat_sensitivity.get(m.style);
        if support {
            let mut gain = receptivity;
            if m.style == AttachmentStyle::Secure && m.mode == Mode::Protect {
                gain *= mp.secure_help_bonus;
            }
            m.raise_safety(cp.support_safety * gain);
            m.raise_trust(cp.support_trust * gain);
            slot.last_support = now;
            self.counts.supports += 1;
        }
        if control {
            m.suffer(cp.control_safety * threat, self.params.member.resilience);
            self.counts.controls += 1;
        } else if challenge {
            match m.mode {
                Mode::Grow => {
                    m.learn(cp.challenge_learning, cp.competence_gain);
                    m.raise_safety(cp.mastery_safety);
                    self.learning += cp.challenge_learning;
                    self.counts.challenges_grow += 1;
                }
                Mode::Protect => {
                    // Care buffers challenge: the threat shrinks as effective caring grows.
                    let size = (1.0 - caring) * threat;
                    m.suffer(cp.challenge_threat * size, self.params.member.resilience);
                    m.add_strain(cp.challenge_strain * size);
                    self.counts.challenges_protect += 1;
                    if support {
                        // Challenge and support in one contact: the secure base's "caring
                        // and daring at once". The member dares a step with the leader
                        // beside them: a mastery experience in full (guided mastery,
                        // Bandura 1977), with less learned while attention is narrowed.
                        let units = cp.guided_learning_share * cp.challenge_learning;
                        m.learn(units, cp.competence_gain);
                        m.raise_safety(cp.guided_safety);
                        self.learning += units;
                        self.counts.guided_steps += 1;
                    }
                }
            }
        }
        if !support && !challenge {
            m.lower_trust(cp.empty_trust);
            self.counts.empty_contacts += 1;
        }
        self.settle(i);
    }

    fn peer_contact(&mut self, now: Day, i: usize) {
        let n = self.slots.len();
        if n < 2 {
            return;
        }
        // A uniformly chosen other position; if that colleague is not at work, the
        // contact does not happen (fewer people around, fewer contacts).
        let mut j = self.rng.random_range(0..n - 1);
        if j >= i {
            j += 1;
        }
        if !self.is_present(j) {
            return;
        }
        self.advance(j, now);
        let pp = &self.params.peer;
        let mp = &self.params.member;
        let shown_i = self.slots[i].member.shown_safety(mp);
        let shown_j = self.slots[j].member.shown_safety(mp);
        let pull = |own: f64, other_shown: f64| {
            let d = other_shown - own;
            let bias = if d < 0.0 { pp.negativity_bias } else { 1.0 };
            (own + pp.contagion * bias * d).clamp(0.0, 1.0)
        };
        let si = pull(self.slots[i].member.safety, shown_j);
        let sj = pull(self.slots[j].member.safety, shown_i);
        self.slots[i].member.safety = si;
        self.slots[j].member.safety = sj;
        self.counts.peer_contacts += 1;
        self.settle(i);
        self.settle(j);
    }

    fn setback(&mut self, now: Day, i: usize) {
        let sp = &self.params.setback;
        let mp = &self.params.member;
        let style = self.slots[i].member.style;
        self.counts.setbacks += 1;
        let in_protect = self.slots[i].member.mode == Mode::Protect;
        let hidden = in_protect && self.chance(*mp.hide_probability.get(style));
        self.tally
            .get_mut(style)
            .setbacks
            .record(in_protect, hidden);
        if hidden {
            self.undercurrent += sp.hidden_undercurrent;
            self.slots[i].member.add_strain(sp.hidden_strain);
            self.counts.hidden_setbacks += 1;
            self.settle(i);
            return;
        }
        let p = self.pressure();
        let leader = self.leader_at(now);
        let c = leader.caring_eff(p);
        let d = leader.daring;
        let receptivity = *mp.receptivity.get(style);
        let threat = *mp.threat_sensitivity.get(style);
        // The bilinear mixture: each quadrant's corner response gets the product weight.
        let u = self.rng.random::<f64>();
        let restorative = c * d;
        let blame = restorative + d * (1.0 - c);
        let rescue = blame + c * (1.0 - d);
        let slot = &mut self.slots[i];
        let m = &mut slot.member;
        if u < restorative {
            m.learn(sp.restorative_learning, self.params.contact.competence_gain);
            self.learning += sp.restorative_learning;
            m.raise_safety(sp.restorative_safety * receptivity);
            m.raise_trust(sp.restorative_trust * receptivity);
            slot.last_support = now;
            self.counts.restorative += 1;
        } else if u < blame {
            m.suffer(sp.blame_safety * threat, self.params.member.resilience);
            m.add_strain(sp.blame_strain);
            m.lower_trust(sp.blame_trust);
            self.counts.blame += 1;
            // Every present witness feels it too: the one O(team) step of a member event.
            for j in 0..self.slots.len() {
                if j != i && self.is_present(j) {
                    self.advance(j, now);
                    let w = &mut self.slots[j].member;
                    let t = *mp.threat_sensitivity.get(w.style);
                    w.suffer(sp.blame_witness_safety * t, self.params.member.resilience);
                    self.settle(j);
                }
            }
        } else if u < rescue {
            m.raise_safety(sp.rescue_safety * receptivity);
            m.raise_trust(sp.rescue_trust * receptivity);
            slot.last_support = now;
            self.counts.rescue += 1;
        } else {
            m.suffer(sp.ignore_safety, self.params.member.resilience);
            m.lower_trust(sp.ignore_trust);
            self.undercurrent += sp.ignore_undercurrent;
            self.counts.ignored += 1;
        }
        self.settle(i);
    }

    fn sick_leave(&mut self, now: Day, i: usize) {
        let ap = &self.params.absence;
        let strain = self.slots[i].member.strain;
        let mean = ap.mean_duration * (1.0 + ap.duration_strain_factor * strain);
        let duration = self.rng.sample::<f64, _>(Exp1) * mean;
        let slot = &mut self.slots[i];
        slot.presence = Presence::Absent { since: now };
        slot.protesting = false;
        let generation = slot.generation;
        self.counts.absences += 1;
        self.queue.schedule(
            now + duration,
            Event::Return {
                slot: i as u32,
                generation,
            },
        );
    }

    fn sick_return(&mut self, now: Day, i: usize, generation: u32) {
        let slot = &self.slots[i];
        let Presence::Absent { since } = slot.presence else {
            return;
        };
        if slot.generation != generation {
            return;
        }
        self.advance(i, now);
        self.absence_days += now.since(since);
        let slot = &mut self.slots[i];
        slot.member.strain *= self.params.absence.return_strain;
        slot.presence = Presence::Present;
        self.settle(i);
    }

    fn resign(&mut self, now: Day, i: usize) {
        self.vacate(i, now, Presence::Vacant);
        self.counts.departures += 1;
        let gap = self.rng.sample::<f64, _>(Exp1) * self.params.turnover.vacancy_mean_days;
        let generation = self.slots[i].generation;
        self.queue.schedule(
            now + gap,
            Event::Hire {
                slot: i as u32,
                generation,
            },
        );
    }

    fn hire(&mut self, now: Day, i: usize, generation: u32) {
        let slot = &self.slots[i];
        if slot.presence != Presence::Vacant || slot.generation != generation {
            return;
        }
        let style = draw_style(&mut self.rng, &self.scenario.team.mix);
        let competence = self.params.member.newcomer_competence;
        let member = self.new_member(&InitialMember::of_style(style), competence);
        self.seat(i, member, now);
        self.counts.hires += 1;
    }

    fn support_request(&mut self, now: Day, i: usize) {
        self.counts.requests += 1;
        let leader = self.leader_at(now);
        let availability = leader.availability_eff(self.pressure());
        let answered = 1.0 - (-self.params.attachment.leader_responsiveness * availability).exp();
        if self.chance(answered) {
            self.counts.requests_answered += 1;
            self.leader_contact(now, i);
            return;
        }
        let slot = &mut self.slots[i];
        if !slot.protesting {
            slot.protesting = true;
            let generation = slot.generation;
            self.queue.schedule(
                now + 1.0,
                Event::ProtestCheck {
                    slot: i as u32,
                    generation,
                    since: now,
                },
            );
        }
    }

    /// A day after an unanswered request: if no support came and the member still seeks
    /// the leader, protest follows (section 4a), and is checked again the next day.
    fn protest_check(&mut self, now: Day, i: usize, generation: u32, since: Day) {
        if self.slots[i].generation != generation || !self.is_present(i) {
            return;
        }
        self.advance(i, now);
        let slot = &self.slots[i];
        if slot.last_support >= since || !slot.member.seeks_leader() {
            self.slots[i].protesting = false;
            return;
        }
        self.undercurrent += self.params.attachment.protest_undercurrent;
        self.counts.protest_days += 1;
        let n = self.slots.len();
        let mut j = self.rng.random_range(0..n - 1);
        if j >= i {
            j += 1;
        }
        if self.is_present(j) {
            self.advance(j, now);
            self.slots[j].member.suffer(
                self.params.attachment.protest_peer_safety,
                self.params.member.resilience,
            );
            self.settle(j);
        }
        self.queue.schedule(
            now + 1.0,
            Event::ProtestCheck {
                slot: i as u32,
                generation,
                since,
            },
        );
    }

    // ----- team-level events -------------------------------------------------------------

    fn meeting(&mut self, now: Day) {
        self.counts.meetings += 1;
        let p = self.pressure();
        let leader = self.leader_at(now);
        let caring = leader.caring_eff(p);
        let mep = &self.params.meeting;
        let mp = &self.params.member;
        for i in 0..self.slots.len() {
            if !self.is_present(i) {
                continue;
            }
            self.advance(i, now);
            let m = &self.slots[i].member;
            let style = m.style;
            let chance = match m.mode {
                Mode::Grow => mep.voice_grow_base + mep.voice_grow_slope * m.safety,
                Mode::Protect if m.withdraws() && style == AttachmentStyle::Fearful => 0.0,
                Mode::Protect => mep.voice_protect_slope * m.safety * mp.protect_voice.get(style),
            };
            let in_protect = m.mode == Mode::Protect;
            let spoke = self.chance(chance);
            self.tally.get_mut(style).voice.record(in_protect, spoke);
            if !spoke {
                continue;
            }
            self.counts.voices += 1;
            self.voices_since_observation += 1;
            self.undercurrent = (self.undercurrent - mep.voice_release).max(0.0);
            self.learning += mep.voice_learning;
            let appreciated = self.chance(caring);
            let dismissed = !appreciated && self.chance(leader.daring);
            let slot = &mut self.slots[i];
            let m = &mut slot.member;
            m.learn(mep.voice_learning, self.params.contact.competence_gain);
            if appreciated {
                let r = *mp.receptivity.get(style);
                m.raise_safety(mep.appreciation_safety * r);
                m.raise_trust(mep.appreciation_trust * r);
                slot.last_support = now;
                self.counts.appreciations += 1;
            } else if dismissed {
                m.suffer(
                    mep.dismissal_safety * mp.threat_sensitivity.get(style),
                    self.params.member.resilience,
                );
                self.counts.dismissals += 1;
            }
            self.settle(i);
        }
        if self.undercurrent > mep.conflict_threshold {
            let resolved = self.chance(caring * leader.daring);
            if resolved {
                self.undercurrent = 0.0;
                self.counts.conflicts_resolved += 1;
            } else {
                self.undercurrent *= mep.escalation_residual;
                self.counts.conflicts_escalated += 1;
            }
            for i in 0..self.slots.len() {
                if !self.is_present(i) {
                    continue;
                }
                let m = &mut self.slots[i].member;
                if resolved {
                    m.raise_safety(mep.resolved_safety);
                    m.learn(mep.resolved_learning, self.params.contact.competence_gain);
                    self.learning += mep.resolved_learning;
                } else {
                    m.suffer(
                        mep.escalated_safety * mp.threat_sensitivity.get(m.style),
                        self.params.member.resilience,
                    );
                    m.lower_trust(mep.escalated_trust);
                    m.add_strain(mep.escalated_strain);
                }
                self.settle(i);
            }
        }
    }

    fn start_pressure(&mut self, now: Day, level: f64, duration: f64) {
        // Strain integrates pressure, so everyone is brought up to now first.
        self.advance_all(now);
        let id = self.next_peak_id;
        self.next_peak_id += 1;
        self.peaks.push((id, level));
        self.counts.pressure_peaks += 1;
        self.queue
            .schedule(now + duration, Event::PressureEnd { id });
    }

    fn reorganisation(&mut self, now: Day, severity: f64) {
        self.counts.reorganisations += 1;
        let rp = &self.params.reorganisation;
        let mp = &self.params.member;
        for i in 0..self.slots.len() {
            if !self.is_occupied(i) {
                continue;
            }
            self.advance(i, now);
            let m = &mut self.slots[i].member;
            let threat = *mp.threat_sensitivity.get(m.style);
            // Trust in the leader buffers unpredictability.
            let buffer = 1.0 - rp.trust_buffer * m.trust;
            m.suffer(
                rp.safety_shock * severity * threat * buffer,
                self.params.member.resilience,
            );
            m.add_strain(rp.strain_shock * severity * threat);
            self.settle(i);
        }
    }

    fn intervention(&mut self, now: Day, index: usize) {
        self.counts.interventions += 1;
        let ip = &self.params.intervention;
        match &self.scenario.interventions[index] {
            Intervention::Coaching {
                duration,
                caring,
                daring,
                ..
            } => {
                let current = self.leader_at(now);
                if *duration <= 0.0 {
                    self.leader.caring = *caring;
                    self.leader.daring = *daring;
                    self.ramp = None;
                } else {
                    self.ramp = Some(Ramp {
                        start: now,
                        end: now + *duration,
                        from: (current.caring, current.daring),
                        to: (*caring, *daring),
                    });
                    self.queue.schedule(now + *duration, Event::CoachingEnd);
                }
            }
            Intervention::LeaderReplacement {
                caring,
                daring,
                availability,
                ..
            } => {
                self.ramp = None;
                self.leader.caring = *caring;
                self.leader.daring = *daring;
                if let Some(a) = availability {
                    self.leader.availability = *a;
                }
                self.advance_all(now);
                for slot in &mut self.slots {
                    slot.member.trust = ip.new_leader_trust;
                }
                for i in 0..self.slots.len() {
                    self.settle(i);
                }
            }
            Intervention::TeamSession { .. } => {
                self.undercurrent *= 1.0 - ip.session_release;
                for i in 0..self.slots.len() {
                    if self.is_present(i) {
                        self.advance(i, now);
                        self.slots[i].member.raise_safety(ip.session_safety);
                        self.settle(i);
                    }
                }
            }
            Intervention::Composition { leave, join, .. } => {
                // Positions that leave are drawn uniformly from the current positions.
                let mut positions: Vec<usize> = (0..self.slots.len())
                    .filter(|&i| self.slots[i].presence != Presence::Removed)
                    .collect();
                for k in 0..(*leave).min(positions.len()) {
                    let pick = self.rng.random_range(k..positions.len());
                    positions.swap(k, pick);
                    let i = positions[k];
                    if self.is_occupied(i) {
                        self.counts.transfers_out += 1;
                    }
                    self.vacate(i, now, Presence::Removed);
                }
                let competence = self.params.member.initial_competence;
                for newcomer in join {
                    let Some(i) = self
                        .slots
                        .iter()
                        .position(|s| s.presence == Presence::Removed)
                    else {
                        break; // cannot happen: slots are sized for every join
                    };
                    let member = self.new_member(newcomer, competence);
                    self.seat(i, member, now);
                    self.counts.transfers_in += 1;
                }
            }
        }
    }

    // ----- observation and summary -------------------------------------------------------

    fn observe(&mut self, now: Day) -> DailyRecord {
        self.advance_all(now);
        let mp = &self.params.member;
        let op = &self.params.output;
        let p = self.pressure();
        let leader = self.leader_at(now);
        let (mut present, mut absent, mut vacant) = (0u32, 0u32, 0u32);
        let mut sums = [0.0f64; 6]; // safety, shown, grow, trust, strain, competence
        let mut output = 0.0;
        let mut by_style: StyleTable<(u32, f64, f64, u32)> = StyleTable::default();
        for slot in &self.slots {
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
            let grow = m.mode == Mode::Grow;
            let shown = m.shown_safety(mp);
            sums[0] += m.safety;
            sums[1] += shown;
            sums[2] += f64::from(u8::from(grow));
            sums[3] += m.trust;
            sums[4] += m.strain;
            sums[5] += m.competence;
            let novel = if grow { 1.0 } else { op.protect_novel_output };
            output += ((1.0 - op.novel_work_share) + op.novel_work_share * novel)
                * (1.0 - op.strain_penalty * m.strain)
                * ((1.0 - op.competence_weight) + op.competence_weight * m.competence);
            let entry = by_style.get_mut(m.style);
            entry.0 += 1;
            entry.1 += m.safety;
            entry.2 += shown;
            entry.3 += u32::from(grow);
            let tally = self.tally.get_mut(m.style);
            tally.observed += 1;
            tally.grow += u64::from(grow);
            tally.safety += m.safety;
        }
        let team_size = present + absent + vacant;
        let mean = |s: f64| (present > 0).then(|| s / f64::from(present));
        let slice = |(n, safety, shown, grow): (u32, f64, f64, u32)| StyleSlice {
            present: n,
            safety: (n > 0).then(|| safety / f64::from(n)),
            shown_safety: (n > 0).then(|| shown / f64::from(n)),
            grow_share: (n > 0).then(|| f64::from(grow) / f64::from(n)),
        };
        let record = DailyRecord {
            day: now.get(),
            team_size,
            present,
            absent,
            vacant,
            safety: mean(sums[0]),
            shown_safety: mean(sums[1]),
            grow_share: mean(sums[2]),
            trust: mean(sums[3]),
            strain: mean(sums[4]),
            competence: mean(sums[5]),
            learning: self.learning,
            output: if team_size > 0 {
                output / f64::from(team_size)
            } else {
                0.0
            },
            departures: self.counts.departures as u32,
            undercurrent: self.undercurrent,
            voices: std::mem::take(&mut self.voices_since_observation),
            pressure: p,
            leader_caring: leader.caring_eff(p),
            leader_daring: leader.daring,
            by_style: StyleTable::new(
                slice(by_style.secure),
                slice(by_style.anxious),
                slice(by_style.avoidant),
                slice(by_style.fearful),
            ),
        };
        for (k, value) in self.averaged(&record).into_iter().enumerate() {
            if let Some(v) = value {
                self.averaged_sums[k] += v;
                self.averaged_counts[k] += 1;
            }
        }
        self.last_record = Some(record.clone());
        record
    }

    fn snapshot(&self) -> Vec<MemberSnapshot> {
        let mp = &self.params.member;
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(position, slot)| {
                let state = match slot.presence {
                    Presence::Present => PositionState::Present,
                    Presence::Absent { .. } => PositionState::Absent,
                    Presence::Vacant => PositionState::Vacant,
                    Presence::Removed => return None,
                };
                Some(MemberSnapshot {
                    position,
                    state,
                    member: slot.member.clone(),
                    shown_safety: slot.member.shown_safety(mp),
                })
            })
            .collect()
    }

    /// The metrics named in [`AVERAGED`], from one record.
    fn averaged(&self, r: &DailyRecord) -> [Option<f64>; AVERAGED.len()] {
        [
            r.safety,
            r.shown_safety,
            r.grow_share,
            r.trust,
            r.strain,
            r.competence,
            Some(r.output),
            Some(r.undercurrent),
            Some(f64::from(r.absent)),
        ]
    }

    fn summary(&self) -> Summary {
        let mut values: Vec<Option<f64>> = Vec::new();
        for k in 0..AVERAGED.len() {
            let n = self.averaged_counts[k];
            values.push((n > 0).then(|| self.averaged_sums[k] / n as f64));
        }
        let end = self
            .last_record
            .as_ref()
            .map(|r| self.averaged(r))
            .unwrap_or([None; AVERAGED.len()]);
        values.extend(end);
        values.extend([
            Some(self.learning),
            Some(self.absence_days),
            Some(self.counts.departures as f64),
            Some(self.counts.voices as f64),
        ]);
        let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        for (_, t) in self.tally.iter() {
            values.push(ratio(t.grow, t.observed));
            values.push((t.observed > 0).then(|| t.safety / t.observed as f64));
            values.push(ratio(t.setbacks.hits, t.setbacks.chances));
            values.push(ratio(t.voice.hits, t.voice.chances));
            values.push(ratio(t.setbacks.protect_hits, t.setbacks.protect_chances));
            values.push(ratio(t.voice.protect_hits, t.voice.protect_chances));
        }
        values.extend(self.counts.values().into_iter().map(|v| Some(v as f64)));
        Summary {
            values,
            counts: self.counts,
        }
    }
}

/// An exponential gap for a Poisson process of `rate` per day; None when the rate is 0.
fn exp_gap(rng: &mut ChaCha8Rng, rate: f64) -> Option<f64> {
    (rate > 0.0).then(|| rng.sample::<f64, _>(Exp1) / rate)
}

fn draw_style(rng: &mut ChaCha8Rng, mix: &StyleTable<f64>) -> AttachmentStyle {
    let u = rng.random::<f64>();
    let mut acc = 0.0;
    for (style, share) in mix.iter() {
        acc += share;
        if u < acc {
            return style;
        }
    }
    // Rounding can leave u just above the last cumulative share.
    AttachmentStyle::ALL
        .into_iter()
        .rev()
        .find(|s| *mix.get(*s) > 0.0)
        .unwrap_or(AttachmentStyle::Secure)
}

fn draw_coping(rng: &mut ChaCha8Rng, seek_probability: f64) -> Coping {
    if rng.random::<f64>() < seek_probability {
        Coping::Seeking
    } else {
        Coping::Withdrawing
    }
}
