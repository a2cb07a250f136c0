//! The calculator's errors: each names the command-line option at fault, the value given
//! and what would work instead.

use super::Inputs;
use super::format::{fmt_minutes, num};
use crate::erlang::ErlangError;

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
    /// No number of agents up to [`MAX_AGENTS`](super::MAX_AGENTS) meets a target.
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
        /// The search limit, [`MAX_AGENTS`](super::MAX_AGENTS).
        max: u32,
        /// The offered load in agents.
        load: f64,
    },
    /// The exact shared-attention model could not be solved (not a problem of the inputs).
    #[error(
        "the exact shared-attention model of {agents} agents could not be solved: {reason}; \
         use --attention fixed for the approximation"
    )]
    Unsolved {
        /// The number of agents.
        agents: u32,
        /// What went wrong.
        reason: String,
    },
    /// No number of agents the exact shared-attention model solves meets a target.
    #[error(
        "{option} = {value}: not reached with up to {max} agents, the most the exact \
         shared-attention model solves at --concurrency {concurrency} (at most {states} load \
         states); use --attention fixed for the approximation"
    )]
    BeyondExactModel {
        /// The target option that is not met, e.g. `--sl`.
        option: &'static str,
        /// Its value.
        value: String,
        /// The largest number of agents solved.
        max: u32,
        /// The concurrency.
        concurrency: u32,
        /// The state limit of the exact model.
        states: usize,
    },
}

/// Maps an error of the queue formulas to the option responsible.
pub(super) fn model_error(inputs: &Inputs, err: ErlangError) -> CalcError {
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
