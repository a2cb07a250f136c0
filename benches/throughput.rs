//! Simulator throughput: simulated mentions per second, on one core.
//!
//! Each benchmark iteration runs ONE replication (`carecast::experiment::replicate`,
//! always replication index 0, so every iteration does exactly the same work) on the
//! benchmark thread: no rayon, no output files. Criterion's `Throughput::Elements` is
//! set to the number of mentions that replication simulates (its `mentions` KPI,
//! measured once before timing), so the `thrpt` line reads directly as simulated
//! mentions (customers) per second per core.
//!
//! Groups:
//! - `throughput/erlang-a`: `scenarios/erlang-a.toml` (M/M/11+M, 120 arrivals/h),
//!   shortened to a 7-day horizon. Its file has a 1-day warm-up whose mentions are
//!   simulated but not counted in the KPIs; the bench overrides `warmup="0m"` so that
//!   the `mentions` KPI is the total number of arrivals simulated (the simulation work
//!   is the same either way; only the counting window changes). Reference target: at
//!   least 2 million simulated customers per second per core.
//! - `throughput/retail-week`: the built-in default scenario (`scenarios/retail-week.toml`)
//!   shortened to 7 days, without its warm-up (as for erlang-a, `mentions` then counts
//!   every arrival, including the mentions spawned by virality).
//! - `horizon/retail-week/7d` and `horizon/retail-week/28d`: the default scenario at two
//!   horizons, and `horizon/erlang-a/7d` and `horizon/erlang-a/28d` the same for erlang-a
//!   (no warm-up). If time scales linearly with the horizon, time per iteration grows
//!   about 4x while the `thrpt` (mentions/s) stays about the same. Erlang-a is stationary
//!   and shows this cleanly. The default scenario starts empty on a Monday, so its first
//!   days carry no overnight backlog and fewer spawned mentions than the weeks after them:
//!   its 28-day run simulates a little more than 4x the mentions of the 7-day one.
//!
//! Run (takes well under a minute on a 2-core machine):
//!
//! ```text
//! cargo bench --bench throughput
//! cargo bench --bench throughput -- horizon     # one group only
//! ```
//!
//! Reading the numbers: for each case criterion prints `time: [low est high]` (time of
//! one replication, 95% confidence interval with the point estimate in the middle) and
//! `thrpt: [low est high]` in elements/s, where one element is one simulated mention;
//! e.g. `thrpt: [2.1 Melem/s ...]` means 2.1 million mentions simulated per second on
//! one core. Before timing, the bench prints the mention count of each case to stderr.
//! CI only compiles this file (`cargo bench --no-run`).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use carecast::experiment::replicate;
use carecast::kpi::kpi_names;
use carecast::scenario::Scenario;
use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
    measurement::WallTime,
};

/// The replication every iteration runs.
const INDEX: u64 = 0;

fn erlang_a(overrides: &[&str]) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/erlang-a.toml");
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    Scenario::load(&path, &overrides).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The built-in default scenario with `overrides`, measured from the start (`warmup="0m"`).
fn default_scenario(overrides: &[&str]) -> Scenario {
    let overrides: Vec<String> = std::iter::once("warmup=\"0m\"")
        .chain(overrides.iter().copied())
        .map(str::to_string)
        .collect();
    Scenario::builtin(&overrides).unwrap_or_else(|e| panic!("built-in scenario: {e}"))
}

/// Mentions simulated by replication [`INDEX`] of `sc` (its `mentions` KPI; all
/// arrivals when the scenario has no warm-up).
fn mentions(sc: &Scenario) -> u64 {
    let i = kpi_names(sc)
        .iter()
        .position(|n| n == "mentions")
        .expect("KPI `mentions` exists");
    let n = replicate(sc, INDEX).kpis[i];
    assert!(n.is_finite() && n > 0.0, "no mentions simulated");
    n as u64
}

/// Adds one case to `group` (named `group_name`, for the message): one replication per
/// iteration, throughput in mentions.
fn case(group: &mut BenchmarkGroup<'_, WallTime>, group_name: &str, id: &str, sc: &Scenario) {
    let n = mentions(sc);
    eprintln!("{group_name}/{id}: {n} mentions per replication");
    group.throughput(Throughput::Elements(n));
    group.bench_function(id, |b| {
        b.iter(|| replicate(black_box(sc), black_box(INDEX)))
    });
}

/// Short runs: 10 samples, 1 s of warm-up, 3 s of measurement per case.
fn quick(group: &mut BenchmarkGroup<'_, WallTime>) {
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
}

fn throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("throughput");
    quick(&mut group);
    // warmup="0m": every simulated arrival is counted in `mentions` (see the header).
    let sc = erlang_a(&["horizon=\"7d\"", "warmup=\"0m\""]);
    case(&mut group, "throughput", "erlang-a", &sc);
    let sc = default_scenario(&["horizon=\"7d\""]);
    case(&mut group, "throughput", "retail-week", &sc);
    group.finish();
}

fn horizon(c: &mut Criterion) {
    let mut group = c.benchmark_group("horizon");
    quick(&mut group);
    // A 28-day replication takes ~0.1 s: flat sampling keeps each case within its
    // measurement time instead of criterion asking for more.
    group.sampling_mode(SamplingMode::Flat);
    for h in ["7d", "28d"] {
        let horizon = format!("horizon=\"{h}\"");
        let sc = default_scenario(&[&horizon]);
        case(&mut group, "horizon", &format!("retail-week/{h}"), &sc);
        let sc = erlang_a(&[&horizon, "warmup=\"0m\""]);
        case(&mut group, "horizon", &format!("erlang-a/{h}"), &sc);
    }
    group.finish();
}

criterion_group!(benches, throughput, horizon);
criterion_main!(benches);
