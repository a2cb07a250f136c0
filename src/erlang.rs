//! Analytic queueing baselines: Erlang B, Erlang C (M/M/c) and Erlang A (M/M/c+M).
//!
//! These closed forms are the ground truth the simulator is tested against.
//!
//! * **Erlang B / Erlang C** (Erlang 1917): `c` exponential servers, Poisson arrivals,
//!   infinitely patient customers (Erlang C) or blocked customers lost (Erlang B).
//! * **Erlang A** (Palm 1943; Garnett, Mandelbaum & Reiman 2002, "Designing a call
//!   center with impatient customers"; Mandelbaum & Zeltyn 2007, "Service engineering
//!   in action: the Palm/Erlang-A queue, with applications to call centers"): as Erlang C,
//!   but each waiting customer abandons after an exponential patience with rate `θ`.
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

use serde::Serialize;
use statrs::function::gamma::ln_gamma;

/// Largest supported `servers · service_rate / abandon_rate` for Erlang A.
///
/// The cost of the series grows like the square root of this ratio near critical load; with
/// a longer mean patience the model is indistinguishable from Erlang C.
pub const MAX_PATIENCE_RATIO: f64 = 1e13;

/// Relative size below which the remaining tail of a positive series is neglected.
const SERIES_TOLERANCE: f64 = 1e-17;

/// Hard cap on iterations of any series or continued fraction (never reached for
/// parameters accepted by the constructors).
const MAX_ITERATIONS: usize = 200_000_000;

/// Below this value the Erlang B recursion continues in log space.
const ERLANG_B_LOG_SWITCH: f64 = 1e-250;

/// `ln(√(2π))`.
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

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

/// Erlang B blocking probability for `servers` servers offered `load = λ/μ` Erlangs.
///
/// Uses the stable recursion `B(0) = 1`, `B(k) = aB(k−1)/(k + aB(k−1))`, continuing in
/// log space when `B` becomes tiny, so it neither overflows nor loses precision for
/// thousands of servers (the result may underflow to `0.0` only when it is below `~1e-308`).
/// Returns `1.0` for zero servers, `0.0` for zero load with at least one server, and `NaN`
/// if `load` is negative, NaN or infinite.
pub fn erlang_b(load: f64, servers: u32) -> f64 {
    if !(load.is_finite() && load >= 0.0) {
        return f64::NAN;
    }
    if servers == 0 {
        return 1.0;
    }
    if load == 0.0 {
        return 0.0;
    }
    erlang_b_parts(load, servers).value
}

/// Erlang B as both value and natural logarithm (the log stays exact when the value underflows).
#[derive(Debug, Clone, Copy)]
struct ErlangB {
    value: f64,
    ln: f64,
}

/// Erlang B for `load > 0`, `servers ≥ 1`.
fn erlang_b_parts(load: f64, servers: u32) -> ErlangB {
    let mut b = 1.0_f64;
    for k in 1..=servers {
        if b < ERLANG_B_LOG_SWITCH {
            return erlang_b_log_space(load, b.ln(), k, servers);
        }
        let ab = load * b;
        b = ab / (f64::from(k) + ab);
    }
    ErlangB {
        value: b,
        ln: b.ln(),
    }
}

/// Continues the Erlang B recursion from `ln B(from − 1)` in log space:
/// `1/B(k) = 1 + (k/a)/B(k−1)`, i.e. `ln B(k) = −softplus(ln(k/a) − ln B(k−1))`.
fn erlang_b_log_space(load: f64, ln_start: f64, from: u32, servers: u32) -> ErlangB {
    let ln_load = load.ln();
    let mut ln_b = ln_start;
    for k in from..=servers {
        ln_b = -softplus(f64::from(k).ln() - ln_load - ln_b);
    }
    ErlangB {
        value: ln_b.exp(),
        ln: ln_b,
    }
}

/// `ln(1 + eᶻ)` without overflow.
fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
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

/// Inputs of an M/M/c queue (Erlang C): Poisson arrivals, exponential service, `servers`
/// servers, infinite patience, FCFS. Rates are per the same time unit (e.g. per minute).
///
/// Construct with [`ErlangC::new`], which validates the inputs; methods on a value built
/// directly from invalid fields return NaN or meaningless numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ErlangC {
    /// Arrival rate `λ`.
    pub arrival_rate: f64,
    /// Service rate of one server `μ` (1 / mean handling time).
    pub service_rate: f64,
    /// Number of servers `c`.
    pub servers: u32,
}

impl ErlangC {
    /// Validates and builds an M/M/c model.
    ///
    /// # Errors
    /// [`ErlangError::InvalidRate`] for a non-finite or non-positive rate,
    /// [`ErlangError::NoServers`] for `servers == 0`, [`ErlangError::RatioOutOfRange`] if
    /// `λ/μ` under- or overflows and [`ErlangError::Unstable`] if `λ/μ ≥ servers`.
    pub fn new(arrival_rate: f64, service_rate: f64, servers: u32) -> Result<Self, ErlangError> {
        let arrival_rate = check_rate("arrival_rate", arrival_rate)?;
        let service_rate = check_rate("service_rate", service_rate)?;
        let servers = check_servers(servers)?;
        let load = check_ratio("arrival_rate/service_rate", arrival_rate / service_rate)?;
        if load >= f64::from(servers) {
            return Err(ErlangError::Unstable { load, servers });
        }
        Ok(Self {
            arrival_rate,
            service_rate,
            servers,
        })
    }

    /// Offered load `a = λ/μ` in Erlangs.
    pub fn offered_load(&self) -> f64 {
        self.arrival_rate / self.service_rate
    }

    /// Server occupancy (utilisation) `a/c`.
    pub fn occupancy(&self) -> f64 {
        self.offered_load() / f64::from(self.servers)
    }

    /// Erlang C probability that an arrival has to wait, `P(W_q > 0) = B / (1 − ρ(1 − B))`.
    pub fn p_wait_pos(&self) -> f64 {
        self.wait_split().0
    }

    /// Probability that an arrival is answered at once, `1 − P(W_q > 0)`, computed without
    /// cancellation.
    pub fn p_no_wait(&self) -> f64 {
        self.wait_split().1
    }

    /// Mean wait in queue over all arrivals, `E[W_q] = C / (cμ − λ)`.
    pub fn mean_wait(&self) -> f64 {
        self.p_wait_pos() / self.drain_rate()
    }

    /// Mean number waiting in queue, `E[Q] = λ E[W_q]`.
    pub fn mean_queue(&self) -> f64 {
        self.arrival_rate * self.mean_wait()
    }

    /// Service level `P(W_q ≤ t) = 1 − C e^{−(cμ−λ)t}`.
    ///
    /// `0` for `t < 0`, `1` for `t = +∞`, NaN for NaN.
    pub fn service_level(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        if t < 0.0 {
            return 0.0;
        }
        let (p_wait, p_no_wait) = self.wait_split();
        if t == f64::INFINITY {
            return 1.0;
        }
        (p_no_wait - p_wait * (-self.drain_rate() * t).exp_m1()).min(1.0)
    }

    /// Tail of the waiting time, `P(W_q > t) = C e^{−(cμ−λ)t}` (full relative precision
    /// where [`service_level`](Self::service_level) is close to 1).
    ///
    /// `1` for `t < 0`, NaN for NaN.
    pub fn wait_exceeds(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        if t < 0.0 {
            return 1.0;
        }
        self.p_wait_pos() * (-self.drain_rate() * t).exp()
    }

    /// Rate at which the queue drains when all servers are busy, `cμ − λ = μ(c − a)`.
    fn drain_rate(&self) -> f64 {
        self.service_rate * (f64::from(self.servers) - self.offered_load())
    }

    /// `(P(W_q > 0), P(W_q = 0))`, both as ratios of positive terms.
    fn wait_split(&self) -> (f64, f64) {
        let c = f64::from(self.servers);
        let load = self.offered_load();
        let b = erlang_b(load, self.servers);
        let idle_fraction = (c - load) / c; // 1 − ρ
        let rho = load / c;
        let denominator = idle_fraction + rho * b;
        (b / denominator, idle_fraction * (1.0 - b) / denominator)
    }
}

/// Inputs of an M/M/c+M queue (Erlang A / Palm): as [`ErlangC`] plus exponential patience
/// with rate `θ` (`abandon_rate`, 1 / mean patience). Stable for any load.
///
/// Waiting time `W` is the time an arrival spends in queue until it starts service or
/// abandons; abandoners count with their time in queue. Construct with [`ErlangA::new`],
/// which validates the inputs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ErlangA {
    /// Arrival rate `λ`.
    pub arrival_rate: f64,
    /// Service rate of one server `μ`.
    pub service_rate: f64,
    /// Abandonment rate `θ` of a waiting customer (1 / mean patience).
    pub abandon_rate: f64,
    /// Number of servers `c`.
    pub servers: u32,
}

/// Stationary quantities shared by the Erlang A methods.
#[derive(Debug, Clone, Copy)]
struct ErlangAState {
    /// `x = cμ/θ`.
    x: f64,
    /// `y = λ/θ`.
    y: f64,
    /// `P(W > 0)`.
    p_wait: f64,
    /// `P(W = 0)`.
    p_no_wait: f64,
    /// Outcome of a delayed arrival.
    delayed: DelayedOutcome,
}

impl ErlangA {
    /// Validates and builds an M/M/c+M model. Any load is allowed.
    ///
    /// # Errors
    /// [`ErlangError::InvalidRate`] for a non-finite or non-positive rate,
    /// [`ErlangError::NoServers`] for `servers == 0`, [`ErlangError::RatioOutOfRange`] if
    /// `λ/μ`, `λ/θ` or `cμ/θ` under- or overflows, and [`ErlangError::PatienceTooLong`] if
    /// `cμ/θ > `[`MAX_PATIENCE_RATIO`].
    pub fn new(
        arrival_rate: f64,
        service_rate: f64,
        abandon_rate: f64,
        servers: u32,
    ) -> Result<Self, ErlangError> {
        let arrival_rate = check_rate("arrival_rate", arrival_rate)?;
        let service_rate = check_rate("service_rate", service_rate)?;
        let abandon_rate = check_rate("abandon_rate", abandon_rate)?;
        let servers = check_servers(servers)?;
        check_ratio("arrival_rate/service_rate", arrival_rate / service_rate)?;
        check_ratio("arrival_rate/abandon_rate", arrival_rate / abandon_rate)?;
        let ratio = check_ratio(
            "servers*service_rate/abandon_rate",
            f64::from(servers) * service_rate / abandon_rate,
        )?;
        if ratio > MAX_PATIENCE_RATIO {
            return Err(ErlangError::PatienceTooLong {
                ratio,
                max: MAX_PATIENCE_RATIO,
            });
        }
        Ok(Self {
            arrival_rate,
            service_rate,
            abandon_rate,
            servers,
        })
    }

    /// Offered load `a = λ/μ` in Erlangs.
    pub fn offered_load(&self) -> f64 {
        self.arrival_rate / self.service_rate
    }

    /// `P(W > 0)`: probability that an arrival finds all servers busy.
    pub fn p_wait_pos(&self) -> f64 {
        self.state().p_wait
    }

    /// `P(Ab)`: probability that an arrival abandons.
    pub fn p_abandon(&self) -> f64 {
        let s = self.state();
        s.p_wait * s.delayed.abandoned
    }

    /// `E[W]` over all arrivals (abandoners counted with their time in queue), `= P(Ab)/θ`.
    pub fn mean_wait(&self) -> f64 {
        self.p_abandon() / self.abandon_rate
    }

    /// Mean number waiting in queue, `E[Q] = λ E[W]`.
    pub fn mean_queue(&self) -> f64 {
        self.arrival_rate * self.mean_wait()
    }

    /// Server occupancy `λ(1 − P(Ab)) / (cμ)`.
    pub fn occupancy(&self) -> f64 {
        let s = self.state();
        let p_served = s.p_no_wait + s.p_wait * s.delayed.served;
        (p_served * s.y / s.x).min(1.0)
    }

    /// Service level `P(W ≤ t)` over all arrivals, where `W` is the time in queue until
    /// service or abandonment.
    ///
    /// `0` for `t < 0`, `1` for `t = +∞`, NaN for NaN.
    pub fn service_level(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        if t < 0.0 {
            return 0.0;
        }
        if t == f64::INFINITY {
            return 1.0;
        }
        let s = self.state();
        let sigma = self.abandon_rate * t;
        let not_reached = not_reached_by(&s, sigma);
        let tail = s.p_wait * (-sigma).exp() * not_reached;
        if tail < 0.5 {
            return 1.0 - tail;
        }
        // P(W ≤ t | W > 0) = 1 − e^{−σ} P(V > t | W > 0) = (1 − e^{−σ}) + e^{−σ} P(V ≤ t | W > 0)
        let reached = reached_by(&s, sigma, not_reached);
        let delayed_done = -(-sigma).exp_m1() + (-sigma).exp() * reached;
        (s.p_no_wait + s.p_wait * delayed_done).min(1.0)
    }

    /// Tail of the waiting time `P(W > t) = 1 − service_level(t)`, with full relative
    /// precision when it is small.
    ///
    /// `1` for `t < 0`, `0` for `t = +∞`, NaN for NaN.
    pub fn wait_exceeds(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        if t < 0.0 {
            return 1.0;
        }
        if t == f64::INFINITY {
            return 0.0;
        }
        let s = self.state();
        let sigma = self.abandon_rate * t;
        s.p_wait * (-sigma).exp() * not_reached_by(&s, sigma)
    }

    /// `P(served and W ≤ t)`: share of all arrivals answered within `t` (immediate answers
    /// included; abandoners never count).
    ///
    /// `0` for `t < 0`, `1 − P(Ab)` for `t = +∞`, NaN for NaN.
    pub fn served_within(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        if t < 0.0 {
            return 0.0;
        }
        let s = self.state();
        let served_late = if t == f64::INFINITY {
            s.delayed.served
        } else {
            served_by(&s, self.abandon_rate * t)
        };
        (s.p_no_wait + s.p_wait * served_late).clamp(0.0, 1.0)
    }

    /// Computes the stationary quantities.
    fn state(&self) -> ErlangAState {
        let x = f64::from(self.servers) * self.service_rate / self.abandon_rate;
        let y = self.arrival_rate / self.abandon_rate;
        let blocking = erlang_b_parts(self.offered_load(), self.servers);
        let delayed = delayed_outcome(x, y);
        // P(W > 0) = AE / (1 − E + AE) = 1 / (1 + e^z) with z = ln(1 − E) − ln E − ln A.
        let z = (-blocking.value).ln_1p() - blocking.ln - delayed.ln_a;
        ErlangAState {
            x,
            y,
            p_wait: 1.0 / (1.0 + z.exp()),
            p_no_wait: 1.0 / (1.0 + (-z).exp()),
            delayed,
        }
    }
}

/// What happens to an arrival that has to wait (conditional on `W > 0`).
#[derive(Debug, Clone, Copy)]
struct DelayedOutcome {
    /// `ln A(x, y)`.
    ln_a: f64,
    /// `ln P(x, y)`, `P` the regularized lower incomplete gamma function.
    ln_p: f64,
    /// `P(served | W > 0) = (x/y)(1 − 1/A)`.
    served: f64,
    /// `P(Ab | W > 0) = 1/(ρA) + 1 − 1/ρ`.
    abandoned: f64,
}

/// Conditional outcome probabilities for a delayed arrival, each without cancellation.
fn delayed_outcome(x: f64, y: f64) -> DelayedOutcome {
    let ln_kernel = ln_poisson_kernel(x, y);
    if y < x + 1.0 {
        // A = Σ t_{k−1} = Σ (x + k) t_{k−1}/(x+k): split into served (x) and abandoned (k) parts.
        let sums = a_series(x, y);
        let ln_a = sums.excess.ln_1p();
        DelayedOutcome {
            ln_a,
            ln_p: ln_kernel + ln_a,
            served: x * sums.served / sums.total(),
            abandoned: sums.abandoned / sums.total(),
        }
    } else {
        let ln_p = ln_lower_gamma_fraction(x, y, ln_kernel);
        let ln_a = ln_p - ln_kernel;
        let inv_rho = x / y;
        DelayedOutcome {
            ln_a,
            ln_p,
            served: inv_rho * -(-ln_a).exp_m1(),
            abandoned: (y - x) / y + inv_rho * (-ln_a).exp(),
        }
    }
}

/// `P(V > t | W > 0)` for `σ = θt`, where `V` is the offered wait (time until the arrival
/// would reach a server if it never abandoned):
/// `γ(x, u)/γ(x, y) = P(x, u)/P(x, y)` with `u = y e^{−σ}`.
fn not_reached_by(s: &ErlangAState, sigma: f64) -> f64 {
    if sigma == 0.0 {
        return 1.0;
    }
    let u = s.y * (-sigma).exp();
    (ln_lower_gamma(s.x, u) - s.delayed.ln_p).exp().min(1.0)
}

/// `P(V ≤ t | W > 0)` given `not_reached = P(V > t | W > 0)`: `1 − not_reached` unless that
/// would cancel, in which case the density of `V` is integrated directly.
fn reached_by(s: &ErlangAState, sigma: f64, not_reached: f64) -> f64 {
    if not_reached > 0.5 {
        (ln_density_integral(s.x, s.y, 0.0, sigma) - s.delayed.ln_p)
            .exp()
            .min(1.0)
    } else {
        1.0 - not_reached
    }
}

/// `P(served, W ≤ t | W > 0)` for `σ = θt`.
///
/// Closed form: `P(served | W > 0) − P(served, W > t | W > 0)` with
/// `P(served, W > t | W > 0) = (x/y) P(x+1, u)/P(x, y)`, `u = y e^{−σ}`; when that
/// difference would cancel, the density of entering service is integrated directly.
fn served_by(s: &ErlangAState, sigma: f64) -> f64 {
    if sigma == 0.0 {
        return 0.0;
    }
    let total = s.delayed.served;
    let u = s.y * (-sigma).exp();
    let served_later = ((s.x / s.y).ln() + ln_lower_gamma(s.x + 1.0, u) - s.delayed.ln_p).exp();
    if served_later <= 0.5 * total {
        total - served_later
    } else {
        (ln_density_integral(s.x, s.y, 1.0, sigma) - s.delayed.ln_p)
            .exp()
            .min(total)
    }
}

/// `ln P(x, v)`, the log of the regularized lower incomplete gamma function `γ(x, v)/Γ(x)`,
/// for `x > 0`, `v ≥ 0`: `P = d(x, v) A(x, v)` by the series for `v < x + 1`, else `1 − Q`.
fn ln_lower_gamma(x: f64, v: f64) -> f64 {
    let ln_kernel = ln_poisson_kernel(x, v);
    if v < x + 1.0 {
        ln_kernel + a_series(x, v).excess.ln_1p()
    } else {
        ln_lower_gamma_fraction(x, v, ln_kernel)
    }
}

/// Partial sums of the series for `A(x, v)`, with `t_k = vᵏ/((x+1)…(x+k))`.
#[derive(Debug, Clone, Copy)]
struct SeriesSums {
    /// `Σ_{k≥1} t_k = A − 1`.
    excess: f64,
    /// `Σ_{k≥1} t_{k−1}/(x+k) = (A − 1)/v`.
    served: f64,
    /// `Σ_{k≥1} k t_{k−1}/(x+k) = E[queue ahead | W > 0] / v`.
    abandoned: f64,
}

impl SeriesSums {
    /// `A(x, v)`.
    fn total(&self) -> f64 {
        1.0 + self.excess
    }
}

/// Sums the series for `A(x, v)` (all terms positive; used for `v < x + 1`, where the terms
/// never exceed ~1 and decrease geometrically or like a Gaussian).
fn a_series(x: f64, v: f64) -> SeriesSums {
    let mut excess = CompensatedSum::default();
    let mut served = CompensatedSum::default();
    let mut abandoned = CompensatedSum::default();
    let mut term = 1.0_f64; // t_{k−1}
    for k in 1..MAX_ITERATIONS {
        let kf = k as f64;
        let denominator = x + kf;
        let base = term / denominator; // t_{k−1}/(x+k) = t_k / v
        served.add(base);
        abandoned.add(kf * base);
        term *= v / denominator;
        excess.add(term);
        let ratio = v / (denominator + 1.0); // bound on every later t_{j+1}/t_j
        if ratio < 1.0 {
            let geometric = 1.0 / (1.0 - ratio);
            let tail_excess = term * ratio * geometric;
            let tail_served = term / (denominator + 1.0) * geometric;
            let tail_abandoned = base * ratio * geometric * (kf + geometric);
            if tail_excess <= SERIES_TOLERANCE * (1.0 + excess.value())
                && tail_served <= SERIES_TOLERANCE * served.value()
                && tail_abandoned <= SERIES_TOLERANCE * abandoned.value()
            {
                break;
            }
        }
    }
    SeriesSums {
        excess: excess.value(),
        served: served.value(),
        abandoned: abandoned.value(),
    }
}

/// `ln P(x, v) = ln(1 − Q(x, v))` for `v ≥ x + 1` (where `Q < ½`), with
/// `Q = x d(x, v) h` from the continued fraction `h`; `ln_kernel = ln d(x, v)`.
fn ln_lower_gamma_fraction(x: f64, v: f64, ln_kernel: f64) -> f64 {
    let q = (x.ln() + ln_kernel + upper_gamma_fraction(x, v).ln()).exp();
    (-q).ln_1p()
}

/// Continued fraction `h` with `Q(a, v) = a d(a, v) h` (modified Lentz; converges quickly
/// for `v ≥ a + 1`).
fn upper_gamma_fraction(a: f64, v: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut b = v + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..MAX_ITERATIONS {
        let fi = i as f64;
        let an = -fi * (fi - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() <= f64::EPSILON {
            break;
        }
    }
    h
}

/// `ln d(x, v) = ln(vˣ e^{−v} / Γ(x+1))` for `x ≥ 0`, `v ≥ 0` (the Poisson probability
/// generalised to real `x`), via Loader's saddle-point form
/// `−ln√(2πx) − stirlerr(x) − bd0(x, v)` for `x > 15`.
fn ln_poisson_kernel(x: f64, v: f64) -> f64 {
    if v == 0.0 {
        return if x == 0.0 { 0.0 } else { f64::NEG_INFINITY };
    }
    if x <= 15.0 {
        x * v.ln() - v - ln_gamma(x + 1.0)
    } else {
        -LN_SQRT_2PI - 0.5 * x.ln() - stirling_error(x) - deviance(x, v)
    }
}

/// `ln Γ(x+1) − (x + ½) ln x + x − ln√(2π)` for `x > 15` (asymptotic series, error < 1e-16).
fn stirling_error(x: f64) -> f64 {
    const S0: f64 = 1.0 / 12.0;
    const S1: f64 = 1.0 / 360.0;
    const S2: f64 = 1.0 / 1260.0;
    const S3: f64 = 1.0 / 1680.0;
    const S4: f64 = 1.0 / 1188.0;
    let x2 = x * x;
    (S0 - (S1 - (S2 - (S3 - S4 / x2) / x2) / x2) / x2) / x
}

/// Deviance `bd0(x, v) = x ln(x/v) + v − x ≥ 0`, by a series when `x ≈ v`.
fn deviance(x: f64, v: f64) -> f64 {
    let diff = x - v;
    let sum = x + v;
    if diff.abs() < 0.1 * sum {
        let w = diff / sum;
        let w2 = w * w;
        let mut s = diff * w;
        let mut ej = 2.0 * x * w;
        for j in 1..1000 {
            ej *= w2;
            let next = s + ej / f64::from(2 * j + 1);
            if next == s {
                return next;
            }
            s = next;
        }
        s
    } else {
        x * (x / v).ln() + v - x
    }
}

/// `ln[x d(x, y) ∫₀^T exp(φ(σ)) dσ]` with `φ(σ) = −(x+k)σ + y(1 − e^{−σ})` (concave),
/// `k ∈ {0, 1}`, `T > 0`. Divided by `P(x, y)` this is `P(V ≤ t | W > 0)` for `k = 0` and
/// `P(served, W ≤ t | W > 0)` for `k = 1` (`T = θt`).
///
/// The integrand is rescaled by its maximum on `[0, T]` (at `m`, where
/// `ln d(x, y) + φ(m) = ln d(x, y e^{−m}) − km` is evaluated directly) and integrated by
/// adaptive Gauss–Kronrod quadrature on panels placed around `m` at multiples of its width.
fn ln_density_integral(x: f64, y: f64, k: f64, upper: f64) -> f64 {
    let alpha = x + k;
    let mode = (y / alpha).ln().clamp(0.0, upper);
    let y_at_mode = y * (-mode).exp();
    let slope = (y_at_mode - alpha).abs();
    let width = 1.0 / (y_at_mode.sqrt() + slope).max(1.0 / upper);
    // φ(σ) − φ(m) = −αδ − y e^{−m} (e^{−δ} − 1) with δ = σ − m.
    let integrand = |sigma: f64| {
        let delta = sigma - mode;
        (-alpha * delta - y_at_mode * (-delta).exp_m1()).exp()
    };
    let breaks = panel_breaks(mode, width, upper);
    let ln_peak = x.ln() + ln_poisson_kernel(x, y_at_mode) - k * mode;
    ln_peak + adaptive_gauss_kronrod(integrand, &breaks).ln()
}

/// Breakpoints `0 … T` including `mode ± width·2ʲ`.
fn panel_breaks(mode: f64, width: f64, upper: f64) -> Vec<f64> {
    let mut breaks = vec![0.0, mode, upper];
    let mut step = width;
    while step < upper {
        for point in [mode - step, mode + step] {
            if point > 0.0 && point < upper {
                breaks.push(point);
            }
        }
        step *= 2.0;
    }
    breaks.sort_by(f64::total_cmp);
    breaks.dedup();
    breaks
}

/// Gauss–Kronrod 7/15 nodes (positive half, last one is the centre).
const GK15_NODES: [f64; 8] = [
    0.991_455_371_120_812_6,
    0.949_107_912_342_758_5,
    0.864_864_423_359_769_1,
    0.741_531_185_599_394_4,
    0.586_087_235_467_691_1,
    0.405_845_151_377_397_2,
    0.207_784_955_007_898_5,
    0.0,
];
/// Kronrod weights for [`GK15_NODES`].
const GK15_WEIGHTS: [f64; 8] = [
    0.022_935_322_010_529_22,
    0.063_092_092_629_978_55,
    0.104_790_010_322_250_18,
    0.140_653_259_715_525_92,
    0.169_004_726_639_267_9,
    0.190_350_578_064_785_4,
    0.204_432_940_075_298_9,
    0.209_482_141_084_727_83,
];
/// Gauss weights for the odd-indexed [`GK15_NODES`] (indices 1, 3, 5, 7).
const G7_WEIGHTS: [f64; 4] = [
    0.129_484_966_168_869_7,
    0.279_705_391_489_276_7,
    0.381_830_050_505_118_9,
    0.417_959_183_673_469_4,
];

/// One Gauss–Kronrod panel: (Kronrod estimate, |Kronrod − Gauss|).
fn gauss_kronrod_panel(f: &impl Fn(f64) -> f64, a: f64, b: f64) -> (f64, f64) {
    let centre = 0.5 * (a + b);
    let half = 0.5 * (b - a);
    let mut kronrod = 0.0;
    let mut gauss = 0.0;
    for (i, (&node, &weight)) in GK15_NODES.iter().zip(&GK15_WEIGHTS).enumerate() {
        let values = if node == 0.0 {
            f(centre)
        } else {
            f(centre - half * node) + f(centre + half * node)
        };
        kronrod += weight * values;
        if i % 2 == 1 {
            gauss += G7_WEIGHTS[i / 2] * values;
        }
    }
    (kronrod * half, (kronrod - gauss).abs() * half)
}

/// Globally adaptive Gauss–Kronrod quadrature of a positive function over consecutive
/// panels `breaks[i]..breaks[i+1]`, to a relative error estimate of 1e-14.
fn adaptive_gauss_kronrod(f: impl Fn(f64) -> f64, breaks: &[f64]) -> f64 {
    const RELATIVE_TOLERANCE: f64 = 1e-14;
    const MAX_PANELS: usize = 2_000;
    let mut panels: Vec<(f64, f64, f64, f64)> = breaks
        .windows(2)
        .map(|w| {
            let (value, error) = gauss_kronrod_panel(&f, w[0], w[1]);
            (w[0], w[1], value, error)
        })
        .collect();
    while panels.len() < MAX_PANELS {
        let total: f64 = panels.iter().map(|p| p.2).sum();
        let error: f64 = panels.iter().map(|p| p.3).sum();
        if error <= RELATIVE_TOLERANCE * total {
            break;
        }
        let worst = panels
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.3.total_cmp(&b.1.3))
            .map_or(0, |(i, _)| i);
        let (a, b, _, _) = panels.swap_remove(worst);
        let mid = 0.5 * (a + b);
        for (lo, hi) in [(a, mid), (mid, b)] {
            let (value, error) = gauss_kronrod_panel(&f, lo, hi);
            panels.push((lo, hi, value, error));
        }
    }
    let mut sum = CompensatedSum::default();
    for panel in &panels {
        sum.add(panel.2);
    }
    sum.value()
}

/// Neumaier compensated summation.
#[derive(Debug, Clone, Copy, Default)]
struct CompensatedSum {
    sum: f64,
    compensation: f64,
}

impl CompensatedSum {
    /// Adds one term.
    fn add(&mut self, value: f64) {
        let next = self.sum + value;
        if self.sum.abs() >= value.abs() {
            self.compensation += (self.sum - next) + value;
        } else {
            self.compensation += (value - next) + self.sum;
        }
        self.sum = next;
    }

    /// The compensated total.
    fn value(&self) -> f64 {
        self.sum + self.compensation
    }
}

/// Birth–death chain versions of the Erlang C and Erlang A models, computed independently
/// of the closed forms (used to cross-check them).
///
/// The stationary distribution is summed over states in log space, starting from the mode
/// (where the log weight is 0) and moving outwards, and truncated where the remaining tail
/// (bounded geometrically) is below `1e-300` of the total. The waiting-time distribution is
/// obtained by uniformization of the tagged-customer chain (queue position ahead of the
/// tagged customer, its own abandonment, entry to service).
pub mod chain {
    use super::{CompensatedSum, ErlangA, ErlangC, ErlangError, ln_poisson_kernel};
    use serde::Serialize;

    /// Maximum number of chain states (and of uniformization state-steps / 1000).
    pub const MAX_STATES: usize = 50_000_000;

    /// `ln(1e-300)`: truncation level of the stationary tail.
    const LN_TAIL: f64 = -690.775_527_898_213_7;

    /// Log weights below this are zero in `f64`.
    const LN_UNDERFLOW: f64 = -746.0;

    /// Stationary performance measures of a birth–death queue.
    #[derive(Debug, Clone, Copy, PartialEq, Serialize)]
    pub struct ChainResult {
        /// `P(N ≥ c)`: by PASTA, the probability that an arrival waits.
        pub p_wait_pos: f64,
        /// `θ E[Q] / λ` (0 for Erlang C).
        pub p_abandon: f64,
        /// `E[Q] = Σ (n − c)⁺ πₙ`.
        pub mean_queue: f64,
        /// `E[Q]/λ` (Little).
        pub mean_wait: f64,
        /// Mean number of busy servers divided by `c`.
        pub occupancy: f64,
        /// Number of states summed.
        pub states: usize,
    }

    /// Waiting-time quantities at one `t` from uniformization.
    #[derive(Debug, Clone, Copy, PartialEq, Serialize)]
    pub struct ChainWaiting {
        /// `P(W > t)`.
        pub wait_exceeds: f64,
        /// `P(W ≤ t)` (answered at once, served by `t`, or abandoned by `t`).
        pub service_level: f64,
        /// `P(served and W ≤ t)`.
        pub served_within: f64,
        /// Number of uniformization steps.
        pub steps: usize,
    }

    /// Erlang C (M/M/c) from the chain; the inputs are re-validated like [`ErlangC::new`].
    ///
    /// # Errors
    /// Those of [`ErlangC::new`], or [`ErlangError::ChainTooLarge`].
    pub fn erlang_c(model: &ErlangC) -> Result<ChainResult, ErlangError> {
        let m = ErlangC::new(model.arrival_rate, model.service_rate, model.servers)?;
        let chain = BirthDeath {
            lambda: m.arrival_rate,
            mu: m.service_rate,
            theta: 0.0,
            servers: m.servers,
        };
        Ok(chain.stationary()?.result(&chain))
    }

    /// Erlang A (M/M/c+M) from the chain; the inputs are re-validated like [`ErlangA::new`].
    ///
    /// # Errors
    /// Those of [`ErlangA::new`], or [`ErlangError::ChainTooLarge`].
    pub fn erlang_a(model: &ErlangA) -> Result<ChainResult, ErlangError> {
        let chain = BirthDeath::erlang_a(model)?;
        Ok(chain.stationary()?.result(&chain))
    }

    /// Erlang A waiting-time distribution at `t` by uniformization: the arrival sees the
    /// stationary queue (PASTA); while it waits, the number ahead of it drops at rate
    /// `cμ + kθ` (service completions, abandonments ahead), it enters service from `k = 0`
    /// at rate `cμ`, and it abandons at rate `θ`.
    ///
    /// Cost is about `(Λt + 15√(Λt)) · K` with `K` the truncated queue length and
    /// `Λ = cμ + (K+1)θ`; meant for moderate models.
    ///
    /// # Errors
    /// Those of [`ErlangA::new`], [`ErlangError::InvalidTime`] for `t` not finite or
    /// negative, or [`ErlangError::ChainTooLarge`].
    pub fn erlang_a_waiting(model: &ErlangA, t: f64) -> Result<ChainWaiting, ErlangError> {
        if !(t.is_finite() && t >= 0.0) {
            return Err(ErlangError::InvalidTime { value: t });
        }
        let chain = BirthDeath::erlang_a(model)?;
        let sums = chain.stationary()?;
        let total = sums.total.value();
        let ahead: Vec<f64> = sums.queue_weights.iter().map(|w| w / total).collect();
        let no_wait = sums.free.value() / total;
        uniformize(&chain, ahead, no_wait, t)
    }

    /// A birth–death queue with `c` servers, service rate `μ`, abandonment rate `θ`.
    #[derive(Debug, Clone, Copy)]
    struct BirthDeath {
        lambda: f64,
        mu: f64,
        theta: f64,
        servers: u32,
    }

    /// Accumulated stationary sums (unnormalised; the mode has weight 1).
    #[derive(Debug, Default)]
    struct StationarySums {
        total: CompensatedSum,
        free: CompensatedSum,
        waiting: CompensatedSum,
        queue: CompensatedSum,
        busy: CompensatedSum,
        states: usize,
        /// Weights of states `c + k`, `k = 0, 1, …`.
        queue_weights: Vec<f64>,
    }

    impl StationarySums {
        /// Adds state `n` with weight `w`.
        fn add(&mut self, chain: &BirthDeath, n: usize, w: f64) {
            let c = chain.servers as usize;
            self.states += 1;
            self.total.add(w);
            if n < c {
                self.free.add(w);
                self.busy.add(n as f64 * w);
            } else {
                self.waiting.add(w);
                self.busy.add(chain.c() * w);
                self.queue.add((n - c) as f64 * w);
                let k = n - c;
                if self.queue_weights.len() <= k {
                    self.queue_weights.resize(k + 1, 0.0);
                }
                self.queue_weights[k] = w;
            }
        }

        /// Normalised performance measures.
        fn result(&self, chain: &BirthDeath) -> ChainResult {
            let total = self.total.value();
            let mean_queue = self.queue.value() / total;
            ChainResult {
                p_wait_pos: self.waiting.value() / total,
                p_abandon: chain.theta * mean_queue / chain.lambda,
                mean_queue,
                mean_wait: mean_queue / chain.lambda,
                occupancy: self.busy.value() / total / chain.c(),
                states: self.states,
            }
        }
    }

    impl BirthDeath {
        /// Validated Erlang A chain.
        fn erlang_a(model: &ErlangA) -> Result<Self, ErlangError> {
            let m = ErlangA::new(
                model.arrival_rate,
                model.service_rate,
                model.abandon_rate,
                model.servers,
            )?;
            Ok(Self {
                lambda: m.arrival_rate,
                mu: m.service_rate,
                theta: m.abandon_rate,
                servers: m.servers,
            })
        }

        /// `c` as `f64`.
        fn c(&self) -> f64 {
            f64::from(self.servers)
        }

        /// Death rate in state `n`: `min(n, c)μ + (n − c)⁺θ`.
        fn death(&self, n: usize) -> f64 {
            let c = self.servers as usize;
            if n <= c {
                n as f64 * self.mu
            } else {
                self.c() * self.mu + (n - c) as f64 * self.theta
            }
        }

        /// `ln(πₙ/πₙ₋₁) = ln(λ/death(n))`, `n ≥ 1`.
        fn log_ratio(&self, n: usize) -> f64 {
            (self.lambda / self.death(n)).ln()
        }

        /// Largest `n` with `πₙ ≥ πₙ₋₁` (0 if none).
        fn mode(&self) -> Result<usize, ErlangError> {
            let capacity = self.c() * self.mu;
            let guess = if self.lambda <= capacity {
                (self.lambda / self.mu).floor()
            } else if self.theta > 0.0 {
                self.c() + ((self.lambda - capacity) / self.theta).floor()
            } else {
                return Err(ErlangError::Unstable {
                    load: self.lambda / self.mu,
                    servers: self.servers,
                });
            };
            if guess.is_nan() || guess >= MAX_STATES as f64 {
                return Err(ErlangError::ChainTooLarge { limit: MAX_STATES });
            }
            let mut m = guess as usize;
            while m > 0 && self.log_ratio(m) < 0.0 {
                m -= 1;
            }
            while self.log_ratio(m + 1) >= 0.0 {
                m += 1;
            }
            Ok(m)
        }

        /// Sums the stationary weights outward from the mode.
        fn stationary(&self) -> Result<StationarySums, ErlangError> {
            let mode = self.mode()?;
            let mut sums = StationarySums::default();
            sums.add(self, mode, 1.0);
            let mut ln_w = 0.0;
            for n in (0..mode).rev() {
                ln_w -= self.log_ratio(n + 1);
                if ln_w < LN_UNDERFLOW {
                    break;
                }
                sums.add(self, n, ln_w.exp());
            }
            let c = self.servers as usize;
            let mut ln_w = 0.0;
            let mut n = mode;
            loop {
                n += 1;
                if sums.states > MAX_STATES {
                    return Err(ErlangError::ChainTooLarge { limit: MAX_STATES });
                }
                ln_w += self.log_ratio(n);
                sums.add(self, n, ln_w.exp());
                let next_ratio = self.lambda / self.death(n + 1);
                if n >= c && next_ratio < 1.0 {
                    // Σ_{j>n} (j − c + 1) πⱼ ≤ πₙ (n − c + 2) / (1 − r)² (r = later ratio bound).
                    let bound = ((n - c + 2) as f64).ln() - 2.0 * (1.0 - next_ratio).ln();
                    if ln_w + bound < LN_TAIL {
                        break;
                    }
                }
            }
            Ok(sums)
        }
    }

    /// Uniformization of the tagged-customer chain from the initial distribution `ahead`
    /// (unconditional probabilities of `k` customers queued ahead) at time `t`.
    fn uniformize(
        chain: &BirthDeath,
        mut ahead: Vec<f64>,
        no_wait: f64,
        t: f64,
    ) -> Result<ChainWaiting, ErlangError> {
        let capacity = chain.c() * chain.mu;
        let theta = chain.theta;
        let k_max = ahead.len().saturating_sub(1);
        let rate = capacity + (k_max + 1) as f64 * theta; // Λ
        let mean_jumps = rate * t;
        let steps = (mean_jumps + 15.0 * mean_jumps.sqrt() + 40.0).ceil();
        if steps * ahead.len() as f64 > 1000.0 * MAX_STATES as f64 {
            return Err(ErlangError::ChainTooLarge { limit: MAX_STATES });
        }
        let steps = steps as usize;
        let mut served = 0.0; // mass absorbed in service after n jumps
        let mut abandoned = 0.0;
        let mut acc_alive = CompensatedSum::default();
        let mut acc_served = CompensatedSum::default();
        let mut acc_abandoned = CompensatedSum::default();
        for n in 0..=steps {
            let weight = if t == 0.0 {
                if n == 0 { 1.0 } else { 0.0 }
            } else {
                ln_poisson_kernel(n as f64, mean_jumps).exp()
            };
            let alive: f64 = ahead.iter().sum();
            acc_alive.add(weight * alive);
            acc_served.add(weight * served);
            acc_abandoned.add(weight * abandoned);
            served += ahead.first().copied().unwrap_or(0.0) * capacity / rate;
            abandoned += alive * theta / rate;
            for k in 0..ahead.len() {
                let stay = (k_max - k) as f64 * theta / rate;
                let inflow = ahead
                    .get(k + 1)
                    .map_or(0.0, |p| p * (capacity + (k + 1) as f64 * theta) / rate);
                ahead[k] = ahead[k] * stay + inflow;
            }
        }
        Ok(ChainWaiting {
            wait_exceeds: acc_alive.value(),
            service_level: no_wait + acc_served.value() + acc_abandoned.value(),
            served_within: no_wait + acc_served.value(),
            steps,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative closeness (exact equality also accepted, e.g. both zero).
    fn assert_rel(what: &str, got: f64, want: f64, tol: f64) {
        let scale = got.abs().max(want.abs());
        assert!(
            got == want || (got - want).abs() <= tol * scale,
            "{what}: got {got:e}, want {want:e}, rel err {:e} > {tol:e}",
            (got - want).abs() / scale
        );
    }

    fn assert_abs(what: &str, got: f64, want: f64, tol: f64) {
        assert!(
            (got - want).abs() <= tol,
            "{what}: got {got:e}, want {want:e}, abs err {:e} > {tol:e}",
            (got - want).abs()
        );
    }

    /// `ln A(x, v)` with `A(x, v) = x eᵛ v⁻ˣ γ(x, v)`.
    fn ln_a(x: f64, v: f64) -> f64 {
        ln_lower_gamma(x, v) - ln_poisson_kernel(x, v)
    }

    const SIZES: [u32; 6] = [1, 2, 10, 50, 500, 2000];
    const A_LOADS: [f64; 4] = [0.5, 1.0, 1.2, 2.0];
    const THETA_OVER_MU: [f64; 3] = [0.1, 1.0, 5.0];

    /// Erlang A with μ = 1, λ = ρc, θ = ratio.
    fn model_a(c: u32, rho: f64, theta_over_mu: f64) -> ErlangA {
        ErlangA::new(rho * f64::from(c), 1.0, theta_over_mu, c).expect("valid model")
    }

    #[test]
    fn erlang_b_known_values() {
        assert_rel("B(2,3)", erlang_b(2.0, 3), 4.0 / 19.0, 1e-15);
        assert_rel("B(1,1)", erlang_b(1.0, 1), 0.5, 1e-15);
        assert_rel("B(1,2)", erlang_b(1.0, 2), 0.2, 1e-15);
        assert_eq!(erlang_b(5.0, 0), 1.0);
        assert_eq!(erlang_b(0.0, 3), 0.0);
        assert!(erlang_b(-1.0, 2).is_nan());
        assert!(erlang_b(f64::NAN, 2).is_nan());
        assert!(erlang_b(f64::INFINITY, 2).is_nan());
    }

    /// Erlang B = P(N = c) for a Poisson(a) truncated to 0..=c, summed in log space.
    fn ln_erlang_b_reference(a: f64, c: u32) -> f64 {
        let logs: Vec<f64> = (0..=c)
            .map(|n| ln_poisson_kernel(f64::from(n), a))
            .collect();
        let max = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = logs.iter().map(|l| (l - max).exp()).sum();
        logs[c as usize] - max - sum.ln()
    }

    #[test]
    fn erlang_b_large_systems_and_log_space() {
        for a in [200.0, 1000.0, 1900.0, 2000.0, 4000.0] {
            let parts = erlang_b_parts(a, 2000);
            let reference = ln_erlang_b_reference(a, 2000);
            assert_abs(&format!("ln B({a}, 2000)"), parts.ln, reference, 1e-10);
            // forcing log space from the start must agree with the plain recursion
            let forced = erlang_b_log_space(a, 0.0, 1, 2000);
            assert_abs(&format!("log-space B({a})"), forced.ln, parts.ln, 1e-9);
            let b = erlang_b(a, 2000);
            assert!((0.0..=1.0).contains(&b), "B out of range: {b}");
        }
        // deep underflow: the value is 0 but its log is still accurate
        let parts = erlang_b_parts(200.0, 2000);
        assert_eq!(parts.value, 0.0);
        assert!(parts.ln < -2500.0 && parts.ln.is_finite());
        // overload: B → 1 − c/a
        assert_rel("B(20000, 2000)", erlang_b(20000.0, 2000), 0.9, 1e-3);
    }

    #[test]
    fn erlang_c_textbook_values() {
        // a = 2 Erlangs, c = 3: P(W>0) = 4/9 (e.g. Kleinrock, Queueing Systems I, M/M/m).
        let q = ErlangC::new(2.0, 1.0, 3).expect("valid");
        assert_rel("C(2,3)", q.p_wait_pos(), 4.0 / 9.0, 1e-15);
        assert_rel("E[Wq]", q.mean_wait(), 4.0 / 9.0, 1e-15);
        assert_rel("E[Q]", q.mean_queue(), 8.0 / 9.0, 1e-15);
        assert_rel("occupancy", q.occupancy(), 2.0 / 3.0, 1e-15);
        assert_rel(
            "SL(1)",
            q.service_level(1.0),
            1.0 - 4.0 / 9.0 * (-1.0_f64).exp(),
            1e-15,
        );
        // M/M/2 at ρ = 1/2: P(W>0) = 2ρ²/(1+ρ) = 1/3.
        let q = ErlangC::new(1.0, 1.0, 2).expect("valid");
        assert_rel("C(1,2)", q.p_wait_pos(), 1.0 / 3.0, 1e-15);
        // Same system in calls per hour: λ = 10/h, mean handling 12 min → a = 2, c = 3.
        let q = ErlangC::new(10.0, 5.0, 3).expect("valid");
        assert_rel("E[Wq] in hours", q.mean_wait(), 4.0 / 9.0 / 5.0, 1e-15);
    }

    #[test]
    fn mm1_identities() {
        for rho in [0.1, 0.5, 0.7, 0.99] {
            let mu = 2.0;
            let q = ErlangC::new(rho * mu, mu, 1).expect("valid");
            assert_rel("P(W>0)", q.p_wait_pos(), rho, 1e-14);
            assert_rel("E[Wq]", q.mean_wait(), rho / (mu - rho * mu), 1e-13);
            assert_rel("E[Q]", q.mean_queue(), rho * rho / (1.0 - rho), 1e-13);
            let t = 0.8;
            let sl = 1.0 - rho * (-(mu - rho * mu) * t).exp();
            assert_rel("SL", q.service_level(t), sl, 1e-14);
            assert_rel("tail", q.wait_exceeds(t), 1.0 - sl, 1e-13);
        }
    }

    #[test]
    fn erlang_c_matches_chain() {
        for c in SIZES {
            for rho in [0.5, 0.9, 0.99] {
                let q = ErlangC::new(rho * f64::from(c), 1.0, c).expect("valid");
                let ch = chain::erlang_c(&q).expect("chain");
                let tag = format!("C c={c} rho={rho}");
                assert_rel(
                    &format!("{tag} P(W>0)"),
                    q.p_wait_pos(),
                    ch.p_wait_pos,
                    1e-9,
                );
                assert_rel(&format!("{tag} E[W]"), q.mean_wait(), ch.mean_wait, 1e-9);
                assert_rel(&format!("{tag} E[Q]"), q.mean_queue(), ch.mean_queue, 1e-9);
                assert_rel(&format!("{tag} occ"), q.occupancy(), ch.occupancy, 1e-9);
                assert_rel(
                    &format!("{tag} P(W=0)"),
                    q.p_no_wait(),
                    1.0 - ch.p_wait_pos,
                    1e-9,
                );
                assert_eq!(ch.p_abandon, 0.0);
            }
        }
    }

    #[test]
    fn erlang_a_matches_chain() {
        for c in SIZES {
            for rho in A_LOADS {
                for ratio in THETA_OVER_MU {
                    let q = model_a(c, rho, ratio);
                    let ch = chain::erlang_a(&q).expect("chain");
                    let tag = format!("A c={c} rho={rho} theta/mu={ratio}");
                    assert_rel(
                        &format!("{tag} P(W>0)"),
                        q.p_wait_pos(),
                        ch.p_wait_pos,
                        1e-9,
                    );
                    assert_rel(&format!("{tag} P(Ab)"), q.p_abandon(), ch.p_abandon, 1e-9);
                    assert_rel(&format!("{tag} E[W]"), q.mean_wait(), ch.mean_wait, 1e-9);
                    assert_rel(&format!("{tag} E[Q]"), q.mean_queue(), ch.mean_queue, 1e-9);
                    assert_rel(&format!("{tag} occ"), q.occupancy(), ch.occupancy, 1e-9);
                }
            }
        }
    }

    #[test]
    fn erlang_a_with_theta_equal_mu_is_poisson() {
        use statrs::function::gamma::gamma_lr;
        // With θ = μ every customer in system leaves at rate μ: N ~ Poisson(a) for any c.
        for c in [1_u32, 2, 10] {
            for rho in [0.5, 1.0, 2.0] {
                let cf = f64::from(c);
                let a = rho * cf;
                let q = ErlangA::new(a, 1.0, 1.0, c).expect("valid");
                let at_least = |m: f64| if m == 0.0 { 1.0 } else { gamma_lr(m, a) };
                let p_wait = at_least(cf);
                let mean_queue = a * at_least(cf) - cf * at_least(cf + 1.0);
                let tag = format!("theta=mu c={c} a={a}");
                assert_rel(&format!("{tag} P(W>0)"), q.p_wait_pos(), p_wait, 1e-12);
                assert_rel(&format!("{tag} E[Q]"), q.mean_queue(), mean_queue, 1e-9);
            }
        }
        // M/M/1+M with θ = μ: E[Q] = a − 1 + e^{−a}, P(Ab) = E[Q]/a.
        let a: f64 = 0.5;
        let q = ErlangA::new(a, 1.0, 1.0, 1).expect("valid");
        assert_rel("M/M/1+M P(W>0)", q.p_wait_pos(), -(-a).exp_m1(), 1e-14);
        assert_rel(
            "M/M/1+M P(Ab)",
            q.p_abandon(),
            (a - 1.0 + (-a).exp()) / a,
            1e-12,
        );
        let ch = chain::erlang_a(&q).expect("chain");
        assert_rel("M/M/1+M chain P(Ab)", ch.p_abandon, q.p_abandon(), 1e-12);
    }

    #[test]
    fn erlang_a_tends_to_erlang_c_for_patient_customers() {
        for c in [1_u32, 10, 50, 500] {
            for rho in [0.5, 0.9] {
                let lambda = rho * f64::from(c);
                let erl_c = ErlangC::new(lambda, 1.0, c).expect("valid");
                let erl_a = |theta: f64| ErlangA::new(lambda, 1.0, theta, c).expect("valid");
                let tag = format!("c={c} rho={rho}");
                // The corrections are O(θ/(μ(1−ρ)²)) relative (heavy-traffic sensitivity).
                let theta = 1e-6;
                let tol = 10.0 * theta / ((1.0 - rho) * (1.0 - rho));
                let a = erl_a(theta);
                assert_rel(
                    &format!("{tag} P(W>0)"),
                    a.p_wait_pos(),
                    erl_c.p_wait_pos(),
                    tol,
                );
                assert_rel(
                    &format!("{tag} E[W]"),
                    a.mean_wait(),
                    erl_c.mean_wait(),
                    tol,
                );
                // to first order P(Ab) = θ E[W_q]
                let first_order = theta * erl_c.mean_wait();
                assert_rel(&format!("{tag} P(Ab)"), a.p_abandon(), first_order, tol);
                for t in [0.0, 0.1, 1.0, 5.0] {
                    let (got, want) = (a.service_level(t), erl_c.service_level(t));
                    assert_abs(&format!("{tag} SL({t})"), got, want, tol);
                }
                // and the error shrinks linearly in θ
                let gap = |theta: f64| (erl_a(theta).mean_wait() / erl_c.mean_wait() - 1.0).abs();
                let shrink = gap(1e-7) / gap(1e-6);
                assert!((0.08..0.12).contains(&shrink), "{tag}: gap ratio {shrink}");
            }
        }
    }

    #[test]
    fn erlang_a_waiting_distribution_matches_uniformization() {
        for c in [1_u32, 2, 10, 50] {
            for rho in A_LOADS {
                for ratio in THETA_OVER_MU {
                    let q = model_a(c, rho, ratio);
                    for t in [0.0, 0.01, 0.3, 2.0] {
                        let ch = chain::erlang_a_waiting(&q, t).expect("chain");
                        let tag = format!("c={c} rho={rho} theta/mu={ratio} t={t}");
                        assert_waiting_matches(&q, t, &ch, &tag);
                    }
                }
            }
        }
    }

    /// The closed-form waiting-time measures of `q` at `t` against the chain's, to 1e-9.
    fn assert_waiting_matches(q: &ErlangA, t: f64, ch: &chain::ChainWaiting, tag: &str) {
        assert_rel(
            &format!("{tag} P(W>t)"),
            q.wait_exceeds(t),
            ch.wait_exceeds,
            1e-9,
        );
        assert_rel(
            &format!("{tag} SL"),
            q.service_level(t),
            ch.service_level,
            1e-9,
        );
        assert_rel(
            &format!("{tag} served"),
            q.served_within(t),
            ch.served_within,
            1e-9,
        );
    }

    #[test]
    fn erlang_a_waiting_distribution_matches_uniformization_c500() {
        for (rho, ratio) in [(0.5, 1.0), (1.0, 5.0), (2.0, 0.1)] {
            let q = model_a(500, rho, ratio);
            for t in [0.001, 0.05] {
                let ch = chain::erlang_a_waiting(&q, t).expect("chain");
                let tag = format!("c=500 rho={rho} theta/mu={ratio} t={t}");
                assert_waiting_matches(&q, t, &ch, &tag);
            }
        }
    }

    /// ∫₀^∞ g(t) dt by adaptive quadrature on geometric panels starting at `scale`.
    fn integrate_tail(g: impl Fn(f64) -> f64, scale: f64, end: f64) -> f64 {
        let mut breaks = vec![0.0];
        let mut point = scale;
        while point < end {
            breaks.push(point);
            point *= 2.0;
        }
        breaks.push(end);
        adaptive_gauss_kronrod(g, &breaks)
    }

    #[test]
    fn erlang_a_mean_wait_is_integral_of_tail() {
        for c in [10_u32, 500, 2000] {
            for rho in A_LOADS {
                for ratio in THETA_OVER_MU {
                    let q = model_a(c, rho, ratio);
                    let cf = f64::from(c);
                    let end = 60.0 / ratio;
                    let integral = integrate_tail(|t| q.wait_exceeds(t), 0.01 / cf, end);
                    let tag = format!("c={c} rho={rho} theta/mu={ratio}");
                    assert_rel(&format!("{tag} ∫P(W>t)"), integral, q.mean_wait(), 1e-9);
                    // served-within tends to 1 − P(Ab)
                    assert_rel(
                        &format!("{tag} served(end)"),
                        q.served_within(end),
                        1.0 - q.p_abandon(),
                        1e-12,
                    );
                }
            }
        }
    }

    /// The service-level, tail and served-within functions are consistent probabilities.
    fn check_distribution_shape(
        tag: &str,
        p_wait: f64,
        p_abandon: f64,
        sl: impl Fn(f64) -> f64,
        tail: impl Fn(f64) -> f64,
        served: impl Fn(f64) -> f64,
        horizon: f64,
    ) {
        assert_abs(&format!("{tag} SL(0)"), sl(0.0), 1.0 - p_wait, 1e-14);
        assert_abs(
            &format!("{tag} served(0)"),
            served(0.0),
            1.0 - p_wait,
            1e-14,
        );
        assert_eq!(sl(f64::INFINITY), 1.0, "{tag} SL(inf)");
        assert_rel(
            &format!("{tag} served(inf)"),
            served(f64::INFINITY),
            1.0 - p_abandon,
            1e-14,
        );
        assert_abs(&format!("{tag} SL(horizon)"), sl(horizon), 1.0, 1e-12);
        assert_eq!(sl(-1.0), 0.0);
        assert_eq!(served(-1.0), 0.0);
        assert!(sl(f64::NAN).is_nan() && served(f64::NAN).is_nan() && tail(f64::NAN).is_nan());
        let mut previous = (0.0, 0.0);
        for i in 0..=400 {
            let t = horizon * (f64::from(i) / 400.0).powi(3);
            let (s, v) = (sl(t), served(t));
            // monotone up to rounding (a few ulps of 1)
            assert!(
                s >= previous.0 - 1e-15 && v >= previous.1 - 1e-15,
                "{tag}: not monotone at t={t}"
            );
            assert!(
                v <= s + 1e-15 && s <= 1.0 && v >= 0.0,
                "{tag}: out of order at t={t}"
            );
            assert_abs(&format!("{tag} SL+tail at {t}"), s + tail(t), 1.0, 1e-14);
            previous = (s, v);
        }
    }

    #[test]
    fn service_level_properties() {
        for c in [1_u32, 10, 2000] {
            for rho in A_LOADS {
                for ratio in THETA_OVER_MU {
                    let q = model_a(c, rho, ratio);
                    check_distribution_shape(
                        &format!("A c={c} rho={rho} theta/mu={ratio}"),
                        q.p_wait_pos(),
                        q.p_abandon(),
                        |t| q.service_level(t),
                        |t| q.wait_exceeds(t),
                        |t| q.served_within(t),
                        100.0 / ratio,
                    );
                }
            }
            for rho in [0.5, 0.9, 0.99] {
                let q = ErlangC::new(rho * f64::from(c), 1.0, c).expect("valid");
                let horizon = 100.0 / (f64::from(c) * (1.0 - rho));
                check_distribution_shape(
                    &format!("C c={c} rho={rho}"),
                    q.p_wait_pos(),
                    0.0,
                    |t| q.service_level(t),
                    |t| q.wait_exceeds(t),
                    |t| q.service_level(t),
                    horizon,
                );
            }
        }
    }

    #[test]
    fn series_and_continued_fraction_agree() {
        for x in [0.01_f64, 0.5, 3.0, 20.0, 2000.0, 2e6] {
            for offset in [1.0, 1.5, 4.0] {
                let v = x + offset * x.sqrt().max(1.0);
                let series = a_series(x, v).excess.ln_1p();
                let ln_kernel = ln_poisson_kernel(x, v);
                let fraction = ln_lower_gamma_fraction(x, v, ln_kernel) - ln_kernel;
                assert_abs(
                    &format!("ln A({x}, {v})"),
                    series,
                    fraction,
                    1e-12 * series.abs().max(1.0),
                );
            }
        }
    }

    #[test]
    fn a_matches_statrs_incomplete_gamma() {
        use statrs::function::gamma::gamma_lr;
        for (x, v) in [(3.5, 2.0), (3.5, 7.0), (0.3, 0.1), (12.0, 30.0)] {
            // A = Γ(x+1) eᵛ v⁻ˣ P(x, v)
            let want = ln_gamma(x + 1.0) + v - x * f64::ln(v) + gamma_lr(x, v).ln();
            assert_abs(&format!("ln A({x},{v})"), ln_a(x, v), want, 1e-12);
        }
        // Loader's kernel against the direct formula at moderate arguments
        for (x, v) in [(20.5, 18.0), (40.0, 80.0), (16.0, 1.0)] {
            let direct = x * f64::ln(v) - v - ln_gamma(x + 1.0);
            assert_abs(
                &format!("ln d({x},{v})"),
                ln_poisson_kernel(x, v),
                direct,
                1e-12,
            );
        }
    }

    #[test]
    fn quadrature_matches_closed_form_where_both_are_accurate() {
        // Where the closed-form differences do not cancel, both routes must agree.
        for (c, rho, ratio) in [
            (10, 0.9, 0.1),
            (500, 2.0, 0.1),
            (2000, 1.0, 5.0),
            (1, 0.5, 1.0),
        ] {
            let q = model_a(c, rho, ratio);
            let s = q.state();
            for sigma in [0.001_f64, 0.01, 0.1, 1.0] {
                let tag = format!("c={c} rho={rho} theta/mu={ratio} sigma={sigma}");
                let u = s.y * (-sigma).exp();
                let closed = 1.0 - (ln_lower_gamma(s.x, u) - s.delayed.ln_p).exp();
                let quad = (ln_density_integral(s.x, s.y, 0.0, sigma) - s.delayed.ln_p).exp();
                if closed > 1e-3 {
                    assert_rel(&format!("{tag} P(V<=t)"), quad, closed, 1e-10);
                }
                let later =
                    ((s.x / s.y).ln() + ln_lower_gamma(s.x + 1.0, u) - s.delayed.ln_p).exp();
                let closed = s.delayed.served - later;
                let quad = (ln_density_integral(s.x, s.y, 1.0, sigma) - s.delayed.ln_p).exp();
                if closed > 1e-3 {
                    assert_rel(&format!("{tag} served"), quad, closed, 1e-10);
                }
            }
        }
    }

    #[test]
    fn gauss_kronrod_integrates_known_functions() {
        let e = adaptive_gauss_kronrod(f64::exp, &[0.0, 1.0]);
        assert_rel("∫e^x", e, std::f64::consts::E - 1.0, 1e-15);
        let s = adaptive_gauss_kronrod(f64::sin, &[0.0, std::f64::consts::PI]);
        assert_rel("∫sin", s, 2.0, 1e-15);
        let narrow =
            adaptive_gauss_kronrod(|x| (-1e6 * (x - 0.3) * (x - 0.3)).exp(), &[0.0, 0.3, 1.0]);
        assert_rel("∫gauss", narrow, (std::f64::consts::PI / 1e6).sqrt(), 1e-13);
    }

    #[test]
    fn invalid_inputs_are_rejected() {
        use ErlangError::*;
        assert_eq!(
            ErlangC::new(0.0, 1.0, 2),
            Err(InvalidRate {
                name: "arrival_rate",
                value: 0.0
            })
        );
        assert_eq!(
            ErlangC::new(1.0, -1.0, 2),
            Err(InvalidRate {
                name: "service_rate",
                value: -1.0
            })
        );
        assert!(matches!(
            ErlangC::new(f64::NAN, 1.0, 2),
            Err(InvalidRate {
                name: "arrival_rate",
                ..
            })
        ));
        assert_eq!(ErlangC::new(1.0, 1.0, 0), Err(NoServers));
        assert_eq!(
            ErlangC::new(2.0, 1.0, 2),
            Err(Unstable {
                load: 2.0,
                servers: 2
            })
        );
        assert_eq!(
            ErlangC::new(3.0, 1.0, 2),
            Err(Unstable {
                load: 3.0,
                servers: 2
            })
        );
        assert!(matches!(
            ErlangC::new(1e300, 1e-300, 2),
            Err(RatioOutOfRange {
                name: "arrival_rate/service_rate",
                ..
            })
        ));
        assert_eq!(
            ErlangA::new(1.0, 1.0, f64::INFINITY, 2),
            Err(InvalidRate {
                name: "abandon_rate",
                value: f64::INFINITY
            })
        );
        assert_eq!(
            ErlangA::new(1.0, 1.0, 0.0, 2),
            Err(InvalidRate {
                name: "abandon_rate",
                value: 0.0
            })
        );
        assert_eq!(ErlangA::new(1.0, 1.0, 1.0, 0), Err(NoServers));
        assert!(matches!(
            ErlangA::new(1.0, 1.0, 1e-14, 2),
            Err(PatienceTooLong { .. })
        ));
        assert!(matches!(
            ErlangA::new(1e-300, 1.0, 1e300, 2),
            Err(RatioOutOfRange { .. })
        ));
        let ok = model_a(2, 1.0, 1.0);
        assert!(matches!(
            chain::erlang_a_waiting(&ok, -1.0),
            Err(InvalidTime { .. })
        ));
        assert!(matches!(
            chain::erlang_a_waiting(&ok, f64::NAN),
            Err(InvalidTime { .. })
        ));
        // A hand-built unstable Erlang C is rejected by the chain rather than looping.
        let bad = ErlangC {
            arrival_rate: 5.0,
            service_rate: 1.0,
            servers: 2,
        };
        assert!(matches!(chain::erlang_c(&bad), Err(Unstable { .. })));
        // Messages name the parameter, the value and what is allowed.
        let msg = ErlangC::new(3.0, 1.0, 2).expect_err("unstable").to_string();
        assert!(
            msg.contains("load 3") && msg.contains("2 servers") && msg.contains("<"),
            "{msg}"
        );
        let msg = ErlangA::new(1.0, -2.0, 1.0, 1)
            .expect_err("invalid")
            .to_string();
        assert!(
            msg.contains("service_rate") && msg.contains("-2") && msg.contains("> 0"),
            "{msg}"
        );
    }

    #[test]
    fn extreme_parameters_stay_finite_and_consistent() {
        for c in [1_u32, 7, 2000, 20_000] {
            for rho in [1e-6, 0.3, 0.999_999, 1.0, 1.000_001, 1.5, 10.0, 1000.0] {
                for ratio in [1e-6, 0.01, 1.0, 100.0, 1e4] {
                    let q = model_a(c, rho, ratio);
                    let tag = format!("c={c} rho={rho} theta/mu={ratio}");
                    let values = [
                        q.p_wait_pos(),
                        q.p_abandon(),
                        q.occupancy(),
                        q.service_level(1.0),
                        q.served_within(1.0),
                        q.wait_exceeds(1.0),
                    ];
                    for v in values {
                        assert!((0.0..=1.0).contains(&v), "{tag}: {values:?}");
                    }
                    assert!(q.mean_wait().is_finite() && q.mean_wait() >= 0.0, "{tag}");
                    assert!(q.p_abandon() <= q.p_wait_pos(), "{tag}");
                    // λ(1 − P(Ab)) ≤ cμ: throughput never exceeds capacity
                    assert!(q.occupancy() <= 1.0 + 1e-12, "{tag}");
                }
            }
        }
        // Fluid limit for a large overloaded system: P(Ab) ≈ 1 − 1/ρ.
        let q = model_a(2000, 2.0, 0.1);
        assert_rel("fluid P(Ab)", q.p_abandon(), 0.5, 1e-2);
        assert_rel("fluid occupancy", q.occupancy(), 1.0, 1e-2);
    }
}
