//! What makes a batch robust: checkpoints, interrupt and resume, shards and their merge.
//!
//! A batch's statistics are exactly order-independent, so a batch can be cut into
//! pieces (the part before an interruption and the rest; shards run on different
//! machines) and put back together into the very files one uninterrupted run writes.
//!
//! **While a batch runs**, its rows go straight to `OUT/.partial/runs.csv`, and every
//! [`checkpoint_interval`] (and when stopped) the statistics so far go to
//! `OUT/.partial/state.bin` together with the length, row count and SHA-256 of the
//! rows they cover. The rows are synced before the state that names them, and the
//! state replaces the previous one by an atomic rename, so at any instant the folder
//! holds a state and at least the rows it names: a crash, a SIGKILL or a second
//! Ctrl-C loses at most the runs since the last checkpoint, and `--resume` cuts the
//! rows back to the state's and goes on from there. **When it is done**, the results
//! are staged, committed, and only then is `.partial` removed.

use super::results::Kind;
use super::saved::{self, JobKey, RunsRecord, Saved, Shard, hash_stream, read_err, write_err};
use super::{AppError, Progress, SavedKind};
use crate::batch::{self, Aggregates, BatchSpec, RunRow, Variant};
use crate::crash;
use crate::output::{OutputError, OutputFolder, Staging, fmt_value};
use crate::problem::Said;
use crate::scenario::ScenarioSource;
use crate::sim::SUMMARY_FIELDS;
use sha2::{Digest, Sha256};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// Where an interrupted batch keeps its state, inside the output folder.
pub const PARTIAL: &str = ".partial";
/// The state file of an interrupted batch, inside [`PARTIAL`].
const STATE: &str = "state.bin";
/// The file of a finished shard.
const SHARD: &str = "shard.bin";

/// How a batch command may be cut and continued.
#[derive(Debug, Clone, Copy, Default)]
pub struct JobControl {
    /// Run only this slice and save it for `teamsim merge`.
    pub shard: Option<Shard>,
    /// Continue an interrupted batch in the output folder.
    pub resume: bool,
    /// Replace output already in the folder.
    pub force: bool,
    /// Set (by Ctrl-C or SIGTERM) to stop after the chunk of runs under way.
    pub stop: Option<&'static AtomicBool>,
}

/// Time between checkpoints: 30 s, or `TEAMSIM_CHECKPOINT_SECONDS` (0: after every
/// chunk of runs, as the crash tests use).
pub fn checkpoint_interval() -> Duration {
    std::env::var("TEAMSIM_CHECKPOINT_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(Duration::from_secs(30), Duration::from_secs)
}

/// The memory a command may plan to use: 4 GiB, or `TEAMSIM_MEMORY_MB` MiB.
pub fn memory_budget() -> u64 {
    std::env::var("TEAMSIM_MEMORY_MB")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(4 << 30, |mb| mb.saturating_mul(1 << 20))
}

/// Refuses a job whose estimated memory is above the budget, before it starts. `what`
/// names the job in both languages ("this batch").
pub fn check_memory(what: Said, estimate: u64) -> Result<(), AppError> {
    let budget = memory_budget();
    if estimate > budget {
        let (need, have) = (estimate >> 20, budget >> 20);
        return Err(AppError::Usage(Said::new(
            format!(
                "{} would need about {need} MiB of memory; the budget is {have} MiB. Ask for less (fewer threads, variants, grid points or observations), or raise the budget with the environment variable TEAMSIM_MEMORY_MB",
                what.en
            ),
            format!(
                "{} zou ongeveer {need} MiB geheugen nodig hebben; er is {have} MiB voor beschikbaar. Vraag minder (minder threads, varianten, rasterpunten of waarnemingen), of verhoog het budget met de omgevingsvariabele TEAMSIM_MEMORY_MB",
                what.nl
            ),
        )));
    }
    Ok(())
}

/// The header of `runs.csv`, as the line written.
fn runs_header_line() -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = ["variant", "replication", "seed", "caring", "daring"]
        .into_iter()
        .map(String::from)
        .chain(SUMMARY_FIELDS.iter().cloned());
    // Writing to memory cannot fail.
    let _ = w.write_record(header);
    w.into_inner().unwrap_or_default()
}

/// A writer that counts and hashes what passes through it, so that a checkpoint can
/// record exactly which bytes of `runs.csv` it covers.
struct Tally<W> {
    inner: W,
    bytes: u64,
    hasher: Sha256,
}

impl<W: Write> Write for Tally<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `runs.csv` of a piece being written, and the state that vouches for its rows.
struct Rows {
    path: PathBuf,
    csv: csv::Writer<Tally<std::fs::File>>,
    rows: u64,
}

impl Rows {
    /// Flushes and syncs the rows written so far and returns their record.
    fn sync(&mut self) -> Result<RunsRecord, AppError> {
        self.csv.flush().map_err(write_err(&self.path))?;
        let tally = self.csv.get_ref();
        tally.inner.sync_data().map_err(write_err(&self.path))?;
        crash::point("runs-synced");
        Ok(RunsRecord {
            bytes: tally.bytes,
            rows: self.rows,
            sha256: tally.hasher.clone().finalize().into(),
        })
    }
}

/// Runs (or continues, or runs a shard of) a batch in `folder`. When the whole batch
/// is done here, `results` writes its result files (besides `runs.csv`) into the
/// staging folder and returns the text for the user; everything is then committed at
/// once and `Some(text)` returned. A shard commits its `shard.bin` instead and
/// returns None.
#[allow(clippy::too_many_arguments)]
pub(super) fn execute(
    kind: Kind,
    source: &ScenarioSource,
    spec: &BatchSpec,
    folder: &OutputFolder,
    ctl: &JobControl,
    threads: usize,
    progress: &dyn Progress,
    results: impl FnOnce(&Staging, &Aggregates) -> Result<String, AppError>,
) -> Result<Option<String>, AppError> {
    spec.check()?;
    check_memory(
        Said::new("this batch", "deze batch"),
        batch::memory_estimate(spec, threads),
    )?;
    let out_dir = folder.dir();
    let key = JobKey::of(kind, spec, source, ctl.shard);
    let range = key.range();
    let partial = out_dir.join(PARTIAL);
    let state_path = partial.join(STATE);
    let runs_path = partial.join("runs.csv");

    // A resume where no checkpoint was saved yet (the command was killed before its
    // first one) has nothing to keep: it starts from the beginning, unless the folder
    // holds finished output.
    let resuming = ctl.resume && state_path.is_file();
    if ctl.resume && !resuming {
        if partial.exists() {
            std::fs::remove_dir_all(&partial).map_err(write_err(&partial))?;
        }
        if folder.check_fresh(false).is_err() {
            let d = out_dir.display();
            return Err(AppError::Usage(Said::new(
                format!(
                    "{d}: no interrupted batch to resume here (the folder holds finished output; use --force to replace it)"
                ),
                format!(
                    "{d}: hier is geen onderbroken batch om te hervatten (de map bevat afgeronde resultaten; geef --force om ze te vervangen)"
                ),
            )));
        }
    }
    let (earlier, start, record, hasher) = if resuming {
        let verified = saved::read(&state_path, SavedKind::BatchState, memory_budget())?;
        let saved = verified.saved;
        if saved.key != key {
            let d = out_dir.display();
            return Err(AppError::Usage(Said::new(
                format!(
                    "{d}: the interrupted batch there was started with another scenario, seed, number of runs, styles or shard; resume it with the same command"
                ),
                format!(
                    "{d}: de onderbroken batch daar is gestart met een ander scenario, een andere seed, een ander aantal runs, andere stijlen of een andere shard; hervat hem met hetzelfde commando"
                ),
            )));
        }
        // Rows written after the last checkpoint are not vouched for: cut them off.
        let hasher = saved::check_runs(&runs_path, &saved.runs, false)?;
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(&runs_path)
            .map_err(write_err(&runs_path))?;
        f.set_len(saved.runs.bytes).map_err(write_err(&runs_path))?;
        f.sync_all().map_err(write_err(&runs_path))?;
        (saved.aggregates, saved.next, saved.runs, hasher)
    } else {
        if state_path.is_file() && !ctl.force {
            let d = out_dir.display();
            return Err(AppError::Usage(Said::new(
                format!(
                    "{d} holds an interrupted batch: add --resume to continue it, or --force to start over"
                ),
                format!(
                    "in {d} staat een onderbroken batch: geef --resume om verder te gaan, of --force om opnieuw te beginnen"
                ),
            )));
        }
        // Without a state, a .partial is what a command killed before its first
        // checkpoint left: nothing in it is vouched for.
        if partial.exists() {
            std::fs::remove_dir_all(&partial).map_err(write_err(&partial))?;
        }
        folder.check_fresh(ctl.force)?;
        std::fs::create_dir_all(&partial).map_err(write_err(&partial))?;
        let header = runs_header_line();
        let mut f = std::fs::File::create(&runs_path).map_err(write_err(&runs_path))?;
        f.write_all(&header).map_err(write_err(&runs_path))?;
        f.sync_all().map_err(write_err(&runs_path))?;
        let mut hasher = Sha256::new();
        hasher.update(&header);
        let record = RunsRecord {
            bytes: header.len() as u64,
            rows: 0,
            sha256: hasher.clone().finalize().into(),
        };
        (Aggregates::new(spec), range.start, record, hasher)
    };

    let checkpoint = |next: u64, aggregates: Aggregates, runs: RunsRecord| {
        saved::write(
            &state_path,
            &Saved {
                key: key.clone(),
                scenario_file: source.path.display().to_string(),
                scenario_text: source.text.clone(),
                next,
                runs,
                aggregates,
            },
        )
    };
    if !resuming {
        checkpoint(start, earlier.clone(), record)?;
    }

    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(&runs_path)
        .map_err(write_err(&runs_path))?;
    let mut rows = Rows {
        path: runs_path.clone(),
        csv: csv::WriterBuilder::new().from_writer(Tally {
            inner: file,
            bytes: record.bytes,
            hasher,
        }),
        rows: record.rows,
    };
    let rows = std::cell::RefCell::new(&mut rows);
    let interval = checkpoint_interval();
    let mut last = (Instant::now(), start);
    let stopping = || {
        ctl.stop
            .is_some_and(|s| s.load(std::sync::atomic::Ordering::SeqCst))
    };

    progress.start(range.end - start, spec.variants.len());
    let on_row = |row: &RunRow| -> Result<(), AppError> {
        let v: &Variant = &spec.variants[row.variant];
        let cells = [
            v.name.clone(),
            row.replication.to_string(),
            row.seed.to_string(),
            fmt_value(Some(v.caring)),
            fmt_value(Some(v.daring)),
        ];
        let mut rows = rows.borrow_mut();
        rows.csv
            .write_record(
                cells
                    .into_iter()
                    .chain(row.summary.values.iter().map(|x| fmt_value(*x))),
            )
            .map_err(|cause| {
                AppError::Output(OutputError::Csv {
                    path: runs_path.clone(),
                    cause,
                })
            })?;
        rows.rows += 1;
        Ok(())
    };
    let on_chunk = |next: u64, snapshot: &dyn Fn() -> Aggregates| -> Result<(), AppError> {
        if next == range.end || stopping() || last.0.elapsed() >= interval {
            let record = rows.borrow_mut().sync()?;
            let mut so_far = snapshot();
            so_far.merge(&earlier);
            checkpoint(next, so_far, record)?;
            last = (Instant::now(), next);
        }
        Ok(())
    };
    let result = batch::run_replications(
        spec,
        threads,
        start..range.end,
        ctl.stop,
        on_row,
        on_chunk,
        &|| progress.tick(),
    );
    progress.finish();
    let (mut aggregates, next) = result?;
    aggregates.merge(&earlier);
    let record = rows.borrow_mut().sync()?;
    if last.1 != next {
        checkpoint(next, aggregates.clone(), record)?;
    }
    if next < range.end {
        return Err(AppError::Interrupted {
            done: next - range.start,
            total: range.end - range.start,
            dir: out_dir.to_path_buf(),
        });
    }

    // Done: stage everything, commit it at once, and only then drop the state.
    let kept = |cause: AppError| AppError::NotCommitted {
        cause: Box::new(cause),
        dir: out_dir.to_path_buf(),
    };
    let text = commit(
        ctl, folder, &runs_path, &key, source, record, aggregates, results,
    )
    .map_err(kept)?;
    std::fs::remove_dir_all(&partial).map_err(write_err(&partial))?;
    saved::sync_dir(&partial)?;
    Ok(text)
}

/// Stages the results of a finished piece (`runs.csv` and the result files, or
/// `shard.bin`) and commits them.
#[allow(clippy::too_many_arguments)]
fn commit(
    ctl: &JobControl,
    folder: &OutputFolder,
    runs_path: &Path,
    key: &JobKey,
    source: &ScenarioSource,
    record: RunsRecord,
    aggregates: Aggregates,
    results: impl FnOnce(&Staging, &Aggregates) -> Result<String, AppError>,
) -> Result<Option<String>, AppError> {
    let staging = Staging::new(folder)?;
    link_or_copy(runs_path, &staging.path("runs.csv"))?;
    crash::point("runs-staged");
    let text = match ctl.shard {
        Some(_) => {
            saved::write(
                &staging.path(SHARD),
                &Saved {
                    key: key.clone(),
                    scenario_file: source.path.display().to_string(),
                    scenario_text: source.text.clone(),
                    next: key.range().end,
                    runs: record,
                    aggregates,
                },
            )?;
            None
        }
        None => Some(results(&staging, &aggregates)?),
    };
    crash::point("results-staged");
    staging.commit()?;
    crash::point("committed");
    Ok(text)
}

/// Puts `from` at `to` as a hard link (no copy of a large table), or a copy where the
/// file system has no links (FAT on a USB stick).
fn link_or_copy(from: &Path, to: &Path) -> Result<(), AppError> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to).map_err(write_err(to))?;
    std::fs::File::open(to)
        .and_then(|f| f.sync_all())
        .map_err(write_err(to))
}

/// A shard read back and checked.
struct ShardPiece {
    dir: PathBuf,
    shard: Shard,
    key: JobKey,
    runs: RunsRecord,
}

/// `teamsim merge`: combines the shards of one batch into exactly the files a single
/// run of the whole batch writes (the manifest's date aside). Every shard is checked
/// (format, checksum, content, and its `runs.csv` against the rows it recorded)
/// before anything is written.
pub fn merge(
    dirs: &[PathBuf],
    out: &Path,
    force: bool,
    lang: crate::chart::Lang,
    xlsx: bool,
) -> Result<super::BatchReport, AppError> {
    if dirs.is_empty() {
        return Err(AppError::Usage(no_shard_folder()));
    }
    if dirs.len() as u64 > saved::MAX_SHARDS {
        let (n, most) = (dirs.len(), saved::MAX_SHARDS);
        return Err(AppError::Usage(Said::new(
            format!("{n} folders given; a batch has at most {most} shards"),
            format!("{n} mappen gegeven; een batch heeft hoogstens {most} shards"),
        )));
    }
    let budget = memory_budget();
    let mut pieces: Vec<ShardPiece> = Vec::new();
    let mut total: Option<(Aggregates, BatchSpec, ScenarioSource)> = None;
    for d in dirs {
        let path = d.join(SHARD);
        if !path.is_file() {
            let d = d.display();
            return Err(AppError::Usage(Said::new(
                format!("{d}: no shard here (run compare or sweep with --shard K/N first)"),
                format!(
                    "{d}: hier staat geen shard (draai eerst compare of sweep met --shard K/N)"
                ),
            )));
        }
        let verified = saved::read(&path, SavedKind::Shard, budget)?;
        let saved = verified.saved;
        let Some(shard) = saved.key.shard else {
            let d = d.display();
            return Err(AppError::Usage(Said::new(
                format!("{d}: not a shard"),
                format!("{d}: geen shard"),
            )));
        };
        if saved.next != saved.key.range().end {
            let d = d.display();
            return Err(AppError::Usage(Said::new(
                format!("{d}: shard {shard} did not finish"),
                format!("{d}: shard {shard} is niet afgemaakt"),
            )));
        }
        saved::check_runs(&d.join("runs.csv"), &saved.runs, true)?;
        if let Some(first) = pieces.first() {
            let mut a = first.key.clone();
            let mut b = saved.key.clone();
            a.shard = None;
            b.shard = None;
            if a != b || first.shard.count != shard.count {
                let (d, other) = (d.display(), first.dir.display());
                return Err(AppError::Usage(Said::new(
                    format!(
                        "{d}: this shard belongs to another batch than {other} (scenario, seed, runs, styles or number of shards differ)"
                    ),
                    format!(
                        "{d}: deze shard hoort bij een andere batch dan {other} (scenario, seed, runs, stijlen of aantal shards verschillen)"
                    ),
                )));
            }
        }
        if let Some(twin) = pieces.iter().find(|p| p.shard == shard) {
            let (a, b) = (twin.dir.display(), d.display());
            return Err(AppError::Usage(Said::new(
                format!("shard {shard} is given twice: {a} and {b}"),
                format!("shard {shard} is twee keer gegeven: {a} en {b}"),
            )));
        }
        match &mut total {
            Some((agg, _, _)) => agg.merge(&saved.aggregates),
            None => {
                check_memory(
                    Said::new("merging these shards", "het samenvoegen van deze shards"),
                    batch::memory_estimate(&verified.spec, 1),
                )?;
                total = Some((saved.aggregates, verified.spec, verified.source));
            }
        }
        pieces.push(ShardPiece {
            dir: d.clone(),
            shard,
            key: saved.key,
            runs: saved.runs,
        });
    }
    let Some((aggregates, spec, source)) = total else {
        return Err(AppError::Usage(no_shard_folder()));
    };
    pieces.sort_by_key(|p| p.shard.index);
    let count = pieces[0].shard.count;
    let missing: Vec<String> = (1..=count)
        .filter(|k| !pieces.iter().any(|p| p.shard.index == *k))
        .take(10)
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        let given = pieces.len();
        let more = if (count as usize - given) > missing.len() {
            ", ..."
        } else {
            ""
        };
        let lacking = if missing.len() == 1 {
            "ontbreekt"
        } else {
            "ontbreken"
        };
        let missing = missing.join(", ");
        return Err(AppError::Usage(Said::new(
            format!("{given} of {count} shards given; missing: {missing}{more}"),
            format!("{given} van de {count} shards gegeven; er {lacking}: {missing}{more}"),
        )));
    }

    let folder = OutputFolder::claim(out)?;
    folder.check_fresh(force)?;
    let staging = Staging::new(&folder)?;
    let merged = staging.path("runs.csv");
    let mut w =
        std::io::BufWriter::new(std::fs::File::create(&merged).map_err(write_err(&merged))?);
    let header = runs_header_line();
    w.write_all(&header).map_err(write_err(&merged))?;
    for p in &pieces {
        append_rows(&p.dir.join("runs.csv"), &p.runs, &header, &mut w, &merged)?;
    }
    let f = w
        .into_inner()
        .map_err(|e| write_err(&merged)(e.into_error()))?;
    f.sync_all().map_err(write_err(&merged))?;
    let kind = pieces[0].key.kind;
    let table =
        super::results::write_results(kind, &staging, &spec, &aggregates, &source, lang, xlsx)?;
    staging.commit()?;
    Ok(super::BatchReport {
        scenario: spec.scenario.clone(),
        variants: spec.variants.clone(),
        runs: spec.runs,
        threads: 0,
        out_dir: out.to_path_buf(),
        table,
    })
}

/// Appends the data rows of a shard's `runs.csv` to `w`, checking on the way that the
/// file is still exactly the one its shard recorded and has this build's header.
fn append_rows(
    path: &Path,
    record: &RunsRecord,
    header: &[u8],
    w: &mut impl Write,
    to: &Path,
) -> Result<(), AppError> {
    let damaged = |why: &str| AppError::Damaged {
        path: path.to_path_buf(),
        what: SavedKind::RunsTable,
        why: why.into(),
    };
    let file = std::fs::File::open(path).map_err(read_err(path))?;
    let mut reader = std::io::BufReader::new(file).take(record.bytes + 1);
    let mut first = Vec::new();
    reader
        .read_until(b'\n', &mut first)
        .map_err(read_err(path))?;
    if first != header {
        return Err(damaged("its header is not this build's"));
    }
    let mut hasher = Sha256::new();
    hasher.update(&first);
    let rest = hash_stream(path, reader, &mut hasher, |bytes| {
        w.write_all(bytes).map_err(write_err(to))
    })?;
    let total = first.len() as u64 + rest;
    if total != record.bytes || hasher.finalize().as_slice() != record.sha256 {
        return Err(damaged("it changed while it was being merged"));
    }
    Ok(())
}

/// `merge` was given no shard folder.
pub(super) fn no_shard_folder() -> Said {
    Said::new(
        "merge needs at least one shard folder",
        "merge heeft minstens één map met een shard nodig",
    )
}
