//! `carecast compare`: plans or policy variants under common random numbers.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use carecast::compare::{Comparison, compare, plans_from};
use carecast::format::{
    displays_as_zero_ci, fmt_delta_with_half, fmt_mean_ci, fmt_value_per, per_week,
};
use carecast::kpi::label_of;
use carecast::kpi::{Unit, unit_of};
use carecast::results;
use carecast::scenario::ScenarioError;
use carecast::targets::Status;

use super::common::{
    CmdResult, Failure, JsonOpts, OutOpts, RepOpts, SetOpts, check_budget, json_with_folder,
    progress_bar, results_dir, write_results,
};

/// Options of `carecast compare`.
#[derive(Debug, Args)]
pub(crate) struct CompareArgs {
    /// Scenario files (`-` for standard input, once); the first is the baseline. With
    /// `--variant`, one file is enough, and none means the built-in retail-week scenario.
    #[arg(value_name = "SCENARIO")]
    pub(crate) scenarios: Vec<PathBuf>,
    /// A variant of the first scenario: `NAME=PATH=VALUE`, e.g.
    /// `night=staffing.groups[2].agents=3`. Repeat a name to set several values.
    #[arg(long = "variant", value_name = "NAME=PATH=VALUE")]
    pub(crate) variants: Vec<String>,
    #[command(flatten)]
    pub(crate) reps: RepOpts,
    #[command(flatten)]
    pub(crate) set: SetOpts,
    #[command(flatten)]
    pub(crate) out: OutOpts,
    #[command(flatten)]
    pub(crate) json: JsonOpts,
}

/// Runs `carecast compare`. Results go to `--out`, default
/// `results/compare-<baseline>/<UTC timestamp>/`.
pub(crate) fn run(args: CompareArgs, out: &mut dyn Write) -> CmdResult {
    if args.reps.reps == Some(1) {
        return Err(ScenarioError::Override {
            arg: "--reps 1".into(),
            message: "a comparison needs at least 2 replications for its confidence intervals"
                .into(),
        }
        .into());
    }
    let plans = plans_from(&args.scenarios, &args.variants, &args.set.set)?;
    if plans.len() < 2 {
        return Err(ScenarioError::Override {
            arg: "compare".into(),
            message: "give at least two plans: two scenario files, or one file and a --variant"
                .into(),
        }
        .into());
    }
    carecast::compare::common_period(&plans)?;
    let base = &plans[0].scenario;
    let seed = args.reps.seed.unwrap_or(base.seed);
    let reps = args.reps.reps.unwrap_or(base.replications.max(2));
    let currency = base.currency.clone();
    // The results folder is checked and reserved before anything is computed.
    let dir = results_dir(args.out.out.as_ref(), &format!("compare-{}", plans[0].name));
    let pending = carecast::results::reserve_dir(&dir)?;
    let total = u64::from(reps) * plans.len() as u64;
    let bar = progress_bar(total, "compare", args.out.quiet, "replications");
    let pool = args.out.threads.pool().map_err(Failure::Other)?;
    for plan in &plans {
        check_budget(
            &plan.scenario.clone().with_run(Some(seed), Some(reps)),
            pool.current_num_threads(),
        )?;
    }
    let comparison = pool.install(|| compare(&plans, seed, reps, &|| bar.inc(1)));
    bar.finish_and_clear();
    let report = write_results(
        &dir,
        args.out.report,
        || pending.commit(&carecast::compare::files(&plans, &comparison)),
        || carecast::report::render_comparison(&dir),
    )?;
    if args.json.json {
        writeln!(out, "{}", json_with_folder(&comparison.to_json(), &dir)?)?;
    } else if !args.out.quiet {
        write!(out, "{}", table(&comparison, &currency))?;
        writeln!(out, "\nResults: {}", dir.display())?;
        if let Some(html) = report {
            writeln!(out, "Report: {}", html.display())?;
        }
    }
    Ok(())
}

/// The terminal table: the plans ranked by their targets (when any plan sets targets),
/// each plan's sustainability verdict, then each plan's mean ±
/// half-width and each plan's paired difference to the baseline (`*` where significant,
/// never on a difference that displays as zero), KPIs by their labels, money with the
/// period it covers.
pub(crate) fn table(c: &Comparison, currency: &str) -> String {
    let period_min = c.period_min;
    let mut out = format!(
        "carecast {} · compare · {} plans · {} replications each · seed {} (common random numbers)\n\
         mean ± 95% half-width over {}; Δ = paired difference to `{}`, * where its 95% CI excludes 0; money {}\n\n",
        results::VERSION,
        c.plans.len(),
        c.replications,
        c.seed,
        carecast::format::span(period_min),
        c.plans[0],
        carecast::format::PER_WEEK,
    );
    let name_width = c.plans.iter().map(|p| p.chars().count()).max().unwrap_or(0);
    if c.has_targets() {
        out.push_str(&ranking(c, currency));
    }
    for (name, s) in c.plans.iter().zip(&c.sustainability) {
        let _ = writeln!(out, "{name:<name_width$}  {}", s.headline());
    }
    out.push('\n');
    let labels: Vec<String> = c.kpi_names.iter().map(|k| label_of(k)).collect();
    let width = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(3)
        .min(40);
    let _ = write!(out, "{:<width$}", "KPI");
    for (p, name) in c.plans.iter().enumerate() {
        let _ = write!(out, " {:>22}", truncate(name, 22));
        if p > 0 {
            let _ = write!(out, " {:>24}", format!("Δ {}", truncate(name, 20)));
        }
    }
    out.push('\n');
    for (k, label) in c.kpi_names.iter().zip(&labels) {
        let _ = write!(out, "{:<width$}", truncate(label, width));
        let unit = unit_of(k);
        // Money per week, as everywhere.
        let f = if unit == Unit::Money {
            per_week(period_min)
        } else {
            1.0
        };
        for p in 0..c.plans.len() {
            let cell = c.summary(p, k).map_or("n/a".to_string(), |s| {
                fmt_mean_ci(unit, s.mean * f, s.half_width() * f, currency)
            });
            let _ = write!(out, " {:>22}", cell);
            if p > 0 {
                let cell = c.difference(p, k).map_or(String::new(), |d| {
                    let (mean, half) = (d.paired.mean * f, d.paired.half_width() * f);
                    let shown_zero = displays_as_zero_ci(unit, mean, half, currency);
                    let star = if d.significant() && !shown_zero {
                        "*"
                    } else {
                        " "
                    };
                    format!("{}{star}", fmt_delta_with_half(unit, mean, half, currency))
                });
                let _ = write!(out, " {:>24}", cell);
            }
        }
        out.push('\n');
    }
    out.push('\n');
    for p in 1..c.plans.len() {
        out.push_str(&c.verdict(p, currency));
        out.push('\n');
    }
    out
}

/// The ranking by the targets, as the table's first lines: per plan, best first, its
/// verdict headline, its total cost with the period it covers and the sentences of the
/// targets it does not meet; then the cheapest plan meeting every target, or that none
/// does.
pub(crate) fn ranking(c: &Comparison, currency: &str) -> String {
    let mut out = String::from(
        "ranked by the targets: plans meeting every target first, cheapest first; then by targets missed and cost
",
    );
    let order = c.ranking();
    let name_width = c.plans.iter().map(|p| p.chars().count()).max().unwrap_or(0);
    let headlines: Vec<String> = order.iter().map(|&p| c.headline(p)).collect();
    let headline_width = headlines
        .iter()
        .map(|h| h.chars().count())
        .max()
        .unwrap_or(0);
    let digits = order.len().to_string().len();
    for (rank, (&p, headline)) in order.iter().zip(&headlines).enumerate() {
        let cost = fmt_value_per(Unit::Money, c.cost(p), currency, c.period_min);
        let _ = writeln!(
            out,
            "  {:>digits$}. {:<name_width$}  {headline:<headline_width$}  {cost}",
            rank + 1,
            c.plans[p]
        );
        for item in c.verdicts[p]
            .items
            .iter()
            .filter(|i| i.status != Status::Meets)
        {
            let _ = writeln!(out, "  {:>digits$}    - {}", "", item.sentence);
        }
    }
    match c.cheapest_meeting() {
        Some(p) => {
            let _ = writeln!(out, "cheapest plan meeting every target: {}", c.plans[p]);
        }
        None => out.push_str(
            "no plan meets every target
",
        ),
    }
    out.push('\n');
    out
}

/// `s` cut to `n` characters, with an ellipsis when cut.
pub(crate) fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}
