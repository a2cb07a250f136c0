//! `hourly.csv` of a comparison folder: per plan and hour of the run, the means over the
//! plan's replications of the hourly series of a run's `hourly.csv` (with a 95%
//! confidence interval for the queue and the share answered within the service level),
//! so that the comparison report can overlay the plans' weeks without the replications.

use serde::{Deserialize, Serialize};

use super::Num;
use super::csv::Row;
use crate::experiment::RunResults;
use crate::kpi::HourRow;
use crate::scenario::calendar::WEEKDAYS;
use crate::stats::Summary;

/// One row of a comparison's `hourly.csv`: one hour of one plan, averaged over its
/// replications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanHourRow {
    /// Plan name.
    pub plan: String,
    /// Hour index from the start of the run.
    pub hour: usize,
    /// Weekday (`mon` to `sun`).
    pub day: String,
    /// Hour of the week (0 = Monday 00:00).
    pub hour_of_week: usize,
    /// `true` for an hour wholly or partly in the warm-up (not measured).
    pub warmup: bool,
    /// Replications that reached the hour (fewer than the plan's where some stopped
    /// overloaded).
    pub replications: usize,
    /// Mean mentions that arrived in the hour, in the warm-up too.
    pub arrivals: Num,
    /// Mean first replies posted in the hour to measured mentions.
    pub answered: Num,
    /// Mean of the time-average number waiting.
    pub queue_mean: Num,
    /// Lower end of its 95% CI (empty from one replication).
    pub queue_mean_ci95_low: Num,
    /// Upper end.
    pub queue_mean_ci95_high: Num,
    /// Mean of the time-average paid agents on shift.
    pub agents_on_shift: Num,
    /// Mean of the time-average agents available net of shrinkage.
    pub agents_available: Num,
    /// Mean, over the replications in which it is defined, of the share of the hour's
    /// answerable arrivals answered within the first service-level threshold.
    pub answered_within: Num,
    /// Lower end of its 95% CI.
    pub answered_within_ci95_low: Num,
    /// Upper end.
    pub answered_within_ci95_high: Num,
    /// Mean share of them taken by an agent (or answered by the bot) within it.
    pub taken_within: Num,
}

impl Row for PlanHourRow {
    const HEADER: &'static [&'static str] = &[
        "plan",
        "hour",
        "day",
        "hour_of_week",
        "warmup",
        "replications",
        "arrivals",
        "answered",
        "queue_mean",
        "queue_mean_ci95_low",
        "queue_mean_ci95_high",
        "agents_on_shift",
        "agents_available",
        "answered_within",
        "answered_within_ci95_low",
        "answered_within_ci95_high",
        "taken_within",
    ];
}

/// The rows of a comparison's `hourly.csv` for plan `plan`, run `run`: one per hour that
/// at least one replication reached, in hour order.
pub fn plan_hourly_rows<'a>(
    plan: &'a str,
    run: &'a RunResults,
) -> impl Iterator<Item = PlanHourRow> + 'a {
    let hours = run
        .replications
        .iter()
        .map(|r| r.hourly.len())
        .max()
        .unwrap_or(0);
    (0..hours).filter_map(move |h| {
        let rows: Vec<&HourRow> = run
            .replications
            .iter()
            .filter_map(|r| r.hourly.get(h))
            .collect();
        let first = rows.first()?;
        let of = |f: &dyn Fn(&HourRow) -> f64| {
            Summary::of(&rows.iter().map(|r| f(r)).collect::<Vec<_>>())
        };
        let queue = of(&|r| r.queue_mean);
        let within = of(&|r| r.answered_within);
        Some(PlanHourRow {
            plan: plan.to_string(),
            hour: first.hour,
            day: WEEKDAYS[(first.hour_of_week / 24) % 7].to_string(),
            hour_of_week: first.hour_of_week,
            warmup: rows.iter().any(|r| r.warmup),
            replications: rows.len(),
            arrivals: Num(of(&|r| r.arrivals as f64).mean),
            answered: Num(of(&|r| r.answered as f64).mean),
            queue_mean: Num(queue.mean),
            queue_mean_ci95_low: Num(queue.ci95_low),
            queue_mean_ci95_high: Num(queue.ci95_high),
            agents_on_shift: Num(of(&|r| r.agents_on_shift).mean),
            agents_available: Num(of(&|r| r.agents_available).mean),
            answered_within: Num(within.mean),
            answered_within_ci95_low: Num(within.ci95_low),
            answered_within_ci95_high: Num(within.ci95_high),
            taken_within: Num(of(&|r| r.taken_within).mean),
        })
    })
}
