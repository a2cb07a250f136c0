//! Erlang A, the M/M/c+M queue with exponential patience (Palm 1943; Garnett, Mandelbaum &
//! Reiman 2002; Mandelbaum & Zeltyn 2007): the stationary quantities, the outcome of a
//! delayed arrival and its waiting-time distribution, with the formulas listed in
//! [`crate::erlang`].
//!
//! Probabilities that would be small differences of incomplete gamma functions are
//! integrated directly from the (log-concave) density by adaptive Gauss–Kronrod quadrature.

use serde::Serialize;

use super::erlang_b::erlang_b_parts;
use super::gamma::{a_series, ln_lower_gamma, ln_lower_gamma_fraction, ln_poisson_kernel};
use super::quadrature::adaptive_gauss_kronrod;
use super::{ErlangError, MAX_PATIENCE_RATIO, check_rate, check_ratio, check_servers};

/// Inputs of an M/M/c+M queue (Erlang A / Palm): as [`ErlangC`](super::ErlangC) plus exponential patience
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
pub(super) struct ErlangAState {
    /// `x = cμ/θ`.
    pub(super) x: f64,
    /// `y = λ/θ`.
    pub(super) y: f64,
    /// `P(W > 0)`.
    p_wait: f64,
    /// `P(W = 0)`.
    p_no_wait: f64,
    /// Outcome of a delayed arrival.
    pub(super) delayed: DelayedOutcome,
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
        self.state().service_level(self.abandon_rate, t)
    }

    /// Tail of the waiting time `P(W > t) = 1 − service_level(t)`, with full relative
    /// precision when it is small.
    ///
    /// `1` for `t < 0`, `0` for `t = +∞`, NaN for NaN.
    pub fn wait_exceeds(&self, t: f64) -> f64 {
        self.state().wait_exceeds(self.abandon_rate, t)
    }

    /// `P(served and W ≤ t)`: share of all arrivals answered within `t` (immediate answers
    /// included; abandoners never count).
    ///
    /// `0` for `t < 0`, `1 − P(Ab)` for `t = +∞`, NaN for NaN.
    pub fn served_within(&self, t: f64) -> f64 {
        self.state().served_within(self.abandon_rate, t)
    }

    /// `P(served and W + R ≤ t)` for a further time `R ~ Exp(reply_rate)` independent of
    /// the wait: the share of all arrivals that enter service and complete a first piece of
    /// work of exponential length within `t` of arriving (abandoners never count).
    ///
    /// The convolution of the wait's atom at 0 and its served-entry density
    /// `g(w) = θ (x/A) exp(−(x+1)θw + y(1 − e^{−θw}))` (given `W > 0`) with the law of `R`:
    /// `P(W = 0)(1 − e^{−νt}) + P(W > 0) ∫₀ᵗ g(w)(1 − e^{−ν(t−w)}) dw`, the integral by
    /// adaptive quadrature of its positive integrand.
    ///
    /// At most [`served_within`](Self::served_within)`(t)`. `0` for `t < 0`, `1 − P(Ab)` for
    /// `t = +∞`, NaN for NaN `t` or a `reply_rate` that is not finite and `> 0`.
    pub fn served_plus_exp_within(&self, t: f64, reply_rate: f64) -> f64 {
        if t.is_nan() || !(reply_rate.is_finite() && reply_rate > 0.0) {
            return f64::NAN;
        }
        if t <= 0.0 {
            return 0.0;
        }
        let s = self.state();
        if t == f64::INFINITY {
            return (s.p_no_wait + s.p_wait * s.delayed.served).clamp(0.0, 1.0);
        }
        let at_once = -(-reply_rate * t).exp_m1();
        let upper = self.abandon_rate * t;
        let nu_over_theta = reply_rate / self.abandon_rate;
        let weight = |sigma: f64| -(-nu_over_theta * (upper - sigma)).exp_m1();
        let ln_integral =
            ln_weighted_density_integral(s.x, s.y, 1.0, upper, weight, Some(1.0 / nu_over_theta));
        // never above the share served by t (the quadrature's last digits aside)
        let delayed = (ln_integral - s.delayed.ln_p)
            .exp()
            .min(served_by(&s, upper));
        (s.p_no_wait * at_once + s.p_wait * delayed).clamp(0.0, 1.0)
    }

    /// Computes the stationary quantities.
    pub(super) fn state(&self) -> ErlangAState {
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

impl ErlangAState {
    /// The same waiting part with another split `P(W > 0)`, `P(W = 0)`: the law of the
    /// wait of a delayed arrival depends only on `x` and `y`, so a model whose arrivals,
    /// once they must wait, see an M/M/c+M queue (the chat model of
    /// [`super::chat`]) shares every conditional quantity.
    pub(super) fn with_wait(self, p_wait: f64, p_no_wait: f64) -> Self {
        Self {
            p_wait,
            p_no_wait,
            ..self
        }
    }

    /// `P(W ≤ t)` over all arrivals for abandonment rate `abandon_rate` (see
    /// [`ErlangA::service_level`]).
    pub(super) fn service_level(&self, abandon_rate: f64, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        if t < 0.0 {
            return 0.0;
        }
        if t == f64::INFINITY {
            return 1.0;
        }
        let sigma = abandon_rate * t;
        let not_reached = not_reached_by(self, sigma);
        let tail = self.p_wait * (-sigma).exp() * not_reached;
        if tail < 0.5 {
            return 1.0 - tail;
        }
        // P(W ≤ t | W > 0) = 1 − e^{−σ} P(V > t | W > 0) = (1 − e^{−σ}) + e^{−σ} P(V ≤ t | W > 0)
        let reached = reached_by(self, sigma, not_reached);
        let delayed_done = -(-sigma).exp_m1() + (-sigma).exp() * reached;
        (self.p_no_wait + self.p_wait * delayed_done).min(1.0)
    }

    /// `P(W > t)` over all arrivals (see [`ErlangA::wait_exceeds`]).
    pub(super) fn wait_exceeds(&self, abandon_rate: f64, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        if t < 0.0 {
            return 1.0;
        }
        if t == f64::INFINITY {
            return 0.0;
        }
        let sigma = abandon_rate * t;
        self.p_wait * (-sigma).exp() * not_reached_by(self, sigma)
    }

    /// `P(served and W ≤ t)` over all arrivals (see [`ErlangA::served_within`]).
    pub(super) fn served_within(&self, abandon_rate: f64, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        if t < 0.0 {
            return 0.0;
        }
        let served_late = if t == f64::INFINITY {
            self.delayed.served
        } else {
            served_by(self, abandon_rate * t)
        };
        (self.p_no_wait + self.p_wait * served_late).clamp(0.0, 1.0)
    }
}

/// What happens to an arrival that has to wait (conditional on `W > 0`).
#[derive(Debug, Clone, Copy)]
pub(super) struct DelayedOutcome {
    /// `ln A(x, y)`.
    pub(super) ln_a: f64,
    /// `ln P(x, y)`, `P` the regularized lower incomplete gamma function.
    pub(super) ln_p: f64,
    /// `P(served | W > 0) = (x/y)(1 − 1/A)`.
    pub(super) served: f64,
    /// `P(Ab | W > 0) = 1/(ρA) + 1 − 1/ρ`.
    pub(super) abandoned: f64,
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

/// `ln[x d(x, y) ∫₀^T exp(φ(σ)) dσ]` with `φ(σ) = −(x+k)σ + y(1 − e^{−σ})` (concave),
/// `k ∈ {0, 1}`, `T > 0`. Divided by `P(x, y)` this is `P(V ≤ t | W > 0)` for `k = 0` and
/// `P(served, W ≤ t | W > 0)` for `k = 1` (`T = θt`).
///
/// The integrand is rescaled by its maximum on `[0, T]` (at `m`, where
/// `ln d(x, y) + φ(m) = ln d(x, y e^{−m}) − km` is evaluated directly) and integrated by
/// adaptive Gauss–Kronrod quadrature on panels placed around `m` at multiples of its width.
pub(super) fn ln_density_integral(x: f64, y: f64, k: f64, upper: f64) -> f64 {
    ln_weighted_density_integral(x, y, k, upper, |_| 1.0, None)
}

/// As [`ln_density_integral`], with the integrand multiplied by `weight(σ) ∈ [0, 1]`.
///
/// `weight_scale`, if given, is the length in `σ` over which the weight changes near `T`
/// (e.g. `θ/ν` for `1 − e^{−(ν/θ)(T − σ)}`): extra panels are placed at `T − scale·2ʲ`.
pub(super) fn ln_weighted_density_integral(
    x: f64,
    y: f64,
    k: f64,
    upper: f64,
    weight: impl Fn(f64) -> f64,
    weight_scale: Option<f64>,
) -> f64 {
    let alpha = x + k;
    let mode = (y / alpha).ln().clamp(0.0, upper);
    let y_at_mode = y * (-mode).exp();
    let slope = (y_at_mode - alpha).abs();
    let width = 1.0 / (y_at_mode.sqrt() + slope).max(1.0 / upper);
    // φ(σ) − φ(m) = −αδ − y e^{−m} (e^{−δ} − 1) with δ = σ − m.
    let integrand = |sigma: f64| {
        let delta = sigma - mode;
        (-alpha * delta - y_at_mode * (-delta).exp_m1()).exp() * weight(sigma)
    };
    let mut breaks = panel_breaks(mode, width, upper);
    if let Some(scale) = weight_scale.filter(|s| s.is_finite() && *s > 0.0) {
        let mut step = scale;
        while step < upper {
            breaks.push(upper - step);
            step *= 2.0;
        }
        breaks.sort_by(f64::total_cmp);
        breaks.dedup();
    }
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
