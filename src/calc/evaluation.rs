//! One number of agents evaluated: the steady-state measures of its queue.

use serde::Serialize;

use super::attention::shared_model;
use super::{Attention, CalcError, Inputs, MAX_AGENTS, Queue, SlMeasure, Targets};
use crate::erlang::ChatModel;

/// Steady-state measures for one number of agents. Shares are fractions, times minutes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    /// Share of agent (slot) time spent handling conversations. Under the shared-attention
    /// model: the share of agents holding at least one conversation, the simulator's
    /// `occupancy` (the share of slots in use is [`SharedMetrics::slot_utilisation`]).
    pub occupancy: f64,
    /// `P(wait > 0)`: share of arrivals that find every agent (slot) busy.
    pub p_wait_pos: f64,
    /// Mean time in queue over all arrivals (Erlang A: abandoners count with their time in
    /// queue), minutes.
    pub mean_wait_min: f64,
    /// Mean number of conversations waiting for an agent.
    pub mean_queue: f64,
    /// `P(wait ≤ t)` over all arrivals, abandoners counted at their time in queue (the
    /// textbook Erlang A service level; equal to `taken_within` under Erlang C).
    pub wait_within: f64,
    /// "Taken within t": share of all arrivals an agent takes within `t`, i.e. whose queue
    /// wait is at most `t` (Erlang A: abandoners count as missed). The simulator's
    /// `taken_within_30m` at `t` = 30 min.
    pub taken_within: f64,
    /// "Answered within t": share of all arrivals whose first reply is posted within `t`,
    /// i.e. queue wait plus first-reply time at most `t` (Erlang A: abandoners count as
    /// missed). The simulator's `answered_within_30m` at `t` = 30 min. Never above
    /// `taken_within`. `None` (JSON `null`) under the shared-attention model, which does
    /// not compute it.
    pub answered_within: Option<f64>,
    /// `P(abandon)`; `None` (JSON `null`) without a patience (Erlang C, or the
    /// shared-attention model with infinitely patient customers).
    pub p_abandon: Option<f64>,
    /// The measures only the shared-attention model has (flattened into this object in
    /// JSON).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub shared: Option<SharedMetrics>,
}

/// Measures of the exact shared-attention model beyond those of Erlang A. Shares are
/// fractions, times minutes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SharedMetrics {
    /// Share of conversation slots in use, conversations in service over agents × K (the
    /// simulator's `slot_utilisation` KPI).
    pub slot_utilisation: f64,
    /// Mean conversations held per busy agent, averaged over the time an agent holds at
    /// least one.
    pub conversations_per_busy_agent: f64,
    /// Mean time from being taken by an agent to the reply (the whole conversation, one
    /// reply each), minutes.
    pub mean_time_in_service_min: f64,
    /// Replies per hour, arrivals × (1 − P(abandon)).
    pub throughput_per_h: f64,
    /// Load states of the Markov chain solved.
    pub states: usize,
    /// Iterations of its solver.
    pub iterations: usize,
}

impl Metrics {
    /// Computes the measures of `queue` with threshold `target_min`, the first reply taking
    /// an exponential time of mean `first_reply_min` after the wait.
    pub fn of(queue: &Queue, target_min: f64, first_reply_min: f64) -> Self {
        let reply_rate = 1.0 / first_reply_min;
        match queue {
            Queue::C(q) => {
                let taken = q.service_level(target_min);
                Self {
                    occupancy: q.occupancy(),
                    p_wait_pos: q.p_wait_pos(),
                    mean_wait_min: q.mean_wait(),
                    mean_queue: q.mean_queue(),
                    wait_within: taken,
                    taken_within: taken,
                    answered_within: Some(q.wait_plus_exp_within(target_min, reply_rate)),
                    p_abandon: None,
                    shared: None,
                }
            }
            Queue::A(q) => Self {
                occupancy: q.occupancy(),
                p_wait_pos: q.p_wait_pos(),
                mean_wait_min: q.mean_wait(),
                mean_queue: q.mean_queue(),
                wait_within: q.service_level(target_min),
                taken_within: q.served_within(target_min),
                answered_within: Some(q.served_plus_exp_within(target_min, reply_rate)),
                p_abandon: Some(q.p_abandon()),
                shared: None,
            },
        }
    }

    /// The measures of the exact shared-attention model `model` (rates per minute) with
    /// threshold `target_min`; `P(abandon)` only if customers are impatient.
    pub fn of_shared(model: &ChatModel, target_min: f64) -> Self {
        let impatient = model.abandon_rate() > 0.0;
        Self {
            occupancy: model.occupancy(),
            p_wait_pos: model.p_wait_pos(),
            mean_wait_min: model.mean_wait(),
            mean_queue: model.mean_queue(),
            wait_within: model.service_level(target_min),
            taken_within: model.served_within(target_min),
            answered_within: None,
            p_abandon: impatient.then(|| model.p_abandon()),
            shared: Some(SharedMetrics {
                slot_utilisation: model.slot_utilisation(),
                conversations_per_busy_agent: model.conversations_per_busy_agent(),
                mean_time_in_service_min: model.mean_time_in_service(),
                throughput_per_h: model.throughput() * 60.0,
                states: model.states(),
                iterations: model.iterations(),
            }),
        }
    }

    /// The share `measure` names (`None` for a share the model does not compute).
    pub fn within(&self, measure: SlMeasure) -> Option<f64> {
        match measure {
            SlMeasure::Answered => self.answered_within,
            SlMeasure::Taken => Some(self.taken_within),
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

/// Evaluates `agents` agents with `attention`.
///
/// # Errors
/// As [`Inputs::queue`] (or, for the shared model, as [`Attention::efficiency`] and its
/// solver); in particular [`CalcError::Unstable`] for infinitely patient customers and too
/// few agents.
pub fn evaluate(
    inputs: &Inputs,
    attention: &Attention,
    agents: u32,
) -> Result<Evaluation, CalcError> {
    let metrics = match attention.efficiency(inputs)? {
        None => {
            let queue = inputs.queue(agents)?;
            Metrics::of(&queue, inputs.target_min, inputs.slot_first_reply_min())
        }
        Some(efficiency) => {
            inputs.validate()?;
            if agents == 0 || agents > MAX_AGENTS {
                return Err(CalcError::Invalid {
                    option: "--agents",
                    value: agents.to_string(),
                    allowed: format!("must be a whole number from 1 to {MAX_AGENTS}"),
                });
            }
            let model = shared_model(inputs, &efficiency, agents)?;
            Metrics::of_shared(&model, inputs.target_min)
        }
    };
    Ok(Evaluation {
        agents,
        servers: inputs.servers(agents),
        stable: true,
        metrics: Some(metrics),
        meets: None,
    })
}

/// Evaluates `agents` agents against `targets`, reporting an unstable queue (infinitely
/// patient customers, too few agents) as a row without measures that does not meet them.
pub(super) fn evaluate_row(
    inputs: &Inputs,
    attention: &Attention,
    targets: &Targets,
    agents: u32,
) -> Result<Evaluation, CalcError> {
    match evaluate(inputs, attention, agents) {
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
