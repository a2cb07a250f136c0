//! `carecast fit`: a scenario from a history of mentions.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use carecast::fit;
use carecast::history::{HistoryError, HistoryReader, Mapping};
use carecast::results::write_file_atomically;

use super::common::{CmdResult, Failure, ThreadOpts, check_budget, parse_seed, progress_bar};

/// Options of `carecast fit`.
#[derive(Debug, Args)]
pub(crate) struct FitArgs {
    /// History of mentions (CSV with a header; one row per mention, in time order, with
    /// an arrival timestamp that has a time zone).
    pub(crate) history: PathBuf,
    /// Where to write the fitted scenario.
    #[arg(long, value_name = "FILE", default_value = "fitted.toml")]
    pub(crate) out: PathBuf,
    /// Name a column by hand, e.g. `--column time=posted` (fields: time, id, parent,
    /// channel, class, followers, first_reply, replies, private). Repeatable.
    #[arg(long = "column", value_name = "FIELD=COLUMN")]
    pub(crate) column: Vec<String>,
    /// A mapping file (TOML): `[columns]` with `field = "COLUMN"` lines, and `name`,
    /// `timezone` (a UTC offset for timestamps without one), `format` (how timestamps are
    /// written, e.g. "%d/%m/%Y %H:%M") and `private_true` (the cells meaning closed
    /// private). `--column` flags come on top of it.
    #[arg(long, value_name = "FILE")]
    pub(crate) mapping: Option<PathBuf>,
    /// Name of the fitted scenario (default: the mapping file's `name`, else the
    /// history's file name with `-fit`).
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// Replications of the simulation of the fitted scenario whose first-response times
    /// are compared with the history's (at least 2, for the intervals).
    #[arg(long = "reps", value_name = "N", default_value_t = fit::response::DEFAULT_REPLICATIONS, value_parser = clap::value_parser!(u32).range(2..=carecast::scenario::MAX_REPLICATIONS))]
    pub(crate) reps: u32,
    /// Master seed of that simulation (default: the fitted scenario's): 0 to 2^63 - 1.
    #[arg(long, value_name = "S", value_parser = parse_seed)]
    pub(crate) seed: Option<u64>,
    /// Do not simulate the fitted scenario (no response-time comparison).
    #[arg(long)]
    pub(crate) no_simulate: bool,
    /// No progress bar and no summary (errors are still printed).
    #[arg(long, short)]
    pub(crate) quiet: bool,
    #[command(flatten)]
    pub(crate) threads: ThreadOpts,
}

/// Runs `carecast fit`.
pub(crate) fn run(args: FitArgs, out: &mut dyn Write) -> CmdResult {
    let mut mapping = Mapping::default();
    if let Some(path) = &args.mapping {
        let text = std::fs::read_to_string(path).map_err(|cause| HistoryError::Io {
            path: path.display().to_string(),
            cause,
        })?;
        mapping.add_file(&text, &path.display().to_string())?;
        if let Some(n) = &mapping.name {
            check_name(n, &format!("{}: `name`", path.display()))?;
        }
    }
    for c in &args.column {
        mapping.add(c, "--column")?;
    }
    let origin = args.history.display().to_string();
    let file = std::fs::File::open(&args.history).map_err(|cause| HistoryError::Io {
        path: origin.clone(),
        cause,
    })?;
    let reader = HistoryReader::new(std::io::BufReader::new(file), &origin, &mapping)?;
    let fitted = fit::fit(reader)?;
    let stem = args
        .history
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "history".into());
    if let Some(n) = &args.name {
        check_name(n, "--name")?;
    }
    let name = args
        .name
        .clone()
        .or_else(|| mapping.name.clone())
        .unwrap_or_else(|| format!("{stem}-fit"));
    let file = fit::scenario::scenario_file(&fitted, &name, &origin)?;
    let text = toml::to_string(&file)
        .context("serialising the fitted scenario")
        .map_err(Failure::Other)?;
    let header = format!(
        "# Fitted by `carecast fit` from {origin}. Arrivals, channels, classes, followers,\n# replies and virality come from the history; behaviour, costs and staffing are the\n# built-in example's: edit them.\n"
    );
    let comparison = if args.no_simulate {
        None
    } else {
        simulate(&args, &file, &fitted)?
    };
    write_file_atomically(&args.out, format!("{header}{text}").as_bytes())
        .with_context(|| format!("writing {}", args.out.display()))
        .map_err(Failure::Other)?;
    // Beside the scenario: `<stem>-fit.json` and the report folder `<stem>-fit/`.
    let out_stem = args
        .out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "fitted".into());
    let json_path = args.out.with_file_name(format!("{out_stem}-fit.json"));
    let report_dir = args.out.with_file_name(format!("{out_stem}-fit"));
    let json = serde_json::to_string_pretty(&fit::report::json(&fitted, comparison.as_ref()))
        .context("serialising the fit")
        .map_err(Failure::Other)?;
    write_file_atomically(&json_path, json.as_bytes())
        .with_context(|| format!("writing {}", json_path.display()))
        .map_err(Failure::Other)?;
    let report = carecast::report::render_fit(&report_dir, &fitted, comparison.as_ref(), &origin)
        .with_context(|| format!("writing the fit report into {}", report_dir.display()))
        .map_err(Failure::Other)?;
    if args.quiet {
        return Ok(());
    }
    for line in fitted.summary() {
        writeln!(out, "{line}")?;
    }
    match &comparison {
        Some(c) => {
            for line in c.lines() {
                writeln!(out, "{line}")?;
            }
        }
        None if !args.no_simulate => writeln!(
            out,
            "first response: no first-reply times in the history, nothing to compare with a simulation"
        )?,
        None => {}
    }
    writeln!(out, "scenario written to {}", args.out.display())?;
    writeln!(out, "fit written to {}", json_path.display())?;
    writeln!(out, "Report: {}", report.html.display())?;
    Ok(())
}

/// Simulates the fitted scenario and compares its first responses with the history's.
fn simulate(
    args: &FitArgs,
    file: &carecast::scenario::ScenarioFile,
    fitted: &fit::Fit,
) -> Result<Option<fit::response::Comparison>, Failure> {
    if fitted.observed.response_s.is_none() {
        return Ok(None);
    }
    let reps = args.reps;
    let scenario = carecast::scenario::Scenario::try_from(file)?.with_run(args.seed, Some(reps));
    let pool = args.threads.pool().map_err(Failure::Other)?;
    check_budget(&scenario, pool.current_num_threads())?;
    let bar = progress_bar(
        u64::from(reps),
        &format!("simulating {}", scenario.name),
        args.quiet,
        "replications",
    );
    let c = pool.install(|| fit::response::compare(&scenario, &fitted.observed, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    Ok(c)
}

/// Refuses a scenario name that is not one; `what` names where it came from.
fn check_name(name: &str, what: &str) -> Result<(), Failure> {
    if carecast::scenario::is_valid_name(name) {
        Ok(())
    } else {
        Err(Failure::Input(anyhow::anyhow!(
            "{what} = {name:?} is not a scenario name: {}",
            carecast::scenario::NAME_RULE
        )))
    }
}
