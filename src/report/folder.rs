//! Reading a results folder back into a [`Scenario`] and [`RunResults`].
//!
//! The folder written by `carecast run` is the contract: `scenario.toml`, `summary.json`,
//! `replications.csv`, `hourly.csv` and `distributions.csv` (the last one is optional, as
//! folders written before it existed lack it). Each file is read through its type in
//! [`crate::results`], so CSV columns are found by their header names and columns added
//! later do not break the reader. Every refusal names the file, and the line where there
//! is one.

use std::collections::BTreeMap;
use std::path::Path;

use super::ReportError;
use crate::experiment::RunResults;
use crate::kpi::ReplicationResult;
use crate::results::csv::{self, Row};
use crate::results::{DistributionRow, FormatError, HourlyRow, ReplicationRow, RunSummary, json};
use crate::scenario::Scenario;
use crate::stats::Summary;

/// Reads the results folder `dir`.
pub fn load(dir: &Path) -> Result<(Scenario, RunResults), ReportError> {
    load_with_summary(dir).map(|(scenario, results, _)| (scenario, results))
}

/// Reads the results folder `dir`, with its `summary.json` as written (for the verdicts,
/// which the other files cannot give back).
pub(crate) fn load_with_summary(
    dir: &Path,
) -> Result<(Scenario, RunResults, RunSummary), ReportError> {
    if !dir.is_dir() {
        return Err(ReportError::NotAFolder {
            path: dir.display().to_string(),
        });
    }
    let scenario_path = dir.join("scenario.toml");
    let text = read(&scenario_path)?;
    let scenario = Scenario::from_toml(&text, &scenario_path.display().to_string(), &[]).map_err(
        |source| ReportError::Scenario {
            path: scenario_path.display().to_string(),
            source,
        },
    )?;

    let summary_path = dir.join("summary.json");
    let summary: RunSummary = read_json(&summary_path)?;

    let (kpi_names, mut reps) = replications(&dir.join("replications.csv"))?;
    hourly(&dir.join("hourly.csv"), &mut reps)?;
    let dist_path = dir.join("distributions.csv");
    if dist_path.exists() {
        distributions(&dist_path, &mut reps)?;
    }
    for r in reps.values_mut() {
        // A replication seen only in hourly.csv or distributions.csv has no KPIs.
        r.kpis.resize(kpi_names.len(), f64::NAN);
    }
    let replications: Vec<ReplicationResult> = reps.into_values().collect();

    let summaries = kpi_names
        .iter()
        .enumerate()
        .map(|(k, n)| match summary.kpis.get(n) {
            Some(s) => Summary::from(*s),
            None => Summary::of(&replications.iter().map(|r| r.kpis[k]).collect::<Vec<_>>()),
        })
        .collect();
    let results = RunResults {
        scenario: summary.scenario.clone(),
        seed: summary.seed,
        kpi_names,
        replication_count: summary.replications.max(replications.len()),
        replications,
        summary: summaries,
        overloaded: summary.overloaded,
    };
    Ok((scenario, results, summary))
}

pub(super) fn read(path: &Path) -> Result<String, ReportError> {
    std::fs::read_to_string(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            ReportError::Missing {
                path: path.display().to_string(),
            }
        } else {
            ReportError::Read {
                path: path.display().to_string(),
                source,
            }
        }
    })
}

pub(super) fn garbled(path: &Path, line: Option<usize>, message: &str) -> ReportError {
    ReportError::Garbled {
        path: path.display().to_string(),
        line,
        message: message.to_string(),
    }
}

/// A results file's format error, naming the file.
pub(super) fn in_file(path: &Path) -> impl Fn(FormatError) -> ReportError + '_ {
    move |e| garbled(path, e.line, &e.message)
}

/// Reads the JSON results file `path` into its type.
pub(super) fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, ReportError> {
    json::from_text(&read(path)?).map_err(in_file(path))
}

/// Reads the rows of the CSV results file `path`.
pub(super) fn read_csv<T: Row>(path: &Path) -> Result<Vec<csv::Line<T>>, ReportError> {
    csv::from_text(&read(path)?).map_err(in_file(path))
}

fn empty_replication(index: u64) -> ReplicationResult {
    ReplicationResult {
        index,
        kpis: Vec::new(),
        hourly: Vec::new(),
        distribution: Vec::new(),
        service: Vec::new(),
        overloaded: None,
    }
}

type Replications = BTreeMap<u64, ReplicationResult>;

fn replications(path: &Path) -> Result<(Vec<String>, Replications), ReportError> {
    let mut names: Vec<String> = Vec::new();
    let mut index_of: std::collections::HashMap<String, usize> = Default::default();
    let mut values: BTreeMap<u64, Vec<(usize, f64)>> = BTreeMap::new();
    for csv::Line { line, row } in read_csv::<ReplicationRow>(path)? {
        if row.kpi.is_empty() {
            return Err(garbled(path, Some(line), "column `kpi` is empty"));
        }
        let k = match index_of.get(&row.kpi) {
            Some(&k) => k,
            None => {
                index_of.insert(row.kpi.clone(), names.len());
                names.push(row.kpi);
                names.len() - 1
            }
        };
        values
            .entry(row.replication)
            .or_default()
            .push((k, row.value.0));
    }
    if values.is_empty() {
        return Err(garbled(path, None, "no replications in the file"));
    }
    let mut reps = Replications::new();
    for (rep, vs) in values {
        let mut r = empty_replication(rep);
        r.kpis = vec![f64::NAN; names.len()];
        for (k, v) in vs {
            r.kpis[k] = v;
        }
        reps.insert(rep, r);
    }
    Ok((names, reps))
}

fn hourly(path: &Path, reps: &mut Replications) -> Result<(), ReportError> {
    for csv::Line { row, .. } in read_csv::<HourlyRow>(path)? {
        reps.entry(row.replication)
            .or_insert_with(|| empty_replication(row.replication))
            .hourly
            .push(row.hour_row());
    }
    for r in reps.values_mut() {
        r.hourly.sort_by_key(|h| h.hour);
    }
    Ok(())
}

fn distributions(path: &Path, reps: &mut Replications) -> Result<(), ReportError> {
    for csv::Line { line, row } in read_csv::<DistributionRow>(path)? {
        let minutes = row.minutes.0;
        if minutes.is_nan() || minutes <= 0.0 {
            return Err(garbled(
                path,
                Some(line),
                &format!("column `minutes`: `{}` is not a positive time", row.minutes),
            ));
        }
        reps.entry(row.replication)
            .or_insert_with(|| empty_replication(row.replication))
            .distribution
            .push(row.dist_point());
    }
    for r in reps.values_mut() {
        r.distribution
            .sort_by(|a, b| a.minutes.total_cmp(&b.minutes));
    }
    Ok(())
}
