//! The bot: an optional automatic first tier that answers some mentions itself and hands
//! the others over to humans, on the channels and classes it covers.

use serde::{Deserialize, Serialize};

use super::checks::{Names, non_negative, probability, selected_names, selection};
use super::duration::Duration;
use super::error::ScenarioError;

/// `[bot]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BotFile {
    /// Whether the bot tier is on (default false).
    #[serde(default)]
    pub enabled: bool,
    /// Time from arrival to the bot's reply.
    #[serde(default = "d_bot_delay")]
    pub delay: Duration,
    /// Probability a bot-only answer is effective.
    #[serde(default = "d_bot_effectiveness")]
    pub effectiveness: f64,
    /// Share of bot-touched mentions handed over to humans after the bot's reply: for
    /// them the reply is an acknowledgement ("we're on it"), for the others the answer.
    #[serde(default = "d_handover")]
    pub handover: f64,
    /// Whether the acknowledgement of a handed-over mention counts as its first response
    /// in the response-time and service-level KPIs (default false: only a human's reply
    /// does). The outcome is the human's reply either way.
    #[serde(default)]
    pub acknowledgement_counts: bool,
    /// Factor on the patience of an acknowledged customer (>= 1; default 1.5, assumption).
    #[serde(default = "d_ack_patience")]
    pub patience_factor: f64,
    /// Share of a public mention's remaining virality kept after the acknowledgement,
    /// until a human replies (default 0.8, assumption: onlookers see the brand is on it).
    #[serde(default = "d_ack_virality")]
    pub virality_after_ack: f64,
    /// Cost per mention the bot touches.
    #[serde(default = "d_bot_cost")]
    pub cost_per_mention: f64,
    /// Channels the bot covers (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<String>>,
    /// Classes the bot covers (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classes: Option<Vec<String>>,
}

fn d_bot_delay() -> Duration {
    Duration::from_minutes(1.0)
}
fn d_bot_effectiveness() -> f64 {
    0.2
}
fn d_handover() -> f64 {
    0.6
}
fn d_ack_patience() -> f64 {
    1.5
}

fn d_ack_virality() -> f64 {
    0.8
}

fn d_bot_cost() -> f64 {
    0.05
}

impl Default for BotFile {
    fn default() -> Self {
        Self {
            enabled: false,
            delay: d_bot_delay(),
            effectiveness: d_bot_effectiveness(),
            handover: d_handover(),
            acknowledgement_counts: false,
            patience_factor: d_ack_patience(),
            virality_after_ack: d_ack_virality(),
            cost_per_mention: d_bot_cost(),
            channels: None,
            classes: None,
        }
    }
}

/// The optional bot tier.
#[derive(Debug, Clone, PartialEq)]
pub struct Bot {
    /// Reply delay, minutes.
    pub delay_min: f64,
    /// P(bot-only answer effective).
    pub effectiveness: f64,
    /// P(handed over to humans).
    pub handover: f64,
    /// The acknowledgement counts as the first response.
    pub acknowledgement_counts: bool,
    /// Patience factor of an acknowledged customer.
    pub patience_factor: f64,
    /// Virality kept after the acknowledgement.
    pub virality_after_ack: f64,
    /// Cost per touched mention.
    pub cost_per_mention: f64,
    /// Channels covered.
    pub channels: Vec<bool>,
    /// Classes covered.
    pub classes: Vec<bool>,
}

/// Checks `[bot]`; `None` when disabled. The bot selects channels and classes from
/// `names`.
pub(crate) fn validate(b: &BotFile, names: &Names) -> Result<Option<Bot>, ScenarioError> {
    if !b.enabled {
        return Ok(None);
    }
    if b.delay.minutes() < 0.0 {
        return Err(ScenarioError::invalid(
            "bot.delay",
            format!("\"{}\"", b.delay),
            "a duration >= 0",
        ));
    }
    Ok(Some(Bot {
        delay_min: b.delay.minutes(),
        effectiveness: probability("bot.effectiveness", b.effectiveness)?,
        handover: probability("bot.handover", b.handover)?,
        acknowledgement_counts: b.acknowledgement_counts,
        patience_factor: if b.patience_factor.is_finite() && b.patience_factor >= 1.0 {
            b.patience_factor
        } else {
            return Err(ScenarioError::invalid(
                "bot.patience_factor",
                b.patience_factor,
                "a factor >= 1 (1 = the acknowledgement does not change patience)",
            ));
        },
        virality_after_ack: probability("bot.virality_after_ack", b.virality_after_ack)?,
        cost_per_mention: non_negative("bot.cost_per_mention", b.cost_per_mention)?,
        channels: selection("bot.channels", &b.channels, &names.channels, "channel")?,
        classes: selection("bot.classes", &b.classes, &names.classes, "class")?,
    }))
}

/// `[bot]` for a resolved file: a disabled bot is written with its default parameters,
/// which play no part in the run.
pub(crate) fn to_file(b: Option<&Bot>, names: &Names) -> BotFile {
    match b {
        None => BotFile::default(),
        Some(b) => BotFile {
            enabled: true,
            delay: Duration::from_minutes(b.delay_min),
            effectiveness: b.effectiveness,
            handover: b.handover,
            acknowledgement_counts: b.acknowledgement_counts,
            patience_factor: b.patience_factor,
            virality_after_ack: b.virality_after_ack,
            cost_per_mention: b.cost_per_mention,
            channels: selected_names(&b.channels, names.channels.iter().copied()),
            classes: selected_names(&b.classes, names.classes.iter().copied()),
        },
    }
}
