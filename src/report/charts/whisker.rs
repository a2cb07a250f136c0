//! Confidence-interval whiskers: a line from the low to the high end with a short cap
//! at each, vertical or horizontal, in data coordinates with caps in pixels.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::canvas::DrawResult;

/// Cap half-length, in pixels.
const CAP: i32 = 7;

/// A chart over numbers on both axes (the vertical one plain `f64`).
type Plane<'a, 'b, DB, X> = &'b mut ChartContext<'a, DB, Cartesian2d<X, RangedCoordf64>>;

/// Draws a whisker from `lo` to `hi` with a cap at each end: vertical at `x = at` when
/// `vertical`, else horizontal at `y = at`.
pub(super) fn whisker<DB, X>(
    chart: Plane<'_, '_, DB, X>,
    vertical: bool,
    at: f64,
    lo: f64,
    hi: f64,
    style: ShapeStyle,
) -> DrawResult
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    X: Ranged<ValueType = f64>,
{
    let point = |v: f64| if vertical { (at, v) } else { (v, at) };
    let cap = if vertical {
        vec![(-CAP, 0), (CAP, 0)]
    } else {
        vec![(0, -CAP), (0, CAP)]
    };
    chart.draw_series(std::iter::once(PathElement::new(
        vec![point(lo), point(hi)],
        style,
    )))?;
    for v in [lo, hi] {
        chart.draw_series(std::iter::once(
            EmptyElement::at(point(v)) + PathElement::new(cap.clone(), style),
        ))?;
    }
    Ok(())
}
