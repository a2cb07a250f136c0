//! The regularized lower incomplete gamma function `P(x, v)` and the series `A(x, v)` of
//! Erlang A, in log space: a positive series for `v < x + 1`, otherwise the continued
//! fraction of the upper function (modified Lentz), with the Poisson prefactor
//! `vˣ e^{−v} / Γ(x+1)` evaluated by Loader's saddle-point method (Stirling error plus
//! deviance).

use statrs::function::gamma::ln_gamma;

use super::quadrature::CompensatedSum;

/// Relative size below which the remaining tail of a positive series is neglected.
const SERIES_TOLERANCE: f64 = 1e-17;

/// Hard cap on iterations of any series or continued fraction (never reached for
/// parameters accepted by the constructors).
const MAX_ITERATIONS: usize = 200_000_000;

/// `ln(√(2π))`.
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// `ln P(x, v)`, the log of the regularized lower incomplete gamma function `γ(x, v)/Γ(x)`,
/// for `x > 0`, `v ≥ 0`: `P = d(x, v) A(x, v)` by the series for `v < x + 1`, else `1 − Q`.
pub(super) fn ln_lower_gamma(x: f64, v: f64) -> f64 {
    let ln_kernel = ln_poisson_kernel(x, v);
    if v < x + 1.0 {
        ln_kernel + a_series(x, v).excess.ln_1p()
    } else {
        ln_lower_gamma_fraction(x, v, ln_kernel)
    }
}

/// Partial sums of the series for `A(x, v)`, with `t_k = vᵏ/((x+1)…(x+k))`.
#[derive(Debug, Clone, Copy)]
pub(super) struct SeriesSums {
    /// `Σ_{k≥1} t_k = A − 1`.
    pub(super) excess: f64,
    /// `Σ_{k≥1} t_{k−1}/(x+k) = (A − 1)/v`.
    pub(super) served: f64,
    /// `Σ_{k≥1} k t_{k−1}/(x+k) = E[queue ahead | W > 0] / v`.
    pub(super) abandoned: f64,
}

impl SeriesSums {
    /// `A(x, v)`.
    pub(super) fn total(&self) -> f64 {
        1.0 + self.excess
    }
}

/// Sums the series for `A(x, v)` (all terms positive; used for `v < x + 1`, where the terms
/// never exceed ~1 and decrease geometrically or like a Gaussian).
pub(super) fn a_series(x: f64, v: f64) -> SeriesSums {
    let mut excess = CompensatedSum::default();
    let mut served = CompensatedSum::default();
    let mut abandoned = CompensatedSum::default();
    let mut term = 1.0_f64; // t_{k−1}
    for k in 1..MAX_ITERATIONS {
        let kf = k as f64;
        let denominator = x + kf;
        let base = term / denominator; // t_{k−1}/(x+k) = t_k / v
        served.add(base);
        abandoned.add(kf * base);
        term *= v / denominator;
        excess.add(term);
        let ratio = v / (denominator + 1.0); // bound on every later t_{j+1}/t_j
        if ratio < 1.0 {
            let geometric = 1.0 / (1.0 - ratio);
            let tail_excess = term * ratio * geometric;
            let tail_served = term / (denominator + 1.0) * geometric;
            let tail_abandoned = base * ratio * geometric * (kf + geometric);
            if tail_excess <= SERIES_TOLERANCE * (1.0 + excess.value())
                && tail_served <= SERIES_TOLERANCE * served.value()
                && tail_abandoned <= SERIES_TOLERANCE * abandoned.value()
            {
                break;
            }
        }
    }
    SeriesSums {
        excess: excess.value(),
        served: served.value(),
        abandoned: abandoned.value(),
    }
}

/// `ln P(x, v) = ln(1 − Q(x, v))` for `v ≥ x + 1` (where `Q < ½`), with
/// `Q = x d(x, v) h` from the continued fraction `h`; `ln_kernel = ln d(x, v)`.
pub(super) fn ln_lower_gamma_fraction(x: f64, v: f64, ln_kernel: f64) -> f64 {
    let q = (x.ln() + ln_kernel + upper_gamma_fraction(x, v).ln()).exp();
    (-q).ln_1p()
}

/// Continued fraction `h` with `Q(a, v) = a d(a, v) h` (modified Lentz; converges quickly
/// for `v ≥ a + 1`).
fn upper_gamma_fraction(a: f64, v: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut b = v + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..MAX_ITERATIONS {
        let fi = i as f64;
        let an = -fi * (fi - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() <= f64::EPSILON {
            break;
        }
    }
    h
}

/// `ln d(x, v) = ln(vˣ e^{−v} / Γ(x+1))` for `x ≥ 0`, `v ≥ 0` (the Poisson probability
/// generalised to real `x`), via Loader's saddle-point form
/// `−ln√(2πx) − stirlerr(x) − bd0(x, v)` for `x > 15`.
pub(super) fn ln_poisson_kernel(x: f64, v: f64) -> f64 {
    if v == 0.0 {
        return if x == 0.0 { 0.0 } else { f64::NEG_INFINITY };
    }
    if x <= 15.0 {
        x * v.ln() - v - ln_gamma(x + 1.0)
    } else {
        -LN_SQRT_2PI - 0.5 * x.ln() - stirling_error(x) - deviance(x, v)
    }
}

/// `ln Γ(x+1) − (x + ½) ln x + x − ln√(2π)` for `x > 15` (asymptotic series, error < 1e-16).
fn stirling_error(x: f64) -> f64 {
    const S0: f64 = 1.0 / 12.0;
    const S1: f64 = 1.0 / 360.0;
    const S2: f64 = 1.0 / 1260.0;
    const S3: f64 = 1.0 / 1680.0;
    const S4: f64 = 1.0 / 1188.0;
    let x2 = x * x;
    (S0 - (S1 - (S2 - (S3 - S4 / x2) / x2) / x2) / x2) / x
}

/// Deviance `bd0(x, v) = x ln(x/v) + v − x ≥ 0`, by a series when `x ≈ v`.
fn deviance(x: f64, v: f64) -> f64 {
    let diff = x - v;
    let sum = x + v;
    if diff.abs() < 0.1 * sum {
        let w = diff / sum;
        let w2 = w * w;
        let mut s = diff * w;
        let mut ej = 2.0 * x * w;
        for j in 1..1000 {
            ej *= w2;
            let next = s + ej / f64::from(2 * j + 1);
            if next == s {
                return next;
            }
            s = next;
        }
        s
    } else {
        x * (x / v).ln() + v - x
    }
}
