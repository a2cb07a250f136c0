//! What the simulation reports, as it happens: the [`Recorder`] trait.
//!
//! Like ripgrep's searcher hands matches to a `Sink`, the model hands events to a recorder
//! and never prints or aggregates itself. [`crate::kpi::KpiRecorder`] turns them into the
//! KPIs and hourly series of a replication; a researcher can implement the trait for a
//! trace of their own. Only the mentions of the measured cohort are reported: those that
//! arrive in the window from the end of the warm-up to the horizon, and the children they
//! spawn after it. After the horizon arrivals stop and the run goes on (the follow-up)
//! until every cohort mention has its outcome or the scenario's `follow_up` cap is reached;
//! the cohort mentions still open then are reported by [`Recorder::still_open`]. Hourly
//! snapshots cover the horizon.

use crate::scenario::OutcomeState;

/// A mention entered the system.
#[derive(Debug, Clone, Copy)]
pub struct Arrival {
    /// Arrival time, minutes.
    pub t_min: f64,
    /// Hour of the horizon it arrived in.
    pub hour: usize,
    /// Class index.
    pub class: usize,
    /// Channel index.
    pub channel: usize,
    /// Spawned by virality (a "me too" or a frustrated repost) rather than exogenous.
    pub spawned: bool,
    /// Public and negative with virality on: it may spawn "me too" mentions.
    pub spreads: bool,
    /// A customer of its own: answerable, and not a frustrated repost of a customer who
    /// already posted (whose outcome is that of their first mention).
    pub customer: bool,
    /// Whether policy answers its class.
    pub answerable: bool,
    /// Touched by the bot tier.
    pub bot: bool,
    /// Reply time the customer expects, minutes (infinite if they expect none).
    pub expectation_min: f64,
}

/// A mention left the human queue: taken by an agent, or gone (abandoned with call-centre
/// semantics, or dropped for age).
#[derive(Debug, Clone, Copy)]
pub struct QueueExit {
    /// Time of the exit, minutes.
    pub t_min: f64,
    /// Class index.
    pub class: usize,
    /// Channel index.
    pub channel: usize,
    /// Time spent waiting, minutes.
    pub wait_min: f64,
    /// Follower count of the author.
    pub followers: f64,
    /// Taken by an agent (true) or left unserved (false).
    pub served: bool,
}

/// A customer's patience ran out before any agent took the mention.
#[derive(Debug, Clone, Copy)]
pub struct Abandon {
    /// Class index.
    pub class: usize,
    /// The customer phoned instead.
    pub escalated: bool,
    /// The customer posted again publicly.
    pub reposted: bool,
}

/// The first response was posted: the reply that answers the customer, or the bot's
/// acknowledgement when `bot.acknowledgement_counts` is set.
#[derive(Debug, Clone, Copy)]
pub struct FirstReply {
    /// Time of the reply, minutes.
    pub t_min: f64,
    /// Hour of the horizon the mention arrived in.
    pub arrival_hour: usize,
    /// Class index.
    pub class: usize,
    /// Channel index.
    pub channel: usize,
    /// Minutes from arrival to the reply.
    pub frt_min: f64,
    /// Posted by the bot tier (no human involved).
    pub by_bot: bool,
    /// The bot's acknowledgement of a mention it hands over to humans (not an answer).
    pub acknowledgement: bool,
}

/// A human's public first reply took the conversation to a private channel.
#[derive(Debug, Clone, Copy)]
pub struct MovedPrivate {
    /// Class index.
    pub class: usize,
    /// Channel index (the public channel it arrived on).
    pub channel: usize,
}

/// Why a mention was dropped without an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// Its class is never answered.
    Policy,
    /// It waited past the policy's maximum age.
    MaxAge,
    /// Its author left the queue (call-centre semantics).
    Abandoned,
    /// Its author phoned instead: the social mention closed as escalated.
    Escalated,
}

/// A mention was dropped unanswered.
#[derive(Debug, Clone, Copy)]
pub struct Drop {
    /// Class index.
    pub class: usize,
    /// Channel index.
    pub channel: usize,
    /// Minutes from arrival to the drop.
    pub age_min: f64,
    /// Hour of the horizon it arrived in.
    pub arrival_hour: usize,
    /// Why.
    pub reason: DropReason,
}

/// A cohort mention still without a first reply when the follow-up ended (at its cap).
#[derive(Debug, Clone, Copy)]
pub struct StillOpen {
    /// Class index.
    pub class: usize,
    /// Channel index.
    pub channel: usize,
    /// Minutes from arrival to the end of the run: its response time is at least this.
    pub age_min: f64,
}

/// A customer's final state, known at the first reply or at the drop.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    /// Class index.
    pub class: usize,
    /// Channel index.
    pub channel: usize,
    /// The state.
    pub state: OutcomeState,
    /// Whether the customer recommends the brand.
    pub recommends: bool,
    /// Impressions of praise the customer posted.
    pub positive_impressions: f64,
    /// Impressions of the unresolved complaint.
    pub negative_impressions: f64,
}

/// State of the system over one hour of the horizon (reported at its end).
#[derive(Debug, Clone, Copy)]
pub struct HourSnapshot {
    /// Hour index from the start of the run.
    pub hour: usize,
    /// Hour of the week (0 = Monday 00:00).
    pub hour_of_week: usize,
    /// Mentions that arrived in the hour (measured or in the warm-up, spawned ones
    /// included).
    pub arrivals: usize,
    /// Time-average number of mentions waiting for an agent.
    pub queue_mean: f64,
    /// Mentions waiting at the end of the hour.
    pub queue_end: usize,
    /// Time-average paid agents on shift.
    pub agents_on_shift: f64,
    /// Time-average agents available (on shift, net of shrinkage).
    pub agents_available: f64,
}

/// Time-integrals of one agent group over the measured window.
#[derive(Debug, Clone, Default)]
pub struct GroupUsage {
    /// Group name.
    pub name: String,
    /// Conversation slots held by available agents, slot-minutes.
    pub busy_slot_min: f64,
    /// Conversation slots of available agents, slot-minutes.
    pub slot_min: f64,
    /// Available agents (on shift, net of shrinkage), agent-minutes.
    pub available_agent_min: f64,
    /// Available agents writing at least one reply, agent-minutes.
    pub writing_agent_min: f64,
    /// Paid agent-minutes on shift.
    pub paid_agent_min: f64,
    /// Overtime agent-minutes: agents past the end of their shift finishing the work in
    /// hand.
    pub overtime_agent_min: f64,
    /// Conversations handed back to the queue at a shift's end.
    pub handed_back: u64,
    /// Cost of the overtime (at the group's hourly cost times the overtime factor).
    pub overtime_cost: f64,
    /// Cost of the paid time, overtime included.
    pub cost: f64,
}

/// The end of a replication.
#[derive(Debug, Clone, Default)]
pub struct RunEnd {
    /// Length of the measured window (horizon - warm-up), minutes.
    pub window_min: f64,
    /// Length of the follow-up after the horizon, minutes (at most the scenario's cap).
    pub follow_up_min: f64,
    /// Cohort mentions without a first reply and not dropped at the horizon.
    pub open_at_horizon: u64,
    /// Cohort mentions neither answered nor dropped when the follow-up ended.
    pub open_at_end: u64,
    /// Time-average number waiting over the measured window.
    pub queue_mean: f64,
    /// The same per class.
    pub queue_mean_by_class: Vec<f64>,
    /// Per class, cohort mentions still waiting at the horizon and the minutes they
    /// have waited so far.
    pub waiting_at_horizon_by_class: Vec<(u64, f64)>,
    /// Largest virality cascade (cohort mentions in one tree, the root included).
    pub largest_cascade: u64,
    /// Per group usage.
    pub groups: Vec<GroupUsage>,
    /// Set when the replication stopped early because more mentions than the scenario's
    /// `limits.max_in_system` were in the system: its measures are incomplete.
    pub overloaded: Option<Overload>,
}

/// A replication stopped because too many mentions were in the system at once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overload {
    /// When the limit was passed, minutes from the start of the run.
    pub t_min: f64,
    /// Mentions in the system then (one more than the limit).
    pub in_system: u64,
}

/// Receives the events of one replication. Every method defaults to doing nothing.
pub trait Recorder {
    /// A mention arrived.
    fn arrival(&mut self, _e: &Arrival) {}
    /// A mention left the human queue.
    fn queue_exit(&mut self, _e: &QueueExit) {}
    /// A customer became frustrated.
    fn abandon(&mut self, _e: &Abandon) {}
    /// A first response was posted.
    fn first_reply(&mut self, _e: &FirstReply) {}
    /// A conversation moved to a private channel.
    fn moved_private(&mut self, _e: &MovedPrivate) {}
    /// A mention was dropped unanswered.
    fn dropped(&mut self, _e: &Drop) {}
    /// A cohort mention was still open when the follow-up ended.
    fn still_open(&mut self, _e: &StillOpen) {}
    /// A customer's final state.
    fn outcome(&mut self, _e: &Outcome) {}
    /// An hour ended.
    fn hour(&mut self, _e: &HourSnapshot) {}
    /// The replication ended.
    fn finish(&mut self, _e: &RunEnd) {}
}
