//! Steps 3 to 5 of the optimizer: simulate the covering plan under common random
//! numbers, raise the requirement of the hours that miss and cover again (the
//! simulation-plus-cutting-plane approach of call-centre staffing: Atlason, Epelman and
//! Henderson 2004); prune agents while every target still holds; verify with fresh seeds
//! and more replications, sustainability included.
//!
//! Every simulation of the search uses the scenario's seed and `optimize.replications`
//! replications, so two plans compared in it see the same customers (common random
//! numbers) and a change of verdict is the plan's doing. The verification uses a seed the
//! search never saw, so a plan tuned to the search's customers is found out.

use std::time::{Duration, Instant};

use super::cover::{Cover, CoverError, CoverOptions, cover};
use super::plan::{Plan, PlanError, apply};
use super::requirements::{Goal, RequirementError, Requirements, requirements};
use super::templates::{Template, templates};
use crate::experiment::{self, RunResults};
use crate::kpi::{ServiceCounts, measured_min};
use crate::scenario::calendar::{WEEK_H, WEEK_MIN};
use crate::scenario::{Scenario, Scope};
use crate::sustain::Sustainability;
use crate::targets::{self, Estimate, Status, Verdicts};

/// The KPIs the optimize output compares the input, formula-only and optimized plans on,
/// in order.
pub const COMPARED_KPIS: [&str; 9] = [
    "answered_within_30m",
    "frt_p90_min",
    "abandon_rate",
    "ignored",
    "recommend_rate",
    "phoned",
    "agent_hours",
    "overtime_h",
    "cost_total",
];

/// Hours raised at once when a target without hours (abandonment, ignored, recommend, a
/// period-wide service level met in every hour yet missed overall) misses: the weakest
/// of the week.
const WEAKEST_HOURS: usize = 12;

/// Most a round raises an hour's requirement, as a share of it.
const MAX_RAISE: f64 = 0.2;

/// Most single-agent removals tried after the batched pruning.
const SINGLE_PRUNES: usize = 16;

/// Offset of the verification's seed from the search's: far from any seed a user sweeps.
const VERIFY_SEED_OFFSET: u64 = 1_000_003;

/// Which step an iteration of the log belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Steps 1 and 2: the plan covering the formula requirements, simulated.
    Formula,
    /// Step 3: the requirements raised where the plan missed, covered again, simulated.
    Raise,
    /// Step 4: one agent removed from a template, kept if every target still holds.
    Prune,
    /// Step 5: the plan simulated with fresh seeds and more replications.
    Verify,
}

impl Step {
    /// `formula`, `raise`, `prune` or `verify`.
    pub fn name(self) -> &'static str {
        match self {
            Step::Formula => "formula",
            Step::Raise => "raise",
            Step::Prune => "prune",
            Step::Verify => "verify",
        }
    }
}

/// One simulated plan of the search.
#[derive(Debug, Clone, PartialEq)]
pub struct Iteration {
    /// Its step.
    pub step: Step,
    /// What was tried, in words.
    pub action: String,
    /// Heads on shift templates.
    pub heads: u32,
    /// Paid hours a week.
    pub paid_hours: f64,
    /// Weekly cost of the plan's paid hours (no overtime).
    pub plan_cost: f64,
    /// Weekly total cost simulated (overtime, phone and bot included).
    pub simulated_cost: f64,
    /// The verdicts in a few words.
    pub headline: String,
    /// Whether every target met.
    pub all_met: bool,
    /// Whether the plan was kept (a pruning step that broke a target is undone).
    pub kept: bool,
    /// Seconds since the search started.
    pub seconds: f64,
}

/// How the search ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The verified plan meets every target and is sustainable.
    Met,
    /// No plan met every target within the iteration or time budget; the plan is the
    /// best tried (fewest targets missed, then cheapest).
    NotMet {
        /// Why, in words: which targets, which hours, what was achieved.
        reason: String,
    },
}

/// What `optimize` found.
#[derive(Debug, Clone)]
pub struct Optimized {
    /// The input scenario.
    pub input: Scenario,
    /// The seed of the search's simulations (the verification's is the plan scenario's).
    pub search_seed: u64,
    /// The shift templates, aligned with every plan.
    pub templates: Vec<Template>,
    /// Step 1's requirements, from the formulas.
    pub formula: Requirements,
    /// The requirements after the simulation step raised them.
    pub requirements: Requirements,
    /// Step 2's plan, on the formula requirements alone.
    pub formula_plan: Plan,
    /// The plan found.
    pub plan: Plan,
    /// The plan's scenario, with the verification's seed and replications:
    /// `carecast run` of it reproduces the verification.
    pub scenario: Scenario,
    /// The verification run.
    pub verification: RunResults,
    /// Its verdicts.
    pub verdicts: Verdicts,
    /// Its sustainability.
    pub sustainability: Sustainability,
    /// Every simulated plan, in order.
    pub log: Vec<Iteration>,
    /// How the search ended.
    pub outcome: Outcome,
}

/// Why the optimizer could not start or finish.
#[derive(Debug, thiserror::Error)]
pub enum OptimizeError {
    /// The scenario sets no service-level target to size the hours by.
    #[error(
        "targets.service_level: (none): optimize needs at least one service-level target, e.g. \
         [[targets.service_level]] share = 0.8, within = \"30m\", scope = \"every_hour\""
    )]
    NoServiceTarget,
    /// Step 1 failed.
    #[error(transparent)]
    Requirements(#[from] RequirementError),
    /// Step 2 failed: no plan covers the requirements within the bounds.
    #[error(transparent)]
    Cover(#[from] CoverError),
    /// A plan's scenario is not valid.
    #[error(transparent)]
    Plan(#[from] PlanError),
}

impl crate::Blame for OptimizeError {
    fn is_input(&self) -> bool {
        match self {
            OptimizeError::NoServiceTarget => true,
            OptimizeError::Requirements(e) => e.is_input(),
            OptimizeError::Cover(e) => e.is_input(),
            OptimizeError::Plan(e) => e.is_input(),
        }
    }
}

/// A simulated plan.
struct Trial {
    plan: Plan,
    results: RunResults,
    verdicts: Verdicts,
}

impl Trial {
    /// Fewer targets missed first, then fewer too close to call, then cheaper.
    fn rank(&self) -> (usize, usize, u64) {
        let cost = self
            .results
            .kpi("cost_total")
            .map_or(f64::INFINITY, |s| s.mean);
        (
            self.verdicts.missed(),
            self.verdicts.count(Status::TooClose),
            cost.to_bits(),
        )
    }
}

/// The search's state: the scenario, its templates, the clock and the log.
struct Search<'a> {
    sc: &'a Scenario,
    templates: Vec<Template>,
    options: CoverOptions,
    started: Instant,
    deadline: Instant,
    log: Vec<Iteration>,
    progress: &'a (dyn Fn(&Iteration) + Sync),
}

impl Search<'_> {
    fn out_of_time(&self) -> bool {
        Instant::now() >= self.deadline
    }

    /// Simulates `plan` with `seed` and `reps` replications and logs it.
    fn simulate(
        &mut self,
        plan: Plan,
        seed: u64,
        reps: u32,
        step: Step,
        action: String,
    ) -> Result<Trial, OptimizeError> {
        let sc = apply(self.sc, &self.templates, &plan)?.with_run(Some(seed), Some(reps));
        let results = experiment::run(&sc, &|| {});
        let verdicts = targets::evaluate(&sc, &results);
        let weeks = measured_min(&sc) / WEEK_MIN;
        let it = Iteration {
            step,
            action,
            heads: plan.counts.iter().sum(),
            paid_hours: plan.paid_hours(&self.templates),
            plan_cost: plan.cost(self.sc, &self.templates),
            simulated_cost: results
                .kpi("cost_total")
                .map_or(f64::NAN, |s| s.mean / weeks),
            headline: verdicts.headline(),
            all_met: verdicts.all_met(),
            kept: true,
            seconds: self.started.elapsed().as_secs_f64(),
        };
        (self.progress)(&it);
        self.log.push(it);
        Ok(Trial {
            plan,
            results,
            verdicts,
        })
    }

    /// Marks the last logged iteration as undone.
    fn undo_last(&mut self) {
        if let Some(it) = self.log.last_mut() {
            it.kept = false;
        }
    }

    fn solve(&self, req: &Requirements) -> Result<Cover, OptimizeError> {
        Ok(cover(self.sc, &self.templates, req, &self.options)?)
    }
}

/// The goal of the formula step for one service-level target (abandonment bounded too).
fn goal(sc: &Scenario, share: f64, within_min: f64) -> Goal {
    Goal {
        share,
        within_min,
        max_abandon: sc.targets.max_abandonment,
    }
}

/// Step 1 for every service-level target, the strictest requirement of each hour kept.
fn formula_requirements(sc: &Scenario) -> Result<Requirements, OptimizeError> {
    let mut merged: Option<Requirements> = None;
    for t in &sc.targets.service_levels {
        let r = requirements(sc, &goal(sc, t.share, t.within_min))?;
        merged = Some(match merged {
            None => r,
            Some(mut m) => {
                for (mp, rp) in m.pools.iter_mut().zip(&r.pools) {
                    for (mh, rh) in mp.hours.iter_mut().zip(&rp.hours) {
                        if rh.required > mh.required {
                            *mh = *rh;
                        }
                    }
                }
                m
            }
        });
    }
    merged.ok_or(OptimizeError::NoServiceTarget)
}

/// The seed of the verification: one the search never used, within TOML's integers.
pub fn verification_seed(seed: u64) -> u64 {
    if seed <= i64::MAX as u64 - VERIFY_SEED_OFFSET {
        seed + VERIFY_SEED_OFFSET
    } else {
        seed - VERIFY_SEED_OFFSET
    }
}

/// Finds the cheapest shift plan of `sc`'s templates meeting every target of
/// `sc.targets`, calling `progress` after every simulated plan. See the module docs of
/// [`crate::optimize`] for the steps.
///
/// # Errors
/// [`OptimizeError::NoServiceTarget`] without a service-level target; the errors of the
/// formula step, of the integer program (hours no template covers, bounds or a budget no
/// plan meets) and of building a plan's scenario.
pub fn optimize(
    sc: &Scenario,
    progress: &(dyn Fn(&Iteration) + Sync),
) -> Result<Optimized, OptimizeError> {
    let settings = &sc.optimize;
    let started = Instant::now();
    let time_budget = Duration::from_secs_f64((settings.time_budget_min * 60.0).max(0.0));
    let mut search = Search {
        sc,
        templates: templates(sc),
        options: CoverOptions::default(),
        started,
        deadline: started + time_budget,
        log: Vec::new(),
        progress,
    };
    let formula = formula_requirements(sc)?;
    let mut req = formula.clone();
    let formula_plan = search.solve(&req)?.plan;
    let (seed, reps) = (sc.seed, settings.replications);
    let mut trial = search.simulate(
        formula_plan.clone(),
        seed,
        reps,
        Step::Formula,
        "cover the formula requirements".into(),
    )?;
    let mut best: Option<Trial> = None;
    let mut rounds = 0;
    let verify_seed = verification_seed(seed);
    let mut pruned = false;
    loop {
        // Step 3: raise where the plan misses, cover again, until every target holds.
        while !trial.verdicts.all_met() && rounds < settings.iterations && !search.out_of_time() {
            rounds += 1;
            let raised = raise(sc, &mut req, &trial);
            if raised == 0 {
                break;
            }
            let plan = match search.solve(&req) {
                Ok(c) => c.plan,
                // The raised requirements exceed the bounds or the budget: the best so
                // far is the answer, with the reason.
                Err(OptimizeError::Cover(e))
                    if matches!(
                        e,
                        CoverError::Unreachable { .. }
                            | CoverError::Infeasible { .. }
                            | CoverError::Budget { .. }
                    ) =>
                {
                    return finish(
                        search,
                        formula,
                        req,
                        formula_plan,
                        keep_best(best, trial),
                        verify_seed,
                        Some(e.to_string()),
                    );
                }
                Err(e) => return Err(e),
            };
            let action = format!("raise {raised} hours, cover again");
            let next = search.simulate(plan, seed, reps, Step::Raise, action)?;
            best = Some(keep_best(best, trial));
            trial = next;
        }
        if !trial.verdicts.all_met() {
            return finish(
                search,
                formula,
                req,
                formula_plan,
                keep_best(best, trial),
                verify_seed,
                None,
            );
        }
        // Step 4, once: remove agents while every target holds. After a failed
        // verification the raised plan goes to verification as it is.
        if !pruned {
            trial = prune(&mut search, trial, &mut req, seed, reps)?;
            pruned = true;
        }
        // Step 5: verify with fresh seeds, sustainability included.
        let check = search.simulate(
            trial.plan.clone(),
            verify_seed,
            settings.verify_replications,
            Step::Verify,
            "verify with fresh seeds".into(),
        )?;
        let sustainable =
            !crate::sustain::assess(&plan_scenario(&search, &check.plan)?, &check.results)
                .is_unsustainable();
        if check.verdicts.all_met() && sustainable {
            return finish(search, formula, req, formula_plan, check, verify_seed, None);
        }
        if rounds >= settings.iterations || search.out_of_time() {
            return finish(search, formula, req, formula_plan, check, verify_seed, None);
        }
        // The fresh customers found a weakness: raise there and search again.
        rounds += 1;
        if raise(sc, &mut req, &check) == 0 {
            return finish(search, formula, req, formula_plan, check, verify_seed, None);
        }
        let plan = search.solve(&req)?.plan;
        trial = search.simulate(
            plan,
            seed,
            reps,
            Step::Raise,
            "raise where the verification missed, cover again".into(),
        )?;
    }
}

fn plan_scenario(search: &Search<'_>, plan: &Plan) -> Result<Scenario, OptimizeError> {
    Ok(apply(search.sc, &search.templates, plan)?)
}

fn keep_best(best: Option<Trial>, t: Trial) -> Trial {
    match best {
        Some(b) if b.rank() <= t.rank() => b,
        _ => t,
    }
}

/// Step 4: removes agents while every target still holds, on the search's customers
/// (paired with the plan it starts from). First in batches: the requirement of the hours
/// with the most room above every hourly target is lowered by one and the program solved
/// again; a batch that breaks a target is undone and halved. Then one agent at a time on
/// the templates covering the roomiest hours, at most [`SINGLE_PRUNES`] tries.
fn prune(
    search: &mut Search<'_>,
    mut trial: Trial,
    req: &mut Requirements,
    seed: u64,
    reps: u32,
) -> Result<Trial, OptimizeError> {
    let mut locked = [false; WEEK_H];
    let mut fraction = 0.5;
    while fraction * WEEK_H as f64 >= 1.0 && !search.out_of_time() {
        let room = room(search.sc, &trial);
        let mut hours: Vec<(usize, f64)> = (0..WEEK_H)
            .filter(|&h| !locked[h] && room[h] > 0.0 && pool_required(req, h) >= 1.0)
            .map(|h| (h, room[h]))
            .collect();
        if hours.is_empty() {
            break;
        }
        hours.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let take = ((fraction * hours.len() as f64).ceil() as usize).max(1);
        let mut lowered = req.clone();
        for &(h, _) in hours.iter().take(take) {
            for p in 0..lowered.pools.len() {
                lower(&mut lowered, p, h);
            }
        }
        let plan = match search.solve(&lowered) {
            Ok(c) => c.plan,
            Err(_) => break,
        };
        if plan == trial.plan {
            fraction /= 2.0;
            continue;
        }
        let action = format!("lower the requirement of {take} roomy hours by one, cover again");
        let next = search.simulate(plan, seed, reps, Step::Prune, action)?;
        if next.verdicts.all_met() {
            trial = next;
            *req = lowered;
        } else {
            search.undo_last();
            if take == 1 {
                locked[hours[0].0] = true;
            }
            fraction /= 2.0;
        }
    }
    // One agent at a time, on the templates whose hours have the most room.
    let room = room(search.sc, &trial);
    let mut order: Vec<(usize, f64)> = (0..search.templates.len())
        .filter(|&t| trial.plan.counts[t] > search.templates[t].min)
        .map(|t| {
            let cov = search.templates[t].coverage();
            let least = (0..WEEK_H)
                .filter(|&h| cov[h] > 0.0)
                .map(|h| room[h])
                .fold(f64::INFINITY, f64::min);
            (t, least)
        })
        .filter(|&(_, r)| r > 0.0 && r.is_finite())
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    for &(t, _) in order.iter().take(SINGLE_PRUNES) {
        if search.out_of_time() {
            break;
        }
        let mut plan = trial.plan.clone();
        plan.counts[t] -= 1;
        let action = format!("one agent fewer on {}", search.templates[t].label());
        let next = search.simulate(plan, seed, reps, Step::Prune, action)?;
        if next.verdicts.all_met() {
            trial = next;
        } else {
            search.undo_last();
        }
    }
    Ok(trial)
}

/// Lowers the requirement of pool `p` in hour `h` by one agent, not below zero.
fn lower(req: &mut Requirements, p: usize, h: usize) {
    if let Some(x) = req.pools.get_mut(p).and_then(|pool| pool.hours.get_mut(h)) {
        x.required = (x.required - 1.0).max(0.0);
    }
}

/// Per hour of the week, the room above the service-level targets: the least, over the
/// targets, of the lower end of the hour's interval minus the target share (negative
/// where an hour does not surely meet one; infinite where no target has mentions).
fn room(sc: &Scenario, trial: &Trial) -> [f64; WEEK_H] {
    let service: Vec<&[ServiceCounts]> = trial
        .results
        .replications
        .iter()
        .map(|r| r.service.as_slice())
        .collect();
    let mut out = [f64::INFINITY; WEEK_H];
    for (i, t) in sc.targets.service_levels.iter().enumerate() {
        for (h, e) in hour_estimates(&service, i, sc.targets.confidence)
            .iter()
            .enumerate()
        {
            if let Some(e) = e {
                let low = if e.half_width.is_finite() {
                    e.mean - e.half_width
                } else {
                    e.mean
                };
                out[h] = out[h].min(low - t.share);
            }
        }
    }
    out
}

/// The end of the search: the plan's scenario with the verification's seed and
/// replications, and its verification (the last simulation if it was one, else a new
/// one).
fn finish(
    mut search: Search<'_>,
    formula: Requirements,
    requirements: Requirements,
    formula_plan: Plan,
    trial: Trial,
    verify_seed: u64,
    stopped: Option<String>,
) -> Result<Optimized, OptimizeError> {
    let reps = search.sc.optimize.verify_replications;
    let scenario = plan_scenario(&search, &trial.plan)?.with_run(Some(verify_seed), Some(reps));
    let verified =
        trial.results.seed == verify_seed && trial.results.replications.len() == reps as usize;
    let trial = if verified {
        trial
    } else {
        search.simulate(
            trial.plan,
            verify_seed,
            reps,
            Step::Verify,
            "verify the best plan found with fresh seeds".into(),
        )?
    };
    let sustainability = crate::sustain::assess(&scenario, &trial.results);
    let outcome = if trial.verdicts.all_met() && !sustainability.is_unsustainable() {
        Outcome::Met
    } else {
        Outcome::NotMet {
            reason: not_met_reason(&trial.verdicts, &sustainability, stopped, &search),
        }
    };
    Ok(Optimized {
        input: search.sc.clone(),
        search_seed: search.sc.seed,
        templates: search.templates,
        formula,
        requirements,
        formula_plan,
        plan: trial.plan,
        scenario,
        verification: trial.results,
        verdicts: trial.verdicts,
        sustainability,
        log: search.log,
        outcome,
    })
}

fn not_met_reason(
    v: &Verdicts,
    s: &Sustainability,
    stopped: Option<String>,
    search: &Search<'_>,
) -> String {
    let mut parts: Vec<String> = v
        .items
        .iter()
        .filter(|i| i.status != Status::Meets)
        .map(|i| i.sentence.clone())
        .collect();
    if s.is_unsustainable() {
        parts.push(s.headline());
    }
    let why = match stopped {
        Some(e) => format!("the requirements cannot be raised further: {e}"),
        None if search.out_of_time() => format!(
            "the time budget (optimize.time_budget, {}) ran out",
            crate::format::human_minutes(search.sc.optimize.time_budget_min)
        ),
        None => format!(
            "the iteration budget (optimize.iterations = {}) ran out",
            search.sc.optimize.iterations
        ),
    };
    format!("{why}; the best plan found {}", parts.join("; "))
}

/// Raises the requirements of the hours where `trial` misses a target; returns how many
/// hours were raised.
fn raise(sc: &Scenario, req: &mut Requirements, trial: &Trial) -> usize {
    let mut delta = [0.0f64; WEEK_H];
    let service: Vec<&[ServiceCounts]> = trial
        .results
        .replications
        .iter()
        .map(|r| r.service.as_slice())
        .collect();
    let conf = sc.targets.confidence;
    for v in trial
        .verdicts
        .items
        .iter()
        .filter(|v| v.status != Status::Meets)
    {
        match sc
            .targets
            .service_levels
            .iter()
            .zip(0..)
            .find(|(_, i)| v.key == format!("service_level[{i}]"))
        {
            Some((t, i)) => {
                let hourly = hour_estimates(&service, i, conf);
                let in_scope = |h: usize| match t.scope {
                    Scope::BusinessHours => sc.customers.business_hours[h],
                    _ => true,
                };
                let mut any = false;
                for (h, e) in hourly.iter().enumerate().filter(|(h, _)| in_scope(*h)) {
                    let Some(e) = e else { continue };
                    match e.status(targets::Bound::AtLeast, t.share) {
                        Status::Misses => {
                            // In proportion to the shortfall, at most a fifth more a round:
                            // a plan that collapses answers almost nobody in time, and the
                            // whole shortfall would overshoot by far.
                            let gap = (t.share - e.mean).max(0.0);
                            let now = pool_required(req, h);
                            let need = (now * gap).min(now * MAX_RAISE).ceil().max(1.0);
                            delta[h] = delta[h].max(need);
                            any = true;
                        }
                        Status::TooClose => {
                            delta[h] = delta[h].max(1.0);
                            any = true;
                        }
                        _ => {}
                    }
                }
                if !any {
                    weakest(&hourly, in_scope, &mut delta);
                }
            }
            None => {
                // Abandonment, ignored, recommend: the weakest hours of the first target.
                let hourly = hour_estimates(&service, 0, conf);
                weakest(&hourly, |_| true, &mut delta);
            }
        }
    }
    let mut raised = 0;
    for (h, &d) in delta.iter().enumerate() {
        if d > 0.0 {
            raised += 1;
            for p in 0..req.pools.len() {
                req.raise(p, h, d);
            }
        }
    }
    raised
}

/// The largest requirement of any pool in hour `h`.
fn pool_required(req: &Requirements, h: usize) -> f64 {
    (0..req.pools.len())
        .map(|p| req.required(p, h))
        .fold(0.0, f64::max)
}

/// The share answered within of service target `i`, per hour of the week.
fn hour_estimates(service: &[&[ServiceCounts]], i: usize, conf: f64) -> Vec<Option<Estimate>> {
    (0..WEEK_H)
        .map(|h| {
            let shares: Vec<f64> = service
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| {
                    let n = c.answerable[h];
                    if n > 0 {
                        c.within[h] as f64 / n as f64
                    } else {
                        f64::NAN
                    }
                })
                .collect();
            let e = Estimate::of(&shares, conf);
            (e.n > 0).then_some(e)
        })
        .collect()
}

/// Raises the [`WEAKEST_HOURS`] hours in scope with the lowest share by one agent.
fn weakest(
    hourly: &[Option<Estimate>],
    in_scope: impl Fn(usize) -> bool,
    delta: &mut [f64; WEEK_H],
) {
    let mut hours: Vec<(usize, f64)> = hourly
        .iter()
        .enumerate()
        .filter(|(h, _)| in_scope(*h))
        .filter_map(|(h, e)| e.map(|e| (h, e.mean)))
        .collect();
    hours.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    for &(h, _) in hours.iter().take(WEAKEST_HOURS) {
        delta[h] = delta[h].max(1.0);
    }
}
