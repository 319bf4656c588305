//! Streaming statistics whose result does not depend on the order of the values.
//!
//! A batch folds thousands of runs on several threads. To make the output identical
//! for any thread count (and for shards merged later), every accumulator here is
//! *exactly* order-independent: values are quantised to a fixed grid of 2^-20 and
//! summed as integers, and quantiles come from a sparse histogram whose counts add.
//! Merging two accumulators gives the same bits as feeding one all the values.
//! Memory per accumulator is bounded by its histogram's bin count, never by the number
//! of values.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// Resolution of the integer sums: values are rounded to multiples of 2^-20 (~1e-6).
const SCALE: f64 = (1u64 << 20) as f64;
/// Largest magnitude summed (beyond it values are clamped): 2^40, far above any metric.
const LIMIT: f64 = (1u64 << 40) as f64;

/// The quantiles every statistic reports.
pub const QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// How a metric's values are binned for quantiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Binning {
    /// Values in 0..=1: 200 equal bins (quantiles to within 0.005, interpolated inside
    /// a bin). Coarser bins would blur the bands of a chart; finer ones cost memory in
    /// every (variant, day, metric) cell of a batch.
    Unit,
    /// Values >= 0 of any size: log-linear bins, 32 per doubling (within ~3%); whole
    /// numbers up to 64 get a bin of their own, so counts stay exact.
    Open,
}

const UNIT_BINS: u32 = 200;
const SUB_BUCKETS: i32 = 32;
const MIN_EXP: i32 = -10;
const MAX_EXP: i32 = 40;

impl Binning {
    /// The bin of `x` (at most 1 + 51 * 32 = 1633 bins, so a u16 holds it).
    fn bin(self, x: f64) -> u16 {
        match self {
            Binning::Unit => {
                ((x.clamp(0.0, 1.0) * f64::from(UNIT_BINS)) as u16).min(UNIT_BINS as u16 - 1)
            }
            Binning::Open => {
                if x < 2f64.powi(MIN_EXP) {
                    return 0;
                }
                // Read the octave and its 32nds straight off the bits (x is normal
                // here): the exponent is floor(log2 x) exactly, and the top five bits of
                // the mantissa are floor((x / 2^e - 1) * 32). A float log2 can round a
                // value just below a power of two up into the next octave.
                let bits = x.to_bits();
                let e = ((bits >> 52) & 0x7ff) as i32 - 1023;
                let (e, sub) = if e > MAX_EXP {
                    (MAX_EXP, SUB_BUCKETS - 1)
                } else {
                    (e, ((bits >> 47) & 0x1f) as i32)
                };
                (1 + (e - MIN_EXP) * SUB_BUCKETS + sub) as u16
            }
        }
    }

    /// Number of bins.
    fn bin_count(self) -> u16 {
        match self {
            Binning::Unit => UNIT_BINS as u16,
            Binning::Open => (1 + (MAX_EXP - MIN_EXP + 1) * SUB_BUCKETS) as u16,
        }
    }

    /// The value range `[lo, hi)` of a bin.
    fn bounds(self, bin: u16) -> (f64, f64) {
        match self {
            Binning::Unit => {
                let w = 1.0 / f64::from(UNIT_BINS);
                (f64::from(bin) * w, f64::from(bin) * w + w)
            }
            Binning::Open => {
                if bin == 0 {
                    return (0.0, 2f64.powi(MIN_EXP));
                }
                let k = i32::from(bin) - 1;
                let e = k / SUB_BUCKETS + MIN_EXP;
                let sub = k % SUB_BUCKETS;
                let base = 2f64.powi(e);
                let w = base / f64::from(SUB_BUCKETS);
                (base + f64::from(sub) * w, base + f64::from(sub + 1) * w)
            }
        }
    }
}

/// The statistics of one metric over many runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// Number of values (runs where the metric was defined).
    pub n: u64,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (0 for a single value).
    pub sd: f64,
    /// Lower end of the 95% confidence interval of the mean (Student's t).
    pub ci_low: f64,
    /// Upper end of the 95% confidence interval of the mean.
    pub ci_high: f64,
    /// Quantiles at [`QUANTILES`], if the accumulator keeps a histogram.
    pub quantiles: Option<[f64; 5]>,
}

/// Order-independent accumulator of one metric.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Accumulator {
    moments: Moments,
    hist: Option<(Binning, Vec<(u16, u32)>)>,
}

impl Accumulator {
    /// An empty accumulator; `binning` None keeps moments only (e.g. for differences,
    /// which can be negative).
    pub fn new(binning: Option<Binning>) -> Self {
        Accumulator {
            moments: Moments::EMPTY,
            hist: binning.map(|b| (b, Vec::new())),
        }
    }

    /// Adds the moments of a group of values (or of another accumulator).
    fn add_moments(&mut self, m: &Moments) {
        let mine = &mut self.moments;
        mine.n = mine.n.saturating_add(m.n);
        mine.sum = mine.sum.saturating_add(m.sum);
        mine.sum_sq = mine.sum_sq.saturating_add(m.sum_sq);
        mine.min = mine.min.min(m.min);
        mine.max = mine.max.max(m.max);
        mine.whole &= m.whole;
    }

    /// Adds one value; non-finite values are ignored.
    pub fn push(&mut self, x: f64) {
        let mut m = Moments::EMPTY;
        let Some(x) = m.count(x) else {
            return;
        };
        self.add_moments(&m);
        if let Some((binning, bins)) = &mut self.hist {
            let b = binning.bin(x);
            match bins.binary_search_by_key(&b, |(k, _)| *k) {
                Ok(i) => bins[i].1 = bins[i].1.saturating_add(1),
                Err(i) => bins.insert(i, (b, 1)),
            }
        }
    }

    /// Adds several values at once: the result equals pushing them one by one, in any
    /// order. Non-finite values are ignored. Cheaper than [`Accumulator::push`] when a
    /// batch folds many accumulators in turn: the histogram is walked once for all the
    /// values instead of searched once for each (a search that, over tens of thousands
    /// of daily cells, misses the cache at every step), and the moments are summed in
    /// registers before they are added.
    pub fn push_all(&mut self, xs: &[f64]) {
        let mut m = Moments::EMPTY;
        match &mut self.hist {
            None => xs.iter().for_each(|&x| {
                m.count(x);
            }),
            // Unit bins are few: tally them in a small array, then walk the part of it
            // that was touched, already in order.
            Some((Binning::Unit, counts)) => {
                let mut tally = [0u32; UNIT_BINS as usize];
                let (mut lo, mut hi) = (usize::MAX, 0);
                for &x in xs {
                    if let Some(x) = m.count(x) {
                        let b = usize::from(Binning::Unit.bin(x));
                        tally[b] += 1;
                        lo = lo.min(b);
                        hi = hi.max(b);
                    }
                }
                if lo <= hi {
                    let touched = tally[lo..=hi].iter().zip(lo..);
                    add_counts(
                        counts,
                        touched
                            .filter(|(c, _)| **c > 0)
                            .map(|(c, b)| (b as u16, *c)),
                    );
                }
            }
            // Open bins are many: sort the group's bins instead.
            Some((binning, counts)) => {
                const GROUP: usize = 64;
                for group in xs.chunks(GROUP) {
                    let mut bins = [0u16; GROUP];
                    let mut held = 0;
                    for &x in group {
                        if let Some(x) = m.count(x) {
                            bins[held] = binning.bin(x);
                            held += 1;
                        }
                    }
                    let new = &mut bins[..held];
                    new.sort_unstable();
                    add_counts(
                        counts,
                        new.chunk_by(|a, b| a == b)
                            .map(|run| (run[0], run.len() as u32)),
                    );
                }
            }
        }
        self.add_moments(&m);
    }

    /// Checks an accumulator read back from disk: the binning a batch gives this metric,
    /// at most `most` values, and every internal sum consistent with the others. What
    /// passes can be merged and summarised without overflow or panic.
    pub fn check(&self, binning: Option<Binning>, most: u64) -> Result<(), String> {
        let m = &self.moments;
        if self.hist.as_ref().map(|(b, _)| *b) != binning {
            return Err("binning differs from this build's".into());
        }
        if m.n > most {
            return Err(format!(
                "{} values where at most {most} runs were done",
                m.n
            ));
        }
        if m.n == 0 {
            let empty = m.sum == 0
                && m.sum_sq == 0
                && m.min == f64::INFINITY
                && m.max == f64::NEG_INFINITY
                && self.hist.as_ref().is_none_or(|(_, bins)| bins.is_empty());
            return if empty {
                Ok(())
            } else {
                Err("values recorded without a count".into())
            };
        }
        let bounded = |x: f64| x.is_finite() && x.abs() <= LIMIT;
        if !(bounded(m.min) && bounded(m.max) && m.min <= m.max) {
            return Err("minimum and maximum are not a range".into());
        }
        let n = m.n as f64;
        let q = LIMIT * SCALE;
        if (m.sum as f64).abs() > n * q || m.sum_sq < 0 || m.sum_sq as f64 > n * q * q {
            return Err("sums out of range".into());
        }
        if let Some((binning, bins)) = &self.hist {
            let mut total = 0u64;
            let mut last: Option<u16> = None;
            for &(b, c) in bins {
                if last.is_some_and(|l| b <= l) || b >= binning.bin_count() || c == 0 {
                    return Err("histogram bins out of order or range".into());
                }
                last = Some(b);
                total += u64::from(c);
            }
            if total != m.n {
                return Err("histogram counts do not add up to the count".into());
            }
        }
        Ok(())
    }

    /// Adds everything `other` has seen: the result equals feeding the values directly.
    pub fn merge(&mut self, other: &Accumulator) {
        self.add_moments(&other.moments);
        if let (Some((_, mine)), Some((_, theirs))) = (&mut self.hist, &other.hist) {
            let mut merged = Vec::with_capacity(mine.len() + theirs.len());
            let (mut i, mut j) = (0, 0);
            while i < mine.len() || j < theirs.len() {
                match (mine.get(i), theirs.get(j)) {
                    (Some(a), Some(b)) if a.0 == b.0 => {
                        merged.push((a.0, a.1.saturating_add(b.1)));
                        i += 1;
                        j += 1;
                    }
                    (Some(a), Some(b)) if a.0 < b.0 => {
                        merged.push(*a);
                        i += 1;
                    }
                    (Some(a), None) => {
                        merged.push(*a);
                        i += 1;
                    }
                    (_, Some(b)) => {
                        merged.push(*b);
                        j += 1;
                    }
                    (None, None) => break,
                }
            }
            *mine = merged;
        }
    }

    /// Number of values seen.
    pub fn count(&self) -> u64 {
        self.moments.n
    }

    /// The statistics, or None before the first value.
    pub fn stats(&self) -> Option<Stats> {
        let m = &self.moments;
        if m.n == 0 {
            return None;
        }
        let n = m.n as f64;
        let mean = m.sum as f64 / SCALE / n;
        // n * sum_sq - sum^2 is exact in integers while it fits; n(n-1) var = that / SCALE^2.
        let spread = (m.n as i128)
            .checked_mul(m.sum_sq)
            .and_then(|a| m.sum.checked_mul(m.sum).map(|b| a - b));
        let sd = if m.n < 2 {
            0.0
        } else {
            let var = match spread {
                Some(s) => s as f64 / (SCALE * SCALE) / (n * (n - 1.0)),
                None => {
                    let raw_mean = m.sum as f64 / n;
                    (m.sum_sq as f64 / n - raw_mean * raw_mean) * n / (n - 1.0) / (SCALE * SCALE)
                }
            };
            var.max(0.0).sqrt()
        };
        let half = if m.n < 2 {
            0.0
        } else {
            t_975(m.n - 1) * sd / n.sqrt()
        };
        let quantiles = self.hist.as_ref().map(|(binning, bins)| {
            QUANTILES.map(|p| quantile(*binning, bins, m.n, p, (m.min, m.max), m.whole))
        });
        Some(Stats {
            n: m.n,
            mean,
            sd,
            ci_low: mean - half,
            ci_high: mean + half,
            quantiles,
        })
    }
}

/// `x` (finite, within `LIMIT`) on the grid of 2^-20, rounded half away from zero as
/// `(x * SCALE).round()` is, and whether `x` is a whole number.
///
/// Written with a truncating conversion instead of `round` and `fract`, which on
/// x86-64 without SSE4.1 are library calls: a compare quantises every daily value of
/// every run, and this is most of what folding one costs.
fn quantise(x: f64) -> (i64, bool) {
    let r = x * SCALE; // exact: a power of two, and |r| <= 2^60
    let t = r as i64; // toward zero, exact at this size
    // The fractional part is exact: below 2^53 both r and t are representable, and
    // above it r is a whole number, so d is 0.
    let d = r - t as f64;
    let q = t + i64::from(d >= 0.5) - i64::from(d <= -0.5);
    (q, d == 0.0 && t & ((1 << 20) - 1) == 0)
}

/// Adds `new`, (bin, count) pairs in increasing order of bin, to the sparse histogram
/// `counts` (sorted by bin), in one pass.
fn add_counts(counts: &mut Vec<(u16, u32)>, new: impl Iterator<Item = (u16, u32)> + Clone) {
    let mut missing = 0;
    let mut i = 0;
    for (b, c) in new.clone() {
        while i < counts.len() && counts[i].0 < b {
            i += 1;
        }
        match counts.get_mut(i) {
            Some(slot) if slot.0 == b => slot.1 = slot.1.saturating_add(c),
            _ => missing += 1,
        }
    }
    if missing == 0 {
        return;
    }
    // Some bins are new: rebuild the vector with them in place (the existing ones were
    // counted above, so only the new bins are taken from `new` now).
    let mut merged = Vec::with_capacity(counts.len() + missing);
    let mut i = 0;
    for (b, c) in new {
        while i < counts.len() && counts[i].0 < b {
            merged.push(counts[i]);
            i += 1;
        }
        if counts.get(i).is_none_or(|slot| slot.0 != b) {
            merged.push((b, c));
        }
    }
    merged.extend_from_slice(&counts[i..]);
    *counts = merged;
}

/// Count, integer sums, range and wholeness of some values: an accumulator's, or a
/// group's, summed in registers and then added to an accumulator at once (integer sums,
/// so the grouping does not change the bits).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Moments {
    n: u64,
    sum: i128,
    sum_sq: i128,
    min: f64,
    max: f64,
    /// Whether every value so far was a whole number (then quantiles are too).
    whole: bool,
}

impl Moments {
    const EMPTY: Moments = Moments {
        n: 0,
        sum: 0,
        sum_sq: 0,
        min: f64::INFINITY,
        max: f64::NEG_INFINITY,
        whole: true,
    };

    /// Counts `x` and returns it as counted (clamped), or None for a value that is not
    /// finite (which is ignored).
    fn count(&mut self, x: f64) -> Option<f64> {
        if !x.is_finite() {
            return None;
        }
        let x = x.clamp(-LIMIT, LIMIT);
        let (q, whole) = quantise(x);
        let q = i128::from(q);
        self.n += 1;
        self.sum += q;
        self.sum_sq += q * q;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        self.whole &= whole;
        Some(x)
    }
}

/// The 97.5% point of Student's t with `df` degrees of freedom.
///
/// The inverse CDF is a numerical root search; a batch asks for the same `df` tens of
/// thousands of times (every cell has the same number of runs), so the last answer is
/// remembered per thread.
pub fn t_975(df: u64) -> f64 {
    thread_local! {
        static LAST: std::cell::Cell<(u64, f64)> = const { std::cell::Cell::new((0, f64::NAN)) };
    }
    LAST.with(|last| {
        let (cached_df, value) = last.get();
        if cached_df == df && !value.is_nan() {
            return value;
        }
        let value = match StudentsT::new(0.0, 1.0, df as f64) {
            Ok(t) => t.inverse_cdf(0.975),
            Err(_) => 1.959_963_984_540_054,
        };
        last.set((df, value));
        value
    })
}

/// The p-quantile from a histogram: the bin holding rank p(n-1) (0-based order
/// statistic), interpolated linearly inside the bin and kept within the observed min
/// and max. For whole-number data the bin's smallest whole number is returned instead,
/// so counts come out exact (bins hold at most one whole number below 64).
fn quantile(
    binning: Binning,
    bins: &[(u16, u32)],
    n: u64,
    p: f64,
    (min, max): (f64, f64),
    whole: bool,
) -> f64 {
    let rank = p * (n - 1) as f64;
    let mut below = 0u64;
    for &(b, c) in bins {
        let c = u64::from(c);
        if (below + c) as f64 > rank {
            let (lo, hi) = binning.bounds(b);
            let (lo, hi) = (lo.max(min), hi.min(max));
            // `f64::clamp` panics on an empty range; min <= max holds for everything
            // pushed or checked, so this is belt and braces.
            let within_range = |x: f64| x.max(min).min(max);
            if whole {
                return within_range(lo.ceil());
            }
            let within = (rank - below as f64 + 0.5) / c as f64;
            return within_range(lo + within.clamp(0.0, 1.0) * (hi - lo));
        }
        below += c;
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_match_the_textbook() {
        let mut a = Accumulator::new(None);
        for x in [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0] {
            a.push(x);
        }
        let s = a.stats().unwrap();
        assert_eq!(s.mean, 5.0);
        // sample variance 32/7
        assert!((s.sd - (32.0f64 / 7.0).sqrt()).abs() < 1e-9);
        // t(7, 0.975) = 2.364624
        let half = 2.364624 * s.sd / 8f64.sqrt();
        assert!((s.ci_high - s.mean - half).abs() < 1e-5);
    }

    #[test]
    fn merging_in_any_order_gives_identical_bits() {
        let values: Vec<f64> = (0..1000)
            .map(|i| ((i * 7919) % 1000) as f64 / 997.0)
            .collect();
        let mut whole = Accumulator::new(Some(Binning::Unit));
        values.iter().for_each(|v| whole.push(*v));
        let mut parts: Vec<Accumulator> = (0..7)
            .map(|_| Accumulator::new(Some(Binning::Unit)))
            .collect();
        for (i, v) in values.iter().rev().enumerate() {
            parts[i % 7].push(*v);
        }
        let mut merged = Accumulator::new(Some(Binning::Unit));
        for p in parts.iter().rev() {
            merged.merge(p);
        }
        assert_eq!(merged, whole);
        assert_eq!(merged.stats(), whole.stats());
    }

    #[test]
    fn pushing_all_at_once_equals_pushing_one_by_one() {
        for binning in [Some(Binning::Unit), Some(Binning::Open), None] {
            let mut one = Accumulator::new(binning);
            let mut all = Accumulator::new(binning);
            // Earlier values, so that some bins exist before the group comes.
            for x in [0.5, 0.25, 3.0] {
                one.push(x);
                all.push(x);
            }
            // Repeats, new bins before, between and after the existing ones, values
            // that are not finite, and more than one group.
            let xs: Vec<f64> = (0..150)
                .map(|i| match i % 11 {
                    0 => f64::NAN,
                    1 => 0.5,
                    2 => f64::INFINITY,
                    _ => ((i * 7919) % 1000) as f64 / 331.0,
                })
                .collect();
            xs.iter().for_each(|x| one.push(*x));
            all.push_all(&xs);
            assert_eq!(all, one, "{binning:?}");
        }
    }

    #[test]
    fn quantiles_are_close_to_exact_ones() {
        let mut unit = Accumulator::new(Some(Binning::Unit));
        let mut open = Accumulator::new(Some(Binning::Open));
        for i in 0..=1000 {
            unit.push(i as f64 / 1000.0);
            open.push(i as f64 * 3.0);
        }
        let qu = unit.stats().unwrap().quantiles.unwrap();
        let qo = open.stats().unwrap().quantiles.unwrap();
        for (k, p) in QUANTILES.iter().enumerate() {
            assert!((qu[k] - p).abs() <= 0.005, "unit q{p}: {}", qu[k]);
            let exact = p * 3000.0;
            assert!(
                (qo[k] - exact).abs() <= 0.035 * exact + 1e-9,
                "open q{p}: {} vs {exact}",
                qo[k]
            );
        }
    }

    #[test]
    fn small_whole_numbers_are_exact() {
        let mut a = Accumulator::new(Some(Binning::Open));
        for x in [0.0, 1.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0] {
            a.push(x);
        }
        let q = a.stats().unwrap().quantiles.unwrap();
        assert_eq!(q[2], 3.0, "{q:?}");
        // rank 0.95 * 8 = 7.6 falls on the 8th value (0-based 7): 13
        assert_eq!(q[4], 13.0, "{q:?}");
        assert_eq!(q[0], 0.0, "{q:?}");
    }

    #[test]
    fn quantising_equals_rounding_the_scaled_value() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            1e-7,
            -1e-7,
            2f64.powi(-21),
            -(2f64.powi(-21)),
            3.0 * 2f64.powi(-21),
            2f64.powi(-20),
            0.1,
            1.0 / 3.0,
            123456.789,
            LIMIT,
            -LIMIT,
            2f64.powi(33) + 0.25,
            2f64.powi(32) + 2f64.powi(-21),
            64.0,
            -65.0,
        ];
        let mut z: u64 = 1;
        for _ in 0..10_000 {
            // Values of every magnitude and sign, many exactly on half a grid step.
            z = z
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let k = (z >> 33) as i64 - (1 << 30);
            let e = ((z >> 8) % 60) as i32 - 30;
            values.push((k as f64 * 2f64.powi(e)).clamp(-LIMIT, LIMIT));
            values.push((k as f64 + 0.5) * 2f64.powi(-21));
        }
        for x in values {
            let (q, whole) = quantise(x);
            assert_eq!(q as i128, (x * SCALE).round() as i128, "{x}");
            assert_eq!(whole, x.fract() == 0.0, "{x}");
        }
    }

    #[test]
    fn an_open_bin_holds_its_value() {
        let mut x = 2f64.powi(MIN_EXP);
        while x <= LIMIT {
            for v in [x, x.next_down(), x.next_up(), x * 1.3, x * 1.97] {
                let v = v.min(LIMIT);
                let (lo, hi) = Binning::Open.bounds(Binning::Open.bin(v));
                assert!(lo <= v && (v < hi || v == LIMIT), "{v} in [{lo}, {hi})");
            }
            x *= 2.0;
        }
        assert_eq!(Binning::Open.bin(2f64.powi(MIN_EXP).next_down()), 0);
    }

    #[test]
    fn an_accumulator_is_saved_as_its_fields_in_order() {
        // Checkpoints hold accumulators as postcard bytes; nesting the moments in their
        // own struct must not change them (this was the layout before it).
        #[derive(serde::Serialize)]
        struct Flat {
            n: u64,
            sum: i128,
            sum_sq: i128,
            min: f64,
            max: f64,
            whole: bool,
            hist: Option<(Binning, Vec<(u16, u32)>)>,
        }
        let mut a = Accumulator::new(Some(Binning::Open));
        a.push_all(&[0.5, 3.0, 70.25]);
        let m = &a.moments;
        let flat = Flat {
            n: m.n,
            sum: m.sum,
            sum_sq: m.sum_sq,
            min: m.min,
            max: m.max,
            whole: m.whole,
            hist: a.hist.clone(),
        };
        assert_eq!(
            postcard::to_stdvec(&a).unwrap(),
            postcard::to_stdvec(&flat).unwrap()
        );
    }
}
