//! The staffing gap of an optimized plan, as workforce-management tools draw it: over the
//! 168 hours of the week, the available agents the plan puts on shift against the agents
//! the hours require (the formulas' requirement and the final one after simulation), and
//! below it the gap per hour, over-staffing above the line and under-staffing below.

use crate::kpi::Unit;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{DAY_H, Keyed, day_keys, label_at};
use super::canvas::{
    AXIS, BLUE, Chart, ChartError, Draw, DrawResult, GREEN, GREY, INK, LABEL, Mark, VERMILION,
    frame, legend, mesh, render,
};
use super::series::{finite_max, headroom, steps};
use crate::format::tick;
use crate::scenario::calendar::WEEK_H;

/// Data of the staffing gap: 168 hours from Monday 00:00.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffingGap {
    /// Chart title.
    pub title: String,
    /// Available agents required by the formulas (step 1).
    pub formula_required: Vec<f64>,
    /// Available agents required after the simulation step.
    pub required: Vec<f64>,
    /// Available agents the plan puts on shift (heads on shift × (1 − shrinkage)).
    pub available: Vec<f64>,
}

/// Required against scheduled agents by hour of the week, with the gap below.
pub fn staffing_gap(data: &StaffingGap, caption: String) -> Result<Chart, ChartError> {
    render("staffing-gap", &data.title, caption, data)
}

impl Draw for StaffingGap {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let items = vec![
            (
                Mark::Fill(BLUE.mix(0.3)),
                "available agents scheduled".to_string(),
            ),
            (
                Mark::Line(INK, 4),
                "required (after simulation)".to_string(),
            ),
            (
                Mark::Line(GREY, 3),
                "required by the formulas alone".to_string(),
            ),
            (
                Mark::Fill(GREEN.mix(0.7)),
                "over: scheduled above required".to_string(),
            ),
            (
                Mark::Fill(VERMILION.mix(0.8)),
                "under: scheduled below required".to_string(),
            ),
        ];
        let (strip, plot) = frame(root, &self.title, 2)?;
        legend(&strip, &items)?;
        let (_, ph) = plot.dim_in_pixel();
        let (top, bottom) = plot.split_vertically(ph * 62 / 100);
        let week = WEEK_H as f64;
        let (keys, labels) = day_keys(WEEK_H, 0);
        let y_max = headroom(finite_max(
            self.available
                .iter()
                .chain(&self.required)
                .chain(&self.formula_required)
                .copied(),
        ));
        let mut upper = ChartBuilder::on(&top)
            .margin_left(20)
            .margin_right(40)
            .margin_top(10)
            .x_label_area_size(10)
            .y_label_area_size(120)
            .build_cartesian_2d(Keyed::linear(0.0..week, keys.clone()), 0.0..y_max)?;
        mesh(&mut upper, AXIS, LABEL)
            .disable_x_mesh()
            .x_label_formatter(&|_| String::new())
            .y_desc("available agents")
            .y_label_formatter(&|v| tick(Unit::Count, *v))
            .draw()?;
        upper.draw_series(
            self.available
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_finite())
                .map(|(h, &v)| {
                    Rectangle::new(
                        [(h as f64, 0.0), (h as f64 + 1.0, v)],
                        BLUE.mix(0.3).filled(),
                    )
                }),
        )?;
        upper.draw_series(std::iter::once(PathElement::new(
            steps(&self.formula_required),
            GREY.stroke_width(3),
        )))?;
        upper.draw_series(std::iter::once(PathElement::new(
            steps(&self.required),
            INK.stroke_width(4),
        )))?;
        day_lines(&mut upper, y_max)?;

        let gaps: Vec<f64> = self
            .available
            .iter()
            .zip(&self.required)
            .map(|(a, r)| a - r)
            .collect();
        let g = headroom(finite_max(gaps.iter().map(|g| g.abs())));
        let mut lower = ChartBuilder::on(&bottom)
            .margin_left(20)
            .margin_right(40)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(120)
            .build_cartesian_2d(Keyed::linear(0.0..week, keys), -g..g)?;
        mesh(&mut lower, AXIS, LABEL)
            .disable_x_mesh()
            .x_desc("hour of the week (Monday 00:00 to Sunday 24:00)")
            .x_label_formatter(&|x| label_at(&labels, *x))
            .y_desc("gap (agents)")
            // Whole agents only: a tick between two is left blank, not rounded to a
            // repeated "+1" or "-0".
            .y_label_formatter(&|v| {
                let r = v.round();
                if (v - r).abs() > 1e-9 {
                    String::new()
                } else if r == 0.0 {
                    "0".to_string()
                } else {
                    format!("{r:+.0}")
                }
            })
            .draw()?;
        lower.draw_series(gaps.iter().enumerate().filter(|(_, v)| v.is_finite()).map(
            |(h, &v)| {
                let color = if v >= 0.0 {
                    GREEN.mix(0.7)
                } else {
                    VERMILION.mix(0.8)
                };
                Rectangle::new([(h as f64 + 0.1, 0.0), (h as f64 + 0.9, v)], color.filled())
            },
        ))?;
        lower.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (week, 0.0)],
            INK.stroke_width(2),
        )))?;
        day_lines(&mut lower, g)?;
        Ok(())
    }
}

/// Thin lines at each midnight.
fn day_lines<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<Keyed, plotters::coord::types::RangedCoordf64>>,
    y: f64,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    for d in 1..WEEK_H / DAY_H {
        let x = (d * DAY_H) as f64;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, -y), (x, y)],
            GREY.mix(0.5).stroke_width(1),
        )))?;
    }
    Ok(())
}
