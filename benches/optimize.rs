//! The optimizer on the built-in week: its first two steps alone (the hourly requirements
//! of one pool from the Erlang calculator, and the integer program over the 2016
//! generated shift templates: 3 groups × 7 days × 24 starts × 4 lengths, 168 rows), and
//! the whole search (`carecast optimize` with "80% answered within 30 min in every hour,
//! at most 5% abandonment": formula plan, simulation rounds, pruning, verification) on
//! all cores. The whole search takes tens of seconds a sample: ten samples take minutes.
//!
//! Run:
//!
//! ```text
//! cargo bench --bench optimize
//! ```
//!
//! Before timing, the bench prints the plan's cost, the lower bound and the solve status
//! to stderr.

use std::hint::black_box;
use std::time::Duration;

use carecast::optimize::{self, CoverOptions, Goal};
use carecast::scenario::Scenario;
use criterion::{Criterion, criterion_group, criterion_main};

const GOAL: Goal = Goal {
    share: 0.8,
    within_min: 30.0,
    max_abandon: None,
};

fn bench(c: &mut Criterion) {
    let sc = Scenario::builtin(&[]).unwrap_or_else(|e| panic!("built-in scenario: {e}"));
    let templates = optimize::templates(&sc);
    let req = optimize::requirements(&sc, &GOAL).unwrap_or_else(|e| panic!("{e}"));
    let options = CoverOptions::default();
    let first = optimize::cover(&sc, &templates, &req, &options).unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "{} templates: cost {:.0}, lower bound {:.0}, {:?} in {:?}",
        templates.len(),
        first.cost,
        first.stats.lower_bound,
        first.stats.status,
        first.stats.elapsed
    );
    let mut group = c.benchmark_group("optimize/retail-week");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("requirements", |b| {
        b.iter(|| optimize::requirements(black_box(&sc), &GOAL))
    });
    group.bench_function("cover", |b| {
        b.iter(|| optimize::cover(black_box(&sc), &templates, &req, &options))
    });
    group.finish();

    let targets = Scenario::builtin(&[
        "targets.service_level=[{share=0.8, within=\"30m\", scope=\"every_hour\"}]".to_string(),
        "targets.max_abandonment=0.05".to_string(),
    ])
    .unwrap_or_else(|e| panic!("built-in scenario with targets: {e}"));
    let mut whole = c.benchmark_group("optimize/retail-week-search");
    whole
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    whole.bench_function("optimize", |b| {
        b.iter(|| optimize::optimize(black_box(&targets), &|_| {}).map(|o| o.log.len()))
    });
    whole.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
