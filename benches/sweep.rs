//! Sweep scaling: a sweep of 64 points x 10 replications of the default scenario
//! (shortened to one week without warm-up), run on a rayon pool of 1 thread and of 2
//! threads.
//!
//! The sweep flattens (point, replication) pairs into one parallel iterator, so on a
//! 2-core machine the 2-thread run should take a little over half the time of the
//! 1-thread run (target: a speed-up of at least 1.8). Each iteration runs the whole
//! sweep in memory (no files), so one sample takes several seconds:
//!
//! ```text
//! cargo bench --bench sweep        # about 2 minutes on 2 cores
//! ```
//!
//! Read the speed-up as the ratio of the two `time` estimates criterion prints.

use std::path::Path;

use carecast::sweep::{self, SweepOptions, SweepSpec};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

/// 8 day-team sizes x 8 evening-team sizes = 64 points, 10 replications each: the
/// shipped sweep file, so that the command line can run the very same sweep.
const SWEEP: &str = include_str!("../scenarios/sweeps/bench64.toml");

fn bench_sweep(c: &mut Criterion) {
    let spec = SweepSpec::from_toml(SWEEP, "bench", Path::new(".")).expect("valid sweep");
    assert_eq!(spec.points().len(), 64, "64 points");
    let options = SweepOptions {
        out: None,
        shard: None,
    };
    let mut group = c.benchmark_group("sweep-64x10");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        group.bench_function(format!("{threads}-thread"), |b| {
            b.iter(|| pool.install(|| sweep::run(&spec, &options, &|| {}).expect("sweep runs")))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_sweep);
criterion_main!(benches);
