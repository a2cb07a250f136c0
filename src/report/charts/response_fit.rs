//! The observed first-response times of `carecast fit` against a simulation of the fitted
//! scenario: the cumulative distributions of the answered mentions' first replies on a
//! log time axis, the history's as a line, the simulated mean as a line with the 95%
//! range of one simulated history shaded.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::canvas::{
    BLUE, Chart, ChartError, Draw, DrawResult, Mark, VERMILION, frame, legend, render,
};
use super::response_times::{draw_band, draw_line, time_axes};
use super::series::Band;

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
        let mut chart = time_axes(
            &plot,
            &self.minutes,
            "time from the mention to its first reply (log scale)",
            "share of the answered mentions (%)",
        )?;
        draw_band(&mut chart, &self.minutes, &self.simulated, BLUE, 0.18)?;
        draw_line(&mut chart, &self.minutes, &self.simulated.mean, BLUE)?;
        draw_line(&mut chart, &self.minutes, &self.observed, VERMILION)?;
        Ok(())
    }
}
