//! Virality: the self-exciting feedback of unattended public complaints, a Hawkes process
//! with an exponential kernel whose branching ratio must stay below 1; a reply quells part
//! of the excitation still to come.

use serde::{Deserialize, Serialize};

use super::checks::{non_negative, probability, round6};
use super::duration::Duration;
use super::error::ScenarioError;

/// `[virality]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ViralityFile {
    /// Whether public negative mentions spawn further mentions (default true).
    #[serde(default = "d_true")]
    pub enabled: bool,
    /// Expected mentions spawned by a public negative mention never answered: the
    /// branching ratio of the unattended regime.
    #[serde(default = "d_offspring")]
    pub offspring: f64,
    /// Time scale of the exponential excitation kernel.
    #[serde(default = "d_decay")]
    pub decay: Duration,
    /// Share of the remaining excitation kept after an effective public reply within the
    /// public's patience (`customers.public_patience`).
    #[serde(default = "d_after_quick")]
    pub after_quick: f64,
    /// Share of the remaining excitation kept after an effective public reply later than
    /// the public's patience.
    #[serde(default = "d_after_slow")]
    pub after_slow: f64,
    /// Share of the remaining excitation kept after an ineffective public reply, however
    /// soon it came (0.8: an answer that does not help calms onlookers little; assumption).
    #[serde(default = "d_after_ineffective")]
    pub after_ineffective: f64,
}

fn d_true() -> bool {
    true
}
fn d_offspring() -> f64 {
    0.3
}
fn d_decay() -> Duration {
    Duration::from_hours(2.0)
}
fn d_after_quick() -> f64 {
    0.1
}
fn d_after_slow() -> f64 {
    0.5
}

fn d_after_ineffective() -> f64 {
    0.8
}

impl Default for ViralityFile {
    fn default() -> Self {
        Self {
            enabled: d_true(),
            offspring: d_offspring(),
            decay: d_decay(),
            after_quick: d_after_quick(),
            after_slow: d_after_slow(),
            after_ineffective: d_after_ineffective(),
        }
    }
}

/// The self-exciting feedback of unattended complaints.
#[derive(Debug, Clone, PartialEq)]
pub struct Virality {
    /// Branching ratio when never answered.
    pub offspring: f64,
    /// Kernel time scale, minutes.
    pub decay_min: f64,
    /// Remaining excitation kept after a quick reply.
    pub after_quick: f64,
    /// Remaining excitation kept after a slow reply.
    pub after_slow: f64,
    /// Remaining excitation kept after an ineffective reply.
    pub after_ineffective: f64,
}

/// Checks `[virality]`; `None` when disabled. `repost` (customers' reposts of frustration)
/// adds to the branching ratio, which must stay below 1.
pub(crate) fn validate(v: &ViralityFile, repost: f64) -> Result<Option<Virality>, ScenarioError> {
    if !v.enabled {
        return Ok(None);
    }
    let offspring = non_negative("virality.offspring", v.offspring)?;
    let ratio = offspring + repost;
    if ratio >= 1.0 {
        return Err(ScenarioError::invalid(
            "virality.offspring",
            offspring,
            format!(
                "explosive regime: the branching ratio virality.offspring + customers.repost = {} must be < 1 \
                 (at >= 1 each unattended complaint spawns on average at least one more and the volume grows without bound)",
                round6(ratio)
            ),
        ));
    }
    if v.decay.minutes() <= 0.0 {
        return Err(ScenarioError::invalid(
            "virality.decay",
            format!("\"{}\"", v.decay),
            "a duration > 0",
        ));
    }
    Ok(Some(Virality {
        offspring,
        decay_min: v.decay.minutes(),
        after_quick: probability("virality.after_quick", v.after_quick)?,
        after_slow: probability("virality.after_slow", v.after_slow)?,
        after_ineffective: probability("virality.after_ineffective", v.after_ineffective)?,
    }))
}

/// `[virality]` for a resolved file: a disabled tier is written with its default
/// parameters, which play no part in the run.
pub(crate) fn to_file(v: Option<&Virality>) -> ViralityFile {
    match v {
        None => ViralityFile {
            enabled: false,
            ..ViralityFile::default()
        },
        Some(v) => ViralityFile {
            enabled: true,
            offspring: v.offspring,
            decay: Duration::from_minutes(v.decay_min),
            after_quick: v.after_quick,
            after_slow: v.after_slow,
            after_ineffective: v.after_ineffective,
        },
    }
}
