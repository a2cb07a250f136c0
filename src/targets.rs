//! Verdicts: whether a run meets each of its scenario's targets (`[targets]`), with the
//! confidence the targets ask for. Every run, comparison and sweep opens with them.
//!
//! A target is judged on its value in every replication: the mean over replications and
//! the Student t confidence interval at `targets.confidence` (default 95%). It **meets**
//! when the whole interval is on the right side of the limit, **misses** when the mean is
//! on the wrong side, and is **too close to call** otherwise: more replications would
//! tell. A service level in `every_hour` scope is judged hour by hour of the week (the
//! mentions arriving in that hour, pooled over the measured weeks of a replication), and
//! meets only when every hour with mentions meets; its verdict names the hours that miss.
//!
//! Every figure covers the measured cohort: the mentions arriving after the warm-up,
//! followed to their outcome, so one never answered counts as not answered within any
//! duration. The weekly budget is compared with the total cost (agents with overtime,
//! phone escalations, the bot) over the measured period, per week.
//!
//! ```
//! use carecast::{experiment, targets};
//! use carecast::scenario::Scenario;
//!
//! let sets = [
//!     "horizon=\"2d\"", "warmup=\"1d\"",
//!     "targets.service_level=[{share=0.8, within=\"30m\", scope=\"every_hour\"}]",
//!     "targets.max_abandonment=0.05",
//! ];
//! let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
//! let scenario = Scenario::builtin(&sets)?.with_run(Some(1), Some(3));
//! let verdicts = targets::evaluate(&scenario, &experiment::run(&scenario, &|| {}));
//! for v in &verdicts.items {
//!     println!("{}", v.sentence);
//! }
//! // Nobody works at night in the default plan: the hourly target misses.
//! assert_eq!(verdicts.items[0].status, targets::Status::Misses);
//! # Ok::<(), carecast::scenario::ScenarioError>(())
//! ```

pub mod hours;
pub mod rank;

pub use rank::{Standing, cheapest_meeting, rank};

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::experiment::RunResults;
use crate::format::{fmt_half, fmt_mean_ci, money, pct};
use crate::kpi::{ServiceCounts, Unit, measured_min};
use crate::scenario::calendar::{WEEK_H, WEEK_MIN};
use crate::scenario::{Scenario, Scope, ServiceTarget, Targets};
use crate::stats::Welford;

/// The verdict on one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The confidence interval is entirely on the right side of the limit.
    Meets,
    /// The mean is on the right side, the interval is not: more replications would tell.
    TooClose,
    /// The mean is on the wrong side.
    Misses,
    /// Nothing to judge (no mentions in scope, or the KPI is undefined).
    NoData,
}

impl Status {
    /// `meets`, `too close to call`, `misses` or `no data`.
    pub fn word(self) -> &'static str {
        match self {
            Status::Meets => "meets",
            Status::TooClose => "too close to call",
            Status::Misses => "misses",
            Status::NoData => "no data",
        }
    }

    /// The status as written in the results files: `meets`, `too_close`, `misses`,
    /// `no_data`.
    pub fn key(self) -> &'static str {
        match self {
            Status::Meets => "meets",
            Status::TooClose => "too_close",
            Status::Misses => "misses",
            Status::NoData => "no_data",
        }
    }
}

/// Whether a target is a floor or a ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// The value must be at least the limit.
    AtLeast,
    /// The value must be at most the limit.
    AtMost,
}

/// A mean over replications with the half-width of its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Replications with a value.
    pub n: usize,
    /// Mean over them.
    #[serde(with = "crate::stats::nullable")]
    pub mean: f64,
    /// Half-width of the interval at the targets' confidence (NaN from one replication).
    #[serde(with = "crate::stats::nullable")]
    pub half_width: f64,
}

impl Estimate {
    /// The estimate of `values` (NaN ones skipped) at two-sided `confidence`.
    pub fn of(values: &[f64], confidence: f64) -> Self {
        let mut w = Welford::default();
        for &v in values.iter().filter(|v| !v.is_nan()) {
            w.push(v);
        }
        let n = w.count() as usize;
        let half_width = if n >= 2 {
            StudentsT::new(0.0, 1.0, (n - 1) as f64)
                .map(|t| t.inverse_cdf(0.5 + confidence / 2.0))
                .unwrap_or(f64::NAN)
                * (w.variance() / n as f64).sqrt()
        } else {
            f64::NAN
        };
        Estimate {
            n,
            mean: if n > 0 { w.mean() } else { f64::NAN },
            half_width,
        }
    }

    /// The verdict of this estimate against `limit`.
    pub fn status(&self, bound: Bound, limit: f64) -> Status {
        if self.n == 0 || !self.mean.is_finite() {
            return Status::NoData;
        }
        // An interval of zero width (every replication alike) is as sure as it gets; an
        // undefined one (one replication) cannot clear the limit.
        let half = self.half_width;
        let (ok, sure) = match bound {
            Bound::AtLeast => (self.mean >= limit, self.mean - half >= limit),
            Bound::AtMost => (self.mean <= limit, self.mean + half <= limit),
        };
        match (ok, sure) {
            (false, _) => Status::Misses,
            (true, true) => Status::Meets,
            (true, false) => Status::TooClose,
        }
    }
}

/// The verdict on one hour of the week of an `every_hour` target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HourVerdict {
    /// Hour of the week (0 = Monday 00:00).
    pub hour_of_week: usize,
    /// The verdict.
    pub status: Status,
    /// The share answered within, over replications.
    pub estimate: Estimate,
}

/// The verdict on one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Which target: `service_level[0]`, `max_abandonment`, `max_ignored`,
    /// `min_recommend`, `weekly_budget`.
    pub key: String,
    /// The target in words: `80% answered within 30 min in every hour`.
    pub target: String,
    /// Floor or ceiling.
    pub bound: Bound,
    /// The limit, as a share or an amount per week.
    pub limit: f64,
    /// The verdict.
    pub status: Status,
    /// The value: the share, rate or weekly cost; for `every_hour`, the worst hour's.
    pub estimate: Estimate,
    /// For `every_hour` targets, each hour of the week with mentions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hours: Vec<HourVerdict>,
    /// The verdict in one sentence, as the terminal and the report show it.
    pub sentence: String,
}

impl Verdict {
    /// The hours of an `every_hour` target with the given verdict.
    pub fn hours_with(&self, status: Status) -> Vec<usize> {
        self.hours
            .iter()
            .filter(|h| h.status == status)
            .map(|h| h.hour_of_week)
            .collect()
    }

    /// The value with the half-width of its interval, as the sentence shows it:
    /// `5.7% ± 0.5 pp`, `USD 95,210 a week ± 1,204`; for an `every_hour` target, the
    /// lowest hour's.
    pub fn value(&self, currency: &str) -> String {
        if self.key == "weekly_budget" {
            let show = |x: f64| format!("{} a week", money(x, currency));
            value_text(&self.estimate, &show)
        } else {
            value_text(&self.estimate, &|x: f64| pct(x))
        }
    }
}

/// The verdicts on every target of a run, in the scenario's order (service levels first).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Verdicts {
    /// Confidence of the intervals.
    pub confidence: f64,
    /// Per target.
    pub items: Vec<Verdict>,
}

impl Verdicts {
    /// The verdicts of a plan whose replications overloaded (more mentions in the system
    /// than `limits.max_in_system`): every target misses, whatever the partial numbers
    /// say, since the plan cannot keep up with its load.
    pub fn overloaded(mut self) -> Self {
        for v in &mut self.items {
            v.status = Status::Misses;
            v.hours.clear();
            v.sentence = format!(
                "{}: misses (overloaded: the backlog passed limits.max_in_system)",
                v.target
            );
        }
        self
    }

    /// Whether there is any target.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether every target meets.
    pub fn all_met(&self) -> bool {
        self.items.iter().all(|v| v.status == Status::Meets)
    }

    /// Targets missed (mean on the wrong side).
    pub fn missed(&self) -> usize {
        self.count(Status::Misses)
    }

    /// Targets with the given verdict.
    pub fn count(&self, status: Status) -> usize {
        self.items.iter().filter(|v| v.status == status).count()
    }

    /// The overall verdict in a few words: `meets all 2 targets`, `misses 1 of 3
    /// targets`.
    pub fn headline(&self) -> String {
        let n = self.items.len();
        let s = if n == 1 { "" } else { "s" };
        if self.all_met() {
            return format!("meets {} target{s}", if n == 1 { "its" } else { "all" });
        }
        let missed = self.missed();
        let close = self.count(Status::TooClose);
        let mut parts = Vec::new();
        if missed > 0 {
            parts.push(format!("misses {missed} of {n} target{s}"));
        }
        if close > 0 {
            parts.push(format!("{close} too close to call"));
        }
        let no_data = self.count(Status::NoData);
        if no_data > 0 {
            parts.push(format!("{no_data} without data"));
        }
        parts.join(", ")
    }
}

/// The verdicts of `results`, a run of `sc`, on `sc.targets` (empty without targets).
/// A run with an overloaded replication misses every target ([`Verdicts::overloaded`]).
pub fn evaluate(sc: &Scenario, results: &RunResults) -> Verdicts {
    if results.overloaded.is_some() {
        return evaluate_with(sc, &|_| None, &[]).overloaded();
    }
    let service: Vec<&[ServiceCounts]> = results
        .replications
        .iter()
        .map(|r| r.service.as_slice())
        .collect();
    evaluate_with(sc, &|name| results.values(name), &service)
}

/// The verdicts from the KPI values by replication (`values(name)`) and each
/// replication's service-level counts (aligned with `sc.targets.service_levels`).
pub fn evaluate_with(
    sc: &Scenario,
    values: &dyn Fn(&str) -> Option<Vec<f64>>,
    service: &[&[ServiceCounts]],
) -> Verdicts {
    let t = &sc.targets;
    let mut items = Vec::new();
    for (i, target) in t.service_levels.iter().enumerate() {
        let counts: Vec<&ServiceCounts> = service.iter().filter_map(|r| r.get(i)).collect();
        items.push(service_verdict(sc, i, target, &counts));
    }
    let kpi = |name: &str| Estimate::of(&values(name).unwrap_or_default(), t.confidence);
    let share = |key: &str, name: &str, bound, limit: Option<f64>, what: &str| {
        limit.map(|limit| {
            let e = kpi(name);
            simple(
                key,
                format!("{} {what}", bound_word(bound, limit_pct(limit))),
                bound,
                limit,
                e,
                pct,
            )
        })
    };
    items.extend(share(
        "max_abandonment",
        "abandon_rate",
        Bound::AtMost,
        t.max_abandonment,
        "abandonment",
    ));
    items.extend(share(
        "max_ignored",
        "ignored",
        Bound::AtMost,
        t.max_ignored,
        "never answered",
    ));
    items.extend(share(
        "min_recommend",
        "recommend_rate",
        Bound::AtLeast,
        t.min_recommend,
        "recommend the brand",
    ));
    if let Some(budget) = t.weekly_budget {
        let weeks = measured_min(sc) / WEEK_MIN;
        let weekly: Vec<f64> = values("cost_total")
            .unwrap_or_default()
            .iter()
            .map(|c| c / weeks)
            .collect();
        let e = Estimate::of(&weekly, t.confidence);
        let cur = sc.currency.clone();
        let show = move |x: f64| format!("{} a week", money(x, &cur));
        let target = format!("total cost at most {}", show(budget));
        items.push(simple(
            "weekly_budget",
            target,
            Bound::AtMost,
            budget,
            e,
            show,
        ));
    }
    Verdicts {
        confidence: t.confidence,
        items,
    }
}

/// A limit as a percentage, as short as it was given: `80%`, `2.5%`.
fn limit_pct(x: f64) -> String {
    let p = (x * 1e6).round() / 1e4;
    format!("{p}%")
}

/// `at least 80%` / `at most 5%`.
fn bound_word(bound: Bound, limit: String) -> String {
    match bound {
        Bound::AtLeast => format!("at least {limit}"),
        Bound::AtMost => format!("at most {limit}"),
    }
}

/// The verdict on a target with one value per replication.
fn simple(
    key: &str,
    target: String,
    bound: Bound,
    limit: f64,
    e: Estimate,
    show: impl Fn(f64) -> String,
) -> Verdict {
    let status = e.status(bound, limit);
    let sentence = format!("{} {target}: {}", status.word(), value_text(&e, &show));
    Verdict {
        key: key.to_string(),
        target,
        bound,
        limit,
        status,
        estimate: e,
        hours: Vec::new(),
        sentence,
    }
}

/// `3.1% ± 0.4` (shares get the half-width in points).
fn value_text(e: &Estimate, show: &dyn Fn(f64) -> String) -> String {
    if e.n == 0 || !e.mean.is_finite() {
        return "no value".into();
    }
    let value = show(e.mean);
    if !e.half_width.is_finite() {
        return format!("{value} (one replication: no interval)");
    }
    // As many decimals as the interval asks: `0.42% ± 0.03 pp`, `USD 95,210 a week ± 1,204`.
    if value.ends_with('%') {
        fmt_mean_ci(Unit::Share, e.mean, e.half_width, "")
    } else {
        format!("{value} {}", fmt_half(Unit::Money, e.half_width))
    }
}

/// The target in words: `80% answered within 30 min in every hour (twitter)`.
pub fn describe(sc: &Scenario, t: &ServiceTarget) -> String {
    let scope = match t.scope {
        Scope::Period => "over the measured period",
        Scope::EveryHour => "in every hour",
        Scope::BusinessHours => "in business hours",
    };
    let mut only: Vec<&str> = Vec::new();
    if let Some(c) = t.class {
        only.push(&sc.classes[c].name);
    }
    if let Some(c) = t.channel {
        only.push(&sc.channels[c].name);
    }
    let only = if only.is_empty() {
        String::new()
    } else {
        format!(" ({})", only.join(" on "))
    };
    format!(
        "{} answered within {} {scope}{only}",
        limit_pct(t.share),
        crate::format::human_minutes(t.within_min)
    )
}

/// The share answered within, per replication, over the hours `inside`.
fn pooled(counts: &[&ServiceCounts], inside: impl Fn(usize) -> bool) -> Vec<f64> {
    counts
        .iter()
        .map(|c| {
            let (mut n, mut w) = (0u64, 0u64);
            for h in (0..WEEK_H).filter(|&h| inside(h)) {
                n += c.answerable.get(h).copied().unwrap_or(0);
                w += c.within.get(h).copied().unwrap_or(0);
            }
            if n > 0 { w as f64 / n as f64 } else { f64::NAN }
        })
        .collect()
}

fn service_verdict(
    sc: &Scenario,
    i: usize,
    t: &ServiceTarget,
    counts: &[&ServiceCounts],
) -> Verdict {
    let conf = sc.targets.confidence;
    let key = format!("service_level[{i}]");
    let target = describe(sc, t);
    let show = |x: f64| pct(x);
    match t.scope {
        Scope::Period => simple(
            &key,
            target,
            Bound::AtLeast,
            t.share,
            Estimate::of(&pooled(counts, |_| true), conf),
            show,
        ),
        Scope::BusinessHours => {
            let inside = |h: usize| sc.customers.business_hours[h];
            simple(
                &key,
                target,
                Bound::AtLeast,
                t.share,
                Estimate::of(&pooled(counts, inside), conf),
                show,
            )
        }
        Scope::EveryHour => hourly_verdict(key, target, t.share, conf, counts),
    }
}

fn hourly_verdict(
    key: String,
    target: String,
    limit: f64,
    conf: f64,
    counts: &[&ServiceCounts],
) -> Verdict {
    let hours: Vec<HourVerdict> = (0..WEEK_H)
        .filter_map(|h| {
            let e = Estimate::of(&pooled(counts, |x| x == h), conf);
            (e.n > 0).then(|| HourVerdict {
                hour_of_week: h,
                status: e.status(Bound::AtLeast, limit),
                estimate: e,
            })
        })
        .collect();
    let worst = hours
        .iter()
        .min_by(|a, b| a.estimate.mean.total_cmp(&b.estimate.mean));
    let status = if hours.is_empty() {
        Status::NoData
    } else {
        hours
            .iter()
            .map(|h| h.status)
            .max()
            .unwrap_or(Status::NoData)
    };
    let estimate = worst.map_or(Estimate::of(&[], conf), |w| w.estimate);
    let show = |x: f64| pct(x);
    let worst_text = worst.map_or(String::new(), |w| {
        format!(
            "; the lowest is {} at {}",
            hours::label(w.hour_of_week),
            value_text(&w.estimate, &show)
        )
    });
    let of = hours.len();
    let sentence = match status {
        Status::Meets => format!("meets {target}: all {of} hours{worst_text}"),
        Status::NoData => format!("no data for {target}: no mentions in scope"),
        Status::Misses => {
            let missed: Vec<usize> = hours
                .iter()
                .filter(|h| h.status == Status::Misses)
                .map(|h| h.hour_of_week)
                .collect();
            format!(
                "misses {target} in {} of {of} hours: {}{worst_text}",
                missed.len(),
                hours::describe(&missed)
            )
        }
        Status::TooClose => {
            let close: Vec<usize> = hours
                .iter()
                .filter(|h| h.status == Status::TooClose)
                .map(|h| h.hour_of_week)
                .collect();
            format!(
                "too close to call for {target}: {} of {of} hours cannot be told apart from the target, {}{worst_text}",
                close.len(),
                hours::describe(&close)
            )
        }
    };
    Verdict {
        key,
        target,
        bound: Bound::AtLeast,
        limit,
        status,
        estimate,
        hours,
        sentence,
    }
}

/// The verdicts as the opening lines of a table: the overall verdict, then one sentence
/// per target.
pub fn render(v: &Verdicts) -> String {
    if v.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\ntargets: {} ({:.0}% confidence)\n",
        v.headline(),
        100.0 * v.confidence
    );
    for item in &v.items {
        out.push_str(&format!("  - {}\n", item.sentence));
    }
    out
}

/// The targets of `sc` as written in a sentence each (for reports that list them).
pub fn list(sc: &Scenario) -> Vec<String> {
    let t: &Targets = &sc.targets;
    let mut out: Vec<String> = t.service_levels.iter().map(|s| describe(sc, s)).collect();
    if let Some(a) = t.max_abandonment {
        out.push(format!("at most {} abandonment", limit_pct(a)));
    }
    if let Some(a) = t.max_ignored {
        out.push(format!("at most {} never answered", limit_pct(a)));
    }
    if let Some(a) = t.min_recommend {
        out.push(format!("at least {} recommend the brand", limit_pct(a)));
    }
    if let Some(b) = t.weekly_budget {
        out.push(format!(
            "total cost at most {} a week",
            money(b, &sc.currency)
        ));
    }
    out
}

#[cfg(test)]
mod tests;
