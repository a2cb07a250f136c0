//! A KPI over a space-filling design (a Latin hypercube): one dot per point at its values
//! of two parameters, coloured by the KPI's mean on the viridis scale of the heatmap,
//! with a colour bar. Nothing is averaged or interpolated: each dot is one simulated
//! point, and the other parameters vary from dot to dot too.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::tick;
use super::canvas::{AXIS, Chart, ChartError, Draw, DrawResult, INK, LABEL, mesh, render};
use super::heatmap::{Heatmap, colour_bar, plot_and_bar, value_span, viridis};

/// A KPI over two parameters of a space-filling design, one coloured dot per point: the
/// data of a [`Heatmap`] (one `(x, y, value)` per point; a non-finite value is drawn as a
/// grey ring), drawn where its points do not form a grid.
pub fn sweep_scatter(data: &Heatmap, caption: String) -> Result<Chart, ChartError> {
    render("sweep-scatter", &data.title, caption, &Dots(data))
}

/// The drawing of [`sweep_scatter`].
struct Dots<'a>(&'a Heatmap);

/// `(lo, hi)` of the finite values padded by 6% of the span (or 1 around one value).
fn padded(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    match (lo.is_finite(), hi > lo) {
        (true, true) => (lo - (hi - lo) * 0.06, hi + (hi - lo) * 0.06),
        (true, false) => (lo - 1.0, lo + 1.0),
        _ => (0.0, 1.0),
    }
}

impl Draw for Dots<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let data = self.0;
        let (main, bar) = plot_and_bar(root, &data.title)?;
        let (x0, x1) = padded(data.points.iter().map(|p| p.0));
        let (y0, y1) = padded(data.points.iter().map(|p| p.1));
        let (vmin, vmax) = value_span(data.points.iter().map(|p| p.2));
        let mut chart = ChartBuilder::on(&main)
            .margin(20)
            .x_label_area_size(80)
            .y_label_area_size(130)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        mesh(&mut chart, AXIS, LABEL)
            .x_desc(&data.x_label)
            .y_desc(&data.y_label)
            .x_labels(8)
            .y_labels(8)
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .draw()?;
        for &(x, y, v) in &data.points {
            if !(x.is_finite() && y.is_finite()) {
                continue;
            }
            if v.is_finite() {
                let t = (v - vmin) / (vmax - vmin);
                chart.draw_series(std::iter::once(
                    EmptyElement::at((x, y))
                        + Circle::new((0, 0), 16, viridis(t).filled())
                        + Circle::new((0, 0), 16, INK.stroke_width(1)),
                ))?;
            } else {
                chart.draw_series(std::iter::once(Circle::new(
                    (x, y),
                    16,
                    super::canvas::GREY.stroke_width(3),
                )))?;
            }
        }
        colour_bar(&bar, &data.value_label, data.value_kind, vmin, vmax)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_widens_the_range_and_survives_one_value() {
        let (lo, hi) = padded([60.0, 120.0, f64::NAN].into_iter());
        assert!((lo - 56.4).abs() < 1e-9 && (hi - 123.6).abs() < 1e-9);
        assert_eq!(padded([5.0].into_iter()), (4.0, 6.0));
        assert_eq!(padded(std::iter::empty()), (0.0, 1.0));
    }
}
