//! Charts: every file is produced, non-empty, of the right size, with text drawn by the
//! shipped font; `teamsim chart` redraws from CSV without rerunning.

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::Output;

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

/// Checks a PNG's size and that its top band (the title) holds dark text pixels.
fn check_png(path: &Path, size: (u32, u32)) {
    let img = image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgb8();
    assert_eq!(img.dimensions(), size, "{}", path.display());
    let dark = (0..size.0)
        .flat_map(|x| (5..70).map(move |y| (x, y)))
        .filter(|&(x, y)| img.get_pixel(x, y).0.iter().all(|c| *c < 90))
        .count();
    assert!(
        dark > 500,
        "{}: no title text drawn ({dark} dark pixels)",
        path.display()
    );
}

fn check_svg(path: &Path, size: (u32, u32)) {
    let text = fs::read_to_string(path).unwrap();
    let head = format!("<svg width=\"{}\" height=\"{}\"", size.0, size.1);
    assert!(
        text.starts_with(&head),
        "{}: {}",
        path.display(),
        &text[..80.min(text.len())]
    );
    assert!(text.contains("<text"), "{}", path.display());
    assert!(text.trim_end().ends_with("</svg>"));
}

fn check_chart(dir: &Path, stem: &str, size: (u32, u32)) {
    let png = dir.join(format!("{stem}.png"));
    let svg = dir.join(format!("{stem}.svg"));
    assert!(
        fs::metadata(&png).unwrap().len() > 10_000,
        "{}",
        png.display()
    );
    assert!(
        fs::metadata(&svg).unwrap().len() > 5_000,
        "{}",
        svg.display()
    );
    check_png(&png, size);
    check_svg(&svg, size);
}

#[test]
fn compare_charts_are_drawn_at_their_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    ok(teamsim(&[
        "compare",
        &scenario("baseline.toml"),
        "--runs",
        "30",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--charts",
    ]));
    let charts = out.join("charts");
    check_chart(&charts, "trajectory-safety", (1600, 900));
    check_chart(&charts, "trajectory-grow_share", (1600, 900));
    check_chart(&charts, "trajectory-learning", (1600, 900));
    // As is (the secure base) and three other quadrants: a 2 x 2 grid.
    check_chart(&charts, "doel-grid", (1600, 1160));
    check_chart(&charts, "attachment", (1600, 900));
    assert_eq!(fs::read_dir(&charts).unwrap().count(), 10);
}

#[test]
fn compare_charts_mark_the_scenario_days_and_speak_only_dutch_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    ok(teamsim(&[
        "compare",
        &scenario("merger.toml"),
        "--runs",
        "20",
        "--without-interventions",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--charts",
        "--lang",
        "nl",
        "--format",
        "svg",
    ]));
    let charts = out.join("charts");
    let svg = fs::read_to_string(charts.join("trajectory-grow_share.svg")).unwrap();
    for marker in [
        "reorganisatie + wisseling in het team",
        "nieuwe leider",
        "teamsessie",
        "coaching",
    ] {
        assert!(svg.contains(marker), "{marker} is not marked");
    }
    // Six leaders: the as-is pair and four quadrants (the as-is leader is no preset).
    let doel = fs::read_to_string(charts.join("doel-grid.svg")).unwrap();
    assert!(doel.contains("Zoals het is, zonder interventies"));
    let english: Vec<String> = teamsim::app::page_strings(teamsim::chart::Lang::En);
    let dutch: Vec<String> = teamsim::app::page_strings(teamsim::chart::Lang::Nl);
    for file in fs::read_dir(&charts).unwrap() {
        let text = fs::read_to_string(file.unwrap().path()).unwrap();
        for e in english.iter().filter(|e| !dutch.contains(e) && e.len() > 3) {
            assert!(
                !text.contains(&format!(">{e}<")),
                "English {e:?} on a Dutch chart"
            );
        }
    }
}

#[test]
fn unknown_metrics_are_refused_with_the_valid_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    ok(teamsim(&[
        "compare",
        &scenario("baseline.toml"),
        "--runs",
        "5",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]));
    let o = teamsim(&["chart", out.to_str().unwrap(), "--metric", "foo"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--metric foo: no such metric"), "{err}");
    assert!(
        err.contains("grow_share") && err.contains("learning"),
        "{err}"
    );
    assert!(!out.join("charts").exists(), "nothing drawn");
}

#[test]
fn sweep_heatmap_and_run_pulse_are_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = dir.path().join("s");
    ok(teamsim(&[
        "sweep",
        &scenario("baseline.toml"),
        "--grid",
        "5",
        "--runs",
        "3",
        "--out",
        sweep.to_str().unwrap(),
        "--quiet",
        "--charts",
    ]));
    check_chart(&sweep.join("charts"), "heatmap-grow_share", (1400, 1200));
    let run = dir.path().join("r");
    ok(teamsim(&[
        "run",
        &scenario("merger.toml"),
        "--out",
        run.to_str().unwrap(),
        "--quiet",
        "--charts",
        "--lang",
        "nl",
    ]));
    check_chart(&run.join("charts"), "team-pulse", (1600, 900));
    let svg = fs::read_to_string(run.join("charts/team-pulse.svg")).unwrap();
    assert!(svg.contains("Teampuls"), "Dutch labels");
    assert!(svg.contains("reorganisatie"), "events are annotated");
}

/// cells.csv keeps six decimals, so a grid of 4 or 7 points an axis (steps of 1/3 and
/// 1/6) is read back with steps that differ in the sixth decimal: still a grid.
#[test]
fn a_heatmap_is_drawn_for_grids_whose_steps_are_not_exact_in_decimals() {
    let dir = tempfile::tempdir().unwrap();
    for grid in ["4", "7"] {
        let sweep = dir.path().join(format!("s{grid}"));
        ok(teamsim(&[
            "sweep",
            &scenario("baseline.toml"),
            "--grid",
            grid,
            "--runs",
            "1",
            "--out",
            sweep.to_str().unwrap(),
            "--quiet",
            "--charts",
        ]));
        check_chart(&sweep.join("charts"), "heatmap-grow_share", (1400, 1200));
    }
}

#[test]
fn chart_redraws_from_csv_in_another_language_without_rerunning() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    ok(teamsim(&[
        "compare",
        &scenario("baseline.toml"),
        "--runs",
        "10",
        "--styles",
        "dominating,secure-base",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]));
    let runs_before = fs::read(out.join("runs.csv")).unwrap();
    ok(teamsim(&[
        "chart",
        out.to_str().unwrap(),
        "--lang",
        "nl",
        "--format",
        "svg",
        "--metric",
        "trust",
    ]));
    let charts = out.join("charts");
    let svg = fs::read_to_string(charts.join("trajectory-trust.svg")).unwrap();
    assert!(svg.contains("Vertrouwen in de leider"), "Dutch axis label");
    assert!(svg.contains("Dominant"), "Dutch style name");
    let doel = fs::read_to_string(charts.join("doel-grid.svg")).unwrap();
    assert!(doel.contains("Doel 1") && doel.contains("Doel 2"));
    assert!(
        !charts.join("trajectory-trust.png").exists(),
        "only svg was asked for"
    );
    assert_eq!(fs::read(out.join("runs.csv")).unwrap(), runs_before);
}

#[test]
fn chart_refuses_a_directory_without_output() {
    let dir = tempfile::tempdir().unwrap();
    let o = teamsim(&["chart", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no teamsim output"), "{err}");
    assert!(!dir.path().join("charts").exists());
    let o = teamsim(&["chart", dir.path().to_str().unwrap(), "--lang", "fr"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("expected en or nl"));
}
