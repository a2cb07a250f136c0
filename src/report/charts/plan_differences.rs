//! The paired differences to the baseline, as a dot plot: per KPI, each plan's mean
//! difference to the baseline with its paired 95% confidence interval. Under common random numbers the
//! paired differences of replication *i* need only a one-sample Student t interval.

use crate::format::{Money, axis_unit};
use crate::kpi::Unit;
use crate::kpi::label_of;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::canvas::{
    Chart, ChartError, Draw, DrawResult, GREY, INK, LABEL, Mark, bold, frame, legend, plan_color,
    render, text,
};
use super::plan_comparison::{dot_panel, label_columns, panel_grid, row_labels};
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

/// The paired differences to the baseline: one panel per KPI, in each one row per plan
/// (its name left, its value right) with a dot at the mean difference, its paired 95% CI
/// as a whisker, and a zero line. Significant differences (the CI excludes zero) are
/// filled dots with bold values marked *, the others hollow dots with grey values. Plans take the colours they have in
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
        let items: Vec<(Mark, String)> = vec![
            (
                Mark::Dot(INK),
                "significant: the 95% CI excludes 0 (marked *)".to_string(),
            ),
            (
                Mark::Ring(GREY),
                "not significant: could be noise".to_string(),
            ),
            (Mark::Line(INK, 3), "paired 95% CI".to_string()),
        ];
        let (strip, plot) = frame(root, &self.title, 1)?;
        legend(&strip, &items)?;
        let panels = plot.split_evenly(panel_grid(self.kpis.len()));
        let np = plans.len().max(1) as f64;
        let name_style = text(LABEL - 4.0);
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
            let (x0, x1) = (lo - span * 0.08, hi + span * 0.08);
            let unit = match (kind, axis_unit(kind, &self.money)) {
                (Unit::Share, _) => " (pp)".to_string(),
                (_, u) if u.is_empty() => String::new(),
                (_, u) => format!(" ({u})"),
            };
            // A difference that shows as zero is never marked significant.
            let significant = |d: &PlanDifference| {
                d.significant
                    && !crate::format::displays_as_zero(kind, d.mean, &self.money.currency)
            };
            let label = |d: &PlanDifference| {
                let money = matches!(kind, Unit::Money | Unit::MoneyRate);
                let value =
                    short_delta(kind, d.mean, if money { "" } else { &self.money.currency });
                value.replace("− ", "−").replace("+ ", "+") + if significant(d) { " *" } else { "" }
            };
            let values: Vec<String> = k.plans.iter().map(label).collect();
            let (name_w, value_w) = label_columns(panel, &plans, &values, &bold(LABEL - 4.0))?;
            let mut chart = dot_panel(
                panel,
                format!("Δ {}", label_of(&k.kpi)),
                (x0, x1, np),
                (name_w, value_w),
                kind,
                format!("difference to the baseline{unit}"),
                &|v| delta_tick(kind, *v),
            )?;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, np)],
                INK.stroke_width(2),
            )))?;
            for (i, p) in plans.iter().enumerate() {
                // The first plan on top.
                let y = np - 0.5 - i as f64;
                let Some(d) = k.plans.iter().find(|d| &d.plan == p) else {
                    continue;
                };
                let c = colour(i);
                if d.ci_low.is_finite() && d.ci_high.is_finite() {
                    for seg in [
                        vec![(d.ci_low, y), (d.ci_high, y)],
                        vec![(d.ci_low, y - 0.2), (d.ci_low, y + 0.2)],
                        vec![(d.ci_high, y - 0.2), (d.ci_high, y + 0.2)],
                    ] {
                        chart.draw_series(std::iter::once(PathElement::new(
                            seg,
                            INK.stroke_width(3),
                        )))?;
                    }
                }
                let sig = significant(d);
                if d.mean.is_finite() {
                    // Significant: filled in the plan's colour; else a ring of it.
                    let (fill, ring) = if sig {
                        (c.filled(), INK.stroke_width(1))
                    } else {
                        (WHITE.filled(), c.stroke_width(3))
                    };
                    for style in [fill, ring] {
                        chart.draw_series(std::iter::once(Circle::new((d.mean, y), 9, style)))?;
                    }
                }
                let value_style = if sig {
                    bold(LABEL - 4.0)
                } else {
                    text(LABEL - 4.0).color(&GREY)
                };
                row_labels(
                    root,
                    &chart,
                    (x0, x1, y),
                    p,
                    name_w,
                    label(d),
                    &name_style,
                    &value_style,
                )?;
            }
        }
        Ok(())
    }
}
