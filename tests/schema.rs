//! `teamsim schema`: the JSON Schema editors use to complete and check a scenario.
//!
//! The bundled scenarios and the starters of `teamsim new` are checked against it with
//! taplo (npm `@taplo/cli`, installed by `.ci/run` into tests/schema/node_modules), the
//! TOML toolkit behind VS Code's "Even Better TOML"; and every range the schema states
//! is probed against `teamsim validate`, so the two cannot drift apart.

mod common;

use common::{stderr, teamsim_in};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use teamsim::scenario::Scenario;
use teamsim::scenario::schema::{SCHEMA_FILE, SCHEMA_LINE, scenario_schema};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// taplo from tests/schema/node_modules. Missing, the test fails where
/// TEAMSIM_REQUIRE_TAPLO is set (CI) and says how to install it elsewhere.
fn taplo() -> Option<PathBuf> {
    let bin = root().join("tests/schema/node_modules/.bin/taplo");
    // `taplo --version` prints its version but exits with 1 (@taplo/cli 0.7.0).
    let works = Command::new(&bin)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).starts_with("taplo "));
    if works {
        return Some(bin);
    }
    assert!(
        std::env::var_os("TEAMSIM_REQUIRE_TAPLO").is_none(),
        "TEAMSIM_REQUIRE_TAPLO is set but {} does not run: npm ci --prefix tests/schema",
        bin.display()
    );
    eprintln!(
        "taplo is not installed (npm ci --prefix tests/schema); the taplo checks did not run"
    );
    None
}

fn lint(taplo: &Path, files: &[PathBuf]) -> Output {
    Command::new(taplo)
        .args(["lint", "--no-auto-config", "--colors", "never"])
        .args(files)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

#[test]
fn the_schema_beside_the_bundled_scenarios_is_this_builds() {
    let printed = teamsim_in(&["schema"], None);
    assert!(printed.status.success(), "{}", stderr(&printed));
    let committed = fs::read_to_string(root().join("scenarios").join(SCHEMA_FILE)).unwrap();
    assert!(
        String::from_utf8_lossy(&printed.stdout) == committed,
        "scenarios/{SCHEMA_FILE} is out of date: run `teamsim schema --out scenarios/{SCHEMA_FILE}`"
    );
    for entry in fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = fs::read_to_string(&path).unwrap();
            assert_eq!(text.lines().next(), Some(SCHEMA_LINE), "{}", path.display());
        }
    }
}

#[test]
fn bundled_scenarios_and_starters_pass_taplo_from_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let copied = teamsim_in(&["scenarios", "--copy-to", "mine"], Some(work));
    assert!(copied.status.success(), "{}", stderr(&copied));
    assert!(
        work.join("mine").join(SCHEMA_FILE).is_file(),
        "the schema is copied with them"
    );
    for args in [["new", "ons-team"], ["new", "my-team"]] {
        let mut args = args.to_vec();
        if args[1] == "ons-team" {
            args.extend(["--lang", "nl"]);
        }
        let made = teamsim_in(&args, Some(work));
        assert!(made.status.success(), "{}", stderr(&made));
    }
    assert!(
        work.join(SCHEMA_FILE).is_file(),
        "`new` puts the schema beside the file"
    );
    let mut files: Vec<PathBuf> = fs::read_dir(work.join("mine"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), teamsim::scenario::bundled::BUNDLED.len());
    files.push(work.join("ons-team.toml"));
    files.push(work.join("my-team.toml"));
    let Some(taplo) = taplo() else { return };
    let out = lint(&taplo, &files);
    assert!(
        out.status.success(),
        "taplo finds fault with a bundled scenario or a starter:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
}

#[test]
fn taplo_flags_the_mistakes_a_new_user_makes() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join(SCHEMA_FILE);
    let wrote = teamsim_in(&["schema", "--out", &schema.display().to_string()], None);
    assert!(wrote.status.success(), "{}", stderr(&wrote));
    let mistakes = fs::read_to_string(root().join("tests/bad_scenarios/many-01.toml")).unwrap();
    let file = dir.path().join("mistakes.toml");
    fs::write(&file, format!("{SCHEMA_LINE}\n{mistakes}")).unwrap();
    let dutch = dir.path().join("dutch.toml");
    fs::write(
        &dutch,
        format!(
            "{SCHEMA_LINE}\nname = \"nl\"\n[team]\nsize = 10\nmix = {{ veilig = 0.5, angstig = 0.2, vermijdend = 0.1, \"angstig vermijdend\" = 0.2 }}\n[leader]\nquadrant = \"veilige basis\"\n[[events]]\nkind = \"druk\"\nday = 10\nduration = 5\nlevel = 0.5\n"
        ),
    )
    .unwrap();
    assert!(Scenario::load(&dutch).is_ok(), "the Dutch names read");
    let Some(taplo) = taplo() else { return };
    let ok = lint(&taplo, std::slice::from_ref(&dutch));
    assert!(
        ok.status.success(),
        "Dutch names: {}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let out = lint(&taplo, &[file]);
    assert!(!out.status.success());
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    for flagged in [
        "'availabilty' was unexpected",
        "'fearfull' was unexpected",
        "'blame_safty' was unexpected",
        "\"twelve\" is not of type",
        "greater than the maximum",
    ] {
        assert!(
            report.contains(flagged),
            "taplo should flag {flagged}:\n{report}"
        );
    }
}

/// Where a definition of the schema sits in a scenario file: a template with `{}` for
/// the field, and whether the field's bound may be narrowed by the rest of the file
/// (a day within the horizon, a team within its size), so that only values outside the
/// schema's range are sure to be refused.
fn placement(def: &str, field: &str) -> Option<(&'static str, bool)> {
    Some(match (def, field) {
        ("root", "observe_every") => (
            "name = \"p\"\nhorizon = 2400\n{}\n[team]\nsize = 12\n[leader]\nquadrant = \"pleasing\"\n",
            true,
        ),
        ("root", _) => (
            "name = \"p\"\n{}\n[team]\nsize = 12\n[leader]\nquadrant = \"pleasing\"\n",
            false,
        ),
        ("RawTeam", _) => (
            "name = \"p\"\n[team]\n{}\n[leader]\nquadrant = \"pleasing\"\n",
            false,
        ),
        ("RawMember", "count") => (
            "name = \"p\"\n[team]\n[[team.members]]\nstyle = \"secure\"\n{}\n[[team.members]]\nstyle = \"fearful\"\n[leader]\nquadrant = \"pleasing\"\n",
            true,
        ),
        ("RawMember", _) => (
            "name = \"p\"\n[team]\n[[team.members]]\nstyle = \"secure\"\ncount = 3\n{}\n[leader]\nquadrant = \"pleasing\"\n",
            false,
        ),
        ("RawLeader", _) => (
            "name = \"p\"\n[team]\nsize = 12\n[leader]\ncaring = 0.5\ndaring = 0.5\n{}\n",
            false,
        ),
        ("RawCompare", _) => (
            "name = \"p\"\n[team]\nsize = 12\n[leader]\nquadrant = \"pleasing\"\n[compare]\n{}\n",
            false,
        ),
        ("RawVariant", _) => (
            "name = \"p\"\n[team]\nsize = 12\n[leader]\nquadrant = \"pleasing\"\n[[compare.variants]]\nname = \"v\"\ncaring = 0.5\ndaring = 0.5\n{}\n",
            false,
        ),
        ("pressure", _) => (
            "name = \"p\"\nhorizon = 2400\n[team]\nsize = 12\n[leader]\nquadrant = \"pleasing\"\n[[events]]\nkind = \"pressure\"\nday = 1\nduration = 1\nlevel = 0.5\n{}\n",
            field == "duration" || field == "day",
        ),
        ("leader-absence", _) => (
            "name = \"p\"\nhorizon = 2400\n[team]\nsize = 12\n[leader]\nquadrant = \"pleasing\"\n[[events]]\nkind = \"leader-absence\"\nday = 1\nduration = 1\n{}\n",
            field == "duration" || field == "day",
        ),
        ("reorganisation", _) => (
            "name = \"p\"\nhorizon = 2400\n[team]\nsize = 12\n[leader]\nquadrant = \"pleasing\"\n[[events]]\nkind = \"reorganisation\"\nday = 1\n{}\n",
            false,
        ),
        ("coaching", _) => (
            "name = \"p\"\nhorizon = 2400\n[team]\nsize = 12\n[leader]\nquadrant = \"dominating\"\n[[interventions]]\nkind = \"coaching\"\nday = 0\nduration = 0\ncaring = 0.5\ndaring = 0.5\n{}\n",
            field == "duration",
        ),
        ("leader-replacement", _) => (
            "name = \"p\"\nhorizon = 2400\n[team]\nsize = 12\n[leader]\nquadrant = \"dominating\"\n[[interventions]]\nkind = \"leader-replacement\"\nday = 1\ncaring = 0.5\ndaring = 0.5\n{}\n",
            false,
        ),
        ("team-session", _) => (
            "name = \"p\"\nhorizon = 2400\n[team]\nsize = 12\n[leader]\nquadrant = \"dominating\"\n[[interventions]]\nkind = \"team-session\"\n{}\n",
            false,
        ),
        ("composition", _) => (
            "name = \"p\"\nhorizon = 2400\n[team]\nsize = 12\n[leader]\nquadrant = \"dominating\"\n[[interventions]]\nkind = \"composition\"\nday = 1\n{}\n",
            true,
        ),
        _ => return None,
    })
}

/// Every numeric property with a range: (definition, field, minimum, maximum, integer).
fn ranged_fields(schema: &Value) -> Vec<(String, String, f64, f64, bool)> {
    let mut out = Vec::new();
    let mut visit = |def: String, object: &Value| {
        let Some(props) = object.get("properties").and_then(Value::as_object) else {
            return;
        };
        for (field, p) in props {
            if let (Some(lo), Some(hi)) = (
                p.get("minimum").and_then(Value::as_f64),
                p.get("maximum").and_then(Value::as_f64),
            ) {
                let integer = p["type"] == "integer" || p["type"][0] == "integer";
                out.push((def.clone(), field.clone(), lo, hi, integer));
            }
        }
    };
    visit("root".into(), schema);
    for (name, def) in schema["definitions"].as_object().unwrap() {
        if name == "Params" {
            continue; // its ranges come from the very list the reader checks
        }
        match def.get("oneOf").and_then(Value::as_array) {
            Some(variants)
                if variants
                    .iter()
                    .any(|v| v.pointer("/properties/kind").is_some()) =>
            {
                for v in variants {
                    let kind = v.pointer("/properties/kind/enum/0").and_then(Value::as_str);
                    visit(kind.unwrap_or("?").to_string(), v);
                }
            }
            _ => visit(name.clone(), def),
        }
    }
    out
}

#[test]
fn every_range_in_the_schema_is_the_range_validate_checks() {
    let schema = scenario_schema();
    let fields = ranged_fields(&schema);
    assert!(
        fields.len() >= 25,
        "only {} ranged fields found",
        fields.len()
    );
    let file = Path::new("probe.toml");
    let mut failures = Vec::new();
    for (def, field, lo, hi, integer) in fields {
        let Some((template, narrowed)) = placement(&def, &field) else {
            failures.push(format!("{def}.{field}: no probe placement; add one"));
            continue;
        };
        // The probe takes the place of a line of the template that sets the field.
        let own = format!("{field} =");
        let template: String = template
            .lines()
            .filter(|l| !l.starts_with(&own))
            .map(|l| format!("{l}\n"))
            .collect();
        let value = |v: f64| {
            if integer {
                format!("{field} = {}", v as i64)
            } else {
                format!("{field} = {v:?}")
            }
        };
        let step = if integer {
            1.0
        } else {
            (hi - lo).abs().max(1.0) * 1e-3
        };
        for outside in [lo - step, hi + step] {
            if Scenario::parse(&template.replace("{}", &value(outside)), file).is_ok() {
                failures.push(format!("{def}.{field} = {outside}: outside the schema's {lo}..={hi} but validate accepts it"));
            }
        }
        if !narrowed {
            for inside in [lo, hi] {
                if let Err(e) = Scenario::parse(&template.replace("{}", &value(inside)), file) {
                    failures.push(format!("{def}.{field} = {inside}: inside the schema's range but validate refuses it: {e}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn schema_out_replaces_only_a_schema_and_survives_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.json");
    fs::write(&notes, "{\"mine\": true}\n").unwrap();
    let refused = teamsim_in(&["schema", "--out", &notes.display().to_string()], None);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("is not a teamsim schema; it was left alone"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(fs::read_to_string(&notes).unwrap(), "{\"mine\": true}\n");

    // An earlier schema (here: one with a field fewer) is replaced; a crash before the
    // rename leaves it whole.
    let schema = dir.path().join(SCHEMA_FILE);
    let path = schema.display().to_string();
    assert!(
        teamsim_in(&["schema", "--out", &path], None)
            .status
            .success()
    );
    let older = fs::read_to_string(&schema)
        .unwrap()
        .replacen("\"horizon\"", "\"horizon_old\"", 1);
    fs::write(&schema, &older).unwrap();
    let crashed = common::teamsim_env(
        &["schema", "--out", &path],
        &[("TEAMSIM_CRASH_AT", "schema-before-rename")],
    );
    assert!(!crashed.status.success(), "the crash point was not reached");
    assert_eq!(fs::read_to_string(&schema).unwrap(), older);
    assert!(
        teamsim_in(&["schema", "--out", &path], None)
            .status
            .success()
    );
    assert_eq!(
        fs::read_to_string(&schema).unwrap(),
        teamsim::scenario::schema::scenario_schema_json()
    );
    // What a crash can leave is a hidden temporary file, never a partial schema.
    for entry in fs::read_dir(dir.path()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            ["notes.json", SCHEMA_FILE].contains(&name.as_str())
                || (name.starts_with(".teamsim-") && name.ends_with(".tmp")),
            "{name}"
        );
    }
}
