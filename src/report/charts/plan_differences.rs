//! The paired differences to the baseline: per KPI, each plan's mean difference to the
//! baseline with its paired 95% confidence interval. Under common random numbers the
//! paired differences of replication *i* need only a one-sample Student t interval.

use crate::format::{Money, axis_unit};
use crate::kpi::Unit;
use crate::kpi::label_of;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::canvas::{
    AXIS, Chart, ChartError, Draw, DrawResult, GREY, INK, LABEL, Mark, PANEL_TITLE, bold, frame,
    legend, mesh, plan_color, render, text,
};
use super::plan_comparison::panel_grid;
use crate::format::{delta_tick, short_delta};
use crate::kpi::unit_of;

/// The paired difference of one KPI between a plan and the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDifference {
    /// Plan name.
    pub plan: String,
    /// Mean of the paired differences (plan minus baseline).
    pub mean: f64,
    /// Lower end of its paired 95% CI.
    pub ci_low: f64,
    /// Upper end of its paired 95% CI.
    pub ci_high: f64,
    /// Whether the 95% CI excludes zero.
    pub significant: bool,
}

/// One KPI's paired differences to the baseline, one entry per non-baseline plan.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiDifferences {
    /// KPI name (e.g. `answered_within_30m`); its kind (share, minutes, money, count) sets the axis.
    pub kpi: String,
    /// Per plan, its difference to the baseline.
    pub plans: Vec<PlanDifference>,
}

/// The paired differences to the baseline: one panel per KPI, in each a horizontal bar
/// per plan from zero to the mean difference with its paired 95% CI as a whisker, and a
/// zero line. Significant differences (the CI excludes zero) are drawn in full colour,
/// the others pale. Plans take the colours they have in
/// [`plan_comparison`](super::plan_comparison) when the baseline is its first plan.
/// `money` labels money KPIs (currency and period).
pub fn plan_differences(
    title: &str,
    kpis: &[KpiDifferences],
    money: &Money,
    caption: String,
) -> Result<Chart, ChartError> {
    let data = Differences {
        title: title.to_string(),
        kpis: kpis.to_vec(),
        money: money.clone(),
    };
    render("plan-differences", title, caption, &data)
}

/// The data of [`plan_differences`].
#[derive(Debug)]
struct Differences {
    title: String,
    kpis: Vec<KpiDifferences>,
    money: Money,
}

impl Draw for Differences {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let mut plans: Vec<String> = Vec::new();
        for k in &self.kpis {
            for d in &k.plans {
                if !plans.contains(&d.plan) {
                    plans.push(d.plan.clone());
                }
            }
        }
        // Colour 0 is the baseline's in the plan comparison.
        let colour = |i: usize| plan_color(i + 1);
        let mut items: Vec<(Mark, String)> = plans
            .iter()
            .enumerate()
            .map(|(i, p)| (Mark::Fill(colour(i).to_rgba()), format!("{p} − baseline")))
            .collect();
        items.push((
            Mark::Fill(GREY.mix(0.25)),
            "pale: not significant (95% CI includes 0)".to_string(),
        ));
        items.push((Mark::Line(INK, 3), "paired 95% CI".to_string()));
        let rows_needed = if items.len() > 4 { 2 } else { 1 };
        let (strip, plot) = frame(root, &self.title, rows_needed)?;
        legend(&strip, &items)?;
        let panels = plot.split_evenly(panel_grid(self.kpis.len()));
        let np = plans.len().max(1) as f64;
        for (k, panel) in self.kpis.iter().zip(&panels) {
            let kind = unit_of(&k.kpi);
            let (mut lo, mut hi) = (0.0f64, 0.0f64);
            for d in &k.plans {
                for v in [d.mean, d.ci_low, d.ci_high] {
                    if v.is_finite() {
                        lo = lo.min(v);
                        hi = hi.max(v);
                    }
                }
            }
            let span = (hi - lo).max(if kind == Unit::Share { 0.002 } else { 1e-6 });
            // Room for the value labels beyond the bars' ends.
            let x0 = if lo < 0.0 {
                lo - span * 0.6
            } else {
                -span * 0.08
            };
            let x1 = if hi > 0.0 {
                hi + span * 0.6
            } else {
                span * 0.08
            };
            let unit = match (kind, axis_unit(kind, &self.money)) {
                (Unit::Share, _) => " (pp)".to_string(),
                (_, u) if u.is_empty() => String::new(),
                (_, u) => format!(" ({u})"),
            };
            let mut chart = ChartBuilder::on(panel)
                .caption(format!("Δ {}", label_of(&k.kpi)), bold(PANEL_TITLE))
                .margin(16)
                .margin_right(30)
                .x_label_area_size(70)
                .y_label_area_size(10)
                .build_cartesian_2d(x0..x1, 0.0..np)?;
            mesh(&mut chart, AXIS - 6.0, LABEL - 4.0)
                .disable_y_mesh()
                .y_labels(0)
                .y_label_formatter(&|_| String::new())
                .x_labels(5)
                .x_desc(format!("difference to the baseline{unit}"))
                .x_label_formatter(&|v| delta_tick(kind, *v))
                .draw()?;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, np)],
                INK.stroke_width(2),
            )))?;
            for d in &k.plans {
                let Some(i) = plans.iter().position(|q| q == &d.plan) else {
                    continue;
                };
                // The first plan on top.
                let y = np - 1.0 - i as f64;
                let c = colour(i);
                // A difference that shows as zero is never marked significant.
                let significant = d.significant
                    && !crate::format::displays_as_zero(kind, d.mean, &self.money.currency);
                if d.mean.is_finite() {
                    let fill = if significant {
                        c.mix(0.9).filled()
                    } else {
                        c.mix(0.25).filled()
                    };
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y + 0.25), (d.mean, y + 0.75)],
                        fill,
                    )))?;
                    if !significant {
                        chart.draw_series(std::iter::once(Rectangle::new(
                            [(0.0, y + 0.25), (d.mean, y + 0.75)],
                            c.stroke_width(2),
                        )))?;
                    }
                }
                if d.ci_low.is_finite() && d.ci_high.is_finite() {
                    for seg in [
                        vec![(d.ci_low, y + 0.5), (d.ci_high, y + 0.5)],
                        vec![(d.ci_low, y + 0.36), (d.ci_low, y + 0.64)],
                        vec![(d.ci_high, y + 0.36), (d.ci_high, y + 0.64)],
                    ] {
                        chart.draw_series(std::iter::once(PathElement::new(
                            seg,
                            INK.stroke_width(3),
                        )))?;
                    }
                }
                if d.mean.is_finite() {
                    let reach = if d.mean >= 0.0 {
                        d.mean.max(d.ci_high)
                    } else {
                        d.mean.min(d.ci_low)
                    };
                    let reach = if reach.is_finite() { reach } else { d.mean };
                    let (at, anchor) = if d.mean >= 0.0 {
                        (reach + (x1 - x0) * 0.02, HPos::Left)
                    } else {
                        (reach - (x1 - x0) * 0.02, HPos::Right)
                    };
                    let label = short_delta(kind, d.mean, &self.money.currency)
                        + if significant { " *" } else { "" };
                    let style = if significant {
                        bold(LABEL - 2.0)
                    } else {
                        text(LABEL - 2.0).color(&GREY)
                    };
                    chart.draw_series(std::iter::once(Text::new(
                        label,
                        (at, y + 0.5),
                        style.pos(Pos::new(anchor, VPos::Center)),
                    )))?;
                }
            }
        }
        Ok(())
    }
}
