//! The full chain solved densely, independently of the model's code, and the wait by
//! uniformization of a tagged customer: the model must agree with both.

use std::collections::HashMap;

use statrs::function::gamma::ln_gamma;

use super::{assert_rel, chat};
use crate::erlang::chat::efficiency_from_penalty;

/// The full chain solved densely, independently of the model's code: states are the sorted
/// loads of every agent plus the queue length (truncated at `queue_max`), transitions
/// straight from the model's definition.
struct Dense {
    /// (sorted loads, queue, probability).
    states: Vec<(Vec<u32>, usize, f64)>,
}

impl Dense {
    fn solve(lambda: f64, mu: f64, theta: f64, agents: u32, eff: &[f64], queue_max: usize) -> Self {
        let k = eff.len() as u32;
        type Key = (Vec<u32>, usize);
        let mut index: HashMap<Key, usize> = HashMap::new();
        let mut keys: Vec<Key> = Vec::new();
        let mut edges: Vec<(usize, usize, f64)> = Vec::new();
        let start: Key = (vec![0; agents as usize], 0);
        index.insert(start.clone(), 0);
        keys.push(start);
        let mut next = 0;
        while next < keys.len() {
            let (loads, q) = keys[next].clone();
            let mut targets: Vec<(Key, f64)> = Vec::new();
            // arrival: the least-loaded agent with a free slot, else the queue
            if loads[0] < k {
                let mut l = loads.clone();
                l[0] += 1;
                l.sort_unstable();
                targets.push(((l, q), lambda));
            } else if q < queue_max {
                targets.push(((loads.clone(), q + 1), lambda));
            }
            // a completion at each agent
            for (i, &j) in loads.iter().enumerate() {
                if j == 0 {
                    continue;
                }
                // j conversations, each at rate μ·eff(j)/j
                let rate = mu * eff[j as usize - 1];
                if q > 0 {
                    targets.push(((loads.clone(), q - 1), rate));
                } else {
                    let mut l = loads.clone();
                    l[i] -= 1;
                    l.sort_unstable();
                    targets.push(((l, q), rate));
                }
            }
            if q > 0 {
                targets.push(((loads.clone(), q - 1), q as f64 * theta));
            }
            for (key, rate) in targets {
                if rate == 0.0 {
                    continue;
                }
                let to = *index.entry(key.clone()).or_insert_with(|| {
                    keys.push(key);
                    keys.len() - 1
                });
                edges.push((next, to, rate));
            }
            next += 1;
        }
        let n = keys.len();
        // πQ = 0 with Σπ = 1: solve Qᵀ π = 0, the last equation replaced by the sum
        let mut a = vec![vec![0.0; n + 1]; n];
        for &(from, to, rate) in &edges {
            if from != to {
                a[to][from] += rate;
                a[from][from] -= rate;
            }
        }
        a[n - 1].fill(1.0);
        let pi = gauss(a);
        Self {
            states: keys
                .into_iter()
                .zip(pi)
                .map(|((l, q), p)| (l, q, p))
                .collect(),
        }
    }

    fn expect(&self, f: impl Fn(&[u32], usize) -> f64) -> f64 {
        self.states.iter().map(|(l, q, p)| p * f(l, *q)).sum()
    }
}

/// Gaussian elimination with partial pivoting of the augmented matrix `a`.
fn gauss(mut a: Vec<Vec<f64>>) -> Vec<f64> {
    let n = a.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .expect("rows");
        a.swap(col, pivot);
        let (done, rest) = a.split_at_mut(col + 1);
        let pivot_row = &done[col];
        for row in rest {
            let factor = row[col] / pivot_row[col];
            if factor != 0.0 {
                for (cell, &above) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                    *cell -= factor * above;
                }
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let mut s = a[row][n];
        for c in row + 1..n {
            s -= a[row][c] * x[c];
        }
        x[row] = s / a[row][row];
    }
    x
}

/// `P(W > t)` and `P(taken, W ≤ t)` of an arrival that finds every agent at `K` with `k`
/// waiting ahead with probability `ahead[k]`, by uniformization of the tagged customer:
/// those ahead leave at rate `c_K + kθ`, the tagged one is taken from `k = 0` at rate
/// `c_K` and abandons at rate `θ`.
fn tagged(ahead: &[f64], full_rate: f64, theta: f64, t: f64) -> (f64, f64) {
    let top = ahead.len() - 1;
    let rate = full_rate + (top as f64 + 1.0) * theta;
    let mean = rate * t;
    let steps = (mean + 20.0 * mean.sqrt() + 50.0).ceil() as usize;
    let mut v = ahead.to_vec();
    let (mut waiting, mut taken, mut taken_so_far) = (0.0, 0.0, 0.0);
    for n in 0..=steps {
        let nf = n as f64;
        let poisson = (nf * mean.ln() - mean - ln_gamma(nf + 1.0)).exp();
        let alive: f64 = v.iter().sum();
        waiting += poisson * alive;
        taken += poisson * taken_so_far;
        taken_so_far += v[0] * full_rate / rate;
        let mut w = vec![0.0; v.len()];
        for (k, p) in v.iter().enumerate() {
            let leave_ahead = full_rate + k as f64 * theta;
            let stay = 1.0 - (leave_ahead + theta) / rate;
            w[k] += p * stay;
            if k > 0 {
                w[k - 1] += p * leave_ahead / rate;
            }
        }
        v = w;
    }
    (waiting, taken)
}

#[test]
fn dense_solve_of_the_full_chain_agrees() {
    for (agents, k, penalty, rho, theta) in [
        (2_u32, 2_u32, 0.1, 0.8, 0.1),
        (3, 3, 0.2, 1.1, 0.2),
        (4, 2, 0.3, 0.9, 0.0),
        (2, 4, 0.1, 1.0, 0.05),
        (5, 2, 0.1, 0.7, 0.5),
    ] {
        let mu = 0.2;
        let eff = efficiency_from_penalty(k, penalty);
        let capacity = f64::from(agents) * mu * eff[k as usize - 1];
        let lambda = rho * capacity;
        let queue_max = 400;
        let m = chat(lambda, mu, theta, agents, &eff);
        let d = Dense::solve(lambda, mu, theta, agents, &eff, queue_max);
        let tag = format!("N={agents} K={k} p={penalty} rho={rho} theta={theta}");
        let full = |l: &[u32]| l[0] == k;
        let p_wait = d.expect(|l, _| f64::from(u8::from(full(l))));
        let queue = d.expect(|_, q| q as f64);
        let busy = d.expect(|l, _| l.iter().filter(|&&j| j > 0).count() as f64);
        let in_service = d.expect(|l, _| l.iter().map(|&j| f64::from(j)).sum());
        assert_rel(&format!("{tag} P(W>0)"), m.p_wait_pos(), p_wait, 1e-10);
        assert_rel(&format!("{tag} E[Q]"), m.mean_queue(), queue, 1e-9);
        assert_rel(
            &format!("{tag} occ"),
            m.occupancy(),
            busy / f64::from(agents),
            1e-10,
        );
        assert_rel(
            &format!("{tag} in service"),
            m.mean_in_service(),
            in_service,
            1e-10,
        );
        for j in 0..=k {
            let share =
                d.expect(|l, _| l.iter().filter(|&&x| x == j).count() as f64) / f64::from(agents);
            assert_rel(
                &format!("{tag} P(holds {j})"),
                m.load_distribution()[j as usize],
                share,
                1e-9,
            );
        }
        if theta > 0.0 {
            assert_rel(
                &format!("{tag} P(Ab)"),
                m.p_abandon(),
                theta * queue / lambda,
                1e-9,
            );
        }
        // the wait, by uniformization from the queue an arrival finds (PASTA)
        let mut ahead = vec![0.0; queue_max + 1];
        for (l, q, p) in &d.states {
            if full(l) {
                ahead[*q] += p;
            }
        }
        for t in [0.5, 3.0, 15.0] {
            let (waiting, taken_late) = tagged(&ahead, capacity, theta, t);
            // (the tail can be ~1e-16, where the reference's rounding shows)
            let tail = m.wait_exceeds(t);
            assert!(
                (tail - waiting).abs() <= 1e-8 * waiting + 1e-18,
                "{tag} P(W>{t}): got {tail:e}, want {waiting:e}"
            );
            assert_rel(
                &format!("{tag} taken({t})"),
                m.served_within(t),
                (1.0 - p_wait) + taken_late,
                1e-9,
            );
        }
    }
}
