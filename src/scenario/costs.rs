//! Costs: the currency reports use and the cost of a phone contact caused by an
//! escalation (agent and bot costs live with [staffing](super::staffing) and the
//! [bot](super::bot)).

use serde::{Deserialize, Serialize};

use super::checks::non_negative;
use super::error::ScenarioError;

/// `[costs]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostsFile {
    /// Currency label for reports (default `USD`).
    #[serde(default = "d_currency")]
    pub currency: String,
    /// Cost of one phone contact caused by an escalation.
    #[serde(default = "d_phone")]
    pub phone_call: f64,
}

fn d_currency() -> String {
    "USD".into()
}
fn d_phone() -> f64 {
    6.0
}

impl Default for CostsFile {
    fn default() -> Self {
        Self {
            currency: d_currency(),
            phone_call: d_phone(),
        }
    }
}

/// The checked phone-call cost.
pub(crate) fn phone_call_cost(c: &CostsFile) -> Result<f64, ScenarioError> {
    non_negative("costs.phone_call", c.phone_call)
}
