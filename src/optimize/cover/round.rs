//! Whole plans without the integer search: the relaxation rounded up (after a short dive
//! that fixes its largest fractions), then heads removed greedily while every constraint
//! holds.

use std::time::Instant;

use super::super::templates::Template;
use super::CoverOptions;
use super::model::{Rows, Terms, solve_model};
use crate::scenario::Scenario;
use crate::scenario::calendar::WEEK_H;

/// The state of a plan against every constraint, kept up to date as heads are removed.
pub(super) struct Check<'a> {
    templates: &'a [Template],
    terms: &'a Terms,
    rows: &'a Rows,
    /// Coverage minus need, per cover row.
    slack: Vec<f64>,
    /// Heads on shift per group and hour.
    heads: Vec<[f64; WEEK_H]>,
}

impl<'a> Check<'a> {
    pub(super) fn new(
        sc: &Scenario,
        templates: &'a [Template],
        terms: &'a Terms,
        rows: &'a Rows,
        x: &[u32],
    ) -> Self {
        let mut heads = vec![[0.0; WEEK_H]; sc.groups.len()];
        let mut supply =
            vec![[0.0; WEEK_H]; terms.pool.iter().flatten().max().map_or(0, |m| m + 1)];
        for (t, &n) in x.iter().enumerate() {
            for h in 0..WEEK_H {
                let c = terms.coverage[t][h];
                if c > 0.0 {
                    heads[templates[t].group][h] += f64::from(n);
                    if let Some(p) = terms.pool[t] {
                        supply[p][h] += f64::from(n) * c * terms.weight[t];
                    }
                }
            }
        }
        let slack = rows
            .cover
            .iter()
            .map(|&(p, h, need)| supply.get(p).map_or(0.0, |s| s[h]) - need)
            .collect();
        Check {
            templates,
            terms,
            rows,
            slack,
            heads,
        }
    }

    /// Whether every constraint but the template bounds holds.
    pub(super) fn holds(&self) -> bool {
        self.slack.iter().all(|s| *s >= -1e-7)
            && self
                .rows
                .group_max
                .iter()
                .all(|&(g, h, m)| self.heads[g][h] <= m + 1e-9)
            && self
                .rows
                .group_min
                .iter()
                .all(|(g, m, hours)| hours.iter().any(|&h| self.heads[*g][h] >= m - 1e-9))
    }

    /// Whether one head fewer on `t` keeps the coverage and `group_min` rows.
    fn can_remove(&self, t: usize) -> bool {
        let cov = &self.terms.coverage[t];
        let g = self.templates[t].group;
        let covered = self
            .rows
            .cover
            .iter()
            .zip(&self.slack)
            .all(|(&(p, h, _), s)| {
                self.terms.pool[t] != Some(p) || *s - cov[h] * self.terms.weight[t] >= -1e-7
            });
        let minimum = self.rows.group_min.iter().all(|(gm, m, hours)| {
            *gm != g
                || hours
                    .iter()
                    .any(|&h| self.heads[g][h] - f64::from(u8::from(cov[h] > 0.0)) >= m - 1e-9)
        });
        covered && minimum
    }

    fn remove(&mut self, t: usize) {
        let cov = &self.terms.coverage[t];
        let g = self.templates[t].group;
        for (&(p, h, _), s) in self.rows.cover.iter().zip(self.slack.iter_mut()) {
            if self.terms.pool[t] == Some(p) {
                *s -= cov[h] * self.terms.weight[t];
            }
        }
        for (heads, c) in self.heads[g].iter_mut().zip(cov) {
            if *c > 0.0 {
                *heads -= 1.0;
            }
        }
    }
}

/// The relaxation `lp` rounded up (within `bounds`), then heads removed greedily while
/// every constraint holds, the templates giving the least capacity for their cost first.
pub(super) fn round(
    sc: &Scenario,
    templates: &[Template],
    terms: &Terms,
    rows: &Rows,
    bounds: &[(u32, u32)],
    lp: &[f64],
) -> Option<Vec<u32>> {
    let mut x: Vec<u32> = lp
        .iter()
        .zip(templates)
        .zip(bounds)
        .map(|((v, t), &(_, hi))| ((v - 1e-7).ceil().max(0.0) as u32).clamp(t.min, hi.max(t.min)))
        .collect();
    // the least capacity per unit of cost first
    let value = |t: usize| terms.weight[t] * terms.coverage[t].iter().sum::<f64>() / terms.cost[t];
    let mut order: Vec<usize> = (0..templates.len()).collect();
    order.sort_by(|&a, &b| value(a).total_cmp(&value(b)));
    let mut check = Check::new(sc, templates, terms, rows, &x);
    for &t in &order {
        while x[t] > templates[t].min && check.can_remove(t) {
            check.remove(t);
            x[t] -= 1;
        }
    }
    check.holds().then_some(x)
}

/// Most relaxations a dive solves.
const MAX_DIVES: usize = 200;

/// Fractions rounded up per relaxation of a dive.
const RAISED_PER_DIVE: usize = 3;

/// A dive from the relaxation `lp`: its [`RAISED_PER_DIVE`] largest fractions are rounded
/// up, as lower bounds, and the relaxation solved again, until it is
/// whole, infeasible, [`MAX_DIVES`] deep or past `deadline`; then [`round`] from there.
#[allow(clippy::too_many_arguments)]
pub(super) fn dive(
    sc: &Scenario,
    templates: &[Template],
    terms: &Terms,
    rows: &Rows,
    bounds: &[(u32, u32)],
    lp: &[f64],
    options: &CoverOptions,
    deadline: Option<Instant>,
) -> Option<Vec<u32>> {
    let mut b = bounds.to_vec();
    let mut at = lp.to_vec();
    for _ in 0..MAX_DIVES {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let fractions: Vec<(usize, f64)> = at
            .iter()
            .enumerate()
            .map(|(t, v)| (t, v - v.floor()))
            .filter(|(_, f)| *f > 1e-6 && *f < 1.0 - 1e-6)
            .collect();
        if fractions.is_empty() {
            break;
        }
        let mut fractions = fractions;
        fractions.sort_by(|a, b| b.1.total_cmp(&a.1));
        for &(t, _) in fractions.iter().take(RAISED_PER_DIVE) {
            b[t].0 = (at[t].ceil() as u32).min(b[t].1);
        }
        match solve_model(templates, terms, rows, &b, false, None, options) {
            Ok((values, _)) => at = values,
            Err(_) => break,
        }
    }
    round(sc, templates, terms, rows, bounds, &at)
}
