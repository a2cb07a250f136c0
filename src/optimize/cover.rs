//! Step 2: the cheapest head counts per template that cover every hour's requirement, as
//! an integer program solved by `microlp` (pure Rust, through `good_lp`).
//!
//! Minimise `Σ_t x_t × weekly cost_t` over whole numbers `x_t` subject to:
//! - for every pool `p` and hour `h`: `Σ_{t in p} x_t × coverage_t(h) × (1 − shrinkage) ×
//!   capacity ratio ≥ required(p, h)`. A template covering 30 minutes of an hour
//!   contributes half a head there; the capacity ratio (see [`Pool`](super::Pool)) puts a group's
//!   heads in agents of the pool's first group;
//! - `min_t ≤ x_t ≤ max_t`;
//! - `optimize.group_max`: at every hour, the heads of the group on shift (for any part
//!   of the hour) are at most the bound;
//! - `optimize.group_min`: at the group's busiest hour, at least the bound are on shift
//!   (a binary variable per hour picks that hour);
//! - `targets.weekly_budget`: the cost of the paid hours is at most the budget (the
//!   budget also pays for overtime and phone calls, so a plan above it cannot meet it). The cheapest plan is cheapest
//!   under any budget, so the budget is checked against it rather than constrained.
//!
//! How it is solved, and what it costs:
//! - coverage rows are strengthened for whole heads (Chvátal-Gomory rounding): where every
//!   term is a whole multiple of the smallest, `u`, the row becomes `Σ k_t x_t ≥ ⌈need /
//!   u⌉` ("at least ⌈need / 0.7⌉ heads" for one shrinkage of 0.3 and whole hours);
//!   elsewhere (groups of different shrinkage or speed in one pool) cuts of that form are
//!   added beside the row;
//! - a template is left out when another of the same pool covers the very same hours at
//!   no more cost with at least its capacity (and no group bound is involved);
//! - the linear relaxation is solved first: its cost is the lower bound reported with the
//!   answer. A dive from it (fractions rounded up, solved again, then heads removed
//!   greedily while every row holds) gives a first plan, the integer search's start;
//! - `microlp` searches within the time limit and optional gap of [`CoverOptions`]; at
//!   the limit its best plan is the answer ([`SolveStatus::TimeLimit`]), or the dive's if
//!   it has none ([`SolveStatus::Rounded`]).
//!
//! The built-in week (3 groups × 7 days × 24 starts × 4 lengths = 2016 templates, 168
//! rows) is solved to optimality in milliseconds: its rows are all whole. Pools mixing
//! shrinkages, and half-hour starts, make harder programs that may run to the limit.

use std::time::{Duration, Instant};

use good_lp::{ResolutionError, SolutionStatus};

use super::plan::Plan;
use super::requirements::Requirements;
use super::templates::Template;
use crate::scenario::Scenario;
use crate::scenario::calendar::{DAY_H, HOUR_MIN, WEEK_H};
use crate::scenario::optimize::{clock_text, weekday_label};

mod model;
mod round;

use model::{Terms, ratio, rows, solve_model, terms, upper_bounds};
use round::{Check, dive};

/// Requirements below this are met by no one (rounding noise).
const EPS: f64 = 1e-9;

/// How the integer program is solved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoverOptions {
    /// Longest the whole solve may run (default 30 s; `None`: no limit). A quarter of it
    /// at most goes to the dive that finds a first plan.
    pub time_limit: Option<Duration>,
    /// Relative gap to the best bound at which a plan is accepted (default 0: optimal).
    pub mip_gap: f64,
}

impl Default for CoverOptions {
    fn default() -> Self {
        CoverOptions {
            time_limit: Some(Duration::from_secs(30)),
            mip_gap: 0.0,
        }
    }
}

/// How the plan was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolveStatus {
    /// Proven cheapest.
    Optimal,
    /// Within the requested gap of the bound.
    WithinGap,
    /// The best plan found when the time limit was reached.
    TimeLimit,
    /// The integer search found no plan in time: the linear relaxation rounded up, then
    /// lowered greedily.
    Rounded,
}

/// What the solve took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolveStats {
    /// Integer variables (templates, plus one binary per hour for each `group_min`).
    pub variables: usize,
    /// Constraints (covered hours, `group_max` hours and `group_min` rows).
    pub constraints: usize,
    /// How the plan was found.
    pub status: SolveStatus,
    /// The cost of the linear relaxation: no plan is cheaper.
    pub lower_bound: f64,
    /// Wall-clock time of both solves.
    pub elapsed: Duration,
}

/// Step 2's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    /// Heads per template.
    pub plan: Plan,
    /// Its weekly cost.
    pub cost: f64,
    /// The solve.
    pub stats: SolveStats,
}

/// An hour that cannot be covered even with every template at its bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shortfall {
    /// Hour of the week.
    pub hour: usize,
    /// Available agents needed.
    pub required: f64,
    /// The most the templates' and groups' bounds allow there.
    pub most: f64,
}

/// Why no plan covers the requirements.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoverError {
    /// The templates do not belong to the scenario (a group index out of range).
    #[error("template {template} names group {group}, which the scenario does not have")]
    Mismatch {
        /// The template's position.
        template: usize,
        /// Its group index.
        group: usize,
    },
    /// Hours that need agents are covered by no template of the pool.
    #[error("pool {pool}: no shift template covers {} (which need agents); add templates or groups working then", hours_text(.hours))]
    Uncovered {
        /// The pool.
        pool: String,
        /// The hours of the week.
        hours: Vec<usize>,
    },
    /// Hours that even every template at its `max` (within `group_max`) cannot cover.
    #[error("pool {pool}: the bounds cannot cover {}; raise max_per_template, the templates' max or group_max", shortfalls_text(.shortfalls))]
    Unreachable {
        /// The pool.
        pool: String,
        /// The hours short, with what they need and the most they can get.
        shortfalls: Vec<Shortfall>,
    },
    /// The bounds together (template `min`, `group_max`, `group_min`) leave no plan.
    #[error("no plan meets every bound: {reason}")]
    Infeasible {
        /// What the solver found.
        reason: String,
    },
    /// The cheapest plan costs more than `targets.weekly_budget`.
    #[error("the cheapest plan {} costs {cheapest:.2} a week, more than targets.weekly_budget = {budget}", if *.proven { "" } else { "found" })]
    Budget {
        /// The budget.
        budget: f64,
        /// The cost of the cheapest plan found.
        cheapest: f64,
        /// Whether that plan is proven cheapest.
        proven: bool,
    },
    /// The solver failed.
    #[error("the solver failed: {0}")]
    Solver(String),
}

/// `Mon 02:00-05:00, Tue 22:00-Wed 01:00`: hours of the week, runs merged.
pub fn hours_text(hours: &[usize]) -> String {
    let mut sorted = hours.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let at = |h: usize| clock_text((h % DAY_H) as u32 * HOUR_MIN as u32);
    let mut parts = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1] == sorted[j] + 1 {
            j += 1;
        }
        let (a, b) = (sorted[i], sorted[j]);
        let end = if b / DAY_H == a / DAY_H {
            if b % DAY_H == DAY_H - 1 {
                "24:00".to_string()
            } else {
                at(b + 1)
            }
        } else {
            format!("{} {}", weekday_label((b + 1) / DAY_H), at(b + 1))
        };
        parts.push(format!("{} {}-{end}", weekday_label(a / DAY_H), at(a)));
        i = j + 1;
    }
    parts.join(", ")
}

fn shortfalls_text(list: &[Shortfall]) -> String {
    let shown: Vec<String> = list
        .iter()
        .take(10)
        .map(|s| {
            format!(
                "{} (needs {:.1} available agents, at most {:.1})",
                hours_text(&[s.hour]),
                s.required,
                s.most
            )
        })
        .collect();
    let more = list.len().saturating_sub(10);
    if more > 0 {
        format!("{} and {more} more hour(s)", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// Hours no template covers, and hours the bounds cannot cover, pool by pool.
fn precheck(
    sc: &Scenario,
    templates: &[Template],
    req: &Requirements,
    terms: &Terms,
) -> Result<(), CoverError> {
    let group_max = |g: usize| {
        sc.optimize
            .group_max
            .iter()
            .find(|(x, _)| *x == g)
            .map(|&(_, v)| f64::from(v))
    };
    for (p, pool) in req.pools.iter().enumerate() {
        let mine: Vec<usize> = (0..templates.len())
            .filter(|&t| terms.pool[t] == Some(p))
            .collect();
        let uncovered: Vec<usize> = (0..WEEK_H)
            .filter(|&h| {
                req.required(p, h) > EPS && !mine.iter().any(|&t| terms.coverage[t][h] > 0.0)
            })
            .collect();
        if !uncovered.is_empty() {
            return Err(CoverError::Uncovered {
                pool: pool.name.clone(),
                hours: uncovered,
            });
        }
        let mut shortfalls = Vec::new();
        for h in 0..WEEK_H {
            let need = req.required(p, h);
            if need <= EPS {
                continue;
            }
            let most: f64 = pool
                .groups
                .iter()
                .map(|&g| {
                    let sum: f64 = mine
                        .iter()
                        .filter(|&&t| templates[t].group == g)
                        .map(|&t| {
                            f64::from(templates[t].max) * terms.coverage[t][h] * terms.weight[t]
                        })
                        .sum();
                    let per_head = (1.0 - sc.groups[g].shrinkage) * ratio(pool, g);
                    group_max(g).map_or(sum, |m| sum.min(m * per_head))
                })
                .sum();
            if need > most + 1e-9 {
                shortfalls.push(Shortfall {
                    hour: h,
                    required: need,
                    most,
                });
            }
        }
        if !shortfalls.is_empty() {
            return Err(CoverError::Unreachable {
                pool: pool.name.clone(),
                shortfalls,
            });
        }
    }
    Ok(())
}

/// Step 2: the cheapest head counts per template covering `req` within the bounds of
/// `sc.optimize` (see the module documentation for the program).
///
/// # Errors
/// [`CoverError::Uncovered`] for hours that need agents but no template covers,
/// [`CoverError::Unreachable`] for hours the bounds cannot cover (with the most they
/// allow), [`CoverError::Infeasible`] when the bounds together leave no plan,
/// [`CoverError::Budget`] when the cheapest plan costs more than `targets.weekly_budget`,
/// [`CoverError::Solver`] when the solver fails, [`CoverError::Mismatch`] for templates
/// of another scenario.
pub fn cover(
    sc: &Scenario,
    templates: &[Template],
    req: &Requirements,
    options: &CoverOptions,
) -> Result<Cover, CoverError> {
    let started = Instant::now();
    let terms = terms(sc, templates, req)?;
    precheck(sc, templates, req, &terms)?;
    let rows = rows(sc, templates, &terms, req);
    let infeasible = |e: ResolutionError| match e {
        ResolutionError::Infeasible => CoverError::Infeasible {
            reason: "the template minimums, group_max and group_min cannot all hold while \
                     every hour is covered"
                .into(),
        },
        other => CoverError::Solver(other.to_string()),
    };
    let bounds: Vec<(u32, u32)> = upper_bounds(sc, templates, &terms, req)
        .into_iter()
        .zip(templates)
        .map(|(hi, t)| (t.min, hi.max(t.min)))
        .collect();
    let (lp, _) =
        solve_model(templates, &terms, &rows, &bounds, false, None, options).map_err(infeasible)?;
    let lower_bound: f64 = lp.iter().zip(&terms.cost).map(|(v, c)| v * c).sum();
    let deadline = options.time_limit.map(|l| started + l / 4);
    let rounded = dive(
        sc, templates, &terms, &rows, &bounds, &lp, options, deadline,
    );
    let options = CoverOptions {
        time_limit: options
            .time_limit
            .map(|l| l.saturating_sub(started.elapsed())),
        ..*options
    };
    let milp = match solve_model(
        templates,
        &terms,
        &rows,
        &bounds,
        true,
        rounded.as_deref(),
        &options,
    ) {
        Ok(found) => Some(found),
        Err(ResolutionError::Infeasible) => return Err(infeasible(ResolutionError::Infeasible)),
        Err(_) => None,
    };
    let n_vars = templates.len()
        + rows
            .group_min
            .iter()
            .map(|(_, _, h)| h.len())
            .sum::<usize>();
    let n_rows = rows.cover.len()
        + rows.group_max.len()
        + rows
            .group_min
            .iter()
            .map(|(_, _, h)| h.len() + 1)
            .sum::<usize>();
    let integral = |values: &[f64]| -> Vec<u32> {
        values
            .iter()
            .zip(templates)
            .map(|(v, t)| (v.round().max(0.0) as u32).clamp(t.min, t.max))
            .collect()
    };
    let found = milp.and_then(|(values, status)| {
        let x = integral(&values);
        Check::new(sc, templates, &terms, &rows, &x)
            .holds()
            .then_some((x, status))
    });
    let (counts, status) = match found {
        Some((x, s)) => (
            x,
            match s {
                SolutionStatus::Optimal => SolveStatus::Optimal,
                SolutionStatus::GapLimit => SolveStatus::WithinGap,
                _ => SolveStatus::TimeLimit,
            },
        ),
        None => match rounded {
            Some(x) => (x, SolveStatus::Rounded),
            None => {
                return Err(CoverError::Solver(
                    "the integer search found no plan in time, and rounding the relaxation up \
                     broke a group_max bound"
                        .into(),
                ));
            }
        },
    };
    let plan = Plan { counts };
    let cost: f64 = plan
        .counts
        .iter()
        .zip(&terms.cost)
        .map(|(&n, c)| f64::from(n) * c)
        .sum();
    if let Some(budget) = sc.targets.weekly_budget
        && cost > budget + 1e-6
    {
        return Err(CoverError::Budget {
            budget,
            cheapest: cost,
            proven: status == SolveStatus::Optimal,
        });
    }
    Ok(Cover {
        plan,
        cost,
        stats: SolveStats {
            variables: n_vars,
            constraints: n_rows,
            status,
            lower_bound,
            elapsed: started.elapsed(),
        },
    })
}
