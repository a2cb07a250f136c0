//! The final files of a sweep, `points.csv` and `sweep.json`, rendered from the manifest
//! and the journaled points in index order only: they are byte-identical whatever the
//! completion order, the thread count, the interruptions or the sharding.
//!
//! Numbers are formatted as in [`crate::output`]: the shortest text that reads back to the
//! same `f64`, an empty CSV field or a JSON `null` where a value is undefined.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::journal::{Kpis, Manifest};
use super::spec::parse_value_text;

use crate::output::csv_number;

/// A CSV field, quoted only when it must be.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

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

fn json_number(x: f64) -> Value {
    // serde_json writes non-finite numbers as null.
    json!(x)
}

/// `points.csv`: `point,<parameters...>,kpi,mean,std,ci95_low,ci95_high,n`, one row per
/// point and KPI.
pub(crate) fn points_csv(m: &Manifest, records: &BTreeMap<usize, Kpis>) -> String {
    let mut out = String::from("point");
    for p in &m.parameters {
        out.push(',');
        out.push_str(&csv_field(&p.name));
    }
    out.push_str(",kpi,mean,std,ci95_low,ci95_high,n\n");
    for (index, kpis) in records {
        let values: String = m.points[*index]
            .iter()
            .map(|v| format!(",{}", csv_field(&display_value(v))))
            .collect();
        for (name, s) in kpis {
            let _ = writeln!(
                out,
                "{index}{values},{},{},{},{},{},{}",
                csv_field(name),
                csv_number(s.mean),
                csv_number(s.std),
                csv_number(s.ci95_low),
                csv_number(s.ci95_high),
                s.n
            );
        }
    }
    out
}

/// `sweep.json`: the sweep's description and, per point, its parameter values and KPI
/// summaries. Nothing about shards: a merged sweep is the same file as an unsharded one.
pub(crate) fn sweep_json(m: &Manifest, records: &BTreeMap<usize, Kpis>) -> Value {
    let mut design = Map::new();
    design.insert("kind".into(), json!(m.design));
    design.insert("points".into(), json!(m.points.len()));
    if let Some(s) = m.lhs_seed {
        design.insert("lhs_seed".into(), json!(s));
    }
    let parameters: Vec<Value> = m
        .parameters
        .iter()
        .map(|p| {
            let mut o = Map::new();
            o.insert("name".into(), json!(p.name));
            o.insert("path".into(), json!(p.path));
            if let Some(v) = &p.values {
                o.insert(
                    "values".into(),
                    Value::Array(v.iter().map(|t| json_value(t)).collect()),
                );
            }
            if let Some(t) = &p.min {
                o.insert("min".into(), json_value(t));
            }
            if let Some(t) = &p.max {
                o.insert("max".into(), json_value(t));
            }
            if let Some(b) = p.integer {
                o.insert("integer".into(), json!(b));
            }
            Value::Object(o)
        })
        .collect();
    let points: Vec<Value> = records
        .iter()
        .map(|(index, kpis)| {
            let mut values = Map::new();
            for (p, t) in m.parameters.iter().zip(&m.points[*index]) {
                values.insert(p.name.clone(), json_value(t));
            }
            let mut k = Map::new();
            for (name, s) in kpis {
                k.insert(
                    name.clone(),
                    json!({
                        "mean": json_number(s.mean),
                        "std": json_number(s.std),
                        "ci95_low": json_number(s.ci95_low),
                        "ci95_high": json_number(s.ci95_high),
                        "n": s.n,
                    }),
                );
            }
            json!({ "index": index, "parameters": values, "kpis": k })
        })
        .collect();
    json!({
        "sweep": m.sweep,
        "carecast_version": m.carecast_version,
        "fingerprint": m.fingerprint,
        "base_scenario": m.base_scenario,
        "design": design,
        "parameters": parameters,
        "replications": m.replications,
        "seed": m.seed,
        "points": points,
    })
}

/// `sweep.json` as text (pretty, with a final newline, like `summary.json`).
pub(crate) fn sweep_json_text(m: &Manifest, records: &BTreeMap<usize, Kpis>) -> String {
    serde_json::to_string_pretty(&sweep_json(m, records)).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_shown_as_written() {
        assert_eq!(display_value("\"fifo\""), "fifo");
        assert_eq!(display_value("24"), "24");
        assert_eq!(display_value("0.5"), "0.5");
        assert_eq!(csv_field(&display_value("\"a, b\"")), "\"a, b\"");
        assert_eq!(json_value("24"), json!(24));
        assert_eq!(json_value("\"30m\""), json!("30m"));
        assert_eq!(json_value("true"), json!(true));
    }
}
