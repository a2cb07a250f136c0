//! The integer program of the cover for `good_lp`: the terms of each template, the rows,
//! their strengthening, the templates no cheapest plan needs, and the solve.

use std::collections::HashMap;

use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel, Variable,
    WithInitialSolution, WithMipGap, WithTimeLimit, microlp, variable,
};

use super::super::requirements::{Pool, Requirements};
use super::super::templates::Template;
use super::{CoverError, CoverOptions, EPS};
use crate::scenario::Scenario;
use crate::scenario::calendar::WEEK_H;

/// Most Chvátal-Gomory cuts added to one mixed coverage row.
const MAX_CUTS_PER_ROW: usize = 4;

/// What each template contributes: its pool, its coverage and its available heads per
/// head in first-group agents.
pub(super) struct Terms {
    pub(super) pool: Vec<Option<usize>>,
    pub(super) coverage: Vec<[f64; WEEK_H]>,
    pub(super) weight: Vec<f64>,
    pub(super) cost: Vec<f64>,
}

pub(super) fn terms(
    sc: &Scenario,
    templates: &[Template],
    req: &Requirements,
) -> Result<Terms, CoverError> {
    let mut t = Terms {
        pool: Vec::new(),
        coverage: Vec::new(),
        weight: Vec::new(),
        cost: Vec::new(),
    };
    for (i, tpl) in templates.iter().enumerate() {
        let Some(g) = sc.groups.get(tpl.group) else {
            return Err(CoverError::Mismatch {
                template: i,
                group: tpl.group,
            });
        };
        let pool = req.pool_of(tpl.group);
        let ratio = pool.map_or(1.0, |p| ratio(&req.pools[p], tpl.group));
        t.pool.push(pool);
        t.coverage.push(tpl.coverage());
        t.weight.push((1.0 - g.shrinkage) * ratio);
        t.cost.push(tpl.weekly_cost(g));
    }
    Ok(t)
}

pub(super) fn ratio(pool: &Pool, group: usize) -> f64 {
    pool.groups
        .iter()
        .position(|&g| g == group)
        .map_or(1.0, |i| pool.capacity_ratio[i])
}

/// The model as rows: coverage rows `(pool, hour, need)`, `group_max` rows and
/// `group_min` groups.
pub(super) struct Rows {
    pub(super) cover: Vec<(usize, usize, f64)>,
    pub(super) group_max: Vec<(usize, usize, f64)>,
    pub(super) group_min: Vec<(usize, f64, Vec<usize>)>,
}

pub(super) fn rows(
    sc: &Scenario,
    templates: &[Template],
    terms: &Terms,
    req: &Requirements,
) -> Rows {
    let on = |g: usize, h: usize| {
        templates
            .iter()
            .zip(&terms.coverage)
            .any(|(t, c)| t.group == g && c[h] > 0.0)
    };
    let mut r = Rows {
        cover: Vec::new(),
        group_max: Vec::new(),
        group_min: Vec::new(),
    };
    for p in 0..req.pools.len() {
        for h in 0..WEEK_H {
            let need = req.required(p, h);
            if need > EPS {
                r.cover.push((p, h, need));
            }
        }
    }
    for &(g, m) in &sc.optimize.group_max {
        for h in 0..WEEK_H {
            if on(g, h) {
                r.group_max.push((g, h, f64::from(m)));
            }
        }
    }
    for &(g, m) in &sc.optimize.group_min {
        if m > 0 {
            let hours = (0..WEEK_H).filter(|&h| on(g, h)).collect();
            r.group_min.push((g, f64::from(m), hours));
        }
    }
    r
}

/// Row `Σ a_t x_t ≥ need` over whole `x_t` in whole units: if every coefficient `a_t` is a
/// whole multiple `k_t` of the smallest, `u`, the same plans meet `Σ k_t x_t ≥ ⌈need / u⌉`
/// (a Chvátal-Gomory rounding), whose relaxation is much tighter: with templates of one
/// shrinkage covering whole hours it is "at least ⌈need / (1 − shrinkage)⌉ heads".
fn whole_row(coefficients: &[f64], need: f64) -> Option<(Vec<f64>, f64)> {
    let u = coefficients.iter().copied().fold(f64::INFINITY, f64::min);
    if !(u.is_finite() && u > 0.0) {
        return None;
    }
    let k: Vec<f64> = coefficients.iter().map(|a| (a / u).round()).collect();
    let whole = coefficients
        .iter()
        .zip(&k)
        .all(|(a, k)| *k <= 1000.0 && (a / u - k).abs() <= 1e-9 * k.max(1.0));
    whole.then(|| (k, (need / u - 1e-9).ceil()))
}

/// Templates that no cheapest plan needs: `t2` is left out (its upper bound set to 0) when
/// a template `t1` of the same pool covers the very same hours with at least its
/// available heads per head at no more cost, `t1` at its `max` alone covers every hour
/// it covers, `t2` has no `min`, and neither group has a `group_max` or `group_min`
/// (any plan with heads on `t2` is then no cheaper than one with them on `t1`).
pub(super) fn upper_bounds(
    sc: &Scenario,
    templates: &[Template],
    terms: &Terms,
    req: &Requirements,
) -> Vec<u32> {
    let bounded = |g: usize| {
        sc.optimize.group_max.iter().any(|(x, _)| *x == g)
            || sc.optimize.group_min.iter().any(|(x, _)| *x == g)
    };
    let mut classes: HashMap<(usize, Vec<u64>), Vec<usize>> = HashMap::new();
    for (t, tpl) in templates.iter().enumerate() {
        if let Some(p) = terms.pool[t]
            && !bounded(tpl.group)
        {
            let key = terms.coverage[t].iter().map(|c| c.to_bits()).collect();
            classes.entry((p, key)).or_default().push(t);
        }
    }
    let sufficient = |t: usize| {
        let Some(p) = terms.pool[t] else { return false };
        let cov = &terms.coverage[t];
        let cmin = cov
            .iter()
            .copied()
            .filter(|c| *c > 0.0)
            .fold(f64::INFINITY, f64::min);
        let most = (0..WEEK_H)
            .filter(|&h| cov[h] > 0.0)
            .map(|h| req.required(p, h))
            .fold(0.0, f64::max);
        f64::from(templates[t].max) * terms.weight[t] * cmin >= most - 1e-9
    };
    let mut upper: Vec<u32> = templates.iter().map(|t| t.max).collect();
    for members in classes.values() {
        for &t2 in members {
            if templates[t2].min > 0 {
                continue;
            }
            let beaten = members.iter().any(|&t1| {
                let (w1, w2, c1, c2) = (
                    terms.weight[t1],
                    terms.weight[t2],
                    terms.cost[t1],
                    terms.cost[t2],
                );
                t1 != t2
                    && w1 >= w2
                    && c1 <= c2
                    && (w1 > w2 || c1 < c2 || t1 < t2)
                    && sufficient(t1)
            });
            if beaten {
                upper[t2] = 0;
            }
        }
    }
    upper
}

/// The model for `good_lp`, with `bounds` (lowest, highest) on the heads of each
/// template: integer (`integer = true`, from the plan `start` if given) or its
/// relaxation. The values of the template variables and the solution's status.
pub(super) fn solve_model(
    templates: &[Template],
    terms: &Terms,
    rows: &Rows,
    bounds: &[(u32, u32)],
    integer: bool,
    start: Option<&[u32]>,
    options: &CoverOptions,
) -> Result<(Vec<f64>, SolutionStatus), ResolutionError> {
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = bounds
        .iter()
        .map(|&(lo, hi)| {
            let def = variable().min(f64::from(lo)).max(f64::from(hi.max(lo)));
            vars.add(if integer { def.integer() } else { def })
        })
        .collect();
    let y: Vec<Vec<Variable>> = rows
        .group_min
        .iter()
        .map(|(_, _, hours)| {
            hours
                .iter()
                .map(|_| {
                    let def = variable().min(0.0).max(1.0);
                    vars.add(if integer { def.integer() } else { def })
                })
                .collect()
        })
        .collect();
    let mut objective = Expression::with_capacity(x.len());
    for (v, c) in x.iter().zip(&terms.cost) {
        objective.add_mul(*c, *v);
    }
    let mut model = vars.minimise(objective).using(microlp);
    if integer {
        if let Some(limit) = options.time_limit {
            model = model.with_time_limit(limit.as_secs_f64());
        }
        if options.mip_gap > 0.0 {
            model = model
                .with_mip_gap(options.mip_gap as f32)
                .map_err(|e| ResolutionError::Str(e.to_string()))?;
        }
        if let Some(start) = start
            && y.is_empty()
        {
            model =
                model.with_initial_solution(x.iter().zip(start).map(|(v, &n)| (*v, f64::from(n))));
        }
    }
    for &(p, h, need) in &rows.cover {
        let mut e = Expression::with_capacity(16);
        let terms_of: Vec<usize> = (0..x.len())
            .filter(|&t| terms.pool[t] == Some(p) && terms.coverage[t][h] > 0.0 && bounds[t].1 > 0)
            .collect();
        let a: Vec<f64> = terms_of
            .iter()
            .map(|&t| terms.coverage[t][h] * terms.weight[t])
            .collect();
        match whole_row(&a, need) {
            Some((k, need)) => {
                for (&t, k) in terms_of.iter().zip(&k) {
                    e.add_mul(*k, x[t]);
                }
                model.add_constraint(e.geq(need));
            }
            None => {
                for (&t, a) in terms_of.iter().zip(&a) {
                    e.add_mul(*a, x[t]);
                }
                model.add_constraint(e.geq(need));
                // Chvátal-Gomory cuts, one per distinct coefficient `u`: whole heads meet
                // `Σ ⌈a_t / u⌉ x_t ≥ ⌈need / u⌉` too.
                let mut units: Vec<f64> = a.clone();
                units.sort_by(f64::total_cmp);
                units.dedup_by(|x, y| (*x - *y).abs() <= 1e-12);
                for u in units.into_iter().take(MAX_CUTS_PER_ROW) {
                    let mut cut = Expression::with_capacity(terms_of.len());
                    for (&t, a) in terms_of.iter().zip(&a) {
                        cut.add_mul((a / u - 1e-9).ceil(), x[t]);
                    }
                    model.add_constraint(cut.geq((need / u - 1e-9).ceil()));
                }
            }
        }
    }
    for &(g, h, m) in &rows.group_max {
        let mut e = Expression::with_capacity(16);
        for (t, v) in x.iter().enumerate() {
            if templates[t].group == g && terms.coverage[t][h] > 0.0 {
                e.add_mul(1.0, *v);
            }
        }
        model.add_constraint(e.leq(m));
    }
    for ((g, m, hours), ys) in rows.group_min.iter().zip(&y) {
        let mut any = Expression::with_capacity(ys.len());
        for (&h, &yh) in hours.iter().zip(ys) {
            let mut e = Expression::with_capacity(16);
            for (t, v) in x.iter().enumerate() {
                if templates[t].group == *g && terms.coverage[t][h] > 0.0 {
                    e.add_mul(1.0, *v);
                }
            }
            e.add_mul(-*m, yh);
            model.add_constraint(e.geq(0.0));
            any.add_mul(1.0, yh);
        }
        model.add_constraint(any.geq(1.0));
    }
    let solution = model.solve()?;
    let status = solution.status();
    Ok((x.iter().map(|v| solution.value(*v)).collect(), status))
}
