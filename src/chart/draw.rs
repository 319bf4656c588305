//! The charts. Each is a small struct that draws itself on any plotters backend, so
//! the same code makes the PNG and the SVG.

use super::data::{Cells, DailyStats, Pulse, PulseCell, SummaryStats};
use super::labels::Lang;
use crate::model::{AttachmentStyle, Quadrant};
use crate::sim::{Scale, daily_metric};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Result of drawing: plotters' errors are carried as text.
pub type Drawn = Result<(), String>;

pub(super) trait OrText<T> {
    fn text(self) -> Result<T, String>;
}

impl<T, E: std::fmt::Display> OrText<T> for Result<T, E> {
    fn text(self) -> Result<T, String> {
        self.map_err(|e| e.to_string())
    }
}

/// A chart that can draw itself.
pub trait Chart {
    /// File stem of the chart, e.g. `trajectory-safety`.
    fn name(&self) -> String;
    /// Size in pixels: large enough to be read from the back of a room.
    fn size(&self) -> (u32, u32) {
        (1600, 900)
    }
    /// Draws the chart on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn;
}

pub(super) const FONT: &str = "sans-serif";
pub(super) const TITLE: u32 = 46;
pub(super) const AXIS: u32 = 30;
pub(super) const TICKS: u32 = 26;
const LEGEND: u32 = 26;
/// Pixels kept free to the right of the team pulse's legend labels.
const LEGEND_AIR: u32 = 40;
/// Notes under a chart: still readable from the back of a room.
pub(super) const FOOTNOTE: u32 = 28;

/// The colour of a leadership variant: fixed per quadrant (the secure base is the
/// green box of the caring/daring grid), a palette for named variants.
pub fn variant_color(name: &str, index: usize) -> RGBColor {
    match name {
        crate::batch::AS_IS => return RGBColor(25, 60, 150),
        crate::batch::AS_IS_WITHOUT_INTERVENTIONS => return RGBColor(130, 80, 170),
        _ => {}
    }
    match name.parse::<Quadrant>() {
        Ok(Quadrant::Dominating) => RGBColor(192, 57, 43),
        Ok(Quadrant::Avoiding) => RGBColor(110, 110, 120),
        Ok(Quadrant::Pleasing) => RGBColor(230, 126, 34),
        Ok(Quadrant::SecureBase) => RGBColor(30, 140, 80),
        Err(_) => {
            const PALETTE: [RGBColor; 6] = [
                RGBColor(31, 119, 180),
                RGBColor(214, 39, 40),
                RGBColor(44, 160, 44),
                RGBColor(148, 103, 189),
                RGBColor(255, 127, 14),
                RGBColor(23, 190, 207),
            ];
            PALETTE[index % PALETTE.len()]
        }
    }
}

/// Colour of an attachment style in the breakdown.
fn attachment_color(s: AttachmentStyle) -> RGBColor {
    match s {
        AttachmentStyle::Secure => RGBColor(30, 140, 80),
        AttachmentStyle::Anxious => RGBColor(230, 126, 34),
        AttachmentStyle::Avoidant => RGBColor(52, 101, 164),
        AttachmentStyle::Fearful => RGBColor(142, 68, 173),
    }
}

const GROW: RGBColor = RGBColor(46, 157, 91);
const PROTECT: RGBColor = RGBColor(211, 84, 0);
const ABSENT: RGBColor = RGBColor(120, 120, 120);
const VACANT: RGBColor = RGBColor(225, 225, 225);

/// Whether `metric` is a daily metric on the 0..1 scale (drawn as a percentage).
fn is_unit(metric: &str) -> bool {
    matches!(daily_metric(metric), Some((_, Scale::Unit)))
}

/// A scenario event or intervention on the time axis: (day, end day, kind).
pub type Marker = (f64, f64, String);

/// The markers of one day merged into one label ("reorganisation + team change"), so
/// no two labels start at the same day.
fn merged_markers(timeline: &[Marker], lang: Lang) -> Vec<(f64, f64, String)> {
    let mut out: Vec<(f64, f64, String)> = Vec::new();
    for (day, end, kind) in timeline {
        let label = lang.event(kind);
        match out.last_mut() {
            Some(last) if last.0 == *day => {
                last.1 = last.1.max(*end);
                last.2 = format!("{} + {label}", last.2);
            }
            _ => out.push((*day, *end, label)),
        }
    }
    out
}

/// The line (0 = lowest) of each marker's label, so that no label overlaps another on
/// its line and no marker's vertical line runs through a label: the labels are placed
/// from the last day back, each on the lowest line where it fits, so a line only ever
/// passes labels of later days, which start to its right. `width` is a label's width
/// in days.
fn label_lines(markers: &[(f64, f64, String)], width: impl Fn(&str) -> f64) -> Vec<usize> {
    let mut starts: Vec<Vec<f64>> = Vec::new();
    let mut lines = vec![0; markers.len()];
    for (i, (day, _, label)) in markers.iter().enumerate().rev() {
        let end = day + width(label);
        let line = (0..)
            .find(|&l| {
                starts
                    .get(l)
                    .is_none_or(|s: &Vec<f64>| s.iter().all(|x| *x >= end))
            })
            .unwrap_or(0);
        if starts.len() <= line {
            starts.resize(line + 1, Vec::new());
        }
        starts[line].push(*day);
        lines[i] = line;
    }
    lines
}

/// Width of `text` in pixels at `size` in the chart font, with a little air.
fn text_width(text: &str, size: u32) -> f64 {
    super::text::advance_width(text, size as f64) + size as f64 * 0.3
}

/// Tick values from `lo` to `hi` at a round step (1, 2 or 5 times a power of ten).
fn nice_ticks(lo: f64, hi: f64, about: usize) -> Vec<f64> {
    let span = (hi - lo).max(1e-9);
    let raw = span / about.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Ticks of the y axis at `ticks` only (a band above the data, for labels, gets
/// none): a light grid line, a tick mark and its label.
fn y_ticks<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &ChartContext<DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    ticks: &[f64],
    label: impl Fn(f64) -> String,
) -> Drawn {
    let x_range = chart.x_range();
    let font = TextStyle::from((FONT, TICKS).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
    for &v in ticks {
        let (x0, y) = chart.backend_coord(&(x_range.start, v));
        let (x1, _) = chart.backend_coord(&(x_range.end, v));
        root.draw(&PathElement::new(
            vec![(x0, y), (x1, y)],
            RGBColor(225, 225, 225).stroke_width(1),
        ))
        .text()?;
        root.draw(&PathElement::new(
            vec![(x0 - 8, y), (x0, y)],
            BLACK.stroke_width(1),
        ))
        .text()?;
        root.draw(&Text::new(label(v), (x0 - 14, y), font.clone()))
            .text()?;
    }
    Ok(())
}

/// A tick label: a share as a percentage, other values without needless decimals.
fn tick_text(v: f64, share: bool, lang: Lang) -> String {
    if share {
        format!("{}%", lang.number(v * 100.0, 0))
    } else if v.abs() >= 10.0 || v.fract().abs() < 1e-9 {
        lang.number(v, 0)
    } else {
        lang.number(v, 1)
    }
}

/// A metric over time, one line per leadership variant with its bands, the
/// scenario's events and interventions marked on the time axis.
pub struct Trajectory<'a> {
    /// The statistics.
    pub data: &'a DailyStats,
    /// The metric.
    pub metric: String,
    /// The scenario's events and interventions.
    pub timeline: &'a [Marker],
    /// Labels.
    pub lang: Lang,
}

/// Most variants whose 5-95% bands are drawn: with more, the overlapping bands hide
/// the lines, and the spread stays in daily_stats.csv.
const MAX_SPREAD_BANDS: usize = 3;

impl Chart for Trajectory<'_> {
    fn name(&self) -> String {
        format!("trajectory-{}", self.metric)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE).text()?;
        let variants: Vec<&String> = self
            .data
            .variants
            .iter()
            .filter(|v| !self.data.series(v, &self.metric).is_empty())
            .collect();
        let spread = variants.len() <= MAX_SPREAD_BANDS;
        let all: Vec<_> = variants
            .iter()
            .flat_map(|v| self.data.series(v, &self.metric).iter())
            .collect();
        let horizon = all.iter().map(|p| p.day).fold(1.0, f64::max);
        let share = is_unit(&self.metric);
        let (lo, hi) = if share {
            (0.0, 1.0)
        } else {
            let pick = |p: &&super::data::StatPoint| if spread { p.spread } else { p.ci };
            let lo = all.iter().map(|p| pick(p).0).fold(f64::INFINITY, f64::min);
            let hi = all
                .iter()
                .map(|p| pick(p).1)
                .fold(f64::NEG_INFINITY, f64::max);
            if lo.is_finite() && hi > lo {
                (lo.min(0.0), hi * 1.05)
            } else {
                (0.0, 1.0)
            }
        };
        let (w, h) = root.dim_in_pixel();
        let titled = root
            .margin(16, 0, 0, 0)
            .titled(&self.lang.trajectory_title(&self.metric), (FONT, TITLE))
            .text()?;
        let (body, foot) = titled.split_vertically(titled.dim_in_pixel().1 - 56);
        let (plot, side) = body.split_horizontally(w - 420);
        // The markers' labels take a band above the data, one line each.
        let markers = merged_markers(self.timeline, self.lang);
        let plot_px = (w - 420 - 160) as f64;
        let days_per_px = horizon / plot_px;
        let lines = label_lines(&markers, |l| text_width(l, 24) * days_per_px + 2.0);
        let band_lines = lines.iter().map(|l| l + 1).max().unwrap_or(0);
        let data_px = (h as f64 - 16.0 - 70.0 - 56.0 - 110.0).max(100.0);
        let line_share = 34.0 / data_px;
        let top = hi + (hi - lo) * line_share * band_lines as f64;
        let ticks = if share {
            (0..=10).map(|k| k as f64 / 10.0).collect()
        } else {
            nice_ticks(lo, hi, 8)
        };
        let mut chart = ChartBuilder::on(&plot)
            .margin(20)
            .margin_right(30)
            .x_label_area_size(90)
            .y_label_area_size(140)
            .build_cartesian_2d(0.0..horizon, lo..top)
            .text()?;
        chart
            .configure_mesh()
            .x_desc(self.lang.day())
            .y_desc(self.lang.metric(&self.metric))
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_labels(0)
            .disable_y_mesh()
            .label_style((FONT, TICKS))
            .axis_desc_style((FONT, AXIS))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()
            .text()?;
        y_ticks(root, &chart, &ticks, |v| tick_text(v, share, self.lang))?;
        let marker_color = RGBColor(40, 40, 160);
        for ((day, end, label), line) in markers.iter().zip(&lines) {
            if end > day {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(*day, lo), (*end, hi)],
                        marker_color.mix(0.07).filled(),
                    )))
                    .text()?;
            }
            let label_y = hi + (hi - lo) * line_share * (*line as f64 + 0.85);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*day, lo), (*day, label_y)],
                    marker_color.stroke_width(2),
                )))
                .text()?;
            chart
                .draw_series(std::iter::once(Text::new(
                    label.clone(),
                    (*day + 4.0 * days_per_px, label_y),
                    (FONT, 24).into_font().color(&marker_color),
                )))
                .text()?;
        }
        for (i, variant) in variants.iter().enumerate() {
            let series = self.data.series(variant, &self.metric);
            let color = variant_color(variant, i);
            let bands: &[(bool, f64)] = if spread {
                &[(true, 0.10), (false, 0.30)]
            } else {
                &[(false, 0.30)]
            };
            for &(band, alpha) in bands {
                let pick = |p: &super::data::StatPoint| if band { p.spread } else { p.ci };
                let mut outline: Vec<(f64, f64)> =
                    series.iter().map(|p| (p.day, pick(p).1)).collect();
                outline.extend(series.iter().rev().map(|p| (p.day, pick(p).0)));
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        outline,
                        color.mix(alpha).filled(),
                    )))
                    .text()?;
            }
            chart
                .draw_series(LineSeries::new(
                    series.iter().map(|p| (p.day, p.mean)),
                    color.stroke_width(if is_as_is(variant) { 7 } else { 5 }),
                ))
                .text()?;
        }
        // The legend beside the plot, in the order of the lines' last values (top
        // first), so each name sits near its line.
        let mut order: Vec<(usize, f64)> = variants
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let last = self
                    .data
                    .series(v, &self.metric)
                    .last()
                    .map_or(0.0, |p| p.mean);
                (i, last)
            })
            .collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1));
        let font = (FONT, LEGEND).into_font();
        let mut y = 90;
        for (i, _) in order {
            let color = variant_color(variants[i], i);
            side.draw(&Rectangle::new([(0, y + 10), (40, y + 18)], color.filled()))
                .text()?;
            let lines = wrap(&self.legend_name(variants[i]), 22);
            for (k, line) in lines.iter().enumerate() {
                side.draw(&Text::new(
                    line.clone(),
                    (52, y + k as i32 * 32),
                    font.clone(),
                ))
                .text()?;
            }
            y += 52 + 32 * (lines.len() as i32 - 1);
        }
        foot.draw(&Text::new(
            if spread {
                self.lang.band_note()
            } else {
                self.lang.band_note_ci_only()
            },
            (160, 8),
            (FONT, FOOTNOTE).into_font().color(&RGBColor(70, 70, 70)),
        ))
        .text()?;
        Ok(())
    }
}

impl Trajectory<'_> {
    /// A leader's name in the legend; the scenario's own leader also gets the quadrant
    /// it starts in ("As is (secure base)"), read from the day-0 leader series.
    fn legend_name(&self, variant: &str) -> String {
        let name = self.lang.variant(variant);
        if variant.parse::<Quadrant>().is_ok() {
            return name;
        }
        let start = |metric| self.data.series(variant, metric).first().map(|p| p.mean);
        match (start("leader_caring"), start("leader_daring")) {
            (Some(c), Some(d)) => format!(
                "{name} ({})",
                self.lang.quadrant(Quadrant::of(c, d)).to_lowercase()
            ),
            _ => name,
        }
    }
}

/// Whether a variant is the scenario as written (drawn a little heavier).
fn is_as_is(name: &str) -> bool {
    name == crate::batch::AS_IS
}

/// `text` broken into lines of at most about `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The share in Grow and Protect over time, as 2x2 panels laid out like the grid.
pub struct DoelGrid<'a> {
    /// Daily statistics (grow_share).
    pub data: &'a DailyStats,
    /// Where each variant sits on the grid.
    pub summary: &'a SummaryStats,
    /// The scenario's events and interventions, marked in every panel.
    pub timeline: &'a [Marker],
    /// Labels.
    pub lang: Lang,
}

/// A panel of the Doel grid: a leader (name, caring, daring), or none.
type Panel<'a> = Option<&'a (String, f64, f64)>;

impl DoelGrid<'_> {
    /// The panels: (variant, caring, daring) or None for an empty panel, and the number
    /// of columns. Up to four leaders in different quadrants are laid out like the
    /// caring/daring grid (high daring on top, high caring on the right); otherwise
    /// the leaders follow in the file's order, the scenario as written first.
    fn layout(&self) -> (Vec<Panel<'_>>, usize) {
        let variants = &self.summary.variants;
        let quadrants: Vec<Quadrant> = variants
            .iter()
            .map(|(_, c, d)| Quadrant::of(*c, *d))
            .collect();
        let distinct = quadrants
            .iter()
            .enumerate()
            .all(|(i, q)| !quadrants[..i].contains(q));
        if variants.len() <= 4 && distinct {
            let grid = [
                Quadrant::Dominating,
                Quadrant::SecureBase,
                Quadrant::Avoiding,
                Quadrant::Pleasing,
            ];
            let panels = grid
                .iter()
                .map(|q| {
                    variants
                        .iter()
                        .zip(&quadrants)
                        .find(|(_, vq)| *vq == q)
                        .map(|(v, _)| v)
                })
                .collect();
            (panels, 2)
        } else {
            let cols = if variants.len() > 4 { 3 } else { 2 };
            (variants.iter().map(Some).collect(), cols)
        }
    }
}

impl Chart for DoelGrid<'_> {
    fn name(&self) -> String {
        "doel-grid".into()
    }

    fn size(&self) -> (u32, u32) {
        let (panels, cols) = self.layout();
        let rows = panels.len().div_ceil(cols).max(1) as u32;
        (if cols == 3 { 1900 } else { 1600 }, 200 + rows * 480)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE).text()?;
        let titled = root
            .margin(16, 0, 0, 0)
            .titled(self.lang.doel_title(), (FONT, TITLE))
            .text()?;
        // A strip at the bottom for the legend.
        let (grid, foot) = titled.split_vertically(titled.dim_in_pixel().1 - 70);
        let (panels, cols) = self.layout();
        let rows = panels.len().div_ceil(cols).max(1);
        let areas = grid.split_evenly((rows, cols));
        for (area, variant) in areas.iter().zip(panels) {
            let Some((name, c, d)) = variant else {
                continue;
            };
            let quadrant = Quadrant::of(*c, *d);
            let heading = if name.parse::<Quadrant>().is_ok() {
                self.lang.variant(name)
            } else {
                format!(
                    "{} ({})",
                    self.lang.variant(name),
                    self.lang.quadrant(quadrant).to_lowercase()
                )
            };
            if name == crate::batch::AS_IS || name == crate::batch::AS_IS_WITHOUT_INTERVENTIONS {
                let (w, h) = area.dim_in_pixel();
                area.draw(&Rectangle::new(
                    [(6, 4), (w as i32 - 6, h as i32 - 4)],
                    variant_color(name, 0).mix(0.08).filled(),
                ))
                .text()?;
            }
            let titled = area.titled(&heading, (FONT, 30)).text()?;
            let series = self.data.series(name, "grow_share");
            let horizon = series.iter().map(|p| p.day).fold(1.0, f64::max);
            let mut chart = ChartBuilder::on(&titled)
                .caption(
                    format!(
                        "caring {} · daring {}",
                        self.lang.number(*c, 2),
                        self.lang.number(*d, 2)
                    ),
                    (FONT, 22).into_font().color(&RGBColor(80, 80, 80)),
                )
                .margin(14)
                .x_label_area_size(44)
                .y_label_area_size(76)
                .build_cartesian_2d(0.0..horizon, 0.0..1.0)
                .text()?;
            chart
                .configure_mesh()
                .label_style((FONT, 22))
                .light_line_style(WHITE)
                .x_labels(6)
                .y_labels(3)
                .x_label_formatter(&|v| format!("{v:.0}"))
                .y_label_formatter(&|v| format!("{}%", self.lang.number(v * 100.0, 0)))
                .draw()
                .text()?;
            if series.is_empty() {
                chart
                    .draw_series(std::iter::once(Text::new(
                        self.lang.missing(),
                        (horizon * 0.25, 0.5),
                        (FONT, 28),
                    )))
                    .text()?;
                continue;
            }
            let mut protect: Vec<(f64, f64)> = series.iter().map(|p| (p.day, 1.0)).collect();
            protect.extend(series.iter().rev().map(|p| (p.day, p.mean)));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    protect,
                    PROTECT.mix(0.75).filled(),
                )))
                .text()?;
            let mut grow: Vec<(f64, f64)> = series.iter().map(|p| (p.day, p.mean)).collect();
            grow.extend(series.iter().rev().map(|p| (p.day, 0.0)));
            chart
                .draw_series(std::iter::once(Polygon::new(grow, GROW.mix(0.85).filled())))
                .text()?;
            // Events happen under every leader; interventions not in the panel run
            // without them.
            let without = name == crate::batch::AS_IS_WITHOUT_INTERVENTIONS;
            chart
                .draw_series(
                    self.timeline
                        .iter()
                        .filter(|(_, _, kind)| {
                            !without
                                || matches!(
                                    kind.as_str(),
                                    "reorganisation" | "pressure" | "leader-absence"
                                )
                        })
                        .map(|(day, _, _)| {
                            PathElement::new(
                                vec![(*day, 0.0), (*day, 1.0)],
                                RGBColor(40, 40, 160).stroke_width(2),
                            )
                        }),
                )
                .text()?;
        }
        let mut items = vec![
            (Some(GROW), self.lang.grow().to_string()),
            (Some(PROTECT), self.lang.protect().to_string()),
        ];
        if !self.timeline.is_empty() {
            items.push((None, self.lang.marker_note().to_string()));
        }
        if cols == 2 && panels_are_grid(&self.summary.variants) {
            items.insert(
                0,
                (
                    None,
                    format!("→ {}   ↑ {}", self.lang.caring(), self.lang.daring()),
                ),
            );
        }
        legend_row(&foot, (40, 18), &items)
    }
}

/// Whether the Doel grid lays its panels out like the caring/daring grid.
fn panels_are_grid(variants: &[(String, f64, f64)]) -> bool {
    let quadrants: Vec<Quadrant> = variants
        .iter()
        .map(|(_, c, d)| Quadrant::of(*c, *d))
        .collect();
    variants.len() <= 4
        && quadrants
            .iter()
            .enumerate()
            .all(|(i, q)| !quadrants[..i].contains(q))
}

/// Draws a row of legend items (an optional colour square, then text) from `at`,
/// measuring each text so items never overlap. A row that would run past the right
/// edge (a longer label in one language) is drawn in a smaller font, down to 18 px,
/// instead of being cut off.
pub(super) fn legend_row<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    items: &[(Option<RGBColor>, String)],
) -> Drawn {
    const SIZE: f64 = 28.0;
    let width_at = |size: f64| -> Result<f64, String> {
        let font = (FONT, size).into_font();
        let mut w = 0.0;
        for (color, text) in items {
            let (tw, _) = area
                .estimate_text_size(text, &TextStyle::from(font.clone()))
                .text()?;
            w += f64::from(tw) + 50.0 + if color.is_some() { 36.0 } else { 0.0 };
        }
        Ok(w - 50.0)
    };
    let room = f64::from(area.dim_in_pixel().0) - f64::from(at.0) - 10.0;
    let needed = width_at(SIZE)?;
    let size = if needed > room {
        (SIZE * room / needed).floor().max(18.0)
    } else {
        SIZE
    };
    let font = (FONT, size).into_font();
    let (mut x, y) = at;
    for (color, text) in items {
        if let Some(c) = color {
            area.draw(&Rectangle::new([(x, y), (x + 26, y + 26)], c.filled()))
                .text()?;
            x += 36;
        }
        area.draw(&Text::new(text.clone(), (x, y), font.clone()))
            .text()?;
        let (w, _) = area
            .estimate_text_size(text, &TextStyle::from(font.clone()))
            .text()?;
        x += w as i32 + 50;
    }
    Ok(())
}

/// A caring x daring heatmap of one sweep metric, with the quadrant lines.
pub struct Heatmap<'a> {
    /// The cells.
    pub cells: &'a Cells,
    /// The metric shown.
    pub metric: String,
    /// Labels.
    pub lang: Lang,
}

impl Chart for Heatmap<'_> {
    fn name(&self) -> String {
        format!("heatmap-{}", self.metric)
    }

    fn size(&self) -> (u32, u32) {
        (1400, 1200)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE).text()?;
        let cells = &self.cells.cells;
        let n = (cells.len() as f64).sqrt().round().max(2.0);
        let half = 0.5 / (n - 1.0);
        let (min, max) = cells
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), c| {
                (a.min(c.2), b.max(c.2))
            });
        let (min, max) = if max > min {
            (min, max)
        } else {
            (min - 0.5, min + 0.5)
        };
        let (map_area, bar_area) = root.split_horizontally(root.dim_in_pixel().0 - 220);
        let mut chart = ChartBuilder::on(&map_area)
            .caption(self.lang.heatmap_title(&self.metric), (FONT, TITLE))
            .margin(30)
            .x_label_area_size(90)
            .y_label_area_size(110)
            .build_cartesian_2d(-half..1.0 + half, -half..1.0 + half)
            .text()?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(self.lang.caring())
            .y_desc(self.lang.daring())
            .x_label_formatter(&|v| self.lang.number(*v, 1))
            .y_label_formatter(&|v| self.lang.number(*v, 1))
            .label_style((FONT, TICKS))
            .axis_desc_style((FONT, AXIS))
            .draw()
            .text()?;
        chart
            .draw_series(cells.iter().map(|&(c, d, v)| {
                let color = ViridisRGB::get_color_normalized(v, min, max);
                Rectangle::new([(c - half, d - half), (c + half, d + half)], color.filled())
            }))
            .text()?;
        let line = BLACK.stroke_width(4);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.5, -half), (0.5, 1.0 + half)],
                line,
            )))
            .text()?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(-half, 0.5), (1.0 + half, 0.5)],
                line,
            )))
            .text()?;
        // Quadrant names in white on a dark box: readable on yellow and on purple.
        let label_style = (FONT, 30).into_font().color(&WHITE);
        for (q, (x, y)) in [
            (Quadrant::Dominating, (0.02, 0.97)),
            (Quadrant::SecureBase, (0.52, 0.97)),
            (Quadrant::Avoiding, (0.02, 0.47)),
            (Quadrant::Pleasing, (0.52, 0.47)),
        ] {
            let name = self.lang.quadrant(q).to_string();
            let (px, py) = chart.backend_coord(&(x, y));
            let width = text_width(&name, 30) as i32;
            root.draw(&Rectangle::new(
                [(px - 10, py - 6), (px + width + 6, py + 40)],
                RGBColor(20, 20, 20).mix(0.72).filled(),
            ))
            .text()?;
            root.draw(&Text::new(name, (px, py), label_style.clone()))
                .text()?;
        }
        // The colour bar, with its title above it.
        let share = is_unit(&self.metric) || self.metric.ends_with("share");
        let title = wrap(&self.lang.metric(&self.metric), 14);
        for (k, line) in title.iter().enumerate() {
            bar_area
                .draw(&Text::new(
                    line.clone(),
                    (10, 40 + k as i32 * 30),
                    (FONT, 24).into_font(),
                ))
                .text()?;
        }
        let mut bar = ChartBuilder::on(&bar_area)
            .margin_top(70 + 30 * title.len() as u32)
            .margin_bottom(120)
            .margin_right(20)
            .y_label_area_size(110)
            .build_cartesian_2d(0.0..1.0, min..max)
            .text()?;
        bar.configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .y_labels(6)
            .y_label_formatter(&|v| tick_text(*v, share, self.lang))
            .label_style((FONT, 22))
            .draw()
            .text()?;
        let steps = 100;
        bar.draw_series((0..steps).map(|k| {
            let a = min + (max - min) * k as f64 / steps as f64;
            let b = min + (max - min) * (k + 1) as f64 / steps as f64;
            let color = ViridisRGB::get_color_normalized(a, min, max);
            Rectangle::new([(0.0, a), (1.0, b)], color.filled())
        }))
        .text()?;
        Ok(())
    }
}

/// Grow share and safety per attachment style under each leader, as grouped bars.
pub struct AttachmentBars<'a> {
    /// Summary statistics.
    pub summary: &'a SummaryStats,
    /// Labels.
    pub lang: Lang,
}

impl Chart for AttachmentBars<'_> {
    fn name(&self) -> String {
        "attachment".into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE).text()?;
        let titled = root
            .margin(16, 0, 0, 0)
            .titled(self.lang.attachment_title(), (FONT, TITLE))
            .text()?;
        // The legend gets its own strip at the bottom, clear of the bars.
        let (body, foot) = titled.split_vertically(titled.dim_in_pixel().1 - 64);
        let panels = body.split_evenly((1, 2));
        let variants: Vec<&String> = self.summary.variants.iter().map(|v| &v.0).collect();
        let n = variants.len().max(1) as f64;
        let label_font =
            TextStyle::from((FONT, 20).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
        for (panel, (prefix, heading)) in panels.iter().zip([
            ("grow_share", self.lang.metric("grow_share")),
            ("safety", self.lang.metric("safety")),
        ]) {
            let mut chart = ChartBuilder::on(panel)
                .caption(heading, (FONT, 30))
                .margin(20)
                .x_label_area_size(112)
                .y_label_area_size(90)
                .build_cartesian_2d(-0.5..n - 0.5, 0.0..1.0)
                .text()?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .disable_y_mesh()
                .x_labels(0)
                .y_labels(0)
                .draw()
                .text()?;
            let share = prefix == "grow_share";
            let ticks: Vec<f64> = (0..=5).map(|k| k as f64 / 5.0).collect();
            y_ticks(root, &chart, &ticks, |v| {
                if share {
                    format!("{}%", self.lang.number(v * 100.0, 0))
                } else {
                    self.lang.number(v, 1)
                }
            })?;
            // Leader names under their groups, wrapped to fit.
            let group_px = {
                let (a, _) = chart.backend_coord(&(0.0, 0.0));
                let (b, _) = chart.backend_coord(&(1.0, 0.0));
                (b - a).max(1) as usize
            };
            for (i, v) in variants.iter().enumerate() {
                let (x, y) = chart.backend_coord(&(i as f64, 0.0));
                for (k, line) in wrap(&self.lang.variant(v), (group_px / 11).max(6))
                    .iter()
                    .enumerate()
                    .take(4)
                {
                    root.draw(&Text::new(
                        line.clone(),
                        (x, y + 10 + k as i32 * 24),
                        label_font.clone(),
                    ))
                    .text()?;
                }
            }
            let width = 0.8 / AttachmentStyle::ALL.len() as f64;
            for (k, style) in AttachmentStyle::ALL.iter().enumerate() {
                let color = attachment_color(*style);
                let bars: Vec<Rectangle<(f64, f64)>> = variants
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| {
                        let (mean, _, _) = self.summary.get(v, &format!("{prefix}_{style}"))?;
                        let x0 = i as f64 - 0.4 + k as f64 * width;
                        Some(Rectangle::new(
                            [(x0, 0.0), (x0 + width * 0.92, mean)],
                            color.filled(),
                        ))
                    })
                    .collect();
                chart.draw_series(bars).text()?;
                // 95% intervals as whiskers.
                let whiskers: Vec<PathElement<(f64, f64)>> = variants
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| {
                        let (_, lo, hi) = self.summary.get(v, &format!("{prefix}_{style}"))?;
                        let x = i as f64 - 0.4 + (k as f64 + 0.46) * width;
                        Some(PathElement::new(
                            vec![(x, lo), (x, hi)],
                            BLACK.stroke_width(2),
                        ))
                    })
                    .collect();
                chart.draw_series(whiskers).text()?;
            }
        }
        let items: Vec<(Option<RGBColor>, String)> = AttachmentStyle::ALL
            .iter()
            .map(|s| {
                (
                    Some(attachment_color(*s)),
                    self.lang.attachment(*s).to_string(),
                )
            })
            .chain(std::iter::once((
                None,
                self.lang.whisker_note().to_string(),
            )))
            .collect();
        legend_row(&foot, (60, 14), &items)
    }
}

/// One run: every member as a row, every day as a column, coloured by mode.
pub struct TeamPulse<'a> {
    /// The grid.
    pub pulse: &'a Pulse,
    /// Scenario events and interventions: (day, end day, kind).
    pub timeline: &'a [(f64, f64, String)],
    /// Labels.
    pub lang: Lang,
}

impl Chart for TeamPulse<'_> {
    fn name(&self) -> String {
        "team-pulse".into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE).text()?;
        let p = self.pulse;
        let rows = p.cells.len().max(1) as f64;
        let horizon = p.days.last().copied().unwrap_or(1.0).max(1.0);
        let step = if p.days.len() > 1 {
            p.days[1] - p.days[0]
        } else {
            1.0
        };
        let styles: Vec<String> = p
            .styles
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let style = match s.as_str() {
                    "secure" => self.lang.attachment(AttachmentStyle::Secure),
                    "anxious" => self.lang.attachment(AttachmentStyle::Anxious),
                    "avoidant" => self.lang.attachment(AttachmentStyle::Avoidant),
                    "fearful" => self.lang.attachment(AttachmentStyle::Fearful),
                    _ => "",
                };
                format!("{}. {style}", i + 1)
            })
            .collect();
        // Row names only where there are rows (no empty ticks over the label band), in
        // an area as wide as the longest name ("12. Angstig-vermijdend gehecht").
        // As large as the axis numbers while the rows have room for it.
        let row_size = if p.cells.len() > 20 { 16 } else { TICKS };
        let names_width = styles
            .iter()
            .map(|n| text_width(n, row_size))
            .fold(0.0, f64::max);
        // The markers' labels sit in a band above the rows, one line per level.
        let markers = merged_markers(self.timeline, self.lang);
        let names_area = (names_width.ceil() as u32 + 20).max(260);
        // The legend sits in the right margin, as wide as its longest label ("Doel 1
        // (veiligheid eerst)" is wider than "Protect") plus the swatch before it and
        // air after it: the width estimate is not exact, and a label that touches the
        // edge reads as cut off from the back of a room.
        let legend = [
            (self.lang.grow(), GROW),
            (self.lang.protect(), PROTECT),
            (self.lang.absent(), ABSENT),
            (self.lang.vacant(), VACANT),
        ];
        let legend_width = (legend
            .iter()
            .map(|(label, _)| text_width(label, LEGEND))
            .fold(0.0, f64::max)
            .ceil() as u32
            + 70
            + LEGEND_AIR)
            .max(300);
        let plot_px = root.dim_in_pixel().0 as f64 - 30.0 - f64::from(legend_width + names_area);
        let days_per_px = (horizon + step) / plot_px.max(1.0);
        // The label starts a step after its line; keep some air before the next line.
        let lines = label_lines(&markers, |l| {
            (text_width(l, 22) + 16.0) * days_per_px + 2.0 * step
        });
        let band = lines.iter().map(|l| l + 1).max().unwrap_or(0) as f64 * 0.9;
        let mut chart = ChartBuilder::on(root)
            .caption(self.lang.pulse_title(), (FONT, TITLE))
            .margin(30)
            .margin_top(20)
            .margin_right(legend_width)
            .x_label_area_size(80)
            .y_label_area_size(names_area)
            // Rows are centred on whole numbers (member 1 on top).
            .build_cartesian_2d(0.0..horizon + step, rows - 0.5..-0.5 - band)
            .text()?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(self.lang.day())
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_labels(0)
            .label_style((FONT, TICKS))
            .axis_desc_style((FONT, AXIS))
            .draw()
            .text()?;
        let row_font =
            TextStyle::from((FONT, row_size).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
        for (k, name) in styles.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(0.0, k as f64));
            root.draw(&Text::new(name.clone(), (x - 12, y), row_font.clone()))
                .text()?;
        }
        let cells = p.cells.iter().enumerate().flat_map(|(row, column)| {
            column.iter().enumerate().filter_map(move |(k, cell)| {
                let color = match cell {
                    PulseCell::Grow => GROW,
                    PulseCell::Protect => PROTECT,
                    PulseCell::Absent => ABSENT,
                    PulseCell::Vacant => VACANT,
                    PulseCell::None => return None,
                };
                let x = p.days[k];
                Some(Rectangle::new(
                    [(x, row as f64 - 0.42), (x + step, row as f64 + 0.42)],
                    color.filled(),
                ))
            })
        });
        chart.draw_series(cells).text()?;
        let marker_color = RGBColor(40, 40, 160);
        for ((day, end, label), line) in markers.iter().zip(&lines) {
            let top = -0.5 - (*line as f64 + 0.85) * 0.9;
            if end > day {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(*day, -0.5), (*end, rows - 0.5)],
                        marker_color.mix(0.10).filled(),
                    )))
                    .text()?;
            }
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*day, top), (*day, rows - 0.5)],
                    marker_color.stroke_width(3),
                )))
                .text()?;
            chart
                .draw_series(std::iter::once(Text::new(
                    label.clone(),
                    (*day + step, top),
                    (FONT, 22).into_font().color(&marker_color),
                )))
                .text()?;
        }
        // The legend in the margin to the right of the rows.
        let (w, _) = root.dim_in_pixel();
        let x = w as i32 - legend_width as i32 + 30;
        for (k, (label, color)) in legend.into_iter().enumerate() {
            let y = 140 + k as i32 * 46;
            root.draw(&Rectangle::new([(x, y), (x + 28, y + 28)], color.filled()))
                .text()?;
            root.draw(&Text::new(
                label,
                (x + 40, y + 2),
                (FONT, LEGEND).into_font(),
            ))
            .text()?;
        }
        Ok(())
    }
}

/// A tornado chart: how much an outcome moves when each parameter is lowered or
/// raised, against the band within which a change is run-to-run noise.
pub struct Tornado<'a> {
    /// File stem.
    pub name: String,
    /// Title.
    pub title: String,
    /// (parameter label, relative change when lowered, relative change when raised),
    /// largest first.
    pub bars: &'a [(String, f64, f64)],
    /// Legend text for the lowered and raised settings.
    pub legend: (String, String),
    /// Relative change that run-to-run noise alone produces (95%), drawn as a band.
    pub noise: f64,
    /// Labels.
    pub lang: Lang,
}

impl Chart for Tornado<'_> {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE).text()?;
        let n = self.bars.len().max(1) as f64;
        let noise = if self.noise.is_finite() {
            self.noise.abs()
        } else {
            0.0
        };
        let reach = self
            .bars
            .iter()
            .map(|b| b.1.abs().max(b.2.abs()))
            .fold(noise.max(0.01), f64::max)
            * 1.15;
        let titled = root
            .margin(16, 0, 0, 0)
            .titled(&self.title, (FONT, 36))
            .text()?;
        let (body, foot) = titled.split_vertically(titled.dim_in_pixel().1 - 64);
        let mut chart = ChartBuilder::on(&body)
            .margin(24)
            .margin_right(40)
            .x_label_area_size(60)
            .y_label_area_size(600)
            .build_cartesian_2d(-reach..reach, n - 0.5..-0.5)
            .text()?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_label_formatter(&|x| format!("{}%", self.lang.signed(x * 100.0, 0)))
            .label_style((FONT, 24))
            .light_line_style(WHITE)
            .draw()
            .text()?;
        let name_font =
            TextStyle::from((FONT, 24).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
        for (i, b) in self.bars.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(-reach, i as f64));
            root.draw(&Text::new(b.0.clone(), (x - 14, y), name_font.clone()))
                .text()?;
        }
        let band = RGBColor(222, 222, 222);
        if noise > 0.0 {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(-noise, -0.5), (noise, n - 0.5)],
                    band.filled(),
                )))
                .text()?;
        }
        let low = RGBColor(52, 101, 164);
        let high = RGBColor(230, 126, 34);
        for (color, pick) in [(low, 1usize), (high, 2usize)] {
            chart
                .draw_series(self.bars.iter().enumerate().map(|(i, b)| {
                    let v = if pick == 1 { b.1 } else { b.2 };
                    let y = i as f64;
                    Rectangle::new([(0.0, y - 0.35), (v, y + 0.35)], color.filled())
                }))
                .text()?;
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, -0.5), (0.0, n - 0.5)],
                BLACK.stroke_width(2),
            )))
            .text()?;
        legend_row(
            &foot,
            (40, 14),
            &[
                (Some(low), self.legend.0.clone()),
                (Some(high), self.legend.1.clone()),
                (Some(band), self.lang.noise_band().to_string()),
            ],
        )
    }
}
