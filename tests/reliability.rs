//! Interrupt and resume, shards and merge: the pieces of a batch put back together give
//! exactly the files of one uninterrupted run.

mod common;

use common::*;
use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn ok(args: &[&str]) {
    let o = teamsim(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
}

#[test]
fn three_shards_merge_into_the_files_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n).display().to_string();
    let s = scenario("reorganisation.toml");
    ok(&["compare", &s, "--runs", "50", "--out", &d("whole"), "-q"]);
    for k in 1..=3 {
        ok(&[
            "compare",
            &s,
            "--runs",
            "50",
            "--shard",
            &format!("{k}/3"),
            "--out",
            &d(&format!("s{k}")),
            "-q",
        ]);
    }
    // Any order on the command line.
    ok(&[
        "merge",
        &d("s3"),
        &d("s1"),
        &d("s2"),
        "--out",
        &d("merged"),
        "-q",
    ]);
    assert_eq!(
        results(&dir.path().join("whole"), &COMPARE_FILES),
        results(&dir.path().join("merged"), &COMPARE_FILES)
    );
    // A sweep too.
    let sweep = ["cells.csv", "sweep_stats.csv", "runs.csv"];
    ok(&[
        "sweep",
        &s,
        "--grid",
        "3",
        "--runs",
        "7",
        "--out",
        &d("sw"),
        "-q",
    ]);
    ok(&[
        "sweep",
        &s,
        "--grid",
        "3",
        "--runs",
        "7",
        "--shard",
        "1/2",
        "--out",
        &d("sw1"),
        "-q",
    ]);
    ok(&[
        "sweep",
        &s,
        "--grid",
        "3",
        "--runs",
        "7",
        "--shard",
        "2/2",
        "--out",
        &d("sw2"),
        "-q",
    ]);
    ok(&["merge", &d("sw1"), &d("sw2"), "--out", &d("swm"), "-q"]);
    assert_eq!(
        results(&dir.path().join("sw"), &sweep),
        results(&dir.path().join("swm"), &sweep)
    );
}

#[test]
fn merge_refuses_incomplete_or_mixed_shards() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n).display().to_string();
    let s = scenario("baseline.toml");
    ok(&[
        "compare",
        &s,
        "--runs",
        "6",
        "--shard",
        "1/3",
        "--out",
        &d("a1"),
        "-q",
    ]);
    ok(&[
        "compare",
        &s,
        "--runs",
        "6",
        "--shard",
        "2/3",
        "--out",
        &d("a2"),
        "-q",
    ]);
    ok(&[
        "compare",
        &s,
        "--runs",
        "8",
        "--shard",
        "3/3",
        "--out",
        &d("b3"),
        "-q",
    ]);
    for (args, expect) in [
        (vec![d("a1"), d("a2")], "2 of 3 shards given; missing: 3/3"),
        (vec![d("a1"), d("a2"), d("b3")], "belongs to another batch"),
        (vec![d("a1"), d("a1"), d("a2")], "shard 1/3 is given twice"),
        (vec![d("nowhere")], "no shard here"),
    ] {
        let mut full: Vec<&str> = vec!["merge"];
        full.extend(args.iter().map(String::as_str));
        let out = d("out");
        full.extend(["--out", &out]);
        let o = teamsim(&full);
        assert_eq!(o.status.code(), Some(1), "{full:?}");
        assert!(stderr(&o).contains(expect), "{full:?}: {}", stderr(&o));
        assert!(!dir.path().join("out").exists());
    }
    let o = teamsim(&["compare", &s, "--shard", "4/3", "--out", &d("x")]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a shard"), "{}", stderr(&o));
}

#[test]
fn a_batch_stopped_by_sigterm_resumes_to_identical_results() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("int");
    let s = scenario("baseline.toml");
    let args = [
        "compare",
        &s,
        "--runs",
        "1500",
        "--styles",
        "pleasing,secure-base",
        "-q",
        "--out",
    ];
    let child = Command::new(env!("CARGO_BIN_EXE_teamsim"))
        .args(args)
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until some runs are done, then send SIGTERM (what a cluster's scheduler sends).
    let started = Instant::now();
    loop {
        let staged_rows = fs::read_dir(&out)
            .ok()
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| {
                fs::read_to_string(e.path().join("runs.csv")).is_ok_and(|t| t.lines().count() > 600)
            });
        if staged_rows || started.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(
        err.contains("rerun the same command with --resume"),
        "{err}"
    );
    let kept = fs::read_to_string(out.join(".partial/runs.csv")).unwrap();
    assert!(kept.lines().count() > 1, "completed runs are kept");
    assert!(
        !out.join("daily_stats.csv").exists(),
        "no result files from a stopped batch"
    );

    // Without --resume the folder is refused; with it the batch completes.
    let o = teamsim(&[&args[..], &[out.to_str().unwrap()]].concat());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--resume"), "{}", stderr(&o));
    ok(&[&args[..], &[out.to_str().unwrap(), "--resume"]].concat());
    assert!(!out.join(".partial").exists());

    let whole = dir.path().join("whole");
    ok(&[&args[..], &[whole.to_str().unwrap()]].concat());
    assert_eq!(
        results(&whole, &COMPARE_FILES),
        results(&out, &COMPARE_FILES)
    );
}
