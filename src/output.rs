//! Writing results: one results value, one function per format, and a results folder
//! that appears atomically.
//!
//! The folder is written under a hidden temporary name next to its destination and
//! renamed when every file is complete, so an interrupted run never leaves a folder that
//! looks finished.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::experiment::RunResults;
use crate::scenario::Scenario;

/// The carecast version written into every result.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

fn number(x: f64) -> Value {
    // serde_json writes non-finite numbers as null.
    json!(x)
}

/// `summary.json`: version, scenario, seed, replications and every KPI's mean, standard
/// deviation and 95% CI (null where undefined, e.g. a CI from one replication).
pub fn summary_json(results: &RunResults) -> Value {
    let mut kpis = Map::new();
    for (name, s) in results.kpi_names.iter().zip(&results.summary) {
        kpis.insert(
            name.clone(),
            json!({
                "mean": number(s.mean),
                "std": number(s.std),
                "ci95_low": number(s.ci95_low),
                "ci95_high": number(s.ci95_high),
                "n": s.n,
            }),
        );
    }
    json!({
        "carecast_version": VERSION,
        "scenario": results.scenario,
        "seed": results.seed,
        "replications": results.replications.len(),
        "kpis": Value::Object(kpis),
    })
}

/// A number for CSV: shortest round-trip form, empty when undefined.
pub fn csv_number(x: f64) -> String {
    if x.is_finite() {
        x.to_string()
    } else {
        String::new()
    }
}

/// `replications.csv`: one row per replication and KPI (`replication,kpi,value`); an
/// undefined value is an empty field.
pub fn replications_csv(results: &RunResults) -> String {
    let mut out = String::from("replication,kpi,value\n");
    for r in &results.replications {
        for (name, v) in results.kpi_names.iter().zip(&r.kpis) {
            let _ = writeln!(out, "{},{},{}", r.index, name, csv_number(*v));
        }
    }
    out
}

/// `hourly.csv`: one row per replication and hour of the horizon.
pub fn hourly_csv(results: &RunResults) -> String {
    let mut out = String::from(
        "replication,hour,day,hour_of_week,arrivals,answered,queue_mean,queue_end,agents_on_shift,agents_available,sla_30m,sla_60m\n",
    );
    for r in &results.replications {
        for h in &r.hourly {
            let day = crate::scenario::calendar::WEEKDAYS[(h.hour_of_week / 24) % 7];
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{}",
                r.index,
                h.hour,
                day,
                h.hour_of_week,
                h.arrivals,
                h.answered,
                csv_number(h.queue_mean),
                h.queue_end,
                csv_number(h.agents_on_shift),
                csv_number(h.agents_available),
                csv_number(h.sla_30m),
                csv_number(h.sla_60m),
            );
        }
    }
    out
}

/// `distributions.csv`: per replication, the share of answerable mentions answered within
/// `minutes` against the share of customers who expect a reply within `minutes`, on a
/// logarithmic grid from 0.1 minute to 10 days.
pub fn distributions_csv(results: &RunResults) -> String {
    let mut out = String::from("replication,minutes,frt_share,expectation_share\n");
    for r in &results.replications {
        for d in &r.distribution {
            let _ = writeln!(
                out,
                "{},{},{},{}",
                r.index,
                d.minutes,
                csv_number(d.frt_share),
                csv_number(d.expectation_share)
            );
        }
    }
    out
}

/// The resolved `scenario.toml`, with a header saying how to reproduce the run.
pub fn scenario_toml(scenario: &Scenario) -> String {
    format!(
        "# Resolved by carecast {VERSION}: every default spelled out, overrides applied.\n\
         # `carecast run scenario.toml` reproduces this run exactly.\n\n{}",
        scenario.to_toml()
    )
}

/// The default results folder: `results/<scenario>/<UTC timestamp>` under `root`, with a
/// numeric suffix if that name is taken.
pub fn default_dir(root: &Path, scenario: &str, now: std::time::SystemTime) -> PathBuf {
    let base = root.join(scenario).join(utc_stamp(now));
    let mut dir = base.clone();
    let mut k = 2;
    while dir.exists() {
        dir = PathBuf::from(format!("{}-{k}", base.display()));
        k += 1;
    }
    dir
}

/// `YYYY-MM-DDTHH-MM-SSZ` (civil-from-days, after Howard Hinnant's algorithm).
pub fn utc_stamp(now: std::time::SystemTime) -> String {
    let secs = now
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}-{:02}-{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Writes `files` (name, contents) into a new folder `dir`, atomically: all files go into
/// a temporary sibling that is renamed to `dir` once complete. Refuses an existing,
/// non-empty `dir`.
pub fn write_dir_atomically(dir: &Path, files: &[(&str, String)]) -> std::io::Result<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!(
                "`{}` exists and is not empty; choose a new folder",
                dir.display()
            ),
        ));
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "results".into());
    let tmp = parent.join(format!(".{name}.partial-{}", std::process::id()));
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    fs::create_dir(&tmp)?;
    for (file, contents) in files {
        let mut f = fs::File::create(tmp.join(file))?;
        f.write_all(contents.as_bytes())?;
        f.sync_all()?;
    }
    if dir.exists() {
        fs::remove_dir(dir)?;
    }
    fs::rename(&tmp, dir)
}

/// Writes the results folder of a run: `scenario.toml`, `summary.json`,
/// `replications.csv`, `hourly.csv` and `distributions.csv`.
pub fn write_run(dir: &Path, scenario: &Scenario, results: &RunResults) -> std::io::Result<()> {
    let summary =
        serde_json::to_string_pretty(&summary_json(results)).map_err(std::io::Error::other)? + "\n";
    write_dir_atomically(
        dir,
        &[
            ("scenario.toml", scenario_toml(scenario)),
            ("summary.json", summary),
            ("replications.csv", replications_csv(results)),
            ("hourly.csv", hourly_csv(results)),
            ("distributions.csv", distributions_csv(results)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_stamps() {
        let at = |s: u64| utc_stamp(std::time::UNIX_EPOCH + std::time::Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01T00-00-00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00-00-00Z");
        assert_eq!(at(1_795_376_997), "2026-11-22T19-49-57Z");
    }

    #[test]
    fn atomic_dir_refuses_to_overwrite() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("out");
        write_dir_atomically(&dir, &[("a.txt", "1".into())]).expect("first write");
        assert_eq!(
            fs::read_to_string(dir.join("a.txt")).ok().as_deref(),
            Some("1")
        );
        assert!(write_dir_atomically(&dir, &[("a.txt", "2".into())]).is_err());
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1, "no temporary folder left behind");
    }
}
