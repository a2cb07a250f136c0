//! Shifts: each group's weekly windows put its agents on duty, net of shrinkage, and take
//! them off at the window's end.
//!
//! At a shift's end an agent takes no new conversation. A reply being written at that
//! instant is finished, paid as overtime. Conversations waiting for the customer go back
//! to the queue with their history (`at_shift_end = "hand_back"`, the default; see
//! [`super::conversation`]), or the agent finishes them, paid as overtime (`"finish"`).
//! Overtime runs from the shift's end until the agent holds no conversation, or until the
//! agent's next shift starts; its minutes inside the measured window are costed at the
//! group's hourly cost times `costs.overtime_factor`. Where one window of a group ends as
//! another begins (a round-the-clock rota) the agents carry on: only those the new
//! window's shrinkage leaves out go off.
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
use super::mention::Phase;
use super::routing::Routing;
use super::{Sim, index};
use crate::engine::SimTime;
use crate::record::Recorder;
use crate::scenario::AtShiftEnd;
use crate::scenario::calendar::{DAY_MIN, WEEK_MIN};

/// Two shift boundaries closer than this (minutes) are the same instant.
const SAME_INSTANT_MIN: f64 = 1e-6;

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
        self.groups[g].shift_end = end;
        let paid_span = end.min(self.horizon) - now.max(self.warmup);
        if paid_span > 0.0 {
            self.groups[g].paid_in_window += f64::from(spec.agents) * paid_span;
        }
        self.staff(g, available);
        self.groups[g].paid_on = spec.agents;
        let first = self.groups[g].first_agent;
        for a in first..first + available {
            self.pull_work(a);
        }
    }

    /// A shift of group `group` ends, unless another window of the group has taken over
    /// or starts at this instant (then that start decides who stays on).
    pub(super) fn on_shift_end(&mut self, group: u32) {
        let g = group as usize;
        let now = self.now();
        if now < self.groups[g].shift_end {
            return;
        }
        let spec = &self.sc.groups[g];
        let continues = spec.shifts.iter().enumerate().any(|(w, &(ws, we))| {
            let pending_start = self.groups[g].window_end[w] - (we - ws);
            (pending_start - now).abs() < SAME_INSTANT_MIN
        });
        if continues && now < self.end {
            return;
        }
        self.staff(g, 0);
        self.groups[g].paid_on = 0;
    }

    /// The first `available` agents of group `g` are on duty from now, the others off:
    /// those who come on end any overtime and look for work (by the caller); those who go
    /// off take no new conversation, and hand back or finish the ones in hand.
    fn staff(&mut self, g: usize, available: u32) {
        let now = self.now();
        let conc = self.sc.groups[g].concurrency;
        self.groups[g].touch(now, conc);
        self.groups[g].available = available;
        let first = self.groups[g].first_agent;
        let mut going_off = false;
        for a in first..first + self.sc.groups[g].agents {
            let on = a - first < available;
            let agent = &self.agents[a as usize];
            if agent.on == on {
                continue;
            }
            let (held, writing) = (agent.active, agent.writing > 0);
            if on {
                self.end_overtime(a);
                self.agents[a as usize].on = true;
                let gs = &mut self.groups[g];
                gs.busy_on += held;
                gs.writing_on += u32::from(writing);
                self.bucket_insert(a);
            } else {
                self.bucket_remove(a);
                self.agents[a as usize].on = false;
                let gs = &mut self.groups[g];
                gs.busy_on -= held;
                gs.writing_on -= u32::from(writing);
                going_off |= held > 0;
            }
        }
        if !going_off {
            return;
        }
        if self.sc.groups[g].at_shift_end == AtShiftEnd::HandBack {
            // Conversations waiting for the customer go back; replies being written are
            // finished first (see `on_reply_done`).
            for i in 0..self.mentions.len() {
                let m = &self.mentions[i];
                let Phase::Held(a) = m.phase else { continue };
                if !m.alive || m.writing || self.agents[a as usize].group as usize != g {
                    continue;
                }
                if !self.agents[a as usize].on {
                    let k = super::event::Key {
                        idx: index(i, "mention slot"),
                        generation: m.generation,
                    };
                    self.hand_back(a, k);
                }
            }
        }
        for a in first..first + self.sc.groups[g].agents {
            let agent = &mut self.agents[a as usize];
            if !agent.on && agent.active > 0 && agent.overtime_since.is_nan() {
                agent.overtime_since = now;
            }
        }
    }
}
