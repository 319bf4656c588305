//! Single runs: events per second of the engine on the bundled baseline, and how the
//! cost grows with team size and horizon.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use teamsim::scenario::Scenario;
use teamsim::sim;

fn events(scenario: &Scenario) -> u64 {
    sim::run(scenario, scenario.seed, &mut ()).events_processed
}

fn baseline(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let scenario = Scenario::load(&path).expect("the bundled baseline scenario is valid");
    let mut group = c.benchmark_group("single_run");
    group.throughput(Throughput::Elements(events(&scenario)));
    group.bench_function("baseline", |b| {
        b.iter(|| sim::run(black_box(&scenario), black_box(scenario.seed), &mut ()))
    });
    group.finish();

    // The same scenario over a cycle of seeds, as a batch runs it. Repeating one seed
    // lets the processor learn that run's branches (the same run, event for event, five
    // thousand times); this is the figure to expect per run of a compare or sweep.
    let seeds: Vec<u64> = (0..SEED_CYCLE).map(|k| scenario.seed + k).collect();
    let total: u64 = seeds
        .iter()
        .map(|&s| sim::run(&scenario, s, &mut ()).events_processed)
        .sum();
    let mut group = c.benchmark_group("single_run");
    group.throughput(Throughput::Elements(total / SEED_CYCLE));
    group.bench_function("baseline_seeds", |b| {
        let mut next = seeds.iter().cycle();
        b.iter(|| {
            let seed = *next.next().expect("a cycle never ends");
            sim::run(black_box(&scenario), black_box(seed), &mut ())
        })
    });
    group.finish();
}

/// How many seeds `single_run/baseline_seeds` cycles through.
const SEED_CYCLE: u64 = 256;

fn scenario(size: usize, horizon: u32) -> Scenario {
    let text = format!(
        "name = \"bench\"\nseed = 7\nhorizon = {horizon}\n[team]\nsize = {size}\n[leader]\nquadrant = \"secure-base\"\n"
    );
    Scenario::parse(&text, Path::new("bench.toml")).expect("a valid bench scenario")
}

fn team_size(c: &mut Criterion) {
    let mut group = c.benchmark_group("team_size");
    group.sample_size(20);
    for size in [5usize, 12, 50, 200, 500] {
        let s = scenario(size, 240);
        group.throughput(Throughput::Elements(events(&s)));
        group.bench_with_input(BenchmarkId::from_parameter(size), &s, |b, s| {
            b.iter(|| sim::run(black_box(s), s.seed, &mut ()))
        });
    }
    group.finish();
}

fn horizon(c: &mut Criterion) {
    let mut group = c.benchmark_group("horizon");
    group.sample_size(20);
    for days in [60u32, 240, 960] {
        let s = scenario(12, days);
        group.throughput(Throughput::Elements(events(&s)));
        group.bench_with_input(BenchmarkId::from_parameter(days), &s, |b, s| {
            b.iter(|| sim::run(black_box(s), s.seed, &mut ()))
        });
    }
    group.finish();
}

// Criterion's HTML plots would need a system font (teamsim's plotters build
// uses the font it ships, registered only by teamsim's chart code).
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = baseline, team_size, horizon
}
criterion_main!(benches);
