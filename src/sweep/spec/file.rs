//! The sweep file as written: a faithful serde image of the TOML that refuses unknown
//! keys, checked only later (see [`SweepSpec::from_file`](super::SweepSpec::from_file)).

use serde::Deserialize;
use toml::Value;

/// A sweep file as written: a faithful serde image that refuses unknown keys.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
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
    #[schemars(range(min = 1, max = crate::scenario::MAX_REPLICATIONS))]
    pub replications: Option<i64>,
    /// Master seed shared by every point (default: the base scenario's).
    #[schemars(range(max = crate::scenario::MAX_SEED))]
    pub seed: Option<u64>,
    /// `"grid"` (default) or `"lhs"`.
    #[schemars(extend("enum" = ["grid", "lhs"]))]
    pub design: Option<String>,
    /// Number of points of a Latin hypercube.
    #[schemars(range(min = 1, max = super::MAX_POINTS))]
    pub points: Option<i64>,
    /// Seed of the Latin hypercube design.
    #[schemars(range(max = crate::scenario::MAX_SEED))]
    pub lhs_seed: Option<u64>,
    /// The parameters, in order (the first varies slowest in a grid).
    #[serde(default)]
    pub parameters: Vec<ParameterFile>,
}

/// One `[[parameters]]` entry as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParameterFile {
    /// Dotted scenario path, as for `--set`.
    #[schemars(required)]
    pub path: Option<String>,
    /// Column name (default: the path).
    pub name: Option<String>,
    /// Grid: the values.
    #[schemars(with = "Option<Vec<serde_json::Value>>")]
    pub values: Option<Vec<Value>>,
    /// Grid range: first value.
    #[schemars(with = "Option<f64>")]
    pub from: Option<Value>,
    /// Grid range: last value (included when the steps land on it).
    #[schemars(with = "Option<f64>")]
    pub to: Option<Value>,
    /// Grid range: step.
    #[schemars(with = "Option<f64>")]
    pub step: Option<Value>,
    /// Latin hypercube: lower end.
    #[schemars(with = "Option<f64>")]
    pub min: Option<Value>,
    /// Latin hypercube: upper end.
    #[schemars(with = "Option<f64>")]
    pub max: Option<Value>,
    /// Latin hypercube: draw whole numbers.
    pub integer: Option<bool>,
    /// `"decision"` (a manager controls it) or `"assumption"` (the world the plans face);
    /// default by path ([`Role::default_for`](super::Role::default_for)).
    #[schemars(extend("enum" = ["decision", "assumption"]))]
    pub role: Option<String>,
}
