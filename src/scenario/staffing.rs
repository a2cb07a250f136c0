//! Staffing: the agent groups, each with a head count per shift, shrinkage, concurrency,
//! speed, effectiveness, cost, the channels and classes it serves and its weekly shifts;
//! and the slowdown of holding several conversations at once.

use serde::{Deserialize, Serialize};

use super::calendar::{self, Shift};
use super::checks::{
    Names, count, names_unique, non_negative, positive, probability, selected_names, selection,
};
use super::error::ScenarioError;

/// Most agents in one group. Every agent is simulated one by one; a hundred thousand is
/// beyond the largest contact centre.
pub const MAX_AGENTS: u32 = 100_000;

/// Most conversations one agent holds at once (chat-style working).
pub const MAX_CONCURRENCY: u32 = 50;

/// Most groups in one scenario. Each (class, channel) cell lists the groups that serve
/// it, and routing scans that list on every arrival; a thousand groups is a team per
/// skill, site and shift pattern with room to spare.
pub const MAX_GROUPS: usize = 1000;

/// Most `shifts` entries in one group. Each entry becomes up to seven weekly windows;
/// a hundred entries allows several different shifts on every day of the week.
pub const MAX_SHIFTS: usize = 100;

/// Default extra handle time per additional conversation held
/// (`staffing.concurrency_penalty`).
pub const DEFAULT_CONCURRENCY_PENALTY: f64 = 0.1;

/// `[staffing]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffingFile {
    /// Extra handle time per additional conversation held at once: work takes
    /// `1 + penalty x (held - 1)` times as long (default 0.1).
    #[serde(default = "d_penalty")]
    pub concurrency_penalty: f64,
    /// The agent groups.
    pub groups: Vec<GroupFile>,
}

/// `[[staffing.groups]]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupFile {
    /// Group name.
    pub name: String,
    /// Head count on each of the group's shifts.
    pub agents: i64,
    /// Fraction of paid time not available for mentions (breaks, meetings), 0 to <1.
    #[serde(default)]
    pub shrinkage: f64,
    /// Conversations one agent holds at once (default 1).
    #[serde(default = "d_concurrency")]
    pub concurrency: i64,
    /// Speed multiplier: 2 works twice as fast (default 1).
    #[serde(default = "d_one")]
    pub speed: f64,
    /// Probability a conversation this group handles is effective (default 0.85).
    #[serde(default = "d_effectiveness")]
    pub effectiveness: f64,
    /// Cost of one paid agent hour.
    #[serde(default = "d_cost_per_h")]
    pub cost_per_h: f64,
    /// Channels served (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<String>>,
    /// Classes served (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classes: Option<Vec<String>>,
    /// Weekly shifts the whole group works.
    pub shifts: Vec<Shift>,
}

fn d_penalty() -> f64 {
    DEFAULT_CONCURRENCY_PENALTY
}
fn d_concurrency() -> i64 {
    1
}
fn d_one() -> f64 {
    1.0
}
fn d_effectiveness() -> f64 {
    0.85
}
fn d_cost_per_h() -> f64 {
    30.0
}

/// A group of agents.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Name.
    pub name: String,
    /// Head count per shift.
    pub agents: u32,
    /// Unavailable fraction of paid time.
    pub shrinkage: f64,
    /// Conversations held at once.
    pub concurrency: u32,
    /// Speed multiplier.
    pub speed: f64,
    /// P(conversation effective).
    pub effectiveness: f64,
    /// Cost per paid hour.
    pub cost_per_h: f64,
    /// Served channels, by index.
    pub channels: Vec<bool>,
    /// Served classes, by index.
    pub classes: Vec<bool>,
    /// Weekly windows `[start, end)`, minutes of the week (Monday 00:00 = 0), sorted.
    pub shifts: Vec<(f64, f64)>,
    /// The shifts as written, in file order.
    pub rota: Vec<Shift>,
}

/// The checked `[staffing]`: the concurrency penalty and the groups.
pub(crate) struct Staffing {
    pub(crate) concurrency_penalty: f64,
    pub(crate) groups: Vec<Group>,
}

/// Checks `[staffing]`; groups select channels and classes from `names`.
pub(crate) fn validate(st: &StaffingFile, names: &Names) -> Result<Staffing, ScenarioError> {
    if st.groups.is_empty() {
        return Err(ScenarioError::invalid(
            "staffing.groups",
            "[]",
            "at least one [[staffing.groups]] table",
        ));
    }
    count(
        "staffing.groups",
        st.groups.len(),
        MAX_GROUPS,
        "[[staffing.groups]] tables",
    )?;
    let concurrency_penalty = non_negative("staffing.concurrency_penalty", st.concurrency_penalty)?;
    let group_names: Vec<&str> = st.groups.iter().map(|g| g.name.as_str()).collect();
    names_unique("staffing.groups", &group_names)?;
    let groups = st
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| group(&format!("staffing.groups[{i}]"), g, names))
        .collect::<Result<_, _>>()?;
    Ok(Staffing {
        concurrency_penalty,
        groups,
    })
}

fn group(p: &str, g: &GroupFile, names: &Names) -> Result<Group, ScenarioError> {
    if !(0..=i64::from(MAX_AGENTS)).contains(&g.agents) {
        return Err(ScenarioError::invalid(
            format!("{p}.agents"),
            g.agents,
            format!("a whole number from 0 to {MAX_AGENTS}"),
        ));
    }
    if !(1..=i64::from(MAX_CONCURRENCY)).contains(&g.concurrency) {
        return Err(ScenarioError::invalid(
            format!("{p}.concurrency"),
            g.concurrency,
            format!("a whole number from 1 to {MAX_CONCURRENCY}"),
        ));
    }
    if !(0.0..1.0).contains(&g.shrinkage) {
        return Err(ScenarioError::invalid(
            format!("{p}.shrinkage"),
            g.shrinkage,
            "a fraction from 0 up to (not including) 1",
        ));
    }
    if g.shifts.is_empty() {
        return Err(ScenarioError::invalid(
            format!("{p}.shifts"),
            "[]",
            "at least one shift, e.g. shifts = [{ days = [\"weekdays\"], start = \"09:00\", end = \"17:00\" }]",
        ));
    }
    count(&format!("{p}.shifts"), g.shifts.len(), MAX_SHIFTS, "shifts")?;
    let mut shifts = Vec::new();
    for (k, s) in g.shifts.iter().enumerate() {
        shifts.extend(calendar::windows(&format!("{p}.shifts[{k}]"), s)?);
    }
    if let Some((a, b)) = calendar::overlapping(&shifts) {
        return Err(ScenarioError::invalid(
            format!("{p}.shifts"),
            format!(
                "windows {} and {}",
                calendar::show_window(a),
                calendar::show_window(b)
            ),
            "the shifts of one group must not overlap (use another group for overlapping teams)",
        ));
    }
    shifts.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(Group {
        name: g.name.clone(),
        agents: g.agents as u32,
        shrinkage: g.shrinkage,
        concurrency: g.concurrency as u32,
        speed: positive(&format!("{p}.speed"), g.speed)?,
        effectiveness: probability(&format!("{p}.effectiveness"), g.effectiveness)?,
        cost_per_h: non_negative(&format!("{p}.cost_per_h"), g.cost_per_h)?,
        channels: selection(
            &format!("{p}.channels"),
            &g.channels,
            &names.channels,
            "channel",
        )?,
        classes: selection(&format!("{p}.classes"), &g.classes, &names.classes, "class")?,
        shifts,
        rota: g.shifts.clone(),
    })
}

/// `[staffing]` for a resolved file.
pub(crate) fn to_file(concurrency_penalty: f64, groups: &[Group], names: &Names) -> StaffingFile {
    StaffingFile {
        concurrency_penalty,
        groups: groups
            .iter()
            .map(|g| GroupFile {
                name: g.name.clone(),
                agents: i64::from(g.agents),
                shrinkage: g.shrinkage,
                concurrency: i64::from(g.concurrency),
                speed: g.speed,
                effectiveness: g.effectiveness,
                cost_per_h: g.cost_per_h,
                channels: selected_names(&g.channels, names.channels.iter().copied()),
                classes: selected_names(&g.classes, names.classes.iter().copied()),
                shifts: g.rota.clone(),
            })
            .collect(),
    }
}
