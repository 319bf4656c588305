//! Regression tests for issue 12, one or more per case it listed, each named after
//! what it prevents: untrusted bytes on disk, write ordering, resource bounds and
//! argument checks.

mod common;

use common::*;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn ok(o: &Output, what: &str) {
    assert!(o.status.success(), "{what}: {}", stderr(o));
}

/// A refusal: exit code 1 (never a panic's 101 or an abort), and the message.
fn refused(o: &Output, expect: &str) {
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
    assert!(
        stderr(o).contains(expect),
        "expected `{expect}` in: {}",
        stderr(o)
    );
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// 520 replications: three chunks (256, 256, 8), so a checkpoint after each.
const RUNS: &str = "520";

fn compare_args(out: &Path) -> Vec<String> {
    [
        "compare",
        &scenario("baseline.toml"),
        "--runs",
        RUNS,
        "--threads",
        "2",
        "--out",
        &s(out),
        "-q",
    ]
    .map(String::from)
    .to_vec()
}

fn run_with(args: &[String], env: &[(&str, &str)]) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    teamsim_env(&args, env)
}

/// Cases 1 and 4 (and 16): the process is killed at every point of the save and
/// commit sequence in turn; the folder is then finished with `--resume` (or is
/// already complete) and must equal an uninterrupted batch byte for byte: no run
/// lost, none duplicated, no leftover staging.
#[test]
fn a_kill_at_any_point_of_save_or_commit_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    ok(&run_with(&compare_args(&whole), &[]), "uninterrupted");
    let expected = results(&whole, &COMPARE_FILES);
    let points = [
        "saved-written#1",
        "saved-renamed#1",
        "runs-synced#1",
        "saved-written#2",
        "saved-renamed#2",
        "runs-synced#2",
        "saved-written#3",
        "runs-synced#3",
        "saved-renamed#4",
        "runs-staged",
        "results-staged",
        "commit-moving#1",
        "commit-moving#4",
        "committed",
    ];
    for point in points {
        let out = dir.path().join(point.replace('#', "-"));
        let args = compare_args(&out);
        let killed = run_with(
            &args,
            &[
                ("TEAMSIM_CRASH_AT", point),
                ("TEAMSIM_CHECKPOINT_SECONDS", "0"),
            ],
        );
        assert!(
            !killed.status.success() && stderr(&killed).contains("crash point"),
            "{point}: the crash point was not reached: {}",
            stderr(&killed)
        );
        let mut resume = args.clone();
        resume.push("--resume".into());
        // Killed after the commit too: a resume finds the finished state and commits
        // the same files again.
        ok(&run_with(&resume, &[]), point);
        assert_eq!(results(&out, &COMPARE_FILES), expected, "{point}");
        let left: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(left.is_empty(), "{point}: left behind {left:?}");
    }
}

/// An interrupted batch in `dir` (killed right after its second checkpoint).
fn interrupted(out: &Path) -> Vec<String> {
    let args = compare_args(out);
    let o = run_with(
        &args,
        &[
            ("TEAMSIM_CRASH_AT", "saved-renamed#2"),
            ("TEAMSIM_CHECKPOINT_SECONDS", "0"),
        ],
    );
    assert!(!o.status.success());
    assert!(out.join(".partial/state.bin").is_file());
    let mut resume = args;
    resume.push("--resume".into());
    resume
}

/// Case 2: a runs table cut, emptied, cut mid-line, with rows duplicated or taken from
/// another batch is refused by --resume; the original then resumes to the same
/// result as an uninterrupted batch.
#[test]
fn resume_refuses_a_runs_table_that_is_not_the_one_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    ok(&run_with(&compare_args(&whole), &[]), "uninterrupted");
    let out = dir.path().join("cut");
    let resume = interrupted(&out);
    let runs = out.join(".partial/runs.csv");
    let original = fs::read(&runs).unwrap();
    let lines: Vec<&[u8]> = original.split_inclusive(|b| *b == b'\n').collect();
    assert!(lines.len() > 300, "rows of the first chunk are there");
    let mut duplicated = original.clone();
    duplicated.splice(lines[0].len()..lines[0].len(), lines[5].iter().copied());
    duplicated.truncate(original.len());
    let mut foreign = original.clone();
    // Another seed's row in place of one (same length, other bytes).
    let at = lines[0].len() + lines[1].len() + 2;
    foreign[at] = if foreign[at] == b'1' { b'2' } else { b'1' };
    let variants: [(&str, Vec<u8>); 5] = [
        ("truncated", original[..original.len() / 2].to_vec()),
        ("emptied", Vec::new()),
        ("cut mid-line", original[..original.len() - 7].to_vec()),
        ("duplicated", duplicated),
        ("foreign", foreign),
    ];
    for (what, bytes) in variants {
        fs::write(&runs, &bytes).unwrap();
        let o = run_with(&resume, &[]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("runs table cannot be used"),
            "{what}: {}",
            stderr(&o)
        );
        assert!(!out.join("runs.csv").exists(), "{what}: nothing committed");
    }
    fs::write(&runs, &original).unwrap();
    ok(&run_with(&resume, &[]), "resume with the original rows");
    assert_eq!(
        results(&out, &COMPARE_FILES),
        results(&whole, &COMPARE_FILES)
    );
}

fn shards(dir: &Path, runs: &str) -> Vec<PathBuf> {
    (1..=3)
        .map(|k| {
            let out = dir.join(format!("s{k}"));
            ok(
                &teamsim(&[
                    "sweep",
                    &scenario("baseline.toml"),
                    "--grid",
                    "2",
                    "--runs",
                    runs,
                    "--shard",
                    &format!("{k}/3"),
                    "--out",
                    &s(&out),
                    "-q",
                ]),
                "shard",
            );
            out
        })
        .collect()
}

fn merge(dirs: &[PathBuf], out: &Path) -> Output {
    let mut args: Vec<String> = vec!["merge".into()];
    args.extend(dirs.iter().map(|d| s(d)));
    args.extend(["--out".into(), s(out), "-q".into()]);
    run_with(&args, &[])
}

/// Case 2 (merge): a shard whose runs table was cut is refused, not merged short.
#[test]
fn merge_refuses_a_shard_whose_runs_table_was_cut() {
    let dir = tempfile::tempdir().unwrap();
    let dirs = shards(dir.path(), "9");
    let runs = dirs[1].join("runs.csv");
    let text = fs::read(&runs).unwrap();
    fs::write(&runs, &text[..text.len() - 40]).unwrap();
    let out = dir.path().join("m");
    refused(&merge(&dirs, &out), "runs table cannot be used");
    assert!(!out.exists());
}

/// Cases 3 and 8: single-bit flips anywhere in a state or shard file, trailing bytes,
/// a future format and a build with other metrics are refused with a message naming
/// the file; never a silent change, never a panic.
#[test]
fn damaged_foreign_or_future_saved_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dirs = shards(dir.path(), "9");
    let shard = dirs[0].join("shard.bin");
    let original = fs::read(&shard).unwrap();
    let out = dir.path().join("m");
    // Flip one bit at 24 places spread over the file: header, checksum and payload.
    for k in 0..24 {
        let at = k * (original.len() - 1) / 23;
        let mut bytes = original.clone();
        bytes[at] ^= 1 << (k % 8);
        fs::write(&shard, &bytes).unwrap();
        let o = merge(&dirs, &out);
        refused(&o, "shard.bin");
        assert!(!out.exists(), "byte {at}");
    }
    let mut longer = original.clone();
    longer.extend_from_slice(b"\0\0\0\0");
    fs::write(&shard, &longer).unwrap();
    refused(&merge(&dirs, &out), "bytes after its end");
    let mut future = original.clone();
    future[14] = teamsim::app::FORMAT_VERSION as u8 + 1; // format version, little-endian, right after the magic
    fs::write(&shard, &future).unwrap();
    refused(&merge(&dirs, &out), "newer teamsim");
    let mut other_build = original.clone();
    other_build[30] ^= 0xff; // inside the build fingerprint
    fs::write(&shard, &other_build).unwrap();
    refused(&merge(&dirs, &out), "other metrics or model defaults");
    fs::write(&shard, &original).unwrap();
    ok(&merge(&dirs, &out), "the original merges");
}

/// Rewrites a saved file's payload checksum after `edit` changed its payload: what a
/// crafted file looks like (the checksum catches accidents, not forgery).
fn forge(path: &Path, edit: impl FnOnce(&mut Vec<u8>)) {
    let bytes = fs::read(path).unwrap();
    let (header, payload) = bytes.split_at(90);
    let mut payload = payload.to_vec();
    edit(&mut payload);
    let mut header = header.to_vec();
    header[50..58].copy_from_slice(&(payload.len() as u64).to_le_bytes());
    header[58..90].copy_from_slice(&Sha256::digest(&payload));
    header.extend_from_slice(&payload);
    fs::write(path, header).unwrap();
}

/// Runs a merge under a 3 GiB address-space limit, as bash's `ulimit -v`.
fn merge_bounded(dirs: &[PathBuf], out: &Path) -> Output {
    let mut cmd = format!("ulimit -v 3145728; exec {}", teamsim_bin());
    cmd.push_str(" merge");
    for d in dirs {
        cmd.push_str(&format!(" '{}'", s(d)));
    }
    cmd.push_str(&format!(" --out '{}' -q", s(out)));
    Command::new("bash").args(["-c", &cmd]).output().unwrap()
}

/// Cases 8 and 9: crafted shards (checksum made to match) with bytes changed in their
/// content, or a length that asks for terabytes: merge refuses or merges, within
/// bounded memory, and never panics or aborts.
#[test]
fn crafted_shards_cannot_crash_merge_or_make_it_allocate_without_bound() {
    let dir = tempfile::tempdir().unwrap();
    let dirs = shards(dir.path(), "9");
    let shard = dirs[2].join("shard.bin");
    let original = fs::read(&shard).unwrap();
    let out = dir.path().join("m");
    let len = original.len() - 90;
    for k in 0..40 {
        fs::write(&shard, &original).unwrap();
        let at = (k * 7919) % len;
        forge(&shard, |p| p[at] = p[at].wrapping_add(0x41));
        let o = merge_bounded(&dirs, &out);
        let code = o.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "payload byte {at}: exit {code:?}: {}",
            stderr(&o)
        );
        let _ = fs::remove_dir_all(&out);
    }
    // A payload that claims far more bytes than any batch: refused before reading.
    fs::write(&shard, &original).unwrap();
    let mut bytes = original.clone();
    bytes[50..58].copy_from_slice(&(6_500_000_000_000u64).to_le_bytes());
    fs::write(&shard, &bytes).unwrap();
    let o = merge_bounded(&dirs, &out);
    refused(&o, "memory budget");
}

/// Case 5: a second command into a folder in use is refused at once; the first one's
/// output is then whole and its manifest says what wrote it.
#[test]
fn two_commands_cannot_write_into_one_folder_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let mut first = Command::new(teamsim_bin())
        .args([
            "compare",
            &scenario("baseline.toml"),
            "--runs",
            "1000",
            "--threads",
            "1",
            "--out",
            &s(&out),
            "-q",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !out.join(".teamsim.lock").exists() {
        assert!(start.elapsed() < Duration::from_secs(30), "no lock taken");
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = teamsim(&[
        "sweep",
        &scenario("baseline.toml"),
        "--grid",
        "2",
        "--runs",
        "3",
        "--out",
        &s(&out),
        "--force",
        "-q",
    ]);
    refused(&o, "in use by another teamsim command");
    assert!(first.wait().unwrap().success());
    let manifest = fs::read_to_string(out.join("manifest.toml")).unwrap();
    assert!(manifest.contains("command = \"compare\""), "{manifest}");
    assert!(!out.join("cells.csv").exists());
    assert!(
        !out.join(".teamsim.lock").exists(),
        "the lock goes with its command"
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Case 6: the manifest records the hash of the bytes the batch ran on, for a scenario
/// given through a pipe and for a merge run from another folder.
#[test]
fn the_manifest_hashes_the_scenario_as_read_not_as_found_later() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario("baseline.toml");
    let want = format!(
        "scenario_sha256 = \"{}\"",
        sha256_hex(&fs::read(&file).unwrap())
    );
    let piped = dir.path().join("piped");
    let o = Command::new("bash")
        .args([
            "-c",
            &format!(
                "{} compare <(cat '{file}') --runs 5 --out '{}' -q",
                teamsim_bin(),
                s(&piped)
            ),
        ])
        .output()
        .unwrap();
    ok(&o, "compare from a pipe");
    let manifest = fs::read_to_string(piped.join("manifest.toml")).unwrap();
    assert!(manifest.contains(&want), "{manifest}");
    // Shards made with a relative path, merged from elsewhere.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for k in 1..=2 {
        ok(
            &teamsim_in(
                &[
                    "sweep",
                    "scenarios/baseline.toml",
                    "--grid",
                    "2",
                    "--runs",
                    "4",
                    "--shard",
                    &format!("{k}/2"),
                    "--out",
                    &s(&dir.path().join(format!("r{k}"))),
                    "-q",
                ],
                Some(root),
            ),
            "shard",
        );
    }
    let merged = dir.path().join("merged");
    ok(
        &teamsim_in(
            &["merge", "r1", "r2", "--out", "merged", "-q"],
            Some(dir.path()),
        ),
        "merge from another folder",
    );
    let manifest = fs::read_to_string(merged.join("manifest.toml")).unwrap();
    assert!(manifest.contains(&want), "{manifest}");
}

fn validate_text(dir: &Path, name: &str, text: &str) -> Output {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    teamsim(&["validate", &s(&path)])
}

const HEAD: &str = "name = \"t\"\n[team]\nsize = 5\n[leader]\nquadrant = \"secure-base\"\n";

/// Case 7: a composition change cannot take away more members than the team has (it
/// would otherwise let the team grow to hundreds of positions unchecked).
#[test]
fn a_composition_change_cannot_remove_more_members_than_the_team_has() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = HEAD.to_string();
    for day in [10, 20] {
        text.push_str(&format!(
            "[[interventions]]\nkind = \"composition\"\nday = {day}\nleave = 500\njoin = [{{ style = \"secure\", count = 498 }}]\n"
        ));
    }
    let o = validate_text(dir.path(), "c.toml", &text);
    refused(
        &o,
        "500 members cannot leave on day 10: the team has 5 positions then",
    );
}

/// Case 10: thousands of `[compare]` variants are refused at validation, in little
/// memory, instead of being copied into every run.
#[test]
fn thousands_of_compare_variants_are_refused_at_validation() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = HEAD.to_string();
    for k in 0..5000 {
        text.push_str(&format!(
            "[[compare.variants]]\nname = \"v{k}\"\ncaring = 0.5\ndaring = 0.5\n"
        ));
    }
    let start = Instant::now();
    let o = validate_text(dir.path(), "v.toml", &text);
    refused(&o, "5000 variants listed; at most 100 are allowed");
    assert!(start.elapsed() < Duration::from_secs(20));
}

/// Case 11: a file of tens of thousands of same-day coachings is checked in one pass
/// and its message is bounded.
#[test]
fn many_overlapping_coachings_are_checked_in_one_pass_with_a_bounded_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = HEAD.to_string();
    while text.len() < 1_000_000 {
        text.push_str("[[interventions]]\nkind = \"coaching\"\nday = 5\nduration = 1\nquadrant = \"secure-base\"\n");
    }
    let start = Instant::now();
    let o = validate_text(dir.path(), "k.toml", &text);
    refused(&o, "overlaps the coaching");
    assert!(
        stderr(&o).contains("more problems not listed"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).len() < 100_000,
        "message of {} bytes",
        stderr(&o).len()
    );
    assert!(start.elapsed() < Duration::from_secs(20));
}

/// Case 12: the size limit counts the bytes read, whatever the file reports; an
/// endless file, a large pipe and a named pipe nobody writes to are refused at once;
/// a compare from a pipe reads it once (see the manifest test).
#[test]
fn scenario_size_is_counted_while_reading_and_a_fifo_does_not_hang() {
    let start = Instant::now();
    refused(
        &teamsim(&["validate", "/dev/zero"]),
        "more than 1048576 bytes",
    );
    let o = Command::new("bash")
        .args([
            "-c",
            &format!(
                "head -c 200000000 /dev/zero | {} validate /dev/stdin",
                teamsim_bin()
            ),
        ])
        .output()
        .unwrap();
    refused(&o, "more than 1048576 bytes");
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.toml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let o = teamsim(&["validate", &s(&fifo)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(start.elapsed() < Duration::from_secs(20));
}

/// Case 13: a job whose memory estimate is above the budget is refused before it
/// starts, with the estimate; raising the budget lets it through the check.
#[test]
fn jobs_above_the_memory_budget_are_refused_before_they_start() {
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let o2 = teamsim_env(
        &[
            "sweep",
            &scenario("baseline.toml"),
            "--grid",
            "101",
            "--runs",
            "100",
            "--out",
            &s(&dir.path().join("big2")),
            "-q",
        ],
        &[("TEAMSIM_MEMORY_MB", "64")],
    );
    refused(&o2, "would need about");
    assert!(stderr(&o2).contains("TEAMSIM_MEMORY_MB"), "{}", stderr(&o2));
    assert!(!dir.path().join("big2").exists());
    // A single run at the largest limits keeps every member's state at 100,000
    // observations: refused under the default budget.
    let path = dir.path().join("max.toml");
    fs::write(
        &path,
        "name = \"max\"\nhorizon = 2400\nobserve_every = 0.024\n[team]\nsize = 500\n[leader]\nquadrant = \"secure-base\"\n",
    )
    .unwrap();
    let o = teamsim(&["run", &s(&path), "--out", &s(&dir.path().join("max"))]);
    refused(&o, "this run would need about");
    assert!(start.elapsed() < Duration::from_secs(300));
}

/// Case 14: a members table with an absurd position is refused, not allocated for.
#[test]
fn a_members_table_with_an_absurd_position_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("members.csv"),
        "day,position,style,state,mode,safety,shown_safety,alarm,trust,strain,competence,learning\n0,4000000000,secure,present,grow,0.5,0.5,0,0.5,0,0.5,0\n",
    )
    .unwrap();
    let o = teamsim(&["chart", &s(dir.path())]);
    refused(&o, "position 4000000000 is out of range");
}

/// Case 15: report checks every argument before it runs anything.
#[test]
fn report_checks_every_argument_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    for (args, expect) in [
        (vec!["--grid", "1"], "--grid 1 is out of range"),
        (vec!["--sweep-runs", "0"], "--sweep-runs 0 is out of range"),
    ] {
        let out = dir.path().join("r");
        let mut full = vec!["report", "scenarios/baseline.toml", "--out"];
        let out_s = s(&out);
        full.push(&out_s);
        full.extend(args);
        let start = Instant::now();
        let o = teamsim_in(&full, Some(Path::new(env!("CARGO_MANIFEST_DIR"))));
        refused(&o, expect);
        assert!(!out.exists(), "nothing written");
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "no work done first"
        );
    }
}

/// Case 16: staging folders and a lock file left by a killed command do not block the
/// folder, survive no later command, and do not count as output.
#[test]
fn leftovers_of_a_killed_command_are_cleaned_when_the_folder_is_next_used() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    fs::create_dir_all(out.join(".teamsim-staging-dead")).unwrap();
    fs::write(out.join(".teamsim-staging-dead/runs.csv"), "half").unwrap();
    fs::write(out.join(".teamsim.lock"), "").unwrap();
    ok(
        &teamsim(&[
            "compare",
            &scenario("baseline.toml"),
            "--runs",
            "4",
            "--out",
            &s(&out),
            "-q",
        ]),
        "compare into a folder with leftovers only",
    );
    let hidden: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

/// Case 17: merge names the missing shard, and a file it cannot read is reported as
/// such, not as "cannot write".
#[test]
fn merge_names_the_missing_shard_and_read_failures_as_reads() {
    let dir = tempfile::tempdir().unwrap();
    let dirs = shards(dir.path(), "6");
    let out = dir.path().join("m");
    refused(
        &merge(&[dirs[0].clone(), dirs[2].clone()], &out),
        "missing: 2/3",
    );
    fs::remove_file(dirs[1].join("runs.csv")).unwrap();
    fs::create_dir(dirs[1].join("runs.csv")).unwrap();
    let o = merge(&dirs, &out);
    refused(&o, "cannot read");
    assert!(!stderr(&o).contains("cannot write"), "{}", stderr(&o));
}

/// Case 18: a name that shows nothing or reorders the terminal is refused and is not
/// echoed raw; a date where a number of days belongs gets a plain message.
#[test]
fn invisible_or_reordering_names_and_dates_get_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("zwsp", "name = \"\u{200b}\"\n"),
        ("bom", "name = \"\u{feff}\"\n"),
        ("rtl", "name = \"team \u{202e}evil\"\n"),
    ] {
        let o = validate_text(
            dir.path(),
            &format!("{name}.toml"),
            &format!("{text}[team]\nsize = 5\n[leader]\nquadrant = \"secure-base\"\n"),
        );
        refused(&o, "invisible formatting characters");
        assert!(!stderr(&o).contains('\u{202e}'), "raw override echoed");
    }
    let o = validate_text(
        dir.path(),
        "date.toml",
        "name = \"d\"\nhorizon = 2024-01-01\n[team]\nsize = 5\n[leader]\nquadrant = \"secure-base\"\n",
    );
    refused(&o, "a date is not allowed here");
}
