//! Mentions and their customers: everything drawn for a mention at its arrival, and the
//! slots that hold the mentions of a run.
//!
//! A customer draws, from a stream of their own and in a fixed order, their followers,
//! whether and how soon they expect a reply, their patience, the work and the replies
//! their conversation needs, whether it moves private, and the uniforms of every later
//! decision. The number and order of draws never depends on the staffing, so plans
//! compared under common random numbers see the very same customers (MODEL.md, random
//! streams). Slots are reused with a generation count, so events of a finished mention are
//! recognised as stale.

use rand::rngs::Xoshiro128PlusPlus;
use rand::{Rng, RngExt, SeedableRng};

use super::event::Key;
use super::routing::{MentionView, Routing};
use super::{NONE, Sim, index};
use crate::engine::Ticket;
use crate::record::{self, Recorder};
use crate::scenario::{Scenario, Sentiment};

/// Where a mention is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    /// In a human queue.
    Waiting,
    /// Waiting for the bot's reply.
    Bot,
    /// In conversation with an agent.
    Held(u32),
    /// Handed back at a shift's end, waiting for the customer's next message; no agent
    /// holds it.
    Parked,
    /// Handed back, and the customer has answered: waiting for any agent serving its cell.
    Returned,
    /// Conversation over, or dropped.
    Done,
}

/// One customer's mention and everything drawn for it at arrival.
#[derive(Debug, Clone)]
pub(super) struct Mention {
    pub(super) generation: u32,
    pub(super) alive: bool,
    pub(super) phase: Phase,
    /// In the measured cohort: arrived in the measured window, or spawned after the
    /// horizon by a cohort mention.
    pub(super) counted: bool,
    pub(super) spawned: bool,
    /// A frustrated repost: the same customer as its parent, so no outcome of its own.
    pub(super) same_author: bool,
    pub(super) public: bool,
    pub(super) negative: bool,
    pub(super) moves_private: bool,
    /// The first response is recorded (a human's or the bot's reply, or a counted
    /// acknowledgement).
    pub(super) responded: bool,
    /// The reply that fixes the outcome was posted.
    pub(super) answered: bool,
    /// Within the customer's expectation and before their patience ran out.
    pub(super) quick: bool,
    /// The answer solved the issue.
    pub(super) effective: bool,
    /// Answered within the public's patience.
    pub(super) timely: bool,
    /// The bot acknowledged it and handed it over to humans.
    pub(super) acknowledged: bool,
    /// The conversation went on in a private channel after a public first reply.
    pub(super) private_now: bool,
    /// An agent is writing a reply to it now.
    pub(super) writing: bool,
    /// Handed back: the next agent's first reply includes the re-read time.
    pub(super) reread: bool,
    /// Epoch of the reply being written: a completion event of another epoch is stale.
    pub(super) epoch: u32,
    /// The pending patience or maximum-age event of a waiting mention, cancelled when an
    /// agent takes it first.
    pub(super) deadline: Option<Ticket>,
    pub(super) class: u32,
    pub(super) channel: u32,
    /// The (class, channel) cell: `class x channels + channel`.
    pub(super) cell: u32,
    pub(super) hour: u32,
    pub(super) replies_left: u32,
    pub(super) cascade: u32,
    pub(super) spawn_pending: bool,
    pub(super) arrival: f64,
    pub(super) followers: f64,
    pub(super) expectation: f64,
    pub(super) patience: f64,
    /// Work of the next reply (the first's as drawn at arrival; a returned conversation's
    /// follow-up as drawn when the customer answered).
    pub(super) work: f64,
    /// Shared attention: solo minutes of work left on the reply being written.
    pub(super) remaining: f64,
    pub(super) spawn_age: f64,
    pub(super) u_effective: f64,
    pub(super) u_recommend: f64,
    pub(super) u_escalate: f64,
    pub(super) u_repost: f64,
    pub(super) u_share: f64,
    pub(super) u_handover: f64,
    pub(super) local: Xoshiro128PlusPlus,
    /// This mention's own virality stream: spawn times, thinning and its children's
    /// customers. Keyed on the mention, so two plans see the same potential pile-ons.
    pub(super) virality: Xoshiro128PlusPlus,
}

impl Mention {
    /// What a routing policy sees of this mention; `sequence` is its routing order.
    pub(super) fn view(&self, sc: &Scenario, sequence: u64) -> MentionView {
        MentionView {
            arrival_min: self.arrival,
            sequence,
            class: self.class as usize,
            channel: self.channel as usize,
            class_priority: sc.classes[self.class as usize].priority,
            public: self.public,
            negative: self.negative,
            spawned: self.spawned,
            followers: self.followers,
            expectation_min: self.expectation,
            patience_min: self.patience,
            public_patience_min: sc.customers.public_patience_min,
        }
    }
}

impl Mention {
    /// A slot that holds no mention yet.
    fn vacant() -> Self {
        Mention {
            generation: 0,
            alive: false,
            phase: Phase::Done,
            counted: false,
            spawned: false,
            same_author: false,
            public: false,
            negative: false,
            moves_private: false,
            responded: false,
            answered: false,
            quick: false,
            effective: false,
            timely: false,
            acknowledged: false,
            private_now: false,
            writing: false,
            reread: false,
            epoch: 0,
            deadline: None,
            class: 0,
            channel: 0,
            cell: 0,
            hour: 0,
            replies_left: 0,
            cascade: NONE,
            spawn_pending: false,
            arrival: 0.0,
            followers: 0.0,
            expectation: 0.0,
            patience: 0.0,
            work: 0.0,
            remaining: 0.0,
            spawn_age: 0.0,
            u_effective: 0.0,
            u_recommend: 0.0,
            u_escalate: 0.0,
            u_repost: 0.0,
            u_share: 0.0,
            u_handover: 0.0,
            local: Xoshiro128PlusPlus::seed_from_u64(0),
            virality: Xoshiro128PlusPlus::seed_from_u64(0),
        }
    }
}

/// Draws a customer into the slot `out` (from [`Sim::new_slot`], whose generation it
/// keeps): written in place, the slot is not copied. The number and order of draws is
/// fixed per class, whatever the staffing, so common random numbers hold across plans.
#[allow(clippy::too_many_arguments)]
pub(super) fn draw_mention(
    sc: &Scenario,
    now: f64,
    counted: bool,
    rng: &mut impl Rng,
    class: usize,
    channel: usize,
    parent: Option<(f64, u32)>,
    out: &mut Mention,
) {
    let cl = &sc.classes[class];
    let cu = &sc.customers;
    let mut followers = cu.followers.sample(rng);
    let expects = rng.random::<f64>() < cl.expects_reply;
    let mut expectation = cu.expectation.sample(rng);
    let strict = rng.random::<f64>() < cu.off_hours_strict;
    let patience = cl.patience.sample(rng);
    let work = cl.handle_time.sample(rng);
    let replies = cl.replies.sample(rng).round().max(1.0) as u32;
    let moves_private = rng.random::<f64>() < cl.private;
    let u = [(); 6].map(|_| rng.random::<f64>());
    let local = Xoshiro128PlusPlus::seed_from_u64(rng.random::<u64>());
    let virality = Xoshiro128PlusPlus::seed_from_u64(rng.random::<u64>());
    let mut patience = patience;
    if !strict && !cu.business_hours[sc.hour_of_week(now)] {
        expectation *= cu.off_hours_relax;
        patience *= cu.off_hours_relax;
    }
    let spawned = parent.is_some();
    if let Some((f, _)) = parent
        && f >= 0.0
    {
        followers = f;
    }
    *out = Mention {
        generation: out.generation,
        alive: true,
        phase: Phase::Done,
        counted,
        spawned,
        same_author: parent.is_some_and(|(f, _)| f >= 0.0),
        public: sc.channels[channel].public,
        negative: cl.sentiment == Sentiment::Negative || spawned,
        moves_private,
        responded: false,
        answered: false,
        quick: false,
        effective: false,
        timely: false,
        acknowledged: false,
        private_now: false,
        writing: false,
        reread: false,
        epoch: 0,
        deadline: None,
        class: index(class, "class"),
        channel: index(channel, "channel"),
        cell: index(class * sc.channels.len() + channel, "cell"),
        hour: (now / 60.0) as u32,
        replies_left: replies,
        cascade: parent.map_or(NONE, |(_, c)| c),
        spawn_pending: false,
        arrival: now,
        followers,
        expectation: if expects { expectation } else { f64::INFINITY },
        patience: if expects { patience } else { f64::INFINITY },
        work,
        remaining: 0.0,
        spawn_age: 0.0,
        u_effective: u[0],
        u_recommend: u[1],
        u_escalate: u[2],
        u_repost: u[3],
        u_share: u[4],
        u_handover: u[5],
        local,
        virality,
    };
}

impl<R: Recorder, P: Routing> Sim<'_, R, P> {
    /// A free slot (or a new one) for a new mention, with its key: the mention is drawn
    /// into it ([`draw_mention`]) and then admitted. With more mentions in the system than
    /// `limits.max_in_system`, the replication is marked overloaded (and stops after the
    /// event in hand).
    pub(super) fn new_slot(&mut self) -> Key {
        if self.free_slots.is_empty() && self.overloaded.is_none() {
            let in_system = self.mentions.len() as u64 + 1;
            if in_system > self.sc.max_in_system {
                self.overloaded = Some(record::Overload {
                    t_min: self.now(),
                    in_system,
                });
            }
        }
        if let Some(idx) = self.free_slots.pop() {
            let slot = &mut self.mentions[idx as usize];
            slot.generation = slot.generation.wrapping_add(1);
            Key {
                idx,
                generation: slot.generation,
            }
        } else {
            let idx = index(self.mentions.len(), "mention slot");
            self.mentions.push(Mention::vacant());
            Key { idx, generation: 0 }
        }
    }

    /// The mention of `k`, unless it has ended and its slot was reused.
    pub(super) fn get(&self, k: Key) -> Option<&Mention> {
        self.mentions
            .get(k.idx as usize)
            .filter(|m| m.alive && m.generation == k.generation)
    }

    /// The slot of `k`, whatever it holds now.
    pub(super) fn m(&mut self, k: Key) -> &mut Mention {
        &mut self.mentions[k.idx as usize]
    }

    /// Frees the slot once the mention is done and no spawn chain refers to it.
    pub(super) fn release_if_done(&mut self, k: Key) {
        let m = &self.mentions[k.idx as usize];
        if m.phase != Phase::Done || m.spawn_pending || !m.alive {
            return;
        }
        let cascade = m.cascade;
        self.mentions[k.idx as usize].alive = false;
        self.free_slots.push(k.idx);
        if cascade != NONE {
            let c = &mut self.cascades[cascade as usize];
            c.refs -= 1;
            if c.refs == 0 {
                self.free_cascades.push(cascade);
            }
        }
    }
}
