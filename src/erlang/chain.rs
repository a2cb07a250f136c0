//! Birth–death chain versions of the Erlang C and Erlang A models, computed independently
//! of the closed forms (used to cross-check them).
//!
//! The stationary distribution is summed over states in log space, starting from the mode
//! (where the log weight is 0) and moving outwards, and truncated where the remaining tail
//! (bounded geometrically) is below `1e-300` of the total. The waiting-time distribution is
//! obtained by uniformization of the tagged-customer chain (queue position ahead of the
//! tagged customer, its own abandonment, entry to service).

use super::gamma::ln_poisson_kernel;
use super::quadrature::CompensatedSum;
use super::{ErlangA, ErlangC, ErlangError};
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
