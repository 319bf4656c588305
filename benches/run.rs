//! One run of the bundled baseline scenario: events per second of the engine.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use teamsim::scenario::Scenario;
use teamsim::sim;

fn baseline(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let scenario = Scenario::load(&path).expect("the bundled baseline scenario is valid");
    let events = sim::run(&scenario, scenario.seed, &mut ()).counts.events;
    let mut group = c.benchmark_group("single_run");
    group.throughput(Throughput::Elements(events));
    group.bench_function("baseline", |b| {
        b.iter(|| sim::run(black_box(&scenario), black_box(scenario.seed), &mut ()))
    });
    group.finish();
}

criterion_group!(benches, baseline);
criterion_main!(benches);
