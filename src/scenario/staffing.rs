//! Staffing: the agent groups, each with a head count per shift, shrinkage, concurrency,
//! speed, effectiveness, cost, the channels and classes it serves and its weekly shifts;
//! the slowdown of holding several conversations at once (a slowdown fixed when a reply
//! starts, or shared attention: processor sharing, recomputed at every change); what an
//! agent does with the conversations in hand when the shift ends; and the time a new
//! agent takes to re-read a handed-back conversation.

use serde::{Deserialize, Serialize};

use super::calendar::{self, Shift};
use super::checks::{
    Names, count, names_unique, non_negative, positive, probability, selected_names, selection,
};
use super::duration::Duration;
use super::error::ScenarioError;
use super::named::{Named, serde_by_name};

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

/// Default extra work of the first reply an agent writes on a conversation handed back
/// by another agent at a shift's end, minutes (`staffing.reread_time`).
pub const DEFAULT_REREAD_MIN: f64 = 2.0;

/// What an agent does at the end of a shift with the conversations in hand
/// (`at_shift_end`). In both cases the agent takes no new conversation, and a reply
/// being written at that instant is finished, paid as overtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AtShiftEnd {
    /// Conversations waiting for the customer go back to the queue with their history
    /// (the default); a reply being written is finished first, then its conversation goes
    /// back too.
    #[default]
    HandBack,
    /// The agent finishes every conversation in hand, paid as overtime.
    Finish,
}

impl Named for AtShiftEnd {
    const ALL: &'static [Self] = &[AtShiftEnd::HandBack, AtShiftEnd::Finish];

    fn name(self) -> &'static str {
        match self {
            AtShiftEnd::HandBack => "hand_back",
            AtShiftEnd::Finish => "finish",
        }
    }
}

/// How an agent writing several replies at once divides their attention (`attention`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AttentionKind {
    /// A reply takes `work x channel factor / speed x (1 + penalty x (held - 1))`, the
    /// slowdown fixed when the reply starts (the default).
    #[default]
    Fixed,
    /// Processor sharing: an agent writing `k` replies at once works on each at rate
    /// `efficiency(k) / k` of full speed, recomputed whenever a reply starts or ends.
    Shared,
}

impl Named for AttentionKind {
    const ALL: &'static [Self] = &[AttentionKind::Fixed, AttentionKind::Shared];

    fn name(self) -> &'static str {
        match self {
            AttentionKind::Fixed => "fixed",
            AttentionKind::Shared => "shared",
        }
    }
}

serde_by_name!(AtShiftEnd, AttentionKind);

/// `[staffing]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffingFile {
    /// Extra handle time per additional conversation held at once: work takes
    /// `1 + penalty x (held - 1)` times as long (default 0.1).
    #[serde(default = "d_penalty")]
    #[schemars(range(min = 0))]
    pub concurrency_penalty: f64,
    /// Extra work of the first reply an agent writes on a conversation another agent
    /// handed back at a shift's end (default 2 minutes).
    #[serde(default = "d_reread")]
    pub reread_time: Duration,
    /// The agent groups.
    pub groups: Vec<GroupFile>,
}

/// `[[staffing.groups]]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupFile {
    /// Group name.
    #[schemars(regex(pattern = super::checks::NAME_PATTERN), length(max = super::checks::MAX_NAME_LEN))]
    pub name: String,
    /// Head count on each of the group's shifts.
    #[schemars(range(min = 0, max = MAX_AGENTS))]
    pub agents: i64,
    /// Fraction of paid time not available for mentions (breaks, meetings), 0 to <1.
    #[serde(default)]
    #[schemars(range(min = 0), extend("exclusiveMaximum" = 1))]
    pub shrinkage: f64,
    /// Conversations one agent holds at once (default 1).
    #[serde(default = "d_concurrency")]
    #[schemars(range(min = 1, max = MAX_CONCURRENCY))]
    pub concurrency: i64,
    /// Speed multiplier: 2 works twice as fast (default 1).
    #[serde(default = "d_one")]
    pub speed: f64,
    /// Probability a conversation this group handles is effective (default 0.85).
    #[serde(default = "d_effectiveness")]
    #[schemars(range(min = 0, max = 1))]
    pub effectiveness: f64,
    /// Cost of one paid agent hour.
    #[serde(default = "d_cost_per_h")]
    #[schemars(range(min = 0))]
    pub cost_per_h: f64,
    /// Channels served (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<String>>,
    /// Classes served (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classes: Option<Vec<String>>,
    /// Weekly shifts the whole group works.
    pub shifts: Vec<Shift>,
    /// What agents do with the conversations in hand at a shift's end: `hand_back`
    /// (default) or `finish`.
    #[serde(default)]
    pub at_shift_end: AtShiftEnd,
    /// How attention is divided among replies written at once: `fixed` (default) or
    /// `shared`.
    #[serde(default)]
    pub attention: AttentionKind,
    /// Shared attention: total work rate when writing `k` replies at once, `k = 1 ..
    /// concurrency` (full speed = 1). Default `k / (1 + penalty x (k - 1))`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub efficiency: Option<Vec<f64>>,
    /// Shared attention, instead of `efficiency`: each reply takes `h_k` times as long
    /// when `k` are written at once (`efficiency(k) = k / h_k`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle_factor: Option<Vec<f64>>,
}

fn d_penalty() -> f64 {
    DEFAULT_CONCURRENCY_PENALTY
}
fn d_reread() -> Duration {
    Duration::from_minutes(DEFAULT_REREAD_MIN)
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
    /// What agents do with the conversations in hand at a shift's end.
    pub at_shift_end: AtShiftEnd,
    /// How attention is divided among replies written at once.
    pub attention: Attention,
}

/// The checked concurrency model of a group.
#[derive(Debug, Clone, PartialEq)]
pub enum Attention {
    /// The slowdown `1 + penalty x (held - 1)`, fixed when a reply starts.
    Fixed,
    /// Shared attention (processor sharing) with its efficiency table.
    Shared(SharedRates),
}

/// Where the efficiency of shared attention comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum SharedRates {
    /// `efficiency(k) = k / (1 + penalty x (k - 1))`, from `staffing.concurrency_penalty`.
    FromPenalty,
    /// `efficiency = [e1, ..., eK]` as written.
    Efficiency(Vec<f64>),
    /// `handle_factor = [h1, ..., hK]` as written: `efficiency(k) = k / h_k`.
    HandleFactor(Vec<f64>),
}

impl Attention {
    /// Per-reply work rate (full speed = 1) of an agent writing `k` replies at once,
    /// `k = 1 ..= concurrency`, as a table indexed by `k - 1`: `efficiency(k) / k`.
    /// `None` for the fixed model.
    pub fn per_reply_rates(&self, concurrency: u32, penalty: f64) -> Option<Vec<f64>> {
        let Attention::Shared(rates) = self else {
            return None;
        };
        Some(
            (1..=concurrency)
                .map(|k| {
                    let kf = f64::from(k);
                    let i = k as usize - 1;
                    match rates {
                        SharedRates::FromPenalty => 1.0 / (1.0 + penalty * (kf - 1.0)),
                        SharedRates::Efficiency(e) => e.get(i).map_or(f64::NAN, |e| e / kf),
                        SharedRates::HandleFactor(h) => h.get(i).map_or(f64::NAN, |h| 1.0 / h),
                    }
                })
                .collect(),
        )
    }
}

/// The checked `[staffing]`: the concurrency penalty, the re-read time and the groups.
pub(crate) struct Staffing {
    pub(crate) concurrency_penalty: f64,
    pub(crate) reread_min: f64,
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
    let reread_min = st.reread_time.minutes();
    if !reread_min.is_finite() || reread_min > MAX_REREAD_MIN {
        return Err(ScenarioError::invalid(
            "staffing.reread_time",
            format!("\"{}\"", st.reread_time),
            "a duration from 0 to 1 day, e.g. \"2m\"",
        ));
    }
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
        reread_min,
        groups,
    })
}

/// Longest re-read time accepted, minutes (a day: beyond it a hand-back is a new case).
const MAX_REREAD_MIN: f64 = 1440.0;

/// A list of numbers as written: `[1, 1.8]`.
fn shown(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    format!("[{}]", items.join(", "))
}

/// The concurrency model of the group at `p`: `attention`, with `efficiency` or
/// `handle_factor` for shared attention (one positive, finite number per conversation
/// held, `concurrency` of them).
fn attention(p: &str, g: &GroupFile, concurrency: u32) -> Result<Attention, ScenarioError> {
    let table = |key: &str, values: &[f64]| -> Result<Vec<f64>, ScenarioError> {
        let path = format!("{p}.{key}");
        if values.len() != concurrency as usize {
            return Err(ScenarioError::invalid(
                path,
                format!("{} ({} values)", shown(values), values.len()),
                format!(
                    "one number per conversation held at once, k = 1 to concurrency: {concurrency} value(s)"
                ),
            ));
        }
        for (i, &v) in values.iter().enumerate() {
            if !(v.is_finite() && v > 0.0) {
                return Err(ScenarioError::invalid(
                    format!("{path}[{i}]"),
                    v,
                    "a finite number > 0",
                ));
            }
        }
        Ok(values.to_vec())
    };
    match (g.attention, &g.efficiency, &g.handle_factor) {
        (AttentionKind::Fixed, None, None) => Ok(Attention::Fixed),
        (AttentionKind::Fixed, Some(values), _) | (AttentionKind::Fixed, None, Some(values)) => {
            let key = if g.efficiency.is_some() {
                "efficiency"
            } else {
                "handle_factor"
            };
            Err(ScenarioError::invalid(
                format!("{p}.{key}"),
                shown(values),
                format!(
                    "`{key}` only with attention = \"shared\" (this group's attention is \"fixed\")"
                ),
            ))
        }
        (AttentionKind::Shared, Some(_), Some(_)) => Err(ScenarioError::invalid(
            format!("{p}.handle_factor"),
            "given with `efficiency`",
            "either `efficiency` or `handle_factor`, not both (efficiency(k) = k / handle_factor(k))",
        )),
        (AttentionKind::Shared, Some(e), None) => Ok(Attention::Shared(SharedRates::Efficiency(
            table("efficiency", e)?,
        ))),
        (AttentionKind::Shared, None, Some(h)) => Ok(Attention::Shared(SharedRates::HandleFactor(
            table("handle_factor", h)?,
        ))),
        (AttentionKind::Shared, None, None) => Ok(Attention::Shared(SharedRates::FromPenalty)),
    }
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
    let attention = attention(p, g, g.concurrency as u32)?;
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
        at_shift_end: g.at_shift_end,
        attention,
    })
}

/// `[staffing]` for a resolved file.
pub(crate) fn to_file(
    concurrency_penalty: f64,
    reread_min: f64,
    groups: &[Group],
    names: &Names,
) -> StaffingFile {
    StaffingFile {
        concurrency_penalty,
        reread_time: Duration::from_minutes(reread_min),
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
                at_shift_end: g.at_shift_end,
                attention: match g.attention {
                    Attention::Fixed => AttentionKind::Fixed,
                    Attention::Shared(_) => AttentionKind::Shared,
                },
                efficiency: match &g.attention {
                    Attention::Shared(SharedRates::Efficiency(e)) => Some(e.clone()),
                    _ => None,
                },
                handle_factor: match &g.attention {
                    Attention::Shared(SharedRates::HandleFactor(h)) => Some(h.clone()),
                    _ => None,
                },
            })
            .collect(),
    }
}
