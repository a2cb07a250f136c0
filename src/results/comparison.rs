//! The files of a comparison (`carecast compare`): `comparison.json` (per plan and KPI
//! the summary, and per non-baseline plan the paired difference to the baseline) and
//! `comparison.csv` (the same, tidy: one row per plan and KPI).

use std::fmt;

use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::csv::Row;
use super::number::nullable;
use super::{KpiMap, Num, Stat};

/// `comparison.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonSummary {
    /// The carecast version that made the comparison.
    #[serde(default)]
    pub carecast_version: String,
    /// The baseline plan's name.
    #[serde(default)]
    pub baseline: Option<String>,
    /// The seed shared by every plan.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Replications of each plan.
    #[serde(default)]
    pub replications: Option<u32>,
    /// The plans, baseline first.
    #[serde(default)]
    pub plans: Vec<ComparisonPlan>,
}

/// One plan of `comparison.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonPlan {
    /// Unique name in the comparison.
    pub name: String,
    /// Its scenario's name.
    #[serde(default)]
    pub scenario: String,
    /// Every KPI of the comparison (an empty entry where the plan lacks it).
    pub kpis: KpiMap<ComparisonEntry>,
}

/// One KPI of one plan: its summary (absent where the plan lacks the KPI) and, for a
/// non-baseline plan, its paired difference to the baseline. Written as one object:
/// the summary's fields, then `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ComparisonEntry {
    /// The plan's summary of the KPI.
    pub stat: Option<Stat>,
    /// The paired difference to the baseline.
    pub diff: Option<ComparisonDiff>,
}

/// The paired difference of a KPI between a plan and the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ComparisonDiff {
    /// Mean paired difference.
    #[serde(with = "nullable")]
    pub mean: f64,
    /// Standard deviation of the paired differences.
    #[serde(with = "nullable", default = "nullable::nan")]
    pub std: f64,
    /// Lower end of its 95% CI.
    #[serde(with = "nullable", default = "nullable::nan")]
    pub ci95_low: f64,
    /// Upper end.
    #[serde(with = "nullable", default = "nullable::nan")]
    pub ci95_high: f64,
    /// Pairs in which both plans define the KPI.
    #[serde(default)]
    pub n: usize,
    /// Whether the 95% interval excludes zero.
    #[serde(default)]
    pub significant: bool,
    /// Half-width of the 95% CI had the plans been run independently (Welch).
    #[serde(with = "nullable", default = "nullable::nan")]
    pub unpaired_half_width: f64,
}

/// A number written as `null` when not finite.
struct Nullable(f64);

impl Serialize for Nullable {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        nullable::serialize(&self.0, s)
    }
}

impl Serialize for ComparisonEntry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let len = 5 * usize::from(self.stat.is_some()) + usize::from(self.diff.is_some());
        let mut map = s.serialize_map(Some(len))?;
        if let Some(st) = &self.stat {
            map.serialize_entry("mean", &Nullable(st.mean))?;
            map.serialize_entry("std", &Nullable(st.std))?;
            map.serialize_entry("ci95_low", &Nullable(st.ci95_low))?;
            map.serialize_entry("ci95_high", &Nullable(st.ci95_high))?;
            map.serialize_entry("n", &st.n)?;
        }
        if let Some(d) = &self.diff {
            map.serialize_entry("diff", d)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ComparisonEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = ComparisonEntry;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a KPI's summary and difference")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                let nan = f64::NAN;
                let mut stat: Option<Stat> = None;
                let mut s = Stat {
                    mean: nan,
                    std: nan,
                    ci95_low: nan,
                    ci95_high: nan,
                    n: 0,
                };
                let mut diff = None;
                while let Some(key) = a.next_key::<String>()? {
                    let num = |v: Option<f64>| v.unwrap_or(f64::NAN);
                    match key.as_str() {
                        "mean" => {
                            s.mean = num(a.next_value()?);
                            stat = Some(s);
                        }
                        "std" => s.std = num(a.next_value()?),
                        "ci95_low" => s.ci95_low = num(a.next_value()?),
                        "ci95_high" => s.ci95_high = num(a.next_value()?),
                        "n" => s.n = a.next_value()?,
                        "diff" => diff = a.next_value()?,
                        _ => {
                            a.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                // The plan has the KPI when its entry has a `mean`.
                Ok(ComparisonEntry {
                    stat: stat.map(|_| s),
                    diff,
                })
            }
        }
        d.deserialize_map(Fields)
    }
}

/// One row of `comparison.csv`: a plan's summary of a KPI and its paired difference to
/// the baseline (empty fields for the baseline, and where a plan lacks the KPI).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRow {
    /// Plan name.
    pub plan: String,
    /// KPI name.
    pub kpi: String,
    /// Mean over replications.
    pub mean: Num,
    /// Standard deviation.
    pub std: Num,
    /// Lower end of the 95% CI.
    pub ci95_low: Num,
    /// Upper end.
    pub ci95_high: Num,
    /// Replications in which the KPI was defined.
    pub n: Option<usize>,
    /// Mean paired difference to the baseline.
    pub diff_mean: Num,
    /// Lower end of its 95% CI.
    pub diff_ci95_low: Num,
    /// Upper end.
    pub diff_ci95_high: Num,
    /// Whether the difference's 95% interval excludes zero.
    pub significant: Option<bool>,
    /// Half-width of the 95% CI had the plans been run independently.
    pub unpaired_half_width: Num,
}

impl Row for ComparisonRow {
    const HEADER: &'static [&'static str] = &[
        "plan",
        "kpi",
        "mean",
        "std",
        "ci95_low",
        "ci95_high",
        "n",
        "diff_mean",
        "diff_ci95_low",
        "diff_ci95_high",
        "significant",
        "unpaired_half_width",
    ];
}

impl ComparisonRow {
    /// The row of plan `plan` and KPI `kpi`.
    pub fn new(plan: &str, kpi: &str, entry: &ComparisonEntry) -> Self {
        let nan = Num(f64::NAN);
        let (s, d) = (entry.stat, entry.diff);
        ComparisonRow {
            plan: plan.to_string(),
            kpi: kpi.to_string(),
            mean: s.map_or(nan, |s| Num(s.mean)),
            std: s.map_or(nan, |s| Num(s.std)),
            ci95_low: s.map_or(nan, |s| Num(s.ci95_low)),
            ci95_high: s.map_or(nan, |s| Num(s.ci95_high)),
            n: s.map(|s| s.n),
            diff_mean: d.map_or(nan, |d| Num(d.mean)),
            diff_ci95_low: d.map_or(nan, |d| Num(d.ci95_low)),
            diff_ci95_high: d.map_or(nan, |d| Num(d.ci95_high)),
            significant: d.map(|d| d.significant),
            unpaired_half_width: d.map_or(nan, |d| Num(d.unpaired_half_width)),
        }
    }
}

impl ComparisonSummary {
    /// The rows of `comparison.csv`: per plan, per KPI.
    pub fn rows(&self) -> impl Iterator<Item = ComparisonRow> + '_ {
        self.plans.iter().flat_map(|p| {
            p.kpis
                .iter()
                .map(move |(k, e)| ComparisonRow::new(&p.name, k, e))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::json;

    #[test]
    fn entries_without_a_mean_are_kpis_the_plan_lacks() {
        let text = r#"{"plans":[{"name":"a","kpis":{"x":{},"y":{"mean":null,"n":0},"z":{"mean":1,"diff":{"mean":0.5,"significant":true}}}}]}"#;
        let c: ComparisonSummary = json::from_text(text).expect("a comparison");
        let kpis = &c.plans[0].kpis;
        assert_eq!(kpis.get("x"), Some(&ComparisonEntry::default()));
        assert!(
            kpis.get("y")
                .and_then(|e| e.stat)
                .is_some_and(|s| s.mean.is_nan())
        );
        let z = kpis.get("z").copied().unwrap_or_default();
        assert_eq!(z.stat.map(|s| s.mean), Some(1.0));
        assert_eq!(z.diff.map(|d| (d.mean, d.significant)), Some((0.5, true)));
        let text = json::to_text(&c);
        let back: ComparisonSummary = json::from_text(&text).expect("round trip");
        assert_eq!(json::to_text(&back), text);
        assert!(text.contains("\"x\": {}"), "{text}");
    }
}
