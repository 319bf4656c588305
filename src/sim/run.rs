//! One run: the event loop, the member events chosen by the team clock, and the
//! team-level events. What each event does to a member is decided in
//! [`crate::model::respond`]; this file decides when things happen and to whom.

use super::books::Books;
use super::clock::{Bounds, Candidate, Process};
use super::record::{DailyRecord, Summary};
use super::team::{Presence, Slot, Team};
use crate::engine::{Day, EventQueue};
use crate::model::exp::exp;
use crate::model::member::{RelaxRates, Surroundings, default_coping};
use crate::model::respond::{
    self, Challenge, ConflictOutcome, LeaderNow, SetbackResponse, VoiceResponse,
};
use crate::model::uncertainty::fade_rate;
use crate::model::{
    AttachmentStyle, Coping, Disposition, Leader, Member, Mode, Params, StyleTable, Switch,
    Uncertainty,
};
use crate::scenario::{InitialMember, Roster, Scenario, ScenarioEvent};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Exp1, StandardNormal};

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
    /// An everyday change (plans, priorities) that raises the team's uncertainty.
    Change,
    /// The start of a working day: the team's uncertainty fades by a day's clarity.
    Dawn,
    /// A reorganisation.
    Reorganisation,
    /// A scheduled intervention.
    Intervention,
    /// The end of a coaching window.
    CoachingEnd,
    /// An observation.
    Observe,
    /// The leader falls sick and is away.
    LeaderAway,
    /// The leader is back from sick leave.
    LeaderBack,
    /// The leader's absence that the scenario schedules begins.
    AbsenceStart,
    /// The leader's scheduled absence ends.
    AbsenceEnd,
}

/// Receives what a run produces, as it is produced, so that callers decide what to keep.
/// Nothing of the burn-in before day 0 is reported.
pub trait Observer {
    /// Called at every observation time.
    fn record(&mut self, record: &DailyRecord);
    /// Called for every event taken from the queue from day 0 on, before it is handled,
    /// with its time in days since day 0.
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
    Summary {
        events_processed: sim.processed,
        ..sim.books.summary()
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Event {
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
    Change,
    Dawn,
    Reorganisation {
        severity: f64,
    },
    Intervention {
        index: u32,
    },
    CoachingEnd,
    /// The leader falls sick (docs/MODEL.md 7.8).
    LeaderAway,
    /// The leader returns from sick leave.
    LeaderBack,
    /// The scenario's leader absence begins.
    AbsenceStart {
        duration: f64,
    },
    /// The scenario's leader absence ends, if the leader who went away is still the
    /// team's leader.
    AbsenceEnd {
        leader: u32,
    },
    /// Day 0: the burn-in is over and the books open.
    StartRecording,
    Observe {
        index: u64,
    },
}

impl Event {
    fn kind(&self) -> Option<EventKind> {
        Some(match self {
            Event::ProtestCheck { .. } => EventKind::ProtestCheck,
            Event::Return { .. } => EventKind::Return,
            Event::Hire { .. } => EventKind::Hire,
            Event::Meeting => EventKind::Meeting,
            Event::PressureArrival => EventKind::PressureArrival,
            Event::PressureStart { .. } => EventKind::PressureStart,
            Event::PressureEnd { .. } => EventKind::PressureEnd,
            Event::Change => EventKind::Change,
            Event::Dawn => EventKind::Dawn,
            Event::Reorganisation { .. } => EventKind::Reorganisation,
            Event::Intervention { .. } => EventKind::Intervention,
            Event::CoachingEnd => EventKind::CoachingEnd,
            Event::LeaderAway => EventKind::LeaderAway,
            Event::LeaderBack => EventKind::LeaderBack,
            Event::AbsenceStart { .. } => EventKind::AbsenceStart,
            Event::AbsenceEnd { .. } => EventKind::AbsenceEnd,
            Event::StartRecording => return None,
            Event::Observe { .. } => EventKind::Observe,
        })
    }
}

/// The run's context: its one random number generator and its event queue.
pub(super) struct Ctx {
    pub rng: ChaCha8Rng,
    pub queue: EventQueue<Event>,
}

impl Ctx {
    /// A uniform draw in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        self.rng.random::<f64>()
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// A standard normal draw.
    pub fn normal(&mut self) -> f64 {
        self.rng.sample::<f64, _>(StandardNormal)
    }

    /// An exponential gap for a Poisson process of `rate` per day; None when the rate is 0.
    pub fn gap(&mut self, rate: f64) -> Option<f64> {
        (rate > 0.0).then(|| self.rng.sample::<f64, _>(Exp1) / rate)
    }
}

/// A linear move of the leader's caring and daring (coaching).
#[derive(Debug, Clone, Copy)]
pub(super) struct Ramp {
    pub start: Day,
    pub end: Day,
    pub from: (f64, f64),
    pub to: (f64, f64),
}

/// The leader and what bears on them: coaching under way and pressure peaks.
pub(super) struct Lead {
    pub leader: Leader,
    pub ramp: Option<Ramp>,
    /// Active pressure peaks: (id, level).
    peaks: Vec<(u32, f64)>,
    next_peak_id: u32,
    /// The pressure level: the sum of the active peaks, at most 1.
    pub pressure: f64,
    /// How far the leader's contact rate falls short of members' need (1 - presence),
    /// kept up to date whenever pressure or availability changes.
    pub deficit: f64,
    /// `member.presence_reference`, for the deficit.
    reference: f64,
    /// Whether the leader is on sick leave.
    pub sick: bool,
    /// How many absences the scenario schedules are under way (they may overlap).
    pub absences: u32,
    /// How many times the leader has been replaced: an absence belongs to the leader
    /// who went away, and its end must not cut short a later one of the new leader's.
    pub generation: u32,
}

impl Lead {
    /// The leader as they are at `now` (coaching moves caring and daring linearly).
    pub fn at(&self, now: Day) -> Leader {
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

    fn add_peak(&mut self, level: f64) -> u32 {
        let id = self.next_peak_id;
        self.next_peak_id += 1;
        self.peaks.push((id, level));
        self.refresh();
        id
    }

    fn end_peak(&mut self, id: u32) {
        self.peaks.retain(|(peak, _)| *peak != id);
        self.refresh();
    }

    /// Recomputes pressure and the presence deficit after a change of peaks or leader.
    pub fn refresh(&mut self) {
        self.pressure = self.peaks.iter().map(|(_, l)| l).sum::<f64>().min(1.0);
        self.deficit = if self.away() {
            1.0
        } else {
            1.0 - self.leader.presence(self.pressure, self.reference)
        };
    }

    /// Whether the leader is away (sick, or an absence the scenario schedules): no
    /// contacts, no answers, no meetings, and the whole presence deficit.
    pub fn away(&self) -> bool {
        self.sick || self.absences > 0
    }

    /// The leader's contact rate now: lowered by pressure, 0 while away.
    pub fn availability(&self) -> f64 {
        if self.away() {
            0.0
        } else {
            self.leader.availability_eff(self.pressure)
        }
    }
}

pub(super) struct Sim<'a> {
    pub scenario: &'a Scenario,
    pub params: &'a Params,
    pub ctx: Ctx,
    /// When the team clock fires next (None: all member processes have rate 0).
    clock: Option<Day>,
    bounds: Bounds,
    pub team: Team,
    pub lead: Lead,
    /// The members' relaxation rates, prepared once per run.
    rates: RelaxRates,
    pub books: Books,
    /// Day 0 of the scenario in run time: the end of the burn-in.
    pub start: Day,
    /// The team's offset on every member's resting safety, drawn once per run.
    team_offset: f64,
    /// Events processed so far, the burn-in's included.
    processed: u64,
}

impl<'a> Sim<'a> {
    fn new(scenario: &'a Scenario, seed: u64) -> Self {
        let params = &scenario.params;
        let mp = &params.member;
        let mut ctx = Ctx {
            rng: ChaCha8Rng::seed_from_u64(seed),
            queue: EventQueue::with_capacity(64),
        };
        let roster: Vec<InitialMember> = match &scenario.team.roster {
            Roster::Listed(members) => members.clone(),
            Roster::Drawn { size } => (0..*size)
                .map(|_| InitialMember::of_style(draw_style(&mut ctx, &scenario.team.mix)))
                .collect(),
        };
        let team_offset = mp.team_rest_sd * ctx.normal();
        let max_slots = scenario.max_slots().max(roster.len());
        let mut sim = Sim {
            scenario,
            params,
            ctx,
            clock: None,
            bounds: Bounds::new(params, scenario.max_availability()),
            team: Team {
                slots: Vec::with_capacity(max_slots),
                undercurrent: 0.0,
                uncertainty: Uncertainty::default(),
                learning: 0.0,
            },
            lead: Lead {
                leader: scenario.leader,
                ramp: None,
                peaks: Vec::new(),
                next_peak_id: 0,
                pressure: 0.0,
                deficit: 1.0 - scenario.leader.presence(0.0, mp.presence_reference),
                reference: mp.presence_reference,
                sick: false,
                absences: 0,
                generation: 0,
            },
            rates: RelaxRates::new(mp),
            books: Books::default(),
            start: Day::new(mp.burn_in_days),
            team_offset,
            processed: 0,
        };
        for given in &roster {
            let member = sim.listed_member(given, mp.initial_competence);
            sim.team.slots.push(Slot::held(member, Day::ZERO));
        }
        while sim.team.slots.len() < max_slots {
            let placeholder =
                Member::new(AttachmentStyle::Secure, 0.5, 0.5, Disposition::TYPICAL, mp);
            let mut slot = Slot::held(placeholder, Day::ZERO);
            slot.presence = Presence::Removed;
            sim.team.slots.push(slot);
        }
        sim.schedule_initial();
        sim
    }

    /// Run time of a scenario day.
    fn at(&self, day: f64) -> Day {
        self.start + day
    }

    fn schedule_initial(&mut self) {
        let s = self.scenario;
        let p = self.params;
        let start = self.start;
        self.ctx.queue.schedule(start, Event::StartRecording);
        self.ctx.queue.schedule(start, Event::Observe { index: 0 });
        self.ctx.queue.schedule(Day::ZERO, Event::Dawn);
        self.schedule_clock(Day::ZERO);
        self.ctx
            .queue
            .schedule(Day::new(p.meeting.interval), Event::Meeting);
        if let Some(gap) = self.ctx.gap(p.pressure.peak_rate) {
            self.ctx
                .queue
                .schedule(Day::new(gap), Event::PressureArrival);
        }
        if let Some(gap) = self.ctx.gap(p.uncertainty.change_rate) {
            self.ctx.queue.schedule(Day::new(gap), Event::Change);
        }
        // The leader's sick leave runs from the burn-in's start, like everything else.
        if let Some(gap) = self.ctx.gap(p.absence.leader_hazard()) {
            self.ctx.queue.schedule(Day::new(gap), Event::LeaderAway);
        }
        for e in &s.events {
            let ev = match *e {
                ScenarioEvent::Pressure {
                    level, duration, ..
                } => Event::PressureStart { level, duration },
                ScenarioEvent::Reorganisation { severity, .. } => {
                    Event::Reorganisation { severity }
                }
                ScenarioEvent::LeaderAbsence { duration, .. } => Event::AbsenceStart { duration },
            };
            self.ctx.queue.schedule(self.at(e.day()), ev);
        }
        for (i, iv) in s.interventions.iter().enumerate() {
            self.ctx
                .queue
                .schedule(self.at(iv.day()), Event::Intervention { index: i as u32 });
        }
    }

    fn schedule_clock(&mut self, now: Day) {
        let rate = self.bounds.sum * self.team.slots.len() as f64;
        self.clock = self.ctx.gap(rate).map(|gap| now + gap);
    }

    fn run(&mut self, observer: &mut impl Observer) {
        let end = self.at(self.scenario.horizon);
        loop {
            // The member clock fires far more often than anything else, so it is kept
            // beside the queue instead of in it: most events then cost no heap push and
            // pop. At equal times the queued event goes first.
            let clock_first = match (self.clock, self.ctx.queue.peek_time()) {
                (Some(c), Some(q)) => c < q,
                (Some(_), None) => true,
                (None, _) => false,
            };
            if clock_first {
                let Some(now) = self.clock else { break };
                if now > end {
                    break;
                }
                self.count_event(now, EventKind::MemberClock, observer);
                self.schedule_clock(now);
                self.member_clock(now);
                continue;
            }
            let Some(next) = self.ctx.queue.pop() else {
                break;
            };
            if next.time > end {
                break;
            }
            if let Some(kind) = next.event.kind() {
                self.count_event(next.time, kind, observer);
            }
            self.handle(next.time, next.event, observer);
        }
        self.close_books(end);
    }

    fn count_event(&mut self, now: Day, kind: EventKind, observer: &mut impl Observer) {
        self.processed += 1;
        if now >= self.start {
            self.books.counts.events += 1;
            observer.event(now - self.start, kind);
        }
    }

    fn handle(&mut self, now: Day, event: Event, observer: &mut impl Observer) {
        let p = self.params;
        match event {
            Event::ProtestCheck {
                slot,
                generation,
                since,
            } => self.protest_check(now, slot as usize, generation, since),
            Event::Return { slot, generation } => self.sick_return(now, slot as usize, generation),
            Event::Hire { slot, generation } => self.hire(now, slot as usize, generation),
            Event::Meeting => {
                self.ctx
                    .queue
                    .schedule(now + p.meeting.interval, Event::Meeting);
                // The meeting is the leader's: while they are away it does not happen.
                if !self.lead.away() {
                    self.meeting(now);
                }
            }
            Event::LeaderAway => {
                self.change_presence(now, |lead| lead.sick = true);
                let days = self.ctx.rng.sample::<f64, _>(Exp1) * p.absence.mean_duration;
                self.ctx.queue.schedule(now + days, Event::LeaderBack);
            }
            Event::LeaderBack => {
                self.change_presence(now, |lead| lead.sick = false);
                // The next spell can only start once this one is over: one chain a run.
                if let Some(gap) = self.ctx.gap(p.absence.leader_hazard()) {
                    self.ctx.queue.schedule(now + gap, Event::LeaderAway);
                }
            }
            Event::AbsenceStart { duration } => {
                self.change_presence(now, |lead| lead.absences += 1);
                let leader = self.lead.generation;
                self.ctx
                    .queue
                    .schedule(now + duration, Event::AbsenceEnd { leader });
            }
            // A leader replaced in the meantime took the absence with them (the new one
            // starts with none under way).
            Event::AbsenceEnd { leader } if leader != self.lead.generation => {}
            Event::AbsenceEnd { .. } => {
                self.change_presence(now, |lead| lead.absences -= 1);
            }
            Event::PressureArrival => {
                if let Some(gap) = self.ctx.gap(p.pressure.peak_rate) {
                    self.ctx.queue.schedule(now + gap, Event::PressureArrival);
                }
                let duration = self.ctx.rng.sample::<f64, _>(Exp1) * p.pressure.peak_mean_duration;
                self.start_pressure(now, p.pressure.peak_level, duration);
            }
            Event::PressureStart { level, duration } => self.start_pressure(now, level, duration),
            Event::PressureEnd { id } => {
                // Strain and the presence deficit change with pressure: everyone first.
                self.advance_all(now);
                self.lead.end_peak(id);
            }
            Event::Change => {
                if let Some(gap) = self.ctx.gap(p.uncertainty.change_rate) {
                    self.ctx.queue.schedule(now + gap, Event::Change);
                }
                self.books.counts.changes += 1;
                self.team.uncertainty.raise(p.uncertainty.change_size);
            }
            Event::Dawn => {
                self.ctx.queue.schedule(now + 1.0, Event::Dawn);
                let daring = self.lead.at(now).daring;
                let rate = fade_rate(&p.uncertainty, daring, 1.0 - self.lead.deficit);
                self.team.uncertainty.fade(1.0, rate);
            }
            Event::Reorganisation { severity } => self.reorganisation(now, severity),
            Event::Intervention { index } => self.intervention(now, index as usize),
            Event::CoachingEnd => {
                if let Some(r) = self.lead.ramp.take() {
                    (self.lead.leader.caring, self.lead.leader.daring) = r.to;
                }
            }
            Event::StartRecording => self.start_recording(now),
            Event::Observe { index } => {
                let next = self.at((index + 1) as f64 * self.scenario.observe_every);
                if next.get() <= self.at(self.scenario.horizon).get() + 1e-9 {
                    self.ctx
                        .queue
                        .schedule(next, Event::Observe { index: index + 1 });
                }
                self.advance_all(now);
                let leader = self.lead.at(now);
                let record = self.books.observe(
                    &self.team,
                    p,
                    now - self.start,
                    self.lead.pressure,
                    &leader,
                );
                if observer.wants_members() {
                    observer.members(now - self.start, &self.snapshot());
                }
                observer.record(&record);
            }
        }
    }

    // ----- members: state, switches, arrivals and departures ---------------------------

    /// What surrounds a member who is `presence` now.
    fn surroundings(&self, presence: Presence) -> Option<Surroundings> {
        let p = self.params;
        let (strain_drive, strain_rest) = match presence {
            Presence::Present => (
                p.pressure.strain_growth * self.lead.pressure,
                self.rates.strain_present,
            ),
            Presence::Absent { .. } => (0.0, self.rates.strain_absent),
            Presence::Vacant | Presence::Removed => return None,
        };
        Some(Surroundings {
            strain_drive,
            strain_rest,
            presence_deficit: self.lead.deficit,
        })
    }

    /// Brings member `i` up to `now` with the closed-form relaxation, then applies the
    /// mode hysteresis.
    pub(super) fn advance(&mut self, i: usize, now: Day) {
        let Some(env) = self.surroundings(self.team.slots[i].presence) else {
            return;
        };
        let slot = &mut self.team.slots[i];
        let dt = now.since(slot.updated);
        slot.updated = now;
        slot.member
            .relax(dt, &self.params.member, &self.rates, &env);
        self.settle(i, now);
    }

    /// The leader goes away or comes back: everyone up to now with the presence as it
    /// was (the closed form holds the anchor constant between events), then `change`,
    /// then the deficit is recomputed.
    fn change_presence(&mut self, now: Day, change: impl FnOnce(&mut Lead)) {
        self.advance_all(now);
        change(&mut self.lead);
        self.lead.refresh();
    }

    pub(super) fn advance_all(&mut self, now: Day) {
        for i in 0..self.team.slots.len() {
            self.advance(i, now);
        }
    }

    /// Re-evaluates the mode after a change. A switch draws the threshold shift for the
    /// next one; a fearful member entering Protect draws whether this episode is
    /// seeking or withdrawing; the books count the episode.
    ///
    /// Called after every change (some 41,000 times in a baseline run, which switches
    /// about 155 times), so the test is inlined and the switch kept out of line.
    #[inline(always)]
    pub(super) fn settle(&mut self, i: usize, now: Day) {
        let u = self.team.uncertainty.level();
        if let Some(switch) = self.team.slots[i]
            .member
            .update_mode(&self.params.member, u)
        {
            self.switched(i, now, switch);
        }
    }

    /// The bookkeeping and draws of a mode switch of the member at `i`.
    #[cold]
    #[inline(never)]
    fn switched(&mut self, i: usize, now: Day, switch: Switch) {
        let mp = &self.params.member;
        let slot = &mut self.team.slots[i];
        slot.member.jitter = mp.threshold_sd * self.ctx.normal();
        let tally = self.books.tally.get_mut(slot.member.style);
        match switch {
            Switch::ToProtect => {
                if slot.member.style == AttachmentStyle::Fearful {
                    slot.member.coping = draw_coping(&mut self.ctx, mp.fearful_seek_probability);
                }
                slot.protect_since = now;
                tally.episodes += 1;
            }
            Switch::ToGrow => tally.protect_days += now.since(slot.protect_since),
        }
    }

    /// A member of `style` at their resting state, with a disposition of their own.
    fn new_member(&mut self, style: AttachmentStyle, trust: f64, competence: f64) -> Member {
        let mp = &self.params.member;
        let disposition = Disposition {
            rest_offset: self.team_offset + mp.rest_sd * self.ctx.normal(),
            sensitivity: exp(mp.sensitivity_sd * self.ctx.normal()),
        };
        let mut member = Member::new(style, trust, competence, disposition, mp);
        member.mode = member.middle_mode(mp, self.team.uncertainty.level());
        member.jitter = mp.threshold_sd * self.ctx.normal();
        member.coping = default_coping(style);
        if style == AttachmentStyle::Fearful && member.mode == Mode::Protect {
            member.coping = draw_coping(&mut self.ctx, mp.fearful_seek_probability);
        }
        member
    }

    /// Puts `member` into position `i` from `now`.
    pub(super) fn seat(&mut self, i: usize, member: Member, now: Day) {
        let slot = &mut self.team.slots[i];
        let generation = slot.generation.wrapping_add(1);
        *slot = Slot::held(member, now);
        slot.generation = generation;
        if slot.member.mode == Mode::Protect {
            // Arriving in a new team is itself a change: an episode that starts now.
            self.books.tally.get_mut(slot.member.style).episodes += 1;
        }
    }

    /// Ends member `i`'s tenure (resignation or transfer), keeping the books straight.
    pub(super) fn vacate(&mut self, i: usize, now: Day, to: Presence) {
        self.close_tenure(i, now);
        let slot = &mut self.team.slots[i];
        slot.presence = to;
        slot.protesting = false;
        slot.generation = slot.generation.wrapping_add(1);
    }

    /// Books what member `i`'s time in the team, absence and Protect episode add up to
    /// at `now`.
    fn close_tenure(&mut self, i: usize, now: Day) {
        let slot = &self.team.slots[i];
        if !self.team.is_occupied(i) {
            return;
        }
        let tally = self.books.tally.get_mut(slot.member.style);
        tally.occupied_days += now.since(slot.tenure_start);
        if slot.member.mode == Mode::Protect {
            tally.protect_days += now.since(slot.protect_since);
        }
        if let Presence::Absent { since } = slot.presence {
            self.books.absence_days += now.since(since);
        }
    }

    /// Day 0: everything before was burn-in. The books open; members keep the state
    /// the burn-in gave them, except what the scenario sets for day 0.
    fn start_recording(&mut self, now: Day) {
        self.advance_all(now);
        self.books = Books::default();
        self.team.learning = 0.0;
        for i in 0..self.team.slots.len() {
            if !self.team.is_occupied(i) {
                continue;
            }
            let slot = &mut self.team.slots[i];
            slot.tenure_start = now;
            slot.member.learning = 0.0;
            if let Presence::Absent { .. } = slot.presence {
                slot.presence = Presence::Absent { since: now };
            }
            if slot.member.mode == Mode::Protect {
                slot.protect_since = now;
                self.books.tally.get_mut(slot.member.style).ongoing += 1;
            }
        }
        if let Roster::Listed(listed) = &self.scenario.team.roster {
            self.apply_listed(listed, now);
        }
    }

    /// Sets what the scenario lists for its first members at day 0.
    fn apply_listed(&mut self, listed: &[InitialMember], now: Day) {
        let mp = &self.params.member;
        let u = self.team.uncertainty.level();
        for (i, given) in listed.iter().enumerate() {
            let m = &mut self.team.slots[i].member;
            if let Some(t) = given.trust {
                m.trust = t;
            }
            if let Some(c) = given.competence {
                m.competence = c;
            }
            if let Some(s) = given.safety {
                m.safety = s;
                m.alarm = 0.0;
                m.home_alarm = 0.0;
                let mode = m.middle_mode(mp, u);
                if mode != m.mode {
                    m.mode = mode;
                    let tally = self.books.tally.get_mut(m.style);
                    match mode {
                        Mode::Protect => tally.ongoing += 1,
                        Mode::Grow => tally.ongoing -= 1,
                    }
                    self.team.slots[i].protect_since = now;
                }
            }
        }
    }

    fn close_books(&mut self, end: Day) {
        for i in 0..self.team.slots.len() {
            self.close_tenure(i, end);
        }
        self.books.learning = self.team.learning;
        self.books.counts.protect_episodes = self.books.tally.iter().map(|(_, t)| t.episodes).sum();
    }

    fn snapshot(&self) -> Vec<MemberSnapshot> {
        let mp = &self.params.member;
        self.team
            .slots
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

    // ----- the team clock ----------------------------------------------------------------

    #[inline(always)]
    fn member_clock(&mut self, now: Day) {
        let u = self.ctx.uniform();
        let team = &self.team;
        let Some(Candidate {
            position: i,
            process,
            within,
        }) = self.bounds.candidate(u, team.slots.len(), |i| {
            team.is_occupied(i).then(|| team.slots[i].member.style)
        })
        else {
            return;
        };
        let present = self.team.is_present(i);
        // Only setbacks, sick leave and resignation have rates that follow the member's
        // continuous state, so only their candidates need it brought up to date before
        // the test. The others are accepted or rejected on the mode in force since the
        // last settle, and a rejected candidate then costs no relaxation at all.
        let state_dependent = process == Process::Resignation
            || (present && matches!(process, Process::Setback | Process::SickLeave));
        if state_dependent {
            self.advance(i, now);
        }
        let params = self.params;
        let m = &self.team.slots[i].member;
        // The actual rate of the chosen process for this member now; 0 = cannot happen.
        let rate = match process {
            Process::LeaderContact if present => self.lead.availability(),
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
                // Leaving follows the slow drift and shocks alike (Lee & Mitchell 1994):
                // the alarm counts beside trust, safety and strain.
                let distress =
                    ((1.0 - m.trust) + (1.0 - m.safety) + m.strain + m.felt_alarm()) / 4.0;
                params.turnover.base_hazard + params.turnover.distress_hazard * distress * distress
            }
            Process::SupportRequest if present && m.seeks_leader() => {
                params.attachment.request_rate
            }
            Process::LifeEvent => params.member.life_event_rate,
            _ => return,
        };
        if within >= rate {
            return;
        }
        // A peer contact first needs a colleague at work; it brings both up to date.
        if !state_dependent && process != Process::PeerContact {
            self.advance(i, now);
            // Brought up to date, a member may have just settled out of seeking: the
            // mode switch comes first, so no request is made.
            if process == Process::SupportRequest && !self.team.slots[i].member.seeks_leader() {
                return;
            }
        }
        match process {
            Process::LeaderContact => self.leader_contact(now, i),
            Process::PeerContact => self.peer_contact(now, i),
            Process::Setback => self.setback(now, i),
            Process::SickLeave => self.sick_leave(now, i),
            Process::Resignation => self.resign(now, i),
            Process::SupportRequest => self.support_request(now, i),
            Process::LifeEvent => {
                self.books.counts.life_events += 1;
                let mp = &self.params.member;
                self.team.slots[i].member.startle(mp.life_event_alarm, mp);
                self.settle(i, now);
            }
        }
    }

    fn leader_now(&self, now: Day) -> LeaderNow {
        LeaderNow::of(&self.lead.at(now), self.lead.pressure)
    }

    fn leader_contact(&mut self, now: Day, i: usize) {
        let leader = self.leader_now(now);
        let draws = [self.ctx.uniform(), self.ctx.uniform(), self.ctx.uniform()];
        let slot = &mut self.team.slots[i];
        let contact = respond::leader_contact(&mut slot.member, &leader, draws, self.params);
        let counts = &mut self.books.counts;
        counts.leader_contacts += 1;
        if contact.support {
            slot.last_support = now;
            counts.supports += 1;
        }
        match contact.challenge {
            Challenge::None => {}
            Challenge::Grow => counts.challenges_grow += 1,
            Challenge::Protect { guided } => {
                counts.challenges_protect += 1;
                counts.guided_steps += u64::from(guided);
            }
            Challenge::Control => counts.controls += 1,
        }
        counts.empty_contacts += u64::from(contact.is_empty());
        self.team.learning += contact.learning(self.params);
        self.settle(i, now);
    }

    fn peer_contact(&mut self, now: Day, i: usize) {
        if self.team.slots.len() < 2 {
            return;
        }
        // A uniformly chosen other position; if that colleague is not at work, the
        // contact does not happen (fewer people around, fewer contacts).
        let j = self.team.other_than(i, self.ctx.uniform());
        if !self.team.is_present(j) {
            return;
        }
        self.advance(i, now);
        self.advance(j, now);
        let (a, b) = self.team.pair_mut(i, j);
        respond::peer_contact(a, b, self.params);
        self.books.counts.peer_contacts += 1;
        self.settle(i, now);
        self.settle(j, now);
    }

    fn setback(&mut self, now: Day, i: usize) {
        let p = self.params;
        let leader = self.leader_now(now);
        let (u_hide, u_response) = (self.ctx.uniform(), self.ctx.uniform());
        let slot = &mut self.team.slots[i];
        let style = slot.member.style;
        let in_protect = slot.member.mode == Mode::Protect;
        let response = respond::setback(&mut slot.member, &leader, p, u_hide, u_response);
        let counts = &mut self.books.counts;
        counts.setbacks += 1;
        self.books
            .tally
            .get_mut(style)
            .setbacks
            .record(in_protect, response == SetbackResponse::Hidden);
        match response {
            SetbackResponse::Hidden => {
                self.team.undercurrent += p.setback.hidden_undercurrent;
                counts.hidden_setbacks += 1;
            }
            SetbackResponse::Restorative => {
                self.team.learning += p.setback.restorative_learning;
                slot.last_support = now;
                counts.restorative += 1;
            }
            SetbackResponse::Blame => counts.blame += 1,
            SetbackResponse::Rescue => {
                slot.last_support = now;
                counts.rescue += 1;
            }
            SetbackResponse::Ignored => {
                self.team.undercurrent += p.setback.ignore_undercurrent;
                counts.ignored += 1;
            }
        }
        self.settle(i, now);
        if response == SetbackResponse::Blame {
            // Every present witness feels it too: the one O(team) step of a member event.
            for j in 0..self.team.slots.len() {
                if j != i && self.team.is_present(j) {
                    self.advance(j, now);
                    respond::witness_blame(&mut self.team.slots[j].member, p);
                    self.settle(j, now);
                }
            }
        }
    }

    fn sick_leave(&mut self, now: Day, i: usize) {
        let ap = &self.params.absence;
        let strain = self.team.slots[i].member.strain;
        let mean = ap.mean_duration * (1.0 + ap.duration_strain_factor * strain);
        let duration = self.ctx.rng.sample::<f64, _>(Exp1) * mean;
        let slot = &mut self.team.slots[i];
        slot.presence = Presence::Absent { since: now };
        slot.protesting = false;
        let generation = slot.generation;
        self.books.counts.absences += 1;
        self.ctx.queue.schedule(
            now + duration,
            Event::Return {
                slot: i as u32,
                generation,
            },
        );
    }

    fn sick_return(&mut self, now: Day, i: usize, generation: u32) {
        let slot = &self.team.slots[i];
        let Presence::Absent { since } = slot.presence else {
            return;
        };
        if slot.generation != generation {
            return;
        }
        self.advance(i, now);
        self.books.absence_days += now.since(since);
        let slot = &mut self.team.slots[i];
        slot.member.strain *= self.params.absence.return_strain;
        slot.presence = Presence::Present;
        self.settle(i, now);
    }

    fn resign(&mut self, now: Day, i: usize) {
        self.vacate(i, now, Presence::Vacant);
        self.books.counts.departures += 1;
        let gap = self.ctx.rng.sample::<f64, _>(Exp1) * self.params.turnover.vacancy_mean_days;
        let generation = self.team.slots[i].generation;
        self.ctx.queue.schedule(
            now + gap,
            Event::Hire {
                slot: i as u32,
                generation,
            },
        );
    }

    fn hire(&mut self, now: Day, i: usize, generation: u32) {
        let slot = &self.team.slots[i];
        if slot.presence != Presence::Vacant || slot.generation != generation {
            return;
        }
        let style = draw_style(&mut self.ctx, &self.scenario.team.mix);
        let mp = &self.params.member;
        let member = self.new_member(style, mp.initial_trust, mp.newcomer_competence);
        self.seat(i, member, now);
        self.books.counts.hires += 1;
    }

    /// A member as the scenario lists them, with what it leaves out at its default.
    fn listed_member(&mut self, given: &InitialMember, competence: f64) -> Member {
        let mp = &self.params.member;
        let mut member = self.new_member(
            given.style,
            given.trust.unwrap_or(mp.initial_trust),
            given.competence.unwrap_or(competence),
        );
        if let Some(s) = given.safety {
            member.safety = s;
            member.mode = member.middle_mode(mp, self.team.uncertainty.level());
        }
        member
    }

    /// A newcomer joining in a composition change.
    pub(super) fn join(&mut self, i: usize, given: &InitialMember, now: Day) {
        let member = self.listed_member(given, self.params.member.initial_competence);
        self.seat(i, member, now);
    }

    fn support_request(&mut self, now: Day, i: usize) {
        self.books.counts.requests += 1;
        let availability = self.lead.availability();
        let answered = 1.0 - exp(-self.params.attachment.leader_responsiveness * availability);
        if self.ctx.chance(answered) {
            self.books.counts.requests_answered += 1;
            self.leader_contact(now, i);
            return;
        }
        let slot = &mut self.team.slots[i];
        if !slot.protesting {
            slot.protesting = true;
            let generation = slot.generation;
            self.ctx.queue.schedule(
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
        if self.team.slots[i].generation != generation || !self.team.is_present(i) {
            return;
        }
        self.advance(i, now);
        let slot = &self.team.slots[i];
        if slot.last_support >= since || !slot.member.seeks_leader() {
            self.team.slots[i].protesting = false;
            return;
        }
        self.team.undercurrent += self.params.attachment.protest_undercurrent;
        self.books.counts.protest_days += 1;
        let j = self.team.other_than(i, self.ctx.uniform());
        if self.team.is_present(j) {
            self.advance(j, now);
            respond::protest_pull(&mut self.team.slots[j].member, self.params);
            self.settle(j, now);
        }
        self.ctx.queue.schedule(
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
        self.books.counts.meetings += 1;
        let p = self.params;
        let leader = self.leader_now(now);
        for i in 0..self.team.slots.len() {
            if !self.team.is_present(i) {
                continue;
            }
            self.advance(i, now);
            // After the advance: the loss moves where safety settles from now on.
            respond::grieve(&mut self.team.slots[i].member, &leader, p);
            let m = &self.team.slots[i].member;
            let style = m.style;
            let in_protect = m.mode == Mode::Protect;
            let spoke = self.ctx.chance(respond::voice_chance(m, p));
            self.books
                .tally
                .get_mut(style)
                .voice
                .record(in_protect, spoke);
            if !spoke {
                continue;
            }
            let (u_appreciate, u_dismiss) = (self.ctx.uniform(), self.ctx.uniform());
            let slot = &mut self.team.slots[i];
            let response = respond::voiced(&mut slot.member, &leader, p, u_appreciate, u_dismiss);
            let counts = &mut self.books.counts;
            counts.voices += 1;
            self.books.voices_since_observation += 1;
            self.team.undercurrent =
                (self.team.undercurrent - respond::release(&p.meeting, leader.daring)).max(0.0);
            self.team.learning += p.meeting.voice_learning;
            match response {
                VoiceResponse::Appreciated => {
                    slot.last_support = now;
                    counts.appreciations += 1;
                }
                VoiceResponse::Dismissed => counts.dismissals += 1,
                VoiceResponse::Heard => {}
            }
            self.settle(i, now);
        }
        if self.team.undercurrent > p.meeting.conflict_threshold {
            let outcome = ConflictOutcome::draw(&leader, self.ctx.uniform());
            match outcome {
                ConflictOutcome::Resolved => {
                    self.team.undercurrent = 0.0;
                    self.books.counts.conflicts_resolved += 1;
                }
                ConflictOutcome::Escalated => {
                    self.team.undercurrent *= p.meeting.escalation_residual;
                    self.team.uncertainty.raise(p.uncertainty.escalation);
                    self.books.counts.conflicts_escalated += 1;
                }
                ConflictOutcome::SmoothedOver | ConflictOutcome::Avoided => {
                    self.books.counts.conflicts_stuck += 1;
                }
            }
            for i in 0..self.team.slots.len() {
                if !self.team.is_present(i) {
                    continue;
                }
                let m = &mut self.team.slots[i].member;
                match outcome {
                    ConflictOutcome::Resolved => {
                        respond::conflict_resolved(m, p);
                        self.team.learning += p.meeting.resolved_learning;
                    }
                    ConflictOutcome::Escalated => respond::conflict_escalated(m, p),
                    ConflictOutcome::SmoothedOver | ConflictOutcome::Avoided => {
                        respond::conflict_stuck(m, p)
                    }
                }
                self.settle(i, now);
            }
        }
    }

    fn start_pressure(&mut self, now: Day, level: f64, duration: f64) {
        // Strain integrates pressure, and the presence deficit follows it, so everyone
        // is brought up to now first.
        self.advance_all(now);
        let id = self.lead.add_peak(level);
        let p = self.params;
        self.team.uncertainty.raise(p.uncertainty.pressure * level);
        for i in 0..self.team.slots.len() {
            if self.team.is_present(i) {
                self.team.slots[i]
                    .member
                    .alarm_by(p.pressure.alarm * level, &p.member);
                self.settle(i, now);
            }
        }
        self.books.counts.pressure_peaks += 1;
        self.ctx
            .queue
            .schedule(now + duration, Event::PressureEnd { id });
    }

    fn reorganisation(&mut self, now: Day, severity: f64) {
        self.books.counts.reorganisations += 1;
        self.advance_all(now);
        self.team
            .uncertainty
            .raise(self.params.reorganisation.uncertainty * severity);
        for i in 0..self.team.slots.len() {
            if !self.team.is_occupied(i) {
                continue;
            }
            respond::reorganisation(&mut self.team.slots[i].member, severity, self.params);
            self.settle(i, now);
        }
    }
}

fn draw_style(ctx: &mut Ctx, mix: &StyleTable<f64>) -> AttachmentStyle {
    let u = ctx.uniform();
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

fn draw_coping(ctx: &mut Ctx, seek_probability: f64) -> Coping {
    if ctx.uniform() < seek_probability {
        Coping::Seeking
    } else {
        Coping::Withdrawing
    }
}
