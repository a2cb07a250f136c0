//! Conversations: a conversation holds an agent's slot from the first reply to the last.
//! After each reply the customer thinks and answers, and the same agent writes the next
//! one (in the private channel, for a conversation that moved private at its public first
//! reply). The bot tier replies after its delay: it answers alone, or acknowledges the
//! mention and hands it over to the human queue (MODEL.md, sections 4 and 7).
//!
//! At a shift's end (see [`super::shifts`]) an agent may hand a conversation back: it then
//! holds no slot while the customer thinks (*parked*). When the customer answers, the
//! least-loaded free agent of a group serving its cell takes it; if none is free it waits
//! in its cell's queue (*returned*) as a message that arrived at that moment, ordered by
//! the routing policy among the new mentions (oldest message first under `fifo`, as care
//! desks queue by the customer's latest message). It keeps its arrival time, its answered
//! state and its remaining replies; the next agent's first reply on it includes the
//! scenario's re-read time. It is no new mention: the queue KPIs leave it out.

use super::Sim;
use super::event::{Event, Key};
use super::mention::{Decision, Phase};
use super::queue::QueueEntry;
use super::routing::Routing;
use crate::engine::SimTime;
use crate::record::Recorder;
use crate::scenario::AtShiftEnd;

impl<R: Recorder, P: Routing> Sim<'_, R, P> {
    /// An agent finished a reply: the first fixes the outcome; the last frees the slot. An
    /// agent past the end of the shift hands a conversation that goes on back, unless the
    /// group finishes its conversations.
    pub(super) fn on_reply_done(&mut self, k: Key, epoch: u32) {
        let now = self.now();
        let Some(m) = self.get(k) else { return };
        let Phase::Held(a) = m.phase else { return };
        if m.epoch != epoch || !m.writing {
            return;
        }
        self.end_reply(a, k);
        if !self.mentions[k.idx as usize].answered {
            let g = self.agents[a as usize].group as usize;
            let effectiveness = self.sc.groups[g].effectiveness;
            self.answer(k, effectiveness, false);
        }
        let m = &mut self.mentions[k.idx as usize];
        m.replies_left = m.replies_left.saturating_sub(1);
        if m.replies_left > 0 {
            let think = self.sc.customers.think_time.sample(&mut m.local);
            self.q
                .schedule(SimTime(now + think), Event::CustomerReply(k));
            if let Some(dm) = self.private_cell(k) {
                self.move_private(a, k, dm);
                return;
            }
            let agent = &self.agents[a as usize];
            let g = agent.group as usize;
            if !agent.on && self.sc.groups[g].at_shift_end == AtShiftEnd::HandBack {
                self.hand_back(a, k);
            }
            return;
        }
        m.phase = Phase::Done;
        self.set_active(a, -1);
        self.release_if_done(k);
        self.pull_work(a);
    }

    /// Agent `a` hands conversation `k` (waiting for the customer) back: it holds no slot
    /// until the customer answers.
    pub(super) fn hand_back(&mut self, a: u32, k: Key) {
        let now = self.now();
        let m = &mut self.mentions[k.idx as usize];
        m.phase = Phase::Parked;
        m.reread = true;
        let g = self.agents[a as usize].group as usize;
        if now >= self.warmup && now < self.horizon {
            self.groups[g].handed_back += 1;
        }
        self.set_active(a, -1);
    }

    /// The cell of `k` in `policy.private_channel`, if its conversation has just moved
    /// private and goes on there.
    fn private_cell(&self, k: Key) -> Option<u32> {
        let channel = self.sc.policy.private_channel?;
        let m = &self.mentions[k.idx as usize];
        let n_ch = self.sc.channels.len() as u32;
        let cell = m.class * n_ch + channel as u32;
        (m.private_now && m.cell != cell).then_some(cell)
    }

    /// The public first reply of `k` took its conversation private: agent `a` leaves it to
    /// the groups of the private channel (cell `dm`), who re-read the thread when the
    /// customer writes again, and looks for other work.
    fn move_private(&mut self, a: u32, k: Key, dm: u32) {
        let m = &mut self.mentions[k.idx as usize];
        m.cell = dm;
        m.phase = Phase::Parked;
        m.reread = true;
        self.set_active(a, -1);
        self.pull_work(a);
    }

    /// The customer answered: the agent holding the conversation writes the next reply; a
    /// handed-back conversation goes to a free agent serving its cell, or waits for one.
    pub(super) fn on_customer_reply(&mut self, k: Key) {
        let phase = self.mentions[k.idx as usize].phase;
        if !matches!(phase, Phase::Held(_) | Phase::Parked) {
            return;
        }
        let class = self.mentions[k.idx as usize].class as usize;
        let work = self.sc.classes[class]
            .followup_time
            .sample(&mut self.mentions[k.idx as usize].local);
        if let Phase::Held(a) = phase {
            self.start_reply(a, k, work);
            return;
        }
        let now = self.now();
        let m = &mut self.mentions[k.idx as usize];
        m.phase = Phase::Returned;
        m.work = work;
        let cell = m.cell as usize;
        self.followups_waiting += 1;
        if let Some(a) = self.free_agent_for_returned(cell) {
            self.take(a, k);
            return;
        }
        self.seq += 1;
        let mut view = self.mentions[k.idx as usize].view(self.sc, self.seq);
        view.arrival_min = now;
        let key = self.policy.queue_key(&view);
        self.queues[cell].push(QueueEntry {
            key,
            seq: view.sequence,
            mention: k,
        });
    }

    /// The bot posted its reply. Now it decides: the reply was the answer (the whole
    /// conversation), or an acknowledgement and the mention goes to the human queue with
    /// its author's patience extended.
    pub(super) fn on_bot_reply(&mut self, k: Key) {
        if self.get(k).is_none_or(|m| m.phase != Phase::Bot) {
            return;
        }
        let Some(bot) = self.sc.bot.as_ref() else {
            return;
        };
        let m = &mut self.mentions[k.idx as usize];
        if m.decides(Decision::Handover, bot.handover) {
            m.acknowledged = true;
            m.patience *= bot.patience_factor;
            if bot.acknowledgement_counts {
                self.respond(k, true, true);
            }
            self.enter_human_queue(k);
        } else {
            self.answer(k, bot.effectiveness, true);
            self.m(k).phase = Phase::Done;
            self.release_if_done(k);
        }
    }
}
