//! The backlog KPIs: how the queue at the end of each hour moves from one period to the
//! next after the warm-up, measured per replication from its hourly series. The
//! sustainability verdict ([`crate::sustain`]) is read from them, so a run, a comparison
//! and every point of a sweep are judged by the same numbers.
//!
//! - **The period** is a week when the measured window (warm-up end to horizon) holds at
//!   least two whole weeks. Otherwise it is a day when the arrival profile and the shifts
//!   are the same every day and the window holds at least two whole days. Otherwise the
//!   backlog is not measured.
//! - **The backlog** `B(p, h)` is `queue_end` at hour `h` of measured period `p`. Its
//!   growth per period is the ordinary least-squares slope of the period means
//!   `mean_h B(p, h)` on `p`.

use serde::{Deserialize, Serialize};

use super::HourRow;
use crate::scenario::Scenario;
use crate::scenario::calendar::{DAY_H, HOUR_MIN, WEEK_H, hours_inside};
use crate::stats::ols_slope;

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

    /// The period the window is assessed over and its number of whole periods; `None`
    /// when it holds fewer than two (see [`Window::repeats_daily`]).
    pub fn periods(&self) -> Option<(Period, usize)> {
        let whole = |p: Period| self.hours / p.hours();
        if whole(Period::Week) >= 2 {
            Some((Period::Week, whole(Period::Week)))
        } else if self.repeats_daily && whole(Period::Day) >= 2 {
            Some((Period::Day, whole(Period::Day)))
        } else {
            None
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

/// Measures one replication's hourly series over every whole period of `window`; `None`
/// when the window holds too few periods or the series lacks an hour of them.
pub fn measure_window(hourly: &[HourRow], window: &Window) -> Option<(Period, Measured)> {
    let (period, periods) = window.periods()?;
    measure(hourly, window, period, periods).map(|m| (period, m))
}
