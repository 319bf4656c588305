//! Reading the CSV files that teamsim writes, for charts: no rerun needed.

use super::ChartError;
use crate::lang::{Lang, io_cause};
use crate::problem::Said;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Largest CSV file charts read (512 MiB): the files of any batch within the memory
/// budget are far smaller; a larger one is refused rather than read into memory.
pub const MAX_TABLE_BYTES: u64 = 512 << 20;

/// A CSV file read into memory with its header.
pub struct Table {
    path: PathBuf,
    columns: HashMap<String, usize>,
    rows: Vec<csv::StringRecord>,
}

impl Table {
    /// Reads `path`.
    pub fn read(path: &Path) -> Result<Table, ChartError> {
        let err = |message: Said| ChartError::Input {
            path: path.to_path_buf(),
            message,
        };
        // What the csv crate finds wrong is said as it says it, in both languages.
        let found = |e: csv::Error| Said::new(e.to_string(), e.to_string());
        let file = std::fs::File::open(path)
            .map_err(|e| err(Said::new(io_cause(&e, Lang::En), io_cause(&e, Lang::Nl))))?;
        let mut reader = csv::Reader::from_reader(std::io::Read::take(file, MAX_TABLE_BYTES + 1));
        let columns = reader
            .headers()
            .map_err(|e| err(found(e)))?
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_string(), i))
            .collect();
        let rows = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| err(found(e)))?;
        if reader.position().byte() > MAX_TABLE_BYTES {
            let mib = MAX_TABLE_BYTES >> 20;
            return Err(err(Said::new(
                format!("larger than the {mib} MiB that charts read"),
                format!("groter dan de {mib} MiB die grafieken lezen"),
            )));
        }
        Ok(Table {
            path: path.to_path_buf(),
            columns,
            rows,
        })
    }

    pub(crate) fn error(&self, message: Said) -> ChartError {
        ChartError::Input {
            path: self.path.clone(),
            message,
        }
    }

    /// The index of a column, or an error naming it.
    pub fn column(&self, name: &str) -> Result<usize, ChartError> {
        self.columns.get(name).copied().ok_or_else(|| {
            self.error(Said::new(
                format!("has no column `{name}`"),
                format!("heeft geen kolom `{name}`"),
            ))
        })
    }

    /// Whether the table has a column.
    pub fn has(&self, name: &str) -> bool {
        self.columns.contains_key(name)
    }

    /// The rows.
    pub fn rows(&self) -> &[csv::StringRecord] {
        &self.rows
    }

    /// Text of a cell.
    pub fn text<'a>(&self, row: &'a csv::StringRecord, col: usize) -> &'a str {
        row.get(col).unwrap_or("")
    }

    /// A number from a cell: None for an empty cell, an error for anything else.
    pub fn number(&self, row: &csv::StringRecord, col: usize) -> Result<Option<f64>, ChartError> {
        let cell = row.get(col).unwrap_or("").trim();
        if cell.is_empty() {
            return Ok(None);
        }
        cell.parse::<f64>().map(Some).map_err(|_| {
            let line = row.position().map_or(0, |p| p.line());
            self.error(Said::new(
                format!("line {line}: `{cell}` is not a number"),
                format!("regel {line}: `{cell}` is geen getal"),
            ))
        })
    }
}

/// One day of a metric's statistics across runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatPoint {
    /// Day.
    pub day: f64,
    /// Mean.
    pub mean: f64,
    /// 95% CI of the mean.
    pub ci: (f64, f64),
    /// 5% and 95% quantiles across runs.
    pub spread: (f64, f64),
}

/// `daily_stats.csv`: per variant and metric, the statistics per day.
#[derive(Debug, Clone, Default)]
pub struct DailyStats {
    /// Variants in file order.
    pub variants: Vec<String>,
    series: HashMap<(String, String), Vec<StatPoint>>,
}

impl DailyStats {
    /// Reads `daily_stats.csv`.
    pub fn read(path: &Path) -> Result<DailyStats, ChartError> {
        let t = Table::read(path)?;
        let [v, d, m, mean, lo, hi, q05, q95] = [
            "variant", "day", "metric", "mean", "ci_low", "ci_high", "q05", "q95",
        ]
        .map(|c| t.column(c));
        let (v, d, m, mean, lo, hi, q05, q95) = (v?, d?, m?, mean?, lo?, hi?, q05?, q95?);
        let mut out = DailyStats::default();
        for row in t.rows() {
            let variant = t.text(row, v);
            if !out.variants.iter().any(|x| x == variant) {
                out.variants.push(variant.to_string());
            }
            let (Some(day), Some(mu)) = (t.number(row, d)?, t.number(row, mean)?) else {
                continue;
            };
            let ci = (
                t.number(row, lo)?.unwrap_or(mu),
                t.number(row, hi)?.unwrap_or(mu),
            );
            let spread = (
                t.number(row, q05)?.unwrap_or(ci.0),
                t.number(row, q95)?.unwrap_or(ci.1),
            );
            out.series
                .entry((variant.to_string(), t.text(row, m).to_string()))
                .or_default()
                .push(StatPoint {
                    day,
                    mean: mu,
                    ci,
                    spread,
                });
        }
        Ok(out)
    }

    /// The series of a variant and metric (empty if absent).
    pub fn series(&self, variant: &str, metric: &str) -> &[StatPoint] {
        self.series
            .get(&(variant.to_string(), metric.to_string()))
            .map_or(&[], |v| v.as_slice())
    }
}

/// `summary_stats.csv`: per variant, its leader and the mean and CI of every summary value.
#[derive(Debug, Clone, Default)]
pub struct SummaryStats {
    /// (variant, caring, daring) in file order.
    pub variants: Vec<(String, f64, f64)>,
    values: HashMap<(String, String), (f64, f64, f64)>,
}

impl SummaryStats {
    /// Reads `summary_stats.csv`.
    pub fn read(path: &Path) -> Result<SummaryStats, ChartError> {
        let t = Table::read(path)?;
        let (v, c, d, m) = (
            t.column("variant")?,
            t.column("caring")?,
            t.column("daring")?,
            t.column("metric")?,
        );
        let (mean, lo, hi) = (t.column("mean")?, t.column("ci_low")?, t.column("ci_high")?);
        let mut out = SummaryStats::default();
        for row in t.rows() {
            let variant = t.text(row, v).to_string();
            if !out.variants.iter().any(|x| x.0 == variant) {
                let caring = t.number(row, c)?.unwrap_or(0.5);
                let daring = t.number(row, d)?.unwrap_or(0.5);
                out.variants.push((variant.clone(), caring, daring));
            }
            if let Some(mu) = t.number(row, mean)? {
                let ci = (
                    t.number(row, lo)?.unwrap_or(mu),
                    t.number(row, hi)?.unwrap_or(mu),
                );
                out.values
                    .insert((variant, t.text(row, m).to_string()), (mu, ci.0, ci.1));
            }
        }
        Ok(out)
    }

    /// (mean, ci_low, ci_high) of a variant's summary value.
    pub fn get(&self, variant: &str, metric: &str) -> Option<(f64, f64, f64)> {
        self.values
            .get(&(variant.to_string(), metric.to_string()))
            .copied()
    }
}

/// `cells.csv` of a sweep.
#[derive(Debug, Clone, Default)]
pub struct Cells {
    /// (caring, daring, value) of the chosen metric.
    pub cells: Vec<(f64, f64, f64)>,
}

impl Cells {
    /// Reads the column `metric` of `cells.csv`.
    pub fn read(path: &Path, metric: &str) -> Result<Cells, ChartError> {
        let t = Table::read(path)?;
        if !t.has(metric) {
            let mut valid: Vec<String> = t
                .columns
                .keys()
                .filter(|c| {
                    !matches!(c.as_str(), "caring" | "daring" | "quadrant" | "runs")
                        && !c.ends_with("_ci_low")
                        && !c.ends_with("_ci_high")
                })
                .cloned()
                .collect();
            valid.sort();
            return Err(ChartError::UnknownMetric {
                chart: super::MetricChart::Heatmap,
                metric: metric.to_string(),
                valid,
            });
        }
        let (c, d, m) = (t.column("caring")?, t.column("daring")?, t.column(metric)?);
        let mut cells = Vec::new();
        // Every row's point, whether or not the metric has a value there: a cell
        // without one is a hole in the grid, not a grid of its own.
        let mut points = Vec::new();
        for row in t.rows() {
            if let (Some(x), Some(y)) = (t.number(row, c)?, t.number(row, d)?) {
                points.push((x, y, 0.0));
                if let Some(v) = t.number(row, m)? {
                    cells.push((x, y, v));
                }
            }
        }
        if !is_grid(&points) {
            return Err(ChartError::NotAGrid {
                path: path.to_path_buf(),
            });
        }
        Ok(Cells { cells })
    }
}

/// Whether `cells` are a full, evenly spaced caring x daring grid, each point once: what
/// a heatmap can draw. The cells of a design table may share a leader or lie anywhere.
/// cells.csv keeps six decimals, so the steps of a grid of 4 (1/3) are read back as
/// 0.333333 and 0.333334: steps count as equal to within a thousandth of a step.
fn is_grid(cells: &[(f64, f64, f64)]) -> bool {
    let axis = |pick: fn(&(f64, f64, f64)) -> f64| -> Option<Vec<f64>> {
        let mut v: Vec<f64> = cells.iter().map(pick).collect();
        v.sort_by(f64::total_cmp);
        v.dedup();
        let step = v.get(1)? - v[0];
        let even = v
            .windows(2)
            .all(|w| ((w[1] - w[0]) - step).abs() <= 1e-3 * step.abs());
        even.then_some(v)
    };
    let (Some(xs), Some(ys)) = (axis(|c| c.0), axis(|c| c.1)) else {
        return false;
    };
    let mut points: Vec<(u64, u64)> = cells
        .iter()
        .map(|(x, y, _)| (x.to_bits(), y.to_bits()))
        .collect();
    points.sort_unstable();
    points.dedup();
    points.len() == cells.len() && cells.len() == xs.len() * ys.len()
}

/// What a position looks like on one day of the team pulse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PulseCell {
    /// Present, in Grow.
    Grow,
    /// Present, in Protect.
    Protect,
    /// On sick leave.
    Absent,
    /// Open position.
    Vacant,
    /// Not a position at this time.
    None,
}

/// `members.csv` of a single run, as a grid of positions x observation days.
#[derive(Debug, Clone, Default)]
pub struct Pulse {
    /// Observation days.
    pub days: Vec<f64>,
    /// `cells[position][day index]`.
    pub cells: Vec<Vec<PulseCell>>,
    /// The attachment style of each position's first holder.
    pub styles: Vec<String>,
}

impl Pulse {
    /// Reads `members.csv`.
    pub fn read(path: &Path) -> Result<Pulse, ChartError> {
        let t = Table::read(path)?;
        let (d, p, st, state, mode) = (
            t.column("day")?,
            t.column("position")?,
            t.column("style")?,
            t.column("state")?,
            t.column("mode")?,
        );
        let mut out = Pulse::default();
        for row in t.rows() {
            let Some(day) = t.number(row, d)? else {
                continue;
            };
            let Some(pos) = t.number(row, p)? else {
                continue;
            };
            let line = row.position().map_or(0, |p| p.line());
            let most = crate::scenario::MAX_TEAM as f64;
            if !(pos >= 0.0 && pos < most && pos.fract() == 0.0) {
                return Err(t.error(Said::new(
                    format!(
                        "line {line}: position {pos} is out of range: must be a whole number within 0..{most} (a team has at most {most} positions)"
                    ),
                    format!(
                        "regel {line}: plaats {pos} valt buiten het bereik: moet een geheel getal van 0 tot {most} zijn (een team heeft hoogstens {most} plaatsen)"
                    ),
                )));
            }
            let pos = pos as usize;
            if !day.is_finite() || out.days.last().is_some_and(|last| day < *last) {
                return Err(t.error(Said::new(
                    format!("line {line}: day {day} is not a day after the rows before it"),
                    format!("regel {line}: dag {day} komt niet na de dagen van de rijen ervoor"),
                )));
            }
            if out.days.last() != Some(&day) {
                out.days.push(day);
            }
            let k = out.days.len() - 1;
            if out.cells.len() <= pos {
                out.cells.resize(pos + 1, Vec::new());
                out.styles.resize(pos + 1, String::new());
            }
            if out.styles[pos].is_empty() {
                out.styles[pos] = t.text(row, st).to_string();
            }
            let cell = match (t.text(row, state), t.text(row, mode)) {
                ("present", "grow") => PulseCell::Grow,
                ("present", _) => PulseCell::Protect,
                ("absent", _) => PulseCell::Absent,
                _ => PulseCell::Vacant,
            };
            let column = &mut out.cells[pos];
            column.resize(k, PulseCell::None);
            column.push(cell);
        }
        let n = out.days.len();
        for column in &mut out.cells {
            column.resize(n, PulseCell::None);
        }
        Ok(out)
    }
}

/// `timeline.csv`: the scenario's events and interventions.
pub fn read_timeline(path: &Path) -> Result<Vec<(f64, f64, String)>, ChartError> {
    let t = Table::read(path)?;
    let (d, e, k) = (t.column("day")?, t.column("end_day")?, t.column("kind")?);
    let mut out = Vec::new();
    for row in t.rows() {
        if let Some(day) = t.number(row, d)? {
            let end = t.number(row, e)?.unwrap_or(day);
            out.push((day, end, t.text(row, k).to_string()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::is_grid;

    #[test]
    fn only_a_full_evenly_spaced_grid_draws_as_a_heatmap() {
        let grid = |n: usize| -> Vec<(f64, f64, f64)> {
            let step = 1.0 / (n - 1) as f64;
            (0..n)
                .flat_map(|i| (0..n).map(move |j| (i as f64 * step, j as f64 * step, 0.5)))
                .collect()
        };
        assert!(is_grid(&grid(2)) && is_grid(&grid(11)));
        let mut gap = grid(3);
        gap.remove(4);
        assert!(!is_grid(&gap), "a missing cell");
        let mut twice = grid(2);
        twice[1] = twice[0];
        assert!(!is_grid(&twice), "a leader twice");
        assert!(!is_grid(&[
            (0.0, 1.0, 0.1),
            (1.0, 0.0, 0.2),
            (0.3, 0.7, 0.3)
        ]));
        let uneven: Vec<_> = [0.0, 0.1, 1.0]
            .iter()
            .flat_map(|&x| [0.0, 1.0].map(|y| (x, y, 0.0)))
            .collect();
        assert!(!is_grid(&uneven), "uneven steps");
        assert!(!is_grid(&[(0.5, 0.5, 0.1)]), "one cell");
    }
}
