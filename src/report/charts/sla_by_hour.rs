//! The SLA by hour of the week (section 6 of the model description): of the mentions
//! arriving in each of the 168 hours from Monday 00:00, the share answered and the share
//! taken within the first service-level threshold, with the spread over replications;
//! unstaffed hours shaded grey, the weekend tinted pale orange, and the service-level
//! target on that threshold, where `[targets]` sets one, as a dashed line.

use crate::kpi::Unit;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{DAY_H, Keyed, day_keys, label_at};
use super::canvas::{
    AXIS, BLUE, Chart, ChartError, Draw, DrawResult, GREEN, GREY, LABEL, Mark, VERMILION, WEEKEND,
    frame, legend, mesh, render,
};
use super::series::{Band, band_polygons, segments};
use crate::format::tick;
use crate::scenario::calendar::WEEK_H;

/// Data of the SLA by hour of the week: 168 points from Monday 00:00.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaByHour {
    /// Chart title.
    pub title: String,
    /// The service-level threshold shown ("30 min").
    pub threshold: String,
    /// Share answered (reply posted) within the threshold, by hour of arrival, with its
    /// spread.
    pub answered: Band,
    /// Share taken by an agent within the threshold (the queue wait), by hour of arrival.
    pub taken: Band,
    /// Label of the spread in the legend.
    pub spread_label: String,
    /// Hours of the week (168 flags) with no agent on shift.
    pub unstaffed: Vec<bool>,
    /// The service-level target on the threshold shown, when `[targets]` sets one: the
    /// least share answered, and its legend label (what it covers and where it must hold).
    pub target: Option<(f64, String)>,
}

/// The shares answered and taken within the first threshold by hour of the week, with the spread over
/// replications, unstaffed hours and the weekend shaded.
pub fn sla_by_hour(data: &SlaByHour, caption: String) -> Result<Chart, ChartError> {
    render("sla-by-hour", &data.title, caption, data)
}

/// The first hour of the weekend (Saturday 00:00) in hours of the week.
const WEEKEND_H: usize = 5 * DAY_H;

impl Draw for SlaByHour {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let items = vec![
            (
                Mark::Line(BLUE, 4),
                format!("answered within {} (mean)", self.threshold),
            ),
            (
                Mark::Line(GREEN, 4),
                format!("taken within {} (mean)", self.threshold),
            ),
            (Mark::Fill(BLUE.mix(0.18)), self.spread_label.clone()),
            (Mark::Fill(GREY.mix(0.3)), "no agent on shift".to_string()),
            (Mark::Fill(WEEKEND.to_rgba()), "weekend".to_string()),
        ];
        let mut items = items;
        if let Some((_, label)) = &self.target {
            items.push((Mark::Line(VERMILION, 3), label.clone()));
        }
        let (strip, plot) = frame(root, &self.title, 2)?;
        legend(&strip, &items)?;
        let week = WEEK_H as f64;
        let (keys, labels) = day_keys(WEEK_H, 0);
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(40)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(120)
            .build_cartesian_2d(Keyed::linear(0.0..week, keys), 0.0..1.02)?;
        mesh(&mut chart, AXIS, LABEL)
            .disable_x_mesh()
            .x_desc("hour of the week the mention arrived (Monday 00:00 to Sunday 24:00)")
            .x_label_formatter(&|x| label_at(&labels, *x))
            .y_desc("share of answerable mentions (%)")
            .y_label_formatter(&|v| tick(Unit::Share, *v))
            .draw()?;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(WEEKEND_H as f64, 0.0), (week, 1.0)],
            WEEKEND.filled(),
        )))?;
        let hours = self.unstaffed.len().min(WEEK_H);
        let mut h = 0;
        while h < hours {
            if self.unstaffed[h] {
                let start = h;
                while h < hours && self.unstaffed[h] {
                    h += 1;
                }
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(start as f64, 0.0), (h as f64, 1.0)],
                    GREY.mix(0.3).filled(),
                )))?;
            } else {
                h += 1;
            }
        }
        for d in 1..WEEK_H / DAY_H {
            let x = (d * DAY_H) as f64;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x, 0.0), (x, 1.0)],
                GREY.mix(0.6).stroke_width(1),
            )))?;
        }
        let xs: Vec<f64> = (0..WEEK_H).map(|h| h as f64 + 0.5).collect();
        for (band, color) in [(&self.taken, GREEN), (&self.answered, BLUE)] {
            for poly in band_polygons(&xs, &band.low, &band.high) {
                chart.draw_series(std::iter::once(Polygon::new(
                    poly,
                    color.mix(0.18).filled(),
                )))?;
            }
        }
        for (band, color) in [(&self.taken, GREEN), (&self.answered, BLUE)] {
            for seg in segments(&xs, &band.mean) {
                chart.draw_series(std::iter::once(PathElement::new(
                    seg,
                    color.stroke_width(4),
                )))?;
            }
        }
        let share = self.target.as_ref().map(|(s, _)| *s);
        if let Some(share) = share.filter(|s| (0.0..=1.0).contains(s)) {
            // Dashes of two hours, one hour apart.
            chart.draw_series((0..WEEK_H).step_by(3).map(|h| {
                PathElement::new(
                    vec![(h as f64, share), ((h + 2) as f64, share)],
                    VERMILION.stroke_width(3),
                )
            }))?;
        }
        Ok(())
    }
}
