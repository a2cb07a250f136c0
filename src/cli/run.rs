//! `carecast run`: simulate a scenario and write a results folder.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use carecast::experiment::{self, RunResults};
use carecast::format::{fmt_estimate, section};
use carecast::results;
use carecast::scenario::Scenario;

use super::common::{
    CmdResult, Failure, JsonOpts, OutOpts, RepOpts, SetOpts, check_budget, json_with_folder,
    progress_bar, results_dir, write_results,
};

/// Options of `carecast run`.
#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Scenario file (TOML), `-` for standard input. Default: the built-in retail-week
    /// scenario.
    pub(crate) scenario: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) reps: RepOpts,
    #[command(flatten)]
    pub(crate) set: SetOpts,
    #[command(flatten)]
    pub(crate) out: OutOpts,
    #[command(flatten)]
    pub(crate) json: JsonOpts,
}

/// Loads the scenario file, or the built-in one, with overrides.
pub(crate) fn load(
    path: Option<&PathBuf>,
    set: &[String],
) -> Result<Scenario, carecast::scenario::ScenarioError> {
    match path {
        Some(p) => Scenario::load(p, set),
        None => Scenario::builtin(set),
    }
}

/// Runs `carecast run`.
pub(crate) fn run(args: RunArgs, out: &mut dyn Write) -> CmdResult {
    let scenario =
        load(args.scenario.as_ref(), &args.set.set)?.with_run(args.reps.seed, args.reps.reps);
    let pool = args.out.threads.pool().map_err(Failure::Other)?;
    check_budget(&scenario, pool.current_num_threads())?;
    // The results folder is checked and reserved before anything is computed.
    let dir = results_dir(args.out.out.as_ref(), &scenario.name);
    let pending = results::reserve_dir(&dir)?;
    let bar = progress_bar(
        u64::from(scenario.replications),
        &scenario.name,
        args.out.quiet,
        "replications",
    );
    let cannot_write = |e: std::io::Error| {
        Failure::Other(anyhow::Error::new(e).context(format!(
            "cannot write the results folder `{}`",
            dir.display()
        )))
    };
    // The folder is started before the first replication and its rows streamed into it
    // as the replications finish (in index order), so a run never holds them all.
    let mut writer = results::RunWriter::create(pending, &scenario).map_err(cannot_write)?;
    let started = std::time::Instant::now();
    let results = pool
        .install(|| {
            experiment::run_streamed(&scenario, &|| bar.inc(1), &mut |r| writer.replication(r))
        })
        .map_err(cannot_write)?;
    bar.finish_and_clear();
    let elapsed = started.elapsed();

    let report = write_results(
        &dir,
        args.out.report,
        || writer.finish(&scenario, &results),
        || carecast::report::render_run(&dir, &scenario, &results),
    )?;

    if args.json.json {
        writeln!(
            out,
            "{}",
            json_with_folder(&results::RunSummary::of(&scenario, &results), &dir)?
        )?;
    } else if !args.out.quiet {
        write!(out, "{}", table(&scenario, &results))?;
        writeln!(
            out,
            "\n{} replications in {:.2} s. Results: {}",
            results.replication_count,
            elapsed.as_secs_f64(),
            dir.display()
        )?;
        if let Some(html) = report {
            writeln!(out, "Report: {}", html.display())?;
        }
    }
    Ok(())
}

/// The sustainability verdict as the first lines of a table: the headline in plain words,
/// then the measurements behind it.
pub(crate) fn sustainability_lines(s: &carecast::sustain::Sustainability) -> String {
    let mut out = format!("\n{}\n", s.headline());
    if let Some(details) = s.details() {
        out.push_str(&format!("  {details}\n"));
    }
    out
}

/// The KPI table: first the verdicts on the scenario's targets and the run's
/// sustainability verdict, then every KPI by its label,
/// mean ± 95% CI half-width over replications, money with the period it covers.
pub(crate) fn table(scenario: &Scenario, results: &RunResults) -> String {
    let period_min = carecast::kpi::measured_min(scenario);
    let mut out = format!(
        "carecast {} · {} · {} replications · seed {}\n\
         mean ± 95% confidence half-width over replications; measured over {} after a warm-up of {}\n",
        results::VERSION,
        results.scenario,
        results.replication_count,
        results.seed,
        carecast::format::span(period_min),
        carecast::format::span(scenario.warmup_min),
    );
    out.push_str(&format!(
        "the mentions arriving in it are followed to their outcome, at most {} past the horizon\n",
        carecast::format::span(scenario.follow_up_min)
    ));
    for note in scenario.measurement_notes() {
        out.push_str(&format!("note: {note}\n"));
    }
    if let Some(o) = &results.overloaded {
        out.push_str(&format!("\n{}\n", o.sentence(results.replication_count)));
    }
    if scenario.targets.any() {
        out.push_str(&carecast::targets::render(&carecast::targets::evaluate(
            scenario, results,
        )));
    }
    out.push_str(&sustainability_lines(&carecast::sustain::assess(
        scenario, results,
    )));
    let kpis = carecast::kpi::kpis(scenario);
    let by_segment = |k: &carecast::kpi::Kpi| k.def.section == carecast::kpi::Section::Segments;
    let width = kpis
        .iter()
        .filter(|k| !by_segment(k))
        .map(|k| k.label().chars().count())
        .max()
        .unwrap_or(0);
    let mut previous: Option<&str> = None;
    for (kpi, s) in kpis.iter().zip(&results.summary) {
        if by_segment(kpi) {
            continue;
        }
        if let Some(title) = section(previous, &kpi.name) {
            out.push_str(&format!("\n{title}\n"));
        }
        previous = Some(&kpi.name);
        let unit = kpi.def.unit;
        let estimate = fmt_estimate(unit, s.mean, s.half_width(), &scenario.currency, period_min);
        out.push_str(&format!("  {:<width$}  {estimate}\n", kpi.label()));
    }
    let means: Vec<f64> = results.summary.iter().map(|s| s.mean).collect();
    let matrix = carecast::format::segments_table(&kpis, &means, &scenario.currency);
    if !matrix.is_empty() {
        out.push_str(&format!(
            "\n{} (means; confidence intervals in summary.json)\n{matrix}",
            carecast::kpi::Section::Segments.title()
        ));
    }
    out
}
