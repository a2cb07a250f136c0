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
//!
//! The raw file is in `file`, the parameters and their domains in `parameter`, the grid
//! and the Latin hypercube in `design`, and the sweep's identity in `fingerprint`.

mod design;
mod file;
mod fingerprint;
mod parameter;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use toml::Value;

pub use design::{Design, Point};
pub use file::{ParameterFile, SweepFile};
pub use parameter::{Domain, Parameter, Role};
pub(crate) use parameter::{parse_value_text, value_text};

use super::SweepError;
use crate::scenario::error::{in_words, with_suggestion};
use crate::scenario::{DEFAULT_SCENARIO, MAX_REPLICATIONS, MAX_SEED, Scenario};
use design::design_values;
use parameter::parameter;

/// Largest number of points a sweep may have.
pub const MAX_POINTS: usize = 100_000;

/// The default seed of the Latin hypercube design.
pub const DEFAULT_LHS_SEED: u64 = 1;

/// The JSON Schema of sweep files (`carecast schema sweep`), generated from [`SweepFile`]
/// as [`crate::scenario::schema::scenario`] is from the scenario file. It cannot say the
/// rules between keys (grid keys or `min`/`max` by `design`, `from`/`to`/`step` together)
/// nor check the `base` file or the `set` overrides: the parser does.
pub fn schema() -> serde_json::Value {
    use crate::scenario::schema;
    let mut generated = schema::generated::<SweepFile>();
    if let Some(map) = generated.as_object_mut() {
        for key in ["$schema", "title", "description"] {
            map.remove(key);
        }
    }
    schema::titled(
        schema::tidy(generated),
        "carecast sweep file",
        "A parameter sweep of carecast (TOML): a base scenario, overrides for every point \
         and the parameters to vary on a grid or a Latin hypercube.",
    )
}

/// The base scenario of a sweep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// The built-in default scenario.
    Builtin,
    /// A scenario file (resolved against the sweep file's folder).
    File(PathBuf),
}

impl Base {
    /// The folder relative paths in the base scenario start from (none: the built-in
    /// default, which has none).
    pub fn folder(&self) -> Option<&Path> {
        match self {
            Base::Builtin => None,
            Base::File(p) => p.parent(),
        }
    }
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

/// The sweep file's `set` entries, each named as the file writes it (`set[0] `...``).
fn set_labelled(set: &[String]) -> Vec<(String, String)> {
    set.iter()
        .enumerate()
        .map(|(i, arg)| (arg.clone(), format!("set[{i}] `{arg}`")))
        .collect()
}

fn valid_sweep_name(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_alphanumeric())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && !n.contains("..")
        && n.len() <= 100
}

impl SweepSpec {
    /// Reads and validates a sweep file; a relative `base` is resolved against the file's
    /// folder. The path `-` reads standard input (named `<stdin>`, its `base` relative
    /// to the current directory, its default name `sweep`).
    pub fn load(path: &Path) -> Result<Self, SweepError> {
        let read = |error| SweepError::Read {
            path: path.display().to_string(),
            error,
        };
        if path == Path::new(crate::scenario::STDIN) {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(read)?;
            return Self::from_toml(&text, "<stdin>", Path::new("."));
        }
        let text = std::fs::read_to_string(path).map_err(read)?;
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
                message: crate::scenario::error::syntax_in_words(&e.to_string()),
            })?;
        if table.contains_key("arrivals") && !table.contains_key("parameters") {
            return Err(SweepError::WrongKind {
                file: origin.to_string(),
                message: format!(
                    "is a scenario file (it has `arrivals`), not a sweep: run `carecast run {origin}`, or name it as the `base` of a sweep file with [[parameters]]"
                ),
            });
        }
        let file: SweepFile =
            serde_path_to_error::deserialize(Value::Table(table)).map_err(|e| {
                let path = e.path().to_string();
                field(
                    if path == "." {
                        "(top level)".into()
                    } else {
                        path
                    },
                    with_suggestion(&in_words(e.inner().message(), &e.path().to_string())),
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
        let base_scenario = Scenario::from_toml_labelled(
            &base_text,
            &base_origin,
            &set_labelled(&file.set),
            base.folder(),
        )
        .map_err(|error| SweepError::Base {
            base: base_origin.clone(),
            error,
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
        for (key, value) in [("seed", Some(seed)), ("lhs_seed", file.lhs_seed)] {
            if let Some(v) = value.filter(|&v| v > MAX_SEED) {
                return Err(invalid(
                    key,
                    v,
                    format!(
                        "a whole number from 0 to {MAX_SEED} (2^63 - 1, the largest integer a TOML file holds)"
                    ),
                ));
            }
        }
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
            let mut overrides = set_labelled(&self.set);
            overrides.extend(
                self.parameters
                    .iter()
                    .zip(&values)
                    .enumerate()
                    .map(|(i, (p, v))| {
                        let arg = format!("{}={}", p.path, value_text(v));
                        let source = format!("parameters[{i}] `{arg}`");
                        (arg, source)
                    }),
            );
            let scenario = Scenario::from_toml_labelled(
                &self.base_text,
                &self.base_origin,
                &overrides,
                self.base.folder(),
            )
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
}
