//! The heatmap of a sweep: a value over a grid of two parameters, one coloured cell per
//! grid point with its value written in when the grid is small enough to read, and a
//! colour bar. The colours are viridis (van der Walt and Smith, matplotlib 2015),
//! perceptually uniform and readable in grey.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::Keyed;
use super::canvas::{
    AXIS, Chart, ChartError, Draw, DrawResult, INK, LABEL, mesh, render, text, titled,
};
use crate::format::{grid_value, short_value};

/// A value over a grid of two parameters, as `(x, y, value)` points.
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    /// Chart title.
    pub title: String,
    /// Name (with unit) of the first parameter, on the horizontal axis.
    pub x_label: String,
    /// Name (with unit) of the second parameter, on the vertical axis.
    pub y_label: String,
    /// Name (with unit) of the value.
    pub value_label: String,
    /// The value's unit, for number formatting.
    pub value_kind: crate::kpi::Unit,
    /// The points; one per grid cell (a missing cell is left blank, NaN is blank too).
    pub points: Vec<(f64, f64, f64)>,
}

/// Viridis, by linear interpolation between five stops; `t` in `[0, 1]`.
pub(super) fn viridis(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 5] = [
        (68, 1, 84),
        (59, 82, 139),
        (33, 145, 140),
        (94, 201, 98),
        (253, 231, 37),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let f = t * 4.0;
    let i = (f.floor() as usize).min(3);
    let u = f - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + u * (f64::from(b) - f64::from(a))).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The distinct finite values, sorted (values within a relative 1e-12 are one).
fn sorted_unique(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0));
    v
}

/// A value over two parameters: one coloured cell per grid point, with its value written
/// in the cell (when the grid is small enough to read) and a colour bar.
pub fn heatmap(data: &Heatmap, caption: String) -> Result<Chart, ChartError> {
    render("heatmap", &data.title, caption, data)
}

impl Draw for Heatmap {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let (main, bar) = plot_and_bar(root, &self.title)?;
        let xs = sorted_unique(self.points.iter().map(|p| p.0));
        let ys = sorted_unique(self.points.iter().map(|p| p.1));
        let (vmin, vmax) = value_span(self.points.iter().map(|p| p.2));
        let (nx, ny) = (xs.len().max(1), ys.len().max(1));
        let xkeys: Vec<f64> = (0..nx).map(|i| i as f64 + 0.5).collect();
        let ykeys: Vec<f64> = (0..ny).map(|i| i as f64 + 0.5).collect();
        let idx_label = |grid: &[f64], v: f64| {
            let i = (v - 0.5).round();
            if i >= 0.0 && (i as usize) < grid.len() && (v - 0.5 - i).abs() < 1e-6 {
                grid_value(grid[i as usize])
            } else {
                String::new()
            }
        };
        let mut chart = ChartBuilder::on(&main)
            .margin(20)
            .x_label_area_size(80)
            .y_label_area_size(130)
            .build_cartesian_2d(
                Keyed::linear(0.0..nx as f64, xkeys),
                Keyed::linear(0.0..ny as f64, ykeys),
            )?;
        mesh(&mut chart, AXIS, LABEL)
            .disable_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .x_label_formatter(&|v| idx_label(&xs, *v))
            .y_label_formatter(&|v| idx_label(&ys, *v))
            .draw()?;
        let find = |grid: &[f64], v: f64| {
            grid.iter()
                .position(|g| (g - v).abs() <= 1e-12 * g.abs().max(v.abs()).max(1.0))
        };
        let show_values = nx * ny <= 200;
        let (cw, _) = main.dim_in_pixel();
        let cell_px = (cw as f64 - 170.0) / nx as f64;
        let value_size = (cell_px / 5.0).clamp(14.0, LABEL);
        for &(x, y, v) in &self.points {
            let (Some(i), Some(j)) = (find(&xs, x), find(&ys, y)) else {
                continue;
            };
            if !v.is_finite() {
                continue;
            }
            let t = (v - vmin) / (vmax - vmin);
            let (x0, y0) = (i as f64, j as f64);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x0, y0), (x0 + 1.0, y0 + 1.0)],
                viridis(t).filled(),
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x0, y0), (x0 + 1.0, y0 + 1.0)],
                WHITE.stroke_width(1),
            )))?;
            if show_values {
                let ink = if t > 0.6 { INK } else { WHITE };
                chart.draw_series(std::iter::once(Text::new(
                    short_value(self.value_kind, v, ""),
                    (x0 + 0.5, y0 + 0.5),
                    text(value_size)
                        .color(&ink)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                )))?;
            }
        }
        colour_bar(&bar, &self.value_label, self.value_kind, vmin, vmax)?;
        Ok(())
    }
}

/// The range of finite values, widened around a single value so a colour scale has a span.
pub(super) fn value_span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (vmin, vmax) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if vmin.is_finite() && vmax > vmin {
        (vmin, vmax)
    } else if vmin.is_finite() {
        (vmin - 0.5, vmin + 0.5)
    } else {
        (0.0, 1.0)
    }
}

/// The root titled and split into the plot and a strip for the colour bar on the right.
pub(super) fn plot_and_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
) -> Result<super::canvas::Panes<DB>, Box<dyn std::error::Error + Send + Sync>>
where
    DB::ErrorType: 'static,
{
    let body = titled(root, title)?;
    let (bw, _) = body.dim_in_pixel();
    Ok(body.split_horizontally(bw.saturating_sub(260)))
}

/// A vertical viridis colour bar from `vmin` to `vmax`, titled with the value's name.
pub(super) fn colour_bar<DB: DrawingBackend>(
    bar: &DrawingArea<DB, Shift>,
    value_label: &str,
    kind: crate::kpi::Unit,
    vmin: f64,
    vmax: f64,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    // The title at the largest size that fits the bar's width.
    let (bw, _) = bar.dim_in_pixel();
    let mut size = LABEL;
    while size > 14.0 && bar.estimate_text_size(value_label, &text(size))?.0 + 10 > bw {
        size -= 1.0;
    }
    let mut cb = ChartBuilder::on(bar)
        .margin_top(40)
        .margin_bottom(100)
        .margin_right(20)
        .y_label_area_size(0)
        .right_y_label_area_size(130)
        .caption(value_label, text(size))
        .build_cartesian_2d(0.0..1.0, vmin..vmax)?;
    mesh(&mut cb, AXIS, LABEL - 4.0)
        .disable_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|v| short_value(kind, *v, ""))
        .draw()?;
    let steps = 64;
    for s in 0..steps {
        let a = vmin + (vmax - vmin) * s as f64 / steps as f64;
        let b = vmin + (vmax - vmin) * (s + 1) as f64 / steps as f64;
        cb.draw_series(std::iter::once(Rectangle::new(
            [(0.0, a), (1.0, b)],
            viridis((s as f64 + 0.5) / steps as f64).filled(),
        )))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_runs_from_purple_to_yellow() {
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
        assert_eq!(viridis(f64::NAN), RGBColor(68, 1, 84));
    }

    #[test]
    fn grid_values_are_sorted_and_unique() {
        let v = sorted_unique([3.0, 1.0, f64::NAN, 3.0 + 1e-14, 2.0].into_iter());
        assert_eq!(v, [1.0, 2.0, 3.0]);
    }
}
