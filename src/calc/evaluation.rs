//! One number of agents evaluated: the steady-state measures of its queue.

use serde::Serialize;

use super::{CalcError, Inputs, Queue, Targets};

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
