//! The KPI registry: every KPI a run reports, defined once with its name, its label for
//! managers, its unit, which direction is better, its section, its family (one value, or
//! one per channel or per agent group) and its computation; and the recorder that
//! computes them ([`KpiRecorder`]).
//!
//! Every KPI describes the measured cohort: the mentions that arrive in the window from
//! the end of the warm-up to the horizon, and the children they spawn after it, each
//! followed to its outcome (the run goes on past the horizon with arrivals stopped, at
//! most the scenario's `follow_up`). Time-averages (queue, occupancy, slot utilisation), agent hours and
//! costs cover the window itself. Shares are fractions (0.52, not 52%); times are in
//! minutes; money is in the scenario's currency; counts, impressions, hours and money
//! cover the measured window (its length is [`measured_min`]).
//! The accounting identity `mentions = answered + dropped + open_at_end` holds in every
//! replication.
//!
//! Adding a KPI means adding one [`KpiDef`] to [`KPIS`] (its computation reads the
//! replication's [`Tally`]); every table, chart, file and the data dictionary `kpis.json`
//! pick it up from here. Formatting derives from the [`Unit`] in [`crate::format`].

pub mod backlog;
mod def;
mod names;
mod recorder;

pub use def::{Better, Compute, Family, KpiDef, Section, Unit};
pub use names::{Kpi, in_scenario, kpi_names, kpis, label_of, lookup, measured_min, unit_of};
pub use recorder::{
    DistPoint, HourRow, KpiRecorder, ReplicationResult, ServiceCounts, Tally, distribution_grid,
};

use crate::scenario::{OutcomeState, Scenario};

macro_rules! family {
    ($name:literal, $label:literal, $unit:ident, $better:ident, $section:ident, $family:ident, $meaning:literal, $compute:expr) => {
        KpiDef {
            name: $name,
            label: $label,
            meaning: $meaning,
            unit: Unit::$unit,
            better: Better::$better,
            section: Section::$section,
            family: Family::$family,
            compute: $compute,
        }
    };
}

macro_rules! kpi {
    ($name:literal, $label:literal, $unit:ident, $better:ident, $section:ident, $meaning:literal, $f:expr) => {
        KpiDef {
            name: $name,
            label: $label,
            meaning: $meaning,
            unit: Unit::$unit,
            better: Better::$better,
            section: Section::$section,
            family: Family::Single,
            compute: Compute::One($f),
        }
    };
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { f64::NAN }
}

fn state_share(t: &Tally, state: OutcomeState) -> f64 {
    ratio(t.outcomes[state as usize] as f64, t.with_outcome() as f64)
}

fn count_share(n: u64, of: u64) -> f64 {
    ratio(n as f64, of as f64)
}

/// Every KPI a run reports, in report order.
pub const KPIS: &[KpiDef] = &[
    kpi!(
        "mentions",
        "Mentions",
        Count,
        Neither,
        Volume,
        "mentions of the measured cohort: arrived in the window, spawned ones included",
        |t| t.mentions as f64
    ),
    kpi!(
        "customers",
        "Customers",
        Count,
        Neither,
        Volume,
        "customers of the cohort with an outcome: the authors of classes that are customers (not spam or trolls), a frustrated repost counted with its author's first mention",
        |t| t.with_outcome() as f64
    ),
    kpi!(
        "not_answerable",
        "Not answered by policy",
        Count,
        Neither,
        Volume,
        "mentions of classes policy never answers (`answer = false`); their customers are ignored, spam and trolls are no customers",
        |t| t.not_answerable as f64
    ),
    kpi!(
        "spawned_mentions",
        "Spawned by virality",
        Count,
        Lower,
        Volume,
        "mentions spawned by virality (\"me too\" posts and frustrated reposts)",
        |t| t.spawned as f64
    ),
    kpi!(
        "answered",
        "Answered",
        Count,
        Higher,
        Volume,
        "mentions that got a first response (from an agent or the bot; the bot's acknowledgement when it counts)",
        |t| t.answered as f64
    ),
    kpi!(
        "dropped",
        "Dropped unanswered",
        Count,
        Lower,
        Volume,
        "mentions that left the social queue without a response (class never answered, past max_age, the customer phoned, or left)",
        |t| t.dropped as f64
    ),
    kpi!(
        "open_at_horizon",
        "Open at the horizon",
        Count,
        Lower,
        Volume,
        "cohort mentions without a first reply at the horizon, handed to the follow-up",
        |t| t.end.open_at_horizon as f64
    ),
    kpi!(
        "open_at_end",
        "Still open after the follow-up",
        Count,
        Lower,
        Volume,
        "cohort mentions neither answered nor dropped when the follow-up ended at its cap",
        |t| t.end.open_at_end as f64
    ),
    kpi!(
        "follow_up_min",
        "Follow-up after the horizon",
        Minutes,
        Neither,
        Volume,
        "time the run went on past the horizon, arrivals stopped, until the cohort was settled (at most follow_up)",
        |t| t.end.follow_up_min
    ),
    kpi!(
        "abandoned",
        "Lost patience",
        Count,
        Lower,
        Volume,
        "customers whose patience ran out before an agent took their mention",
        |t| t.abandoned as f64
    ),
    kpi!(
        "phoned",
        "Phoned instead",
        Count,
        Lower,
        Volume,
        "frustrated customers who phoned instead (each a phone contact, costed in cost_phone)",
        |t| t.escalated as f64
    ),
    kpi!(
        "moved_private",
        "Moved to a private channel",
        Count,
        Neither,
        Volume,
        "conversations that moved to a private channel at a human's public first reply",
        |t| t.moved_private as f64
    ),
    kpi!(
        "bot_answered",
        "Answered by the bot alone",
        Count,
        Neither,
        Volume,
        "mentions answered by the bot alone (acknowledgements not included)",
        |t| t.bot_answered as f64
    ),
    kpi!(
        "response_rate",
        "Response rate",
        Share,
        Higher,
        Speed,
        "answered / mentions",
        |t| ratio(t.answered as f64, t.mentions as f64)
    ),
    kpi!(
        "frt_mean_min",
        "First reply, mean",
        Minutes,
        Lower,
        Speed,
        "mean first-response time of answerable mentions, minutes; one never answered (dropped past max_age, or open at the end) counts at its age",
        |t| t.frt.mean()
    ),
    kpi!(
        "frt_p50_min",
        "First reply, median",
        Minutes,
        Lower,
        Speed,
        "median first-response time, minutes (never-answered mentions at their age)",
        |t| t.frt_q.quantile(0.5)
    ),
    kpi!(
        "frt_p90_min",
        "First reply, 90th percentile",
        Minutes,
        Lower,
        Speed,
        "90th percentile of first-response time, minutes (never-answered mentions at their age)",
        |t| t.frt_q.quantile(0.9)
    ),
    kpi!(
        "frt_p95_min",
        "First reply, 95th percentile",
        Minutes,
        Lower,
        Speed,
        "95th percentile of first-response time, minutes (never-answered mentions at their age)",
        |t| t.frt_q.quantile(0.95)
    ),
    kpi!(
        "frt_censored",
        "Response time censored",
        Count,
        Lower,
        Speed,
        "answerable mentions never answered whose response time counts at their age (dropped past max_age, closed by a phone call, or open at the end)",
        |t| t.censored as f64
    ),
    family!(
        "answered_within",
        "Answered within",
        Share,
        Higher,
        Speed,
        PerThreshold,
        "share of answerable mentions whose first reply was posted within t (queue wait plus writing the reply)",
        Compute::Each(|t, i| count_share(t.answered_within[i], t.answerable))
    ),
    family!(
        "taken_within",
        "Taken within",
        Share,
        Higher,
        Speed,
        PerThreshold,
        "share of answerable mentions an agent took (or the bot answered) within t: the queue wait, as in Erlang C and A",
        Compute::Each(|t, i| count_share(t.taken_within[i], t.answerable))
    ),
    kpi!(
        "wait_mean_min",
        "Queue wait, mean",
        Minutes,
        Lower,
        Speed,
        "mean time in the human queue until an agent took the mention or it left, minutes",
        |t| t.wait.mean()
    ),
    kpi!(
        "p_wait_pos",
        "Had to wait",
        Share,
        Lower,
        Speed,
        "share of queued mentions not taken at once (waited > 0)",
        |t| ratio(t.waited as f64, t.queued as f64)
    ),
    kpi!(
        "abandon_rate",
        "Abandonment",
        Share,
        Lower,
        Speed,
        "abandoned / answerable mentions",
        |t| ratio(t.abandoned as f64, t.answerable as f64)
    ),
    kpi!(
        "queue_mean",
        "Mentions waiting, average",
        Average,
        Lower,
        Speed,
        "time-average number of mentions waiting for an agent",
        |t| t.end.queue_mean
    ),
    kpi!(
        "occupancy",
        "Occupancy",
        Share,
        Neither,
        Staff,
        "share of available agent time spent writing replies (an agent writing at least one reply counts as working; the customer's think time does not), all groups",
        |t| ratio(t.writing_agent_min(), t.available_agent_min())
    ),
    KpiDef {
        name: "occupancy",
        label: "Occupancy",
        meaning: "share of one group's available agent time spent writing replies",
        unit: Unit::Share,
        better: Better::Neither,
        section: Section::Staff,
        family: Family::PerGroup,
        compute: Compute::Each(|t, g| {
            let g = &t.end.groups[g];
            ratio(g.writing_agent_min, g.available_agent_min)
        }),
    },
    kpi!(
        "slot_utilisation",
        "Slot utilisation",
        Share,
        Neither,
        Staff,
        "share of the available agents' conversation slots held, waiting for the customer included (all groups)",
        |t| ratio(t.busy_slot_min(), t.slot_min())
    ),
    KpiDef {
        name: "slot_utilisation",
        label: "Slot utilisation",
        meaning: "share of one group's available conversation slots held",
        unit: Unit::Share,
        better: Better::Neither,
        section: Section::Staff,
        family: Family::PerGroup,
        compute: Compute::Each(|t, g| {
            let g = &t.end.groups[g];
            ratio(g.busy_slot_min, g.slot_min)
        }),
    },
    kpi!(
        "handed_back",
        "Handed back at shift end",
        Count,
        Neither,
        Staff,
        "conversations an agent handed back to the queue at the end of a shift, to be finished by another (at_shift_end = \"hand_back\")",
        |t| t.end.groups.iter().map(|g| g.handed_back).sum::<u64>() as f64
    ),
    kpi!(
        "quick_effective",
        "Quick and effective",
        Share,
        Higher,
        Customers,
        "share of customers answered within their expectation and before their patience ran out, and effectively",
        |t| state_share(t, OutcomeState::QuickEffective)
    ),
    kpi!(
        "quick_ineffective",
        "Quick but ineffective",
        Share,
        Neither,
        Customers,
        "share answered quickly but not effectively",
        |t| state_share(t, OutcomeState::QuickIneffective)
    ),
    kpi!(
        "slow_effective",
        "Effective but slow",
        Share,
        Neither,
        Customers,
        "share answered effectively but later than expected, or after their patience ran out",
        |t| state_share(t, OutcomeState::SlowEffective)
    ),
    kpi!(
        "slow_ineffective",
        "Slow and ineffective",
        Share,
        Lower,
        Customers,
        "share answered late and not effectively",
        |t| state_share(t, OutcomeState::SlowIneffective)
    ),
    kpi!(
        "escalated",
        "Phoned instead",
        Share,
        Lower,
        Customers,
        "share of customers who lost patience before any reply and phoned: their social mention closed as escalated",
        |t| state_share(t, OutcomeState::Escalated)
    ),
    kpi!(
        "ignored",
        "Never answered",
        Share,
        Lower,
        Customers,
        "share of customers never answered (dropped, or open at the end)",
        |t| state_share(t, OutcomeState::Ignored)
    ),
    kpi!(
        "quick_effective_answered",
        "Quick and effective, of those answered",
        Share,
        Higher,
        Customers,
        "share of answered customers whose answer was quick and effective",
        |t| ratio(
            t.outcomes[OutcomeState::QuickEffective as usize] as f64,
            (t.with_outcome()
                - t.outcomes[OutcomeState::Ignored as usize]
                - t.outcomes[OutcomeState::Escalated as usize]) as f64,
        )
    ),
    kpi!(
        "recommend_rate",
        "Recommend the brand",
        Share,
        Higher,
        Customers,
        "share of customers with an outcome who recommend the brand",
        |t| ratio(t.recommenders as f64, t.with_outcome() as f64)
    ),
    kpi!(
        "recommenders",
        "Customers who recommend",
        Count,
        Higher,
        Customers,
        "customers who recommend the brand",
        |t| t.recommenders as f64
    ),
    kpi!(
        "negative_impressions",
        "Negative impressions",
        Impressions,
        Lower,
        Customers,
        "followers x reach of public negative posts whose authors do not recommend (none for conversations moved private)",
        |t| t.negative_impressions
    ),
    kpi!(
        "positive_impressions",
        "Positive impressions",
        Impressions,
        Higher,
        Customers,
        "followers x reach of praise posted by answered public recommenders, and of timely public first replies of conversations moved private",
        |t| t.positive_impressions
    ),
    kpi!(
        "largest_cascade",
        "Largest pile-on (mentions)",
        Count,
        Lower,
        Customers,
        "cohort mentions in the largest virality cascade (root included)",
        |t| t.largest_cascade() as f64
    ),
    kpi!(
        "branching_ratio",
        "Virality branching ratio",
        Average,
        Lower,
        Customers,
        "mentions spawned (me-too posts and reposts) per cohort mention that can spread (public, negative); at 1 or more pile-ons never die out",
        |t| ratio(t.spawned as f64, t.spreads as f64)
    ),
    kpi!(
        "arrivals_per_h",
        "Arrivals per hour",
        Average,
        Neither,
        Backlog,
        "measured mentions arriving in an average whole hour of the window (warm-up end to horizon); empty when the backlog is not measured (fewer than two whole periods)",
        |t| t.backlog.map_or(f64::NAN, |(_, b)| b.arrivals_per_h)
    ),
    kpi!(
        "backlog_growth",
        "Backlog growth per period",
        Average,
        Lower,
        Backlog,
        "growth of the backlog (mentions waiting at the end of the hour) at the same hour of the period, period over period after the warm-up: least-squares slope of the period means; the period is backlog_period_h",
        |t| t.backlog.map_or(f64::NAN, |(_, b)| b.growth_per_period)
    ),
    kpi!(
        "backlog_quietest",
        "Backlog at the quietest hour",
        Average,
        Lower,
        Backlog,
        "mentions waiting at the end of the quietest hour of the last measured period; the queue clears when it is at most arrivals_per_h",
        |t| t.backlog.map_or(f64::NAN, |(_, b)| b.min_backlog)
    ),
    kpi!(
        "backlog_period_h",
        "Backlog compared over, hours",
        Average,
        Neither,
        Backlog,
        "the period the backlog is compared over: 168 (the same hour of the week, week over week) or 24 (of the day, for scenarios that repeat daily)",
        |t| t.backlog.map_or(f64::NAN, |(p, _)| p.hours() as f64)
    ),
    kpi!(
        "agent_hours",
        "Paid agent hours",
        Hours,
        Neither,
        Cost,
        "paid agent hours on shift (overtime apart, in overtime_h)",
        |t| t.end.groups.iter().map(|g| g.paid_agent_min).sum::<f64>() / 60.0
    ),
    kpi!(
        "overtime_h",
        "Overtime hours",
        Hours,
        Lower,
        Cost,
        "agent hours worked past the end of a shift, finishing the reply in hand (or, with at_shift_end = \"finish\", the conversations in hand)",
        |t| t
            .end
            .groups
            .iter()
            .map(|g| g.overtime_agent_min)
            .sum::<f64>()
            / 60.0
    ),
    kpi!(
        "cost_agents",
        "Agent cost",
        Money,
        Lower,
        Cost,
        "agent hours x hourly cost, plus overtime hours x hourly cost x overtime factor",
        |t| t.cost_agents()
    ),
    kpi!(
        "cost_overtime",
        "Overtime cost (in agent cost)",
        Money,
        Lower,
        Cost,
        "overtime hours x hourly cost x costs.overtime_factor: the part of cost_agents paid for overtime",
        |t| t.end.groups.iter().map(|g| g.overtime_cost).sum::<f64>()
    ),
    kpi!(
        "cost_phone",
        "Phone escalation cost",
        Money,
        Lower,
        Cost,
        "escalations x cost of a phone contact",
        |t| t.cost_phone()
    ),
    kpi!(
        "cost_bot",
        "Bot cost",
        Money,
        Lower,
        Cost,
        "mentions the bot touched x cost per mention",
        |t| t.cost_bot()
    ),
    kpi!(
        "cost_total",
        "Total cost",
        Money,
        Lower,
        Cost,
        "cost_agents + cost_phone + cost_bot",
        |t| t.cost_total()
    ),
    kpi!(
        "cost_per_recommender",
        "Cost per recommender",
        MoneyRate,
        Lower,
        Cost,
        "cost_total / recommenders",
        |t| ratio(t.cost_total(), t.recommenders as f64)
    ),
    family!(
        "answered_within",
        "Answered within",
        Share,
        Higher,
        Segments,
        PerThresholdSegment,
        "share of one class's or channel's answerable mentions with a first reply within t",
        Compute::Grid(|t, i, s| {
            let s = &t.segments[s].counts;
            count_share(s.answered_within[i], s.answerable)
        })
    ),
    family!(
        "frt_mean_min",
        "First reply, mean",
        Minutes,
        Lower,
        Segments,
        PerSegment,
        "mean first-response time of one class or channel, minutes (never-answered mentions at their age)",
        Compute::Each(|t, s| t.segments[s].counts.frt.mean())
    ),
    family!(
        "reply_mean_min",
        "First reply of those answered, mean",
        Minutes,
        Lower,
        Segments,
        PerSegment,
        "mean first-response time of one class's or channel's answered mentions only, minutes (as published studies measure it)",
        Compute::Each(|t, s| t.segments[s].counts.reply.mean())
    ),
    family!(
        "frt_p90_min",
        "First reply, 90th percentile",
        Minutes,
        Lower,
        Segments,
        PerSegment,
        "90th percentile of first-response time of one class or channel, minutes",
        Compute::Each(|t, s| t.segments[s].frt_q.quantile(0.9))
    ),
    family!(
        "ignored",
        "Never answered",
        Share,
        Lower,
        Segments,
        PerSegment,
        "share of one class's or channel's customers never answered",
        Compute::Each(|t, s| count_share(
            t.segments[s].counts.ignored,
            t.segments[s].counts.customers
        ))
    ),
    family!(
        "recommend_rate",
        "Recommend the brand",
        Share,
        Higher,
        Segments,
        PerSegment,
        "share of one class's or channel's customers who recommend the brand",
        Compute::Each(|t, s| count_share(
            t.segments[s].counts.recommenders,
            t.segments[s].counts.customers
        ))
    ),
];

/// The KPIs a manager reads first, in this order: the sweep table, the comparison
/// verdicts and the report's headline cards show these.
pub const HEADLINE: [&str; 3] = ["answered_within_30m", "recommend_rate", "cost_total"];

/// The KPIs mapped by a sweep's heatmaps when none are asked for.
pub const HEATMAP_DEFAULT: [&str; 2] = ["answered_within_30m", "recommend_rate"];

/// The cards at the top of a run's report, in order.
pub const REPORT_CARDS: [&str; 4] = [
    "answered_within_30m",
    "frt_p50_min",
    "recommend_rate",
    "cost_total",
];

/// The KPIs drawn on a comparison's charts, in order (those no plan has are skipped).
pub const COMPARISON_CHARTS: [&str; 6] = [
    "answered_within_30m",
    "answered_within_60m",
    "recommend_rate",
    "frt_mean_min",
    "abandon_rate",
    "cost_total",
];

/// The values of every KPI of a replication, in the order of [`kpis`].
pub(crate) fn values(t: &Tally, scenario: &Scenario) -> Vec<f64> {
    let segments: Vec<usize> = names::segments(scenario)
        .into_iter()
        .map(|(_, i)| i)
        .collect();
    let n_thresholds = scenario.service_levels_min.len();
    let mut values = Vec::with_capacity(KPIS.len() * 4);
    for def in KPIS {
        match (def.compute, def.family) {
            (Compute::One(f), _) => values.push(f(t)),
            (Compute::Each(f), Family::PerSegment) => {
                values.extend(segments.iter().map(|&s| f(t, s)));
            }
            (Compute::Each(f), Family::PerThreshold) => {
                values.extend((0..n_thresholds).map(|i| f(t, i)));
            }
            (Compute::Each(f), _) => values.extend((0..t.end.groups.len()).map(|g| f(t, g))),
            (Compute::Grid(f), _) => {
                for i in 0..n_thresholds {
                    values.extend(segments.iter().map(|&s| f(t, i, s)));
                }
            }
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_families_resolve() {
        let sc = Scenario::builtin(&[]).expect("builtin");
        let names = kpi_names(&sc);
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "duplicate KPI names");
        for n in &names {
            assert!(lookup(n).is_some(), "{n} has no definition");
        }
        assert_eq!(unit_of("frt_mean_min.twitter"), Unit::Minutes);
        assert_eq!(label_of("occupancy.day"), "Occupancy: day");
        assert!(lookup("nonsense").is_none());
        assert_eq!(unit_of("cost_total"), Unit::Money);
        assert!(Unit::Money.per_period() && !Unit::MoneyRate.per_period());
    }

    #[test]
    fn every_computation_runs_on_a_replication() {
        let sc =
            Scenario::builtin(&["horizon=\"1d\"".into(), "warmup=\"0m\"".into()]).expect("builtin");
        let r = crate::model::simulate(&sc, 0, KpiRecorder::new(&sc)).into_result(0);
        assert_eq!(r.kpis.len(), kpis(&sc).len());
        assert!(r.kpis.iter().filter(|v| v.is_finite()).count() > KPIS.len() / 2);
    }
}
