//! The scenario file as written: [`ScenarioFile`], a serde image of the TOML one to one,
//! and the raw table of every concept beside it.
//!
//! Every table refuses unknown keys; every optional key has a documented default, so that
//! serialising a file spells out the complete scenario (the `scenario.toml` a run writes
//! next to its results, built from the typed [`Scenario`] by
//! `ScenarioFile::from(&scenario)`). Checking values is the job of each concept's module
//! and of [`Scenario::try_from`].

use serde::{Deserialize, Serialize};

pub use super::arrivals::{ArrivalsFile, IncidentFile};
pub use super::bot::BotFile;
pub use super::calendar::Shift;
pub use super::channels::ChannelFile;
pub use super::classes::ClassFile;
pub use super::costs::CostsFile;
pub use super::customers::CustomersFile;
pub use super::limits::LimitsFile;
pub use super::optimize::OptimizeFile;
pub use super::outcomes::OutcomesFile;
pub use super::policy::PolicyFile;
pub use super::staffing::{GroupFile, StaffingFile};
pub use super::targets::{ServiceLevelFile, TargetsFile};
pub use super::virality::ViralityFile;

use super::calendar::{DAY_MIN, Weekday};
use super::checks::Names;
use super::duration::Duration;
use super::{Scenario, bot, optimize, staffing, virality};

/// A whole scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Short name, used for the results folder (letters, digits, `-`, `_`, `.`).
    #[schemars(regex(pattern = super::checks::NAME_PATTERN), length(max = super::checks::MAX_NAME_LEN))]
    pub name: String,
    /// Free text shown in reports.
    #[serde(default)]
    pub description: String,
    /// Simulated time span (default 7 days).
    #[serde(default = "d_horizon")]
    pub horizon: Duration,
    /// Initial period excluded from every KPI (default none).
    #[serde(default = "d_zero")]
    pub warmup: Duration,
    /// Longest follow-up after the horizon (default 28 days): the mentions of the
    /// measured cohort are followed until each has its outcome, at most this long.
    #[serde(default = "d_follow_up")]
    pub follow_up: Duration,
    /// Service-level thresholds: "answered within" and "taken within" are reported for
    /// each (default 30 and 60 minutes).
    #[serde(default = "d_service_levels")]
    pub service_levels: Vec<Duration>,
    /// Weekday at which the run starts, at 00:00 (default `mon`).
    #[serde(default = "d_monday")]
    pub start_day: Weekday,
    /// Master seed of all random streams (default 1).
    #[serde(default = "d_seed")]
    #[schemars(range(max = super::MAX_SEED))]
    pub seed: u64,
    /// Number of independent replications (default 20).
    #[serde(default = "d_replications")]
    #[schemars(range(min = 1, max = super::MAX_REPLICATIONS))]
    pub replications: i64,
    /// How mentions arrive.
    pub arrivals: ArrivalsFile,
    /// Social channels and their shares of mentions.
    pub channels: Vec<ChannelFile>,
    /// Mention classes (complaint, question, ...) and their shares.
    pub classes: Vec<ClassFile>,
    /// Customer behaviour: expectations, patience reactions, followers.
    #[serde(default)]
    pub customers: CustomersFile,
    /// Queue discipline and what is answered.
    #[serde(default)]
    pub policy: PolicyFile,
    /// Recommendation probabilities per outcome state and how posts spread.
    #[serde(default)]
    pub outcomes: OutcomesFile,
    /// Self-excitation: mentions spawned by unattended public complaints.
    #[serde(default)]
    pub virality: ViralityFile,
    /// Money.
    #[serde(default)]
    pub costs: CostsFile,
    /// Agent groups and their shifts.
    pub staffing: StaffingFile,
    /// Optional bot / auto-acknowledge tier.
    #[serde(default)]
    pub bot: BotFile,
    /// What a plan must achieve (default: no targets, no verdicts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<TargetsFile>,
    /// What `carecast optimize` may choose (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optimize: Option<OptimizeFile>,
    /// What one replication may hold (optional; written back only when not the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<LimitsFile>,
}

fn d_horizon() -> Duration {
    Duration::from_minutes(7.0 * DAY_MIN)
}
fn d_follow_up() -> Duration {
    Duration::from_minutes(28.0 * DAY_MIN)
}
fn d_service_levels() -> Vec<Duration> {
    vec![Duration::from_minutes(30.0), Duration::from_minutes(60.0)]
}
fn d_zero() -> Duration {
    Duration::from_minutes(0.0)
}
fn d_monday() -> Weekday {
    Weekday::Mon
}
fn d_seed() -> u64 {
    1
}
fn d_replications() -> i64 {
    20
}

impl From<&Scenario> for ScenarioFile {
    /// The file that reproduces `sc` exactly, every default spelled out. Disabled tiers
    /// (virality, bot) are written with their default parameters.
    fn from(sc: &Scenario) -> Self {
        let names = Names {
            channels: sc.channels.iter().map(|c| c.name.as_str()).collect(),
            classes: sc.classes.iter().map(|c| c.name.as_str()).collect(),
        };
        ScenarioFile {
            name: sc.name.clone(),
            description: sc.description.clone(),
            horizon: Duration::from_minutes(sc.horizon_min),
            warmup: Duration::from_minutes(sc.warmup_min),
            follow_up: Duration::from_minutes(sc.follow_up_min),
            service_levels: sc
                .service_levels_min
                .iter()
                .map(|&t| Duration::from_minutes(t))
                .collect(),
            start_day: Weekday::from_index(sc.start_day),
            seed: sc.seed,
            replications: i64::from(sc.replications),
            arrivals: ArrivalsFile::from(&sc.arrivals),
            channels: sc.channels.iter().map(ChannelFile::from).collect(),
            classes: sc.classes.iter().map(ClassFile::from).collect(),
            customers: CustomersFile::from(&sc.customers),
            policy: PolicyFile {
                private_channel: sc
                    .policy
                    .private_channel
                    .map(|i| sc.channels[i].name.clone()),
                ..PolicyFile::from(&sc.policy)
            },
            outcomes: OutcomesFile::from(&sc.outcomes),
            virality: virality::to_file(sc.virality.as_ref()),
            costs: CostsFile {
                currency: sc.currency.clone(),
                phone_call: sc.phone_call_cost,
                overtime_factor: sc.overtime_factor,
            },
            staffing: staffing::to_file(sc.concurrency_penalty, sc.reread_min, &sc.groups, &names),
            bot: bot::to_file(sc.bot.as_ref(), &names),
            targets: sc.targets.to_file(&names),
            optimize: optimize::to_file(
                &sc.optimize,
                &sc.groups
                    .iter()
                    .map(|g| g.name.as_str())
                    .collect::<Vec<_>>(),
            ),
            limits: super::limits::to_file(sc.max_in_system),
        }
    }
}
