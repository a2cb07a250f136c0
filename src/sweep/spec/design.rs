//! The design: a full-factorial grid or a Latin hypercube, and its points.
//!
//! The Latin hypercube follows McKay, Beckman and Conover (1979), "A comparison of three
//! methods for selecting values of input variables in the analysis of output from a computer
//! code": each parameter's range is cut into `N` strata of equal width holding one point
//! each, and the strata are paired across parameters by independent random permutations
//! (Fisher–Yates) drawn from a ChaCha8 stream of the fixed `lhs_seed`.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use toml::Value;

use super::{Domain, MAX_POINTS, Parameter, SweepError, invalid};
use crate::scenario::Scenario;

/// How the points are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Design {
    /// Full factorial: the cartesian product of every parameter's values.
    Grid,
    /// Latin hypercube of `points` points drawn with `seed`.
    Lhs {
        /// Number of points.
        points: usize,
        /// Seed of the design (not of the simulation).
        seed: u64,
    },
}

impl Design {
    /// `"grid"` or `"lhs"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Design::Grid => "grid",
            Design::Lhs { .. } => "lhs",
        }
    }
}

/// One point of the design: parameter values and the validated scenario they give.
#[derive(Debug, Clone)]
pub struct Point {
    /// Index in the design (0-based); shards and outputs are keyed on it.
    pub index: usize,
    /// One value per parameter, in parameter order.
    pub values: Vec<Value>,
    /// The base scenario with the sweep's `set`, these values, seed and replications.
    pub scenario: Scenario,
}

/// The design's points as parameter values (no scenario yet).
pub(super) fn design_values(
    design: Design,
    parameters: &[Parameter],
) -> Result<Vec<Vec<Value>>, SweepError> {
    match design {
        Design::Grid => {
            let sizes: Vec<usize> = parameters
                .iter()
                .map(|p| match &p.domain {
                    Domain::Values(v) => v.len(),
                    Domain::Uniform { .. } => 1,
                })
                .collect();
            let total = sizes
                .iter()
                .try_fold(1usize, |acc, &n| acc.checked_mul(n))
                .filter(|&n| n <= MAX_POINTS)
                .ok_or_else(|| {
                    invalid(
                        "parameters",
                        format!(
                            "a grid of {} points",
                            sizes
                                .iter()
                                .map(ToString::to_string)
                                .collect::<Vec<_>>()
                                .join(" x ")
                        ),
                        format!("at most {MAX_POINTS} points in all"),
                    )
                })?;
            Ok((0..total)
                .map(|i| grid_point(i, parameters, &sizes))
                .collect())
        }
        Design::Lhs { points, seed } => Ok(latin_hypercube(points, seed, parameters)),
    }
}

/// Point `i` of the grid: mixed-radix digits, the last parameter varying fastest.
fn grid_point(mut i: usize, parameters: &[Parameter], sizes: &[usize]) -> Vec<Value> {
    let mut out = vec![Value::Boolean(false); parameters.len()];
    for j in (0..parameters.len()).rev() {
        let k = i % sizes[j];
        i /= sizes[j];
        if let Domain::Values(v) = &parameters[j].domain {
            out[j] = v[k].clone();
        }
    }
    out
}

/// A uniform draw in `[0, 1)` with 53 random bits.
fn unit(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A uniform integer in `0..n` (multiply-shift; the bias is below 2^-40 for any n here).
fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

/// Rounds `x` to a few digits finer than the stratum width, unless that would move it out
/// of its stratum `[lo, hi)`; values stay readable in `points.csv`.
fn tidy(x: f64, lo: f64, hi: f64) -> f64 {
    let width = hi - lo;
    let digits = (3.0 - width.log10().floor()).clamp(0.0, 15.0) as i32;
    let p = 10f64.powi(digits);
    if (x * p).abs() >= 9e15 {
        return x;
    }
    let r = (x * p).round() / p;
    if r >= lo && r < hi { r } else { x }
}

/// The Latin hypercube: for each parameter in order, a random permutation of the strata,
/// then one uniform position per point inside its stratum.
pub(crate) fn latin_hypercube(n: usize, seed: u64, parameters: &[Parameter]) -> Vec<Vec<Value>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut points = vec![Vec::with_capacity(parameters.len()); n];
    for p in parameters {
        let mut perm: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            perm.swap(i, below(&mut rng, i + 1));
        }
        for (i, point) in points.iter_mut().enumerate() {
            let u = unit(&mut rng);
            let v = match p.domain {
                Domain::Uniform {
                    min,
                    max,
                    integer: false,
                } => {
                    let width = (max - min) / n as f64;
                    let lo = min + perm[i] as f64 * width;
                    let x = (lo + u * width).min(max);
                    Value::Float(tidy(x, lo, lo + width))
                }
                Domain::Uniform {
                    min,
                    max,
                    integer: true,
                } => {
                    // Strata of the half-open [min, max + 1), floored: each whole number
                    // gets its share of the points.
                    let width = (max - min + 1.0) / n as f64;
                    let x = (min + (perm[i] as f64 + u) * width).floor().min(max);
                    Value::Integer(x as i64)
                }
                Domain::Values(ref v) => v[0].clone(),
            };
            point.push(v);
        }
    }
    points
}
