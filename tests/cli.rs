//! Runs the real `teamsim` binary on scenario files and checks whole outputs.

mod common;

use common::{scenario, stderr, teamsim_in};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn teamsim(args: &[&str], cwd: Option<&Path>) -> Output {
    teamsim_in(args, cwd)
}

fn run_into(scenario: &str, out: &Path, extra: &[&str]) -> Output {
    let out = out.display().to_string();
    let mut args = vec!["run", scenario, "--out", &out, "--quiet"];
    args.extend_from_slice(extra);
    teamsim(&args, None)
}

#[test]
fn same_scenario_and_seed_give_byte_identical_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        let o = run_into(&scenario("merger.toml"), out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for file in ["daily.csv", "summary.csv"] {
        let x = fs::read(a.join(file)).unwrap();
        let y = fs::read(b.join(file)).unwrap();
        assert!(!x.is_empty());
        assert!(x == y, "{file} differs between two runs with the same seed");
    }
}

#[test]
fn another_seed_gives_another_run() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(
        run_into(&scenario("baseline.toml"), &a, &["--seed", "1"])
            .status
            .success()
    );
    assert!(
        run_into(&scenario("baseline.toml"), &b, &["--seed", "2"])
            .status
            .success()
    );
    let x = fs::read(a.join("daily.csv")).unwrap();
    let y = fs::read(b.join("daily.csv")).unwrap();
    assert_ne!(x, y);
    let summary = fs::read_to_string(b.join("summary.csv")).unwrap();
    let row: Vec<&str> = summary.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[0..2], ["baseline", "2"]);
}

#[test]
fn daily_csv_has_one_row_per_day_and_the_style_split() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_into(&scenario("baseline.toml"), dir.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(dir.path().join("daily.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for col in [
        "day",
        "safety",
        "shown_safety",
        "grow_share",
        "trust",
        "strain",
        "competence",
        "learning",
        "output",
        "absent",
        "departures",
        "undercurrent",
        "voices",
        "leader_caring",
        "grow_share_fearful",
        "safety_avoidant",
        "shown_safety_avoidant",
    ] {
        assert!(header.contains(&col), "missing column {col}");
    }
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 241, "days 0..=240");
    assert!(rows[240].starts_with("240,12,"), "{}", rows[240]);
}

#[test]
fn default_output_goes_to_output_scenario_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    fs::write(
        &file,
        "name = \"My Team: year 1\"\n[team]\nsize = 4\n[leader]\nquadrant = \"pleasing\"\n",
    )
    .unwrap();
    // The quick start's order: a compare, then a run; neither is in the other's way.
    let o = teamsim(
        &["compare", "s.toml", "--runs", "2", "-q"],
        Some(dir.path()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = teamsim(&["run", "s.toml"], Some(dir.path()));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.path().join("output").join("my-team-year-1").join("run");
    assert!(
        dir.path()
            .join("output/my-team-year-1/compare/summary_stats.csv")
            .is_file()
    );
    for f in ["daily.csv", "summary.csv", "manifest.toml"] {
        assert!(out.join(f).is_file(), "{f} not written");
    }
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("in Grow (Doel 2)"), "{stdout}");
    let manifest = fs::read_to_string(out.join("manifest.toml")).unwrap();
    assert!(manifest.contains("scenario_sha256 = \""), "{manifest}");
}

#[test]
fn every_bundled_scenario_validates_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut names: Vec<PathBuf> =
        fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
    names.sort();
    assert!(names.len() >= 5, "at least five bundled scenarios");
    for path in names {
        let p = path.display().to_string();
        let v = teamsim(&["validate", &p], None);
        assert!(v.status.success(), "{p}: {}", stderr(&v));
        let said = String::from_utf8_lossy(&v.stdout);
        assert!(said.contains(": ok: "), "{p}: {said}");
        let nl = teamsim(&["validate", &p, "--lang", "nl"], None);
        assert!(nl.status.success(), "{p}: {}", stderr(&nl));
        let said = String::from_utf8_lossy(&nl.stdout);
        assert!(
            said.contains(": in orde: ") && said.contains("werkdagen, team van"),
            "{p}: {said}"
        );
        let out = dir.path().join(path.file_stem().unwrap());
        let r = run_into(&p, &out, &[]);
        assert!(r.status.success(), "{p}: {}", stderr(&r));
        assert!(out.join("daily.csv").is_file());
    }
}

/// Writes `text` as a scenario file, runs it, and checks that it fails with a message
/// containing every one of `expect`, and that nothing was written.
fn assert_rejected(text: &[u8], expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    fs::write(&file, text).unwrap();
    let out = dir.path().join("out");
    let f = file.display().to_string();
    for args in [
        vec!["run", &f, "--out", out.to_str().unwrap()],
        vec!["validate", &f],
    ] {
        let o = teamsim(&args, Some(dir.path()));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?} should fail: {err}");
        assert!(
            err.contains("bad.toml"),
            "the message names the file: {err}"
        );
        for e in expect {
            assert!(err.contains(e), "the message should contain {e:?}: {err}");
        }
        assert!(!err.contains("panicked"), "{err}");
    }
    assert!(
        !out.exists(),
        "nothing may be written for an invalid scenario"
    );
    assert!(!dir.path().join("output").exists());
}

const LEADER: &str = "[leader]\nquadrant = \"secure-base\"\n";

#[test]
fn bad_toml_is_rejected() {
    assert_rejected(b"name = \"x\n[team]\n", &["line 1"]);
}

#[test]
fn unknown_field_is_rejected() {
    assert_rejected(
        format!("name = \"x\"\n[team]\nsize = 5\ncolour = \"red\"\n{LEADER}").as_bytes(),
        &["unknown field `colour`", "size"],
    );
}

#[test]
fn caring_out_of_range_is_rejected() {
    assert_rejected(
        b"name = \"x\"\n[team]\nsize = 5\n[leader]\ncaring = 1.5\ndaring = 0.5\n",
        &["leader.caring", "1.5", "0..=1"],
    );
}

#[test]
fn team_size_zero_is_rejected() {
    assert_rejected(
        format!("name = \"x\"\n[team]\nsize = 0\n{LEADER}").as_bytes(),
        &["team.size", "2..=500"],
    );
}

#[test]
fn a_team_of_one_is_said_in_the_singular_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let one = "[team]\nmembers = [{ style = \"secure\" }]\n";
    let cut = "[team]\nsize = 3\n[[interventions]]\nkind = \"composition\"\nday = 5\nleave = 2\n";
    let one_leaves =
        format!("{one}[[interventions]]\nkind = \"composition\"\nday = 5\nleave = 2\n");
    for (team, en, nl) in [
        (one, "1 member listed", "1 teamlid opgesomd"),
        (
            cut,
            "leaves 1 position in the team",
            "heeft het team 1 plaats;",
        ),
        (
            one_leaves.as_str(),
            "2 members cannot leave on day 5: the team has 1 position then",
            "het vertrek van 2 teamleden kan op dag 5 niet: het team heeft dan 1 plaats;",
        ),
    ] {
        let file = dir.path().join("one.toml");
        fs::write(&file, format!("name = \"x\"\n{team}{LEADER}")).unwrap();
        let f = file.display().to_string();
        for (lang, said) in [("en", en), ("nl", nl)] {
            let o = teamsim(&["validate", &f, "--lang", lang], None);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{err}");
            assert!(err.contains(said), "{lang}: {said:?} not in {err}");
        }
    }
}

#[test]
fn negative_day_is_rejected() {
    assert_rejected(
        format!("name = \"x\"\n[team]\nsize = 5\n{LEADER}[[events]]\nkind = \"reorganisation\"\nday = -4\n").as_bytes(),
        &["events[0].day", "-4", "0..=240"],
    );
}

#[test]
fn event_after_horizon_is_rejected() {
    assert_rejected(
        format!("name = \"x\"\nhorizon = 100\n[team]\nsize = 5\n{LEADER}[[interventions]]\nkind = \"team-session\"\nday = 130\n").as_bytes(),
        &["interventions[0].day", "130", "0..=100"],
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    assert_rejected(
        b"name = \"x\"\n[team]\nsize = 501\n[leader]\ncaring = -1\ndaring = 2\n[params.peer]\ncontagion = 0.9\n",
        &[
            "4 problems",
            "team.size",
            "leader.caring",
            "leader.daring",
            "params.peer.contagion",
            "0..=0.5",
        ],
    );
}

#[test]
fn missing_file_and_binary_junk_are_rejected() {
    assert_rejected(&[0xff, 0xfe, 0x00, 0x01, 0x80], &["cannot read"]);
    let o = teamsim(&["run", "/nonexistent/teamsim/none.toml"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("none.toml"));
}

#[test]
fn bad_cli_arguments_are_rejected() {
    let o = teamsim(&["run", &scenario("baseline.toml"), "--seed", "many"], None);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--seed"), "{}", stderr(&o));
}

#[test]
fn the_annotated_example_in_the_readme_is_valid() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("```toml\n").expect("README has a TOML example") + 8;
    let len = readme[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("readme.toml");
    fs::write(&file, &readme[start..start + len]).unwrap();
    let o = teamsim(&["validate", file.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn docs_model_lists_every_parameter() {
    let doc =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/MODEL.md")).unwrap();
    for p in teamsim::model::Params::describe() {
        let (group, field) = p
            .path
            .trim_start_matches("params.")
            .split_once('.')
            .unwrap();
        assert!(
            doc.contains(&format!("### `params.{group}`")),
            "docs/MODEL.md lacks the group {group}"
        );
        assert!(
            doc.contains(&format!("| `{field}` | {} |", p.default)),
            "docs/MODEL.md lacks {} (default {})",
            p.path,
            p.default
        );
    }
}

#[test]
fn existing_output_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    assert!(
        run_into(&scenario("baseline.toml"), &out, &["--seed", "1"])
            .status
            .success()
    );
    let before = fs::read(out.join("daily.csv")).unwrap();
    let o = run_into(&scenario("baseline.toml"), &out, &["--seed", "2"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("already holds output (daily.csv, manifest.toml, members.csv, summary.csv and 1 more); pass --force to replace the files this command writes there"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read(out.join("daily.csv")).unwrap(),
        before,
        "untouched"
    );
    let o = run_into(
        &scenario("baseline.toml"),
        &out,
        &["--seed", "2", "--force"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_ne!(fs::read(out.join("daily.csv")).unwrap(), before, "replaced");
    for cmd in ["compare", "sweep", "sensitivity"] {
        let o = teamsim(
            &[
                cmd,
                &scenario("baseline.toml"),
                "--runs",
                "2",
                "--out",
                out.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        assert!(
            stderr(&o).contains("already holds output"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
}

/// Issue 15: a file with ten mistakes of different kinds gets every one reported in one
/// run, each with its line and, for a misspelt name, the nearest allowed one.
#[test]
fn every_mistake_of_a_file_is_reported_in_one_run() {
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_scenarios/many-01.toml");
    let o = teamsim(&["validate", file.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("10 problems"), "{err}");
    for expected in [
        "line 4, column 8: seed: \"twelve\" is text, but expected a whole number",
        "line 9, column 54: team.mix.fearfull: unknown field `fearfull` (did you mean `fearful`?)",
        "line 12, column 12: leader.quadrant: `secure bass` is not a name teamsim knows here (did you mean `secure-base`?)",
        "line 13, column 1: leader.availabilty: unknown field `availabilty` (did you mean `availability`?)",
        "line 16, column 8: events[0].kind: `reorganisaton` is not a name teamsim knows here (did you mean `reorganisation`?)",
        "line 21, column 1: events[1].day: 300 is out of range: must be within 0..=240",
        "line 23, column 1: events[1].level: 2 is out of range: must be within 0..=1",
        "line 26, column 8: interventions[0].kind: `team-sesion` is not a name teamsim knows here (did you mean `team-session`?)",
        "line 30, column 1: params.setback.blame_safty: unknown field `blame_safty` (did you mean `blame_safety`?)",
        "line 33, column 1: params.member.rest_sd: 0.9 is out of range: must be within 0..=0.5",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// Quadrant names in English and Dutch, with spaces or hyphens, in any case.
#[test]
fn quadrants_are_named_in_english_or_dutch() {
    let dir = tempfile::tempdir().unwrap();
    for (name, shown) in [
        ("veilige basis", "secure-base"),
        ("Veilige-Basis", "secure-base"),
        ("secure base", "secure-base"),
        ("dominant", "dominating"),
        ("vermijdend", "avoiding"),
        ("pleasend", "pleasing"),
    ] {
        let file = dir.path().join("q.toml");
        std::fs::write(
            &file,
            format!("name = \"q\"\n[team]\nsize = 12\n[leader]\nquadrant = \"{name}\"\n"),
        )
        .unwrap();
        let o = teamsim(&["validate", file.to_str().unwrap()], None);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains(&format!("leader {shown}")), "{name}: {out}");
    }
}

/// Issue 15: from an empty folder, `teamsim new` writes a starter that validates, and the
/// bundled scenarios can be listed, copied out and named where no file exists.
#[test]
fn a_new_user_starts_from_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let here = Some(dir.path());
    for lang in ["en", "nl"] {
        let name = format!("team-{lang}");
        let o = teamsim(&["new", &name, "--lang", lang], here);
        assert!(o.status.success(), "{}", stderr(&o));
        let file = format!("{name}.toml");
        let o = teamsim(&["validate", &file], here);
        assert!(o.status.success(), "{lang}: {}", stderr(&o));
        // Never over an existing file.
        let before = fs::read(dir.path().join(&file)).unwrap();
        let o = teamsim(&["new", &name], here);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("already exists and was left alone"));
        assert_eq!(fs::read(dir.path().join(&file)).unwrap(), before);
    }
    let o = teamsim(&["scenarios"], here);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("reorganisation.toml"));
    // No scenarios/ folder here, yet the README's commands name one.
    let o = teamsim(&["validate", "scenarios/baseline.toml"], here);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = teamsim(&["scenarios", "--copy-to", "mine"], here);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("mine/merger.toml").is_file());
    let o = teamsim(&["scenarios", "--copy-to", "mine"], here);
    assert_eq!(o.status.code(), Some(1), "copied over existing files");
}

/// A facilitator who asked for Dutch is told in Dutch where the results and charts went;
/// the English lines stay as they were.
#[test]
fn a_batch_says_where_it_wrote_in_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, wrote, charts, not) in [
        ("nl", " geschreven", "grafieken:", "wrote "),
        ("en", "wrote ", "charts:", " geschreven"),
    ] {
        let out = dir.path().join(lang);
        let o = teamsim(
            &[
                "compare",
                &scenario("baseline.toml"),
                "--runs",
                "4",
                "--charts",
                "--lang",
                lang,
                "--out",
                &out.display().to_string(),
            ],
            None,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let said = String::from_utf8_lossy(&o.stdout);
        let line = format!("{}", out.display());
        assert!(
            said.lines()
                .any(|l| l.contains(&line) && l.contains(wrote.trim())),
            "{lang}: no line saying where the batch went:\n{said}"
        );
        assert!(said.lines().any(|l| l == charts), "{lang}:\n{said}");
        assert!(!said.contains(not), "{lang}: {not:?} in\n{said}");
    }
}

/// A single run's summary at the terminal is in the language asked for: a Dutch
/// facilitator who runs `teamsim run --lang nl` reads Doel 2, verzuim and the styles'
/// Dutch names, with decimal commas, and no English label.
#[test]
fn a_single_run_is_summarised_in_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, expected, not) in [
        (
            "nl",
            &[
                "werkdagen, team van 12, leider: veilige basis (caring 0,80, daring 0,80)",
                "in Doel 2 (groei)",
                "verzuim",
                "veilig gehecht ",
                "angstig-vermijdend gehecht ",
                " geschreven (daily.csv",
            ][..],
            &["time average", "sick leave", "wrote ", "secure "][..],
        ),
        (
            "en",
            &[
                "days, team of 12, leader caring 0.80 / daring 0.80 (secure base)",
                "in Grow (Doel 2)",
                "absence",
                "fearful ",
                "wrote ",
            ][..],
            &["gemiddeld", "verzuim", "geschreven", "gehecht"][..],
        ),
    ] {
        let out = dir.path().join(lang);
        let o = teamsim(
            &[
                "run",
                &scenario("baseline.toml"),
                "--lang",
                lang,
                "--out",
                &out.display().to_string(),
            ],
            None,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let said = String::from_utf8_lossy(&o.stdout);
        for e in expected {
            assert!(said.contains(e), "{lang}: {e:?} missing from\n{said}");
        }
        for n in not {
            assert!(!said.contains(n), "{lang}: {n:?} in\n{said}");
        }
    }
}

/// The errors a facilitator meets most (the output folder already used, a number of
/// runs out of range, a folder with nothing to chart, scenarios copied twice) are said
/// in the language asked for, each once: an output error used to repeat itself after
/// its advice, and a Dutch facilitator read "fout:" followed by English.
#[test]
fn everyday_errors_are_said_once_in_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let out_s = out.display().to_string();
    assert!(
        run_into(&scenario("baseline.toml"), &out, &[])
            .status
            .success()
    );
    let copied = dir.path().join("copied");
    let copied_s = copied.display().to_string();
    let copy = ["scenarios", "--copy-to", &copied_s];
    assert!(teamsim(&copy, None).status.success());
    let dir_s = dir.path().display().to_string();
    let base = scenario("baseline.toml");
    let cases: [(&[&str], &str, &str, &str); 4] = [
        (
            &["run", &base, "--out", &out_s],
            "staan al resultaten",
            "geef --force",
            "already holds",
        ),
        (
            &["compare", &base, "--runs", "0"],
            "--runs 0 valt buiten het bereik",
            "moet van 1 tot en met",
            "out of range",
        ),
        (
            &["chart", &dir_s],
            "geen resultaten van teamsim om te tekenen",
            "cells.csv van sweep",
            "no teamsim output",
        ),
        (
            &copy,
            "er is niets gekopieerd",
            "kies een lege map",
            "nothing was copied",
        ),
    ];
    for (args, dutch, advice, english) in cases {
        for lang in ["nl", "en"] {
            let mut with_lang = args.to_vec();
            with_lang.extend(["--lang", lang]);
            let o = teamsim(&with_lang, None);
            assert!(!o.status.success(), "{args:?} {lang}");
            let said = stderr(&o);
            let said = said.trim_end();
            assert_eq!(said.lines().count(), 1, "{args:?} {lang}: {said}");
            if lang == "nl" {
                assert!(said.starts_with("fout: "), "{said}");
                assert!(said.contains(dutch) && said.contains(advice), "{said}");
                assert!(!said.contains(english), "{said}");
            } else {
                assert!(said.starts_with("error: "), "{said}");
                assert_eq!(said.matches(english).count(), 1, "said once: {said}");
            }
        }
    }
}

/// `teamsim scenarios --lang nl` lists the bundled scenarios with their Dutch
/// descriptions; the English list stays English.
#[test]
fn bundled_scenarios_are_listed_in_the_language_asked_for() {
    let nl = teamsim(&["scenarios", "--lang", "nl"], None);
    let en = teamsim(&["scenarios"], None);
    assert!(nl.status.success() && en.status.success());
    let (nl, en) = (
        String::from_utf8_lossy(&nl.stdout),
        String::from_utf8_lossy(&en.stdout),
    );
    assert_eq!(nl.lines().count(), en.lines().count());
    assert!(nl.contains("Een team van twaalf"), "{nl}");
    assert!(!nl.contains("A team of twelve"), "{nl}");
    assert!(en.contains("A team of twelve"), "{en}");
}
