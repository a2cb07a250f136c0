//! The recorder that computes the KPIs of one replication: it counts the model's events
//! into a [`Tally`], from which every KPI of the registry ([`super::KPIS`]) is computed.

use crate::record::{self, Recorder};
use crate::scenario::{OutcomeState, Scenario, calendar};
use crate::stats::{Mean, Quantiles};

/// One row of the hourly series of a replication.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HourRow {
    /// Hour index from the start of the run.
    pub hour: usize,
    /// Hour of the week (0 = Monday 00:00).
    pub hour_of_week: usize,
    /// The hour lies, wholly or in part, in the warm-up (not measured).
    pub warmup: bool,
    /// Mentions that arrived in the hour, in the warm-up too (spawned ones included).
    pub arrivals: u64,
    /// First replies posted in the hour to cohort mentions.
    pub answered: u64,
    /// Time-average number waiting.
    pub queue_mean: f64,
    /// Number waiting at the end of the hour.
    pub queue_end: u64,
    /// Time-average paid agents on shift.
    pub agents_on_shift: f64,
    /// Time-average agents available net of shrinkage.
    pub agents_available: f64,
    /// Of the answerable mentions arriving in the hour, share whose first reply was
    /// posted within the scenario's first service-level threshold.
    pub answered_within: f64,
    /// Of the same, share taken by an agent (or answered by the bot) within it.
    pub taken_within: f64,
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
    /// Per service-level target of the scenario (`targets.service_level`), in order: the
    /// counts by hour of the week of arrival.
    pub service: Vec<ServiceCounts>,
    /// Set when the replication stopped early with more mentions in the system than
    /// `limits.max_in_system`: its KPIs are then all undefined (NaN) and its service
    /// counts empty, its hourly series stops at the overload.
    pub overloaded: Option<record::Overload>,
}

/// The counts behind one service-level target in one replication: of the measured
/// cohort's answerable mentions of the target's channel and class, by the hour of the week
/// they arrived in (0 = Monday 00:00), how many arrived and how many had a first reply
/// within the target's duration (those never answered count as not within).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceCounts {
    /// Answerable mentions per hour of the week.
    pub answerable: Vec<u64>,
    /// Of them, answered within the target's duration.
    pub within: Vec<u64>,
}

impl ServiceCounts {
    fn new() -> Self {
        ServiceCounts {
            answerable: vec![0; crate::scenario::calendar::WEEK_H],
            within: vec![0; crate::scenario::calendar::WEEK_H],
        }
    }
}

#[derive(Debug, Clone, Default)]
struct HourCounts {
    answerable: u64,
    answered: u64,
    answered_within: u64,
    taken_within: u64,
}

/// The response times and outcomes of a set of the cohort's mentions: one (class,
/// channel) cell as recorded, or a class or channel as the sum of its cells.
#[derive(Debug, Clone)]
pub(crate) struct Counts {
    pub(crate) answerable: u64,
    /// Per service-level threshold: first replies within it.
    pub(crate) answered_within: Vec<u64>,
    /// Response times, censored ones (never answered) at their age.
    pub(crate) frt: Mean,
    /// First-reply times of the answered mentions only.
    pub(crate) reply: Mean,
    /// Customers with an outcome, of them ignored and recommending.
    pub(crate) customers: u64,
    pub(crate) ignored: u64,
    pub(crate) recommenders: u64,
}

impl Counts {
    fn new(thresholds: usize) -> Self {
        Counts {
            answerable: 0,
            answered_within: vec![0; thresholds],
            frt: Mean::default(),
            reply: Mean::default(),
            customers: 0,
            ignored: 0,
            recommenders: 0,
        }
    }

    /// Adds the mentions of `other`.
    fn add(&mut self, other: &Counts) {
        self.answerable += other.answerable;
        add_each(&mut self.answered_within, &other.answered_within);
        self.frt.add(&other.frt);
        self.reply.add(&other.reply);
        self.customers += other.customers;
        self.ignored += other.ignored;
        self.recommenders += other.recommenders;
    }
}

/// Adds each count of `from` to the same place of `to`.
fn add_each(to: &mut [u64], from: &[u64]) {
    for (n, m) in to.iter_mut().zip(from) {
        *n += m;
    }
}

/// The response times and outcomes of one class or one channel of a replication: the sum
/// of its cells, made when the replication ends.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    pub(crate) counts: Counts,
    /// The sketch of the response times, censored ones included.
    pub(crate) frt_q: Quantiles,
}

/// What is recorded of the mentions of one (class, channel) cell. Each mention's figures
/// are recorded once, in its cell; those of the whole cohort and of each class and channel
/// are sums of cells, added when the replication ends (counts and sketches add exactly, so
/// the quantiles are those of recording every time in each).
#[derive(Debug, Clone)]
struct Cell {
    counts: Counts,
    /// First-reply times of the answered mentions.
    reply: Quantiles,
    /// Response times counted at their age because no reply came.
    censored: Quantiles,
}

/// The counts and streaming statistics of one replication, from which every KPI is
/// computed (see [`super::KPIS`]). Counts cover the measured cohort.
#[derive(Debug, Clone)]
pub struct Tally {
    pub(crate) mentions: u64,
    pub(crate) spawned: u64,
    pub(crate) spreads: u64,
    pub(crate) answerable: u64,
    pub(crate) not_answerable: u64,
    pub(crate) answered: u64,
    pub(crate) dropped: u64,
    pub(crate) abandoned: u64,
    pub(crate) escalated: u64,
    pub(crate) moved_private: u64,
    pub(crate) bot_touched: u64,
    pub(crate) bot_answered: u64,
    /// The service-level thresholds, minutes.
    pub(crate) thresholds: Vec<f64>,
    /// Per threshold: answerable mentions with a first reply within it.
    pub(crate) answered_within: Vec<u64>,
    /// Per threshold: answerable mentions taken by an agent (or answered by the bot)
    /// within it.
    pub(crate) taken_within: Vec<u64>,
    pub(crate) queued: u64,
    pub(crate) waited: u64,
    /// Response times of answerable mentions; those never answered (dropped past
    /// max_age, or open when the follow-up ended) count at their age. The sum of the
    /// cells', like the counts within each threshold.
    pub(crate) frt: Mean,
    /// Their sketch, the sum of the cells' (see [`Cell`]).
    pub(crate) frt_q: Quantiles,
    /// Response times counted at their age because no reply came.
    pub(crate) censored: u64,
    /// First-reply times of the answered mentions only (the distribution chart).
    reply_q: Quantiles,
    /// Per class, then per channel.
    pub(crate) segments: Vec<Segment>,
    n_classes: usize,
    /// Per (class, channel) cell, `class x channels + channel`.
    cells: Vec<Cell>,
    pub(crate) wait: Mean,
    pub(crate) outcomes: [u64; OutcomeState::ALL.len()],
    pub(crate) recommenders: u64,
    pub(crate) negative_impressions: f64,
    pub(crate) positive_impressions: f64,
    pub(crate) end: record::RunEnd,
    /// The backlog measured over the window's whole periods, set when the run ends.
    pub(crate) backlog: Option<(super::backlog::Period, super::backlog::Measured)>,
    phone_call_cost: f64,
    bot_cost_per_mention: f64,
}

impl Tally {
    fn new(sc: &Scenario) -> Self {
        let n_sla = sc.service_levels_min.len();
        Tally {
            mentions: 0,
            spawned: 0,
            spreads: 0,
            answerable: 0,
            not_answerable: 0,
            answered: 0,
            dropped: 0,
            abandoned: 0,
            escalated: 0,
            moved_private: 0,
            bot_touched: 0,
            bot_answered: 0,
            thresholds: sc.service_levels_min.clone(),
            answered_within: vec![0; n_sla],
            taken_within: vec![0; n_sla],
            queued: 0,
            waited: 0,
            frt: Mean::default(),
            frt_q: Quantiles::new(60_000.0),
            censored: 0,
            reply_q: Quantiles::new(60_000.0),
            segments: (0..sc.classes.len() + sc.channels.len())
                .map(|_| Segment {
                    counts: Counts::new(n_sla),
                    frt_q: Quantiles::new(60_000.0),
                })
                .collect(),
            n_classes: sc.classes.len(),
            cells: (0..sc.classes.len() * sc.channels.len())
                .map(|_| Cell {
                    counts: Counts::new(n_sla),
                    reply: Quantiles::new(60_000.0),
                    censored: Quantiles::new(60_000.0),
                })
                .collect(),
            wait: Mean::default(),
            outcomes: [0; OutcomeState::ALL.len()],
            recommenders: 0,
            negative_impressions: 0.0,
            positive_impressions: 0.0,
            backlog: None,
            end: record::RunEnd {
                queue_mean: f64::NAN,
                ..record::RunEnd::default()
            },
            phone_call_cost: sc.phone_call_cost,
            bot_cost_per_mention: sc.bot.as_ref().map_or(0.0, |b| b.cost_per_mention),
        }
    }

    /// The index of the cell of `class` and `channel` in `cells`.
    fn cell_index(&self, class: usize, channel: usize) -> usize {
        class * (self.segments.len() - self.n_classes) + channel
    }

    /// The cell of `class` and `channel`.
    fn cell(&mut self, class: usize, channel: usize) -> &mut Cell {
        let i = self.cell_index(class, channel);
        &mut self.cells[i]
    }

    /// A response time counted at its age: the mention got no reply.
    fn censored_response(&mut self, class: usize, channel: usize, age: f64) {
        self.censored += 1;
        let cell = self.cell(class, channel);
        cell.counts.frt.push(age);
        cell.censored.record(age);
    }

    /// Adds the cells into the cohort's response times and into the segments (once, when
    /// the replication ends).
    fn add_up_cells(&mut self) {
        let channels = self.segments.len() - self.n_classes;
        let (classes, by_channel) = self.segments.split_at_mut(self.n_classes);
        for (i, c) in self.cells.iter().enumerate() {
            self.frt.add(&c.counts.frt);
            add_each(&mut self.answered_within, &c.counts.answered_within);
            self.reply_q.add(&c.reply);
            for s in [&mut classes[i / channels], &mut by_channel[i % channels]] {
                s.counts.add(&c.counts);
                for q in [&c.reply, &c.censored] {
                    s.frt_q.add(q);
                }
            }
            for q in [&c.reply, &c.censored] {
                self.frt_q.add(q);
            }
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

    /// Available agent-minutes, all groups.
    pub(crate) fn available_agent_min(&self) -> f64 {
        self.end.groups.iter().map(|g| g.available_agent_min).sum()
    }

    /// Agent-minutes of available agents writing at least one reply, all groups.
    pub(crate) fn writing_agent_min(&self) -> f64 {
        self.end.groups.iter().map(|g| g.writing_agent_min).sum()
    }

    /// Agent hours x hourly cost, overtime included.
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

    /// Cohort mentions in the largest cascade (1 if any mention arrived).
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
    service: Vec<ServiceCounts>,
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
            service: sc
                .targets
                .service_levels
                .iter()
                .map(|_| ServiceCounts::new())
                .collect(),
        }
    }

    /// The counts of hour `h` of the horizon (`None` in the follow-up).
    fn hour_counts(&mut self, h: usize) -> Option<&mut HourCounts> {
        self.hours.get_mut(h)
    }

    /// The first service-level threshold, minutes (the hourly series use it).
    fn first_threshold(&self) -> f64 {
        self.t.thresholds.first().copied().unwrap_or(f64::NAN)
    }

    /// The KPI values (aligned with [`kpi_names`](super::kpi_names)) and hourly rows.
    pub fn into_result(mut self, index: u64) -> ReplicationResult {
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        let mut hourly = std::mem::take(&mut self.hourly);
        for row in &mut hourly {
            if let Some(c) = self.hours.get(row.hour) {
                row.answered = c.answered;
                row.answered_within = ratio(c.answered_within as f64, c.answerable as f64);
                row.taken_within = ratio(c.taken_within as f64, c.answerable as f64);
            }
        }
        self.t.backlog =
            super::backlog::measure_window(&hourly, &super::backlog::Window::of(self.sc));
        self.t.add_up_cells();
        let values = super::values(&self.t, self.sc);
        let expecting = self.expectation_q.count() as f64;
        let grid = distribution_grid();
        let answered_by = self.t.reply_q.counts_at_or_below(&grid);
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
        let overloaded = self.t.end.overloaded;
        if overloaded.is_some() {
            // A replication cut short measures a plan that cannot keep up: none of its
            // numbers may pass for the plan's.
            return ReplicationResult {
                index,
                kpis: vec![f64::NAN; values.len()],
                hourly,
                distribution: Vec::new(),
                service: Vec::new(),
                overloaded,
            };
        }
        ReplicationResult {
            index,
            kpis: values,
            hourly,
            distribution,
            service: self.service,
            overloaded,
        }
    }
}

impl Recorder for KpiRecorder<'_> {
    fn arrival(&mut self, e: &record::Arrival) {
        let t = &mut self.t;
        t.mentions += 1;
        t.spawned += u64::from(e.spawned);
        t.spreads += u64::from(e.spreads);
        t.bot_touched += u64::from(e.bot);
        t.answerable += u64::from(e.answerable);
        t.not_answerable += u64::from(!e.answerable);
        if e.answerable {
            t.cell(e.class, e.channel).counts.answerable += 1;
        }
        if e.expectation_min.is_finite() {
            self.expectation_q.record(e.expectation_min);
        }
        if let Some(h) = self.hour_counts(e.hour) {
            h.answerable += u64::from(e.answerable);
        }
        if e.answerable && !self.service.is_empty() {
            let how = self.sc.hour_of_week(e.hour as f64 * 60.0);
            for (c, t) in self.service.iter_mut().zip(&self.sc.targets.service_levels) {
                if t.covers(e.class, e.channel) {
                    c.answerable[how] += 1;
                }
            }
        }
    }

    fn queue_exit(&mut self, e: &record::QueueExit) {
        self.t.queued += 1;
        self.t.waited += u64::from(e.wait_min > 0.0);
        self.t.wait.push(e.wait_min);
        if e.served {
            for (n, &limit) in self.t.taken_within.iter_mut().zip(&self.t.thresholds) {
                *n += u64::from(e.wait_min <= limit);
            }
            let first = self.first_threshold();
            let arrival_hour = calendar::hour_index(e.t_min - e.wait_min);
            if e.wait_min <= first
                && let Some(h) = self.hour_counts(arrival_hour)
            {
                h.taken_within += 1;
            }
        }
    }

    fn abandon(&mut self, e: &record::Abandon) {
        self.t.abandoned += 1;
        self.t.escalated += u64::from(e.escalated);
    }

    fn first_reply(&mut self, e: &record::FirstReply) {
        let first = self.first_threshold();
        let t = &mut self.t;
        t.answered += 1;
        t.bot_answered += u64::from(e.by_bot && !e.acknowledgement);
        // The bot's answer is the first touch: taken and answered at once (an
        // acknowledgement is not taken: the human who later starts on it is).
        if e.by_bot && !e.acknowledgement {
            for (n, &limit) in t.taken_within.iter_mut().zip(&t.thresholds) {
                *n += u64::from(e.frt_min <= limit);
            }
        }
        // The cell by index, not `cell()`: the thresholds are read while it is written.
        let i = t.cell_index(e.class, e.channel);
        let cell = &mut t.cells[i];
        cell.reply.record(e.frt_min);
        cell.counts.frt.push(e.frt_min);
        cell.counts.reply.push(e.frt_min);
        for (n, &limit) in cell.counts.answered_within.iter_mut().zip(&t.thresholds) {
            *n += u64::from(e.frt_min <= limit);
        }
        let reply_hour = calendar::hour_index(e.t_min);
        if let Some(h) = self.hour_counts(reply_hour) {
            h.answered += 1;
        }
        if !self.service.is_empty() {
            let how = self.sc.hour_of_week(e.arrival_hour as f64 * 60.0);
            for (c, t) in self.service.iter_mut().zip(&self.sc.targets.service_levels) {
                if e.frt_min <= t.within_min && t.covers(e.class, e.channel) {
                    c.within[how] += 1;
                }
            }
        }
        if let Some(h) = self.hour_counts(e.arrival_hour) {
            let within = e.frt_min <= first;
            h.answered_within += u64::from(within);
            h.taken_within += u64::from(within && e.by_bot && !e.acknowledgement);
        }
    }

    fn moved_private(&mut self, _e: &record::MovedPrivate) {
        self.t.moved_private += 1;
    }

    fn dropped(&mut self, e: &record::Drop) {
        self.t.dropped += 1;
        if matches!(
            e.reason,
            record::DropReason::MaxAge | record::DropReason::Escalated
        ) {
            self.t.censored_response(e.class, e.channel, e.age_min);
        }
    }

    fn still_open(&mut self, e: &record::StillOpen) {
        self.t.censored_response(e.class, e.channel, e.age_min);
    }

    fn outcome(&mut self, e: &record::Outcome) {
        let t = &mut self.t;
        t.outcomes[e.state as usize] += 1;
        t.recommenders += u64::from(e.recommends);
        t.negative_impressions += e.negative_impressions;
        t.positive_impressions += e.positive_impressions;
        let c = &mut t.cell(e.class, e.channel).counts;
        c.customers += 1;
        c.ignored += u64::from(e.state == OutcomeState::Ignored);
        c.recommenders += u64::from(e.recommends);
    }

    fn hour(&mut self, e: &record::HourSnapshot) {
        // Time-averages come from differences of running integrals: round away the last
        // bits of floating-point noise (16.999999999999954 agents is 17).
        let clean = |x: f64| (x * 1e9).round() / 1e9;
        self.hourly.push(HourRow {
            hour: e.hour,
            hour_of_week: e.hour_of_week,
            warmup: self.sc.in_warmup(e.hour),
            arrivals: e.arrivals as u64,
            answered: 0,
            queue_mean: clean(e.queue_mean),
            queue_end: e.queue_end as u64,
            agents_on_shift: clean(e.agents_on_shift),
            agents_available: clean(e.agents_available),
            answered_within: f64::NAN,
            taken_within: f64::NAN,
        });
    }

    fn finish(&mut self, e: &record::RunEnd) {
        self.t.end = e.clone();
    }
}
