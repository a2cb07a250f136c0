//! Probability distributions as scenario tables (`{ dist = "exponential", mean = "10m" }`)
//! and their validated, sampleable form.
//!
//! Durations carry units (see [`Duration`]); counts such as follower numbers are plain
//! numbers. A lognormal is given by its median and 90th percentile, the way practitioners
//! quote skewed times ("half within 5 minutes, nine in ten within 15"):
//! `sigma = ln(p90 / median) / z(0.9)` with `z(0.9) = 1.2815515655446004`.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp1, StandardNormal};
use serde::{Deserialize, Serialize};

use super::duration::Duration;
use super::error::ScenarioError;

/// The 0.9 quantile of the standard normal distribution.
pub const Z90: f64 = 1.281_551_565_544_600_4;

/// Smallest gamma coefficient of variation accepted: below it the shape `1 / cv^2`
/// overflows the sampler (use `constant` for a fixed value).
pub const MIN_GAMMA_CV: f64 = 1e-3;

/// Largest gamma coefficient of variation accepted.
pub const MAX_GAMMA_CV: f64 = 100.0;

/// A distribution as written in a scenario file; `V` is [`Duration`] for times and `f64`
/// for counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "dist", rename_all = "lowercase", deny_unknown_fields)]
#[schemars(rename = "DistSpec_of_{V}")]
pub enum DistSpec<V> {
    /// Always `value`.
    Constant {
        /// The value.
        value: V,
    },
    /// Exponential with the given mean.
    Exponential {
        /// The mean.
        mean: V,
    },
    /// Lognormal by median and 90th percentile (`p90 >= median`).
    Lognormal {
        /// The median (50th percentile).
        median: V,
        /// The 90th percentile.
        p90: V,
    },
    /// Gamma by mean and coefficient of variation (`shape = 1 / cv^2`).
    Gamma {
        /// The mean.
        mean: V,
        /// Standard deviation divided by the mean (> 0).
        cv: f64,
    },
    /// Uniform on `[min, max]`.
    Uniform {
        /// Lower bound.
        min: V,
        /// Upper bound (>= min).
        max: V,
    },
    /// Pareto (type I) with minimum `scale` and tail index `shape`: heavy-tailed, the usual
    /// model of follower counts.
    Pareto {
        /// The minimum value (> 0).
        scale: V,
        /// The tail index (> 0; the mean is finite only above 1).
        shape: f64,
    },
    /// The listed values with the given weights (equal weights if omitted).
    Empirical {
        /// The possible values.
        values: Vec<V>,
        /// Relative weights, one per value (need not sum to 1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        weights: Option<Vec<f64>>,
    },
}

/// A scalar quantity a distribution can range over.
pub trait Magnitude: Copy {
    /// The value in the simulator's unit (minutes for durations).
    fn value(self) -> f64;
    /// The quantity of a value in the simulator's unit (the inverse of [`Magnitude::value`]).
    fn from_value(value: f64) -> Self;
    /// The value as the user wrote it, for error messages.
    fn show(self) -> String;
}

impl Magnitude for Duration {
    fn value(self) -> f64 {
        self.minutes()
    }
    fn from_value(value: f64) -> Self {
        Duration::from_minutes(value)
    }
    fn show(self) -> String {
        format!("\"{self}\"")
    }
}

impl Magnitude for f64 {
    fn value(self) -> f64 {
        self
    }
    fn from_value(value: f64) -> Self {
        value
    }
    fn show(self) -> String {
        self.to_string()
    }
}

impl<V: Copy> DistSpec<V> {
    /// The same spec with every quantity converted by `f` (shapes and weights unchanged).
    pub fn map<W>(&self, f: impl Fn(V) -> W) -> DistSpec<W> {
        match self {
            DistSpec::Constant { value } => DistSpec::Constant { value: f(*value) },
            DistSpec::Exponential { mean } => DistSpec::Exponential { mean: f(*mean) },
            DistSpec::Lognormal { median, p90 } => DistSpec::Lognormal {
                median: f(*median),
                p90: f(*p90),
            },
            DistSpec::Gamma { mean, cv } => DistSpec::Gamma {
                mean: f(*mean),
                cv: *cv,
            },
            DistSpec::Uniform { min, max } => DistSpec::Uniform {
                min: f(*min),
                max: f(*max),
            },
            DistSpec::Pareto { scale, shape } => DistSpec::Pareto {
                scale: f(*scale),
                shape: *shape,
            },
            DistSpec::Empirical { values, weights } => DistSpec::Empirical {
                values: values.iter().map(|v| f(*v)).collect(),
                weights: weights.clone(),
            },
        }
    }
}

/// What a distribution's values must satisfy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Support {
    /// Values > 0 (times such as handle time: a zero-length reply is meaningless).
    Positive,
    /// Values >= 0.
    NonNegative,
    /// Whole numbers between the bounds (e.g. replies needed, 1 to 50).
    Whole(u32, u32),
}

/// A validated distribution, ready to sample, that remembers the parameters it was given
/// (so that a resolved scenario file says it the way the user did). Values are in minutes
/// for times.
#[derive(Debug, Clone, PartialEq)]
pub struct Dist {
    sampler: Sampler,
    spec: DistSpec<f64>,
}

/// The sampling form of a validated distribution. Values are in minutes for times.
#[derive(Debug, Clone, PartialEq)]
pub enum Sampler {
    /// Always this value.
    Constant(f64),
    /// Exponential with this mean.
    Exponential(f64),
    /// `exp(mu + sigma Z)`.
    Lognormal {
        /// Log of the median.
        mu: f64,
        /// Log-scale standard deviation.
        sigma: f64,
    },
    /// Gamma with the given mean.
    Gamma {
        /// The sampler.
        gamma: rand_distr::Gamma<f64>,
        /// Its mean.
        mean: f64,
    },
    /// Uniform on `[lo, lo + span]`.
    Uniform {
        /// Lower bound.
        lo: f64,
        /// Width.
        span: f64,
    },
    /// Pareto with minimum `scale` and tail index `shape`.
    Pareto {
        /// Minimum.
        scale: f64,
        /// Tail index.
        shape: f64,
    },
    /// Discrete values with cumulative weights normalised to end at 1.
    Empirical {
        /// The values.
        values: Vec<f64>,
        /// Cumulative probabilities, last = 1.
        cumulative: Vec<f64>,
    },
}

impl<V: Magnitude> DistSpec<V> {
    /// Checks the parameters at `path` and returns the sampleable distribution.
    pub fn validate(&self, path: &str, support: Support) -> Result<Dist, ScenarioError> {
        let check = |field: &str, v: V| -> Result<f64, ScenarioError> {
            check_value(&format!("{path}.{field}"), v.value(), &v.show(), support)
        };
        let sampler = match self {
            DistSpec::Constant { value } => Sampler::Constant(check("value", *value)?),
            DistSpec::Exponential { mean } => {
                let m = check("mean", *mean)?;
                positive(&format!("{path}.mean"), m, &mean.show())?;
                Sampler::Exponential(m)
            }
            DistSpec::Lognormal { median, p90 } => {
                let m = check("median", *median)?;
                positive(&format!("{path}.median"), m, &median.show())?;
                let q = check("p90", *p90)?;
                if q < m {
                    return Err(ScenarioError::invalid(
                        format!("{path}.p90"),
                        p90.show(),
                        format!(
                            "the 90th percentile must be at least the median ({})",
                            median.show()
                        ),
                    ));
                }
                Sampler::Lognormal {
                    mu: m.ln(),
                    sigma: (q / m).ln() / Z90,
                }
            }
            DistSpec::Gamma { mean, cv } => {
                let m = check("mean", *mean)?;
                positive(&format!("{path}.mean"), m, &mean.show())?;
                if !(cv.is_finite() && *cv >= MIN_GAMMA_CV && *cv <= MAX_GAMMA_CV) {
                    return Err(ScenarioError::invalid(
                        format!("{path}.cv"),
                        cv,
                        format!(
                            "the coefficient of variation must be between {MIN_GAMMA_CV} and \
                             {MAX_GAMMA_CV} (for a fixed value use `constant`)"
                        ),
                    ));
                }
                let shape = 1.0 / (cv * cv);
                let gamma = rand_distr::Gamma::new(shape, m / shape)
                    .map_err(|e| ScenarioError::invalid(format!("{path}.cv"), cv, e.to_string()))?;
                Sampler::Gamma { gamma, mean: m }
            }
            DistSpec::Uniform { min, max } => {
                let lo = check("min", *min)?;
                let hi = check("max", *max)?;
                if hi < lo {
                    return Err(ScenarioError::invalid(
                        format!("{path}.max"),
                        max.show(),
                        format!("must be at least min ({})", min.show()),
                    ));
                }
                Sampler::Uniform { lo, span: hi - lo }
            }
            DistSpec::Pareto { scale, shape } => {
                let s = check("scale", *scale)?;
                positive(&format!("{path}.scale"), s, &scale.show())?;
                if !(shape.is_finite() && *shape > 0.0) {
                    return Err(ScenarioError::invalid(
                        format!("{path}.shape"),
                        shape,
                        "the tail index must be a number > 0",
                    ));
                }
                Sampler::Pareto {
                    scale: s,
                    shape: *shape,
                }
            }
            DistSpec::Empirical { values, weights } => {
                if values.is_empty() {
                    return Err(ScenarioError::invalid(
                        format!("{path}.values"),
                        "[]",
                        "give at least one value",
                    ));
                }
                let vals = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| check(&format!("values[{i}]"), *v))
                    .collect::<Result<Vec<_>, _>>()?;
                let w = match weights {
                    None => vec![1.0; vals.len()],
                    Some(w) => {
                        if w.len() != vals.len() {
                            return Err(ScenarioError::invalid(
                                format!("{path}.weights"),
                                format!("{} weights", w.len()),
                                format!("give one weight per value ({} values)", vals.len()),
                            ));
                        }
                        for (i, x) in w.iter().enumerate() {
                            if !(x.is_finite() && *x >= 0.0) {
                                return Err(ScenarioError::invalid(
                                    format!("{path}.weights[{i}]"),
                                    x,
                                    "weights must be numbers >= 0",
                                ));
                            }
                        }
                        w.clone()
                    }
                };
                let total: f64 = w.iter().sum();
                if total <= 0.0 {
                    return Err(ScenarioError::invalid(
                        format!("{path}.weights"),
                        format!("{w:?}"),
                        "at least one weight must be > 0",
                    ));
                }
                let mut acc = 0.0;
                let mut cumulative: Vec<f64> = w
                    .iter()
                    .map(|x| {
                        acc += x / total;
                        acc
                    })
                    .collect();
                if let Some(last) = cumulative.last_mut() {
                    *last = 1.0;
                }
                Sampler::Empirical {
                    values: vals,
                    cumulative,
                }
            }
        };
        if let Support::Whole(_, _) = support
            && !matches!(sampler, Sampler::Constant(_) | Sampler::Empirical { .. })
        {
            return Err(ScenarioError::invalid(
                format!("{path}.dist"),
                format!("\"{}\"", self.name()),
                "a count takes `constant` or `empirical` (whole numbers)",
            ));
        }
        Ok(Dist {
            sampler,
            spec: self.map(Magnitude::value),
        })
    }

    /// The `dist` tag of this spec.
    pub fn name(&self) -> &'static str {
        match self {
            DistSpec::Constant { .. } => "constant",
            DistSpec::Exponential { .. } => "exponential",
            DistSpec::Lognormal { .. } => "lognormal",
            DistSpec::Gamma { .. } => "gamma",
            DistSpec::Uniform { .. } => "uniform",
            DistSpec::Pareto { .. } => "pareto",
            DistSpec::Empirical { .. } => "empirical",
        }
    }
}

fn check_value(path: &str, v: f64, shown: &str, support: Support) -> Result<f64, ScenarioError> {
    let ok = v.is_finite()
        && match support {
            Support::Positive => v > 0.0,
            Support::NonNegative => v >= 0.0,
            Support::Whole(lo, hi) => v.fract() == 0.0 && v >= lo as f64 && v <= hi as f64,
        };
    if ok {
        return Ok(v);
    }
    let allowed = match support {
        Support::Positive => "must be > 0".to_string(),
        Support::NonNegative => "must be >= 0".to_string(),
        Support::Whole(lo, hi) => format!("must be a whole number from {lo} to {hi}"),
    };
    Err(ScenarioError::invalid(path, shown, allowed))
}

fn positive(path: &str, v: f64, shown: &str) -> Result<(), ScenarioError> {
    if v > 0.0 {
        Ok(())
    } else {
        Err(ScenarioError::invalid(path, shown, "must be > 0"))
    }
}

/// `e^x` for the lognormal draws, inline and without a library call, within one unit in
/// the last place of `f64::exp` (tested). The reduction of Tang (1989): `x = (64 e + j)
/// ln 2 / 64 + r` with `|r| <= ln 2 / 128`, so `e^x = 2^e 2^(j/64) e^r`, the 64 powers
/// `2^(j/64)` tabulated (correctly rounded) and `e^r` from its Taylor polynomial of degree
/// 5 (truncation below 0.2 units in the last place). Outside `|x| < 700` (overflow,
/// subnormal results, NaN) it is `f64::exp`.
#[inline]
fn exp(x: f64) -> f64 {
    // 1.5 x 2^52: adding it rounds to an integer held in the low bits.
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    const INV: f64 = f64::from_bits(0x4057_1547_652b_82fe); // 64 / ln 2
    // ln 2 / 64 in two parts; the first has 37 bits, so k times it is exact.
    const HI: f64 = f64::from_bits(0x3f86_2e42_fefa_0000);
    const LO: f64 = f64::from_bits(0x3d1c_f79a_bc9e_3b3a);
    if x.is_nan() || x.abs() >= 700.0 {
        return x.exp();
    }
    let shifted = x * INV + SHIFT;
    let k = (shifted.to_bits() as i64).wrapping_sub(SHIFT.to_bits() as i64);
    let kf = shifted - SHIFT;
    let r = (x - kf * HI) - kf * LO;
    let p = r + r * r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0))));
    let t = EXP2_64[(k & 63) as usize];
    // 2^e t by adding e to the exponent: t is in [1, 2) and |e| < 1011, so it stays normal.
    let scale = f64::from_bits(t.to_bits().wrapping_add(((k >> 6) as u64) << 52));
    scale + scale * p
}

/// `2^(j/64)` for `j` in 0..64, each correctly rounded.
const EXP2_64: [f64; 64] = [
    f64::from_bits(0x3ff0000000000000),
    f64::from_bits(0x3ff02c9a3e778061),
    f64::from_bits(0x3ff059b0d3158574),
    f64::from_bits(0x3ff0874518759bc8),
    f64::from_bits(0x3ff0b5586cf9890f),
    f64::from_bits(0x3ff0e3ec32d3d1a2),
    f64::from_bits(0x3ff11301d0125b51),
    f64::from_bits(0x3ff1429aaea92de0),
    f64::from_bits(0x3ff172b83c7d517b),
    f64::from_bits(0x3ff1a35beb6fcb75),
    f64::from_bits(0x3ff1d4873168b9aa),
    f64::from_bits(0x3ff2063b88628cd6),
    f64::from_bits(0x3ff2387a6e756238),
    f64::from_bits(0x3ff26b4565e27cdd),
    f64::from_bits(0x3ff29e9df51fdee1),
    f64::from_bits(0x3ff2d285a6e4030b),
    f64::from_bits(0x3ff306fe0a31b715),
    f64::from_bits(0x3ff33c08b26416ff),
    f64::from_bits(0x3ff371a7373aa9cb),
    f64::from_bits(0x3ff3a7db34e59ff7),
    f64::from_bits(0x3ff3dea64c123422),
    f64::from_bits(0x3ff4160a21f72e2a),
    f64::from_bits(0x3ff44e086061892d),
    f64::from_bits(0x3ff486a2b5c13cd0),
    f64::from_bits(0x3ff4bfdad5362a27),
    f64::from_bits(0x3ff4f9b2769d2ca7),
    f64::from_bits(0x3ff5342b569d4f82),
    f64::from_bits(0x3ff56f4736b527da),
    f64::from_bits(0x3ff5ab07dd485429),
    f64::from_bits(0x3ff5e76f15ad2148),
    f64::from_bits(0x3ff6247eb03a5585),
    f64::from_bits(0x3ff6623882552225),
    f64::from_bits(0x3ff6a09e667f3bcd),
    f64::from_bits(0x3ff6dfb23c651a2f),
    f64::from_bits(0x3ff71f75e8ec5f74),
    f64::from_bits(0x3ff75feb564267c9),
    f64::from_bits(0x3ff7a11473eb0187),
    f64::from_bits(0x3ff7e2f336cf4e62),
    f64::from_bits(0x3ff82589994cce13),
    f64::from_bits(0x3ff868d99b4492ed),
    f64::from_bits(0x3ff8ace5422aa0db),
    f64::from_bits(0x3ff8f1ae99157736),
    f64::from_bits(0x3ff93737b0cdc5e5),
    f64::from_bits(0x3ff97d829fde4e50),
    f64::from_bits(0x3ff9c49182a3f090),
    f64::from_bits(0x3ffa0c667b5de565),
    f64::from_bits(0x3ffa5503b23e255d),
    f64::from_bits(0x3ffa9e6b5579fdbf),
    f64::from_bits(0x3ffae89f995ad3ad),
    f64::from_bits(0x3ffb33a2b84f15fb),
    f64::from_bits(0x3ffb7f76f2fb5e47),
    f64::from_bits(0x3ffbcc1e904bc1d2),
    f64::from_bits(0x3ffc199bdd85529c),
    f64::from_bits(0x3ffc67f12e57d14b),
    f64::from_bits(0x3ffcb720dcef9069),
    f64::from_bits(0x3ffd072d4a07897c),
    f64::from_bits(0x3ffd5818dcfba487),
    f64::from_bits(0x3ffda9e603db3285),
    f64::from_bits(0x3ffdfc97337b9b5f),
    f64::from_bits(0x3ffe502ee78b3ff6),
    f64::from_bits(0x3ffea4afa2a490da),
    f64::from_bits(0x3ffefa1bee615a27),
    f64::from_bits(0x3fff50765b6e4540),
    f64::from_bits(0x3fffa7c1819e90d8),
];

impl Dist {
    /// Draws one value.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.sampler.sample(rng)
    }

    /// The mean, or infinity where it does not exist (Pareto with shape <= 1).
    pub fn mean(&self) -> f64 {
        self.sampler.mean()
    }

    /// The sampling form.
    pub fn sampler(&self) -> &Sampler {
        &self.sampler
    }

    /// The parameters as given, with quantities of type `V` (`Duration` for times).
    pub fn spec<V: Magnitude>(&self) -> DistSpec<V> {
        self.spec.map(V::from_value)
    }
}

impl Sampler {
    /// Draws one value. The families of the built-in defaults (constant, exponential,
    /// lognormal) are drawn inline; the others in one function (`sample_other`), out of
    /// line, so that a customer's several draws do not each carry a copy of every
    /// family's code (the gamma's alone is several cache lines).
    #[inline(always)]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Sampler::Constant(v) => *v,
            Sampler::Exponential(mean) => {
                let e: f64 = Exp1.sample(rng);
                mean * e
            }
            Sampler::Lognormal { mu, sigma } => {
                let z: f64 = StandardNormal.sample(rng);
                exp(mu + sigma * z)
            }
            _ => self.sample_other(rng),
        }
    }

    /// Draws one value of the families [`Sampler::sample`] does not draw inline.
    #[inline(never)]
    fn sample_other<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Sampler::Constant(_) | Sampler::Exponential(_) | Sampler::Lognormal { .. } => {
                self.sample(rng)
            }
            Sampler::Gamma { gamma, .. } => gamma.sample(rng),
            Sampler::Uniform { lo, span } => lo + span * rng.random::<f64>(),
            Sampler::Pareto { scale, shape } => {
                // Inverse transform with U in (0, 1].
                let u = 1.0 - rng.random::<f64>();
                scale * u.powf(-1.0 / shape)
            }
            Sampler::Empirical { values, cumulative } => {
                let u = rng.random::<f64>();
                let i = cumulative.partition_point(|&c| c <= u);
                values[i.min(values.len() - 1)]
            }
        }
    }

    /// The mean, or infinity where it does not exist (Pareto with shape <= 1).
    pub fn mean(&self) -> f64 {
        match self {
            Sampler::Constant(v) => *v,
            Sampler::Exponential(m) => *m,
            Sampler::Lognormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            Sampler::Gamma { mean, .. } => *mean,
            Sampler::Uniform { lo, span } => lo + span / 2.0,
            Sampler::Pareto { scale, shape } => {
                if *shape > 1.0 {
                    shape * scale / (shape - 1.0)
                } else {
                    f64::INFINITY
                }
            }
            Sampler::Empirical { values, cumulative } => {
                let mut prev = 0.0;
                values
                    .iter()
                    .zip(cumulative)
                    .map(|(v, c)| {
                        let p = c - prev;
                        prev = *c;
                        v * p
                    })
                    .sum()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn spec(text: &str) -> DistSpec<Duration> {
        toml::from_str::<std::collections::BTreeMap<String, DistSpec<Duration>>>(&format!(
            "d = {text}"
        ))
        .map(|mut m| m.remove("d").expect("key d"))
        .unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn sample_mean(d: &Dist, n: usize) -> (f64, f64) {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
        (m, (var / n as f64).sqrt())
    }

    #[test]
    fn the_inline_exp_is_within_one_unit_in_the_last_place() {
        // Every lognormal draw goes through it: compare with the library's over the whole
        // range it takes (and beyond, where it hands over), and at the table's knots.
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut worst = 0.0f64;
        let knots = (-64 * 20..=64 * 20).map(|k| f64::from(k) * std::f64::consts::LN_2 / 64.0);
        let random = (0..400_000).map(|_| (rng.random::<f64>() - 0.5) * 1420.0);
        for x in knots.chain(random) {
            let (got, want) = (exp(x), x.exp());
            let ulp = f64::from_bits(want.to_bits() + 1) - want;
            worst = worst.max((got - want).abs() / ulp);
        }
        assert!(worst <= 1.0, "worst error {worst} units in the last place");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(800.0), f64::INFINITY);
        assert_eq!(exp(-800.0), 0.0);
        assert!(exp(f64::NAN).is_nan());
    }

    #[test]
    fn sample_means_match_the_analytic_means() {
        for text in [
            r#"{ dist = "exponential", mean = "10m" }"#,
            r#"{ dist = "lognormal", median = "5m", p90 = "15m" }"#,
            r#"{ dist = "gamma", mean = "1h", cv = 0.5 }"#,
            r#"{ dist = "uniform", min = "1m", max = "3m" }"#,
            r#"{ dist = "empirical", values = ["1m", "2m", "10m"], weights = [1, 2, 1] }"#,
            r#"{ dist = "pareto", scale = "1m", shape = 3.0 }"#,
            r#"{ dist = "constant", value = "4m" }"#,
        ] {
            let d = spec(text).validate("x", Support::Positive).expect(text);
            let (m, se) = sample_mean(&d, 200_000);
            let z = if se > 0.0 {
                (m - d.mean()) / se
            } else {
                m - d.mean()
            };
            assert!(
                z.abs() < 4.0,
                "{text}: sample mean {m}, mean {}, z {z}",
                d.mean()
            );
        }
    }

    #[test]
    fn lognormal_quantiles_are_the_given_ones() {
        let d = spec(r#"{ dist = "lognormal", median = "27.1m", p90 = "6h" }"#)
            .validate("x", Support::Positive)
            .expect("valid");
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let n = 400_000;
        let below_median = (0..n).filter(|_| d.sample(&mut rng) <= 27.1).count() as f64 / n as f64;
        let below_p90 = (0..n).filter(|_| d.sample(&mut rng) <= 360.0).count() as f64 / n as f64;
        let se = (0.25f64 / n as f64).sqrt();
        assert!((below_median - 0.5).abs() < 4.0 * se, "{below_median}");
        assert!((below_p90 - 0.9).abs() < 4.0 * se, "{below_p90}");
    }

    #[test]
    fn invalid_parameters_name_the_field() {
        let cases = [
            (r#"{ dist = "exponential", mean = "0m" }"#, "x.mean"),
            (
                r#"{ dist = "lognormal", median = "10m", p90 = "5m" }"#,
                "x.p90",
            ),
            (r#"{ dist = "gamma", mean = "1h", cv = -1.0 }"#, "x.cv"),
            (r#"{ dist = "uniform", min = "3m", max = "1m" }"#, "x.max"),
            (
                r#"{ dist = "empirical", values = ["1m"], weights = [1, 2] }"#,
                "x.weights",
            ),
            (
                r#"{ dist = "empirical", values = ["1m", "2m"], weights = [0, 0] }"#,
                "x.weights",
            ),
            (
                r#"{ dist = "pareto", scale = "1m", shape = 0.0 }"#,
                "x.shape",
            ),
        ];
        for (text, path) in cases {
            match spec(text).validate("x", Support::Positive) {
                Err(ScenarioError::Invalid { path: p, .. }) => assert_eq!(p, path, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn counts_must_be_whole_and_discrete() {
        let ok: DistSpec<f64> =
            toml::from_str::<std::collections::BTreeMap<String, DistSpec<f64>>>(
                r#"d = { dist = "empirical", values = [1, 2, 3], weights = [5, 3, 2] }"#,
            )
            .expect("parse")
            .remove("d")
            .expect("d");
        assert!(ok.validate("r", Support::Whole(1, 50)).is_ok());
        let frac = DistSpec::Constant { value: 1.5 };
        assert!(frac.validate("r", Support::Whole(1, 50)).is_err());
        let cont = DistSpec::Exponential { mean: 2.0 };
        assert!(cont.validate("r", Support::Whole(1, 50)).is_err());
    }

    #[test]
    fn unknown_keys_in_a_distribution_are_refused() {
        let r = toml::from_str::<std::collections::BTreeMap<String, DistSpec<Duration>>>(
            r#"d = { dist = "exponential", mean = "1m", median = "2m" }"#,
        );
        assert!(r.is_err());
    }
}
