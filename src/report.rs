//! Charts and the HTML planning report (`carecast report RESULTS_DIR`).
//!
//! `RESULTS_DIR` is any of three kinds of folder, told apart by their files
//! ([`folder_kind`]): a run (`summary.json`, from `carecast run`), a comparison
//! (`comparison.json`, from `carecast compare`) or a sweep (`sweep.json`, from
//! `carecast sweep` or `carecast merge`). A comparison's report shows a verdict line per
//! plan, what distinguishes the plans, the KPIs per plan with the paired differences, and
//! the `plan-comparison` and `plan-differences` charts; a sweep's report shows the sweep,
//! its points (the Pareto-optimal ones marked) and the `heatmap-<kpi>` and `frontier`
//! charts.
//!
//! A run's results folder is turned into charts (each as PNG and SVG, in `RESULTS_DIR/charts/`)
//! and one self-contained `RESULTS_DIR/report.html` a manager can open, print and
//! forward: the scenario in plain words, the KPI table with 95% confidence intervals, and
//! the charts inline as SVG with one-line captions (the charts of the model description's
//! section 6, "Charts for planning").
//!
//! Rendering is separate from file I/O:
//! - [`load`] reads a results folder back into a [`Scenario`] and [`RunResults`];
//! - [`build`] renders the charts and the page in memory;
//! - [`write()`] writes them, each file atomically (temporary name, then rename);
//! - [`render`] does all three for `carecast report`, and [`render_run`] the last two for
//!   results still in memory (as `carecast run` has them).
//!
//! The chart functions themselves take plain data ([`charts`]), so the plan-comparison,
//! heatmap and frontier charts serve `compare` and `sweep` outputs as well.

pub mod charts;
mod comparison;
mod figures;
mod fit;
mod folder;
mod html;
mod optimize;
mod page;
mod sweep;
mod verdicts;

use std::path::{Path, PathBuf};

pub use charts::{Chart, ChartError};
pub use folder::load;

use crate::experiment::RunResults;
use crate::scenario::{Scenario, ScenarioError};
use crate::targets::Verdicts;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The path is not a folder.
    #[error(
        "`{path}` is not a results folder (no such folder); give a folder written by `carecast run`"
    )]
    NotAFolder {
        /// The path given.
        path: String,
    },
    /// The folder is none of the three kinds a report is made of.
    #[error(
        "`{path}` is not a results folder: it holds no `summary.json` (from `carecast run`), no `comparison.json` (from `carecast compare`) and no `sweep.json` (from `carecast sweep` once finished, or `carecast merge`)"
    )]
    NotResults {
        /// The folder given.
        path: String,
    },
    /// The folder is one shard of a sharded sweep (`carecast sweep --shard K/N`), which
    /// has no report of its own until the shards are merged.
    #[error(
        "`{path}` is one shard (--shard {index}/{count}) of the sweep `{sweep}`: merge the shards first with `carecast merge {example}`, then run `carecast report` on the merged folder"
    )]
    Shard {
        /// The folder given.
        path: String,
        /// Its shard number `K` of `--shard K/N`, from 0.
        index: usize,
        /// The number of shards `N`.
        count: usize,
        /// The sweep's name.
        sweep: String,
        /// The merge command's folders, e.g. `results/s/shard-*-of-4`.
        example: String,
    },
    /// The folder is a sweep that has not finished (no `sweep.json` yet).
    #[error(
        "`{path}` is a sweep that has not finished (no sweep.json yet): run `carecast sweep` with the same sweep file and `--out` again to finish it, then `carecast report`"
    )]
    Unfinished {
        /// The folder given.
        path: String,
    },
    /// A file of the results folder is missing.
    #[error("`{path}` is missing; is its folder a results folder written by `carecast run`?")]
    Missing {
        /// The missing file.
        path: String,
    },
    /// A file could not be read.
    #[error("cannot read `{path}`")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file does not have the expected content.
    #[error("`{path}`{}: {message}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Garbled {
        /// The file.
        path: String,
        /// The line (1-based), where known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// `scenario.toml` is not a valid scenario.
    #[error("`{path}` is not a valid scenario: {source}")]
    Scenario {
        /// The file.
        path: String,
        /// The cause.
        source: ScenarioError,
    },
    /// A chart could not be drawn.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// A file could not be written.
    #[error("cannot write `{path}`")]
    Write {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

impl crate::Blame for ReportError {
    /// A folder that is not results, or whose files are missing or garbled, is the
    /// user's input; a chart or a write that fails is not.
    fn is_input(&self) -> bool {
        matches!(
            self,
            ReportError::NotAFolder { .. }
                | ReportError::NotResults { .. }
                | ReportError::Shard { .. }
                | ReportError::Unfinished { .. }
                | ReportError::Missing { .. }
                | ReportError::Garbled { .. }
                | ReportError::Scenario { .. }
        )
    }
}

/// A rendered report, not yet written.
#[derive(Debug, Clone)]
pub struct Report {
    /// The charts, in report order.
    pub charts: Vec<Chart>,
    /// The self-contained `report.html`.
    pub html: String,
}

/// Where a report was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPaths {
    /// `report.html`.
    pub html: PathBuf,
    /// Every chart file (`charts/<name>.png` and `charts/<name>.svg`).
    pub charts: Vec<PathBuf>,
}

/// Renders the charts and the page of a run, in memory, with the verdicts on the
/// scenario's targets evaluated from `results` ([`crate::targets::evaluate`]).
pub fn build(scenario: &Scenario, results: &RunResults) -> Result<Report, ReportError> {
    let verdicts = scenario
        .targets
        .any()
        .then(|| crate::targets::evaluate(scenario, results));
    build_with(scenario, results, verdicts.as_ref())
}

/// Renders the charts and the page of a run, in memory, with the given verdicts (those
/// of `summary.json` when the run is read back from its folder, whose files do not hold
/// the per-hour counts the verdicts are made of).
pub fn build_with(
    scenario: &Scenario,
    results: &RunResults,
    verdicts: Option<&Verdicts>,
) -> Result<Report, ReportError> {
    let charts = figures::all(scenario, results)?;
    let html = html::page(scenario, results, &charts, verdicts);
    Ok(Report { charts, html })
}

/// The chart of several plans' week views overlaid (`week-overlay`): each plan's agents
/// on shift and mentions waiting, hour by hour, in the plan colours of the comparison
/// charts. `plans` in plan order, the baseline first, each run with the same horizon,
/// warm-up and seed; `None` without plans. Drawn from the plans' hourly means, the rows
/// of a comparison folder's `hourly.csv` ([`crate::results::plan_hourly_rows`]), as the
/// comparison report draws it.
pub fn week_overlay(plans: &[(&Scenario, &RunResults)]) -> Result<Option<Chart>, ChartError> {
    let Some(&(baseline, first)) = plans.first() else {
        return Ok(None);
    };
    let names: Vec<String> = plans.iter().map(|(_, r)| r.scenario.clone()).collect();
    let rows: Vec<crate::results::PlanHourRow> = plans
        .iter()
        .zip(&names)
        .flat_map(|(&(_, run), name)| crate::results::plan_hourly_rows(name, run))
        .collect();
    figures::week_overlay(baseline, &names, &rows, first.replications.len())
}

/// Writes `report` into the results folder `dir`: `charts/<name>.png`,
/// `charts/<name>.svg` and `report.html`, each under a temporary name first and then
/// renamed, so no reader ever sees a half-written file.
pub fn write(dir: &Path, report: &Report) -> Result<ReportPaths, ReportError> {
    let chart_dir = dir.join("charts");
    std::fs::create_dir_all(&chart_dir).map_err(|source| ReportError::Write {
        path: chart_dir.display().to_string(),
        source,
    })?;
    let mut charts = Vec::with_capacity(report.charts.len() * 2);
    for c in &report.charts {
        let png = chart_dir.join(format!("{}.png", c.name));
        write_atomically(&png, &c.png)?;
        let svg = chart_dir.join(format!("{}.svg", c.name));
        write_atomically(&svg, c.svg.as_bytes())?;
        charts.push(png);
        charts.push(svg);
    }
    let html = dir.join("report.html");
    write_atomically(&html, report.html.as_bytes())?;
    Ok(ReportPaths { html, charts })
}

/// The kinds of results folder a report is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderKind {
    /// A run of `carecast run` (`summary.json`).
    Run,
    /// A comparison of `carecast compare` (`comparison.json`).
    Comparison,
    /// A sweep of `carecast sweep` or `carecast merge` (`sweep.json`).
    Sweep,
    /// A search of `carecast optimize` (`optimize.json`).
    Optimize,
}

/// Tells which kind of results folder `dir` is, by its files. A folder with a
/// `scenario.toml` counts as a run even without `summary.json`, so that the reader names
/// the missing file.
pub fn folder_kind(dir: &Path) -> Result<FolderKind, ReportError> {
    if !dir.is_dir() {
        return Err(ReportError::NotAFolder {
            path: dir.display().to_string(),
        });
    }
    if dir.join("optimize.json").exists() {
        Ok(FolderKind::Optimize)
    } else if dir.join("summary.json").exists() || dir.join("scenario.toml").exists() {
        Ok(FolderKind::Run)
    } else if dir.join("comparison.json").exists() {
        Ok(FolderKind::Comparison)
    } else if dir.join("sweep.json").exists() {
        Ok(FolderKind::Sweep)
    } else if let Some(m) = sweep_manifest(dir) {
        let path = dir.display().to_string();
        Err(match m.shard {
            Some(shard) => ReportError::Shard {
                example: shard_folders(dir, shard.count),
                index: shard.index,
                count: shard.count,
                sweep: m.sweep,
                path,
            },
            None => ReportError::Unfinished { path },
        })
    } else {
        Err(ReportError::NotResults {
            path: dir.display().to_string(),
        })
    }
}

/// The manifest of the sweep folder `dir`, if it has a readable one.
fn sweep_manifest(dir: &Path) -> Option<crate::sweep::Manifest> {
    let text = std::fs::read_to_string(dir.join(crate::sweep::MANIFEST)).ok()?;
    serde_json::from_str(&text).ok()
}

/// The shard folders of a merge command, as the user would type them: the siblings
/// `shard-*-of-N` of a folder named as `carecast sweep --shard` names them, else a
/// placeholder.
fn shard_folders(dir: &Path, count: usize) -> String {
    let named = dir
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("shard-") && n.ends_with(&format!("-of-{count}")));
    match dir.parent() {
        Some(parent) if named => parent
            .join(format!("shard-*-of-{count}"))
            .display()
            .to_string(),
        _ => format!("SHARD_0 ... SHARD_{} --out MERGED", count.saturating_sub(1)),
    }
}

/// Reads the results folder `dir` (a run, a comparison or a sweep: see [`folder_kind`]),
/// renders its report and writes it into `dir`.
pub fn render(dir: &Path) -> Result<ReportPaths, ReportError> {
    render_with(dir, &[])
}

/// As [`render`], with the KPIs of a sweep's heatmaps (empty: the defaults).
pub fn render_with(dir: &Path, heatmap_kpis: &[String]) -> Result<ReportPaths, ReportError> {
    match folder_kind(dir)? {
        FolderKind::Run => {
            let (scenario, results, summary) = folder::load_with_summary(dir)?;
            write(
                dir,
                &build_with(&scenario, &results, summary.verdicts.as_ref())?,
            )
        }
        FolderKind::Comparison => render_comparison(dir),
        FolderKind::Sweep => write(dir, &sweep::build(dir, heatmap_kpis)?),
        FolderKind::Optimize => render_optimize(dir),
    }
}

/// Reads the comparison folder `dir` (`comparison.json` and `<plan>.scenario.toml`),
/// renders its report and writes it into `dir` (for `carecast compare --report`).
pub fn render_comparison(dir: &Path) -> Result<ReportPaths, ReportError> {
    write(dir, &comparison::build(dir)?)
}

/// Reads the sweep folder `dir` (`sweep.json`), renders its report and writes it into
/// `dir` (for `carecast sweep --report`).
pub fn render_sweep(dir: &Path) -> Result<ReportPaths, ReportError> {
    write(dir, &sweep::build(dir, &[])?)
}

/// Reads the optimize folder `dir` (`optimize.json`, `plan.csv`, `requirements.csv`,
/// `comparison.json`), renders its report and writes it into `dir` (for
/// `carecast optimize --report`).
pub fn render_optimize(dir: &Path) -> Result<ReportPaths, ReportError> {
    write(dir, &optimize::build(dir)?)
}

/// Renders the report of results in memory and writes it into the results folder `dir`
/// (for `carecast run --report`, after the folder is written).
pub fn render_run(
    dir: &Path,
    scenario: &Scenario,
    results: &RunResults,
) -> Result<ReportPaths, ReportError> {
    write(dir, &build(scenario, results)?)
}

/// Renders the report of `carecast fit` (the fit of the history `source`, with the
/// comparison of its first responses with a simulation where there is one) and writes it
/// into the folder `dir`: `report.html` and `charts/`.
pub fn render_fit(
    dir: &Path,
    fit: &crate::fit::Fit,
    comparison: Option<&crate::fit::response::Comparison>,
    source: &str,
) -> Result<ReportPaths, ReportError> {
    write(dir, &fit::build(fit, comparison, source)?)
}

/// Writes `bytes` to `path` atomically ([`crate::results::write_file_atomically`]).
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    crate::results::write_file_atomically(path, bytes).map_err(|source| ReportError::Write {
        path: path.display().to_string(),
        source,
    })
}
