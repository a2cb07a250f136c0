//! Routing: which waiting mention a freed agent takes next, and which free group takes an
//! arriving mention.
//!
//! A [`Routing`] policy answers both questions from small views of the state,
//! [`MentionView`] and [`GroupView`], never from the model's internals:
//!
//! - **The queue order.** When a mention joins the queue of its (class, channel) cell, the
//!   policy gives it a [`Routing::Key`]. An agent who frees a slot takes, across the cells
//!   its group serves, the waiting mention with the largest key, the one that reached
//!   routing first among equal keys. The key is fixed when the mention joins (a static
//!   priority, as in the classical priority queues of Kleinrock, *Queueing Systems*,
//!   vol. 2, ch. 3), so each cell is a binary heap and taking work costs a few comparisons.
//! - **The group.** When a mention arrives and at least one group serving its cell has an
//!   agent with a free slot, the policy picks one of those candidate groups (or none: the
//!   mention then waits for the next agent who looks for work). The model hands it to the
//!   least-loaded free agent of that group.
//!
//! The scenario's `policy.discipline` selects one of five built-in queue orders, one file
//! each under `routing/`: [`Fifo`], [`Lifo`], [`Influence`], [`Deadline`] and
//! [`ClassPriority`] (the disciplines of MODEL.md, section 3); on their own they give the
//! mention to the [`least_loaded`] candidate. `policy.group_choice` selects the choice of
//! group ([`choose`]: least loaded, first listed, fastest or cheapest, every tie broken
//! the same documented way, so no result depends on the order of the groups in the file
//! unless the choice says so). [`ScenarioRouting`] is the pair of them; that is what
//! [`simulate`](super::simulate) runs, and [`simulate_with`](super::simulate_with) runs any
//! other policy. Calls are generic, not `dyn`: a policy is compiled into the simulation
//! loop.

use std::cmp::Ordering;

use crate::scenario::{Discipline, GroupChoice, Policy};

mod deadline;
mod fifo;
mod influence;
mod lifo;
mod priority;

pub use deadline::Deadline;
pub use fifo::Fifo;
pub use influence::Influence;
pub use lifo::Lifo;
pub use priority::ClassPriority;

/// A routing policy: the order of the waiting queues and the choice of group.
///
/// Implement it to try a discipline of your own and run it with
/// [`simulate_with`](super::simulate_with); the crate docs have an example. Methods take
/// `&mut self`, so a policy may keep state (counts, a round-robin pointer; pass
/// `&mut policy` to have it back after the run). Randomness, if
/// any, must come from a generator the policy owns and seeds, so runs stay reproducible.
pub trait Routing {
    /// Priority of a waiting mention: the largest is taken first.
    type Key: Ord + Copy;

    /// The key of `mention` as it joins the queue of its cell. Called once per queued
    /// mention, in the order they join; and again for a conversation handed back at a
    /// shift's end when its customer answers, with `arrival_min` the time of the answer.
    fn queue_key(&mut self, mention: &MentionView) -> Self::Key;

    /// Which of `candidates` takes the arriving `mention`, as a position in the slice;
    /// `None` (or a position past the end) leaves the mention waiting in the queue.
    ///
    /// `candidates` are the groups that serve the mention's cell and have an available
    /// agent with a free slot, in scenario order; it is never empty. The default takes the
    /// [`least_loaded`] one.
    fn choose_group(
        &mut self,
        mention: &MentionView,
        candidates: &[GroupView<'_>],
    ) -> Option<usize> {
        let _ = mention;
        least_loaded(candidates)
    }
}

impl<T: Routing + ?Sized> Routing for &mut T {
    type Key = T::Key;

    fn queue_key(&mut self, mention: &MentionView) -> Self::Key {
        (**self).queue_key(mention)
    }

    fn choose_group(
        &mut self,
        mention: &MentionView,
        candidates: &[GroupView<'_>],
    ) -> Option<usize> {
        (**self).choose_group(mention, candidates)
    }
}

/// What a policy may know of a mention waiting for (or arriving at) the human queue.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct MentionView {
    /// Arrival time, minutes since the start of the run.
    pub arrival_min: f64,
    /// Order in which mentions reached routing in this replication: strictly increasing,
    /// so a larger value is a newer mention even when arrival times are equal.
    pub sequence: u64,
    /// Class index (into `Scenario::classes`).
    pub class: usize,
    /// Channel index (into `Scenario::channels`).
    pub channel: usize,
    /// Weight of the class for the `priority` discipline (`classes[].priority`).
    pub class_priority: i64,
    /// Visible to the author's followers.
    pub public: bool,
    /// A complaint: its class is negative, or it was spawned by virality (a "me too" or a
    /// frustrated repost).
    pub negative: bool,
    /// Spawned by virality rather than arrived on its own.
    pub spawned: bool,
    /// Follower count of the author.
    pub followers: f64,
    /// Reply time the author expects, minutes (infinite if they expect none).
    pub expectation_min: f64,
    /// Minutes the author waits before becoming frustrated (infinite if they expect no reply).
    pub patience_min: f64,
    /// Minutes the public waits for the brand's reply (`customers.public_patience`).
    pub public_patience_min: f64,
}

impl MentionView {
    /// The time at which the author's expectation breaks, minutes; for an author who
    /// expects no reply, the time the public's patience runs out.
    pub fn deadline_min(&self) -> f64 {
        let within = if self.expectation_min.is_finite() {
            self.expectation_min
        } else {
            self.public_patience_min
        };
        self.arrival_min + within
    }
}

/// What a policy may know of a group that could take an arriving mention.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct GroupView<'s> {
    /// Group index (into `Scenario::groups`).
    pub index: usize,
    /// Group name.
    pub name: &'s str,
    /// Speed multiplier of its agents.
    pub speed: f64,
    /// Probability a conversation it handles is effective.
    pub effectiveness: f64,
    /// Hourly cost of one of its agents.
    pub cost_per_h: f64,
    /// Conversations one agent holds at once.
    pub concurrency: u32,
    /// Conversations held by its least-loaded agent with a free slot (the agent who would
    /// take the mention).
    pub least_load: u32,
    /// Available agents with at least one free slot.
    pub free_agents: u32,
    /// Free conversation slots over those agents.
    pub free_slots: u32,
}

/// The candidate whose least-loaded free agent holds the fewest conversations; among
/// equals the fastest, then the cheapest, then the first in scenario order
/// (`group_choice = "least_loaded"`, the default of every built-in discipline).
pub fn least_loaded(candidates: &[GroupView<'_>]) -> Option<usize> {
    choose(GroupChoice::LeastLoaded, candidates)
}

/// The candidate `choice` picks, ties broken as [`GroupChoice`] documents (the first in
/// scenario order last of all); `None` if there is none.
pub fn choose(choice: GroupChoice, candidates: &[GroupView<'_>]) -> Option<usize> {
    let load = |g: &GroupView<'_>| g.least_load;
    // Larger speed first, lower cost first: compared as ordered floats.
    let speed = |g: &GroupView<'_>| Score(-g.speed);
    let cost = |g: &GroupView<'_>| Score(g.cost_per_h);
    let better = |a: &GroupView<'_>, b: &GroupView<'_>| -> bool {
        let order = match choice {
            GroupChoice::LeastLoaded => load(a)
                .cmp(&load(b))
                .then_with(|| speed(a).cmp(&speed(b)))
                .then_with(|| cost(a).cmp(&cost(b))),
            GroupChoice::FirstListed => Ordering::Equal,
            GroupChoice::Fastest => speed(a).cmp(&speed(b)).then_with(|| load(a).cmp(&load(b))),
            GroupChoice::Cheapest => cost(a).cmp(&cost(b)).then_with(|| load(a).cmp(&load(b))),
        };
        order == Ordering::Less
    };
    let mut best: Option<usize> = None;
    for (i, g) in candidates.iter().enumerate() {
        if best.is_none_or(|b| better(g, &candidates[b])) {
            best = Some(i);
        }
    }
    best
}

/// The scenario's routing: its `policy.discipline` orders the queues, its
/// `policy.group_choice` picks the group. This is what [`simulate`](super::simulate) runs.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioRouting {
    /// The queue order.
    pub discipline: Discipline,
    /// The choice among free groups.
    pub group_choice: GroupChoice,
}

impl ScenarioRouting {
    /// The routing of `policy`.
    pub fn of(policy: &Policy) -> Self {
        Self {
            discipline: policy.discipline,
            group_choice: policy.group_choice,
        }
    }
}

impl Routing for ScenarioRouting {
    type Key = Score;

    fn queue_key(&mut self, mention: &MentionView) -> Score {
        self.discipline.queue_key(mention)
    }

    fn choose_group(
        &mut self,
        _mention: &MentionView,
        candidates: &[GroupView<'_>],
    ) -> Option<usize> {
        choose(self.group_choice, candidates)
    }
}

/// A number as a queue key, ordered with [`f64::total_cmp`] (so infinities and NaN have a
/// place and the order is total).
#[derive(Debug, Clone, Copy)]
pub struct Score(pub f64);

impl PartialEq for Score {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Score {}
impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Score {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The scenario's discipline, dispatching to the built-in policy of the same name.
impl Routing for Discipline {
    type Key = Score;

    fn queue_key(&mut self, mention: &MentionView) -> Score {
        match self {
            Discipline::Fifo => Fifo.queue_key(mention),
            Discipline::Lifo => Lifo.queue_key(mention),
            Discipline::Influence => Influence.queue_key(mention),
            Discipline::Deadline => Deadline.queue_key(mention),
            Discipline::Priority => ClassPriority.queue_key(mention),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(sequence: u64) -> MentionView {
        MentionView {
            arrival_min: 10.0,
            sequence,
            class: 0,
            channel: 0,
            class_priority: 1,
            public: true,
            negative: false,
            spawned: false,
            followers: 100.0,
            expectation_min: 30.0,
            patience_min: 60.0,
            public_patience_min: 60.0,
        }
    }

    fn group(index: usize, least_load: u32) -> GroupView<'static> {
        GroupView {
            index,
            name: "g",
            speed: 1.0,
            effectiveness: 0.85,
            cost_per_h: 30.0,
            concurrency: 3,
            least_load,
            free_agents: 1,
            free_slots: 3 - least_load,
        }
    }

    #[test]
    fn least_loaded_takes_the_first_of_the_least_loaded() {
        assert_eq!(least_loaded(&[]), None);
        assert_eq!(
            least_loaded(&[group(0, 2), group(1, 1), group(2, 1)]),
            Some(1)
        );
        assert_eq!(least_loaded(&[group(0, 0), group(1, 0)]), Some(0));
    }

    #[test]
    fn group_choices_break_ties_by_their_documented_order_never_by_file_order_first() {
        let g = |index, least_load, speed, cost_per_h| GroupView {
            speed,
            cost_per_h,
            ..group(index, least_load)
        };
        // Equal loads: the faster group, wherever it is listed.
        let slow_first = [g(0, 1, 1.0, 30.0), g(1, 1, 1.5, 30.0)];
        let fast_first = [g(1, 1, 1.5, 30.0), g(0, 1, 1.0, 30.0)];
        assert_eq!(least_loaded(&slow_first), Some(1));
        assert_eq!(least_loaded(&fast_first), Some(0));
        // Equal loads and speeds: the cheaper.
        assert_eq!(
            least_loaded(&[g(0, 0, 1.0, 40.0), g(1, 0, 1.0, 30.0)]),
            Some(1)
        );
        // A lower load beats speed and cost.
        let mixed = [g(0, 2, 2.0, 10.0), g(1, 1, 1.0, 50.0), g(2, 0, 0.5, 90.0)];
        assert_eq!(choose(GroupChoice::LeastLoaded, &mixed), Some(2));
        assert_eq!(choose(GroupChoice::FirstListed, &mixed), Some(0));
        assert_eq!(choose(GroupChoice::Fastest, &mixed), Some(0));
        assert_eq!(choose(GroupChoice::Cheapest, &mixed), Some(0));
        let tied = [g(0, 2, 1.0, 30.0), g(1, 1, 1.0, 30.0)];
        assert_eq!(choose(GroupChoice::Fastest, &tied), Some(1));
        assert_eq!(choose(GroupChoice::Cheapest, &tied), Some(1));
        assert_eq!(choose(GroupChoice::FirstListed, &tied), Some(0));
        assert_eq!(choose(GroupChoice::Cheapest, &[]), None);
    }

    #[test]
    fn deadline_of_a_customer_expecting_no_reply_is_the_publics_patience() {
        let m = MentionView {
            expectation_min: f64::INFINITY,
            public_patience_min: 45.0,
            ..mention(1)
        };
        assert_eq!(m.deadline_min(), 55.0);
        assert_eq!(mention(1).deadline_min(), 40.0);
    }

    #[test]
    fn the_discipline_dispatches_to_its_policy() {
        let m = MentionView {
            followers: 7.0,
            class_priority: 4,
            ..mention(9)
        };
        let key = |mut d: Discipline| d.queue_key(&m).0;
        assert_eq!(key(Discipline::Fifo), 0.0);
        assert_eq!(key(Discipline::Lifo), 9.0);
        assert_eq!(key(Discipline::Influence), 7.0);
        assert_eq!(key(Discipline::Deadline), -40.0);
        assert_eq!(key(Discipline::Priority), 4.0);
    }

    #[test]
    fn scores_order_totally() {
        assert!(Score(f64::NEG_INFINITY) < Score(-1.0));
        assert!(Score(1.0) < Score(f64::INFINITY));
        assert_eq!(Score(2.0), Score(2.0));
    }
}
