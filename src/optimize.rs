//! The library side of `carecast optimize`: the cheapest head counts per shift template
//! that meet a service goal.
//!
//! The decision variables are head counts per *shift template* ([`templates()`]: a group,
//! the days it works, a start and a length, from the scenario's `[optimize]` table). The
//! search goes in steps:
//!
//! 1. [`requirements()`]: for each hour of the week and each pool of groups with the same
//!    coverage, the fewest available agents meeting a [`Goal`], from the Erlang
//!    calculator of [`crate::calc`] with a time-lag correction for conversations that
//!    outlast their hour;
//! 2. [`cover()`]: the cheapest integer head counts covering those requirements within the
//!    table's bounds ([`cover::cover`]), as a [`Plan`] that [`plan::apply`] turns into a
//!    valid scenario.
//!
//! Later steps simulate the plan, raise the requirements of the hours it misses
//! ([`Requirements::raise`]) and cover again. Nothing here prints or reads a terminal.
//!
//! ```
//! use carecast::optimize::{self, Goal};
//! use carecast::scenario::Scenario;
//!
//! let sc = Scenario::builtin(&[
//!     "optimize.lengths=[\"8h\"]".to_string(),
//!     "optimize.start_step=\"4h\"".to_string(),
//! ])?;
//! let templates = optimize::templates(&sc);
//! let goal = Goal { share: 0.8, within_min: 30.0, max_abandon: None };
//! let req = optimize::requirements(&sc, &goal).expect("requirements");
//! let cover = optimize::cover(&sc, &templates, &req, &Default::default()).expect("a plan");
//! let plan = optimize::apply(&sc, &templates, &cover.plan).expect("a valid scenario");
//! assert!(plan.groups.iter().map(|g| g.agents).sum::<u32>() > 0);
//! # Ok::<(), carecast::scenario::ScenarioError>(())
//! ```

pub mod cover;
pub mod plan;
pub mod requirements;
pub mod search;
pub mod templates;
#[cfg(test)]
mod tests;

pub use cover::{
    Cover, CoverError, CoverOptions, Shortfall, SolveStats, SolveStatus, cover, hours_text,
};
pub use plan::{Plan, PlanError, PoolCoverage, apply, coverage};
pub use requirements::{
    Goal, HourRequirement, Pool, RequirementError, Requirements, offered_load, pools, requirements,
};
pub use search::{
    COMPARED_KPIS, Iteration, OptimizeError, Optimized, Outcome, Step, optimize, verification_seed,
};
pub use templates::{Template, templates};

impl crate::Blame for RequirementError {
    /// A goal out of range or a share the scenario cannot reach is the input's fault.
    fn is_input(&self) -> bool {
        true
    }
}

impl crate::Blame for CoverError {
    /// Requirements the templates and bounds cannot cover are the input's fault; a
    /// solver failure is not.
    fn is_input(&self) -> bool {
        !matches!(self, CoverError::Solver(_))
    }
}

impl crate::Blame for PlanError {
    /// A plan's scenario that does not validate is the input's fault (e.g. too many
    /// groups); a plan for another template list is not.
    fn is_input(&self) -> bool {
        matches!(self, PlanError::Scenario(_))
    }
}
