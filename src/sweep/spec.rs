//! The sweep file: its raw serde image, its validation, and the resolved design.
//!
//! As for scenarios, the TOML text is first read into [`SweepFile`], a faithful image that
//! refuses unknown keys, then checked and expanded into a [`SweepSpec`]: the parameters
//! with their domains and every point of the design as a validated
//! [`Scenario`](crate::scenario::Scenario). An invalid point is refused before anything
//! runs, with its index, its parameter values and the scenario's own message.
//!
//! The Latin hypercube follows McKay, Beckman and Conover (1979): with `points = N`, each
//! parameter's range is cut into `N` strata of equal width and every stratum holds exactly
//! one point, at a uniform position inside it; the strata are paired across parameters by
//! independent random permutations drawn from a ChaCha8 stream of the fixed `lhs_seed`.

use std::path::{Path, PathBuf};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;
use toml::Value;

use super::SweepError;
use crate::scenario::{DEFAULT_SCENARIO, MAX_REPLICATIONS, Scenario, error::with_suggestion};

/// Largest number of points a sweep may have.
pub const MAX_POINTS: usize = 100_000;

/// The default seed of the Latin hypercube design.
pub const DEFAULT_LHS_SEED: u64 = 1;

/// Column names that a parameter name may not take in `points.csv`.
const RESERVED: [&str; 7] = ["point", "kpi", "mean", "std", "ci95_low", "ci95_high", "n"];

/// A sweep file as written: a faithful serde image that refuses unknown keys.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepFile {
    /// Sweep name (default: the file name without `.toml`).
    pub name: Option<String>,
    /// Base scenario: a path relative to the sweep file, or `"builtin"` (default).
    pub base: Option<String>,
    /// Overrides applied to every point, as `--set`.
    #[serde(default)]
    pub set: Vec<String>,
    /// Replications per point (default: the base scenario's).
    pub replications: Option<i64>,
    /// Master seed shared by every point (default: the base scenario's).
    pub seed: Option<u64>,
    /// `"grid"` (default) or `"lhs"`.
    pub design: Option<String>,
    /// Number of points of a Latin hypercube.
    pub points: Option<i64>,
    /// Seed of the Latin hypercube design.
    pub lhs_seed: Option<u64>,
    /// The parameters, in order (the first varies slowest in a grid).
    #[serde(default)]
    pub parameters: Vec<ParameterFile>,
}

/// One `[[parameters]]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterFile {
    /// Dotted scenario path, as for `--set`.
    pub path: Option<String>,
    /// Column name (default: the path).
    pub name: Option<String>,
    /// Grid: the values.
    pub values: Option<Vec<Value>>,
    /// Grid range: first value.
    pub from: Option<Value>,
    /// Grid range: last value (included when the steps land on it).
    pub to: Option<Value>,
    /// Grid range: step.
    pub step: Option<Value>,
    /// Latin hypercube: lower end.
    pub min: Option<Value>,
    /// Latin hypercube: upper end.
    pub max: Option<Value>,
    /// Latin hypercube: draw whole numbers.
    pub integer: Option<bool>,
}

/// The base scenario of a sweep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// The built-in default scenario.
    Builtin,
    /// A scenario file (resolved against the sweep file's folder).
    File(PathBuf),
}

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

/// What values a parameter takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Domain {
    /// Grid values (a `from`/`to`/`step` range is expanded into these).
    Values(Vec<Value>),
    /// A Latin hypercube range.
    Uniform {
        /// Lower end.
        min: f64,
        /// Upper end.
        max: f64,
        /// Whole numbers only (each in `min..=max`).
        integer: bool,
    },
}

/// A varied parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Column name in the outputs.
    pub name: String,
    /// Dotted scenario path, as for `--set`.
    pub path: String,
    /// Its values or range.
    pub domain: Domain,
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

/// A validated sweep: parameters, design and every resolved point.
#[derive(Debug, Clone)]
pub struct SweepSpec {
    /// Sweep name (safe as a folder name).
    pub name: String,
    /// Where the base scenario comes from.
    pub base: Base,
    /// The base scenario's name.
    pub base_name: String,
    /// Overrides applied to every point.
    pub set: Vec<String>,
    /// Replications per point.
    pub replications: u32,
    /// Master seed of every point (common random numbers across points).
    pub seed: u64,
    /// Grid or Latin hypercube.
    pub design: Design,
    /// The parameters, in order.
    pub parameters: Vec<Parameter>,
    points: Vec<Point>,
    base_text: String,
    base_origin: String,
}

fn field(path: impl Into<String>, message: impl Into<String>) -> SweepError {
    SweepError::Field {
        path: path.into(),
        message: message.into(),
    }
}

fn invalid(
    path: impl Into<String>,
    value: impl std::fmt::Display,
    allowed: impl Into<String>,
) -> SweepError {
    SweepError::Invalid {
        path: path.into(),
        value: value.to_string(),
        allowed: allowed.into(),
    }
}

fn valid_sweep_name(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_alphanumeric())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && !n.contains("..")
        && n.len() <= 100
}

fn valid_column(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 100
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.[]".contains(c))
        && !RESERVED.contains(&n)
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

/// The TOML text of a value, as given to `--set` and shown in `points.csv`.
pub(crate) fn value_text(v: &Value) -> String {
    v.to_string()
}

/// Reads back a value written by [`value_text`].
pub(crate) fn parse_value_text(text: &str) -> Option<Value> {
    let mut t: toml::Table = format!("v = {text}").parse().ok()?;
    t.remove("v")
}

/// Number of decimals in the shortest representation of `x` (None in exponent form).
fn decimals(x: f64) -> Option<i32> {
    let s = x.to_string();
    if s.contains(['e', 'E']) {
        return None;
    }
    Some(s.split_once('.').map_or(0, |(_, f)| f.len() as i32))
}

/// `from, from + step, ...` up to `to`, computed without accumulating rounding errors and
/// rounded to the decimals written (so 0.1 steps give 0.3, not 0.30000000000000004).
fn range_values(
    at: &str,
    from: &Value,
    to: &Value,
    step: &Value,
) -> Result<Vec<Value>, SweepError> {
    let num = |key: &str, v: &Value| {
        number(v).ok_or_else(|| invalid(format!("{at}.{key}"), v, "a finite number"))
    };
    let (f, t, s) = (num("from", from)?, num("to", to)?, num("step", step)?);
    if s <= 0.0 {
        return Err(invalid(format!("{at}.step"), step, "a number > 0"));
    }
    if t < f {
        return Err(invalid(
            format!("{at}.to"),
            to,
            format!("a number >= `from` ({from})"),
        ));
    }
    let count = ((t - f) / s + 1e-9).floor() + 1.0;
    if count > MAX_POINTS as f64 {
        return Err(invalid(
            format!("{at}.step"),
            step,
            format!("a step giving at most {MAX_POINTS} values from {from} to {to}"),
        ));
    }
    let count = count as usize;
    if let (Value::Integer(fi), Value::Integer(_), Value::Integer(si)) = (from, to, step) {
        return Ok((0..count as i64)
            .map(|k| Value::Integer(fi + k * si))
            .collect());
    }
    let scale = match (decimals(f), decimals(s)) {
        (Some(a), Some(b)) if a.max(b) <= 12 => Some(10f64.powi(a.max(b))),
        _ => None,
    };
    Ok((0..count)
        .map(|k| {
            let x = f + k as f64 * s;
            let x = match scale {
                Some(p) if (x * p).abs() < 9e15 => (x * p).round() / p,
                _ => x,
            };
            Value::Float(x)
        })
        .collect())
}

fn uniform_domain(
    at: &str,
    p: &ParameterFile,
    min: &Value,
    max: &Value,
) -> Result<Domain, SweepError> {
    let integer = p.integer.unwrap_or(false);
    let check = |key: &str, v: &Value| -> Result<f64, SweepError> {
        if integer {
            match v {
                Value::Integer(i) => Ok(*i as f64),
                _ => Err(invalid(
                    format!("{at}.{key}"),
                    v,
                    "a whole number (the parameter has `integer = true`)",
                )),
            }
        } else {
            number(v).ok_or_else(|| invalid(format!("{at}.{key}"), v, "a finite number"))
        }
    };
    let (lo, hi) = (check("min", min)?, check("max", max)?);
    if hi <= lo {
        return Err(invalid(
            format!("{at}.max"),
            max,
            format!("a number > `min` ({min})"),
        ));
    }
    Ok(Domain::Uniform {
        min: lo,
        max: hi,
        integer,
    })
}

fn parameter(i: usize, p: &ParameterFile, lhs: bool) -> Result<Parameter, SweepError> {
    let at = format!("parameters[{i}]");
    let path = p
        .path
        .as_deref()
        .map(str::trim)
        .ok_or_else(|| field(&at, "missing field `path`: the dotted scenario path to vary, e.g. path = \"staffing.groups[0].agents\""))?;
    if path.is_empty() || path.contains('=') {
        return Err(invalid(
            format!("{at}.path"),
            format!("\"{path}\""),
            "a dotted scenario path as for --set, e.g. \"staffing.groups[0].agents\"",
        ));
    }
    if path == "seed" || path == "replications" {
        return Err(invalid(
            format!("{at}.path"),
            format!("\"{path}\""),
            format!(
                "a scenario value other than `{path}`: every point shares the sweep's `{path}` (set it at the top of the sweep file)"
            ),
        ));
    }
    let name = p.name.clone().unwrap_or_else(|| path.to_string());
    if !valid_column(&name) {
        return Err(invalid(
            format!("{at}.name"),
            format!("\"{name}\""),
            format!(
                "a column name of letters, digits, `-`, `_`, `.`, `[` or `]`, other than {}",
                RESERVED.map(|r| format!("`{r}`")).join(", ")
            ),
        ));
    }
    let grid_keys = [
        ("values", p.values.is_some()),
        ("from", p.from.is_some()),
        ("to", p.to.is_some()),
        ("step", p.step.is_some()),
    ];
    let lhs_keys = [
        ("min", p.min.is_some()),
        ("max", p.max.is_some()),
        ("integer", p.integer.is_some()),
    ];
    let domain = if lhs {
        if let Some((k, _)) = grid_keys.iter().find(|(_, set)| *set) {
            return Err(field(
                format!("{at}.{k}"),
                "a Latin hypercube (design = \"lhs\") parameter takes `min`, `max` and optionally `integer`, not grid values",
            ));
        }
        match (&p.min, &p.max) {
            (Some(min), Some(max)) => uniform_domain(&at, p, min, max)?,
            _ => {
                return Err(field(
                    &at,
                    "missing `min` or `max`: a Latin hypercube parameter takes a range, e.g. min = 60, max = 120",
                ));
            }
        }
    } else {
        if let Some((k, _)) = lhs_keys.iter().find(|(_, set)| *set) {
            return Err(field(
                format!("{at}.{k}"),
                "`min`, `max` and `integer` are for design = \"lhs\"; a grid parameter takes `values = [...]` or `from`, `to` and `step`",
            ));
        }
        let values = match (&p.values, &p.from, &p.to, &p.step) {
            (Some(v), None, None, None) => v.clone(),
            (None, Some(f), Some(t), Some(s)) => range_values(&at, f, t, s)?,
            (None, None, None, None) => {
                return Err(field(
                    &at,
                    "missing values: give `values = [...]`, or a range with `from`, `to` and `step`",
                ));
            }
            (Some(_), ..) => {
                return Err(field(
                    &at,
                    "give either `values` or `from`/`to`/`step`, not both",
                ));
            }
            _ => {
                return Err(field(
                    &at,
                    "a range needs all three of `from`, `to` and `step`",
                ));
            }
        };
        if values.is_empty() {
            return Err(invalid(format!("{at}.values"), "[]", "at least one value"));
        }
        for (k, v) in values.iter().enumerate() {
            if values[..k].contains(v) {
                return Err(invalid(
                    format!("{at}.values[{k}]"),
                    v,
                    "distinct values (this one is listed twice)",
                ));
            }
        }
        Domain::Values(values)
    };
    Ok(Parameter {
        name,
        path: path.to_string(),
        domain,
    })
}

/// The design's points as parameter values (no scenario yet).
fn design_values(design: Design, parameters: &[Parameter]) -> Result<Vec<Vec<Value>>, SweepError> {
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

impl SweepSpec {
    /// Reads and validates a sweep file; a relative `base` is resolved against the file's
    /// folder.
    pub fn load(path: &Path) -> Result<Self, SweepError> {
        let text = std::fs::read_to_string(path).map_err(|error| SweepError::Read {
            path: path.display().to_string(),
            error,
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        Self::from_toml(&text, &path.display().to_string(), dir)
    }

    /// Parses and validates sweep text. `origin` names the source in messages (and its file
    /// stem is the default sweep name); a relative `base` is resolved against `dir`.
    pub fn from_toml(text: &str, origin: &str, dir: &Path) -> Result<Self, SweepError> {
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| SweepError::Syntax {
                file: origin.to_string(),
                message: e.to_string(),
            })?;
        let file: SweepFile =
            serde_path_to_error::deserialize(Value::Table(table)).map_err(|e| {
                let path = e.path().to_string();
                field(
                    if path == "." {
                        "(top level)".into()
                    } else {
                        path
                    },
                    with_suggestion(e.inner().message()),
                )
            })?;
        Self::from_file(file, origin, dir)
    }

    /// Validates a parsed sweep file and resolves every point.
    pub fn from_file(file: SweepFile, origin: &str, dir: &Path) -> Result<Self, SweepError> {
        let name = match &file.name {
            Some(n) if !valid_sweep_name(n) => {
                return Err(invalid(
                    "name",
                    format!("\"{n}\""),
                    "a name that starts with a letter or digit, then letters, digits, `-`, `_` or `.` (no `..`)",
                ));
            }
            Some(n) => n.clone(),
            None => Path::new(origin)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| valid_sweep_name(s))
                .unwrap_or_else(|| "sweep".into()),
        };
        let base = match file.base.as_deref().map(str::trim) {
            None | Some("builtin") => Base::Builtin,
            Some("") => {
                return Err(invalid(
                    "base",
                    "\"\"",
                    "a scenario file path or \"builtin\"",
                ));
            }
            Some(p) => Base::File(dir.join(p)),
        };
        let (base_text, base_origin) = match &base {
            Base::Builtin => (
                DEFAULT_SCENARIO.to_string(),
                "<built-in retail-week>".to_string(),
            ),
            Base::File(p) => {
                let text = std::fs::read_to_string(p).map_err(|error| SweepError::Read {
                    path: p.display().to_string(),
                    error,
                })?;
                (text, p.display().to_string())
            }
        };
        let base_scenario =
            Scenario::from_toml(&base_text, &base_origin, &file.set).map_err(|error| {
                SweepError::Base {
                    base: base_origin.clone(),
                    error,
                }
            })?;
        let replications = match file.replications {
            None => base_scenario.replications,
            Some(r) if (1..=MAX_REPLICATIONS).contains(&r) => r as u32,
            Some(r) => {
                return Err(invalid(
                    "replications",
                    r,
                    format!("a whole number from 1 to {MAX_REPLICATIONS}"),
                ));
            }
        };
        let seed = file.seed.unwrap_or(base_scenario.seed);
        let lhs = match file.design.as_deref() {
            None | Some("grid") => false,
            Some("lhs") => true,
            Some(d) => {
                return Err(invalid(
                    "design",
                    format!("\"{d}\""),
                    "one of \"grid\" (full factorial, the default) or \"lhs\" (Latin hypercube)",
                ));
            }
        };
        let design = if lhs {
            let points = match file.points {
                Some(n) if (1..=MAX_POINTS as i64).contains(&n) => n as usize,
                Some(n) => {
                    return Err(invalid(
                        "points",
                        n,
                        format!("a whole number from 1 to {MAX_POINTS}"),
                    ));
                }
                None => {
                    return Err(field(
                        "points",
                        "missing: a Latin hypercube needs the number of points, e.g. points = 20",
                    ));
                }
            };
            Design::Lhs {
                points,
                seed: file.lhs_seed.unwrap_or(DEFAULT_LHS_SEED),
            }
        } else {
            for (key, set) in [
                ("points", file.points.is_some()),
                ("lhs_seed", file.lhs_seed.is_some()),
            ] {
                if set {
                    return Err(field(
                        key,
                        "only for design = \"lhs\"; a grid's points are the product of its parameters' values",
                    ));
                }
            }
            Design::Grid
        };
        if file.parameters.is_empty() {
            return Err(field(
                "parameters",
                "missing: a sweep varies at least one parameter, e.g. [[parameters]] path = \"policy.discipline\" values = [\"fifo\", \"lifo\"]",
            ));
        }
        let parameters = file
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| parameter(i, p, lhs))
            .collect::<Result<Vec<_>, _>>()?;
        for (i, p) in parameters.iter().enumerate() {
            if parameters[..i].iter().any(|q| q.path == p.path) {
                return Err(invalid(
                    format!("parameters[{i}].path"),
                    format!("\"{}\"", p.path),
                    "a path not varied by another parameter",
                ));
            }
            if let Some(q) = parameters[..i].iter().find(|q| q.name == p.name) {
                return Err(invalid(
                    format!("parameters[{i}].name"),
                    format!("\"{}\"", p.name),
                    format!("a name not used by another parameter (`{}` has it)", q.path),
                ));
            }
        }
        let mut spec = SweepSpec {
            name,
            base,
            base_name: base_scenario.name.clone(),
            set: file.set,
            replications,
            seed,
            design,
            parameters,
            points: Vec::new(),
            base_text,
            base_origin,
        };
        spec.resolve()?;
        Ok(spec)
    }

    /// Builds and validates every point's scenario.
    fn resolve(&mut self) -> Result<(), SweepError> {
        let values = design_values(self.design, &self.parameters)?;
        let mut points = Vec::with_capacity(values.len());
        for (index, values) in values.into_iter().enumerate() {
            let mut overrides = self.set.clone();
            overrides.extend(
                self.parameters
                    .iter()
                    .zip(&values)
                    .map(|(p, v)| format!("{}={}", p.path, value_text(v))),
            );
            let scenario = Scenario::from_toml(&self.base_text, &self.base_origin, &overrides)
                .map_err(|error| SweepError::Point {
                    index,
                    values: self.describe_values(&values),
                    error,
                })?
                .with_run(Some(self.seed), Some(self.replications));
            points.push(Point {
                index,
                values,
                scenario,
            });
        }
        self.points = points;
        Ok(())
    }

    /// `name = value, ...` for messages.
    pub(crate) fn describe_values(&self, values: &[Value]) -> String {
        self.parameters
            .iter()
            .zip(values)
            .map(|(p, v)| format!("{} = {}", p.name, value_text(v)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The same sweep with another seed and/or replication count (as `--seed`/`--reps`).
    pub fn with_run(mut self, seed: Option<u64>, replications: Option<u32>) -> Self {
        if let Some(s) = seed {
            self.seed = s;
        }
        if let Some(r) = replications {
            self.replications = r.max(1);
        }
        let (seed, reps) = (self.seed, self.replications);
        for p in &mut self.points {
            p.scenario = p.scenario.clone().with_run(Some(seed), Some(reps));
        }
        self
    }

    /// Every point of the design, in index order.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// The sweep's fingerprint: an FNV-1a 128 hash (32 hex digits) of the canonical
    /// resolved sweep (carecast version, name, design, parameters, replications, seed and
    /// every point's values and resolved scenario). Two folders hold the same sweep exactly
    /// when their fingerprints agree.
    pub fn fingerprint(&self) -> String {
        let mut h = super::journal::Fnv128::new();
        let mut line = |s: &str| {
            h.write(s.as_bytes());
            h.write(b"\n");
        };
        line("carecast sweep fingerprint v1");
        line(&format!("carecast {}", crate::output::VERSION));
        line(&format!("name {}", self.name));
        line(&format!("base {}", self.base_name));
        match self.design {
            Design::Grid => line("design grid"),
            Design::Lhs { points, seed } => line(&format!("design lhs {points} {seed}")),
        }
        line(&format!("replications {}", self.replications));
        line(&format!("seed {}", self.seed));
        for p in &self.parameters {
            line(&format!("parameter {} {}", p.name, p.path));
        }
        for p in &self.points {
            line(&format!(
                "point {} {}",
                p.index,
                self.describe_values(&p.values)
            ));
            line(&p.scenario.to_toml());
        }
        h.hex()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Result<SweepSpec, SweepError> {
        SweepSpec::from_toml(text, "test.toml", Path::new("."))
    }

    fn err(text: &str) -> String {
        spec(text)
            .map(|_| String::new())
            .unwrap_or_else(|e| e.to_string())
    }

    const GRID: &str = r#"
set = ['horizon="1d"']
replications = 2
[[parameters]]
name = "day"
path = "staffing.groups[0].agents"
from = 20
to = 28
step = 4
[[parameters]]
path = "policy.discipline"
values = ["fifo", "lifo"]
"#;

    #[test]
    fn grid_is_the_product_with_the_first_parameter_slowest() {
        let s = spec(GRID).expect("valid");
        assert_eq!(s.name, "test");
        assert_eq!(s.points().len(), 6);
        let shown: Vec<String> = s
            .points()
            .iter()
            .map(|p| s.describe_values(&p.values))
            .collect();
        assert_eq!(shown[0], "day = 20, policy.discipline = \"fifo\"");
        assert_eq!(shown[1], "day = 20, policy.discipline = \"lifo\"");
        assert_eq!(shown[5], "day = 28, policy.discipline = \"lifo\"");
        let p5 = &s.points()[5].scenario;
        assert_eq!(p5.groups[0].agents, 28);
        assert_eq!(p5.policy.discipline, crate::scenario::Discipline::Lifo);
        assert_eq!(p5.replications, 2);
        assert_eq!(p5.horizon_min, 1440.0);
    }

    #[test]
    fn float_ranges_land_on_the_decimals_written() {
        let v = range_values(
            "p",
            &Value::Float(0.1),
            &Value::Float(0.5),
            &Value::Float(0.1),
        )
        .expect("range");
        let shown: Vec<String> = v.iter().map(value_text).collect();
        assert_eq!(shown, ["0.1", "0.2", "0.3", "0.4", "0.5"]);
        let v = range_values(
            "p",
            &Value::Integer(1),
            &Value::Integer(10),
            &Value::Integer(4),
        )
        .expect("range");
        assert_eq!(v, [Value::Integer(1), Value::Integer(5), Value::Integer(9)]);
        let v = range_values(
            "p",
            &Value::Integer(60),
            &Value::Integer(90),
            &Value::Float(7.5),
        )
        .expect("range");
        assert_eq!(v.len(), 5);
        assert_eq!(v[4], Value::Float(90.0));
    }

    #[test]
    fn latin_hypercube_puts_one_point_per_stratum() {
        let params = vec![
            Parameter {
                name: "a".into(),
                path: "a".into(),
                domain: Domain::Uniform {
                    min: 60.0,
                    max: 120.0,
                    integer: false,
                },
            },
            Parameter {
                name: "b".into(),
                path: "b".into(),
                domain: Domain::Uniform {
                    min: 0.001,
                    max: 0.002,
                    integer: false,
                },
            },
        ];
        for n in [1, 7, 50] {
            let pts = latin_hypercube(n, 3, &params);
            assert_eq!(pts.len(), n);
            for (j, p) in params.iter().enumerate() {
                let Domain::Uniform { min, max, .. } = p.domain else {
                    unreachable!()
                };
                let mut strata: Vec<usize> = pts
                    .iter()
                    .map(|pt| {
                        let x = pt[j].as_float().expect("float");
                        assert!((min..=max).contains(&x));
                        ((x - min) / (max - min) * n as f64).floor() as usize
                    })
                    .collect();
                strata.sort_unstable();
                assert_eq!(strata, (0..n).collect::<Vec<_>>(), "parameter {j}, n = {n}");
            }
            assert_eq!(pts, latin_hypercube(n, 3, &params), "reproducible");
        }
        assert_ne!(
            latin_hypercube(7, 3, &params),
            latin_hypercube(7, 4, &params)
        );
    }

    #[test]
    fn integer_latin_hypercube_covers_every_whole_number() {
        let params = vec![Parameter {
            name: "k".into(),
            path: "k".into(),
            domain: Domain::Uniform {
                min: 10.0,
                max: 14.0,
                integer: true,
            },
        }];
        let mut got: Vec<i64> = latin_hypercube(5, 9, &params)
            .iter()
            .map(|p| p[0].as_integer().expect("integer"))
            .collect();
        got.sort_unstable();
        assert_eq!(got, [10, 11, 12, 13, 14]);
    }

    #[test]
    fn lhs_file_validates_and_resolves() {
        let text = r#"
design = "lhs"
points = 4
set = ['horizon="1d"']
[[parameters]]
path = "arrivals.rate_per_h"
min = 60
max = 100
[[parameters]]
name = "day"
path = "staffing.groups[0].agents"
min = 18
max = 30
integer = true
"#;
        let s = spec(text).expect("valid");
        assert_eq!(s.points().len(), 4);
        assert_eq!(
            s.design,
            Design::Lhs {
                points: 4,
                seed: DEFAULT_LHS_SEED
            }
        );
        for p in s.points() {
            let rate = p.values[0].as_float().expect("float");
            assert_eq!(p.scenario.arrivals.rate_per_h, rate);
            assert_eq!(
                i64::from(p.scenario.groups[0].agents),
                p.values[1].as_integer().expect("int")
            );
        }
        assert_eq!(s.fingerprint(), spec(text).expect("valid").fingerprint());
    }

    #[test]
    fn fingerprint_follows_every_input() {
        let a = spec(GRID).expect("valid");
        let fp = a.fingerprint();
        assert_eq!(fp.len(), 32);
        assert_ne!(fp, a.clone().with_run(Some(2), None).fingerprint());
        assert_ne!(fp, a.clone().with_run(None, Some(3)).fingerprint());
        assert_ne!(
            fp,
            spec(&GRID.replace("to = 28", "to = 24"))
                .expect("ok")
                .fingerprint()
        );
        assert_ne!(
            fp,
            spec(&GRID.replace("horizon=\"1d\"", "horizon=\"2d\""))
                .map(|s| s.fingerprint())
                .unwrap_or_default()
        );
        let seed = a.seed;
        assert_eq!(fp, a.with_run(Some(seed), None).fingerprint());
    }

    #[test]
    fn bad_files_name_the_field_the_value_and_what_is_allowed() {
        let cases: &[(&str, &str)] = &[
            (
                "[[parameters]]\npath = \"policy.discipline\"\nvaluse = [1]",
                "did you mean `values`?",
            ),
            ("desgin = \"lhs\"", "did you mean `design`?"),
            (
                "design = \"sobol\"\n[[parameters]]\npath=\"a\"\nvalues=[1]",
                "`design` = \"sobol\"",
            ),
            ("", "`parameters`: missing"),
            (
                "design = \"lhs\"\n[[parameters]]\npath = \"arrivals.rate_per_h\"\nmin = 1\nmax = 2",
                "`points`: missing",
            ),
            (
                "points = 3\n[[parameters]]\npath=\"a\"\nvalues=[1]",
                "only for design = \"lhs\"",
            ),
            (
                "[[parameters]]\npath = \"a\"\nmin = 1\nmax = 2",
                "for design = \"lhs\"",
            ),
            (
                "[[parameters]]\npath = \"a\"\nfrom = 1\nto = 2",
                "all three",
            ),
            (
                "[[parameters]]\npath = \"a\"\nfrom = 1\nto = 5\nstep = 0",
                "`parameters[0].step` = 0: a number > 0",
            ),
            (
                "[[parameters]]\npath = \"a\"\nfrom = 5\nto = 1\nstep = 1",
                "`parameters[0].to` = 1",
            ),
            (
                "[[parameters]]\npath = \"a\"\nvalues = []",
                "at least one value",
            ),
            (
                "[[parameters]]\npath = \"a\"\nvalues = [1, 1]",
                "listed twice",
            ),
            (
                "[[parameters]]\npath = \"seed\"\nvalues = [1, 2]",
                "sweep's `seed`",
            ),
            (
                "[[parameters]]\npath = \"a\"\nname = \"kpi\"\nvalues = [1]",
                "`parameters[0].name` = \"kpi\"",
            ),
            (
                "[[parameters]]\npath = \"a\"\nvalues = [1]\n[[parameters]]\npath = \"a\"\nvalues = [2]",
                "not varied by another",
            ),
            (
                "replications = 0\n[[parameters]]\npath = \"a\"\nvalues = [1]",
                "`replications` = 0",
            ),
            (
                "name = \"../x\"\n[[parameters]]\npath = \"a\"\nvalues = [1]",
                "`name` = \"../x\"",
            ),
            (
                "design = \"lhs\"\npoints = 2\n[[parameters]]\npath = \"a\"\nmin = 2\nmax = 1",
                "`parameters[0].max` = 1",
            ),
            (
                "design = \"lhs\"\npoints = 2\n[[parameters]]\npath = \"a\"\nmin = 1.5\nmax = 3\ninteger = true",
                "whole number",
            ),
            (
                "set = ['horizon=\"-1d\"']\n[[parameters]]\npath = \"a\"\nvalues = [1]",
                "base scenario",
            ),
            (
                "base = \"nope/missing.toml\"\n[[parameters]]\npath = \"a\"\nvalues = [1]",
                "cannot read",
            ),
        ];
        for (text, needle) in cases {
            let msg = err(text);
            assert!(
                msg.contains(needle),
                "{text:?}\n  gave: {msg}\n  expected: {needle}"
            );
        }
    }

    #[test]
    fn an_invalid_point_is_named_before_anything_runs() {
        let text = r#"
[[parameters]]
path = "policy.discipline"
values = ["fifo", "random"]
[[parameters]]
path = "staffing.groups[0].agents"
values = [10]
"#;
        let msg = err(text);
        assert!(msg.contains("sweep point 1"), "{msg}");
        assert!(msg.contains("policy.discipline = \"random\""), "{msg}");
        assert!(msg.contains("`policy.discipline`"), "{msg}");
        let msg = err("[[parameters]]\npath = \"staffing.groupz[0].agents\"\nvalues = [1]");
        assert!(
            msg.contains("sweep point 0") && msg.contains("groupz"),
            "{msg}"
        );
    }
}
