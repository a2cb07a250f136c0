//! Plan comparison under common random numbers (`carecast compare`).
//!
//! Every plan runs the same replications with the same seed, so replication `i` of every
//! plan sees the very same customers: the same arrival times, classes, patience, work and
//! decision uniforms (the model draws them per customer from purpose-keyed streams; see
//! [`crate::rng`]). The difference between a plan and the baseline is then estimated from
//! the paired differences `d_i = x_plan,i - x_base,i`, whose variance is far smaller than
//! that of two independent samples when the plans share most of their randomness (Law &
//! Kelton, *Simulation Modeling and Analysis*, ch. 11: common random numbers). The paired
//! 95% interval is a one-sample Student t interval on the `d_i`; the unpaired half-width
//! (what independent runs would have given) is reported beside it for comparison.

use std::path::{Path, PathBuf};

use crate::experiment::{self, RunResults};
use crate::results::{
    self, ComparisonDiff, ComparisonEntry, ComparisonPlan, ComparisonSummary, RankedPlan, Ranking,
    Stat,
};
use crate::scenario::{Scenario, ScenarioError};
use crate::stats::{Summary, t_quantile_975};
use crate::sustain::Sustainability;
use crate::targets::{Standing, Verdicts};

/// A plan: a name and its scenario.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Unique name in the comparison.
    pub name: String,
    /// The scenario.
    pub scenario: Scenario,
}

/// The difference of one KPI between a plan and the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    /// Mean, standard deviation and 95% CI of the paired differences.
    pub paired: Summary,
    /// Half-width of the 95% CI had the plans been run independently (Welch).
    pub unpaired_half_width: f64,
}

impl Difference {
    /// Whether the paired 95% interval excludes zero.
    pub fn significant(&self) -> bool {
        self.paired.ci95_low > 0.0 || self.paired.ci95_high < 0.0
    }
}

/// The results of a comparison.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Plan names, baseline first.
    pub plans: Vec<String>,
    /// The KPIs compared: the baseline's, then those only other plans have.
    pub kpi_names: Vec<String>,
    /// Seed shared by all plans.
    pub seed: u64,
    /// Replications of each plan.
    pub replications: u32,
    /// Per plan, its run.
    pub runs: Vec<RunResults>,
    /// Per plan, whether its backlog clears or grows ([`crate::sustain::assess`]).
    pub sustainability: Vec<Sustainability>,
    /// Per plan, the verdicts on the targets of its own scenario
    /// ([`crate::targets::evaluate`]; empty for a plan that sets none).
    pub verdicts: Vec<Verdicts>,
    /// The baseline's measured window (horizon less warm-up), minutes: the period its
    /// counts and money cover.
    pub period_min: f64,
    /// Per plan (the baseline's entry is all `None`), per KPI: the difference to the
    /// baseline, where both define the KPI.
    pub differences: Vec<Vec<Option<Difference>>>,
}

/// Builds the plans of a command line: the files, then variants of the first file (of
/// the built-in default scenario when no file is given). Standard input (`-`) may be
/// named once.
pub fn plans_from(
    files: &[PathBuf],
    variants: &[String],
    set: &[String],
) -> Result<Vec<Plan>, ScenarioError> {
    let mut plans: Vec<Plan> = Vec::new();
    let stdin = Path::new(crate::scenario::STDIN);
    if files.iter().filter(|p| p.as_path() == stdin).count() > 1 {
        return Err(ScenarioError::Override {
            arg: "compare - -".into(),
            message: "standard input (`-`) can be read only once: name it once".into(),
        });
    }
    // The first scenario's text, read once: the variants start from it.
    let mut first: Option<(String, String, Option<PathBuf>)> = None;
    if files.is_empty() && !variants.is_empty() {
        let scenario = Scenario::builtin(set)?;
        plans.push(Plan {
            name: scenario.name.clone(),
            scenario,
        });
        first = Some((
            crate::scenario::DEFAULT_SCENARIO.to_string(),
            "<built-in retail-week>".to_string(),
            None,
        ));
    }
    for path in files {
        let (text, origin) = Scenario::read_source(path)?;
        let folder = crate::scenario::source_folder(path).map(Path::to_path_buf);
        let scenario = Scenario::from_toml_at(&text, &origin, set, folder.as_deref())?;
        if first.is_none() {
            first = Some((text, origin, folder));
        }
        // The file stem names a second plan of the same scenario name, if it is a name
        // (plan names become file names); otherwise a suffix tells them apart below.
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| crate::scenario::is_valid_name(s));
        let name = match stem {
            Some(stem) if plans.iter().any(|p| p.name == scenario.name) => stem,
            _ => scenario.name.clone(),
        };
        plans.push(Plan { name, scenario });
    }
    let mut named: Vec<(String, Vec<String>)> = Vec::new();
    for v in variants {
        let (name, assignment) = v
            .split_once('=')
            .filter(|(n, a)| !n.is_empty() && a.contains('='))
            .ok_or_else(|| ScenarioError::Override {
                arg: format!("--variant {v}"),
                message: "expected NAME=PATH=VALUE, e.g. night=staffing.groups[2].agents=3".into(),
            })?;
        if !crate::scenario::is_valid_name(name) {
            return Err(ScenarioError::Override {
                arg: format!("--variant {v}"),
                message: format!(
                    "the name `{name}` names the plan's file `NAME.scenario.toml` and its rows in comparison.csv: use {}",
                    crate::scenario::NAME_RULE,
                ),
            });
        }
        match named.iter_mut().find(|(n, _)| n == name) {
            Some((_, sets)) => sets.push(assignment.to_string()),
            None => named.push((name.to_string(), vec![assignment.to_string()])),
        }
    }
    if let Some((text, origin, folder)) = &first {
        for (name, sets) in named {
            plans.push(Plan {
                scenario: Scenario::variant_of(text, origin, folder.as_deref(), set, &name, &sets)?,
                name,
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    for p in &mut plans {
        let base = p.name.clone();
        let mut k = 2;
        while !seen.insert(p.name.clone()) {
            p.name = format!("{base}-{k}");
            k += 1;
        }
    }
    Ok(plans)
}

/// The measured period shared by every plan (horizon less warm-up, minutes). Plans
/// measured over different periods are refused: their costs and counts would not compare.
pub fn common_period(plans: &[Plan]) -> Result<f64, ScenarioError> {
    let Some(base) = plans.first() else {
        return Ok(0.0);
    };
    let period = crate::kpi::measured_min(&base.scenario);
    for plan in &plans[1..] {
        let other = crate::kpi::measured_min(&plan.scenario);
        if other != period {
            return Err(ScenarioError::Override {
                arg: format!("plan `{}`", plan.name),
                message: format!(
                    "measured over {} but the baseline `{}` over {}: costs and counts would not compare; give every plan the same horizon and warmup",
                    crate::format::span(other),
                    base.name,
                    crate::format::span(period)
                ),
            });
        }
    }
    Ok(period)
}

/// Runs every plan with the same seed and replications and computes the paired
/// differences to the first plan.
pub fn compare(
    plans: &[Plan],
    seed: u64,
    replications: u32,
    progress: &(dyn Fn() + Sync),
) -> Comparison {
    let runs: Vec<RunResults> = plans
        .iter()
        .map(|p| {
            experiment::run(
                &p.scenario.clone().with_run(Some(seed), Some(replications)),
                progress,
            )
        })
        .collect();
    let mut kpi_names: Vec<String> = runs
        .first()
        .map(|r| r.kpi_names.clone())
        .unwrap_or_default();
    for r in runs.iter().skip(1) {
        for n in &r.kpi_names {
            if !kpi_names.contains(n) {
                kpi_names.push(n.clone());
            }
        }
    }
    let differences = runs
        .iter()
        .enumerate()
        .map(|(i, run)| {
            kpi_names
                .iter()
                .map(|k| {
                    if i == 0 {
                        None
                    } else {
                        difference(&runs[0], run, k)
                    }
                })
                .collect()
        })
        .collect();
    let sustainability = plans
        .iter()
        .zip(&runs)
        .map(|(p, run)| crate::sustain::assess(&p.scenario, run))
        .collect();
    let verdicts = plans
        .iter()
        .zip(&runs)
        .map(|(p, run)| crate::targets::evaluate(&p.scenario, run))
        .collect();
    Comparison {
        plans: plans.iter().map(|p| p.name.clone()).collect(),
        period_min: plans
            .first()
            .map_or(0.0, |p| crate::kpi::measured_min(&p.scenario)),
        kpi_names,
        seed,
        replications,
        runs,
        sustainability,
        verdicts,
        differences,
    }
}

/// The paired difference of `kpi` between `plan` and `base`; none when either has an
/// overloaded replication (its KPIs are not the plan's, see [`crate::experiment`]).
fn difference(base: &RunResults, plan: &RunResults, kpi: &str) -> Option<Difference> {
    if base.overloaded.is_some() || plan.overloaded.is_some() {
        return None;
    }
    let a = base.values(kpi)?;
    let b = plan.values(kpi)?;
    let d: Vec<f64> = a
        .iter()
        .zip(&b)
        .map(|(x, y)| y - x)
        .filter(|v| v.is_finite())
        .collect();
    if d.is_empty() {
        return None;
    }
    let (sa, sb) = (Summary::of(&a), Summary::of(&b));
    Some(Difference {
        paired: Summary::of(&d),
        unpaired_half_width: welch_half_width(&sa, &sb),
    })
}

/// Half-width of the 95% Welch interval of a difference of two independent means.
pub fn welch_half_width(a: &Summary, b: &Summary) -> f64 {
    let (va, vb) = (a.std * a.std / a.n as f64, b.std * b.std / b.n as f64);
    let se2 = va + vb;
    if se2.is_nan() {
        return f64::NAN;
    }
    if se2 <= 0.0 {
        return 0.0;
    }
    let df = se2 * se2 / (va * va / (a.n as f64 - 1.0) + vb * vb / (b.n as f64 - 1.0));
    t_quantile_975(df.floor().max(1.0) as usize) * se2.sqrt()
}

impl Comparison {
    /// The summary of `kpi` in plan `p`.
    pub fn summary(&self, p: usize, kpi: &str) -> Option<&Summary> {
        self.runs.get(p)?.kpi(kpi)
    }

    /// The difference of `kpi` between plan `p` and the baseline.
    pub fn difference(&self, p: usize, kpi: &str) -> Option<&Difference> {
        let k = self.kpi_names.iter().position(|n| n == kpi)?;
        self.differences.get(p)?.get(k)?.as_ref()
    }

    /// Whether any plan sets targets (then the comparison opens with its ranking).
    pub fn has_targets(&self) -> bool {
        self.verdicts.iter().any(|v| !v.is_empty())
    }

    /// Mean total cost of plan `p` (the `cost_total` KPI; NaN where it lacks it).
    pub fn cost(&self, p: usize) -> f64 {
        self.summary(p, "cost_total").map_or(f64::NAN, |s| s.mean)
    }

    /// Where each plan stands against its targets, in plan order.
    pub fn standings(&self) -> Vec<Standing> {
        self.verdicts
            .iter()
            .enumerate()
            .map(|(p, v)| Standing::of(v, self.cost(p)))
            .collect()
    }

    /// The plans' indices, best first: those meeting every target by total cost, then
    /// the others by targets missed and cost ([`crate::targets::rank()`]).
    pub fn ranking(&self) -> Vec<usize> {
        crate::targets::rank(&self.standings())
    }

    /// The cheapest plan meeting every target, if any does.
    pub fn cheapest_meeting(&self) -> Option<usize> {
        crate::targets::cheapest_meeting(&self.standings())
    }

    /// The ranking as `comparison.json` holds it (`None` when no plan sets targets).
    pub fn ranking_json(&self) -> Option<Ranking> {
        if !self.has_targets() {
            return None;
        }
        let standings = self.standings();
        Some(Ranking {
            cheapest_meeting_targets: self.cheapest_meeting().map(|p| self.plans[p].clone()),
            plans: self
                .ranking()
                .into_iter()
                .map(|p| RankedPlan {
                    plan: self.plans[p].clone(),
                    meets_targets: standings[p].meets_all(),
                    targets_missed: standings[p].missed,
                    headline: self.headline(p),
                    cost_total: self.cost(p),
                })
                .collect(),
        })
    }

    /// Plan `p`'s verdict on its targets in a few words (`no targets` when it sets none).
    pub fn headline(&self, p: usize) -> String {
        match self.verdicts.get(p) {
            Some(v) if !v.is_empty() => v.headline(),
            _ => "no targets".to_string(),
        }
    }

    /// One line per plan for managers: the headline KPIs against the baseline, e.g.
    /// `night-shift vs retail-week: Answered within 30 min +28.0 pp (± 3.7 pp), ...` (see
    /// [`crate::format::verdict_line`]).
    pub fn verdict(&self, p: usize, currency: &str) -> String {
        crate::format::verdict_line(
            &self.plans[p],
            &self.plans[0],
            |kpi| {
                self.difference(p, kpi)
                    .map(|d| (d.paired.mean, d.paired.half_width()))
            },
            currency,
            self.period_min,
        )
    }

    /// `comparison.json`: plans, seed, replications, the ranking by the targets (when any
    /// plan sets targets), per plan its verdicts and per KPI the summary, and per
    /// non-baseline plan and KPI the paired difference.
    pub fn to_json(&self) -> ComparisonSummary {
        let plans = self
            .plans
            .iter()
            .enumerate()
            .map(|(p, name)| ComparisonPlan {
                name: name.clone(),
                scenario: self.runs[p].scenario.clone(),
                verdicts: self.verdicts.get(p).filter(|v| !v.is_empty()).cloned(),
                kpis: self
                    .kpi_names
                    .iter()
                    .map(|k| {
                        let diff = self.difference(p, k).map(|d| ComparisonDiff {
                            paired: Stat::from(d.paired),
                            significant: d.significant(),
                            unpaired_half_width: d.unpaired_half_width,
                        });
                        let stat = self.summary(p, k).map(|s| Stat::from(*s));
                        (k.clone(), ComparisonEntry { stat, diff })
                    })
                    .collect(),
            })
            .collect();
        ComparisonSummary {
            carecast_version: results::VERSION.to_string(),
            baseline: self.plans.first().cloned(),
            seed: Some(self.seed),
            replications: Some(self.replications),
            ranking: self.ranking_json(),
            plans,
        }
    }
}

/// The comparison's two summary files, `comparison.json` and `comparison.csv`, as text.
pub fn summary_files(comparison: &Comparison) -> Vec<(String, String)> {
    let summary = comparison.to_json();
    vec![
        ("comparison.json".into(), results::json::to_text(&summary)),
        (
            "comparison.csv".into(),
            results::csv::to_text(summary.rows()),
        ),
    ]
}

/// Writes the comparison folder ([`files`]) atomically.
pub fn write(dir: &Path, plans: &[Plan], comparison: &Comparison) -> std::io::Result<()> {
    results::write_dir_atomically(dir, &files(plans, comparison))
}

/// The files of a comparison folder: `comparison.json`, `comparison.csv`, `kpis.json`,
/// the tidy per-replication rows `replications.csv` ([`results::tidy`]), the plans'
/// hourly means `hourly.csv` ([`results::PlanHourRow`]) and each plan's resolved
/// scenario as `<plan>.scenario.toml`.
pub fn files(plans: &[Plan], comparison: &Comparison) -> Vec<(String, String)> {
    let mut files = summary_files(comparison);
    let currency = plans.first().map_or("", |p| p.scenario.currency.as_str());
    let period = common_period(plans).ok();
    files.push((
        "kpis.json".into(),
        results::json::to_text(&results::Dictionary::of(
            &comparison.kpi_names,
            currency,
            period,
        )),
    ));
    let mut tidy = results::tidy::header("plan");
    for (i, (plan, name)) in plans.iter().zip(&comparison.plans).enumerate() {
        if let Some(run) = comparison.runs.get(i) {
            results::tidy::push_rows(
                &mut tidy,
                name,
                &results::tidy::Segments::of(&plan.scenario),
                &run.kpi_names,
                run.replications
                    .iter()
                    .map(|r| (r.index, r.kpis.as_slice())),
            );
        }
    }
    files.push(("replications.csv".into(), tidy));
    let hourly = comparison
        .plans
        .iter()
        .zip(&comparison.runs)
        .flat_map(|(name, run)| results::plan_hourly_rows(name, run));
    files.push(("hourly.csv".into(), results::csv::to_text(hourly)));
    for (plan, name) in plans.iter().zip(&comparison.plans) {
        let sc = plan
            .scenario
            .clone()
            .with_run(Some(comparison.seed), Some(comparison.replications));
        files.push((format!("{name}.scenario.toml"), results::scenario_toml(&sc)));
    }
    files
}
