//! The files of a sweep (`carecast sweep`, `carecast merge`): `sweep.json` (the sweep's
//! description, the cheapest point meeting every target, and per point its parameter
//! values, sustainability verdict, verdicts on its targets and KPI summaries) and
//! `points.csv` (one row per point and KPI, with a column per parameter).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{FormatError, KpiMap, Num, Stat};
use crate::targets::{Standing, Status, Verdicts};

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
    /// The points against their targets, and the cheapest meeting every one; absent when
    /// no point has verdicts (no targets, or a file written before them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<SweepTargets>,
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
    /// `"decision"` (a manager controls it) or `"assumption"` (the world the plans face);
    /// `None` in files written before roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
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
    /// The verdicts on its targets, in brief; absent when the point sets none, or when it
    /// was journaled before verdicts were (unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<PointTargets>,
    /// Per KPI, in report order: its summary over replications.
    pub kpis: KpiMap<Stat>,
}

/// The verdicts on a sweep point's targets, in brief (as journaled and in `sweep.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointTargets {
    /// Whether the point meets every target.
    pub meets_targets: bool,
    /// Targets judged.
    pub targets: usize,
    /// Targets met.
    pub targets_met: usize,
    /// Targets missed (mean on the wrong side).
    pub targets_missed: usize,
    /// The verdict in a few words: `meets all 2 targets`, `misses 1 of 2 targets`.
    pub headline: String,
    /// The sentences of the targets not met (missed, too close to call, without data).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_met: Vec<String>,
}

impl PointTargets {
    /// The brief of `v` (`None` when there is no target).
    pub fn of(v: &Verdicts) -> Option<Self> {
        (!v.is_empty()).then(|| PointTargets {
            meets_targets: v.all_met(),
            targets: v.items.len(),
            targets_met: v.count(Status::Meets),
            targets_missed: v.missed(),
            headline: v.headline(),
            not_met: v
                .items
                .iter()
                .filter(|i| i.status != Status::Meets)
                .map(|i| i.sentence.clone())
                .collect(),
        })
    }

    /// Where a point with these verdicts (or unknown ones) and mean total cost `cost`
    /// stands, for ranking.
    pub fn standing(t: Option<&Self>, cost: f64) -> Standing {
        match t {
            Some(t) => Standing {
                targets: t.targets,
                met: t.targets_met,
                missed: t.targets_missed,
                cost,
            },
            None => Standing::unknown(cost),
        }
    }
}

/// A sweep's points against their targets.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SweepTargets {
    /// Points meeting every target.
    #[serde(default)]
    pub points_meeting: usize,
    /// Points without verdicts (journaled before verdicts were, or setting no target).
    #[serde(default)]
    pub points_unknown: usize,
    /// The cheapest point meeting every target, by mean total cost (`cost_total`); `null`
    /// when none does.
    #[serde(default)]
    pub cheapest_meeting: Option<usize>,
}

/// The fixed columns of `points.csv` after the parameters.
const POINT_COLUMNS: [&str; 6] = ["kpi", "mean", "std", "ci95_low", "ci95_high", "n"];

/// The columns of `points.csv` after those, in a sweep whose points have verdicts.
const TARGET_COLUMNS: [&str; 2] = ["meets_targets", "targets_missed"];

/// `points.csv`: `point,<parameters...>,kpi,mean,std,ci95_low,ci95_high,n`, and
/// `meets_targets,targets_missed` in a sweep whose points have verdicts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PointsTable {
    /// The parameter columns, in order.
    pub parameters: Vec<String>,
    /// Whether the file has the `meets_targets` and `targets_missed` columns.
    pub targets: bool,
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
    /// Whether the point meets every target (`None`: unknown, an empty field).
    pub meets_targets: Option<bool>,
    /// Targets the point misses (`None`: unknown).
    pub targets_missed: Option<usize>,
}

impl PointsTable {
    /// The text of `points.csv`.
    pub fn to_csv(&self) -> String {
        let mut header = vec!["point".to_string()];
        header.extend(self.parameters.iter().cloned());
        header.extend(POINT_COLUMNS.iter().map(|c| c.to_string()));
        if self.targets {
            header.extend(TARGET_COLUMNS.iter().map(|c| c.to_string()));
        }
        let text = |x: f64| Num(x).to_string();
        let or_empty = |x: Option<String>| x.unwrap_or_default();
        let records: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                let mut rec = vec![r.point.to_string()];
                rec.extend(r.values.iter().cloned());
                rec.push(r.kpi.clone());
                rec.extend([r.stat.mean, r.stat.std, r.stat.ci95_low, r.stat.ci95_high].map(text));
                rec.push(r.stat.n.to_string());
                if self.targets {
                    rec.push(or_empty(r.meets_targets.map(|b| b.to_string())));
                    rec.push(or_empty(r.targets_missed.map(|n| n.to_string())));
                }
                rec
            })
            .collect();
        super::csv::records_text(&header, &records)
    }

    /// Reads `points.csv`: the parameters are the columns between `point` and `kpi`;
    /// `meets_targets` and `targets_missed` may follow `n`.
    pub fn from_csv(text: &str) -> Result<Self, FormatError> {
        let (header, records) = super::csv::records(text)?;
        let all: Vec<&str> = header.iter().collect();
        let targets = all.ends_with(&TARGET_COLUMNS);
        let names = &all[..all.len() - if targets { TARGET_COLUMNS.len() } else { 0 }];
        let fixed = names
            .len()
            .checked_sub(POINT_COLUMNS.len())
            .filter(|&k| k >= 1);
        let Some(k) = fixed.filter(|&k| names[0] == "point" && names[k..] == POINT_COLUMNS) else {
            return Err(FormatError::new(
                Some(1),
                "expected the header point,<parameters...>,kpi,mean,std,ci95_low,ci95_high,n[,meets_targets,targets_missed]",
            ));
        };
        let mut rows = Vec::with_capacity(records.len());
        for (line, r) in records {
            let field = |i: usize| r.get(i).unwrap_or("");
            let fail = |i: usize, what: &str| {
                FormatError::new(
                    Some(line),
                    format!("column `{}`: `{}` is not {what}", all[i], field(i)),
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
                meets_targets: match field(k + 6) {
                    "" => None,
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => return Err(fail(k + 6, "true, false or empty")),
                },
                targets_missed: match field(k + 7) {
                    "" => None,
                    _ => Some(whole(k + 7)?),
                },
            });
        }
        Ok(PointsTable {
            parameters: names[1..k].iter().map(|s| s.to_string()).collect(),
            targets,
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
        let mut table = PointsTable {
            parameters: vec!["day".into(), "a, b".into()],
            targets: false,
            rows: vec![PointRow {
                point: 0,
                values: vec!["24".into(), "fifo".into()],
                kpi: "answered_within_30m".into(),
                stat,
                meets_targets: None,
                targets_missed: None,
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

        // With verdicts: two more columns, empty where a point's verdicts are unknown.
        table.targets = true;
        table.rows.push(PointRow {
            point: 1,
            meets_targets: Some(false),
            targets_missed: Some(2),
            ..table.rows[0].clone()
        });
        let text = table.to_csv();
        assert!(
            text.starts_with("point,day,\"a, b\",kpi,mean,std,ci95_low,ci95_high,n,meets_targets,targets_missed\n0,24,fifo,answered_within_30m,0.5,,,,1,,\n1,"),
            "{text}"
        );
        assert!(text.ends_with(",1,false,2\n"), "{text}");
        let back = PointsTable::from_csv(&text).expect("points with verdicts");
        assert_eq!(back.parameters, table.parameters);
        assert!(back.targets);
        assert_eq!(back.rows[0].meets_targets, None);
        assert_eq!(
            (back.rows[1].meets_targets, back.rows[1].targets_missed),
            (Some(false), Some(2))
        );
    }
}
