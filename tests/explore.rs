//! `teamsim explore`: global sensitivity (issue 16), run through the real binary.

mod common;

use common::{scenario, stderr, teamsim};
use std::fs;
use std::path::Path;

fn explore(out: &Path, extra: &[&str]) -> std::process::Output {
    let out = out.display().to_string();
    let base = scenario("baseline.toml");
    let mut args = vec!["explore", &base, "--out", &out, "--quiet"];
    args.extend_from_slice(extra);
    teamsim(&args)
}

const FEW: &str =
    "params.setback.base_rate,params.member.threat_sensitivity,params.contact.support_safety";

#[test]
fn morris_gives_the_same_files_on_one_or_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (out, j) in [(&a, "1"), (&b, "2")] {
        let o = explore(
            out,
            &[
                "--params",
                FEW,
                "--trajectories",
                "3",
                "--runs",
                "2",
                "-j",
                j,
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for file in ["factors.csv", "points.csv", "morris.csv", "table.txt"] {
        let (x, y) = (
            fs::read(a.join(file)).unwrap(),
            fs::read(b.join(file)).unwrap(),
        );
        assert!(
            !x.is_empty() && x == y,
            "{file} differs between 1 and 2 threads"
        );
    }
    // A per-style parameter stands for its four entries: 1 + 4 + 1 factors.
    let factors = fs::read_to_string(a.join("factors.csv")).unwrap();
    assert_eq!(factors.lines().count(), 1 + 6, "{factors}");
    assert!(
        factors.contains("params.member.threat_sensitivity.fearful,1.4,0.7,2.1"),
        "{factors}"
    );
    // 3 trajectories of 7 points; 6 factors x 6 outcomes of effects.
    assert_eq!(
        fs::read_to_string(a.join("points.csv"))
            .unwrap()
            .lines()
            .count(),
        1 + 21
    );
    assert_eq!(
        fs::read_to_string(a.join("morris.csv"))
            .unwrap()
            .lines()
            .count(),
        1 + 36
    );
}

#[test]
fn sobol_writes_both_indices_with_intervals_for_every_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let o = explore(
        &out,
        &[
            "--method",
            "sobol",
            "--params",
            "params.setback.base_rate,params.contact.support_safety",
            "--samples",
            "16",
            "--runs",
            "2",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = fs::read_to_string(out.join("sobol.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("parameter,outcome,s1,s1_ci_low,s1_ci_high,st,st_ci_low,st_ci_high")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 2 * 6);
    for r in &rows {
        let v: Vec<f64> = r[2..].iter().map(|x| x.parse().unwrap()).collect();
        assert!(v.iter().all(|x| x.is_finite()), "{r:?}");
        assert!(
            v[1] <= v[0] && v[0] <= v[2] && v[4] <= v[3] && v[3] <= v[5],
            "intervals hold the estimate: {r:?}"
        );
    }
    let svg = fs::read_to_string(out.join("charts/sobol-safety.svg")).unwrap();
    assert!(
        svg.contains("Felt safety") && svg.contains("95% interval"),
        "English labels"
    );
    // 16 rows of A, B and one AB per parameter.
    assert_eq!(
        fs::read_to_string(out.join("points.csv"))
            .unwrap()
            .lines()
            .count(),
        1 + 16 * 4
    );
}

#[test]
fn bad_requests_are_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never");
    let ranges = dir.path().join("ranges.csv");
    let cases: Vec<(Vec<String>, &str, Option<&str>)> = vec![
        (
            vec!["--params".into(), "params.setback.base_rte".into()],
            "did you mean `params.setback.base_rate`",
            None,
        ),
        (
            vec!["--method".into(), "sobol".into()],
            "at most 128 parameters",
            None,
        ),
        (
            vec!["--levels".into(), "3".into()],
            "--levels 3 must be even",
            None,
        ),
        (
            vec!["--span".into(), "1.5".into()],
            "--span 1.5 is out of range",
            None,
        ),
        (
            vec!["--runs".into(), "0".into()],
            "--runs 0 is out of range",
            None,
        ),
        (
            vec!["--ranges".into(), ranges.display().to_string()],
            "line 3: high 11 of params.setback.base_rate is out of range: must be within 0..=10",
            Some(
                "parameter,low,high\nparams.contact.support_safety,0.01,0.1\nparams.setback.base_rate,0.05,11\n",
            ),
        ),
        (
            vec!["--ranges".into(), ranges.display().to_string()],
            "line 2: `params.peer.contagon` is not a parameter (did you mean `params.peer.contagion`?)",
            Some("parameter,low,high\nparams.peer.contagon,0,0.1\n"),
        ),
        (
            vec!["--ranges".into(), ranges.display().to_string()],
            "line 2: low of params.peer.contagion is not a number",
            Some("parameter,low,high\nparams.peer.contagion,abc,0.1\n"),
        ),
        (
            vec!["--ranges".into(), ranges.display().to_string()],
            "the header must be `parameter,low,high`",
            Some("name,min,max\n"),
        ),
    ];
    for (args, expected, file) in cases {
        if let Some(text) = file {
            fs::write(&ranges, text).unwrap();
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = explore(&out, &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&o).contains(expected),
            "{args:?}: expected {expected:?} in {}",
            stderr(&o)
        );
        assert!(!out.exists(), "{args:?} left an output folder");
    }
}

#[test]
fn charts_are_in_dutch_with_lang_nl() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nl");
    let o = explore(
        &out,
        &[
            "--params",
            FEW,
            "--trajectories",
            "2",
            "--runs",
            "1",
            "--lang",
            "nl",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = fs::read_to_string(out.join("charts/morris-protect_episodes.svg")).unwrap();
    for words in [
        "Doel 1-episodes per teamlid per jaar",
        "Grootste effecten",
        "Gevoeligheid voor dreiging, angstig-vermijdend",
    ] {
        assert!(svg.contains(words), "{words} missing");
    }
}

#[test]
fn a_ranges_file_sets_the_ranges_explored() {
    let dir = tempfile::tempdir().unwrap();
    let ranges = dir.path().join("ranges.csv");
    fs::write(&ranges, "parameter,low,high\nparams.peer.contagion,0,0.02\nparams.member.mode_down.secure,0.5,0.7\n").unwrap();
    let out = dir.path().join("r");
    let o = explore(
        &out,
        &[
            "--ranges",
            ranges.to_str().unwrap(),
            "--trajectories",
            "2",
            "--runs",
            "1",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let factors = fs::read_to_string(out.join("factors.csv")).unwrap();
    assert_eq!(
        factors,
        "parameter,default,low,high\nparams.peer.contagion,0.005,0,0.02\nparams.member.mode_down.secure,0.6,0.5,0.7\n"
    );
}

#[test]
fn params_json_lists_every_settable_value_with_its_range() {
    let o = teamsim(&["params", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let entries = doc["parameters"].as_array().unwrap();
    let expected: usize = teamsim::model::Params::describe()
        .iter()
        .map(|p| match p.default_value {
            teamsim::model::ParamDefault::One(_) => 1,
            teamsim::model::ParamDefault::PerStyle(_) => 4,
        })
        .sum();
    assert_eq!(entries.len(), expected);
    for e in entries {
        let path = e["path"].as_str().unwrap();
        let (lo, hi, d) = (
            e["min"].as_f64().unwrap(),
            e["max"].as_f64().unwrap(),
            e["default"].as_f64().unwrap(),
        );
        assert!(lo <= d && d <= hi, "{e}");
        let mut p = teamsim::model::Params::default();
        assert!(p.set(path, hi), "{path} cannot be set");
    }
    assert!(
        entries
            .iter()
            .any(|e| e["path"] == "params.member.mode_down.fearful" && e["style"] == "fearful")
    );
}
