//! `carecast report`: the charts and the HTML planning report of a results folder.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::common::CmdResult;

/// Options of `carecast report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Results folder written by `carecast run` (it holds `summary.json`), `carecast
    /// compare` (`comparison.json`) or `carecast sweep` / `carecast merge` (`sweep.json`).
    #[arg(value_name = "RESULTS_DIR")]
    pub(crate) dir: PathBuf,
    /// For a sweep: map this KPI over the first two numeric parameters (repeatable;
    /// default `answered_within_30m` and `recommend_rate`).
    #[arg(long = "heatmap", value_name = "KPI")]
    pub(crate) heatmap: Vec<String>,
}

/// Runs `carecast report`.
pub(crate) fn run(args: ReportArgs, out: &mut dyn Write) -> CmdResult {
    let started = std::time::Instant::now();
    let paths = carecast::report::render_with(&args.dir, &args.heatmap)?;
    writeln!(
        out,
        "Report: {} ({} charts as PNG and SVG in {}) in {:.2} s",
        paths.html.display(),
        paths.charts.len() / 2,
        args.dir.join("charts").display(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}
