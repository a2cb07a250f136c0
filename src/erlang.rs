//! Analytic queueing baselines: Erlang B, Erlang C (M/M/c), Erlang A (M/M/c+M) and Erlang
//! Chat (agents sharing their attention among several conversations).
//!
//! These exact solutions are the ground truth the simulator is tested against.
//!
//! * **Erlang B / Erlang C** (Erlang 1917): `c` exponential servers, Poisson arrivals,
//!   infinitely patient customers (Erlang C) or blocked customers lost (Erlang B).
//! * **Erlang A** (Palm 1943; Garnett, Mandelbaum & Reiman 2002, "Designing a call
//!   center with impatient customers"; Mandelbaum & Zeltyn 2007, "Service engineering
//!   in action: the Palm/Erlang-A queue, with applications to call centers"): as Erlang C,
//!   but each waiting customer abandons after an exponential patience with rate `θ`.
//! * **Erlang Chat** ([`chat`]; Luo & Zhang 2013, "Staffing and control of instant
//!   messaging contact centers"; Tezcan & Zhang 2014, "Routing and staffing in customer
//!   service chat systems with impatient customers"): `N` agents each holding up to `K`
//!   conversations and sharing their attention among them (total work rate `μ·eff(j)`
//!   with `j` held), least-loaded routing, a FIFO queue with exponential patience. No
//!   closed form: the continuous-time Markov chain of the agents' loads is solved exactly
//!   by iterative aggregation–disaggregation, and its waiting part is the Erlang A queue
//!   below ([`ChatModel`]).
//!
//! # Erlang A formulas
//!
//! With `x = cμ/θ`, `y = λ/θ`, `ρ = λ/(cμ)`, `E` the Erlang B blocking probability for `c`
//! servers at load `λ/μ`, and `A(x, y) = x eʸ y⁻ˣ γ(x, y) = Σ_{k≥0} yᵏ / ((x+1)(x+2)…(x+k))`
//! (`γ` the lower incomplete gamma function):
//!
//! * `P(W > 0) = A E / (1 + (A − 1) E)`;
//! * `P(Ab | W > 0) = 1/(ρA) + 1 − 1/ρ`, `P(Ab) = P(Ab | W > 0) P(W > 0)`;
//! * `E[W] = P(Ab)/θ`, `E[Q] = λ E[W]` (Little);
//! * a delayed arrival that finds `k` customers queued ahead of it would enter service
//!   after `V`, a sum of exponentials with rates `cμ + iθ` (`i = 0..=k`); `e^{-θV}` is then
//!   Beta(`x`, `k+1`) distributed, and mixing over the stationary queue length gives
//!   `P(V > t | W > 0) = γ(x, y e^{−θt}) / γ(x, y)`, with density
//!   `θ (x/A) exp(−xθt + y(1 − e^{−θt}))`;
//! * the customer's own patience `τ ~ Exp(θ)` is independent, `W = min(V, τ)`, so
//!   `P(W > t | W > 0) = e^{−θt} P(V > t | W > 0)` and
//!   `P(served, W ≤ t | W > 0) = (x/A) ∫₀^{θt} exp(−(x+1)σ + y(1 − e^{−σ})) dσ
//!   = (γ(x+1, y) − γ(x+1, y e^{−θt})) / (y γ(x, y))`.
//!
//! # Numerics
//!
//! Nothing here evaluates a factorial or a large power directly:
//!
//! * Erlang B uses the recursion `B(0) = 1`, `B(k) = aB(k−1)/(k + aB(k−1))`, switching to
//!   log space if `B` would underflow.
//! * `A(x, v)` is summed as a positive series for `v < x + 1` and otherwise obtained from a
//!   continued fraction for the upper incomplete gamma function, whose prefactor
//!   `vˣ e^{−v} / Γ(x+1)` is evaluated with Loader's saddle-point method (Stirling error
//!   plus deviance), so no `ln Γ` of a large argument is subtracted from another large number.
//! * Differences that would cancel (e.g. `1 − P(Ab | W > 0)` when `ρ < 1`) are replaced by
//!   equivalent sums of positive terms, and small probabilities of being served or
//!   answered within a short `t` are obtained by adaptive Gauss–Kronrod quadrature of the
//!   (log-concave) density above instead of as a difference of incomplete gamma functions.
//! * The special case `θ = μ` needs no special treatment in this formulation (the M/M/∞
//!   structure only appears as `x = c`).
//!
//! The [`chain`] module solves the same models as truncated birth–death chains, an
//! independent computation used to cross-check every formula here.
//!
//! All rates are per the same (arbitrary) time unit, and waiting times are in that unit.
//!
//! Each formula has its file (Erlang B, Erlang C, Erlang A, Erlang Chat), beside the
//! incomplete gamma function and the quadrature and summation they are built on.

pub mod chain;
pub mod chat;
mod erlang_a;
mod erlang_b;
mod erlang_c;
mod gamma;
mod quadrature;
#[cfg(test)]
mod tests;

pub use chat::{ChatMeasures, ChatModel};
pub use erlang_a::ErlangA;
pub use erlang_b::erlang_b;
pub use erlang_c::ErlangC;

/// Largest supported `servers · service_rate / abandon_rate` for Erlang A.
///
/// The cost of the series grows like the square root of this ratio near critical load; with
/// a longer mean patience the model is indistinguishable from Erlang C.
pub const MAX_PATIENCE_RATIO: f64 = 1e13;

/// Errors for invalid queue parameters.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ErlangError {
    /// A rate is NaN, infinite, zero or negative.
    #[error("{name} must be a finite number > 0, got {value}")]
    InvalidRate {
        /// Name of the offending parameter.
        name: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// The number of servers is zero.
    #[error("servers must be at least 1, got 0")]
    NoServers,
    /// Erlang C with offered load `λ/μ ≥ c`: the queue grows without bound.
    #[error(
        "Erlang C needs offered load arrival_rate/service_rate < servers for stability, got \
         load {load} with {servers} servers; use Erlang A (with abandonment) for overload"
    )]
    Unstable {
        /// Offered load `λ/μ` in Erlangs.
        load: f64,
        /// Number of servers.
        servers: u32,
    },
    /// A ratio of rates over- or underflows (the rates are too far apart).
    #[error(
        "{name} = {value} must be a finite, normal number > 0; the rates are too far apart \
         (rescale the time unit)"
    )]
    RatioOutOfRange {
        /// Which ratio, e.g. `"arrival_rate/service_rate"`.
        name: &'static str,
        /// Its computed value.
        value: f64,
    },
    /// Erlang A with patience so long that `cμ/θ` exceeds [`MAX_PATIENCE_RATIO`].
    #[error(
        "servers*service_rate/abandon_rate = {ratio} exceeds the supported maximum {max}; \
         patience this long is effectively infinite, use Erlang C"
    )]
    PatienceTooLong {
        /// The computed `cμ/θ`.
        ratio: f64,
        /// The supported maximum.
        max: f64,
    },
    /// A time argument is NaN, infinite or negative where a finite `t ≥ 0` is required.
    #[error("t must be a finite number >= 0, got {value}")]
    InvalidTime {
        /// The rejected value.
        value: f64,
    },
    /// An abandonment rate that is not a finite number `≥ 0` (the chat model allows 0).
    #[error(
        "abandon_rate must be a finite number >= 0 (0 for infinitely patient customers), got \
         {value}"
    )]
    InvalidAbandonRate {
        /// The rejected value.
        value: f64,
    },
    /// A count that must be at least 1 is 0.
    #[error("{name} must be at least 1, got 0")]
    InvalidCount {
        /// Which count, e.g. `"agents"`.
        name: &'static str,
    },
    /// The chat model's efficiency table does not have one entry per number of
    /// conversations held.
    #[error(
        "the efficiency table needs one value per number of conversations held (1 to \
         {expected}), got {got} values"
    )]
    EfficiencyLength {
        /// The concurrency `K`.
        expected: usize,
        /// The number of values given.
        got: usize,
    },
    /// An efficiency (or handle-time factor) that is not a finite number `> 0`.
    #[error(
        "the efficiency with {held} conversation(s) held must be a finite number > 0, got \
         {value}"
    )]
    InvalidEfficiency {
        /// The number of conversations held it is for (1-based position in the table).
        held: usize,
        /// The rejected value.
        value: f64,
    },
    /// The chat model with infinitely patient customers and `λ ≥ N·μ·eff(K)`.
    #[error(
        "with infinitely patient customers the chat queue needs arrival_rate < \
         agents*service_rate*efficiency(K) = {capacity}, got arrival_rate {arrival_rate}; \
         add agents or give an abandonment rate"
    )]
    ChatUnstable {
        /// The arrival rate `λ`.
        arrival_rate: f64,
        /// `N·μ·eff(K)`, the completion rate with every agent at full concurrency.
        capacity: f64,
    },
    /// The chat model's chain has more than [`chat::MAX_CHAT_STATES`] states.
    #[error(
        "the chat model of {agents} agents holding up to {concurrency} conversations has \
         about {states:.4e} states (C(agents + concurrency, concurrency)), above the \
         supported maximum of {limit}"
    )]
    ChatTooLarge {
        /// Agents `N`.
        agents: u32,
        /// Concurrency `K`.
        concurrency: u32,
        /// `C(N + K, K)`, approximately.
        states: f64,
        /// [`chat::MAX_CHAT_STATES`].
        limit: usize,
    },
    /// The chat model's concurrency is above [`chat::MAX_CHAT_CONCURRENCY`].
    #[error("the chat model handles a concurrency of at most {max}, got {concurrency}")]
    ChatConcurrencyTooLarge {
        /// The concurrency given.
        concurrency: u32,
        /// [`chat::MAX_CHAT_CONCURRENCY`].
        max: u32,
    },
    /// The chat model's solver did not reach [`chat::CHAT_TOLERANCE`].
    #[error(
        "the chat model's solver did not converge in {iterations} sweeps (relative residual \
         {residual:e})"
    )]
    ChatNotConverged {
        /// Sweeps done.
        iterations: usize,
        /// The relative residual reached (NaN if the iteration broke down).
        residual: f64,
    },
    /// The birth–death chain cross-check would need too many states or steps.
    #[error(
        "the birth-death chain would need more than {limit} states/steps; it is not meant for \
         this parameter range"
    )]
    ChainTooLarge {
        /// The limit that would be exceeded.
        limit: usize,
    },
}

/// Checks that a rate is finite and strictly positive.
fn check_rate(name: &'static str, value: f64) -> Result<f64, ErlangError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(ErlangError::InvalidRate { name, value })
    }
}

/// Checks that a derived ratio is finite, normal and positive.
fn check_ratio(name: &'static str, value: f64) -> Result<f64, ErlangError> {
    if value.is_finite() && value >= f64::MIN_POSITIVE {
        Ok(value)
    } else {
        Err(ErlangError::RatioOutOfRange { name, value })
    }
}

/// Checks that there is at least one server.
fn check_servers(servers: u32) -> Result<u32, ErlangError> {
    if servers == 0 {
        Err(ErlangError::NoServers)
    } else {
        Ok(servers)
    }
}
