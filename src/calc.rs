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
//! Agents who hold several conversations at once (chat) are handled in one of two ways
//! ([`Attention`], `--attention`):
//!
//! * `fixed` (the default), an **approximation**, labelled as such wherever it is used: an
//!   agent with concurrency `K` counts as `K` parallel servers, each with mean handle time
//!   `handle × (1 + penalty × (K − 1))`, the simulator's slowdown
//!   (`staffing.concurrency_penalty`) when the agent is fully loaded;
//! * `shared`, the **exact** Erlang Chat model of [`crate::erlang::chat`]: agents share
//!   their attention among the conversations they hold, with total work rate `eff(j)` times
//!   one conversation's when holding `j` (from the penalty, `--efficiency` or
//!   `--handle-factor`), least-loaded routing and one reply per conversation. It reports
//!   every measure except "answered within t" (the time to the reply depends on the loads
//!   while it is written), and solves up to
//!   [`MAX_CHAT_STATES`](crate::erlang::chat::MAX_CHAT_STATES) load states.
//!
//! Everything here is a plain function returning serializable values ([`report`],
//! [`evaluate`], [`staff`], [`agents_needed`]) and [`render`] turns a report into the
//! calculator's table; the command line of `carecast erlang` lives in the binary.
//! Rates are per minute and times in minutes unless a field name says otherwise.
//!
//! The calculator's limits and defaults ([`MAX_AGENTS`], [`MAX_CONCURRENCY`], [`MAX_ROWS`],
//! [`DEFAULT_PENALTY`], [`DEFAULT_ROWS`]) are gathered in one place.

mod attention;
mod error;
mod evaluation;
mod format;
mod inputs;
mod limits;
mod render;
mod report;
mod staffing;
#[cfg(test)]
mod tests;
mod units;

pub use attention::{Attention, Efficiency};
pub use error::CalcError;
pub use evaluation::{Evaluation, Metrics, SharedMetrics, evaluate};
pub use inputs::{Inputs, Model, Queue};
pub use limits::{DEFAULT_PENALTY, DEFAULT_ROWS, MAX_AGENTS, MAX_CONCURRENCY, MAX_ROWS};
pub use render::render;
pub use report::{InputSummary, Measures, Report, report};
pub use staffing::{SlMeasure, Staffing, Targets, agents_needed, staff};
pub use units::{
    Rate, RateError, parse_penalty, parse_positive_duration, parse_positive_list, parse_share,
};
