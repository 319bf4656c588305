//! Issue 15: an installed binary works outside the source tree. `cargo install --path .`
//! into a temporary root, then, from an empty folder, `teamsim new` and `teamsim gallery`
//! (which then reads the scenarios bundled in the binary).

use std::path::Path;
use std::process::Command;

#[test]
fn an_installed_binary_works_from_an_empty_folder() {
    let root = tempfile::tempdir().unwrap();
    // Its own target folder: the outer `cargo test` holds the lock of target/.
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/install-test");
    let o = Command::new(env!("CARGO"))
        .args([
            "install",
            "--path",
            env!("CARGO_MANIFEST_DIR"),
            "--locked",
            "--offline",
            "--quiet",
        ])
        .arg("--root")
        .arg(root.path())
        .arg("--target-dir")
        .arg(&target)
        .output()
        .expect("cargo runs");
    assert!(
        o.status.success(),
        "cargo install failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let bin = root.path().join("bin/teamsim");
    let empty = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let o = Command::new(&bin)
            .args(args)
            .current_dir(empty.path())
            .output()
            .expect("teamsim runs");
        assert!(
            o.status.success(),
            "teamsim {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    run(&["new", "my-team", "--lang", "nl"]);
    run(&["validate", "my-team.toml"]);
    run(&["gallery", "--runs", "20"]);
    let index = std::fs::read_to_string(empty.path().join("output/gallery/index.html")).unwrap();
    for name in ["baseline", "merger", "reorganisation"] {
        assert!(index.contains(name), "the gallery lacks {name}");
    }
}
