//! The `carecast erlang` calculator: analytic answers before simulating.
//!
//! Given an arrival rate, a mean handle time and (optionally) a mean patience, this module
//! evaluates a number of agents, or finds the fewest agents that meet a service-level
//! and/or abandonment target, with the closed forms of [`crate::erlang`]:
//!
//! * **Erlang C** (M/M/c; A. K. Erlang 1917) when no patience is given: Poisson arrivals,
//!   exponential handle times, `c` identical agents, infinitely patient customers, first
//!   come first served, long-run steady state;
//! * **Erlang A** (M/M/c+M; C. Palm 1943; Garnett, Mandelbaum & Reiman 2002, "Designing a
//!   call center with impatient customers"; Mandelbaum & Zeltyn 2007, "Service engineering
//!   in action: the Palm/Erlang-A queue, with applications to call centers") when a mean
//!   patience is given: as Erlang C, but a waiting customer abandons after an exponential
//!   patience.
//!
//! Agents who hold several conversations at once (chat) are handled by an
//! **approximation**, labelled as such wherever it is used: an agent with concurrency `K`
//! counts as `K` parallel servers, each with mean handle time
//! `handle × (1 + penalty × (K − 1))`, the simulator's slowdown (`staffing.concurrency_penalty`)
//! when the agent is fully loaded.
//!
//! Everything here is a plain function returning serializable values ([`report`],
//! [`evaluate`], [`staff`], [`agents_needed`]); [`run`] renders them for the command line.
//! Rates are per minute and times in minutes unless a field name says otherwise.

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use clap::{ArgGroup, Args};
use serde::Serialize;

use crate::erlang::{ErlangA, ErlangC, ErlangError};
use crate::scenario::Duration;

/// Largest number of agents the staffing search (and `--agents`) considers.
pub const MAX_AGENTS: u32 = 100_000;

/// Largest number of conversations one agent may hold at once (as in scenario files).
pub const MAX_CONCURRENCY: u32 = 50;

/// Default slowdown per extra conversation held, as the simulator's
/// `staffing.concurrency_penalty`.
pub const DEFAULT_PENALTY: f64 = 0.1;

/// Default number of staffing-table rows above the minimum number of agents.
pub const DEFAULT_ROWS: u32 = 6;

// ---------------------------------------------------------------------------------------
// Inputs with units
// ---------------------------------------------------------------------------------------

/// An arrival rate with its time unit, as written on the command line: `120/h`, `2/min`,
/// `2880/d` (also `/s` and `/w`). Stored per minute.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Rate {
    per_min: f64,
}

impl Rate {
    /// A rate of `per_min` arrivals per minute.
    pub fn per_minute(per_min: f64) -> Self {
        Self { per_min }
    }

    /// Arrivals per minute.
    pub fn per_min(self) -> f64 {
        self.per_min
    }

    /// Arrivals per hour.
    pub fn per_hour(self) -> f64 {
        self.per_min * 60.0
    }
}

/// Why a rate string was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "`{input}` is not an arrival rate: {reason} (write a count per unit of time, e.g. 120/h, \
     2/min or 2880/d; units /s, /min, /h, /d, /w)"
)]
pub struct RateError {
    input: String,
    reason: String,
}

impl FromStr for Rate {
    type Err = RateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason: &str| RateError {
            input: s.to_string(),
            reason: reason.to_string(),
        };
        let text = s.trim();
        if text.is_empty() {
            return Err(err("it is empty"));
        }
        let Some((count, unit)) = text.split_once('/') else {
            return Err(err("it has no time unit"));
        };
        let count = count.trim();
        if count.is_empty() {
            return Err(err("the count before `/` is missing"));
        }
        let value: f64 = count
            .parse()
            .map_err(|_| err(&format!("`{count}` is not a number")))?;
        if !value.is_finite() {
            return Err(err("the count must be a finite number"));
        }
        if value <= 0.0 {
            return Err(err("the count must be greater than 0"));
        }
        let per_min = match unit.trim().to_ascii_lowercase().as_str() {
            "s" | "sec" | "second" => value * 60.0,
            "m" | "min" | "minute" => value,
            "h" | "hr" | "hour" => value / 60.0,
            "d" | "day" => value / 1440.0,
            "w" | "wk" | "week" => value / 10080.0,
            "" => return Err(err("the time unit after `/` is missing")),
            other => return Err(err(&format!("unknown time unit `{other}`"))),
        };
        if !(per_min.is_finite() && per_min > 0.0) {
            return Err(err("the rate is out of range"));
        }
        Ok(Self { per_min })
    }
}

impl fmt::Display for Rate {
    /// Per hour (per day for rates below 0.1 per hour).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = self.per_hour();
        if h >= 0.1 {
            write!(f, "{}/h", num(h))
        } else {
            write!(f, "{}/d", num(h * 24.0))
        }
    }
}

/// Parses a duration that must be longer than zero (`6m`, `90s`, `1.5h`); the command
/// line's parser for `--handle`, `--patience` and `--target`.
///
/// # Errors
/// A message saying what is wrong and what is allowed.
pub fn parse_positive_duration(s: &str) -> Result<Duration, String> {
    if s.trim_start().starts_with('-') {
        return Err(format!(
            "`{s}` is negative: give a duration greater than 0 with a unit, e.g. 90s, 6m or 1.5h"
        ));
    }
    let d = s.parse::<Duration>().map_err(|e| e.to_string())?;
    if d.minutes() > 0.0 {
        Ok(d)
    } else {
        Err(format!(
            "`{s}` is zero: give a duration greater than 0, e.g. 90s, 6m or 1.5h"
        ))
    }
}

/// Parses a share strictly between 0 and 1, as a fraction (`0.8`) or a percentage
/// (`80%`); the command line's parser for `--sl` and `--max-abandon`.
///
/// # Errors
/// A message saying what is wrong and what is allowed.
pub fn parse_share(s: &str) -> Result<f64, String> {
    let text = s.trim();
    let (number, scale) = match text.strip_suffix('%') {
        Some(p) => (p.trim(), 100.0),
        None => (text, 1.0),
    };
    let value = number
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| v / scale)
        .ok_or_else(|| format!("`{s}` is not a number: give a share such as 0.8 or 80%"))?;
    if value > 0.0 && value < 1.0 {
        Ok(value)
    } else {
        Err(format!(
            "`{s}` is out of range: give a share strictly between 0 and 1, such as 0.8 or 80%"
        ))
    }
}

/// Parses the concurrency penalty: a finite number `>= 0` (`0.1` = 10% slower per extra
/// conversation held).
///
/// # Errors
/// A message saying what is wrong and what is allowed.
pub fn parse_penalty(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        Ok(_) => Err(format!(
            "`{s}` is out of range: give a finite number >= 0, e.g. 0.1 for 10% slower per \
             extra conversation"
        )),
        Err(_) => Err(format!(
            "`{s}` is not a number: give a finite number >= 0, e.g. 0.1"
        )),
    }
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/// Why the calculator refused its inputs. Each message names the command-line option, the
/// value given and what would work instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalcError {
    /// An input is out of its allowed range.
    #[error("{option} = {value}: {allowed}")]
    Invalid {
        /// The command-line option, e.g. `--arrivals`.
        option: &'static str,
        /// The offending value as given.
        value: String,
        /// What is allowed instead.
        allowed: String,
    },
    /// Erlang C with at most as many agents as the offered load: the queue grows forever.
    #[error(
        "--agents = {agents}: unstable: offered load {} Erlangs needs more than {} agents; \
         add agents or give --patience for Erlang A",
        num(*.load),
        num(*.load)
    )]
    Unstable {
        /// The number of agents given.
        agents: u32,
        /// The offered load in agents (Erlangs; with concurrency, agents fully busy).
        load: f64,
    },
    /// No number of agents up to [`MAX_AGENTS`] meets a target.
    #[error(
        "{option} = {value}: not reachable with up to {max} agents (offered load {} Erlangs); \
         relax the target or check --arrivals and --handle",
        num(*.load)
    )]
    Unreachable {
        /// The target option that cannot be met, e.g. `--sl`.
        option: &'static str,
        /// Its value.
        value: String,
        /// The search limit, [`MAX_AGENTS`].
        max: u32,
        /// The offered load in agents.
        load: f64,
    },
}

/// Maps an error of the queue formulas to the option responsible.
fn model_error(inputs: &Inputs, err: ErlangError) -> CalcError {
    match err {
        ErlangError::PatienceTooLong { .. } => CalcError::Invalid {
            option: "--patience",
            value: fmt_minutes(inputs.patience_min.unwrap_or(f64::NAN)),
            allowed: format!(
                "patience this long is effectively infinite next to a {} handle time for this \
                 many agents; omit --patience to use Erlang C",
                fmt_minutes(inputs.handle_min)
            ),
        },
        other => CalcError::Invalid {
            option: "--arrivals/--handle/--patience",
            value: format!(
                "{}/min, {}, {}",
                num(inputs.arrivals_per_min),
                fmt_minutes(inputs.handle_min),
                inputs
                    .patience_min
                    .map_or_else(|| "no patience".to_string(), fmt_minutes)
            ),
            allowed: format!("the queue model refuses these inputs: {other}"),
        },
    }
}

// ---------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------

/// Which queueing model the inputs select.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Model {
    /// M/M/c: no abandonment (no `--patience`).
    #[serde(rename = "Erlang C")]
    ErlangC,
    /// M/M/c+M: exponential patience (`--patience` given).
    #[serde(rename = "Erlang A")]
    ErlangA,
}

impl Model {
    /// `"Erlang C"` or `"Erlang A"`.
    pub fn name(self) -> &'static str {
        match self {
            Model::ErlangC => "Erlang C",
            Model::ErlangA => "Erlang A",
        }
    }

    /// The model and its assumptions, in one line.
    pub fn assumptions(self) -> &'static str {
        match self {
            Model::ErlangC => {
                "Erlang C (M/M/c): Poisson arrivals, exponential handle times, identical agents, \
                 infinite patience (nobody abandons), first come first served, long-run steady state"
            }
            Model::ErlangA => {
                "Erlang A (M/M/c+M): Poisson arrivals, exponential handle times, identical agents, \
                 exponential patience (a customer still waiting when it runs out abandons), first \
                 come first served, long-run steady state"
            }
        }
    }
}

/// The calculator's inputs, in minutes and per minute.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Inputs {
    /// Arrival rate `λ`, per minute.
    pub arrivals_per_min: f64,
    /// Mean handle time of one conversation by an agent holding only it, minutes.
    pub handle_min: f64,
    /// Mean patience, minutes: `Some` selects Erlang A, `None` Erlang C.
    pub patience_min: Option<f64>,
    /// Service-level threshold `t`, minutes.
    pub target_min: f64,
    /// Conversations one agent holds at once (1 = no approximation).
    pub concurrency: u32,
    /// Slowdown per extra conversation held (`staffing.concurrency_penalty`).
    pub penalty: f64,
}

/// The queue evaluated for one number of agents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Queue {
    /// No patience given.
    C(ErlangC),
    /// Patience given.
    A(ErlangA),
}

impl Inputs {
    /// Checks every input, naming the option at fault.
    ///
    /// # Errors
    /// [`CalcError::Invalid`] for a non-finite, zero or negative rate or time, a
    /// concurrency outside `1..=`[`MAX_CONCURRENCY`] or a negative penalty.
    pub fn validate(&self) -> Result<(), CalcError> {
        let positive = |option: &'static str, value: f64, shown: String| {
            if value.is_finite() && value > 0.0 {
                Ok(())
            } else {
                Err(CalcError::Invalid {
                    option,
                    value: shown,
                    allowed: "must be a finite number greater than 0".into(),
                })
            }
        };
        positive(
            "--arrivals",
            self.arrivals_per_min,
            format!("{}/min", self.arrivals_per_min),
        )?;
        positive("--handle", self.handle_min, format!("{}m", self.handle_min))?;
        if let Some(p) = self.patience_min {
            positive("--patience", p, format!("{p}m"))?;
        }
        positive("--target", self.target_min, format!("{}m", self.target_min))?;
        if !(1..=MAX_CONCURRENCY).contains(&self.concurrency) {
            return Err(CalcError::Invalid {
                option: "--concurrency",
                value: self.concurrency.to_string(),
                allowed: format!("must be a whole number from 1 to {MAX_CONCURRENCY}"),
            });
        }
        if !(self.penalty.is_finite() && self.penalty >= 0.0) {
            return Err(CalcError::Invalid {
                option: "--penalty",
                value: self.penalty.to_string(),
                allowed: "must be a finite number >= 0".into(),
            });
        }
        Ok(())
    }

    /// Erlang A if a patience is given, else Erlang C.
    pub fn model(&self) -> Model {
        if self.patience_min.is_some() {
            Model::ErlangA
        } else {
            Model::ErlangC
        }
    }

    /// Mean handle time of one conversation slot: `handle × (1 + penalty × (K − 1))`
    /// (equal to the handle time without concurrency).
    pub fn slot_handle_min(&self) -> f64 {
        self.handle_min * (1.0 + self.penalty * (f64::from(self.concurrency) - 1.0))
    }

    /// Offered load `λ × handle` in Erlangs: the agents busy on average without concurrency.
    pub fn offered_load(&self) -> f64 {
        self.arrivals_per_min * self.handle_min
    }

    /// Offered load in agents as the model sees it: `λ × slot handle / K` (equal to
    /// [`offered_load`](Self::offered_load) without concurrency). Erlang C needs more agents
    /// than this.
    pub fn agent_load(&self) -> f64 {
        self.arrivals_per_min * self.slot_handle_min() / f64::from(self.concurrency)
    }

    /// Servers (conversation slots) for `agents` agents: `agents × K`.
    pub fn servers(&self, agents: u32) -> u32 {
        agents.saturating_mul(self.concurrency)
    }

    /// The approximation in use, if any (only with concurrency above 1).
    pub fn approximation(&self) -> Option<String> {
        (self.concurrency > 1).then(|| {
            format!(
                "approximation: each agent counts as {k} parallel servers (conversation slots) \
                 with mean handle time {h} x (1 + {p} x ({k} - 1)) = {s}, the slowdown when all \
                 {k} slots are busy; real agents holding fewer conversations work faster, so \
                 waits tend to be overstated at low load",
                k = self.concurrency,
                h = fmt_minutes(self.handle_min),
                p = num(self.penalty),
                s = fmt_minutes(self.slot_handle_min()),
            )
        })
    }

    /// The queue for `agents` agents: `agents × K` servers with service rate
    /// `1 / slot handle`, abandonment rate `1 / patience` for Erlang A.
    ///
    /// # Errors
    /// [`CalcError::Unstable`] for Erlang C with `agents ≤` [`agent_load`](Self::agent_load),
    /// and [`CalcError::Invalid`] if the formulas refuse the rates.
    pub fn queue(&self, agents: u32) -> Result<Queue, CalcError> {
        self.validate()?;
        if agents == 0 || agents > MAX_AGENTS {
            return Err(CalcError::Invalid {
                option: "--agents",
                value: agents.to_string(),
                allowed: format!("must be a whole number from 1 to {MAX_AGENTS}"),
            });
        }
        let servers = self.servers(agents);
        let service_rate = 1.0 / self.slot_handle_min();
        match self.patience_min {
            None => ErlangC::new(self.arrivals_per_min, service_rate, servers)
                .map(Queue::C)
                .map_err(|e| match e {
                    ErlangError::Unstable { .. } => CalcError::Unstable {
                        agents,
                        load: self.agent_load(),
                    },
                    other => model_error(self, other),
                }),
            Some(patience) => {
                ErlangA::new(self.arrivals_per_min, service_rate, 1.0 / patience, servers)
                    .map(Queue::A)
                    .map_err(|e| model_error(self, e))
            }
        }
    }
}

/// Steady-state measures for one number of agents. Shares are fractions, times minutes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    /// Share of agent (slot) time spent handling conversations.
    pub occupancy: f64,
    /// `P(wait > 0)`: share of arrivals that find every agent (slot) busy.
    pub p_wait_pos: f64,
    /// Mean time in queue over all arrivals (Erlang A: abandoners count with their time in
    /// queue), minutes.
    pub mean_wait_min: f64,
    /// Mean number of conversations waiting for an agent.
    pub mean_queue: f64,
    /// `P(wait ≤ t)` over all arrivals (Erlang A: abandoners count at their time in queue).
    pub service_level: f64,
    /// Share of all arrivals answered within `t` (Erlang A: abandoners count as missed);
    /// the measure `--sl` targets. Equal to `service_level` under Erlang C.
    pub answered_within: f64,
    /// `P(abandon)`; `None` (JSON `null`) under Erlang C, which has no abandonment.
    pub p_abandon: Option<f64>,
}

impl Metrics {
    /// Computes the measures of `queue` with service-level threshold `target_min`.
    pub fn of(queue: &Queue, target_min: f64) -> Self {
        match queue {
            Queue::C(q) => {
                let sl = q.service_level(target_min);
                Self {
                    occupancy: q.occupancy(),
                    p_wait_pos: q.p_wait_pos(),
                    mean_wait_min: q.mean_wait(),
                    mean_queue: q.mean_queue(),
                    service_level: sl,
                    answered_within: sl,
                    p_abandon: None,
                }
            }
            Queue::A(q) => Self {
                occupancy: q.occupancy(),
                p_wait_pos: q.p_wait_pos(),
                mean_wait_min: q.mean_wait(),
                mean_queue: q.mean_queue(),
                service_level: q.service_level(target_min),
                answered_within: q.served_within(target_min),
                p_abandon: Some(q.p_abandon()),
            },
        }
    }
}

/// The result for one number of agents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Evaluation {
    /// Agents.
    pub agents: u32,
    /// Servers in the model: agents × concurrency.
    pub servers: u32,
    /// Whether the queue is stable (always under Erlang A; Erlang C needs more agents than
    /// the offered load). An unstable row has no measures.
    pub stable: bool,
    /// The measures, if stable (flattened into this object in JSON).
    #[serde(flatten)]
    pub metrics: Option<Metrics>,
    /// Whether the targets are met (only when targets were given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meets: Option<bool>,
}

/// Evaluates `agents` agents.
///
/// # Errors
/// As [`Inputs::queue`]; in particular [`CalcError::Unstable`] for Erlang C with too few
/// agents.
pub fn evaluate(inputs: &Inputs, agents: u32) -> Result<Evaluation, CalcError> {
    let queue = inputs.queue(agents)?;
    Ok(Evaluation {
        agents,
        servers: inputs.servers(agents),
        stable: true,
        metrics: Some(Metrics::of(&queue, inputs.target_min)),
        meets: None,
    })
}

/// Evaluates `agents` agents against `targets`, reporting an unstable Erlang C queue as a
/// row without measures that does not meet them.
fn evaluate_row(inputs: &Inputs, targets: &Targets, agents: u32) -> Result<Evaluation, CalcError> {
    match evaluate(inputs, agents) {
        Ok(mut e) => {
            e.meets = Some(e.metrics.as_ref().is_some_and(|m| targets.met_by(m)));
            Ok(e)
        }
        Err(CalcError::Unstable { .. }) => Ok(Evaluation {
            agents,
            servers: inputs.servers(agents),
            stable: false,
            metrics: None,
            meets: Some(false),
        }),
        Err(other) => Err(other),
    }
}

// ---------------------------------------------------------------------------------------
// Staffing
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------

/// The inputs as reported, in per-minute and per-hour units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct InputSummary {
    /// Arrival rate per minute.
    pub arrivals_per_min: f64,
    /// Arrival rate per hour.
    pub arrivals_per_h: f64,
    /// Mean handle time as given, minutes.
    pub handle_min: f64,
    /// Mean handle time of one conversation slot used by the model, minutes (equal to
    /// `handle_min` without concurrency).
    pub slot_handle_min: f64,
    /// Service rate of one server `1 / slot_handle_min`, per minute.
    pub service_rate_per_min: f64,
    /// Service rate of one server, per hour.
    pub service_rate_per_h: f64,
    /// Mean patience, minutes (`null` for Erlang C).
    pub patience_min: Option<f64>,
    /// Abandonment rate `1 / patience`, per minute (`null` for Erlang C).
    pub abandon_rate_per_min: Option<f64>,
    /// Abandonment rate, per hour (`null` for Erlang C).
    pub abandon_rate_per_h: Option<f64>,
    /// Service-level threshold `t`, minutes.
    pub target_min: f64,
    /// Conversations per agent.
    pub concurrency: u32,
    /// Slowdown per extra conversation (only used with concurrency above 1).
    pub penalty: f64,
    /// Offered load `λ × handle`, Erlangs.
    pub offered_load: f64,
    /// Offered load in agents as the model sees it, `λ × slot handle / concurrency`.
    pub agent_load: f64,
}

impl InputSummary {
    /// Summarises `inputs`.
    pub fn of(inputs: &Inputs) -> Self {
        let service_rate = 1.0 / inputs.slot_handle_min();
        let abandon_rate = inputs.patience_min.map(|p| 1.0 / p);
        Self {
            arrivals_per_min: inputs.arrivals_per_min,
            arrivals_per_h: inputs.arrivals_per_min * 60.0,
            handle_min: inputs.handle_min,
            slot_handle_min: inputs.slot_handle_min(),
            service_rate_per_min: service_rate,
            service_rate_per_h: service_rate * 60.0,
            patience_min: inputs.patience_min,
            abandon_rate_per_min: abandon_rate,
            abandon_rate_per_h: abandon_rate.map(|r| r * 60.0),
            target_min: inputs.target_min,
            concurrency: inputs.concurrency,
            penalty: inputs.penalty,
            offered_load: inputs.offered_load(),
            agent_load: inputs.agent_load(),
        }
    }
}

/// Everything `carecast erlang` reports: the JSON object of `--json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// carecast version.
    pub carecast_version: &'static str,
    /// `"Erlang C"` or `"Erlang A"`.
    pub model: Model,
    /// The model and its assumptions in one line.
    pub assumptions: &'static str,
    /// The concurrency approximation, if one is used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approximation: Option<String>,
    /// The inputs.
    pub inputs: InputSummary,
    /// The staffing targets (staffing mode only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets: Option<Targets>,
    /// The result for the agents given with `--agents`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Evaluation>,
    /// The fewest agents meeting the targets (staffing mode only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agents_needed: Option<u32>,
    /// The staffing table (staffing mode only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<Evaluation>>,
}

/// Builds the report: the result for `agents` if given, and a staffing table if any target
/// is given (then `agents`, if given, is also checked against the targets).
///
/// # Errors
/// [`CalcError`] for invalid inputs, neither agents nor a target, an unstable Erlang C
/// queue for the given agents (without targets) or an unreachable target.
pub fn report(
    inputs: &Inputs,
    agents: Option<u32>,
    targets: &Targets,
    extra_rows: u32,
) -> Result<Report, CalcError> {
    inputs.validate()?;
    targets.validate(inputs)?;
    let (result, staffing) = if targets.any() {
        let staffing = staff(inputs, targets, extra_rows)?;
        let result = agents
            .map(|c| evaluate_row(inputs, targets, c))
            .transpose()?;
        (result, Some(staffing))
    } else {
        let Some(c) = agents else {
            return Err(CalcError::Invalid {
                option: "--agents",
                value: "(none)".into(),
                allowed: "give --agents N to evaluate, or a target (--sl, --max-abandon) to \
                          find the agents needed"
                    .into(),
            });
        };
        (Some(evaluate(inputs, c)?), None)
    };
    Ok(Report {
        carecast_version: crate::output::VERSION,
        model: inputs.model(),
        assumptions: inputs.model().assumptions(),
        approximation: inputs.approximation(),
        inputs: InputSummary::of(inputs),
        targets: targets.any().then_some(*targets),
        result,
        agents_needed: staffing.as_ref().map(|s| s.agents_needed),
        rows: staffing.map(|s| s.rows),
    })
}

// ---------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------

/// Options of `carecast erlang`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:
  carecast erlang --arrivals 120/h --handle 6m --agents 14                  # Erlang C
  carecast erlang --arrivals 120/h --handle 6m --patience 1h --agents 14    # Erlang A
  carecast erlang --arrivals 120/h --handle 6m --patience 1h --sl 0.8 --max-abandon 0.05
  carecast erlang --arrivals 2880/d --handle 20m --concurrency 3 --sl 80% --target 1h --json")]
#[command(group(
    ArgGroup::new("question")
        .required(true)
        .multiple(true)
        .args(["agents", "sl", "max_abandon"])
))]
pub struct ErlangArgs {
    /// Arrival rate with its unit: 120/h, 2/min, 2880/d (also /s, /w).
    #[arg(long, value_name = "RATE", allow_hyphen_values = true)]
    pub arrivals: Rate,
    /// Mean handle time of one conversation: 90s, 6m, 1.5h.
    #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration, allow_hyphen_values = true)]
    pub handle: Duration,
    /// Mean patience, e.g. 1h: selects Erlang A (M/M/c+M); without it, Erlang C (M/M/c).
    #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration, allow_hyphen_values = true)]
    pub patience: Option<Duration>,
    /// Number of agents to evaluate.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_AGENTS)), allow_hyphen_values = true)]
    pub agents: Option<u32>,
    /// Service-level threshold t: "answered within t".
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = parse_positive_duration, allow_hyphen_values = true)]
    pub target: Duration,
    /// Staffing: share of all arrivals to answer within --target, e.g. 0.8 or 80%.
    #[arg(long, value_name = "SHARE", value_parser = parse_share, allow_hyphen_values = true)]
    pub sl: Option<f64>,
    /// Staffing: largest share of arrivals allowed to abandon, e.g. 0.05 (needs --patience).
    #[arg(long = "max-abandon", value_name = "SHARE", value_parser = parse_share, requires = "patience", allow_hyphen_values = true)]
    pub max_abandon: Option<f64>,
    /// Staffing table: agents from the minimum - 2 up to the minimum + K.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_ROWS, value_parser = clap::value_parser!(u32).range(0..=1000))]
    pub rows: u32,
    /// Conversations one agent holds at once (chat), 1 to 50: an approximation, see --penalty.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_CONCURRENCY)), allow_hyphen_values = true)]
    pub concurrency: Option<u32>,
    /// With --concurrency K: each agent counts as K servers with handle time
    /// handle x (1 + P x (K - 1)) [default: 0.1, as staffing.concurrency_penalty].
    #[arg(long, value_name = "P", value_parser = parse_penalty, requires = "concurrency", allow_hyphen_values = true)]
    pub penalty: Option<f64>,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
}

impl ErlangArgs {
    /// The calculator inputs these options describe.
    pub fn inputs(&self) -> Inputs {
        Inputs {
            arrivals_per_min: self.arrivals.per_min(),
            handle_min: self.handle.minutes(),
            patience_min: self.patience.map(Duration::minutes),
            target_min: self.target.minutes(),
            concurrency: self.concurrency.unwrap_or(1),
            penalty: self.penalty.unwrap_or(DEFAULT_PENALTY),
        }
    }

    /// The staffing targets these options describe.
    pub fn targets(&self) -> Targets {
        Targets {
            service_level: self.sl,
            max_abandon: self.max_abandon,
        }
    }
}

/// Runs `carecast erlang`: computes the [`report`] and writes it to `out` as a table, or
/// as one JSON object with `--json`.
///
/// # Errors
/// A [`CalcError`] for invalid inputs (exit code 2 at the command line), or an I/O error.
pub fn run(args: &ErlangArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let report = report(&args.inputs(), args.agents, &args.targets(), args.rows)?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write!(out, "{}", render(&report))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Text rendering
// ---------------------------------------------------------------------------------------

/// A number with up to 4 decimals, trailing zeros trimmed (`12`, `0.1667`, `2880`).
fn num(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x != 0.0 && x.abs() < 1e-3 {
        return format!("{x:.3e}");
    }
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// A share as a percentage, with more digits near 0 and 1.
fn pct(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let p = 100.0 * x;
    if p == 0.0 {
        "0%".into()
    } else if p < 0.01 {
        "<0.01%".into()
    } else if p < 0.1 {
        format!("{p:.2}%")
    } else if p >= 100.0 {
        "100%".into()
    } else if p > 99.99 {
        ">99.99%".into()
    } else if p > 99.9 {
        format!("{p:.2}%")
    } else {
        format!("{p:.1}%")
    }
}

/// A time given in minutes, in seconds, minutes or hours as suits its size.
fn fmt_minutes(m: f64) -> String {
    if !m.is_finite() {
        return "n/a".into();
    }
    if m == 0.0 {
        "0 s".into()
    } else if m < 1.0 {
        let s = m * 60.0;
        if s < 0.1 {
            "<0.1 s".into()
        } else {
            format!("{} s", trim_fixed(s, 1))
        }
    } else if m < 60.0 {
        format!("{} min", trim_fixed(m, 1))
    } else {
        format!("{} h", trim_fixed(m / 60.0, 1))
    }
}

/// A waiting time given in minutes, with one decimal, in seconds, minutes or hours.
fn fmt_wait(m: f64) -> String {
    if !m.is_finite() {
        "n/a".into()
    } else if m == 0.0 {
        "0 s".into()
    } else if m * 60.0 < 0.05 {
        "<0.1 s".into()
    } else if m < 1.0 {
        format!("{:.1} s", m * 60.0)
    } else if m < 120.0 {
        format!("{m:.1} min")
    } else {
        format!("{:.1} h", m / 60.0)
    }
}

/// `x` with `decimals` decimals, a trailing `.0…` removed.
fn trim_fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// One `label value note` line of the results block.
fn line(out: &mut String, label: &str, value: &str, note: &str) {
    let text = format!("  {label:<26} {value:>12}  {note}");
    out.push_str(text.trim_end());
    out.push('\n');
}

/// The human-readable rendering of a report.
pub fn render(r: &Report) -> String {
    let i = &r.inputs;
    let t = fmt_minutes(i.target_min);
    let mut out = format!(
        "carecast erlang · {} · {}\n{}\n",
        r.model.name(),
        if r.rows.is_some() {
            "staffing"
        } else {
            "one staffing level"
        },
        r.assumptions
    );
    if let Some(a) = &r.approximation {
        out.push_str(a);
        out.push('\n');
    }
    out.push('\n');
    line(
        &mut out,
        "arrivals",
        &Rate::per_minute(i.arrivals_per_min).to_string(),
        &format!("= {}/min", num(i.arrivals_per_min)),
    );
    line(&mut out, "mean handle time", &fmt_minutes(i.handle_min), "");
    if i.concurrency > 1 {
        line(
            &mut out,
            "conversations per agent",
            &i.concurrency.to_string(),
            &format!(
                "each slot {} per conversation (penalty {})",
                fmt_minutes(i.slot_handle_min),
                num(i.penalty)
            ),
        );
    }
    if let Some(p) = i.patience_min {
        line(&mut out, "mean patience", &fmt_minutes(p), "");
    }
    line(&mut out, "service-level threshold", &t, "");
    let load_note = if i.concurrency > 1 {
        format!(
            "arrivals x handle; at concurrency {1} with the slowdown, {0} agents' worth",
            num(i.agent_load),
            i.concurrency
        )
    } else {
        "arrivals x handle: agents busy on average".into()
    };
    line(
        &mut out,
        "offered load",
        &format!("{} Erlangs", num(i.offered_load)),
        &load_note,
    );

    if let Some(targets) = &r.targets {
        let mut goals = Vec::new();
        if let Some(s) = targets.service_level {
            goals.push(format!("≥ {}% answered within {t}", num(100.0 * s)));
        }
        if let Some(a) = targets.max_abandon {
            goals.push(format!("≤ {}% abandon", num(100.0 * a)));
        }
        out.push_str(&format!("\ntargets: {}\n", goals.join(", ")));
    }

    if let Some(e) = &r.result {
        out.push('\n');
        render_single(&mut out, r.model, e, &t);
    }

    if let (Some(needed), Some(rows)) = (r.agents_needed, &r.rows) {
        out.push_str(&format!("\nagents needed: {needed}\n\n"));
        render_table(&mut out, r.model, needed, rows, &t);
    }
    out
}

/// The results block for one number of agents.
fn render_single(out: &mut String, model: Model, e: &Evaluation, t: &str) {
    let agents_note = if e.servers != e.agents {
        format!("{} conversation slots", e.servers)
    } else {
        String::new()
    };
    line(out, "agents", &e.agents.to_string(), &agents_note);
    let Some(m) = &e.metrics else {
        line(out, "", "unstable", "the queue grows without bound");
        if let Some(meets) = e.meets {
            line(out, "meets targets", if meets { "yes" } else { "no" }, "");
        }
        return;
    };
    let occupancy_note = if e.servers != e.agents {
        "share of conversation-slot time in use"
    } else {
        "share of agent time spent handling"
    };
    line(out, "occupancy", &pct(m.occupancy), occupancy_note);
    line(
        out,
        "P(wait > 0)",
        &pct(m.p_wait_pos),
        "share of arrivals who wait at all",
    );
    let wait_note = match model {
        Model::ErlangC => "over all arrivals",
        Model::ErlangA => "over all arrivals, abandoners at their time in queue",
    };
    line(out, "mean wait", &fmt_wait(m.mean_wait_min), wait_note);
    match model {
        Model::ErlangC => {
            line(
                out,
                &format!("P(wait ≤ {t})"),
                &pct(m.service_level),
                "service level: share answered within the threshold",
            );
        }
        Model::ErlangA => {
            line(
                out,
                &format!("answered within {t}"),
                &pct(m.answered_within),
                "share of all arrivals; abandoners count as missed",
            );
            line(
                out,
                &format!("P(wait ≤ {t})"),
                &pct(m.service_level),
                "all arrivals; abandoners count at their time in queue",
            );
        }
    }
    if let Some(p) = m.p_abandon {
        line(
            out,
            "P(abandon)",
            &pct(p),
            "share of arrivals who give up waiting",
        );
    }
    line(
        out,
        "mean queue",
        &trim_fixed(m.mean_queue, 2),
        "conversations waiting on average",
    );
    if let Some(meets) = e.meets {
        line(out, "meets targets", if meets { "yes" } else { "no" }, "");
    }
}

/// The staffing table.
fn render_table(out: &mut String, model: Model, needed: u32, rows: &[Evaluation], t: &str) {
    let within = format!("within {t}");
    let header = [
        "agents",
        "occupancy",
        "P(wait>0)",
        "mean wait",
        within.as_str(),
        "P(abandon)",
        "meets",
    ];
    let mut cells: Vec<[String; 7]> = vec![header.map(String::from)];
    for e in rows {
        let mut row: [String; 7] = Default::default();
        row[0] = e.agents.to_string();
        match &e.metrics {
            Some(m) => {
                row[1] = pct(m.occupancy);
                row[2] = pct(m.p_wait_pos);
                row[3] = fmt_wait(m.mean_wait_min);
                row[4] = pct(m.answered_within);
                row[5] = m.p_abandon.map_or_else(|| "-".into(), pct);
            }
            None => {
                row[1] = "unstable".into();
                for cell in &mut row[2..6] {
                    *cell = "-".into();
                }
            }
        }
        row[6] = if e.meets == Some(true) { "yes" } else { "no" }.into();
        if e.agents == needed {
            row[6].push_str("  ← fewest");
        }
        cells.push(row);
    }
    let widths: Vec<usize> = (0..6)
        .map(|k| {
            cells
                .iter()
                .map(|r| r[k].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &cells {
        let mut text = String::from(" ");
        for (k, w) in widths.iter().enumerate() {
            text.push_str(&format!(" {:>w$}", row[k], w = w + 1));
        }
        text.push_str(&format!("  {}", row[6]));
        out.push_str(text.trim_end());
        out.push('\n');
    }
    let sl_note = match model {
        Model::ErlangC => format!(
            "within {t}: share answered within {t}, P(wait ≤ {t}); Erlang C has no abandonment"
        ),
        Model::ErlangA => format!(
            "within {t}: share of all arrivals answered within {t}; abandoners count as missed"
        ),
    };
    out.push_str(&format!("\n{sl_note}\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(s: &str) -> f64 {
        s.parse::<Rate>().map(Rate::per_min).unwrap_or(f64::NAN)
    }

    fn inputs(arrivals_per_min: f64, handle_min: f64, patience_min: Option<f64>) -> Inputs {
        Inputs {
            arrivals_per_min,
            handle_min,
            patience_min,
            target_min: 30.0,
            concurrency: 1,
            penalty: DEFAULT_PENALTY,
        }
    }

    #[test]
    fn rates_parse_with_every_unit() {
        assert_eq!(rate("120/h"), 2.0);
        assert_eq!(rate("2/min"), 2.0);
        assert_eq!(rate("2880/d"), 2.0);
        assert_eq!(rate("2/m"), 2.0);
        assert_eq!(rate(" 120 / hour "), 2.0);
        assert_eq!(rate("0.5/s"), 30.0);
        assert_eq!(rate("20160/w"), 2.0);
        assert_eq!(rate("1.5/h"), 0.025);
        assert_eq!(rate("1e3/h"), 1000.0 / 60.0);
        let r: Rate = "120/h".parse().expect("valid");
        assert_eq!(r.per_hour(), 120.0);
        assert_eq!(r.to_string(), "120/h");
        assert_eq!(Rate::per_minute(0.5).to_string(), "30/h");
        assert_eq!(Rate::per_minute(0.005).to_string(), "0.3/h");
        assert_eq!(Rate::per_minute(0.001).to_string(), "1.44/d");
        assert_eq!(Rate::per_minute(0.0001).to_string(), "0.144/d");
    }

    #[test]
    fn rates_are_refused_with_a_reason() {
        for (bad, reason) in [
            ("120", "no time unit"),
            ("", "empty"),
            ("120/", "missing"),
            ("/h", "missing"),
            ("abc/h", "not a number"),
            ("-5/h", "greater than 0"),
            ("0/h", "greater than 0"),
            ("inf/h", "finite"),
            ("NaN/h", "finite"),
            ("120/y", "unknown time unit `y`"),
            ("120/h/h", "unknown time unit"),
        ] {
            let err = bad.parse::<Rate>().map(|_| ()).unwrap_err().to_string();
            assert!(err.contains(reason), "{bad:?}: {err}");
            assert!(err.contains("120/h, 2/min or 2880/d"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn shares_durations_and_penalties_parse_or_refuse() {
        assert_eq!(parse_share("0.8"), Ok(0.8));
        assert_eq!(parse_share("80%"), Ok(0.8));
        assert_eq!(parse_share(" 5 %"), Ok(0.05));
        for bad in ["0", "1", "1.5", "-0.1", "abc", "", "NaN", "100%"] {
            assert!(parse_share(bad).is_err(), "{bad:?} was accepted");
        }
        assert_eq!(
            parse_positive_duration("6m").map(Duration::minutes),
            Ok(6.0)
        );
        assert_eq!(
            parse_positive_duration("90s").map(Duration::minutes),
            Ok(1.5)
        );
        for bad in ["0m", "-6m", "6", "6x", ""] {
            assert!(
                parse_positive_duration(bad).is_err(),
                "{bad:?} was accepted"
            );
        }
        assert!(
            parse_positive_duration("0s")
                .unwrap_err()
                .contains("greater than 0")
        );
        assert!(
            parse_positive_duration("-1h")
                .unwrap_err()
                .contains("greater than 0")
        );
        assert!(parse_positive_duration("6").unwrap_err().contains("unit"));
        assert_eq!(parse_penalty("0"), Ok(0.0));
        assert_eq!(parse_penalty("0.25"), Ok(0.25));
        for bad in ["-0.1", "inf", "x"] {
            assert!(parse_penalty(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn inputs_are_validated_by_option() {
        let good = inputs(2.0, 1.0, Some(10.0));
        assert_eq!(good.validate(), Ok(()));
        for (bad, option) in [
            (
                Inputs {
                    arrivals_per_min: 0.0,
                    ..good
                },
                "--arrivals",
            ),
            (
                Inputs {
                    handle_min: -1.0,
                    ..good
                },
                "--handle",
            ),
            (
                Inputs {
                    patience_min: Some(f64::NAN),
                    ..good
                },
                "--patience",
            ),
            (
                Inputs {
                    target_min: 0.0,
                    ..good
                },
                "--target",
            ),
            (
                Inputs {
                    concurrency: 0,
                    ..good
                },
                "--concurrency",
            ),
            (
                Inputs {
                    penalty: -0.5,
                    ..good
                },
                "--penalty",
            ),
        ] {
            match bad.validate() {
                Err(CalcError::Invalid { option: o, .. }) => assert_eq!(o, option),
                other => panic!("{option}: {other:?}"),
            }
        }
        let no_patience = inputs(2.0, 1.0, None);
        let t = Targets {
            service_level: None,
            max_abandon: Some(0.05),
        };
        assert!(matches!(
            t.validate(&no_patience),
            Err(CalcError::Invalid {
                option: "--max-abandon",
                ..
            })
        ));
    }

    #[test]
    fn textbook_erlang_c() {
        // a = 2 Erlangs, c = 3: P(wait > 0) = 4/9
        let e = evaluate(&inputs(2.0, 1.0, None), 3).expect("stable");
        let m = e.metrics.expect("measures");
        assert!((m.p_wait_pos - 4.0 / 9.0).abs() < 1e-12, "{}", m.p_wait_pos);
        assert!((m.occupancy - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(m.p_abandon, None);
        assert_eq!(m.service_level, m.answered_within);
    }

    #[test]
    fn erlang_c_overload_is_refused_with_the_load() {
        let err = evaluate(&inputs(2.0, 1.0, None), 2).unwrap_err();
        assert_eq!(
            err,
            CalcError::Unstable {
                agents: 2,
                load: 2.0
            }
        );
        let msg = err.to_string();
        assert!(
            msg.contains("unstable: offered load 2 Erlangs needs more than 2 agents")
                && msg.contains("--agents")
                && msg.contains("--patience"),
            "{msg}"
        );
        // Erlang A accepts the same load
        assert!(evaluate(&inputs(2.0, 1.0, Some(5.0)), 2).is_ok());
    }

    /// Whether `c` agents meet `targets`, recomputed directly with the erlang module.
    fn meets_direct(i: &Inputs, t: &Targets, c: u32) -> bool {
        let mu = 1.0 / i.slot_handle_min();
        let servers = c * i.concurrency;
        match i.patience_min {
            None => match ErlangC::new(i.arrivals_per_min, mu, servers) {
                Ok(q) => t
                    .service_level
                    .is_none_or(|s| q.service_level(i.target_min) >= s),
                Err(_) => false,
            },
            Some(p) => {
                let q = ErlangA::new(i.arrivals_per_min, mu, 1.0 / p, servers).expect("valid");
                t.service_level
                    .is_none_or(|s| q.served_within(i.target_min) >= s)
                    && t.max_abandon.is_none_or(|a| q.p_abandon() <= a)
            }
        }
    }

    #[test]
    fn staffing_returns_the_fewest_agents_meeting_the_targets() {
        let cases = [
            (
                inputs(2.0, 6.0, None),
                Targets {
                    service_level: Some(0.8),
                    max_abandon: None,
                },
            ),
            (
                Inputs {
                    target_min: 0.5,
                    ..inputs(2.0, 6.0, None)
                },
                Targets {
                    service_level: Some(0.95),
                    max_abandon: None,
                },
            ),
            (
                inputs(2.0, 1.0, None),
                Targets {
                    service_level: Some(0.5),
                    max_abandon: None,
                },
            ),
            (
                inputs(0.01, 1.0, None),
                Targets {
                    service_level: Some(0.3),
                    max_abandon: None,
                },
            ),
            (
                inputs(2.0, 6.0, Some(60.0)),
                Targets {
                    service_level: Some(0.8),
                    max_abandon: None,
                },
            ),
            (
                inputs(2.0, 6.0, Some(60.0)),
                Targets {
                    service_level: None,
                    max_abandon: Some(0.05),
                },
            ),
            (
                Inputs {
                    target_min: 1.0,
                    ..inputs(2.0, 6.0, Some(10.0))
                },
                Targets {
                    service_level: Some(0.9),
                    max_abandon: Some(0.01),
                },
            ),
            (
                inputs(600.0, 1.0, Some(2.0)),
                Targets {
                    service_level: Some(0.99),
                    max_abandon: None,
                },
            ),
            (
                Inputs {
                    concurrency: 3,
                    penalty: 0.2,
                    ..inputs(2.0, 6.0, Some(60.0))
                },
                Targets {
                    service_level: Some(0.8),
                    max_abandon: Some(0.02),
                },
            ),
            (
                Inputs {
                    concurrency: 2,
                    ..inputs(2.0, 6.0, None)
                },
                Targets {
                    service_level: Some(0.8),
                    max_abandon: None,
                },
            ),
        ];
        for (i, t) in cases {
            let c = agents_needed(&i, &t).unwrap_or_else(|e| panic!("{i:?} {t:?}: {e}"));
            assert!(
                meets_direct(&i, &t, c),
                "{i:?} {t:?}: {c} agents should meet"
            );
            assert!(
                c == 1 || !meets_direct(&i, &t, c - 1),
                "{i:?} {t:?}: {} agents also meet",
                c - 1
            );
            // and it agrees with a plain upward search when that is cheap
            if c < 200 {
                let linear = (1..).find(|&k| meets_direct(&i, &t, k)).expect("found");
                assert_eq!(c, linear, "{i:?} {t:?}");
            }
            let s = staff(&i, &t, 4).expect("table");
            assert_eq!(s.agents_needed, c);
            assert_eq!(
                s.rows.first().map(|r| r.agents),
                Some(c.saturating_sub(2).max(1))
            );
            assert_eq!(s.rows.last().map(|r| r.agents), Some(c + 4));
            for row in &s.rows {
                assert_eq!(row.meets, Some(row.agents >= c), "{row:?}");
            }
        }
    }

    #[test]
    fn staffing_below_the_minimum_marks_unstable_rows() {
        // load 11.5 Erlangs: 12 agents are stable, 11 and 10 are not
        let i = inputs(11.5, 1.0, None);
        let t = Targets {
            service_level: Some(0.01),
            max_abandon: None,
        };
        let s = staff(&i, &t, 1).expect("table");
        assert_eq!(s.agents_needed, 12);
        let unstable: Vec<u32> = s
            .rows
            .iter()
            .filter(|r| !r.stable)
            .map(|r| r.agents)
            .collect();
        assert_eq!(unstable, [10, 11]);
        assert!(
            s.rows
                .iter()
                .filter(|r| !r.stable)
                .all(|r| r.metrics.is_none())
        );
    }

    #[test]
    fn unreachable_targets_name_the_option() {
        let t = Targets {
            service_level: Some(0.8),
            max_abandon: None,
        };
        let err = agents_needed(&inputs(200_000.0, 1.0, None), &t).unwrap_err();
        assert!(
            matches!(
                err,
                CalcError::Unreachable {
                    option: "--sl",
                    max: MAX_AGENTS,
                    ..
                }
            ),
            "{err:?}"
        );
        let err = agents_needed(
            &inputs(200_000.0, 1.0, Some(5.0)),
            &Targets {
                service_level: None,
                max_abandon: Some(0.01),
            },
        )
        .unwrap_err();
        assert!(
            matches!(
                err,
                CalcError::Unreachable {
                    option: "--max-abandon",
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(
            err.to_string()
                .contains("not reachable with up to 100000 agents"),
            "{err}"
        );
        let none = agents_needed(&inputs(2.0, 1.0, None), &Targets::default()).unwrap_err();
        assert!(matches!(none, CalcError::Invalid { .. }));
    }

    #[test]
    fn concurrency_maps_to_parallel_slower_servers() {
        let i = Inputs {
            concurrency: 3,
            penalty: 0.1,
            ..inputs(2.0, 6.0, Some(60.0))
        };
        let slot = 6.0 * (1.0 + 0.1 * 2.0);
        assert!((i.slot_handle_min() - slot).abs() < 1e-12);
        assert!((i.agent_load() - 2.0 * slot / 3.0).abs() < 1e-12);
        assert_eq!(i.offered_load(), 12.0);
        match i.queue(5).expect("valid") {
            Queue::A(q) => {
                assert_eq!(q.servers, 15);
                assert_eq!(q.arrival_rate, 2.0);
                assert!((q.service_rate - 1.0 / slot).abs() < 1e-15);
                assert!((q.abandon_rate - 1.0 / 60.0).abs() < 1e-15);
                let expected = ErlangA::new(2.0, 1.0 / slot, 1.0 / 60.0, 15).expect("valid");
                let m = evaluate(&i, 5).expect("ok").metrics.expect("measures");
                assert_eq!(m.p_wait_pos, expected.p_wait_pos());
                assert_eq!(m.p_abandon, Some(expected.p_abandon()));
            }
            other => panic!("{other:?}"),
        }
        let c = Inputs {
            patience_min: None,
            ..i
        };
        match c.queue(6).expect("stable") {
            Queue::C(q) => {
                assert_eq!(q.servers, 18);
                assert!((q.service_rate - 1.0 / slot).abs() < 1e-15);
            }
            other => panic!("{other:?}"),
        }
        // 2 * 7.2 = 14.4 slot Erlangs need more than 4.8 agents of 3 slots
        assert_eq!(
            c.queue(4).unwrap_err(),
            CalcError::Unstable {
                agents: 4,
                load: 4.8
            }
        );
        assert!(
            i.approximation()
                .expect("labelled")
                .starts_with("approximation:")
        );
        assert_eq!(inputs(2.0, 6.0, None).approximation(), None);
        // no slowdown: K slots per agent behave like K times the agents
        let fast = Inputs { penalty: 0.0, ..c };
        let plain = Inputs {
            concurrency: 1,
            ..fast
        };
        let a = evaluate(&fast, 5).expect("ok").metrics.expect("m");
        let b = evaluate(&plain, 15).expect("ok").metrics.expect("m");
        assert_eq!(a, b);
    }

    #[test]
    fn large_systems_stay_finite() {
        for i in [inputs(1900.0, 1.0, None), inputs(2400.0, 1.0, Some(2.0))] {
            let m = evaluate(&i, 2000).expect("ok").metrics.expect("m");
            for v in [
                m.occupancy,
                m.p_wait_pos,
                m.service_level,
                m.answered_within,
            ] {
                assert!((0.0..=1.0).contains(&v), "{i:?}: {m:?}");
            }
            assert!(
                m.mean_wait_min.is_finite() && m.mean_queue.is_finite(),
                "{m:?}"
            );
        }
    }

    #[test]
    fn report_and_rendering() {
        let i = inputs(2.0, 6.0, Some(60.0));
        let t = Targets {
            service_level: Some(0.8),
            max_abandon: Some(0.05),
        };
        let r = report(&i, Some(14), &t, 6).expect("report");
        let text = render(&r);
        assert!(text.contains("Erlang A (M/M/c+M)"), "{text}");
        assert!(text.contains("agents needed:"), "{text}");
        assert!(text.contains("← fewest"), "{text}");
        let json = serde_json::to_value(&r).expect("json");
        assert_eq!(json["model"], "Erlang A");
        assert_eq!(json["inputs"]["arrivals_per_h"], 120.0);
        assert!(json["rows"].as_array().is_some_and(|r| !r.is_empty()));
        assert!(json.get("approximation").is_none());
        let err = report(&i, None, &Targets::default(), 6).unwrap_err();
        assert!(err.to_string().contains("--agents"), "{err}");
    }

    #[test]
    fn formatting_helpers() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(0.16666666), "0.1667");
        assert_eq!(num(2880.0), "2880");
        assert_eq!(pct(4.0 / 9.0), "44.4%");
        assert_eq!(pct(0.0), "0%");
        assert_eq!(pct(1e-9), "<0.01%");
        assert_eq!(pct(0.999_999), ">99.99%");
        assert_eq!(fmt_minutes(0.5), "30 s");
        assert_eq!(fmt_minutes(6.0), "6 min");
        assert_eq!(fmt_minutes(90.0), "1.5 h");
        assert_eq!(fmt_minutes(59.0), "59 min");
        assert_eq!(fmt_minutes(180.0), "3 h");
    }
}
