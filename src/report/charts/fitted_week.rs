//! The fitted week of `carecast fit`: the 168 multipliers of the weekly profile as fitted
//! (a line) with their 95% band (shaded), over the multipliers observed hour by hour of
//! the week (dots), incidents left out.

use crate::kpi::Unit;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{Keyed, day_keys, label_at};
use super::canvas::{
    AXIS, BLUE, Chart, ChartError, Draw, DrawResult, LABEL, Mark, VERMILION, frame, legend, mesh,
    render,
};
use super::series::{Band, band_polygons, finite_max, headroom, segments};
use crate::format::tick;

/// Data of the fitted week: per hour of the week from Monday 00:00.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedWeek {
    /// Chart title.
    pub title: String,
    /// The fitted multipliers with their 95% band.
    pub fitted: Band,
    /// The observed multipliers (mean count of the hour over the mean rate).
    pub observed: Vec<f64>,
}

/// The fitted weekly profile with its band over the observed hours of the week.
pub fn fitted_week(data: &FittedWeek, caption: String) -> Result<Chart, ChartError> {
    render("fitted-week", &data.title, caption, data)
}

impl Draw for FittedWeek {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let items = vec![
            (Mark::Dot(VERMILION), "observed".to_string()),
            (Mark::Line(BLUE, 4), "fitted".to_string()),
            (Mark::Fill(BLUE.mix(0.2)), "fitted: 95% band".to_string()),
        ];
        let (strip, plot) = frame(root, &self.title, 1)?;
        legend(&strip, &items)?;
        let hours = self.fitted.mean.len().max(1);
        let (keys, labels) = day_keys(hours, 0);
        let top = headroom(finite_max(
            self.fitted.high.iter().chain(&self.observed).copied(),
        ));
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(40)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(110)
            .build_cartesian_2d(Keyed::linear(0.0..hours as f64, keys), 0.0..top)?;
        mesh(&mut chart, AXIS, LABEL)
            .disable_x_mesh()
            .x_desc("hour of the week")
            .x_label_formatter(&|x| label_at(&labels, *x))
            .y_desc("multiplier of the mean rate")
            .y_label_formatter(&|v| format!("x{}", tick(Unit::Count, *v)))
            .draw()?;
        let xs: Vec<f64> = (0..hours).map(|h| h as f64 + 0.5).collect();
        for poly in band_polygons(&xs, &self.fitted.low, &self.fitted.high) {
            chart.draw_series(std::iter::once(Polygon::new(poly, BLUE.mix(0.2).filled())))?;
        }
        for seg in segments(&xs, &self.fitted.mean) {
            chart.draw_series(std::iter::once(PathElement::new(seg, BLUE.stroke_width(4))))?;
        }
        chart.draw_series(
            xs.iter()
                .zip(&self.observed)
                .filter(|(_, y)| y.is_finite())
                .map(|(&x, &y)| Circle::new((x, y), 4, VERMILION.filled())),
        )?;
        Ok(())
    }
}
