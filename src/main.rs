//! The `teamsim` command line: argument parsing and exit codes only.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use teamsim::app;

/// A discrete-event simulator of team dynamics under secure base leadership.
#[derive(Parser)]
#[command(name = "teamsim", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario once and write its daily time series and summary as CSV.
    Run {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Seed to use instead of the scenario's.
        #[arg(long)]
        seed: Option<u64>,
        /// Output directory (default: output/<scenario-name>/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check scenario files and report every problem with its field and allowed range.
    Validate {
        /// One or more scenario files.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// List every model parameter with its default, allowed range and meaning.
    Params,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run {
            scenario,
            seed,
            out,
            quiet,
        } => {
            let report = app::run(&app::RunOptions {
                scenario,
                seed,
                out,
            })?;
            if !quiet {
                println!("{}", report.describe());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { scenarios } => {
            let mut failed = false;
            for path in &scenarios {
                match app::validate(path) {
                    Ok(line) => println!("{line}"),
                    Err(e) => {
                        eprintln!("error: {e:#}");
                        failed = true;
                    }
                }
            }
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Params => {
            print!("{}", app::params_table());
            Ok(ExitCode::SUCCESS)
        }
    }
}
