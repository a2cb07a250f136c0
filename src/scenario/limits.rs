//! `[limits]`: what one replication may hold. A plan whose backlog grows without bound
//! would otherwise hold every waiting mention in memory until the machine runs out of it;
//! with `max_in_system` the replication stops cleanly when more mentions than that are in
//! the system at once and is reported as overloaded ([`crate::experiment`]).

use serde::{Deserialize, Serialize};

use super::checks::grouped;
use super::error::ScenarioError;

/// The default of `limits.max_in_system`: a million mentions in the system at once, about
/// 300 MB per replication in progress (a mention, its queue entry and its pending events
/// take some 300 bytes).
pub const DEFAULT_MAX_IN_SYSTEM: u64 = 1_000_000;

/// The largest `limits.max_in_system` accepted (some 30 GB per replication in progress).
pub const MAX_MAX_IN_SYSTEM: u64 = 100_000_000;

/// Memory one mention in the system takes, bytes (the mention, its queue entry and its
/// pending events), as the budget estimates count it.
pub const BYTES_PER_MENTION: u64 = 300;

/// `[limits]` as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitsFile {
    /// Most mentions in the system (waiting, in conversation or still able to spawn) at
    /// once in one replication; beyond it the replication stops and is reported as
    /// overloaded.
    #[serde(default = "d_max_in_system")]
    pub max_in_system: i64,
}

fn d_max_in_system() -> i64 {
    DEFAULT_MAX_IN_SYSTEM as i64
}

impl Default for LimitsFile {
    fn default() -> Self {
        LimitsFile {
            max_in_system: d_max_in_system(),
        }
    }
}

/// The validated `max_in_system`: 1 to [`MAX_MAX_IN_SYSTEM`].
pub(crate) fn validate(file: Option<&LimitsFile>) -> Result<u64, ScenarioError> {
    let v = file.map_or(d_max_in_system(), |f| f.max_in_system);
    match u64::try_from(v) {
        Ok(n) if (1..=MAX_MAX_IN_SYSTEM).contains(&n) => Ok(n),
        _ => Err(ScenarioError::invalid(
            "limits.max_in_system",
            v,
            format!(
                "a whole number of mentions from 1 to {}",
                grouped(MAX_MAX_IN_SYSTEM)
            ),
        )),
    }
}

/// The `[limits]` table of a resolved scenario: absent at the default, so that the
/// resolved scenarios of plans that never set it read as before.
pub(crate) fn to_file(max_in_system: u64) -> Option<LimitsFile> {
    (max_in_system != DEFAULT_MAX_IN_SYSTEM).then(|| LimitsFile {
        max_in_system: i64::try_from(max_in_system).unwrap_or(i64::MAX),
    })
}
