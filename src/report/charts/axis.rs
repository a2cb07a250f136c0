//! Axes with ticks exactly where a chart wants them: a linear or logarithmic [`Keyed`]
//! axis, and the day-of-run ticks of the charts over time.

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

use crate::format::weekday_label;

pub(super) use crate::scenario::calendar::DAY_H;

/// A linear or logarithmic axis with ticks exactly at the given values (labels come from
/// the chart's formatter).
#[derive(Debug, Clone)]
pub(super) struct Keyed {
    lo: f64,
    hi: f64,
    keys: Vec<f64>,
    log: bool,
}

impl Keyed {
    /// A linear axis over `range` with ticks at `keys`.
    pub(super) fn linear(range: std::ops::Range<f64>, keys: Vec<f64>) -> Self {
        Keyed {
            lo: range.start,
            hi: range.end,
            keys,
            log: false,
        }
    }

    /// A logarithmic axis over `range` (both ends positive) with ticks at `keys`.
    pub(super) fn log(range: std::ops::Range<f64>, keys: Vec<f64>) -> Self {
        Keyed {
            lo: range.start,
            hi: range.end,
            keys,
            log: true,
        }
    }
}

impl Ranged for Keyed {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let (a, b, v) = if self.log {
            (self.lo.ln(), self.hi.ln(), value.ln())
        } else {
            (self.lo, self.hi, *value)
        };
        let t = if b > a { (v - a) / (b - a) } else { 0.0 };
        let px = f64::from(limit.1 - limit.0) * t;
        limit.0 + if px.is_finite() { px.round() as i32 } else { 0 }
    }

    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        let (lo, hi) = (self.lo.min(self.hi), self.lo.max(self.hi));
        self.keys
            .iter()
            .copied()
            .filter(|k| *k >= lo - 1e-9 * lo.abs().max(1.0) && *k <= hi + 1e-9 * hi.abs().max(1.0))
            .collect()
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// Day-of-run labels for an axis of `hours` hours starting on weekday `start_day`: at
/// midday of every day, or at the start of every seventh day past two weeks. Returns the
/// key points and their text.
pub(super) fn day_keys(hours: usize, start_day: usize) -> (Vec<f64>, Vec<(f64, String)>) {
    let days = hours.div_ceil(DAY_H).max(1);
    let every = if days <= 14 { 1 } else { 7 };
    let mut keys = Vec::new();
    let mut labels = Vec::new();
    for d in (0..days).step_by(every) {
        let x = (d * DAY_H) as f64 + if every == 1 { DAY_H as f64 / 2.0 } else { 0.0 };
        let label = if every == 1 {
            weekday_label(start_day + d)
        } else {
            format!("{} (day {})", weekday_label(start_day + d), d + 1)
        };
        keys.push(x);
        labels.push((x, label));
    }
    (keys, labels)
}

/// The label of the key point at `x`, or nothing between key points.
pub(super) fn label_at(labels: &[(f64, String)], x: f64) -> String {
    labels
        .iter()
        .find(|(k, _)| (k - x).abs() < 1e-6)
        .map(|(_, l)| l.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_keys_mark_middays_then_weeks() {
        let (keys, labels) = day_keys(48, 5);
        assert_eq!(keys, [12.0, 36.0]);
        assert_eq!(label_at(&labels, 36.0), "Sun");
        assert_eq!(label_at(&labels, 30.0), "");
        let (keys, labels) = day_keys(21 * 24, 0);
        assert_eq!(keys, [0.0, 168.0, 336.0]);
        assert_eq!(label_at(&labels, 168.0), "Mon (day 8)");
    }
}

/// A tick value on a numeric axis: whole numbers with thousands separators, others with
/// the fewest decimals (up to 6) that show them, so `0.30000000000000004` reads `0.3`.
pub(super) fn tick(v: f64) -> String {
    for d in 0..=6_i32 {
        let scaled = v * 10f64.powi(d);
        if (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0) {
            return if d == 0 {
                crate::format::grid_value(v.round())
            } else {
                format!("{v:.*}", d as usize)
            };
        }
    }
    format!("{v:.6}")
}

#[cfg(test)]
mod tick_tests {
    use super::tick;

    #[test]
    fn ticks_drop_binary_noise() {
        assert_eq!(tick(0.1 + 0.2), "0.3");
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(12_000.0), "12,000");
        assert_eq!(tick(-1.5), "-1.5");
    }
}
