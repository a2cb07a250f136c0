//! The final files of a sweep, `points.csv` and `sweep.json`, rendered from the manifest
//! and the journaled points in index order only: they are byte-identical whatever the
//! completion order, the thread count, the interruptions or the sharding.
//!
//! The files' types and formats are [`crate::results`]' ([`SweepSummary`],
//! [`PointsTable`]): numbers are the shortest text that reads back to the same `f64`, an
//! empty CSV field or a JSON `null` where a value is undefined.

use std::collections::BTreeMap;

use serde_json::Value;

use super::journal::{Manifest, Record};
use super::spec::{Role, parse_value_text};

use crate::results::{
    PointRow, PointTargets, PointsTable, Stat, SweepDesign, SweepParameter, SweepPoint,
    SweepSummary, SweepTargets, json,
};

/// A parameter value as written: strings without their quotes, others as TOML.
pub(crate) fn display_value(text: &str) -> String {
    match parse_value_text(text) {
        Some(toml::Value::String(s)) => s,
        _ => text.to_string(),
    }
}

/// A parameter value (TOML text) as JSON.
fn json_value(text: &str) -> Value {
    parse_value_text(text)
        .and_then(|v| serde_json::to_value(v).ok())
        .unwrap_or_else(|| Value::String(text.to_string()))
}

/// Whether any point has verdicts (then `points.csv` and `sweep.json` show them).
fn any_targets(records: &BTreeMap<usize, Record>) -> bool {
    records.values().any(|r| r.targets.is_some())
}

/// The cheapest point meeting every target, by mean total cost (`cost_total`), if any
/// does.
pub(crate) fn cheapest_meeting(records: &BTreeMap<usize, Record>) -> Option<usize> {
    let indices: Vec<usize> = records.keys().copied().collect();
    let standings: Vec<_> = records
        .values()
        .map(|r| {
            let cost = r.kpis.get("cost_total").map_or(f64::NAN, |s| s.mean);
            PointTargets::standing(r.targets.as_ref(), cost)
        })
        .collect();
    crate::targets::cheapest_meeting(&standings).map(|k| indices[k])
}

/// `points.csv`: `point,<parameters...>,kpi,mean,std,ci95_low,ci95_high,n`, one row per
/// point and KPI, and `meets_targets,targets_missed` when any point has verdicts.
pub(crate) fn points_table(m: &Manifest, records: &BTreeMap<usize, Record>) -> PointsTable {
    let rows = records
        .iter()
        .flat_map(|(index, record)| {
            let values: Vec<String> = m.points[*index].iter().map(|v| display_value(v)).collect();
            let targets = record.targets.as_ref();
            record.kpis.iter().map(move |(name, s)| PointRow {
                point: *index,
                values: values.clone(),
                kpi: name.to_string(),
                stat: Stat::from(*s),
                meets_targets: targets.map(|t| t.meets_targets),
                targets_missed: targets.map(|t| t.targets_missed),
            })
        })
        .collect();
    PointsTable {
        parameters: m.parameters.iter().map(|p| p.name.clone()).collect(),
        targets: any_targets(records),
        rows,
    }
}

/// The text of `points.csv`.
pub(crate) fn points_csv(m: &Manifest, records: &BTreeMap<usize, Record>) -> String {
    points_table(m, records).to_csv()
}

/// `sweep.json`: the sweep's description, the cheapest point meeting every target (when
/// any point has verdicts) and, per point, its parameter values, its sustainability
/// verdict, the verdicts on its targets and its KPI summaries.
pub(crate) fn sweep_summary(m: &Manifest, records: &BTreeMap<usize, Record>) -> SweepSummary {
    let targets = any_targets(records).then(|| SweepTargets {
        points_meeting: records
            .values()
            .filter(|r| r.targets.as_ref().is_some_and(|t| t.meets_targets))
            .count(),
        points_unknown: records.values().filter(|r| r.targets.is_none()).count(),
        cheapest_meeting: cheapest_meeting(records),
    });
    SweepSummary {
        sweep: m.sweep.clone(),
        carecast_version: m.carecast_version.clone(),
        fingerprint: m.fingerprint.clone(),
        base_scenario: m.base_scenario.clone(),
        design: SweepDesign {
            kind: m.design.clone(),
            points: m.points.len(),
            lhs_seed: m.lhs_seed,
        },
        parameters: m
            .parameters
            .iter()
            .map(|p| SweepParameter {
                name: p.name.clone(),
                path: p.path.clone(),
                values: p
                    .values
                    .as_ref()
                    .map(|v| v.iter().map(|t| json_value(t)).collect()),
                min: p.min.as_deref().map(json_value),
                max: p.max.as_deref().map(json_value),
                integer: p.integer,
                role: Some(
                    p.role
                        .as_deref()
                        .and_then(Role::parse)
                        .unwrap_or_else(|| Role::default_for(&p.path))
                        .as_str()
                        .to_string(),
                ),
            })
            .collect(),
        replications: Some(m.replications),
        seed: Some(m.seed),
        targets,
        points: records
            .iter()
            .map(|(index, record)| SweepPoint {
                index: *index,
                parameters: m
                    .parameters
                    .iter()
                    .zip(&m.points[*index])
                    .map(|(p, t)| (p.name.clone(), json_value(t)))
                    .collect(),
                sustainability: Some(
                    crate::sustain::assess_kpis(|name| record.kpis.get(name).copied()).verdict,
                ),
                targets: record.targets.clone(),
                kpis: record.kpis.map(|s| Stat::from(*s)),
            })
            .collect(),
    }
}

/// The text of `replications.csv`: one row per point, replication and KPI
/// (`point,replication,kpi,channel,group,class,value`, [`crate::results::tidy`]).
pub(crate) fn replications_csv(m: &Manifest, records: &BTreeMap<usize, Record>) -> String {
    let mut out = crate::results::tidy::header("point");
    for (index, record) in records {
        let names: Vec<String> = record.kpis.names().map(str::to_string).collect();
        let rows = (0u64..).zip(record.replications.iter().map(Vec::as_slice));
        crate::results::tidy::push_rows(&mut out, &index.to_string(), &m.segments, &names, rows);
    }
    out
}

/// `sweep.json` as text (pretty, with a final newline, like `summary.json`).
pub(crate) fn sweep_json_text(m: &Manifest, records: &BTreeMap<usize, Record>) -> String {
    json::to_text(&sweep_summary(m, records))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_shown_as_written() {
        assert_eq!(display_value("\"fifo\""), "fifo");
        assert_eq!(display_value("24"), "24");
        assert_eq!(display_value("0.5"), "0.5");
        assert_eq!(display_value("\"a, b\""), "a, b");
        assert_eq!(json_value("24"), json!(24));
        assert_eq!(json_value("\"30m\""), json!("30m"));
        assert_eq!(json_value("true"), json!(true));
    }
}
