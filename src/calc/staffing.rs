//! The staffing search: the fewest agents meeting a service-level and/or abandonment
//! target (gallop, then bisect, then confirm), and the table of agents around it.

use serde::Serialize;

use super::evaluation::evaluate_row;
use super::format::{fmt_minutes, num, trim_fixed};
use super::{Attention, CalcError, Evaluation, Inputs, MAX_AGENTS, Metrics, evaluate};
use crate::erlang::chat::MAX_CHAT_STATES;

/// Which "within t" share a service-level target (`--sl`) is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlMeasure {
    /// "Answered within t": the first reply is posted within `t` (queue wait plus the time
    /// to write the first reply), [`Metrics::answered_within`]; the simulator's
    /// `answered_within_30m`. The default.
    #[default]
    Answered,
    /// "Taken within t": an agent takes the mention within `t` (queue wait only),
    /// [`Metrics::taken_within`]; the simulator's `taken_within_30m`.
    Taken,
}

impl SlMeasure {
    /// `"answered"` or `"taken"`, as in the output.
    pub fn name(self) -> &'static str {
        match self {
            SlMeasure::Answered => "answered",
            SlMeasure::Taken => "taken",
        }
    }
}

/// Staffing targets; at least one must be given for a search.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Targets {
    /// Minimum share of all arrivals answered (or taken, see `sl_measure`) within the
    /// threshold (`--sl`).
    pub service_level: Option<f64>,
    /// Which share `service_level` is compared with (`--sl-measure`, default answered).
    pub sl_measure: SlMeasure,
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
        self.service_level
            .is_none_or(|s| m.within(self.sl_measure).is_some_and(|w| w >= s))
            && self
                .max_abandon
                .is_none_or(|a| m.p_abandon.is_some_and(|p| p <= a))
    }

    /// Checks the targets against the inputs.
    ///
    /// # Errors
    /// [`CalcError::Invalid`] for a share outside `(0, 1)`, an answered-within target no
    /// staffing reaches (at least the share of first replies written within `t`,
    /// `1 − e^{−t/first reply}`) or `--max-abandon` without `--patience`.
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
        if let (Some(s), SlMeasure::Answered) = (self.service_level, self.sl_measure) {
            // Even with no wait, the first reply must be written within t.
            let ceiling = -(-inputs.target_min / inputs.slot_first_reply_min()).exp_m1();
            if s >= ceiling {
                return Err(CalcError::Invalid {
                    option: "--sl",
                    value: num(s),
                    allowed: format!(
                        "no staffing answers that share within {t}: even without waiting, only \
                         {c}% of first replies (exponential, mean {r}) are written within {t}; \
                         give --sl below {c}%, a longer --target, a shorter --first-reply, or \
                         --sl-measure taken to target the share taken within {t}",
                        t = fmt_minutes(inputs.target_min),
                        c = trim_fixed(100.0 * ceiling, 1),
                        r = fmt_minutes(inputs.slot_first_reply_min()),
                    ),
                });
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

/// The fewest agents meeting every target, with `attention`.
///
/// Without a patience the search starts from the smallest stable number of agents, with
/// one from 1; under the shared-attention model it starts from the answer of the fixed
/// approximation (a few evaluations near the answer, where the exact model also solves
/// fastest). Both measures improve with every added agent, so the search gallops (1, 2, 4,
/// ... agents from the start, up or down) and then bisects; the answer is then confirmed by
/// checking that one agent fewer misses. It goes up to [`MAX_AGENTS`], or
/// [`Attention::max_agents`] for the shared model.
///
/// # Errors
/// [`CalcError::Invalid`] for invalid inputs or no target, [`CalcError::Unreachable`] if
/// even [`MAX_AGENTS`] agents miss a target, [`CalcError::BeyondExactModel`] if the most
/// agents the exact shared model solves miss it.
pub fn agents_needed(
    inputs: &Inputs,
    attention: &Attention,
    targets: &Targets,
) -> Result<u32, CalcError> {
    inputs.validate()?;
    attention.validate(inputs, targets)?;
    targets.validate(inputs)?;
    if !targets.any() {
        return Err(CalcError::Invalid {
            option: "--sl/--max-abandon",
            value: "(none)".into(),
            allowed: "give a target: --sl 0.8 and/or --max-abandon 0.05".into(),
        });
    }
    let load = attention.agent_load(inputs);
    let highest = attention.max_agents(inputs);
    let unreachable = |m: Option<&Metrics>| {
        let (option, value) = match (targets.service_level, targets.max_abandon) {
            (Some(s), Some(a)) => match m {
                Some(m) if m.within(targets.sl_measure).is_some_and(|w| w >= s) => {
                    ("--max-abandon", a)
                }
                _ => ("--sl", s),
            },
            (Some(s), None) => ("--sl", s),
            (None, Some(a)) => ("--max-abandon", a),
            (None, None) => ("--sl", f64::NAN),
        };
        if highest < MAX_AGENTS {
            CalcError::BeyondExactModel {
                option,
                value: num(value),
                max: highest,
                concurrency: inputs.concurrency,
                states: MAX_CHAT_STATES,
            }
        } else {
            CalcError::Unreachable {
                option,
                value: num(value),
                max: MAX_AGENTS,
                load,
            }
        }
    };
    if highest == 0 {
        return Err(unreachable(None));
    }
    let lowest = if inputs.patience_min.is_some() {
        1
    } else {
        // the smallest stable number of agents, just above the load (exactly as the
        // queue model decides)
        let mut c = (load.floor().min(f64::from(highest)) as u32).max(1);
        loop {
            match evaluate(inputs, attention, c) {
                Ok(_) => break c,
                Err(CalcError::Unstable { .. }) if c < highest => c += 1,
                Err(CalcError::Unstable { .. }) => return Err(unreachable(None)),
                Err(other) => return Err(other),
            }
        }
    };
    let start = match attention {
        Attention::Fixed => lowest,
        Attention::Shared(_) => agents_needed(inputs, &Attention::Fixed, targets)
            .unwrap_or(lowest)
            .clamp(lowest, highest),
    };
    let mut at_highest: Option<Evaluation> = None;
    let found = fewest(lowest, highest, start, |c| {
        let e = evaluate_row(inputs, attention, targets, c)?;
        let meets = e.meets == Some(true);
        if c == highest {
            at_highest = Some(e);
        }
        Ok(meets)
    })?;
    found.ok_or_else(|| unreachable(at_highest.as_ref().and_then(|e| e.metrics.as_ref())))
}

/// The smallest `c` in `lowest..=highest` with `meets(c)`, for `meets` false below some
/// number and true from it on (`None` if even `highest` misses).
///
/// Gallops from `start` (1, 2, 4, ... away from it, down if `start` meets, up if not),
/// bisects, then confirms against rounding that one fewer misses.
pub(super) fn fewest(
    lowest: u32,
    highest: u32,
    start: u32,
    mut meets: impl FnMut(u32) -> Result<bool, CalcError>,
) -> Result<Option<u32>, CalcError> {
    let start = start.clamp(lowest, highest);
    // gallop to a pair (`bad` misses, `good` meets)
    let (mut bad, mut good) = if meets(start)? {
        let mut good = start;
        let mut step: u32 = 1;
        loop {
            if good == lowest {
                return Ok(Some(lowest));
            }
            let probe = start.saturating_sub(step).max(lowest);
            if !meets(probe)? {
                break (probe, good);
            }
            good = probe;
            step = step.saturating_mul(2);
        }
    } else {
        let mut bad = start;
        let mut step: u32 = 1;
        loop {
            if bad == highest {
                return Ok(None);
            }
            let probe = start.saturating_add(step).min(highest);
            if meets(probe)? {
                break (bad, probe);
            }
            bad = probe;
            step = step.saturating_mul(2);
        }
    };
    // bisect: invariant `bad` misses, `good` meets
    while good - bad > 1 {
        let mid = bad + (good - bad) / 2;
        if meets(mid)? {
            good = mid;
        } else {
            bad = mid;
        }
    }
    // confirm against rounding: one agent fewer must miss
    while good > lowest && meets(good - 1)? {
        good -= 1;
    }
    Ok(Some(good))
}

/// Finds the fewest agents meeting `targets` and tabulates agents from that minimum − 2
/// (at least 1) to the minimum + `extra_rows` (at most [`Attention::max_agents`]).
///
/// # Errors
/// As [`agents_needed`].
pub fn staff(
    inputs: &Inputs,
    attention: &Attention,
    targets: &Targets,
    extra_rows: u32,
) -> Result<Staffing, CalcError> {
    let needed = agents_needed(inputs, attention, targets)?;
    let first = needed.saturating_sub(2).max(1);
    let last = needed
        .saturating_add(extra_rows)
        .min(attention.max_agents(inputs));
    let rows = (first..=last)
        .map(|c| evaluate_row(inputs, attention, targets, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Staffing {
        agents_needed: needed,
        rows,
    })
}
