//! What every subcommand shares: the options declared once, progress bars, the worker
//! pool, and the one rule that turns an error into an exit code.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

/// The scenario options of `run`, `check`, `compare` and `sweep`: overrides by dotted path.
#[derive(Debug, Clone, Args)]
pub(crate) struct SetOpts {
    /// Override a scenario value by its dotted path, e.g. `--set arrivals.rate_per_h=140`
    /// or `--set 'staffing.groups[0].agents=9'`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub(crate) set: Vec<String>,
}

/// Replications and seed, as for `run`, `compare` and `sweep`.
#[derive(Debug, Clone, Args)]
pub(crate) struct RepOpts {
    /// Number of replications (overrides the scenario's `replications`).
    #[arg(long = "reps", value_name = "N", value_parser = clap::value_parser!(u32).range(1..=carecast::scenario::MAX_REPLICATIONS))]
    pub(crate) reps: Option<u32>,
    /// Master seed (overrides the scenario's `seed`): 0 to 2^63 - 1.
    #[arg(long, value_name = "S", value_parser = parse_seed)]
    pub(crate) seed: Option<u64>,
}

/// A `--seed`: a whole number from 0 to [`carecast::scenario::MAX_SEED`], so that the
/// resolved `scenario.toml` of the results reads back (TOML integers are signed).
pub(crate) fn parse_seed(text: &str) -> Result<u64, String> {
    let max = carecast::scenario::MAX_SEED;
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|&s| s <= max)
        .ok_or_else(|| {
            format!(
                "a whole number from 0 to {max} (2^63 - 1, the largest integer a TOML file holds, so that the resolved scenario.toml reads back)"
            )
        })
}

/// Where results go and how the command talks: shared by `run`, `compare` and `sweep`.
#[derive(Debug, Clone, Args)]
pub(crate) struct OutOpts {
    /// Results folder (the default depends on the command; see its help).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Also render the charts and `report.html` into the results folder.
    #[arg(long)]
    pub(crate) report: bool,
    /// No progress bar and no table (errors are still printed).
    #[arg(long, short)]
    pub(crate) quiet: bool,
    #[command(flatten)]
    pub(crate) threads: ThreadOpts,
}

/// Machine-readable output instead of the table, for `run`, `compare` and `sweep`.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct JsonOpts {
    /// Print the results JSON (`summary.json` for a run, `comparison.json` for a
    /// comparison, `sweep.json` for a sweep, with `results_folder` first: where it was
    /// written) to stdout instead of the table.
    #[arg(long)]
    pub(crate) json: bool,
}

/// The `--json` output of a command: its results JSON with `results_folder`, the folder
/// it was written to, as the first key.
pub(crate) fn json_with_folder(
    value: &impl serde::Serialize,
    dir: &std::path::Path,
) -> Result<String, serde_json::Error> {
    let mut out = serde_json::Map::new();
    out.insert(
        "results_folder".into(),
        serde_json::Value::String(dir.display().to_string()),
    );
    match serde_json::to_value(value)? {
        serde_json::Value::Object(fields) => out.extend(fields),
        other => {
            out.insert("results".into(), other);
        }
    }
    serde_json::to_string_pretty(&serde_json::Value::Object(out))
}

/// The worker pool size.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct ThreadOpts {
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub(crate) threads: Option<usize>,
}

/// `--threads N`: a whole number of at least 1 (0 is refused rather than read as 1).
fn parse_threads(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("--threads must be at least 1; leave it out to use every core".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(
            "--threads must be a whole number of at least 1; leave it out to use every core".into(),
        ),
    }
}

impl ThreadOpts {
    /// A rayon pool with the requested workers (default: one per core).
    pub(crate) fn pool(self) -> anyhow::Result<rayon::ThreadPool> {
        let mut pool = rayon::ThreadPoolBuilder::new();
        if let Some(n) = self.threads {
            pool = pool.num_threads(n);
        }
        pool.build().context("cannot start worker threads")
    }
}

/// Whether to draw progress bars: only on a terminal, never under CI.
pub(crate) fn show_progress(quiet: bool) -> bool {
    !quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false")
}

/// A progress bar on stderr when it is a terminal (never under CI), else a hidden one.
pub(crate) fn progress_bar(
    len: u64,
    prefix: &str,
    quiet: bool,
    unit: &str,
) -> indicatif::ProgressBar {
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

/// A spinner with a message on stderr when it is a terminal (never under CI), for work
/// of unknown length; else a hidden one.
pub(crate) fn spinner(prefix: &str, quiet: bool) -> indicatif::ProgressBar {
    if !show_progress(quiet) {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {prefix} {elapsed_precise} {wide_msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.set_prefix(prefix.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// The results folder: `--out`, or `results/<name>/<UTC timestamp>/`.
pub(crate) fn results_dir(out: Option<&PathBuf>, name: &str) -> PathBuf {
    match out {
        Some(d) => d.clone(),
        None => carecast::results::default_dir(
            &PathBuf::from("results"),
            name,
            std::time::SystemTime::now(),
        ),
    }
}

/// The memory and work budget of a run of `scenario` ([`carecast::budget`]), before any
/// replication runs, `threads` at a time: refused (exit 2) when it would need too much
/// memory; a warning on stderr when its replications will be stopped as overloaded or
/// it will take long.
pub(crate) fn check_budget(
    scenario: &carecast::scenario::Scenario,
    threads: usize,
) -> Result<(), Failure> {
    let budget = carecast::budget::Budget::of(scenario);
    budget
        .check(threads)
        .map_err(|m| Failure::Input(anyhow::anyhow!("scenario `{}`: {m}", scenario.name)))?;
    if let Some(w) = budget.warning() {
        eprintln!("warning: scenario `{}`: {w}", scenario.name);
    }
    Ok(())
}

/// Writes a results folder with `write`, then, when `report` is asked for, its charts and
/// `report.html` with `render`; returns the report's path. Either failure names `dir`.
pub(crate) fn write_results<E, R>(
    dir: &std::path::Path,
    report: bool,
    write: impl FnOnce() -> Result<(), E>,
    render: impl FnOnce() -> Result<carecast::report::ReportPaths, R>,
) -> Result<Option<PathBuf>, Failure>
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::error::Error + Send + Sync + 'static,
{
    write()
        .with_context(|| format!("cannot write the results folder `{}`", dir.display()))
        .map_err(Failure::Other)?;
    if !report {
        return Ok(None);
    }
    let paths = render()
        .with_context(|| format!("cannot write the report into `{}`", dir.display()))
        .map_err(Failure::Other)?;
    Ok(Some(paths.html))
}

/// Why a command failed, and so its exit code: 2 when the user's input is wrong (a
/// scenario, a calculator option, a sweep or results folder), 1 when something else
/// failed (a write, a failed validation check).
#[derive(Debug)]
pub(crate) enum Failure {
    /// The user's input is wrong: exit code 2.
    Input(anyhow::Error),
    /// Something else went wrong: exit code 1.
    Other(anyhow::Error),
}

impl Failure {
    /// The error, whatever its kind.
    pub(crate) fn error(&self) -> &anyhow::Error {
        match self {
            Failure::Input(e) | Failure::Other(e) => e,
        }
    }

    /// The exit code of this failure.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Failure::Input(_) => 2,
            Failure::Other(_) => 1,
        }
    }
}

/// Every library error says whether it is the user's input ([`carecast::Blame`]).
impl<E> From<E> for Failure
where
    E: carecast::Blame + std::error::Error + Send + Sync + 'static,
{
    fn from(e: E) -> Self {
        if e.is_input() {
            Failure::Input(e.into())
        } else {
            Failure::Other(e.into())
        }
    }
}

/// What a subcommand returns.
pub(crate) type CmdResult = Result<(), Failure>;
