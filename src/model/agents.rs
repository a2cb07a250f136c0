//! Agents and their groups: who is free, with how many conversations in hand, which agent
//! takes a mention, and how long a reply takes.
//!
//! Each group keeps its available agents with a free slot in buckets by the number of
//! conversations they hold, so the least-loaded free agent (fewest conversations held) is
//! found in a step. An arriving mention goes to the least-loaded free agent of the group
//! its routing policy picks among those that serve its (class, channel) cell.
//!
//! A reply's *solo time* is `(work x channel factor + re-read) / speed`: the minutes it
//! takes an agent writing nothing else (the re-read time only on the first reply after a
//! hand-back). Two concurrency models (MODEL.md, section 3, point 4):
//! - **fixed**: the reply takes `solo x (1 + penalty x (held - 1))`, `held` counting the
//!   conversations the agent holds when the reply starts; the slowdown stays fixed;
//! - **shared** attention (processor sharing): an agent writing `k` replies at once works
//!   on each at rate `efficiency(k) / k` of full speed. `k` counts the replies being
//!   written at that moment; conversations waiting for the customer take no attention.
//!   At every change (a reply starts or ends) each reply's remaining work is brought up
//!   to now and its completion rescheduled; the mention's epoch marks the earlier
//!   completion event stale.

use super::event::{Event, Key};
use super::mention::Phase;
use super::routing::{GroupView, MentionView, Routing, choose};
use super::{NONE, Sim};
use crate::engine::SimTime;
use crate::record::{self, Recorder};

/// One agent of a group.
#[derive(Debug, Clone)]
pub(super) struct Agent {
    pub(super) group: u32,
    /// On shift and available (net of shrinkage).
    pub(super) on: bool,
    /// Conversations held.
    pub(super) active: u32,
    /// Replies being written now.
    pub(super) writing: u32,
    /// Position in its group's free bucket, or `NONE`.
    pub(super) pos: u32,
    /// Off shift but still working (overtime) since this time; NaN when not.
    pub(super) overtime_since: f64,
    /// Shared attention: the replies being written, and when their remaining work was
    /// last brought up to date.
    pub(super) shared: Vec<Key>,
    pub(super) shared_t: f64,
}

impl Agent {
    /// A new agent of group `group`, off shift.
    pub(super) fn new(group: u32) -> Self {
        Agent {
            group,
            on: false,
            active: 0,
            writing: 0,
            pos: NONE,
            overtime_since: f64::NAN,
            shared: Vec::new(),
            shared_t: 0.0,
        }
    }
}

/// The state of one group of agents.
#[derive(Debug, Clone, Default)]
pub(super) struct GroupState {
    pub(super) first_agent: u32,
    /// Agents with a free slot, by number of conversations held.
    pub(super) free: Vec<Vec<u32>>,
    /// Cells this group serves.
    pub(super) cells: Vec<u32>,
    /// End of the pending occurrence of each of the group's shift windows.
    pub(super) window_end: Vec<f64>,
    /// Shared attention: per-reply work rate when writing `k` replies, at `k - 1`; empty
    /// for the fixed model.
    pub(super) rates: Vec<f64>,
    pub(super) paid_on: u32,
    pub(super) available: u32,
    pub(super) shift_end: f64,
    /// Conversations held by available agents.
    pub(super) busy_on: u32,
    /// Available agents writing at least one reply.
    pub(super) writing_on: u32,
    // Cumulative integrals (slot-minutes, agent-minutes) and their warm-up snapshot.
    pub(super) busy_area: f64,
    pub(super) slot_area: f64,
    pub(super) paid_area: f64,
    pub(super) avail_area: f64,
    pub(super) writing_area: f64,
    pub(super) last_t: f64,
    /// `[busy, slot, available, writing]` at the warm-up's end.
    pub(super) at_warmup: [f64; 4],
    /// Paid agent-minutes inside the measured window, summed per shift (exact).
    pub(super) paid_in_window: f64,
    /// Overtime agent-minutes inside the measured window, of overtimes that have ended.
    pub(super) overtime_in_window: f64,
    /// Conversations handed back at a shift's end inside the measured window.
    pub(super) handed_back: u64,
}

impl GroupState {
    /// Brings the group's integrals up to `now`.
    pub(super) fn touch(&mut self, now: f64, concurrency: u32) {
        let dt = now - self.last_t;
        if dt > 0.0 {
            self.busy_area += f64::from(self.busy_on) * dt;
            self.slot_area += f64::from(self.available * concurrency) * dt;
            self.paid_area += f64::from(self.paid_on) * dt;
            self.avail_area += f64::from(self.available) * dt;
            self.writing_area += f64::from(self.writing_on) * dt;
            self.last_t = now;
        }
    }
}

/// Per-cell constants.
#[derive(Debug, Clone)]
pub(super) struct Cell {
    /// Groups serving the cell, in scenario order.
    pub(super) groups: Vec<u32>,
    /// Whether the bot tier takes the cell's mentions first.
    pub(super) bot: bool,
}

impl<'s, R: Recorder, P: Routing> Sim<'s, R, P> {
    /// Fills `self.candidates` with the groups serving `cell` that have an available agent
    /// with a free slot; whether there is any.
    fn collect_candidates(&mut self, cell: usize) -> bool {
        let sc: &'s _ = self.sc;
        self.candidates.clear();
        for &g in &self.cells[cell].groups {
            let gs = &self.groups[g as usize];
            let Some(least_load) = gs.free.iter().position(|b| !b.is_empty()) else {
                continue;
            };
            let spec = &sc.groups[g as usize];
            let (mut free_agents, mut free_slots) = (0, 0);
            for (load, bucket) in gs.free.iter().enumerate().skip(least_load) {
                let n = bucket.len() as u32;
                free_agents += n;
                free_slots = n
                    .saturating_mul(spec.concurrency - load as u32)
                    .saturating_add(free_slots);
            }
            self.candidates.push(GroupView {
                index: g as usize,
                name: &spec.name,
                speed: spec.speed,
                effectiveness: spec.effectiveness,
                cost_per_h: spec.cost_per_h,
                concurrency: spec.concurrency,
                least_load: least_load as u32,
                free_agents,
                free_slots,
            });
        }
        !self.candidates.is_empty()
    }

    /// The least-loaded free agent of candidate `chosen`, if it is one.
    fn least_loaded_agent(&self, chosen: Option<usize>) -> Option<u32> {
        let view = self.candidates.get(chosen?)?;
        self.groups[view.index].free[view.least_load as usize]
            .last()
            .copied()
    }

    /// The free agent that takes `mention` on its arrival in `cell`: the least-loaded free
    /// agent of the group the policy picks, if any group serving the cell has one.
    pub(super) fn free_agent_for(&mut self, cell: usize, mention: &MentionView) -> Option<u32> {
        if !self.collect_candidates(cell) {
            return None;
        }
        let chosen = self.policy.choose_group(mention, &self.candidates);
        self.least_loaded_agent(chosen)
    }

    /// The free agent that takes a handed-back conversation of `cell` whose customer has
    /// answered: the least-loaded free agent of the group the scenario's
    /// `policy.group_choice` picks among those serving the cell (a routing policy's own
    /// `choose_group` is asked about arriving mentions only).
    pub(super) fn free_agent_for_returned(&mut self, cell: usize) -> Option<u32> {
        if !self.collect_candidates(cell) {
            return None;
        }
        let chosen = choose(self.sc.policy.group_choice, &self.candidates);
        self.least_loaded_agent(chosen)
    }

    /// Takes agent `a` out of its free bucket, if it is in one.
    pub(super) fn bucket_remove(&mut self, a: u32) {
        let agent = &self.agents[a as usize];
        if agent.pos == NONE {
            return;
        }
        let (g, load, pos) = (
            agent.group as usize,
            agent.active as usize,
            agent.pos as usize,
        );
        let bucket = &mut self.groups[g].free[load];
        bucket.swap_remove(pos);
        if let Some(&moved) = bucket.get(pos) {
            self.agents[moved as usize].pos = pos as u32;
        }
        self.agents[a as usize].pos = NONE;
    }

    /// Puts agent `a` in the free bucket of its load, if it is available with a free slot.
    pub(super) fn bucket_insert(&mut self, a: u32) {
        let agent = &self.agents[a as usize];
        let g = agent.group as usize;
        let load = agent.active as usize;
        if !agent.on || load >= self.groups[g].free.len() {
            return;
        }
        let bucket = &mut self.groups[g].free[load];
        self.agents[a as usize].pos = bucket.len() as u32;
        bucket.push(a);
    }

    /// Agent `a` takes on (`delta = 1`) or ends (`delta = -1`) a conversation. An agent in
    /// overtime who holds nothing more goes home.
    pub(super) fn set_active(&mut self, a: u32, delta: i32) {
        let now = self.now();
        let g = self.agents[a as usize].group as usize;
        let conc = self.sc.groups[g].concurrency;
        self.groups[g].touch(now, conc);
        self.bucket_remove(a);
        let agent = &mut self.agents[a as usize];
        agent.active = agent.active.wrapping_add_signed(delta);
        if agent.on {
            self.groups[g].busy_on = self.groups[g].busy_on.wrapping_add_signed(delta);
            self.bucket_insert(a);
        } else if agent.active == 0 {
            self.end_overtime(a);
        }
    }

    /// Agent `a` starts (`delta = 1`) or ends (`delta = -1`) writing a reply: the group's
    /// occupancy integral changes when the agent starts or stops writing at all.
    fn set_writing(&mut self, a: u32, delta: i32) {
        let now = self.now();
        let agent = &mut self.agents[a as usize];
        let before = agent.writing > 0;
        agent.writing = agent.writing.wrapping_add_signed(delta);
        if agent.on && before != (agent.writing > 0) {
            let g = agent.group as usize;
            let conc = self.sc.groups[g].concurrency;
            let gs = &mut self.groups[g];
            gs.touch(now, conc);
            gs.writing_on = gs.writing_on.wrapping_add_signed(delta);
        }
    }

    /// The overtime of agent `a` (if any) ends now: its minutes inside the measured window
    /// are paid.
    pub(super) fn end_overtime(&mut self, a: u32) {
        let since = self.agents[a as usize].overtime_since;
        if since.is_nan() {
            return;
        }
        self.agents[a as usize].overtime_since = f64::NAN;
        let span = self.now().min(self.horizon) - since.max(self.warmup);
        if span > 0.0 {
            let g = self.agents[a as usize].group as usize;
            self.groups[g].overtime_in_window += span;
        }
    }

    /// Agent `a` starts the conversation of mention `k`: a new mention from the queue (its
    /// first reply), or a handed-back conversation whose customer has answered.
    pub(super) fn take(&mut self, a: u32, k: Key) {
        let now = self.now();
        let m = &self.mentions[k.idx as usize];
        let (returned, class) = (m.phase == Phase::Returned, m.class as usize);
        if returned {
            self.followups_waiting -= 1;
        } else {
            self.waiting_change(class, -1);
            if let Some(t) = self.m(k).deadline.take() {
                self.q.cancel(t);
            }
        }
        self.set_active(a, 1);
        let m = &mut self.mentions[k.idx as usize];
        m.phase = Phase::Held(a);
        let (counted, wait, work) = (m.counted, now - m.arrival, m.work);
        let (followers, channel) = (m.followers, m.channel as usize);
        if counted && !returned {
            self.rec.queue_exit(&record::QueueExit {
                t_min: now,
                class,
                channel,
                wait_min: wait,
                followers,
                served: true,
            });
        }
        self.start_reply(a, k, work);
    }

    /// Agent `a` starts writing a reply of `work` minutes (before the channel factor and
    /// the agent's speed) to mention `k`, which it holds.
    pub(super) fn start_reply(&mut self, a: u32, k: Key, work: f64) {
        let sc = self.sc;
        let g = self.agents[a as usize].group as usize;
        let m = &mut self.mentions[k.idx as usize];
        // The channel of the cell: a conversation that moved private is written there.
        let channel = m.cell as usize % sc.channels.len();
        let mut effort = work * sc.channels[channel].handle_time_factor;
        if m.reread {
            m.reread = false;
            effort += sc.reread_min;
        }
        let solo = effort / sc.groups[g].speed;
        m.writing = true;
        self.set_writing(a, 1);
        if self.groups[g].rates.is_empty() {
            let held = f64::from(self.agents[a as usize].active);
            let dt = solo * (1.0 + sc.concurrency_penalty * (held - 1.0));
            let epoch = self.mentions[k.idx as usize].epoch;
            self.q.schedule_in(dt, Event::ReplyDone(k, epoch));
        } else {
            self.shared_sync(a);
            self.mentions[k.idx as usize].remaining = solo;
            self.agents[a as usize].shared.push(k);
            self.shared_reschedule(a);
        }
    }

    /// Agent `a` has finished the reply to `k` (whose completion event is current).
    pub(super) fn end_reply(&mut self, a: u32, k: Key) {
        self.mentions[k.idx as usize].writing = false;
        self.set_writing(a, -1);
        let g = self.agents[a as usize].group as usize;
        if !self.groups[g].rates.is_empty() {
            self.shared_sync(a);
            let list = &mut self.agents[a as usize].shared;
            if let Some(i) = list.iter().position(|&x| x == k) {
                list.swap_remove(i);
            }
            self.mentions[k.idx as usize].remaining = 0.0;
            self.shared_reschedule(a);
        }
    }

    /// Shared attention: the remaining work of every reply agent `a` writes, brought up to
    /// now at the rate that held since the last change.
    fn shared_sync(&mut self, a: u32) {
        let now = self.now();
        let agent = &mut self.agents[a as usize];
        let dt = now - agent.shared_t;
        agent.shared_t = now;
        let n = agent.shared.len();
        if n == 0 || dt <= 0.0 {
            return;
        }
        let rate = self.groups[agent.group as usize].rates[n - 1];
        for &k in &agent.shared {
            let m = &mut self.mentions[k.idx as usize];
            m.remaining = (m.remaining - dt * rate).max(0.0);
        }
    }

    /// Shared attention: the completion of every reply agent `a` writes, rescheduled at
    /// the rate of the current number of replies (earlier completions become stale).
    fn shared_reschedule(&mut self, a: u32) {
        let now = self.now();
        let agent = &self.agents[a as usize];
        let n = agent.shared.len();
        if n == 0 {
            return;
        }
        let rate = self.groups[agent.group as usize].rates[n - 1];
        for &k in &agent.shared {
            let m = &mut self.mentions[k.idx as usize];
            m.epoch = m.epoch.wrapping_add(1);
            self.q.schedule(
                SimTime(now + m.remaining / rate),
                Event::ReplyDone(k, m.epoch),
            );
        }
    }
}
