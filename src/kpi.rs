//! The KPIs of a replication: their definitions, and the recorder that computes them.
//!
//! Every KPI is measured over the window from the end of the warm-up to the horizon, on
//! the mentions that arrived in it. Shares are fractions (0.52, not 52%); times are in
//! minutes; money is in the scenario's currency. The accounting identity
//! `mentions = answered + dropped + open_at_end` holds in every replication.

use crate::record::{self, Recorder};
use crate::scenario::{OutcomeState, Scenario};
use crate::stats::{Quantiles, Welford};

/// A KPI's name and meaning, for tables, files and the README glossary.
#[derive(Debug, Clone, Copy)]
pub struct KpiDef {
    /// Name in files (units in the name).
    pub name: &'static str,
    /// One-line meaning.
    pub meaning: &'static str,
}

/// The KPIs every run reports, in report order. Per-channel mean first-response times
/// (`frt_mean_min.<channel>`) follow `frt_p95_min`; per-group occupancies
/// (`occupancy.<group>`) follow `occupancy`.
pub const KPIS: &[KpiDef] = &[
    KpiDef {
        name: "mentions",
        meaning: "mentions that arrived, spawned ones included",
    },
    KpiDef {
        name: "spawned_mentions",
        meaning: "mentions spawned by virality (\"me too\" posts and frustrated reposts)",
    },
    KpiDef {
        name: "answered",
        meaning: "mentions that got a first reply (from an agent or the bot)",
    },
    KpiDef {
        name: "dropped",
        meaning: "mentions dropped unanswered (class never answered, past max_age, or the customer left)",
    },
    KpiDef {
        name: "open_at_end",
        meaning: "mentions still waiting for a first reply at the horizon",
    },
    KpiDef {
        name: "abandoned",
        meaning: "customers whose patience ran out before an agent took their mention",
    },
    KpiDef {
        name: "escalated",
        meaning: "frustrated customers who phoned instead",
    },
    KpiDef {
        name: "moved_private",
        meaning: "answered conversations moved to a private channel",
    },
    KpiDef {
        name: "bot_answered",
        meaning: "mentions answered by the bot alone",
    },
    KpiDef {
        name: "response_rate",
        meaning: "answered / mentions",
    },
    KpiDef {
        name: "frt_mean_min",
        meaning: "mean first-response time of answered mentions, minutes",
    },
    KpiDef {
        name: "frt_p50_min",
        meaning: "median first-response time, minutes",
    },
    KpiDef {
        name: "frt_p90_min",
        meaning: "90th percentile of first-response time, minutes",
    },
    KpiDef {
        name: "frt_p95_min",
        meaning: "95th percentile of first-response time, minutes",
    },
    KpiDef {
        name: "sla_30m",
        meaning: "share of answerable mentions with a first reply within 30 minutes",
    },
    KpiDef {
        name: "sla_60m",
        meaning: "share of answerable mentions with a first reply within 60 minutes",
    },
    KpiDef {
        name: "wait_mean_min",
        meaning: "mean time in the human queue until an agent took the mention or it left, minutes",
    },
    KpiDef {
        name: "p_wait_pos",
        meaning: "share of queued mentions not taken at once (waited > 0)",
    },
    KpiDef {
        name: "abandon_rate",
        meaning: "abandoned / mentions",
    },
    KpiDef {
        name: "queue_mean",
        meaning: "time-average number of mentions waiting for an agent",
    },
    KpiDef {
        name: "occupancy",
        meaning: "share of available conversation slots in use (all groups)",
    },
    KpiDef {
        name: "quick_effective",
        meaning: "share of customers answered within their expectation, and effectively",
    },
    KpiDef {
        name: "quick_ineffective",
        meaning: "share answered quickly but not effectively",
    },
    KpiDef {
        name: "slow_effective",
        meaning: "share answered effectively but later than expected",
    },
    KpiDef {
        name: "slow_ineffective",
        meaning: "share answered late and not effectively",
    },
    KpiDef {
        name: "ignored",
        meaning: "share never answered (dropped)",
    },
    KpiDef {
        name: "quick_effective_answered",
        meaning: "share of answered customers whose answer was quick and effective",
    },
    KpiDef {
        name: "recommend_rate",
        meaning: "share of customers with an outcome who recommend the brand",
    },
    KpiDef {
        name: "recommenders",
        meaning: "customers who recommend the brand",
    },
    KpiDef {
        name: "negative_impressions",
        meaning: "followers x reach of public negative posts whose authors do not recommend",
    },
    KpiDef {
        name: "positive_impressions",
        meaning: "followers x reach of praise posted by answered public recommenders",
    },
    KpiDef {
        name: "largest_cascade",
        meaning: "mentions in the largest virality cascade (root included)",
    },
    KpiDef {
        name: "agent_hours",
        meaning: "paid agent hours on shift",
    },
    KpiDef {
        name: "cost_agents",
        meaning: "agent hours x hourly cost",
    },
    KpiDef {
        name: "cost_phone",
        meaning: "escalations x cost of a phone contact",
    },
    KpiDef {
        name: "cost_bot",
        meaning: "mentions the bot touched x cost per mention",
    },
    KpiDef {
        name: "cost_total",
        meaning: "cost_agents + cost_phone + cost_bot",
    },
    KpiDef {
        name: "cost_per_recommender",
        meaning: "cost_total / recommenders",
    },
];

/// The KPI names of `scenario`, in report order.
pub fn kpi_names(scenario: &Scenario) -> Vec<String> {
    let mut names = Vec::with_capacity(KPIS.len() + scenario.groups.len());
    for def in KPIS {
        names.push(def.name.to_string());
        if def.name == "frt_p95_min" {
            names.extend(
                scenario
                    .channels
                    .iter()
                    .map(|c| format!("frt_mean_min.{}", c.name)),
            );
        }
        if def.name == "occupancy" {
            names.extend(
                scenario
                    .groups
                    .iter()
                    .map(|g| format!("occupancy.{}", g.name)),
            );
        }
    }
    names
}

/// One row of the hourly series of a replication.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HourRow {
    /// Hour index from the start of the run.
    pub hour: usize,
    /// Hour of the week (0 = Monday 00:00).
    pub hour_of_week: usize,
    /// Counted mentions that arrived in the hour.
    pub arrivals: u64,
    /// First replies posted in the hour.
    pub answered: u64,
    /// Time-average number waiting.
    pub queue_mean: f64,
    /// Number waiting at the end of the hour.
    pub queue_end: u64,
    /// Time-average paid agents on shift.
    pub agents_on_shift: f64,
    /// Time-average agents available net of shrinkage.
    pub agents_available: f64,
    /// Of the answerable mentions arriving in the hour, share answered within 30 min.
    pub sla_30m: f64,
    /// Same within 60 min.
    pub sla_60m: f64,
}

/// One point of the response-time distributions of a replication.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DistPoint {
    /// Time since arrival, minutes.
    pub minutes: f64,
    /// Share of answerable mentions with a first reply within `minutes` (it tops out at
    /// the share answered).
    pub frt_share: f64,
    /// Share of the customers expecting a reply whose expectation is at most `minutes`.
    pub expectation_share: f64,
}

/// The grid of the distribution points: 0.1 minute to 10 days, 10 points per decade.
pub fn distribution_grid() -> Vec<f64> {
    (-10..=42)
        .map(|k| 10f64.powf(f64::from(k) / 10.0))
        .collect()
}

/// The KPIs and hourly series of one replication.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationResult {
    /// Replication index.
    pub index: u64,
    /// KPI values, aligned with [`kpi_names`].
    pub kpis: Vec<f64>,
    /// Hourly series over the horizon.
    pub hourly: Vec<HourRow>,
    /// First-response times against expectations, on [`distribution_grid`].
    pub distribution: Vec<DistPoint>,
}

#[derive(Debug, Clone, Default)]
struct HourCounts {
    arrivals: u64,
    answerable: u64,
    answered: u64,
    within_30: u64,
    within_60: u64,
}

/// Computes the KPIs of one replication from the model's events.
#[derive(Debug, Clone)]
pub struct KpiRecorder<'s> {
    sc: &'s Scenario,
    mentions: u64,
    spawned: u64,
    answerable: u64,
    answered: u64,
    dropped: u64,
    abandoned: u64,
    escalated: u64,
    moved_private: u64,
    bot_touched: u64,
    bot_answered: u64,
    within_30: u64,
    within_60: u64,
    queued: u64,
    waited: u64,
    frt: Welford,
    frt_q: Quantiles,
    frt_by_channel: Vec<Welford>,
    expectation_q: Quantiles,
    wait: Welford,
    outcomes: [u64; 5],
    recommenders: u64,
    negative_impressions: f64,
    positive_impressions: f64,
    hours: Vec<HourCounts>,
    hourly: Vec<HourRow>,
    end: Option<record::RunEnd>,
}

impl<'s> KpiRecorder<'s> {
    /// A recorder for one replication of `scenario`.
    pub fn new(sc: &'s Scenario) -> Self {
        let n_hours = (sc.horizon_min / 60.0).ceil() as usize;
        Self {
            sc,
            mentions: 0,
            spawned: 0,
            answerable: 0,
            answered: 0,
            dropped: 0,
            abandoned: 0,
            escalated: 0,
            moved_private: 0,
            bot_touched: 0,
            bot_answered: 0,
            within_30: 0,
            within_60: 0,
            queued: 0,
            waited: 0,
            frt: Welford::default(),
            frt_q: Quantiles::new(60_000.0),
            frt_by_channel: vec![Welford::default(); sc.channels.len()],
            expectation_q: Quantiles::new(60_000.0),
            wait: Welford::default(),
            outcomes: [0; 5],
            recommenders: 0,
            negative_impressions: 0.0,
            positive_impressions: 0.0,
            hours: vec![HourCounts::default(); n_hours],
            hourly: Vec::with_capacity(n_hours),
            end: None,
        }
    }

    fn hour_counts(&mut self, h: usize) -> &mut HourCounts {
        let last = self.hours.len().saturating_sub(1);
        &mut self.hours[h.min(last)]
    }

    /// The KPI values (aligned with [`kpi_names`]) and hourly rows.
    pub fn into_result(self, index: u64) -> ReplicationResult {
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        let end = self.end.clone().unwrap_or(record::RunEnd {
            window_min: 0.0,
            open_at_end: 0,
            queue_mean: f64::NAN,
            queue_mean_by_class: Vec::new(),
            waiting_at_end_by_class: Vec::new(),
            largest_cascade: 0,
            groups: Vec::new(),
        });
        let with_outcome: u64 = self.outcomes.iter().sum();
        let busy: f64 = end.groups.iter().map(|g| g.busy_slot_min).sum();
        let slots: f64 = end.groups.iter().map(|g| g.slot_min).sum();
        let cost_agents: f64 = end.groups.iter().map(|g| g.cost).sum();
        let cost_phone = self.escalated as f64 * self.sc.phone_call_cost;
        let cost_bot =
            self.bot_touched as f64 * self.sc.bot.as_ref().map_or(0.0, |b| b.cost_per_mention);
        let cost_total = cost_agents + cost_phone + cost_bot;
        let largest = if self.mentions == 0 {
            0
        } else {
            end.largest_cascade.max(1)
        };
        let mut values = Vec::with_capacity(KPIS.len() + end.groups.len());
        for def in KPIS {
            let v = match def.name {
                "mentions" => self.mentions as f64,
                "spawned_mentions" => self.spawned as f64,
                "answered" => self.answered as f64,
                "dropped" => self.dropped as f64,
                "open_at_end" => end.open_at_end as f64,
                "abandoned" => self.abandoned as f64,
                "escalated" => self.escalated as f64,
                "moved_private" => self.moved_private as f64,
                "bot_answered" => self.bot_answered as f64,
                "response_rate" => ratio(self.answered as f64, self.mentions as f64),
                "frt_mean_min" => self.frt.mean(),
                "frt_p50_min" => self.frt_q.quantile(0.5),
                "frt_p90_min" => self.frt_q.quantile(0.9),
                "frt_p95_min" => self.frt_q.quantile(0.95),
                "sla_30m" => ratio(self.within_30 as f64, self.answerable as f64),
                "sla_60m" => ratio(self.within_60 as f64, self.answerable as f64),
                "wait_mean_min" => self.wait.mean(),
                "p_wait_pos" => ratio(self.waited as f64, self.queued as f64),
                "abandon_rate" => ratio(self.abandoned as f64, self.mentions as f64),
                "queue_mean" => end.queue_mean,
                "occupancy" => ratio(busy, slots),
                "quick_effective" | "quick_ineffective" | "slow_effective" | "slow_ineffective"
                | "ignored" => {
                    let state = OutcomeState::ALL
                        .iter()
                        .position(|s| s.name() == def.name)
                        .unwrap_or(0);
                    ratio(self.outcomes[state] as f64, with_outcome as f64)
                }
                "quick_effective_answered" => ratio(
                    self.outcomes[OutcomeState::QuickEffective as usize] as f64,
                    (with_outcome - self.outcomes[OutcomeState::Ignored as usize]) as f64,
                ),
                "recommend_rate" => ratio(self.recommenders as f64, with_outcome as f64),
                "recommenders" => self.recommenders as f64,
                "negative_impressions" => self.negative_impressions,
                "positive_impressions" => self.positive_impressions,
                "largest_cascade" => largest as f64,
                "agent_hours" => end.groups.iter().map(|g| g.paid_agent_min).sum::<f64>() / 60.0,
                "cost_agents" => cost_agents,
                "cost_phone" => cost_phone,
                "cost_bot" => cost_bot,
                "cost_total" => cost_total,
                "cost_per_recommender" => ratio(cost_total, self.recommenders as f64),
                other => unreachable!("KPI `{other}` has no definition"),
            };
            values.push(v);
            if def.name == "frt_p95_min" {
                values.extend(self.frt_by_channel.iter().map(Welford::mean));
            }
            if def.name == "occupancy" {
                values.extend(
                    end.groups
                        .iter()
                        .map(|g| ratio(g.busy_slot_min, g.slot_min)),
                );
            }
        }
        let mut hourly = self.hourly;
        for row in &mut hourly {
            if let Some(c) = self.hours.get(row.hour) {
                row.arrivals = c.arrivals;
                row.answered = c.answered;
                row.sla_30m = ratio(c.within_30 as f64, c.answerable as f64);
                row.sla_60m = ratio(c.within_60 as f64, c.answerable as f64);
            }
        }
        let expecting = self.expectation_q.count() as f64;
        let grid = distribution_grid();
        let answered_by = self.frt_q.counts_at_or_below(&grid);
        let expecting_by = self.expectation_q.counts_at_or_below(&grid);
        let distribution = grid
            .iter()
            .zip(answered_by.iter().zip(&expecting_by))
            .map(|(&minutes, (&a, &e))| DistPoint {
                minutes,
                frt_share: ratio(a as f64, self.answerable as f64),
                expectation_share: ratio(e as f64, expecting),
            })
            .collect();
        ReplicationResult {
            index,
            kpis: values,
            hourly,
            distribution,
        }
    }
}

impl Recorder for KpiRecorder<'_> {
    fn arrival(&mut self, e: &record::Arrival) {
        self.mentions += 1;
        self.spawned += u64::from(e.spawned);
        self.bot_touched += u64::from(e.bot);
        self.answerable += u64::from(e.answerable);
        if e.expectation_min.is_finite() {
            self.expectation_q.record(e.expectation_min);
        }
        let h = self.hour_counts(e.hour);
        h.arrivals += 1;
        h.answerable += u64::from(e.answerable);
    }

    fn queue_exit(&mut self, e: &record::QueueExit) {
        self.queued += 1;
        self.waited += u64::from(e.wait_min > 0.0);
        self.wait.push(e.wait_min);
    }

    fn abandon(&mut self, e: &record::Abandon) {
        self.abandoned += 1;
        self.escalated += u64::from(e.escalated);
    }

    fn first_reply(&mut self, e: &record::FirstReply) {
        self.answered += 1;
        self.moved_private += u64::from(e.moved_private);
        self.bot_answered += u64::from(e.by_bot);
        self.frt.push(e.frt_min);
        self.frt_by_channel[e.channel].push(e.frt_min);
        self.frt_q.record(e.frt_min);
        let w30 = e.frt_min <= 30.0;
        let w60 = e.frt_min <= 60.0;
        self.within_30 += u64::from(w30);
        self.within_60 += u64::from(w60);
        let reply_hour = (e.t_min / 60.0) as usize;
        self.hour_counts(reply_hour).answered += 1;
        let h = self.hour_counts(e.arrival_hour);
        h.within_30 += u64::from(w30);
        h.within_60 += u64::from(w60);
    }

    fn dropped(&mut self, _e: &record::Drop) {
        self.dropped += 1;
    }

    fn outcome(&mut self, e: &record::Outcome) {
        self.outcomes[e.state as usize] += 1;
        self.recommenders += u64::from(e.recommends);
        self.negative_impressions += e.negative_impressions;
        self.positive_impressions += e.positive_impressions;
    }

    fn hour(&mut self, e: &record::HourSnapshot) {
        // Time-averages come from differences of running integrals: round away the last
        // bits of floating-point noise (16.999999999999954 agents is 17).
        let clean = |x: f64| (x * 1e9).round() / 1e9;
        self.hourly.push(HourRow {
            hour: e.hour,
            hour_of_week: e.hour_of_week,
            arrivals: 0,
            answered: 0,
            queue_mean: clean(e.queue_mean),
            queue_end: e.queue_end as u64,
            agents_on_shift: clean(e.agents_on_shift),
            agents_available: clean(e.agents_available),
            sla_30m: f64::NAN,
            sla_60m: f64::NAN,
        });
    }

    fn finish(&mut self, e: &record::RunEnd) {
        self.end = Some(e.clone());
    }
}
