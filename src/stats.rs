//! Streaming statistics: sums and Welford means, percentiles from an HDR histogram, and
//! Student t confidence intervals over replications.
//!
//! Memory per replication is bounded by the number of distinct histogram buckets (three
//! significant digits), not by the number of mentions simulated. Confidence intervals use
//! the Student t quantile with `n - 1` degrees of freedom (statrs).

use statrs::distribution::{ContinuousCDF, StudentsT};

mod hdr;

/// A running mean as a count and a sum: one addition per value, and means of parts add up
/// into the mean of the whole ([`Mean::add`]). The recorders need means only.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Mean {
    n: u64,
    sum: f64,
}

impl Mean {
    /// Adds one observation.
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        self.sum += x;
    }

    /// Adds the observations of `other`.
    pub fn add(&mut self, other: &Mean) {
        self.n += other.n;
        self.sum += other.sum;
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// The mean, NaN when empty.
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.sum / self.n as f64
        }
    }
}

/// Running mean and variance (Welford 1962).
#[derive(Debug, Clone, Copy, Default)]
pub struct Welford {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Welford {
    /// Adds one observation.
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// The mean, NaN when empty.
    pub fn mean(&self) -> f64 {
        if self.n == 0 { f64::NAN } else { self.mean }
    }

    /// The sample variance (n - 1), NaN below two observations.
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            self.m2 / (self.n - 1) as f64
        }
    }
}

/// `y.round().max(0.0) as u64` without the call to `round` (a library call on targets
/// without SSE4.1): the fraction left by truncation is exact below 2^53, and above it
/// every `f64` is an integer. Below 2^63 the conversions are signed (one instruction each
/// way on x86-64, where unsigned ones take several); from 2^63 on (and for NaN) `y` is
/// a whole number or beyond `u64`, and the saturating cast is the answer.
#[inline]
pub(crate) fn round_to_unit(y: f64) -> u64 {
    if y < 9_223_372_036_854_775_808.0 {
        let t = y as i64;
        t.saturating_add(i64::from(y - t as f64 >= 0.5)).max(0) as u64
    } else {
        y as u64
    }
}

/// `n as f64` for a count, converted as signed (one instruction on x86-64, where an
/// unsigned conversion takes several): the same value for every count below 2^63.
#[inline]
pub(crate) fn count_to_f64(n: u64) -> f64 {
    debug_assert!(n < 1 << 63);
    n as i64 as f64
}

/// Percentiles of a positive quantity with three significant digits.
#[derive(Debug, Clone)]
pub struct Quantiles {
    hist: hdr::Hdr,
    scale: f64,
}

impl Quantiles {
    /// A sketch recording values with resolution `1 / scale` (e.g. `scale = 60_000` for
    /// minutes recorded to the millisecond).
    pub fn new(scale: f64) -> Self {
        Self {
            hist: hdr::Hdr::default(),
            scale,
        }
    }

    /// Records one value (negative values count as 0).
    #[inline(always)]
    pub fn record(&mut self, x: f64) {
        self.hist
            .record(round_to_unit(x * self.scale).min(u64::MAX / 4));
    }

    /// Number of values recorded.
    pub fn count(&self) -> u64 {
        self.hist.len()
    }

    /// Adds the values recorded in `other` (a sketch of the same resolution), as if each
    /// had been recorded here: the quantiles are those of the values of both.
    pub fn add(&mut self, other: &Quantiles) {
        debug_assert_eq!(self.scale, other.scale, "sketches of one resolution");
        self.hist.add(&other.hist);
    }

    /// For each of the ascending thresholds `xs`, the number of values recorded at or
    /// below it (to the sketch's resolution), in one pass over the recorded buckets.
    pub fn counts_at_or_below(&self, xs: &[f64]) -> Vec<u64> {
        let mut out = vec![0; xs.len()];
        let mut below = 0u64;
        let mut i = 0;
        self.hist.for_each_recorded(|highest, count| {
            let v = highest as f64 / self.scale;
            while i < xs.len() && xs[i] < v {
                out[i] = below;
                i += 1;
            }
            below += count;
        });
        for slot in &mut out[i..] {
            *slot = below;
        }
        out
    }

    /// The `q`-quantile, NaN when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.hist.len() == 0 {
            f64::NAN
        } else {
            self.hist.value_at_quantile(q) as f64 / self.scale
        }
    }
}

/// Mean, standard deviation and 95% confidence interval of one KPI over replications.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Replications in which the KPI was defined (not NaN).
    pub n: usize,
    /// Mean over replications.
    pub mean: f64,
    /// Sample standard deviation over replications.
    pub std: f64,
    /// Lower end of the 95% Student t confidence interval of the mean.
    pub ci95_low: f64,
    /// Upper end.
    pub ci95_high: f64,
}

impl Summary {
    /// Summarises `values` in the given order (NaN values are skipped). With one value the
    /// spread and interval are NaN.
    pub fn of(values: &[f64]) -> Self {
        let mut w = Welford::default();
        for &v in values.iter().filter(|v| !v.is_nan()) {
            w.push(v);
        }
        Self::of_welford(&w)
    }

    /// The summary of the values pushed into `w` (the same numbers as [`Summary::of`]
    /// of those values in the same order): a summary folded as replications come in.
    pub fn of_welford(w: &Welford) -> Self {
        let n = w.count() as usize;
        let mean = w.mean();
        let std = w.variance().sqrt();
        let half = if n >= 2 {
            t_quantile_975(n - 1) * std / (n as f64).sqrt()
        } else {
            f64::NAN
        };
        Summary {
            n,
            mean,
            std,
            ci95_low: mean - half,
            ci95_high: mean + half,
        }
    }

    /// Half-width of the 95% interval.
    pub fn half_width(&self) -> f64 {
        (self.ci95_high - self.ci95_low) / 2.0
    }
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom.
pub fn t_quantile_975(df: usize) -> f64 {
    StudentsT::new(0.0, 1.0, df as f64)
        .map(|t| t.inverse_cdf(0.975))
        .unwrap_or(f64::NAN)
}

/// The ordinary least-squares slope of `ys` on their indices `0, 1, 2, ...`: how much
/// `ys` grows per step. NaN below two values.
pub fn ols_slope(ys: &[f64]) -> f64 {
    let n = ys.len();
    if n < 2 {
        return f64::NAN;
    }
    let x_mean = (n - 1) as f64 / 2.0;
    let y_mean = ys.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, y) in ys.iter().enumerate() {
        let dx = i as f64 - x_mean;
        sxy += dx * (y - y_mean);
        sxx += dx * dx;
    }
    sxy / sxx
}

/// Serde helpers for an `f64` JSON field that is `null` when not finite:
/// `#[serde(with = "nullable")]`.
pub mod nullable {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes a finite number as itself and anything else as `null`.
    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        if x.is_finite() {
            s.serialize_f64(*x)
        } else {
            s.serialize_none()
        }
    }

    /// Reads a number, or `null` as NaN.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }

    /// NaN, the value of an absent field (`#[serde(default = "nullable::nan")]`).
    pub fn nan() -> f64 {
        f64::NAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_to_the_unit_is_round_bit_for_bit() {
        let reference = |y: f64| y.round().max(0.0) as u64;
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut cases = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            0.49999999999999994,
            -0.5,
            -3.7,
            4503599627370495.5,
            9007199254740993.0,
            1e19,
            9223372036854774784.0,  // the largest f64 below 2^63
            9223372036854775808.0,  // 2^63: beyond i64
            18446744073709551616.0, // 2^64: beyond u64
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for _ in 0..10_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Values up to about 10^12 with every fraction, and their halves.
            let y = (x >> 24) as f64 / 16.0;
            cases.extend([y, y + 0.5, y * 1e-3]);
        }
        for y in cases {
            assert_eq!(round_to_unit(y), reference(y), "{y}");
        }
    }

    #[test]
    fn ols_slope_of_a_line_and_of_noise() {
        assert!((ols_slope(&[3.0, 5.0, 7.0, 9.0]) - 2.0).abs() < 1e-12);
        assert_eq!(ols_slope(&[4.0, 4.0, 4.0]), 0.0);
        // Symmetric around the middle: no trend.
        assert!(ols_slope(&[1.0, 5.0, 1.0]).abs() < 1e-12);
        assert!(ols_slope(&[1.0]).is_nan());
        assert!(ols_slope(&[]).is_nan());
    }

    #[test]
    fn welford_matches_the_two_pass_formulas() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let mut w = Welford::default();
        xs.iter().for_each(|x| w.push(*x));
        assert_eq!(w.mean(), 5.0);
        assert!((w.variance() - 32.0 / 7.0).abs() < 1e-12);
        assert!(Welford::default().mean().is_nan());
    }

    #[test]
    fn t_interval_uses_the_student_quantile() {
        assert!((t_quantile_975(1) - 12.706_204_736).abs() < 1e-6);
        assert!((t_quantile_975(19) - 2.093_024_054).abs() < 1e-6);
        let s = Summary::of(&[1.0, 2.0, 3.0, f64::NAN]);
        assert_eq!(s.n, 3);
        assert!((s.half_width() - 4.302_652_73 * 1.0 / 3f64.sqrt()).abs() < 1e-6);
        assert!(Summary::of(&[1.0]).ci95_low.is_nan());
    }

    #[test]
    fn quantiles_have_three_significant_digits() {
        let mut q = Quantiles::new(60_000.0);
        for i in 1..=10_000 {
            q.record(i as f64 / 100.0);
        }
        for (p, exact) in [(0.5, 50.0), (0.9, 90.0), (0.95, 95.0)] {
            let got = q.quantile(p);
            assert!((got - exact).abs() / exact < 2e-3, "{p}: {got}");
        }
        assert!(Quantiles::new(1.0).quantile(0.5).is_nan());
        let counts = q.counts_at_or_below(&[0.0, 10.0, 50.0, 100.0, 1e9]);
        assert_eq!(counts[0], 0);
        assert_eq!(counts[4], 10_000);
        for (c, exact) in counts[1..4].iter().zip([1000.0, 5000.0, 10_000.0]) {
            assert!((*c as f64 - exact).abs() <= 0.002 * exact, "{c} vs {exact}");
        }
    }
}
