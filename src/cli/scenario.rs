//! `carecast scenario`: print the built-in default scenario, a starting point for your own.

use std::io::Write;

use clap::Args;

use carecast::scenario::{DEFAULT_SCENARIO, Scenario};

use super::common::CmdResult;

/// Options of `carecast scenario`.
#[derive(Debug, Args)]
pub(crate) struct ScenarioArgs {
    /// Print every key with its default value instead of the commented file.
    #[arg(long)]
    pub(crate) resolved: bool,
}

/// Runs `carecast scenario`.
pub(crate) fn run(args: ScenarioArgs, out: &mut dyn Write) -> CmdResult {
    if args.resolved {
        write!(out, "{}", Scenario::builtin(&[])?.to_toml())?;
    } else {
        write!(out, "{DEFAULT_SCENARIO}")?;
    }
    Ok(())
}
