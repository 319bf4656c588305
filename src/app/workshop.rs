//! `teamsim workshop`: computes the caring x daring grid of a scenario and writes the
//! offline workshop page (see [`crate::workshop`]).

use super::plan::{Input, check_flag, threads};
use super::{AppError, Progress, default_out_dir};
use crate::chart::Lang;
use crate::output::OutputError;
use crate::problem::Said;
use crate::workshop::{self, WorkshopSpec};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// Options of `teamsim workshop`.
#[derive(Debug, Clone)]
pub struct WorkshopOptions {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Language the page opens in (it can switch on the page).
    pub lang: Lang,
    /// Points per axis.
    pub grid: usize,
    /// Runs per grid point.
    pub runs: u64,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Root seed instead of the scenario's.
    pub seed: Option<u64>,
    /// The page to write (default `output/<scenario-name>/workshop.html`).
    pub out: Option<PathBuf>,
}

/// What `teamsim workshop` made.
#[derive(Debug, Clone)]
pub struct WorkshopReport {
    /// The page.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Grid points computed (both grids when the scenario has interventions).
    pub cells: u64,
}

/// Marks a page as teamsim's, so that `--out` never replaces a file of the user's.
const GENERATOR: &str = r#"<meta name="generator" content="teamsim workshop">"#;

/// `teamsim workshop`.
pub fn workshop(
    opts: &WorkshopOptions,
    progress: &dyn Progress,
) -> Result<WorkshopReport, AppError> {
    // The arguments first, in the user's terms, before the scenario is read.
    check_flag("--grid", opts.grid, workshop::GRID_RANGE)?;
    check_flag("--runs", opts.runs, (1, workshop::MAX_RUNS))?;
    let threads = threads(opts.threads)?;
    let input = Input::read(&opts.scenario, opts.seed)?;
    let scenario = input.scenario;
    let path = opts
        .out
        .clone()
        .unwrap_or_else(|| default_out_dir(&scenario).join("workshop.html"));
    let spec = WorkshopSpec {
        scenario,
        seed: input.seed,
        grid: opts.grid,
        runs: opts.runs,
    };
    spec.check()?;
    check_target(&path)?;
    let cells = workshop::cell_count(&spec);
    // One tick per grid point, of `runs` runs each.
    progress.start(cells, opts.runs as usize);
    let data = workshop::compute(&spec, threads, &|| progress.tick());
    progress.finish();
    let page = workshop::render(&data?, opts.lang)
        .map_err(super::internal)?
        .replacen(
            "<meta charset=\"utf-8\">",
            &format!("<meta charset=\"utf-8\">\n{GENERATOR}"),
            1,
        );
    crate::output::replace_file(&path, page.as_bytes(), "workshop-before-rename")?;
    Ok(WorkshopReport {
        path,
        bytes: page.len() as u64,
        cells,
    })
}

/// Refuses a target that is a folder, or a file that is not an earlier workshop page.
fn check_target(path: &Path) -> Result<(), AppError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(cause) => {
            return Err(OutputError::Read {
                path: path.to_path_buf(),
                cause,
            }
            .into());
        }
    };
    if !meta.is_file() {
        let p = path.display();
        return Err(AppError::Usage(Said::new(
            format!(
                "--out {p} is not a file: give the path of the page to write, e.g. {p}/workshop.html"
            ),
            format!(
                "--out {p} is geen bestand: geef het pad van de pagina die geschreven moet worden, bijvoorbeeld {p}/workshop.html"
            ),
        )));
    }
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)
        .and_then(|f| f.take(1024).read_to_end(&mut head))
        .map_err(|cause| OutputError::Read {
            path: path.to_path_buf(),
            cause,
        })?;
    if !String::from_utf8_lossy(&head).contains(GENERATOR) {
        let p = path.display();
        return Err(AppError::Usage(Said::new(
            format!(
                "{p} already exists and is not a teamsim workshop page; it was left alone: choose another --out"
            ),
            format!(
                "{p} bestaat al en is geen workshoppagina van teamsim; het is niet aangeraakt: kies een andere --out"
            ),
        )));
    }
    Ok(())
}
