//! The vocabulary of a KPI definition: its unit, which way is better, its table section,
//! its family and how it is computed.

use super::Tally;

/// What a KPI's number is, which decides how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A fraction, shown as a percentage (differences in percentage points).
    Share,
    /// A duration in minutes.
    Minutes,
    /// Hours (of paid agent time).
    Hours,
    /// Money in the scenario's currency, over the measured period.
    Money,
    /// Money per unit of something (e.g. per recommender), not per period.
    MoneyRate,
    /// A number of mentions, customers or conversations over the measured period.
    Count,
    /// A time-average number (e.g. mentions waiting).
    Average,
    /// Followers reached by posts, over the measured period.
    Impressions,
}

impl Unit {
    /// The unit's name in data files (`share`, `minutes`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Unit::Share => "share",
            Unit::Minutes => "minutes",
            Unit::Hours => "hours",
            Unit::Money => "money",
            Unit::MoneyRate => "money_rate",
            Unit::Count => "count",
            Unit::Average => "average",
            Unit::Impressions => "impressions",
        }
    }

    /// Whether a value of this unit adds up over time, so that it is only meaningful with
    /// the period it covers ("USD 85,694 per week", "1,234 mentions per 21 days").
    pub fn per_period(self) -> bool {
        matches!(
            self,
            Unit::Hours | Unit::Money | Unit::Count | Unit::Impressions
        )
    }

    /// Whether values are money in the scenario's currency.
    pub fn is_money(self) -> bool {
        matches!(self, Unit::Money | Unit::MoneyRate)
    }
}

/// Which way a KPI is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// More is better (service levels, recommendations).
    Higher,
    /// Less is better (waits, costs, abandonment).
    Lower,
    /// Neither: a description of the load or of the plan (mentions, occupancy).
    Neither,
}

/// The section of the tables a KPI belongs to, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// What arrived and what became of it.
    Volume,
    /// How fast customers were answered.
    Speed,
    /// How busy the agents were.
    Staff,
    /// What customers end up thinking and posting.
    Customers,
    /// Whether the queue keeps up: the backlog week over week (or day over day).
    Backlog,
    /// Who waits: the speed and outcomes of each class and each channel.
    Segments,
    /// What the plan costs.
    Cost,
}

impl Section {
    /// The heading of the section in tables.
    pub fn title(self) -> &'static str {
        match self {
            Section::Volume => "Volume",
            Section::Speed => "Speed",
            Section::Staff => "Staff",
            Section::Customers => "Customers",
            Section::Backlog => "Backlog",
            Section::Segments => "By class and channel",
            Section::Cost => "Cost",
        }
    }
}

/// One KPI, or a family of KPIs with one member per class and channel, per agent group
/// or per service-level threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// A single value per replication.
    Single,
    /// One value per class, then one per channel: `<name>.<class>`, `<name>.<channel>`.
    PerSegment,
    /// One value per agent group: `<name>.<group>`.
    PerGroup,
    /// One value per service-level threshold: `<name>_<t>` (`answered_within_30m`).
    PerThreshold,
    /// One value per threshold and segment: `<name>_<t>.<class or channel>`.
    PerThresholdSegment,
}

impl Family {
    /// Whether members carry a service-level threshold in their name.
    pub fn per_threshold(self) -> bool {
        matches!(self, Family::PerThreshold | Family::PerThresholdSegment)
    }
}

/// How a KPI is computed from a replication's [`Tally`].
#[derive(Clone, Copy)]
pub enum Compute {
    /// One value.
    One(fn(&Tally) -> f64),
    /// One value per member of the family: a segment (classes, then channels), a group
    /// or a threshold index.
    Each(fn(&Tally, usize) -> f64),
    /// One value per threshold index and segment index.
    Grid(fn(&Tally, usize, usize) -> f64),
}

impl std::fmt::Debug for Compute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Compute::One(_) => "Compute::One",
            Compute::Each(_) => "Compute::Each",
            Compute::Grid(_) => "Compute::Grid",
        })
    }
}

/// A KPI's definition: everything tables, charts, files and the README say about it.
#[derive(Debug, Clone, Copy)]
pub struct KpiDef {
    /// Name in files (units in the name); for a family, the prefix before `.<member>`.
    pub name: &'static str,
    /// Plain words for managers ("First reply, mean"); a family's members add their
    /// class, channel or group, and per-threshold labels end with "within" and take
    /// the threshold ("Answered within 30 min").
    pub label: &'static str,
    /// One-line meaning, for the data dictionary and the README glossary.
    pub meaning: &'static str,
    /// Unit.
    pub unit: Unit,
    /// Which way is better.
    pub better: Better,
    /// Table section.
    pub section: Section,
    /// Single KPI or a per-channel / per-group family.
    pub family: Family,
    /// The computation.
    pub compute: Compute,
}
