//! The event queue alone: the classic hold model (pop the earliest event, push one at a
//! random later time) at a steady queue size.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use teamsim::engine::{Day, EventQueue};

fn hold(c: &mut Criterion) {
    let mut group = c.benchmark_group("queue_hold");
    for size in [10usize, 100, 1_000, 10_000, 100_000] {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut queue: EventQueue<u32> = EventQueue::with_capacity(size + 1);
        for k in 0..size {
            queue.schedule(Day::new(rng.random::<f64>() * 10.0), k as u32);
        }
        group.throughput(Throughput::Elements(1));
        group.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, _| {
            b.iter(|| {
                let next = queue.pop().expect("the queue never empties");
                let gap = rng.random::<f64>() * 10.0;
                queue.schedule(next.time + gap, black_box(next.event));
            })
        });
    }
    group.finish();
}

// Criterion's HTML plots would need a system font (teamsim's plotters build
// uses the font it ships, registered only by teamsim's chart code).
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = hold
}
criterion_main!(benches);
