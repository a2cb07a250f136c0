//! Outcomes: a customer's final state, fixed at the first reply (quick or slow against
//! their expectation, effective or not) or at the drop (ignored), and with it whether they
//! recommend the brand and the impressions of what they post (MODEL.md, outcomes; the
//! recommendation rates per state are the published figures of the scenario's
//! `[outcomes]`).

use super::Sim;
use super::event::Key;
use super::routing::Routing;
use crate::record::{self, Recorder};
use crate::scenario::OutcomeState;

impl<R: Recorder, P: Routing> Sim<'_, R, P> {
    /// The customer gets a first reply: the outcome is fixed now.
    pub(super) fn first_reply(&mut self, k: Key, effectiveness: f64, by_bot: bool) {
        let now = self.now();
        let m = &mut self.mentions[k.idx as usize];
        m.answered = true;
        let frt = now - m.arrival;
        m.quick = frt <= m.expectation;
        let effective = m.u_effective < effectiveness;
        let state = match (m.quick, effective) {
            (true, true) => OutcomeState::QuickEffective,
            (true, false) => OutcomeState::QuickIneffective,
            (false, true) => OutcomeState::SlowEffective,
            (false, false) => OutcomeState::SlowIneffective,
        };
        if m.counted {
            let e = record::FirstReply {
                t_min: now,
                arrival_hour: m.hour as usize,
                class: m.class as usize,
                channel: m.channel as usize,
                frt_min: frt,
                by_bot,
                moved_private: m.moves_private && !by_bot,
            };
            self.rec.first_reply(&e);
        }
        self.outcome(k, state);
    }

    /// Reports the final `state` of `k`: recommendation and impressions. A customer has
    /// one outcome: a frustrated repost is the same customer as the mention it repeats,
    /// and the authors of classes that are not customers (spam, trolls) have none. A
    /// customer whom policy never answers is ignored.
    pub(super) fn outcome(&mut self, k: Key, state: OutcomeState) {
        let o = &self.sc.outcomes;
        let m = &self.mentions[k.idx as usize];
        if !m.counted {
            return;
        }
        self.cohort_open -= 1;
        if m.same_author || !self.sc.classes[m.class as usize].customer {
            return;
        }
        let recommends = m.u_recommend < o.recommend[state as usize];
        let seen = m.followers * o.reach;
        // Praise follows a public resolution: ignored customers have nothing to share.
        let positive = recommends && m.public && m.answered && m.u_share < o.share_positive;
        let negative = !recommends && m.public && m.negative;
        self.rec.outcome(&record::Outcome {
            class: m.class as usize,
            channel: m.channel as usize,
            state,
            recommends,
            positive_impressions: if positive { seen } else { 0.0 },
            negative_impressions: if negative { seen } else { 0.0 },
        });
    }
}
