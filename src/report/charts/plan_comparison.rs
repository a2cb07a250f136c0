//! The plan comparison: KPIs side by side, one panel per KPI and one bar per plan, with
//! the 95% confidence interval of each mean as an error bar (Student t over replications).

use crate::format::{Money, axis_unit};
use crate::kpi::Unit;
use crate::kpi::label_of;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::canvas::{
    AXIS, Chart, ChartError, Draw, DrawResult, INK, LABEL, Mark, PANEL_TITLE, PLAN_COLORS, bold,
    frame, legend, mesh, render, text,
};
use crate::format::{short_value, tick};
use crate::kpi::unit_of;

/// One KPI estimated for several plans: `(plan name, mean, ci_low, ci_high)` each.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiEstimates {
    /// KPI name (e.g. `answered_within_30m`); its kind (share, minutes, money, count) sets the axis.
    pub kpi: String,
    /// Per plan: name, mean, lower and upper end of the 95% CI.
    pub plans: Vec<(String, f64, f64, f64)>,
}

/// KPIs side by side, one panel per KPI and one bar per plan, with 95% CI error bars.
/// `money` labels money KPIs (currency and period).
pub fn plan_comparison(
    title: &str,
    kpis: &[KpiEstimates],
    money: &Money,
    caption: String,
) -> Result<Chart, ChartError> {
    let data = Comparison {
        title: title.to_string(),
        kpis: kpis.to_vec(),
        money: money.clone(),
    };
    render("plan-comparison", title, caption, &data)
}

/// Rows and columns of the panels of `n` KPIs: one row up to three, else two rows of at
/// most four.
pub(super) fn panel_grid(n: usize) -> (usize, usize) {
    let n = n.max(1);
    let cols = if n <= 3 { n } else { n.div_ceil(2).min(4) };
    (n.div_ceil(cols), cols)
}

/// The data of [`plan_comparison`].
#[derive(Debug)]
struct Comparison {
    title: String,
    kpis: Vec<KpiEstimates>,
    money: Money,
}

impl Draw for Comparison {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let mut plans: Vec<String> = Vec::new();
        for k in &self.kpis {
            for (p, ..) in &k.plans {
                if !plans.contains(p) {
                    plans.push(p.clone());
                }
            }
        }
        let mut items: Vec<(Mark, String)> = plans
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    Mark::Fill(PLAN_COLORS[i % PLAN_COLORS.len()].to_rgba()),
                    p.clone(),
                )
            })
            .collect();
        items.push((Mark::Line(INK, 3), "95% confidence interval".to_string()));
        let (strip, plot) = frame(root, &self.title, 1)?;
        legend(&strip, &items)?;
        let panels = plot.split_evenly(panel_grid(self.kpis.len()));
        for (k, panel) in self.kpis.iter().zip(&panels) {
            let kind = unit_of(&k.kpi);
            let mut lo = 0.0f64;
            let mut hi = 0.0f64;
            for &(_, m, l, h) in &k.plans {
                for v in [m, l, h] {
                    if v.is_finite() {
                        lo = lo.min(v);
                        hi = hi.max(v);
                    }
                }
            }
            let span = (hi - lo).max(if kind == Unit::Share { 0.01 } else { 1e-9 });
            let (y0, y1) = (
                if lo < 0.0 { lo - span * 0.12 } else { 0.0 },
                hi + span * 0.18,
            );
            let y1 = if y1 > y0 { y1 } else { y0 + 1.0 };
            let np = plans.len().max(1);
            let mut chart = ChartBuilder::on(panel)
                .caption(label_of(&k.kpi), bold(PANEL_TITLE))
                .margin(16)
                .x_label_area_size(20)
                .y_label_area_size(100)
                .build_cartesian_2d(0.0..np as f64, y0..y1)?;
            mesh(&mut chart, AXIS - 4.0, LABEL - 2.0)
                .disable_x_mesh()
                .x_labels(0)
                .x_label_formatter(&|_| String::new())
                .y_desc(axis_unit(kind, &self.money))
                .y_label_formatter(&|v| tick(kind, *v))
                .draw()?;
            for (p, m, l, h) in &k.plans {
                let Some(i) = plans.iter().position(|q| q == p) else {
                    continue;
                };
                let c = PLAN_COLORS[i % PLAN_COLORS.len()];
                let x = i as f64;
                if m.is_finite() {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(x + 0.15, 0.0f64.max(y0)), (x + 0.85, *m)],
                        c.mix(0.85).filled(),
                    )))?;
                }
                if l.is_finite() && h.is_finite() {
                    let mid = x + 0.5;
                    for seg in [
                        vec![(mid, *l), (mid, *h)],
                        vec![(mid - 0.12, *l), (mid + 0.12, *l)],
                        vec![(mid - 0.12, *h), (mid + 0.12, *h)],
                    ] {
                        chart.draw_series(std::iter::once(PathElement::new(
                            seg,
                            INK.stroke_width(3),
                        )))?;
                    }
                }
                let top = if h.is_finite() { *h } else { *m };
                if top.is_finite() {
                    chart.draw_series(std::iter::once(Text::new(
                        short_value(kind, *m, &self.money.currency),
                        (x + 0.5, top + (y1 - y0) * 0.02),
                        text(LABEL - 2.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
                    )))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_fill_one_row_then_two() {
        assert_eq!(panel_grid(0), (1, 1));
        assert_eq!(panel_grid(3), (1, 3));
        assert_eq!(panel_grid(4), (2, 2));
        assert_eq!(panel_grid(6), (2, 3));
        assert_eq!(panel_grid(9), (3, 4));
    }
}
