//! `teamsim report`: a self-contained page, opened in headless Chromium.

mod common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes a small report into `dir` and returns the page's path.
fn small_report(dir: &Path, lang: &str) -> PathBuf {
    let out = dir.join("report");
    let o = teamsim(&[
        "report",
        &scenario("reorganisation.toml"),
        "--runs",
        "40",
        "--grid",
        "3",
        "--sweep-runs",
        "3",
        "--lang",
        lang,
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out.join("report.html")
}

#[test]
fn the_report_is_one_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = small_report(dir.path(), "en");
    let html = fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    for forbidden in [
        "http://", "https://", "<script", "<link", "src=", "url(", "<img",
    ] {
        assert!(
            !html.contains(forbidden),
            "the page must not contain {forbidden:?}"
        );
    }
    // Six charts inlined as SVG: trajectories (2), Doel grid, attachment, heatmap, pulse.
    assert_eq!(html.matches("<svg ").count(), 6);
    for needle in [
        "Results per leadership style",
        "Paired differences",
        "How the model works",
        "Secure base",
        "kind = &quot;reorganisation&quot;",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
}

#[test]
fn the_report_speaks_dutch_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let html = fs::read_to_string(small_report(dir.path(), "nl")).unwrap();
    for needle in [
        "Leiderschapsstijlen vergeleken",
        "Hoe het model werkt",
        "Doel 1",
        "Dominant",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
}

/// Where Chromium is, if it is installed.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TEAMSIM_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let out = Command::new("sh")
                .args(["-c", &format!("command -v {name}")])
                .output()
                .ok()?;
            let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
            (out.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
        })
}

#[test]
fn the_report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        // .ci/run installs Chromium and sets TEAMSIM_REQUIRE_CHROMIUM=1 when it could;
        // then a missing browser is a failure, never a silent pass.
        assert!(
            std::env::var_os("TEAMSIM_REQUIRE_CHROMIUM").is_none(),
            "TEAMSIM_REQUIRE_CHROMIUM is set but no Chromium was found"
        );
        eprintln!(
            "SKIPPED the_report_renders_in_headless_chromium: Chromium is not installed (apt-get install chromium)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = small_report(dir.path(), "en");
    let shot = dir.path().join("shot.png");
    let profile = dir.path().join("profile");
    let o = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1300,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts");
    let log = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "chromium failed: {log}");
    assert!(!log.contains("Uncaught"), "{log}");
    let img = image::open(&shot)
        .expect("a screenshot was written")
        .to_rgb8();
    assert_eq!(img.dimensions(), (1300, 2000));
    let inked = img
        .pixels()
        .filter(|p| p.0.iter().any(|c| *c < 200))
        .count();
    let share = inked as f64 / (1300.0 * 2000.0);
    assert!(
        share > 0.02,
        "the page looks empty ({share:.4} of pixels inked)"
    );
}

#[test]
fn the_gallery_charts_every_scenario_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = dir.path().join("scenarios");
    fs::create_dir(&scenarios).unwrap();
    for name in ["baseline.toml", "coaching-halfway.toml"] {
        fs::copy(scenario(name), scenarios.join(name)).unwrap();
    }
    let out = dir.path().join("gallery");
    let o = teamsim(&[
        "gallery",
        "--scenarios",
        scenarios.to_str().unwrap(),
        "--runs",
        "5",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    // Per scenario: pulse + 4 comparison charts; the first also gets the heatmap.
    assert_eq!(index.matches("<img").count(), 11);
    for rel in [
        "baseline/run/charts/team-pulse.png",
        "baseline/sweep/charts/heatmap-grow_share.png",
        "coaching-halfway/compare/charts/doel-grid.png",
    ] {
        assert!(index.contains(rel), "{rel}");
        assert!(fs::metadata(out.join(rel)).unwrap().len() > 10_000, "{rel}");
    }
}

#[test]
fn sensitivity_writes_effects_findings_and_tornado_charts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("small.toml");
    fs::write(
        &file,
        "name = \"small\"\nhorizon = 60\n[team]\nsize = 6\n[leader]\nquadrant = \"secure-base\"\n",
    )
    .unwrap();
    let out = dir.path().join("sens");
    let o = teamsim(&[
        "sensitivity",
        file.to_str().unwrap(),
        "--runs",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("learning under a secure-base leader depends most on"),
        "{text}"
    );
    let params = teamsim::model::Params::describe().len();
    let effects = fs::read_to_string(out.join("sensitivity.csv")).unwrap();
    // every parameter x 5 outcomes x 4 leaders, plus the header
    assert_eq!(effects.lines().count(), 1 + params * 5 * 4);
    let findings = fs::read_to_string(out.join("findings.csv")).unwrap();
    assert_eq!(findings.lines().count(), 1 + (1 + 2 * params) * 4);
    for f in [
        "tornado-avg_grow_share",
        "tornado-total_learning",
        "tornado-total_absence_days",
    ] {
        for ext in ["png", "svg"] {
            let p = out.join("charts").join(format!("{f}.{ext}"));
            assert!(fs::metadata(&p).unwrap().len() > 5_000, "{}", p.display());
        }
    }
}
