//! The week view (section 6 of the model description, "Charts for planning"): mentions
//! arriving per hour against the agents on shift, on two axes, above the queue with its
//! spread over replications; incidents and the warm-up shaded.

use crate::kpi::Unit;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{Keyed, day_keys};
use super::canvas::{
    AXIS, BLUE, Chart, ChartError, Draw, DrawResult, GREY, LABEL, Mark, NOTE, ORANGE, PURPLE,
    VERMILION, bold, frame, legend, mesh, render, text,
};
use super::series::{Band, band_polygons, finite_max, headroom, segments, steps};
use super::week_overlay::{backdrop, queue_axes};
use crate::format::tick;

/// A labelled time window, in hours from the start of the run.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// Label drawn at the window.
    pub label: String,
    /// Start, hours from the start of the run.
    pub start_h: f64,
    /// End, hours from the start of the run.
    pub end_h: f64,
}

/// Data of the week view: hourly arrivals, agents on shift and the queue over the run.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekView {
    /// Chart title.
    pub title: String,
    /// Weekday of hour 0 (0 = Monday).
    pub start_day: usize,
    /// Mentions arriving per hour (mean over replications), one value per hour of the run.
    pub arrivals: Vec<f64>,
    /// Paid agents on shift per hour (time average, mean over replications).
    pub agents_on_shift: Vec<f64>,
    /// Mentions waiting for an agent (time average per hour) with its spread.
    pub queue: Band,
    /// Label of the queue's spread in the legend, e.g. "10th-90th percentile".
    pub spread_label: String,
    /// Incident windows, shaded.
    pub incidents: Vec<Window>,
    /// Warm-up excluded from the KPIs, hours (shaded when positive).
    pub warmup_h: f64,
}

/// The week view: arrivals per hour against agents on shift (two axes) above the queue
/// length, with incidents and the warm-up shaded.
pub fn week_view(data: &WeekView, caption: String) -> Result<Chart, ChartError> {
    render("week-view", &data.title, caption, data)
}

impl WeekView {
    /// The legend entries: the three series, the spread, and the shadings shown.
    fn legend_items(&self) -> Vec<(Mark, String)> {
        let mut items = vec![
            (
                Mark::Fill(BLUE.mix(0.25)),
                "mentions arriving per hour (left axis)".to_string(),
            ),
            (
                Mark::Line(ORANGE, 4),
                "agents on shift (right axis)".to_string(),
            ),
            (
                Mark::Line(VERMILION, 3),
                "mentions waiting (mean)".to_string(),
            ),
            (
                Mark::Fill(VERMILION.mix(0.2)),
                format!("waiting: {}", self.spread_label),
            ),
        ];
        if !self.incidents.is_empty() {
            items.push((Mark::Fill(PURPLE.mix(0.25)), "incident".to_string()));
        }
        if self.warmup_h > 0.0 {
            items.push((
                Mark::Fill(GREY.mix(0.2)),
                "warm-up (not in the KPIs)".to_string(),
            ));
        }
        items
    }
}

impl Draw for WeekView {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let hours = self.arrivals.len().max(self.agents_on_shift.len()).max(1);
        let (strip, plot) = frame(root, &self.title, 2)?;
        legend(&strip, &self.legend_items())?;
        let (_, ph) = plot.dim_in_pixel();
        let (top, bottom) = plot.split_vertically(ph * 56 / 100);

        let x_end = hours as f64;
        let (keys, labels) = day_keys(hours, self.start_day);
        let y1 = headroom(finite_max(self.arrivals.iter().copied()));
        let y2 = headroom(finite_max(self.agents_on_shift.iter().copied()));
        let mut upper = ChartBuilder::on(&top)
            .margin_left(20)
            .margin_right(20)
            .margin_top(10)
            .x_label_area_size(10)
            .y_label_area_size(110)
            .right_y_label_area_size(110)
            .build_cartesian_2d(Keyed::linear(0.0..x_end, keys.clone()), 0.0..y1)?
            .set_secondary_coord(Keyed::linear(0.0..x_end, keys.clone()), 0.0..y2);
        mesh(&mut upper, AXIS, LABEL)
            .disable_x_mesh()
            .x_label_formatter(&|_| String::new())
            .y_desc("mentions per hour")
            .y_label_formatter(&|v| tick(Unit::Count, *v))
            .draw()?;
        upper
            .configure_secondary_axes()
            .y_desc("agents on shift")
            .y_label_formatter(&|v| tick(Unit::Count, *v))
            .axis_desc_style(text(AXIS).color(&ORANGE))
            .label_style(text(LABEL))
            .draw()?;
        // Shading first, then series on top.
        backdrop(&mut upper, self.warmup_h, x_end, y1, true)?;
        for inc in &self.incidents {
            let (s, e) = (inc.start_h.max(0.0), inc.end_h.min(x_end));
            if e <= s {
                continue;
            }
            upper.draw_series(std::iter::once(Rectangle::new(
                [(s, 0.0), (e, y1)],
                PURPLE.mix(0.25).filled(),
            )))?;
            upper.draw_series(std::iter::once(Text::new(
                inc.label.clone(),
                (e, y1 * 0.97),
                bold(NOTE)
                    .color(&PURPLE)
                    .pos(Pos::new(HPos::Left, VPos::Top)),
            )))?;
        }
        let arr = steps(&self.arrivals);
        upper.draw_series(std::iter::once(Polygon::new(
            {
                let mut p = arr.clone();
                if let (Some(&(x0, _)), Some(&(x1, _))) = (arr.first(), arr.last()) {
                    p.push((x1, 0.0));
                    p.push((x0, 0.0));
                }
                p
            },
            BLUE.mix(0.25).filled(),
        )))?;
        upper.draw_series(std::iter::once(PathElement::new(arr, BLUE.stroke_width(2))))?;
        upper.draw_secondary_series(std::iter::once(PathElement::new(
            steps(&self.agents_on_shift),
            ORANGE.stroke_width(4),
        )))?;

        let q_max = headroom(finite_max(
            self.queue.high.iter().chain(&self.queue.mean).copied(),
        ));
        let mut lower = queue_axes(
            &bottom,
            (x_end, q_max),
            (keys, &labels),
            130,
            "day of the run (one step per hour)".to_string(),
        )?;
        backdrop(&mut lower, self.warmup_h, x_end, q_max, false)?;
        for inc in &self.incidents {
            let (s, e) = (inc.start_h.max(0.0), inc.end_h.min(x_end));
            if e > s {
                lower.draw_series(std::iter::once(Rectangle::new(
                    [(s, 0.0), (e, q_max)],
                    PURPLE.mix(0.25).filled(),
                )))?;
            }
        }
        let xs: Vec<f64> = (0..self.queue.mean.len()).map(|h| h as f64 + 0.5).collect();
        for poly in band_polygons(&xs, &self.queue.low, &self.queue.high) {
            lower.draw_series(std::iter::once(Polygon::new(
                poly,
                VERMILION.mix(0.2).filled(),
            )))?;
        }
        for seg in segments(&xs, &self.queue.mean) {
            lower.draw_series(std::iter::once(PathElement::new(
                seg,
                VERMILION.stroke_width(3),
            )))?;
        }
        Ok(())
    }
}
