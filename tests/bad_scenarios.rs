//! Every file in `tests/bad_scenarios/` (malformed or hostile scenarios) must be
//! refused with a clear message and exit status 1: no panic, nothing written.

mod common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_scenarios");
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn assert_refused(file: &Path) {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("out");
    let f = file.to_str().unwrap();
    for args in [
        vec!["validate", f],
        vec!["run", f, "--out", target.to_str().unwrap()],
        vec![
            "compare",
            f,
            "--runs",
            "2",
            "--out",
            target.to_str().unwrap(),
        ],
    ] {
        let o = teamsim_in(&args, Some(out.path()));
        let err = stderr(&o);
        let name = file.file_name().unwrap().to_string_lossy();
        assert_eq!(
            o.status.code(),
            Some(1),
            "{name} {args:?} was not refused: {err}"
        );
        assert!(
            err.contains(&*name),
            "{name}: the message must name the file: {err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(
            err.lines().count() <= 40,
            "{name}: an overlong message: {err}"
        );
    }
    assert!(!target.exists(), "{}: output was written", file.display());
    assert!(!out.path().join("output").exists());
}

#[test]
fn the_corpus_has_at_least_200_files() {
    assert!(corpus().len() >= 200, "{}", corpus().len());
}

#[test]
fn every_bad_scenario_is_refused_cleanly() {
    for file in corpus() {
        assert_refused(&file);
    }
}

#[test]
fn a_file_over_one_mebibyte_is_refused_before_it_is_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.toml");
    let mut text =
        String::from("name = \"huge\"\n[team]\nsize = 12\n[leader]\nquadrant = \"pleasing\"\n");
    while text.len() <= 1 << 20 {
        text.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    fs::write(&file, text).unwrap();
    let o = teamsim(&["validate", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("more than 1048576 bytes (1 MiB)"),
        "{}",
        stderr(&o)
    );
}
