//! Batches: many seeded runs of a scenario under several leader variants, in parallel,
//! folded into order-independent statistics in bounded memory.
//!
//! **Seeds.** Replication `r` of a batch with root seed `s` runs with the seed
//! [`replication_seed`]`(s, r)`: the first 64-bit output of ChaCha8 seeded with
//! `seed_from_u64(s)` on stream `r`. Every variant uses the same seed for the same
//! replication (common random numbers), so styles are compared on the same team draws
//! and the same event luck, and differences are paired.
//!
//! **Determinism.** A work item is one replication (all variants). Workers fold their
//! results into their own accumulators, which are exactly order-independent
//! ([`stats`]), and per-run rows are handed back in replication order. Output is
//! therefore byte-identical for any number of threads.

pub mod stats;
pub mod verdict;

use crate::model::Quadrant;
use crate::problem::Said;
use crate::scenario::Scenario;
use crate::sim::Outcome;
use crate::sim::{
    self, DAILY_METRICS, DAILY_SCALES, DailyRecord, Observer, SUMMARY_FIELDS, SUMMARY_SCALES,
    Scale, Summary,
};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use stats::{Accumulator, Binning};
use std::sync::Mutex;

/// Most runs per variant a batch accepts.
pub const MAX_RUNS: u64 = crate::scenario::MAX_RUNS as u64;
/// Most rows of a design table a compare takes (its daily series bound it further:
/// see [`MAX_DAILY_CELLS`]).
pub const MAX_DESIGN_VARIANTS: usize = 1000;
/// Most (variant, observation) cells a batch aggregates daily series for.
pub const MAX_DAILY_CELLS: usize = 60_000;
/// Most replications handed to the workers at a time; per-run rows are kept for one chunk.
const CHUNK: u64 = 256;
/// Runs per chunk aimed at: bounds the rows held in memory when variants are many.
const CHUNK_ROWS: usize = 2048;

/// The outcomes compared pairwise between variants, in the order of the saved
/// differences: all of them.
pub const DIFF_OUTCOMES: [Outcome; 9] = Outcome::ALL;

/// The seed of replication `r` under root seed `root` (see the module docs).
pub fn replication_seed(root: u64, r: u64) -> u64 {
    let mut rng = ChaCha8Rng::seed_from_u64(root);
    rng.set_stream(r);
    rng.next_u64()
}

/// The name of the variant that runs the scenario as written (its own leader).
pub const AS_IS: &str = "as-is";
/// The name of the variant that runs the scenario's own leader without its interventions.
pub const AS_IS_WITHOUT_INTERVENTIONS: &str = "as-is-without-interventions";

/// One leader to compare: a name and a point on the caring/daring grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Name used in every output.
    pub name: String,
    /// Caring at day 0.
    pub caring: f64,
    /// Daring at day 0.
    pub daring: f64,
    /// Availability, or the scenario's.
    pub availability: Option<f64>,
    /// Whether the scenario's interventions (coaching, a new leader, team sessions,
    /// team changes) happen in this variant's runs.
    pub interventions: bool,
    /// Parameter values this variant sets (a row of a design table): paths as
    /// [`crate::model::Params::set`] takes them, each within its allowed range and
    /// valid together on the scenario's parameters (checked where they are read).
    pub settings: Vec<(String, f64)>,
}

impl Variant {
    /// The preset leader of a quadrant.
    pub fn of_quadrant(q: Quadrant) -> Self {
        let (caring, daring) = q.preset();
        Variant {
            name: q.name().to_string(),
            caring,
            daring,
            availability: None,
            interventions: true,
            settings: Vec::new(),
        }
    }

    /// The scenario as written: its own leader, its interventions.
    pub fn as_is(scenario: &Scenario) -> Self {
        Variant {
            name: AS_IS.to_string(),
            caring: scenario.leader.caring,
            daring: scenario.leader.daring,
            availability: Some(scenario.leader.availability),
            interventions: true,
            settings: Vec::new(),
        }
    }

    /// The scenario's own leader without the scenario's interventions.
    pub fn as_is_without_interventions(scenario: &Scenario) -> Self {
        Variant {
            name: AS_IS_WITHOUT_INTERVENTIONS.to_string(),
            interventions: false,
            ..Variant::as_is(scenario)
        }
    }

    /// Whether this variant runs exactly the same scenario as `other` on `base` (the
    /// same leader and the same interventions), whatever their names.
    pub fn same_runs_as(&self, other: &Variant, base: &Scenario) -> bool {
        let availability = |v: &Variant| v.availability.unwrap_or(base.leader.availability);
        self.caring == other.caring
            && self.daring == other.daring
            && self.settings == other.settings
            && availability(self) == availability(other)
            && (self.interventions == other.interventions || base.interventions.is_empty())
    }

    /// Checks the parameter values the variant sets: each path a value that can be set
    /// and in range, and all valid together on `base`'s parameters.
    pub fn check_settings(&self, base: &Scenario) -> Result<(), Said> {
        if self.settings.is_empty() {
            return Ok(());
        }
        let mut p = base.params.clone();
        for (path, value) in &self.settings {
            if !p.set(path, *value) {
                return Err(Said::new(
                    format!(
                        "{path} = {value} is not a parameter value that can be set (unknown, or out of its range)"
                    ),
                    format!(
                        "{path} = {value} is geen parameterwaarde die gezet kan worden (onbekend, of buiten het bereik)"
                    ),
                ));
            }
        }
        let mut problems = crate::problem::Problems::default();
        p.check(&mut problems);
        match problems.into_vec().into_iter().next() {
            Some(first) => {
                let (field, m) = (&first.field, &first.message);
                Err(Said::new(
                    format!("its parameters do not hold together: {field}: {}", m.en),
                    format!("de parameters passen niet bij elkaar: {field}: {}", m.nl),
                ))
            }
            None => Ok(()),
        }
    }

    /// The scenario with this variant's leader at day 0. The copy leaves out the
    /// scenario's `[compare]` list, which a run does not use (a copy per variant of a
    /// list of every variant would grow with the square of its length).
    pub fn apply(&self, scenario: &Scenario) -> Scenario {
        let mut s = scenario.with_leader_at(self.caring, self.daring);
        s.compare = crate::scenario::Compare::default();
        if let Some(a) = self.availability {
            s.leader.availability = a;
        }
        if !self.interventions {
            s.interventions.clear();
        }
        for (path, value) in &self.settings {
            // Checked when the design was read; a path that does not set leaves the
            // default, which `check_settings` refuses before a batch starts.
            s.params.set(path, *value);
        }
        s
    }
}

/// Why a batch could not run.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The request is out of bounds; nothing ran.
    #[error("{0}")]
    Invalid(crate::problem::Said),
    /// The thread pool could not be built.
    #[error("cannot start {threads} worker threads: {message}")]
    Threads {
        /// Threads asked for.
        threads: usize,
        /// The reason.
        message: String,
    },
}

impl BatchError {
    /// The error in `lang`; its `Display` is the English.
    pub fn render(&self, lang: crate::lang::Lang) -> String {
        match (self, lang) {
            (BatchError::Invalid(said), _) => said.get(lang).to_string(),
            (BatchError::Threads { threads, message }, crate::lang::Lang::Nl) => {
                format!("kan geen {threads} rekenthreads starten: {message}")
            }
            (e, _) => e.to_string(),
        }
    }
}

/// What to run.
#[derive(Debug, Clone)]
pub struct BatchSpec {
    /// The scenario every variant starts from.
    pub scenario: Scenario,
    /// The leaders to compare.
    pub variants: Vec<Variant>,
    /// Runs per variant.
    pub runs: u64,
    /// Root seed of the batch.
    pub root_seed: u64,
    /// Whether to aggregate the daily series (off for large sweeps).
    pub daily: bool,
    /// The variant others are compared with pairwise, if any.
    pub reference: Option<usize>,
}

impl BatchSpec {
    /// The four quadrant leaders on `scenario`, summaries only (no daily series, no
    /// reference): the setting of the model checks and the sensitivity analysis.
    pub fn four_styles(scenario: &Scenario, runs: u64) -> BatchSpec {
        BatchSpec {
            scenario: scenario.clone(),
            variants: Quadrant::ALL
                .iter()
                .map(|q| Variant::of_quadrant(*q))
                .collect(),
            runs,
            root_seed: scenario.seed,
            daily: false,
            reference: None,
        }
    }

    /// Number of observations per run (the rows of a run's daily series).
    pub fn observations(&self) -> usize {
        (self.scenario.horizon / self.scenario.observe_every + 1e-9).floor() as usize + 1
    }

    /// The observation times.
    pub fn days(&self) -> Vec<f64> {
        (0..self.observations())
            .map(|k| k as f64 * self.scenario.observe_every)
            .collect()
    }

    /// Checks that the batch is within the limits (variants, runs, daily cells).
    pub fn check(&self) -> Result<(), BatchError> {
        if self.variants.is_empty() {
            return Err(BatchError::Invalid(Said::new(
                "no leader variants to run",
                "geen leidersvarianten om te draaien",
            )));
        }
        if self.runs == 0 || self.runs > MAX_RUNS {
            let runs = self.runs;
            return Err(BatchError::Invalid(Said::new(
                format!("{runs} runs per variant is out of range: must be within 1..={MAX_RUNS}"),
                format!(
                    "{runs} runs per variant valt buiten het bereik: moet van 1 tot en met {MAX_RUNS} zijn"
                ),
            )));
        }
        for v in &self.variants {
            v.check_settings(&self.scenario).map_err(|why| {
                let name = &v.name;
                BatchError::Invalid(Said::new(
                    format!("variant `{name}`: {}", why.en),
                    format!("variant `{name}`: {}", why.nl),
                ))
            })?;
        }
        let cells = self.variants.len() * self.observations();
        if self.daily && cells > MAX_DAILY_CELLS {
            let (variants, observations) = (self.variants.len(), self.observations());
            return Err(BatchError::Invalid(Said::new(
                format!(
                    "{variants} variants x {observations} observations = {cells} daily cells to aggregate; at most {MAX_DAILY_CELLS} are allowed: raise observe_every in the scenario or compare fewer variants"
                ),
                format!(
                    "{variants} varianten x {observations} waarnemingen = {cells} dagcellen om samen te vatten; hoogstens {MAX_DAILY_CELLS} mogen: verhoog observe_every in het scenario of vergelijk minder varianten"
                ),
            )));
        }
        Ok(())
    }
}

/// An estimate, made before a batch starts, of the memory it will use at its peak:
/// one set of statistics per worker, the set they fold into, the copy a checkpoint
/// takes, the rows of one chunk and the daily values each worker holds before folding
/// them. A statistic costs its fixed part plus its
/// histogram: at most one bin per run, and in practice about 64 for a share and 96
/// for other metrics (values across runs are concentrated), in a vector up to half
/// empty. Within about 30% of the measured peak for compares and sweeps
/// (BENCHMARKS.md), with a 10% margin on top.
pub fn memory_estimate(spec: &BatchSpec, threads: usize) -> u64 {
    let runs = spec.runs;
    let acc = |scale: Option<Scale>| -> u64 {
        let bins = match scale {
            Some(Scale::Unit) => runs.min(64),
            Some(Scale::Open) => runs.min(96),
            None => 0,
        };
        // The histogram's vector grows by doubling: on average 1.5 slots per entry.
        std::mem::size_of::<Accumulator>() as u64 + 12 * bins
    };
    let v = spec.variants.len() as u64;
    let obs = if spec.daily {
        spec.observations() as u64
    } else {
        0
    };
    let daily: u64 = DAILY_SCALES.iter().map(|s| acc(Some(*s))).sum();
    let summary: u64 = SUMMARY_SCALES.iter().map(|s| acc(Some(*s))).sum();
    let diffs = DIFF_OUTCOMES.len() as u64 * acc(None);
    let set = v * (obs * daily + summary + diffs);
    let row = std::mem::size_of::<RunRow>() as u64
        + SUMMARY_FIELDS.len() as u64 * std::mem::size_of::<Option<f64>>() as u64;
    let chunk_rows = chunk_len(spec.variants.len(), threads) * v * row;
    // No daily series: no cells (obs is 0), nothing held.
    let cells = (v * obs) as usize * DAILY_METRICS.len();
    let pending = (threads * pending_capacity(cells) * cells * 8) as u64;
    ((threads as u64 + 2) * set + chunk_rows + pending + (16 << 20)) * 11 / 10
}

/// A rayon pool of `threads` workers.
pub fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, BatchError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| BatchError::Threads {
            threads,
            message: e.to_string(),
        })
}

/// One run's row for `runs.csv`.
#[derive(Debug, Clone)]
pub struct RunRow {
    /// Index into the variants.
    pub variant: usize,
    /// Replication number, from 0.
    pub replication: u64,
    /// The run's seed.
    pub seed: u64,
    /// The run's summary.
    pub summary: Summary,
}

/// The folded statistics of a batch.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Aggregates {
    variants: usize,
    observations: usize,
    /// `[variant][observation][metric]`, empty when daily series are not aggregated.
    daily: Vec<Accumulator>,
    /// `[variant][summary field]`.
    summary: Vec<Accumulator>,
    /// `[variant][DIFF_OUTCOMES]`: variant minus reference, per replication.
    diffs: Vec<Accumulator>,
}

/// How a batch bins a metric of `scale` for its quantiles.
fn binning(scale: Scale) -> Binning {
    match scale {
        Scale::Unit => Binning::Unit,
        Scale::Open => Binning::Open,
    }
}

impl Aggregates {
    /// An empty set for `spec`.
    pub fn new(spec: &BatchSpec) -> Self {
        let v = spec.variants.len();
        let obs = if spec.daily { spec.observations() } else { 0 };
        let mut daily = Vec::with_capacity(v * obs * DAILY_METRICS.len());
        for _ in 0..v * obs {
            daily.extend(
                DAILY_SCALES
                    .iter()
                    .map(|s| Accumulator::new(Some(binning(*s)))),
            );
        }
        let mut summary = Vec::with_capacity(v * SUMMARY_FIELDS.len());
        for _ in 0..v {
            summary.extend(
                SUMMARY_SCALES
                    .iter()
                    .map(|s| Accumulator::new(Some(binning(*s)))),
            );
        }
        Aggregates {
            variants: v,
            observations: obs,
            daily,
            summary,
            diffs: (0..v * DIFF_OUTCOMES.len())
                .map(|_| Accumulator::new(None))
                .collect(),
        }
    }

    /// Checks a set read back from disk against the batch it claims to belong to:
    /// its shape is the one [`Aggregates::new`] gives `spec`, every accumulator has
    /// the binning of its metric and holds at most `most` values (the replications
    /// the piece ran). A set that passes merges and summarises safely.
    pub fn check(&self, spec: &BatchSpec, most: u64) -> Result<(), String> {
        let v = spec.variants.len();
        let obs = if spec.daily { spec.observations() } else { 0 };
        if (self.variants, self.observations) != (v, obs)
            || self.daily.len() != v * obs * DAILY_METRICS.len()
            || self.summary.len() != v * SUMMARY_FIELDS.len()
            || self.diffs.len() != v * DIFF_OUTCOMES.len()
        {
            return Err(format!(
                "its statistics do not have the shape of this batch ({v} variants, {obs} observations, {} daily and {} summary metrics in this build)",
                DAILY_METRICS.len(),
                SUMMARY_FIELDS.len()
            ));
        }
        let daily = self
            .daily
            .iter()
            .zip(DAILY_SCALES.iter().cycle())
            .map(|(a, s)| (a, Some(binning(*s))));
        let summary = self
            .summary
            .iter()
            .zip(SUMMARY_SCALES.iter().cycle())
            .map(|(a, s)| (a, Some(binning(*s))));
        let diffs = self.diffs.iter().map(|a| (a, None));
        for (k, (acc, expected)) in daily.chain(summary).chain(diffs).enumerate() {
            acc.check(expected, most)
                .map_err(|e| format!("statistic {k} is damaged: {e}"))?;
        }
        Ok(())
    }

    /// Adds another set of the same batch (a shard, or the part before an interruption).
    /// The result equals folding all their runs into one set.
    pub fn merge(&mut self, other: &Aggregates) {
        for (a, b) in self.daily.iter_mut().zip(&other.daily) {
            a.merge(b);
        }
        for (a, b) in self.summary.iter_mut().zip(&other.summary) {
            a.merge(b);
        }
        for (a, b) in self.diffs.iter_mut().zip(&other.diffs) {
            a.merge(b);
        }
    }

    /// Number of observations aggregated per variant (0 without daily series).
    pub fn observations(&self) -> usize {
        self.observations
    }

    /// The daily accumulator of `metric` (index into [`DAILY_METRICS`]).
    pub fn daily(&self, variant: usize, observation: usize, metric: usize) -> &Accumulator {
        let m = DAILY_METRICS.len();
        &self.daily[(variant * self.observations + observation) * m + metric]
    }

    /// The summary accumulator of `field` (index into [`SUMMARY_FIELDS`]).
    pub fn summary(&self, variant: usize, field: usize) -> &Accumulator {
        &self.summary[variant * SUMMARY_FIELDS.len() + field]
    }

    /// The summary accumulator of a named field.
    pub fn summary_named(&self, variant: usize, name: &str) -> Option<&Accumulator> {
        let i = SUMMARY_FIELDS.iter().position(|f| f == name)?;
        Some(self.summary(variant, i))
    }

    /// The paired difference (variant minus reference) of `DIFF_OUTCOMES[key]`.
    pub fn diff(&self, variant: usize, key: usize) -> &Accumulator {
        &self.diffs[variant * DIFF_OUTCOMES.len() + key]
    }

    /// Number of variants.
    pub fn variants(&self) -> usize {
        self.variants
    }
}

/// Most replications whose daily values a worker holds before folding them (see
/// [`PendingDaily`]).
const PENDING: usize = 32;
/// Most bytes of daily values a worker holds: a compare of the four styles holds 32
/// replications in 8.4 MB; the largest batch (60,000 daily cells) holds one at a time.
const PENDING_BYTES: usize = 16 << 20;

/// How many replications a worker holds when each has `cells` daily values.
fn pending_capacity(cells: usize) -> usize {
    (PENDING_BYTES / (cells.max(1) * 8)).clamp(1, PENDING)
}

/// The daily values of a worker's last few replications, waiting to be folded into
/// its accumulators, `[replication][variant][observation][metric]` for up to
/// [`pending_capacity`] replications (at most [`PENDING_BYTES`]), NaN where a value
/// is undefined (which [`Accumulator::push_all`] skips, as `push` skips None).
///
/// Why not push each value as it comes: a compare has tens of thousands of daily
/// cells, each with its own histogram, far more than the caches hold, so pushing one
/// value at a time cost a cache miss per step of a binary search, about as much as
/// the simulation itself. Folded up to [`PENDING`] replications at a time, each
/// histogram is walked once per fold. The accumulators are order-independent, so the result is the
/// same bits.
struct PendingDaily {
    /// Daily cells per replication (variants x observations x metrics).
    cells: usize,
    /// Replications it holds at most ([`pending_capacity`]).
    capacity: usize,
    /// Replications held.
    held: usize,
    values: Vec<f64>,
}

impl PendingDaily {
    fn new(cells: usize) -> Self {
        let capacity = pending_capacity(cells);
        PendingDaily {
            cells,
            capacity,
            held: 0,
            values: vec![f64::NAN; cells * capacity],
        }
    }

    /// The cells of the next replication, cleared, and the slot taken.
    fn next_slot(&mut self) -> &mut [f64] {
        let slot = &mut self.values[self.held * self.cells..(self.held + 1) * self.cells];
        slot.fill(f64::NAN);
        self.held += 1;
        slot
    }

    fn is_full(&self) -> bool {
        self.held == self.capacity
    }

    /// Folds the replications held into `daily` and empties the buffer.
    fn fold_into(&mut self, daily: &mut [Accumulator]) {
        let mut column = [0f64; PENDING];
        for (c, acc) in daily.iter_mut().enumerate().take(self.cells) {
            for (k, x) in column.iter_mut().enumerate().take(self.held) {
                *x = self.values[k * self.cells + c];
            }
            acc.push_all(&column[..self.held]);
        }
        self.held = 0;
    }
}

/// Writes a run's observations into one variant's part of a [`PendingDaily`] slot.
struct DailyFold<'a> {
    cells: &'a mut [f64],
    next: usize,
}

impl Observer for DailyFold<'_> {
    fn record(&mut self, record: &DailyRecord) {
        let m = DAILY_METRICS.len();
        let Some(cells) = self.cells.get_mut(self.next * m..(self.next + 1) * m) else {
            return;
        };
        let mut k = 0;
        record.visit(|_, _, value| {
            if let (Some(cell), Some(v)) = (cells.get_mut(k), value) {
                *cell = v;
            }
            k += 1;
        });
        self.next += 1;
    }
}

/// What a worker folds into: its statistics and the daily values not yet folded.
struct Worker {
    agg: Aggregates,
    pending: Option<PendingDaily>,
}

impl Worker {
    fn new(spec: &BatchSpec) -> Self {
        let agg = Aggregates::new(spec);
        let pending = (!agg.daily.is_empty()).then(|| PendingDaily::new(agg.daily.len()));
        Worker { agg, pending }
    }

    /// Folds the daily values held, so that `agg` holds every run done.
    fn settle(&mut self) {
        if let Some(p) = &mut self.pending {
            p.fold_into(&mut self.agg.daily);
        }
    }
}

/// Runs the batch on `threads` workers. `on_row` receives every run's row in
/// (replication, variant) order; `progress` is called once per finished replication,
/// from the workers.
pub fn run_batch<E>(
    spec: &BatchSpec,
    threads: usize,
    on_row: impl FnMut(&RunRow) -> Result<(), E>,
    progress: &(dyn Fn() + Sync),
) -> Result<Aggregates, E>
where
    E: From<BatchError>,
{
    run_replications(
        spec,
        threads,
        0..spec.runs,
        None,
        on_row,
        |_, _| Ok(()),
        progress,
    )
    .map(|(agg, _)| agg)
}

/// Replications per chunk: about [`CHUNK_ROWS`] runs, at least one per worker, at most
/// [`CHUNK`]; the rows of one chunk are held in memory at a time.
fn chunk_len(variants: usize, threads: usize) -> u64 {
    let by_rows = (CHUNK_ROWS / variants.max(1)) as u64;
    by_rows.clamp(threads.max(1) as u64, CHUNK)
}

/// Runs the replications in `range` (a shard, or the rest of an interrupted batch).
/// After each chunk of replications, once its rows went to `on_row`, it calls
/// `on_chunk(next, snapshot)`, where `snapshot()` folds everything run so far (for a
/// checkpoint), and then checks `stop`; when set, it returns what the completed chunks
/// gave and the first replication not run, so the batch can be resumed there with
/// identical results.
pub fn run_replications<E>(
    spec: &BatchSpec,
    threads: usize,
    range: std::ops::Range<u64>,
    stop: Option<&std::sync::atomic::AtomicBool>,
    mut on_row: impl FnMut(&RunRow) -> Result<(), E>,
    mut on_chunk: impl FnMut(u64, &dyn Fn() -> Aggregates) -> Result<(), E>,
    progress: &(dyn Fn() + Sync),
) -> Result<(Aggregates, u64), E>
where
    E: From<BatchError>,
{
    spec.check()?;
    let pool = thread_pool(threads)?;
    let scenarios: Vec<Scenario> = spec
        .variants
        .iter()
        .map(|v| v.apply(&spec.scenario))
        .collect();
    // One accumulator set per worker; a worker only ever locks its own, so the locks
    // are uncontended. Workers are identified by rayon's thread index.
    let workers: Vec<Mutex<Option<Worker>>> = (0..threads).map(|_| Mutex::new(None)).collect();
    let per_variant_daily = if spec.daily {
        spec.observations() * DAILY_METRICS.len()
    } else {
        0
    };

    let replicate = |r: u64| -> Vec<RunRow> {
        let seed = replication_seed(spec.root_seed, r);
        let worker = rayon::current_thread_index().unwrap_or(0) % threads;
        let mut slot = workers[worker].lock().unwrap_or_else(|p| p.into_inner());
        let Worker { agg, pending } = slot.get_or_insert_with(|| Worker::new(spec));
        let mut daily = pending.as_mut().map(|p| p.next_slot());
        let mut rows = Vec::with_capacity(scenarios.len());
        for (v, scenario) in scenarios.iter().enumerate() {
            let summary = match &mut daily {
                Some(cells) => {
                    let start = v * per_variant_daily;
                    let mut fold = DailyFold {
                        cells: &mut cells[start..start + per_variant_daily],
                        next: 0,
                    };
                    sim::run(scenario, seed, &mut fold)
                }
                None => sim::run(scenario, seed, &mut ()),
            };
            for (k, value) in summary.values.iter().enumerate() {
                if let Some(x) = value {
                    agg.summary[v * SUMMARY_FIELDS.len() + k].push(*x);
                }
            }
            rows.push(RunRow {
                variant: v,
                replication: r,
                seed,
                summary,
            });
        }
        if let Some(reference) = spec.reference {
            for (k, o) in DIFF_OUTCOMES.into_iter().enumerate() {
                let Some(base) = rows[reference].summary.get(o.field()) else {
                    continue;
                };
                for (v, row) in rows.iter().enumerate() {
                    if let (true, Some(x)) = (v != reference, row.summary.get(o.field())) {
                        agg.diffs[v * DIFF_OUTCOMES.len() + k].push(x - base);
                    }
                }
            }
        }
        if let Some(p) = pending.as_mut().filter(|p| p.is_full()) {
            p.fold_into(&mut agg.daily);
        }
        drop(slot);
        progress();
        rows
    };

    let snapshot = || {
        let mut total = Aggregates::new(spec);
        for w in &workers {
            let slot = w.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(worker) = slot.as_ref() {
                total.merge(&worker.agg);
            }
        }
        total
    };
    let chunk_len = chunk_len(spec.variants.len(), threads);
    let mut start = range.start;
    while start < range.end {
        if stop.is_some_and(|s| s.load(std::sync::atomic::Ordering::SeqCst)) {
            break;
        }
        let end = (start + chunk_len).min(range.end);
        let chunk: Vec<Vec<RunRow>> =
            pool.install(|| (start..end).into_par_iter().map(replicate).collect());
        for row in chunk.iter().flatten() {
            on_row(row)?;
        }
        drop(chunk);
        // Fold what the workers still hold, each on a thread of the pool, so that the
        // snapshot (and a stop after this chunk) has every run of the chunk.
        pool.install(|| {
            workers.par_iter().for_each(|w| {
                if let Some(worker) = w.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
                    worker.settle();
                }
            })
        });
        start = end;
        on_chunk(start, &snapshot)?;
    }

    // Merge into the first worker's set rather than a fresh one: one copy fewer at
    // the peak. The result is the same in any order.
    let mut total: Option<Aggregates> = None;
    for w in workers {
        if let Some(mut worker) = w.into_inner().unwrap_or_else(|p| p.into_inner()) {
            worker.settle();
            match &mut total {
                Some(t) => t.merge(&worker.agg),
                None => total = Some(worker.agg),
            }
        }
    }
    Ok((total.unwrap_or_else(|| Aggregates::new(spec)), start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn spec(runs: u64) -> BatchSpec {
        let text =
            "name = \"t\"\nhorizon = 30\n[team]\nsize = 6\n[leader]\nquadrant = \"secure-base\"\n";
        let scenario = Scenario::parse(text, Path::new("t.toml")).unwrap();
        BatchSpec {
            scenario,
            variants: Quadrant::ALL
                .iter()
                .map(|q| Variant::of_quadrant(*q))
                .collect(),
            runs,
            root_seed: 9,
            daily: true,
            reference: Some(3),
        }
    }

    #[test]
    fn seeds_differ_per_replication_and_repeat_per_root() {
        assert_eq!(replication_seed(1, 0), replication_seed(1, 0));
        assert_ne!(replication_seed(1, 0), replication_seed(1, 1));
        assert_ne!(replication_seed(1, 0), replication_seed(2, 0));
    }

    #[test]
    fn thread_count_does_not_change_the_aggregates() {
        let s = spec(40);
        let mut rows1 = Vec::new();
        let a1 = run_batch::<BatchError>(
            &s,
            1,
            |r| {
                rows1.push((r.variant, r.replication, r.seed));
                Ok(())
            },
            &|| {},
        )
        .unwrap();
        let mut rows2 = Vec::new();
        let a2 = run_batch::<BatchError>(
            &s,
            2,
            |r| {
                rows2.push((r.variant, r.replication, r.seed));
                Ok(())
            },
            &|| {},
        )
        .unwrap();
        assert_eq!(rows1, rows2);
        assert_eq!(a1, a2);
        assert_eq!(a1.summary(0, 0).count(), 40);
        // The reference has no difference with itself; others have one per replication.
        assert_eq!(a1.diff(3, 0).count(), 0);
        assert_eq!(a1.diff(0, 0).count(), 40);
    }

    #[test]
    fn the_daily_buffer_stays_within_its_bytes() {
        // The four styles of a year: 32 replications; the largest batch: one.
        assert_eq!(pending_capacity(4 * 241 * 34), PENDING);
        assert_eq!(pending_capacity(MAX_DAILY_CELLS * DAILY_METRICS.len()), 1);
        for cells in [1, 1000, 100_000, 1_000_000] {
            let c = pending_capacity(cells);
            assert!((1..=PENDING).contains(&c));
            assert!(c == 1 || c * cells * 8 <= PENDING_BYTES, "{cells}");
        }
        // Folding one replication at a time gives what folding 32 at a time gives.
        let cells = 50;
        let fold = |capacity: usize| -> Vec<Accumulator> {
            let mut accs: Vec<Accumulator> = (0..cells)
                .map(|_| Accumulator::new(Some(Binning::Unit)))
                .collect();
            let mut p = PendingDaily::new(cells);
            p.capacity = capacity;
            for r in 0..70usize {
                let slot = p.next_slot();
                for (c, x) in slot.iter_mut().enumerate() {
                    // Some cells undefined (NaN stays), the rest spread over 0..1.
                    if (r + c) % 7 != 0 {
                        *x = ((r * 31 + c * 17) % 101) as f64 / 100.0;
                    }
                }
                if p.is_full() {
                    p.fold_into(&mut accs);
                }
            }
            p.fold_into(&mut accs);
            accs
        };
        assert_eq!(fold(1), fold(PENDING));
        assert_eq!(fold(1), fold(5));
    }

    #[test]
    fn runs_out_of_range_are_refused() {
        let s = spec(0);
        let err = run_batch::<BatchError>(&s, 1, |_| Ok(()), &|| {}).unwrap_err();
        assert!(err.to_string().contains("1..="), "{err}");
    }
}
