//! Confidence-interval whiskers: a line from the low to the high end with a short cap
//! at each, vertical or horizontal, in data coordinates with caps in pixels.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::canvas::DrawResult;

/// Cap half-length, in pixels.
const CAP: i32 = 7;

/// A chart over numbers on both axes (the vertical one plain `f64`).
type Plane<'a, 'b, DB, X> = &'b mut ChartContext<'a, DB, Cartesian2d<X, RangedCoordf64>>;

/// Draws a vertical whisker at `x` from `lo` to `hi`, with caps.
pub(super) fn vertical<DB, X>(
    chart: Plane<'_, '_, DB, X>,
    x: f64,
    lo: f64,
    hi: f64,
    style: ShapeStyle,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    X: Ranged<ValueType = f64>,
{
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(x, lo), (x, hi)],
        style,
    )))?;
    for y in [lo, hi] {
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, y)) + PathElement::new(vec![(-CAP, 0), (CAP, 0)], style),
        ))?;
    }
    Ok(())
}

/// Draws a horizontal whisker at `y` from `lo` to `hi`, with caps.
pub(super) fn horizontal<DB, X>(
    chart: Plane<'_, '_, DB, X>,
    y: f64,
    lo: f64,
    hi: f64,
    style: ShapeStyle,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    X: Ranged<ValueType = f64>,
{
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(lo, y), (hi, y)],
        style,
    )))?;
    for x in [lo, hi] {
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, y)) + PathElement::new(vec![(0, -CAP), (0, CAP)], style),
        ))?;
    }
    Ok(())
}
