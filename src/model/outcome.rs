//! Outcomes: a customer's final state, fixed at the reply that answers them (quick or slow
//! against their expectation and patience, effective or not), at the phone call of a
//! frustrated customer (escalated) or at the drop (ignored), and with it whether they
//! recommend the brand and the impressions of what they post (MODEL.md, outcomes; the
//! recommendation rates per state are the scenario's `[outcomes]`).
//!
//! The first *response* (what the response-time and service-level KPIs measure) is
//! usually that answer; with `bot.acknowledgement_counts` it is the bot's acknowledgement
//! of a mention it hands over, and the human's answer later fixes the outcome.

use super::Sim;
use super::event::Key;
use super::mention::Decision;
use super::routing::Routing;
use crate::record::{self, Recorder};
use crate::scenario::OutcomeState;

impl<R: Recorder, P: Routing> Sim<'_, R, P> {
    /// The first response to `k` is posted now (once per mention): the response-time
    /// KPIs see it. `acknowledgement`: the bot's "we're on it", not an answer.
    pub(super) fn respond(&mut self, k: Key, by_bot: bool, acknowledgement: bool) {
        let now = self.now();
        let m = &mut self.mentions[k.idx as usize];
        if m.responded {
            return;
        }
        m.responded = true;
        if m.counted {
            let e = record::FirstReply {
                t_min: now,
                arrival_hour: m.hour as usize,
                class: m.class as usize,
                channel: m.channel as usize,
                frt_min: now - m.arrival,
                by_bot,
                acknowledgement,
            };
            self.rec.first_reply(&e);
        }
    }

    /// The customer gets the reply that answers them: the outcome is fixed now. A human
    /// answer to a mention that moves private takes the conversation private.
    pub(super) fn answer(&mut self, k: Key, effectiveness: f64, by_bot: bool) {
        self.respond(k, by_bot, false);
        let now = self.now();
        let public_patience = self.sc.customers.public_patience_min;
        let m = &mut self.mentions[k.idx as usize];
        m.answered = true;
        let wait = now - m.arrival;
        // A customer whose patience ran out is frustrated: no reply is quick after that.
        // One who expects no reply (infinite expectation and patience) finds any reply
        // quick.
        m.quick = wait <= m.expectation && wait <= m.patience;
        m.timely = wait <= public_patience;
        m.effective = m.decides(Decision::Effective, effectiveness);
        if m.moves_private && !by_bot {
            m.private_now = true;
            if m.counted {
                self.rec.moved_private(&record::MovedPrivate {
                    class: m.class as usize,
                    channel: m.channel as usize,
                });
            }
        }
        let state = match (m.quick, m.effective) {
            (true, true) => OutcomeState::QuickEffective,
            (true, false) => OutcomeState::QuickIneffective,
            (false, true) => OutcomeState::SlowEffective,
            (false, false) => OutcomeState::SlowIneffective,
        };
        self.outcome(k, state);
    }

    /// Reports the final `state` of `k`: recommendation and impressions. A customer has
    /// one outcome: a frustrated repost is the same customer as the mention it repeats,
    /// and the authors of classes that are not customers (spam, trolls) have none. A
    /// customer whom policy never answers is ignored.
    ///
    /// Impressions: a public recommender may share the good experience, and a public
    /// complaint that ends without a recommendation is seen as negative, through the
    /// author's followers. A conversation that moved private leaves only its public first
    /// reply in sight: positive exposure when it came within the public's patience,
    /// nothing negative.
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
        let recommends = m.decides(Decision::Recommend, o.recommend[state as usize]);
        let seen = m.followers * o.reach;
        // The customer's own coin (`recommends`) is tested last, and with `&` where it
        // can be: a branch on it is a coin toss for the processor too.
        let (positive, negative) = if m.private_now {
            (m.public && m.timely, false)
        } else {
            // Praise follows a public resolution: ignored customers have nothing to share.
            (
                m.public
                    && m.answered
                    && recommends
                    && m.decides(Decision::Share, o.share_positive),
                m.public & m.negative & !recommends,
            )
        };
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
