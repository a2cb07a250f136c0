//! Money as the reports show it: per week, everywhere. A results file holds each amount
//! over the measured window (the horizon less the warm-up); every table, sentence and
//! chart shows it per week ([`per_week`]: the amount times a week over the window), and
//! says so ([`PER_WEEK`]). The weekly budget of the targets is judged the same way.

use super::period;
use crate::kpi::Unit;

/// The period money is shown per, everywhere.
pub const PER_WEEK: &str = "per week";

/// The factor that turns an amount over a measured window of `period_min` minutes into
/// the amount per week (`1` for an unknown or empty window: the amount as it is).
pub fn per_week(period_min: f64) -> f64 {
    if period_min.is_finite() && period_min > 0.0 {
        crate::scenario::calendar::WEEK_MIN / period_min
    } else {
        1.0
    }
}

/// How money is labelled on a chart: its currency and the period amounts cover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Money {
    /// Currency (empty when unknown: amounts are then bare).
    pub currency: String,
    /// The period amounts cover, "per week" (empty when unknown or when runs differ).
    pub period: String,
}

impl Money {
    /// Money in `currency` over the measured window `period_min` (minutes), if known.
    pub fn new(currency: &str, period_min: Option<f64>) -> Self {
        Money {
            currency: currency.to_string(),
            period: period_min.map(period).unwrap_or_default(),
        }
    }

    /// The unit in words: `USD per week`, `USD`, `per week` or empty.
    pub fn unit(&self) -> String {
        [self.currency.as_str(), self.period.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The unit of a KPI as an axis shows it: `%`, `minutes`, `USD per week`; empty for
/// plain numbers.
pub(crate) fn axis_unit(unit: Unit, money: &Money) -> String {
    match unit {
        Unit::Share => "%".into(),
        Unit::Minutes => "minutes".into(),
        Unit::Money => money.unit(),
        Unit::MoneyRate => money.currency.clone(),
        _ => String::new(),
    }
}

/// An axis title for a KPI: its label and unit, `Answered within 30 min (%)`, `Total
/// cost (USD per week)`; bare where the unit is a plain number or unknown.
pub(crate) fn axis_title(kpi: &str, unit: Unit, money: &Money) -> String {
    let label = crate::kpi::label_of(kpi);
    match axis_unit(unit, money) {
        u if u.is_empty() => label,
        u => format!("{label} ({u})"),
    }
}
