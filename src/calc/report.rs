//! Everything `carecast erlang` reports, as one serializable value (the JSON of `--json`).

use serde::Serialize;

use super::evaluation::evaluate_row;
use super::{
    Attention, CalcError, Efficiency, Evaluation, Inputs, Model, Targets, evaluate, staff,
};

/// The inputs as reported, in per-minute and per-hour units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputSummary {
    /// Arrival rate per minute.
    pub arrivals_per_min: f64,
    /// Arrival rate per hour.
    pub arrivals_per_h: f64,
    /// Mean handle time as given, minutes.
    pub handle_min: f64,
    /// Mean handle time of one conversation slot used by the model, minutes (equal to
    /// `handle_min` without concurrency, and under shared attention, where the slowdown
    /// depends on the conversations held: see `efficiency`).
    pub slot_handle_min: f64,
    /// Service rate of one server `1 / slot_handle_min`, per minute.
    pub service_rate_per_min: f64,
    /// Service rate of one server, per hour.
    pub service_rate_per_h: f64,
    /// Mean first-reply time, minutes: `--first-reply`, or the handle time without it.
    pub first_reply_min: f64,
    /// Whether `--first-reply` was given (else the first reply is taken to be the whole
    /// conversation, as with one reply per conversation).
    pub first_reply_given: bool,
    /// Mean first-reply time in one conversation slot used by the model, minutes (equal to
    /// `first_reply_min` without concurrency).
    pub slot_first_reply_min: f64,
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
    /// Slowdown per extra conversation (only used with concurrency above 1, and under
    /// shared attention only for the default efficiency table).
    pub penalty: f64,
    /// `"fixed"` (the approximation) or `"shared"` (the exact model), as `--attention`.
    pub attention: &'static str,
    /// Under shared attention: the efficiency table `eff(1..=K)`, an agent's total work
    /// rate holding `j` conversations in units of one held alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub efficiency: Option<Vec<f64>>,
    /// Under shared attention: where `efficiency` comes from, `"penalty"`, `"efficiency"`
    /// or `"handle_factor"` (with the values given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub efficiency_from: Option<Efficiency>,
    /// Offered load `λ × handle`, Erlangs.
    pub offered_load: f64,
    /// Offered load in agents as the model sees it, `λ × slot handle / concurrency` (under
    /// shared attention `λ × handle / eff(K)`, the agents kept busy at full concurrency).
    pub agent_load: f64,
}

impl InputSummary {
    /// Summarises `inputs` under `attention`.
    pub fn of(inputs: &Inputs, attention: &Attention) -> Self {
        let efficiency = attention.efficiency(inputs).ok().flatten();
        let slot_handle_min = if attention.is_shared() {
            inputs.handle_min
        } else {
            inputs.slot_handle_min()
        };
        let slot_first_reply_min = if attention.is_shared() {
            inputs.first_reply_or_handle_min()
        } else {
            inputs.slot_first_reply_min()
        };
        let service_rate = 1.0 / slot_handle_min;
        let abandon_rate = inputs.patience_min.map(|p| 1.0 / p);
        Self {
            arrivals_per_min: inputs.arrivals_per_min,
            arrivals_per_h: inputs.arrivals_per_min * 60.0,
            handle_min: inputs.handle_min,
            slot_handle_min,
            service_rate_per_min: service_rate,
            service_rate_per_h: service_rate * 60.0,
            first_reply_min: inputs.first_reply_or_handle_min(),
            first_reply_given: inputs.first_reply_min.is_some(),
            slot_first_reply_min,
            patience_min: inputs.patience_min,
            abandon_rate_per_min: abandon_rate,
            abandon_rate_per_h: abandon_rate.map(|r| r * 60.0),
            target_min: inputs.target_min,
            concurrency: inputs.concurrency,
            penalty: inputs.penalty,
            attention: attention.name(),
            efficiency,
            efficiency_from: match attention {
                Attention::Fixed => None,
                Attention::Shared(from) => Some(from.clone()),
            },
            offered_load: inputs.offered_load(),
            agent_load: attention.agent_load(inputs),
        }
    }
}

/// What the "within t" shares of a row mean, in words (the JSON's `measures`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Measures {
    /// Meaning of `taken_within`.
    pub taken_within: &'static str,
    /// Meaning of `answered_within`.
    pub answered_within: &'static str,
    /// Meaning of `wait_within`.
    pub wait_within: &'static str,
    /// Meaning of `occupancy` under shared attention.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupancy: Option<&'static str>,
    /// Meaning of `slot_utilisation` (shared attention only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot_utilisation: Option<&'static str>,
    /// Meaning of `conversations_per_busy_agent` (shared attention only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversations_per_busy_agent: Option<&'static str>,
    /// Meaning of `mean_time_in_service_min` (shared attention only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_time_in_service_min: Option<&'static str>,
}

impl Measures {
    /// The definitions used by every row under shared attention.
    pub const SHARED_DEFINITIONS: Measures = Measures {
        taken_within: "share of all arrivals an agent takes within target_min: queue wait <= t \
                       (abandoners count as missed); the simulator's taken_within_30m; exact",
        answered_within: "null: not computed under shared attention (the time to the reply \
                          depends on the conversations the agent holds while writing it)",
        wait_within: "P(queue wait <= t) with abandoners counted at their time in queue; \
                      equal to taken_within without patience",
        occupancy: Some(
            "share of agents holding at least one conversation (time writing replies over \
             time available, with no think time; the simulator's occupancy)",
        ),
        slot_utilisation: Some(
            "share of conversation slots in use: conversations in service over agents x \
             concurrency (the simulator's slot_utilisation)",
        ),
        conversations_per_busy_agent: Some(
            "mean conversations held per agent, over the time the agent holds at least one",
        ),
        mean_time_in_service_min: Some(
            "mean time from being taken by an agent to the reply, minutes (Little's law on \
             the conversations in service)",
        ),
    };

    /// The definitions used by every row.
    pub const DEFINITIONS: Measures = Measures {
        taken_within: "share of all arrivals an agent takes within target_min: queue wait <= t \
                       (abandoners count as missed); the simulator's taken_within_30m",
        answered_within: "share of all arrivals whose first reply is posted within target_min: \
                          queue wait + first-reply time <= t, the first-reply time exponential \
                          with mean slot_first_reply_min and independent of the wait \
                          (abandoners count as missed); the simulator's answered_within_30m",
        wait_within: "P(queue wait <= t) with abandoners counted at their time in queue (the \
                      textbook Erlang A service level); equal to taken_within under Erlang C",
        occupancy: None,
        slot_utilisation: None,
        conversations_per_busy_agent: None,
        mean_time_in_service_min: None,
    };
}

/// Everything `carecast erlang` reports: the JSON object of `--json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// carecast version.
    pub carecast_version: &'static str,
    /// `"Erlang C"`, `"Erlang A"` or `"Erlang Chat"` (`--attention shared`).
    pub model: Model,
    /// The model and its assumptions in one line.
    pub assumptions: &'static str,
    /// The concurrency approximation, if one is used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approximation: Option<String>,
    /// The inputs.
    pub inputs: InputSummary,
    /// What the "within t" shares of each row mean.
    pub measures: Measures,
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
/// [`CalcError`] for invalid inputs, neither agents nor a target, an unstable queue for the
/// given agents (without targets) or an unreachable target.
pub fn report(
    inputs: &Inputs,
    attention: &Attention,
    agents: Option<u32>,
    targets: &Targets,
    extra_rows: u32,
) -> Result<Report, CalcError> {
    inputs.validate()?;
    attention.validate(inputs, targets)?;
    targets.validate(inputs)?;
    let (result, staffing) = if targets.any() {
        let staffing = staff(inputs, attention, targets, extra_rows)?;
        let result = agents
            .map(|c| evaluate_row(inputs, attention, targets, c))
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
        (Some(evaluate(inputs, attention, c)?), None)
    };
    let model = attention.model(inputs);
    Ok(Report {
        carecast_version: crate::VERSION,
        model,
        assumptions: model.assumptions(),
        approximation: if attention.is_shared() {
            None
        } else {
            inputs.approximation()
        },
        inputs: InputSummary::of(inputs, attention),
        measures: if attention.is_shared() {
            Measures::SHARED_DEFINITIONS
        } else {
            Measures::DEFINITIONS
        },
        targets: targets.any().then_some(*targets),
        result,
        agents_needed: staffing.as_ref().map(|s| s.agents_needed),
        rows: staffing.map(|s| s.rows),
    })
}
