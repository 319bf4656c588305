//! Charts of a global sensitivity analysis (`teamsim explore`): the Morris mu*-sigma
//! plot and the Sobol' index bars, one chart per outcome.

use super::draw::{AXIS, Chart, Drawn, FONT, OrText, TICKS, TITLE, legend_row};
use super::labels::Lang;
use crate::explore::sobol::Indices;
use crate::model::AttachmentStyle;
use crate::sim::Outcome;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The label of a factor: the parameter's name in the language, and for one style's
/// entry of a per-style table, the style.
pub fn factor_label(path: &str, lang: Lang) -> String {
    let dutch = lang == Lang::Nl;
    if let Some(name) = super::param_names::param_name(path, dutch) {
        return name.to_string();
    }
    if let Some((param, style)) = path.rsplit_once('.')
        && let Ok(style) = style.parse::<AttachmentStyle>()
        && let Some(name) = super::param_names::param_name(param, dutch)
    {
        return format!("{name}, {}", lang.attachment(style).to_lowercase());
    }
    path.trim_start_matches("params.").to_string()
}

/// The title "<outcome>: <what>" (English, Dutch) over the chart's body and a strip
/// for the legend below it.
type Areas<DB> = (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>);
fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    outcome: Outcome,
    (en, nl): (&str, &str),
    lang: Lang,
) -> Result<Areas<DB>, String> {
    let what = match lang {
        Lang::En => en,
        Lang::Nl => nl,
    };
    let title = format!("{}: {what}", lang.outcome(outcome));
    let titled = root
        .margin(16, 0, 0, 0)
        .titled(&title, (FONT, TITLE))
        .text()?;
    Ok(titled.split_vertically(titled.dim_in_pixel().1 - 70))
}

/// Morris mu* against sigma for one outcome: far right matters, high up means the
/// effect depends on the other parameters (or curves).
pub struct MorrisPlot<'a> {
    /// The outcome (file stem `morris-<key>`).
    pub outcome: Outcome,
    /// (factor label, mu*, sigma) of every factor.
    pub points: &'a [(String, f64, f64)],
    /// How many of the largest mu* get their label written.
    pub labelled: usize,
    /// Labels.
    pub lang: Lang,
}

impl Chart for MorrisPlot<'_> {
    fn name(&self) -> String {
        format!("morris-{}", self.outcome.key())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE).text()?;
        let lang = self.lang;
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        let reach = self
            .points
            .iter()
            .map(|p| finite(p.1).max(finite(p.2)))
            .fold(1e-12, f64::max)
            * 1.08;
        let (body, foot) = frame(
            root,
            self.outcome,
            ("which parameters matter", "welke parameters tellen"),
            lang,
        )?;
        // The plot on the left, the names of the numbered points on the right.
        let (plot, key) = body.split_horizontally(body.dim_in_pixel().0 * 56 / 100);
        let mut chart = ChartBuilder::on(&plot)
            .margin(24)
            .margin_right(30)
            .x_label_area_size(80)
            .y_label_area_size(110)
            .build_cartesian_2d(0.0..reach, 0.0..reach)
            .text()?;
        let decimals = if reach < 0.1 {
            3
        } else if reach < 10.0 {
            2
        } else {
            0
        };
        chart
            .configure_mesh()
            .x_desc(match lang {
                Lang::En => "mu*: size of the effect",
                Lang::Nl => "mu*: grootte van het effect",
            })
            .y_desc(match lang {
                Lang::En => "sigma: depends on the rest",
                Lang::Nl => "sigma: hangt af van de rest",
            })
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|x| lang.number(*x, decimals))
            .y_label_formatter(&|y| lang.number(*y, decimals))
            .axis_desc_style((FONT, AXIS))
            .label_style((FONT, TICKS))
            .light_line_style(RGBColor(238, 238, 238))
            .draw()
            .text()?;
        // sigma = mu*: above it the effect is mostly interaction or curvature.
        let line = RGBColor(150, 150, 150);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (reach, reach)],
                line.stroke_width(2),
            )))
            .text()?;
        let mut order: Vec<usize> = (0..self.points.len()).collect();
        order.sort_by(|&a, &b| {
            self.points[b]
                .1
                .total_cmp(&self.points[a].1)
                .then(a.cmp(&b))
        });
        let top: Vec<usize> = order.iter().copied().take(self.labelled).collect();
        let dot = RGBColor(120, 144, 156);
        let strong = RGBColor(46, 125, 50);
        chart
            .draw_series(
                self.points
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !top.contains(i))
                    .map(|(_, p)| Circle::new((finite(p.1), finite(p.2)), 6, dot.filled())),
            )
            .text()?;
        // The largest, numbered, drawn last (the largest on top).
        let number = TextStyle::from((FONT, 22).into_font().style(FontStyle::Bold))
            .pos(Pos::new(HPos::Center, VPos::Center))
            .color(&WHITE);
        for (rank, &i) in top.iter().enumerate().rev() {
            let p = &self.points[i];
            let at = chart.backend_coord(&(finite(p.1), finite(p.2)));
            root.draw(&Circle::new(at, 17, strong.filled())).text()?;
            root.draw(&Circle::new(at, 17, WHITE.stroke_width(2)))
                .text()?;
            root.draw(&Text::new(format!("{}", rank + 1), at, number.clone()))
                .text()?;
        }
        let heading = TextStyle::from((FONT, 30).into_font().style(FontStyle::Bold));
        let entry = TextStyle::from((FONT, 25).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        key.draw(&Text::new(
            match lang {
                Lang::En => "Largest effects",
                Lang::Nl => "Grootste effecten",
            },
            (20, 30),
            heading,
        ))
        .text()?;
        for (rank, &i) in top.iter().enumerate() {
            let y = 110 + rank as i32 * 60;
            key.draw(&Circle::new((40, y), 17, strong.filled()))
                .text()?;
            key.draw(&Text::new(format!("{}", rank + 1), (40, y), number.clone()))
                .text()?;
            key.draw(&Text::new(self.points[i].0.clone(), (70, y), entry.clone()))
                .text()?;
        }
        legend_row(
            &foot,
            (40, 16),
            &[
                (
                    Some(dot),
                    match lang {
                        Lang::En => "one dot per parameter".to_string(),
                        Lang::Nl => "een stip per parameter".to_string(),
                    },
                ),
                (
                    Some(line),
                    match lang {
                        Lang::En => "above the line: mostly interplay with others".to_string(),
                        Lang::Nl => "boven de lijn: vooral samenspel met andere".to_string(),
                    },
                ),
            ],
        )
    }
}

/// Sobol' indices of the factors for one outcome: first order (alone) and total (with
/// interactions), each with its 95% interval, largest total first.
pub struct SobolBars<'a> {
    /// The outcome (file stem `sobol-<key>`).
    pub outcome: Outcome,
    /// (factor label, its indices), in the order drawn.
    pub bars: &'a [(String, Indices)],
    /// Labels.
    pub lang: Lang,
}

impl Chart for SobolBars<'_> {
    fn name(&self) -> String {
        format!("sobol-{}", self.outcome.key())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn {
        root.fill(&WHITE).text()?;
        let lang = self.lang;
        let n = self.bars.len().max(1) as f64;
        let reach = self
            .bars
            .iter()
            .map(|b| b.1.total_ci.1.max(b.1.first_ci.1))
            .filter(|v| v.is_finite())
            .fold(0.1, f64::max)
            .min(1.2)
            * 1.05;
        let (body, foot) = frame(
            root,
            self.outcome,
            ("share of its variance", "aandeel in de spreiding"),
            lang,
        )?;
        let mut chart = ChartBuilder::on(&body)
            .margin(24)
            .margin_right(50)
            .x_label_area_size(60)
            .y_label_area_size(620)
            .build_cartesian_2d(-0.02..reach, n - 0.5..-0.5)
            .text()?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_label_formatter(&|x| format!("{}%", lang.number(x * 100.0, 0)))
            .label_style((FONT, TICKS))
            .light_line_style(RGBColor(238, 238, 238))
            .draw()
            .text()?;
        let name_font =
            TextStyle::from((FONT, 26).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
        for (i, b) in self.bars.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(-0.02, i as f64));
            root.draw(&Text::new(b.0.clone(), (x - 14, y), name_font.clone()))
                .text()?;
        }
        let first = RGBColor(52, 101, 164);
        let total = RGBColor(230, 126, 34);
        let clamp = |v: f64| v.clamp(-0.02, reach);
        for (color, offset, pick) in [(total, -0.19, true), (first, 0.19, false)] {
            chart
                .draw_series(self.bars.iter().enumerate().map(|(i, b)| {
                    let v = if pick { b.1.total } else { b.1.first };
                    let y = i as f64 + offset;
                    Rectangle::new([(0.0, y - 0.17), (clamp(v), y + 0.17)], color.filled())
                }))
                .text()?;
            chart
                .draw_series(self.bars.iter().enumerate().map(|(i, b)| {
                    let (lo, hi) = if pick { b.1.total_ci } else { b.1.first_ci };
                    let y = i as f64 + offset;
                    PathElement::new(vec![(clamp(lo), y), (clamp(hi), y)], BLACK.stroke_width(3))
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
            (40, 16),
            &[
                (
                    Some(total),
                    match lang {
                        Lang::En => "total (with interplay)".to_string(),
                        Lang::Nl => "totaal (met samenspel)".to_string(),
                    },
                ),
                (
                    Some(first),
                    match lang {
                        Lang::En => "alone (first order)".to_string(),
                        Lang::Nl => "alleen (eerste orde)".to_string(),
                    },
                ),
                (
                    None,
                    match lang {
                        Lang::En => "black lines: 95% interval".to_string(),
                        Lang::Nl => "zwarte lijnen: 95%-interval".to_string(),
                    },
                ),
            ],
        )
    }
}
