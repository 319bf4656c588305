//! Output files: CSV tables, the manifest, and atomic writing so that a failed
//! command never leaves a half-written file behind.

use crate::model::Mode;
use crate::scenario::{Intervention, Scenario, ScenarioEvent};
use crate::sim::{
    DAILY_METRICS, DailyRecord, MemberSnapshot, PositionState, SUMMARY_FIELDS, Summary,
};
use std::io;
use std::path::{Path, PathBuf};

mod folder;
pub use folder::{LOCK_FILE, OutputFolder, STAGING_PREFIX};

/// Why output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file or directory could not be created or written.
    #[error("cannot write {}: {cause}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        cause: io::Error,
    },
    /// The output directory already holds files and replacing them was not asked for.
    #[error("{} already holds output ({})", path.display(), holds(names, *more, crate::lang::Lang::En))]
    Exists {
        /// The directory.
        path: PathBuf,
        /// What it holds: the first few names.
        names: Vec<String>,
        /// How many more it holds.
        more: usize,
    },
    /// Another command is writing into the folder.
    #[error("{} is in use by another teamsim command (it holds {}/.teamsim.lock)", path.display(), path.display())]
    Busy {
        /// The directory.
        path: PathBuf,
    },
    /// A file teamsim reads back could not be read.
    #[error("cannot read {}: {cause}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        cause: io::Error,
    },
    /// CSV encoding failed.
    #[error("cannot write {}: {cause}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        cause: csv::Error,
    },
}

impl OutputError {
    /// The error in `lang` (its `Display` is the English).
    pub fn render(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::{Lang, io_cause};
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            OutputError::Io { path, cause } => {
                format!(
                    "kan {} niet schrijven: {}",
                    path.display(),
                    io_cause(cause, lang)
                )
            }
            OutputError::Exists { path, names, more } => format!(
                "in {} staan al resultaten ({})",
                path.display(),
                holds(names, *more, lang)
            ),
            OutputError::Busy { path } => format!(
                "{} is in gebruik door een ander teamsim-commando (het houdt {}/.teamsim.lock vast)",
                path.display(),
                path.display()
            ),
            OutputError::Read { path, cause } => {
                format!(
                    "kan {} niet lezen: {}",
                    path.display(),
                    io_cause(cause, lang)
                )
            }
            OutputError::Csv { path, cause } => {
                format!("kan {} niet schrijven: {cause}", path.display())
            }
        }
    }
}

/// "a, b, c and 2 more": what a folder holds, in `lang`.
fn holds(names: &[String], more: usize, lang: crate::lang::Lang) -> String {
    let list = names.join(", ");
    match more {
        0 => list,
        n => lang.pick(format!("{list} and {n} more"), format!("{list} en nog {n}")),
    }
}

pub(crate) fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |cause| OutputError::Io {
        path: path.to_path_buf(),
        cause,
    }
}

/// Creates `dir` and its parents.
pub fn create_dir(dir: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))
}

/// Formats a number for CSV: integers without a fraction, others with at most six
/// decimals (trailing zeros dropped); undefined values as an empty cell.
pub fn fmt_value(v: Option<f64>) -> String {
    match v {
        None => String::new(),
        Some(v) if !v.is_finite() => String::new(),
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", v as i64),
        Some(v) => {
            let s = format!("{v:.6}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" { "0".into() } else { s.into() }
        }
    }
}

/// Writes the daily time series of one run as CSV (`day` first, then [`DAILY_METRICS`]).
pub fn write_daily_csv(path: &Path, records: &[DailyRecord]) -> Result<(), OutputError> {
    let header = std::iter::once("day").chain(DAILY_METRICS.iter().map(String::as_str));
    let mut out = CsvFile::create(path, header)?;
    for r in records {
        out.row(
            std::iter::once(fmt_value(Some(r.day))).chain(r.metrics().into_iter().map(fmt_value)),
        )?;
    }
    out.finish()
}

/// Writes one run's summary as a one-row CSV, led by `leading` columns (name, value).
pub fn write_summary_csv(
    path: &Path,
    leading: &[(&str, String)],
    summary: &Summary,
) -> Result<(), OutputError> {
    let header = leading
        .iter()
        .map(|(k, _)| *k)
        .chain(SUMMARY_FIELDS.iter().map(String::as_str));
    let mut out = CsvFile::create(path, header)?;
    out.row(
        leading
            .iter()
            .map(|(_, v)| v.clone())
            .chain(summary.values.iter().map(|v| fmt_value(*v))),
    )?;
    out.finish()
}

/// Writes every member's state at every observation (long format: one row per
/// observation and position), for the team-pulse chart.
pub fn write_members_csv(
    path: &Path,
    members: &[(f64, Vec<MemberSnapshot>)],
) -> Result<(), OutputError> {
    let header = [
        "day",
        "position",
        "style",
        "state",
        "mode",
        "safety",
        "shown_safety",
        "alarm",
        "trust",
        "strain",
        "competence",
        "learning",
    ];
    let mut out = CsvFile::create(path, header)?;
    for (day, snapshot) in members {
        for s in snapshot {
            let m = &s.member;
            let state = match s.state {
                PositionState::Present => "present",
                PositionState::Absent => "absent",
                PositionState::Vacant => "vacant",
            };
            let vacant = s.state == PositionState::Vacant;
            let value = |v: f64| {
                if vacant {
                    String::new()
                } else {
                    fmt_value(Some(v))
                }
            };
            out.row([
                fmt_value(Some(*day)),
                s.position.to_string(),
                if vacant {
                    String::new()
                } else {
                    m.style.name().to_string()
                },
                state.to_string(),
                match (vacant, m.mode) {
                    (true, _) => String::new(),
                    (false, Mode::Protect) => "protect".into(),
                    (false, Mode::Grow) => "grow".into(),
                },
                value(m.safety),
                value(s.shown_safety),
                value(m.felt_alarm()),
                value(m.trust),
                value(m.strain),
                value(m.competence),
                value(m.learning),
            ])?;
        }
    }
    out.finish()
}

/// Writes the scenario's scheduled events and interventions (`day, end_day, kind`),
/// and for a single run the leader's spells of sick leave (`leader_away`, kind
/// `leader-sick`), so that charts can mark them on the time axis without the scenario
/// file.
pub fn write_timeline_csv(
    path: &Path,
    scenario: &Scenario,
    leader_away: &[(f64, f64)],
) -> Result<(), OutputError> {
    let mut rows: Vec<(f64, f64, &str)> = Vec::new();
    for e in &scenario.events {
        let end = match e {
            ScenarioEvent::Pressure { day, duration, .. } => day + duration,
            ScenarioEvent::Reorganisation { day, .. } => *day,
            ScenarioEvent::LeaderAbsence { day, duration } => day + duration,
        };
        rows.push((e.day(), end.min(scenario.horizon), e.label()));
    }
    for iv in &scenario.interventions {
        let end = match iv {
            Intervention::Coaching { day, duration, .. } => day + duration,
            other => other.day(),
        };
        rows.push((iv.day(), end.min(scenario.horizon), iv.label()));
    }
    for (start, end) in leader_away {
        rows.push((*start, *end, "leader-sick"));
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = CsvFile::create(path, ["day", "end_day", "kind"])?;
    for (day, end, kind) in rows {
        out.row([fmt_value(Some(day)), fmt_value(Some(end)), kind.to_string()])?;
    }
    out.finish()
}

/// Writes a text file.
pub fn write_text(path: &Path, text: &str) -> Result<(), OutputError> {
    std::fs::write(path, text).map_err(io_err(path))
}

/// Writes `bytes` to a temporary file beside `path`, syncs it, renames it over `path`
/// and syncs the folder: a crash at any point leaves either the old file or the new
/// one, whole. `crash_point` names the moment before the rename, for the crash tests.
/// The file is readable by others (a page to mail, a schema for an editor), as files
/// the shell makes are.
pub fn replace_file(path: &Path, bytes: &[u8], crash_point: &str) -> Result<(), OutputError> {
    use std::io::Write as _;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".teamsim-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io_err(&dir))?;
    tmp.write_all(bytes).map_err(io_err(tmp.path()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io_err(tmp.path()))?;
    }
    tmp.as_file().sync_all().map_err(io_err(path))?;
    crate::crash::point(crash_point);
    tmp.persist(path).map_err(|e| OutputError::Io {
        path: path.to_path_buf(),
        cause: e.error,
    })?;
    std::fs::File::open(&dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(&dir))?;
    Ok(())
}

/// A directory name derived from a scenario name: ASCII letters, digits, `-` and `_`
/// kept, everything else folded to `-`, so a name can never reach outside the
/// output directory (no separators, no `..`).
pub fn safe_dir_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let keep = c.is_ascii_alphanumeric() || c == '_' || c == '-';
        let c = if keep { c.to_ascii_lowercase() } else { '-' };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "scenario".into()
    } else {
        trimmed.chars().take(80).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_formatted_compactly_and_stably() {
        assert_eq!(fmt_value(Some(12.0)), "12");
        assert_eq!(fmt_value(Some(0.5)), "0.5");
        assert_eq!(fmt_value(Some(1.0 / 3.0)), "0.333333");
        assert_eq!(fmt_value(Some(-0.0000001)), "0");
        assert_eq!(fmt_value(None), "");
        assert_eq!(fmt_value(Some(f64::NAN)), "");
    }

    #[test]
    fn directory_names_cannot_escape() {
        assert_eq!(safe_dir_name("../../etc/passwd"), "etc-passwd");
        assert_eq!(
            safe_dir_name("Baseline: Secure Base!"),
            "baseline-secure-base"
        );
        assert_eq!(safe_dir_name("///"), "scenario");
        assert_eq!(safe_dir_name("Zoë's team"), "zo-s-team");
    }

    #[test]
    fn an_uncommitted_staging_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new");
        {
            let folder = OutputFolder::claim(&out).unwrap();
            let staging = Staging::new(&folder).unwrap();
            write_text(&staging.path("a.csv"), "half").unwrap();
            // dropped without commit, as when a later step fails
        }
        assert!(!out.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_committed_staging_moves_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let folder = OutputFolder::claim(dir.path()).unwrap();
        let staging = Staging::new(&folder).unwrap();
        write_text(&staging.path("a.csv"), "a").unwrap();
        write_text(&staging.path("b.csv"), "b").unwrap();
        staging.commit().unwrap();
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n != LOCK_FILE)
            .collect();
        names.sort();
        assert_eq!(names, ["a.csv", "b.csv"]);
    }
}

/// A set of output files that appear together or not at all.
///
/// Files are written into a private staging directory inside the output directory and
/// renamed into place by [`Staging::commit`]. If the command fails before that, the
/// staging directory is removed on drop, and the output directory, if this command
/// created it, with its [`OutputFolder`]: a failed command leaves nothing behind.
#[derive(Debug)]
pub struct Staging {
    out_dir: PathBuf,
    tmp: Option<tempfile::TempDir>,
}

impl Staging {
    /// Prepares to write into a folder this command holds.
    pub fn new(folder: &OutputFolder) -> Result<Self, OutputError> {
        let out_dir = folder.dir();
        let tmp = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(out_dir)
            .map_err(io_err(out_dir))?;
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            tmp: Some(tmp),
        })
    }

    /// Where to write the file `name` before commit.
    pub fn path(&self, name: &str) -> PathBuf {
        match &self.tmp {
            Some(t) => t.path().join(name),
            None => self.out_dir.join(name),
        }
    }

    /// The final output directory.
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Moves every staged file into the output directory.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let Some(tmp) = self.tmp.take() else {
            return Ok(());
        };
        let mut names: Vec<PathBuf> = std::fs::read_dir(tmp.path())
            .map_err(io_err(tmp.path()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        names.sort();
        // Check every target first, so that a predictable failure moves nothing. A
        // staged folder (charts/) replaces the folder of an earlier run.
        for from in &names {
            if let Some(name) = from.file_name() {
                let to = self.out_dir.join(name);
                if to.is_dir() && !from.is_dir() {
                    return Err(OutputError::Io {
                        path: to,
                        cause: io::Error::other("a directory stands where this file goes"),
                    });
                }
            }
        }
        for from in names.iter().filter(|f| f.is_dir()) {
            if let Some(name) = from.file_name() {
                let to = self.out_dir.join(name);
                if to.is_dir() {
                    std::fs::remove_dir_all(&to).map_err(io_err(&to))?;
                }
            }
        }
        let mut moved = Vec::new();
        for from in &names {
            if let Some(name) = from.file_name() {
                let to = self.out_dir.join(name);
                crate::crash::point("commit-moving");
                if let Err(e) = std::fs::rename(from, &to) {
                    // Take back what this commit moved: no mix of old and new files.
                    for path in moved {
                        let _ = std::fs::remove_file(path);
                    }
                    return Err(io_err(&to)(e));
                }
                moved.push(to);
            }
        }
        tmp.close().map_err(io_err(&self.out_dir))?;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // The folder itself, if this command created it, goes with its OutputFolder.
        if let Some(tmp) = self.tmp.take() {
            let _ = tmp.close();
        }
    }
}

/// Column names of a statistics row (after the leading key columns).
pub const STATS_COLUMNS: [&str; 10] = [
    "n", "mean", "sd", "ci_low", "ci_high", "q05", "q25", "q50", "q75", "q95",
];

/// Formats [`Stats`](crate::batch::stats::Stats) as the cells of [`STATS_COLUMNS`].
pub fn stats_cells(s: Option<crate::batch::stats::Stats>) -> Vec<String> {
    let Some(s) = s else {
        return vec![String::from("0"); 1]
            .into_iter()
            .chain(std::iter::repeat_n(String::new(), STATS_COLUMNS.len() - 1))
            .collect();
    };
    let mut cells = vec![
        s.n.to_string(),
        fmt_value(Some(s.mean)),
        fmt_value(Some(s.sd)),
        fmt_value(Some(s.ci_low)),
        fmt_value(Some(s.ci_high)),
    ];
    match s.quantiles {
        Some(q) => cells.extend(q.iter().map(|v| fmt_value(Some(*v)))),
        None => cells.extend(std::iter::repeat_n(String::new(), 5)),
    }
    cells
}

/// A CSV file being written row by row.
pub struct CsvFile {
    path: PathBuf,
    writer: csv::Writer<std::io::BufWriter<std::fs::File>>,
}

impl CsvFile {
    /// Creates `path` and writes the header.
    pub fn create<I, S>(path: &Path, header: I) -> Result<Self, OutputError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        let file = std::fs::File::create(path).map_err(io_err(path))?;
        let mut writer = csv::Writer::from_writer(std::io::BufWriter::new(file));
        writer
            .write_record(header)
            .map_err(|cause| OutputError::Csv {
                path: path.to_path_buf(),
                cause,
            })?;
        Ok(CsvFile {
            path: path.to_path_buf(),
            writer,
        })
    }

    /// Writes one row.
    pub fn row<I, S>(&mut self, row: I) -> Result<(), OutputError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        self.writer
            .write_record(row)
            .map_err(|cause| OutputError::Csv {
                path: self.path.clone(),
                cause,
            })
    }

    /// Flushes everything to disk.
    pub fn finish(mut self) -> Result<(), OutputError> {
        self.writer.flush().map_err(io_err(&self.path))?;
        let inner = self.writer.into_inner().map_err(|e| OutputError::Io {
            path: self.path.clone(),
            cause: io::Error::other(e.to_string()),
        })?;
        inner
            .into_inner()
            .map_err(|e| OutputError::Io {
                path: self.path.clone(),
                cause: io::Error::other(e.to_string()),
            })?
            .sync_all()
            .map_err(io_err(&self.path))
    }
}
