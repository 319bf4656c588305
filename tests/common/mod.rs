//! The harness shared by the integration tests: run the real binary, find the bundled
//! scenarios.
#![allow(dead_code)] // each test file uses its own subset

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `teamsim` with `args` in the current directory.
pub fn teamsim(args: &[&str]) -> Output {
    teamsim_in(args, None)
}

/// Runs `teamsim` with `args`, in `cwd` if given.
pub fn teamsim_in(args: &[&str], cwd: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_teamsim"));
    cmd.args(args);
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    cmd.output().expect("the teamsim binary runs")
}

/// The path of a bundled scenario.
pub fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
        .display()
        .to_string()
}

/// What the command wrote to stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `teamsim` with `args` and extra environment variables.
pub fn teamsim_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_teamsim"));
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the teamsim binary runs")
}

/// The path of the teamsim binary under test.
pub fn teamsim_bin() -> &'static str {
    env!("CARGO_BIN_EXE_teamsim")
}

/// The result files of a batch folder that must match byte for byte (the manifest
/// carries the date and is left out).
pub fn results(dir: &Path, names: &[&str]) -> Vec<(String, Vec<u8>)> {
    names
        .iter()
        .map(|n| {
            (
                n.to_string(),
                fs::read(dir.join(n)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(n).display())),
            )
        })
        .collect()
}

/// The result files of `compare` (besides the manifest).
pub const COMPARE_FILES: [&str; 6] = [
    "runs.csv",
    "daily_stats.csv",
    "summary_stats.csv",
    "differences.csv",
    "table.txt",
    "timeline.csv",
];
