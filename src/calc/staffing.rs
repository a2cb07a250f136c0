//! The staffing search: the fewest agents meeting a service-level and/or abandonment
//! target (gallop, then bisect, then confirm), and the table of agents around it.

use serde::Serialize;

use super::evaluation::evaluate_row;
use super::format::num;
use super::{CalcError, Evaluation, Inputs, MAX_AGENTS, Metrics, Model, evaluate};

/// Staffing targets; at least one must be given for a search.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Targets {
    /// Minimum share of all arrivals answered within the threshold (`--sl`), compared
    /// with [`Metrics::answered_within`].
    pub service_level: Option<f64>,
    /// Maximum share of arrivals who abandon (`--max-abandon`, Erlang A only).
    pub max_abandon: Option<f64>,
}

impl Targets {
    /// Whether any target is given.
    pub fn any(&self) -> bool {
        self.service_level.is_some() || self.max_abandon.is_some()
    }

    /// Whether `m` meets every given target.
    pub fn met_by(&self, m: &Metrics) -> bool {
        self.service_level.is_none_or(|s| m.answered_within >= s)
            && self
                .max_abandon
                .is_none_or(|a| m.p_abandon.is_some_and(|p| p <= a))
    }

    /// Checks the targets against the inputs.
    ///
    /// # Errors
    /// [`CalcError::Invalid`] for a share outside `(0, 1)` or `--max-abandon` without
    /// `--patience`.
    pub fn validate(&self, inputs: &Inputs) -> Result<(), CalcError> {
        for (option, share) in [
            ("--sl", self.service_level),
            ("--max-abandon", self.max_abandon),
        ] {
            match share {
                Some(v) if !(v > 0.0 && v < 1.0) => {
                    return Err(CalcError::Invalid {
                        option,
                        value: v.to_string(),
                        allowed: "give a share strictly between 0 and 1, such as 0.8".into(),
                    });
                }
                _ => {}
            }
        }
        match self.max_abandon {
            Some(a) if inputs.patience_min.is_none() => Err(CalcError::Invalid {
                option: "--max-abandon",
                value: a.to_string(),
                allowed: "Erlang C has no abandonment; give --patience to use Erlang A".into(),
            }),
            _ => Ok(()),
        }
    }
}

/// The result of a staffing search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Staffing {
    /// The fewest agents that meet every target.
    pub agents_needed: u32,
    /// Agents from `agents_needed − 2` (at least 1) to `agents_needed + rows`.
    pub rows: Vec<Evaluation>,
}

/// The fewest agents meeting every target.
///
/// Erlang C searches upward from the smallest stable number of agents, Erlang A from 1,
/// up to [`MAX_AGENTS`]. Both measures improve with every added agent, so the search
/// gallops (1, 2, 4, ... agents above the start) and then bisects; the answer is then
/// confirmed by checking that one agent fewer misses.
///
/// # Errors
/// [`CalcError::Invalid`] for invalid inputs or no target, [`CalcError::Unreachable`] if
/// even [`MAX_AGENTS`] agents miss a target.
pub fn agents_needed(inputs: &Inputs, targets: &Targets) -> Result<u32, CalcError> {
    inputs.validate()?;
    targets.validate(inputs)?;
    if !targets.any() {
        return Err(CalcError::Invalid {
            option: "--sl/--max-abandon",
            value: "(none)".into(),
            allowed: "give a target: --sl 0.8 and/or --max-abandon 0.05".into(),
        });
    }
    let load = inputs.agent_load();
    let unreachable = |m: Option<&Metrics>| {
        let (option, value) = match (targets.service_level, targets.max_abandon) {
            (Some(s), Some(a)) => match m {
                Some(m) if m.answered_within >= s => ("--max-abandon", a),
                _ => ("--sl", s),
            },
            (Some(s), None) => ("--sl", s),
            (None, Some(a)) => ("--max-abandon", a),
            (None, None) => ("--sl", f64::NAN),
        };
        CalcError::Unreachable {
            option,
            value: num(value),
            max: MAX_AGENTS,
            load,
        }
    };
    let start = match inputs.model() {
        Model::ErlangA => 1,
        Model::ErlangC => {
            // the smallest stable c, just above the load (exactly as `ErlangC::new` decides)
            let mut c = (load.floor().min(f64::from(MAX_AGENTS)) as u32).max(1);
            loop {
                match inputs.queue(c) {
                    Ok(_) => break c,
                    Err(CalcError::Unstable { .. }) if c < MAX_AGENTS => c += 1,
                    Err(CalcError::Unstable { .. }) => return Err(unreachable(None)),
                    Err(other) => return Err(other),
                }
            }
        }
    };
    let meets = |c: u32| -> Result<bool, CalcError> {
        let e = evaluate_row(inputs, targets, c)?;
        Ok(e.meets == Some(true))
    };
    if meets(start)? {
        return Ok(start);
    }
    // gallop: `bad` misses, find `good` that meets
    let mut bad = start;
    let mut step: u32 = 1;
    let good = loop {
        let probe = start.saturating_add(step).min(MAX_AGENTS);
        if meets(probe)? {
            break probe;
        }
        if probe == MAX_AGENTS {
            let last = evaluate(inputs, MAX_AGENTS)?;
            return Err(unreachable(last.metrics.as_ref()));
        }
        bad = probe;
        step = step.saturating_mul(2);
    };
    // bisect: invariant `bad` misses, `good` meets
    let (mut bad, mut good) = (bad, good);
    while good - bad > 1 {
        let mid = bad + (good - bad) / 2;
        if meets(mid)? {
            good = mid;
        } else {
            bad = mid;
        }
    }
    // confirm against rounding: one agent fewer must miss
    while good > start && meets(good - 1)? {
        good -= 1;
    }
    Ok(good)
}

/// Finds the fewest agents meeting `targets` and tabulates agents from that minimum − 2
/// (at least 1) to the minimum + `extra_rows`.
///
/// # Errors
/// As [`agents_needed`].
pub fn staff(inputs: &Inputs, targets: &Targets, extra_rows: u32) -> Result<Staffing, CalcError> {
    let needed = agents_needed(inputs, targets)?;
    let first = needed.saturating_sub(2).max(1);
    let last = needed.saturating_add(extra_rows).min(MAX_AGENTS);
    let rows = (first..=last)
        .map(|c| evaluate_row(inputs, targets, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Staffing {
        agents_needed: needed,
        rows,
    })
}
