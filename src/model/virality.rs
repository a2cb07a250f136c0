//! Virality: a Hawkes branching process of "me too" mentions (Hawkes 1971; the cluster
//! representation of Hawkes and Oakes 1974).
//!
//! A public negative mention spawns children with intensity `(n / tau) exp(-s / tau)` at
//! age `s`, thinned by what the audience has seen of the brand's handling: nothing (all
//! kept); the bot's acknowledgement (`bot.virality_after_ack`); an effective public answer
//! within the public's patience (`after_quick`) or later (`after_slow`); an ineffective
//! answer (`after_ineffective`); a public reply that took the conversation private (none
//! kept: the rest happens out of sight). So an ignored complaint has `n` children on
//! average, a quickly and well answered one far fewer. Children are mentions like any
//! other and can spawn in turn (the branching ratio is validated below 1). A frustrated
//! customer's repost joins the same cascade.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp1};

use super::event::{Event, Key};
use super::mention::draw_mention;
use super::routing::Routing;
use super::{NONE, Sim, index};
use crate::engine::SimTime;
use crate::record::Recorder;
use crate::rng::Counter;

/// A tree of mentions spawned from one root.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cascade {
    /// Mentions of the measured cohort in the tree, the root included.
    pub(super) size: u32,
    /// Live mentions that refer to it.
    pub(super) refs: u32,
}

impl<R: Recorder, P: Routing> Sim<'_, R, P> {
    /// Draws the age of the next child of `k` and schedules it, or ends the chain.
    ///
    /// The unthinned intensity is `(n / tau) exp(-s / tau)`, whose integral from age `s`
    /// to `s'` is `n (exp(-s/tau) - exp(-s'/tau))`; an Exp(1) amount of it gives `s'`.
    pub(super) fn schedule_spawn(&mut self, k: Key) {
        let Some(v) = self.sc.virality.as_ref() else {
            return;
        };
        let m = &mut self.mentions[k.idx as usize];
        let was_pending = m.spawn_pending;
        let e: f64 = Exp1.sample(&mut m.virality);
        let rest = (-m.spawn_age / v.decay_min).exp() - e / v.offspring;
        if rest > 0.0 && v.offspring > 0.0 {
            m.spawn_age = -v.decay_min * rest.ln();
            m.spawn_pending = true;
            let at = m.arrival + m.spawn_age;
            self.q.schedule(SimTime(at), Event::Spawn(k));
        } else {
            m.spawn_pending = false;
        }
        if m.counted && m.spawn_pending != was_pending {
            if m.spawn_pending {
                self.cohort_spawning += 1;
            } else {
                self.cohort_spawning -= 1;
            }
        }
    }

    /// A potential child of `k` is due: kept with the thinning of `k`'s state.
    pub(super) fn on_spawn(&mut self, k: Key) {
        let Some(v) = self.sc.virality.as_ref() else {
            return;
        };
        let ack = self.sc.bot.as_ref().map_or(1.0, |b| b.virality_after_ack);
        let m = &mut self.mentions[k.idx as usize];
        let u: f64 = m.virality.random();
        let keep = if !m.answered {
            if m.acknowledged { ack } else { 1.0 }
        } else if m.private_now {
            0.0
        } else if !m.effective {
            v.after_ineffective
        } else if m.timely {
            v.after_quick
        } else {
            v.after_slow
        };
        if u < keep {
            self.spawn_child(k, false);
        }
        self.schedule_spawn(k);
        self.release_if_done(k);
    }

    /// A new public negative mention in the cascade of `parent`.
    /// `same_author`: a frustrated customer posting again (same followers), rather than
    /// another customer joining in.
    pub(super) fn spawn_child(&mut self, parent: Key, same_author: bool) {
        let now = self.now();
        let p = &self.mentions[parent.idx as usize];
        let (class, channel, pc) = (p.class as usize, p.channel as usize, p.cascade);
        let p_followers = p.followers;
        // The cohort: arrived in the measured window, or a cohort mention's child after it.
        let counted = if now < self.horizon {
            now >= self.warmup
        } else {
            p.counted
        };
        let cascade = if pc == NONE {
            let c = Cascade {
                size: u32::from(p.counted),
                refs: 1,
            };
            let id = match self.free_cascades.pop() {
                Some(id) => {
                    self.cascades[id as usize] = c;
                    id
                }
                None => {
                    self.cascades.push(c);
                    index(self.cascades.len() - 1, "cascade")
                }
            };
            self.mentions[parent.idx as usize].cascade = id;
            id
        } else {
            pc
        };
        let c = &mut self.cascades[cascade as usize];
        c.size += u32::from(counted);
        c.refs += 1;
        self.largest_cascade = self.largest_cascade.max(c.size);
        let followers = if same_author { p_followers } else { -1.0 };
        let mut rng = Counter::new(self.mentions[parent.idx as usize].virality.next_u64());
        let k = self.new_slot();
        let child = &mut self.mentions[k.idx as usize];
        let lineage = Some((followers, cascade));
        draw_mention(
            self.sc, now, counted, &mut rng, class, channel, lineage, child,
        );
        child.public = true;
        child.negative = true;
        self.admit(k);
    }
}
