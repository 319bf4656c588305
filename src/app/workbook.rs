//! `--xlsx`: an Excel workbook beside the CSV files of `compare` and `sweep`, with
//! English or Dutch headers and number formats. CSV stays the tidy long format for R
//! and pandas; the workbook is for people who open results in Excel, where a CSV with
//! decimal points opens as one column under Dutch settings.

use super::AppError;
use crate::batch::{Aggregates, BatchSpec, DIFF_OUTCOMES};
use crate::chart::Lang;
use crate::output::OutputError;
use crate::sim::{DAILY_METRICS, Outcome};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The file name of the workbook in the batch folder.
pub const WORKBOOK: &str = "results.xlsx";

/// How a value is shown in Excel.
#[derive(Clone, Copy)]
enum Shown {
    /// A share, as a percentage with one decimal.
    Percent,
    /// A number with this many decimals.
    Decimals(usize),
}

/// The summary values in the workbook, in column order (named by `Lang::outcome`).
const SUMMARY: [Outcome; 9] = Outcome::ALL;

/// How the workbook shows `o`.
fn shown(o: Outcome) -> Shown {
    match o {
        Outcome::GrowShare => Shown::Percent,
        Outcome::Safety | Outcome::Trust | Outcome::Output => Shown::Decimals(3),
        Outcome::ProtectEpisodes | Outcome::ProtectEpisodeDays | Outcome::Departures => {
            Shown::Decimals(2)
        }
        Outcome::Learning => Shown::Decimals(0),
        Outcome::AbsenceDays => Shown::Decimals(1),
    }
}

/// The daily series in the workbook.
const DAILY: [(&str, Shown); 4] = [
    ("grow_share", Shown::Percent),
    ("safety", Shown::Decimals(3)),
    ("learning", Shown::Decimals(1)),
    ("absent", Shown::Decimals(2)),
];

fn pick(lang: Lang, en: &'static str, nl: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Nl => nl,
    }
}

fn format_of(shown: Shown) -> Format {
    let pattern = match shown {
        Shown::Percent => "0.0%".to_string(),
        Shown::Decimals(0) => "#,##0".to_string(),
        Shown::Decimals(d) => format!("0.{}", "0".repeat(d)),
    };
    Format::new().set_num_format(pattern)
}

fn header_format() -> Format {
    Format::new().set_bold().set_text_wrap()
}

/// Writes one header row.
fn headers(sheet: &mut Worksheet, names: &[String]) -> Result<(), XlsxError> {
    let bold = header_format();
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, name, &bold)?;
    }
    sheet.set_row_height(0, 45)?;
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}

/// Writes `value` at (row, col) in its format, or leaves the cell empty.
fn number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<f64>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value.filter(|v| v.is_finite()) {
        Some(v) => sheet
            .write_number_with_format(row, col, v, format)
            .map(|_| ()),
        None => Ok(()),
    }
}

/// The workbook of a comparison: per leader the mean and 95% interval of each summary
/// value; the paired differences from the reference; the daily means.
fn compare_book(spec: &BatchSpec, agg: &Aggregates, lang: Lang) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let leader = pick(lang, "Leader", "Leider");
    let (mean, low, high) = (
        pick(lang, "mean", "gemiddelde"),
        pick(lang, "95% CI from", "95%-BI van"),
        pick(lang, "95% CI to", "95%-BI tot"),
    );

    let sheet = book.add_worksheet();
    sheet.set_name(pick(lang, "Leaders", "Leiders"))?;
    let mut names = vec![leader.to_string()];
    for o in SUMMARY {
        let label = lang.outcome(o);
        names.extend([
            format!("{label}: {mean}"),
            format!("{label}: {low}"),
            format!("{label}: {high}"),
        ]);
    }
    headers(sheet, &names)?;
    sheet.set_column_width(0, 28)?;
    for (v, variant) in spec.variants.iter().enumerate() {
        let row = v as u32 + 1;
        sheet.write_string(row, 0, lang.variant(&variant.name))?;
        for (k, o) in SUMMARY.into_iter().enumerate() {
            let format = format_of(shown(o));
            let stats = agg.summary_named(v, o.field()).and_then(|a| a.stats());
            let col = 1 + 3 * k as u16;
            number(sheet, row, col, stats.map(|s| s.mean), &format)?;
            number(sheet, row, col + 1, stats.map(|s| s.ci_low), &format)?;
            number(sheet, row, col + 2, stats.map(|s| s.ci_high), &format)?;
        }
    }

    if let Some(reference) = spec.reference {
        let sheet = book.add_worksheet();
        sheet.set_name(pick(lang, "Differences", "Verschillen"))?;
        let against = lang.variant(&spec.variants[reference].name);
        let mut names = vec![format!(
            "{leader} ({} {against})",
            pick(lang, "minus", "min")
        )];
        for o in DIFF_OUTCOMES {
            let label = lang.outcome(o);
            names.extend([
                format!("{label}: {}", pick(lang, "difference", "verschil")),
                format!("{label}: {low}"),
                format!("{label}: {high}"),
            ]);
        }
        headers(sheet, &names)?;
        sheet.set_column_width(0, 34)?;
        let mut row = 1;
        for (v, variant) in spec.variants.iter().enumerate() {
            if v == reference {
                continue;
            }
            sheet.write_string(row, 0, lang.variant(&variant.name))?;
            for (k, o) in DIFF_OUTCOMES.into_iter().enumerate() {
                let format = format_of(shown(o));
                let stats = agg.diff(v, k).stats();
                let col = 1 + 3 * k as u16;
                number(sheet, row, col, stats.map(|s| s.mean), &format)?;
                number(sheet, row, col + 1, stats.map(|s| s.ci_low), &format)?;
                number(sheet, row, col + 2, stats.map(|s| s.ci_high), &format)?;
            }
            row += 1;
        }
    }

    if agg.observations() > 0 {
        let sheet = book.add_worksheet();
        sheet.set_name(pick(lang, "Per day", "Per dag"))?;
        let mut names = vec![lang.day().to_string()];
        let metrics: Vec<(usize, Shown, String)> = DAILY
            .iter()
            .filter_map(|(m, shown)| {
                DAILY_METRICS
                    .iter()
                    .position(|x| x == m)
                    .map(|i| (i, *shown, lang.metric(m)))
            })
            .collect();
        for (_, _, label) in &metrics {
            for variant in &spec.variants {
                names.push(format!("{label}: {}", lang.variant(&variant.name)));
            }
        }
        headers(sheet, &names)?;
        let whole = Format::new().set_num_format("0");
        for (t, day) in spec.days().iter().enumerate() {
            let row = t as u32 + 1;
            number(sheet, row, 0, Some(*day), &whole)?;
            let mut col = 1;
            for (i, shown, _) in &metrics {
                let format = format_of(*shown);
                for v in 0..spec.variants.len() {
                    let mean = agg.daily(v, t, *i).stats().map(|s| s.mean);
                    number(sheet, row, col, mean, &format)?;
                    col += 1;
                }
            }
        }
    }
    Ok(book)
}

/// The workbook of a sweep: one row per cell with the means of its summary values.
fn sweep_book(spec: &BatchSpec, agg: &Aggregates, lang: Lang) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(pick(lang, "Grid", "Raster"))?;
    let mut names = vec![lang.caring().to_string(), lang.daring().to_string()];
    names.extend(SUMMARY.map(|o| lang.outcome(o).to_string()));
    headers(sheet, &names)?;
    let two = Format::new().set_num_format("0.00");
    for (v, variant) in spec.variants.iter().enumerate() {
        let row = v as u32 + 1;
        number(sheet, row, 0, Some(variant.caring), &two)?;
        number(sheet, row, 1, Some(variant.daring), &two)?;
        for (k, o) in SUMMARY.into_iter().enumerate() {
            let mean = agg
                .summary_named(v, o.field())
                .and_then(|a| a.stats())
                .map(|s| s.mean);
            number(sheet, row, 2 + k as u16, mean, &format_of(shown(o)))?;
        }
    }
    Ok(book)
}

/// Writes the workbook of a compare (`sweep` false) or sweep into `path`.
pub(super) fn write_workbook(
    path: &Path,
    sweep: bool,
    spec: &BatchSpec,
    agg: &Aggregates,
    lang: Lang,
) -> Result<(), AppError> {
    let built = if sweep {
        sweep_book(spec, agg, lang)
    } else {
        compare_book(spec, agg, lang)
    };
    let cause = |e: XlsxError| {
        AppError::Output(OutputError::Io {
            path: path.to_path_buf(),
            cause: std::io::Error::other(e.to_string()),
        })
    };
    built.map_err(cause)?.save(path).map_err(cause)
}
