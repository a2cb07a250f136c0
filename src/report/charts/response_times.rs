//! First-response times against customers' expectations (section 6 of the model
//! description): the share of mentions answered within a time against the share of
//! customers expecting a reply within it, on a log time axis, with the crossings marked.

use crate::kpi::Unit;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::Keyed;
use super::canvas::{
    AXIS, BLUE, Chart, ChartError, Draw, DrawResult, INK, LABEL, Mark, VERMILION, bold, frame,
    legend, mesh, render,
};
use super::series::{Band, band_polygons, segments};
use crate::format::{human_minutes, pct_whole, tick};

/// Data of the first-response time distribution against customers' expectations.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseCdf {
    /// Chart title.
    pub title: String,
    /// Time grid, minutes (increasing, positive).
    pub minutes: Vec<f64>,
    /// Share answered within each time, with its spread over replications.
    pub answered: Band,
    /// Share of customers expecting a reply within each time.
    pub expected: Vec<f64>,
    /// Label of the spread in the legend.
    pub spread_label: String,
}

/// Where two curves on a common grid cross: `(minutes, share)` points, interpolated
/// linearly in log time. Points where either curve is undefined are skipped.
pub fn crossings(minutes: &[f64], a: &[f64], b: &[f64]) -> Vec<(f64, f64)> {
    let pts: Vec<(f64, f64, f64)> = minutes
        .iter()
        .zip(a)
        .zip(b)
        .filter(|((m, x), y)| **m > 0.0 && x.is_finite() && y.is_finite())
        .map(|((m, x), y)| (*m, *x, *y))
        .collect();
    let mut out = Vec::new();
    for w in pts.windows(2) {
        let (m0, a0, b0) = w[0];
        let (m1, a1, b1) = w[1];
        let (d0, d1) = (a0 - b0, a1 - b1);
        if d0 == 0.0 {
            if out.last().is_none_or(|&(m, _)| m != m0) && d1 != 0.0 {
                out.push((m0, a0));
            }
            continue;
        }
        if d0 * d1 < 0.0 {
            let t = d0 / (d0 - d1);
            let m = (m0.ln() + t * (m1.ln() - m0.ln())).exp();
            out.push((m, a0 + t * (a1 - a0)));
        }
    }
    out
}

/// The CDF of first-response times against the CDF of customers' expectations, on a log
/// time axis, with the crossings marked.
pub fn response_cdf(data: &ResponseCdf, caption: String) -> Result<Chart, ChartError> {
    render("response-times", &data.title, caption, data)
}

/// Ticks of the time axis, minutes: from 6 seconds to 10 days.
const TIME_KEYS: [f64; 11] = [
    0.1, 1.0, 5.0, 15.0, 30.0, 60.0, 240.0, 480.0, 1440.0, 4320.0, 14_400.0,
];

impl Draw for ResponseCdf {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let items = vec![
            (
                Mark::Line(BLUE, 4),
                "answered within the time (mean)".to_string(),
            ),
            (Mark::Fill(BLUE.mix(0.18)), self.spread_label.clone()),
            (
                Mark::Line(VERMILION, 4),
                "customers expecting a reply within the time".to_string(),
            ),
            (Mark::Dot(INK), "where the curves cross".to_string()),
        ];
        let (strip, plot) = frame(root, &self.title, 2)?;
        legend(&strip, &items)?;
        let lo = self
            .minutes
            .iter()
            .copied()
            .filter(|m| *m > 0.0)
            .fold(f64::INFINITY, f64::min);
        let hi = self.minutes.iter().copied().fold(0.0, f64::max);
        let (lo, hi) = if lo.is_finite() && hi > lo {
            (lo, hi)
        } else {
            (0.1, 14_400.0)
        };
        let keys: Vec<f64> = TIME_KEYS
            .into_iter()
            .filter(|k| *k >= lo * 0.999 && *k <= hi * 1.001)
            .collect();
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(60)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(120)
            .build_cartesian_2d(Keyed::log(lo..hi, keys), 0.0..1.0)?;
        mesh(&mut chart, AXIS, LABEL)
            .x_desc("time since the mention arrived (log scale)")
            .x_label_formatter(&|m| human_minutes(*m))
            .y_desc("share of mentions / customers (%)")
            .y_label_formatter(&|v| tick(Unit::Share, *v))
            .draw()?;
        for poly in band_polygons(&self.minutes, &self.answered.low, &self.answered.high) {
            chart.draw_series(std::iter::once(Polygon::new(poly, BLUE.mix(0.18).filled())))?;
        }
        for seg in segments(&self.minutes, &self.expected) {
            chart.draw_series(std::iter::once(PathElement::new(
                seg,
                VERMILION.stroke_width(4),
            )))?;
        }
        for seg in segments(&self.minutes, &self.answered.mean) {
            chart.draw_series(std::iter::once(PathElement::new(seg, BLUE.stroke_width(4))))?;
        }
        for (m, y) in crossings(&self.minutes, &self.answered.mean, &self.expected) {
            chart.draw_series(std::iter::once(Circle::new((m, y), 10, INK.filled())))?;
            let above = y < 0.8;
            chart.draw_series(std::iter::once(Text::new(
                format!("{} · {}", human_minutes(m), pct_whole(y)),
                (m, if above { y + 0.04 } else { y - 0.04 }),
                bold(LABEL).pos(Pos::new(
                    HPos::Right,
                    if above { VPos::Bottom } else { VPos::Top },
                )),
            )))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossings_interpolate_in_log_time() {
        let m = [1.0, 10.0, 100.0];
        let a = [0.0, 0.2, 0.6];
        let b = [0.1, 0.3, 0.4];
        let c = crossings(&m, &a, &b);
        assert_eq!(c.len(), 1);
        // d goes from -0.1 to +0.2 between 10 and 100: a third of the way in log time.
        assert!((c[0].0 - 10f64.powf(1.0 + 1.0 / 3.0)).abs() < 1e-9);
        assert!((c[0].1 - (0.2 + 0.4 / 3.0)).abs() < 1e-12);
        assert!(crossings(&m, &b, &b).is_empty() || crossings(&m, &b, &b).len() <= 1);
    }
}
