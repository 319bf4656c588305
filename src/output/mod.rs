//! Output files: CSV tables, the manifest, and atomic writing so that a failed
//! command never leaves a half-written file behind.

use crate::sim::{DAILY_METRICS, DailyRecord, SUMMARY_FIELDS, Summary};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file or directory could not be created or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// CSV encoding failed.
    #[error("{}: {source}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: csv::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `path` atomically: the content goes to a temporary file in the same
/// directory, which is renamed over `path` only when `write` succeeded. On failure
/// the temporary file is removed and `path` is untouched.
pub fn write_atomic<F>(path: &Path, write: F) -> Result<(), OutputError>
where
    F: FnOnce(&mut dyn Write) -> Result<(), OutputError>,
{
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".teamsim-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io_err(dir))?;
    {
        let mut buf = io::BufWriter::new(tmp.as_file_mut());
        write(&mut buf)?;
        buf.flush().map_err(io_err(path))?;
    }
    tmp.as_file().sync_all().map_err(io_err(path))?;
    tmp.persist(path).map_err(|e| OutputError::Io {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
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
    write_atomic(path, |w| {
        let csv_err = |source| OutputError::Csv {
            path: path.to_path_buf(),
            source,
        };
        let mut out = csv::Writer::from_writer(w);
        let header = std::iter::once("day").chain(DAILY_METRICS.iter().map(String::as_str));
        out.write_record(header).map_err(csv_err)?;
        for r in records {
            let row = std::iter::once(fmt_value(Some(r.day)))
                .chain(r.metrics().into_iter().map(fmt_value));
            out.write_record(row).map_err(csv_err)?;
        }
        out.flush().map_err(io_err(path))
    })
}

/// Writes one run's summary as a one-row CSV, led by `leading` columns (name, value).
pub fn write_summary_csv(
    path: &Path,
    leading: &[(&str, String)],
    summary: &Summary,
) -> Result<(), OutputError> {
    write_atomic(path, |w| {
        let csv_err = |source| OutputError::Csv {
            path: path.to_path_buf(),
            source,
        };
        let mut out = csv::Writer::from_writer(w);
        let header = leading
            .iter()
            .map(|(k, _)| *k)
            .chain(SUMMARY_FIELDS.iter().map(String::as_str));
        out.write_record(header).map_err(csv_err)?;
        let row = leading
            .iter()
            .map(|(_, v)| v.clone())
            .chain(summary.values.iter().map(|v| fmt_value(*v)));
        out.write_record(row).map_err(csv_err)?;
        out.flush().map_err(io_err(path))
    })
}

/// Writes a text file atomically.
pub fn write_text(path: &Path, text: &str) -> Result<(), OutputError> {
    write_atomic(path, |w| w.write_all(text.as_bytes()).map_err(io_err(path)))
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
    fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let result = write_atomic(&path, |w| {
            w.write_all(b"half a line").map_err(io_err(&path))?;
            Err(OutputError::Io {
                path: path.clone(),
                source: io::Error::other("simulated failure"),
            })
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
