//! Mentions and their customers: everything drawn for a mention at its arrival, and the
//! slots that hold the mentions of a run.
//!
//! A customer draws, from the customer stream and in a fixed order, their followers, how
//! soon they expect a reply, their patience, the work and the replies their conversation
//! needs, and one word: the key of the mention's own counter-based streams
//! ([`crate::rng::Counter`]). One of them holds a uniform per yes-or-no decision
//! ([`Decision`]: whether they expect a reply at all, whether the conversation moves
//! private, whether the answer helps, whether they recommend, ...), read when the decision
//! comes up; the others feed follow-ups and virality. The number and order of draws from
//! the customer stream never depends on the staffing, so plans compared under common
//! random numbers see the very same customers (MODEL.md, random streams). Slots are reused
//! with a generation count, so events of a finished mention are recognised as stale.

use rand::Rng;

use super::event::Key;
use super::routing::{MentionView, Routing};
use super::{NONE, Sim, index};
use crate::engine::Ticket;
use crate::record::{self, Recorder};
use crate::rng::Counter;
use crate::scenario::{Scenario, Sentiment};
use crate::stats::round_to_unit;

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
    /// The uniforms of this customer's yes-or-no decisions, one per [`Decision`], read
    /// when (and only if) the decision comes up.
    pub(super) decisions: Counter,
    /// This mention's follow-up stream: think times and follow-up work.
    pub(super) local: Counter,
    /// This mention's own virality stream: spawn times, thinning and its children's
    /// customers. Keyed on the mention, so two plans see the same potential pile-ons.
    pub(super) virality: Counter,
}

// Every mention of the system is one of these, drawn in place: keep it within its size
// since its decisions became one counter (208 bytes before).
const _: () = assert!(size_of::<Mention>() <= 152);

/// A customer's yes-or-no decisions: each has its own uniform of the mention's
/// decision stream (read by [`Mention::decides`]), whatever the order in which they come up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decision {
    /// Whether the customer expects a reply at all (`expects_reply`).
    Expects = 0,
    /// Whether off-hours leave their expectation as it is (`off_hours_strict`).
    Strict,
    /// Whether the conversation moves to a private channel (`private`).
    MovesPrivate,
    /// Whether the reply solves the issue.
    Effective,
    /// Whether the customer recommends the brand.
    Recommend,
    /// Whether an abandoning customer escalates to the phone.
    Escalate,
    /// Whether a frustrated customer reposts.
    Repost,
    /// Whether a satisfied customer shares the answer.
    Share,
    /// Whether the bot hands the conversation over to humans.
    Handover,
}

impl Decision {
    /// Whether this decision, taken with probability `p`, is yes: its uniform on [0, 1)
    /// in the decision stream `decisions` is below `p`. A `p` of 1 or more is always yes
    /// and one of 0 or less always no: then the uniform is not computed (the answer is the
    /// one it would give, and the other decisions' uniforms do not depend on it).
    #[inline]
    fn happens(self, decisions: &Counter, p: f64) -> bool {
        if p >= 1.0 {
            true
        } else if p <= 0.0 {
            false
        } else {
            decisions.unit_at(self as u64) < p
        }
    }
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
            decisions: Counter::new(0),
            local: Counter::new(0),
            virality: Counter::new(0),
        }
    }

    /// Whether this customer's decision `d`, taken with probability `p`, is yes (see
    /// [`Decision::happens`]).
    #[inline]
    pub(super) fn decides(&self, d: Decision, p: f64) -> bool {
        d.happens(&self.decisions, p)
    }
}

/// The keys of a mention's follow-up and virality streams: its decision key with these
/// bits flipped (the keys are mixed, so the three streams are unrelated).
const LOCAL: u64 = 0x6c6f_6361_6c00_0001;
const VIRALITY: u64 = 0x7669_7261_6c00_0002;

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
    let mut expectation = cu.expectation.sample(rng);
    let patience = cl.patience.sample(rng);
    let work = cl.handle_time.sample(rng);
    let replies = round_to_unit(cl.replies.sample(rng)).clamp(1, u64::from(u32::MAX)) as u32;
    let key = rng.next_u64();
    let decisions = Counter::new(key);
    let local = Counter::new(key ^ LOCAL);
    let virality = Counter::new(key ^ VIRALITY);
    let expects = Decision::Expects.happens(&decisions, cl.expects_reply);
    let moves_private = Decision::MovesPrivate.happens(&decisions, cl.private);
    let mut patience = patience;
    // A factor of 1 relaxes nothing (multiplying by it is exact): then neither the
    // customer's strictness nor the hour is looked up.
    if cu.off_hours_relax != 1.0
        && !Decision::Strict.happens(&decisions, cu.off_hours_strict)
        && !cu.business_hours[sc.hour_of_week(now)]
    {
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
        decisions,
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
