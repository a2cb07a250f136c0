//! The plans' week views overlaid, for the comparison report: hour by hour over the run,
//! the paid agents on shift of every plan above and the mentions waiting of every plan
//! below, one line per plan in its colour, the warm-up shaded. Arrivals are left out:
//! under common random numbers the plans see the same mentions, so it is the staffing and
//! the queue it leaves that tell them apart.

use crate::kpi::Unit;
use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{DAY_H, Keyed, day_keys, label_at};
use super::canvas::{
    AXIS, Chart, ChartError, Draw, DrawResult, GREY, LABEL, Mark, NOTE, bold, frame, legend, mesh,
    plan_color, render,
};
use super::series::{finite_max, headroom, segments, steps};
use crate::format::tick;

/// One plan's hourly series in the overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlayPlan {
    /// Plan name.
    pub name: String,
    /// Paid agents on shift per hour of the run (time average, mean over replications).
    pub agents_on_shift: Vec<f64>,
    /// Mentions waiting for an agent per hour of the run (time average, mean over
    /// replications).
    pub queue: Vec<f64>,
}

/// Data of the week overlay: every plan's agents on shift and queue, hour by hour.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekOverlay {
    /// Chart title.
    pub title: String,
    /// Weekday of hour 0 (0 = Monday).
    pub start_day: usize,
    /// The plans, the baseline first; plan *i* takes the *i*-th plan colour, as in the
    /// plan comparison.
    pub plans: Vec<OverlayPlan>,
    /// Warm-up excluded from the KPIs, hours (shaded when positive).
    pub warmup_h: f64,
    /// How the hourly values were averaged, for the legend ("mean of 20 replications").
    pub mean_label: String,
}

/// The plans' week views overlaid: agents on shift above, mentions waiting below, one
/// line per plan.
pub fn week_overlay(data: &WeekOverlay, caption: String) -> Result<Chart, ChartError> {
    render("week-overlay", &data.title, caption, data)
}

/// Coordinates of a panel over the hours of the run.
type Panel<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<Keyed, plotters::coord::types::RangedCoordf64>>;

/// The axes of the lower panel of a chart over the hours of the run: mentions waiting
/// up to `q_max` against the days of the run (`keys` and their `labels`), the x axis
/// titled `x_desc`, `margin_right` pixels free on the right.
pub(super) fn queue_axes<'a, DB: DrawingBackend>(
    bottom: &'a DrawingArea<DB, Shift>,
    (x_end, q_max): (f64, f64),
    (keys, labels): (Vec<f64>, &[(f64, String)]),
    margin_right: u32,
    x_desc: String,
) -> Result<Panel<'a, DB>, Box<dyn std::error::Error + Send + Sync>>
where
    DB::ErrorType: 'static,
{
    let mut lower = ChartBuilder::on(bottom)
        .margin_left(20)
        .margin_right(margin_right)
        .margin_bottom(10)
        .x_label_area_size(80)
        .y_label_area_size(110)
        .build_cartesian_2d(Keyed::linear(0.0..x_end, keys), 0.0..q_max)?;
    mesh(&mut lower, AXIS, LABEL)
        .disable_x_mesh()
        .x_desc(x_desc)
        .x_label_formatter(&|x| label_at(labels, *x))
        .y_desc("mentions waiting")
        .y_label_formatter(&|v| tick(Unit::Count, *v))
        .draw()?;
    Ok(lower)
}

/// The backdrop of a panel over the hours of the run: the warm-up shaded grey (labelled
/// when `label` is set) and a thin line between days.
pub(super) fn backdrop<DB: DrawingBackend>(
    chart: &mut Panel<'_, DB>,
    warmup_h: f64,
    x_end: f64,
    y_max: f64,
    label: bool,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    if warmup_h > 0.0 {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, 0.0), (warmup_h.min(x_end), y_max)],
            GREY.mix(0.2).filled(),
        )))?;
        if label {
            chart.draw_series(std::iter::once(Text::new(
                "warm-up: not measured",
                // From the left edge: a short warm-up is narrower than its label,
                // which must not run into the axis.
                (x_end * 0.005, y_max * 0.99),
                bold(NOTE).color(&GREY).pos(Pos::new(HPos::Left, VPos::Top)),
            )))?;
        }
    }
    let days = (x_end as usize).div_ceil(DAY_H);
    for d in 1..days {
        let x = (d * DAY_H) as f64;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, 0.0), (x, y_max)],
            GREY.mix(0.5).stroke_width(1),
        )))?;
    }
    Ok(())
}

impl Draw for WeekOverlay {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let mut items: Vec<(Mark, String)> = self
            .plans
            .iter()
            .enumerate()
            .map(|(i, p)| (Mark::Line(plan_color(i), 4), p.name.clone()))
            .collect();
        if self.warmup_h > 0.0 {
            items.push((
                Mark::Fill(GREY.mix(0.2)),
                "warm-up (not in the KPIs)".to_string(),
            ));
        }
        let rows = if items.len() > 5 { 2 } else { 1 };
        let (strip, plot) = frame(root, &self.title, rows)?;
        legend(&strip, &items)?;
        let (_, ph) = plot.dim_in_pixel();
        let (top, bottom) = plot.split_vertically(ph * 45 / 100);
        let hours = self
            .plans
            .iter()
            .map(|p| p.agents_on_shift.len().max(p.queue.len()))
            .max()
            .unwrap_or(0)
            .max(1);
        let x_end = hours as f64;
        let (keys, labels) = day_keys(hours, self.start_day);

        let a_max = headroom(finite_max(
            self.plans
                .iter()
                .flat_map(|p| p.agents_on_shift.iter().copied()),
        ));
        let mut upper = ChartBuilder::on(&top)
            .margin_left(20)
            .margin_right(40)
            .margin_top(10)
            .x_label_area_size(10)
            .y_label_area_size(110)
            .build_cartesian_2d(Keyed::linear(0.0..x_end, keys.clone()), 0.0..a_max)?;
        mesh(&mut upper, AXIS, LABEL)
            .disable_x_mesh()
            .x_label_formatter(&|_| String::new())
            .y_desc("agents on shift")
            .y_label_formatter(&|v| tick(Unit::Count, *v))
            .draw()?;
        backdrop(&mut upper, self.warmup_h, x_end, a_max, true)?;
        // The baseline last, on top.
        for (i, p) in self.plans.iter().enumerate().rev() {
            upper.draw_series(std::iter::once(PathElement::new(
                steps(&p.agents_on_shift),
                plan_color(i).stroke_width(if i == 0 { 4 } else { 3 }),
            )))?;
        }

        let q_max = headroom(finite_max(
            self.plans.iter().flat_map(|p| p.queue.iter().copied()),
        ));
        let mut lower = queue_axes(
            &bottom,
            (x_end, q_max),
            (keys, &labels),
            40,
            format!("day of the run (one step per hour; {})", self.mean_label),
        )?;
        backdrop(&mut lower, self.warmup_h, x_end, q_max, false)?;
        for (i, p) in self.plans.iter().enumerate().rev() {
            let xs: Vec<f64> = (0..p.queue.len()).map(|h| h as f64 + 0.5).collect();
            for seg in segments(&xs, &p.queue) {
                lower.draw_series(std::iter::once(PathElement::new(
                    seg,
                    plan_color(i).stroke_width(if i == 0 { 4 } else { 3 }),
                )))?;
            }
        }
        Ok(())
    }
}
