//! Batches: runs per second of a four-style comparison with daily statistics, on one
//! and two threads (the work of `teamsim compare` without the files), and what folding
//! the daily series costs: the same runs on one thread with and without them (a sweep
//! folds no daily series).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::path::Path;
use teamsim::batch::{self, BatchError, BatchSpec};
use teamsim::scenario::Scenario;

fn compare(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let scenario = Scenario::load(&path).expect("the bundled baseline scenario is valid");
    let runs = 64;
    let mut spec = BatchSpec::four_styles(&scenario, runs);
    spec.daily = true;
    spec.reference = Some(3);
    let mut group = c.benchmark_group("batch_compare");
    group.sample_size(10);
    group.throughput(Throughput::Elements(runs * 4));
    for threads in [1usize, 2] {
        group.bench_with_input(BenchmarkId::new("threads", threads), &threads, |b, &t| {
            b.iter(|| batch::run_batch::<BatchError>(&spec, t, |_| Ok(()), &|| {}).expect("runs"))
        });
    }
    group.finish();
}

fn fold(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let scenario = Scenario::load(&path).expect("the bundled baseline scenario is valid");
    let runs = 64;
    let mut group = c.benchmark_group("batch_fold");
    group.sample_size(10);
    group.throughput(Throughput::Elements(runs * 4));
    for daily in [true, false] {
        let mut spec = BatchSpec::four_styles(&scenario, runs);
        spec.daily = daily;
        spec.reference = Some(3);
        let name = if daily { "daily" } else { "summaries" };
        group.bench_function(name, |b| {
            b.iter(|| batch::run_batch::<BatchError>(&spec, 1, |_| Ok(()), &|| {}).expect("runs"))
        });
    }
    group.finish();
}

// Criterion's HTML plots would need a system font (teamsim's plotters build
// uses the font it ships, registered only by teamsim's chart code).
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = compare, fold
}
criterion_main!(benches);
