//! The plan comparison: KPIs side by side, one panel per KPI and in each one row per plan,
//! a dot at the mean with its 95% confidence interval (Student t over replications) and a
//! line at the baseline's mean. A dot plot rather than bars: the axis need not start at
//! zero, so differences of a few points stay visible, and every plan's name and value has
//! its own row, legible up to eight plans and beyond.

use crate::format::{Money, axis_unit};
use crate::kpi::Unit;
use crate::kpi::label_of;
use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::canvas::{
    AXIS, Chart, ChartError, Draw, DrawResult, GREY, INK, LABEL, Mark, PANEL_TITLE, bold, frame,
    legend, mesh, plan_color, render, text,
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

/// KPIs side by side, one panel per KPI and one row per plan: the mean as a dot in the
/// plan's colour, its 95% CI as a whisker, the value at the row's end.
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

/// The value label of a dot: the axis names the currency and period, so money is a
/// plain number.
fn value_label(kind: Unit, x: f64, money: &Money) -> String {
    match kind {
        Unit::Money | Unit::MoneyRate => short_value(kind, x, "").trim().to_string(),
        _ => short_value(kind, x, &money.currency),
    }
}

/// The axes of one panel of a dot plot with one row per plan over `x0..x1` and `rows`
/// rows: titled `title`, room for the name and value columns, no y labels, fewer ticks
/// for money (they are long), the x axis titled `x_desc` and formatted by `x_tick`.
pub(super) fn dot_panel<'a, DB: DrawingBackend>(
    panel: &'a DrawingArea<DB, Shift>,
    title: String,
    (x0, x1, rows): (f64, f64, f64),
    (name_w, value_w): (u32, u32),
    kind: Unit,
    x_desc: String,
    x_tick: &dyn Fn(&f64) -> String,
) -> Result<DotPanel<'a, DB>, Box<dyn std::error::Error + Send + Sync>>
where
    DB::ErrorType: 'static,
{
    let mut chart = ChartBuilder::on(panel)
        .caption(title, bold(PANEL_TITLE))
        .margin(10)
        .margin_right(value_w + 24)
        .x_label_area_size(64)
        .y_label_area_size(name_w + 16)
        .build_cartesian_2d(x0..x1, 0.0..rows)?;
    mesh(&mut chart, AXIS - 6.0, LABEL - 4.0)
        .disable_y_mesh()
        .y_labels(0)
        .y_label_formatter(&|_| String::new())
        .x_labels(if matches!(kind, Unit::Money | Unit::MoneyRate) {
            3
        } else {
            4
        })
        .x_desc(x_desc)
        .x_label_formatter(x_tick)
        .draw()?;
    Ok(chart)
}

/// The coordinates of a panel of a dot plot.
pub(super) type DotPanel<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Widths in pixels of the name column (at most 40% of the panel) and of the value
/// column of a dot plot with one row per plan, for the names and values in `style`.
pub(super) fn label_columns<DB: DrawingBackend>(
    panel: &DrawingArea<DB, Shift>,
    names: &[String],
    values: &[String],
    style: &TextStyle,
) -> Result<(u32, u32), Box<dyn std::error::Error + Send + Sync>>
where
    DB::ErrorType: 'static,
{
    let (pw, _) = panel.dim_in_pixel();
    let (mut name_w, mut value_w) = (0, 0);
    for n in names {
        name_w = name_w.max(panel.estimate_text_size(n, style)?.0);
    }
    for v in values {
        value_w = value_w.max(panel.estimate_text_size(v, style)?.0);
    }
    Ok((name_w.min(pw * 4 / 10), value_w))
}

/// The plan's name left of its row (cut to `name_w` pixels) and its value right of the
/// plot, at row height `y` of a dot plot over `x0..x1`; drawn on `root` in its pixels.
#[allow(clippy::too_many_arguments)]
pub(super) fn row_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &DotPanel<DB>,
    (x0, x1, y): (f64, f64, f64),
    name: &str,
    name_w: u32,
    value: String,
    name_style: &TextStyle,
    value_style: &TextStyle,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let (px, py) = chart.backend_coord(&(x0, y));
    root.draw(&Text::new(
        fit(root, name, name_style, name_w)?,
        (px - 10, py),
        name_style.pos(Pos::new(HPos::Right, VPos::Center)),
    ))?;
    let (vx, vy) = chart.backend_coord(&(x1, y));
    root.draw(&Text::new(
        value,
        (vx + 12, vy),
        value_style.pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    Ok(())
}

/// `name` cut to fit `width` pixels in `style`, with an ellipsis when cut.
fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    name: &str,
    style: &TextStyle,
    width: u32,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>>
where
    DB::ErrorType: 'static,
{
    if area.estimate_text_size(name, style)?.0 <= width {
        return Ok(name.to_string());
    }
    let chars: Vec<char> = name.chars().collect();
    for n in (1..chars.len()).rev() {
        let cut: String = chars[..n].iter().collect::<String>() + "…";
        if area.estimate_text_size(&cut, style)?.0 <= width {
            return Ok(cut);
        }
    }
    Ok("…".to_string())
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
        let baseline = plans.first().cloned().unwrap_or_default();
        let items: Vec<(Mark, String)> = vec![
            (Mark::Dot(INK), "mean".to_string()),
            (Mark::Line(INK, 3), "95% confidence interval".to_string()),
            (
                Mark::Line(GREY, 2),
                format!("the baseline's mean ({baseline})"),
            ),
        ];
        let (strip, plot) = frame(root, &self.title, 1)?;
        legend(&strip, &items)?;
        let panels = plot.split_evenly(panel_grid(self.kpis.len()));
        let np = plans.len().max(1);
        let name_style = text(LABEL - 4.0);
        let value_style = text(LABEL - 4.0);
        for (k, panel) in self.kpis.iter().zip(&panels) {
            let kind = unit_of(&k.kpi);
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            for &(_, m, l, h) in &k.plans {
                for v in [m, l, h] {
                    if v.is_finite() {
                        lo = lo.min(v);
                        hi = hi.max(v);
                    }
                }
            }
            if !lo.is_finite() {
                (lo, hi) = (0.0, 1.0);
            }
            let span = (hi - lo).max(if kind == Unit::Share { 0.01 } else { 1e-6 });
            let (x0, x1) = (lo - span * 0.08, hi + span * 0.08);
            // Plan names left of the dots, values right of them, each in its own column.
            let values: Vec<String> = k
                .plans
                .iter()
                .map(|&(_, m, ..)| value_label(kind, m, &self.money))
                .collect();
            let (name_w, value_w) = label_columns(panel, &plans, &values, &name_style)?;
            let mut chart = dot_panel(
                panel,
                label_of(&k.kpi),
                (x0, x1, np as f64),
                (name_w, value_w),
                kind,
                axis_unit(kind, &self.money),
                &|v| tick(kind, *v),
            )?;
            let base_mean = k
                .plans
                .iter()
                .find(|(p, ..)| *p == baseline)
                .map(|&(_, m, ..)| m);
            if let Some(b) = base_mean.filter(|b| b.is_finite()) {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(b, 0.0), (b, np as f64)],
                    GREY.stroke_width(2),
                )))?;
            }
            for (i, p) in plans.iter().enumerate() {
                // The first plan on top.
                let y = np as f64 - 0.5 - i as f64;
                let Some(&(_, m, l, h)) = k.plans.iter().find(|(q, ..)| q == p) else {
                    continue;
                };
                let c = plan_color(i);
                if l.is_finite() && h.is_finite() {
                    for seg in [
                        vec![(l, y), (h, y)],
                        vec![(l, y - 0.2), (l, y + 0.2)],
                        vec![(h, y - 0.2), (h, y + 0.2)],
                    ] {
                        chart.draw_series(std::iter::once(PathElement::new(
                            seg,
                            INK.stroke_width(3),
                        )))?;
                    }
                }
                if m.is_finite() {
                    chart.draw_series(std::iter::once(Circle::new((m, y), 9, c.filled())))?;
                    chart.draw_series(std::iter::once(Circle::new(
                        (m, y),
                        9,
                        INK.stroke_width(1),
                    )))?;
                }
                row_labels(
                    root,
                    &chart,
                    (x0, x1, y),
                    p,
                    name_w,
                    value_label(kind, m, &self.money),
                    &name_style,
                    &value_style,
                )?;
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
