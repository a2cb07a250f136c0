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

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use crate::experiment::{self, RunResults};
use crate::output;
use crate::results::{
    self, ComparisonDiff, ComparisonEntry, ComparisonPlan, ComparisonSummary, Stat,
};
use crate::scenario::{Scenario, ScenarioError};
use crate::stats::{Summary, t_quantile_975};

/// Options of `carecast compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files; the first is the baseline. With `--variant`, one file is enough.
    #[arg(required = true, value_name = "SCENARIO")]
    pub scenarios: Vec<PathBuf>,
    /// A variant of the first scenario: `NAME=PATH=VALUE`, e.g.
    /// `night=staffing.groups[2].agents=3`. Repeat a name to set several values.
    #[arg(long = "variant", value_name = "NAME=PATH=VALUE")]
    pub variants: Vec<String>,
    /// Replications of every plan (default: the baseline's `replications`).
    #[arg(long = "reps", value_name = "N", value_parser = clap::value_parser!(u32).range(2..=1_000_000))]
    pub reps: Option<u32>,
    /// Seed shared by every plan (default: the baseline's `seed`).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Override applied to every plan, as for `run`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Results folder. Default: `results/compare-<baseline>/<UTC timestamp>/`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print `comparison.json` to stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// No progress bar and no table.
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Also render the charts and `report.html` into the results folder.
    #[arg(long)]
    pub report: bool,
}

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
    /// Per plan (the baseline's entry is all `None`), per KPI: the difference to the
    /// baseline, where both define the KPI.
    pub differences: Vec<Vec<Option<Difference>>>,
}

/// Builds the plans of a command line: the files, then variants of the first file.
pub fn plans_from(
    files: &[PathBuf],
    variants: &[String],
    set: &[String],
) -> Result<Vec<Plan>, ScenarioError> {
    let mut plans: Vec<Plan> = Vec::new();
    for path in files {
        let scenario = Scenario::load(path, set)?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = if plans.iter().any(|p| p.name == scenario.name) {
            stem
        } else {
            scenario.name.clone()
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
        match named.iter_mut().find(|(n, _)| n == name) {
            Some((_, sets)) => sets.push(assignment.to_string()),
            None => named.push((name.to_string(), vec![assignment.to_string()])),
        }
    }
    if let (Some(first), false) = (files.first(), named.is_empty()) {
        for (name, sets) in named {
            let mut all = set.to_vec();
            all.extend(sets);
            plans.push(Plan {
                name,
                scenario: Scenario::load(first, &all)?,
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
    Comparison {
        plans: plans.iter().map(|p| p.name.clone()).collect(),
        kpi_names,
        seed,
        replications,
        runs,
        differences,
    }
}

fn difference(base: &RunResults, plan: &RunResults, kpi: &str) -> Option<Difference> {
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

    /// One line per plan for managers: recommend rate, SLA and cost against the baseline,
    /// e.g. `night-shift vs retail-week: +3.4 pp recommend rate (±0.3), ...` (see
    /// [`verdict_line`]).
    pub fn verdict(&self, p: usize, currency: &str) -> String {
        verdict_line(
            &self.plans[p],
            &self.plans[0],
            |kpi| {
                self.difference(p, kpi)
                    .map(|d| (d.paired.mean, d.paired.half_width()))
            },
            currency,
        )
    }

    /// `comparison.json`: plans, seed, replications, per plan and KPI the summary, and
    /// per non-baseline plan and KPI the paired difference.
    pub fn to_json(&self) -> ComparisonSummary {
        let plans = self
            .plans
            .iter()
            .enumerate()
            .map(|(p, name)| ComparisonPlan {
                name: name.clone(),
                scenario: self.runs[p].scenario.clone(),
                kpis: self
                    .kpi_names
                    .iter()
                    .map(|k| {
                        let diff = self.difference(p, k).map(|d| ComparisonDiff {
                            mean: d.paired.mean,
                            std: d.paired.std,
                            ci95_low: d.paired.ci95_low,
                            ci95_high: d.paired.ci95_high,
                            n: d.paired.n,
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
            plans,
        }
    }

    /// `comparison.csv`, tidy: one row per plan and KPI with the plan's summary and its
    /// paired difference to the baseline (empty for the baseline).
    pub fn to_csv(&self) -> String {
        results::csv::to_text(self.to_json().rows())
    }

    /// The terminal table: each plan's mean ± half-width, and each plan's paired
    /// difference to the baseline (`*` where significant).
    pub fn table(&self, currency: &str) -> String {
        let mut out = format!(
            "carecast {} · compare · {} plans · {} replications each · seed {} (common random numbers)\n\
             mean ± 95% half-width; Δ = paired difference to `{}`, * where its 95% CI excludes 0\n\n",
            output::VERSION,
            self.plans.len(),
            self.replications,
            self.seed,
            self.plans[0]
        );
        let _ = write!(out, "{:<26}", "KPI");
        for (p, name) in self.plans.iter().enumerate() {
            let _ = write!(out, " {:>22}", truncate(name, 22));
            if p > 0 {
                let _ = write!(out, " {:>24}", format!("Δ {}", truncate(name, 20)));
            }
        }
        out.push('\n');
        for k in &self.kpi_names {
            let _ = write!(out, "{:<26}", truncate(k, 26));
            let kind = crate::format::kpi_kind(k);
            for p in 0..self.plans.len() {
                let cell = self.summary(p, k).map_or("n/a".to_string(), |s| {
                    let half = crate::format::fmt_half(kind, s.half_width());
                    format!(
                        "{} {}",
                        crate::format::fmt_value(kind, s.mean, currency),
                        half
                    )
                });
                let _ = write!(out, " {:>22}", cell);
                if p > 0 {
                    let cell = self.difference(p, k).map_or(String::new(), |d| {
                        let star = if d.significant() { "*" } else { " " };
                        format!(
                            "{} {}{star}",
                            crate::format::fmt_delta(kind, d.paired.mean, currency),
                            crate::format::fmt_half(kind, d.paired.half_width())
                        )
                    });
                    let _ = write!(out, " {:>24}", cell);
                }
            }
            out.push('\n');
        }
        out.push('\n');
        for p in 1..self.plans.len() {
            out.push_str(&self.verdict(p, currency));
            out.push('\n');
        }
        out
    }
}

/// The verdict line of a plan from plain numbers: `difference(kpi)` gives the mean paired
/// difference to the baseline and the half-width of its 95% CI, for `recommend_rate`,
/// `sla_30m` and `cost_total` (a KPI it has no answer for is left out). Used by
/// [`Comparison::verdict`] and by the comparison report, which reads the numbers back from
/// `comparison.json`.
pub fn verdict_line(
    plan: &str,
    baseline: &str,
    difference: impl Fn(&str) -> Option<(f64, f64)>,
    currency: &str,
) -> String {
    let mut parts = Vec::new();
    for (kpi, label) in [
        ("recommend_rate", "recommend rate"),
        ("sla_30m", "answered within 30 min"),
    ] {
        if let Some((mean, half)) = difference(kpi) {
            parts.push(format!(
                "{:+.1} pp {label} (±{:.1})",
                100.0 * mean,
                100.0 * half
            ));
        }
    }
    if let Some((mean, half)) = difference("cost_total") {
        let sign = if mean < 0.0 { "-" } else { "+" };
        parts.push(format!(
            "{sign}{currency} {} cost (±{})",
            thousands(mean.abs()),
            thousands(half)
        ));
    }
    format!("{plan} vs {baseline}: {}", parts.join(", "))
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

fn thousands(x: f64) -> String {
    crate::format::thousands(x, 0)
}

/// Writes the comparison folder: `comparison.json`, `comparison.csv` and each plan's
/// resolved scenario as `<plan>.scenario.toml`.
pub fn write(dir: &Path, plans: &[Plan], comparison: &Comparison) -> std::io::Result<()> {
    let summary = comparison.to_json();
    let mut files: Vec<(String, String)> = vec![
        ("comparison.json".into(), results::json::to_text(&summary)),
        (
            "comparison.csv".into(),
            results::csv::to_text(summary.rows()),
        ),
    ];
    for (plan, name) in plans.iter().zip(&comparison.plans) {
        let sc = plan
            .scenario
            .clone()
            .with_run(Some(comparison.seed), Some(comparison.replications));
        files.push((format!("{name}.scenario.toml"), results::scenario_toml(&sc)));
    }
    results::write_dir_atomically(dir, &files)
}

/// Runs `carecast compare`.
pub fn run(args: CompareArgs) -> Result<()> {
    let plans = plans_from(&args.scenarios, &args.variants, &args.set)?;
    if plans.len() < 2 {
        return Err(ScenarioError::Override {
            arg: "compare".into(),
            message: "give at least two plans: two scenario files, or one file and a --variant"
                .into(),
        }
        .into());
    }
    let base = &plans[0].scenario;
    let seed = args.seed.unwrap_or(base.seed);
    let reps = args.reps.unwrap_or(base.replications.max(2));
    let currency = base.currency.clone();
    let total = u64::from(reps) * plans.len() as u64;
    let bar = crate::cli::progress_bar(total, "compare", args.quiet, "replications");
    let pool = crate::cli::thread_pool(args.threads)?;
    let comparison = pool.install(|| compare(&plans, seed, reps, &|| bar.inc(1)));
    bar.finish_and_clear();
    let dir = match &args.out {
        Some(d) => d.clone(),
        None => output::default_dir(
            Path::new("results"),
            &format!("compare-{}", comparison.plans[0]),
            std::time::SystemTime::now(),
        ),
    };
    write(&dir, &plans, &comparison)
        .with_context(|| format!("cannot write the results folder `{}`", dir.display()))?;
    let report = if args.report {
        let paths = crate::report::render_comparison(&dir)
            .with_context(|| format!("cannot write the report into `{}`", dir.display()))?;
        Some(paths.html)
    } else {
        None
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&comparison.to_json())?
        )?;
    } else if !args.quiet {
        write!(out, "{}", comparison.table(&currency))?;
        writeln!(out, "\nResults: {}", dir.display())?;
        if let Some(html) = report {
            writeln!(out, "Report: {}", html.display())?;
        }
    }
    Ok(())
}
