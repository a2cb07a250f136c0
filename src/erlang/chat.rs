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
//! The load states and their ranks are in `chat/space.rs`, the iteration and the measures
//! of the whole chain in `chat/solver.rs`.
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

mod solver;
mod space;
#[cfg(test)]
mod tests;

use solver::{Rates, Solution, solve};
use space::Space;

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
