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

/// What our own English messages say; none of it may reach a Dutch reader. (What the
/// TOML reader or the operating system says is passed on in their words, after a Dutch
/// lead that says so.)
const ENGLISH: [&str; 14] = [
    "error:",
    "problems:",
    " problem:",
    "line ",
    "column",
    "is out of range",
    "must be",
    "unknown field",
    "is not a name teamsim knows",
    "did you mean",
    "cannot read the scenario",
    "TOML parse error",
    "is text, but",
    "not UTF-8",
];

#[test]
fn every_bad_scenario_is_refused_in_dutch_with_lang_nl() {
    let dir = tempfile::tempdir().unwrap();
    for file in corpus() {
        let f = file.to_str().unwrap();
        let name = file.file_name().unwrap().to_string_lossy();
        let o = teamsim_in(&["validate", f, "--lang", "nl"], Some(dir.path()));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        assert!(err.starts_with("fout: "), "{name}: {err}");
        assert!(err.contains(&*name), "{name}: {err}");
        // The reader's own explanation below a syntax error's marked line is English.
        let ours = match err.split_once("(de uitleg van de TOML-lezer hieronder is in het Engels)")
        {
            Some((before, _)) => before.to_string(),
            None => err.clone(),
        };
        for phrase in ENGLISH {
            assert!(
                !ours.contains(phrase),
                "{name}: `{phrase}` in Dutch output: {err}"
            );
        }
        // The same problems as in English, line for line.
        let en = stderr(&teamsim_in(&["validate", f], Some(dir.path())));
        assert_eq!(
            en.lines().count(),
            err.lines().count(),
            "{name}:\n{en}\n{err}"
        );
    }
}
