//! A KPI of a sweep against one numeric parameter: one line per level of the other
//! parameters, each point its mean with the 95% confidence interval as an error bar.
//! The chart for a grid with one numeric parameter (and categorical ones), where a
//! heatmap would have a single row.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::Keyed;
use super::axis::tick;
use super::canvas::{
    AXIS, Chart, ChartError, Draw, DrawResult, LABEL, Mark, PLAN_COLORS, frame, legend, mesh,
    render,
};
use super::whisker;
use crate::format::short_value;
use crate::kpi::Unit;

/// One line: a level of the other parameters and its points.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSeries {
    /// Its label in the legend (`discipline=lifo`; empty when there is one line).
    pub label: String,
    /// `(x, mean, ci95_low, ci95_high)`, in any order (drawn sorted by x).
    pub points: Vec<(f64, f64, f64, f64)>,
}

/// A KPI against one numeric parameter, one line per level of the others.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepLines {
    /// Chart title.
    pub title: String,
    /// Name of the parameter on the horizontal axis.
    pub x_label: String,
    /// Name (with unit) of the KPI.
    pub y_label: String,
    /// The KPI's unit, for number formatting.
    pub value_kind: Unit,
    /// The lines.
    pub series: Vec<LineSeries>,
}

/// A KPI against one numeric parameter: lines with 95% CI error bars.
pub fn sweep_lines(data: &SweepLines, caption: String) -> Result<Chart, ChartError> {
    render("sweep-lines", &data.title, caption, data)
}

/// The smallest and largest finite values, or `None`.
fn span(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

impl Draw for SweepLines {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let named = self.series.len() > 1;
        let colour = |i: usize| PLAN_COLORS[i % PLAN_COLORS.len()];
        let mut items: Vec<(Mark, String)> = Vec::new();
        if named {
            items.extend(
                self.series
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (Mark::Line(colour(i), 4), s.label.clone())),
            );
        }
        items.push((
            Mark::Line(super::canvas::GREY, 2),
            "bar: 95% confidence interval of the mean".to_string(),
        ));
        let rows = if items.len() > 4 { 2 } else { 1 };
        let (strip, plot) = frame(root, &self.title, rows)?;
        legend(&strip, &items)?;
        let all = || self.series.iter().flat_map(|s| s.points.iter());
        let mut xs: Vec<f64> = all().map(|p| p.0).filter(|x| x.is_finite()).collect();
        xs.sort_by(f64::total_cmp);
        xs.dedup();
        let (x0, x1) = span(xs.iter().copied()).unwrap_or((0.0, 1.0));
        let xpad = if x1 > x0 { (x1 - x0) * 0.08 } else { 1.0 };
        let (y0, y1) = span(all().flat_map(|p| [p.1, p.2, p.3])).unwrap_or((0.0, 1.0));
        let ypad = if y1 > y0 {
            (y1 - y0) * 0.1
        } else {
            y0.abs().max(1e-3) * 0.1
        };
        // Whole-number parameters (head counts) get a tick at each swept value.
        let keys = if xs.len() <= 12 {
            xs.clone()
        } else {
            (0..=5)
                .map(|k| x0 + (x1 - x0) * f64::from(k) / 5.0)
                .collect()
        };
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(60)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(130)
            .build_cartesian_2d(
                Keyed::linear(x0 - xpad..x1 + xpad, keys),
                (y0 - ypad)..(y1 + ypad),
            )?;
        let kind = self.value_kind;
        mesh(&mut chart, AXIS, LABEL)
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| short_value(kind, *v, ""))
            .draw()?;
        // Lines side by side at one x are nudged apart so their error bars do not cover
        // each other.
        let n = self.series.len();
        let step = if xs.len() > 1 {
            (x1 - x0) / (xs.len() - 1) as f64
        } else {
            1.0
        };
        let nudge = step * 0.04;
        for (i, s) in self.series.iter().enumerate() {
            let c = colour(i);
            let dx = (i as f64 - (n as f64 - 1.0) / 2.0) * nudge;
            let mut pts: Vec<(f64, f64, f64, f64)> = s
                .points
                .iter()
                .copied()
                .filter(|p| p.0.is_finite() && p.1.is_finite())
                .collect();
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            chart.draw_series(std::iter::once(PathElement::new(
                pts.iter().map(|p| (p.0 + dx, p.1)).collect::<Vec<_>>(),
                c.stroke_width(4),
            )))?;
            for &(x, m, lo, hi) in &pts {
                let x = x + dx;
                if lo.is_finite() && hi.is_finite() {
                    whisker::whisker(&mut chart, true, x, lo, hi, c.stroke_width(2))?;
                }
                chart.draw_series(std::iter::once(Circle::new((x, m), 8, c.filled())))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_skips_non_finite_values() {
        assert_eq!(
            span([3.0, f64::NAN, -1.0, 2.0].into_iter()),
            Some((-1.0, 3.0))
        );
        assert_eq!(span([f64::NAN].into_iter()), None);
    }
}
