//! Shifts: each group's weekly windows put its agents on duty, net of shrinkage, and take
//! them off at the window's end (conversations in hand are finished).
//!
//! Shifts go on through the follow-up after the horizon (the cohort is served by the
//! same plan); only the paid time inside the measured window is costed.
//!
//! Windows repeat every week of the calendar ([`crate::scenario::calendar`]); a run that
//! starts on another weekday than Monday starts mid-week. The fractional agent of
//! `agents x (1 - shrinkage)` is on duty by a coin flip from the group's own staffing
//! stream, so the expected capacity is exact and other groups' draws are untouched.

use rand::RngExt;

use super::event::Event;
use super::routing::Routing;
use super::{Sim, index};
use crate::engine::SimTime;
use crate::record::Recorder;
use crate::scenario::calendar::{DAY_MIN, WEEK_MIN};

impl<R: Recorder, P: Routing> Sim<'_, R, P> {
    /// Schedules the first occurrence of every shift window that has not ended at t = 0.
    pub(super) fn schedule_first_shifts(&mut self) {
        let offset = self.sc.start_day as f64 * DAY_MIN;
        for (g, group) in self.sc.groups.iter().enumerate() {
            for (w, &(ws, we)) in group.shifts.iter().enumerate() {
                // First weekly occurrence that has not ended by t = 0.
                let k = ((offset - we) / WEEK_MIN).floor() + 1.0;
                let (s, e) = (ws - offset + k * WEEK_MIN, we - offset + k * WEEK_MIN);
                let (s, e) = if e <= 0.0 {
                    (s + WEEK_MIN, e + WEEK_MIN)
                } else {
                    (s, e)
                };
                if s.max(0.0) < self.end {
                    self.groups[g].window_end[w] = e;
                    self.q.schedule(
                        SimTime(s.max(0.0)),
                        Event::ShiftStart {
                            group: index(g, "group"),
                            window: index(w, "shift window"),
                        },
                    );
                }
            }
        }
    }

    /// Window `window` of group `group` starts: its agents come on duty and look for work.
    pub(super) fn on_shift_start(&mut self, group: u32, window: u32) {
        let now = self.now();
        let (g, w) = (group as usize, window as usize);
        let spec = &self.sc.groups[g];
        let end = self.groups[g].window_end[w];
        let next_start = end - (spec.shifts[w].1 - spec.shifts[w].0) + WEEK_MIN;
        if next_start < self.end {
            self.groups[g].window_end[w] = end + WEEK_MIN;
            self.q
                .schedule(SimTime(next_start), Event::ShiftStart { group, window });
        }
        self.q
            .schedule(SimTime(end.min(self.end)), Event::ShiftEnd { group });
        // Agents available net of shrinkage: the fractional agent by a coin flip, so the
        // expected capacity is exactly agents x (1 - shrinkage).
        let net = f64::from(spec.agents) * (1.0 - spec.shrinkage);
        let available =
            net.floor() as u32 + u32::from(self.staffing_rng[g].random::<f64>() < net.fract());
        self.staff_off(g);
        self.groups[g].shift_end = end;
        let paid_span = end.min(self.horizon) - now.max(self.warmup);
        if paid_span > 0.0 {
            self.groups[g].paid_in_window += f64::from(spec.agents) * paid_span;
        }
        self.groups[g].touch(now, spec.concurrency);
        self.groups[g].paid_on = spec.agents;
        self.groups[g].available = available;
        let first = self.groups[g].first_agent;
        for a in first..first + available {
            let agent = &mut self.agents[a as usize];
            agent.on = true;
            let held = agent.active;
            self.groups[g].busy_on += held;
            self.bucket_insert(a);
        }
        for a in first..first + available {
            self.pull_work(a);
        }
    }

    /// A shift of group `group` ends, unless a back-to-back window has taken over.
    pub(super) fn on_shift_end(&mut self, group: u32) {
        let g = group as usize;
        // A back-to-back window of the same group may already have started.
        if self.now() >= self.groups[g].shift_end {
            self.staff_off(g);
        }
    }

    /// Every agent of group `g` goes off shift; conversations in hand are finished.
    fn staff_off(&mut self, g: usize) {
        let now = self.now();
        self.groups[g].touch(now, self.sc.groups[g].concurrency);
        let first = self.groups[g].first_agent;
        for a in first..first + self.sc.groups[g].agents {
            if self.agents[a as usize].on {
                self.bucket_remove(a);
                self.agents[a as usize].on = false;
            }
        }
        let gs = &mut self.groups[g];
        gs.paid_on = 0;
        gs.available = 0;
        gs.busy_on = 0;
    }
}
