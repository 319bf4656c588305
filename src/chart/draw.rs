//! The charts. Each is a small struct that draws itself on any plotters backend, so
//! the same code makes the PNG and the SVG.

use super::data::{Cells, DailyStats, Pulse, PulseCell, SummaryStats};
use super::labels::Lang;
use crate::model::{AttachmentStyle, Quadrant};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;

/// Result of drawing: plotters' errors are carried as text.
pub type Drawn = Result<(), String>;

trait OrText<T> {
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

const FONT: &str = "sans-serif";
const TITLE: u32 = 46;
const AXIS: u32 = 30;
const TICKS: u32 = 26;
const LEGEND: u32 = 26;

/// The colour of a leadership variant: fixed per quadrant (the secure base is the
/// green box of the caring/daring grid), a palette for named variants.
pub fn variant_color(name: &str, index: usize) -> RGBColor {
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

fn is_unit(metric: &str) -> bool {
    matches!(
        metric,
        "safety"
            | "shown_safety"
            | "grow_share"
            | "alarm"
            | "uncertainty"
            | "trust"
            | "strain"
            | "competence"
            | "output"
    ) || metric.starts_with("grow_share_")
        || metric.starts_with("safety_")
        || metric.starts_with("alarm_")
}

/// A metric over time, one line per leadership variant with its bands.
pub struct Trajectory<'a> {
    /// The statistics.
    pub data: &'a DailyStats,
    /// The metric.
    pub metric: String,
    /// Labels.
    pub lang: Lang,
}

impl Chart for Trajectory<'_> {
    fn name(&self) -> String {
        format!("trajectory-{}", self.metric)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE).text()?;
        let all: Vec<_> = self
            .data
            .variants
            .iter()
            .flat_map(|v| self.data.series(v, &self.metric).iter())
            .collect();
        let horizon = all.iter().map(|p| p.day).fold(1.0, f64::max);
        let (lo, hi) = if is_unit(&self.metric) {
            (0.0, 1.0)
        } else {
            let lo = all.iter().map(|p| p.spread.0).fold(f64::INFINITY, f64::min);
            let hi = all
                .iter()
                .map(|p| p.spread.1)
                .fold(f64::NEG_INFINITY, f64::max);
            if lo.is_finite() && hi > lo {
                (lo.min(0.0), hi * 1.05)
            } else {
                (0.0, 1.0)
            }
        };
        let mut chart = ChartBuilder::on(root)
            .caption(self.lang.trajectory_title(&self.metric), (FONT, TITLE))
            .margin(30)
            .x_label_area_size(90)
            .y_label_area_size(110)
            .build_cartesian_2d(0.0..horizon, lo..hi)
            .text()?;
        chart
            .configure_mesh()
            .x_desc(self.lang.day())
            .y_desc(self.lang.metric(&self.metric))
            .x_label_formatter(&|v| format!("{v:.0}"))
            .label_style((FONT, TICKS))
            .axis_desc_style((FONT, AXIS))
            .light_line_style(WHITE)
            .draw()
            .text()?;
        for (i, variant) in self.data.variants.iter().enumerate() {
            let series = self.data.series(variant, &self.metric);
            if series.is_empty() {
                continue;
            }
            let color = variant_color(variant, i);
            for (band, alpha) in [(true, 0.12), (false, 0.30)] {
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
                    color.stroke_width(5),
                ))
                .text()?
                .label(self.lang.variant(variant))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x - 4, y), (x + 16, y)], color.stroke_width(6))
                });
        }
        chart
            .configure_series_labels()
            .label_font((FONT, LEGEND))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::LowerRight)
            .draw()
            .text()?;
        let (_, h) = root.dim_in_pixel();
        root.draw(&Text::new(
            self.lang.band_note(),
            (140, h as i32 - 30),
            (FONT, 20).into_font().color(&RGBColor(90, 90, 90)),
        ))
        .text()?;
        Ok(())
    }
}

/// The share in Grow and Protect over time, as 2x2 panels laid out like the grid.
pub struct DoelGrid<'a> {
    /// Daily statistics (grow_share).
    pub data: &'a DailyStats,
    /// Where each variant sits on the grid.
    pub summary: &'a SummaryStats,
    /// Labels.
    pub lang: Lang,
}

impl Chart for DoelGrid<'_> {
    fn name(&self) -> String {
        "doel-grid".into()
    }

    fn size(&self) -> (u32, u32) {
        (1600, 1200)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE).text()?;
        let titled = root
            .margin(16, 0, 0, 0)
            .titled(self.lang.doel_title(), (FONT, TITLE))
            .text()?;
        // A strip at the bottom for the axis note and the legend.
        let (grid, foot) = titled.split_vertically(titled.dim_in_pixel().1 - 70);
        let panels = grid.split_evenly((2, 2));
        // Top row is high daring; left column is low caring.
        let layout = [
            Quadrant::Dominating,
            Quadrant::SecureBase,
            Quadrant::Avoiding,
            Quadrant::Pleasing,
        ];
        for (panel, quadrant) in panels.iter().zip(layout) {
            let variant = self
                .summary
                .variants
                .iter()
                .find(|(_, c, d)| Quadrant::of(*c, *d) == quadrant);
            let title = match variant {
                Some((name, c, d)) if name.parse::<Quadrant>().is_ok() => format!(
                    "{} (caring {c:.1}, daring {d:.1})",
                    self.lang.quadrant(quadrant)
                ),
                Some((name, c, d)) => format!(
                    "{}: {name} (caring {c:.1}, daring {d:.1})",
                    self.lang.quadrant(quadrant)
                ),
                None => self.lang.quadrant(quadrant).to_string(),
            };
            let series =
                variant.map_or(&[][..], |(name, _, _)| self.data.series(name, "grow_share"));
            let horizon = series.iter().map(|p| p.day).fold(1.0, f64::max);
            let mut chart = ChartBuilder::on(panel)
                .caption(title, (FONT, 32))
                .margin(18)
                .x_label_area_size(50)
                .y_label_area_size(70)
                .build_cartesian_2d(0.0..horizon, 0.0..1.0)
                .text()?;
            chart
                .configure_mesh()
                .label_style((FONT, 22))
                .light_line_style(WHITE)
                .x_label_formatter(&|v| format!("{v:.0}"))
                .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
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
        }
        legend_row(
            &foot,
            (40, 18),
            &[
                (
                    None,
                    format!("→ {}   ↑ {}", self.lang.caring(), self.lang.daring()),
                ),
                (Some(GROW), self.lang.grow().to_string()),
                (Some(PROTECT), self.lang.protect().to_string()),
            ],
        )
    }
}

/// Draws a row of legend items (an optional colour square, then text) from `at`,
/// measuring each text so items never overlap.
fn legend_row<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    items: &[(Option<RGBColor>, String)],
) -> Drawn {
    let font = (FONT, 28).into_font();
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
        let label_style = (FONT, 30).into_font().color(&WHITE);
        for (q, (x, y)) in [
            (Quadrant::Dominating, (0.02, 0.97)),
            (Quadrant::SecureBase, (0.52, 0.97)),
            (Quadrant::Avoiding, (0.02, 0.47)),
            (Quadrant::Pleasing, (0.52, 0.47)),
        ] {
            chart
                .draw_series(std::iter::once(Text::new(
                    self.lang.quadrant(q).to_string(),
                    (x, y),
                    label_style.clone(),
                )))
                .text()?;
        }
        // The colour bar.
        let mut bar = ChartBuilder::on(&bar_area)
            .margin_top(140)
            .margin_bottom(120)
            .margin_right(20)
            .y_label_area_size(100)
            .build_cartesian_2d(0.0..1.0, min..max)
            .text()?;
        bar.configure_mesh()
            .disable_mesh()
            .disable_x_axis()
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
        let panels = titled.split_evenly((1, 2));
        let variants: Vec<&String> = self.summary.variants.iter().map(|v| &v.0).collect();
        let n = variants.len().max(1) as f64;
        for (panel, (prefix, heading)) in panels.iter().zip([
            ("grow_share", self.lang.metric("grow_share")),
            ("safety", self.lang.metric("safety")),
        ]) {
            let mut chart = ChartBuilder::on(panel)
                .caption(heading, (FONT, 30))
                .margin(20)
                .x_label_area_size(70)
                .y_label_area_size(80)
                .build_cartesian_2d(-0.5..n - 0.5, 0.0..1.0)
                .text()?;
            let names: Vec<String> = variants.iter().map(|v| self.lang.variant(v)).collect();
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(variants.len())
                .x_label_formatter(&|x| {
                    let k = x.round();
                    if (x - k).abs() < 0.01 && k >= 0.0 {
                        names.get(k as usize).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .label_style((FONT, 22))
                .light_line_style(WHITE)
                .draw()
                .text()?;
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
                let drawn = chart.draw_series(bars).text()?;
                if prefix == "grow_share" {
                    drawn
                        .label(self.lang.attachment(*style))
                        .legend(move |(x, y)| {
                            Rectangle::new([(x, y - 10), (x + 24, y + 10)], color.filled())
                        });
                }
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
            if prefix == "grow_share" {
                chart
                    .configure_series_labels()
                    .label_font((FONT, 22))
                    .background_style(WHITE.mix(0.9))
                    .border_style(BLACK)
                    .position(SeriesLabelPosition::UpperLeft)
                    .draw()
                    .text()?;
            }
        }
        Ok(())
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
        let mut chart = ChartBuilder::on(root)
            .caption(self.lang.pulse_title(), (FONT, TITLE))
            .margin(30)
            .margin_top(20)
            .x_label_area_size(80)
            .y_label_area_size(260)
            // Rows are centred on whole numbers (member 1 on top); the band above row 0
            // holds the event labels on four staggered lines.
            .build_cartesian_2d(0.0..horizon + step, rows - 0.5..-4.0)
            .text()?;
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
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(self.lang.day())
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_labels(p.cells.len() + 4)
            .y_label_formatter(&|y| {
                let k = y.round();
                if (y - k).abs() < 0.01 && k >= 0.0 {
                    styles.get(k as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .label_style((FONT, if p.cells.len() > 20 { 16 } else { 22 }))
            .axis_desc_style((FONT, AXIS))
            .draw()
            .text()?;
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
        // Each label takes the lowest of four lines where it does not run into the
        // previous label (widths estimated from the character count), else the line
        // that frees up first.
        let days_per_px = (horizon + step) / (root.dim_in_pixel().0 as f64 - 360.0);
        let mut line_end = [f64::NEG_INFINITY; 4];
        for (day, end, kind) in self.timeline {
            let label = self.lang.event(kind);
            let width = (label.chars().count() as f64 * 13.0 + 24.0) * days_per_px;
            let level = (0..4).find(|&l| line_end[l] < *day).unwrap_or_else(|| {
                (0..4)
                    .min_by(|&a, &b| line_end[a].total_cmp(&line_end[b]))
                    .unwrap_or(0)
            });
            line_end[level] = day + width;
            let top = -0.9 - level as f64 * 0.8;
            if end > day {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(*day, -0.5), (*end, rows - 0.5)],
                        RGBColor(40, 40, 160).mix(0.10).filled(),
                    )))
                    .text()?;
            }
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*day, top), (*day, rows - 0.5)],
                    RGBColor(40, 40, 160).stroke_width(3),
                )))
                .text()?;
            chart
                .draw_series(std::iter::once(Text::new(
                    label,
                    (*day + step, top - 0.2),
                    (FONT, 22).into_font().color(&RGBColor(40, 40, 160)),
                )))
                .text()?;
        }
        for (label, color) in [
            (self.lang.grow(), GROW),
            (self.lang.protect(), PROTECT),
            (self.lang.absent(), ABSENT),
            (self.lang.vacant(), VACANT),
        ] {
            chart
                .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
                .text()?
                .label(label)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 10), (x + 24, y + 10)], color.filled())
                });
        }
        chart
            .configure_series_labels()
            .label_font((FONT, 22))
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .text()?;
        Ok(())
    }
}

/// A tornado chart: how much an outcome moves when each parameter is lowered or raised.
pub struct Tornado<'a> {
    /// File stem.
    pub name: String,
    /// Title.
    pub title: String,
    /// (parameter, relative change when lowered, relative change when raised), largest first.
    pub bars: &'a [(String, f64, f64)],
    /// Legend text for the lowered and raised settings.
    pub legend: (String, String),
}

impl Chart for Tornado<'_> {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE).text()?;
        let n = self.bars.len().max(1) as f64;
        let reach = self
            .bars
            .iter()
            .map(|b| b.1.abs().max(b.2.abs()))
            .fold(0.01, f64::max)
            * 1.15;
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FONT, 40))
            .margin(30)
            .x_label_area_size(70)
            .y_label_area_size(520)
            .build_cartesian_2d(-reach..reach, n - 0.5..-0.5)
            .text()?;
        let labels: Vec<&str> = self.bars.iter().map(|b| b.0.as_str()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(self.bars.len() + 2)
            .y_label_formatter(&|y| {
                let k = y.round();
                if (y - k).abs() < 0.01 && k >= 0.0 {
                    labels
                        .get(k as usize)
                        .map(|s| s.to_string())
                        .unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|x| format!("{:+.0}%", x * 100.0))
            .label_style((FONT, 20))
            .draw()
            .text()?;
        let low = RGBColor(52, 101, 164);
        let high = RGBColor(230, 126, 34);
        for (color, pick, label) in [
            (low, 1usize, &self.legend.0),
            (high, 2usize, &self.legend.1),
        ] {
            chart
                .draw_series(self.bars.iter().enumerate().map(|(i, b)| {
                    let v = if pick == 1 { b.1 } else { b.2 };
                    let y = i as f64;
                    Rectangle::new([(0.0, y - 0.35), (v, y + 0.35)], color.filled())
                }))
                .text()?
                .label(label.clone())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 10), (x + 24, y + 10)], color.filled())
                });
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, -0.5), (0.0, n - 0.5)],
                BLACK.stroke_width(2),
            )))
            .text()?;
        chart
            .configure_series_labels()
            .label_font((FONT, 22))
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .position(SeriesLabelPosition::LowerRight)
            .draw()
            .text()?;
        Ok(())
    }
}
