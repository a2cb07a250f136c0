//! Measurement: the hourly snapshots, the warm-up cut, the window's integrals at the
//! horizon and the end of the follow-up, as the model reports them to its [`Recorder`]. Queue lengths and group usage are integrated
//! exactly over time (areas under piecewise-constant curves), not sampled.

use super::event::{Event, Key};
use super::mention::Phase;
use super::routing::Routing;
use super::{Sim, index};
use crate::engine::SimTime;
use crate::record::{self, Recorder};
use crate::scenario::OutcomeState;

impl<R: Recorder, P: Routing> Sim<'_, R, P> {
    /// An hour of the horizon ended: its time-averages are reported.
    pub(super) fn on_hour(&mut self) {
        let now = self.now();
        self.sync_queue_integrals();
        let span = (now - self.hour_last_t).max(1e-12);
        let mut paid = 0.0;
        let mut avail = 0.0;
        for (g, gs) in self.groups.iter_mut().enumerate() {
            gs.touch(now, self.sc.groups[g].concurrency);
            let last = &mut self.hour_last_groups[g];
            paid += gs.paid_area - last[0];
            avail += gs.avail_area - last[1];
            *last = [gs.paid_area, gs.avail_area];
        }
        let queue_mean = (self.queue_area - self.hour_last_queue) / span;
        let hour = (self.hour_last_t / 60.0).round() as usize;
        self.hour_last_queue = self.queue_area;
        self.hour_last_t = now;
        self.rec.hour(&record::HourSnapshot {
            hour,
            hour_of_week: self.sc.hour_of_week(hour as f64 * 60.0),
            arrivals: std::mem::take(&mut self.hour_arrivals),
            queue_mean,
            queue_end: self.waiting as usize,
            agents_on_shift: paid / span,
            agents_available: avail / span,
        });
        let next = (now + 60.0).min(self.horizon);
        if next > now {
            self.q.schedule(SimTime(next), Event::Hour);
        }
    }

    /// The warm-up ended: the integrals so far are set aside.
    pub(super) fn on_warmup_end(&mut self) {
        let now = self.now();
        self.sync_queue_integrals();
        self.queue_at_warmup = self.queue_area;
        for c in &mut self.class_queue {
            c.3 = c.1;
        }
        for (g, gs) in self.groups.iter_mut().enumerate() {
            gs.touch(now, self.sc.groups[g].concurrency);
            gs.at_warmup = [gs.busy_area, gs.slot_area, gs.avail_area, gs.writing_area];
        }
    }

    /// The horizon is reached: the measured window's integrals are taken, and what is
    /// still waiting then.
    pub(super) fn close_window(&mut self) {
        let now = self.horizon;
        self.sync_queue_integrals();
        let open_at_horizon = self
            .mentions
            .iter()
            .filter(|m| m.alive && m.counted && !m.responded && m.phase != Phase::Done)
            .count() as u64;
        let mut waiting_at_horizon = vec![(0, 0.0); self.sc.classes.len()];
        for m in &self.mentions {
            if m.alive && m.counted && m.phase == Phase::Waiting {
                let w = &mut waiting_at_horizon[m.class as usize];
                w.0 += 1;
                w.1 += now - m.arrival;
            }
        }
        let window = self.horizon - self.warmup;
        // Overtime still going on at the horizon counts up to it.
        let mut overtime_ongoing = vec![0.0; self.groups.len()];
        for agent in &self.agents {
            let span = now - agent.overtime_since.max(self.warmup);
            if !agent.overtime_since.is_nan() && span > 0.0 {
                overtime_ongoing[agent.group as usize] += span;
            }
        }
        let mut groups = Vec::new();
        for (g, gs) in self.groups.iter_mut().enumerate() {
            let spec = &self.sc.groups[g];
            gs.touch(now, spec.concurrency);
            let paid = gs.paid_in_window;
            let overtime = gs.overtime_in_window + overtime_ongoing[g];
            let overtime_cost = overtime / 60.0 * spec.cost_per_h * self.sc.overtime_factor;
            groups.push(record::GroupUsage {
                name: spec.name.clone(),
                busy_slot_min: gs.busy_area - gs.at_warmup[0],
                slot_min: gs.slot_area - gs.at_warmup[1],
                available_agent_min: gs.avail_area - gs.at_warmup[2],
                writing_agent_min: gs.writing_area - gs.at_warmup[3],
                paid_agent_min: paid,
                overtime_agent_min: overtime,
                handed_back: gs.handed_back,
                overtime_cost,
                cost: paid / 60.0 * spec.cost_per_h + overtime_cost,
            });
        }
        self.window = Some(Window {
            open_at_horizon,
            queue_mean: (self.queue_area - self.queue_at_warmup) / window,
            queue_mean_by_class: self
                .class_queue
                .iter()
                .map(|c| (c.1 - c.3) / window)
                .collect(),
            waiting_at_horizon_by_class: waiting_at_horizon,
            groups,
        });
    }

    /// The follow-up is over: the cohort mentions still open are reported, censored at
    /// their age, and the run's end.
    pub(super) fn finish(&mut self) {
        let now = self.now();
        let open: Vec<Key> = (0..self.mentions.len())
            .filter(|&i| {
                let m = &self.mentions[i];
                m.alive && m.counted && !m.answered && m.phase != Phase::Done
            })
            .map(|i| Key {
                idx: index(i, "mention slot"),
                generation: self.mentions[i].generation,
            })
            .collect();
        let mut open_at_end = 0;
        for k in open {
            let m = &self.mentions[k.idx as usize];
            // An acknowledgement counted as the first response: answered in the
            // accounting, but the customer never got the human answer.
            if !m.responded {
                open_at_end += 1;
                self.rec.still_open(&record::StillOpen {
                    class: m.class as usize,
                    channel: m.channel as usize,
                    age_min: now - m.arrival,
                });
            }
            // Never answered as far as the run can tell: the customer's outcome.
            self.outcome(k, OutcomeState::Ignored);
        }
        let w = self.window.take().unwrap_or_default();
        self.rec.finish(&record::RunEnd {
            window_min: self.horizon - self.warmup,
            follow_up_min: now - self.horizon,
            open_at_horizon: w.open_at_horizon,
            open_at_end,
            queue_mean: w.queue_mean,
            queue_mean_by_class: w.queue_mean_by_class,
            waiting_at_horizon_by_class: w.waiting_at_horizon_by_class,
            largest_cascade: u64::from(self.largest_cascade),
            groups: w.groups,
            overloaded: self.overloaded,
        });
    }
}

/// The integrals of the measured window, taken at the horizon.
#[derive(Debug, Clone, Default)]
pub(super) struct Window {
    open_at_horizon: u64,
    queue_mean: f64,
    queue_mean_by_class: Vec<f64>,
    waiting_at_horizon_by_class: Vec<(u64, f64)>,
    groups: Vec<record::GroupUsage>,
}
