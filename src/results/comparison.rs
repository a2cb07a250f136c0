//! The files of a comparison (`carecast compare`): `comparison.json` (per plan and KPI
//! the summary, and per non-baseline plan the paired difference to the baseline) and
//! `comparison.csv` (the same, tidy: one row per plan and KPI).

use serde::{Deserialize, Serialize};

use super::csv::Row;
use super::number::nullable;
use super::{KpiMap, Num, Stat};
use crate::targets::Verdicts;

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
    /// The plans ranked by their targets; absent when no plan sets any, and in files
    /// written before targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranking: Option<Ranking>,
    /// The plans, baseline first.
    #[serde(default)]
    pub plans: Vec<ComparisonPlan>,
}

/// The plans of a comparison ranked by their targets: those meeting every target first,
/// by mean total cost, then the others by the number of targets missed and cost
/// ([`crate::targets::rank()`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Ranking {
    /// The cheapest plan meeting every target; `null` when none does.
    #[serde(default)]
    pub cheapest_meeting_targets: Option<String>,
    /// The plans, best first.
    #[serde(default)]
    pub plans: Vec<RankedPlan>,
}

/// One plan of the [`Ranking`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedPlan {
    /// Plan name.
    pub plan: String,
    /// Whether it sets targets and meets every one.
    #[serde(default)]
    pub meets_targets: bool,
    /// Targets it misses (mean on the wrong side).
    #[serde(default)]
    pub targets_missed: usize,
    /// The verdict in a few words: `meets all 2 targets`, `misses 1 of 2 targets`.
    #[serde(default)]
    pub headline: String,
    /// Mean total cost over the measured period (`cost_total`).
    #[serde(with = "nullable", default = "nullable::nan")]
    pub cost_total: f64,
}

/// One plan of `comparison.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonPlan {
    /// Unique name in the comparison.
    pub name: String,
    /// Its scenario's name.
    #[serde(default)]
    pub scenario: String,
    /// The verdicts on the targets of its scenario ([`crate::targets`]); absent when it
    /// sets none, and in files written before targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdicts: Option<Verdicts>,
    /// Every KPI of the comparison (an empty entry where the plan lacks it).
    pub kpis: KpiMap<ComparisonEntry>,
}

/// One KPI of one plan: its summary (absent where the plan lacks the KPI) and, for a
/// non-baseline plan, its paired difference to the baseline. Written as one object:
/// the summary's fields, then `diff`; an entry without a `mean` is a KPI the plan lacks.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ComparisonEntry {
    /// The plan's summary of the KPI.
    #[serde(flatten)]
    pub stat: Option<Stat>,
    /// The paired difference to the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<ComparisonDiff>,
}

/// The paired difference of a KPI between a plan and the baseline: the summary of the
/// paired differences, whether it excludes zero, and what independent runs would have
/// given.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ComparisonDiff {
    /// Mean, standard deviation, 95% CI and count of the paired differences.
    #[serde(flatten)]
    pub paired: Stat,
    /// Whether the 95% interval excludes zero.
    #[serde(default)]
    pub significant: bool,
    /// Half-width of the 95% CI had the plans been run independently (Welch).
    #[serde(with = "nullable", default = "nullable::nan")]
    pub unpaired_half_width: f64,
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
            diff_mean: d.map_or(nan, |d| Num(d.paired.mean)),
            diff_ci95_low: d.map_or(nan, |d| Num(d.paired.ci95_low)),
            diff_ci95_high: d.map_or(nan, |d| Num(d.paired.ci95_high)),
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
        assert_eq!(
            z.diff.map(|d| (d.paired.mean, d.significant)),
            Some((0.5, true))
        );
        let text = json::to_text(&c);
        let back: ComparisonSummary = json::from_text(&text).expect("round trip");
        assert_eq!(json::to_text(&back), text);
        assert!(text.contains("\"x\": {}"), "{text}");
    }
}
