//! Reading a results folder back into a [`Scenario`] and [`RunResults`].
//!
//! The folder written by `carecast run` is the contract: `scenario.toml`, `summary.json`,
//! `replications.csv`, `hourly.csv` and `distributions.csv` (the last one is optional, as
//! folders written before it existed lack it). CSV columns are found by their header
//! names, so columns added later do not break the reader. Every refusal names the file,
//! and the line where there is one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::ReportError;
use crate::experiment::RunResults;
use crate::kpi::{DistPoint, HourRow, ReplicationResult};
use crate::scenario::Scenario;
use crate::stats::Summary;

/// Reads the results folder `dir`.
pub fn load(dir: &Path) -> Result<(Scenario, RunResults), ReportError> {
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
    let summary: Value =
        serde_json::from_str(&read(&summary_path)?).map_err(|e| ReportError::Garbled {
            path: summary_path.display().to_string(),
            line: Some(e.line()),
            message: e.to_string(),
        })?;
    let kpis = summary
        .get("kpis")
        .and_then(Value::as_object)
        .ok_or_else(|| garbled(&summary_path, None, "no `kpis` object"))?;
    let seed = summary
        .get("seed")
        .and_then(Value::as_u64)
        .unwrap_or(scenario.seed);
    let name = summary
        .get("scenario")
        .and_then(Value::as_str)
        .unwrap_or(&scenario.name)
        .to_string();

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

    let mut summaries = Vec::with_capacity(kpi_names.len());
    for (k, n) in kpi_names.iter().enumerate() {
        let s = match kpis.get(n) {
            Some(v) => summary_of(v).ok_or_else(|| {
                garbled(
                    &summary_path,
                    None,
                    &format!("KPI `{n}` lacks a numeric `mean`"),
                )
            })?,
            None => Summary::of(&replications.iter().map(|r| r.kpis[k]).collect::<Vec<_>>()),
        };
        summaries.push(s);
    }
    let results = RunResults {
        scenario: name,
        seed,
        kpi_names,
        replications,
        summary: summaries,
    };
    Ok((scenario, results))
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

fn num(v: Option<&Value>) -> f64 {
    v.and_then(Value::as_f64).unwrap_or(f64::NAN)
}

fn summary_of(v: &Value) -> Option<Summary> {
    let mean = v.get("mean")?;
    if !(mean.is_number() || mean.is_null()) {
        return None;
    }
    Some(Summary {
        n: v.get("n").and_then(Value::as_u64).unwrap_or(0) as usize,
        mean: num(Some(mean)),
        std: num(v.get("std")),
        ci95_low: num(v.get("ci95_low")),
        ci95_high: num(v.get("ci95_high")),
    })
}

/// A CSV file of plain fields (carecast writes no quoted fields), with columns found by
/// name.
struct Csv {
    path: PathBuf,
    text: String,
    columns: Vec<usize>,
}

impl Csv {
    fn open(path: &Path, required: &[&str]) -> Result<Self, ReportError> {
        let text = read(path)?;
        let header = text.lines().next().unwrap_or("");
        let names: Vec<&str> = header.split(',').map(str::trim).collect();
        let mut columns = Vec::with_capacity(required.len());
        for r in required {
            match names.iter().position(|n| n == r) {
                Some(i) => columns.push(i),
                None => {
                    return Err(garbled(
                        path,
                        Some(1),
                        &format!(
                            "no column `{r}` in the header (expected {})",
                            required.join(",")
                        ),
                    ));
                }
            }
        }
        Ok(Csv {
            path: path.to_path_buf(),
            text,
            columns,
        })
    }

    /// Calls `row(line number, fields in the order of `required`)` for every data row.
    fn rows(
        &self,
        mut row: impl FnMut(usize, &[&str]) -> Result<(), String>,
    ) -> Result<(), ReportError> {
        let need = self.columns.iter().copied().max().unwrap_or(0) + 1;
        let mut picked = Vec::with_capacity(self.columns.len());
        for (i, line) in self.text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split(',').collect();
            if fields.len() < need {
                return Err(garbled(
                    &self.path,
                    Some(i + 1),
                    &format!("expected at least {need} fields, found {}", fields.len()),
                ));
            }
            picked.clear();
            picked.extend(self.columns.iter().map(|&c| fields[c].trim()));
            row(i + 1, &picked).map_err(|m| garbled(&self.path, Some(i + 1), &m))?;
        }
        Ok(())
    }
}

fn float(column: &str, s: &str) -> Result<f64, String> {
    if s.is_empty() {
        return Ok(f64::NAN);
    }
    s.parse::<f64>()
        .map_err(|_| format!("column `{column}`: `{s}` is not a number"))
}

fn int<T: std::str::FromStr>(column: &str, s: &str) -> Result<T, String> {
    s.parse::<T>()
        .map_err(|_| format!("column `{column}`: `{s}` is not a whole number"))
}

fn empty_replication(index: u64) -> ReplicationResult {
    ReplicationResult {
        index,
        kpis: Vec::new(),
        hourly: Vec::new(),
        distribution: Vec::new(),
    }
}

type Replications = BTreeMap<u64, ReplicationResult>;

fn replications(path: &Path) -> Result<(Vec<String>, Replications), ReportError> {
    let csv = Csv::open(path, &["replication", "kpi", "value"])?;
    let mut names: Vec<String> = Vec::new();
    let mut index_of: std::collections::HashMap<String, usize> = Default::default();
    let mut values: BTreeMap<u64, Vec<(usize, f64)>> = BTreeMap::new();
    csv.rows(|_, f| {
        let rep: u64 = int("replication", f[0])?;
        if f[1].is_empty() {
            return Err("column `kpi` is empty".into());
        }
        let k = match index_of.get(f[1]) {
            Some(&k) => k,
            None => {
                names.push(f[1].to_string());
                index_of.insert(f[1].to_string(), names.len() - 1);
                names.len() - 1
            }
        };
        values
            .entry(rep)
            .or_default()
            .push((k, float("value", f[2])?));
        Ok(())
    })?;
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

const HOURLY: [&str; 11] = [
    "replication",
    "hour",
    "hour_of_week",
    "arrivals",
    "answered",
    "queue_mean",
    "queue_end",
    "agents_on_shift",
    "agents_available",
    "sla_30m",
    "sla_60m",
];

fn hourly(path: &Path, reps: &mut Replications) -> Result<(), ReportError> {
    let csv = Csv::open(path, &HOURLY)?;
    csv.rows(|_, f| {
        let rep: u64 = int(HOURLY[0], f[0])?;
        let row = HourRow {
            hour: int(HOURLY[1], f[1])?,
            hour_of_week: int::<usize>(HOURLY[2], f[2])? % crate::scenario::calendar::WEEK_H,
            arrivals: int(HOURLY[3], f[3])?,
            answered: int(HOURLY[4], f[4])?,
            queue_mean: float(HOURLY[5], f[5])?,
            queue_end: int(HOURLY[6], f[6])?,
            agents_on_shift: float(HOURLY[7], f[7])?,
            agents_available: float(HOURLY[8], f[8])?,
            sla_30m: float(HOURLY[9], f[9])?,
            sla_60m: float(HOURLY[10], f[10])?,
        };
        reps.entry(rep)
            .or_insert_with(|| empty_replication(rep))
            .hourly
            .push(row);
        Ok(())
    })?;
    for r in reps.values_mut() {
        r.hourly.sort_by_key(|h| h.hour);
    }
    Ok(())
}

fn distributions(path: &Path, reps: &mut Replications) -> Result<(), ReportError> {
    let cols = ["replication", "minutes", "frt_share", "expectation_share"];
    let csv = Csv::open(path, &cols)?;
    csv.rows(|_, f| {
        let rep: u64 = int(cols[0], f[0])?;
        let minutes = float(cols[1], f[1])?;
        if minutes.is_nan() || minutes <= 0.0 {
            return Err(format!(
                "column `minutes`: `{}` is not a positive time",
                f[1]
            ));
        }
        let point = DistPoint {
            minutes,
            frt_share: float(cols[2], f[2])?,
            expectation_share: float(cols[3], f[3])?,
        };
        reps.entry(rep)
            .or_insert_with(|| empty_replication(rep))
            .distribution
            .push(point);
        Ok(())
    })?;
    for r in reps.values_mut() {
        r.distribution
            .sort_by(|a, b| a.minutes.total_cmp(&b.minutes));
    }
    Ok(())
}
