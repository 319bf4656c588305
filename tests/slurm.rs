//! The cluster path on a real Slurm: scripts/slurm-array.sh on a single-node cluster
//! started on this machine (tests/slurm/teamsim.sh). Needs root and Debian's Slurm
//! packages, which `.ci/run` installs; it sets TEAMSIM_REQUIRE_SLURM=1, so that there
//! the test fails rather than skips when Slurm cannot run.

mod common;

use std::path::Path;
use std::process::Command;

fn slurm_available() -> bool {
    ["sbatch", "slurmctld", "slurmd", "munged"]
        .iter()
        .all(|tool| {
            Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn shards_on_a_real_slurm_merge_into_one_machines_files_and_a_failed_shard_cancels_the_merge() {
    let required = std::env::var("TEAMSIM_REQUIRE_SLURM").is_ok_and(|v| v == "1");
    if !slurm_available() {
        assert!(
            !required,
            "TEAMSIM_REQUIRE_SLURM=1 but Slurm is not installed (sbatch, slurmctld, slurmd, munged)"
        );
        eprintln!("SKIPPED: Slurm is not installed here; .ci/run installs it and runs this test");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = Command::new("bash")
        .arg(root.join("tests/slurm/teamsim.sh"))
        .arg(common::teamsim_bin())
        .arg(root.join("scenarios/baseline.toml"))
        .output()
        .expect("bash runs");
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}
