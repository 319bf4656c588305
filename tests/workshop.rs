//! `teamsim workshop`: the offline page, checked on its text and driven in headless
//! Chromium (tests/workshop/drive.mjs, through playwright-core from npm).

mod common;

use common::*;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const GRID: &str = "3";
const RUNS: &str = "20";

/// Writes a small workshop page of `name` into `dir`.
fn page(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(format!("{name}.html"));
    let mut args = vec![
        "workshop",
        &scenario(name),
        "--grid",
        GRID,
        "--runs",
        RUNS,
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = teamsim(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

#[test]
fn the_page_loads_no_url_and_carries_everything_inline() {
    let dir = tempfile::tempdir().unwrap();
    let html = fs::read_to_string(page(dir.path(), "coaching-halfway.toml", &[])).unwrap();
    for banned in [
        "http://",
        "https://",
        "://",
        "<link",
        "src=",
        "href=",
        "url(",
        "@import",
        "<img",
        "<iframe",
        "fetch(",
        "XMLHttpRequest",
        "WebSocket",
        "sendBeacon",
        "import(",
    ] {
        assert!(!html.contains(banned), "the page contains {banned:?}");
    }
    // Both languages are on the page, whatever it opens in.
    for needle in [
        "Move the leader",
        "Verplaats de leider",
        "Questions for the group",
        "Vragen voor de groep",
        "Veilige basis",
        "Secure base",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
    assert!(html.contains(r#"<html lang="en">"#));
}

#[test]
fn the_page_is_byte_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let one = fs::read(page(dir.path(), "coaching-halfway.toml", &["-j", "1"])).unwrap();
    let two = fs::read(page(dir.path(), "coaching-halfway.toml", &["-j", "2"])).unwrap();
    assert!(one == two, "pages differ between 1 and 2 threads");
}

#[test]
fn bad_arguments_are_refused_and_no_file_of_the_users_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("notes.html");
    fs::write(&mine, "my own notes").unwrap();
    let o = teamsim(&[
        "workshop",
        &scenario("baseline.toml"),
        "--grid",
        "2",
        "--runs",
        "2",
        "--out",
        mine.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("is not a teamsim workshop page"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&mine).unwrap(), "my own notes");

    for (flag, value, says) in [
        (
            "--grid",
            "1",
            "--grid 1 is out of range: must be within 2..=11",
        ),
        ("--grid", "12", "--grid 12 is out of range"),
        (
            "--runs",
            "0",
            "--runs 0 is out of range: must be within 1..=10000",
        ),
    ] {
        let out = dir.path().join("x.html");
        let o = teamsim(&[
            "workshop",
            &scenario("baseline.toml"),
            flag,
            value,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(!o.status.success(), "{flag} {value} accepted");
        assert!(stderr(&o).contains(says), "{flag} {value}: {}", stderr(&o));
        assert!(!out.exists(), "{flag} {value} left a page");
    }

    let o = teamsim(&[
        "workshop",
        dir.path().join("missing.toml").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("missing.toml"), "{}", stderr(&o));
}

#[test]
fn a_crash_before_the_rename_leaves_the_earlier_page_whole() {
    let dir = tempfile::tempdir().unwrap();
    let first = page(dir.path(), "baseline.toml", &[]);
    let before = fs::read(&first).unwrap();
    let o = teamsim_env(
        &[
            "workshop",
            &scenario("baseline.toml"),
            "--grid",
            GRID,
            "--runs",
            RUNS,
            "--lang",
            "nl",
            "--out",
            first.to_str().unwrap(),
            "--quiet",
        ],
        &[("TEAMSIM_CRASH_AT", "workshop-before-rename")],
    );
    assert!(!o.status.success(), "the crash point was not reached");
    assert_eq!(
        fs::read(&first).unwrap(),
        before,
        "the earlier page changed"
    );
    // The same command without the crash replaces it with the Dutch page.
    let again = page(dir.path(), "baseline.toml", &["--lang", "nl"]);
    assert!(
        fs::read_to_string(again)
            .unwrap()
            .contains(r#"<html lang="nl">"#)
    );
}

/// Where node and the driver's modules are, or None when missing and CI does not
/// require the browser tests.
fn driver_or_skip(test: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workshop");
    let chromium = std::env::var_os("TEAMSIM_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let modules = root.join("node_modules/playwright-core").is_dir();
    if node && modules && chromium.exists() {
        return Some(root.join("drive.mjs"));
    }
    assert!(
        std::env::var_os("TEAMSIM_REQUIRE_CHROMIUM").is_none(),
        "TEAMSIM_REQUIRE_CHROMIUM is set but the workshop driver cannot run: node {node}, tests/workshop/node_modules {modules}, {} {}",
        chromium.display(),
        chromium.exists()
    );
    eprintln!("SKIPPED {test}: needs node, Chromium and `npm ci --prefix tests/workshop`");
    None
}

/// One row of a sweep's cells.csv, by column name.
fn cell(cells: &str, caring: &str, daring: &str) -> HashMap<String, f64> {
    let mut lines = cells.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for line in lines {
        let row: HashMap<String, &str> = header
            .iter()
            .zip(line.split(','))
            .map(|(h, v)| (h.to_string(), v))
            .collect();
        if row["caring"] == caring && row["daring"] == daring {
            return row
                .into_iter()
                .filter_map(|(k, v)| v.parse().ok().map(|v| (k, v)))
                .collect();
        }
    }
    panic!("no cell caring={caring} daring={daring} in cells.csv");
}

/// The number in a displayed value such as "62%", "1,323" or "0.71".
fn shown(v: &serde_json::Value) -> f64 {
    let s = v.as_str().unwrap();
    s.trim_end_matches('%')
        .replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("{s}"))
}

#[test]
fn dragging_the_leader_shows_the_batch_values_of_each_corner() {
    let Some(driver) = driver_or_skip("dragging_the_leader_shows_the_batch_values_of_each_corner")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = page(dir.path(), "reorganisation.toml", &[]);
    // The batch output the page must agree with: a sweep on the same grid and seeds.
    let sweep = dir.path().join("sweep");
    let o = teamsim(&[
        "sweep",
        &scenario("reorganisation.toml"),
        "--grid",
        GRID,
        "--runs",
        RUNS,
        "--out",
        sweep.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let cells = fs::read_to_string(sweep.join("cells.csv")).unwrap();

    let shot = dir.path().join("page.png");
    let o = Command::new("node")
        .arg(&driver)
        .arg(&html)
        .arg(&shot)
        .output()
        .expect("node runs");
    assert!(o.status.success(), "driver failed: {}", stderr(&o));
    let seen: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("the driver prints JSON");
    assert_eq!(seen["errors"], serde_json::json!([]), "errors on the page");
    let file_url = format!("file://{}", html.display());
    assert_eq!(
        seen["requests"],
        serde_json::json!([file_url]),
        "the page asked for more than itself"
    );

    // Reorganisation has 12 members over 240 days.
    let position_days = 12.0 * 240.0;
    for (key, caring, daring) in [("dominating", "0", "1"), ("secure", "1", "1")] {
        let s = &seen[key];
        assert_eq!(s["caring"].as_f64(), Some(caring.parse().unwrap()), "{key}");
        assert_eq!(s["daring"].as_f64(), Some(daring.parse().unwrap()), "{key}");
        let c = cell(&cells, caring, daring);
        let close = |what: &str, displayed: f64, batch: f64, half_unit: f64| {
            assert!(
                (displayed - batch).abs() <= half_unit + 1e-9,
                "{key} {what}: the page shows {displayed}, the batch has {batch}"
            );
        };
        close("grow", shown(&s["grow"]), 100.0 * c["grow_share"], 0.5);
        close("safety", shown(&s["safety"]), c["safety"], 0.005);
        close("learning", shown(&s["learning"]), c["learning"], 0.5);
        close(
            "absence",
            shown(&s["absence"]),
            100.0 * c["absence_days"] / position_days,
            0.05,
        );
        close("departures", shown(&s["departures"]), c["departures"], 0.05);
    }
    assert_ne!(seen["dominating"]["grow"], seen["secure"]["grow"]);
    // The drag started from the scenario's own leader (secure base at 0.8, 0.8).
    assert_eq!(seen["initial"]["caring"].as_f64(), Some(0.8));
    // A tap on a touch screen moves the leader too; the language switch translates.
    assert!(
        seen["tapped"]["where"]
            .as_str()
            .unwrap()
            .starts_with("Pleasing")
    );
    assert_eq!(seen["lang"], "nl");
    assert!(
        seen["switched"]["where"]
            .as_str()
            .unwrap()
            .starts_with("Pleasend")
    );

    // The screenshot at 1280 x 720 is the page, not a blank window.
    let img = image::open(&shot).expect("a PNG").to_rgb8();
    assert_eq!(img.dimensions(), (1280, 720));
    let mut colours = std::collections::HashSet::new();
    let background = image::Rgb([0xf4, 0xf4, 0xf2]);
    let mut painted = 0u64;
    for p in img.pixels() {
        colours.insert(p.0);
        if *p != background {
            painted += 1;
        }
    }
    assert!(colours.len() > 50, "only {} colours", colours.len());
    assert!(
        painted > 1280 * 720 / 2,
        "only {painted} pixels differ from the background"
    );
}
