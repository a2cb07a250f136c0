//! Patience and abandonment: a customer whose patience runs out before an agent takes the
//! mention becomes frustrated (no reply can be quick for them any more). A share of them
//! phones: the phone line serves them and the social mention closes as *escalated* (it
//! leaves the queue, costs a phone contact, and its response time counts at its age). Of
//! the others, a share posts again publicly (a new mention in the same cascade). By default
//! their mention stays answerable (social media is not a phone line); with
//! `answer_after_abandon = false` the customer leaves, as in Erlang A (Palm 1943; Garnett,
//! Mandelbaum and Reiman 2002). Mentions older than the policy's `max_age` and classes
//! policy never answers are dropped as ignored.

use super::Sim;
use super::event::{Event, Key};
use super::mention::{Decision, Phase};
use super::routing::Routing;
use crate::engine::SimTime;
use crate::record::{self, DropReason, Recorder};
use crate::scenario::OutcomeState;

impl<R: Recorder, P: Routing> Sim<'_, R, P> {
    /// Mention `k` leaves the social queue without an answer, for `reason`: ignored, or
    /// escalated when its author phoned.
    pub(super) fn drop_mention(&mut self, k: Key, reason: DropReason) {
        let now = self.now();
        let m = &mut self.mentions[k.idx as usize];
        let was_waiting = m.phase == Phase::Waiting;
        m.phase = Phase::Done;
        if let Some(t) = m.deadline.take() {
            self.q.cancel(t);
        }
        let m = &self.mentions[k.idx as usize];
        let (counted, class, channel, hour, wait) = (
            m.counted,
            m.class as usize,
            m.channel as usize,
            m.hour as usize,
            now - m.arrival,
        );
        let (followers, responded) = (m.followers, m.responded);
        if was_waiting {
            self.waiting_change(class, -1);
            if counted {
                self.rec.queue_exit(&record::QueueExit {
                    t_min: now,
                    class,
                    channel,
                    wait_min: wait,
                    followers,
                    served: false,
                });
            }
        }
        // A mention whose acknowledgement counted as its first response is an answered
        // one in the accounting, whatever becomes of it.
        if counted && !responded {
            self.rec.dropped(&record::Drop {
                class,
                channel,
                age_min: wait,
                arrival_hour: hour,
                reason,
            });
        }
        let state = if reason == DropReason::Escalated {
            OutcomeState::Escalated
        } else {
            OutcomeState::Ignored
        };
        self.outcome(k, state);
        self.release_if_done(k);
    }

    /// The author's patience ran out while the mention waits.
    pub(super) fn on_patience(&mut self, k: Key) {
        if self.get(k).is_none_or(|m| m.phase != Phase::Waiting) {
            return;
        }
        let sc = self.sc;
        // This event was the pending one.
        self.m(k).deadline = None;
        let m = &self.mentions[k.idx as usize];
        let escalated = m.decides(Decision::Escalate, sc.customers.escalate_to_phone);
        let reposted = !escalated
            && m.public
            && m.decides(Decision::Repost, sc.customers.repost)
            && sc.virality.is_some();
        if m.counted {
            self.rec.abandon(&record::Abandon {
                class: m.class as usize,
                escalated,
                reposted,
            });
        }
        if reposted {
            self.spawn_child(k, true);
        }
        if escalated {
            self.drop_mention(k, DropReason::Escalated);
        } else if !sc.policy.answer_after_abandon {
            self.drop_mention(k, DropReason::Abandoned);
        } else if let Some(at) = self.max_age_at(self.mentions[k.idx as usize].arrival) {
            // Still waiting: the maximum age, not scheduled with the patience, comes next.
            let t = self.q.schedule_ordered(SimTime(at), Event::MaxAge(k));
            self.m(k).deadline = Some(t);
        }
    }

    /// The mention reached the maximum age while waiting.
    pub(super) fn on_max_age(&mut self, k: Key) {
        if self.get(k).is_some_and(|m| m.phase == Phase::Waiting) {
            self.m(k).deadline = None;
            self.drop_mention(k, DropReason::MaxAge);
        }
    }
}
