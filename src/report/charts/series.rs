//! Series with gaps and spreads: the [`Band`] of a mean with its lower and upper bound,
//! and the vertices that lines, bands and hourly steps are drawn from. Non-finite values
//! (an hour without data) break a line or band rather than drawing through zero.

/// A series with a spread: the mean and a lower and upper bound per point (NaN where
/// undefined, e.g. an hour without data).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Band {
    /// Central value per point.
    pub mean: Vec<f64>,
    /// Lower bound per point.
    pub low: Vec<f64>,
    /// Upper bound per point.
    pub high: Vec<f64>,
}

/// Runs of consecutive finite points, for lines with gaps.
pub(super) fn segments(xs: &[f64], ys: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur = Vec::new();
    for (&x, &y) in xs.iter().zip(ys) {
        if x.is_finite() && y.is_finite() {
            cur.push((x, y));
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Closed polygons of a band (upper edge, then lower edge backwards), split at gaps.
pub(super) fn band_polygons(xs: &[f64], low: &[f64], high: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut cur: Vec<(f64, f64, f64)> = Vec::new();
    let mut flush = |cur: &mut Vec<(f64, f64, f64)>| {
        if cur.len() >= 2 {
            let mut poly: Vec<(f64, f64)> = cur.iter().map(|&(x, _, h)| (x, h)).collect();
            poly.extend(cur.iter().rev().map(|&(x, l, _)| (x, l)));
            out.push(poly);
        }
        cur.clear();
    };
    for ((&x, &l), &h) in xs.iter().zip(low).zip(high) {
        if x.is_finite() && l.is_finite() && h.is_finite() {
            cur.push((x, l, h));
        } else {
            flush(&mut cur);
        }
    }
    flush(&mut cur);
    out
}

/// Step-line vertices for hourly values: each value holds for `[h, h + 1)`.
pub(super) fn steps(ys: &[f64]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(ys.len() * 2);
    for (h, &y) in ys.iter().enumerate() {
        if y.is_finite() {
            out.push((h as f64, y));
            out.push((h as f64 + 1.0, y));
        }
    }
    out
}

/// The largest finite value, and at least zero.
pub(super) fn finite_max(values: impl IntoIterator<Item = f64>) -> f64 {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
}

/// An upper axis bound with some headroom, never zero.
pub(super) fn headroom(max: f64) -> f64 {
    if max > 0.0 { max * 1.12 } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_split_lines_and_bands() {
        let xs = [0.0, 1.0, 2.0, 3.0, 4.0];
        let ys = [1.0, 2.0, f64::NAN, 4.0, 5.0];
        assert_eq!(
            segments(&xs, &ys),
            [vec![(0.0, 1.0), (1.0, 2.0)], vec![(3.0, 4.0), (4.0, 5.0)]]
        );
        let polys = band_polygons(&xs, &[0.0; 5], &ys);
        assert_eq!(polys.len(), 2);
        assert_eq!(polys[0], [(0.0, 1.0), (1.0, 2.0), (1.0, 0.0), (0.0, 0.0)]);
        assert_eq!(steps(&[2.0, f64::NAN]), [(0.0, 2.0), (1.0, 2.0)]);
        assert_eq!(headroom(finite_max([f64::NAN, -1.0])), 1.0);
    }
}
