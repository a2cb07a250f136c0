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

/// `[policy]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    /// `fifo`, `lifo`, `influence`, `deadline` or `priority` (default `fifo`).
    #[serde(default = "d_fifo")]
    pub discipline: Discipline,
    /// Whether a frustrated customer's mention stays in the queue (default true). `false`
    /// is call-centre semantics: the customer leaves, as in Erlang A.
    #[serde(default = "d_true")]
    pub answer_after_abandon: bool,
    /// Mentions waiting longer than this are dropped as ignored (default: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<Duration>,
}

fn d_fifo() -> Discipline {
    Discipline::Fifo
}
fn d_true() -> bool {
    true
}

impl Default for PolicyFile {
    fn default() -> Self {
        Self {
            discipline: d_fifo(),
            answer_after_abandon: d_true(),
            max_age: None,
        }
    }
}

/// Handling policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Queue discipline.
    pub discipline: Discipline,
    /// Whether frustrated customers' mentions stay answerable.
    pub answer_after_abandon: bool,
    /// Drop mentions older than this, minutes.
    pub max_age_min: Option<f64>,
}

impl TryFrom<&PolicyFile> for Policy {
    type Error = ScenarioError;

    fn try_from(p: &PolicyFile) -> Result<Self, ScenarioError> {
        Ok(Policy {
            discipline: p.discipline,
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
        })
    }
}

impl From<&Policy> for PolicyFile {
    fn from(p: &Policy) -> Self {
        PolicyFile {
            discipline: p.discipline,
            answer_after_abandon: p.answer_after_abandon,
            max_age: p.max_age_min.map(Duration::from_minutes),
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
