//! Experiments: replications of a scenario, run in parallel and aggregated in order.
//!
//! Rayon lives at this edge only. Replication `i` always uses the random streams of
//! `(seed, i)`, results are folded by index, sequentially, so every number is the same
//! whatever the thread count (no parallel float reductions).
//!
//! [`run`] keeps every replication in memory. [`run_streamed`] bounds what a run holds:
//! it computes the replications in chunks (in parallel within a chunk), hands each one to
//! a sink in index order as its chunk completes (to write its rows), folds the KPI
//! summaries as they come, and keeps only the first [`detail_kept`] replications in full
//! (for the report's figures: [`DETAIL_KEPT`], fewer for long horizons), plus each
//! replication's KPI values and service-level counts when the scenario sets targets (the
//! verdicts need them). Both give the same summaries, to the bit.
//!
//! A replication that ends with more mentions in the system than the scenario's
//! `limits.max_in_system` is **overloaded** ([`crate::model`]): its KPIs are undefined,
//! and so is every KPI summary of a run with at least one overloaded replication, so
//! that a plan that cannot keep up never passes for one that does ([`Overloaded`]).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::kpi::{KpiRecorder, ReplicationResult, kpi_names};
use crate::model::simulate;
use crate::scenario::Scenario;
use crate::stats::{Summary, Welford};

/// Replications a streamed run keeps in full (hourly series and distributions, for the
/// report's figures), at most; the others are written out and dropped.
pub const DETAIL_KEPT: usize = 1000;

/// Hourly rows a streamed run keeps in full at most (some 100 MB): a long horizon keeps
/// fewer than [`DETAIL_KEPT`] replications in full, and at least one.
pub const HOURS_KEPT: usize = 1_000_000;

/// How many replications of `scenario` a streamed run keeps in full.
pub fn detail_kept(scenario: &Scenario) -> usize {
    let hours = (scenario.horizon_min / 60.0).ceil().max(1.0) as usize;
    (HOURS_KEPT / hours).clamp(1, DETAIL_KEPT)
}

/// The results of all replications of one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResults {
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// KPI names, in report order.
    pub kpi_names: Vec<String>,
    /// Number of replications run.
    pub replication_count: usize,
    /// The replications kept, in index order: all of them from [`run`]; from
    /// [`run_streamed`], those the module docs say.
    pub replications: Vec<ReplicationResult>,
    /// Per KPI (aligned with `kpi_names`): mean and 95% CI over replications; undefined
    /// for every KPI when a replication was overloaded.
    pub summary: Vec<Summary>,
    /// The overloaded replications, if any.
    pub overloaded: Option<Overloaded>,
}

/// The replications of a run that stopped with more mentions in the system than the
/// scenario's `limits.max_in_system`: the plan cannot keep up with its load.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Overloaded {
    /// How many replications were overloaded.
    pub replications: u64,
    /// The index of the first of them.
    pub first_replication: u64,
    /// When it passed the limit, minutes from the start of the run.
    pub first_at_min: f64,
    /// The limit, mentions in the system at once.
    pub max_in_system: u64,
}

impl Overloaded {
    /// The overload in plain words, with the ways out.
    pub fn sentence(&self, total: usize) -> String {
        format!(
            "OVERLOADED: {} of {total} replications stopped with more than {} mentions in the system (the first after {}): the plan cannot keep up with its load, and its KPIs are not reported. Add agents, shorten the horizon, or raise limits.max_in_system.",
            self.replications,
            crate::format::thousands(self.max_in_system as f64, 0),
            crate::format::human_minutes(self.first_at_min),
        )
    }
}

impl RunResults {
    /// The summary of the KPI called `name`.
    pub fn kpi(&self, name: &str) -> Option<&Summary> {
        self.kpi_names
            .iter()
            .position(|n| n == name)
            .map(|i| &self.summary[i])
    }

    /// The value of KPI `name` in every replication kept (undefined where a replication
    /// lacks it).
    pub fn values(&self, name: &str) -> Option<Vec<f64>> {
        let i = self.kpi_names.iter().position(|n| n == name)?;
        Some(
            self.replications
                .iter()
                .map(|r| r.kpis.get(i).copied().unwrap_or(f64::NAN))
                .collect(),
        )
    }
}

/// Runs one replication and returns its KPIs.
pub fn replicate(scenario: &Scenario, index: u64) -> ReplicationResult {
    simulate(scenario, index, KpiRecorder::new(scenario)).into_result(index)
}

/// Runs `scenario.replications` replications on the current rayon pool, calling
/// `progress` after each one (from whichever thread ran it), and keeps them all.
pub fn run(scenario: &Scenario, progress: &(dyn Fn() + Sync)) -> RunResults {
    let replications: Vec<ReplicationResult> = (0..u64::from(scenario.replications))
        .into_par_iter()
        .map(|i| {
            let r = replicate(scenario, i);
            progress();
            r
        })
        .collect();
    aggregate(scenario, replications)
}

/// Runs `scenario.replications` replications as [`run`] does, but in chunks sized to the
/// current rayon pool, handing each replication to `sink` in index order and keeping only
/// what the module docs say. Stops at the first error of `sink`.
pub fn run_streamed<E>(
    scenario: &Scenario,
    progress: &(dyn Fn() + Sync),
    sink: &mut dyn FnMut(&ReplicationResult) -> Result<(), E>,
) -> Result<RunResults, E> {
    let chunk = (rayon::current_num_threads() * 8).max(1) as u64;
    run_in_chunks(scenario, chunk, progress, sink)
}

/// [`run_streamed`] with chunks of `chunk` replications (at least one).
///
/// The chunks are pipelined: while this thread hands one chunk to `sink` and folds it,
/// the pool computes the next, so writing rows never leaves a core idle. At most two
/// chunks are held at once. After an error of `sink` the chunk being computed is
/// finished and dropped, and nothing more is started.
pub fn run_in_chunks<E>(
    scenario: &Scenario,
    chunk: u64,
    progress: &(dyn Fn() + Sync),
    sink: &mut dyn FnMut(&ReplicationResult) -> Result<(), E>,
) -> Result<RunResults, E> {
    let total = u64::from(scenario.replications);
    let chunk = chunk.max(1);
    let compute = |start: u64| -> Vec<ReplicationResult> {
        let end = total.min(start.saturating_add(chunk));
        (start..end)
            .into_par_iter()
            .map(|i| {
                let r = replicate(scenario, i);
                progress();
                r
            })
            .collect()
    };
    let mut fold = Fold::new(scenario, Keep::Bounded(detail_kept(scenario)));
    let mut done = compute(0);
    let mut start = chunk.min(total);
    while !done.is_empty() {
        let mut next = Vec::new();
        let mut handed = Ok(());
        rayon::in_place_scope(|s| {
            if start < total {
                s.spawn(|_| next = compute(start));
            }
            handed = done.drain(..).try_for_each(|r| {
                sink(&r)?;
                fold.push(r);
                Ok(())
            });
        });
        handed?;
        done = next;
        start = total.min(start.saturating_add(chunk));
    }
    Ok(fold.finish())
}

/// Summarises replications (already in index order), keeping them all.
pub fn aggregate(scenario: &Scenario, replications: Vec<ReplicationResult>) -> RunResults {
    let mut fold = Fold::new(scenario, Keep::All);
    for r in replications {
        fold.push(r);
    }
    fold.finish()
}

/// What a fold keeps of the replications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Everything.
    All,
    /// The first so many in full ([`detail_kept`]); of the others, the KPI values and
    /// service counts when the scenario sets targets, nothing otherwise.
    Bounded(usize),
}

/// The replications of a run folded in index order: per KPI a running summary, the
/// overloads, and what [`Keep`] says.
struct Fold<'s> {
    scenario: &'s Scenario,
    names: Vec<String>,
    kpis: Vec<Welford>,
    count: usize,
    kept: Vec<ReplicationResult>,
    keep: Keep,
    overloaded: Option<Overloaded>,
}

impl<'s> Fold<'s> {
    fn new(scenario: &'s Scenario, keep: Keep) -> Self {
        let names = kpi_names(scenario);
        Fold {
            scenario,
            kpis: vec![Welford::default(); names.len()],
            names,
            count: 0,
            kept: Vec::new(),
            keep,
            overloaded: None,
        }
    }

    fn push(&mut self, mut r: ReplicationResult) {
        for (k, w) in self.kpis.iter_mut().enumerate() {
            let v = r.kpis.get(k).copied().unwrap_or(f64::NAN);
            if !v.is_nan() {
                w.push(v);
            }
        }
        if let Some(o) = r.overloaded {
            let seen = self.overloaded.get_or_insert(Overloaded {
                replications: 0,
                first_replication: r.index,
                first_at_min: o.t_min,
                max_in_system: self.scenario.max_in_system,
            });
            seen.replications += 1;
        }
        self.count += 1;
        match self.keep {
            Keep::All => self.kept.push(r),
            Keep::Bounded(detail) if self.count <= detail => self.kept.push(r),
            Keep::Bounded(_) if self.scenario.targets.any() => {
                r.hourly = Vec::new();
                r.distribution = Vec::new();
                self.kept.push(r);
            }
            Keep::Bounded(_) => {}
        }
    }

    fn finish(self) -> RunResults {
        let summary = if self.overloaded.is_some() {
            vec![Summary::of(&[]); self.names.len()]
        } else {
            self.kpis.iter().map(Summary::of_welford).collect()
        };
        RunResults {
            scenario: self.scenario.name.clone(),
            seed: self.scenario.seed,
            kpi_names: self.names,
            replication_count: self.count,
            replications: self.kept,
            summary,
            overloaded: self.overloaded,
        }
    }
}

/// The summary of each of `kpis` KPIs over `replications` (each a replication's KPI
/// values, in replication order; a value it lacks counts as undefined), computed
/// sequentially in that order. The one aggregation of comparisons and sweep points (a
/// run folds the same way as its replications come in).
pub fn summarize(kpis: usize, replications: &[&[f64]]) -> Vec<Summary> {
    (0..kpis)
        .map(|k| {
            let values: Vec<f64> = replications
                .iter()
                .map(|r| r.get(k).copied().unwrap_or(f64::NAN))
                .collect();
            Summary::of(&values)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(sets: &[&str]) -> Scenario {
        let mut all = vec!["horizon=\"1d\"".to_string(), "warmup=\"0m\"".to_string()];
        all.extend(sets.iter().map(|s| s.to_string()));
        Scenario::builtin(&all)
            .expect("valid")
            .with_run(Some(3), Some(7))
    }

    /// Replications as text, where NaN equals NaN.
    fn shown(r: &[ReplicationResult]) -> String {
        format!("{r:?}")
    }

    fn bits(results: &RunResults) -> Vec<[u64; 3]> {
        results
            .summary
            .iter()
            .map(|s| [s.mean.to_bits(), s.std.to_bits(), s.ci95_low.to_bits()])
            .collect()
    }

    #[test]
    fn chunked_runs_give_the_held_run_to_the_bit_on_any_pool() {
        let sc = day(&[]);
        let held = run(&sc, &|| {});
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            for chunk in [1, 3, 7, 100] {
                let mut seen = Vec::new();
                let streamed = pool
                    .install(|| {
                        run_in_chunks(&sc, chunk, &|| {}, &mut |r| {
                            seen.push(r.clone());
                            Ok::<(), ()>(())
                        })
                    })
                    .expect("no sink error");
                assert_eq!(
                    bits(&streamed),
                    bits(&held),
                    "chunk {chunk}, {threads} threads"
                );
                assert_eq!(
                    shown(&seen),
                    shown(&held.replications),
                    "rows handed over in index order"
                );
                assert_eq!(streamed.replication_count, 7);
            }
        }
    }

    #[test]
    fn a_sink_error_stops_the_run_at_that_replication() {
        let sc = day(&[]);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("pool");
        for chunk in [1, 2, 3, 100] {
            let mut handed = Vec::new();
            let out = pool.install(|| {
                run_in_chunks(&sc, chunk, &|| {}, &mut |r| {
                    handed.push(r.index);
                    if r.index == 3 { Err(r.index) } else { Ok(()) }
                })
            });
            assert_eq!(out.err(), Some(3), "chunk {chunk}");
            assert_eq!(
                handed,
                vec![0, 1, 2, 3],
                "chunk {chunk}: nothing after the error"
            );
        }
    }

    #[test]
    fn long_horizons_keep_fewer_replications_in_full() {
        assert_eq!(detail_kept(&day(&[])), DETAIL_KEPT);
        let year = Scenario::builtin(&["horizon=\"52w\"".to_string()]).expect("valid");
        assert_eq!(detail_kept(&year), HOURS_KEPT / (52 * 168));
        let decade = Scenario::builtin(&["horizon=\"520w\"".to_string()]).expect("valid");
        assert_eq!(detail_kept(&decade), HOURS_KEPT / (520 * 168));
        assert!(detail_kept(&decade) >= 1);
    }

    #[test]
    fn a_bounded_fold_keeps_only_the_first_replications_in_full() {
        let sc = day(&[]);
        let all: Vec<ReplicationResult> = (0..5).map(|i| replicate(&sc, i)).collect();
        let mut fold = Fold::new(&sc, Keep::Bounded(2));
        all.iter().cloned().for_each(|r| fold.push(r));
        let bounded = fold.finish();
        assert_eq!(bounded.replication_count, 5);
        assert_eq!(shown(&bounded.replications), shown(&all[..2]));
        assert_eq!(bits(&bounded), bits(&aggregate(&sc, all)));

        // With targets the verdicts need every replication's values, not its hours.
        let sc = day(&["targets.max_ignored=0.5"]);
        let all: Vec<ReplicationResult> = (0..5).map(|i| replicate(&sc, i)).collect();
        let mut fold = Fold::new(&sc, Keep::Bounded(2));
        all.iter().cloned().for_each(|r| fold.push(r));
        let bounded = fold.finish();
        assert_eq!(bounded.replications.len(), 5);
        assert!(
            bounded.replications[2..]
                .iter()
                .all(|r| r.hourly.is_empty())
        );
        assert_eq!(
            format!("{:?}", bounded.replications[4].kpis),
            format!("{:?}", all[4].kpis)
        );
        for (kept, r) in bounded.replications.iter().zip(&all) {
            assert_eq!(format!("{:?}", kept.kpis), format!("{:?}", r.kpis));
            assert_eq!(kept.service, r.service);
        }
    }

    #[test]
    fn an_overloaded_replication_leaves_every_kpi_undefined() {
        // Nobody on shift and a small limit: the backlog passes it within the day.
        let sc = day(&[
            "limits.max_in_system=500",
            "staffing.groups[0].agents=0",
            "staffing.groups[1].agents=0",
            "staffing.groups[2].agents=0",
        ]);
        let r = run(&sc, &|| {});
        let o = r.overloaded.expect("overloaded");
        assert_eq!(o.replications, 7);
        assert_eq!(o.first_replication, 0);
        assert_eq!(o.max_in_system, 500);
        assert!(o.first_at_min > 0.0 && o.first_at_min < 1440.0, "{o:?}");
        assert!(r.summary.iter().all(|s| s.n == 0 && s.mean.is_nan()));
        assert!(
            r.replications
                .iter()
                .all(|x| x.kpis.iter().all(|v| v.is_nan()))
        );
        assert!(r.replications.iter().all(|x| x.service.is_empty()));
        assert!(o.sentence(7).contains("limits.max_in_system"));
    }
}
