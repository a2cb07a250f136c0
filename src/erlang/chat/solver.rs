//! The solver of the chat chain: iterative aggregation–disaggregation over the levels with
//! symmetric Gauss–Seidel sweeps (see [`super`]), and the measures of the whole chain from
//! the censored distribution and the queue tail.

use super::space::Space;
use super::{CHAT_TOLERANCE, MAX_CHAT_ITERATIONS};
use crate::erlang::{ErlangA, ErlangError};

/// Values below this (relative to the mass of their level) are set to 0, so that the
/// sweeps never compute with subnormal numbers.
const NEGLIGIBLE: f64 = 1e-290;

/// The stationary measures of a solved chat model.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Solution {
    pub(super) p_wait: f64,
    pub(super) p_no_wait: f64,
    pub(super) p_abandon: f64,
    pub(super) mean_queue: f64,
    pub(super) mean_busy_agents: f64,
    pub(super) mean_in_service: f64,
    pub(super) completion_rate: f64,
    pub(super) throughput: f64,
    pub(super) load_distribution: Vec<f64>,
    pub(super) states: usize,
    pub(super) iterations: usize,
    pub(super) residual: f64,
}

/// The rates of the chain.
pub(super) struct Rates<'a> {
    pub(super) arrival: f64,
    pub(super) service: f64,
    pub(super) efficiency: &'a [f64],
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
pub(super) struct Censored {
    phi: Vec<f64>,
    ln_level: Vec<f64>,
    iterations: usize,
    residual: f64,
}

/// Iterative aggregation–disaggregation (see the module docs): an exact birth–death solve
/// for the levels' masses, then a symmetric Gauss–Seidel sweep (upward, then downward).
pub(super) fn solve(space: &Space, rates: &Rates) -> Result<Censored, ErlangError> {
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
    pub(super) fn solution(
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
