//! The observed first-response times of `carecast fit` against a simulation of the fitted
//! scenario: the cumulative distributions of the answered mentions' first replies on a
//! log time axis, the history's as a line, the simulated mean as a line with the 95%
//! range of one simulated history shaded.

use crate::kpi::Unit;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::Keyed;
use super::canvas::{
    AXIS, BLUE, Chart, ChartError, Draw, DrawResult, LABEL, Mark, VERMILION, frame, legend, mesh,
    render,
};
use super::series::{Band, band_polygons, segments};
use crate::format::{human_minutes, tick};

/// Data of the observed against the simulated first-response times.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseFit {
    /// Chart title.
    pub title: String,
    /// Time grid, minutes (increasing, positive).
    pub minutes: Vec<f64>,
    /// Share of the answered mentions answered within each time, in the history.
    pub observed: Vec<f64>,
    /// The same, simulated: mean and the 95% range of one simulated history.
    pub simulated: Band,
}

/// The observed first-response distribution against the simulated one.
pub fn response_fit(data: &ResponseFit, caption: String) -> Result<Chart, ChartError> {
    render("response-fit", &data.title, caption, data)
}

/// Ticks of the time axis, minutes.
const TIME_KEYS: [f64; 10] = [
    1.0, 5.0, 15.0, 30.0, 60.0, 240.0, 480.0, 1440.0, 4320.0, 14_400.0,
];

impl Draw for ResponseFit {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let items = vec![
            (
                Mark::Line(VERMILION, 4),
                "observed (the history)".to_string(),
            ),
            (Mark::Line(BLUE, 4), "simulated (mean)".to_string()),
            (
                Mark::Fill(BLUE.mix(0.18)),
                "simulated: 95% range of one history".to_string(),
            ),
        ];
        let (strip, plot) = frame(root, &self.title, 1)?;
        legend(&strip, &items)?;
        let (lo, hi) = (1.0, 14_400.0);
        let keep: Vec<usize> = (0..self.minutes.len())
            .filter(|&i| self.minutes[i] >= lo * 0.999 && self.minutes[i] <= hi * 1.001)
            .collect();
        let pick = |v: &[f64]| {
            keep.iter()
                .map(|&i| v.get(i).copied().unwrap_or(f64::NAN))
                .collect::<Vec<_>>()
        };
        let xs = pick(&self.minutes);
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(60)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(120)
            .build_cartesian_2d(Keyed::log(lo..hi, TIME_KEYS.to_vec()), 0.0..1.0)?;
        mesh(&mut chart, AXIS, LABEL)
            .x_desc("time from the mention to its first reply (log scale)")
            .x_label_formatter(&|m| human_minutes(*m))
            .y_desc("share of the answered mentions (%)")
            .y_label_formatter(&|v| tick(Unit::Share, *v))
            .draw()?;
        for poly in band_polygons(&xs, &pick(&self.simulated.low), &pick(&self.simulated.high)) {
            chart.draw_series(std::iter::once(Polygon::new(poly, BLUE.mix(0.18).filled())))?;
        }
        for seg in segments(&xs, &pick(&self.simulated.mean)) {
            chart.draw_series(std::iter::once(PathElement::new(seg, BLUE.stroke_width(4))))?;
        }
        for seg in segments(&xs, &pick(&self.observed)) {
            chart.draw_series(std::iter::once(PathElement::new(
                seg,
                VERMILION.stroke_width(4),
            )))?;
        }
        Ok(())
    }
}
