//! How an agent holding several conversations divides its attention (`--attention`): the
//! fixed-slot approximation (each agent is `K` servers, each slowed as if all `K` were
//! busy), or the exact shared-attention model of [`crate::erlang::chat`], with its
//! efficiency table from `--penalty`, `--efficiency` or `--handle-factor`.

use serde::Serialize;

use super::error::model_error;
use super::format::num;
use super::{CalcError, Inputs, MAX_AGENTS, Model, SlMeasure, Targets};
use crate::erlang::ErlangError;
use crate::erlang::chat::{ChatModel, MAX_CHAT_STATES, efficiency_from_penalty, max_chat_agents};

/// Where the shared model's efficiency table `eff(1..=K)` comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "from", content = "values")]
pub enum Efficiency {
    /// From the concurrency penalty `p` of the inputs (`--penalty`, the simulator's
    /// `staffing.concurrency_penalty`): `eff(j) = j / (1 + p(j − 1))`.
    Penalty,
    /// Given directly (`--efficiency`): `eff(j)` for `j = 1..=K`, the total work rate of an
    /// agent holding `j` conversations in units of one conversation held alone.
    #[serde(rename = "efficiency")]
    Given(Vec<f64>),
    /// From handle-time factors (`--handle-factor`): `h(j)` is how many times longer a
    /// reply takes while holding `j`, `eff(j) = j / h(j)`.
    #[serde(rename = "handle_factor")]
    HandleFactors(Vec<f64>),
}

/// How agents who hold several conversations are modelled.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Attention {
    /// `--attention fixed` (the default): each agent counts as `K` parallel servers, each
    /// with the handle time slowed as if all `K` were busy. An approximation, labelled as
    /// one in the output.
    #[default]
    Fixed,
    /// `--attention shared`: agents share their attention among the conversations they
    /// hold; the exact Markov model [`ChatModel`].
    Shared(Efficiency),
}

impl Attention {
    /// The attention the command-line options describe: `--attention shared` (`shared`)
    /// with its table from `--efficiency`, `--handle-factor` or, by default, `--penalty`.
    ///
    /// # Errors
    /// [`CalcError::Invalid`] for a table given without `--attention shared`, or both
    /// tables at once.
    pub fn from_options(
        shared: bool,
        efficiency: Option<Vec<f64>>,
        handle_factors: Option<Vec<f64>>,
    ) -> Result<Self, CalcError> {
        let shown = |v: &[f64]| v.iter().map(|x| num(*x)).collect::<Vec<_>>().join(",");
        match (shared, efficiency, handle_factors) {
            (_, Some(e), Some(_)) => Err(CalcError::Invalid {
                option: "--efficiency",
                value: shown(&e),
                allowed: "give either --efficiency or --handle-factor, not both".into(),
            }),
            (false, Some(v), None) | (false, None, Some(v)) => Err(CalcError::Invalid {
                option: "--attention",
                value: "fixed".into(),
                allowed: format!(
                    "an efficiency table ({}) only applies to --attention shared, the exact \
                     model; add --attention shared",
                    shown(&v)
                ),
            }),
            (false, None, None) => Ok(Attention::Fixed),
            (true, Some(e), None) => Ok(Attention::Shared(Efficiency::Given(e))),
            (true, None, Some(h)) => Ok(Attention::Shared(Efficiency::HandleFactors(h))),
            (true, None, None) => Ok(Attention::Shared(Efficiency::Penalty)),
        }
    }

    /// `"fixed"` or `"shared"`, as on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Attention::Fixed => "fixed",
            Attention::Shared(_) => "shared",
        }
    }

    /// Whether this is the exact shared-attention model.
    pub fn is_shared(&self) -> bool {
        matches!(self, Attention::Shared(_))
    }

    /// The queueing model the inputs select with this attention.
    pub fn model(&self, inputs: &Inputs) -> Model {
        match self {
            Attention::Fixed => inputs.model(),
            Attention::Shared(_) => Model::ErlangChat,
        }
    }

    /// The shared model's efficiency table `eff(1..=K)` (`None` for the fixed
    /// approximation).
    ///
    /// # Errors
    /// [`CalcError::Invalid`] naming `--efficiency` or `--handle-factor` for a table that
    /// does not have one positive number per number of conversations held.
    pub fn efficiency(&self, inputs: &Inputs) -> Result<Option<Vec<f64>>, CalcError> {
        let k = inputs.concurrency as usize;
        let (option, values) = match self {
            Attention::Fixed => return Ok(None),
            Attention::Shared(Efficiency::Penalty) => {
                return Ok(Some(efficiency_from_penalty(
                    inputs.concurrency,
                    inputs.penalty,
                )));
            }
            Attention::Shared(Efficiency::Given(v)) => ("--efficiency", v),
            Attention::Shared(Efficiency::HandleFactors(v)) => ("--handle-factor", v),
        };
        let shown = || values.iter().map(|v| num(*v)).collect::<Vec<_>>().join(",");
        if values.len() != k {
            return Err(CalcError::Invalid {
                option,
                value: shown(),
                allowed: format!(
                    "give {k} comma-separated number(s), one for each number of conversations \
                     held from 1 to --concurrency {k}, e.g. {}",
                    example(option, k)
                ),
            });
        }
        if let Some(bad) = values.iter().find(|v| !(v.is_finite() && **v > 0.0)) {
            return Err(CalcError::Invalid {
                option,
                value: shown(),
                allowed: format!("every value must be a finite number > 0, got {bad}"),
            });
        }
        Ok(Some(match self {
            Attention::Shared(Efficiency::HandleFactors(h)) => h
                .iter()
                .enumerate()
                .map(|(i, h)| (i + 1) as f64 / h)
                .collect(),
            _ => values.clone(),
        }))
    }

    /// Checks the attention against the inputs and targets.
    ///
    /// # Errors
    /// [`CalcError::Invalid`] for a bad efficiency table, `--first-reply` with the shared
    /// model (whose one reply ends the conversation), or a `--sl` target on the share
    /// answered within `t`, which the shared model does not compute.
    pub fn validate(&self, inputs: &Inputs, targets: &Targets) -> Result<(), CalcError> {
        self.efficiency(inputs)?;
        if !self.is_shared() {
            return Ok(());
        }
        if let Some(r) = inputs.first_reply_min {
            return Err(CalcError::Invalid {
                option: "--first-reply",
                value: super::format::fmt_minutes(r),
                allowed: "the shared-attention model has one reply per conversation, which \
                          ends it (the handle time is the time to that reply); omit \
                          --first-reply, or use --attention fixed"
                    .into(),
            });
        }
        if let (Some(_), SlMeasure::Answered) = (targets.service_level, targets.sl_measure) {
            return Err(CalcError::Invalid {
                option: "--sl-measure",
                value: "answered".into(),
                allowed: "the shared-attention model does not compute the share answered \
                          within --target (the time to the reply depends on how many \
                          conversations the agent holds while writing it); give --sl-measure \
                          taken to staff to the share taken by an agent within --target, or \
                          use --attention fixed"
                    .into(),
            });
        }
        Ok(())
    }

    /// The largest number of agents this attention evaluates: [`MAX_AGENTS`], or fewer for
    /// the shared model, whose state count `C(N + K, K)` must stay within
    /// [`MAX_CHAT_STATES`].
    pub fn max_agents(&self, inputs: &Inputs) -> u32 {
        match self {
            Attention::Fixed => MAX_AGENTS,
            Attention::Shared(_) => max_chat_agents(inputs.concurrency).min(MAX_AGENTS),
        }
    }

    /// The offered load in agents as the model sees it: the fewest agents that keep up
    /// when every agent holds `K` conversations (Erlang C and the patient shared model
    /// need more agents than this).
    pub fn agent_load(&self, inputs: &Inputs) -> f64 {
        match self.efficiency(inputs) {
            Ok(Some(eff)) => inputs.offered_load() / eff.last().copied().unwrap_or(1.0),
            _ => inputs.agent_load(),
        }
    }
}

/// An example value for an efficiency option with `k` entries.
fn example(option: &str, k: usize) -> String {
    let values = if option == "--efficiency" {
        efficiency_from_penalty(k as u32, 0.1)
    } else {
        (1..=k).map(|j| 1.0 + 0.1 * (j as f64 - 1.0)).collect()
    };
    values
        .iter()
        .map(|v| super::format::trim_fixed(*v, 2))
        .collect::<Vec<_>>()
        .join(",")
}

/// A state count as a whole number, or in scientific notation when huge.
fn count(states: f64) -> String {
    if states < 1e12 {
        format!("{states:.0}")
    } else {
        format!("{states:.3e}")
    }
}

/// The exact shared-attention model for `agents` agents.
///
/// # Errors
/// [`CalcError::Invalid`] for bad inputs or a model beyond the exact model's size limit,
/// [`CalcError::Unstable`] for infinitely patient customers and too few agents,
/// [`CalcError::Unsolved`] if the solver does not converge.
pub(super) fn shared_model(
    inputs: &Inputs,
    efficiency: &[f64],
    agents: u32,
) -> Result<ChatModel, CalcError> {
    let abandon_rate = inputs.patience_min.map_or(0.0, |p| 1.0 / p);
    ChatModel::new(
        inputs.arrivals_per_min,
        1.0 / inputs.handle_min,
        abandon_rate,
        agents,
        inputs.concurrency,
        efficiency,
    )
    .map_err(|e| match e {
        ErlangError::ChatUnstable { .. } => CalcError::Unstable {
            agents,
            load: inputs.offered_load() / efficiency.last().copied().unwrap_or(1.0),
        },
        ErlangError::ChatTooLarge { states, .. } => CalcError::Invalid {
            option: "--agents",
            value: agents.to_string(),
            allowed: format!(
                "the exact shared-attention model of {agents} agents holding up to {k} \
                 conversations has {} load states, more than it solves ({MAX_CHAT_STATES}); \
                 at --concurrency {k} it solves up to {} agents; use --attention fixed for \
                 the approximation",
                count(states),
                max_chat_agents(inputs.concurrency),
                k = inputs.concurrency,
            ),
        },
        ErlangError::ChatNotConverged { .. } => CalcError::Unsolved {
            agents,
            reason: e.to_string(),
        },
        other => model_error(inputs, other),
    })
}

#[cfg(test)]
mod tests;
