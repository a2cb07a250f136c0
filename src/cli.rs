//! The command line: a thin layer over the library. One function per subcommand.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::experiment::{self, RunResults};
use crate::format::{fmt_half, fmt_value, kpi_kind, section};
use crate::output;
use crate::scenario::{DEFAULT_SCENARIO, Scenario};

/// carecast: simulate social-care staffing plans and response strategies.
#[derive(Debug, Parser)]
#[command(name = "carecast", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario (the built-in default if none is given) and write a results folder.
    Run(RunArgs),
    /// Validate a scenario file and print what it describes.
    Check(CheckArgs),
    /// Print the built-in default scenario as TOML, a starting point for your own.
    Scenario(ScenarioArgs),
    /// Erlang C / Erlang A calculator: service level, waits and abandonment for a number
    /// of agents, or the fewest agents meeting a target, before simulating.
    Erlang(crate::calc::ErlangArgs),
    /// Compare staffing plans or policy variants under common random numbers.
    Compare(crate::compare::CompareArgs),
    /// Run a parameter sweep (grid or Latin hypercube), resumable and shardable.
    Sweep(crate::sweep::SweepArgs),
    /// Merge the shard outputs of a sweep into one.
    Merge(crate::sweep::MergeArgs),
    /// Render the charts and the HTML planning report of a results folder.
    Report(crate::report::ReportArgs),
    /// Check the simulator against queueing theory (Erlang C, Erlang A, Little's law) and
    /// print the table; exits non-zero if a check fails.
    Validate(ValidateArgs),
}

/// Options of `carecast validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The short suite (as in CI): fewer cases, fewer and shorter replications.
    #[arg(long)]
    pub quick: bool,
    /// Print the checks as JSON instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// Options of `carecast run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML). Default: the built-in retail-week scenario.
    pub scenario: Option<PathBuf>,
    /// Number of replications (overrides the scenario's `replications`).
    #[arg(long = "reps", value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub reps: Option<u32>,
    /// Master seed (overrides the scenario's `seed`).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Override a scenario value by its dotted path, e.g. `--set arrivals.rate_per_h=140`
    /// or `--set 'staffing.groups[0].agents=9'`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Results folder. Default: `results/<scenario>/<UTC timestamp>/`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print the summary JSON to stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Also render the charts and `report.html` into the results folder.
    #[arg(long)]
    pub report: bool,
    /// No progress bar and no table (errors are still printed).
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// Options of `carecast check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Overrides, as for `run`.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
}

/// Options of `carecast scenario`.
#[derive(Debug, Args)]
pub struct ScenarioArgs {
    /// Print every key with its default value instead of the commented file.
    #[arg(long)]
    pub resolved: bool,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => cmd_run(args),
        Command::Check(args) => cmd_check(args),
        Command::Scenario(args) => cmd_scenario(args),
        Command::Erlang(args) => crate::calc::run(&args, &mut std::io::stdout().lock()),
        Command::Validate(args) => cmd_validate(args),
        Command::Compare(args) => crate::compare::run(args),
        Command::Sweep(args) => crate::sweep::run_sweep(args),
        Command::Merge(args) => crate::sweep::run_merge(args),
        Command::Report(args) => crate::report::run(args),
    }
}

fn load(path: Option<&PathBuf>, set: &[String]) -> Result<Scenario> {
    Ok(match path {
        Some(p) => Scenario::load(p, set)?,
        None => Scenario::builtin(set)?,
    })
}

/// Whether to draw progress bars: only on a terminal, never under CI.
pub fn show_progress(quiet: bool) -> bool {
    !quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false")
}

fn cmd_run(args: RunArgs) -> Result<()> {
    let scenario = load(args.scenario.as_ref(), &args.set)?.with_run(args.seed, args.reps);
    let bar = progress_bar(
        u64::from(scenario.replications),
        &scenario.name,
        args.quiet,
        "replications",
    );
    let pool = thread_pool(args.threads)?;
    let started = std::time::Instant::now();
    let results = pool.install(|| experiment::run(&scenario, &|| bar.inc(1)));
    bar.finish_and_clear();
    let elapsed = started.elapsed();

    let dir = match &args.out {
        Some(d) => d.clone(),
        None => output::default_dir(
            &PathBuf::from("results"),
            &scenario.name,
            std::time::SystemTime::now(),
        ),
    };
    output::write_run(&dir, &scenario, &results)
        .with_context(|| format!("cannot write the results folder `{}`", dir.display()))?;
    let report = if args.report {
        let paths = crate::report::render_run(&dir, &scenario, &results)
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
            serde_json::to_string_pretty(&output::summary_json(&results))?
        )?;
    } else if !args.quiet {
        write!(out, "{}", table(&scenario, &results))?;
        writeln!(
            out,
            "\n{} replications in {:.2} s. Results: {}",
            results.replications.len(),
            elapsed.as_secs_f64(),
            dir.display()
        )?;
        if let Some(html) = report {
            writeln!(out, "Report: {}", html.display())?;
        }
    }
    Ok(())
}

/// A progress bar on stderr when it is a terminal (never under CI), else a hidden one.
pub fn progress_bar(len: u64, prefix: &str, quiet: bool, unit: &str) -> indicatif::ProgressBar {
    if !show_progress(quiet) {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{prefix}} [{{bar:30}}] {{pos}}/{{len}} {unit}  {{elapsed_precise}} (eta {{eta}})"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_prefix(prefix.to_string());
    bar
}

/// A rayon pool with `threads` workers (default: one per core).
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        pool = pool.num_threads(n.max(1));
    }
    pool.build().context("cannot start worker threads")
}

/// The suite found a discrepancy: exit code 1 after the table.
#[derive(Debug, thiserror::Error)]
#[error("{failed} validation check(s) failed")]
pub struct ValidationFailed {
    /// Number of failed checks.
    pub failed: usize,
}

fn cmd_validate(args: ValidateArgs) -> Result<()> {
    let bar = progress_bar(
        crate::validate::total_replications(args.quick),
        "validate",
        false,
        "replications",
    );
    let pool = thread_pool(args.threads)?;
    let checks = pool.install(|| crate::validate::run(args.quick, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&checks)?)?;
    } else {
        write!(out, "{}", crate::validate::table(&checks))?;
    }
    let failed = checks.iter().filter(|c| c.pass == Some(false)).count();
    if failed > 0 {
        return Err(ValidationFailed { failed }.into());
    }
    Ok(())
}

fn cmd_check(args: CheckArgs) -> Result<()> {
    let sc = Scenario::load(&args.scenario, &args.set)?;
    let mut out = std::io::stdout().lock();
    let peak = sc.arrivals.profile.iter().cloned().fold(0.0, f64::max) * sc.arrivals.rate_per_h;
    writeln!(out, "{}: valid.", args.scenario.display())?;
    writeln!(
        out,
        "  {}",
        if sc.description.is_empty() {
            &sc.name
        } else {
            &sc.description
        }
    )?;
    writeln!(
        out,
        "  horizon {:.1} days, {} replications, seed {}; arrivals {:.0}/h on average, {:.0}/h at the weekly peak",
        sc.horizon_min / 1440.0,
        sc.replications,
        sc.seed,
        sc.arrivals.rate_per_h,
        peak
    )?;
    for inc in &sc.arrivals.incidents {
        writeln!(
            out,
            "  incident `{}`: x{} from {:.1} h to {:.1} h",
            inc.name,
            inc.multiplier,
            inc.start_min / 60.0,
            inc.end_min / 60.0
        )?;
    }
    for g in &sc.groups {
        let weekly_h: f64 = g.shifts.iter().map(|(s, e)| e - s).sum::<f64>() / 60.0;
        writeln!(
            out,
            "  group `{}`: {} agents, {:.0} h/week each, concurrency {}, shrinkage {:.0}%, {} {}/h",
            g.name,
            g.agents,
            weekly_h,
            g.concurrency,
            g.shrinkage * 100.0,
            sc.currency,
            g.cost_per_h
        )?;
    }
    Ok(())
}

fn cmd_scenario(args: ScenarioArgs) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if args.resolved {
        write!(out, "{}", Scenario::builtin(&[])?.to_toml())?;
    } else {
        write!(out, "{DEFAULT_SCENARIO}")?;
    }
    Ok(())
}

/// The KPI table: mean ± 95% CI half-width over replications.
pub fn table(scenario: &Scenario, results: &RunResults) -> String {
    let mut out = format!(
        "carecast {} · {} · {} replications · seed {}\nmean ± 95% confidence half-width over replications\n",
        output::VERSION,
        results.scenario,
        results.replications.len(),
        results.seed
    );
    for (name, s) in results.kpi_names.iter().zip(&results.summary) {
        if let Some(title) = section(name) {
            out.push_str(&format!("\n{title}\n"));
        }
        let k = kpi_kind(name);
        out.push_str(&format!(
            "  {:<24} {:>16} {}\n",
            name,
            fmt_value(k, s.mean, &scenario.currency),
            fmt_half(k, s.half_width())
        ));
    }
    out
}
