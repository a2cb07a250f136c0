//! The human queues: a mention's way in (policy, bot, an agent, or the queue of its
//! (class, channel) cell), the cell queues ordered by the routing policy's keys, and the
//! queue-length integrals behind the queue KPIs. Handed-back conversations whose customer
//! has answered wait in the same queues (see [`super::conversation`]); they are no new
//! mentions, so the queue KPIs (first contact) leave them out.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use super::Sim;
use super::event::{Event, Key};
use super::mention::Phase;
use super::routing::{MentionView, Routing};
use crate::engine::SimTime;
use crate::record::{self, DropReason, Recorder};
use crate::stats::count_to_f64;

/// Entry of a cell queue: the largest `key` is served first, then the smallest `seq`.
#[derive(Debug, Clone, Copy)]
pub(super) struct QueueEntry<K> {
    pub(super) key: K,
    pub(super) seq: u64,
    pub(super) mention: Key,
}

impl<K: Ord> PartialEq for QueueEntry<K> {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl<K: Ord> Eq for QueueEntry<K> {}
impl<K: Ord> PartialOrd for QueueEntry<K> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl<K: Ord> Ord for QueueEntry<K> {
    fn cmp(&self, o: &Self) -> Ordering {
        self.key.cmp(&o.key).then_with(|| o.seq.cmp(&self.seq))
    }
}

/// The queue of one cell: the entry with the largest key, then the smallest sequence,
/// leaves first.
///
/// It starts as a deque sorted best first, which holds while every entry joins at one of
/// its ends: at the back when it is the worst (first come first served: equal keys, a
/// later sequence), at the front when it is the best (last come first served). Joining
/// and leaving are then a push and a pop. The first entry that would join in between
/// turns the queue into a binary heap, for good. Entries leave in the same order either
/// way (no two are equal).
#[derive(Debug, Clone)]
pub(super) enum CellQueue<K> {
    /// Best first.
    Sorted(VecDeque<QueueEntry<K>>),
    /// A max-heap.
    Heap(BinaryHeap<QueueEntry<K>>),
}

impl<K: Ord + Copy> CellQueue<K> {
    /// An empty queue.
    pub(super) fn new() -> Self {
        CellQueue::Sorted(VecDeque::new())
    }

    /// Adds `e`.
    pub(super) fn push(&mut self, e: QueueEntry<K>) {
        match self {
            CellQueue::Sorted(d) => {
                if d.back().is_none_or(|&last| e < last) {
                    d.push_back(e);
                } else if d.front().is_some_and(|&first| e > first) {
                    d.push_front(e);
                } else {
                    let mut heap = BinaryHeap::from(Vec::from(std::mem::take(d)));
                    heap.push(e);
                    *self = CellQueue::Heap(heap);
                }
            }
            CellQueue::Heap(h) => h.push(e),
        }
    }

    /// The entry that leaves next.
    pub(super) fn peek(&self) -> Option<&QueueEntry<K>> {
        match self {
            CellQueue::Sorted(d) => d.front(),
            CellQueue::Heap(h) => h.peek(),
        }
    }

    /// Removes the entry that leaves next.
    pub(super) fn pop(&mut self) -> Option<QueueEntry<K>> {
        match self {
            CellQueue::Sorted(d) => d.pop_front(),
            CellQueue::Heap(h) => h.pop(),
        }
    }
}

impl<R: Recorder, P: Routing> Sim<'_, R, P> {
    /// The new mention `k`, drawn into its slot, enters: policy, bot, an agent, or the
    /// queue.
    pub(super) fn admit(&mut self, k: Key) {
        let sc = self.sc;
        let now = self.now();
        let m = &self.mentions[k.idx as usize];
        let class = m.class as usize;
        let cell = m.cell as usize;
        let counted = m.counted;
        let answerable = sc.classes[class].answer;
        let bot = answerable && self.cells[cell].bot;
        let virality = sc.virality.is_some() && m.public && m.negative;
        self.hour_arrivals += 1;
        if counted {
            self.cohort_open += 1;
            let m = &self.mentions[k.idx as usize];
            self.rec.arrival(&record::Arrival {
                t_min: now,
                hour: m.hour as usize,
                class,
                channel: m.channel as usize,
                spawned: m.spawned,
                spreads: virality,
                customer: sc.classes[class].customer && !m.same_author,
                answerable,
                bot,
                expectation_min: m.expectation,
            });
        }
        if virality {
            self.schedule_spawn(k);
        }
        if !answerable {
            self.drop_mention(k, DropReason::Policy);
        } else if bot {
            self.m(k).phase = Phase::Bot;
            let delay = sc.bot.as_ref().map_or(0.0, |b| b.delay_min);
            self.q.schedule_in(delay, Event::BotReply(k));
        } else {
            self.enter_human_queue(k);
        }
    }

    /// Mention `k` reaches the humans: a free agent takes it, or it waits in its cell's
    /// queue.
    pub(super) fn enter_human_queue(&mut self, k: Key) {
        let m = &mut self.mentions[k.idx as usize];
        m.phase = Phase::Waiting;
        let (class, cell) = (m.class as usize, m.cell as usize);
        self.waiting_change(class, 1);
        self.seq += 1;
        let view = self.mentions[k.idx as usize].view(self.sc, self.seq);
        if let Some(agent) = self.free_agent_for(cell, &view) {
            self.take(agent, k);
        } else {
            self.enqueue(k, &view);
        }
    }

    /// Mention `k` waits in the queue of its cell, with the policy's key.
    fn enqueue(&mut self, k: Key, view: &MentionView) {
        let key = self.policy.queue_key(view);
        let m = &self.mentions[k.idx as usize];
        let (arrival, patience, cell) = (m.arrival, m.patience, m.cell as usize);
        self.queues[cell].push(QueueEntry {
            key,
            seq: view.sequence,
            mention: k,
        });
        // A mention that reaches the queue late (after the bot's reply) may already be
        // past its patience or its maximum age: then that happens now. Only the earlier
        // of the two is scheduled: the maximum age drops the mention, so its patience
        // no longer matters, and a patience that runs out first schedules the maximum
        // age if the mention still waits (see `on_patience`). Most mentions are taken
        // before either, and each leaves one stale event instead of two. The maximum age
        // is a fixed delay after the arrival, so its events come nearly in time order: the
        // event queue keeps them in its ordered queue, where the many that turn out stale
        // (days long) do not deepen the heap.
        let now = self.now();
        let patience_at = patience.is_finite().then(|| (arrival + patience).max(now));
        // An agent who takes the mention first cancels the event (see `take`).
        let deadline = match (patience_at, self.max_age_at(arrival)) {
            (Some(p), Some(a)) if a < p => {
                Some(self.q.schedule_ordered(SimTime(a), Event::MaxAge(k)))
            }
            (Some(p), _) => Some(self.q.schedule_timeout(SimTime(p), Event::Patience(k))),
            (None, Some(a)) => Some(self.q.schedule_ordered(SimTime(a), Event::MaxAge(k))),
            (None, None) => None,
        };
        self.m(k).deadline = deadline;
    }

    /// When a mention that arrived at `arrival` reaches the policy's maximum age (not
    /// before now), if the policy has one.
    pub(super) fn max_age_at(&self, arrival: f64) -> Option<f64> {
        let now = self.now();
        self.sc.policy.max_age_min.map(|a| (arrival + a).max(now))
    }

    /// Agent `a` has a free slot: it takes the best waiting mention it may serve, across
    /// the cells of its group, until its slots are full or nothing it serves waits. A
    /// handed-back conversation whose customer has answered waits in the same queues, as
    /// a message that arrived when the customer answered.
    pub(super) fn pull_work(&mut self, a: u32) {
        loop {
            let agent = &self.agents[a as usize];
            let g = agent.group as usize;
            if !agent.on
                || agent.active >= self.sc.groups[g].concurrency
                || self.waiting + self.followups_waiting == 0
            {
                return;
            }
            let mut best: Option<(QueueEntry<P::Key>, usize)> = None;
            for ci in 0..self.groups[g].cells.len() {
                let cell = self.groups[g].cells[ci] as usize;
                while let Some(top) = self.queues[cell].peek() {
                    let live = self
                        .get(top.mention)
                        .is_some_and(|m| matches!(m.phase, Phase::Waiting | Phase::Returned));
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
            self.take(a, entry.mention);
        }
    }

    /// Updates the queue-length integrals; `class` is the class of the mention that joins
    /// (`delta = 1`) or leaves (`delta = -1`) the queue.
    pub(super) fn waiting_change(&mut self, class: usize, delta: i64) {
        let now = self.now();
        self.queue_area += count_to_f64(self.waiting) * (now - self.queue_last_t);
        self.queue_last_t = now;
        let c = &mut self.class_queue[class];
        c.1 += count_to_f64(c.0) * (now - c.2);
        c.2 = now;
        c.0 = (c.0 as i64 + delta) as u64;
        self.waiting = (self.waiting as i64 + delta) as u64;
    }

    /// Brings every queue integral up to now.
    pub(super) fn sync_queue_integrals(&mut self) {
        for class in 0..self.class_queue.len() {
            self.waiting_change(class, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random joins and leaves with keys from `key(sequence, random)`, against a binary
    /// heap: the same entries leave in the same order; whether the queue stayed sorted.
    fn against_a_heap(key: impl Fn(u64, u64) -> i64) -> bool {
        let mut q = CellQueue::new();
        let mut reference: BinaryHeap<QueueEntry<i64>> = BinaryHeap::new();
        let mut x = 77u64;
        for seq in 0..5000u64 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r = x >> 33;
            if r.is_multiple_of(3) {
                assert_eq!(q.pop().map(|e| e.seq), reference.pop().map(|e| e.seq));
            } else {
                let e = QueueEntry {
                    key: key(seq, r),
                    seq,
                    mention: crate::model::event::Key {
                        idx: seq as u32,
                        generation: 0,
                    },
                };
                q.push(e);
                reference.push(e);
            }
            assert_eq!(q.peek().map(|e| e.seq), reference.peek().map(|e| e.seq));
        }
        while let Some(e) = reference.pop() {
            assert_eq!(q.pop().map(|e| e.seq), Some(e.seq));
        }
        assert!(q.pop().is_none());
        matches!(q, CellQueue::Sorted(_))
    }

    #[test]
    fn a_cell_queue_leaves_in_the_order_of_a_heap_whatever_the_keys() {
        assert!(
            against_a_heap(|_, _| 0),
            "first come first served stays sorted"
        );
        assert!(
            against_a_heap(|seq, _| seq as i64),
            "last come first served too"
        );
        assert!(
            !against_a_heap(|_, r| (r % 5) as i64),
            "priorities become a heap"
        );
        assert!(!against_a_heap(|_, r| r as i64));
    }
}
