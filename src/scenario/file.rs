//! The scenario file as written: serde types that mirror the TOML one to one.
//!
//! Every table refuses unknown keys; every optional key has a documented default, so that
//! serialising a parsed file spells out the complete scenario (the `scenario.toml` a run
//! writes next to its results). Checking values is the job of [`super::Scenario`].

use serde::{Deserialize, Serialize};

use super::dist::DistSpec;
use super::duration::Duration;

/// A whole scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Short name, used for the results folder (letters, digits, `-`, `_`, `.`).
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
    /// Weekday at which the run starts, at 00:00 (default `mon`).
    #[serde(default = "d_monday")]
    pub start_day: String,
    /// Master seed of all random streams (default 1).
    #[serde(default = "d_seed")]
    pub seed: u64,
    /// Number of independent replications (default 20).
    #[serde(default = "d_replications")]
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
}

/// `[arrivals]`: a non-homogeneous Poisson process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArrivalsFile {
    /// Mean arrival rate over the week, mentions per hour.
    pub rate_per_h: f64,
    /// A built-in weekly profile: `flat`, `retail`, `office` or `evening`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// 24 relative multipliers, one per hour of the day (with optional `daily`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly: Option<Vec<f64>>,
    /// 7 relative multipliers, Monday first (only with `hourly`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily: Option<Vec<f64>>,
    /// 168 relative multipliers, Monday 00:00 first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly: Option<Vec<f64>>,
    /// Scheduled spikes (outages, campaigns).
    #[serde(default)]
    pub incidents: Vec<IncidentFile>,
}

/// `[[arrivals.incidents]]`: the arrival rate is multiplied during a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentFile {
    /// Label for reports.
    pub name: String,
    /// Offset from the start of the run, e.g. `"2d 10h"`.
    pub start: Duration,
    /// How long it lasts.
    pub duration: Duration,
    /// Factor on the arrival rate (> 0; 5 means five times the usual volume).
    pub multiplier: f64,
}

/// `[[channels]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelFile {
    /// Channel name (`twitter`, `facebook`, ...).
    pub name: String,
    /// Share of mentions (shares sum to 1).
    pub share: f64,
    /// Whether mentions are visible to the author's followers (default true).
    #[serde(default = "d_true")]
    pub public: bool,
    /// Multiplier on handle times on this channel (default 1).
    #[serde(default = "d_one")]
    pub handle_time_factor: f64,
}

/// `[[classes]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassFile {
    /// Class name (`complaint`, `question`, ...).
    pub name: String,
    /// Share of mentions (shares sum to 1).
    pub share: f64,
    /// `negative`, `neutral` or `positive`; negative public mentions feed virality.
    #[serde(default = "d_neutral")]
    pub sentiment: String,
    /// Agent work for the first reply (before channel, speed and concurrency factors).
    pub handle_time: DistSpec<Duration>,
    /// Agent work for each follow-up reply (default: same as `handle_time`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followup_time: Option<DistSpec<Duration>>,
    /// Agent replies the conversation needs, whole numbers from 1 (default 1).
    #[serde(default = "d_replies")]
    pub replies: DistSpec<f64>,
    /// How long the author waits for a first reply before becoming frustrated.
    #[serde(default = "d_patience")]
    pub patience: DistSpec<Duration>,
    /// Probability the author expects a reply at all (default 1).
    #[serde(default = "d_one")]
    pub expects_reply: f64,
    /// Probability the conversation must move to a private channel (default 0).
    #[serde(default)]
    pub private: f64,
    /// Weight for the `priority` discipline: higher is served first (default 1).
    #[serde(default = "d_priority")]
    pub priority: i64,
    /// Whether policy answers this class at all (default true).
    #[serde(default = "d_true")]
    pub answer: bool,
}

/// `[customers]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomersFile {
    /// Reply time the author expects (default: lognormal, P(<= 30m) = 0.52).
    #[serde(default = "d_expectation")]
    pub expectation: DistSpec<Duration>,
    /// Share of customers who expect the same speed at night and at weekends (0.57).
    #[serde(default = "d_strict")]
    pub off_hours_strict: f64,
    /// Factor on the expectation of the other customers outside business hours (>= 1).
    #[serde(default = "d_relax")]
    pub off_hours_relax: f64,
    /// When business hours are, for the off-hours rule above.
    #[serde(default = "d_business_hours")]
    pub business_hours: ShiftFile,
    /// Follower count of the author (heavy-tailed).
    #[serde(default = "d_followers")]
    pub followers: DistSpec<f64>,
    /// Customer's time to answer an agent's reply.
    #[serde(default = "d_think")]
    pub think_time: DistSpec<Duration>,
    /// Probability a frustrated customer calls the phone line instead.
    #[serde(default = "d_escalate")]
    pub escalate_to_phone: f64,
    /// Probability a frustrated customer with a public mention posts again publicly.
    #[serde(default = "d_repost")]
    pub repost: f64,
}

/// `[policy]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    /// `fifo`, `lifo`, `influence`, `deadline` or `priority` (default `fifo`).
    #[serde(default = "d_fifo")]
    pub discipline: String,
    /// Whether a frustrated customer's mention stays in the queue (default true). `false`
    /// is call-centre semantics: the customer leaves, as in Erlang A.
    #[serde(default = "d_true")]
    pub answer_after_abandon: bool,
    /// Mentions waiting longer than this are dropped as ignored (default: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<Duration>,
}

/// `[outcomes]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomesFile {
    /// P(recommend) after a quick and effective answer (0.71, published).
    #[serde(default = "d_qe")]
    pub quick_effective: f64,
    /// P(recommend) after a quick but ineffective answer (0.33, published).
    #[serde(default = "d_qi")]
    pub quick_ineffective: f64,
    /// P(recommend) after an effective but slow answer (0.17, published).
    #[serde(default = "d_se")]
    pub slow_effective: f64,
    /// P(recommend) after a slow and ineffective answer (0.08, assumption).
    #[serde(default = "d_si")]
    pub slow_ineffective: f64,
    /// P(recommend) when never answered (0.05, assumption).
    #[serde(default = "d_ig")]
    pub ignored: f64,
    /// Probability a public recommender shares the good experience publicly.
    #[serde(default = "d_share_positive")]
    pub share_positive: f64,
    /// Fraction of an author's followers who see a post (impressions per follower).
    #[serde(default = "d_reach")]
    pub reach: f64,
}

/// `[virality]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Share of the remaining excitation kept after a quick first reply.
    #[serde(default = "d_after_quick")]
    pub after_quick: f64,
    /// Share of the remaining excitation kept after a slow first reply.
    #[serde(default = "d_after_slow")]
    pub after_slow: f64,
}

/// `[costs]`.
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

/// `[staffing]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffingFile {
    /// Extra handle time per additional conversation held at once: work takes
    /// `1 + penalty x (held - 1)` times as long (default 0.1).
    #[serde(default = "d_penalty")]
    pub concurrency_penalty: f64,
    /// The agent groups.
    pub groups: Vec<GroupFile>,
}

/// `[[staffing.groups]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupFile {
    /// Group name.
    pub name: String,
    /// Head count on each of the group's shifts.
    pub agents: i64,
    /// Fraction of paid time not available for mentions (breaks, meetings), 0 to <1.
    #[serde(default)]
    pub shrinkage: f64,
    /// Conversations one agent holds at once (default 1).
    #[serde(default = "d_concurrency")]
    pub concurrency: i64,
    /// Speed multiplier: 2 works twice as fast (default 1).
    #[serde(default = "d_one")]
    pub speed: f64,
    /// Probability a conversation this group handles is effective (default 0.85).
    #[serde(default = "d_effectiveness")]
    pub effectiveness: f64,
    /// Cost of one paid agent hour.
    #[serde(default = "d_cost_per_h")]
    pub cost_per_h: f64,
    /// Channels served (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<String>>,
    /// Classes served (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classes: Option<Vec<String>>,
    /// Weekly shifts the whole group works.
    pub shifts: Vec<ShiftFile>,
}

/// A weekly time window: `{ days = ["mon", "tue"], start = "09:00", end = "17:00" }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftFile {
    /// Days the window starts on: `mon`..`sun`, or `weekdays`, `weekend`, `all`.
    pub days: Vec<String>,
    /// Start, `HH:MM`.
    pub start: String,
    /// End, `HH:MM` after the start; `HH:MM+1` ends on the next day.
    pub end: String,
}

/// `[bot]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Share of bot-touched mentions handed over to humans (the bot's acknowledgement
    /// is not counted as their first reply).
    #[serde(default = "d_handover")]
    pub handover: f64,
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

fn d_horizon() -> Duration {
    Duration::from_minutes(7.0 * 1440.0)
}
fn d_zero() -> Duration {
    Duration::from_minutes(0.0)
}
fn d_monday() -> String {
    "mon".into()
}
fn d_seed() -> u64 {
    1
}
fn d_replications() -> i64 {
    20
}
fn d_true() -> bool {
    true
}
fn d_one() -> f64 {
    1.0
}
fn d_neutral() -> String {
    "neutral".into()
}
fn d_replies() -> DistSpec<f64> {
    DistSpec::Constant { value: 1.0 }
}
fn d_patience() -> DistSpec<Duration> {
    DistSpec::Exponential {
        mean: Duration::from_hours(2.0),
    }
}
fn d_priority() -> i64 {
    1
}
fn d_expectation() -> DistSpec<Duration> {
    // Median 27.1 min and p90 6 h put P(expectation <= 30 min) at 0.520.
    DistSpec::Lognormal {
        median: Duration::from_minutes(27.1),
        p90: Duration::from_hours(6.0),
    }
}
fn d_strict() -> f64 {
    0.57
}
fn d_relax() -> f64 {
    3.0
}
fn d_business_hours() -> ShiftFile {
    ShiftFile {
        days: vec!["weekdays".into()],
        start: "08:00".into(),
        end: "20:00".into(),
    }
}
fn d_followers() -> DistSpec<f64> {
    DistSpec::Lognormal {
        median: 200.0,
        p90: 3000.0,
    }
}
fn d_think() -> DistSpec<Duration> {
    DistSpec::Exponential {
        mean: Duration::from_minutes(10.0),
    }
}
fn d_escalate() -> f64 {
    0.25
}
fn d_repost() -> f64 {
    0.2
}
fn d_fifo() -> String {
    "fifo".into()
}
fn d_qe() -> f64 {
    0.71
}
fn d_qi() -> f64 {
    0.33
}
fn d_se() -> f64 {
    0.17
}
fn d_si() -> f64 {
    0.08
}
fn d_ig() -> f64 {
    0.05
}
fn d_share_positive() -> f64 {
    0.2
}
fn d_reach() -> f64 {
    0.1
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
fn d_currency() -> String {
    "USD".into()
}
fn d_phone() -> f64 {
    6.0
}
fn d_penalty() -> f64 {
    0.1
}
fn d_concurrency() -> i64 {
    1
}
fn d_effectiveness() -> f64 {
    0.85
}
fn d_cost_per_h() -> f64 {
    30.0
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
fn d_bot_cost() -> f64 {
    0.05
}

impl Default for CustomersFile {
    fn default() -> Self {
        Self {
            expectation: d_expectation(),
            off_hours_strict: d_strict(),
            off_hours_relax: d_relax(),
            business_hours: d_business_hours(),
            followers: d_followers(),
            think_time: d_think(),
            escalate_to_phone: d_escalate(),
            repost: d_repost(),
        }
    }
}

impl Default for PolicyFile {
    fn default() -> Self {
        Self {
            discipline: d_fifo(),
            answer_after_abandon: true,
            max_age: None,
        }
    }
}

impl Default for OutcomesFile {
    fn default() -> Self {
        Self {
            quick_effective: d_qe(),
            quick_ineffective: d_qi(),
            slow_effective: d_se(),
            slow_ineffective: d_si(),
            ignored: d_ig(),
            share_positive: d_share_positive(),
            reach: d_reach(),
        }
    }
}

impl Default for ViralityFile {
    fn default() -> Self {
        Self {
            enabled: true,
            offspring: d_offspring(),
            decay: d_decay(),
            after_quick: d_after_quick(),
            after_slow: d_after_slow(),
        }
    }
}

impl Default for CostsFile {
    fn default() -> Self {
        Self {
            currency: d_currency(),
            phone_call: d_phone(),
        }
    }
}

impl Default for BotFile {
    fn default() -> Self {
        Self {
            enabled: false,
            delay: d_bot_delay(),
            effectiveness: d_bot_effectiveness(),
            handover: d_handover(),
            cost_per_mention: d_bot_cost(),
            channels: None,
            classes: None,
        }
    }
}
