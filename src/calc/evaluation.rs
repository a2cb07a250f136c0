//! One number of agents evaluated: the steady-state measures of its queue.

use serde::Serialize;

use super::{CalcError, Inputs, Queue, SlMeasure, Targets};

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
    /// `taken_within`.
    pub answered_within: f64,
    /// `P(abandon)`; `None` (JSON `null`) under Erlang C, which has no abandonment.
    pub p_abandon: Option<f64>,
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
                    answered_within: q.wait_plus_exp_within(target_min, reply_rate),
                    p_abandon: None,
                }
            }
            Queue::A(q) => Self {
                occupancy: q.occupancy(),
                p_wait_pos: q.p_wait_pos(),
                mean_wait_min: q.mean_wait(),
                mean_queue: q.mean_queue(),
                wait_within: q.service_level(target_min),
                taken_within: q.served_within(target_min),
                answered_within: q.served_plus_exp_within(target_min, reply_rate),
                p_abandon: Some(q.p_abandon()),
            },
        }
    }

    /// The share `measure` names.
    pub fn within(&self, measure: SlMeasure) -> f64 {
        match measure {
            SlMeasure::Answered => self.answered_within,
            SlMeasure::Taken => self.taken_within,
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
        metrics: Some(Metrics::of(
            &queue,
            inputs.target_min,
            inputs.slot_first_reply_min(),
        )),
        meets: None,
    })
}

/// Evaluates `agents` agents against `targets`, reporting an unstable Erlang C queue as a
/// row without measures that does not meet them.
pub(super) fn evaluate_row(
    inputs: &Inputs,
    targets: &Targets,
    agents: u32,
) -> Result<Evaluation, CalcError> {
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
