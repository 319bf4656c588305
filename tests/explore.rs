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
        // An endless file is read only up to the limit.
        (
            vec!["--ranges".into(), "/dev/zero".into()],
            "/dev/zero: line 1: it is larger than 1048576 bytes",
            None,
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
        "Gevoeligheid voor dreiging, angstig-vermijdend gehecht",
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

const SMALL: [&str; 6] = [
    "--params",
    "params.setback.base_rate,params.member.threat_sensitivity",
    "--trajectories",
    "6",
    "--runs",
    "2",
];

fn same_results(a: &Path, b: &Path) {
    for file in [
        "factors.csv",
        "points.csv",
        "morris.csv",
        "table.txt",
        "charts/morris-grow_share.svg",
        "charts/morris-safety.png",
    ] {
        let (x, y) = (
            fs::read(a.join(file)).unwrap(),
            fs::read(b.join(file)).unwrap(),
        );
        assert!(
            !x.is_empty() && x == y,
            "{file} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

#[test]
fn shards_merged_in_any_order_give_the_files_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    let o = explore(&whole, &[&SMALL[..], &["-j", "2"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let shards: Vec<_> = (1..=3).map(|k| dir.path().join(format!("s{k}"))).collect();
    for (k, out) in shards.iter().enumerate() {
        let shard = format!("{}/3", k + 1);
        let o = explore(out, &[&SMALL[..], &["--shard", &shard, "-j", "1"]].concat());
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let merged = dir.path().join("merged");
    let s: Vec<String> = shards.iter().map(|p| p.display().to_string()).collect();
    let o = teamsim(&[
        "merge",
        &s[2],
        &s[0],
        &s[1],
        "--out",
        merged.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    same_results(&whole, &merged);

    // A shard missing, or one from another exploration, is refused.
    let o = teamsim(&[
        "merge",
        &s[0],
        &s[1],
        "--out",
        dir.path().join("m2").to_str().unwrap(),
    ]);
    assert!(
        stderr(&o).contains("needs each of 1..=3 once"),
        "{}",
        stderr(&o)
    );
    let other = dir.path().join("other");
    let o = explore(
        &other,
        &[&SMALL[..], &["--shard", "3/3", "--seed", "9"]].concat(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = teamsim(&[
        "merge",
        &s[0],
        &s[1],
        other.to_str().unwrap(),
        "--out",
        dir.path().join("m3").to_str().unwrap(),
    ]);
    assert!(
        stderr(&o).contains("is a shard of another exploration"),
        "{}",
        stderr(&o)
    );

    // A value changed in a shard's table is caught against the design.
    let table = shards[1].join("points.csv");
    let text = fs::read_to_string(&table).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut fields: Vec<String> = lines[2].split(',').map(String::from).collect();
    fields[1] = "0.123".into();
    lines[2] = fields.join(",");
    fs::write(&table, lines.join("\n") + "\n").unwrap();
    let out = dir.path().join("m4");
    let o = teamsim(&["merge", &s[0], &s[1], &s[2], "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("line 3: params.setback.base_rate is not the design's value"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn an_exploration_killed_midway_resumes_to_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    let o = explore(&whole, &SMALL);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.path().join("killed");
    let args: Vec<String> = [
        "explore".to_string(),
        scenario("baseline.toml"),
        "--out".into(),
        out.display().to_string(),
        "--quiet".into(),
        "-j".into(),
        "1".into(),
    ]
    .into_iter()
    .chain(SMALL.iter().map(|s| s.to_string()))
    .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = common::teamsim_env(&args, &[("TEAMSIM_CRASH_AT", "explore-chunk-saved#2")]);
    assert!(!o.status.success(), "the crash point was not reached");
    // A crash in the middle of a write leaves half a row: it is cut, not read.
    let saved = out.join(".partial/points.csv");
    let mut text = fs::read_to_string(&saved).unwrap();
    assert_eq!(
        text.lines().count(),
        1 + 32,
        "two chunks of 16 points saved"
    );
    text.push_str("32,0.1");
    fs::write(&saved, text).unwrap();
    // Without --resume the interrupted work is neither lost nor silently redone.
    let o = explore(&out, &SMALL);
    assert!(stderr(&o).contains("--resume"), "{}", stderr(&o));
    // Other settings cannot continue it.
    let o = explore(&out, &[&SMALL[..4], &["--runs", "3", "--resume"]].concat());
    assert!(stderr(&o).contains("other settings"), "{}", stderr(&o));
    let o = explore(&out, &[&SMALL[..], &["--resume", "-j", "2"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    same_results(&whole, &out);
    assert!(!out.join(".partial").exists());
}

/// The parameter columns of a `points.csv`, as a design table (header included).
fn as_design(points: &str, factors: usize) -> String {
    points
        .lines()
        .map(|l| {
            let fields: Vec<&str> = l.split(',').collect();
            fields[1..=factors].join(",") + "\n"
        })
        .collect()
}

#[test]
fn a_design_table_runs_its_points_with_the_seeds_of_any_other_design() {
    let dir = tempfile::tempdir().unwrap();
    let morris = dir.path().join("morris");
    let o = explore(
        &morris,
        &["--params", FEW, "--trajectories", "2", "--runs", "2"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let points = fs::read_to_string(morris.join("points.csv")).unwrap();
    // numpy's savetxt writes its header behind `# `.
    let table = format!("# {}", as_design(&points, 6));
    let design = dir.path().join("design.csv");
    fs::write(&design, &table).unwrap();
    let d = design.display().to_string();

    // The same points with the same seeds give the same outcomes, whatever design
    // they came from, on one thread or two.
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    for (out, j) in [(&one, "1"), (&two, "2")] {
        let o = explore(out, &["--design", &d, "--runs", "2", "-j", j]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let from_design = fs::read_to_string(one.join("points.csv")).unwrap();
    assert_eq!(from_design, points, "the design's points.csv");
    for file in ["factors.csv", "points.csv", "table.txt"] {
        assert_eq!(
            fs::read(one.join(file)).unwrap(),
            fs::read(two.join(file)).unwrap(),
            "{file} differs between 1 and 2 threads"
        );
    }
    assert!(!one.join("charts").exists(), "a design is run, not charted");

    // In shards, merged: the files of one run.
    let shards: Vec<_> = (1..=2).map(|k| dir.path().join(format!("s{k}"))).collect();
    for (k, out) in shards.iter().enumerate() {
        let shard = format!("{}/2", k + 1);
        let o = explore(out, &["--design", &d, "--runs", "2", "--shard", &shard]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let merged = dir.path().join("merged");
    let m = merged.display().to_string();
    let (s1, s2) = (
        shards[0].display().to_string(),
        shards[1].display().to_string(),
    );
    let o = teamsim(&["merge", &s2, &s1, "--out", &m, "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for file in ["factors.csv", "points.csv", "table.txt"] {
        assert_eq!(
            fs::read(one.join(file)).unwrap(),
            fs::read(merged.join(file)).unwrap(),
            "{file} of the merged shards"
        );
    }
}

#[test]
fn a_bad_design_table_is_refused_with_its_line_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("params.peer.contagon\n0.1\n", "line 1", "did you mean"),
        ("params.peer.contagion\n0.1\n0.9\n", "line 3", "0..=0.5"),
        ("params.peer.contagion\nlots\n", "line 2", "not a number"),
        ("leader.caring\n0.5\n", "", "the leader's"),
        (
            "params.member.mode_down.secure,params.member.mode_up.secure\n0.5,0.6\n",
            "line 2",
            "do not hold together",
        ),
    ];
    for (k, (text, line, says)) in cases.iter().enumerate() {
        let design = dir.path().join(format!("d{k}.csv"));
        fs::write(&design, text).unwrap();
        let out = dir.path().join(format!("out{k}"));
        let o = explore(&out, &["--design", &design.display().to_string()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{text}: {err}");
        assert!(
            err.contains(&format!("d{k}.csv")) && err.contains(line) && err.contains(says),
            "{text}: {err}"
        );
        assert!(!out.exists(), "{text}: an output folder was made");
    }
}
