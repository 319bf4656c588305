//! `--design FILE.csv` on compare and sweep (issue 16): the rows of a table run as
//! variants with the same seeds as any other variant, through the real binary.

mod common;

use common::{scenario, stderr, teamsim};
use std::fs;
use std::path::Path;

fn run(args: &[&str]) {
    let o = teamsim(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
}

#[test]
fn a_compare_of_design_rows_pairs_them_with_the_seeds_of_a_compare_of_styles() {
    let dir = tempfile::tempdir().unwrap();
    let base = scenario("baseline.toml");
    let design = dir.path().join("design.csv");
    // The pleasing preset as a row, and a row that sets a parameter to the value the
    // scenario runs with (its default): the same runs as the scenario as written.
    let contagion = teamsim::model::Params::default().peer.contagion;
    fs::write(
        &design,
        format!("name,leader.caring,leader.daring,params.peer.contagion\nlike-pleasing,0.8,0.2,{contagion}\nas-written,0.8,0.8,{contagion}\n"),
    )
    .unwrap();
    let (styles, rows) = (dir.path().join("styles"), dir.path().join("rows"));
    let (s, r, d) = (
        styles.display().to_string(),
        rows.display().to_string(),
        design.display().to_string(),
    );
    run(&[
        "compare", &base, "--styles", "pleasing", "--runs", "30", "--out", &s, "-q",
    ]);
    run(&[
        "compare", &base, "--design", &d, "--runs", "30", "--out", &r, "-q",
    ]);
    let by_style = fs::read_to_string(styles.join("summary_stats.csv")).unwrap();
    let by_row = fs::read_to_string(rows.join("summary_stats.csv")).unwrap();
    // summary_stats.csv is long: variant,field,...; compare every field of the row.
    let lines = |csv: &str, name: &str| -> Vec<String> {
        csv.lines()
            .filter_map(|l| l.strip_prefix(&format!("{name},")).map(str::to_string))
            .collect()
    };
    assert!(!lines(&by_style, "pleasing").is_empty(), "{by_style}");
    assert_eq!(
        lines(&by_row, "like-pleasing"),
        lines(&by_style, "pleasing")
    );
    assert_eq!(lines(&by_row, "as-written"), lines(&by_row, "as-is"));
    let manifest = fs::read_to_string(rows.join("manifest.toml")).unwrap();
    assert!(
        manifest.contains(&format!("params.peer.contagion={contagion}")),
        "{manifest}"
    );
    // Charts of a design compare draw as those of any compare.
    let o = teamsim(&["chart", &r]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_sweep_of_design_rows_gives_the_cells_of_the_grid_at_the_same_points() {
    let dir = tempfile::tempdir().unwrap();
    let base = scenario("baseline.toml");
    let design = dir.path().join("design.csv");
    fs::write(&design, "leader.caring,leader.daring\n0,1\n1,0\n").unwrap();
    let (grid, rows) = (dir.path().join("grid"), dir.path().join("rows"));
    let (g, r, d) = (
        grid.display().to_string(),
        rows.display().to_string(),
        design.display().to_string(),
    );
    run(&[
        "sweep", &base, "--grid", "2", "--runs", "10", "--out", &g, "-q",
    ]);
    run(&[
        "sweep", &base, "--design", &d, "--runs", "10", "--out", &r, "-q",
    ]);
    let by_grid = fs::read_to_string(grid.join("cells.csv")).unwrap();
    let by_row = fs::read_to_string(rows.join("cells.csv")).unwrap();
    // A design of leaders only has the grid's columns: its rows are the grid's lines.
    assert_eq!(by_row.lines().next(), by_grid.lines().next());
    let rows: Vec<&str> = by_row.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{by_row}");
    for line in rows {
        assert!(
            by_grid.lines().any(|l| l == line),
            "{line} not in\n{by_grid}"
        );
    }
    // Two corners of the square are no grid: no heatmap, and a message that says why.
    let o = teamsim(&["chart", &r]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not a full, evenly spaced caring x daring grid"),
        "{}",
        stderr(&o)
    );
    assert!(!Path::new(&r).join("charts/heatmap-grow_share.png").exists());
}

#[test]
fn a_design_sweep_in_shards_merges_to_the_files_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let base = scenario("baseline.toml");
    let design = dir.path().join("design.csv");
    fs::write(
        &design,
        "name,params.setback.base_rate,params.member.mode_down.secure\nslow,0.01,0.45\nfast,0.05,0.5\nmiddle,0.03,0.48\n",
    )
    .unwrap();
    let d = design.display().to_string();
    let out = |n: &str| dir.path().join(n).display().to_string();
    run(&[
        "sweep",
        &base,
        "--design",
        &d,
        "--runs",
        "6",
        "--out",
        &out("whole"),
        "-q",
    ]);
    for k in ["1/2", "2/2"] {
        let name = format!("s{}", &k[..1]);
        run(&[
            "sweep",
            &base,
            "--design",
            &d,
            "--runs",
            "6",
            "--shard",
            k,
            "--out",
            &out(&name),
            "-q",
        ]);
    }
    run(&[
        "merge",
        &out("s2"),
        &out("s1"),
        "--out",
        &out("merged"),
        "-q",
    ]);
    for file in ["cells.csv", "sweep_stats.csv", "runs.csv"] {
        let (a, b) = (
            fs::read(Path::new(&out("whole")).join(file)).unwrap(),
            fs::read(Path::new(&out("merged")).join(file)).unwrap(),
        );
        assert!(!a.is_empty() && a == b, "{file} of the merged shards");
    }
    let cells = fs::read_to_string(Path::new(&out("whole")).join("cells.csv")).unwrap();
    assert!(
        cells.starts_with("name,params.setback.base_rate,params.member.mode_down.secure,caring,"),
        "{cells}"
    );
    assert!(cells.contains("\nslow,0.01,0.45,0.8,0.8,"), "{cells}");
}

#[test]
fn a_bad_design_table_stops_compare_and_sweep_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let base = scenario("baseline.toml");
    let cases = [
        ("leader.caring\n1.2\n", "line 2", "within 0..=1"),
        ("leader.carring\n0.2\n", "line 1", "did you mean"),
        ("name,leader.caring\nas-is,0.2\n", "", "named twice"),
    ];
    for (k, (text, line, says)) in cases.iter().enumerate() {
        let design = dir.path().join(format!("bad{k}.csv"));
        fs::write(&design, text).unwrap();
        for command in ["compare", "sweep"] {
            if *says == "named twice" && command == "sweep" {
                continue;
            }
            let out = dir.path().join(format!("{command}{k}"));
            let o = teamsim(&[
                command,
                &base,
                "--design",
                &design.display().to_string(),
                "--out",
                &out.display().to_string(),
                "-q",
            ]);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{command} {text}: {err}");
            assert!(
                err.contains(line) && err.contains(says),
                "{command} {text}: {err}"
            );
            assert!(!out.exists(), "{command} {text}: an output folder was made");
        }
    }
}
