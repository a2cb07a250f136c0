//! Plans: a head count per template, the scenario that staffs it, and what it schedules
//! hour by hour.

use super::requirements::Requirements;
use super::templates::Template;
use crate::scenario::calendar::WEEK_H;
use crate::scenario::{MAX_NAME_LEN, Scenario, ScenarioError, ScenarioFile};

/// A head count per template, aligned with the template list it was made for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Heads on each template.
    pub counts: Vec<u32>,
}

impl Plan {
    /// The weekly cost of the plan (paid hours × `cost_per_h`, no overtime).
    pub fn cost(&self, sc: &Scenario, templates: &[Template]) -> f64 {
        templates
            .iter()
            .zip(&self.counts)
            .filter_map(|(t, &n)| {
                sc.groups
                    .get(t.group)
                    .map(|g| f64::from(n) * t.weekly_cost(g))
            })
            .sum()
    }

    /// Paid agent hours per week.
    pub fn paid_hours(&self, templates: &[Template]) -> f64 {
        templates
            .iter()
            .zip(&self.counts)
            .map(|(t, &n)| f64::from(n) * t.paid_hours_per_week())
            .sum()
    }
}

/// Why a plan could not be turned into a scenario.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The plan was made for another template list.
    #[error("the plan has {counts} head counts for {templates} templates")]
    Mismatch {
        /// Head counts in the plan.
        counts: usize,
        /// Templates given.
        templates: usize,
    },
    /// The scenario of the plan does not validate (e.g. more groups than allowed).
    #[error("the plan's scenario is not valid: {0}")]
    Scenario(#[from] ScenarioError),
}

/// The scenario that staffs `plan`: `sc` with its staffing groups replaced by one group
/// per template with a positive count, named after the template (`day-mon-0800-8h`, made
/// unique and at most [`MAX_NAME_LEN`] long), copying every attribute of the template's
/// source group (shrinkage, concurrency, speed, effectiveness, cost, channels and classes
/// served, attention, `at_shift_end`) with `agents` = the count and `shifts` = the
/// template's shift. A source group none of whose templates has heads stays, with
/// `agents = 0` and its own shifts, so that every channel and class keeps a group that
/// serves it. The `[optimize]` table is left out: it names the source groups.
///
/// The scenario is built through the same validation as a scenario file (it is
/// rendered, changed and read back), so its `to_toml()` is a valid scenario that
/// reproduces it.
///
/// # Errors
/// [`PlanError::Mismatch`] if the plan and the templates differ in length,
/// [`PlanError::Scenario`] if the result does not validate.
pub fn apply(sc: &Scenario, templates: &[Template], plan: &Plan) -> Result<Scenario, PlanError> {
    if plan.counts.len() != templates.len() {
        return Err(PlanError::Mismatch {
            counts: plan.counts.len(),
            templates: templates.len(),
        });
    }
    let mut file = ScenarioFile::from(sc);
    let sources = std::mem::take(&mut file.staffing.groups);
    let mut used: Vec<String> = Vec::new();
    let mut groups = Vec::new();
    for (t, &n) in templates.iter().zip(&plan.counts) {
        if n == 0 {
            continue;
        }
        let Some(source) = sources.get(t.group) else {
            continue;
        };
        let mut g = source.clone();
        g.name = unique(&t.group_label(), &t.group_name, &used, &sources);
        g.agents = i64::from(n);
        g.shifts = vec![t.shift()];
        used.push(g.name.clone());
        groups.push(g);
    }
    for (i, source) in sources.iter().enumerate() {
        let staffed = templates
            .iter()
            .zip(&plan.counts)
            .any(|(t, &n)| t.group == i && n > 0);
        if !staffed {
            let mut g = source.clone();
            g.agents = 0;
            g.name = unique(&source.name, &source.name, &used, &[]);
            used.push(g.name.clone());
            groups.push(g);
        }
    }
    file.staffing.groups = groups;
    file.optimize = None;
    Ok(Scenario::try_from(&file)?)
}

/// `wanted`, shortened to [`MAX_NAME_LEN`] by cutting the group name `head` it starts
/// with, and made unique among `used` and the source groups' names by a `-2`, `-3`, ...
fn unique(
    wanted: &str,
    head: &str,
    used: &[String],
    sources: &[crate::scenario::file::GroupFile],
) -> String {
    let fit = |suffix: &str| {
        let rest = wanted.strip_prefix(head).unwrap_or(wanted);
        let room = MAX_NAME_LEN.saturating_sub(rest.len() + suffix.len());
        let head: String = head.chars().take(room.max(1)).collect();
        format!("{head}{rest}{suffix}")
    };
    let taken = |n: &str| {
        used.iter().any(|u| u == n) || sources.iter().any(|s| s.name == n && s.name != head)
    };
    let mut name = fit("");
    let mut k = 2;
    while taken(&name) {
        name = fit(&format!("-{k}"));
        k += 1;
    }
    name
}

/// What a plan puts on shift in one pool, hour by hour (Monday 00:00-01:00 first). A head
/// on shift for part of an hour counts for that part.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolCoverage {
    /// Heads on shift (paid).
    pub scheduled: [f64; WEEK_H],
    /// Heads available: on shift × (1 − shrinkage).
    pub available: [f64; WEEK_H],
    /// Available heads in agents of the pool's first group (× capacity ratio): what the
    /// requirements are compared with.
    pub effective: [f64; WEEK_H],
}

/// The heads `plan` schedules and makes available in each pool of `req`, hour by hour:
/// the summary reports set beside the requirements.
pub fn coverage(
    sc: &Scenario,
    req: &Requirements,
    templates: &[Template],
    plan: &Plan,
) -> Vec<PoolCoverage> {
    let mut out: Vec<PoolCoverage> = req
        .pools
        .iter()
        .map(|_| PoolCoverage {
            scheduled: [0.0; WEEK_H],
            available: [0.0; WEEK_H],
            effective: [0.0; WEEK_H],
        })
        .collect();
    for (t, &n) in templates.iter().zip(&plan.counts) {
        let (Some(p), Some(g)) = (req.pool_of(t.group), sc.groups.get(t.group)) else {
            continue;
        };
        if n == 0 {
            continue;
        }
        let pool = &req.pools[p];
        let ratio = pool
            .groups
            .iter()
            .position(|&x| x == t.group)
            .map_or(1.0, |i| pool.capacity_ratio[i]);
        let cov = t.coverage();
        let c = &mut out[p];
        for (h, cov) in cov.iter().enumerate() {
            let on = f64::from(n) * cov;
            c.scheduled[h] += on;
            c.available[h] += on * (1.0 - g.shrinkage);
            c.effective[h] += on * (1.0 - g.shrinkage) * ratio;
        }
    }
    out
}
