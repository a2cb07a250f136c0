//! Parameter sweeps (`carecast sweep`, `carecast merge`). Placeholder.

use clap::Args;

/// Options of `carecast sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {}

/// Options of `carecast merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {}

/// Runs `carecast sweep`.
pub fn run_sweep(_args: SweepArgs) -> anyhow::Result<()> {
    anyhow::bail!("`carecast sweep` is not implemented yet")
}

/// Runs `carecast merge`.
pub fn run_merge(_args: MergeArgs) -> anyhow::Result<()> {
    anyhow::bail!("`carecast merge` is not implemented yet")
}
