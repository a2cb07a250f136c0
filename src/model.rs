//! The social-care model: one replication of a [`Scenario`] as a discrete-event simulation.
//!
//! Mentions arrive as a non-homogeneous Poisson process (weekly profile x incidents,
//! sampled exactly over the piecewise-constant rate). Each draws its customer at arrival
//! (class, channel, followers, expectation, patience, work, replies needed and the uniforms
//! of every later decision) from its own stream, so that plans compared under common random
//! numbers see the very same customers. An arriving mention is taken by an agent with a
//! free conversation slot in a group that serves its channel and class (the routing
//! policy picks the group, the least-loaded one for the built-in disciplines, and the
//! group's least-loaded free agent takes it); otherwise it waits in the queue of its
//! (channel, class) cell, ordered by the routing policy. A conversation holds the slot
//! from the first reply to the last: the agent writes a reply (with a slowdown fixed when
//! it starts, or with shared attention, per group: `attention`), then the customer
//! thinks and answers, and the same agent writes the next reply. At a shift's end an
//! agent takes no new conversation, finishes the reply in hand in paid overtime and hands
//! the conversations waiting for their customer back to the queue, or finishes them, as
//! the group says (`at_shift_end`).
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
//!
//! One file per concept: [`routing`] (the public [`Routing`] trait and the built-in
//! disciplines), and, inside the crate, the events, mentions, arrivals, queues, agents,
//! shifts, conversations, outcomes, abandonment, virality and measurement. [`simulate`]
//! runs the scenario's own discipline; [`simulate_with`] runs a policy of your own.

use crate::engine::{EventQueue, SimTime};
use crate::record::Recorder;
use crate::rng::{Purpose, Stream, keyed_stream, stream};
use crate::scenario::Scenario;

mod abandonment;
mod agents;
mod arrivals;
mod conversation;
mod event;
mod measure;
mod mention;
mod outcome;
mod queue;
mod replay;
pub mod routing;
mod shifts;
mod virality;

pub use routing::{
    ClassPriority, Deadline, Fifo, GroupView, Influence, Lifo, MentionView, Routing,
    ScenarioRouting, Score, choose, least_loaded,
};

use agents::{Agent, Cell, GroupState};
use event::Event;
use mention::Mention;
use queue::CellQueue;
use virality::Cascade;

/// "No index" in the model's `u32` index fields.
const NONE: u32 = u32::MAX;

/// Runs replication `replication` of `scenario`, reporting to `recorder`, and returns it.
///
/// The queues are ordered by the scenario's `policy.discipline` and groups chosen by its
/// `policy.group_choice`; this is [`simulate_with`] and [`ScenarioRouting`].
///
/// # Panics
///
/// If the scenario is too large for the model's 32-bit indices (more than about four
/// billion (class, channel) cells, groups, agents or live mentions).
pub fn simulate<R: Recorder>(scenario: &Scenario, replication: u64, recorder: R) -> R {
    simulate_with(
        scenario,
        replication,
        recorder,
        ScenarioRouting::of(&scenario.policy),
    )
}

/// Runs replication `replication` of `scenario` with the routing policy `policy`,
/// reporting to `recorder`, and returns it.
///
/// Everything but the routing is the scenario's, random streams included: a policy that
/// makes the same choices as a built-in discipline gives the same numbers, and two
/// policies compared on the same replication see the same customers.
///
/// # Panics
///
/// As [`simulate`].
pub fn simulate_with<R: Recorder, P: Routing>(
    scenario: &Scenario,
    replication: u64,
    recorder: R,
    policy: P,
) -> R {
    let mut sim = Sim::new(scenario, replication, recorder, policy);
    sim.run();
    sim.rec
}

/// `i` as one of the model's `u32` indices (of a class, channel, cell, group, ...).
///
/// # Panics
///
/// If `i` does not fit, naming `what`.
fn index(i: usize, what: &str) -> u32 {
    u32::try_from(i)
        .ok()
        .filter(|&i| i != NONE)
        .unwrap_or_else(|| panic!("{what} index {i} exceeds the model's 32-bit indices"))
}

/// One replication in progress.
struct Sim<'s, R: Recorder, P: Routing> {
    sc: &'s Scenario,
    rec: R,
    policy: P,
    q: EventQueue<Event>,
    arrivals_rng: Stream,
    customers_rng: Stream,
    /// The arrival rate's factor per simulated day (empty: 1 every day).
    day_factors: Vec<f64>,
    /// The stretch of constant arrival rate found last.
    arrival_segment: arrivals::Segment,
    /// Replayed arrivals scheduled so far (`arrivals.trace`).
    replayed: usize,
    /// One staffing stream per group, keyed by the group's name.
    staffing_rng: Vec<Stream>,
    mentions: Vec<Mention>,
    free_slots: Vec<u32>,
    queues: Vec<CellQueue<P::Key>>,
    /// Handed-back conversations whose customer has answered and no agent holds yet.
    followups_waiting: u64,
    cells: Vec<Cell>,
    agents: Vec<Agent>,
    groups: Vec<GroupState>,
    /// The routing policy's candidates for the mention arriving now (a reused buffer).
    candidates: Vec<GroupView<'s>>,
    cascades: Vec<Cascade>,
    free_cascades: Vec<u32>,
    largest_cascade: u32,
    class_cum: Vec<f64>,
    channel_cum: Vec<f64>,
    /// Mentions (and returned conversations) that reached routing so far.
    seq: u64,
    waiting: u64,
    queue_area: f64,
    queue_last_t: f64,
    queue_at_warmup: f64,
    /// Per class: (waiting, area, last change, area at warm-up end).
    class_queue: Vec<(u64, f64, f64, f64)>,
    hour_last_t: f64,
    hour_last_queue: f64,
    /// Mentions admitted since the last hour snapshot, measured or not.
    hour_arrivals: usize,
    hour_last_groups: Vec<[f64; 2]>,
    horizon: f64,
    warmup: f64,
    /// Horizon plus the longest follow-up: the run ends here at the latest.
    end: f64,
    /// Cohort mentions without an outcome yet.
    cohort_open: u64,
    /// Cohort mentions that may still spawn children.
    cohort_spawning: u64,
    /// The measured window's integrals, taken at the horizon.
    window: Option<measure::Window>,
    /// Set when more mentions than `limits.max_in_system` were in the system: the
    /// replication stops.
    overloaded: Option<crate::record::Overload>,
}

impl<'s, R: Recorder, P: Routing> Sim<'s, R, P> {
    fn new(sc: &'s Scenario, replication: u64, rec: R, policy: P) -> Self {
        let n_ch = sc.channels.len();
        let n_cells = n_ch * sc.classes.len();
        index(n_cells, "cell");
        let mut cells = Vec::with_capacity(n_cells);
        for k in 0..sc.classes.len() {
            for c in 0..n_ch {
                let groups = sc
                    .groups
                    .iter()
                    .enumerate()
                    .filter(|(_, g)| g.channels[c] && g.classes[k])
                    .map(|(i, _)| index(i, "group"))
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
            let group = index(gi, "group");
            let first_agent = index(agents.len(), "agent");
            index(agents.len() + g.agents as usize, "agent");
            for _ in 0..g.agents {
                agents.push(Agent::new(group));
            }
            let cells_served = (0..n_cells)
                .filter(|&cell| cells[cell].groups.contains(&group))
                .map(|c| index(c, "cell"))
                .collect();
            groups.push(GroupState {
                first_agent,
                free: vec![Vec::new(); g.concurrency as usize],
                cells: cells_served,
                window_end: vec![0.0; g.shifts.len()],
                rates: g
                    .attention
                    .per_reply_rates(g.concurrency, sc.concurrency_penalty)
                    .unwrap_or_default(),
                ..GroupState::default()
            });
        }
        let seed = sc.seed;
        Sim {
            sc,
            rec,
            policy,
            q: EventQueue::new(),
            arrivals_rng: stream(seed, replication, Purpose::Arrivals),
            customers_rng: stream(seed, replication, Purpose::Customers),
            day_factors: arrivals::day_factors(sc, replication),
            arrival_segment: arrivals::Segment::EMPTY,
            replayed: 0,
            staffing_rng: sc
                .groups
                .iter()
                .map(|g| keyed_stream(seed, replication, Purpose::Staffing, &g.name))
                .collect(),
            mentions: Vec::new(),
            free_slots: Vec::new(),
            queues: (0..n_cells).map(|_| CellQueue::new()).collect(),
            followups_waiting: 0,
            cells,
            agents,
            groups,
            candidates: Vec::new(),
            cascades: Vec::new(),
            free_cascades: Vec::new(),
            largest_cascade: 0,
            class_cum: arrivals::cumulative(sc.classes.iter().map(|c| c.share)),
            channel_cum: arrivals::cumulative(sc.channels.iter().map(|c| c.share)),
            seq: 0,
            waiting: 0,
            queue_area: 0.0,
            queue_last_t: 0.0,
            queue_at_warmup: 0.0,
            class_queue: vec![(0, 0.0, 0.0, 0.0); sc.classes.len()],
            hour_last_t: 0.0,
            hour_last_queue: 0.0,
            hour_arrivals: 0,
            hour_last_groups: vec![[0.0; 2]; sc.groups.len()],
            horizon: sc.horizon_min,
            warmup: sc.warmup_min,
            end: sc.horizon_min + sc.follow_up_min,
            cohort_open: 0,
            cohort_spawning: 0,
            window: None,
            overloaded: None,
        }
    }

    fn now(&self) -> f64 {
        self.q.now().minutes()
    }

    fn run(&mut self) {
        if let Some(t) = self.next_arrival_after(0.0) {
            self.q.schedule_lane(SimTime(t), Event::Arrival);
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
            if self.overloaded.is_some() {
                // More mentions in the system than the limit: the replication stops
                // here, reported as overloaded, rather than hold an unbounded backlog.
                self.finish();
                return;
            }
        }
        self.q.advance_to(horizon);
        self.close_window();
        // The follow-up: arrivals have stopped; staffing and policy go on until every
        // mention of the cohort has its outcome and has spawned what it will, or the cap.
        let end = SimTime(self.end);
        while self.cohort_open + self.cohort_spawning > 0 {
            let Some((_, ev)) = self.q.pop_until(end) else {
                self.q.advance_to(end);
                break;
            };
            self.handle(ev);
            if self.overloaded.is_some() {
                break;
            }
        }
        self.finish();
    }

    fn handle(&mut self, ev: Event) {
        match ev {
            Event::Arrival => self.on_arrival(),
            Event::Hour => self.on_hour(),
            Event::WarmupEnd => self.on_warmup_end(),
            Event::ShiftStart { group, window } => self.on_shift_start(group, window),
            Event::ShiftEnd { group } => self.on_shift_end(group),
            Event::Patience(k) => self.on_patience(k),
            Event::MaxAge(k) => self.on_max_age(k),
            Event::ReplyDone(k, epoch) => self.on_reply_done(k, epoch),
            Event::CustomerReply(k) => self.on_customer_reply(k),
            Event::BotReply(k) => self.on_bot_reply(k),
            Event::Spawn(k) => self.on_spawn(k),
        }
    }
}

#[cfg(test)]
mod tests;
