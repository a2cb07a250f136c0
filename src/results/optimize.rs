//! The files of `carecast optimize`: `plan.toml` (the input scenario with the plan's
//! staffing; `carecast run plan.toml` reproduces the verification), `plan.csv`,
//! `requirements.csv`, `iterations.csv`, `optimize.json`, and the comparison of the input
//! plan, the formula-only plan and the plan found (`comparison.json`, `comparison.csv`).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::csv::Row;
use super::{Num, VERSION, json, scenario_toml, write_dir_atomically};
use crate::optimize::{Optimized, Outcome, coverage};
use crate::scenario::calendar::{DAY_H, WEEK_H, WEEK_MIN};
use crate::sustain::Sustainability;
use crate::targets::Verdicts;

/// One row of `plan.csv`: a shift template with heads on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRow {
    /// The template, e.g. `day Mon 08:00-16:00`.
    pub template: String,
    /// Its group.
    pub group: String,
    /// Heads on it.
    pub heads: u32,
    /// Paid hours a week, all its heads.
    pub paid_hours: Num,
    /// Weekly cost of those hours (no overtime).
    pub cost: Num,
}

/// One row of `requirements.csv`: one hour of the week of one pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequirementRow {
    /// The pool (groups with the same coverage, joined by `+`).
    pub pool: String,
    /// Hour of the week, 0 = Monday 00:00.
    pub hour_of_week: usize,
    /// Weekday, `mon` .. `sun`.
    pub day: String,
    /// Hour of the day.
    pub hour: usize,
    /// The pool's arrival rate, per hour.
    pub rate_per_h: Num,
    /// The time-lagged rate the formulas saw, per hour.
    pub lagged_rate_per_h: Num,
    /// Available agents the formulas require (step 1).
    pub formula_required: Num,
    /// Available agents required after the simulation step raised the hours that missed.
    pub final_required: Num,
    /// Heads on shift in the plan found.
    pub scheduled: Num,
    /// Of them, available after shrinkage.
    pub available: Num,
}

/// One row of `iterations.csv`: one simulated plan of the search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IterationRow {
    /// 1-based.
    pub iteration: usize,
    /// `formula`, `raise`, `prune` or `verify`.
    pub step: String,
    /// What was tried.
    pub action: String,
    /// Heads on templates.
    pub heads: u32,
    /// Paid hours a week.
    pub paid_hours: Num,
    /// Weekly cost of the paid hours.
    pub plan_cost: Num,
    /// Weekly total cost simulated (overtime, phone, bot included).
    pub simulated_cost: Num,
    /// The verdicts in a few words.
    pub verdict: String,
    /// Whether every target met.
    pub all_met: bool,
    /// Whether the plan was kept.
    pub kept: bool,
    /// Seconds since the start.
    pub seconds: Num,
}

impl Row for PlanRow {
    const HEADER: &'static [&'static str] = &["template", "group", "heads", "paid_hours", "cost"];
}

impl Row for RequirementRow {
    const HEADER: &'static [&'static str] = &[
        "pool",
        "hour_of_week",
        "day",
        "hour",
        "rate_per_h",
        "lagged_rate_per_h",
        "formula_required",
        "final_required",
        "scheduled",
        "available",
    ];
}

impl Row for IterationRow {
    const HEADER: &'static [&'static str] = &[
        "iteration",
        "step",
        "action",
        "heads",
        "paid_hours",
        "plan_cost",
        "simulated_cost",
        "verdict",
        "all_met",
        "kept",
        "seconds",
    ];
}

/// `optimize.json`: what the search found and how it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptimizeSummary {
    /// The carecast version.
    pub carecast_version: String,
    /// The input scenario's name.
    pub scenario: String,
    /// `met` or `not_met`.
    pub outcome: String,
    /// Why not, when not met.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Seed of the search's simulations.
    pub seed: u64,
    /// Seed of the verification.
    pub verify_seed: u64,
    /// Replications of the verification.
    pub verify_replications: usize,
    /// Heads on templates in the plan found.
    pub heads: u32,
    /// Templates with heads.
    pub templates_used: usize,
    /// Templates the search chose from.
    pub templates: usize,
    /// Paid hours a week.
    #[serde(with = "super::nullable")]
    pub paid_hours: f64,
    /// Weekly cost of the paid hours.
    #[serde(with = "super::nullable")]
    pub plan_cost: f64,
    /// Weekly cost of the formula-only plan's paid hours.
    #[serde(with = "super::nullable")]
    pub formula_plan_cost: f64,
    /// Weekly total cost in the verification (overtime, phone, bot included).
    #[serde(with = "super::nullable")]
    pub simulated_cost: f64,
    /// The currency.
    pub currency: String,
    /// Simulated plans.
    pub iterations: usize,
    /// Minutes measured in each replication (the period money covers).
    pub measured_min: f64,
    /// The verification's verdicts.
    pub verdicts: Verdicts,
    /// The verification's sustainability.
    pub sustainability: Sustainability,
}

impl OptimizeSummary {
    /// The summary of `o`, a search of the scenario called `name`.
    pub fn of(name: &str, o: &Optimized) -> Self {
        let weeks = crate::kpi::measured_min(&o.scenario) / WEEK_MIN;
        let (outcome, reason) = match &o.outcome {
            Outcome::Met => ("met", String::new()),
            Outcome::NotMet { reason } => ("not_met", reason.clone()),
        };
        OptimizeSummary {
            carecast_version: VERSION.to_string(),
            scenario: name.to_string(),
            outcome: outcome.into(),
            reason,
            seed: o.search_seed,
            verify_seed: o.scenario.seed,
            verify_replications: o.verification.replications.len(),
            heads: o.plan.counts.iter().sum(),
            templates_used: o.plan.counts.iter().filter(|&&n| n > 0).count(),
            templates: o.templates.len(),
            paid_hours: o.plan.paid_hours(&o.templates),
            plan_cost: o.plan.cost(&o.input, &o.templates),
            formula_plan_cost: o.formula_plan.cost(&o.input, &o.templates),
            simulated_cost: o
                .verification
                .kpi("cost_total")
                .map_or(f64::NAN, |s| s.mean / weeks),
            currency: o.scenario.currency.clone(),
            iterations: o.log.len(),
            measured_min: crate::kpi::measured_min(&o.scenario),
            verdicts: o.verdicts.clone(),
            sustainability: o.sustainability.clone(),
        }
    }
}

/// The rows of `plan.csv`: the templates with heads, in template order.
pub fn plan_rows(o: &Optimized) -> Vec<PlanRow> {
    o.templates
        .iter()
        .zip(&o.plan.counts)
        .filter(|(_, n)| **n > 0)
        .map(|(t, &n)| {
            let g = &o.input.groups[t.group];
            PlanRow {
                template: t.label(),
                group: g.name.clone(),
                heads: n,
                paid_hours: Num(f64::from(n) * t.paid_hours_per_week()),
                cost: Num(f64::from(n) * t.weekly_cost(g)),
            }
        })
        .collect()
}

/// The rows of `requirements.csv`: every pool's 168 hours.
pub fn requirement_rows(o: &Optimized) -> Vec<RequirementRow> {
    let cov = coverage(&o.input, &o.requirements, &o.templates, &o.plan);
    let mut rows = Vec::new();
    for (p, pool) in o.requirements.pools.iter().enumerate() {
        for h in 0..WEEK_H {
            let formula = &o.formula.pools[p].hours[h];
            let last = &pool.hours[h];
            rows.push(RequirementRow {
                pool: pool.name.clone(),
                hour_of_week: h,
                day: crate::scenario::calendar::WEEKDAYS[h / DAY_H].to_string(),
                hour: h % DAY_H,
                rate_per_h: Num(formula.rate_per_h),
                lagged_rate_per_h: Num(formula.lagged_rate_per_h),
                formula_required: Num(formula.required),
                final_required: Num(last.required),
                scheduled: Num(clean(cov[p].scheduled[h])),
                available: Num(clean(cov[p].available[h])),
            });
        }
    }
    rows
}

/// Rounds away the last bits of floating-point noise (4.199999999999999 heads is 4.2).
fn clean(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// The rows of `iterations.csv`.
pub fn iteration_rows(o: &Optimized) -> Vec<IterationRow> {
    o.log
        .iter()
        .enumerate()
        .map(|(i, it)| IterationRow {
            iteration: i + 1,
            step: it.step.name().into(),
            action: it.action.clone(),
            heads: it.heads,
            paid_hours: Num(it.paid_hours),
            plan_cost: Num(it.plan_cost),
            simulated_cost: Num(it.simulated_cost),
            verdict: it.headline.clone(),
            all_met: it.all_met,
            kept: it.kept,
            seconds: Num(it.seconds),
        })
        .collect()
}

/// The files of an optimize results folder, in order, ending with the comparison's own
/// files (`comparison.json`, `comparison.csv`, from [`crate::compare`]; passed in as text
/// so that the results layer does not depend on the comparison).
pub fn optimize_files(o: &Optimized, comparison: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut files = vec![
        ("plan.toml".into(), scenario_toml(&o.scenario)),
        (
            "optimize.json".into(),
            json::to_text(&OptimizeSummary::of(&o.input.name, o)),
        ),
        ("plan.csv".into(), super::csv::to_text(plan_rows(o))),
        (
            "requirements.csv".into(),
            super::csv::to_text(requirement_rows(o)),
        ),
        (
            "iterations.csv".into(),
            super::csv::to_text(iteration_rows(o)),
        ),
    ];
    files.extend(comparison);
    files
}

/// Writes an optimize results folder atomically.
pub fn write_optimize(
    dir: &Path,
    o: &Optimized,
    comparison: Vec<(String, String)>,
) -> std::io::Result<()> {
    write_dir_atomically(dir, &optimize_files(o, comparison))
}
