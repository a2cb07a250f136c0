//! Costs: the currency reports use, the cost of a phone contact caused by an escalation,
//! and the factor on a group's hourly cost for overtime (agent and bot costs live with
//! [staffing](super::staffing) and the [bot](super::bot)).

use serde::{Deserialize, Serialize};

use super::checks::non_negative;
use super::error::ScenarioError;

/// `[costs]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostsFile {
    /// Currency label for reports (default `USD`).
    #[serde(default = "d_currency")]
    pub currency: String,
    /// Cost of one phone contact caused by an escalation.
    #[serde(default = "d_phone")]
    #[schemars(range(min = 0))]
    pub phone_call: f64,
    /// Factor on a group's `cost_per_h` for overtime: the minutes an agent works past the
    /// end of a shift finishing the work in hand (default 1.5).
    #[serde(default = "d_overtime")]
    pub overtime_factor: f64,
}

/// Default factor on the hourly cost for overtime (`costs.overtime_factor`).
pub const DEFAULT_OVERTIME_FACTOR: f64 = 1.5;

/// Largest overtime factor accepted.
const MAX_OVERTIME_FACTOR: f64 = 10.0;

fn d_currency() -> String {
    "USD".into()
}
fn d_phone() -> f64 {
    6.0
}
fn d_overtime() -> f64 {
    DEFAULT_OVERTIME_FACTOR
}

impl Default for CostsFile {
    fn default() -> Self {
        Self {
            currency: d_currency(),
            phone_call: d_phone(),
            overtime_factor: d_overtime(),
        }
    }
}

/// The checked phone-call cost.
pub(crate) fn phone_call_cost(c: &CostsFile) -> Result<f64, ScenarioError> {
    non_negative("costs.phone_call", c.phone_call)
}

/// The checked overtime factor: overtime is paid at least the normal rate, at most ten
/// times it.
pub(crate) fn overtime_factor(c: &CostsFile) -> Result<f64, ScenarioError> {
    let f = c.overtime_factor;
    if f.is_finite() && (1.0..=MAX_OVERTIME_FACTOR).contains(&f) {
        Ok(f)
    } else {
        Err(ScenarioError::invalid(
            "costs.overtime_factor",
            f,
            format!(
                "a number from 1 to {MAX_OVERTIME_FACTOR} (1.5: overtime paid at time and a half)"
            ),
        ))
    }
}
