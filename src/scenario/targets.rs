//! Targets: what a plan must achieve. A service level (a share answered within a duration,
//! over the whole measured period, in every hour of the week or in business hours only,
//! optionally for one channel or class), a maximum abandonment, a maximum ignored share,
//! a minimum recommend rate and a weekly budget. Every run, comparison and sweep opens
//! with the verdict on each ([`crate::targets`]); `carecast optimize` finds the cheapest
//! shift plan meeting them all.

use serde::{Deserialize, Serialize};

use super::checks::{Names, probability};
use super::duration::Duration;
use super::error::ScenarioError;
use super::named::{Named, serde_by_name};

/// Most service-level targets in one scenario.
pub const MAX_SERVICE_TARGETS: usize = 16;

/// Default confidence of a verdict (`targets.confidence`).
pub const DEFAULT_CONFIDENCE: f64 = 0.95;

/// Where a service-level target must hold (`scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Over all mentions of the measured period at once (the default).
    #[default]
    Period,
    /// In every hour of the week, mentions grouped by the hour of the week they arrived
    /// in (nights and weekends included).
    EveryHour,
    /// Over the mentions arriving in business hours (`customers.business_hours`).
    BusinessHours,
}

impl Named for Scope {
    const ALL: &'static [Self] = &[Scope::Period, Scope::EveryHour, Scope::BusinessHours];

    fn name(self) -> &'static str {
        match self {
            Scope::Period => "period",
            Scope::EveryHour => "every_hour",
            Scope::BusinessHours => "business_hours",
        }
    }
}

serde_by_name!(Scope);

/// `[targets]` as written. Every target is optional; a scenario without any reports as
/// before, with no verdicts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetsFile {
    /// Confidence a verdict "meets" needs: the whole confidence interval of the mean over
    /// replications on the right side of the target (default 0.95).
    #[serde(default = "d_confidence")]
    pub confidence: f64,
    /// Service-level targets: `{ share = 0.8, within = "30m", scope = "every_hour" }`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_level: Vec<ServiceLevelFile>,
    /// Most abandonment allowed: customers who lost patience, of the answerable mentions
    /// (the `abandonment` KPI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_abandonment: Option<f64>,
    /// Most customers allowed to be never answered (the `ignored` KPI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ignored: Option<f64>,
    /// Least share of customers who recommend the brand (the `recommend_rate` KPI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_recommend: Option<f64>,
    /// Most total cost per week (agents with overtime, phone escalations and the bot), in
    /// the scenario's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly_budget: Option<f64>,
}

fn d_confidence() -> f64 {
    DEFAULT_CONFIDENCE
}

/// One `[[targets.service_level]]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceLevelFile {
    /// Least share of answerable mentions with a first reply within `within`.
    pub share: f64,
    /// The duration.
    pub within: Duration,
    /// `period` (default), `every_hour` or `business_hours`.
    #[serde(default)]
    pub scope: Scope,
    /// Only the mentions of this channel (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Only the mentions of this class (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
}

/// A service-level target: at least `share` of the answerable mentions (of `channel` and
/// `class`, where given) answered within `within_min`, over `scope`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceTarget {
    /// Least share answered within.
    pub share: f64,
    /// The duration, minutes.
    pub within_min: f64,
    /// Where it must hold.
    pub scope: Scope,
    /// Channel index, if restricted to one.
    pub channel: Option<usize>,
    /// Class index, if restricted to one.
    pub class: Option<usize>,
}

impl ServiceTarget {
    /// Whether a mention of `class` on `channel` counts for this target.
    pub fn covers(&self, class: usize, channel: usize) -> bool {
        self.class.is_none_or(|c| c == class) && self.channel.is_none_or(|c| c == channel)
    }
}

/// The validated targets; all empty when the scenario gives none.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Targets {
    /// Confidence a "meets" verdict needs, `0.5..1`.
    pub confidence: f64,
    /// Service-level targets.
    pub service_levels: Vec<ServiceTarget>,
    /// Most abandonment allowed.
    pub max_abandonment: Option<f64>,
    /// Most customers never answered.
    pub max_ignored: Option<f64>,
    /// Least recommend rate.
    pub min_recommend: Option<f64>,
    /// Most total cost per week.
    pub weekly_budget: Option<f64>,
}

impl Targets {
    /// Whether any target is set.
    pub fn any(&self) -> bool {
        !self.service_levels.is_empty()
            || self.max_abandonment.is_some()
            || self.max_ignored.is_some()
            || self.min_recommend.is_some()
            || self.weekly_budget.is_some()
    }

    /// The targets as written.
    pub(crate) fn to_file(&self, names: &Names) -> Option<TargetsFile> {
        self.any().then(|| TargetsFile {
            confidence: self.confidence,
            service_level: self
                .service_levels
                .iter()
                .map(|t| ServiceLevelFile {
                    share: t.share,
                    within: Duration::from_minutes(t.within_min),
                    scope: t.scope,
                    channel: t.channel.map(|i| names.channels[i].to_string()),
                    class: t.class.map(|i| names.classes[i].to_string()),
                })
                .collect(),
            max_abandonment: self.max_abandonment,
            max_ignored: self.max_ignored,
            min_recommend: self.min_recommend,
            weekly_budget: self.weekly_budget,
        })
    }
}

/// Largest weekly budget accepted.
const MAX_BUDGET: f64 = 1e12;

/// Checks `[targets]` against the scenario's channel and class names.
pub(crate) fn validate(f: Option<&TargetsFile>, names: &Names) -> Result<Targets, ScenarioError> {
    let Some(f) = f else {
        return Ok(Targets {
            confidence: DEFAULT_CONFIDENCE,
            ..Targets::default()
        });
    };
    if !(f.confidence.is_finite() && (0.5..1.0).contains(&f.confidence)) {
        return Err(ScenarioError::invalid(
            "targets.confidence",
            f.confidence,
            "a number from 0.5 to below 1 (0.95: the 95% interval must clear the target)",
        ));
    }
    if f.service_level.len() > MAX_SERVICE_TARGETS {
        return Err(ScenarioError::invalid(
            "targets.service_level",
            format!("{} targets", f.service_level.len()),
            format!("at most {MAX_SERVICE_TARGETS}"),
        ));
    }
    let mut service_levels = Vec::with_capacity(f.service_level.len());
    for (i, t) in f.service_level.iter().enumerate() {
        let path = format!("targets.service_level[{i}]");
        let share = open_share(&format!("{path}.share"), t.share)?;
        let within_min = t.within.minutes();
        if !(within_min.is_finite() && within_min > 0.0) {
            return Err(ScenarioError::invalid(
                format!("{path}.within"),
                format!("\"{}\"", t.within),
                "a duration > 0, e.g. \"30m\"",
            ));
        }
        service_levels.push(ServiceTarget {
            share,
            within_min,
            scope: t.scope,
            channel: lookup(
                &format!("{path}.channel"),
                t.channel.as_deref(),
                &names.channels,
            )?,
            class: lookup(&format!("{path}.class"), t.class.as_deref(), &names.classes)?,
        });
    }
    let opt = |path: &str, v: Option<f64>| v.map(|p| open_share(path, p)).transpose();
    let weekly_budget = match f.weekly_budget {
        Some(b) if !(b.is_finite() && b > 0.0 && b <= MAX_BUDGET) => {
            return Err(ScenarioError::invalid(
                "targets.weekly_budget",
                b,
                format!("an amount > 0 and at most {MAX_BUDGET:e}, in the scenario's currency"),
            ));
        }
        b => b,
    };
    Ok(Targets {
        confidence: f.confidence,
        service_levels,
        max_abandonment: opt("targets.max_abandonment", f.max_abandonment)?,
        max_ignored: opt("targets.max_ignored", f.max_ignored)?,
        min_recommend: opt("targets.min_recommend", f.min_recommend)?,
        weekly_budget,
    })
}

/// A share strictly between 0 and 1: a target of 0 or 1 is met by everything or by
/// nothing a simulation can show.
fn open_share(path: &str, p: f64) -> Result<f64, ScenarioError> {
    let p = probability(path, p)?;
    if p == 0.0 || p == 1.0 {
        return Err(ScenarioError::invalid(
            path,
            p,
            "a share strictly between 0 and 1 (0.8 = 80%)",
        ));
    }
    Ok(p)
}

/// The index of `name` among `known`.
fn lookup(path: &str, name: Option<&str>, known: &[&str]) -> Result<Option<usize>, ScenarioError> {
    let Some(name) = name else { return Ok(None) };
    known
        .iter()
        .position(|k| *k == name)
        .map(Some)
        .ok_or_else(|| {
            ScenarioError::invalid(
                path,
                format!("\"{name}\""),
                format!("one of the scenario's names: {}", known.join(", ")),
            )
        })
}
