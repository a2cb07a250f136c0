//! Channels: the social networks (or accounts) where mentions arrive, with their shares
//! of the volume, whether followers see the mentions and how they change handle times.

use serde::{Deserialize, Serialize};

use super::checks::{count, names_unique, positive, shares};
use super::error::ScenarioError;

/// Most channels in one scenario. The model keeps a queue and a routing table per
/// (class, channel) cell, so channels multiply with classes; a hundred is far more than
/// the networks a team watches, even counted per brand account.
pub const MAX_CHANNELS: usize = 100;

/// `[[channels]]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelFile {
    /// Channel name (`twitter`, `facebook`, ...).
    #[schemars(regex(pattern = super::checks::NAME_PATTERN), length(max = super::checks::MAX_NAME_LEN))]
    pub name: String,
    /// Share of mentions (shares sum to 1).
    #[schemars(range(min = 0, max = 1))]
    pub share: f64,
    /// Whether mentions are visible to the author's followers (default true).
    #[serde(default = "d_true")]
    pub public: bool,
    /// Multiplier on handle times on this channel (default 1).
    #[serde(default = "d_one")]
    pub handle_time_factor: f64,
}

fn d_true() -> bool {
    true
}
fn d_one() -> f64 {
    1.0
}

/// A social channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// Name.
    pub name: String,
    /// Share of mentions.
    pub share: f64,
    /// Visible to followers.
    pub public: bool,
    /// Factor on handle times.
    pub handle_time_factor: f64,
}

/// Checks the `[[channels]]` tables: at least one and at most [`MAX_CHANNELS`], unique
/// names, shares summing to 1.
pub(crate) fn validate(raw: &[ChannelFile]) -> Result<Vec<Channel>, ScenarioError> {
    if raw.is_empty() {
        return Err(ScenarioError::invalid(
            "channels",
            "[]",
            "at least one [[channels]] table",
        ));
    }
    count("channels", raw.len(), MAX_CHANNELS, "[[channels]] tables")?;
    let names: Vec<&str> = raw.iter().map(|c| c.name.as_str()).collect();
    names_unique("channels", &names)?;
    let items: Vec<(&str, f64)> = raw.iter().map(|c| (c.name.as_str(), c.share)).collect();
    shares("channels", &items)?;
    raw.iter()
        .enumerate()
        .map(|(i, c)| {
            Ok(Channel {
                name: c.name.clone(),
                share: c.share,
                public: c.public,
                handle_time_factor: positive(
                    &format!("channels[{i}].handle_time_factor"),
                    c.handle_time_factor,
                )?,
            })
        })
        .collect()
}

impl From<&Channel> for ChannelFile {
    fn from(c: &Channel) -> Self {
        ChannelFile {
            name: c.name.clone(),
            share: c.share,
            public: c.public,
            handle_time_factor: c.handle_time_factor,
        }
    }
}
