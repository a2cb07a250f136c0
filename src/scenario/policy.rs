//! Policy: how waiting mentions are chosen when an agent frees up (the queue discipline),
//! whether a frustrated customer's mention stays answerable, and when old mentions are
//! dropped.

use serde::{Deserialize, Serialize};

use super::duration::Duration;
use super::error::ScenarioError;
use super::named::{Named, serde_by_name};

/// How waiting mentions are chosen when an agent frees up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discipline {
    /// Oldest first.
    Fifo,
    /// Newest first, as many social teams work.
    Lifo,
    /// Most followers first.
    Influence,
    /// Nearest to breaking the customer's expectation first.
    Deadline,
    /// Highest class priority first, oldest first within a priority.
    Priority,
}

impl Named for Discipline {
    const ALL: &'static [Self] = &[
        Discipline::Fifo,
        Discipline::Lifo,
        Discipline::Influence,
        Discipline::Deadline,
        Discipline::Priority,
    ];

    fn name(self) -> &'static str {
        match self {
            Discipline::Fifo => "fifo",
            Discipline::Lifo => "lifo",
            Discipline::Influence => "influence",
            Discipline::Deadline => "deadline",
            Discipline::Priority => "priority",
        }
    }
}

serde_by_name!(Discipline);

/// Which group takes an arriving mention when free agents of several groups could.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupChoice {
    /// The group whose free agent holds the fewest conversations; among equals the
    /// fastest, then the cheapest, then the first listed.
    LeastLoaded,
    /// The first group listed in the scenario that has a free agent.
    FirstListed,
    /// The fastest group (highest speed); among equals the least loaded, then the first
    /// listed.
    Fastest,
    /// The cheapest group (lowest hourly cost); among equals the least loaded, then the
    /// first listed.
    Cheapest,
}

impl Named for GroupChoice {
    const ALL: &'static [Self] = &[
        GroupChoice::LeastLoaded,
        GroupChoice::FirstListed,
        GroupChoice::Fastest,
        GroupChoice::Cheapest,
    ];

    fn name(self) -> &'static str {
        match self {
            GroupChoice::LeastLoaded => "least_loaded",
            GroupChoice::FirstListed => "first_listed",
            GroupChoice::Fastest => "fastest",
            GroupChoice::Cheapest => "cheapest",
        }
    }
}

serde_by_name!(GroupChoice);

/// `[policy]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    /// `fifo`, `lifo`, `influence`, `deadline` or `priority` (default `fifo`).
    #[serde(default = "d_fifo")]
    pub discipline: Discipline,
    /// Which group takes an arriving mention when several have a free agent:
    /// `least_loaded`, `first_listed`, `fastest` or `cheapest` (default `least_loaded`).
    #[serde(default = "d_least_loaded")]
    pub group_choice: GroupChoice,
    /// Whether a frustrated customer's mention stays in the queue (default true). `false`
    /// is call-centre semantics: the customer leaves, as in Erlang A.
    #[serde(default = "d_true")]
    pub answer_after_abandon: bool,
    /// Mentions waiting longer than this are dropped as ignored (default: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<Duration>,
    /// A private channel (`public = false`) where conversations that move private go on
    /// after their public first reply, written by the groups that serve that channel
    /// (default: none; the agent of the first reply writes the follow-ups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_channel: Option<String>,
}

fn d_fifo() -> Discipline {
    Discipline::Fifo
}
fn d_least_loaded() -> GroupChoice {
    GroupChoice::LeastLoaded
}

fn d_true() -> bool {
    true
}

impl Default for PolicyFile {
    fn default() -> Self {
        Self {
            discipline: d_fifo(),
            group_choice: d_least_loaded(),
            answer_after_abandon: d_true(),
            max_age: None,
            private_channel: None,
        }
    }
}

/// Handling policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Queue discipline.
    pub discipline: Discipline,
    /// Choice among free groups.
    pub group_choice: GroupChoice,
    /// Whether frustrated customers' mentions stay answerable.
    pub answer_after_abandon: bool,
    /// Drop mentions older than this, minutes.
    pub max_age_min: Option<f64>,
    /// The private channel where moved conversations go on (an index into the channels);
    /// `None`: the same agent writes the follow-ups.
    pub private_channel: Option<usize>,
}

impl TryFrom<&PolicyFile> for Policy {
    type Error = ScenarioError;

    fn try_from(p: &PolicyFile) -> Result<Self, ScenarioError> {
        Ok(Policy {
            discipline: p.discipline,
            group_choice: p.group_choice,
            answer_after_abandon: p.answer_after_abandon,
            max_age_min: match p.max_age {
                Some(d) if d.minutes() <= 0.0 => {
                    return Err(ScenarioError::invalid(
                        "policy.max_age",
                        format!("\"{d}\""),
                        "a duration > 0 (leave it out for no limit)",
                    ));
                }
                Some(d) => Some(d.minutes()),
                None => None,
            },
            // Resolved against the channels by the scenario.
            private_channel: None,
        })
    }
}

impl From<&Policy> for PolicyFile {
    fn from(p: &Policy) -> Self {
        PolicyFile {
            discipline: p.discipline,
            group_choice: p.group_choice,
            answer_after_abandon: p.answer_after_abandon,
            max_age: p.max_age_min.map(Duration::from_minutes),
            // Named by the scenario, which knows the channels.
            private_channel: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disciplines_read_and_write_by_name() {
        for &d in Discipline::ALL {
            let text = toml::Value::try_from(d).map(|v| v.to_string());
            assert_eq!(text.ok(), Some(format!("\"{}\"", d.name())));
            let back: Result<Discipline, _> = toml::Value::String(d.name().into()).try_into();
            assert_eq!(back.ok(), Some(d));
        }
        let bad: Result<Discipline, _> = toml::Value::Integer(3).try_into();
        let msg = bad.map(|_| String::new()).unwrap_or_else(|e| e.to_string());
        assert!(
            msg.contains("one of fifo, lifo, influence, deadline, priority"),
            "{msg}"
        );
    }
}
