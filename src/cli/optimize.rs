//! `carecast optimize`: the cheapest shift plan meeting the scenario's targets.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use carecast::compare::{Plan, compare};
use carecast::format::{fmt_delta_in_words_per, money, thousands};
use carecast::optimize::{Optimized, Outcome, Step, optimize};
use carecast::results;
use carecast::scenario::calendar::WEEK_MIN;

use super::common::{CmdResult, Failure, OutOpts, RepOpts, SetOpts, results_dir, write_results};

/// Options of `carecast optimize`.
#[derive(Debug, Args)]
pub(crate) struct OptimizeArgs {
    /// Scenario file (TOML) with a `[targets]` table. Default: the built-in scenario
    /// (give its targets with --set).
    pub(crate) scenario: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) reps: RepOpts,
    #[command(flatten)]
    pub(crate) set: SetOpts,
    #[command(flatten)]
    pub(crate) out: OutOpts,
}

/// Runs `carecast optimize`. Results go to `--out`, default
/// `results/optimize-<scenario>/<UTC timestamp>/`.
pub(crate) fn run(args: OptimizeArgs, out: &mut dyn Write) -> CmdResult {
    let scenario =
        super::run::load(args.scenario.as_ref(), &args.set.set)?.with_run(args.reps.seed, None);
    let scenario = match args.reps.reps {
        Some(r) => {
            let mut s = scenario;
            s.optimize.replications = r;
            s
        }
        None => scenario,
    };
    // The results folder is checked and reserved before anything is computed.
    let dir = results_dir(
        args.out.out.as_ref(),
        &format!("optimize-{}", scenario.name),
    );
    let pending = results::reserve_dir(&dir)?;
    let spinner = super::common::spinner(&scenario.name, args.out.quiet);
    let pool = args.out.threads.pool().map_err(Failure::Other)?;
    let started = std::time::Instant::now();
    let found = pool.install(|| {
        optimize(&scenario, &|it| {
            spinner.set_message(format!(
                "{} {}: {} heads, {} · {}",
                it.step.name(),
                it.action,
                it.heads,
                money(it.plan_cost, &scenario.currency),
                it.headline
            ));
        })
    });
    let found = match found {
        Ok(f) => f,
        Err(e) => {
            spinner.finish_and_clear();
            return Err(e.into());
        }
    };
    // The input plan, the formula-only plan and the plan found, side by side on the
    // verification's customers.
    let formula = carecast::optimize::apply(&scenario, &found.templates, &found.formula_plan)
        .map_err(|e| Failure::Other(e.into()))?;
    let plans = [
        Plan {
            name: "input".into(),
            scenario: scenario.clone(),
        },
        Plan {
            name: "formula-only".into(),
            scenario: formula,
        },
        Plan {
            name: "optimized".into(),
            scenario: found.scenario.clone(),
        },
    ];
    let comparison = pool.install(|| {
        compare(
            &plans,
            found.scenario.seed,
            found.scenario.replications,
            &|| {},
        )
    });
    spinner.finish_and_clear();
    let elapsed = started.elapsed();

    let report = write_results(
        &dir,
        args.out.report,
        || {
            pending.commit(&results::optimize_files(
                &found,
                carecast::compare::summary_files(&comparison),
            ))
        },
        || carecast::report::render_optimize(&dir),
    )?;
    if !args.out.quiet {
        write!(out, "{}", summary(&found, &plans, &comparison))?;
        writeln!(
            out,
            "\n{} simulated plans in {:.1} s. Results: {} (carecast run {} reproduces the verification)",
            found.log.len(),
            elapsed.as_secs_f64(),
            dir.display(),
            dir.join("plan.toml").display()
        )?;
        if let Some(html) = report {
            writeln!(out, "Report: {}", html.display())?;
        }
    }
    match &found.outcome {
        Outcome::Met => Ok(()),
        Outcome::NotMet { reason } => Err(Failure::Input(anyhow::anyhow!(
            "no plan meets every target: {reason}"
        ))),
    }
}

/// The steps, the verdicts, the plan and the comparison, as the terminal shows them.
fn summary(o: &Optimized, plans: &[Plan], c: &carecast::compare::Comparison) -> String {
    let sc = &o.input;
    let cur = &sc.currency;
    let mut s = format!(
        "carecast {} · optimize {} · targets: {}\n",
        results::VERSION,
        sc.name,
        carecast::targets::list(sc).join(", ")
    );
    let peak = o
        .formula
        .pools
        .iter()
        .flat_map(|p| p.hours.iter())
        .map(|h| h.required)
        .fold(0.0, f64::max);
    s.push_str(&format!(
        "\n1. requirements from the formulas (time-lagged Erlang, shrinkage, concurrency): {} pool(s), up to {} available agents an hour\n",
        o.formula.pools.len(),
        thousands(peak, 0)
    ));
    s.push_str(&format!(
        "2. integer program over {} shift templates: {} heads, {} a week\n",
        o.templates.len(),
        o.formula_plan.counts.iter().sum::<u32>(),
        money(o.formula_plan.cost(sc, &o.templates), cur)
    ));
    let count = |step: Step| o.log.iter().filter(|i| i.step == step).count();
    let kept = o
        .log
        .iter()
        .filter(|i| i.step == Step::Prune && i.kept)
        .count();
    s.push_str(&format!(
        "3. simulation ({} replications, seed {}): {} rounds raising the hours that missed\n",
        sc.optimize.replications,
        o.search_seed,
        count(Step::Raise)
    ));
    s.push_str(&format!(
        "4. pruning: {kept} agents removed in {} trials, every target still met\n",
        count(Step::Prune)
    ));
    s.push_str(&format!(
        "5. verification ({} replications, fresh seed {}): {}; {}\n",
        o.verification.replications.len(),
        o.scenario.seed,
        o.verdicts.headline(),
        o.sustainability.headline()
    ));
    s.push_str(&carecast::targets::render(&o.verdicts));
    let weeks = carecast::kpi::measured_min(&o.scenario) / WEEK_MIN;
    s.push_str(&format!(
        "\nplan: {} heads on {} templates, {} paid hours and {} a week (simulated total with overtime and phone: {})\n",
        o.plan.counts.iter().sum::<u32>(),
        o.plan.counts.iter().filter(|&&n| n > 0).count(),
        thousands(o.plan.paid_hours(&o.templates), 0),
        money(o.plan.cost(sc, &o.templates), cur),
        money(o.verification.kpi("cost_total").map_or(f64::NAN, |x| x.mean / weeks), cur)
    ));
    for row in results::plan_rows(o) {
        s.push_str(&format!(
            "  {:<28} {:>3} heads  {:>6} h  {}\n",
            row.template,
            row.heads,
            thousands(row.paid_hours.0, 0),
            money(row.cost.0, cur)
        ));
    }
    s.push_str(&format!(
        "\nside by side on the verification's customers ({} replications, paired differences to the input plan; counts over the {} measured, money per week):\n",
        c.replications,
        carecast::format::span(c.period_min)
    ));
    s.push_str(&comparison_table(plans, c, cur));
    s
}

/// The headline KPIs of each plan, and the paired differences to the first.
fn comparison_table(plans: &[Plan], c: &carecast::compare::Comparison, cur: &str) -> String {
    let mut s = String::new();
    for (p, name) in c.plans.iter().enumerate() {
        let verdicts = carecast::targets::evaluate(&plans[p].scenario, &c.runs[p]);
        s.push_str(&format!("  {name}: {}\n", verdicts.headline()));
        if p == 0 {
            continue;
        }
        for kpi in carecast::optimize::COMPARED_KPIS {
            let Some(d) = c.difference(p, kpi) else {
                continue;
            };
            let unit = carecast::kpi::unit_of(kpi);
            s.push_str(&format!(
                "    {:<28} {}\n",
                carecast::kpi::label_of(kpi),
                fmt_delta_in_words_per(
                    unit,
                    d.paired.mean,
                    d.paired.half_width(),
                    cur,
                    c.period_min
                ),
            ));
        }
    }
    s
}
