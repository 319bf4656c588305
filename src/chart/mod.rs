//! Workshop charts drawn with plotters from the CSV files teamsim writes (no rerun).
//!
//! Text is rendered with the DejaVu Sans font shipped in `assets/fonts/`, so charts
//! look the same on a machine without any system fonts.

pub mod data;
pub mod draw;
pub mod explore;
pub mod labels;
pub mod param_names;
pub mod text;

use crate::output::Staging;
use crate::problem::Said;
use data::{Cells, DailyStats, Pulse, SummaryStats};
pub use draw::Tornado;
use draw::{AttachmentBars, Chart, DoelGrid, Heatmap, TeamPulse, Trajectory};
pub use labels::Lang;
use plotters::prelude::*;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Once;

/// Why charts could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// An input CSV is missing, unreadable or malformed.
    #[error("{}: {}", path.display(), message.get(Lang::En))]
    Input {
        /// The file.
        path: PathBuf,
        /// What is wrong, in both languages.
        message: Said,
    },
    /// Drawing or writing a chart failed.
    #[error("{}: cannot draw: {message}", path.display())]
    Draw {
        /// The chart file.
        path: PathBuf,
        /// plotters' message.
        message: String,
    },
    /// The cells of a sweep are not a full caring x daring grid (a design table's cells
    /// may share a leader or lie anywhere), so there is no heatmap to draw.
    #[error("{}: its cells are not a full, evenly spaced caring x daring grid (the rows of a design table may share a leader or lie anywhere), so there is no heatmap to draw; chart the rows with your own tool from cells.csv", path.display())]
    NotAGrid {
        /// The cells file.
        path: std::path::PathBuf,
    },
    /// A metric asked for is not one teamsim writes.
    #[error("no metric `{metric}` for {chart}; choose from: {}", valid.join(", "))]
    UnknownMetric {
        /// The chart it was asked for.
        chart: MetricChart,
        /// The name given.
        metric: String,
        /// The metrics that exist.
        valid: Vec<String>,
    },
    /// The directory holds nothing to chart.
    #[error("{}: no teamsim output to chart here (expected daily_stats.csv from compare, cells.csv from sweep, or members.csv from run)", dir.display())]
    Nothing {
        /// The directory.
        dir: PathBuf,
    },
    /// The charts directory could not be prepared or committed.
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
}

impl ChartError {
    /// The error in `lang`; its `Display` is the English. What a CSV file or plotters
    /// found wrong is said as they say it.
    pub fn render(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ChartError::Input { path, message } => {
                format!("{}: {}", path.display(), message.get(lang))
            }
            ChartError::Draw { path, message } => {
                format!("{}: kan niet tekenen: {message}", path.display())
            }
            ChartError::NotAGrid { path } => format!(
                "{}: de cellen vormen geen volledig, regelmatig caring x daring-raster (de rijen van een ontwerptabel kunnen dezelfde leider hebben of overal liggen), dus er is geen heatmap te tekenen; teken de rijen uit cells.csv met een eigen programma",
                path.display()
            ),
            ChartError::UnknownMetric {
                chart,
                metric,
                valid,
            } => format!(
                "geen maat `{metric}` voor {}; kies uit: {}",
                match chart {
                    MetricChart::OverTime => "een grafiek door de tijd",
                    MetricChart::Heatmap => "de heatmap",
                },
                valid.join(", ")
            ),
            ChartError::Nothing { dir } => format!(
                "{}: hier staan geen resultaten van teamsim om te tekenen (verwacht: daily_stats.csv van compare, cells.csv van sweep, of members.csv van run)",
                dir.display()
            ),
            ChartError::Output(e) => e.render(lang),
        }
    }
}

/// Which chart a metric was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricChart {
    /// A chart of a daily metric over time (`ChartOptions::metrics`).
    OverTime,
    /// The caring x daring heatmap (`ChartOptions::heatmap_metric`).
    Heatmap,
}

impl std::fmt::Display for MetricChart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MetricChart::OverTime => "a chart over time",
            MetricChart::Heatmap => "the heatmap",
        })
    }
}

/// An image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Raster image for slides.
    Png,
    /// Vector image for print and web pages.
    Svg,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "png" => Ok(Format::Png),
            "svg" => Ok(Format::Svg),
            other => Err(format!(
                "unknown image format `{other}`: expected png or svg"
            )),
        }
    }
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// What to draw and how.
#[derive(Debug, Clone)]
pub struct ChartOptions {
    /// Language of the labels.
    pub lang: Lang,
    /// Formats to write.
    pub formats: Vec<Format>,
    /// Metrics of the trajectory charts (one chart each).
    pub metrics: Vec<String>,
    /// Metric of the heatmap (a column of cells.csv).
    pub heatmap_metric: String,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            lang: Lang::En,
            formats: vec![Format::Png, Format::Svg],
            metrics: vec!["safety".into(), "grow_share".into(), "learning".into()],
            heatmap_metric: "grow_share".into(),
        }
    }
}

static FONTS: Once = Once::new();

/// Registers the shipped font as plotters' sans-serif (once per process).
fn register_fonts() {
    FONTS.call_once(|| {
        // The bytes are compiled in and known to be valid TrueType; a failure here
        // would show as missing text, which the chart tests catch.
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            include_bytes!("../../assets/fonts/DejaVuSans.ttf"),
        );
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Bold,
            include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf"),
        );
    });
}

/// Draws `chart` into `dir` in every format; returns the files written.
pub fn render<C: Chart>(
    chart: &C,
    dir: &Path,
    formats: &[Format],
) -> Result<Vec<PathBuf>, ChartError> {
    register_fonts();
    let size = chart.size();
    let mut written = Vec::new();
    for format in formats {
        let path = dir.join(format!("{}.{}", chart.name(), format.extension()));
        let fail = |message: String| ChartError::Draw {
            path: path.clone(),
            message,
        };
        match format {
            Format::Png => {
                let root = text::TrueText(BitMapBackend::new(&path, size)).into_drawing_area();
                chart.draw(&root).map_err(fail)?;
                root.present().map_err(|e| fail(e.to_string()))?;
            }
            Format::Svg => {
                let root = SVGBackend::new(&path, size).into_drawing_area();
                chart.draw(&root).map_err(fail)?;
                root.present().map_err(|e| fail(e.to_string()))?;
            }
        }
        written.push(path);
    }
    Ok(written)
}

/// Draws every chart the files in `dir` allow, into `dir/charts/`; returns the chart
/// files (final paths). All charts appear together or not at all.
pub fn draw_dir(dir: &Path, opts: &ChartOptions) -> Result<Vec<PathBuf>, ChartError> {
    let daily_stats = dir.join("daily_stats.csv");
    let summary_stats = dir.join("summary_stats.csv");
    let cells = dir.join("cells.csv");
    let members = dir.join("members.csv");
    let has = |p: &Path| p.is_file();
    // Every name is checked before anything is drawn.
    for metric in &opts.metrics {
        if !crate::sim::DAILY_METRICS.contains(metric) {
            return Err(ChartError::UnknownMetric {
                chart: MetricChart::OverTime,
                metric: metric.clone(),
                valid: crate::sim::DAILY_METRICS.clone(),
            });
        }
    }
    if !(has(&daily_stats) || has(&cells) || has(&members)) {
        return Err(ChartError::Nothing {
            dir: dir.to_path_buf(),
        });
    }
    let out = dir.join("charts");
    let folder = crate::output::OutputFolder::claim(&out)?;
    let staging = Staging::new(&folder)?;
    let tmp = staging.path("");
    let mut names = Vec::new();
    let mut add = |paths: Vec<PathBuf>| {
        names.extend(
            paths
                .into_iter()
                .filter_map(|p| p.file_name().map(|n| out.join(n))),
        );
    };
    let timeline_path = dir.join("timeline.csv");
    let timeline = if has(&timeline_path) {
        data::read_timeline(&timeline_path)?
    } else {
        Vec::new()
    };
    if has(&daily_stats) {
        let data = DailyStats::read(&daily_stats)?;
        for metric in &opts.metrics {
            let chart = Trajectory {
                data: &data,
                metric: metric.clone(),
                timeline: &timeline,
                lang: opts.lang,
            };
            add(render(&chart, &tmp, &opts.formats)?);
        }
        if has(&summary_stats) {
            let summary = SummaryStats::read(&summary_stats)?;
            let doel = DoelGrid {
                data: &data,
                summary: &summary,
                timeline: &timeline,
                lang: opts.lang,
            };
            add(render(&doel, &tmp, &opts.formats)?);
            let bars = AttachmentBars {
                summary: &summary,
                lang: opts.lang,
            };
            add(render(&bars, &tmp, &opts.formats)?);
        }
    }
    if has(&cells) {
        let data = Cells::read(&cells, &opts.heatmap_metric)?;
        let chart = Heatmap {
            cells: &data,
            metric: opts.heatmap_metric.clone(),
            lang: opts.lang,
        };
        add(render(&chart, &tmp, &opts.formats)?);
    }
    if has(&members) {
        let pulse = Pulse::read(&members)?;
        let chart = TeamPulse {
            pulse: &pulse,
            timeline: &timeline,
            lang: opts.lang,
        };
        add(render(&chart, &tmp, &opts.formats)?);
    }
    staging.commit()?;
    Ok(names)
}
