//! Issue 15: `--xlsx` writes an Excel workbook beside the CSV files of compare and
//! sweep, read back here with calamine.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::*;
use std::fs;

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        other => panic!("expected text, found {other:?}"),
    }
}

fn float(d: Option<&Data>) -> f64 {
    match d {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

/// The mean of `metric` for `variant` in summary_stats.csv.
fn csv_mean(dir: &std::path::Path, variant: &str, metric: &str) -> f64 {
    let csv = fs::read_to_string(dir.join("summary_stats.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "mean").unwrap();
    lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|r| r[0] == variant && r[3] == metric)
        .map(|r| r[col].parse().unwrap())
        .unwrap()
}

#[test]
fn compare_writes_a_dutch_workbook_with_the_batch_values() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    let o = teamsim(&[
        "compare",
        &scenario("coaching-halfway.toml"),
        "--runs",
        "12",
        "--xlsx",
        "--lang",
        "nl",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut book: Xlsx<_> = open_workbook(out.join("results.xlsx")).expect("a workbook");
    assert_eq!(book.sheet_names(), ["Leiders", "Verschillen", "Per dag"]);
    let leaders = book.worksheet_range("Leiders").unwrap();
    assert_eq!(text(leaders.get((0, 0))), "Leider");
    assert_eq!(text(leaders.get((0, 1))), "Gevoelde veiligheid: gemiddelde");
    // Mean, low and high of safety, then the Grow share.
    assert_eq!(
        text(leaders.get((0, 4))),
        "Aandeel in Doel 2 (groei): gemiddelde"
    );
    // One row per leader: the scenario as written first ("zoals het is").
    let variants = fs::read_to_string(out.join("summary_stats.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert_eq!(leaders.height(), variants + 1);
    let grow = float(leaders.get((1, 4)));
    // The CSV keeps six decimals.
    assert!((grow - csv_mean(&out, "as-is", "avg_grow_share")).abs() < 1e-6);
    let daily = book.worksheet_range("Per dag").unwrap();
    assert_eq!(text(daily.get((0, 0))), "Werkdag");
    assert_eq!(daily.height(), 241 + 1, "one row per observation");
    assert!(text(daily.get((0, 1))).starts_with("Aandeel van het team in Doel 2"));
}

#[test]
fn sweep_writes_one_row_per_cell_and_no_workbook_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let o = teamsim(&[
        "sweep",
        &scenario("baseline.toml"),
        "--grid",
        "3",
        "--runs",
        "3",
        "--xlsx",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut book: Xlsx<_> = open_workbook(out.join("results.xlsx")).expect("a workbook");
    let grid = book.worksheet_range("Grid").unwrap();
    assert_eq!(grid.height(), 9 + 1);
    assert_eq!(text(grid.get((0, 0))), "Caring");
    assert_eq!(float(grid.get((9, 0))), 1.0);

    let plain = dir.path().join("p");
    let o = teamsim(&[
        "sweep",
        &scenario("baseline.toml"),
        "--grid",
        "2",
        "--runs",
        "2",
        "--out",
        plain.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!plain.join("results.xlsx").exists());
}

/// `merge --xlsx` writes the workbook one machine would have written for the whole batch.
#[test]
fn merge_writes_the_workbook_of_the_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    let compare = |out: &std::path::Path, extra: &[&str]| {
        let mut args = vec![
            "compare",
            "scenarios/baseline.toml",
            "--runs",
            "10",
            "--styles",
            "pleasing",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ];
        args.extend_from_slice(extra);
        let o = teamsim_in(
            &args,
            Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))),
        );
        assert!(o.status.success(), "{}", stderr(&o));
    };
    compare(&whole, &["--xlsx"]);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    compare(&a, &["--shard", "1/2"]);
    compare(&b, &["--shard", "2/2"]);
    let merged = dir.path().join("merged");
    let o = teamsim(&[
        "merge",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
        "--xlsx",
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut one: Xlsx<_> = open_workbook(whole.join("results.xlsx")).unwrap();
    let mut two: Xlsx<_> = open_workbook(merged.join("results.xlsx")).unwrap();
    assert_eq!(one.sheet_names(), two.sheet_names());
    for sheet in one.sheet_names() {
        let x = one.worksheet_range(&sheet).unwrap();
        let y = two.worksheet_range(&sheet).unwrap();
        assert_eq!(x.get_size(), y.get_size(), "{sheet}");
        assert!(x.get_size().0 > 1, "{sheet} has rows");
        for (r, row) in x.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                assert_eq!(Some(cell), y.get((r, c)), "{sheet} row {r} column {c}");
            }
        }
    }
}
