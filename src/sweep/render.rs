//! The final files of a sweep, `points.csv` and `sweep.json`, rendered from the manifest
//! and the journaled points in index order only: they are byte-identical whatever the
//! completion order, the thread count, the interruptions or the sharding.
//!
//! The files' types and formats are [`crate::results`]' ([`SweepSummary`],
//! [`PointsTable`]): numbers are the shortest text that reads back to the same `f64`, an
//! empty CSV field or a JSON `null` where a value is undefined.

use std::collections::BTreeMap;

use serde_json::Value;

use super::journal::{Kpis, Manifest};
use super::spec::parse_value_text;

use crate::results::{
    PointRow, PointsTable, Stat, SweepDesign, SweepParameter, SweepPoint, SweepSummary, json,
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

/// `points.csv`: `point,<parameters...>,kpi,mean,std,ci95_low,ci95_high,n`, one row per
/// point and KPI.
pub(crate) fn points_table(m: &Manifest, records: &BTreeMap<usize, Kpis>) -> PointsTable {
    let rows = records
        .iter()
        .flat_map(|(index, kpis)| {
            let values: Vec<String> = m.points[*index].iter().map(|v| display_value(v)).collect();
            kpis.iter().map(move |(name, s)| PointRow {
                point: *index,
                values: values.clone(),
                kpi: name.to_string(),
                stat: Stat::from(*s),
            })
        })
        .collect();
    PointsTable {
        parameters: m.parameters.iter().map(|p| p.name.clone()).collect(),
        rows,
    }
}

/// The text of `points.csv`.
pub(crate) fn points_csv(m: &Manifest, records: &BTreeMap<usize, Kpis>) -> String {
    points_table(m, records).to_csv()
}

/// `sweep.json`: the sweep's description and, per point, its parameter values, its
/// sustainability verdict and its KPI summaries.
pub(crate) fn sweep_summary(m: &Manifest, records: &BTreeMap<usize, Kpis>) -> SweepSummary {
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
            })
            .collect(),
        replications: Some(m.replications),
        seed: Some(m.seed),
        points: records
            .iter()
            .map(|(index, kpis)| SweepPoint {
                index: *index,
                parameters: m
                    .parameters
                    .iter()
                    .zip(&m.points[*index])
                    .map(|(p, t)| (p.name.clone(), json_value(t)))
                    .collect(),
                sustainability: Some(
                    crate::sustain::assess_kpis(|name| kpis.get(name).copied()).verdict,
                ),
                kpis: kpis.map(|s| Stat::from(*s)),
            })
            .collect(),
    }
}

/// `sweep.json` as text (pretty, with a final newline, like `summary.json`).
pub(crate) fn sweep_json_text(m: &Manifest, records: &BTreeMap<usize, Kpis>) -> String {
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
