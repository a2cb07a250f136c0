//! The files of a run (`carecast run`): `summary.json`, `replications.csv`, `hourly.csv`
//! and `distributions.csv`, one type each, and the folder they are written into.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::csv::{Row, RowWriter};
use super::{KpiMap, Num, PendingDir, Stat, VERSION, json, scenario_toml, write_dir_atomically};
use crate::experiment::{Overloaded, RunResults};
use crate::kpi::{DistPoint, HourRow, ReplicationResult};
use crate::scenario::Scenario;
use crate::scenario::calendar::WEEKDAYS;
use crate::sustain::Sustainability;
use crate::targets::Verdicts;

/// `summary.json`: version, scenario, seed, replications, the run's sustainability
/// assessment, the verdicts on its targets, and every KPI's mean, standard deviation and 95% CI (null where undefined,
/// e.g. a CI from one replication).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// The carecast version that made the run.
    #[serde(default)]
    pub carecast_version: String,
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Number of replications.
    pub replications: usize,
    /// Whether the plan's backlog clears or grows ([`crate::sustain`]); files written
    /// before it lack it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sustainability: Option<Sustainability>,
    /// The verdict on each of the scenario's targets ([`crate::targets`]); absent when
    /// the scenario sets none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdicts: Option<Verdicts>,
    /// The replications that stopped with more mentions in the system than
    /// `limits.max_in_system`; absent when none did. With it, every KPI is null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overloaded: Option<Overloaded>,
    /// Per KPI, in report order: its summary over replications.
    pub kpis: KpiMap<Stat>,
}

impl RunSummary {
    /// The summary of `results`, a run of `scenario`.
    pub fn of(scenario: &Scenario, results: &RunResults) -> Self {
        RunSummary {
            carecast_version: VERSION.to_string(),
            scenario: results.scenario.clone(),
            seed: results.seed,
            replications: results.replication_count,
            sustainability: Some(crate::sustain::assess(scenario, results)),
            verdicts: scenario
                .targets
                .any()
                .then(|| crate::targets::evaluate(scenario, results)),
            overloaded: results.overloaded,
            kpis: results
                .kpi_names
                .iter()
                .zip(&results.summary)
                .map(|(n, s)| (n.clone(), Stat::from(*s)))
                .collect(),
        }
    }
}

/// One row of `replications.csv`: a KPI's value in one replication (empty if undefined).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicationRow {
    /// Replication index.
    pub replication: u64,
    /// KPI name.
    pub kpi: String,
    /// Its value.
    pub value: Num,
}

impl Row for ReplicationRow {
    const HEADER: &'static [&'static str] = &["replication", "kpi", "value"];
}

/// The rows of `replications.csv`: per replication, per KPI.
pub fn replication_rows(results: &RunResults) -> impl Iterator<Item = ReplicationRow> + '_ {
    results
        .replications
        .iter()
        .flat_map(move |r| rows_of_replication(&results.kpi_names, r))
}

/// The rows of `replications.csv` of replication `r` (KPIs named `names`).
fn rows_of_replication<'a>(
    names: &'a [String],
    r: &'a ReplicationResult,
) -> impl Iterator<Item = ReplicationRow> + 'a {
    names
        .iter()
        .zip(&r.kpis)
        .map(move |(name, v)| ReplicationRow {
            replication: r.index,
            kpi: name.clone(),
            value: Num(*v),
        })
}

/// One row of `hourly.csv`: one hour of one replication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HourlyRow {
    /// Replication index.
    pub replication: u64,
    /// Hour index from the start of the run.
    pub hour: usize,
    /// Weekday (`mon` to `sun`); files written before it lack the column.
    #[serde(default)]
    pub day: String,
    /// Hour of the week (0 = Monday 00:00).
    pub hour_of_week: usize,
    /// `true` for an hour wholly or partly in the warm-up (not measured); files written
    /// before it lack the column.
    #[serde(default)]
    pub warmup: bool,
    /// Mentions that arrived in the hour, in the warm-up too (spawned ones included).
    pub arrivals: u64,
    /// First replies posted in the hour to measured mentions.
    pub answered: u64,
    /// Time-average number waiting.
    pub queue_mean: Num,
    /// Number waiting at the end of the hour.
    pub queue_end: u64,
    /// Time-average paid agents on shift.
    pub agents_on_shift: Num,
    /// Time-average agents available net of shrinkage.
    pub agents_available: Num,
    /// Share of the hour's answerable arrivals answered (reply posted) within the
    /// scenario's first service-level threshold.
    pub answered_within: Num,
    /// Share of them taken by an agent (or answered by the bot) within it.
    pub taken_within: Num,
}

impl Row for HourlyRow {
    const HEADER: &'static [&'static str] = &[
        "replication",
        "hour",
        "day",
        "hour_of_week",
        "warmup",
        "arrivals",
        "answered",
        "queue_mean",
        "queue_end",
        "agents_on_shift",
        "agents_available",
        "answered_within",
        "taken_within",
    ];
    const OPTIONAL: &'static [&'static str] = &["day", "warmup"];
}

impl HourlyRow {
    /// The row of hour `h` of replication `replication`.
    pub fn new(replication: u64, h: &HourRow) -> Self {
        HourlyRow {
            replication,
            hour: h.hour,
            day: WEEKDAYS[(h.hour_of_week / 24) % 7].to_string(),
            hour_of_week: h.hour_of_week,
            warmup: h.warmup,
            arrivals: h.arrivals,
            answered: h.answered,
            queue_mean: Num(h.queue_mean),
            queue_end: h.queue_end,
            agents_on_shift: Num(h.agents_on_shift),
            agents_available: Num(h.agents_available),
            answered_within: Num(h.answered_within),
            taken_within: Num(h.taken_within),
        }
    }

    /// The hour as the model reports it (the hour of the week taken modulo a week).
    pub fn hour_row(&self) -> HourRow {
        HourRow {
            hour: self.hour,
            hour_of_week: self.hour_of_week % crate::scenario::calendar::WEEK_H,
            warmup: self.warmup,
            arrivals: self.arrivals,
            answered: self.answered,
            queue_mean: self.queue_mean.0,
            queue_end: self.queue_end,
            agents_on_shift: self.agents_on_shift.0,
            agents_available: self.agents_available.0,
            answered_within: self.answered_within.0,
            taken_within: self.taken_within.0,
        }
    }
}

/// The rows of `hourly.csv`: per replication, per hour.
pub fn hourly_rows(results: &RunResults) -> impl Iterator<Item = HourlyRow> + '_ {
    results.replications.iter().flat_map(hours_of_replication)
}

/// The rows of `hourly.csv` of replication `r`.
fn hours_of_replication(r: &ReplicationResult) -> impl Iterator<Item = HourlyRow> + '_ {
    r.hourly.iter().map(|h| HourlyRow::new(r.index, h))
}

/// One row of `distributions.csv`: per replication, the share of answerable mentions
/// answered within `minutes` against the share of customers who expect a reply within
/// `minutes`, on a logarithmic grid from 0.1 minute to 10 days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistributionRow {
    /// Replication index.
    pub replication: u64,
    /// Time since arrival, minutes.
    pub minutes: Num,
    /// Share answered within `minutes`.
    pub frt_share: Num,
    /// Share of customers expecting a reply within `minutes`.
    pub expectation_share: Num,
}

impl Row for DistributionRow {
    const HEADER: &'static [&'static str] =
        &["replication", "minutes", "frt_share", "expectation_share"];
}

impl DistributionRow {
    /// The point as the model reports it.
    pub fn dist_point(&self) -> DistPoint {
        DistPoint {
            minutes: self.minutes.0,
            frt_share: self.frt_share.0,
            expectation_share: self.expectation_share.0,
        }
    }
}

/// The rows of `distributions.csv`: per replication, per grid point.
pub fn distribution_rows(results: &RunResults) -> impl Iterator<Item = DistributionRow> + '_ {
    results
        .replications
        .iter()
        .flat_map(distribution_of_replication)
}

/// The rows of `distributions.csv` of replication `r`.
fn distribution_of_replication(
    r: &ReplicationResult,
) -> impl Iterator<Item = DistributionRow> + '_ {
    r.distribution.iter().map(|d| DistributionRow {
        replication: r.index,
        minutes: Num(d.minutes),
        frt_share: Num(d.frt_share),
        expectation_share: Num(d.expectation_share),
    })
}

/// The files of a run's results folder, in order: `scenario.toml`, `summary.json`,
/// `replications.csv`, `hourly.csv` and `distributions.csv`.
pub fn run_files(scenario: &Scenario, results: &RunResults) -> Vec<(String, String)> {
    vec![
        ("scenario.toml".into(), scenario_toml(scenario)),
        (
            "summary.json".into(),
            json::to_text(&RunSummary::of(scenario, results)),
        ),
        (
            "replications.csv".into(),
            super::csv::to_text(replication_rows(results)),
        ),
        (
            "hourly.csv".into(),
            super::csv::to_text(hourly_rows(results)),
        ),
        (
            "distributions.csv".into(),
            super::csv::to_text(distribution_rows(results)),
        ),
        (
            "kpis.json".into(),
            json::to_text(&super::Dictionary::of(
                &results.kpi_names,
                &scenario.currency,
                Some(crate::kpi::measured_min(scenario)),
            )),
        ),
    ]
}

/// Writes the results folder of a run ([`run_files`]) atomically.
pub fn write_run(dir: &Path, scenario: &Scenario, results: &RunResults) -> std::io::Result<()> {
    write_dir_atomically(dir, &run_files(scenario, results))
}

/// A run's results folder written as its replications come in, so that a run of many
/// replications never holds its rows in memory: the rows of `replications.csv`,
/// `hourly.csv` and `distributions.csv` are streamed into the folder's temporary sibling
/// (the [`PendingDir`] reserved before the run) replication by replication, in the order given (index order, from
/// [`crate::experiment::run_streamed`]); [`RunWriter::finish`] adds the other files and
/// renames the folder into place. The files are the same bytes as [`write_run`]'s.
#[derive(Debug)]
pub struct RunWriter {
    pending: PendingDir,
    names: Vec<String>,
    replications: RowWriter<ReplicationRow>,
    hourly: RowWriter<HourlyRow>,
    distributions: RowWriter<DistributionRow>,
}

impl RunWriter {
    /// Starts the rows of a run of `scenario` in the folder reserved by
    /// [`super::reserve_dir`], before any replication is run.
    pub fn create(pending: PendingDir, scenario: &Scenario) -> std::io::Result<Self> {
        let tmp = pending.temporary();
        Ok(RunWriter {
            names: crate::kpi::kpi_names(scenario),
            replications: RowWriter::create(&tmp.join("replications.csv"))?,
            hourly: RowWriter::create(&tmp.join("hourly.csv"))?,
            distributions: RowWriter::create(&tmp.join("distributions.csv"))?,
            pending,
        })
    }

    /// Writes the rows of replication `r`.
    pub fn replication(&mut self, r: &ReplicationResult) -> std::io::Result<()> {
        for row in rows_of_replication(&self.names, r) {
            self.replications.write(row)?;
        }
        for row in hours_of_replication(r) {
            self.hourly.write(row)?;
        }
        for row in distribution_of_replication(r) {
            self.distributions.write(row)?;
        }
        Ok(())
    }

    /// Writes `scenario.toml`, `summary.json` and `kpis.json` of `results` (the run whose
    /// replications were written) and renames the folder into place.
    pub fn finish(self, scenario: &Scenario, results: &RunResults) -> std::io::Result<()> {
        self.replications.finish()?;
        self.hourly.finish()?;
        self.distributions.finish()?;
        let rest: Vec<(String, String)> = run_files(scenario, results)
            .into_iter()
            .filter(|(name, _)| !name.ends_with(".csv"))
            .collect();
        self.pending.commit(&rest)
    }
}
