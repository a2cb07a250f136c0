//! `carecast validate`: the simulator against queueing theory.

use std::io::Write;

use clap::Args;

use super::common::{CmdResult, Failure, ThreadOpts, progress_bar};

/// Options of `carecast validate`.
#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// The short suite (as in CI): fewer cases, fewer and shorter replications.
    #[arg(long)]
    pub(crate) quick: bool,
    /// Print the checks as JSON instead of the table.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) threads: ThreadOpts,
}

/// The suite found a discrepancy: exit code 1 after the table.
#[derive(Debug, thiserror::Error)]
#[error("{failed} validation check(s) failed")]
struct ValidationFailed {
    failed: usize,
}

/// Runs `carecast validate`.
pub(crate) fn run(args: ValidateArgs, out: &mut dyn Write) -> CmdResult {
    let bar = progress_bar(
        carecast::validate::total_replications(args.quick),
        "validate",
        false,
        "replications",
    );
    let pool = args.threads.pool().map_err(Failure::Other)?;
    let checks = pool.install(|| carecast::validate::run(args.quick, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&checks)?)?;
    } else {
        write!(out, "{}", carecast::validate::table(&checks))?;
    }
    let failed = checks.iter().filter(|c| c.pass == Some(false)).count();
    if failed > 0 {
        return Err(Failure::Other(ValidationFailed { failed }.into()));
    }
    Ok(())
}
