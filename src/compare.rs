//! Plan comparison with common random numbers (`carecast compare`). Placeholder.

use clap::Args;

/// Options of `carecast compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {}

/// Runs `carecast compare`.
pub fn run(_args: CompareArgs) -> anyhow::Result<()> {
    anyhow::bail!("`carecast compare` is not implemented yet")
}
