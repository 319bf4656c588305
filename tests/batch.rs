//! `teamsim compare` and `teamsim sweep` through the real binary.

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// Every file of a batch directory except the manifest (whose date differs), by name.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap() != "manifest.toml")
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The result files of a compare, in the sorted order of [`files`].
fn compare_files_sorted() -> Vec<&'static str> {
    let mut expect = COMPARE_FILES.to_vec();
    expect.sort();
    expect
}

fn names(dir: &Path) -> Vec<String> {
    files(dir).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn compare_output_does_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(threads);
        let o = teamsim(&[
            "compare",
            &scenario("reorganisation.toml"),
            "--runs",
            "60",
            "--threads",
            threads,
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        outs.push(files(&out));
    }
    assert_eq!(
        outs[0].iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        compare_files_sorted()
    );
    for (a, b) in outs[0].iter().zip(&outs[1]) {
        assert!(a.1 == b.1, "{} differs between 1 and 2 threads", a.0);
    }
    // 60 replications x 4 styles, plus the header
    let runs = String::from_utf8_lossy(&outs[0][2].1).lines().count();
    assert_eq!(runs, 241);
}

#[test]
fn baseline_compare_of_1000_runs_prints_the_table_and_reruns_identically() {
    let dir = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for k in ["a", "b"] {
        let out = dir.path().join(k);
        let o = teamsim(&[
            "compare",
            &scenario("baseline.toml"),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let table = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(table.contains("4 leaders x 1000 runs"), "{table}");
        // The scenario's own leader is the secure base: "as is" stands for it.
        assert!(table.contains("(secure base)"), "{table}");
        for style in ["As is", "Dominating", "Avoiding", "Pleasing"] {
            assert!(table.contains(style), "{table}");
        }
        assert!(table.contains("Paired differences from As is"), "{table}");
        outs.push(files(&out));
    }
    assert!(outs[0] == outs[1], "a rerun must give identical files");
}

#[test]
fn daily_stats_hold_every_variant_day_and_metric() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    let o = teamsim(&[
        "compare",
        &scenario("baseline.toml"),
        "--runs",
        "20",
        "--styles",
        "pleasing,secure-base",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(out.join("daily_stats.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "variant,day,metric,n,mean,sd,ci_low,ci_high,q05,q25,q50,q75,q95"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let metrics = teamsim::sim::DAILY_METRICS.len();
    assert_eq!(rows.len(), 2 * 241 * metrics);
    let safety: Vec<&Vec<&str>> = rows
        .iter()
        .filter(|r| r[0] == "as-is" && r[2] == "safety")
        .collect();
    assert_eq!(safety.len(), 241);
    for r in safety {
        let v: Vec<f64> = r[4..].iter().map(|x| x.parse().unwrap()).collect();
        let (mean, ci_low, ci_high, q05, q50, q95) = (v[0], v[2], v[3], v[4], v[6], v[8]);
        assert!(ci_low <= mean && mean <= ci_high, "{r:?}");
        assert!(
            q05 <= q50 && q50 <= q95 && (0.0..=1.0).contains(&q50),
            "{r:?}"
        );
    }
    let diffs = fs::read_to_string(out.join("differences.csv")).unwrap();
    assert!(
        diffs
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("pleasing,as-is,avg_safety,20,")
    );
}

#[test]
fn scenario_compare_variants_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("v.toml");
    fs::write(
        &file,
        "name = \"v\"\nhorizon = 20\n[team]\nsize = 4\n[leader]\nquadrant = \"dominating\"\n\
         [compare]\nruns = 7\nvariants = [{ name = \"now\", caring = 0.3, daring = 0.7 }, { name = \"coached\", quadrant = \"secure-base\" }]\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = teamsim(&[
        "compare",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(table.contains("3 leaders x 7 runs"), "{table}");
    assert!(table.contains("Paired differences from As is"), "{table}");
    let runs = fs::read_to_string(out.join("runs.csv")).unwrap();
    let first: Vec<&str> = runs
        .lines()
        .skip(1)
        .take(3)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(first, ["as-is", "now", "coached"], "{runs}");
}

#[test]
fn sweep_writes_one_cell_per_grid_point() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let o = teamsim(&[
        "sweep",
        &scenario("baseline.toml"),
        "--grid",
        "3",
        "--runs",
        "5",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let cells = fs::read_to_string(out.join("cells.csv")).unwrap();
    let rows: Vec<&str> = cells.lines().collect();
    assert_eq!(rows.len(), 1 + 9);
    assert!(rows[0].starts_with("caring,daring,quadrant,runs,safety,"));
    assert!(rows[1].starts_with("0,0,avoiding,5,"));
    assert!(rows[9].starts_with("1,1,secure-base,5,"));
    assert_eq!(names(&out), ["cells.csv", "runs.csv", "sweep_stats.csv"]);
}

#[test]
fn a_batch_that_cannot_commit_keeps_every_run_for_resume() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    // A directory where runs.csv must go: the batch runs (--force lets it into the
    // non-empty folder), then cannot put its files in place.
    fs::create_dir_all(out.join("runs.csv")).unwrap();
    let args = [
        "compare",
        &scenario("baseline.toml"),
        "--runs",
        "5",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--force",
    ];
    let o = teamsim(&args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("runs.csv"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--resume"), "{}", stderr(&o));
    let mut left: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [".partial", "runs.csv"],
        "no result file; the obstacle and the kept runs"
    );
    // Once the obstacle is gone, --resume finishes without running anything again.
    fs::remove_dir(out.join("runs.csv")).unwrap();
    let mut resume: Vec<&str> = args[..7].to_vec();
    resume.push("--resume");
    let o = teamsim(&resume);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names(&out), compare_files_sorted());
}

#[test]
fn out_of_range_batch_arguments_are_rejected() {
    let s = scenario("baseline.toml");
    for (args, expect) in [
        (
            vec!["compare", &s, "--runs", "0"],
            "--runs 0 is out of range",
        ),
        (
            vec!["compare", &s, "--threads", "0"],
            "--threads 0 is out of range",
        ),
        (
            vec!["compare", &s, "--styles", "bossy"],
            "unknown leadership style `bossy`",
        ),
        (
            vec!["compare", &s, "--styles", "pleasing,pleasing"],
            "the leader `pleasing` is named twice",
        ),
        (vec!["sweep", &s, "--grid", "1"], "--grid 1 is out of range"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o");
        let mut args = args.clone();
        args.extend(["--out", out.to_str().unwrap()]);
        let o = teamsim(&args);
        assert!(!o.status.success(), "{args:?}");
        assert!(stderr(&o).contains(expect), "{args:?}: {}", stderr(&o));
        assert!(!out.exists(), "{args:?} wrote output");
    }
}

/// Runs a small compare of a bundled scenario and returns (table, summary_stats.csv).
fn small_compare(name: &str, extra: &[&str]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    let mut args = vec![
        "compare".to_string(),
        scenario(name),
        "--runs".into(),
        "30".into(),
        "--out".into(),
        out.to_str().unwrap().into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = teamsim(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        fs::read_to_string(out.join("summary_stats.csv")).unwrap(),
    )
}

/// The rows of the "as-is" variant in summary_stats.csv, without the leader columns.
fn as_is_rows(stats: &str) -> Vec<String> {
    stats
        .lines()
        .filter(|l| l.starts_with("as-is,"))
        .map(|l| l.split(',').skip(3).collect::<Vec<_>>().join(","))
        .collect()
}

#[test]
fn compare_includes_the_scenario_as_written() {
    let (base_table, base) = small_compare("baseline.toml", &[]);
    let (dom_table, dom) = small_compare("baseline-dominating.toml", &[]);
    assert!(!as_is_rows(&base).is_empty());
    assert_ne!(
        as_is_rows(&base),
        as_is_rows(&dom),
        "the as-is leader of baseline-dominating is not the one of baseline"
    );
    assert!(
        base_table.contains("caring 0.80, daring 0.80 (secure base)"),
        "{base_table}"
    );
    assert!(
        dom_table.contains("caring 0.20, daring 0.80 (dominating)"),
        "{dom_table}"
    );
    // The preset that equals the scenario's own leader is not run twice.
    assert!(!dom_table.contains("\nDominating "), "{dom_table}");
    assert!(dom_table.contains("\nSecure base "), "{dom_table}");
}

#[test]
fn compare_says_which_interventions_every_leader_gets_and_can_leave_them_out() {
    let (table, stats) = small_compare("coaching-halfway.toml", &["--without-interventions"]);
    assert!(
        table.contains("coaching from day 120 for 40 days; team session on day 121"),
        "{table}"
    );
    assert!(table.contains("As is, without interventions"), "{table}");
    assert!(stats.contains("\nas-is-without-interventions,"), "{stats}");
    // With the coaching the dominating leader's team does better than without it.
    let grow = |variant: &str| -> f64 {
        let line = stats
            .lines()
            .find(|l| l.starts_with(&format!("{variant},")) && l.contains(",avg_grow_share,"))
            .unwrap();
        line.split(',').nth(5).unwrap().parse().unwrap()
    };
    assert!(
        grow("as-is") > grow("as-is-without-interventions"),
        "{stats}"
    );
    // A scenario without interventions has nothing to leave out.
    let dir = tempfile::tempdir().unwrap();
    let o = teamsim(&[
        "compare",
        &scenario("baseline.toml"),
        "--without-interventions",
        "--out",
        dir.path().join("x").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("has no [[interventions]]"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("x").exists());
}

#[test]
fn verdicts_speak_of_practical_size_in_the_unit_and_in_dutch() {
    let (table, _) = small_compare("baseline.toml", &[]);
    assert!(table.contains("matters from 2.0 pts"), "{table}");
    assert!(
        !table.contains("d ="),
        "effect sizes stay in differences.csv: {table}"
    );
    assert!(!table.contains(" clear\n"), "{table}");
    let (nl, _) = small_compare("baseline.toml", &["--lang", "nl"]);
    for dutch in [
        "Gepaarde verschillen met Zoals het is",
        "telt vanaf 2,0 %-punt",
        "(veilige basis)",
        "Pleasend",
        "Verzuimdagen",
    ] {
        assert!(nl.contains(dutch), "missing {dutch:?}: {nl}");
    }
    for english in [
        "Paired",
        "leaders",
        "matters from",
        "clearly",
        "absence",
        "departures",
        "Sick-leave",
        "Departures",
        "Safety",
        "Leader",
        " to ",
    ] {
        assert!(
            !nl.contains(english),
            "English {english:?} in the Dutch table: {nl}"
        );
    }
}
