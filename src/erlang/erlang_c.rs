//! Erlang C (Erlang 1917): the M/M/c queue with infinitely patient customers, built on the
//! Erlang B blocking probability.

use serde::Serialize;

use super::quadrature::adaptive_gauss_kronrod;
use super::{ErlangError, check_rate, check_ratio, check_servers, erlang_b};

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

    /// `P(W_q + R ≤ t)` for a further time `R ~ Exp(reply_rate)` independent of the wait:
    /// the share of arrivals that complete a first piece of work of exponential length
    /// within `t` of arriving. With `reply_rate = μ` (the whole service) this is the
    /// sojourn-time distribution of M/M/c (Gross & Harris, *Fundamentals of Queueing
    /// Theory*, section 2.3).
    ///
    /// With `C = P(W_q > 0)`, `δ = cμ − λ`, `ν = reply_rate`, the wait is an atom `1 − C` at
    /// 0 plus the density `C δ e^{−δw}`, so
    /// `P(W_q + R > t) = (1 − C) e^{−νt} + C [e^{−δt} + δ (e^{−νt} − e^{−δt})/(δ − ν)]`,
    /// every term positive; `(e^{−νt} − e^{−δt})/(δ − ν) = t e^{−mt} (1 − e^{−z})/z` with
    /// `m = min(δ, ν)` and `z = |δ − ν| t`, which is `t e^{−νt}` at `δ = ν`.
    ///
    /// At most [`service_level`](Self::service_level)`(t)`. `0` for `t ≤ 0`, `1` for
    /// `t = +∞`, NaN for NaN `t` or a `reply_rate` that is not finite and `> 0`.
    pub fn wait_plus_exp_within(&self, t: f64, reply_rate: f64) -> f64 {
        if t.is_nan() || !(reply_rate.is_finite() && reply_rate > 0.0) {
            return f64::NAN;
        }
        if t <= 0.0 {
            return 0.0;
        }
        if t == f64::INFINITY {
            return 1.0;
        }
        let (p_wait, p_no_wait) = self.wait_split();
        let delta = self.drain_rate();
        let nu = reply_rate;
        // (e^{−νt} − e^{−δt})/(δ − ν) = t e^{−mt} (1 − e^{−z})/z, m = min(δ, ν), z = |δ − ν| t
        let z = (delta - nu).abs() * t;
        let phi = if z == 0.0 { 1.0 } else { -(-z).exp_m1() / z };
        let between = t * (-delta.min(nu) * t).exp() * phi;
        let delayed_tail = (-delta * t).exp() + delta * between;
        let tail = p_no_wait * (-nu * t).exp() + p_wait * delayed_tail;
        // never above the share taken by t (rounding aside)
        let taken = self.service_level(t);
        if tail < 0.5 {
            return (1.0 - tail).clamp(0.0, taken);
        }
        // Small t: integrate the positive delayed part, C ∫₀ᵗ δ e^{−δw} (1 − e^{−ν(t−w)}) dw,
        // rather than subtract from 1.
        let integrand = |w: f64| delta * (-delta * w).exp() * -(-nu * (t - w)).exp_m1();
        let delayed = adaptive_gauss_kronrod(integrand, &[0.0, 0.5 * t, t]);
        (p_no_wait * -(-nu * t).exp_m1() + p_wait * delayed).clamp(0.0, taken)
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
