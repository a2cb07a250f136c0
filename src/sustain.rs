//! Sustainability: whether a plan's queue clears, or grows without end.
//!
//! KPIs measured over a finite horizon describe whatever the queue did in it. When the
//! agents cannot keep up, the backlog grows from week to week and every KPI depends on how
//! long the run was: the numbers describe a queue that never clears. Every run is
//! therefore assessed here, from its hourly series, before its KPIs are read.
//!
//! The method compares like with like: the backlog at the same hour of the period, period
//! over period, after the warm-up.
//!
//! - **The period** is a week when the measured window (warm-up end to horizon) holds at
//!   least two whole weeks. Otherwise it is a day when the arrival profile and the shifts
//!   are the same every day (a `flat` profile staffed round the clock) and the window holds
//!   at least two whole days. Otherwise the run is not assessed, and says what it needs.
//! - **The backlog** `B(p, h)` is `queue_end` (mentions waiting at the end of the hour) at
//!   hour `h` of measured period `p`. Per replication, the **growth per period** is the
//!   ordinary least-squares slope of the period means `mean_h B(p, h)` on `p`; across
//!   replications its mean and 95% Student t interval (the replications are independent,
//!   so the interval is the one of every KPI, [`Summary::of`]).
//! - **The queue clears** when its smallest hourly backlog in the last measured period,
//!   averaged over replications, is at most the mentions arriving in an average hour of
//!   the window. A backlog held up by the policy's `max_age` (old mentions dropped as fast
//!   as new ones pile up) shows no trend, but never clears either.
//! - **Virality** is self-sustaining when the KPI [`BRANCHING_KPI`] (spawned mentions per
//!   virality-eligible mention of the measured cohort), where the run reports it, has a
//!   mean of 1 or more: cascades then do not die out.
//!
//! A plan is unsustainable when the growth's interval lies strictly above zero (and the
//! growth is not negligible: at least [`MIN_GROWTH_SHARE`] of a period's arrivals), when
//! its queue never clears, or when virality is self-sustaining. The verdict says so in
//! plain words with the magnitude ("the backlog grows by about 2,000 mentions a week");
//! the run's table, `summary.json` and report all carry it.
//!
//! The test of a trend in the period means of a steady-state output follows the
//! initial-transient and stationarity checks of Law & Kelton, *Simulation Modeling and
//! Analysis*, ch. 9 (Welch's procedure compares the same observation across
//! replications; here the same hour across periods).

use serde::{Deserialize, Serialize};

use crate::experiment::RunResults;
use crate::format::{span, thousands};
use crate::kpi::HourRow;
use crate::scenario::Scenario;
use crate::scenario::calendar::{DAY_H, HOUR_MIN, WEEK_H, hours_inside};
use crate::stats::{Summary, ols_slope};

/// The KPI read for the virality check: spawned mentions per virality-eligible mention
/// of the measured cohort. Runs that do not report it skip the check.
pub const BRANCHING_KPI: &str = "branching_ratio";

/// The smallest growth per period counted as growth, as a share of the mentions arriving
/// in a period. Below it, an interval above zero is a drift too small to matter (and, in
/// a stable queue, the one time in forty that a 95% interval misses zero on that side).
pub const MIN_GROWTH_SHARE: f64 = 0.001;

/// The period the backlog is compared over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// 168 hours: the same hour of the week, week over week.
    Week,
    /// 24 hours: the same hour of the day, day over day (profiles that repeat daily).
    Day,
}

impl Period {
    /// Its length in hours.
    pub fn hours(self) -> usize {
        match self {
            Period::Week => WEEK_H,
            Period::Day => DAY_H,
        }
    }

    /// Its name in words: `week`, `day`.
    pub fn name(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Day => "day",
        }
    }
}

/// The measured window of a run in whole hours, and whether its scenario repeats daily.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The first whole hour after the warm-up (hour index from the start of the run).
    pub first_hour: usize,
    /// Whole hours from `first_hour` to the horizon.
    pub hours: usize,
    /// Whether the arrival profile and every group's shifts are the same every day.
    pub repeats_daily: bool,
}

impl Window {
    /// The window of `scenario`.
    pub fn of(scenario: &Scenario) -> Self {
        let first_hour = (scenario.warmup_min / HOUR_MIN).ceil().max(0.0) as usize;
        let end_hour = (scenario.horizon_min / HOUR_MIN).floor().max(0.0) as usize;
        Window {
            first_hour,
            hours: end_hour.saturating_sub(first_hour),
            repeats_daily: repeats_daily(scenario),
        }
    }

    /// The period the window is assessed over and its number of whole periods, or the
    /// reason it cannot be assessed.
    pub fn period(&self) -> Result<(Period, usize), String> {
        let whole = |p: Period| self.hours / p.hours();
        if whole(Period::Week) >= 2 {
            Ok((Period::Week, whole(Period::Week)))
        } else if self.repeats_daily && whole(Period::Day) >= 2 {
            Ok((Period::Day, whole(Period::Day)))
        } else {
            let measured = span(self.hours as f64 * HOUR_MIN);
            Err(if self.repeats_daily {
                format!(
                    "needs at least two measured days (this run measures {measured} after its warm-up); lengthen the horizon"
                )
            } else {
                format!(
                    "needs at least two measured weeks (this run measures {measured} after its warm-up); lengthen the horizon"
                )
            })
        }
    }
}

/// Whether the arrival profile and the shifts of every staffed group are the same every
/// day of the week.
fn repeats_daily(scenario: &Scenario) -> bool {
    let p = &scenario.arrivals.profile;
    let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    let arrivals = (DAY_H..WEEK_H).all(|h| same(p[h], p[h % DAY_H]));
    let shifts = scenario.groups.iter().filter(|g| g.agents > 0).all(|g| {
        let inside = hours_inside(&g.shifts);
        (DAY_H..WEEK_H).all(|h| inside[h] == inside[h % DAY_H])
    });
    arrivals && shifts
}

/// What one replication's hourly series shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    /// The least-squares slope of the period-mean backlog on the period index, mentions
    /// per period.
    pub growth_per_period: f64,
    /// The smallest hourly backlog of the last measured period.
    pub min_backlog: f64,
    /// Mentions arriving in an average hour of the window.
    pub arrivals_per_h: f64,
}

/// Measures one replication's hourly series over `periods` whole periods of `period`
/// from the window's first hour; `None` when the series lacks an hour of them.
pub fn measure(
    hourly: &[HourRow],
    window: &Window,
    period: Period,
    periods: usize,
) -> Option<Measured> {
    let len = period.hours();
    let measured = len * periods;
    if periods == 0 || measured > window.hours {
        return None;
    }
    let mut backlog: Vec<Option<u64>> = vec![None; measured];
    let mut arrivals = 0u64;
    let mut hours = 0usize;
    for row in hourly {
        let Some(at) = row.hour.checked_sub(window.first_hour) else {
            continue;
        };
        if at < window.hours {
            arrivals += row.arrivals;
            hours += 1;
        }
        if let Some(slot) = backlog.get_mut(at) {
            *slot = Some(row.queue_end);
        }
    }
    let backlog: Vec<f64> = backlog
        .into_iter()
        .map(|b| b.map(|v| v as f64))
        .collect::<Option<_>>()?;
    let means: Vec<f64> = backlog
        .chunks(len)
        .map(|c| c.iter().sum::<f64>() / len as f64)
        .collect();
    let last = backlog.chunks(len).last()?;
    Some(Measured {
        growth_per_period: ols_slope(&means),
        min_backlog: last.iter().copied().fold(f64::INFINITY, f64::min),
        arrivals_per_h: arrivals as f64 / hours.max(1) as f64,
    })
}

/// The growth of the backlog per period over replications: mean and 95% CI.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Growth {
    /// Mean over replications, mentions per period.
    pub mean: f64,
    /// Lower end of the 95% Student t interval (`null` from one replication).
    pub ci95_low: Option<f64>,
    /// Upper end.
    pub ci95_high: Option<f64>,
    /// Replications measured.
    pub n: usize,
}

impl Growth {
    /// The growth from per-replication slopes (NaN slopes left out); `None` when none is
    /// defined.
    pub fn of(slopes: &[f64]) -> Option<Self> {
        let s = Summary::of(slopes);
        let finite = |x: f64| x.is_finite().then_some(x);
        (s.n > 0).then(|| Growth {
            mean: s.mean,
            ci95_low: finite(s.ci95_low),
            ci95_high: finite(s.ci95_high),
            n: s.n,
        })
    }
}

/// What the hourly series and the KPIs show, before the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The period compared over (`null` when not assessed).
    pub period: Option<Period>,
    /// Whole periods measured after the warm-up.
    pub periods_measured: usize,
    /// Growth of the period-mean backlog per period, over replications.
    pub growth_per_period: Option<Growth>,
    /// The smallest hourly backlog of the last measured period, mean over replications.
    pub min_backlog: Option<f64>,
    /// The most the smallest backlog may be for the queue to count as cleared: the
    /// mentions arriving in an average hour of the window, mean over replications.
    pub threshold: Option<f64>,
    /// Mean of [`BRANCHING_KPI`], where the run reports it.
    pub branching_ratio: Option<f64>,
}

/// The verdict of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verdict {
    /// The backlog does not grow and clears.
    Sustainable,
    /// The backlog grows, never clears, or virality sustains itself.
    Unsustainable {
        /// Each reason in plain words, with its magnitude.
        reasons: Vec<String>,
    },
    /// The run cannot say.
    NotAssessed {
        /// Why, and what it needs.
        reason: String,
    },
}

/// The sustainability of a run: its verdict and the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sustainability {
    /// The verdict (`status`, and `reasons` or `reason` in files).
    #[serde(flatten)]
    pub verdict: Verdict,
    /// The evidence.
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// About `x`, to two significant digits for larger numbers: `1987` as `2,000`, `143.2` as
/// `140`, `7.46` as `7.5`.
fn about(x: f64) -> String {
    if x.abs() < 10.0 {
        return format!("{x:.1}");
    }
    let digits = x.abs().log10().floor() as i32 - 1;
    let step = 10f64.powi(digits);
    thousands((x / step).round() * step, 0)
}

/// The verdict on `e`; `not_assessed` is why the backlog could not be measured, if it
/// could not. Virality is judged whatever the window.
pub fn verdict(e: &Evidence, not_assessed: Option<&str>) -> Verdict {
    let mut reasons = Vec::new();
    let name = e.period.map_or("period", Period::name);
    let mut untested = None;
    if let Some(g) = &e.growth_per_period {
        let per_period = e.threshold.unwrap_or(0.0) * e.period.map_or(0, Period::hours) as f64;
        match g.ci95_low {
            Some(low) if low > 0.0 && g.mean >= MIN_GROWTH_SHARE * per_period => {
                reasons.push(format!(
                    "the backlog grows by about {} mentions a {name}",
                    about(g.mean)
                ));
            }
            Some(_) => {}
            None => {
                untested = Some(
                    "the trend of the backlog needs at least two replications for its confidence interval",
                )
            }
        }
    }
    if let (Some(min), Some(threshold)) = (e.min_backlog, e.threshold) {
        if min > threshold {
            reasons.push(format!(
            "the backlog never empties: even at its quietest hour of the last measured {name}, about {} mentions wait, more than an hour of arrivals ({})",
                about(min),
                about(threshold)
            ));
        }
    }
    if let Some(b) = e.branching_ratio.filter(|b| *b >= 1.0) {
        reasons.push(format!(
            "virality is self-sustaining: each eligible mention spawns {b:.2} on average"
        ));
    }
    if !reasons.is_empty() {
        Verdict::Unsustainable { reasons }
    } else if let Some(reason) = not_assessed.or(untested) {
        Verdict::NotAssessed {
            reason: reason.to_string(),
        }
    } else {
        Verdict::Sustainable
    }
}

/// Assesses the hourly series of replications (each in hour order, as a replication
/// reports it) over `window`; `branching_ratio` is the mean of [`BRANCHING_KPI`] where
/// the run reports it.
pub fn assess_hours(
    window: &Window,
    hourly: &[&[HourRow]],
    branching_ratio: Option<f64>,
) -> Sustainability {
    let mut evidence = Evidence {
        period: None,
        periods_measured: 0,
        growth_per_period: None,
        min_backlog: None,
        threshold: None,
        branching_ratio: branching_ratio.filter(|b| b.is_finite()),
    };
    let not_assessed = match window.period() {
        Err(reason) => Some(reason),
        Ok((period, periods)) => {
            let measured: Vec<Measured> = hourly
                .iter()
                .filter_map(|h| measure(h, window, period, periods))
                .collect();
            if measured.is_empty() {
                Some("the hourly series does not cover the measured window".to_string())
            } else {
                let mean = |f: fn(&Measured) -> f64| {
                    measured.iter().map(f).sum::<f64>() / measured.len() as f64
                };
                let slopes: Vec<f64> = measured.iter().map(|m| m.growth_per_period).collect();
                evidence.period = Some(period);
                evidence.periods_measured = periods;
                evidence.growth_per_period = Growth::of(&slopes);
                evidence.min_backlog = Some(mean(|m| m.min_backlog));
                evidence.threshold = Some(mean(|m| m.arrivals_per_h));
                None
            }
        }
    };
    Sustainability {
        verdict: verdict(&evidence, not_assessed.as_deref()),
        evidence,
    }
}

/// Assesses a run of `scenario`: its replications' hourly series over the measured
/// window, and its branching ratio where it reports one.
pub fn assess(scenario: &Scenario, results: &RunResults) -> Sustainability {
    let hourly: Vec<&[HourRow]> = results
        .replications
        .iter()
        .map(|r| r.hourly.as_slice())
        .collect();
    let branching = results.kpi(BRANCHING_KPI).map(|s| s.mean);
    assess_hours(&Window::of(scenario), &hourly, branching)
}

impl Sustainability {
    /// Whether the verdict is [`Verdict::Unsustainable`].
    pub fn is_unsustainable(&self) -> bool {
        matches!(self.verdict, Verdict::Unsustainable { .. })
    }

    /// The verdict in one line of plain words, for the top of a table or a report:
    /// `unsustainable: the backlog grows by about 2,000 mentions a week; the KPIs below
    /// describe a queue that never clears`.
    pub fn headline(&self) -> String {
        let name = self.evidence.period.map_or("period", Period::name);
        match &self.verdict {
            Verdict::Sustainable => format!(
                "sustainable: the backlog does not grow {name} over {name} and clears at its quietest hour"
            ),
            Verdict::Unsustainable { reasons } => {
                let queue = reasons.iter().any(|r| !r.starts_with("virality"));
                let tail = if queue {
                    "the KPIs below describe a queue that never clears"
                } else {
                    "the KPIs below describe cascades that do not die out"
                };
                format!("unsustainable: {}; {tail}", reasons.join("; "))
            }
            Verdict::NotAssessed { reason } => format!("sustainability not assessed: {reason}"),
        }
    }

    /// The measurements behind the verdict in one line, where the backlog was measured:
    /// `backlog at the same hour of the week, week over week: +1,987 mentions a week (95%
    /// CI +1,850 to +2,124) over 3 measured weeks; quietest hour of the last week: 3,400
    /// waiting; an average hour brings 85`.
    pub fn details(&self) -> Option<String> {
        let e = &self.evidence;
        let period = e.period?;
        let name = period.name();
        let signed = |x: f64| {
            let s = thousands(x, if x.abs() < 10.0 { 1 } else { 0 });
            if s.starts_with('-') {
                s
            } else {
                format!("+{s}")
            }
        };
        let growth = match &e.growth_per_period {
            Some(g) => {
                let ci = match (g.ci95_low, g.ci95_high) {
                    (Some(l), Some(h)) => format!(" (95% CI {} to {})", signed(l), signed(h)),
                    _ => String::new(),
                };
                format!("{} mentions a {name}{ci}", signed(g.mean))
            }
            None => "n/a".to_string(),
        };
        let plural = if e.periods_measured == 1 { "" } else { "s" };
        let mut out = format!(
            "backlog at the same hour of the {name}, {name} over {name}: {growth} over {} measured {name}{plural}",
            e.periods_measured
        );
        if let (Some(min), Some(threshold)) = (e.min_backlog, e.threshold) {
            out.push_str(&format!(
                "; quietest hour of the last {name}: {} waiting; an average hour brings {}",
                thousands(min, 0),
                thousands(threshold, 0)
            ));
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests;
