//! Sustainability: whether a plan's queue clears, or grows without end.
//!
//! KPIs measured over a finite horizon describe whatever the queue did in it. When the
//! agents cannot keep up, the backlog grows from week to week and every KPI depends on how
//! long the run was: the numbers describe a queue that never clears. Every run is
//! therefore assessed here before its KPIs are read. The measurements are the backlog
//! KPIs of each replication ([`crate::kpi::backlog`], [`BACKLOG_KPIS`]), so a run, a
//! comparison plan and a sweep point known only by its KPI summaries
//! ([`assess_kpis`]) are judged by the same numbers.
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
//! the run's table, `summary.json`, the report, each plan of a comparison and each point
//! of a sweep carry it.
//!
//! The test of a trend in the period means of a steady-state output follows the
//! initial-transient and stationarity checks of Law & Kelton, *Simulation Modeling and
//! Analysis*, ch. 9 (Welch's procedure compares the same observation across
//! replications; here the same hour across periods).

use serde::{Deserialize, Serialize};

use crate::experiment::RunResults;
use crate::format::{span, thousands};
use crate::kpi::HourRow;
pub use crate::kpi::backlog::{Measured, Period, Window, measure, measure_window};
use crate::scenario::Scenario;
use crate::scenario::calendar::HOUR_MIN;
use crate::stats::Summary;

/// The KPI read for the virality check: spawned mentions per virality-eligible mention
/// of the measured cohort. Runs that do not report it skip the check.
pub const BRANCHING_KPI: &str = "branching_ratio";

/// The smallest growth per period counted as growth, as a share of the mentions arriving
/// in a period. Below it, an interval above zero is a drift too small to matter (and, in
/// a stable queue, the one time in forty that a 95% interval misses zero on that side).
pub const MIN_GROWTH_SHARE: f64 = 0.001;

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
    if let (Some(min), Some(threshold)) = (e.min_backlog, e.threshold)
        && min > threshold
    {
        reasons.push(format!(
            "the backlog never empties: even at its quietest hour of the last measured {name}, about {} mentions wait, more than an hour of arrivals ({})",
            about(min),
            about(threshold)
        ));
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

impl Window {
    /// The period the window is assessed over and its number of whole periods, or the
    /// reason it cannot be assessed.
    pub fn period(&self) -> Result<(Period, usize), String> {
        self.periods().ok_or_else(|| {
            let measured = span(self.hours as f64 * HOUR_MIN);
            let unit = if self.repeats_daily { "days" } else { "weeks" };
            format!(
                "needs at least two measured {unit} (this run measures {measured} after its warm-up); lengthen the horizon"
            )
        })
    }
}

/// The KPI names of the backlog measures ([`crate::kpi::backlog`]): growth per period,
/// quietest backlog of the last period, arrivals per hour, period length in hours.
pub const BACKLOG_KPIS: [&str; 4] = [
    "backlog_growth",
    "backlog_quietest",
    "arrivals_per_h",
    "backlog_period_h",
];

/// The backlog measures of a run over its replications, one summary each, in the order
/// of [`BACKLOG_KPIS`].
type Backlog = [Summary; 4];

/// The verdict on the backlog summaries `b` over `period` (its kind and number of whole
/// periods measured, or why there is none), with the mean branching ratio.
fn judge(
    period: Result<(Period, usize), String>,
    b: Option<&Backlog>,
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
    let measured = b.filter(|b| b[0].n > 0);
    let not_assessed = match (period, measured) {
        (Err(reason), _) => Some(reason),
        (Ok(_), None) => Some("the hourly series does not cover the measured window".to_string()),
        (Ok((period, periods)), Some([growth, quietest, arrivals, _])) => {
            let finite = |x: f64| x.is_finite().then_some(x);
            evidence.period = Some(period);
            evidence.periods_measured = periods;
            evidence.growth_per_period = Some(Growth {
                mean: growth.mean,
                ci95_low: finite(growth.ci95_low),
                ci95_high: finite(growth.ci95_high),
                n: growth.n,
            });
            evidence.min_backlog = finite(quietest.mean);
            evidence.threshold = finite(arrivals.mean);
            None
        }
    };
    Sustainability {
        verdict: verdict(&evidence, not_assessed.as_deref()),
        evidence,
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
    let measured: Vec<Measured> = hourly
        .iter()
        .filter_map(|h| measure_window(h, window).map(|(_, m)| m))
        .collect();
    let of = |f: fn(&Measured) -> f64| Summary::of(&measured.iter().map(f).collect::<Vec<_>>());
    let backlog = [
        of(|m| m.growth_per_period),
        of(|m| m.min_backlog),
        of(|m| m.arrivals_per_h),
        Summary::of(&[]),
    ];
    judge(window.period(), Some(&backlog), branching_ratio)
}

/// The backlog summaries of a run's KPIs, when it reports them.
fn backlog_of(kpi: impl Fn(&str) -> Option<Summary>) -> Option<Backlog> {
    let [g, q, a, p] = BACKLOG_KPIS.map(&kpi);
    Some([g?, q?, a?, p?])
}

/// Assesses a run of `scenario` from its backlog KPIs over the measured window, and its
/// branching ratio where it reports one.
///
/// A run with an overloaded replication (more mentions in the system than
/// `limits.max_in_system`) is unsustainable, whatever its window.
pub fn assess(scenario: &Scenario, results: &RunResults) -> Sustainability {
    let backlog = backlog_of(|name| results.kpi(name).cloned());
    let branching = results.kpi(BRANCHING_KPI).map(|s| s.mean);
    let mut s = judge(Window::of(scenario).period(), backlog.as_ref(), branching);
    if let Some(o) = &results.overloaded {
        s.verdict = Verdict::Unsustainable {
            reasons: vec![format!(
                "more than {} mentions were in the system at once in {} of {} replications (overloaded)",
                crate::format::thousands(o.max_in_system as f64, 0),
                o.replications,
                results.replication_count
            )],
        };
    }
    s
}

/// Assesses a run known only by its KPI summaries (`kpi(name)`), as a sweep point is: the
/// period comes from `backlog_period_h`, the number of periods measured is not known (0).
pub fn assess_kpis(kpi: impl Fn(&str) -> Option<Summary>) -> Sustainability {
    let backlog = backlog_of(&kpi);
    let period = match backlog.as_ref().map(|b| b[3].mean) {
        Some(h) if h == Period::Week.hours() as f64 => Ok((Period::Week, 0)),
        Some(h) if h == Period::Day.hours() as f64 => Ok((Period::Day, 0)),
        _ => Err("the measured window holds fewer than two whole weeks (or days, for a scenario that repeats daily)".to_string()),
    };
    let branching = kpi(BRANCHING_KPI).map(|s| s.mean);
    judge(period, backlog.as_ref(), branching)
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
