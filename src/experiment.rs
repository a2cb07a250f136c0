//! Experiments: replications of a scenario, run in parallel and aggregated in order.
//!
//! Rayon lives at this edge only. Replication `i` always uses the random streams of
//! `(seed, i)`, results are collected by index and aggregated sequentially, so every
//! number is the same whatever the thread count (no parallel float reductions).

use rayon::prelude::*;

use crate::kpi::{KpiRecorder, ReplicationResult, kpi_names};
use crate::model::simulate;
use crate::scenario::Scenario;
use crate::stats::Summary;

/// The results of all replications of one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResults {
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// KPI names, in report order.
    pub kpi_names: Vec<String>,
    /// Per replication, in index order.
    pub replications: Vec<ReplicationResult>,
    /// Per KPI (aligned with `kpi_names`): mean and 95% CI over replications.
    pub summary: Vec<Summary>,
}

impl RunResults {
    /// The summary of the KPI called `name`.
    pub fn kpi(&self, name: &str) -> Option<&Summary> {
        self.kpi_names
            .iter()
            .position(|n| n == name)
            .map(|i| &self.summary[i])
    }

    /// The value of KPI `name` in every replication.
    pub fn values(&self, name: &str) -> Option<Vec<f64>> {
        let i = self.kpi_names.iter().position(|n| n == name)?;
        Some(self.replications.iter().map(|r| r.kpis[i]).collect())
    }
}

/// Runs one replication and returns its KPIs.
pub fn replicate(scenario: &Scenario, index: u64) -> ReplicationResult {
    simulate(scenario, index, KpiRecorder::new(scenario)).into_result(index)
}

/// Runs `scenario.replications` replications on the current rayon pool, calling
/// `progress` after each one (from whichever thread ran it).
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

/// Summarises replications (already in index order).
pub fn aggregate(scenario: &Scenario, replications: Vec<ReplicationResult>) -> RunResults {
    let kpi_names = kpi_names(scenario);
    let rows: Vec<&[f64]> = replications.iter().map(|r| r.kpis.as_slice()).collect();
    let summary = summarize(kpi_names.len(), &rows);
    RunResults {
        scenario: scenario.name.clone(),
        seed: scenario.seed,
        kpi_names,
        replications,
        summary,
    }
}

/// The summary of each of `kpis` KPIs over `replications` (each a replication's KPI
/// values, in replication order; a value it lacks counts as undefined), computed
/// sequentially in that order. The one aggregation of runs, comparisons and sweep points.
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
