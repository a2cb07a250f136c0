//! The calculator's limits and defaults, in one place: the largest staffing it searches,
//! the concurrency a scenario file allows, and the defaults of the command line.

/// Largest number of agents the staffing search (and `--agents`) considers: a group's
/// largest head count in a scenario.
pub const MAX_AGENTS: u32 = crate::scenario::MAX_AGENTS;

/// Largest number of conversations one agent may hold at once, as in scenario files.
pub const MAX_CONCURRENCY: u32 = crate::scenario::MAX_CONCURRENCY;

/// Default slowdown per extra conversation held, as the simulator's
/// `staffing.concurrency_penalty`.
pub const DEFAULT_PENALTY: f64 = crate::scenario::staffing::DEFAULT_CONCURRENCY_PENALTY;

/// Largest number of staffing-table rows above the minimum (`--rows`).
pub const MAX_ROWS: u32 = 1000;

/// Default number of staffing-table rows above the minimum number of agents.
pub const DEFAULT_ROWS: u32 = 6;
