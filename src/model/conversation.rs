//! Conversations: a conversation holds an agent's slot from the first reply to the last.
//! After each reply the customer thinks and answers, and the same agent writes the next
//! one (in the private channel, for a conversation that moved private at its public first
//! reply). The bot tier replies after its delay: it answers alone, or acknowledges the
//! mention and hands it over to the human queue (MODEL.md, sections 4 and 7).

use super::Sim;
use super::event::{Event, Key};
use super::mention::Phase;
use super::routing::Routing;
use crate::engine::SimTime;
use crate::record::Recorder;

impl<R: Recorder, P: Routing> Sim<'_, R, P> {
    /// An agent finished a reply: the first fixes the outcome; the last frees the slot.
    pub(super) fn on_reply_done(&mut self, k: Key) {
        let now = self.now();
        let Phase::Held(a) = self.mentions[k.idx as usize].phase else {
            return;
        };
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
            return;
        }
        m.phase = Phase::Done;
        self.set_active(a, -1);
        self.release_if_done(k);
        self.pull_work(a);
    }

    /// The customer answered: the same agent writes the next reply.
    pub(super) fn on_customer_reply(&mut self, k: Key) {
        let Phase::Held(a) = self.mentions[k.idx as usize].phase else {
            return;
        };
        let class = self.mentions[k.idx as usize].class as usize;
        let work = self.sc.classes[class]
            .followup_time
            .sample(&mut self.mentions[k.idx as usize].local);
        let g = self.agents[a as usize].group as usize;
        let dt = self.reply_time(g, a, k, work);
        self.q.schedule_in(dt, Event::ReplyDone(k));
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
        if m.u_handover < bot.handover {
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
