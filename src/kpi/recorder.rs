//! The recorder that computes the KPIs of one replication: it counts the model's events
//! into a [`Tally`], from which every KPI of the registry ([`super::KPIS`]) is computed.

use crate::record::{self, Recorder};
use crate::scenario::Scenario;
use crate::stats::{Quantiles, Welford};

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
    /// KPI values, aligned with [`kpi_names`](super::kpi_names).
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

/// The counts and streaming statistics of one replication, from which every KPI is
/// computed (see [`super::KPIS`]).
#[derive(Debug, Clone)]
pub struct Tally {
    pub(crate) mentions: u64,
    pub(crate) spawned: u64,
    pub(crate) answerable: u64,
    pub(crate) answered: u64,
    pub(crate) dropped: u64,
    pub(crate) abandoned: u64,
    pub(crate) escalated: u64,
    pub(crate) moved_private: u64,
    pub(crate) bot_touched: u64,
    pub(crate) bot_answered: u64,
    pub(crate) within_30: u64,
    pub(crate) within_60: u64,
    pub(crate) queued: u64,
    pub(crate) waited: u64,
    pub(crate) frt: Welford,
    pub(crate) frt_q: Quantiles,
    pub(crate) frt_by_channel: Vec<Welford>,
    pub(crate) wait: Welford,
    pub(crate) outcomes: [u64; 5],
    pub(crate) recommenders: u64,
    pub(crate) negative_impressions: f64,
    pub(crate) positive_impressions: f64,
    pub(crate) end: record::RunEnd,
    phone_call_cost: f64,
    bot_cost_per_mention: f64,
}

impl Tally {
    fn new(sc: &Scenario) -> Self {
        Tally {
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
            wait: Welford::default(),
            outcomes: [0; 5],
            recommenders: 0,
            negative_impressions: 0.0,
            positive_impressions: 0.0,
            end: record::RunEnd {
                window_min: 0.0,
                open_at_end: 0,
                queue_mean: f64::NAN,
                queue_mean_by_class: Vec::new(),
                waiting_at_end_by_class: Vec::new(),
                largest_cascade: 0,
                groups: Vec::new(),
            },
            phone_call_cost: sc.phone_call_cost,
            bot_cost_per_mention: sc.bot.as_ref().map_or(0.0, |b| b.cost_per_mention),
        }
    }

    /// Customers with an outcome.
    pub(crate) fn with_outcome(&self) -> u64 {
        self.outcomes.iter().sum()
    }

    /// Conversation-slot minutes in use, all groups.
    pub(crate) fn busy_slot_min(&self) -> f64 {
        self.end.groups.iter().map(|g| g.busy_slot_min).sum()
    }

    /// Available conversation-slot minutes, all groups.
    pub(crate) fn slot_min(&self) -> f64 {
        self.end.groups.iter().map(|g| g.slot_min).sum()
    }

    /// Agent hours x hourly cost.
    pub(crate) fn cost_agents(&self) -> f64 {
        self.end.groups.iter().map(|g| g.cost).sum()
    }

    /// Escalations x cost of a phone contact.
    pub(crate) fn cost_phone(&self) -> f64 {
        self.escalated as f64 * self.phone_call_cost
    }

    /// Mentions the bot touched x its cost per mention.
    pub(crate) fn cost_bot(&self) -> f64 {
        self.bot_touched as f64 * self.bot_cost_per_mention
    }

    /// Agents, phone and bot.
    pub(crate) fn cost_total(&self) -> f64 {
        self.cost_agents() + self.cost_phone() + self.cost_bot()
    }

    /// Mentions in the largest cascade (1 if any mention arrived).
    pub(crate) fn largest_cascade(&self) -> u64 {
        if self.mentions == 0 {
            0
        } else {
            self.end.largest_cascade.max(1)
        }
    }
}

/// Computes the KPIs of one replication from the model's events.
#[derive(Debug, Clone)]
pub struct KpiRecorder<'s> {
    sc: &'s Scenario,
    t: Tally,
    expectation_q: Quantiles,
    hours: Vec<HourCounts>,
    hourly: Vec<HourRow>,
}

impl<'s> KpiRecorder<'s> {
    /// A recorder for one replication of `scenario`.
    pub fn new(sc: &'s Scenario) -> Self {
        let n_hours = (sc.horizon_min / 60.0).ceil() as usize;
        Self {
            sc,
            t: Tally::new(sc),
            expectation_q: Quantiles::new(60_000.0),
            hours: vec![HourCounts::default(); n_hours],
            hourly: Vec::with_capacity(n_hours),
        }
    }

    fn hour_counts(&mut self, h: usize) -> &mut HourCounts {
        let last = self.hours.len().saturating_sub(1);
        &mut self.hours[h.min(last)]
    }

    /// The KPI values (aligned with [`kpi_names`](super::kpi_names)) and hourly rows.
    pub fn into_result(self, index: u64) -> ReplicationResult {
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        let values = super::values(&self.t, self.sc);
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
        let answered_by = self.t.frt_q.counts_at_or_below(&grid);
        let expecting_by = self.expectation_q.counts_at_or_below(&grid);
        let distribution = grid
            .iter()
            .zip(answered_by.iter().zip(&expecting_by))
            .map(|(&minutes, (&a, &e))| DistPoint {
                minutes,
                frt_share: ratio(a as f64, self.t.answerable as f64),
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
        self.t.mentions += 1;
        self.t.spawned += u64::from(e.spawned);
        self.t.bot_touched += u64::from(e.bot);
        self.t.answerable += u64::from(e.answerable);
        if e.expectation_min.is_finite() {
            self.expectation_q.record(e.expectation_min);
        }
        let h = self.hour_counts(e.hour);
        h.arrivals += 1;
        h.answerable += u64::from(e.answerable);
    }

    fn queue_exit(&mut self, e: &record::QueueExit) {
        self.t.queued += 1;
        self.t.waited += u64::from(e.wait_min > 0.0);
        self.t.wait.push(e.wait_min);
    }

    fn abandon(&mut self, e: &record::Abandon) {
        self.t.abandoned += 1;
        self.t.escalated += u64::from(e.escalated);
    }

    fn first_reply(&mut self, e: &record::FirstReply) {
        self.t.answered += 1;
        self.t.moved_private += u64::from(e.moved_private);
        self.t.bot_answered += u64::from(e.by_bot);
        self.t.frt.push(e.frt_min);
        self.t.frt_by_channel[e.channel].push(e.frt_min);
        self.t.frt_q.record(e.frt_min);
        let w30 = e.frt_min <= 30.0;
        let w60 = e.frt_min <= 60.0;
        self.t.within_30 += u64::from(w30);
        self.t.within_60 += u64::from(w60);
        let reply_hour = (e.t_min / 60.0) as usize;
        self.hour_counts(reply_hour).answered += 1;
        let h = self.hour_counts(e.arrival_hour);
        h.within_30 += u64::from(w30);
        h.within_60 += u64::from(w60);
    }

    fn dropped(&mut self, _e: &record::Drop) {
        self.t.dropped += 1;
    }

    fn outcome(&mut self, e: &record::Outcome) {
        self.t.outcomes[e.state as usize] += 1;
        self.t.recommenders += u64::from(e.recommends);
        self.t.negative_impressions += e.negative_impressions;
        self.t.positive_impressions += e.positive_impressions;
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
        self.t.end = e.clone();
    }
}
