//! Agents and their groups: who is free, with how many conversations in hand, and which
//! agent takes a mention.
//!
//! Each group keeps its available agents with a free slot in buckets by the number of
//! conversations they hold, so the least-loaded free agent is found in a step. An arriving
//! mention goes to the least-loaded free agent of the group its routing policy picks among
//! those that serve its (class, channel) cell; a reply takes
//! `work x channel factor / speed x (1 + penalty x (held - 1))` minutes (MODEL.md, section 4).

use super::event::{Event, Key};
use super::mention::Phase;
use super::routing::{GroupView, MentionView, Routing};
use super::{NONE, Sim};
use crate::record::{self, Recorder};

/// One agent of a group.
#[derive(Debug, Clone)]
pub(super) struct Agent {
    pub(super) group: u32,
    /// On shift and available (net of shrinkage).
    pub(super) on: bool,
    /// Conversations held.
    pub(super) active: u32,
    /// Position in its group's free bucket, or `NONE`.
    pub(super) pos: u32,
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
    pub(super) paid_on: u32,
    pub(super) available: u32,
    pub(super) shift_end: f64,
    pub(super) busy_on: u32,
    // Cumulative integrals (slot-minutes, agent-minutes) and their warm-up snapshot.
    pub(super) busy_area: f64,
    pub(super) slot_area: f64,
    pub(super) paid_area: f64,
    pub(super) avail_area: f64,
    pub(super) last_t: f64,
    pub(super) at_warmup: [f64; 2],
    /// Paid agent-minutes inside the measured window, summed per shift (exact).
    pub(super) paid_in_window: f64,
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
    /// The free agent that takes `mention` on its arrival in `cell`: the least-loaded free
    /// agent of the group the policy picks, if any group serving the cell has one.
    pub(super) fn free_agent_for(&mut self, cell: usize, mention: &MentionView) -> Option<u32> {
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
        if self.candidates.is_empty() {
            return None;
        }
        let chosen = self.policy.choose_group(mention, &self.candidates)?;
        let view = self.candidates.get(chosen)?;
        self.groups[view.index].free[view.least_load as usize]
            .last()
            .copied()
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

    /// Agent `a` takes on (`delta = 1`) or ends (`delta = -1`) a conversation.
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
        }
        self.bucket_insert(a);
    }

    /// Agent `a` starts the conversation of mention `k`.
    pub(super) fn take(&mut self, a: u32, k: Key) {
        let now = self.now();
        let class = self.mentions[k.idx as usize].class as usize;
        self.waiting_change(class, -1);
        self.set_active(a, 1);
        let g = self.agents[a as usize].group as usize;
        let m = &mut self.mentions[k.idx as usize];
        m.phase = Phase::Held(a);
        let (counted, class, wait, work) = (m.counted, m.class as usize, now - m.arrival, m.work);
        let (followers, channel) = (m.followers, m.channel as usize);
        if counted {
            self.rec.queue_exit(&record::QueueExit {
                t_min: now,
                class,
                channel,
                wait_min: wait,
                followers,
                served: true,
            });
        }
        let dt = self.reply_time(g, a, k, work);
        self.q.schedule_in(dt, Event::ReplyDone(k));
    }

    /// Minutes agent `a` of group `g` needs to write a reply of `work` minutes for `k`.
    pub(super) fn reply_time(&self, g: usize, a: u32, k: Key, work: f64) -> f64 {
        let sc = self.sc;
        let m = &self.mentions[k.idx as usize];
        let held = f64::from(self.agents[a as usize].active);
        work * sc.channels[m.channel as usize].handle_time_factor / sc.groups[g].speed
            * (1.0 + sc.concurrency_penalty * (held - 1.0))
    }
}
