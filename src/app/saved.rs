//! The files a batch reads back: the state of an interrupted batch and a shard.
//!
//! Every byte on disk is untrusted. A saved piece is written as
//!
//! ```text
//! magic "teamsim-batch\0"  14 bytes
//! format version           u32, little-endian
//! build fingerprint        32 bytes: SHA-256 of the metric lists and model defaults
//! payload length           u64, little-endian
//! payload SHA-256          32 bytes
//! payload                  postcard encoding of `Saved`
//! ```
//!
//! and read back only if every part checks out: the magic, a version this build reads,
//! the same metrics and model defaults, a length that is exactly the rest of the file
//! and within the memory budget, the checksum, and then the content itself (a scenario
//! whose hash is the one recorded, a batch within the limits, statistics of the shape
//! that batch gives, counts no larger than the runs done). The piece's rows of
//! `runs.csv` are tied to it by their length, row count and SHA-256.

use super::results::Kind;
use super::{AppError, SavedKind};
use crate::batch::{Aggregates, BatchSpec, DIFF_OUTCOMES, MAX_RUNS, Variant};
use crate::scenario::{MAX_FILE_BYTES, ScenarioSource};
use crate::sim::{DAILY_METRICS, Outcome, SUMMARY_FIELDS};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::Path;

const MAGIC: &[u8; 14] = b"teamsim-batch\0";
/// The format this build writes and reads.
pub const FORMAT_VERSION: u32 = 3;
const HEADER: usize = 14 + 4 + 32 + 8 + 32;

/// One of N slices of a batch's replications (`--shard K/N`, K from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which slice, 1..=count.
    pub index: u64,
    /// How many slices.
    pub count: u64,
}

/// Most shards a batch may be cut into.
pub const MAX_SHARDS: u64 = 10_000;

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || {
            format!("`{s}` is not a shard: expected K/N with 1 <= K <= N <= {MAX_SHARDS}, e.g. 2/3")
        };
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        let shard = Shard { index, count };
        shard.valid().then_some(shard).ok_or_else(bad)
    }
}

impl Shard {
    /// The replications of this shard: contiguous, so shards in order are the batch in order.
    pub fn range(self, runs: u64) -> std::ops::Range<u64> {
        let at = |k: u64| (runs as u128 * k as u128 / self.count as u128) as u64;
        at(self.index - 1)..at(self.index)
    }

    fn valid(self) -> bool {
        self.index >= 1 && self.index <= self.count && self.count <= MAX_SHARDS
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// A variant as saved: name, caring, daring, availability, whether the interventions
/// apply, and the parameter values it sets.
pub type SavedVariant = (String, f64, f64, Option<f64>, bool, Vec<(String, f64)>);

/// Everything that must agree for two pieces to belong to the same batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobKey {
    /// compare or sweep.
    pub kind: Kind,
    /// SHA-256 of the scenario's bytes.
    pub scenario_sha256: String,
    /// Root seed.
    pub root_seed: u64,
    /// Runs per variant.
    pub runs: u64,
    /// Name, caring, daring, availability, whether the interventions apply, and the
    /// parameter values set (a design row), of every variant.
    pub variants: Vec<SavedVariant>,
    /// Whether daily series are aggregated.
    pub daily: bool,
    /// The reference variant of paired differences.
    pub reference: Option<usize>,
    /// The slice, if the piece is a shard.
    pub shard: Option<Shard>,
}

impl JobKey {
    /// The key of `spec` run from `source`.
    pub fn of(kind: Kind, spec: &BatchSpec, source: &ScenarioSource, shard: Option<Shard>) -> Self {
        JobKey {
            kind,
            scenario_sha256: source.sha256.clone(),
            root_seed: spec.root_seed,
            runs: spec.runs,
            variants: spec
                .variants
                .iter()
                .map(|v| {
                    (
                        v.name.clone(),
                        v.caring,
                        v.daring,
                        v.availability,
                        v.interventions,
                        v.settings.clone(),
                    )
                })
                .collect(),
            daily: spec.daily,
            reference: spec.reference,
            shard,
        }
    }

    /// The replications of the piece.
    pub fn range(&self) -> std::ops::Range<u64> {
        self.shard.map_or(0..self.runs, |s| s.range(self.runs))
    }
}

/// The rows of `runs.csv` a piece owns: the file's first `bytes` bytes (header
/// included), `rows` data rows, and their SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunsRecord {
    /// Length in bytes, header included.
    pub bytes: u64,
    /// Data rows.
    pub rows: u64,
    /// SHA-256 of those bytes.
    pub sha256: [u8; 32],
}

/// A saved piece of a batch.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Saved {
    /// Which batch.
    pub key: JobKey,
    /// The scenario file as given (for messages and the manifest).
    pub scenario_file: String,
    /// The scenario's text, as read when the batch started.
    pub scenario_text: String,
    /// First replication not yet run.
    pub next: u64,
    /// The piece's rows of `runs.csv`.
    pub runs: RunsRecord,
    /// The statistics of replications `key.range().start..next`.
    pub aggregates: Aggregates,
}

/// A saved piece that passed every check, with the batch it describes.
#[derive(Debug)]
pub struct Verified {
    /// The piece.
    pub saved: Saved,
    /// The scenario as read when the batch started.
    pub source: ScenarioSource,
    /// The batch, rebuilt from the key and the scenario.
    pub spec: BatchSpec,
}

/// SHA-256 of what this build's saved statistics mean: the metric lists, their order
/// and the model's defaults. Pieces from a build that differs in any of them do not
/// mix with this build's.
fn fingerprint() -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"teamsim batch statistics\n");
    for name in DAILY_METRICS.iter().chain(SUMMARY_FIELDS.iter()) {
        h.update(name.as_bytes());
        h.update(b"\n");
    }
    for name in DIFF_OUTCOMES.map(Outcome::field) {
        h.update(name.as_bytes());
        h.update(b"\n");
    }
    for p in crate::model::Params::describe() {
        h.update(format!("{}={}\n", p.path, p.default).as_bytes());
    }
    h.finalize().into()
}

/// Writes `saved` to `path` durably: a temporary file, synced, renamed over `path`,
/// and the folder synced, so that `path` holds the old piece or the new one, whole.
pub fn write(path: &Path, saved: &Saved) -> Result<(), AppError> {
    let payload = postcard::to_stdvec(saved)
        .map_err(|e| super::internal(format!("{}: cannot encode: {e}", path.display())))?;
    let mut bytes = Vec::with_capacity(HEADER + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.extend_from_slice(&fingerprint());
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&Sha256::digest(&payload));
    bytes.extend_from_slice(&payload);
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::File::create(&tmp).map_err(write_err(&tmp))?;
    f.write_all(&bytes).map_err(write_err(&tmp))?;
    f.sync_all().map_err(write_err(&tmp))?;
    drop(f);
    crate::crash::point("saved-written");
    std::fs::rename(&tmp, path).map_err(write_err(path))?;
    sync_dir(path)?;
    crate::crash::point("saved-renamed");
    Ok(())
}

/// Syncs the folder holding `path`, so that a rename in it survives a power cut.
pub fn sync_dir(path: &Path) -> Result<(), AppError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    #[cfg(unix)]
    {
        let d = std::fs::File::open(dir).map_err(write_err(dir))?;
        d.sync_all().map_err(write_err(dir))?;
    }
    Ok(())
}

/// An error writing `path`.
pub(super) fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> AppError + '_ {
    move |cause| {
        AppError::Output(crate::output::OutputError::Io {
            path: path.to_path_buf(),
            cause,
        })
    }
}

/// An error reading `path` (reported as a read, not a write).
pub(super) fn read_err(path: &Path) -> impl FnOnce(std::io::Error) -> AppError + '_ {
    move |cause| {
        AppError::Output(crate::output::OutputError::Read {
            path: path.to_path_buf(),
            cause,
        })
    }
}

/// Reads and checks a saved piece. `what` names it in messages ("batch state",
/// "shard"); `budget` bounds the bytes read.
pub fn read(path: &Path, what: SavedKind, budget: u64) -> Result<Verified, AppError> {
    let refuse = |why: String| AppError::Damaged {
        path: path.to_path_buf(),
        what,
        why,
    };
    let mut file = std::fs::File::open(path).map_err(read_err(path))?;
    let mut header = [0u8; HEADER];
    let mut got = 0;
    while got < HEADER {
        let n = file.read(&mut header[got..]).map_err(read_err(path))?;
        if n == 0 {
            break;
        }
        got += n;
    }
    if got < 14 || &header[..14] != MAGIC {
        return Err(refuse("not a teamsim batch file".into()));
    }
    if got < HEADER {
        return Err(refuse("the file ends inside its header (truncated)".into()));
    }
    let version = u32::from_le_bytes(header[14..18].try_into().unwrap_or_default());
    if version != FORMAT_VERSION {
        return Err(refuse(if version > FORMAT_VERSION {
            format!(
                "written by a newer teamsim (format {version}; this build reads format {FORMAT_VERSION}): use that version"
            )
        } else {
            format!(
                "written by an older teamsim (format {version}; this build reads format {FORMAT_VERSION}): rerun the piece"
            )
        }));
    }
    if header[18..50] != fingerprint() {
        return Err(refuse(
            "written by a teamsim build with other metrics or model defaults: its statistics would not line up with this build's; rerun the piece with this build".into(),
        ));
    }
    let len = u64::from_le_bytes(header[50..58].try_into().unwrap_or_default());
    if len > budget {
        return Err(refuse(format!(
            "it declares {len} bytes of statistics, more than the memory budget of {budget} bytes (TEAMSIM_MEMORY_MB raises it)"
        )));
    }
    let mut payload = Vec::new();
    file.take(len + 1)
        .read_to_end(&mut payload)
        .map_err(read_err(path))?;
    if payload.len() as u64 != len {
        return Err(refuse(if (payload.len() as u64) < len {
            format!("truncated: {} of {len} bytes of statistics", payload.len())
        } else {
            "bytes after its end: the file was appended to or is not what it claims".into()
        }));
    }
    if Sha256::digest(&payload).as_slice() != &header[58..90] {
        return Err(refuse(
            "its checksum does not match: the file is damaged".into(),
        ));
    }
    let saved: Saved = postcard::from_bytes(&payload)
        .map_err(|e| refuse(format!("its content does not decode ({e})")))?;
    drop(payload);
    verify(saved).map_err(refuse)
}

/// Checks the content of a decoded piece and rebuilds its batch.
fn verify(saved: Saved) -> Result<Verified, String> {
    let key = &saved.key;
    if saved.scenario_text.len() as u64 > MAX_FILE_BYTES || saved.scenario_file.len() > 4096 {
        return Err("its scenario is larger than a scenario may be".into());
    }
    let source =
        ScenarioSource::from_text(Path::new(&saved.scenario_file), saved.scenario_text.clone());
    if source.sha256 != key.scenario_sha256 {
        return Err("its scenario text does not have the hash recorded with it".into());
    }
    if key.runs == 0 || key.runs > MAX_RUNS {
        return Err(format!("{} runs, outside 1..={MAX_RUNS}", key.runs));
    }
    if key.shard.is_some_and(|s| !s.valid()) {
        return Err("its shard number is out of range".into());
    }
    if key.reference.is_some_and(|r| r >= key.variants.len()) {
        return Err("its reference variant is out of range".into());
    }
    let grid_ok = |x: f64| (0.0..=1.0).contains(&x);
    let avail_ok =
        |a: Option<f64>| a.is_none_or(|a| (0.0..=crate::scenario::MAX_AVAILABILITY).contains(&a));
    if key.variants.len() > MAX_VARIANTS
        || key.variants.iter().any(|(name, c, d, a, _, settings)| {
            name.len() > 200
                || !grid_ok(*c)
                || !grid_ok(*d)
                || !avail_ok(*a)
                || settings.len() > MAX_SETTINGS
                || settings.iter().any(|(path, _)| path.len() > 200)
        })
    {
        return Err("its leader variants are out of range".into());
    }
    let range = key.range();
    if saved.next < range.start || saved.next > range.end {
        return Err(format!(
            "it says replication {} is next, outside its range {}..{}",
            saved.next, range.start, range.end
        ));
    }
    let done = saved.next - range.start;
    if Some(saved.runs.rows) != done.checked_mul(key.variants.len() as u64) {
        return Err(format!(
            "it records {} rows of runs.csv for {done} replications of {} variants",
            saved.runs.rows,
            key.variants.len()
        ));
    }
    // The seed the batch ran with is the key's; the scenario stays as its file says.
    let scenario = source
        .parse()
        .map_err(|e| format!("its scenario does not validate: {e}"))?;
    let spec = BatchSpec {
        scenario,
        variants: key
            .variants
            .iter()
            .map(
                |(name, caring, daring, availability, interventions, settings)| Variant {
                    name: name.clone(),
                    caring: *caring,
                    daring: *daring,
                    availability: *availability,
                    interventions: *interventions,
                    settings: settings.clone(),
                },
            )
            .collect(),
        runs: key.runs,
        root_seed: key.root_seed,
        daily: key.daily,
        reference: key.reference,
    };
    spec.check()
        .map_err(|e| format!("its batch is out of bounds: {e}"))?;
    saved.aggregates.check(&spec, done)?;
    Ok(Verified {
        saved,
        source,
        spec,
    })
}

/// Reads `reader` (from `path`) to its end in blocks, feeding every block to `hasher`
/// and then to `each`; returns the bytes read. Memory stays one block whatever the size.
pub(super) fn hash_stream(
    path: &Path,
    mut reader: impl Read,
    hasher: &mut Sha256,
    mut each: impl FnMut(&[u8]) -> Result<(), AppError>,
) -> Result<u64, AppError> {
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf).map_err(read_err(path))?;
        if n == 0 {
            return Ok(total);
        }
        hasher.update(&buf[..n]);
        each(&buf[..n])?;
        total += n as u64;
    }
}

/// Most parameter values a saved variant may set (every settable value once).
const MAX_SETTINGS: usize = 1000;

/// Most variants a saved batch may have (a sweep of the largest grid).
pub const MAX_VARIANTS: usize = 101 * 101;

/// Hashes the first `record.bytes` bytes of the `runs.csv` at `path` and checks them
/// against `record`. With `exact`, the file must end there; without (an interrupted
/// batch, which may have written rows after its last checkpoint), longer is allowed.
/// Returns the hasher over those bytes, to go on with.
pub fn check_runs(path: &Path, record: &RunsRecord, exact: bool) -> Result<Sha256, AppError> {
    let refuse = |why: String| AppError::Damaged {
        path: path.to_path_buf(),
        what: SavedKind::RunsTable,
        why,
    };
    let file = std::fs::File::open(path).map_err(read_err(path))?;
    let meta = file.metadata().map_err(read_err(path))?;
    if !meta.is_file() {
        return Err(read_err(path)(std::io::Error::other(
            "this is not a regular file",
        )));
    }
    let len = meta.len();
    if len < record.bytes {
        return Err(refuse(format!(
            "it holds {len} bytes where {} were recorded: it was truncated or emptied",
            record.bytes
        )));
    }
    if exact && len != record.bytes {
        return Err(refuse(format!(
            "it holds {len} bytes where {} were recorded: rows were added to it",
            record.bytes
        )));
    }
    let mut hasher = Sha256::new();
    let reader = std::io::BufReader::new(file).take(record.bytes);
    hash_stream(path, reader, &mut hasher, |_| Ok(()))?;
    if hasher.clone().finalize().as_slice() != record.sha256 {
        return Err(refuse(
            "its rows differ from the ones recorded with the batch (edited, cut, duplicated or from another batch)".into(),
        ));
    }
    Ok(hasher)
}
