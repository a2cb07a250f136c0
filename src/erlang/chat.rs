//! Erlang Chat: agents who share their attention among the conversations they hold, solved
//! exactly as a continuous-time Markov chain.
//!
//! # The model
//!
//! Customers arrive as a Poisson process with rate `λ`. Each of `N` identical agents holds
//! at most `K` conversations at once. An agent holding `j` conversations works on each of
//! them at rate `μ·eff(j)/j`, a total completion rate `μ·eff(j)` (processor sharing with a
//! concurrency limit, the model behind "Erlang Chat" calculators; Tezcan & Zhang 2014,
//! "Routing and staffing in customer service chat systems with impatient customers",
//! *Operations Research* 62(4), and Luo & Zhang 2013, "Staffing and control of instant
//! messaging contact centers", *Operations Research* 61(2)). `eff(1) = 1` is typical; the
//! table `eff(1..=K)` is an input. Work is exponential, one reply per conversation, no
//! think time: a conversation is in service from the moment an agent takes it to its
//! reply.
//!
//! An arriving customer is taken at once by the least-loaded agent with a free slot (the
//! fewest conversations held). If every agent holds `K`, the customer waits in one
//! first-come-first-served queue and abandons after an exponential patience with rate `θ`
//! (`θ = 0`: infinitely patient, which needs `N·μ·eff(K) > λ`). When a conversation ends
//! and someone waits, that agent takes the head of the queue at once.
//!
//! # The chain
//!
//! While the queue is empty the state is the multiset of agent loads, written here as
//! `t = (t₁, …, t_K)` with `t_i` the number of agents holding at least `i` conversations
//! (`N ≥ t₁ ≥ … ≥ t_K ≥ 0`; `n_j = t_j − t_{j+1}` agents hold exactly `j`). There are
//! `C(N + K, K)` such states. Its *level* `L = Σ t_i` is the number of conversations in
//! service. Transitions:
//!
//! * an arrival (rate `λ`) moves the least-loaded agent from `m` to `m + 1` conversations,
//!   `m = #{i : t_i = N}`: `t_{m+1} += 1` (level `L + 1`), or, at the full state `t = (N, …,
//!   N)`, joins the queue;
//! * a completion at an agent holding `j` (rate `n_j·μ·eff(j)`) gives `t_j −= 1` (level
//!   `L − 1`); at the full state with someone waiting the agent takes the head of the queue
//!   and the state stays full.
//!
//! While anyone waits, every agent holds `K`, so the state is the queue length `q ≥ 1`: a
//! birth–death tail with birth rate `λ` and death rate `c_K + qθ`, `c_K = N·μ·eff(K)`. This
//! is exactly the waiting part of an Erlang A (M/M/c+M) queue with `cμ = c_K`, or of Erlang C
//! when `θ = 0`: with `F` the stationary mass of the full state and an empty queue,
//! `P(wait > 0) = F·A(x, y)` with `x = c_K/θ`, `y = λ/θ` and `A` the series of
//! [`crate::erlang`] (`A = 1/(1 − λ/c_K)`, a geometric tail, when `θ = 0`). A customer who
//! waits sees the queue of that Erlang A model, so its probability of abandoning, its mean
//! wait and the law of its wait are Erlang A's conditional ones, computed with the same
//! numerics ([`ErlangA`]).
//!
//! # The solution
//!
//! The queue tail is summed in closed form, so the chain to solve is the one censored to the
//! `C(N + K, K)` load states (an excursion into the queue returns to the full state). Every
//! transition of that chain changes the level by one, so the levels form a birth–death
//! chain once the distribution within each level is known. The stationary distribution is
//! computed by iterative aggregation–disaggregation (Koury, McAllister & Stewart 1984,
//! "Iterative methods for computing stationary distributions of nearly completely
//! decomposable Markov chains", *SIAM J. Algebraic Discrete Methods* 5(2); Stewart,
//! *Introduction to the Numerical Solution of Markov Chains*, 1994, chapter 6) with the
//! levels as aggregates:
//!
//! 1. given the distribution `φ` within each level, the levels' masses are the exact
//!    birth–death solution with birth rate `λ` and death rate `d_L = Σ φ(t)·c(t)`, `c(t)`
//!    the total completion rate (summed in log space, so nothing underflows);
//! 2. a symmetric Gauss–Seidel sweep of the global balance equations (levels upward, then
//!    downward) updates `φ`.
//!
//! The iteration stops when neither sweep changes the probability flow out of the states
//! by more than [`CHAT_TOLERANCE`] of the total flow, and fails with
//! [`ErlangError::ChatNotConverged`] after [`MAX_CHAT_ITERATIONS`] iterations. The relative
//! residual `Σ|πQ| / Σ π·q_out` of the returned distribution is then computed in a separate
//! pass ([`ChatModel::residual`]). Everything is sequential and in a fixed order, so the
//! result is deterministic. With `K = 1` or `eff(j) = j` the level masses are exact after
//! the first step. The tests compare the result with a direct dense solve of the full chain
//! (queue included) to `1e-10`, and with the exact identities it must reduce to (Erlang A
//! and C for `K = 1`, M/M/K+M for one agent with `eff(j) = j`, Erlang A with `N·K` servers
//! for any `N` with `eff(j) = j`) to `1e-9`.
//!
//! The error shrinks by a constant factor per iteration, about 0.9–0.95 near the loads
//! where staffing decisions are made and down to 0.99 for teams far larger than their load
//! (whose mass spreads over many partly loaded states), so a solve takes from tens to a few
//! thousand iterations.
//!
//! # Limits
//!
//! The state count `C(N + K, K)` grows quickly with the concurrency: 176,851 for 100 agents
//! holding up to 3, 316,251 for 50 holding up to 4. [`ChatModel::new`] refuses more than
//! [`MAX_CHAT_STATES`] states with [`ErlangError::ChatTooLarge`], and a concurrency above
//! [`MAX_CHAT_CONCURRENCY`], before allocating anything; [`max_chat_agents`] gives the largest team it solves at a concurrency. Memory
//! is about 12 bytes per state plus 4 per state and slot (50 MB at the limit with `K = 3`);
//! one sweep visits every state and its at most `K + 2` neighbours.

use serde::Serialize;
use statrs::function::gamma::ln_gamma;

use super::erlang_a::ErlangAState;
use super::{ErlangA, ErlangError, check_rate, check_ratio};

#[cfg(test)]
mod tests;

/// Largest number of load states ([`chat_states`]) [`ChatModel::new`] solves.
pub const MAX_CHAT_STATES: usize = 2_000_000;

/// Largest concurrency `K` [`ChatModel::new`] accepts (scenarios allow up to 50). Every
/// sweep costs about `K` operations per state, and the states are enumerated `K` levels
/// deep.
pub const MAX_CHAT_CONCURRENCY: u32 = 100;

/// Convergence tolerance of the solver: the iteration stops when a Gauss–Seidel sweep
/// changes the probability flow out of the states (`Σ |Δπ(s)|·q_out(s)`) by at most this
/// share of the total flow `Σ π(s)·q_out(s)`. (Rounding leaves a floor near `5e-14` for the
/// largest models.)
pub const CHAT_TOLERANCE: f64 = 1e-12;

/// Largest number of aggregation–disaggregation iterations (each an aggregation and two
/// sweeps) before the solver gives up.
pub const MAX_CHAT_ITERATIONS: usize = 10_000;

/// Values below this (relative to the mass of their level) are set to 0, so that the
/// sweeps never compute with subnormal numbers.
const NEGLIGIBLE: f64 = 1e-290;

/// The efficiency table of the simulator's fixed concurrency penalty `p`
/// (`staffing.concurrency_penalty`): a reply written while holding `j` conversations takes
/// `1 + p(j − 1)` times as long, so the total work rate with `j` held is
/// `eff(j) = j / (1 + p(j − 1))`, for `j = 1..=concurrency`.
///
/// `p = 0` gives `eff(j) = j` (no slowdown: `K` independent slots).
pub fn efficiency_from_penalty(concurrency: u32, penalty: f64) -> Vec<f64> {
    (1..=concurrency)
        .map(|j| {
            let j = f64::from(j);
            j / (1.0 + penalty * (j - 1.0))
        })
        .collect()
}

/// The efficiency table of handle-time factors: `h(j)` is how many times longer one reply
/// takes while holding `j` conversations than alone, so `eff(j) = j / h(j)`.
///
/// # Errors
/// [`ErlangError::InvalidEfficiency`] for a factor that is not a finite number `> 0` (its
/// position names the number of conversations held).
pub fn efficiency_from_handle_factors(factors: &[f64]) -> Result<Vec<f64>, ErlangError> {
    factors
        .iter()
        .enumerate()
        .map(|(i, &h)| {
            if h.is_finite() && h > 0.0 {
                Ok((i + 1) as f64 / h)
            } else {
                Err(ErlangError::InvalidEfficiency {
                    held: i + 1,
                    value: h,
                })
            }
        })
        .collect()
}

/// The number of load states `C(agents + concurrency, concurrency)` of the chain, or `None`
/// above [`MAX_CHAT_STATES`].
pub fn chat_states(agents: u32, concurrency: u32) -> Option<usize> {
    state_count(agents, concurrency, MAX_CHAT_STATES as u128).map(|n| n as usize)
}

/// The largest number of agents whose chain at `concurrency` has at most
/// [`MAX_CHAT_STATES`] states (0 if not even one agent fits, or above
/// [`MAX_CHAT_CONCURRENCY`]).
pub fn max_chat_agents(concurrency: u32) -> u32 {
    if concurrency > MAX_CHAT_CONCURRENCY || chat_states(1, concurrency).is_none() {
        return 0;
    }
    let (mut good, mut bad) = (1_u32, u32::MAX);
    if chat_states(bad, concurrency).is_some() {
        return bad;
    }
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if chat_states(mid, concurrency).is_some() {
            good = mid;
        } else {
            bad = mid;
        }
    }
    good
}

/// `C(agents + concurrency, concurrency)` if it is at most `cap`.
fn state_count(agents: u32, concurrency: u32, cap: u128) -> Option<u128> {
    if agents == 0 {
        return Some(1);
    }
    let n = u128::from(agents);
    let mut count: u128 = 1;
    for i in 1..=u128::from(concurrency) {
        // count = C(n + i − 1, i − 1) → C(n + i, i), exact at every step
        count = count * (n + i) / i;
        if count > cap {
            return None;
        }
    }
    Some(count)
}

/// `C(agents + concurrency, concurrency)` as a float, for messages about models too large to
/// enumerate.
fn approximate_state_count(agents: u32, concurrency: u32) -> f64 {
    let (n, k) = (f64::from(agents), f64::from(concurrency));
    (ln_gamma(n + k + 1.0) - ln_gamma(n + 1.0) - ln_gamma(k + 1.0))
        .exp()
        .round()
}

/// The exact chat model: Poisson arrivals, `agents` agents each holding up to
/// `concurrency` conversations and sharing their attention among them, least-loaded
/// routing, one FIFO queue with exponential patience (see [`crate::erlang::chat`]).
///
/// [`ChatModel::new`] validates the inputs and solves the chain; the methods then read off
/// the stationary measures. Rates are per the same (arbitrary) time unit, times in that
/// unit.
///
/// Against the simulator's KPIs (a group with `attention = "shared"`, one reply per
/// conversation): [`occupancy`](Self::occupancy) is its `occupancy` (time writing replies
/// over time available) and [`slot_utilisation`](Self::slot_utilisation) its
/// `slot_utilisation`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatModel {
    arrival_rate: f64,
    service_rate: f64,
    abandon_rate: f64,
    agents: u32,
    concurrency: u32,
    efficiency: Vec<f64>,
    /// The waiting part as an Erlang A queue with `c·μ = c_K` (`None` when `θ = 0`).
    waiting: Option<ErlangA>,
    solution: Solution,
}

/// The stationary measures of a solved chat model.
#[derive(Debug, Clone, PartialEq)]
struct Solution {
    p_wait: f64,
    p_no_wait: f64,
    p_abandon: f64,
    mean_queue: f64,
    mean_busy_agents: f64,
    mean_in_service: f64,
    completion_rate: f64,
    throughput: f64,
    load_distribution: Vec<f64>,
    states: usize,
    iterations: usize,
    residual: f64,
}

/// Every stationary measure of a [`ChatModel`], as one serializable value. Shares are
/// fractions; times and rates in the model's time unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatMeasures {
    /// `P(wait > 0)`: share of arrivals that find every agent holding `K` conversations.
    pub p_wait_pos: f64,
    /// `P(abandon)`: share of arrivals that give up waiting (0 when `θ = 0`).
    pub p_abandon: f64,
    /// Mean time in queue over all arrivals, `E[min(V, τ)] = E[Q]/λ`.
    pub mean_wait: f64,
    /// Mean number waiting, `E[Q]`.
    pub mean_queue: f64,
    /// Share of agents holding at least one conversation, `E[busy agents]/N` (the
    /// simulator's `occupancy`).
    pub occupancy: f64,
    /// Share of conversation slots in use, `E[Σ j·n_j]/(N·K)` (the simulator's
    /// `slot_utilisation`).
    pub slot_utilisation: f64,
    /// Mean conversations held per busy agent, `E[in service]/E[busy agents]`.
    pub conversations_per_busy_agent: f64,
    /// Mean conversations in service, `E[Σ j·n_j]`.
    pub mean_in_service: f64,
    /// Rate of replies, `λ(1 − P(abandon))`.
    pub throughput: f64,
    /// Mean time from being taken by an agent to the reply, `E[in service]/throughput`.
    pub mean_time_in_service: f64,
    /// `P(an agent holds j conversations)` for `j = 0..=K`.
    pub load_distribution: Vec<f64>,
    /// Number of load states solved.
    pub states: usize,
    /// Aggregation–disaggregation sweeps used.
    pub iterations: usize,
    /// Relative residual of the global balance equations.
    pub residual: f64,
}

impl ChatModel {
    /// Validates the inputs and solves the chain.
    ///
    /// `abandon_rate` is `θ`, 1 / mean patience; `0` means infinitely patient customers.
    /// `efficiency` is `eff(1..=concurrency)`, the total work rate of an agent holding `j`
    /// conversations in units of `service_rate` (see [`efficiency_from_penalty`] and
    /// [`efficiency_from_handle_factors`]).
    ///
    /// # Errors
    /// [`ErlangError::InvalidRate`] for a non-finite or non-positive arrival or service
    /// rate, [`ErlangError::InvalidAbandonRate`] for an abandonment rate that is not a finite
    /// number `≥ 0`, [`ErlangError::InvalidCount`] for no agents or a concurrency of 0,
    /// [`ErlangError::ChatConcurrencyTooLarge`] above [`MAX_CHAT_CONCURRENCY`],
    /// [`ErlangError::EfficiencyLength`] or [`ErlangError::InvalidEfficiency`] for a bad
    /// table, [`ErlangError::ChatUnstable`] for infinitely patient customers and
    /// `λ ≥ N·μ·eff(K)`, [`ErlangError::ChatTooLarge`] above [`MAX_CHAT_STATES`] states, the
    /// errors of [`ErlangA::new`] for the waiting part (rates too far apart), and
    /// [`ErlangError::ChatNotConverged`] if the solver does not converge.
    pub fn new(
        arrival_rate: f64,
        service_rate: f64,
        abandon_rate: f64,
        agents: u32,
        concurrency: u32,
        efficiency: &[f64],
    ) -> Result<Self, ErlangError> {
        let arrival_rate = check_rate("arrival_rate", arrival_rate)?;
        let service_rate = check_rate("service_rate", service_rate)?;
        if !(abandon_rate.is_finite() && abandon_rate >= 0.0) {
            return Err(ErlangError::InvalidAbandonRate {
                value: abandon_rate,
            });
        }
        for (name, value) in [("agents", agents), ("concurrency", concurrency)] {
            if value == 0 {
                return Err(ErlangError::InvalidCount { name });
            }
        }
        if concurrency > MAX_CHAT_CONCURRENCY {
            return Err(ErlangError::ChatConcurrencyTooLarge {
                concurrency,
                max: MAX_CHAT_CONCURRENCY,
            });
        }
        if efficiency.len() != concurrency as usize {
            return Err(ErlangError::EfficiencyLength {
                expected: concurrency as usize,
                got: efficiency.len(),
            });
        }
        for (i, &e) in efficiency.iter().enumerate() {
            if !(e.is_finite() && e > 0.0) {
                return Err(ErlangError::InvalidEfficiency {
                    held: i + 1,
                    value: e,
                });
            }
        }
        check_ratio("arrival_rate/service_rate", arrival_rate / service_rate)?;
        let full_rate = efficiency[efficiency.len() - 1] * service_rate;
        let capacity = check_ratio(
            "agents*service_rate*efficiency",
            f64::from(agents) * full_rate,
        )?;
        let waiting = if abandon_rate > 0.0 {
            Some(ErlangA::new(arrival_rate, full_rate, abandon_rate, agents)?)
        } else if arrival_rate >= capacity {
            return Err(ErlangError::ChatUnstable {
                arrival_rate,
                capacity,
            });
        } else {
            None
        };
        let Some(states) = chat_states(agents, concurrency) else {
            return Err(ErlangError::ChatTooLarge {
                agents,
                concurrency,
                states: approximate_state_count(agents, concurrency),
                limit: MAX_CHAT_STATES,
            });
        };
        let space = Space::new(agents, concurrency as usize, states);
        let rates = Rates {
            arrival: arrival_rate,
            service: service_rate,
            efficiency,
        };
        let censored = solve(&space, &rates)?;
        let solution = censored.solution(&space, &rates, waiting.as_ref(), capacity);
        Ok(Self {
            arrival_rate,
            service_rate,
            abandon_rate,
            agents,
            concurrency,
            efficiency: efficiency.to_vec(),
            waiting,
            solution,
        })
    }

    /// Arrival rate `λ`.
    pub fn arrival_rate(&self) -> f64 {
        self.arrival_rate
    }

    /// Service rate `μ` of one conversation held alone at efficiency 1.
    pub fn service_rate(&self) -> f64 {
        self.service_rate
    }

    /// Abandonment rate `θ` of a waiting customer (0: infinitely patient).
    pub fn abandon_rate(&self) -> f64 {
        self.abandon_rate
    }

    /// Number of agents `N`.
    pub fn agents(&self) -> u32 {
        self.agents
    }

    /// Conversations one agent holds at most, `K`.
    pub fn concurrency(&self) -> u32 {
        self.concurrency
    }

    /// The efficiency table `eff(1..=K)`.
    pub fn efficiency(&self) -> &[f64] {
        &self.efficiency
    }

    /// Number of load states solved, `C(N + K, K)`.
    pub fn states(&self) -> usize {
        self.solution.states
    }

    /// Aggregation–disaggregation sweeps the solver used.
    pub fn iterations(&self) -> usize {
        self.solution.iterations
    }

    /// Relative residual `Σ_s |(πQ)(s)| / Σ_s π(s)·q_out(s)` of the global balance
    /// equations of the chain censored to the load states, for the returned distribution.
    pub fn residual(&self) -> f64 {
        self.solution.residual
    }

    /// `P(wait > 0)`: share of arrivals that find every agent holding `K` conversations
    /// (PASTA: the stationary probability of that).
    pub fn p_wait_pos(&self) -> f64 {
        self.solution.p_wait
    }

    /// `P(wait = 0)`: share of arrivals taken at once, computed without cancellation.
    pub fn p_no_wait(&self) -> f64 {
        self.solution.p_no_wait
    }

    /// `P(abandon)`: share of arrivals that give up waiting (0 when `θ = 0`).
    pub fn p_abandon(&self) -> f64 {
        self.solution.p_abandon
    }

    /// Mean time in queue over all arrivals (abandoners counted with their time in queue),
    /// `E[min(V, τ)] = E[Q]/λ` by Little's law.
    pub fn mean_wait(&self) -> f64 {
        self.solution.mean_queue / self.arrival_rate
    }

    /// Mean number of customers waiting, `E[Q]`.
    pub fn mean_queue(&self) -> f64 {
        self.solution.mean_queue
    }

    /// Agent occupancy: the mean share of agents holding at least one conversation (with no
    /// think time, time working on replies over time available; the simulator's
    /// `occupancy` KPI).
    pub fn occupancy(&self) -> f64 {
        (self.solution.mean_busy_agents / f64::from(self.agents)).min(1.0)
    }

    /// Slot utilisation: mean conversations in service over `N·K`, the share of
    /// conversation slots in use (the simulator's `slot_utilisation` KPI).
    pub fn slot_utilisation(&self) -> f64 {
        (self.solution.mean_in_service / (f64::from(self.agents) * f64::from(self.concurrency)))
            .min(1.0)
    }

    /// Mean conversations held per busy agent, `E[in service] / E[busy agents]`: the
    /// conversations an agent holds, averaged over the time it holds at least one.
    pub fn conversations_per_busy_agent(&self) -> f64 {
        self.solution.mean_in_service / self.solution.mean_busy_agents
    }

    /// Mean number of conversations in service, `E[Σ j·n_j]`.
    pub fn mean_in_service(&self) -> f64 {
        self.solution.mean_in_service
    }

    /// Rate of replies (conversations completed), `λ(1 − P(abandon))`.
    pub fn throughput(&self) -> f64 {
        self.solution.throughput
    }

    /// Stationary total completion rate `E[Σ_j n_j·μ·eff(j)]`, computed from the
    /// distribution; it equals [`throughput`](Self::throughput) (flow balance), which makes
    /// it a check of the solution.
    pub fn completion_rate(&self) -> f64 {
        self.solution.completion_rate
    }

    /// Mean time from being taken by an agent to the reply (the whole time in service, one
    /// reply per conversation), `E[in service] / throughput` by Little's law.
    pub fn mean_time_in_service(&self) -> f64 {
        self.solution.mean_in_service / self.solution.throughput
    }

    /// `P(a given agent holds j conversations)` for `j = 0..=K` (sums to 1).
    pub fn load_distribution(&self) -> &[f64] {
        &self.solution.load_distribution
    }

    /// `P(W ≤ t)` over all arrivals, `W` the time in queue until taken or abandoning.
    ///
    /// Exact: an arrival that waits finds every agent at `K` and stays in an Erlang A (or C)
    /// queue with completion rate `N·μ·eff(K)` until taken or gone. `0` for `t < 0`, `1` for
    /// `t = +∞`, NaN for NaN.
    pub fn service_level(&self, t: f64) -> f64 {
        match self.waiting_state() {
            Some(s) => s.service_level(self.abandon_rate, t),
            None => {
                if t.is_nan() {
                    f64::NAN
                } else if t < 0.0 {
                    0.0
                } else if t == f64::INFINITY {
                    1.0
                } else {
                    (self.solution.p_no_wait
                        - self.solution.p_wait * (-self.drain_rate() * t).exp_m1())
                    .min(1.0)
                }
            }
        }
    }

    /// `P(W > t)`, with full relative precision when it is small. `1` for `t < 0`, `0` for
    /// `t = +∞`, NaN for NaN.
    pub fn wait_exceeds(&self, t: f64) -> f64 {
        match self.waiting_state() {
            Some(s) => s.wait_exceeds(self.abandon_rate, t),
            None => {
                if t.is_nan() {
                    f64::NAN
                } else if t < 0.0 {
                    1.0
                } else {
                    self.solution.p_wait * (-self.drain_rate() * t).exp()
                }
            }
        }
    }

    /// "Taken within t": `P(taken by an agent and W ≤ t)`, the share of all arrivals an
    /// agent takes within `t` (abandoners never count). `0` for `t < 0`, `1 − P(abandon)`
    /// for `t = +∞`, NaN for NaN.
    pub fn served_within(&self, t: f64) -> f64 {
        match self.waiting_state() {
            Some(s) => s.served_within(self.abandon_rate, t),
            None => self.service_level(t),
        }
    }

    /// Every stationary measure as one value.
    pub fn measures(&self) -> ChatMeasures {
        ChatMeasures {
            p_wait_pos: self.p_wait_pos(),
            p_abandon: self.p_abandon(),
            mean_wait: self.mean_wait(),
            mean_queue: self.mean_queue(),
            occupancy: self.occupancy(),
            slot_utilisation: self.slot_utilisation(),
            conversations_per_busy_agent: self.conversations_per_busy_agent(),
            mean_in_service: self.mean_in_service(),
            throughput: self.throughput(),
            mean_time_in_service: self.mean_time_in_service(),
            load_distribution: self.solution.load_distribution.clone(),
            states: self.states(),
            iterations: self.iterations(),
            residual: self.residual(),
        }
    }

    /// `N·μ·eff(K) − λ`, the drain rate of the queue when `θ = 0`.
    fn drain_rate(&self) -> f64 {
        f64::from(self.agents) * self.service_rate * self.efficiency[self.efficiency.len() - 1]
            - self.arrival_rate
    }

    /// The Erlang A waiting part with this model's split of `P(W > 0)` (`None` when
    /// `θ = 0`).
    fn waiting_state(&self) -> Option<ErlangAState> {
        self.waiting.map(|q| {
            q.state()
                .with_wait(self.solution.p_wait, self.solution.p_no_wait)
        })
    }
}

/// The rates of the chain.
struct Rates<'a> {
    arrival: f64,
    service: f64,
    efficiency: &'a [f64],
}

/// The load states, grouped by level (conversations in service), with their ranks.
///
/// A state `t = (t₁ ≥ … ≥ t_K)` has the rank `Σ_j C(t_j + K − j, K + 1 − j)` (the
/// combinatorial number system of the `K`-combination `t_{K+1−i} + i − 1`, `i = 1..=K`), a
/// bijection onto `0..C(N + K, K)`; changing one `t_j` by one changes one term.
struct Space {
    agents: u32,
    k: usize,
    /// `t` of each state, `k` values per state, in sweep order (by level, then as generated).
    loads: Vec<u32>,
    /// States of level `L` are at positions `level_start[L]..level_start[L + 1]`.
    level_start: Vec<usize>,
    /// Rank of the state at each position (the distribution is stored by rank).
    rank: Vec<u32>,
    /// `C(v + K − j, K + 1 − j)` at `(j − 1)·(N + 1) + v`, for `j = 1..=K`, `v = 0..=N`.
    rank_terms: Vec<u32>,
}

impl Space {
    /// Enumerates the `states` load states of `agents` agents with up to `k` conversations.
    fn new(agents: u32, k: usize, states: usize) -> Self {
        let width = agents as usize + 1;
        let mut rank_terms = vec![0_u32; k * width];
        for j in 1..=k {
            let b = (k + 1 - j) as u64; // C(v + b − 1, b)
            let row = &mut rank_terms[(j - 1) * width..j * width];
            let mut value: u64 = 0;
            for (v, term) in row.iter_mut().enumerate() {
                let v = v as u64;
                if v == 1 {
                    value = 1;
                } else if v > 1 {
                    // C(v + b − 1, b) = C(v + b − 2, b) · (v + b − 1) / (v − 1)
                    value = value * (v + b - 1) / (v - 1);
                }
                // every term is below the state count, which fits
                *term = value as u32;
            }
        }
        let levels = agents as usize * k + 1;
        let mut space = Self {
            agents,
            k,
            loads: Vec::with_capacity(states * k),
            level_start: Vec::with_capacity(levels + 1),
            rank: Vec::with_capacity(states),
            rank_terms,
        };
        let mut prefix = Vec::with_capacity(k);
        for level in 0..levels {
            space.level_start.push(space.rank.len());
            space.push_level(&mut prefix, level as u64, agents);
        }
        space.level_start.push(space.rank.len());
        space
    }

    /// Appends every non-increasing completion of `prefix` with values at most `max` whose
    /// remaining entries sum to `remaining`.
    fn push_level(&mut self, prefix: &mut Vec<u32>, remaining: u64, max: u32) {
        let left = (self.k - prefix.len()) as u64;
        if left == 0 {
            if remaining == 0 {
                let rank = prefix
                    .iter()
                    .enumerate()
                    .map(|(j, &v)| self.term(j + 1, v))
                    .sum();
                self.loads.extend_from_slice(prefix);
                self.rank.push(rank);
            }
            return;
        }
        // the next value v: v ≤ max, v ≤ remaining, and the rest (at most v each) must fit
        let low = remaining.div_ceil(left);
        let high = remaining.min(u64::from(max));
        for v in low..=high {
            prefix.push(v as u32);
            self.push_level(prefix, remaining - v, v as u32);
            prefix.pop();
        }
    }

    /// `C(v + K − j, K + 1 − j)`, the rank term of `t_j = v`.
    fn term(&self, j: usize, v: u32) -> u32 {
        self.rank_terms[(j - 1) * (self.agents as usize + 1) + v as usize]
    }

    /// Number of levels, `N·K + 1`.
    fn levels(&self) -> usize {
        self.level_start.len() - 1
    }

    /// `t` of the state at `pos`.
    fn loads_at(&self, pos: usize) -> &[u32] {
        &self.loads[pos * self.k..(pos + 1) * self.k]
    }

    /// Ranks of the states of `level`, in position order.
    fn ranks_of(&self, level: usize) -> &[u32] {
        &self.rank[self.level_start[level]..self.level_start[level + 1]]
    }

    /// Rank (index into the distribution) of the state that differs from the state of rank
    /// `rank` by `t_j` changed from `from` to `to`.
    fn neighbour(&self, rank: u32, j: usize, from: u32, to: u32) -> usize {
        (rank + self.term(j, to) - self.term(j, from)) as usize
    }
}

/// Total completion rate `Σ_j n_j·μ·eff(j)` of the state `t`.
fn completion(t: &[u32], rates: &Rates) -> f64 {
    let mut sum = 0.0;
    for j in 0..t.len() {
        let next = t.get(j + 1).copied().unwrap_or(0);
        sum += f64::from(t[j] - next) * rates.efficiency[j];
    }
    sum * rates.service
}

/// The stationary distribution of the chain censored to the load states: the distribution
/// `phi` within each level (indexed by rank, summing to 1 per level) and the levels' log
/// masses `ln_level` (normalised over all levels).
struct Censored {
    phi: Vec<f64>,
    ln_level: Vec<f64>,
    iterations: usize,
    residual: f64,
}

/// Iterative aggregation–disaggregation (see the module docs): an exact birth–death solve
/// for the levels' masses, then a symmetric Gauss–Seidel sweep (upward, then downward).
fn solve(space: &Space, rates: &Rates) -> Result<Censored, ErlangError> {
    let mut phi = vec![0.0; space.rank.len()];
    for level in 0..space.levels() {
        let range = space.level_start[level]..space.level_start[level + 1];
        let share = 1.0 / range.len() as f64;
        for pos in range {
            phi[space.rank[pos] as usize] = share;
        }
    }
    let mut ln_level = vec![0.0; space.levels()];
    let mut iterations = 0;
    loop {
        aggregate(space, rates, &mut phi, &mut ln_level, iterations)?;
        if iterations == MAX_CHAT_ITERATIONS {
            let (change, flow) = sweep(space, rates, &mut phi, &ln_level, Sweep::Residual);
            return Err(ErlangError::ChatNotConverged {
                iterations,
                residual: change / flow,
            });
        }
        iterations += 1;
        let (up, up_flow) = sweep(space, rates, &mut phi, &ln_level, Sweep::Upward);
        let (down, down_flow) = sweep(space, rates, &mut phi, &ln_level, Sweep::Downward);
        let (change, flow) = (up.max(down), up_flow.min(down_flow));
        if !(change.is_finite() && flow.is_finite() && flow > 0.0) {
            return Err(ErlangError::ChatNotConverged {
                iterations,
                residual: f64::NAN,
            });
        }
        if change <= CHAT_TOLERANCE * flow {
            break;
        }
    }
    aggregate(space, rates, &mut phi, &mut ln_level, iterations)?;
    let (residual, flow) = sweep(space, rates, &mut phi, &ln_level, Sweep::Residual);
    Ok(Censored {
        phi,
        ln_level,
        iterations,
        residual: residual / flow,
    })
}

/// Normalises `phi` within each level and sets the levels' log masses to the exact
/// birth–death solution for the death rates `d_L = Σ φ(t)·c(t)`.
fn aggregate(
    space: &Space,
    rates: &Rates,
    phi: &mut [f64],
    ln_level: &mut [f64],
    iterations: usize,
) -> Result<(), ErlangError> {
    let ln_arrival = rates.arrival.ln();
    for level in 0..space.levels() {
        let ranks = space.ranks_of(level);
        let mut mass = 0.0;
        let mut death = 0.0;
        for (i, &r) in ranks.iter().enumerate() {
            let p = phi[r as usize];
            mass += p;
            death += p * completion(space.loads_at(space.level_start[level] + i), rates);
        }
        if !(mass.is_finite() && mass > 0.0) {
            return Err(ErlangError::ChatNotConverged {
                iterations,
                residual: f64::NAN,
            });
        }
        for &r in ranks {
            phi[r as usize] /= mass;
        }
        ln_level[level] = if level == 0 {
            0.0
        } else {
            ln_level[level - 1] + ln_arrival - (death / mass).ln()
        };
    }
    let ln_total = log_sum_exp(ln_level);
    for l in ln_level.iter_mut() {
        *l -= ln_total;
    }
    Ok(())
}

/// What a [`sweep`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sweep {
    /// Gauss–Seidel, levels in increasing order.
    Upward,
    /// Gauss–Seidel, levels in decreasing order.
    Downward,
    /// No update: compares the balance equations' right-hand side with the current values
    /// (the residual of the current distribution).
    Residual,
}

/// One pass over the global balance equations `π(t)·q_out(t) = Σ_p π(p)·q(p, t)` in the
/// representation `π(t) = e^{ln_level[L]}·φ(t)`.
///
/// Returns `(Σ |π_new(t) − π(t)|·q_out(t), Σ π_new(t)·q_out(t))`.
fn sweep(
    space: &Space,
    rates: &Rates,
    phi: &mut [f64],
    ln_level: &[f64],
    how: Sweep,
) -> (f64, f64) {
    let n = space.agents;
    let k = space.k;
    let top = space.levels() - 1;
    let (mut change, mut flow) = (0.0, 0.0);
    for step in 0..=top {
        let level = if how == Sweep::Downward {
            top - step
        } else {
            step
        };
        // π(predecessor)/π-scale of this level: e^{ln_level[L ± 1] − ln_level[L]}
        let from_below = if level > 0 {
            (ln_level[level - 1] - ln_level[level]).exp() * rates.arrival
        } else {
            0.0
        };
        let from_above = if level < top {
            (ln_level[level + 1] - ln_level[level]).exp() * rates.service
        } else {
            0.0
        };
        let arrival_out = if level < top { rates.arrival } else { 0.0 };
        let (mut level_change, mut level_flow) = (0.0, 0.0);
        let first = space.level_start[level];
        for (i, &rank) in space.ranks_of(level).iter().enumerate() {
            let t = space.loads_at(first + i);
            let out = arrival_out + completion(t, rates);
            let mut below = 0.0;
            if level > 0 {
                // arrivals into t: from t − e_m (if m ≥ 1) and from t − e_{m+1}
                let m = t.iter().take_while(|&&v| v == n).count();
                if m >= 1 {
                    below += phi[space.neighbour(rank, m, n, n - 1)];
                }
                if m < k {
                    let v = t[m];
                    let next = t.get(m + 1).copied().unwrap_or(0);
                    if v > next {
                        below += phi[space.neighbour(rank, m + 1, v, v - 1)];
                    }
                }
            }
            let mut above = 0.0;
            if level < top {
                // completions into t: from t + e_j, at an agent that held j
                for j in 1..=k {
                    let v = t[j - 1];
                    let bound = if j == 1 { n } else { t[j - 2] };
                    if v < bound {
                        let next = t.get(j).copied().unwrap_or(0);
                        let holding = f64::from(v + 1 - next);
                        above += holding
                            * rates.efficiency[j - 1]
                            * phi[space.neighbour(rank, j, v, v + 1)];
                    }
                }
            }
            let mut new = (below * from_below + above * from_above) / out;
            if new < NEGLIGIBLE {
                new = 0.0;
            }
            let old = &mut phi[rank as usize];
            level_change += (new - *old).abs() * out;
            level_flow += new * out;
            if how != Sweep::Residual {
                *old = new;
            }
        }
        let weight = ln_level[level].exp();
        change += weight * level_change;
        flow += weight * level_flow;
    }
    (change, flow)
}

/// `ln Σ e^{x_i}` without overflow (`−∞` for an empty slice).
fn log_sum_exp(xs: &[f64]) -> f64 {
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + xs.iter().map(|x| (x - max).exp()).sum::<f64>().ln()
}

impl Censored {
    /// The measures of the whole chain: the censored distribution joined with the queue
    /// tail of `waiting` (or the geometric tail of rate `λ/capacity` when `θ = 0`).
    fn solution(
        &self,
        space: &Space,
        rates: &Rates,
        waiting: Option<&ErlangA>,
        capacity: f64,
    ) -> Solution {
        let n = space.agents;
        let k = space.k;
        let top = space.levels() - 1;
        // mass of the full state, ln F, and of the rest, ln(1 − F), without cancellation
        let ln_full = self.ln_level[top];
        let ln_rest = log_sum_exp(&self.ln_level[..top]);
        let lambda = rates.arrival;
        // the queue tail: ln A, P(abandon | wait), P(served | wait), E[Q | wait]
        let (ln_a, abandoned, served, queue_given_wait) = match waiting {
            Some(q) => {
                let s = q.state();
                let y = lambda / q.abandon_rate;
                (
                    s.delayed.ln_a,
                    s.delayed.abandoned,
                    s.delayed.served,
                    y * s.delayed.abandoned,
                )
            }
            None => {
                let r = lambda / capacity;
                (-(-r).ln_1p(), 0.0, 1.0, r / (1.0 - r))
            }
        };
        // P(W > 0) = F A / (1 − F + F A) = 1 / (1 + e^z), z = ln(1 − F) − ln F − ln A
        let z = ln_rest - ln_full - ln_a;
        let (p_wait, p_no_wait) = (1.0 / (1.0 + z.exp()), 1.0 / (1.0 + (-z).exp()));
        // expectations over the load states below the top, normalised to them
        let mut busy = 0.0;
        let mut in_service = 0.0;
        let mut completions = 0.0;
        let mut loads = vec![0.0; k + 1];
        for level in 0..top {
            let weight = (self.ln_level[level] - ln_rest).exp();
            if weight == 0.0 {
                continue;
            }
            let (mut b, mut c) = (0.0, 0.0);
            let mut held = vec![0.0; k + 1];
            for pos in space.level_start[level]..space.level_start[level + 1] {
                let p = self.phi[space.rank[pos] as usize];
                if p == 0.0 {
                    continue;
                }
                let t = space.loads_at(pos);
                b += p * f64::from(t[0]);
                c += p * completion(t, rates);
                held[0] += p * f64::from(n - t[0]);
                for j in 1..=k {
                    let next = t.get(j).copied().unwrap_or(0);
                    held[j] += p * f64::from(t[j - 1] - next);
                }
            }
            busy += weight * b;
            in_service += weight * level as f64;
            completions += weight * c;
            for (total, h) in loads.iter_mut().zip(&held) {
                *total += weight * h;
            }
        }
        let nf = f64::from(n);
        let full_in_service = nf * k as f64;
        let mut load_distribution: Vec<f64> = loads.iter().map(|l| p_no_wait * l / nf).collect();
        load_distribution[k] += p_wait;
        let p_abandon = p_wait * abandoned;
        Solution {
            p_wait,
            p_no_wait,
            p_abandon,
            mean_queue: p_wait * queue_given_wait,
            mean_busy_agents: p_no_wait * busy + p_wait * nf,
            mean_in_service: p_no_wait * in_service + p_wait * full_in_service,
            completion_rate: p_no_wait * completions + p_wait * capacity,
            throughput: lambda * (p_no_wait + p_wait * served),
            load_distribution,
            states: space.rank.len(),
            iterations: self.iterations,
            residual: self.residual,
        }
    }
}
