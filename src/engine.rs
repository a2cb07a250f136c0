//! The event kernel: a clock and a queue of timed events, nothing else.
//!
//! Modelled on SimPy's `Environment` (a clock plus a heap of `(time, seq, event)`) and the
//! priority queues of nexosim and dslab-core: events at the same instant leave in the order
//! they were scheduled, so a run is a pure function of its inputs. The kernel knows nothing
//! of mentions or agents; the model defines its own event type and drives the loop.

use std::collections::VecDeque;

mod heap;

use heap::{ARITY, PAD, heapify, remove_tracked, sift_up, sift_up_tracked, smallest_of_four};

/// A point on the simulated clock, in minutes since the start of the run.
///
/// Times compare with [`f64::total_cmp`], so the order is total and deterministic.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct SimTime(pub f64);

impl SimTime {
    /// The start of every run.
    pub const ZERO: SimTime = SimTime(0.0);

    /// Minutes since the start of the run.
    pub fn minutes(self) -> f64 {
        self.0
    }
}

/// The order of a pending event: the IEEE bits of its time (`>= 0`, so they order like
/// the times) in the high 64 bits, its scheduling sequence number in the next 32, and the
/// slot of the slab that holds the event in the low 32. Comparing two entries is one
/// 128-bit integer comparison, and the heap moves 16 bytes, whatever the event type.
type Order = u128;

/// Bits of the slot in an [`Order`].
const SLOT_BITS: u32 = 32;
/// Bits of the sequence number in an [`Order`].
const SEQ_BITS: u32 = 32;

/// A future-event list with a clock.
///
/// `pop` advances the clock to the earliest pending event. Ties are broken by insertion
/// order. Scheduling into the past is a bug in the caller and panics in debug builds.
///
/// The heap is a 4-ary min-heap of `u128` order keys (time bits, then sequence, then
/// slot); the events wait in a slab whose slots are reused. Besides the heap there are two
/// places an event can wait, both compared with the heap's top at each pop, so that every
/// event leaves in the same order as if it were in the heap:
/// - the *lane*: a single event that would otherwise enter and leave the heap over and
///   over (the next arrival of a Poisson stream);
/// - the *ordered queue*: events scheduled in (nearly) increasing time order, such as a
///   fixed delay after each arrival, kept sorted in a deque (an insertion in order is a
///   push at the back). Long-lived events that mostly turn out stale (a deadline the
///   mention never reaches) then do not deepen the heap;
/// - the *timeouts*: events that are usually cancelled before they are due (a patience
///   that a reply beats), in a min-heap of their own that knows where each one is, so
///   that cancelling one removes it at once. The timeouts heap holds only live events,
///   and the main heap none of these soon-stale ones.
#[derive(Debug)]
pub struct EventQueue<E> {
    now: f64,
    /// Sequence number of the next event scheduled (below `2^SEQ_BITS`; renumbered when
    /// it would overflow).
    seq: u64,
    /// The heap's orders, followed by [`PAD`] entries of [`NONE`]: every node with a
    /// child has four to compare, whatever the heap's size.
    heap: Vec<Order>,
    slab: Vec<Slot<E>>,
    free: Vec<u32>,
    /// Cancelled events whose orders still wait in the heap or the ordered queue.
    cancelled: usize,
    /// The lane's event and its order (its slot bits unused).
    lane: Option<(Order, E)>,
    /// The ordered queue: orders ascending, their events in the slab.
    ordered: VecDeque<Order>,
    /// The timeouts: a 4-ary min-heap of orders whose slots know their position in it
    /// ([`Slot::timeout`]).
    timeouts: Vec<Order>,
    /// The earliest of the lane's order, the ordered queue's first and the timeouts' first
    /// ([`NONE`] when all are empty): one comparison with the heap's top tells where the
    /// next event is.
    side: Order,
}

/// A place of the slab: the event waiting there (`None` when free or cancelled) and a
/// count of the events it has held, so that a [`Ticket`] of an earlier one is recognised.
#[derive(Debug)]
struct Slot<E> {
    generation: u32,
    /// Position of the event's order in the timeouts heap, or [`NONE_POS`] when the event
    /// is not a timeout.
    timeout: u32,
    event: Option<E>,
}

/// The [`Slot::timeout`] of an event that is not in the timeouts heap.
const NONE_POS: u32 = u32::MAX;

/// A scheduled event, to [`cancel`](EventQueue::cancel) it: its slot of the slab and the
/// slot's generation when it was scheduled. A ticket of an event that has left the queue
/// (popped or cancelled) cancels nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket {
    slot: u32,
    generation: u32,
}

/// Fewest cancelled events that make the queue drop them all at once (see
/// [`EventQueue::cancel`]).
const COMPACT_MIN: usize = 32;

/// No order is `u128::MAX`: its time bits would be a NaN, and times never are. It stands
/// for an empty place.
const NONE: Order = u128::MAX;

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventQueue<E> {
    /// An empty queue with the clock at zero.
    pub fn new() -> Self {
        Self {
            now: 0.0,
            seq: 0,
            heap: vec![NONE; PAD],
            slab: Vec::new(),
            free: Vec::new(),
            cancelled: 0,
            lane: None,
            ordered: VecDeque::new(),
            timeouts: Vec::new(),
            side: NONE,
        }
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        SimTime(self.now)
    }

    /// Number of pending events (cancelled ones not counted).
    pub fn len(&self) -> usize {
        self.heap_len()
            + usize::from(self.lane.is_some())
            + self.ordered.len()
            + self.timeouts.len()
            - self.cancelled
    }

    /// Number of orders in the heap (cancelled ones included).
    #[inline]
    fn heap_len(&self) -> usize {
        self.heap.len() - PAD
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The order of an event at `at` scheduled now, in slot `slot`.
    fn order(&mut self, at: SimTime, slot: u32) -> Order {
        debug_assert!(
            at.0 >= self.now && !at.0.is_nan(),
            "event scheduled into the past: {} < {}",
            at.0,
            self.now
        );
        if self.seq >= 1 << SEQ_BITS {
            self.renumber();
        }
        let seq = self.seq;
        self.seq += 1;
        // Never before now (a bug caught above in debug builds), so the bits order like
        // the times; `max` also turns -0.0 and NaN into the clock.
        let time = at.0.max(self.now).to_bits();
        (u128::from(time) << (SEQ_BITS + SLOT_BITS))
            | (u128::from(seq) << SLOT_BITS)
            | u128::from(slot)
    }

    /// Gives the pending events new sequence numbers `0, 1, ...` in their order, so that
    /// the next ones fit (after `2^32` events scheduled: rare, and order-preserving).
    #[cold]
    fn renumber(&mut self) {
        self.compact();
        /// Where a pending event waits.
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        enum Place {
            Heap,
            Lane,
            Ordered,
            Timeout,
        }
        let heap = &self.heap[..self.heap_len()];
        let mut all: Vec<(Order, Place)> = heap.iter().map(|&o| (o, Place::Heap)).collect();
        all.extend(self.lane.as_ref().map(|(o, _)| (*o, Place::Lane)));
        all.extend(self.ordered.iter().map(|&o| (o, Place::Ordered)));
        all.extend(self.timeouts.iter().map(|&o| (o, Place::Timeout)));
        all.sort_unstable();
        let keep = !0u128 << (SEQ_BITS + SLOT_BITS) | ((1u128 << SLOT_BITS) - 1);
        self.heap.clear();
        self.ordered.clear();
        self.timeouts.clear();
        for (seq, (o, place)) in all.into_iter().enumerate() {
            let o = (o & keep) | ((seq as u128) << SLOT_BITS);
            match (&mut self.lane, place) {
                (Some((lo, _)), Place::Lane) => *lo = o,
                (_, Place::Ordered) => self.ordered.push_back(o),
                (_, Place::Timeout) => {
                    self.slab[slot_of(o)].timeout = self.timeouts.len() as u32;
                    self.timeouts.push(o);
                }
                _ => self.heap.push(o),
            }
        }
        self.heap.extend([NONE; PAD]);
        // All sorted ascending: the heaps are already min-heaps.
        self.seq = self.len() as u64;
        self.update_side();
    }

    /// Schedules `event` at absolute time `at`; the ticket cancels it.
    pub fn schedule(&mut self, at: SimTime, event: E) -> Ticket {
        let ticket = self.store(event);
        let order = self.order(at, ticket.slot);
        self.push(order);
        ticket
    }

    /// Cancels the event of `ticket` if it is still pending; whether it was.
    ///
    /// A timeout ([`schedule_timeout`](Self::schedule_timeout)) leaves the queue at once.
    /// Any other event never leaves the queue. Its order stays where it is until it comes to
    /// the top (then it is skipped) or until the cancelled events make up half of those
    /// in the heap and the ordered queue: then all of them are dropped at once and the
    /// heap is rebuilt, so that events which mostly turn out stale (a patience that a
    /// reply beats) do not deepen it. The order of the other events is unchanged.
    pub fn cancel(&mut self, ticket: Ticket) -> bool {
        let Some(slot) = self.slab.get_mut(ticket.slot as usize) else {
            return false;
        };
        if slot.generation != ticket.generation || slot.event.is_none() {
            return false;
        }
        slot.event = None;
        if slot.timeout != NONE_POS {
            // A timeout leaves its heap now, and its slot is free.
            let pos = slot.timeout as usize;
            slot.timeout = NONE_POS;
            slot.generation = slot.generation.wrapping_add(1);
            self.free.push(ticket.slot);
            remove_tracked(&mut self.timeouts, &mut self.slab, pos);
            if pos == 0 {
                self.update_side();
            }
            return true;
        }
        self.cancelled += 1;
        if self.cancelled >= COMPACT_MIN
            && 2 * self.cancelled > self.heap_len() + self.ordered.len()
        {
            self.compact();
        }
        true
    }

    /// Drops the orders of the cancelled events from the heap and the ordered queue,
    /// frees their slots and rebuilds the heap.
    #[cold]
    fn compact(&mut self) {
        if self.cancelled == 0 {
            return;
        }
        let (slab, free) = (&mut self.slab, &mut self.free);
        let mut live = |&o: &Order| {
            let i = o as u32;
            let slot = &mut slab[i as usize];
            if slot.event.is_none() {
                slot.generation = slot.generation.wrapping_add(1);
                free.push(i);
            }
            slot.event.is_some()
        };
        self.heap.truncate(self.heap.len() - PAD);
        self.heap.retain(&mut live);
        self.ordered.retain(&mut live);
        self.cancelled = 0;
        heapify(&mut self.heap);
        self.heap.extend([NONE; PAD]);
        self.update_side();
    }

    /// Schedules `event` at `at` in the ordered queue (see [`EventQueue`]): it leaves in
    /// the same order as one given to [`schedule`](Self::schedule). Meant for events
    /// scheduled in increasing time order, whose insertion is then a push at the back; one
    /// out of order is inserted where it belongs (a binary search and a shift).
    pub fn schedule_ordered(&mut self, at: SimTime, event: E) -> Ticket {
        let ticket = self.store(event);
        let order = self.order(at, ticket.slot);
        match self.ordered.back() {
            Some(&last) if last > order => {
                let pos = self.ordered.partition_point(|&o| o < order);
                self.ordered.insert(pos, order);
            }
            _ => self.ordered.push_back(order),
        }
        self.side = self.side.min(order);
        ticket
    }

    /// Schedules `event` at `at` as a timeout (see [`EventQueue`]): an event that is
    /// usually cancelled before it is due. It leaves in the same order as one given to
    /// [`schedule`](Self::schedule); [`cancel`](Self::cancel) removes it from the queue at
    /// once instead of leaving a stale entry behind.
    pub fn schedule_timeout(&mut self, at: SimTime, event: E) -> Ticket {
        let ticket = self.store(event);
        let order = self.order(at, ticket.slot);
        let pos = self.timeouts.len();
        self.timeouts.push(order);
        sift_up_tracked(&mut self.timeouts, &mut self.slab, pos, order);
        self.side = self.side.min(order);
        ticket
    }

    /// Sets [`side`](Self::side) after the lane, the ordered queue or the timeouts changed.
    #[inline]
    fn update_side(&mut self) {
        let lane = self.lane.as_ref().map_or(NONE, |(o, _)| *o);
        let ordered = self.ordered.front().copied().unwrap_or(NONE);
        let timeout = self.timeouts.first().copied().unwrap_or(NONE);
        self.side = lane.min(ordered).min(timeout);
    }

    /// Puts `event` in a free slot of the slab (or a new one) and returns its ticket.
    #[inline]
    fn store(&mut self, event: E) -> Ticket {
        match self.free.pop() {
            Some(slot) => {
                let s = &mut self.slab[slot as usize];
                s.event = Some(event);
                Ticket {
                    slot,
                    generation: s.generation,
                }
            }
            None => {
                let slot = u32::try_from(self.slab.len())
                    .unwrap_or_else(|_| panic!("more than 2^32 pending events"));
                self.slab.push(Slot {
                    generation: 0,
                    timeout: NONE_POS,
                    event: Some(event),
                });
                Ticket {
                    slot,
                    generation: 0,
                }
            }
        }
    }

    /// Schedules `event` at `at` in the lane (see [`EventQueue`]): it leaves in the same
    /// order as one given to [`schedule`](Self::schedule). At most one event waits in the
    /// lane: schedule the next only once the last has been popped.
    pub fn schedule_lane(&mut self, at: SimTime, event: E) {
        debug_assert!(self.lane.is_none(), "the lane holds one event at a time");
        let order = self.order(at, 0);
        self.lane = Some((order, event));
        self.side = self.side.min(order);
    }

    /// Schedules `event` after `delay_min` minutes from now; the ticket cancels it.
    pub fn schedule_in(&mut self, delay_min: f64, event: E) -> Ticket {
        self.schedule(SimTime(self.now + delay_min), event)
    }

    /// Removes the earliest event if it is due no later than `until`, advancing the clock
    /// to its time. Returns `None` (and leaves the event) when the next one is later.
    /// Cancelled events are skipped.
    #[inline]
    pub fn pop_until(&mut self, until: SimTime) -> Option<(SimTime, E)> {
        loop {
            let top = self.heap[0];
            let from_heap = top < self.side;
            let order = if from_heap { top } else { self.side };
            if order == NONE {
                return None;
            }
            let time = f64::from_bits((order >> (SEQ_BITS + SLOT_BITS)) as u64);
            if time > until.0 {
                return None;
            }
            if from_heap {
                self.pop_heap();
            } else if self.lane.as_ref().is_some_and(|(o, _)| *o == order) {
                let (_, event) = self.lane.take()?;
                self.update_side();
                self.now = time;
                return Some((SimTime(time), event));
            } else if self.ordered.front() == Some(&order) {
                self.ordered.pop_front();
                self.update_side();
            } else {
                remove_tracked(&mut self.timeouts, &mut self.slab, 0);
                self.slab[slot_of(order)].timeout = NONE_POS;
                self.update_side();
            }
            let i = order as u32;
            self.free.push(i);
            let slot = self.slab.get_mut(i as usize)?;
            slot.generation = slot.generation.wrapping_add(1);
            match slot.event.take() {
                Some(event) => {
                    self.now = time;
                    return Some((SimTime(time), event));
                }
                None => self.cancelled -= 1,
            }
        }
    }

    /// Moves the clock forward to `t` without an event (e.g. to the end of the horizon).
    pub fn advance_to(&mut self, t: SimTime) {
        debug_assert!(t.0 >= self.now);
        self.now = self.now.max(t.0);
    }

    /// Adds `order` to the heap (sift up).
    #[inline]
    fn push(&mut self, order: Order) {
        let pos = self.heap_len();
        self.heap.push(NONE);
        sift_up(&mut self.heap, pos, order);
    }

    /// Removes the heap's top: the hole walks down to a leaf along the smallest children
    /// (a branch-free choice among four per level: the padding stands in for missing
    /// children, so the walk's length depends on the heap's size only, not on the path),
    /// then the last entry sifts up from there, as in the standard library's
    /// `BinaryHeap::pop`.
    #[inline]
    fn pop_heap(&mut self) {
        let Some(len) = self.heap_len().checked_sub(1) else {
            return;
        };
        let h = &mut self.heap;
        let last = std::mem::replace(&mut h[len], NONE);
        h.pop();
        if len == 0 {
            return;
        }
        let mut pos = 0;
        loop {
            let first = ARITY * pos + 1;
            if first >= len {
                break;
            }
            let best = smallest_of_four(h, first);
            h[pos] = h[best];
            pos = best;
        }
        sift_up(h, pos, last);
    }
}

/// The slot of the slab that holds the event of `order`.
#[inline]
fn slot_of(order: Order) -> usize {
    order as u32 as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_then_insertion_order() {
        let mut q = EventQueue::new();
        q.schedule(SimTime(5.0), "c");
        q.schedule(SimTime(1.0), "a");
        q.schedule(SimTime(5.0), "d");
        q.schedule(SimTime(1.0), "b");
        let mut out = Vec::new();
        while let Some((t, e)) = q.pop_until(SimTime(f64::INFINITY)) {
            out.push((t.minutes(), e));
        }
        assert_eq!(out, vec![(1.0, "a"), (1.0, "b"), (5.0, "c"), (5.0, "d")]);
    }

    #[test]
    fn pop_until_respects_the_limit_and_advances_the_clock() {
        let mut q = EventQueue::new();
        q.schedule_in(10.0, 1);
        q.schedule_in(20.0, 2);
        assert_eq!(q.pop_until(SimTime(15.0)).map(|(_, e)| e), Some(1));
        assert_eq!(q.now(), SimTime(10.0));
        assert!(q.pop_until(SimTime(15.0)).is_none());
        assert_eq!(q.len(), 1);
        q.schedule_in(1.0, 3);
        assert_eq!(
            q.pop_until(SimTime(30.0)).map(|(t, e)| (t.0, e)),
            Some((11.0, 3))
        );
    }

    #[test]
    fn the_lane_leaves_in_the_order_it_would_have_in_the_heap() {
        let mut q = EventQueue::new();
        q.schedule(SimTime(5.0), "b");
        q.schedule_lane(SimTime(5.0), "c");
        q.schedule(SimTime(5.0), "d");
        q.schedule(SimTime(1.0), "a");
        assert_eq!(q.len(), 4);
        let mut out = Vec::new();
        while let Some((_, e)) = q.pop_until(SimTime(f64::INFINITY)) {
            out.push(e);
            if e == "c" {
                q.schedule_lane(SimTime(7.0), "f");
                q.schedule(SimTime(6.0), "e");
            }
        }
        assert_eq!(out, vec!["a", "b", "c", "d", "e", "f"]);
        assert!(q.is_empty());
    }

    #[test]
    fn many_events_come_out_sorted_and_the_slots_are_reused() {
        let mut q = EventQueue::new();
        let mut x = 12345u64;
        let mut pending: Vec<(f64, u32)> = Vec::new();
        for i in 0..2000u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let t = q.now().0 + ((x >> 33) % 1000) as f64;
            q.schedule(SimTime(t), i);
            pending.push((t, i));
            if i % 3 == 0 {
                // Pop one now and then: the slab reuses the freed slots.
                let (t, e) = q.pop_until(SimTime(f64::INFINITY)).expect("pending");
                let min = pending
                    .iter()
                    .copied()
                    .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                    .expect("pending");
                assert_eq!((t.0, e), min);
                pending.retain(|&p| p != min);
            }
        }
        assert_eq!(q.len(), pending.len());
        assert!(q.slab.len() <= pending.len() + 1, "slots reused");
        pending.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut out = Vec::new();
        while let Some((t, e)) = q.pop_until(SimTime(f64::INFINITY)) {
            out.push((t.0, e));
        }
        assert_eq!(out, pending);
    }

    #[test]
    fn the_ordered_queue_leaves_in_the_order_it_would_have_in_the_heap() {
        // The same random schedule twice: once all in the heap, once with the deadlines
        // (a fixed delay after "now", sometimes out of order, ties included) in the
        // ordered queue. Both pop the same events in the same order.
        let run = |ordered: bool| {
            let mut q = EventQueue::new();
            let mut x = 987654321u64;
            let mut out = Vec::new();
            let mut next = 0u32;
            for step in 0..3000u32 {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let r = x >> 33;
                let now = q.now().0;
                match r % 4 {
                    0 | 1 => {
                        q.schedule(SimTime(now + (r % 97) as f64), next);
                    }
                    2 => {
                        // A deadline: mostly in order, one in eight earlier than the last.
                        let at = now + if r % 8 == 2 { (r % 50) as f64 } else { 60.0 };
                        if ordered {
                            q.schedule_ordered(SimTime(at), next);
                        } else {
                            q.schedule(SimTime(at), next);
                        }
                    }
                    _ => {
                        if let Some((t, e)) = q.pop_until(SimTime(f64::INFINITY)) {
                            out.push((t.0, e));
                        }
                        continue;
                    }
                }
                next += 1;
                if step % 500 == 0 {
                    q.seq = (1 << SEQ_BITS) - 1; // renumber on the next schedule
                }
            }
            assert_eq!(q.len() + out.len(), next as usize);
            while let Some((t, e)) = q.pop_until(SimTime(f64::INFINITY)) {
                out.push((t.0, e));
            }
            assert!(q.is_empty());
            out
        };
        let heap_only = run(false);
        assert_eq!(heap_only.len(), run(true).len());
        assert_eq!(run(true), heap_only);
        assert!(heap_only.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    #[test]
    fn cancelled_events_never_leave_and_the_others_keep_their_order() {
        // Random schedules in the heap, the ordered queue and the timeouts, cancellations of pending
        // events (enough to compact the queue many times), of popped ones and twice of the
        // same, against a plain list of what is pending.
        let mut q = EventQueue::new();
        let mut x = 424242u64;
        let mut next = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            x >> 33
        };
        // (time, number, ticket) of the pending events, and tickets of gone ones.
        let mut pending: Vec<(f64, u32, Ticket)> = Vec::new();
        let mut gone: Vec<Ticket> = Vec::new();
        let (mut compacted, mut n, mut most, mut timeouts_most) = (0, 0u32, 0, 0);
        for step in 0..20_000u32 {
            let r = next();
            let now = q.now().0;
            // Phases of mostly scheduling and of mostly cancelling.
            let op = match r % 12 {
                2..=4 if (step / 1000) % 2 == 1 => 6,
                op => op,
            };
            match op {
                0..=3 => {
                    let at = now + (r % 89) as f64;
                    pending.push((at, n, q.schedule(SimTime(at), n)));
                    n += 1;
                }
                4 => {
                    let at = now + 50.0 + (r % 3) as f64;
                    pending.push((at, n, q.schedule_ordered(SimTime(at), n)));
                    n += 1;
                }
                10 | 11 => {
                    let at = now + (r % 97) as f64;
                    pending.push((at, n, q.schedule_timeout(SimTime(at), n)));
                    n += 1;
                }
                5..=7 if !pending.is_empty() => {
                    let (_, _, t) = pending.swap_remove(next() as usize % pending.len());
                    let before = q.heap_len() + q.ordered.len();
                    assert!(q.cancel(t), "a pending event is cancelled");
                    assert!(!q.cancel(t), "only once");
                    compacted += usize::from(q.heap_len() + q.ordered.len() < before);
                    gone.push(t);
                }
                8 if !gone.is_empty() => {
                    // A ticket of an event that has left cancels nothing, even when its
                    // slot holds another event now.
                    let t = gone[next() as usize % gone.len()];
                    assert!(!q.cancel(t));
                }
                _ => {
                    let got = q.pop_until(SimTime(f64::INFINITY));
                    let first = pending
                        .iter()
                        .enumerate()
                        .min_by(|a, b| a.1.0.total_cmp(&b.1.0).then(a.1.1.cmp(&b.1.1)))
                        .map(|(i, _)| i);
                    let want = first.map(|i| pending.swap_remove(i));
                    assert_eq!(got.map(|(t, e)| (t.0, e)), want.map(|w| (w.0, w.1)));
                    gone.extend(want.map(|w| w.2));
                }
            }
            assert_eq!(q.len(), pending.len(), "step {step}");
            // The heap is a min-heap followed by its padding.
            let n_heap = q.heap_len();
            assert!(q.heap[n_heap..].iter().all(|&o| o == NONE), "step {step}");
            assert!(
                (1..n_heap).all(|i| q.heap[(i - 1) / ARITY] < q.heap[i]),
                "step {step}"
            );
            // The timeouts are a min-heap whose slots know where their orders are.
            for (i, &o) in q.timeouts.iter().enumerate() {
                assert_eq!(q.slab[slot_of(o)].timeout, i as u32, "step {step}");
                assert!(i == 0 || q.timeouts[(i - 1) / ARITY] < o, "step {step}");
            }
            timeouts_most = timeouts_most.max(q.timeouts.len());
            most = most.max(pending.len());
            if step % 5000 == 0 {
                q.seq = (1 << SEQ_BITS) - 1; // renumber (and compact) on the next schedule
            }
        }
        assert!(compacted > 10, "compacted {compacted} times");
        assert!(
            timeouts_most > 20,
            "at most {timeouts_most} timeouts pending"
        );
        pending.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut out = Vec::new();
        while let Some((t, e)) = q.pop_until(SimTime(f64::INFINITY)) {
            out.push((t.0, e));
        }
        let want: Vec<(f64, u32)> = pending.iter().map(|p| (p.0, p.1)).collect();
        assert_eq!(out, want);
        assert!(q.is_empty());
        // At most as many cancelled events as pending ones hold a slot.
        assert!(
            q.slab.len() <= 2 * most + COMPACT_MIN,
            "{} slots",
            q.slab.len()
        );
    }

    #[test]
    fn sequence_numbers_are_renumbered_before_they_overflow() {
        let mut q = EventQueue::new();
        q.seq = (1 << SEQ_BITS) - 2;
        q.schedule(SimTime(3.0), "x");
        q.schedule(SimTime(2.0), "y");
        // These two overflow the 32 bits: the pending ones are renumbered first.
        q.schedule_lane(SimTime(3.0), "z");
        q.schedule(SimTime(2.0), "w");
        assert!(q.seq < 10);
        q.schedule_ordered(SimTime(2.0), "v");
        let t = q.schedule_timeout(SimTime(2.5), "t");
        q.schedule_timeout(SimTime(1.0), "s");
        q.seq = 1 << SEQ_BITS;
        q.schedule_ordered(SimTime(3.0), "u");
        assert!(q.seq < 10);
        // The renumbered timeouts still know where they are.
        assert!(q.cancel(t));
        let mut out = Vec::new();
        while let Some((_, e)) = q.pop_until(SimTime(f64::INFINITY)) {
            out.push(e);
        }
        assert_eq!(out, vec!["s", "y", "w", "v", "x", "z", "u"]);
    }

    #[test]
    #[should_panic(expected = "into the past")]
    #[cfg(debug_assertions)]
    fn scheduling_into_the_past_is_a_bug() {
        let mut q = EventQueue::new();
        q.schedule_in(10.0, ());
        let _ = q.pop_until(SimTime(100.0));
        q.schedule(SimTime(5.0), ());
    }
}
