//! The varied parameters and their domains: grid values (listed, or a `from`/`to`/`step`
//! range landing on the decimals written) or a Latin hypercube range, each validated with
//! the path of the offending key; and the TOML text of a value as `--set` and `points.csv`
//! write it.

use toml::Value;

use super::{MAX_POINTS, ParameterFile, SweepError, field, invalid};

/// Column names that a parameter name may not take in `points.csv`.
const RESERVED: [&str; 7] = ["point", "kpi", "mean", "std", "ci95_low", "ci95_high", "n"];

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

/// Whether a manager controls a parameter (a decision: staffing, policy, the bot) or it
/// describes the world the plans face (an assumption: demand, customers, costs, ...). The
/// cost / recommend-rate frontier compares decisions only, between points that share the
/// assumptions' values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A choice of the plan (staffing, policy, bot).
    Decision,
    /// A fact about the world (demand, customers, channels, outcomes, costs, the run).
    Assumption,
}

/// The scenario sections whose keys are decisions by default.
const DECISION_SECTIONS: [&str; 3] = ["staffing", "policy", "bot"];

impl Role {
    /// The default role of a dotted scenario path: `staffing.*`, `policy.*` and `bot.*`
    /// are decisions, everything else an assumption.
    pub fn default_for(path: &str) -> Self {
        let section = path.split(['.', '[']).next().unwrap_or("");
        if DECISION_SECTIONS.contains(&section) {
            Role::Decision
        } else {
            Role::Assumption
        }
    }

    /// The role as the sweep file and `sweep.json` write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Decision => "decision",
            Role::Assumption => "assumption",
        }
    }

    /// Reads `"decision"` or `"assumption"`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "decision" => Some(Role::Decision),
            "assumption" => Some(Role::Assumption),
            _ => None,
        }
    }
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
    /// Decision or assumption.
    pub role: Role,
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
pub(super) fn range_values(
    at: &str,
    from: &Value,
    to: &Value,
    step: &Value,
) -> Result<Vec<Value>, SweepError> {
    let num = |key: &str, v: &Value| {
        number(v).ok_or_else(|| invalid(format!("{at}.{key}"), v, "a finite number"))
    };
    if let (Value::Integer(fi), Value::Integer(ti), Value::Integer(si)) = (from, to, step) {
        return integer_range(at, (*fi, *ti, *si), (from, to, step));
    }
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

/// A range of whole numbers, computed exactly: `from, from + step, ...` up to `to`, every
/// value checked to stay an integer of TOML (a step that would overflow is refused).
fn integer_range(
    at: &str,
    (f, t, s): (i64, i64, i64),
    (from, to, step): (&Value, &Value, &Value),
) -> Result<Vec<Value>, SweepError> {
    if s <= 0 {
        return Err(invalid(format!("{at}.step"), step, "a number > 0"));
    }
    if t < f {
        return Err(invalid(
            format!("{at}.to"),
            to,
            format!("a number >= `from` ({from})"),
        ));
    }
    // In i128 the span and the count cannot overflow.
    let count = (i128::from(t) - i128::from(f)) / i128::from(s) + 1;
    if count > MAX_POINTS as i128 {
        return Err(invalid(
            format!("{at}.step"),
            step,
            format!("a step giving at most {MAX_POINTS} values from {from} to {to}"),
        ));
    }
    (0..count)
        .map(|k| {
            let v = i128::from(f) + k * i128::from(s);
            i64::try_from(v).map(Value::Integer).map_err(|_| {
                invalid(
                    format!("{at}.step"),
                    step,
                    "a step whose values stay whole numbers of at most 2^63 - 1",
                )
            })
        })
        .collect()
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
            // The design draws in floating point: beyond 2^53 whole numbers are not exact.
            const EXACT: i64 = 1 << 53;
            match v {
                Value::Integer(i) if (-EXACT..=EXACT).contains(i) => Ok(*i as f64),
                Value::Integer(_) => Err(invalid(
                    format!("{at}.{key}"),
                    v,
                    "a whole number from -2^53 to 2^53 (9007199254740992)",
                )),
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

pub(super) fn parameter(i: usize, p: &ParameterFile, lhs: bool) -> Result<Parameter, SweepError> {
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
    let role = match p.role.as_deref() {
        None => Role::default_for(path),
        Some(r) => Role::parse(r).ok_or_else(|| {
            invalid(
                format!("{at}.role"),
                format!("\"{r}\""),
                "\"decision\" (a manager controls it) or \"assumption\" (the world the plans face)",
            )
        })?,
    };
    Ok(Parameter {
        name,
        path: path.to_string(),
        domain,
        role,
    })
}
