//! The social-care model: one replication of a [`Scenario`] as a discrete-event simulation.
//!
//! Mentions arrive as a non-homogeneous Poisson process (weekly profile x incidents,
//! sampled exactly over the piecewise-constant rate). Each draws its customer at arrival
//! (class, channel, followers, expectation, patience, work, replies needed and the uniforms
//! of every later decision) from its own stream, so that plans compared under common random
//! numbers see the very same customers. A waiting mention is taken by the least-loaded
//! agent with a free conversation slot in a group that serves its channel and class;
//! otherwise it waits in the queue of its (channel, class) cell, ordered by the policy's
//! discipline. A conversation holds the slot from the first reply to the last: work for a
//! reply takes `work x channel factor / speed x (1 + penalty x (held - 1))` minutes, then
//! the customer thinks and answers, and the same agent writes the next reply.
//!
//! A customer whose patience runs out before an agent takes the mention becomes frustrated:
//! some phone, some post again publicly. By default the mention stays answerable (social
//! media is not a phone line); with `answer_after_abandon = false` the customer leaves, as
//! in Erlang A. The outcome (quick/slow x effective/ineffective, or ignored) is fixed at the
//! first reply or the drop, and with it the recommendation and the impressions.
//!
//! Virality is a Hawkes branching process: a public negative mention spawns "me too"
//! mentions with intensity `(n / tau) exp(-s / tau)` at age `s`, thinned to a share
//! `after_quick` or `after_slow` once it is answered; so an ignored complaint has `n`
//! children on average, a quickly answered one far fewer. Children are mentions like any
//! other and can spawn in turn (the branching ratio is validated below 1).

use rand::rngs::Xoshiro128PlusPlus;
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp1};
use std::collections::BinaryHeap;

use crate::engine::{EventQueue, SimTime};
use crate::record::{self, DropReason, Recorder};
use crate::rng::{Purpose, stream};
use crate::scenario::calendar::WEEK_MIN;
use crate::scenario::{Discipline, OutcomeState, Scenario, Sentiment};

const NONE: u32 = u32::MAX;

/// Runs replication `replication` of `scenario`, reporting to `recorder`, and returns it.
pub fn simulate<R: Recorder>(scenario: &Scenario, replication: u64, recorder: R) -> R {
    let mut sim = Sim::new(scenario, replication, recorder);
    sim.run();
    sim.rec
}

/// Handle to a mention: slot index plus generation, so stale events are recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    idx: u32,
    generation: u32,
}

#[derive(Debug, Clone, Copy)]
enum Event {
    Arrival,
    Hour,
    WarmupEnd,
    ShiftStart { group: u16, window: u16, end: f64 },
    ShiftEnd { group: u16 },
    Patience(Key),
    MaxAge(Key),
    ReplyDone(Key),
    CustomerReply(Key),
    BotReply(Key),
    Spawn(Key),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// In a human queue.
    Waiting,
    /// Waiting for the bot's reply.
    Bot,
    /// In conversation with an agent.
    Held(u32),
    /// Conversation over, or dropped.
    Done,
}

/// One customer's mention and everything drawn for it at arrival.
#[derive(Debug, Clone)]
struct Mention {
    generation: u32,
    alive: bool,
    phase: Phase,
    counted: bool,
    spawned: bool,
    public: bool,
    negative: bool,
    moves_private: bool,
    answered: bool,
    quick: bool,
    class: u16,
    channel: u16,
    cell: u16,
    hour: u32,
    replies_left: u32,
    cascade: u32,
    spawn_pending: bool,
    arrival: f64,
    followers: f64,
    expectation: f64,
    patience: f64,
    work: f64,
    spawn_age: f64,
    u_effective: f64,
    u_recommend: f64,
    u_escalate: f64,
    u_repost: f64,
    u_share: f64,
    u_handover: f64,
    local: Xoshiro128PlusPlus,
    /// This mention's own virality stream: spawn times, thinning and its children's
    /// customers. Keyed on the mention, so two plans see the same potential pile-ons.
    virality: Xoshiro128PlusPlus,
}

/// Entry of a cell queue: the largest `score` is served first, then the oldest `seq`.
#[derive(Debug, Clone, Copy)]
struct QueueEntry {
    score: f64,
    seq: u64,
    key: Key,
}

impl PartialEq for QueueEntry {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == std::cmp::Ordering::Equal
    }
}
impl Eq for QueueEntry {}
impl PartialOrd for QueueEntry {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for QueueEntry {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.score
            .total_cmp(&o.score)
            .then_with(|| o.seq.cmp(&self.seq))
    }
}

#[derive(Debug, Clone)]
struct Agent {
    group: u16,
    on: bool,
    active: u32,
    pos: u32,
}

#[derive(Debug, Clone, Default)]
struct GroupState {
    first_agent: u32,
    /// Agents with a free slot, by number of conversations held.
    free: Vec<Vec<u32>>,
    /// Cells this group serves.
    cells: Vec<u16>,
    paid_on: u32,
    available: u32,
    shift_end: f64,
    busy_on: u32,
    // Cumulative integrals (slot-minutes, agent-minutes) and their warm-up snapshot.
    busy_area: f64,
    slot_area: f64,
    paid_area: f64,
    avail_area: f64,
    last_t: f64,
    at_warmup: [f64; 2],
    /// Paid agent-minutes inside the measured window, summed per shift (exact).
    paid_in_window: f64,
}

impl GroupState {
    fn touch(&mut self, now: f64, concurrency: u32) {
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

#[derive(Debug, Clone, Copy)]
struct Cascade {
    size: u32,
    refs: u32,
}

/// Per-cell constants.
#[derive(Debug, Clone)]
struct Cell {
    groups: Vec<u16>,
    bot: bool,
}

/// Draws a customer. The number and order of draws is fixed per class, whatever the
/// staffing, so common random numbers hold across plans.
fn draw_mention(
    sc: &Scenario,
    now: f64,
    warmup: f64,
    rng: &mut impl Rng,
    class: usize,
    channel: usize,
    parent: Option<(f64, u32)>,
) -> Mention {
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
    if !strict && !cu.business_hours[sc.hour_of_week(now)] {
        expectation *= cu.off_hours_relax;
    }
    let spawned = parent.is_some();
    if let Some((f, _)) = parent
        && f >= 0.0
    {
        followers = f;
    }
    Mention {
        generation: 0,
        alive: true,
        phase: Phase::Done,
        counted: now >= warmup,
        spawned,
        public: sc.channels[channel].public,
        negative: cl.sentiment == Sentiment::Negative || spawned,
        moves_private,
        answered: false,
        quick: false,
        class: class as u16,
        channel: channel as u16,
        cell: (class * sc.channels.len() + channel) as u16,
        hour: (now / 60.0) as u32,
        replies_left: replies,
        cascade: parent.map_or(NONE, |(_, c)| c),
        spawn_pending: false,
        arrival: now,
        followers,
        expectation: if expects { expectation } else { f64::INFINITY },
        patience: if expects { patience } else { f64::INFINITY },
        work,
        spawn_age: 0.0,
        u_effective: u[0],
        u_recommend: u[1],
        u_escalate: u[2],
        u_repost: u[3],
        u_share: u[4],
        u_handover: u[5],
        local,
        virality,
    }
}

struct Sim<'s, R: Recorder> {
    sc: &'s Scenario,
    rec: R,
    q: EventQueue<Event>,
    arrivals_rng: ChaCha8Rng,
    customers_rng: ChaCha8Rng,
    /// One staffing stream per group, keyed by the group's name.
    staffing_rng: Vec<ChaCha8Rng>,
    mentions: Vec<Mention>,
    free_slots: Vec<u32>,
    queues: Vec<BinaryHeap<QueueEntry>>,
    cells: Vec<Cell>,
    agents: Vec<Agent>,
    groups: Vec<GroupState>,
    cascades: Vec<Cascade>,
    free_cascades: Vec<u32>,
    largest_cascade: u32,
    class_cum: Vec<f64>,
    channel_cum: Vec<f64>,
    seq: u64,
    waiting: u64,
    queue_area: f64,
    queue_last_t: f64,
    queue_at_warmup: f64,
    /// Per class: (waiting, area, last change, area at warm-up end).
    class_queue: Vec<(u64, f64, f64, f64)>,
    hour_last_t: f64,
    hour_last_queue: f64,
    hour_last_groups: Vec<[f64; 2]>,
    horizon: f64,
    warmup: f64,
}

fn cumulative(shares: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut acc = 0.0;
    let mut v: Vec<f64> = shares
        .map(|s| {
            acc += s;
            acc
        })
        .collect();
    if let Some(last) = v.last_mut() {
        *last = f64::INFINITY;
    }
    v
}

fn pick(cum: &[f64], u: f64) -> usize {
    cum.partition_point(|&c| c <= u).min(cum.len() - 1)
}

impl<'s, R: Recorder> Sim<'s, R> {
    fn new(sc: &'s Scenario, replication: u64, rec: R) -> Self {
        let n_ch = sc.channels.len();
        let n_cells = n_ch * sc.classes.len();
        let mut cells = Vec::with_capacity(n_cells);
        for k in 0..sc.classes.len() {
            for c in 0..n_ch {
                let groups = sc
                    .groups
                    .iter()
                    .enumerate()
                    .filter(|(_, g)| g.channels[c] && g.classes[k])
                    .map(|(i, _)| i as u16)
                    .collect();
                let bot = sc
                    .bot
                    .as_ref()
                    .is_some_and(|b| b.channels[c] && b.classes[k]);
                cells.push(Cell { groups, bot });
            }
        }
        let mut agents = Vec::new();
        let mut groups = Vec::new();
        for (gi, g) in sc.groups.iter().enumerate() {
            let first_agent = agents.len() as u32;
            for _ in 0..g.agents {
                agents.push(Agent {
                    group: gi as u16,
                    on: false,
                    active: 0,
                    pos: NONE,
                });
            }
            let cells_served = (0..n_cells)
                .filter(|&cell| cells[cell].groups.contains(&(gi as u16)))
                .map(|c| c as u16)
                .collect();
            groups.push(GroupState {
                first_agent,
                free: vec![Vec::new(); g.concurrency as usize],
                cells: cells_served,
                ..GroupState::default()
            });
        }
        let seed = sc.seed;
        Sim {
            sc,
            rec,
            q: EventQueue::new(),
            arrivals_rng: stream(seed, replication, Purpose::Arrivals),
            customers_rng: stream(seed, replication, Purpose::Customers),
            staffing_rng: sc
                .groups
                .iter()
                .map(|g| crate::rng::keyed_stream(seed, replication, Purpose::Staffing, &g.name))
                .collect(),
            mentions: Vec::new(),
            free_slots: Vec::new(),
            queues: vec![BinaryHeap::new(); n_cells],
            cells,
            agents,
            groups,
            cascades: Vec::new(),
            free_cascades: Vec::new(),
            largest_cascade: 0,
            class_cum: cumulative(sc.classes.iter().map(|c| c.share)),
            channel_cum: cumulative(sc.channels.iter().map(|c| c.share)),
            seq: 0,
            waiting: 0,
            queue_area: 0.0,
            queue_last_t: 0.0,
            queue_at_warmup: 0.0,
            class_queue: vec![(0, 0.0, 0.0, 0.0); sc.classes.len()],
            hour_last_t: 0.0,
            hour_last_queue: 0.0,
            hour_last_groups: vec![[0.0; 2]; sc.groups.len()],
            horizon: sc.horizon_min,
            warmup: sc.warmup_min,
        }
    }

    fn now(&self) -> f64 {
        self.q.now().minutes()
    }

    fn run(&mut self) {
        if let Some(t) = self.next_arrival_after(0.0) {
            self.q.schedule(SimTime(t), Event::Arrival);
        }
        self.q
            .schedule(SimTime(60f64.min(self.horizon)), Event::Hour);
        if self.warmup > 0.0 {
            self.q.schedule(SimTime(self.warmup), Event::WarmupEnd);
        }
        self.schedule_first_shifts();
        let horizon = SimTime(self.horizon);
        while let Some((_, ev)) = self.q.pop_until(horizon) {
            self.handle(ev);
        }
        self.q.advance_to(horizon);
        self.finish();
    }

    fn handle(&mut self, ev: Event) {
        match ev {
            Event::Arrival => self.on_arrival(),
            Event::Hour => self.on_hour(),
            Event::WarmupEnd => self.on_warmup_end(),
            Event::ShiftStart { group, window, end } => self.on_shift_start(group, window, end),
            Event::ShiftEnd { group } => self.on_shift_end(group),
            Event::Patience(k) => self.on_patience(k),
            Event::MaxAge(k) => self.on_max_age(k),
            Event::ReplyDone(k) => self.on_reply_done(k),
            Event::CustomerReply(k) => self.on_customer_reply(k),
            Event::BotReply(k) => self.on_bot_reply(k),
            Event::Spawn(k) => self.on_spawn(k),
        }
    }

    // ----- arrivals -------------------------------------------------------------------

    /// Next arrival of the non-homogeneous Poisson process after `t`: an Exp(1) amount of
    /// integrated rate, walked across the piecewise-constant segments.
    fn next_arrival_after(&mut self, mut t: f64) -> Option<f64> {
        let mut need: f64 = Exp1.sample(&mut self.arrivals_rng);
        while t < self.horizon {
            let rate = self.sc.arrival_rate_per_min(t);
            let mut seg_end = ((t / 60.0).floor() + 1.0) * 60.0;
            for inc in &self.sc.arrivals.incidents {
                for b in [inc.start_min, inc.end_min] {
                    if b > t && b < seg_end {
                        seg_end = b;
                    }
                }
            }
            let mass = rate * (seg_end - t);
            if mass >= need {
                return Some(t + need / rate);
            }
            need -= mass;
            t = seg_end;
        }
        None
    }

    fn on_arrival(&mut self) {
        let now = self.now();
        if let Some(t) = self.next_arrival_after(now) {
            self.q.schedule(SimTime(t), Event::Arrival);
        }
        let rng = &mut self.customers_rng;
        let class = pick(&self.class_cum, rng.random::<f64>());
        let channel = pick(&self.channel_cum, rng.random::<f64>());
        let m = draw_mention(self.sc, now, self.warmup, rng, class, channel, None);
        self.admit(m);
    }

    fn insert(&mut self, mut m: Mention) -> Key {
        if let Some(idx) = self.free_slots.pop() {
            let slot = &mut self.mentions[idx as usize];
            m.generation = slot.generation.wrapping_add(1);
            *slot = m;
            Key {
                idx,
                generation: slot.generation,
            }
        } else {
            let idx = self.mentions.len() as u32;
            self.mentions.push(m);
            Key { idx, generation: 0 }
        }
    }

    fn get(&self, k: Key) -> Option<&Mention> {
        self.mentions
            .get(k.idx as usize)
            .filter(|m| m.alive && m.generation == k.generation)
    }

    fn m(&mut self, k: Key) -> &mut Mention {
        &mut self.mentions[k.idx as usize]
    }

    /// Frees the slot once the mention is done and no spawn chain refers to it.
    fn release_if_done(&mut self, k: Key) {
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

    /// A new mention enters: policy, bot, an agent, or the queue.
    fn admit(&mut self, m: Mention) {
        let sc = self.sc;
        let now = self.now();
        let class = m.class as usize;
        let cell = m.cell as usize;
        let counted = m.counted;
        let answerable = sc.classes[class].answer;
        let bot = answerable && self.cells[cell].bot;
        let handover = sc.bot.as_ref().is_some_and(|b| m.u_handover < b.handover);
        let virality = sc.virality.is_some() && m.public && m.negative;
        let k = self.insert(m);
        if counted {
            self.rec.arrival(&record::Arrival {
                t_min: now,
                hour: self.mentions[k.idx as usize].hour as usize,
                class,
                channel: self.mentions[k.idx as usize].channel as usize,
                spawned: self.mentions[k.idx as usize].spawned,
                answerable,
                bot,
                expectation_min: self.mentions[k.idx as usize].expectation,
            });
        }
        if virality {
            self.schedule_spawn(k);
        }
        if !answerable {
            self.drop_mention(k, DropReason::Policy);
        } else if bot && !handover {
            self.m(k).phase = Phase::Bot;
            let delay = sc.bot.as_ref().map_or(0.0, |b| b.delay_min);
            self.q.schedule_in(delay, Event::BotReply(k));
        } else {
            self.m(k).phase = Phase::Waiting;
            self.waiting_change(class, 1);
            if let Some(agent) = self.free_agent_for(cell) {
                self.take(agent, k);
            } else {
                self.enqueue(k);
            }
        }
    }

    fn enqueue(&mut self, k: Key) {
        let sc = self.sc;
        let m = &self.mentions[k.idx as usize];
        self.seq += 1;
        let score = match sc.policy.discipline {
            Discipline::Fifo => 0.0,
            Discipline::Lifo => self.seq as f64,
            Discipline::Influence => m.followers,
            Discipline::Deadline => -(m.arrival + m.expectation),
            Discipline::Priority => sc.classes[m.class as usize].priority as f64,
        };
        let (arrival, patience, cell) = (m.arrival, m.patience, m.cell as usize);
        self.queues[cell].push(QueueEntry {
            score,
            seq: self.seq,
            key: k,
        });
        if patience.is_finite() {
            self.q
                .schedule(SimTime(arrival + patience), Event::Patience(k));
        }
        if let Some(max_age) = sc.policy.max_age_min {
            self.q
                .schedule(SimTime(arrival + max_age), Event::MaxAge(k));
        }
    }

    /// Updates the queue-length integrals; `class` is the class of the mention that joins
    /// (`delta = 1`) or leaves (`delta = -1`) the queue.
    fn waiting_change(&mut self, class: usize, delta: i64) {
        let now = self.now();
        self.queue_area += self.waiting as f64 * (now - self.queue_last_t);
        self.queue_last_t = now;
        let c = &mut self.class_queue[class];
        c.1 += c.0 as f64 * (now - c.2);
        c.2 = now;
        c.0 = (c.0 as i64 + delta) as u64;
        self.waiting = (self.waiting as i64 + delta) as u64;
    }

    /// Brings every queue integral up to now.
    fn sync_queue_integrals(&mut self) {
        for class in 0..self.class_queue.len() {
            self.waiting_change(class, 0);
        }
    }

    // ----- agents ---------------------------------------------------------------------

    /// The least-loaded available agent with a free slot in a group serving `cell`.
    fn free_agent_for(&self, cell: usize) -> Option<u32> {
        let mut best: Option<(usize, u32)> = None;
        for &g in &self.cells[cell].groups {
            let gs = &self.groups[g as usize];
            if let Some((load, bucket)) = gs.free.iter().enumerate().find(|(_, b)| !b.is_empty())
                && best.is_none_or(|(l, _)| load < l)
                && let Some(&a) = bucket.last()
            {
                best = Some((load, a));
            }
        }
        best.map(|(_, a)| a)
    }

    fn bucket_remove(&mut self, a: u32) {
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

    fn bucket_insert(&mut self, a: u32) {
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

    fn set_active(&mut self, a: u32, delta: i32) {
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
    fn take(&mut self, a: u32, k: Key) {
        let now = self.now();
        let class = self.mentions[k.idx as usize].class as usize;
        self.waiting_change(class, -1);
        self.set_active(a, 1);
        let g = self.agents[a as usize].group as usize;
        let m = &mut self.mentions[k.idx as usize];
        m.phase = Phase::Held(a);
        let (counted, class, wait, work) = (m.counted, m.class as usize, now - m.arrival, m.work);
        let followers = m.followers;
        if counted {
            self.rec.queue_exit(&record::QueueExit {
                class,
                wait_min: wait,
                followers,
                served: true,
            });
        }
        let dt = self.reply_time(g, a, k, work);
        self.q.schedule_in(dt, Event::ReplyDone(k));
    }

    fn reply_time(&self, g: usize, a: u32, k: Key, work: f64) -> f64 {
        let sc = self.sc;
        let m = &self.mentions[k.idx as usize];
        let held = f64::from(self.agents[a as usize].active);
        work * sc.channels[m.channel as usize].handle_time_factor / sc.groups[g].speed
            * (1.0 + sc.concurrency_penalty * (held - 1.0))
    }

    /// Agent `a` has a free slot: it takes the best waiting mention it may serve.
    fn pull_work(&mut self, a: u32) {
        loop {
            let agent = &self.agents[a as usize];
            let g = agent.group as usize;
            if !agent.on || agent.active >= self.sc.groups[g].concurrency || self.waiting == 0 {
                return;
            }
            let mut best: Option<(QueueEntry, usize)> = None;
            for ci in 0..self.groups[g].cells.len() {
                let cell = self.groups[g].cells[ci] as usize;
                while let Some(top) = self.queues[cell].peek() {
                    let live = self.get(top.key).is_some_and(|m| m.phase == Phase::Waiting);
                    if live {
                        break;
                    }
                    self.queues[cell].pop();
                }
                if let Some(top) = self.queues[cell].peek()
                    && best.is_none_or(|(b, _)| *top > b)
                {
                    best = Some((*top, cell));
                }
            }
            let Some((entry, cell)) = best else { return };
            self.queues[cell].pop();
            self.take(a, entry.key);
        }
    }

    fn schedule_first_shifts(&mut self) {
        let offset = self.sc.start_day as f64 * crate::scenario::calendar::DAY_MIN;
        for (g, group) in self.sc.groups.iter().enumerate() {
            for (w, &(ws, we)) in group.shifts.iter().enumerate() {
                // First weekly occurrence that has not ended by t = 0.
                let k = ((offset - we) / WEEK_MIN).floor() + 1.0;
                let (s, e) = (ws - offset + k * WEEK_MIN, we - offset + k * WEEK_MIN);
                let (s, e) = if e <= 0.0 {
                    (s + WEEK_MIN, e + WEEK_MIN)
                } else {
                    (s, e)
                };
                if s.max(0.0) < self.horizon {
                    self.q.schedule(
                        SimTime(s.max(0.0)),
                        Event::ShiftStart {
                            group: g as u16,
                            window: w as u16,
                            end: e,
                        },
                    );
                }
            }
        }
    }

    fn on_shift_start(&mut self, group: u16, window: u16, end: f64) {
        let now = self.now();
        let g = group as usize;
        let spec = &self.sc.groups[g];
        let next_start =
            end - (spec.shifts[window as usize].1 - spec.shifts[window as usize].0) + WEEK_MIN;
        if next_start < self.horizon {
            self.q.schedule(
                SimTime(next_start),
                Event::ShiftStart {
                    group,
                    window,
                    end: end + WEEK_MIN,
                },
            );
        }
        self.q
            .schedule(SimTime(end.min(self.horizon)), Event::ShiftEnd { group });
        // Agents available net of shrinkage: the fractional agent by a coin flip, so the
        // expected capacity is exactly agents x (1 - shrinkage).
        let net = f64::from(spec.agents) * (1.0 - spec.shrinkage);
        let available =
            net.floor() as u32 + u32::from(self.staffing_rng[g].random::<f64>() < net.fract());
        self.staff_off(g);
        self.groups[g].shift_end = end;
        let paid_span = end.min(self.horizon) - now.max(self.warmup);
        if paid_span > 0.0 {
            self.groups[g].paid_in_window += f64::from(spec.agents) * paid_span;
        }
        self.groups[g].touch(now, spec.concurrency);
        self.groups[g].paid_on = spec.agents;
        self.groups[g].available = available;
        let first = self.groups[g].first_agent;
        for a in first..first + available {
            let agent = &mut self.agents[a as usize];
            agent.on = true;
            let held = agent.active;
            self.groups[g].busy_on += held;
            self.bucket_insert(a);
        }
        for a in first..first + available {
            self.pull_work(a);
        }
    }

    fn on_shift_end(&mut self, group: u16) {
        let g = group as usize;
        // A back-to-back window of the same group may already have started.
        if self.now() >= self.groups[g].shift_end {
            self.staff_off(g);
        }
    }

    /// Every agent of group `g` goes off shift; conversations in hand are finished.
    fn staff_off(&mut self, g: usize) {
        let now = self.now();
        self.groups[g].touch(now, self.sc.groups[g].concurrency);
        let first = self.groups[g].first_agent;
        for a in first..first + self.sc.groups[g].agents {
            if self.agents[a as usize].on {
                self.bucket_remove(a);
                self.agents[a as usize].on = false;
            }
        }
        let gs = &mut self.groups[g];
        gs.paid_on = 0;
        gs.available = 0;
        gs.busy_on = 0;
    }

    // ----- conversations --------------------------------------------------------------

    fn on_reply_done(&mut self, k: Key) {
        let now = self.now();
        let Phase::Held(a) = self.mentions[k.idx as usize].phase else {
            return;
        };
        if !self.mentions[k.idx as usize].answered {
            let g = self.agents[a as usize].group as usize;
            let effectiveness = self.sc.groups[g].effectiveness;
            self.first_reply(k, effectiveness, false);
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

    fn on_customer_reply(&mut self, k: Key) {
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

    fn on_bot_reply(&mut self, k: Key) {
        if self.get(k).is_none_or(|m| m.phase != Phase::Bot) {
            return;
        }
        let effectiveness = self.sc.bot.as_ref().map_or(0.0, |b| b.effectiveness);
        self.first_reply(k, effectiveness, true);
        self.m(k).phase = Phase::Done;
        self.release_if_done(k);
    }

    /// The customer gets a first reply: the outcome is fixed now.
    fn first_reply(&mut self, k: Key, effectiveness: f64, by_bot: bool) {
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

    fn outcome(&mut self, k: Key, state: OutcomeState) {
        let o = &self.sc.outcomes;
        let m = &self.mentions[k.idx as usize];
        if !m.counted {
            return;
        }
        let recommends = m.u_recommend < o.recommend[state as usize];
        let seen = m.followers * o.reach;
        // Praise follows a public resolution: ignored customers have nothing to share.
        let positive = recommends && m.public && m.answered && m.u_share < o.share_positive;
        let negative = !recommends && m.public && m.negative;
        self.rec.outcome(&record::Outcome {
            class: m.class as usize,
            state,
            recommends,
            positive_impressions: if positive { seen } else { 0.0 },
            negative_impressions: if negative { seen } else { 0.0 },
        });
    }

    fn drop_mention(&mut self, k: Key, reason: DropReason) {
        let now = self.now();
        let m = &mut self.mentions[k.idx as usize];
        let was_waiting = m.phase == Phase::Waiting;
        m.phase = Phase::Done;
        let (counted, class, hour, wait) = (
            m.counted,
            m.class as usize,
            m.hour as usize,
            now - m.arrival,
        );
        let followers = m.followers;
        if was_waiting {
            self.waiting_change(class, -1);
            if counted {
                self.rec.queue_exit(&record::QueueExit {
                    class,
                    wait_min: wait,
                    followers,
                    served: false,
                });
            }
        }
        if counted {
            self.rec.dropped(&record::Drop {
                class,
                arrival_hour: hour,
                reason,
            });
        }
        self.outcome(k, OutcomeState::Ignored);
        self.release_if_done(k);
    }

    fn on_patience(&mut self, k: Key) {
        if self.get(k).is_none_or(|m| m.phase != Phase::Waiting) {
            return;
        }
        let sc = self.sc;
        let m = &self.mentions[k.idx as usize];
        let escalated = m.u_escalate < sc.customers.escalate_to_phone;
        let reposted = m.public && m.u_repost < sc.customers.repost && sc.virality.is_some();
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
        if !sc.policy.answer_after_abandon {
            self.drop_mention(k, DropReason::Abandoned);
        }
    }

    fn on_max_age(&mut self, k: Key) {
        if self.get(k).is_some_and(|m| m.phase == Phase::Waiting) {
            self.drop_mention(k, DropReason::MaxAge);
        }
    }

    // ----- virality -------------------------------------------------------------------

    /// Draws the age of the next child of `k` and schedules it, or ends the chain.
    ///
    /// The unthinned intensity is `(n / tau) exp(-s / tau)`, whose integral from age `s`
    /// to `s'` is `n (exp(-s/tau) - exp(-s'/tau))`; an Exp(1) amount of it gives `s'`.
    fn schedule_spawn(&mut self, k: Key) {
        let Some(v) = self.sc.virality.as_ref() else {
            return;
        };
        let m = &mut self.mentions[k.idx as usize];
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
    }

    fn on_spawn(&mut self, k: Key) {
        let Some(v) = self.sc.virality.as_ref() else {
            return;
        };
        let m = &mut self.mentions[k.idx as usize];
        let u: f64 = m.virality.random();
        let keep = if !m.answered {
            1.0
        } else if m.quick {
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
    fn spawn_child(&mut self, parent: Key, same_author: bool) {
        let p = &self.mentions[parent.idx as usize];
        let (class, channel, pc) = (p.class as usize, p.channel as usize, p.cascade);
        let p_followers = p.followers;
        let cascade = if pc == NONE {
            let c = Cascade { size: 1, refs: 1 };
            let id = match self.free_cascades.pop() {
                Some(id) => {
                    self.cascades[id as usize] = c;
                    id
                }
                None => {
                    self.cascades.push(c);
                    (self.cascades.len() - 1) as u32
                }
            };
            self.mentions[parent.idx as usize].cascade = id;
            id
        } else {
            pc
        };
        let c = &mut self.cascades[cascade as usize];
        c.size += 1;
        c.refs += 1;
        self.largest_cascade = self.largest_cascade.max(c.size);
        let now = self.now();
        let followers = if same_author { p_followers } else { -1.0 };
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(
            self.mentions[parent.idx as usize].virality.random::<u64>(),
        );
        let mut child = draw_mention(
            self.sc,
            now,
            self.warmup,
            &mut rng,
            class,
            channel,
            Some((followers, cascade)),
        );
        child.public = true;
        child.negative = true;
        self.admit(child);
    }

    // ----- bookkeeping ----------------------------------------------------------------

    fn on_hour(&mut self) {
        let now = self.now();
        self.sync_queue_integrals();
        let span = (now - self.hour_last_t).max(1e-12);
        let mut paid = 0.0;
        let mut avail = 0.0;
        for (g, gs) in self.groups.iter_mut().enumerate() {
            gs.touch(now, self.sc.groups[g].concurrency);
            let last = &mut self.hour_last_groups[g];
            paid += gs.paid_area - last[0];
            avail += gs.avail_area - last[1];
            *last = [gs.paid_area, gs.avail_area];
        }
        let queue_mean = (self.queue_area - self.hour_last_queue) / span;
        let hour = (self.hour_last_t / 60.0).round() as usize;
        self.hour_last_queue = self.queue_area;
        self.hour_last_t = now;
        self.rec.hour(&record::HourSnapshot {
            hour,
            hour_of_week: self.sc.hour_of_week(hour as f64 * 60.0),
            queue_mean,
            queue_end: self.waiting as usize,
            agents_on_shift: paid / span,
            agents_available: avail / span,
        });
        let next = (now + 60.0).min(self.horizon);
        if next > now {
            self.q.schedule(SimTime(next), Event::Hour);
        }
    }

    fn on_warmup_end(&mut self) {
        let now = self.now();
        self.sync_queue_integrals();
        self.queue_at_warmup = self.queue_area;
        for c in &mut self.class_queue {
            c.3 = c.1;
        }
        for (g, gs) in self.groups.iter_mut().enumerate() {
            gs.touch(now, self.sc.groups[g].concurrency);
            gs.at_warmup = [gs.busy_area, gs.slot_area];
        }
    }

    fn finish(&mut self) {
        let now = self.horizon;
        self.sync_queue_integrals();
        let open_at_end = self
            .mentions
            .iter()
            .filter(|m| m.alive && m.counted && !m.answered && m.phase != Phase::Done)
            .count() as u64;
        let mut waiting_at_end = vec![(0, 0.0); self.sc.classes.len()];
        for m in &self.mentions {
            if m.alive && m.counted && m.phase == Phase::Waiting {
                let w = &mut waiting_at_end[m.class as usize];
                w.0 += 1;
                w.1 += now - m.arrival;
            }
        }
        let window = self.horizon - self.warmup;
        let mut groups = Vec::new();
        for (g, gs) in self.groups.iter_mut().enumerate() {
            let spec = &self.sc.groups[g];
            gs.touch(now, spec.concurrency);
            let paid = gs.paid_in_window;
            groups.push(record::GroupUsage {
                name: spec.name.clone(),
                busy_slot_min: gs.busy_area - gs.at_warmup[0],
                slot_min: gs.slot_area - gs.at_warmup[1],
                paid_agent_min: paid,
                cost: paid / 60.0 * spec.cost_per_h,
            });
        }
        self.rec.finish(&record::RunEnd {
            window_min: window,
            open_at_end,
            queue_mean: (self.queue_area - self.queue_at_warmup) / window,
            queue_mean_by_class: self
                .class_queue
                .iter()
                .map(|c| (c.1 - c.3) / window)
                .collect(),
            waiting_at_end_by_class: waiting_at_end,
            largest_cascade: u64::from(self.largest_cascade),
            groups,
        });
    }
}
