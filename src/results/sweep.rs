//! The files of a sweep (`carecast sweep`, `carecast merge`): `sweep.json` (the sweep's
//! description and, per point, its parameter values, sustainability verdict and KPI
//! summaries) and `points.csv`
//! (one row per point and KPI, with a column per parameter).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{FormatError, KpiMap, Num, Stat};

/// `sweep.json`. Nothing about shards: a merged sweep is the same file as an unsharded
/// one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepSummary {
    /// Sweep name.
    #[serde(default)]
    pub sweep: String,
    /// The carecast version that started the sweep.
    #[serde(default)]
    pub carecast_version: String,
    /// The sweep's fingerprint.
    #[serde(default)]
    pub fingerprint: String,
    /// Base scenario name.
    #[serde(default)]
    pub base_scenario: String,
    /// The design.
    #[serde(default)]
    pub design: SweepDesign,
    /// The parameters, in order.
    pub parameters: Vec<SweepParameter>,
    /// Replications per point.
    #[serde(default)]
    pub replications: Option<u32>,
    /// Master seed of every point.
    #[serde(default)]
    pub seed: Option<u64>,
    /// The finished points, in index order.
    pub points: Vec<SweepPoint>,
}

/// The design of a sweep.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SweepDesign {
    /// `"grid"` or `"lhs"`.
    #[serde(default)]
    pub kind: String,
    /// Points of the design.
    #[serde(default)]
    pub points: usize,
    /// Seed of a Latin hypercube design.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lhs_seed: Option<u64>,
}

/// A swept parameter: its values (a grid) or its range (a Latin hypercube).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepParameter {
    /// Column name.
    pub name: String,
    /// Dotted scenario path.
    #[serde(default)]
    pub path: String,
    /// Grid values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<Value>>,
    /// Lower end of the range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Value>,
    /// Upper end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Value>,
    /// Whole numbers only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integer: Option<bool>,
}

/// One point of `sweep.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    /// Point index.
    pub index: usize,
    /// Parameter name -> value, in parameter order.
    #[serde(default)]
    pub parameters: Map<String, Value>,
    /// Whether the point's plan keeps up: its verdict from the backlog KPIs
    /// ([`crate::sustain::assess_kpis`]); files written before it lack it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sustainability: Option<crate::sustain::Verdict>,
    /// Per KPI, in report order: its summary over replications.
    pub kpis: KpiMap<Stat>,
}

/// The fixed columns of `points.csv` after the parameters.
const POINT_COLUMNS: [&str; 6] = ["kpi", "mean", "std", "ci95_low", "ci95_high", "n"];

/// `points.csv`: `point,<parameters...>,kpi,mean,std,ci95_low,ci95_high,n`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PointsTable {
    /// The parameter columns, in order.
    pub parameters: Vec<String>,
    /// One row per point and KPI.
    pub rows: Vec<PointRow>,
}

/// One row of `points.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct PointRow {
    /// Point index.
    pub point: usize,
    /// The point's parameter values as shown (strings without their quotes).
    pub values: Vec<String>,
    /// KPI name.
    pub kpi: String,
    /// Its summary over the point's replications.
    pub stat: Stat,
}

impl PointsTable {
    /// The text of `points.csv`.
    pub fn to_csv(&self) -> String {
        let mut header = vec!["point".to_string()];
        header.extend(self.parameters.iter().cloned());
        header.extend(POINT_COLUMNS.iter().map(|c| c.to_string()));
        let text = |x: f64| Num(x).to_string();
        let records: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                let mut rec = vec![r.point.to_string()];
                rec.extend(r.values.iter().cloned());
                rec.push(r.kpi.clone());
                rec.extend([r.stat.mean, r.stat.std, r.stat.ci95_low, r.stat.ci95_high].map(text));
                rec.push(r.stat.n.to_string());
                rec
            })
            .collect();
        super::csv::records_text(&header, &records)
    }

    /// Reads `points.csv`: the parameters are the columns between `point` and `kpi`.
    pub fn from_csv(text: &str) -> Result<Self, FormatError> {
        let (header, records) = super::csv::records(text)?;
        let names: Vec<&str> = header.iter().collect();
        let fixed = names
            .len()
            .checked_sub(POINT_COLUMNS.len())
            .filter(|&k| k >= 1);
        let Some(k) = fixed.filter(|&k| names[0] == "point" && names[k..] == POINT_COLUMNS) else {
            return Err(FormatError::new(
                Some(1),
                "expected the header point,<parameters...>,kpi,mean,std,ci95_low,ci95_high,n",
            ));
        };
        let mut rows = Vec::with_capacity(records.len());
        for (line, r) in records {
            let field = |i: usize| r.get(i).unwrap_or("");
            let fail = |i: usize, what: &str| {
                FormatError::new(
                    Some(line),
                    format!("column `{}`: `{}` is not {what}", names[i], field(i)),
                )
            };
            let whole = |i: usize| {
                field(i)
                    .parse::<usize>()
                    .map_err(|_| fail(i, "a whole number"))
            };
            let num = |i: usize| match field(i) {
                "" => Ok(f64::NAN),
                s => s.parse::<f64>().map_err(|_| fail(i, "a number")),
            };
            rows.push(PointRow {
                point: whole(0)?,
                values: (1..k).map(|i| field(i).to_string()).collect(),
                kpi: field(k).to_string(),
                stat: Stat {
                    mean: num(k + 1)?,
                    std: num(k + 2)?,
                    ci95_low: num(k + 3)?,
                    ci95_high: num(k + 4)?,
                    n: whole(k + 5)?,
                },
            });
        }
        Ok(PointsTable {
            parameters: names[1..k].iter().map(|s| s.to_string()).collect(),
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_csv_round_trips_with_dynamic_parameter_columns() {
        let stat = Stat {
            mean: 0.5,
            std: f64::NAN,
            ci95_low: f64::NAN,
            ci95_high: f64::NAN,
            n: 1,
        };
        let table = PointsTable {
            parameters: vec!["day".into(), "a, b".into()],
            rows: vec![PointRow {
                point: 0,
                values: vec!["24".into(), "fifo".into()],
                kpi: "answered_within_30m".into(),
                stat,
            }],
        };
        let text = table.to_csv();
        assert_eq!(
            text,
            "point,day,\"a, b\",kpi,mean,std,ci95_low,ci95_high,n\n0,24,fifo,answered_within_30m,0.5,,,,1\n"
        );
        let back = PointsTable::from_csv(&text).expect("points");
        assert_eq!(back.parameters, table.parameters);
        assert_eq!(back.rows[0].values, table.rows[0].values);
        assert!(back.rows[0].stat.std.is_nan() && back.rows[0].stat.n == 1);
        let err = PointsTable::from_csv("point,kpi,mean,std,ci95_low,ci95_high,n\nx,a,1,,,,1\n")
            .expect_err("bad point");
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("`x` is not a whole number"));
    }
}
