//! Step 1: how many *available* agents (on shift, net of shrinkage) each hour of the week
//! needs to meet a [`Goal`], pool by pool, from the Erlang calculator of [`crate::calc`].
//!
//! **Pools.** Groups that serve exactly the same channels and classes form a pool; the
//! work of a pool is sized in agents of its first group. The mentions of each answered
//! (channel, class) cell, net of those a bot answers alone (`1 − handover` of the cells
//! it covers), are split equally among the pools that serve the cell. This is an
//! approximation: routing sends a mention to whichever serving group has a free agent,
//! so in the simulation pools lend each other capacity.
//!
//! **The conversation.** For the pool's mix of cells (weighted by their arrivals), with
//! the first group's speed `v`, concurrency `K` and full-load slowdown `f` (`1 + penalty ×
//! (K − 1)` under fixed attention; under shared attention the handle factor at `K` replies
//! written at once):
//! - first reply: class `handle_time` × channel `handle_time_factor` / `v`;
//! - work: the first reply plus `replies − 1` follow-ups (`followup_time`, same factors);
//! - think time: `replies − 1` times the customers' mean `think_time`. The model holds the
//!   conversation's slot while the customer thinks, so a slot is held for
//!   `S = work × f + think` on average;
//! - the calculator's `handle` is `work + think / f`, so that its slot handle time
//!   `handle × f` is `S` (the slowdown applies to work, not to the customer's thinking);
//! - patience: the harmonic mean over the mix of each class's mean patience, customers who
//!   expect no reply never abandoning. Erlang A removes abandoners from the queue, while
//!   by default (`answer_after_abandon`) their mentions stay answerable: the requirement
//!   tends to be optimistic, and the simulation step corrects it.
//!
//! Re-read time at hand-backs, follow-ups moved to a private channel's groups, incidents
//! and the "me too" mentions virality spawns are ignored here: the simulation step sees
//! them.
//!
//! **Time lag.** Conversations outlast the hour they arrive in, so the work of an hour is
//! not its own arrivals'. The offered load is that of an infinite-server queue with the
//! weekly periodic piecewise-constant arrival rate `λ(t)`: `m(t) = ∫₀^∞ λ(t − u) P(S > u)
//! du`, with `S` taken as exponential with the mean above (then `m' = λ − m / E[S]`, solved
//! exactly hour by hour, in its periodic steady state). The calculator sees the hour's
//! *lagged* rate `m̄(h) / E[S]`, `m̄(h)` the mean of `m` over the hour; with a flat profile
//! it is the hour's own rate.

use std::collections::HashMap;

use crate::calc::{self, Attention, CalcError, Inputs, SlMeasure, Targets};
use crate::scenario::calendar::{HOUR_MIN, WEEK_H};
use crate::scenario::optimize::hour_label;
use crate::scenario::{Group, Scenario};

/// What every hour must meet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Goal {
    /// Share of all arrivals whose first reply is posted within `within_min` (the
    /// simulator's `answered_within_<t>`), strictly between 0 and 1.
    pub share: f64,
    /// The threshold, minutes.
    pub within_min: f64,
    /// Largest share of arrivals who abandon (patience runs out before an agent takes
    /// the mention), strictly between 0 and 1, if any.
    pub max_abandon: Option<f64>,
}

impl Goal {
    /// The calculator targets of this goal; `patient` is whether the pool's customers
    /// abandon at all (without patience there is no abandonment to bound).
    fn targets(&self, patient: bool) -> Targets {
        Targets {
            service_level: Some(self.share),
            sl_measure: SlMeasure::Answered,
            max_abandon: self.max_abandon.filter(|_| patient),
        }
    }

    /// Checks the goal's values.
    ///
    /// # Errors
    /// [`RequirementError::Goal`] naming the field, its value and what is allowed.
    pub fn validate(&self) -> Result<(), RequirementError> {
        let share = |field: &'static str, v: f64| {
            if v > 0.0 && v < 1.0 {
                Ok(())
            } else {
                Err(RequirementError::Goal {
                    field,
                    value: v.to_string(),
                    allowed: "a share strictly between 0 and 1, such as 0.8",
                })
            }
        };
        share("share", self.share)?;
        if let Some(a) = self.max_abandon {
            share("max_abandon", a)?;
        }
        if !(self.within_min.is_finite() && self.within_min > 0.0) {
            return Err(RequirementError::Goal {
                field: "within",
                value: format!("{} min", self.within_min),
                allowed: "a finite time > 0",
            });
        }
        Ok(())
    }
}

/// Why the requirements could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RequirementError {
    /// The goal is out of range.
    #[error("goal {field} = {value}: {allowed}")]
    Goal {
        /// The field at fault.
        field: &'static str,
        /// Its value.
        value: String,
        /// What is allowed.
        allowed: &'static str,
    },
    /// The scenario's conversation times have no finite mean (a Pareto with shape ≤ 1).
    #[error("pool {pool}: the mean conversation time is not finite ({what})")]
    Unbounded {
        /// The pool.
        pool: String,
        /// Which time.
        what: &'static str,
    },
    /// The calculator refused an hour (e.g. a share no staffing reaches).
    #[error("pool {pool}, {hour}: {source}")]
    Calc {
        /// The pool.
        pool: String,
        /// The hour, as `Mon 02:00-03:00`.
        hour: String,
        /// The calculator's reason.
        source: CalcError,
    },
}

/// One hour of one pool.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourRequirement {
    /// The pool's own arrival rate in the hour, per hour.
    pub rate_per_h: f64,
    /// The time-lagged rate the calculator sees, `m̄(h) / E[S]`, per hour.
    pub lagged_rate_per_h: f64,
    /// Mean conversations in progress over the hour with unlimited agents, `m̄(h)`
    /// (conversation slots busy).
    pub offered_load: f64,
    /// The calculator's fewest available agents of the pool's first group.
    pub calculated: u32,
    /// The requirement the cover uses: `calculated`, plus what later steps raised.
    pub required: f64,
}

/// Groups with the same coverage, and what they need hour by hour.
#[derive(Debug, Clone, PartialEq)]
pub struct Pool {
    /// The groups' names joined by `+`.
    pub name: String,
    /// The groups, by index in the scenario, in scenario order.
    pub groups: Vec<usize>,
    /// Per group (aligned with `groups`): conversations a head gets through per hour
    /// relative to the first group's (concurrency / slot time). 1 for groups alike in
    /// speed, concurrency and attention; an approximation otherwise.
    pub capacity_ratio: Vec<f64>,
    /// The pool's share of all mentions (net of bot answers, split among pools).
    pub share: f64,
    /// The calculator inputs of the first group; `arrivals_per_min` is the weekly mean
    /// (each hour replaces it with its lagged rate).
    pub inputs: Inputs,
    /// Mean time a conversation holds a slot, `E[S]`, minutes.
    pub slot_min: f64,
    /// The 168 hours of the week, Monday 00:00-01:00 first.
    pub hours: Vec<HourRequirement>,
}

/// Step 1's answer: the pools and their hourly requirements.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirements {
    /// The goal they meet.
    pub goal: Goal,
    /// The pools, in the order of their first groups.
    pub pools: Vec<Pool>,
}

impl Requirements {
    /// Available agents (of the pool's first group) pool `pool` needs in hour `hour` of the
    /// week (0 when out of range).
    pub fn required(&self, pool: usize, hour: usize) -> f64 {
        self.pools
            .get(pool)
            .and_then(|p| p.hours.get(hour))
            .map_or(0.0, |h| h.required)
    }

    /// Raises the requirement of pool `pool` in hour `hour` by `by` agents (negative or
    /// non-finite amounts are ignored), as the simulation step does where a plan misses.
    pub fn raise(&mut self, pool: usize, hour: usize, by: f64) {
        if let Some(h) = self.pools.get_mut(pool).and_then(|p| p.hours.get_mut(hour))
            && by.is_finite()
            && by > 0.0
        {
            h.required += by;
        }
    }

    /// The pool of group `group`.
    pub fn pool_of(&self, group: usize) -> Option<usize> {
        self.pools.iter().position(|p| p.groups.contains(&group))
    }
}

/// The pools of `sc`: its groups grouped by identical channel and class coverage, each
/// pool in the order of its first group.
pub fn pools(sc: &Scenario) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (g, group) in sc.groups.iter().enumerate() {
        let same = |p: &Vec<usize>| {
            let first = &sc.groups[p[0]];
            first.channels == group.channels && first.classes == group.classes
        };
        match out.iter_mut().find(|p| same(p)) {
            Some(p) => p.push(g),
            None => out.push(vec![g]),
        }
    }
    out
}

/// Full-load slowdown of a group: how many times longer a reply takes with every slot
/// busy.
fn slowdown(sc: &Scenario, g: &Group) -> f64 {
    let k = g.concurrency;
    match g.attention.per_reply_rates(k, sc.concurrency_penalty) {
        Some(rates) => rates
            .last()
            .copied()
            .filter(|r| r.is_finite() && *r > 0.0)
            .map_or(1.0, |r| 1.0 / r),
        None => 1.0 + sc.concurrency_penalty * (f64::from(k) - 1.0),
    }
}

/// Mean times of a pool's conversation mix, at speed 1: (first reply, work, think).
struct Mix {
    first: f64,
    work: f64,
    think: f64,
    /// Abandonment rate per minute of waiting, averaged over the mix.
    abandon_rate: f64,
}

/// The weight of each (channel, class) cell in each pool, and each pool's mix.
fn mixes(sc: &Scenario, pools: &[Vec<usize>]) -> (Vec<f64>, Vec<Mix>) {
    let (nc, nk) = (sc.channels.len(), sc.classes.len());
    let serves = |p: &[usize], ci: usize, ki: usize| {
        let g = &sc.groups[p[0]];
        g.channels[ci] && g.classes[ki]
    };
    let mut weights = vec![vec![0.0; nc * nk]; pools.len()];
    for ci in 0..nc {
        for ki in 0..nk {
            let (ch, cl) = (&sc.channels[ci], &sc.classes[ki]);
            if !cl.answer {
                continue;
            }
            let serving: Vec<usize> = (0..pools.len())
                .filter(|&p| serves(&pools[p], ci, ki))
                .collect();
            let human = match &sc.bot {
                Some(b) if b.channels[ci] && b.classes[ki] => b.handover,
                _ => 1.0,
            };
            for &p in &serving {
                weights[p][ci * nk + ki] = ch.share * cl.share * human / serving.len() as f64;
            }
        }
    }
    let think = sc.customers.think_time.mean();
    let mut shares = Vec::new();
    let mut out = Vec::new();
    for (p, w) in weights.iter().enumerate() {
        let total: f64 = w.iter().sum();
        shares.push(total);
        // A pool without load still needs times, for its capacity: every cell it serves
        // alike (or every cell, for a pool serving none).
        let fallback: Vec<f64> = (0..nc * nk)
            .map(|c| f64::from(u8::from(serves(&pools[p], c / nk, c % nk))))
            .collect();
        let w: Vec<f64> = if total > 0.0 {
            w.clone()
        } else if fallback.iter().any(|v| *v > 0.0) {
            fallback
        } else {
            vec![1.0; nc * nk]
        };
        let sum: f64 = w.iter().sum();
        let mut mix = Mix {
            first: 0.0,
            work: 0.0,
            think: 0.0,
            abandon_rate: 0.0,
        };
        for (c, wc) in w.iter().enumerate() {
            if *wc == 0.0 {
                continue;
            }
            let q = wc / sum;
            let (ch, cl) = (&sc.channels[c / nk], &sc.classes[c % nk]);
            let f = ch.handle_time_factor;
            let follow_ups = (cl.replies.mean() - 1.0).max(0.0);
            let first = cl.handle_time.mean() * f;
            mix.first += q * first;
            mix.work += q * (first + follow_ups * cl.followup_time.mean() * f);
            mix.think += q * follow_ups * think;
            let patience = cl.patience.mean();
            if patience.is_finite() && patience > 0.0 {
                mix.abandon_rate += q * cl.expects_reply / patience;
            }
        }
        out.push(mix);
    }
    (shares, out)
}

/// Mean conversations in progress over each hour of the week, `m̄(h)`, for arrivals at
/// `rates_per_h` (periodic over the week) each holding a slot for an exponential time of
/// mean `slot_min` minutes (an infinite-server queue in its periodic steady state).
pub fn offered_load(rates_per_h: &[f64; WEEK_H], slot_min: f64) -> [f64; WEEK_H] {
    let mean = rates_per_h.iter().sum::<f64>() / WEEK_H as f64 / HOUR_MIN * slot_min;
    if !(slot_min.is_finite() && slot_min > 0.0) {
        return [mean; WEEK_H];
    }
    let a = (-HOUR_MIN / slot_min).exp();
    let frac = slot_min / HOUR_MIN * (1.0 - a);
    let step = |m: f64, h: usize| {
        let target = rates_per_h[h] / HOUR_MIN * slot_min;
        let avg = target + (m - target) * frac;
        (target + (m - target) * a, avg)
    };
    // m(end of week) = A m(start) + B: the periodic start is B / (1 − A).
    let b = (0..WEEK_H).fold(0.0, |m, h| step(m, h).0);
    let big_a = a.powi(WEEK_H as i32);
    if 1.0 - big_a < 1e-12 {
        return [mean; WEEK_H];
    }
    let mut m = b / (1.0 - big_a);
    let mut out = [0.0; WEEK_H];
    for (h, v) in out.iter_mut().enumerate() {
        let (end, avg) = step(m, h);
        *v = avg;
        m = end;
    }
    out
}

/// Hourly lagged rates below this (per hour) need no agent.
const NEGLIGIBLE_RATE_PER_H: f64 = 1e-6;

/// Step 1: the pools of `sc` and the fewest available agents each hour of each pool
/// needs to meet `goal` (see the module documentation for the model and its
/// approximations). Any hour with arrivals, or with conversations still in progress,
/// needs at least one agent; an hour with neither needs none.
///
/// # Errors
/// [`RequirementError::Goal`] for a goal out of range, [`RequirementError::Unbounded`] for
/// conversation times without a finite mean, [`RequirementError::Calc`] for an hour the
/// calculator cannot staff (e.g. a share no number of agents reaches because the first
/// reply alone takes too long).
pub fn requirements(sc: &Scenario, goal: &Goal) -> Result<Requirements, RequirementError> {
    goal.validate()?;
    let groups = pools(sc);
    let (shares, mixes) = mixes(sc, &groups);
    let think = sc.customers.think_time.mean();
    let mut out = Vec::new();
    for ((members, share), mix) in groups.into_iter().zip(shares).zip(mixes) {
        let name = members
            .iter()
            .map(|&g| sc.groups[g].name.as_str())
            .collect::<Vec<_>>()
            .join("+");
        for (what, v) in [("handle time", mix.work), ("think time", think)] {
            if !v.is_finite() {
                return Err(RequirementError::Unbounded { pool: name, what });
            }
        }
        let g0 = &sc.groups[members[0]];
        let f0 = slowdown(sc, g0);
        let k0 = g0.concurrency;
        let work0 = mix.work / g0.speed;
        let inputs = Inputs {
            arrivals_per_min: sc.arrivals.rate_per_h * share / HOUR_MIN,
            handle_min: work0 + mix.think / f0,
            patience_min: (mix.abandon_rate > 0.0).then(|| 1.0 / mix.abandon_rate),
            first_reply_min: Some(mix.first / g0.speed),
            target_min: goal.within_min,
            concurrency: k0,
            penalty: if k0 > 1 {
                (f0 - 1.0) / (f64::from(k0) - 1.0)
            } else {
                sc.concurrency_penalty
            },
        };
        let slot_min = inputs.slot_handle_min();
        let throughput = |g: usize| {
            let grp = &sc.groups[g];
            f64::from(grp.concurrency) / (mix.work / grp.speed * slowdown(sc, grp) + mix.think)
        };
        let first = throughput(members[0]);
        let capacity_ratio = members
            .iter()
            .map(|&g| {
                let t = throughput(g);
                if first.is_finite() && first > 0.0 && t.is_finite() {
                    t / first
                } else {
                    1.0
                }
            })
            .collect();
        let mut rates = [0.0; WEEK_H];
        for (h, r) in rates.iter_mut().enumerate() {
            *r = sc.arrivals.rate_per_h * sc.arrivals.profile[h] * share;
        }
        let load = offered_load(&rates, slot_min);
        let targets = goal.targets(inputs.patience_min.is_some());
        let mut cache: HashMap<u64, u32> = HashMap::new();
        let mut hours = Vec::with_capacity(WEEK_H);
        for h in 0..WEEK_H {
            let lagged = load[h] / slot_min * HOUR_MIN;
            let calculated = if lagged < NEGLIGIBLE_RATE_PER_H {
                0
            } else if let Some(&c) = cache.get(&lagged.to_bits()) {
                c
            } else {
                let at = Inputs {
                    arrivals_per_min: lagged / HOUR_MIN,
                    ..inputs
                };
                let c =
                    calc::agents_needed(&at, &Attention::Fixed, &targets).map_err(|source| {
                        RequirementError::Calc {
                            pool: name.clone(),
                            hour: hour_label(h),
                            source,
                        }
                    })?;
                cache.insert(lagged.to_bits(), c);
                c
            };
            hours.push(HourRequirement {
                rate_per_h: rates[h],
                lagged_rate_per_h: lagged,
                offered_load: load[h],
                calculated,
                required: f64::from(calculated),
            });
        }
        out.push(Pool {
            name,
            groups: members,
            capacity_ratio,
            share,
            inputs,
            slot_min,
            hours,
        });
    }
    Ok(Requirements {
        goal: *goal,
        pools: out,
    })
}
