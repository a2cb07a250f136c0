//! Charts and the HTML planning report (`carecast report`). Placeholder.

use clap::Args;

/// Options of `carecast report`.
#[derive(Debug, Args)]
pub struct ReportArgs {}

/// Runs `carecast report`.
pub fn run(_args: ReportArgs) -> anyhow::Result<()> {
    anyhow::bail!("`carecast report` is not implemented yet")
}
